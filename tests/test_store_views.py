"""The store explains itself: contacts and ruled tables as rows, numbers as numbers, views a person
queries directly, and Datasette metadata describing every table, view and column."""
from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3

import pytest

from pipeline.store.database import CSV_EXPORTS, DERIVED_TABLES, SCHEMA_VERSION, VIEWS, Store, export_csv, metadata_path


@pytest.fixture(scope="module")
def db(store_round_trip):
    """The sample and its revision, stored by the command line."""
    return store_round_trip.db


@pytest.fixture(scope="module")
def sql(db):
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    yield conn.execute
    conn.close()


def _sample(db):
    with Store(db) as store:
        return [store.get(info.id) for info in store.documents()]


def test_every_contact_of_every_document_is_a_row(db, sql):
    expected = sorted((d.info.id, c.department, c.role, c.title, c.name, c.phone)
                      for d in _sample(db) for c in d.info.contacts)
    assert expected
    assert sorted(sql("SELECT document_id, department, role, title, name, phone FROM contacts")) == expected


def test_every_cell_of_every_ruled_table_is_a_row_with_its_position(db, sql):
    docs = _sample(db)
    assert sql("SELECT count(*) FROM tables").fetchone()[0] == sum(len(d.tables) for d in docs)
    assert sql("SELECT count(*) FROM table_cells").fetchone()[0] == sum(len(t.cells) for d in docs for t in d.tables)
    first = docs[0].tables[0].cells[0]
    row = sql("SELECT row, col, rowspan, colspan, text FROM table_cells WHERE document_id = ? AND table_seq = 0 "
              "ORDER BY row, col LIMIT 1", (docs[0].info.id,)).fetchone()
    assert row == (first.row, first.col, first.rowspan, first.colspan, first.text)


def test_figure_values_are_numbers_and_dates_have_their_own_column(sql):
    types = dict(sql("SELECT kind, group_concat(DISTINCT typeof(value)) FROM figures GROUP BY kind"))
    assert types["date"] == "null" and types["datetime"] == "null"
    assert set(types["count"].split(",")) <= {"integer", "real"}
    dates = [d for (d,) in sql("SELECT date FROM figures WHERE kind = 'datetime'")]
    assert "2023-10-31T10:00" in dates
    assert sql("SELECT count(*) FROM figures WHERE kind NOT IN ('date', 'datetime', 'time') "
               "AND date IS NOT NULL").fetchone()[0] == 0


def test_targets_by_field_lists_each_target_with_its_release(db, sql):
    rows = sql("SELECT field, metric, value, unit, deadline, title FROM targets_by_field").fetchall()
    assert len(rows) == sum(len(d.targets) for d in _sample(db))
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)
    assert all(r[5] for r in rows)


def test_figures_with_context_shows_the_sentence_of_every_figure(sql):
    rows = sql("SELECT figure, sentence, page, title FROM figures_with_context").fetchall()
    assert rows and all(sentence and page and title for _, sentence, page, title in rows)


def test_documents_latest_keeps_only_the_newest_revision_of_a_series(db, sql):
    docs = _sample(db)
    assert len({d.info.series for d in docs}) == 1, "the sample and its revision are one series"
    newest = max(docs, key=lambda d: d.info.release_at)
    assert [r[0] for r in sql("SELECT id FROM documents_latest")] == [newest.info.id]


def test_metadata_next_to_the_store_describes_every_table_view_and_column(db, sql):
    meta = json.loads(metadata_path(db).read_text(encoding="utf-8"))
    described = meta["databases"][db.stem]["tables"]
    assert set(described) == set(DERIVED_TABLES) | set(VIEWS) | {"documents"}
    for table, info in described.items():
        assert info["description"]
        columns = {r[1] for r in sql(f"PRAGMA table_info({table})")}
        assert set(info.get("columns", {})) <= columns, table


