"""Document metadata from the structure: ministry, kind, title, release and distribution times,
print edition, department and contacts."""
from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline import korean
from pipeline.records import Block, Contact, DocumentWarning, Table

DATETIME = re.compile(
    r"(?P<y>\d{4})\s*[.\-/년]?\s*(?P<m>\d{1,2})\s*[.\-/월]\s*(?P<d>\d{1,2})\s*[.일]?\s*"
    r"(?:\(\s*[월화수목금토일]\s*\))?\s*(?:(?P<ampm>오전|오후)?\s*(?P<h>\d{1,2})\s*(?::\s*(?P<min>\d{2})|시(?:\s*(?P<min2>\d{1,2})\s*분)?))?")
MINISTRY_LINE = re.compile(rf"^{korean.MINISTRY}$")
# A minister who is also a deputy prime minister is named with both offices: '기획재정부(부총리 겸
# 기획재정부장관 ...)는', '과학기술정보통신부(부총리 겸 장관 ...)는'.
DEPUTY_PM = rf"(?:[가-힣]{{0,4}}부총리\s*겸\s*(?:{korean.MINISTRY})?\s*)?"
MINISTRY_SUBJECT = re.compile(rf"({korean.MINISTRY})\s*\(\s*{DEPUTY_PM}(?:장관|처장|청장|지청장|위원장|원장|실장|차관)")
# A committee chaired by a minister ('…위원회(위원장: 정은경 보건복지부장관)') is that ministry's.
CHAIRING_MINISTER = re.compile(rf"({korean.MINISTRY})\s*장관")
# A lead sentence opening with its ministry as the subject: '관세청은 13일, ...'.
MINISTRY_LEAD = re.compile(rf"^({korean.MINISTRY})(?:은|는|이|가)\s")
DATE_IN = re.compile(r"\d{4}\s*[.\-/년]\s*\d{1,2}")
CONTACT = re.compile(korean.CONTACT)
# Header labels of a contact list set out in columns: the names' column and the phones' column.
NAME_LABELS = ("담당자", "성명", "이름", "담당자명", "담당")
PHONE_LABELS = ("연락처", "전화", "전화번호", "문의처")
TITLE_LABELS = ("직위", "직급", "직책")
# Units at the level of a division (the department a release names), not a bureau.
DIVISIONS = (("과", "팀", "담당관"), ("센터", "실"))     # in order of preference
# A person in a contact table: an optional job title (letters may be spread: '과 장'), a name, a phone.
PERSON = re.compile(korean.PERSON)
ROLE_BEFORE = re.compile("|".join(korean.CONTACT_ROLES))
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
    warnings: tuple[DocumentWarning, ...] = ()      # what the header leaves unsaid (no release time)


def extract_metadata(blocks: tuple[Block, ...], tables: tuple[Table, ...]) -> Metadata:
    """What a reader looks for first on a release: who, what, when, whom to call."""
    if _is_english(blocks):
        return english_metadata(blocks)
    header: dict[str, str] = {}
    for b in blocks:                   # a label given twice keeps its first value with a date
        if b.kind != "header":
            continue
        if b.marker not in header or (DATE_IN.search(b.text) and not DATE_IN.search(header[b.marker])):
            header[b.marker] = b.text
    release = _first_value(header, korean.RELEASE_LABELS)
    distributed = _first_value(header, korean.DISTRIBUTION_LABELS)
    contacts, department = _contacts(tables, blocks)
    release_at = _with_time_beside(parse_datetime(release), release, blocks, tables)
    distributed_at = _with_time_beside(parse_datetime(distributed), distributed, blocks, tables)
    if release_at is None and _on_distribution(blocks):
        release_at = distributed_at                    # '보도시점: 배포 즉시'
    if release_at is None and not release and not distributed:
        release_at = _cover_date(blocks)               # a plan: no header, a date on its cover
    title = _unquoted(next((b.text for b in blocks if b.kind == "title"), ""))
    issue = re.sub(r"\s+", "", title) if ISSUE.match(title.strip()) else ""
    return Metadata(
        ministry=_ministry(blocks, tables) or _ministry_of_contacts(tables),
        kind=_kind(blocks, tables),
        title=(_periodical_name(blocks) if issue else "") or title,
        subtitles=tuple(b.text for b in blocks if b.kind == "subtitle"),
        release_at=release_at,
        distributed_at=distributed_at,
        edition=issue or _edition(release, blocks),
        department=department,
        contacts=contacts,
        warnings=_release_time_unstated(release, release_at, distributed_at),
    )


