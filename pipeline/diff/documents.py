"""Revision diff: what changed between two versions of a roadmap, told record by record.

Two documents are compared part by part, each part aligned on what it says rather than where it sits
on the page:

* metadata: title, release and distribution time, ministry, kind, edition, department, contacts;
* focus technologies by name (spacing and middle-dot variants fold together), their missions and
  rationale by wording, and their targets by focus technology plus metric, compared on Kiwi morphemes;
* body text sentence by sentence, and the figures of a sentence by their place in it;
* ecosystem measures and the rows of the other tables.

Text is compared on a *layout key* (whitespace, stand-in characters and quote variants folded), so
re-wrapped lines, fonts and page numbers never show as changes; units that a page break or a narrower
column split (or joined) are put back together before they are compared, and a unit found unchanged
elsewhere counts as moved by the layout, not as a change. Numbers are compared by the values
:mod:`pipeline.korean.figures` reads, so ``1.2조`` equals ``1조 2천억``.

Each :class:`Change` has a kind -- ``added``, ``removed``, ``changed`` (a value, unit, comparator or
deadline moved) or ``reworded`` (the same facts in other words, with a morpheme-level word diff) -- and
says what it is about (``item``), where (``field``, ``focus``, ``where``) and what it was and became
(``old`` and ``new`` :class:`Side`). A fact is reported once, by the most specific record that holds it:
a target's value by the target, not again by its mission cell.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Sequence

from pipeline.diff.changes import Change, Side, diff_data
from pipeline.extract.analysis import analyse_texts
from pipeline.extract.roadmap import find_roadmap_tables
from pipeline.records import Contact, Document, FocusTechnology, Target
from pipeline.diff.units import (Alignment, Unit, align_units, analysed, compare_units, layout_key, linked,
                                 name_key, ordered, same_value, similarity, whole_change, with_figures,
                                 word_diff)

__all__ = ["diff_documents", "group_changes", "Group"]


# --- the parts of a document as units --------------------------------------------------------------

def _field_in(text: str, fields: Sequence[str]) -> str:
    """The field a heading names (``[인공지능]`` or ``인공지능 : ...``), else ''."""
    key = name_key(text)
    for f in fields:
        k = name_key(f)
        if k and key.startswith(k):
            return f
    tag = re.search(r"\[([^\]]+)\]", text)
    return next((f for f in fields if tag and name_key(tag.group(1)) == name_key(f)), "")


def _body_units(doc: Document, fields: Sequence[str]) -> list[Unit]:
    """Every sentence of the body text (metadata blocks left to the metadata), with its field."""
    skip = set(diff_data()["layout"]["metadata_blocks"])
    entries = []                        # (block text, where, field, page)
    field = ""
    for block in doc.blocks:
        if block.kind in skip:
            continue
        if block.kind == "heading":
            field = _field_in(f"{block.marker} {block.text}", fields)
        where = "subtitle" if block.kind == "subtitle" else (block.section or block.text)
        texts = [block.text] + [i for i in block.items if not linked(i, block.text)]
        entries.extend((t, where, field, block.page) for t in texts if t.strip())
    analysis = analyse_texts({i: e[0] for i, e in enumerate(entries)})
    units = []
    for i, (text, where, field, page) in enumerate(entries):
        ua = analysis.of(i)
        for sentence in ua.sentences or ():
            units.append(_sentence_unit(text, sentence, ua.language, where, field, page))
    return ordered([u for u in units if u.text])


def _sentence_unit(text: str, sentence, language: str, where: str, field: str, page: int) -> Unit:
    start, end = sentence.start, sentence.end
    raw = text[start:end]
    lead = len(raw) - len(raw.lstrip())
    start += lead
    body = text[start:end].rstrip()
    tokens = tuple(replace(t, start=t.start - start, end=t.end - start) for t in sentence.tokens)
    unit = Unit(body, item="text", where=where, field=field, page=page, tokens=tokens)
    return with_figures(unit, language)


def _cell_text(value) -> str:
    return " ".join(value) if isinstance(value, (tuple, list)) else str(value)


def _row_units(doc: Document) -> list[Unit]:
    """The rows of tables no record covers (not metadata boxes, not roadmap tables)."""
    skip_kinds = set(diff_data()["layout"]["metadata_tables"])
    roadmap = {rt.table_index for rt in find_roadmap_tables(doc.blocks, doc.tables)}
    units = []
    for i, table in enumerate(doc.tables):
        if table.kind in skip_kinds or i in roadmap:
            continue
        for row in table.rows():
            text = " ".join(_cell_text(c) for c in row if _cell_text(c).strip())
            if text.strip():
                units.append(Unit(text, item="row", where=table.caption or table.section, page=table.page))
    return ordered(analysed(units))


def _mission_units(focus: FocusTechnology) -> list[Unit]:
    """A focus technology's missions and their sub-items, one unit each (a layout may wrap an item
    into the mission above it, so the two levels are compared as one list)."""
    texts = [t for m in focus.missions for t in (m.text, *m.items)]
    page = focus.page
    return [Unit(t, item="mission", where="mission", field=focus.field, focus=focus.name, page=page)
            for t in texts if t.strip()]


def _rationale_units(focus: FocusTechnology) -> list[Unit]:
    return [Unit(t, item="focus_technology", where="rationale", field=focus.field, focus=focus.name,
                 page=focus.page) for t in focus.rationale if t.strip()]


# --- the diff --------------------------------------------------------------------------------------

def diff_documents(old: Document, new: Document) -> list[Change]:
    """Every change from ``old`` to ``new``: metadata first, then by field and focus technology in
    the new document's order. Two documents with the same content (whatever their layout) give none."""
    fields = _fields(old, new)
    focus_pairs, removed_focus, added_focus = _align_focus(old.focus_technologies, new.focus_technologies)
    targets = _target_changes(old, new, focus_pairs)
    changes = _metadata_changes(old, new)
    changes += _unit_changes(align_units(_body_units(old, fields), _body_units(new, fields)), targets)
    changes += targets
    changes += _focus_changes(focus_pairs, removed_focus, added_focus, targets)
    changes += _ecosystem_changes(old, new)
    changes += _unit_changes(align_units(_row_units(old), _row_units(new)), [])
    return _in_order(_attribute_focus(changes, targets), old, new)


