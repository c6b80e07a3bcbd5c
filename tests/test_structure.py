"""Structure stage: blocks in reading order with kind, marker and level; tables with their cells' items;
header fields paired with their values.

The release-like PDF below is drawn once per module by ``tests/pdfs.py``: a masthead, a ruled release
box, a title with '-' subtitles, nested bullets, a caption, a ■ heading, ➊ items, a note, a tagged
field heading, a bold label, a paragraph running over a page break, an attachment label and a ruled
roadmap table with merged cells.
"""
from __future__ import annotations

import pytest

import pdfs
from pdfs import GOTHIC, GOTHIC_BOLD, MYEONGJO
from pipeline.read.pdf import Grid, GridCell, Line, Page, ReadDocument
from pipeline.structure.blocks import build_structure, structure_from_text

RIGHT = 300          # right edge of the body text: wrapped lines are justified to it


def draw_first_page(p):
    p.text(60, 60, "과학기술정보통신부", GOTHIC, 12)
    p.spaced(400, 66, "보도자료", gap=10, font=GOTHIC_BOLD, size=18)
    p.header_box(100, "2023. 10. 31.(화) 10:00", "2023. 10. 30.(월) 14:00", x=60, widths=(70, 170, 50, 170))
    p.text(60, 175, "인공지능·첨단바이오 전략로드맵 수립", GOTHIC_BOLD, 20)
    p.text(80, 205, "- 8개 중점기술의 국가임무 제시", MYEONGJO, 13)
    p.text(80, 226, "- 바이오제조 효율을 최대 10배 혁신", MYEONGJO, 13)
    y = 265
    y = p.paragraph(60, y, "□ 정부는 인공지능과 첨단바이오 분야의 국가|임무를 설정하고 중점기술을 선정하였으며|"
                           "투자 방향을 제시하였다.", RIGHT)
    y = p.paragraph(72, y, "○ 인공지능 분야는 고효율 학습모델을|개발하여 학습 비용을 낮춘다.", RIGHT)
    y = p.paragraph(84, y, "- 데이터와 전력 소모를 50% 이상 절감*", RIGHT)
    y = p.paragraph(96, y - 3, "* 기존 초거대 AI 학습 대비 절감률", RIGHT, size=9)
    y = p.paragraph(60, y + 6, "<분야별 전략로드맵 주요 임무>", RIGHT, GOTHIC)
    y = p.paragraph(60, y + 6, "■ 미래혁신 분야 로드맵 추진 방향", RIGHT, GOTHIC_BOLD, 13)
    y = p.paragraph(72, y, "➊ 기술분야간 연계·융합에 중점을 두었다.", RIGHT)
    y = p.paragraph(72, y, "➋ 신속한 기술추격을 통한 신격차 창출이|필요하다.", RIGHT)
    y = p.paragraph(60, y, "※ 세부 내용은 붙임 참고", RIGHT)
    y = p.paragraph(60, y + 6, "[인공지능] 핵심기술 확보로 선도국 도약", RIGHT, GOTHIC_BOLD, 13)
    x = p.text(72, y, "○ ", GOTHIC)
    x = p.text(x, y, "핵심이슈", GOTHIC_BOLD)
    p.text(x, y, " 빅테크 중심 규모의 경제 심화", GOTHIC)
    # a paragraph at the foot of the page, carried on over the page break
    p.paragraph(60, 770, "□ 이와 함께 정부는 난치성 질환 치료제의 임상|", RIGHT)
    p.page_number(1)


def draw_second_page(p):
    p.text(74.7, 80, "진입을 목표로 핵심 기반기술을 확보한다.")
    p.text(60, 120, "붙임 전략로드맵 분야별 주요 내용", GOTHIC_BOLD, 12)
    pdfs.roadmap_table(p, 140, second_mission="▶ 클라우드 최적운영 기술")
    p.page_number(2)


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    path = pdfs.build(tmp_path_factory.mktemp("structure") / "release.pdf", [draw_first_page, draw_second_page])
    return pdfs.structure(path)


