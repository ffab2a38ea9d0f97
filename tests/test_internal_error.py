"""An unexpected exception is a bug, not "your data has problems": one line, exit 70, the traceback
only with SCIPLAN_DEBUG=1; a failing cross-file rule is a finding of `check`, the other rules still run."""

from __future__ import annotations

import subprocess
import sys

from conftest import BASE
from sciplan.app.loader import load_project
from sciplan.check import rules

LINE = "sciplan: internal error: ZeroDivisionError: planted — please report it; SCIPLAN_DEBUG=1 shows the traceback"


def _planted(*_args, **_kwargs):
    raise ZeroDivisionError("planted")


def test_a_bug_in_a_command_is_one_line_and_exit_70(monkeypatch, run_cli):
    from sciplan.compute import status

    monkeypatch.setattr(status, "scorecard", _planted)
    monkeypatch.delenv("SCIPLAN_DEBUG", raising=False)
    result = run_cli("status", "2021", "--root", str(BASE), "--no-cache")
    assert result.exit_code == 70
    assert result.stderr.splitlines() == [LINE]


def _run_planted(env_debug: str | None) -> subprocess.CompletedProcess:
    code = (
        "import sciplan.compute.status as o\n"
        "def planted(*a, **k): raise ZeroDivisionError('planted')\n"
        "o.scorecard = planted\n"
        "import sys; sys.argv = ['sciplan', 'status', '2021', '--root', sys.argv[1], '--no-cache']\n"
        "from sciplan.__main__ import run; run()\n"
    )
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "NO_COLOR": "1"}
    if env_debug is not None:
        env["SCIPLAN_DEBUG"] = env_debug
    return subprocess.run([sys.executable, "-c", code, str(BASE)], capture_output=True, text=True, env=env, check=False)


def test_the_real_process_exits_70_with_one_line():
    result = _run_planted(None)
    assert (result.returncode, result.stderr.splitlines()) == (70, [LINE])


def test_sciplan_debug_shows_the_traceback():
    result = _run_planted("1")
    assert result.returncode == 70
    assert "Traceback (most recent call last)" in result.stderr
    assert result.stderr.splitlines()[-1] == LINE


def test_a_failing_rule_is_a_finding_and_the_others_still_run(monkeypatch, run_cli):
    monkeypatch.delenv("SCIPLAN_DEBUG", raising=False)
    project = load_project(BASE)
    found = rules.run(project, (_planted, *rules.RULES))
    internal = [p for p in found if p.code == "internal-error"]
    assert [(p.file, p.line, p.column, p.severity, p.message) for p in internal] == [
        ("targets.yaml", 1, 1, "error", LINE.removeprefix("sciplan: "))
    ]
    assert [p for p in found if p.code != "internal-error"] == rules.run(project)


def test_a_command_stopped_by_a_failing_rule_exits_70(monkeypatch, run_cli):
    """The rules run before status computes: their internal error stops it as a bug, not as bad data."""
    from sciplan.compute import observed

    monkeypatch.delenv("SCIPLAN_DEBUG", raising=False)
    monkeypatch.setattr(observed, "_fill", _planted)
    result = run_cli("status", "2021", "--root", str(BASE), "--no-cache")
    assert result.exit_code == 70
    assert "error[internal-error]: internal error: ZeroDivisionError: planted" in result.stderr


def test_check_exits_70_when_a_rule_fails(monkeypatch, run_cli):
    monkeypatch.delenv("SCIPLAN_DEBUG", raising=False)
    monkeypatch.setattr(rules, "RULES", (_planted, *rules.RULES))
    monkeypatch.setattr(rules.run, "__defaults__", ((_planted, *rules.RULES),))
    result = run_cli("check", "--root", str(BASE), "--no-cache")
    assert result.exit_code == 70
    assert result.stderr.splitlines()[0] == "targets.yaml:1:1: error[internal-error]: " + LINE.removeprefix("sciplan: ")
