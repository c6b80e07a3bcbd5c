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
from pipeline.read.pdf import Grid, GridCell, Line, Page, ReadDocument
from pipeline.records import Block, Table, TableCell, union_bbox
from pipeline.structure.wraps import WrapJoiner

BLOCK_KINDS = ("masthead", "header", "title", "subtitle", "heading", "paragraph", "item", "footnote",
               "note", "caption", "attachment", "contact")
TAG = re.compile(r"^\[[^\]]{1,20}\]")
SECTION_LABEL = re.compile(r"^[<〈《][^<>]{1,12}[>〉》]$")
CAPTION = re.compile(r"^[<〈《\[].+[>〉》\]]$")
ATTACHMENT = re.compile(r"^[(<\[]?(붙\s*임|별\s*첨|참\s*고)\s*\d*\s*[)>\]]?\s*[.:．]?\s*")
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

def structure_from_text(text: str) -> Structure:
    """Blocks of a plain-text or Markdown release: the first line is the title, blank lines part
    paragraphs, '#' lines are headings, '-' or '*' lines under the title are subtitles or items."""
    built: list[tuple[Block, Text]] = []
    box = (0.0, 0.0, 0.0, 0.0)
    for paragraph in re.split(r"\n\s*\n", text.replace("\r\n", "\n")):
        for chunk in _text_chunks(paragraph):
            marker, rest = korean.leading_marker(chunk.lstrip("# "))
            kind = "heading" if chunk.startswith("#") else "paragraph"
            built.append((Block(kind=kind, text=rest, page=1, bbox=box, marker=marker,
                                level=korean.marker_level(marker)), Text(rest, ())))
    if built:
        first = next(i for i, (b, _) in enumerate(built) if b.text and not b.marker)
        title_at = _text_title(built, first)
        built[title_at] = (replace(built[title_at][0], kind="title"), built[title_at][1])
        for i in range(title_at):
            built[i] = _text_front_block(*built[i])
        _mark_subtitles(built)
    return Structure(blocks=tuple(b for b, _ in built), tables=(), block_texts=tuple(t for _, t in built))


# A header field line of a text release: 'Embargo: Tuesday, October 31, 2023, 10:00', '보도일시: ...'.
TEXT_FIELD = re.compile(r"^(?P<label>[A-Za-z가-힣][A-Za-z가-힣 ]{0,24}?)\s*[:：]\s*(?P<value>\S.*)$")


def _text_chunks(paragraph: str):
    """Lines that open with a bullet, header field lines and all-capital lines (PRESS RELEASE) stand
    alone; other lines of a paragraph run together."""
    current: list[str] = []
    for line in paragraph.split("\n"):
        line = line.strip()
        if not line:
            continue
        if current and (korean.leading_marker(line)[0] or line.startswith("#") or _own_line(line)
                        or _own_line(current[-1])):
            yield " ".join(current)
            current = []
        current.append(line)
    if current:
        yield " ".join(current)


def _own_line(line: str) -> bool:
    """A header field or a masthead line (PRESS RELEASE, 보도자료), never run into its neighbours."""
    return bool(TEXT_FIELD.match(line)) or (line.isupper() and len(line) < 40) or \
        re.sub(r"\s+", "", line) in korean.DOCUMENT_KINDS


def _text_title(built, first: int) -> int:
    """The title: the first long line that is neither a label, a date line nor in capitals, after
    the header fields at the head of the release (the masthead comes before them)."""
    head = range(first, min(len(built), first + 8))
    fields = [i for i in head if TEXT_FIELD.match(built[i][0].text) and not built[i][0].marker]
    start = fields[-1] + 1 if fields else first
    for i in range(start, len(built)):
        text = built[i][0].text
        if len(text) > 20 and not built[i][0].marker and ":" not in text[:20] and not text.isupper():
            return i
    return first


