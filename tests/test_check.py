"""`sciplan check`: every problem in one run, in text, JSON and GitHub formats; warnings and --strict."""

from __future__ import annotations

import json

from conftest import BASE
from sciplan.core.problem import Problem
from sciplan.render.diagnostics import github_annotation


def test_valid_root_is_silent(run_cli):
    result = run_cli("check", "--root", str(BASE))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_every_problem_in_one_run(base_root, run_cli):
    (base_root / "data" / "2021.yaml").write_text(
        "year: 2021\nfinal: true\nactuals:\n  firms: xx\n  rd: 2.65\n  loans: 86件\n  energy: 0.6\n  talent: 12\n",
        encoding="utf-8",
    )
    (base_root / "data" / "2020.yaml").write_text("year: 2020\nactuals: {firms: 71, firms: 72}\n", encoding="utf-8")
    result = run_cli("check", "--root", str(base_root))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "data/2020.yaml:2:22: error[duplicate-key]: actuals.firms: duplicate key 'firms' (first at line 2);"
        " each key may appear once",
        "data/2021.yaml:4:10: error[placeholder]: actuals.firms: 'xx' is a template placeholder, not a number; "
        "write the figure, or null if it is not reported yet",
        "data/2021.yaml:6:10: error[unit]: actuals.loans: '86件' is in 件, but this indicator is measured in 万元; "
        "write 86万元 or 86 (or correct the indicator's unit in targets.yaml)",
        "data/2021.yaml:8:3: error[unknown-indicator]: actuals.talent: unknown indicator 'talent' "
        "(did you mean 'talents'?)",
        "sciplan: 4 errors in 2 files",
    ]


def test_json_format(base_root, run_cli):
    (base_root / "data" / "2021.yaml").write_text(
        "year: 2021\nfinal: true\nactuals: {firms: 86, rd: 2.65, loans: 1.1亿元, energy: 6}\n",
        encoding="utf-8",
    )
    result = run_cli("check", "--root", str(base_root), "--format", "json")
    assert result.exit_code == 0  # a warning alone does not fail
    assert json.loads(result.stdout) == {
        "status": "ok",
        "errors": [],
        "warnings": [
            {
                "file": "data/2021.yaml",
                "line": 3,
                "column": 54,
                "code": "jump",
                "message": "actuals.energy: 6吨标准煤 is 11.5× last year's 0.52吨标准煤; "
                "check for a typo or a misplaced point",  # not money: no 万元/亿元 to mix up
            }
        ],
    }
    strict = run_cli("check", "--root", str(base_root), "--format", "json", "--strict")
    assert strict.exit_code == 1
    doc = json.loads(strict.stdout)
    assert doc["status"] == "fail" and doc["errors"][0]["code"] == "jump" and doc["warnings"] == []


def test_jump_warning_in_text_and_status(base_root, run_cli):
    """A value 10× up or down from last year is probably 万元 written as 亿元 (or the reverse)."""
    text = (base_root / "data" / "2021.yaml").read_text(encoding="utf-8")
    (base_root / "data" / "2021.yaml").write_text(text.replace("loans: 1.1亿元", "loans: 1.1"), encoding="utf-8")
    line = (
        "data/2021.yaml:6:10: warning[jump]: actuals.loans: 1.1万元 is 1/9090.9 of last year's "
        "10000万元; check the unit (万元 vs 亿元?)"
    )
    result = run_cli("check", "--root", str(base_root))
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [line, "sciplan: 1 warning in 1 file"]
    assert run_cli("check", "--root", str(base_root), "--strict").exit_code == 1
    status = run_cli("status", "2021", "--root", str(base_root))
    assert status.exit_code == 0 and status.stderr.splitlines() == [line]


def test_github_format(base_root, run_cli, monkeypatch):
    (base_root / "data" / "2021.yaml").write_text(
        "year: 2021\nactuals: {firms: xx%}\nas_of: 2021-06-30\n", encoding="utf-8"
    )
    monkeypatch.chdir(base_root.parent)
    result = run_cli("check", "--root", "root", "--format", "github")
    assert result.exit_code == 1
    assert result.stdout == (
        "::error file=root/data/2021.yaml,line=2,col=18,title=sciplan placeholder::actuals.firms: "
        "'xx%25' is a template placeholder, not a number; write the figure, or null if it is not reported yet\n"
    )
    monkeypatch.setenv("GITHUB_ACTIONS", "true")  # picks itself inside GitHub Actions
    assert run_cli("check", "--root", "root").stdout == result.stdout


