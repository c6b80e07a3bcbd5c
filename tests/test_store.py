"""The SQLite store: what goes in comes out, one transaction per document, safe to share."""
from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
import sqlite3
import threading

import pytest

from pipeline.records import (Block, Contact, Document, DocumentInfo, DocumentWarning, Ecosystem,
                              Figure, FocusTechnology, Mission, Table, TableCell, Target, json_text,
                              with_series)
from pipeline.store.database import FIGURE_COLUMNS, SCHEMA_VERSION, TARGET_COLUMNS, Store


def sha(name: str) -> str:
    return hashlib.sha256(name.encode()).hexdigest()


def make_doc(name: str = "roadmap", *, digest: str | None = None, version: str = "1",
             release_at: str | None = "2023-10-31T12:00", series: str = "",
             title: str = "AI-바이오 융합 로드맵") -> Document:
    """A small document holding at least one record of every kind."""
    digest = digest or sha(name)
    info = DocumentInfo(
        id=digest[:12], source=f"{name}.pdf", sha256=digest, pages=3, producer="Hwp 2020",
        warnings=(DocumentWarning("unmapped", "표를 읽지 못함", page=2), DocumentWarning("note", "x")),
        ministry="과학기술정보통신부", kind="보도자료", title=title, subtitles=("부제 하나", "부제 둘"),
        release_at=release_at, distributed_at="2023-10-30", edition="석간", department="융합정책과",
        contacts=(Contact("책임자", "과장", "홍길동", "044-202-0000", "융합정책과"),
                  Contact("담당자", "사무관", "김철수", "044-202-0001")),
        series=series, pipeline_version=version)
    blocks = (
        Block("title", title, 1, (56.5, 70.0, 540.25, 92.0)),
        Block("paragraph", "바이오 데이터를 확보한다", 1, (60.0, 100.0, 500.0, 130.5), marker="□",
              level=0, items=("첫째 항목", "둘째 항목"), section="추진 전략"),
        Block("label", "핵심이슈", 2, (60.0, 140.0, 120.0, 150.0), marker="[인공지능]", level=1),
    )
    tables = (Table(page=2, bbox=(50.0, 200.0, 550.0, 400.0), n_rows=2, n_cols=2, kind="roadmap",
                    section="추진 전략", cells=(
                        TableCell(0, 0, "분야", bbox=(50.0, 200.0, 150.0, 250.0)),
                        TableCell(0, 1, "목표", colspan=1),
                        TableCell(1, 0, "", items=("가", "나"), markers=("○", "-"), levels=(0, 1),
                                  colspan=2, bbox=(50.0, 250.0, 550.0, 400.0)))),)
    figures = (
        Figure("30% 이상", 30, "%", ">=", "percent", "점유율 30% 이상 달성", 2,
               (70.0, 210.0, 110.0, 220.0), block=1),
        Figure("1.5조원", 1.5e12, "원", "=", "money", "1.5조원 투자", 2, None, block=-1),
        Figure("2030년", "2030", "년", "about", "date", "2030년경", 3),
    )
    targets = (
        Target("인공지능", "AI 신약", "후보물질 발굴 기간", 50.0, "%", ">=", "decrease", 2030,
               "후보물질 발굴 기간 50% 이상 단축", 2, mission="신약 개발 가속"),
        Target("바이오", "합성생물학", "바이오파운드리", 10, "개", "=", "increase", None, "10개 구축", 3),
    )
    focus = (
        FocusTechnology("인공지능", "AI 신약", missions=(
            Mission("신약 개발 가속", items=("후보 발굴", "임상 예측"), page=2), Mission("데이터 확보")),
            rationale=("시장 성장",), number=1, page=2),
        FocusTechnology("바이오", "합성생물학", number=2),
    )
    ecosystem = (Ecosystem("공통", "인재", items=("석박사 1만명",), page=3), Ecosystem("공통", "규제"))
    return Document(info=info, blocks=blocks, tables=tables, figures=figures, targets=targets,
                    focus_technologies=focus, ecosystem=ecosystem)


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "db" / "roadmap.db") as s:
        yield s


def count(store: Store, table: str) -> int:
    return store._conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


CHILD_TABLES = ("blocks", "figures", "targets", "focus_technologies", "missions", "ecosystem",
                "warnings", "contacts", "tables", "table_cells")


# --- opening -----------------------------------------------------------------------------------

