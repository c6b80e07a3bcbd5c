"""English from Korean through the glossary (``data/glossary.toml``): exact renderings, no machine
translation.

What can be rendered exactly is: names (ministries, departments, people by Revised Romanization),
labels, numbers with their units and comparators (``100만명 이상`` -> ``at least 1 million people``),
dates and deadlines (``’30년까지`` -> ``by 2030``), and phrases whose every content morpheme the
glossary knows. Phrases are matched on Kiwi morphemes, longest entry first, and put in English word
order by a few rules of Korean syntax (head-final noun phrases, a clause-final verbal noun leads the
English clause, ``A의 B`` -> ``B of A``, ``X를 위한 Y`` -> ``Y for X`` ...). A morpheme the glossary
does not know stays in Korean and is marked untranslated: :class:`Gloss` keeps the pieces apart so
that a template can mark them, and counts what was covered.
"""
from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache

from babel.dates import format_date, format_skeleton
from babel.numbers import format_compact_decimal, format_decimal

from pipeline import korean
from pipeline.korean import romanize as romanization
from pipeline.korean.figures import FigureMatch, find_figures
from pipeline.resources import DATA

GLOSSARY = DATA / "glossary.toml"
AGENCIES = DATA / "agencies.toml"      # names of public bodies, and how places are romanised
MAX_MORPHEMES = 4
# Sections whose keys are matched on morphemes, and what a match makes.
LEXICAL = {"names": "term", "fields": "term", "technologies": "term", "terms": "term", "actions": "action",
           "predicates": "pred", "postpositions": "post", "adverbs": "adv"}


# --- the data ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Entry:
    """One glossary term with every reading it has."""
    key: str
    kind: str                  # term | action | pred | post | adv
    en: str                    # the English (a verb for actions, an attributive form for predicates)
    noun: str = ""             # actions: the noun form ("securing", "development")
    with_arg: str = ""         # predicates: the form taking an argument ("capable of {}")
    post: str = ""             # a postposition reading ("{}-based", "for {}")
    adv: str = ""              # an adverb reading ("intensively")


@dataclass(frozen=True)
class Glossary:
    data: dict
    entries: dict              # key -> Entry
    index: dict                # first morpheme form -> [(forms, Entry)], longest first

    def section(self, name: str) -> dict:
        return self.data.get(name, {})

    def label(self, lang: str, key: str) -> str:
        return self.data["labels"][lang].get(key, key)


@lru_cache(maxsize=1)
def glossary() -> Glossary:
    """The glossary, loaded once, its keys split into Kiwi morphemes."""
    with GLOSSARY.open("rb") as f:
        data = tomllib.load(f)
    with AGENCIES.open("rb") as f:
        agencies = tomllib.load(f)
    data["names"] = {**agencies.get("names", {}), **data.get("names", {})}
    data["places"] = agencies.get("places", {})
    data["regions"] = agencies.get("regions", {})
    entries = _entries(data)
    index: dict[str, list] = {}
    for key, entry in entries.items():
        for forms in _index_forms(key, entry):
            index.setdefault(forms[0], []).append((forms, entry))
    for options in index.values():
        options.sort(key=lambda o: (len(o[0]), len(o[1].key)), reverse=True)
    return Glossary(data, entries, index)


def _entries(data: dict) -> dict[str, Entry]:
    """One entry per key: a noun or verb reading, with a postposition or adverb reading beside it."""
    out: dict[str, Entry] = {}
    for section, kind in LEXICAL.items():
        for key, value in data.get(section, {}).items():
            first, second = (value[0], value[1]) if isinstance(value, list) else (value, "")
            old = out.get(key)
            if kind == "post" or kind == "adv":
                base = old or Entry(key, kind, first.replace("{}", "").strip() if kind == "post" else first)
                out[key] = Entry(**{**base.__dict__, kind: first})
            elif kind == "action":
                out[key] = Entry(key, kind, first, noun=second or gerund(first))
            elif kind == "pred":
                out[key] = Entry(key, kind, first, with_arg=second)
            else:
                out[key] = Entry(key, kind, first)
    return out


def _index_forms(key: str, entry: Entry) -> list[tuple[str, ...]]:
    """The morpheme sequences an entry is found by. Verb and adjective stems are written as Kiwi
    writes them ('위하', '이끌'); Kiwi may split a bare stem differently, so the stem itself counts."""
    forms = [morpheme_forms(key)]
    if entry.kind in ("pred", "post", "adv") and (key,) not in forms and " " not in key:
        forms = [(key,)] if entry.kind == "pred" else forms + [(key,)]
    return [f for f in forms if f]


def morpheme_forms(text: str) -> tuple[str, ...]:
    """The forms of Kiwi's morphemes of a term (spaces do not matter); an ending Kiwi adds to a bare
    stem ('이끌' -> 이끌 + ᆯ) is no part of it."""
    tokens = korean.kiwi().tokenize(text)
    while len(tokens) > 1 and tokens[-1].tag.startswith("E"):
        tokens = tokens[:-1]
    return tuple(t.form for t in tokens)


def gerund(verb: str) -> str:
    """The -ing form of an English verb (its first word): secure -> securing, set -> setting."""
    head, _, rest = verb.partition(" ")
    if head.endswith("ie"):
        form = head[:-2] + "ying"
    elif head.endswith("e") and not head.endswith(("ee", "ye", "oe")):
        form = head[:-1] + "ing"
    elif re.fullmatch(r"[^aeiou]*[aeiou][bdgmnpt]", head):     # one syllable, short vowel: set, plan
        form = head + head[-1] + "ing"
    else:
        form = head + "ing"
    return f"{form} {rest}".strip()


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


def name_en(text: str) -> Gloss:
    """A ministry, agency or department: whole names from the glossary, else the stem glossed and the
    department word (과 Division, 국 Bureau ...) put last, in title case."""
    text = re.sub(r"\s+", "", text or "")
    g = glossary()
    if not text:
        return Gloss(())
    entry = g.entries.get(text)
    if entry:
        return Gloss((Segment(entry.en, True),), 1, 1)
    for suffix, word in sorted(g.section("department_suffixes").items(), key=lambda kv: -len(kv[0])):
        if text.endswith(suffix) and len(text) > len(suffix) + 1:
            stem = gloss(text[: -len(suffix)])
            if stem.complete:
                return Gloss((Segment(_title(f"{stem.text} {word}"), True),), stem.covered + 1, stem.total + 1)
    return gloss(text)