def _text_front_block(block: Block, text: Text) -> tuple[Block, Text]:
    """A line above the title: a header field (label as marker, as the PDF header box gives it) or
    the masthead."""
    m = TEXT_FIELD.match(block.text)
    if m and not block.marker:
        value = m.group("value").strip()
        return replace(block, kind="header", marker=m.group("label").strip(), text=value), Text(value, ())
    return replace(block, kind="masthead"), text


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
        self.front_done = False
        self.table_ends_page = False          # the last page ended with a table (it may run on)
        self.consumed: set[int] = set()      # ids of lines the front matter took

    # pages ----------------------------------------------------------------------------------
    def add_page(self, page: Page) -> None:
        if not self.front_done and page.has_text:
            self.front_done = True
            self._front(page)
        right = _right_edge(page.lines)
        elements = [(l.top, 0, l) for l in page.lines] + [(g.bbox[1], 1, g) for g in page.grids]
        first, last_was_table = True, False
        for _, is_grid, element in sorted(elements, key=lambda e: (round(e[0]), e[1])):
            if is_grid and first and self.table_ends_page and _same_columns(self.tables[-1], element):
                self._continue_table(element, page)
                last_was_table = True
            elif is_grid:
                last_was_table = self._grid(element, page)
            else:
                self._line(element, page, ("body", page.number), right, first)
                last_was_table = False
            first = False
        self.table_ends_page = last_was_table
        if self.open is not None and self.open.lines[-1][1] == page.number:
            self.open.ends_page = _at_page_foot(self.open.last, page)

    def _grid(self, grid: Grid, page: Page) -> bool:
        """Take a grid: a table (True), or a box drawn around text whose lines flow as blocks."""
        if grid.n_cols == 1 or len(grid.cells) == 1:
            for ci, cell in enumerate(grid.cells):
                right = max([cell.bbox[2] - 2] + [l.x1 for l in cell.lines])
                for line in cell.lines:
                    self._line(line, page, ("box", page.number, grid.bbox, ci), right, False)
            return False
        self._close()
        self.tables.append(self._table(grid, page))
        return True

    def _continue_table(self, grid: Grid, page: Page) -> None:
        """Rows of a table that ran on from the previous page join that table: a repeated header
        row is dropped, and a row whose first cell is empty finishes the last row."""
        index = len(self.tables) - 1
        prev = self.tables[index]
        more = self._table(grid, page, index=-1)            # its texts under a scratch key
        texts = {k[1:]: self.cell_texts.pop(k) for k in [k for k in self.cell_texts if k[0] == -1]}
        header = [c.text for c in prev.cells if c.row == 0]
        repeated = [c.text for c in more.cells if c.row == 0] == header
        kept = [(ci, c) for ci, c in enumerate(more.cells) if not (repeated and c.row == 0)]
        top = min((c.row for _, c in kept), default=0)
        finishes = any(c.row == top for _, c in kept) and not any(
            c.text.strip() for _, c in kept if c.row == top and c.col == 0)
        merged = list(prev.cells)
        shift = prev.n_rows - top - (1 if finishes else 0)
        for ci, cell in kept:
            if finishes and cell.row == top:
                at = _merge_into_last_row(merged, cell, prev.n_rows - 1)
            else:
                merged.append(replace(cell, row=cell.row + shift))
                at = len(merged) - 1
            first_item = sum(1 for k in self.cell_texts if k[:2] == (index, at))
            for (c, item), text in texts.items():
                if c == ci:
                    self.cell_texts[(index, at, first_item + item)] = text
        n_rows = max(c.row + c.rowspan for c in merged)
        self.tables[-1] = replace(prev, cells=tuple(merged), n_rows=n_rows)

    def _line(self, line: Line, page: Page, region, right_edge: float, first_on_page: bool) -> None:
        if id(line) in self.consumed:
            return
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
        if marker in korean.INLINE_ARROWS and abs(line.x0 - block.continuation_x0()) <= 0.5 * line.size:
            marker = ""                # 'A |→ B': a wrap before an arrow, not an arrow item (see below)
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
        # The first continuation may hang a little past the text start (wide opening brackets).
        slack = tol if len(block.lines) > 1 else 1.2 * line.size
        if line.x0 > block.continuation_x0() + slack:
            return False
        if block.marker and line.x0 < block.lines[0][0].x0 - tol:
            return False
        return _fits_no_more(block.right_edge - last.x1, line)

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
        return join_lines(block.lines, self.joiner, _split_marker(block.lines[0][0])[2])

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

    # front matter ---------------------------------------------------------------------------
    def _front(self, page: Page) -> None:
        """Masthead, header fields and title of the first page, read before the body."""
        flowing = list(page.lines) + [l for g in page.grids if g.n_cols == 1 or len(g.cells) == 1
                                      for c in g.cells for l in c.lines]
        size = _title_size(flowing, self.body_size)
        if size is None:
            return
        title = _title_lines(flowing, size)
        top = title[0].top
        zone = [l for l in flowing if l.bottom <= top + 1] + [
            l for g in page.grids if g.bbox[3] <= top + 1 and not (g.n_cols == 1 or len(g.cells) == 1)
            for c in g.cells for l in c.lines]
        segs = [seg for l in sorted(zone, key=lambda l: (l.top, l.x0)) for seg in _header_segments(l, page.number)]
        used = set()
        for name, values, parts in header_fields(segs):
            used.update(id(p.line) for p in parts)
            self._add(Block(kind="header", text=" ".join(values), page=page.number, marker=name,
                            bbox=union_bbox((p.x0, p.top, p.x1, p.bottom) for p in parts)))
        for line in sorted(zone, key=lambda l: (l.top, l.x0)):   # a box drawn around it: still masthead
            if id(line) not in used and line in flowing:
                self._add(Block(kind="masthead", text=line.text.strip(), page=page.number, bbox=line.bbox),
                          Text(line.text.strip(), (Piece(0, len(line.text.strip()), page.number, line),)))
        # A title breaks its lines where the editor chose, between words: keep a space there.
        text = join_lines([(l, page.number) for l in title], self.joiner, at_word_breaks=True)
        self._add(Block(kind="title", text=text.text, page=page.number,
                        bbox=union_bbox(l.bbox for l in title)), text)
        self.consumed.update(id(l) for l in zone + title if l in page.lines or l in flowing)

    def _add(self, block: Block, text: Text | None = None) -> None:
        self.built.append((block, text or Text(block.text, ())))

    # tables ---------------------------------------------------------------------------------
    def _table(self, grid: Grid, page: Page, index: int | None = None, first_cell: int = 0) -> Table:
        index = len(self.tables) if index is None else index
        cells = []
        for ci, cell in enumerate(grid.cells):
            text, items, markers, levels = _cell_items(cell, self.joiner, page.number)
            for ii, t in enumerate(items):
                self.cell_texts[(index, first_cell + ci, ii)] = t
            cells.append(TableCell(
                row=cell.row, col=cell.col, rowspan=cell.rowspan, colspan=cell.colspan, bbox=cell.bbox,
                text=text, items=tuple(t.text for t in items) if levels else (),
                markers=tuple(markers), levels=tuple(levels)))
        return Table(page=page.number, bbox=grid.bbox, cells=tuple(cells), n_rows=grid.n_rows,
                     n_cols=grid.n_cols, kind=_table_kind(cells), section=self.section)

    # finish ---------------------------------------------------------------------------------
    def finish(self) -> Structure:
        self._close()
        built = list(self.built)
        _mark_subtitles(built)
        blocks = tuple(b for b, _ in built)
        return Structure(blocks=blocks, tables=tuple(self.tables), block_texts=tuple(t for _, t in built),
                         cell_texts=self.cell_texts, body_size=self.body_size)


