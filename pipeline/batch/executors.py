"""Where the files of a batch are read: in this process, in a local process pool, or on a Dask cluster.

Every executor runs ``work(path, options)`` (the batch's reader: it returns a picklable payload and
never raises for a bad file) for each path and yields ``(path, payload)`` as each read finishes,
in whatever order they finish. The caller stays the one writer of the store. What an executor
cannot read at all (a worker process that died, a cluster that lost the task) is turned into a
payload by the ``lost(path, error)`` callback the caller gives, so the batch goes on.

* :class:`SerialExecutor`: in this process, one file after the other (``--jobs 1``).
* :class:`ProcessExecutor`: a local pool of ``jobs`` worker processes, forked warm from a fork
  server that has loaded the readers, a single-threaded Kiwi and spaCy once; each keeps them for
  every file it reads (the pool is the parallelism, so Kiwi runs no threads of its own there).
  Files go out largest first (by page count), so that the longest reads start early and the pool
  does not end waiting on one big file. While the fork server warms up (one to two seconds, on
  one core), the other cores read the first files in cold processes, when the work comes in two
  stages (:class:`Staged`). A worker that dies fails only its file: the pool is rebuilt for the
  rest.
* :class:`DaskExecutor`: the workers of an existing Dask cluster (``--executor dask --scheduler
  tcp://HOST:8786``). The file's bytes travel with the task, so workers need no shared file
  system, only this package installed (``pip install 'roadmap-pipeline[cluster]'``). Every
  worker process loads Kiwi once, when the batch starts, and keeps it; the reads of one worker
  process run one at a time.
  At most a few tasks per worker thread are in flight, so a batch of any size streams.
"""
from __future__ import annotations

import gc
import os
import select
import shutil
import signal
import sys
import tempfile
import threading
import time
import uuid
import multiprocessing
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from pipeline.batch import interrupts

EXECUTORS = ("process", "dask")
Work = Callable[[str, Any], Any]
Lost = Callable[[Path, BaseException], Any]


@dataclass(frozen=True)
class Staged:
    """Work in two stages: ``first(path, options)`` needs nothing a warm worker has loaded (no
    Kiwi), so it can run in a process started without it while the warm ones start up;
    ``then(path, first_result, options)`` finishes the file in a warm worker. Called as
    :data:`Work`, it runs both, one after the other."""
    first: Callable[[str, Any], Any]
    then: Callable[[str, Any, Any], Any]

    def __call__(self, path: str, options: Any) -> Any:
        return self.then(path, self.first(path, options), options)


class ExecutorUnavailable(RuntimeError):
    """The executor asked for cannot run here: Dask not installed, the scheduler not reachable."""


class WorkerDied(RuntimeError):
    """The worker process reading a file died (a crash in a C library, the OOM killer)."""


def _default_lost(path: Path, error: BaseException):
    return ("error", f"{path.name}: {type(error).__name__}: {error}", type(error).__name__)


# --- ordering ------------------------------------------------------------------------------------

def page_count(path: Path) -> int | None:
    """The page count of a PDF from PDFium (a millisecond per file), or None."""
    from pipeline.read.content import PdfiumPages, PdfiumUnavailable
    try:
        with PdfiumPages(path) as pdf:
            return len(pdf)
    except (PdfiumUnavailable, ImportError):     # not a PDF, encrypted, broken: the reader will say why
        return None


def largest_first(paths: Iterable[Path]) -> list[Path]:
    """``paths`` with the PDFs of most pages first; the order given otherwise (text files, and
    files that are no readable PDF, are quick to read)."""
    keyed = [(page_count(p) if p.suffix.lower() == ".pdf" else None, i, p) for i, p in enumerate(paths)]
    keyed.sort(key=lambda k: (-(k[0] or 0), k[1]))
    return [k[2] for k in keyed]


