"""Document metadata from the structure: ministry, kind, title, release and distribution times,
print edition, department and contacts."""
from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline import korean
from pipeline.records import Block, Contact, Table

DATETIME = re.compile(
    r"(?P<y>\d{4})\s*[.\-/년]?\s*(?P<m>\d{1,2})\s*[.\-/월]\s*(?P<d>\d{1,2})\s*[.일]?\s*"
    r"(?:\(\s*[월화수목금토일]\s*\))?\s*(?:(?P<h>\d{1,2})\s*(?::\s*(?P<min>\d{2})|시(?:\s*(?P<min2>\d{1,2})\s*분)?))?")
MINISTRY_LINE = re.compile(rf"^{korean.MINISTRY}$")
MINISTRY_SUBJECT = re.compile(rf"({korean.MINISTRY})\s*\(\s*(?:장관|처장|청장|지청장|위원장|원장|실장|차관)")
CONTACT = re.compile(korean.CONTACT)
DEPARTMENT = re.compile(r"^[가-힣·]{2,20}(?:과|팀|국|실|단|센터|본부|관)$")


@dataclass(frozen=True)
class Metadata:
    ministry: str = ""
    kind: str = ""
    title: str = ""
    subtitles: tuple[str, ...] = ()
    release_at: str | None = None
    distributed_at: str | None = None
    edition: str = ""
    department: str = ""
    contacts: tuple[Contact, ...] = ()


def extract_metadata(blocks: tuple[Block, ...], tables: tuple[Table, ...]) -> Metadata:
    """What a reader looks for first on a release: who, what, when, whom to call."""
    header = {b.marker: b.text for b in blocks if b.kind == "header"}
    release = _first_value(header, korean.RELEASE_LABELS)
    distributed = _first_value(header, korean.DISTRIBUTION_LABELS)
    contacts, department = _contacts(tables, blocks)
    return Metadata(
        ministry=_ministry(blocks, tables),
        kind=_kind(blocks, tables),
        title=next((b.text for b in blocks if b.kind == "title"), ""),
        subtitles=tuple(b.text for b in blocks if b.kind == "subtitle"),
        release_at=parse_datetime(release),
        distributed_at=parse_datetime(distributed),
        edition=next((e for e in korean.EDITIONS if e in release), ""),
        department=department,
        contacts=contacts,
    )


def _first_value(header: dict[str, str], labels) -> str:
    for label in labels:
        value = header.get(label.replace(" ", ""))
        if value:
            return value
    return ""


def parse_datetime(text: str) -> str | None:
    """The most precise date-time in a header value, ISO formatted: a time wins over a bare date."""
    best = None
    for m in DATETIME.finditer(text or ""):
        y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
        if not (1 <= mo <= 12 and 1 <= d <= 31):
            continue
        iso = f"{y:04d}-{mo:02d}-{d:02d}"
        if m["h"] is not None and int(m["h"]) < 24:
            minute = int(m["min"] or m["min2"] or 0)
            return f"{iso}T{int(m['h']):02d}:{minute:02d}"
        best = best or iso
    return best


def _ministry(blocks, tables) -> str:
    for b in blocks:
        if b.kind == "masthead" and MINISTRY_LINE.match(re.sub(r"\s+", "", b.text)):
            return re.sub(r"\s+", "", b.text)
    for b in blocks[:40]:
        m = MINISTRY_SUBJECT.search(b.text)
        if m:
            return m.group(1)
    return ""


def _kind(blocks, tables) -> str:
    candidates = [b.text for b in blocks if b.kind in ("masthead", "title")]
    candidates += [c.text for t in tables if t.kind == "header" for c in t.cells]
    for text in candidates:
        squashed = re.sub(r"\s+", "", text)
        if squashed in korean.DOCUMENT_KINDS:
            return squashed
    return ""


def _contacts(tables, blocks) -> tuple[tuple[Contact, ...], str]:
    rows = [(" ".join(_cell_text(c) for c in row if c is not None), row)
            for t in tables if t.kind in ("contact", "header") for row in t.grid()]
    found, departments = [], []
    for text, row in rows:
        units = [_cell_text(c) for c in row if c is not None and DEPARTMENT.match(_cell_text(c))
                 and re.sub(r"\s+", "", c.text) not in korean.JOB_TITLES]
        departments.extend(units)
        found.extend(_contacts_in(text, units[-1] if units else (departments[-1] if departments else "")))
    if not found:                      # no ruled contact table: read the text lines
        for b in blocks:
            found.extend(_contacts_in(b.text, ""))
    division = next((d for d in departments if d.endswith(("과", "팀", "센터", "실"))), "")
    return tuple(dict.fromkeys(found)), division or (departments[0] if departments else "")


def _cell_text(cell) -> str:
    return re.sub(r"\s+", " ", cell.text).strip()


def _contacts_in(text: str, department: str):
    for m in CONTACT.finditer(text):
        yield Contact(role=m["role"], title=re.sub(r"\s+", "", m["title"]), name=m["name"],
                      phone=re.sub(r"[．.)]", "-", m["phone"]).replace(" ", ""), department=department)
