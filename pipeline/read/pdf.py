"""Read stage: a PDF's pages as text lines with positions and fonts, and ruled tables as cell grids.

Each page is parsed once, by PDFium where it gives what pdfminer would and by pdfminer (through
pdfplumber) elsewhere (:mod:`pipeline.read.content`); its characters, ruling lines and images all come
from that one parse. What comes out knows nothing of paragraphs or bullets yet: that is the
structure stage's business.
"""
from __future__ import annotations

import re
import statistics
import unicodedata
from collections import Counter
from contextlib import nullcontext
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pdfplumber.table import TableFinder

from pipeline import korean
from pipeline.read.content import PageContent, PdfiumPages, pdfminer_content
from pipeline.read.source import file_sha256
from pipeline.records import BBox, DocumentWarning

# A gap wider than this many font sizes splits a row of characters into separate lines (columns).
COLUMN_GAP = 2.5
# A gap wider than this share of the font size, with no space character drawn, is a space on a line
# whose own gaps show no clear letter/word split (see word_breaks).
SPACE_GAP = 0.28
# Top and bottom share of the page where running headers and page numbers live.
FURNITURE_ZONE = 0.09
PAGE_NUMBER = re.compile(r"^[-–—\s]*(?:\d{1,4}|[ivxlc]{1,6})\s*(?:/\s*\d{1,4})?[-–—\s]*$", re.I)


@dataclass(frozen=True)
class Line:
    """A run of characters on one baseline, with the left and right edge of each character."""
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    font: str
    bold: bool
    char_x0: tuple[float, ...] = ()
    char_x1: tuple[float, ...] = ()
    space_after: bool = False      # the PDF drew a space character after the last visible one
    bold_chars: tuple[bool, ...] = ()  # per character, only kept when the line mixes bold and regular
    ref: str = ""                  # where an HWP/HWPX paragraph sits ('s1/p12'); '' for PDF lines
    ocr: float | None = None       # confidence (0-100) of the OCR words, for a line read by OCR
    char_ocr: tuple[float, ...] = ()  # per character, the confidence of its OCR word

    @property
    def bbox(self) -> BBox:
        return (self.x0, self.top, self.x1, self.bottom)

    def span_bbox(self, start: int, end: int) -> BBox:
        """Box of the characters ``text[start:end]``."""
        if not self.char_x0 or start >= len(self.char_x0):
            return self.bbox
        end = max(start + 1, min(end, len(self.char_x1)))
        return (self.char_x0[start], self.top, self.char_x1[end - 1], self.bottom)

    def first_word_room(self) -> float:
        """The room the first word would need at the end of the line above: its width and the word
        space after it, as this line sets them. Letter-spaced text (자간) narrows its glyphs and
        widens its gaps: the glyphs alone understate the room a word takes there."""
        cut = self.text.find(" ")
        if cut <= 0 or cut + 1 >= len(self.char_x0):
            return self.first_word_width()
        return self.char_x0[cut + 1] - self.x0

    def first_word_width(self) -> float:
        """Width of the first word, the room a previous line would have needed to hold it."""
        cut = self.text.find(" ")
        cut = len(self.text) if cut < 0 else cut
        if self.char_x1 and cut > 0:
            return self.char_x1[cut - 1] - self.x0
        return cut * self.size


@dataclass(frozen=True)
class GridCell:
    row: int
    col: int
    rowspan: int
    colspan: int
    bbox: BBox
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Grid:
    """A table found from ruling lines: cells on a grid of rows and columns."""
    bbox: BBox
    n_rows: int
    n_cols: int
    cells: tuple[GridCell, ...]


@dataclass(frozen=True)
class Page:
    number: int
    width: float
    height: float
    lines: tuple[Line, ...]          # body lines, outside ruled tables, furniture removed
    grids: tuple[Grid, ...]
    images: tuple[BBox, ...]
    has_text: bool
    engine: str = "pdfminer"         # which engine parsed the page (pipeline.read.content.READERS)


