"""validate/datashape.py reads a year file's shape without pydantic, for `set` and `import`: whenever it builds
a shape, pydantic's strict DataFile accepts the same data and builds the same one; whatever it cannot vouch
for, it leaves to pydantic (None)."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from test_yamledit import year_files

from sciplan.load.parser import parse
from sciplan.validate import datashape, schema
from sciplan.validate.datashape import data_shape
from sciplan.validate.schema import ActualSpec, DataFile, MilestoneProgress

EXAMPLES = int(os.environ.get("SCIPLAN_EXAMPLES", "150"))

# what sciplan's YAML reader gives: numbers int or Decimal, dates as text, and every other kind of thing
ATOMS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3000),
    st.decimals(allow_nan=True, places=2),
    st.sampled_from(["", "x", "86家", "1.2亿元", "a\nb", "2022-06-30", " 2022 ", "2022", "xx", "预计", "estimate"]),
    st.sampled_from(["快报", "公报", "bulletin", "k0", "K0", "0k", "k-0", "k0\n", "6", " 6 ", "１２", "x" * 32_768]),
    st.just(dt.date(2022, 6, 30)),
    st.just(dt.datetime(2022, 6, 30, 1, 2)),
)
KEYS = st.one_of(
    st.sampled_from(["k0", "k1", "hightech_total", "K0", "0k", "兴化市", "months", "", "a\nb", "6", " 7"]),
    st.sampled_from([6, 13, 0, True, None, Decimal("2.5")]),
)
FIELDS = ["value", "note", "source", "estimated", "stage", "done", "extra"]
TOP = ["year", "final", "as_of", "source", "note", "actuals", "peers", "units", "milestones", "months", "other"]


def values(depth: int) -> st.SearchStrategy[Any]:
    if depth == 0:
        return ATOMS
    inner = values(depth - 1)
    return st.one_of(
        ATOMS,
        st.dictionaries(KEYS, inner, max_size=3),
        st.dictionaries(st.sampled_from(FIELDS), ATOMS, max_size=4),
        st.lists(ATOMS, max_size=2),
    )


JUNK = st.dictionaries(st.sampled_from(TOP), values(3), max_size=6)  # anything at all

# mostly what a year file holds, now and then something it must not: the shapes near the edge


def mostly(valid: st.SearchStrategy[Any], invalid: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """`valid` nine times in ten."""
    return st.integers(0, 9).flatmap(lambda n: invalid if n == 9 else valid)


IDS = mostly(st.sampled_from(["k0", "k1", "hightech_total", "k_2"]), st.sampled_from(["K0", "0k", "", "k0\n", 6]))
NAMES = mostly(st.sampled_from(["兴化市", "泰兴高新区", "months"]), st.sampled_from(["", "a\nb", 3, "x" * 32_768]))
MONTHS = mostly(st.sampled_from([3, 6, "6", " 9 "]), st.sampled_from([True, Decimal("2.5"), None, "六"]))
TEXTS = mostly(st.sampled_from([None, "说明", "2022年工作总结"]), st.sampled_from(["", "a\nb", 5, "x" * 32_768]))
SCALARS = mostly(
    st.one_of(
        st.none(), st.integers(0, 999), st.decimals(places=2, allow_nan=False), st.sampled_from(["86家", "约5.6亿元"])
    ),
    st.sampled_from([True, "a\nb", [1], dt.date(2022, 1, 1)]),
)
SPEC = st.fixed_dictionaries(
    {},
    optional={
        "value": SCALARS,
        "note": TEXTS,
        "source": TEXTS,
        "estimated": mostly(st.booleans(), st.sampled_from([None, 1])),
        "stage": mostly(st.sampled_from([None, "快报", "estimate"]), st.sampled_from(["终稿", 1])),
    },
)
FIGURES = mostly(st.dictionaries(IDS, SCALARS | SPEC, max_size=4), st.sampled_from([None, [], 5]))
DATES = mostly(
    st.sampled_from([None, "2022-06-30", " 2022-09-30 ", dt.date(2022, 6, 30)]),
    st.sampled_from(["2022-13-01", dt.datetime(2022, 6, 30, 1, 2), 20220630, "20220630"]),
)
NEAR = st.fixed_dictionaries(
    {},
    optional={
        "year": mostly(st.sampled_from([2022, "2022", None]), st.sampled_from([1899, 2201, True, " 2022", "２０２２"])),
        "final": mostly(st.booleans(), st.sampled_from([None, 1])),
        "as_of": DATES,
        "source": TEXTS,
        "note": TEXTS,
        "actuals": FIGURES,
        "peers": st.dictionaries(NAMES, FIGURES | st.dictionaries(MONTHS, st.dictionaries(NAMES, FIGURES)), max_size=3),
        "units": st.dictionaries(NAMES, FIGURES | st.dictionaries(MONTHS, st.dictionaries(NAMES, FIGURES)), max_size=3),
        "milestones": st.dictionaries(IDS, st.fixed_dictionaries({}, optional={"done": DATES, "note": TEXTS})),
        "months": st.dictionaries(MONTHS, FIGURES, max_size=3),
    },
)
DATA = mostly(NEAR, JUNK)


def same(fast: Any, model: Any) -> bool:
    """The shape datashape built equals pydantic's model, attribute by attribute, keys in order."""
    if isinstance(model, DataFile):
        fields = ["year", "final", "as_of", "source", "note", "actuals", "peers", "units", "milestones", "months"]
    elif isinstance(model, ActualSpec):
        fields = ["value", "note", "source", "estimated", "stage"]
        if fast.model_fields_set != model.model_fields_set:
            return False
    elif isinstance(model, MilestoneProgress):
        fields = ["done", "note"]
    elif isinstance(model, dict):
        return (
            isinstance(fast, dict)
            and list(fast) == list(model)
            and all(type(a) is type(b) for a, b in zip(fast, model, strict=True))
            and all(same(fast[k], model[k]) for k in model)
        )
    else:
        return type(fast) is type(model) and fast == model
    return all(same(getattr(fast, f), getattr(model, f)) for f in fields)


