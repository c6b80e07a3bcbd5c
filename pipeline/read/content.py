"""Page content: the characters, ruling edges and image boxes of one PDF page.

The read stage needs three things of a page, and two engines can give them:

* **PDFium** (pypdfium2, a C++ library): about ten times faster than pdfminer, so it is the
  default. :class:`PdfiumPages` takes each character's origin, font size, text matrix, glyph
  advance and font descent from PDFium and builds the same box pdfminer would (pdfminer's
  ``LTChar``: from the baseline plus the font's descent, one font size high, one advance wide);
  ruling edges come from PDFium's path objects, images from its image objects.
* **pdfminer** (through pdfplumber): :func:`pdfminer_content`. Used for a page PDFium cannot
  give exactly (rotated pages, a media box not at the origin, a page PDFium fails to load), and
  for a whole file with ``reader="pdfminer"``.

Both give characters and edges in pdfplumber's shape (dicts with ``x0``, ``x1``, ``top``,
``bottom`` in points from the page's top-left corner), so everything after this module is blind to
the engine. ``bench/readers.py`` checks the two against each other on a corpus.
"""
from __future__ import annotations

import ctypes
from dataclasses import dataclass
from pathlib import Path

from pipeline.records import BBox

#: The engines :func:`pipeline.read.pdf.read_pdf` knows; the first is the default.
READERS = ("pdfium", "pdfminer")

# PDFium marks a hyphen it judged to end a line with U+0002 instead of the character drawn.
_PDFIUM_HYPHEN = "\x02"
# A segment whose ends differ by less than this (points) along one axis is horizontal/vertical.
_AXIS_TOLERANCE = 0.01
# PDFium's text page skips a text object narrower than this (points): a run of spaces, say.
_BLANK_WIDTH = 0.01

Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


@dataclass(frozen=True)
class PageContent:
    """What the read stage takes from one page, whichever engine read it."""
    number: int                        # 1-based
    width: float
    height: float
    chars: tuple[dict, ...]            # pdfplumber-shaped: text, x0, x1, top, bottom, size, fontname
    edges: tuple[dict, ...]            # pdfplumber-shaped ruling edges: x0, x1, top, bottom, orientation
    images: tuple[BBox, ...]
    engine: str


def pdfminer_content(page) -> PageContent:
    """The content of a ``pdfplumber.Page``, parsed by pdfminer."""
    images = tuple((im["x0"], im["top"], im["x1"], im["bottom"]) for im in page.images)
    return PageContent(number=page.page_number, width=float(page.width), height=float(page.height),
                       chars=tuple(page.chars), edges=tuple(page.edges), images=images, engine="pdfminer")


class PdfiumUnavailable(Exception):
    """PDFium cannot open the file (the caller reads it with pdfminer instead)."""


class PdfiumPages:
    """A PDF opened with PDFium, giving each page's :class:`PageContent` or ``None`` when PDFium
    cannot give it the way pdfminer would. Close it (or use it as a context manager)."""

    def __init__(self, path: str | Path, password: str | None = None):
        import pypdfium2
        import pypdfium2.raw as raw
        self._raw = raw
        try:
            self._doc = pypdfium2.PdfDocument(str(path), password=password)
        except Exception as exc:           # pypdfium2.PdfiumError and OS errors alike
            raise PdfiumUnavailable(str(exc)) from exc

    def __len__(self) -> int:
        return len(self._doc)

    def __enter__(self) -> "PdfiumPages":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._doc.close()

    def content(self, index: int) -> PageContent | None:
        """The content of page ``index`` (0-based), or ``None`` for a page to read with pdfminer."""
        try:
            page = self._doc[index]
        except Exception:                  # a page PDFium cannot load: pdfminer may still
            return None
        try:
            return self._content(page, index)
        except Exception:                  # whatever PDFium could not give, pdfminer may
            return None
        finally:
            page.close()

    def _content(self, page, index: int) -> PageContent | None:
        if page.get_rotation() != 0:
            return None                    # pdfminer rotates coordinates; keep its frame
        x0, y0, x1, y1 = page.get_mediabox()
        if abs(x0) > 0.01 or abs(y0) > 0.01:
            return None                    # pdfplumber's frame is relative to the media box
        height = y1 - y0
        objects = _Objects(self._raw, page, height)
        edges, images = objects.read()
        text = _Chars(self._raw, page, height)
        chars = text.read() + [text.space_object(obj, matrix) for obj, matrix in objects.blank_texts]
        return PageContent(number=index + 1, width=x1 - x0, height=height, chars=tuple(chars),
                           edges=tuple(edges), images=tuple(images), engine="pdfium")


# --- characters ------------------------------------------------------------------------------------

