"""A static site of everything stored: it opens from disk in a browser, no server needed.

``DIR/index.html`` lists the documents by their Korean title (an English release by its own) and
links, for each, its briefs in both languages, its source text page by page, the revision diffs of
its series and, for an English version of a Korean release, the KO/EN figure check; and the target
comparison tables. Every number in a brief links to its page of the source text
(``source/<name>.html#page-N``), and to the PDF as well when the source file is found beside the
store (``--sources``): the page shows text, the PDF its layout. A copied source file is named for
the kind it was read as (``.pdf``, ``.txt``), never by its own extension, and every link goes
through :func:`pipeline.markup.safe_href`, so no file name can make a link run a script.

The index has a search box over the titles, targets and figures: the site writes a static index
(``search.json``, and ``search.js``, the same data for a page opened from disk, where a browser
will not fetch a file) that a small inline script filters as one types; it builds its results with
DOM text nodes, never HTML, and every link in the index is made by :func:`safe_href` here. The index
links the store's exports, written into ``downloads/`` as the ``export`` verb writes them: the JSON of
every document and CSV of the targets and of the figures (:func:`pipeline.store.database.export_csv`).

Pages are rendered from ``templates/site*.j2`` (and the brief, pair, table and diff templates, which
share the site's stylesheet ``site.style.j2`` and its navigation) and written only when their
content changed, so a rebuild touches only what it must. Every page reads on a phone: wide tables
scroll inside their own box. Each two consecutive revisions of a series get a diff page
(:mod:`pipeline.diff`, rendered by :mod:`pipeline.render.diff`).
"""
from __future__ import annotations

import hashlib
import io
import json
import shutil
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from pipeline.diff.documents import diff_documents
from pipeline.files import write_if_changed
from pipeline.korean import glossary as gl
from pipeline.korean.lexicon import glossary
from pipeline.markup import safe_href
from pipeline.read import source
from pipeline.read.source import file_sha256
from pipeline.records import Document, DocumentInfo
from pipeline.render.brief import render_brief
from pipeline.render.comparison import VIEWS, compare, render_table
from pipeline.render.diff import render_diff
from pipeline.render.filters import environment
from pipeline.store.database import Store, export_csv

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
        _brief_pages(entry, diffs, pairs, out, report)
        _page(out / entry.source, _render("site.source.html.j2", entry=entry, home="../index.html",
                                          nav=(), lang="ko"), report)
    for view in VIEWS:
        html = render_table(compare(docs, view), "html", "ko",
                            target_href=lambda info, page: _source_href(entries, info, page, "../"))
        _page(out / "tables" / f"{view}.html", _with_nav(html, _site_nav()), report)
    downloads = _downloads(docs, out, report)
    search = _search_index(entries)
    _page(out / SEARCH_JSON, _json_text(search), report)
    _page(out / SEARCH_JS, f"window.roadmapSearch = {_script_json(search)};\n", report)
    _page(out / "index.html", _render("site.index.html.j2", entries=entries, diffs=diffs, pairs=pairs,
                                      views=VIEWS, downloads=downloads, search_js=SEARCH_JS,
                                      home="index.html", nav=(), lang="ko"), report)
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


def _site_nav(*links: tuple[str, str]) -> list[tuple[str, str]]:
    """The navigation of a page one folder down that another module renders (a diff, a table, a
    pair): the index and the comparison tables first, in the site's language, then ``links``."""
    return [(glossary().label("ko", "index"), "../index.html"),
            (glossary().label("ko", "tables"), f"../tables/{VIEWS[0]}.html"), *links]


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

def _brief_pages(entry: Entry, diffs, pairs, out: Path, report: Report) -> None:
    """The document's briefs in both languages, their navigation leading to the index, each other,
    the source (text and file), and the revision diffs and KO/EN checks the document is part of."""
    for lang in ("ko", "en"):
        other = "en" if lang == "ko" else "ko"
        nav = [(glossary().label(lang, "index"), "../index.html"),
               (glossary().label(lang, "other_language"), Path(entry.brief(other)).name),
               (glossary().label(lang, "source"), f"../{entry.source}")]
        if entry.source_pdf:
            nav.append((entry.source_pdf.rsplit(".", 1)[-1].upper(), f"../{entry.source_pdf}"))
        nav += [(glossary().label(lang, "diff"), f"../{href}") for old, new, href in diffs
                if entry.info.id in (old.info.id, new.info.id)]
        nav += [(glossary().label(lang, "pair"), f"../{href}") for ko, en, href in pairs
                if entry.info.id in (ko.info.id, en.info.id)]
        html = render_brief(entry.doc, lang, "html", nav=tuple(nav),
                            page_href=lambda page: safe_href(f"../{entry.source}", f"page-{page}"))
        _page(out / entry.brief(lang), html, report)


# --- revision diffs and KO/EN checks ------------------------------------------------------------------

