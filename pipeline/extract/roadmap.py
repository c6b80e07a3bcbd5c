"""Roadmap records: fields (분야), focus technologies (중점기술) with their missions (임무) and
rationale, and ecosystem measures (생태계 조성 방안), read from roadmap tables.

A roadmap table has a header row naming a technology column and a mission column; its rows are
numbered ❶..❹ under a field heading such as ``[인공지능]``; rows under a 생태계 label list measures.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from pipeline import korean
from pipeline.records import Block, Ecosystem, FocusTechnology, Mission, Table, TableCell

TECH_COLUMN = re.compile(r"중점\s*기술|전략\s*기술|기술\s*분야|세부\s*기술")
MISSION_COLUMN = re.compile(r"임무|목표")
RATIONALE_COLUMN = re.compile(r"근거|배경|필요성")
ECOSYSTEM = re.compile(r"생태계|기반\s*조성|추진\s*기반")


@dataclass(frozen=True)
class RoadmapTable:
    """A table read as a roadmap: which columns hold what, and the field it belongs to."""
    table_index: int
    field: str
    tech_col: int
    mission_col: int
    rationale_col: int | None


def find_roadmap_tables(blocks: tuple[Block, ...], tables: tuple[Table, ...]) -> list[RoadmapTable]:
    """The tables laid out as roadmaps, each with the field heading it sits under."""
    found = []
    for i, table in enumerate(tables):
        header = {c.col: c.text for c in table.cells if c.row == 0}
        tech = next((col for col, t in header.items() if TECH_COLUMN.search(t)), None)
        mission = next((col for col, t in header.items() if MISSION_COLUMN.search(t) and col != tech), None)
        if tech is None or mission is None:
            continue
        rationale = next((col for col, t in header.items() if RATIONALE_COLUMN.search(t)), None)
        found.append(RoadmapTable(i, field_of(table, blocks), tech, mission, rationale))
    return found


def field_of(table: Table, blocks: tuple[Block, ...]) -> str:
    """The field tag (``[인공지능]``) of the last tagged heading above the table."""
    field = ""
    for b in blocks:
        if (b.page, b.bbox[1]) > (table.page, table.bbox[1]):
            break
        tag = re.match(r"\[([^\]]+)\]", b.marker)
        if tag:
            field = tag.group(1).strip()
    return field


def focus_technologies(blocks, tables) -> tuple[tuple[FocusTechnology, ...], tuple[Ecosystem, ...]]:
    """Focus technologies and ecosystem measures of every roadmap table."""
    focus, ecosystem = [], []
    for rt in find_roadmap_tables(blocks, tables):
        table = tables[rt.table_index]
        grid = table.grid()
        in_ecosystem = False
        for r, row in enumerate(grid[1:], start=1):
            label = row[rt.tech_col] if rt.tech_col < len(row) else None
            if label is not None and ECOSYSTEM.search(label.text):
                in_ecosystem = True
            if in_ecosystem:
                ecosystem.extend(_ecosystem_rows(row, rt.field, table.page))
                continue
            if label is None or not label.text.strip():
                continue
            focus.append(_focus(row, rt, label, table.page))
    return tuple(focus), tuple(ecosystem)


def _focus(row, rt: RoadmapTable, label: TableCell, page: int) -> FocusTechnology:
    mission_cell = cell_at(row, rt.mission_col)
    rationale_cell = cell_at(row, rt.rationale_col) if rt.rationale_col is not None else None
    number = next((int(unicodedata.numeric(m[0])) for m in label.markers
                   if m and m[0] in korean.CIRCLED_NUMBERS), None)
    name = label.text.strip()
    return FocusTechnology(field=rt.field, name=name, missions=tuple(missions_of(mission_cell, page)),
                           rationale=tuple(_items(rationale_cell)), number=number, page=page)


def cell_at(row, col):
    """The cell covering a column (a spanning cell covers several)."""
    for cell in row:
        if cell is not None and cell.col <= col < cell.col + cell.colspan:
            return cell
    return None


def missions_of(cell: TableCell | None, page: int) -> list[Mission]:
    """Top-level items are missions; deeper items stay under the mission above them."""
    if cell is None:
        return []
    if not cell.items:
        return [Mission(text=cell.text, page=page)] if cell.text.strip() else []
    missions: list[tuple[str, list[str]]] = []
    levels = cell.levels or (0,) * len(cell.items)
    for text, level in zip(cell.items, levels):
        if level == 0 or not missions:
            missions.append((text, []))
        else:
            missions[-1][1].append(text)
    return [Mission(text=t, items=tuple(sub), page=page) for t, sub in missions]


def _items(cell: TableCell | None) -> list[str]:
    if cell is None:
        return []
    return list(cell.items) if cell.items else ([cell.text] if cell.text.strip() else [])


def _ecosystem_rows(row, field: str, page: int):
    cells = [c for c in row if c is not None]
    labels = [c for c in cells if not c.items and c.text.strip() and not ECOSYSTEM.search(c.text)]
    holders = [c for c in cells if c.items]
    if labels and holders:
        yield Ecosystem(field=field, label=labels[-1].text.strip(), items=tuple(holders[-1].items), page=page)