def _same_columns(table: Table, grid: Grid, tol: float = 3.0) -> bool:
    """Whether a grid continues a table: the same column edges."""
    def edges(boxes):
        return sorted({round(b[0]) for b in boxes} | {round(b[2]) for b in boxes})
    a, b = edges([c.bbox for c in table.cells if c.bbox]), edges([c.bbox for c in grid.cells])
    return table.n_cols == grid.n_cols and len(a) == len(b) and all(abs(x - y) <= tol for x, y in zip(a, b))


def _merge_into_last_row(cells: list[TableCell], cell: TableCell, row: int) -> int:
    """Append a cell's text and items to the cell of ``row`` covering the same column; returns the
    index of the cell that took them."""
    for i, old in enumerate(cells):
        if old.row <= row < old.row + old.rowspan and old.col <= cell.col < old.col + old.colspan:
            cells[i] = replace(old, text=" ".join(t for t in (old.text, cell.text) if t),
                               items=old.items + cell.items, markers=old.markers + cell.markers,
                               levels=old.levels + cell.levels)
            return i
    cells.append(replace(cell, row=row))
    return len(cells) - 1


def _at_page_foot(line: Line, page: Page) -> bool:
    """Nothing but margin below the line: no image, no table, most of the page above it."""
    below = [b for b in page.images if b[1] > line.bottom] + [g.bbox for g in page.grids if g.bbox[1] > line.bottom]
    return not below and line.bottom > 0.6 * page.height


def _same_type(size: float, line: Line, last: Line) -> bool:
    """Lines of one paragraph share a size (a stray line set smaller to fit is still the same)."""
    if abs(line.size - size) <= 0.6:
        return True
    return line.bold == last.bold and abs(line.size - size) <= 0.2 * size


def _pitch(block: _Open) -> float | None:
    same_page = [(l, p) for l, p in block.lines if p == block.lines[-1][1]]
    if len(same_page) < 2:
        return None
    return statistics.median(b[0].top - a[0].top for a, b in zip(same_page, same_page[1:]))


