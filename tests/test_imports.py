"""Imports run downhill (issue 18): `lint-imports` keeps the layers of [tool.importlinter] in
pyproject.toml (core < load | store < validate < compute < check < app < views < render < report < cli),
and it does catch an import that runs uphill."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

pytest.importorskip("importlinter")  # the test extra installs it


def lint_imports(folder: Path) -> subprocess.CompletedProcess[str]:
    """`lint-imports` run on the package under `folder`, with the repository's contracts."""
    code = "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports())"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=folder,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(folder)},
        check=False,
    )


def copy_of_the_package(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "sciplan", tmp_path / "sciplan", ignore=shutil.ignore_patterns("__pycache__", "locale"))
    shutil.copyfile(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_package_keeps_its_layers():
    result = lint_imports(REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


def test_an_upward_import_breaks_the_layers(tmp_path):
    """core importing the command line (a deliberate uphill arrow) fails the check, naming the import."""
    root = copy_of_the_package(tmp_path)
    records = root / "sciplan" / "core" / "records.py"
    records.write_text(records.read_text(encoding="utf-8") + "\nfrom sciplan.cli import options  # uphill\n")
    result = lint_imports(root)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "sciplan.core.records -> sciplan.cli.options" in result.stdout
    assert "README's layout) BROKEN" in " ".join(result.stdout.split())


def test_a_layer_may_not_import_typer(tmp_path):
    """Only cli/ knows typer: a view that imports it fails the check."""
    root = copy_of_the_package(tmp_path)
    status = root / "sciplan" / "views" / "status.py"
    status.write_text(status.read_text(encoding="utf-8") + "\nimport typer  # only cli/ may\n")
    result = lint_imports(root)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "sciplan.views.status -> typer" in result.stdout


def test_a_module_outside_the_layers_fails(tmp_path):
    """A new top-level module belongs to no layer: the contract is exhaustive, so it fails until placed."""
    root = copy_of_the_package(tmp_path)
    (root / "sciplan" / "helpers.py").write_text('"""Belongs nowhere."""\n', encoding="utf-8")
    result = lint_imports(root)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "sciplan.helpers" in result.stdout
