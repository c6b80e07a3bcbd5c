"""The ``roadmap`` command line: a thin layer over the library (see ``../shared/CLI.md``).

Each verb parses its options, calls one library function and writes what it returns. Results go to
standard output or files; progress, summaries and warnings go to standard error.
Exit status: 0 success, 1 some input failed, 2 usage error.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from pipeline import errors
from pipeline.batch import Options, document_for, ingest_paths, progress_bar
from pipeline.content import READERS
from pipeline.version import DEFAULT_READER
from pipeline.store import Store

DEFAULT_DB = "output/roadmap.db"
COMMANDS = {}


def command(name: str, help: str):
    """Register a verb: ``fn(args) -> int`` with an ``add_arguments(parser)`` attribute."""
    def register(fn):
        COMMANDS[name] = (fn, help)
        return fn
    return register


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:          # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    if not getattr(args, "verb", None):
        parser.print_help(sys.stderr)
        return 2
    fn, _ = COMMANDS[args.verb]
    try:
        return fn(args)
    except errors.InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyError as exc:            # an unknown document id
        print(f"error: {exc.args[0] if exc.args else exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="roadmap", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="verb")
    for name, (fn, help) in COMMANDS.items():
        p = sub.add_parser(name, help=help, description=help)
        p.add_argument("--db", default=DEFAULT_DB, help=f"SQLite store (default {DEFAULT_DB})")
        fn.add_arguments(p)
    return parser


def _options(args) -> Options:
    return Options(password=getattr(args, "password", None), max_pages=getattr(args, "max_pages", 2000),
                   series=getattr(args, "series", None), fail_fast=getattr(args, "fail_fast", False),
                   executor=getattr(args, "executor", None) or "process",
                   scheduler=getattr(args, "scheduler", None), reader=getattr(args, "reader", None) or DEFAULT_READER,
                   ocr=getattr(args, "ocr", None) or "auto")


def _output_arguments(p, formats: list[str]) -> None:
    """--format (the first is the default) and --out FILE (default: standard output)."""
    p.add_argument("--format", choices=formats, default=formats[0], help=f"output format (default {formats[0]})")
    p.add_argument("--out", help="file to write (default: standard output)")


def _write(text: str, out: str | None) -> None:
    if out:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


# --- ingest ------------------------------------------------------------------------------------

@command("ingest", "read, structure, analyse and extract each file; store it")
def cmd_ingest(args) -> int:
    """Ingest a batch: a progress bar on a terminal, then warnings, failures (one line each, naming
    the file) and the summary on standard error. Exit 0 when every file was ingested or already
    stored, 1 when some failed, 2 when the store cannot be opened, 130 on Ctrl-C."""
    import sqlite3                       # local: the imports above are shared by every verb
    from dataclasses import replace

    if args.executor == "dask" and not args.scheduler:
        print("error: --executor dask needs --scheduler ADDRESS (a running Dask scheduler)", file=sys.stderr)
        return 2
    options = replace(_options(args), page_timeout=args.page_timeout or None,
                      page_memory=args.page_memory or None, max_pages=args.max_pages or None)
    if args.out and Path(args.out).exists() and not Path(args.out).is_dir():
        print(f"error: --out {args.out}: not a directory", file=sys.stderr)
        return 2
    bar = None if args.quiet or not sys.stderr.isatty() else progress_bar(sys.stderr)
    try:
        store = Store(args.db)
    except (sqlite3.Error, OSError, RuntimeError) as exc:   # not a database, unwritable, too new
        print(f"error: cannot open the store {args.db}: {errors.one_line(exc)}", file=sys.stderr)
        return 2
    try:
        with store:
            result = ingest_paths(args.files, store, out_dir=args.out, jobs=args.jobs, options=options,
                                  recursive=args.recursive, progress=bar)
    except KeyboardInterrupt:               # before any file was read: nothing to report
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:    # a bug in the batch itself: still no traceback for the user
        if bar:
            bar.close()
            bar = None
        detail = errors.one_line(f"{type(exc).__name__}: {exc}")
        print(f"error: internal error ({detail}); every document stored so far is complete; "
              "please report it", file=sys.stderr)
        return 1
    finally:
        if bar:
            bar.close()
    _report(result, quiet=args.quiet)
    if result.interrupted:
        return 130
    return 1 if result.failures else 0


def _report(result, quiet: bool) -> None:
    """Warnings (unless quiet), every failure, and the summary (unless quiet) on standard error."""
    if not quiet:
        for warning in result.warnings:
            print(f"warning: {warning}", file=sys.stderr)
    for failure in result.failures:
        print(f"failed: {failure.reason}", file=sys.stderr)
    if result.interrupted:
        print("interrupted: every document stored so far is complete; run again to go on",
              file=sys.stderr)
    if not quiet:
        print(result.summary(), file=sys.stderr)


def _positive_int(text: str) -> int:
    """An argparse type: an integer of at least 1."""
    value = _number(text, int)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {text}")
    return value


def _limit(kind):
    """An argparse type: a non-negative number of ``kind``, 0 meaning no limit."""
    def parse(text: str):
        value = _number(text, kind)
        if value < 0:
            raise argparse.ArgumentTypeError(f"must be 0 (no limit) or more, not {text}")
        return value
    parse.__name__ = kind.__name__     # argparse names the type in its messages
    return parse


def _number(text: str, kind):
    try:
        return kind(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None


def _ingest_arguments(p) -> None:
    from pipeline.limits import DEFAULT_PAGE_MEMORY_MB, DEFAULT_PAGE_TIMEOUT
    from pipeline.source import DEFAULT_MAX_PAGES

    p.add_argument("files", nargs="+", help="PDF, .txt or .md files (directories with --recursive)")
    p.add_argument("--format", choices=["json"], default="json", help="output format of --out files")
    p.add_argument("--out", help="write DIR/<file stem>.json per input")
    p.add_argument("--jobs", type=_positive_int, default=os.cpu_count() or 1,
                   help="worker processes (default: CPUs)")
    p.add_argument("--quiet", action="store_true", help="no progress bar, warnings or summary")
    p.add_argument("--recursive", action="store_true", help="ingest the files under directories given")
    p.add_argument("--password", help="password of encrypted PDFs")
    p.add_argument("--max-pages", type=_limit(int), default=DEFAULT_MAX_PAGES,
                   help=f"refuse PDFs with more pages (default {DEFAULT_MAX_PAGES}; 0: no limit)")
    p.add_argument("--page-timeout", type=_limit(float), default=DEFAULT_PAGE_TIMEOUT, metavar="SECONDS",
                   help=f"skip a page that takes longer to read (default {DEFAULT_PAGE_TIMEOUT:g}; 0: no limit)")
    p.add_argument("--page-memory", type=_limit(int), default=DEFAULT_PAGE_MEMORY_MB, metavar="MB",
                   help=f"skip a page that needs more memory to read (default {DEFAULT_PAGE_MEMORY_MB}; "
                        "0: no limit)")
    p.add_argument("--series", help="name the series (revisions of one roadmap) these files belong to")
    p.add_argument("--fail-fast", action="store_true", help="stop at the first file that fails")
    p.add_argument("--reader", choices=READERS, default=DEFAULT_READER,
                   help=f"engine that parses pages (default {DEFAULT_READER}; a page it cannot give exactly "
                        "is parsed by pdfminer)")
    p.add_argument("--ocr", choices=["auto", "never", "always"], default="auto",
                   help="read PDF pages with Tesseract OCR: auto (pages with images and no text layer; "
                        "default), never, always (every page)")
    p.add_argument("--executor", choices=["process", "dask"], default="process",
                   help="where files are read: local worker processes (default) or a Dask cluster")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="the Dask scheduler, e.g. tcp://10.0.0.5:8786 (with --executor dask)")


cmd_ingest.add_arguments = _ingest_arguments


# --- export ------------------------------------------------------------------------------------

@command("export", "read stored documents back as JSON or CSV")
def cmd_export(args) -> int:
    with Store(args.db) as store:
        docs = [document_for(ref, store, _options(args)) for ref in args.docs] if args.docs else store.load_all()
        if args.format == "csv":
            if args.out:
                Store.export_csv(docs, args.what, args.out)
            else:
                Store.export_csv(docs, args.what, sys.stdout)
        else:
            _write(json.dumps([d.to_json() for d in docs], ensure_ascii=False, indent=1) + "\n", args.out)
    return 0


def _export_arguments(p) -> None:
    p.add_argument("docs", nargs="*", metavar="DOC", help="document ids or files (default: all stored)")
    p.add_argument("--format", choices=["json", "csv"], default="json")
    p.add_argument("--what", choices=["targets", "figures"], default="targets", help="CSV rows")
    p.add_argument("--out", help="file to write (default: standard output)")


cmd_export.add_arguments = _export_arguments


# --- diff --------------------------------------------------------------------------------------

@command("diff", "record-level revision diff of two documents (files or stored ids)")
def cmd_diff(args) -> int:
    from pipeline.diff import diff_documents, render_diff
    with Store(args.db) as store:
        old = document_for(args.old, store, _options(args))
        new = document_for(args.new, store, _options(args))
    changes = diff_documents(old, new)
    _write(render_diff(changes, args.format, old.info, new.info), args.out)
    print(f"{len(changes)} changes", file=sys.stderr)
    return 0


def _diff_arguments(p) -> None:
    p.add_argument("old", metavar="OLD", help="the earlier version: a file or a stored document's id")
    p.add_argument("new", metavar="NEW", help="the later version: a file or a stored document's id")
    _output_arguments(p, ["md", "html", "json"])


cmd_diff.add_arguments = _diff_arguments


# --- brief -------------------------------------------------------------------------------------

@command("brief", "one-page brief of a release, in Korean and/or English")
def cmd_brief(args) -> int:
    from pipeline.brief import write_briefs
    langs = ("ko", "en") if args.lang == "both" else (args.lang,)
    with Store(args.db) as store:
        doc = document_for(args.doc, store, _options(args))
    source = args.doc if Path(args.doc).is_file() else None
    for path, written in write_briefs(doc, langs, args.format, args.out, source):
        print(f"{'wrote' if written else 'unchanged'} {path}", file=sys.stderr)
    return 0


def _brief_arguments(p) -> None:
    p.add_argument("doc", metavar="DOC", help="a file (ingested on the fly) or a stored document's id")
    p.add_argument("--lang", choices=["ko", "en", "both"], default="both", help="brief language (default both)")
    p.add_argument("--format", choices=["md", "html"], default="md", help="output format (default md)")
    p.add_argument("--out", default="output/briefs", help="directory for DOC-stem.LANG.FORMAT (default output/briefs)")


cmd_brief.add_arguments = _brief_arguments


# --- pair --------------------------------------------------------------------------------------

@command("pair", "align the figures of a Korean release and its English version")
def cmd_pair(args) -> int:
    from pipeline.pair import pair_documents, render_pairs, summary
    with Store(args.db) as store:
        ko = document_for(args.ko, store, _options(args))
        en = document_for(args.en, store, _options(args))
    pairs = pair_documents(ko, en)
    _write(render_pairs(pairs, ko, en, args.format), args.out)
    print(", ".join(f"{k}: {v}" for k, v in summary(pairs).items()), file=sys.stderr)
    return 0


def _pair_arguments(p) -> None:
    p.add_argument("ko", metavar="KO_DOC", help="the Korean release: a file or a stored document's id")
    p.add_argument("en", metavar="EN_DOC", help="its English version: a file or a stored document's id")
    _output_arguments(p, ["md", "html", "json"])


cmd_pair.add_arguments = _pair_arguments


# --- table -------------------------------------------------------------------------------------

@command("table", "targets side by side across fields and releases")
def cmd_table(args) -> int:
    from pipeline.comparison import compare, render_table
    with Store(args.db) as store:
        docs = [document_for(ref, store, _options(args)) for ref in args.docs] if args.docs else store.load_all()
    _write(render_table(compare(docs, args.by), args.format), args.out)
    return 0


def _table_arguments(p) -> None:
    p.add_argument("docs", nargs="*", metavar="DOC", help="files or stored ids (default: every stored document)")
    p.add_argument("--by", choices=["field", "focus", "document"], default="field", help="arrangement (default field)")
    _output_arguments(p, ["md", "html", "csv"])


cmd_table.add_arguments = _table_arguments


# --- site --------------------------------------------------------------------------------------

@command("site", "static HTML of everything stored (opens from disk, no server)")
def cmd_site(args) -> int:
    from pipeline.site import build_site
    with Store(args.db) as store:
        report = build_site(store, args.out, sources=args.sources or ("corpus", str(Path(args.db).parent)))
    print(f"{report.summary()}: {Path(args.out) / 'index.html'}", file=sys.stderr)
    return 0


def _site_arguments(p) -> None:
    p.add_argument("--out", default="output/site", help="directory to write (default output/site)")
    p.add_argument("--sources", nargs="*", metavar="DIR",
                   help="where source files are looked for, to link their pages (default corpus/)")


cmd_site.add_arguments = _site_arguments


if __name__ == "__main__":
    sys.exit(main())
