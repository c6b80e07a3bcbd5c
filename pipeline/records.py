"""Typed records the pipeline produces, and their JSON shape (``docs/json.md``; its JSON Schema is
``docs/ingest.schema.json``).

Every record is a frozen dataclass. Records that stand for something on the page carry their
provenance: the 1-based page number and the bounding box ``(x0, top, x1, bottom)`` in PDF points,
measured from the top-left corner of the page as pdfplumber does.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field, fields, is_dataclass
from functools import lru_cache
from typing import Any, Union

BBox = tuple[float, float, float, float]


def union_bbox(boxes) -> BBox | None:
    """The smallest box holding every box given (``None`` when there is none)."""
    boxes = [b for b in boxes if b]
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


@dataclass(frozen=True)
class DocumentWarning:
    """Something a reader of the records should know: text that could not be mapped, pages skipped."""
    code: str
    message: str
    page: int | None = None


@dataclass(frozen=True)
class Contact:
    role: str          # 책임자 / 담당자
    title: str         # 과장, 사무관 ...
    name: str
    phone: str
    department: str = ""


@dataclass(frozen=True)
class DocumentInfo:
    """Identity and metadata of one ingested document."""
    id: str                       # first 12 hex digits of sha256
    source: str                   # file name as given
    sha256: str
    pages: int
    producer: str = ""
    language: str = "ko"
    warnings: tuple[DocumentWarning, ...] = ()
    ministry: str = ""
    kind: str = ""                # 보도자료, 참고자료, 설명자료, 계획 ...
    title: str = ""
    subtitles: tuple[str, ...] = ()
    release_at: str | None = None       # ISO datetime (or date)
    distributed_at: str | None = None
    edition: str = ""             # 조간 / 석간
    department: str = ""
    contacts: tuple[Contact, ...] = ()
    series: str = ""
    pipeline_version: str = ""
    provenance: str = "page"      # "page": records point to page and box (PDF); "paragraph": to
                                  # section/paragraph refs (HWP/HWPX), the boxes being only a layout


# A table cell: plain text, or the bullet items it holds (each item whole).
Cell = Union[str, tuple[str, ...]]


@dataclass(frozen=True)
class Block:
    """One unit of text in reading order: a title, a paragraph with its bullet, a caption ..."""
    kind: str                     # see structure.BLOCK_KINDS
    text: str
    page: int
    bbox: BBox
    marker: str = ""              # bullet or label (□, ○, ➊, [인공지능], 핵심이슈 ...)
    level: int = 0                # bullet nesting depth, 0 outermost
    items: tuple[str, ...] = ()   # bullet items when a block keeps them apart
    section: str = ""             # the heading this block sits under
    ref: str = ""                 # HWP/HWPX provenance: section/paragraph ('s1/p12'), else ''
    ocr: float | None = None      # mean word confidence (0-100) when the text came from OCR


@dataclass(frozen=True)
class TableCell:
    """A cell with its grid position and spans, as read from the ruling lines."""
    row: int
    col: int
    text: str
    items: tuple[str, ...] = ()
    markers: tuple[str, ...] = ()     # the bullet of each item ('' for none)
    levels: tuple[int, ...] = ()      # nesting level of each item
    rowspan: int = 1
    colspan: int = 1
    bbox: BBox | None = None

    @property
    def value(self) -> Cell:
        """The cell as exported: its items when it holds bullet items, else its text."""
        return self.items if self.items else self.text


@dataclass(frozen=True)
class Table:
    page: int
    bbox: BBox
    cells: tuple[TableCell, ...]
    n_rows: int
    n_cols: int
    kind: str = "table"           # table, header, contact, roadmap, label
    section: str = ""
    caption: str = ""
    ref: str = ""                 # HWP/HWPX provenance: the table's paragraph ('s1/p4/t0'), else ''

    def grid(self) -> list[list[TableCell | None]]:
        """Rows of cells; a position covered by a spanning cell holds ``None``."""
        out: list[list[TableCell | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for cell in self.cells:
            out[cell.row][cell.col] = cell
        return out

    def rows(self) -> list[list[Cell]]:
        """Rows of exported cell values (text or items); covered positions are dropped."""
        return [[c.value for c in row if c is not None] for row in self.grid()]


@dataclass(frozen=True)
class Figure:
    """A quantity as written, with its value folded to a number."""
    text: str
    value: float | int | str | None
    unit: str
    op: str                       # = >= > <= < up_to about
    kind: str                     # count ordinal percent multiple money year date datetime time duration other
    sentence: str
    page: int
    bbox: BBox | None = None
    block: int | None = None      # index of the block (or -1 - index of the table) it came from
    ref: str = ""                 # HWP/HWPX provenance: section/paragraph[/table/cell], else ''
    ocr: float | None = None      # confidence (0-100) of the OCR words it was read from, if any


@dataclass(frozen=True)
class KeyPoint:
    """What a reader takes from a release first: its lead paragraph (``kind="lead"``, whole) or one
    of its top-level headlines (``kind="headline"``: a heading, a □/■ paragraph, or in a release of
    plain paragraphs the first sentence of each), where it stands on the page."""
    kind: str                     # lead | headline
    text: str
    page: int
    bbox: BBox | None = None
    marker: str = ""              # the bullet or numbering it carries (□, ■, Ⅰ., 1. ...), '' for none
    block: int | None = None      # index of the block it was read from


@dataclass(frozen=True)
class Target:
    """A quantified goal the document sets (``docs/targets.md``): what is measured, the number to
    reach with its comparator, the way it is to move, by when, and from what baseline; ``text`` and
    ``page`` say where it was read."""
    field: str
    focus: str
    metric: str
    value: float | int
    unit: str
    op: str
    direction: str                # increase | decrease
    deadline: int | None
    text: str
    page: int
    mission: str = ""
    baseline: float | int | None = None   # the stated starting value, in the target's unit
    baseline_year: int | None = None      # the year of the baseline ('현재(’24)'), when stated
    plan_item: int | None = None          # index in Document.plan of the strategy/task it sits under


@dataclass(frozen=True)
class PlanItem:
    """One node of a plan's strategy tree (비전 -> 목표 -> 추진전략 -> 중점과제 -> 세부과제), as the plan
    itself numbers and names it."""
    kind: str                     # vision | goal | strategy | task | subtask
    title: str
    number: str = ""              # the plan's own numbering as written: 'Ⅱ', '1', '①', '1-2'
    parent: int | None = None     # index in Document.plan of the item it belongs to
    page: int | None = None
    block: int | None = None      # index of the block it was read from (-1 - table index for a table)


@dataclass(frozen=True)
class Milestone:
    """A dated step of a plan's schedule: what is to happen in a year ('’28 시범서비스')."""
    year: int
    text: str                     # what happens that year, as written
    subject: str = ""             # what the schedule is of ('자율주행'), when the line names it
    sentence: str = ""            # the line it was read from
    page: int | None = None
    plan_item: int | None = None  # index in Document.plan of the strategy/task it sits under


