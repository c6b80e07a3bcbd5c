"""Targets: figures that state a goal, with the metric they measure, the way it is to go and when.

A target is read from a mission (a roadmap table's mission cell, or a sentence that sets a goal):
the figure gives value, unit and comparator; Kiwi's morphemes around it give the metric (the noun
phrase it measures); the verb that governs the metric, else the comparator and unit, give the
direction; the sentence, else the document's stated horizon, gives the deadline.
"""
from __future__ import annotations

import re
import tomllib
from collections import Counter
from functools import lru_cache

from pipeline import korean
from pipeline.extract.analysis import Token, UnitAnalysis
from pipeline.resources import DATA

MEASURABLE = {"count", "percent", "multiple", "money", "duration", "other"}
NOUNISH = ("NN", "SL", "SH", "XSN", "XPN", "XR", "SN")
LINKERS = {"·", "&", "-", "/", "+"}
TIME_BOUND = ("내", "이내", "안", "만에")


def is_target_figure(fig) -> bool:
    return fig.kind in MEASURABLE and isinstance(fig.value, (int, float))


def metric_of(text: str, unit: UnitAnalysis | None, start: int, end: int) -> str:
    """The noun phrase a figure at ``[start, end)`` of ``text`` measures."""
    tokens = [t for s in (unit.sentences if unit else ()) for t in s.tokens]
    if not tokens:
        return ""
    after = [t for t in tokens if t.start >= end]
    bound_inside = text[start:end].rstrip().endswith(TIME_BOUND)
    if bound_inside or (after and after[0].form in TIME_BOUND):
        # '100일 내 백신 확보': a time bound measures the phrase after it
        phrase = _noun_run(text, after if bound_inside else after[1:], forward=True)
        if phrase and not _only_verbs(phrase):      # '30일 이내 단축': the phrase is before
            return phrase
    before = [t for t in tokens if t.end <= start]
    phrase = _phrase_before(text, before)
    return _trim(phrase)


def _phrase_before(text: str, before: list[Token]) -> str:
    i = len(before) - 1
    paren = ""
    if i >= 0 and before[i].form == ")":                  # '자원을(전력·데이터) 50%'
        j = i
        while j >= 0 and before[j].form != "(":
            j -= 1
        if j >= 0:
            paren = text[before[j].start:before[i].end]
            i = j - 1
    if i >= 0 and before[i].tag.startswith("JK") and before[i].form in ("을", "를", "이", "가", "의"):
        i -= 1                                             # the object or subject the figure is about
    if i >= 0 and before[i].form == "(" and not paren:      # '구축 (100만명 이상)': the phrase before
        i -= 1
    run = _noun_run(text, before[: i + 1], forward=False)
    return (run + paren).strip()


def _noun_run(text: str, tokens: list[Token], forward: bool) -> str:
    """The longest run of noun-like morphemes next to the figure, as written in the text."""
    seq = tokens if forward else list(reversed(tokens))
    run: list[Token] = []
    for tok in seq:
        if tok.tag.startswith(NOUNISH) or (tok.form in LINKERS and run):
            if tok.tag == "SN" and not run:
                break
            run.append(tok)
        else:
            break
    while run and run[-1].form in LINKERS:
        run.pop()
    if not run:
        return ""
    first, last = (run[0], run[-1]) if forward else (run[-1], run[0])
    return text[first.start:last.end].strip()


def _only_verbs(phrase: str) -> bool:
    verbs = korean.DECREASE_VERBS + korean.INCREASE_VERBS + korean.METRIC_TRAILERS
    return all(word in verbs for word in phrase.split())


def _trim(phrase: str) -> str:
    words = phrase.split()
    while len(words) > 1 and words[-1] in korean.METRIC_TRAILERS:
        words.pop()
    return " ".join(words)


def direction_of(text: str, fig_end: int, op: str, unit: str) -> str:
    """'decrease' or 'increase': the verb right after the figure decides when there is one."""
    following = text[fig_end:fig_end + 12]
    for verb in korean.DECREASE_VERBS:
        if re.match(rf"\s*(?:[가-힣]{{0,2}}\s)?{verb}", following):
            return "decrease"
    for verb in korean.INCREASE_VERBS:
        if re.match(rf"\s*(?:[가-힣]{{0,2}}\s)?{verb}", following):
            return "increase"
    if op in ("<=", "<") and unit in korean.TIME_UNITS:
        return "decrease"
    if op in ("<=", "<"):
        return "decrease"
    return "increase"


def deadline_in(figures_in_text) -> int | None:
    """A year stated as a deadline in the same text ('2030년까지', '’30년 기준')."""
    years = [f for f in figures_in_text if f.kind == "year" and isinstance(f.value, int)]
    return years[0].value if years else None


def horizon(figures) -> int | None:
    """The document's stated horizon: the year most often given with 까지 or 기준."""
    counts = Counter()
    for f in figures:
        if f.kind == "year" and isinstance(f.value, int):
            tail = f.sentence[f.sentence.find(f.text) + len(f.text):][:4] if f.text in f.sentence else ""
            if "까지" in f.text or tail.lstrip().startswith(("까지", "기준", "을 기준")):
                counts[f.value] += 1
    return counts.most_common(1)[0][0] if counts else None


def document_year(release_at: str | None, figures) -> int | None:
    """The year the document was issued: its release date, else the first full date on its first
    pages (a plan's cover: '2025. 11. 24.'); a year before it holds records, not goals."""
    if release_at and release_at[:4].isdigit():
        return int(release_at[:4])
    for f in figures:
        if f.kind == "date" and f.page <= 3 and isinstance(f.value, str) and f.value[:4].isdigit():
            return int(f.value[:4])
    return None


