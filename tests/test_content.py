"""Page content: PDFium gives the read stage what pdfminer would, and pdfminer takes the pages it can't.

The PDFs are drawn by ``tests/pdfs.py``; the same page is read by both engines and compared.
"""
from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

import pdfs
from pdfs import GOTHIC, GOTHIC_BOLD, MYEONGJO
from pipeline.ingest import PIPELINE_VERSION, ingest_file, pipeline_version
from pipeline.read import source
from pipeline.read.content import PdfiumPages, pdfminer_content
from pipeline.read.pdf import _find_grids, read_pdf


def draw_release(p) -> None:
    p.text(60, 80, "미래혁신 전략로드맵", GOTHIC_BOLD, 20)
    p.text(60, 120, "□ 정부는 2030년까지 1조 2천억원을 투자한다", MYEONGJO, 11)
    p.text(60, 140, "○ 핵심이슈", GOTHIC_BOLD, 11)
    p.table(60, 170, [120, 200], [24, 40], {(0, 0): "구분", (0, 1): "목표",
                                           (1, 0): "인공지능", (1, 1): "50% 이상 절감"})
    p.rule(60, 260, 380, 260)
    p.image(60, 280, 80, 40)


def both(path: Path, index: int = 0):
    """(pdfminer's content, PDFium's content) of one page."""
    with pdfplumber.open(str(path)) as pdf, PdfiumPages(path) as fast:
        return pdfminer_content(pdf.pages[index]), fast.content(index)


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Path:
    return pdfs.build(tmp_path_factory.mktemp("content") / "release.pdf", [draw_release])


def test_pdfium_gives_the_characters_pdfminer_gives(release):
    slow, fast = both(release)
    assert fast.engine == "pdfium"
    visible = lambda content: [c for c in content.chars if not c["text"].isspace()]  # noqa: E731
    assert [c["text"] for c in visible(fast)] == [c["text"] for c in visible(slow)]
    for a, b in zip(visible(slow), visible(fast)):
        for key in ("x0", "x1", "top", "bottom", "size"):
            assert b[key] == pytest.approx(a[key], abs=0.05), (a["text"], key)
        assert b["fontname"].split("+")[-1] == a["fontname"].split("+")[-1]


def test_pdfium_finds_the_same_ruled_tables(release):
    slow, fast = both(release)
    grids = [_find_grids(content) for content in (slow, fast)]
    assert len(grids[0]) == len(grids[1]) == 1
    a, b = grids[0][0], grids[1][0]
    assert (a["n_rows"], a["n_cols"], len(a["cells"])) == (b["n_rows"], b["n_cols"], len(b["cells"])) == (2, 2, 4)
    assert b["bbox"] == pytest.approx(a["bbox"], abs=0.05)


def test_pdfium_gives_the_image_boxes(release):
    slow, fast = both(release)
    assert len(fast.images) == len(slow.images) == 1
    assert fast.images[0] == pytest.approx(slow.images[0], abs=0.05)


def test_a_space_drawn_on_its_own_is_kept(tmp_path):
    """PDFium leaves a text object holding only a space out of its text; pdfminer keeps the space,
    and a narrow space is below the gap that would make one."""
    def draw(p):
        x = p.text(60, 100, "핵심이슈", GOTHIC_BOLD, 11)
        x = p.text(x, 100, " ", GOTHIC, 11)
        p.text(x, 100, "디지털 기반", GOTHIC, 11)
    path = pdfs.build(tmp_path / "space.pdf", [draw])
    slow, fast = both(path)
    in_reading_order = lambda content: [c["text"] for c in sorted(content.chars, key=lambda c: c["x0"])]  # noqa: E731
    assert in_reading_order(fast) == in_reading_order(slow)
    with pdfplumber.open(str(path)) as pdf, PdfiumPages(path) as fast_pages:
        lines = read_pdf(pdf, path, pdfium=fast_pages).pages[0].lines
    assert [l.text for l in lines] == ["핵심이슈 디지털 기반"]


def test_a_rotated_page_is_read_by_pdfminer(tmp_path):
    from pypdf import PdfReader, PdfWriter
    plain = pdfs.build(tmp_path / "plain.pdf", [draw_release, draw_release])
    writer = PdfWriter()
    for i, page in enumerate(PdfReader(str(plain)).pages):
        writer.add_page(page.rotate(90) if i == 1 else page)
    rotated = tmp_path / "rotated.pdf"
    with open(rotated, "wb") as fh:
        writer.write(fh)
    with PdfiumPages(rotated) as fast:
        assert fast.content(0) is not None and fast.content(1) is None
    with source.open_pdf(rotated) as pdf, PdfiumPages(rotated) as fast:
        pages = read_pdf(pdf, rotated, pdfium=fast).pages
    assert [p.engine for p in pages] == ["pdfium", "pdfminer"]
    assert pages[1].has_text and pages[1].lines


def without_boxes(records):
    return [r.__class__(**{**r.__dict__, "bbox": None}) for r in records]


def test_both_readers_give_the_same_records(release):
    """The same text, kinds, cells and figures; boxes differ in the seventh digit (PDFium
    computes in single precision)."""
    fast, slow = ingest_file(release), ingest_file(release, reader="pdfminer")
    assert without_boxes(fast.blocks) == without_boxes(slow.blocks)
    for a, b in zip(fast.blocks, slow.blocks):
        assert a.bbox == pytest.approx(b.bbox, abs=0.01)
    assert [t.rows() for t in fast.tables] == [t.rows() for t in slow.tables]
    assert [(f.text, f.value, f.unit, f.op, f.page) for f in fast.figures] == \
           [(f.text, f.value, f.unit, f.op, f.page) for f in slow.figures]


def test_the_stored_version_names_a_reader_other_than_the_default(release):
    assert ingest_file(release).info.pipeline_version == PIPELINE_VERSION == pipeline_version("pdfium")
    assert ingest_file(release, reader="pdfminer").info.pipeline_version == f"{PIPELINE_VERSION}+pdfminer"


def test_an_unknown_reader_is_refused(release):
    with pytest.raises(ValueError, match="unknown reader"):
        ingest_file(release, reader="ocr")


@pytest.mark.shared
@pytest.mark.slow
def test_pdfium_reads_real_releases_as_pdfminer_does(shared_dir):
    """Over real Hancom releases, the lines of text (body and cells) of both readers agree."""
    names = ["msit-2024-0422-rnd-sandbox-energy.pdf", "mohw-2025-1231-kdri-revision.pdf",
             "kma-2018-0702-1100-short-range-forecast.pdf"]
    files = [shared_dir / "corpus-real" / n for n in names if (shared_dir / "corpus-real" / n).exists()]
    if not files:
        pytest.skip("no real releases in ../shared/corpus-real")
    for path in files:
        with source.open_pdf(path) as pdf:
            slow = read_pdf(pdf, path)
        with source.open_pdf(path) as pdf, PdfiumPages(path) as fast:
            quick = read_pdf(pdf, path, pdfium=fast)
        assert all(p.engine == "pdfium" for p in quick.pages)
        lines = lambda doc: [l.text for p in doc.pages for l in p.lines] + [  # noqa: E731
            l.text for p in doc.pages for g in p.grids for c in g.cells for l in c.lines]
        assert lines(quick) == lines(slow), path.name
