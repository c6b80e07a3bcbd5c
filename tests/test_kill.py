"""A batch killed at any moment leaves the store whole: every document fully stored or absent.

The command line ingests a batch of twelve releases in a child process that is killed with SIGKILL
five times over on the same store, each time at a random (seeded) point: during start-up, or a
random moment after the run has stored one or two more releases, which lands in the middle of
reading or saving the next. After each kill the database must pass ``PRAGMA integrity_check`` and
every stored document must have every row its JSON (``documents.json``) says it has; then one more
run completes the batch. Two further tests kill the process inside the transaction itself, and
run two batches against one store at the same time.
"""
from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import badinput as bad

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")]

ROOT = Path(__file__).resolve().parents[1]
SEED = 6
KILLS = 5
REVISION = ROOT / "corpus" / "msit-2023-10-31-ai-bio-roadmap.rev2.pdf"

#: table -> how many rows a document's JSON says it has there
ROWS = {
    "blocks": lambda d: len(d["blocks"]),
    "figures": lambda d: len(d["figures"]),
    "targets": lambda d: len(d["targets"]),
    "focus_technologies": lambda d: len(d["focus_technologies"]),
    "missions": lambda d: sum(len(f["missions"]) for f in d["focus_technologies"]),
    "ecosystem": lambda d: len(d["ecosystem"]),
    "warnings": lambda d: len(d["document"]["warnings"]),
}


def cli(*args) -> list[str]:
    return [sys.executable, "-m", "pipeline", *map(str, args)]


def env() -> dict:
    return dict(os.environ, PYTHONIOENCODING="utf-8")


def check_store(db: Path) -> set[str]:
    """Assert the store is sound and every document in it complete; return the stored sources."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        sources = set()
        for doc_id, source, text in conn.execute("SELECT id, source, json FROM documents"):
            data = json.loads(text)
            for table, expected in ROWS.items():
                count = conn.execute(f"SELECT count(*) FROM {table} WHERE document_id = ?", (doc_id,)).fetchone()[0]
                assert count == expected(data), (source, table, count, expected(data))
            assert data["blocks"], source
            sources.add(source)
        return sources
    finally:
        conn.close()


@pytest.fixture(scope="module")
def batch_files(tmp_path_factory) -> list[Path]:
    """Twelve releases: copies of the sample and of its revision that differ after their end
    (another sha256 each, so another document each), and two small generated ones."""
    folder = tmp_path_factory.mktemp("batch")
    sample, revision = bad.SAMPLE.read_bytes(), REVISION.read_bytes()
    made = [bad.korean_pdf(folder / "00-small.pdf", pages=3)]
    for n in range(1, 11):
        data = sample if n % 2 else revision
        made.append(bad.write(folder / f"{n:02d}-release.pdf", data + b"\n%% copy %d\n" % n))
    made.append(bad.korean_pdf(folder / "11-small.pdf", pages=5))
    return made


def stored_count(db: Path) -> int:
    """How many documents the store holds now (0 while it is being created)."""
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def wait_for(condition, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the batch made no progress"
        time.sleep(0.05)


def test_sigkill_at_random_points_leaves_every_document_whole_or_absent(batch_files, tmp_path):
    """Each run is killed a random (seeded) time after the store reached a random count: at any
    speed of machine the kills land all over the batch, in start-up, reads and saves."""
    db = tmp_path / "store.db"
    rng = random.Random(SEED)
    stored_after: list[int] = []
    for _ in range(KILLS):
        before = stored_after[-1] if stored_after else 0
        if before >= len(batch_files) - 4:
            break       # however fast the machine, the last run must find the batch unfinished
        # Kill while starting up or reading the first release (target = before), or a moment after
        # the run stored one or two: in the middle of reading the next, or of saving it.
        target = before + rng.choice([0, 1, 1, 2])
        delay = rng.uniform(0.0, 1.5) if target == before else rng.uniform(0.0, 0.4)
        proc = subprocess.Popen(cli("ingest", *batch_files, "--db", db, "--jobs", "1", "--quiet"),
                                cwd=ROOT, env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_for(lambda: stored_count(db) >= target or proc.poll() is not None)
            time.sleep(delay)
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
        stored = check_store(db) if db.exists() else set()
        assert len(stored) >= before                    # nothing stored is ever lost
        stored_after.append(len(stored))
    done = subprocess.run(cli("ingest", *batch_files, "--db", db, "--jobs", "1"), cwd=ROOT, env=env(),
                          capture_output=True, text=True, timeout=600)
    print(f"\ndocuments stored after each kill: {stored_after}; last run: {done.stderr.strip()}",
          file=sys.stderr)
    assert done.returncode == 0, done.stderr
    assert check_store(db) == {p.name for p in batch_files}
    ingested = len(batch_files) - stored_after[-1]
    assert done.stderr.splitlines()[-1] == (f"{ingested} ingested, {stored_after[-1]} unchanged (skipped), "
                                            "0 failed")
    assert 0 < stored_after[-1] < len(batch_files)      # the kills landed mid-batch


# Kills its own process right after a document's rows are written, before the commit.
_DIE_BEFORE_COMMIT = textwrap.dedent("""
    import os, signal, sys
    from pipeline.store.database import Store
    real = Store._insert_records

    def insert_then_die(self, conn, doc):
        real(self, conn, doc)
        os.kill(os.getpid(), signal.SIGKILL)

    Store._insert_records = insert_then_die
    from pipeline.cli import main
    sys.exit(main(sys.argv[1:]))
""")


def test_a_kill_inside_the_transaction_leaves_no_trace(tmp_path):
    release = bad.write(tmp_path / "release.txt", "\n".join(bad.KOREAN_LINES).encode())
    db = tmp_path / "store.db"
    proc = subprocess.run([sys.executable, "-c", _DIE_BEFORE_COMMIT, "ingest", release, "--db", db],
                          cwd=ROOT, env=env(), capture_output=True, timeout=300)
    assert proc.returncode == -signal.SIGKILL
    assert check_store(db) == set()
    conn = sqlite3.connect(db)
    assert [conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ROWS] == [0] * len(ROWS)
    conn.close()
    again = subprocess.run(cli("ingest", release, "--db", db), cwd=ROOT, env=env(),
                           capture_output=True, text=True, timeout=300)
    assert again.returncode == 0 and check_store(db) == {"release.txt"}


def test_two_batches_at_once_on_one_store(tmp_path):
    texts = [bad.write(tmp_path / f"release-{n}.txt",
                       "\n".join(f"{line} {n}" for line in bad.KOREAN_LINES).encode()) for n in range(4)]
    db = tmp_path / "store.db"
    runs = [subprocess.Popen(cli("ingest", *batch, "--db", db, "--jobs", "1"), cwd=ROOT, env=env(),
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            for batch in (texts[:3], texts[1:])]
    results = [(run.wait(timeout=300), run.stderr.read()) for run in runs]
    for run in runs:
        run.stderr.close()
    for status, err in results:
        assert status == 0, err
        assert err.splitlines()[-1].endswith(" 0 failed")
    assert check_store(db) == {p.name for p in texts}
