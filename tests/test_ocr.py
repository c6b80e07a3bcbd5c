"""OCR of PDF pages without a text layer: a page that is only a picture of Korean text reads as
text lines marked with their confidence; without Tesseract the page is flagged as before."""
from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from pipeline.read import ocr
from pipeline.read.pdf import Line, Page

FONT_PATHS = [Path("/usr/share/fonts/truetype/nanum/NanumGothic.ttf"),
              Path("/usr/share/fonts/truetype/nanum/NanumBarunGothic.ttf")]
LINES = ["과학기술정보통신부 보도자료", "인공지능 반도체에 1조 2천억원을 투자한다.", "2030년까지 전문 인력 1만명을 양성한다."]
needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None or not ocr.has_languages(shutil.which("tesseract")),
                                     reason="tesseract with kor+eng is not installed")


def image_only_pdf(path: Path, pages: int = 1, pagesize=(595, 842)) -> Path:
    """A PDF whose ``pages`` pages hold only a picture of Korean text (drawn with PIL, placed by
    reportlab)."""
    from PIL import Image, ImageDraw, ImageFont
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas
    font_path = next((p for p in FONT_PATHS if p.exists()), None)
    if font_path is None:
        pytest.skip("no Korean TrueType font (fonts-nanum) to draw the test image")
    font = ImageFont.truetype(str(font_path), 44)
    image = Image.new("RGB", (2000, 600), "white")
    draw = ImageDraw.Draw(image)
    for i, text in enumerate(LINES):
        draw.text((60, 60 + i * 150), text, fill="black", font=font)
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    buf.seek(0)
    pdf = canvas.Canvas(str(path), pagesize=pagesize)
    for _ in range(pages):
        buf.seek(0)
        pdf.drawImage(ImageReader(buf), 40, 500, width=480, height=144)
        pdf.showPage()
    pdf.save()
    return path


