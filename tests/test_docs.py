"""README.md stays true: its outputs are what sciplan prints, every command is documented and has
help, and CI runs the test command the README shows."""

from __future__ import annotations

import re
import shlex

import pytest

from conftest import REPO, build_root
from sciplan.cli import app

README = (REPO / "README.md").read_text(encoding="utf-8")
README_ZH = (REPO / "README.zh-CN.md").read_text(encoding="utf-8")


def console_blocks(kind: str = "console", readme: str = README) -> list[tuple[str, str]]:
    """(command, expected output) for every `$ sciplan ...` in the README's ```console blocks."""
    found = []
    for block in re.findall(rf"```{kind}\n(.*?)```", readme, re.S):
        lines = block.splitlines()
        assert lines[0].startswith("$ "), block[:80]
        found.append((lines[0][2:], "\n".join(lines[1:])))
    return found


def normalized(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines())


@pytest.mark.parametrize(("command", "expected"), console_blocks(), ids=[c for c, _ in console_blocks()])
def test_readme_output_is_real(command, expected, run_cli, monkeypatch):
    monkeypatch.chdir(REPO)
    args = shlex.split(command)
    assert args[0] == "sciplan"
    result = run_cli(*args[1:])
    assert result.exit_code == 0, result
    assert normalized(result.stdout) == normalized(expected)


@pytest.mark.parametrize(
    ("command", "expected"), console_blocks(readme=README_ZH), ids=[c for c, _ in console_blocks(readme=README_ZH)]
)
def test_chinese_readme_output_is_real(command, expected, run_cli, monkeypatch):
    """README.zh-CN.md's examples, as a Chinese locale prints them."""
    monkeypatch.chdir(REPO)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    result = run_cli(*shlex.split(command)[1:])
    assert result.exit_code == 0, result
    assert normalized(result.stdout) == normalized(expected)


@pytest.mark.parametrize(("readme", "lang"), [(README, "C.UTF-8"), (README_ZH, "zh_CN.UTF-8")], ids=["en", "zh"])
def test_readme_check_example_is_real(tmp_path, run_cli, monkeypatch, readme, lang):
    """The 'When something is wrong' example, rebuilt from the test base root."""
    monkeypatch.setenv("LANG", lang)
    root = build_root(tmp_path / "root")
    targets = (
        (root / "targets.yaml")
        .read_text(encoding="utf-8")
        .replace("    name: 研发投入强度\n", "    nam: 研发投入强度\n")
    )
    (root / "targets.yaml").write_text(targets, encoding="utf-8")
    (root / "data" / "2021.yaml").write_text(
        "year: 2021\nfinal: true\nactuals:\n  firms: xx\n  rd: 2.65\n  loans: 86件\n  energy: 0.6\n  talent: 12\n",
        encoding="utf-8",
    )
    (root / "data" / "2022.yaml").write_bytes("year: 2022\nactuals:\n  firms: 30  # 一季度\n".encode("gbk"))
    [(command, expected)] = console_blocks("text", readme)
    assert command == "sciplan check"
    result = run_cli("check", "--root", str(root))
    assert result.exit_code == 1
    assert normalized(result.stderr) == normalized(expected)


def commands() -> list[str]:
    import typer.main

    return sorted(typer.main.get_command(app).commands)


@pytest.mark.parametrize("name", commands())
def test_every_command_has_help_and_is_documented(name, run_cli):
    result = run_cli(name, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.stdout and len(result.stdout) > 200
    assert f"`sciplan {name}" in README, f"README does not document `sciplan {name}`"


def test_ci_runs_the_readme_test_command():
    section = README.split("## Set-up", 1)[1].split("\n## ", 1)[0]
    setup = re.findall(r"```sh\n(.*?)\n```", section, re.S)
    install_and_run, install_and_test = setup[0], setup[1]
    assert install_and_run.endswith("sciplan status 2022")
    assert "pytest" in install_and_test
    assert install_and_test in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_readme_counts_the_broken_roots():
    count = len([p for p in (REPO / "tests" / "cases" / "invalid").iterdir() if p.is_dir()])
    assert f"holds {count} broken data roots" in README
