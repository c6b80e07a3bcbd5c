"""Pieces (:mod:`.pieces`) in English word order. Korean is head-final: modifiers, objects and
clauses come before what they modify, so the rightmost marker of a phrase (a genitive 의, an
adnominal ending, a postposition) is its outermost structure; :class:`Renderer` splits there and
swaps the parts around it (``A의 B`` -> ``B of A``, ``X를 위한 Y`` -> ``Y for X``, a clause-final
verbal noun leads the English clause).

The rules model some constructions only: :func:`unknown_construction` says when a sentence has
another (a subject, a chain of clauses, a word of two meanings ...), so that it is shown in Korean
rather than as English words in Korean order. Korean the glossary lacks travels through the
renderer between :data:`OPEN` and :data:`CLOSE`, for :mod:`.glossary` to mark it.
"""
from __future__ import annotations

import re

from pipeline import korean
from pipeline.korean.figures import FigureMatch
from pipeline.korean.lexicon import gerund, glossary, participle
from pipeline.korean.pieces import Piece


# Untranslated Korean travels through the renderer wrapped in these marks, then becomes a Segment
# (glossary.py).
OPEN, CLOSE = "\u0002", "\u0003"


# --- what the rules cannot be trusted with ----------------------------------------------------

MAX_ACTIONS = 2                # clause-heading verbal nouns in one conjunct the word-order rules handle


def unknown_construction(pieces: tuple[Piece, ...], english: str = "") -> str:
    """Why the renderer's word-order rules cannot be trusted with a sentence ('' when they can).
    They model head-final noun phrases, a clause-final verbal noun with its object, 의/위한/기반
    phrases and adnominal clauses; a subject, a headline's bare subject, a chain of clauses or an
    ambiguous word would come out as English words in Korean order, so such a sentence stays Korean."""
    parts, _ = _split_top(list(pieces), ("comma", "end", "slash", "arrow", "colon"))
    parts = [p for p in (_strip(p) for p in parts) if p]
    names = glossary().section("names")
    if len(parts) > 1 and len(parts[0]) == 1 and parts[0][0].ko in names:
        return "a bare subject"                    # '기후부, … 협약': a headline's ministry, then its act
    for part in parts:
        if any(p.kind in ("subj", "topic") and not _subject_of_adnominal(part, k) for k, p in enumerate(part)):
            return "a subject"                     # the rules place subjects only in adnominal clauses
        if any(p.kind == "skip" and p.ko in RANGE_PARTICLES for p in part):
            return "a range of things"             # 'A부터 B까지': no rule puts it in English order
        for conjunct in _split_top(part, ("and", "dot", "etc"))[0]:
            if len(_clause_heads(conjunct)) > MAX_ACTIONS:
                return "a chain of clauses"
        actions = _clause_heads(part)
        if actions and part[0].ko in names and len(part) > 2 and part[1].kind in ("term", "fig", "open") \
                and not any(p.kind == "post" or (p.entry is not None and p.entry.post) for p in part):
            return "a bare subject"                # '산업부 … 확정': a ministry, then what it did
    if len(parts) > 1 and _ends_in_action(parts[-1]) and not any(p.kind == "etc" for p in parts[-1]) and \
            not all(_ends_in_action(p) or _adverbial(p) for p in parts[:-1]) and \
            english.lower().startswith(parts[-1][-1].en.lower()):
        return "a headline of noun phrases and a clause"   # 'A, B 향상' is not 'improve A and B'
    ambiguous = glossary().section("ambiguous")
    if any(p.ko in ambiguous and p.kind == "term" for p in pieces):
        return "a word of two meanings"           # '지방': regions, or fat in a nutrition table
    if any(p.fig is not None and _bare_year(p.fig) for p in pieces):
        return "a year written without its century"
    last = _strip(list(pieces))
    if last and last[-1].kind == "action" and last[-1].entry is not None and last[-1].entry.post:
        return "a word that is a verb or a postposition"
    return ""


RANGE_PARTICLES = ("부터", "까지", "에서")


