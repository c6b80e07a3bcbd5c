"""Structure stage: from read pages to blocks in reading order and tables with their cells' items.

A block knows what it is (masthead, header field, title, subtitle, heading, paragraph, item,
footnote, note, caption, attachment label, contact line), its bullet marker and nesting level, and
its text re-joined across line wraps and page breaks. Every block and table item keeps the lines it
came from (:class:`Piece`), so later stages can point back to a page and a box.
"""
from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field, replace

from pipeline import korean
from pipeline.read import Grid, GridCell, Line, Page, ReadDocument
from pipeline.records import Block, Table, TableCell, union_bbox
from pipeline.wraps import WrapJoiner

BLOCK_KINDS = ("masthead", "header", "title", "subtitle", "heading", "paragraph", "item", "footnote",
               "note", "caption", "attachment", "contact")
TAG = re.compile(r"^\[[^\]]{1,20}\]")
SECTION_LABEL = re.compile(r"^[<〈《][^<>]{1,12}[>〉》]$")
CAPTION = re.compile(r"^[<〈《\[].+[>〉》\]]$")
ATTACHMENT = re.compile(r"^(붙\s*임|별\s*첨|참\s*고)\s*\d*\s*[.:．]?\s*")
DATE = re.compile(r"\d{4}\s*\.?\s*\d{1,2}\s*\.\s*\d{1,2}|\d{1,2}\s*:\s*\d{2}")
PHONE = re.compile(r"\(?0\d{1,2}[-)\s.]\s?\d{3,4}[-.\s]\d{4}\)?")


@dataclass(frozen=True)
class Piece:
    """Where a stretch ``[start, end)`` of a block's text was read: one source line."""
    start: int
    end: int
    page: int
    line: Line
    offset: int = 0           # where the stretch starts inside the line's text

    def bbox(self, start: int, end: int):
        """Box of the block characters ``[start, end)`` that fall in this piece."""
        a, b = max(start, self.start), min(end, self.end)
        return self.line.span_bbox(self.offset + a - self.start, self.offset + b - self.start)


@dataclass(frozen=True)
class Text:
    """Text re-joined from lines, with the pieces it came from."""
    text: str
    pieces: tuple[Piece, ...]

    def locate(self, start: int, end: int) -> tuple[int, tuple]:
        """Page and box of the characters ``[start, end)``."""
        hits = [p for p in self.pieces if p.start < end and p.end > start] or list(self.pieces[:1])
        return hits[0].page, union_bbox(p.bbox(start, end) for p in hits)


@dataclass(frozen=True)
class Structure:
    """Blocks and tables of one document, with the provenance of their text."""
    blocks: tuple[Block, ...]
    tables: tuple[Table, ...]
    block_texts: tuple[Text, ...]                          # parallel to blocks
    cell_texts: dict[tuple[int, int, int], Text] = field(default_factory=dict)  # (table, cell, item)
    body_size: float = 11.0


# --- public entry -------------------------------------------------------------------------------

def build_structure(doc: ReadDocument) -> Structure:
    """Rebuild blocks and tables of a read document in reading order."""
    joiner = WrapJoiner(_all_line_texts(doc))
    builder = _Builder(joiner, _body_size(doc))
    for page in doc.pages:
        builder.add_page(page)
    return builder.finish()


def _all_line_texts(doc: ReadDocument) -> list[str]:
    out = []
    for page in doc.pages:
        out.extend(l.text for l in page.lines)
        for grid in page.grids:
            for cell in grid.cells:
                out.extend(l.text for l in cell.lines)
    return out


def _body_size(doc: ReadDocument) -> float:
    sizes = Counter()
    for page in doc.pages:
        for line in page.lines:
            sizes[round(line.size)] += len(line.text)
    return float(sizes.most_common(1)[0][0]) if sizes else 11.0


# --- paragraphs being built ----------------------------------------------------------------------

