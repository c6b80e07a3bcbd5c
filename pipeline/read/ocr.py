"""Read stage for PDF pages with no text layer: Tesseract OCR of the page rendered by PDFium.

A page worth reading (:func:`pages_to_read`: images and no text; then :func:`inked_box`: some
ink on it) is rendered at 300 dpi (pypdfium2), cut to the box its ink lies in, and read by the
``tesseract`` program in Korean and English with word boxes and confidences (TSV output). Its
words become :class:`~pipeline.read.pdf.Line` objects in PDF points, so the structure stage reads
them as it reads a text layer. Each line carries ``ocr``, its confidence (0-100: the mean of its
words' by characters, doubtful words included) and ``char_ocr``, the confidence of each character's
word: later stages mark the blocks and figures read from it, and keep figures read with low
confidence out of the targets. Lines read with less than :data:`LINE_CONFIDENCE` are dropped.

Each page's OCR is a task (:class:`PageOcr`): a Tesseract process of one thread, started as soon
as the reader has read the page, so that it runs beside the reading of the pages after it; when the
reader is done as many run as there are cores.

Tesseract is a system program (Debian ``tesseract-ocr`` and ``tesseract-ocr-kor``); when it is
missing the pages stay unread and one warning says so.
"""
from __future__ import annotations

import csv
import io
import math
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from pipeline import korean
from pipeline.read.pdf import Line, Page
from pipeline.records import DocumentWarning

DPI = 300
LANGUAGES = "kor+eng"
#: Figures read from OCR words with a lower confidence stay out of the targets.
TARGET_CONFIDENCE = 80.0
#: Words Tesseract itself doubts this much are left out of the text (noise from pictures) unless
#: they are part of a number (:func:`_kept_words`); lines read with less confidence (their words'
#: by characters, the doubtful ones included), or with fewer than two letters or digits, are
#: dropped. Measured on three image pages of the shared releases (a back cover, two
#: infographics): at 65, 91-97% of the characters kept are on the page (89-96% at 50) for 1-20%
#: fewer characters kept; 80 is hardly purer (92-98%) and keeps a quarter fewer again.
WORD_CONFIDENCE = 30.0
#: A word made only of these is the edge of a frame or a bullet read as a stroke, not text.
STROKES = frozenset("|ㅣ｜¦")
LINE_CONFIDENCE = 65.0
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
#: Seconds one page's Tesseract may take before it is stopped (the page is then left as read).
TIMEOUT = 120
#: Tesseract's OpenMP threads per process. Pages run side by side instead: on two busy cores its
#: own threads made a page 2.5 times slower (6.1 s against 2.4 s for one thread).
TESSERACT_THREADS = "1"

#: A page with at most this many text lines, under images that cover at least IMAGE_SHARE of it,
#: is a picture with a caption (card news, a scanned annex): ``auto`` reads it whole.
CAPTION_LINES = 2
IMAGE_SHARE = 0.5
#: A page without text is read only when its images cover at least this share of it (a logo
#: alone on a page holds nothing to read).
MIN_IMAGE_SHARE = 0.05
#: The ink probe: the page rendered in grey at this resolution (fewer pixels on a huge page), a
#: pixel darker than INK_LEVEL is ink; a page with less than MIN_INK of it is blank (a white
#: scan), and only the box the ink lies in (and PAD points round it) is rendered for Tesseract.
PROBE_DPI = 36
PROBE_PIXELS = 1_000_000
INK_LEVEL = 160
MIN_INK = 0.0005
PAD = 12.0
#: Largest image handed to Tesseract when Pillow has no limit of its own (its default).
DEFAULT_MAX_PIXELS = 89_478_485


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


