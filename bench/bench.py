#!/usr/bin/env python3
"""Ingest benchmark: how far the pipeline is from pdfplumber's own floor, and how batches scale.

One run measures, over ``corpus/*.pdf`` and (when present) ``../shared/corpus-real/*.pdf``:

* per file, in a fresh process with Kiwi (and spaCy) already loaded and warmed up: the page count,
  plain pdfplumber ``extract_text`` on every page (the baseline), the full
  :func:`pipeline.ingest.ingest_file` with OCR ``auto`` (the default) and ``never``, their ratios,
  the pages OCR read and its seconds per page (wall and Tesseract's CPU), and the process's peak
  RSS. Small files are timed up to three times (baseline and ingests alternating) and the median
  is kept. Wall time and CPU time (Tesseract's processes included) are both recorded: on a busy
  machine the CPU-time ratio is the one to trust;
* batches as CLI runs (``python -m pipeline ingest``): pages/s with ``--jobs 1`` and ``--jobs 2``
  into fresh stores, then runs over the same, unchanged files (all cache hits); three interleaved
  rounds of each (``--batch-repeats``), the median kept. CPU time and peak RSS count the pool's
  workers too (this process becomes their subreaper).

It prints a table and writes everything as JSON to ``bench/results/<date-time>.json``. Ratios and
medians are what to read, not single times. ``python bench/bench.py --help`` for the options.

OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE, when set on this machine, are unset together in the measured
processes only (they slow a current numpy); the numpy BLAS kernel in use is recorded.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "bench" / "results"
OPENBLAS_VARS = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")


# --- what to measure -----------------------------------------------------------------------------

def corpus_files(root: Path = ROOT) -> list[Path]:
    """``corpus/*.pdf`` and, when present, ``../shared/corpus-real/*.pdf``."""
    files = sorted((root / "corpus").glob("*.pdf"))
    real = root.parent / "shared" / "corpus-real"
    if real.is_dir():
        files += sorted(real.glob("*.pdf"))
    return files


def child_env() -> dict:
    """The environment of measured processes: this one's, with the OpenBLAS overrides unset
    together, and the repository importable."""
    env = dict(os.environ)
    for name in OPENBLAS_VARS:
        env.pop(name, None)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    return env


# --- one file, in this process --------------------------------------------------------------------

def warm_up() -> None:
    """Load Kiwi and spaCy and run each once: their lazy loading is not the file's cost."""
    from pipeline import korean
    from pipeline.extract import analysis
    korean.kiwi().analyze("모델을 불러오는 문장입니다.")
    analysis.analyse_texts({"ko": "인공지능 기술을 개발한다. 2030년까지 10배로 늘린다.",
                            "en": "This warms up the English pipeline. It has two sentences."})
    try:
        from pipeline.korean.figures import find_figures
        find_figures("2030년까지 1조 2천억원 이상", "ko")
    except Exception:            # figures are warmed by the ingest anyway
        pass


def page_count(path: str | Path) -> int:
    import pdfplumber
    with pdfplumber.open(path) as pdf:
        return len(pdf.pages)


def _pages_of(known: int | None, path: Path) -> int:
    """Pages of a file for batch throughput: failed files are read too, so they count."""
    if known:
        return known
    try:
        return page_count(path)
    except Exception:
        return 0


def baseline_pass(path: str | Path) -> tuple[int, float, float]:
    """Plain pdfplumber: ``extract_text`` on every page. (pages, wall s, CPU s)."""
    import pdfplumber
    wall, cpu = time.perf_counter(), time.process_time()
    with pdfplumber.open(path) as pdf:
        pages = len(pdf.pages)
        for page in pdf.pages:
            page.extract_text()
            page.close()
    return pages, time.perf_counter() - wall, time.process_time() - cpu


def ingest_pass(path: str | Path, reader: str | None = None, ocr: str | None = None) -> tuple[float, float, str | None]:
    """The full ingest of one file. (wall s, CPU s with the OCR processes it waited for, error or None)."""
    from pipeline.ingest import ingest_file
    kwargs = {k: v for k, v in (("reader", reader), ("ocr", ocr)) if v}
    wall, cpu = time.perf_counter(), _cpu_with_children()
    error = None
    try:
        ingest_file(path, **kwargs)
    except Exception as exc:       # a failing file is reported, not fatal to the benchmark
        error = f"{type(exc).__name__}: {exc}"[:200]
    return time.perf_counter() - wall, _cpu_with_children() - cpu, error


def _cpu_with_children() -> float:
    """CPU seconds of this process and of the children it reaped (Tesseract's)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


#: (wall s, CPU s) of every page OCR read in this process, appended by :func:`clock_ocr`.
OCR_PAGES: list[tuple[float, float]] = []


def clock_ocr() -> None:
    """Have each :class:`pipeline.read.ocr.PageOcr` of this process add its pages' timings to
    :data:`OCR_PAGES` (once per process)."""
    from pipeline.read import ocr
    finish = ocr.PageOcr.finish
    if getattr(finish, "clocked", False):
        return

    def clocked(self, pages):
        out = finish(self, pages)
        OCR_PAGES.extend(self.timings().values())
        return out
    clocked.clocked = True
    ocr.PageOcr.finish = clocked


def measure_file(path: str | Path, min_time: float = 1.0, max_repeats: int = 3,
                 readers: tuple[str, ...] = ()) -> dict:
    """Baseline and ingest of one file in this process (call :func:`warm_up` first).

    Repeats baseline then ingest until the baseline has taken ``min_time`` seconds in all, at most
    ``max_repeats`` times; keeps the medians. ``readers``: other ingest readers to time as well."""
    import pdfplumber
    with pdfplumber.open(path) as pdf:     # the file's fonts and CMaps, loaded once per process
        pdf.pages[0].extract_text()
    clock_ocr()
    base_wall, base_cpu, ing_wall, ing_cpu, other = [], [], [], [], {r: [] for r in readers}
    never = []
    error, pages = None, 0
    while True:
        pages, wall, cpu = baseline_pass(path)
        base_wall.append(wall)
        base_cpu.append(cpu)
        OCR_PAGES.clear()
        wall, cpu, error = ingest_pass(path)
        ing_wall.append(wall)
        ing_cpu.append(cpu)
        ocr_pages = list(OCR_PAGES)
        never.append(ingest_pass(path, ocr="never"))
        for reader in readers:
            other[reader].append(ingest_pass(path, reader))
        if error or sum(base_wall) >= min_time or len(base_wall) >= max_repeats:
            break
    med = statistics.median
    row = {
        "file": Path(path).name, "path": str(path), "pages": pages, "repeats": len(base_wall),
        "baseline_s": med(base_wall), "ingest_s": med(ing_wall),
        "baseline_cpu_s": med(base_cpu), "ingest_cpu_s": med(ing_cpu),
        "status": "ok" if error is None else "failed", "error": error,
    }
    row["ratio"] = row["ingest_s"] / row["baseline_s"] if row["baseline_s"] else None
    row["cpu_ratio"] = row["ingest_cpu_s"] / row["baseline_cpu_s"] if row["baseline_cpu_s"] else None
    row["ingest_never_s"] = med([w for w, _, _ in never])
    row["ingest_never_cpu_s"] = med([c for _, c, _ in never])
    row["ratio_never"] = row["ingest_never_s"] / row["baseline_s"] if row["baseline_s"] else None
    row["cpu_ratio_never"] = row["ingest_never_cpu_s"] / row["baseline_cpu_s"] if row["baseline_cpu_s"] else None
    # the pages OCR read in the last auto ingest, and its seconds per page
    row["ocr_pages"] = len(ocr_pages)
    row["ocr_s"] = [round(w, 3) for w, _ in ocr_pages]
    row["ocr_cpu_s"] = [round(c, 3) for _, c in ocr_pages]
    row["baseline_ms_per_page"] = 1000 * row["baseline_s"] / max(1, pages)
    row["ingest_ms_per_page"] = 1000 * row["ingest_s"] / max(1, pages)
    for reader, runs in other.items():
        walls = [w for w, _, e in runs if e is None]
        cpus = [c for _, c, e in runs if e is None]
        row[f"ingest_{reader}_s"] = med(walls) if walls else None
        row[f"ingest_{reader}_cpu_s"] = med(cpus) if cpus else None
        row[f"ratio_{reader}"] = med(walls) / row["baseline_s"] if walls and row["baseline_s"] else None
        row[f"cpu_ratio_{reader}"] = med(cpus) / row["baseline_cpu_s"] if cpus and row["baseline_cpu_s"] else None
        row[f"error_{reader}"] = next((e for _, _, e in runs if e), None)
    row["peak_rss_mb"] = peak_rss_mb()
    return row


def peak_rss_mb() -> float:
    """This process's peak resident set size (MB)."""
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(kb / 1024 if sys.platform != "darwin" else kb / 2**20, 1)


def measure_file_subprocess(path: str | Path, min_time: float = 1.0, max_repeats: int = 3,
                            readers: tuple[str, ...] = (), timeout: float = 600) -> dict:
    """:func:`measure_file` in a fresh Python process (so that peak RSS is this file's)."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--one", str(path), "--min-time", str(min_time),
           "--max-repeats", str(max_repeats)] + [a for r in readers for a in ("--reader", r)]
    try:
        proc = subprocess.run(cmd, cwd=ROOT, env=child_env(), capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"file": Path(path).name, "path": str(path), "status": "failed", "error": f"timed out after {timeout:g} s"}
    lines = [l for l in proc.stdout.splitlines() if l.startswith("{")]
    if proc.returncode != 0 or not lines:
        return {"file": Path(path).name, "path": str(path), "status": "failed",
                "error": (proc.stderr.strip().splitlines() or [f"exit {proc.returncode}"])[-1][:200]}
    return json.loads(lines[-1])


def _one(args) -> int:
    """``--one FILE``: measure one file in this (fresh) process and print its row as JSON."""
    import logging
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    warm_up()
    row = measure_file(args.one, args.min_time, args.max_repeats, tuple(args.reader))
    row["blas"] = blas_info()
    print(json.dumps(row, ensure_ascii=False))
    return 0


def blas_info() -> list | None:
    """The BLAS libraries numpy uses and their kernels (threadpoolctl), when it is installed."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return None
    return [{k: i.get(k) for k in ("internal_api", "version", "architecture", "num_threads")}
            for i in threadpool_info()]


# --- batches through the CLI --------------------------------------------------------------------

# Set by main(): this process is a child subreaper (see run_measured).
_SUBREAPER = False


def run_measured(cmd: list[str], cwd: Path = ROOT, env: dict | None = None) -> dict:
    """Run ``cmd``; its wall time, and the CPU time and peak RSS (of its largest process) of it
    and its descendants (``wait4``). The pool's workers are forked by a fork server that outlives
    the command by a moment: when this process is a child subreaper (``bench.py`` itself is, on
    Linux) it collects them too; otherwise their CPU time is missing."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env or child_env(), stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        cpu, rss = usage.ru_utime + usage.ru_stime, usage.ru_maxrss
        for orphan in (_reap_orphans() if _SUBREAPER else ()):
            cpu, rss = cpu + orphan.ru_utime + orphan.ru_stime, max(rss, orphan.ru_maxrss)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    return {"wall_s": wall, "cpu_s": cpu, "exit": proc.returncode, "peak_rss_mb": round(rss / 1024, 1),
            "stderr_tail": stderr.strip().splitlines()[-3:]}


def _become_subreaper() -> bool:
    """Linux: have orphaned descendants re-parented to this process (PR_SET_CHILD_SUBREAPER)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes
        return ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0) == 0
    except Exception:
        return False


def _reap_orphans(timeout: float = 10.0) -> list:
    """The resource usage of every descendant left behind, once each has exited."""
    usages, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            pid, _, usage = os.wait4(-1, os.WNOHANG)
        except ChildProcessError:          # none left
            break
        if pid:
            usages.append(usage)
        else:
            time.sleep(0.01)
    return usages


def cli_ingest(files: list[Path], db: Path, out: Path, jobs: int, extra: list[str] = ()) -> dict:
    """One ``python -m pipeline ingest`` run over ``files``."""
    cmd = [sys.executable, "-m", "pipeline", "ingest", *map(str, files), "--db", str(db), "--out", str(out),
           "--jobs", str(jobs), "--quiet", *extra]
    run = run_measured(cmd)
    run["jobs"] = jobs
    return run


def batch_runs(files: list[Path], pages: int, jobs_list=(1, 2), extra: list[str] = (),
               repeats: int = 3) -> dict:
    """Batches over ``files`` (``pages`` in all): ``repeats`` rounds of one fresh-store run per
    ``jobs`` (the rounds interleave the ``jobs`` values, so that a drift of the machine's speed
    falls on all of them), then ``repeats`` runs over the same, unchanged files into the last
    store (cache hits). Each run kept is the one of median wall time; all times are recorded."""
    out: dict = {"files": len(files), "pages": pages, "repeats": repeats, "runs": []}
    work = Path(tempfile.mkdtemp(prefix="roadmap-bench-"))
    try:
        runs: dict[int, list[dict]] = {jobs: [] for jobs in jobs_list}
        db = None
        for round_ in range(repeats):
            for jobs in jobs_list:
                db = work / f"jobs{jobs}-{round_}.db"
                run = cli_ingest(files, db, work / f"json{jobs}-{round_}", jobs, list(extra))
                runs[jobs].append(run)
                print(f"  --jobs {jobs}: {run['wall_s']:.1f} s, {pages / run['wall_s']:.2f} pages/s "
                      f"(exit {run['exit']})", file=sys.stderr, flush=True)
        for jobs in jobs_list:
            out["runs"].append(_median_run(runs[jobs], pages))
        # Files that failed are not stored and would be read again: the re-run takes the others.
        last_json = work / f"json{jobs_list[-1]}-{repeats - 1}"
        stored = [f for f in files if (last_json / f"{f.stem}.json").exists()]
        cached_runs = []
        for round_ in range(repeats):
            cached_runs.append(cli_ingest(stored, db, work / f"json-again-{round_}", jobs_list[-1], list(extra)))
            print(f"  unchanged files again: {cached_runs[-1]['wall_s']:.2f} s", file=sys.stderr, flush=True)
        cached = _median_run(cached_runs, pages)
        cached["files"] = len(stored)
        out["cached"] = cached
        first = {r["jobs"]: r for r in out["runs"]}
        if 1 in first and 2 in first:
            out["jobs2_speedup"] = first[2]["pages_per_s"] / first[1]["pages_per_s"]
        out["cache_speedup"] = out["runs"][-1]["wall_s"] / cached["wall_s"]
        out["cache_speedup_vs_jobs1"] = first[min(first)]["wall_s"] / cached["wall_s"]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out


def _median_run(runs: list[dict], pages: int) -> dict:
    """The run of median wall time (the lower middle one of an even count), with every run's
    wall time and its pages/s."""
    ordered = sorted(runs, key=lambda r: r["wall_s"])
    run = dict(ordered[(len(ordered) - 1) // 2])
    run["wall_s_all"] = [round(r["wall_s"], 3) for r in runs]
    run["pages_per_s"] = pages / run["wall_s"]
    return run


# --- summary ------------------------------------------------------------------------------------

def summarize(rows: list[dict], readers: tuple[str, ...] = ()) -> dict:
    """Medians over the files that were ingested."""
    ok = [r for r in rows if r.get("status") == "ok"]
    med = lambda xs: statistics.median(xs) if xs else None  # noqa: E731
    summary = {
        "files": len(rows), "ok": len(ok), "failed": [r["file"] for r in rows if r.get("status") != "ok"],
        "pages": sum(r.get("pages", 0) for r in ok),
        "median_ratio": med([r["ratio"] for r in ok if r.get("ratio")]),
        "median_cpu_ratio": med([r["cpu_ratio"] for r in ok if r.get("cpu_ratio")]),
        "total_ratio": (sum(r["ingest_s"] for r in ok) / sum(r["baseline_s"] for r in ok)) if ok else None,
        "total_cpu_ratio": (sum(r["ingest_cpu_s"] for r in ok) / sum(r["baseline_cpu_s"] for r in ok)) if ok else None,
        "median_baseline_ms_per_page": med([r["baseline_ms_per_page"] for r in ok]),
        "median_ingest_ms_per_page": med([r["ingest_ms_per_page"] for r in ok]),
        **_ocr_summary(ok),
        "max_peak_rss_mb": max((r.get("peak_rss_mb") or 0 for r in rows), default=None),
    }
    if ok:
        largest = max(ok, key=lambda r: r["pages"])
        summary["largest_file"] = {"file": largest["file"], "pages": largest["pages"],
                                   "peak_rss_mb": largest.get("peak_rss_mb")}
    for reader in readers:
        summary[f"median_ratio_{reader}"] = med([r[f"ratio_{reader}"] for r in ok if r.get(f"ratio_{reader}")])
        summary[f"median_cpu_ratio_{reader}"] = med([r[f"cpu_ratio_{reader}"] for r in ok
                                                     if r.get(f"cpu_ratio_{reader}")])
    return summary


def _ocr_summary(ok: list[dict]) -> dict:
    """Whole-set ratios with OCR ``never`` (the default ``auto`` is ``total_ratio``) and OCR's
    seconds per page over every page it read."""
    with_never = [r for r in ok if r.get("ingest_never_s") is not None]
    walls = [s for r in ok for s in r.get("ocr_s", [])]
    cpus = [s for r in ok for s in r.get("ocr_cpu_s", [])]
    base = sum(r["baseline_s"] for r in with_never)
    base_cpu = sum(r["baseline_cpu_s"] for r in with_never)
    return {
        "total_ratio_never": sum(r["ingest_never_s"] for r in with_never) / base if base else None,
        "total_cpu_ratio_never": sum(r["ingest_never_cpu_s"] for r in with_never) / base_cpu if base_cpu else None,
        "ocr_pages": len(walls),
        "ocr_s_per_page": statistics.fmean(walls) if walls else None,
        "ocr_max_s_per_page": max(walls, default=None),
        "ocr_cpu_s_per_page": statistics.fmean(cpus) if cpus else None,
    }


def format_table(rows: list[dict], summary: dict, batch: dict | None = None,
                 readers: tuple[str, ...] = ()) -> str:
    head = (f"{'file':42} {'pages':>5} {'base s':>7} {'ingest s':>8} {'ratio':>6} {'cpu ratio':>9} {'never':>6} "
            f"{'OCR pg':>6} {'OCR s/pg':>8} {'base ms/pg':>10} {'RSS MB':>7}")
    extra = "".join(f" {('ratio ' + r):>12}" for r in readers)
    out = [head + extra, "-" * (len(head) + len(extra))]
    for r in rows:
        if r.get("status") != "ok":
            out.append(f"{r['file'][:42]:42} failed: {r.get('error')}"[:160])
            continue
        ocr_s = r.get("ocr_s") or []
        line = (f"{r['file'][:42]:42} {r['pages']:5d} {r['baseline_s']:7.2f} {r['ingest_s']:8.2f} {r['ratio']:6.2f} "
                f"{r['cpu_ratio']:9.2f} {_num(r.get('ratio_never'), 6)} {len(ocr_s):6d} "
                f"{_num(statistics.fmean(ocr_s) if ocr_s else None, 8)} "
                f"{r['baseline_ms_per_page']:10.0f} {r['peak_rss_mb']:7.0f}")
        for reader in readers:
            value = r.get(f"ratio_{reader}")
            line += f" {value:12.2f}" if value else f" {'-':>12}"
        out.append(line)
    out.append("")
    s = summary
    fmt = lambda v, spec=".2f": format(v, spec) if isinstance(v, (int, float)) else "-"  # noqa: E731
    out.append(f"files {s['ok']}/{s['files']} ok, {s['pages']} pages; median ingest/extract_text ratio "
               f"{fmt(s['median_ratio'])} (wall), {fmt(s['median_cpu_ratio'])} (CPU); "
               f"whole corpus {fmt(s['total_ratio'])} (wall), {fmt(s['total_cpu_ratio'])} (CPU)")
    out.append(f"median ms/page: extract_text {fmt(s['median_baseline_ms_per_page'], '.0f')}, "
               f"ingest {fmt(s['median_ingest_ms_per_page'], '.0f')}; peak RSS max {fmt(s['max_peak_rss_mb'], '.0f')} MB"
               + (f" (largest file {s['largest_file']['file']}, {s['largest_file']['pages']} pages: "
                  f"{fmt(s['largest_file']['peak_rss_mb'], '.0f')} MB)" if s.get("largest_file") else ""))
    out.append(f"OCR auto (the default) over the whole set {fmt(s.get('total_ratio'))} (wall), "
               f"{fmt(s.get('total_cpu_ratio'))} (CPU); OCR never {fmt(s.get('total_ratio_never'))} (wall), "
               f"{fmt(s.get('total_cpu_ratio_never'))} (CPU); OCR read {s.get('ocr_pages', 0)} page(s): "
               f"{fmt(s.get('ocr_s_per_page'))} s/page wall (max {fmt(s.get('ocr_max_s_per_page'))}), "
               f"{fmt(s.get('ocr_cpu_s_per_page'))} s/page Tesseract CPU")
    for reader in readers:
        out.append(f"reader {reader}: median ratio {fmt(s.get(f'median_ratio_{reader}'))} (wall), "
                   f"{fmt(s.get(f'median_cpu_ratio_{reader}'))} (CPU)")
    if batch:
        out.append(f"CLI runs over {batch.get('files', '?')} files, {batch.get('pages', '?')} pages; median of "
                   f"{batch.get('repeats', 1)} (all wall times in brackets)")
        for run in batch["runs"]:
            out.append(f"CLI --jobs {run['jobs']}: {run['wall_s']:.1f} s wall {_times(run)}, {run['cpu_s']:.1f} s CPU, "
                       f"{run['pages_per_s']:.2f} pages/s, peak RSS {run['peak_rss_mb']:.0f} MB, exit {run['exit']}")
        c = batch["cached"]
        out.append(f"CLI unchanged files again ({c.get('files', '?')} stored): {c['wall_s']:.2f} s wall {_times(c)} "
                   f"({fmt(batch.get('cache_speedup'), '.0f')}x "
                   f"faster than the first --jobs {batch['runs'][-1]['jobs']} run, "
                   f"{fmt(batch.get('cache_speedup_vs_jobs1'), '.0f')}x than --jobs 1)")
        if "jobs2_speedup" in batch:
            out.append(f"--jobs 2 / --jobs 1 pages/s: {batch['jobs2_speedup']:.2f}x")
    if failed := s.get("failed"):
        out.append(f"failed: {', '.join(failed)}")
    return "\n".join(out)


def _num(value, width: int) -> str:
    return f"{value:{width}.2f}" if isinstance(value, (int, float)) else f"{'-':>{width}}"


def _times(run: dict) -> str:
    return "[" + " ".join(f"{t:.2f}" for t in run.get("wall_s_all", [run["wall_s"]])) + "]"


def machine_info() -> dict:
    info = {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count(),
            "loadavg_start": os.getloadavg() if hasattr(os, "getloadavg") else None,
            "openblas_env": {k: os.environ.get(k) for k in OPENBLAS_VARS if k in os.environ}}
    try:
        info["commit"] = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                        text=True).stdout.strip()
    except OSError:
        pass
    try:
        from importlib.metadata import version
        info["packages"] = {p: version(p) for p in ("pdfplumber", "pdfminer.six", "kiwipiepy", "pypdfium2")
                            if _has(p)}
    except Exception:
        pass
    return info


def _has(dist: str) -> bool:
    from importlib.metadata import PackageNotFoundError, version
    try:
        version(dist)
        return True
    except PackageNotFoundError:
        return False


def write_results(result: dict, directory: Path = RESULTS) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{_dt.datetime.now().strftime('%Y-%m-%dT%H%M%S')}.json"
    path.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


# --- main ---------------------------------------------------------------------------------------

def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("files", nargs="*", help="PDFs to measure (default: corpus/*.pdf and ../shared/corpus-real/*.pdf)")
    p.add_argument("--min-time", type=float, default=1.0,
                   help="repeat a file until its baseline took this many seconds (default 1)")
    p.add_argument("--max-repeats", type=int, default=3, help="at most this many timings per file (default 3)")
    p.add_argument("--reader", action="append", default=[],
                   help="also time ingest with this reader (e.g. pdfium); repeatable")
    p.add_argument("--no-files", action="store_true", help="skip the per-file measurements")
    p.add_argument("--no-batch", action="store_true", help="skip the CLI batch runs")
    p.add_argument("--jobs", default="1,2", help="--jobs values of the batch runs (default 1,2)")
    p.add_argument("--batch-arg", action="append", default=[], help="extra argument for the CLI runs")
    p.add_argument("--batch-repeats", type=int, default=3,
                   help="rounds of CLI runs; the median of each is kept (default 3)")
    p.add_argument("--out", type=Path, help="write the JSON here instead of bench/results/<date>.json")
    p.add_argument("--one", help=argparse.SUPPRESS)
    return p.parse_args(argv)


def main(argv=None) -> int:
    global _SUBREAPER
    args = parse_args(argv)
    if args.one:
        return _one(args)
    _SUBREAPER = _become_subreaper()
    files = [Path(f) for f in args.files] or corpus_files()
    if not files:
        print("no PDFs to measure", file=sys.stderr)
        return 2
    readers = tuple(args.reader)
    started = time.perf_counter()
    result = {"machine": machine_info(), "files": [], "settings": {
        "min_time": args.min_time, "max_repeats": args.max_repeats, "readers": list(readers)}}
    load = result["machine"]["loadavg_start"]
    if load and load[0] > 0.75 * (os.cpu_count() or 1):
        print(f"note: load average {load[0]:.1f} on {os.cpu_count()} CPUs: wall times are unreliable, "
              "read the CPU ratios", file=sys.stderr)
    rows = []
    if not args.no_files:
        for i, path in enumerate(files, 1):
            row = measure_file_subprocess(path, args.min_time, args.max_repeats, readers)
            rows.append(row)
            shown = (f"{row['ratio']:.2f}x ({row['baseline_s']:.2f} s -> {row['ingest_s']:.2f} s)"
                     if row.get("status") == "ok" else f"failed: {row.get('error')}")
            print(f"[{i}/{len(files)}] {path.name}: {shown}", file=sys.stderr, flush=True)
    result["files"] = rows
    summary = summarize(rows, readers)
    result["summary"] = summary
    batch = None
    if not args.no_batch:
        pages = sum(_pages_of(r.get("pages"), f) for r, f in zip(rows, files)) if rows else \
            sum(_pages_of(None, f) for f in files)
        jobs_list = tuple(int(j) for j in args.jobs.split(","))
        batch = batch_runs(files, pages, jobs_list, args.batch_arg, args.batch_repeats)
        result["batch"] = batch
    result["machine"]["loadavg_end"] = os.getloadavg() if hasattr(os, "getloadavg") else None
    result["elapsed_s"] = time.perf_counter() - started
    table = format_table(rows, summary, batch, readers)
    print(table)
    if args.out:
        path = args.out
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    else:
        path = write_results(result)
    print(f"\nwritten to {path} ({result['elapsed_s']:.0f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
