"""Speed work changes no output: every output below, on a generated 1k root (bench/generate.py:
1,000 indicators × 10 years × 2 peers, seeded, so the same root every time), is compared byte for
byte with the output recorded before the work began (issue 19). The demo's outputs, every command
and format, are compared the same way by tests/test_golden.py.

The record is tests/golden/same-output.json: the SHA-256 of each output (a Word or Excel file by
each XML part it holds, so a zip's own packing cannot hide or fake a change). A change to an output
that is meant (a fix, a new column) is recorded again with

    SCIPLAN_UPDATE_GOLDEN=1 python -m pytest tests/test_same_output.py

and the changed entries show in the diff of that file, beside the change that made them.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import REPO

sys.path.insert(0, str(REPO / "bench"))
from generate import generate

RECORD = Path(__file__).parent / "golden" / "same-output.json"
UPDATE = os.environ.get("SCIPLAN_UPDATE_GOLDEN") == "1"

BIG_COMMANDS = [
    ["status", "2009"],
    ["status", "2009", "-f", "json"],
    ["status", "2009", "-f", "csv"],
    ["status", "2009", "--lang", "zh"],
    ["trend", "ind_0005", "-f", "json"],
    ["trend", "ind_0049"],
    ["compare", "ind_0005", "-f", "json"],
    ["compare", "ind_0012"],
]


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# The workbook records when it was written (dcterms:created/modified): the clock, not the content.
_WHEN = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*")


def _file_digests(path: Path) -> dict[str, str]:
    if path.suffix in (".docx", ".xlsx"):
        with zipfile.ZipFile(path) as z:
            return {
                f"{path.suffix[1:]}:{name}": _digest(
                    _WHEN.sub(rb"\1", z.read(name)) if name == "docProps/core.xml" else z.read(name)
                )
                for name in sorted(z.namelist())
            }
    return {path.suffix[1:]: _digest(path.read_bytes())}


@pytest.fixture(scope="module")
def big_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("gen1k") / "root"
    generate(root, 1000, 10, 2)
    return root


def _outputs(root: Path, commands: list[list[str]], year: str, run_cli, monkeypatch, tmp_path) -> dict[str, str]:
    monkeypatch.chdir(root)
    got = {}
    for args in commands:
        result = run_cli(*args)
        assert result.exit_code == 0, str(result)
        got[" ".join(args)] = _digest(result.stdout_bytes)
    for lang in ("en", "zh"):
        out = tmp_path / f"report-{lang}"
        result = run_cli("report", year, "--out", str(out), "--lang", lang)
        assert result.exit_code == 0, str(result)
        for path in sorted(out.iterdir()):
            if not path.name.startswith("."):
                for part, digest in _file_digests(path).items():
                    got[f"report {year} --lang {lang} {part}"] = digest
    return got


def _compare(name: str, got: dict[str, str]) -> None:
    record = json.loads(RECORD.read_text(encoding="utf-8")) if RECORD.exists() else {}
    if UPDATE:
        record[name] = got
        RECORD.parent.mkdir(exist_ok=True)
        RECORD.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        return
    expected = record.get(name)
    assert expected is not None, f"no record for {name}: run with SCIPLAN_UPDATE_GOLDEN=1 once"
    changed = sorted(k for k in expected.keys() | got.keys() if expected.get(k) != got.get(k))
    assert not changed, f"{name}: these outputs changed: {changed}"


def test_generated_1k_outputs_unchanged(big_root, run_cli, monkeypatch, tmp_path):
    _compare("generated 1k", _outputs(big_root, BIG_COMMANDS, "2009", run_cli, monkeypatch, tmp_path))
