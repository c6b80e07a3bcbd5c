"""Comparison tables: targets side by side across fields and across releases.

Three views of the same targets (``--by``):

* ``field``: a section per field; a row per focus technology and metric; a column per release, so a
  revision's changed target value sits beside the old one;
* ``focus``: a section per focus technology; a row per metric; a column per release;
* ``document``: a section per release; a row per focus technology; a column per field.

Rows are matched across releases on their names with spacing and middle dots folded
(``효율적 학습·인프라`` = ``효율적 학습 · 인프라``). Markdown and HTML come from
``templates/table.<fmt>.j2``; CSV is one line per target with the row and column it sits in (its
text cells neutralised against formula injection, :func:`pipeline.markup.csv_cell`).
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from pipeline.markup import csv_row, safe_href
from pipeline.records import Document, DocumentInfo, Target

VIEWS = ("field", "focus", "document")
FORMATS = ("md", "html", "csv")
CSV_COLUMNS = ("by", "section", "row", "column", "document_id", "title", "release_at", "field", "focus",
               "metric", "op", "value", "unit", "direction", "deadline", "page", "text")


@dataclass(frozen=True)
class Row:
    label: str
    cells: tuple[tuple[tuple[DocumentInfo, Target], ...], ...]     # per column: the targets there


@dataclass(frozen=True)
class Section:
    title: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Comparison:
    by: str
    documents: tuple[DocumentInfo, ...]
    sections: tuple[Section, ...]


def name_key(text: str) -> str:
    """A name with spacing and middle-dot variants folded, to match rows across releases."""
    return re.sub(r"[\s·ㆍ‧・･•∙]+", "", text or "")


def column_label(info: DocumentInfo) -> str:
    """A release as a column head: its date and id (titles of revisions are alike)."""
    date = (info.release_at or "").split("T")[0] or "undated"
    return f"{date} ({info.id})"


def compare(docs: list[Document], by: str = "field") -> Comparison:
    """The targets of ``docs`` arranged for one view."""
    if by not in VIEWS:
        raise ValueError(f"table: cannot arrange targets by {by!r}: choose one of {', '.join(VIEWS)}")
    docs = [d for d in docs if d.targets]          # a release without targets has no column to fill
    if any(d.info.language != "en" for d in docs):  # an English version restates its Korean release's
        docs = [d for d in docs if d.info.language != "en"]     # targets: `pair` compares those
    infos = tuple(d.info for d in docs)
    entries = [(d.info, t) for d in docs for t in d.targets]
    if by == "document":
        return Comparison(by, infos, tuple(_document_section(d) for d in docs))
    section_of = (lambda t: t.field) if by == "field" else (lambda t: t.focus)
    row_of = (lambda t: f"{t.focus} / {t.metric}") if by == "field" else (lambda t: t.metric)
    columns = [column_label(i) for i in infos]
    sections = []
    for title in _ordered(section_of(t) for _, t in entries):
        inside = [(i, t) for i, t in entries if name_key(section_of(t)) == name_key(title)]
        rows = [Row(label, tuple(tuple((i, t) for i, t in inside if i.id == info.id and
                                       name_key(row_of(t)) == name_key(label)) for info in infos))
                for label in _ordered(row_of(t) for _, t in inside)]
        sections.append(Section(title, tuple(columns), tuple(rows)))
    return Comparison(by, infos, tuple(sections))


def _document_section(doc: Document) -> Section:
    fields = _ordered(t.field for t in doc.targets)
    rows = [Row(focus, tuple(tuple((doc.info, t) for t in doc.targets
                                   if name_key(t.focus) == name_key(focus) and name_key(t.field) == name_key(f))
                             for f in fields))
            for focus in _ordered(t.focus for t in doc.targets)]
    return Section(f"{doc.info.title} ({column_label(doc.info)})", tuple(fields), tuple(rows))


def _ordered(names) -> list[str]:
    """Names in order of first appearance, each once (by its folded key)."""
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(name_key(name), name)
    return list(seen.values())


def render_table(comparison: Comparison, fmt: str = "md", lang: str = "ko",
                 target_href=None) -> str:
    """The comparison as Markdown, HTML or CSV. ``target_href(info, page)`` links each target to its
    page (default: the source file's page)."""
    if fmt == "csv":
        return _csv(comparison)
    if fmt not in FORMATS:
        raise ValueError(f"table: format {fmt!r} not supported")
    from pipeline.render.filters import environment
    href = target_href or (lambda info, page: safe_href(info.source, f"page={page}"))
    return environment(fmt).get_template(f"table.{fmt}.j2").render(
        comparison=comparison, lang=lang, fmt=fmt, english_source=False, nav=(),
        target_href=href, page_href=lambda page: "")


def _csv(comparison: Comparison) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for section in comparison.sections:
        for row in section.rows:
            for column, cell in zip(section.columns, row.cells):
                for info, t in cell:
                    writer.writerow(csv_row((comparison.by, section.title, row.label, column, info.id, info.title,
                                     info.release_at or "", t.field, t.focus, t.metric, t.op, t.value, t.unit,
                                     t.direction, t.deadline if t.deadline is not None else "", t.page, t.text)))
    return out.getvalue()
