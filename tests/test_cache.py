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


@pytest.mark.parametrize("which", ["demo", "base", "months"])
def test_cached_project_equals_a_fresh_load(which, base_root, tmp_path, cache_dir):
    """Every record a root can hold survives the plain-data entry unchanged (an unknown type would
    leave no entry at all: the second load must come from the cache)."""
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


def test_packed_values_round_trip_exactly():
    values = {"a": Actual(Decimal("2.650"), True, False, "注", None), "b": Actual(Decimal("1E+3"))}
    packed = cache.Packed.of(values, 1)
    assert dict(packed) == values and str(packed["a"].value) == "2.650"
    nested = cache.Packed.of({"兴化市": values}, 2)
    assert dict(nested["兴化市"]) == values and len(nested) == 1 and "兴化市" in nested
