"""`sciplan import` reads the stage the 统计局's footnote gives its figures (`注：1.本表数据为快报数，以年报为准`)
and writes it with them (`stage: 快报`), as `set --stage` does, so `status` marks them `*` until revised; the
dry-run table shows it; `stage:` in import/<source>.yaml overrides the footnote (issue 20)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from conftest import write_root

TARGETS = """\
region: 测试区
indicators:
  tech_contract_value: {name: 技术合同成交额, unit: 亿元}
  patent_grants: {name: 专利授权量, unit: 件}
"""
Y2023 = "year: 2023\nas_of: 2023-06-30\nactuals:\n  tech_contract_value: 5.6\n"


@pytest.fixture
def root(tmp_path) -> Path:
    return write_root(tmp_path / "root", TARGETS, {2023: Y2023})


def sheet(folder: Path, notes: list[str], name: str = "2023年1-6月科技快报.xlsx") -> Path:
    """技术合同成交额 6.2 亿元 (C3), 专利授权量 1850 件 (C4), then the footnotes from A5 down."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "主要指标"
    for row in [["2023年1-6月主要科技指标"], ["指标名称", "计量单位", "1-6月累计"]]:
        ws.append(row)
    ws.append(["技术合同成交额", "亿元", 6.2])
    ws.append(["专利授权量", "件", 1850])
    for note in notes:
        ws.append([note])
    path = folder / name
    wb.save(path)
    return path


FOOTNOTE = "注：1.本表数据为快报数，以年报为准"


def test_the_footnotes_stage_is_written_with_the_figures(root, tmp_path, run_cli):
    path = sheet(tmp_path, [FOOTNOTE, "    2.专利数据来源于市场监管局"])
    dry = run_cli("import", str(path), "--dry-run", "--root", str(root))
    assert dry.exit_code == 0, dry
    assert "5.6 → 6.2 (快报)" in dry.stdout and "— → 1850 (快报)" in dry.stdout
    assert "1 new, 1 changed, 0 unchanged" in dry.stdout
    assert (
        "stage: 快报, written with the figures: the footnote says so "
        "(2023年1-6月科技快报.xlsx!主要指标!A5: 注：1.本表数据为快报数，以年报为准)"
    ) in dry.stdout
    assert (root / "data" / "2023.yaml").read_text(encoding="utf-8") == Y2023
    assert run_cli("import", str(path), "--root", str(root)).exit_code == 0
    year = (root / "data" / "2023.yaml").read_text(encoding="utf-8")
    assert "tech_contract_value: {value: 6.2, stage: 快报}" in year
    assert "value: 1850" in year and year.count("stage: 快报") == 2
    status = run_cli("status", "2023", "--root", str(root))
    assert "6.20*" in status.stdout and "1850*" in status.stdout, status.stdout  # provisional: marked
    again = run_cli("import", str(path), "--root", str(root))
    assert "0 new, 0 changed, 2 unchanged" in again.stdout


def test_the_mapping_stage_overrides_the_footnote(root, tmp_path, run_cli):
    (root / "import").mkdir()
    (root / "import" / "科技快报.yaml").write_text("stage: 年报\n", encoding="utf-8")
    path = sheet(tmp_path, [FOOTNOTE])
    result = run_cli("import", str(path), "--root", str(root))
    assert result.exit_code == 0, result
    assert "5.6 → 6.2 (年报)" in result.stdout
    assert "stage: 年报, written with the figures, as import/科技快报.yaml says" in result.stdout
    year = (root / "data" / "2023.yaml").read_text(encoding="utf-8")
    assert "tech_contract_value: {value: 6.2, stage: 年报}" in year and "快报" not in year
    status = run_cli("status", "2023", "--root", str(root))
    assert "6.20*" not in status.stdout and "6.20" in status.stdout  # an annual figure is settled


def test_a_stage_the_file_has_not_yet_is_a_change(root, tmp_path, run_cli):
    """The file holds 6.2 without a stage; the same 6.2 as a 快报 changes the file, so it is `changed`."""
    (root / "data" / "2023.yaml").write_text(Y2023.replace("5.6", "6.2"), encoding="utf-8")
    result = run_cli("import", str(sheet(tmp_path, [FOOTNOTE])), "--dry-run", "--root", str(root))
    assert "6.2 → 6.2 (快报)" in result.stdout and "1 new, 1 changed, 0 unchanged" in result.stdout


@pytest.mark.parametrize(
    ("note", "stage"),
    [
        ("注：本表为快报数据", "快报"),
        ("注：地区生产总值为初步核算数", "快报"),  # 初步核算: a provisional figure, marked as a 快报 is
        ("注：12月为预计数", "预计"),
        ("说明：本表数据系年报数", "年报"),
        ("注：本期为快报数，上年同期为年报数", "快报"),  # this period's; last year's said apart
    ],
)
def test_the_words_the_statistics_bureau_writes(root, tmp_path, run_cli, note, stage):
    result = run_cli("import", str(sheet(tmp_path, [note])), "--dry-run", "--root", str(root))
    assert f"5.6 → 6.2 ({stage})" in result.stdout, result


@pytest.mark.parametrize(
    "note",
    [
        "注：本表数据以统计年报数据为准",  # what the figures will be revised to, not their stage
        "注：规模以上工业统计范围为年主营业务收入2000万元及以上的工业法人单位",
        "资料来源：市统计局统计快报",  # the publication's name
        "注：上年同期数据为年报数",  # last year's stage, not this table's (attacker trial 3)
        "注：本表数据不是预计数",  # a denial (attacker trial 3)
    ],
)
def test_a_footnote_naming_no_stage_writes_none(root, tmp_path, run_cli, note):
    result = run_cli("import", str(sheet(tmp_path, [note])), "--dry-run", "--root", str(root))
    assert "5.6 → 6.2 " in result.stdout and "(" not in result.stdout.split("\n")[2], result
    assert "stage:" not in result.stdout


def test_footnotes_naming_two_stages_are_an_error(root, tmp_path, run_cli):
    path = sheet(tmp_path, ["注：1.1-5月为年报数", "2.6月为快报数"])
    result = run_cli("import", str(path), "--dry-run", "--root", str(root))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "2023年1-6月科技快报.xlsx!主要指标!A6: error[import-stage]: the footnotes say the figures are 年报, 快报; "
        "write the stage in the mapping file (stage: 快报), then import"
    ), result
    assert (root / "data" / "2023.yaml").read_text(encoding="utf-8") == Y2023


def test_a_stage_that_is_none_is_refused_at_the_setting(root, tmp_path, run_cli):
    (root / "import").mkdir()
    (root / "import" / "科技快报.yaml").write_text("stage: 快讯\n", encoding="utf-8")
    result = run_cli("import", str(sheet(tmp_path, [])), "--dry-run", "--root", str(root))
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "import/科技快报.yaml:1:8: error[out-of-range]: stage: '快讯' is not a stage; "
        "write one of 预计, 快报, 年报, 公报"
    ), result


def test_the_starter_mentions_the_stage(root, tmp_path, run_cli):
    assert run_cli("import", str(sheet(tmp_path, [FOOTNOTE])), "--root", str(root)).exit_code == 0
    starter = (root / "import" / "科技快报.yaml").read_text(encoding="utf-8")
    assert "\n# stage: 快报\n" in starter and "注：本表数据为快报数，以年报为准 -> 快报" in starter
