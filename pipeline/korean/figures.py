"""Figures: quantities written in Korean or English text, with value, unit, comparator and kind.

Pure text in, :class:`FigureMatch` out; offsets are characters of the text given (the caller maps them
to pages). The language knowledge -- units and counters with their kind, comparator words, scale and
number words, date words -- lives in ``data/figures.toml``; this module holds only the grammar.

Conventions
- Values are exact: numbers go through :class:`~decimal.Decimal` and come out as ``int`` when integral
  (``6.04억`` -> 604000000). Korean scale words are folded in (``1조 2천억`` -> 1200000000000).
- The unit is what is written after the number, NFKC-folded (``㎾`` -> ``kW``); a few spellings are
  unified by the data file's ``unit_alias`` (``년도`` -> ``년``). English uses ``count`` / ``ordinal``
  for counted nouns and ordinals, ``KRW`` / ``$`` for money, ``years`` / ``days`` ... for periods.
- Dates, datetimes and times carry an ISO string and an empty unit: ``2023-10-31``, ``10-31`` (no year),
  ``2023-10`` (year and month), ``--08`` (a bare month), ``---15`` (a bare day: ``15일(수)``),
  ``2023-10-31T10:00``, ``10:00``. A date and time
  form one ``datetime`` only when the date has a year.
- Ranges: ``80~150mm`` gives two figures, ``80~`` (80 mm, ``>=``) and ``150mm`` (150 mm, ``<=``); the
  first end borrows the unit of the second. A range mark with no number after it opens a range:
  ``’16~`` is 2016, ``>=``.
- A year with ``까지`` / ``by`` is a deadline: op ``=``. ``△`` before a percentage, amount of money or
  measure is a minus sign (elsewhere it is a bullet).
- A figure does not run across a line break: give text whose wrapped lines are joined (a number at the
  end of a table cell line and a word on the next line are not read as one figure).
- A bound before a period carries to the amount right after it: ``최대 3년간 30억원`` is 3 years and
  3000000000 won, both ``up_to`` (not ``최대 2년간 월 100만원``: a monthly amount).
- Not figures: numbers without a unit or counter (except years written ``’21``, English numbers
  before a noun, unit ``count``, and a bare number with a bound after it, ``60이상``: unit ``''``,
  kind ``other``), fractions (``2분의 1``), phone numbers, list numbering at the start of a line, page
  numbers (``- 1 -``), numbers glued to Latin letters (``G5``, ``5G``, ``H100``) and counters that are
  part of a longer word (``2차전지``, ``1인당``). Native Korean numerals (``두 배``) are not read.
"""
from __future__ import annotations

import calendar
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from types import SimpleNamespace

from pipeline.resources import DATA

__all__ = ["FigureMatch", "find_figures", "parse_korean_number"]

_DATA = DATA / "figures.toml"
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# Compatibility characters folded with NFKC (fullwidth forms, ㎾ ㎞ ㎡, ℃, Ⅳ, superscripts, odd spaces);
# everything else is kept as is, so that offsets stay simple and ① or ´ are not turned into digits or spaces.
_FOLD = ((0x00A0, 0x00A0), (0x00B2, 0x00B3), (0x00B5, 0x00B5), (0x00B9, 0x00B9), (0x2000, 0x200A),
         (0x2070, 0x209F), (0x2100, 0x214F), (0x2160, 0x2188), (0x3000, 0x3000), (0x3300, 0x33FF),
         (0xFF01, 0xFF5E))
_FOLDABLE = re.compile("[" + "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in _FOLD) + "]")
_MASKS = (
    # phone numbers: 044-202-6750, 02-2110-7760, (02)2110-7760, +82-44-202-6750, 1588-1234
    re.compile(r"(?<![\d-])(?:\+\d{1,3}[-\s]?\(?\d{1,2}\)?|\(?0\d{1,2}\)?)[-\s.)]?\s?\d{3,4}[-.]\d{4}(?!\d)"),
    re.compile(r"(?<![\d-])1[5-8]\d\d-\d{4}(?!\d)"),
    # page numbers: - 1 -
    re.compile(r"(?m)^[ \t]*[-–][ \t]*\d{1,4}[ \t]*[-–][ \t]*$"),
    re.compile(r"(?<!\S)[-–] \d{1,4} [-–](?!\S)"),
    # list numbering at the start of a line: 1.  2)  (3)
    re.compile(r"(?m)^[ \t]*(?:\(\d{1,2}\)|\d{1,2}[.)](?![\d.]))"),
)


@dataclass(frozen=True)
class FigureMatch:
    """A figure found in a text: where it is, what is written, and what it means."""
    start: int                    # char offset in the text given
    end: int
    text: str                     # as written, with the comparator words that belong to it
    value: float | int | str      # number, scale words folded in; ISO text for date/datetime/time
    unit: str                     # counter or unit written after the number, NFKC-folded
    op: str                       # = >= > <= < up_to about
    kind: str                     # count ordinal percent multiple money year date datetime time duration other


