"""What the pipeline knows about Korean government documents' typography, in one place.

Bullets and their usual nesting, the middle dots and stand-in characters Hancom writes, header and
contact labels, and the one Kiwi analyser of the process (loaded on first use: it costs a second and
some 300 MB).

The language knowledge that is more than a list lives in this package's modules: ``figures``
(quantities written in Korean and English), ``romanize``, and Korean to English through the glossary,
imports going one way: ``lexicon`` (the glossary's entries), ``english`` (numbers, dates, figures,
people and places), ``pieces`` (a phrase's morphemes as glossary entries), ``word_order`` (pieces in
English order) and ``glossary`` (phrases and names rendered, the API the briefs use).
"""
from __future__ import annotations

import re
import unicodedata
import warnings
from functools import lru_cache

# Paragraph bullets with their usual nesting depth in MSIT-style releases (□ > ○ > - > ·).
BULLET_LEVELS: dict[str, int] = {
    "□": 0, "■": 0, "◆": 0, "◇": 0, "●": 0, "❑": 0, "▣": 0, "▢": 0, "◼": 0, "◻": 0,
    "○": 1, "◦": 1, "ㅇ": 1, "❍": 1, "◯": 1, "➢": 1,
    "-": 2, "–": 2, "—": 2, "‐": 2, "▸": 1, "▹": 1, "►": 1, "▶": 1, "‣": 1, "•": 2,
    "·": 3, "∙": 3, "∘": 1, "→": 2, "⇒": 2, "⇨": 2,
    "*": 3, "※": 3,
}
CIRCLED_NUMBERS = "➊➋➌➍➎➏➐➑➒➓①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳❶❷❸❹❺❻❼❽❾❿"
FOOTNOTE_MARKERS = {"*", "**", "***", "※"}
HEADING_MARKERS = {"■", "◆", "▣"}

# "1." "2)" "가." "Ⅰ." "(1)" "①" style numbering at the start of a heading or item.
NUMBERING = re.compile(
    r"^(?:[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]+\.|\d{1,2}\.(?!\d)|\d{1,2}\)|[가나다라마바사아자차카타파하]\.|\(\d{1,2}\)|[가-하]\))(?=\s)")

# Characters Hancom and other generators write for a middle dot.
MIDDLE_DOTS = "·‧∙ㆍᆞ・･"
CHAR_MAP = {
    "\u2027": "·",   # ‧ hyphenation point, used as a middle dot by Hancom
    "\u119e": "·",   # ᆞ conjoining jamo arae-a
    "\u318d": "·",   # ㆍ compatibility arae-a
    "\u30fb": "·", "\uff65": "·", "\u2219": "·",
    "\u00a0": " ", "\u3000": " ",
}
# A conjoining ieung standing alone at a line start is Hancom's ○ bullet.
JAMO_BULLETS = {"\u110b": "○", "\u3147": "○"}
# Wingdings letters that stand for bullets when the font is a symbol font.
WINGDINGS_BULLETS = {"l": "●", "n": "■", "q": "❑", "v": "❖", "u": "◆", "Ø": "➢", "ü": "✓", "§": "▪",
                     "o": "□", "p": "□", "ð": "⇨", "è": "→", "à": "→"}
SYMBOL_FONTS = ("wingdings", "webdings", "symbol")

# What may stand before a label spread out with spaces ('○ 계 획 명 :', '< 요 약 >', '(여 백)') and what
# may close it: a bullet or an opening bracket; a colon or a closing bracket.
LABEL_OPENERS = "<〈《「『([【［"
LABEL_CLOSERS = ":：>〉》」』)]】］"


def is_label_opener(token: str) -> bool:
    """A token that may open a spread-out label: a bullet or an opening bracket."""
    return token in BULLET_LEVELS or token in CIRCLED_NUMBERS or (len(token) == 1 and token in LABEL_OPENERS) \
        or is_private_use(token[:1])


