"""`sciplan diff` and `sciplan history` on real git repositories: estimate → flash → annual commits, a
renamed indicator, a moved file and a merge. Expected outputs are written by hand from the figures
below (34.6 → 34.2 → 33.42 亿元: -0.40 is -1.2% of 34.6, -0.78 is -2.3% of 34.2, -1.18 is -3.4% of 34.6;
R&D intensity 34.6/1341 = 2.580% → 33.42/1342 = 2.490%, -0.09 points)."""

from __future__ import annotations

import json
import os
import re
import subprocess
from decimal import Decimal

import pytest
from gitrepo import Repo

TARGETS = """\
region: 测试市
indicators:
  rd_expenditure: {name: 研发经费支出, unit: 亿元}
  gdp: {name: 地区生产总值, unit: 亿元}
  rd_intensity: {name: R&D经费投入强度, unit: "%", kind: ratio, formula: rd_expenditure / gdp * 100}
  tech_contract_value:
    name: 技术合同成交额
    unit: 亿元
    targets: {2022: ">= 15"}
"""
ESTIMATE = """\
as_of: 2022-12-31
actuals:
  rd_expenditure: {value: 34.6, stage: 预计}
  gdp: {value: 1341, stage: 预计}
  tech_contract_value: {value: 12, stage: 预计}
"""
FLASH = """\
as_of: 2022-12-31
actuals:
  rd_expenditure: {value: 34.2, stage: 快报}
  gdp: {value: 1345, stage: 快报}
  tech_contract_value: {value: 15.2, stage: 快报, source: 统计快报}
"""
ANNUAL = """\
final: true
actuals:
  rd_expenditure: {value: 33.42, stage: 年报}
  gdp: {value: 1342, stage: 年报}
  tech_contracts: {value: 15.2, stage: 快报, source: 统计快报}
"""


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    """estimate (张三) → flash (李四) → data/2022.yml moved to .yaml → tech_contract_value renamed
    tech_contracts → the annual figures on a branch, merged after a commit on main."""
    r = Repo(tmp_path_factory.mktemp("history") / "repo")
    r.write("targets.yaml", TARGETS)
    r.write("data/2022.yml", ESTIMATE)
    r.hashes = {"estimate": r.commit("2022年预计数")}
    r.write("data/2022.yml", FLASH)
    r.hashes["flash"] = r.commit("2022年快报", author="李四")
    r.git("mv", "data/2022.yml", "data/2022.yaml")
    r.hashes["moved"] = r.commit("改用 .yaml")
    r.write("targets.yaml", TARGETS.replace("  tech_contract_value:", "  tech_contracts:"))
    r.write("data/2022.yaml", FLASH.replace("tech_contract_value", "tech_contracts"))
    r.hashes["renamed"] = r.commit("指标代码改为 tech_contracts")
    r.git("checkout", "-q", "-b", "annual")
    r.write("data/2022.yaml", ANNUAL)
    r.hashes["annual"] = r.commit("2022年年报")
    r.git("checkout", "-q", "main")
    r.write("README.txt", "说明\n")
    r.commit("说明")
    r.git("merge", "-q", "--no-ff", "-m", "合并年报", "annual")
    return r


def cells(output: str, fmt: str) -> list[list[str]]:
    """The rows of a table as lists of cells (the title, notes and rules left out)."""
    rows = []
    for line in output.splitlines():
        if fmt == "table" and line[:1] in ("│", "┃"):
            rows.append([c.strip() for c in re.split("[│┃]", line.strip("│┃"))])
        elif fmt == "markdown" and line.startswith("|") and not line.startswith("|:") and not line.startswith("|-"):
            rows.append([c.strip() for c in line.strip("|").split("|")])
        elif fmt == "plain" and line and not line.startswith("-") and "  " in line and not line.startswith(" "):
            rows.append([c.strip() for c in re.split(r"\s{2,}", line.strip())])
    return rows


def run_in(repo, run_cli, monkeypatch, *args):
    monkeypatch.setattr(os, "environ", {**os.environ, "HOME": str(repo.path.parent / "home")})
    return run_cli(*args, "--root", str(repo.path))


