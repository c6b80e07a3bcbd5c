"""Bad input gets a clear, typed, one-line reason (pipeline.read.source, pipeline.errors).

Every file used here is generated in tmp_path: reportlab draws small PDFs (Helvetica, English),
pypdf encrypts them, the rest are written byte by byte.
"""
from __future__ import annotations

import os
import pickle
import random
import zipfile
from pathlib import Path

import pytest

from pipeline import errors
from pipeline.errors import (CorruptPdfError, EmptyFileError, EncryptedPdfError, InputError,
                             IsDirectoryError, MissingFileError, NoLanguageTextError,
                             NotAPdfError, PageTimeoutError, ScannedPdfError, TooManyPagesError,
                             UnreadableFileError, UnsupportedFormatError)
from pipeline.read.source import check_path, input_kind, open_pdf, sniff

canvas = pytest.importorskip("reportlab.pdfgen.canvas")
pypdf = pytest.importorskip("pypdf")

CORPUS_REAL = Path(__file__).resolve().parents[2] / "shared" / "corpus-real"
OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


# --- file makers -------------------------------------------------------------------------------

def make_text_pdf(path: Path, pages: int = 3, compress: bool = False) -> Path:
    """A small PDF with a line of Helvetica text on each page."""
    c = canvas.Canvas(str(path), pageCompression=int(compress))
    for n in range(1, pages + 1):
        for line in range(10):
            c.drawString(72, 720 - 14 * line, f"Page {n}, line {line}: science and technology roadmap")
        c.showPage()
    c.save()
    return path


def make_image_pdf(path: Path) -> Path:
    """A one-page PDF with a filled rectangle and an inline image, and no text at all."""
    c = canvas.Canvas(str(path))
    c.setFillColorRGB(0.2, 0.3, 0.6)
    c.rect(72, 500, 300, 200, fill=1, stroke=0)
    try:
        from PIL import Image
    except ImportError:
        pass
    else:
        c.drawInlineImage(Image.new("RGB", (16, 16), (200, 40, 40)), 72, 300, 64, 64)
    c.showPage()
    c.save()
    return path


def encrypt(src: Path, dst: Path, user: str, owner: str, algorithm: str = "RC4-128") -> Path:
    """A copy of ``src`` encrypted with pypdf."""
    reader, writer = pypdf.PdfReader(str(src)), pypdf.PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    try:
        writer.encrypt(user_password=user, owner_password=owner, algorithm=algorithm)
    except Exception as exc:  # AES needs the cryptography package
        pytest.skip(f"pypdf cannot encrypt with {algorithm}: {exc}")
    with open(dst, "wb") as f:
        writer.write(f)
    return dst


def make_zip(path: Path, entries: dict[str, bytes]) -> Path:
    """A ZIP archive holding ``entries`` (``mimetype`` stored first and uncompressed)."""
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in entries.items():
            method = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            zf.writestr(name, data, compress_type=method)
    return path


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


HWPX_ENTRIES = {"mimetype": b"application/hwp+zip",
                "Contents/section0.xml": b"<hs:sec xmlns:hs='x'/>",
                "version.xml": b"<ha:HCFVersion/>"}


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    """The PDFs most tests use, made once: text, compressed text, encrypted, image-only."""
    d = tmp_path_factory.mktemp("pdfs")
    plain = make_text_pdf(d / "plain.pdf")
    return {
        "plain": plain,
        "compressed": make_text_pdf(d / "compressed.pdf", pages=5, compress=True),
        "user": encrypt(plain, d / "user-password.pdf", user="secret", owner="owner"),
        "owner": encrypt(plain, d / "owner-only.pdf", user="", owner="owner"),
        "image": make_image_pdf(d / "scan.pdf"),
    }


def assert_one_line(err: BaseException, path) -> str:
    """``str(err)`` is one line starting with the file name; returns it."""
    text = str(err)
    name = Path(path).name
    assert "\n" not in text and "\r" not in text, text
    assert text.startswith(f"{name}: "), text
    assert len(text) > len(name) + 10, text
    return text


