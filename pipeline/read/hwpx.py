"""Read stage for HWPX (Hancom OWPML: a ZIP of XML parts) into the PDF path's read objects.

An HWPX document keeps its text as paragraphs, not as positioned glyphs. This module lays each
paragraph out as one :class:`~pipeline.read.pdf.Line` (its character shape's size, boldness and font;
its paragraph shape's left margin as the indent; its bullet or number written out as text) and
each table as a :class:`~pipeline.read.pdf.Grid` with its row and column spans, so that the structure
stage reads them as it reads a PDF. Paragraphs are set apart by more than a wrap's line pitch, so
the structure stage never joins two of them as one wrapped paragraph: an HWPX paragraph is already
whole.

Pages follow the layout Hangul saved with the file (each paragraph's ``linesegarray`` restarts at
the top of a new page; a ``pageBreak`` paragraph starts one), so the first page holds what the
PDF's first page holds. Provenance is the paragraph, not a box: every line carries ``ref``
(``s1/p12`` = section 1, paragraph 12; ``s1/p3/t0/r2c1/p0`` = a paragraph in row 2, column 1 of
the first table of that paragraph); the boxes are only a layout for the structure stage.

Headers, footers, page numbers, footnotes and hidden fields are left out, as the PDF path drops
page furniture.
"""
from __future__ import annotations

import re
import zipfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from pipeline import errors, korean
from pipeline.read.limits import DEFAULT_PAGE_MEMORY_MB, InflateBudget, read_chunks
from pipeline.read.pdf import Grid, GridCell, Line, Page, ReadDocument, _is_bold

NS = {
    "hp": "http://www.hancom.co.kr/hwpml/2011/paragraph",
    "hs": "http://www.hancom.co.kr/hwpml/2011/section",
    "hh": "http://www.hancom.co.kr/hwpml/2011/head",
    "hc": "http://www.hancom.co.kr/hwpml/2011/core",
    "ha": "http://www.hancom.co.kr/hwpml/2011/app",
    "opf": "http://www.idpf.org/2007/opf/",
}
HP = "{%s}" % NS["hp"]
HH = "{%s}" % NS["hh"]
HC = "{%s}" % NS["hc"]

#: HWPUNIT per PDF point (1 pt = 100 HWPUNIT).
UNIT = 100.0
#: Space left between paragraphs, in multiples of the larger font size: more than the 1.9 line
#: pitches the structure stage allows inside one wrapped paragraph.
PARAGRAPH_GAP = 2.0
DEFAULT_SIZE = 10.0
CELL_PAD = 2.0
# Inline elements of <hp:t> that stand for a character.
_INLINE_TEXT = {"tab": " ", "lineBreak": " ", "nbSpace": " ", "fwSpace": " ", "hyphen": "-"}
# Objects whose paragraphs are not body text (page furniture, notes, hidden fields).
_SKIPPED = {"header", "footer", "footNote", "endNote", "pageNum", "pageHiding", "autoNum", "newNum",
            "fieldBegin", "fieldEnd", "bookmark", "indexmark", "hiddenComment", "secPr", "colPr",
            "pageNumCtrl", "equation"}


@dataclass(frozen=True)
class CharShape:
    size: float
    bold: bool
    font: str


@dataclass(frozen=True)
class ParaShape:
    left: float          # left margin, points
    indent: float        # first-line indent ("intent"), points
    heading: str         # NONE, BULLET, NUMBER, OUTLINE
    heading_id: int
    level: int


@dataclass
class Header:
    """The shapes of ``Contents/header.xml`` that the layout needs."""
    chars: dict[int, CharShape] = field(default_factory=dict)
    paras: dict[int, ParaShape] = field(default_factory=dict)
    bullets: dict[int, str] = field(default_factory=dict)
    numberings: dict[int, dict[int, tuple[str, str, int]]] = field(default_factory=dict)
    ruled: set[int] = field(default_factory=set)       # border fills that draw a cell border
    borders: dict[int, tuple[bool, bool, bool, bool]] = field(default_factory=dict)  # drawn l, r, t, b


# --- opening ------------------------------------------------------------------------------------

