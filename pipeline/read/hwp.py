"""Read stage for HWP 5 binary documents (an OLE compound file of zlib-compressed record streams).

The ``DocInfo`` stream holds the shapes (character sizes and boldness, paragraph margins and
heads, bullets, cell borders); each ``BodyText/SectionN`` stream holds the paragraphs as records
(paragraph header, UTF-16 text with control characters, character-shape runs, line segments)
and, under a control header, the tables with their cells' paragraphs. This module turns those
records into the OWPML element tree an HWPX section holds and lays it out with
:class:`pipeline.read.hwpx.Layout`, so both Hangul formats give the same read-stage pages (and the
same provenance: section and paragraph, with table cells).

A document saved with a password or as a distribution (배포용) document keeps its body encrypted:
:class:`pipeline.errors.EncryptedHwpError` names it.
"""
from __future__ import annotations

import struct
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import errors
from pipeline.read.hwpx import HP, CharShape, Header, Layout, ParaShape, UNIT
from pipeline.read.limits import DEFAULT_PAGE_MEMORY_MB, InflateBudget, raw_inflate
from pipeline.read.pdf import ReadDocument

# Record tags (HWP 5.0 format, HWPTAG_BEGIN = 0x10).
TAG_CHAR_SHAPE = 0x10 + 5
TAG_BULLET = 0x10 + 8
TAG_PARA_SHAPE = 0x10 + 9
TAG_BORDER_FILL = 0x10 + 4
TAG_PARA_HEADER = 0x10 + 50
TAG_PARA_TEXT = 0x10 + 51
TAG_PARA_CHAR_SHAPE = 0x10 + 52
TAG_PARA_LINE_SEG = 0x10 + 53
TAG_CTRL_HEADER = 0x10 + 55
TAG_LIST_HEADER = 0x10 + 56
TAG_TABLE = 0x10 + 61

# Control characters: one WCHAR, or eight (the control and its parameters).
_CHAR_CONTROLS = {0, 10, 13, 24, 25, 26, 27, 28, 29, 30, 31}
_CHAR_TEXT = {10: " ", 24: "-", 30: " ", 31: " ", 9: " "}
# Controls whose paragraphs are not body text.
_SKIPPED_CTRLS = {b"head", b"foot", b"fn  ", b"en  ", b"pgnp", b"atno", b"nwno", b"pghd", b"%hid",
                  b"cold", b"secd", b"eqed"}


@dataclass
class Record:
    tag: int
    level: int
    data: bytes
    children: list = field(default_factory=list)


def read_hwp(path: str | Path, sha256: str,
             page_memory: int | None = DEFAULT_PAGE_MEMORY_MB) -> ReadDocument:
    """Read the HWP 5 file at ``path`` into pages of lines and grids (see the module docstring).

    Raises :class:`pipeline.errors.EncryptedHwpError` for a password-protected or distribution
    document, :class:`pipeline.errors.CorruptHwpError` for a damaged one, and
    :class:`pipeline.errors.DecompressionBombError` when its streams inflate past the
    :class:`~pipeline.read.limits.InflateBudget` of its size and ``page_memory`` (MB)."""
    import olefile
    path = Path(path)
    try:
        with olefile.OleFileIO(str(path)) as ole:
            head = ole.openstream("FileHeader").read()
            version = struct.unpack_from("<I", head, 32)[0]
            flags = struct.unpack_from("<I", head, 36)[0]
            if flags & 0x2 or flags & 0x4:
                raise errors.EncryptedHwpError(path, distribution=bool(flags & 0x4))
            compressed = bool(flags & 0x1)
            budget = InflateBudget(path, "HWP", page_memory)
            header = parse_docinfo(_records(_stream(ole, "DocInfo", compressed, budget)))
            sections = [_section_tree(_records(_stream(ole, name, compressed, budget)))
                        for name in _section_streams(ole)]
    except errors.InputError:
        raise
    except Exception as exc:  # olefile, zlib and struct raise many kinds on a damaged file
        raise errors.CorruptHwpError(path, f"{type(exc).__name__}: {errors.one_line(str(exc))}",
                                     kind="HWP") from None
    if not sections:
        raise errors.CorruptHwpError(path, "no BodyText section", kind="HWP")
    pages = Layout(header).sections(sections)
    major = ".".join(str((version >> s) & 0xFF) for s in (24, 16, 8, 0))
    return ReadDocument(path=path.name, sha256=sha256, producer=f"HWP {major}", pages=tuple(pages),
                        warnings=())


def _stream(ole, name: str, compressed: bool, budget: InflateBudget) -> bytes:
    """The stream ``name``, inflated when the document is compressed, within ``budget``."""
    data = ole.openstream(name).read()
    return budget.read(name, raw_inflate(data) if compressed else iter((data,)))


