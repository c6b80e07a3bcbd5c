"""Input files: what they are, and opening PDFs with every failure turned into a typed error.

* :func:`sniff` tells the kind of a file from its first bytes, never from its name.
* :func:`check_path` rejects missing, directory, unreadable and empty paths.
* :func:`input_kind` says whether the ingest should treat a file as ``'pdf'``, ``'hwpx'``,
  ``'hwp'`` or ``'text'``: Hangul documents are told by their content (an HWPX ZIP's
  ``mimetype``; an OLE compound file whose ``FileHeader`` stream says ``HWP Document File``).
* :func:`open_pdf` opens a PDF with pdfplumber, loads its page list and maps pdfminer's
  exceptions to :mod:`pipeline.errors` (corrupt, encrypted, too many pages ...).
"""
from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
import zipfile
from contextlib import contextmanager
from pathlib import Path

from pipeline.errors import (CorruptPdfError, EmptyFileError, EncryptedPdfError, InputError,
                     IsDirectoryError, MissingFileError, NotAPdfError, TooManyPagesError,
                     UnreadableFileError, UnsupportedFormatError)

#: File name endings the ingest reads as plain text when their content is UTF-8 text.
TEXT_SUFFIXES = (".txt", ".md")
DEFAULT_MAX_PAGES = 2000

_HEAD_BYTES = 8192
_PDF_MAGIC_WINDOW = 1024
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_JPEG_MAGIC = b"\xff\xd8\xff"
_HWPX_MIMETYPE = b"application/hwp+zip"
_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body")
_PDF_HEADER = re.compile(rb"%PDF-\d")
_TEXT_CONTROLS = frozenset(range(32)) - {9, 10, 12, 13}


# --- reading -----------------------------------------------------------------------------------

def file_sha256(path: str | Path) -> str:
    """The sha256 of the file's bytes, in hex: a document's identity."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@contextmanager
def _os_errors(path):
    """Turn OS errors raised inside the block into the matching :class:`InputError`."""
    try:
        yield
    except FileNotFoundError:
        raise MissingFileError(path) from None
    except IsADirectoryError:
        raise IsDirectoryError(path) from None
    except OSError as exc:
        raise UnreadableFileError.from_oserror(path, exc) from None


def sha256_of(path) -> str:
    """:func:`file_sha256` with OS errors typed as :class:`InputError` (a file may vanish or lock
    after it was checked)."""
    with _os_errors(path):
        return file_sha256(path)


def _read_head(path, size: int = _HEAD_BYTES) -> bytes:
    """The first ``size`` bytes of the file."""
    with _os_errors(path), open(path, "rb") as f:
        return f.read(size)


def _read_tail(path, size: int = 1024) -> bytes:
    """The last ``size`` bytes of the file."""
    with _os_errors(path), open(path, "rb") as f:
        f.seek(max(0, os.fstat(f.fileno()).st_size - size))
        return f.read()


# --- sniffing ----------------------------------------------------------------------------------

def sniff(path) -> str:
    """The kind of file at ``path``, judged from its first bytes, not its name.

    One of ``'pdf'`` (``%PDF-`` within the first 1024 bytes, junk before it allowed), ``'hwp'``
    (OLE compound file), ``'hwpx'``, ``'zip'``, ``'html'``, ``'png'``, ``'jpeg'``, ``'text'``
    (UTF-8 text), ``'empty'`` or ``'unknown'``. Raises :class:`MissingFileError`,
    :class:`IsDirectoryError` or :class:`UnreadableFileError` when the file cannot be read.
    """
    head = _read_head(path)
    if not head:
        return "empty"
    if _PDF_HEADER.search(head[:_PDF_MAGIC_WINDOW + 8]):
        return "pdf"
    if head.startswith(_OLE_MAGIC):
        return "hwp"
    if head.startswith(_ZIP_MAGICS):
        return "hwpx" if _is_hwpx(path, head) else "zip"
    return _sniff_image(head) or _sniff_markup_or_text(head)


def _sniff_image(head: bytes) -> str | None:
    """``'png'`` or ``'jpeg'`` from the magic number, else None."""
    if head.startswith(_PNG_MAGIC):
        return "png"
    if head.startswith(_JPEG_MAGIC):
        return "jpeg"
    return None


def _sniff_markup_or_text(head: bytes) -> str:
    """``'html'``, ``'text'`` or ``'unknown'`` for content with no binary magic number."""
    if not _is_utf8_text(head):
        return "unknown"
    return "html" if _looks_like_html(head) else "text"


def _is_utf8_text(head: bytes) -> bool:
    """True when ``head`` decodes as UTF-8 (a sequence cut at the end is fine) with no NULs or
    binary control characters."""
    try:
        text = codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return not any(ord(ch) in _TEXT_CONTROLS for ch in text)


def _looks_like_html(head: bytes) -> bool:
    """True when the text starts like an HTML document (after a BOM, whitespace, comments or an
    XML declaration)."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(_HTML_STARTS):
        return True
    return start.startswith((b"<?xml", b"<!--")) and b"<html" in start[:_PDF_MAGIC_WINDOW]


