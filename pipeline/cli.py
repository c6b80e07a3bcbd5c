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
                   series=getattr(args, "series", None), fail_fast=getattr(args, "fail_fast", False))


def _write(text: str, out: str | None) -> None:
    if out:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


# --- ingest ------------------------------------------------------------------------------------

@command("ingest", "read, structure, analyse and extract each file; store it")
def cmd_ingest(args) -> int:
    quiet = args.quiet or not sys.stderr.isatty()
    with Store(args.db) as store:
        result = ingest_paths(args.files, store, out_dir=args.out, jobs=args.jobs, options=_options(args),
                              recursive=args.recursive, progress=None if quiet else progress_bar())
    for failure in result.failures:
        print(f"failed: {failure.reason}", file=sys.stderr)
    if not args.quiet:
        print(result.summary(), file=sys.stderr)
    return 1 if result.failures else 0


def _ingest_arguments(p) -> None:
    p.add_argument("files", nargs="+", help="PDF, .txt or .md files (directories with --recursive)")
    p.add_argument("--format", choices=["json"], default="json", help="output format of --out files")
    p.add_argument("--out", help="write DIR/<file stem>.json per input")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes (default: CPUs)")
    p.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    p.add_argument("--recursive", action="store_true", help="ingest the files under directories given")
    p.add_argument("--password", help="password of encrypted PDFs")
    p.add_argument("--max-pages", type=int, default=2000, help="refuse PDFs with more pages (default 2000)")
    p.add_argument("--series", help="name the series (revisions of one roadmap) these files belong to")
    p.add_argument("--fail-fast", action="store_true", help="stop at the first file that fails")


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


if __name__ == "__main__":
    sys.exit(main())
