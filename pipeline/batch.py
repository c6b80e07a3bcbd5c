"""Batches: many files into one store, going on past failures, skipping what is already stored.

Files are read in worker processes (``jobs``), each keeping its Kiwi loaded; records come back to
this process, the one writer of the store, which saves each document in its own transaction.
"""
from __future__ import annotations

import difflib
import json
import re
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable

from pipeline import errors
from pipeline.ingest import PIPELINE_VERSION, ingest_file
from pipeline.read import file_sha256
from pipeline.records import Document, document_from_json
from pipeline.store import Store

INPUT_SUFFIXES = {".pdf", ".txt", ".md"}


@dataclass(frozen=True)
class Outcome:
    path: str
    status: str                 # ingested | unchanged | failed
    doc_id: str | None = None
    reason: str | None = None
    pages: int = 0


@dataclass
class BatchResult:
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(o.status == status for o in self.outcomes)

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    def summary(self) -> str:
        return (f"{self.count('ingested')} ingested, {self.count('unchanged')} unchanged (skipped), "
                f"{self.count('failed')} failed")


@dataclass(frozen=True)
class Options:
    password: str | None = None
    max_pages: int | None = 2000
    series: str | None = None
    fail_fast: bool = False


def expand_inputs(paths: Iterable[str | Path], recursive: bool = False) -> tuple[list[Path], list[Outcome]]:
    """Files to ingest, and a failure for every path that cannot be one (missing, a directory)."""
    files, failed = [], []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            if recursive:
                files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES))
            else:
                failed.append(Outcome(str(path), "failed", reason=str(errors.IsDirectoryError(path))))
        elif not path.exists():
            failed.append(Outcome(str(path), "failed", reason=str(errors.MissingFileError(path))))
        else:
            files.append(path)
    return files, failed


def ingest_paths(paths: Iterable[str | Path], store: Store, out_dir: str | Path | None = None,
                 jobs: int = 1, options: Options = Options(), recursive: bool = False,
                 progress: Callable[[int, int, str], None] | None = None) -> BatchResult:
    """Ingest every file into ``store`` (and ``out_dir/<stem>.json``); never stops at a bad file
    unless ``options.fail_fast``."""
    files, failed = expand_inputs(paths, recursive)
    result = BatchResult(list(failed))
    todo = []
    for path in files:
        try:
            sha = file_sha256(path)
        except OSError as exc:
            result.outcomes.append(Outcome(str(path), "failed", reason=str(errors.UnreadableFileError.from_oserror(path, exc))))
            continue
        if store.has(sha, PIPELINE_VERSION):
            doc = store.get(sha)
            _write_json(doc, path, out_dir)
            result.outcomes.append(Outcome(str(path), "unchanged", doc.info.id, pages=doc.info.pages))
        else:
            todo.append(path)
    done = 0
    for path, payload in _run(todo, jobs, options):
        done += 1
        outcome = _store(path, payload, store, out_dir, options)
        result.outcomes.append(outcome)
        if progress:
            progress(done, len(todo), path.name)
        if outcome.status == "failed" and options.fail_fast:
            break
    return result


def _run(paths: list[Path], jobs: int, options: Options):
    if jobs <= 1 or len(paths) <= 1:
        for path in paths:
            yield path, _work(str(path), options)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [(path, pool.submit(_work, str(path), options)) for path in paths]
        for path, future in futures:
            yield path, future.result()


def _work(path: str, options: Options) -> tuple[str, object]:
    """Runs in a worker: the document's JSON, or the one-line reason it failed."""
    try:
        doc = ingest_file(path, password=options.password, max_pages=options.max_pages)
        return "ok", doc.to_json()
    except errors.InputError as exc:
        return "error", str(exc)
    except Exception as exc:  # a bug must not end the batch: report it with the file it hit
        return "error", f"{Path(path).name}: internal error ({type(exc).__name__}: {exc}); please report it"


def _store(path: Path, payload, store: Store, out_dir, options: Options) -> Outcome:
    status, value = payload
    if status == "error":
        return Outcome(str(path), "failed", reason=value)
    doc = document_from_json(value)
    doc = replace(doc, info=replace(doc.info, series=options.series or series_for(doc, store)))
    store.save(doc)
    _write_json(doc, path, out_dir)
    return Outcome(str(path), "ingested", doc.info.id, pages=doc.info.pages)


def _write_json(doc: Document, path: Path, out_dir) -> None:
    if out_dir is None:
        return
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{path.stem}.json").write_text(json.dumps(doc.to_json(), ensure_ascii=False, indent=1),
                                           encoding="utf-8")


# --- series: revisions of one roadmap ------------------------------------------------------------

def series_key(title: str) -> str:
    """A title with dates, numbers and revision marks taken out."""
    text = re.sub(r"\(?(수정|개정|정정|안|최종|rev\.?\s*\d*|v\d+)\)?", "", title, flags=re.I)
    text = re.sub(r"[\d’'‘.,·\s]+", "", text)
    return text


def series_for(doc: Document, store: Store) -> str:
    """The series of an existing document of the same ministry with a closely similar title,
    else a new series named by the title."""
    key = series_key(doc.info.title)
    if not key:
        return doc.info.id
    for info in store.documents():
        if info.sha256 == doc.info.sha256 or info.ministry != doc.info.ministry:
            continue
        if difflib.SequenceMatcher(None, key, series_key(info.title)).ratio() >= 0.85:
            return info.series or info.id
    return key[:60]


# --- a document by file or by id ---------------------------------------------------------------

def document_for(ref: str, store: Store, options: Options = Options()) -> Document:
    """A stored document by id, or a file (ingested into the store when not yet there)."""
    path = Path(ref)
    if path.is_file():
        sha = file_sha256(path)
        if store.has(sha, PIPELINE_VERSION):
            return store.get(sha)
        status, value = _work(str(path), options)
        if status == "error":
            raise errors.InputError(path, value.split(": ", 1)[-1])
        outcome = _store(path, (status, value), store, None, options)
        return store.get(outcome.doc_id)
    if path.suffix.lower() in INPUT_SUFFIXES or "/" in ref:
        raise errors.MissingFileError(path)
    return store.get(ref)


def progress_bar(stream=sys.stderr):
    """A one-line progress bar for a terminal."""
    def show(done: int, total: int, name: str) -> None:
        width = 30
        filled = int(width * done / max(1, total))
        stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {name[:40]:<40}")
        if done == total:
            stream.write("\n")
        stream.flush()
    return show
