"""How Korean plans write a goal around a figure: the words (``data/goals.toml``) and the arrow and
bracket grammar.

- an arrow joins a starting value to the value to reach: ``72 → 95%``, ``1.2GW → ’30년 3.6GW``,
  ``’25년 10개 → ’26년 25개``, ``(’24) 30% → (’30) 80%``, ``현재 3개 → 6개``;
- a bracket after a goal holds its value and deadline: ``(’28, 25% 이상)``, ``(~’30)``;
- a label opens a goal sentence: ``(중장기 목표) ①…``, ``목표: …``.
"""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from types import SimpleNamespace

from pipeline.resources import DATA

GOALS = DATA / "goals.toml"

#: An arrow from a starting value to the value to reach.
ARROW = re.compile(r"\s*(?:→|⇒|⇨|➡|➝|➜|⟶|->)\s*")
#: What may stand between a starting value and its arrow, or an arrow and the value it points at:
#: a year (’26년, (’30), ‘27년 이후), '현재', '목표', closing or opening brackets and dots.
_ARROW_FILL = r"(?:[\s().,·（）~∼～]|[‘’'`]\d{2}(?:년)?(?:\s*이후|\s*말)?|20\d{2}(?:년)?|현재|목표|현행|상향)*"
_ARROW_BETWEEN = re.compile(rf"^{_ARROW_FILL}(?:→|⇒|⇨|➡|➝|➜|⟶|->){_ARROW_FILL}$")
#: A bare number right before an arrow ('72 → 95%', '80→150TB'): the unit is the target's.
_BARE_BEFORE_ARROW = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(?:→|⇒|⇨|➡|➝|➜|⟶|->)\s*$")
_OPENERS, _CLOSERS = "(（[［<〈", ")）]］>〉"
_BULLETS = "◇◆□■○●ㅇ▸▶▷►-–•·※*◈❍⦁￭▪ "


@lru_cache(maxsize=1)
def words() -> SimpleNamespace:
    """The goal words of ``data/goals.toml``, each list a tuple, longest first."""
    with GOALS.open("rb") as f:
        data = tomllib.load(f)

    def longest_first(items):
        return tuple(sorted(items, key=len, reverse=True))

    return SimpleNamespace(
        goal=longest_first(data["predicates"]["goal"]), other=longest_first(data["predicates"]["other"]),
        money_goal=frozenset(data["predicates"]["money_goal"]), budget=tuple(data["predicates"]["budget"]),
        counted=longest_first(data["counted"]["nouns"]), counted_units=frozenset(data["counted"]["units"]),
        labels=longest_first(data["labels"]["goal"]), status=longest_first(data["labels"]["status"]),
        current=tuple(data["before"]["current"]), past=tuple(data["past"]["endings"]),
        tentative=tuple(data["tentative"]["endings"]))


def joined_by_arrow(between: str) -> bool:
    """Whether the text between two figures is only an arrow (with years, '현재' and brackets)."""
    return bool(_ARROW_BETWEEN.match(between))


def bare_baseline(before: str) -> float | int | None:
    """The number written bare right before an arrow that ends ``before`` ('72 → ' gives 72)."""
    m = _BARE_BEFORE_ARROW.search(before)
    if not m:
        return None
    number = m.group(1).replace(",", "")
    return float(number) if "." in number else int(number)


def points_on(after: str) -> bool:
    """Whether an arrow follows a figure ('10개 → …', '58억불) → …'): it is a starting value."""
    return bool(re.match(r"^[\s)）]*(?:→|⇒|⇨|➡|➝|➜|⟶|->)", after))


def goal_label(text: str) -> bool:
    """Whether a sentence or bullet opens with a goal label: '(중장기 목표) …', '◇ 목표: …'."""
    head = text.lstrip(_BULLETS)[:24]
    for label in words().labels:
        pattern = rf"^[(（<\[［〈]\s*{re.escape(label)}\s*[)）>\]］〉]|^{re.escape(label)}\s*[:：]"
        if re.match(pattern, head):
            return True
    return False


def status_label(text: str) -> bool:
    """Whether a sentence opens with a label of status, record or programme terms ('(현황) …',
    '(투자 실적) …', '(지원규모) …'): its figures describe, they set no goal."""
    head = text.lstrip(_BULLETS)[:24]
    m = (re.match(r"^[(（<\[［〈]\s*([^()（）\[\]<>]{1,12}?)\s*[)）>\]］〉]", head)
         or re.match(r"^([^()（）:：]{1,12}?)\s*[:：]", head))
    if not m or any(m.group(1).replace(" ", "").endswith(label.replace(" ", "")) for label in words().labels):
        return False
    label = m.group(1).replace(" ", "")
    return any(label.endswith(word.replace(" ", "")) for word in words().status)


