"""app/recheck.py: `set` and `import` check the root with the edited year without loading it again (the
cached project, the one year read anew, every rule run) — and find exactly what `check` finds when it loads
the root whole, problem by problem, line and column; `set` on a warm cache imports neither pydantic nor
typer nor tabulate (issue 20: `set` ≤ 1.5× `status`)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from decimal import Decimal

import pytest
from test_startup import PROBE

from conftest import REPO
from sciplan.app import recheck
from sciplan.app.loader import all_problems, load_checked, load_project
from sciplan.check import rules
from sciplan.core.problem import in_order
from sciplan.store.snapshot import snapshot
from sciplan.store.yamledit import Delete, Put, YamlFile


@pytest.fixture
def demo(tmp_path):
    root = tmp_path / "demo"
    root.mkdir()
    shutil.copy(REPO / "targets.yaml", root)
    shutil.copytree(REPO / "data", root / "data")
    load_checked(root)  # the cache warm, as after any `status` or `check`
    return root


EDITS = {
    "a figure changed": ("data/2022.yaml", [Put(("actuals", "hightech_total"), Decimal(281))]),
    "ten times last year (jump)": ("data/2022.yaml", [Put(("actuals", "hightech_total"), Decimal(2810))]),
    # 2021's figure moves 2022's comparison: a finding in another file, located in it
    "last year's figure, this year's jump": ("data/2021.yaml", [Put(("actuals", "hightech_total"), Decimal(20))]),
    "a placeholder": ("data/2022.yaml", [Put(("actuals", "hightech_new"), "xx")]),
    "a unit that does not convert": ("data/2022.yaml", [Put(("actuals", "tech_loans"), "5家")]),
    "an unknown indicator": ("data/2022.yaml", [Put(("actuals", "no_such_thing"), Decimal(1))]),
    "a figure with its stage": ("data/2022.yaml", [Put(("actuals", "hightech_new"), {"value": 60, "stage": "快报"})]),
    "a bad stage (pydantic decides)": (
        "data/2022.yaml",
        [Put(("actuals", "hightech_new"), {"value": 60, "stage": "x"})],
    ),
    "a figure removed": ("data/2021.yaml", [Delete(("actuals", "tech_loans"))]),
    "a peer's figure": ("data/2022.yaml", [Put(("peers", "兴化市", "hightech_total"), Decimal(500))]),
    "an earlier month": ("data/2022.yaml", [Put(("months", 3, "hightech_total"), Decimal(2))]),
    "as_of in another year": ("data/2022.yaml", [Put(("as_of",), "2021-12-31")]),
}


@pytest.mark.parametrize("name", list(EDITS))
def test_the_quick_check_finds_what_check_finds(demo, name):
    file, edits = EDITS[name]
    before = YamlFile.read(demo / file, file)
    text = before.edit(edits)
    new = before.encoded(text)
    quick = recheck.after_edit(demo, snapshot(demo), file, new)
    assert quick is not None  # the cache knows the root: the quick way is taken
    project, findings, cached = quick
    # the same with the text the writer's proof parsed, as `set` passes it
    again = recheck.after_edit(demo, snapshot(demo), file, new, before.parsed(text))
    assert again is not None and in_order(again[0].problems + again[1]) == in_order(project.problems + findings)
    assert cached == all_problems(demo, use_cache=False)  # what `check` says of the root as it is
    # what `check --no-cache` says of the root with the edited file: the same problems, where they are
    snap = snapshot(demo)
    snap.files[file] = new
    loaded = load_project(demo, snap)
    expected = in_order(loaded.problems + rules.run(loaded, rules.RULES, include_loading=False))
    assert in_order(project.problems + findings) == expected
    assert project.years == loaded.years


def test_no_quick_check_without_the_cache_of_the_root_as_it_is(demo):
    file = "data/2022.yaml"
    text = (demo / file).read_text(encoding="utf-8")
    (demo / file).write_text(text + "# 别处改的\n", encoding="utf-8")  # the cache no longer describes it
    new = (text + "# 别处改的\n").encode()
    assert recheck.after_edit(demo, snapshot(demo), file, new) is None


def test_no_quick_check_when_targets_has_an_error(demo):
    targets = (demo / "targets.yaml").read_text(encoding="utf-8")
    (demo / "targets.yaml").write_text(targets.replace("unit: 家", "unit: [家]", 1), encoding="utf-8")
    load_checked(demo)
    file = "data/2022.yaml"
    new = (demo / file).read_bytes()
    assert recheck.after_edit(demo, snapshot(demo), file, new) is None


def test_set_on_a_warm_cache_imports_neither_pydantic_nor_typer_nor_tabulate(tmp_path):
    root = tmp_path / "demo"
    root.mkdir()
    shutil.copy(REPO / "targets.yaml", root)
    shutil.copytree(REPO / "data", root / "data")
    env = {**os.environ, "SCIPLAN_CACHE_DIR": str(tmp_path / "cache"), "NO_COLOR": "1", "COLUMNS": "200"}
    env.pop("SCIPLAN_NO_CACHE", None)

    def run(*args: str) -> set[str]:
        done = subprocess.run(
            [sys.executable, "-c", PROBE, *args, "--root", str(root)],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        line = next(x for x in done.stderr.splitlines() if x.startswith("MODULES "))
        return set(line.split()[1:])

    assert "pydantic" in run("status", "2022")  # cold: the root loaded, the cache written
    modules = run("set", "hightech_total", "281", "--year", "2022")
    assert "hightech_total: 281" in (root / "data" / "2022.yaml").read_text(encoding="utf-8")
    assert not {"pydantic", "pydantic_core", "typer", "click", "tabulate", "wcwidth"} & modules, sorted(modules)
