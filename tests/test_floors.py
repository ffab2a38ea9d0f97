"""constraints/floors.txt is the oldest release of each range in pyproject.toml: .ci/run installs it in a
second venv and runs the suite, so both ends of every range are tested. This keeps the two files in step."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _version(text: str) -> tuple[int, ...]:
    parts = [int(part) for part in text.split(".")]
    while len(parts) > 1 and parts[-1] == 0:  # 0.20 is 0.20.0
        parts.pop()
    return tuple(parts)


def _lower_bounds() -> dict[str, tuple[int, ...]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    bounds: dict[str, tuple[int, ...]] = {}
    for requirement in [*project["dependencies"], *project["optional-dependencies"]["test"]]:
        found = re.fullmatch(r"([A-Za-z0-9_.-]+)\s*>=\s*([0-9][0-9.]*)\s*(,.*)?", requirement.strip())
        assert found, f"{requirement!r} has no lower bound (>=): the floors run cannot test its oldest end"
        bounds[_norm(found[1])] = _version(found[2])
    return bounds


def _floors() -> dict[str, tuple[int, ...]]:
    pins: dict[str, tuple[int, ...]] = {}
    for written in (ROOT / "constraints" / "floors.txt").read_text(encoding="utf-8").splitlines():
        pin = written.split("#", 1)[0].strip()
        if pin:
            name, version = pin.split("==")
            pins[_norm(name)] = _version(version.strip())
    return pins


def test_floors_pin_the_lower_bound_of_every_range():
    assert _floors() == _lower_bounds()


def test_ci_runs_the_suite_against_the_floors():
    run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "-c constraints/floors.txt" in run
