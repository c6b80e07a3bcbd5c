"""The static site: pages for everything stored, opened from disk in a real browser.

The browser tests run Debian's headless Chromium (``.ci/run`` installs it with ``fonts-nanum``) and
check what a reader sees: the documents listed by title, the targets table, Korean drawn in a real
font (no boxes), links that lead to pages. Without a ``chromium`` on the PATH they are skipped.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from pipeline.cli import main
from pipeline.store.database import Store

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SAMPLE = CORPUS / "msit-2023-10-31-ai-bio-roadmap.pdf"
REVISION = CORPUS / "msit-2023-10-31-ai-bio-roadmap.rev2.pdf"
ENGLISH = CORPUS / "msit-2023-10-31-ai-bio-roadmap.en.txt"
CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)
needs_browser = pytest.mark.skipif(CHROMIUM is None, reason="no chromium on PATH (CI installs Debian's)")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The site of a store holding the sample, its revision and its English version."""
    base = tmp_path_factory.mktemp("site")
    db = base / "roadmap.db"
    assert main(["ingest", str(SAMPLE), str(REVISION), str(ENGLISH), "--db", str(db), "--quiet", "--jobs", "1"]) == 0
    assert main(["site", "--db", str(db), "--out", str(base / "site"), "--sources", str(CORPUS)]) == 0
    return base / "site"


@pytest.fixture(scope="module")
def titles(site) -> dict[str, str]:
    with Store(site.parent / "roadmap.db") as store:
        return {i.id: i.title for i in store.documents()}