def block(structure, text_start):
    found = [b for b in structure.blocks if b.text.startswith(text_start)]
    assert len(found) == 1, f"{text_start!r}: {[(b.kind, b.text) for b in structure.blocks]}"
    return found[0]


def summary(b):
    return (b.kind, b.marker, b.level)


# --- front matter -----------------------------------------------------------------------------------

def test_front_matter_comes_first_as_header_masthead_title_and_subtitles(release):
    front = [(b.kind, b.marker, b.text) for b in release.blocks[:7]]
    assert front == [
        ("header", "보도시점", "2023. 10. 31.(화) 10:00"),
        ("header", "배포", "2023. 10. 30.(월) 14:00"),
        ("masthead", "", "과학기술정보통신부"),
        ("masthead", "", "보도자료"),
        ("title", "", "인공지능·첨단바이오 전략로드맵 수립"),
        ("subtitle", "-", "8개 중점기술의 국가임무 제시"),
        ("subtitle", "-", "바이오제조 효율을 최대 10배 혁신"),
    ]


def test_the_ruled_release_box_is_also_a_header_table(release):
    header = release.tables[0]
    assert header.kind == "header" and header.page == 1
    assert header.rows() == [["보도시점", "2023. 10. 31.(화) 10:00", "배포", "2023. 10. 30.(월) 14:00"]]


def test_only_dash_lines_right_under_the_title_are_subtitles(release):
    assert [b.text for b in release.blocks if b.kind == "subtitle"] == [
        "8개 중점기술의 국가임무 제시", "바이오제조 효율을 최대 10배 혁신"]
    assert summary(block(release, "데이터와 전력")) == ("paragraph", "-", 2)


# --- bullets and kinds ------------------------------------------------------------------------------

def test_nested_bullets_give_kind_marker_and_level(release):
    assert summary(block(release, "정부는 인공지능과")) == ("paragraph", "□", 0)
    assert summary(block(release, "인공지능 분야는")) == ("paragraph", "○", 1)
    assert summary(block(release, "데이터와 전력")) == ("paragraph", "-", 2)
    assert summary(block(release, "기존 초거대 AI")) == ("footnote", "*", 3)


def test_a_paragraph_wrapped_over_three_lines_is_one_block(release):
    b = block(release, "정부는 인공지능과")
    # '국가|임무' joins: the subtitle spells '국가임무' (the document's own vocabulary decides)
    assert b.text == "정부는 인공지능과 첨단바이오 분야의 국가임무를 설정하고 중점기술을 선정하였으며 투자 방향을 제시하였다."
    assert b.page == 1
    assert b.bbox[2] == pytest.approx(RIGHT, abs=1)


def test_a_wrapped_bullet_keeps_its_marker_out_of_the_text(release):
    assert block(release, "인공지능 분야는").text == "인공지능 분야는 고효율 학습모델을 개발하여 학습 비용을 낮춘다."


def test_a_paragraph_carried_over_a_page_break_is_one_block_on_its_first_page(release):
    i, b = next((i, b) for i, b in enumerate(release.blocks) if b.text.startswith("이와 함께"))
    assert b.text == "이와 함께 정부는 난치성 질환 치료제의 임상 진입을 목표로 핵심 기반기술을 확보한다."
    assert (b.kind, b.marker, b.page) == ("paragraph", "□", 1)
    text = release.block_texts[i]
    start = b.text.index("목표로")
    assert text.locate(start, start + 3)[0] == 2          # its second line was read on page 2


def test_a_long_bracketed_line_is_a_caption(release):
    b = block(release, "<분야별")
    assert (b.kind, b.marker) == ("caption", "")
    assert b.text == "<분야별 전략로드맵 주요 임무>"


def test_a_filled_square_opens_a_heading_that_later_blocks_sit_under(release):
    heading = block(release, "미래혁신 분야")
    assert summary(heading) == ("heading", "■", 0)
    assert block(release, "기술분야간").section == "미래혁신 분야 로드맵 추진 방향"


