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

import json
import re
import tomllib
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from functools import cached_property, lru_cache
from typing import Any, Callable, Iterable, Sequence

from pipeline import korean
from pipeline.extract.analysis import Token, analyse_texts
from pipeline.extract.roadmap import find_roadmap_tables
from pipeline.korean.figures import FigureMatch, find_figures
from pipeline.records import Contact, Document, DocumentInfo, FocusTechnology, Target
from pipeline.resources import DATA, TEMPLATES

__all__ = ["Change", "Side", "Piece", "Unit", "Alignment", "diff_documents", "render_diff",
           "align_units", "compare_units", "layout_key", "name_key", "same_value", "word_diff"]

KINDS = ("added", "removed", "changed", "reworded")
ITEMS = ("metadata", "focus_technology", "mission", "target", "figure", "row", "text")
FORMATS = ("md", "html", "json")
_DATA = DATA / "diff.toml"


@lru_cache(maxsize=None)
def _data() -> dict:
    """The diff's data file, parsed once."""
    with _DATA.open("rb") as f:
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


# --- text keys -----------------------------------------------------------------------------------

_SPACE = re.compile(r"\s+")


def layout_key(text: str) -> str:
    """``text`` with everything a layout may change folded away: whitespace (line wraps re-joined
    with or without a space), compatibility forms, middle-dot stand-ins and quote variants."""
    quotes = _data()["layout"]["quotes"]
    text = "".join(korean.normalize_char(c) for c in text)
    text = unicodedata.normalize("NFKC", text)
    text = "".join(quotes.get(c, korean.normalize_char(c)) for c in text)
    return _SPACE.sub("", text)


def name_key(text: str) -> str:
    """A name's key: its layout key without punctuation, so ``안전·신뢰AI``, ``안전ㆍ신뢰 AI`` and
    ``안전 신뢰 AI`` are one name."""
    return re.sub(r"[\W_]+", "", layout_key(text)).lower()


def _value_key(value) -> str:
    """A figure value as compared: numbers by value (``1.2e12`` is ``1200000000000``), text as is."""
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, (int, float)):
        return f"{float(value):.9g}"
    return str(value)


def same_value(a, b) -> bool:
    """Whether two figure values are the same quantity (numbers compared after normalisation)."""
    return _value_key(a) == _value_key(b)


def _figure_key(f: FigureMatch) -> str:
    """What a figure states (kind, unit, value, comparator), whatever its spelling."""
    return f"\x00{f.kind}|{layout_key(f.unit)}|{_value_key(f.value)}|{f.op}\x00"


def _linked(a: str, b: str) -> bool:
    """Whether one text holds the other (after layout folding)."""
    ka, kb = layout_key(a), layout_key(b)
    return bool(ka and kb) and (ka in kb or kb in ka)


# --- units of text ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Unit:
    """A piece of text compared as a whole -- a sentence, a mission, a cell item, a table row -- with
    its morphemes and figures, and where it belongs."""
    text: str
    item: str = "text"
    where: str = ""
    field: str = ""
    focus: str = ""
    page: int | None = None
    order: float = 0.0                      # position in its part of the document, 0..1
    tokens: tuple[Token, ...] = ()          # offsets into text
    figures: tuple[FigureMatch, ...] = ()
    spans: tuple[tuple[int, int], ...] = ()  # each figure's span, a date's weekday included

    @cached_property
    def key(self) -> str:
        """The text's layout key: equal keys mean no change."""
        return layout_key(self.text)

    @cached_property
    def masked(self) -> str:
        """The layout key with each figure replaced by its kind: equal masks mean the same wording."""
        parts, last = [], 0
        for (start, end), fig in zip(self.spans, self.figures):
            parts.append(layout_key(self.text[last:start]))
            parts.append(f"\x00{fig.kind}\x00")
            last = end
        parts.append(layout_key(self.text[last:]))
        return "".join(parts)

    @cached_property
    def content(self) -> Counter:
        """The content morphemes (nouns, stems, roots ...) outside figures, counted."""
        tags = tuple(_data()["morphemes"]["content_tags"])
        return Counter(unicodedata.normalize("NFKC", t.form).lower() for t in self.tokens
                       if t.tag.startswith(tags) and not self._in_figure(t.start, t.end))

    def _in_figure(self, start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in self.spans)


