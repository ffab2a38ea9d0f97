"""A report run never waits silently or forever for the output folder's lock (attacker trial 3: `flock
report sciplan report 2022 --out report` deadlocked itself, printing nothing)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import pytest

from conftest import REPO

fcntl = pytest.importorskip("fcntl")
SCIPLAN = [sys.executable, "-m", "sciplan"]


def run_report(out, wait: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "SCIPLAN_LOCK_WAIT": wait, "SCIPLAN_LANG": "en", "NO_COLOR": "1"}
    argv = [*SCIPLAN, "report", "2022", "--root", str(REPO), "--out", str(out), "--only", "md"]
    return subprocess.run(argv, capture_output=True, text=True, env=env, timeout=120, check=False)


def test_a_held_folder_is_said_and_given_up_on(tmp_path):
    out = tmp_path / "report"
    out.mkdir()
    fd = os.open(out, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # as `flock report …` around the run holds it
        start = time.monotonic()
        result = run_report(out, "1")
        took = time.monotonic() - start
    finally:
        os.close(fd)
    assert result.returncode == 1, result
    lines = result.stderr.splitlines()
    assert lines[0].startswith("sciplan: waiting for another run writing into '") and lines[0].endswith("' …")
    assert lines[-1].startswith(f"sciplan: error: cannot write {out}: another process still holds the folder's lock")
    assert "Traceback" not in result.stderr
    assert took < 60
    assert list(out.iterdir()) == []  # nothing written


def test_a_lock_released_meanwhile_lets_the_run_go_on(tmp_path):
    out = tmp_path / "report"
    out.mkdir()
    fd = os.open(out, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)
    release = threading.Timer(3.0, os.close, (fd,))
    release.start()
    try:
        result = run_report(out, "120")
    finally:
        release.join()
    assert result.returncode == 0, result
    assert "waiting for another run writing into" in result.stderr
    assert any(p.suffix == ".md" for p in out.iterdir())