def test_circled_numbers_open_items(release):
    first, second = block(release, "기술분야간"), block(release, "신속한")
    assert summary(first) == ("item", "➊", 1) and summary(second) == ("item", "➋", 1)
    assert second.text == "신속한 기술추격을 통한 신격차 창출이 필요하다."


def test_a_reference_mark_opens_a_note(release):
    assert summary(block(release, "세부 내용은")) == ("note", "※", 3)


def test_a_field_tag_goes_to_the_marker_not_the_text(release):
    b = block(release, "핵심기술 확보로")
    assert (b.kind, b.marker, b.text) == ("heading", "[인공지능]", "핵심기술 확보로 선도국 도약")


def test_a_short_bold_word_opening_a_regular_line_is_a_label(release):
    b = block(release, "빅테크")
    assert (b.kind, b.marker, b.level, b.text) == ("paragraph", "○ 핵심이슈", 1, "빅테크 중심 규모의 경제 심화")


def test_an_attachment_label_is_its_own_kind(release):
    assert block(release, "붙임").kind == "attachment"


def test_page_furniture_never_becomes_a_block(release):
    assert not any(b.text.strip("- ").isdigit() for b in release.blocks)


def test_blocks_keep_their_page_and_box(release):
    b = block(release, "미래혁신 분야")
    assert b.page == 1
    x0, top, x1, bottom = b.bbox
    assert x0 == pytest.approx(60) and top < bottom and x1 > x0


# --- tables -----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def roadmap_table(release):
    (table,) = [t for t in release.tables if t.page == 2]
    return table


def test_a_ruled_table_with_merged_cells_gives_rows_of_items_and_strings(roadmap_table):
    assert roadmap_table.kind == "roadmap"
    assert (roadmap_table.n_rows, roadmap_table.n_cols) == (5, 4)
    assert roadmap_table.rows() == [
        ["중점기술", "주요 임무·목표", "선정 근거"],
        ["효율적 학습·인프라", ("고효율 학습기술 확보로 AI학습 소요 자원을(전력·데이터) 50% 이상 절감", "클라우드 최적운영 기술"),
         ("대등한 경쟁 不可", "효율적 학습 모델이 핵심")],
        ["모델링·의사결정", ("인간지향적 AGI 원천기술", "초소량 데이터 학습"), "공백영역 선제 투자"],
        ["생태계 조성", "인재양성", ("산학협력 공동연구 강화",)],
        ["국제협력", ("국제표준 선점", "디지털 규범 논의 주도")],
    ]


def test_table_cells_keep_spans_markers_and_levels(roadmap_table):
    cells = {(c.row, c.col): c for c in roadmap_table.cells}
    assert (cells[(0, 1)].colspan, cells[(3, 0)].rowspan) == (2, 2)
    assert cells[(1, 0)].markers == ("❶",) and cells[(1, 0)].text == "효율적 학습·인프라"
    assert cells[(1, 3)].markers == ("▶", "-") and cells[(1, 3)].levels == (0, 1)
    assert cells[(2, 1)].levels == (0, 1)


def test_cell_items_keep_where_they_were_read(release, roadmap_table):
    index = release.tables.index(roadmap_table)
    cell = next(i for i, c in enumerate(roadmap_table.cells) if (c.row, c.col) == (1, 1))
    text = release.cell_texts[(index, cell, 0)]
    assert text.text.startswith("고효율 학습기술")
    page, box = text.locate(0, len(text.text))
    assert page == 2 and box[1] > 140


def test_a_paragraph_ending_mid_page_does_not_take_the_next_page_opening(tmp_path):
    def first(p):
        p.paragraph(60, 100, "□ 정부는 인공지능과 첨단바이오 분야의 국가|임무를 설정하였다.", RIGHT)

    def second(p):
        p.text(74.7, 80, "중점기술을 선정하고 투자 방향을 제시하였다.")
    s = pdfs.structure(pdfs.build(tmp_path / "a.pdf", [first, second]))
    assert [(b.page, b.text) for b in s.blocks] == [
        (1, "정부는 인공지능과 첨단바이오 분야의 국가 임무를 설정하였다."),
        (2, "중점기술을 선정하고 투자 방향을 제시하였다.")]


