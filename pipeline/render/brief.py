"""Briefs: a one-page summary of a release in Korean or English, rendered from Jinja templates.

A brief has a header (ministry, kind, release time, title, subtitles), the key points (the lead and
the top-level headlines; Korean brief), the key targets, the missions by field and focus technology,
ecosystem measures (the Korean brief of a release with none of these three leaves them out), other
notable figures with the sentence each came from, contacts and document warnings. Every number links
back to its page of the source.

The English brief of a Korean release is not machine translated: :mod:`pipeline.korean.glossary` renders
what it can render exactly and keeps the rest in Korean, marked, and the brief states its
translation coverage. The templates (``templates/brief.<md|html>.j2``) hold layout only; formatting
is done by the named filters registered here (:func:`environment`).
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from markupsafe import Markup, escape

from pipeline import korean
from pipeline.korean import glossary as gl
from pipeline.korean.english import date_en, figure_en, person_en
from pipeline.korean.figures import find_figures
from pipeline.korean.lexicon import glossary
from pipeline.markup import md_text, safe_href
from pipeline.records import Document, Figure, FocusTechnology, KeyPoint, Target
from pipeline.resources import TEMPLATES

LANGS = ("ko", "en")
FORMATS = ("md", "html")
# Figure kinds worth a line of their own among "other notable figures"; dates, years and ordinals
# say when and which, and are in the header or the targets' deadlines already.
NOTABLE_KINDS = ("percent", "multiple", "money", "count", "duration", "other")
SKIP_BLOCKS = ("header", "masthead", "contact")


# --- what a brief holds ------------------------------------------------------------------------

@dataclass(frozen=True)
class Coverage:
    """How much of what an English brief shows of a Korean release is in English: every distinct
    sentence it shows (title, subtitles, key points, targets, missions, measures, figure contexts,
    names), counted by sentences and by their characters (spaces aside)."""
    translated: int            # sentences shown whole in English
    items: int                 # sentences shown
    chars_translated: int = 0
    chars: int = 0

    @property
    def percent(self) -> int:
        """Sentences in English, in percent, rounded down (99.6% is not 100%)."""
        return 100 * self.translated // self.items if self.items else 100

    @property
    def char_percent(self) -> int:
        return 100 * self.chars_translated // self.chars if self.chars else 100


class Tally:
    """The sentences a brief shows, collected while it renders (a template pass): what the coverage
    counts is exactly what the reader sees."""

    def __init__(self) -> None:
        self.shown: dict[str, bool] = {}

    def add(self, r: gl.Rendering) -> None:
        if any(korean.is_hangul(c) for c in r.korean):     # Korean text only: a Latin name is no translation
            self.shown.setdefault(r.korean, r.in_english)

    def coverage(self) -> Coverage:
        sizes = {text: len(re.sub(r"\s+", "", text)) for text in self.shown}
        return Coverage(sum(self.shown.values()), len(self.shown),
                        sum(sizes[t] for t, done in self.shown.items() if done), sum(sizes.values()))


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


MAX_HEADLINES = 15          # a brief is one page: the store keeps every headline
MAX_SENTENCE = 160          # characters of a figure's sentence shown around it


def key_points_of(doc: Document) -> KeyPoints:
    """The document's key points as the brief shows them: its lead, then at most
    :data:`MAX_HEADLINES` headlines."""
    lead = next((k for k in doc.key_points if k.kind == "lead"), None)
    headlines = tuple(k for k in doc.key_points if k.kind != "lead")
    return KeyPoints(lead, headlines[:MAX_HEADLINES], max(0, len(headlines) - MAX_HEADLINES))


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


def write_if_changed(path: Path, text: str) -> bool:
    """Write ``text`` unless the file holds it already (so unchanged pages keep their time stamps)."""
    path = Path(path)
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True


# --- the template environment and its filters -------------------------------------------------

@lru_cache(maxsize=None)
def environment(fmt: str) -> Environment:
    """Jinja for one output format: StrictUndefined, HTML escaped, the formatting filters."""
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), undefined=StrictUndefined,
                      autoescape=fmt == "html", trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    env.filters.update(FILTERS)
    return env


def _markup(ctx, text: str):
    """Text as the format wants it: escaped (HTML) or with Markdown's marks escaped."""
    if ctx["fmt"] == "html":
        return escape(text)
    return md_text(text)


