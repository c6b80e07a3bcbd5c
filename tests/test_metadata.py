"""Document metadata: who released it, what it is, when, and whom to call.

Blocks and tables are built in the test, shaped as the structure stage makes them.
"""
from __future__ import annotations

import pytest

from pipeline.extract.metadata import extract_metadata, parse_datetime
from pipeline.records import Block, Contact, Table, TableCell

BOX = (0.0, 0.0, 0.0, 0.0)


@pytest.mark.parametrize("text, iso", [
    ("2023. 10. 31.(화) 10:00", "2023-10-31T10:00"),
    ("2024. 4. 21.(일) 12시", "2024-04-21T12:00"),
    ("2024. 4. 21.(일) 12시 30분", "2024-04-21T12:30"),
    ("2024. 4.17.(수) 09:00", "2024-04-17T09:00"),
    ("2023년 10월 31일(화) 10:00", "2023-10-31T10:00"),
    ("2024-04-21 9:30", "2024-04-21T09:30"),
    # a time wins over a bare date, wherever it stands in the value
    ("2025. 12. 31.(수) 석간 2025. 12. 31.(수) 06:00", "2025-12-31T06:00"),
    ("2024. 4. 21.(일) 12:00 (2024. 4. 22.(월) 조간)", "2024-04-21T12:00"),
    # a date alone stays a date
    ("2023. 10. 31.", "2023-10-31"),
    ("(2023. 10. 31(화) 석간)", "2023-10-31"),
    ("2023. 10. 31.(화) 조간", "2023-10-31"),
])
def test_parse_datetime(text, iso):
    assert parse_datetime(text) == iso


@pytest.mark.parametrize("text", ["", None, "추후 공지", "2023. 13. 01.", "2023. 2. 32."])
def test_parse_datetime_without_a_valid_date_is_none(text):
    assert parse_datetime(text) is None


def test_parse_datetime_reads_morning_and_afternoon_hours():
    assert parse_datetime("2023. 10. 31.(화) 오후 2시") == "2023-10-31T14:00"
    assert parse_datetime("2023. 10. 31.(화) 오전 10시") == "2023-10-31T10:00"


# --- extract_metadata ---------------------------------------------------------------------------------

def cell(row, col, text, rowspan=1, colspan=1):
    return TableCell(row=row, col=col, text=text, rowspan=rowspan, colspan=colspan)


CONTACT_TABLE = Table(page=3, bbox=(50.0, 700.0, 550.0, 760.0), n_rows=2, n_cols=5, kind="contact", cells=(
    cell(0, 0, "담당 부서", rowspan=2), cell(0, 1, "과학기술정책국"), cell(0, 2, "책임자"), cell(0, 3, "과 장"),
    cell(0, 4, "박상민 (044-202-6750)"),
    cell(1, 1, "성장동력기획과"), cell(1, 2, "담당자"), cell(1, 3, "사무관"), cell(1, 4, "노명종 (044-202-6752)"),
))

RELEASE = (
    Block("header", "2023. 10. 31.(화) 10:00 (2023. 10. 31(화) 석간)", 1, BOX, marker="보도시점"),
    Block("header", "2023. 10. 30.(월) 14:00", 1, BOX, marker="배포"),
    Block("masthead", "과학기술정보통신부", 1, BOX),
    Block("masthead", "보 도 자 료", 1, BOX),
    Block("title", "인공지능·첨단바이오 전략로드맵 수립", 1, BOX),
    Block("subtitle", "국가전략기술 특별위원회 개최", 1, BOX, marker="-", level=2),
    Block("subtitle", "8개 중점기술의 국가임무 제시", 1, BOX, marker="-", level=2),
    Block("paragraph", "과학기술정보통신부(장관 이종호)는 10월 31일 로드맵을 발표하였다.", 1, BOX, marker="□"),
)


@pytest.fixture(scope="module")
def meta():
    return extract_metadata(RELEASE, (CONTACT_TABLE,))