# --- a release with a header box of loose lines (no ruling) ----------------------------------------

def test_a_loose_header_pairs_labels_with_values_wherever_they_sit(tmp_path):
    """Like MSIT's 2024 releases: the release time sits ABOVE the 보도시점 label, the distribution time
    on the label's line to its right, the edition note below; nothing is ruled, and the lines are
    drawn out of reading order."""
    def draw(p):
        p.text(262, 144.5, "(2024. 4.17.(수) 석간)", MYEONGJO, 10)
        p.text(389, 138, "배포 2024. 4. 16.(화) 16:00", MYEONGJO, 10)
        p.text(215, 138, "보도시점", MYEONGJO, 10)
        p.text(265, 131, "2024. 4.17.(수) 09:00", MYEONGJO, 10)
        p.text(101, 115, "과학기술정보통신부", GOTHIC, 10)
        p.text(260, 105, "보도자료", GOTHIC_BOLD, 14)
        p.text(128, 185, "월드IT쇼에서 디지털 기술을 선보인다", GOTHIC_BOLD, 24)
        p.text(68, 215, "- 인공지능 일상화 전시관 운영 -", MYEONGJO, 14)
        y = 260
        for _ in range(3):
            y = p.paragraph(56, y, "□ 과학기술정보통신부는 4월 17일부터 월드IT쇼를|개최한다고 밝혔다.", 420, size=14)
    s = pdfs.structure(pdfs.build(tmp_path / "loose.pdf", [draw]))
    header = {b.marker: b.text for b in s.blocks if b.kind == "header"}
    assert set(header) == {"보도시점", "배포"}
    assert "2024. 4.17.(수) 09:00" in header["보도시점"] and "석간" in header["보도시점"]
    assert header["배포"] == "2024. 4. 16.(화) 16:00"
    assert [b.text for b in s.blocks if b.kind == "masthead"] == ["보도자료", "과학기술정보통신부"]
    assert [b.text for b in s.blocks if b.kind == "title"] == ["월드IT쇼에서 디지털 기술을 선보인다"]
    assert [b.text for b in s.blocks if b.kind == "subtitle"] == ["인공지능 일상화 전시관 운영"]
    assert s.tables == ()


@pytest.mark.parametrize("lines, subtitles", [
    (["“수도권 광역지표 103개 개발”", "“온라인으로 시범 서비스 시작”"],
     ["수도권 광역지표 103개 개발", "온라인으로 시범 서비스 시작"]),
    (["◇ 3개 부문 11개 영역 구성", "◇ 시범 서비스 후 보완"], ["3개 부문 11개 영역 구성", "시범 서비스 후 보완"]),
    (["– 광역생활권 지표 체계 개발 –"], ["광역생활권 지표 체계 개발"]),
])
def test_subtitles_in_quotes_lead_bullets_or_en_dashes(tmp_path, lines, subtitles):
    def draw(p):
        p.text(60, 80, "수도권 광역지표 개발 및 시범 서비스", GOTHIC_BOLD, 22)
        y = 115
        for line in lines:
            p.text(80, y, line, MYEONGJO, 14)
            y += 24
        p.text(60, y + 20, "□ 경인지방통계청은 광역지표를 공개하였다.", MYEONGJO, 12)
    s = pdfs.structure(pdfs.build(tmp_path / "a.pdf", [draw]))
    assert [b.text for b in s.blocks if b.kind == "subtitle"] == subtitles


def test_a_bare_dash_spacer_under_the_title_is_no_subtitle(tmp_path):
    def draw(p):
        p.text(60, 80, "종량제봉투 재생원료 사용 확대", GOTHIC_BOLD, 22)
        p.text(80, 115, "- 재생원료 사용 확대 협약", MYEONGJO, 14)
        p.text(80, 128, "-", MYEONGJO, 2)
        p.text(80, 140, "- 다각적인 상생협력 체계 구축", MYEONGJO, 14)
        p.text(60, 175, "□ 기후에너지환경부는 협약을 체결하였다.", MYEONGJO, 12)
    s = pdfs.structure(pdfs.build(tmp_path / "a.pdf", [draw]))
    assert [b.text for b in s.blocks if b.kind == "subtitle"] == ["재생원료 사용 확대 협약", "다각적인 상생협력 체계 구축"]


