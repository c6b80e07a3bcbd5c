"""Read stage: what a PDF page becomes before anyone knows about paragraphs.

Every PDF here is drawn by ``tests/pdfs.py`` in ``tmp_path``. Stand-in characters that reportlab cannot
put in a PDF (``(cid:NN)`` glyphs without a Unicode mapping, Wingdings bullets) are tested on
pdfplumber-like character dicts given to ``pipeline.read.pdf._clean_chars`` directly.
"""
from __future__ import annotations

import pytest

import pdfs
from pdfs import GOTHIC, GOTHIC_BOLD, LATIN, MYEONGJO, Cell
from pipeline.read.pdf import _clean_chars, chars_to_lines


def page_lines(path, page=0):
    return pdfs.read(path).pages[page].lines


def texts(lines):
    return [l.text for l in lines]


# --- lines ------------------------------------------------------------------------------------------

def test_a_line_keeps_its_box_font_size_and_boldness(tmp_path):
    def draw(p):
        p.text(60, 100, "□ 정부는 로드맵을 수립하였다", MYEONGJO, 11)
        p.text(60, 140, "미래혁신 전략로드맵", GOTHIC_BOLD, 20)
    lines = page_lines(pdfs.build(tmp_path / "a.pdf", [draw]))
    body, title = lines
    assert body.text == "□ 정부는 로드맵을 수립하였다"
    assert body.font == "HYSMyeongJo-Medium" and body.size == 11 and not body.bold
    assert body.x0 == pytest.approx(60) and body.x1 == pytest.approx(60 + pdfs.text_width(body.text, MYEONGJO, 11), abs=0.5)
    assert body.top < 100 < body.bottom + 3              # the baseline sits inside the box, near its foot
    assert title.font == "HYGothic-Bold" and title.bold and title.size == 20
    assert len(body.char_x0) == len(body.text) == len(body.char_x1)


def test_lines_come_top_to_bottom_then_left_to_right(tmp_path):
    def draw(p):
        p.text(300, 100, "오른쪽")
        p.text(60, 200, "아래")
        p.text(60, 100, "왼쪽")
    assert texts(page_lines(pdfs.build(tmp_path / "a.pdf", [draw]))) == ["왼쪽", "오른쪽", "아래"]


def test_a_gap_drawn_without_a_space_character_still_reads_as_a_space(tmp_path):
    def draw(p):
        x = p.text(60, 100, "국가")
        p.text(x + 5, 100, "임무")                 # 5 pt apart, no space drawn: a word space
        x = p.text(60, 130, "국가")
        p.text(x + 1, 130, "임무")                 # 1 pt apart: kerning, not a space
    assert texts(page_lines(pdfs.build(tmp_path / "a.pdf", [draw]))) == ["국가 임무", "국가임무"]


def test_a_wide_gap_splits_a_row_into_two_lines(tmp_path):
    def draw(p):
        x = p.text(60, 100, "보도시점")
        p.text(x + 40, 100, "2023. 10. 31.(화) 10:00")
    lines = page_lines(pdfs.build(tmp_path / "a.pdf", [draw]))
    assert texts(lines) == ["보도시점", "2023. 10. 31.(화) 10:00"]


def test_a_line_mixing_bold_and_regular_keeps_boldness_per_character(tmp_path):
    def draw(p):
        x = p.text(60, 100, "○ ", GOTHIC)
        x = p.text(x, 100, "핵심이슈", GOTHIC_BOLD)
        p.text(x, 100, " 빅테크 중심 규모의 경제 심화", GOTHIC)
    (line,) = page_lines(pdfs.build(tmp_path / "a.pdf", [draw]))
    assert line.text == "○ 핵심이슈 빅테크 중심 규모의 경제 심화"
    bold = "".join(ch for ch, b in zip(line.text, line.bold_chars) if b)
    assert bold == "핵심이슈"


def test_a_uniform_line_keeps_no_per_character_boldness(tmp_path):
    def draw(p):
        p.text(60, 100, "전부 굵은 글씨", GOTHIC_BOLD)
    (line,) = page_lines(pdfs.build(tmp_path / "a.pdf", [draw]))
    assert line.bold and line.bold_chars == ()


def test_a_space_drawn_at_the_line_end_is_remembered(tmp_path):
    def draw(p):
        p.text(60, 100, "국가 ")
        p.text(60, 120, "국가")
    spaced, bare = page_lines(pdfs.build(tmp_path / "a.pdf", [draw]))
    assert spaced.text == "국가" and spaced.space_after
    assert not bare.space_after