def _fits_no_more(room: float, line: Line, spare: float = 0.5) -> bool:
    """Whether ``room`` left at the end of a line is too little for the next line's first word (so
    the line was wrapped, not ended): the word's glyphs with ``spare`` ems to spare, or the word
    with its word space as the next line sets them, whichever is wider."""
    return room <= max(line.first_word_width() + spare * line.size, line.first_word_room())


def _right_edge(lines: tuple[Line, ...]) -> float:
    """The right margin of the body text: lines of full width end near it."""
    ends = sorted((l.x1 for l in lines if len(l.text) > 8), reverse=True)
    if not ends:
        return max((l.x1 for l in lines), default=0.0)
    return statistics.median(ends[:5])


# --- table cells ---------------------------------------------------------------------------------

def _cell_items(cell: GridCell, joiner: WrapJoiner, page: int):
    """(text, items, markers, levels) of a cell. Bullet items are kept whole; a cell without
    bullets is one text (its ``markers`` then hold the lone ❶ set above it, if any)."""
    lines = list(cell.lines)
    lead = ""
    if len(lines) > 1 and korean.leading_marker(lines[0].text)[1] == "":
        lead = korean.leading_marker(lines[0].text)[0]      # a lone ❶ over the cell's text
        lines = lines[1:]
    if not lines:
        return lead, [], [lead] if lead else [], []
    if not any(korean.leading_marker(l.text)[0] for l in lines):
        text = join_lines([(l, page) for l in lines], joiner)
        return text.text, [text], [lead] if lead else [], []
    right = max(l.x1 for l in lines)
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
        items.append(join_lines([(l, page) for l in group], joiner, len(group[0].text) - len(rest)))
        markers.append(marker)
        levels.append(0 if group[0].x0 <= left + 2 else 1)
    return " ".join(t.text for t in items), items, markers, levels


def _item_continues(group: list[Line], line: Line, right: float) -> bool:
    first, last = group[0], group[-1]
    marker, rest = korean.leading_marker(first.text)
    offset = len(first.text) - len(rest)
    expected = group[1].x0 if len(group) > 1 else (first.char_x0[offset] if offset < len(first.char_x0) else first.x0)
    tol = 0.35 * line.size
    own = korean.leading_marker(line.text)[0]
    if own and not (own in korean.INLINE_ARROWS and abs(line.x0 - expected) <= tol):
        return False                   # an arrow at the text's own indent, after a full line, is a wrap
    if line.x0 > expected + tol or line.top - last.bottom > 1.2 * line.size:
        return False
    return _fits_no_more(right - last.x1, line, spare=0.35)


def join_lines(lines: list[tuple[Line, int]], joiner: WrapJoiner, offset: int = 0,
               at_word_breaks: bool = False) -> Text:
    """The text of (line, page) pairs re-joined across their wraps, from ``offset`` of the first
    line on (past its marker). ``at_word_breaks``: the lines break between words (a title)."""
    first, page = lines[0]
    text = first.text[offset:].strip()
    pieces = [Piece(0, len(text), page, first, offset + len(first.text[offset:]) - len(first.text[offset:].lstrip()))]
    for (prev, _), (line, page) in zip(lines, lines[1:]):
        right = line.text.strip()
        joined = joiner.join(text, right, prev.space_after or at_word_breaks, paragraph=text)
        pieces.append(Piece(len(joined) - len(right), len(joined), page, line,
                            len(line.text) - len(line.text.lstrip())))
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

@dataclass(frozen=True)
class _Seg:
    """A stretch of a line in the header zone, with where it sits."""
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    line: Line
    page: int
    offset: int = 0


LABEL_PATTERN = re.compile("|".join(
    r"\s*".join(map(re.escape, label.replace(" ", "")))
    for label in sorted(korean.RELEASE_LABELS[:-2] + korean.DISTRIBUTION_LABELS, key=lambda l: -len(l))))


def _title_size(lines: list[Line], body_size: float) -> float | None:
    sizes = [l.size for l in lines if _is_title_candidate(l.text)]
    if not sizes or max(sizes) < body_size + 2:
        return None
    return max(sizes)


def _is_title_candidate(text: str) -> bool:
    squashed = re.sub(r"\s+", "", text)
    return (len(squashed) > 3 and squashed not in korean.DOCUMENT_KINDS and squashed not in korean.ISSUERS
            and not DATE.search(text)
            and not LABEL_PATTERN.match(squashed))


