"""The ``roadmap`` command line: a thin layer over the library (see ``docs/cli.md``).

Each verb parses its options, calls one library function and writes what it returns. Results go to
standard output or files; progress, summaries and warnings go to standard error.
Exit status: 0 success, 1 some input failed, 2 usage error (a mistyped verb or option, a ``--db``
that is no store, an ``--out`` that cannot be written), 130 Ctrl-C.

Only light modules are imported here: the library is imported when a verb runs, so that a Ctrl-C
while it loads is handled like any other (see :mod:`pipeline.batch.interrupts`).
"""
from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import signal
import sys
from pathlib import Path

from pipeline import __version__, errors
from pipeline.batch import interrupts
from pipeline.files import write_atomically

DEFAULT_DB = "output/roadmap.db"
COMMANDS = {}
# What a DOC argument that names a file looks like (else it is a stored document's id).
FILE_SUFFIXES = (".pdf", ".txt", ".md")


def command(name: str, help: str, examples: str):
    """Register a verb: ``fn(args) -> int`` with an ``add_arguments(parser)`` attribute;
    ``examples`` end its ``--help``."""
    def register(fn):
        COMMANDS[name] = (fn, help, examples)
        return fn
    return register


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status. Called without ``argv`` it is the program
    (``roadmap``, ``python -m pipeline``): once it has said all it will say, a late Ctrl-C is
    ignored, so that nothing is printed after the summary (a traceback from the interpreter's
    clean-up) and the exit status stays the one the output explains."""
    program = argv is None
    with interrupts.stoppable(afterwards=signal.SIG_IGN if program else None):
        try:
            status = _run(argv)
        except KeyboardInterrupt:
            status = _interrupted(argv)
    if program:
        interrupts.phase("exit")       # from here on Ctrl-C is ignored
    return status


def _interrupted(argv: list[str] | None) -> int:
    """Exit status 130 after a Ctrl-C that stopped a verb before it could report (while the
    library loaded, say): ``ingest`` still gives its summary, in which nothing was attempted."""
    import contextlib
    import io
    try:
        with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
            args = build_parser().parse_args(argv)
    except SystemExit:
        args = None
    if getattr(args, "verb", None) == "ingest":
        from pipeline.batch.runner import BatchResult
        _report(BatchResult(interrupted=True, not_attempted=len(args.files)), quiet=args.quiet)
    else:
        print("interrupted", file=sys.stderr)
    return 130


def _run(argv: list[str] | None) -> int:
    interrupts.phase("imports")
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:          # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    if not getattr(args, "verb", None):
        parser.print_help(sys.stderr)
        return 2
    fn = COMMANDS[args.verb][0]
    try:
        return fn(args)
    except errors.UsageError as exc:     # a --db or --out that cannot be used
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except errors.InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyError as exc:            # an unknown document id
        print(f"error: {exc.args[0] if exc.args else exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
    except OSError as exc:             # e.g. the disk filled up while writing
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 1


class RoadmapParser(argparse.ArgumentParser):
    """argparse, with the closest choice suggested for a mistyped verb or option value."""

    def error(self, message: str):
        found = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message)
        if found:
            choices = re.findall(r"'([^']*)'", found.group(2))
            close = difflib.get_close_matches(found.group(1), choices, n=1, cutoff=0.5)
            if close:
                message += f"; did you mean '{close[0]}'?"
        super().error(message)


def build_parser() -> argparse.ArgumentParser:
    from pipeline.read.version import PIPELINE_VERSION
    parser = RoadmapParser(prog="roadmap", description=__doc__.splitlines()[0],
                           epilog="Run 'roadmap VERB --help' for a verb's options and examples.")
    parser.add_argument("--version", action="version",
                        version=f"roadmap {__version__} (pipeline {PIPELINE_VERSION}, Python "
                                f"{sys.version.split()[0]})")
    sub = parser.add_subparsers(dest="verb", metavar="VERB", parser_class=RoadmapParser)
    for name, (fn, help, examples) in COMMANDS.items():
        p = sub.add_parser(name, help=help, description=help, epilog="examples:\n" + examples,
                           formatter_class=argparse.RawDescriptionHelpFormatter)
        p.add_argument("--db", default=DEFAULT_DB, help=f"SQLite store (default {DEFAULT_DB})")
        fn.add_arguments(p)
    return parser


def _options(args):
    from pipeline.batch.runner import Options
    from pipeline.read.version import DEFAULT_READER
    return Options(password=getattr(args, "password", None), max_pages=getattr(args, "max_pages", 2000),
                   series=getattr(args, "series", None), fail_fast=getattr(args, "fail_fast", False),
                   executor=getattr(args, "executor", None) or "process",
                   scheduler=getattr(args, "scheduler", None), reader=getattr(args, "reader", None) or DEFAULT_READER,
                   ocr=getattr(args, "ocr", None) or "auto")


def _output_arguments(p, formats: list[str]) -> None:
    """--format (the first is the default) and --out FILE (default: standard output)."""
    p.add_argument("--format", choices=formats, default=formats[0], help=f"output format (default {formats[0]})")
    p.add_argument("--out", help="file to write (default: standard output)")


# --- paths: the store, the documents, the outputs ---------------------------------------------

def _is_file_ref(ref: str) -> bool:
    """Whether a DOC argument names a file (an existing one, or one that looks like a path)."""
    return Path(ref).is_file() or Path(ref).suffix.lower() in FILE_SUFFIXES or "/" in ref or os.sep in ref


def _check_docs(refs) -> None:
    """A DOC that names a missing file fails now, before the store is opened (exit 1)."""
    for ref in refs:
        if _is_file_ref(ref) and not Path(ref).exists():
            raise errors.MissingFileError(Path(ref))


def _open_store(args, refs=(), create: bool = False):
    """The ``--db`` store. Created by ``ingest``, and when a DOC is a file (it is ingested into
    the store on the fly); commands that only read never make one (a mistyped ``--db`` would
    look like an empty store): ``errors.NoStoreError``. A path that is no store:
    ``errors.NotAStoreError``."""
    import sqlite3
    from pipeline.store.database import Store
    create = create or any(Path(ref).is_file() for ref in refs)
    interrupts.phase("store-open")
    try:
        return Store(args.db, create=create)
    except errors.UsageError:
        raise
    except (sqlite3.Error, OSError, RuntimeError) as exc:   # unreadable, unwritable, too new
        raise errors.UsageError(f"cannot open the store {args.db}: {errors.one_line(exc)}") from None


def _check_out_file(out: str | None) -> None:
    """An ``--out FILE`` must be writable: not a directory, in a directory that exists."""
    if not out:
        return
    path = Path(out)
    if path.is_dir():
        raise errors.OutputPathError(out, "is a directory", f"give a file name, e.g. {path / 'out.txt'}")
    parent = path.parent
    if not parent.exists():
        raise errors.OutputPathError(out, f"the directory {parent} does not exist",
                                     "create it first or choose another path")
    if not parent.is_dir():
        raise errors.OutputPathError(out, f"{parent} is a file, not a directory", "choose another path")
    if not os.access(parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise errors.OutputPathError(out, "permission denied", "choose a path you can write to")


def _check_out_dir(out: str | None) -> None:
    """An ``--out DIR`` must be a directory or creatable as one: no file on the way to it."""
    if not out:
        return
    path = Path(out)
    if path.exists() and not path.is_dir():
        raise errors.OutputPathError(out, "is a file, not a directory",
                                     "give a directory (it is created when missing)")
    existing = path
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if existing.exists() and not existing.is_dir():
        raise errors.OutputPathError(out, f"{existing} is a file, not a directory", "choose another path")
    if existing.exists() and not os.access(existing, os.W_OK | os.X_OK):
        raise errors.OutputPathError(out, f"cannot write in {existing}: permission denied",
                                     "choose a directory you can write to")


def _write(text: str, out: str | None) -> None:
    """``text`` to the file ``out`` (replaced whole: a Ctrl-C never leaves half a file), or to
    standard output."""
    if not out:
        sys.stdout.write(text)
        return
    write_atomically(out, text)


# --- ingest ------------------------------------------------------------------------------------

@command("ingest", "read, structure, analyse and extract each file; store it", """\
  roadmap ingest corpus/*.pdf --out output/json
  roadmap ingest downloads/ --recursive --jobs 4 --db output/roadmap.db
""")
def cmd_ingest(args) -> int:
    """Ingest a batch: a progress bar on a terminal, then warnings, failures (one line each, naming
    the file) and the summary on standard error. Exit 0 when every file was ingested or already
    stored, 1 when some failed, 2 when the store cannot be opened, 130 on Ctrl-C (with the
    summary of what was done: every document stored is whole and counted)."""
    if args.executor == "dask" and not args.scheduler:
        print("error: --executor dask needs --scheduler ADDRESS (a running Dask scheduler)", file=sys.stderr)
        return 2
    _check_out_dir(args.out)
    with interrupts.stoppable() as stop:
        result, status = _ingest_batch(args)
        if result is None:
            return status
        with interrupts.held(then_raise=False):    # what is reported is what was done
            result.interrupted = result.interrupted or stop.requested
            _report(result, quiet=args.quiet)
    if result.interrupted:
        return 130
    return 1 if result.failures else 0


def _ingest_batch(args):
    """``(result, None)`` of the batch, or ``(None, exit status)`` when it could not run."""
    from dataclasses import replace
    bar = None
    try:
        from pipeline.batch import progress, runner
        options = replace(_options(args), page_timeout=args.page_timeout or None,
                          page_memory=args.page_memory or None, max_pages=args.max_pages or None)
        bar = None if args.quiet or not sys.stderr.isatty() else progress.progress_bar(sys.stderr)
        with _open_store(args, create=True) as store:
            return runner.ingest_paths(args.files, store, out_dir=args.out, jobs=args.jobs, options=options,
                                      recursive=args.recursive, progress=bar), None
    except KeyboardInterrupt:               # before the batch began: nothing was read
        from pipeline.batch.runner import BatchResult
        return BatchResult(interrupted=True, not_attempted=len(args.files)), None
    except errors.UsageError as exc:        # the store cannot be opened
        print(f"error: {exc}", file=sys.stderr)
        return None, 2
    except Exception as exc:    # a bug in the batch itself: still no traceback for the user
        if bar:
            bar.close()
            bar = None
        detail = errors.one_line(f"{type(exc).__name__}: {exc}")
        print(f"error: internal error ({detail}); every document stored so far is complete; "
              "please report it", file=sys.stderr)
        return None, 1
    finally:
        if bar:
            bar.close()


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
    from pipeline.read.content import READERS
    from pipeline.read.limits import DEFAULT_PAGE_MEMORY_MB, DEFAULT_PAGE_TIMEOUT
    from pipeline.read.source import DEFAULT_MAX_PAGES
    from pipeline.read.version import DEFAULT_READER

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

@command("export", "read stored documents back as JSON or CSV", """\
  roadmap export > documents.json
  roadmap export 3f2a9c01b7e4 --format csv --what contacts --excel --out contacts.csv
""")
def cmd_export(args) -> int:
    import io
    from pipeline.batch.runner import document_for
    from pipeline.store.database import Store
    _check_out_file(args.out)
    _check_docs(args.docs)
    with _open_store(args, args.docs) as store:
        docs = [document_for(ref, store, _options(args)) for ref in args.docs] if args.docs else store.load_all()
    if args.format == "csv":
        if args.out:
            text = io.StringIO()
            Store.export_csv(docs, args.what, text, excel=args.excel)
            _write(text.getvalue(), args.out)
        else:
            Store.export_csv(docs, args.what, sys.stdout, excel=args.excel)
    else:
        _write(json.dumps([d.to_json() for d in docs], ensure_ascii=False, indent=1) + "\n", args.out)
    return 0


def _export_arguments(p) -> None:
    p.add_argument("docs", nargs="*", metavar="DOC", help="document ids or files (default: all stored)")
    p.add_argument("--format", choices=["json", "csv"], default="json")
    from pipeline.store.database import CSV_EXPORTS
    p.add_argument("--what", choices=list(CSV_EXPORTS), default="targets",
                   help="the records a CSV row stands for (default: targets)")
    p.add_argument("--excel", action="store_true",
                   help="start the CSV with a byte order mark, so Excel on Korean Windows reads UTF-8")
    p.add_argument("--out", help="file to write (default: standard output)")


cmd_export.add_arguments = _export_arguments


# --- diff --------------------------------------------------------------------------------------

@command("diff", "record-level revision diff of two documents (files or stored ids)", """\
  roadmap diff corpus/roadmap.pdf corpus/roadmap.rev2.pdf
  roadmap diff 3f2a9c01b7e4 8d0e61a2c5f9 --format html --out diff.html
""")
def cmd_diff(args) -> int:
    from pipeline.batch.runner import document_for
    from pipeline.diff.documents import diff_documents
    from pipeline.render.diff import render_diff
    _check_out_file(args.out)
    _check_docs([args.old, args.new])
    with _open_store(args, [args.old, args.new]) as store:
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

@command("brief", "one-page brief of a release, in Korean and/or English", """\
  roadmap brief corpus/release.pdf                    # output/briefs/release.ko.md and .en.md
  roadmap brief 3f2a9c01b7e4 --lang en --format html --out site/briefs
""")
def cmd_brief(args) -> int:
    from pipeline.batch.runner import document_for
    from pipeline.render.brief import write_briefs
    _check_out_dir(args.out)
    _check_docs([args.doc])
    langs = ("ko", "en") if args.lang == "both" else (args.lang,)
    with _open_store(args, [args.doc]) as store:
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

@command("pair", "align the figures of a Korean release and its English version", """\
  roadmap pair corpus/release.pdf corpus/release.en.pdf
  roadmap pair 3f2a9c01b7e4 8d0e61a2c5f9 --format json --out pairs.json
""")
def cmd_pair(args) -> int:
    from pipeline.batch.runner import document_for
    from pipeline.render.pair import pair_documents, render_pairs, summary
    _check_out_file(args.out)
    _check_docs([args.ko, args.en])
    with _open_store(args, [args.ko, args.en]) as store:
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

@command("table", "targets side by side across fields and releases", """\
  roadmap table --by focus
  roadmap table 3f2a9c01b7e4 8d0e61a2c5f9 --by document --format csv --out targets.csv
""")
def cmd_table(args) -> int:
    from pipeline.batch.runner import document_for
    from pipeline.render.comparison import compare, render_table
    _check_out_file(args.out)
    _check_docs(args.docs)
    with _open_store(args, args.docs) as store:
        docs = [document_for(ref, store, _options(args)) for ref in args.docs] if args.docs else store.load_all()
    _write(render_table(compare(docs, args.by), args.format), args.out)
    return 0


def _table_arguments(p) -> None:
    p.add_argument("docs", nargs="*", metavar="DOC", help="files or stored ids (default: every stored document)")
    p.add_argument("--by", choices=["field", "focus", "document"], default="field", help="arrangement (default field)")
    _output_arguments(p, ["md", "html", "csv"])


cmd_table.add_arguments = _table_arguments


# --- site --------------------------------------------------------------------------------------

@command("site", "static HTML of everything stored (opens from disk, no server)", """\
  roadmap site                                        # output/site/index.html
  roadmap site --db archive.db --out public --sources downloads corpus
""")
def cmd_site(args) -> int:
    from pipeline.render.site import build_site
    _check_out_dir(args.out)
    with _open_store(args) as store:
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