def in_given_order(results: Iterator[tuple[Path, Any]], paths: Sequence[Path],
                   at_once: Callable[[Any], bool] | None = None) -> Iterator[tuple[Path, Any]]:
    """``results`` (``(path, payload)`` as reads finish) in the order of ``paths``: a result that
    comes early waits for those before it, unless ``at_once(payload)`` says it need not (a
    failure, which stores nothing). With ``paths`` largest first, as executors send them out,
    few have to wait. Closing this closes ``results`` (which stops the reads)."""
    rank = {str(p): i for i, p in enumerate(paths)}
    waiting: dict[int, tuple[Path, Any] | None] = {}   # None: yielded already
    next_rank = 0
    try:
        for path, payload in results:
            if at_once is not None and at_once(payload):
                waiting[rank[str(path)]] = None
                yield path, payload
            else:
                waiting[rank[str(path)]] = (path, payload)
            while next_rank in waiting:
                ready = waiting.pop(next_rank)
                next_rank += 1
                if ready is not None:
                    yield ready
        for i in sorted(waiting):           # none, unless a path was never read
            if waiting[i] is not None:
                yield waiting[i]
    finally:
        close = getattr(results, "close", None)
        if close is not None:
            close()


# --- warming a worker ---------------------------------------------------------------------------

# Garbage collection while reading: a page makes hundreds of thousands of small objects and
# almost no reference cycles, so at Python's default threshold (a collection every 700 new
# objects) the collector ran 2,828 times over ../shared/corpus-real, 1.1 s of 9.9 s; at 10,000,
# 121 times and 0.4 s.
READING_GC_THRESHOLD = (10_000, 20, 20)


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Run the block with :data:`READING_GC_THRESHOLD`, then put the previous threshold back."""
    previous = gc.get_threshold()
    gc.set_threshold(*READING_GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*previous)


def warm_kiwi() -> None:
    """Load this process's Kiwi and run it once: its first call costs a second or two."""
    from pipeline import korean
    korean.kiwi().analyze("모델을 불러오는 문장입니다.")
    korean.split_sentences(["첫 문장입니다. 둘째 문장입니다."])


def warm_worker() -> None:
    """Make this process a warm pool worker: the readers imported, Kiwi loaded single-threaded,
    spaCy's English pipeline loaded.
    Never raises: a worker that could not warm up loads what it needs with its first file, or
    reports that file's reason."""
    from pipeline import korean
    gc.set_threshold(*READING_GC_THRESHOLD)     # the process only reads files
    try:
        korean.single_threaded_kiwi()
        import pipeline.ingest  # noqa: F401  (the readers, the analysers and their data)
        import pypdfium2  # noqa: F401  (imported by the PDFium reader on its first page)
        warm_kiwi()
        # spaCy: half the Korean files have an English unit or two. Its numpy would start a BLAS
        # thread, and the fork server must have none when it forks (nothing here multiplies
        # matrices).
        os.environ["OPENBLAS_NUM_THREADS"] = "1"
        from pipeline.extract.analysis import english_nlp
        english_nlp()
    except Exception:
        pass


def _pool_context(warm: bool):
    """Where pool workers come from. Warm pools fork them from a fork server that has run
    :func:`warm_worker` once (module :mod:`pipeline.batch.worker`): each worker starts at once, already
    warm, and shares Kiwi's model pages with the others. The fork server has no threads when it
    forks (Kiwi single-threaded), which is what makes forking safe; the batch process itself,
    with its threads and its SQLite connection, is never forked. Where there is no fork server
    (Windows), and for pools that need no Kiwi, workers are spawned fresh."""
    if warm and "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["pipeline.batch.worker"])
        _start_fork_server()
        return context
    return multiprocessing.get_context("spawn")


def _start_fork_server() -> None:
    """Start the fork server now, from this thread with SIGINT blocked (a quick fork and exec; the
    server warms up on its own): it inherits the blocked signal, so a Ctrl-C while it imports and
    warms up cannot stop it halfway with a traceback, and every worker it forks starts the same
    way. Started later by whichever thread first starts a worker, it would inherit that thread's
    mask instead."""
    from multiprocessing import forkserver
    if getattr(forkserver._forkserver, "_forkserver_pid", None) is None:
        interrupts.phase("fork-server")
    with interrupts.sigint_blocked():
        forkserver.ensure_running()