def test_ministry_kind_title_and_subtitles(meta):
    assert meta.ministry == "과학기술정보통신부"
    assert meta.kind == "보도자료"                          # letter-spaced in the masthead
    assert meta.title == "인공지능·첨단바이오 전략로드맵 수립"
    assert meta.subtitles == ("국가전략기술 특별위원회 개최", "8개 중점기술의 국가임무 제시")


def test_release_distribution_and_edition(meta):
    assert meta.release_at == "2023-10-31T10:00"
    assert meta.distributed_at == "2023-10-30T14:00"
    assert meta.edition == "석간"


def test_contacts_from_a_contact_table(meta):
    assert meta.contacts == (
        Contact(role="책임자", title="과장", name="박상민", phone="044-202-6750", department="과학기술정책국"),
        Contact(role="담당자", title="사무관", name="노명종", phone="044-202-6752", department="성장동력기획과"),
    )


def test_the_department_is_the_division_not_the_bureau(meta):
    assert meta.department == "성장동력기획과"


def test_the_ministry_is_read_from_the_subject_of_a_sentence_without_a_masthead():
    blocks = (Block("title", "제목", 1, BOX),
              Block("paragraph", "보건복지부(장관 조규홍)는 12월 31일 개정안을 발표하였다.", 1, BOX, marker="□"))
    assert extract_metadata(blocks, ()).ministry == "보건복지부"


def test_other_header_labels_and_kinds():
    blocks = (Block("header", "2024. 4. 21.(일) 12:00 (2024. 4. 22.(월) 조간)", 1, BOX, marker="보도일시"),
              Block("header", "2024. 4. 19.(금)", 1, BOX, marker="배포일시"),
              Block("masthead", "보도참고자료", 1, BOX), Block("title", "제목", 1, BOX))
    meta = extract_metadata(blocks, ())
    assert (meta.kind, meta.release_at, meta.distributed_at, meta.edition) == (
        "보도참고자료", "2024-04-21T12:00", "2024-04-19", "조간")


def test_contacts_from_text_lines_when_there_is_no_contact_table():
    blocks = (Block("title", "제목", 1, BOX),
              Block("contact", "책임자 : 과장 김철수 (044-202-6700)", 2, BOX),
              Block("paragraph", "담당자 : 사무관 이영희 (044-202-6701)", 2, BOX))
    meta = extract_metadata(blocks, ())
    assert [(c.role, c.title, c.name, c.phone) for c in meta.contacts] == [
        ("책임자", "과장", "김철수", "044-202-6700"), ("담당자", "사무관", "이영희", "044-202-6701")]


def test_phone_numbers_are_normalised_to_dashes():
    blocks = (Block("paragraph", "담당자 : 주무관 박민수 (02.2110.1234)", 1, BOX),)
    (contact,) = extract_metadata(blocks, ()).contacts
    assert contact.phone == "02-2110-1234"


def test_a_document_without_metadata_gives_empty_values():
    meta = extract_metadata((Block("paragraph", "본문뿐인 문서", 1, BOX),), ())
    assert (meta.ministry, meta.kind, meta.title, meta.release_at, meta.contacts) == ("", "", "", None, ())


def _contacts_of(*cells, n_rows, n_cols):
    table = Table(page=1, bbox=BOX, n_rows=n_rows, n_cols=n_cols, kind="contact", cells=tuple(cells))
    return extract_metadata((Block("title", "제목", 1, BOX),), (table,))


def test_a_role_cell_spanning_three_rows_gives_each_official_that_role():
    meta = _contacts_of(
        cell(0, 0, "담당부서", rowspan=4), cell(0, 1, "기획재정담당관", rowspan=4), cell(0, 2, "책임자"),
        cell(0, 3, "과장 손용하 (044-203-5520)"),
        cell(1, 2, "담당자", rowspan=3), cell(1, 3, "서기관 노형철 (044-203-5516)"),
        cell(2, 3, "주무관 심규승 (044-203-5517)"), cell(3, 3, "주무관 이주현 (044-203-5518)"),
        n_rows=4, n_cols=4)
    assert [(c.role, c.title, c.name, c.phone, c.department) for c in meta.contacts] == [
        ("책임자", "과장", "손용하", "044-203-5520", "기획재정담당관"),
        ("담당자", "서기관", "노형철", "044-203-5516", "기획재정담당관"),
        ("담당자", "주무관", "심규승", "044-203-5517", "기획재정담당관"),
        ("담당자", "주무관", "이주현", "044-203-5518", "기획재정담당관")]
    assert meta.department == "기획재정담당관"