def name_rendering(text: str) -> Rendering:
    """A ministry, agency or department as :func:`name_en` renders it, or in Korean with its terms."""
    text = re.sub(r"\s+", " ", text or "").strip()
    g = name_en(text)
    if g.complete and g.text:
        return Rendering(text, g.text)
    units = [name_en(word) for word in text.split(" ")]
    if len(units) > 1 and all(u.complete and u.text for u in units):    # '네트워크정책실 통신이용제도과'
        return Rendering(text, ", ".join(u.text for u in reversed(units)))   # the smallest unit first
    return Rendering(text, "", known_terms(text))


def _title(text: str) -> str:
    small = {"and", "of", "the", "for", "on", "in"}
    words = text.split()
    return " ".join(w if (i and w in small) or not w[:1].islower() else w[:1].upper() + w[1:]
                    for i, w in enumerate(words))



# --- glossing phrases --------------------------------------------------------------------------

@dataclass(frozen=True)
class Segment:
    """A stretch of a rendering: English, or Korean kept as written (``translated`` False)."""
    text: str
    translated: bool = True


@dataclass(frozen=True)
class Gloss:
    """A phrase rendered in English as far as the glossary reaches."""
    segments: tuple[Segment, ...]
    covered: int = 0           # content morphemes rendered in English
    total: int = 0             # content morphemes

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.segments)

    @property
    def complete(self) -> bool:
        return all(s.translated for s in self.segments)

    @property
    def untranslated(self) -> tuple[str, ...]:
        return tuple(s.text for s in self.segments if not s.translated)


@dataclass(frozen=True)
class Piece:
    """A unit of a phrase being glossed: a term, a figure, a particle, a bracket ..."""
    kind: str      # term action pred post adv fig foreign unk obj subj gen instr loc and etc comma dot
    #               slash colon open close adn modal end prefix suffix neg
    en: str = ""
    ko: str = ""
    entry: Entry | None = None
    fig: FigureMatch | None = None


@dataclass(frozen=True)
class Rendering:
    """A sentence of a release as an English brief shows it: whole in English when the glossary and
    a known construction cover every content morpheme, else the Korean as written (never English
    words in Korean order) with the glossary's renderings of the terms it contains beside it."""
    korean: str
    english: str = ""                              # empty: the sentence is shown in Korean
    terms: tuple[tuple[str, str], ...] = ()        # (Korean, English) of the terms the glossary knows

    @property
    def in_english(self) -> bool:
        return bool(self.english)


MAX_TERMS = 6                  # a gloss of a Korean sentence names at most this many terms


@lru_cache(maxsize=8192)
def render(text: str, noun_phrase: bool = False) -> Rendering:
    """``text`` whole in English, or in Korean with the terms the glossary knows (see :class:`Rendering`).
    ``noun_phrase``: a name or label (a focus technology, a metric): verbal nouns stay nouns."""
    text = re.sub(r"\s+", " ", text or "").strip()
    g = gloss(text, noun_phrase)
    if g.complete and g.text and not _unknown_construction(_pieces(text), g.text):
        return Rendering(text, _sentence_case(g.text))
    return Rendering(text, "", known_terms(text))


@lru_cache(maxsize=8192)
def _pieces(text: str) -> tuple[Piece, ...]:
    return tuple(_lex(text)) if any(korean.is_hangul(c) for c in text) else ()


MAX_ACTIONS = 2                # clause-heading verbal nouns in one conjunct the word-order rules handle


def _unknown_construction(pieces: tuple[Piece, ...], english: str = "") -> str:
    """Why the renderer's word-order rules cannot be trusted with a sentence ('' when they can).
    They model head-final noun phrases, a clause-final verbal noun with its object, 의/위한/기반
    phrases and adnominal clauses; a subject, a headline's bare subject, a chain of clauses or an
    ambiguous word would come out as English words in Korean order, so such a sentence stays Korean."""
    parts, _ = _split_top(list(pieces), ("comma", "end", "slash", "arrow", "colon"))
    parts = [p for p in (_strip(p) for p in parts) if p]
    names = glossary().section("names")
    if len(parts) > 1 and len(parts[0]) == 1 and parts[0][0].ko in names:
        return "a bare subject"                    # '기후부, … 협약': a headline's ministry, then its act
    for part in parts:
        if any(p.kind in ("subj", "topic") and not _subject_of_adnominal(part, k) for k, p in enumerate(part)):
            return "a subject"                     # the rules place subjects only in adnominal clauses
        if any(p.kind == "skip" and p.ko in RANGE_PARTICLES for p in part):
            return "a range of things"             # 'A부터 B까지': no rule puts it in English order
        for conjunct in _split_top(part, ("and", "dot", "etc"))[0]:
            if len(_clause_heads(conjunct)) > MAX_ACTIONS:
                return "a chain of clauses"
        actions = _clause_heads(part)
        if actions and part[0].ko in names and len(part) > 2 and part[1].kind in ("term", "fig", "open") \
                and not any(p.kind == "post" or (p.entry is not None and p.entry.post) for p in part):
            return "a bare subject"                # '산업부 … 확정': a ministry, then what it did
    if len(parts) > 1 and _ends_in_action(parts[-1]) and not any(p.kind == "etc" for p in parts[-1]) and \
            not all(_ends_in_action(p) or _adverbial(p) for p in parts[:-1]) and \
            english.lower().startswith(parts[-1][-1].en.lower()):
        return "a headline of noun phrases and a clause"   # 'A, B 향상' is not 'improve A and B'
    ambiguous = glossary().section("ambiguous")
    if any(p.ko in ambiguous and p.kind == "term" for p in pieces):
        return "a word of two meanings"           # '지방': regions, or fat in a nutrition table
    if any(p.fig is not None and _bare_year(p.fig) for p in pieces):
        return "a year written without its century"
    last = _strip(list(pieces))
    if last and last[-1].kind == "action" and last[-1].entry is not None and last[-1].entry.post:
        return "a word that is a verb or a postposition"
    return ""