def _subject_of_adnominal(part: list[Piece], k: int) -> bool:
    """'기업이 도입할 수 있는 X', '백신 확보가 가능한 X': a subject the adnominal rule places."""
    rest = [p for p in part[k + 1:] if p.kind not in ("skip", "adv", "adv_end")]
    if any(p.kind == "modal" for p in rest):
        return True
    return len(rest) >= 2 and rest[0].kind == "pred" and rest[1].kind == "adn"


def _ends_in_action(part: list[Piece]) -> bool:
    return bool(part) and part[-1].kind == "action"


def _clause_heads(pieces: list[Piece]) -> list[int]:
    """Verbal nouns that head a clause: not in brackets, not marked as an object, a modifier or a
    postposition's phrase by what follows them."""
    marked = ("post", "adn", "instr", "obj", "gen", "etc", "open", "skip", "passive", "modal")
    def head(k: int) -> bool:
        nxt = pieces[k + 1] if k + 1 < len(pieces) else None
        return nxt is None or not (nxt.kind in marked or nxt.kind == "action"       # '집중 양성': one act
                                   or (nxt.entry is not None and bool(nxt.entry.post)))
    return [k for k, p in enumerate(pieces) if p.kind == "action" and not _depth(pieces, k) and head(k)]


def _bare_year(fig: FigureMatch) -> bool:
    """'(23년)', '25년 출력제어': a two-digit number of years with nothing making it a duration is a
    year written without its century (’23) or a duration: which one, only a reader can tell."""
    return fig.kind == "duration" and fig.op == "=" and 10 <= (fig.value or 0) <= 99 and \
        re.fullmatch(r"\(?\d{2}\s*년\)?", fig.text.strip()) is not None


# --- rendering: pieces in English order -------------------------------------------------------

def _unk(ko: str) -> str:
    return f"{OPEN}{ko}{CLOSE}"


# Verbal nouns that state a change, so a percentage or multiple with them is an amount ('by 50%').
_CHANGE_VERBS = ("혁신", "가속화", "고속화", "효율화", "감소", "줄이", "늘리", "극대화", "최소화", "완화", "확충")
_TIME_KINDS = ("duration", "year", "date", "datetime", "time")


