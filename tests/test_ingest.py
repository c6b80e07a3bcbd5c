"""The sample release end to end: its structure against a golden file, its records, the store round trip
through the command line, and the shared scorers.

The sample is ingested once per session (``conftest.store_round_trip``). The golden file
``tests/golden/sample-structure.json`` changes only when asked for::

    UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_ingest.py -k golden
"""
from __future__ import annotations

import difflib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REVISION, SAMPLE

GOLDEN = Path(__file__).parent / "golden" / "sample-structure.json"
BLOCK_KEYS = ("kind", "marker", "level", "page", "text")


# --- golden structure ---------------------------------------------------------------------------------

def structure_of(doc: dict) -> dict:
    return {"source": doc["document"]["source"],
            "blocks": [{k: b[k] for k in BLOCK_KEYS} | ({"items": b["items"]} if b.get("items") else {})
                       for b in doc["blocks"]],
            "tables": [{"page": t["page"], "kind": t.get("kind", ""), "rows": t["rows"]} for t in doc["tables"]]}


def render(structure: dict) -> str:
    """One block or table per line, so that a diff reads as a list of changed blocks."""
    dump = lambda value: json.dumps(value, ensure_ascii=False)
    lines = ["{", f' "source": {dump(structure["source"])},', ' "blocks": [']
    lines += [f"  {dump(b)}," for b in structure["blocks"]]
    lines[-1] = lines[-1].rstrip(",")
    lines += [" ],", ' "tables": [']
    lines += [f"  {dump(t)}," for t in structure["tables"]]
    lines[-1] = lines[-1].rstrip(",")
    lines += [" ]", "}"]
    return "\n".join(lines) + "\n"


def test_sample_structure_matches_the_golden_file(sample_json):
    current = render(structure_of(sample_json))
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(current, encoding="utf-8")
        pytest.skip(f"UPDATE_GOLDEN=1: wrote {GOLDEN.name}; review it with git diff and commit it")
    if not GOLDEN.exists():
        pytest.fail(f"{GOLDEN} is missing: create it with UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_ingest.py -k golden")
    expected = GOLDEN.read_text(encoding="utf-8")
    if current != expected:
        diff = list(difflib.unified_diff(expected.splitlines(), current.splitlines(), "golden", "now", n=1, lineterm=""))
        shown = "\n".join(diff[:150]) + ("\n... (diff cut)" if len(diff) > 150 else "")
        pytest.fail("the sample's structure changed (if on purpose: UPDATE_GOLDEN=1 and review):\n" + shown,
                    pytrace=False)


def test_the_golden_file_is_valid_json_matching_its_shape():
    if not GOLDEN.exists():
        pytest.skip("no golden file yet")
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert golden["source"] == SAMPLE.name
    assert all(set(b) - {"items"} == set(BLOCK_KEYS) for b in golden["blocks"])


# --- records of the sample ----------------------------------------------------------------------------

def test_sample_document_metadata(sample_json):
    doc = sample_json["document"]
    assert (doc["ministry"], doc["kind"], doc["language"], doc["pages"]) == ("과학기술정보통신부", "보도자료", "ko", 10)
    assert (doc["release_at"], doc["distributed_at"], doc["edition"]) == ("2023-10-31T10:00", "2023-10-30T14:00", "석간")
    assert doc["title"] == "미래혁신을 이끌 초격차 기술 확보전략, ‘인공지능·첨단바이오 전략로드맵’ 수립"
    assert len(doc["subtitles"]) == 3
    assert doc["subtitles"][0] == "국가과학기술자문회의 산하 제4회 국가전략기술 특별위원회 개최"
    assert [(c["role"], c["title"], c["name"], c["phone"]) for c in doc["contacts"]] == [
        ("책임자", "과장", "박상민", "044-202-6750"), ("담당자", "사무관", "노명종", "044-202-6752")]
    assert doc["department"] == "성장동력기획과"
    assert doc["id"] == doc["sha256"][:12] and doc["source"] == SAMPLE.name
    assert doc["warnings"] == []


def test_sample_focus_technologies(sample_json):
    focus = [(f["field"], f["number"], f["name"]) for f in sample_json["focus_technologies"]]
    assert focus == [
        ("인공지능", 1, "효율적 학습·인프라"), ("인공지능", 2, "모델링·의사결정"), ("인공지능", 3, "산업활용·혁신"),
        ("인공지능", 4, "안전·신뢰AI"),
        ("첨단바이오", 1, "합성생물학"), ("첨단바이오", 2, "유전자·세포치료"), ("첨단바이오", 3, "감염병 백신·치료"),
        ("첨단바이오", 4, "디지털헬스 데이터 분석·활용")]
    assert all(f["missions"] and f["rationale"] for f in sample_json["focus_technologies"])


