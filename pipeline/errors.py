"""Typed errors for bad input, each with a one-line reason that names the file.

Every problem with an input file is an :class:`InputError` subclass carrying the ``path`` and a
one-line ``reason``; ``str(err)`` is ``"<file name>: <reason>"``, ready to print on standard error
(``docs/cli.md``: exit status 1 when some input failed, each named with its reason).

:class:`PageTimeoutError` is not an input error: the file is fine but one page took too long.

:class:`UsageError` is a mistake in how the command was called, not in an input file: a ``--db``
that is no store, an ``--out`` that cannot be written. ``str(err)`` is one line naming the path
and the fix; the command line exits 2 with it.
"""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path

#: How each kind reported by :func:`pipeline.read.source.sniff` is described to the user.
KIND_DESCRIPTIONS = {
    "pdf": "a PDF",
    "hwp": "an HWP 5 document (OLE compound file)",
    "hwpx": "an HWPX document (zipped Hangul XML)",
    "zip": "a ZIP archive",
    "html": "an HTML page",
    "png": "a PNG image",
    "jpeg": "a JPEG image",
    "text": "plain text",
    "empty": "an empty file",
    "unknown": "of unknown type",
}

_NOT_PDF_HINTS = {
    "hwp": "convert it to PDF first (in Hangul: File > Save As > PDF)",
    "hwpx": "convert it to PDF first (in Hangul: File > Save As > PDF)",
    "zip": "extract the archive and pass the PDF inside",
    "html": "probably a saved web page or a download error page; download the PDF itself",
    "png": "an image has no text layer; make a PDF and OCR it (e.g. img2pdf, then ocrmypdf -l kor+eng)",
    "jpeg": "an image has no text layer; make a PDF and OCR it (e.g. img2pdf, then ocrmypdf -l kor+eng)",
    "text": "name it .txt or .md to ingest it as text",
    "unknown": "check that the download completed and the file really is a PDF",
}


def display_name(path) -> str:
    """The name used in messages: the file's base name, or the path itself when it has none."""
    return Path(os.fspath(path)).name or os.fspath(path)


def one_line(text: str) -> str:
    """``text`` with every run of whitespace (newlines included) collapsed to one space."""
    return " ".join(str(text).split())


def _restore(cls, state):
    """Rebuild a pickled error without calling its (case-specific) ``__init__``."""
    err = cls.__new__(cls)
    Exception.__init__(err, *state.get("_args", ()))
    err.__dict__.update(state)
    return err


class _PicklableError(Exception):
    """Errors whose ``__init__`` signatures differ still survive pickling (worker processes)."""

    def __reduce__(self):
        return (_restore, (type(self), dict(self.__dict__)))


class InputError(_PicklableError):
    """An input file the pipeline cannot use. ``str(err)`` is ``"<file name>: <reason>"``."""

    def __init__(self, path, reason: str):
        self.path = path
        self.reason = one_line(reason)
        self._args = (path, self.reason)
        super().__init__(*self._args)

    @property
    def name(self) -> str:
        """The file name shown in the message."""
        return display_name(self.path)

    def __str__(self) -> str:
        return f"{self.name}: {self.reason}"


class NotAPdfError(InputError):
    """The content is not a PDF (whatever the name says); ``kind`` is what :func:`sniff` saw."""

    def __init__(self, path, kind: str):
        self.kind = kind
        what = KIND_DESCRIPTIONS.get(kind, KIND_DESCRIPTIONS["unknown"])
        hint = _NOT_PDF_HINTS.get(kind, _NOT_PDF_HINTS["unknown"])
        super().__init__(path, f"not a PDF: the content is {what}; {hint}")


class CorruptPdfError(InputError):
    """The PDF is truncated or its structure is broken; ``detail`` is the parser's complaint."""

    def __init__(self, path, detail: str = "", truncated: bool = False):
        self.detail = one_line(detail)[:160]
        self.truncated = truncated
        what = "PDF is truncated (no %%EOF at the end)" if truncated else "PDF is corrupt"
        why = f", parser said {self.detail}" if self.detail else ""
        super().__init__(path, f"{what}{why}; download it again or repair it "
                               "(e.g. qpdf in.pdf out.pdf)")


class EncryptedPdfError(InputError):
    """The PDF is encrypted and could not be opened.

    ``needs_password`` is True when a user password is required (a password would help);
    ``wrong_password`` is True when one was given and it did not match.
    """

    def __init__(self, path, needs_password: bool = True, wrong_password: bool = False,
                 detail: str = ""):
        self.needs_password = needs_password
        self.wrong_password = wrong_password
        self.detail = one_line(detail)[:160]
        super().__init__(path, self._reason())

    def _reason(self) -> str:
        if self.needs_password and self.wrong_password:
            return "PDF is encrypted and the password given is wrong; check the --password value"
        if self.needs_password:
            return "PDF is encrypted and needs a password to open; pass it with --password"
        why = f" ({self.detail})" if self.detail else ""
        return (f"PDF uses encryption that cannot be read{why}; a password will not help, "
                "decrypt it first (e.g. qpdf --decrypt in.pdf out.pdf)")


