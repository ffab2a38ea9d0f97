"""The table drawn without rich is, character for character, the table rich prints."""

from __future__ import annotations

import pytest

from conftest import REPO
from sciplan.render import boxes

COMMANDS = [
    ["status", "2022"],
    ["status", "2021", "--parts"],
    ["status", "2022", "--unit", "泰兴高新区"],
    ["trend", "hightech_total"],
    ["trend", "rd_intensity"],
    ["plan"],
    ["compare", "hightech_total"],
    ["units", "2022"],
    ["units", "2022", "hightech_new"],
    ["indicators"],
]


@pytest.mark.parametrize("width", ["200", "100", "60"])
@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(a) for a in COMMANDS])
def test_drawn_table_is_what_rich_prints(args, width, run_cli, monkeypatch):
    monkeypatch.chdir(REPO)
    monkeypatch.setenv("COLUMNS", width)
    drawn = run_cli(*args)
    monkeypatch.setattr(boxes, "plain_output", lambda: False)  # every table through rich
    printed = run_cli(*args)
    assert drawn.exit_code == printed.exit_code == 0
    assert drawn.stdout == printed.stdout


def test_the_fast_path_is_taken(run_cli, monkeypatch):
    """Piped output without colour draws the table itself (rich is not even imported then)."""
    monkeypatch.chdir(REPO)
    calls = []
    real = boxes.draw
    monkeypatch.setattr(boxes, "draw", lambda *a: calls.append(1) or real(*a))
    run_cli("status", "2022")
    assert calls
