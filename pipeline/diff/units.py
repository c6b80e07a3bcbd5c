"""Units of text and how two lists of them are aligned and compared: the diff's machinery below
the document level.

Text is compared on a *layout key* (whitespace, stand-in characters and quote variants folded), so
re-wrapped lines, fonts and page numbers never show as changes; units that a page break or a narrower
column split (or joined) are put back together before they are compared. Numbers are compared by the
values :mod:`pipeline.korean.figures` reads, so ``1.2조`` equals ``1조 2천억``.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from functools import cached_property
from typing import Callable, Iterable, Sequence

from pipeline import korean
from pipeline.diff.changes import Change, Piece, Side, diff_data
from pipeline.extract.analysis import Token, analyse_texts
from pipeline.korean.figures import FigureMatch, find_figures

# --- text keys -----------------------------------------------------------------------------------

_SPACE = re.compile(r"\s+")


def layout_key(text: str) -> str:
    """``text`` with everything a layout may change folded away: whitespace (line wraps re-joined
    with or without a space), compatibility forms, middle-dot stand-ins and quote variants."""
    quotes = diff_data()["layout"]["quotes"]
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


def linked(a: str, b: str) -> bool:
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
        tags = tuple(diff_data()["morphemes"]["content_tags"])
        return Counter(unicodedata.normalize("NFKC", t.form).lower() for t in self.tokens
                       if t.tag.startswith(tags) and not self._in_figure(t.start, t.end))

    def _in_figure(self, start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in self.spans)


def similarity(a: Unit, b: Unit) -> float:
    """Dice coefficient of two units' content morphemes (1.0: the same words)."""
    total = sum(a.content.values()) + sum(b.content.values())
    return 2 * sum((a.content & b.content).values()) / total if total else 0.0


def analysed(units: Sequence[Unit]) -> list[Unit]:
    """The units with their morphemes (one Kiwi batch) and figures filled in."""
    analysis = analyse_texts({i: u.text for i, u in enumerate(units)})
    out = []
    for i, unit in enumerate(units):
        ua = analysis.of(i)
        tokens = tuple(t for s in ua.sentences for t in s.tokens)
        out.append(with_figures(replace(unit, tokens=tokens), ua.language))
    return out


def with_figures(unit: Unit, language: str) -> Unit:
    """The unit with its figures, each date's span stretched over a weekday written after it."""
    suffix = re.compile(diff_data()["layout"]["weekday_suffix"])
    dated = set(diff_data()["layout"]["dated_kinds"])
    figures = tuple(find_figures(unit.text, "en" if language == "en" else "ko"))
    spans = []
    for f in figures:
        end = f.end
        m = suffix.match(unit.text, end) if f.kind in dated else None
        if m and not any(g.start < m.end() and g.start >= end for g in figures):
            end = m.end()
        spans.append((f.start, end))
    return replace(unit, figures=figures, spans=tuple(spans))


def ordered(units: Sequence[Unit]) -> list[Unit]:
    """The units with their relative position in the list (ties in alignment go to the nearest)."""
    n = max(1, len(units) - 1)
    return [replace(u, order=i / n) for i, u in enumerate(units)]


def _join(units: Sequence[Unit]) -> Unit:
    """One unit of several that a layout split apart."""
    if len(units) == 1:
        return units[0]
    first = units[0]
    joined = replace(first, text=" ".join(u.text for u in units), tokens=(), figures=(), spans=())
    return analysed([joined])[0]


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
        min_similarity = diff_data()["align"]["min_similarity"]
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
    limit = diff_data()["align"]["max_joined"]
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


def whole_change(kind: str, unit: Unit) -> Change:
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