RANGE_PARTICLES = ("부터", "까지", "에서")


def _subject_of_adnominal(part: list[Piece], k: int) -> bool:
    """'기업이 도입할 수 있는 X', '백신 확보가 가능한 X': a subject the adnominal rule places."""
    rest = [p for p in part[k + 1:] if p.kind not in ("skip", "adv", "adv_end")]
    if any(p.kind == "modal" for p in rest):
        return True
    return len(rest) >= 2 and rest[0].kind == "pred" and rest[1].kind == "adn"


def _ends_in_action(part: list[Piece]) -> bool:
    return bool(part) and part[-1].kind == "action"


def _clause_heads(pieces: list[Piece]) -> list[int]:
    """Verbal nouns that head a clause: not in brackets, not marked as an object, a modifier or a
    postposition's phrase by what follows them."""
    marked = ("post", "adn", "instr", "obj", "gen", "etc", "open", "skip", "passive", "modal")
    def head(k: int) -> bool:
        nxt = pieces[k + 1] if k + 1 < len(pieces) else None
        return nxt is None or not (nxt.kind in marked or nxt.kind == "action"       # '집중 양성': one act
                                   or (nxt.entry is not None and bool(nxt.entry.post)))
    return [k for k, p in enumerate(pieces) if p.kind == "action" and not _depth(pieces, k) and head(k)]


def _bare_year(fig: FigureMatch) -> bool:
    """'(23년)', '25년 출력제어': a two-digit number of years with nothing making it a duration is a
    year written without its century (’23) or a duration: which one, only a reader can tell."""
    return fig.kind == "duration" and fig.op == "=" and 10 <= (fig.value or 0) <= 99 and \
        re.fullmatch(r"\(?\d{2}\s*년\)?", fig.text.strip()) is not None


def _sentence_case(text: str) -> str:
    """A rendering starts a heading, a list item or a cell: its first letter upper case."""
    return text[0].upper() + text[1:] if text[:1].islower() else text


def known_terms(text: str) -> tuple[tuple[str, str], ...]:
    """The terms of ``text`` the glossary has an entry for, as (Korean, English), each once, longest
    first among overlapping ones: what a reader of a Korean sentence can be told with certainty."""
    if not any(korean.is_hangul(c) for c in text):
        return ()
    out: dict[str, str] = {}
    for p in _lex(text):
        if p.entry is None or p.kind not in ("term", "action") or sum(map(korean.is_hangul, p.ko)) < 2 \
                or p.ko in glossary().section("ambiguous"):
            continue
        english = p.entry.noun if p.kind == "action" and p.entry.noun else _modifier_form(p.entry.en)
        out.setdefault(p.ko, english)
    chosen = set(sorted(out, key=len, reverse=True)[:MAX_TERMS])     # the longest: names before words
    return tuple((ko, en) for ko, en in out.items() if ko in chosen)


@lru_cache(maxsize=8192)
def gloss(text: str, noun_phrase: bool = False) -> Gloss:
    """``text`` in English as far as the glossary covers it; Korean it cannot render is kept, marked.
    ``noun_phrase``: a name or label (a focus technology, a metric): verbal nouns stay nouns."""
    if not text or not text.strip():
        return Gloss(())
    if not any(korean.is_hangul(c) for c in text):
        return Gloss((Segment(text.strip(), True),))
    pieces = _lex(text)
    covered = sum(p.kind not in ("unk",) for p in pieces if _counts(p))
    total = sum(1 for p in pieces if _counts(p))
    rendered = _Renderer(noun_phrase).text(pieces)
    return Gloss(tuple(_segments(rendered)), covered, total)


def _counts(piece: Piece) -> bool:
    """Content pieces count toward coverage; particles and punctuation do not."""
    return piece.kind in ("term", "action", "pred", "post", "adv", "fig", "unk", "foreign")


# Untranslated Korean travels through the renderer wrapped in these marks, then becomes a Segment.
_OPEN, _CLOSE = "\u0002", "\u0003"


def _segments(text: str):
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([,.)\]’”:])", r"\1", text)
    text = re.sub(r"([(\[‘“])\s+", r"\1", text)
    text = re.sub(r",\s*,", ",", text).replace("e.g.:", "e.g.")
    for part in re.split(f"({_OPEN}[^{_CLOSE}]*{_CLOSE})", text):
        if part.startswith(_OPEN):
            yield Segment(part[1:-1], False)
        elif part:
            yield Segment(part, True)


# --- lexing: Kiwi morphemes to pieces -----------------------------------------------------------

_PUNCT = {",": "comma", "·": "dot", "ㆍ": "dot", "/": "slash", ":": "colon", "+": "dot", ";": "comma",
          "→": "arrow", "⇒": "arrow", "&": "dot"}
_OPENERS = "([{‘“「『《〈<"
_CLOSERS = ")]}’”」』》〉>"
_CLAUSE_ENDINGS = ("고", "며", "으며", "어", "아", "여", "면서", "고서", "니", "으니", "면", "으면", "나", "지만")
_UNKNOWN_COST = 100            # a content morpheme left in Korean costs more than any split into terms
_MAX_SPAN = 6                  # a key of four morphemes may come out of Kiwi as a few more in context


def _lex(text: str) -> list[Piece]:
    """Pieces of a Korean phrase: figures, then the cheapest cover of the morphemes by glossary terms
    (fewest Korean words left, then fewest pieces: the longest entries)."""
    tokens = korean.kiwi().tokenize(text)
    figures = find_figures(text, "ko")
    g = glossary()
    n = len(tokens)
    best: list[tuple[int, list[Piece]] | None] = [None] * (n + 1)
    best[n] = (0, [])
    for i in range(n - 1, -1, -1):
        options = []
        for size, piece in _options(g, tokens, i, text, figures):
            tail = best[i + size]
            if tail is not None:
                cost = _cost(piece) + tail[0]
                options.append((cost, [piece] + tail[1]))
        best[i] = min(options, key=lambda o: o[0]) if options else (0, best[i + 1][1])
    return _merge_as_of(_merge_places(_merge_postpositions(best[0][1] if best[0] else [])))


