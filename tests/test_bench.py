"""Smoke test of bench/bench.py's functions on one small PDF (no timing assertions: speed is
measured by `make bench`, not by tests)."""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("roadmap_bench", ROOT / "bench" / "bench.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def small_pdf(tmp_path_factory) -> Path:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas
    pdfmetrics.registerFont(UnicodeCIDFont("HYSMyeongJo-Medium"))
    path = tmp_path_factory.mktemp("bench") / "small.pdf"
    c = canvas.Canvas(str(path))
    c.setFont("HYSMyeongJo-Medium", 20)
    c.drawString(72, 760, "인공지능 바이오 혁신 전략")
    c.setFont("HYSMyeongJo-Medium", 11)
    c.drawString(72, 720, "□ 2030년까지 바이오 신약 후보물질을 10개 이상 발굴한다.")
    c.drawString(72, 700, "○ 연구개발 투자를 1조 2천억원으로 늘린다.")
    c.showPage()
    c.save()
    return path


def test_corpus_files_are_pdfs(bench):
    files = bench.corpus_files()
    assert all(f.suffix == ".pdf" for f in files)
    assert any(f.parent.name == "corpus" for f in files)


def test_child_env_unsets_openblas_overrides(bench, monkeypatch):
    monkeypatch.setenv("OPENBLAS_CORETYPE", "Haswell")
    monkeypatch.setenv("OPENBLAS_L2_SIZE", "1048576")
    env = bench.child_env()
    assert "OPENBLAS_CORETYPE" not in env and "OPENBLAS_L2_SIZE" not in env
    assert str(ROOT) in env["PYTHONPATH"]


def test_measure_summarize_and_write(bench, small_pdf, tmp_path):
    bench.warm_up()
    row = bench.measure_file(small_pdf, min_time=0, max_repeats=1)
    assert row["status"] == "ok", row["error"]
    assert row["pages"] == 1 and row["repeats"] == 1
    for key in ("baseline_s", "ingest_s", "ratio", "cpu_ratio", "peak_rss_mb", "baseline_ms_per_page",
                "ingest_never_s", "ratio_never", "cpu_ratio_never"):
        assert row[key] is not None and row[key] > 0
    assert row["ocr_pages"] == 0 and row["ocr_s"] == []
    failed = {"file": "broken.pdf", "status": "failed", "error": "CorruptPdfError: x"}
    summary = bench.summarize([row, failed])
    assert summary["ok"] == 1 and summary["failed"] == ["broken.pdf"] and summary["pages"] == 1
    assert summary["median_ratio"] == row["ratio"]
    runs = [{"jobs": 1, "wall_s": w, "cpu_s": 2.0, "peak_rss_mb": 400.0, "exit": 0} for w in (2.5, 2.0, 3.0)]
    batch = {"files": 1, "pages": 1, "repeats": 3, "runs": [bench._median_run(runs, pages=1)],
             "cached": {"wall_s": 0.1}, "cache_speedup": 20.0, "cache_speedup_vs_jobs1": 20.0}
    assert batch["runs"][0]["wall_s"] == 2.5 and batch["runs"][0]["pages_per_s"] == 1 / 2.5
    table = bench.format_table([row, failed], summary, batch)
    assert "small.pdf" in table and "broken.pdf" in table and "--jobs 1" in table
    assert "[2.50 2.00 3.00]" in table
    assert "OCR never" in table and summary["total_ratio_never"] == row["ratio_never"]
    path = bench.write_results({"files": [row], "summary": summary}, tmp_path)
    assert json.loads(path.read_text(encoding="utf-8"))["summary"]["ok"] == 1


def test_run_measured_reports_a_child(bench):
    run = bench.run_measured([sys.executable, "-c", "import sys; sys.stderr.write('hello'); sys.exit(3)"])
    assert run["exit"] == 3 and run["wall_s"] > 0 and run["peak_rss_mb"] > 0
    assert run["stderr_tail"] == ["hello"]


@pytest.mark.slow
def test_ocr_seconds_per_page_are_reported(bench, tmp_path):
    from test_ocr import image_only_pdf, needs_tesseract
    if needs_tesseract.args[0]:
        pytest.skip(needs_tesseract.kwargs["reason"])
    bench.warm_up()
    row = bench.measure_file(image_only_pdf(tmp_path / "scan.pdf"), min_time=0, max_repeats=1)
    assert row["status"] == "ok" and row["ocr_pages"] == 1
    assert 0 < row["ocr_s"][0] < 60 and row["ocr_cpu_s"][0] > 0
    assert row["ingest_cpu_s"] > row["ocr_cpu_s"][0]           # Tesseract's CPU counts in the ingest's
    summary = bench.summarize([row])
    assert summary["ocr_pages"] == 1 and summary["ocr_s_per_page"] == row["ocr_s"][0]
