"""Property tests: no input — random text, random YAML, random bytes — makes sciplan raise."""

from __future__ import annotations

import os
import shutil
import tempfile
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import BASE
from sciplan.cli import app
from sciplan.load.parser import parse
from sciplan.validate.targets import parse_target
from sciplan.validate.values import BadValue, parse_value

# SCIPLAN_FUZZ=2000 pytest tests/test_fuzz.py digs deeper than the CI default.
EXAMPLES = int(os.environ.get("SCIPLAN_FUZZ", "120"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True),
    st.text(max_size=12),
    st.sampled_from(
        [
            "xx",
            "x.xx%",
            "86家",
            "1.24亿元",
            "近100",
            "+15%",
            "50..60",
            "2021-09-30",
            "≥50",
            ".nan",
            "１２",
            "!!",
            "&a",
            "*a",
        ]
    ),
)
keys = st.one_of(
    st.sampled_from(
        [
            "year",
            "final",
            "as_of",
            "actuals",
            "firms",
            "rd",
            "value",
            "note",
            "indicators",
            "region",
            "targets",
            "name",
            "unit",
            "kind",
        ]
    ),
    st.text(max_size=8),
    st.integers(1990, 2030),
)
documents = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5), max_leaves=25
)
text_soup = st.text(alphabet=st.sampled_from(list("ab:- \n\t[]{},&*!|>'\"#%@`?0123456789.x家亿")), max_size=200)


def run_everything(root: Path) -> None:
    """check and status on the root, in-process: an exception fails the test (catch_exceptions=False)."""
    for args in (["check"], ["status", "2021"], ["status", "2021", "-f", "json"], ["indicators"]):
        result = CliRunner().invoke(app, [*args, "--root", str(root)], catch_exceptions=False)
        assert result.exit_code in (0, 1), (args, result.exit_code, result.output)
        assert "Traceback" not in result.output


def with_file(rel: str, content: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "root"
        shutil.copytree(BASE, root)
        (root / rel).write_bytes(content)
        run_everything(root)


@FUZZ
@given(documents)
def test_random_yaml_data_file(doc):
    with_file("data/2021.yaml", yaml.safe_dump(doc, allow_unicode=True).encode())


@FUZZ
@given(documents)
def test_random_yaml_targets_file(doc):
    with_file("targets.yaml", yaml.safe_dump(doc, allow_unicode=True).encode())


@FUZZ
@given(
    st.dictionaries(st.sampled_from(["firms", "rd", "loans", "energy", "talents", "bogus"]), scalars, max_size=6),
    st.booleans(),
)
def test_random_actuals(actuals, final):
    """Well-formed files with random values: every value is read or refused with a message."""
    doc = {"year": 2021, "final": final, "actuals": actuals}
    with_file("data/2021.yaml", yaml.safe_dump(doc, allow_unicode=True).encode())


@FUZZ
@given(text_soup)
def test_random_text(text):
    with_file("data/2021.yaml", text.encode())


@FUZZ
@given(st.binary(max_size=200))
def test_random_bytes(raw):
    with_file("data/2021.yaml", raw)


@settings(max_examples=400, deadline=None)
@given(text_soup)
def test_loader_returns_data_or_problems(text):
    doc, problems = parse(text, "f.yaml")
    assert (doc is None) == bool(problems)
    assert all(p.line >= 1 and p.column >= 1 for p in problems)


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(st.text(max_size=20), st.integers(), st.decimals(allow_nan=True)),
    st.sampled_from(["家", "%", "亿元", "万元"]),
    st.sampled_from(["up", "down"]),
)
def test_target_language_reads_or_refuses(raw, unit, direction):
    try:
        target = parse_target(raw, unit, direction)
    except BadValue as exc:
        assert exc.code in ("target", "placeholder", "unit", "out-of-range")
        return
    target.resolve(Fraction(7))


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(st.text(max_size=20), st.integers(), st.decimals(allow_nan=True)),
    st.sampled_from(["家", "%", "亿元", "万元"]),
)
def test_value_language_reads_or_refuses(raw, unit):
    try:
        assert parse_value(raw, unit).value.is_finite()
    except BadValue as exc:
        assert exc.code in ("type", "nan", "out-of-range", "placeholder", "not-a-number", "unit")


@settings(max_examples=300, deadline=None)
@given(
    st.decimals(min_value=Decimal("0.01"), max_value=Decimal(10**9), places=2),
    st.decimals(min_value=Decimal(-50), max_value=Decimal(500), places=1),
)
def test_growth_threshold_is_exactly_met(previous, pct):
    """The threshold itself always meets a growth target: no float drift at the boundary."""
    sign = "+" if pct >= 0 else "-"
    target = parse_target(f"{sign}{abs(pct)}%", "万元", "up")
    resolved = target.resolve(Fraction(previous))
    assert resolved.value == Fraction(previous) * (1 + Fraction(pct) / 100)