_DATE_KINDS = ("year", "date", "datetime")


def _merge_as_of(pieces: list[Piece]) -> list[Piece]:
    """'2021년 5월 기준' -> 'as of May 2021': a date with the word [as_of] names is a point of reference."""
    words = glossary().section("as_of")
    out: list[Piece] = []
    for p in pieces:
        prev = out[-1] if out else None
        if p.ko in words and prev is not None and prev.kind == "fig" and prev.fig is not None \
                and prev.fig.kind in _DATE_KINDS:
            out[-1] = Piece("fig", words[p.ko].format(prev.en), f"{prev.ko} {p.ko}", fig=prev.fig)
            continue
        out.append(p)
    return out


def _merge_places(pieces: list[Piece]) -> list[Piece]:
    """'대전광역시 서구' -> 'Seo-gu, Daejeon': a district after its city or province, as English writes it."""
    regions = glossary().section("regions")
    suffixes = sorted(regions, key=len, reverse=True)
    out: list[Piece] = []
    for p in pieces:
        prev = out[-1] if out else None
        if p.kind == "term" and p.entry is None and prev is not None and prev.kind == "term" and \
                prev.entry is not None and any(prev.ko.replace(" ", "").endswith(x) for x in suffixes):
            region = prev.ko.replace(" ", "")
            suffix = next(x for x in suffixes if region.endswith(x))
            name = romanization.word(region[: -len(suffix)]).capitalize() + regions[suffix]
            out[-1] = Piece("term", f"{p.en}, {name}", f"{prev.ko} {p.ko}")
            continue
        out.append(p)
    return out


def _cost(piece: Piece) -> int:
    """Korean left untranslated costs most; affixes glued to a guess cost more than a whole term."""
    if piece.kind == "unk":
        return _UNKNOWN_COST
    if piece.kind in ("suffix", "prefix"):
        return 2
    return int(piece.kind not in _FREE)


_FREE = {"obj", "subj", "topic", "gen", "instr", "loc", "and", "etc", "modal", "skip", "adn", "adv_end", "end",
         "neg", "comma", "dot", "slash", "colon", "arrow", "open", "close", "suffix", "prefix", "passive"}


def _options(g: Glossary, tokens, i: int, text: str, figures):
    """Every way to read the morphemes from token ``i`` on: (tokens used, piece)."""
    tok = tokens[i]
    fig = next((f for f in figures if f.start <= tok.start < f.end), None)
    if fig is not None:
        size = 1
        while i + size < len(tokens) and tokens[i + size].start < fig.end:
            size += 1
        yield size, Piece("fig", figure_en(fig.value, fig.unit, fig.op, fig.kind, fig.text), fig.text, fig=fig)
        return
    for size, entry in _matches(g, tokens, i, text):
        yield size, Piece(entry.kind, entry.en, text[tok.start:tokens[i + size - 1].end], entry)
    if tok.tag == "NNP" and len(tok.form) > 1 and tok.form[-1] in g.section("places") and \
            all(korean.is_hangul(c) for c in tok.form):
        yield 1, Piece("term", place_en(tok.form), tok.form)       # '서대문구': a district's name
    size = _foreign_run(tokens, i, text)
    if size:
        yield size, Piece("foreign", text[tok.start:tokens[i + size - 1].end])
    yield 1, _function_piece(tok)


def _matches(g: Glossary, tokens, i: int, text: str):
    """Glossary entries starting at token ``i``: by morpheme forms, or by the text they span."""
    for forms, entry in g.index.get(tokens[i].form, ()):
        if tuple(t.form for t in tokens[i:i + len(forms)]) == forms:
            yield len(forms), entry
    for size in range(1, min(_MAX_SPAN, len(tokens) - i) + 1):
        if tokens[i + size - 1].tag.startswith(("E", "J")):     # endings and particles are no part of a term
            break
        surface = re.sub(r"\s+", "", text[tokens[i].start:tokens[i + size - 1].end])
        entry = g.entries.get(surface)
        if entry is not None:
            yield size, entry


def _merge_postpositions(pieces: list[Piece]) -> list[Piece]:
    """'X을 바탕으로', 'X 기반으로': the case particles around a postposition belong to it."""
    out: list[Piece] = []
    for k, p in enumerate(pieces):
        nxt = pieces[k + 1] if k + 1 < len(pieces) else None
        if p.entry is not None and p.entry.post and nxt is not None and nxt.kind == "instr":
            p = Piece("post", p.en, p.ko, p.entry)
        if p.kind == "instr" and out and out[-1].kind == "post":
            continue
        if p.kind == "post" and out and out[-1].kind == "obj":
            out.pop()
        out.append(p)
    return out


def _foreign_run(tokens, i: int, text: str) -> int:
    """Latin words, digits and symbols in a row (R&D, Zero-Shot, AI as a Service): kept as written."""
    n = 0
    while i + n < len(tokens) and tokens[i + n].tag in ("SL", "SN", "SW", "SO") and \
            (n == 0 or tokens[i + n].form not in _PUNCT or tokens[i + n].form == "&"):
        if n and text[tokens[i + n - 1].end:tokens[i + n].start].strip():
            break
        n += 1
    while n and tokens[i + n - 1].tag in ("SW", "SO"):
        n -= 1
    if n and all(tokens[i + k].tag in ("SW", "SO") for k in range(n)):
        return 0
    return n