@dataclass(frozen=True)
class Mission:
    text: str
    items: tuple[str, ...] = ()   # sub-items kept under the mission
    page: int | None = None


@dataclass(frozen=True)
class FocusTechnology:
    field: str
    name: str
    missions: tuple[Mission, ...] = ()
    rationale: tuple[str, ...] = ()
    number: int | None = None
    page: int | None = None


@dataclass(frozen=True)
class Ecosystem:
    field: str
    label: str
    items: tuple[str, ...] = ()
    page: int | None = None


@dataclass(frozen=True)
class Document:
    """Everything the pipeline knows of one document."""
    info: DocumentInfo
    blocks: tuple[Block, ...] = ()
    tables: tuple[Table, ...] = ()
    figures: tuple[Figure, ...] = ()
    targets: tuple[Target, ...] = ()
    focus_technologies: tuple[FocusTechnology, ...] = ()
    ecosystem: tuple[Ecosystem, ...] = ()
    key_points: tuple[KeyPoint, ...] = ()
    plan: tuple[PlanItem, ...] = ()
    milestones: tuple[Milestone, ...] = ()

    @property
    def fields(self) -> list[str]:
        """The document's fields (분야) in order of first appearance."""
        seen: dict[str, None] = {}
        for f in self.focus_technologies:
            seen.setdefault(f.field, None)
        return list(seen)

    def to_json(self) -> dict[str, Any]:
        """The ingest JSON shape of ``docs/json.md``."""
        info = _plain(self.info)
        info.pop("pipeline_version", None)
        if info.get("provenance") == "page":
            info.pop("provenance")                 # the default: PDF pages and boxes
        return {
            "document": info,
            "blocks": [_block_json(b) for b in self.blocks],
            "tables": [_table_json(t) for t in self.tables],
            "figures": [_without_defaults(_plain(f)) for f in self.figures],
            "targets": [_plain(t) for t in self.targets],
            "focus_technologies": [_focus_json(f) for f in self.focus_technologies],
            "ecosystem": [_plain(e) for e in self.ecosystem],
            "key_points": [_plain(k) for k in self.key_points],
            "plan": [_plain(p) for p in self.plan],
            "milestones": [_plain(m) for m in self.milestones],
            "pipeline_version": self.info.pipeline_version,
        }


def json_text(data: dict[str, Any]) -> str:
    """A document's JSON (:meth:`Document.to_json`) as the text of its ``<stem>.json`` file and of
    its row in the store: indented by one space, non-ASCII letters as they are."""
    return json.dumps(data, ensure_ascii=False, indent=1)


def with_series(text: str, series: str) -> str:
    """``text`` (from :func:`json_text`) with the document's series set to ``series``: its one
    line is replaced and the rest left as it is (encoding a whole document again costs a hundred
    times more). The first line that starts with the key at depth two is the document's: its
    part comes first, and a JSON string cannot hold a raw line break."""
    key = '\n  "series": '
    start = text.index(key)
    end = text.index("\n", start + 1)
    comma = "," if text[end - 1] == "," else ""
    return f"{text[:start]}{key}{json.dumps(series, ensure_ascii=False)}{comma}{text[end:]}"