def similarity(a: Unit, b: Unit) -> float:
    """Dice coefficient of two units' content morphemes (1.0: the same words)."""
    total = sum(a.content.values()) + sum(b.content.values())
    return 2 * sum((a.content & b.content).values()) / total if total else 0.0


def _analysed(units: Sequence[Unit]) -> list[Unit]:
    """The units with their morphemes (one Kiwi batch) and figures filled in."""
    analysis = analyse_texts({i: u.text for i, u in enumerate(units)})
    out = []
    for i, unit in enumerate(units):
        ua = analysis.of(i)
        tokens = tuple(t for s in ua.sentences for t in s.tokens)
        out.append(_with_figures(replace(unit, tokens=tokens), ua.language))
    return out


def _with_figures(unit: Unit, language: str) -> Unit:
    """The unit with its figures, each date's span stretched over a weekday written after it."""
    suffix = re.compile(_data()["layout"]["weekday_suffix"])
    dated = set(_data()["layout"]["dated_kinds"])
    figures = tuple(find_figures(unit.text, "en" if language == "en" else "ko"))
    spans = []
    for f in figures:
        end = f.end
        m = suffix.match(unit.text, end) if f.kind in dated else None
        if m and not any(g.start < m.end() and g.start >= end for g in figures):
            end = m.end()
        spans.append((f.start, end))
    return replace(unit, figures=figures, spans=tuple(spans))


def _ordered(units: Sequence[Unit]) -> list[Unit]:
    """The units with their relative position in the list (ties in alignment go to the nearest)."""
    n = max(1, len(units) - 1)
    return [replace(u, order=i / n) for i, u in enumerate(units)]


def _join(units: Sequence[Unit]) -> Unit:
    """One unit of several that a layout split apart."""
    if len(units) == 1:
        return units[0]
    first = units[0]
    joined = replace(first, text=" ".join(u.text for u in units), tokens=(), figures=(), spans=())
    return _analysed([joined])[0]


# --- aligning two lists of units -------------------------------------------------------------------

@dataclass(frozen=True)
class Alignment:
    """Two lists of units lined up: pairs that differ, and what only one side has.
    Units identical on both sides (wherever they sit) are left out."""
    pairs: tuple[tuple[Unit, Unit], ...]
    removed: tuple[Unit, ...]
    added: tuple[Unit, ...]


def align_units(old: Sequence[Unit], new: Sequence[Unit], min_similarity: float | None = None) -> Alignment:
    """Line up the units of two versions of one part of a document.

    In order: identical texts (anywhere: a layout may move a footnote past a paragraph); the same
    wording with other figures; runs that a layout split or joined; then similar wordings (content
    morphemes shared, at least ``min_similarity``). What is left was removed or added.
    """
    if min_similarity is None:
        min_similarity = _data()["align"]["min_similarity"]
    _, rest_old, rest_new = _pair_on(list(old), list(new), lambda u: u.key)
    same_words, rest_old, rest_new = _pair_on(rest_old, rest_new, lambda u: u.masked)
    joined, rest_old, rest_new = _pair_joined(rest_old, rest_new)
    similar, rest_old, rest_new = _pair_similar(rest_old, rest_new, min_similarity)
    pairs = sorted(same_words + joined + similar, key=lambda p: (p[1].order, p[0].order))
    return Alignment(tuple(pairs), tuple(rest_old), tuple(rest_new))


