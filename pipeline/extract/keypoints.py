"""Key points of a release: its lead paragraph and its top-level headlines, with their pages.

Any release has them, roadmap or not: the lead is the first paragraph of the body (after the header
box, title and subtitles), and the headlines are the body's top-level units in reading order:

* headings (``Ⅰ.``, ``1.``, ``■``, ``[분야]`` ...), not the sub-numbering under them (``가.``, ``(1)``)
  and not the lines of a table of contents (dot leaders);
* paragraphs under a top-level bullet (``□``, ``■``, ``❑`` ...), by their first sentence;
* short section labels under a dingbat the font maps to a private-use character (`` 총 괄``);
* in a release written in plain paragraphs (no bullet, no heading), each paragraph's first sentence
  (lines the structure stage left apart are joined while a full line does not end its sentence).

The body ends at the first annex label (``붙임``, ``별첨``, ``별지``); an inset (``참고``) is passed
over: its plain paragraphs are tables and captions more often than prose.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline import korean
from pipeline.records import KeyPoint, union_bbox
from pipeline.structure.blocks import Structure
from pipeline.structure.wraps import WrapJoiner

# Bullets that open a top-level paragraph. ◇ and ● are left out: releases use them for the summary
# lines under the title and for boxed asides, not for the body's own points.
TOP_BULLETS = frozenset(m for m, level in korean.BULLET_LEVELS.items() if level == 0) - {"◇", "●"}
# Numbering one level under the headings' own (가. 나. / (1) (2) / 가) 나)): not top-level.
SUB_NUMBERING = re.compile(r"^(?:[가-하][.)]|\(\d{1,2}\)|\d{1,2}\))$")
ANNEX = re.compile(r"^\W*(?:붙\s*임|별\s*첨|별\s*지)")
# A table-of-contents line: a run of leader dots, often with the page number after it.
LEADERS = re.compile(r"[·.‥…⋯]{4,}|(?:\s?[·.]){6,}")
CONTENTS = re.compile(r"^(?:목\s*차|순\s*서|차\s*례)$")
# A part label in angle brackets (<요약본>, < 참고사항 >): it names a part, it says nothing.
PART_LABEL = re.compile(r"^[<〈《].*[>〉》]$")
# Prose ends its sentences in -다. / -요. (a plan's nominal lines end in a noun and are not prose).
PROSE = re.compile(r"[다요][.。]|[다요][”\"’)]?\s*$")
# Where a sentence ends (a quoted '다.”' goes on: '…다.”라며'), and a line that ends a paragraph.
SENTENCE_END = re.compile(r"[다요][.。](?=\s|$)")
PARAGRAPH_END = re.compile(r"[다요][.。][”\"’)]?\s*$|[.。:：]\s*$")
SKIP_KINDS = {"masthead", "header", "title", "subtitle", "contact", "footnote", "caption", "note"}
MIN_LEAD = 20            # characters: shorter first lines are labels, dates, "(여 백)"
MIN_PROSE = 30
FULL_LINE_SLACK = 24.0   # points short of the right edge a wrapped line may end (two syllables)
MAX_LABEL = 20           # characters of a section label under a private-use dingbat


def key_points(structure: Structure) -> tuple[KeyPoint, ...]:
    """The lead paragraph and the top-level headlines of the document's body, in reading order."""
    body = list(_body(structure))
    headlines = [part for part in body if part.role in ("heading", "bullet")]
    if not headlines:
        headlines = [part for part in body if part.role == "prose"]
    # The lead is the body's first paragraph; a first bullet that is only a label (a plan's
    # '□ 추진개요') means the document has no lead paragraph.
    lead = next((part for part in body if part.role in ("bullet", "prose")), None)
    if lead is not None and len(lead.text) < MIN_LEAD:
        lead = None
    out = []
    if lead is not None:
        out.append(_point(structure, lead, "lead", lead.text))
    for part in headlines:
        if part is not lead:
            text = part.text if part.role == "heading" else first_sentence(part.text)
            out.append(_point(structure, part, "headline", text))
    return tuple(out)


