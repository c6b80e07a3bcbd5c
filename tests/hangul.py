"""Small Hangul documents made at test time: HWP 5 files (an OLE compound file of raw-deflate
record streams, which olefile cannot write) and decompression bombs of both Hangul formats.

A bomb inflates a filler repeated ``count`` times. Making it costs time linear in the compressed
size, not the inflated one: after a full flush, deflate compresses the same chunk to the same
bytes, so one chunk is compressed and its bytes are repeated (``deflate_repeated``). The ZIP of an
HWPX bomb is written by hand (``zipfile`` compresses what it is given, and its header may lie about
the inflated size: ``declared``).
"""
from __future__ import annotations

import random
import struct
import zlib
from pathlib import Path

CHUNK = 1 << 20                         # the filler chunk a bomb repeats: 1 MB

HWP_FILE_HEADER_FLAGS_COMPRESSED = 0x1
TAG_PARA_HEADER = 0x10 + 50             # as pipeline.read.hwp names them
TAG_PARA_TEXT = 0x10 + 51

HWPX_HEADER = ('<?xml version="1.0" encoding="UTF-8"?>'
               '<hh:head xmlns:hh="http://www.hancom.co.kr/hwpml/2011/head"><hh:refList/></hh:head>')
HWPX_SECTION_START = ('<?xml version="1.0" encoding="UTF-8"?>'
                      '<hs:sec xmlns:hs="http://www.hancom.co.kr/hwpml/2011/section" '
                      'xmlns:hp="http://www.hancom.co.kr/hwpml/2011/paragraph">'
                      '<hp:p paraPrIDRef="0"><hp:run charPrIDRef="0"><hp:t>')
HWPX_SECTION_END = "</hp:t></hp:run></hp:p></hs:sec>"


# --- deflate ----------------------------------------------------------------------------------

def deflate_repeated(prefix: bytes, chunk: bytes, count: int, suffix: bytes) -> tuple[bytes, int, int]:
    """``(raw deflate, crc32, size)`` of ``prefix + chunk * count + suffix``."""
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = comp.compress(prefix) + comp.flush(zlib.Z_FULL_FLUSH)
    body = comp.compress(chunk) + comp.flush(zlib.Z_FULL_FLUSH)
    tail = comp.compress(suffix) + comp.flush()
    crc = zlib.crc32(prefix)
    for _ in range(count):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(suffix, crc)
    return head + body * count + tail, crc, len(prefix) + len(chunk) * count + len(suffix)


def deflate(data: bytes) -> bytes:
    """``data`` as the raw deflate stream HWP 5 keeps (no zlib header)."""
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    return comp.compress(data) + comp.flush()


# --- HWPX ---------------------------------------------------------------------------------------

def write_zip(path: Path, members: list[tuple[str, bytes, int, int, int]]) -> Path:
    """A ZIP of ``(name, raw deflate, crc32, size declared in the headers, method)`` members
    (method 0 stores the bytes as they are, 8 deflates)."""
    local, central = bytearray(), bytearray()
    for name, data, crc, size, method in members:
        encoded = name.encode()
        offset = len(local)
        local += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x21, crc, len(data), size,
                             len(encoded), 0) + encoded + data
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0x21, crc,
                               len(data), size, len(encoded), 0, 0, 0, 0, 0, offset) + encoded
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central),
                      len(local), 0)
    path.write_bytes(bytes(local + central + end))
    return path


def _plain(name: str, text: str | bytes, method: int = 8) -> tuple[str, bytes, int, int, int]:
    data = text.encode() if isinstance(text, str) else text
    return name, deflate(data) if method == 8 else data, zlib.crc32(data), len(data), method


def hwpx_bomb(path: Path, megabytes: int, declared: int | None = None,
              members: tuple[str, ...] = ("Contents/section0.xml",)) -> Path:
    """An HWPX file each of whose ``members`` (one section, by default) inflates to ``megabytes``
    MB of one paragraph's text; ``declared`` is the inflated size its headers claim (the truth by
    default)."""
    start, end = HWPX_SECTION_START.encode(), HWPX_SECTION_END.encode()
    data, crc, size = deflate_repeated(start, b"a" * CHUNK, megabytes, end)
    parts = {"mimetype": _plain("mimetype", "application/hwp+zip", method=0),
             "Contents/header.xml": _plain("Contents/header.xml", HWPX_HEADER),
             "Contents/section0.xml": _plain("Contents/section0.xml", start + b"text" + end),
             "version.xml": _plain("version.xml", '<hv:HCFVersion xmlns:hv="x" appVersion="12"/>')}
    for member in members:
        parts[member] = (member, data, crc, size if declared is None else declared, 8)
    return write_zip(path, list(parts.values()))


# --- HWP 5 ----------------------------------------------------------------------------------------

def record(tag: int, level: int, data: bytes) -> bytes:
    """One HWP 5 record: its header word (and a long size after it when needed), then its data."""
    size = len(data)
    if size >= 0xFFF:
        return struct.pack("<II", tag | level << 10 | 0xFFF << 20, size) + data
    return struct.pack("<I", tag | level << 10 | size << 20) + data


