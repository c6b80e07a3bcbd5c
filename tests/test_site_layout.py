"""The site on a phone and on a desktop, its search box, its downloads and the diff page's chrome.

Widths are measured in Debian's headless Chromium (skipped without one): each page kind is opened
in a frame 390 px wide (a phone; a headless window cannot be narrower than 500 px, a frame can) and
1280 px wide, and no page may be wider than its frame (``scrollWidth <= innerWidth``): a wide table
scrolls inside its own box or stacks its rows, long words wrap. The search box is typed into the
same way, and a document titled with a ``<script>`` must show it as text, never run it.
"""
from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.store.database import FIGURE_COLUMNS, TARGET_COLUMNS
from test_site import CHROMIUM, needs_browser, site  # noqa: F401 (the site of the sample, as a fixture)

NAME = "msit-2023-10-31-ai-bio-roadmap"

# One page of each kind the site writes.
PAGES = {
    "index": "index.html",
    "brief-ko": f"briefs/{NAME}.ko.html",
    "brief-en": f"briefs/{NAME}.en.html",
    "brief-of-english-release": f"briefs/{NAME}.en.en.html",
    "diff": f"diffs/{NAME}--{NAME}.rev2.html",
    "table": "tables/field.html",
    "pair": f"pairs/{NAME}--{NAME}.en.html",
    "source": f"source/{NAME}.html",
}
WIDTHS = (390, 1280)


def _in_frame(page: Path, width: int, script: str = "") -> str:
    """The DOM of a harness page beside ``page`` that shows it in a frame ``width`` px wide and,
    once it has loaded, runs ``script`` (with ``frame``, the frame's window) and then writes the
    frame's ``scrollWidth/innerWidth`` and its body's text into its own body's attributes."""
    harness = page.with_name("_frame.html")
    harness.write_text(f"""<!DOCTYPE html><html><body style="margin:0">
<iframe id="f" src="{page.name}" style="border:0;width:{width}px;height:900px"></iframe>
<script>
document.getElementById("f").addEventListener("load", function () {{
  var frame = document.getElementById("f").contentWindow;
  {script}
  setTimeout(function () {{
    var d = frame.document;
    document.body.setAttribute("data-widths", d.documentElement.scrollWidth + "/" + frame.innerWidth);
    document.body.setAttribute("data-title", d.title);
    var out = document.createElement("pre"); out.id = "framed"; out.textContent = d.body.innerHTML;
    document.body.appendChild(out);
  }}, 100);
}});
</script></body></html>""", encoding="utf-8")
    try:
        result = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                                 "--allow-file-access-from-files", f"--window-size={max(width, 500)},900",
                                 "--virtual-time-budget=5000", "--dump-dom", harness.as_uri()],
                                capture_output=True, text=True, timeout=120)
    finally:
        harness.unlink()
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def _widths(dom: str) -> tuple[int, int]:
    found = re.search(r'data-widths="(\d+)/(\d+)"', dom)
    assert found, dom[-2000:]
    return int(found.group(1)), int(found.group(2))


# --- the page fits the screen ----------------------------------------------------------------------

@needs_browser
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", PAGES)
def test_no_page_is_wider_than_the_screen(site, kind, width):
    page = site / PAGES[kind]
    assert page.is_file(), page
    scroll_width, inner_width = _widths(_in_frame(page, width))
    assert inner_width == width
    assert scroll_width <= inner_width, f"{kind} at {width} px: {scroll_width} px wide"


def test_every_table_of_every_page_sits_in_its_own_scroll_box(site):
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        tables = len(re.findall(r"<table\b", html))
        boxed = len(re.findall(r'<div class="scroll"><table\b', html))
        assert tables == boxed, f"{page.relative_to(site)}: {tables - boxed} of {tables} tables unboxed"


def test_every_page_carries_the_viewport_and_the_site_stylesheet(site):
    style = re.search(r"<style>.*?</style>", (site / "index.html").read_text(encoding="utf-8"), re.S).group(0)
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html, page.name
        assert style in html, page.name


# --- the diff page in the site's chrome ---------------------------------------------------------------

def test_the_diff_page_has_the_site_navigation_and_style(site):
    diff = (site / PAGES["diff"]).read_text(encoding="utf-8")
    table = (site / PAGES["table"]).read_text(encoding="utf-8")
    nav = re.search(r"<nav>.*?</nav>", diff, re.S).group(0)
    assert '<a href="../index.html">문서 목록</a>' in nav and '<a href="../tables/field.html">목표 비교표</a>' in nav
    assert f'href="../briefs/{NAME}.ko.html"' in nav and f'href="../briefs/{NAME}.rev2.ko.html"' in nav
    assert '<a href="../index.html">문서 목록</a>' in table         # every page one folder down: the same links
    assert '<body class="diff">' in diff


