"""Limits on reading one PDF page: time (``--page-timeout``) and memory (``--page-memory``); and the
structural limits that keep every input kind linear in its length (text file size, sentence
length, figures per sentence: see "Limits on text" below; what the compressed parts of an HWPX or
HWP 5 document may inflate to, :class:`InflateBudget`: see "Limits on compressed input").

A page with pathological content (hundreds of thousands of vector paths, an inline image pdfminer
scans byte by byte, a form drawn a thousand times over) must not hang or swamp a batch. pdfminer parses a page in pure Python and
offers no way to stop it, and a thread cannot be interrupted from outside; so the limits are enforced
by an interval timer. While a page is read, SIGALRM fires every :data:`TICK` seconds and its handler
raises when the page has run past its deadline or grown the process's resident memory by more than
its budget. The exception unwinds pdfminer, the page is skipped and reported, and the next page is
read as usual. The normal path pays one cheap handler call per tick, nothing per object.

:class:`PageGuard` is what :func:`pipeline.read.pdf.read_pdf` takes as ``page_guard``: a context manager
per page that also turns a page pdfminer cannot parse (a broken content stream) into a skipped page
instead of a failed document. What was skipped, and why, is in ``guard.skipped``.

Limits need the main thread of a process (where Python runs signal handlers) and ``setitimer``;
elsewhere (a worker thread, Windows, or SIGALRM already in use by the host program) pages are read
without limits, and still skipped when they cannot be parsed. Time and memory spent inside one
long C call (zlib inflating a decompression bomb) are only noticed when it returns; there the
backstop is the batch's worker processes (``--jobs`` 2 or more), whose death fails only their file.
Giant images cost nothing: the reader needs their boxes, and never decodes them.
"""
from __future__ import annotations

import os
import signal
import sys
import threading
import time
import zlib
from dataclasses import dataclass
from typing import Iterator

from pipeline.errors import (DecompressionBombError, PageTimeoutError, _PicklableError, display_name,
                             one_line)
from pipeline.records import DocumentWarning

DEFAULT_PAGE_TIMEOUT = 60.0     # seconds; a real page takes well under one
DEFAULT_PAGE_MEMORY_MB = 2048   # growth of the resident set while one page is read
TICK = 0.25                     # seconds between checks

# --- Limits on text -------------------------------------------------------------------------------
# Whatever the input kind, its cost must grow linearly with its length: a figure keeps its sentence,
# so a text with many figures and no sentence break (one line of 1 MB) would cost figures x length
# (gigabytes), and Kiwi slows down more than linearly on one long text. Real releases stay well
# below these limits (measured on 34 corpus files: longest block 655 characters, longest sentence
# with a figure 484, at most 18 figures in one sentence). Within them a text costs at most
# MAX_FIGURES_PER_SENTENCE characters of stored sentences per character read: the worst text
# allowed (2 MB, a figure every 19 characters, no sentence break) is ingested in 37 s and 880 MB.
DEFAULT_MAX_TEXT_MB = 2         # a .txt/.md file larger than this is refused (TextTooLargeError)
MAX_SENTENCE_CHARS = 1000       # longer stretches are cut at a clause or word boundary before Kiwi
MAX_FIGURES_PER_SENTENCE = 30   # figures past this many in one sentence are dropped, with a warning

