"""Analyse stage: language, sentences and morphemes of every text unit (block or table item).

Korean goes through Kiwi (one analyser per process, fed in one batch per document); English
through a blank spaCy pipeline with a rule-based sentencizer (``en_core_web_sm`` when installed).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline import korean
from pipeline.structure import Structure

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
        """The sentence holding the character at ``offset``."""
        for s in self.sentences:
            if s.start <= offset < s.end:
                return s
        return self.sentences[-1] if self.sentences and offset >= self.sentences[-1].start else None


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
    for key, sents in zip(ko_keys, korean.split_sentences([texts[k] for k in ko_keys])):
        units[key] = UnitAnalysis("ko", tuple(_korean_sentence(s) for s in sents))
    for key, lang in languages.items():
        if lang == "en":
            units[key] = UnitAnalysis(lang, tuple(_english_sentences(texts[key])))
        elif lang == "und":            # digits and symbols only: one sentence, no morphemes
            text = texts[key]
            units[key] = UnitAnalysis(lang, (Sentence(0, len(text), text, ()),) if text else ())
    return Analysis(units)


def _korean_sentence(sent) -> Sentence:
    tokens = tuple(Token(t.form, t.tag, t.start, t.start + t.len) for t in sent.tokens)
    return Sentence(sent.start, sent.end, sent.text, tokens)


def _english_sentences(text: str):
    if not text.strip():
        return
    doc = english_nlp()(text)
    for sent in doc.sents:
        tokens = tuple(Token(t.text, t.pos_ or "", t.idx, t.idx + len(t.text)) for t in sent)
        yield Sentence(sent.start_char, sent.end_char, sent.text, tokens)


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
