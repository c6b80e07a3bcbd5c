"""The Jinja environment every rendered page shares, and its filters: each piece of formatting a
named filter, so that the templates (``templates/*.j2``) hold layout only.

A filter renders a value in the page's language (``lang``) and format (``fmt``): Korean as written;
English through :mod:`pipeline.korean.glossary`, which renders a sentence only when it covers all of
it and otherwise keeps the Korean, marked (never English words in Korean order). A :class:`Tally`
in the template's context collects what the page shows, so that a brief's :class:`Coverage` counts
exactly what its reader sees. Numbers link back to their page of the source.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from markupsafe import Markup, escape

from pipeline import korean
from pipeline.korean import glossary as gl
from pipeline.korean.english import date_en, figure_en, person_en
from pipeline.korean.figures import find_figures
from pipeline.korean.lexicon import glossary
from pipeline.markup import md_text, safe_href
from pipeline.records import Figure, FocusTechnology, Target
from pipeline.resources import TEMPLATES


# --- what an English page shows in English ------------------------------------------------------

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