def cores() -> int:
    """CPUs this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def pages_to_read(pages: list[Page], mode: str) -> list[int]:
    """Numbers of the pages OCR should read. ``always``: every page. ``auto``: pages with images
    over :data:`MIN_IMAGE_SHARE` of them and no text lines, and pictures with a caption
    (:data:`CAPTION_LINES`, :data:`IMAGE_SHARE`); charts and photos on pages of text are left
    alone (their axis labels are not figures of the release). ``never``: none. (Whether a page
    picked holds ink is seen when it is rendered: :func:`inked_box`.)"""
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
        if (lines == 0 and covered >= MIN_IMAGE_SHARE) or (lines <= CAPTION_LINES and covered >= IMAGE_SHARE):
            out.append(p.number)
    return out


def max_pixels() -> int:
    """The largest image OCR renders: Pillow's decompression-bomb limit (``Image.MAX_IMAGE_PIXELS``)."""
    from PIL import Image
    return int(Image.MAX_IMAGE_PIXELS or DEFAULT_MAX_PIXELS)


class ImageTooLarge(ValueError):
    """A page whose rendering for OCR would pass Pillow's decompression-bomb limit."""


def inked_box(page, mode: str = "auto") -> tuple[float, float, float, float] | None:
    """The box (left, top, right, bottom, in points from the top-left corner) of a
    ``pypdfium2.PdfPage`` OCR should render: where its ink lies, :data:`PAD` points round it;
    None when it has less than :data:`MIN_INK` of ink (a blank page). ``always`` takes the whole
    page."""
    width, height = page.get_size()
    if mode == "always":
        return (0.0, 0.0, width, height)
    scale = min(PROBE_DPI / 72, math.sqrt(PROBE_PIXELS / max(1.0, width * height)))
    grey = page.render(scale=scale, grayscale=True).to_pil().convert("L")
    ink = grey.point([255 if v < INK_LEVEL else 0 for v in range(256)])
    share = ink.histogram()[255] / max(1, grey.width * grey.height)
    box = ink.getbbox()
    if box is None or share < MIN_INK:
        return None
    return (max(0.0, box[0] / scale - PAD), max(0.0, box[1] / scale - PAD),
            min(width, box[2] / scale + PAD), min(height, box[3] / scale + PAD))


def render_box(page, box: tuple[float, float, float, float]):
    """The part ``box`` of a ``pypdfium2.PdfPage`` rendered in grey at :data:`DPI` (a PIL image);
    :class:`ImageTooLarge` when it would have more pixels than :func:`max_pixels` allows."""
    width, height = page.get_size()
    scale = DPI / 72
    pixels = math.ceil((box[2] - box[0]) * scale) * math.ceil((box[3] - box[1]) * scale)
    if pixels > max_pixels():
        raise ImageTooLarge(f"rendering it at {DPI} dpi would make an image of {pixels:,} pixels, over "
                            f"Pillow's decompression-bomb limit of {max_pixels():,}")
    crop = (box[0], height - box[3], width - box[2], box[1])       # left, bottom, right, top cut off
    return page.render(scale=scale, grayscale=True, crop=crop).to_pil()


@dataclass
class _Task:
    """One page's Tesseract process and what its words need: the folder of its image and TSV,
    and where the image's top-left corner lies on the page (points)."""
    number: int
    proc: subprocess.Popen
    folder: tempfile.TemporaryDirectory
    origin: tuple[float, float]
    started: float = field(default_factory=time.monotonic)