def test_two_officials_in_one_cell_and_a_bureau_with_its_division_in_another():
    meta = _contacts_of(
        cell(0, 0, "담당 부서", rowspan=2), cell(0, 1, "정보데이터정책관 데이터담당관", rowspan=2),
        cell(0, 2, "책임자"), cell(0, 3, "과 장 지성대 (042-481-7790)"),
        cell(1, 2, "담당자"), cell(1, 3, "사무관 박정률 (042-481-7845) 주무관이기영 (042-481-7878)"),
        n_rows=2, n_cols=4)
    assert [(c.role, c.title, c.name, c.department) for c in meta.contacts] == [
        ("책임자", "과장", "지성대", "데이터담당관"), ("담당자", "사무관", "박정률", "데이터담당관"),
        ("담당자", "주무관", "이기영", "데이터담당관")]
    assert meta.department == "데이터담당관"


def test_departments_carried_down_a_table_of_several_divisions():
    meta = _contacts_of(
        cell(0, 0, "행정안전부 재정정책과", rowspan=2), cell(0, 1, "책임자"), cell(0, 2, "과장"), cell(0, 3, "김수경"),
        cell(0, 4, "044-205-3702"),
        cell(1, 1, "담당자"), cell(1, 2, "서기관"), cell(1, 3, "조석훈"), cell(1, 4, "044-205-3727"),
        cell(2, 0, "보건복지부 급여기준과"), cell(2, 1, "책임자"), cell(2, 2, "과장"), cell(2, 3, "송영조"),
        cell(2, 4, "044-202-3140"),
        n_rows=3, n_cols=5)
    assert [(c.role, c.name, c.department) for c in meta.contacts] == [
        ("책임자", "김수경", "재정정책과"), ("담당자", "조석훈", "재정정책과"), ("책임자", "송영조", "급여기준과")]


def test_a_release_on_distribution_takes_the_distribution_time():
    blocks = (Block("header", "", 1, BOX, marker="보도시점"), Block("header", "즉시", 1, BOX, marker="배포"),
              Block("header", "2026. 4. 13.(월) 09:00", 1, BOX, marker="배포"), Block("title", "제목", 1, BOX))
    meta = extract_metadata(blocks, ())
    assert (meta.release_at, meta.distributed_at) == ("2026-04-13T09:00", "2026-04-13T09:00")


@pytest.mark.parametrize("blocks, tables, ministry", [
    ((Block("title", "수출입 현황", 1, BOX), Block("paragraph", "관세청은 13일, 수출입 현황을 발표했다.", 1, BOX)), (), "관세청"),
    ((Block("title", "기본계획(안)", 1, BOX), Block("paragraph", "관계부처 합동", 1, BOX)), (), "관계부처합동"),
    ((Block("title", "지급계획", 1, BOX), Block("paragraph", "정부는 지급계획을 발표했다.", 1, BOX, marker="□")),
     (Table(page=1, bbox=BOX, n_rows=1, n_cols=3, kind="contact", cells=(
         cell(0, 0, "행정안전부 재정정책과"), cell(0, 1, "책임자"), cell(0, 2, "과장 김수경 (044-205-3702)"))),),
     "행정안전부"),
])
def test_the_ministry_without_a_masthead(blocks, tables, ministry):
    assert extract_metadata(blocks, tables).ministry == ministry


