"""Shared fixtures: the sample release ingested once per session through the command line, and the
``../shared`` material (skipped cleanly when it is absent).

Ingesting a release costs seconds (Kiwi, pdfminer), so every test that needs the sample's records
reads them from one session-scoped CLI run; the store round trip (ingest twice, then a revision,
then export) is recorded step by step in that same fixture, so each test asserts on one step
whatever order the tests run in. The two slow ingests (the sample; the ../shared documents) start
in child processes as soon as collection shows that a selected test needs them, and the tests that
need them are moved to the end of the run, so they ingest while the other tests run.
"""
from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
if str(TESTS) not in sys.path:                 # `import pdfs` from any test module
    sys.path.insert(0, str(TESTS))

SAMPLE = ROOT / "corpus" / "msit-2023-10-31-ai-bio-roadmap.pdf"
REVISION = ROOT / "corpus" / "msit-2023-10-31-ai-bio-roadmap.rev2.pdf"
SHARED = (ROOT / ".." / "shared").resolve()


def _cli_command(args) -> list[str]:
    return [sys.executable, "-m", "pipeline", *map(str, args)]


def _env() -> dict:
    return dict(os.environ, PYTHONIOENCODING="utf-8")


def run_cli(*args, cwd: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """``python -m pipeline ARGS`` in a child process, text captured."""
    return subprocess.run(_cli_command(args), cwd=cwd or ROOT, env=_env(), capture_output=True, text=True,
                          timeout=timeout)


def _checked(proc: subprocess.CompletedProcess, what: str) -> subprocess.CompletedProcess:
    if proc.returncode != 0:
        raise AssertionError(f"{what} exited {proc.returncode}\nstderr:\n{proc.stderr}\nstdout:\n{proc.stdout[:2000]}")
    return proc


class Background:
    """A CLI run started early (at collection) so that it works while other tests run."""

    def __init__(self, *args):
        self.args = _cli_command(args)
        self.proc = subprocess.Popen(self.args, cwd=ROOT, env=_env(), stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        self._result: subprocess.CompletedProcess | None = None

    def result(self, timeout: float = 600) -> subprocess.CompletedProcess:
        if self._result is None:
            out, err = self.proc.communicate(timeout=timeout)
            self._result = subprocess.CompletedProcess(self.args, self.proc.returncode, out, err)
        return self._result

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.communicate()


# The slow ingests, started as soon as collection shows a selected test needs them.
_EARLY: dict[str, tuple[Path, Background]] = {}


def _sample_ingest(base: Path) -> Background:
    return Background("ingest", SAMPLE, "--db", base / "roadmap.db", "--out", base / "out1", "--jobs", "1")


def _shared_files() -> list[Path]:
    return [SHARED / "corpus" / "msit-2023-10-31-ai-bio-roadmap.relayout.pdf",
            SHARED / "corpus-real" / "msit-2024-0422-rnd-sandbox-energy.pdf",
            SHARED / "corpus-real" / "mohw-2025-1231-kdri-revision.pdf",
            SHARED / "corpus-real" / "kostat-2022-1110-metro-indicators-pilot.pdf"]


def _shared_ingest(base: Path) -> Background:
    # one worker: this runs beside the other tests anyway, and each worker process loads its own Kiwi
    return Background("ingest", *_shared_files(), "--db", base / "shared.db", "--out", base / "json", "--jobs", "1")


@pytest.hookimpl(trylast=True)            # after -k / -m deselection
def pytest_collection_modifyitems(session, config, items):
    wanted = {name for item in items for name in getattr(item, "fixturenames", ())}
    # tests waiting for an ingest run last, so that the ingests work while the other tests run
    slow = {"sample_ingest", "shared_ingested"}
    waiting = [i for i in items if slow & set(getattr(i, "fixturenames", ()))]
    items[:] = [i for i in items if i not in waiting] + waiting
    if "sample_ingest" in wanted:
        base = _early_dir(config, "store")
        _EARLY["store"] = (base, _sample_ingest(base))
    if "shared_ingested" in wanted and all(f.exists() for f in _shared_files()):
        base = _early_dir(config, "shared")
        _EARLY["shared"] = (base, _shared_ingest(base))


def _early_dir(config, name: str) -> Path:
    """A directory under pytest's base temp (kept and rotated like tmp_path), else a fresh temp dir."""
    factory = getattr(config, "_tmp_path_factory", None)
    return factory.mktemp(name) if factory is not None else Path(tempfile.mkdtemp(prefix=f"roadmap-tests-{name}-"))


def pytest_sessionfinish(session, exitstatus):
    for _, run in _EARLY.values():
        run.stop()                   # only the child processes this conftest started
    _EARLY.clear()


@pytest.fixture(scope="session")
def cli():
    """Run the command line: ``cli('ingest', path, '--db', db)``."""
    return run_cli


@dataclass
class StoreRoundTrip:
    """Each step of ingesting the sample twice, then its revision, then exporting, as it happened."""
    db: Path
    first: subprocess.CompletedProcess
    first_json: dict
    second: subprocess.CompletedProcess
    second_out: Path
    documents_after_second: list = field(default_factory=list)
    revision: subprocess.CompletedProcess | None = None
    revision_json: dict = field(default_factory=dict)
    documents_after_revision: list = field(default_factory=list)
    csv_export: subprocess.CompletedProcess | None = None
    csv_rows: list = field(default_factory=list)


def _stored_documents(db: Path):
    from pipeline.store.database import Store
    with Store(db) as store:
        return store.documents()


@dataclass
class SampleIngest:
    """The session's one ingest of the sample: ``ingest SAMPLE --db BASE/roadmap.db --out BASE/out1``."""
    base: Path
    proc: subprocess.CompletedProcess
    json: dict

    @property
    def db(self) -> Path:
        return self.base / "roadmap.db"


@pytest.fixture(scope="session")
def sample_ingest(tmp_path_factory) -> SampleIngest:
    base, run = _EARLY.get("store") or (None, None)
    if run is None:
        base = tmp_path_factory.mktemp("store")
        run = _sample_ingest(base)
    proc = _checked(run.result(), "first ingest of the sample")
    return SampleIngest(base, proc, json.loads((base / "out1" / f"{SAMPLE.stem}.json").read_text(encoding="utf-8")))


@pytest.fixture(scope="session")
def sample_json(sample_ingest) -> dict:
    """The sample's ingest JSON (``ingest --out DIR`` wrote it)."""
    return sample_ingest.json


@pytest.fixture(scope="session")
def store_round_trip(sample_ingest) -> StoreRoundTrip:
    """After the first ingest of the sample: the sample again, then the revision; finally
    ``export --format csv``."""
    base, db = sample_ingest.base, sample_ingest.db
    second = run_cli("ingest", SAMPLE, "--db", db, "--out", base / "out2", "--jobs", "1")
    trip = StoreRoundTrip(db=db, first=sample_ingest.proc, first_json=sample_ingest.json, second=second,
                          second_out=base / "out2", documents_after_second=_stored_documents(db))
    trip.revision = run_cli("ingest", REVISION, "--db", db, "--out", base / "out3", "--jobs", "1")
    rev_json = base / "out3" / f"{REVISION.stem}.json"
    trip.revision_json = json.loads(rev_json.read_text(encoding="utf-8")) if rev_json.exists() else {}
    trip.documents_after_revision = _stored_documents(db)
    trip.csv_export = run_cli("export", "--db", db, "--format", "csv")
    trip.csv_rows = list(csv.DictReader(io.StringIO(trip.csv_export.stdout)))
    return trip


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` next to the repository; tests using it are skipped when it is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is not there")
    return SHARED


@pytest.fixture(scope="session")
def shared_ingested(shared_dir, tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """The relayout copy and three real releases from ../shared, ingested in one CLI run:
    the directory holding ``<stem>.json`` for each, and the run (a test whose file failed shows why)."""
    missing = [f for f in _shared_files() if not f.exists()]
    if missing:
        pytest.skip(f"missing from ../shared: {', '.join(f.name for f in missing)}")
    base, run = _EARLY.get("shared") or (None, None)
    if run is None:
        base = tmp_path_factory.mktemp("shared")
        run = _shared_ingest(base)
    proc = run.result()
    return base / "json", proc
