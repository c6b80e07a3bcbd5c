"""Revision diff views: the changes of :func:`pipeline.diff.documents.diff_documents` as Markdown,
HTML (in the site's chrome) or JSON, through the templates ``diff.md.j2`` and ``diff.html.j2``.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from functools import lru_cache
from typing import Any, Sequence

from pipeline.diff.changes import Change, KINDS, Side, diff_data
from pipeline.diff.documents import Group, group_changes
from pipeline.records import DocumentInfo
from pipeline.resources import TEMPLATES

FORMATS = ("md", "html", "json")
_SPACE = re.compile(r"\s+")


# --- rendering -------------------------------------------------------------------------------------

def render_diff(changes: Sequence[Change], fmt: str = "md", old: DocumentInfo | None = None,
                new: DocumentInfo | None = None) -> str:
    """The changes as Markdown (``md``), HTML (``html``) or JSON (``{"changes": [...]}``); ``old`` and
    ``new`` name the two documents in the output when given."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown diff format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if fmt == "json":
        out: dict[str, Any] = {"changes": [c.to_json() for c in changes]}
        for name, info in (("old", old), ("new", new)):
            if info is not None:
                out[name] = _info_json(info)
        return json.dumps(out, ensure_ascii=False, indent=1) + "\n"
    template = _environment(fmt).get_template(f"diff.{fmt}.j2")
    return template.render(changes=list(changes), groups=group_changes(changes), old=old, new=new,
                           labels=diff_data()["labels"])


def _info_json(info: DocumentInfo) -> dict[str, Any]:
    return {"id": info.id, "source": info.source, "title": info.title, "release_at": info.release_at}


@lru_cache(maxsize=None)
def _environment(fmt: str):
    """The Jinja environment of one format: strict about undefined names, HTML autoescaped, every
    piece of formatting a named filter from this module."""
    import jinja2
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), undefined=jinja2.StrictUndefined,
                             autoescape=(fmt == "html"), trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True)
    env.filters.update({
        "kind_label": lambda kind: _label("kinds", kind),
        "kind_mark": lambda kind: _label("marks", kind),
        "item_label": lambda item: _label("items", item),
        "where_label": lambda where: _label("where", where),
        "group_title": group_title,
        "count_line": count_line,
        "doc_line": doc_line,
        "quantity": quantity,
        "md_text": md_text,
        "md_side": md_side,
        "html_side": html_side,
    })
    return env


def _label(table: str, key: str) -> str:
    """A display label from the data file; a key without one shows as itself."""
    return diff_data()["labels"][table].get(key, key)


def group_title(group: Group) -> str:
    """A group's heading: its field and focus technology, or the document's own part."""
    parts = [p for p in (group.field, group.focus) if p]
    return " · ".join(parts) if parts else diff_data()["labels"]["document"]


def count_line(changes: Sequence[Change]) -> str:
    """``3 changes: 1 added, 2 changed`` (kinds in their fixed order)."""
    counts = Counter(c.kind for c in changes)
    kinds = ", ".join(f"{counts[k]} {_label('kinds', k)}" for k in KINDS if counts[k])
    return f"{len(changes)} {diff_data()['labels']['change_count']}: {kinds}"


def doc_line(info: DocumentInfo) -> str:
    """A document as named in a diff's heading: title, release time and id."""
    when = f" ({info.release_at})" if info.release_at else ""
    return f"{info.title or info.source}{when} [{info.id}]"


def quantity(side: Side | None) -> str:
    """A side's value as read: comparator, number with thousands separators, unit (``≥ 1,500,000 명``)."""
    if side is None or side.value is None:
        return ""
    value = side.value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        shown = str(value)
    elif float(value).is_integer():
        # Years are never grouped (2030년); counts and amounts are (1,500,000명).
        year = side.unit == diff_data()["targets"]["deadline_unit"]
        shown = str(int(value)) if year else f"{int(value):,}"
    else:
        shown = f"{value:,.6g}"
    op = diff_data()["labels"]["ops"].get(side.op, f"{side.op} " if side.op else "")
    # Korean counters and symbols follow the number directly (50%, 30일); Latin units after a space.
    gap = " " if re.match(r"[A-Za-z]", side.unit or "") else ""
    return f"{op}{shown}{gap}{side.unit}".strip()


def _side_pieces(change: Change, which: str) -> list[tuple[str, bool]]:
    """A side's text as (stretch, highlighted) pieces: the word diff seen from that side when there
    is one, else the side's text whole."""
    side = change.old if which == "old" else change.new
    if side is None:
        return []
    if change.diff:
        mine = "delete" if which == "old" else "insert"
        return [(p.text, p.op == mine) for p in change.diff if p.op in ("equal", mine)]
    return [(side.text, False)]


_MD_SPECIAL = re.compile(r"([\\`*_~|<>\[\]])")


def _md_escape(text: str) -> str:
    """Markdown's marks escaped, line breaks made spaces (a table cell is one line)."""
    return _MD_SPECIAL.sub(r"\\\1", _SPACE.sub(" ", text or ""))


def md_text(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return _md_escape(text).strip()


def md_side(change: Change, which: str) -> str:
    """One side of a change as a Markdown cell: removed text struck through, the word diff marked
    (``~~deleted~~``, ``**inserted**``), the value after it."""
    pieces = _side_pieces(change, which)
    if not pieces:
        return "—"
    if change.kind == "removed":
        text = f"~~{md_text(''.join(p for p, _ in pieces))}~~"
    else:
        mark = "~~" if which == "old" else "**"
        text = "".join(f"{mark}{_md_escape(p)}{mark}" if hit else _md_escape(p) for p, hit in pieces).strip()
    amount = quantity(change.old if which == "old" else change.new)
    return f"{text} ({md_text(amount)})" if amount else text


def html_side(change: Change, which: str):
    """One side of a change as HTML: removed text in ``<s>``, the word diff in ``<del>``/``<ins>``,
    the value after it."""
    from markupsafe import Markup, escape
    pieces = _side_pieces(change, which)
    if not pieces:
        return Markup('<span class="none">—</span>')
    if change.kind == "removed":
        text = Markup("<s>{}</s>").format("".join(p for p, _ in pieces))
    else:
        tag = "del" if which == "old" else "ins"
        text = Markup("").join(Markup(f"<{tag}>{{}}</{tag}>").format(p) if hit else escape(p)
                               for p, hit in pieces)
    amount = quantity(change.old if which == "old" else change.new)
    if amount:
        text += Markup(' <span class="value">{}</span>').format(amount)
    return text
