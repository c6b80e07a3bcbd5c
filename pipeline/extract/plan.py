"""A plan's strategy tree (비전 -> 목표 -> 추진전략 -> 중점과제 -> 세부과제), its milestones (year ->
what), and where each target and milestone sits in the tree.

The tree is read from two places, as the plan itself numbers and names it:

- a vision page: a table whose rows are labelled 비전, 목표, 추진전략, 중점과제 ... (one item per cell
  or bullet of the row), or blocks that start with such a label (``비전 : 데이터로 여는 ...``);
- the body: the chapter whose heading names its tasks (``Ⅲ. 추진과제``, ``Ⅱ. 추진전략 및 과제``),
  where each kind of numbering (``1.``, ``①``, ``1-1``, ``(1)``, ``전략 1``, ``과제 ②`` ...) is one
  level: the first met is the strategy, the next the task, the next the sub-task.

Milestones come from lines of years joined by arrows (``’26 시연 → ’28 시범서비스 → ’30 상용화``)
and from schedule tables whose columns are years (a quarter column counts as its year).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from pipeline.extract.kpi import line_above, words
from pipeline.korean.figures import find_figures
from pipeline.records import Milestone, PlanItem, Table, Target
from pipeline.structure.blocks import Structure

ROMAN = re.compile(r"^[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]+\.?$|^[IVX]+\.$")
LEADER = re.compile(r"[·.…‥]{4,}|\s\d{1,3}\s*$")        # a table of contents line: dots to a page number
ARROW = re.compile(r"\s*(?:→|⇒|⇨|➡|⟶|->)\s*")
SCHEDULE_MARK = re.compile(r"^[\s●○◎■□▲△━─-]*$")
LABELLED = re.compile(r"^\s*[(<\[【]?\s*([가-힣A-Za-z ]{2,8}?)\s*[)>\]】]?\s*[:：]\s*(\S.*)$")
TEXT_NUMBER = re.compile(r"^(전략|과제|추진과제|중점과제|세부과제|목표)\s*([0-9]{1,2}|[①-⑳❶-❿➊-➓])(?=[\s.:)]|$)")
KINDS = ("vision", "goal", "strategy", "task", "subtask")
BODY_KINDS = ("strategy", "task", "subtask")


# --- the tree ------------------------------------------------------------------------------------

def plan_items(structure: Structure) -> tuple[PlanItem, ...]:
    """The plan's strategy tree: its vision page first, then the body's numbered headings."""
    items: list[PlanItem] = []
    for t, table in enumerate(structure.tables):
        items.extend(_vision_table(table, t, len(items)))
    items.extend(_labelled_blocks(structure, len(items)))
    items.extend(_body(structure, len(items)))
    return tuple(items)


def _kind_of_label(label: str) -> str | None:
    """The tree kind a label names (``추진전략`` -> strategy), the more specific label first."""
    name = re.sub(r"[\s()\[\]<>【】:：]", "", label)
    plan = words()["plan"]
    for kind in ("subtask", "task", "strategy", "goal", "vision"):
        if name in [w.replace(" ", "") for w in plan[kind]]:
            return kind
    return None


def _vision_table(table: Table, t: int, offset: int) -> list[PlanItem]:
    """A vision page laid out as a table: a label in the row's first cell, the items beside it."""
    rows = table.grid()
    out: list[PlanItem] = []
    last: dict[str, tuple[int, int, int]] = {}          # kind -> (index, first col, last col) of the last item
    labelled = [r for r in rows if r and r[0] is not None and _kind_of_label(r[0].text)]
    if len(labelled) < 2:
        return []
    for row in labelled:
        kind = _kind_of_label(row[0].text)
        for cell in row[1:]:
            if cell is None:
                continue
            for text in (cell.items or (cell.text,)):
                title = " ".join(text.split())
                if not title:
                    continue
                number, title = _split_number(title)
                parent = _parent(kind, last, cell.col, cell.col + cell.colspan - 1)
                out.append(PlanItem(kind=kind, title=title, number=number, parent=parent,
                                    page=table.page, block=-1 - t))
                last[kind] = (offset + len(out) - 1, cell.col, cell.col + cell.colspan - 1)
    return out


def _parent(kind: str, last: dict, first_col: int, last_col: int) -> int | None:
    """The item of the nearest kind above ``kind`` (the one over the same columns, else the last)."""
    for above in reversed(KINDS[:KINDS.index(kind)]):
        if above in last:
            return last[above][0]
    return None