@dataclass
class _Cand:
    """A figure while the search runs, in offsets of the folded text; kind '' means no unit (yet)."""
    s: int
    e: int
    value: object
    unit: str
    op: str
    kind: str
    rng: bool = False             # ends with a range mark: the first end of a range


def find_figures(text: str, language: str = "ko") -> list[FigureMatch]:
    """All figures in ``text`` (``language`` 'ko' or 'en'), in reading order."""
    english = language.lower().startswith("en")
    scan = _Scan(text, _en() if english else _ko())
    for handler in (_EN_HANDLERS if english else _KO_HANDLERS):
        handler(scan)
    return _finish(scan)


def parse_korean_number(s: str) -> int | float | None:
    """The value of a number written with digits and Korean scale words ('1조 2천억' -> 1200000000000,
    '6.04억' -> 604000000, '1,000' -> 1000); None when ``s`` is not such a number."""
    value = _ko_decimal(_fold(s.strip())[0], _ko())
    return None if value is None else _plain(value)


# ---------------------------------------------------------------------------------------- machinery

def _fold(text: str) -> tuple[str, list[int]]:
    """NFKC-fold compatibility characters one by one; also give, per folded character, its source offset."""
    if not _FOLDABLE.search(text):        # nothing to fold (most texts): the text itself
        return text, list(range(len(text)))
    out, index = [], []
    for i, ch in enumerate(text):
        code = ord(ch)
        piece = unicodedata.normalize("NFKC", ch) if any(a <= code <= b for a, b in _FOLD) else ch
        out.append(piece)
        index.extend([i] * len(piece))
    return "".join(out), index


class _Scan:
    """One search: the text, its folded copy with source offsets, the characters taken, the candidates."""

    def __init__(self, text: str, lx: SimpleNamespace):
        self.text, self.lx = text, lx
        self.norm, self.index = _fold(text)
        self.mask = bytearray(len(self.norm))
        self.found: list[_Cand] = []

    def free(self, s: int, e: int) -> bool:
        """True when no character of [s, e) belongs to a figure or a masked span yet."""
        return not any(self.mask[s:e])

    def take(self, s: int, e: int) -> None:
        """Mark [s, e) as used."""
        self.mask[s:e] = b"\x01" * (e - s)

    def add(self, cand: _Cand | None) -> None:
        """Keep a candidate when its span is still free."""
        if cand is not None and cand.e > cand.s and self.free(cand.s, cand.e):
            self.take(cand.s, cand.e)
            self.found.append(cand)

    def lookback(self, rx: re.Pattern, pos: int, width: int = 40) -> re.Match | None:
        """The match of ``rx`` (a pattern ending in ``$``) that ends exactly at ``pos``."""
        m = rx.search(self.norm, max(0, pos - width), pos)
        return m if m and self.free(m.start(), pos) else None

    def tail(self, pos: int) -> tuple[int, str, bool]:
        """Comparator word or range mark after ``pos``: (end, word or '', range mark)."""
        return self.lx.tail(self, pos)

    def edge(self, pos: int) -> bool:
        """True when a word may end at ``pos``."""
        return self.lx.edge(self.norm, pos)


def _alt(words) -> str:
    """A regex alternation of the words, longest first."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=None)
def _data() -> dict:
    """The language data file, parsed once."""
    with _DATA.open("rb") as f:
        return tomllib.load(f)


def _common(c: dict) -> SimpleNamespace:
    """Lexicon parts both languages share: plain settings, comparators, currency, apostrophe years."""
    lx = SimpleNamespace(**{k: v for k, v in c.items() if not isinstance(v, dict)})
    lx.pre, lx.post, lx.date_ops = c["pre"], c["post"], c["date_ops"]
    lx.currency = c["currency_prefix"]
    lx.currency_re = re.compile(rf"(?<![A-Za-z])(?P<c>{_alt(lx.currency)})[ \t]?$")
    ranges = rf"[ \t]?[{re.escape(lx.range_marks)}]|[{re.escape(lx.range_marks_before_digit)}](?=\d)(?!0\d)"
    lx.range_re = re.compile(ranges)
    year_words = c.get("year_words") or []
    suffix = rf"(?P<n>{_alt(year_words)})?" if year_words else ""
    lx.apos_year_re = re.compile(rf"[{re.escape(lx.apostrophes)}](?P<yy>\d\d)(?!\d){suffix}")
    # a number starts after no letter, digit or decimal point; 0149 (leading zero) is an id, not a quantity
    lx.start_re = re.compile(r"(?<![A-Za-z0-9])(?<![\dA-Za-z][.,])(?<![A-Za-z]-)(?!0\d)\d")
    return lx


def _plain(value):
    """A Decimal as int when integral, else float; other values unchanged."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _hangul(ch: str) -> bool:
    return "가" <= ch <= "힣"


def _latin_at(s: str, pos: int) -> bool:
    """True when a Latin letter stands at ``pos``."""
    return pos < len(s) and ("a" <= s[pos].lower() <= "z")