def test_the_briefs_of_both_revisions_lead_to_their_diff(site):
    for name in (NAME, f"{NAME}.rev2"):
        for lang, label in (("ko", "개정 비교"), ("en", "Revision diff")):
            brief = (site / "briefs" / f"{name}.{lang}.html").read_text(encoding="utf-8")
            nav = re.search(r"<nav>.*?</nav>", brief, re.S).group(0)
            assert f'<a href="../{PAGES["diff"]}">{label}</a>' in nav, (name, lang)


# --- downloads ------------------------------------------------------------------------------------

def test_the_index_links_the_exports_of_the_store(site):
    index = (site / "index.html").read_text(encoding="utf-8")
    for name in ("downloads/documents.json", "downloads/targets.csv", "downloads/figures.csv"):
        assert f'href="{name}"' in index and (site / name).is_file()


def test_the_downloads_are_what_export_writes(site, capsys):
    db = str(site.parent / "roadmap.db")
    capsys.readouterr()
    assert main(["export", "--db", db]) == 0
    assert (site / "downloads" / "documents.json").read_text(encoding="utf-8") == capsys.readouterr().out
    for what, columns in (("targets", TARGET_COLUMNS), ("figures", FIGURE_COLUMNS)):
        out = site.parent / f"export-{what}.csv"
        assert main(["export", "--db", db, "--format", "csv", "--what", what, "--out", str(out)]) == 0
        written = (site / "downloads" / f"{what}.csv").read_bytes()
        assert written == out.read_bytes()
        rows = list(csv.reader(io.StringIO(written.decode("utf-8"))))
        assert tuple(rows[0]) == tuple(columns) and len(rows) > 1


# --- the search index -------------------------------------------------------------------------------

def test_the_search_index_holds_titles_targets_and_figures_with_their_links(site):
    data = json.loads((site / "search.json").read_text(encoding="utf-8"))
    kinds = {item["kind"] for item in data["items"]}
    assert kinds == {"title", "target", "figure"}
    assert len([i for i in data["items"] if i["kind"] == "title"]) == len(data["documents"]) == 3
    for item in data["items"]:
        href = item["href"].split("#")[0]
        assert (site / href).is_file(), item
    script = (site / "search.js").read_text(encoding="utf-8")
    assert json.loads(script.removeprefix("window.roadmapSearch = ").rstrip().rstrip(";")) == data


@needs_browser
def test_typing_in_the_search_box_lists_the_matching_targets_and_figures(site):
    dom = _in_frame(site / "index.html", 390, """
      var box = frame.document.getElementById("search-box");
      box.value = "인공지능 50%"; box.dispatchEvent(new frame.Event("input"));""")
    framed = re.search(r'<pre id="framed">(.*?)</pre>', dom, re.S).group(1)
    results = re.search(r'id="search-results"&gt;(.*?)&lt;/ul&gt;', framed, re.S).group(1)
    assert "50% 이상 절감" in results and f"source/{NAME}.html#page-7" in results
    assert "60%" not in results                  # the revision's target is 60%: every word must match
    assert _widths(dom)[0] <= 390


@needs_browser
def test_a_title_with_a_script_is_found_as_text_and_never_runs(tmp_path):
    """A release titled with markup: the index and its search results show it as written."""
    import pdfs

    title = "<img src=x onerror=\"document.title='pwned'\"><script>document.title='pwned'</script> 인공지능 로드맵"

    def draw(p):
        p.text(50, 80, "과학기술정보통신부 보도자료")
        p.text(50, 120, title)
        p.text(50, 160, "인공지능 학습 자원을 50% 이상 절감한다.")
    src = tmp_path / "src"
    src.mkdir()
    pdf = pdfs.build(src / "<script>alert(1)<!--.pdf", [draw])
    db = tmp_path / "x.db"
    assert main(["ingest", str(pdf), "--db", str(db), "--quiet", "--jobs", "1"]) == 0
    assert main(["site", "--db", str(db), "--out", str(tmp_path / "site"), "--sources", str(src)]) == 0
    index = tmp_path / "site" / "index.html"
    assert "<script>document.title" not in index.read_text(encoding="utf-8")
    assert "<script>" not in (tmp_path / "site" / "search.js").read_text(encoding="utf-8")
    dom = _in_frame(index, 390, """
      var box = frame.document.getElementById("search-box");
      box.value = "script"; box.dispatchEvent(new frame.Event("input"));""")
    assert 'data-title="pwned"' not in dom
    framed = re.search(r'<pre id="framed">(.*?)</pre>', dom, re.S).group(1)
    results = re.search(r'id="search-results"&gt;(.*?)&lt;/ul&gt;', framed, re.S).group(1)
    assert "&amp;lt;script&amp;gt;" in results          # shown as text (escaped twice: once in the dump)
    assert "javascript:" not in results
