"""Revision diff: alignment of records across versions, numeric comparison, layout-blindness, the
word diff, rendering, and the sample revision pair scored as ../shared/eval/diff_score.py scores it."""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.diff.changes import Change, Side
from pipeline.diff.documents import diff_documents
from pipeline.diff.units import (Unit, align_units, analysed, compare_units, layout_key, name_key, same_value,
                                 word_diff)
from pipeline.records import (Block, Contact, Document, DocumentInfo, Ecosystem, FocusTechnology,
                              Mission, Target)
from pipeline.render.diff import quantity, render_diff

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"
GOLDEN = Path(__file__).resolve().parent / "golden"
SAMPLE = CORPUS / "msit-2023-10-31-ai-bio-roadmap.pdf"
REV2 = CORPUS / "msit-2023-10-31-ai-bio-roadmap.rev2.pdf"
RELAYOUT = SHARED / "corpus" / "msit-2023-10-31-ai-bio-roadmap.relayout.pdf"
REV2_CHANGES = SHARED / "corpus" / "msit-2023-10-31-ai-bio-roadmap.rev2.changes.json"
SCORER = SHARED / "eval" / "diff_score.py"

needs_corpus = pytest.mark.skipif(not (SAMPLE.is_file() and REV2.is_file()),
                                  reason="the sample revision pair is not in corpus/")
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared is absent")


# --- helpers -------------------------------------------------------------------------------------

def units(*texts: str, item: str = "text") -> list[Unit]:
    """Analysed units (morphemes and figures), positioned in order."""
    made = analysed([Unit(t, item=item) for t in texts])
    n = max(1, len(made) - 1)
    return [replace(u, order=i / n) for i, u in enumerate(made)]


def unit(text: str) -> Unit:
    return units(text)[0]


BOX = (50.0, 100.0, 500.0, 120.0)


def block(text: str, page: int = 1, kind: str = "paragraph", section: str = "추진 방향", marker: str = "□") -> Block:
    return Block(kind, text, page, BOX, marker=marker, section=section)


def make_doc(name: str, *, blocks=(), focus=(), targets=(), ecosystem=(), **info) -> Document:
    """A small document; ``info`` overrides DocumentInfo fields."""
    digest = hashlib.sha256(name.encode()).hexdigest()
    fields = dict(id=digest[:12], source=f"{name}.pdf", sha256=digest, pages=3, ministry="과학기술정보통신부",
                  kind="보도자료", title="인공지능·첨단바이오 전략로드맵 수립", release_at="2023-10-31T10:00",
                  distributed_at="2023-10-30T14:00", edition="석간", department="성장동력기획과",
                  contacts=(Contact("책임자", "과장", "박상민", "044-202-6750"),
                            Contact("담당자", "사무관", "노명종", "044-202-6752")))
    fields.update(info)
    return Document(info=DocumentInfo(**fields), blocks=tuple(blocks), focus_technologies=tuple(focus),
                    targets=tuple(targets), ecosystem=tuple(ecosystem))


MISSION_AI = "AI 콘텐츠의 저작권 · 개인정보 침해 자동판별 (탐지율 90% 이상)"
BODY = (
    block("인공지능", kind="heading", section="", marker="■"),
    block("인공지능 분야에서는 전력소모량을 50% 이상 절감할 수 있는 고효율 학습모델 개발을 제시하였다. "
          "정부는 세계 최고 수준의 연구를 집중 지원해나갈 예정이다.", section="인공지능"),
    block("과기정통부는 10월 31일(화) 국가과학기술자문회의를 개최하였다.", page=2, section="인공지능"),
)


def base_doc(name: str = "base", **overrides) -> Document:
    """A roadmap of two fields with focus technologies, missions, targets and ecosystem measures."""
    parts = dict(
        blocks=BODY,
        focus=(
            FocusTechnology("인공지능", "안전·신뢰AI", missions=(
                Mission("AI 모델의 결론도출 과정을 판단·설명"), Mission(MISSION_AI)),
                rationale=("우리 기업 AI 도입률 저조 (한국 22% < 세계평균 34%)",), number=1, page=7),
            FocusTechnology("첨단바이오", "유전자·세포치료", missions=(
                Mission("차세대 치료용 유전체 편집기술 (정확도· 안정성 향상)"),
                Mission("유전물질의 세포내 전달기술 자립화", items=("바이러스 벡터, RNA 플랫폼 등",))),
                rationale=("고형암 치료, 안전성 확보 등은 공백영역",), number=1, page=9),
        ),
        targets=(Target("인공지능", "안전·신뢰AI", "탐지율", 90, "%", ">=", "increase", 2030, MISSION_AI, 7),),
        ecosystem=(Ecosystem("인공지능", "인재양성", ("문제해결·프로젝트형 산학협력 공동연구 강화",), 7),),
    )
    parts.update(overrides)
    return make_doc(name, **parts)