def _pair_on(old: list[Unit], new: list[Unit], key: Callable[[Unit], str]):
    """Pairs of units with equal keys (each old unit takes the nearest new one), and the rest."""
    waiting: dict[str, list[Unit]] = {}
    for unit in new:
        waiting.setdefault(key(unit), []).append(unit)
    pairs, rest_old = [], []
    for unit in old:
        candidates = waiting.get(key(unit))
        if not candidates:
            rest_old.append(unit)
            continue
        best = min(candidates, key=lambda c: abs(c.order - unit.order))
        candidates.remove(best)
        pairs.append((unit, best))
    taken = {id(n) for _, n in pairs}
    return pairs, rest_old, [u for u in new if id(u) not in taken]


def _pair_joined(old: list[Unit], new: list[Unit]):
    """Runs of units whose wordings, put together, are one another's: a layout split or join."""
    pairs, used_old, used_new = [], set(), set()
    for i in range(len(old)):
        for j in range(len(new)):
            if i in used_old or j in used_new:
                continue
            run = _joined_run(old, new, i, j, used_old, used_new)
            if run:
                run_old, run_new = run
                used_old.update(run_old)
                used_new.update(run_new)
                pairs.append((_join([old[k] for k in run_old]), _join([new[k] for k in run_new])))
    return (pairs, [u for k, u in enumerate(old) if k not in used_old],
            [u for k, u in enumerate(new) if k not in used_new])


def _joined_run(old, new, i, j, used_old, used_new):
    """The indices of the old and new runs starting at ``i`` and ``j`` that spell the same wording,
    one side having more units than the other; ``None`` when there are none."""
    a, b = old[i].masked, new[j].masked
    if a == b or not (a.startswith(b) or b.startswith(a)):
        return None
    run_old, run_new = [i], [j]
    limit = _data()["align"]["max_joined"]
    while a != b and len(run_old) + len(run_new) <= limit:
        if len(a) < len(b):
            k = _next_free(run_old[-1], len(old), used_old)
            if k is None:
                return None
            run_old.append(k)
            a += old[k].masked
        else:
            k = _next_free(run_new[-1], len(new), used_new)
            if k is None:
                return None
            run_new.append(k)
            b += new[k].masked
        if not (a.startswith(b) or b.startswith(a)):
            return None
    return (run_old, run_new) if a == b else None


def _next_free(k: int, n: int, used: set[int]) -> int | None:
    k += 1
    while k < n and k in used:
        k += 1
    return k if k < n else None


def _pair_similar(old: list[Unit], new: list[Unit], min_similarity: float):
    """Pairs of similar wordings, the most similar first (ties to the nearest), and the rest."""
    scored = []
    for a in old:
        for b in new:
            score = similarity(a, b)
            if score >= min_similarity:
                scored.append((-score, abs(a.order - b.order), id(a), id(b), a, b))
    scored.sort(key=lambda s: s[:2])
    pairs, taken = [], set()
    for _, _, ia, ib, a, b in scored:
        if ia in taken or ib in taken:
            continue
        taken.update((ia, ib))
        pairs.append((a, b))
    return (pairs, [u for u in old if id(u) not in taken], [u for u in new if id(u) not in taken])


# --- comparing two units -------------------------------------------------------------------------

def compare_units(old: Unit, new: Unit, wording_item: str | None = None,
                  figure_item: str = "figure") -> list[Change]:
    """The changes between two aligned units: one per figure whose value, unit or comparator moved,
    and one for the wording when it differs -- ``reworded`` when the facts stay, ``changed`` when a
    figure only one side has came or went with it (that figure's value on its side)."""
    if old.key == new.key:
        return []
    diff = word_diff(old, new)
    field, focus, where = new.field or old.field, new.focus or old.focus, new.where or old.where
    changes, gone, came = [], [], []
    for before, after in _figure_pairs(old, new):
        if before and after:
            changes.append(Change("changed", figure_item, field, focus, old=_figure_side(before, old),
                                  new=_figure_side(after, new), where=where, diff=diff))
        else:
            (gone if before else came).append(before or after)
    if old.masked != new.masked:
        kind = "changed" if gone or came else "reworded"
        changes.append(Change(kind, wording_item or new.item, field, focus, old=_wording_side(old, gone),
                              new=_wording_side(new, came), where=where, diff=diff))
    return changes


