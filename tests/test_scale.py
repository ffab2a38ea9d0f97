"""Work that grows with the data stays linear or better (issue 19): ranks counted in a sorted list,
regions listed through a set. Expected values are worked out by hand."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sciplan.compute.ranks import competition_ranks
from sciplan.render.json import dumps


def test_ranks_with_ties_at_both_ends():
    values = {"a": F(5), "b": F(5), "c": F(3), "d": F(1), "e": F(1)}
    # higher is better: 5, 5 share 1; 3 is 3rd (two better); 1, 1 share 4th (three better)
    assert competition_ranks(values) == {"a": 1, "b": 1, "c": 3, "d": 4, "e": 4}
    # lower is better: 1, 1 share 1; 3 is 3rd; 5, 5 share 4th
    assert competition_ranks(values, up=False) == {"a": 4, "b": 4, "c": 3, "d": 1, "e": 1}


def test_ranks_are_exact():
    # 1/3 and 0.3333333333 differ: no float makes them tie
    values = {"third": F(1, 3), "near": F(3333333333, 10**10), "neg": F(-1, 2)}
    assert competition_ranks(values) == {"third": 1, "near": 2, "neg": 3}
    assert competition_ranks({}) == {}


def test_ten_thousand_regions_rank_in_order():
    values = {f"r{i}": F(i % 100) for i in range(10_000)}  # 100 of each value 0..99
    ranks = competition_ranks(values)
    assert ranks["r99"] == 1  # value 99: nobody better
    assert ranks["r98"] == 101  # value 98: the hundred 99s are better
    assert ranks["r0"] == 9901  # value 0: 9,900 better


def test_both_languages_stay_warm(base_root, tmp_path, monkeypatch, run_cli):
    """Issue 19: the language was part of one entry's key, so every zh ↔ en switch parsed again."""
    from sciplan.app import loader as project

    monkeypatch.setenv("SCIPLAN_CACHE_DIR", str(tmp_path / "cache"))
    loads = []
    real = project._load_and_check
    monkeypatch.setattr(project, "_load_and_check", lambda *a: loads.append(1) or real(*a))
    for lang in ("en", "zh", "en", "zh", "en"):
        result = run_cli("status", "2021", "--root", str(base_root), "--lang", lang)
        assert result.exit_code == 0, result
    assert len(loads) == 2  # once in each language, then served from the cache


def test_a_target_text_is_read_once_and_kept_apart_by_type():
    """Issue 19: 98,660 targets at 10k indicators hold 8,228 distinct texts: each is parsed once."""
    from decimal import Decimal

    from sciplan.validate import targets
    from sciplan.validate.values import BadValue

    targets._MEMO.clear()
    first = targets.parse_target("+8%", "家", "up")
    assert targets.parse_target("+8%", "家", "up") is first  # shared, not parsed again
    assert targets._MEMO  # and kept
    # Decimal("1.0") == Decimal("1") == 1 == True: each keeps its own reading
    assert str(targets.parse_target(Decimal("120.0"), "家", "up").amount) == "120.0"  # its written decimal
    assert str(targets.parse_target(120, "家", "up").amount) == "120"
    with pytest.raises(BadValue):
        targets.parse_target(True, "家", "up")  # a YAML true is no target, even after a 1 was read
    assert targets.parse_target(1, "家", "up").amount == 1
    with pytest.raises(BadValue):
        targets.parse_target(["a list"], "家", "up")  # unhashable: refused, not a crash


