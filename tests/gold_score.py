"""Score a document's ingest JSON against a hand-made gold file of ``tests/gold/``.

A gold file holds what a reader finds in the document itself (read from the PDF, checked against
the source repository's reference Markdown where there is one), never what the pipeline gives:

``metadata``   title, ministry, kind, release_at, distributed_at (times as ISO prefixes);
``subtitles``  the lines under the title, in order;
``contacts``   every person: role, title, name, phone and department (the unit, e.g. 생활폐기물과);
``key_points`` the start of the lead paragraph (null when there is none) and of some headlines;
``figures``    some figures: value, unit, comparator and a phrase of their sentence.

Each field scores 0..1 (:func:`score`); matching is lenient about spacing, middle dots and quote
marks (as ``../shared/eval/score.py``), exact about numbers.
"""
from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

GOLD = Path(__file__).resolve().parent / "gold"
FIELDS = ("metadata", "subtitles", "contacts", "key_points", "figures")
DOTS = "·・‧•∙ㆍ"


def norm(text) -> str:
    """Fold width, drop spaces, middle dots and quote marks, lower-case."""
    text = unicodedata.normalize("NFKC", str(text or ""))
    return re.sub(r"[\s" + DOTS + r"'‘’\"“”]", "", text).lower()


def gold_files() -> list[Path]:
    return sorted(GOLD.glob("*.gold.json"))


def load(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def score(gold: dict, got: dict) -> dict[str, float]:
    """Per-field scores of the ingest JSON ``got`` against ``gold`` (fields the gold has)."""
    doc = got.get("document") or {}
    out = {"metadata": _metadata(gold["metadata"], doc)}
    if "subtitles" in gold:
        out["subtitles"] = _subtitles(gold["subtitles"], doc.get("subtitles") or [])
    if "contacts" in gold:
        out["contacts"] = _contacts(gold["contacts"], doc.get("contacts") or [])
    if "key_points" in gold:
        out["key_points"] = _key_points(gold["key_points"], got.get("key_points") or [])
    if "figures" in gold:
        out["figures"] = _figures(gold["figures"], got.get("figures") or [])
    return out


def misses(gold: dict, got: dict) -> list[str]:
    """What the JSON gets wrong, one line each (for a failing test's message and the report)."""
    doc, out = got.get("document") or {}, []
    for key, ok in _metadata_checks(gold["metadata"], doc):
        if not ok:
            out.append(f"metadata {key}: {doc.get(key)!r}, gold {gold['metadata'][key]!r}")
    if _subtitles(gold.get("subtitles", []), doc.get("subtitles") or []) < 1:
        out.append(f"subtitles {doc.get('subtitles')!r}, gold {gold.get('subtitles')!r}")
    for person in gold.get("contacts", []):
        found = _person(person, doc.get("contacts") or [])
        if found is None:
            out.append(f"contact {person['name']} missing")
        else:
            out += [f"contact {person['name']} {k}: {found.get(k)!r}, gold {person[k]!r}"
                    for k in ("role", "title", "department") if not _same_part(k, person[k], found.get(k))]
    points = got.get("key_points") or []
    kp = gold.get("key_points")
    if kp and not _lead_ok(kp["lead"], points):
        out.append(f"key point lead: gold starts {kp['lead']!r}" if kp["lead"] else "key point lead: none in the document")
    for h in (kp or {}).get("headlines", []):
        if not any(_starts(h, p.get("text")) for p in points):
            out.append(f"key point headline missing: {h!r}")
    for f in gold.get("figures", []):
        if not any(_figure_matches(f, g) for g in got.get("figures") or []):
            out.append(f"figure missing: {f['text']!r} near {f['context']!r}")
    return out


# --- fields --------------------------------------------------------------------------------------

def _metadata_checks(meta: dict, doc: dict) -> list[tuple[str, bool]]:
    checks = []
    for key in ("title", "ministry", "kind"):
        if key in meta:
            checks.append((key, norm(doc.get(key)) == norm(meta[key])))
    for key in ("release_at", "distributed_at"):
        if key in meta:
            checks.append((key, str(doc.get(key) or "").startswith(meta[key])))
    return checks


def _metadata(meta: dict, doc: dict) -> float:
    checks = _metadata_checks(meta, doc)
    return sum(ok for _, ok in checks) / max(1, len(checks))


def _subtitles(gold: list[str], got: list[str]) -> float:
    """Matched lines over the longer list: a missing line and a spurious one (an empty one too)
    both count against it."""
    if not gold and not got:
        return 1.0
    remaining = [norm(g) for g in got]
    hits = 0
    for line in gold:
        if norm(line) in remaining:
            remaining.remove(norm(line))
            hits += 1
    return hits / max(len(gold), len(got))


def _person(person: dict, contacts: list[dict]) -> dict | None:
    return next((c for c in contacts if norm(c.get("name")) == norm(person["name"])
                 and norm(c.get("phone")) == norm(person["phone"])), None)


def _same_part(key: str, gold: str, got) -> bool:
    """A role and a title are equal; the gold department (the unit) is part of the one read."""
    if key == "department":
        return norm(gold) in norm(got)
    return norm(gold) == norm(got)


def _contacts(gold: list[dict], got: list[dict]) -> float:
    """Each gold person found (by name and phone) earns a quarter, and a quarter for each of role,
    title and department right; over the longer of the two lists (spurious persons count)."""
    if not gold and not got:
        return 1.0
    total = 0.0
    for person in gold:
        found = _person(person, got)
        if found is not None:
            total += (1 + sum(_same_part(k, person[k], found.get(k))
                              for k in ("role", "title", "department"))) / 4
    return total / max(len(gold), len(got))


def _starts(gold: str, text) -> bool:
    return norm(text).startswith(norm(gold))


def _lead_ok(lead: str | None, points: list[dict]) -> bool:
    """The lead starts as the gold says; a gold lead of null: the document has no lead paragraph."""
    if lead is None:
        return not any(p.get("kind") == "lead" for p in points)
    return any(p.get("kind") == "lead" and _starts(lead, p.get("text")) for p in points)


def _key_points(gold: dict, points: list[dict]) -> float:
    """Half for the lead, half for the share of gold headlines found among the key points."""
    headlines = gold.get("headlines", [])
    found = sum(any(_starts(h, p.get("text")) for p in points) for h in headlines)
    recall = found / len(headlines) if headlines else 1.0
    return (_lead_ok(gold["lead"], points) + recall) / 2


def _same_number(a, b) -> bool:
    try:
        return abs(float(a) - float(b)) <= 1e-9 * max(1.0, abs(float(b)))
    except (TypeError, ValueError):
        return False


def _figure_matches(gold: dict, got: dict) -> bool:
    return (_same_number(got.get("value"), gold["value"]) and norm(got.get("unit")) == norm(gold["unit"])
            and (got.get("op") or "=") == gold.get("op", "=")
            and norm(gold["context"]) in norm(got.get("sentence")) + norm(got.get("text")))


def _figures(gold: list[dict], got: list[dict]) -> float:
    """Recall of the gold figures (a gold file lists some figures, not all)."""
    if not gold:
        return 1.0
    return sum(any(_figure_matches(f, g) for g in got) for f in gold) / len(gold)
