"""KO/EN pairing, and the English release it needs: metadata and figures read from English text."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.batch.runner import document_for
from pipeline.cli import main
from pipeline.render.pair import STATUSES, figure_key, pair_documents, pair_targets, render_pairs, summary
from pipeline.store.database import Store

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "corpus" / "msit-2023-10-31-ai-bio-roadmap.pdf"
ENGLISH = ROOT / "corpus" / "msit-2023-10-31-ai-bio-roadmap.en.txt"


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pair") / "roadmap.db"
    assert main(["ingest", str(SAMPLE), str(ENGLISH), "--db", str(path), "--quiet", "--jobs", "1"]) == 0
    return path


@pytest.fixture(scope="module")
def ko(db):
    with Store(db) as store:
        return document_for(str(SAMPLE), store)


@pytest.fixture(scope="module")
def en(db):
    with Store(db) as store:
        return document_for(str(ENGLISH), store)


def _changed_copy(db, tmp_path, old: str, new: str):
    """The English release with one passage changed, ingested into the module's store."""
    text = ENGLISH.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "changed.en.txt"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with Store(db) as store:
        return document_for(str(path), store)


# --- English releases ----------------------------------------------------------------------------

def test_english_release_metadata_comes_from_its_header_lines(en):
    info = en.info
    assert info.language == "en"
    assert info.title.startswith("Strategic Roadmap for Artificial Intelligence and Advanced Biotechnology")
    assert info.ministry == "Ministry of Science and ICT" and info.kind == "보도자료"
    assert (info.release_at, info.distributed_at, info.edition) == ("2023-10-31T10:00", "2023-10-30T14:00", "석간")
    assert len(info.subtitles) == 3
    assert [(c.title, c.name, c.phone) for c in info.contacts] == [
        ("Director", "Park Sang-min", "044-202-6750"), ("Deputy Director", "Noh Myeong-jong", "044-202-6752")]
    assert info.department == "Growth Engine Planning Division"


def test_english_release_figures_are_read_with_value_unit_and_comparator(en):
    found = {(f.text, f.value, f.unit, f.op) for f in en.figures}
    for expected in [("more than 50%", 50, "%", ">="), ("up to 10 times", 10, "times", "up_to"),
                     ("by 2030", 2030, "year", "="), ("within 100 days", 100, "days", "<="),
                     ("more than 1 million", 1000000, "count", ">="), ("90% or higher", 90, "%", ">=")]:
        assert expected in found


def test_english_release_figures_in_words_and_money(db, tmp_path):
    path = tmp_path / "money.en.txt"
    path.write_text("Ministry of Science and ICT\nPRESS RELEASE\n\nEmbargo: Monday, March 4, 2024, 12:00\n\n"
                    "Government to invest KRW 300 billion in quantum technology\n\n"
                    "The plan names eight key technologies and sets aside 1.2 trillion won by 2030.\n",
                    encoding="utf-8")
    with Store(db) as store:
        doc = document_for(str(path), store)
    found = {(f.text, f.value, f.unit) for f in doc.figures}
    assert {("KRW 300 billion", 300000000000, "KRW"), ("eight", 8, "count"),
            ("1.2 trillion won", 1200000000000, "KRW")} <= found
    assert doc.info.title == "Government to invest KRW 300 billion in quantum technology"
    assert doc.info.release_at == "2024-03-04T12:00"


# --- pairing -----------------------------------------------------------------------------------------

def test_english_release_states_targets_read_through_spacy_tokens(en):
    found = {(t.value, t.unit, t.op): t for t in en.targets}
    assert found[(50, "%", ">=")].direction == "decrease" and "power consumption" in found[(50, "%", ">=")].metric
    assert found[(90, "%", ">=")].metric == "detection rate"
    assert found[(100, "days", "<=")].direction == "decrease"
    assert (1000000, "count", ">=") in found and (10, "times", "up_to") in found
    assert {t.deadline for t in en.targets} == {2030}
    assert not [t for t in en.targets if t.unit == "count" and t.value < 100]   # '4 key technologies'


def test_english_targets_come_from_goal_sentences_of_any_english_release(db, tmp_path):
    path = tmp_path / "green.en.txt"
    path.write_text("Green Growth Plan to Cut Emissions\nMinistry of Environment\nPress release\n"
                    "For immediate release: Monday, March 3, 2025, 12:00\n\n"
                    "The ministry aims to cut greenhouse gas emissions by 30% by 2035, and will train 10,000 "
                    "green specialists.\nThe plan also calls for raising the share of renewable energy to at "
                    "least 40%.\nLast year, emissions fell 2% and 4 programmes were launched.\n", encoding="utf-8")
    with Store(db) as store:
        doc = document_for(str(path), store)
    got = {(t.metric, t.value, t.op, t.direction, t.deadline) for t in doc.targets}
    assert got == {("greenhouse gas emissions", 30, "=", "decrease", 2035),
                   ("green specialists", 10000, "=", "increase", 2035),
                   ("share of renewable energy", 40, ">=", "increase", 2035)}     # no goal: 2%, 4


