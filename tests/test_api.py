"""sciplan.api, the library under the command line (issue 18): exact values, problems as values,
nothing printed, never an exit. Expected figures are worked out by hand from tests/cases/base."""

from __future__ import annotations

from fractions import Fraction

import pytest

import sciplan.api as sp
from conftest import build_root


@pytest.fixture
def root(tmp_path):
    return build_root(tmp_path / "root")


def by_id(rows):
    return {row.id: row for row in rows}


def test_scorecard_rows_hold_exact_values(root, capsys):
    """firms 86 against >= 50: 172%, met, YoY (86-71)/71; rd 2.65 against >= 2.8: 2.65/2.8 = 1325/14 %,
    gap -0.15, +0.05 pp on 2.6; loans +15% on 10000万元 is 11500, 1.1亿元 = 11000万元: 2200/23 %."""
    card = sp.scorecard(root, 2021)
    rows = by_id(card.rows)
    firms, rd, loans = rows["firms"], rows["rd"], rows["loans"]
    assert (firms.actual, firms.attainment, firms.status) == (86, 172, "met")
    assert firms.yoy == Fraction(1500, 71) and firms.yoy_unit == "%"
    assert rd.attainment == Fraction(1325, 14) and rd.gap == Fraction(-3, 20)
    assert rd.yoy == Fraction(1, 20) and rd.yoy_unit == "pp"
    assert loans.target is not None and loans.target.value == 11500 and loans.actual == 11000
    assert loans.attainment == Fraction(2200, 23)
    assert all(isinstance(r.attainment, (Fraction, type(None))) for r in card.rows)  # never a float
    assert card.title.startswith("测试区")
    assert capsys.readouterr() == ("", "")


def test_records_are_flat_exact_and_without_texts(root):
    """records(): one dict a row, nested rows under dotted keys, no `shown`/`styles` (what pandas takes)."""
    records = sp.scorecard(root, 2021).records()
    firms = next(r for r in records if r["id"] == "firms")
    assert firms["target.text"] == ">= 50" and firms["target.value"] == 50 and firms["target.op"] == ">="
    assert firms["attainment"] == 172
    assert not {"shown", "styles", "depth", "target"} & set(firms)
    assert len(records) == len(sp.scorecard(root, 2021).rows)


def test_trend_gives_a_row_per_year(root):
    table = sp.trend(root, "firms")
    assert [(r.year, r.actual) for r in table.rows] == [(2020, 71), (2021, 86)]
    assert table.rows[1].status == "met"
    assert sp.trend(root, "新增高企").rows == table.rows  # by name, as the command line takes it


def test_check_returns_problems_as_values(root, capsys):
    """A clean root has none; a broken value is one located Problem, returned, not printed."""
    assert sp.check(root) == []
    data = root / "data" / "2021.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("firms: 86", "firms: xx"), encoding="utf-8")
    [problem] = sp.check(root)
    assert (problem.file, problem.line, problem.severity) == ("data/2021.yaml", 4, "error")
    assert capsys.readouterr() == ("", "")


def test_what_stops_a_computation_is_an_exception_with_its_problems(root, capsys):
    """Errors in the year's file: InvalidData carrying the problems; no exit, nothing printed."""
    data = root / "data" / "2021.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("firms: 86", "firms: xx"), encoding="utf-8")
    with pytest.raises(sp.InvalidData) as caught:
        sp.scorecard(root, 2021)
    assert [p.file for p in caught.value.problems] == ["data/2021.yaml"]
    with pytest.raises(sp.SciplanError):
        sp.scorecard(root, 1999)
    with pytest.raises(sp.RootNotFound):
        sp.load(root / "nowhere")
    assert capsys.readouterr() == ("", "")


def test_an_unread_year_is_a_warning_value(root):
    """The scorecard of 2021 reads 2021 and 2020; an error in another year's file is a warning in the
    table's problems (the command line prints the same warning)."""
    (root / "data" / "2019.yaml").write_text("year: 2019\nfinal: true\nactuals:\n  firms: xx\n", encoding="utf-8")
    card = sp.scorecard(root, 2021)
    assert [(p.file, p.severity) for p in card.problems] == [("data/2019.yaml", "warning")]
    assert by_id(card.rows)["firms"].attainment == 172


