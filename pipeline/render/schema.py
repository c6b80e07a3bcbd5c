"""The JSON Schema of the ingest JSON, generated from the typed records.

``python -m pipeline.render.schema`` prints it; ``docs/ingest.schema.json`` is its committed copy (a test
checks the two agree, and that real ingest output validates against it). Each record's properties
come from its dataclass fields and their type hints, so a field added to a record appears here
without a second list to keep; the few places where :meth:`records.Document.to_json` shapes a record
differently from its fields (a table's ``rows``, a focus technology's ``missions``) are stated below.
"""
from __future__ import annotations

import json
import types
import typing
from dataclasses import MISSING, fields, is_dataclass
from functools import lru_cache
from typing import Any, Union

from pipeline import records

SCHEMA_ID = "https://roadmap-pipeline.invalid/schema/ingest.schema.json"

#: The ingest JSON's top-level keys (besides ``document``) and the record each list holds.
LISTS: dict[str, type] = {
    "blocks": records.Block,
    "tables": records.Table,
    "figures": records.Figure,
    "targets": records.Target,
    "focus_technologies": records.FocusTechnology,
    "ecosystem": records.Ecosystem,
    "key_points": records.KeyPoint,
    "plan": records.PlanItem,
    "milestones": records.Milestone,
}

_NUMBER = {"type": "number"}
_CELL = {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}

# Where to_json writes a record otherwise than field by field: extra keys, and keys written in
# another shape than the field's type (a JSON Schema, or a type hint to make one from).
_EXTRA: dict[type, dict[str, Any]] = {
    records.Table: {"rows": {"type": "array", "items": {"type": "array", "items": _CELL}}},
    records.FocusTechnology: {"missions": tuple[str, ...], "mission_items": tuple[records.Mission, ...]},
}
_LEFT_OUT: dict[type, set[str]] = {
    records.DocumentInfo: {"pipeline_version"},     # written once, at the top level
}


def ingest_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one document's ingest JSON."""
    defs: dict[str, Any] = {}
    properties = {"document": _ref(records.DocumentInfo, defs),
                  "pipeline_version": {"type": "string"}}
    properties.update({key: {"type": "array", "items": _ref(cls, defs)} for key, cls in LISTS.items()})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "roadmap-pipeline ingest JSON (one document)",
        "type": "object",
        "required": ["document", *LISTS],
        "properties": properties,
        "additionalProperties": False,
        "$defs": dict(sorted(defs.items())),
    }


def schema_text() -> str:
    """:func:`ingest_schema` as the text of ``docs/ingest.schema.json``."""
    return json.dumps(ingest_schema(), ensure_ascii=False, indent=2) + "\n"


def _ref(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    name = cls.__name__
    if name not in defs:
        defs[name] = {}                      # placeholder first: records may refer to each other
        defs[name] = _record_schema(cls, defs)
    return {"$ref": f"#/$defs/{name}"}


def _record_schema(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    hints = _hints(cls)
    left_out = _LEFT_OUT.get(cls, set())
    extra = {key: shape if isinstance(shape, dict) else _type_schema(shape, defs)
             for key, shape in _EXTRA.get(cls, {}).items()}
    properties, required = {}, []
    for f in fields(cls):
        if f.name in left_out:
            continue
        properties[f.name] = extra.get(f.name) or _type_schema(hints[f.name], defs)
        if f.default is MISSING and f.default_factory is MISSING:
            required.append(f.name)
    properties.update({k: v for k, v in extra.items() if k not in properties})
    out: dict[str, Any] = {"type": "object", "properties": properties, "required": required,
                           "additionalProperties": False}
    if cls.__doc__ and not cls.__doc__.startswith(f"{cls.__name__}("):   # not dataclass's own
        out["description"] = " ".join(cls.__doc__.split())
    return out


@lru_cache(maxsize=None)
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(records))


def _type_schema(hint: Any, defs: dict[str, Any]) -> dict[str, Any]:
    """The JSON Schema of a value of type ``hint`` as :func:`records._listify` writes it."""
    if hint is type(None):
        return {"type": "null"}
    if hint is str:
        return {"type": "string"}
    if hint is bool:
        return {"type": "boolean"}
    if hint is int:
        return {"type": "integer"}
    if hint is float:
        return _NUMBER
    if hint is Any:
        return {}
    if is_dataclass(hint):
        return _ref(hint, defs)
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (Union, types.UnionType):
        return _union_schema(args, defs)
    if origin in (tuple, list):
        if len(args) == 2 and args[1] is Ellipsis or origin is list:
            return {"type": "array", "items": _type_schema(args[0], defs)}
        return {"type": "array", "prefixItems": [_type_schema(a, defs) for a in args],
                "minItems": len(args), "maxItems": len(args)}
    raise TypeError(f"no JSON Schema for the type {hint!r}")


def _union_schema(args: tuple, defs: dict[str, Any]) -> dict[str, Any]:
    if set(args) - {type(None)} == {int, float}:            # a number, maybe null
        return {"type": ["number", "null"]} if type(None) in args else _NUMBER
    return {"anyOf": [_type_schema(a, defs) for a in args]}


if __name__ == "__main__":
    print(schema_text(), end="")
