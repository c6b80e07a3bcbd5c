"""A static site of everything stored: it opens from disk in a browser, no server needed.

``DIR/index.html`` lists the documents by their Korean title (an English release by its own) and
links, for each, its briefs in both languages, its source text page by page, the revision diffs of
its series and, for an English version of a Korean release, the KO/EN figure check; and the target
comparison tables. Every number in a brief links to its page of the source text
(``source/<name>.html#page-N``), and to the PDF as well when the source file is found beside the
store (``--sources``): the page shows text, the PDF its layout. A copied source file is named for
the kind it was read as (``.pdf``, ``.txt``), never by its own extension, and every link goes
through :func:`pipeline.markup.safe_href`, so no file name can make a link run a script.

Pages are rendered from ``templates/site*.j2`` (and the brief, pair, table and diff templates) and
written only when their content changed, so a rebuild touches only what it must. Revision diffs
come from :mod:`pipeline.diff` when that module is installed; without it the site has no diffs.
"""
from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from pipeline import glossary as gl
from pipeline import source
from pipeline.brief import environment, render_brief, write_if_changed
from pipeline.comparison import VIEWS, compare, render_table
from pipeline.markup import safe_href
from pipeline.source import file_sha256
from pipeline.records import Document, DocumentInfo
from pipeline.store import Store

DEFAULT_OUT = "output/site"


@dataclass(frozen=True)
class Entry:
    """One stored document as the site shows it."""
    doc: Document
    name: str                                   # file name stem, unique within the site
    source_pdf: str | None = None               # site-relative path of the copied source file

    @property
    def info(self) -> DocumentInfo:
        return self.doc.info

    def brief(self, lang: str) -> str:
        return f"briefs/{self.name}.{lang}.html"

    @property
    def source(self) -> str:
        return f"source/{self.name}.html"


@dataclass
class Report:
    """What a build did: pages written and pages left as they were."""
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)

    def summary(self) -> str:
        return f"{len(self.written)} pages written, {len(self.unchanged)} unchanged"


def build_site(store: Store, out_dir: str | Path = DEFAULT_OUT, sources=("corpus",)) -> Report:
    """Write the site for every stored document into ``out_dir``."""
    out = Path(out_dir)
    report = Report()
    docs = store.load_all()
    entries = _entries(docs, out, sources, report)
    diffs = _diff_pages(store, entries, out, report)
    pairs = _pair_pages(entries, out, report)
    for entry in entries:
        _brief_pages(entry, entries, pairs, out, report)
        _page(out / entry.source, _render("site.source.html.j2", entry=entry, home="../index.html",
                                          nav=(), lang="ko"), report)
    for view in VIEWS:
        html = render_table(compare(docs, view), "html", "ko",
                            target_href=lambda info, page: _source_href(entries, info, page, "../"))
        _page(out / "tables" / f"{view}.html", _with_nav(html, [("index", "../index.html")]), report)
    _page(out / "index.html", _render("site.index.html.j2", entries=entries, diffs=diffs, pairs=pairs,
                                      views=VIEWS, home="index.html", nav=(), lang="ko"), report)
    return report


def _entries(docs: list[Document], out: Path, sources, report: Report) -> list[Entry]:
    """Site names for the documents (their file stems; the id added where two share one), with the
    source file copied in when found under ``sources`` with the same sha256."""
    stems: dict[str, int] = {}
    for d in docs:
        stems[Path(d.info.source).stem] = stems.get(Path(d.info.source).stem, 0) + 1
    entries = []
    for d in docs:
        stem = Path(d.info.source).stem
        name = stem if stems[stem] == 1 else f"{stem}-{d.info.id}"
        found = _find_source(d.info, sources)
        pdf = None
        if found is not None:
            pdf = f"files/{name}{_published_suffix(found)}"
            _copy(found, out / pdf, report)
        entries.append(Entry(d, name, pdf))
    return entries


def _find_source(info: DocumentInfo, sources) -> Path | None:
    """The file a document was ingested from, found by name and checked by its sha256."""
    for folder in sources:
        path = Path(folder) / info.source
        if path.is_file() and file_sha256(path) == info.sha256:
            return path
    return None


# The extension a source file is published under, by the kind it was read as (never its own: an
# HTML page that opens with %PDF- is read as a PDF and must not be published as .html, where a
# browser would run its scripts).
_SUFFIXES = {"pdf": ".pdf", "text": ".txt"}


def _published_suffix(path: Path) -> str:
    """``.pdf`` for a file read as a PDF, ``.txt`` for text (a ``.md`` too: shown as written), and
    the kind itself for any other kind the ingest reads (``.hwpx``)."""
    kind = source.input_kind(path)
    return _SUFFIXES.get(kind, f".{kind}")


