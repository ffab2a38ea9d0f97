"""Input that must not be misread or act on the user's machine (issue 9): footnote marks are not
digits, CSV cells are not formulas, control characters never reach a screen or a CI log, echoed
input is cut, computed values stay plausible, look-alike names are one name. Every expected
string is written by hand."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from fractions import Fraction

import pytest

from sciplan.validate.targets import parse_target
from sciplan.validate.values import BadValue, parse_value


def refused(raw, unit="家"):
    with pytest.raises(BadValue) as info:
        parse_value(raw, unit)
    return info.value.code, info.value.message


def append(path, text):
    with open(path, "a", encoding="utf-8") as f:
        f.write(text)


def replace(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


# ---- item 4: only full-width forms fold ----------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "char", "code"),
    [
        ("268¹", "¹", "00B9"),  # a footnote mark: NFKC would read 2681
        ("26①", "①", "2460"),  # a circled digit: 261
        ("2⁰2", "⁰", "2070"),  # a superscript zero: 202
        ("١٢", "١", "0661"),  # Arabic-Indic digits
        ("۳家", "۳", "06F3"),  # Extended Arabic-Indic
        ("Ⅻ", "Ⅻ", "216B"),  # a Roman numeral
        ("½", "½", "00BD"),
        ("1²万元", "²", "00B2"),
    ],
)
def test_digit_like_characters_are_refused(raw, char, code):
    assert refused(raw) == (
        "not-a-number",
        f"{raw!r} holds {char} (U+{code}), which is not a digit 0–9; write digits 0–9 (a footnote mark goes in note:)",
    )


@pytest.mark.parametrize(
    ("raw", "unit", "value"),
    [
        ("４６．８％", "%", Decimal("46.8")),  # full-width digits, point and percent sign
        ("１２　家", "家", Decimal(12)),  # the ideographic space
        ("１，２４０", "家", Decimal(1240)),  # the full-width comma
        ("－３", "家", Decimal(-3)),
    ],
)
def test_full_width_forms_still_fold(raw, unit, value):
    assert parse_value(raw, unit).value == value


def test_a_footnote_mark_in_a_target_is_refused():
    with pytest.raises(BadValue) as info:
        parse_target("50¹", "家", "up")  # NFKC made it >= 501
    assert (info.value.code, info.value.message) == (
        "target",
        "'50¹' holds ¹ (U+00B9), which is not a digit 0–9; write digits 0–9 (a footnote mark goes in note:)",
    )
    assert parse_target("≥ ５０", "家", "up").amount == 50


def test_a_footnote_mark_is_a_located_error(base_root, run_cli):
    replace(base_root / "data" / "2021.yaml", "firms: 86", 'firms: "268¹"')
    replace(base_root / "targets.yaml", '">= 50"', '">= 50¹"')
    result = run_cli("check", "--root", str(base_root))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "targets.yaml:7:21: error[target]: indicators.firms.targets.2021: '>= 50¹' holds ¹ (U+00B9), "
        "which is not a digit 0–9; write digits 0–9 (a footnote mark goes in note:)",
        "data/2021.yaml:4:10: error[not-a-number]: actuals.firms: '268¹' holds ¹ (U+00B9), "
        "which is not a digit 0–9; write digits 0–9 (a footnote mark goes in note:)",
        "sciplan: 2 errors in 2 files",
    ]


# ---- item 5: CSV formula injection ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ('=HYPERLINK("http://evil.example","点击")', '\'=HYPERLINK("http://evil.example","点击")'),
        ("+1+1", "'+1+1"),
        ("@SUM(1)", "'@SUM(1)"),
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("＝1+1", "'＝1+1"),  # full-width, which WPS may take for a formula
        ("+0.2pp", "'+0.2pp"),
        # a text that looks like a number is text all the same: Excel and WPS would read +15% as 0.15
        ("+15%", "'+15%"),
        ("-5", "'-5"),
        ("-0.25", "'-0.25"),
        ("1e-05", "1e-05"),
        ("新增高企", "新增高企"),
        ("", ""),
    ],
)
def test_safe_cell(text, cell):
    from sciplan.render.csv import safe_cell

    assert safe_cell(text) == cell


def test_numbers_stay_numbers():
    """A number column is written as a number, never prefixed: only text cells are."""
    from sciplan.core.numbers import exact
    from sciplan.render.csv import cell

    assert [cell(-5), cell(exact(Fraction(-1, 4))), cell(exact(Fraction(15), point=True))] == ["-5", "-0.25", "15.0"]


def test_a_growth_target_in_csv_is_text_excel_keeps(run_cli):
    """`status 2022 -f csv` and `indicators -f csv` wrote `+15%` bare (issue 17): Excel and WPS turn it into
    0.15. It is prefixed as `+1pp` is; the threshold 15.985 (13.9 × 1.15) stays a number."""
    status = list(csv.DictReader(io.StringIO(run_cli("status", "2022", "-f", "csv").stdout)))
    contract = next(r for r in status if r["id"] == "tech_contract_value")
    assert (contract["target.text"], contract["target.value"]) == ("'+15%", "15.985")
    share = next(r for r in status if r["target.text"].endswith("pp"))
    assert share["target.text"] == "'+1pp"
    listed = run_cli("indicators", "-f", "csv").stdout
    row = next(line for line in listed.splitlines() if ",tech_contract_value," in line)
    assert row.endswith(",'+15%,'+15%")


INJECTED_TARGETS = """region: 测试区
units: ["-2+3+cmd|' /C calc'!A0", 黄桥镇]
indicators:
  firms:
    name: '=HYPERLINK("http://evil.example","点击")'
    unit: "@SUM(1)"
    group: "+1+1"
    targets: {2021: {target: ">= 50", units: {"-2+3+cmd|' /C calc'!A0": 30, 黄桥镇: 20}}}
  talents:
    name: 引进人才
    unit: 名