def is_numbering(token: str) -> bool:
    """A token that is a heading's or item's number ('3.', 'Ⅱ.', '가.', '(1)')."""
    return bool(NUMBERING.match(token + " "))


def is_label_closer(token: str) -> bool:
    """A token that may close a spread-out label: it starts with a colon or a closing bracket."""
    return token[:1] in LABEL_CLOSERS


# Labels of the header box and the contact table.
RELEASE_LABELS = ("보도시점", "보도일시", "보도 일시", "보도시간", "보도", "엠바고")
DISTRIBUTION_LABELS = ("배포", "배포일시", "배포 일시", "배포시점")
DOCUMENT_KINDS = ("보도자료", "보도참고자료", "참고자료", "설명자료", "해명자료", "보도해명자료", "보도설명자료",
                  "공고", "보고서", "계획", "추진계획", "회의록", "안내서")
# Documents that are not releases or plans, known by their title: ingested, with that kind and a
# warning that says so.
NON_RELEASE_KINDS = {"구매요구서": "a purchase specification (구매요구서)"}
CONTACT_ROLES = ("책임자", "담당자", "담당", "총괄")
# Arrows that mark an item when they open a line but also sit inside one ('A → B'): a line opening
# with one, at the indent of the text above and after a full line, is that text wrapped.
INLINE_ARROWS = ("→", "⇒", "⇨")
# Lines naming who issues a plan rather than what it is: never its title (the issuer, squashed).
ISSUERS = ("관계부처합동", "관계기관합동", "관계부처공동")
# Bullets that mark a release's subtitles under its title ('- ...', '◇ ...'); quoted lines count too.
SUBTITLE_MARKERS = ("-", "–", "—", "◇", "◆", "ㅇ", "○")
QUOTES = (("“", "”"), ('"', '"'), ("‘", "’"), ("「", "」"))
EDITIONS = ("조간", "석간", "온라인", "방송")


def normalize_char(ch: str) -> str:
    """Map stand-in characters to what they stand for (middle dots, no-break spaces)."""
    return CHAR_MAP.get(ch, ch)


def is_private_use(ch: str) -> bool:
    return "\ue000" <= ch <= "\uf8ff" or "\U000f0000" <= ch <= "\U0010fffd"


def is_conjoining_jamo(ch: str) -> bool:
    return "\u1100" <= ch <= "\u11ff"


def is_hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3"


def is_hangul_text(text: str, share: float = 0.3) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(is_hangul(c) for c in letters) / len(letters) >= share


def leading_marker(text: str) -> tuple[str, str]:
    """Split a leading bullet or numbering from the text: ``'□ 정부는'`` -> ``('□', '정부는')``."""
    stripped = text.lstrip()
    if not stripped:
        return "", ""
    m = NUMBERING.match(stripped)
    if m:
        return m.group(0), stripped[m.end():].lstrip()
    first = stripped[0]
    if is_private_use(first) or (first == "o" and stripped[1:2] == " "):
        return first, stripped[1:].lstrip()   # a symbol-font bullet, or a Latin 'o' typed for ○
    if stripped.startswith(("***", "**")):
        n = 3 if stripped.startswith("***") else 2
        return stripped[:n], stripped[n:].lstrip()
    if first in BULLET_LEVELS or first in CIRCLED_NUMBERS:
        rest = stripped[1:]
        if first in "-–—‐" and rest[:1].isdigit():
            return "", stripped          # '-3%' is a number, not a bullet
        if first == "·" and not rest[:1].isspace():
            return "", stripped
        return first, rest.lstrip()
    return "", stripped


def marker_level(marker: str) -> int:
    """Usual nesting depth of a bullet (0 outermost)."""
    if not marker:
        return 0
    if marker in CIRCLED_NUMBERS or marker == "o":
        return 1
    if NUMBERING.match(marker + " "):
        return 0
    return BULLET_LEVELS.get(marker[0], 1)


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


# Kiwi's own threads: every core (-1) in a process that reads files alone; none (0) in a pool worker,
# where the pool is the parallelism and a process without threads can be forked safely.
_KIWI_THREADS = -1