class PageOcr:
    """The OCR of one PDF's pages, each page a task run beside the other work.

    :meth:`offer` each page as the reader reads it: a page :func:`pages_to_read` picks is rendered
    and its Tesseract started at once (one thread each, at most ``workers - 1`` at a time while the
    reader works, so that together they use the cores); :meth:`finish` with the pages read waits
    for them (``workers`` at a time) and gives the pages with their OCR lines, and warnings. Use it
    as a context manager: leaving it stops what still runs."""

    def __init__(self, path: str | Path, mode: str = "auto", password: str | None = None,
                 workers: int | None = None):
        if mode not in MODES:
            raise ValueError(f"unknown OCR mode {mode!r}: one of {', '.join(MODES)}")
        self.path, self.mode, self.password = path, mode, password
        self.workers = max(1, workers or cores())
        self._program: str | None | bool = False          # False: not looked up yet
        self._pdf = None
        self._queue: list[int] = []
        self._running: dict[int, _Task] = {}
        self._found: dict[int, list[Line]] = {}
        self._blank: set[int] = set()
        self._failed: dict[int, str] = {}                 # page -> why it could not be rendered
        self._refused: dict[int, str] = {}                # page -> why its image was refused
        self._seconds: dict[int, float] = {}
        self._cpu: dict[int, float] = {}

    def __enter__(self) -> PageOcr:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Stop the Tesseract processes still running and close the PDF."""
        for task in self._running.values():
            task.proc.kill()
            task.proc.wait()
            task.folder.cleanup()
        self._running.clear()
        if self._pdf not in (None, False):
            self._pdf.close()
        self._pdf = None

    @property
    def program(self) -> str | None:
        """The Tesseract program with kor and eng, or None."""
        if self._program is False:
            found = tesseract_path()
            self._program = found if found and has_languages(found) else None
        return self._program

    def offer(self, page: Page) -> None:
        """A page the reader has read: its OCR starts now when it is worth reading."""
        if self.mode == "never" or not pages_to_read([page], self.mode):
            return
        if self.program is None:
            return
        self._want(page.number)
        self._pump(max(1, self.workers - 1))

    def finish(self, pages: list[Page]) -> tuple[list[Page], list[DocumentWarning]]:
        """``pages`` with what :func:`pages_to_read` picks read by OCR, and warnings: which pages
        were read so (and how sure Tesseract was), which could not be, or that Tesseract is
        missing."""
        wanted = pages_to_read(pages, self.mode)
        if not wanted:
            return pages, []
        if self.program is None:
            what = "tesseract is not installed" if tesseract_path() is None else "tesseract has no kor/eng models"
            return pages, [DocumentWarning(
                "ocr_unavailable", f"{what}: {len(wanted)} page(s) of images were not read; install "
                                   "tesseract-ocr and tesseract-ocr-kor (make setup) to read them")]
        for number in [n for n in self._running if n not in wanted]:     # offered early, then not picked
            self._stop(number)
        for number in wanted:
            self._want(number)
        while self._queue or self._running:
            self._pump(self.workers)
            if self._running:
                time.sleep(0.02)
        return self._pages(pages, set(wanted)), self._warnings(wanted)

    def timings(self) -> dict[int, tuple[float, float]]:
        """Per page read by Tesseract: wall seconds (from its start to its TSV) and CPU seconds
        of its process."""
        return {n: (s, self._cpu.get(n, 0.0)) for n, s in self._seconds.items()}

    # --- the tasks -------------------------------------------------------------------------------

    def _want(self, number: int) -> None:
        known = (self._queue, self._running, self._found, self._blank, self._failed, self._refused)
        if not any(number in k for k in known):
            self._queue.append(number)

    def _pump(self, limit: int) -> None:
        """Collect the tasks that ended and start queued ones while fewer than ``limit`` run."""
        for number, task in list(self._running.items()):
            if self._ended(task):
                self._collect(number)
            elif time.monotonic() - task.started > TIMEOUT:
                self._stop(number)
                self._found[number] = []
        while self._queue and len(self._running) < limit:
            self._start(self._queue.pop(0))

    def _document(self):
        import pypdfium2 as pdfium
        if self._pdf is None:
            try:
                self._pdf = pdfium.PdfDocument(str(self.path), password=self.password)
            except pdfium.PdfiumError as exc:            # a damaged file pdfminer could still parse
                self._pdf = False
                self._document_error = str(exc)
        return self._pdf

    def _start(self, number: int) -> None:
        import pypdfium2 as pdfium
        pdf = self._document()
        if pdf is False:
            self._failed[number] = self._document_error
            return
        folder = tempfile.TemporaryDirectory(prefix="roadmap-ocr-")
        try:
            image, origin = self._image(pdf, number)
            if image is None:
                self._blank.add(number)
                folder.cleanup()
                return
            picture = Path(folder.name) / "page.pgm"        # uncompressed: written and read at once
            image.save(picture)
            env = dict(os.environ, OMP_THREAD_LIMIT=TESSERACT_THREADS)
            proc = subprocess.Popen([self.program, str(picture), str(Path(folder.name) / "page"), "-l", LANGUAGES,
                                     "--dpi", str(DPI), "--psm", PAGE_SEGMENTATION, "tsv"],
                                    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL, env=env)
        except pdfium.PdfiumError as exc:
            self._failed[number] = str(exc)
            folder.cleanup()
            return
        except ImageTooLarge as exc:
            self._refused[number] = str(exc)
            folder.cleanup()
            return
        except OSError:                                      # the program vanished: nothing read
            self._found[number] = []
            folder.cleanup()
            return
        self._running[number] = _Task(number, proc, folder, origin)

    def _image(self, pdf, number: int):
        """The rendered part of page ``number`` worth reading and its top-left corner (points),
        or (None, None) when the page holds no ink."""
        page = pdf[number - 1]
        try:
            box = inked_box(page, self.mode)
            if box is None:
                return None, None
            return render_box(page, box), (box[0], box[1])
        finally:
            page.close()

    def _ended(self, task: _Task) -> bool:
        """Whether the task's Tesseract has exited (reaped here, to keep its CPU time)."""
        try:
            pid, status, usage = os.wait4(task.proc.pid, os.WNOHANG)
        except ChildProcessError:                           # reaped elsewhere
            return task.proc.poll() is not None
        if not pid:
            return False
        task.proc.returncode = os.waitstatus_to_exitcode(status)
        self._cpu[task.number] = usage.ru_utime + usage.ru_stime
        return True

    def _collect(self, number: int) -> None:
        task = self._running.pop(number)
        self._seconds[number] = time.monotonic() - task.started
        tsv = Path(task.folder.name) / "page.tsv"
        text = tsv.read_text(encoding="utf-8", errors="replace") if task.proc.returncode == 0 and tsv.exists() else ""
        task.folder.cleanup()
        self._found[number] = words_to_lines(text, 72 / DPI, task.origin)

    def _stop(self, number: int) -> None:
        task = self._running.pop(number)
        task.proc.kill()
        task.proc.wait()
        task.folder.cleanup()

    # --- the result --------------------------------------------------------------------------------

    def _pages(self, pages: list[Page], wanted: set[int]) -> list[Page]:
        out = []
        for page in pages:
            found = self._found.get(page.number) if page.number in wanted else None
            if found is None:
                out.append(page)
            elif page.lines or page.grids:
                out.append(replace(page, lines=_merged(page, found)))
            else:
                out.append(replace(page, lines=tuple(found), has_text=bool(found) or page.has_text, engine="ocr"))
        return out

    def _warnings(self, wanted: list[int]) -> list[DocumentWarning]:
        read = [n for n in wanted if self._found.get(n)]
        notes = []
        if read:
            confidences = [l.ocr for n in read for l in self._found[n]]
            listed = ", ".join(map(str, read))
            notes.append(DocumentWarning(
                "ocr", f"page(s) {listed}: read by OCR (Tesseract {LANGUAGES}, {DPI} dpi, mean confidence "
                       f"{statistics.fmean(confidences):.0f}); blocks and figures from it are marked ocr"))
        failed = [n for n in wanted if n in self._failed]
        if failed:
            notes.append(_render_failed(failed, self._failed[failed[0]]))
        refused = [n for n in wanted if n in self._refused]
        if refused:
            listed = ", ".join(map(str, refused))
            notes.append(DocumentWarning(
                "ocr_image_too_large", f"page(s) {listed}: not read by OCR: {self._refused[refused[0]]}; "
                                       "left as read", refused[0] if len(refused) == 1 else None))
        return notes


