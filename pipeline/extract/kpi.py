"""Targets of KPI tables: a table whose header names years (``’25 | ’26 | ’27``, ``2030년``) or a
starting point and a goal (``현재 | 목표``, ``As-Is | To-Be``, ``기준 | 목표치``) gives one target per
row and goal column, the row's label being the metric (``docs/targets.md``).

A column is read by its header: a goal (목표, To-Be, a year after the document's date) holds targets;
a starting point (현재, As-Is, 기준, a year before the document's date, which holds actuals) holds the
baseline of the targets of its row, with that column's year. A cell's own year (``(’27) 94%``) is its
deadline. A bare number takes its unit from the row label (``전문인력(명)``), a 단위 column, the
column's header or the table's ``(단위: 억원)`` line. Tables that add figures up (a 합계 column or
row) and tables of money under budget words are budgets and statistics, not goals: no targets.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache

from pipeline import korean
from pipeline.extract import targets
from pipeline.korean.figures import find_figures
from pipeline.records import Table, TableCell, Target
from pipeline.resources import DATA
from pipeline.structure.blocks import Structure

#: A figure a KPI cell may hold as its target: what a mission may (targets.MEASURABLE) and a rank.
RANK_UNIT = "위"
UNIT_NOTE = re.compile(r"단위\s*[:：]\s*([^)\]\n,]+)")
UNIT_PAREN = re.compile(r"\(\s*([^()\d]{1,6})\s*\)\s*$")
WHOLE = re.compile(r"^\s*(?:의|중)(?:\s|$)")      # '8,500개의 약 30%': the figure is the whole of a share
YEAR_BRACKET = re.compile(r"\([^)]*\d{2}[^)]*\)")
BARE_NUMBER = re.compile(r"^\s*([△▲-]?\s*\d[\d,]*(?:\.\d+)?)\s*$")
ROW_SKIP = ("roadmap", "header", "contact")


@lru_cache(maxsize=1)
def words() -> dict:
    """The words of ``pipeline/data/plans.toml`` (KPI columns, sums, budgets; the strategy tree)."""
    with (DATA / "plans.toml").open("rb") as f:
        return tomllib.load(f)


@dataclass(frozen=True)
class Column:
    """What a KPI table's column holds: ``role`` is target, baseline, unit, note or label."""
    index: int
    role: str
    year: int | None
    header: str


def kpi_targets(structure: Structure, horizon: int | None, year: int | None,
                skip: frozenset[int] = frozenset()) -> list[Target]:
    """The targets of every KPI table of ``structure`` (tables in ``skip`` left out: the roadmap
    tables, read by their own reader). ``year`` is the document's year (past columns hold actuals);
    ``horizon`` the plan's stated deadline, for goal columns that name no year."""
    found: list[Target] = []
    for t, table in enumerate(structure.tables):
        if t in skip or table.kind in ROW_SKIP or table.n_cols < 2:
            continue
        found.extend(_table(structure, t, table, horizon, year))
    return found


def _table(structure: Structure, t: int, table: Table, horizon, year) -> list[Target]:
    texts = _cell_texts(structure, t, table)
    head_rows = _header_rows(table, texts)
    if not head_rows:
        return []
    columns = _columns(table, texts, head_rows, year)
    goals = [c for c in columns if c.role == "target"]
    if not goals or not _is_goal_table(table, texts, columns, year) or _adds_up(table, texts, head_rows):
        return []
    labels = [c.index for c in columns if c.role == "label"]
    table_unit = _table_unit(structure, table, texts, head_rows)
    money_budget = _budget_context(structure, table, texts)
    found = []
    for r in range(head_rows, table.n_rows):
        label = _label(table, texts, r, labels) if labels else ""
        if labels and not label:
            continue
        metric, label_unit = _metric_and_unit(label)
        unit_cell = next((texts.get(_covering(table, r, c.index)) for c in columns if c.role == "unit"), None)
        row_unit = label_unit or (unit_cell or "").strip("() ") or table_unit
        baselines = [(c, _values(texts.get(_covering(table, r, c.index), ""), row_unit or _header_unit(c.header)))
                     for c in columns if c.role == "baseline"]
        seen_cells = set()
        for column in goals:
            cell = _covering(table, r, column.index)
            if cell is None or cell in seen_cells:
                continue
            seen_cells.add(cell)
            text = texts.get(cell, "")
            for value, when in _values(text, row_unit or _header_unit(column.header)):
                if value.unit == "원" and (money_budget or _allocates(text)):
                    continue
                named = metric or _column_name(column.header) or _phrase_before(text, value.text)
                found.append(_target(named, label or column.header, text, value,
                                     when or column.year or horizon, _baseline(baselines, value.unit),
                                     table.page))
    return found