def _fields(old: Document, new: Document) -> list[str]:
    seen: dict[str, None] = {}
    for f in new.fields + old.fields:
        seen.setdefault(f, None)
    return list(seen)


def _unit_changes(alignment: Alignment, targets: Sequence[Change]) -> list[Change]:
    """The changes an alignment shows, less those a target change already reports."""
    out = []
    for old, new in alignment.pairs:
        out.extend(c for c in compare_units(old, new) if not _explained(c, old, new, targets))
    out.extend(whole_change("removed", u) for u in alignment.removed if not _covered("removed", u, targets))
    out.extend(whole_change("added", u) for u in alignment.added if not _covered("added", u, targets))
    return out


def _explained(change: Change, old: Unit, new: Unit, targets: Sequence[Change]) -> bool:
    """A figure change that a target change states already: same values, the target's text part of
    (or holding) the unit."""
    if change.item != "figure":
        return False
    for t in targets:
        if t.kind != change.kind:
            continue
        if change.old and not (t.old and same_value(t.old.value, change.old.value) and linked(t.old.text, old.text)):
            continue
        if change.new and not (t.new and same_value(t.new.value, change.new.value) and linked(t.new.text, new.text)):
            continue
        return True
    return False


def _covered(kind: str, unit: Unit, targets: Sequence[Change]) -> bool:
    """A unit added or removed whose target is reported added or removed already."""
    for t in targets:
        side = t.old if kind == "removed" else t.new
        if t.kind == kind and side and linked(side.text, unit.text):
            return True
    return False


# metadata ---------------------------------------------------------------------------------------

def _metadata_changes(old: Document, new: Document) -> list[Change]:
    """Changes of the document's identity: plain attributes, the title's wording, times, contacts."""
    spec = diff_data()["metadata"]
    a, b = old.info, new.info
    out = []
    for name in spec["plain"]:
        before, after = getattr(a, name) or "", getattr(b, name) or ""
        if layout_key(before) != layout_key(after):
            out.append(_text_change("metadata", name, before, after))
    for name in spec["wording"]:
        before, after = getattr(a, name) or "", getattr(b, name) or ""
        if before and after:
            pair = analysed([Unit(before, item="metadata", where=name), Unit(after, item="metadata", where=name)])
            out.extend(compare_units(pair[0], pair[1], wording_item="metadata", figure_item="metadata"))
        elif before or after:
            out.append(_text_change("metadata", name, before, after))
    for name in spec["times"]:
        out.extend(_time_change(name, old, new))
    out.extend(_contact_changes(a.contacts, b.contacts))
    return out