# The issue number a periodical's cover sets largest ('No.260', 'Vol.12 No.3', '제260호', '통권 제12호').
ISSUE = re.compile(r"^(?:Vol\.?\s*\d+\s*[,.]?\s*)?No\.?\s*\d+$|^(?:통권\s*)?제\s*\d+\s*호$", re.I)
# A line that names nothing: digits and punctuation, a date, a phone, an address on the web.
NAMELESS = re.compile(r"^[\d\W_]*$|\d{4}\s*[.년]|\d{2,4}[-)]\s?\d{3,4}|@|www\.|https?:")


def _periodical_name(blocks) -> str:
    """The name of a periodical whose cover gives only its issue number: the name its back cover
    sets at the top (a report series names itself there, over the publishers and their contacts),
    a short line that is no sentence, date or contact. '' when the last page has no such line."""
    last = [b for b in blocks if b.page == blocks[-1].page] if blocks else []
    first = last[0].text.strip() if last else ""
    if 3 <= len(first) <= 40 and not NAMELESS.search(first) and not first.endswith(("다.", "음", "함")):
        return first
    return ""


def _edition(release: str, blocks) -> str:
    """The print edition ('조간', '석간') of the release value, else of a masthead line that states
    it apart, under the header box ('(2026. 4. 15.(수) 조간)')."""
    lines = [release] + [b.text for b in blocks[:12] if b.kind == "masthead" and DATE_IN.search(b.text)]
    return next((e for text in lines for e in korean.EDITIONS if e in text), "")


def _release_time_unstated(release: str, release_at, distributed_at) -> tuple[DocumentWarning, ...]:
    """A header that gives the distribution time but no release time: the release time is left
    empty (a release is often embargoed past its distribution, so the one is no guess at the other),
    and this says which of the two the header gave."""
    if release_at is not None or distributed_at is None:
        return ()
    given = f"보도시점 reads {release!r}" if release else "there is no 보도시점"
    return (DocumentWarning("release_time_not_stated",
                            f"the header gives only the distribution time (배포 {distributed_at}); {given}: "
                            "release_at is left empty"),)


# A cover's date line, alone in its block: '2025. 12. 16.', '2026. 1.', '2026년 1월'.
COVER_DATE = re.compile(r"^(\d{4})\s*[.년]\s*(\d{1,2})\s*[.월]?(?:\s*(\d{1,2})\s*[.일]?)?\s*(?:\(\w\))?$")
# A title set whole in 「 」 or 『 』 (a plan's cover): the brackets mark it, they are not of it.
QUOTED_TITLE = re.compile(r"^[「『]([^「」『』]+)[」』]$")


def _cover_date(blocks) -> str | None:
    """The date on a plan's cover (page 1, a line of its own), as precise as it is written:
    '2025-12-16', or '2026-01' for a month."""
    for b in blocks:
        if b.page != 1:
            break
        m = COVER_DATE.match(b.text.strip())
        if m and 1 <= int(m.group(2)) <= 12:
            day = f"-{int(m.group(3)):02d}" if m.group(3) and 1 <= int(m.group(3)) <= 31 else ""
            return f"{m.group(1)}-{int(m.group(2)):02d}{day}"
    return None


def _unquoted(title: str) -> str:
    m = QUOTED_TITLE.match(title.strip())
    return m.group(1).strip() if m else title


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


# A time written alone ('11:00', '오전 11시'), as a box drawn around it on a header line leaves it.
TIME_ALONE = re.compile(r"^(?:오전|오후)?\s*\d{1,2}\s*(?::\s*\d{2}|시(?:\s*\d{1,2}\s*분)?)$")


def _with_time_beside(date: str | None, value: str, blocks, tables) -> str | None:
    """A header date completed by its time when the time is set apart on the same line: a highlight
    box around '11:00' beside '2026. 4. 11.(토)' is read as a one-row table of its own ('11:0' | '0')."""
    if date is None or "T" in date or not value:
        return date
    line = next((b for b in blocks if b.kind == "header" and b.text == value), None)
    for table in tables if line else ():
        time = "".join(c.text for c in sorted(table.cells, key=lambda c: c.col)).replace(" ", "")
        if _beside(table, line) and TIME_ALONE.match(time):
            return parse_datetime(f"{value} {time}") or date
    return date


def _beside(table: Table, line: Block) -> bool:
    """True for a one-row table on the line's page, right of its start and within its height."""
    (x0, top, _, bottom), (tx0, ttop, _, tbottom) = line.bbox, table.bbox
    middle = (ttop + tbottom) / 2
    return table.page == line.page and table.n_rows == 1 and tx0 > x0 and top <= middle <= bottom


# A release time given as the distribution itself: '배포 즉시', '즉시', '배포 시', '배포 후'.
ON_DISTRIBUTION = re.compile(r"즉시|배포\s*(?:시|후)(?![가-힣])")


