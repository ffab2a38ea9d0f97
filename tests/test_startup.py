"""Start-up: on an unchanged root (cache warm) no read command imports pydantic or PyYAML, which
only a cache miss needs; and JSON output imports no table library."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import REPO

# Runs sciplan as its script does, then lists the top-level modules imported when it ends.
PROBE = """
import os, sys
exit_for_real = os._exit
def report(code=0):
    sys.stderr.write("MODULES " + " ".join(sorted({m.split(".")[0] for m in sys.modules})) + "\\n")
    sys.stderr.flush()
    exit_for_real(code)
os._exit = report
sys.argv = ["sciplan", *sys.argv[1:]]
from sciplan.__main__ import run
run()
"""

READ_COMMANDS = [
    ["status", "2022"],
    ["status", "2022", "-f", "json"],
    ["trend", "hightech_total"],
    ["plan"],
    ["plan", "action_2021_2023"],
    ["compare", "hightech_total"],
    ["units", "2022"],
    ["units", "2022", "hightech_new"],
    ["indicators"],
]


def _modules(args: list[str], cache: str) -> set[str]:
    env = {**os.environ, "SCIPLAN_CACHE_DIR": cache, "NO_COLOR": "1", "COLUMNS": "200"}
    env.pop("SCIPLAN_NO_CACHE", None)
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args, "--root", str(REPO)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    line = next(x for x in done.stderr.splitlines() if x.startswith("MODULES "))
    return set(line.split()[1:])


@pytest.fixture(scope="module")
def warm_cache(tmp_path_factory) -> str:
    cache = str(tmp_path_factory.mktemp("startup-cache"))
    cold = _modules(["status", "2022", "-f", "json"], cache)
    assert "pydantic" in cold and "yaml" in cold  # the first run parses: the probe sees imports
    return cache


@pytest.mark.parametrize("args", READ_COMMANDS, ids=[" ".join(a) for a in READ_COMMANDS])
def test_read_commands_on_a_warm_cache_import_neither_pydantic_nor_yaml(args, warm_cache):
    modules = _modules(args, warm_cache)
    assert not {"pydantic", "pydantic_core", "yaml"} & modules, sorted(modules)
    if "json" in args:
        assert not {"rich", "tabulate"} & modules