def first_sentence(text: str) -> str:
    """``text`` up to its first sentence end (``-다.``/``-요.`` before a space), or all of it."""
    m = SENTENCE_END.search(text)
    return text[:m.end()] if m else text


@dataclass(frozen=True)
class _Part:
    """A candidate of the body: its blocks (a paragraph the structure left in lines has several),
    its role ('heading', 'bullet' or 'prose') and its text."""
    blocks: tuple[int, ...]
    role: str
    text: str


def _body(structure: Structure):
    """The body's candidate parts in reading order: headings, top-level bullet paragraphs, and
    plain paragraphs before any inset or annex (lines a reader sees as one paragraph joined)."""
    in_inset = False
    lines: list[int] = []          # plain lines of the paragraph being read
    right = _right_edges(structure)
    joiner = _Joiner(structure)
    for i, block in enumerate(structure.blocks):
        text = _text(structure, i)
        plain = (block.kind == "paragraph" and not block.marker and block.level == 0 and not in_inset
                 and text and not PART_LABEL.match(text))
        if plain and lines and _continues(structure, lines[-1], i, right):
            lines.append(i)
            continue
        yield from _prose(structure, lines, joiner)
        lines = [i] if plain else []
        if plain:
            continue
        if block.kind == "attachment":
            if ANNEX.match(text):
                return
            in_inset = True
            continue
        if (block.kind in SKIP_KINDS or not text or LEADERS.search(text) or CONTENTS.match(text)
                or PART_LABEL.match(text)):
            continue
        if block.kind == "heading" or _is_section_label(block.marker, text):
            if not SUB_NUMBERING.match(block.marker):
                yield _Part((i,), "heading", text)
        elif block.kind in ("paragraph", "item") and block.level == 0 and block.marker in TOP_BULLETS:
            yield _Part((i,), "bullet", text)
    yield from _prose(structure, lines, joiner)


class _Joiner:
    """The document's :class:`WrapJoiner`, made on first use (most documents need none)."""

    def __init__(self, structure: Structure):
        self.structure = structure
        self.joiner: WrapJoiner | None = None

    def __call__(self) -> WrapJoiner:
        if self.joiner is None:
            self.joiner = WrapJoiner([t.text for t in self.structure.block_texts])
        return self.joiner


def _continues(structure: Structure, before: int, i: int, right: dict[int, float]) -> bool:
    """Whether plain block ``i`` goes on the paragraph whose last line is block ``before``: it
    follows it, and that line runs to the page's right edge of text (``right``, by page) without
    ending its sentence, as a wrapped line does."""
    text, block = _text(structure, before), structure.blocks[before]
    return (i == before + 1 and len(text) >= MIN_PROSE and not PARAGRAPH_END.search(text)
            and block.bbox[2] >= right.get(block.page, 0.0) - FULL_LINE_SLACK)


def _right_edges(structure: Structure) -> dict[int, float]:
    """The right edge of the text of each page: the farthest any paragraph reaches."""
    right: dict[int, float] = {}
    for block in structure.blocks:
        if block.kind == "paragraph":
            right[block.page] = max(right.get(block.page, 0.0), block.bbox[2])
    return right


def _prose(structure: Structure, lines: list[int], joiner: _Joiner):
    """The plain paragraph made of ``lines`` (block indices), when it is prose; its lines joined at
    each wrap with or without a space as the structure stage joins wrapped lines."""
    if not lines:
        return
    text = _text(structure, lines[0])
    for i in lines[1:]:
        text = joiner().join(text, _text(structure, i))
    if len(text) >= MIN_PROSE and PROSE.search(text) and not LEADERS.search(text):
        yield _Part(tuple(lines), "prose", text)


def _is_section_label(marker: str, text: str) -> bool:
    """A short label under a dingbat the font maps to a private-use character (Hancom's boxed
    section marks, ` 총 괄`): a section heading whatever level its indent gave it."""
    return (len(marker) == 1 and korean.is_private_use(marker) and len(text) <= MAX_LABEL
            and not PROSE.search(text))


def _text(structure: Structure, i: int) -> str:
    return " ".join(structure.block_texts[i].text.split())