HISTORY_ROWS = [
    ["2023-01-01", "{estimate}", "张三", "2022年预计数", "34.60亿元", "estimate", ""],
    ["2023-01-02", "{flash}", "李四", "2022年快报", "34.20亿元", "flash", "-0.40亿元 (-1.2%)"],
    ["2023-01-05", "{annual}", "张三", "2022年年报", "33.42亿元", "annual", "-0.78亿元 (-2.3%)"],
]


@pytest.mark.parametrize("fmt", ["table", "markdown", "plain"])
def test_history_of_a_figure(repo, run_cli, monkeypatch, fmt):
    """One row per commit that changed the figure (the move, the rename, the merge and 说明 are not
    such commits), the total revision from the estimate, and the knock-on change of R&D intensity."""
    result = run_in(repo, run_cli, monkeypatch, "history", "rd_expenditure", "--format", fmt)
    assert result.exit_code == 0, result
    rows = [[c.format(**repo.hashes) for c in row] for row in HISTORY_ROWS]
    got = cells(result.stdout, fmt)
    assert got[0][:7] == ["Date", "Commit", "Author", "Message", "Value", "Stage", "Change"]
    assert [r[:7] + [""] * (7 - len(r[:7])) for r in got[1:]] == rows
    assert "Total revision: estimate → annual: -1.18亿元 (-3.4%)" in result.stdout
    assert "Knock-on: R&D经费投入强度 2.58% → 2.49% (-0.09 pp)" in result.stdout


def test_history_in_chinese(repo, run_cli, monkeypatch):
    result = run_in(repo, run_cli, monkeypatch, "history", "rd_expenditure", "--format", "plain", "--lang", "zh")
    assert "累计修订：预计 → 年报：-1.18亿元（-3.4%）" in result.stdout
    assert "连带变化：R&D经费投入强度 2.58% → 2.49%（-0.09个百分点）" in result.stdout


def test_history_json(repo, run_cli, monkeypatch):
    result = run_in(repo, run_cli, monkeypatch, "history", "rd_expenditure", "--format", "json")
    doc = json.loads(result.stdout)
    full = {k: repo.git("rev-parse", v).stdout.strip() for k, v in repo.hashes.items()}
    fields = ("short", "commit", "date", "author", "message", "value", "stage")
    assert [tuple(r[f] for f in fields) for r in doc["revisions"]] == [
        (repo.hashes["estimate"], full["estimate"], "2023-01-01", "张三", "2022年预计数", 34.6, "estimate"),
        (repo.hashes["flash"], full["flash"], "2023-01-02", "李四", "2022年快报", 34.2, "flash"),
        (repo.hashes["annual"], full["annual"], "2023-01-05", "张三", "2022年年报", 33.42, "annual"),
    ]  # fmt: skip
    assert [r["path"] for r in doc["revisions"]] == ["data/2022.yml", "data/2022.yml", "data/2022.yaml"]
    total = doc["total"]
    assert (total["from_stage"], total["to_stage"], total["from"], total["to"]) == ("estimate", "annual", 34.6, 33.42)
    assert total["change"] == pytest.approx(-1.18) and total["change_unit"] == "亿元"
    assert total["percent"] == pytest.approx(-1.18 / 34.6 * 100)
    [derived] = doc["derived"]
    assert derived["id"] == "rd_intensity" and derived["change_unit"] == "pp"
    assert derived["from"] == pytest.approx(3460 / 1341) and derived["to"] == pytest.approx(3342 / 1342)


def test_history_follows_a_renamed_indicator_and_a_moved_file(repo, run_cli, monkeypatch):
    """tech_contracts was tech_contract_value in data/2022.yml: its history goes back through both."""
    result = run_in(repo, run_cli, monkeypatch, "history", "tech_contracts", "--format", "json")
    doc = json.loads(result.stdout)
    assert [(r["short"], r["value"], r["stage"], r["source"]) for r in doc["revisions"]] == [
        (repo.hashes["estimate"], 12, "estimate", None),
        (repo.hashes["flash"], 15.2, "flash", "统计快报"),
    ]


DIFF_ROWS = [
    ["研发经费支出", "2022", "actual", "34.60亿元", "34.20亿元", "-0.40亿元 (-1.2%)", "estimate → flash"],
    ["地区生产总值", "2022", "actual", "1341.00亿元", "1345.00亿元", "+4.00亿元 (+0.30%)", "estimate → flash"],
    [
        "技术合同成交额",
        "2022",
        "actual",
        "12.00亿元",
        "15.20亿元",
        "+3.20亿元 (+26.7%)",
        "estimate → flash",
        "— → 统计快报",
    ],
]