def test_overprinted_characters_are_read_once(tmp_path):
    def draw(p):
        p.overprinted(60, 100, "□ 미래혁신 분야 로드맵", GOTHIC, 14)
    assert texts(page_lines(pdfs.build(tmp_path / "a.pdf", [draw]))) == ["□ 미래혁신 분야 로드맵"]


@pytest.mark.parametrize("drawn, gap, word_gap, read", [
    ("보도자료", 12, None, "보도자료"),
    ("보도참고자료", 9, None, "보도참고자료"),
    ("과학기술 정보통신부", 6, 24, "과학기술 정보통신부"),
])
def test_letter_spaced_text_is_read_as_words(tmp_path, drawn, gap, word_gap, read):
    def draw(p):
        p.spaced(200, 100, drawn, gap=gap, size=16, font=GOTHIC_BOLD, word_gap=word_gap)
    assert texts(page_lines(pdfs.build(tmp_path / "a.pdf", [draw]))) == [read]


def test_ordinary_spaced_words_are_not_mistaken_for_letter_spacing(tmp_path):
    def draw(p):
        p.text(60, 100, "이 중 두 개의 분야는 더 큰 투자")    # many one-syllable words, ordinary spaces
    (line,) = page_lines(pdfs.build(tmp_path / "a.pdf", [draw]))
    assert line.text == "이 중 두 개의 분야는 더 큰 투자"


def _glyphs(spec: str, size: float = 10.0, advance: float = 1.0) -> tuple[list[dict], list[bool]]:
    """Glyph dicts for ``word_breaks`` from a spec like "가[-0.03]나[0.16]다": each glyph ``advance``
    ems wide, each bracket the gap (in ems) to the next glyph; a gap written "[0.5D]" has a space
    character drawn in it."""
    import re
    glyphs, drawn, x = [], [], 0.0
    for text, gap in re.findall(r"([^\[\]])(?:\[([-\d.]+D?)\])?", spec):
        glyphs.append({"text": text, "x0": x, "x1": x + advance * size, "size": size, "fontname": "F"})
        x += advance * size
        if gap:
            drawn.append(gap.endswith("D"))
            x += float(gap.rstrip("D")) * size
    return glyphs, drawn


def _spaced(spec: str, **kw) -> str:
    from pipeline.read.pdf import word_breaks
    glyphs, drawn = _glyphs(spec, **kw)
    breaks = word_breaks(glyphs, drawn + [False] * (len(glyphs) - 1 - len(drawn)))
    return "".join(g["text"] + (" " if i < len(breaks) and breaks[i] else "") for i, g in enumerate(glyphs))


def test_tight_tracking_keeps_its_narrow_word_spaces():
    # 자간 -3%: letters overlap a little, word spaces are a sixth of an em (a real customs release)
    spec = "조[-0.03]업[-0.02]일[-0.03]수[0.16]고[-0.03]려[0.35]시[0.35]일[-0.03]평[-0.02]균[0.16]증[-0.03]가"
    assert _spaced(spec) == "조업일수 고려 시 일평균 증가"


def test_loose_tracking_joins_letters_and_keeps_wider_word_gaps():
    spec = "자[0.42]동[0.31]차[0.47]부[0.36]품[1.05]수[0.33]출[0.9]증[0.44]가"
    assert _spaced(spec) == "자동차부품 수출 증가"


def test_an_evenly_spread_label_is_one_word():
    assert _spaced("담[0.6]당[0.62]부[0.58]서") == "담당부서"
    assert _spaced("<[0.35]요[0.46]약[0.49]본[0.33]>") == "<요약본>"


def test_a_label_spread_with_drawn_spaces_is_joined_up_to_its_colon():
    spec = "○[0.5]계[0.5D]획[0.5D]명[0.48]:[0.46]제[-0.05]5[-0.03]차[0.45D]공[-0.05]공"
    assert _spaced(spec) == "○ 계획명 : 제5차 공공"
    assert _spaced("자[0.5D]기[1.0D]자[0.5D]본") == "자기 자본"


def test_ordinary_drawn_spaces_between_one_syllable_words_stay():
    spec = "이[0.3D]중[0.3D]두[0.3D]개[0D]의[0.3D]분[0D]야"
    assert _spaced(spec) == "이 중 두 개의 분야"