def read_hwpx(path: str | Path, sha256: str,
              page_memory: int | None = DEFAULT_PAGE_MEMORY_MB) -> ReadDocument:
    """Read the HWPX file at ``path`` into pages of lines and grids (see the module docstring).

    Raises :class:`pipeline.errors.CorruptHwpError` when the archive or its XML is broken or holds
    no section, :class:`pipeline.errors.EncryptedHwpError` for an encrypted document, and
    :class:`pipeline.errors.DecompressionBombError` when its parts inflate past the
    :class:`~pipeline.read.limits.InflateBudget` of its size and ``page_memory`` (MB)."""
    path = Path(path)
    try:
        budget = InflateBudget(path, "HWPX", page_memory)
        with zipfile.ZipFile(path) as zf:
            names = zf.namelist()
            if "META-INF/manifest.xml" in names and b"encryption-data" in _read(zf, "META-INF/manifest.xml", budget):
                raise errors.EncryptedHwpError(path)
            header = parse_header(_parse(zf, "Contents/header.xml", budget))
            sections = [_parse(zf, n, budget) for n in _section_names(zf, names)]
            producer = _producer(zf, names, budget)
    except errors.InputError:
        raise
    except (zipfile.BadZipFile, KeyError, ET.ParseError, OSError, EOFError, RuntimeError, ValueError) as exc:
        raise errors.CorruptHwpError(path, f"{type(exc).__name__}: {errors.one_line(str(exc))}") from None
    if not sections:
        raise errors.CorruptHwpError(path, "no Contents/section*.xml part")
    pages = Layout(header).sections(sections)
    return ReadDocument(path=path.name, sha256=sha256, producer=producer, pages=tuple(pages),
                        warnings=())


def _inflated(zf: zipfile.ZipFile, name: str, budget: InflateBudget) -> Iterator[bytes]:
    """The part ``name`` inflated a chunk at a time, within ``budget``: its declared size is
    checked first, then the bytes as they come (a header may lie)."""
    info = zf.getinfo(name)
    budget.declare(name, info.file_size)
    with zf.open(info) as member:
        yield from budget.inflate(name, read_chunks(member))


def _read(zf: zipfile.ZipFile, name: str, budget: InflateBudget) -> bytes:
    return b"".join(_inflated(zf, name, budget))


def _parse(zf: zipfile.ZipFile, name: str, budget: InflateBudget) -> ET.Element:
    """The XML part ``name``, parsed as it is inflated (the bytes are never held whole)."""
    parser = ET.XMLParser()
    for chunk in _inflated(zf, name, budget):
        parser.feed(chunk)
    return parser.close()


def _section_names(zf: zipfile.ZipFile, names: list[str]) -> list[str]:
    """The section parts in reading order: the spine of ``content.hpf``, else by number."""
    found = [n for n in names if re.fullmatch(r"Contents/section\d+\.xml", n)]
    return sorted(found, key=lambda n: int(re.search(r"(\d+)\.xml$", n).group(1)))


def _producer(zf: zipfile.ZipFile, names: list[str], budget: InflateBudget) -> str:
    if "version.xml" not in names:
        return "HWPX"
    root = _parse(zf, "version.xml", budget)
    app = root.get("appVersion") or ""
    return f"HWPX {app}".strip()


# --- header.xml ---------------------------------------------------------------------------------

def parse_header(root: ET.Element) -> Header:
    """Character shapes (size, bold, font), paragraph shapes, bullets and numbering formats."""
    header = Header()
    fonts = {int(f.get("id")): f.get("face", "") for face in root.iter(HH + "fontface")
             if face.get("lang") == "HANGUL" for f in face.iter(HH + "font")}
    for cp in root.iter(HH + "charPr"):
        ref = cp.find(HH + "fontRef")
        font = fonts.get(int(ref.get("hangul", 0)), "") if ref is not None else ""
        bold = cp.find(HH + "bold") is not None or _is_bold(font)
        header.chars[int(cp.get("id"))] = CharShape(int(cp.get("height", 1000)) / UNIT, bold, font)
    for pp in root.iter(HH + "paraPr"):
        head = pp.find(HH + "heading")
        margin = _default_margin(pp)
        header.paras[int(pp.get("id"))] = ParaShape(
            left=_margin_value(margin, "left"), indent=_margin_value(margin, "intent"),
            heading=head.get("type", "NONE") if head is not None else "NONE",
            heading_id=int(head.get("idRef", 0)) if head is not None else 0,
            level=int(head.get("level", 0)) if head is not None else 0)
    for bf in root.iter(HH + "borderFill"):
        sides = [bf.find(HH + f"{side}Border") for side in ("left", "right", "top", "bottom")]
        drawn = tuple(el is not None and el.get("type", "NONE") != "NONE" for el in sides)
        header.borders[int(bf.get("id"))] = drawn
        if any(drawn):
            header.ruled.add(int(bf.get("id")))
    for b in root.iter(HH + "bullet"):
        header.bullets[int(b.get("id"))] = b.get("char", "")
    for n in root.iter(HH + "numbering"):
        header.numberings[int(n.get("id"))] = {
            int(h.get("level", 1)): (h.text or "", h.get("numFormat", "DIGIT"), int(h.get("start", 1)))
            for h in n.iter(HH + "paraHead")}
    return header