@dataclass
class _Open:
    """A block still taking lines."""
    marker: str
    label: str
    lines: list[tuple[Line, int]]        # (line, page)
    text_x0: float                       # where the text after the marker starts
    region: object
    right_edge: float
    ends_page: bool = False              # its last line is the last text at the foot of its page

    @property
    def last(self) -> Line:
        return self.lines[-1][0]

    @property
    def size(self) -> float:
        return self.lines[0][0].size

    def continuation_x0(self) -> float:
        return self.lines[1][0].x0 if len(self.lines) > 1 else self.text_x0


def _split_marker(line: Line) -> tuple[str, str, int]:
    """Marker, label and the offset in the line's text where the block's text starts."""
    marker, rest = korean.leading_marker(line.text)
    offset = len(line.text) - len(rest)
    label = ""
    tag = TAG.match(rest)
    if tag:
        label, offset = tag.group(0), offset + tag.end()
        while offset < len(line.text) and line.text[offset] == " ":
            offset += 1
    elif line.bold_chars:
        label, offset = _bold_label(line, offset)
    return marker, label, offset


def _bold_label(line: Line, offset: int) -> tuple[str, int]:
    """A short bold word opening an otherwise regular line is a label ('핵심이슈')."""
    end = line.text.find(" ", offset)
    if end <= offset or end - offset > 8:
        return "", offset
    word_bold = all(line.bold_chars[offset:end])
    rest_bold = [b for b, ch in zip(line.bold_chars[end:], line.text[end:]) if ch != " "]
    if word_bold and rest_bold and not any(rest_bold) and not any(c.isdigit() for c in line.text[offset:end]):
        return line.text[offset:end], end + 1
    return "", offset