def test_sample_ecosystem_measures(sample_json):
    assert [(e["field"], e["label"]) for e in sample_json["ecosystem"]] == [
        (field, label) for field in ("인공지능", "첨단바이오") for label in ("인재양성", "국제협력", "제도·인프라")]


def test_sample_targets(sample_json):
    got = [(t["field"], t["focus"], t["value"], t["unit"], t["op"], t["direction"], t["deadline"])
           for t in sample_json["targets"]]
    assert got == [
        ("인공지능", "효율적 학습·인프라", 50, "%", ">=", "decrease", 2030),
        ("인공지능", "안전·신뢰AI", 90, "%", ">=", "increase", 2030),
        ("첨단바이오", "합성생물학", 10, "배", "=", "increase", 2030),
        ("첨단바이오", "합성생물학", 5, "배", "=", "increase", 2030),
        ("첨단바이오", "감염병 백신·치료", 100, "일", "<=", "decrease", 2030),
        ("첨단바이오", "디지털헬스 데이터 분석·활용", 1_000_000, "명", ">=", "increase", 2030)]


def test_sample_target_metrics(sample_json):
    metrics = [t["metric"] for t in sample_json["targets"]]
    assert metrics[:4] + metrics[5:] == ["AI학습 소요 자원(전력·데이터)", "탐지율", "항체 생산효율", "R&D 효율",
                                         "한국인 바이오 빅데이터"]
    assert "백신" in metrics[4]              # '100일 내 백신 확보': the time bound measures what follows it


def test_sample_json_follows_the_cli_contract(sample_json):
    doc = sample_json["document"]
    for key in ("id", "source", "sha256", "pages", "producer", "language", "warnings", "ministry", "kind", "title",
                "subtitles", "release_at", "distributed_at", "edition", "department", "contacts"):
        assert key in doc, key
    for block in sample_json["blocks"]:
        assert {"kind", "text", "marker", "level", "page", "bbox"} <= set(block)
        assert not block["text"].startswith(("[인공지능]", "[첨단바이오]", "핵심이슈")), block
    for figure in sample_json["figures"]:
        assert {"text", "value", "unit", "op", "kind", "sentence", "page", "bbox"} <= set(figure)
        assert figure["op"] in ("=", ">=", ">", "<=", "<", "up_to", "about")
    for target in sample_json["targets"]:
        assert {"field", "focus", "metric", "value", "unit", "op", "direction", "deadline", "text", "page"} <= set(target)
        assert target["direction"] in ("increase", "decrease") and isinstance(target["deadline"], int)
    for table in sample_json["tables"]:
        for row in table["rows"]:
            assert all(isinstance(c, (str, list)) for c in row)


def test_sample_tags_and_labels_are_markers(sample_json):
    markers = {b["marker"] for b in sample_json["blocks"]}
    assert {"[인공지능]", "[첨단바이오]", "○ 핵심이슈"} <= markers


# --- store round trip through the command line --------------------------------------------------------

def test_first_ingest_stores_the_sample(store_round_trip):
    assert store_round_trip.first.returncode == 0
    assert "1 ingested, 0 unchanged (skipped), 0 failed" in store_round_trip.first.stderr
    assert store_round_trip.first.stdout == ""


def test_ingesting_the_same_file_again_is_reported_unchanged_and_still_writes_its_json(store_round_trip):
    second = store_round_trip.second
    assert second.returncode == 0, second.stderr
    assert "0 ingested, 1 unchanged (skipped), 0 failed" in second.stderr
    written = store_round_trip.second_out / f"{SAMPLE.stem}.json"
    assert written.exists()
    assert len(store_round_trip.documents_after_second) == 1
    again = json.loads(written.read_text(encoding="utf-8"))
    assert again == store_round_trip.first_json            # read back from the store, nothing lost


def test_a_revision_is_a_second_document_of_the_same_series(store_round_trip):
    assert store_round_trip.revision.returncode == 0, store_round_trip.revision.stderr
    docs = store_round_trip.documents_after_revision
    assert sorted(d.source for d in docs) == sorted([SAMPLE.name, REVISION.name])
    assert len({d.sha256 for d in docs}) == 2
    assert len({d.series for d in docs}) == 1