def ocr_pages(path: str | Path, pages: list[Page], mode: str = "auto",
              password: str | None = None) -> tuple[list[Page], list[DocumentWarning]]:
    """``pages`` with what :func:`pages_to_read` picks read by OCR, and warnings
    (:meth:`PageOcr.finish`): the pages of a read already done, run side by side."""
    with PageOcr(path, mode, password) as ocr:
        return ocr.finish(pages)


def _render_failed(numbers: list[int], reason: str) -> DocumentWarning:
    """Pages PDFium could not render for OCR (a damaged file): they stay as they were read."""
    listed = ", ".join(map(str, numbers))
    return DocumentWarning("ocr_failed", f"page(s) {listed}: could not be rendered for OCR ({reason}); "
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


def words_to_lines(tsv: str, scale: float, origin: tuple[float, float] = (0.0, 0.0)) -> list[Line]:
    """Tesseract's TSV words grouped into its lines, in PDF points (``scale`` points per pixel,
    the image's top-left corner at ``origin``); lines under :data:`LINE_CONFIDENCE` dropped."""
    rows = csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)
    groups: dict[tuple, list[dict]] = {}
    for row in rows:
        if row.get("level") != "5" or not (row.get("text") or "").strip():
            continue
        key = (row["page_num"], row["block_num"], row["par_num"], row["line_num"])
        groups.setdefault(key, []).append(row)
    parts = [part for words in groups.values() for part in _columns(words)]
    lines = [_line(part, scale, origin) for part in parts if line_confidence(part) >= LINE_CONFIDENCE]
    lines = [l for l in lines if l is not None and sum(ch.isalnum() for ch in l.text) >= 2]
    return sorted(lines, key=lambda l: (round(l.top), l.x0))