def _split_number(title: str) -> tuple[str, str]:
    """``① 데이터 개방`` -> (``①``, ``데이터 개방``); ``전략 1 ...`` -> (``1``, ...)."""
    m = TEXT_NUMBER.match(title)
    if m:
        return m.group(2), title[m.end():].strip(" .:)")
    m = re.match(r"^(\d{1,2}-\d{1,2}|\d{1,2}\.(?!\d)|\(\d{1,2}\)|[①-⑳❶-❿➊-➓])\s*", title)
    if m:
        return m.group(1).strip(".()"), title[m.end():].strip()
    return "", title


def _labelled_blocks(structure: Structure, offset: int) -> list[PlanItem]:
    """Blocks of a vision page written as text: ``비전 : …``, ``목표 : …``, or the label as the block's
    marker."""
    out: list[PlanItem] = []
    last: dict[str, tuple[int, int, int]] = {}
    for i, block in enumerate(structure.blocks):
        kind, title = _kind_of_label(block.marker) if block.marker else None, block.text
        if kind is None:
            m = LABELLED.match(block.text)
            if m and _kind_of_label(m.group(1)) in ("vision", "goal"):
                kind, title = _kind_of_label(m.group(1)), m.group(2)
        if kind not in ("vision", "goal") or not title.strip() or LEADER.search(title):
            continue
        out.append(PlanItem(kind=kind, title=" ".join(title.split()), parent=_parent(kind, last, 0, 0),
                            page=block.page, block=i))
        last[kind] = (offset + len(out) - 1, 0, 0)
    return out


def _body(structure: Structure, offset: int) -> list[PlanItem]:
    """The numbered headings of the chapters that hold the plan's tasks."""
    out: list[PlanItem] = []
    for start, end in _task_chapters(structure):
        shapes: list[str] = []
        stack: list[tuple[int, int]] = []                   # (level, index) of the open items
        for i in range(start + 1, end):
            block = structure.blocks[i]
            shape, number, title = _numbering(block)
            if shape is None or not title or LEADER.search(block.text):
                continue
            if shape not in shapes:
                if len(shapes) == len(BODY_KINDS):
                    continue
                shapes.append(shape)
            level = shapes.index(shape)
            while stack and stack[-1][0] >= level:
                stack.pop()
            parent = stack[-1][1] if stack else None
            out.append(PlanItem(kind=BODY_KINDS[level], title=title, number=number, parent=parent,
                                page=block.page, block=i))
            stack.append((level, offset + len(out) - 1))
    return out


def _task_chapters(structure: Structure) -> list[tuple[int, int]]:
    """(first, end) block indices of each chapter whose Roman-numbered heading names tasks or
    strategies (추진과제, 추진전략 ...), a table of contents' lines left out."""
    plan = words()["plan"]
    names = plan["chapters"]
    heads = [i for i, b in enumerate(structure.blocks)
             if ROMAN.match(b.marker.strip()) and not LEADER.search(b.text)]
    out = []
    for n, i in enumerate(heads):
        text = structure.blocks[i].text
        if any(w in text for w in names) and not any(w in text for w in plan["closing"]):
            end = heads[n + 1] if n + 1 < len(heads) else len(structure.blocks)
            out.append((i, end))
    return out


def _numbering(block) -> tuple[str | None, str, str]:
    """(shape, number, title) of a numbered heading: ``1.`` -> ('1.', '1'); ``①`` -> ('①', '①');
    ``1-1`` -> ('1-1', '1-1'); ``전략 1`` -> ('전략', '1'). Bullets (□ ○ -) are no numbering."""
    text = " ".join(block.text.split())
    m = TEXT_NUMBER.match(text)
    if m:
        return m.group(1), m.group(2), text[m.end():].strip(" .:)")
    marker = block.marker.strip()
    if block.kind not in ("heading", "item", "paragraph", "subtitle") or not marker:
        hyphen = re.match(r"^(\d{1,2}-\d{1,2})\.?\s+", text)
        return ("1-1", hyphen.group(1), text[hyphen.end():]) if hyphen else (None, "", "")
    if re.fullmatch(r"\d{1,2}\.", marker):
        return "1.", marker.rstrip("."), text
    if re.fullmatch(r"\(\d{1,2}\)", marker):
        return "(1)", marker.strip("()"), text
    if re.fullmatch(r"[가-하]\.", marker):
        return "가.", marker.rstrip("."), text
    if len(marker) == 1 and unicodedata.name(marker, "").startswith(("CIRCLED DIGIT", "DINGBAT", "CIRCLED NUMBER",
                                                                    "NEGATIVE CIRCLED")):
        return "①", marker, text
    hyphen = re.match(r"^(\d{1,2}-\d{1,2})\.?\s+", text)
    if hyphen:
        return "1-1", hyphen.group(1), text[hyphen.end():]
    return None, "", ""