def _wording_side(unit: Unit, lone: list[FigureMatch]) -> Side:
    """A unit's wording as one side of a change; it carries the value of the one figure only this
    side states, if there is one (a rewording by itself states no quantity)."""
    if len(lone) == 1:
        f = lone[0]
        return Side(unit.text, f.value, f.unit, unit.page, f.op)
    return Side(unit.text, page=unit.page)


def _figure_pairs(old: Unit, new: Unit) -> list[tuple[FigureMatch | None, FigureMatch | None]]:
    """The figures of two aligned units that differ, paired by their place among the unchanged ones
    (same kind first); a figure only one side has is paired with ``None``."""
    a, b = list(old.figures), list(new.figures)
    matcher = SequenceMatcher(None, [_figure_key(f) for f in a], [_figure_key(f) for f in b], autojunk=False)
    out = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        befores, afters = a[i1:i2], b[j1:j2]
        for before in list(befores):
            match = next((f for f in afters if f.kind == before.kind), None)
            if match is not None:
                out.append((before, match))
                befores.remove(before)
                afters.remove(match)
        out.extend(zip(befores, afters))
        out.extend((f, None) for f in befores[len(afters):])
        out.extend((None, f) for f in afters[len(befores):])
    return out


def _figure_side(fig: FigureMatch | None, unit: Unit) -> Side | None:
    if fig is None:
        return None
    return Side(fig.text, fig.value, fig.unit, unit.page, fig.op, context=unit.text)


def _unit_side(unit: Unit) -> Side:
    """A whole unit as one side; a unit stating one figure carries its value."""
    if len(unit.figures) == 1:
        f = unit.figures[0]
        return Side(unit.text, f.value, f.unit, unit.page, f.op)
    return Side(unit.text, page=unit.page)


def _whole(kind: str, unit: Unit) -> Change:
    """A unit only one side has."""
    side = _unit_side(unit)
    return Change(kind, unit.item, unit.field, unit.focus, old=side if kind == "removed" else None,
                  new=side if kind == "added" else None, where=unit.where)


# --- word diff -------------------------------------------------------------------------------------

def _pieces(unit: Unit) -> list[tuple[str, str]]:
    """The unit cut into pieces at word and morpheme starts -- so a particle or ending is a piece of
    its own -- each figure one piece; as (surface with the space before it, comparison key)."""
    text = unit.text
    cuts = {0, len(text)}
    cuts.update(t.start for t in unit.tokens if 0 < t.start < len(text))
    for m in _SPACE.finditer(text):
        cuts.update((m.start(), m.end()))
    cuts = {c for c in cuts if not any(s < c < e for s, e in unit.spans)}
    figure_at = {}
    for (s, e), f in zip(unit.spans, unit.figures):
        cuts.update((s, e))
        figure_at[s] = f
    out, space = [], ""
    bounds = sorted(cuts)
    for s, e in zip(bounds, bounds[1:]):
        segment = text[s:e]
        if segment.isspace():
            space += segment
            continue
        key = _figure_key(figure_at[s]) if s in figure_at else layout_key(segment)
        out.append((space + segment, key))
        space = ""
    return out


def word_diff(old: Unit, new: Unit) -> tuple[Piece, ...]:
    """A word-level diff of two wordings on Kiwi morphemes: ``을`` -> ``를`` is one small change, not
    two whole words. Figures that state the same quantity count as equal however written."""
    a, b = _pieces(old), _pieces(new)
    matcher = SequenceMatcher(None, [k for _, k in a], [k for _, k in b], autojunk=False)
    out: list[Piece] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        before = "".join(s for s, _ in a[i1:i2])
        after = "".join(s for s, _ in b[j1:j2])
        if tag == "equal" or layout_key(before) == layout_key(after):
            out.append(Piece("equal", after))
            continue
        # The space before the changed words is no part of the change: keep it once, outside.
        lead = _leading_space(after) or _leading_space(before)
        out.append(Piece("equal", lead))
        out.append(Piece("delete", before.lstrip()))
        out.append(Piece("insert", after.lstrip()))
    return tuple(_merged(out))