def _text_change(item: str, where: str, before: str, after: str) -> Change:
    kind = "changed" if before and after else ("removed" if before else "added")
    return Change(kind, item, old=Side(before) if before else None, new=Side(after) if after else None,
                  where=where)


def _time_change(name: str, old: Document, new: Document) -> list[Change]:
    """A release or distribution time that moved, told as written and as an ISO value."""
    before, after = getattr(old.info, name), getattr(new.info, name)
    if before == after:
        return []
    kind = "changed" if before and after else ("removed" if before else "added")
    return [Change(kind, "metadata", old=_time_side(before, old), new=_time_side(after, new), where=name)]


def _time_side(value: str | None, doc: Document) -> Side | None:
    if not value:
        return None
    fig = next((f for f in doc.figures if isinstance(f.value, str) and f.value == value), None)
    return Side(fig.text if fig else value, value, "", fig.page if fig else None)


def _contact_changes(old: Sequence[Contact], new: Sequence[Contact]) -> list[Change]:
    """Contacts matched by name, else by role in order; each attribute that moved is a change."""
    pairs, rest_old, rest_new = [], list(old), list(new)
    for key in (lambda c: name_key(c.name), lambda c: name_key(c.role)):
        still = []
        for c in rest_old:
            match = next((n for n in rest_new if key(n) == key(c)), None)
            if match is None:
                still.append(c)
            else:
                rest_new.remove(match)
                pairs.append((c, match))
        rest_old = still
    out = []
    for a, b in pairs:
        for attr in diff_data()["metadata"]["contact"]:
            before, after = getattr(a, attr) or "", getattr(b, attr) or ""
            if layout_key(before) != layout_key(after):
                out.append(_text_change("metadata", f"contact.{attr}", before, after))
    out.extend(_text_change("metadata", "contact", _contact_text(c), "") for c in rest_old)
    out.extend(_text_change("metadata", "contact", "", _contact_text(c)) for c in rest_new)
    return out


def _contact_text(c: Contact) -> str:
    return " ".join(p for p in (c.department, c.role, c.title, c.name, c.phone) if p)


# focus technologies and targets -----------------------------------------------------------------

FocusPair = tuple[FocusTechnology, FocusTechnology]


def _align_focus(old: Sequence[FocusTechnology], new: Sequence[FocusTechnology]):
    """Focus technologies paired by name (spacing and middle dots aside), then renamed ones by a
    similar name or the same missions within one field."""
    waiting: dict[str, list[FocusTechnology]] = {}
    for f in new:
        waiting.setdefault(name_key(f.name), []).append(f)
    pairs, removed = [], []
    for f in old:
        candidates = waiting.get(name_key(f.name))
        if candidates:
            pairs.append((f, candidates.pop(0)))
        else:
            removed.append(f)
    added = [f for f in new if any(f is c for cs in waiting.values() for c in cs)]
    renamed = _renamed_focus(removed, added)
    pairs += renamed
    removed = [f for f in removed if all(f is not a for a, _ in renamed)]
    added = [f for f in added if all(f is not b for _, b in renamed)]
    return pairs, removed, added


def _renamed_focus(removed: list[FocusTechnology], added: list[FocusTechnology]) -> list[FocusPair]:
    if not removed or not added:
        return []
    names = analysed([Unit(f.name) for f in removed + added])
    old_names, new_names = names[:len(removed)], names[len(removed):]
    threshold = diff_data()["align"]["focus_similarity"]
    scored = []
    for i, a in enumerate(removed):
        for j, b in enumerate(added):
            if name_key(a.field) != name_key(b.field):
                continue
            missions = _overlap({u.masked for u in analysed(_mission_units(a))},
                                {u.masked for u in analysed(_mission_units(b))})
            score = max(similarity(old_names[i], new_names[j]), missions)
            if score >= threshold:
                scored.append((-score, i, j))
    pairs, used_old, used_new = [], set(), set()
    for _, i, j in sorted(scored):
        if i not in used_old and j not in used_new:
            used_old.add(i)
            used_new.add(j)
            pairs.append((removed[i], added[j]))
    return pairs