@dataclass(frozen=True)
class ReadDocument:
    path: str
    sha256: str
    producer: str
    pages: tuple[Page, ...]
    warnings: tuple[DocumentWarning, ...]


def read_pdf(pdf, path: str | Path, sha256: str | None = None, page_guard=None,
             pdfium: PdfiumPages | None = None, on_page=None) -> ReadDocument:
    """Read every page of an opened ``pdfplumber.PDF`` into lines and grids.

    With ``pdfium`` (the same file opened by :class:`pipeline.read.content.PdfiumPages`) each page is
    parsed by PDFium, and only a page PDFium cannot give exactly by pdfminer.

    ``page_guard``, when given, is called with each page number and used as a context manager
    around that page's parse (see :class:`pipeline.read.limits.PageGuard`): it may stop a page (time or
    memory limit, a content stream pdfminer cannot parse) and swallow the error; such a page is
    left out of ``pages`` and the guard reports it.

    ``on_page``, when given, is called with each page as soon as it is read (running headers not
    yet removed): OCR starts there on the pages that need it (:class:`pipeline.read.ocr.PageOcr`)."""
    pages, warnings = [], []
    for page in pdf.pages:
        read = None
        with page_guard(page.page_number) if page_guard else nullcontext():
            content = pdfium.content(page.page_number - 1) if pdfium is not None else None
            read, page_warnings = _read_page(content or pdfminer_content(page))
        page.close()                   # free pdfminer's layout: each page is parsed once and dropped
        if read is None:               # stopped by the guard
            continue
        pages.append(read)
        warnings.extend(page_warnings)
        if on_page is not None:
            on_page(read)
    pages = _without_furniture(pages)
    warnings.extend(_image_only_warnings(pages))
    meta = pdf.metadata or {}
    producer = " / ".join(str(meta[k]) for k in ("Producer", "Creator") if meta.get(k))
    return ReadDocument(path=str(path), sha256=sha256 or file_sha256(path), producer=producer,
                        pages=tuple(pages), warnings=tuple(_merge_warnings(warnings)))


# --- one page -------------------------------------------------------------------------------------

def _read_page(page: PageContent) -> tuple[Page, list[DocumentWarning]]:
    number = page.number
    chars, warnings = _clean_chars(dedupe_chars(page.chars), number)
    grids_raw = _find_grids(page)
    cell_chars: dict[tuple[int, int], list[dict]] = {}
    body: list[dict] = [] if grids_raw else list(chars)
    for ch in chars if grids_raw else ():
        where = _cell_of(ch, grids_raw)
        if where is None:
            body.append(ch)
        else:
            cell_chars.setdefault(where, []).append(ch)
    text_boxes = _boxes_of_text(grids_raw, cell_chars, body)
    for (gi, _), cell in cell_chars.items():
        if gi in text_boxes:
            body.extend(cell)
    grids = tuple(
        Grid(bbox=g["bbox"], n_rows=g["n_rows"], n_cols=g["n_cols"], cells=tuple(
            GridCell(row=c["row"], col=c["col"], rowspan=c["rowspan"], colspan=c["colspan"], bbox=c["bbox"],
                     lines=tuple(chars_to_lines(cell_chars.get((gi, ci), []))))
            for ci, c in enumerate(g["cells"])))
        for gi, g in enumerate(grids_raw) if gi not in text_boxes)
    lines = tuple(chars_to_lines(body))
    return Page(number=number, width=page.width, height=page.height, lines=lines, grids=grids,
                images=page.images, has_text=any(not c["text"].isspace() for c in chars),
                engine=page.engine), warnings