def _section_streams(ole) -> list[str]:
    names = ["/".join(e) for e in ole.listdir() if len(e) == 2 and e[0] == "BodyText"
             and e[1].startswith("Section")]
    return sorted(names, key=lambda n: int(n.rsplit("Section", 1)[1] or 0))


def _records(data: bytes) -> list[Record]:
    """The flat list of records of a stream."""
    out, pos = [], 0
    while pos + 4 <= len(data):
        word = struct.unpack_from("<I", data, pos)[0]
        tag, level, size = word & 0x3FF, (word >> 10) & 0x3FF, word >> 20
        pos += 4
        if size == 0xFFF:
            size = struct.unpack_from("<I", data, pos)[0]
            pos += 4
        out.append(Record(tag, level, data[pos:pos + size]))
        pos += size
    return out


def _nest(records: list[Record]) -> list[Record]:
    """Records as a tree: each record's children are the records one level deeper after it."""
    roots: list[Record] = []
    stack: list[Record] = []
    for rec in records:
        while stack and stack[-1].level >= rec.level:
            stack.pop()
        (stack[-1].children if stack else roots).append(rec)
        stack.append(rec)
    return roots


# --- DocInfo ------------------------------------------------------------------------------------

def parse_docinfo(records: list[Record]) -> Header:
    """Character shapes, paragraph shapes, bullets and cell borders, by their 0-based ids."""
    header = Header()
    chars = [r for r in records if r.tag == TAG_CHAR_SHAPE]
    for i, r in enumerate(chars):
        size = struct.unpack_from("<i", r.data, 42)[0] / UNIT
        attr = struct.unpack_from("<I", r.data, 46)[0]
        header.chars[i] = CharShape(size, bool(attr & 0x2), "")
    for i, r in enumerate(rec for rec in records if rec.tag == TAG_PARA_SHAPE):
        attr, left, _, indent = struct.unpack_from("<Iiii", r.data, 0)
        head = ("NONE", "OUTLINE", "NUMBER", "BULLET")[(attr >> 23) & 0x3]
        head_id = struct.unpack_from("<H", r.data, 30)[0] if len(r.data) >= 32 else 0
        header.paras[i] = ParaShape(left=left / (2 * UNIT), indent=indent / (2 * UNIT), heading=head,
                                    heading_id=head_id, level=(attr >> 25) & 0x7)
    for i, r in enumerate((rec for rec in records if rec.tag == TAG_BULLET), start=1):
        if len(r.data) >= 14:
            header.bullets[i] = chr(struct.unpack_from("<H", r.data, 12)[0])
    for i, r in enumerate((rec for rec in records if rec.tag == TAG_BORDER_FILL), start=1):
        drawn = tuple(len(r.data) > 2 + 6 * k and r.data[2 + 6 * k] != 0 for k in range(4))
        header.borders[i] = drawn
        if any(drawn):
            header.ruled.add(i)
    return header


# --- BodyText to OWPML --------------------------------------------------------------------------

def _section_tree(records: list[Record]) -> ET.Element:
    """A section's records as the ``hs:sec`` element an HWPX file would hold."""
    sec = ET.Element("{http://www.hancom.co.kr/hwpml/2011/section}sec")
    for rec in _nest(records):
        if rec.tag == TAG_PARA_HEADER:
            sec.append(_paragraph(rec))
    return sec


def _paragraph(rec: Record) -> ET.Element:
    """An ``hp:p`` from a paragraph header record and its children."""
    para_shape = struct.unpack_from("<H", rec.data, 8)[0] if len(rec.data) >= 10 else 0
    breaks = rec.data[11] if len(rec.data) > 11 else 0
    p = ET.Element(HP + "p", paraPrIDRef=str(para_shape), pageBreak="1" if breaks & 0x4 else "0")
    text = next((c.data for c in rec.children if c.tag == TAG_PARA_TEXT), b"")
    shapes = next((c.data for c in rec.children if c.tag == TAG_PARA_CHAR_SHAPE), b"")
    ctrls = [c for c in rec.children if c.tag == TAG_CTRL_HEADER]
    runs = [struct.unpack_from("<II", shapes, k) for k in range(0, len(shapes) - 7, 8)] or [(0, 0)]
    seg = next((c.data for c in rec.children if c.tag == TAG_PARA_LINE_SEG), b"")
    _fill_runs(p, text, runs, ctrls)
    if len(seg) >= 8:
        arr = ET.SubElement(p, HP + "linesegarray")
        ET.SubElement(arr, HP + "lineseg", vertpos=str(struct.unpack_from("<i", seg, 4)[0]))
    return p


