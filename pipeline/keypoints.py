"""Key points of a release: its lead paragraph and its top-level headlines, with their pages.

Any release has them, roadmap or not: the lead is the first paragraph of the body (after the header
box, title and subtitles), and the headlines are the body's top-level units in reading order:

* headings (``Ⅰ.``, ``1.``, ``■``, ``[분야]`` ...), not the sub-numbering under them (``가.``, ``(1)``)
  and not the lines of a table of contents (dot leaders);
* paragraphs under a top-level bullet (``□``, ``■``, ``❑`` ...), by their first sentence;
* short section labels under a dingbat the font maps to a private-use character (`` 총 괄``);
* in a release written in plain paragraphs (no bullet, no heading), each paragraph's first sentence.

The body ends at the first annex label (``붙임``, ``별첨``, ``별지``); an inset (``참고``) is passed
over: its plain paragraphs are tables and captions more often than prose.
"""
from __future__ import annotations

import re

from pipeline import korean
from pipeline.analysis import Analysis
from pipeline.records import KeyPoint
from pipeline.structure import Structure

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
SKIP_KINDS = {"masthead", "header", "title", "subtitle", "contact", "footnote", "caption", "note"}
MIN_LEAD = 20            # characters: shorter first lines are labels, dates, "(여 백)"
MIN_PROSE = 30
MAX_LABEL = 20           # characters of a section label under a private-use dingbat


def key_points(structure: Structure, analysis: Analysis) -> tuple[KeyPoint, ...]:
    """The lead paragraph and the top-level headlines of the document's body, in reading order."""
    body = list(_body(structure))
    headlines = [(i, kind) for i, kind in body if kind in ("heading", "bullet")]
    if not headlines:
        headlines = [(i, kind) for i, kind in body if kind == "prose"]
    # The lead is the body's first paragraph; a first bullet that is only a label (a plan's
    # '□ 추진개요') means the document has no lead paragraph.
    lead = next((i for i, kind in body if kind in ("bullet", "prose")), None)
    if lead is not None and len(_text(structure, lead)) < MIN_LEAD:
        lead = None
    out = []
    if lead is not None:
        out.append(_point(structure, lead, "lead", _text(structure, lead)))
    for i, kind in headlines:
        if i == lead:
            continue
        text = _text(structure, i) if kind == "heading" else _first_sentence(structure, analysis, i)
        out.append(_point(structure, i, "headline", text))
    return tuple(out)


def _body(structure: Structure):
    """(block index, role) of the body's candidate blocks: role is 'heading', 'bullet' (a top-level
    bullet paragraph) or 'prose' (a plain paragraph before any inset or annex)."""
    in_inset = False
    for i, block in enumerate(structure.blocks):
        text = _text(structure, i)
        if block.kind == "attachment":
            if ANNEX.match(text):
                return
            in_inset = True
            continue
        if (block.kind in SKIP_KINDS or not text or LEADERS.search(text) or CONTENTS.match(text)
                or PART_LABEL.match(text)):
            continue
        if block.kind == "heading":
            if not SUB_NUMBERING.match(block.marker):
                yield i, "heading"
        elif _is_section_label(block.marker, text):
            yield i, "heading"
        elif block.kind in ("paragraph", "item") and block.level == 0:
            if block.marker in TOP_BULLETS:
                yield i, "bullet"
            elif not block.marker and not in_inset and len(text) >= MIN_PROSE and PROSE.search(text):
                yield i, "prose"


def _is_section_label(marker: str, text: str) -> bool:
    """A short label under a dingbat the font maps to a private-use character (Hancom's boxed
    section marks, ` 총 괄`): a section heading whatever level its indent gave it."""
    return (len(marker) == 1 and korean.is_private_use(marker) and len(text) <= MAX_LABEL
            and not PROSE.search(text))


def _text(structure: Structure, i: int) -> str:
    return " ".join(structure.block_texts[i].text.split())


def _first_sentence(structure: Structure, analysis: Analysis, i: int) -> str:
    sentences = analysis.of(("block", i)).sentences
    first = " ".join(sentences[0].text.split()) if sentences else ""
    return first or _text(structure, i)


def _point(structure: Structure, i: int, kind: str, text: str) -> KeyPoint:
    block = structure.blocks[i]
    # A private-use marker stands for a glyph no one can read back: kept out of the record.
    marker = "" if any(korean.is_private_use(c) for c in block.marker) else block.marker
    return KeyPoint(kind=kind, text=text, page=block.page, bbox=block.bbox, marker=marker, block=i)
