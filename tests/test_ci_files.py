"""The CI files `sciplan new` writes work on the first push: pre-commit installs sciplan from its
repository at a tag (the hook of .pre-commit-hooks.yaml, language: python), the workflow runs that same
hook with the same --strict, README shows the files as written, and the real pre-commit framework runs
them (against a local clone of this repository, offline)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
import yaml

from conftest import BASE
from sciplan import REPOSITORY, __version__
from sciplan.cli.scaffold_root import starter_files

REPO = Path(__file__).resolve().parent.parent
FILES = starter_files("测试区", 2024, "en")
CONFIG = FILES[".pre-commit-config.yaml"]
WORKFLOW = FILES[".github/workflows/sciplan.yml"]


def test_the_config_installs_sciplan_by_repository_and_tag():
    config = yaml.safe_load(CONFIG)
    assert config == {
        "repos": [
            {"repo": REPOSITORY, "rev": f"v{__version__}", "hooks": [{"id": "sciplan-check", "args": ["--strict"]}]}
        ]
    }
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert (hook["id"], hook["language"], hook["entry"]) == ("sciplan-check", "python", "sciplan check")


def test_the_workflow_runs_the_same_hook():
    steps = yaml.safe_load(WORKFLOW)["jobs"]["check"]["steps"]
    runs = [step["run"] for step in steps if "run" in step]
    assert runs == ["pip install pre-commit", "pre-commit run sciplan-check --all-files"]
    assert "pip install sciplan" not in WORKFLOW  # there is no such package


def test_readme_shows_the_files_new_writes():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("pre-commit and GitHub Actions, one recipe") :]
    blocks = re.findall(r"\n  ```yaml\n(.*?)\n  ```\n", section, re.S)[:2]
    shown = ["\n".join(line.removeprefix("  ") for line in block.split("\n")) + "\n" for block in blocks]
    assert shown == [CONFIG, WORKFLOW]


def _git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def clone(tmp_path_factory):
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("needs git and a git checkout of sciplan")
    path = tmp_path_factory.mktemp("clone") / "sciplan"
    _git("clone", "-q", str(REPO), str(path), cwd=REPO)
    return path


def _root_using(clone: Path, folder: Path, run_cli) -> Path:
    """A data root as `sciplan new` starts it, the base test root's files in it, its hook pointed at the clone."""
    assert run_cli("new", str(folder), "--region", "测试区").exit_code == 0
    shutil.copyfile(BASE / "targets.yaml", folder / "targets.yaml")
    for data in (BASE / "data").glob("*.yaml"):
        shutil.copyfile(data, folder / "data" / data.name)
    config = folder / ".pre-commit-config.yaml"
    rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=clone, capture_output=True, text=True, check=True)
    text = config.read_text(encoding="utf-8")
    text = text.replace(f"repo: {REPOSITORY}", f"repo: {clone}").replace(
        f"rev: v{__version__}", f"rev: {rev.stdout.strip()}"
    )
    config.write_text(text, encoding="utf-8")
    _git("init", "-q", cwd=folder)
    _git("add", "-A", cwd=folder)
    return folder


def _pre_commit(root: Path, home: Path) -> subprocess.CompletedProcess:
    """`pre-commit run --all-files`, offline: the hook's environment is built from the clone with this
    interpreter's packages (sciplan's dependencies, setuptools) visible, and no index."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "PRE_COMMIT_HOME": str(home / "pre-commit"),
        "PIP_NO_INDEX": "1",
        "PIP_NO_BUILD_ISOLATION": "0",  # pip's spelling of --no-build-isolation
        "PYTHONPATH": sysconfig.get_paths()["purelib"],
        "LANG": "C.UTF-8",
        "NO_COLOR": "1",
    }
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_real_pre_commit_runs_the_hook_strictly(clone, tmp_path, run_cli):
    root = _root_using(clone, tmp_path / "root", run_cli)
    home = tmp_path / "home"
    passed = _pre_commit(root, home)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert re.search(r"^sciplan check\.+Passed$", passed.stdout, re.M), passed.stdout

    # a warning alone fails the commit, as it fails CI: the same --strict
    data = root / "data" / "2021.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("firms: 86", "firms: -55"), encoding="utf-8")
    warned = _pre_commit(root, home)
    assert warned.returncode == 1, warned.stdout + warned.stderr
    assert "data/2021.yaml:4:10: error[negative]: actuals.firms: -55家 is negative" in warned.stdout


def test_the_schemas_carry_the_bounds_check_enforces():
    """An editor flags `near: 0`, `near: 120`, `pace: {yellow: -1}` or `progress: {on_track: 0}` as check does,
    and fills in numbers (not text) as defaults."""
    from sciplan.validate.editors import schemas

    targets = schemas()["targets"]
    near = targets["properties"]["near"]
    assert (near["exclusiveMinimum"], near["maximum"], near["default"]) == (0, 100, 90)
    pace = targets["definitions"]["PaceSpec"]["properties"]
    assert [(p["minimum"], p["maximum"], p["default"]) for p in (pace["yellow"], pace["red"])] == [
        (0, 100, 10),
        (0, 100, 30),
    ]
    assert "at most red" in pace["yellow"]["description"]
    progress = targets["definitions"]["ProgressSpec"]["properties"]
    assert [(p["exclusiveMinimum"], p["default"]) for p in progress.values()] == [(0, 0.95), (0, 0.6)]
