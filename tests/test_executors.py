"""Executors: the same payloads in this process, in a local pool and on a local Dask cluster."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.batch import runner as batch, executors
from pipeline.batch.executors import (DaskExecutor, ExecutorUnavailable, ProcessExecutor, SerialExecutor,
                                largest_first, make_executor)

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "corpus").glob("*.pdf")) + sorted((ROOT / "corpus").glob("*.txt"))

TEXTS = {
    "a.txt": "인공지능 바이오 혁신 전략\n\n□ 2030년까지 바이오 신약 후보물질 10개를 발굴한다.\n",
    "b.txt": "디지털 정부혁신 추진계획\n\n○ 공공서비스 이용 편의를 50% 높인다.\n",
    "c.txt": "AI semiconductor plan\n\n- Raise the market share to 20% by 2030.\n",
}


def _texts(tmp_path: Path) -> list[Path]:
    paths = []
    for name, text in TEXTS.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def _pdf(path: Path, pages: int) -> Path:
    from reportlab.pdfgen import canvas
    c = canvas.Canvas(str(path))
    for i in range(pages):
        c.drawString(72, 720, f"page {i + 1}")
        c.showPage()
    c.save()
    return path


def _payloads(executor, paths) -> dict:
    with executor:
        return {p.name: payload for p, payload in executor.map(batch._work, paths, batch.Options())}


def _lost(path, error):
    return ("error", f"{path.name}: lost ({type(error).__name__})", type(error).__name__)


def _dies_on_b(path: str, options):
    """A reader whose worker process dies on b.txt."""
    if Path(path).name == "b.txt":
        os._exit(3)
    return ("ok", Path(path).name)


def test_largest_first_orders_by_pages(tmp_path):
    small, big, mid = _pdf(tmp_path / "small.pdf", 1), _pdf(tmp_path / "big.pdf", 5), _pdf(tmp_path / "mid.pdf", 3)
    text = tmp_path / "t.txt"
    text.write_text("짧은 글", encoding="utf-8")
    assert largest_first([small, text, big, mid]) == [big, mid, small, text]


def test_serial_and_pool_give_the_same_payloads(tmp_path):
    paths = _texts(tmp_path)
    serial = _payloads(SerialExecutor(), paths)
    pooled = _payloads(ProcessExecutor(2, initializer=executors.ignore_sigint), paths)
    assert set(serial) == set(pooled) == set(TEXTS)
    assert all(p[0] == "ok" for p in serial.values())
    assert serial == pooled


def test_a_dead_worker_fails_only_its_file(tmp_path):
    paths = _texts(tmp_path)
    with ProcessExecutor(2, lost=_lost, warm=False) as pool:
        got = dict((p.name, payload) for p, payload in pool.map(_dies_on_b, paths, None))
    assert got["a.txt"] == ("ok", "a.txt") and got["c.txt"] == ("ok", "c.txt")
    assert got["b.txt"][0] == "error" and "WorkerDied" in got["b.txt"][1]


def test_stopping_early_stops_the_pool(tmp_path):
    paths = _texts(tmp_path)
    with ProcessExecutor(2, warm=False) as pool:
        runs = pool.map(_dies_on_b, paths, None)
        first = next(runs)
        runs.close()
    assert first[0] in paths


def _worker_state(path: str, options):
    import gc
    from pipeline import korean
    return korean._KIWI_THREADS, korean.kiwi.cache_info().currsize, gc.get_threshold()


def test_pool_workers_start_warm_with_a_single_threaded_kiwi(tmp_path):
    with ProcessExecutor(2) as pool:
        states = {payload for _, payload in pool.map(_worker_state, _texts(tmp_path), None)}
    # Kiwi loaded before the first file, and without threads; fewer garbage collections
    assert states == {(0, 1, executors.READING_GC_THRESHOLD)}


# --- cold readers: the first files read while the pool warms up -----------------------------------

def _kiwi_loaded() -> bool:
    from pipeline import korean
    return bool(korean.kiwi.cache_info().currsize)


def _read_where(path: str, options) -> tuple:
    return os.getpid(), _kiwi_loaded()


def _finish_where(path: str, first: tuple, options) -> tuple:
    return first, (os.getpid(), _kiwi_loaded())


def _dies_reading_cold(path: str, options) -> tuple:
    """A first stage whose process dies on a.txt where Kiwi is not loaded (a cold reader)."""
    if Path(path).name == "a.txt" and not _kiwi_loaded():
        os._exit(3)
    return _read_where(path, options)


def test_cold_readers_read_the_first_file_and_warm_workers_finish_it(tmp_path):
    paths = _texts(tmp_path)
    with ProcessExecutor(2, cold_readers=1, order=None) as pool:
        got = {p.name: payload for p, payload in pool.map(executors.Staged(_read_where, _finish_where), paths, None)}
    (read_pid, read_warm), (finish_pid, finish_warm) = got["a.txt"]
    assert not read_warm and finish_warm and read_pid != finish_pid
    for name in ("b.txt", "c.txt"):             # read whole, in one warm worker
        (read_pid, read_warm), (finish_pid, finish_warm) = got[name]
        assert read_warm and finish_warm and read_pid == finish_pid


def test_a_dead_cold_reader_leaves_its_file_to_the_warm_workers(tmp_path):
    paths = _texts(tmp_path)
    with ProcessExecutor(2, cold_readers=1, order=None, lost=_lost) as pool:
        got = {p.name: payload for p, payload in pool.map(executors.Staged(_dies_reading_cold, _finish_where),
                                                          paths, None)}
    assert set(got) == set(TEXTS)
    assert got["a.txt"][0][1] is True            # read again, whole, by a warm worker


def _finish_dies_on_b(path: str, first: tuple, options) -> tuple:
    if Path(path).name == "b.txt":
        os._exit(3)
    return _finish_where(path, first, options)


def test_a_dead_warm_worker_fails_only_its_file_while_cold_readers_read(tmp_path):
    paths = _texts(tmp_path)
    with ProcessExecutor(2, cold_readers=1, order=None, lost=_lost) as pool:
        got = {p.name: payload for p, payload in pool.map(executors.Staged(_read_where, _finish_dies_on_b),
                                                          paths, None)}
    assert got["b.txt"][0] == "error" and "WorkerDied" in got["b.txt"][1]
    assert got["a.txt"][1][1] is True and got["c.txt"][1][1] is True   # finished by warm workers


def test_cold_readers_only_while_the_fork_server_is_not_warm(monkeypatch):
    staged = executors.Staged(_read_where, _finish_where)
    cold_start = "forkserver" in __import__("multiprocessing").get_all_start_methods()
    monkeypatch.setattr(executors, "_fork_server_warm", False)
    assert ProcessExecutor(3)._cold_readers(staged, 3) == (2 if cold_start else 0)
    assert ProcessExecutor(3)._cold_readers(_read_where, 3) == 0      # work in one stage
    assert ProcessExecutor(3, warm=False)._cold_readers(staged, 3) == 0
    monkeypatch.setattr(executors, "_fork_server_warm", True)
    assert ProcessExecutor(3)._cold_readers(staged, 3) == 0


def test_the_batch_work_in_two_stages_gives_the_same_payloads():
    """The real pipeline over the corpus, read in one stage in this process and in two stages
    (first read by a cold reader) in a pool."""
    serial = _payloads(SerialExecutor(), CORPUS)
    with ProcessExecutor(2, cold_readers=1, initializer=executors.ignore_sigint) as pool:
        staged = {p.name: payload for p, payload in pool.map(batch._POOL_WORK, CORPUS, batch.Options())}
    assert all(payload[0] == "ok" for payload in serial.values())
    assert staged == serial


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="counts threads in /proc")
def test_a_warmed_up_process_has_no_threads_so_it_can_fork():
    script = ("import os\n"
              "from pipeline.batch.executors import warm_worker\n"
              "warm_worker()\n"
              "from pipeline import korean\n"
              "from pipeline.extract import analysis\n"
              "assert korean.kiwi.cache_info().currsize and analysis.english_nlp.cache_info().currsize\n"
              "print(len(os.listdir('/proc/self/task')))\n")
    run = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "1"


def test_fewer_collections_puts_the_threshold_back():
    import gc
    before = gc.get_threshold()
    with executors.fewer_collections():
        assert gc.get_threshold() == executors.READING_GC_THRESHOLD
    assert gc.get_threshold() == before


def test_results_come_in_the_given_order_and_failures_at_once():
    paths = [Path(n) for n in ("a", "b", "c", "d")]
    finished = [(paths[2], "ok c"), (paths[3], "error d"), (paths[0], "ok a"), (paths[1], "ok b")]
    got = list(executors.in_given_order(iter(finished), paths, at_once=lambda p: p.startswith("error")))
    assert got == [(paths[3], "error d"), (paths[0], "ok a"), (paths[1], "ok b"), (paths[2], "ok c")]


def test_closing_the_ordered_results_closes_the_reads():
    closed = []

    def reads():
        try:
            yield Path("b"), "ok"
            yield Path("a"), "ok"
        finally:
            closed.append(True)
    ordered = executors.in_given_order(reads(), [Path("a"), Path("b")])
    assert next(ordered) == (Path("a"), "ok")
    ordered.close()
    assert closed == [True]


def _report_pid_then_sleep(path: str, options) -> tuple:
    Path(os.environ["PID_FOLDER"], Path(path).name).write_text(str(os.getpid()))
    time.sleep(60)
    return ("ok", path)


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads process states from /proc")
def test_killing_the_batch_process_ends_its_workers(tmp_path):
    script = ("import sys; from pathlib import Path; sys.path.insert(0, sys.argv[1])\n"
              "import test_executors as t; from pipeline.batch.executors import ProcessExecutor\n"
              "with ProcessExecutor(2, order=None) as pool:\n"
              "    list(pool.map(t._report_pid_then_sleep, [Path('a'), Path('b')], None))\n")
    proc = subprocess.Popen([sys.executable, "-c", script, str(Path(__file__).parent)], cwd=ROOT,
                            env=dict(os.environ, PID_FOLDER=str(tmp_path)))
    try:
        deadline = time.monotonic() + 60
        while len(list(tmp_path.iterdir())) < 2:
            assert time.monotonic() < deadline and proc.poll() is None, "the workers did not start"
            time.sleep(0.05)
        workers = [int(p.read_text()) for p in tmp_path.iterdir()]
        assert all(_running(pid) for pid in workers)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    deadline = time.monotonic() + 10
    while any(_running(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_running(pid) for pid in workers)


def test_make_executor_choices():
    assert isinstance(make_executor("process", jobs=1), SerialExecutor)
    assert isinstance(make_executor("process", jobs=2), ProcessExecutor)
    with pytest.raises(ValueError):
        make_executor("ray", jobs=2)


def test_dask_without_a_scheduler_says_so():
    pytest.importorskip("distributed")
    with pytest.raises(ExecutorUnavailable, match="--scheduler"):
        make_executor("dask", scheduler=None)


def test_dask_scheduler_not_reachable():
    pytest.importorskip("distributed")
    with pytest.raises(ExecutorUnavailable, match="cannot reach"):
        DaskExecutor("tcp://127.0.0.1:9", connect_timeout=2)


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    import dask
    with dask.config.set({"distributed.worker.daemon": False}):
        cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                           host="127.0.0.1", dashboard_address="127.0.0.1:0")
    try:
        yield cluster
    finally:
        cluster.close()


@pytest.mark.slow
def test_dask_executor_gives_the_same_payloads(tmp_path, cluster):
    paths = _texts(tmp_path)
    serial = _payloads(SerialExecutor(), paths)
    remote = _payloads(DaskExecutor(cluster.scheduler_address), paths)
    assert remote == serial


@pytest.mark.slow
def test_dask_lost_task_becomes_a_failure(tmp_path, cluster):
    paths = _texts(tmp_path)
    with DaskExecutor(cluster.scheduler_address, lost=_lost) as ex:
        got = dict((p.name, payload) for p, payload in ex.map(_raises_on_b, paths, None))
    assert got["a.txt"] == ("ok", "a.txt")
    assert got["b.txt"][0] == "error" and "lost (ValueError)" in got["b.txt"][1]


def _raises_on_b(path: str, options):
    if Path(path).name == "b.txt":
        raise ValueError("boom")
    return ("ok", Path(path).name)


@pytest.mark.slow
def test_corpus_through_a_local_cluster_stores_the_same_records(tmp_path, cluster):
    """The cluster path end to end: the corpus read on the cluster's workers, stored by this
    process, gives the same records as a local run."""
    from pipeline.store.database import Store
    stored = {}
    for name, options, jobs in (("local", batch.Options(), 1),
                                ("dask", batch.Options(executor="dask", scheduler=cluster.scheduler_address), 1)):
        with Store(tmp_path / f"{name}.db") as store:
            result = batch.ingest_paths(CORPUS, store, out_dir=tmp_path / name, jobs=jobs, options=options)
            assert not result.failures, [o.reason for o in result.failures]
            assert result.count("ingested") == len(CORPUS)
            stored[name] = {d.info.id: d.to_json() for d in store.load_all()}
    assert len(stored["dask"]) == len(CORPUS)
    assert stored["dask"] == stored["local"]
    for path in CORPUS:
        assert (tmp_path / "dask" / f"{path.stem}.json").read_bytes() == (tmp_path / "local" / f"{path.stem}.json").read_bytes()


@pytest.mark.slow
def test_cli_reads_on_a_dask_cluster(tmp_path, cluster):
    import subprocess
    import sys
    text = tmp_path / "release.txt"
    text.write_text(TEXTS["a.txt"], encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "pipeline", "ingest", str(text), "--db", str(tmp_path / "x.db"),
                          "--out", str(tmp_path / "json"), "--executor", "dask", "--scheduler",
                          cluster.scheduler_address, "--quiet"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "json" / "release.json").exists()


def test_cli_dask_without_scheduler_is_a_usage_error(tmp_path):
    from pipeline.cli import main
    assert main(["ingest", str(tmp_path / "x.pdf"), "--db", str(tmp_path / "x.db"), "--executor", "dask"]) == 2
