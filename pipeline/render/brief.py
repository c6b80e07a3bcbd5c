"""Briefs: a one-page summary of a release in Korean or English, rendered from Jinja templates.

A brief has a header (ministry, kind, release time, title, subtitles), the key points (the lead and
the top-level headlines; Korean brief), the key targets, the missions by field and focus technology,
ecosystem measures (the Korean brief of a release with none of these three leaves them out), other
notable figures with the sentence each came from, contacts and document warnings. Every number links
back to its page of the source.

The English brief of a Korean release is not machine translated: :mod:`pipeline.korean.glossary` renders
what it can render exactly and keeps the rest in Korean, marked, and the brief states its
translation coverage. The templates (``templates/brief.<md|html>.j2``) hold layout only; formatting
is done by the named filters every page shares (:mod:`pipeline.render.filters`).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from pipeline.files import write_if_changed
from pipeline.markup import safe_href
from pipeline.records import Document, Figure, FocusTechnology, KeyPoint
from pipeline.render.filters import Coverage, Tally, environment

LANGS = ("ko", "en")
FORMATS = ("md", "html")
# Figure kinds worth a line of their own among "other notable figures"; dates, years and ordinals
# say when and which, and are in the header or the targets' deadlines already.
NOTABLE_KINDS = ("percent", "multiple", "money", "count", "duration", "other")
SKIP_BLOCKS = ("header", "masthead", "contact")


# --- what a brief holds ------------------------------------------------------------------------

@dataclass(frozen=True)
class FieldMissions:
    """The focus technologies of one field, in document order."""
    field: str
    focus: tuple[FocusTechnology, ...]


@dataclass(frozen=True)
class Notable:
    """A figure outside the targets, with the phrase it measures and the sentence it came from."""
    figure: Figure
    context: str
    sentence: str = ""


@dataclass(frozen=True)
class KeyPoints:
    """The brief's opening: the lead paragraph and the first headlines (``more`` left out)."""
    lead: KeyPoint | None
    headlines: tuple[KeyPoint, ...]
    more: int = 0


MAX_SENTENCE = 160          # characters of a figure's sentence shown around it


def key_points_of(doc: Document) -> KeyPoints:
    """The document's key points as the brief shows them: its lead, then the few headlines the
    extract stage chooses (:func:`pipeline.extract.keypoints.summarise`); the store keeps every one."""
    from pipeline.extract.keypoints import summarise
    chosen = summarise(doc.key_points, doc.blocks, doc.info.subtitles, tuple(t.text for t in doc.targets))
    return KeyPoints(chosen.lead, chosen.headlines, chosen.total - len(chosen.headlines))


