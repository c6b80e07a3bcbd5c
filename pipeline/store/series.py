"""Series: the revisions of one document, grouped under one name.

A new document joins the series of a stored document of the same ministry whose title is the same
but for revision marks (``(안)``, ``(수정)``, ``rev2`` ..., listed in ``data/series.toml``) and small
rewording. Numbers are never taken out: ``제2차 …협의회`` and ``제3차 …협의회``, or two quarters of
one statistic, are different documents, however alike their titles are. A word that merely holds a
mark's letters (``안심``, ``수정체``) is left whole: marks are taken out only in brackets or at the
end of the title.
"""
from __future__ import annotations

import difflib
import re
import tomllib
from functools import lru_cache
from typing import TYPE_CHECKING

from pipeline.resources import DATA

if TYPE_CHECKING:
    from pipeline.records import Document
    from pipeline.store.database import Store

_DATA = DATA / "series.toml"
SIMILAR = 0.85            # difflib ratio of two keys for one series (rewording of a revision)
MAX_NAME = 60
# Version marks in Latin letters: rev2, rev. 3, v2, ver 1.1.
_VERSION = r"(?:rev(?:ision)?\.?\s*\d*|ver\.?\s*\d+(?:\.\d+)*|v\d+(?:\.\d+)*)"
# Characters a key leaves out: spacing, quotes and the punctuation that spells one title two ways.
_NOISE = re.compile(r"[’'‘“”\".,·ㆍ\s]+")


@lru_cache(maxsize=None)
def _marks() -> tuple[re.Pattern, re.Pattern]:
    with open(_DATA, "rb") as f:
        data = tomllib.load(f)
    words = lambda key: "|".join(sorted(map(re.escape, data[key]), key=len, reverse=True))  # noqa: E731
    bracketed = re.compile(rf"[(\[（［]\s*(?:\d+\s*차\s*)?(?:{words('bracketed')}|{_VERSION})\s*[)\]）］]",
                           re.I)
    trailing = re.compile(rf"(?:^|[\s_\-])(?:{words('trailing')}|{_VERSION})\s*$", re.I)
    return bracketed, trailing


def strip_revision(title: str) -> str:
    """``title`` without its revision marks: ``'추진계획(안)'`` -> ``'추진계획'``, ``'전략 rev2'`` ->
    ``'전략'``; ``'안심 직접거래'`` is left as it is."""
    bracketed, trailing = _marks()
    text = bracketed.sub(" ", title)
    while True:
        shorter = trailing.sub("", text)
        if shorter == text:
            return " ".join(text.split())
        text = shorter


def series_key(title: str) -> str:
    """A title reduced to what names its document: revision marks, spacing, quotes and dots taken
    out; letters and numbers kept."""
    return _NOISE.sub("", strip_revision(title))


def numbers_of(title: str) -> tuple[str, ...]:
    """The numbers a title holds outside its revision marks (leading zeros dropped): two titles
    with different numbers name different documents."""
    return tuple(str(int(n)) for n in re.findall(r"\d+", strip_revision(title)))


def same_series(title: str, other: str) -> bool:
    """Whether two titles name revisions of one document: the same numbers and keys at least
    :data:`SIMILAR` alike."""
    key, other_key = series_key(title), series_key(other)
    if not key or not other_key or numbers_of(title) != numbers_of(other):
        return False
    similar = difflib.SequenceMatcher(None, key, other_key)
    # The quick ratios are upper bounds of ratio(): they turn most titles away cheaply.
    return (similar.real_quick_ratio() >= SIMILAR and similar.quick_ratio() >= SIMILAR
            and similar.ratio() >= SIMILAR)


def series_for(doc: Document, store: Store) -> str:
    """The series of an existing document of the same ministry that is a revision of ``doc``
    (:func:`same_series`), else a new series named by ``doc``'s title (its id when it has none)."""
    key = series_key(doc.info.title)
    if not key:
        return doc.info.id
    for row in store.titles(doc.info.ministry):
        if row.sha256 != doc.info.sha256 and same_series(doc.info.title, row.title):
            return row.series or row.id
    return key[:MAX_NAME]