def _function_piece(tok) -> Piece:
    """Particles, endings, punctuation; a content morpheme the glossary lacks is 'unk'."""
    form, tag = tok.form, tok.tag
    if tag == "JKO":
        return Piece("obj")
    if tag in ("JKS", "JKC"):
        return Piece("subj")
    if tag == "JX" and form in ("은", "는"):
        return Piece("topic")
    if tag == "JKG":
        return Piece("gen")
    if tag == "JKB":
        if form in ("로", "으로"):
            return Piece("instr")
        if form in ("와", "과", "하고", "랑"):
            return Piece("and")
        return Piece("loc", "in")
    if tag == "JC" or (tag == "MAG" and form == "및"):
        return Piece("and")
    if tag == "NNB" and form == "등":
        return Piece("etc")
    if tag == "NNB" and form == "수":
        return Piece("modal")
    if tag == "XSV" and form == "되":
        return Piece("passive")
    if tag.startswith("J") or tag in ("EP", "ETN", "XSV", "XSA", "VCP", "VCN", "XSM") or \
            (tag == "NNB" and form in ("것", "바", "데", "만큼")):
        return Piece("skip", ko=form)
    if tag == "ETM":
        return Piece("adn")
    if tag.startswith("EC"):
        if form == "게":
            return Piece("adv_end")
        return Piece("end") if form in _CLAUSE_ENDINGS else Piece("skip")
    if tag.startswith("EF") or tag == "SF":
        return Piece("end")
    if tag == "VX" and form == "않":
        return Piece("neg", "not")
    if tag == "VX" or (tag in ("VA", "VV") and form in ("있", "하", "되")):
        return Piece("skip", ko=form)
    if tag == "XSN":
        return Piece("suffix", ko=form)
    if tag == "XPN":
        return Piece("prefix", ko=form)
    if form in _PUNCT and tag in ("SP", "SO", "SW"):
        return Piece(_PUNCT[form], ko=form)
    if tag in ("SSO", "SSC") or form in _OPENERS or form in _CLOSERS:
        return Piece("open" if (tag == "SSO" or form in _OPENERS) else "close", ko=form)
    if tag.startswith(("N", "V", "XR", "MAG", "MM", "SH", "SL", "SN")):
        return Piece("unk", ko=form)
    return Piece("skip", ko=form)


# --- rendering: pieces in English order -------------------------------------------------------

def _unk(ko: str) -> str:
    return f"{_OPEN}{ko}{_CLOSE}"


# Verbal nouns that state a change, so a percentage or multiple with them is an amount ('by 50%').
_CHANGE_VERBS = ("혁신", "가속화", "고속화", "효율화", "감소", "줄이", "늘리", "극대화", "최소화", "완화", "확충")
_TIME_KINDS = ("duration", "year", "date", "datetime", "time")


