"""Hostile input, as an attacker or a careless user would give it: every input kind costs time and
memory linear in its length, no file name becomes a live link, no polyglot is published under a
name that makes it run, and Markdown and CSV output carry no live markup or formulas.

Every input is generated here, at a small scale; the bounds asserted are structural (sentence
length, figures per sentence, bytes stored per byte read) plus one generous memory bound measured
in a child process, so that nothing depends on the speed of the machine.
"""
from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from pipeline import errors
from pipeline.analysis import pieces
from pipeline.ingest import ingest_file
from pipeline.limits import MAX_FIGURES_PER_SENTENCE, MAX_SENTENCE_CHARS
from pipeline.records import json_text

ROOT = Path(__file__).resolve().parents[1]

#: The probe of issue 19: one line, a figure every 19 characters, no sentence break.
LINE = "인공지능 데이터 50% 이상 절감 "


def run_cli(*args, timeout: float = 600) -> subprocess.CompletedProcess:
    """``python -m pipeline ARGS`` in a child process, output captured as text."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8", PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "pipeline", *map(str, args)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)


# --- limits: linear cost for every input kind -----------------------------------------------------

def test_pieces_cover_the_text_and_none_is_longer_than_the_limit():
    text = ("가나다라 " * 30 + "마바사. ") * 20 + "x" * 250 + " 끝"
    cut = pieces(text, limit=100)
    assert "".join(p for _, p in cut) == text
    assert all(text[o:o + len(p)] == p for o, p in cut)
    assert all(len(p) <= 100 for _, p in cut)
    assert all(len(p) >= 50 for _, p in cut[:-1])          # never a tiny piece before the last


def test_pieces_cut_after_a_sentence_end_before_a_clause_or_a_space():
    text = "가" * 60 + ". " + "나" * 10 + ", " + "다" * 10 + " " + "라" * 40
    (_, first), *_ = pieces(text, limit=100)
    assert first == "가" * 60 + ". "
    text = "가" * 60 + " " + "나" * 10 + ", " + "다" * 40
    assert pieces(text, limit=100)[0][1] == "가" * 60 + " " + "나" * 10 + ", "


def test_a_short_text_is_one_piece():
    assert pieces("짧은 문장이다. 또 하나.", limit=100) == [(0, "짧은 문장이다. 또 하나.")]


@pytest.fixture(scope="module")
def long_line(tmp_path_factory):
    """The probe at 1/80 of its size: 1,500 figures on one line of some 30,000 characters, each
    figure a different number (so that no two sentences are the same text)."""
    path = tmp_path_factory.mktemp("line") / "line.txt"
    path.write_text("".join(LINE.replace("50", str(i)) for i in range(1500)), encoding="utf-8")
    return path, ingest_file(path)


def test_no_sentence_of_a_long_line_is_longer_than_the_limit(long_line):
    _, doc = long_line
    assert doc.figures
    assert max(len(f.sentence) for f in doc.figures) <= MAX_SENTENCE_CHARS
    assert all(len(t.text) <= MAX_SENTENCE_CHARS for t in doc.targets)


def test_no_sentence_keeps_more_figures_than_the_cap_and_a_warning_says_so(long_line):
    _, doc = long_line
    per_sentence = Counter((f.sentence, f.block) for f in doc.figures)
    assert max(per_sentence.values()) <= MAX_FIGURES_PER_SENTENCE
    dropped = [w for w in doc.info.warnings if w.code == "figures_dropped"]
    assert len(dropped) == 1 and f"past {MAX_FIGURES_PER_SENTENCE}" in dropped[0].message
    assert len(doc.figures) + int(dropped[0].message.split()[0]) == 1500


def test_a_long_line_stores_a_bounded_number_of_bytes_per_byte_read(long_line):
    path, doc = long_line
    stored = len(json_text(doc.to_json()).encode("utf-8"))
    # each character read is kept in at most MAX_FIGURES_PER_SENTENCE figure sentences, plus the
    # block's own text and the figures' other fields; before the limits it was ~ figures x length
    assert stored <= (MAX_FIGURES_PER_SENTENCE + 10) * path.stat().st_size


def test_a_text_file_over_the_limit_fails_with_its_reason(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_text(LINE * 600, encoding="utf-8")            # 24 KB over a 0.01 MB limit
    with pytest.raises(errors.TextTooLargeError) as caught:
        ingest_file(path, max_text_mb=0.01)
    message = str(caught.value)
    assert "\n" not in message and message.startswith("huge.txt: text file is")
    assert "0.01 MB" in message and "split it" in message


def test_a_batch_goes_on_past_a_text_file_over_the_limit(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("w", encoding="utf-8") as f:                # just over the default 2 MB
        f.write("보도자료 제목\n\n" + LINE * (2 * 2**20 // len(LINE.encode()) + 10))
    small = tmp_path / "small.txt"
    small.write_text("과학기술정보통신부 보도자료\n\n인공지능 예산을 2030년까지 50% 늘린다.\n", encoding="utf-8")
    proc = run_cli("ingest", big, small, "--db", tmp_path / "x.db", "--out", tmp_path / "json",
                   "--jobs", "1")
    assert proc.returncode == 1, proc.stderr
    assert "big.txt: text file is 2.0 MB, more than the 2 MB" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert (tmp_path / "json" / "small.json").exists()


def test_memory_of_ingesting_a_long_line_stays_bounded(tmp_path):
    """The probe at 123 KB took 2.8 GB before the limits (and 1 MB was killed at 24 GB); the
    bound here is generous: Kiwi and spaCy loaded, and a figure every 19 characters."""
    path = tmp_path / "line.txt"
    path.write_text(LINE * 3000, encoding="utf-8")
    code = ("import resource, sys; from pipeline.ingest import ingest_file; "
            "from pipeline.records import json_text; "
            "json_text(ingest_file(sys.argv[1]).to_json()); "
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
    proc = subprocess.run([sys.executable, "-c", code, str(path)], cwd=ROOT, capture_output=True,
                          text=True, timeout=600, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert proc.returncode == 0, proc.stderr[-2000:]
    peak_mb = int(proc.stdout.split()[-1]) / 1024              # ru_maxrss is in KB on Linux
    assert peak_mb < 1024, f"peak {peak_mb:.0f} MB"

