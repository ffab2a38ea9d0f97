"""Numbers are never broken by wrapping (issue 17): a number with its sign, decimals and unit stays on
one line, in any language, at any width. rich folds a Chinese sentence at whatever cell the line ends:
at 81 columns the pace note read `落后不超过1` / `0个百分点`."""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from sciplan.render.wrapping import wrap

TARGETS = """\
region: 测试区
indicators:
  firms: {name: 新增高企, unit: 家, targets: {2022: ">= 50"}}
  contracts: {name: 技术合同成交额, unit: 亿元, targets: {2022: "+15%"}}
  share: {name: 研发强度, unit: "%", kind: ratio, targets: {2022: "+0.2pp"}}
"""
Y2021 = "year: 2021\nfinal: true\nactuals: {firms: 40, contracts: 10, share: 2.5}\n"
Y2022 = "year: 2022\nas_of: 2022-09-30\nactuals: {firms: 30, contracts: 6.2, share: 2.55}\n"

# What a number is, said independently of the code: sign, digits, decimals, then its unit.
UNITS = ("个百分点", "pp", "%", "家", "亿元")
NUMBER = re.compile(r"[+\-−]?\d+(?:\.\d+)?(?:%|个百分点| ?pp|家|亿元)?")
BOX = set("│┃┏┗┡└├┌┐┘┤┬┴┼━─┳┻╇╋")


def make_root(tmp_path: Path) -> Path:
    root = tmp_path / "root"
    (root / "data").mkdir(parents=True)
    (root / "targets.yaml").write_text(TARGETS, encoding="utf-8")
    (root / "data/2021.yaml").write_text(Y2021, encoding="utf-8")
    (root / "data/2022.yaml").write_text(Y2022, encoding="utf-8")
    return root


def broken_numbers(output: str) -> list[tuple[str, str]]:
    """Pairs of lines (outside the table's boxes) where the first ends inside a number, or between a
    number and its unit: it ends with a digit, a decimal point or a sign, and the next goes on with a
    digit, a point or a unit."""
    lines = output.split("\n")
    found = []
    for a, b in pairwise(lines):
        if any(c in BOX for c in a + b) or not a.strip() or not b.strip():
            continue
        head, tail = a.rstrip(), b.lstrip()
        ends = re.search(r"\d\.?$|(?:^|\s)[+\-−]$", head)
        goes_on = re.match(r"[\d.]", tail) or tail.startswith(UNITS)
        if ends and goes_on:
            found.append((head[-12:], tail[:12]))
    return found


def test_the_pace_note_at_81_columns(tmp_path, run_cli, monkeypatch):
    """The table of three indicators is narrower than 81 columns: the notes wrap at 81."""
    monkeypatch.setenv("COLUMNS", "81")
    out = run_cli("status", "2022", "--root", str(make_root(tmp_path)), "--lang", "zh").stdout
    assert "落后不超过" in out and "10个百分点为正常" in out  # one line holds 10个百分点
    assert broken_numbers(out) == []
    assert all(cell_len(line) <= 81 for line in out.splitlines() if not set(line) & BOX)


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    return make_root(tmp_path_factory.mktemp("w"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(width=st.integers(min_value=40, max_value=200), lang=st.sampled_from(["zh", "en"]))
def test_no_number_is_broken_at_any_width(root, run_cli, monkeypatch, width, lang):
    monkeypatch.setenv("COLUMNS", str(width))
    out = run_cli("status", "2022", "--root", str(root), "--lang", lang).stdout
    assert broken_numbers(out) == [], (width, lang)


# Text built from pieces: numbers (with their units) set apart by words, Chinese characters,
# punctuation and spaces, so each number is known.
NUMBERS = st.builds(
    lambda sign, whole, frac, unit: f"{sign}{whole}{frac}{unit}",
    st.sampled_from(["", "+", "-"]),
    st.integers(min_value=0, max_value=10**8),
    st.sampled_from(["", ".5", ".25", ".125"]),
    st.sampled_from(["", "%", "个百分点", " pp", "家", "亿元"]),
)
SEPARATORS = st.sampled_from(
    ["，", "。", "；", "（", "）", " ", "  ", "低于目标", "完成", "的", "达", " below ", " short ", "、"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(SEPARATORS, NUMBERS), min_size=1, max_size=30), st.integers(min_value=40, max_value=200))
def test_wrap_keeps_every_number_whole(pieces, width):
    text = "".join(sep + number for sep, number in pieces) + "。"
    lines = wrap(text, width)
    assert all(cell_len(line) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")  # nothing lost but spaces at breaks
    for number in {number.strip() for _sep, number in pieces}:
        within = sum(line.count(number) for line in lines)
        assert within == text.count(number), (number, lines)  # each one whole on one line
    assert not any(line.startswith(("，", "。", "；", "）", "、", "%")) for line in lines[1:])


def test_wrap_never_needs_a_joiner():
    """The copy a user pastes holds only the characters of the text: no U+2060 word joiner."""
    text = "序时进度：目标完成比例对照时间进度（截至9月30日，全年时间已过75.0%）；落后不超过10个百分点为正常"
    for width in range(40, 81):
        assert all("\u2060" not in line and "\u200b" not in line for line in wrap(text, width))
        assert "".join(wrap(text, width)) == text
