"""The ingest pipeline: a file in, a :class:`~pipeline.records.Document` out.

read (pages) -> structure (blocks, tables) -> analysis (sentences, morphemes) -> extract (records).
Each stage is a function of the one before; nothing reaches back.
"""
from __future__ import annotations

from pathlib import Path

from pipeline import errors, source
from pipeline.analysis import analyse
from pipeline.extract import extract
from pipeline.read import ReadDocument, file_sha256, read_pdf
from pipeline.records import Document, DocumentInfo, DocumentWarning
from pipeline.structure import Structure, build_structure, structure_from_text

# Bump when a change of the pipeline changes its records: stored documents are then re-ingested.
PIPELINE_VERSION = "0.1.0"


def ingest_file(path: str | Path, password: str | None = None, max_pages: int | None = 2000) -> Document:
    """Read, structure, analyse and extract one PDF or text release.

    Raises a subclass of :class:`pipeline.errors.InputError` with a one-line reason when the file
    cannot be used."""
    path = Path(path)
    if source.input_kind(path) == "text":
        return _from_text(path)
    pdf = source.open_pdf(path, password=password, max_pages=max_pages)
    try:
        read = read_pdf(pdf, path.name, sha256=file_sha256(path))
    finally:
        pdf.close()
    text_pages = [p for p in read.pages if p.has_text]
    if not text_pages:
        raise errors.ScannedPdfError(path, len(read.pages))
    structure = build_structure(read)
    return _document(path, read.sha256, len(read.pages), read.producer, structure, list(read.warnings))


def _from_text(path: Path) -> Document:
    text = path.read_text(encoding="utf-8")
    return _document(path, file_sha256(path), 1, "text", structure_from_text(text), [])


def _document(path: Path, sha256: str, pages: int, producer: str, structure: Structure,
              warnings: list[DocumentWarning]) -> Document:
    analysis = analyse(structure)
    language = analysis.language
    if language == "und":
        raise errors.NoLanguageTextError(path, "no Korean or English text found")
    records = extract(structure, analysis)
    meta = records.metadata
    info = DocumentInfo(
        id=sha256[:12], source=path.name, sha256=sha256, pages=pages, producer=producer, language=language,
        warnings=tuple(warnings), ministry=meta.ministry, kind=meta.kind, title=meta.title,
        subtitles=meta.subtitles, release_at=meta.release_at, distributed_at=meta.distributed_at,
        edition=meta.edition, department=meta.department, contacts=meta.contacts,
        pipeline_version=PIPELINE_VERSION)
    return Document(info=info, blocks=structure.blocks, tables=structure.tables, figures=records.figures,
                    targets=records.targets, focus_technologies=records.focus_technologies,
                    ecosystem=records.ecosystem)