def test_overlapping_boxes_of_a_monospaced_font_are_no_letter_spacing():
    # GulimChe: half-width glyphs in full-width boxes overlap by half an em
    spec = "오[0.01]늘[0.01]([-0.49]1[-0.49]5[-0.49]일[0.01])[1.51]내[0.01]일"
    assert _spaced(spec) == "오늘(15일) 내일"


def test_a_middle_dot_centred_in_a_wide_box_is_no_space():
    spec = "고[-0.02]유[-0.01]가[0.16]신[-0.02]청[0.23]·[0.25]지[-0.02]급[0.16]운[-0.02]영"
    assert _spaced(spec) == "고유가 신청·지급 운영"


@pytest.mark.parametrize("seed", [15, 16, 21])
def test_a_letter_spaced_copy_reads_like_the_original(tmp_path, seed):
    """The sample re-typeset with loose, irregular tracking (each glyph its own text object, 0.3-0.5
    em after every character, more at word spaces, no space characters) reads line for line as
    the sample (its 不 comes back as the CJK compatibility form: compared in NFKC)."""
    import unicodedata
    from conftest import SAMPLE
    copy = pdfs.letter_spaced_copy(SAMPLE, tmp_path / "spaced.pdf", seed=seed)

    def lines(doc):
        return [unicodedata.normalize("NFKC", l.text.replace("▸", "▶")) for p in doc.pages
                for l in [*p.lines, *(l for g in p.grids for c in g.cells for l in c.lines)]]
    original, spaced = lines(pdfs.read(SAMPLE)), lines(pdfs.read(copy))
    assert len(spaced) == len(original)
    assert [(a, b) for a, b in zip(original, spaced) if a != b] == []


def test_hancom_middle_dot_is_read_as_a_middle_dot(tmp_path):
    def draw(p):
        p.text(60, 100, "인공지능ㆍ첨단바이오 그리고 데이터·전력")
    assert texts(page_lines(pdfs.build(tmp_path / "a.pdf", [draw]))) == ["인공지능·첨단바이오 그리고 데이터·전력"]


# --- page furniture ---------------------------------------------------------------------------------

def _three_pages_with_furniture(tmp_path):
    def page(n):
        def draw(p):
            p.text(60, 40, "국가전략기술 임무중심 전략로드맵", MYEONGJO, 9)         # running header
            p.text(60, 200, f"□ 본문 {n}쪽 첫 문단", MYEONGJO, 11)
            p.text(60, 400, "국가전략기술 임무중심 전략로드맵", MYEONGJO, 11)     # same words in the body
            p.page_number(n)
        return draw
    return pdfs.build(tmp_path / "furniture.pdf", [page(1), page(2), page(3)])


def test_page_numbers_and_running_headers_are_removed(tmp_path):
    doc = pdfs.read(_three_pages_with_furniture(tmp_path))
    for n, page in enumerate(doc.pages, start=1):
        assert texts(page.lines) == [f"□ 본문 {n}쪽 첫 문단", "국가전략기술 임무중심 전략로드맵"]


def test_page_numbers_are_read_before_removal(tmp_path):
    """The furniture really is on the page: the read stage sees it and takes it out."""
    import pdfplumber
    with pdfplumber.open(_three_pages_with_furniture(tmp_path)) as pdf:
        assert "- 2 -" in pdf.pages[1].extract_text()


def test_a_page_number_alone_is_furniture_even_in_a_two_page_document(tmp_path):
    def page(n):
        def draw(p):
            p.text(60, 200, "본문")
            p.page_number(n)
        return draw
    doc = pdfs.read(pdfs.build(tmp_path / "a.pdf", [page(1), page(2)]))
    assert [texts(p.lines) for p in doc.pages] == [["본문"], ["본문"]]


# --- ruled tables -----------------------------------------------------------------------------------

def _merged_table(tmp_path):
    def draw(p):
        p.text(60, 70, "표 위의 본문")
        p.table(60, 90, [80, 90, 150], [24, 60, 30, 30], {
            (0, 0): "구분", (0, 1): Cell("주요 임무", colspan=2),
            (1, 0): Cell("생태계", rowspan=3),
            (1, 1): "인재양성",
            (1, 2): ["▶ 산학협력 공동연구 강화를|추진한다", "▶ 전문인력 양성"],
            (2, 1): "국제협력", (2, 2): "국제표준 선점",
            (3, 1): "제도", (3, 2): "AI법 제정",
        })
        p.text(60, 330, "표 아래의 본문")
    return pdfs.read(pdfs.build(tmp_path / "table.pdf", [draw]))