def merged(sources) -> list:
    """The targets of every source in order, a target that restates one of an earlier source (a
    table's goal said again in prose) left out, and each source's exact repeats once."""
    kept: list = []
    for source in sources:
        earlier = list(kept)
        seen = set()
        for t in source:
            key = (t.page, t.text, t.value, t.unit, t.op)
            if key in seen or any(restates(t, e) for e in earlier):
                continue
            seen.add(key)
            kept.append(t)
    return kept


def restates(t, earlier) -> bool:
    """Whether target ``t`` is the goal ``earlier`` states: the same number, unit and comparator,
    no other deadline, and its metric sharing a word piece with the other's ('데이터·전력' restates
    'AI학습 소요 자원을(전력·데이터) 50% 이상 절감')."""
    if (t.value, t.unit, t.op) != (earlier.value, earlier.unit, earlier.op):
        return False
    if t.deadline is not None and earlier.deadline is not None and t.deadline != earlier.deadline:
        return False
    return bool(_pieces(t.metric) & _pieces(earlier.metric + " " + earlier.text)) or bool(
        _pieces(earlier.metric) & _pieces(t.metric + " " + t.text))


def _pieces(text: str) -> set[str]:
    """The two-letter pieces of the Hangul and Latin words of ``text``."""
    return {w[i:i + 2] for w in re.findall(r"[가-힣A-Za-z]{2,}", text or "") for i in range(len(w) - 1)}


def states_goal(text: str) -> bool:
    return any(w in text for w in korean.GOAL_WORDS)


# --- English releases ------------------------------------------------------------------------------
# English text is tokenised by spaCy (pipeline.extract.analysis): the figure's sentence, its tokens before the
# figure, and the words of data/english.toml tell goal, metric and direction.

ENGLISH = DATA / "english.toml"


@lru_cache(maxsize=1)
def english_words() -> dict:
    with ENGLISH.open("rb") as f:
        return tomllib.load(f)


def english_target_figure(fig) -> bool:
    """A measurable English figure; a small count enumerates ('4 key technologies'), it is no target."""
    if fig.kind == "count" and fig.value < english_words()["counts"]["smallest_target"]:
        return False
    return is_target_figure(fig)


def english_states_goal(sentence: str) -> bool:
    """An English sentence that sets a goal: 'will', 'aims to', 'calls for', 'by 2030' ..."""
    low = f" {sentence.lower()} "
    return any(re.search(rf"\b{re.escape(m)}", low) for m in english_words()["goals"]["markers"])


def english_metric(sentence: str, tokens, start: int) -> str:
    """The phrase an English figure at ``start`` of its sentence measures: the words before it back to
    a verb, a clause word or punctuation ('lighten [the data and power burden of AI training] by more
    than 50%', 'a detection rate of 90%', '(antibody production efficiency 10 times')."""
    words = english_words()["metric"]
    verbs = english_words()["directions"]
    stops = set(words["stops"]) | set(verbs["decrease"]) | set(verbs["increase"])
    before = [t for t in tokens if t.end <= start]
    trailing = set(words["trailing"])
    while before and before[-1].form.lower() in trailing:
        before.pop()
    run = []
    for t in reversed(before):
        low = t.form.lower()
        if low in stops or (not t.form[:1].isalnum() and t.form not in ("-", "&", "'s", "’s")):
            if low == "," and run and before and _list_comma(before, t):
                run.append(t)
                continue
            break
        run.append(t)
        if len(run) == 8:
            break
    run.reverse()
    while run and run[0].form.lower() in words["leading"]:
        run.pop(0)
    return sentence[run[0].start:run[-1].end] if run else ""


def _list_comma(before, comma) -> bool:
    """'the data, computing and power burden': a comma inside a list goes on with the phrase."""
    after = [t.form.lower() for t in before if t.start > comma.start][:4]
    return "and" in after


def english_counted(sentence: str, tokens, start: int, end: int) -> str:
    """What a count right after a verb counts: 'train [10,000 green specialists]' -> 'green specialists'
    ('a data set of 1 million people' measures the data set: the phrase before, see english_metric)."""
    words = english_words()["metric"]
    before = [t for t in tokens if t.end <= start]
    if not before or before[-1].form.lower() in words["trailing"] or not before[-1].form.isalpha():
        return ""
    run = []
    for t in (t for t in tokens if t.start >= end):
        if t.form.lower() in words["stops"] or not t.form[:1].isalnum():
            break
        run.append(t)
        if len(run) == 5:
            break
    return sentence[run[0].start:run[-1].end] if run else ""


def english_direction(sentence: str, start: int, end: int, op: str) -> str:
    """'decrease' when a verb of decrease governs the figure ('cut … by 50%', 'within 100 days'), else
    'increase'. Only the figure's own clause counts: the words before it back to a comma."""
    words = english_words()["directions"]
    clause = re.split(r"[,;]", sentence[max(0, start - 80):start].lower())[-1]
    near = re.findall(r"[a-z]+", clause)
    last = next((w for w in reversed(near) if w in words["decrease"] or w in words["increase"]), "")
    if last in words["decrease"] or op in ("<=", "<"):
        return "decrease"
    return "increase"


def english_deadline(figures_in_sentence) -> int | None:
    """A year the sentence sets as a deadline ('by 2030')."""
    years = [f for f in figures_in_sentence if f.kind == "year" and isinstance(f.value, int)
             and f.text.lower().startswith("by")]
    return years[0].value if years else None


def english_horizon(figures) -> int | None:
    """The English document's stated horizon: the year most often given with 'by'."""
    counts = Counter(f.value for f in figures if f.kind == "year" and isinstance(f.value, int)
                     and f.text.lower().startswith("by"))
    return counts.most_common(1)[0][0] if counts else None