# --- sniff -------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, data, kind", [
    ("a.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "pdf"),
    ("junk-before.pdf", b"HTTP/1.1 200 OK\r\n\r\n" + b"\x00" * 300 + b"%PDF-1.4\n", "pdf"),
    ("named-wrong.txt", b"%PDF-1.5\n", "pdf"),
    ("late-header.pdf", b"x" * 2000 + b"%PDF-1.4\n", "text"),
    ("doc.hwp", OLE_HEADER, "hwp"),
    ("page.html", b"\xef\xbb\xbf\n  <!DOCTYPE html><html><body>404</body></html>", "html"),
    ("page2.pdf", b"<html><head><title>Error</title></head></html>", "html"),
    ("xhtml.pdf", b'<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml">', "html"),
    ("img.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "png"),
    ("img.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "jpeg"),
    ("notes.md", "# 과학기술 로드맵\n\nAI-bio 2030 targets.\n".encode(), "text"),
    ("cut-utf8.txt", "가나다".encode()[:-1], "text"),
    ("empty.pdf", b"", "empty"),
    ("binary.pdf", bytes(range(256)) * 4, "unknown"),
    ("cp949.txt", "보도자료 과학기술정보통신부".encode("cp949"), "unknown"),
])
def test_sniff_reads_the_first_bytes_not_the_name(tmp_path, name, data, kind):
    assert sniff(write(tmp_path / name, data)) == kind


@pytest.mark.parametrize("entries, kind", [
    (HWPX_ENTRIES, "hwpx"),
    ({"Contents/content.hpf": b"<opf/>", "META-INF/container.xml": b"<c/>"}, "hwpx"),
    ({"mimetype": b"application/epub+zip", "a.txt": b"x"}, "zip"),
    ({"report.pdf": b"%PDF-1.4"}, "zip"),
])
def test_sniff_tells_hwpx_from_other_zips(tmp_path, entries, kind):
    assert sniff(make_zip(tmp_path / "archive.pdf", entries)) == kind


def test_sniff_judges_a_truncated_hwpx_by_its_head(tmp_path):
    data = make_zip(tmp_path / "full.hwpx", HWPX_ENTRIES).read_bytes()
    assert sniff(write(tmp_path / "cut.hwpx", data[:60])) == "hwpx"


def test_sniff_of_generated_pdfs(pdfs):
    assert {name: sniff(path) for name, path in pdfs.items()} == dict.fromkeys(pdfs, "pdf")


def test_sniff_of_a_missing_path_is_typed(tmp_path):
    with pytest.raises(MissingFileError):
        sniff(tmp_path / "nope.pdf")


# --- path checks -------------------------------------------------------------------------------

def test_missing_path(tmp_path):
    path = tmp_path / "missing-release.pdf"
    with pytest.raises(MissingFileError) as info:
        open_pdf(path)
    assert "no such file" in assert_one_line(info.value, path)


def test_broken_symlink_is_missing(tmp_path):
    link = tmp_path / "dangling.pdf"
    link.symlink_to(tmp_path / "gone.pdf")
    with pytest.raises(MissingFileError) as info:
        check_path(link)
    assert_one_line(info.value, link)


def test_directory_suggests_recursive(tmp_path):
    folder = tmp_path / "releases"
    folder.mkdir()
    with pytest.raises(IsDirectoryError) as info:
        open_pdf(folder)
    assert "--recursive" in assert_one_line(info.value, folder)


@pytest.mark.parametrize("name", ["empty.pdf", "empty.txt", "empty.hwp"])
def test_empty_file(tmp_path, name):
    path = write(tmp_path / name, b"")
    for call in (open_pdf, input_kind, check_path):
        with pytest.raises(EmptyFileError) as info:
            call(path)
        assert "empty" in assert_one_line(info.value, path)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root can read a chmod 000 file")
def test_chmod_000_is_unreadable(tmp_path, pdfs):
    path = tmp_path / "locked.pdf"
    path.write_bytes(pdfs["plain"].read_bytes())
    path.chmod(0)
    try:
        with pytest.raises(UnreadableFileError) as info:
            open_pdf(path)
        assert "permission denied" in assert_one_line(info.value, path)
    finally:
        path.chmod(0o600)


def test_permission_error_is_unreadable_even_as_root(tmp_path, pdfs, monkeypatch):
    """Simulated, so that the mapping is tested when the suite runs as root."""
    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr("pipeline.read.source.open", denied, raising=False)
    with pytest.raises(UnreadableFileError) as info:
        open_pdf(pdfs["plain"])
    assert "permission denied" in assert_one_line(info.value, pdfs["plain"])


def test_io_error_is_unreadable(tmp_path, pdfs, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError(5, "Input/output error")
    monkeypatch.setattr("pipeline.read.source.open", broken, raising=False)
    with pytest.raises(UnreadableFileError) as info:
        check_path(pdfs["plain"])
    assert "Input/output error" in assert_one_line(info.value, pdfs["plain"])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_fifo_is_not_a_regular_file(tmp_path):
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    with pytest.raises(UnreadableFileError) as info:
        open_pdf(fifo)
    assert "not a regular file" in assert_one_line(info.value, fifo)


# --- not a PDF ---------------------------------------------------------------------------------

def _not_a_pdf(path: Path) -> str:
    with pytest.raises(NotAPdfError) as info:
        open_pdf(path)
    return assert_one_line(info.value, path)


def test_ole_file_renamed_pdf_mentions_hwp(tmp_path):
    text = _not_a_pdf(write(tmp_path / "보도자료.pdf", OLE_HEADER))
    assert "HWP 5" in text and "OLE" in text and "convert it to PDF" in text


def test_hwpx_zip_renamed_pdf_mentions_hwpx(tmp_path):
    text = _not_a_pdf(make_zip(tmp_path / "release.pdf", HWPX_ENTRIES))
    assert "HWPX" in text


def test_plain_zip_renamed_pdf(tmp_path):
    assert "ZIP" in _not_a_pdf(make_zip(tmp_path / "bundle.pdf", {"a.pdf": b"%PDF-1.4"}))


def test_html_page_renamed_pdf(tmp_path):
    page = b"<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head></html>\n"
    assert "HTML" in _not_a_pdf(write(tmp_path / "download.pdf", page))


@pytest.mark.parametrize("name, data, word", [
    ("photo.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "PNG"),
    ("photo2.pdf", b"\xff\xd8\xff\xe1" + b"\x00" * 64, "JPEG"),
    ("notes.pdf", b"just some notes\n", "plain text"),
    ("blob.pdf", bytes(range(256)), "unknown"),
])
def test_other_content_renamed_pdf(tmp_path, name, data, word):
    assert word in _not_a_pdf(write(tmp_path / name, data))


def test_ole_file_without_the_hwp_header_is_unsupported(tmp_path):
    path = write(tmp_path / "plan.hwp", OLE_HEADER)
    with pytest.raises(UnsupportedFormatError) as info:
        input_kind(path)
    text = assert_one_line(info.value, path)
    assert "HWP 5" in text and "convert it to PDF" in text
    with pytest.raises(NotAPdfError):
        open_pdf(path)


@pytest.mark.parametrize("name", ["plan.hwpx", "plan.pdf", "plan.zip"])
def test_hwpx_is_told_by_its_mimetype_whatever_its_name(tmp_path, name):
    path = make_zip(tmp_path / name, HWPX_ENTRIES)
    assert input_kind(path) == "hwpx"
    with pytest.raises(NotAPdfError):
        open_pdf(path)


# --- opening PDFs ------------------------------------------------------------------------------

def test_plain_pdf_opens_with_its_pages(pdfs):
    with open_pdf(pdfs["plain"]) as pdf:
        assert len(pdf.pages) == 3
        assert "science and technology" in pdf.pages[0].extract_text()


def test_pdf_with_junk_before_the_header_opens(tmp_path, pdfs):
    path = write(tmp_path / "junk.pdf", b"\r\nJUNK" * 40 + pdfs["plain"].read_bytes())
    with open_pdf(path) as pdf:
        assert len(pdf.pages) == 3


def test_image_only_pdf_opens(pdfs):
    """The scanned-PDF check belongs to the read stage; open_pdf must not refuse it."""
    with open_pdf(pdfs["image"]) as pdf:
        assert len(pdf.pages) == 1
        assert pdf.pages[0].chars == []


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-256"])
def test_owner_only_encryption_opens_without_a_password(tmp_path, pdfs, algorithm):
    path = encrypt(pdfs["plain"], tmp_path / f"owner-{algorithm}.pdf", "", "owner", algorithm)
    with open_pdf(path) as pdf:
        assert "science" in pdf.pages[0].extract_text()


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-256"])
def test_user_password_needed(tmp_path, pdfs, algorithm):
    path = encrypt(pdfs["plain"], tmp_path / f"user-{algorithm}.pdf", "secret", "owner", algorithm)
    with pytest.raises(EncryptedPdfError) as info:
        open_pdf(path)
    err = info.value
    assert err.needs_password and not err.wrong_password
    assert "--password" in assert_one_line(err, path)


def test_wrong_password_says_so(pdfs):
    with pytest.raises(EncryptedPdfError) as info:
        open_pdf(pdfs["user"], password="guess")
    err = info.value
    assert err.needs_password and err.wrong_password
    assert "wrong" in assert_one_line(err, pdfs["user"])


@pytest.mark.parametrize("password", ["secret", "owner"])
def test_right_password_opens(pdfs, password):
    with open_pdf(pdfs["user"], password=password) as pdf:
        assert len(pdf.pages) == 3


def test_unsupported_encryption_says_a_password_will_not_help(tmp_path, pdfs):
    data = pdfs["user"].read_bytes()
    assert b"/Filter /Standard" in data
    path = write(tmp_path / "odd-crypt.pdf", data.replace(b"/Filter /Standard", b"/Filter /Strange!"))
    with pytest.raises(EncryptedPdfError) as info:
        open_pdf(path)
    assert not info.value.needs_password
    assert "will not help" in assert_one_line(info.value, path)


@pytest.mark.parametrize("fraction", [0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.97])
@pytest.mark.parametrize("source", ["plain", "compressed"])
def test_truncated_pdf_is_corrupt(tmp_path, pdfs, source, fraction):
    data = pdfs[source].read_bytes()
    cut = max(16, int(len(data) * fraction))
    path = write(tmp_path / f"{source}-cut-{cut}.pdf", data[:cut])
    with pytest.raises(CorruptPdfError) as info:
        open_pdf(path)
    assert info.value.truncated
    assert "truncated" in assert_one_line(info.value, path)


def test_garbage_after_the_header_is_corrupt(tmp_path):
    path = write(tmp_path / "garbage.pdf", b"%PDF-1.4\n" + b"garbage " * 200 + b"\n%%EOF\n")
    with pytest.raises(CorruptPdfError) as info:
        open_pdf(path)
    assert not info.value.truncated
    assert "corrupt" in assert_one_line(info.value, path)


def test_damaged_bytes_only_ever_raise_corrupt(tmp_path, pdfs):
    """Byte flips surface as many pdfminer and raw Python exceptions; all must map."""
    data = pdfs["compressed"].read_bytes()
    rng = random.Random(20240422)
    opened = 0
    for n in range(60):
        damaged = bytearray(data)
        for _ in range(rng.randint(1, 12)):
            damaged[rng.randrange(16, len(damaged))] = rng.randrange(256)
        path = write(tmp_path / f"flip-{n}.pdf", bytes(damaged))
        try:
            with open_pdf(path) as pdf:
                opened += bool(pdf.pages)
        except CorruptPdfError as err:
            assert_one_line(err, path)
    assert opened < 60


def test_too_many_pages(pdfs):
    with pytest.raises(TooManyPagesError) as info:
        open_pdf(pdfs["plain"], max_pages=2)
    err = info.value
    assert (err.pages, err.max_pages) == (3, 2)
    assert "--max-pages" in assert_one_line(err, pdfs["plain"])


@pytest.mark.parametrize("max_pages", [3, None])
def test_page_limit_is_inclusive_or_off(pdfs, max_pages):
    with open_pdf(pdfs["plain"], max_pages=max_pages) as pdf:
        assert len(pdf.pages) == 3


def test_failed_open_closes_the_file(pdfs, monkeypatch):
    opened = []
    real_open = __import__("pdfplumber").open

    def spy(*args, **kwargs):
        pdf = real_open(*args, **kwargs)
        opened.append(pdf)
        return pdf
    monkeypatch.setattr("pdfplumber.open", spy)
    with pytest.raises(TooManyPagesError):
        open_pdf(pdfs["plain"], max_pages=1)
    assert opened and opened[0].stream.closed


# --- input_kind --------------------------------------------------------------------------------

@pytest.mark.parametrize("name, data, kind", [
    ("release.en.txt", b"AI-bio roadmap: 2030 targets\n", "text"),
    ("notes.md", "# 로드맵\n".encode(), "text"),
    ("mentions.md", b"A PDF starts with `%PDF-1.7`, see below.\n", "text"),
    ("actually-a-pdf.txt", None, "pdf"),
    ("release.pdf", None, "pdf"),
])
def test_input_kind(tmp_path, pdfs, name, data, kind):
    path = write(tmp_path / name, data if data is not None else pdfs["plain"].read_bytes())
    assert input_kind(path) == kind


def test_input_kind_refuses_text_under_a_pdf_name(tmp_path):
    path = write(tmp_path / "release.pdf", b"plain words\n")
    with pytest.raises(NotAPdfError) as info:
        input_kind(path)
    assert "plain text" in assert_one_line(info.value, path)


def test_input_kind_asks_for_utf8_text(tmp_path):
    path = write(tmp_path / "release.txt", "보도자료 과학기술정보통신부\n".encode("cp949"))
    with pytest.raises(UnsupportedFormatError) as info:
        input_kind(path)
    assert "UTF-8" in assert_one_line(info.value, path)


def test_input_kind_refuses_html_under_a_text_name(tmp_path):
    path = write(tmp_path / "page.txt", b"<!doctype html><html></html>")
    with pytest.raises(NotAPdfError) as info:
        input_kind(path)
    assert "HTML" in assert_one_line(info.value, path)


# --- the error classes themselves --------------------------------------------------------------

def _every_input_error(path) -> list[InputError]:
    return [
        NotAPdfError(path, "hwp"), CorruptPdfError(path, "PSEOF: Unexpected EOF", truncated=True),
        EncryptedPdfError(path), EncryptedPdfError(path, wrong_password=True),
        EncryptedPdfError(path, needs_password=False, detail="Unknown algorithm"),
        ScannedPdfError(path, pages=4), NoLanguageTextError(path),
        TooManyPagesError(path, 2500, 2000), UnreadableFileError(path, "permission denied"),
        MissingFileError(path), IsDirectoryError(path), EmptyFileError(path),
        UnsupportedFormatError(path, "hwp"), UnsupportedFormatError(path, "hwpx"),
    ]


def test_every_input_error_names_the_file_in_one_line():
    path = Path("/data/in/msit-2024-0422.pdf")
    for err in _every_input_error(path):
        assert isinstance(err, InputError) and err.path == path
        assert str(err) == f"msit-2024-0422.pdf: {err.reason}"
        assert_one_line(err, path)


def test_every_input_error_survives_pickling():
    for err in _every_input_error("x.pdf"):
        copy = pickle.loads(pickle.dumps(err))
        assert type(copy) is type(err) and str(copy) == str(err)
        assert copy.__dict__ == err.__dict__


def test_reasons_are_forced_onto_one_line():
    err = CorruptPdfError("a.pdf", "line one\nline two\r\n\tthree")
    assert "line one line two three" in assert_one_line(err, "a.pdf")


def test_specific_advice_in_reasons():
    assert "ocrmypdf" in str(ScannedPdfError("s.pdf", pages=4))
    assert "4 pages" in str(ScannedPdfError("s.pdf", pages=4))
    assert "Korean or English" in str(NoLanguageTextError("n.pdf"))


def test_page_timeout_is_not_an_input_error():
    err = PageTimeoutError(7, seconds=30, path="big.pdf")
    assert not isinstance(err, InputError)
    assert str(err) == "big.pdf: page 7 took longer than 30 s to read"
    assert str(PageTimeoutError(2)) == "page 2 took longer than the time limit to read"
    assert pickle.loads(pickle.dumps(err)).page == 7


def test_all_error_classes_live_in_one_module():
    names = ["InputError", "NotAPdfError", "CorruptPdfError", "EncryptedPdfError",
             "ScannedPdfError", "NoLanguageTextError", "TooManyPagesError", "UnreadableFileError",
             "MissingFileError", "IsDirectoryError", "EmptyFileError", "UnsupportedFormatError",
             "PageTimeoutError", "CorruptHwpError", "EncryptedHwpError"]
    assert all(getattr(errors, name).__module__ == "pipeline.errors" for name in names)


# --- the real corpus ---------------------------------------------------------------------------

@pytest.mark.shared
@pytest.mark.skipif(not CORPUS_REAL.is_dir(), reason="../shared/corpus-real is absent")
def test_sniff_reads_the_real_corpus_by_content_not_by_name():
    # Real files are sometimes misnamed: one ministry's ".hwpx" is an HWP 5 (OLE) file. Sniffing
    # must tell each file's true kind from its bytes, whatever its name says.
    magic = {b"%PDF": "pdf", b"PK\x03\x04": "hwpx", b"\xd0\xcf\x11\xe0": "hwp"}
    documents = [p for p in sorted(CORPUS_REAL.iterdir())
                 if p.suffix.lower() in (".hwp", ".hwpx", ".pdf")]
    assert documents, "no .pdf/.hwp/.hwpx files in corpus-real"
    wrong = {}
    for path in documents:
        head = path.read_bytes()[:4]
        truth = next(kind for start, kind in magic.items() if head.startswith(start))
        if sniff(path) != truth:
            wrong[path.name] = sniff(path)
    assert wrong == {}
