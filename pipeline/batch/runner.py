"""Batches: many files into one store, going on past failures, skipping what is already stored.

Files are read in worker processes (``jobs``), each keeping its Kiwi loaded; records come back to
this process, the one writer of the store, which saves each document in its own transaction. So a
batch killed at any moment leaves every document either stored whole or absent, and the next run
skips what is stored (same sha256 and pipeline version) and picks up the rest.

A file that fails gets an :class:`Outcome` with its one-line reason and the batch goes on (unless
``fail_fast``); a worker process that dies (a crash in a C library, the OOM killer) fails only the
file it was reading.
"""
from __future__ import annotations

import json
import logging
import os
import sqlite3
import stat
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable, Iterator

from pipeline import errors
from pipeline.batch import executors, interrupts
from pipeline.files import write_atomically
from pipeline.read import source
from pipeline.read.limits import DEFAULT_PAGE_MEMORY_MB, DEFAULT_PAGE_TIMEOUT, PageMemoryError
from pipeline.read.source import file_sha256
from pipeline.read.version import DEFAULT_READER, pipeline_version
from pipeline.records import Document, document_from_json, json_text, with_series
from pipeline.store.database import Store, StoredText
from pipeline.store.series import series_for, series_key  # noqa: F401 (series_key re-exported)

INPUT_SUFFIXES = {".pdf", ".txt", ".md"}
# Found by --recursive too, so that a folder of downloads says why its HWP files were not read.
RECURSIVE_SUFFIXES = INPUT_SUFFIXES | {".hwp", ".hwpx"}
# Document warnings worth a line on standard error: parts of the document are missing.
NOTABLE_WARNINGS = ("page_timeout", "page_memory", "page_unreadable", "pages_without_text", "not_utf8")
# Errors a file can end in that are not bugs: reported by their own one-line message.
EXPECTED_ERRORS = (errors.InputError, errors.PageTimeoutError, PageMemoryError)


@dataclass(frozen=True)
class Outcome:
    """What became of one file of a batch."""
    path: str
    status: str                 # ingested | unchanged | failed
    doc_id: str | None = None
    reason: str | None = None   # failed: "<file name>: <reason>", one line
    pages: int = 0
    error: str | None = None    # failed: the error class, e.g. "NotAPdfError"
    warnings: tuple[str, ...] = ()   # notable document warnings, one line each, naming the file


@dataclass
class BatchResult:
    """Every file's outcome, in the order given, and what the batch as a whole has to say."""
    outcomes: list[Outcome] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)   # batch-level warnings (an empty directory ...)
    not_attempted: int = 0      # files left when --fail-fast stopped or the batch was interrupted
    interrupted: bool = False

    def count(self, status: str) -> int:
        return sum(o.status == status for o in self.outcomes)

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    @property
    def warnings(self) -> list[str]:
        """Every notable warning: the batch's, then each document's."""
        return self.notes + [w for o in self.outcomes for w in o.warnings]

    def summary(self) -> str:
        text = (f"{self.count('ingested')} ingested, {self.count('unchanged')} unchanged (skipped), "
                f"{self.count('failed')} failed")
        if self.not_attempted:
            why = "interrupted" if self.interrupted else "--fail-fast"
            text += f", {self.not_attempted} not attempted ({why})"
        return text


@dataclass(frozen=True)
class Options:
    """How each file is read and stored; the same for every file of a batch."""
    password: str | None = None
    max_pages: int | None = source.DEFAULT_MAX_PAGES
    series: str | None = None
    fail_fast: bool = False
    page_timeout: float | None = DEFAULT_PAGE_TIMEOUT   # seconds per page; None: no limit
    page_memory: int | None = DEFAULT_PAGE_MEMORY_MB    # MB of growth per page; None: no limit
    executor: str = "process"         # where files are read: "process" (local) or "dask"
    scheduler: str | None = None      # the Dask scheduler's address, with executor "dask"
    reader: str = DEFAULT_READER      # the engine that parses pages (pipeline.read.content.READERS)
    ocr: str = "auto"                 # which PDF pages Tesseract reads (pipeline.read.ocr.MODES)


# --- which files -------------------------------------------------------------------------------