class _Chars:
    """The characters of one PDFium page as pdfminer-shaped dicts."""

    def __init__(self, raw, page, height: float):
        self.raw, self.page, self.height = raw, page, height
        self._objects: dict[int, tuple] = {}      # text object -> (font, size, matrix, name, descent)
        self._fonts: dict[int, tuple[str, float]] = {}   # font -> (name, descent per unit of size)
        self._widths: dict[tuple, float] = {}    # (font, code point, size) -> advance in text space
        self._x, self._y = ctypes.c_double(), ctypes.c_double()

    def read(self) -> list[dict]:
        raw = self.raw
        textpage = self.page.get_textpage()
        try:
            tp = textpage.raw
            # PDFium's generated spaces and line breaks are its guesses, not drawn characters.
            return [self._char(tp, i) for i in range(raw.FPDFText_CountChars(tp))
                    if raw.FPDFText_IsGenerated(tp, i) != 1]
        finally:
            textpage.close()

    def space_object(self, obj, matrix: Matrix) -> dict:
        """A space for a text object that draws nothing visible (a lone space in a run of its own):
        PDFium leaves such objects out of its text, pdfminer keeps their space characters, and the
        structure stage needs them where a space is narrower than its gap threshold."""
        raw = self.raw
        font = raw.FPDFTextObj_GetFont(obj)
        size = ctypes.c_float()
        raw.FPDFTextObj_GetFontSize(obj, size)
        name, descent = self._font(font)
        return self._box(" ", matrix[4], matrix[5], matrix[:4], size.value,
                         self._advance(font, 32, size.value), name, descent)

    def _char(self, tp, i: int) -> dict:
        raw = self.raw
        code = raw.FPDFText_GetUnicode(tp, i)
        if raw.FPDFText_HasUnicodeMapError(tp, i) == 1 or code == 0:
            text = f"(cid:{code})"     # what pdfminer writes for a glyph without a Unicode mapping
        else:
            text = chr(code)
            if text == _PDFIUM_HYPHEN:
                text = "-"
        obj = raw.FPDFText_GetTextObject(tp, i)
        font, size, linear, name, descent = self._object(tp, i, obj)
        raw.FPDFText_GetCharOrigin(tp, i, self._x, self._y)
        return self._box(text, self._x.value, self._y.value, linear, size,
                         self._advance(font, code, size), name, descent)

    def _box(self, text: str, ox: float, oy: float, linear: tuple, size: float, advance: float,
             name: str, descent: float) -> dict:
        """pdfminer's character: in text space from (0, descent) to (advance, descent + size),
        through the text matrix, from the origin."""
        a, b, c, d = linear
        low, high = descent * size, descent * size + size
        xs = (ox + c * low, ox + a * advance + c * high)
        ys = (oy + d * low, oy + b * advance + d * high)
        bottom, top = self.height - min(ys), self.height - max(ys)
        # pdfminer's size is the box's height (for horizontal writing, whatever the rotation).
        return {"text": text, "x0": min(xs), "x1": max(xs), "top": top, "bottom": bottom,
                "size": bottom - top, "fontname": name}

    def _object(self, tp, i: int, obj) -> tuple:
        key = _address(obj)
        known = self._objects.get(key)
        if known is None:
            raw = self.raw
            font = raw.FPDFTextObj_GetFont(obj)
            size = raw.FPDFText_GetFontSize(tp, i)
            m = raw.FS_MATRIX()
            raw.FPDFText_GetMatrix(tp, i, m)
            known = (font, size, (m.a, m.b, m.c, m.d), *self._font(font))
            self._objects[key] = known
        return known

    def _font(self, font) -> tuple[str, float]:
        """A font's name and its descent per unit of size."""
        key = _address(font)
        known = self._fonts.get(key)
        if known is None:
            buf = ctypes.create_string_buffer(256)
            self.raw.FPDFFont_GetBaseFontName(font, buf, len(buf))
            descent = ctypes.c_float()
            self.raw.FPDFFont_GetDescent(font, ctypes.c_float(1.0), descent)
            known = self._fonts[key] = (_font_name(buf.value), descent.value)
        return known

    def _advance(self, font, code: int, size: float) -> float:
        key = (_address(font), code, size)
        width = self._widths.get(key)
        if width is None:
            out = ctypes.c_float()
            ok = self.raw.FPDFFont_GetGlyphWidth(font, code, ctypes.c_float(size), out)
            width = out.value if ok else size
            self._widths[key] = width
        return width


def _address(handle) -> int:
    """A PDFium handle's address: the same object gives the same key while its page is open."""
    return ctypes.cast(handle, ctypes.c_void_p).value or 0


def _font_name(raw_name: bytes) -> str:
    """A font's base name as pdfminer gives it (undecodable names as their bytes' repr)."""
    try:
        return raw_name.decode("ascii") if raw_name else "unknown"
    except UnicodeDecodeError:
        return str(raw_name)


