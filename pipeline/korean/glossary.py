"""English from Korean through the glossary (``data/glossary.toml``): exact renderings, no machine
translation.

What can be rendered exactly is: names (ministries, departments, people by Revised Romanization),
labels, numbers with their units and comparators (``100만명 이상`` -> ``at least 1 million people``),
dates and deadlines (``’30년까지`` -> ``by 2030``), and phrases whose every content morpheme the
glossary knows. Phrases are matched on Kiwi morphemes, longest entry first, and put in English word
order by a few rules of Korean syntax (head-final noun phrases, a clause-final verbal noun leads the
English clause, ``A의 B`` -> ``B of A``, ``X를 위한 Y`` -> ``Y for X`` ...). A morpheme the glossary
does not know stays in Korean and is marked untranslated: :class:`Gloss` keeps the pieces apart so
that a template can mark them, and counts what was covered.

The work is split by what each part makes, imports going one way: :mod:`.lexicon` (the data),
:mod:`.english` (numbers, dates, figures, people and places), :mod:`.pieces` (Kiwi's morphemes as
pieces), :mod:`.word_order` (pieces in English word order); this module glosses and renders
phrases, and the names of public bodies, with them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline import korean
from pipeline.korean.lexicon import glossary
from pipeline.korean.pieces import Piece, lex
from pipeline.korean.word_order import CLOSE, OPEN, Renderer, modifier_form, unknown_construction


# --- glossing phrases --------------------------------------------------------------------------

@dataclass(frozen=True)
class Segment:
    """A stretch of a rendering: English, or Korean kept as written (``translated`` False)."""
    text: str
    translated: bool = True


@dataclass(frozen=True)
class Gloss:
    """A phrase rendered in English as far as the glossary reaches."""
    segments: tuple[Segment, ...]
    covered: int = 0           # content morphemes rendered in English
    total: int = 0             # content morphemes

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.segments)

    @property
    def complete(self) -> bool:
        return all(s.translated for s in self.segments)

    @property
    def untranslated(self) -> tuple[str, ...]:
        return tuple(s.text for s in self.segments if not s.translated)


@dataclass(frozen=True)
class Rendering:
    """A sentence of a release as an English brief shows it: whole in English when the glossary and
    a known construction cover every content morpheme, else the Korean as written (never English
    words in Korean order) with the glossary's renderings of the terms it contains beside it."""
    korean: str
    english: str = ""                              # empty: the sentence is shown in Korean
    terms: tuple[tuple[str, str], ...] = ()        # (Korean, English) of the terms the glossary knows

    @property
    def in_english(self) -> bool:
        return bool(self.english)


MAX_TERMS = 6                  # a gloss of a Korean sentence names at most this many terms


@lru_cache(maxsize=8192)
def render(text: str, noun_phrase: bool = False) -> Rendering:
    """``text`` whole in English, or in Korean with the terms the glossary knows (see :class:`Rendering`).
    ``noun_phrase``: a name or label (a focus technology, a metric): verbal nouns stay nouns."""
    text = re.sub(r"\s+", " ", text or "").strip()
    g = gloss(text, noun_phrase)
    if g.complete and g.text and not unknown_construction(_pieces(text), g.text):
        return Rendering(text, _sentence_case(g.text))
    return Rendering(text, "", known_terms(text))


@lru_cache(maxsize=8192)
def _pieces(text: str) -> tuple[Piece, ...]:
    return tuple(lex(text)) if any(korean.is_hangul(c) for c in text) else ()


def _sentence_case(text: str) -> str:
    """A rendering starts a heading, a list item or a cell: its first letter upper case."""
    return text[0].upper() + text[1:] if text[:1].islower() else text


