"""Analyse stage: language, sentences and morphemes of every text unit (block or table item).

Korean goes through Kiwi (one analyser per process, fed in one batch per document); English
through a blank spaCy pipeline with a rule-based sentencizer (``en_core_web_sm`` when installed).

No sentence is longer than :data:`~pipeline.read.limits.MAX_SENTENCE_CHARS`: a longer text is cut into
pieces of at most that length (after a sentence's end when it can, else after a clause's punctuation
or at a space) before it is analysed. Real text never comes near the limit; a hostile line of a
megabyte with no sentence break is then analysed in linear time, and every record that keeps its
sentence keeps a bounded one.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property, lru_cache

from pipeline import korean
from pipeline.read.limits import MAX_SENTENCE_CHARS
from pipeline.structure.blocks import Structure

LATIN = re.compile(r"[A-Za-z]")


@dataclass(frozen=True)
class Token:
    form: str
    tag: str            # Kiwi's Sejong tags for Korean; spaCy's coarse POS (or '') for English
    start: int
    end: int


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    tokens: tuple[Token, ...]


@dataclass(frozen=True)
class UnitAnalysis:
    language: str                    # ko | en | und
    sentences: tuple[Sentence, ...]

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence holding the character at ``offset`` (the last one for an offset past its
        end; None for one before the first sentence or between two)."""
        i = bisect_right(self._starts, offset) - 1
        if i < 0:
            return None
        sentence = self.sentences[i]
        return sentence if offset < sentence.end or i == len(self.sentences) - 1 else None

    @cached_property
    def _starts(self) -> list[int]:
        """Where each sentence starts (in order), for :meth:`sentence_at`'s binary search."""
        return [s.start for s in self.sentences]


@dataclass(frozen=True)
class Analysis:
    """Analyses keyed like the structure's texts: ('block', i) or ('cell', table, cell, item)."""
    units: dict

    def of(self, key) -> UnitAnalysis:
        return self.units[key]

    @property
    def language(self) -> str:
        """The document's language: the one most of its text is in."""
        counts: dict[str, int] = {}
        for unit in self.units.values():
            n = sum(len(s.text) for s in unit.sentences)
            counts[unit.language] = counts.get(unit.language, 0) + n
        counts.pop("und", None)
        return max(counts, key=counts.get) if counts else "und"


def detect_language(text: str) -> str:
    """'ko' when Hangul makes up a fair share of the letters, 'en' for Latin text, else 'und'."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return "und"
    hangul = sum(korean.is_hangul(c) for c in letters)
    if hangul >= 0.15 * len(letters):
        return "ko"
    latin = sum(bool(LATIN.match(c)) for c in letters)
    return "en" if latin >= 0.6 * len(letters) else "und"


def analyse(structure: Structure) -> Analysis:
    """Sentences and morphemes of every block and table item of a structure."""
    texts = {("block", i): t.text for i, t in enumerate(structure.block_texts)}
    texts.update({("cell",) + key: t.text for key, t in structure.cell_texts.items()})
    return analyse_texts(texts)


def analyse_texts(texts: dict) -> Analysis:
    """Analyse a mapping of key -> text; Korean texts go to Kiwi in one batch."""
    languages = {key: detect_language(text) for key, text in texts.items()}
    units = {}
    ko_keys = [k for k, lang in languages.items() if lang == "ko"]
    ko_pieces = [(key, offset, piece) for key in ko_keys for offset, piece in pieces(texts[key])]
    sentences: dict = {key: [] for key in ko_keys}
    for batch in _batches(ko_pieces):
        found = korean.split_sentences([piece for _, _, piece in batch])
        for (key, offset, _), sents in zip(batch, found):
            sentences[key].extend(_korean_sentence(s, offset) for s in sents)
    for key in ko_keys:
        units[key] = UnitAnalysis("ko", tuple(sentences[key]))
    for key, lang in languages.items():
        if lang == "en":
            units[key] = UnitAnalysis(lang, tuple(_english_sentences(texts[key])))
        elif lang == "und":            # digits and symbols only: one sentence a piece, no morphemes
            units[key] = UnitAnalysis(lang, tuple(Sentence(offset, offset + len(piece), piece, ())
                                                  for offset, piece in pieces(texts[key]) if piece))
    return Analysis(units)


# Characters given to Kiwi at a time: Kiwi's own results (heavier than the tokens kept) are held
# for one batch only, while a batch stays large enough to keep Kiwi's threads busy.
KIWI_BATCH_CHARS = 100_000


def _batches(items: list[tuple[object, int, str]]):
    """``items`` (key, offset, piece) in consecutive runs of about :data:`KIWI_BATCH_CHARS`."""
    batch, size = [], 0
    for item in items:
        batch.append(item)
        size += len(item[2])
        if size >= KIWI_BATCH_CHARS:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


# Where an over-long text is cut, best first: after a sentence's end, after a clause's punctuation
# (or a dash between spaces), at a space. Each is looked for in the second half of the window, so
# that a piece is never shorter than half the limit (and the cost stays linear).
_CUTS = (re.compile(r"[.!?。…][\"'”’)\]]*\s+"),
         re.compile(r"[,;:·、，；：]\s*|\s[-–—]\s+"),
         re.compile(r"\s+"))


def pieces(text: str, limit: int = MAX_SENTENCE_CHARS) -> list[tuple[int, str]]:
    """``text`` as ``(offset, piece)`` pairs that cover it in order, each piece at most ``limit``
    characters: the whole text when it is short enough (as nearly every real one is), else cut
    at the best boundary near each limit (a word is cut only when it alone is longer)."""
    if len(text) <= limit:
        return [(0, text)]
    out = []
    start = 0
    while len(text) - start > limit:
        cut = _cut(text, start + max(1, limit // 2), start + limit)
        out.append((start, text[start:cut]))
        start = cut
    out.append((start, text[start:]))
    return out


def _cut(text: str, low: int, high: int) -> int:
    """The best place to cut ``text`` in ``(low, high]``: the end of the last boundary found."""
    window = text[low:high]
    for boundary in _CUTS:
        last = None
        for last in boundary.finditer(window):
            pass
        if last is not None:
            return low + last.end()
    return high


def _korean_sentence(sent, offset: int = 0) -> Sentence:
    """Kiwi's sentence of a piece that starts at ``offset`` of its text, in the text's offsets."""
    tokens = tuple(Token(t.form, t.tag, offset + t.start, offset + t.start + t.len) for t in sent.tokens)
    return Sentence(offset + sent.start, offset + sent.end, sent.text, tokens)


def _english_sentences(text: str):
    if not text.strip():
        return
    for offset, piece in pieces(text):
        for sent in english_nlp()(piece).sents:
            tokens = tuple(Token(t.text, t.pos_ or "", offset + t.idx, offset + t.idx + len(t.text))
                           for t in sent)
            yield Sentence(offset + sent.start_char, offset + sent.end_char, sent.text, tokens)


@lru_cache(maxsize=1)
def english_nlp():
    """spaCy for English: the small trained pipeline when installed, else a blank one with rules."""
    import spacy
    try:
        return spacy.load("en_core_web_sm", disable=["ner"])
    except OSError:
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        return nlp
