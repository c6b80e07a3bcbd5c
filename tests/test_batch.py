"""Batches go on past failures, skip what is stored, say what happened, and stop cleanly.

Most tests replace the reading of a file (``batch._work``, and ``batch._POOL_WORK`` that pools
run) with a fast stand-in, so that what is
tested is the batch itself: the order, the pool, fail-fast, crashes, interrupts, the store. A few
run the real pipeline on small text releases, and the command line runs in a child process (on a
pseudo-terminal for the progress bar).
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import badinput as bad
from pipeline.batch import runner as batch
from pipeline.batch.progress import ProgressBar
from pipeline.batch.runner import Options, _run, ingest_paths
from pipeline.ingest import PIPELINE_VERSION
from pipeline.records import Document, DocumentInfo, json_text
from pipeline.store.database import Store

ROOT = Path(__file__).resolve().parents[1]


# --- a fast stand-in for reading a file ---------------------------------------------------------------

def fake_work(path: str, options: Options) -> tuple:
    """Reads nothing: a file's name says what happens. ``bad-*`` fails, ``late-*`` takes 1.5 s,
    ``slow-*`` takes 30 s,
    ``crash-*`` kills the worker process, ``stop-*`` is a Ctrl-C; anything else is a document."""
    name = Path(path).name
    if name.startswith("late-"):
        time.sleep(1.5)
    if name.startswith("bad-"):
        return "error", f"{name}: not a PDF: the content is plain text", "NotAPdfError"
    if name.startswith("slow-"):
        time.sleep(30)
    if name.startswith("crash-"):
        os._exit(9)
    if name.startswith("stop-"):
        raise KeyboardInterrupt
    sha = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    info = DocumentInfo(id=sha[:12], source=name, sha256=sha, pages=1, title=f"title of {name}",
                        pipeline_version=PIPELINE_VERSION)
    return "ok", json_text(Document(info=info).to_json())


@pytest.fixture
def fake(monkeypatch):
    """Batches read files with :func:`fake_work`, also in worker processes: the function is sent
    to them by reference, and they import this module to find it."""
    monkeypatch.setattr(batch, "_work", fake_work)
    monkeypatch.setattr(batch, "_POOL_WORK", fake_work)


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "store.db") as s:
        yield s


def files(folder: Path, *names: str) -> list[Path]:
    """Files with distinct contents, named as given."""
    folder.mkdir(exist_ok=True)
    return [bad.write(folder / name, f"content of {name}\n".encode()) for name in names]


def statuses(result) -> list[tuple[str, str]]:
    return [(Path(o.path).name, o.status) for o in result.outcomes]


# --- going on, skipping, reporting ------------------------------------------------------------------

def test_a_batch_goes_on_past_failures_and_reports_in_input_order(fake, store, tmp_path):
    paths = files(tmp_path / "in", "bad-1.pdf", "a.txt", "bad-2.pdf", "b.txt")
    result = ingest_paths(paths + [tmp_path / "gone.pdf"], store, jobs=2)
    assert statuses(result) == [("gone.pdf", "failed"), ("bad-1.pdf", "failed"), ("a.txt", "ingested"),
                                ("bad-2.pdf", "failed"), ("b.txt", "ingested")]
    assert [o.reason for o in result.failures] == [
        "gone.pdf: no such file; check the path", "bad-1.pdf: not a PDF: the content is plain text",
        "bad-2.pdf: not a PDF: the content is plain text"]
    assert [o.error for o in result.failures] == ["MissingFileError", "NotAPdfError", "NotAPdfError"]
    assert result.summary() == "2 ingested, 0 unchanged (skipped), 3 failed"
    assert len(store.documents()) == 2


def test_stored_files_are_skipped_and_their_json_written_again(fake, store, tmp_path):
    paths = files(tmp_path / "in", "a.txt", "b.txt")
    ingest_paths(paths, store, out_dir=tmp_path / "json")
    (tmp_path / "json" / "a.json").unlink()
    result = ingest_paths(paths, store, out_dir=tmp_path / "json")
    assert statuses(result) == [("a.txt", "unchanged"), ("b.txt", "unchanged")]
    assert result.summary() == "0 ingested, 2 unchanged (skipped), 0 failed"
    assert json.loads((tmp_path / "json" / "a.json").read_text())["document"]["source"] == "a.txt"


def test_the_same_content_twice_is_read_once(fake, store, tmp_path):
    [a] = files(tmp_path / "in", "a.txt")
    copy = bad.write(tmp_path / "copy-of-a.txt", a.read_bytes())
    result = ingest_paths([a, copy, a], store, jobs=2)
    assert statuses(result) == [("a.txt", "ingested"), ("copy-of-a.txt", "unchanged")]


def test_json_files_are_replaced_whole(fake, store, tmp_path):
    paths = files(tmp_path / "in", "a.txt")
    out = tmp_path / "json"
    out.mkdir()
    (out / "a.json").write_text("half a file {")
    ingest_paths(paths, store, out_dir=out)
    assert json.loads((out / "a.json").read_text())["document"]["source"] == "a.txt"
    assert [p.name for p in out.iterdir()] == ["a.json"]      # no temporary file left behind


def test_two_files_with_one_json_name_get_a_note(fake, store, tmp_path):
    paths = files(tmp_path / "x", "release.txt") + files(tmp_path / "y", "release.md")
    result = ingest_paths(paths, store, out_dir=tmp_path / "json")
    assert result.warnings == ["release.json: written for each of release.txt, release.md; the last one wins"]


def test_recursive_reads_the_tree_and_notes_an_empty_folder(fake, store, tmp_path):
    files(tmp_path / "tree", "a.pdf", ".hidden.pdf", "notes.doc")
    files(tmp_path / "tree" / "sub", "b.hwp", "c.txt")
    (tmp_path / "empty").mkdir()
    result = ingest_paths([tmp_path / "tree", tmp_path / "empty"], store, recursive=True)
    assert [Path(o.path).name for o in result.outcomes] == ["a.pdf", "b.hwp", "c.txt"]
    assert result.warnings == ["empty: no PDF, text or HWP files in it"]


def test_a_store_error_fails_only_that_file(fake, store, tmp_path, monkeypatch):
    real_save = Store.save

    def save(self, doc, text=None):
        if doc.info.source == "b.txt":
            raise sqlite3.OperationalError("disk I/O error")
        return real_save(self, doc, text)
    monkeypatch.setattr(Store, "save", save)
    result = ingest_paths(files(tmp_path / "in", "a.txt", "b.txt", "c.txt"), store)
    assert statuses(result) == [("a.txt", "ingested"), ("b.txt", "failed"), ("c.txt", "ingested")]
    assert result.failures[0].reason == "b.txt: could not store it in store.db: disk I/O error"


# --- stopping ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("jobs", [1, 2])
def test_fail_fast_stops_at_the_first_failure(fake, store, tmp_path, jobs):
    paths = files(tmp_path / "in", "bad-1.pdf", "slow-a.txt", "b.txt", "c.txt")
    started = time.monotonic()
    result = ingest_paths(paths, store, jobs=jobs, options=Options(fail_fast=True))
    assert time.monotonic() - started < 20      # a running read is stopped, not waited for
    assert statuses(result) == [("bad-1.pdf", "failed")]
    assert result.not_attempted == 3
    assert result.summary() == "0 ingested, 0 unchanged (skipped), 1 failed, 3 not attempted (--fail-fast)"


def test_fail_fast_stops_at_a_missing_file_before_reading_anything(fake, store, tmp_path):
    paths = [tmp_path / "gone.pdf"] + files(tmp_path / "in", "a.txt")
    result = ingest_paths(paths, store, options=Options(fail_fast=True))
    assert statuses(result) == [("gone.pdf", "failed")] and result.not_attempted == 1


def test_an_interrupt_keeps_what_was_stored(fake, store, tmp_path):
    paths = files(tmp_path / "in", "a.txt", "stop-b.txt", "c.txt")
    result = ingest_paths(paths, store)
    assert result.interrupted and statuses(result) == [("a.txt", "ingested")]
    assert result.summary() == "1 ingested, 0 unchanged (skipped), 0 failed, 2 not attempted (interrupted)"
    assert [d.source for d in store.documents()] == ["a.txt"]


def _callers_handler(signum, frame):
    raise KeyboardInterrupt


# What SIGINT was when the batch started: Python's own handler; a handler of the program calling the
# library; ignored (a shell script's background job, some CI runners start Python so).
FOUND_SIGINT = {"python": signal.default_int_handler, "caller": _callers_handler, "ignored": signal.SIG_IGN}


@pytest.fixture(params=list(FOUND_SIGINT))
def found_sigint(request):
    """SIGINT set to one of :data:`FOUND_SIGINT` for the test, and put back after it."""
    previous = signal.signal(signal.SIGINT, FOUND_SIGINT[request.param])
    yield FOUND_SIGINT[request.param]
    signal.signal(signal.SIGINT, previous)


@pytest.mark.skipif(not hasattr(signal, "SIGINT") or sys.platform == "win32", reason="needs SIGINT")
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_ctrl_c_while_storing_waits_until_the_document_is_stored_and_counted(fake, store, tmp_path, monkeypatch,
                                                                               jobs, found_sigint):
    save = Store.save

    def save_then_ctrl_c(self, doc, text=None):
        changed = save(self, doc, text)
        if doc.info.source == "b.txt":
            os.kill(os.getpid(), signal.SIGINT)     # lands after the commit, before the count
            time.sleep(0.1)                          # (a handler runs at the next bytecode)
        return changed
    monkeypatch.setattr(Store, "save", save_then_ctrl_c)
    result = ingest_paths(files(tmp_path / "in", "a.txt", "b.txt", "c.txt"), store, jobs=jobs)
    assert signal.getsignal(signal.SIGINT) is found_sigint     # put back, whatever it was
    if found_sigint is signal.SIG_IGN:                         # Ctrl-C was not meant to reach the batch
        assert not result.interrupted and result.summary() == "3 ingested, 0 unchanged (skipped), 0 failed"
        return
    assert result.interrupted
    assert statuses(result) == [("a.txt", "ingested"), ("b.txt", "ingested")]
    assert result.summary() == "2 ingested, 0 unchanged (skipped), 0 failed, 1 not attempted (interrupted)"
    assert sorted(d.source for d in store.documents()) == ["a.txt", "b.txt"]


def test_a_worker_that_dies_fails_only_the_file_it_was_reading(fake, store, tmp_path):
    paths = files(tmp_path / "in", "a.txt", "crash-b.pdf", "c.txt", "d.txt", "e.txt")
    result = ingest_paths(paths, store, jobs=2)
    assert statuses(result) == [("a.txt", "ingested"), ("crash-b.pdf", "failed"), ("c.txt", "ingested"),
                                ("d.txt", "ingested"), ("e.txt", "ingested")]
    assert "worker process reading it died" in result.failures[0].reason
    assert result.failures[0].reason.startswith("crash-b.pdf: ")


def test_documents_are_stored_in_the_same_order_whatever_the_jobs(fake, tmp_path):
    """Two revisions with similar titles form one series, named by the one stored first: with
    --jobs 2 the quick file finishes first, and must still not be stored first."""
    paths = files(tmp_path / "in", "late-roadmap.txt", "roadmap.txt")
    series = {}
    for jobs in (1, 2):
        with Store(tmp_path / f"jobs{jobs}.db") as store:
            ingest_paths(paths, store, jobs=jobs)
            series[jobs] = [(d.source, d.series) for d in sorted(store.documents(), key=lambda d: d.source)]
    assert series[1] == series[2]
    assert {s for _, s in series[2]} == {"titleoflate-roadmaptxt"}


@pytest.mark.parametrize("jobs", [1, 2])
def test_run_yields_every_path_once_with_its_payload(fake, tmp_path, jobs):
    """The contract of ``_run(paths, jobs, options)`` that other executors must keep."""
    paths = files(tmp_path / "in", "a.txt", "bad-b.pdf", "c.txt", "d.txt")
    got = dict(_run(paths, jobs, Options()))
    assert set(got) == set(paths)
    assert got[paths[1]][0] == "error" and got[paths[0]][0] == "ok"


# --- the real pipeline ---------------------------------------------------------------------------------

def test_real_bad_files_fail_and_good_ones_are_stored_whole(store, tmp_path):
    good = bad.write(tmp_path / "release.txt", "\n".join(bad.KOREAN_LINES).encode())
    html = bad.write(tmp_path / "download.pdf", b"<html><body>Session expired</body></html>")
    empty = bad.write(tmp_path / "empty.pdf", b"")
    result = ingest_paths([html, good, empty], store, out_dir=tmp_path / "json")
    assert statuses(result) == [("download.pdf", "failed"), ("release.txt", "ingested"), ("empty.pdf", "failed")]
    assert [o.error for o in result.failures] == ["NotAPdfError", "EmptyFileError"]
    [doc] = store.load_all()
    stored = json.loads((tmp_path / "json" / "release.json").read_text(encoding="utf-8"))
    assert len(doc.blocks) == len(stored["blocks"]) > 0


# --- progress and the command line -----------------------------------------------------------------

def test_progress_bar_redraws_one_line_and_ends_it(tmp_path):
    class Terminal:
        text = ""

        def write(self, s):
            self.text += s

        def flush(self):
            pass
    term = Terminal()
    bar = ProgressBar(term, width=10, columns=60)
    bar(1, 2, "과학기술정보통신부-보도자료-" * 10 + ".pdf")
    bar(2, 2, "b.pdf")
    bar.close()
    bar.close()
    drawn = [line.rstrip() for line in term.text.split("\r")[1:]]
    assert drawn[0].startswith("[..........] 0/2")
    assert any(line.startswith("[#####.....] 1/2 00:00<") and "과학" in line for line in drawn)
    assert drawn[-1].startswith("[##########] 2/2 00:00<") and drawn[-1].endswith("b.pdf")
    assert term.text.endswith("\n") and term.text.count("\n") == 1
    # wide characters take two cells: the Korean name is cut to the 60 columns given
    assert all(sum(2 if "가" <= ch <= "힣" else 1 for ch in line) <= 60 for line in drawn)


def run_cli(*args, stderr_tty: bool = False) -> tuple[int, str]:
    """``python -m pipeline ARGS``: exit status and standard error (a pseudo-terminal if asked)."""
    command = [sys.executable, "-m", "pipeline", *map(str, args)]
    env = dict(os.environ, PYTHONIOENCODING="utf-8", COLUMNS="100")
    if not stderr_tty:
        proc = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        return proc.returncode, proc.stderr
    import pty
    master, slave = pty.openpty()
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:                     # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    return proc.wait(timeout=300), b"".join(chunks).decode("utf-8", "replace")


@pytest.fixture(scope="module")
def three_bad(tmp_path_factory) -> list[Path]:
    """Three files that fail without loading any model: quick command-line runs."""
    folder = tmp_path_factory.mktemp("three")
    return [bad.write(folder / f"download-{n}.pdf", b"<html><body>%d</body></html>" % n) for n in (1, 2, 3)]


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_cli_shows_a_progress_bar_on_a_terminal(three_bad, tmp_path):
    status, err = run_cli("ingest", *three_bad, "--db", tmp_path / "s.db", "--jobs", "1", stderr_tty=True)
    assert status == 1
    assert re.search(r"\r\[#{10}\.{20}\] 1/3 \d\d:\d\d<\S+ download-1\.pdf", err)
    assert re.search(r"\r\[#{30}\] 3/3 \d\d:\d\d<\S+ download-3\.pdf", err)
    lines = err.replace("\r\n", "\n").split("\n")
    assert "failed: download-1.pdf: not a PDF: the content is an HTML page" in lines[1]
    assert lines[-2] == "0 ingested, 0 unchanged (skipped), 3 failed"


def test_cli_no_progress_bar_when_not_a_terminal(three_bad, tmp_path):
    status, err = run_cli("ingest", *three_bad, "--db", tmp_path / "s.db")
    assert status == 1 and "\r" not in err and "[#" not in err
    assert err.splitlines() == [f"failed: download-{n}.pdf: not a PDF: the content is an HTML page; probably "
                                "a saved web page or a download error page; download the PDF itself"
                                for n in (1, 2, 3)] + ["0 ingested, 0 unchanged (skipped), 3 failed"]


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_cli_quiet_prints_only_failures(three_bad, tmp_path):
    status, err = run_cli("ingest", *three_bad[:1], "--db", tmp_path / "s.db", "--quiet", stderr_tty=True)
    assert status == 1
    assert err.strip() == ("failed: download-1.pdf: not a PDF: the content is an HTML page; probably a saved "
                           "web page or a download error page; download the PDF itself")


def test_cli_fail_fast(three_bad, tmp_path):
    status, err = run_cli("ingest", *three_bad, "--db", tmp_path / "s.db", "--fail-fast")
    assert status == 1
    assert err.splitlines()[-1] == "0 ingested, 0 unchanged (skipped), 1 failed, 2 not attempted (--fail-fast)"


def test_cli_exit_status_is_0_when_everything_is_stored(tmp_path):
    text = bad.write(tmp_path / "release.txt", "\n".join(bad.KOREAN_LINES).encode())
    first = run_cli("ingest", text, "--db", tmp_path / "s.db", "--out", tmp_path / "json")
    second = run_cli("ingest", text, "--db", tmp_path / "s.db", "--out", tmp_path / "json")
    assert first == (0, "1 ingested, 0 unchanged (skipped), 0 failed\n")
    assert second == (0, "0 ingested, 1 unchanged (skipped), 0 failed\n")


# --- Ctrl-C at any moment --------------------------------------------------------------------------
#
# The batch reports the phases it enters (ROADMAP_PHASES, see pipeline.batch.interrupts), and the test sends
# Ctrl-C the moment one starts: no sleep that a slower machine (a fresh clone compiles every module it
# imports) would outrun. Short phases are paused (ROADMAP_PAUSE_AT) so that the signal lands inside.
# Bytecode writing is off, as on a fresh clone.

# (jobs, phase to interrupt at, pause there, the files: "storm" PDFs take minutes, "text" seconds)
CTRL_C_CASES = [
    ("1", "imports", False, "storm"),     # loading the library
    ("1", "read", False, "storm"),        # reading the first file in the batch process
    ("1", "store", True, "text"),         # storing a document: it is stored whole and counted
    ("1", "settle", True, "text"),        # every file done, the result not yet reported
    ("2", "fork-server", False, "storm"),  # the fork server starting
    ("2", "warm-up", False, "storm"),     # the fork server importing and loading Kiwi and spaCy
    ("2", "read", False, "storm"),        # workers reading
    ("2", "json", True, "text"),          # writing a stored document's JSON file
]


def _ctrl_c_inputs(folder: Path, kind: str) -> list[Path]:
    folder.mkdir()
    if kind == "storm":
        return [bad.pathological_pdf(folder / f"storm-{n}.pdf", paths=150000) for n in (1, 2)]
    return [bad.write(folder / f"release-{n}.txt", "\n".join(bad.KOREAN_LINES + [f"{n}번째 자료이다."]).encode())
            for n in (1, 2)]


def _interrupt_at(phase: str, command: list, env: dict, timeout: float = 120) -> tuple[int, list[str], int]:
    """Run ``command`` in its own process group, send the group SIGINT (what Ctrl-C does) when the
    program reports ``phase``; return the exit status, the lines of standard error, and the group."""
    import signal
    import threading
    proc = subprocess.Popen(command, cwd=ROOT, env=env, text=True, encoding="utf-8", stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, start_new_session=True,
                            # a shell starts background jobs with Ctrl-C ignored: undo that
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    lines, reached = [], threading.Event()

    def read() -> None:
        for line in proc.stderr:
            lines.append(line.rstrip("\n"))
            if line.strip() == f"phase: {phase}":
                reached.set()
    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert reached.wait(timeout), f"never reached {phase}:\n" + "\n".join(lines)
        os.killpg(proc.pid, signal.SIGINT)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    reader.join(timeout=10)
    return proc.returncode, lines, proc.pid


def _alive_in_group(group: int) -> list[str]:
    """The processes of a process group that are still running (zombies do not count: they have
    ended, and whether they are reaped is up to PID 1)."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            alive.append(stat.parent.name)
    return alive


