"""Small PDFs for tests, drawn with reportlab so that each test controls exactly what the reader sees.

Coordinates are measured like pdfplumber measures them: ``x`` from the left edge, ``y`` from the TOP
of the page; a text helper's ``y`` is the baseline. Every helper returns where it stopped, so a test
can stack lines without arithmetic.

Fonts. Hangul and most Korean document punctuation (□ ○ → ➊ ❶ ① ■ ※ * - ▲ 「」 ‘’ % △ and the
Hancom middle dot ㆍ U+318D) come from reportlab's built-in CID fonts ``HYSMyeongJo-Medium`` and
``HYGothic-Medium``. They have no glyph for ``·`` ``–`` ``▸`` ``∘``: the text helpers draw ``·`` and ``–`` in
Bitstream Vera (shipped in reportlab's fonts folder) without being asked. ``▸`` and ``∘`` are in
neither font (Vera's missing glyph is read back as U+0000), so bullets in table cells here are ``▶``
or ``-``. For the two stand-in characters the read stage must warn about, a private-use character
(U+F000) and the conjoining jamo ᄋ (U+110B), this module maps them onto Vera's ``o`` glyph: the
PDF then carries them in its ToUnicode map, as a Hancom PDF does, so they are tested in real PDFs.
``(cid:NN)`` glyphs and Wingdings bullets cannot be made this way; test_read gives pdfplumber-like
character dicts to ``pipeline.read.pdf._clean_chars`` for those. ``HYGothic-Bold`` is HYGothic-Medium
under a bold name (reportlab has no bold CID font): the glyphs look regular, but a reader of the
PDF, like the pipeline, goes by the font name.

A text helper with ``|`` in its text wraps there: each piece is drawn on its own line and no space is
drawn at the wrap (``space_at_wrap=True`` draws one), just as Hancom writes a PDF. Lines that are not
the last of a paragraph are justified to ``right``, so a paragraph looks full-width to the reader.
"""
from __future__ import annotations

import copy
import io
import os
from dataclasses import dataclass
from pathlib import Path

import reportlab
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import cidfonts, pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas

MYEONGJO = "HYSMyeongJo-Medium"
GOTHIC = "HYGothic-Medium"
GOTHIC_BOLD = "HYGothic-Bold"          # HYGothic-Medium registered under a bold name
LATIN = "RLVera"                       # Bitstream Vera, also drawing U+F000 and U+110B
LATIN_BOLD = "RLVera-Bold"
# Characters the CID fonts cannot draw: drawn in Vera instead.
VERA_ONLY = set("·–\uf000\u110b")
PUA = "\uf000"
JAMO_IEUNG = "\u110b"

_FONT_DIR = os.path.join(os.path.dirname(reportlab.__file__), "fonts")
_registered = False


def register_fonts() -> None:
    """Register the fonts above with reportlab (once per process)."""
    global _registered
    if _registered:
        return
    pdfmetrics.registerFont(UnicodeCIDFont(MYEONGJO))
    pdfmetrics.registerFont(UnicodeCIDFont(GOTHIC))
    pdfmetrics.registerFont(_AliasCIDFont(GOTHIC, GOTHIC_BOLD))
    # reportlab shares one font object among all fonts registered with the same face name, so these
    # copies of Vera get a face name of their own: another module's copy (patched its own way, e.g.
    # tests/badinput.py) and this one then never replace each other, in whatever order they come.
    vera = TTFont(LATIN, os.path.join(_FONT_DIR, "Vera.ttf"))
    vera.face.name = b"RLVeraTests-Roman"
    face = vera.face
    for code in (ord(PUA), ord(JAMO_IEUNG)):           # draw them with the 'o' glyph
        face.charToGlyph[code] = face.charToGlyph[ord("o")]
        face.charWidths[code] = face.charWidths[ord("o")]
    pdfmetrics.registerFont(vera)
    bold = TTFont(LATIN_BOLD, os.path.join(_FONT_DIR, "VeraBd.ttf"))
    bold.face.name = b"RLVeraTests-Bold"
    pdfmetrics.registerFont(bold)
    assert pdfmetrics.getFont(LATIN) is vera, "another module registered a font named " + LATIN
    _registered = True