def _overlap(a: set, b: set) -> float:
    return len(a & b) / max(1, min(len(a), len(b))) if a and b else 0.0


def _target_changes(old: Document, new: Document, focus_pairs: Sequence[FocusPair]) -> list[Change]:
    """Targets paired within one focus technology by their metric (Kiwi morphemes); a pair whose
    value, unit, comparator or deadline moved is ``changed``."""
    partner = {name_key(a.name): name_key(b.name) for a, b in focus_pairs}
    a, b = list(old.targets), list(new.targets)
    metrics = analysed([Unit(t.metric or t.text) for t in a + b])
    texts = analysed([Unit(t.text) for t in a + b])
    old_m, new_m = metrics[:len(a)], metrics[len(a):]
    old_t, new_t = texts[:len(a)], texts[len(a):]
    threshold = diff_data()["align"]["target_similarity"]
    scored = []
    for i, t in enumerate(a):
        for j, u in enumerate(b):
            if partner.get(name_key(t.focus), name_key(t.focus)) != name_key(u.focus):
                continue
            if name_key(t.field) != name_key(u.field):
                continue
            score = 1.0 if name_key(t.metric) == name_key(u.metric) else similarity(old_m[i], new_m[j])
            if score < threshold:
                # A rewording may change what is read as the metric: the same mission (by its
                # wording) still holds the same target. Ranked just below any metric match.
                score = 0.99 * (1.0 if old_t[i].masked == new_t[j].masked else similarity(old_t[i], new_t[j]))
            if score >= threshold:
                scored.append((-score, abs(i / max(1, len(a)) - j / max(1, len(b))), i, j))
    pairs, used_old, used_new = [], set(), set()
    for _, _, i, j in sorted(scored):
        if i not in used_old and j not in used_new:
            used_old.add(i)
            used_new.add(j)
            pairs.append((a[i], b[j]))
    out = [c for t, u in pairs for c in _target_pair_change(t, u)]
    out += [_target_whole("removed", t) for i, t in enumerate(a) if i not in used_old]
    out += [_target_whole("added", u) for j, u in enumerate(b) if j not in used_new]
    return out


def _target_pair_change(old: Target, new: Target) -> list[Change]:
    """The change of one target, if any: its value (with unit, comparator, direction), else its deadline."""
    same = (same_value(old.value, new.value) and layout_key(old.unit) == layout_key(new.unit)
            and old.op == new.op and old.direction == new.direction)
    if same and old.deadline == new.deadline:
        return []
    diff = word_diff(*analysed([Unit(old.text), Unit(new.text)])) if old.text != new.text else ()
    if same:      # only the deadline moved: the deadline is the quantity that changed
        year = diff_data()["targets"]["deadline_unit"]
        sides = (Side(old.text, old.deadline, year, old.page, "="), Side(new.text, new.deadline, year, new.page, "="))
    else:
        sides = (_target_side(old), _target_side(new))
    return [Change("changed", "target", new.field, new.focus, old=sides[0], new=sides[1],
                   where=new.metric or old.metric, diff=diff)]


def _target_side(t: Target) -> Side:
    return Side(t.text, t.value, t.unit, t.page, t.op)


def _target_whole(kind: str, t: Target) -> Change:
    side = _target_side(t)
    return Change(kind, "target", t.field, t.focus, old=side if kind == "removed" else None,
                  new=side if kind == "added" else None, where=t.metric)