def sentence_around(sentence: str, text: str, width: int = MAX_SENTENCE) -> str:
    """``sentence`` with its spacing evened, cut to about ``width`` characters around ``text`` (the
    figure as written), an ellipsis marking each cut."""
    sentence = " ".join(sentence.split())
    if len(sentence) <= width:
        return sentence
    at = max(0, sentence.find(" ".join(text.split())))
    start = max(0, min(at - width // 3, len(sentence) - width))
    end = start + width
    return ("…" if start else "") + sentence[start:end].strip() + ("…" if end < len(sentence) else "")


def fields_of(doc: Document) -> list[FieldMissions]:
    """Focus technologies grouped by field (the order of first appearance)."""
    return [FieldMissions(name, tuple(f for f in doc.focus_technologies if f.field == name))
            for name in doc.fields]


def ecosystem_of(doc: Document) -> list[tuple[str, list]]:
    """Ecosystem measures grouped by field."""
    out: dict[str, list] = {}
    for e in doc.ecosystem:
        out.setdefault(e.field, []).append(e)
    return list(out.items())


def notable_figures(doc: Document) -> list[Notable]:
    """Figures other than targets, dates and ordinals: each once, with the noun phrase it measures."""
    from pipeline.extract.analysis import analyse_texts
    from pipeline.extract.targets import metric_of
    targets = {(t.value, t.unit, t.op) for t in doc.targets}
    chosen, seen = [], set()
    for f in doc.figures:
        block = doc.blocks[f.block] if f.block is not None and 0 <= f.block < len(doc.blocks) else None
        if f.kind not in NOTABLE_KINDS or (block is not None and block.kind in SKIP_BLOCKS):
            continue
        if (f.value, f.unit, f.op) in targets or (f.value, f.unit, f.op, f.page) in seen:
            continue
        seen.add((f.value, f.unit, f.op, f.page))
        chosen.append(f)
    sentences = {i: f.sentence for i, f in enumerate(chosen)}
    analysis = analyse_texts(sentences) if chosen else None
    out = []
    for i, f in enumerate(chosen):
        start = f.sentence.find(f.text)
        context = ""
        if start >= 0:
            end = start + len(f.text)
            counted = _counted_noun(f.sentence, analysis.of(i), end) if f.kind == "count" else ""
            context = counted or metric_of(f.sentence, analysis.of(i), start, end)
        out.append(Notable(f, context, sentence_around(f.sentence, f.text)))
    return out


def _counted_noun(text: str, unit, end: int) -> str:
    """What a count counts: the nouns right after it ('8개 중점기술' -> '중점기술')."""
    tokens = [t for s in unit.sentences for t in s.tokens if t.start >= end]
    run = []
    for t in tokens:
        if not t.tag.startswith(("NN", "SL", "XSN", "XPN", "SH")) or (run and text[run[-1].end:t.start].strip()):
            break
        run.append(t)
        if len(run) == 3:
            break
    return text[run[0].start:run[-1].end] if run else ""


def coverage(doc: Document, parts: dict | None = None) -> Coverage:
    """The share of the sentences the English brief of ``doc`` shows in English (see :class:`Coverage`)."""
    if doc.info.language == "en":
        return Coverage(0, 0)
    tally = Tally()
    _render(doc, "en", "md", parts or _parts(doc), tally=tally, coverage=None)
    return tally.coverage()


# --- rendering ---------------------------------------------------------------------------------

def render_brief(doc: Document, lang: str, fmt: str = "md", source_href: str | None = None,
                 nav: tuple[tuple[str, str], ...] = (), page_href: Callable[[int], str] | None = None) -> str:
    """The brief of ``doc`` in ``lang`` ('ko' or 'en') as Markdown or HTML.

    Numbers link to ``page_href(page)``, by default ``<source_href>#page=N`` (the source file, by
    default its name as ingested). ``nav`` adds (label, href) links at the top (the site uses it)."""
    if lang not in LANGS or fmt not in FORMATS:
        raise ValueError(f"brief: language {lang!r} or format {fmt!r} not supported")
    href = source_href if source_href is not None else doc.info.source
    links = page_href or (lambda page: safe_href(href, f"page={page}"))
    parts = _parts(doc)
    shown = coverage(doc, parts) if lang == "en" else None
    return _render(doc, lang, fmt, parts, nav=nav, page_href=links, coverage=shown, tally=None)


def _parts(doc: Document) -> dict:
    """What the template shows besides the document itself, worked out once for both passes."""
    return {"fields": fields_of(doc), "ecosystem": ecosystem_of(doc), "notable": notable_figures(doc),
            "key_points": key_points_of(doc),
            "roadmap": bool(doc.targets or doc.focus_technologies or doc.ecosystem)}


def _render(doc: Document, lang: str, fmt: str, parts: dict, tally: Tally | None, coverage: Coverage | None,
            nav: tuple = (), page_href: Callable[[int], str] = lambda page: "") -> str:
    """One pass of the brief template; ``tally`` collects the sentences it shows."""
    template = environment(fmt).get_template(f"brief.{fmt}.j2")
    return template.render(doc=doc, info=doc.info, lang=lang, fmt=fmt, nav=nav, page_href=page_href,
                           coverage=coverage, tally=tally, english_source=doc.info.language == "en", **parts)


def brief_path(doc: Document, lang: str, fmt: str, out_dir: str | Path) -> Path:
    """``DIR/<doc stem>.<lang>.<fmt>``: the stem of the file the document was ingested from."""
    return Path(out_dir) / f"{Path(doc.info.source).stem}.{lang}.{fmt}"


def write_briefs(doc: Document, langs, fmt: str, out_dir: str | Path,
                 source: str | Path | None = None) -> list[tuple[Path, bool]]:
    """Write the briefs of ``doc``; return (path, written) pairs: a file already holding the same text
    is left alone. ``source``, when the source file is at hand, is linked relative to ``out_dir``."""
    out_dir = Path(out_dir)
    href = Path(os.path.relpath(Path(source), out_dir)).as_posix() if source else None
    results = []
    for lang in langs:
        path = brief_path(doc, lang, fmt, out_dir)
        results.append((path, write_if_changed(path, render_brief(doc, lang, fmt, href))))
    return results
