"""Extract stage: records from an analysed structure.

Figures from every text unit (with sentence, page and box), focus technologies and ecosystem from
roadmap tables, targets from missions, the document's metadata and its key points (lead and
headlines, :mod:`pipeline.extract.keypoints`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from pipeline.extract import goals, kpi, plan, roadmap, targets
from pipeline.extract.analysis import Analysis, UnitAnalysis
from pipeline.extract.keypoints import key_points
from pipeline.extract.metadata import Metadata, extract_metadata
from pipeline.korean.figures import find_figures
from pipeline.read.limits import MAX_FIGURES_PER_SENTENCE, MAX_SENTENCE_CHARS
from pipeline.records import (DocumentWarning, Ecosystem, Figure, FocusTechnology, KeyPoint, Milestone, PlanItem,
                              Target)
from pipeline.structure.blocks import Structure, Text

SKIP_BLOCKS = {"masthead", "contact"}
SKIP_TABLES = {"header", "contact"}


@dataclass(frozen=True)
class Records:
    figures: tuple[Figure, ...]
    targets: tuple[Target, ...]
    focus_technologies: tuple[FocusTechnology, ...]
    ecosystem: tuple[Ecosystem, ...]
    metadata: Metadata
    key_points: tuple[KeyPoint, ...] = ()
    warnings: tuple[DocumentWarning, ...] = ()
    plan: tuple[PlanItem, ...] = ()
    milestones: tuple[Milestone, ...] = ()


def extract(structure: Structure, analysis: Analysis) -> Records:
    """Every record the pipeline draws from one document."""
    by_unit, dropped = _figures_by_unit(structure, analysis)
    figures = tuple(f for unit in by_unit.values() for f in unit)
    focus, ecosystem = roadmap.focus_technologies(structure.blocks, structure.tables)
    metadata = extract_metadata(structure.blocks, structure.tables)
    if analysis.language == "en":
        found = _table_targets(structure, analysis, by_unit, targets.horizon(figures))
        found = found or _english_targets(structure, analysis, by_unit, targets.english_horizon(figures))
    else:
        found = targets.merged(_target_sources(structure, analysis, by_unit, figures, metadata))
    items = plan.plan_items(structure)
    milestones = plan.milestones(structure, targets.document_year(metadata.release_at, figures))
    found, milestones = plan.attach(structure, items, list(found), milestones)
    return Records(figures=figures, targets=tuple(found), focus_technologies=focus, ecosystem=ecosystem,
                   metadata=metadata, key_points=key_points(structure), warnings=_dropped_figures_warning(dropped),
                   plan=items, milestones=milestones)


def _target_sources(structure, analysis, by_unit, figures, metadata) -> list[list[Target]]:
    """The targets of a Korean document from each place goals are stated, tables first: a goal a
    table states and the prose restates is the table's (:func:`targets.merged` keeps the first).
    Roadmap tables, then KPI tables (year / 현재 / 목표 columns), then the prose."""
    horizon = targets.horizon(figures)
    year = targets.document_year(metadata.release_at, figures)
    roadmap_tables = frozenset(rt.table_index for rt in roadmap.find_roadmap_tables(structure.blocks, structure.tables))
    return [
        _table_targets(structure, analysis, by_unit, horizon),
        kpi.kpi_targets(structure, horizon, year, skip=roadmap_tables),
        goals.prose_targets(structure.blocks, structure.block_texts, analysis, by_unit, year, horizon,
                            _field_of_section),
    ]


def _units(structure: Structure):
    """(key, text, page) of every text unit in reading order, tables after the blocks above them."""
    for i, (block, text) in enumerate(zip(structure.blocks, structure.block_texts)):
        if block.kind not in SKIP_BLOCKS:
            yield ("block", i), text, block.page, block.bbox
    for (t, c, item), text in structure.cell_texts.items():
        table = structure.tables[t]
        if table.kind not in SKIP_TABLES:
            yield ("cell", t, c, item), text, table.page, table.cells[c].bbox


def _figures_by_unit(structure: Structure, analysis: Analysis) -> tuple[dict, list[int]]:
    """The figures of each text unit, and the page of every figure dropped for being past
    :data:`~pipeline.read.limits.MAX_FIGURES_PER_SENTENCE` in its sentence (each figure keeps its
    sentence, so the cap is what keeps a document of figures linear in its length)."""
    out, dropped = {}, []
    for key, text, page, box in _units(structure):
        unit = analysis.of(key)
        language = "en" if unit.language == "en" else "ko"
        kept, per_sentence = [], {}
        for m in find_figures(text.text, language):
            sentence = unit.sentence_at(m.start)
            seen = per_sentence[id(sentence)] = per_sentence.get(id(sentence), 0) + 1
            if seen > MAX_FIGURES_PER_SENTENCE:
                dropped.append(page)
                continue
            kept.append(_figure(m, text, sentence, page, box, key))
        out[key] = kept
    return out, dropped


def _figure(match, text: Text, sentence, page: int, box, key) -> Figure:
    """A figure record: where it was read (the unit's box when its lines are not known)."""
    where_page, bbox = text.locate(match.start, match.end) if text.pieces else (page, box)
    return Figure(text=match.text, value=match.value, unit=match.unit, op=match.op, kind=match.kind,
                  sentence=sentence.text if sentence else _context(text.text, match.start),
                  page=where_page or page, bbox=bbox, block=key[1] if key[0] == "block" else -1 - key[1])


def _context(text: str, at: int) -> str:
    """The text around a figure that is in no sentence: all of it, or as much of it around the
    figure as a sentence may hold."""
    if len(text) <= MAX_SENTENCE_CHARS:
        return text
    start = max(0, min(at - MAX_SENTENCE_CHARS // 2, len(text) - MAX_SENTENCE_CHARS))
    return text[start:start + MAX_SENTENCE_CHARS]


def _dropped_figures_warning(pages: list[int]) -> tuple[DocumentWarning, ...]:
    """One warning for the figures past the per-sentence cap, naming how many and the first page."""
    if not pages:
        return ()
    return (DocumentWarning("figures_dropped",
                            f"{len(pages)} figures were dropped: past {MAX_FIGURES_PER_SENTENCE} in one "
                            "sentence (a list or table read as running text?)", pages[0]),)


def _table_targets(structure, analysis, by_unit, horizon):
    found = []
    for rt in roadmap.find_roadmap_tables(structure.blocks, structure.tables):
        table = structure.tables[rt.table_index]
        grid = table.grid()
        for ci, cell in enumerate(table.cells):
            if cell.row == 0 or not (cell.col <= rt.mission_col < cell.col + cell.colspan):
                continue
            label = roadmap.cell_at(grid[cell.row], rt.tech_col)
            if label is None or roadmap.ECOSYSTEM.search(label.text):
                continue
            mission = ""
            for ii, level in enumerate(cell.levels or (0,)):
                key = ("cell", rt.table_index, ci, ii)
                text = structure.cell_texts.get(key[1:])
                if text is None:
                    continue
                mission = text.text if level == 0 or not mission else mission
                found.extend(_targets_in(text.text, analysis.of(key), by_unit.get(key, []), rt.field,
                                         label.text.strip(), mission, horizon, table.page))
    return found


def _english_targets(structure, analysis, by_unit, horizon):
    """An English release: measurable figures in sentences that set a goal ('will cut … by more than
    50%'), each (value, unit, comparator) once, as first stated."""
    found, seen = [], set()
    for i, (block, text) in enumerate(zip(structure.blocks, structure.block_texts)):
        if block.kind in ("header", "masthead", "contact"):      # dates and phone numbers, no goals
            continue
        unit = analysis.of(("block", i))
        for sentence in unit.sentences:
            if not targets.english_states_goal(sentence.text):
                continue
            figs = [f for f in by_unit.get(("block", i), []) if f.sentence == sentence.text]
            deadline = targets.english_deadline(figs) or horizon
            position = 0
            for fig in figs:
                start = sentence.text.find(fig.text, position)
                if start < 0 or not targets.english_target_figure(fig):
                    continue
                position = start + len(fig.text)
                if (fig.value, fig.unit, fig.op) in seen:
                    continue
                seen.add((fig.value, fig.unit, fig.op))
                rel = [replace(t, start=t.start - sentence.start, end=t.end - sentence.start) for t in sentence.tokens]
                found.append(Target(
                    field=_field_of_section(block.section), focus="",
                    metric=(fig.kind == "count" and targets.english_counted(sentence.text, rel, start, position))
                    or targets.english_metric(sentence.text, rel, start),
                    value=fig.value, unit=fig.unit, op=fig.op,
                    direction=targets.english_direction(sentence.text, start, position, fig.op),
                    deadline=deadline, text=sentence.text, page=fig.page or block.page, mission=sentence.text))
    return found


def _field_of_section(section: str) -> str:
    m = re.match(r"^\s*([^:：]{2,12})\s*[:：]", section)
    return m.group(1).strip() if m else ""


def _targets_in(text, unit, figures, field, focus, mission, horizon, page):
    deadline = targets.deadline_in(figures) or horizon
    position = 0
    for fig in figures:
        start = text.find(fig.text, position)
        if start < 0:
            continue
        position = end = start + len(fig.text)
        if not targets.is_target_figure(fig):
            continue
        where, around = _bounded(text, unit, start)
        yield Target(field=field, focus=focus, metric=targets.metric_of(text, around, start, end),
                     value=fig.value, unit=fig.unit, op=fig.op,
                     direction=targets.direction_of(text, end, fig.op, fig.unit), deadline=deadline,
                     text=where, page=fig.page or page, mission=mission)


def _bounded(text: str, unit: UnitAnalysis, at: int) -> tuple[str, UnitAnalysis]:
    """The text a target at ``at`` keeps and the analysis its metric is read from: the whole unit,
    or only its sentence when the unit is longer than a sentence may be (so that a unit of many
    targets costs linear time and memory)."""
    if len(text) <= MAX_SENTENCE_CHARS:
        return text, unit
    sentence = unit.sentence_at(at) if unit else None
    if sentence is None:
        return _context(text, at), UnitAnalysis(unit.language if unit else "und", ())
    return sentence.text, UnitAnalysis(unit.language, (sentence,))
