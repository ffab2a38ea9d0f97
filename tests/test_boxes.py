"""The table drawn without rich is, character for character, the table rich prints."""

from __future__ import annotations

import io
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text

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


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from([*"ab 指标, -.1✗", "  ", "abcdefghijklmnopqrstu"]), max_size=120).map("".join),
    st.integers(min_value=4, max_value=120),
)
def test_a_long_note_prints_through_rich_as_drawn(line, width):
    """Issue 19: a note wider than the table went to rich for the whole table (76–81% of a 10k-row
    status). Both paths break it with boxes.wrap (render/wrapping.py: never inside a number, issue 17);
    each line fits, so rich prints the lines as they are."""
    out = io.StringIO()
    Console(file=out, width=width, highlight=False, markup=False, emoji=False, soft_wrap=False).print(
        Text("\n".join(boxes.wrap(line, width))), crop=False
    )
    assert "\n".join(boxes.wrap(line, width)) + "\n" == out.getvalue()


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from([*"ab ,-.✗", "  ", "abcdefghijklmnopqrstu"]), max_size=120).map("".join),
    st.integers(min_value=4, max_value=120),
)
def test_text_without_numbers_or_chinese_wraps_where_rich_wraps_it(line, width):
    """Where no number and no Chinese is involved, the lines are rich's own, trailing spaces and
    folded words alike."""
    out = io.StringIO()
    Console(file=out, width=width, highlight=False, markup=False, emoji=False, soft_wrap=False).print(
        Text(line), crop=False
    )
    assert "\n".join(boxes.wrap(line, width)) + "\n" == out.getvalue()


@pytest.fixture(scope="module")
def many_formulas(tmp_path_factory):
    """1,000 indicators, 20 of them computed from a formula: the note naming them is ~200 cells wide."""
    sys.path.insert(0, str(REPO / "bench"))
    from generate import generate

    root = tmp_path_factory.mktemp("wide") / "root"
    generate(root, 1000, 2, 1)
    return root


@pytest.mark.parametrize(("width", "drawn_here"), [("200", True), ("150", True), ("60", False)])
def test_a_table_with_a_wide_note_is_drawn_without_rich(width, drawn_here, many_formulas, run_cli, monkeypatch):
    """At 60 columns the table's own cells fold: rich draws it, and the outputs still agree."""
    monkeypatch.chdir(many_formulas)
    monkeypatch.setenv("COLUMNS", width)
    calls = []
    real = boxes.draw
    monkeypatch.setattr(boxes, "draw", lambda *a: calls.append(real(*a)) or calls[-1])
    drawn = run_cli("status", "2001")
    assert calls and (calls[0] is not None) == drawn_here  # drawn here, not handed to rich
    assert "† computed from its formula: 指标0049, " in drawn.stdout  # the long note
    monkeypatch.setattr(boxes, "plain_output", lambda: False)
    printed = run_cli("status", "2001")
    assert drawn.exit_code == printed.exit_code == 0
    assert drawn.stdout == printed.stdout


def test_cells_of_ascii_and_chinese_are_counted_as_rich_counts_them():
    """Issue 19: the plain table counted the cells of each Chinese name through rich's per-character
    walk (a sixth of a 10,000-row table). Printable ASCII and the CJK Unified Ideographs are counted
    from the text's length: the same as rich for every such character, and for mixed text."""
    from rich.cells import cell_len as rich_cell_len

    from sciplan.render.boxes import cell_len

    for code in [*range(0x20, 0x7F), *range(0x4E00, 0xA000)]:
        assert cell_len(chr(code)) == rich_cell_len(chr(code)), hex(code)
    for text in ("指标0005", "全社会研发经费投入强度", "R&D经费 2.58%", "", "（括号）", "😀x", "a\tb", "é"):
        assert cell_len(text) == rich_cell_len(text), text
    assert cell_len("指标0005") == 8  # 2 ideographs × 2 cells + 4 digits


def test_cells_of_signs_and_chinese_punctuation_are_counted_as_rich_counts_them():
    """Issue 19: a target (`≥ 50`), a status (`✓ met`), `—` and Chinese punctuation went through rich's
    per-character walk; each sign is one cell and each punctuation mark two, as rich counts them."""
    from rich.cells import cell_len as rich_cell_len

    from sciplan.render.boxes import NARROW_SIGNS, WIDE_PUNCTUATION, cell_len

    for ch in NARROW_SIGNS:
        assert cell_len(ch) == rich_cell_len(ch) == 1, hex(ord(ch))
    for ch in WIDE_PUNCTUATION:
        assert cell_len(ch) == rich_cell_len(ch) == 2, hex(ord(ch))
    texts = ("≥ 50", "✓ met", "—", "+15% → ≥ 9016", "≥ 2.80（力争 3.00）", "·", "✗ 未完成", "近100…", "“增长”", "★○")
    for text in texts:
        assert cell_len(text) == rich_cell_len(text), text
    # ≥, a space and the 4 characters of 2.80: 6; （, 力, 争 and ）: 4 × 2 = 8; a space and 3.00: 5
    assert cell_len("≥ 2.80（力争 3.00）") == 19
    assert cell_len("≥ é") == rich_cell_len("≥ é") == 3  # é is none of them: rich counts the text
    assert cell_len("✗ 未完成") == 8  # ✗ and a space: 2; three ideographs: 6


@pytest.mark.parametrize(
    "name, unit, group",
    [("组\u200d", "个", None), ("n3\u200d名\u200d", "个", None), ("组", "个", "组\u200d")],
)
def test_a_zero_width_joiner_is_drawn_as_rich_draws_it(name, unit, group, run_cli, tmp_path, monkeypatch):
    """Attacker trial 6: a name ending in U+200D ZERO WIDTH JOINER was padded one space short of what
    rich prints (rich 15's table measures such a cell a cell narrower than rich.cells does)."""
    from conftest import write_root

    grouped = "" if group is None else f"\n    group: {group!r}"
    targets = (
        f"region: R\nindicators:\n  a:\n    name: {name!r}\n    unit: {unit!r}{grouped}\n    targets: {{2022: 10}}\n"
    )
    root = write_root(tmp_path / "root", targets.replace("'", '"'), {2022: "final: true\nactuals: {a: 5}\n"})
    drawn = run_cli("status", "2022", "--root", str(root))
    monkeypatch.setattr(boxes, "plain_output", lambda: False)
    printed = run_cli("status", "2022", "--root", str(root))
    assert drawn.exit_code == printed.exit_code == 0, drawn.stderr
    assert drawn.stdout == printed.stdout