def kinds(changes: list[Change]) -> list[tuple[str, str]]:
    return [(c.kind, c.item) for c in changes]


# --- text keys and numbers -----------------------------------------------------------------------

def test_layout_key_ignores_spacing_middle_dot_stand_ins_and_quote_variants():
    assert layout_key("비정제 데이터 기반") == layout_key("비정제데이터\n기반")
    assert layout_key("연계·융합") == layout_key("연계ㆍ융합") == layout_key("연계‧융합")
    assert layout_key("‘기술블록화’") == layout_key("'기술블록화'")
    assert layout_key("전략을") != layout_key("전략를")


def test_focus_names_match_across_spacing_and_middle_dot_variants():
    assert name_key("안전·신뢰AI") == name_key("안전·신뢰 AI") == name_key("안전ㆍ신뢰 AI") == name_key("안전‧신뢰AI")
    assert name_key("안전·신뢰AI") != name_key("모델링·의사결정")


def test_numbers_are_compared_after_normalisation():
    assert same_value(1.2e12, 1_200_000_000_000)
    assert same_value(50, 50.0)
    assert not same_value(50, 60)
    assert same_value("2023-10-31T10:00", "2023-10-31T10:00")


def test_the_same_amount_written_with_other_scale_words_is_no_change():
    assert compare_units(unit("총 1.2조원을 투자한다."), unit("총 1조 2천억원을 투자한다.")) == []


def test_a_moved_value_is_one_figure_change_with_both_values():
    changes = compare_units(unit("전력소모량을 50% 이상 절감한다."), unit("전력소모량을 60% 이상 절감한다."))
    assert kinds(changes) == [("changed", "figure")]
    old, new = changes[0].old, changes[0].new
    assert (old.value, old.unit, old.op, old.text) == (50, "%", ">=", "50% 이상")
    assert (new.value, new.unit, new.op, new.text) == (60, "%", ">=", "60% 이상")
    assert new.context == "전력소모량을 60% 이상 절감한다."


def test_a_moved_comparator_is_a_change_of_the_same_value():
    changes = compare_units(unit("탐지율 90% 이상 달성"), unit("탐지율 90% 초과 달성"))
    assert kinds(changes) == [("changed", "figure")]
    assert (changes[0].old.op, changes[0].new.op) == (">=", ">")


def test_a_moved_date_with_its_weekday_is_one_figure_change_not_a_rewording():
    changes = compare_units(unit("과기정통부는 10월 31일(화) 회의를 열었다."), unit("과기정통부는 11월 2일(목) 회의를 열었다."))
    assert kinds(changes) == [("changed", "figure")]
    assert (changes[0].old.value, changes[0].new.value) == ("10-31", "11-02")


# --- word diff -------------------------------------------------------------------------------------

def test_a_particle_change_is_one_small_piece_of_the_word_diff():
    old, new = unit("일관성 있는 전략를 설정하였다."), unit("일관성 있는 전략을 설정하였다.")
    changes = compare_units(old, new)
    assert kinds(changes) == [("reworded", "text")]
    changed = [(p.op, p.text) for p in changes[0].diff if p.op != "equal"]
    assert changed == [("delete", "를"), ("insert", "을")]


def test_word_diff_keeps_the_space_before_a_changed_word_outside_the_change():
    pieces = word_diff(unit("연구를 집중 지원해나갈 예정이다."), unit("연구를 집중적으로 지원할 계획이다."))
    assert "".join(p.text for p in pieces if p.op != "delete") == "연구를 집중적으로 지원할 계획이다."
    assert "".join(p.text for p in pieces if p.op != "insert") == "연구를 집중 지원해나갈 예정이다."
    assert all(not p.text.startswith(" ") for p in pieces if p.op != "equal")