plans:
  - id: p
    name: "=1+2"
    baseline: 2020
    end: 2022
    targets: {firms: 100}
  - id: q
    name: 计划
    baseline: 2020
    end: 2022
    targets: {talents: 20}
"""
INJECTED_2020 = """year: 2020
final: true
actuals: {firms: 71, talents: 10}
"""
INJECTED_2021 = """year: 2021
final: true
actuals: {firms: 86, talents: -5}
peers:
  "=cmd|' /C calc'!A0": {firms: 90}
units:
  "-2+3+cmd|' /C calc'!A0": {firms: 50}
  黄桥镇: {firms: 36}
"""


@pytest.fixture
def injected_root(tmp_path):
    root = tmp_path / "root"
    (root / "data").mkdir(parents=True)
    (root / "targets.yaml").write_text(INJECTED_TARGETS, encoding="utf-8")
    (root / "data" / "2020.yaml").write_text(INJECTED_2020, encoding="utf-8")
    (root / "data" / "2021.yaml").write_text(INJECTED_2021, encoding="utf-8")
    return root


def csv_rows(result) -> list[dict]:
    assert result.exit_code == 0, result
    return list(csv.DictReader(io.StringIO(result.stdout_bytes.decode("utf-8"), newline="")))


def test_no_csv_cell_is_a_formula(injected_root, run_cli):
    root = ("--root", str(injected_root))
    firms, talents = csv_rows(run_cli("status", "2021", "-f", "csv", *root))
    assert (firms["group"], firms["name"], firms["unit"]) == (
        "'+1+1",
        '\'=HYPERLINK("http://evil.example","点击")',
        "'@SUM(1)",
    )
    assert talents["actual"] == "-5"  # a number, not text: no quote

    (firms,) = [r for r in csv_rows(run_cli("indicators", "-f", "csv", *root)) if r["id"] == "firms"]
    assert (firms["name"], firms["unit"]) == ('\'=HYPERLINK("http://evil.example","点击")', "'@SUM(1)")

    regions = csv_rows(run_cli("compare", "firms", "-f", "csv", *root))
    assert [r["region"] for r in regions] == ["'=cmd|' /C calc'!A0", "测试区"]  # 90 ranks above 86

    units = csv_rows(run_cli("units", "2021", "-f", "csv", *root))
    assert [r["sub_unit"] for r in units][:2] == ["'-2+3+cmd|' /C calc'!A0", "黄桥镇"]

    first, second = csv_rows(run_cli("plan", "-f", "csv", *root))  # the plans in one CSV
    assert (first["plan"], first["name"], first["unit"]) == (
        "p",
        '\'=HYPERLINK("http://evil.example","点击")',
        "'@SUM(1)",
    )
    assert (second["plan"], second["name"], second["latest_value"]) == ("q", "引进人才", "-5")


# ---- item 6: control characters -------------------------------------------------------------

EVIL_KEY = '"x\\n::warning file=evil.py::pwned"'


def test_a_key_with_a_line_break_is_refused(base_root, run_cli):
    append(base_root / "data" / "2021.yaml", f"units:\n  {EVIL_KEY}:\n    firms: 3\n")
    result = run_cli("check", "--root", str(base_root))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "data/2021.yaml:10:3: error[control-character]: 'x\\n::warning file=evil.py::pwned' holds U+000A "
        "(line break); a key is one line of plain text",
        "sciplan: 1 error in 1 file",
    ]


def test_github_format_prints_no_workflow_command_of_the_files(base_root, run_cli):
    append(base_root / "data" / "2021.yaml", f"peers:\n  {EVIL_KEY}:\n    firms: 3\n")
    result = run_cli("check", "--root", str(base_root), "-f", "github")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith("::error file=")
    assert "::warning" not in lines[0].split("::", 2)[2].replace("\\n::warning", "")
    result = run_cli("status", "2021", "--root", str(base_root))
    assert result.exit_code == 1
    assert not any(line.startswith("::") for line in result.stderr.splitlines())


@pytest.mark.parametrize(
    ("old", "new", "line"),
    [
        (
            "name: 新增高企",
            'name: "\\e]0;pwned\\a新增高企"',  # an OSC sequence: sets the terminal's title
            "targets.yaml:5:11: error[control-character]: '\\x1b]0;pwned\\x07新增高企' holds U+001B (ESC); "
            "text in sciplan files holds no control characters",
        ),
        (
            "name: 新增高企",
            "name: 新增\u202e企高",  # written as is, not escaped: YAML lets it through
            "targets.yaml:5:11: error[control-character]: '新增\\u202e企高' holds U+202E "
            "(RIGHT-TO-LEFT OVERRIDE); text in sciplan files holds no control characters",
        ),
        (
            "unit: 家",
            'unit: "\\e[2J家"',
            "targets.yaml:6:11: error[control-character]: '\\x1b[2J家' holds U+001B (ESC); "
            "text in sciplan files holds no control characters",
        ),
        (
            "name: 新增高企",
            'name: "新增\\n高企"',
            "targets.yaml:5:11: error[control-character]: indicators.firms.name: '新增\\n高企' holds U+000A "
            "(line break); write it on one line",
        ),
        (  # a tag character: invisible, so two names read alike (attacker trial 3)
            "name: 新增高企",
            "name: 新增\U000e0041高企",
            "targets.yaml:5:11: error[control-character]: '新增\\U000e0041高企' holds U+E0041 "
            "(TAG LATIN CAPITAL LETTER A); text in sciplan files holds no control characters",
        ),
        (  # the Hangul filler: blank, not a space
            "name: 新增高企",
            "name: 新增\u3164高企",
            "targets.yaml:5:11: error[control-character]: '新增\u3164高企' holds U+3164 "
            "(HANGUL FILLER); text in sciplan files holds no control characters",
        ),
        (
            "name: 新增高企",
            'name: "新增\\t高企"',
            "targets.yaml:5:11: error[control-character]: '新增\\t高企' holds U+0009 (tab); "
            "text in sciplan files holds no control characters",
        ),
        (
            "region: 测试区",
            'region: "测试区\\u0085"',  # NEL, a C1 control
            "targets.yaml:2:9: error[control-character]: '测试区\\x85' holds U+0085 (NEL); "
            "text in sciplan files holds no control characters",
        ),
    ],
)
def test_control_characters_are_refused(base_root, run_cli, old, new, line):
    replace(base_root / "targets.yaml", old, new)
    result = run_cli("check", "--root", str(base_root))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == line


def test_a_note_may_span_lines_but_a_task_may_not(base_root, run_cli):
    replace(
        base_root / "targets.yaml",
        "    name: 引进人才\n",
        "    name: 引进人才\n    note: |\n      第一行\n      第二行\n",
    )
    append(base_root / "targets.yaml", 'milestones:\n  - {id: rules, task: "发布\\n办法", due: 2021Q4}\n')
    result = run_cli("check", "--root", str(base_root))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "targets.yaml:30:23: error[control-character]: milestones[0].task: '发布\\n办法' holds U+000A "
        "(line break); write it on one line",
        "sciplan: 1 error in 1 file",
    ]


def test_a_problem_line_is_one_line_whatever_it_holds():
    from sciplan.core.problem import Problem

    problem = Problem("data/x\n::warning::y.yaml", 1, 1, "error", "file-name", "bad \x1b[2J\u202e name")
    assert str(problem) == "data/x\\n::warning::y.yaml:1:1: error[file-name]: bad \\x1b[2J\\u202e name"


# ---- item 12: plausible after conversion and formulas -----------------------------------------


def test_a_converted_value_beyond_15_digits_is_refused():
    # 999999999999999万亿元 = 999999999999999 × 10^8 万元: 23 digits
    assert refused("999999999999999万亿元", "万元") == (
        "out-of-range",
        "999999999999999万亿元 (in 万元) is implausibly large: sciplan reads up to 15 digits",
    )
    assert parse_value("99999万亿元", "万元").value == Decimal(9999900000000)  # 13 digits: fine


def test_a_formula_beyond_plausibility_is_refused(base_root, run_cli):
    formula = "*".join(["loans"] * 80)  # 479 characters
    append(
        base_root / "targets.yaml",
        f"  big:\n    name: 大数\n    unit: 万元\n    targets: {{2021: 5}}\n    formula: {formula}\n",
    )
    result = run_cli("check", "--root", str(base_root))
    # 2020: 10000^80 = 10^320, 321 digits; 2021: 11000^80 = 1.1^80 × 10^320 ≈ 2048 × 10^320, 324 digits
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "targets.yaml:30:14: error[out-of-range]: indicators.big.formula: in 2020, the formula gives a number "
        "of 321 digits, more than the 15 a figure can have; check the units of the values it uses",
        "targets.yaml:30:14: error[out-of-range]: indicators.big.formula: in 2021, the formula gives a number "
        "of 324 digits, more than the 15 a figure can have; check the units of the values it uses",
        "sciplan: 2 errors in 1 file",
    ]
    # OverflowError before; then a quiet `missing`/`pending` row. Now the same located errors, as for
    # any broken data: no figure is shown from it
    for args in (["status", "2021", "-f", "json"], ["trend", "big", "-f", "json"]):
        result = run_cli(*args, "--root", str(base_root))
        assert result.exit_code == 1, result
        assert result.stdout == ""
        assert result.stderr.splitlines()[2] == (
            "sciplan: error: 2 errors in the data; nothing was computed; `sciplan check` lists every problem"
        )
        assert result.stderr.splitlines()[0].startswith("targets.yaml:30:14: error[out-of-range]: ")


def test_a_plan_projection_beyond_a_double_is_none(base_root, run_cli):
    replace(base_root / "data" / "2020.yaml", "talents: 10", "talents: 0.0000000001")
    replace(base_root / "data" / "2021.yaml", "talents: 12", "talents: 999999999999999")
    append(
        base_root / "targets.yaml",
        "plans:\n  - {id: p, name: 计划, baseline: 2020, end: 2200, targets: {talents: 999999999999999}}\n",
    )
    # a year's growth of 10^25 ×, compounded over 179 more years: 10^4475, beyond any double
    result = run_cli("plan", "--root", str(base_root), "-f", "json")
    assert result.exit_code == 0, result
    (row,) = json.loads(result.stdout)["plans"][0]["indicators"]
    assert row["projected"] is None
    assert run_cli("plan", "--root", str(base_root)).exit_code == 0


# ---- item 18: echoed input is cut -----------------------------------------------------------


def test_a_ten_megabyte_value_is_not_echoed_whole(base_root, run_cli):
    replace(base_root / "data" / "2021.yaml", "firms: 86", "firms: " + "1" * 10_000_000)
    replace(base_root / "data" / "2021.yaml", "year: 2021", "year: " + "2" * 100)
    result = run_cli("check", "--root", str(base_root))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "data/2021.yaml:1:1: error[year]: year: '2222222222222222222222222222222222222222…' is not a year (1900–2200)",
        "data/2021.yaml:4:10: error[out-of-range]: actuals.firms: '1111111111111111111111111111111111111111…' "
        "(10,000,000 characters) is too long to be a number",
        "sciplan: 2 errors in 1 file",
    ]


def test_a_long_key_is_cut_in_the_path_and_the_message(base_root, run_cli):
    append(base_root / "data" / "2021.yaml", "units:\n  " + "园" * 50 + ":\n    firms: 3\n")
    result = run_cli("check", "--root", str(base_root))
    cut = "'" + "园" * 40 + "…'"
    assert result.stderr.splitlines()[0] == (
        f"data/2021.yaml:10:3: error[unknown-unit]: units.{cut}: unknown unit {cut}; "
        "list it under units: in targets.yaml"
    )


# ---- item 19: look-alike names ---------------------------------------------------------------


@pytest.mark.parametrize("spelling", [" 测试区", "测试区 ", "测试区\u200b", "\ufeff测试区"])
def test_a_peer_spelt_like_the_region_is_refused(base_root, run_cli, spelling):
    append(base_root / "data" / "2021.yaml", f'peers:\n  "{spelling}": {{firms: 99}}\n  泰州: {{firms: 80}}\n')
    result = run_cli("check", "--root", str(base_root))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"data/2021.yaml:10:3: error[invalid]: peers.{spelling!r}: that is the region itself; "
        "its values go under actuals:"
    )


def test_full_width_region_name_is_the_region(base_root, run_cli):
    replace(base_root / "targets.yaml", "region: 测试区", "region: R")
    append(base_root / "data" / "2021.yaml", "peers:\n  Ｒ: {firms: 99}\n")
    result = run_cli("check", "--root", str(base_root))
    assert result.stderr.splitlines()[0] == (
        "data/2021.yaml:10:3: error[invalid]: peers.Ｒ: that is the region itself; its values go under actuals:"
    )


def test_compare_never_shows_the_region_twice(base_root):
    from sciplan.app.loader import load_project
    from sciplan.compute.peers import compare

    append(base_root / "data" / "2021.yaml", "peers:\n  泰州: {firms: 80}\n")
    project = load_project(base_root)
    # a peer spelt like the region, as a cache of an older sciplan could still hold it
    project.years[2021].peers[" 测试区\u200b"] = project.years[2021].peers["泰州"]
    rows = compare(project, project.catalogue.indicators["firms"], 2021).rows
    assert [(r.region, r.self) for r in rows] == [("测试区", True), ("泰州", False)]


def test_two_spellings_of_a_peer_are_a_duplicate(base_root, run_cli):
    append(base_root / "data" / "2021.yaml", 'peers:\n  泰州: {firms: 80}\n  "泰州\u200b": {firms: 81}\n')
    result = run_cli("check", "--root", str(base_root))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "data/2021.yaml:11:3: error[duplicate-key]: peers.'泰州\\u200b': '泰州\\u200b' is '泰州' again, "
        "written differently; give each once"
    )


def test_look_alike_units(base_root, run_cli):
    replace(base_root / "targets.yaml", "region: 测试区\n", 'region: 测试区\nunits: [U1, " U1", "U1\u200b", 测试区]\n')
    result = run_cli("check", "--root", str(base_root))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:3] == [
        "targets.yaml:3:13: error[invalid]: units[1]: ' U1' is listed twice (as 'U1')",
        "targets.yaml:3:20: error[invalid]: units[2]: 'U1\\u200b' is listed twice (as 'U1')",
        "targets.yaml:3:27: error[invalid]: units[3]: '测试区' is the region itself",
    ]


def test_a_unit_spelt_differently_in_a_data_file(base_root, run_cli):
    replace(base_root / "targets.yaml", "region: 测试区\n", "region: 测试区\nunits: [U1, U2]\n")
    append(base_root / "data" / "2021.yaml", 'units:\n  " U1": {firms: 50}\n  U2: {firms: 36}\n')
    result = run_cli("units", "2021", "--root", str(base_root), "-f", "json")
    assert result.exit_code == 0, result
    assert [u["unit"] for u in json.loads(result.stdout)["units"]] == ["U1", "U2"]  # as targets.yaml spells it
    append(base_root / "data" / "2021.yaml", "  U1: {firms: 51}\n")
    result = run_cli("check", "--root", str(base_root))
    assert result.stderr.splitlines()[0] == (
        "data/2021.yaml:12:3: error[duplicate-key]: units.U1: 'U1' is ' U1' again, written differently; give each once"
    )


# ---- item 20: nothing to show; shares ---------------------------------------------------------


def test_trend_with_nothing_in_the_years_asked_exits_1(base_root, run_cli):
    result = run_cli("trend", "firms", "--from", "2200", "--to", "2200", "--root", str(base_root))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "sciplan: error: firms has no target and no value in 2200; years with a target or value: 2020–2021\n"
    )
    result = run_cli("trend", "firms", "--from", "2022", "--to", "2030", "--root", str(base_root))
    assert result.exit_code == 1
    assert result.stderr.endswith("no value in 2022–2030; years with a target or value: 2020–2021\n")
    assert run_cli("trend", "firms", "--from", "2021", "--to", "2030", "--root", str(base_root)).exit_code == 0


@pytest.mark.parametrize(("value", "shown"), [("150", "150"), ("-5", "-5"), ("100.5", "100.5")])
def test_a_share_outside_0_to_100_is_a_warning(base_root, run_cli, value, shown):
    replace(base_root / "data" / "2021.yaml", "rd: 2.65", f"rd: {value}")
    result = run_cli("check", "--root", str(base_root))
    assert result.exit_code == 0
    assert (
        f"data/2021.yaml:5:7: warning[share-range]: actuals.rd: {shown}% is outside 0–100%; "
        "研发投入强度 is a share (kind: ratio), which cannot be"
    ) in result.stderr.splitlines()


def test_findings_are_located_in_the_documents_loading_parsed(base_root, monkeypatch):
    """A rule's finding takes its position from the document parsed while loading: no file is
    parsed a second time (a second parse of other bytes could point at the wrong line)."""
    from sciplan.app.loader import load_checked
    from sciplan.load import parser

    replace(base_root / "data" / "2021.yaml", "rd: 2.65", "rd: 150")
    parsed, real = [], parser.parse
    monkeypatch.setattr(parser, "parse", lambda text, file: parsed.append(file) or real(text, file))
    _project, findings = load_checked(base_root, use_cache=False)
    [found] = [p for p in findings if p.code == "share-range"]
    # "  rd: 150" is line 5 of data/2021.yaml (year, final, actuals, firms, rd); "  rd: " is 6 characters
    assert (found.file, found.line, found.column) == ("data/2021.yaml", 5, 7)
    assert parsed.count("data/2021.yaml") == 1 and len(parsed) == len(set(parsed))


def test_a_share_of_0_or_100_is_fine(base_root, run_cli):
    replace(base_root / "data" / "2021.yaml", "rd: 2.65", "rd: 100")
    replace(base_root / "data" / "2020.yaml", "rd: 2.6", "rd: 0")
    result = run_cli("check", "--root", str(base_root))
    assert "share-range" not in result.stderr


def test_a_peer_share_outside_0_to_100_is_a_warning(base_root, run_cli):
    append(base_root / "data" / "2021.yaml", "peers:\n  泰州: {rd: 120}\n")
    result = run_cli("check", "--root", str(base_root))
    assert result.stderr.splitlines()[0] == (
        "data/2021.yaml:10:12: warning[share-range]: peers.泰州.rd: 120% is outside 0–100%; "
        "研发投入强度 is a share (kind: ratio), which cannot be"
    )


@pytest.mark.parametrize(
    ("old", "new", "line"),
    [
        (  # a name starts a row of plain and CSV output: this line would fail the CI job
            "region: 测试区",
            'region: "::error::pwned"',
            "targets.yaml:2:9: error[workflow-command]: '::error::pwned' starts a line with '::', "
            "which CI logs read as a workflow command",
        ),
        (  # GitHub trims the spaces before `::`
            "name: 新增高企",
            'name: "  ::warning file=evil.py::x"',
            "targets.yaml:5:11: error[workflow-command]: '  ::warning file=evil.py::x' starts a line with '::', "
            "which CI logs read as a workflow command",
        ),
        (  # a note may span lines, but none may start with `::` (the block starts at `|`, line 25)
            "    name: 引进人才\n",
            "    name: 引进人才\n    note: |\n      第一行\n      ::add-mask::x\n",
            "targets.yaml:25:11: error[workflow-command]: '第一行\\n::add-mask::x\\n' starts a line with '::', "
            "which CI logs read as a workflow command",
        ),
    ],
)
def test_text_that_could_pass_for_a_workflow_command_is_refused(base_root, run_cli, old, new, line):
    replace(base_root / "targets.yaml", old, new)
    result = run_cli("check", "--root", str(base_root))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == line


def test_two_colons_inside_a_name_are_fine(base_root, run_cli):
    replace(base_root / "targets.yaml", "name: 新增高企", 'name: "新增高企 a::b"')
    assert run_cli("check", "--root", str(base_root)).exit_code == 0


@pytest.mark.parametrize("name", ["新增高企", "新增高企\u200b", " 新增高企"])
def test_two_indicators_of_one_name_are_refused(base_root, run_cli, name):
    """talents (line 24) named like firms (line 5): a table could not tell them apart, and
    `trend 新增高企` would pick one silently."""
    replace(base_root / "targets.yaml", "    name: 引进人才", f"    name: {json.dumps(name, ensure_ascii=True)}")
    result = run_cli("check", "--root", str(base_root))
    assert result.exit_code == 1
    shown = repr(name)
    assert result.stderr.splitlines()[0] == (
        f"targets.yaml:24:11: error[duplicate-name]: indicators.talents.name: {shown} is already the name of "
        "firms; give each indicator its own name"
    )


@pytest.mark.parametrize(
    "unit, why",
    [
        ("万\u2060元", "U+2060 (WORD JOINER) is an invisible character; delete it"),
        ("u\u200d", "U+200D (ZERO WIDTH JOINER) is an invisible character; delete it"),
        ("\u00ad亿元", "U+00AD (SOFT HYPHEN) is an invisible character; delete it"),
        ("٣", "a unit begins with a digit or a point ('٣'), which reads as part of the number"),
        ("3家", "a unit begins with a digit or a point ('3家'), which reads as part of the number"),
        (".5", "a unit begins with a digit or a point ('.5'), which reads as part of the number"),
    ],
)
def test_a_unit_is_visible_and_begins_with_no_digit(base_root, run_cli, unit, why):
    """Attacker trial 6: 万⁠元 passed check and reached every output (the Word draft tripled its
    joiner); `٣` made `距目标10٣还差4.00٣` read as numbers."""
    text = (base_root / "targets.yaml").read_text(encoding="utf-8")
    first = text.index("unit: ")
    end = text.index("\n", first)
    (base_root / "targets.yaml").write_text(
        text[:first] + f"unit: {unit!r}".replace("'", '"') + text[end:], encoding="utf-8"
    )
    line = text[:first].count("\n") + 1
    result = run_cli("check", "--root", str(base_root))
    assert result.exit_code == 1
    assert f"targets.yaml:{line}:11: error[control-character]: " in result.stderr
    assert why in result.stderr