def test_every_korean_target_of_the_sample_has_its_english_target(ko, en):
    pairs = pair_targets(ko, en)
    assert [p.status for p in pairs if p.ko is not None] == ["same"] * len(ko.targets)
    data = json.loads(render_pairs(pair_documents(ko, en), ko, en, "json"))
    assert data["target_summary"]["same"] == len(ko.targets)
    assert "| same | 탐지율 | at least 90% (by 2030) | detection rate | at least 90% (by 2030) |" in \
        render_pairs(pair_documents(ko, en), ko, en, "md")


def test_every_english_figure_finds_its_korean_one(ko, en):
    counts = summary(pair_documents(ko, en))
    assert counts["different"] == 0 and counts["en_only"] == 0
    assert counts["same"] == len(en.figures)


def test_more_than_and_at_least_both_pair_with_isang(ko):
    assert figure_key(next(f for f in ko.figures if f.text == "50% 이상"), "ko") == ("percent", 50, "%", ">=")


@pytest.mark.parametrize("old, new", [
    ("detection rate of 90% or higher", "detection rate of 95% or higher"),
    ("more than 1 million people", "more than 2 million people"),
    ("within 100 days", "within 100 months"),
    ("stands at 22%", "stands at 34%"),
    ("cutting data and power use by more than 50%", "cutting data and power use by less than 50%"),
    ("into clinical trials by 2030", "into clinical trials by 2028"),
])
def test_one_figure_changed_in_the_english_version_is_reported_as_different(db, ko, tmp_path, old, new):
    changed = _changed_copy(db, tmp_path, old, new)
    pairs = pair_documents(ko, changed)
    different = [p for p in pairs if p.status == "different"]
    assert summary(pairs)["en_only"] == 0
    assert len(different) == 1
    assert different[0].en.text in new


def test_korean_figures_the_english_version_leaves_out_are_korean_only(ko, en):
    pairs = pair_documents(ko, en)
    assert len(pairs) == len(ko.figures) + summary(pairs)["en_only"]
    assert all(p.ko is not None for p in pairs if p.status == "ko_only")


def test_pair_json_follows_the_contract(ko, en):
    data = json.loads(render_pairs(pair_documents(ko, en), ko, en, "json"))
    assert set(data["pairs"][0]) == {"status", "ko", "en"}
    for p in data["pairs"]:
        assert p["status"] in STATUSES
        if p["ko"] is not None:
            assert set(p["ko"]) == {"text", "value", "unit", "op", "page"}
        if p["en"] is not None:
            assert set(p["en"]) == {"text", "value", "unit", "op"}


def test_pair_markdown_is_a_table_with_a_line_per_pair(ko, en):
    text = render_pairs(pair_documents(ko, en), ko, en, "md").split("## Targets")[0]
    assert text.count("\n| same |") == summary(pair_documents(ko, en))["same"]


def test_pair_page_states_the_same_translation_coverage_as_the_english_brief(ko, en):
    from pipeline.render.brief import coverage, render_brief
    shown = coverage(ko)
    line = next(x for x in render_brief(ko, "en", "md").splitlines() if x.startswith("Translation coverage"))
    assert line.rstrip(".") in render_pairs(pair_documents(ko, en), ko, en, "md")
    data = json.loads(render_pairs(pair_documents(ko, en), ko, en, "json"))
    assert data["coverage"] == {"sentences": shown.items, "sentences_in_english": shown.translated,
                                "characters": shown.chars, "characters_in_english": shown.chars_translated}


def test_pair_command_writes_json_to_a_file(db, tmp_path, capsys):
    out = tmp_path / "pair.json"
    assert main(["pair", str(SAMPLE), str(ENGLISH), "--db", str(db), "--format", "json", "--out", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["different"] == 0
    assert "same:" in capsys.readouterr().err


def test_an_english_pdf_goes_through_the_same_stages(db, ko, tmp_path):
    pytest.importorskip("reportlab")
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen import canvas
    path = tmp_path / "release.en.pdf"
    pdf, y = canvas.Canvas(str(path), pagesize=A4), 800
    for paragraph in ENGLISH.read_text(encoding="utf-8").split("\n"):
        size = 16 if paragraph.startswith("Strategic Roadmap") else 10
        for line in simpleSplit(paragraph, "Helvetica", size, 480) or [""]:
            if y < 60:
                pdf.showPage()
                y = 800
            pdf.setFont("Helvetica-Bold" if size > 10 else "Helvetica", size)
            pdf.drawString(50, y, line)
            y -= size + 4
    pdf.save()
    with Store(db) as store:
        doc = document_for(str(path), store)
    assert doc.info.language == "en" and doc.info.title.startswith("Strategic Roadmap")
    assert (doc.info.release_at, doc.info.ministry) == ("2023-10-31T10:00", "Ministry of Science and ICT")
    counts = summary(pair_documents(ko, doc))
    assert counts["different"] == 0 and counts["en_only"] == 0