class ScannedPdfError(InputError):
    """No page has a text layer: the PDF is scanned images and needs OCR."""

    def __init__(self, path, pages: int | None = None):
        self.pages = pages
        where = f"any of its {pages} pages" if pages else "any page"
        super().__init__(path, f"no text layer on {where} (scanned?); run OCR first, "
                               "e.g. ocrmypdf -l kor+eng in.pdf out.pdf")


class NoLanguageTextError(InputError):
    """Text was extracted but none of it is Korean or English."""

    def __init__(self, path, detail: str = ""):
        self.detail = one_line(detail)[:160]
        why = f" ({self.detail})" if self.detail else ""
        super().__init__(path, f"no Korean or English text found{why}; the text layer may be "
                               "garbled fonts, try ocrmypdf --force-ocr -l kor+eng")


class TooManyPagesError(InputError):
    """The PDF has more pages than ``--max-pages`` allows."""

    def __init__(self, path, pages: int, max_pages: int):
        self.pages = pages
        self.max_pages = max_pages
        super().__init__(path, f"PDF has {pages} pages, more than --max-pages {max_pages}; "
                               "raise --max-pages to read it")


class UnreadableFileError(InputError):
    """The file exists but cannot be read (permission denied, I/O error, not a regular file)."""

    def __init__(self, path, detail: str = "I/O error"):
        self.detail = one_line(detail)
        super().__init__(path, f"cannot read the file: {self.detail}")

    @classmethod
    def from_oserror(cls, path, exc: OSError) -> "UnreadableFileError":
        """The error for ``exc``, saying "permission denied" or naming the OS error."""
        if isinstance(exc, PermissionError):
            return cls(path, "permission denied")
        return cls(path, exc.strerror or type(exc).__name__)


class MissingFileError(InputError):
    """Nothing exists at the path."""

    def __init__(self, path):
        super().__init__(path, "no such file; check the path")


class IsDirectoryError(InputError):
    """A directory was given where a file was expected."""

    def __init__(self, path):
        super().__init__(path, "is a directory; pass --recursive to read the files in it")


class EmptyFileError(InputError):
    """The file has zero bytes."""

    def __init__(self, path):
        super().__init__(path, "file is empty (0 bytes); the download or copy may have failed")


class UnsupportedFormatError(InputError):
    """A format the pipeline does not read was given directly: an OLE file or ZIP named like a
    Hangul document that fails the HWP 5 / HWPX check, or text that is not UTF-8."""

    _REASONS = {
        "hwp": "an OLE compound file without the HWP 5 header ('HWP Document File') cannot be read; "
               "if it is a Hangul document, save it again as HWPX or convert it to PDF first "
               "(in Hangul: File > Save As > PDF)",
        "hwpx": "a ZIP that looks like HWPX but has no 'application/hwp+zip' mimetype cannot be "
                "read; save it again as HWPX in Hangul or convert it to PDF first "
                "(in Hangul: File > Save As > PDF)",
        "legacy-text": "text files must be UTF-8 and this one is not (CP949/EUC-KR?); convert it, "
                       "e.g. iconv -f cp949 -t utf-8 in.txt > out.txt",
    }

    def __init__(self, path, kind: str):
        self.kind = kind
        reason = self._REASONS.get(kind, f"{kind} files are not supported; convert it to PDF first")
        super().__init__(path, reason)


class TextTooLargeError(InputError):
    """A text file larger than the limit for text (:data:`pipeline.read.limits.DEFAULT_MAX_TEXT_MB`)."""

    def __init__(self, path, size: int, limit_mb: float):
        self.size = size
        self.limit_mb = limit_mb
        super().__init__(path, f"text file is {size / 2**20:.1f} MB, more than the {limit_mb:g} MB "
                               "a text release may be; split it into smaller files (a real release "
                               "is well under 1 MB of text)")


class PageTimeoutError(_PicklableError):
    """Reading one page took longer than allowed (not an input error: the rest may be fine)."""

    def __init__(self, page: int, seconds: float | None = None, path=None):
        self.page = page
        self.seconds = seconds
        self.path = path
        self._args = (page, seconds, path)
        super().__init__(*self._args)

    def __str__(self) -> str:
        limit = f" {self.seconds:g} s" if self.seconds is not None else " the time limit"
        text = f"page {self.page} took longer than{limit} to read"
        return f"{display_name(self.path)}: {text}" if self.path is not None else text