def _target(metric, label, text, fig, deadline, baseline, page) -> Target:
    base_value, base_year = baseline
    return Target(field="", focus="", metric=metric, value=fig.value, unit=fig.unit, op=fig.op,
                  direction=_direction(metric, fig.value, base_value, fig.op), deadline=deadline,
                  text=f"{label} | {text}", page=page, baseline=base_value, baseline_year=base_year)


def _direction(metric: str, value, baseline, op: str) -> str:
    """From the baseline when there is one; else from the metric's words; else increase."""
    if baseline is not None and baseline != value:
        return "increase" if value > baseline else "decrease"
    if op in ("<=", "<") or any(verb in metric for verb in korean.DECREASE_VERBS):
        return "decrease"
    return "increase"


def _baseline(baselines, unit: str) -> tuple[float | int | None, int | None]:
    """The value in the row's starting-point column with the target's unit, and its year."""
    for column, values in baselines:
        for fig, when in values:
            if fig.unit == unit:
                return fig.value, when or column.year
    return None, None


# --- cells ---------------------------------------------------------------------------------------

def _cell_texts(structure: Structure, t: int, table: Table) -> dict[int, str]:
    """Each cell's text with its wrapped lines joined (its items one after another)."""
    out: dict[int, str] = {}
    for c, cell in enumerate(table.cells):
        parts = [structure.cell_texts[(t, c, i)].text for i in range(max(1, len(cell.items)))
                 if (t, c, i) in structure.cell_texts]
        out[c] = "; ".join(p.strip() for p in parts if p.strip()) or cell.text.strip()
    return out


def _covering(table: Table, r: int, col: int) -> int | None:
    """The index of the cell that covers row ``r``, column ``col`` (a spanning cell covers several)."""
    for i, cell in enumerate(table.cells):
        if cell.row <= r < cell.row + cell.rowspan and cell.col <= col < cell.col + cell.colspan:
            return i
    return None


def _values(text: str, unit: str):
    """(figure, year) of each measurable figure of a cell; the year the cell states, if any. A
    figure a share is taken of (``8,500개의 약 30%``, ``2.8만개 중 20%``) is a size, no value."""
    figures = find_figures(text, "ko")
    if not figures and unit:
        bare = BARE_NUMBER.match(text)
        figures = find_figures(bare.group(1).replace(" ", "").lstrip("△▲") + unit, "ko") if bare else []
    when = next((f.value for f in figures if f.kind == "year" and isinstance(f.value, int)), None)
    return [(f, when) for f in figures if _measurable(f) and not WHOLE.match(text[_end(text, f):])]


def _end(text: str, fig) -> int:
    at = text.find(fig.text)
    return at + len(fig.text) if at >= 0 else 0


def _column_name(header: str) -> str:
    """A column header that names what its cells measure (``슈퍼컴 6호기(‘26.上~)`` -> ``슈퍼컴
    6호기``), not only a role or a year (``목표``, ``To-be``, ``’30년``)."""
    kpi = words()["kpi"]
    name = YEAR_BRACKET.sub("", header)
    for w in sorted(kpi["target"] + kpi["baseline"], key=len, reverse=True):
        name = name.replace(w, "")
    name = re.sub(r"[’‘'`]?\d{2,4}\s*년?|[()~∼\s]+", " ", name).strip()
    return name if re.search(r"[가-힣A-Za-z]{2,}", name) else ""


def _phrase_before(text: str, figure: str) -> str:
    """The words right before a figure in a cell, back to a bullet or punctuation: what it counts."""
    at = text.find(figure)
    before = re.split(r"[,;:·※▪▸•○\-()\[\]/]|→|\s[-–]\s", text[:max(at, 0)])[-1].split()
    return " ".join(before[-3:])


def _measurable(fig) -> bool:
    return targets.is_target_figure(fig) or (fig.kind == "ordinal" and fig.unit == RANK_UNIT)


# --- header --------------------------------------------------------------------------------------

def _header_rows(table: Table, texts: dict[int, str]) -> int:
    """How many rows at the top name the columns: the first, and each next one of header words only
    (a year, 현재, 목표 ...) under a cell that spans columns."""
    rows = 1
    while rows < min(3, table.n_rows - 1):
        above = [c for c in table.cells if c.row == rows - 1]
        here = [(i, c) for i, c in enumerate(table.cells) if c.row == rows]
        if not any(c.colspan > 1 for c in above) or not here:
            break
        if not all(_headerish(texts[i]) for i, _ in here if texts[i]):
            break
        rows += 1
    return rows


def _headerish(text: str) -> bool:
    kpi = words()["kpi"]
    return bool(_year_of(text)) or any(w in text for w in kpi["baseline"] + kpi["target"] + kpi["unit"])


