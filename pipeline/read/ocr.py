"""Read stage for PDF pages with no text layer: Tesseract OCR of the page rendered by PDFium.

A page is rendered at 300 dpi (pypdfium2), read by the ``tesseract`` program in Korean and
English with word boxes and confidences (TSV output), and its words become
:class:`~pipeline.read.pdf.Line` objects in PDF points, so the structure stage reads them as it reads
a text layer. Each line carries ``ocr``, the mean confidence (0-100) of its words: later stages
mark the blocks and figures read from it, and keep figures read with low confidence out of the
targets.

Tesseract is a system program (Debian ``tesseract-ocr`` and ``tesseract-ocr-kor``); when it is
missing the pages stay unread and one warning says so.
"""
from __future__ import annotations

import csv
import io
import shutil
import statistics
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

from pipeline import korean
from pipeline.read.pdf import Line, Page
from pipeline.records import DocumentWarning

DPI = 300
LANGUAGES = "kor+eng"
#: Figures read from OCR words with a lower mean confidence stay out of the targets.
TARGET_CONFIDENCE = 80.0
#: Words Tesseract itself doubts this much are dropped (noise from pictures), and so are lines
#: read with less mean confidence or with fewer than two letters or digits.
WORD_CONFIDENCE = 30.0
LINE_CONFIDENCE = 50.0
MODES = ("auto", "never", "always")
#: A gap between two OCR words wider than this share of the line's height is a space.
SPACE_SHARE = 0.22
#: ... unless it parts a lone syllable from the syllable or digit before it and is narrower than
#: this share (Tesseract's syllable boxes are loose; a space between words is wider).
GLUE_SHARE = 0.5
#: A wider gap (in line heights) parts two columns.
COLUMN_GAP = 2.5
#: Tesseract's page segmentation: one column of text of varying sizes. Its automatic mode (3)
#: misses whole lines of a page that is mostly white; the column cuts above repair what mode 4
#: joins across columns.
PAGE_SEGMENTATION = "4"
TIMEOUT = 300


def tesseract_path() -> str | None:
    """The ``tesseract`` program, or None when it is not installed."""
    return shutil.which("tesseract")