@pytest.mark.skipif(not hasattr(os, "killpg") or not Path("/proc/self/stat").exists(),
                    reason="needs process groups and /proc")
@pytest.mark.parametrize("jobs, phase, pause, kind", CTRL_C_CASES,
                         ids=[f"{jobs}-{phase}" for jobs, phase, _, _ in CTRL_C_CASES])
def test_cli_ctrl_c_stops_cleanly_and_says_what_was_done(tmp_path, jobs, phase, pause, kind):
    inputs = _ctrl_c_inputs(tmp_path / "in", kind)
    db, out = tmp_path / "s.db", tmp_path / "json"
    env = dict(os.environ, PYTHONIOENCODING="utf-8", PYTHONDONTWRITEBYTECODE="1", PYTHONPYCACHEPREFIX="",
               ROADMAP_PHASES="1")
    if pause:
        env["ROADMAP_PAUSE_AT"] = phase
    status, lines, group = _interrupt_at(phase, [sys.executable, "-m", "pipeline", "ingest", *inputs, "--db", db,
                                                 "--out", out, "--jobs", jobs, "--page-timeout", "0"], env)
    said = [line for line in lines if not line.startswith("phase: ")]
    assert status == 130, "\n".join(lines)
    assert not any("Traceback" in line for line in lines), "\n".join(lines)
    assert said[-2] == "interrupted: every document stored so far is complete; run again to go on", said
    summary = re.fullmatch(r"(\d+) ingested, 0 unchanged \(skipped\), 0 failed(?:, (\d+) not attempted "
                           r"\(interrupted\))?", said[-1])
    assert summary, said
    ingested, not_attempted = int(summary[1]), int(summary[2] or 0)
    assert ingested + not_attempted == len(inputs)
    # The summary counts what is stored, and what is stored is whole, JSON file included.
    stored = []
    if db.exists():
        with sqlite3.connect(db) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            stored = [source for (source,) in conn.execute("SELECT source FROM documents")]
    assert len(stored) == ingested, (stored, said)
    written = sorted(p.name for p in out.glob("*")) if out.exists() else []
    assert written == sorted(f"{Path(name).stem}.json" for name in stored)
    assert all(json.loads((out / name).read_text(encoding="utf-8"))["blocks"] for name in written)
    if pause:                                    # the paused phase stored the first document whole
        assert ingested >= 1
    # Nothing of the batch is left running: not the fork server, nor a worker, nor a cold reader.
    deadline = time.monotonic() + 10
    while _alive_in_group(group) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _alive_in_group(group) == []