class Renderer:
    """Korean phrase structure to English word order. Korean is head-final: modifiers, objects and
    clauses come before what they modify, so the rightmost marker of a phrase (a genitive 의, an
    adnominal ending, a postposition) is its outermost structure; each rule splits there and swaps
    the parts around it."""

    def __init__(self, noun_phrase: bool = False):
        self.noun_phrase = noun_phrase        # names and labels: a final verbal noun stays a noun

    def text(self, pieces: list[Piece]) -> str:
        """Clauses and list items separated by commas or clause endings; a list of noun phrases
        followed by a clause is that clause's object ('A, B, C 등 추진' -> 'pursue A, B, C, etc.')."""
        parts, seps = _split_top(pieces, ("comma", "end", "slash", "arrow", "colon"))
        out: list[str] = []
        k = 0
        while k < len(parts):
            run = k
            while run < len(parts) - 1 and seps[run].kind == "comma" and _final_action(parts[run]) is None \
                    and not self.noun_phrase and parts[run] and not _adverbial(parts[run]):
                run += 1
            if run > k and _final_action(parts[run]) is not None and _object_at(parts[run]) is None \
                    and not any(_last_top(p, "adn") is not None for p in parts[k:run]):
                listed = [self.np(p) for p in parts[k:run]]
                out.append(self.clause(parts[run], listed, sep=", "))
                sep = seps[run] if run < len(seps) else None
                k = run + 1
            else:
                out.append(self.segment(parts[k]))
                sep = seps[k] if k < len(seps) else None
                k += 1
            if sep is not None and out and out[-1]:
                out[-1] += {"slash": " /", "arrow": " →", "colon": ":"}.get(sep.kind, ",")
        text = " ".join(o for o in out if o).strip()
        return text.rstrip(",:").strip()

    def segment(self, pieces: list[Piece]) -> str:
        """Coordinated clauses (및, 과): a part without a verb of its own joins the next part's object."""
        if self.noun_phrase:
            return self.np(pieces)
        parts, _ = _split_top(pieces, ("and",))
        out, pending = [], []
        for part in parts:
            if _final_action(part) is None:
                pending.append(part)
                continue
            out.append(self.clause(part, [self.np(p) for p in pending]))
            pending = []
        if pending:
            out.append(" and ".join(x for x in (self.np(p) for p in pending) if x))
        return " and ".join(o for o in out if o)

    def clause(self, pieces: list[Piece], coordinated=(), sep: str = " and ") -> str:
        """A clause ending in a verbal noun: 'X를 50% 이상 절감' -> 'reduce X by at least 50%'."""
        pieces = _strip(pieces)
        at = _final_action(pieces)
        if at is None:
            return sep.join(x for x in [*coordinated, self.np(pieces)] if x)
        topic = _last_top(pieces[:at], "topic")
        if topic is not None and _last_top(pieces[:topic], "adn") is None:
            subject = self.np(pieces[:topic])            # '정부는 ... 투자' -> 'government to invest ...'
            rest = self.clause(pieces[topic + 1:], coordinated, sep)
            return f"{subject} to {rest}" if subject else rest
        instr = _last_top(pieces[:at], "instr")
        if instr is not None and instr < at:
            means = self.np(pieces[:instr], as_noun=True)
            rest = self.clause(pieces[instr + 1:], coordinated, sep)
            return f"{rest} through {means}".strip()
        start = at
        while start > 1 and pieces[start - 1].kind == "dot" and pieces[start - 2].kind == "action":
            start -= 2
        verbs = _join([p.en for p in pieces[start:at + 1] if p.kind == "action"])
        before, after = pieces[:start], pieces[at + 1:]
        adverbs = []
        while before and before[-1].entry is not None and before[-1].entry.adv:
            adverbs.insert(0, before.pop().entry.adv)
        obj_at = _object_at(before)
        mods: list[Piece] = []
        if obj_at is not None:
            before, mods = before[:obj_at], before[obj_at + 1:]
            if mods and mods[0].kind == "open":        # '자원을(전력·데이터) 50%': the bracket explains the object
                close = _closing(mods, 0)
                before, mods = before + mods[:close + 1], mods[close + 1:]
        else:
            while before and before[-1].kind in ("fig", "adv", "adv_end"):
                mods.insert(0, before.pop())
        before, times = _time_figures(before)
        obj = sep.join(x for x in [*coordinated, self.np(before)] if x)
        if sep != " and " and coordinated and obj.count(",") and not obj.endswith("etc."):
            head, _, last = obj.rpartition(", ")
            obj = f"{head} and {last}"
        words = (" ".join(adverbs), verbs, obj, self.modifiers(mods, pieces[at], bool(obj)), " ".join(times),
                 self.np(after))
        return " ".join(x for x in words if x)

    def modifiers(self, pieces: list[Piece], verb: Piece | None = None, has_object: bool = True) -> str:
        """Between an object and its verb: figures ('by at least 50%'), adverbs, brackets."""
        out = []
        for p in pieces:
            if p.kind == "fig":
                out.append(self.amount(p, verb, has_object))
            elif p.kind in ("adv", "term", "action") and p.entry is not None:
                out.append(p.entry.adv or p.entry.en)
        rest = [p for p in pieces if p.kind not in ("fig", "adv", "term", "action", "adv_end")]
        if rest:
            out.append(self.np(rest))
        return " ".join(o for o in out if o)

    @staticmethod
    def amount(fig: Piece, verb: Piece | None, has_object: bool = True) -> str:
        """A figure a verb takes: a change ('reduce X by at least 50%'), a level ('achieve X of 50%'),
        or the object itself ('invest KRW 300 billion')."""
        if fig.fig is None or fig.fig.kind in _TIME_KINDS + ("ordinal",) or verb is None:
            return fig.en
        key = verb.entry.key if verb.entry is not None else ""
        if key in korean.DECREASE_VERBS + korean.INCREASE_VERBS + tuple(_CHANGE_VERBS):
            return f"by {fig.en}" if fig.fig.kind in ("percent", "multiple") else fig.en
        return f"of {fig.en}" if has_object else fig.en

    def np(self, pieces: list[Piece], as_noun: bool = False) -> str:
        """A noun phrase: its rightmost structure first (a trailing bracket, 등, a final verbal noun,
        then the last adnominal ending, genitive or postposition)."""
        pieces = _strip(pieces)
        if not pieces:
            return ""
        if pieces[-1].kind == "close":
            j = _opening(pieces, len(pieces) - 1)
            if j > 0 and pieces[j - 1].kind not in ("post", "adn", "gen", "obj", "subj"):
                return f"{self.np(pieces[:j], as_noun)} {self.words(pieces[j:])}".strip()
        if pieces[-1].kind == "etc":
            return f"{self.np(pieces[:-1], as_noun)}, etc."
        if _final_action(pieces) is not None:
            return self.nominal_clause(pieces)
        for k in range(len(pieces) - 1, 0, -1):
            if _depth(pieces, k):
                continue
            kind = pieces[k].kind
            if kind == "adn" and k < len(pieces) - 1:
                return self.adnominal(pieces, k)
            if kind == "gen" and k < len(pieces) - 1:
                return self.genitive(pieces, k)
            if kind == "etc" and k < len(pieces) - 1:
                return f"{self.np(pieces[k + 1:])} such as {self.np(pieces[:k])}".strip()
            if kind == "post" or (kind in ("term", "action") and pieces[k].entry is not None
                                  and pieces[k].entry.post and _has_head(pieces, k)):
                return self.postposition(pieces, k)
        return self.words(pieces)

    def nominal_clause(self, pieces: list[Piece]) -> str:
        """A clause used as a noun: '기술 확보' -> 'securing technology', '인프라 확대' -> 'expansion of infrastructure'."""
        at = _final_action(pieces)
        noun = pieces[at].entry.noun if pieces[at].entry else pieces[at].en
        before, after = pieces[:at], pieces[at + 1:]
        if before and before[-1].kind == "gen":
            return f"{noun} of {self.np(before[:-1])} {self.words(after)}".strip()
        if before and before[-1].kind == "dot" and not (len(before) > 1 and before[-2].kind == "action"):
            return self.words(pieces)                  # '산업활용·혁신': a list whose last item is a verbal noun
        while at > 1 and before and before[-1].kind == "dot" and before[-2].kind == "action":
            noun = f"{before[-2].entry.noun} and {noun}"
            before = before[:-2]
        obj_at = _object_at(before)
        if obj_at is not None:
            before = before[:obj_at] + before[obj_at + 1:]
        before, times = _time_figures(before)
        obj = self.np(before)
        tail = " ".join(x for x in (" ".join(times), self.words(after)) if x)
        if not obj:
            return f"{noun} {tail}".strip()
        if noun.endswith("ing"):
            return f"{noun} {obj} {tail}".strip()
        if self.noun_phrase:                           # a label: 'digital health data analysis'
            return f"{obj} {noun} {tail}".strip()
        return f"{noun} of {obj} {tail}".strip()

    def adnominal(self, pieces: list[Piece], at: int) -> str:
        """'X를 지원하는 Y' -> 'Y supporting X'; '신속한 Y' -> 'rapid Y'; 'X가 가능한 Y' -> 'Y capable of X'."""
        pred_at = at - 1
        while pred_at > 0 and pieces[pred_at].kind in ("skip", "neg", "modal", "adn", "passive"):
            pred_at -= 1
        pred = pieces[pred_at]
        between = pieces[pred_at + 1:at]
        neg = any(p.kind == "neg" for p in between)
        modal = any(p.kind == "modal" for p in between)
        passive = any(p.kind == "passive" for p in between)
        head = self.np(pieces[at + 1:])
        args = pieces[:pred_at]
        if args and args[-1].kind == "gen":            # 'A의 신속한 B': the genitive takes the whole
            return f"{self.np(pieces[pred_at:])} of {self.np(args[:-1])}".strip()
        adverbs = [p.entry.adv for p in args if p.entry is not None and p.entry.adv and p.kind == "adv"]
        args = [p for p in args if not (p.kind in ("adv", "adv_end") and p.entry is None or p.kind == "adv"
                                        or p.kind == "adv_end")]
        subj_at, obj_at = _last_top(args, "subj"), _last_top(args, "obj")
        subject = self.np(args[:subj_at]) if subj_at is not None and modal else ""
        if subject:
            args = args[subj_at + 1:]
            obj_at = _last_top(args, "obj")
        mods: list[Piece] = []
        if obj_at is not None:
            args, mods = args[:obj_at], args[obj_at + 1:]
        args = [p for p in args if p.kind not in ("subj", "obj")]
        if pred.kind == "post" and pred.entry is not None:
            return _place(pred.entry.post, self.np(args), head)
        form = _unk(pred.ko) if pred.kind == "unk" else _participle(pred, bool(args), passive)
        arg_text = " ".join(x for x in (self.np(args, as_noun=True), self.modifiers(mods, pred)) if x)
        adv = " ".join(adverbs)
        if modal and pred.entry is not None and pred.kind == "action":
            who = f"{subject} " if subject else ""
            return f"{head} that {who}can {adv + ' ' if adv else ''}{pred.entry.en} {arg_text}".strip()
        if neg:
            form = f"not {form}"
        if adv:
            form = f"{adv} {form}"
        if not arg_text and pred.kind not in ("action",) or (not arg_text and passive):
            return f"{form} {head}".strip()
        if "{}" in form:
            return f"{head} {form.replace('{}', arg_text)}".strip()
        return f"{head} {form} {arg_text}".strip()

    def postposition(self, pieces: list[Piece], k: int) -> str:
        """'X 기반 Y' -> 'X-based Y'; 'X 위한 Y' -> 'Y for X'."""
        p = pieces[k]
        left = pieces[:k]
        right = pieces[k + 1:]
        while right and right[0].kind in ("instr", "loc", "adn", "skip", "obj", "end", "subj"):
            right = right[1:]
        before = p.entry.post.startswith("{}")
        return _place(p.entry.post, self.np(left, as_noun=not before) if not before else self.words(left),
                      self.np(right))

    def genitive(self, pieces: list[Piece], at: int) -> str:
        """'A의 B' -> 'B of A'."""
        left, right = self.np(pieces[:at]), self.np(pieces[at + 1:])
        return f"{right} of {left}" if right and left else (right or left)

    def words(self, pieces: list[Piece]) -> str:
        """Pieces in order: terms, figures, brackets (rendered inside), lists joined with 'and'."""
        out: list[str] = []
        k = 0
        while k < len(pieces):
            p = pieces[k]
            if p.kind == "open":
                close = _closing(pieces, k)
                inner = self.text(pieces[k + 1:close])
                q = p.ko if p.ko in "‘“" else ("‘" if p.ko in "「『" else "(")
                end = {"‘": "’", "“": "”"}.get(q, ")")
                if inner:
                    out.append(f"{q}{inner}{end}")
                k = close + 1
                continue
            nxt = pieces[k + 1] if k + 1 < len(pieces) else None
            if p.kind == "suffix" and out and out[-1] and out[-1] != "\u0001":
                out[-1] = _suffixed(out[-1], p.ko)     # a suffix takes the whole term before it
            else:
                out.append(self.word(p, nxt))
            k += 1
        return _lists(" ".join(o for o in out if o))

    @staticmethod
    def word(p: Piece, nxt: Piece | None) -> str:
        if p.kind == "unk":
            return _unk(p.ko)
        if p.kind == "action":
            text = p.entry.noun if p.entry else p.en
        elif p.kind == "adv" and p.entry is not None:
            return p.entry.adv or p.entry.en
        elif p.kind in ("term", "pred", "post", "foreign", "neg"):
            text = p.en
        elif p.kind == "fig":
            return p.en
        elif p.kind == "dot":
            return "\u0001"            # a list mark, joined by _lists
        elif p.kind == "prefix":
            return _PREFIXES.get(p.ko, _unk(p.ko)) + "\u0004"
        elif p.kind == "suffix":
            return "\u0005" + p.ko
        elif p.kind == "and":
            return "and"
        else:
            return ""
        # English compounds take singular modifiers: 'vaccines' before 'platforms' -> 'vaccine platforms'
        if nxt is not None and nxt.kind in ("term", "action") and p.kind in ("term", "action"):
            return modifier_form(text)
        return text