def dedupe_chars(chars: list[dict], share: float = 0.1) -> list[dict]:
    """Drop characters printed again over themselves (fake bold, drop shadows: '기기상상청청').

    A character is a copy when one with the same text sits within ``share`` of the font size in both
    directions. Buckets by position keep this linear in the number of characters."""
    kept, buckets = [], {}                 # text -> (bucket x, bucket y) -> kept characters
    for ch in chars:
        text, x0, top = ch["text"], ch["x0"], ch["top"]
        tol = max(1.0, share * ch["size"])
        bx, by = int(x0 // tol), int(top // tol)
        cells = buckets.get(text)
        if cells is None:                  # the first of its text on the page: nothing to copy
            buckets[text] = {(bx, by): [ch]}
            kept.append(ch)
        elif not _has_copy(cells, bx, by, x0, top, tol):
            kept.append(ch)
            cell = cells.get((bx, by))
            if cell is None:
                cells[(bx, by)] = [ch]
            else:
                cell.append(ch)
    return kept


def _has_copy(cells: dict, bx: int, by: int, x0: float, top: float, tol: float) -> bool:
    """A kept character (of the same text) within ``tol`` of (x0, top), in the 3x3 buckets around."""
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            for o in cells.get((bx + dx, by + dy), ()):
                if abs(o["x0"] - x0) <= tol and abs(o["top"] - top) <= tol:
                    return True
    return False


def _clean_chars(chars: list[dict], page: int) -> tuple[list[dict], list[DocumentWarning]]:
    """Map stand-in characters, and count what cannot be mapped."""
    out, counts = [], Counter()
    for ch in chars:
        text = ch["text"]
        if text.startswith("(cid:") or (len(text) == 1 and unicodedata.category(text) == "Cc" and not text.isspace()):
            counts["cid"] += 1          # no Unicode mapping (or a mapping to a control character)
            continue
        if _is_symbol_font(ch.get("fontname", "")):
            mapped = korean.WINGDINGS_BULLETS.get(text)
            counts["symbol_font" if mapped is None else "symbol_mapped"] += 1
            text = mapped or text
        elif korean.is_private_use(text):
            counts["private_use"] += 1
        elif korean.is_conjoining_jamo(text):
            counts["jamo"] += 1
            text = korean.JAMO_BULLETS.get(text) or korean.normalize_char(text)
        else:
            text = korean.normalize_char(text)
        if text != ch["text"]:
            ch = dict(ch, text=text)
        out.append(ch)
    return out, [DocumentWarning(code, _WARNING_TEXT[code].format(n=n), page) for code, n in counts.items()]


@lru_cache(maxsize=1024)
def _is_symbol_font(fontname: str) -> bool:
    font = fontname.lower()
    return any(s in font for s in korean.SYMBOL_FONTS)


_WARNING_TEXT = {
    "cid": "{n} characters without a Unicode mapping ((cid:NN) or a control code) were dropped",
    "private_use": "{n} private-use characters (e.g. boxed numbers U+F000) have no standard meaning",
    "jamo": "{n} conjoining jamo used as bullets or middle dots were mapped (ᄋ to ○, ᆞ to ·)",
    "symbol_font": "{n} symbol-font characters (Wingdings) could not be mapped",
    "symbol_mapped": "{n} symbol-font bullets (Wingdings) were mapped to Unicode bullets",
}


class _Edges:
    """What pdfplumber's ``TableFinder`` reads of a page with its default ("lines") settings."""

    def __init__(self, page: PageContent):
        self.edges = list(page.edges)
        self.bbox = (0.0, 0.0, page.width, page.height)


def _find_grids(page: PageContent) -> list[dict]:
    grids = []
    for table in TableFinder(_Edges(page)).tables:
        cells = [tuple(map(float, c)) for c in table.cells]
        if len(cells) < 1:
            continue
        xs = _edges([c[0] for c in cells] + [c[2] for c in cells])
        ys = _edges([c[1] for c in cells] + [c[3] for c in cells])
        placed = []
        for c in sorted(cells, key=lambda c: (round(c[1]), c[0])):
            col, col_end = _nearest(xs, c[0]), _nearest(xs, c[2])
            row, row_end = _nearest(ys, c[1]), _nearest(ys, c[3])
            placed.append({"row": row, "col": col, "rowspan": max(1, row_end - row),
                           "colspan": max(1, col_end - col), "bbox": c})
        grids.append({"bbox": tuple(map(float, table.bbox)), "n_rows": len(ys) - 1, "n_cols": len(xs) - 1,
                      "cells": placed})
    return grids


def _edges(values: list[float], tol: float = 2.0) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def _nearest(edges: list[float], v: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - v))