class _Builder:
    def __init__(self, joiner: WrapJoiner, body_size: float):
        self.joiner = joiner
        self.body_size = body_size
        self.blocks: list[tuple[str, _Open]] = []      # (kind hint, closed block)
        self.built: list[tuple[Block, Text]] = []
        self.tables: list[Table] = []
        self.cell_texts: dict[tuple[int, int, int], Text] = {}
        self.open: _Open | None = None
        self.section = ""

    # pages ----------------------------------------------------------------------------------
    def add_page(self, page: Page) -> None:
        right = _right_edge(page.lines)
        elements = [(l.top, 0, l) for l in page.lines] + [(g.bbox[1], 1, g) for g in page.grids]
        first = True
        for _, is_grid, element in sorted(elements, key=lambda e: (round(e[0]), e[1])):
            if is_grid:
                self._grid(element, page)
            else:
                self._line(element, page, ("body", page.number), right, first)
            first = False
        if self.open is not None and self.open.lines[-1][1] == page.number:
            self.open.ends_page = _at_page_foot(self.open.last, page)

    def _grid(self, grid: Grid, page: Page) -> None:
        if grid.n_cols == 1 or len(grid.cells) == 1:      # a box drawn around text, not a table
            for ci, cell in enumerate(grid.cells):
                right = max([cell.bbox[2] - 2] + [l.x1 for l in cell.lines])
                for line in cell.lines:
                    self._line(line, page, ("box", page.number, grid.bbox, ci), right, False)
            return
        self._close()
        self.tables.append(self._table(grid, page))

    def _line(self, line: Line, page: Page, region, right_edge: float, first_on_page: bool) -> None:
        if self.open and self._continues(self.open, line, page.number, region, first_on_page):
            self.open.lines.append((line, page.number))
            return
        self._close()
        marker, label, offset = _split_marker(line)
        text_x0 = line.char_x0[offset] if offset < len(line.char_x0) else line.x0
        self.open = _Open(marker=marker, label=label, lines=[(line, page.number)], text_x0=text_x0,
                          region=region, right_edge=right_edge)

    def _continues(self, block: _Open, line: Line, page: int, region, first_on_page: bool) -> bool:
        last, last_page = block.lines[-1]
        marker, label, _ = _split_marker(line)
        if marker or label.startswith("[") or CAPTION.match(line.text.strip()) or ATTACHMENT.match(line.text):
            return False
        if not _same_type(block.size, line, last):
            return False
        tol = 0.5 * line.size
        if page != last_page:
            same_region = region[0] == block.region[0] == "body"
            if not (first_on_page and same_region and block.ends_page):
                return False
        elif region != block.region:
            return False
        else:
            pitch = line.top - last.top
            expected = _pitch(block)
            if pitch <= 0 or pitch > (1.3 * expected if expected else 1.9 * max(line.size, last.size)):
                return False
        if line.x0 > block.continuation_x0() + tol:
            return False
        if block.marker and line.x0 < block.lines[0][0].x0 - tol:
            return False
        room = block.right_edge - last.x1
        return room <= line.first_word_width() + tol

    def _close(self) -> None:
        if self.open is not None:
            self._emit(self.open)
            self.open = None

    def _emit(self, block: _Open) -> None:
        text = self._join(block)
        kind = self._kind(block, text.text)
        if kind == "heading":
            self.section = text.text
        level = korean.marker_level(block.marker) if block.marker else 0
        marker = " ".join(x for x in (block.marker, block.label) if x)
        first_page = block.lines[0][1]
        bbox = union_bbox(l.bbox for l, p in block.lines if p == first_page)
        self.built.append((Block(kind=kind, text=text.text, page=first_page, bbox=bbox, marker=marker,
                                 level=level, section=self.section if kind != "heading" else ""), text))

    def _join(self, block: _Open) -> Text:
        line, page = block.lines[0]
        _, _, offset = _split_marker(line)
        text = line.text[offset:].rstrip()
        pieces = [Piece(0, len(text), page, line, offset)]
        for (prev, _), (line, page) in zip(block.lines, block.lines[1:]):
            right = line.text.strip()
            lead = len(line.text) - len(line.text.lstrip())
            joined = self.joiner.join(text, right, prev.space_after, paragraph=text)
            start = len(joined) - len(right)
            pieces.append(Piece(start, len(joined), page, line, lead))
            text = joined
        return Text(text, tuple(pieces))

    def _kind(self, block: _Open, text: str) -> str:
        marker = block.marker
        first = block.lines[0][0]
        if block.region[0] == "box" and not marker and len(block.lines) <= 3 and first.size > self.body_size + 1:
            return "paragraph"
        if marker in korean.HEADING_MARKERS or (block.label.startswith("[") and not marker):
            return "heading"
        if SECTION_LABEL.match(text.strip()) and len(block.lines) == 1:
            return "heading"
        if CAPTION.match(text.strip()) and not marker:
            return "caption"
        if ATTACHMENT.match(text) and not marker:
            return "attachment"
        if marker in korean.FOOTNOTE_MARKERS:
            return "note" if marker == "※" or ATTACHMENT.match(text) else "footnote"
        if marker and marker[0] in korean.CIRCLED_NUMBERS:
            return "item"
        if marker and korean.NUMBERING.match(marker + " "):
            return "heading" if first.bold or first.size > self.body_size + 0.5 else "item"
        if not marker and len(block.lines) == 1 and first.bold and first.size >= self.body_size + 2:
            return "caption"
        return "paragraph"

    # tables ---------------------------------------------------------------------------------
    def _table(self, grid: Grid, page: Page) -> Table:
        index = len(self.tables)
        cells = []
        for ci, cell in enumerate(grid.cells):
            texts = _cell_items(cell, self.joiner, page.number)
            for ii, t in enumerate(texts[2]):
                self.cell_texts[(index, ci, ii)] = t
            text, markers, items, levels = texts[0], texts[1], texts[2], texts[3]
            cells.append(TableCell(
                row=cell.row, col=cell.col, rowspan=cell.rowspan, colspan=cell.colspan, bbox=cell.bbox,
                text=text, items=tuple(t.text for t in items) if markers is not None else (),
                markers=tuple(markers or ()), levels=tuple(levels or ())))
        return Table(page=page.number, bbox=grid.bbox, cells=tuple(cells), n_rows=grid.n_rows,
                     n_cols=grid.n_cols, kind=_table_kind(cells), section=self.section)

    # finish ---------------------------------------------------------------------------------
    def finish(self) -> Structure:
        self._close()
        built = _front_matter(self.built, self.tables, self.body_size)
        blocks = tuple(b for b, _ in built)
        return Structure(blocks=blocks, tables=tuple(self.tables), block_texts=tuple(t for _, t in built),
                         cell_texts=self.cell_texts, body_size=self.body_size)


