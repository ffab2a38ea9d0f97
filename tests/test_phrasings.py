"""The target parser's table (sciplan/validate/phrasings.py, issues 18 and 23): every example of every row reads
as the row says (its target written by hand in the table), and is read by that row; README's tables of target
phrasings, in both languages, are the table's rows.

    python tests/test_phrasings.py     rewrites README.md's and README.zh-CN.md's tables from the table
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from sciplan.validate import phrasings
from sciplan.validate.targets import parse_target
from sciplan.validate.values import BadValue

REPO = Path(__file__).parent.parent
EXAMPLES = [(row, example) for row in phrasings.TABLE for example in row.examples]


@pytest.mark.parametrize(("row", "example"), EXAMPLES, ids=[f"{r.key}:{e.written}" for r, e in EXAMPLES])
def test_each_phrasing_reads_as_its_row_says(row, example):
    with phrasings.tracing() as trace:
        try:
            got = phrasings.shown(parse_target(example.written, example.unit, example.direction, example.kind))
        except BadValue:
            got = None
    assert got == example.reads
    if example.reads is None:  # refused: the row that refused it is among the rows tried
        assert row.key in [r.key for r, _m in trace.tried]
    else:
        assert row.key in [r.key for r, _m in trace.read]


def test_every_row_has_an_example_and_its_own_key():
    keys = [row.key for row in phrasings.TABLE]
    assert len(keys) == len(set(keys))
    assert all(row.examples for row in phrasings.TABLE)
    assert all(row.key.split(".")[0] == row.stage for row in phrasings.TABLE)


def test_a_failed_try_is_not_among_the_rows_that_read():
    """全年新增高企50家 on a stock: the first try (as a form) fails; the sentence's 新增 and the words' 新增N
    read it, then the form of an increase."""
    with phrasings.tracing() as trace:
        target = parse_target("全年新增高企50家", "家", "up", "stock")
    assert phrasings.shown(target) == "+50"
    assert [r.key for r, _m in trace.read] == ["sentence.new", "words.new", "form.increase"]
    assert [m for _r, m in trace.read] == ["新增", "新增50家", "+50家"]


# ---- README's tables, generated from the table -----------------------------------------------------------

BEGIN = "<!-- generated from sciplan/validate/phrasings.py ({which}): python tests/test_phrasings.py -->"
END = "<!-- end of the generated table -->"
# README's order: the short wording first, then whole sentences, then periods
WORDING_STAGES = ("words", "sentence", "period")


def _cell(row: phrasings.Phrasing, zh: bool) -> tuple[str, str]:
    written = []
    for example in row.examples:
        if example.reads is not None and f"`{example.written}`" not in written:
            written.append(f"`{example.written}`")
    meaning = row.meaning_zh if zh else row.meaning
    refused = [f"`{e.written}`" for e in row.examples if e.reads is None]
    if refused:
        written.append("不、未、控制…紧挨数字" if zh else "不, 未, 控制 … just before the number")
        meaning += ("（如 " if zh else " (e.g. ") + ", ".join(refused) + ("）" if zh else ")")
    return ("、" if zh else ", ").join(written), meaning


def table(which: str, zh: bool) -> str:
    stages = ("form",) if which == "forms" else WORDING_STAGES
    head = "| 写法 | 含义 |\n|---|---|" if zh else "| written | meaning |\n|---|---|"
    rows = [row for stage in stages for row in phrasings.BY_STAGE[stage]]
    lines = [BEGIN.format(which=which), head]
    lines += ["| {} | {} |".format(*_cell(row, zh)) for row in rows]
    lines.append(END)
    return "\n".join(lines)


def _block(which: str) -> re.Pattern[str]:
    return re.compile(re.escape(BEGIN.format(which=which)) + r"\n.*?" + re.escape(END), re.S)


@pytest.mark.parametrize(("readme", "zh"), [("README.md", False), ("README.zh-CN.md", True)])
@pytest.mark.parametrize("which", ["forms", "wording"])
def test_readme_tables_are_the_table(readme, zh, which):
    text = (REPO / readme).read_text(encoding="utf-8")
    found = _block(which).search(text)
    assert found, f"{readme} has no generated {which} table: python tests/test_phrasings.py"
    assert found.group() == table(which, zh), f"{readme} is behind the table: python tests/test_phrasings.py"


def rewrite() -> None:
    for readme, zh in (("README.md", False), ("README.zh-CN.md", True)):
        path = REPO / readme
        text = path.read_text(encoding="utf-8")
        for which in ("forms", "wording"):
            text = _block(which).sub(lambda _m, w=which, z=zh: table(w, z), text, count=1)
        path.write_text(text, encoding="utf-8")
        print(f"{readme}: target tables rewritten from sciplan/validate/phrasings.py")


if __name__ == "__main__":
    sys.exit(rewrite())