def _cell_of(ch: dict, grids: list[dict]) -> tuple[int, int] | None:
    cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
    for gi, g in enumerate(grids):
        x0, top, x1, bottom = g["bbox"]
        if not (x0 <= cx <= x1 and top <= cy <= bottom):
            continue
        for ci, c in enumerate(g["cells"]):
            b = c["bbox"]
            if b[0] <= cx <= b[2] and b[1] <= cy <= b[3]:
                return gi, ci
    return None


# --- boxes that are not tables --------------------------------------------------------------------
# Ruling lines draw more than tables: a highlight frame around the release time of a header line, or a
# box whose ruling falls inside a word. Read as a grid, such a box cuts a line of text into "cells"
# ('11:0' | '0') and takes it out of the text flow; its characters are given back to the body instead.

GLUED_GAP_EM = 0.15          # glyphs closer than this (in ems) across a cell edge are letters of one word
FRAMED_MAX_CHARS = 12        # a one-row box holding at most this many characters ...
FRAMED_LINE_GAP_EM = 1.0     # ... whose text line goes on this close outside it only frames part of the line


def _boxes_of_text(grids: list[dict], cell_chars: dict, body: list[dict]) -> set[int]:
    """Indexes of the grids that are boxes drawn on a line of text, not tables."""
    boxes = set()
    for gi, grid in enumerate(grids):
        inside = [(grid["cells"][ci], ch) for (g, ci), chars in cell_chars.items() if g == gi
                  for ch in chars if not ch["text"].isspace()]
        if _edge_cuts_a_word(inside) or _frames_part_of_a_line(grid, [ch for _, ch in inside], body):
            boxes.add(gi)
    return boxes


def _same_band(a: dict, b: dict) -> bool:
    """Two glyphs on one line, by the band ``chars_to_lines`` groups a line with."""
    mid_a, mid_b = (a["top"] + a["bottom"]) / 2, (b["top"] + b["bottom"]) / 2
    return abs(mid_a - mid_b) <= 0.45 * max(a["size"], b["size"])


def _edge_cuts_a_word(inside: list[tuple[dict, dict]]) -> bool:
    """A cell edge runs between two glyphs set as tight as letters of a word: real cells pad their
    text away from the ruling, so text flowing across an edge without a gap belongs to one line."""
    for cell, left in inside:
        glued = GLUED_GAP_EM * left["size"]
        if cell["bbox"][2] - left["x1"] > glued:       # not at its cell's right edge
            continue
        for other, right in inside:
            if (other is not cell and right["x0"] > left["x0"] and right["x0"] - left["x1"] < glued
                    and _same_band(left, right)):
                return True
    return False


def _frames_part_of_a_line(grid: dict, inside: list[dict], body: list[dict]) -> bool:
    """A one-row box around a few characters whose line goes on just outside the box (a word framed
    for emphasis): a table stands apart from the text beside it."""
    if grid["n_rows"] != 1 or not inside or len(inside) > FRAMED_MAX_CHARS:
        return False
    if any(not _same_band(inside[0], ch) for ch in inside):
        return False
    x0, _, x1, _ = grid["bbox"]
    reach = FRAMED_LINE_GAP_EM * max(ch["size"] for ch in inside)
    return any(not ch["text"].isspace() and _same_band(inside[0], ch)
               and (0 <= x0 - ch["x1"] <= reach or 0 <= ch["x0"] - x1 <= reach) for ch in body)


# --- characters to lines --------------------------------------------------------------------------

def chars_to_lines(chars: list[dict]) -> list[Line]:
    """Group characters into lines: same baseline band, split where a wide gap separates columns."""
    rows: list[list[dict]] = []
    for ch in sorted(chars, key=lambda c: ((c["top"] + c["bottom"]) / 2, c["x0"])):
        mid = (ch["top"] + ch["bottom"]) / 2
        if rows and abs(mid - rows[-1][0]["_mid"]) <= 0.45 * max(ch["size"], rows[-1][0]["size"]):
            rows[-1].append(ch)
        else:
            rows.append([dict(ch, _mid=mid)])
    lines = []
    for row in rows:
        for segment in _segments(sorted(row, key=lambda c: c["x0"])):
            line = _make_line(segment)
            if line is not None:
                lines.append(line)
    lines.sort(key=lambda l: (round(l.top), l.x0))
    return lines