def _participle(pred: Piece, has_args: bool, passive: bool) -> str:
    """The form a predicate takes before its noun: 'leading', 'supporting', 'established', 'capable of {}'."""
    entry = pred.entry
    if entry is None:
        return pred.en
    if entry.kind == "pred":
        return entry.with_arg if has_args and entry.with_arg else entry.en
    if entry.kind == "action":
        return participle(entry.en) if passive else gerund(entry.en)
    return entry.en


def modifier_form(text: str) -> str:
    """The singular of a plural last word, as English compounds want it: 'vaccines' -> 'vaccine'."""
    words = text.split(" ")
    last = words[-1]
    if last.endswith("ies") and len(last) > 4:
        last = last[:-3] + "y"
    elif last.endswith(("sses", "ches", "shes", "xes")):
        last = last[:-2]
    elif last.endswith("s") and not last.endswith(("ss", "us", "is", "ics", "'s")) and len(last) > 3 \
            and last[0].islower():
        last = last[:-1]
    return " ".join(words[:-1] + [last])


def _time_figures(pieces: list[Piece]) -> tuple[list[Piece], list[str]]:
    """Time figures inside an object ('100일 내 백신 확보') go after it in English."""
    keep, times = [], []
    for k, p in enumerate(pieces):
        if p.kind == "suffix" and k and pieces[k - 1].kind == "fig" and times:
            continue                                   # '10년간': the suffix went with its figure
        if p.kind == "fig" and p.fig is not None and p.fig.kind in _TIME_KINDS and not _depth(pieces, k):
            text = p.en
            if p.fig.kind == "duration" and p.fig.op == "=":
                text = f"over {text}"                  # '5년간' -> 'over 5 years'
            if keep and keep[-1].entry is not None and keep[-1].entry.adv and keep[-1].kind != "action":
                text = f"{keep.pop().entry.adv} {p.en}"   # '향후 10년간' -> 'over the next 10 years'
            times.append(text)
        else:
            keep.append(p)
    return keep, times


