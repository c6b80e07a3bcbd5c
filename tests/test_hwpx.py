"""The HWPX reader: a small OWPML document built here reads as the PDF path reads a release
(title, header fields, subtitles, bullets, tables with spans, contacts), with paragraph
provenance, and is chosen by content, not by name."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

import hangul
from pipeline import errors
from pipeline.read import source
from pipeline.read.hwpx import format_number, read_hwpx
from pipeline.read.limits import INFLATE_CHUNK, INFLATE_FLOOR_MB, InflateBudget

HP = 'xmlns:hp="http://www.hancom.co.kr/hwpml/2011/paragraph"'
HEADER = f"""<?xml version="1.0" encoding="UTF-8"?>
<hh:head xmlns:hh="http://www.hancom.co.kr/hwpml/2011/head" xmlns:hc="http://www.hancom.co.kr/hwpml/2011/core" {HP}>
<hh:refList>
<hh:fontfaces><hh:fontface lang="HANGUL"><hh:font id="0" face="함초롬바탕"/></hh:fontface></hh:fontfaces>
<hh:borderFills>
 <hh:borderFill id="1"><hh:leftBorder type="NONE"/><hh:rightBorder type="NONE"/><hh:topBorder type="NONE"/><hh:bottomBorder type="NONE"/></hh:borderFill>
 <hh:borderFill id="2"><hh:leftBorder type="SOLID"/><hh:rightBorder type="SOLID"/><hh:topBorder type="SOLID"/><hh:bottomBorder type="SOLID"/></hh:borderFill>
</hh:borderFills>
<hh:charProperties>
 <hh:charPr id="0" height="1400"><hh:fontRef hangul="0"/></hh:charPr>
 <hh:charPr id="1" height="2400"><hh:fontRef hangul="0"/><hh:bold/></hh:charPr>
 <hh:charPr id="2" height="1000"><hh:fontRef hangul="0"/></hh:charPr>
</hh:charProperties>
<hh:bullets><hh:bullet id="1" char="□"/></hh:bullets>
<hh:numberings><hh:numbering id="1"><hh:paraHead level="1" numFormat="DIGIT" start="1">^1.</hh:paraHead></hh:numbering></hh:numberings>
<hh:paraProperties>
 <hh:paraPr id="0"><hh:heading type="NONE" idRef="0" level="0"/></hh:paraPr>
 <hh:paraPr id="1"><hh:heading type="BULLET" idRef="1" level="0"/></hh:paraPr>