def _link(ctx, text, page) -> str:
    """``text`` (marked up for the format already) linking to its page of the source."""
    if not page:
        return text
    href = ctx["page_href"](page)
    if ctx["fmt"] == "html":
        return Markup('<a class="page" href="{}">{}</a>').format(href, text)
    return f"[{text}]({href})"


def _shown(ctx, r: gl.Rendering):
    """A sentence in the English brief: in English, or the Korean as written, marked, with the
    glossary's English for the terms it knows beside it ('국립과천과학관 = Gwacheon National Science
    Museum'). Never English words in Korean order."""
    if not r.korean:
        return _markup(ctx, "")
    tally = ctx.get("tally")
    if tally is not None:
        tally.add(r)
    if r.in_english:
        return _markup(ctx, r.english)
    g = glossary()
    note = g.label("en", "in_korean")
    if ctx["fmt"] == "html":
        terms = Markup(", ").join(Markup('<span lang="ko">{}</span> = {}').format(ko, en) for ko, en in r.terms)
        return Markup('<span class="untranslated" lang="ko">{}</span> <small class="gloss">({}{}{})</small>').format(
            r.korean, note, "; " if r.terms else "", terms)
    terms = ", ".join(f"{ko} = {en}" for ko, en in r.terms)
    gloss = _markup(ctx, f"{note}{'; ' if terms else ''}{terms}")
    return f"{_markup(ctx, r.korean)} _({gloss})_"


@pass_context
def f_text(ctx, text: str, noun_phrase: bool = False):
    """A phrase of the release in the brief's language: as written in Korean, in English when the
    glossary covers all of it (else in Korean, marked)."""
    text = re.sub(r"\s+", " ", text or "").strip()
    if ctx["lang"] == "ko" or ctx["english_source"]:
        return _markup(ctx, text)
    return _shown(ctx, gl.render(text, noun_phrase))


@pass_context
def f_name(ctx, text: str):
    """A name or label (field, focus technology, metric): a noun phrase."""
    return f_text(ctx, text, noun_phrase=True)


@pass_context
def f_label(ctx, key: str, *args):
    """The brief's own words in its language (``data/glossary.toml`` [labels])."""
    text = glossary().label(ctx["lang"], key)
    return text.format(*args) if args else text


@pass_context
def f_amount(ctx, t: Target):
    """A target's comparator, value and unit, linked to its page; a change says so in English:
    '50% 이상 절감' -> 'reduce by at least 50%'."""
    unit = _korean_unit(t.unit) if ctx["english_source"] else t.unit
    if ctx["lang"] == "ko":
        text = amount_ko(t.value, unit, t.op)
    else:
        text = figure_en(t.value, unit, t.op, _kind_of(t), "")
        verb = _change_verb(t)
        if verb:
            text = f"{verb} by {text}"
    return _link(ctx, _markup(ctx, text), t.page)


@pass_context
def f_figure(ctx, f: Figure):
    """A figure as written (Korean) or rendered in English, linked to its page."""
    if ctx["lang"] == "ko" or ctx["english_source"]:
        text = f.text
    else:
        text = figure_en(f.value, f.unit, f.op, f.kind, f.text)
    return _link(ctx, _markup(ctx, text), f.page)


@pass_context
def f_when(ctx, iso: str | None, page: int | None = 1):
    """A release date-time, linked to the page stating it: 2023-10-31T10:00 -> 'October 31, 2023, 10:00'."""
    if not iso:
        return glossary().label(ctx["lang"], "none")
    if ctx["lang"] == "en":
        text = date_en(iso)
    else:
        date, _, time = iso.partition("T")
        text = ". ".join(str(int(p)) for p in date.split("-")) + "." + (f" {time}" if time else "")
    return _link(ctx, _markup(ctx, text), page)


@pass_context
def f_deadline(ctx, year: int | None):
    if not year:
        return ""
    return glossary().label(ctx["lang"], "deadline_by").format(year)


@pass_context
def f_direction(ctx, direction: str):
    return glossary().label(ctx["lang"], direction) if direction else ""


@pass_context
def f_ministry(ctx, text: str):
    if ctx["lang"] == "ko" or ctx["english_source"] or not text:
        return _markup(ctx, text or "")
    return _shown(ctx, gl.name_rendering(text))


@pass_context
def f_person(ctx, name: str):
    return _markup(ctx, name if ctx["lang"] == "ko" else person_en(name))