def test_a_ruled_table_becomes_a_grid_with_spans(tmp_path):
    page = _merged_table(tmp_path).pages[0]
    (grid,) = page.grids
    assert (grid.n_rows, grid.n_cols) == (4, 3)
    assert grid.bbox == pytest.approx((60, 90, 380, 234), abs=1)
    spans = {(c.row, c.col): (c.rowspan, c.colspan) for c in grid.cells}
    assert spans == {(0, 0): (1, 1), (0, 1): (1, 2), (1, 0): (3, 1), (1, 1): (1, 1), (1, 2): (1, 1),
                     (2, 1): (1, 1), (2, 2): (1, 1), (3, 1): (1, 1), (3, 2): (1, 1)}


def test_text_inside_a_table_goes_to_its_cells_not_the_body(tmp_path):
    page = _merged_table(tmp_path).pages[0]
    assert texts(page.lines) == ["표 위의 본문", "표 아래의 본문"]
    cells = {(c.row, c.col): texts(c.lines) for c in page.grids[0].cells}
    assert cells[(0, 1)] == ["주요 임무"]
    assert cells[(1, 0)] == ["생태계"]
    assert cells[(1, 2)] == ["▶ 산학협력 공동연구 강화를", "추진한다", "▶ 전문인력 양성"]
    assert cells[(3, 2)] == ["AI법 제정"]


def test_a_page_without_rules_has_no_grid(tmp_path):
    def draw(p):
        p.text(60, 100, "구분    내용")
        p.text(60, 120, "인재    양성")
    assert pdfs.read(pdfs.build(tmp_path / "a.pdf", [draw])).pages[0].grids == ()


@pytest.mark.parametrize("framed, cut_after", [
    ("11:00", "11:0"),                  # a ruling between the two zeros: it cuts a word
    ("국무회의 종료 시", "국무회의 종료 "),  # a ruling in a word gap: the box only frames part of the line
])
def test_a_box_framing_words_on_a_line_is_text_while_a_one_row_table_stays_a_table(tmp_path, framed, cut_after):
    # A highlight box drawn around the release time on a header line is part of that line, not a
    # one-row table of its own; a ruled one-row table with real columns stays a table.
    def draw(p):
        start = p.text(60, 100, "보도시점 2026. 4. 11.(토) ", GOTHIC, 10)
        end = p.text(start, 100, framed, GOTHIC, 10)
        cut = start + pdfs.text_width(cut_after, GOTHIC, 10)
        p.box(start - 1, 90, cut, 103)
        p.box(cut, 90, end + 1, 103)
        p.table(60, 160, [80, 200], [22], {(0, 0): "구분", (0, 1): "내용"})
    page = pdfs.read(pdfs.build(tmp_path / "a.pdf", [draw])).pages[0]
    assert texts(page.lines) == ["보도시점 2026. 4. 11.(토) " + framed]
    (table,) = page.grids
    assert (table.n_rows, table.n_cols) == (1, 2)
    assert [texts(c.lines) for c in sorted(table.cells, key=lambda c: c.col)] == [["구분"], ["내용"]]


# --- text-quality warnings --------------------------------------------------------------------------

def test_a_private_use_character_is_kept_and_warned_about_with_its_page(tmp_path):
    def draw_plain(p):
        p.text(60, 100, "첫 쪽")

    def draw_pua(p):
        p.text(60, 100, pdfs.PUA + " 보도자료 요약")
    doc = pdfs.read(pdfs.build(tmp_path / "a.pdf", [draw_plain, draw_pua]))
    assert doc.pages[1].lines[0].text == "\uf000 보도자료 요약"
    (warning,) = doc.warnings
    assert (warning.code, warning.page) == ("private_use", 2)
    assert "1 private-use" in warning.message


def test_a_conjoining_ieung_bullet_becomes_a_circle_bullet_with_a_warning(tmp_path):
    def draw(p):
        p.text(60, 100, pdfs.JAMO_IEUNG + " 기술개발 목표를 설정")
        p.text(60, 130, pdfs.JAMO_IEUNG + " 국제협력을 강화")
    doc = pdfs.read(pdfs.build(tmp_path / "a.pdf", [draw]))
    assert texts(doc.pages[0].lines) == ["○ 기술개발 목표를 설정", "○ 국제협력을 강화"]
    (warning,) = doc.warnings
    assert (warning.code, warning.page) == ("jamo", 1)
    assert warning.message.startswith("2 ")