def _copy(src: Path, dst: Path, report: Report) -> None:
    if dst.is_file() and _digest(dst) == _digest(src):
        report.unchanged.append(dst)
        return
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dst)
    report.written.append(dst)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _page(path: Path, text: str, report: Report) -> None:
    (report.written if write_if_changed(path, text) else report.unchanged).append(path)


def _render(template: str, **context) -> str:
    return environment("html").get_template(template).render(
        fmt="html", english_source=False, page_href=lambda page: "", **context)


def _with_nav(html: str, links) -> str:
    """A page rendered elsewhere (a diff, a table) with the site's links put at the top of its body."""
    nav = "".join(f'<a href="{safe_href(href)}">{escape(label)}</a> ' for label, href in links)
    nav = f"<nav>{nav}</nav>"
    at = html.find(">", html.find("<body")) + 1 if "<body" in html else 0
    return html[:at] + "\n" + nav + html[at:]


def _source_href(entries: list[Entry], info: DocumentInfo, page: int, up: str = "") -> str:
    entry = next((e for e in entries if e.info.id == info.id), None)
    return safe_href(f"{up}{entry.source}", f"page-{page}") if entry else safe_href(f"{up}index.html")


# --- briefs -----------------------------------------------------------------------------------------

def _brief_pages(entry: Entry, entries, pairs, out: Path, report: Report) -> None:
    for lang in ("ko", "en"):
        other = "en" if lang == "ko" else "ko"
        nav = [(gl.glossary().label(lang, "index"), "../index.html"),
               (gl.glossary().label(lang, "other_language"), Path(entry.brief(other)).name),
               (gl.glossary().label(lang, "source"), f"../{entry.source}")]
        if entry.source_pdf:
            nav.append((entry.source_pdf.rsplit(".", 1)[-1].upper(), f"../{entry.source_pdf}"))
        nav += [(gl.glossary().label(lang, "pair"), f"../{href}") for ko, en, href in pairs
                if entry.info.id in (ko.info.id, en.info.id)]
        html = render_brief(entry.doc, lang, "html", nav=tuple(nav),
                            page_href=lambda page: safe_href(f"../{entry.source}", f"page-{page}"))
        _page(out / entry.brief(lang), html, report)


# --- revision diffs and KO/EN checks ------------------------------------------------------------------

def _diff_pages(store: Store, entries: list[Entry], out: Path, report: Report) -> list[tuple[Entry, Entry, str]]:
    """A diff page for each two consecutive members of a series (oldest first), when pipeline.diff exists."""
    try:
        from pipeline.diff import diff_documents, render_diff
    except ImportError:                 # the diff stage is optional: a site without diffs
        return []
    by_id = {e.info.id: e for e in entries}
    done = []
    for series in dict.fromkeys(e.info.series for e in entries if e.info.series):
        members = [by_id[i.id] for i in store.series_members(series) if i.id in by_id]
        for old, new in zip(members, members[1:]):
            href = f"diffs/{old.name}--{new.name}.html"
            html = render_diff(diff_documents(old.doc, new.doc), "html", old.info, new.info)
            _page(out / href, _with_nav(html, [("index", "../index.html")]), report)
            done.append((old, new, href))
    return done


def _pair_pages(entries: list[Entry], out: Path, report: Report) -> list[tuple[Entry, Entry, str]]:
    """A KO/EN figure check for each English release and the Korean release it renders: the same
    ministry (through the glossary) and release date, the most figures in common."""
    from pipeline.pair import figure_key, pair_documents, render_pairs
    done = []
    for en in (e for e in entries if e.info.language == "en"):
        candidates = [k for k in entries if k.info.language == "ko" and _same_release(k.info, en.info)]
        if not candidates:
            continue
        en_keys = {figure_key(f, "en") for f in en.doc.figures}
        ko = max(candidates, key=lambda k: len(en_keys & {figure_key(f, "ko") for f in k.doc.figures}))
        href = f"pairs/{ko.name}--{en.name}.html"
        html = render_pairs(pair_documents(ko.doc, en.doc), ko.doc, en.doc, "html")
        html = html.replace(f'href="{safe_href(ko.info.source)}#page=', f'href="{safe_href("../" + ko.source)}#page-')
        _page(out / href, _with_nav(html, [("index", "../index.html")]), report)
        done.append((ko, en, href))
    return done


def _same_release(ko: DocumentInfo, en: DocumentInfo) -> bool:
    """An English version: released the same day by the same ministry (named in English)."""
    if not ko.release_at or not en.release_at or ko.release_at[:10] != en.release_at[:10]:
        return False
    ministry = gl.name_en(ko.ministry).text.lower()
    return not ko.ministry or not en.ministry or ministry == en.ministry.strip().lower()