def blank_pdf(path: Path) -> Path:
    """A one-page PDF holding a white picture (a blank scan)."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas
    buf = io.BytesIO()
    Image.new("RGB", (400, 560), "white").save(buf, format="PNG")
    buf.seek(0)
    pdf = canvas.Canvas(str(path), pagesize=(595, 842))
    pdf.drawImage(ImageReader(buf), 0, 0, width=595, height=842)
    pdf.showPage()
    pdf.save()
    return path


TSV_HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"


def tsv(*rows) -> str:
    """Tesseract TSV of word rows (line, left, width, conf, text), 40 px high, lines 100 px apart."""
    return "\n".join([TSV_HEADER] + ["\t".join(map(str, (5, 1, 1, 1, line, k, left, 50 + 100 * line, width, 40, conf, text)))
                                   for k, (line, left, width, conf, text) in enumerate(rows, 1)])


@pytest.fixture
def fake_tesseract(tmp_path, monkeypatch):
    """A stand-in ``tesseract`` that logs its start (with OMP_THREAD_LIMIT) and its end, and writes
    one line of TSV; the log's path is returned."""
    log = tmp_path / "tesseract.log"
    out = tmp_path / "words.tsv"
    out.write_text(tsv((1, 100, 200, 95.0, "보도자료")), encoding="utf-8")
    script = tmp_path / "tesseract"
    script.write_text(f"#!/bin/sh\necho \"start $OMP_THREAD_LIMIT\" >> {log}\nsleep 0.4\n"
                      f"cp {out} \"$2.tsv\"\necho end >> {log}\n", encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setattr(ocr, "tesseract_path", lambda: str(script))
    monkeypatch.setattr(ocr, "has_languages", lambda program: True)
    return log


def page(number: int, has_text: bool, lines=(), images=()) -> Page:
    return Page(number=number, width=600, height=800, lines=tuple(lines), grids=(), images=tuple(images),
                has_text=has_text)


def test_auto_reads_image_pages_and_pictures_with_a_caption_only():
    text = Line("본문", 50, 50, 90, 60, 10, "f", False)
    chart = (0, 100, 600, 400)                         # 25% of the page, on a page of text
    logo = (0, 0, 100, 100)                            # 2% of a page without text
    pages = [page(1, True, [text] * 5, images=[chart]), page(2, False, images=[(0, 0, 600, 800)]),
             page(3, True, [text], images=[(0, 100, 600, 600)]), page(4, True, [text]),
             page(5, False, images=[logo])]
    assert ocr.pages_to_read(pages, "auto") == [2, 3]
    assert ocr.pages_to_read(pages, "never") == []
    assert ocr.pages_to_read(pages, "always") == [1, 2, 3, 4, 5]
    with pytest.raises(ValueError):
        ocr.pages_to_read(pages, "sometimes")


def test_tesseract_words_become_lines_with_spaces_only_at_word_gaps():
    words = tsv((1, 100, 40, 90.0, "고"), (1, 142, 40, 80.0, "유가"), (1, 250, 80, 90.0, "10%"),
                (1, 400, 40, 10.0, "가"), (1, 60, 10, 90.0, "|"))
    [line] = ocr.words_to_lines(words, 72 / 300)
    assert line.text == "고유가 10%"             # the doubtful word and the frame's stroke are dropped
    assert line.x0 == pytest.approx(24.0) and line.top == pytest.approx(36.0)
    assert len(line.char_x0) == len(line.text) == len(line.char_ocr)
    assert line.char_ocr[:3] == (90.0, 80.0, 80.0) and line.char_ocr[-1] == 90.0
    # by characters, the doubtful word included, the stroke not: (90 + 2 * 80 + 3 * 90 + 10) / 7
    assert line.ocr == pytest.approx(75.7)


def test_a_doubtful_word_is_left_out_of_the_text_unless_it_is_part_of_a_number():
    words = tsv((1, 100, 80, 95.0, "규모"), (1, 200, 40, 10.0, "Bs"), (1, 300, 80, 95.0, "1인당"),
                (1, 400, 80, 95.0, "~60"), (1, 485, 40, 0.0, "만"), (1, 526, 40, 97.0, "원"))
    [line] = ocr.words_to_lines(words, 1)
    assert "Bs" not in line.text and line.text.endswith("~60만원")     # never '60원'
    assert line.char_ocr[line.text.index("만")] == 0.0


def test_a_line_tesseract_doubts_is_dropped_from_the_text():
    words = tsv((1, 100, 300, 97.0, "보고서"), (1, 420, 120, 95.0, "내용에"),
                (2, 100, 600, 43.0, "https://www.kistep.re.kr/gps/S"), (2, 720, 120, 93.0, "통해서도"))
    assert [l.text for l in ocr.words_to_lines(words, 1)] == ["보고서 내용에"]


def test_without_tesseract_the_pages_stay_flagged_with_one_warning(monkeypatch):
    monkeypatch.setattr(ocr, "tesseract_path", lambda: None)
    pages = [page(1, False, images=[(0, 0, 600, 800)])]
    out, warnings = ocr.ocr_pages("unused.pdf", pages, "auto")
    assert out == pages
    assert [w.code for w in warnings] == ["ocr_unavailable"] and "tesseract-ocr-kor" in warnings[0].message


def test_a_file_pdfium_cannot_render_keeps_its_pages_with_a_warning(monkeypatch, tmp_path):
    monkeypatch.setattr(ocr, "tesseract_path", lambda: "tesseract")
    monkeypatch.setattr(ocr, "has_languages", lambda program: True)
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(b"%PDF-1.4\n" + b"\x00garbage" * 50)
    pages = [page(1, False, images=[(0, 0, 600, 800)])]
    out, warnings = ocr.ocr_pages(damaged, pages, "auto")
    assert out == pages
    assert [(w.code, w.page) for w in warnings] == [("ocr_failed", 1)] and "left as read" in warnings[0].message


def test_a_page_pdfium_cannot_render_is_left_as_read_and_the_others_are_read(monkeypatch, tmp_path, fake_tesseract):
    import pypdfium2 as pdfium
    image = ocr.PageOcr._image

    def render(self, pdf, number):
        if number == 1:
            raise pdfium.PdfiumError("Failed to load page.")
        return image(self, pdf, number)
    monkeypatch.setattr(ocr.PageOcr, "_image", render)
    pages = [page(1, False, images=[(0, 0, 600, 800)]), page(2, False, images=[(0, 0, 600, 800)])]
    out, warnings = ocr.ocr_pages(image_only_pdf(tmp_path / "two.pdf", pages=2), pages, "auto")
    assert out[0] == pages[0] and [l.text for l in out[1].lines] == ["보도자료"] and out[1].engine == "ocr"
    assert [(w.code, w.page) for w in warnings] == [("ocr", None), ("ocr_failed", 1)]


def test_pages_are_read_as_tasks_beside_the_reader_one_tesseract_thread_each(tmp_path, fake_tesseract):
    import time
    path = image_only_pdf(tmp_path / "three.pdf", pages=3)
    pages = [page(n, False, images=[(0, 0, 600, 800)]) for n in (1, 2, 3)]
    with ocr.PageOcr(path, workers=2) as reader:
        for p in pages:                    # offered as the reader reads them: one runs meanwhile
            reader.offer(p)
        time.sleep(0.2)
        assert fake_tesseract.read_text().split("\n").count("start 1") == 1
        out, warnings = reader.finish(pages)
        assert set(reader.timings()) == {1, 2, 3}
    log = fake_tesseract.read_text().split()
    assert log.count("start") == 3 and log.count("1") == 3 and log.count("end") == 3
    assert all(p.lines[0].text == "보도자료" for p in out) and warnings[0].code == "ocr"


def test_a_blank_scan_is_not_handed_to_tesseract(tmp_path, fake_tesseract):
    pages = [page(1, False, images=[(0, 0, 600, 800)])]
    out, warnings = ocr.ocr_pages(blank_pdf(tmp_path / "blank.pdf"), pages, "auto")
    assert out == pages and warnings == [] and not fake_tesseract.exists()


def test_only_the_inked_part_of_a_page_is_rendered_for_tesseract(tmp_path):
    import pypdfium2 as pdfium
    pdf = pdfium.PdfDocument(str(image_only_pdf(tmp_path / "scan.pdf")))
    try:
        left, top, right, bottom = ocr.inked_box(pdf[0])
        # the picture lies at x 40-520, y 198-342 (from the top); its text in the upper part of it
        assert 30 <= left <= 60 and 190 <= top <= 230 and right <= 520 and bottom <= 342 + ocr.PAD
        image = ocr.render_box(pdf[0], (left, top, right, bottom))
        assert image.size == (pytest.approx((right - left) * ocr.DPI / 72, abs=2),
                              pytest.approx((bottom - top) * ocr.DPI / 72, abs=2))
    finally:
        pdf.close()


def test_a_page_too_large_to_render_is_refused_as_a_decompression_bomb(tmp_path, fake_tesseract):
    from PIL import Image
    assert Image.MAX_IMAGE_PIXELS                      # Pillow's limit is on (its default)
    # 200 x 200 inches: 60000 x 60000 pixels at 300 dpi, 40 times the limit
    path = image_only_pdf(tmp_path / "poster.pdf", pagesize=(14400, 14400))
    pages = [Page(number=1, width=14400, height=14400, lines=(), grids=(), images=((0, 0, 14400, 14400),),
                  has_text=False)]
    out, warnings = ocr.ocr_pages(path, pages, "always")
    assert out == pages and not fake_tesseract.exists()
    [warning] = warnings
    assert warning.code == "ocr_image_too_large" and warning.page == 1
    assert "decompression-bomb limit" in warning.message and "left as read" in warning.message


def test_a_render_over_pillows_limit_is_refused(tmp_path, monkeypatch):
    import pypdfium2 as pdfium
    from PIL import Image
    pdf = pdfium.PdfDocument(str(image_only_pdf(tmp_path / "scan.pdf")))
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    try:
        with pytest.raises(ocr.ImageTooLarge, match="decompression-bomb"):
            ocr.render_box(pdf[0], (0, 0, 100, 100))
    finally:
        pdf.close()


@needs_tesseract
@pytest.mark.slow
def test_an_image_only_pdf_is_read_by_ocr_and_marked(tmp_path):
    from pipeline.ingest import ingest_file
    path = image_only_pdf(tmp_path / "scan.pdf")
    doc = ingest_file(path)
    text = " ".join(b.text for b in doc.blocks)
    assert "보도자료" in text.replace(" ", "") and "반도체에 1조 2천억원을 투자한다" in text
    assert all(b.ocr is not None and 0 < b.ocr <= 100 for b in doc.blocks)
    money = [f for f in doc.figures if f.unit == "원"]
    assert money and all(f.ocr is not None for f in money)
    assert any(w.code == "ocr" for w in doc.info.warnings)
    data = doc.to_json()
    assert all("ocr" in b for b in data["blocks"]) and all("ocr" in f for f in data["figures"])


@needs_tesseract
@pytest.mark.slow
def test_never_keeps_an_image_only_pdf_a_scan(tmp_path):
    from pipeline import errors
    from pipeline.ingest import ingest_file
    path = image_only_pdf(tmp_path / "scan.pdf")
    with pytest.raises(errors.ScannedPdfError):
        ingest_file(path, ocr="never")


@needs_tesseract
@pytest.mark.shared
@pytest.mark.slow
def test_image_only_pages_of_a_real_release_give_marked_text_and_figures(tmp_path):
    from conftest import SHARED
    path = SHARED / "corpus-real" / "mois-2026-oil-relief-payment.pdf"
    if not path.exists():
        pytest.skip("../shared/corpus-real is absent")
    from pipeline.ingest import ingest_file
    from pipeline.store.database import Store
    doc = ingest_file(path)
    note = next(w for w in doc.info.warnings if w.code == "ocr")
    assert "12" in note.message and "13" in note.message
    assert not any(w.code == "pages_without_text" for w in doc.info.warnings)
    read = {b.page for b in doc.blocks if b.ocr is not None}
    assert {11, 12, 13} <= read
    # p. 11, a card: '1인당 10만원~60만원', Tesseract unsure of the '만' of 60만원
    amounts = {f.value: f.ocr for f in doc.figures if f.page == 11 and f.unit == "원" and f.ocr is not None}
    assert {100000, 600000} <= set(amounts) and amounts[600000] < ocr.TARGET_CONFIDENCE
    assert 60 not in amounts
    assert all(l.ocr >= ocr.LINE_CONFIDENCE for p in doc_pages(path) for l in p.lines if l.ocr is not None)
    assert all(b.ocr is None for b in doc.blocks if b.page in (1, 2, 3))
    with Store(tmp_path / "s.db") as store:            # the marks are stored with the document
        store.save(doc)
        back = store.get(doc.info.id)
    assert [f.ocr for f in back.figures] == [f.ocr for f in doc.figures]


def doc_pages(path):
    from pipeline.ingest import read_file
    return read_file(path).read.pages


def test_targets_stated_by_doubtful_ocr_figures_are_left_out():
    from pipeline.ingest import with_ocr_marks
    from pipeline.read.pdf import ReadDocument
    from pipeline.records import Block, Document, DocumentInfo, Figure, Target
    sure = Line("2030년까지 1만명 양성", 50, 100, 200, 112, 12, "OCR", False, ocr=95.0)
    doubtful = Line("2030년까지 7O9% 달성", 50, 200, 200, 212, 12, "OCR", False, ocr=61.0)
    read = ReadDocument("x.pdf", "0" * 64, "", (page(1, True, [sure, doubtful]),), ())
    figures = (Figure("1만명", 10000, "명", "=", "count", sure.text, 1, (90, 100, 120, 112)),
               Figure("709%", 709, "%", "=", "percent", doubtful.text, 1, (90, 200, 120, 212)))
    targets = (Target("", "", "인력", 10000, "명", "=", "increase", 2030, sure.text, 1),
               Target("", "", "점유율", 709, "%", "=", "increase", 2030, doubtful.text, 1))
    doc = Document(info=DocumentInfo(id="0" * 12, source="x.pdf", sha256="0" * 64, pages=1),
                   blocks=(Block("paragraph", sure.text, 1, sure.bbox),), figures=figures, targets=targets)
    marked = with_ocr_marks(doc, read)
    assert [f.ocr for f in marked.figures] == [95.0, 61.0]
    assert marked.blocks[0].ocr == 95.0
    assert [t.metric for t in marked.targets] == ["인력"]


def test_a_figure_is_as_sure_as_the_words_it_was_read_from_not_its_line():
    from pipeline.ingest import with_ocr_marks
    from pipeline.read.pdf import ReadDocument
    from pipeline.records import Block, Document, DocumentInfo, Figure, Target
    text = "2030년까지 709% 달성"
    xs0 = tuple(50.0 + 10 * k for k in range(len(text)))
    sure = [40.0 if 8 <= k < 12 else 96.0 for k in range(len(text))]        # '709%' doubted
    line = Line(text, 50, 100, xs0[-1] + 10, 112, 12, "OCR", False, char_x0=xs0,
                char_x1=tuple(x + 10 for x in xs0), ocr=90.0, char_ocr=tuple(sure))
    read = ReadDocument("x.pdf", "0" * 64, "", (page(1, True, [line]),), ())
    year = Figure("2030년", 2030, "년", "=", "year", text, 1, (50, 100, 90, 112))
    share = Figure("709%", 709, "%", "=", "percent", text, 1, (130, 100, 170, 112))
    target = Target("", "", "점유율", 709, "%", "=", "increase", 2030, text, 1)
    doc = Document(info=DocumentInfo(id="0" * 12, source="x.pdf", sha256="0" * 64, pages=1),
                   blocks=(Block("paragraph", text, 1, line.bbox),), figures=(year, share), targets=(target,))
    marked = with_ocr_marks(doc, read)
    assert [f.ocr for f in marked.figures] == [96.0, 40.0] and marked.blocks[0].ocr == 90.0
    assert marked.targets == ()