def single_threaded_kiwi() -> None:
    """Have this process's Kiwi run on the calling thread only (call before its first use)."""
    global _KIWI_THREADS
    if _KIWI_THREADS != 0 and kiwi.cache_info().currsize:
        raise RuntimeError("Kiwi is loaded already; set its threads before its first use")
    _KIWI_THREADS = 0


@lru_cache(maxsize=1)
def kiwi():
    """The process's Kiwi analyser, created on first use.

    Without Kiwi's multi-word dictionary (WikiData names spanning several words): the records
    of every corpus file come out byte for byte the same, and each process starts 1.4 s sooner
    with 190 MB less."""
    from kiwipiepy import Kiwi
    with warnings.catch_warnings():     # kiwipiepy warns that 0 meant every core before 0.21
        warnings.simplefilter("ignore", DeprecationWarning)
        return Kiwi(num_workers=_KIWI_THREADS, load_multi_dict=False)


def split_sentences(texts: list[str]) -> list:
    """Kiwi's sentences (with their tokens) of each text: in one batch over Kiwi's threads, or
    one text after the other when Kiwi is single-threaded (it has no batch mode then)."""
    if _KIWI_THREADS == 0:
        return [kiwi().split_into_sents(text, return_tokens=True) for text in texts]
    return list(kiwi().split_into_sents(texts, return_tokens=True))


# --- what makes a figure a target --------------------------------------------------------------
# Words that state a goal around a figure (in a mission cell or a mission sentence).
GOAL_WORDS = ("목표", "달성", "확보", "절감", "단축", "향상", "구축", "감축", "확대", "증가", "개발", "실현",
              "경량화", "고도화", "제고", "저감", "감소", "육성", "양성", "창출", "혁신")
# Verbs that, governing the measured quantity, say which way it is to go.
DECREASE_VERBS = ("절감", "감축", "단축", "경량화", "감소", "저감", "축소", "절약", "최소화", "줄")
INCREASE_VERBS = ("향상", "확대", "증가", "증대", "제고", "개선", "고도화", "늘", "높이", "최대화", "확충")
# Units that measure time: a time bound ('100일 내') is a time to bring down.
TIME_UNITS = ("일", "년", "개월", "월", "주", "시간", "분", "초", "days", "years", "months")
# Goal verb-nouns that close a metric phrase but are not part of what is measured.
METRIC_TRAILERS = ("구축", "확보", "달성", "개발", "추진", "실현", "지원", "도입")

# Job titles in contact tables (never a department).
JOB_TITLES = ("과장", "사무관", "서기관", "주무관", "팀장", "국장", "실장", "연구관", "연구사", "부장", "센터장",
              "단장", "전문관", "행정관", "연구원", "차장", "파트장", "책임", "선임", "주임", "원장", "본부장",
              "사무국장", "담당관", "수석", "대리", "위원", "전문위원", "계장", "반장", "감독관")
MINISTRY = r"[가-힣]{2,12}(?:부|처|청|위원회|원|실)"
PHONE = r"0\d{1,2}[-)．.]\s?\d{3,4}[-．.]\d{4}"
_SPREAD_TITLES = "|".join(r"\s?".join(t) for t in sorted(JOB_TITLES, key=len, reverse=True))   # '과 장'
PERSON = (r"(?<![가-힣])(?:(?P<title>" + _SPREAD_TITLES + r")\s*)?"
          r"(?P<name>[가-힣]{2,4})\s*[(（]?\s*(?P<phone>" + PHONE + ")")
CONTACT = (r"(?P<role>책임자|담당자|총괄|담당)\s*[:：]?\s*(?P<title>[가-힣](?:\s?[가-힣]){1,5}?)\s+"
           r"(?P<name>[가-힣]{2,4})\s*[(（]?\s*(?P<phone>0\d{1,2}[-)．.]\s?\d{3,4}[-．.]\d{4})")
