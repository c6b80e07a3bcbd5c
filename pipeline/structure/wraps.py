"""Re-joining text across PDF line wraps: is there a space where the line broke?

Hancom wraps Korean between any two syllables and writes no space at the break, so the PDF does not
say whether ``국가|임무`` was ``국가임무`` or ``국가 임무``. The decision follows the order measured in
``notes/line-wraps.md`` (first rule that fires decides): an explicit space, punctuation, digits and
counters, Kiwi's morphology, Kiwi's scores, then how the document itself spells the pair elsewhere.
"""
from __future__ import annotations

import re
from functools import lru_cache

from pipeline import korean

CLOSING = set(")]}」』〉》>,.;:!?%")
OPENING = set("([{「『〈《<")
QUOTES = set("‘’“”\"'")
SPACE_AFTER = set(",;.?!")
ARROWS = set("→⇒⇨←↔")
COUNTERS = set("개배일만억조천백십%년월명건회차대원종곳위시분초세주번권편기층호점톤kKmMgG℃㎾㎿㎞㎡㎏")
JOINING_TAGS = ("J", "E", "XS", "VCP")
WORD = re.compile(r"[0-9A-Za-z\uac00-\ud7a3]+")


class WrapJoiner:
    """Decides the space at each wrap of one document, using that document's own spelling."""

    def __init__(self, document_lines: list[str]):
        # Each line on its own: a wrap never counts as evidence for itself.
        self._corpus = "\n".join(document_lines)
        self._spacing_of = _DotSpacing(self._corpus)
        self._habits: dict[str, bool | None] = {}

    def join(self, left: str, right: str, space_at_wrap: bool = False, paragraph: str = "") -> str:
        """``left`` and ``right`` joined with or without a space at the wrap."""
        left, right = left.rstrip(), right.lstrip()
        if not left or not right:
            return left + right
        return left + (" " if self.needs_space(left, right, space_at_wrap, paragraph or left) else "") + right

    def needs_space(self, left: str, right: str, space_at_wrap: bool = False, paragraph: str = "") -> bool:
        if space_at_wrap:
            return True
        verdict = self._punctuation(left, right, paragraph)
        for rule in (_sentence_end_or_bullet, _digits, _morphology, _score, self._vocabulary):
            if verdict is not None:
                return verdict
            verdict = rule(left, right)
        return True if verdict is None else verdict

    # rule 2
    def _punctuation(self, left: str, right: str, paragraph: str):
        a, b = left[-1], right[0]
        if b in CLOSING:
            return False
        if b == "(" and a.isalnum() and right[1:2].isascii() and right[1:2].isalpha():
            return False      # a Latin gloss in brackets sticks to its word: 산업(Bio-Made)
        if b in QUOTES and _inside_quote(paragraph):
            return False
        if a in korean.MIDDLE_DOTS or b in korean.MIDDLE_DOTS:
            return self._spacing_of.usually_spaced(a if a in korean.MIDDLE_DOTS else b)
        if a in ARROWS or b in ARROWS:
            return self._spacing_of.usually_spaced(a if a in ARROWS else b)
        if a in OPENING or a in "▲▸" or (a in QUOTES and not _inside_quote(paragraph[:-1] if paragraph else "")):
            return False
        return None

    # rule 7
    def _vocabulary(self, left: str, right: str):
        lw, rw = _tail_word(left), _head_word(right)
        if not lw or not rw:
            return None
        for k in range(len(rw), 0, -1):
            joined = self._corpus.count(lw + rw[:k])
            spaced = self._corpus.count(lw + " " + rw[:k])
            if joined or spaced:
                if joined != spaced:
                    return spaced > joined
                break
        return self._habit_of(lw)

    def _habit_of(self, word: str):
        """How the document goes on after this word elsewhere: glued to more Hangul, or spaced."""
        if not korean.is_hangul(word[-1]):
            return None
        if word in self._habits:
            return self._habits[word]
        glued = _count_followed(self._corpus, word, "")
        spaced = _count_followed(self._corpus, word, " ")
        habit = None
        if glued + spaced >= 3 and max(glued, spaced) >= 2 * min(glued, spaced):
            habit = spaced > glued
        self._habits[word] = habit
        return habit