def pydantic_shape(data: Any) -> DataFile | None:
    try:
        return DataFile.model_validate(data)
    except ValidationError:
        return None


@settings(max_examples=EXAMPLES * 4, deadline=None)
@given(DATA)
def test_a_shape_built_is_pydantics(data):
    fast = data_shape(data)
    if fast is not None:
        model = pydantic_shape(data)
        assert model is not None, data  # pydantic accepts what datashape vouches for
        assert same(fast, model)


@settings(max_examples=EXAMPLES, deadline=None)
@given(year_files())
def test_the_files_sciplan_writes_are_read_without_pydantic(sample):
    """Year files as written by hand or by `set` (block and flow, comments, Chinese keys and notes): each one
    datashape reads, as pydantic does — the fast path is the common one, not a rare one."""
    data = parse(sample[0], "x")[0].data
    fast = data_shape(data)
    assert fast is not None
    assert same(fast, DataFile.model_validate(data))


def test_hand_written_shapes():
    data = {
        "year": "2022",
        "as_of": "2022-06-30",
        "final": False,
        "actuals": {"k0": Decimal("2.5"), "k1": {"value": "1.2亿元", "stage": "快报", "note": "说\n明"}, "k2": None},
        "peers": {"兴化市": {"k0": 3}, "months": {6: {"兴化市": {"k0": 2}}}},
        "units": {"高新区": {"6": {"高新区": {"k0": 1}}}},  # every key a month: the months form, whatever the name
        "milestones": {"m1": {"done": "2022-03-01"}},
        "months": {3: {"k0": 1}, "6": {}},
    }
    assert same(data_shape(data), DataFile.model_validate(data))
    for bad in (
        {"year": 2201},  # out of range
        {"actuals": {"k0": True}},  # a boolean is no figure
        {"actuals": {"k0": "a\nb"}},  # a figure is one line
        {"actuals": {"K0": 1}},  # not an id
        {"actuals": {"k0": {"value": 1, "stage": "终稿"}}},  # no such stage
        {"actuals": {"k0": {"estimated": None}}},
        {"peers": {"": {"k0": 1}}},  # an empty name
        {"source": "x" * (schema.CELL_CHARACTERS + 1)},
        {"final": None},
        {"as_of": "2022-13-01"},
        {"extra": 1},
    ):
        assert data_shape(bad) is None, bad
        assert pydantic_shape(bad) is None, bad  # and pydantic says what is wrong


def test_limits_agree():
    assert datashape.CELL_CHARACTERS == schema.CELL_CHARACTERS
    assert set(datashape._FIELDS) == set(DataFile.model_fields)
    assert set(datashape._SPEC_FIELDS) == set(ActualSpec.model_fields)
