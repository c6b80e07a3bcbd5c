"""Real 2025-2026 releases against hand-made gold (``tests/gold``, scored by ``tests/gold_score.py``).

Each file of ``../shared/corpus-real`` with a gold file is ingested once (the test skips when
``../shared`` is absent) and each field's score must reach this branch's level for that file
(:data:`FLOORS`). A floor under 1.0 is a known gap, named in :data:`KNOWN_GAPS`; raise the floor
when a fix lands (the test names the file and field that fell or rose).
"""
from __future__ import annotations

import pytest

import gold_score
from pipeline.ingest import ingest_file

# field -> the score this branch reaches; fields not listed must score 1.0.
FLOORS = {
    "gov-2025-1216-hyperinnovation-15-projects-4.pdf": {},
    "kcs-2026-trade-flash.pdf": {},
    "mafra-2026-tips-rnd.pdf": {},
    "me-2026-grid-standards.pdf": {},
    "me-2026-recycled-bags.pdf": {},
    "mohw-2026-nps-fund-committee.pdf": {},
    "mois-2026-0331-public-data-eval.pdf": {},
    "mois-2026-5th-public-data-plan.pdf": {},
    "mois-2026-oil-relief-payment.pdf": {},
    "motie-2026-supplementary-budget.pdf": {},
}
KNOWN_GAPS: dict[str, str] = {}

GOLDS = gold_score.gold_files()


@pytest.fixture(scope="module")
def ingested(shared_dir) -> dict[str, dict]:
    """Each gold file's document, ingested once, as its JSON."""
    out = {}
    for path in GOLDS:
        name = gold_score.load(path)["file"]
        source = shared_dir / "corpus-real" / name
        if source.exists():
            out[name] = ingest_file(source).to_json()
    return out


def test_every_gold_file_has_a_floor_and_the_gold_covers_eight_files():
    names = {gold_score.load(p)["file"] for p in GOLDS}
    assert len(names) >= 8 and names == set(FLOORS)


@pytest.mark.parametrize("path", GOLDS, ids=lambda p: p.name.split(".")[0])
def test_a_real_release_scores_its_floor_on_every_field(path, ingested):
    gold = gold_score.load(path)
    if gold["file"] not in ingested:
        pytest.skip(f"{gold['file']} is not in ../shared/corpus-real")
    got = ingested[gold["file"]]
    scores = gold_score.score(gold, got)
    floors = FLOORS[gold["file"]]
    low = {f: round(s, 3) for f, s in scores.items() if s < floors.get(f, 1.0)}
    assert not low, (f"{gold['file']}: {low} under {floors}; scores {scores}\n"
                     + "\n".join(gold_score.misses(gold, got)))


def _as_ingested(gold: dict) -> dict:
    """The JSON a perfect ingest of the gold's document would give (as far as the gold knows it)."""
    meta = gold["metadata"]
    lead = gold["key_points"]["lead"]
    points = ([{"kind": "lead", "text": lead + " …"}] if lead else []) + \
        [{"kind": "headline", "text": h} for h in gold["key_points"]["headlines"]]
    return {"document": {**meta, "subtitles": gold["subtitles"],
                         "contacts": [{**c, "department": f"부처 {c['department']}"} for c in gold["contacts"]]},
            "key_points": points,
            "figures": [{**f, "sentence": f"… {f['context']} …"} for f in gold.get("figures", [])]}


@pytest.mark.parametrize("path", GOLDS[:3], ids=lambda p: p.name.split(".")[0])
def test_the_scorer_gives_a_perfect_ingest_full_marks_and_a_blank_one_little(path):
    gold = gold_score.load(path)
    assert set(gold_score.score(gold, _as_ingested(gold)).values()) == {1.0}
    assert gold_score.misses(gold, _as_ingested(gold)) == []
    blank = gold_score.score(gold, {"document": {}})
    assert blank["metadata"] == 0.0 and blank["key_points"] == 0.0