# --- Limits on compressed input ------------------------------------------------------------------
# An HWPX part or an HWP 5 stream is inflated before it is read, and deflate inflates a thousand
# times over: a 1 MB HWPX may hold a section of 1 GB (a zip bomb), which took 2.1 GB before expat
# gave up. So the parts one document reads may inflate, all together, to at most INFLATE_RATIO
# times the file's size, and to no more than the --page-memory budget pays for: reading costs up
# to READ_COST bytes of memory per inflated byte (worst cases measured on 4 MB of one text, of
# empty elements with an attribute, of one-letter paragraphs, of empty HWP records: 98, 40, 21
# and 176; a real document costs 5 or 6). Whichever is lower holds, but never less than
# INFLATE_FLOOR_MB, so that no real document trips it whatever the flags (the 17 Hangul files of
# corpus-real inflate to at most 2 MB, 12.4 times their size; deflate packs their XML at most 26
# to 1); at the floor the worst case still reads in 1.4 GB. A part is inflated in chunks and
# counted as it comes (the size a ZIP header declares is checked first, but it may lie), so a
# bomb costs no more than the limit; the refusal is a DecompressionBombError naming the reason
# (zip_bomb, or too_large when the file is within the ratio but not within --page-memory).
INFLATE_RATIO = 100             # inflated bytes per byte of the file, all parts together
INFLATE_FLOOR_MB = 8            # any document may inflate to this much
READ_COST = {"HWPX": 100, "HWP": 200}   # memory per inflated byte, worst measured, rounded up
INFLATE_CHUNK = 1 << 20         # bytes inflated at a time


class InflateBudget:
    """What the compressed parts of one document may inflate to, all parts together (see "Limits
    on compressed input" above). ``kind`` is ``"HWPX"`` or ``"HWP"``; ``page_memory`` is in MB,
    ``None`` or 0 for no memory limit (the ratio to the file's size still holds).

    Raises :class:`~pipeline.errors.DecompressionBombError` from :meth:`declare` or while
    :meth:`inflate` runs, before more than the limit is held."""

    def __init__(self, path, kind: str, page_memory: int | None = DEFAULT_PAGE_MEMORY_MB):
        self.path, self.kind, self.page_memory = path, kind, page_memory or None
        self.file_size = os.stat(path).st_size
        self.bomb_size = INFLATE_RATIO * self.file_size         # more than this is a zip bomb
        memory_limit = page_memory * 2**20 // READ_COST[kind] if page_memory else self.bomb_size
        self.limit = max(INFLATE_FLOOR_MB * 2**20, min(self.bomb_size, memory_limit))
        self.used = 0                   # bytes inflated so far, all parts

    def declare(self, part: str, size: int) -> None:
        """Refuse the document when ``part`` says it inflates to more than is left."""
        if self.used + size > self.limit:
            raise self._refusal(part, self.used + size, "declared")

    def inflate(self, part: str, chunks: Iterator[bytes]) -> Iterator[bytes]:
        """The inflated ``chunks`` of ``part``, counted; refuses the document at the first chunk
        past the limit. What is left is then inflated only to be counted (up to the size of a
        zip bomb), so that the reason says which limit it passed."""
        for chunk in chunks:
            self.used += len(chunk)
            if self.used > self.limit:
                raise self._refusal(part, *self._count_rest(chunks))
            yield chunk

    def read(self, part: str, chunks: Iterator[bytes]) -> bytes:
        """The whole of ``part``, within the budget."""
        return b"".join(self.inflate(part, chunks))

    def _count_rest(self, chunks: Iterator[bytes]) -> tuple[int, str]:
        """``(size, how)``: the total inflated with the rest of ``chunks``, ``"exact"``, or once it
        passes the size of a zip bomb ``"at least"`` that much (the rest is left)."""
        total = self.used
        for chunk in chunks:
            total += len(chunk)
            if total > self.bomb_size:
                return total, "at least"
        return total, "exact"

    def _refusal(self, part: str, size: int, how: str) -> DecompressionBombError:
        return DecompressionBombError(self.path, self.kind, part, size, how, self.limit,
                                      self.file_size, INFLATE_RATIO, self.page_memory)


def read_chunks(stream, size: int = INFLATE_CHUNK) -> Iterator[bytes]:
    """``stream.read(size)`` until it is exhausted (a ZIP member inflates ``size`` bytes at a time)."""
    return iter(lambda: stream.read(size), b"")


def raw_inflate(data: bytes, size: int = INFLATE_CHUNK) -> Iterator[bytes]:
    """The raw deflate stream ``data`` inflated ``size`` bytes at a time (what follows its end is
    ignored, as :func:`zlib.decompress` does). Raises :class:`zlib.error` on a damaged or
    truncated stream."""
    inflater = zlib.decompressobj(-15)
    while not inflater.eof:
        chunk = inflater.decompress(data, size)
        data = inflater.unconsumed_tail
        if chunk:
            yield chunk
        elif not data and not inflater.eof:
            raise zlib.error("incomplete or truncated stream")