def test_opening_creates_parent_directories_and_a_wal_database(tmp_path):
    path = tmp_path / "a" / "b" / "roadmap.db"
    with Store(path) as s:
        conn = s._conn
        assert path.exists()
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 30_000
        assert s.schema_version == SCHEMA_VERSION


def test_reopening_keeps_documents_and_records_one_schema_version(tmp_path):
    path = tmp_path / "roadmap.db"
    with Store(path) as s:
        s.save(make_doc())
    with Store(path) as s:
        assert [i.id for i in s.documents()] == [make_doc().info.id]
        assert count(s, "schema_version") == 1


def test_a_database_from_a_newer_pipeline_is_refused(tmp_path):
    path = tmp_path / "roadmap.db"
    Store(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION + 1,))
    with pytest.raises(RuntimeError, match="newer"):
        Store(path)


# --- saving and reading back ---------------------------------------------------------------------

def test_saved_document_comes_back_equal_with_every_record_type(store):
    doc = make_doc()
    assert store.save(doc) is True
    back = store.get(doc.info.id)
    assert back == doc
    assert back.to_json() == doc.to_json()
    # tuples stay tuples (frozen records must stay hashable), bboxes included
    assert isinstance(back.blocks[0].bbox, tuple) and isinstance(back.tables[0].cells[2].items, tuple)
    hash(back.info)