def _is_year(lx, value) -> bool:
    """True for a whole number inside the data file's year range."""
    lo, hi = lx.year_range
    return isinstance(value, Decimal) and value == value.to_integral_value() and lo <= value <= hi


def _century(lx, yy: str) -> int:
    """A two-digit year read with the century pivot: ’30 -> 2030, ’98 -> 1998."""
    n = int(yy)
    return (2000 if n < lx.century_pivot else 1900) + n


def _op(lx, kind: str, post: str = "", rng: bool = False, about: bool = False, pre: str = "") -> str:
    """The comparator from the words around a figure: a word after it beats a range mark, which beats
    an 'about' suffix (여), which beats a word before it. Years and dates read 까지 / by as a deadline."""
    dated = kind in lx.date_kinds
    if post:
        return (dated and lx.date_ops.get(post)) or lx.post.get(post) or lx.verbs.get(post, "=")
    if rng:
        return ">="
    if about:
        return "about"
    if pre:
        return (dated and lx.date_ops.get(pre)) or lx.pre.get(pre, "=")
    return "="


def _pre(scan: _Scan, start: int, kind: str) -> tuple[str, int]:
    """A comparator word right before ``start`` that has a meaning for this kind: (word, new start)."""
    m = scan.lookback(scan.lx.pre_re, start)
    if not m:
        return "", start
    word = m.group("w").lower() if scan.lx.fold_case else m.group("w")
    useful = word in scan.lx.pre or (kind in scan.lx.date_kinds and word in scan.lx.date_ops)
    return (word, m.start()) if useful else ("", start)


def _signed(scan: _Scan, pos: int, value: Decimal, kind: str) -> tuple[int, Decimal]:
    """Apply a minus mark right before the number (△3.2%, -1.5%) for kinds that can be negative."""
    s, lx = scan.norm, scan.lx
    if pos == 0 or s[pos - 1] not in lx.negative_marks or kind not in lx.negative_kinds:
        return pos, value
    if s[pos - 1] in "-−" and pos >= 2 and not (s[pos - 2].isspace() or s[pos - 2] in "(["):
        return pos, value
    return (pos - 1, -value) if scan.free(pos - 1, pos) else (pos, value)


def _currency(scan: _Scan, start: int, unit: str, kind: str) -> tuple[int, str, str]:
    """A currency written before the number ($604, KRW 300) when nothing more telling follows it."""
    if unit and kind not in ("", "count"):
        return start, unit, kind
    m = scan.lookback(scan.lx.currency_re, start)
    if not m:
        return start, unit, kind
    return m.start(), scan.lx.currency[m.group("c")], "money"


def _mask(scan: _Scan) -> None:
    """Take phone numbers, page numbers and list numbering, so that no figure is read in them."""
    for rx in _MASKS:
        for m in rx.finditer(scan.norm):
            scan.take(m.start(), m.end())


def _apostrophe_years(scan: _Scan) -> None:
    """Years written with an apostrophe: ’30년, ‘22, (’21), ’16~ (an open range)."""
    lx, s = scan.lx, scan.norm
    for m in lx.apos_year_re.finditer(s):
        if not _year_edge(scan, m):
            continue
        end, post, rng = scan.tail(m.end())
        year = Decimal(_century(lx, m.group("yy")))
        scan.add(_Cand(m.start(), end, year, lx.year_unit, _op(lx, "year", post, rng), "year", rng))


def _year_edge(scan: _Scan, m: re.Match) -> bool:
    """An apostrophe year ends cleanly: after 년, a word boundary or a comparator; bare, no letter, digit,
    % or decimal may follow (‘12대 is a count in quotes, not a year)."""
    s, pos = scan.norm, m.end()
    if m.groupdict().get("n"):
        return scan.edge(pos) or scan.tail(pos)[0] > pos
    if pos >= len(s):
        return True
    ch = s[pos]
    return not (ch.isalnum() or ch in "%$" or (ch == "." and pos + 1 < len(s) and s[pos + 1].isdigit()))


def _timepoints(scan: _Scan) -> None:
    """Datetimes, then dates, then times, each with the comparator words after it."""
    for kind, rx in scan.lx.timepoint_res:
        for m in rx.finditer(scan.norm):
            value = _timepoint_value(scan.lx, kind, m.groupdict())
            if value is None or not scan.free(m.start(), m.end()):
                continue
            end, post, rng = scan.tail(m.end())
            if end == m.end() and not scan.edge(end):
                continue
            pre, start = _pre(scan, m.start(), kind)
            scan.add(_Cand(start, end, value, "", _op(scan.lx, kind, post, rng, False, pre), kind, rng))


def _timepoint_value(lx, kind: str, gd: dict) -> str | None:
    """ISO text for a date, datetime or time match; None when it names no real day or hour."""
    if kind == "time":
        return _iso_time(lx, gd)
    year = int(gd["y"]) if gd.get("y") else (_century(lx, gd["yy"]) if gd.get("yy") else None)
    month = int(gd["m"]) if gd.get("m") else getattr(lx, "months", {}).get(gd.get("mon"))
    day = int(gd["d"]) if gd.get("d") else None
    date = _iso_date(lx, year, month, day)
    if kind == "date" or date is None:
        return date
    time = _iso_time(lx, gd)
    return f"{date}T{time}" if time and year and day else None


