"""Comparison tables: targets side by side across fields and releases."""
from __future__ import annotations

import csv
import hashlib
import io

import pytest

from pipeline.cli import main
from pipeline.records import Document, DocumentInfo, Target
from pipeline.render.comparison import CSV_COLUMNS, compare, render_table
from pipeline.store.database import Store


def _doc(name: str, release: str, targets) -> Document:
    sha = hashlib.sha256(name.encode()).hexdigest()
    info = DocumentInfo(id=sha[:12], source=f"{name}.pdf", sha256=sha, pages=10, title="AI·바이오 전략로드맵",
                        ministry="과학기술정보통신부", release_at=release, pipeline_version="test")
    return Document(info=info, targets=tuple(Target(field, focus, metric, value, unit, op, "increase", 2030,
                                                    f"{metric} {value}{unit}", page)
                                             for field, focus, metric, value, unit, op, page in targets))


OLD = _doc("old", "2023-10-31T10:00", [
    ("인공지능", "효율적 학습·인프라", "학습 자원", 50, "%", ">=", 7),
    ("인공지능", "안전·신뢰AI", "탐지율", 90, "%", ">=", 7),
    ("첨단바이오", "합성생물학", "생산효율", 10, "배", "=", 9),
])
NEW = _doc("new", "2024-03-14T12:00", [
    ("인공지능", "효율적 학습 · 인프라", "학습  자원", 60, "%", ">=", 7),      # spacing differs, value changed
    ("인공지능", "안전·신뢰AI", "탐지율", 90, "%", ">=", 7),
    ("첨단바이오", "합성생물학", "생산효율", 10, "배", "=", 9),
    ("첨단바이오", "감염병", "진단 기간", 30, "일", "<=", 9),
])


def test_by_field_puts_each_release_in_its_own_column_and_matches_rows_across_them():
    table = compare([OLD, NEW], "field")
    assert [s.title for s in table.sections] == ["인공지능", "첨단바이오"]
    first = table.sections[0].rows[0]
    assert [[t.value for _, t in cell] for cell in first.cells] == [[50], [60]]


def test_a_target_only_one_release_states_leaves_the_other_cell_empty():
    bio = compare([OLD, NEW], "field").sections[1]
    row = next(r for r in bio.rows if "진단" in r.label)
    assert [len(cell) for cell in row.cells] == [0, 1]


def test_by_focus_has_a_section_per_focus_technology():
    assert [s.title for s in compare([OLD, NEW], "focus").sections] == ["효율적 학습·인프라", "안전·신뢰AI", "합성생물학", "감염병"]


def test_by_document_puts_fields_side_by_side():
    section = compare([NEW], "document").sections[0]
    assert section.columns == ("인공지능", "첨단바이오")
    assert len(section.rows) == 4


def test_releases_without_targets_get_no_column():
    empty = _doc("empty", "2023-01-01", [])
    assert len(compare([OLD, empty, NEW], "field").sections[0].columns) == 2


def test_markdown_table_links_every_value_to_its_page():
    text = render_table(compare([OLD, NEW], "field"), "md")
    assert "[50% 이상 (2030년까지)](old.pdf#page=7)" in text and "[60% 이상 (2030년까지)](new.pdf#page=7)" in text


def test_html_table_is_a_page():
    html = render_table(compare([OLD, NEW], "focus"), "html")
    assert html.startswith("<!DOCTYPE html>") and html.count('<table class="comparison">') == 4


def test_csv_has_one_line_per_target():
    rows = list(csv.reader(io.StringIO(render_table(compare([OLD, NEW], "field"), "csv"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == 1 + len(OLD.targets) + len(NEW.targets)


def test_an_unknown_view_is_refused():
    with pytest.raises(ValueError):
        compare([OLD], "ministry")


def test_table_command_reads_the_store(tmp_path, capsys):
    db = tmp_path / "roadmap.db"
    with Store(db) as store:
        store.save(OLD)
        store.save(NEW)
    assert main(["table", "--db", str(db), "--by", "field", "--format", "md"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# 목표 비교표 (field)") and "60% 이상" in out
    assert main(["table", OLD.info.id, "--db", str(db), "--format", "csv", "--out", str(tmp_path / "t.csv")]) == 0
    assert len((tmp_path / "t.csv").read_text(encoding="utf-8").splitlines()) == 1 + len(OLD.targets)
