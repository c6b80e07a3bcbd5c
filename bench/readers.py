#!/usr/bin/env python3
"""Do the PDFium and pdfminer readers read a corpus the same way? File by file: text lines (body and
table cells) that differ, pages whose ruled tables differ, pages PDFium left to pdfminer, and the
records (figures, targets, focus technologies, metadata) that differ.

    python bench/readers.py [PDF...]      # default: corpus/*.pdf and ../shared/corpus-real/*.pdf

Exit status 0; it measures, it does not judge.
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench import corpus_files  # noqa: E402
from pipeline.ingest import ingest_file  # noqa: E402
from pipeline.read import source  # noqa: E402
from pipeline.read.content import PdfiumPages  # noqa: E402
from pipeline.read.pdf import read_pdf  # noqa: E402


def page_lines(page) -> Counter:
    return Counter([l.text for l in page.lines] + [l.text for g in page.grids for c in g.cells for l in c.lines])


def grid_shapes(page) -> list[tuple[int, int, int]]:
    return [(g.n_rows, g.n_cols, len(g.cells)) for g in page.grids]


def read_both(path: Path):
    with source.open_pdf(path) as pdf:
        slow = read_pdf(pdf, path.name)
    with source.open_pdf(path) as pdf, PdfiumPages(path) as fast:
        quick = read_pdf(pdf, path.name, pdfium=fast)
    return slow, quick


def record_keys(doc) -> dict[str, Counter]:
    info = doc.info
    return {
        "figures": Counter((f.text, f.value, f.unit, f.op, f.page) for f in doc.figures),
        "targets": Counter((t.metric, t.value, t.unit, t.op, t.direction, t.deadline) for t in doc.targets),
        "focus": Counter((f.field, f.name, tuple(f.missions)) for f in doc.focus_technologies),
        "metadata": Counter([(info.ministry, info.kind, info.title, info.release_at, info.distributed_at,
                              info.department)]),
    }


def compare(path: Path) -> dict:
    slow, quick = read_both(path)
    lines = sum(sum(page_lines(p).values()) for p in slow.pages)
    differ = sum(sum((page_lines(a) - page_lines(b)).values()) for a, b in zip(slow.pages, quick.pages))
    grids = sum(grid_shapes(a) != grid_shapes(b) for a, b in zip(slow.pages, quick.pages))
    fallback = sum(p.engine != "pdfium" for p in quick.pages)
    a, b = record_keys(ingest_file(path, reader="pdfminer")), record_keys(ingest_file(path))
    records = {k: sum((a[k] - b[k]).values()) + sum((b[k] - a[k]).values()) for k in a}
    return {"file": path.name, "pages": len(slow.pages), "lines": lines, "lines_differ": differ,
            "grid_pages_differ": grids, "pdfminer_pages": fallback, "records_differ": records}


def main(argv: list[str]) -> int:
    files = [Path(a) for a in argv] or corpus_files()
    total = Counter()
    print(f"{'file':44} {'pages':>5} {'lines':>6} {'differ':>6} {'grids':>5} {'fallback':>8}  records differing")
    for path in files:
        row = compare(path)
        total.update({k: row[k] for k in ("pages", "lines", "lines_differ", "grid_pages_differ", "pdfminer_pages")})
        bad = {k: v for k, v in row["records_differ"].items() if v}
        print(f"{row['file'][:44]:44} {row['pages']:5} {row['lines']:6} {row['lines_differ']:6} "
              f"{row['grid_pages_differ']:5} {row['pdfminer_pages']:8}  {bad or '-'}")
    print(f"\n{len(files)} files, {total['pages']} pages: {total['lines'] - total['lines_differ']} of "
          f"{total['lines']} lines the same; {total['grid_pages_differ']} pages with other tables; "
          f"{total['pdfminer_pages']} pages left to pdfminer")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