class _Renderer:
    """Korean phrase structure to English word order. Korean is head-final: modifiers, objects and
    clauses come before what they modify, so the rightmost marker of a phrase (a genitive 의, an
    adnominal ending, a postposition) is its outermost structure; each rule splits there and swaps
    the parts around it."""

    def __init__(self, noun_phrase: bool = False):
        self.noun_phrase = noun_phrase        # names and labels: a final verbal noun stays a noun

    def text(self, pieces: list[Piece]) -> str:
        """Clauses and list items separated by commas or clause endings; a list of noun phrases
        followed by a clause is that clause's object ('A, B, C 등 추진' -> 'pursue A, B, C, etc.')."""
        parts, seps = _split_top(pieces, ("comma", "end", "slash", "arrow", "colon"))
        out: list[str] = []
        k = 0
        while k < len(parts):
            run = k
            while run < len(parts) - 1 and seps[run].kind == "comma" and _final_action(parts[run]) is None \
                    and not self.noun_phrase and parts[run] and not _adverbial(parts[run]):
                run += 1
            if run > k and _final_action(parts[run]) is not None and _object_at(parts[run]) is None \
                    and not any(_last_top(p, "adn") is not None for p in parts[k:run]):
                listed = [self.np(p) for p in parts[k:run]]
                out.append(self.clause(parts[run], listed, sep=", "))
                sep = seps[run] if run < len(seps) else None
                k = run + 1
            else:
                out.append(self.segment(parts[k]))
                sep = seps[k] if k < len(seps) else None
                k += 1
            if sep is not None and out and out[-1]:
                out[-1] += {"slash": " /", "arrow": " →", "colon": ":"}.get(sep.kind, ",")
        text = " ".join(o for o in out if o).strip()
        return text.rstrip(",:").strip()

    def segment(self, pieces: list[Piece]) -> str:
        """Coordinated clauses (및, 과): a part without a verb of its own joins the next part's object."""
        if self.noun_phrase:
            return self.np(pieces)
        parts, _ = _split_top(pieces, ("and",))
        out, pending = [], []
        for part in parts:
            if _final_action(part) is None:
                pending.append(part)
                continue
            out.append(self.clause(part, [self.np(p) for p in pending]))
            pending = []
        if pending:
            out.append(" and ".join(x for x in (self.np(p) for p in pending) if x))
        return " and ".join(o for o in out if o)

    def clause(self, pieces: list[Piece], coordinated=(), sep: str = " and ") -> str:
        """A clause ending in a verbal noun: 'X를 50% 이상 절감' -> 'reduce X by at least 50%'."""
        pieces = _strip(pieces)
        at = _final_action(pieces)
        if at is None:
            return sep.join(x for x in [*coordinated, self.np(pieces)] if x)
        topic = _last_top(pieces[:at], "topic")
        if topic is not None and _last_top(pieces[:topic], "adn") is None:
            subject = self.np(pieces[:topic])            # '정부는 ... 투자' -> 'government to invest ...'
            rest = self.clause(pieces[topic + 1:], coordinated, sep)
            return f"{subject} to {rest}" if subject else rest
        instr = _last_top(pieces[:at], "instr")
        if instr is not None and instr < at:
            means = self.np(pieces[:instr], as_noun=True)
            rest = self.clause(pieces[instr + 1:], coordinated, sep)
            return f"{rest} through {means}".strip()
        start = at
        while start > 1 and pieces[start - 1].kind == "dot" and pieces[start - 2].kind == "action":
            start -= 2
        verbs = _join([p.en for p in pieces[start:at + 1] if p.kind == "action"])
        before, after = pieces[:start], pieces[at + 1:]
        adverbs = []
        while before and before[-1].entry is not None and before[-1].entry.adv:
            adverbs.insert(0, before.pop().entry.adv)
        obj_at = _object_at(before)
        mods: list[Piece] = []
        if obj_at is not None:
            before, mods = before[:obj_at], before[obj_at + 1:]
            if mods and mods[0].kind == "open":        # '자원을(전력·데이터) 50%': the bracket explains the object
                close = _closing(mods, 0)
                before, mods = before + mods[:close + 1], mods[close + 1:]
        else:
            while before and before[-1].kind in ("fig", "adv", "adv_end"):
                mods.insert(0, before.pop())
        before, times = _time_figures(before)
        obj = sep.join(x for x in [*coordinated, self.np(before)] if x)
        if sep != " and " and coordinated and obj.count(",") and not obj.endswith("etc."):
            head, _, last = obj.rpartition(", ")
            obj = f"{head} and {last}"
        words = (" ".join(adverbs), verbs, obj, self.modifiers(mods, pieces[at], bool(obj)), " ".join(times),
                 self.np(after))
        return " ".join(x for x in words if x)

    def modifiers(self, pieces: list[Piece], verb: Piece | None = None, has_object: bool = True) -> str:
        """Between an object and its verb: figures ('by at least 50%'), adverbs, brackets."""
        out = []
        for p in pieces:
            if p.kind == "fig":
                out.append(self.amount(p, verb, has_object))
            elif p.kind in ("adv", "term", "action") and p.entry is not None:
                out.append(p.entry.adv or p.entry.en)
        rest = [p for p in pieces if p.kind not in ("fig", "adv", "term", "action", "adv_end")]
        if rest:
            out.append(self.np(rest))
        return " ".join(o for o in out if o)

    @staticmethod
    def amount(fig: Piece, verb: Piece | None, has_object: bool = True) -> str:
        """A figure a verb takes: a change ('reduce X by at least 50%'), a level ('achieve X of 50%'),
        or the object itself ('invest KRW 300 billion')."""
        if fig.fig is None or fig.fig.kind in _TIME_KINDS + ("ordinal",) or verb is None:
            return fig.en
        key = verb.entry.key if verb.entry is not None else ""
        if key in korean.DECREASE_VERBS + korean.INCREASE_VERBS + tuple(_CHANGE_VERBS):
            return f"by {fig.en}" if fig.fig.kind in ("percent", "multiple") else fig.en
        return f"of {fig.en}" if has_object else fig.en

    def np(self, pieces: list[Piece], as_noun: bool = False) -> str:
        """A noun phrase: its rightmost structure first (a trailing bracket, 등, a final verbal noun,
        then the last adnominal ending, genitive or postposition)."""
        pieces = _strip(pieces)
        if not pieces:
            return ""
        if pieces[-1].kind == "close":
            j = _opening(pieces, len(pieces) - 1)
            if j > 0 and pieces[j - 1].kind not in ("post", "adn", "gen", "obj", "subj"):
                return f"{self.np(pieces[:j], as_noun)} {self.words(pieces[j:])}".strip()
        if pieces[-1].kind == "etc":
            return f"{self.np(pieces[:-1], as_noun)}, etc."
        if _final_action(pieces) is not None:
            return self.nominal_clause(pieces)
        for k in range(len(pieces) - 1, 0, -1):
            if _depth(pieces, k):
                continue
            kind = pieces[k].kind
            if kind == "adn" and k < len(pieces) - 1:
                return self.adnominal(pieces, k)
            if kind == "gen" and k < len(pieces) - 1:
                return self.genitive(pieces, k)
            if kind == "etc" and k < len(pieces) - 1:
                return f"{self.np(pieces[k + 1:])} such as {self.np(pieces[:k])}".strip()
            if kind == "post" or (kind in ("term", "action") and pieces[k].entry is not None
                                  and pieces[k].entry.post and _has_head(pieces, k)):
                return self.postposition(pieces, k)
        return self.words(pieces)

    def nominal_clause(self, pieces: list[Piece]) -> str:
        """A clause used as a noun: '기술 확보' -> 'securing technology', '인프라 확대' -> 'expansion of infrastructure'."""
        at = _final_action(pieces)
        noun = pieces[at].entry.noun if pieces[at].entry else pieces[at].en
        before, after = pieces[:at], pieces[at + 1:]
        if before and before[-1].kind == "gen":
            return f"{noun} of {self.np(before[:-1])} {self.words(after)}".strip()
        if before and before[-1].kind == "dot" and not (len(before) > 1 and before[-2].kind == "action"):
            return self.words(pieces)                  # '산업활용·혁신': a list whose last item is a verbal noun
        while at > 1 and before and before[-1].kind == "dot" and before[-2].kind == "action":
            noun = f"{before[-2].entry.noun} and {noun}"
            before = before[:-2]
        obj_at = _object_at(before)
        if obj_at is not None:
            before = before[:obj_at] + before[obj_at + 1:]
        before, times = _time_figures(before)
        obj = self.np(before)
        tail = " ".join(x for x in (" ".join(times), self.words(after)) if x)
        if not obj:
            return f"{noun} {tail}".strip()
        if noun.endswith("ing"):
            return f"{noun} {obj} {tail}".strip()
        if self.noun_phrase:                           # a label: 'digital health data analysis'
            return f"{obj} {noun} {tail}".strip()
        return f"{noun} of {obj} {tail}".strip()

    def adnominal(self, pieces: list[Piece], at: int) -> str:
        """'X를 지원하는 Y' -> 'Y supporting X'; '신속한 Y' -> 'rapid Y'; 'X가 가능한 Y' -> 'Y capable of X'."""
        pred_at = at - 1
        while pred_at > 0 and pieces[pred_at].kind in ("skip", "neg", "modal", "adn", "passive"):
            pred_at -= 1
        pred = pieces[pred_at]
        between = pieces[pred_at + 1:at]
        neg = any(p.kind == "neg" for p in between)
        modal = any(p.kind == "modal" for p in between)
        passive = any(p.kind == "passive" for p in between)
        head = self.np(pieces[at + 1:])
        args = pieces[:pred_at]
        if args and args[-1].kind == "gen":            # 'A의 신속한 B': the genitive takes the whole
            return f"{self.np(pieces[pred_at:])} of {self.np(args[:-1])}".strip()
        adverbs = [p.entry.adv for p in args if p.entry is not None and p.entry.adv and p.kind == "adv"]
        args = [p for p in args if not (p.kind in ("adv", "adv_end") and p.entry is None or p.kind == "adv"
                                        or p.kind == "adv_end")]
        subj_at, obj_at = _last_top(args, "subj"), _last_top(args, "obj")
        subject = self.np(args[:subj_at]) if subj_at is not None and modal else ""
        if subject:
            args = args[subj_at + 1:]
            obj_at = _last_top(args, "obj")
        mods: list[Piece] = []
        if obj_at is not None:
            args, mods = args[:obj_at], args[obj_at + 1:]
        args = [p for p in args if p.kind not in ("subj", "obj")]
        if pred.kind == "post" and pred.entry is not None:
            return _place(pred.entry.post, self.np(args), head)
        form = _unk(pred.ko) if pred.kind == "unk" else _participle(pred, bool(args), passive)
        arg_text = " ".join(x for x in (self.np(args, as_noun=True), self.modifiers(mods, pred)) if x)
        adv = " ".join(adverbs)
        if modal and pred.entry is not None and pred.kind == "action":
            who = f"{subject} " if subject else ""
            return f"{head} that {who}can {adv + ' ' if adv else ''}{pred.entry.en} {arg_text}".strip()
        if neg:
            form = f"not {form}"
        if adv:
            form = f"{adv} {form}"
        if not arg_text and pred.kind not in ("action",) or (not arg_text and passive):
            return f"{form} {head}".strip()
        if "{}" in form:
            return f"{head} {form.replace('{}', arg_text)}".strip()
        return f"{head} {form} {arg_text}".strip()

    def postposition(self, pieces: list[Piece], k: int) -> str:
        """'X 기반 Y' -> 'X-based Y'; 'X 위한 Y' -> 'Y for X'."""
        p = pieces[k]
        left = pieces[:k]
        right = pieces[k + 1:]
        while right and right[0].kind in ("instr", "loc", "adn", "skip", "obj", "end", "subj"):
            right = right[1:]
        before = p.entry.post.startswith("{}")
        return _place(p.entry.post, self.np(left, as_noun=not before) if not before else self.words(left),
                      self.np(right))

    def genitive(self, pieces: list[Piece], at: int) -> str:
        """'A의 B' -> 'B of A'."""
        left, right = self.np(pieces[:at]), self.np(pieces[at + 1:])
        return f"{right} of {left}" if right and left else (right or left)

    def words(self, pieces: list[Piece]) -> str:
        """Pieces in order: terms, figures, brackets (rendered inside), lists joined with 'and'."""
        out: list[str] = []
        k = 0
        while k < len(pieces):
            p = pieces[k]
            if p.kind == "open":
                close = _closing(pieces, k)
                inner = self.text(pieces[k + 1:close])
                q = p.ko if p.ko in "‘“" else ("‘" if p.ko in "「『" else "(")
                end = {"‘": "’", "“": "”"}.get(q, ")")
                if inner:
                    out.append(f"{q}{inner}{end}")
                k = close + 1
                continue
            nxt = pieces[k + 1] if k + 1 < len(pieces) else None
            if p.kind == "suffix" and out and out[-1] and out[-1] != "\u0001":
                out[-1] = _suffixed(out[-1], p.ko)     # a suffix takes the whole term before it
            else:
                out.append(self.word(p, nxt))
            k += 1
        return _lists(" ".join(o for o in out if o))

    @staticmethod
    def word(p: Piece, nxt: Piece | None) -> str:
        if p.kind == "unk":
            return _unk(p.ko)
        if p.kind == "action":
            text = p.entry.noun if p.entry else p.en
        elif p.kind == "adv" and p.entry is not None:
            return p.entry.adv or p.entry.en
        elif p.kind in ("term", "pred", "post", "foreign", "neg"):
            text = p.en
        elif p.kind == "fig":
            return p.en
        elif p.kind == "dot":
            return "\u0001"            # a list mark, joined by _lists
        elif p.kind == "prefix":
            return _PREFIXES.get(p.ko, _unk(p.ko)) + "\u0004"
        elif p.kind == "suffix":
            return "\u0005" + p.ko
        elif p.kind == "and":
            return "and"
        else:
            return ""
        # English compounds take singular modifiers: 'vaccines' before 'platforms' -> 'vaccine platforms'
        if nxt is not None and nxt.kind in ("term", "action") and p.kind in ("term", "action"):
            return _modifier_form(text)
        return text


