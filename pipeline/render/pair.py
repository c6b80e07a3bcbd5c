"""KO/EN pairing: do a Korean release and its English version state the same figures?

Numbers are language-neutral anchors. Each figure is reduced to a key -- its kind, value, unit mapped
through the glossary (명/개/대 -> a count, 배 -> times, 원 -> KRW, 일 -> days) and comparator (MSIT
renders 이상 as "more than" or "at least": both are ``>=`` already when read) -- and the figures of
the two versions are aligned:

1. figures with equal keys pair as ``same``, the best context first (each Korean figure once);
2. an English figure left over pairs as ``different`` with an unpaired Korean figure of the same kind
   that states the same fact: the words around the two (Korean glossed into English) and the other
   figures of their sentences agree;
3. a ``same`` pair whose context disagrees gives way when an unpaired Korean figure fits the English
   one much better (an English figure changed to the value of another figure is still caught);
4. an English figure whose key was taken by a better pair pairs ``same`` with it again (an English
   version may state a figure twice); the rest is ``en_only``, and Korean figures never paired are
   ``ko_only`` (English versions state a subset).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from jinja2 import Environment

from pipeline import korean
from pipeline.korean import glossary as gl
from pipeline.korean.english import figure_en, number_en
from pipeline.korean.lexicon import glossary
from pipeline.markup import safe_href
from pipeline.records import Document, Figure, Target
from pipeline.render.brief import coverage
from pipeline.render.filters import environment

STATUSES = ("same", "different", "ko_only", "en_only")
# How much a context must agree for two different values to be one fact stated differently, and by
# how much a free Korean figure must beat a weak 'same' partner to take its place.
MIN_DIFFERENT = 0.34
MIN_LOOSE = 0.08
SWAP_MARGIN = 0.3


@dataclass(frozen=True)
class Pair:
    status: str                     # same | different | ko_only | en_only
    ko: Figure | None
    en: Figure | None
    score: float = 0.0              # context agreement, 0..1

    def to_json(self) -> dict[str, Any]:
        return {"status": self.status,
                "ko": None if self.ko is None else {"text": self.ko.text, "value": self.ko.value,
                                                    "unit": self.ko.unit, "op": self.ko.op, "page": self.ko.page},
                "en": None if self.en is None else {"text": self.en.text, "value": self.en.value,
                                                    "unit": self.en.unit, "op": self.en.op}}


# --- figure keys ---------------------------------------------------------------------------------

def figure_key(f: Figure, language: str) -> tuple:
    """(kind, value, unit, op) with units in one vocabulary for both languages."""
    return (f.kind, _value(f.value), unit_class(f.unit, f.kind, language), f.op)


def _value(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return round(value, 6) if isinstance(value, float) else value


def unit_class(unit: str, kind: str, language: str) -> str:
    """A unit both languages share: counts and ordinals say nothing of the noun; 원 is KRW, 배 times."""
    if kind in ("count", "ordinal", "year", "date", "datetime", "time"):
        return ""
    if kind == "multiple":
        return "x"
    if language == "ko":
        english, _ = glossary().section("units").get(unit, [unit, "after"])
        unit = english or unit
    return {"times": "x", "people": ""}.get(unit, unit)


def same_fact_kind(a: Figure, b: Figure) -> bool:
    """Two figures that could state one fact: the same kind (a date may be stated with its time)."""
    kinds = {a.kind, b.kind}
    return a.kind == b.kind or kinds == {"date", "datetime"}


# --- context ---------------------------------------------------------------------------------------

def _stem(word: str) -> str:
    """A crude stem both renderings share: the first five letters (reduce, reducing, reduction)."""
    word = word.lower()
    return word[:5] if len(word) > 5 else word


@lru_cache(maxsize=1)
def _stopwords() -> frozenset:
    return frozenset(glossary().section("pair").get("stopwords", []))


def english_words(text: str) -> frozenset:
    """Content words of an English text, stemmed."""
    stop = _stopwords()
    return frozenset(_stem(w) for w in re.findall(r"[A-Za-z][A-Za-z'-]+", text or "")
                     if w.lower() not in stop and len(w) > 2)


@lru_cache(maxsize=4096)
def korean_words(text: str) -> frozenset:
    """The English words the glossary gives for a Korean text (translated parts only), stemmed."""
    g = gl.gloss(text)
    return english_words(" ".join(s.text for s in g.segments if s.translated))


def _overlap(a: frozenset, b: frozenset) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


@dataclass(frozen=True)
class _Seen:
    """A figure with what surrounds it: words near it, words of its sentence, other figures there."""
    figure: Figure
    key: tuple
    near: frozenset
    sentence: frozenset
    anchors: frozenset
    index: int


def _context(figures: tuple[Figure, ...], language: str) -> list[_Seen]:
    keys = [figure_key(f, language) for f in figures]
    by_sentence: dict[str, list[int]] = {}
    for i, f in enumerate(figures):
        by_sentence.setdefault(f.sentence, []).append(i)
    words = korean_words if language == "ko" else english_words
    out = []
    for i, f in enumerate(figures):
        window = _window(f.sentence, f.text, *((24, 12) if language == "ko" else (70, 40)))
        anchors = frozenset(keys[j][:3] for j in by_sentence[f.sentence] if j != i and keys[j] != keys[i])
        out.append(_Seen(f, keys[i], words(window), words(f.sentence), anchors, i))
    return out


def _window(sentence: str, text: str, before: int, after: int) -> str:
    """The words around a figure in its sentence (whole words only)."""
    start = max(0, sentence.find(text))
    left = sentence[max(0, start - before):start]
    right = sentence[start + len(text):start + len(text) + after]
    if start - before > 0:
        left = left.split(" ", 1)[-1] if " " in left else ""
    if start + len(text) + after < len(sentence):
        right = right.rsplit(" ", 1)[0] if " " in right else ""
    return f"{left} {right}"


def context_score(ko: _Seen, en: _Seen) -> float:
    """How well two figures' surroundings agree, 0..1: nearby words weigh most, then the sentence
    and the other figures stated with them."""
    anchors = _overlap(ko.anchors, en.anchors) if ko.anchors and en.anchors else 0.0
    return 0.45 * _overlap(ko.near, en.near) + 0.35 * _overlap(ko.sentence, en.sentence) + 0.2 * anchors


# --- alignment -------------------------------------------------------------------------------------

def pair_documents(ko_doc: Document, en_doc: Document) -> list[Pair]:
    """Every figure of both versions, paired (see the module's description); Korean reading order,
    English-only figures last."""
    ko = _context(ko_doc.figures, "ko")
    en = _context(en_doc.figures, "en")
    score = {(k.index, e.index): context_score(k, e) for k in ko for e in en
             if same_fact_kind(k.figure, e.figure)}
    match: dict[int, tuple[int, str]] = {}          # en index -> (ko index, status)
    used: set[int] = set()
    # 1. equal keys, best context first
    for s, k, e in sorted(((score[k.index, e.index], k, e) for k in ko for e in en
                           if k.key == e.key), key=lambda x: (-x[0], x[2].index, x[1].index)):
        if e.index not in match and k.index not in used:
            match[e.index] = (k.index, "same")
            used.add(k.index)
    # 2. leftovers: the same fact stated differently (a figure of the same kind and unit needs less
    #    agreement of context than one of another unit)
    _pair_different(ko, en, score, match, used, [e for e in en if e.index not in match], MIN_DIFFERENT)
    _pair_different(ko, en, score, match, used, [e for e in en if e.index not in match], MIN_LOOSE,
                    same_unit=True)
    # 3. weak 'same' pairs give way to a free Korean figure that fits much better
    for e in en:
        k_index, status = match.get(e.index, (None, None))
        if status != "same":
            continue
        current = score[k_index, e.index]
        best = max((k for k in ko if k.index not in used and (k.index, e.index) in score),
                   key=lambda k: score[k.index, e.index], default=None)
        if best is not None and score[best.index, e.index] >= max(MIN_DIFFERENT, current + SWAP_MARGIN):
            used.discard(k_index)
            used.add(best.index)
            match[e.index] = (best.index, "same" if best.key == e.key else "different")
    # 4. an English figure stated twice pairs with its Korean figure again
    for e in en:
        if e.index in match:
            continue
        twins = [k for k in ko if k.key == e.key]
        if twins:
            best = max(twins, key=lambda k: score.get((k.index, e.index), 0.0))
            match[e.index] = (best.index, "same")
    return _pairs(ko, en, match, used, score)


def _pair_different(ko, en, score, match, used, leftovers, threshold: float, same_unit: bool = False) -> None:
    options = sorted(((score[k.index, e.index], k, e) for e in leftovers for k in ko
                      if k.index not in used and (k.index, e.index) in score
                      and (not same_unit or k.key[2] == e.key[2])),
                     key=lambda x: (-x[0], x[2].index, x[1].index))
    for s, k, e in options:
        if s < threshold:
            break
        if e.index not in match and k.index not in used:
            match[e.index] = (k.index, "same" if k.key == e.key else "different")
            used.add(k.index)


def _pairs(ko, en, match, used, score) -> list[Pair]:
    by_ko: dict[int, list[Pair]] = {}
    en_only = []
    for e in en:
        if e.index in match:
            k, status = match[e.index]
            by_ko.setdefault(k, []).append(Pair(status, ko[k].figure, e.figure, round(score.get((k, e.index), 0.0), 3)))
        else:
            en_only.append(Pair("en_only", None, e.figure))
    out = []
    for k in ko:
        out.extend(by_ko.get(k.index) or [Pair("ko_only", k.figure, None)])
    return out + en_only


# --- targets -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TargetPair:
    """A target of the Korean release and the English version's statement of it."""
    status: str                     # same | different (the deadline differs) | ko_only | en_only
    ko: Target | None
    en: Target | None

    def to_json(self) -> dict[str, Any]:
        def one(t: Target | None):
            return None if t is None else {"metric": t.metric, "value": t.value, "unit": t.unit, "op": t.op,
                                           "direction": t.direction, "deadline": t.deadline, "page": t.page}
        return {"status": self.status, "ko": one(self.ko), "en": one(self.en)}


def target_key(t: Target, language: str) -> tuple:
    """(value, unit, comparator) with units in one vocabulary (명 and an English count are both a count)."""
    unit = unit_class(t.unit, "", language)
    return (_value(t.value), "" if unit in ("count", "people") else unit, t.op)


def pair_targets(ko_doc: Document, en_doc: Document) -> list[TargetPair]:
    """The Korean targets in order, each with the English target stating the same value, unit and
    comparator (its deadline must agree too, else ``different``); English targets left over last."""
    free = list(en_doc.targets)
    out = []
    for k in ko_doc.targets:
        key = target_key(k, "ko")
        match = next((e for e in free if target_key(e, "en") == key), None)
        if match is None:
            out.append(TargetPair("ko_only", k, None))
            continue
        free.remove(match)
        out.append(TargetPair("same" if match.deadline == k.deadline else "different", k, match))
    return out + [TargetPair("en_only", None, e) for e in free]


STATUS_LABELS = {"same": "same", "different": "DIFFERENT", "ko_only": "Korean only", "en_only": "English only"}


def difference(p: Pair) -> str:
    """What differs between the two figures of a pair: value, unit or comparator, in English."""
    if p.status != "different" or p.ko is None or p.en is None:
        return ""
    out = []
    ko, en = figure_key(p.ko, "ko"), figure_key(p.en, "en")
    if ko[1] != en[1]:
        out.append(f"value {number_en(ko[1])} / {number_en(en[1])}")
    if ko[2] != en[2]:
        out.append(f"unit {ko[2] or p.ko.unit} / {en[2] or p.en.unit}")
    if ko[3] != en[3]:
        out.append(f"comparator {p.ko.op} / {p.en.op}")
    return "; ".join(out)


def summary(pairs) -> dict[str, int]:
    return {status: sum(p.status == status for p in pairs) for status in STATUSES}


# --- output ----------------------------------------------------------------------------------------

def render_pairs(pairs: list[Pair], ko_doc: Document, en_doc: Document, fmt: str = "md") -> str:
    """The pairing as JSON (``{"pairs": [...]}``), or a Markdown or HTML table from a template. Both
    state the translation coverage of the Korean release's English brief (:func:`pipeline.render.brief.coverage`)."""
    shown = coverage(ko_doc)
    target_pairs = pair_targets(ko_doc, en_doc)
    if fmt == "json":
        data = {"ko": ko_doc.info.id, "en": en_doc.info.id, "summary": summary(pairs),
                "targets": [p.to_json() for p in target_pairs], "target_summary": summary(target_pairs),
                "coverage": {"sentences": shown.items, "sentences_in_english": shown.translated,
                             "characters": shown.chars, "characters_in_english": shown.chars_translated},
                "pairs": [p.to_json() for p in pairs]}
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    return _environment(fmt).get_template(f"pair.{fmt}.j2").render(
        pairs=pairs, ko=ko_doc.info, en=en_doc.info, summary=summary(pairs), coverage=shown,
        target_pairs=target_pairs, target_summary=summary(target_pairs),
        lang="en", fmt=fmt, english_source=False, nav=(), tally=None,
        page_href=lambda page: safe_href(ko_doc.info.source, f"page={page}"))


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def summary_text(counts: dict) -> str:
    return ", ".join(f"{STATUS_LABELS[k]}: {v}" for k, v in counts.items())


def target_text(t: Target) -> str:
    """A target's figure and deadline in English: 'at least 50% (by 2030)'."""
    kind = ("percent" if t.unit == "%" else "multiple" if t.unit in ("배", "times")
            else "duration" if t.unit in korean.TIME_UNITS or t.unit in ("days", "months", "years") else "count")
    text = figure_en(t.value, "배" if t.unit == "times" else t.unit, t.op, kind, "")
    return f"{text} (by {t.deadline})" if t.deadline else text


@lru_cache(maxsize=None)
def _environment(fmt: str) -> Environment:
    """The brief's template environment with the pairing's own filters on top (brief knows nothing of pairs)."""
    env = environment(fmt).overlay()
    env.filters = {**env.filters, "pair_status": status_label, "pair_note": difference,
                   "pair_summary": summary_text, "target_cell_plain": target_text}
    return env