def line_confidence(words: list[dict]) -> float:
    """How sure Tesseract is of a line: its words' confidences weighed by their characters, the
    doubtful words included (a line is no surer for leaving its misread words out), the strokes
    (:data:`STROKES`) not."""
    words = [w for w in words if not set(w["text"].strip()) <= STROKES]
    sizes = [len(w["text"].strip()) for w in words]
    return sum(n * float(w["conf"]) for n, w in zip(sizes, words)) / max(1, sum(sizes))


def _kept_words(words: list[dict]) -> list[dict]:
    """The words of a line (left to right) that go into its text: not strokes (:data:`STROKES`),
    and not doubted under :data:`WORD_CONFIDENCE` unless they hold a digit or touch a word that
    does (closer than :data:`GLUE_SHARE` of the line's height). A doubtful word of a number stays,
    with its confidence, so that the figure read there is as doubtful ('~60 만/0 원' left out
    would read '60원', a wrong amount Tesseract is sure of)."""
    height = statistics.median(int(w["height"]) for w in words)

    def number_at(i: int, gap_to: int) -> bool:
        if not 0 <= i < len(words) or not any(ch.isdigit() for ch in words[i]["text"]):
            return False
        left, right = sorted((i, gap_to))
        gap = int(words[right]["left"]) - int(words[left]["left"]) - int(words[left]["width"])
        return gap < GLUE_SHARE * height

    return [w for i, w in enumerate(words) if not set(w["text"].strip()) <= STROKES
            and (float(w["conf"]) >= WORD_CONFIDENCE or any(ch.isdigit() for ch in w["text"])
                 or number_at(i - 1, i) or number_at(i + 1, i))]


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


def _line(words: list[dict], scale: float, origin: tuple[float, float]) -> Line | None:
    """One :class:`Line` from the words of a Tesseract line, each character given an equal share
    of its word's box and its word's confidence; only the words :func:`_kept_words` keeps (None
    when none is left)."""
    conf = line_confidence(words)
    words = _kept_words(sorted(words, key=lambda w: int(w["left"])))
    if not words:
        return None
    height = statistics.median(int(w["height"]) for w in words)
    text, xs0, xs1, sure = [], [], [], []
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
            sure.append(min(sure[-1], float(w["conf"])))
        last_right = int(w["left"]) + int(w["width"])
        prev_token = word
        step = width / max(1, len(word))
        for k, ch in enumerate(word):
            text.append(ch)
            xs0.append(left + k * step)
            xs1.append(left + (k + 1) * step)
            sure.append(round(float(w["conf"]), 1))
    top = origin[1] + min(int(w["top"]) for w in words) * scale
    bottom = origin[1] + max(int(w["top"]) + int(w["height"]) for w in words) * scale
    heights = [int(w["height"]) * scale for w in words]
    return Line(text="".join(text), x0=xs0[0], top=top, x1=xs1[-1], bottom=bottom,
                size=round(statistics.median(heights), 1), font="OCR", bold=False,
                char_x0=tuple(xs0), char_x1=tuple(xs1), space_after=False, ocr=round(conf, 1),
                char_ocr=tuple(sure))