def test_github_escaping():
    p = Problem("a,b:c.yaml", 1, 2, "warning", "x", "100% sure\nline two\r")
    assert github_annotation(p) == (
        "::warning file=a%2Cb%3Ac.yaml,line=1,col=2,title=sciplan x::100%25 sure%0Aline two%0D"
    )


def test_missing_actual_in_final_year(base_root, run_cli):
    (base_root / "data" / "2021.yaml").write_text(
        "year: 2021\nfinal: true\nactuals:\n  firms: 86\n  rd: null\n", encoding="utf-8"
    )
    result = run_cli("check", "--root", str(base_root))
    assert result.exit_code == 1
    tail = "has no actual; add it, or set final: false while figures are still coming in"
    assert result.stderr.splitlines() == [
        # an absent key points at the actuals mapping; a null one at itself
        f"data/2021.yaml:4:3: error[missing-actual]: actuals.energy: 2021 is final but 单位GDP能耗 "
        f"(target <= 0.5) {tail}",
        f"data/2021.yaml:4:3: error[missing-actual]: actuals.loans: 2021 is final but 科技贷款 (target +15%) {tail}",
        f"data/2021.yaml:5:3: error[missing-actual]: actuals.rd: 2021 is final but 研发投入强度 (target >= 2.8) {tail}",
        "sciplan: 3 errors in 1 file",
    ]
    # status shows them as missing rather than refusing
    doc = json.loads(run_cli("status", "2021", "--root", str(base_root), "-f", "json").stdout)
    assert [i["status"] for i in doc["indicators"]] == ["met", "missing", "missing", "missing", "untargeted"]


def test_an_open_year_may_be_incomplete(base_root, run_cli):
    (base_root / "data" / "2021.yaml").write_text("year: 2021\nactuals:\n  firms: 86\n", encoding="utf-8")
    assert run_cli("check", "--root", str(base_root)).exit_code == 0


def test_final_year_with_as_of_before_year_end_is_an_error(base_root, run_cli):
    (base_root / "data" / "2021.yaml").write_text("final: true\nas_of: 2021-09-30\nactuals: {}\n", encoding="utf-8")
    result = run_cli("check", "--root", str(base_root))
    assert result.exit_code == 1
    # line 2, column 8: the value of as_of
    assert (
        "data/2021.yaml:2:8: error[final-as-of]: as_of: 2021-09-30 is before 31 December, but final: true says "
        "2021 is closed; write as_of: 2021-12-31, or final: false while figures are still coming in"
    ) in result.stderr.splitlines()


def test_open_year_without_as_of_is_a_warning(base_root, run_cli):
    (base_root / "data" / "2021.yaml").write_text("final: false\nactuals: {firms: 10}\n", encoding="utf-8")
    result = run_cli("check", "--root", str(base_root))
    assert result.exit_code == 0  # a warning only
    assert (
        "data/2021.yaml:1:1: warning[no-as-of]: 2021 is open (final: false) but has no as_of: pace (序时进度) "
        "and same-period (同比) figures need the date the figures refer to; add e.g. as_of: 2021-09-30"
    ) in result.stderr.splitlines()
    assert run_cli("check", "--root", str(base_root), "--strict").exit_code == 1


def test_a_year_missing_between_others_is_reported(base_root, run_cli):
    """2020 and 2022 exist, 2021 does not: 2022's YoY and its +15% target need 2021's figures."""
    data = base_root / "data"
    (data / "2021.yaml").unlink()
    (data / "2022.yaml").write_text("year: 2022\nfinal: true\nactuals: {firms: 90, loans: 12000}\n", encoding="utf-8")
    targets = (base_root / "targets.yaml").read_text(encoding="utf-8").replace("{2021: +15%}", "{2022: +15%}")
    (base_root / "targets.yaml").write_text(targets, encoding="utf-8")
    result = run_cli("check", "--root", str(base_root))
    expected = (
        "warning[missing-year]: no data/2021.yaml between data/2020.yaml and data/2022.yaml: 2022's YoY; "
        "2022's targets over last year (loans +15%) need 2021's figures; add the file (null for what is not known)"
    )
    assert any(line.endswith(expected) and line.startswith("data/2022.yaml:") for line in result.stderr.splitlines())
    strict = run_cli("check", "--root", str(base_root), "--strict")
    assert strict.exit_code == 1 and "error[missing-year]" in strict.stderr