# --- milestones ----------------------------------------------------------------------------------

def milestones(structure: Structure, year: int | None) -> tuple[Milestone, ...]:
    """Dated steps: arrow lines of years in the text, and schedule tables of year columns; a step in
    a year before the document's (``year``) is history, no milestone."""
    out: list[Milestone] = []
    for block, text in zip(structure.blocks, structure.block_texts):
        if block.kind not in ("header", "masthead", "contact"):
            out.extend(_arrow_line(text.text, block.page))
    for t, table in enumerate(structure.tables):
        if _is_schedule(structure, table, year):
            out.extend(_schedule_table(structure, t, table))
    return tuple(m for m in out if year is None or m.year >= year)


def _is_schedule(structure: Structure, table: Table, year: int | None) -> bool:
    """A table of steps is one a schedule word names (its caption, section or the line above it:
    '추진일정', '로드맵') and whose years are mostly still to come; a table of year columns without
    one is a statistic (a trade or budget release's yearly figures), no schedule."""
    named = " ".join((table.caption, table.section, line_above(structure, table)))
    if not any(w in named for w in words()["plan"]["schedule"]):
        return False
    years = [f.value for c in table.cells if c.row <= 2
             for f in find_figures(c.text, "ko") if f.kind == "year" and isinstance(f.value, int)]
    return year is None or not years or 2 * sum(y >= year for y in years) >= len(years)


def _arrow_line(line: str, page: int) -> list[Milestone]:
    """``’26 시연 → ’28 시범서비스 → ’30 상용화``: a step per year that opens a piece, when at least
    two pieces do; a piece that is only a quantity is a target's value, no step."""
    if not ARROW.search(line):
        return []
    pieces = ARROW.split(line)
    steps = []
    for n, piece in enumerate(pieces):
        piece = piece.strip()
        head = piece if n else _tail_from_year(piece)
        when, rest = _leading_year(head)
        if when is None:
            continue
        rest = rest.strip(" ,.:)~∼")
        if not rest or _only_quantity(rest) or rest[0].isdigit():      # a chain of values: targets
            continue
        steps.append((when, rest))
    if len(steps) < 2:
        return []
    subject = _subject(pieces[0])
    return [Milestone(year=y, text=what, subject=subject, sentence=line, page=page) for y, what in steps]


def _tail_from_year(piece: str) -> str:
    """The first piece of an arrow line from its year on (the words before it name the subject)."""
    for f in find_figures(piece, "ko"):
        if f.kind == "year":
            return piece[piece.find(f.text):]
    return piece


def _leading_year(piece: str) -> tuple[int | None, str]:
    """The year a piece opens with, and the rest (``’26년~’29년 실용화`` -> 2026, ``실용화``)."""
    figures = find_figures(piece, "ko")
    if not figures or figures[0].kind != "year" or not isinstance(figures[0].value, int):
        return None, piece
    first = figures[0]
    if piece.find(first.text) > 1:
        return None, piece
    rest = piece[piece.find(first.text) + len(first.text):]
    rest = re.sub(r"^\s*년?\s*(?:[~∼-]\s*[’‘'`]?\d{2,4}\s*년?)?\s*(?:까지)?", "", rest)
    return first.value, rest


def _only_quantity(text: str) -> bool:
    """No words beside the figures: ``25개``, ``1.8``, ``3,715 (75.4%)``."""
    left = text
    for f in find_figures(text, "ko"):
        left = left.replace(f.text, "")
    return not re.search(r"[가-힣A-Za-z]{2,}", left)


def _has_quantity(text: str) -> bool:
    return any(f.kind not in ("year", "date", "datetime", "time") for f in find_figures(text, "ko"))


def _subject(first_piece: str) -> str:
    """What an arrow line is a schedule of: a ``(label)`` or the words before its first year."""
    m = re.match(r"^\s*[(<\[]([^)>\]]{2,20})[)>\]]", first_piece)
    if m:
        return m.group(1).strip()
    for f in find_figures(first_piece, "ko"):
        if f.kind == "year":
            before = first_piece[:first_piece.find(f.text)].strip(" :：(※*-")
            return before if len(before) <= 30 else ""
    return ""