</hh:paraProperties>
</hh:refList></hh:head>"""


def p(text: str, char: int = 0, para: int = 0, extra: str = "") -> str:
    return f'<hp:p paraPrIDRef="{para}"><hp:run charPrIDRef="{char}"><hp:t>{text}</hp:t>{extra}</hp:run></hp:p>'


def cell(row: int, col: int, body: str, border: int = 2, rowspan: int = 1, colspan: int = 1,
         width: int = 10000) -> str:
    return (f'<hp:tc borderFillIDRef="{border}"><hp:subList>{body}</hp:subList>'
            f'<hp:cellAddr colAddr="{col}" rowAddr="{row}"/><hp:cellSpan colSpan="{colspan}" rowSpan="{rowspan}"/>'
            f'<hp:cellSz width="{width}"/></hp:tc>')


def table(rows: list[list[str]], n_rows: int, n_cols: int) -> str:
    trs = "".join(f"<hp:tr>{''.join(r)}</hp:tr>" for r in rows)
    return f'<hp:tbl rowCnt="{n_rows}" colCnt="{n_cols}">{trs}</hp:tbl>'


def section(*paragraphs: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?><hs:sec xmlns:hs="http://www.hancom.co.kr/hwpml/2011/section" {HP}>'
            + "".join(paragraphs) + "</hs:sec>")


HEADER_BOX = table([[cell(0, 0, p("보도시점", 2)), cell(0, 1, p("2026. 4. 13.(월) 12:00", 2)),
                     cell(0, 2, p("배포", 2)), cell(0, 3, p("2026. 4. 13.(월) 09:00", 2))]], 1, 4)
CONTACTS = table([
    [cell(0, 0, p("담당 부서", 2), rowspan=2), cell(0, 1, p("과학기술정책과", 2), rowspan=2),
     cell(0, 2, p("책임자", 2)), cell(0, 3, p("과장", 2)), cell(0, 4, p("김철수 (044-202-1234)", 2))],
    [cell(1, 2, p("담당자", 2)), cell(1, 3, p("사무관", 2)), cell(1, 4, p("이영희 (044-202-5678)", 2))],
], 2, 5)
SPANS = table([
    [cell(0, 0, p("구분", 2), rowspan=2), cell(0, 1, p("2025년", 2), colspan=2)],
    [cell(1, 1, p("상반기", 2)), cell(1, 2, p("하반기", 2))],
    [cell(2, 0, p("투자", 2)), cell(2, 1, p("120억원", 2)), cell(2, 2, p("150억원", 2))],
], 3, 3)


def make_hwpx(path: Path, body: str, mimetype: bytes = b"application/hwp+zip") -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", mimetype)
        zf.writestr("Contents/header.xml", HEADER)
        zf.writestr("Contents/section0.xml", body)
        zf.writestr("version.xml", '<hv:HCFVersion xmlns:hv="x" appVersion="12, 0, 0, 1"/>')
    return path


RELEASE = section(
    p("보도자료", 0), p("", 0, extra=HEADER_BOX),
    p("인공지능 반도체 연구개발에", 1), p("3년간 1조 2천억원 투자", 1),
    p("- 2030년까지 세계 시장 점유율 20% 달성", 0),
    p("과학기술정보통신부(장관 홍길동)는 인공지능 반도체에 3년간 1조 2천억원을 투자한다고 밝혔다.", 0, 1),
    p("", 0, extra=SPANS),
    p("", 0, extra=CONTACTS))


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Path:
    return make_hwpx(tmp_path_factory.mktemp("hwpx") / "release.bin", RELEASE)


def test_hwpx_is_chosen_by_its_mimetype_not_its_name(release, tmp_path):
    assert source.input_kind(release) == "hwpx"
    other = make_hwpx(tmp_path / "release.hwpx", RELEASE, mimetype=b"application/zip")
    with pytest.raises(errors.InputError):
        source.input_kind(other)


def test_hwpx_paragraphs_become_lines_with_shapes_and_provenance(release):
    doc = read_hwpx(release, "0" * 64)
    lines = [l for page in doc.pages for l in page.lines]
    title = next(l for l in lines if l.text.startswith("인공지능 반도체"))
    assert title.size == 24 and title.bold and title.ref == "s1/p2"
    bullet = next(l for l in lines if "장관" in l.text)
    assert bullet.text.startswith("□ ") and bullet.ref == "s1/p5"


def test_hwpx_tables_keep_spans_and_merge_cells_without_drawn_borders(release):
    doc = read_hwpx(release, "0" * 64)
    grids = [g for page in doc.pages for g in page.grids]
    spans = next(g for g in grids if g.n_cols == 3)
    assert (spans.n_rows, spans.n_cols) == (3, 3)
    head = next(c for c in spans.cells if c.row == 0 and c.col == 1)
    assert head.colspan == 2 and head.lines[0].text == "2025년"
    assert next(c for c in spans.cells if c.col == 0 and c.row == 0).rowspan == 2
    assert all(l.ref.startswith("s1/p6/t0/r") for c in spans.cells for l in c.lines)


def test_hwpx_release_ingests_like_a_pdf_release(release):
    from pipeline.ingest import ingest_file
    doc = ingest_file(release)
    info = doc.info
    assert info.title == "인공지능 반도체 연구개발에 3년간 1조 2천억원 투자"
    assert info.subtitles == ("2030년까지 세계 시장 점유율 20% 달성",)
    assert info.release_at == "2026-04-13T12:00" and info.kind == "보도자료"
    assert info.ministry == "과학기술정보통신부"
    assert [(c.role, c.name, c.phone) for c in info.contacts] == [
        ("책임자", "김철수", "044-202-1234"), ("담당자", "이영희", "044-202-5678")]
    assert any(f.value == 1_200_000_000_000 for f in doc.figures)
    assert any(t.n_rows == 3 and t.n_cols == 3 for t in doc.tables)


def test_damaged_hwpx_is_a_named_error(tmp_path):
    path = tmp_path / "broken.hwpx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", b"application/hwp+zip")
        zf.writestr("Contents/header.xml", HEADER)
        zf.writestr("Contents/section0.xml", "<hs:sec><unclosed>")
    from pipeline.ingest import ingest_file
    with pytest.raises(errors.CorruptHwpError) as info:
        ingest_file(path)
    assert str(info.value).startswith("broken.hwpx: HWPX document is damaged") and "\n" not in str(info.value)


@pytest.mark.parametrize("n, fmt, out", [(3, "DIGIT", "3"), (2, "HANGUL_SYLLABLE", "나"),
                                         (4, "ROMAN_CAPITAL", "IV"), (1, "CIRCLED_DIGIT", "①")])
def test_number_formats(n, fmt, out):
    assert format_number(n, fmt) == out


def test_paragraph_refs_are_in_the_json_and_the_store(release, tmp_path):
    from pipeline.ingest import ingest_file
    from pipeline.store.database import Store
    doc = ingest_file(release)
    data = doc.to_json()
    assert data["document"]["provenance"] == "paragraph"
    title = next(b for b in data["blocks"] if b["kind"] == "title")
    assert title["ref"] == "s1/p2"
    money = next(f for f in data["figures"] if f["value"] == 1_200_000_000_000)
    assert money["ref"].startswith("s1/p")
    assert all(t["ref"].startswith("s1/p") and "/t0" in t["ref"] for t in data["tables"])
    with Store(tmp_path / "s.db") as store:
        store.save(doc)
        rows = store._conn.execute("SELECT record, seq, ref FROM provenance WHERE record = 'block' "
                                   "ORDER BY seq").fetchall()
        assert [r[2] for r in rows] == [b.ref for b in doc.blocks]
        assert store.get(doc.info.id).blocks == doc.blocks
        store.delete(doc.info.id)
        assert store._conn.execute("SELECT count(*) FROM provenance").fetchone()[0] == 0


# --- hostile archives: bombs are refused by name, before they are inflated ----------------------------

def test_an_hwpx_part_that_says_it_inflates_a_thousandfold_is_refused_before_it_is_read(tmp_path):
    path = hangul.hwpx_bomb(tmp_path / "bomb.hwpx", 64)          # 64 MB from 65 KB
    with pytest.raises(errors.DecompressionBombError) as caught:
        read_hwpx(path, "0" * 64)
    err = caught.value
    assert err.code == "zip_bomb" and err.how == "declared" and err.part == "Contents/section0.xml"
    assert str(err).startswith("bomb.hwpx: HWPX document says it inflates to 64 MB (at part "
                               "Contents/section0.xml), more than 100 times its 6") and "\n" not in str(err)
    assert "refused as a decompression bomb (zip_bomb)" in str(err)


def test_an_hwpx_part_that_understates_its_size_is_read_no_further_than_it_said(tmp_path):
    path = hangul.hwpx_bomb(tmp_path / "liar.hwpx", 64, declared=1000)
    with pytest.raises(errors.CorruptHwpError, match="Bad CRC-32"):
        read_hwpx(path, "0" * 64)


def test_the_limit_holds_for_all_the_parts_of_a_document_together(tmp_path):
    sections = tuple(f"Contents/section{i}.xml" for i in range(4))
    path = hangul.hwpx_bomb(tmp_path / "parts.hwpx", 3, members=sections)    # 3 MB each
    with pytest.raises(errors.DecompressionBombError) as caught:
        read_hwpx(path, "0" * 64)
    err = caught.value
    assert err.part == "Contents/section2.xml" and err.size > INFLATE_FLOOR_MB * 2**20 >= err.size - 3 * 2**20


def test_inflated_bytes_are_counted_as_they_come_whatever_a_header_said(tmp_path):
    path = tmp_path / "small.hwpx"
    path.write_bytes(b"x" * 1000)
    budget = InflateBudget(path, "HWPX")
    budget.declare("part", 10)
    endless = iter(lambda: b"a" * INFLATE_CHUNK, None)
    kept = []
    with pytest.raises(errors.DecompressionBombError) as caught:
        kept.extend(budget.inflate("part", endless))
    assert len(kept) * INFLATE_CHUNK <= budget.limit == INFLATE_FLOOR_MB * 2**20
    assert caught.value.code == "zip_bomb" and caught.value.how == "at least"


def test_a_document_over_page_memory_but_not_a_bomb_is_too_large_and_says_what_to_raise(tmp_path):
    body = section(*(p(hangul.random_text(2000)) for _ in range(1500)))      # 9 MB, stored
    path = make_hwpx(tmp_path / "long.hwpx", body)
    with pytest.raises(errors.DecompressionBombError) as caught:
        read_hwpx(path, "0" * 64, page_memory=100)
    assert caught.value.code == "too_large" and "raise --page-memory" in str(caught.value)


def test_an_entity_expansion_section_is_refused_by_the_xml_parser_by_name(tmp_path):
    entities = "".join(f'<!ENTITY e{i} "{f"&e{i - 1};" * 10 if i else "ha" * 5}">' for i in range(9))
    body = f'<?xml version="1.0"?><!DOCTYPE s [{entities}]><hs:sec xmlns:hs="x">&e8;</hs:sec>'
    with pytest.raises(errors.CorruptHwpError, match="limit on input amplification factor"):
        read_hwpx(make_hwpx(tmp_path / "laughs.hwpx", body), "0" * 64)
