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


def image_only_pdf(path: Path) -> Path:
    """A one-page PDF holding only a picture of Korean text (drawn with PIL, placed by reportlab)."""
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
    pdf = canvas.Canvas(str(path), pagesize=(595, 842))
    pdf.drawImage(ImageReader(buf), 40, 500, width=480, height=144)
    pdf.showPage()
    pdf.save()
    return path


def page(number: int, has_text: bool, lines=(), images=()) -> Page:
    return Page(number=number, width=600, height=800, lines=tuple(lines), grids=(), images=tuple(images),
                has_text=has_text)


def test_auto_reads_image_pages_and_pictures_with_a_caption_only():
    text = Line("본문", 50, 50, 90, 60, 10, "f", False)
    chart = (0, 100, 600, 400)                         # 25% of the page, on a page of text
    pages = [page(1, True, [text] * 5, images=[chart]), page(2, False, images=[(0, 0, 600, 800)]),
             page(3, True, [text], images=[(0, 100, 600, 600)]), page(4, True, [text])]
    assert ocr.pages_to_read(pages, "auto") == [2, 3]
    assert ocr.pages_to_read(pages, "never") == []
    assert ocr.pages_to_read(pages, "always") == [1, 2, 3, 4]
    with pytest.raises(ValueError):
        ocr.pages_to_read(pages, "sometimes")


def test_tesseract_words_become_lines_with_spaces_only_at_word_gaps():
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [(5, 1, 1, 1, 1, 1, 100, 50, 40, 40, 90.0, "고"), (5, 1, 1, 1, 1, 2, 142, 50, 40, 40, 80.0, "유가"),
            (5, 1, 1, 1, 1, 3, 250, 50, 80, 40, 70.0, "10%"), (5, 1, 1, 1, 1, 4, 400, 50, 20, 40, 10.0, "~")]
    tsv = "\n".join([header] + ["\t".join(map(str, r)) for r in rows])
    [line] = ocr.words_to_lines(tsv, 72 / 300)
    assert line.text == "고유가 10%"             # the 10-confidence word is dropped as noise
    assert line.ocr == 80.0 and line.x0 == pytest.approx(24.0) and line.top == pytest.approx(12.0)
    assert len(line.char_x0) == len(line.text)


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


def test_a_page_pdfium_cannot_render_is_left_as_read_and_the_others_are_read(monkeypatch, tmp_path):
    import pypdfium2 as pdfium
    monkeypatch.setattr(ocr, "tesseract_path", lambda: "tesseract")
    monkeypatch.setattr(ocr, "has_languages", lambda program: True)
    line = Line("읽은 글", 50, 50, 90, 60, 10, "f", False, ocr=90.0)

    def read_page(pdf, index, program):
        if index == 0:
            raise pdfium.PdfiumError("Failed to load page.")
        return [line]
    monkeypatch.setattr(ocr, "read_page", read_page)
    pages = [page(1, False, images=[(0, 0, 600, 800)]), page(2, False, images=[(0, 0, 600, 800)])]
    out, warnings = ocr.ocr_pages(image_only_pdf(tmp_path / "two.pdf"), pages, "auto")
    assert out[0] == pages[0] and out[1].lines == (line,)
    assert [(w.code, w.page) for w in warnings] == [("ocr", None), ("ocr_failed", 1)]


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
    # p. 11, a card: '기초수급자 55만원, 차상위·한부모 45만원'
    amounts = {f.value for f in doc.figures if f.page == 11 and f.unit == "원" and f.ocr is not None}
    assert {550000, 450000} <= amounts
    assert all(b.ocr is None for b in doc.blocks if b.page in (1, 2, 3))
    with Store(tmp_path / "s.db") as store:            # the marks are stored with the document
        store.save(doc)
        back = store.get(doc.info.id)
    assert [f.ocr for f in back.figures] == [f.ocr for f in doc.figures]


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