# --- ruling edges and images -------------------------------------------------------------------------

class _Objects:
    """The ruling edges and image boxes of one PDFium page, form XObjects included."""

    def __init__(self, raw, page, height: float):
        self.raw, self.page, self.height = raw, page, height
        self.edges: list[dict] = []
        self.images: list[BBox] = []
        self.blank_texts: list[tuple] = []        # (text object, matrix): objects with no visible width
        self._x, self._y = ctypes.c_float(), ctypes.c_float()

    def read(self) -> tuple[list[dict], list[BBox]]:
        raw, page = self.raw, self.page.raw
        for i in range(raw.FPDFPage_CountObjects(page)):
            self._visit(raw.FPDFPage_GetObject(page, i), _IDENTITY, depth=0)
        return self.edges, self.images

    def _visit(self, obj, parent: Matrix, depth: int) -> None:
        raw = self.raw
        kind = raw.FPDFPageObj_GetType(obj)
        if kind not in (raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_IMAGE, raw.FPDF_PAGEOBJ_FORM,
                        raw.FPDF_PAGEOBJ_TEXT):
            return
        m = raw.FS_MATRIX()
        if not raw.FPDFPageObj_GetMatrix(obj, m):
            return
        matrix = _compose((m.a, m.b, m.c, m.d, m.e, m.f), parent)
        if kind == raw.FPDF_PAGEOBJ_TEXT:
            if self._is_blank(obj):
                self.blank_texts.append((obj, matrix))
        elif kind == raw.FPDF_PAGEOBJ_PATH:
            self._path(obj, matrix)
        elif kind == raw.FPDF_PAGEOBJ_IMAGE:
            self.images.append(self._box(matrix, ((0, 0), (1, 0), (0, 1), (1, 1))))
        elif depth < 8:                    # a form XObject: its objects, in its own space
            for i in range(raw.FPDFFormObj_CountObjects(obj)):
                self._visit(raw.FPDFFormObj_GetObject(obj, i), matrix, depth + 1)

    def _is_blank(self, obj) -> bool:
        """True for a text object PDFium's text page leaves out for drawing nothing visible."""
        left, bottom, right, top = (ctypes.c_float() for _ in range(4))
        if not self.raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            return False
        return abs(right.value - left.value) < _BLANK_WIDTH

    def _path(self, obj, matrix: Matrix) -> None:
        """The horizontal and vertical pieces of the path's outline, as pdfplumber makes edges of
        pdfminer's lines, rectangles and curves: from one end point to the next (a Bezier curve
        counts as the chord between its ends; PDFium gives its two control points first), and a
        closed subpath back to its start."""
        raw = self.raw
        start = last = None
        control_points = 0
        for k in range(raw.FPDFPath_CountSegments(obj)):
            seg = raw.FPDFPath_GetPathSegment(obj, k)
            kind = raw.FPDFPathSegment_GetType(seg)
            if kind == raw.FPDF_SEGMENT_BEZIERTO and control_points < 2:
                control_points += 1
                continue
            control_points = 0
            raw.FPDFPathSegment_GetPoint(seg, self._x, self._y)
            point = _apply(matrix, self._x.value, self._y.value)
            if kind == raw.FPDF_SEGMENT_MOVETO or last is None:
                start = last = point
                continue
            self._edge(last, point)
            last = point
            if raw.FPDFPathSegment_GetClose(seg):
                self._edge(last, start)
                last = start

    def _edge(self, p0: tuple[float, float], p1: tuple[float, float]) -> None:
        (x0, y0), (x1, y1) = p0, p1
        if abs(y0 - y1) < _AXIS_TOLERANCE and abs(x0 - x1) >= _AXIS_TOLERANCE:
            top = self.height - (y0 + y1) / 2
            self.edges.append({"object_type": "line_edge", "x0": min(x0, x1), "x1": max(x0, x1),
                               "top": top, "bottom": top, "width": abs(x1 - x0), "height": 0.0,
                               "orientation": "h"})
        elif abs(x0 - x1) < _AXIS_TOLERANCE and abs(y0 - y1) >= _AXIS_TOLERANCE:
            x = (x0 + x1) / 2
            self.edges.append({"object_type": "line_edge", "x0": x, "x1": x,
                               "top": self.height - max(y0, y1), "bottom": self.height - min(y0, y1),
                               "width": 0.0, "height": abs(y1 - y0), "orientation": "v"})

    def _box(self, matrix: Matrix, corners) -> BBox:
        points = [_apply(matrix, x, y) for x, y in corners]
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        return (min(xs), self.height - max(ys), max(xs), self.height - min(ys))


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    """The matrix applying ``inner`` first, then ``outer`` (PDF's row-vector convention)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])

