"""Attacks found after issue 9 was closed: each one a user could hit, reproduced as a test."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO


def _c_locale_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "PYTHONIO", "PYTHONUTF8"))}
    env.update(LC_ALL="C", PYTHONUTF8="0", SCIPLAN_CACHE_DIR=str(tmp_path / "cache"))
    return env


def test_report_under_an_ascii_file_system_encoding_says_why_it_cannot_write(tmp_path):
    """`LC_ALL=C PYTHONUTF8=0` makes file names ASCII: the report's name (泰兴市-2022-…) cannot be
    made. One error line and exit 1, never a UnicodeEncodeError traceback, and nothing half-written."""
    root = tmp_path / "root"
    root.mkdir()
    shutil.copyfile(REPO / "targets.yaml", root / "targets.yaml")
    shutil.copytree(REPO / "data", root / "data")
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "sciplan", "report", "2022", "--only", "md", "--root", str(root), "--out", str(out)],
        env=_c_locale_env(tmp_path), capture_output=True, timeout=120, check=False,
    )  # fmt: skip
    stderr = proc.stderr.decode("ascii", "replace")
    assert "Traceback" not in stderr, stderr
    assert proc.returncode == 1, stderr
    lines = stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("sciplan: error: cannot write "), stderr
    assert "PYTHONUTF8=1" in lines[0]  # says how to get file names that can hold Chinese
    assert not out.exists() or not any(out.iterdir())