def expand_inputs(paths: Iterable[str | Path], recursive: bool = False,
                  notes: list[str] | None = None) -> tuple[list[Path], list[Outcome]]:
    """Files to ingest, and a failure for every path that cannot be one (missing, a directory
    without ``recursive``, an unreadable directory). A path given twice is read once; an empty
    directory gets a note in ``notes``."""
    files, failed, seen = [], [], set()
    for raw in paths:
        path = Path(raw)
        try:
            found = _files_at(path, recursive, failed)
        except errors.InputError as err:
            failed.append(_failed(path, err))
            continue
        if not found and notes is not None:
            notes.append(f"{errors.display_name(path)}: no PDF, text or HWP files in it")
        for file in found:
            key = os.path.realpath(file)
            if key not in seen:
                seen.add(key)
                files.append(file)
    return files, failed


def _files_at(path: Path, recursive: bool, failed: list[Outcome]) -> list[Path]:
    """The files a command-line path stands for: itself, or with ``recursive`` a directory's."""
    try:
        is_dir = stat.S_ISDIR(os.stat(path).st_mode)
    except FileNotFoundError:
        raise errors.MissingFileError(path) from None
    except OSError as exc:          # e.g. inside a directory we may not enter
        raise errors.UnreadableFileError.from_oserror(path, exc) from None
    if is_dir and not recursive:
        raise errors.IsDirectoryError(path)
    return _walk(path, failed) if is_dir else [path]