def _stop_cold_fork_server() -> None:
    """Kill this process's fork server unless it has been seen warm: it may still be importing
    and loading models (seconds, more on a fresh clone), and a worker start waiting for it would
    hold up the batch's shutdown until then. The next pool starts a new one."""
    if _fork_server_warm:
        return
    from multiprocessing import forkserver
    pid = getattr(forkserver._forkserver, "_forkserver_pid", None)
    if pid:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


def _init_process(initializer: Callable[[], None] | None, warm: bool = True,
                  batch_pid: int | None = None, reads: bool = False) -> None:
    """Pool worker start: leave Ctrl-C to the batch process (the worker was started with SIGINT
    blocked, see :mod:`pipeline.batch.interrupts`), die with it, the caller's initializer, then Kiwi (at
    once when the fork server warmed it); a cold reader (``reads``) only reads files."""
    interrupts.ignore_sigint()
    _die_with(batch_pid or os.getppid())
    if initializer is not None:
        initializer()
    if warm:
        warm_worker()
    elif reads:
        gc.set_threshold(*READING_GC_THRESHOLD)


def _die_with(batch_pid: int) -> None:
    """End this worker when the batch process ``batch_pid`` dies: a pool worker holds both ends of
    its task queue, so it would otherwise wait forever (with its Kiwi, a third of a gigabyte)
    after the batch was killed. A worker forked by the fork server has that server, not the
    batch, for a parent (and the server lives on while its workers do), so a thread watches the
    batch process; a spawned worker also has the kernel kill it with its parent (Linux)."""
    if os.getppid() == batch_pid and sys.platform.startswith("linux"):
        try:
            import ctypes
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)   # PR_SET_PDEATHSIG
        except Exception:
            pass
    threading.Thread(target=_exit_when_gone, args=(batch_pid,), name="batch-watch", daemon=True).start()