def _iso_date(lx, year: int | None, month: int | None, day: int | None) -> str | None:
    """YYYY-MM-DD, MM-DD, YYYY-MM, --MM or ---DD; None when the parts are no calendar date."""
    lo, hi = lx.year_range
    if month is None:
        return f"---{day:02d}" if day and 1 <= day <= 31 and year is None else None
    if not 1 <= month <= 12 or (year is not None and not lo <= year <= hi):
        return None
    if day is None:
        return f"{year:04d}-{month:02d}" if year else f"--{month:02d}"
    if not 1 <= day <= calendar.monthrange(year or 2000, month)[1]:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}" if year else f"{month:02d}-{day:02d}"


def _iso_time(lx, gd: dict) -> str | None:
    """HH:MM from a time match (12-hour clock words folded in); None when out of range."""
    if gd.get("noon"):
        return "12:00"
    hour = gd.get("h") or gd.get("h2")
    if hour is None:
        return None
    h, mi = int(hour), int(gd.get("mi") or gd.get("mi2") or 0)
    ap = gd.get("ap")
    if ap in lx.pm and h < 12:
        h += 12
    elif ap in lx.am and h == 12:
        h = 0
    if h > 24 or mi > 59 or (h == 24 and mi):
        return None
    return f"{h:02d}:{mi:02d}"


def _finish(scan: _Scan) -> list[FigureMatch]:
    """Link the ends of ranges, drop numbers left without a unit, map offsets back to the text given."""
    found = sorted(scan.found, key=lambda c: c.s)
    for a, b in zip(found, found[1:]):
        if a.rng and not scan.norm[a.e:b.s].strip(" \t"):
            _link(scan.lx, a, b)
    out = []
    for c in found:
        if c.kind:
            start, end = scan.index[c.s], scan.index[c.e - 1] + 1
            out.append(FigureMatch(start, end, scan.text[start:end], _plain(c.value), c.unit, c.op, c.kind))
    return out


def _link(lx, a: _Cand, b: _Cand) -> None:
    """``a~b``: the second end is an upper bound; a first end without a unit borrows the second's."""
    if not a.kind and b.kind not in ("", "date", "datetime", "time"):
        a.unit, a.kind = b.unit, lx.kind_of(b.unit, a.value)
    if b.op == "=":
        b.op = "<="


# ---------------------------------------------------------------------------------------------- Korean

@lru_cache(maxsize=None)
def _ko() -> SimpleNamespace:
    """The Korean lexicon, compiled from the data file."""
    c = _data()["ko"]
    lx = _common(c)
    lx.fold_case = False
    lx.small = {k: Decimal(v) for k, v in c["scales"]["small"].items()}
    lx.big = {k: Decimal(v) for k, v in c["scales"]["big"].items()}
    lx.units = {u: kind for kind, us in c["units"].items() for u in us}
    for u in _data()["measures"]:
        lx.units.setdefault(u, "other")
    lx.alias, lx.verbs = c["unit_alias"], c["post_verbs"]["words"]
    lx.kind_of = lambda unit, value: _ko_kind(lx, unit, value)
    lx.tail, lx.edge = _ko_tail, lambda s, pos: _ko_edge(lx, s, pos)
    _ko_patterns(lx, c)
    _ko_timepoint_patterns(lx)
    return lx


def _ko_patterns(lx, c: dict) -> None:
    """Regexes for Korean numbers, units, comparators and 제N ordinals."""
    group = (rf"(?:{_NUM})(?P<small>(?:[{''.join(lx.small)}]\d*)*)(?P<big>[{''.join(lx.big)}])?")
    lx.group_re = re.compile(group)
    lx.next_group_re = re.compile(rf"(?P<sp>[ \t]?){group}")
    lx.unit_re = re.compile(rf"[ \t]?(?P<u>{_alt(lx.units)})")
    particles = re.escape(c["post_verbs"]["particles"])
    lx.post_re = re.compile(rf"[ \t]?(?P<w>{_alt(lx.post)})|[{particles}][ \t]?(?P<v>{_alt(lx.verbs)})")
    lx.pre_re = re.compile(rf"(?<![가-힣A-Za-z0-9])(?P<w>{_alt(lx.pre)})[ \t]?$")
    lx.fraction_re = re.compile(rf"(?<![\d.,])(?:{_NUM})[ \t]?{re.escape(lx.fraction_word)}[ \t]?(?:{_NUM})")
    units = _alt(c["prefix_ordinal_units"]["units"])
    lx.ordinal_re = re.compile(
        rf"(?<![가-힣A-Za-z]){re.escape(lx.ordinal_prefix)}[ \t]?(?P<n>\d+)(?!\d)[ \t]?(?P<u>{units})")