def _walk(folder: Path, failed: list[Outcome]) -> list[Path]:
    """The input files under ``folder``, sorted; hidden files (``.DS_Store``, macOS ``._x.pdf``
    forks) are left out, symlinked directories are not followed, unreadable directories fail."""
    def unreadable(exc: OSError) -> None:
        where = Path(exc.filename or folder)
        failed.append(_failed(where, errors.UnreadableFileError.from_oserror(where, exc)))

    found = []
    for root, dirs, names in os.walk(folder, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(Path(root) / n for n in names
                     if not n.startswith(".") and Path(n).suffix.lower() in RECURSIVE_SUFFIXES)
    return sorted(found)


def _failed(path: Path, exc: BaseException) -> Outcome:
    """The outcome of a file that ended in ``exc``."""
    return Outcome(str(path), "failed", reason=str(exc), error=type(exc).__name__)


# --- the batch ---------------------------------------------------------------------------------

def ingest_paths(paths: Iterable[str | Path], store: Store, out_dir: str | Path | None = None,
                 jobs: int = 1, options: Options = Options(), recursive: bool = False,
                 progress: Callable[[int, int, str], None] | None = None) -> BatchResult:
    """Ingest every file into ``store`` (and ``out_dir/<stem>.json``); never stops at a bad file
    unless ``options.fail_fast``. Files already stored are skipped (their JSON still written);
    ``progress(done, total, name)`` is called after each file read. Ctrl-C (a KeyboardInterrupt)
    ends the batch early with ``result.interrupted`` set, at any moment: every document stored is
    whole and counted (see :mod:`pipeline.batch.interrupts`)."""
    result = BatchResult()
    given, files = list(paths), None
    with interrupts.stoppable() as stop:
        try:
            interrupts.phase("plan")
            files, failed = expand_inputs(given, recursive, result.notes)
            result.outcomes.extend(failed)
            if out_dir is not None:
                result.notes.extend(_stem_clashes(files))
            if not (failed and options.fail_fast):
                _ingest_files(files, store, out_dir, jobs, options, progress, result)
        except KeyboardInterrupt:
            result.interrupted = True
        with interrupts.held(then_raise=False):     # the result is settled: a Ctrl-C now is noted
            interrupts.phase("settle")
            result.interrupted = result.interrupted or stop.requested
            _settle(result, given, files)
    return result


def _settle(result: BatchResult, given: list, files: list[Path] | None) -> None:
    """Sort the outcomes in the order the files were given (workers finish in any order; the
    paths that could not be expanded come first) and count the files never attempted (every path
    given, when the batch was interrupted before it found the files)."""
    if files is None:
        result.not_attempted = len(given)
        return
    rank = {str(p): i for i, p in enumerate(files)}
    result.outcomes.sort(key=lambda o: rank.get(o.path, -1))
    result.not_attempted = len(set(rank) - {o.path for o in result.outcomes})


def _ingest_files(files: list[Path], store: Store, out_dir, jobs: int, options: Options,
                  progress, result: BatchResult) -> None:
    """Skip what is stored, read the rest, then settle files that repeat another's content."""
    todo, duplicates = _plan(files, store, out_dir, result, options)
    if options.fail_fast and result.failures:
        return
    _ingest_todo(todo, store, out_dir, jobs, options, progress, result)
    for path, first, sha in duplicates:
        outcome = _duplicate(path, first, sha, store, out_dir, result)
        if outcome is not None:
            result.outcomes.append(outcome)


def _stem_clashes(files: list[Path]) -> list[str]:
    """Notes for files whose JSON would land on the same ``<file stem>.json`` (the last wins)."""
    by_stem: dict[str, list[Path]] = {}
    for path in files:
        by_stem.setdefault(path.stem, []).append(path)
    return [f"{stem}.json: written for each of {', '.join(p.name for p in paths)}; the last one wins"
            for stem, paths in by_stem.items() if len(paths) > 1]


def _plan(files: list[Path], store: Store, out_dir, result: BatchResult, options: Options):
    """Split ``files`` into those to read and ``(path, first path, sha256)`` duplicates of another
    file in the batch; files already stored (by this pipeline version and reader) are skipped here
    (outcome ``unchanged``), and files that are missing, unreadable or empty fail here (with
    ``options.fail_fast`` the planning stops there)."""
    todo, duplicates, first_by_sha = [], [], {}
    version, fail_fast = pipeline_version(options.reader), options.fail_fast
    for path in files:
        try:
            sha = _checked_sha256(path)
        except errors.InputError as err:
            result.outcomes.append(_failed(path, err))
            if fail_fast:
                break
            continue
        if sha in first_by_sha:
            duplicates.append((path, first_by_sha[sha], sha))
            continue
        first_by_sha[sha] = path
        try:
            stored = store.stored_text(sha, version)
        except sqlite3.Error as exc:
            stored = None           # reading it again is the way to find out
            result.notes.append(f"{path.name}: could not look it up in {store.path.name} "
                                f"({errors.one_line(exc)}); reading it again")
        if stored is None:
            todo.append(path)
        else:
            result.outcomes.append(_unchanged(path, stored, out_dir))
    return todo, duplicates


def _checked_sha256(path: Path) -> str:
    """The file's sha256, once :func:`source.check_path` has made sure it is a readable regular
    file: hashing a named pipe would wait forever for a writer."""
    source.check_path(path)
    return source.sha256_of(path)


def _ingest_todo(todo: list[Path], store: Store, out_dir, jobs: int, options: Options,
                 progress, result: BatchResult) -> None:
    """Read the files, storing each as it comes back; stop early on ``fail_fast``."""
    runs = _run(todo, jobs, options)
    try:
        for done, (path, payload) in enumerate(runs, 1):
            # Stored and counted as one: a Ctrl-C meanwhile waits for both.
            with interrupts.held():
                outcome = _store(path, payload, store, out_dir, options)
                result.outcomes.append(outcome)
            if progress:
                progress(done, len(todo), path.name)
            if outcome.status == "failed" and options.fail_fast:
                break
    finally:
        with interrupts.held():
            runs.close()            # cancels what the workers have not started


def _duplicate(path: Path, first: Path, sha: str, store: Store, out_dir,
               result: BatchResult) -> Outcome | None:
    """The outcome of a file with the same content (sha256 ``sha``) as ``first``, read earlier in
    this batch (None when ``first`` was never read: --fail-fast or an interrupt stopped the batch)."""
    for outcome in result.outcomes:
        if outcome.path == str(first) and outcome.status in ("ingested", "unchanged"):
            return _unchanged(path, store.stored_text(sha), out_dir)
        if outcome.path == str(first) and outcome.status == "failed":
            reason = (outcome.reason or "").split(": ", 1)[-1]
            return Outcome(str(path), "failed", reason=f"{path.name}: {reason} (same content as "
                           f"{first.name})", error=outcome.error)
    return None


def _unchanged(path: Path, stored: StoredText, out_dir) -> Outcome:
    """A file whose document is already stored: its JSON file is the stored text, as it is (a
    batch of unchanged files never builds their records, nor parses their JSON)."""
    try:
        _write_text(stored.text, path, out_dir)
    except OSError as exc:
        return _json_failed(path, stored.id, exc)
    return Outcome(str(path), "unchanged", stored.id, pages=stored.pages)


def _json_failed(path: Path, doc_id: str, exc: OSError) -> Outcome:
    """The outcome of a file that is stored but whose JSON could not be written."""
    return Outcome(str(path), "failed", doc_id, error="OutputError",
                   reason=f"{path.name}: stored, but its JSON could not be written: "
                          f"{exc.strerror or exc}")


# --- running the reads ---------------------------------------------------------------------------

def _run(paths: list[Path], jobs: int, options: Options) -> Iterator[tuple[Path, tuple]]:
    """``(path, payload)`` for every path (see :func:`_work` for ``payload``), largest file first.

    ``jobs`` > 1 reads in that many worker processes (each keeping its Kiwi loaded),
    ``options.executor == "dask"`` on the workers of the cluster at ``options.scheduler`` (see
    :mod:`pipeline.batch.executors`). Whoever reads, the results come in the same order, so the store
    sees the documents in the same order with any ``jobs``: what depends on what is stored
    already (a series is named by its first member) comes out the same. Failures come at once
    (they store nothing, and --fail-fast stops at the first one). Closing the generator
    early cancels the reads not yet started and stops the workers."""
    paths = executors.largest_first(paths)
    kind = options.executor or "process"
    if kind == "process" and (jobs <= 1 or len(paths) <= 1):
        with executors.fewer_collections():
            for path in paths:
                yield path, _work(str(path), options)
        return
    try:
        executor = executors.make_executor(kind, jobs=jobs, scheduler=options.scheduler,
                                           initializer=executors.ignore_sigint, lost=_lost,
                                           order=None)
    except executors.ExecutorUnavailable as exc:     # no Dask, no scheduler: every file fails so
        for path in paths:
            yield path, ("error", f"{path.name}: not read: {errors.one_line(exc)}", "ExecutorUnavailable")
        return
    with executor:
        yield from executors.in_given_order(executor.map(_POOL_WORK, paths, options), paths,
                                            at_once=lambda payload: payload[0] == "error")


def _lost(path: Path, error: BaseException) -> tuple:
    """The payload of a file an executor could not read: its worker died, or the cluster lost it."""
    if isinstance(error, executors.WorkerDied):
        return _died(path)
    return ("error", f"{path.name}: not read: {errors.one_line(f'{type(error).__name__}: {error}')[:200]}",
            type(error).__name__)


def _died(path: Path) -> tuple:
    """The payload of a file whose worker process died reading it."""
    return ("error", f"{path.name}: the worker process reading it died (a crash in a library or "
                     "out of memory); try it alone with --jobs 1, or lower --page-memory",
            "WorkerDiedError")


def _work(path: str, options: Options) -> tuple:
    """Runs in a worker: ``("ok", the document's JSON text)`` or ``("error", one-line reason,
    error class name)``. The text is what the file and the store get (with the series set by the
    writer): encoding it here takes that work off the one writer. Never raises for a bad file: a
    bug is reported with the file it hit."""
    interrupts.phase("read")
    return _guarded(Path(path), lambda p: ("ok", json_text(_ingest(p, options).to_json())))


def _read_stage(path: str, options: Options) -> tuple:
    """The first stage of :func:`_work`, which needs no Kiwi: ``("read", FileRead)`` of a PDF,
    ``("whole",)`` for a text file (read with the rest), or the error payload."""
    from pipeline import ingest
    _quiet_parser_logs()

    def read(p: Path) -> tuple:
        interrupts.phase("read")
        if source.input_kind(p) == "text":
            return ("whole",)
        return "read", ingest.read_file(p, **_ingest_options(options))
    return _guarded(Path(path), read)


def _finish_stage(path: str, first: tuple, options: Options) -> tuple:
    """The rest of :func:`_work` after :func:`_read_stage` gave ``first``."""
    if first[0] == "whole":
        return _work(path, options)
    if first[0] != "read":
        return first
    from pipeline.ingest import document_from
    return _guarded(Path(path), lambda p: ("ok", json_text(document_from(first[1]).to_json())))


# What pools run: :func:`_work` in two stages, so that a pool can read files in cold processes
# (no Kiwi yet) while its workers warm up.
_POOL_WORK = executors.Staged(_read_stage, _finish_stage)


def _guarded(path: Path, make: Callable[[Path], tuple]) -> tuple:
    """``make(path)``, or the error payload of what it raised (a bug too, with the file it hit)."""
    try:
        return make(path)
    except Exception as exc:  # a bug must not end the batch either: see _reason
        kind = type(exc).__name__ if isinstance(exc, EXPECTED_ERRORS) else "InternalError"
        return "error", _reason(path, exc), kind


def _ingest(path: Path, options: Options) -> Document:
    """:func:`ingest_file` with the batch's options."""
    from pipeline.ingest import ingest_file   # here: a batch of stored files never loads the parsers
    _quiet_parser_logs()
    return ingest_file(path, **_ingest_options(options))


def _ingest_options(options: Options) -> dict:
    return dict(password=options.password, max_pages=options.max_pages, page_timeout=options.page_timeout,
                page_memory=options.page_memory, reader=options.reader, ocr=options.ocr)


def _reason(path: Path, exc: Exception) -> str:
    """The one-line reason a file failed: the error's own message, or for a bug its type and
    message, named as one so that it gets reported."""
    if isinstance(exc, EXPECTED_ERRORS):
        return errors.one_line(str(exc))
    detail = errors.one_line(f"{type(exc).__name__}: {exc}")[:200]
    return f"{path.name}: internal error ({detail}); please report it"


def _quiet_parser_logs() -> None:
    """pdfminer logs a warning for every oddity of a damaged PDF; when the host program has not
    configured logging those would land on standard error, between our one-line reasons."""
    if not logging.getLogger().handlers:
        for name in ("pdfminer", "pdfplumber"):
            logging.getLogger(name).setLevel(logging.CRITICAL)


# --- storing -------------------------------------------------------------------------------------

def _store(path: Path, payload: tuple, store: Store, out_dir, options: Options) -> Outcome:
    """Save one read document (one transaction) and write its JSON; the outcome either way."""
    status, value = payload[0], payload[1]
    interrupts.phase("store")
    if status == "error":
        return Outcome(str(path), "failed", reason=value, error=payload[2] if len(payload) > 2 else None)
    return _save(path, document_from_json(json.loads(value)), value, store, out_dir, options)


def _save(path: Path, doc: Document, text: str, store: Store, out_dir, options: Options) -> Outcome:
    """Store ``doc`` (``text`` is its JSON text) in its series and write its JSON file."""
    try:
        series = options.series or series_for(doc, store)
        doc = replace(doc, info=replace(doc.info, series=series))
        text = with_series(text, series)
        changed = store.save(doc, text)
    except sqlite3.Error as exc:
        return Outcome(str(path), "failed", reason=f"{path.name}: could not store it in "
                       f"{store.path.name}: {errors.one_line(exc)}", error="StoreError")
    try:
        interrupts.phase("json")
        _write_text(text, path, out_dir)
    except OSError as exc:
        return _json_failed(path, doc.info.id, exc)
    # Not changed: another run against the same store saved it first.
    return Outcome(str(path), "ingested" if changed else "unchanged", doc.info.id,
                   pages=doc.info.pages, warnings=_notable(path, doc))


def _notable(path: Path, doc: Document) -> tuple[str, ...]:
    """The document's warnings that say part of it is missing, one line each."""
    lines = []
    for w in doc.info.warnings:
        if w.code in NOTABLE_WARNINGS:
            where = f"page {w.page}: " if w.page else ""
            lines.append(f"{path.name}: {where}{errors.one_line(w.message)}")
    return tuple(lines)


def _write_text(text: str, path: Path, out_dir) -> None:
    """``out_dir/<stem>.json``: a document's JSON text, written whole (never half a file)."""
    if out_dir is None:
        return
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    write_atomically(out / f"{path.stem}.json", text)


# --- a document by file or by id ---------------------------------------------------------------

def document_for(ref: str, store: Store, options: Options = Options()) -> Document:
    """A stored document by id, or a file (ingested into the store when not yet there).

    A file that cannot be ingested raises its typed error (:mod:`pipeline.errors`)."""
    path = Path(ref)
    if path.is_file():
        sha = file_sha256(path)
        if store.has(sha, pipeline_version(options.reader)):
            return store.get(sha)
        try:
            doc = _ingest(path, options)
        except errors.InputError:
            raise
        except Exception as exc:    # a page limit, or a bug: still one line, no traceback
            raise errors.InputError(path, _reason(path, exc).split(": ", 1)[-1]) from None
        outcome = _save(path, doc, json_text(doc.to_json()), store, None, options)
        if outcome.status == "failed":
            raise errors.InputError(path, (outcome.reason or "").split(": ", 1)[-1])
        return store.get(outcome.doc_id)
    if path.suffix.lower() in INPUT_SUFFIXES or "/" in ref:
        raise errors.MissingFileError(path)
    return store.get(ref)
