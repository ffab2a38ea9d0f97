"""The cache of checked data roots: invisible, never stale, and harmless when broken."""

from __future__ import annotations

import json
import os
from decimal import Decimal

import pytest

from sciplan.app.loader import load_checked, load_project
from sciplan.core.records import Actual
from sciplan.store import cache


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("SCIPLAN_CACHE_DIR", str(folder))
    return folder


def status_json(run_cli, root, *extra):
    result = run_cli("status", "2021", "--root", str(root), "-f", "json", *extra)
    assert result.exit_code == 0, result
    return json.loads(result.stdout)


def test_second_run_is_served_from_the_cache(base_root, cache_dir, run_cli):
    first = status_json(run_cli, base_root)
    assert sorted(p.name.split(".", 1)[1] for p in cache_dir.iterdir()) == ["problems.cache", "project.cache"]
    assert status_json(run_cli, base_root) == first
    hit, _ = load_checked(base_root)
    assert isinstance(hit.years[2021].actuals, cache.Packed)  # it came from the cache


def test_an_edited_file_is_never_served_stale(base_root, cache_dir, run_cli):
    assert status_json(run_cli, base_root)["indicators"][0]["actual"] == 86
    path = base_root / "data" / "2021.yaml"
    stat = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("firms: 86", "firms: 87"), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same time and size: only the bytes differ
    assert status_json(run_cli, base_root)["indicators"][0]["actual"] == 87


def test_a_new_or_removed_file_changes_the_result(base_root, cache_dir, run_cli):
    assert run_cli("check", "--root", str(base_root)).exit_code == 0
    (base_root / "data" / "2019.yaml").write_text("year: 2019\nactuals: {firms: xx}\n", encoding="utf-8")
    result = run_cli("check", "--root", str(base_root))
    assert result.exit_code == 1 and "placeholder" in result.stderr
    (base_root / "data" / "2019.yaml").unlink()
    assert run_cli("check", "--root", str(base_root)).exit_code == 0


def test_a_corrupt_cache_is_ignored_and_rewritten(base_root, cache_dir, run_cli):
    expected = status_json(run_cli, base_root)
    for entry in cache_dir.iterdir():
        entry.write_bytes(b"\x80\x05 not a pickle")
    assert status_json(run_cli, base_root) == expected
    assert run_cli("check", "--root", str(base_root)).exit_code == 0
    for entry in cache_dir.iterdir():
        entry.write_bytes(b"")  # truncated
    assert status_json(run_cli, base_root) == expected
    assert cache.read(base_root, "project", "wrong fingerprint") is None


def test_no_cache_option_and_environment(base_root, cache_dir, run_cli, monkeypatch):
    status_json(run_cli, base_root, "--no-cache")
    assert not cache_dir.exists()
    monkeypatch.setenv("SCIPLAN_NO_CACHE", "1")
    status_json(run_cli, base_root)
    assert not cache_dir.exists()


def test_an_unwritable_cache_folder_is_no_error(base_root, tmp_path, monkeypatch, run_cli):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("SCIPLAN_CACHE_DIR", str(blocker / "cache"))
    assert status_json(run_cli, base_root)["summary"]["met"] == 1


def _plain(value):
    """Mappings (packed or not) as dicts, all the way down, for comparing."""
    from collections.abc import Mapping

    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    return value


@pytest.mark.parametrize("in_file", [False, True], ids=["read whole", "read by parts"])
@pytest.mark.parametrize("which", ["demo", "base", "months"])
def test_cached_project_equals_a_fresh_load(which, in_file, base_root, tmp_path, cache_dir, monkeypatch):
    """Every record a root can hold survives the plain-data entry unchanged (an unknown type would
    leave no entry at all: the second load must come from the cache), whether the entry is read whole
    (a small one) or its heap by parts from the open file (a province's)."""
    if in_file:
        monkeypatch.setattr(cache, "SMALL", 0)
    from test_months import make_root

    from conftest import REPO

    root = REPO if which == "demo" else base_root if which == "base" else make_root(tmp_path / "months")
    fresh = load_project(root)
    load_checked(root)  # fills the cache
    cached, _ = load_checked(root)
    assert all(isinstance(y.actuals, cache.Packed) for y in cached.years.values())  # it came from the cache
    assert cached.catalogue == fresh.catalogue and cached.problems == fresh.problems
    assert list(cached.years) == list(fresh.years)
    for year, data in fresh.years.items():
        other = cached.years[year]
        for name, value in zip(data._fields, data, strict=True):
            assert _plain(getattr(other, name)) == _plain(value), (year, name)
    if which == "months":
        assert _plain(cached.years[2022].months)[6]["contracts"].value == 8


def _packed(values, heap_in_file: bool, tmp_path=None):
    """`values` written into a heap (store/packed.py) and read back, from memory or from an open file."""
    from sciplan.store.packed import Heap, HeapWriter, pack

    writer = HeapWriter()
    node = pack(values, writer, cache.flat)
    data = b"".join(writer.parts)
    if not heap_in_file:
        return cache.Packed(Heap(len(data), data=data), node, cache.actual)
    path = tmp_path / "heap"
    path.write_bytes(b"head" + data)
    return cache.Packed(Heap(len(data), fd=os.open(path, os.O_RDONLY), base=4), node, cache.actual)


@pytest.mark.parametrize("heap_in_file", [False, True])
def test_packed_values_round_trip_exactly(heap_in_file, tmp_path):
    """Values in buckets come back as written (2.650 stays 2.650), in their own order, found by key."""
    values = {"a": Actual(Decimal("2.650"), "余", False, "注", None), "b": Actual(Decimal("1E+3"))}
    # 1000 more, in an order unlike the sorted one the buckets keep: 8 buckets of 128
    values |= {f"ind_{(i * 7919) % 1000:04d}": Actual(Decimal(i), stage="快报") for i in range(1000)}
    packed = _packed(values, heap_in_file, tmp_path)
    assert list(packed) == list(values) and len(packed) == 1002
    assert packed["a"] == values["a"] and str(packed["a"].value) == "2.650" and str(packed["b"].value) == "1E+3"
    assert "ind_0999" in packed and "ind_1000" not in packed and 5 not in packed and packed.get("zz") is None
    assert dict(packed) == values  # every bucket read: one dict from then on
    assert packed["ind_0007"] == values["ind_0007"] and "ind_1000" not in packed
    empty = _packed({}, heap_in_file, tmp_path)
    assert len(empty) == 0 and list(empty) == [] and "a" not in empty
    months = _packed({6: Actual(Decimal(1)), 12: Actual(Decimal(2))}, heap_in_file, tmp_path)
    assert list(months) == [6, 12] and months[12].value == 2 and "6" not in months


def test_one_value_reads_one_bucket(tmp_path):
    """Issue 19: `trend` of one indicator of 100,000 decoded every year's values whole (2.4 s, 946 MB).
    A key now reads its own bucket: 128 of the 1,000 values, and nothing else."""
    from sciplan.store import packed as packed_module

    values = {f"ind_{i:04d}": Actual(Decimal(i)) for i in range(1000)}
    packed = _packed(values, True, tmp_path)
    read: list[int] = []
    real = packed_module.Heap.read
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(packed_module.Heap, "read", lambda self, at, n: read.append(n) or real(self, at, n))
        built: list[object] = []
        packed._build = lambda plain: built.append(plain) or cache.actual(plain)  # count the records built
        assert packed["ind_0500"].value == 500
    assert len(read) == 1 and built == [("500", "", False, None, None, None)]  # one bucket, one record
    assert read[0] * 7 < os.path.getsize(tmp_path / "heap")  # of 8 buckets and the key list