# --- Hangul documents (HWPX, HWP 5) -------------------------------------------------------------

class CorruptHwpError(InputError):
    """An HWP or HWPX document that cannot be parsed (broken archive, XML or record stream)."""

    def __init__(self, path, detail: str = "", kind: str = "HWPX"):
        self.detail = one_line(detail)[:160]
        self.kind = kind
        why = f" ({self.detail})" if self.detail else ""
        super().__init__(path, f"{kind} document is damaged and cannot be read{why}; open it in "
                               "Hangul and save it again (or save it as PDF)")


class EncryptedHwpError(InputError):
    """An HWP/HWPX document saved with a password or as a distribution (배포용) document."""

    def __init__(self, path, distribution: bool = False):
        self.distribution = distribution
        what = ("is a distribution-locked (배포용) document whose text is encrypted"
                if distribution else "is password-protected")
        super().__init__(path, f"Hangul document {what}; open it in Hangul and save an unlocked "
                               "copy (or print it to PDF)")


class DecompressionBombError(InputError):
    """A compressed document (HWPX parts, HWP 5 streams) that inflates past its limit
    (:class:`pipeline.read.limits.InflateBudget`). ``code`` names which: ``"zip_bomb"`` when it
    inflates to more than :data:`~pipeline.read.limits.INFLATE_RATIO` times its size (no real
    document does), ``"too_large"`` when it is within that but needs more memory to read than
    ``--page-memory`` allows."""

    def __init__(self, path, kind: str, part: str, size: int, how: str, limit: int,
                 file_size: int, ratio: int, page_memory: int | None):
        self.kind, self.part, self.size, self.how, self.limit = kind, part, size, how, limit
        self.code = "zip_bomb" if size > ratio * file_size else "too_large"
        inflated = {"declared": f"says it inflates to {byte_size(size)}",
                    "exact": f"inflates to {byte_size(size)}",
                    "at least": f"inflates to more than {byte_size(size)}"}[how]
        what = f"{kind} document {inflated} (at part {part})"
        if self.code == "zip_bomb":
            reason = (f"{what}, more than {ratio} times its {byte_size(file_size)}: refused as a "
                      "decompression bomb (zip_bomb); a real document inflates far less, so open "
                      "it in Hangul and save it again, or convert it to PDF")
        else:
            reason = (f"{what}, more than the {byte_size(limit)} that --page-memory {page_memory} MB "
                      "allows for reading it: refused as too large (too_large); raise --page-memory "
                      "or convert it to PDF")
        super().__init__(path, reason)


def byte_size(n: int) -> str:
    """``n`` bytes for a message: ``"512 bytes"``, ``"12 KB"``, ``"20 MB"``, ``"1.0 GB"``."""
    if n < 2**10:
        return f"{n} bytes"
    if n < 2**20:
        return f"{n / 2**10:.0f} KB"
    if n < 2**30:
        return f"{n / 2**20:.1f} MB" if n < 10 * 2**20 else f"{n / 2**20:.0f} MB"
    return f"{n / 2**30:.1f} GB"


# --- usage mistakes: the store and output paths ------------------------------------------------

class UsageError(Exception):
    """The command was called with a path it cannot use; ``str(err)`` is one line naming the
    path and the fix."""

    def __init__(self, message: str):
        super().__init__(one_line(message))


class NoStoreError(UsageError):
    """A command that only reads the store was given a ``--db`` that does not exist: it does not
    make an empty one (a typo would otherwise look like an empty store)."""

    def __init__(self, path):
        self.path = path
        super().__init__(f"no store at {os.fspath(path)}; run 'roadmap ingest' first")


class NotAStoreError(UsageError, sqlite3.DatabaseError):
    """``--db`` names something that is not a roadmap store: a directory, another kind of file,
    another program's SQLite database. (Also a :class:`sqlite3.DatabaseError`, which is what
    callers of the store caught before.)"""

    def __init__(self, path, why: str):
        self.path = path
        shown = os.fspath(path)
        super().__init__(f"cannot open the store {shown}: {why}; give the store file that "
                         f"'roadmap ingest --db' writes (default output/roadmap.db)")

    @classmethod
    def directory(cls, path) -> "NotAStoreError":
        return cls(path, "is a directory, not a store file")


class OutputPathError(UsageError):
    """An ``--out`` that cannot be written: a file where a directory is wanted, a directory where
    a file is wanted, a parent directory that does not exist, no permission."""

    def __init__(self, path, why: str, fix: str):
        self.path = path
        super().__init__(f"--out {os.fspath(path)}: {why}; {fix}")
