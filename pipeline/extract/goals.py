"""Targets stated in prose: bullets, sentences, brackets and the headings above them.

Real strategies and plans state most of their goals in running text, not in a roadmap table:
``’30년까지 AI 팩토리 500개 구축``, ``수출 2배 달성(’24. 58억불 → ’30. 116억불)``, ``(’28, 25% 이상)``.
A figure of a sentence is a target when

- the predicate that governs it is a goal predicate (구축, 달성, 확대, 양성 …; ``data/goals.toml``),
  looked for after it (inside its bracket first, then the word the bracket hangs on, then on);
- its sentence, or a bullet above it, opens with a goal label (``(중장기 목표)``, ``목표:``), or it
  sits under a goal heading; or
- it is the value a future year points at in an arrow chain (``’25년 10개 → ’26년 25개``).

It is not when it counts a list (``35개 지표``), numbers parts (``5대 전략``), is a period, a budget
or a support amount (money needs a money-goal predicate: 조성, 유치, 달성 …), a past record (a year
before the document's), or the starting value of an arrow (that is the next target's baseline).

Pure functions over the analysed units (:mod:`pipeline.extract.analysis`) and the figures read
from them; the Korean words and the arrow and bracket grammar are :mod:`pipeline.korean.goals`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline import korean
from pipeline.extract import targets
from pipeline.extract.analysis import Sentence, Token, UnitAnalysis
from pipeline.korean import goals as grammar
from pipeline.records import Block, Figure, Target

PROSE_BLOCKS = {"paragraph", "item", "subtitle", "footnote", "note", "heading", "caption"}
#: How far after a figure its governing predicate may stand (characters).
PREDICATE_REACH = 80
#: How far before a figure a year may head it ('’26년 총 20개 대학').
YEAR_REACH = 16
PREDICATE_TAGS = ("VV", "VA", "VX", "XSV", "XSA", "VCP", "VCN")


@dataclass(frozen=True)
class Placed:
    """A figure with its offsets in its sentence."""
    figure: Figure
    start: int
    end: int
    year: int | None = None             # the year it names, when it is one

    @property
    def is_year(self) -> bool:
        return self.year is not None


@dataclass(frozen=True)
class Context:
    """What a sentence's targets take from around it: the document's year (before it, a year is
    a record), the deadline of the heading above, the plan's horizon, and whether a goal label or
    heading above makes every figure a goal."""
    document_year: int | None
    heading_year: int | None
    horizon: int | None
    goal_scope: bool
    field: str = ""
    label_year: int | None = None       # the latest year the goal line above states


def prose_targets(blocks: tuple[Block, ...], texts, analysis, by_unit: dict, document_year: int | None,
                  horizon: int | None, field_of=lambda section: "") -> list[Target]:
    """Every target stated in the text blocks of a document (see the module docstring)."""
    found: list[Target] = []
    heading_year, goal_level, label_year = None, None, None
    for i, (block, text) in enumerate(zip(blocks, texts)):
        if block.kind not in PROSE_BLOCKS:
            continue
        figures = by_unit.get(("block", i), [])
        if block.kind in ("heading", "caption"):
            year = _stated_year(figures)
            if year is not None or block.kind == "heading":
                heading_year = year
        labelled = grammar.goal_label(block.text) or grammar.goal_heading(block.text)
        if goal_level is not None and block.level <= goal_level and not _continues(block):
            goal_level = label_year = None
        if labelled:
            goal_level = block.level
            label_year = max((f.value for f in figures if f.kind == "year" and isinstance(f.value, int)),
                             default=None)
        context = Context(document_year, heading_year or _section_year(block.section), horizon,
                          goal_level is not None or grammar.goal_heading(block.section), field_of(block.section),
                          label_year)
        unit = analysis.of(("block", i))
        for sentence in unit.sentences:
            placed = _placed(sentence, [f for f in figures if f.sentence == sentence.text])
            found.extend(sentence_targets(sentence, placed, context, block.page))
    return found


def _continues(block: Block) -> bool:
    """An item numbered on from a labelled goal line ('② 블록버스터 신약창출 3건')."""
    return block.kind == "item" and bool(re.match(r"^[②-⑳➋-➓❷-❿]", block.marker))


def _stated_year(figures) -> int | None:
    years = [f.value for f in figures if f.kind == "year" and isinstance(f.value, int)]
    return years[0] if years else None


def _section_year(section: str) -> int | None:
    """The deadline a heading states: '추진전략(~’30년)', '<‘26년 추진계획>'."""
    m = re.search(r"[~∼～]?\s*[‘’'`](\d{2})년?|(20\d{2})년", section)
    if not m:
        return None
    return 2000 + int(m.group(1)) if m.group(1) else int(m.group(2))


def _placed(sentence: Sentence, figures: list[Figure]) -> list[Placed]:
    out, position = [], 0
    for fig in figures:
        start = sentence.text.find(fig.text, position)
        if start < 0:
            continue
        position = start + len(fig.text)
        year = fig.value if fig.kind == "year" and isinstance(fig.value, int) else None
        if fig.kind == "duration" and fig.unit == "년":
            year = grammar.short_year(sentence.text, start, position, fig.value)
        out.append(Placed(fig, start, position, year))
    return out


def sentence_targets(sentence: Sentence, placed: list[Placed], context: Context, page: int) -> list[Target]:
    """The targets of one sentence, each with its metric, direction, deadline and baseline."""
    text = sentence.text
    if grammar.status_label(text) or grammar.tentative(text):
        return []
    tokens = [Token(t.form, t.tag, t.start - sentence.start, t.end - sentence.start) for t in sentence.tokens]
    labelled = grammar.goal_label(text)
    out = []
    for k, p in enumerate(placed):
        if p.is_year or not _measures(p.figure) or _not_a_level(text, p):
            continue
        year = _heading_year(text, placed, k)
        if _is_record(text, placed, k, year, context):
            continue
        baseline, baseline_year = _baseline(text, placed, k, context)
        chained = baseline is not None or grammar.points_on(text[p.end:]) or (
            year is not None and grammar.arrow_before(text[:_year_start(placed, k)]))
        if grammar.current_before(text[:p.start]):
            continue
        verdict, predicate = _predicate(text, tokens, p, hang=p.figure.kind != "money")
        if p.figure.kind == "money":
            if predicate not in grammar.words().money_goal or grammar.budget_before(text[:p.start], p.figure.text):
                continue
        elif labelled and verdict == "other" and not grammar.in_past(text[p.end:]):
            verdict = "goal"                          # '(성과목표) … 2건 이상 실증 추진'
        goal = verdict == "goal" or (verdict is None and (labelled or context.goal_scope)) or (
            chained and _future(year, context))
        if not goal:
            continue
        op = "=" if p.figure.op in ("<=", "up_to") and grammar.open_start(text[:p.start]) else p.figure.op
        metric_unit = UnitAnalysis("ko", (Sentence(0, len(text), text, tuple(tokens)),))
        out.append(Target(
            field=context.field, focus="", metric=_metric(text, metric_unit, p.start, p.end),
            value=p.figure.value, unit=p.figure.unit, op=op,
            direction=_direction(p, op, predicate, baseline, text), deadline=_deadline(text, placed, k, year, context),
            text=text, page=p.figure.page or page, mission=text, baseline=baseline, baseline_year=baseline_year))
    return out


def _metric(text: str, unit: UnitAnalysis, start: int, end: int) -> str:
    """What a figure measures: the noun phrase before it, a year left off ('’26년 25개' in a chain);
    for a figure in a bracket with no phrase of its own, the phrase before the bracket
    ('프로젝트 확대(’25년 10개 → ’26년 25개)'), else the programme named in 「」 before it
    ('｢AI 팩토리 선도사업｣(’30년까지 500개 구축)')."""
    metric = grammar.without_years(targets.metric_of(text, unit, start, end))
    opening = grammar.enclosing_bracket(text, start)
    if not metric and opening is not None:
        metric = grammar.without_years(targets.metric_of(text, unit, opening, opening))
    return metric or grammar.quoted_name_before(text, start)


def _year_start(placed: list[Placed], k: int) -> int:
    """Where the year heading figure ``k`` starts (the figure's own start when none does)."""
    j = k - 1
    return placed[j].start if j >= 0 and placed[j].is_year else placed[k].start


def _is_record(text: str, placed: list[Placed], k: int, year: int | None, context: Context) -> bool:
    """A figure of a year before the document's ('’23년 1.75조 달러', '3,233개로 … 확보(’24년)') or of
    its own year without 까지 (an actual: '’25년 3,000억원'), or the start of an arrow that is no
    goal itself: a record or a baseline, not a target."""
    p, now = placed[k], context.document_year
    if now is not None and any(y < now for y in _bracket_years(text, placed, k)):
        return True                                   # '(연간 증명서 9.5억건 ’18년 발급)'
    stated = year if year is not None else _own_bracket_year(text, placed, k)
    if now is not None and stated is not None:
        by = "까지" in text[_year_start(placed, k):p.start + 1]
        reached = year is not None and grammar.arrow_before(text[:_year_start(placed, k)])
        if stated < now or (stated == now and not by and not reached):
            return True
    return grammar.points_on(text[p.end:]) and not _future(year, context)


def _bracket_years(text: str, placed: list[Placed], k: int) -> list[int]:
    """The years in the bracket that holds figure ``k``, when the figure does not point on (an
    arrow's start in a bracket is a baseline, its year no record of the target)."""
    bracket = grammar.bracket_of(text, placed[k].start)
    if not bracket or grammar.ARROW.search(text[bracket[0]:bracket[1]]):
        return []
    return [q.year for q in placed if q.is_year and bracket[0] < q.start < bracket[1]]


def _own_bracket_year(text: str, placed: list[Placed], k: int) -> int | None:
    """The year of a bracket of only a year right after a figure's clause ('확보(’24년)')."""
    after = placed[k + 1] if k + 1 < len(placed) else None
    if after is None or not after.is_year:
        return None
    around = grammar.bracket_of(text, after.start)
    if not around or around[0] < placed[k].end or re.search(r"[,，;]", text[placed[k].end:around[0]]):
        return None
    alone = not any(not q.is_year and around[0] < q.start < around[1] for q in placed)
    return after.year if alone else None


def _measures(fig: Figure) -> bool:
    """A quantity a goal may set: a measurable figure, or a rank ('글로벌 임상시험 3위')."""
    return targets.is_target_figure(fig) or (fig.kind == "ordinal" and fig.unit == "위")


def _not_a_level(text: str, p: Placed) -> bool:
    """A figure that counts a list, numbers parts or measures a period: no level to reach."""
    fig = p.figure
    if fig.unit in grammar.words().counted_units:
        return True
    if fig.kind == "count" and grammar.counted_noun(text[p.end:]):
        return True
    return fig.kind == "duration" and fig.op not in ("<=", "<")


def _future(year: int | None, context: Context) -> bool:
    return year is not None and (context.document_year is None or year > context.document_year)


def _heading_year(text: str, placed: list[Placed], k: int) -> int | None:
    """The year that heads a figure: the nearest year before it, with no other quantity between
    and close enough ('’26년 25개', '’30. 116억불', '(’30) 80%', '’26년 총 20개 대학')."""
    for j in range(k - 1, -1, -1):
        q = placed[j]
        if not q.is_year:
            return None
        gap = text[q.end:placed[k].start]
        if len(gap) > YEAR_REACH or re.search(r"[,，;]|[~∼～]\s*$", gap) or "까지" in q.figure.text + gap[:3]:
            return None if "까지" not in q.figure.text + gap[:3] else q.year
        return q.year
    return None


def _baseline(text: str, placed: list[Placed], k: int, context: Context) -> tuple:
    """The starting value an arrow points from, in the target's unit, and its year: the last
    value of the chain that is a record (not after the document's year), else the one just before
    ('’25년 10개 → ’26년 25개 → ’27년 30개': 10 for both; '‘26년 6개 → ’27년 이후 100개': 6)."""
    p = placed[k]
    chain = []
    j = k
    while j > 0:
        prev = next((i for i in range(j - 1, -1, -1) if not placed[i].is_year), None)
        if prev is None or not grammar.joined_by_arrow(text[placed[prev].end:placed[j].start]):
            break
        if placed[prev].figure.unit == p.figure.unit:
            chain.insert(0, prev)
        j = prev
    if not chain:
        bare = grammar.bare_baseline(text[:p.start])
        return (bare, None) if bare is not None else (None, None)
    years = {i: _heading_year(text, placed, i) for i in chain}
    records = [i for i in chain if years[i] is not None and not _future(years[i], context)]
    pick = records[-1] if records else chain[-1]
    return placed[pick].figure.value, years[pick]


def _predicate(text: str, tokens: list[Token], p: Placed, hang: bool = True) -> tuple[str | None, str]:
    """('goal' | 'other' | None, the predicate word): what governs the figure. Inside its bracket
    first ('(’30년까지 500개 구축)'), then the word the bracket hangs on ('유치(연 6명)'), then on.
    An amount in a bracket hangs on nothing ('조성(’26년, 600억원)': the cost of the step)."""
    bracket = grammar.bracket_of(text, p.start)
    if bracket:
        verdict = _scan(text, [t for t in tokens if p.end <= t.start < bracket[1]])
        if verdict[0] or not hang:
            return verdict
        before = [t for t in tokens if t.end <= bracket[0]]
        if before:
            word = before[-1].form
            if word in grammar.words().goal:
                return "goal", word
            if word in grammar.words().other:
                return "other", word
    after = [t for t in tokens if t.start >= (bracket[1] if bracket else p.end) and t.start < p.end + PREDICATE_REACH]
    return _scan(text, after)


def _scan(text: str, tokens: list[Token]) -> tuple[str | None, str]:
    """The first goal or other predicate among ``tokens``; past forms are records ('달성했다')."""
    words = grammar.words()
    for i, tok in enumerate(tokens):
        form = tok.form
        if tok.tag == "JKG" and i <= 2:               # '125개 개별포털의 …': the figure modifies a noun
            return "other", form
        if form in words.goal and tok.tag.startswith("NN") and _modifies(text, tokens, i):
            continue                                  # '개방·공유(28.7%)', '절감효과': a noun, not the verb
        if form in words.goal and tok.tag.startswith(("NN", "XR", "VV", "VA")):
            if grammar.in_past(text[tok.end:tok.end + 6]):
                return "other", form
            return "goal", form
        if form in words.other and tok.tag.startswith(("NN", "XR")):
            return "other", form
        if tok.tag.startswith(PREDICATE_TAGS):
            return "other", form
    return None, ""


def _modifies(text: str, tokens: list[Token], i: int) -> bool:
    """Whether goal noun ``tokens[i]`` names a thing rather than the action: it has a figure in a
    bracket of its own ('개방·공유(28.7%)', '확대(3개)'), or a noun glued after it ('절감효과')."""
    tok = tokens[i]
    if re.match(r"^(?:·[가-힣]{1,4})?\s*[(（]\s*[\d약총연]|^\s*\d", text[tok.end:tok.end + 12]):
        return True
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    return bool(nxt and nxt.start == tok.end and nxt.tag in ("NNG", "NNP") and len(nxt.form) > 1)


def _direction(p: Placed, op: str, predicate: str, baseline, text: str) -> str | None:
    """From baseline vs value when both are stated, else the predicate's sense; a rank has none
    (a smaller number is the better one)."""
    if p.figure.unit == "위":
        return None
    if baseline is not None and baseline != p.figure.value:
        return "increase" if p.figure.value > baseline else "decrease"
    if predicate and any(predicate.startswith(v) for v in korean.DECREASE_VERBS):
        return "decrease"
    if predicate and any(predicate.startswith(v) for v in korean.INCREASE_VERBS):
        return "increase"
    return targets.direction_of(text, p.end, op, p.figure.unit)


def _deadline(text: str, placed: list[Placed], k: int, year: int | None, context: Context) -> int | None:
    """The year a target is to be reached by: the year heading it, a year in its own bracket
    ('(’28, 25% 이상)'), the bracket after it (a year alone, '(’30)', or the end of an arrow,
    '(’24. 58억불 → ’30. 116억불)'), a year the sentence gives with 까지 or ~, the year that opens
    the sentence, the goal line's, the heading's, else the plan's horizon."""
    if year is not None:
        return year
    p = placed[k]
    bracket = grammar.bracket_of(text, p.start)
    if bracket:
        inside = [q for q in placed if q.is_year and bracket[0] < q.start < bracket[1]]
        if inside:
            return inside[-1].year
    following = _bracket_after(text, placed, k, bracket)
    if following is not None:
        return following
    for q in placed:
        if q.is_year and ("까지" in text[q.start:q.end + 3] or re.search(r"[~∼～]\s*$", text[:q.start])):
            return q.year
    if placed[0].is_year and placed[0].start <= 6 and not re.match(r"\s*[~∼～]", text[placed[0].end:]):
        return placed[0].year
    return context.label_year or context.heading_year or context.horizon


def _bracket_after(text: str, placed: list[Placed], k: int, own) -> int | None:
    """The year of the first bracket after figure ``k`` (before the next quantity outside it) that
    holds only years, or an arrow: its last year."""
    for q in placed[k + 1:]:
        around = grammar.bracket_of(text, q.start)
        if not q.is_year:
            if around != own and (around is None or around[0] < placed[k].end):
                return None
            continue
        if around is None or around == own:
            continue
        inner = text[around[0]:around[1]]
        alone = not any(not r.is_year and around[0] < r.start < around[1] for r in placed)
        if alone or grammar.ARROW.search(inner):
            years = [r.year for r in placed if r.is_year and around[0] < r.start < around[1]]
            return years[-1]
        return None
    return None