class _AliasCIDFont(UnicodeCIDFont):
    """A built-in CID font written into the PDF under another PostScript name."""

    def __init__(self, face: str, alias: str):
        super().__init__(face)
        self.name = self.fontName = alias

    def addObjects(self, doc):
        internal = "F" + repr(len(doc.fontMapping) + 1)
        spec = copy.deepcopy(cidfonts.CIDFontInfo[self.face.name])
        spec["Name"] = "/" + internal
        spec["Encoding"] = "/" + self.encodingName
        spec["BaseFont"] = "/" + self.name
        spec["DescendantFonts"][0]["BaseFont"] = "/" + self.name
        spec["DescendantFonts"][0]["FontDescriptor"]["FontName"] = "/" + self.name
        ref = doc.Reference(cidfonts.structToPDF(spec), internal)
        doc.idToObject["BasicFonts"].dict[internal] = ref
        doc.fontMapping[self.name] = "/" + internal


def _latin_for(font: str) -> str:
    return LATIN_BOLD if font in (GOTHIC_BOLD, LATIN_BOLD) else LATIN


def _runs(text: str, font: str):
    """(piece, font) runs: characters the CID font lacks go to Vera."""
    runs: list[list] = []
    for ch in text:
        f = _latin_for(font) if ch in VERA_ONLY and font not in (LATIN, LATIN_BOLD) else font
        if runs and runs[-1][1] == f:
            runs[-1][0] += ch
        else:
            runs.append([ch, f])
    return [(t, f) for t, f in runs]


def text_width(text: str, font: str = MYEONGJO, size: float = 11) -> float:
    register_fonts()
    return sum(pdfmetrics.stringWidth(t, f, size) for t, f in _runs(text, font))


@dataclass
class Cell:
    """A table cell: its text (a string, or a list of paragraphs one under the other; '|' wraps a
    paragraph, leading spaces indent it by one font size each) and its spans."""
    content: object = ""
    rowspan: int = 1
    colspan: int = 1
    font: str | None = None
    size: float | None = None


