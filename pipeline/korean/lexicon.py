"""The glossary's data (``data/glossary.toml``, with ``data/agencies.toml``'s names of public bodies)
as entries with every reading they have, indexed by their Kiwi morphemes.

This is the bottom of the glossary's modules: the English forms of values (:mod:`.english`), lexing
(:mod:`.pieces`), word order (:mod:`.word_order`) and the public API (:mod:`.glossary`) all read
the data, so it imports none of them. The English verb forms an action takes (-ing, the past
participle) live here with it, since an action's noun is its -ing form unless the data gives one.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache

from pipeline import korean
from pipeline.resources import DATA

GLOSSARY = DATA / "glossary.toml"
AGENCIES = DATA / "agencies.toml"      # names of public bodies, and how places are romanised
MAX_MORPHEMES = 4
# Sections whose keys are matched on morphemes, and what a match makes.
LEXICAL = {"names": "term", "fields": "term", "technologies": "term", "terms": "term", "actions": "action",
           "predicates": "pred", "postpositions": "post", "adverbs": "adv"}


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


# --- the English verb forms of an action --------------------------------------------------------

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
