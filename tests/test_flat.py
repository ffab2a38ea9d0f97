"""`sciplan flat FILE`: one fact per line, and `git diff` through it as a textconv."""

from __future__ import annotations

import pytest
from gitrepo import Repo

TARGETS = """\
region: 测试市
indicators:
  hightech_total:
    name: 有效期内高企
    unit: 家
    kind: stock
    targets: {2022: "> 260"}
  tech_contract_value:
    name: 技术合同成交额
    unit: 亿元
"""

YEAR = """\
year: 2022
as_of: 2022-09-30
actuals:
  hightech_total: {value: 268, stage: 预计, source: 三季度报告}
  tech_contract_value: 5.6
months:
  6: {tech_contract_value: 3.1}
"""


@pytest.fixture
def root(tmp_path):
    root = tmp_path / "repo"
    (root / "data").mkdir(parents=True)
    (root / "targets.yaml").write_text(TARGETS, encoding="utf-8")
    (root / "data" / "2022.yaml").write_text(YEAR, encoding="utf-8")
    return root


def test_flat_prints_one_fact_per_line(root, run_cli):
    result = run_cli("flat", str(root / "data" / "2022.yaml"))
    assert result.exit_code == 0, result
    assert result.stdout.splitlines() == [
        "year = 2022",
        "as_of = 2022-09-30",
        "actuals.hightech_total = 268 家 [预计] (source: 三季度报告)",
        "actuals.tech_contract_value = 5.60 亿元",
        "months.6.tech_contract_value = 3.10 亿元",
    ]


def test_flat_never_hides_a_digit(root, run_cli):
    """3.104 亿元 shows all its digits, though 亿元 shows two decimals: a revision must show."""
    (root / "data" / "2022.yaml").write_text(YEAR.replace("3.1}", "3.104}"), encoding="utf-8")
    assert "months.6.tech_contract_value = 3.104 亿元" in run_cli("flat", str(root / "data/2022.yaml")).stdout


def test_flat_of_targets(root, run_cli):
    lines = run_cli("flat", str(root / "targets.yaml")).stdout.splitlines()
    assert lines[0] == "region = 测试市"
    assert "indicators.hightech_total.targets.2022 = > 260" in lines


def test_flat_of_a_broken_file(root, run_cli):
    """A value that is no number is shown as written, and the error located; exit 1."""
    (root / "data" / "2022.yaml").write_text(YEAR.replace("5.6", "xx"), encoding="utf-8")
    result = run_cli("flat", str(root / "data" / "2022.yaml"))
    assert result.exit_code == 1
    assert "actuals.tech_contract_value = xx" in result.stdout.splitlines()
    assert "2022.yaml:5:24: error[placeholder]:" in result.stderr
    # as a textconv it never fails: git would stop the whole diff
    assert run_cli("flat", "--textconv", str(root / "data" / "2022.yaml")).exit_code == 0


@pytest.mark.parametrize(("written", "shown"), [("1e100000000", "1E+100000000"), ("1e-100000000", "1E-100000000")])
def test_flat_shows_a_refused_exponent_as_written(root, run_cli, written, shown):
    """A 22-byte `1e100000000` is refused (out of range) and shown in exponent form, not expanded into
    100,000,001 digits (which took 3 s and 430 MB before the one-line refusal)."""
    (root / "data" / "2022.yaml").write_text(YEAR.replace("5.6", written), encoding="utf-8")
    result = run_cli("flat", str(root / "data" / "2022.yaml"))
    assert result.exit_code == 1 and "error[out-of-range]" in result.stderr
    assert f"actuals.tech_contract_value = {shown}" in result.stdout.splitlines()
    assert len(result.stdout) < 400


def test_flat_of_invalid_yaml(root, run_cli):
    (root / "data" / "2022.yaml").write_text("actuals: [1,\n", encoding="utf-8")
    result = run_cli("flat", str(root / "data" / "2022.yaml"))
    assert result.exit_code == 1 and "error[yaml-syntax]" in result.stderr
    conv = run_cli("flat", "--textconv", str(root / "data" / "2022.yaml"))
    assert (conv.exit_code, conv.stdout) == (0, "actuals: [1,\n")


def test_flat_of_a_missing_file(tmp_path, run_cli):
    result = run_cli("flat", str(tmp_path / "2022.yaml"))
    assert result.exit_code == 1
    assert result.stderr.startswith("sciplan: error: ")
    assert "Traceback" not in result.stderr


def test_git_diff_speaks_in_figures(root, run_cli):
    """`sciplan new`'s .gitattributes and the README's git config line: plain `git diff` shows figures."""
    new = run_cli("new", str(root.parent / "fresh"))
    assert new.exit_code == 0, new
    (root / ".gitattributes").write_bytes((root.parent / "fresh" / ".gitattributes").read_bytes())
    repo = Repo(root)
    repo.sciplan_textconv()
    repo.commit("2022年三季度数据")
    (root / "data" / "2022.yaml").write_text(
        YEAR.replace("{value: 268, stage: 预计, source: 三季度报告}", "{value: 270, stage: 快报}"), encoding="utf-8"
    )
    diff = repo.git("diff").stdout.splitlines()
    assert "-actuals.hightech_total = 268 家 [预计] (source: 三季度报告)" in diff
    assert "+actuals.hightech_total = 270 家 [快报]" in diff
    assert not any("stage: 预计" in line for line in diff)  # not YAML lines
    # and git log -p after the commit
    repo.commit("快报")
    log = repo.git("log", "-p", "-1").stdout.splitlines()
    assert "+actuals.hightech_total = 270 家 [快报]" in log