@pytest.mark.parametrize("fmt", ["table", "markdown", "plain"])
def test_diff_between_two_commits(repo, run_cli, monkeypatch, fmt):
    """estimate → flash: three figures, and 技术合同成交额 flips from short (12 of 15: 80%) to met."""
    result = run_in(repo, run_cli, monkeypatch, "diff", repo.hashes["estimate"], repo.hashes["flash"], "-f", fmt)
    assert result.exit_code == 0, result
    got = cells(result.stdout, fmt)
    assert got[0][:7] == ["Indicator", "Year", "Period", "Old", "New", "Change", "Stage"]
    assert [[c for c in row if c] for row in got[1:]] == DIFF_ROWS
    assert "技术合同成交额 2022: short → met" in result.stdout


def test_diff_in_chinese_names_the_flip(repo, run_cli, monkeypatch):
    args = ("diff", repo.hashes["estimate"], repo.hashes["flash"], "-f", "plain", "--lang", "zh")
    result = run_in(repo, run_cli, monkeypatch, *args)
    assert "技术合同成交额 2022：未完成 → 完成" in result.stdout
    assert "预计 → 快报" in result.stdout


def test_diff_json(repo, run_cli, monkeypatch):
    result = run_in(repo, run_cli, monkeypatch, "diff", repo.hashes["estimate"], repo.hashes["flash"], "-f", "json")
    doc = json.loads(result.stdout)
    assert (doc["from"], doc["to"], doc["renamed"]) == (repo.hashes["estimate"], repo.hashes["flash"], {})
    fields = ("id", "where", "old", "new", "old_stage", "new_stage", "new_source")
    assert [tuple(c[f] for f in fields) for c in doc["changes"]] == [
        ("rd_expenditure", "actuals", 34.6, 34.2, "estimate", "flash", None),
        ("gdp", "actuals", 1341, 1345, "estimate", "flash", None),
        ("tech_contract_value", "actuals", 12, 15.2, "estimate", "flash", "统计快报"),
    ]  # fmt: skip
    assert [(f["id"], f["year"], f["what"], f["old"], f["new"]) for f in doc["flips"]] == [
        ("tech_contract_value", 2022, "status", "short", "met")
    ]


def test_diff_across_a_rename_and_a_merge(repo, run_cli, monkeypatch):
    """From the flash commit to the merge: the renamed indicator's unchanged figure is no change."""
    result = run_in(repo, run_cli, monkeypatch, "diff", repo.hashes["flash"], "HEAD", "-f", "json")
    doc = json.loads(result.stdout)
    assert doc["renamed"] == {"tech_contract_value": "tech_contracts"}
    assert [(c["id"], c["old"], c["new"], c["new_stage"]) for c in doc["changes"]] == [
        ("rd_expenditure", 34.2, 33.42, "annual"),
        ("gdp", 1345, 1342, "annual"),
    ]


def test_diff_of_the_working_tree_and_the_index(repo, run_cli, monkeypatch, tmp_path):
    """No REV: the working tree against HEAD; --staged: the index against HEAD; exit 0 either way."""
    clone = Repo.__new__(Repo)
    clone.path, clone.day = tmp_path / "clone", 10
    subprocess.run(["git", "clone", "-q", str(repo.path), str(clone.path)], check=True, env=repo.env())
    (clone.path / "data" / "2022.yaml").write_text(ANNUAL.replace("33.42", "33.5"), encoding="utf-8")
    unstaged = run_in(clone, run_cli, monkeypatch, "diff", "-f", "json")
    assert unstaged.exit_code == 0, unstaged
    assert [(c["id"], c["old"], c["new"]) for c in json.loads(unstaged.stdout)["changes"]] == [
        ("rd_expenditure", 33.42, 33.5)
    ]
    assert json.loads(run_in(clone, run_cli, monkeypatch, "diff", "--staged", "-f", "json").stdout)["changes"] == []
    clone.git("add", "data/2022.yaml")
    staged = run_in(clone, run_cli, monkeypatch, "diff", "--staged", "-f", "plain")
    assert staged.exit_code == 0
    assert "Figures changed from HEAD to the index" in staged.stdout
    assert "+0.08亿元 (+0.24%)" in staged.stdout