def paragraph(text: str) -> bytes:
    """The records of one paragraph in the default shapes: its header, then its text."""
    utf16 = (text + "\r").encode("utf-16-le")
    header = struct.pack("<IIHBB", len(utf16) // 2, 0, 0, 0, 0)
    return record(TAG_PARA_HEADER, 0, header) + record(TAG_PARA_TEXT, 1, utf16)


def random_text(chars: int, seed: int = 23) -> str:
    """``chars`` Hangul syllables drawn at random: text deflate shrinks to about half (a real
    document's XML shrinks 20 to 26 times)."""
    rng = random.Random(seed)
    return "".join(rng.choices("가나다라마바사아자차카타파하", k=chars))


def hwp_file(path: Path, docinfo: bytes, sections: list[bytes]) -> Path:
    """An HWP 5 document from compressed streams: ``docinfo`` and each section are raw deflate."""
    head = b"HWP Document File".ljust(32, b"\0") + struct.pack("<II", 0x05010100,
                                                             HWP_FILE_HEADER_FLAGS_COMPRESSED)
    streams = {"FileHeader": head, "DocInfo": docinfo}
    streams.update({f"BodyText/Section{i}": data for i, data in enumerate(sections)})
    return write_ole(path, streams)


def hwp_document(path: Path, paragraphs: list[str]) -> Path:
    """A small HWP 5 document of one section of plain paragraphs."""
    body = b"".join(paragraph(text) for text in paragraphs)
    return hwp_file(path, deflate(b""), [deflate(body)])


def hwp_bomb(path: Path, megabytes: int, stream: str = "BodyText/Section0") -> Path:
    """An HWP 5 document whose ``stream`` (DocInfo or a section) inflates to ``megabytes`` MB:
    one paragraph, then a text record that says it holds 4 GB, of zeros."""
    start = paragraph("제목") + struct.pack("<II", TAG_PARA_TEXT | 1 << 10 | 0xFFF << 20, 0xFFFFFFFF)
    bomb, _, _ = deflate_repeated(start, b"\0" * CHUNK, megabytes, b"")
    docinfo = bomb if stream == "DocInfo" else deflate(b"")
    sections = [bomb if stream == "BodyText/Section0" else deflate(paragraph("제목"))]
    return hwp_file(path, docinfo, sections)


# --- OLE compound files -----------------------------------------------------------------------------

_SECTOR = 512
_FREE, _END, _FAT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
_MINI_CUTOFF = 4096


def write_ole(path: Path, streams: dict[str, bytes]) -> Path:
    """A version 3 compound file holding ``streams`` (``"Storage/Stream"`` names, one level of
    storages). Streams shorter than the mini-stream cutoff are padded to it with zeros, so that
    every stream lives in regular sectors (HWP's readers ignore what follows a stream's content)."""
    streams = {name: data.ljust(_MINI_CUTOFF, b"\0") for name, data in streams.items()}
    sectors: list[bytes] = []
    fat: list[int] = []
    starts = {}
    for name, data in streams.items():
        starts[name] = _chain(sectors, fat, data)
    entries = _directory(streams, starts)
    dir_start = _chain(sectors, fat, b"".join(entries))
    n_fat = 1
    while (len(sectors) + n_fat) * 4 > n_fat * _SECTOR:
        n_fat += 1
    fat_ids = list(range(len(sectors), len(sectors) + n_fat))
    fat += [_FAT] * n_fat
    fat += [_FREE] * (n_fat * _SECTOR // 4 - len(fat))
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat)
    sectors += [fat_bytes[i:i + _SECTOR] for i in range(0, len(fat_bytes), _SECTOR)]
    assert n_fat <= 109, "no DIFAT sectors: keep test files under 7 MB"
    difat = fat_ids + [_FREE] * (109 - n_fat)
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
              + struct.pack("<HHHHH6sIIIIIIIII", 0x3E, 3, 0xFFFE, 9, 6, b"\0" * 6, 0, n_fat,
                            dir_start, 0, _MINI_CUTOFF, _END, 0, _END, 0)
              + struct.pack("<109I", *difat))
    path.write_bytes(header + b"".join(sectors))
    return path


def _chain(sectors: list[bytes], fat: list[int], data: bytes) -> int:
    """Append ``data`` as a chain of sectors; its first sector."""
    first = len(sectors)
    pieces = [data[i:i + _SECTOR].ljust(_SECTOR, b"\0") for i in range(0, len(data), _SECTOR)]
    for k, piece in enumerate(pieces):
        sectors.append(piece)
        fat.append(first + k + 1 if k + 1 < len(pieces) else _END)
    return first


def _directory(streams: dict[str, bytes], starts: dict[str, int]) -> list[bytes]:
    """The directory entries: the root, each storage, each stream. The children of a storage are
    chained through their right-sibling pointers (all black: a valid, if lopsided, red-black tree)."""
    storages = sorted({name.split("/")[0] for name in streams if "/" in name})
    # (name, type, first sector, size, the storage it is in, the storage it is)
    nodes = [("Root Entry", 5, _END, 0, None, "")]
    nodes += [(s, 1, _END, 0, "", s) for s in storages]
    nodes += [(n.split("/")[-1], 2, starts[n], len(streams[n]), n.rpartition("/")[0], None) for n in streams]
    children: dict[str, list[int]] = {}
    for i, node in enumerate(nodes[1:], start=1):
        children.setdefault(node[4], []).append(i)
    right = {a: b for kids in children.values() for a, b in zip(kids, kids[1:])}
    entries = []
    for i, (name, kind, start, size, _, own) in enumerate(nodes):
        kids = children.get(own, []) if own is not None else []
        label = name.encode("utf-16-le") + b"\0\0"
        entries.append(label.ljust(64, b"\0") + struct.pack(
            "<HBBIII16sIQQIQ", len(label), kind, 1, _FREE, right.get(i, _FREE),
            kids[0] if kids else _FREE, b"\0" * 16, 0, 0, 0, start, size))
    return entries
