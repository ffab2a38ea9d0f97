"""`set`'s quick way in (issue 20: `set` ≤ 1.5× `status`; typer's import was a fifth of a `set` on the demo,
and `status` no longer pays it): cli/quick.py reads a plain `set` command line without typer, and whatever
it reads reaches writing.set_figure exactly as typer hands it; anything else it leaves to typer."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from quick_paths import through_quick, through_typer
from test_quick import _kind_of, _quick_kind, _typer_commands

from sciplan.cli import quick, writing


def test_the_table_is_typers_declaration():
    command, table = _typer_commands()["set"], quick.WRITING["set"]
    options = {**quick.WHERE, **table.options}
    arguments = [p for p in command.params if p.param_type_name == "argument"]
    assert [(p.name, _kind_of(p), p.required) for p in arguments] == [
        (n, _quick_kind(k), r) for n, k, r in table.arguments
    ]
    declared, required = {}, set()
    for p in command.params:
        if p.param_type_name != "option" or not p.expose_value:
            continue
        assert not p.multiple and not p.secondary_opts, p.name
        declared.update({spelling: (p.name, _kind_of(p)) for spelling in p.opts})
        if p.required:
            required.add(p.name)
    assert declared == {spelling: (n, _quick_kind(k)) for spelling, (n, k) in options.items()}
    assert required == {n for n, _k in table.options.values()} - set(table.defaults)  # --year
    assert [o for p in command.params if not p.expose_value for o in p.opts] == ["--lang"]


def _through_typer(args: list[str], monkeypatch) -> tuple[Any, ...]:
    return through_typer(writing, "set_figure", args, monkeypatch)


def _through_quick(plain: quick.Plain, args: list[str], monkeypatch) -> tuple[Any, ...]:
    return through_quick(writing, "set_figure", plain, monkeypatch)


PLAIN = [
    ["set", "hightech_total", "281", "--year", "2022"],
    ["set", "高企", "1.2万件", "-y", "2022", "-m", "9", "--dry-run"],
    ["set", "tech_loans", "0.09亿元", "--year=2024", "--unit", "临湖镇", "--note", "含 空格", "--source", "月报"],
    ["set", "x", "null", "--peer", "兴化市", "--stage", "快报", "-n", "--root", "here", "--no-cache", "-y", "2021"],
    ["set", "x", "5", "--month=6", "--year", "2022", "--lang", "zh"],
]
NOT_PLAIN = [
    ["set", "x", "5"],  # --year is required: typer says so
    ["set", "x", "-5", "--year", "2022"],  # a value that starts with "-"
    ["set", "x", "5", "--year", "2022", "-f", "json"],  # not set's option
    ["set", "x", "5", "--year", "1899"],
    ["set", "x", "5", "--year", "2022", "--year", "2023"],
    ["set", "x", "5", "6", "--year", "2022"],
    ["set", "x", "5", "--year", "2022", "--help"],
]


@pytest.mark.parametrize("args", PLAIN, ids=" ".join)
def test_a_plain_set_reaches_the_command_as_through_typer(args, monkeypatch, tmp_path):
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
        "2022", "1899", "2201", "0", "9", "13", "x", "高企", "1.2万件", "null", "", "-", "--", "-1", "5.6亿元",
        "--year", "-y", "--month", "-m", "--unit", "--peer", "--note", "--source", "--stage", "--dry-run", "-n",
        "--root", "--no-cache", "--lang", "zh", "--year=2022", "--month=9", "-f", "--bogus", "-h",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(rest=st.lists(TOKENS, max_size=8))
def test_whatever_quick_reads_typer_reads_the_same(rest):
    args = ["set", *rest]
    plain = quick.parse(args, {})
    if plain is None:
        return
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.delenv("SCIPLAN_ROOT", raising=False)
        monkeypatch.delenv("SCIPLAN_LANG", raising=False)
        assert _through_quick(plain, args, monkeypatch) == _through_typer(args, monkeypatch)
