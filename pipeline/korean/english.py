"""Numbers, dates, figures and the names of people and places in English: Babel writes the numbers
and dates, the glossary's tables ([units], [comparators], [time_bounds], [money_scales],
[ordinal_units], [surnames], [places]) give the words around them, :mod:`.romanize` the names.

These are values, not phrases: each is written the same wherever it stands, so nothing here is
lexed or put in word order. Lexing (:mod:`.pieces`) renders a figure or a district's name with
them, which is why they sit below it. Ministries and departments are glossed phrases, and their
names are rendered in :mod:`.glossary`.
"""
from __future__ import annotations

import datetime as dt
import re

from babel.dates import format_date, format_skeleton
from babel.numbers import format_compact_decimal, format_decimal

from pipeline.korean import romanize as romanization
from pipeline.korean.lexicon import glossary


# --- numbers, figures, dates -------------------------------------------------------------------

def number_en(value) -> str:
    """A number as an English text (Babel, locale en): 1000000 -> '1 million', 1.2e12 -> '1.2 trillion',
    12345 -> '12,345'. Scales start at a million ([money_scales]), as English releases write sums."""
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    smallest = min(glossary().section("money_scales").values())
    if abs(value) >= smallest:
        return format_compact_decimal(value, format_type="long", locale="en", fraction_digits=3)
    if isinstance(value, float) and not value.is_integer():
        return format_decimal(round(value, 3), format="#,##0.###", locale="en")
    return format_decimal(int(value), locale="en")


def date_en(iso: str) -> str:
    """An ISO date, partial date, date-time or time in English (Babel, locale en):
    2023-10-31T10:00 -> 'October 31, 2023, 10:00'."""
    if not iso:
        return ""
    date, _, time = iso.partition("T")
    if re.fullmatch(r"\d{1,2}:\d{2}", date):
        return date
    parts = _date_parts(date)
    if parts is None:
        return iso
    year, month, day = parts
    if year and month and day:
        text = format_date(dt.date(year, month, day), format="long", locale="en")
    elif month:
        when = dt.date(year or 2000, month, day or 1)
        text = (format_skeleton("MMMMd", when, locale="en") if day else
                format_skeleton("yMMMM", when, locale="en") if year else format_date(when, "MMMM", locale="en"))
    elif day:
        text = f"day {day}"
    else:
        text = str(year)
    return f"{text}, {time}" if time else text


def _date_parts(date: str):
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})|(\d{4})-(\d{2})|(\d{2})-(\d{2})|--(\d{2})|---(\d{2})|(\d{4})", date)
    if not m:
        return None
    g = m.groups()
    if g[0]:
        return int(g[0]), int(g[1]), int(g[2])
    if g[3]:
        return int(g[3]), int(g[4]), None
    if g[5]:
        return None, int(g[5]), int(g[6])
    if g[7]:
        return None, int(g[7]), None
    if g[8]:
        return None, None, int(g[8])
    return int(g[9]), None, None


def figure_en(value, unit: str, op: str, kind: str, text: str = "") -> str:
    """A figure in English: ('50', '%', '>=') -> 'at least 50%', 1000000 명 >= -> 'at least 1 million
    people', 2030 년 with 까지 -> 'by 2030', 10 배 up_to -> 'up to 10x', 100 일 <= -> 'within 100 days'."""
    g = glossary()
    if kind in ("date", "datetime", "time"):
        return _with_op(date_en(str(value)), op, kind)
    if kind == "year":
        year = str(value)
        if re.search(r"까지|\bby\b", text):
            return f"by {year}"
        return _with_op(year, op, kind)
    if kind == "ordinal":
        return ordinal_en(value, unit)
    number = number_en(value)
    en_unit, place = g.section("units").get(unit, [_english_unit(unit), "after"])
    if place == "glued":
        body = f"{number}{en_unit}"
    elif place == "before":
        body = f"{en_unit} {number}"
    elif place == "glued_before":
        body = f"{en_unit}{number}"
    elif place == "none" or not en_unit:
        body = number
    else:
        body = f"{number} {_singular(en_unit) if value == 1 else en_unit}"
    if kind == "duration" and op in g.section("time_bounds"):
        return f"{g.section('time_bounds')[op]} {body}"
    return _with_op(body, op, kind)


def _english_unit(unit: str) -> str:
    """English figure units as they are ('count' and 'ordinal' say nothing of the noun)."""
    return "" if unit in ("count", "ordinal") else ("x" if unit == "times" else unit)


def _singular(unit: str) -> str:
    return {"people": "person"}.get(unit, unit[:-1] if unit.endswith("s") else unit)


def _with_op(body: str, op: str, kind: str) -> str:
    if kind in ("year", "date", "datetime", "time"):
        word = {">=": "from", ">": "after", "<": "before", "<=": "until", "about": "around"}.get(op, "")
    else:
        word = glossary().section("comparators").get(op, "")
    return f"{word} {body}".strip()


def ordinal_en(value, unit: str = "") -> str:
    """4 -> '4th'; with 번 or 호 -> 'No. 75'."""
    word = glossary().section("ordinal_units").get(unit, "")
    if word == "No.":
        return f"No. {value}"
    n = int(value) if isinstance(value, (int, float)) else 0
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{value}{suffix} {word}".strip()


# --- names -------------------------------------------------------------------------------------

def romanize(text: str) -> str:
    """Revised Romanization, syllable by syllable (as given names are written): 상민 -> sangmin."""
    return romanization.syllables(text)


def person_en(name: str) -> str:
    """A Korean name as it is written in English: 박상민 -> 'Park Sang-min'."""
    return romanization.person(name, glossary().section("surnames"))


def place_en(name: str) -> str:
    """A district, county or city by the Revised Romanization: 서대문구 -> 'Seodaemun-gu'."""
    return romanization.place(name, glossary().section("places"))
