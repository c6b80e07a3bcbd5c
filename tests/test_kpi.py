"""KPI tables: one target per row and goal column, with the baseline of its row (pipeline/extract/kpi.py)."""
from __future__ import annotations

from pipeline.extract.kpi import kpi_targets
from pipeline.records import Block, Table, TableCell
from pipeline.structure.blocks import Structure, Text


def _structure(rows, caption="", above="", page=3):
    cells = tuple(TableCell(row=r, col=c, text=text) for r, row in enumerate(rows) for c, text in enumerate(row))
    table = Table(page=page, bbox=(50, 200, 550, 400), cells=cells, n_rows=len(rows), n_cols=len(rows[0]),
                  caption=caption)
    blocks = (Block(kind="paragraph", text=above, page=page, bbox=(50, 180, 550, 195)),) if above else ()
    texts = {(0, c, 0): Text(cell.text, ()) for c, cell in enumerate(cells)}
    return Structure(blocks=blocks, tables=(table,), block_texts=tuple(Text(b.text, ()) for b in blocks),
                     cell_texts=texts)


def test_a_current_and_goal_table_gives_a_target_with_its_baseline_and_years():
    found = kpi_targets(_structure([["성과지표", "현재(’24)", "목표(’30)"], ["AI 도입률", "30%", "80%"]]),
                        horizon=None, year=2025)
    assert [(t.metric, t.value, t.unit, t.deadline, t.baseline, t.baseline_year, t.direction) for t in found] == [
        ("AI 도입률", 80, "%", 2030, 30, 2024, "increase")]


def test_each_future_year_column_is_a_target_and_the_unit_comes_from_the_row_label():
    found = kpi_targets(_structure([["구분", "’25", "’26", "’27"], ["전문인력(명)", "100", "200", "300"]]),
                        horizon=None, year=2024)
    assert [(t.metric, t.value, t.unit, t.deadline) for t in found] == [
        ("전문인력", 100, "명", 2025), ("전문인력", 200, "명", 2026), ("전문인력", 300, "명", 2027)]


def test_a_past_year_column_holds_the_baseline_not_a_target():
    found = kpi_targets(_structure([["구분", "’24", "’26", "’28"], ["거점(개)", "3", "5", "8"]]),
                        horizon=None, year=2025)
    assert [(t.value, t.deadline, t.baseline, t.baseline_year) for t in found] == [(5, 2026, 3, 2024), (8, 2028, 3, 2024)]


def test_a_year_in_the_cell_is_the_deadline_of_a_goal_column():
    found = kpi_targets(_structure([["지표", "As-Is", "To-Be"], ["재이용률", "72%", "(’27) 94%"]]), None, 2025)
    assert [(t.value, t.deadline, t.baseline) for t in found] == [(94, 2027, 72)]


def test_a_table_unit_line_folds_bare_numbers():
    found = kpi_targets(_structure([["구분", "’26", "’27"], ["매출", "1,200", "1,500"]], above="(단위: 억원)"),
                        None, 2025)
    assert [(t.value, t.unit) for t in found] == [(120000000000, "원"), (150000000000, "원")]


def test_a_table_of_past_years_only_gives_no_targets():
    rows = [["구분", "2021", "2022", "2023"], ["수출(억불)", "10", "12", "15"]]
    assert kpi_targets(_structure(rows), None, 2025) == []


def test_a_budget_or_sum_table_gives_no_targets():
    budget = [["구분", "’26년", "’27년", "’28년"], ["개방", "1,372억원", "1,241억원", "1,102억원"]]
    sums = [["구분", "’26년", "’27년", "소계"], ["개방(억원)", "1,372", "1,241", "2,613"]]
    assert kpi_targets(_structure(budget, above="<연도별 예산 투입규모>"), None, 2026) == []
    assert kpi_targets(_structure(sums), None, 2026) == []


def test_without_the_document_year_only_goal_words_make_a_kpi_table():
    years = [["구분", "2026", "2027"], ["인력(명)", "10", "20"]]
    words = [["구분", "현재", "목표"], ["인력(명)", "10", "20"]]
    assert kpi_targets(_structure(years), None, None) == []
    assert [(t.value, t.baseline) for t in kpi_targets(_structure(words), 2030, None)] == [(20, 10)]


def test_the_size_a_share_is_taken_of_is_no_target():
    found = kpi_targets(_structure([["슈퍼컴 6호기(’26~)", "전용 GPU(’27~)"], ["8,500개의 약 30%", "약 300개"]]),
                        None, 2025)
    assert [(t.value, t.unit, t.op, t.deadline) for t in found] == [(30, "%", "about", 2026), (300, "개", "about", 2027)]