def test_an_issuer_line_set_larger_than_the_title_is_not_the_title(tmp_path):
    def draw(p):
        p.text(60, 120, "제5차 공공데이터 기본계획(안)", GOTHIC_BOLD, 24)
        p.text(60, 160, "2026. 1.", GOTHIC, 22)
        p.text(60, 400, "관계부처 합동", GOTHIC_BOLD, 26)
        p.text(60, 500, "□ 정부는 기본계획을 수립하였다.", MYEONGJO, 12)
    s = pdfs.structure(pdfs.build(tmp_path / "a.pdf", [draw]))
    assert [b.text for b in s.blocks if b.kind == "title"] == ["제5차 공공데이터 기본계획(안)"]


def test_without_a_title_sized_line_there_is_no_front_matter(tmp_path):
    def draw(p):
        p.text(60, 100, "□ 본문만 있는 문서")
        p.text(60, 130, "보도시점 2023. 10. 31.")
    s = pdfs.structure(pdfs.build(tmp_path / "a.pdf", [draw]))
    assert [b.kind for b in s.blocks] == ["paragraph", "paragraph"]


# --- plain text -------------------------------------------------------------------------------------

ENGLISH = """MSIT sets the strategic roadmap for AI and advanced biotechnology
- Eight focus technologies and their national missions
- Biomanufacturing up to 10 times more efficient

The government will develop efficient learning models
that cut data and power use by more than 50% by 2030.

# Background

- Secure a vaccine within 100 days
- Build a bio big data set of one million people
"""


def test_plain_text_gives_title_subtitles_paragraphs_headings_and_items():
    s = structure_from_text(ENGLISH)
    assert [(b.kind, b.marker, b.text) for b in s.blocks] == [
        ("title", "", "MSIT sets the strategic roadmap for AI and advanced biotechnology"),
        ("subtitle", "-", "Eight focus technologies and their national missions"),
        ("subtitle", "-", "Biomanufacturing up to 10 times more efficient"),
        ("paragraph", "", "The government will develop efficient learning models that cut data and power use "
                          "by more than 50% by 2030."),
        ("heading", "", "Background"),
        ("paragraph", "-", "Secure a vaccine within 100 days"),
        ("paragraph", "-", "Build a bio big data set of one million people"),
    ]
    assert s.tables == () and len(s.block_texts) == len(s.blocks)


def test_plain_text_masthead_lines_above_the_title_are_masthead():
    s = structure_from_text("Press Release\n\nMSIT sets the strategic roadmap for AI and biotechnology\n- A subtitle\n")
    assert [(b.kind, b.text) for b in s.blocks] == [
        ("masthead", "Press Release"),
        ("title", "MSIT sets the strategic roadmap for AI and biotechnology"),
        ("subtitle", "A subtitle")]


def test_plain_text_release_with_a_two_line_masthead_and_header_lines_finds_its_title_and_subtitles():
    """The project's English release: 'Ministry of Science and ICT' / 'PRESS RELEASE', then 'Embargo:' and
    'Distributed:' lines, then the title and three '-' subtitles."""
    from conftest import ROOT
    text = (ROOT / "corpus" / "msit-2023-10-31-ai-bio-roadmap.en.txt").read_text(encoding="utf-8")
    s = structure_from_text(text)
    title = next(b for b in s.blocks if b.kind == "title")
    assert title.text.startswith("Strategic Roadmap for Artificial Intelligence")
    assert len([b for b in s.blocks if b.kind == "subtitle"]) == 3
    assert [b.text for b in s.blocks if b.kind == "masthead"] == ["Ministry of Science and ICT", "PRESS RELEASE"]


# --- a table running on to the next page -----------------------------------------------------------

