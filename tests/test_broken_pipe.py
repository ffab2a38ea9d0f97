"""Every command that prints ends the same way when its reader is gone (`sciplan X | head -1` once
`head` has its line): exit 141, as a shell reports a command killed by SIGPIPE, and one line on
stderr, never a traceback; the convention lives in one place (sciplan.cli.process). The reader is
closed before the command starts, so the pipe is broken at the first write, every time."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from gitrepo import Repo

from conftest import build_root

SCIPLAN = [sys.executable, "-m", "sciplan"]
BROKEN_PIPE = "sciplan: error: output closed early (broken pipe)\n"


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    """The base root in a git repository with two commits (for history and diff), and a received table."""
    place = tmp_path_factory.mktemp("pipe")
    repo = Repo(place / "root")
    build = build_root(place / "base")
    for path in sorted(build.rglob("*")):
        if path.is_file():
            repo.write(str(path.relative_to(build)), path.read_text(encoding="utf-8"))
    repo.commit("2021")
    text = (repo.path / "data" / "2021.yaml").read_text(encoding="utf-8")
    assert "firms: 86" in text
    repo.write("data/2021.yaml", text.replace("firms: 86", "firms: 90"))
    repo.commit("firms revised")
    import openpyxl

    wb = openpyxl.Workbook()
    for row in [["2021年1-12月主要指标"], ["指标名称", "计量单位", "1-12月累计"], ["新增高企", "家", 95]]:
        wb.active.append(row)
    wb.save(place / "表.xlsx")
    return repo.path


def _into_closed_pipe(args: list[str], cwd: Path) -> tuple[int, str]:
    read, write = os.pipe()
    os.close(read)  # the reader is gone before the first byte
    env = {**os.environ, "SCIPLAN_NO_CACHE": "1"}
    with subprocess.Popen([*SCIPLAN, *args], stdout=write, stderr=subprocess.PIPE, cwd=cwd, env=env) as proc:
        os.close(write)
        stderr = proc.stderr.read().decode("utf-8", "replace")
        proc.wait(timeout=120)
    return proc.returncode, stderr


COMMANDS = [
    ["status", "2021"],
    ["status", "2021", "-f", "csv"],
    ["trend", "firms", "-f", "json"],
    ["indicators"],
    ["check", "-f", "json"],
    ["flat", "data/2021.yaml"],
    ["history", "firms"],
    ["diff", "HEAD~1"],
    ["set", "firms", "99", "--year", "2021", "--dry-run"],
    ["import", "../表.xlsx", "--year", "2021", "--dry-run"],
    ["schema", "targets"],
    ["--version"],
    ["report", "--help"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_every_printing_command_ends_141_with_one_line(repo, args):
    code, stderr = _into_closed_pipe(args, repo)
    assert (code, stderr) == (141, BROKEN_PIPE)
