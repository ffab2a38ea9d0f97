"""Below the command line, what stops a run speaks of the data; only cli/ words it with an option
(issue 18): the API's caller never reads `--month`, the command line's user still does."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import sciplan.api as sp
from conftest import REPO, build_root

OPTION = re.compile(r"(?:^|[\s(;'\"])--[a-z]")


def _raised_texts(path: Path) -> list[tuple[int, str]]:
    """The string constants inside each `raise` statement of a module (its messages, f-strings too)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Raise) and node.exc is not None:
            for part in ast.walk(node.exc):
                if isinstance(part, ast.Constant) and isinstance(part.value, str):
                    found.append((node.lineno, part.value))
    return found


def test_no_error_below_the_command_line_names_an_option():
    """No `raise` outside sciplan/cli/ carries an option's name (`--month`, `--root`, …) in its message."""
    named = [
        f"{path.relative_to(REPO)}:{line}: {text!r}"
        for path in sorted((REPO / "sciplan").rglob("*.py"))
        if "cli" not in path.relative_to(REPO / "sciplan").parts
        for line, text in _raised_texts(path)
        if OPTION.search(text)
    ]
    assert not named, named


@pytest.fixture
def root(tmp_path):
    return build_root(tmp_path / "root")


def test_a_month_without_figures_in_both_voices(root, run_cli):
    """base's 2021 has no months: the API's error says "month 6", the command line's "--month 6"."""
    with pytest.raises(sp.SciplanError) as caught:
        sp.scorecard(root, 2021, month=6)
    assert str(caught.value).startswith("month 6: data/2021.yaml has no months: 6: entry")
    assert "--" not in str(caught.value)
    result = run_cli("status", "2021", "--month", "6", "--root", str(root))
    assert result.exit_code == 2
    assert result.stderr.startswith("sciplan: error[usage]: --month 6: data/2021.yaml has no months: 6: entry")


def test_no_root_in_both_voices(tmp_path, run_cli, monkeypatch):
    """No targets.yaml anywhere up the tree: the API says so; the command line adds how to pass one."""
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.chdir(empty)
    with pytest.raises(sp.RootNotFound) as caught:
        sp.load(empty / "targets.yaml")  # a file named like the plan, not a folder
    assert str(caught.value).endswith("targets.yaml: no such folder")
    result = run_cli("status", "2021")
    assert result.exit_code == 1
    assert "or pass --root DIR (or set SCIPLAN_ROOT)" in result.stderr


def test_a_year_before_the_baseline_in_both_voices(tmp_path, run_cli):
    """The demo's plan starts from 2020: asking for 2001 is refused with its baseline in both voices."""
    import shutil

    demo = tmp_path / "demo"
    demo.mkdir()
    shutil.copyfile(REPO / "targets.yaml", demo / "targets.yaml")
    shutil.copytree(REPO / "data", demo / "data")
    from sciplan.app import query

    catalogue = sp.load(demo).project.catalogue
    with pytest.raises(sp.SciplanError) as caught:
        query.plans(catalogue, None, 2001)
    assert str(caught.value) == "2001 is before the baseline year of action_2021_2023 (2020)"
    result = run_cli("plan", "--year", "2001", "--root", str(demo))
    assert (
        result.stderr == "sciplan: error[usage]: --year 2001 is before the baseline year of action_2021_2023 (2020)\n"
    )