def _at_page_foot(line: Line, page: Page) -> bool:
    """Nothing but margin below the line: no image, no table, most of the page above it."""
    below = [b for b in page.images if b[1] > line.bottom] + [g.bbox for g in page.grids if g.bbox[1] > line.bottom]
    return not below and line.bottom > 0.6 * page.height


def _same_type(size: float, line: Line, last: Line) -> bool:
    """Lines of one paragraph share a size (a stray line set smaller to fit is still the same)."""
    if abs(line.size - size) <= 0.6:
        return True
    return line.font == last.font and abs(line.size - size) <= 0.2 * size


def _pitch(block: _Open) -> float | None:
    same_page = [(l, p) for l, p in block.lines if p == block.lines[-1][1]]
    if len(same_page) < 2:
        return None
    return statistics.median(b[0].top - a[0].top for a, b in zip(same_page, same_page[1:]))


def _right_edge(lines: tuple[Line, ...]) -> float:
    """The right margin of the body text: lines of full width end near it."""
    ends = sorted((l.x1 for l in lines if len(l.text) > 8), reverse=True)
    if not ends:
        return max((l.x1 for l in lines), default=0.0)
    return statistics.median(ends[:5])


# --- table cells ---------------------------------------------------------------------------------

def _cell_items(cell: GridCell, joiner: WrapJoiner, page: int):
    """(text, markers, items, levels) of a cell: bullet items kept whole when it holds them."""
    lines = list(cell.lines)
    lead_marker = ""
    if lines and korean.leading_marker(lines[0].text)[1] == "" and len(lines) > 1:
        lead_marker = korean.leading_marker(lines[0].text)[0]      # a lone ❶ over the cell's text
        lines = lines[1:]
    bulleted = any(korean.leading_marker(l.text)[0] for l in lines)
    if not lines:
        return lead_marker, None, [], None
    if not bulleted:
        text = _join_lines(lines, page, joiner)
        return text.text, ([lead_marker] if lead_marker else None) and None, [text], None
    right = max([l.x1 for l in lines])
    groups: list[list[Line]] = []
    for line in lines:
        if groups and _item_continues(groups[-1], line, right):
            groups[-1].append(line)
        else:
            groups.append([line])
    items, markers, levels = [], [], []
    left = min(l.x0 for l in lines)
    for group in groups:
        marker, rest = korean.leading_marker(group[0].text)
        offset = len(group[0].text) - len(rest)
        items.append(_join_lines(group, page, joiner, offset))
        markers.append(marker)
        levels.append(0 if group[0].x0 <= left + 2 else 1)
    text = " ".join(t.text for t in items)
    return text, markers, items, levels


def _item_continues(group: list[Line], line: Line, right: float) -> bool:
    if korean.leading_marker(line.text)[0]:
        return False
    first, last = group[0], group[-1]
    marker, rest = korean.leading_marker(first.text)
    offset = len(first.text) - len(rest)
    expected = group[1].x0 if len(group) > 1 else (first.char_x0[offset] if offset < len(first.char_x0) else first.x0)
    tol = 0.35 * line.size
    if line.x0 > expected + tol or line.top - last.bottom > 1.2 * line.size:
        return False
    return right - last.x1 <= line.first_word_width() + tol