def _object_at(pieces: list[Piece]) -> int | None:
    """The object marker of a clause: the last top-level 을/를 not inside an adnominal clause."""
    obj_at = _last_top(pieces, "obj")
    scope = _last_top(pieces, "adn")
    return obj_at if obj_at is not None and (scope is None or obj_at > scope) else None


def _adverbial(pieces: list[Piece]) -> bool:
    """A phrase ending in a postposition ('위기 시,') modifies the clause after it; it is not a list item."""
    pieces = _strip(pieces)
    return bool(pieces) and (pieces[-1].kind == "post" or (pieces[-1].entry is not None and bool(pieces[-1].entry.post)))


def _has_head(pieces: list[Piece], k: int) -> bool:
    """A postposition reading needs a phrase before it ('AI 기반 X'), not a list mark or bracket."""
    return k > 0 and pieces[k - 1].kind not in ("comma", "open", "dot", "and", "obj", "subj", "gen", "adn")


_PREFIXES = {"고": "high-", "저": "low-", "초": "ultra-", "비": "non-", "재": "re-", "신": "new", "탈": "de-",
             "범": "pan-", "반": "anti-", "준": "semi-", "총": "total", "다": "multi-", "친": "pro-", "무": "non-"}


def _suffixed(word: str, suffix: str) -> str:
    """A term with a noun suffix the glossary has no whole word for: 병렬 + 형 -> 'parallel-type'."""
    pattern = glossary().section("suffixes").get(suffix)
    if pattern is None:
        return f"{word} {_unk(suffix)}"
    return pattern.replace("{}", modifier_form(word) if "-" in pattern else word)