def _exit_when_gone(pid: int) -> None:
    """Wait for process ``pid`` to end (a pidfd where the system has them, else polling), then
    end this process."""
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        os._exit(1)
    except (AttributeError, OSError):      # no pidfd here: poll
        while _alive(pid):
            time.sleep(1)
        os._exit(1)
    select.select([fd], [], [])
    os._exit(1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# --- executors ----------------------------------------------------------------------------------

class Executor:
    """Reads files somewhere; see the module's documentation."""
    name = "executor"

    def __init__(self, lost: Lost | None = None):
        self.lost = lost or _default_lost

    def map(self, work: Work, paths: Sequence[Path], options: Any) -> Iterator[tuple[Path, Any]]:
        raise NotImplementedError

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class SerialExecutor(Executor):
    """In this process, in the order given."""
    name = "serial"

    def map(self, work: Work, paths: Sequence[Path], options: Any) -> Iterator[tuple[Path, Any]]:
        for path in paths:
            yield path, work(str(path), options)


class ProcessExecutor(Executor):
    """A local pool of ``jobs`` worker processes, each with its Kiwi loaded at start.

    Given :class:`Staged` work, the pool reads files in ``cold_readers`` extra processes (spawned
    without Kiwi) while its fork server warms up; the warm workers finish those files. By default
    there are ``jobs - 1`` of them until this process's fork server is warm, then none."""
    name = "process"

    def __init__(self, jobs: int, initializer: Callable[[], None] | None = None, lost: Lost | None = None,
                 order: Callable[[Sequence[Path]], list[Path]] | None = largest_first, warm: bool = True,
                 cold_readers: int | None = None):
        super().__init__(lost)
        self.jobs = max(1, jobs)
        self.initializer = initializer
        self.order = order
        self.warm = warm
        self.cold_readers = cold_readers

    def map(self, work: Work, paths: Sequence[Path], options: Any) -> Iterator[tuple[Path, Any]]:
        pending = self.order(paths) if self.order else list(paths)
        workers = min(self.jobs, len(pending))
        cold = self._cold_readers(work, workers)
        while pending:
            broken = yield from self._round(work, pending, workers, options, cold)
            if not broken:
                return
            if workers == 1:
                # One worker reads one file at a time: the first file that broke the pool killed it.
                yield broken[0], self.lost(broken[0], WorkerDied(f"the worker reading {broken[0].name} died"))
                broken = broken[1:]
            pending, workers, cold = broken, 1, 0   # find the culprit among the rest, one file at a time

    def _cold_readers(self, work: Work, workers: int) -> int:
        """How many cold processes read while the pool warms up: while the fork server loads Kiwi
        and spaCy, on one core, the other cores would wait."""
        if not isinstance(work, Staged) or not self.warm:
            return 0
        if self.cold_readers is not None:
            return max(0, self.cold_readers)
        forks = "forkserver" in multiprocessing.get_all_start_methods()   # as _pool_context
        return workers - 1 if forks and not _fork_server_warm else 0

    def _round(self, work: Work, paths: list[Path], workers: int, options: Any, cold_readers: int = 0):
        """Read ``paths`` in one pool (and its cold readers); yield what comes back and return, in
        submission order, the paths whose reads were lost when a worker died (every unfinished
        read fails with it). One file more than there are workers is sent ahead, so a batch of
        any size streams."""
        pool = ProcessPoolExecutor(max_workers=workers, initializer=_init_process,
                                   initargs=(self.initializer, self.warm, os.getpid()),
                                   mp_context=_pool_context(self.warm))
        interrupts.phase("pool")
        order = {p: i for i, p in enumerate(paths)}
        queue = deque(paths)
        readers = _ColdReaders(work, cold_readers, self.initializer, pool) if cold_readers else None
        running: dict = {}
        broken, finished = [], False
        try:
            while True:
                if readers is not None and not broken:
                    readers.take_from(queue, options)
                if readers is None or readers.warm.done():
                    _fill(pool, work, queue, readers, running, broken, workers + 1, options)
                if running and self.warm:
                    _fork_server_warmed()
                if not running and not (readers and (readers.reading or readers.done and not broken)):
                    break
                done, _ = wait(set(running) | (readers.futures if readers else set()),
                               return_when=FIRST_COMPLETED)
                if readers is not None:
                    readers.collect(queue)           # also once the pool broke: nothing more is sent
                for future in sorted(done & running.keys(), key=lambda f: order[running[f]]):
                    path = running.pop(future)
                    try:
                        payload = future.result()
                    except BrokenProcessPool:
                        broken.append(path)
                        continue
                    yield path, payload
            finished = True
        finally:
            with interrupts.held():          # a Ctrl-C now waits until the workers are stopped
                if not finished and self.warm:
                    _stop_cold_fork_server()
                if readers is not None:
                    readers.close(abandon=not finished)
                _shutdown(pool, abandon=not finished)
        if broken:
            broken += list(queue) + (readers.unfinished() if readers is not None else [])
        return sorted(broken, key=order.get)


def _fill(pool: ProcessPoolExecutor, work: Work, queue: deque, readers: _ColdReaders | None,
          running: dict, broken: list, limit: int, options: Any) -> None:
    """Send files to the warm pool until ``limit`` are running (or it broke): a file a cold
    reader has read goes before the next one to read whole."""
    while not broken and len(running) < limit:
        if readers is not None:
            readers.collect(queue)
        if readers is not None and readers.done:
            path, first = readers.done.popleft()
            call = (work.then, str(path), first, options)
        elif queue:
            path = queue.popleft()
            call = (work, str(path), options)
        else:
            return
        try:
            running[pool.submit(*call)] = path      # without readers, the first waits for the fork server
        except BrokenProcessPool:
            broken.append(path)


class _ColdReaders:
    """The first stage of :class:`Staged` work in processes spawned without Kiwi, for as long as
    the warm pool is not up: its fork server loads Kiwi and spaCy (one to two seconds, on one
    core) while these read on the other cores. The pool's first worker starts in a thread, since
    starting it waits for the fork server; the batch meanwhile keeps each reader busy."""

    def __init__(self, work: Staged, count: int, initializer: Callable[[], None] | None,
                 pool: ProcessPoolExecutor):
        self.work = work
        self.count = count
        self.pool = ProcessPoolExecutor(max_workers=count, initializer=_init_process,
                                        initargs=(initializer, False, os.getpid(), True),
                                        mp_context=_pool_context(False))
        self.started = False
        self.reading: dict = {}              # future -> path
        self.done: deque = deque()          # (path, first-stage result), for the warm pool
        self.open = True
        self.warm = _started_in_background(pool)

    @property
    def futures(self) -> set:
        """What to wait for: the reads, and the warm pool coming up."""
        return set(self.reading) | (set() if self.warm.done() else {self.warm})

    def take_from(self, queue: deque, options: Any) -> None:
        """Give each idle reader the next file of ``queue``, while the warm pool is not up."""
        while not self.warm.done() and queue and len(self.reading) < self.count:
            path = queue.popleft()
            self.reading[self._submit(str(path), options)] = path

    def _submit(self, path: str, options: Any) -> Future:
        """The first submission starts the readers (a quick spawn): with SIGINT blocked, which
        they inherit (see :mod:`pipeline.batch.interrupts`)."""
        if self.started:
            return self.pool.submit(self.work.first, path, options)
        with interrupts.sigint_blocked():
            future = self.pool.submit(self.work.first, path, options)
        self.started = True
        return future

    def collect(self, queue: deque) -> None:
        """Take the reads that finished, for the warm pool; a file whose reader died goes back to
        the front of ``queue``, to be read whole by a warm worker."""
        for future in [f for f in self.reading if f.done()]:
            path = self.reading.pop(future)
            try:
                self.done.append((path, future.result()))
            except Exception:                # the reader died (or its result would not unpickle)
                queue.appendleft(path)
        if self.open and self.warm.done() and not self.reading:
            self.open = False
            self.pool.shutdown(wait=False)   # the readers have nothing more to do

    def unfinished(self) -> list[Path]:
        return list(self.reading.values()) + [path for path, _ in self.done]

    def close(self, abandon: bool) -> None:
        _shutdown(self.pool, abandon)
        if abandon:
            _wait_for_start(self.warm)


def _wait_for_start(up: Future, timeout: float = 10) -> None:
    """Wait until the warm pool's start in the background has ended (see
    :func:`_started_in_background`), stopping the fork server it may be waiting for."""
    deadline = time.monotonic() + timeout
    while not up.done() and time.monotonic() < deadline:
        _stop_cold_fork_server()
        wait([up], timeout=0.2)


def _started_in_background(pool: ProcessPoolExecutor) -> Future:
    """Done when ``pool`` has a worker up. It starts in a thread: starting the first worker waits
    for the fork server to warm up. (A pool abandoned meanwhile kills the fork server that is not
    warm yet and waits for this start to fail before it shuts down: no worker is left to start
    after the batch process is gone, and a Ctrl-C is not held up by the warm-up.)"""
    up: Future = Future()

    def start() -> None:
        interrupts.block_sigint_in_this_thread()     # workers it starts inherit it blocked
        try:
            pool.submit(_answer).result()
        except BaseException as exc:         # the pool broke, or was shut down first
            up.set_exception(exc)
            return
        _fork_server_warmed()
        up.set_result(None)
    threading.Thread(target=start, name="warm-pool-start", daemon=True).start()
    return up


def _answer() -> None:
    """A pool's first task: its answer says a worker is up."""


_fork_server_warm = False      # this process's fork server has warmed up (it then stays warm)


def _fork_server_warmed() -> None:
    global _fork_server_warm
    _fork_server_warm = True


def _shutdown(pool: ProcessPoolExecutor, abandon: bool) -> None:
    """Shut the pool down; when abandoning it (the caller stopped early, Ctrl-C), cancel queued
    reads and stop the running ones instead of waiting for them."""
    if not abandon:
        pool.shutdown(wait=True)
        return
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=5)