def _segments(row: list[dict]):
    visible = [c for c in row if not c["text"].isspace()]
    if not visible:
        return
    size = statistics.median(c["size"] for c in visible)
    current: list[dict] = []
    last_x1 = None
    for ch in row:
        if not ch["text"].isspace() and last_x1 is not None and ch["x0"] - last_x1 > COLUMN_GAP * size:
            yield current
            current = []
        current.append(ch)
        if not ch["text"].isspace():
            last_x1 = ch["x1"]
    if current:
        yield current


def _make_line(chars: list[dict]) -> Line | None:
    visible = [c for c in chars if not c["text"].isspace()]
    if not visible:
        return None
    breaks = word_breaks(visible, _drawn_spaces(chars))
    text, x0s, x1s, bolds = [], [], [], []
    for i, ch in enumerate(visible):
        if i and breaks[i - 1]:
            text.append(" ")
            x0s.append(visible[i - 1]["x1"])
            x1s.append(ch["x0"])
            bolds.append(False)
        for piece in ch["text"]:           # ligatures may hold more than one character
            text.append(piece)
            x0s.append(ch["x0"])
            x1s.append(ch["x1"])
            bolds.append(_is_bold_fontname(ch["fontname"]))
    fonts = Counter(c["fontname"].split("+")[-1] for c in visible)
    font = fonts.most_common(1)[0][0]
    return Line(text="".join(text), x0=visible[0]["x0"], top=min(c["top"] for c in visible),
                x1=visible[-1]["x1"], bottom=max(c["bottom"] for c in visible),
                size=round(statistics.median(c["size"] for c in visible), 2), font=font,
                bold=_is_bold(font), char_x0=tuple(x0s), char_x1=tuple(x1s),
                space_after=chars[-1]["text"].isspace(),
                bold_chars=tuple(bolds) if len(set(b for b, t in zip(bolds, text) if t != " ")) > 1 else ())


def _drawn_spaces(chars: list[dict]) -> list[bool]:
    """For each pair of neighbouring visible characters, whether the PDF drew a space between them."""
    drawn, pending, seen = [], False, False
    for ch in chars:
        if ch["text"].isspace():
            pending = seen
            continue
        if seen:
            drawn.append(pending)
        pending, seen = False, True
    return drawn


# --- word spacing from geometry -------------------------------------------------------------------
#
# Korean PDFs often carry no space characters: a word space is only a wider gap between two glyphs.
# How wide depends on the run: plain text sets letters edge to edge (gap ~0) and words about a
# quarter to half an em apart; tight tracking (자간 -5%) narrows word gaps to a sixth of an em;
# loose tracking ('자 간', 0.3-0.5 em after every glyph) makes every letter gap wider than a plain word
# gap. So a line's gaps (in ems of the glyphs beside them) are split into its own two clusters,
# letter gaps and word gaps, where they separate clearly; a fixed share of the font size decides
# only when a line shows no such split.

# The least jump (in ems) between a line's letter gaps and its word gaps, and the least a word gap
# exceeds the typical letter gap by (a space is at least about a sixth of an em wide).
MIN_WORD_JUMP = 0.1
MIN_SPACE_WIDTH = 0.15
# Under loose tracking the word gap must also clear this share of the letter gap itself.
LOOSE_TRACKING_MARGIN = 0.5
# A word gap is at least this wide in itself: glyph boxes wider than their glyphs (half-width digits
# in a monospaced font's full-width boxes) overlap, and those overlaps are no letter spacing.
MIN_WORD_GAP = 0.12
# The least share of a line's gaps that are letter gaps (a line of one-letter words aside).
LETTER_SHARE = 0.25
# A split counts when its jump is at least this many times the spread of the letter gaps below it
# (plus a floor for the rounding of glyph boxes).
SPLIT_CLARITY = 0.8
SPREAD_FLOOR = 0.05