def _leading_space(text: str) -> str:
    return text[:len(text) - len(text.lstrip())]


def _merged(pieces: Iterable[Piece]) -> list[Piece]:
    out: list[Piece] = []
    for p in pieces:
        if not p.text:
            continue
        if out and out[-1].op == p.op:
            out[-1] = Piece(p.op, out[-1].text + p.text)
        else:
            out.append(p)
    return out


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
    skip = set(_data()["layout"]["metadata_blocks"])
    entries = []                        # (block text, where, field, page)
    field = ""
    for block in doc.blocks:
        if block.kind in skip:
            continue
        if block.kind == "heading":
            field = _field_in(f"{block.marker} {block.text}", fields)
        where = "subtitle" if block.kind == "subtitle" else (block.section or block.text)
        texts = [block.text] + [i for i in block.items if not _linked(i, block.text)]
        entries.extend((t, where, field, block.page) for t in texts if t.strip())
    analysis = analyse_texts({i: e[0] for i, e in enumerate(entries)})
    units = []
    for i, (text, where, field, page) in enumerate(entries):
        ua = analysis.of(i)
        for sentence in ua.sentences or ():
            units.append(_sentence_unit(text, sentence, ua.language, where, field, page))
    return _ordered([u for u in units if u.text])


def _sentence_unit(text: str, sentence, language: str, where: str, field: str, page: int) -> Unit:
    start, end = sentence.start, sentence.end
    raw = text[start:end]
    lead = len(raw) - len(raw.lstrip())
    start += lead
    body = text[start:end].rstrip()
    tokens = tuple(replace(t, start=t.start - start, end=t.end - start) for t in sentence.tokens)
    unit = Unit(body, item="text", where=where, field=field, page=page, tokens=tokens)
    return _with_figures(unit, language)


def _cell_text(value) -> str:
    return " ".join(value) if isinstance(value, (tuple, list)) else str(value)


def _row_units(doc: Document) -> list[Unit]:
    """The rows of tables no record covers (not metadata boxes, not roadmap tables)."""
    skip_kinds = set(_data()["layout"]["metadata_tables"])
    roadmap = {rt.table_index for rt in find_roadmap_tables(doc.blocks, doc.tables)}
    units = []
    for i, table in enumerate(doc.tables):
        if table.kind in skip_kinds or i in roadmap:
            continue
        for row in table.rows():
            text = " ".join(_cell_text(c) for c in row if _cell_text(c).strip())
            if text.strip():
                units.append(Unit(text, item="row", where=table.caption or table.section, page=table.page))
    return _ordered(_analysed(units))


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
    out.extend(_whole("removed", u) for u in alignment.removed if not _covered("removed", u, targets))
    out.extend(_whole("added", u) for u in alignment.added if not _covered("added", u, targets))
    return out


def _explained(change: Change, old: Unit, new: Unit, targets: Sequence[Change]) -> bool:
    """A figure change that a target change states already: same values, the target's text part of
    (or holding) the unit."""
    if change.item != "figure":
        return False
    for t in targets:
        if t.kind != change.kind:
            continue
        if change.old and not (t.old and same_value(t.old.value, change.old.value) and _linked(t.old.text, old.text)):
            continue
        if change.new and not (t.new and same_value(t.new.value, change.new.value) and _linked(t.new.text, new.text)):
            continue
        return True
    return False


def _covered(kind: str, unit: Unit, targets: Sequence[Change]) -> bool:
    """A unit added or removed whose target is reported added or removed already."""
    for t in targets:
        side = t.old if kind == "removed" else t.new
        if t.kind == kind and side and _linked(side.text, unit.text):
            return True
    return False


