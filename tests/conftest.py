"""Shared fixtures: data roots built from tests/cases, and a CLI runner that shows everything on failure."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from sciplan.cli import app

# CI runs the property tests on the same examples every time, so a submission's CI cannot fail by
# chance; a developer's runs (and SCIPLAN_FUZZ) keep exploring new ones.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

CASES = Path(__file__).parent / "cases"
BASE = CASES / "base"
REPO = Path(__file__).parent.parent
CASE_META = {"expected.txt", "status.txt", "remove.txt"}


def build_root(dest: Path, case: Path | None = None) -> Path:
    """A data root at `dest`: the base root, with a case's files laid over it (and remove.txt's
    files removed)."""
    shutil.copytree(BASE, dest)
    if case is None:
        return dest
    remove = case / "remove.txt"
    if remove.exists():
        for rel in remove.read_text(encoding="utf-8").split():
            target = dest / rel
            if target.is_dir():
                shutil.rmtree(target)
            else:
                target.unlink()
    for path in sorted(case.rglob("*")):
        rel = path.relative_to(case)
        if path.is_dir() or str(rel) in CASE_META:
            continue
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, dest / rel)
    return dest


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory):
    """Tests keep their cache entries to themselves, never in the user's ~/.cache."""
    mp = pytest.MonkeyPatch()
    mp.setenv("SCIPLAN_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    mp.delenv("SCIPLAN_NO_CACHE", raising=False)
    yield
    mp.undo()


@pytest.fixture(autouse=True)
def _english_afterwards():
    """A run in Chinese leaves the process's language switched: the next test starts in English."""
    yield
    from sciplan.core import i18n

    i18n.set_language("en")
    i18n.set_unit_word(None)  # a plan's unit_word: is the plan's, not the next test's


@dataclass
class Run:
    exit_code: int
    stdout: str  # click turns \r\n into \n here; stdout_bytes has the bytes as written
    stderr: str
    stdout_bytes: bytes = b""

    def __str__(self) -> str:
        return f"exit {self.exit_code}\n--- stdout ---\n{self.stdout}\n--- stderr ---\n{self.stderr}"


@pytest.fixture
def run_cli(monkeypatch):
    """Run sciplan in-process without colour; exceptions propagate (a traceback fails the test)."""
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.delenv("SCIPLAN_ROOT", raising=False)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    # English unless a test asks for Chinese: the machine's own locale must not decide
    for name in ("SCIPLAN_LANG", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")

    def run(*args: str) -> Run:
        result = CliRunner().invoke(app, list(args), catch_exceptions=False)
        return Run(result.exit_code, result.stdout, result.stderr, result.stdout_bytes)

    return run


def write_root(dest: Path, targets: str, years: dict[int, str]) -> Path:
    """A small root written from text: targets.yaml and data/<year>.yaml for each of `years`."""
    (dest / "data").mkdir(parents=True)
    (dest / "targets.yaml").write_text(targets, encoding="utf-8")
    for year, text in years.items():
        (dest / "data" / f"{year}.yaml").write_text(text, encoding="utf-8")
    return dest


@pytest.fixture
def base_root(tmp_path) -> Path:
    """A fresh copy of tests/cases/base, free to modify."""
    return build_root(tmp_path / "root")