def test_a_figure_written_otherwise_is_equal_in_the_word_diff():
    pieces = word_diff(unit("1.2조원을 투자하고 인력을 늘린다."), unit("1조 2천억원을 투자하고 인력을 더 늘린다."))
    assert [(p.op, p.text) for p in pieces if p.op != "equal"] == [("insert", "더")]


# --- alignment -------------------------------------------------------------------------------------

def test_units_found_unchanged_elsewhere_are_moved_by_the_layout_not_changed():
    alignment = align_units(units("첫째 문장이다.", "각주 설명이다.", "셋째 문장이다."),
                            units("첫째 문장이다.", "셋째 문장이다.", "각주 설명이다."))
    assert alignment.pairs == () and alignment.removed == () and alignment.added == ()


def test_a_unit_split_by_a_page_break_is_joined_back():
    old = units("AI 학습에 필요한 데이터 부담을 50% 이상 경량화한다.")
    new = units("AI 학습에 필요한 데이터 부담을", "50% 이상 경량화한다.")
    assert align_units(old, new).removed == align_units(old, new).added == ()
    edited = units("AI 학습에 필요한 데이터 부담을", "60% 이상 경량화한다.")
    alignment = align_units(old, edited)
    assert len(alignment.pairs) == 1 and not alignment.removed and not alignment.added
    assert kinds(compare_units(*alignment.pairs[0])) == [("changed", "figure")]


def test_similar_wordings_pair_and_unrelated_ones_are_removed_and_added():
    old = units("정부는 세계 최고 수준의 연구를 집중 지원해나갈 예정이다.", "바이오 안전성 평가체계를 마련한다.")
    new = units("정부는 세계 최고 수준의 연구를 집중적으로 지원할 계획이다.", "양자 인재를 양성하는 대학원을 확대한다.")
    alignment = align_units(old, new)
    assert [(a.text[:6], b.text[:6]) for a, b in alignment.pairs] == [("정부는 세계", "정부는 세계")]
    assert [u.text[:4] for u in alignment.removed] == ["바이오 "]
    assert [u.text[:4] for u in alignment.added] == ["양자 인"]


# --- documents -------------------------------------------------------------------------------------

def test_a_document_against_itself_has_no_change():
    assert diff_documents(base_doc(), base_doc()) == []


def test_a_layout_only_change_reports_nothing():
    split = BODY[1].text.index("정부는")
    blocks = (BODY[0], replace(BODY[1], text=BODY[1].text[:split - 12]),
              replace(BODY[1], text=BODY[1].text[split - 12:], page=2),
              replace(BODY[2], text=BODY[2].text.replace("국가과학기술", "국가과학 기술"), page=3))
    focus = tuple(replace(f, name=f.name.replace("·", "ㆍ"), page=(f.page or 0) + 1,
                          missions=tuple(Mission(" ".join((m.text,) + m.items), page=8) for m in f.missions))
                  for f in base_doc().focus_technologies)
    moved = base_doc("relayout", blocks=blocks, focus=focus, pages=4,
                     targets=(replace(base_doc().targets[0], focus="안전ㆍ신뢰 AI", page=8),))
    assert diff_documents(base_doc(), moved) == []


def test_a_target_value_change_is_reported_once_by_the_target_not_again_by_its_mission():
    mission = MISSION_AI.replace("90%", "95%")
    old = base_doc()
    new = base_doc("new", focus=(replace(old.focus_technologies[0], missions=(
        old.focus_technologies[0].missions[0], Mission(mission))), old.focus_technologies[1]),
        targets=(replace(old.targets[0], value=95, text=mission),))
    changes = diff_documents(old, new)
    assert kinds(changes) == [("changed", "target")]
    c = changes[0]
    assert (c.field, c.focus, c.where, c.old.value, c.new.value, c.new.unit) == ("인공지능", "안전·신뢰AI", "탐지율", 90, 95, "%")


def test_targets_align_by_focus_across_middle_dot_variants_and_metric_morphemes():
    old = base_doc()
    new = base_doc("new", targets=(replace(old.targets[0], focus="안전ㆍ신뢰 AI", metric="자동 탐지율", value=95),))
    assert kinds(diff_documents(old, new)) == [("changed", "target")]