def _title_lines(lines: list[Line], size: float) -> list[Line]:
    """The first run of lines set in the title size, top to bottom."""
    ordered = sorted(lines, key=lambda l: (l.top, l.x0))
    start = next(i for i, l in enumerate(ordered) if abs(l.size - size) <= 0.5 and _is_title_candidate(l.text))
    run = [ordered[start]]
    for line in ordered[start + 1:]:
        if abs(line.size - size) > 0.5 or line.top - run[-1].bottom > 1.5 * size:
            break
        run.append(line)
    return run


def _header_segments(line: Line, page: int) -> list[_Seg]:
    """Split a header-zone line at its labels: '보도시점 배포 2024. 4. 16.' -> three stretches."""
    cuts = sorted({0} | {m.start() for m in LABEL_PATTERN.finditer(line.text)
                         if m.start() == 0 or line.text[m.start() - 1] == " "})
    segs = []
    for a, b in zip(cuts, cuts[1:] + [len(line.text)]):
        piece = line.text[a:b]
        if not piece.strip():
            continue
        lead = len(piece) - len(piece.lstrip())
        end = a + len(piece.rstrip())
        box = line.span_bbox(a + lead, end)
        segs.append(_Seg(piece.strip(), box[0], box[2], line.top, line.bottom, line.size, line, page, a + lead))
    return segs


def header_fields(segs: list[_Seg]) -> list[tuple[str, list[str], list[_Seg]]]:
    """Pair each header label (보도시점, 배포 ...) with the values around it, wherever the PDF put them.

    A value belongs to the nearest label to its left on roughly the same band of the page; the text
    after a label on its own line belongs to it. Returns (label, value texts, stretches used)."""
    fields: dict[int, tuple[str, list[str], list[_Seg]]] = {}
    label_segs, values = [], []
    for seg in segs:
        m = LABEL_PATTERN.match(seg.text)
        if m and m.start() == 0:
            rest = seg.text[m.end():].strip()
            fields[id(seg)] = (re.sub(r"\s+", "", m.group(0)), [rest] if rest else [], [seg])
            label_segs.append(seg)
        elif DATE.search(seg.text) or any(e in seg.text for e in korean.EDITIONS):
            values.append(seg)
    for value in values:
        label = _owning_label(value, label_segs)
        if label is not None:
            fields[id(label)][1].append(value.text)
            fields[id(label)][2].append(value)
    return list(fields.values())


def _owning_label(value: _Seg, labels: list[_Seg]) -> _Seg | None:
    mid = (value.top + value.bottom) / 2
    near = [l for l in labels if abs((l.top + l.bottom) / 2 - mid) <= 2.5 * max(l.size, value.size)]
    left = [l for l in near if l.x1 <= value.x0 + 2]
    if left:
        return max(left, key=lambda l: l.x1)
    return min(near, key=lambda l: abs(l.x0 - value.x1), default=None)


def _mark_subtitles(out: list) -> None:
    """The blocks right under the title that are its subtitles: dash or lead-bullet lines ('- ...',
    '– ... –', '◇ ...', '○ ...') and lines in double quotes (“...”), the quotes left off. A spacer
    drawn as a bare dash is passed over."""
    title = next((i for i, (b, _) in enumerate(out) if b.kind == "title"), None)
    if title is None:
        return
    i = title + 1
    while i < len(out):
        block, text = out[i]
        if block.page != out[title][0].page:
            break
        if block.marker[:1] in korean.SUBTITLE_MARKERS:
            clean = re.sub(r"\s*[-–—]\s*$", "", text.text).strip()
            if clean:
                out[i] = (replace(block, kind="subtitle", text=clean, section=""), Text(clean, text.pieces))
        elif not block.marker and _quoted_lines(text.text):
            quoted = _quoted_lines(text.text)    # two quoted lines the wraps joined are two subtitles
            out[i:i + 1] = [(replace(block, kind="subtitle", text=q, section=""),
                             Text(q, text.pieces if len(quoted) == 1 else ())) for q in quoted]
            i += len(quoted) - 1
        else:
            break
        i += 1


def _quoted_lines(text: str) -> list[str]:
    """The quoted pieces of a text made of nothing but double-quoted lines ('“A” “B”'), else []."""
    found = re.findall(r'\s*“([^“”]+)”\s*|\s*"([^"]+)"\s*', text)
    pieces = [a or b for a, b in found]
    if not pieces or re.sub(r'\s*“[^“”]+”\s*|\s*"[^"]+"\s*', "", text).strip():
        return []
    return [p.strip() for p in pieces]


