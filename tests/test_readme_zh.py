"""README.zh-CN.md is as complete as README.md (issue 23): the same sections in the same order, and every
command and option README.md shows (in code) shown in Chinese too."""

from __future__ import annotations

import re

import pytest

from conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
README_ZH = (REPO / "README.zh-CN.md").read_text(encoding="utf-8")

# README.md's headings and their Chinese, in order. A section added to one README needs its row here and
# its text in the other.
SECTIONS = [
    ("## Set-up", "## 安装"),
    ("## A tour, on the demo region", "## 示例地区导览"),
    ("### Collecting from the 板块", "### 向各板块收集数据"),
    ("## Figures in: the monthly routine", "## 每月填数：五条命令"),
    ("## The year's report, for the 工作总结", "## 年度报告：写工作总结用"),
    ("## The figures' history in git", "## 数据的修订历史（git）"),
    ("## From the 工作要点 to targets.yaml: `sciplan extract`", "## 从工作要点到 targets.yaml：`sciplan extract`"),
    ("## When something is wrong", "## 出错时"),
    ("## The files", "## 文件"),
    ("### `targets.yaml` — the plan", "### `targets.yaml`——计划"),
    ("### `data/<YEAR>.yaml` — one year's actuals", "### `data/<年份>.yaml`——当年完成数"),
    ("### Targets", "### 目标的写法"),
    ("### Status of an indicator in a year", "### 状态"),
    ("## Commands", "## 命令"),
    ("## In editors, pre-commit and CI", "## 在编辑器、pre-commit 和 CI 中"),
    ("## Speed", "## 速度"),
    ("### The cache", "### 缓存"),
    ("## In Python: sciplan as a library", "## 在 Python 中使用：sciplan 作为库"),
    ("## Development", "## 开发"),
]


def headings(text: str) -> list[str]:
    out, fence = [], False
    for line in text.splitlines():
        if line.startswith("```"):
            fence = not fence
        elif not fence and re.match(r"#{2,3} ", line):
            out.append(line.strip())
    return out


def test_the_sections_are_in_step():
    assert headings(README) == [en for en, _zh in SECTIONS]
    assert headings(README_ZH) == [zh for _en, zh in SECTIONS]


def code(text: str) -> list[str]:
    """The text of fenced blocks and of inline code."""
    parts, fence = [], False
    for line in text.splitlines():
        if line.strip().startswith("```"):
            fence = not fence
        elif fence:
            parts.append(line)
        else:
            parts += re.findall(r"`([^`]+)`", line)
    return parts


def _known() -> set[str]:
    import typer.main

    from sciplan.cli import app

    return set(typer.main.get_command(app).commands)


KNOWN = _known()


def commands(text: str) -> set[str]:
    """`sciplan COMMAND` and `sciplan COMMAND --option` for every command line shown in code."""
    found = set()
    for part in code(text):
        for m in re.finditer(r"(?:^|\$ |\s)sciplan(?=\s|$)((?: (?!--)[a-z][a-z-]*)?)([^#|]*)", part):
            if m.group(1) and m.group(1).strip() not in KNOWN:
                continue  # prose in a code block (the module tree's "sciplan as a library")
            command = ("sciplan" + m.group(1)).strip()
            found.add(command)
            found |= {f"{command} {option}" for option in re.findall(r"(?<![\w-])(--[a-z][\w-]*)", m.group(2))}
    return found


def test_every_command_and_option_is_shown_in_chinese_too():
    missing = commands(README) - commands(README_ZH)
    assert not missing, f"README.zh-CN.md does not show: {sorted(missing)}"


def test_the_test_command_the_ci_and_new_are_in_chinese():
    for needed in ("python -m pytest", "sciplan new", "--month", "months:", ".pre-commit-config.yaml", "sciplan-check"):
        assert needed in README_ZH, needed
    assert "GitHub Actions" in README_ZH and "pre-commit" in README_ZH


def _example(text: str, heading: str) -> dict:
    """The first ```yaml block after `heading`, read."""
    import yaml

    after = text[text.index(heading) :]
    block = re.search(r"```yaml\n(.*?)```", after, re.S)
    assert block, heading
    return yaml.safe_load(block.group(1))


def _keys(example: dict) -> set[str]:
    """The keys an example shows: its top level, each indicator's, and those of units:, peers: and months:."""
    keys = set(example)
    for section in ("indicators", "units", "peers", "months"):
        values = example.get(section)
        if not isinstance(values, dict):
            continue
        if section == "indicators":
            keys |= {f"{section}.{k}" for v in values.values() if isinstance(v, dict) for k in v}
        else:
            keys |= {f"{section}.{k}" for k in values if not isinstance(k, int)}
    return keys


@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        ("### `targets.yaml` — the plan", "### `targets.yaml`——计划"),
        ("### `data/<YEAR>.yaml` — one year's actuals", "### `data/<年份>.yaml`——当年完成数"),
    ],
)
def test_the_file_examples_show_every_key_in_chinese_too(english, chinese):
    """targets.yaml's plans: and milestones:, the data file's months: (new-user trial 3 needed README.md for them)."""
    missing = _keys(_example(README, english)) - _keys(_example(README_ZH, chinese))
    assert not missing, f"README.zh-CN.md's example lacks {sorted(missing)}"


def test_the_milestone_due_wording_is_in_chinese_too():
    """Every way of writing a milestone's due: that README.md lists (2023年6月, 四季度, 年底前, year: …)."""
    start = README.index("A milestone's `due:`")
    paragraph = README[start : README.index("\n\n", start)]
    missing = [w for w in re.findall(r"`([^`]+)`", paragraph) if w not in README_ZH]
    assert not missing, missing
