"""A release read from its PDF and from its Hangul twin (same stem in ../shared/corpus-real) gives
the same metadata and the same figures.

The twin is sniffed, not named: ``motie-2026-supplementary-budget.hwpx`` holds an HWP 5 document
and is read as one. A figure is "the same" when value and unit are equal and one sentence holds
the other (spaces ignored): the PDF path cuts some sentences where the page layout breaks them
(a bold run, a page foot, a bullet glyph it cannot map), the Hangul document never does.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import SHARED

CORPUS_REAL = SHARED / "corpus-real"
TWINS = sorted(p.stem for p in CORPUS_REAL.glob("*.hwpx") if (CORPUS_REAL / f"{p.stem}.pdf").exists()) \
    if CORPUS_REAL.is_dir() else []
FIGURE_SHARE = 0.95

pytestmark = [pytest.mark.shared, pytest.mark.slow]


def _figures(doc) -> list[tuple]:
    return [(f.value, f.unit, re.sub(r"\s+", "", f.sentence)) for f in doc.figures]


def matched_figures(pdf_figures: list[tuple], twin_figures: list[tuple]) -> int:
    """How many of the PDF's figures the twin gives too (each twin figure matched once)."""
    left, hits = list(twin_figures), 0
    for value, unit, sentence in pdf_figures:
        for i, (v, u, s) in enumerate(left):
            if v == value and u == unit and (sentence in s or s in sentence):
                del left[i]
                hits += 1
                break
    return hits


def _squashed(contacts) -> tuple:
    """Contacts with the department's spaces dropped: a unit over two lines of its cell is
    '기후에너지환경부 생활폐기물과' in the HWPX and run together by the PDF's line join."""
    return tuple((c.role, c.title, c.name, c.phone, re.sub(r"\s+", "", c.department)) for c in contacts)


@pytest.fixture(scope="module")
def ingested():
    from pipeline.ingest import ingest_file
    cache = {}

    def get(path: Path):
        if path not in cache:
            cache[path] = ingest_file(path)
        return cache[path]
    return get


@pytest.mark.skipif(not TWINS, reason="../shared/corpus-real is absent")
@pytest.mark.parametrize("stem", TWINS)
def test_pdf_and_hangul_twin_agree(stem, ingested):
    pdf = ingested(CORPUS_REAL / f"{stem}.pdf")
    twin = ingested(CORPUS_REAL / f"{stem}.hwpx")
    assert twin.info.title == pdf.info.title
    # The PDF path gives an empty subtitle for a stray '-' drawn 2 pt high (me-2026-recycled-bags).
    assert twin.info.subtitles == tuple(s for s in pdf.info.subtitles if s)
    assert twin.info.release_at == pdf.info.release_at
    assert _squashed(twin.info.contacts) == _squashed(pdf.info.contacts)
    assert twin.info.ministry == pdf.info.ministry
    hits = matched_figures(_figures(pdf), _figures(twin))
    share = hits / max(1, len(pdf.figures))
    print(f"{stem}: {hits} of {len(pdf.figures)} PDF figures in the twin ({share:.3f}); "
          f"twin has {len(twin.figures)}")
    assert share >= FIGURE_SHARE


def test_twin_figure_matching_takes_each_twin_figure_once():
    pdf = [(3, "개", "총3개"), (3, "개", "총3개")]
    assert matched_figures(pdf, [(3, "개", "모두 총3개".replace(" ", ""))]) == 1
    assert matched_figures(pdf, [(3, "개", "총3개기관"), (3, "개", "총3개")]) == 2
    assert matched_figures(pdf, [(4, "개", "총3개")]) == 0