class DaskExecutor(Executor):
    """The workers of a running Dask cluster; ``scheduler`` is its address (``tcp://host:8786``).

    ``client`` may be given instead (an open :class:`distributed.Client`; it is not closed here).
    ``in_flight`` tasks per worker thread are kept submitted (default 2)."""
    name = "dask"

    def __init__(self, scheduler: str | None = None, lost: Lost | None = None, client=None,
                 in_flight: int = 2, connect_timeout: float = 20,
                 order: Callable[[Sequence[Path]], list[Path]] | None = largest_first):
        super().__init__(lost)
        try:
            import distributed
        except ImportError:
            raise ExecutorUnavailable("--executor dask needs Dask: pip install 'roadmap-pipeline[cluster]'") from None
        self._distributed = distributed
        self.order = order
        self.in_flight = max(1, in_flight)
        self._own_client = client is None
        if client is None:
            if not scheduler:
                raise ExecutorUnavailable("--executor dask needs --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786)")
            try:
                client = distributed.Client(scheduler, timeout=connect_timeout, set_as_default=False)
            except (OSError, TimeoutError) as exc:
                raise ExecutorUnavailable(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
        self.client = client
        try:
            client.run(warm_kiwi)   # every worker process loads Kiwi now, all at once, and keeps it
        except Exception:           # a worker without it loads Kiwi with its first file instead
            pass

    def _slots(self) -> int:
        try:
            threads = sum(self.client.nthreads().values())
        except Exception:
            threads = 1
        return max(1, threads) * self.in_flight

    def map(self, work: Work, paths: Sequence[Path], options: Any) -> Iterator[tuple[Path, Any]]:
        queue = list(self.order(paths) if self.order else paths)
        queue.reverse()                        # pop() from the end: the first path goes first
        running: dict = {}
        completed = self._distributed.as_completed(loop=self.client.loop)
        slots = self._slots()
        try:
            while queue or running:
                while queue and len(running) < slots:
                    path = queue.pop()
                    try:
                        data = path.read_bytes()
                    except OSError as exc:
                        yield path, self.lost(path, exc)
                        continue
                    future = self.client.submit(run_shipped, work, path.name, data, options, pure=False,
                                                key=f"roadmap-ingest-{uuid.uuid4().hex}")
                    running[future] = path
                    completed.add(future)
                if not running:
                    continue
                future = next(completed)
                path = running.pop(future)
                try:
                    payload = future.result()
                except Exception as exc:       # KilledWorker, a lost connection, a cancelled task
                    payload = self.lost(path, exc)
                finally:
                    future.release()
                yield path, payload
        finally:
            if running:
                self.client.cancel(list(running))

    def close(self) -> None:
        if self._own_client and self.client is not None:
            self.client.close()
        self.client = None


# --- on a Dask worker ---------------------------------------------------------------------------

_ONE_AT_A_TIME = threading.Lock()


def run_shipped(work: Work, name: str, data: bytes, options: Any):
    """On a worker: write the shipped file under its own name in a private folder, read it with
    ``work`` and remove it. Reads of one worker process run one at a time (Kiwi and pdfminer gain
    nothing from threads, and a worker with several threads would hold several documents)."""
    with _ONE_AT_A_TIME:
        folder = tempfile.mkdtemp(prefix="roadmap-")
        try:
            path = os.path.join(folder, name)
            with open(path, "wb") as fh:
                fh.write(data)
            return work(path, options)
        finally:
            shutil.rmtree(folder, ignore_errors=True)


# --- choosing one -------------------------------------------------------------------------------

def make_executor(kind: str = "process", jobs: int = 1, scheduler: str | None = None,
                  initializer: Callable[[], None] | None = None, lost: Lost | None = None,
                  order: Callable[[Sequence[Path]], list[Path]] | None = largest_first) -> Executor:
    """The executor for ``--executor KIND`` (``process`` or ``dask``) with ``--jobs``/``--scheduler``;
    ``order`` sorts the paths before they go out (None: as given)."""
    if kind == "dask":
        return DaskExecutor(scheduler, lost=lost, order=order)
    if kind not in (None, "process"):
        raise ValueError(f"unknown executor {kind!r}; choose one of {', '.join(EXECUTORS)}")
    if jobs <= 1:
        return SerialExecutor(lost)
    return ProcessExecutor(jobs, initializer=initializer, lost=lost, order=order)


def ignore_sigint() -> None:
    """A worker initializer: leave Ctrl-C to the parent, which stops the workers (pool workers
    do so anyway: see :func:`_init_process`)."""
    interrupts.ignore_sigint()