@pytest.mark.skipif(not hasattr(os, "killpg") or not Path("/proc/self/stat").exists(),
                    reason="needs process groups and /proc")
def test_cli_ctrl_c_after_the_summary_changes_nothing(tmp_path):
    """Once the summary is out, a Ctrl-C while the program exits (its pool shutting down) is ignored:
    no traceback from the interpreter's clean-up, and the exit status the summary explains."""
    inputs = _ctrl_c_inputs(tmp_path / "in", "text")
    env = dict(os.environ, PYTHONIOENCODING="utf-8", PYTHONDONTWRITEBYTECODE="1", ROADMAP_PHASES="1")
    status, lines, group = _interrupt_at("exit", [sys.executable, "-m", "pipeline", "ingest", *inputs,
                                                  "--db", tmp_path / "s.db", "--jobs", "2"], env)
    said = [line for line in lines if not line.startswith("phase: ")]
    assert status == 0 and said == ["2 ingested, 0 unchanged (skipped), 0 failed"], lines
    deadline = time.monotonic() + 10
    while _alive_in_group(group) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _alive_in_group(group) == []


def test_cli_out_that_is_a_file_is_a_usage_error(tmp_path, capsys):
    from pipeline.cli import main
    not_a_folder = bad.write(tmp_path / "out.json", b"{}")
    assert main(["ingest", str(tmp_path / "x.pdf"), "--db", str(tmp_path / "s.db"), "--out", str(not_a_folder)]) == 2
    assert capsys.readouterr().err == (f"error: --out {not_a_folder}: is a file, not a directory; give a "
                                       "directory (it is created when missing)\n")


def test_json_that_cannot_be_written_fails_the_file_but_keeps_the_document(fake, store, tmp_path):
    paths = files(tmp_path / "in", "a.txt")
    ingest_paths(paths, store)
    out = tmp_path / "json"
    out.mkdir()
    (out / "a.json").mkdir()                        # os.replace cannot put a file there
    result = ingest_paths(paths, store, out_dir=out)
    assert statuses(result) == [("a.txt", "failed")]
    assert result.failures[0].reason.startswith("a.txt: stored, but its JSON could not be written: ")
    assert len(store.documents()) == 1


def test_cli_a_bug_in_the_batch_is_one_line_not_a_traceback(tmp_path, capsys, monkeypatch):
    from pipeline.cli import main

    def broken(*args, **kwargs):
        raise AttributeError("'NoneType' object has no attribute 'stem'")
    monkeypatch.setattr("pipeline.batch.runner.ingest_paths", broken)
    assert main(["ingest", str(tmp_path / "x.pdf"), "--db", str(tmp_path / "s.db")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: internal error (AttributeError: ")