def draw_table_at_the_foot(p):
    p.text(60, 100, "□ 본문 문단")
    p.table(60, 600, [100, 200], [24, 40, 40], {
        (0, 0): "구분", (0, 1): "내용",
        (1, 0): "인재양성", (1, 1): ["▶ 산학협력 강화"],
        (2, 0): "국제협력", (2, 1): ["▶ 국제표준 선점"]})


def draw_table_continued(p):
    p.table(60, 80, [100, 200], [24, 40], {(0, 0): "구분", (0, 1): "내용", (1, 0): "제도", (1, 1): ["▶ AI법 제정"]})
    p.text(60, 200, "□ 다음 문단")


@pytest.fixture(scope="module")
def continued(tmp_path_factory):
    path = pdfs.build(tmp_path_factory.mktemp("continued") / "continued.pdf",
                      [draw_table_at_the_foot, draw_table_continued])
    return pdfs.structure(path)


def test_a_table_running_on_to_the_next_page_is_one_table_without_its_repeated_header(continued):
    (table,) = continued.tables
    assert table.rows() == [["구분", "내용"], ["인재양성", ("산학협력 강화",)], ["국제협력", ("국제표준 선점",)],
                            ["제도", ("AI법 제정",)]]


def test_every_cell_text_of_a_continued_table_is_keyed_to_its_own_cell(continued):
    (table,) = continued.tables
    for (t, c, item), text in continued.cell_texts.items():
        assert t == 0 and c < len(table.cells), (c, text.text)
        cell = table.cells[c]
        assert text.text == (cell.items[item] if cell.items else cell.text)


# --- a letter-spaced copy of the sample reads as the sample ----------------------------------------

SPEC = "corpus/msit-2023-10-31-ai-bio-roadmap.json"


@pytest.fixture(scope="module")
def spaced_copy(tmp_path_factory):
    """The sample typeset again with loose letter spacing (``pdfs.letter_spaced_copy``: each glyph its
    own text object, 0.3-0.5 em after every character, more at word spaces), ingested with the
    sample through the command line: (copy, store, JSON directory)."""
    from conftest import SAMPLE, run_cli
    base = tmp_path_factory.mktemp("spaced")
    copy = pdfs.letter_spaced_copy(SAMPLE, base / "spaced.pdf")
    proc = run_cli("ingest", SAMPLE, copy, "--db", base / "x.db", "--out", base / "json", "--quiet")
    assert proc.returncode == 0, proc.stderr[-2000:]
    return copy, base / "x.db", base / "json"


def test_a_letter_spaced_copy_of_the_sample_differs_from_it_in_nothing(spaced_copy):
    import json
    from conftest import SAMPLE, run_cli
    copy, db, _ = spaced_copy
    proc = run_cli("diff", SAMPLE, copy, "--db", db, "--format", "json")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert json.loads(proc.stdout)["changes"] == []


@pytest.mark.shared
def test_a_letter_spaced_copy_of_the_sample_scores_like_the_sample(shared_dir, spaced_copy):
    """Scored on the release's spec: text recall, spacing and exact blocks at least 0.97 / 0.95 / 0.80
    (the sample itself: 1.000 / 0.979 / 1.000)."""
    import subprocess
    import sys
    _, _, out = spaced_copy
    scored = subprocess.run([sys.executable, str(shared_dir / "eval" / "structure_score.py"), str(shared_dir / SPEC),
                             str(out / "spaced.json"), "--min-recall", "0.97", "--min-spacing", "0.95",
                             "--min-exact", "0.80"], capture_output=True, text=True, timeout=120)
    assert scored.returncode == 0, scored.stdout[-2000:]


# --- 'A → B' wrapped before its arrow -------------------------------------------------------------