def test_unknown_revision_is_a_usage_error(repo, run_cli, monkeypatch):
    result = run_in(repo, run_cli, monkeypatch, "diff", "nosuch")
    assert (result.exit_code, result.stderr) == (2, "sciplan: error[usage]: unknown revision 'nosuch'\n")


def test_not_a_repository(tmp_path, run_cli):
    root = tmp_path / "root"
    (root / "data").mkdir(parents=True)
    (root / "targets.yaml").write_text(TARGETS, encoding="utf-8")
    for args in (("diff",), ("history", "gdp", "--year", "2022")):
        result = run_cli(*args, "--root", str(root))
        assert result.exit_code == 1
        assert result.stderr.startswith("sciplan: error: ")
        assert "is not in a git repository" in result.stderr and "Traceback" not in result.stderr


def test_revision_without_the_data_root(tmp_path, run_cli, monkeypatch):
    r = Repo(tmp_path / "repo")
    r.write("README.txt", "起步\n")
    first = r.commit("起步")
    r.write("targets.yaml", TARGETS)
    r.write("data/2022.yaml", ESTIMATE)
    r.commit("计划")
    result = run_in(r, run_cli, monkeypatch, "diff", first)
    assert (result.exit_code, result.stderr) == (1, f"sciplan: error: targets.yaml did not exist at {first}\n")
    missing = run_in(r, run_cli, monkeypatch, "history", "gdp", "--year", "2030")
    assert missing.exit_code == 1
    assert "data/2030.yaml is not in the working tree or at HEAD" in missing.stderr


def test_invalid_yaml_at_an_old_revision(tmp_path, run_cli, monkeypatch):
    r = Repo(tmp_path / "repo")
    r.write("targets.yaml", TARGETS)
    r.write("data/2022.yaml", ESTIMATE.replace("{value: 1341, stage: 预计}", "{value: 1341, stage: 预计"))
    broken = r.commit("写坏了")
    r.write("data/2022.yaml", ESTIMATE)
    r.commit("修好")
    result = run_in(r, run_cli, monkeypatch, "diff", broken)
    assert result.exit_code == 1
    first, *_rest, last = result.stderr.splitlines()
    assert re.fullmatch(rf"{broken}:data/2022\.yaml:\d+:\d+: error\[yaml-syntax\]: .*", first)
    assert last == f"sciplan: error: the data at {broken} has errors; figures are compared only between valid data"
    history = run_in(r, run_cli, monkeypatch, "history", "gdp", "--format", "plain")
    assert history.exit_code == 0, history
    assert f"{broken}: the file could not be read (" in history.stdout


def test_a_year_file_that_was_a_folder_at_a_revision(tmp_path, run_cli, monkeypatch):
    """data/2022.yaml replaced by a folder holding `a` (text `x`) at one commit: both commands say the
    year file is a folder there, as the working tree does; neither reads the file inside it, and diff
    does not list every figure as deleted."""
    r = Repo(tmp_path / "repo")
    r.write("targets.yaml", TARGETS)
    r.write("data/2022.yaml", ESTIMATE)
    r.commit("预计")
    (r.path / "data" / "2022.yaml").unlink()
    r.write("data/2022.yaml/a", "x\n")
    folder = r.commit("误建文件夹")
    r.git("rm", "-rq", "data/2022.yaml")
    r.write("data/2022.yaml", FLASH)
    r.commit("快报")
    result = run_in(r, run_cli, monkeypatch, "diff", folder, "--format", "plain")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"{folder}:data/2022.yaml:1:1: error[unreadable]: is a folder, not a file"
    history = run_in(r, run_cli, monkeypatch, "history", "gdp", "--year", "2022", "--format", "plain")
    assert history.exit_code == 0, history
    assert f"{folder[:7]}: the file could not be read (1:1: unreadable: is a folder, not a file); left out" in (
        history.stdout
    )
    assert "1341.00亿元" in history.stdout and "1345.00亿元" in history.stdout
    assert "got 'x'" not in history.stdout + history.stderr
    # the same folder staged: the index lists only the file inside it
    r.git("rm", "-q", "--cached", "data/2022.yaml")
    (r.path / "x.txt").write_text("x\n", encoding="utf-8")
    blob = r.git("hash-object", "-w", "x.txt").stdout.strip()
    r.git("update-index", "--add", "--cacheinfo", f"100644,{blob},data/2022.yaml/a")
    staged = run_in(r, run_cli, monkeypatch, "diff", "--staged")
    assert staged.exit_code == 1
    assert staged.stderr.splitlines()[0].endswith(":data/2022.yaml:1:1: error[unreadable]: is a folder, not a file")


