"""Choosing the interface language of a run: --lang on every command, $SCIPLAN_LANG, `lang:` in
targets.yaml, the locale; a bad --lang is a one-line usage error; --help in the chosen language."""

from __future__ import annotations

import pytest

from conftest import build_root
from sciplan.core import i18n


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["status", "2022", "--lang", "zh"], "zh"),
        (["--lang=en", "status"], "en"),
        (["--lang", "zh", "status", "--lang", "en"], "en"),  # the last one given, as click reads it
        (["trend", "x", "--", "--lang", "zh"], None),  # after `--` it is an argument, not the option
        (["status", "--lang"], None),  # no value: click reports it
    ],
)
def test_option_value_is_read_before_parsing(args, expected):
    assert i18n.option_value(args, "--lang") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("region: 甲区\nlang: zh\nindicators: {}\n", "zh"),
        ("region: 甲区\nlang: 'en'   # for the English-speaking auditors\n", "en"),
        ('lang: "zh"\r\nregion: 甲区\r\n', "zh"),
        ("region: 甲区\nunits:\n  lang: zh\n", None),  # not the top-level key
        ("region: 甲区\n# lang: zh\n", None),  # a comment
        ("region: 甲区\n", None),
    ],
)
def test_the_plans_lang_is_found_without_parsing_yaml(tmp_path, text, expected):
    (tmp_path / "targets.yaml").write_text(text, encoding="utf-8")
    assert i18n.plan_language(str(tmp_path), {}) == expected


def test_the_plans_lang_is_found_from_a_subfolder(tmp_path, monkeypatch):
    (tmp_path / "targets.yaml").write_text("region: 甲区\nlang: zh\n", encoding="utf-8")
    (tmp_path / "data").mkdir()
    monkeypatch.chdir(tmp_path / "data")
    assert i18n.plan_language(None, {}) == "zh"
    assert i18n.plan_language(None, {"SCIPLAN_ROOT": str(tmp_path / "nowhere")}) is None


@pytest.mark.parametrize(
    ("args", "env", "plan", "expected"),
    [
        ([], {"LANG": "zh_CN.UTF-8"}, None, "zh"),
        ([], {"LANG": "en_US.UTF-8"}, "zh", "zh"),  # lang: zh wins over the locale
        (["--lang", "en"], {"LANG": "zh_CN.UTF-8"}, "zh", "en"),  # --lang over everything
        ([], {"SCIPLAN_LANG": "en", "LANG": "zh_CN.UTF-8"}, "zh", "en"),
        (["--lang", "zh_CN"], {}, None, "zh"),
    ],
)
def test_startup_language_order(tmp_path, args, env, plan, expected):
    text = "region: 甲区\n" + (f"lang: {plan}\n" if plan else "")
    (tmp_path / "targets.yaml").write_text(text, encoding="utf-8")
    assert i18n.startup_language([*args, "--root", str(tmp_path)], env) == expected


def test_a_bad_lang_is_a_one_line_usage_error(run_cli):
    result = run_cli("status", "2021", "--lang", "fr")
    assert result.exit_code == 2
    assert result.stderr == "sciplan: error[usage]: --lang 'fr': sciplan speaks zh (中文) and en (English)\n"
    assert result.stdout == ""


def test_a_bad_lang_is_reported_in_the_locales_language(run_cli, monkeypatch):
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    result = run_cli("check", "--lang=klingon")
    assert result.exit_code == 2
    assert result.stderr == "sciplan: error[usage]: --lang 'klingon'：sciplan 只支持 zh（中文）和 en（English）\n"


@pytest.mark.parametrize("where", ["before", "after"])
def test_every_command_takes_lang(run_cli, tmp_path, where):
    root = build_root(tmp_path / "root")
    for command in (["check"], ["indicators"], ["status", "2021"], ["trend", "firms"]):
        lang = ["--lang", "en"]
        args = [*lang, *command] if where == "before" else [*command, *lang]
        result = run_cli(*args, "--root", str(root))
        assert result.exit_code == 0, (args, result)


def test_help_is_in_the_chosen_language(run_cli, monkeypatch):
    english = run_cli("status", "--help")
    assert "Language of the output: zh or en" in english.stdout and "Options" in english.stdout
    chinese = run_cli("status", "--help", "--lang", "zh")
    assert "输出语言：zh 或 en" in chinese.stdout and "选项" in chinese.stdout
    assert "Options" not in chinese.stdout
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert "选项" in run_cli("--help").stdout


def test_diagnostics_are_in_chinese_with_prefix_and_code_unchanged(run_cli, tmp_path, monkeypatch):
    root = build_root(tmp_path / "root")
    (root / "data" / "2022.yaml").write_text("", encoding="utf-8")
    english = run_cli("check", "--root", str(root))  # cached in English first: the cache must not answer zh
    assert english.stderr == "data/2022.yaml:1:1: error[empty-file]: file is empty\nsciplan: 1 error in 1 file\n"
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    chinese = run_cli("check", "--root", str(root))
    assert chinese.exit_code == 1
    assert chinese.stderr == "data/2022.yaml:1:1: error[empty-file]: 文件是空的\nsciplan: 1处错误，涉及1个文件\n"
    status = run_cli("status", "2022", "--root", str(root))  # 2022 is the year it reads
    assert status.stderr.splitlines()[-1] == "sciplan: error: 数据中有1处错误，未作计算；`sciplan check` 可列出全部问题"
    status = run_cli("status", "2021", "--root", str(root))  # it does not read 2022: one warning line
    assert status.exit_code == 0
    assert status.stderr == "sciplan: warning: data/2022.yaml 有错误，本命令未读取；`sciplan check` 可列出全部问题\n"


def test_no_root_is_said_in_chinese(run_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_cli("status", "2021", "--root", str(tmp_path / "nowhere"), "--lang", "zh")
    assert result.exit_code == 1
    assert result.stderr == f"sciplan: error: {tmp_path / 'nowhere'}: 没有这个文件夹\n"


def test_every_help_text_has_a_chinese_translation():
    """Each command's help and each option's: written with N_() in cli/ (a docstring is not extracted)."""
    import typer.main

    from sciplan.cli import app

    group = typer.main.get_command(app)
    texts = [group.help] + [c.help for c in group.commands.values()]
    texts += [p.help for c in [group, *group.commands.values()] for p in c.params if getattr(p, "help", None)]
    i18n.set_language("zh")
    untranslated = [t for t in texts if t and i18n._(t) == t]
    assert not untranslated, untranslated