# After the handler has raised, it waits this long before raising again: long enough for the
# exception to unwind to the guard, short enough to stop code that swallowed it.
_GRACE = 1.0


class PageMemoryError(_PicklableError):
    """Reading one page needed more memory than allowed (not an input error, like
    :class:`~pipeline.errors.PageTimeoutError`)."""

    def __init__(self, page: int, megabytes: int | None = None, path=None):
        self.page = page
        self.megabytes = megabytes
        self.path = path
        self._args = (page, megabytes, path)
        super().__init__(*self._args)

    def __str__(self) -> str:
        limit = f" {self.megabytes} MB" if self.megabytes is not None else " the memory limit"
        text = f"page {self.page} needed more than{limit} to read"
        return f"{display_name(self.path)}: {text}" if self.path is not None else text


class _LimitExceeded(BaseException):
    """Raised by the timer inside pdfminer. A BaseException, so that pdfminer's and pdfplumber's
    ``except Exception`` clauses let it through."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind            # "time" | "memory"


@dataclass(frozen=True)
class SkippedPage:
    """A page that was not read, with the error saying why."""
    page: int
    code: str                       # page_timeout | page_memory | page_unreadable
    error: BaseException

    @property
    def warning(self) -> DocumentWarning:
        """The document warning that reports the skipped page."""
        return DocumentWarning(self.code, _warning_text(self), self.page)


def _warning_text(skip: SkippedPage) -> str:
    """The warning message; the warning carries the page, so the message does not repeat it."""
    err = skip.error
    if skip.code == "page_timeout":
        limit = f"{err.seconds:g} s" if err.seconds is not None else "the time limit"
        return f"took longer than {limit} to read (--page-timeout); the page was skipped"
    if skip.code == "page_memory":
        limit = f"{err.megabytes} MB" if err.megabytes is not None else "the memory limit"
        return f"needed more than {limit} of memory to read (--page-memory); the page was skipped"
    return f"could not be parsed ({_describe(err)}); the page was skipped"


def _describe(exc: BaseException) -> str:
    """``"TypeName: message"`` on one line, shortened for a warning."""
    text = one_line(str(exc))[:160]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


class _Watch:
    """The limits of the page being read, checked by the SIGALRM handler."""

    def __init__(self, timeout: float | None, memory_mb: int | None, caller=None):
        self.caller = caller        # code of the function holding the with statement
        self.deadline = time.monotonic() + timeout if timeout else None
        base = _resident_bytes()
        self.memory_cap = base + memory_mb * 2**20 if memory_mb and base is not None else None
        self.fired_at: float | None = None

    def exceeded(self) -> str | None:
        """``"time"`` or ``"memory"`` when a limit is passed, else None."""
        now = time.monotonic()
        if self.fired_at is not None and now - self.fired_at < _GRACE:
            return None
        if self.deadline is not None and now >= self.deadline:
            return "time"
        if self.memory_cap is not None and (_resident_bytes() or 0) > self.memory_cap:
            return "memory"
        return None


_watch: _Watch | None = None        # the page being read in this process, if any


def _on_alarm(signum, frame) -> None:
    """SIGALRM handler: stop the page being read when it is over a limit."""
    watch = _watch
    if watch is None or not _may_raise_in(frame, watch):
        return                      # the next tick checks again
    kind = watch.exceeded()
    if kind is not None:
        watch.fired_at = time.monotonic()
        raise _LimitExceeded(kind)


def _may_raise_in(frame, watch: _Watch) -> bool:
    """False in the guard's own code and in the frame holding the with statement, where an
    exception would escape the guard instead of ending the page."""
    if frame is None or frame.f_code is watch.caller:
        return False
    return frame.f_globals.get("__name__") not in (__name__, "contextlib")


_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _resident_bytes() -> int | None:
    """The process's resident set size (Linux ``/proc``), or None where it cannot be read."""
    try:
        with open("/proc/self/statm", "rb") as f:
            return int(f.read().split()[1]) * _PAGE_SIZE
    except (OSError, ValueError, IndexError):
        return None