@pass_context
def f_lookup(ctx, text: str, section: str):
    """A word from a glossary table (kinds, editions, roles, job titles) in English."""
    if ctx["lang"] == "ko" or not text:
        return _markup(ctx, text or "")
    word = glossary().section(section).get(re.sub(r"\s+", "", text))
    return _markup(ctx, word) if word else _shown(ctx, gl.render(text, noun_phrase=True))


@pass_context
def f_page(ctx, page: int | None):
    """A page number linking to that page."""
    if not page:
        return ""
    label = glossary().label(ctx["lang"], "page_ref").format(page)
    return _link(ctx, label, page)


@pass_context
def f_cell(ctx, text: str):
    return _markup(ctx, text or "")


def f_marker(focus: FocusTechnology) -> str:
    """A focus technology's number as the release writes it (❶ ...)."""
    return korean.CIRCLED_NUMBERS[focus.number - 1] if focus.number and 0 < focus.number <= 10 else ""


@pass_context
def f_target_cell(ctx, t: Target, info):
    """A target in a comparison table: its metric (when the row does not name it), comparator, value,
    unit and deadline, linked to its page."""
    if ctx["lang"] == "ko":
        amount = amount_ko(t.value, t.unit, t.op)
    else:
        amount = figure_en(t.value, t.unit, t.op, _kind_of(t), "")
    deadline = f_deadline(ctx, t.deadline)
    href = ctx["target_href"](info, t.page)
    text = f"{amount}" + (f" ({deadline})" if deadline else "")
    if ctx["comparison"].by == "document":
        text = f"{t.metric}: {text}"
    if ctx["fmt"] == "html":
        return Markup('<a class="page" href="{}">{}</a>').format(href, text)
    return f"[{_markup(ctx, text)}]({href})"


FILTERS = {"text": f_text, "name": f_name, "label": f_label, "amount": f_amount, "figure": f_figure,
           "when": f_when, "deadline": f_deadline, "direction": f_direction, "ministry": f_ministry,
           "person": f_person, "lookup": f_lookup, "page": f_page, "cell": f_cell, "marker": f_marker,
           "target_cell": f_target_cell, "href": safe_href}


# --- Korean numbers and English verbs of change ---------------------------------------------------

def amount_ko(value, unit: str, op: str) -> str:
    """A value with unit and comparator in Korean: (1000000, '명', '>=') -> '100만명 이상'."""
    body = f"{number_ko(value)}{unit}"
    if unit in korean.TIME_UNITS and op == "<=":          # '100일 내': a time bound
        return f"{body} 이내"
    return glossary().section("ko_comparators").get(op, "{}").format(body)


def number_ko(value) -> str:
    """A number with Korean scale words: 1200000000000 -> '1조 2,000억', 1000000 -> '100만'."""
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and not value.is_integer():
        return f"{value:g}"
    n, parts = int(value), []
    for word, scale in sorted(glossary().section("ko_scales").items(), key=lambda kv: -kv[1]):
        if n >= scale:
            parts.append(f"{n // scale:,}{word}")
            n %= scale
    if n or not parts:
        parts.append(f"{n:,}")
    return " ".join(parts)


def _korean_unit(unit: str) -> str:
    """An English release's target unit in the briefs' vocabulary ('times' -> 배, 'days' -> 일)."""
    from pipeline.extract.targets import english_words
    return english_words()["units"].get(unit, unit)


def _kind_of(t: Target) -> str:
    """The figure kind of a target's unit (targets keep the unit, not the kind)."""
    for m in find_figures(t.text or "", "ko"):
        if m.value == t.value and m.unit == t.unit:
            return m.kind
    unit = _korean_unit(t.unit)
    return ("duration" if unit in korean.TIME_UNITS else "percent" if unit == "%" else
            "multiple" if unit == "배" else "count")


def _change_verb(t: Target) -> str:
    """'reduce' or 'increase' when the target's figure is an amount of change (a goal verb follows it)."""
    for m in find_figures(t.text or "", "ko"):
        if m.value != t.value or m.unit != t.unit or m.kind not in ("percent", "multiple"):
            continue
        after = t.text[m.end:m.end + 12]
        verbs = korean.DECREASE_VERBS if t.direction == "decrease" else korean.INCREASE_VERBS
        if any(re.match(rf"\s*(?:[가-힣]{{0,2}}\s)?{v}", after) for v in verbs):
            return glossary().section("directions")[t.direction][1]
    return ""
