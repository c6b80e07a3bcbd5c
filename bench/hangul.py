#!/usr/bin/env python3
"""How fast are the Hangul readers and OCR? Two measurements:

* twins: for each PDF of ../shared/corpus-real with an HWPX twin (same stem), the read stage and
  the full ingest of both, in ms per paragraph (HWPX paragraphs, which both files hold), best of
  ``--rounds``;
* OCR: seconds per page Tesseract reads (render at 300 dpi + ``tesseract kor+eng``, pages side by
  side) on the pages ``--ocr auto`` picks in the given PDFs (default: the image pages of two shared
  releases), in all and Tesseract's CPU per page.

    python bench/hangul.py [--rounds N] [--ocr-pdf PDF ...] [--no-ocr]

It prints a table and exits 0: it measures, it does not judge.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.ingest import ingest_file, read_file  # noqa: E402

CORPUS_REAL = ROOT.parent / "shared" / "corpus-real"
OCR_DEFAULT = ["mois-2026-oil-relief-payment.pdf", "msit-2024-sci-ict-trends-260.pdf"]


def paragraphs(path: Path) -> int:
    """Paragraphs with text the Hangul reader laid out (table cells included; an HWP 5 file named
    .hwpx too)."""
    read = read_file(path).read
    return sum(bool(l.ref) for p in read.pages
               for l in list(p.lines) + [l for g in p.grids for c in g.cells for l in c.lines])


def best(fn, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def bench_twins(rounds: int) -> None:
    twins = sorted(p for p in CORPUS_REAL.glob("*.hwpx") if p.with_suffix(".pdf").exists())
    if not twins:
        print("no twins: ../shared/corpus-real is absent")
        return
    ingest_file(twins[0])                      # load Kiwi and spaCy once, outside the timings
    print(f"{'twin':42} {'paras':>5} {'read ms/para':>20} {'ingest ms/para':>20}")
    print(f"{'':42} {'':>5} {'hangul':>9} {'pdf':>9} {'hangul':>9} {'pdf':>9}")
    ratios = []
    for hwpx in twins:
        pdf = hwpx.with_suffix(".pdf")
        n = paragraphs(hwpx)
        read_h, read_p = best(lambda: read_file(hwpx), rounds), best(lambda: read_file(pdf, ocr="never"), rounds)
        full_h = best(lambda: ingest_file(hwpx), rounds)
        full_p = best(lambda: ingest_file(pdf, ocr="never"), rounds)
        ratios.append(full_p / full_h)
        print(f"{hwpx.stem:42} {n:5d} {1000 * read_h / n:9.2f} {1000 * read_p / n:9.2f} "
              f"{1000 * full_h / n:9.2f} {1000 * full_p / n:9.2f}")
    print(f"median full-ingest speed-up of the Hangul twin over its PDF: {statistics.median(ratios):.2f}x")


def bench_ocr(pdfs: list[Path]) -> None:
    from pipeline.read import ocr
    from pipeline.read import source
    from pipeline.read.pdf import read_pdf
    if ocr.tesseract_path() is None:
        print("OCR: tesseract is not installed")
        return
    for path in pdfs:
        with source.open_pdf(path) as pdf:
            pages = list(read_pdf(pdf, path.name, sha256="-").pages)
        wanted = ocr.pages_to_read(pages, "auto")
        start = time.perf_counter()
        with ocr.PageOcr(path) as reader:
            out, _ = reader.finish(pages)
            timings = reader.timings()
        seconds = time.perf_counter() - start
        lines = sum(1 for p in out for l in p.lines if l.ocr is not None)
        cpu = sum(c for _, c in timings.values())
        print(f"OCR {path.name}: pages {wanted} ({len(timings)} read), {seconds:.1f} s in all, "
              f"{seconds / max(1, len(wanted)):.1f} s/page, Tesseract CPU {cpu / max(1, len(timings)):.1f} s/page, "
              f"{lines} lines")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--ocr-pdf", nargs="*", type=Path)
    parser.add_argument("--no-ocr", action="store_true")
    args = parser.parse_args(argv)
    bench_twins(args.rounds)
    if not args.no_ocr:
        bench_ocr(args.ocr_pdf or [CORPUS_REAL / n for n in OCR_DEFAULT if (CORPUS_REAL / n).exists()])
    return 0


if __name__ == "__main__":
    sys.exit(main())
