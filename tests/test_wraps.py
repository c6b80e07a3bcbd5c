"""Line wraps: is there a space where a Korean line broke?

One case per rule of ``../shared/notes/line-wraps.md`` (the first rule that fires decides), each with a
small document (its other lines) for the joiner to learn the document's own spelling from.
"""
from __future__ import annotations

import pytest

from pipeline.structure.wraps import WrapJoiner

PLAIN = ["정부는 전략로드맵을 수립하였다", "중점기술을 선정하였다"]


@pytest.mark.parametrize("rule, left, right, space_at_wrap, joined", [
    # 1. a space character drawn at the wrap is always right
    ("space drawn", "정부는 국가", "임무를 설정", True, "정부는 국가 임무를 설정"),
    ("space drawn beats a particle", "국가", "를 위해", True, "국가 를 위해"),
    # 2. punctuation
    ("closing bracket", "인공일반지능(AGI", ")을 개발", False, "인공일반지능(AGI)을 개발"),
    ("closing punctuation", "개발하고", ", 확보한다", False, "개발하고, 확보한다"),
    ("percent after a number", "소모량을 50", "% 이상 절감", False, "소모량을 50% 이상 절감"),
    ("opening bracket at the end", "인공지능 분야(", "AI) 로드맵", False, "인공지능 분야(AI) 로드맵"),
    ("Latin gloss in brackets", "바이오제조 산업", "(Bio-Made)", False, "바이오제조 산업(Bio-Made)"),
    ("raised triangle at the end", "방안으로는 ▲", "디지털 권리장전", False, "방안으로는 ▲디지털 권리장전"),
    # 3. sentence end or a bullet at the start of the next line
    ("sentence end", "로드맵을 수립하였다.", "정부는 이를", False, "로드맵을 수립하였다. 정부는 이를"),
    ("comma", "인공지능,", "첨단바이오", False, "인공지능, 첨단바이오"),
    ("bullet opens the next line", "로드맵 수립", "□ 정부는", False, "로드맵 수립 □ 정부는"),
    # 4. digits and counters
    ("digit then counter", "총 3", "개 분야", False, "총 3개 분야"),
    ("digit then multiple", "효율을 최대 10", "배 혁신", False, "효율을 최대 10배 혁신"),
    ("digit then digit", "총 10", "0개 과제", False, "총 100개 과제"),
    # 5. morphology: a particle or an ending at the wrap
    ("particle", "국가", "를 위해", False, "국가를 위해"),
    ("ending", "설정하", "였다", False, "설정하였다"),
    ("particle after a Latin word", "주요 의제로 AI", "를 활용", False, "주요 의제로 AI를 활용"),
    # 8. nothing decides: a space
    ("noun then noun, no evidence", "정부는 국가", "임무를 설정", False, "정부는 국가 임무를 설정"),
])
def test_wrap_rules(rule, left, right, space_at_wrap, joined):
    assert WrapJoiner(PLAIN).join(left, right, space_at_wrap, paragraph=left) == joined


@pytest.mark.parametrize("opening", ["‘", "「"])
def test_a_quote_or_corner_bracket_closing_on_the_next_line_joins(opening):
    closing = {"‘": "’", "「": "」"}[opening]
    left = f"정부는 {opening}국가전략기술 특별법"
    assert WrapJoiner(PLAIN).join(left, f"{closing}을 시행", paragraph=left) == f"{left}{closing}을 시행"


def test_a_quote_left_open_at_the_line_end_joins_the_quoted_word():
    left = "이른바 ‘"
    assert WrapJoiner(PLAIN).join(left, "규모의 경제’", paragraph=left) == "이른바 ‘규모의 경제’"


def test_a_middle_dot_at_the_wrap_joins_when_the_document_writes_dots_tight():
    joiner = WrapJoiner(["반도체·디스플레이", "데이터·전력 부담", "인재·제도"])
    assert joiner.join("인공지능·", "첨단바이오") == "인공지능·첨단바이오"
    assert joiner.join("인공지능", "·첨단바이오") == "인공지능·첨단바이오"


def test_a_middle_dot_at_the_wrap_is_spaced_when_the_document_spaces_dots():
    joiner = WrapJoiner(["반도체 · 디스플레이", "데이터 · 전력 부담", "인재·제도"])
    assert joiner.join("인공지능 ·", "첨단바이오") == "인공지능 · 첨단바이오"


def test_an_arrow_follows_the_document_habit():
    assert WrapJoiner(["공백영역 → 선제 투자", "수요 → 공급"]).join("공급제한", "→ 대응체계") == "공급제한 → 대응체계"
    assert WrapJoiner(["공백영역→선제 투자", "수요→공급"]).join("공급제한", "→대응체계") == "공급제한→대응체계"


def test_a_full_stop_between_digits_is_not_a_sentence_end():
    """'2023.|10.' is not decided by rule 3 (both sides digits); a date is then spaced."""
    assert WrapJoiner(PLAIN).needs_space("2023.", "10. 31.") is True


@pytest.mark.parametrize("left, right, joined", [
    ("총 1,", "000명 이상", "총 1,000명 이상"),
    ("최대 1.", "5배 향상", "최대 1.5배 향상"),
])
def test_a_wrap_inside_a_number_at_its_separator_joins(left, right, joined):
    assert WrapJoiner(PLAIN).join(left, right) == joined


# --- 7. the document's own vocabulary ---------------------------------------------------------------

def test_the_document_spelling_joined_more_often_joins_the_wrap():
    lines = ["국가임무를 설정한다", "국가임무 달성을 위해", "국가 임무는 크다"]
    assert WrapJoiner(lines).join("정부는 국가", "임무를 설정") == "정부는 국가임무를 설정"


def test_the_document_spelling_spaced_more_often_spaces_the_wrap():
    lines = ["국가 임무를 설정한다", "국가 임무 달성을 위해", "국가임무는 크다"]
    assert WrapJoiner(lines).join("정부는 국가", "임무를 설정") == "정부는 국가 임무를 설정"


def test_the_longest_spelled_prefix_of_the_next_word_decides():
    """'전략|로드맵을': the document spells '전략로드맵' (joined), though '전략 로' never occurs."""
    lines = ["임무중심 전략로드맵", "전략로드맵 수립", "핵심 전략 과제"]
    assert WrapJoiner(lines).join("국가전략기술 전략", "로드맵을 심의") == "국가전략기술 전략로드맵을 심의"


def test_a_wrap_is_never_evidence_for_itself():
    """The document's lines ARE the wrapped lines: '국가' ends one and '임무' starts the next, which must
    not count as a spelling '국가임무'."""
    lines = ["정부는 국가", "임무를 설정하였다"]
    assert WrapJoiner(lines).join("정부는 국가", "임무를 설정하였다") == "정부는 국가 임무를 설정하였다"


def test_a_tie_in_the_vocabulary_falls_through_to_a_space():
    lines = ["국가임무 설정", "국가 임무 달성"]
    assert WrapJoiner(lines).join("정부는 국가", "임무를 설정") == "정부는 국가 임무를 설정"


def test_empty_sides_are_joined_as_they_are():
    joiner = WrapJoiner(PLAIN)
    assert joiner.join("", "임무") == "임무" and joiner.join("국가  ", "   ") == "국가"