def word_breaks(visible: list[dict], drawn: list[bool]) -> list[bool]:
    """For each pair of neighbouring glyphs of one line, whether a word space separates them.

    A drawn space character is a space (unless it only spreads a label, see
    :func:`_joined_labels`). An undrawn gap is a space when it falls in the line's upper cluster
    of gaps (:func:`_gap_split`); on a line with no clear split, when it is wider than
    ``SPACE_GAP`` of the font size, unless the whole line is spread evenly (its typical gap over
    ``SPACE_GAP``: then only a gap ``LABEL_WORD_GAP`` times the typical one is a space). Gaps beside
    a middle dot are spaces only past ``SPACE_GAP`` whatever the line's split."""
    gaps = [_gap_em(a, b) for a, b in zip(visible, visible[1:])]
    free = [g for g, d in zip(gaps, drawn) if not d]
    cut = _gap_split(free)
    if cut is None:
        # evenly spread throughout ('보 도 자 료', '< 요 약 >'): letter gaps, all of them
        spaced_out = len(free) >= 1 and statistics.median(free) > SPACE_GAP
        cut = LABEL_WORD_GAP * statistics.median(free) if spaced_out else SPACE_GAP
    breaks = [d or g > (max(cut, SPACE_GAP) if _hugs(a, b) else cut)
              for g, d, a, b in zip(gaps, drawn, visible, visible[1:])]
    return _joined_labels(visible, gaps, breaks)


def _hugs(left: dict, right: dict) -> bool:
    """A middle dot (or a leader of dots) between the two: its glyph sits centred in a wide box, so
    the gaps beside it look wider than the letters' gaps without being spaces."""
    return left["text"] in korean.MIDDLE_DOTS or right["text"] in korean.MIDDLE_DOTS


def _gap_em(left: dict, right: dict) -> float:
    return (right["x0"] - left["x1"]) / max(left["size"], right["size"], 1e-6)


