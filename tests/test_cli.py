"""The command line: usage errors exit 2, bad input exits 1 with a one-line reason naming the file,
``--help`` works, and ``python -m pipeline`` is the ``roadmap`` entry point.

Most cases run the real program in a child process (``conftest.run_cli``); the many ways to misuse it
are also checked in-process through ``pipeline.cli.main``. None of them ingests a PDF.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

from conftest import SAMPLE


def assert_no_traceback(proc):
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout, proc.stderr


@pytest.mark.parametrize("args", [
    ["frobnicate"],                      # unknown verb
    ["ingest"],                          # missing file argument
])
def test_usage_errors_exit_2_with_usage_on_stderr(cli, tmp_path, args):
    proc = cli(*args, cwd=tmp_path)
    assert proc.returncode == 2
    assert "usage: roadmap" in proc.stderr and proc.stdout == ""
    assert_no_traceback(proc)


@pytest.mark.parametrize("args, says", [
    (["frobnicate"], "invalid choice: 'frobnicate'"),
    (["ingest"], "the following arguments are required: files"),
    ([], "usage: roadmap"),
    (["export", "--format", "xml"], "invalid choice: 'xml'"),
    (["ingest", "x.pdf", "--jobs", "many"], "argument --jobs"),
    (["ingest", "x.pdf", "--bogus"], "unrecognized arguments: --bogus"),
])
def test_every_usage_error_returns_2_and_says_why(capsys, args, says):
    """The same checks in-process (``main`` returns the status ``python -m pipeline`` exits with)."""
    from pipeline.cli import main
    assert main(args) == 2
    out, err = capsys.readouterr()
    assert says in err and out == ""


def test_a_missing_file_exits_1_with_one_line_naming_it(cli, tmp_path):
    proc = cli("ingest", tmp_path / "nope.pdf", "--db", tmp_path / "x.db", cwd=tmp_path)
    assert proc.returncode == 1
    assert_no_traceback(proc)
    reasons = [line for line in proc.stderr.splitlines() if "nope.pdf" in line]
    assert len(reasons) == 1, proc.stderr
    assert "no such file" in reasons[0]
    assert "0 ingested, 0 unchanged (skipped), 1 failed" in proc.stderr
    assert proc.stdout == ""


def test_a_missing_file_among_good_ones_does_not_stop_the_batch(cli, sample_ingest, tmp_path):
    """Uses a copy of the session's store, where the sample is already stored (so nothing is re-read)."""
    for suffix in ("", "-wal", "-shm"):
        src = Path(str(sample_ingest.db) + suffix)
        if src.exists():
            shutil.copy(src, tmp_path / ("x.db" + suffix))
    proc = cli("ingest", tmp_path / "nope.pdf", SAMPLE, "--db", tmp_path / "x.db", "--out", tmp_path / "out",
               cwd=tmp_path)
    assert proc.returncode == 1
    assert "0 ingested, 1 unchanged (skipped), 1 failed" in proc.stderr
    assert (tmp_path / "out" / f"{SAMPLE.stem}.json").exists()
    assert_no_traceback(proc)


def test_a_file_that_is_not_a_pdf_gets_a_one_line_reason(cli, tmp_path):
    fake = tmp_path / "release.pdf"
    fake.write_text("<html><body>404 Not Found</body></html>", encoding="utf-8")
    proc = cli("ingest", fake, "--db", tmp_path / "x.db", "--quiet", cwd=tmp_path)
    assert proc.returncode == 1
    (line,) = proc.stderr.splitlines()
    assert "release.pdf" in line
    assert_no_traceback(proc)


