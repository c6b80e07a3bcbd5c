"""The ingest pipeline: a file in, a :class:`~pipeline.records.Document` out.

read (pages) -> structure (blocks, tables) -> analysis (sentences, morphemes) -> extract (records).
Each stage is a function of the one before; nothing reaches back.

Every problem with the input ends in a typed error of :mod:`pipeline.errors` (``str(err)`` is one
line naming the file); a page over ``page_timeout`` seconds or ``page_memory`` megabytes, or one
pdfminer cannot parse, is skipped with a warning and the rest of the document is read.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from pipeline import errors, korean
from pipeline.extract.analysis import analyse
from pipeline.extract.document import extract
from pipeline.read import source
from pipeline.read.content import READERS, PdfiumPages, PdfiumUnavailable
from pipeline.read.limits import DEFAULT_MAX_TEXT_MB, DEFAULT_PAGE_MEMORY_MB, DEFAULT_PAGE_TIMEOUT, PageGuard
from pipeline.read.pdf import ReadDocument, read_pdf
from pipeline.read.version import DEFAULT_READER, PIPELINE_VERSION, pipeline_version  # noqa: F401 (re-exported)
from pipeline.records import Document, DocumentInfo, DocumentWarning
from pipeline.structure.blocks import Structure, build_structure, structure_from_text


def ingest_file(path: str | Path, password: str | None = None,
                max_pages: int | None = source.DEFAULT_MAX_PAGES,
                page_timeout: float | None = DEFAULT_PAGE_TIMEOUT,
                page_memory: int | None = DEFAULT_PAGE_MEMORY_MB,
                reader: str = DEFAULT_READER, ocr: str = "auto",
                max_text_mb: float | None = DEFAULT_MAX_TEXT_MB) -> Document:
    """Read, structure, analyse and extract one PDF, HWP/HWPX or text release.

    ``ocr`` says which PDF pages Tesseract reads (:mod:`pipeline.read.ocr`): ``"auto"`` the pages with
    images and no text layer, ``"always"`` every page, ``"never"`` none.

    ``reader`` is the engine that parses pages (:data:`pipeline.read.content.READERS`): ``"pdfium"``
    (fast; a page it cannot give exactly is parsed by pdfminer) or ``"pdfminer"`` for every page.

    Raises a subclass of :class:`pipeline.errors.InputError` with a one-line reason when the file
    cannot be used, or :class:`~pipeline.errors.PageTimeoutError` /
    :class:`~pipeline.read.limits.PageMemoryError` when no page could be read within the limits
    (``None`` or 0 turns a limit off). A text file over ``max_text_mb`` megabytes fails with
    :class:`~pipeline.errors.TextTooLargeError`."""
    path = Path(path)
    if source.input_kind(path) == "text":
        return _from_text(path, pipeline_version(reader), max_text_mb)
    return document_from(read_file(path, password, max_pages, page_timeout, page_memory, reader, ocr))


#: Readers of Hangul documents by the kind :func:`pipeline.read.source.input_kind` tells.
HANGUL_KINDS = ("hwpx", "hwp")


def _read_hangul(path: Path, kind: str, version: str, page_memory: int | None) -> FileRead:
    """The read stage of an HWPX or HWP 5 document: paragraphs laid out as pages (the page count
    is that of the layout Hangul saved, which may differ a little from a printed PDF's). The whole
    document is read at once, so ``page_memory`` bounds what its compressed parts may inflate to."""
    sha256 = source.sha256_of(path)
    if kind == "hwpx":
        from pipeline.read.hwpx import read_hwpx
        read = read_hwpx(path, sha256, page_memory)
    else:
        from pipeline.read.hwp import read_hwp
        read = read_hwp(path, sha256, page_memory)
    if not any(p.has_text for p in read.pages):
        raise errors.NoLanguageTextError(path, "the document holds no text")
    return FileRead(path, read, len(read.pages), version)


@dataclass(frozen=True)
class FileRead:
    """A PDF after the read stage: its pages, and what its document needs of the file."""
    path: Path
    read: ReadDocument
    page_count: int          # pages in the PDF, skipped ones included
    version: str             # the pipeline version that reads it


def read_file(path: str | Path, password: str | None = None,
              max_pages: int | None = source.DEFAULT_MAX_PAGES,
              page_timeout: float | None = DEFAULT_PAGE_TIMEOUT,
              page_memory: int | None = DEFAULT_PAGE_MEMORY_MB,
              reader: str = DEFAULT_READER, ocr: str = "auto") -> FileRead:
    """The read stage of :func:`ingest_file` for a PDF, with the same arguments and errors:
    ``document_from(read_file(path))`` is ``ingest_file(path)``. It needs no Kiwi, so a process
    that has not loaded Kiwi can read a file while another loads it; the result pickles small."""
    path = Path(path)
    if reader not in READERS:
        raise ValueError(f"unknown reader {reader!r}: one of {', '.join(READERS)}")
    kind = source.input_kind(path)
    if kind in HANGUL_KINDS:
        return _read_hangul(path, kind, pipeline_version(reader), page_memory)
    guard = PageGuard(path, page_timeout, page_memory)
    from pipeline.read.ocr import PageOcr
    with PageOcr(path, ocr, password) as page_ocr:       # OCR of a page runs beside the reading
        read, page_count = _read(path, password, max_pages, guard, reader, page_ocr.offer)
        read = _with_ocr(read, page_ocr)
    if not any(p.has_text for p in read.pages):
        raise errors.ScannedPdfError(path, page_count)
    return FileRead(path, read, page_count, pipeline_version(reader))


def document_from(file: FileRead) -> Document:
    """The stages after reading: structure, analysis (Kiwi) and extraction of a read PDF."""
    read = file.read
    doc = _document(file.path, read.sha256, file.page_count, read.producer, build_structure(read),
                    list(read.warnings), file.version)
    if read.pages and read.pages[0].engine in HANGUL_KINDS:
        doc = with_paragraph_refs(doc, read)
    if any(l.ocr is not None for p in read.pages for l in p.lines):
        doc = with_ocr_marks(doc, read)
    return doc


def with_ocr_marks(doc: Document, read: ReadDocument) -> Document:
    """The document with every block (its least sure line) and figure (its least sure word)
    read by OCR marked with its confidence, and the targets stated by figures read with less than
    :data:`pipeline.read.ocr.TARGET_CONFIDENCE` left out (a misread digit must not become a goal)."""
    from pipeline.read.ocr import TARGET_CONFIDENCE
    index: dict[int, list] = {}
    for page in read.pages:
        read_by_ocr = [l for l in page.lines if l.ocr is not None]
        if read_by_ocr:
            index[page.number] = read_by_ocr

    def confidence(page: int, bbox, by_word: bool = False) -> float | None:
        lines = index.get(page)
        if not lines or not bbox:
            return None
        inside = [_word_confidence(l, bbox) if by_word and l.char_ocr else l.ocr for l in lines
                  if l.ocr is not None and l.top < bbox[3] - 0.1 and l.bottom > bbox[1] + 0.1
                  and l.x0 < bbox[2] and l.x1 > bbox[0]]
        inside = [c for c in inside if c is not None]
        return round(min(inside), 1) if inside else None
    blocks = tuple(replace(b, ocr=confidence(b.page, b.bbox)) for b in doc.blocks)
    figures = tuple(replace(f, ocr=confidence(f.page, f.bbox, by_word=True)) for f in doc.figures)
    doubtful = [f for f in figures if f.ocr is not None and f.ocr < TARGET_CONFIDENCE]
    targets = tuple(t for t in doc.targets if not any(
        f.page == t.page and f.unit == t.unit and f.value == t.value for f in doubtful))
    return replace(doc, blocks=blocks, figures=figures, targets=targets)


def _word_confidence(line, bbox) -> float | None:
    """The confidence of the least sure OCR word of ``line`` under ``bbox`` (a figure is as sure
    as the words it was read from, not as the mean of its line)."""
    under = [c for c, x0, x1 in zip(line.char_ocr, line.char_x0, line.char_x1) if x0 < bbox[2] and x1 > bbox[0]]
    return min(under) if under else line.ocr


def with_paragraph_refs(doc: Document, read: ReadDocument) -> Document:
    """The document with each block, figure and table pointing to its Hangul paragraph.

    The structure and extract stages keep page and box; for an HWP/HWPX document the box is a
    layout of its paragraphs, and the line that starts at a box's top-left is the paragraph the
    record came from."""
    index: dict[tuple[int, float], list] = {}
    tables: dict[tuple[int, float], str] = {}
    for page in read.pages:
        lines = list(page.lines) + [l for g in page.grids for c in g.cells for l in c.lines]
        for line in lines:
            index.setdefault((page.number, round(line.top, 2)), []).append(line)
        for grid in page.grids:
            first = next((l.ref for c in grid.cells for l in c.lines if l.ref), "")
            tables[(page.number, round(grid.bbox[1], 2))] = first.rsplit("/r", 1)[0]

    def ref(page: int, bbox) -> str:
        if not bbox:
            return ""
        found = index.get((page, round(bbox[1], 2)), [])
        hit = next((l for l in found if l.x0 - 0.5 <= bbox[0] <= l.x1 + 0.5), found[0] if found else None)
        return hit.ref if hit is not None else ""
    blocks = tuple(replace(b, ref=ref(b.page, b.bbox)) for b in doc.blocks)
    figures = tuple(replace(f, ref=ref(f.page, f.bbox)) for f in doc.figures)
    grids = tuple(replace(t, ref=tables.get((t.page, round(t.bbox[1], 2)), "")) for t in doc.tables)
    info = replace(doc.info, provenance="paragraph")
    return replace(doc, info=info, blocks=blocks, figures=figures, tables=grids)


def _read(path: Path, password: str | None, max_pages: int | None,
          guard: PageGuard, reader: str, on_page=None) -> tuple[ReadDocument, int]:
    """The read stage under ``guard``, and the PDF's page count (skipped pages included);
    ``on_page`` is given each page as it is read.

    The guard's skipped pages become warnings; when it skipped every page the document fails:
    with the limit a page exceeded, else as a corrupt PDF."""
    sha256 = source.sha256_of(path)
    pdf = source.open_pdf(path, password=password, max_pages=max_pages)   # checks it, types its errors
    pdfium = _pdfium_pages(path, password) if reader == "pdfium" else None
    try:
        page_count = len(pdf.pages)
        read = read_pdf(pdf, path.name, sha256=sha256, page_guard=guard, pdfium=pdfium, on_page=on_page)
    finally:
        pdf.close()
        if pdfium is not None:
            pdfium.close()
    if guard.skipped and not read.pages:
        raise guard.first_failure() or errors.CorruptPdfError(
            path, f"no page could be parsed (page {guard.skipped[0].page}: "
                  f"{_describe(guard.skipped[0].error)})")
    warnings = list(read.warnings) + guard.warnings + _textless_pages_warning(read, page_count)
    return ReadDocument(read.path, read.sha256, read.producer, read.pages, tuple(warnings)), page_count


def _with_ocr(read: ReadDocument, page_ocr) -> ReadDocument:
    """The read document with the pages :mod:`pipeline.read.ocr` picks read by Tesseract (a
    :class:`~pipeline.read.ocr.PageOcr` offered the pages as they were read); their 'no text
    layer' warnings give way to one that says they were read by OCR."""
    pages, notes = page_ocr.finish(list(read.pages))
    if not notes or notes[0].code != "ocr":
        return ReadDocument(read.path, read.sha256, read.producer, read.pages, read.warnings + tuple(notes))
    done = {p.number for p in pages if any(l.ocr is not None for l in p.lines)}
    kept = [w for w in read.warnings if not (w.code == "image_only" and w.page in done)
            and w.code != "pages_without_text"]
    kept += _textless_pages_warning(ReadDocument(read.path, read.sha256, read.producer, tuple(pages), ()),
                                     len(pages))
    return ReadDocument(read.path, read.sha256, read.producer, tuple(pages), tuple(kept + notes))


def _pdfium_pages(path: Path, password: str | None) -> PdfiumPages | None:
    """The file opened by PDFium, or None when PDFium cannot open what pdfminer could (every page
    is then parsed by pdfminer)."""
    try:
        return PdfiumPages(path, password)
    except PdfiumUnavailable:
        return None


def _textless_pages_warning(read: ReadDocument, page_count: int) -> list[DocumentWarning]:
    """One summary warning when some (not all) pages read have no text layer: those pages are
    missing from the records, which a reader of a partial scan must know."""
    empty = [p.number for p in read.pages if not p.has_text]
    if not empty or len(empty) == len(read.pages):
        return []
    listed = ", ".join(map(str, empty[:12])) + (" ..." if len(empty) > 12 else "")
    which = f"page {listed} has" if len(empty) == 1 else f"pages {listed} have"
    return [DocumentWarning("pages_without_text",
                            f"{which} no text layer (scanned?) and gave no records; "
                            f"{len(read.pages) - len(empty)} of {page_count} pages were read; "
                            "OCR the file to read them all")]


def _describe(exc: BaseException) -> str:
    """``"TypeName: message"`` for an error message."""
    text = errors.one_line(str(exc))
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _from_text(path: Path, version: str, max_mb: float | None = DEFAULT_MAX_TEXT_MB) -> Document:
    """A ``.txt``/``.md`` release of at most ``max_mb`` megabytes. Bytes that are not UTF-8 past
    the sniffed head are replaced (and counted in a warning) rather than failing the file."""
    sha256 = source.sha256_of(path)
    limit = int(max_mb * 2**20) if max_mb else None
    try:
        with path.open("rb") as f:          # reads one byte past the limit, never the whole file
            data = f.read(limit + 1) if limit is not None else f.read()
            if limit is not None and len(data) > limit:
                raise errors.TextTooLargeError(path, max(len(data), path.stat().st_size), max_mb)
    except OSError as exc:
        raise errors.UnreadableFileError.from_oserror(path, exc) from None
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    warnings = [DocumentWarning("not_utf8", f"{bad} byte sequences that are not UTF-8 were replaced "
                                            "by U+FFFD")] if bad else []
    return _document(path, sha256, 1, "text", structure_from_text(text), warnings, version)


def _document(path: Path, sha256: str, pages: int, producer: str, structure: Structure,
              warnings: list[DocumentWarning], version: str) -> Document:
    analysis = analyse(structure)
    language = analysis.language
    if language == "und":
        raise errors.NoLanguageTextError(path, _no_language_detail(structure))
    records = extract(structure, analysis)
    meta = records.metadata
    warnings = list(warnings) + list(records.warnings) + list(meta.warnings)
    kind = meta.kind or _non_release_kind(meta.title)
    warnings = warnings + _non_release_warning(kind)
    info = DocumentInfo(
        id=sha256[:12], source=path.name, sha256=sha256, pages=pages, producer=producer, language=language,
        warnings=tuple(warnings), ministry=meta.ministry, kind=kind, title=meta.title,
        subtitles=meta.subtitles, release_at=meta.release_at, distributed_at=meta.distributed_at,
        edition=meta.edition, department=meta.department, contacts=meta.contacts,
        pipeline_version=version)
    return Document(info=info, blocks=structure.blocks, tables=structure.tables, figures=records.figures,
                    targets=records.targets, focus_technologies=records.focus_technologies,
                    ecosystem=records.ecosystem, key_points=records.key_points, plan=records.plan,
                    milestones=records.milestones)


def _non_release_kind(title: str) -> str:
    """The kind of a document that is not a release, from its title ('구 매 요 구 서'), or ''."""
    squashed = "".join(title.split())
    return squashed if squashed in korean.NON_RELEASE_KINDS else ""


def _non_release_warning(kind: str) -> list[DocumentWarning]:
    """The named reason a document has no release metadata: it is not a release or plan."""
    what = korean.NON_RELEASE_KINDS.get(kind)
    if what is None:
        return []
    return [DocumentWarning("not_a_release", f"{what}, not a press release or plan: it has no "
                                              "ministry, release time or contacts to read")]


def _no_language_detail(structure: Structure) -> str:
    """What the text is instead, for the NoLanguageTextError message: a short sample of it."""
    texts = [t.text for t in structure.block_texts] + [t.text for t in structure.cell_texts.values()]
    text = " ".join(" ".join(texts).split())
    if not text:
        return "the text layer holds no words"
    sample = text[:40] + ("..." if len(text) > 40 else "")
    return f"{len(text)} characters, starting {sample!r}"
