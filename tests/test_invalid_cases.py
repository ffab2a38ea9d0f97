"""Every broken data root under tests/cases/invalid/<case>/ gets its exact diagnostic and exit code.

A case folder holds only what differs from tests/cases/base/ (remove.txt lists files to delete),
`expected.txt` the exact first line `sciplan check` prints, and `status.txt` (optional) the
exit code and first line of `sciplan status 2021` when they differ from check's.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from conftest import CASES, build_root

INVALID = sorted(p for p in (CASES / "invalid").iterdir() if p.is_dir())
LOCATED = re.compile(r"^[^:\s]+:\d+:\d+: (error|warning)\[[a-z0-9-]+\]: .+")


def expected(case, root):
    check_line = (case / "expected.txt").read_text(encoding="utf-8").rstrip("\n").replace("{root}", str(root))
    status = case / "status.txt"
    if status.exists():
        code_line, first = ([*status.read_text(encoding="utf-8").rstrip("\n").split("\n"), ""])[:2]
        return check_line, (int(code_line.split()[1]), first)
    return check_line, (1, check_line)


@pytest.mark.parametrize("case", INVALID, ids=[p.name for p in INVALID])
def test_check_and_status_report_the_problem(case, tmp_path, run_cli):
    """check and status exit non-zero with the exact first line, and never a traceback."""
    root = build_root(tmp_path / "root", case)
    check_line, (status_code, status_line) = expected(case, root)

    result = run_cli("check", "--root", str(root))
    assert result.exit_code == 1, result
    assert result.stderr.splitlines()[0] == check_line, result
    assert result.stdout == ""
    assert "Traceback" not in result.stderr

    result = run_cli("status", "2021", "--root", str(root))
    assert result.exit_code == status_code, result
    assert (result.stderr.splitlines() or [""])[0] == status_line, result
    assert "Traceback" not in result.stderr + result.stdout


def test_there_are_enough_cases():
    assert len(INVALID) >= 25


@pytest.mark.parametrize("case", INVALID, ids=[p.name for p in INVALID])
def test_diagnostic_has_the_compiler_form(case):
    """FILE:LINE:COL: severity[code]: message — the form editors and CI parse."""
    line = (case / "expected.txt").read_text(encoding="utf-8").rstrip("\n")
    assert LOCATED.match(line) or line.startswith("sciplan: error: "), line


@pytest.mark.parametrize("name", ["deep_nesting", "alias_bomb", "gbk_encoding", "nul_byte"])
def test_real_process_fails_cleanly(name, tmp_path):
    """The installed entry point, in its own process: exit 1, one located line, no traceback."""
    root = build_root(tmp_path / "root", CASES / "invalid" / name)
    proc = subprocess.run(
        [sys.executable, "-m", "sciplan", "check", "--root", str(root)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    assert LOCATED.match(proc.stderr.splitlines()[0]), proc.stderr
    assert "Traceback" not in proc.stderr