def _on_distribution(blocks) -> bool:
    """The release time is 'on distribution' ('보도시점: 배포 즉시', '배포 시', '배포 후 즉시 사용')."""
    return any(b.kind == "header" and ON_DISTRIBUTION.search(b.text) and not DATE_IN.search(b.text)
               for b in blocks)


def _ministry(blocks, tables) -> str:
    """The issuing ministry: a masthead line naming it, else the subject of an early sentence
    ('보건복지부(장관 ...)는', '관세청은 13일 ...'), else a plan's '관계부처 합동' line."""
    for b in blocks:
        if b.kind == "masthead" and MINISTRY_LINE.match(re.sub(r"\s+", "", b.text)):
            return re.sub(r"\s+", "", b.text)
    for b in blocks[:40]:
        m = MINISTRY_SUBJECT.search(b.text)
        if m:
            host = CHAIRING_MINISTER.search(b.text, m.end()) if m.group(1).endswith("위원회") else None
            return host.group(1) if host and host.start() - m.end() < 40 else m.group(1)
    for b in blocks[:12]:
        m = MINISTRY_LEAD.match(b.text) if b.kind == "paragraph" else None
        if m:
            return m.group(1)
    return next((re.sub(r"\s+", "", b.text) for b in blocks[:12]
                 if re.sub(r"\s+", "", b.text) in korean.ISSUERS), "")


def _ministry_of_contacts(tables) -> str:
    """The ministry named beside a department in the contact table ('행정안전부 재정정책과')."""
    for table in tables:
        if table.kind not in ("contact", "header"):
            continue
        for cell in table.cells:
            words = _cell_text(cell).split(" ")
            for word, following in zip(words, words[1:]):
                if MINISTRY_LINE.match(word) and not _is_unit(word) and _is_unit(following):
                    return word
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
    """Every person of the contact table (or, without one, of the text lines) and the department.

    A contact table merges cells freely: a 담당자 cell spanning the rows of three officials, a
    department spanning the whole table, two officials in one cell. Each row is read with every
    merged cell's text carried into all the rows and columns it spans, so each person gets the role
    and department written beside them (:func:`_people_in_row`)."""
    found, departments = [], []
    for table in tables:
        if table.kind not in ("contact", "header"):
            continue
        role = ""
        rows = _filled_rows(table)
        columns = _contact_columns(rows[0]) if rows else None
        for row in rows[1:] if columns else rows:
            units = _departments_in(row)
            departments.extend(u for u in units if u not in departments)
            department = units[-1] if units else (departments[-1] if departments else "")
            if columns:
                found.extend(_people_in_columns(row, *columns, department))
                continue
            people, role = _people_in_row(row, role, department)
            found.extend(people)
    if not found:                      # no ruled contact table: read the text lines
        for b in blocks:
            found.extend(_contacts_in(b.text, ""))
    division = next((d for suffixes in DIVISIONS for d in departments if d.endswith(suffixes)), "")
    return tuple(dict.fromkeys(found)), division or (departments[0] if departments else "")


def _filled_rows(table: Table) -> list[list[str]]:
    """The table's rows of cell texts, a merged cell's text repeated in every position it covers."""
    rows = [[""] * table.n_cols for _ in range(table.n_rows)]
    for cell in table.cells:
        for r in range(cell.row, min(cell.row + cell.rowspan, table.n_rows)):
            for c in range(cell.col, min(cell.col + cell.colspan, table.n_cols)):
                rows[r][c] = _cell_text(cell)
    return rows


def _departments_in(row: list[str]) -> list[str]:
    """The organisational units named in a row's cells, in order: each word that names a unit
    ('정보데이터정책관 데이터담당관': two; '행정안전부 재정정책과': one), else a cell's whole text."""
    units = []
    for text in dict.fromkeys(row):
        words = text.split(" ")
        named = [w for w in words if _is_unit(w)]
        if not (len(named) >= 2 or (named and all(_is_unit(w) or MINISTRY_LINE.match(w) for w in words))):
            named = [text.replace(" ", "")] if _is_unit(text.replace(" ", "")) else named  # '클라우드 산업팀'
        named = [_with_its_body(words, _without_ministry(w)) for w in named]
        units.extend(w for w in named if w not in units)
    return units


def _with_its_body(words: list[str], unit: str) -> str:
    """A unit named after its ministry and a body of that ministry ('기후에너지환경부 전기위원회 사무국')
    is the body's unit: '전기위원회 사무국' (a secretariat is nothing without its committee)."""
    i = words.index(unit) if unit in words else -1
    if i < 2 or not MINISTRY_LINE.match(words[0]):
        return unit
    body = words[i - 1]
    return f"{body} {unit}" if MINISTRY_LINE.match(body) and not _is_unit(body) else unit