def tentative(text: str) -> bool:
    """Whether a sentence ends weighing options ('… 조성 검토'): it sets no goal yet."""
    return text.rstrip(" .。)）").endswith(words().tentative)


#: A year written without its century: '(20년)', '(21년말)', '19년 하반기' (the figure reader takes
#: '20년' for a duration of twenty years).
_SHORT_YEAR = re.compile(r"^\s*(?:말|초|上|下|상반기|하반기|중)|^\s*[)）]")


def short_year(text: str, start: int, end: int, value) -> int | None:
    """The year a two-digit '년' figure at ``[start, end)`` names when it is a year ('(20년말) …'),
    else None."""
    if not isinstance(value, int) or not 10 <= value <= 99:
        return None
    opened = text[:start].rstrip().endswith(("(", "（"))
    after = text[end:end + 4]
    if _SHORT_YEAR.match(after) and (opened or not after.lstrip().startswith((")", "）"))):
        return 2000 + value
    return None


def current_before(before: str) -> bool:
    """Whether '현재', '현행' … stands right before a figure: it is today's value, not a goal."""
    tail = before.rstrip(" :：(（")
    return tail.endswith(words().current)


def open_start(before: str) -> bool:
    """Whether a year with '~' ends ``before`` ('’27년~ 4개'): the '~' opens the year's period; the
    figure after it is no upper bound."""
    return bool(re.search(r"[‘’'`]?\d{2,4}\s*년?\s*(?:이후)?\s*[~∼～]\s*$", before))


def arrow_before(before: str) -> bool:
    """Whether an arrow ends ``before`` (with brackets and spaces): what follows is a value to reach."""
    return bool(re.search(r"(?:→|⇒|⇨|➡|➝|➜|⟶|->)[\s(（]*$", before))


def goal_heading(text: str) -> bool:
    """Whether a heading names the plan's goals ('Ⅱ. 목표', '성과지표', '추진목표(~’30년)')."""
    bare = re.sub(r"[\s\d.ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ()（）<>〈〉\[\]［］·-]", "", text)
    bare = re.sub(r"[‘’'`~]", "", bare).replace("년", "")
    return any(bare == label.replace(" ", "") for label in words().labels)


def bracket_of(text: str, at: int) -> tuple[int, int] | None:
    """The innermost bracket ``(…)`` holding offset ``at`` of ``text``: its (open, close) offsets,
    the close being the text's end when the bracket is left open."""
    opens = []
    for i, ch in enumerate(text):
        if ch in _OPENERS:
            opens.append(i)
        elif ch in _CLOSERS and opens:
            start = opens.pop()
            if start < at < i:
                return start, i
    return next(((start, len(text)) for start in reversed(opens) if start < at), None)


def counted_noun(after: str) -> bool:
    """Whether the words after a count make it a list's size ('개 지표', '개 분야에')."""
    head = after.lstrip(" *")
    return any(head.startswith(noun) for noun in words().counted)


def budget_before(before: str, figure_text: str = "") -> bool:
    """Whether a budget word stands right before an amount ('예산 30억원', '국비 100억원'), or the
    amount is a total ('총 3,700억원 규모': a programme's size, not a level to reach)."""
    tail = before.rstrip(" :：(（")[-8:]
    return figure_text.startswith("총") or tail.endswith("총") or any(word in tail for word in words().budget)


def in_past(after_predicate: str) -> bool:
    """Whether the text after a predicate puts it in the past ('달성했다', '구축하였으며')."""
    return after_predicate.lstrip().startswith(words().past)


_LEADING_YEAR = re.compile(r"^(?:[‘’'`]?\d{2,4}\s*년?\s*(?:까지|부터)?\s*)+")
_QUOTED = re.compile(r"[｢「『]([^｢「『｣」』]{2,40})[｣」』]")


def without_years(phrase: str) -> str:
    """A metric without the years that open it or the 등 that closes a list ('’26년 자동차·철강 등'
    -> '자동차·철강'): a year says when, never what is measured."""
    phrase = re.sub(r"\s*등$", "", _LEADING_YEAR.sub("", phrase.strip())).strip()
    predicates = words()
    return "" if phrase in predicates.goal or phrase in predicates.other else phrase   # '추진' says no what


def enclosing_bracket(text: str, at: int) -> int | None:
    """Where the bracket that holds position ``at`` opens, or None when ``at`` is in no bracket."""
    depth = 0
    for i in range(at - 1, -1, -1):
        if text[i] in ")）":
            depth += 1
        elif text[i] in "(（":
            if depth == 0:
                return i
            depth -= 1
    return None


def quoted_name_before(text: str, at: int) -> str:
    """The last name set in 「」 before position ``at`` (a programme the figure is a goal of), or ''."""
    names = _QUOTED.findall(text[:at])
    return names[-1].rstrip("*").strip() if names else ""