def _count_followed(corpus: str, word: str, gap: str) -> int:
    """``len(re.findall(re.escape(word) + gap + "[가-힣]", corpus))``, by ``str.find``: the
    occurrences of ``word`` followed by ``gap`` and a Hangul syllable, not overlapping."""
    count, n, size = 0, len(word) + len(gap), len(corpus)
    i = corpus.find(word)
    while i >= 0:
        j = i + n
        if j < size and "\uac00" <= corpus[j] <= "\ud7a3" and (not gap or corpus.startswith(gap, i + len(word))):
            count += 1
            i = corpus.find(word, j + 1)
        else:
            i = corpus.find(word, i + 1)
    return count


class _DotSpacing:
    """Whether the document usually writes spaces around a middle dot or an arrow."""

    def __init__(self, corpus: str):
        self._corpus = corpus

    @lru_cache(maxsize=32)
    def usually_spaced(self, mark: str) -> bool:
        """Spaced more often than glued; on a tie, as releases usually write it (arrows spaced:
        'A → B'; middle dots glued: 'A·B')."""
        spaced = len(re.findall(rf"\S {re.escape(mark)} \S", self._corpus))
        glued = len(re.findall(rf"[^\s{re.escape(mark)}]{re.escape(mark)}[^\s{re.escape(mark)}]", self._corpus))
        return spaced > glued or (spaced == glued and mark in ARROWS)


def _inside_quote(text: str) -> bool:
    """An odd number of quote marks so far: a quote now closes (these documents also write ’…‘)."""
    return sum(ch in "‘’“”" for ch in text) % 2 == 1


# rule 3
def _sentence_end_or_bullet(left: str, right: str):
    a = left[-1]
    if a in SPACE_AFTER and not (len(left) > 1 and left[-2].isdigit() and right[0].isdigit()):
        return True
    marker, _ = korean.leading_marker(right)
    if marker and marker not in "·-":
        return True
    return None


# rule 4
def _digits(left: str, right: str):
    a, b = left[-1], right[0]
    if a.isdigit() and (b.isdigit() or b in COUNTERS):
        return False
    # a number broken after its thousands comma or decimal point: '1,|000명', '1.|5배' (not '2023.|10.')
    if b.isdigit() and len(left) > 1 and left[-2].isdigit():
        if a == "," and re.match(r"\d{3}(?!\d)", right):
            return False
        if a == "." and not re.search(r"(?<!\d)\d{4}\.$", left):
            return False
    return None


# rule 5
def _morphology(left: str, right: str):
    """Join when the morpheme starting at the wrap is a particle, ending, suffix or copula."""
    lw, rw = _tail_token(left), _head_token(right)
    if not lw or not rw or not korean.is_hangul(rw[0]):
        return None
    # A bare particle after a bracket, quote or Latin letter is mis-tagged: analyse it behind a
    # dummy noun, one ending in a vowel and one in a consonant (를/을, 로/으로).
    probes = [lw] if korean.is_hangul(lw[-1]) else ["사과", "책"]
    for probe in probes:
        at = len(probe)
        tok = next((t for t in _analyse(probe + rw) if t.start == at), None)
        if tok is not None and tok.tag.startswith(JOINING_TAGS):
            return False
    return None


# rule 6
def _score(left: str, right: str):
    lw, rw = " ".join(left.split()[-2:]), " ".join(right.split()[:2])
    if not korean.is_hangul(left[-1]) or not korean.is_hangul(right[0]):
        return None
    joined = _score_of(lw + rw)
    spaced = _score_of(lw + " " + rw)
    return False if joined - spaced > 1.0 else None


@lru_cache(maxsize=4096)
def _analyse(text: str):
    return korean.kiwi().analyze(text, top_n=1)[0][0]


@lru_cache(maxsize=4096)
def _score_of(text: str) -> float:
    return korean.kiwi().analyze(text, top_n=1)[0][1]


def _tail_token(text: str) -> str:
    return text.split()[-1] if text.split() else ""


def _head_token(text: str) -> str:
    return text.split()[0] if text.split() else ""


def _tail_word(text: str) -> str:
    m = re.search(r"[0-9A-Za-z\uac00-\ud7a3·]+$", text)
    return m.group(0) if m else ""


def _head_word(text: str) -> str:
    m = WORD.match(text)
    return m.group(0) if m else ""
