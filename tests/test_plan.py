"""A plan's strategy tree, milestones, and where targets sit in the tree (pipeline/extract/plan.py)."""
from __future__ import annotations

from pipeline.extract.plan import attach, milestones, plan_items
from pipeline.records import Block, Table, TableCell, Target
from pipeline.structure.blocks import Structure, Text


def _blocks(*specs):
    blocks = tuple(Block(kind=kind, text=text, page=page, bbox=(50, 100 + 20 * i, 550, 115 + 20 * i), marker=marker)
                   for i, (kind, marker, text, page) in enumerate(specs))
    return Structure(blocks=blocks, tables=(), block_texts=tuple(Text(b.text, ()) for b in blocks))


BODY = _blocks(("heading", "Ⅰ.", "추진 배경", 1),
               ("heading", "Ⅲ.", "추진과제", 2),
               ("heading", "1.", "데이터 개방 확대", 2),
               ("paragraph", "①", "고가치 데이터 개방", 2),
               ("paragraph", "○", "개방 데이터 100개 달성 목표", 2),
               ("paragraph", "②", "개방 포털 고도화", 3),
               ("heading", "2.", "품질 관리", 3),
               ("paragraph", "①", "품질 진단 확대", 3),
               ("heading", "Ⅳ.", "향후 계획", 4),
               ("paragraph", "○", "’26 시연 → ’28 시범서비스 → ’30 상용화", 4))


def test_the_task_chapter_numbering_gives_strategies_and_tasks_under_them():
    items = plan_items(BODY)
    assert [(i.kind, i.number, i.title, i.parent) for i in items] == [
        ("strategy", "1", "데이터 개방 확대", None), ("task", "①", "고가치 데이터 개방", 0),
        ("task", "②", "개방 포털 고도화", 0), ("strategy", "2", "품질 관리", None), ("task", "①", "품질 진단 확대", 3)]


def test_a_chapter_that_names_no_tasks_gives_no_plan_items():
    assert plan_items(_blocks(("heading", "Ⅰ.", "추진 배경", 1), ("heading", "1.", "현황", 1))) == ()


def test_a_vision_table_gives_vision_goals_and_strategies():
    rows = [["비전", "데이터로 여는 AI 강국"], ["목표", "개방 확대"], ["추진전략", "① 개방 ② 활용"]]
    cells = tuple(TableCell(row=r, col=c, text=t, items=(("① 개방", "② 활용") if t.startswith("①") else ()))
                  for r, row in enumerate(rows) for c, t in enumerate(row))
    s = Structure(blocks=(), tables=(Table(page=5, bbox=(0, 0, 1, 1), cells=cells, n_rows=3, n_cols=2),),
                  block_texts=())
    assert [(i.kind, i.number, i.title, i.parent) for i in plan_items(s)] == [
        ("vision", "", "데이터로 여는 AI 강국", None), ("goal", "", "개방 확대", 0),
        ("strategy", "①", "개방", 1), ("strategy", "②", "활용", 1)]


def test_an_arrow_line_of_years_gives_one_milestone_a_year():
    steps = milestones(BODY, 2025)
    assert [(m.year, m.text, m.page) for m in steps] == [(2026, "시연", 4), (2028, "시범서비스", 4), (2030, "상용화", 4)]


def test_a_chain_of_values_is_no_milestone_and_past_years_are_history():
    s = _blocks(("paragraph", "※", "개방계획: ’25년 10개 → ’26년 25개 → ’27년 30개", 1),
                ("paragraph", "○", "’22 착수 → ’23 완료", 1))
    assert milestones(s, 2025) == ()


def _year_table(rows, caption=""):
    cells = tuple(TableCell(row=r, col=c, text=t) for r, row in enumerate(rows) for c, t in enumerate(row))
    return Structure(blocks=(), tables=(Table(page=9, bbox=(0, 0, 1, 1), cells=cells, n_rows=len(rows),
                                              n_cols=len(rows[0]), caption=caption),), block_texts=())


def test_a_schedule_table_gives_a_milestone_per_filled_year_cell():
    s = _year_table([["과제", "2026년", "2027년"], ["플랫폼 구축", "설계", "●"]], caption="추진일정")
    assert [(m.year, m.text, m.subject) for m in milestones(s, 2025)] == [
        (2026, "설계", "플랫폼 구축"), (2027, "플랫폼 구축", "")]


def test_a_table_of_year_columns_that_no_schedule_word_names_gives_no_milestone():
    # a statistics release's yearly table: words in year columns are no steps of a plan
    s = _year_table([["구분", "2026년", "2027년"], ["수출", "증가", "감소"]])
    assert milestones(s, 2025) == ()


def test_a_schedule_of_past_years_gives_no_milestone():
    s = _year_table([["과제", "2019년", "2020년", "2021년"], ["구축", "설계", "개발", "●"]], caption="추진일정")
    assert milestones(s, 2025) == ()


def test_a_target_is_attached_to_the_task_above_it_and_not_past_the_chapter():
    items = plan_items(BODY)
    inside = Target(field="", focus="", metric="개방 데이터", value=100, unit="개", op="=", direction="increase",
                    deadline=None, text="개방 데이터 100개 달성 목표", page=2)
    outside = Target(field="", focus="", metric="상용화", value=1, unit="개", op="=", direction="increase",
                     deadline=None, text="’26 시연 → ’28 시범서비스 → ’30 상용화", page=4)
    found, steps = attach(BODY, items, [inside, outside], milestones(BODY, 2025))
    assert [t.plan_item for t in found] == [1, None]
    assert {m.plan_item for m in steps} == {None}
