"""The shared options are declared once (issue 18): `Where` (--root, --no-cache) and `Output` (those and
-f, --bom, --header, --encoding) are expanded by `command_options` where a command declares them, and
reach the command as one checked value."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pytest
import typer
from typer.main import get_command
from typer.testing import CliRunner

from sciplan.cli import app
from sciplan.cli.options import Output, OutputFormat, Where, command_options

ROOT_READERS = (
    "status", "check", "indicators", "trend", "plan", "compare", "units", "template", "set", "import", "diff",
    "history", "init", "report", "extract",
)  # fmt: skip
VIEWS = ("status", "indicators", "trend", "plan", "compare", "units", "diff", "history")


def _options(name: str) -> list[str]:
    command = get_command(app).commands[name]  # type: ignore[attr-defined]
    return [opt for param in command.params for opt in param.opts]


@pytest.mark.parametrize("name", ROOT_READERS)
def test_every_command_that_reads_a_root_has_the_bundle_once(name):
    options = _options(name)
    assert options.count("--root") == 1 and options.count("--no-cache") == 1
    csv = ("--bom", "--header", "--encoding")  # Output's own (check has a --format of its own)
    assert all(options.count(o) == (1 if name in VIEWS else 0) for o in csv), options


def test_the_bundle_stands_where_declared_and_arrives_as_one_value(tmp_path):
    """A command declaring (name, where, --loud): --root and --no-cache between them in that order; the
    command gets Where(root, use_cache) and an Output its checked CSV style."""
    got: list[object] = []
    toy = typer.Typer()

    @toy.command()
    @command_options
    def first(
        name: Annotated[str, typer.Argument()],
        where: Where,
        loud: Annotated[bool, typer.Option("--loud")] = False,
    ) -> None:
        got.append((name, where, loud))

    @toy.command()
    @command_options
    def second(*, out: Output) -> None:
        got.append(out)

    params = [p.name for p in get_command(toy).commands["first"].params]  # type: ignore[attr-defined]
    assert params == ["name", "root", "no_cache", "loud"]
    runner = CliRunner()
    assert runner.invoke(toy, ["first", "x", "--root", str(tmp_path), "--no-cache", "--loud"]).exit_code == 0
    assert got.pop() == ("x", Where(tmp_path, False), True)
    assert runner.invoke(toy, ["first", "y"]).exit_code == 0
    assert got.pop() == ("y", Where(None, True), False)
    assert runner.invoke(toy, ["second", "-f", "csv", "--bom"]).exit_code == 0
    out = got.pop()
    assert isinstance(out, Output) and (out.root, out.use_cache, out.format) == (None, True, OutputFormat.csv)
    assert out.csv.bom is True
    refused = runner.invoke(toy, ["second", "--bom"])  # checked once, for every view command: csv only
    assert refused.exit_code == 2 and "--bom applies to --format csv only" in refused.stderr
    assert got == []


def test_a_wrong_root_is_said_once_for_every_kind_of_command(tmp_path, run_cli):
    """The bundle's --root reaches check, a view and a writing command alike."""
    missing = tmp_path / "nowhere"
    for args in (["check"], ["status", "2021"], ["set", "firms", "1", "--year", "2021"]):
        result = run_cli(*args, "--root", str(missing))
        assert result.exit_code == 1
        assert result.stderr == f"sciplan: error: {missing}: no such folder\n"
    assert not Path(missing).exists()