def test_to_json_is_what_asdict_gives_with_lists_for_tuples():
    doc = make_doc()

    def listify(value):
        if isinstance(value, dict):
            return {k: listify(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [listify(v) for v in value]
        return value
    def unset_dropped(out):
        """The provenance keys a PDF figure leaves unset are left out of its JSON."""
        return {k: v for k, v in out.items() if not (k == "ref" and not v or k == "ocr" and v is None)}
    data = doc.to_json()
    assert data["figures"] == [unset_dropped(listify(dataclasses.asdict(f))) for f in doc.figures]
    assert data["targets"] == [listify(dataclasses.asdict(t)) for t in doc.targets]
    info = listify(dataclasses.asdict(doc.info))
    info.pop("pipeline_version")
    info.pop("provenance")             # "page", the default, is left out
    assert data["document"] == info


def test_the_stored_text_is_the_documents_json_file_text(store):
    doc = make_doc()
    store.save(doc)
    stored = store.stored_text(doc.info.sha256, "1")
    assert stored == (doc.info.id, 3, json_text(doc.to_json()))
    assert json.loads(stored.text) == store.get_json(doc.info.id)
    assert store.stored_text(doc.info.sha256, "2") is None
    assert store.stored_text(sha("other"), "1") is None


@pytest.mark.parametrize("series", ["AI바이오로드맵", 'a "quoted" name', ""])
def test_setting_the_series_in_the_text_is_encoding_the_document_again(series):
    doc = make_doc(series="old series")
    again = dataclasses.replace(doc, info=dataclasses.replace(doc.info, series=series))
    assert with_series(json_text(doc.to_json()), series) == json_text(again.to_json())


def test_a_text_given_to_save_is_stored_as_it_is(store):
    doc = make_doc()
    text = json_text(doc.to_json())
    store.save(doc, text)
    assert store.stored_text(doc.info.sha256, "1").text == text


def test_saving_fills_the_normalised_tables(store):
    doc = make_doc()
    store.save(doc)
    assert {t: count(store, t) for t in CHILD_TABLES} == {
        "blocks": 3, "figures": 3, "targets": 2, "focus_technologies": 2, "missions": 2,
        "ecosystem": 2, "warnings": 2, "contacts": 2, "tables": 1, "table_cells": 3}
    row = store._conn.execute(
        "SELECT field, metric, value, op, deadline FROM targets WHERE document_id = ? AND seq = 0",
        (doc.info.id,)).fetchone()
    assert row == ("인공지능", "후보물질 발굴 기간", 50.0, ">=", 2030)
    values = list(store._conn.execute("SELECT value, date FROM figures ORDER BY seq"))
    assert values == [(30, None), (1.5e12, None), (None, "2030")]   # numbers as numbers, dates apart
    items = store._conn.execute("SELECT items FROM missions WHERE focus_seq = 0 AND seq = 0").fetchone()
    assert items == ('["후보 발굴", "임상 예측"]',)


def test_saving_the_same_file_twice_stores_it_once(store):
    doc = make_doc()
    assert store.save(doc) is True
    assert store.save(doc) is False
    assert len(store.documents()) == 1
    assert count(store, "targets") == len(doc.targets)


def test_different_files_are_two_documents(store):
    store.save(make_doc("one"))
    store.save(make_doc("two"))
    assert {i.source for i in store.documents()} == {"one.pdf", "two.pdf"}


def test_a_new_pipeline_version_replaces_the_stored_document(store):
    old = make_doc(version="1")
    new = dataclasses.replace(make_doc(version="2"), targets=make_doc().targets[:1])
    store.save(old)
    assert store.save(new) is True
    assert store.get(old.info.id) == new
    assert store.has(old.info.sha256, "2") and not store.has(old.info.sha256, "1")
    assert count(store, "documents") == 1 and count(store, "targets") == 1


def test_a_failure_in_the_middle_of_save_leaves_no_trace(store, monkeypatch):
    def fail(*args):
        raise RuntimeError("disk on fire")

    # the documents row has been inserted by the time the records are written
    monkeypatch.setattr(store, "_insert_records", fail)
    with pytest.raises(RuntimeError, match="disk on fire"):
        store.save(make_doc())
    assert not store.has(make_doc().info.sha256)
    assert all(count(store, t) == 0 for t in ("documents",) + CHILD_TABLES)
    assert store._conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert not store._conn.in_transaction
    monkeypatch.undo()
    assert store.save(make_doc()) is True        # and the store is still usable


def test_a_failed_replacement_keeps_the_old_version(store, monkeypatch):
    old = make_doc(version="1")
    store.save(old)
    monkeypatch.setattr(store, "_insert_records", lambda *a: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        store.save(make_doc(version="2"))
    assert store.get(old.info.id) == old
    assert count(store, "targets") == len(old.targets)


def test_a_document_whose_id_is_not_its_sha_prefix_is_refused(store):
    doc = make_doc()
    bad = dataclasses.replace(doc, info=dataclasses.replace(doc.info, id="000000000000"))
    with pytest.raises(ValueError, match="first 12 hex digits"):
        store.save(bad)


def test_has_checks_sha_and_optionally_pipeline_version(store):
    doc = make_doc(version="0.3")
    assert not store.has(doc.info.sha256)
    store.save(doc)
    assert store.has(doc.info.sha256)
    assert store.has(doc.info.sha256, "0.3")
    assert not store.has(doc.info.sha256, "0.4")


# --- finding documents -----------------------------------------------------------------------------

def test_get_accepts_an_id_a_prefix_or_a_sha(store):
    doc = make_doc()
    store.save(doc)
    for ref in (doc.info.id, doc.info.id[:4], doc.info.id[:7].upper(), doc.info.sha256,
                doc.info.sha256[:20], f"  {doc.info.id}\n"):
        assert store.get(ref) == doc, ref


def test_a_prefix_shared_by_two_documents_is_ambiguous(store):
    a, b = "abcd1" + "0" * 59, "abcd2" + "0" * 59
    store.save(make_doc("a", digest=a))
    store.save(make_doc("b", digest=b))
    with pytest.raises(KeyError, match="ambiguous"):
        store.get("abcd")
    assert store.get("abcd2").info.sha256 == b


@pytest.mark.parametrize("ref", ["ffff", "f" * 12, "f" * 64])
def test_an_unknown_reference_raises_key_error(store, ref):
    store.save(make_doc())
    with pytest.raises(KeyError, match="no stored document"):
        store.get(ref)


@pytest.mark.parametrize("ref", ["", "abc", "roadmap.pdf", "abcd%", "ab*d"])
def test_a_reference_that_is_not_hex_or_too_short_raises_key_error(store, ref):
    store.save(make_doc(digest="abcd" + "0" * 60))
    with pytest.raises(KeyError, match="not a document reference"):
        store.get(ref)


def test_documents_are_listed_by_release_then_id_with_undated_last(store):
    store.save(make_doc("late", release_at="2024-05-01"))
    store.save(make_doc("undated", release_at=None))
    store.save(make_doc("early", release_at="2023-01-01T09:00"))
    infos = store.documents()
    assert [i.source for i in infos] == ["early.pdf", "late.pdf", "undated.pdf"]
    assert infos[0] == make_doc("early", release_at="2023-01-01T09:00").info
    assert [d.info for d in store.load_all()] == infos


def test_titles_are_those_of_one_ministry_in_release_order(store):
    later = make_doc("later", release_at="2024-01-01", series="s", title="로드맵 개정")
    earlier = make_doc("earlier", release_at="2023-01-01")
    other = dataclasses.replace(make_doc("other"), info=dataclasses.replace(make_doc("other").info, ministry="교육부"))
    for doc in (later, earlier, other):
        store.save(doc)
    assert store.titles("과학기술정보통신부") == [
        (earlier.info.sha256, earlier.info.id, "AI-바이오 융합 로드맵", ""),
        (later.info.sha256, later.info.id, "로드맵 개정", "s")]
    assert store.titles("없는 부처") == []


def test_series_members_are_the_series_in_release_order(store):
    store.save(make_doc("rev2", release_at="2024-01-01", series="ai-bio"))
    store.save(make_doc("other", release_at="2023-06-01", series="quantum"))
    store.save(make_doc("rev1", release_at="2023-10-31", series="ai-bio"))
    assert [i.source for i in store.series_members("ai-bio")] == ["rev1.pdf", "rev2.pdf"]
    assert store.series_members("none") == []


def test_delete_removes_the_document_and_all_its_rows(store):
    keep, gone = make_doc("keep"), make_doc("gone")
    store.save(keep)
    store.save(gone)
    assert store.delete(gone.info.id[:6]) == gone.info.id
    assert [i.id for i in store.documents()] == [keep.info.id]
    for table in CHILD_TABLES:
        left = store._conn.execute(f"SELECT DISTINCT document_id FROM {table}").fetchall()
        assert left == [(keep.info.id,)], table
    with pytest.raises(KeyError):
        store.delete(gone.info.id)


# --- CSV export --------------------------------------------------------------------------------

def test_csv_export_has_a_header_and_one_row_per_target(store, tmp_path):
    docs = [make_doc("one"), make_doc("two")]
    out = tmp_path / "targets.csv"
    assert store.export_csv(docs, "targets", out) == 4
    rows = list(csv.reader(out.open(encoding="utf-8", newline="")))
    assert tuple(rows[0]) == TARGET_COLUMNS
    assert len(rows) == 1 + 4
    first = dict(zip(rows[0], rows[1]))
    assert first["document_id"] == docs[0].info.id
    assert first["metric"] == "후보물질 발굴 기간"
    assert (first["op"], first["value"], first["unit"], first["deadline"]) == (">=", "50.0", "%", "2030")
    assert dict(zip(rows[0], rows[2]))["deadline"] == ""     # no deadline: empty cell


def test_csv_export_of_figures_writes_one_row_per_figure_to_a_stream():
    stream = io.StringIO()
    assert Store.export_csv([make_doc()], what="figures", out=stream) == 3
    rows = list(csv.reader(io.StringIO(stream.getvalue())))
    assert tuple(rows[0]) == FIGURE_COLUMNS
    assert [r[FIGURE_COLUMNS.index("text")] for r in rows[1:]] == ["30% 이상", "1.5조원", "2030년"]


def test_csv_export_refuses_an_unknown_record_kind():
    with pytest.raises(ValueError, match="targets"):
        Store.export_csv([make_doc()], what="paragraphs", out=io.StringIO())


# --- sharing one file ----------------------------------------------------------------------------

def test_two_stores_in_two_threads_can_write_to_one_file(tmp_path):
    path = tmp_path / "shared.db"
    start = threading.Barrier(2)
    errors: list[BaseException] = []
    per_thread = 15

    def writer(prefix: str):
        try:
            start.wait()
            with Store(path) as s:       # opening concurrently is part of the test
                for i in range(per_thread):
                    assert s.save(make_doc(f"{prefix}-{i}"))
        except BaseException as exc:     # surfaced in the main thread below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(p,)) for p in ("left", "right")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with Store(path) as s:
        assert len(s.documents()) == 2 * per_thread
        assert count(s, "targets") == 2 * per_thread * 2
        assert s._conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_reader_sees_committed_documents_while_another_store_writes(tmp_path):
    path = tmp_path / "shared.db"
    with Store(path) as writer, Store(path) as reader:
        writer.save(make_doc("first"))
        writer._conn.execute("BEGIN IMMEDIATE")        # a writer mid-transaction ...
        try:
            assert [i.source for i in reader.documents()] == ["first.pdf"]   # ... does not block
        finally:
            writer._conn.execute("ROLLBACK")


# --- records.document_from_json round trip gaps ----------------------------------------------------

def test_a_table_caption_survives_the_round_trip(store):
    doc = make_doc()
    doc = dataclasses.replace(doc, tables=(dataclasses.replace(doc.tables[0], caption="<표 1>"),))
    store.save(doc)
    assert store.get(doc.info.id) == doc