class PdfBuilder:
    """A PDF drawn page by page. ``save()`` writes it and returns its path."""

    def __init__(self, path, pagesize=A4, title: str = "test fixture"):
        register_fonts()
        self.path = Path(path)
        self.width, self.height = pagesize
        self.canvas = rl_canvas.Canvas(str(self.path), pagesize=pagesize)
        self.canvas.setTitle(title)
        self.canvas.setCreator("tests/pdfs.py")
        self.canvas.setLineWidth(0.6)

    # --- pages ------------------------------------------------------------------------------------
    def new_page(self) -> None:
        self.canvas.showPage()
        self.canvas.setLineWidth(0.6)

    def save(self) -> Path:
        self.canvas.save()
        return self.path

    # --- text -------------------------------------------------------------------------------------
    def text(self, x: float, y: float, text: str, font: str = MYEONGJO, size: float = 11,
             char_space: float = 0.0) -> float:
        """Draw ``text`` with its baseline ``y`` below the page top; returns the x where it ends."""
        c = self.canvas
        for piece, f in _runs(text, font):
            if char_space:
                for ch in piece:
                    c.setFont(f, size)
                    c.drawString(x, self.height - y, ch)
                    x += pdfmetrics.stringWidth(ch, f, size) + char_space
            else:
                c.setFont(f, size)
                c.drawString(x, self.height - y, piece)
                x += pdfmetrics.stringWidth(piece, f, size)
        return x - char_space if char_space else x

    def overprinted(self, x: float, y: float, text: str, font: str = MYEONGJO, size: float = 11,
                    shift: float = 0.3) -> float:
        """Text drawn twice, a hair apart (Hancom's fake bold): a reader sees every character twice."""
        self.text(x + shift, y, text, font, size)
        return self.text(x, y, text, font, size)

    def justified(self, x: float, y: float, text: str, right: float, font: str = MYEONGJO,
                  size: float = 11) -> float:
        """Draw ``text`` spread to end exactly at ``right``: the extra room goes to the spaces between
        words, or between characters (at most a fifth of the font size) when there is no space."""
        natural = text_width(text, font, size)
        extra = right - x - natural
        if extra < -0.5:
            raise ValueError(f"{text!r} ({natural:.1f}pt) does not fit between {x} and {right}")
        words = text.split(" ")
        if len(words) > 1:
            gap = extra / (len(words) - 1)
            if gap > 1.2 * size:        # a reader would take a gap this wide for a column break
                raise ValueError(f"{text!r} ({natural:.1f}pt) is too short to justify between {x} and {right}")
            for i, word in enumerate(words):
                x = self.text(x, y, word, font, size)
                if i < len(words) - 1:
                    x = self.text(x, y, " ", font, size) + gap
            return x
        if len(text) < 2:
            return self.text(x, y, text, font, size)
        spacing = extra / (len(text) - 1)
        if spacing > 0.2 * size:
            raise ValueError(f"{text!r} is too short to justify to {right} without looking spaced")
        return self.text(x, y, text, font, size, char_space=spacing)

    def paragraph(self, x: float, y: float, text: str, right: float, font: str = MYEONGJO, size: float = 11,
                  leading: float | None = None, hang: bool = True, space_at_wrap: bool = False) -> float:
        """A paragraph wrapped where ``text`` has '|'. Continuation lines start under the text after
        a leading bullet (``hang``) or under the bullet itself. Returns the baseline of the next line."""
        leading = leading or 1.6 * size
        pieces = text.split("|")
        indent = x
        if hang and pieces[0][:1] and not pieces[0][0].isalnum() and " " in pieces[0]:
            marker = pieces[0][: pieces[0].index(" ") + 1]
            indent = x + text_width(marker, font, size)
        for i, piece in enumerate(pieces):
            start = x if i == 0 else indent
            last = i == len(pieces) - 1
            if last:
                self.text(start, y, piece, font, size)
            else:
                end = self.justified(start, y, piece.rstrip(), right, font, size)
                if space_at_wrap:
                    self.text(end, y, " ", font, size)
            y += leading
        return y

    def spaced(self, x: float, y: float, text: str, gap: float, font: str = MYEONGJO, size: float = 11,
               word_gap: float | None = None) -> float:
        """Letter-spaced text ('보 도 자 료'): each syllable drawn alone, ``gap`` points apart
        (``word_gap`` where ``text`` has a space). No space character is drawn."""
        for ch in text:
            if ch == " ":
                x += (word_gap or 2 * gap) - gap
                continue
            x = self.text(x, y, ch, font, size) + gap
        return x - gap

    def narrow_char(self, x: float, y: float, ch: str, font: str, size: float, squeeze: float) -> float:
        """One character in a text object of its own, narrowed to ``squeeze`` of its width
        (horizontal scaling); returns the x where it ends."""
        (piece, f), = _runs(ch, font)
        obj = self.canvas.beginText(x, self.height - y)
        obj.setFont(f, size)
        obj.setHorizScale(100 * squeeze)
        obj.textOut(piece)
        self.canvas.drawText(obj)
        return x + squeeze * pdfmetrics.stringWidth(piece, f, size)

    # --- rules, boxes, images ---------------------------------------------------------------------
    def rule(self, x0: float, y0: float, x1: float, y1: float) -> None:
        self.canvas.line(x0, self.height - y0, x1, self.height - y1)

    def box(self, x0: float, top: float, x1: float, bottom: float) -> None:
        self.canvas.rect(x0, self.height - bottom, x1 - x0, bottom - top, stroke=1, fill=0)

    def image(self, x: float, top: float, w: float, h: float) -> None:
        """A drawn (raster) image: a grey gradient, no text."""
        from PIL import Image
        from reportlab.lib.utils import ImageReader
        img = Image.new("RGB", (64, 48))
        for i in range(64):
            for j in range(48):
                img.putpixel((i, j), (4 * i, 5 * j, 128))
        buf = io.BytesIO()
        img.save(buf, format="PNG")
        buf.seek(0)
        self.canvas.drawImage(ImageReader(buf), x, self.height - top - h, w, h)

    def page_number(self, n: int, size: float = 10) -> None:
        """'- n -' centred at the foot of the page."""
        label = f"- {n} -"
        self.text((self.width - text_width(label, MYEONGJO, size)) / 2, self.height - 30, label, MYEONGJO, size)

    # --- tables -----------------------------------------------------------------------------------
    def table(self, x: float, top: float, col_widths: list[float], row_heights: list[float],
              cells: dict, font: str = MYEONGJO, size: float = 10, pad: float = 4,
              leading: float | None = None) -> float:
        """A ruled table. ``cells`` maps (row, col) to a :class:`Cell` or a string; each cell's
        border is drawn as a rectangle, so a merged cell has no inner rules. Returns its bottom."""
        xs = [x]
        for w in col_widths:
            xs.append(xs[-1] + w)
        ys = [top]
        for h in row_heights:
            ys.append(ys[-1] + h)
        leading = leading or 1.5 * size
        for (r, c), cell in cells.items():
            cell = cell if isinstance(cell, Cell) else Cell(cell)
            x0, x1 = xs[c], xs[c + cell.colspan]
            y0, y1 = ys[r], ys[r + cell.rowspan]
            self.box(x0, y0, x1, y1)
            f, s = cell.font or font, cell.size or size
            paras = cell.content if isinstance(cell.content, list) else [cell.content]
            y = y0 + pad + s
            for para in paras:
                if not para:
                    continue
                stripped = para.lstrip(" ")
                indent = (len(para) - len(stripped)) * s
                y = self.paragraph(x0 + pad + indent, y, stripped, x1 - pad, f, s, leading)
        return ys[-1]

    def header_box(self, top: float, release: str, distributed: str, x: float = 50,
                   widths=(70, 190, 50, 160), height: float = 22, size: float = 10) -> float:
        """The ruled release box: 보도시점 | value | 배포 | value."""
        return self.table(x, top, list(widths), [height],
                          {(0, 0): "보도시점", (0, 1): release, (0, 2): "배포", (0, 3): distributed},
                          font=GOTHIC, size=size, pad=5)