def test_csv_export_has_one_row_per_target(store_round_trip):
    from pipeline.store.database import TARGET_COLUMNS
    export = store_round_trip.csv_export
    assert export.returncode == 0, export.stderr
    rows = store_round_trip.csv_rows
    assert tuple(rows[0].keys()) == TARGET_COLUMNS
    first, rev = store_round_trip.first_json, store_round_trip.revision_json
    assert len(rows) == len(first["targets"]) + len(rev["targets"])
    per_doc = {d: sum(r["document_id"] == d for r in rows) for d in {r["document_id"] for r in rows}}
    assert per_doc == {first["document"]["id"]: len(first["targets"]), rev["document"]["id"]: len(rev["targets"])}


# --- the shared scorers -------------------------------------------------------------------------------

def score(script: Path, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(script), *map(str, args)], capture_output=True, text=True, timeout=120)


def assert_scores(proc: subprocess.CompletedProcess) -> None:
    assert proc.returncode == 0, f"exit {proc.returncode}\n{proc.stdout[-3000:]}\n{proc.stderr[-2000:]}"


@pytest.fixture(scope="session")
def sample_json_file(sample_json, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("sample") / f"{SAMPLE.stem}.json"
    path.write_text(json.dumps(sample_json, ensure_ascii=False), encoding="utf-8")
    return path


SPEC = "corpus/msit-2023-10-31-ai-bio-roadmap.json"
SAMPLE_GOLD = "eval/gold/msit-2023-10-31-ai-bio-roadmap.gold.json"


@pytest.mark.shared
def test_sample_structure_scores(shared_dir, sample_json_file):
    assert_scores(score(shared_dir / "eval" / "structure_score.py", shared_dir / SPEC, sample_json_file,
                        "--min-recall", 0.99, "--min-spacing", 0.97, "--min-exact", 0.90))


@pytest.mark.shared
def test_sample_record_scores(shared_dir, sample_json_file):
    assert_scores(score(shared_dir / "eval" / "score.py", shared_dir / SAMPLE_GOLD, sample_json_file,
                        "--min-figure-recall", 0.95, "--min-figure-precision", 0.90, "--min-target-recall", 1,
                        "--min-focus", 1, "--min-metadata", 1))


def shared_json(shared_ingested, stem: str) -> Path:
    directory, proc = shared_ingested
    path = directory / f"{stem}.json"
    assert path.exists(), f"{stem} was not ingested:\n{proc.stderr[-2000:]}"
    return path


@pytest.mark.shared
def test_relayout_structure_scores(shared_dir, shared_ingested):
    records = shared_json(shared_ingested, "msit-2023-10-31-ai-bio-roadmap.relayout")
    assert_scores(score(shared_dir / "eval" / "structure_score.py", shared_dir / SPEC, records,
                        "--min-recall", 0.98, "--min-spacing", 0.96, "--min-exact", 0.85))


@pytest.mark.shared
def test_relayout_record_scores(shared_dir, shared_ingested):
    records = shared_json(shared_ingested, "msit-2023-10-31-ai-bio-roadmap.relayout")
    assert_scores(score(shared_dir / "eval" / "score.py", shared_dir / SAMPLE_GOLD, records,
                        "--min-figure-recall", 0.90, "--min-target-recall", 1, "--min-metadata", 1))


@pytest.mark.shared
@pytest.mark.parametrize("stem, figure_recall, metadata", [
    ("msit-2024-0422-rnd-sandbox-energy", 0.9, 1),
    ("mohw-2025-1231-kdri-revision", 0.66, 0.8),
    ("kostat-2022-1110-metro-indicators-pilot", 0.66, 0.8),
])
def test_real_release_record_scores(shared_dir, shared_ingested, stem, figure_recall, metadata):
    records = shared_json(shared_ingested, stem)
    assert_scores(score(shared_dir / "eval" / "score.py", shared_dir / "eval" / "gold" / f"{stem}.gold.json", records,
                        "--min-figure-recall", figure_recall, "--min-metadata", metadata))


# --- the read stage alone -------------------------------------------------------------------------

def test_the_read_stage_needs_no_kiwi_and_the_rest_gives_the_same_document():
    """``document_from(read_file(path))`` is ``ingest_file(path)``, the read pickles (a cold
    process hands it to a warm one), and reading loads no Kiwi (run in a fresh process, since
    this one has Kiwi loaded)."""
    script = ("import pickle, sys\n"
              "from pipeline import ingest, korean\n"
              "read = ingest.read_file(sys.argv[1])\n"
              "assert not korean.kiwi.cache_info().currsize, 'the read stage loaded Kiwi'\n"
              "staged = ingest.document_from(pickle.loads(pickle.dumps(read)))\n"
              "assert staged.to_json() == ingest.ingest_file(sys.argv[1]).to_json()\n"
              "print(read.page_count, len(read.read.pages))\n")
    run = subprocess.run([sys.executable, "-c", script, str(SAMPLE)], cwd=Path(__file__).parents[1],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["10", "10"]