def _diff_pages(store: Store, entries: list[Entry], out: Path, report: Report) -> list[tuple[Entry, Entry, str]]:
    """A diff page for each two consecutive members of a series (oldest first)."""
    by_id = {e.info.id: e for e in entries}
    brief = glossary().label("ko", "brief")
    done = []
    for series in dict.fromkeys(e.info.series for e in entries if e.info.series):
        members = [by_id[i.id] for i in store.series_members(series) if i.id in by_id]
        for old, new in zip(members, members[1:]):
            href = f"diffs/{old.name}--{new.name}.html"
            html = render_diff(diff_documents(old.doc, new.doc), "html", old.info, new.info)
            nav = _site_nav((f"{brief} ({old.info.release_at or old.name})", f"../{old.brief('ko')}"),
                            (f"{brief} ({new.info.release_at or new.name})", f"../{new.brief('ko')}"))
            _page(out / href, _with_nav(html, nav), report)
            done.append((old, new, href))
    return done


def _pair_pages(entries: list[Entry], out: Path, report: Report) -> list[tuple[Entry, Entry, str]]:
    """A KO/EN figure check for each English release and the Korean release it renders: the same
    ministry (through the glossary) and release date, the most figures in common."""
    from pipeline.render.pair import figure_key, pair_documents, render_pairs
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
        nav = _site_nav((ko.info.title or ko.name, f"../{ko.brief('ko')}"),
                        (en.info.title or en.name, f"../{en.brief('en')}"))
        _page(out / href, _with_nav(html, nav), report)
        done.append((ko, en, href))
    return done


def _same_release(ko: DocumentInfo, en: DocumentInfo) -> bool:
    """An English version: released the same day by the same ministry (named in English)."""
    if not ko.release_at or not en.release_at or ko.release_at[:10] != en.release_at[:10]:
        return False
    ministry = gl.name_en(ko.ministry).text.lower()
    return not ko.ministry or not en.ministry or ministry == en.ministry.strip().lower()


# --- downloads ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Download:
    """A file of the store's records written into the site, as the ``export`` verb writes it."""
    href: str                   # site-relative path
    label: str
    rows: int                   # documents, targets or figures in it


def _downloads(docs: list[Document], out: Path, report: Report) -> list[Download]:
    """``downloads/documents.json`` (every document, as ``export --format json``) and
    ``downloads/targets.csv``, ``downloads/figures.csv`` (as ``export --format csv --what ...``)."""
    files = [Download("downloads/documents.json", "JSON · documents", len(docs))]
    _page(out / files[0].href, json.dumps([d.to_json() for d in docs], ensure_ascii=False, indent=1) + "\n", report)
    for what in ("targets", "figures"):
        buffer = io.StringIO(newline="")
        rows = export_csv(docs, what, buffer)
        files.append(Download(f"downloads/{what}.csv", f"CSV · {what}", rows))
        _file(out / files[-1].href, buffer.getvalue().encode("utf-8"), report)     # CSV's \r\n kept
    return files


def _file(path: Path, data: bytes, report: Report) -> None:
    """Write ``data`` unless the file holds it already (bytes as they are, no newline translation)."""
    if path.is_file() and path.read_bytes() == data:
        report.unchanged.append(path)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    report.written.append(path)


# --- the search index -----------------------------------------------------------------------------

SEARCH_JSON = "search.json"
SEARCH_JS = "search.js"


def _search_index(entries: list[Entry]) -> dict:
    """What the index's search box looks through: each document's title (leading to its brief), its
    targets and its figures (leading to their page of the source). Documents are listed once; an
    item names its document by position. Every link is made here by :func:`safe_href`."""
    docs, items = [], []
    for n, e in enumerate(entries):
        brief = safe_href(e.brief("en" if e.info.language == "en" else "ko"))    # in its own language
        docs.append({"title": e.info.title or e.info.source, "href": brief, "lang": e.info.language,
                     "when": (e.info.release_at or "")[:10]})
        items.append({"doc": n, "kind": "title", "text": e.info.title or e.info.source, "href": brief})
        for t in e.doc.targets:
            text = " · ".join(p for p in (t.field, t.focus, t.metric) if p) + f": {t.text}"
            items.append({"doc": n, "kind": "target", "text": text, "page": t.page,
                          "href": safe_href(e.source, f"page-{t.page}")})
        for f in e.doc.figures:
            items.append({"doc": n, "kind": "figure", "text": f.text, "context": f.sentence, "page": f.page,
                          "href": safe_href(e.source, f"page-{f.page}")})
    return {"documents": docs, "items": items}


def _json_text(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=None, separators=(",", ":")) + "\n"


def _script_json(data) -> str:
    """JSON safe inside a script: no ``</script>``, ``<!--`` or line separator can end or break it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for ch, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                     ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, code)
    return text
