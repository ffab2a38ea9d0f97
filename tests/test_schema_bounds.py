"""The JSON Schemas editors read carry what `check` enforces: numbers as numbers in every default
(an editor filling in `pace:` must write a valid file), the bounds of a profile and of a text, and
the rules between two fields said where a schema cannot say them (issue 17)."""

from __future__ import annotations

import json

from conftest import REPO
from sciplan.validate.editors import schemas


def test_section_defaults_are_numbers():
    targets = schemas()["targets"]["properties"]
    assert targets["pace"]["default"] == {"yellow": 10, "red": 30}
    assert all(type(v) is int for v in targets["pace"]["default"].values())
    assert targets["progress"]["default"] == {"on_track": 0.95, "accelerate": 0.6}
    assert targets["near"]["default"] == 90


def test_profile_items_are_percentages():
    profile = schemas()["targets"]["definitions"]["IndicatorSpec"]["properties"]["profile"]["anyOf"][0]
    assert profile["items"] == {"type": "number", "minimum": 0, "maximum": 100}
    assert (profile["minItems"], profile["maxItems"]) == (12, 12)


def test_rules_between_fields_are_described():
    definitions = schemas()["targets"]["definitions"]
    assert "check refuses yellow above red" in definitions["PaceSpec"]["properties"]["yellow"]["description"]
    assert "check refuses red below yellow" in definitions["PaceSpec"]["properties"]["red"]["description"]
    on_track = definitions["ProgressSpec"]["properties"]["on_track"]["description"]
    assert "check refuses accelerate above on_track" in on_track


def test_texts_fit_a_spreadsheet_cell():
    data = schemas()["data"]
    assert data["properties"]["note"]["anyOf"][0]["maxLength"] == 32_767


def test_the_committed_schemas_are_the_generated_ones():
    for kind, schema in schemas().items():
        committed = json.loads((REPO / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8"))
        assert committed == json.loads(json.dumps(schema))