def _plain(record) -> dict[str, Any]:
    """A record as JSON-ready data: what ``dataclasses.asdict`` gives with tuples as lists, built
    without ``asdict``'s deep copies (a third of the cost of writing a document's JSON)."""
    return {name: _listify(getattr(record, name)) for name in _field_names(type(record))}


@lru_cache(maxsize=None)
def _field_names(cls) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def _listify(value):
    if isinstance(value, (str, int, float)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return [_listify(v) for v in value]
    if isinstance(value, dict):
        return {k: _listify(v) for k, v in value.items()}
    if is_dataclass(value):
        return _plain(value)
    return value


def _block_json(block: Block) -> dict[str, Any]:
    out = _plain(block)
    if not block.items:
        out.pop("items")
    return _without_defaults(out)


def _without_defaults(out: dict[str, Any]) -> dict[str, Any]:
    """Drop the provenance keys a PDF record does not use (``ref``, ``ocr``): they are added only
    where they say something (``docs/json.md``: keys are added, never renamed)."""
    if not out.get("ref"):
        out.pop("ref", None)
    if out.get("ocr") is None:
        out.pop("ocr", None)
    return out


def _table_json(table: Table) -> dict[str, Any]:
    return {
        "page": table.page,
        "bbox": list(table.bbox),
        "kind": table.kind,
        "section": table.section,
        "caption": table.caption,
        **({"ref": table.ref} if table.ref else {}),
        "n_rows": table.n_rows,
        "n_cols": table.n_cols,
        "rows": _listify(table.rows()),
        "cells": [_plain(c) for c in table.cells],
    }


def _focus_json(focus: FocusTechnology) -> dict[str, Any]:
    out = _plain(focus)
    out["missions"] = [m.text for m in focus.missions]
    out["mission_items"] = [_plain(m) for m in focus.missions]
    return out


# --- reading records back from their JSON shape (the store keeps JSON) ---------------------------

def document_from_json(data: dict[str, Any]) -> Document:
    """Rebuild a :class:`Document` from :meth:`Document.to_json` output."""
    info = dict(data["document"])
    info["warnings"] = tuple(DocumentWarning(**w) for w in info.get("warnings") or ())
    info["contacts"] = tuple(Contact(**c) for c in info.get("contacts") or ())
    info["subtitles"] = tuple(info.get("subtitles") or ())
    info["pipeline_version"] = data.get("pipeline_version", "")
    return Document(
        info=_make(DocumentInfo, info),
        blocks=tuple(_make(Block, b, items=tuple(b.get("items") or ()), bbox=tuple(b["bbox"]))
                     for b in data.get("blocks") or ()),
        tables=tuple(_table_from_json(t) for t in data.get("tables") or ()),
        figures=tuple(_make(Figure, f, bbox=tuple(f["bbox"]) if f.get("bbox") else None)
                      for f in data.get("figures") or ()),
        targets=tuple(_make(Target, t) for t in data.get("targets") or ()),
        focus_technologies=tuple(_focus_from_json(f) for f in data.get("focus_technologies") or ()),
        ecosystem=tuple(_make(Ecosystem, e, items=tuple(e.get("items") or ()))
                        for e in data.get("ecosystem") or ()),
        key_points=tuple(_make(KeyPoint, k, bbox=tuple(k["bbox"]) if k.get("bbox") else None)
                         for k in data.get("key_points") or ()),
        plan=tuple(_make(PlanItem, p) for p in data.get("plan") or ()),
        milestones=tuple(_make(Milestone, m) for m in data.get("milestones") or ()),
    )


def _make(cls, data: dict[str, Any], **override):
    names = {f.name for f in fields(cls)}
    values = {k: v for k, v in data.items() if k in names}
    values.update(override)
    return cls(**values)


def _table_from_json(data: dict[str, Any]) -> Table:
    cells = tuple(
        _make(TableCell, c, items=tuple(c.get("items") or ()), markers=tuple(c.get("markers") or ()),
              levels=tuple(c.get("levels") or ()), bbox=tuple(c["bbox"]) if c.get("bbox") else None)
        for c in data.get("cells") or ())
    n_rows = data.get("n_rows") or max((c.row + c.rowspan for c in cells), default=0)
    n_cols = data.get("n_cols") or max((c.col + c.colspan for c in cells), default=0)
    return Table(page=data["page"], bbox=tuple(data["bbox"]), cells=cells, n_rows=n_rows, n_cols=n_cols,
                 kind=data.get("kind", "table"), section=data.get("section", ""),
                 caption=data.get("caption", ""), ref=data.get("ref", ""))


def _focus_from_json(data: dict[str, Any]) -> FocusTechnology:
    missions = tuple(_make(Mission, m, items=tuple(m.get("items") or ()))
                     for m in data.get("mission_items") or ())
    if not missions:
        missions = tuple(Mission(text=m) for m in data.get("missions") or ())
    return _make(FocusTechnology, data, missions=missions, rationale=tuple(data.get("rationale") or ()))
