"""`--help` wraps its text and never cuts it (new-user trial 3: at 80 columns `sciplan set --help` ended option
help with `…`: `--unit 填写下属板块（乡镇/园区）…`, and three were still cut at 100 columns). Every command's help,
in both languages, at 80 and 100 columns: no `…`, no line wider than the window, and each option's whole help
there to read."""

from __future__ import annotations

import re

import pytest
import typer.main
from rich.cells import cell_len

from sciplan.cli import app

COMMANDS = sorted(typer.main.get_command(app).commands)


def _help(run_cli, monkeypatch, command: list[str], lang: str, columns: int) -> str:
    monkeypatch.setenv("COLUMNS", str(columns))
    out = run_cli(*command, "--help", "--lang", lang)
    assert out.exit_code == 0, out
    return out.stdout


@pytest.mark.parametrize("columns", [80, 100])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_help_is_cut(run_cli, monkeypatch, lang, columns):
    cut = {}
    for command in [[], *([c] for c in COMMANDS)]:
        text = _help(run_cli, monkeypatch, command, lang, columns)
        wide = [line for line in text.splitlines() if cell_len(line) > columns]
        if "…" in text or wide:
            cut[" ".join(command) or "sciplan"] = [line for line in text.splitlines() if "…" in line] + wide
    assert not cut, cut


def test_an_options_help_is_all_there(run_cli, monkeypatch):
    """The text of `set --unit` and `--stage` at 80 columns, read back from the lines of its column."""
    text = _help(run_cli, monkeypatch, ["set"], "zh", 80)
    column = "".join(m.group(1).strip() for line in text.splitlines() if (m := re.fullmatch(r"│(.*)│", line)))
    assert "填写下属板块（乡镇/园区）的数据，按名称。" in column
    assert "数据所处的修订阶段：预计、快报、年报或公报（也可写estimate、flash、annual、bulletin）。" in column.replace(
        " ", ""
    )
