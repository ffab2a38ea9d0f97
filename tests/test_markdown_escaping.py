"""Text from the files is inert in Markdown (status -f markdown, the report's .md): a name starting
`<!--` hid everything after it on GitHub; `<img onerror>`, `<script>` and remote images rendered."""

from __future__ import annotations

import re

import pytest

from sciplan.render.markdown import block, inline

HOSTILE = {
    "firms": "<!-- 新增高企",
    "rd": "<img src=x onerror=alert(1)>研发",
    "loans": "![贷款](http://example.invalid/x.png)",
    "energy": "<script>alert(1)</script>能耗",
    "talents": "# 人才 *强调* _斜体_",
}


@pytest.fixture
def hostile_root(base_root):
    path = base_root / "targets.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in {
        "新增高企": HOSTILE["firms"],
        "研发投入强度": HOSTILE["rd"],
        "科技贷款": HOSTILE["loans"],
        "单位GDP能耗": HOSTILE["energy"],
        "引进人才": HOSTILE["talents"],
    }.items():
        assert f"name: {old}\n" in text
        text = text.replace(f"name: {old}\n", f"name: {_quoted(new)}\n")
    text = text.replace("region: 测试区\n", f"region: {_quoted('<b>测试区<i>')}\n")
    path.write_text(text, encoding="utf-8")
    return base_root


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _unescaped(raw: str, markdown: str) -> bool:
    """`raw` stands in `markdown` with no backslash before it (so a viewer would read it as markup)."""
    return re.search(r"(?<!\\)" + re.escape(raw), markdown) is not None


_RAW = re.compile(r"(?<!\\)([<\[\]`]|[*~](?=\S))")  # what could open markup, with no backslash before it


def _raw_markup(markdown: str, allowed: tuple[str, ...] = ()) -> list[str]:
    """The lines that hold a markup character no backslash escapes (sciplan's own markup aside)."""
    found = []
    for written in markdown.splitlines():
        line = written.removeprefix("> ")  # sciplan's own quoted notes
        for mine in allowed:
            line = line.replace(mine, "")
        if _RAW.search(line):
            found.append(written)
    return found


def test_status_markdown_escapes_every_text_from_the_files(hostile_root, run_cli):
    result = run_cli("status", "2021", "--root", str(hostile_root), "-f", "markdown", "--no-cache")
    assert result.exit_code == 0, result
    out = result.stdout
    for raw in ("<!--", "<img", "<script", "![", "<b>"):
        assert not _unescaped(raw, out)
    assert "\\<!-- 新增高企" in out
    assert "!\\[贷款\\](http://example.invalid/x.png)" in out
    assert "| # 人才 \\*强调* \\_斜体_ " in out  # in a table cell `#` starts no heading
    assert "\\<b>测试区\\<i>" in out
    assert _raw_markup(out, ("**",)) == []


def test_the_reports_markdown_escapes_every_text_from_the_files(hostile_root, run_cli, tmp_path):
    out_dir = tmp_path / "out"
    result = run_cli("report", "2021", "--root", str(hostile_root), "--out", str(out_dir), "--no-cache")
    assert result.exit_code == 0, result
    (md,) = out_dir.glob("*.md")
    text = md.read_text(encoding="utf-8")
    assert len(re.findall(r"(?<!\\)<!--", text)) == 1  # sciplan's own mark, at the end
    assert text.rstrip().endswith("<!-- written by sciplan report -->")
    for raw in ("<img", "<script", "![", "<b>"):
        assert not _unescaped(raw, text)
    assert "\\<!-- 新增高企" in text
    assert _raw_markup(text.replace("<!-- written by sciplan report -->", "")) == []


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("<!-- x", "\\<!-- x"),
        ("a|b", "a\\|b"),
        ("rd_total*2", "rd_total\\*2"),  # `_` inside a word opens nothing
        ("*强调* _斜体_ ~~删~~", "\\*强调* \\_斜体_ \\~\\~删\\~~"),  # what could open emphasis
        ("34.60* ~ near", "34.60* ~ near"),  # what cannot stays as written
        ("[x](y)", "\\[x\\](y)"),
        ("a & b", "a & b"),
        ("&lt;", "\\&lt;"),
        ("R&D经费", "R&D经费"),  # not an entity
        ("line\nbreak", "line break"),
        ("2.65%", "2.65%"),  # numbers stay as written
        ("泰兴市", "泰兴市"),
    ],
)
def test_inline(text, shown):
    assert inline(text) == shown


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("# 标题", "\\# 标题"),
        ("- 一项", "\\- 一项"),
        ("+ 一项", "\\+ 一项"),
        ("> 引用", "\\> 引用"),
        ("* 星号", "\\* 星号"),
        ("1. 第一", "1\\. 第一"),
        ("12) 第十二", "12\\) 第十二"),
        ("2.65%未达标", "2.65%未达标"),  # not a list: no space after the dot
        ("2022年", "2022年"),
    ],
)
def test_block(text, shown):
    assert block(text) == shown