def test_load_gives_the_records_and_every_problem(root):
    loaded = sp.load(root)
    assert loaded.valid and loaded.problems == []
    assert loaded.project.catalogue.region == "测试区"
    assert loaded.project.years[2021].actuals["firms"].value == 86


def test_report_writes_the_files_and_returns_their_paths(root, tmp_path, capsys):
    out = tmp_path / "out"
    paths = sp.report(root, 2021, out, kinds=("md", "xlsx"))
    assert sorted(p.suffix for p in paths) == [".md", ".xlsx"]
    assert all(p.parent == out and p.stat().st_size > 0 for p in paths)
    assert "新增高企" in next(p for p in paths if p.suffix == ".md").read_text(encoding="utf-8")
    md = next(p for p in paths if p.suffix == ".md")
    assert sp.report(root, 2021, out, kinds=("md",)) == [md]  # its own file, unchanged: written again
    md.write_text("edited by hand\n", encoding="utf-8")
    with pytest.raises(sp.SciplanError, match="already exists"):
        sp.report(root, 2021, out, kinds=("md",))  # never over a file someone edited
    with pytest.raises(ValueError, match="pdf"):
        sp.report(root, 2021, out, kinds=("pdf",))
    assert capsys.readouterr() == ("", "")


def test_the_month_scorecard(tmp_path):
    """`month`: the year as it stood at that month's end, from `months:` (as status --month)."""
    root = build_root(tmp_path / "root")
    data = root / "data" / "2021.yaml"
    data.write_text(
        data.read_text(encoding="utf-8").replace("final: true\n", "final: true\nmonths:\n  6: {firms: 30}\n"),
        encoding="utf-8",
    )
    rows = by_id(sp.scorecard(root, 2021, month=6).rows)
    assert rows["firms"].actual == 30 and rows["firms"].attainment == 60  # 30 of 50


def _readme_example(name: str) -> str:
    from conftest import REPO

    text = (REPO / name).read_text(encoding="utf-8")
    start = text.index("```python\nimport sciplan.api as sp\n") + len("```python\n")
    return text[start : text.index("```", start)]


@pytest.mark.parametrize("name", ["README.md", "README.zh-CN.md"])
def test_the_readme_example_runs_on_the_demo(name, tmp_path, monkeypatch):
    """README's lines (up to pandas, which sciplan does not install) run on a copy of the demo root,
    and the figure its comment shows is the one computed: 3460/1341 against 2.9 is 3460000/38889 %."""
    import shutil

    from conftest import REPO

    shutil.copyfile(REPO / "targets.yaml", tmp_path / "targets.yaml")
    shutil.copytree(REPO / "data", tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    code = _readme_example(name)
    library, notebook = code.split("import pandas as pd", 1)
    names: dict = {}
    exec(library, names)
    assert names["card"].rows[2].attainment == Fraction(3460000, 38889)
    assert (tmp_path / "report").is_dir() and names["loaded"].valid
    assert "pd.DataFrame(card.records())" in notebook


def test_the_readme_dataframe(tmp_path, monkeypatch):
    """Where pandas is installed, README's DataFrame lines run too (sciplan does not install it)."""
    pytest.importorskip("pandas")
    import shutil

    from conftest import REPO

    shutil.copyfile(REPO / "targets.yaml", tmp_path / "targets.yaml")
    shutil.copytree(REPO / "data", tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    names: dict = {}
    exec(_readme_example("README.md"), names)
    assert names["df"].loc["rd_intensity", "status"] == "short"


def test_the_api_speaks_the_roots_language(root, tmp_path):
    """`lang: zh` in targets.yaml: the API's titles and the report's files are Chinese, as the command
    line's are there (a finding: the report came out in English); `lang=` overrides it; the process's
    language is left as it was."""
    from sciplan.core import i18n

    targets = root / "targets.yaml"
    targets.write_text("lang: zh\n" + targets.read_text(encoding="utf-8"), encoding="utf-8")
    english = sp.scorecard(root, 2021, lang="en").title
    chinese = sp.scorecard(root, 2021).title
    assert "scorecard" in english and "scorecard" not in chinese and "2021年" in chinese
    [md] = sp.report(root, 2021, tmp_path / "out", kinds=("md",))
    assert "指标完成情况" in md.name
    assert i18n.language() == "en"
    with pytest.raises(ValueError, match="fr"):
        sp.scorecard(root, 2021, lang="fr")