def test_a_moved_deadline_is_reported_in_years():
    old = base_doc()
    new = base_doc("new", targets=(replace(old.targets[0], deadline=2028),))
    changes = diff_documents(old, new)
    assert kinds(changes) == [("changed", "target")]
    assert (changes[0].old.value, changes[0].new.value, changes[0].new.unit) == (2030, 2028, "년")


def test_a_mission_added_with_its_target_is_reported_as_the_target():
    old = base_doc()
    added = "감염병 진단키트 개발기간 30일 이내 단축"
    bio = replace(old.focus_technologies[1], missions=old.focus_technologies[1].missions + (Mission(added),))
    new = base_doc("new", focus=(old.focus_technologies[0], bio), targets=old.targets + (
        Target("첨단바이오", "유전자·세포치료", "감염병 진단키트 개발기간", 30, "일", "<=", "decrease", 2030, added, 9),))
    changes = diff_documents(old, new)
    assert kinds(changes) == [("added", "target")]
    assert (changes[0].new.text, changes[0].new.value, changes[0].focus) == (added, 30, "유전자·세포치료")


def test_a_removed_mission_is_reported_with_its_focus_technology():
    old = base_doc()
    bio = replace(old.focus_technologies[1], missions=old.focus_technologies[1].missions[1:])
    changes = diff_documents(old, base_doc("new", focus=(old.focus_technologies[0], bio)))
    assert kinds(changes) == [("removed", "mission")]
    assert (changes[0].field, changes[0].focus) == ("첨단바이오", "유전자·세포치료")
    assert changes[0].old.text.startswith("차세대 치료용") and changes[0].new is None


def test_a_removed_focus_technology_is_reported_in_pieces_name_missions_rationale_targets():
    old = base_doc()
    changes = diff_documents(old, base_doc("new", focus=old.focus_technologies[1:], targets=()))
    assert sorted(kinds(changes)) == sorted([("removed", "focus_technology"), ("removed", "mission"),
                                             ("removed", "focus_technology"), ("removed", "target")])
    assert {c.focus for c in changes} == {"안전·신뢰AI"}
    assert all(c.new is None for c in changes)


def test_a_reworded_mission_keeps_its_focus_and_shows_the_word_diff():
    old = base_doc()
    ai = replace(old.focus_technologies[0], missions=(Mission("AI 모델의 결론도출 과정을 판단하고 설명"),
                                                      old.focus_technologies[0].missions[1]))
    changes = diff_documents(old, base_doc("new", focus=(ai, old.focus_technologies[1])))
    assert kinds(changes) == [("reworded", "mission")]
    assert changes[0].focus == "안전·신뢰AI"
    assert any(p.op == "insert" for p in changes[0].diff)


def test_a_moved_rationale_figure_is_a_figure_change_of_its_focus_technology():
    old = base_doc()
    ai = replace(old.focus_technologies[0], rationale=("우리 기업 AI 도입률 저조 (한국 25% < 세계평균 34%)",))
    changes = diff_documents(old, base_doc("new", focus=(ai, old.focus_technologies[1])))
    assert kinds(changes) == [("changed", "figure")]
    assert (changes[0].focus, changes[0].where, changes[0].old.value, changes[0].new.value) == ("안전·신뢰AI", "rationale", 22, 25)


def test_a_prose_figure_that_restates_a_target_is_grouped_with_that_target():
    old = base_doc()
    mission = MISSION_AI.replace("90%", "95%")
    blocks = BODY[:1] + (replace(BODY[1], text=BODY[1].text + " 탐지율 90% 이상을 목표로 한다."),) + BODY[2:]
    new_blocks = BODY[:1] + (replace(BODY[1], text=BODY[1].text + " 탐지율 95% 이상을 목표로 한다."),) + BODY[2:]
    old = base_doc(blocks=blocks)
    new = base_doc("new", blocks=new_blocks,
                   focus=(replace(old.focus_technologies[0], missions=(old.focus_technologies[0].missions[0], Mission(mission))),
                          old.focus_technologies[1]),
                   targets=(replace(old.targets[0], value=95, text=mission),))
    changes = diff_documents(old, new)
    assert sorted(kinds(changes)) == [("changed", "figure"), ("changed", "target")]
    assert {c.focus for c in changes} == {"안전·신뢰AI"}


