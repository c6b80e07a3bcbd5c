"""Files for the robustness tests: good and bad inputs, all generated in a temporary folder.

reportlab draws small PDFs: Korean text in its built-in CID font (extractable, nothing embedded),
English in Helvetica, Greek and Cyrillic in a copy of Bitstream Vera whose missing letters are
drawn with the 'o' glyph (the PDF's ToUnicode map still says which letter each is), image-only pages,
and a page of tens of thousands of vector paths. pypdf encrypts. The rest is written byte by byte.
"""
from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

canvas = pytest.importorskip("reportlab.pdfgen.canvas")
pypdf = pytest.importorskip("pypdf")

import reportlab  # noqa: E402  (after the skip: reportlab is a test extra)
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # noqa: E402
from reportlab.pdfbase.ttfonts import TTFont  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus" / "msit-2023-10-31-ai-bio-roadmap.pdf"
CORPUS_REAL = ROOT.parent / "shared" / "corpus-real"

KOREAN_FONT = "HYSMyeongJo-Medium"
FOREIGN_FONT = "VeraForeign"            # Vera drawing Greek and Cyrillic letters as 'o'
OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
HWPX_ENTRIES = {"mimetype": b"application/hwp+zip",
                "Contents/section0.xml": b"<hs:sec xmlns:hs='x'/>",
                "version.xml": b"<ha:HCFVersion/>"}
KOREAN_LINES = [
    "과학기술정보통신부 보도자료",
    "인공지능 바이오 혁신 전략을 발표하였다.",
    "2030년까지 연구개발에 1조 2천억원을 투자한다.",
    "전문 인력 1만명 이상을 양성할 계획이다.",
]
GREEK_CYRILLIC = ["Η Ελλάδα είναι χώρα της Ευρώπης.", "Москва является столицей России.",
                  "Αθήνα και Θεσσαλονίκη.", "Наука и технологии развиваются."]

_fonts_registered = False


def register_fonts() -> None:
    """The Korean CID font and the Greek/Cyrillic Vera copy (once per process)."""
    global _fonts_registered
    if _fonts_registered:
        return
    pdfmetrics.registerFont(UnicodeCIDFont(KOREAN_FONT))
    vera = TTFont(FOREIGN_FONT, os.path.join(os.path.dirname(reportlab.__file__), "fonts", "Vera.ttf"))
    o_glyph = vera.face.charToGlyph[ord("o")]
    for ch in set("".join(GREEK_CYRILLIC)):
        vera.face.charToGlyph.setdefault(ord(ch), o_glyph)
    pdfmetrics.registerFont(vera)
    _fonts_registered = True


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def text_pdf(path: Path, pages: list[list[str] | None], font: str = KOREAN_FONT,
             compress: bool = True) -> Path:
    """A PDF with one page per entry: its lines of text, or an image-only page for ``None``."""
    register_fonts()
    c = canvas.Canvas(str(path), pageCompression=int(compress))
    for lines in pages:
        if lines is None:
            _draw_scan(c)
        else:
            c.setFont(font, 12)
            for n, line in enumerate(lines):
                c.drawString(72, 760 - 22 * n, line)
        c.showPage()
    c.save()
    return path


def korean_pdf(path: Path, pages: int = 2) -> Path:
    """A small Korean release: ``pages`` pages of text."""
    return text_pdf(path, [[f"{line} ({n}쪽)" for line in KOREAN_LINES] for n in range(1, pages + 1)])


def _draw_scan(c) -> None:
    """What a scanned page holds: an image (and no text)."""
    from PIL import Image
    c.drawInlineImage(Image.new("L", (40, 60), 200), 50, 50, 495, 742)


def image_only_pdf(path: Path, pages: int = 2) -> Path:
    """Every page an image, no text layer: a scan."""
    return text_pdf(path, [None] * pages)


def greek_cyrillic_pdf(path: Path) -> Path:
    """Text in Greek and Russian only: no Korean, no English."""
    return text_pdf(path, [GREEK_CYRILLIC], font=FOREIGN_FONT)


def digits_pdf(path: Path) -> Path:
    """Only numbers and punctuation (a table of figures with no words)."""
    return text_pdf(path, [["2023. 10. 31.", "1,234  5,678  9,012", "(2030) - 100% / 45.6"]],
                    font="Helvetica")


def encrypt(src: Path, dst: Path, user: str, owner: str = "owner") -> Path:
    """A copy of ``src`` encrypted with pypdf (RC4-128: needs no extra package)."""
    reader, writer = pypdf.PdfReader(str(src)), pypdf.PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    writer.encrypt(user_password=user, owner_password=owner, algorithm="RC4-128")
    with open(dst, "wb") as f:
        writer.write(f)
    return dst


def pathological_pdf(path: Path, paths: int = 60000) -> Path:
    """Korean text on pages 1 and 3; page 2 strokes ``paths`` little rectangles (pdfplumber takes
    seconds over it: every path becomes an object, then a candidate table edge; the PDFium reader
    about 1.5 s)."""
    register_fonts()
    c = canvas.Canvas(str(path), pageCompression=1)
    for page in (1, 2, 3):
        if page == 2:
            c.addLiteral("\n".join(f"{(i * 7) % 500 + 20} {(i * 13) % 700 + 20} 3 3 re"
                                   for i in range(paths)) + "\nS")
        else:
            c.setFont(KOREAN_FONT, 12)
            for n, line in enumerate(KOREAN_LINES):
                c.drawString(72, 760 - 22 * n, f"{line} ({page}쪽)")
        c.showPage()
    c.save()
    return path


def giant_image_pdf(path: Path) -> Path:
    """Korean text and an image XObject that says it is 60000 x 60000 pixels (10.8 GB decoded).
    Nothing may decode it: the reader only needs its box."""
    src = korean_pdf(path.with_suffix(".src.pdf"), pages=1)
    writer = pypdf.PdfWriter(clone_from=str(src))
    image = pypdf.generic.StreamObject()
    image.update({pypdf.generic.NameObject(k): v for k, v in {
        "/Type": pypdf.generic.NameObject("/XObject"),
        "/Subtype": pypdf.generic.NameObject("/Image"),
        "/Width": pypdf.generic.NumberObject(60000), "/Height": pypdf.generic.NumberObject(60000),
        "/ColorSpace": pypdf.generic.NameObject("/DeviceRGB"),
        "/BitsPerComponent": pypdf.generic.NumberObject(8)}.items()})
    image.set_data(b"\x00" * 1024)          # far too short for what it claims: never decoded
    page = writer.pages[0]
    resources = page.setdefault(pypdf.generic.NameObject("/Resources"), pypdf.generic.DictionaryObject())
    xobjects = resources.setdefault(pypdf.generic.NameObject("/XObject"), pypdf.generic.DictionaryObject())
    xobjects[pypdf.generic.NameObject("/Huge")] = writer._add_object(image)
    contents = page.get_contents()
    contents.set_data(contents.get_data() + b"\nq 400 0 0 300 100 100 cm /Huge Do Q\n")
    page.replace_contents(contents)
    writer.write(str(path))
    src.unlink()
    return path


def make_zip(path: Path, entries: dict[str, bytes]) -> Path:
    """A ZIP archive holding ``entries`` (``mimetype`` first and stored, as HWPX wants)."""
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in entries.items():
            method = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            zf.writestr(name, data, compress_type=method)
    return path


def truncated_sample(path: Path, fraction: float = 0.6) -> Path:
    """The sample release cut short, as an interrupted download leaves it."""
    data = SAMPLE.read_bytes()
    return write(path, data[: int(len(data) * fraction)])
