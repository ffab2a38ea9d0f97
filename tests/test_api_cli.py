"""The command line is a thin user of sciplan.api (issue 18): each view command, check and report give
what the API gives for the same question. The CLI's JSON is compared with the API's rows value by
value (an exact Fraction against the number JSON writes), and a warning the API returns is the line
the command prints."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

import sciplan.api as sp
from conftest import REPO, build_root
from sciplan.core.numbers import exact
from sciplan.render.json import dumps

PEOPLE_ONLY = {"shown", "styles", "depth", "approximate_word"}  # texts for people: never in JSON


def same(value: Any, written: Any, where: str = "") -> None:
    """`value` (an API row, exact) is what `written` (the CLI's JSON) says, field by field."""
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        assert isinstance(written, dict), where
        fields = {name for name in value._fields if name not in PEOPLE_ONLY}
        assert set(written) == fields, where
        for name in fields:
            same(getattr(value, name), written[name], f"{where}.{name}")
    elif isinstance(value, (list, tuple)):
        assert isinstance(written, list) and len(written) == len(value), where
        for i, (v, w) in enumerate(zip(value, written, strict=True)):
            same(v, w, f"{where}[{i}]")
    elif isinstance(value, dict):
        assert isinstance(written, dict) and set(written) == {str(k) for k in value}, where
        for k, v in value.items():
            same(v, written[str(k)], f"{where}.{k}")
    elif isinstance(value, Fraction):
        if value.denominator == 1 and isinstance(written, int):
            assert written == value, where
        else:  # the exact decimal JSON writes (15 significant digits where it never ends), read as a float
            assert isinstance(written, float) and written == float(str(exact(value))), where
    elif isinstance(value, float):
        assert written == float(str(exact(value))), where
    else:
        assert written == value and type(written) is type(value), where


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("demo")
    shutil.copyfile(REPO / "targets.yaml", root / "targets.yaml")
    shutil.copytree(REPO / "data", root / "data")
    return root


def every_plan(doc: dict) -> list:
    return [row for plan in doc["plans"] for row in plan["indicators"]]


def every_unit(doc: dict) -> list:
    """By indicator, then unit (the total last), as the API's rows come."""
    rows = [row for unit in doc["units"] for row in unit["results"]] + doc["total"]
    units = [unit["unit"] for unit in doc["units"]] + [None]
    return sorted(rows, key=lambda row: (doc["indicators"].index(row["id"]), units.index(row["sub_unit"])))


# (the command's arguments, the API call, where the JSON document holds the rows)
Call = Callable[[Path], "sp.Table[Any]"]
COMMANDS: list[tuple[list[str], Call, Callable[[dict], list]]] = [
    (["status", "2022"], lambda r: sp.scorecard(r, 2022), lambda d: d["indicators"]),
    (["status", "2021"], lambda r: sp.scorecard(r, 2021), lambda d: d["indicators"]),
    (["status", "2022", "--month", "6"], lambda r: sp.scorecard(r, 2022, 6), lambda d: d["indicators"]),
    (
        ["status", "2022", "--unit", "泰兴高新区"],
        lambda r: sp.scorecard(r, 2022, unit="泰兴高新区"),
        lambda d: d["indicators"],
    ),
    (
        ["status", "2022", "--sort", "status", "--parts", "--by", "owner"],
        lambda r: sp.scorecard(r, 2022, sort="status", parts=True, by="owner"),
        lambda d: d["indicators"],
    ),
    (["indicators"], sp.indicators, lambda d: d["indicators"]),
    (["trend", "tech_contract_value"], lambda r: sp.trend(r, "tech_contract_value"), lambda d: d["years"]),
    (
        ["trend", "hightech_total", "--from", "2019", "--to", "2021"],
        lambda r: sp.trend(r, "hightech_total", start=2019, end=2021),
        lambda d: d["years"],
    ),
    (["trend", "hightech_new", "--months"], lambda r: sp.months(r, "hightech_new"), lambda d: d["months"]),
    (
        ["trend", "hightech_new", "2021", "--months"],
        lambda r: sp.months(r, "hightech_new", 2021),
        lambda d: d["months"],
    ),
    (["plan"], sp.plans, every_plan),
    (["plan", "--year", "2021"], lambda r: sp.plans(r, year=2021), every_plan),
    (["compare", "hightech_total"], lambda r: sp.compare(r, "hightech_total"), lambda d: d["regions"]),
    (
        ["compare", "tech_smes", "--year", "2021", "--years", "1"],
        lambda r: sp.compare(r, "tech_smes", 2021, years=1),
        lambda d: d["regions"],
    ),
    (["units", "2022"], lambda r: sp.units(r, 2022), every_unit),
    (["units", "2021", "hightech_total"], lambda r: sp.units(r, 2021, "hightech_total"), every_unit),
]


@pytest.mark.parametrize(("args", "call", "rows"), COMMANDS, ids=[" ".join(c[0]) for c in COMMANDS])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_command_gives_the_apis_rows(args, call, rows, lang, demo, run_cli, monkeypatch):
    result = run_cli(*args, "-f", "json", "--root", str(demo), "--lang", lang)
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    monkeypatch.setenv("SCIPLAN_LANG", lang)
    table = call(demo)
    assert table.rows, "a question with an answer"
    same(table.rows, rows(document))
    assert json.loads(dumps(table.json())) == document  # and the rest of the document (summary, milestones, …)
    assert result.stderr == ""


def test_status_fail_on_counts_the_apis_statuses(demo, run_cli):
    """--fail-on short: the indicators the API's rows say are short (each once, with --parts too)."""
    short = sorted({row.id for row in sp.scorecard(demo, 2022).rows if row.status == "short"})
    assert short  # the demo has shortfalls
    result = run_cli("status", "2022", "--parts", "--fail-on", "short", "-f", "plain", "--root", str(demo))
    assert result.exit_code == 1
    n = len(short)
    counted = "1 indicator short" if n == 1 else f"{n} indicators short"
    assert result.stderr.endswith(f"sciplan: error: {counted} (--fail-on short)\n")


def test_check_gives_the_apis_problems(tmp_path, run_cli):
    """A placeholder left in a year's file: the same problems, as values and as the command's JSON."""
    root = build_root(tmp_path / "root")
    data = root / "data" / "2021.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("firms: 86", "firms: xx"), encoding="utf-8")
    problems = sp.check(root, lang="en")
    result = run_cli("check", "-f", "json", "--root", str(root))
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    written = [(p["file"], p["line"], p["column"], p["code"]) for p in document["errors"] + document["warnings"]]
    assert sorted(written) == sorted((p.file, p.line, p.column, p.code) for p in problems)
    assert [(p.file, p.line) for p in problems if p.severity == "error"] == [("data/2021.yaml", 4)]
    text = run_cli("check", "--root", str(root))
    assert text.stderr.startswith("".join(f"{p}\n" for p in problems))


def test_report_writes_what_the_api_writes(tmp_path, run_cli):
    root = build_root(tmp_path / "root")
    [md] = sp.report(root, 2021, tmp_path / "api", kinds=("md",), lang="en")
    result = run_cli("report", "2021", "--only", "md", "--out", str(tmp_path / "cli"), "--root", str(root))
    assert result.exit_code == 0
    cli = tmp_path / "cli" / md.name
    assert result.stderr == f"wrote {cli}\n"
    assert cli.read_bytes() == md.read_bytes()


def test_an_unread_file_is_warned_of_before_what_stops_the_run(tmp_path, run_cli):
    """An error in 2019's file does not stop the scorecard of 2021 (it reads 2021 and 2020): the API
    returns a warning, the command prints it. When something else then stops the run (no targets in
    2025), the warning still comes first, carried by the error (`SciplanError.warnings`)."""
    root = build_root(tmp_path / "root")
    (root / "data" / "2019.yaml").write_text("year: 2019\nfinal: true\nactuals:\n  firms: xx\n", encoding="utf-8")
    warning = "sciplan: warning: data/2019.yaml has errors, not read here; `sciplan check` lists them\n"
    [unread] = sp.scorecard(root, 2021, lang="en").problems
    assert (unread.file, unread.code, unread.severity) == ("data/2019.yaml", "not-read", "warning")
    result = run_cli("status", "2021", "--root", str(root))
    assert result.exit_code == 0 and result.stderr == warning
    with pytest.raises(sp.SciplanError) as caught:
        sp.scorecard(root, 2025, lang="en")
    assert [p.file for p in caught.value.warnings] == ["data/2019.yaml"]
    result = run_cli("status", "2025", "--root", str(root))
    assert result.exit_code == 1
    assert result.stderr.startswith(warning)
    assert result.stderr.count("\n") == 2 and result.stderr.splitlines()[1].startswith("sciplan: error: ")


def test_an_unknown_grouping_is_the_apis_usage_error(tmp_path, run_cli):
    """`--by team`: the API refuses `by="team"` naming no option; the command line words it as its option."""
    root = build_root(tmp_path / "root")
    with pytest.raises(sp.SciplanError) as caught:
        sp.scorecard(root, 2021, by="team", lang="en")
    assert "--by" not in str(caught.value) and caught.value.exit_code == 2
    result = run_cli("status", "2021", "--by", "team", "--root", str(root))
    assert result.exit_code == 2
    assert result.stderr == "sciplan: error[usage]: --by team: only --by owner is known\n"