def build(path, pages, pagesize=A4) -> Path:
    """Draw a PDF whose pages are functions of a :class:`PdfBuilder`."""
    pdf = PdfBuilder(path, pagesize)
    for i, draw in enumerate(pages):
        if i:
            pdf.new_page()
        draw(pdf)
    return pdf.save()


def read(path):
    """The read stage's view of a PDF built here."""
    import pdfplumber
    from pipeline.read.pdf import read_pdf
    with pdfplumber.open(str(path)) as pdf:
        return read_pdf(pdf, path)


def structure(path):
    """The structure stage's view of a PDF built here."""
    from pipeline.structure.blocks import build_structure
    return build_structure(read(path))


def roadmap_table(p, top: float, second_mission: str = "▶ 클라우드 최적운영") -> None:
    """A two-field roadmap table as MSIT draws it: ❶/❷ focus rows with bullet missions and rationale,
    then 생태계 조성 rows (label spanning two rows)."""
    p.table(60, top, [90, 70, 94, 140], [24, 74, 44, 30, 44], {
        (0, 0): "중점기술", (0, 1): Cell("주요 임무·목표", colspan=2), (0, 3): "선정 근거",
        (1, 0): ["❶", "효율적 학습·인프라"],
        (1, 1): Cell(["▶ 고효율 학습기술 확보로 AI학습|소요 자원을(전력·데이터) 50%|이상 절감", second_mission],
                     colspan=2),
        (1, 3): ["▶ 대등한 경쟁 不可", " - 효율적 학습 모델이 핵심"],
        (2, 0): ["❷", "모델링·의사결정"],
        (2, 1): Cell(["▶ 인간지향적 AGI 원천기술", " - 초소량 데이터 학습"], colspan=2),
        (2, 3): "공백영역 선제 투자",
        (3, 0): Cell("생태계 조성", rowspan=2),
        (3, 1): "인재양성", (3, 2): Cell(["▶ 산학협력 공동연구 강화"], colspan=2),
        (4, 1): "국제협력", (4, 2): Cell(["▶ 국제표준 선점", "▶ 디지털 규범 논의 주도"], colspan=2),
    })


# --- a letter-spaced copy of a PDF ------------------------------------------------------------------