def test_a_clean_pdf_has_no_warnings(tmp_path):
    def draw(p):
        p.text(60, 100, "□ 깨끗한 본문 ㆍ 「특별법」 ‘전략’ ※ 참고")
    assert pdfs.read(pdfs.build(tmp_path / "a.pdf", [draw])).warnings == ()


def char(text, x0, fontname="ABCDEF+HYSMyeongJo-Medium", size=10.0, top=100.0):
    """A pdfplumber-like character dict."""
    return {"text": text, "fontname": fontname, "size": size, "x0": x0, "x1": x0 + size,
            "top": top, "bottom": top + size}


def test_clean_chars_drops_unmapped_cid_glyphs_and_counts_them():
    chars = [char("(cid:12)", 0), char("가", 10), char("(cid:3)", 20), char("나", 30)]
    kept, warnings = _clean_chars(chars, page=4)
    assert [c["text"] for c in kept] == ["가", "나"]
    (w,) = warnings
    assert (w.code, w.page) == ("cid", 4) and w.message.startswith("2 ") and "(cid:NN)" in w.message


def test_clean_chars_maps_wingdings_bullets_and_warns_about_the_rest():
    chars = [char("l", 0, "XYZ+Wingdings-Regular"), char("n", 10, "Wingdings"), char("\u2603", 20, "Wingdings"),
             char("가", 30)]
    kept, warnings = _clean_chars(chars, page=2)
    assert [c["text"] for c in kept] == ["●", "■", "\u2603", "가"]
    assert {(w.code, w.page, w.message[:1]) for w in warnings} == {("symbol_mapped", 2, "2"), ("symbol_font", 2, "1")}


def test_clean_chars_maps_stand_in_characters_and_leaves_the_input_alone():
    chars = [char("\u318d", 0), char("\u2027", 10), char("\u119e", 20), char("\u00a0", 30), char("\u110b", 40),
             char("\uf000", 50), char("가", 60)]
    before = [dict(c) for c in chars]
    kept, warnings = _clean_chars(chars, page=1)
    assert [c["text"] for c in kept] == ["·", "·", "·", " ", "○", "\uf000", "가"]
    assert chars == before                                   # the dicts given are not modified
    assert {w.code: w.message[:1] for w in warnings} == {"jamo": "2", "private_use": "1"}


def test_chars_to_lines_on_character_dicts():
    row = [char(t, 60 + 10 * i) for i, t in enumerate("가나")] + [char(t, 200 + 10 * i) for i, t in enumerate("다라")]
    below = [char(t, 60 + 10 * i, top=130.0) for i, t in enumerate("마바")]
    lines = chars_to_lines(below + row)
    assert [(l.text, l.x0, l.top) for l in lines] == [("가나", 60, 100), ("다라", 200, 100), ("마바", 60, 130)]


# --- pages without text -----------------------------------------------------------------------------

def test_an_image_only_page_is_warned_about_with_its_page(tmp_path):
    def text_page(p):
        p.text(60, 100, "본문이 있는 쪽")

    def image_page(p):
        p.image(60, 100, 300, 200)
    doc = pdfs.read(pdfs.build(tmp_path / "a.pdf", [text_page, image_page, text_page]))
    assert [p.has_text for p in doc.pages] == [True, False, True]
    assert len(doc.pages[1].images) == 1
    assert [(w.code, w.page) for w in doc.warnings] == [("image_only", 2)]


def test_a_blank_page_is_not_called_a_scan(tmp_path):
    def text_page(p):
        p.text(60, 100, "본문")

    def blank(p):
        p.rule(60, 100, 300, 100)
    doc = pdfs.read(pdfs.build(tmp_path / "a.pdf", [text_page, blank]))
    assert doc.warnings == () and not doc.pages[1].has_text


def test_latin_text_in_vera_reads_like_any_other(tmp_path):
    def draw(p):
        p.text(60, 100, "AI as a Service (Low-Code)", LATIN, 10)
    assert texts(page_lines(pdfs.build(tmp_path / "a.pdf", [draw]))) == ["AI as a Service (Low-Code)"]


def test_a_glyph_read_as_nul_is_dropped_and_warned_about(tmp_path):
    def draw(p):
        x = p.text(60, 100, "▸", LATIN)          # Vera has no ▸: the PDF maps its glyph to U+0000
        p.text(x, 100, " 항목")
    doc = pdfs.read(pdfs.build(tmp_path / "a.pdf", [draw]))
    (line,) = doc.pages[0].lines
    assert "\x00" not in line.text
    assert [w.page for w in doc.warnings] == [1]