def _ko_timepoint_patterns(lx) -> None:
    """Regexes for Korean dates (2023. 10. 31. / 2023-10-31 / 2023년 10월 31일 / 10월 31일 / 8월),
    datetimes (a date with a year, then a time) and times (10시, 오후 2시 30분, 14:00)."""
    apos = re.escape(lx.apostrophes)
    y = rf"(?:(?P<y>\d{{4}})|[{apos}](?P<yy>\d\d))"
    yw = _alt(lx.year_words)
    dot = rf"(?<![\d.]){y}[ \t]?\.[ \t]?(?P<m>\d{{1,2}})[ \t]?\.[ \t]?(?P<d>\d{{1,2}})(?!\d)(?:[ \t]?\.(?!\d))?"
    dash = r"(?<![\d.-])(?P<y>\d{4})(?P<sep>[-/])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?![\d-])"
    md = rf"(?P<m>\d{{1,2}})[ \t]?{lx.month_word}(?:[ \t]?(?P<d>\d{{1,2}})[ \t]?{lx.day_word})?"
    han_y = rf"(?<!\d){y}[ \t]?(?:{yw})[ \t]?{md}"
    han = rf"(?<!\d)(?:{y}[ \t]?(?:{yw})[ \t]?)?{md}"
    weekday = rf"[ \t]?\([ \t]?[{lx.weekdays}](?:{lx.weekday_suffix})?[ \t]?\)"
    wd = rf"(?:{weekday})?"
    ap = _alt(lx.am + lx.pm)
    time = (rf"(?:(?P<ap>{ap})[ \t]?)?(?:(?P<h>\d{{1,2}}):(?P<mi>\d{{2}})(?![\d:])"
            rf"|(?P<h2>\d{{1,2}})[ \t]?{lx.hour_word}(?!{lx.not_after_hour})"
            rf"(?:[ \t]?(?P<mi2>\d{{1,2}})[ \t]?{lx.minute_word})?|(?P<noon>{_alt(lx.noon)}))")
    lx.timepoint_res = [("datetime", re.compile(rf"{d}{wd}[ \t]*{time}")) for d in (dot, dash, han_y)]
    day = rf"(?<!\d)(?P<d>\d{{1,2}})[ \t]?{lx.day_word}(?={weekday})"      # 15일(수): a day of the month
    lx.timepoint_res += [("date", re.compile(d)) for d in (dot, dash, han, day)]
    lx.timepoint_res.append(("time", re.compile(rf"(?<![\d:.]){time}")))


def _ko_decimal(text: str, lx) -> Decimal | None:
    """Exact value of digits with commas, decimals and scale words (십 백 천 within a group of four,
    만 억 조 closing one, in falling order); None when malformed."""
    total, section, cur, last_big = Decimal(0), Decimal(0), None, None
    tokens = re.findall(r"\d+(?:\.\d+)?|\S", text.replace(",", ""))
    for tok in tokens:
        if tok[0].isdigit():
            if cur is not None:
                return None
            cur = Decimal(tok)
        elif tok in lx.small:
            section += (1 if cur is None else cur) * lx.small[tok]
            cur = None
        elif tok in lx.big and (last_big is None or lx.big[tok] < last_big):
            part = section + (cur or 0)
            total += (part or 1) * lx.big[tok]
            section, cur, last_big = Decimal(0), None, lx.big[tok]
        else:
            return None
    return total + section + (cur or 0) if tokens else None


def _knum_end(s: str, pos: int, lx) -> int:
    """End of the Korean number at ``pos``; after 만/억/조 another group may follow, glued or after a
    space (1조 2천억, 1억 5천만, 1만2천), as long as the scales fall."""
    m = lx.group_re.match(s, pos)
    end, last = m.end(), lx.big.get(m.group("big"))
    while last:
        n = lx.next_group_re.match(s, end)
        if not n:
            break
        big = lx.big.get(n.group("big"))
        if not (big < last if big else (not n.group("sp") or n.group("small"))):
            break
        end, last = n.end(), big
    return end


def _ko_kind(lx, unit: str, value: Decimal) -> str:
    """Kind of a figure from its unit; 년 after a number outside the year range is a period."""
    kind = lx.units.get(unit, lx.units.get(_unalias(lx, unit), "other"))
    if kind == "year" and not _is_year(lx, value):
        kind = lx.year_outside_range
    return kind


def _unalias(lx, unit: str) -> str:
    """The written form of an aliased unit (for the kind lookup)."""
    return next((k for k, v in lx.alias.items() if v == unit), unit)


def _ko_edge(lx, s: str, pos: int) -> bool:
    """True when a Korean word may end at ``pos``: no Hangul follows, or a particle or suffix does."""
    return pos >= len(s) or not _hangul(s[pos]) or s[pos] in lx.particle_initials


def _ko_tail(scan: _Scan, pos: int) -> tuple[int, str, bool]:
    """Comparator after a Korean figure (50% 이상, 100일 내, 10,000개가 넘는) or a range mark."""
    lx, s = scan.lx, scan.norm
    m = lx.post_re.match(s, pos)
    if m and (m.group("v") or _ko_edge(lx, s, m.end())):
        return m.end(), m.group("w") or m.group("v"), False
    m = lx.range_re.match(s, pos)
    return (m.end(), "", True) if m else (pos, "", False)


