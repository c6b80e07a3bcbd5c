"""Roadmap records: focus technologies (중점기술) with their number, missions (임무) and sub-items,
rationale, and ecosystem measures (생태계 조성 방안), read from roadmap tables under a field heading.

Tables are built as records here, and once drawn in a PDF and read back through the read and
structure stages.
"""
from __future__ import annotations

import pytest

import pdfs
from pdfs import GOTHIC_BOLD
from pipeline.extract.roadmap import field_of, find_roadmap_tables, focus_technologies, missions_of
from pipeline.records import Block, Table, TableCell


def cell(row, col, text="", items=(), markers=(), levels=(), rowspan=1, colspan=1):
    return TableCell(row=row, col=col, text=text or " ".join(items), items=tuple(items), markers=tuple(markers),
                     levels=tuple(levels), rowspan=rowspan, colspan=colspan)


def heading(tag, page, top):
    return Block("heading", "분야 목표", page, (50.0, top, 500.0, top + 15), marker=f"[{tag}]")


AI_TABLE = Table(page=7, bbox=(50.0, 200.0, 550.0, 700.0), n_rows=7, n_cols=4, kind="roadmap", cells=(
    cell(0, 0, "중점기술"), cell(0, 1, "주요 임무 · 목표", colspan=2), cell(0, 3, "핵심기술 · 목표 선정 근거"),
    cell(1, 0, "효율적 학습·인프라", markers=("❶",)),
    cell(1, 1, items=("고효율 학습기술 확보로 AI학습 소요 자원을(전력·데이터) 50% 이상 절감",
                      "서버 분산 · 병렬형 학습을 지원하는 클라우드 최적운영 기술 고도화"),
         markers=("▸", "▸"), levels=(0, 0), colspan=2),
    cell(1, 3, items=("동일한 학습모델로는 대등한 경쟁 不可", "‘효율적 학습·연산 모델’이 기술추격의 핵심"),
         markers=("▸", "→"), levels=(0, 1)),
    cell(2, 0, "모델링·의사결정", markers=("❷",)),
    cell(2, 1, items=("차세대 인간지향적 AGI 원천기술 확보", "초소량 데이터 학습(Zero-Shot), 상식추론, 멀티모달 등"),
         markers=("▸", "-"), levels=(0, 1), colspan=2),
    cell(2, 3, "초거대 AI도 상황·맥락 파악은 공백영역"),
    cell(3, 0, "안전·신뢰AI", markers=("❹",)),
    cell(3, 1, "AI 콘텐츠의 저작권 · 개인정보 침해 자동판별 (탐지율 90% 이상)", colspan=2),
    cell(3, 3, ""),
    cell(4, 0, "생태계 조성 방안", rowspan=3),
    cell(4, 1, "인재양성"), cell(4, 2, items=("문제해결·프로젝트형 산학협력 공동연구 강화",), markers=("▸",), levels=(0,),
                                   colspan=2),
    cell(5, 1, "국제협력"), cell(5, 2, items=("국제표준 선점", "다자간 디지털 규범 논의 주도"), markers=("▸", "▸"),
                                   levels=(0, 0), colspan=2),
    cell(6, 1, "제도·인프라"), cell(6, 2, items=("AI법 제정",), markers=("▸",), levels=(0,), colspan=2),
))

BIO_TABLE = Table(page=9, bbox=(50.0, 150.0, 550.0, 400.0), n_rows=2, n_cols=3, kind="roadmap", cells=(
    cell(0, 0, "중점 기술"), cell(0, 1, "임무 · 목표"), cell(0, 2, "근거"),
    cell(1, 0, "합성생물학", markers=("❶",)),
    cell(1, 1, items=("바이오제조 기간·비용·속도 혁신", "(항체 생산효율 10배, R&D 효율 5배)", "합성생물학 기반 소재·제품 상용화"),
         markers=("▸", "-", "▸"), levels=(0, 1, 0)),
    cell(1, 2, items=("Dual-Use 대비",), markers=("▸",), levels=(0,)),
))

OTHER_TABLE = Table(page=8, bbox=(50.0, 100.0, 550.0, 200.0), n_rows=2, n_cols=2, cells=(
    cell(0, 0, "구분"), cell(0, 1, "내용"), cell(1, 0, "예산"), cell(1, 1, "1조원")))

BLOCKS = (heading("인공지능", 7, 100.0), heading("첨단바이오", 9, 80.0))
TABLES = (AI_TABLE, OTHER_TABLE, BIO_TABLE)


@pytest.fixture(scope="module")
def records():
    return focus_technologies(BLOCKS, TABLES)


def test_roadmap_tables_are_found_by_their_header_columns():
    found = find_roadmap_tables(BLOCKS, TABLES)
    assert [(r.table_index, r.field, r.tech_col, r.mission_col, r.rationale_col) for r in found] == [
        (0, "인공지능", 0, 1, 3), (2, "첨단바이오", 0, 1, 2)]


def test_focus_technologies_in_order_with_field_name_and_number(records):
    focus, _ = records
    assert [(f.field, f.name, f.number, f.page) for f in focus] == [
        ("인공지능", "효율적 학습·인프라", 1, 7), ("인공지능", "모델링·의사결정", 2, 7), ("인공지능", "안전·신뢰AI", 4, 7),
        ("첨단바이오", "합성생물학", 1, 9)]