def test_git_not_installed(repo, run_cli, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    result = run_cli("diff", "--root", str(repo.path))
    assert (result.exit_code, result.stderr) == (
        1,
        "sciplan: error: git is not installed (or not on PATH); sciplan reads the data's history from it\n",
    )


def test_shallow_clone(repo, run_cli, monkeypatch, tmp_path):
    clone = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo.path}", str(clone)], check=True, env=repo.env()
    )
    result = run_cli("diff", "HEAD~1", "--root", str(clone))
    assert result.exit_code == 2
    assert "this clone is shallow and may lack it: git fetch --unshallow" in result.stderr
    history = run_cli("history", "rd_expenditure", "--root", str(clone), "--format", "plain")
    assert "this clone is shallow: older commits are not here (git fetch --unshallow)" in history.stdout


def test_diff_of_months_units_and_targets(tmp_path, run_cli, monkeypatch):
    """A 1–3月 figure, a unit's figure and the target change; at 30 June (序时进度 50%) completion goes
    from 3/12 = 25% (25 points behind: yellow) to 6.5/13 = 50% (on pace: green)."""
    r = Repo(tmp_path / "repo")
    targets = (
        "region: 测试市\nunits: [高新区]\nindicators:\n  tech:\n    name: 技术合同成交额\n    unit: 亿元\n"
        '    targets: {2022: ">= 12"}\n'
    )
    year = "as_of: 2022-06-30\nactuals: {tech: 3}\nmonths:\n  3: {tech: 1}\nunits:\n  高新区: {tech: 2}\n"
    r.write("targets.yaml", targets)
    r.write("data/2022.yaml", year)
    first = r.commit("半年")
    r.write("targets.yaml", targets.replace(">= 12", ">= 13"))
    r.write(
        "data/2022.yaml",
        year.replace("tech: 3", "tech: 6.5").replace("tech: 1}", "tech: 1.2}").replace("{tech: 2}", "{tech: 2.5}"),
    )
    second = r.commit("修订")
    doc = json.loads(run_in(r, run_cli, monkeypatch, "diff", first, second, "-f", "json").stdout)
    fields = ("kind", "id", "where", "old", "new", "old_target", "new_target")
    assert [tuple(c[f] for f in fields) for c in doc["changes"]] == [
        # the actuals as of 30 June are the 1–6月 figures (an open year's actuals are never "the year")
        ("figure", "tech", "months.6", 3, 6.5, None, None),
        ("figure", "tech", "months.3", 1, 1.2, None, None),
        ("figure", "tech", "units.months.6.高新区", 2, 2.5, None, None),
        ("target", "tech", "targets", None, None, ">= 12", ">= 13"),
    ]
    assert [(f["what"], f["old"], f["new"]) for f in doc["flips"]] == [("pace", "yellow", "green")]
    plain = run_in(r, run_cli, monkeypatch, "diff", first, second, "-f", "plain")
    assert [[c for c in row if c] for row in cells(plain.stdout, "plain")[1:]] == [
        ["技术合同成交额", "2022", "1–6月", "3.00亿元", "6.50亿元", "+3.50亿元 (+116.7%)"],
        ["技术合同成交额", "2022", "1–3月", "1.00亿元", "1.20亿元", "+0.20亿元 (+20.0%)"],
        ["技术合同成交额", "2022", "高新区 1–6月", "2.00亿元", "2.50亿元", "+0.50亿元 (+25.0%)"],
        ["技术合同成交额", "2022", "target", "≥ 12", "≥ 13"],
    ]
    assert "技术合同成交额 2022: pace yellow → green" in plain.stdout
    month = json.loads(run_in(r, run_cli, monkeypatch, "history", "tech", "--month", "3", "-f", "json").stdout)
    assert [(x["short"], x["value"]) for x in month["revisions"]] == [(first, 1), (second, 1.2)]
    assert month["month"] == 3 and month["total"]["change"] == pytest.approx(0.2)