_JSON_LEAVES = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(alphabet=st.characters(codec="utf-8"), max_size=12)
)
_JSON = st.recursive(
    _JSON_LEAVES,
    lambda inner: (
        st.lists(inner, max_size=4) | st.tuples(inner, inner) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=40,
)


@settings(max_examples=400, deadline=None)
@given(_JSON)
def test_json_is_written_as_json_dumps_writes_it(document):
    """Issue 19: json.dumps with an indent runs the pure-Python encoder; render/json.dumps writes
    the same text (NaN, ±Infinity, -0.0, control characters, empty containers, tuples included)."""
    assert dumps(document) == json.dumps(document, ensure_ascii=False, indent=2)


def test_json_hands_anything_else_to_json_dumps():
    class Sub(int):
        pass

    for document in ({1: "int key"}, {"x": Sub(3)}, [True, {None: 1}], {"k": ("a", [])}):
        assert dumps(document) == json.dumps(document, ensure_ascii=False, indent=2)
    with pytest.raises(TypeError):
        dumps({"x": object()})  # json.dumps' own error, as before


def test_a_cached_year_builds_only_the_records_read(base_root, tmp_path, monkeypatch):
    """Issue 19: `trend` of one indicator unpacked every value of every year (1.6 GB at 100k)."""
    from sciplan.app.loader import load_checked
    from sciplan.store import cache

    monkeypatch.setenv("SCIPLAN_CACHE_DIR", str(tmp_path / "cache"))
    targets = base_root / "targets.yaml"
    written = targets.read_text(encoding="utf-8")
    assert 'targets: {2021: ">= 50"}' in written
    targets.write_text(written.replace('targets: {2021: ">= 50"}', 'targets: {2020: ">= 40", 2021: ">= 50"}'), "utf-8")
    load_checked(base_root)
    project, _ = load_checked(base_root)  # from the cache
    actuals = project.years[2021].actuals
    assert isinstance(actuals, cache.Packed)
    first = next(iter(actuals))
    assert actuals[first] is actuals[first]  # built once
    assert list(actuals._built) == [first]  # and no other
    assert first in actuals and "no such indicator" not in actuals
    indicators = project.catalogue.indicators  # decoded one by one, too
    ident = list(indicators)[1]
    assert indicators[ident].id == ident and list(indicators._built) == [ident]
    # and each indicator's targets year by year: `status 2021` of 100,000 indicators decoded every
    # year's target of each (260 MB at 100k); now the years it reads
    targeted = next(i for i in project.catalogue.indicators.values() if len(i.targets) == 2)
    assert list(targeted.targets) == [2020, 2021] and str(targeted.targets[2021].target) == ">= 50"
    assert targeted.targets[2021] is targeted.targets[2021]
    assert list(targeted.targets._built) == [2021] and 2020 in targeted.targets  # 2020 is not built
    loaded = load_checked(base_root, use_cache=False)[0]  # the same targets as the files say
    assert dict(targeted.targets) == dict(loaded.catalogue.indicators[targeted.id].targets)


def test_a_forged_packed_year_is_a_damaged_entry():
    """A bucket that is not what sciplan writes (a value that is no number, bytes that are not marshal,
    a bucket or key list of another type) is a damaged entry when read, never a traceback."""
    import marshal
    from array import array

    from sciplan.core.problem import SciplanError
    from sciplan.store import cache
    from sciplan.store.packed import Heap

    def packed(bucket: bytes, keys: bytes = marshal.dumps(["x"])) -> cache.Packed:
        heap = Heap(len(bucket) + len(keys), data=bucket + keys)
        refs = array("Q", [0, len(bucket)]).tobytes()
        return cache.Packed(heap, (1, ["x"], refs, len(bucket), len(keys)), cache.actual)

    with pytest.raises(SciplanError):
        packed(marshal.dumps({"x": ("not a number",)}))["x"]
    with pytest.raises(SciplanError):
        packed(b"not marshal")["x"]
    with pytest.raises(SciplanError):
        "x" in packed(marshal.dumps(["not", "a", "dict"]))  # noqa: B015 - the lookup is the test
    with pytest.raises(SciplanError):
        list(packed(marshal.dumps({"x": ("1",)}), keys=marshal.dumps({"not": "a list"})))
    assert packed(marshal.dumps({"x": ("1.50", "", False, None, None, None)}))["x"].value == Decimal("1.50")


def test_positions_are_recorded_when_first_asked_for():
    """Issue 19: a position kept for every node was two thirds of a parsed province's memory. A
    valid file now keeps none; the first question parses it again and answers as before."""
    from sciplan.load.parser import parse

    text = "year: 2021\nactuals:\n  firms: 86\n  list:\n    - 1\n    - 二\n"
    doc, problems = parse(text, "data/2021.yaml")
    assert problems == [] and doc is not None
    assert doc.data == {"year": 2021, "actuals": {"firms": 86, "list": [1, "二"]}}
    assert doc._values == {} and doc._keys == {}  # nothing recorded yet
    assert doc.position(("actuals", "firms")) == (3, 10)  # line 3, `86` at column 10
    assert doc.position(("actuals", "firms"), key=True) == (3, 3)
    assert doc.position(("actuals", "list", 1)) == (6, 7)  # `二`
    assert doc.position(("actuals", "missing")) == (3, 3)  # the enclosing mapping, which starts at `firms`
    assert doc._text is None  # recorded once, the text let go


def test_a_duplicate_key_still_names_the_first_line():
    from sciplan.load.parser import parse

    doc, problems = parse("actuals:\n  firms: 1\n  other: 2\n  firms: 3\n", "data/2021.yaml")
    assert doc is None and problems[0].code == "duplicate-key"
    assert problems[0].line == 4 and "first at line 2" in problems[0].message


def test_the_command_line_collects_garbage_less_often(monkeypatch):
    """Issue 19: the cyclic collector re-scanned a province's records every 700 allocations."""
    import gc

    import sciplan.__main__ as entry
    import sciplan.cli

    before = gc.get_threshold()
    monkeypatch.setattr(sciplan.cli, "main", lambda: None)
    try:
        entry.run()
        assert gc.get_threshold() == (100_000, 1000, 10)
    finally:
        gc.set_threshold(*before)


def test_init_expands_each_formula_once():
    """`init`'s inputs of a formula lattice (a_i = a_(i-1) + a_(i-2)) were expanded again at every
    use: F(n) steps, 9 million at 33 indicators. Each indicator is now looked up once."""
    from sciplan.cli.scaffold_year import _inputs
    from sciplan.core.records import Catalogue
    from sciplan.validate.formula import parse_formula

    class Counting(dict):
        lookups = 0

        def get(self, key, default=None):
            Counting.lookups += 1
            return super().get(key, default)

    def indicator(ident, formula=None):
        from sciplan.core.records import Indicator

        return Indicator(ident, ident, "家", formula=parse_formula(formula) if formula else None)

    indicators = Counting({"a0": indicator("a0"), "a1": indicator("a1")})
    for i in range(2, 25):
        indicators[f"a{i}"] = indicator(f"a{i}", f"a{i - 1} + a{i - 2}")
    catalogue = Catalogue("测试市", indicators)
    assert [i.id for i in _inputs(catalogue, [indicators["a24"]])] == ["a0", "a1"]  # what one fills in
    assert Counting.lookups == 25  # once each (before: 150,049, growing as the Fibonacci numbers)


def test_one_indicators_trend_computes_its_closure_only(tmp_path, monkeypatch):
    """Issue 19: `trend` of one indicator computed every indicator's value in every year (the whole
    dependency table, 100,000 per year in a province). Now only what it is computed from.

    The generated 1k root (bench/generate.py) gives a formula to every 50th indicator whose unit is
    not %: ind_0049 = ind_0048 + ind_0047, neither of which has a formula. Of the 20 indicators
    i = 49 + 50k (k = 0..19), those with i % 6 == 5 are % indicators (k = 2, 5, 8, 11, 14, 17):
    14 formulas in all. A year's whole table evaluates 14; the closure of ind_0049 evaluates one."""
    import sys

    from conftest import REPO

    sys.path.insert(0, str(REPO / "bench"))
    from generate import generate

    from sciplan.app.query import valid
    from sciplan.compute.trend import trend
    from sciplan.core.formula import Formula

    root = tmp_path / "root"
    generate(root, 1000, 10, 1)
    monkeypatch.setenv("SCIPLAN_CACHE_DIR", str(tmp_path / "cache"))
    valid(root)  # checked (which computes every value) and cached
    project, catalogue, _ = valid(root)  # as a warm command gets it: from the cache, nothing computed
    evaluated: list[str] = []
    real = Formula.evaluate
    monkeypatch.setattr(Formula, "evaluate", lambda self, lookup: evaluated.append(self.text) or real(self, lookup))
    shown = trend(project, catalogue.indicators["ind_0049"])
    # 10 years (2000–2009), each one evaluation of ind_0049's formula; 1999 (the base of 2000's
    # YoY) has no data, so its inputs are unknown and nothing is evaluated (before: 14 × 10 = 140)
    assert evaluated == ["ind_0048 + ind_0047"] * 10
    assert [r.year for r in shown.results] == list(range(2000, 2010))
    for r in shown.results:  # the formula's value: the sum of its two inputs' reported values
        a = project.years[r.year].actuals
        assert r.actual is not None and r.actual.via == "formula"
        assert r.actual.value == F(a["ind_0048"].value) + F(a["ind_0047"].value)


def test_a_streamed_json_list_is_written_as_json_dumps_writes_it(monkeypatch, capsys):
    """Issue 19: `status -f json` at 100k held every row's JSON values and the whole text at once
    (2.1 GB). A list given as `Each` is turned into values item by item and written in pieces."""
    from decimal import Decimal

    from sciplan.render import json as render_json
    from sciplan.views import Each

    class Sub(int):
        pass

    rows = [{"id": f"ind_{i}", "value": i / 4, "flags": [True, None], "n": Sub(i)} for i in range(50)]
    rows[7]["odd"] = {1: "an int key"}  # json.dumps writes it its own way, at the same indent
    made: list[int] = []
    document = {"region": "基准市", "indicators": Each(range(50), lambda i: made.append(i) or rows[i])}
    writes: list[str] = []
    monkeypatch.setattr(render_json, "_PIECE", 10)  # a piece every few values
    monkeypatch.setattr(render_json, "write_json", writes.append)
    render_json.print_json(document)
    expected = json.dumps({"region": "基准市", "indicators": rows}, ensure_ascii=False, indent=2) + "\n"
    assert "".join(writes) == expected
    assert len(writes) > 10  # in pieces, not one text
    assert made == list(range(50))  # each row made once, in order
    assert render_json.dumps({"a": Each([], str)}) == '{\n  "a": []\n}'
    # issue 17: a Decimal (an exact number) is written as its digits; anything else unknown is json's own error
    assert render_json.dumps({"x": [Decimal("1.50")]}) == '{\n  "x": [\n    1.50\n  ]\n}'
    with pytest.raises(TypeError, match="object is not JSON serializable"):
        render_json.dumps({"x": [object()]})


def test_one_indicators_trend_reads_its_buckets_only(tmp_path, monkeypatch):
    """Issue 19: a warm `trend` of one indicator of 100,000 read the 155 MB entry whole and unpacked
    every year's values (2.4 s, 946 MB). The entry's bulk is now in buckets read as keys are read: in a
    generated 1k root, read by parts from the open entry as a province's is, `trend ind_0005` reads its
    bucket of the catalogue and per year its bucket of each values field: a ninth of the entry here,
    the same 33 reads at 100k (0.2 s CPU, 175 MB there)."""
    import sys

    from conftest import REPO

    sys.path.insert(0, str(REPO / "bench"))
    from generate import generate

    from sciplan.app.query import valid
    from sciplan.compute.trend import trend
    from sciplan.store import cache, packed

    root = tmp_path / "root"
    generate(root, 1000, 10, 2)
    monkeypatch.setenv("SCIPLAN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "SMALL", 0)  # read by parts, as an entry of more than 8 MB is
    valid(root)  # checked and cached
    entry = cache._entry(root, "project")
    assert entry is not None
    read: list[int] = []
    real = packed.Heap.read
    monkeypatch.setattr(packed.Heap, "read", lambda self, at, n: read.append(n) or real(self, at, n))
    project, catalogue, _ = valid(root)
    shown = trend(project, catalogue.indicators["ind_0005"])
    assert [r.year for r in shown.results] == list(range(2000, 2010))
    assert all(r.actual is not None for r in shown.results)
    # the spine's length and the spine; ind_0005's bucket of the catalogue (128 indicators with their
    # targets); per year (10) its bucket of the actuals and of each of the 2 peers' values: 33 reads,
    # the same at any size (before: the whole entry, and every year's values unpacked)
    assert len(read) == 2 + 1 + 10 * 3, read
    assert sum(read) * 8 < entry.stat().st_size, (sum(read), entry.stat().st_size)