def _join_lines(lines: list[Line], page: int, joiner: WrapJoiner, offset: int = 0) -> Text:
    text = lines[0].text[offset:].strip()
    pieces = [Piece(0, len(text), page, lines[0], offset)]
    for prev, line in zip(lines, lines[1:]):
        right = line.text.strip()
        joined = joiner.join(text, right, prev.space_after, paragraph=text)
        pieces.append(Piece(len(joined) - len(right), len(joined), page, line, len(line.text) - len(line.text.lstrip())))
        text = joined
    return Text(text, tuple(pieces))


def _table_kind(cells: list[TableCell]) -> str:
    texts = [re.sub(r"\s+", "", c.text) for c in cells]
    if any(t.startswith(("보도시점", "보도일시", "배포일시")) or t in ("배포", "보도") for t in texts):
        return "header"
    if any(t in korean.CONTACT_ROLES for t in texts) and any(PHONE.search(c.text) for c in cells):
        return "contact"
    if any(t in ("중점기술",) for t in texts):
        return "roadmap"
    return "table"


# --- front matter: masthead, header fields, title, subtitles -----------------------------------

def _front_matter(built: list[tuple[Block, Text]], tables: list[Table], body_size: float):
    """Name the blocks before the body on the first page: masthead, header fields, title, subtitles."""
    first_page = [i for i, (b, _) in enumerate(built) if b.page == built[0][0].page] if built else []
    title_at = _title_index(built, first_page, body_size)
    if title_at is None:
        return built
    out = []
    for i, (block, text) in enumerate(built):
        if i < title_at:
            out.extend(_preamble_block(block, text))
        elif i == title_at:
            out.append((replace(block, kind="title", section=""), text))
        else:
            out.append((block, text))
    _mark_subtitles(out)
    return out


def _title_index(built, first_page: list[int], body_size: float) -> int | None:
    candidates = [i for i in first_page
                  if re.sub(r"\s+", "", built[i][1].text) not in korean.DOCUMENT_KINDS
                  and not DATE.search(built[i][1].text) and built[i][0].kind not in ("caption", "heading")
                  and len(built[i][1].text) > 3]
    if not candidates:
        return None
    sizes = {i: built[i][1].pieces[0].line.size for i in candidates}
    biggest = max(sizes.values())
    if biggest < body_size + 2:
        return None
    return next(i for i in candidates if sizes[i] == biggest)


def _preamble_block(block: Block, text: Text):
    """A line above the title: a header label with its value, the ministry, the document kind."""
    squashed = re.sub(r"\s+", "", text.text)
    if squashed in korean.DOCUMENT_KINDS or (len(squashed) <= 20 and not DATE.search(text.text)
                                              and not _header_label(text.text)):
        return [(replace(block, kind="masthead", section=""), text)]
    return [(replace(block, kind="header", section=""), text)]


def _header_label(text: str) -> str:
    squashed = re.sub(r"\s+", "", text)
    for label in sorted(korean.RELEASE_LABELS + korean.DISTRIBUTION_LABELS, key=len, reverse=True):
        if squashed.startswith(label.replace(" ", "")):
            return label.replace(" ", "")
    return ""


def _mark_subtitles(out: list) -> None:
    title = next((i for i, (b, _) in enumerate(out) if b.kind == "title"), None)
    if title is None:
        return
    for i in range(title + 1, len(out)):
        block, text = out[i]
        if block.marker[:1] not in ("-", "–", "—", "◇", "◆", "ㅇ", "○") or block.page != out[title][0].page:
            break
        clean = re.sub(r"\s*[-–—]\s*$", "", text.text).strip()
        out[i] = (replace(block, kind="subtitle", text=clean, section=""), Text(clean, text.pieces))
