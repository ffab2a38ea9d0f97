"""Property (issue 9): whatever text a valid root holds in any text field or key — control
characters, bidi overrides, line breaks, ESC sequences, `=+-@`, `::` — no command in any format (nor
the Markdown and HTML report) prints a traceback, an ESC, BEL or bidi character, or a line starting
with `::` (save `check -f github`, whose lines are workflow commands by design), and every CSV text
cell is inert."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from sciplan.cli import app

# SCIPLAN_FUZZ=500 pytest tests/test_output_safety.py digs deeper than the CI default.
EXAMPLES = max(12, int(os.environ.get("SCIPLAN_FUZZ", "120")) // 8)

NASTY = [
    "\x1b[2J",
    "\x1b]0;pwned\x07",
    "\x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\",
    "\x07",
    "\x00",
    "\x7f",
    "\x85",
    "\x9b",
    "\u202e",
    "\u2066",
    "\u200f",
    "\u061c",
    "\u2028",
    "\u200b",
    "\ufeff",
    "\n",
    "\r",
    "\t",
    "\n::warning file=evil.py::pwned",
    "::error::x",
    '=HYPERLINK("http://evil.example","x")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(1)",
    "[bold]",
    "[/]",
    "|",
    "**",
    "%",
    " ",
    "Ｒ",
    "¹",
]
SAFE = ["=1+1", "+1", "-", "@x", "::", "a::b", "[bold]", "[/]", "|", "**", "%", "Ｒ", "\u200b", " ", "'", '"', "\\"]
nasty_text = st.lists(st.one_of(st.sampled_from(NASTY), st.text(min_size=1, max_size=4)), min_size=1, max_size=4)
printable_text = st.lists(
    st.one_of(
        st.sampled_from(SAFE),
        st.text(
            st.characters(codec="utf-8", exclude_categories=("Cc", "Cf", "Cs", "Zl", "Zp")), min_size=1, max_size=4
        ),
    ),
    min_size=1,
    max_size=4,
)
text = st.one_of(nasty_text, printable_text).map("".join)
FIELDS = [
    *("region", "name", "name_en", "unit", "group", "ind_note", "source", "t_note", "unit_a", "unit_b"),
    *("plan", "task", "owner", "m_note", "d_source", "d_note", "a_note", "a_source", "peer", "p_note"),
]
# A few fields at a time, the rest as in a valid root: most examples then reach every command.
fields = st.dictionaries(st.sampled_from(FIELDS), text, min_size=1, max_size=3)


def root_files(t: dict[str, str]) -> dict[str, object]:
    """A valid root, with the text of `t` in every text field and in the keys that are names."""

    def s(field: str, default: str) -> str:
        return t.get(field) or default

    unit_a, unit_b = s("unit_a", "甲"), s("unit_b", "乙")
    targets = {
        "region": s("region", "测试区"),
        "units": [unit_a, unit_b],
        "indicators": {
            "firms": {
                "name": s("name", "新增高企"),
                "name_en": s("name_en", "new firms"),
                "unit": s("unit", "家"),
                "group": s("group", "主体"),
                "note": s("ind_note", "注"),
                "targets": {
                    2021: {
                        "target": ">= 50",
                        "source": s("source", "要点"),
                        "note": s("t_note", "注"),
                        "units": {unit_a: 30, unit_b: 20},
                    }
                },
            },
            "rd": {"name": "研发投入强度", "unit": "%", "kind": "ratio", "targets": {2021: ">= 2.8"}},
        },
        "plans": [{"id": "p", "name": s("plan", "三年计划"), "baseline": 2020, "end": 2022, "targets": {"firms": 100}}],
        "milestones": [
            {
                "id": "m",
                "task": s("task", "发布办法"),
                "due": "2021Q4",
                "owner": s("owner", "科"),
                "note": s("m_note", "注"),
            }
        ],
    }
    data_2020 = {"year": 2020, "final": True, "actuals": {"firms": 71, "rd": 2.6}}
    data_2021 = {
        "year": 2021,
        "final": True,
        "source": s("d_source", "总结"),
        "note": s("d_note", "注"),
        "actuals": {"firms": {"value": 86, "note": s("a_note", "注"), "source": s("a_source", "统计")}, "rd": 2.65},
        "peers": {s("peer", "泰州"): {"firms": 90, "rd": 2.7}},
        "units": {unit_a: {"firms": 50}, unit_b: {"firms": 36}},
        "milestones": {"m": {"done": "2021-10-01", "note": s("p_note", "注")}},
    }
    return {"targets.yaml": targets, "data/2020.yaml": data_2020, "data/2021.yaml": data_2021}


FORMATS = ("table", "markdown", "plain", "csv", "json")
COMMANDS = (
    ["status", "2021"],
    ["trend", "firms"],
    ["plan"],
    ["compare", "firms"],
    ["units", "2021"],
    ["indicators"],
)
# ESC, BEL and every other C0/C1 control but line ends; bidi controls and line separators
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
INERT_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?%?")


def run(root: Path, *args: str):
    result = CliRunner().invoke(app, [*args, "--root", str(root)], catch_exceptions=False)
    assert result.exit_code in (0, 1), (args, result.exit_code, result.stdout, result.stderr)
    return result


def assert_safe(args: tuple, output: str, *, workflow_commands: bool = False) -> None:
    assert "Traceback" not in output, (args, output)
    found = FORBIDDEN.search(output)
    assert found is None, (args, found, output)
    if not workflow_commands:
        assert not any(line.startswith("::") for line in output.splitlines()), (args, output)


def assert_inert_csv(args: tuple, data: bytes) -> None:
    for row in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")):
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")) or INERT_NUMBER.fullmatch(cell), (args, cell)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fields)
def test_no_text_in_a_file_acts_on_the_output(t):
    env = {"NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "120", "GITHUB_ACTIONS": ""}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "root"
            (root / "data").mkdir(parents=True)
            for rel, doc in root_files(t).items():
                (root / rel).write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
            event("valid" if run(root, "check").exit_code == 0 else "invalid")
            for fmt in ("text", "json", "github"):
                result = run(root, "check", "-f", fmt)
                assert_safe(("check", fmt), result.stdout, workflow_commands=fmt == "github")
                assert_safe(("check", fmt), result.stderr)
            for command in COMMANDS:
                for fmt in FORMATS:
                    args = (*command, "-f", fmt)
                    result = run(root, *args)
                    assert_safe(args, result.stdout)
                    assert_safe(args, result.stderr)
                    if fmt == "csv" and result.exit_code == 0:
                        assert_inert_csv(args, result.stdout_bytes)
            out = Path(tmp) / "out"
            result = run(root, "report", "2021", "--only", "md,html", "--out", str(out), "--force")
            assert_safe(("report",), result.stdout + result.stderr)
            for written in sorted(out.glob("*")) if result.exit_code == 0 else []:
                assert_safe(("report", written.name), written.read_text(encoding="utf-8"))
            result = run(root, "init", "2030")
            assert_safe(("init",), result.stdout + result.stderr)
            if result.exit_code == 0:  # the file it wrote reads back, and shows nothing unsafe either
                assert_safe(("init", "check"), run(root, "check").stderr)
            shutil.rmtree(root)
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
