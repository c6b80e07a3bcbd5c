"""What a revision diff reports: :class:`Change` records, each with its old and new :class:`Side`.

The JSON shape of a change is in ``docs/json.md``; what the diff knows (what counts as layout, how
close two wordings must be, the labels people read) is in ``pipeline/data/diff.toml``.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pipeline.resources import DATA

KINDS = ("added", "removed", "changed", "reworded")
ITEMS = ("metadata", "focus_technology", "mission", "target", "figure", "row", "text")


@lru_cache(maxsize=None)
def diff_data() -> dict:
    """The diff's data file (``pipeline/data/diff.toml``), parsed once."""
    with (DATA / "diff.toml").open("rb") as f:
        return tomllib.load(f)


# --- what a diff reports -------------------------------------------------------------------------

@dataclass(frozen=True)
class Side:
    """One side of a change: the text as written, and the quantity it states, if any."""
    text: str
    value: float | int | str | None = None
    unit: str = ""
    page: int | None = None
    op: str = ""
    context: str = ""      # the sentence or cell the text sits in, when the text is only a part of it

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text, "value": self.value, "unit": self.unit, "page": self.page}
        if self.op:
            out["op"] = self.op
        if self.context:
            out["context"] = self.context
        return out


@dataclass(frozen=True)
class Piece:
    """A stretch of a word diff: ``equal`` to both sides, or ``delete``-d from / ``insert``-ed into."""
    op: str
    text: str


@dataclass(frozen=True)
class Change:
    """One difference between the old and the new document (JSON shape: ``docs/json.md``)."""
    kind: str                      # added | removed | changed | reworded
    item: str                      # metadata | focus_technology | mission | target | figure | row | text
    field: str = ""                # 분야 the change belongs to, when known
    focus: str = ""                # focus technology (중점기술) it belongs to, when known
    old: Side | None = None
    new: Side | None = None
    where: str = ""                # metadata attribute, record part, section heading or table label
    diff: tuple[Piece, ...] = ()   # word diff of the old and new wording, when both exist

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": self.kind, "item": self.item, "field": self.field, "focus": self.focus,
            "where": self.where,
            "old": self.old.to_json() if self.old else None,
            "new": self.new.to_json() if self.new else None,
        }
        if self.diff:
            out["diff"] = [{"op": p.op, "text": p.text} for p in self.diff]
        return out