def _participle(pred: Piece, has_args: bool, passive: bool) -> str:
    """The form a predicate takes before its noun: 'leading', 'supporting', 'established', 'capable of {}'."""
    entry = pred.entry
    if entry is None:
        return pred.en
    if entry.kind == "pred":
        return entry.with_arg if has_args and entry.with_arg else entry.en
    if entry.kind == "action":
        return participle(entry.en) if passive else gerund(entry.en)
    return entry.en


def participle(verb: str) -> str:
    """The past participle of an English verb (its first word): secure -> secured, build -> built."""
    head, _, rest = verb.partition(" ")
    irregular = glossary().section("irregular_participles")
    if head in irregular:
        form = irregular[head]
    elif head.endswith("e"):
        form = head + "d"
    elif re.search(r"[^aeiou]y$", head):
        form = head[:-1] + "ied"
    elif re.fullmatch(r"[^aeiou]*[aeiou][bdgmnpt]", head):
        form = head + head[-1] + "ed"
    else:
        form = head + "ed"
    return f"{form} {rest}".strip()


def _modifier_form(text: str) -> str:
    """The singular of a plural last word, as English compounds want it: 'vaccines' -> 'vaccine'."""
    words = text.split(" ")
    last = words[-1]
    if last.endswith("ies") and len(last) > 4:
        last = last[:-3] + "y"
    elif last.endswith(("sses", "ches", "shes", "xes")):
        last = last[:-2]
    elif last.endswith("s") and not last.endswith(("ss", "us", "is", "ics", "'s")) and len(last) > 3 \
            and last[0].islower():
        last = last[:-1]
    return " ".join(words[:-1] + [last])