def _fill_runs(p: ET.Element, data: bytes, runs: list[tuple[int, int]], ctrls: list[Record]) -> None:
    """``hp:run`` elements of the paragraph text, cut where the character shape changes, with its
    tables and text boxes in place of their extended control characters."""
    chars = struct.unpack(f"<{len(data) // 2}H", data[:len(data) // 2 * 2])
    ctrl_iter = iter(ctrls)
    run_at = {pos: shape for pos, shape in runs}
    run, buf = None, []

    def flush():
        if run is not None and buf:
            ET.SubElement(run, HP + "t").text = "".join(buf)
        buf.clear()
    i = 0
    while i < len(chars):
        if i in run_at or run is None:
            flush()
            shape = run_at.get(i, runs[0][1])
            run = ET.SubElement(p, HP + "run", charPrIDRef=str(shape))
        ch = chars[i]
        if ch < 32 and ch not in _CHAR_CONTROLS:          # an 8-WCHAR inline or extended control
            if ch in (9,):
                buf.append(" ")
            elif ch not in (4, 5, 6, 7, 8, 19, 20):        # extended: one control header each
                ctrl = next(ctrl_iter, None)
                if ctrl is not None:
                    flush()
                    _control(run, ctrl)
            for k in range(i + 1, min(i + 8, len(chars))):
                if k in run_at:                           # a shape change inside the control
                    run_at.setdefault(i + 8, run_at[k])
            i += 8
            continue
        if ch < 32:
            if ch in _CHAR_TEXT:
                buf.append(_CHAR_TEXT[ch])
        elif 0xD800 <= ch < 0xDC00 and i + 1 < len(chars):
            buf.append(struct.pack("<HH", ch, chars[i + 1]).decode("utf-16-le", "replace"))
            i += 1
        else:
            buf.append(chr(ch))
        i += 1
    flush()


def _control(run: ET.Element, ctrl: Record) -> None:
    """A table as ``hp:tbl``; a drawing object's text box as a box of paragraphs; page furniture
    and notes are left out."""
    ctrl_id = ctrl.data[:4][::-1]
    if ctrl_id in _SKIPPED_CTRLS:
        return
    if ctrl_id == b"tbl ":
        run.append(_table(ctrl))
        return
    box = ET.Element(HP + "rect")
    for paragraphs in _lists(ctrl):
        sub = ET.SubElement(box, HP + "subList")
        sub.extend(paragraphs)
    if len(box):
        run.append(box)


def _lists(rec: Record) -> list[list[ET.Element]]:
    """The paragraph lists under a record: each LIST_HEADER and the paragraphs after it."""
    out: list[list[ET.Element]] = []
    current = None
    for child in rec.children:
        if child.tag == TAG_LIST_HEADER:
            current = []
            out.append(current)
        elif child.tag == TAG_PARA_HEADER and current is not None:
            current.append(_paragraph(child))
        elif child.tag not in (TAG_PARA_HEADER, TAG_CTRL_HEADER):
            out.extend(_lists(child))
    return out


def _table(ctrl: Record) -> ET.Element:
    """An ``hp:tbl`` with its cells' addresses, spans, widths, borders and paragraphs."""
    table = next((c for c in ctrl.children if c.tag == TAG_TABLE), None)
    rows, cols = struct.unpack_from("<HH", table.data, 4) if table is not None else (0, 0)
    tbl = ET.Element(HP + "tbl", rowCnt=str(rows), colCnt=str(cols))
    if len(ctrl.data) >= 12:                 # common object properties: inline or floating
        attr, vert = struct.unpack_from("<Ii", ctrl.data, 4)
        rel = ("PAPER", "PAGE", "PARA")[(attr >> 3) & 0x3] if (attr >> 3) & 0x3 < 3 else "PARA"
        ET.SubElement(tbl, HP + "pos", treatAsChar=str(attr & 1), vertRelTo=rel, vertOffset=str(vert))
    tr = None
    current = None
    for child in ctrl.children:
        if child.tag == TAG_LIST_HEADER:
            col, row, colspan, rowspan = struct.unpack_from("<HHHH", child.data, 8)
            width = struct.unpack_from("<I", child.data, 16)[0]
            border = struct.unpack_from("<H", child.data, 32)[0] if len(child.data) >= 34 else 0
            if tr is None or int(tr.get("row")) != row:
                tr = ET.SubElement(tbl, HP + "tr", row=str(row))
            tc = ET.SubElement(tr, HP + "tc", borderFillIDRef=str(border))
            ET.SubElement(tc, HP + "cellAddr", colAddr=str(col), rowAddr=str(row))
            ET.SubElement(tc, HP + "cellSpan", colSpan=str(colspan), rowSpan=str(rowspan))
            ET.SubElement(tc, HP + "cellSz", width=str(width))
            current = ET.SubElement(tc, HP + "subList")
        elif child.tag == TAG_PARA_HEADER and current is not None:
            current.append(_paragraph(child))
    return tbl