def _without_ministry(unit: str) -> str:
    """A unit written after its ministry without a space ('경인지방통계청지역통계과'): the unit alone."""
    for i in range(3, len(unit) - 2):
        if MINISTRY_LINE.match(unit[:i]) and _is_unit(unit[i:]):
            return unit[i:]
    return unit


def _is_unit(word: str) -> bool:
    return bool(DEPARTMENT.match(word)) and word not in korean.JOB_TITLES and word not in korean.CONTACT_ROLES


def _people_in_row(row: list[str], role: str, department: str) -> tuple[list[Contact], str]:
    """The officials named with a phone in one (filled) row, and the role they are under.

    The role is the row's own role cell ('책임자', '담당자'), else one written before the person in the
    same text, else the role of the row above (a role cell without a ruling between its rows)."""
    cells = list(dict.fromkeys(t for t in row if t))
    own = next((c.replace(" ", "") for c in cells if c.replace(" ", "") in korean.CONTACT_ROLES), "")
    role = own or role
    text = " ".join(cells)
    people = []
    for m in PERSON.finditer(text):
        if m["name"] in korean.JOB_TITLES or m["name"] in korean.CONTACT_ROLES:
            continue                   # '김민석 수석 043-...': a title, not a name, before the phone
        before = ROLE_BEFORE.findall(text[: m.start()])
        people.append(Contact(role=own or (before[-1] if before else role), title=re.sub(r"\s+", "", m["title"] or ""),
                              name=m["name"], phone=_phone(m["phone"]), department=department))
    if people:
        role = people[-1].role
    return people, role


def _contact_columns(header: list[str]) -> tuple[int, int, int | None] | None:
    """(name column, phone column, title column or None) of a contact list set out in columns under
    a header row ('부서 | 담당자 | 연락처', '부서 | 직위 | 성명 | 연락처'), or None."""
    labels = [t.replace(" ", "") for t in header]
    # a name label spanning two columns heads the department and then the name: take the last
    name = next((i for i in reversed(range(len(labels))) if labels[i] in NAME_LABELS), None)
    phone = next((i for i, t in enumerate(labels) if t.startswith(PHONE_LABELS)), None)
    if name is None or phone is None or name == phone:
        return None
    title = next((i for i, t in enumerate(labels) if t in TITLE_LABELS), None)
    return name, phone, title


def _people_in_columns(row: list[str], name_col: int, phone_col: int, title_col: int | None,
                       department: str) -> list[Contact]:
    """The officials of one row of a column-set contact list: the names (with their titles, before
    or after: '김민석 수석 김민선 수석') paired in order with the phones of the phone column."""
    people: list[list[str]] = []       # [title, name]
    pending, name_first = "", None
    for token in row[name_col].split():
        if token.replace(" ", "") in korean.JOB_TITLES:
            if people and name_first and not people[-1][0]:
                people[-1][0] = token
            else:
                pending = token
        elif re.fullmatch(r"[가-힣]{2,4}", token) and token not in korean.CONTACT_ROLES:
            name_first = not pending if name_first is None else name_first
            people.append([pending, token])
            pending = ""
    phones = [_phone(m.group(0)) for m in re.finditer(korean.PHONE, row[phone_col])]
    if not people or len(people) != len(phones):
        return []                      # a name without its phone (or the reverse): no guessing
    titles = row[title_col].split() if title_col is not None else []
    if len(titles) == len(people):
        people = [[t or title, n] for (t, n), title in zip(people, titles)]
    return [Contact(role="담당자", title=title, name=name, phone=phone, department=department)
            for (title, name), phone in zip(people, phones)]


def _phone(text: str) -> str:
    return re.sub(r"[．.)]", "-", text).replace(" ", "")


def _cell_text(cell) -> str:
    return re.sub(r"\s+", " ", cell.text).strip()


def _contacts_in(text: str, department: str):
    for m in CONTACT.finditer(text):
        yield Contact(role=m["role"], title=re.sub(r"\s+", "", m["title"]), name=m["name"],
                      phone=_phone(m["phone"]), department=department)


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
    from pipeline.extract.analysis import detect_language
    head = " ".join(b.text for b in blocks[:12]      # an issue number ('No.260') is in no language
                    if b.kind in ("title", "header", "masthead", "subtitle") and not ISSUE.match(b.text.strip()))
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
        title=_unquoted(next((b.text for b in blocks if b.kind == "title"), "")),
        subtitles=tuple(b.text for b in blocks if b.kind == "subtitle"),
        release_at=english_datetime(release),
        distributed_at=english_datetime(distributed),
        edition=next((v for k, v in EN_EDITIONS.items() if k in release.lower()), ""),
        department=department,
        contacts=contacts,
    )


def english_datetime(text: str) -> str | None:
    """The first date-time (else date) of an English header value, ISO formatted."""
    from pipeline.korean.figures import find_figures
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