def _point(structure: Structure, part: _Part, kind: str, text: str) -> KeyPoint:
    first = structure.blocks[part.blocks[0]]
    box = union_bbox(structure.blocks[i].bbox for i in part.blocks if structure.blocks[i].page == first.page)
    # A private-use marker stands for a glyph no one can read back: kept out of the record.
    marker = "" if any(korean.is_private_use(c) for c in first.marker) else first.marker
    return KeyPoint(kind=kind, text=text, page=first.page, bbox=box, marker=marker, block=part.blocks[0])


# --- the brief's summary: the lead and the few headlines the release itself marks as main -----------

MAX_SUMMARY = 5          # headlines after the lead: a brief is read in a minute
NEAR_DUPLICATE = 0.6     # share of a shorter text's words found in another: the same point again
# A part the release labels as its summary ('<요약본>', '개요').
SUMMARY_PART = re.compile(r"^\W*(?:요\s*약\s*본?|개\s*요|핵심\s*요약)\W*$")
# Leading bullet glyphs and list numbering a point's text may still carry.
LEADING_GLYPHS = re.compile(r"^[\s□■❑◆◇○●◎▪▫•·\-–※➊-➓❶-❿①-⑳]+")
MIN_HEADING = 8          # characters of a heading that says something
QUOTE = re.compile(r"[“\"].{20,}[”\"]")


@dataclass(frozen=True)
class Summary:
    """The key points a brief shows first: the lead, at most :data:`MAX_SUMMARY` headlines (in
    reading order, each once, without bullet glyphs), and how many headlines it leaves out."""
    lead: KeyPoint | None
    headlines: tuple[KeyPoint, ...]
    total: int                       # headlines in the document, shown or not


def summarise(points, blocks=(), subtitles=(), target_texts=(), limit: int = MAX_SUMMARY) -> Summary:
    """Choose the brief's key points from ``points`` (a document's key points): headlines in the
    release's own summary part, its headings, those sharing words with a subtitle and those
    carrying a target rank first; near-duplicates of the lead or of a chosen one are passed over."""
    lead = next((k for k in points if k.kind == "lead"), None)
    lead = _clean(lead) if lead else None
    headlines = [_clean(k) for k in points if k.kind != "lead"]
    ranked = sorted(range(len(headlines)),
                    key=lambda i: (-_score(headlines[i], blocks, subtitles, target_texts), i))
    chosen: list[int] = []
    for i in ranked:
        kept = [headlines[j].text for j in chosen] + ([lead.text] if lead else [])
        if len(chosen) < limit and not any(word_overlap(headlines[i].text, t) >= NEAR_DUPLICATE for t in kept):
            chosen.append(i)
    return Summary(lead, tuple(headlines[i] for i in sorted(chosen)), len(headlines))


def word_overlap(a: str, b: str) -> float:
    """The share of the shorter text's words (punctuation aside) that the other one has too."""
    wa, wb = _words(a), _words(b)
    return len(wa & wb) / min(len(wa), len(wb)) if wa and wb else 0.0


def _words(text: str) -> set[str]:
    return {w for w in (re.sub(r"[^\w]", "", w) for w in text.split()) if w}


def _clean(point: KeyPoint) -> KeyPoint:
    from dataclasses import replace
    return replace(point, text=LEADING_GLYPHS.sub("", point.text).strip(), marker="")


def _score(point: KeyPoint, blocks, subtitles, target_texts) -> int:
    block = blocks[point.block] if point.block is not None and 0 <= point.block < len(blocks) else None
    score = 0
    if block is not None and SUMMARY_PART.match(block.section or ""):
        score += 3
    if block is not None and (block.kind == "heading" or block.marker == "■") and len(point.text) >= MIN_HEADING:
        score += 2                   # a heading of one word ('수요조사') names a step, not a point
    if any(word_overlap(point.text, s) >= 0.4 for s in subtitles):
        score += 2
    if any(t and (t in point.text or word_overlap(point.text, t) >= 0.6) for t in target_texts):
        score += 2
    if len(point.text) < MIN_LEAD and (block is None or block.kind != "heading"):
        score -= 2                   # a label ('추진개요') says nothing
    if QUOTE.search(point.text):
        score -= 1                   # a quote restates, it seldom adds
    return score