def test_metadata_changes_carry_release_times_and_contact_attributes():
    old = base_doc()
    new = base_doc("new", release_at="2024-03-14T12:00",
                   contacts=(old.info.contacts[0], replace(old.info.contacts[1], phone="044-202-6753")))
    changes = diff_documents(old, new)
    assert [(c.kind, c.item, c.where) for c in changes] == [("changed", "metadata", "release_at"),
                                                           ("changed", "metadata", "contact.phone")]
    assert (changes[0].old.value, changes[0].new.value) == ("2023-10-31T10:00", "2024-03-14T12:00")


def test_ecosystem_items_added_are_table_rows():
    old = base_doc()
    eco = (replace(old.ecosystem[0], items=old.ecosystem[0].items + ("AI 융합 대학원 확대",)),)
    changes = diff_documents(old, base_doc("new", ecosystem=eco))
    assert [(c.kind, c.item, c.where, c.new.text) for c in changes] == [("added", "row", "인재양성", "AI 융합 대학원 확대")]


# --- rendering -------------------------------------------------------------------------------------

def sample_changes() -> list[Change]:
    old = base_doc()
    bio = replace(old.focus_technologies[1], missions=old.focus_technologies[1].missions[1:])
    blocks = BODY[:1] + (replace(BODY[1], text=BODY[1].text.replace("50%", "60%").replace("지원해나갈 예정", "지원할 계획")),) + BODY[2:]
    return diff_documents(old, base_doc("new", focus=(old.focus_technologies[0], bio), blocks=blocks))


def test_json_output_has_the_shared_shape():
    data = json.loads(render_diff(sample_changes(), "json"))
    assert set(data) == {"changes"}
    for c in data["changes"]:
        assert c["kind"] in ("added", "removed", "changed", "reworded")
        assert {"kind", "item", "field", "focus", "old", "new"} <= set(c)
        for side in (c["old"], c["new"]):
            assert side is None or {"text", "value", "unit", "page"} <= set(side)


def test_markdown_groups_by_field_and_focus_strikes_removed_and_marks_the_word_diff():
    md = render_diff(sample_changes(), "md")
    assert "## 첨단바이오 · 유전자·세포치료" in md
    assert "~~차세대 치료용 유전체 편집기술 (정확도· 안정성 향상)~~" in md
    assert "~~50% 이상~~" in md and "**60% 이상**" in md
    assert "**할 계획**" in md
    assert all(line.count(" | ") >= 5 for line in md.splitlines() if line.startswith("| ") and "---" not in line
               and "Document" not in line)


def test_html_highlights_the_word_diff_and_escapes_text():
    changes = sample_changes() + [Change("added", "text", new=Side("한국 22% < 세계평균 <34%>"))]
    page = render_diff(changes, "html")
    assert "<del>50% 이상</del>" in page and "<ins>60% 이상</ins>" in page
    assert '<tr class="removed">' in page and "<s>차세대" in page
    assert "&lt;34%&gt;" in page


def test_values_read_with_comparator_grouped_digits_and_ungrouped_years():
    assert quantity(Side("150만명 이상", 1500000, "명", op=">=")) == "≥ 1,500,000명"
    assert quantity(Side("’28년까지", 2028, "년", op="=")) == "2028년"
    assert quantity(Side("500kW", 500, "kW")) == "500 kW"
    assert quantity(Side("2024. 3. 14.(목) 12:00", "2024-03-14T12:00")) == "2024-03-14T12:00"
    assert quantity(Side("제목")) == ""


def test_no_change_renders_as_a_plain_statement():
    assert "No change" in render_diff([], "md")
    assert "No change" in render_diff([], "html")
    assert json.loads(render_diff([], "json")) == {"changes": []}


def test_an_unknown_format_is_refused():
    with pytest.raises(ValueError):
        render_diff([], "xml")


# --- the sample revision pair (ingested once per module) ---------------------------------------------

@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("diff") / "roadmap.db"