def test_a_store_of_an_older_schema_gets_its_derived_tables_rebuilt_from_the_json(db, tmp_path):
    old = tmp_path / "old.db"
    shutil.copy(db, old)
    conn = sqlite3.connect(old)
    conn.executescript("DROP VIEW documents_latest; DROP TABLE contacts; DELETE FROM figures;"
                       f"DELETE FROM schema_version; INSERT INTO schema_version VALUES ({SCHEMA_VERSION - 1});")
    conn.close()
    with Store(old) as store:
        assert store.schema_version == SCHEMA_VERSION
        docs = [store.get(i.id) for i in store.documents()]
    conn = sqlite3.connect(old)
    assert conn.execute("SELECT count(*) FROM contacts").fetchone()[0] == sum(len(d.info.contacts) for d in docs)
    assert conn.execute("SELECT count(*) FROM figures").fetchone()[0] == sum(len(d.figures) for d in docs)
    assert conn.execute("SELECT count(*) FROM documents_latest").fetchone()[0] == 1
    conn.close()


def _count(doc, kind: str) -> int:
    counts = {"documents": 1, "targets": len(doc.targets), "figures": len(doc.figures),
              "key_points": len(doc.key_points), "focus_technologies": len(doc.focus_technologies),
              "missions": sum(len(f.missions) for f in doc.focus_technologies), "ecosystem": len(doc.ecosystem),
              "contacts": len(doc.info.contacts), "blocks": len(doc.blocks),
              "table_cells": sum(len(t.cells) for t in doc.tables), "warnings": len(doc.info.warnings),
                  "plan": len(doc.plan), "milestones": len(doc.milestones)}
    return counts[kind]


@pytest.mark.parametrize("kind", list(CSV_EXPORTS))
def test_every_record_kind_exports_as_csv_one_row_per_record(db, kind):
    docs = _sample(db)
    stream = io.StringIO()
    rows = export_csv(docs, kind, stream)
    table = list(csv.reader(io.StringIO(stream.getvalue())))
    assert tuple(table[0]) == CSV_EXPORTS[kind][0] and table[0][:2] == ["document_id", "title"]
    assert rows == len(table) - 1 == sum(_count(d, kind) for d in docs)
    assert all(len(r) == len(table[0]) for r in table)


def test_figures_csv_keeps_numbers_and_dates_in_their_own_columns(db):
    stream = io.StringIO()
    export_csv(_sample(db), "figures", stream)
    rows = list(csv.DictReader(io.StringIO(stream.getvalue())))
    dated = [r for r in rows if r["kind"] == "datetime"]
    assert dated and all(r["value"] == "" and r["date"] for r in dated)
    assert all(float(r["value"]) >= 0 for r in rows if r["kind"] == "percent")


def test_excel_csv_starts_with_a_byte_order_mark_and_reads_back_the_same(db, tmp_path):
    docs = _sample(db)
    plain, excel = tmp_path / "plain.csv", tmp_path / "excel.csv"
    export_csv(docs, "contacts", plain)
    export_csv(docs, "contacts", excel, excel=True)
    assert excel.read_bytes().startswith(b"\xef\xbb\xbf") and not plain.read_bytes().startswith(b"\xef\xbb\xbf")
    assert excel.read_text(encoding="utf-8-sig") == plain.read_text(encoding="utf-8")


def test_cli_exports_any_record_kind_for_excel(db, tmp_path):
    from conftest import run_cli
    out = tmp_path / "key_points.csv"
    proc = run_cli("export", "--db", db, "--format", "csv", "--what", "key_points", "--excel", "--out", out)
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert rows and {r["kind"] for r in rows} <= {"lead", "headline"}


def test_a_folder_holding_both_the_store_and_the_json_holds_no_other_json(tmp_path):
    # Readers of ingest output take every *.json in the folder for a document.
    from conftest import ROOT, run_cli
    release = ROOT / "corpus" / "msit-2023-10-31-ai-bio-roadmap.en.txt"
    proc = run_cli("ingest", release, "--db", tmp_path / "check.db", "--out", tmp_path, "--quiet")
    assert proc.returncode == 0, proc.stderr
    assert [p.name for p in tmp_path.glob("*.json")] == [f"{release.stem}.json"]
    assert json.loads(metadata_path(tmp_path / "check.db").read_text(encoding="utf-8"))["databases"]["check"]
