"""The mapping file `import` keeps per source (import/<name>.yaml): written so that any sheet name reads back,
and every setting checked at the setting before a table is read (issue 20, findings on the mapping file)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import write_root
from sciplan.core.chars import control_problem
from sciplan.load.parser import parse
from sciplan.validate import mapping

TARGETS = """\
region: 测试区
indicators:
  tech_contract_value: {name: 技术合同成交额, unit: 亿元}
  patent_grants: {name: 专利授权量, unit: 件}
"""
Y2023 = "year: 2023\nfinal: false\nas_of: 2023-09-30\nactuals:\n  tech_contract_value: 5.6\n"
MAPPING = "sheet: 主要指标\nheader_row: 2\nvalue_column: 累计\nrows: {}\n"


@pytest.fixture
def root(tmp_path):
    return write_root(tmp_path / "root", TARGETS, {2023: Y2023})


def _xlsx(tmp_path, sheet: str = "主要指标", name: str = "2023年1-9月月报.xlsx"):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for row in [["2023年1-9月主要科技指标"], ["指标名称", "计量单位", "1-9月累计"], ["技术合同成交额", "亿元", 5.7]]:
        ws.append(row)
    path = tmp_path / name
    wb.save(path)
    return path


# ---- settings that cannot be meant: located at the setting, nothing written ------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("header_row: -1", "import/月报.yaml:2:13: error[out-of-range]: header_row: must be at least 1, got '-1'"),
        (
            "header_row: 99999999999",
            "import/月报.yaml:2:13: error[out-of-range]: header_row: must be at most 1048576, got 99999999999",
        ),
        ("header_row: 1.5", "import/月报.yaml:2:13: error[type]: header_row: expected a whole number, got 1.5"),
        ("scale: 1e400", "import/月报.yaml:2:8: error[out-of-range]: scale: 1E+400 is not a unit figures can be"),
        ("scale: 亿亿元", "import/月报.yaml:2:8: error[out-of-range]: scale: '亿亿元' is not a unit figures can be"),
        ('scale: "%"', "import/月报.yaml:2:8: error[out-of-range]: scale: '%' is not a unit figures can be read in"),
        ("missing: [5.7]", "import/月报.yaml:2:11: error[type]: missing[0]: 5.7 is a figure, not a mark"),
        ("rows: []", "import/月报.yaml:2:7: error[type]: rows: expected a mapping of row labels to indicator ids"),
        ("value_column: [1,2]", "import/月报.yaml:2:15: error[type]: value_column: expected text (a column's header)"),
        ("value_column: 99", "import/月报.yaml:2:15: error[type]: value_column: a column's header is text"),
        (
            "sheet: '../x'",
            "import/月报.yaml:2:8: error[mapping-sheet]: sheet: '../x' is no sheet of 2023年1-9月月报.xlsx",
        ),
        ("header_row: 50", "import/月报.yaml:2:13: error[mapping-header-row]: header_row: 50 is past the last row"),
        ("rows: {x: zzz}", "import/月报.yaml:2:11: error[unknown-indicator]: rows: x: unknown indicator 'zzz'"),
    ],
)
def test_bad_setting_is_located_and_nothing_is_written(root, tmp_path, run_cli, line, expected):
    key = line.split(":")[0]
    (root / "import").mkdir()
    # the bad setting on line 2: the comment, then it, then the others
    kept = "# 月报\n" + line + "\n" + "".join(f"{x}\n" for x in MAPPING.splitlines() if not x.startswith(key))
    (root / "import" / "月报.yaml").write_text(kept, encoding="utf-8")
    result = run_cli("import", str(_xlsx(tmp_path)), "--root", str(root))
    assert result.exit_code == 1, result
    assert result.stderr.startswith(expected), result
    assert result.stderr.strip().endswith("1 error in import/月报.yaml; nothing was written"), result
    assert (root / "data" / "2023.yaml").read_text(encoding="utf-8") == Y2023
    assert (root / "import" / "月报.yaml").read_text(encoding="utf-8") == kept


def test_good_settings_import(root, tmp_path, run_cli):
    (root / "import").mkdir()
    (root / "import" / "月报.yaml").write_text(MAPPING + "scale: 万元\nmissing: [暂无]\n", encoding="utf-8")
    result = run_cli("import", str(_xlsx(tmp_path)), "--dry-run", "--root", str(root))
    assert result.exit_code == 0, result
    assert "5.6 → 5.7" in result.stdout


# ---- sheet names: the starter quotes them so that the next import reads them back ---------------------------

NAMES = ["2024", "- x", "x #y", "'q", '"dq"', "@x", "%x", "!x", "{x}", " lead", "trail ", "#x", "a, b", "1e5", "null"]


@pytest.mark.parametrize("name", NAMES)
def test_hostile_sheet_name_survives_the_next_import(root, tmp_path, run_cli, name):
    path = _xlsx(tmp_path, name)
    first = run_cli("import", str(path), "--root", str(root))
    assert first.exit_code == 0, first
    starter = (root / "import" / "月报.yaml").read_text(encoding="utf-8")
    assert parse(starter, "x")[0].data["sheet"] == name
    again = run_cli("import", str(path), "--root", str(root))
    assert again.exit_code == 0, again
    assert "0 new, 0 changed, 1 unchanged" in again.stdout


def _reads_back(name: str) -> None:
    text = mapping.starter("月报", name, 2, "累计", None)
    doc, problems = parse(text, "import/月报.yaml")
    assert doc is not None, problems
    shape, problems = mapping.validate(doc)
    assert shape is not None and not problems, problems
    if mapping.yaml_text(name)[0] is not None and control_problem(name, one_line=True) is None and name.strip():
        assert shape.sheet == name
    else:  # a name no sciplan file may hold: left out, the table found without it
        assert shape.sheet is None
    assert (shape.header_row, shape.value_column) == (2, "累计")


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=31))
def test_property_any_sheet_name_round_trips(name):
    _reads_back(name)


def test_control_characters_in_a_sheet_name():
    _reads_back("../../etc/x<script>\u202e")
    _reads_back("a\nb")
    _reads_back("   ")