def test_a_line_wrapped_before_an_arrow_continues_its_paragraph(tmp_path):
    first = "○ 거대언어모델의 대규모 데이터 의존으로 빅테크 기업 중심 규모의 경제"
    right = 60 + pdfs.text_width(first, MYEONGJO, 12) + 6

    def draw(p):
        y = p.paragraph(60, 100, first + "|→ 고효율 학습모델 원천기술 선점 필요", right, size=12)
        p.paragraph(60, y + 10, "○ 짧은 문장", right, size=12)
        p.text(80, y + 10 + 19, "→ 별도의 결과 항목", MYEONGJO, 12)
    s = pdfs.structure(pdfs.build(tmp_path / "a.pdf", [draw]))
    assert [(b.marker, b.text) for b in s.blocks] == [
        ("○", "거대언어모델의 대규모 데이터 의존으로 빅테크 기업 중심 규모의 경제 → 고효율 학습모델 원천기술 선점 필요"),
        ("○", "짧은 문장"), ("→", "별도의 결과 항목")]


def test_a_cell_item_wrapped_before_an_arrow_stays_one_item(tmp_path):
    def draw(p):
        width = pdfs.text_width("▶ 빅테크 기업 중심 규모의 경제 심화", MYEONGJO, 10) + 12
        p.table(60, 100, [60, width], [70], {(0, 0): "근거", (0, 1): pdfs.Cell([
            "▶ 빅테크 기업 중심 규모의 경제 심화|→ 고효율 학습모델 선점 필요", "▶ 공백영역 선제 투자"])})
    (table,) = pdfs.structure(pdfs.build(tmp_path / "a.pdf", [draw])).tables
    cell = table.cells[1]
    assert cell.items == ("빅테크 기업 중심 규모의 경제 심화 → 고효율 학습모델 선점 필요", "공백영역 선제 투자")



def _line(text, top, size=10.0, x0=60.0):
    return Line(text=text, x0=x0, top=top, x1=x0 + size * len(text), bottom=top + size, size=size,
                font="HYGothic-Medium", bold=False)


def test_a_masthead_in_a_box_of_its_own_above_the_title_stays_masthead():
    """A Hancom file sets '공동배포 | 보도자료' in a one-cell box; its reader gives that as a grid."""
    box = Grid(bbox=(56.0, 20.0, 534.0, 132.0), n_rows=1, n_cols=1, cells=(GridCell(
        0, 0, 1, 1, (56.0, 20.0, 534.0, 132.0), (_line("공동배포", 40), _line("보도자료", 80, 24.0, 300))),))
    lines = (_line("보도시점", 152), _line("2026. 4. 14.(화) 16:00", 152, x0=130), _line("배포", 152, x0=330),
             _line("2026. 4. 14.(화) 09:00", 152, x0=380), _line("제5차 민관 협의체 전체 회의", 220, 18.0),
             _line("과학기술정보통신부는 14일 회의를 열었다.", 300))
    page = Page(number=1, width=595.0, height=842.0, lines=lines, grids=(box,), images=(), has_text=True)
    structure = build_structure(ReadDocument("release.hwpx", "0" * 64, "test", (page,), ()))
    assert [(b.kind, b.text) for b in structure.blocks if b.kind in ("masthead", "title")] == [
        ("masthead", "공동배포"), ("masthead", "보도자료"), ("title", "제5차 민관 협의체 전체 회의")]


@pytest.mark.parametrize("seed", [16, 18])
def test_a_copy_with_wide_tracking_and_drawn_spaces_keeps_every_paragraph_whole(tmp_path, seed):
    """The sample typeset again with wide tracking (0.5-0.65 em after every glyph), a space character
    drawn at each word gap as a word processor does, and the glyphs narrowed to keep each line's
    width: every block of the sample is read whole from it. A line wrapped before a one-syllable
    word ('사회문|제 해결과') is told by the room that word and its space take, not its narrowed glyph."""
    import unicodedata
    from conftest import SAMPLE
    copy = pdfs.letter_spaced_copy(SAMPLE, tmp_path / "wide.pdf", seed=seed, tracking=(0.5, 0.65),
                                   narrowest=0.1, drawn_spaces=True)

    def texts(path):
        s = pdfs.structure(path)
        return [unicodedata.normalize("NFKC", "".join(t.split())).replace("▸", "▶")
                for t in [b.text for b in s.blocks] + [c.text for t in s.tables for c in t.cells]]
    spaced = set(texts(copy))
    assert [t for t in texts(SAMPLE) if t not in spaced] == []