class _Page(HTMLParser):
    """Links, ids, tables and text of an HTML page."""

    def __init__(self, html: str):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.tables: dict[str, list[list[str]]] = {}
        self.text: list[str] = []
        self._table: str | None = None
        self._cell: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "table":
            self._table = attrs.get("id") or f"table{len(self.tables)}"
            self.tables[self._table] = []
        if tag == "tr" and self._table:
            self.tables[self._table].append([])
        if tag in ("td", "th") and self._table:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self._table and self.tables[self._table]:
            self.tables[self._table][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        if tag == "table":
            self._table = None

    def handle_data(self, data):
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def _page(path: Path) -> _Page:
    return _Page(path.read_text(encoding="utf-8"))


def _chromium(*args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", *args],
                          capture_output=True, text=True, timeout=timeout)


def _dom(path: Path) -> _Page:
    """The page as the browser built it (after its scripts ran)."""
    result = _chromium("--virtual-time-budget=3000", "--dump-dom", path.resolve().as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    return _Page(result.stdout)


# --- what the site holds ------------------------------------------------------------------------

def test_index_lists_every_document_by_its_title(site, titles):
    index = _page(site / "index.html")
    rows = index.tables["documents"][1:]
    assert sorted(r[0] for r in rows) == sorted(titles.values())
    assert "미래혁신을 이끌 초격차 기술 확보전략, ‘인공지능·첨단바이오 전략로드맵’ 수립" in [r[0] for r in rows]


def test_every_document_has_a_brief_in_both_languages_and_a_source_page(site, titles):
    names = ["msit-2023-10-31-ai-bio-roadmap", "msit-2023-10-31-ai-bio-roadmap.rev2", "msit-2023-10-31-ai-bio-roadmap.en"]
    for name in names:
        for lang in ("ko", "en"):
            assert (site / "briefs" / f"{name}.{lang}.html").is_file()
        assert (site / "source" / f"{name}.html").is_file()


def test_consecutive_revisions_of_a_series_are_diffed(site):
    diffs = list((site / "diffs").glob("*.html"))
    assert [p.name for p in diffs] == ["msit-2023-10-31-ai-bio-roadmap--msit-2023-10-31-ai-bio-roadmap.rev2.html"]


def test_the_english_version_is_checked_against_its_korean_release(site):
    pair = site / "pairs" / "msit-2023-10-31-ai-bio-roadmap--msit-2023-10-31-ai-bio-roadmap.en.html"
    summary = " ".join(_page(pair).text)
    assert "DIFFERENT: 0" in summary and "English only: 0" in summary


def test_comparison_tables_show_both_revisions_side_by_side(site):
    page = _page(site / "tables" / "field.html")
    rows = page.tables["table0"]                  # the first field's table
    assert len(rows[0]) == 3                      # row label + two releases with targets
    assert "50% 이상 (2030년까지)" in rows[1] and "60% 이상 (2030년까지)" in rows[1]


def test_every_link_leads_to_a_page_and_every_anchor_exists(site):
    broken = []
    for page in site.rglob("*.html"):
        for href in _page(page).links:
            parts = urlsplit(href)
            if parts.scheme:
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if not target.is_file():
                broken.append((page.name, href))
            elif parts.fragment and target.suffix == ".html" and not parts.fragment.startswith("page="):
                if parts.fragment not in _page(target).ids:
                    broken.append((page.name, href))
    assert not broken


def test_every_number_of_a_brief_links_to_its_page_of_the_source(site):
    brief = _page(site / "briefs" / "msit-2023-10-31-ai-bio-roadmap.en.html")
    targets = brief.tables["targets"][1:]
    assert len(targets) == 6
    page_links = [h for h in brief.links if "source/" in h and "#page-" in h]
    assert len(page_links) >= 2 * len(targets)


def test_a_second_build_rewrites_nothing(site, capsys):
    stamps = {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}
    assert main(["site", "--db", str(site.parent / "roadmap.db"), "--out", str(site), "--sources", str(CORPUS)]) == 0
    assert "0 pages written" in capsys.readouterr().err
    assert {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()} == stamps


# --- in a real browser ----------------------------------------------------------------------------

@needs_browser
def test_browser_shows_the_index_with_korean_titles_and_links_to_briefs(site):
    dom = _dom(site / "index.html")
    rows = dom.tables["documents"][1:]
    assert any(r[0].startswith("미래혁신을 이끌") for r in rows)
    assert any(h.startswith("briefs/") and h.endswith(".ko.html") for h in dom.links)


@needs_browser
def test_browser_follows_the_index_to_a_brief_with_its_targets_table(site):
    index = _dom(site / "index.html")
    href = next(h for h in index.links if h == "briefs/msit-2023-10-31-ai-bio-roadmap.ko.html")
    brief = _dom(site / href)
    rows = brief.tables["targets"]
    assert rows[0][:4] == ["분야", "중점기술", "지표", "목표치"]
    assert ["인공지능", "효율적 학습·인프라", "AI학습 소요 자원(전력·데이터)", "50% 이상"] == rows[1][:4]
    other = next(h for h in brief.links if h.endswith(".en.html"))
    english = _dom(site / "briefs" / other)
    assert "reduce by at least 50%" in [row[3] for row in english.tables["targets"][1:]]


@needs_browser
def test_browser_draws_korean_in_a_real_font_not_boxes(site):
    # A probe page with the site's own stylesheet draws syllables on a canvas: with no Korean font
    # every syllable comes out as the same box, the one a private-use character gets.
    style = re.search(r"<style>.*?</style>", (site / "index.html").read_text(encoding="utf-8"), re.S).group(0)
    probe = site / "probe-fonts.html"
    probe.write_text(f"""<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8">{style}</head><body>
<p id="sample">인공지능 첨단바이오</p>
<script>
function glyph(ch) {{
  const c = document.createElement("canvas"); c.width = 64; c.height = 64;
  const x = c.getContext("2d"); x.font = "48px " + getComputedStyle(document.body).fontFamily;
  x.fillStyle = "#000"; x.fillText(ch, 4, 52); return c.toDataURL();
}}
const a = glyph("가"), b = glyph("나"), c = glyph("다"), box = glyph("\\uE000");
document.body.setAttribute("data-distinct", String(a !== b && b !== c && a !== c));
document.body.setAttribute("data-tofu", String(a === box || b === box));
</script></body></html>""", encoding="utf-8")
    try:
        result = _chromium("--virtual-time-budget=3000", "--dump-dom", probe.as_uri())
    finally:
        probe.unlink()
    assert 'data-distinct="true"' in result.stdout
    assert 'data-tofu="false"' in result.stdout


@needs_browser
def test_browser_screenshots_of_the_briefs_are_drawn(site, tmp_path):
    for name in ("msit-2023-10-31-ai-bio-roadmap.ko.html", "msit-2023-10-31-ai-bio-roadmap.en.html"):
        shot = tmp_path / f"{name}.png"
        result = _chromium(f"--screenshot={shot}", "--window-size=1280,1600", (site / "briefs" / name).as_uri())
        assert result.returncode == 0, result.stderr[-2000:]
        data = shot.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000     # a page of text, not a blank