def test_history_before_the_first_commit(tmp_path, run_cli, monkeypatch):
    r = Repo(tmp_path / "repo")
    r.write("targets.yaml", TARGETS)
    r.write("data/2022.yaml", ESTIMATE)
    result = run_in(r, run_cli, monkeypatch, "history", "gdp")
    assert (result.exit_code, result.stderr) == (
        1,
        "sciplan: error: the repository has no commits yet: the data has no history to show\n",
    )


def test_history_remembered_until_a_new_commit(tmp_path, run_cli, monkeypatch):
    """A second run is read from the cache and says the same; a new commit is seen at once."""
    r = Repo(tmp_path / "repo")
    r.write("targets.yaml", TARGETS)
    r.write("data/2022.yaml", ESTIMATE)
    r.commit("预计")
    r.write("data/2022.yaml", FLASH)
    r.commit("快报")
    first = run_in(r, run_cli, monkeypatch, "history", "gdp", "-f", "json")
    again = run_in(r, run_cli, monkeypatch, "history", "gdp", "-f", "json")
    assert first.stdout == again.stdout
    assert [x["value"] for x in json.loads(again.stdout)["revisions"]] == [1341, 1345]
    r.write("data/2022.yaml", FLASH.replace("1345, stage: 快报", "1342, stage: 年报"))
    r.commit("年报")
    later = json.loads(run_in(r, run_cli, monkeypatch, "history", "gdp", "-f", "json").stdout)
    assert [(x["value"], x["stage"]) for x in later["revisions"]] == [
        (1341, "estimate"),
        (1345, "flash"),
        (1342, "annual"),
    ]
    assert later["total"]["percent"] == pytest.approx(100 / 1341)


def test_diff_as_a_value_for_python_callers(repo, monkeypatch):
    """The library under the command: `app.versions.diff` returns the comparison, never prints."""
    from sciplan.app.versions import diff

    monkeypatch.setattr(os, "environ", {**os.environ, "HOME": str(repo.path.parent / "home")})
    changes = diff(str(repo.path), repo.hashes["estimate"], repo.hashes["flash"])  # a str or a Path
    assert (changes.old_label, changes.new_label) == (repo.hashes["estimate"], repo.hashes["flash"])
    assert [(c.ident, c.old.value, c.new.value) for c in changes.comparison.changes] == [
        ("rd_expenditure", Decimal("34.6"), Decimal("34.2")),
        ("gdp", Decimal("1341"), Decimal("1345")),
        ("tech_contract_value", Decimal("12"), Decimal("15.2")),
    ]
    assert [(f.ident, f.what, f.old, f.new) for f in changes.comparison.flips] == [
        ("tech_contract_value", "status", "short", "met")
    ]


def test_diff_of_peers_and_a_rank_that_flips(tmp_path, run_cli, monkeypatch):
    """A rank target (rank <= 1 among the peers): 100 against 兴化市's 120 is 2nd of 2; revised to 130
    against a revised 125 it is 1st — the status and the rank flip, and the peer's change is listed."""
    r = Repo(tmp_path / "repo")
    r.write(
        "targets.yaml",
        "region: 泰兴市\nindicators:\n  hightech_total:\n    name: 有效期内高企\n    unit: 家\n    kind: stock\n"
        '    targets: {2022: "rank <= 1"}\n',
    )
    r.write("data/2022.yaml", "final: true\nactuals: {hightech_total: 100}\npeers:\n  兴化市: {hightech_total: 120}\n")
    first = r.commit("初报")
    r.write("data/2022.yaml", "final: true\nactuals: {hightech_total: 130}\npeers:\n  兴化市: {hightech_total: 125}\n")
    second = r.commit("修订")
    doc = json.loads(run_in(r, run_cli, monkeypatch, "diff", first, second, "-f", "json").stdout)
    assert [(c["where"], c["old"], c["new"]) for c in doc["changes"]] == [
        ("actuals", 100, 130),
        ("peers.兴化市", 120, 125),
    ]
    assert [(f["what"], f["old"], f["new"]) for f in doc["flips"]] == [
        ("status", "short", "met"),
        ("rank", "2/2", "1/2"),
    ]
    text = run_in(r, run_cli, monkeypatch, "diff", first, second, "-f", "plain", "--lang", "zh").stdout
    assert "有效期内高企 2022：未完成 → 完成" in text
    assert "有效期内高企 2022：位次 2/2 → 1/2" in text