def limits_available() -> bool:
    """Whether page limits can be enforced here: main thread, ``setitimer``, SIGALRM unused."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return False
    if signal.getsignal(signal.SIGALRM) not in (signal.SIG_DFL, signal.SIG_IGN, None, _on_alarm):
        return False
    return signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


class PageGuard:
    """Reads each page of one PDF under the limits; remembers the pages it skipped.

    ``timeout`` is in seconds and ``memory_mb`` in megabytes of growth; ``None`` or 0 turns a limit
    off. Use ``with guard(number): ...`` around one page's parse: a page over a limit, or one that
    raises an ``Exception``, leaves the block early with the error swallowed and recorded in
    :attr:`skipped`.
    """

    def __init__(self, path=None, timeout: float | None = DEFAULT_PAGE_TIMEOUT,
                 memory_mb: int | None = DEFAULT_PAGE_MEMORY_MB):
        self.path = path
        self.timeout = timeout or None
        self.memory_mb = memory_mb or None
        self.skipped: list[SkippedPage] = []

    def __call__(self, page: int) -> "_PageContext":
        return _PageContext(self, page)

    def _record(self, page: int, exc: BaseException) -> None:
        """Remember why ``page`` was skipped."""
        if isinstance(exc, _LimitExceeded) and exc.kind == "time":
            skip = SkippedPage(page, "page_timeout", PageTimeoutError(page, self.timeout, self.path))
        elif isinstance(exc, _LimitExceeded):
            skip = SkippedPage(page, "page_memory", PageMemoryError(page, self.memory_mb, self.path))
        else:
            skip = SkippedPage(page, "page_unreadable", exc)
        self.skipped.append(skip)

    # --- what was skipped ---------------------------------------------------------------------

    def first_failure(self) -> BaseException | None:
        """The error to fail the document with when no page was read: the first limit exceeded,
        else None (pages that could not be parsed make a corrupt PDF: the caller's business)."""
        for skip in self.skipped:
            if skip.code in ("page_timeout", "page_memory"):
                return skip.error
        return None

    @property
    def warnings(self) -> list[DocumentWarning]:
        """One warning per skipped page."""
        return [skip.warning for skip in self.skipped]


class _PageContext:
    """``with guard(page):`` -- watches one page's parse (a class rather than a generator, so that
    no tick can land in context-manager machinery where its exception would escape)."""

    def __init__(self, guard: PageGuard, page: int):
        self.guard = guard
        self.page = page
        self.armed = False

    def __enter__(self) -> None:
        # The frame running the with statement: a tick that lands there (after the page body has
        # returned, before __exit__ runs) must not raise, or the exception would escape the block.
        self.armed = _arm(self.guard, sys._getframe(1).f_code)

    def __exit__(self, exc_type, exc, tb) -> bool:
        _disarm(self.armed)
        if exc is None or not isinstance(exc, (_LimitExceeded, Exception)):
            return False            # success, or KeyboardInterrupt/SystemExit: not ours to keep
        self.guard._record(self.page, exc)
        return True


_previous_handler = signal.SIG_DFL


def _arm(guard: PageGuard, caller) -> bool:
    """Start watching a page; False when no limit is set or limits cannot be used here."""
    global _watch, _previous_handler
    if not (guard.timeout or guard.memory_mb) or not limits_available():
        return False
    _watch = _Watch(guard.timeout, guard.memory_mb, caller)
    _previous_handler = signal.signal(signal.SIGALRM, _on_alarm)
    first = min(TICK, guard.timeout) if guard.timeout else TICK
    signal.setitimer(signal.ITIMER_REAL, first, TICK)
    return True


def _disarm(armed: bool) -> None:
    """Stop watching. Ticks landing here do nothing (see :func:`_on_alarm`)."""
    global _watch
    if armed:
        _watch = None
        signal.setitimer(signal.ITIMER_REAL, 0, 0)
        signal.signal(signal.SIGALRM, _previous_handler)