def _lists(text: str) -> str:
    """Join list marks (·) as 'A, B and C' and glue prefixes to their word."""
    text = re.sub(r"\s*\u0004\s*", "", text)
    text = re.sub(r"\s*\u0005(\S+)", lambda m: " " + _unk(m.group(1)), text)   # a suffix with nothing before it
    items = [t.strip() for t in text.split("\u0001")]
    items = [t for t in items if t]
    if len(items) <= 1:
        return items[0] if items else ""
    return ", ".join(items[:-1]) + " and " + items[-1]


def _place(pattern: str, left: str, right: str) -> str:
    """A postposition's phrase before its head ('{}-based') or after it ('for {}')."""
    phrase = pattern.replace("{}", left).strip() if left else pattern.replace("{}", "").strip(" -")
    if pattern.startswith("{}"):
        return f"{phrase} {right}".strip()
    return f"{right} {phrase}".strip() if right else phrase


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _depth(pieces: list[Piece], k: int) -> int:
    """How many brackets are open at position ``k``."""
    depth = 0
    for p in pieces[:k]:
        depth += p.kind == "open"
        depth -= p.kind == "close" and depth > 0
    return depth


def _closing(pieces: list[Piece], k: int) -> int:
    depth = 0
    for j in range(k, len(pieces)):
        depth += pieces[j].kind == "open"
        depth -= pieces[j].kind == "close"
        if depth == 0:
            return j
    return len(pieces)