def _gap_split(gaps: list[float]) -> float | None:
    """The gap width (ems) between a line's letter gaps and its word gaps, or None when the gaps
    do not fall into two clearly separate clusters."""
    if len(gaps) < 2:
        return None
    values = sorted(gaps)
    best, best_score = None, SPLIT_CLARITY
    for k in range(len(values) - 1):
        jump = values[k + 1] - values[k]
        if jump < MIN_WORD_JUMP:
            continue
        lower = values[: k + 1]
        if LETTER_SHARE * len(values) > len(lower) or values[k + 1] < MIN_WORD_GAP or \
                values[k + 1] - statistics.median(lower) < _space_width(statistics.median(lower)):
            continue                   # words are seldom all one letter; a space has a width
        spread = lower[-1] - lower[len(lower) // 10]    # the letter gaps' spread, a kerned outlier aside
        score = jump / (spread + SPREAD_FLOOR)
        if score > best_score:
            best, best_score = (values[k] + values[k + 1]) / 2, score
    return best


def _space_width(letter_gap: float) -> float:
    """The least a word gap exceeds a line's typical letter gap by: a space's width, and more under
    loose tracking, whose letter gaps vary with it (irregular 자간; a short line shows few of them)."""
    return MIN_SPACE_WIDTH + LOOSE_TRACKING_MARGIN * max(0.0, letter_gap)


# In a spread-out label, a gap this many times its narrowest is a word space ('자 기  자 본').
LABEL_WORD_GAP = 1.6


def _joined_labels(visible: list[dict], gaps: list[float], breaks: list[bool]) -> list[bool]:
    """Join a label spread with spaces ('○ 계 획 명 :', '< 요 약 >', '담 당 부 서'): two or more
    single syllables, evenly apart, that fill the line up to a bullet, a colon or brackets."""
    words = _words(visible, breaks)
    syllable = [len(w) == 1 and korean.is_hangul(visible[w[0]]["text"]) for w in words]
    runs, start = [], None
    for i, single in enumerate(syllable + [False]):
        if single and start is None:
            start = i
        elif not single and start is not None:
            runs.append((start, i))
            start = None
    out = list(breaks)
    for a, b in runs:
        if b < len(words) and _syllable_then_bracket(visible, words[b]):
            b += 1                     # '단 기 예 보[육상]': the last syllable leans on a bracket
        if b - a < 2 or not _label_context(visible, words, a, b):
            continue
        inner = [gaps[words[j][0] - 1] for j in range(a + 1, b)]
        # evenly spread: one word; unevenly ('자 기  자 본'): the clearly wider gaps stay spaces
        even = max(inner) - min(inner) <= 0.25 * max(0.5, max(inner))
        for j, gap in zip(range(a + 1, b), inner):
            if even or gap < LABEL_WORD_GAP * max(min(inner), 0.05):
                out[words[j][0] - 1] = False
    return out


def _words(visible: list[dict], breaks: list[bool]) -> list[list[int]]:
    words = [[0]]
    for i in range(1, len(visible)):
        if breaks[i - 1]:
            words.append([i])
        else:
            words[-1].append(i)
    return words


def _syllable_then_bracket(visible, word: list[int]) -> bool:
    return len(word) >= 2 and korean.is_hangul(visible[word[0]]["text"]) and \
        (korean.is_label_closer(visible[word[1]]["text"]) or korean.is_label_opener(visible[word[1]]["text"]))


def _label_context(visible, words, a: int, b: int) -> bool:
    """The run ``words[a:b]`` is everything between the line's start (or a bullet or opening bracket)
    and its end (or a colon or closing bracket)."""
    def text(j):
        return "".join(visible[i]["text"] for i in words[j])
    before = a == 0 or (a == 1 and (korean.is_label_opener(text(0)) or korean.is_numbering(text(0))))
    after = b == len(words) or korean.is_label_closer(text(b)) or text(b)[:1] in korean.LABEL_OPENERS \
        or _syllable_then_bracket(visible, words[b - 1])
    return before and after


@lru_cache(maxsize=1024)
def _is_bold_fontname(fontname: str) -> bool:
    """:func:`_is_bold` of a PDF font name with its subset prefix ('ABCDEF+')."""
    return _is_bold(fontname.split("+")[-1])


@lru_cache(maxsize=1024)
def _is_bold(font: str) -> bool:
    f = font.lower()
    return any(k in f for k in ("bold", "black", "heavy", "extrab", "-bd", ",b")) or f.endswith(("bo", "-b"))


# --- document-level clean-up ---------------------------------------------------------------------

def _without_furniture(pages: list[Page]) -> list[Page]:
    """Drop page numbers and running headers/footers: short lines in the top or bottom band that
    are page numbers or repeat (digits aside) on many pages."""
    def key(line: Line) -> str:
        return re.sub(r"\d+", "#", line.text.strip())

    def in_zone(line: Line, page: Page) -> bool:
        return line.bottom < page.height * FURNITURE_ZONE or line.top > page.height * (1 - FURNITURE_ZONE)

    seen = Counter()
    for page in pages:
        seen.update({key(l) for l in page.lines if in_zone(l, page)})
    repeat = max(2, (len(pages) + 1) // 2)

    def furniture(line: Line, page: Page) -> bool:
        if not in_zone(line, page):
            return False
        return bool(PAGE_NUMBER.match(line.text)) or (len(pages) > 2 and seen[key(line)] >= repeat)

    return [Page(number=p.number, width=p.width, height=p.height,
                 lines=tuple(l for l in p.lines if not furniture(l, p)), grids=p.grids, images=p.images,
                 has_text=p.has_text, engine=p.engine) for p in pages]


def _image_only_warnings(pages: list[Page]) -> list[DocumentWarning]:
    return [DocumentWarning("image_only", "page has images but no text layer (scanned?)", p.number)
            for p in pages if not p.has_text and p.images]


def _merge_warnings(warnings: list[DocumentWarning]) -> list[DocumentWarning]:
    return list(dict.fromkeys(warnings))
