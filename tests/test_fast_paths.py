"""A large file of figures (thousands of peers, millions of values) is read by short ways: the parser reads a plain
scalar in a collection inline, the year's reader takes a plain number without the value language, and datashape.py
stands in for pydantic. Each short way must read exactly as the long way it stands for: the same data, the same
problems, at the same places."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import write_root
from sciplan.app.loader import load_project
from sciplan.load import parser
from sciplan.load.parser import parse
from sciplan.validate import yeardata

# Plain scalars the inline reading must read as scalars.resolve_plain and place() do: numbers of every shape,
# texts with colons (a key glued to its value), keys that are not names (true:, ~:, 2.5:, 010:), a merge key.
SCALARS = [
    "12.5", "0.5", "1.", ".5", "1e3", "1.5e3", "007", "010", "86", "0", "0.0", "٣.٣", "１２.５", "1_000", "12.5.1",
    "1" * 41, "1" * 39 + ".5", "true", "False", "~", "null", ".inf", ".nan", "x", "ind_0001", "邻市01", "a:b",
    "hightech：930", "2021-09-30", "1:20", "+40", "-3", "<<", "\u3000x", "2.5", "'q'", '"12.5"', "!!str 12.5",
    "&a 12.5", "*a",
]  # fmt: skip


def _text(pairs: list[tuple[str, Any]], indent: int = 0) -> str:
    lines = []
    for key, value in pairs:
        if isinstance(value, list):
            lines.append(" " * indent + f"{key}:")
            lines.append(_text(value, indent + 2))
        else:
            lines.append(" " * indent + f"{key}: {value}")
    return "\n".join(lines)


ONE = st.sampled_from(SCALARS)
PAIRS = st.recursive(
    st.lists(st.tuples(ONE, ONE), min_size=1, max_size=6),
    lambda inner: st.lists(st.tuples(ONE, inner | ONE), min_size=1, max_size=4),
    max_leaves=12,
)


def _typed(data: Any) -> Any:
    """The data with every scalar's type beside it (Decimal(1) == 1 == True in Python)."""
    if isinstance(data, dict):
        return [(_typed(k), _typed(v)) for k, v in data.items()]
    if isinstance(data, list):
        return [_typed(v) for v in data]
    return (type(data).__name__, str(data))


def _long_way(text: str) -> tuple[Any, list]:
    """The text read as before the inline reading: every node through place(), as with positions."""
    loader = yaml.CSafeLoader(text)
    try:
        doc = parser._build(loader, text, "f.yaml", positions=True)
    except parser._Stop as stop:
        return None, [stop.problem]
    except yaml.YAMLError:
        return None, ["yaml"]
    finally:
        loader.dispose()
    return _typed(doc.data), []


@settings(max_examples=300, deadline=None)
@given(PAIRS, st.booleans())
def test_the_inline_reading_of_plain_scalars_is_place(pairs, listed):
    text = _text(pairs)
    if listed:  # the same scalars as list items
        text += "\nitems:\n" + "\n".join(f"  - {value}" for _key, value in pairs if not isinstance(value, list))
    doc, problems = parse(text, "f.yaml")
    data, long_problems = _long_way(text)
    if problems and problems[0].code == "yaml-syntax":
        return  # libyaml's own error, worded by syntax.py after either reading
    assert (_typed(doc.data) if doc else None, problems) == (data, long_problems)


def test_the_inline_reading_still_refuses_what_place_refuses():
    # a duplicate key names the first one's line (2); a merge key, a key glued to its value
    _doc, problems = parse("a: 1\nb: 2\nc: 3\nb: 4\n", "f.yaml")
    assert [(p.line, p.column, p.code) for p in problems] == [(4, 1, "duplicate-key")]
    assert "first at line 2" in problems[0].message
    _doc, problems = parse("a:\n  <<: 1\n", "f.yaml")
    assert [(p.line, p.column, p.code) for p in problems] == [(2, 3, "merge-key")]
    _doc, problems = parse("a:\n  b: c：930\n", "f.yaml")
    assert [(p.line, p.column, p.code) for p in problems] == [(2, 7, "yaml-syntax")]  # at the colon: column 6 + 1


TARGETS = "region: 本市\nindicators:\n  x:\n    name: 甲\n    unit: 亿元\n"