def test_a_repository_config_runs_nothing_and_authors_reach_no_terminal(tmp_path, run_cli, monkeypatch):
    """A data root handed over with its .git: its fsmonitor command is never run (diff --staged
    refreshed the index through it), and an author or message holding ESC or U+202E is shown with
    U+FFFD in their place (the attacker's `Eve\\x1b[2J\\u202e`)."""
    r = Repo(tmp_path / "repo")
    r.write("targets.yaml", TARGETS)
    r.write("data/2022.yaml", ESTIMATE)
    r.commit("预计\x1b]0;pwned\x07")
    r.write("data/2022.yaml", FLASH)
    r.commit("快报", author="Eve\x1b[2J\u202e")
    r.write("data/2022.yaml", FLASH.replace("1345", "1346"))
    r.git("add", "-A")
    marker = tmp_path / "FSMON"
    r.git("config", "core.fsmonitor", f"touch {marker}")  # set last: the test's own git runs would obey it
    for args in (("diff", "--staged"), ("diff",), ("history", "gdp")):
        result = run_in(r, run_cli, monkeypatch, *args)
        assert result.exit_code == 0, result
        assert "\x1b" not in result.stdout and "\u202e" not in result.stdout and "\x07" not in result.stdout
    assert not marker.exists()
    history = run_in(r, run_cli, monkeypatch, "history", "gdp", "-f", "plain").stdout
    assert "Eve\ufffd[2J\ufffd" in history


ROLL_TARGETS = """\
region: 青溪县
lang: zh
indicators:
  tech_contract_value: {name: 技术合同成交额, unit: 亿元, targets: {2024: ">= 12"}}
  gdp: {name: 地区生产总值, unit: 亿元}
"""
JUNE = "as_of: 2024-06-30\nactuals: {tech_contract_value: 5.8000, gdp: 160.2}\n"
SEPTEMBER = """\
as_of: 2024-09-30
actuals: {tech_contract_value: 8.8, gdp: 248.5}
months:
  6: {tech_contract_value: 5.8000, gdp: 160.2}
"""


def test_a_month_roll_over_is_not_a_revision(tmp_path, run_cli, monkeypatch):
    """A figure is compared only with the same period: the 1–6月 figure moved under `months: 6` when
    September's sheet came is the same figure, and 1–9月 is a new one, not a revision of 1–6月
    (the trial read `+3.0000亿元（+51.7%）` and, over a final year, 160.20 → 338.00 as `累计修订`)."""
    r = Repo(tmp_path / "repo")
    r.write("targets.yaml", ROLL_TARGETS)
    r.write("data/2024.yaml", JUNE)
    june = r.commit("2024年1-6月 统计局月报")
    r.write("data/2024.yaml", SEPTEMBER)
    september = r.commit("2024年1-9月 统计局月报")
    r.write("data/2024.yaml", SEPTEMBER.replace("6: {tech_contract_value: 5.8000", "6: {tech_contract_value: 5.9"))
    revised = r.commit("6月数修订")

    def plain(*args):
        result = run_in(r, run_cli, monkeypatch, *args, "--format", "plain")
        assert result.exit_code == 0, result
        return [c for c in cells(result.stdout, "plain") if c[0] != "日期" and c[0] != "指标"], result.stdout

    # the open year's figure is 1–9月 (as_of at HEAD): one version, no change
    rows, out = plain("history", "tech_contract_value", "--year", "2024")
    assert "2024年1–9月" in out.splitlines()[0] or "2024 1–9月" in out.splitlines()[0]
    assert [(row[1], row[4]) for row in rows] == [(september[:7], "8.80亿元")]
    assert "累计修订" not in out
    # 1–6月: entered in June (as actuals), revised by 0.1: 0.1 / 5.8 = 1.72% → +1.7%
    rows, out = plain("history", "tech_contract_value", "--year", "2024", "--month", "6")
    assert [(row[1], row[4]) for row in rows] == [(june[:7], "5.80亿元"), (revised[:7], "5.90亿元")]
    assert rows[1][-1] == "+0.10亿元（+1.7%）" or "+0.10亿元（+1.7%）" in rows[1]
    assert "累计修订：5.80亿元 → 5.90亿元：+0.10亿元（+1.7%）" in out
    # diff June → September: 1–6月 unchanged, 1–9月 new; nothing is 全年
    rows, out = plain("diff", june, september)
    assert [(row[0], row[1], row[2], row[3], row[4]) for row in rows] == [
        ("技术合同成交额", "2024", "1–9月", "—", "8.80亿元"),
        ("地区生产总值", "2024", "1–9月", "—", "248.50亿元"),
    ]
    assert "全年" not in out

    # the year closes; the annual figure is then revised: 12.6 − 12.5 = 0.1, 0.1 / 12.5 = 0.8%
    r.write(
        "data/2024.yaml",
        SEPTEMBER.replace("as_of: 2024-09-30\n", "final: true\n")
        .replace("actuals: {tech_contract_value: 8.8, gdp: 248.5}", "actuals: {tech_contract_value: 12.5, gdp: 338}")
        .replace("months:\n", "months:\n  9: {tech_contract_value: 8.8, gdp: 248.5}\n"),
    )
    whole = r.commit("2024年快报")
    r.write("data/2024.yaml", (r.path / "data/2024.yaml").read_text(encoding="utf-8").replace("12.5", "12.6"))
    annual = r.commit("2024年年报")
    rows, out = plain("history", "tech_contract_value", "--year", "2024")
    assert [(row[1], row[4]) for row in rows] == [(whole[:7], "12.50亿元"), (annual[:7], "12.60亿元")]
    assert "累计修订：12.50亿元 → 12.60亿元：+0.10亿元（+0.8%）" in out
    rows, out = plain("history", "gdp", "--year", "2024")
    assert [row[4] for row in rows] == ["338.00亿元"]  # not 160.20 → 248.50 → 338.00
    rows, _out = plain("history", "tech_contract_value", "--year", "2024", "--month", "9")
    assert [(row[1], row[4]) for row in rows] == [(september[:7], "8.80亿元")]