def _ko_unit(scan: _Scan, k: int) -> tuple[str | None, int, str, bool]:
    """Unit or counter at ``k`` and the words after it: (unit or None, end, comparator, range mark).
    A Hangul counter must end its word (particles allowed): '5대 강국' yes, '5대학' no."""
    lx, s = scan.lx, scan.norm
    m = lx.unit_re.match(s, k)
    if m and _unit_fits(lx, s, k, m):
        end, post, rng = _ko_tail(scan, m.end())
        if end > m.end() or not _hangul(m.group("u")[-1]) or _ko_edge(lx, s, m.end()):
            return m.group("u"), end, post, rng
    end, post, rng = _ko_tail(scan, k)
    return None, end, post, rng


def _unit_fits(lx, s: str, k: int, m: re.Match) -> bool:
    """A unit match stands unless a comparator word at the same place is longer (초과, not 초) or a
    Latin unit runs into more letters (5th is not 5 t)."""
    c = lx.post_re.match(s, k)
    if c and c.group("w") and c.end() > m.end():
        return False
    return not (_latin_at(m.group("u"), len(m.group("u")) - 1) and _latin_at(s, m.end()))


def _ko_quantity(scan: _Scan, pos: int) -> _Cand | None:
    """The quantity whose number starts at ``pos``: [pre word] [sign] number [여] [unit] [comparator]."""
    lx, s = scan.lx, scan.norm
    end = _knum_end(s, pos, lx)
    value = _ko_decimal(s[pos:end], lx)
    if value is None or any(s.startswith(w, end) for w in lx.not_figures):
        return None
    about = s.startswith(lx.about_after_number, end)
    unit, stop, post, rng = _ko_unit(scan, end + about)
    if unit is None and _latin_at(s, end):
        return None                                   # 5G, 3D: a name, not a figure
    kind = lx.kind_of(unit, value) if unit else _bare_kind(lx, post)
    start, value = _signed(scan, pos, value, kind)
    start, unit, kind = _currency(scan, start, unit or "", kind)
    pre, start = _pre(scan, start, kind)
    op = _op(lx, kind, post, rng, about, pre)
    return _Cand(start, stop, value, lx.alias.get(unit, unit), op, kind, rng)


def _bare_kind(lx, post: str) -> str:
    """Kind of a number written without a unit: a figure only when a bound follows it (60이상)."""
    return lx.bare_number_kind if post in lx.bare_number_bounds else ""


def _ko_bounds_over_periods(scan: _Scan) -> None:
    """'최대 3년간 30억원': carry the bound of a period to the amount that follows it."""
    found = sorted(scan.found, key=lambda c: c.s)
    for period, amount in zip(found, found[1:]):
        if _bounds_next_amount(scan, period, amount):
            amount.op = period.op


def _bounds_next_amount(scan: _Scan, period: _Cand, amount: _Cand) -> bool:
    """True when ``period`` is a duration opened by a bound word (최대) and linked by 간 / 동안 to
    ``amount``, an amount of a bounded kind with no comparator of its own."""
    lx, s = scan.lx, scan.norm
    word = next((w for w in lx.period_bound_words if s.startswith(w, period.s)), None)
    if word is None or period.kind != "duration" or period.op != lx.pre[word]:
        return False
    return (s[period.e:amount.s].strip(" \t") in lx.period_links and amount.kind in lx.period_bound_kinds
            and amount.op == "=" and not any(s.startswith(w, amount.s) for w in lx.pre))


def _ko_fractions(scan: _Scan) -> None:
    """Take fractions (2분의 1): their numbers would read as minutes or as a bare bound."""
    for m in scan.lx.fraction_re.finditer(scan.norm):
        scan.take(m.start(), m.end())


def _ko_ordinals(scan: _Scan) -> None:
    """Ordinals written with 제: 제4차, 제4회, 제49차, 제1조."""
    lx = scan.lx
    for m in lx.ordinal_re.finditer(scan.norm):
        end, post, rng = _ko_tail(scan, m.end())
        if end == m.end() and not _ko_edge(lx, scan.norm, end):
            continue
        unit = lx.alias.get(m.group("u"), m.group("u"))
        scan.add(_Cand(m.start(), end, Decimal(m.group("n")), unit, _op(lx, "ordinal", post, rng),
                       "ordinal", rng))


def _ko_quantities(scan: _Scan) -> None:
    """Every other number with a unit or counter."""
    for m in scan.lx.start_re.finditer(scan.norm):
        if scan.free(m.start(), m.start() + 1):
            scan.add(_ko_quantity(scan, m.start()))


_KO_HANDLERS = (_mask, _ko_fractions, _timepoints, _ko_ordinals, _apostrophe_years, _ko_quantities,
                _ko_bounds_over_periods)


# --------------------------------------------------------------------------------------------- English