@pytest.fixture(scope="module")
def read(tmp_path_factory):
    root = write_root(tmp_path_factory.mktemp("fast") / "root", TARGETS, {2022: "year: 2022\n"})
    project = load_project(root)
    doc, _problems = parse("peers:\n  乙市:\n    x: 1\n", "data/2022.yaml")

    def both(value: Any) -> tuple[Any, Any]:
        problems: list = []
        short = yeardata._values({"x": value}, project.catalogue, frozenset(), doc, ("peers", "乙市"), problems)
        long = yeardata._actual(value, project.catalogue.indicators["x"], doc, ("peers", "乙市", "x"))
        return (short.get("x"), problems), (long[0], [long[1]] if long[1] else [])

    return both


# at the edges of finite(): 15 digits before the point, 10 after it, 15 significant digits
EDGES = [
    Decimal("999999999999999"), Decimal("1000000000000000"), Decimal("999999999999999.9"), Decimal("0.0000000001"),
    Decimal("0.00000000001"), Decimal("0E-20"), Decimal("0E+20"), Decimal("123456789012.345"),
    Decimal("1234567890123.456"), Decimal("1.00000000000000"), Decimal("12345678901234.50"), Decimal("-0.5"),
    Decimal("NaN"), Decimal("Infinity"), Decimal("1E+14"), Decimal("1E+15"), 10**15 - 1, 10**15, -(10**15) + 1,
    -(10**15), 0, True, "12.5", None,
]  # fmt: skip


@pytest.mark.parametrize("value", EDGES, ids=repr)
def test_a_plain_figure_reads_as_the_value_language_reads_it(read, value):
    short, long = read(value)
    assert short == long
    assert [type(v).__name__ for v in short[0] or ()] == [type(v).__name__ for v in long[0] or ()]


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.decimals(allow_nan=True), st.integers(-(10**17), 10**17)))
def test_any_number_reads_as_the_value_language_reads_it(read, value):
    short, long = read(value)
    assert short == long


def test_the_edges_read_as_said(read):
    # 15 digits before the point are read, 16 are not; 10 decimals are, 11 are not; 16 significant digits are not
    assert read(Decimal("999999999999999"))[0][0].value == Decimal("999999999999999")
    assert [p.code for p in read(Decimal("1000000000000000"))[0][1]] == ["out-of-range"]
    assert read(Decimal("0.0000000001"))[0][0].value == Decimal("1E-10")
    assert [p.code for p in read(Decimal("0.00000000001"))[0][1]] == ["out-of-range"]
    assert [p.code for p in read(Decimal("1234567890123.456"))[0][1]] == ["out-of-range"]
    assert read(10**15 - 1)[0][0].value == Decimal(999999999999999)


def test_a_year_of_peers_is_read_without_pydantic(tmp_path: Path, monkeypatch):
    peers = "".join(f"  邻市{p:02d}:\n    x: {p}.5\n" for p in range(3))
    root = write_root(tmp_path / "root", TARGETS, {2022: "year: 2022\npeers:\n" + peers})
    from sciplan.validate import structure

    asked: list[str] = []
    real = structure.validate
    monkeypatch.setattr(structure, "validate", lambda model, doc: asked.append(doc.file) or real(model, doc))
    project = load_project(root)
    assert asked == ["targets.yaml"]  # the year file's shape came from datashape.py
    assert {name: figures["x"].value for name, figures in project.years[2022].peers.items()} == {
        "邻市00": Decimal("0.5"),
        "邻市01": Decimal("1.5"),
        "邻市02": Decimal("2.5"),
    }


@pytest.mark.parametrize(
    ("last", "now", "jumps"),
    [
        ("10", "100", False),  # exactly 10×: not more than ten times
        ("10", "100.0001", True),  # 10.00001×
        ("10", "1", False),  # exactly a tenth
        ("10", "0.9999", True),  # 0.09999×: under a tenth
        ("0.0000000003", "999999999999999", True),  # the extremes a figure may take, compared exactly
        ("123456789012.345", "1234567890123.45", False),  # 123456789012.345 × 10 = 1234567890123.45: exactly 10×
        ("123456789012.345", "1234567890123.46", True),  # 0.01 more than 10×
    ],
)
def test_a_jump_is_more_than_ten_times_exactly(tmp_path: Path, last, now, jumps):
    from sciplan.check.rules import value_jumps

    years = {
        2021: f"year: 2021\nfinal: true\nactuals:\n  x: {last}\n",
        2022: f"year: 2022\nfinal: true\nactuals:\n  x: {now}\n",
    }
    project = load_project(write_root(tmp_path / "root", TARGETS.replace("亿元", "万元"), years))
    assert not project.problems
    assert [p.code for p in value_jumps(project)] == (["jump"] if jumps else [])
