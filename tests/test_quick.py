"""The read commands' quick way in (issue 19: typer's import was a third of a warm run on the demo):
cli/quick.py reads a plain command line without typer, and whatever it reads reaches the command exactly
as typer would hand it; anything it is not sure of it leaves to typer."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from quick_paths import through_quick, through_typer
from typer.main import get_command

from conftest import REPO
from sciplan.cli import app, quick, reading


def _typer_commands() -> dict[str, Any]:
    return get_command(app).commands  # type: ignore[attr-defined]


def _kind_of(param: Any) -> Any:
    """A click parameter's type in quick.py's terms."""
    kind = param.type  # click's (or typer's own copy of click's) type: told apart by what they hold
    if getattr(param, "is_flag", False):
        return quick.FLAG
    if hasattr(kind, "min") and hasattr(kind, "max"):
        assert not kind.min_open and not kind.max_open and not kind.clamp
        return (kind.min, kind.max)
    if hasattr(kind, "choices"):
        return tuple(kind.choices)
    if "Path" in type(kind).__name__:
        return quick.PATH
    assert type(kind).__name__ == "StringParamType", kind
    return quick.TEXT


def _quick_kind(kind: Any) -> Any:
    return tuple(m.value for m in kind) if isinstance(kind, type) else kind


@pytest.mark.parametrize("name", sorted(quick.COMMANDS))
def test_the_table_is_typers_declaration(name):
    """Every argument and option of the typer command, in quick.py's table with the same kind, range,
    choices and spellings (a new option in view_commands.py without its line here fails)."""
    command, table = _typer_commands()[name], quick.COMMANDS[name]
    options = {**quick.SHARED, **table.options}
    arguments = [p for p in command.params if p.param_type_name == "argument"]
    assert [(p.name, _kind_of(p), p.required) for p in arguments] == [
        (n, _quick_kind(k), r) for n, k, r in table.arguments
    ]
    declared = {}
    for p in command.params:
        if p.param_type_name != "option" or not p.expose_value:
            continue
        assert not p.multiple and not p.secondary_opts, p.name
        declared.update({spelling: (p.name, _kind_of(p)) for spelling in p.opts})
    assert declared == {spelling: (n, _quick_kind(k)) for spelling, (n, k) in options.items()}
    assert [o for p in command.params if not p.expose_value for o in p.opts] == ["--lang"]


def _through_typer(args: list[str], monkeypatch) -> tuple[Any, ...]:
    return through_typer(reading, args[0], args, monkeypatch)


def _through_quick(plain: quick.Plain, args: list[str], monkeypatch) -> tuple[Any, ...]:
    return through_quick(reading, args[0], plain, monkeypatch)


PLAIN = [
    ["status", "2022"],
    ["status", "2022", "-f", "json"],
    ["status", "--format=csv", "2022", "--bom", "--header", "zh", "--encoding", "utf-8"],
    ["status", "2022", "--sort", "status", "--fail-on", "short,near", "--unit", "临湖镇", "--parts"],
    ["status", "2022", "--month", "6", "--by", "owner", "--lang", "zh", "--no-cache", "--root", "somewhere"],
    ["status", "2022", "--lang=en", "--root=a b"],
    ["indicators"],
    ["indicators", "-f", "markdown"],
    ["trend", "hightech_total"],
    ["trend", "hightech_total", "2022", "--months"],
    ["trend", "高企", "--from", "2019", "--to", "2021", "-f", "plain"],
    ["plan"],
    ["plan", "action_2021_2023", "--year", "2022"],
    ["compare", "hightech_total", "--years", "5", "--year", "2021"],
    ["units", "2022"],
    ["units", "2022", "hightech_new", "--month", "9", "-f", "json"],
    ["status", "2022", "--bom"],  # plain to read; the command itself refuses --bom without csv
    ["trend", "x", "2021"],  # the same: a YEAR without --months
]


@pytest.mark.parametrize("args", PLAIN, ids=" ".join)
def test_a_plain_command_line_reaches_the_command_as_through_typer(args, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SCIPLAN_ROOT", raising=False)
    monkeypatch.delenv("SCIPLAN_LANG", raising=False)
    plain = quick.parse(args)
    assert plain is not None, args
    assert _through_quick(plain, args, monkeypatch) == _through_typer(args, monkeypatch)


NOT_PLAIN = [
    [],
    ["--help"],
    ["--version"],
    ["--lang", "zh", "status", "2022"],  # a group option first
    ["status"],  # missing YEAR
    ["status", "2022", "2023"],  # an extra argument
    ["status", "1899"],
    ["status", "２０２２"],  # full-width digits (Python's int() reads them; click's range says more)
    ["status", "+2022"],
    ["status", "2022", "-h"],
    ["status", "2022", "-f", "JSON"],  # click takes any case: typer reads it
    ["status", "2022", "-fjson"],
    ["status", "2022", "-f=json"],
    ["status", "2022", "-f", "json", "--format", "csv"],  # twice
    ["status", "2022", "--month"],
    ["status", "2022", "--month", "13"],
    ["status", "2022", "--unit", "--parts"],  # click would take --parts as the unit
    ["status", "2022", "--unit", ""],
    ["status", "2022", "--parts=yes"],
    ["status", "2022", "--", "x"],
    ["status", "2022", "--lang", "fr"],
    ["status", "2022", "--bogus"],
    ["trend", "-"],
    ["check", "--bogus"],
    ["set", "x", "2022", "1"],
]


@pytest.mark.parametrize("args", NOT_PLAIN, ids=" ".join)
def test_anything_else_is_left_to_typer(args):
    assert quick.parse(args, {}) is None


def test_shell_completion_is_left_to_typer():
    assert quick.parse(["status", "2022"], {"_SCIPLAN_COMPLETE": "bash_complete"}) is None


@pytest.mark.parametrize("value", ["", "elsewhere"])
def test_the_root_from_the_environment_as_typer_reads_it(value, monkeypatch, tmp_path):
    """$SCIPLAN_ROOT is the root when --root is not given and it is not empty (click's envvar rule)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SCIPLAN_ROOT", value)
    for args in (["status", "2022"], ["status", "2022", "--root", "given"]):
        plain = quick.parse(args)
        assert plain is not None
        assert _rooted(_through_quick(plain, args, monkeypatch)) == _rooted(_through_typer(args, monkeypatch))


def _rooted(seen: tuple[Any, ...]) -> tuple[Any, ...]:
    """The root as the command will use it: typer 0.26 (the floor) hands over no root where newer
    releases hand over $SCIPLAN_ROOT, and api.find_root then reads $SCIPLAN_ROOT itself."""
    values, *rest = seen
    if values is None:
        return seen
    out = []
    env = os.environ.get("SCIPLAN_ROOT")
    for name, kind, value in values:
        unrooted = hasattr(value, "root") and value.root is None and env
        out.append((name, kind, value._replace(root=Path(env)) if unrooted else value))
    return (tuple(out), *rest)


TOKENS = st.sampled_from(
    [
        "2022", "2021", "1899", "2201", "0", "9", "13", "03", "1", "50", "51", "x", "高企", "", "-", "--", "-1",
        "json", "JSON", "csv", "table", "status", "catalogue", "zh", "en", "fr", "utf-8", "gbk", "key", "short",
        "-f", "--format", "--bom", "--header", "--encoding", "--root", "--no-cache", "--lang", "--sort", "--fail-on",
        "--unit", "--parts", "--month", "--by", "--months", "--from", "--to", "--year", "--years", "-h", "--help",
        "--format=json", "--month=9", "--lang=zh", "--no-cache=1", "--root=", "--bogus",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(command=st.sampled_from(sorted(quick.COMMANDS)), rest=st.lists(TOKENS, max_size=7))
def test_whatever_quick_reads_typer_reads_the_same(command, rest):
    """Over random command lines: when quick.py reads one, typer hands the command the same values in
    the same language (and when typer would refuse it, quick.py never reads it)."""
    args = [command, *rest]
    plain = quick.parse(args, {})
    if plain is None:
        return
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.delenv("SCIPLAN_ROOT", raising=False)
        monkeypatch.delenv("SCIPLAN_LANG", raising=False)
        assert _through_quick(plain, args, monkeypatch) == _through_typer(args, monkeypatch)


def _script(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "sciplan", *args], cwd=REPO, env=env, capture_output=True, check=False)


def test_the_script_runs_a_plain_command_without_typer_and_prints_the_same(run_cli):
    """On the demo: `sciplan status 2022` (quick) prints what typer's run prints, byte for byte, and
    never imports typer; a command line left to typer (`-f JSON`) gives the same JSON as `-f json`."""
    env = {**os.environ, "NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "200", "LANG": "C.UTF-8"}
    for name in ("SCIPLAN_ROOT", "SCIPLAN_LANG", "LC_ALL", "LC_MESSAGES"):
        env.pop(name, None)
    for args in (["status", "2022"], ["status", "2022", "-f", "json"], ["trend", "hightech_total", "-f", "csv"]):
        script = _script(args, env)
        typer_run = run_cli(*args, "--root", str(REPO))
        assert script.returncode == typer_run.exit_code == 0
        assert script.stdout == typer_run.stdout_bytes
    shown = _script(["status", "2022", "-f", "json"], env).stdout
    assert _script(["status", "2022", "-f", "JSON"], env).stdout == shown
    probe = (
        "import os, sys\n"
        "real = os._exit\n"
        "def ending(code):\n"
        "    heavy = sorted(m for m, module in sys.modules.items()  # the plugin loader of __main__ has no file\n"
        "        if m.split('.')[0] in ('typer', 'click', 'pydantic', 'rich') and hasattr(module, '__file__'))\n"
        "    print(heavy, file=sys.stderr, flush=True)\n"
        "    real(code)\n"
        "os._exit = ending\n"
        "sys.argv = ['sciplan', 'indicators', '-f', 'json']\n"
        "from sciplan.__main__ import run\n"
        "run()\n"
    )
    loaded = subprocess.run([sys.executable, "-c", probe], cwd=REPO, env=env, capture_output=True, check=False)
    assert loaded.returncode == 0 and loaded.stderr.decode().splitlines() == ["[]"], loaded.stderr.decode()


def test_the_command_line_looks_for_no_pydantic_plugins():
    """Issue 19: pydantic imported importlib.metadata to look for plugins as it built sciplan's models
    (23 ms of a cold run). The command-line process gives it a loader that finds none; the loader's
    other names are the real loader's; a program importing sciplan keeps pydantic's own loader."""
    env = {**os.environ, "LANG": "C.UTF-8"}
    env.pop("SCIPLAN_ROOT", None)
    probe = (
        "import os, sys\n"
        "real = os._exit\n"
        "def ending(code):\n"
        "    looked = 'importlib.metadata' in sys.modules\n"
        "    from pydantic.plugin._loader import PYDANTIC_ENTRY_POINT_GROUP, get_plugins\n"
        "    print(looked, tuple(get_plugins()), PYDANTIC_ENTRY_POINT_GROUP,\n"
        "          file=sys.stderr, flush=True)\n"
        "    real(code)\n"
        "os._exit = ending\n"
        "sys.argv = ['sciplan', 'status', '2022', '-f', 'json', '--no-cache']\n"
        "from sciplan.__main__ import run\n"
        "run()\n"
    )
    ran = subprocess.run([sys.executable, "-c", probe], cwd=REPO, env=env, capture_output=True, check=False)
    assert ran.returncode == 0, ran.stderr.decode()
    # no plugin lookup before the end (the entry-point group is then read from the real loader)
    assert ran.stderr.decode().splitlines()[-1] == "False () pydantic"
    plain = _script(["status", "2022", "-f", "json", "--no-cache"], env)
    assert ran.stdout == plain.stdout and b'"region"' in plain.stdout
    library = (
        "import sys, sciplan.api\n"
        "sciplan.api.scorecard('.', 2022, use_cache=False)\n"
        "print(sys.modules['pydantic.plugin._loader'].__file__.endswith('_loader.py'))\n"
    )
    ran = subprocess.run([sys.executable, "-c", library], cwd=REPO, env=env, capture_output=True, check=False)
    assert ran.stdout.decode().strip() == "True", ran.stderr.decode()  # pydantic's own loader, as it stands