def test_a_contact_list_set_out_in_columns_pairs_names_with_phones_in_order():
    meta = _contacts_of(
        cell(0, 0, "구분"), cell(0, 1, "담당자", colspan=2), cell(0, 3, "연락처"),
        cell(1, 0, "테스트베드 조성"), cell(1, 1, "클라우드 산업팀", rowspan=2), cell(1, 2, "김민석 수석 김민선 수석"),
        cell(1, 3, "043-931-5788043-931-5781"),
        cell(2, 0, "컨설팅 지원"), cell(2, 2, "김정하 수석"), cell(2, 3, "043-931-5777"),
        cell(3, 0, "인터넷 접수"), cell(3, 1, "사업관리시스템 담당자", colspan=2), cell(3, 3, "070-5151-8215"),
        n_rows=4, n_cols=4)
    assert [(c.title, c.name, c.phone, c.department) for c in meta.contacts] == [
        ("수석", "김민석", "043-931-5788", "클라우드산업팀"), ("수석", "김민선", "043-931-5781", "클라우드산업팀"),
        ("수석", "김정하", "043-931-5777", "클라우드산업팀")]


def test_a_column_list_with_a_title_column():
    meta = _contacts_of(
        cell(0, 0, "부서"), cell(0, 1, "직위"), cell(0, 2, "성명"), cell(0, 3, "연락처"),
        cell(1, 0, "재정정책과"), cell(1, 1, "과장"), cell(1, 2, "김수경"), cell(1, 3, "044-205-3702"),
        n_rows=2, n_cols=4)
    assert [(c.title, c.name, c.phone, c.department) for c in meta.contacts] == [
        ("과장", "김수경", "044-205-3702", "재정정책과")]


def test_a_committee_chaired_by_a_minister_is_that_ministrys_release():
    blocks = (Block("title", "제3차 기금운용위원회 개최", 1, BOX),
              Block("paragraph", "국민연금기금운용위원회(위원장: 정은경 보건복지부장관, 이하 기금위)는 회의를 개최하였다.", 1, BOX))
    assert extract_metadata(blocks, ()).ministry == "보건복지부"


def test_a_unit_written_after_its_ministry_is_the_unit_alone():
    meta = _contacts_of(cell(0, 0, "담당 부서", rowspan=2), cell(0, 1, "경인지방통계청지역통계과", rowspan=2),
                        cell(0, 2, "책임자"), cell(0, 3, "과 장 정호석 (02-2110-7760)"),
                        cell(1, 2, "담당자"), cell(1, 3, "팀 장 이용심(02-2110-7762)"), n_rows=2, n_cols=4)
    assert meta.department == "지역통계과"
    assert [(c.title, c.name, c.department) for c in meta.contacts] == [
        ("과장", "정호석", "지역통계과"), ("팀장", "이용심", "지역통계과")]


@pytest.mark.parametrize("line, iso", [("2025. 12. 16.", "2025-12-16"), ("2026. 1.", "2026-01"),
                                       ("2026년 3월", "2026-03")])
def test_a_plan_without_a_header_is_dated_by_its_cover(line, iso):
    blocks = (Block("title", "「제5차 공공데이터 기본계획(안)」", 1, BOX), Block("paragraph", line, 1, BOX),
              Block("paragraph", "관계부처 합동", 1, BOX), Block("paragraph", "2024. 5. 1.", 2, BOX))
    meta = extract_metadata(blocks, ())
    assert meta.release_at == iso
    assert meta.title == "제5차 공공데이터 기본계획(안)"      # the cover's 「 」 are not the title's


def test_a_cover_date_never_overrides_a_release_header_nor_comes_from_a_later_page():
    header = Block("header", "2023. 10. 31.(화) 10:00", 1, BOX, marker="보도시점")
    cover = Block("paragraph", "2025. 12. 16.", 1, BOX)
    assert extract_metadata((header, Block("title", "제목", 1, BOX), cover), ()).release_at == "2023-10-31T10:00"
    later = (Block("title", "제목", 1, BOX), Block("paragraph", "2025. 12. 16.", 2, BOX))
    assert extract_metadata(later, ()).release_at is None
    assert extract_metadata((Block("title", "「A」 및 「B」", 1, BOX),), ()).title == "「A」 및 「B」"


