"""Mutation fuzzing: damaged copies of real and generated PDFs end in a document or a typed error.

Never an unhandled exception, never a hang. Bytes are flipped, slices duplicated, deleted or spliced,
whole ``obj ... endobj`` sections duplicated, files truncated, with a fixed seed so that a failure
can be replayed. To stay within CI time (the whole pipeline, Kiwi included, runs on every case that
opens) the cases are a mix:

* the sample release (10 pages), mostly read with ``max_pages=1``: what opens is refused by page
  count at once, so these cases test opening a damaged file of the real structure; a dozen are
  read in full;
* its first page cut out with pypdf, and a small three-page Korean PDF drawn by reportlab, read in
  full: every stage runs on the damaged content.

Decompression bombs of the Hangul formats (a part or stream of about 1 MB that inflates to 1 GB)
are ingested in a child process each, whose peak memory is asserted: each is refused by name in a
small part of what it inflates to (they took 2.1 GB and 6 to 13 s each before the limits).
"""
from __future__ import annotations

import faulthandler
import logging
import os
import random
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

import badinput as bad
import hangul
from pipeline import errors
from pipeline.ingest import ingest_file
from pipeline.read.limits import PageMemoryError

# A fixed seed, so that CI runs the same cases every time; set ROADMAP_FUZZ_SEED to explore others.
SEED = int(os.environ.get("ROADMAP_FUZZ_SEED", "20240422"))
TYPED = (errors.InputError, errors.PageTimeoutError, PageMemoryError)
CASE_DEADLINE = 60          # seconds: a case still running then is a hang; the process is ended
_OBJECT = re.compile(rb"\d+ \d+ obj\b.*?endobj", re.S)


# --- mutations ---------------------------------------------------------------------------------------

def flip(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 16)):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def duplicate_slice(data: bytes, rng: random.Random) -> bytes:
    start = rng.randrange(len(data))
    piece = data[start:start + rng.randint(1, 4000)]
    at = rng.randrange(len(data))
    return data[:at] + piece + data[at:]


def duplicate_object(data: bytes, rng: random.Random) -> bytes:
    """A whole ``obj ... endobj`` section copied in front of another one (xref offsets go stale)."""
    objects = list(_OBJECT.finditer(data))
    if len(objects) < 2:
        return duplicate_slice(data, rng)
    piece, before = rng.choice(objects).group(0), rng.choice(objects).start()
    return data[:before] + piece + b"\n" + data[before:]


def delete_slice(data: bytes, rng: random.Random) -> bytes:
    start = rng.randrange(len(data))
    return data[:start] + data[start + rng.randint(1, 2000):]


def splice(data: bytes, rng: random.Random) -> bytes:
    """A slice overwritten with bytes from elsewhere in the file."""
    length = rng.randint(1, 200)
    src, dst = rng.randrange(len(data)), rng.randrange(len(data))
    return data[:dst] + data[src:src + length] + data[dst + length:]


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[:rng.randrange(1, len(data))]


MUTATIONS = [flip, flip, duplicate_slice, duplicate_object, delete_slice, splice, truncate]


def mutants(data: bytes, count: int, rng: random.Random):
    """``count`` damaged copies of ``data``, each with the name of its mutation."""
    for _ in range(count):
        mutation = rng.choice(MUTATIONS)
        yield mutation.__name__, mutation(data, rng)


# --- the run ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("seeds")
    pypdf = bad.pypdf
    writer = pypdf.PdfWriter()
    writer.add_page(pypdf.PdfReader(str(bad.SAMPLE)).pages[0])
    writer.write(str(folder / "sample-page-1.pdf"))
    bad.text_pdf(folder / "small.pdf", [bad.KOREAN_LINES, ["붙임 1 추진 일정"] + bad.KOREAN_LINES[1:],
                                        None])
    return {"sample": bad.SAMPLE, "page": folder / "sample-page-1.pdf", "small": folder / "small.pdf"}


#: (seed file, cases, max_pages): most of the sample's cases stop at the page count, a few read it all
PLAN = [("sample", 100, 1), ("sample", 12, None), ("page", 70, None), ("small", 150, None)]