def _focus_changes(pairs: Sequence[FocusPair], removed: Sequence[FocusTechnology],
                   added: Sequence[FocusTechnology], targets: Sequence[Change]) -> list[Change]:
    """Renamed focus technologies and their missions and rationale; focus technologies removed or
    added, each with its missions and rationale as pieces (its targets are reported as targets)."""
    out = []
    for a, b in pairs:
        if layout_key(a.name) != layout_key(b.name) and name_key(a.name) != name_key(b.name):
            names = analysed([_name_unit(a), _name_unit(b)])
            out.extend(compare_units(names[0], names[1], wording_item="focus_technology"))
        out += _unit_changes(align_units(_prepared(_mission_units(a)), _prepared(_mission_units(b))), targets)
        out += _unit_changes(align_units(_prepared(_rationale_units(a)), _prepared(_rationale_units(b))), targets)
    for kind, group in (("removed", removed), ("added", added)):
        for f in group:
            out.append(whole_change(kind, _name_unit(f)))
            units = _prepared(_mission_units(f)) + _prepared(_rationale_units(f))
            out.extend(whole_change(kind, u) for u in units if not _covered(kind, u, targets))
    return out


def _name_unit(f: FocusTechnology) -> Unit:
    return Unit(f.name, item="focus_technology", where="name", field=f.field, focus=f.name, page=f.page)


def _prepared(units: Sequence[Unit]) -> list[Unit]:
    return ordered(analysed(units)) if units else []


def _ecosystem_changes(old: Document, new: Document) -> list[Change]:
    """Ecosystem measures (생태계 조성 방안) by field and label; their items by wording."""
    def groups(doc):
        out: dict[tuple[str, str], list] = {}
        for e in doc.ecosystem:
            out.setdefault((name_key(e.field), name_key(e.label)), []).append(e)
        return out

    before, after = groups(old), groups(new)
    out = []
    for key in list(after) + [k for k in before if k not in after]:
        a, b = before.get(key, []), after.get(key, [])
        if not a or not b:
            kind, present = ("added", b) if b else ("removed", a)
            e = present[0]
            out.append(whole_change(kind, Unit(e.label, item="row", where=e.label, field=e.field, page=e.page)))
        units_a, units_b = (_prepared([Unit(i, item="row", where=e.label, field=e.field, page=e.page)
                                       for e in side for i in e.items]) for side in (a, b))
        out += _unit_changes(align_units(units_a, units_b), [])
    return out


# ordering and grouping --------------------------------------------------------------------------

def _attribute_focus(changes: list[Change], targets: Sequence[Change]) -> list[Change]:
    """Give a body-text figure change the focus technology (and field) of the target change that
    moves the same value the same way: the prose restates the target."""
    out = []
    for c in changes:
        if c.item == "figure" and not c.focus and c.old and c.new:
            t = next((t for t in targets if t.kind == "changed" and t.old and t.new
                      and same_value(t.old.value, c.old.value) and same_value(t.new.value, c.new.value)
                      and (not c.field or name_key(c.field) == name_key(t.field))), None)
            if t is not None:
                c = replace(c, field=t.field, focus=t.focus)
        out.append(c)
    return out


def _in_order(changes: list[Change], old: Document, new: Document) -> list[Change]:
    """Changes ordered by group -- the document's own first, then each field and its focus
    technologies as the new document (then the old) lists them -- keeping their order within."""
    rank: dict[tuple[str, str], int] = {("", ""): 0}
    for field in _fields(old, new):
        rank.setdefault((name_key(field), ""), len(rank))
        # a focus technology the new version dropped stays in its field, after the kept ones
        for f in new.focus_technologies + old.focus_technologies:
            if name_key(f.field) == name_key(field):
                rank.setdefault((name_key(field), name_key(f.name)), len(rank))
    def key(item):
        i, c = item
        group = (name_key(c.field), name_key(c.focus))
        return (rank.get(group, rank.get((group[0], ""), len(rank))), 0 if c.item == "metadata" else 1, i)
    return [c for _, c in sorted(enumerate(changes), key=key)]


@dataclass(frozen=True)
class Group:
    """Changes of one field and focus technology, for rendering."""
    field: str
    focus: str
    changes: tuple[Change, ...]


def group_changes(changes: Sequence[Change]) -> list[Group]:
    """Changes grouped by field and focus technology, groups in order of first change."""
    groups: dict[tuple[str, str], list[Change]] = {}
    names: dict[tuple[str, str], tuple[str, str]] = {}
    for c in changes:
        key = (name_key(c.field), name_key(c.focus))
        groups.setdefault(key, []).append(c)
        names.setdefault(key, (c.field, c.focus))
    return [Group(names[k][0], names[k][1], tuple(v)) for k, v in groups.items()]