def _header_with_boxed_time(time_cells, time_box=(500.0, 123.0, 526.0, 133.0), page=1):
    """A release header '2026. 4. 11.(토)' whose time is drawn in a box of its own on the same line:
    the box is read as a one-row table (a PDF highlight splits '11:00' into '11:0' | '0')."""
    header = Block("header", "(온라인, 지면) 2026. 4. 11.(토)", 1, (279.0, 123.0, 495.0, 133.0), marker="보도시점")
    cells = tuple(cell(0, i, text) for i, text in enumerate(time_cells))
    table = Table(page=page, bbox=time_box, n_rows=1, n_cols=len(cells), cells=cells)
    return extract_metadata((header, Block("title", "제목", 1, BOX)), (table,))


def test_a_release_time_boxed_apart_on_its_dates_line_completes_the_date():
    assert _header_with_boxed_time(["11:0", "0"]).release_at == "2026-04-11T11:00"
    assert _header_with_boxed_time(["오후 2시"]).release_at == "2026-04-11T14:00"


@pytest.mark.parametrize("cells, box, page", [
    (["11:00"], (500.0, 300.0, 526.0, 310.0), 1),      # a line further down
    (["11:00"], (500.0, 123.0, 526.0, 133.0), 2),      # another page
    (["11시 방송"], (500.0, 123.0, 526.0, 133.0), 1),   # not a time alone
])
def test_a_time_elsewhere_leaves_the_release_a_date(cells, box, page):
    assert _header_with_boxed_time(cells, box, page).release_at == "2026-04-11"


def test_a_unit_under_a_body_of_its_ministry_keeps_the_body():
    meta = _contacts_of(cell(0, 0, "담당 부서", rowspan=2), cell(0, 1, "기후에너지환경부 전기위원회 사무국", rowspan=2),
                        cell(0, 2, "책임자"), cell(0, 3, "사무국장 이경훈 (044-203-4590)"),
                        cell(1, 2, "담당자"), cell(1, 3, "사무관 변재택 (044-203-4594)"), n_rows=2, n_cols=4)
    assert [(c.name, c.department) for c in meta.contacts] == [("이경훈", "전기위원회 사무국"),
                                                               ("변재택", "전기위원회 사무국")]
    assert meta.department == "전기위원회 사무국"


@pytest.mark.parametrize("text, department", [
    ("원자력안전위원회 방사선안전과", "방사선안전과"),                 # the ministry itself is no body
    ("과학기술정보통신부 연구개발정책실 연구제도혁신과", "연구제도혁신과"),  # a bureau is no body
])
def test_a_unit_after_its_ministry_or_bureau_alone_stays_the_unit(text, department):
    meta = _contacts_of(cell(0, 0, text), cell(0, 1, "책임자"), cell(0, 2, "과장 김철수 (044-202-6700)"),
                        n_rows=1, n_cols=3)
    assert [c.department for c in meta.contacts] == [department]


@pytest.mark.parametrize("lead, ministry", [
    ("과학기술정보통신부(부총리 겸 과학기술정보통신부 장관 배경훈, 이하 ‘과기정통부’)는 1일 포럼을 개최하였다.", "과학기술정보통신부"),
    ("과학기술정보통신부(부총리 겸 장관 배경훈, 이하 과기정통부)와 방송미디어통신위원회(위원장 김종철)는 14일 회의를 열었다.",
     "과학기술정보통신부"),
    ("기획재정부(부총리겸 기획재정부장관 최상목)는 21일 경제정책방향을 발표했다.", "기획재정부"),
])
def test_a_minister_who_is_also_deputy_prime_minister_still_names_the_ministry(lead, ministry):
    blocks = (Block("masthead", "보도자료", 1, BOX), Block("title", "과기정통부, 제1회 과학기술 AI 포럼 개최", 1, BOX),
              Block("paragraph", lead, 1, BOX, marker="□"))
    meta = extract_metadata(blocks, ())
    assert (meta.ministry, meta.kind) == (ministry, "보도자료")