@lru_cache(maxsize=None)
def _en() -> SimpleNamespace:
    """The English lexicon, compiled from the data file."""
    c = _data()["en"]
    lx = _common(c)
    lx.fold_case, lx.verbs = True, {}
    lx.numbers = {k: Decimal(v) for k, v in c["numbers"].items()}
    lx.scales = {k: Decimal(v) for k, v in c["scales"].items()}
    lx.ordinals, lx.months = c["ordinals"], c["months"]
    lx.stopwords = set(lx.stopwords)
    _en_units(lx, c)
    lx.kind_of = lambda unit, value: lx.kinds.get(unit, "other")
    lx.tail, lx.edge = _en_tail, lambda s, pos: pos >= len(s) or not s[pos].isalnum()
    _en_patterns(lx)
    _en_timepoint_patterns(lx)
    return lx


def _en_units(lx, c: dict) -> None:
    """Unit phrases (phrase -> unit) and the kind of each unit."""
    lx.unit_phrase, lx.kinds = {}, {}
    for kind, table in c["units"].items():
        for phrase, unit in table.items():
            lx.unit_phrase[phrase], lx.kinds[unit] = unit, kind
    for u in _data()["measures"]:
        lx.unit_phrase.setdefault(u, u)
        lx.kinds.setdefault(u, "other")
    lx.kinds.update({lx.year_unit: "year", lx.count_unit: "count", lx.ordinal_unit: "ordinal"})
    lx.kinds.update({unit: "money" for unit in lx.currency.values()})


def _en_patterns(lx) -> None:
    """Regexes for English numbers (digits, number words, scale words), units and comparators."""
    word = rf"(?:{_alt(list(lx.numbers) + list(lx.scales))})(?=fold(?![A-Za-z])|(?![A-Za-z]))"
    scales = rf"(?:{_alt(lx.scales)})(?![A-Za-z])"
    lx.num_re = re.compile(rf"(?i:(?:{_NUM})(?:[ \t]+{scales})*|{word}(?:[ \t-]+{word})*)")
    lx.start_re = re.compile(rf"(?<![A-Za-z0-9])(?<![\dA-Za-z][.,])(?<![A-Za-z]-)(?:(?!0\d)\d|(?i:{word}))")
    lx.unit_re = re.compile(rf"(?P<sp>[ -]?)(?P<u>{_alt(lx.unit_phrase)})(?![A-Za-z])")
    lx.suffix_re = re.compile(rf"(?:{_alt(lx.ordinal_suffixes)})(?![A-Za-z])")
    lx.noun_re = re.compile(r"[ \t]+(?P<w>[A-Za-z][A-Za-z'-]*)")
    lx.post_re = re.compile(rf"(?i)[ \t]+(?P<w>{_alt(lx.post)})(?![A-Za-z])")
    lx.pre_re = re.compile(rf"(?i)(?<![A-Za-z])(?P<w>{_alt(list(lx.pre) + list(lx.date_ops))})[ \t]+$")
    lx.ordinal_re = re.compile(rf"(?i)(?<![A-Za-z-])(?P<w>{_alt(lx.ordinals)})(?![A-Za-z-])")
    lx.determiner_re = re.compile(rf"(?i)(?<![A-Za-z])(?:{_alt(lx.determiners)})[ \t]+$")
    lx.name_re = re.compile(r"(?<!\S)(?P<t>\S+)[ \t]+$")


def _en_timepoint_patterns(lx) -> None:
    """Regexes for English dates (October 31, 2023 / 31 October 2023 / October 2023 / 2023-10-31),
    datetimes (a date with a year, then a time) and times (10:00, 10 a.m., 2:30 p.m.)."""
    mon = rf"(?<![A-Za-z])(?P<mon>{_alt(lx.months)})(?![A-Za-z])\.?"
    day = rf"(?P<d>\d{{1,2}})(?:{_alt(lx.ordinal_suffixes)})?(?![\dA-Za-z])"
    year = r"(?P<y>\d{4})(?!\d)"
    iso = r"(?<![\d.-])(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\d-])"
    with_year = [rf"{mon}[ \t]+{day},?[ \t]+{year}", rf"(?<!\d){day}[ \t]+{mon},?[ \t]+{year}", iso]
    dates = with_year + [rf"{mon}[ \t]+{day}", rf"(?<!\d){day}[ \t]+{mon}", rf"{mon},?[ \t]+{year}"]
    wd = rf"(?:[ \t]?\([ \t]?(?:{_alt(lx.weekdays)})\.?[ \t]?\))?"
    ap = _alt(lx.am + lx.pm)
    time = (rf"(?:(?P<h>\d{{1,2}})(?::(?P<mi>\d{{2}}))?[ \t]?(?P<ap>{ap})(?![A-Za-z])"
            rf"|(?P<h2>\d{{1,2}}):(?P<mi2>\d{{2}})(?![\d:])|(?P<noon>{_alt(lx.noon)}))")
    sep = rf"(?:,?[ \t]*(?:(?:{_alt(lx.at_time)})[ \t]+)?|T)"
    lx.timepoint_res = [("datetime", re.compile(rf"{d}{wd}{sep}{time}")) for d in with_year]
    lx.timepoint_res += [("date", re.compile(d)) for d in dates]
    lx.timepoint_res.append(("time", re.compile(rf"(?<![\d:.]){time}")))


