"""The real process: broken pipes, Ctrl-C and files that are not files end in one line and a
non-zero exit, never a traceback or a hang."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from conftest import build_root

sys.path.insert(0, str(__import__("pathlib").Path(__file__).parent.parent / "bench"))
from generate import generate

SCIPLAN = [sys.executable, "-m", "sciplan"]


@pytest.fixture(scope="module")
def big_root(tmp_path_factory):
    """A root that takes a while to read (~75,000 values): room for a pipe to close or a Ctrl-C."""
    root = tmp_path_factory.mktemp("big") / "root"
    generate(root, indicators=300, years=12, peers=20)
    return root


def test_broken_pipe(big_root):
    """`sciplan status 2011 | head -1`: exit 141 and one line, as `head` closes the pipe early."""
    argv = [*SCIPLAN, "status", "2011", "--root", str(big_root), "--no-cache"]
    with subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        first = proc.stdout.readline()
        proc.stdout.close()
        stderr = proc.stderr.read().decode()
        proc.wait(timeout=60)
    assert first.decode().startswith("基准市 · 2011 scorecard")
    assert proc.returncode == 141, stderr
    assert stderr == "sciplan: error: output closed early (broken pipe)\n"


def test_broken_pipe_with_stderr_in_the_same_pipe(big_root):
    """`sciplan status 2011 2>&1 | head -1`: the closing message has nowhere to go, and the exit is still 141."""
    argv = [*SCIPLAN, "status", "2011", "--root", str(big_root), "--no-cache"]
    with subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT) as proc:
        first = proc.stdout.readline()
        proc.stdout.close()
        proc.wait(timeout=60)
    assert first.decode().startswith("基准市 · 2011 scorecard")
    assert proc.returncode == 141


def _catches_sigint(pid: int) -> bool:
    """Whether Python in `pid` has installed its Ctrl-C handler yet (Linux: SigCgt in /proc). Before
    that, a SIGINT kills the interpreter outright, as it would any program still starting. Until the
    child has become Python (exec), /proc shows the handlers it inherited from pytest, which catches
    SIGINT too: on a loaded machine the signal then killed it (exit -2, nothing said)."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            if f.read().split(b"\0")[1:3] != [b"-m", b"sciplan"]:
                return False
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            caught = next(line for line in f if line.startswith("SigCgt:"))
    except (OSError, StopIteration):
        return True  # no /proc: the sleep below has to do
    return bool(int(caught.split()[1], 16) & (1 << (signal.SIGINT - 1)))


def test_ctrl_c(big_root):
    argv = [*SCIPLAN, "check", "--root", str(big_root), "--no-cache"]
    with subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) as proc:
        deadline = time.monotonic() + 30  # a loaded machine may take seconds to start Python
        while not _catches_sigint(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.3)
        proc.send_signal(signal.SIGINT)
        stderr = proc.stderr.read().decode()
        proc.wait(timeout=60)
    assert "Traceback" not in stderr
    if proc.returncode != 0:  # finished first on a very fast machine: nothing to interrupt
        assert proc.returncode == 130
        assert stderr == "sciplan: error: interrupted\n"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_named_like_a_data_file_does_not_hang(tmp_path):
    root = build_root(tmp_path / "root")
    (root / "data" / "2019.yaml").unlink(missing_ok=True)
    os.mkfifo(root / "data" / "2019.yaml")
    proc = subprocess.run(
        [*SCIPLAN, "check", "--root", str(root)], capture_output=True, text=True, timeout=30, check=False
    )
    assert proc.returncode == 1
    assert proc.stderr.splitlines()[0] == ("data/2019.yaml:1:1: error[unreadable]: is a named pipe (FIFO), not a file")


def test_entry_point_runs(tmp_path):
    """`python -m sciplan` is the same command line as the installed script."""
    proc = subprocess.run([*SCIPLAN, "--version"], capture_output=True, text=True, check=False)
    assert proc.returncode == 0 and proc.stdout.startswith("sciplan ")


def test_ctrl_c_before_the_commands_own_guard(monkeypatch, capsys):
    """A Ctrl-C after the command line is imported but before its guard is up (setting up the
    streams, on a loaded machine) ends with one line and 130 too; it was a traceback (seen once
    in the whole suite under load)."""
    import sciplan.__main__ as entry
    from sciplan.cli import process

    def interrupted() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(process, "_closed_streams", interrupted)
    monkeypatch.setattr(entry.gc, "set_threshold", lambda *a: None)  # the test process keeps its own
    with pytest.raises(SystemExit) as ended:
        entry.run()
    assert ended.value.code == 130
    assert capsys.readouterr().err == "sciplan: error: interrupted\n"