def test_top_level_items_are_missions_and_deeper_items_stay_under_them(records):
    focus, _ = records
    by_name = {f.name: f for f in focus}
    assert [m.text for m in by_name["효율적 학습·인프라"].missions] == [
        "고효율 학습기술 확보로 AI학습 소요 자원을(전력·데이터) 50% 이상 절감",
        "서버 분산 · 병렬형 학습을 지원하는 클라우드 최적운영 기술 고도화"]
    (agi,) = by_name["모델링·의사결정"].missions
    assert agi.text == "차세대 인간지향적 AGI 원천기술 확보"
    assert agi.items == ("초소량 데이터 학습(Zero-Shot), 상식추론, 멀티모달 등",)
    synbio = by_name["합성생물학"].missions
    assert [(m.text, m.items) for m in synbio] == [
        ("바이오제조 기간·비용·속도 혁신", ("(항체 생산효율 10배, R&D 효율 5배)",)),
        ("합성생물학 기반 소재·제품 상용화", ())]


def test_a_mission_cell_without_bullets_is_one_mission(records):
    focus, _ = records
    (mission,) = next(f for f in focus if f.name == "안전·신뢰AI").missions
    assert mission.text == "AI 콘텐츠의 저작권 · 개인정보 침해 자동판별 (탐지율 90% 이상)" and mission.page == 7


def test_rationale_keeps_every_item_of_its_cell(records):
    focus, _ = records
    by_name = {f.name: f for f in focus}
    assert by_name["효율적 학습·인프라"].rationale == (
        "동일한 학습모델로는 대등한 경쟁 不可", "‘효율적 학습·연산 모델’이 기술추격의 핵심")
    assert by_name["모델링·의사결정"].rationale == ("초거대 AI도 상황·맥락 파악은 공백영역",)
    assert by_name["안전·신뢰AI"].rationale == ()


def test_rows_under_the_ecosystem_label_are_ecosystem_measures(records):
    _, ecosystem = records
    assert [(e.field, e.label, e.items, e.page) for e in ecosystem] == [
        ("인공지능", "인재양성", ("문제해결·프로젝트형 산학협력 공동연구 강화",), 7),
        ("인공지능", "국제협력", ("국제표준 선점", "다자간 디지털 규범 논의 주도"), 7),
        ("인공지능", "제도·인프라", ("AI법 제정",), 7)]


def test_the_field_is_the_last_tag_above_the_table():
    blocks = (heading("인공지능", 1, 50.0), heading("첨단바이오", 1, 400.0))
    above = Table(page=1, bbox=(0.0, 300.0, 1.0, 350.0), cells=(), n_rows=0, n_cols=0)
    below = Table(page=1, bbox=(0.0, 450.0, 1.0, 500.0), cells=(), n_rows=0, n_cols=0)
    next_page = Table(page=2, bbox=(0.0, 10.0, 1.0, 50.0), cells=(), n_rows=0, n_cols=0)
    assert [field_of(t, blocks) for t in (above, below, next_page)] == ["인공지능", "첨단바이오", "첨단바이오"]
    assert field_of(above, ()) == ""


def test_missions_of_an_empty_or_missing_cell():
    assert missions_of(None, 1) == [] and missions_of(cell(1, 1, "  "), 1) == []


def test_a_table_without_technology_and_mission_columns_is_not_a_roadmap():
    assert focus_technologies((), (OTHER_TABLE,)) == ((), ())


# --- drawn, read and structured -----------------------------------------------------------------------

def draw_roadmap_page(p):
    p.text(60, 80, "[인공지능] 핵심기술·산업활용 기반 확보", GOTHIC_BOLD, 13)
    pdfs.roadmap_table(p, 100)


@pytest.fixture(scope="module")
def drawn(tmp_path_factory):
    s = pdfs.structure(pdfs.build(tmp_path_factory.mktemp("roadmap") / "roadmap.pdf", [draw_roadmap_page]))
    return focus_technologies(s.blocks, s.tables)


def test_a_drawn_roadmap_table_gives_its_focus_technologies(drawn):
    focus, _ = drawn
    assert [(f.field, f.name, f.number) for f in focus] == [
        ("인공지능", "효율적 학습·인프라", 1), ("인공지능", "모델링·의사결정", 2)]
    first, second = focus
    assert [m.text for m in first.missions] == [
        "고효율 학습기술 확보로 AI학습 소요 자원을(전력·데이터) 50% 이상 절감", "클라우드 최적운영"]
    assert first.rationale == ("대등한 경쟁 不可", "효율적 학습 모델이 핵심")
    assert [(m.text, m.items) for m in second.missions] == [("인간지향적 AGI 원천기술", ("초소량 데이터 학습",))]
    assert second.rationale == ("공백영역 선제 투자",)


def test_a_drawn_roadmap_table_gives_its_ecosystem_rows(drawn):
    _, ecosystem = drawn
    assert [(e.field, e.label, e.items) for e in ecosystem] == [
        ("인공지능", "인재양성", ("산학협력 공동연구 강화",)),
        ("인공지능", "국제협력", ("국제표준 선점", "디지털 규범 논의 주도"))]


def numbered_table(markers: str) -> Table:
    cells = [cell(0, 0, "중점기술"), cell(0, 1, "임무")]
    for row, marker in enumerate(markers, start=1):
        cells += [cell(row, 0, f"기술{row}", markers=(marker,)), cell(row, 1, f"임무{row}")]
    return Table(page=1, bbox=(0.0, 0.0, 1.0, 1.0), cells=tuple(cells), n_rows=len(markers) + 1, n_cols=2)


def test_focus_numbers_from_every_circled_style():
    focus, _ = focus_technologies((), (numbered_table("➊➋➓①⑨⑩❶❿"),))
    assert [f.number for f in focus] == [1, 2, 10, 1, 9, 10, 1, 10]


def test_focus_numbers_above_ten():
    focus, _ = focus_technologies((), (numbered_table("⑪⑫⑳"),))
    assert [f.number for f in focus] == [11, 12, 20]