def known_terms(text: str) -> tuple[tuple[str, str], ...]:
    """The terms of ``text`` the glossary has an entry for, as (Korean, English), each once, longest
    first among overlapping ones: what a reader of a Korean sentence can be told with certainty."""
    if not any(korean.is_hangul(c) for c in text):
        return ()
    out: dict[str, str] = {}
    for p in lex(text):
        if p.entry is None or p.kind not in ("term", "action") or sum(map(korean.is_hangul, p.ko)) < 2 \
                or p.ko in glossary().section("ambiguous"):
            continue
        english = p.entry.noun if p.kind == "action" and p.entry.noun else modifier_form(p.entry.en)
        out.setdefault(p.ko, english)
    chosen = set(sorted(out, key=len, reverse=True)[:MAX_TERMS])     # the longest: names before words
    return tuple((ko, en) for ko, en in out.items() if ko in chosen)


@lru_cache(maxsize=8192)
def gloss(text: str, noun_phrase: bool = False) -> Gloss:
    """``text`` in English as far as the glossary covers it; Korean it cannot render is kept, marked.
    ``noun_phrase``: a name or label (a focus technology, a metric): verbal nouns stay nouns."""
    if not text or not text.strip():
        return Gloss(())
    if not any(korean.is_hangul(c) for c in text):
        return Gloss((Segment(text.strip(), True),))
    pieces = lex(text)
    covered = sum(p.kind not in ("unk",) for p in pieces if _counts(p))
    total = sum(1 for p in pieces if _counts(p))
    rendered = Renderer(noun_phrase).text(pieces)
    return Gloss(tuple(_segments(rendered)), covered, total)


def _counts(piece: Piece) -> bool:
    """Content pieces count toward coverage; particles and punctuation do not."""
    return piece.kind in ("term", "action", "pred", "post", "adv", "fig", "unk", "foreign")


def _segments(text: str):
    """The renderer's text tidied and cut into segments: Korean it kept between OPEN and CLOSE is untranslated."""
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([,.)\]’”:])", r"\1", text)
    text = re.sub(r"([(\[‘“])\s+", r"\1", text)
    text = re.sub(r",\s*,", ",", text).replace("e.g.:", "e.g.")
    for part in re.split(f"({OPEN}[^{CLOSE}]*{CLOSE})", text):
        if part.startswith(OPEN):
            yield Segment(part[1:-1], False)
        elif part:
            yield Segment(part, True)


# --- names of public bodies -------------------------------------------------------------------

def name_en(text: str) -> Gloss:
    """A ministry, agency or department: whole names from the glossary, else the stem glossed and the
    department word (과 Division, 국 Bureau ...) put last, in title case."""
    text = re.sub(r"\s+", "", text or "")
    g = glossary()
    if not text:
        return Gloss(())
    entry = g.entries.get(text)
    if entry:
        return Gloss((Segment(entry.en, True),), 1, 1)
    for suffix, word in sorted(g.section("department_suffixes").items(), key=lambda kv: -len(kv[0])):
        if text.endswith(suffix) and len(text) > len(suffix) + 1:
            stem = gloss(text[: -len(suffix)])
            if stem.complete:
                return Gloss((Segment(_title(f"{stem.text} {word}"), True),), stem.covered + 1, stem.total + 1)
    return gloss(text)


def name_rendering(text: str) -> Rendering:
    """A ministry, agency or department as :func:`name_en` renders it, or in Korean with its terms."""
    text = re.sub(r"\s+", " ", text or "").strip()
    g = name_en(text)
    if g.complete and g.text:
        return Rendering(text, g.text)
    units = [name_en(word) for word in text.split(" ")]
    if len(units) > 1 and all(u.complete and u.text for u in units):    # '네트워크정책실 통신이용제도과'
        return Rendering(text, ", ".join(u.text for u in reversed(units)))   # the smallest unit first
    return Rendering(text, "", known_terms(text))


def _title(text: str) -> str:
    small = {"and", "of", "the", "for", "on", "in"}
    words = text.split()
    return " ".join(w if (i and w in small) or not w[:1].islower() else w[:1].upper() + w[1:]
                    for i, w in enumerate(words))