def _schedule_table(structure: Structure, t: int, table: Table) -> list[Milestone]:
    """A schedule table: a header of at least two year columns, cells of words or marks; each
    filled cell is a step of its row's task in the first year it covers."""
    years = _year_columns(structure, t, table)
    if len(years) < 2 or table.kind in ("header", "contact"):
        return []
    head = max(c.row for c in table.cells if c.col in years and _cell_year(structure, t, table, c) is not None) + 1
    out = []
    seen = set()
    for c, cell in enumerate(table.cells):
        if cell.row < head or cell.col not in years and not any(cell.col < y < cell.col + cell.colspan
                                                               for y in years):
            continue
        if c in seen:
            continue
        seen.add(c)
        first = min(y for y in years if cell.col <= y < cell.col + cell.colspan) if cell.col not in years \
            else cell.col
        label = _row_label(table, cell.row, min(years))
        text = " ".join(_text(structure, t, c, cell).split())
        if SCHEDULE_MARK.match(text):
            text = label
        if not text or _has_quantity(text):           # figures in a year column: a KPI or statistics table
            continue
        out.append(Milestone(year=years[first], text=text, subject=label if text != label else "",
                             sentence=f"{label} | {text}", page=table.page))
    return out


def _year_columns(structure: Structure, t: int, table: Table) -> dict[int, int]:
    """Column -> year of the header cells (first three rows) that name a year (a cell spanning
    quarter columns gives its year to each)."""
    out: dict[int, int] = {}
    for cell in table.cells:
        if cell.row > 2:
            continue
        when = _cell_year(structure, t, table, cell)
        if when is not None:
            for col in range(cell.col, cell.col + cell.colspan):
                out.setdefault(col, when)
    return out


def _cell_year(structure, t, table, cell) -> int | None:
    text = _text(structure, t, table.cells.index(cell), cell).strip()
    figures = find_figures(text, "ko")
    if len(figures) != 1 or figures[0].kind != "year" or len(text) > 12:
        return None
    return figures[0].value if isinstance(figures[0].value, int) else None


def _text(structure: Structure, t: int, c: int, cell) -> str:
    parts = [structure.cell_texts[(t, c, i)].text for i in range(max(1, len(cell.items)))
             if (t, c, i) in structure.cell_texts]
    return " ".join(parts) if parts else cell.text


def _row_label(table: Table, row: int, before_col: int) -> str:
    for cell in sorted(table.cells, key=lambda c: -c.col):
        if cell.row <= row < cell.row + cell.rowspan and cell.col + cell.colspan <= before_col and cell.text.strip():
            return " ".join(cell.text.split())
    return ""


# --- attaching -----------------------------------------------------------------------------------

def attach(structure: Structure, items: tuple[PlanItem, ...], found: list[Target],
           steps: tuple[Milestone, ...]) -> tuple[list[Target], tuple[Milestone, ...]]:
    """Each target and milestone with the body's strategy/task it stands under (``plan_item``)."""
    body = [(item.block, n) for n, item in enumerate(items) if item.block is not None and item.block >= 0
            and item.kind in BODY_KINDS]
    if not body:
        return found, steps
    ends = {start: end for start, end in _task_chapters(structure)}
    scopes = [(s, e) for s, e in ends.items()]
    where = _Positions(structure)
    targets = [replace(t, plan_item=_under(where.of(t.page, t.text), body, scopes)) for t in found]
    milestones = tuple(replace(m, plan_item=_under(where.of(m.page, m.sentence), body, scopes)) for m in steps)
    return targets, milestones


def _under(position: int | None, body: list[tuple[int, int]], scopes) -> int | None:
    """The last body item at or before ``position``, inside the same chapter."""
    if position is None or not any(s <= position < e for s, e in scopes):
        return None
    before = [n for block, n in body if block <= position]
    return before[-1] if before else None


class _Positions:
    """Where a record's text stands in reading order, as a block index (a table: the block above)."""

    def __init__(self, structure: Structure):
        self.structure = structure
        self.by_page: dict[int, list[int]] = {}
        for i, b in enumerate(structure.blocks):
            self.by_page.setdefault(b.page, []).append(i)

    def of(self, page: int | None, text: str) -> int | None:
        if page is None or not text:
            return None
        key = _squash(text)
        for i in self.by_page.get(page, []):
            own = _squash(self.structure.block_texts[i].text)
            if own and (key in own or (len(own) >= 15 and own in key)):
                return i
        for t, table in enumerate(self.structure.tables):
            if table.page == page and any(_squash(c.text) and _squash(c.text) in key for c in table.cells):
                return self._above(table)
        return None

    def _above(self, table: Table) -> int | None:
        above = [i for i, b in enumerate(self.structure.blocks)
                 if (b.page, b.bbox[1]) <= (table.page, table.bbox[1])]
        return above[-1] if above else None


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text or "")