def _en_decimal(text: str, lx) -> Decimal | None:
    """Exact value of an English number: digits and/or number words with scale words
    ('1.2 trillion', 'twenty-five', 'two hundred fifty thousand'); None when malformed."""
    total, cur = Decimal(0), None
    for tok in re.findall(r"\d+(?:\.\d+)?|[A-Za-z]+", text.replace(",", "")):
        low = tok.lower()
        if tok[0].isdigit():
            if cur is not None:
                return None
            cur = Decimal(tok)
        elif low in lx.numbers:
            n = lx.numbers[low]
            if cur is not None and not (cur % 100 == 0 or (cur % 10 == 0 and cur % 100 >= 20 and n < 10)):
                return None
            cur = (cur or 0) + n
        elif low not in lx.scales:
            return None
        elif lx.scales[low] < 1000:
            cur = (cur or 1) * lx.scales[low]
        else:
            total, cur = total + (cur or 1) * lx.scales[low], None
    return total + (cur or 0)


def _en_tail(scan: _Scan, pos: int) -> tuple[int, str, bool]:
    """Comparator after an English figure ('10% or more') or a range mark."""
    m = scan.lx.post_re.match(scan.norm, pos)
    if m:
        return m.end(), m.group("w").lower(), False
    m = scan.lx.range_re.match(scan.norm, pos)
    return (m.end(), "", True) if m else (pos, "", False)


def _en_unit(scan: _Scan, k: int, value: Decimal, text: str) -> tuple[str, str | None, int]:
    """(unit, kind, end) after an English number; kind '' for none, None when letters are glued on."""
    lx, s = scan.lx, scan.norm
    m = lx.unit_re.match(s, k)
    if m:
        unit = lx.unit_phrase[m.group("u")]
        return unit, lx.kinds[unit], m.end()
    m = lx.suffix_re.match(s, k)
    if m and text.isdigit():
        return lx.ordinal_unit, "ordinal", m.end()
    if _latin_at(s, k):
        return "", None, k
    if _is_year(lx, value) and re.fullmatch(r"\d{4}", text):
        return lx.year_unit, "year", k
    m = lx.noun_re.match(s, k)
    if m and _is_noun(lx, m.group("w")) and text.lower() not in lx.weak_numbers:
        return lx.count_unit, "count", k
    return "", "", k


def _is_noun(lx, word: str) -> bool:
    """A word that may be what a number counts: not a function word, month or unit."""
    return word.lower() not in lx.stopwords and word not in lx.months and word not in lx.unit_phrase


def _after_name(scan: _Scan, start: int) -> bool:
    """True after a token with a capital inside it (LLaMA 2, GPT 4): the number is part of a name."""
    m = scan.lx.name_re.search(scan.norm, max(0, start - 24), start)
    return bool(m) and any(ch.isupper() for ch in m.group("t")[1:])


def _en_quantity(scan: _Scan, pos: int) -> _Cand | None:
    """The English quantity whose number starts at ``pos``: [pre words] [currency] number [unit] [post]."""
    lx, s = scan.lx, scan.norm
    m = lx.num_re.match(s, pos)
    value = _en_decimal(m.group(0), lx) if m else None
    if value is None:
        return None
    unit, kind, end = _en_unit(scan, m.end(), value, m.group(0))
    if kind is None:
        return None
    start, value = _signed(scan, pos, value, kind)
    start, unit, kind = _currency(scan, start, unit, kind)
    if kind in ("", "count") and _after_name(scan, start):
        return None
    stop, post, rng = _en_tail(scan, end)
    pre, start = _pre(scan, start, kind)
    return _Cand(start, stop, value, unit, _op(lx, kind, post, rng, False, pre), kind, rng)


def _en_quantities(scan: _Scan) -> None:
    """Every number in digits or words, with its unit, counted noun or currency."""
    for m in scan.lx.start_re.finditer(scan.norm):
        if scan.free(m.start(), m.start() + 1):
            scan.add(_en_quantity(scan, m.start()))


def _en_ordinals(scan: _Scan) -> None:
    """Ordinal words before a noun: 'fourth meeting'; weak ones ('first') only after a determiner."""
    lx, s = scan.lx, scan.norm
    for m in lx.ordinal_re.finditer(s):
        word = m.group("w").lower()
        noun = lx.noun_re.match(s, m.end())
        if not noun or not _is_noun(lx, noun.group("w")):
            continue
        if word in lx.weak_ordinals and not lx.determiner_re.search(s, max(0, m.start() - 8), m.start()):
            continue
        scan.add(_Cand(m.start(), m.end(), Decimal(lx.ordinals[word]), lx.ordinal_unit, "=", "ordinal"))


_EN_HANDLERS = (_mask, _timepoints, _apostrophe_years, _en_quantities, _en_ordinals)