def letter_spaced_copy(source, path, seed: int = 15, tracking=(0.3, 0.5), word_gap=(0.5, 0.7),
                       narrowest: float = 0.25, drawn_spaces: bool = False) -> Path:
    """Typeset ``source`` again with loose letter spacing (자간), as a Hancom file with wide tracking
    reads: every glyph its own text object, an irregular gap of ``tracking`` ems (drawn at random
    from that range) after every character, and at a word space ``word_gap`` ems more (the space's
    own width). No space character is drawn. Each line keeps its place, font size and width: its
    glyphs (in this module's CID fonts, bold kept bold) are narrowed by horizontal scaling (Hancom's
    장평, to a quarter at most) so that the spaced line ends where the original did. Ruling lines are
    copied, so tables stay tables; bullets the CID fonts lack are drawn as ones they have (▸ as ▶).
    A line that would need its glyphs narrower than ``narrowest`` runs past its end (into the next
    cell of a table): wide tracking needs a small ``narrowest``. ``drawn_spaces`` draws a space
    character (narrowed like the glyphs) at the start of each word gap, as a word processor does."""
    import random
    import pdfplumber
    rng = random.Random(seed)
    register_fonts()
    with pdfplumber.open(str(source)) as pdf:
        out = PdfBuilder(path, pagesize=(float(pdf.pages[0].width), float(pdf.pages[0].height)),
                         title="letter-spaced copy")
        for n, page in enumerate(pdf.pages):
            if n:
                out.new_page()
            for edge in page.edges:
                out.rule(edge["x0"], edge["top"], edge["x1"], edge["bottom"])
            for words in _source_lines(page):
                _draw_spaced_line(out, words, rng, tracking, word_gap, narrowest, drawn_spaces)
    return out.save()


def _source_lines(page) -> list[list[list[dict]]]:
    """A page's lines as lists of words (lists of characters): characters on one baseline, cut at a
    drawn space, at a gap over 0.28 em (where the reader sees a space), and at any vertical rule
    between them (table cells)."""
    rules = [e for e in page.edges if e["orientation"] == "v"]
    rows: dict[float, list[dict]] = {}
    for ch in page.chars:
        rows.setdefault(round(ch["bottom"], 1), []).append(ch)
    lines = []
    for row in rows.values():
        row.sort(key=lambda c: c["x0"])
        line, word, last = [], [], None
        for ch in row:
            ruled = last is not None and any(last["x1"] - 1 <= r["x0"] <= ch["x0"] + 1 and
                                             r["top"] <= ch["bottom"] and r["bottom"] >= ch["top"] for r in rules)
            wide = last is not None and ch["x0"] - last["x1"] > 0.28 * ch["size"]
            if ruled or (last is not None and ch["x0"] - last["x1"] > 2.5 * ch["size"]):
                if word:
                    line.append(word)
                if line:
                    lines.append(line)
                line, word = [], []
            elif ch["text"] == " " or wide:
                if word:
                    line.append(word)
                word = []
            if ch["text"] != " ":
                word.append(ch)
                last = ch
        if word:
            line.append(word)
        if line:
            lines.append(line)
    return lines


def _copy_font(ch: dict) -> str:
    """This module's font for a character of another PDF: bold stays bold (a bold label opening a
    line is a label), Myeongjo stays Myeongjo, anything else is Gothic."""
    name = ch["fontname"].lower()
    return GOTHIC_BOLD if "bold" in name else (MYEONGJO if "myeongjo" in name else GOTHIC)


# Bullets the CID fonts cannot draw, drawn as a bullet they can (see the module's notes on fonts).
_SPACED_STAND_INS = {"▸": "▶", "∘": "○"}


def _draw_spaced_line(out: "PdfBuilder", words, rng, tracking, word_gap, narrowest: float = 0.25,
                      drawn_spaces: bool = False) -> None:
    first, last = words[0][0], words[-1][-1]
    width = last["x1"] - first["x0"]
    size = first["size"]
    natural = sum(text_width(ch["text"], _copy_font(ch), size) for w in words for ch in w)
    n_chars = sum(len(w) for w in words)
    tracks = [rng.uniform(*tracking) * size for _ in range(n_chars - 1)]
    spaces = [rng.uniform(*word_gap) * size for _ in range(len(words) - 1)]
    # the glyphs are narrowed (horizontal scaling, Hancom's 장평) to keep the line's width
    squeeze = min(1.0, max(narrowest, (width - sum(tracks) - sum(spaces)) / max(natural, 1e-6)))
    x, k = first["x0"], 0
    for wi, word in enumerate(words):
        for ch in word:
            text = _SPACED_STAND_INS.get(ch["text"], ch["text"])
            x = out.narrow_char(x, first["bottom"] - 0.2 * size, text, _copy_font(ch), size, squeeze)
            if k < len(tracks):
                x += tracks[k]
            k += 1
        if wi < len(spaces):
            if drawn_spaces:
                out.narrow_char(x, first["bottom"] - 0.2 * size, " ", _copy_font(word[-1]), size, squeeze)
            x += spaces[wi]