def _columns(table: Table, texts: dict[int, str], head_rows: int, year: int | None) -> list[Column]:
    """Each column's role, from the header cells above it; the columns before the first value column
    are labels."""
    headers = []
    for col in range(table.n_cols):
        parts = []
        for r in range(head_rows):
            i = _covering(table, r, col)
            if i is not None and texts[i] not in parts:
                parts.append(texts[i])
        headers.append(" ".join(parts))
    roles = [_role(h, year) for h in headers]
    first_value = next((i for i, (role, _) in enumerate(roles) if role in ("target", "baseline")), len(roles))
    return [Column(i, "label" if i < first_value and role != "unit" else role, when, headers[i])
            for i, (role, when) in enumerate(roles)]


def _role(header: str, year: int | None) -> tuple[str, int | None]:
    kpi = words()["kpi"]
    when = _year_of(header)
    if any(w in header for w in kpi["unit"]) and len(header) <= 6:
        return "unit", None
    if any(w in header for w in kpi["notes"]):
        return "note", when
    if any(w in header for w in kpi["target"]):
        return "target", when
    if any(w in header for w in kpi["baseline"]):
        return "baseline", when
    if when is None:
        return "note", None
    if year is not None and when < year:
        return "baseline", when                 # a past year's column holds actuals
    return "target", when


def _year_of(text: str) -> int | None:
    years = [f.value for f in find_figures(text, "ko") if f.kind == "year" and isinstance(f.value, int)]
    return years[-1] if years else None


def _header_unit(header: str) -> str:
    m = UNIT_NOTE.search(header) or UNIT_PAREN.search(header)
    return m.group(1).strip() if m and not _year_of(m.group(1)) else ""


def _is_goal_table(table: Table, texts, columns: list[Column], year: int | None) -> bool:
    """A table sets goals when a column says so (목표, To-Be) or names a year after the document's;
    without the document's year, only words tell."""
    kpi = words()["kpi"]
    if any(c.role == "target" and any(w in c.header for w in kpi["target"]) for c in columns):
        return True
    return year is not None and any(c.role == "target" and c.year and c.year > year for c in columns)


def _adds_up(table: Table, texts: dict[int, str], head_rows: int) -> bool:
    """A column or row of sums: the table is a budget or a statistic."""
    sums = words()["kpi"]["sums"]
    for i, cell in enumerate(table.cells):
        if cell.row < head_rows or cell.col == 0:
            name = re.sub(r"[\s()\[\]<>]", "", texts[i])
            if name in sums:
                return True
    return False


def _budget_context(structure: Structure, table: Table, texts: dict[int, str]) -> bool:
    """Budget words in the table's caption, section, header or the line right above it."""
    budget = words()["kpi"]["budget"]
    around = " ".join([table.caption, table.section, line_above(structure, table)]
                      + [texts[i] for i, c in enumerate(table.cells) if c.row == 0])
    return any(w in around for w in budget)


def _allocates(text: str) -> bool:
    """Whether a cell states money given or spent ('… 등 500백만원 지원'): an allocation, no goal."""
    return any(w in text for w in words()["kpi"]["support"])


def _table_unit(structure: Structure, table: Table, texts: dict[int, str], head_rows: int) -> str:
    """The unit a table states for all its cells: ``(단위: 억원)`` in its caption, header or the
    line above it."""
    for text in [table.caption, line_above(structure, table)] + \
            [texts[i] for i, c in enumerate(table.cells) if c.row < head_rows]:
        m = UNIT_NOTE.search(text or "")
        if m:
            return m.group(1).strip()
    return ""


def line_above(structure: Structure, table: Table) -> str:
    """The text of the block right above the table on its page."""
    above = [b for b in structure.blocks if b.page == table.page and b.bbox[3] <= table.bbox[1] + 2]
    return max(above, key=lambda b: b.bbox[3]).text if above else ""


# --- rows ----------------------------------------------------------------------------------------

def _label(table: Table, texts: dict[int, str], r: int, labels: list[int]) -> str:
    """A row's label: its last label column's text (the indicator, right of any group cell)."""
    for col in reversed(labels or [0]):
        i = _covering(table, r, col)
        if i is not None and texts[i].strip():
            return texts[i].strip()
    return ""


def _metric_and_unit(label: str) -> tuple[str, str]:
    """``전문인력(명)`` -> (``전문인력``, ``명``): a unit in the row label, in brackets at its end."""
    m = UNIT_PAREN.search(label)
    if m and not re.search(r"[가-힣]{3,}", m.group(1)):
        return label[:m.start()].strip(), m.group(1).strip()
    return label, ""
