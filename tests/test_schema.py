"""The ingest JSON's contract is the project's own: ``docs/ingest.schema.json``, generated from the
typed records, kept current, and met by what ``ingest`` writes."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from pipeline.render import schema

DOCS = Path(__file__).resolve().parent.parent / "docs"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    committed = json.loads((DOCS / "ingest.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(committed)
    return jsonschema.Draft202012Validator(committed)


def _errors(validator, data) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}" for e in validator.iter_errors(data)]


def test_committed_schema_is_the_one_the_records_generate():
    committed = (DOCS / "ingest.schema.json").read_text(encoding="utf-8")
    assert committed == schema.schema_text(), "regenerate it: python -m pipeline.render.schema > docs/ingest.schema.json"


def test_ingest_json_of_the_sample_meets_the_schema(validator, sample_json):
    assert _errors(validator, sample_json) == []


def test_ingest_json_of_real_releases_meets_the_schema(validator, shared_ingested):
    out, _ = shared_ingested
    documents = sorted(out.glob("*.json"))
    assert documents
    assert {p.name: _errors(validator, json.loads(p.read_text(encoding="utf-8"))) for p in documents} \
        == {p.name: [] for p in documents}


def test_schema_refuses_a_document_with_a_key_the_records_do_not_have(validator, sample_json):
    changed = dict(sample_json, document=dict(sample_json["document"], ministre="typo"))
    assert any("ministre" in e for e in _errors(validator, changed))


def test_a_figure_value_of_the_wrong_type_is_refused(validator, sample_json):
    figure = dict(sample_json["figures"][0], page="one")
    changed = dict(sample_json, figures=[figure])
    assert any(e.startswith("figures/0/page") for e in _errors(validator, changed))