# metadata ---------------------------------------------------------------------------------------

def _metadata_changes(old: Document, new: Document) -> list[Change]:
    """Changes of the document's identity: plain attributes, the title's wording, times, contacts."""
    spec = _data()["metadata"]
    a, b = old.info, new.info
    out = []
    for name in spec["plain"]:
        before, after = getattr(a, name) or "", getattr(b, name) or ""
        if layout_key(before) != layout_key(after):
            out.append(_text_change("metadata", name, before, after))
    for name in spec["wording"]:
        before, after = getattr(a, name) or "", getattr(b, name) or ""
        if before and after:
            pair = _analysed([Unit(before, item="metadata", where=name), Unit(after, item="metadata", where=name)])
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
        for attr in _data()["metadata"]["contact"]:
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
    names = _analysed([Unit(f.name) for f in removed + added])
    old_names, new_names = names[:len(removed)], names[len(removed):]
    threshold = _data()["align"]["focus_similarity"]
    scored = []
    for i, a in enumerate(removed):
        for j, b in enumerate(added):
            if name_key(a.field) != name_key(b.field):
                continue
            missions = _overlap({u.masked for u in _analysed(_mission_units(a))},
                                {u.masked for u in _analysed(_mission_units(b))})
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
    metrics = _analysed([Unit(t.metric or t.text) for t in a + b])
    texts = _analysed([Unit(t.text) for t in a + b])
    old_m, new_m = metrics[:len(a)], metrics[len(a):]
    old_t, new_t = texts[:len(a)], texts[len(a):]
    threshold = _data()["align"]["target_similarity"]
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
    diff = word_diff(*_analysed([Unit(old.text), Unit(new.text)])) if old.text != new.text else ()
    if same:      # only the deadline moved: the deadline is the quantity that changed
        year = _data()["targets"]["deadline_unit"]
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
            names = _analysed([_name_unit(a), _name_unit(b)])
            out.extend(compare_units(names[0], names[1], wording_item="focus_technology"))
        out += _unit_changes(align_units(_prepared(_mission_units(a)), _prepared(_mission_units(b))), targets)
        out += _unit_changes(align_units(_prepared(_rationale_units(a)), _prepared(_rationale_units(b))), targets)
    for kind, group in (("removed", removed), ("added", added)):
        for f in group:
            out.append(_whole(kind, _name_unit(f)))
            units = _prepared(_mission_units(f)) + _prepared(_rationale_units(f))
            out.extend(_whole(kind, u) for u in units if not _covered(kind, u, targets))
    return out


def _name_unit(f: FocusTechnology) -> Unit:
    return Unit(f.name, item="focus_technology", where="name", field=f.field, focus=f.name, page=f.page)


def _prepared(units: Sequence[Unit]) -> list[Unit]:
    return _ordered(_analysed(units)) if units else []


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
            out.append(_whole(kind, Unit(e.label, item="row", where=e.label, field=e.field, page=e.page)))
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
                           labels=_data()["labels"])


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
    return _data()["labels"][table].get(key, key)


def group_title(group: Group) -> str:
    """A group's heading: its field and focus technology, or the document's own part."""
    parts = [p for p in (group.field, group.focus) if p]
    return " · ".join(parts) if parts else _data()["labels"]["document"]


def count_line(changes: Sequence[Change]) -> str:
    """``3 changes: 1 added, 2 changed`` (kinds in their fixed order)."""
    counts = Counter(c.kind for c in changes)
    kinds = ", ".join(f"{counts[k]} {_label('kinds', k)}" for k in KINDS if counts[k])
    return f"{len(changes)} {_data()['labels']['change_count']}: {kinds}"


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
        year = side.unit == _data()["targets"]["deadline_unit"]
        shown = str(int(value)) if year else f"{int(value):,}"
    else:
        shown = f"{value:,.6g}"
    op = _data()["labels"]["ops"].get(side.op, f"{side.op} " if side.op else "")
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