def _is_hwpx(path, head: bytes) -> bool:
    """True for a ZIP that is an HWPX document: a ``mimetype`` entry of ``application/hwp+zip``
    or ``Contents/`` entries. A damaged archive is judged from its first bytes."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = zf.namelist()
            if "mimetype" in names and _mimetype(zf) == _HWPX_MIMETYPE:
                return True
            return any(name.startswith("Contents/") for name in names)
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, ValueError, EOFError):
        return _HWPX_MIMETYPE in head or b"Contents/" in head


def _has_hwpx_mimetype(path) -> bool:
    """True for a readable ZIP whose ``mimetype`` entry is ``application/hwp+zip``."""
    try:
        with zipfile.ZipFile(path) as zf:
            return _mimetype(zf) == _HWPX_MIMETYPE
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, ValueError, EOFError):
        return False


def _mimetype(zf: zipfile.ZipFile) -> bytes:
    """The ``mimetype`` entry, of which no more than a mimetype's length is inflated (a zip bomb
    may hide there too)."""
    with zf.open("mimetype") as entry:
        return entry.read(4 * len(_HWPX_MIMETYPE)).strip()


HWP5_SIGNATURE = b"HWP Document File"


def is_hwp5(path) -> bool:
    """True for an OLE compound file whose ``FileHeader`` stream starts ``HWP Document File``."""
    try:
        import olefile
        with olefile.OleFileIO(str(path)) as ole:
            if not ole.exists("FileHeader"):
                return False
            return ole.openstream("FileHeader").read(32).startswith(HWP5_SIGNATURE)
    except Exception:  # olefile raises OSError, struct.error, IndexError ... on a damaged file
        return False


# --- path checks -------------------------------------------------------------------------------

def check_path(path) -> None:
    """Make sure ``path`` is a readable, non-empty regular file.

    Raises :class:`MissingFileError`, :class:`IsDirectoryError`, :class:`UnreadableFileError`
    (permission denied, I/O error, not a regular file) or :class:`EmptyFileError`.
    """
    with _os_errors(path):
        info = os.stat(path)
    if stat.S_ISDIR(info.st_mode):
        raise IsDirectoryError(path)
    if not stat.S_ISREG(info.st_mode):
        raise UnreadableFileError(path, "not a regular file")
    _read_head(path, 1)
    if info.st_size == 0:
        raise EmptyFileError(path)


def input_kind(path) -> str:
    """What the ingest should do with ``path``: ``'text'``, ``'pdf'``, ``'hwpx'`` or ``'hwp'``.

    ``'text'`` for a ``.txt``/``.md`` file whose content is UTF-8 text; ``'pdf'`` when the content
    is a PDF, ``'hwpx'`` for a ZIP whose ``mimetype`` is ``application/hwp+zip`` and ``'hwp'`` for
    an OLE compound file with the HWP 5 file header (whatever the name). Anything else raises the
    error :func:`open_pdf` would (after the same :func:`check_path` checks); the file itself is
    only opened by its reader.
    """
    check_path(path)
    kind = sniff(path)
    is_text_name = Path(path).suffix.lower() in TEXT_SUFFIXES
    if is_text_name and (kind == "text" or kind == "pdf" and _is_text_mentioning_pdf(path)):
        return "text"
    if kind == "pdf":
        return "pdf"
    if kind == "hwpx" and _has_hwpx_mimetype(path):
        return "hwpx"
    if kind == "hwp" and is_hwp5(path):
        return "hwp"
    if kind == "unknown" and is_text_name and _is_legacy_korean_text(path):
        raise UnsupportedFormatError(path, "legacy-text")
    raise _not_a_pdf(path, kind)


def _is_text_mentioning_pdf(path) -> bool:
    """True for UTF-8 text that merely mentions ``%PDF-`` (a real PDF starts with it or has
    binary bytes after it)."""
    head = _read_head(path)
    return not head.startswith(b"%PDF-") and _is_utf8_text(head)


def _is_legacy_korean_text(path) -> bool:
    """True when the head decodes as CP949 (EUC-KR superset) text."""
    head = _read_head(path)
    for cut in range(4):  # a two-byte character may be split at the end
        try:
            text = head[: len(head) - cut].decode("cp949")
        except UnicodeDecodeError:
            continue
        return not any(ord(ch) in _TEXT_CONTROLS for ch in text)
    return False


def _not_a_pdf(path, kind: str) -> InputError:
    """The error for content the ingest cannot read: unsupported format when what looks like an
    HWP/HWPX file under its own name fails the closer check of :func:`input_kind`, else
    :class:`NotAPdfError` naming what the content is."""
    if kind == "empty":
        return EmptyFileError(path)
    if kind in ("hwp", "hwpx") and Path(path).suffix.lower() in (".hwp", ".hwpx"):
        return UnsupportedFormatError(path, kind)
    return NotAPdfError(path, kind)


# --- opening PDFs ------------------------------------------------------------------------------

def open_pdf(path, password: str | None = None,
             max_pages: int | None = DEFAULT_MAX_PAGES) -> pdfplumber.PDF:
    """Open the PDF at ``path`` with pdfplumber and load its page list; the caller closes it.

    Checks the path (:func:`check_path`) and the content (:func:`sniff`; anything but a PDF raises
    :class:`NotAPdfError`: an HWP/HWPX document goes to its own reader through :func:`input_kind`).
    A PDF encrypted with an empty user password (owner password only) opens without one.
    Raises :class:`EncryptedPdfError` (password needed, wrong, or unsupported encryption),
    :class:`CorruptPdfError` (truncated or broken, found here rather than while reading pages),
    :class:`TooManyPagesError` (more than ``max_pages``; ``None`` for no limit) or
    :class:`UnreadableFileError`.
    """
    check_path(path)
    kind = sniff(path)
    if kind != "pdf":
        raise EmptyFileError(path) if kind == "empty" else NotAPdfError(path, kind)
    pdf = _pdfplumber_open(path, password)
    try:
        _check_pages(pdf, path, password, max_pages)
    except BaseException:
        _close_quietly(pdf)
        raise
    return pdf


def _pdfplumber_open(path, password: str | None) -> pdfplumber.PDF:
    """``pdfplumber.open`` with its exceptions mapped to :class:`InputError` subclasses."""
    import pdfplumber                  # here: checking and hashing files needs no PDF parser
    try:
        return pdfplumber.open(path, password=password)
    except Exception as exc:  # pdfplumber wraps every pdfminer failure; see _map_pdf_error
        raise _map_pdf_error(path, exc, password) from exc


def _check_pages(pdf: pdfplumber.PDF, path, password: str | None, max_pages: int | None) -> None:
    """Load every page object, so that a truncated or broken page tree fails now, then refuse
    PDFs with no pages or more than ``max_pages``."""
    try:
        count = len(pdf.pages)
    except Exception as exc:  # raw TypeError/IndexError/MalformedPDFException happen here too
        raise _map_pdf_error(path, exc, password) from exc
    if count == 0:
        raise CorruptPdfError(path, "no pages found", truncated=_looks_truncated(path))
    _check_max_pages(path, count, max_pages)


def _check_max_pages(path, count: int | None, max_pages: int | None) -> None:
    """Raise :class:`TooManyPagesError` when ``count`` exceeds ``max_pages``."""
    if count is not None and max_pages is not None and count > max_pages:
        raise TooManyPagesError(path, count, max_pages)


def _map_pdf_error(path, exc: BaseException, password: str | None) -> InputError:
    """The :class:`InputError` for an exception raised by pdfplumber/pdfminer.

    * ``PDFPasswordIncorrect`` -> :class:`EncryptedPdfError` (password needed, or wrong if given)
    * other ``PDFEncryptionError`` (unknown filter, algorithm or revision)
      -> :class:`EncryptedPdfError` with ``needs_password=False``
    * ``OSError`` that is not a pdfminer error -> :class:`UnreadableFileError`
    * anything else (``PDFSyntaxError``, ``PDFNoValidXRef``, ``PSEOF``, ``PSSyntaxError``,
      ``PDFObjectNotFound``, ``MalformedPDFException``, ``TypeError``, ...) -> :class:`CorruptPdfError`
    """
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.psexceptions import PSException
    inner = _unwrap(exc)
    if isinstance(inner, InputError):
        return inner
    if isinstance(inner, PDFPasswordIncorrect):
        return EncryptedPdfError(path, needs_password=True, wrong_password=bool(password))
    if isinstance(inner, PDFEncryptionError):
        return EncryptedPdfError(path, needs_password=False, detail=_describe(inner))
    if isinstance(inner, OSError) and not isinstance(inner, PSException):
        return UnreadableFileError.from_oserror(path, inner)
    return CorruptPdfError(path, _describe(inner), truncated=_looks_truncated(path))


def _unwrap(exc: BaseException) -> BaseException:
    """The pdfminer exception inside pdfplumber's ``PdfminerException`` wrapper."""
    from pdfplumber.utils.exceptions import PdfminerException
    while isinstance(exc, PdfminerException) and exc.args and isinstance(exc.args[0], BaseException):
        exc = exc.args[0]
    return exc


def _describe(exc: BaseException) -> str:
    """``"TypeName: message"`` (or just the type name) for an error message."""
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _looks_truncated(path) -> bool:
    """True when the end of the file has no ``%%EOF`` marker."""
    try:
        return b"%%EOF" not in _read_tail(path)
    except InputError:
        return False


def _close_quietly(pdf: pdfplumber.PDF) -> None:
    """Close ``pdf`` and its file even when its page list is broken."""
    try:
        pdf.close()
    except Exception:
        pass
    try:
        pdf.stream.close()
    except Exception:
        pass