def run_case(path: Path, max_pages) -> tuple[str, float]:
    """The outcome of one case (``"ok"`` or the typed error's class name) and its duration; any
    other exception propagates."""
    started = time.monotonic()
    faulthandler.dump_traceback_later(CASE_DEADLINE, exit=True)
    try:
        ingest_file(path, max_pages=max_pages, page_timeout=5)
        outcome = "ok"
    except TYPED as exc:
        assert "\n" not in str(exc) and str(exc).startswith(f"{path.name}: "), str(exc)
        outcome = type(exc).__name__
    finally:
        faulthandler.cancel_dump_traceback_later()
    return outcome, time.monotonic() - started


@pytest.mark.slow
def test_mutated_pdfs_end_in_a_document_or_a_typed_error(seeds, tmp_path):
    logging.getLogger("pdfminer").setLevel(logging.CRITICAL)    # damaged files make it chatty
    rng = random.Random(SEED)
    outcomes, bugs, slowest, n = Counter(), [], (0.0, ""), 0
    for seed, count, max_pages in PLAN:
        data = seeds[seed].read_bytes()
        for mutation, damaged in mutants(data, count, rng):
            n += 1
            path = tmp_path / f"{seed}-{n:03d}-{mutation}.pdf"
            path.write_bytes(damaged)
            try:
                outcome, seconds = run_case(path, max_pages)
            except Exception as exc:        # the test's whole point: this must never happen
                bugs.append(f"{path.name}: {type(exc).__name__}: {exc}")
                continue
            path.unlink()                   # keep only the cases that went wrong
            outcomes[seed, outcome] += 1
            slowest = max(slowest, (seconds, path.name))
    print(f"\n{n} cases: {dict(sorted(outcomes.items()))}; slowest {slowest[0]:.1f} s ({slowest[1]})",
          file=sys.stderr)
    assert not bugs, "\n".join(bugs)
    assert n >= 300
    # The mix did what it is for: damage was found, and damaged files were still read.
    assert outcomes["page", "ok"] + outcomes["small", "ok"] > 30
    assert sum(v for (seed, o), v in outcomes.items() if o == "CorruptPdfError") > 30


# --- decompression bombs --------------------------------------------------------------------------

BOMB_MB = 1024                  # what each bomb inflates to (the probe of issue 23)
PEAK_MB = 300                   # Python and the pipeline's imports take under 100 MB
#: bomb -> (how it is made, what its one-line reason says)
BOMBS = {
    "section.hwpx": (lambda p: hangul.hwpx_bomb(p, BOMB_MB), "(zip_bomb)"),
    "understated.hwpx": (lambda p: hangul.hwpx_bomb(p, BOMB_MB, declared=1000), "Bad CRC-32"),
    "mimetype.hwpx": (lambda p: hangul.hwpx_bomb(p, BOMB_MB, members=("mimetype",)),
                      "no 'application/hwp+zip' mimetype"),
    "section.hwp": (lambda p: hangul.hwp_bomb(p, BOMB_MB), "(zip_bomb)"),
    "docinfo.hwp": (lambda p: hangul.hwp_bomb(p, BOMB_MB, stream="DocInfo"), "(zip_bomb)"),
}
#: The command line in a child that reports its peak resident set in KB (VmHWM: ru_maxrss of the
#: child itself would start from the test process's size, which fork hands on), or its children's
#: if they took more, as its last output line.
PEAK_OF_CLI = ("import re, resource, sys; from pipeline.cli import main; status = main(sys.argv[1:]); "
               "own = int(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1)); "
               "print(max(own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)); sys.exit(status)")


@pytest.mark.parametrize("name", sorted(BOMBS))
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="peak memory is read from /proc")
def test_a_decompression_bomb_is_refused_by_name_in_a_fraction_of_its_size(name, tmp_path):
    make, reason = BOMBS[name]
    bomb = make(tmp_path / name)
    assert bomb.stat().st_size < 2 * 2**20
    proc = subprocess.run([sys.executable, "-c", PEAK_OF_CLI, "ingest", str(bomb), "--db",
                           str(tmp_path / "x.db"), "--jobs", "1", "--quiet"], cwd=bad.ROOT,
                          capture_output=True, text=True, timeout=300,
                          env=dict(os.environ, PYTHONPATH=str(bad.ROOT), PYTHONIOENCODING="utf-8"))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr[-2000:]
    lines = [line for line in proc.stderr.splitlines() if f"{name}: " in line]
    assert len(lines) == 1 and reason in lines[0], proc.stderr
    peak_mb = int(proc.stdout.split()[-1]) / 1024              # ru_maxrss is in KB on Linux
    assert peak_mb < PEAK_MB, f"{name}: peak {peak_mb:.0f} MB"