def _default_margin(pp: ET.Element) -> ET.Element | None:
    """The margin in HWPUNIT: ``hp:default`` of a ``hp:switch``, or the plain ``hh:margin``."""
    for sw in pp.iter(HP + "switch"):
        default = sw.find(HP + "default")
        if default is not None and default.find(HH + "margin") is not None:
            return default.find(HH + "margin")
    return pp.find(HH + "margin")


def _margin_value(margin: ET.Element | None, name: str) -> float:
    if margin is None:
        return 0.0
    el = margin.find(HC + name)
    return int(el.get("value", 0)) / UNIT if el is not None else 0.0


# --- numbering ----------------------------------------------------------------------------------

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_HANGUL_SYLLABLES = "가나다라마바사아자차카타파하"
_HANGUL_JAMO = "ㄱㄴㄷㄹㅁㅂㅅㅇㅈㅊㅋㅌㅍㅎ"
_CIRCLED_HANGUL = "㉮㉯㉰㉱㉲㉳㉴㉵㉶㉷㉸㉹㉺㉻"
_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
          (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def format_number(n: int, fmt: str) -> str:
    """``n`` in one of OWPML's number formats (DIGIT, CIRCLED_DIGIT, HANGUL_SYLLABLE ...)."""
    def pick(seq: str) -> str:
        return seq[(n - 1) % len(seq)] if n > 0 else str(n)
    if fmt == "CIRCLED_DIGIT":
        return pick(_CIRCLED)
    if fmt == "HANGUL_SYLLABLE":
        return pick(_HANGUL_SYLLABLES)
    if fmt == "HANGUL_JAMO":
        return pick(_HANGUL_JAMO)
    if fmt == "CIRCLED_HANGUL_SYLLABLE":
        return pick(_CIRCLED_HANGUL)
    if fmt in ("ROMAN_CAPITAL", "ROMAN_SMALL"):
        out, rest = "", n
        for value, letters in _ROMAN:
            while rest >= value:
                out, rest = out + letters, rest - value
        return out if fmt == "ROMAN_CAPITAL" else out.lower()
    if fmt in ("LATIN_CAPITAL", "LATIN_SMALL"):
        letter = chr(ord("A") + (n - 1) % 26)
        return letter if fmt == "LATIN_CAPITAL" else letter.lower()
    return str(n)


class Numbering:
    """Running counters of numbered paragraphs: a level's number goes up, deeper ones restart."""

    def __init__(self, header: Header):
        self.header = header
        self.counters: dict[int, dict[int, int]] = {}

    def label(self, shape: ParaShape, outline_id: int) -> str:
        """The bullet or number a paragraph of ``shape`` shows, with a space after it, or ''."""
        if shape.heading == "BULLET":
            char = self.header.bullets.get(shape.heading_id, "")
            return f"{char} " if char and char.isprintable() and not _private(char) else ""
        if shape.heading not in ("NUMBER", "OUTLINE"):
            return ""
        nid = outline_id if shape.heading == "OUTLINE" else shape.heading_id
        heads = self.header.numberings.get(nid)
        level = shape.level + 1
        if not heads or level not in heads:
            return ""
        counts = self.counters.setdefault(nid, {})
        counts[level] = counts.get(level, heads[level][2] - 1) + 1
        for deeper in [k for k in counts if k > level]:
            del counts[deeper]
        text = heads[level][0]
        for lv in range(1, 11):
            if f"^{lv}" in text:
                fmt, start = (heads[lv][1], heads[lv][2]) if lv in heads else ("DIGIT", 1)
                text = text.replace(f"^{lv}", format_number(counts.get(lv, start), fmt))
        return f"{text} " if text.strip() else ""


def _private(char: str) -> bool:
    return 0xE000 <= ord(char[0]) <= 0xF8FF


# --- paragraphs ---------------------------------------------------------------------------------

@dataclass
class Para:
    """One paragraph's text, with the character shape of each character."""
    text: str
    shapes: list[CharShape]
    para: ParaShape
    ref: str
    tables: list[tuple[ET.Element, str]]       # tables anchored in the paragraph, with their ref
    inner: list[tuple[ET.Element, str]]        # paragraphs of text boxes and captions in it
    page_break: bool = False
    vertpos: int | None = None


class Layout:
    """Lays the paragraphs and tables of sections out on pages."""

    def __init__(self, header: Header):
        self.header = header
        self.numbering = Numbering(header)
        self.outline_id = 1
        self.pages: list[Page] = []

    def sections(self, sections: list[ET.Element]) -> list[Page]:
        self.body_size = self._body_size(sections)
        for si, sec in enumerate(sections, start=1):
            self._section(sec, si)
        return self.pages

    def _body_size(self, sections: list[ET.Element]) -> float:
        """The size most of the text is set in."""
        from collections import Counter
        sizes = Counter()
        for sec in sections:
            for run in sec.iter(HP + "run"):
                cs = self.header.chars.get(int(run.get("charPrIDRef", 0)))
                n = sum(len("".join(t.itertext()).strip()) for t in run.findall(HP + "t"))
                if cs is not None and n:
                    sizes[cs.size] += n
        return sizes.most_common(1)[0][0] if sizes else DEFAULT_SIZE

    # pages ---------------------------------------------------------------------------------
    def _section(self, sec: ET.Element, si: int) -> None:
        sec_pr = next(sec.iter(HP + "secPr"), None)
        if sec_pr is not None:
            self.outline_id = int(sec_pr.get("outlineShapeIDRef", 1) or 1)
        page_pr = next(sec.iter(HP + "pagePr"), None)
        margin = page_pr.find(HP + "margin") if page_pr is not None else None
        self.width = int(page_pr.get("width", 59528)) / UNIT if page_pr is not None else 595.3
        self.height = int(page_pr.get("height", 84186)) / UNIT if page_pr is not None else 841.9
        self.left = int(margin.get("left", 5669)) / UNIT if margin is not None else 56.7
        self.right_margin = int(margin.get("right", 5669)) / UNIT if margin is not None else 56.7
        self._new_page()
        last_vert = -1
        for pi, p in enumerate(sec.findall(HP + "p")):
            para = self._para(p, f"s{si}/p{pi}")
            turned = para.vertpos is not None and para.vertpos < last_vert
            if (para.page_break or turned) and (self.lines or self.grids):
                self._new_page()
            if para.vertpos is not None:
                last_vert = para.vertpos
            self._place(para, self.left)
        self._end_page()

    def _new_page(self) -> None:
        if getattr(self, "lines", None) or getattr(self, "grids", None):
            self._end_page()
        self.lines: list[Line] = []
        self.grids: list[Grid] = []
        self.y = 0.0
        self.prev_size = 0.0

    def _end_page(self) -> None:
        if not self.lines and not self.grids:
            return
        has_text = bool(self.lines) or any(c.lines for g in self.grids for c in g.cells)
        self.pages.append(Page(number=len(self.pages) + 1, width=self.width,
                               height=max(self.height, self.y + 10), lines=tuple(self.lines),
                               grids=tuple(self.grids), images=(), has_text=has_text, engine="hwpx"))
        self.lines, self.grids = [], []

    # placing -------------------------------------------------------------------------------
    def _place(self, para: Para, left: float) -> None:
        """The paragraph's line, then its tables, then the paragraphs of its text boxes."""
        line = self._line(para, left, self.y)
        if line is not None:
            self.lines.append(line)
            self.y = line.bottom
        for tbl, ref in para.tables:
            grid = self._grid(tbl, ref, left + para.para.left)
            if grid is not None:
                self.grids.append(grid)
        for p, ref in para.inner:
            self._place(self._para(p, ref), left)

    def _line(self, para: Para, left: float, y: float) -> Line | None:
        """One line for the paragraph at ``y`` (a gap above it), or None for an empty one."""
        text, shapes = para.text, para.shapes
        strip = len(text) - len(text.lstrip())
        text, shapes = text[strip:].rstrip(), shapes[strip:]
        if not text:
            return None
        label = self.numbering.label(para.para, self.outline_id)
        if label:
            text, shapes = label + text, [shapes[0]] * len(label) + shapes
        shapes = shapes[:len(text)]
        visible = [s for s, ch in zip(shapes, text) if not ch.isspace()] or shapes
        size = _mode([s.size for s in visible])
        top = y + self._gap(size, para)
        self.prev_size, self.prev_shape = size, para.para
        x0 = left + para.para.left + max(0.0, para.para.indent)
        return make_line(text, x0, top, size, [s.bold for s in shapes], _mode([s.font for s in visible]),
                         para.ref)

    def _gap(self, size: float, para: Para) -> float:
        """Space above a paragraph: more than a wrap's pitch, except between the paragraphs of a
        display heading (a title typed over two paragraphs reads as one, as in the PDF)."""
        display = size >= self.body_size + 4 and size == self.prev_size
        if display and para.para == getattr(self, "prev_shape", None):
            return 0.4 * size
        return PARAGRAPH_GAP * max(size, self.prev_size or size)

    def _grid(self, tbl: ET.Element, ref: str, x0: float) -> Grid | None:
        """A table: each cell's paragraphs stacked in it, rows as high as their contents."""
        n_rows, n_cols = int(tbl.get("rowCnt", 0)), int(tbl.get("colCnt", 0))
        raw = []
        for tr in tbl.findall(HP + "tr"):
            for tc in tr.findall(HP + "tc"):
                addr, span, sz = tc.find(HP + "cellAddr"), tc.find(HP + "cellSpan"), tc.find(HP + "cellSz")
                row, col = int(addr.get("rowAddr", 0)), int(addr.get("colAddr", 0))
                rowspan = int(span.get("rowSpan", 1)) if span is not None else 1
                colspan = int(span.get("colSpan", 1)) if span is not None else 1
                width = int(sz.get("width", 0)) / UNIT if sz is not None else 0.0
                raw.append((row, col, rowspan, colspan, width, tc))
        if not raw:
            return None
        n_rows = max(n_rows, max(r + rs for r, _, rs, _, _, _ in raw))
        n_cols = max(n_cols, max(c + cs for _, c, _, cs, _, _ in raw))
        xs = _column_edges(raw, n_cols, x0)
        if not self._is_ruled(raw):
            self._flow_cells(raw, ref, xs)
            return None
        merged, row_edges, col_edges = self._visible_cells(raw)
        xs = [xs[c] for c in col_edges]
        n_rows, n_cols = len(row_edges) - 1, len(col_edges) - 1
        # Lay each cell's paragraphs out from 0, then shift them under their row.
        contents = []
        for row, col, rowspan, colspan, members in merged:
            lines: list[Line] = []
            for mrow, mcol, tc in members:
                lines.extend(self._cell_lines(tc, f"{ref}/r{mrow}c{mcol}", xs[col] + CELL_PAD,
                                              lines[-1].bottom if lines else 0.0))
            height = (lines[-1].bottom + PARAGRAPH_GAP * lines[-1].size) if lines else 12.0
            contents.append((row, col, rowspan, colspan, lines, height))
        heights = [12.0] * n_rows
        for row, _, rowspan, _, _, height in sorted(contents, key=lambda c: c[2]):
            have = sum(heights[row:row + rowspan])
            if height > have:
                heights[row + rowspan - 1] += height - have
        top = self.y + PARAGRAPH_GAP * max(self.prev_size, DEFAULT_SIZE)
        ys = [top]
        for h in heights:
            ys.append(ys[-1] + h)
        cells = []
        for row, col, rowspan, colspan, lines, _ in contents:
            shifted = tuple(_shift(l, ys[row]) for l in lines)
            cells.append(GridCell(row=row, col=col, rowspan=rowspan, colspan=colspan,
                                  bbox=(xs[col], ys[row], xs[col + colspan], ys[row + rowspan]), lines=shifted))
        cells.sort(key=lambda c: (c.row, c.col))
        self.y = ys[-1]
        self.prev_size = DEFAULT_SIZE
        return Grid(bbox=(xs[0], ys[0], xs[-1], ys[-1]), n_rows=n_rows, n_cols=n_cols, cells=tuple(cells))

    def _is_ruled(self, raw: list) -> bool:
        """A table as a PDF reader finds it from ruling lines: cells draw vertical and horizontal
        borders, and more than one cell holds text (a layout table around a logo and a masthead is text on the page)."""
        drawn = [self.header.borders.get(int(tc.get("borderFillIDRef", 0)), (False,) * 4) for *_, tc in raw]
        ruled = any(d[0] or d[1] for d in drawn) and any(d[2] or d[3] for d in drawn)
        texted = [row for row, *_, tc in raw if "".join(_t_text(t) for t in tc.iter(HP + "t")).strip()]
        return ruled and len(texted) > 1 and not _is_frame(raw, texted)

    def _flow_cells(self, raw: list, ref: str, xs: list[float]) -> None:
        """The paragraphs of a table drawn without borders as body text: the cells of a row side
        by side on one band (as a PDF shows them), rows one under another."""
        rows: dict[int, list] = {}
        for cell in raw:
            rows.setdefault(cell[0], []).append(cell)
        for row in sorted(rows):
            start, prev, bottom = self.y, self.prev_size, self.y
            first, grids = len(self.lines), len(self.grids)
            for _, col, _, _, _, tc in sorted(rows[row], key=lambda c: c[1]):
                self.y, self.prev_size = start, prev
                sub = tc.find(HP + "subList")
                for pi, p in enumerate(sub.findall(HP + "p") if sub is not None else ()):
                    self._place(self._para(p, f"{ref}/r{row}c{col}/p{pi}"), xs[col] + CELL_PAD)
                bottom = max(bottom, self.y)
            self.y = bottom
            band = self.lines[first:]
            if len(band) > 1 and len(self.grids) == grids and len({l.top for l in band}) == 1:
                self.lines[first:] = [_one_line(band)]      # one line of text across the row


    def _visible_cells(self, raw: list):
        """The cells a reader sees: cells parted only by borders drawn as NONE are one cell (as
        a PDF reader finds them from the ruling lines). Returns ``(cells, row edges, column
        edges)``: each cell as (row, col, rowspan, colspan, [(row, col, tc) of its parts]) on the
        grid of the edges that remain."""
        borders = [self.header.borders.get(int(c[5].get("borderFillIDRef", 0)), (True,) * 4) for c in raw]
        at = {}
        for i, (row, col, rowspan, colspan, _, _) in enumerate(raw):
            for r in range(row, row + rowspan):
                for c in range(col, col + colspan):
                    at[(r, c)] = i
        parent = list(range(len(raw)))

        def find(i):
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i
        for i, (row, col, rowspan, colspan, _, _) in enumerate(raw):
            j = at.get((row, col + colspan))          # right neighbour, same rows
            if j is not None and raw[j][0] == row and raw[j][2] == rowspan and not (borders[i][1] or borders[j][0]):
                parent[find(j)] = find(i)
            j = at.get((row + rowspan, col))          # neighbour below, same columns
            if j is not None and raw[j][1] == col and raw[j][3] == colspan and not (borders[i][3] or borders[j][2]):
                parent[find(j)] = find(i)
        groups: dict[int, list[int]] = {}
        for i in range(len(raw)):
            groups.setdefault(find(i), []).append(i)
        cells = []
        for members in groups.values():
            r0 = min(raw[i][0] for i in members)
            c0 = min(raw[i][1] for i in members)
            r1 = max(raw[i][0] + raw[i][2] for i in members)
            c1 = max(raw[i][1] + raw[i][3] for i in members)
            if sum(raw[i][2] * raw[i][3] for i in members) != (r1 - r0) * (c1 - c0):
                cells.extend((raw[i][0], raw[i][1], raw[i][0] + raw[i][2], raw[i][1] + raw[i][3], [i])
                             for i in members)             # not a rectangle: keep the parts
            else:
                cells.append((r0, c0, r1, c1, sorted(members, key=lambda i: (raw[i][0], raw[i][1]))))
        row_edges = sorted({c[0] for c in cells} | {c[2] for c in cells})
        col_edges = sorted({c[1] for c in cells} | {c[3] for c in cells})
        ri, ci = {e: k for k, e in enumerate(row_edges)}, {e: k for k, e in enumerate(col_edges)}
        out = [(ri[r0], ci[c0], ri[r1] - ri[r0], ci[c1] - ci[c0], [(raw[i][0], raw[i][1], raw[i][5]) for i in m])
               for r0, c0, r1, c1, m in cells]
        return sorted(out, key=lambda c: (c[0], c[1])), row_edges, col_edges

    def _cell_lines(self, tc: ET.Element, ref: str, x0: float, y: float = 0.0) -> list[Line]:
        """The lines of a cell's paragraphs (nested tables' paragraphs flattened in), from ``y``."""
        sub = tc.find(HP + "subList")
        saved = (self.y, self.prev_size)
        self.y, self.prev_size = y, 0.0
        lines: list[Line] = []
        for pi, p in enumerate(sub.findall(HP + "p") if sub is not None else ()):
            self._cell_para(self._para(p, f"{ref}/p{pi}"), x0, lines)
        self.y, self.prev_size = saved
        return lines

    def _cell_para(self, para: Para, x0: float, lines: list[Line]) -> None:
        line = self._line(para, x0, self.y)
        if line is not None:
            lines.append(line)
            self.y = line.bottom
        for tbl, tref in para.tables:         # a table inside a cell: its cells' text, row by row
            for tr in tbl.findall(HP + "tr"):
                for tc in tr.findall(HP + "tc"):
                    sub = tc.find(HP + "subList")
                    for pi, p in enumerate(sub.findall(HP + "p") if sub is not None else ()):
                        self._cell_para(self._para(p, f"{tref}/c{pi}"), x0, lines)
        for p, iref in para.inner:
            self._cell_para(self._para(p, iref), x0, lines)

    # reading one <hp:p> ----------------------------------------------------------------------
    def _para(self, p: ET.Element, ref: str) -> Para:
        shape = self.header.paras.get(int(p.get("paraPrIDRef", 0)), ParaShape(0, 0, "NONE", 0, 0))
        text: list[str] = []
        shapes: list[CharShape] = []
        tables: list[tuple[ET.Element, str]] = []
        inner: list[tuple[ET.Element, str]] = []
        for run in p.findall(HP + "run"):
            cs = self.header.chars.get(int(run.get("charPrIDRef", 0)), CharShape(DEFAULT_SIZE, False, ""))
            for child in run:
                tag = _local(child.tag)
                if tag == "t":
                    piece = _t_text(child)
                    text.append(piece)
                    shapes.extend([cs] * len(piece))
                elif tag == "tbl":
                    tables.append((child, f"{ref}/t{len(tables)}"))
                elif tag not in _SKIPPED and tag != "ctrl":
                    for k, sub_p in enumerate(_box_paragraphs(child)):
                        inner.append((sub_p, f"{ref}/b{len(inner)}"))
        tables.sort(key=lambda t: _drawn_offset(t[0]))
        seg = p.find(HP + "linesegarray")
        first = seg.find(HP + "lineseg") if seg is not None else None
        return Para(text="".join(text), shapes=shapes, para=shape, ref=ref, tables=tables, inner=inner,
                    page_break=p.get("pageBreak") == "1",
                    vertpos=int(first.get("vertpos", 0)) if first is not None else None)


def _is_frame(raw: list, texted_rows: list[int]) -> bool:
    """A decorated box around text, not a table of data: empty corner and edge cells, and no row
    with more than one cell of text ('< 요 약 >' over the summary paragraph). A PDF of it shows
    a heading and a paragraph in a frame, and its reader finds no table there either."""
    return len(texted_rows) < len(raw) and len(set(texted_rows)) == len(texted_rows)


def _drawn_offset(tbl: ET.Element) -> int:
    """How far below its paragraph's top a table is drawn: 0 for a table set in the text, its
    vertical offset for one floating from the paragraph (a title box floated under the header
    box of the same paragraph comes after it, as on the page)."""
    pos = tbl.find(HP + "pos")
    if pos is None or pos.get("treatAsChar") == "1" or pos.get("vertRelTo", "PARA") != "PARA":
        return 0
    return int(pos.get("vertOffset", 0) or 0)


def _box_paragraphs(el: ET.Element) -> list[ET.Element]:
    """Paragraphs of a drawing object's text box or a picture's caption (not those of a table
    inside them: their own paragraphs place those)."""
    out = []
    for child in el:
        tag = _local(child.tag)
        if tag == "subList":
            out.extend(child.findall(HP + "p"))
        elif tag not in ("tbl", "p") and tag not in _SKIPPED:
            out.extend(_box_paragraphs(child))
    return out


def _t_text(t: ET.Element) -> str:
    parts = [t.text or ""]
    for child in t:
        parts.append(_INLINE_TEXT.get(_local(child.tag), ""))
        parts.append(child.tail or "")
    return normalize_text("".join(parts))


def normalize_text(text: str) -> str:
    """The same character mapping the PDF read stage applies (middle dots, no-break spaces,
    conjoining jamo used as bullets)."""
    return "".join(korean.JAMO_BULLETS.get(ch) or korean.normalize_char(ch) for ch in text)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _mode(values: list):
    from collections import Counter
    return Counter(values).most_common(1)[0][0] if values else DEFAULT_SIZE


# --- geometry -----------------------------------------------------------------------------------

def char_width(ch: str, size: float) -> float:
    """An estimate of a character's advance: full width for Hangul and CJK, about half for Latin."""
    if ch == " ":
        return 0.3 * size
    return size if ord(ch) >= 0x1100 else 0.55 * size


def make_line(text: str, x0: float, top: float, size: float, bolds: list[bool], font: str,
              ref: str = "") -> Line:
    """A :class:`Line` for ``text`` set at (x0, top) in ``size``, with estimated character edges.
    ``space_after`` is set: a paragraph's end is a word break for the structure stage's joins."""
    xs0, xs1, x = [], [], x0
    for ch in text:
        xs0.append(x)
        x += char_width(ch, size)
        xs1.append(x)
    bold_set = {b for b, ch in zip(bolds, text) if not ch.isspace()}
    bold = bold_set == {True}
    return Line(text=text, x0=x0, top=top, x1=x, bottom=top + size, size=round(size, 2), font=font,
                bold=bold, char_x0=tuple(xs0), char_x1=tuple(xs1), space_after=True,
                bold_chars=tuple(bolds) if len(bold_set) > 1 else (), ref=ref)


def _column_edges(raw: list, n_cols: int, x0: float) -> list[float]:
    """Column edges from the cells' widths (single-column cells first, spans to fill the rest)."""
    widths: list[float | None] = [None] * n_cols
    for _, col, _, colspan, width, _ in sorted(raw, key=lambda c: c[3]):
        known = [widths[c] for c in range(col, col + colspan)]
        missing = [c for c in range(col, col + colspan) if widths[c] is None]
        if missing and width > 0:
            rest = max(width - sum(w for w in known if w is not None), 1.0 * len(missing))
            for c in missing:
                widths[c] = rest / len(missing)
    edges = [x0]
    for w in widths:
        edges.append(edges[-1] + (w if w else 40.0))
    return edges


def _one_line(lines: list[Line]) -> Line:
    """Lines side by side on one band as one line, parted by a space (as a PDF reader joins
    words closer than a column gap)."""
    from dataclasses import replace
    lines = sorted(lines, key=lambda l: l.x0)
    text, xs0, xs1, bolds = [], [], [], []
    for line in lines:
        if text:
            text.append(" ")
            xs0.append(xs1[-1])
            xs1.append(line.x0)
            bolds.append(False)
        text.extend(line.text)
        xs0.extend(line.char_x0)
        xs1.extend(line.char_x1)
        bolds.extend(line.bold_chars or [line.bold] * len(line.text))
    mixed = len({b for b, ch in zip(bolds, text) if ch != " "}) > 1
    parts = [l.ref.split("/") for l in lines]
    common = [a for a, *rest in zip(*parts) if all(r == a for r in rest)]
    return replace(lines[0], text="".join(text), x1=lines[-1].x1, size=max(l.size for l in lines),
                   ref="/".join(common),
                   char_x0=tuple(xs0), char_x1=tuple(xs1), bold=all(l.bold for l in lines),
                   bold_chars=tuple(bolds) if mixed else ())


def _shift(line: Line, dy: float) -> Line:
    from dataclasses import replace
    return replace(line, top=line.top + dy, bottom=line.bottom + dy)
