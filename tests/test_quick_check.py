"""`check`'s quick way in (issue 19: a cold `check --no-cache` at most a bare parse of the same files; typer's
import and the building of every command were a sixth of it on a 1,000-indicator root): cli/quick.py reads a
plain `check` command line without typer, and whatever it reads reaches checking.check exactly as typer hands
it; anything else it leaves to typer."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from quick_paths import through_quick, through_typer
from test_quick import _kind_of, _quick_kind, _typer_commands

from conftest import REPO, build_root
from sciplan.cli import checking, quick


def test_the_table_is_typers_declaration():
    command, table = _typer_commands()["check"], quick.WRITING["check"]
    options = {**quick.WHERE, **table.options}
    assert [p for p in command.params if p.param_type_name == "argument"] == list(table.arguments) == []
    declared = {}
    for p in command.params:
        if p.param_type_name != "option" or not p.expose_value:
            continue
        assert not p.multiple and not p.secondary_opts and not p.required, p.name
        declared.update({spelling: (p.name, _kind_of(p)) for spelling in p.opts})
    assert declared == {spelling: (n, _quick_kind(k)) for spelling, (n, k) in options.items()}
    assert [o for p in command.params if not p.expose_value for o in p.opts] == ["--lang"]


def _through_typer(args: list[str], monkeypatch) -> tuple[Any, ...]:
    return through_typer(checking, "check", args, monkeypatch)


def _through_quick(plain: quick.Plain, args: list[str], monkeypatch) -> tuple[Any, ...]:
    return through_quick(checking, "check", plain, monkeypatch)


PLAIN = [
    ["check"],
    ["check", "--no-cache"],
    ["check", "--strict", "-f", "json", "--root", "here"],
    ["check", "--format=github", "--lang", "zh", "--no-cache", "--strict"],
    ["check", "-f", "text", "--lang=en", "--root=a b"],
]
NOT_PLAIN = [
    ["check", "-f", "JSON"],  # click takes any case: typer reads it
    ["check", "x"],  # check takes no argument
    ["check", "--strict", "--strict"],
    ["check", "--strict=yes"],
    ["check", "-f"],
    ["check", "--help"],
    ["check", "--year", "2022"],
]


@pytest.mark.parametrize("args", PLAIN, ids=" ".join)
def test_a_plain_check_reaches_the_command_as_through_typer(args, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SCIPLAN_ROOT", raising=False)
    monkeypatch.delenv("SCIPLAN_LANG", raising=False)
    plain = quick.parse(args, {})
    assert plain is not None
    assert _through_quick(plain, args, monkeypatch) == _through_typer(args, monkeypatch)


@pytest.mark.parametrize("args", NOT_PLAIN, ids=" ".join)
def test_anything_else_is_left_to_typer(args):
    assert quick.parse(args, {}) is None


TOKENS = st.sampled_from(
    [
        "x", "", "-", "--", "json", "JSON", "text", "github", "zh", "fr", "--strict", "--strict=1", "-f",
        "--format", "--format=json", "--root", "--root=", "--no-cache", "--lang", "--lang=zh", "--bogus", "-h",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(rest=st.lists(TOKENS, max_size=6))
def test_whatever_quick_reads_typer_reads_the_same(rest):
    args = ["check", *rest]
    plain = quick.parse(args, {})
    if plain is None:
        return
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.delenv("SCIPLAN_ROOT", raising=False)
        monkeypatch.delenv("SCIPLAN_LANG", raising=False)
        assert _through_quick(plain, args, monkeypatch) == _through_typer(args, monkeypatch)


@pytest.mark.parametrize("case", ["invalid/bad_target", "invalid/bad_date", None])
def test_the_script_checks_without_typer_and_says_the_same(case, run_cli, tmp_path):
    """On a root with errors and on a valid one: `sciplan check` (quick) prints what typer's run prints, byte
    for byte, with the same exit code, and never imports typer."""
    root = build_root(tmp_path / "root", REPO / "tests" / "cases" / case if case else None)
    env = {**os.environ, "NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "200", "LANG": "C.UTF-8"}
    for name in ("SCIPLAN_ROOT", "SCIPLAN_LANG", "LC_ALL", "LC_MESSAGES", "GITHUB_ACTIONS"):
        env.pop(name, None)
    for args in (["check", "--no-cache"], ["check", "-f", "json", "--no-cache"], ["check", "--lang", "zh"]):
        script = subprocess.run(
            [sys.executable, "-m", "sciplan", *args, "--root", str(root)], env=env, capture_output=True, check=False
        )
        typer_run = run_cli(*args, "--root", str(root))
        assert script.returncode == typer_run.exit_code
        assert (script.stdout, script.stderr.decode()) == (typer_run.stdout_bytes, typer_run.stderr)
    probe = (
        "import os, sys\n"
        "real = os._exit\n"
        "def ending(code):\n"
        "    print(sorted(m for m in sys.modules if m.split('.')[0] in ('typer', 'click')), file=sys.stderr)\n"
        "    real(code)\n"
        "os._exit = ending\n"
        f"sys.argv = ['sciplan', 'check', '--no-cache', '--root', {str(root)!r}]\n"
        "from sciplan.__main__ import run\n"
        "run()\n"
    )
    loaded = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, check=False)
    assert loaded.stderr.decode().splitlines()[-1:] == ["[]"], loaded.stderr.decode()