def test_history_of_a_computed_ratio_and_a_stocks_period(tmp_path, run_cli, monkeypatch):
    """R&D intensity is computed (rd_expenditure / gdp * 100), never written: its history is its value at
    each commit — 2.0 / 100 = 2.00%, then 2.5 / 100 = 2.50%, +0.50 pp — not "no commit changed it". A
    stock's figure is a level at the month's end: 6月末, not 1–6月."""
    r = Repo(tmp_path / "repo")
    r.write(
        "targets.yaml",
        "region: 测试市\nindicators:\n"
        "  rd_expenditure: {name: 研发经费支出, unit: 亿元}\n"
        "  gdp: {name: 地区生产总值, unit: 亿元}\n"
        '  rd_intensity: {name: R&D经费投入强度, unit: "%", kind: ratio, formula: rd_expenditure / gdp * 100}\n'
        "  hightech_total: {name: 有效期内高企, unit: 家, kind: stock}\n",
    )
    r.write("data/2024.yaml", "as_of: 2024-06-30\nactuals: {rd_expenditure: 2.0, gdp: 100, hightech_total: 200}\n")
    first = r.commit("1-6月")
    r.write("data/2024.yaml", "as_of: 2024-06-30\nactuals: {rd_expenditure: 2.5, gdp: 100, hightech_total: 210}\n")
    second = r.commit("1-6月修订")
    result = run_in(r, run_cli, monkeypatch, "history", "rd_intensity", "--year", "2024", "--format", "plain")
    assert result.exit_code == 0, result
    lines = result.stdout.splitlines()
    assert lines[0] == "R&D经费投入强度 (%) · 2024 6月末 · its revisions"
    rows = [c for c in cells(result.stdout, "plain") if c[0] != "Date"]
    assert [(row[1], row[4]) for row in rows] == [(first[:7], "2.00%"), (second[:7], "2.50%")]
    assert rows[1][-1] == "+0.50 pp"
    assert "Total revision: 2.00% → 2.50%: +0.50 pp" in lines
    assert "computed at each commit by its formula: rd_expenditure / gdp * 100" in lines
    diff = run_in(r, run_cli, monkeypatch, "diff", first, second, "--format", "plain")
    assert [row[:5] for row in cells(diff.stdout, "plain")[1:]] == [
        ["研发经费支出", "2024", "1–6月", "2.00亿元", "2.50亿元"],
        ["有效期内高企", "2024", "6月末", "200家", "210家"],
    ]
