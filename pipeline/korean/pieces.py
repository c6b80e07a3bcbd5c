"""A Korean phrase as pieces: figures first, then the cheapest cover of Kiwi's morphemes by glossary
entries (fewest Korean words left, then the fewest pieces: the longest entries), and what is left
as particles, endings, punctuation or Korean the glossary lacks, each a :class:`Piece` of a kind the
word-order rules know.

Lexing is the only part of glossing that reads a phrase's Kiwi morphemes and looks them up in the
glossary's index: the word-order rules (:mod:`.word_order`) see pieces only, and :mod:`.glossary`
counts coverage and names known terms on the same pieces.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline import korean
from pipeline.korean import romanize as romanization
from pipeline.korean.english import figure_en, place_en
from pipeline.korean.figures import FigureMatch, find_figures
from pipeline.korean.lexicon import Entry, Glossary, glossary


@dataclass(frozen=True)
class Piece:
    """A unit of a phrase being glossed: a term, a figure, a particle, a bracket ..."""
    kind: str      # term action pred post adv fig foreign unk obj subj gen instr loc and etc comma dot
    #               slash colon open close adn modal end prefix suffix neg
    en: str = ""
    ko: str = ""
    entry: Entry | None = None
    fig: FigureMatch | None = None


_PUNCT = {",": "comma", "·": "dot", "ㆍ": "dot", "/": "slash", ":": "colon", "+": "dot", ";": "comma",
          "→": "arrow", "⇒": "arrow", "&": "dot"}
_OPENERS = "([{‘“「『《〈<"
_CLOSERS = ")]}’”」』》〉>"
_CLAUSE_ENDINGS = ("고", "며", "으며", "어", "아", "여", "면서", "고서", "니", "으니", "면", "으면", "나", "지만")
_UNKNOWN_COST = 100            # a content morpheme left in Korean costs more than any split into terms
MAX_SPAN = 6                   # a key of four morphemes may come out of Kiwi as a few more in context


def lex(text: str) -> list[Piece]:
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
    for size in range(1, min(MAX_SPAN, len(tokens) - i) + 1):
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
