"""Series: revisions of one document share a series; different documents never do."""
from __future__ import annotations

import hashlib
from dataclasses import replace

import pytest

from pipeline.records import Document, DocumentInfo
from pipeline.store.database import Store
from pipeline.store.series import numbers_of, same_series, series_for, series_key, strip_revision


def doc(title: str, name: str, ministry: str = "과학기술정보통신부", series: str = "") -> Document:
    digest = hashlib.sha256(name.encode()).hexdigest()
    return Document(DocumentInfo(id=digest[:12], source=f"{name}.pdf", sha256=digest, pages=1,
                                 ministry=ministry, title=title, series=series, pipeline_version="t"))


@pytest.mark.parametrize("title, stripped", [
    ("보건의료 빅데이터 플랫폼 시범사업 추진계획(안)", "보건의료 빅데이터 플랫폼 시범사업 추진계획"),
    ("과학기술&ICT 정책·기술동향 (수정)", "과학기술&ICT 정책·기술동향"),
    ("AI 전략로드맵 rev2", "AI 전략로드맵"),
    ("AI 전략로드맵 [최종안]", "AI 전략로드맵"),
    ("공공데이터 기본계획 (2차 수정)", "공공데이터 기본계획"),
    ("소규모 재생에너지 안심 직접거래 길 열려", "소규모 재생에너지 안심 직접거래 길 열려"),
    ("해외투자 관련 개선방안 마련", "해외투자 관련 개선방안 마련"),
])
def test_revision_marks_are_taken_out_only_in_brackets_or_at_the_end(title, stripped):
    assert strip_revision(title) == stripped


def test_a_syllable_of_a_mark_inside_a_word_stays():
    """'안' (draft) is a mark only in brackets: 안심, 방안, 안전 keep it."""
    assert series_key("재생에너지 안심 직접거래") == "재생에너지안심직접거래"
    assert series_key("안전 개선방안") == "안전개선방안"


def test_numbers_stay_in_the_key_and_tell_documents_apart():
    assert series_key("제2차 가계통신비 정책 협의회") == "제2차가계통신비정책협의회"
    assert numbers_of("제2차 가계통신비 정책 협의회") == ("2",)
    assert not same_series("제2차 가계통신비 정책 협의회", "제3차 가계통신비 정책 협의회")
    assert not same_series("’25.2분기 해외직접투자 동향", "’25.1분기 해외직접투자 동향")
    assert not same_series("2024 월드IT쇼 개최", "2025 월드IT쇼 개최")


def test_revisions_with_marks_or_light_rewording_are_one_series():
    assert same_series("초격차 기술 확보전략, ‘인공지능·첨단바이오 전략로드맵’ 수립",
                       "초격차 기술 확보전략, ‘인공지능·첨단바이오 전략로드맵’ 수립(수정)")
    assert same_series("보건의료 빅데이터 플랫폼 시범사업 추진계획(안)", "보건의료 빅데이터 플랫폼 시범사업 추진계획")
    assert same_series("제5차 공공데이터 기본계획(안)", "제5차 공공데이터 기본계획 rev2")
    assert not same_series("데이터센터 지원 사업 안내", "양자기술 지원 사업 계획")


def test_a_new_document_joins_the_series_of_its_stored_revision_only(tmp_path):
    with Store(tmp_path / "s.db") as store:
        first = doc("제2차 가계통신비 정책 협의회 회의결과", "c2")
        store.save(replace(first, info=replace(first.info, series=series_for(first, store))))
        third = doc("제3차 가계통신비 정책 협의회 회의결과", "c3")
        assert series_for(third, store) == "제3차가계통신비정책협의회회의결과"
        revised = doc("제2차 가계통신비 정책 협의회 회의결과(수정)", "c2rev")
        assert series_for(revised, store) == "제2차가계통신비정책협의회회의결과"
        other_ministry = doc("제2차 가계통신비 정책 협의회 회의결과(수정)", "c2x", ministry="행정안전부")
        assert series_for(other_ministry, store) == "제2차가계통신비정책협의회회의결과"   # a new series
        assert store.titles("행정안전부") == []


def test_a_document_without_a_title_is_a_series_of_its_own(tmp_path):
    with Store(tmp_path / "s.db") as store:
        untitled = doc("", "u")
        assert series_for(untitled, store) == untitled.info.id


def test_two_sessions_of_one_council_stay_two_series_when_ingested(shared_dir, tmp_path):
    """The real minutes of the 2nd and 3rd 가계통신비 정책 협의회 (../shared/corpus-real)."""
    from pipeline.batch.runner import ingest_paths
    paths = [shared_dir / "corpus-real" / f"msit-2017-telecom-cost-council-{n}.pdf" for n in (2, 3)]
    if not all(p.exists() for p in paths):
        pytest.skip("the council minutes are not in ../shared/corpus-real")
    with Store(tmp_path / "s.db") as store:
        ingest_paths(paths, store, jobs=1)
        series = {d.source: d.series for d in store.documents()}
    assert series == {"msit-2017-telecom-cost-council-2.pdf": "제2차가계통신비정책협의회회의결과",
                      "msit-2017-telecom-cost-council-3.pdf": "제3차가계통신비정책협의회회의록"}