def _opening(pieces: list[Piece], k: int) -> int:
    """The bracket that the closing bracket at ``k`` closes."""
    depth = 0
    for j in range(k, -1, -1):
        depth += pieces[j].kind == "close"
        depth -= pieces[j].kind == "open"
        if depth == 0:
            return j
    return 0


def _split_top(pieces: list[Piece], kinds) -> tuple[list[list[Piece]], list[Piece]]:
    """Split at top-level pieces of the given kinds: (parts, separators)."""
    parts, seps, current, depth = [], [], [], 0
    for p in pieces:
        if p.kind == "open":
            depth += 1
        elif p.kind == "close":
            depth = max(0, depth - 1)
        if depth == 0 and p.kind in kinds:
            parts.append(current)
            seps.append(p)
            current = []
        else:
            current.append(p)
    parts.append(current)
    return parts, seps


def _last_top(pieces: list[Piece], kind: str) -> int | None:
    for k in range(len(pieces) - 1, -1, -1):
        if pieces[k].kind == kind and not _depth(pieces, k):
            return k
    return None


def _strip(pieces: list[Piece]) -> list[Piece]:
    """Drop particles and endings at the edges of a phrase."""
    edge = ("skip", "end", "obj", "subj", "topic", "loc", "adn", "instr", "and", "comma", "adv_end", "passive")
    pieces = list(pieces)
    while pieces and pieces[0].kind in edge:
        pieces.pop(0)
    while pieces and pieces[-1].kind in edge:
        pieces.pop()
    return pieces


def _final_action(pieces: list[Piece]) -> int | None:
    """Index of the verbal noun that ends a clause (bracketed words and particles after it allowed);
    None when the phrase ends otherwise or the verbal noun is a genitive's head ('X의 표준화')."""
    k = len(pieces) - 1
    while k >= 0:
        if pieces[k].kind == "close":
            k = _opening(pieces, k) - 1
        elif pieces[k].kind in ("skip", "end", "adv_end", "obj", "subj"):
            k -= 1
        else:
            break
    if k >= 0 and pieces[k].kind == "action" and not (k > 0 and pieces[k - 1].kind == "gen"):
        return k
    return None