def test_export_of_a_missing_file_exits_1_naming_it(cli, tmp_path):
    proc = cli("export", tmp_path / "nope.pdf", "--db", tmp_path / "x.db", cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [proc.stderr.strip()] and "nope.pdf" in proc.stderr
    assert_no_traceback(proc)


def empty_store(path: Path) -> Path:
    from pipeline.store.database import Store
    Store(path).close()
    return path


def test_export_of_an_unknown_id_exits_1(cli, tmp_path):
    proc = cli("export", "0123456789ab", "--db", empty_store(tmp_path / "x.db"), cwd=tmp_path)
    assert proc.returncode == 1 and "0123456789ab" in proc.stderr
    assert_no_traceback(proc)


def test_export_of_an_empty_store(cli, tmp_path, capsys):
    proc = cli("export", "--db", empty_store(tmp_path / "x.db"), cwd=tmp_path)
    assert proc.returncode == 0 and proc.stdout.strip() == "[]"
    from pipeline.cli import main
    assert main(["export", "--db", str(tmp_path / "x.db"), "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[0].startswith("document_id,")


def test_help(cli, tmp_path):
    proc = cli("--help", cwd=tmp_path)
    assert proc.returncode == 0 and proc.stderr == ""
    assert proc.stdout.startswith("usage: roadmap")
    assert "ingest" in proc.stdout and "export" in proc.stdout


@pytest.mark.parametrize("verb, words", [
    ("ingest", ["--out", "--db", "--jobs", "--series"]),
    ("export", ["--format", "--what", "--out"]),
])
def test_help_of_each_verb(capsys, verb, words):
    from pipeline.cli import main
    assert main([verb, "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: roadmap {verb}") and all(w in out for w in words)


def test_the_roadmap_entry_point_is_the_module_main():
    (entry,) = [e for e in metadata.entry_points(group="console_scripts") if e.name == "roadmap"]
    assert entry.value == "pipeline.cli:main"
    import pipeline.cli
    assert entry.load() is pipeline.cli.main


def test_roadmap_and_python_m_pipeline_are_the_same_program(cli, tmp_path):
    script = Path(sys.executable).with_name("roadmap")
    if not script.exists():
        pytest.skip(f"{script} is not installed (make setup)")
    by_script = subprocess.run([str(script), "--help"], capture_output=True, text=True, cwd=tmp_path)
    by_module = cli("--help", cwd=tmp_path)
    assert by_script.returncode == by_module.returncode == 0
    assert by_script.stdout == by_module.stdout and by_script.stdout.startswith("usage: roadmap")
    misuse = subprocess.run([str(script), "frobnicate"], capture_output=True, text=True, cwd=tmp_path)
    assert misuse.returncode == 2 and "invalid choice: 'frobnicate'" in misuse.stderr


def test_main_returns_0_for_help_without_exiting(capsys):
    from pipeline.cli import main
    assert main(["--help"]) == 0
    assert capsys.readouterr().out.startswith("usage: roadmap")


# --- path mistakes: one line naming the path and the fix, exit 2, nothing created -----------------

NO_STORE = "error: no store at {db}; run 'roadmap ingest' first"
NOT_A_STORE = ("error: cannot open the store {db}: {why}; give the store file that 'roadmap ingest --db' "
               "writes (default output/roadmap.db)")


@pytest.mark.parametrize("args", [
    ["site", "--db", "typo.db"],
    ["export", "--db", "typo.db"],
    ["export", "--db", "typo.db", "--format", "csv"],
    ["table", "--db", "typo.db"],
    ["brief", "0123456789ab", "--db", "typo.db"],
    ["diff", "0123456789ab", "0123456789ac", "--db", "typo.db"],
    ["pair", "0123456789ab", "0123456789ac", "--db", "typo.db"],
])
def test_read_only_verbs_never_create_a_store(capsys, tmp_path, monkeypatch, args):
    from pipeline.cli import main
    monkeypatch.chdir(tmp_path)
    assert main(args) == 2
    out, err = capsys.readouterr()
    assert err == NO_STORE.format(db="typo.db") + "\n" and out == ""
    assert list(tmp_path.iterdir()) == []          # no store, no output directory


def test_the_default_store_is_not_created_either(capsys, tmp_path, monkeypatch):
    from pipeline.cli import main
    monkeypatch.chdir(tmp_path)
    assert main(["site"]) == 2
    assert capsys.readouterr().err == NO_STORE.format(db="output/roadmap.db") + "\n"
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def mistakes(tmp_path, monkeypatch) -> Path:
    """A working directory with a store, a CSV file and a directory to give by mistake."""
    monkeypatch.chdir(tmp_path)
    empty_store(tmp_path / "s.db")
    (tmp_path / "targets.csv").write_text("document_id,title\n", encoding="utf-8")
    (tmp_path / "adir").mkdir()
    return tmp_path


@pytest.mark.parametrize("args, says", [
    (["export", "--db", "adir"], NOT_A_STORE.format(db="adir", why="is a directory, not a store file")),
    (["brief", "X", "--db", "targets.csv"], NOT_A_STORE.format(db="targets.csv", why="not an SQLite database")),
    (["table", "--db", "targets.csv"], NOT_A_STORE.format(db="targets.csv", why="not an SQLite database")),
    (["ingest", "x.pdf", "--db", "adir"], NOT_A_STORE.format(db="adir", why="is a directory, not a store file")),
    (["ingest", "x.pdf", "--db", "targets.csv"],
     NOT_A_STORE.format(db="targets.csv", why="not an SQLite database")),
    (["site", "--db", "s.db", "--out", "targets.csv"],
     "error: --out targets.csv: is a file, not a directory; give a directory (it is created when missing)"),
    (["brief", "X", "--db", "s.db", "--out", "targets.csv"],
     "error: --out targets.csv: is a file, not a directory; give a directory (it is created when missing)"),
    (["ingest", "x.pdf", "--db", "s.db", "--out", "targets.csv/json"],
     "error: --out targets.csv/json: targets.csv is a file, not a directory; choose another path"),
    (["export", "--db", "s.db", "--out", "no/such/dir/x.csv"],
     "error: --out no/such/dir/x.csv: the directory no/such/dir does not exist; create it first or choose "
     "another path"),
    (["export", "--db", "s.db", "--format", "csv", "--out", "no/such/dir/x.csv"],
     "error: --out no/such/dir/x.csv: the directory no/such/dir does not exist; create it first or choose "
     "another path"),
    (["table", "--db", "s.db", "--out", "adir"],
     "error: --out adir: is a directory; give a file name, e.g. adir/out.txt"),
    (["diff", "0123456789ab", "0123456789ac", "--db", "s.db", "--out", "targets.csv/d.md"],
     "error: --out targets.csv/d.md: targets.csv is a file, not a directory; choose another path"),
])
def test_path_mistakes_are_one_line_naming_the_path_and_the_fix(capsys, mistakes, args, says):
    from pipeline.cli import main
    before = sorted(p.name for p in mistakes.iterdir())
    assert main(args) == 2
    out, err = capsys.readouterr()
    assert err == says + "\n" and out == ""
    assert sorted(p.name for p in mistakes.iterdir()) == before
    assert (mistakes / "targets.csv").read_text(encoding="utf-8") == "document_id,title\n"


def test_another_programs_sqlite_database_is_not_made_a_store(capsys, tmp_path):
    import sqlite3
    from pipeline.cli import main
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE notes (text TEXT)")
    for args in (["export", "--db", str(other)], ["ingest", str(tmp_path / "x.pdf"), "--db", str(other)]):
        assert main(args) == 2
        assert capsys.readouterr().err == NOT_A_STORE.format(
            db=other, why="an SQLite database of another program, not a roadmap store") + "\n"
    with sqlite3.connect(other) as conn:
        assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master")] == ["notes"]


def test_path_mistakes_in_a_child_process_have_no_traceback(cli, tmp_path):
    (tmp_path / "targets.csv").write_text("a,b\n", encoding="utf-8")
    for args in (["site", "--db", "typo.db"], ["brief", "X", "--db", "targets.csv"]):
        proc = cli(*args, cwd=tmp_path)
        assert proc.returncode == 2 and len(proc.stderr.splitlines()) == 1, proc.stderr
        assert_no_traceback(proc)
    assert not (tmp_path / "typo.db").exists()


# --- help, version, suggestions --------------------------------------------------------------------

@pytest.mark.parametrize("verb", ["ingest", "export", "diff", "brief", "pair", "table", "site"])
def test_every_verbs_help_ends_with_examples(capsys, verb):
    from pipeline.cli import main
    assert main([verb, "--help"]) == 0
    out = capsys.readouterr().out
    examples = out.split("\nexamples:\n", 1)[1].splitlines()
    assert 1 <= len(examples) <= 2 and all(e.startswith(f"  roadmap {verb} ") for e in examples)


def test_version(capsys):
    from pipeline import __version__
    from pipeline.cli import main
    from pipeline.read.version import PIPELINE_VERSION
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith(f"roadmap {__version__} (pipeline {PIPELINE_VERSION}, Python ")


@pytest.mark.parametrize("args, suggestion", [
    (["ingset", "x.pdf"], "did you mean 'ingest'?"),
    (["breif", "x"], "did you mean 'brief'?"),
    (["tables"], "did you mean 'table'?"),
    (["export", "--format", "jsn"], "did you mean 'json'?"),
])
def test_a_mistyped_verb_or_choice_suggests_the_closest(capsys, args, suggestion):
    from pipeline.cli import main
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.splitlines()[-1].endswith(suggestion)


def test_nothing_close_suggests_nothing(capsys):
    from pipeline.cli import main
    assert main(["frobnicate"]) == 2
    assert "did you mean" not in capsys.readouterr().err