@pytest.fixture(scope="module")
def ingested(db):
    """Documents by file, ingested into the module's store on first use."""
    from pipeline.batch.runner import document_for
    from pipeline.store.database import Store
    cache: dict[Path, Document] = {}

    def get(path: Path) -> Document:
        if path not in cache:
            with Store(db) as store:
                cache[path] = document_for(str(path), store)
        return cache[path]
    return get


@needs_corpus
@pytest.mark.slow
def test_the_sample_against_itself_reports_nothing(ingested):
    assert diff_documents(ingested(SAMPLE), ingested(SAMPLE)) == []


@needs_corpus
@pytest.mark.slow
def test_the_sample_revision_reports_each_edit_once_per_place(ingested):
    changes = diff_documents(ingested(SAMPLE), ingested(REV2))
    summary = sorted((c.kind, c.item) for c in changes)
    assert summary.count(("changed", "target")) == 3
    assert ("added", "target") in summary and ("removed", "mission") in summary
    assert {c.where for c in changes if c.item == "metadata"} == {"release_at", "distributed_at"}


@needs_corpus
@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_golden_rendering_of_the_sample_revision(ingested, fmt):
    old, new = ingested(SAMPLE), ingested(REV2)
    text = render_diff(diff_documents(old, new), fmt, old.info, new.info)
    golden = GOLDEN / f"diff.rev2.{fmt}"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert golden.is_file(), f"{golden} is missing: run the tests with UPDATE_GOLDEN=1 to write it"
    assert text == golden.read_text(encoding="utf-8")


@needs_shared
@pytest.mark.shared
@pytest.mark.slow
def test_the_relayout_copy_reports_nothing(ingested):
    assert diff_documents(ingested(SAMPLE), ingested(RELAYOUT)) == []


def score(diff_json: Path, *options: str, changes: Path | None = None) -> subprocess.CompletedProcess:
    """Run the shared scorer on a diff (against ``changes``, or with ``--none`` among the options)."""
    inputs = [str(changes)] if changes else []
    return subprocess.run([sys.executable, str(SCORER), *inputs, str(diff_json), *options],
                          capture_output=True, text=True)


@needs_corpus
@needs_shared
@pytest.mark.shared
@pytest.mark.slow
def test_the_command_line_diff_of_the_revision_scores_full_recall(ingested, db, tmp_path):
    ingested(SAMPLE), ingested(REV2)        # stored already: the command reads them back
    out = tmp_path / "DIFF.json"
    assert main(["diff", str(SAMPLE), str(REV2), "--format", "json", "--out", str(out), "--db", str(db)]) == 0
    result = score(out, "--min-recall", "1", "--min-precision", "0.9", changes=REV2_CHANGES)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "recall 1.00" in result.stdout


@needs_corpus
@needs_shared
@pytest.mark.shared
@pytest.mark.slow
def test_the_command_line_diff_of_a_stored_document_against_itself_scores_none(ingested, db, tmp_path, capsys):
    doc_id = ingested(SAMPLE).info.id
    assert main(["diff", doc_id, doc_id, "--format", "json", "--db", str(db)]) == 0
    out = tmp_path / "DIFF.json"
    out.write_text(capsys.readouterr().out, encoding="utf-8")
    result = score(out, "--none")
    assert result.returncode == 0, result.stdout


def test_a_figure_written_into_a_reworded_sentence_makes_one_changed_sentence():
    changes = compare_units(unit("한국인 바이오 빅데이터 구축(100만명 이상 목표)을 추진한다."),
                            unit("한국인 바이오 빅데이터 구축(’28년까지 100만명 이상 목표)을 추진한다."))
    assert kinds(changes) == [("changed", "text")]
    assert (changes[0].old.value, changes[0].new.value, changes[0].new.unit) == (None, 2028, "년")


def test_a_target_whose_metric_reads_otherwise_after_a_rewording_still_pairs_by_its_mission():
    old = base_doc()
    reworded = MISSION_AI.replace("자동판별 (탐지율 90% 이상)", "자동 판별 (판별 정확도 90% 이상)")
    ai = replace(old.focus_technologies[0], missions=(old.focus_technologies[0].missions[0], Mission(reworded)))
    new = base_doc("new", focus=(ai, old.focus_technologies[1]),
                   targets=(replace(old.targets[0], metric="판별 정확도", text=reworded),))
    assert kinds(diff_documents(old, new)) == [("reworded", "mission")]
