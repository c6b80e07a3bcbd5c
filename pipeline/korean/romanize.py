"""Korean names in Latin letters by the Revised Romanization of Korean, through the maintained
``korean-romanizer`` package; what the rules leave to usage (surnames, the last syllable of a place)
is data (``data/glossary.toml`` [surnames], ``data/agencies.toml`` [places]).

- People: the surname as usually written (박 -> Park), the given name syllable by syllable, the
  syllables joined by a hyphen, as the romanization rules allow for given names: 박상민 -> Park Sang-min
  (no sound change between the syllables of a given name).
- Places: the name with its sound changes, the administrative unit hyphenated: 서대문구 -> Seodaemun-gu.
"""
from __future__ import annotations

from functools import lru_cache

from korean_romanizer.romanizer import Romanizer

from pipeline import korean


@lru_cache(maxsize=4096)
def syllables(text: str) -> str:
    """Each Hangul syllable on its own ('상민' -> 'sangmin'); other characters as they are."""
    return "".join(Romanizer(ch).romanize() if korean.is_hangul(ch) else ch for ch in text)


@lru_cache(maxsize=4096)
def word(text: str) -> str:
    """A word with the sound changes between its syllables, as place names are written."""
    return Romanizer(text).romanize()


def person(name: str, surnames: dict[str, str]) -> str:
    """A Korean personal name in English order and spelling: 박상민 -> 'Park Sang-min'. A four-syllable
    name starting with a two-syllable surname of ``surnames`` (남궁, 황보 ...) keeps it whole."""
    name = name.strip()
    if not name or not korean.is_hangul(name[0]):
        return name
    cut = 2 if len(name) >= 4 and name[:2] in surnames else 1
    family = surnames.get(name[:cut]) or syllables(name[:cut]).capitalize()
    given = "-".join(syllables(s) for s in name[cut:])
    return f"{family} {given.capitalize()}".strip()


def place(name: str, units: dict[str, str]) -> str:
    """A local government's name: its stem romanised, its unit (구, 군, 시 ...) after a hyphen:
    서대문구 -> 'Seodaemun-gu'; a name without a unit of ``units`` is romanised whole."""
    unit = units.get(name[-1]) if len(name) > 1 else None
    if unit is None:
        return word(name).capitalize()
    return f"{word(name[:-1]).capitalize()}-{unit}"
