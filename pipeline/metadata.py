"""Document metadata from the structure: ministry, kind, title, release and distribution times,
print edition, department and contacts."""
from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline import korean
from pipeline.records import Block, Contact, Table

DATETIME = re.compile(
    r"(?P<y>\d{4})\s*[.\-/년]?\s*(?P<m>\d{1,2})\s*[.\-/월]\s*(?P<d>\d{1,2})\s*[.일]?\s*"
    r"(?:\(\s*[월화수목금토일]\s*\))?\s*(?:(?P<ampm>오전|오후)?\s*(?P<h>\d{1,2})\s*(?::\s*(?P<min>\d{2})|시(?:\s*(?P<min2>\d{1,2})\s*분)?))?")
MINISTRY_LINE = re.compile(rf"^{korean.MINISTRY}$")
MINISTRY_SUBJECT = re.compile(rf"({korean.MINISTRY})\s*\(\s*(?:장관|처장|청장|지청장|위원장|원장|실장|차관)")
CONTACT = re.compile(korean.CONTACT)
# A unit, also written on two lines of its cell ('기후에너지환경부 생활폐기물과').
DEPARTMENT = re.compile(r"^(?:[가-힣·]{2,20}\s)?[가-힣·]{2,20}(?:과|팀|국|실|단|센터|본부|관)$")


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
    if _is_english(blocks):
        return english_metadata(blocks)
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
            hour = int(m["h"]) + (12 if m["ampm"] == "오후" and int(m["h"]) < 12 else 0)
            return f"{iso}T{hour:02d}:{minute:02d}"
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


# --- English releases ------------------------------------------------------------------------------
# MSIT's English releases: a masthead (ministry, PRESS RELEASE), 'Embargo:' and 'Distributed:' lines,
# the title, dash subtitles, and a closing 'Contact:' paragraph naming officials with their phones.
# Kinds and editions are stored in the Korean vocabulary the rest of the pipeline uses.

EN_RELEASE_LABELS = ("embargo", "embargoed until", "embargoed", "for release", "release", "release date",
                     "released", "for immediate release", "date")
EN_DISTRIBUTION_LABELS = ("distributed", "distribution", "distributed on", "distribution date")
EN_KINDS = {"press release": "보도자료", "press reference material": "보도참고자료",
            "reference material": "참고자료", "explanatory material": "설명자료", "clarification": "해명자료"}
EN_EDITIONS = {"morning": "조간", "evening": "석간"}
EN_FIELD = re.compile(r"^(?P<label>[A-Za-z][A-Za-z ]{0,24}?)\s*:\s*(?P<value>\S.*)$")
EN_MINISTRY = re.compile(r"\b(?:Ministry|Office|Administration|Agency|Service|Commission)\b(?: of| for)?[A-Za-z ,&]*")
EN_CONTACT = re.compile(
    r"(?P<title>(?:(?:Senior|Deputy|Assistant|Acting|Principal)\s+)?(?:Director(?:\s+General)?|Manager|"
    r"Officer|Team\s+Leader|Researcher|Specialist|Head))\s+"
    r"(?P<name>[A-Z][a-z]+(?:\s+[A-Z][a-z]+(?:-[a-z]+)?){1,2})\s*[(（]\s*(?P<phone>\+?\d[\d\-. ]{6,}\d)\s*[)）]")


def _is_english(blocks) -> bool:
    """An English release: its title and header are written in Latin letters."""
    from pipeline.analysis import detect_language
    head = " ".join(b.text for b in blocks[:12] if b.kind in ("title", "header", "masthead", "subtitle"))
    return bool(head) and detect_language(head) == "en"


def english_metadata(blocks: tuple[Block, ...]) -> Metadata:
    """Metadata of an English release, from its masthead, header lines, title and contact lines."""
    header = {b.marker.strip().lower(): b.text for b in blocks if b.kind == "header"}
    for b in blocks[:12]:              # a PDF sets 'Embargo: ...' lines as masthead text
        m = EN_FIELD.match(b.text) if b.kind in ("masthead", "header") else None
        if m:
            header.setdefault(m["label"].strip().lower(), m["value"])
    release = next((header[k] for k in EN_RELEASE_LABELS if k in header), "")
    distributed = next((header[k] for k in EN_DISTRIBUTION_LABELS if k in header), "")
    contacts, department = _english_contacts(blocks)
    return Metadata(
        ministry=_english_ministry(blocks),
        kind=next((EN_KINDS[b.text.strip().lower()] for b in blocks
                   if b.kind == "masthead" and b.text.strip().lower() in EN_KINDS), ""),
        title=next((b.text for b in blocks if b.kind == "title"), ""),
        subtitles=tuple(b.text for b in blocks if b.kind == "subtitle"),
        release_at=english_datetime(release),
        distributed_at=english_datetime(distributed),
        edition=next((v for k, v in EN_EDITIONS.items() if k in release.lower()), ""),
        department=department,
        contacts=contacts,
    )


def english_datetime(text: str) -> str | None:
    """The first date-time (else date) of an English header value, ISO formatted."""
    from pipeline.figures import find_figures
    found = [f for f in find_figures(text or "", "en") if f.kind in ("datetime", "date")]
    found.sort(key=lambda f: f.kind != "datetime")
    dated = [f for f in found if re.match(r"\d{4}-", str(f.value))]
    return str(dated[0].value) if dated else None


def _english_ministry(blocks) -> str:
    for b in blocks[:12]:
        if b.kind in ("masthead", "header") and EN_MINISTRY.search(b.text) and b.text.strip().lower() not in EN_KINDS:
            return b.text.strip()
    return ""


def _english_contacts(blocks) -> tuple[tuple[Contact, ...], str]:
    """Officials named with a phone number, and the department of the 'Contact:' line."""
    found, department = [], ""
    for b in blocks:
        label = re.match(r"^(?:For further information,?\s*)?contacts?\s*[:：]\s*(?P<rest>.*)$", b.text, re.I)
        if label and not department:
            department = label.group("rest").split(",")[0].strip()
        for m in EN_CONTACT.finditer(b.text):
            found.append(Contact(role="contact", title=re.sub(r"\s+", " ", m["title"]), name=m["name"],
                                 phone=re.sub(r"[\s.]", "-", m["phone"].strip()), department=department))
    return tuple(dict.fromkeys(found)), department