def _time_figures(pieces: list[Piece]) -> tuple[list[Piece], list[str]]:
    """Time figures inside an object ('100일 내 백신 확보') go after it in English."""
    keep, times = [], []
    for k, p in enumerate(pieces):
        if p.kind == "suffix" and k and pieces[k - 1].kind == "fig" and times:
            continue                                   # '10년간': the suffix went with its figure
        if p.kind == "fig" and p.fig is not None and p.fig.kind in _TIME_KINDS and not _depth(pieces, k):
            text = p.en
            if p.fig.kind == "duration" and p.fig.op == "=":
                text = f"over {text}"                  # '5년간' -> 'over 5 years'
            if keep and keep[-1].entry is not None and keep[-1].entry.adv and keep[-1].kind != "action":
                text = f"{keep.pop().entry.adv} {p.en}"   # '향후 10년간' -> 'over the next 10 years'
            times.append(text)
        else:
            keep.append(p)
    return keep, times


def _object_at(pieces: list[Piece]) -> int | None:
    """The object marker of a clause: the last top-level 을/를 not inside an adnominal clause."""
    obj_at = _last_top(pieces, "obj")
    scope = _last_top(pieces, "adn")
    return obj_at if obj_at is not None and (scope is None or obj_at > scope) else None


def _adverbial(pieces: list[Piece]) -> bool:
    """A phrase ending in a postposition ('위기 시,') modifies the clause after it; it is not a list item."""
    pieces = _strip(pieces)
    return bool(pieces) and (pieces[-1].kind == "post" or (pieces[-1].entry is not None and bool(pieces[-1].entry.post)))


def _has_head(pieces: list[Piece], k: int) -> bool:
    """A postposition reading needs a phrase before it ('AI 기반 X'), not a list mark or bracket."""
    return k > 0 and pieces[k - 1].kind not in ("comma", "open", "dot", "and", "obj", "subj", "gen", "adn")


_PREFIXES = {"고": "high-", "저": "low-", "초": "ultra-", "비": "non-", "재": "re-", "신": "new", "탈": "de-",
             "범": "pan-", "반": "anti-", "준": "semi-", "총": "total", "다": "multi-", "친": "pro-", "무": "non-"}


def _suffixed(word: str, suffix: str) -> str:
    """A term with a noun suffix the glossary has no whole word for: 병렬 + 형 -> 'parallel-type'."""
    pattern = glossary().section("suffixes").get(suffix)
    if pattern is None:
        return f"{word} {_unk(suffix)}"
    return pattern.replace("{}", _modifier_form(word) if "-" in pattern else word)


def _lists(text: str) -> str:
    """Join list marks (·) as 'A, B and C' and glue prefixes to their word."""
    text = re.sub(r"\s*\u0004\s*", "", text)
    text = re.sub(r"\s*\u0005(\S+)", lambda m: " " + _unk(m.group(1)), text)   # a suffix with nothing before it
    items = [t.strip() for t in text.split("\u0001")]
    items = [t for t in items if t]
    if len(items) <= 1:
        return items[0] if items else ""
    return ", ".join(items[:-1]) + " and " + items[-1]


def _place(pattern: str, left: str, right: str) -> str:
    """A postposition's phrase before its head ('{}-based') or after it ('for {}')."""
    phrase = pattern.replace("{}", left).strip() if left else pattern.replace("{}", "").strip(" -")
    if pattern.startswith("{}"):
        return f"{phrase} {right}".strip()
    return f"{right} {phrase}".strip() if right else phrase


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _depth(pieces: list[Piece], k: int) -> int:
    """How many brackets are open at position ``k``."""
    depth = 0
    for p in pieces[:k]:
        depth += p.kind == "open"
        depth -= p.kind == "close" and depth > 0
    return depth


def _closing(pieces: list[Piece], k: int) -> int:
    depth = 0
    for j in range(k, len(pieces)):
        depth += pieces[j].kind == "open"
        depth -= pieces[j].kind == "close"
        if depth == 0:
            return j
    return len(pieces)


def _opening(pieces: list[Piece], k: int) -> int:
    """The bracket that the closing bracket at ``k`` closes."""
    depth = 0
    for j in range(k, -1, -1):
        depth += pieces[j].kind == "close"
        depth -= pieces[j].kind == "open"
        if depth == 0:
            return j
    return 0


def _split_top(pieces: list[Piece], kinds) -> tuple[list[list[Piece]], list[Piece]]:
    """Split at top-level pieces of the given kinds: (parts, separators)."""
    parts, seps, current, depth = [], [], [], 0
    for p in pieces:
        if p.kind == "open":
            depth += 1
        elif p.kind == "close":
            depth = max(0, depth - 1)
        if depth == 0 and p.kind in kinds:
            parts.append(current)
            seps.append(p)
            current = []
        else:
            current.append(p)
    parts.append(current)
    return parts, seps


def _last_top(pieces: list[Piece], kind: str) -> int | None:
    for k in range(len(pieces) - 1, -1, -1):
        if pieces[k].kind == kind and not _depth(pieces, k):
            return k
    return None


def _strip(pieces: list[Piece]) -> list[Piece]:
    """Drop particles and endings at the edges of a phrase."""
    edge = ("skip", "end", "obj", "subj", "topic", "loc", "adn", "instr", "and", "comma", "adv_end", "passive")
    pieces = list(pieces)
    while pieces and pieces[0].kind in edge:
        pieces.pop(0)
    while pieces and pieces[-1].kind in edge:
        pieces.pop()
    return pieces


def _final_action(pieces: list[Piece]) -> int | None:
    """Index of the verbal noun that ends a clause (bracketed words and particles after it allowed);
    None when the phrase ends otherwise or the verbal noun is a genitive's head ('X의 표준화')."""
    k = len(pieces) - 1
    while k >= 0:
        if pieces[k].kind == "close":
            k = _opening(pieces, k) - 1
        elif pieces[k].kind in ("skip", "end", "adv_end", "obj", "subj"):
            k -= 1
        else:
            break
    if k >= 0 and pieces[k].kind == "action" and not (k > 0 and pieces[k - 1].kind == "gen"):
        return k
    return None