def has_languages(program: str) -> bool:
    """True when Tesseract has the Korean and English models."""
    try:
        out = subprocess.run([program, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    langs = set((out.stdout + out.stderr).split())
    return {"kor", "eng"} <= langs


#: A page with at most this many text lines, under images that cover at least IMAGE_SHARE of it,
#: is a picture with a caption (card news, a scanned annex): ``auto`` reads it whole.
CAPTION_LINES = 2
IMAGE_SHARE = 0.5


def pages_to_read(pages: list[Page], mode: str) -> list[int]:
    """Numbers of the pages OCR should read. ``always``: every page. ``auto``: pages with images
    and no text lines, and pictures with a caption (:data:`CAPTION_LINES`, :data:`IMAGE_SHARE`);
    charts and photos on pages of text are left alone (their axis labels are not figures of the
    release). ``never``: none."""
    if mode not in MODES:
        raise ValueError(f"unknown OCR mode {mode!r}: one of {', '.join(MODES)}")
    if mode == "never":
        return []
    if mode == "always":
        return [p.number for p in pages]
    out = []
    for p in pages:
        if not p.images:
            continue
        lines = len(p.lines) + sum(len(c.lines) for g in p.grids for c in g.cells)
        covered = sum((b[2] - b[0]) * (b[3] - b[1]) for b in p.images) / (p.width * p.height)
        if lines == 0 or (lines <= CAPTION_LINES and covered >= IMAGE_SHARE):
            out.append(p.number)
    return out


def ocr_pages(path: str | Path, pages: list[Page], mode: str = "auto",
              password: str | None = None) -> tuple[list[Page], list[DocumentWarning]]:
    """``pages`` with what :func:`pages_to_read` picks read by OCR, and warnings: which pages
    were read so (and how sure Tesseract was), or that Tesseract is missing."""
    wanted = set(pages_to_read(pages, mode))
    if not wanted:
        return pages, []
    program = tesseract_path()
    if program is None or not has_languages(program):
        what = "tesseract is not installed" if program is None else "tesseract has no kor/eng models"
        return pages, [DocumentWarning(
            "ocr_unavailable", f"{what}: {len(wanted)} page(s) of images were not read; install "
                               "tesseract-ocr and tesseract-ocr-kor (make setup) to read them")]
    import pypdfium2 as pdfium
    out, read, confidences, failed = [], [], [], []
    try:
        pdf = pdfium.PdfDocument(str(path), password=password)
    except pdfium.PdfiumError as exc:       # a damaged file pdfminer could still parse
        return pages, [_render_failed(sorted(wanted), exc)]
    try:
        for page in pages:
            if page.number not in wanted:
                out.append(page)
                continue
            try:
                found = read_page(pdf, page.number - 1, program)
            except pdfium.PdfiumError as exc:
                out.append(page)
                failed.append((page.number, exc))
                continue
            if page.lines or page.grids:
                page = replace(page, lines=_merged(page, found))
            else:
                page = replace(page, lines=tuple(found), has_text=bool(found) or page.has_text, engine="ocr")
            out.append(page)
            if found:
                read.append(page.number)
                confidences.extend(l.ocr for l in found)
    finally:
        pdf.close()
    notes = [_render_failed([n for n, _ in failed], failed[0][1])] if failed else []
    if not read:
        return out, notes
    mean = statistics.fmean(confidences)
    listed = ", ".join(map(str, read))
    return out, [DocumentWarning("ocr", f"page(s) {listed}: read by OCR (Tesseract {LANGUAGES}, {DPI} dpi, "
                                        f"mean confidence {mean:.0f}); blocks and figures from it are marked ocr"),
                 *notes]


def _render_failed(numbers: list[int], exc: Exception) -> DocumentWarning:
    """Pages PDFium could not render for OCR (a damaged file): they stay as they were read."""
    listed = ", ".join(map(str, numbers))
    return DocumentWarning("ocr_failed", f"page(s) {listed}: could not be rendered for OCR ({exc}); "
                                         "left as read", numbers[0] if len(numbers) == 1 else None)


def _merged(page: Page, found: list[Line]) -> tuple[Line, ...]:
    """The page's text lines and the OCR lines that do not lie over one of them (text drawn
    over a picture is already in the text layer)."""
    drawn = list(page.lines) + [l for g in page.grids for c in g.cells for l in c.lines]

    def covered(line: Line) -> bool:
        return any(o.x0 < line.x1 and o.x1 > line.x0 and o.top < line.bottom and o.bottom > line.top
                   for o in drawn)
    extra = [l for l in found if not covered(l)]
    return tuple(sorted(list(page.lines) + extra, key=lambda l: (round(l.top), l.x0)))


def read_page(pdf, index: int, program: str) -> list[Line]:
    """The text lines Tesseract reads on page ``index`` of an open ``pypdfium2.PdfDocument``."""
    page = pdf[index]
    try:
        image = page.render(scale=DPI / 72).to_pil()
    finally:
        page.close()
    return words_to_lines(_tesseract(program, image), 72 / DPI)


def _tesseract(program: str, image) -> str:
    """Tesseract's TSV for a PIL image ('' when it fails)."""
    with tempfile.TemporaryDirectory(prefix="roadmap-ocr-") as tmp:
        png = Path(tmp) / "page.png"
        image.save(png)
        try:
            proc = subprocess.run([program, str(png), "stdout", "-l", LANGUAGES, "--dpi", str(DPI), "--psm", PAGE_SEGMENTATION, "tsv"],
                                  capture_output=True, text=True, timeout=TIMEOUT)
        except (OSError, subprocess.SubprocessError):
            return ""
    return proc.stdout if proc.returncode == 0 else ""


def words_to_lines(tsv: str, scale: float, origin: tuple[float, float] = (0.0, 0.0)) -> list[Line]:
    """Tesseract's TSV words grouped into its lines, in PDF points (``scale`` points per pixel,
    the image's top-left corner at ``origin``)."""
    rows = csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)
    groups: dict[tuple, list[dict]] = {}
    for row in rows:
        if row.get("level") != "5" or not (row.get("text") or "").strip():
            continue
        if float(row["conf"]) < WORD_CONFIDENCE:
            continue
        key = (row["page_num"], row["block_num"], row["par_num"], row["line_num"])
        groups.setdefault(key, []).append(row)
    lines = [_line(part, scale, origin) for words in groups.values() for part in _columns(words)]
    lines = [l for l in lines if l.ocr >= LINE_CONFIDENCE and sum(ch.isalnum() for ch in l.text) >= 2]
    return sorted(lines, key=lambda l: (round(l.top), l.x0))


def _glued(before: str, word: str) -> bool:
    """Whether ``word``, one Hangul syllable, goes on the token Tesseract read before it, itself
    one syllable or ending in a digit ('반 도 체' -> '반도체', '1 조' -> '1조'): Tesseract splits
    Korean words into syllables far more often than a text sets one syllable apart."""
    if len(word) != 1 or not korean.is_hangul(word) or not before:
        return False
    return before[-1].isdigit() or (len(before) == 1 and korean.is_hangul(before))


def _columns(words: list[dict]) -> list[list[dict]]:
    """A Tesseract line cut where a gap wider than :data:`COLUMN_GAP` heights parts two columns
    (page segmentation mode 4 reads a row of an infographic as one line)."""
    words = sorted(words, key=lambda w: int(w["left"]))
    height = statistics.median(int(w["height"]) for w in words)
    parts = [[words[0]]]
    for prev, word in zip(words, words[1:]):
        if int(word["left"]) - (int(prev["left"]) + int(prev["width"])) > COLUMN_GAP * height:
            parts.append([])
        parts[-1].append(word)
    return parts


def _line(words: list[dict], scale: float, origin: tuple[float, float]) -> Line:
    """One :class:`Line` from the words of a Tesseract line, each character given an equal share
    of its word's box."""
    words = sorted(words, key=lambda w: int(w["left"]))
    height = statistics.median(int(w["height"]) for w in words)
    text, xs0, xs1 = [], [], []
    last_right, prev_token = None, ""
    for w in words:
        left, width = origin[0] + int(w["left"]) * scale, int(w["width"]) * scale
        word = "".join(korean.normalize_char(ch) for ch in w["text"].strip())
        # Tesseract's Korean model parts syllables of one word ('고 유 가'): only a gap as wide as
        # a space is one, and never before a lone syllable after a syllable or a number.
        gap = int(w["left"]) - last_right if text else 0
        if text and gap > SPACE_SHARE * height and not (gap < GLUE_SHARE * height and _glued(prev_token, word)):
            text.append(" ")
            xs0.append(xs1[-1])
            xs1.append(left)
        last_right = int(w["left"]) + int(w["width"])
        prev_token = word
        step = width / max(1, len(word))
        for k, ch in enumerate(word):
            text.append(ch)
            xs0.append(left + k * step)
            xs1.append(left + (k + 1) * step)
    top = origin[1] + min(int(w["top"]) for w in words) * scale
    bottom = origin[1] + max(int(w["top"]) + int(w["height"]) for w in words) * scale
    heights = [int(w["height"]) * scale for w in words]
    conf = statistics.fmean(float(w["conf"]) for w in words)
    return Line(text="".join(text), x0=xs0[0], top=top, x1=xs1[-1], bottom=bottom,
                size=round(statistics.median(heights), 1), font="OCR", bold=False,
                char_x0=tuple(xs0), char_x1=tuple(xs1), space_after=False, ocr=round(conf, 1))