def test_a_header_with_only_the_distribution_time_leaves_the_release_time_empty_and_says_so():
    blocks = (Block("header", "2024. 4. 19.(금) 14:00", 1, BOX, marker="배포"), Block("title", "제목", 1, BOX))
    meta = extract_metadata(blocks, ())
    assert (meta.release_at, meta.distributed_at) == (None, "2024-04-19T14:00")
    (warning,) = meta.warnings
    assert warning.code == "release_time_not_stated"
    assert "배포 2024-04-19T14:00" in warning.message and "no 보도시점" in warning.message


def test_a_release_time_without_a_date_is_named_in_the_warning():
    blocks = (Block("header", "추후 공지", 1, BOX, marker="보도시점"),
              Block("header", "2024. 4. 19.(금) 14:00", 1, BOX, marker="배포"), Block("title", "제목", 1, BOX))
    meta = extract_metadata(blocks, ())
    assert meta.release_at is None and "'추후 공지'" in meta.warnings[0].message


@pytest.mark.parametrize("release", ["배포 시", "배포 즉시", "배포시"])
def test_a_release_on_distribution_in_words_is_the_distribution_time_without_a_warning(release):
    blocks = (Block("header", release, 1, BOX, marker="보도시점"),
              Block("header", "2024. 4. 19.(금) 14:00", 1, BOX, marker="배포"), Block("title", "제목", 1, BOX))
    meta = extract_metadata(blocks, ())
    assert (meta.release_at, meta.warnings) == ("2024-04-19T14:00", ())


def test_a_stated_release_time_gives_no_warning(meta):
    assert meta.warnings == ()


def test_an_edition_set_apart_under_the_header_is_the_edition():
    blocks = (Block("header", "2026. 4. 14.(화) 16:00", 1, BOX, marker="보도시점"),
              Block("masthead", "(2026. 4. 15.(수) 조간)", 1, BOX), Block("title", "제목", 1, BOX))
    assert extract_metadata(blocks, ()).edition == "조간"


def _periodical(cover_title, back_cover_first):
    return (Block("title", cover_title, 1, BOX), Block("paragraph", "2024.4.12.", 1, BOX),
            Block("paragraph", "Ⅰ 이슈 분석", 1, BOX), Block("paragraph", "중국의 성장과 혁신 정책을 살펴보았다.", 2, BOX),
            Block("paragraph", back_cover_first, 3, BOX),
            Block("paragraph", "∎ 한국과학기술기획평가원 과학기술정책센터 Tel：(043) 750-2481", 3, BOX))


@pytest.mark.parametrize("issue", ["No.260", "No. 12", "Vol.3 No.2", "제260호", "통권 제12호"])
def test_a_periodical_whose_cover_gives_only_its_issue_is_titled_by_its_name(issue):
    meta = extract_metadata(_periodical(issue, "과학기술 & ICT 정책·기술 동향"), ())
    assert (meta.title, meta.edition) == ("과학기술 & ICT 정책·기술 동향", issue.replace(" ", ""))
    assert meta.release_at == "2024-04-12"             # read as Korean: 'No.260' is in no language


@pytest.mark.parametrize("back", ["Tel：(043) 750-2481", "2024. 4. 12.", "이상으로 보고를 마칩니다."])
def test_a_periodical_without_its_name_on_the_back_cover_keeps_the_issue(back):
    meta = extract_metadata(_periodical("No.260", back), ())
    assert (meta.title, meta.edition) == ("No.260", "No.260")


def test_a_title_that_only_contains_a_number_is_no_issue():
    meta = extract_metadata(_periodical("제4차 국가전략기술 특별위원회", "과학기술 & ICT 정책·기술 동향"), ())
    assert (meta.title, meta.edition) == ("제4차 국가전략기술 특별위원회", "")
