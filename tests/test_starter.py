"""`sciplan new DIR` (issue 12): a data root to start from, valid as written, never over anything."""

from __future__ import annotations

import pytest

from sciplan.cli.scaffold_root import _FORMS
from sciplan.validate.targets import parse_target

FILES = [
    ".gitattributes",
    ".github/workflows/sciplan.yml",
    ".gitignore",
    ".pre-commit-config.yaml",
    "data/.gitkeep",
    "schema/data.schema.json",
    "schema/targets.schema.json",
    "targets.yaml",
]


def test_new_starts_a_root_that_checks_clean(tmp_path, run_cli):
    root = tmp_path / "泰兴市"
    result = run_cli("new", str(root), "--year", "2023")
    assert result.exit_code == 0, result
    assert sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) == FILES
    targets = (root / "targets.yaml").read_text(encoding="utf-8")
    assert "region: 泰兴市\n" in targets  # the folder's name
    assert "      2023: 不少于300家\n" in targets
    assert run_cli("check", "--root", str(root)).exit_code == 0
    config = (root / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert "id: sciplan-check\n        args: [--strict]" in config
    assert "run: pre-commit run sciplan-check --all-files" in (root / ".github/workflows/sciplan.yml").read_text(
        encoding="utf-8"
    )
    # the schema files are the ones `sciplan schema` prints
    assert (root / "schema/data.schema.json").read_text(encoding="utf-8") == run_cli("schema", "data").stdout


@pytest.mark.parametrize(("form", "meaning"), _FORMS, ids=[f[0] for f in _FORMS])
def test_every_form_the_starter_teaches_reads(form, meaning):
    unit = "%" if form in ("控制在3%以内", "提高0.2个百分点") else "家"
    kind = "stock" if form == "净增40家" else "flow"
    parse_target(form.strip('"'), unit, "up", kind)


def test_the_starter_forms_mean_what_their_comments_say():
    """By hand: 确保300家、力争350家 is 300 with a 350 stretch; 翻一番 on 120 needs 240; 净增40家 on 227
    needs 267; 列全市第二 is rank ≤ 2."""
    from fractions import Fraction

    t = parse_target("确保300家、力争350家", "家", "up")
    assert (t.amount, t.stretch) == (300, 350)
    assert parse_target("翻一番", "亿元", "up").resolve(Fraction(120)).value == 240
    assert parse_target("净增40家", "家", "up", "stock").resolve(Fraction(227)).value == 267
    assert (parse_target("列全市第二", "家", "up").kind, parse_target("列全市第二", "家", "up").amount) == ("rank", 2)


def test_new_never_overwrites_anything(tmp_path, run_cli):
    root = tmp_path / "root"
    root.mkdir()
    (root / "targets.yaml").write_text("region: mine\n", encoding="utf-8")
    result = run_cli("new", str(root))
    assert result.exit_code == 1
    assert "targets.yaml already there; sciplan new never overwrites anything" in result.stderr
    assert (root / "targets.yaml").read_text(encoding="utf-8") == "region: mine\n"
    assert sorted(p.name for p in root.iterdir()) == ["targets.yaml"]  # nothing else written either


def test_new_says_report_is_not_committed_and_keeps_a_gitignore_of_the_folder(tmp_path, run_cli):
    """The root's .gitignore leaves report/ out of git and says so (the documents are made again from
    the data); a folder that has a .gitignore already (a repository made on a forge) keeps it as it is
    and gets every other file, where any other file already there refuses the whole root."""
    root = tmp_path / "root"
    assert run_cli("new", str(root)).exit_code == 0
    ignored = (root / ".gitignore").read_text(encoding="utf-8")
    assert ignored.endswith("\n/report/\n") and "delete the line below to commit them" in ignored
    forge = tmp_path / "forge"
    forge.mkdir()
    (forge / ".gitignore").write_text("*.pyc\n", encoding="utf-8")
    result = run_cli("new", str(forge))
    assert result.exit_code == 0, result
    assert (forge / ".gitignore").read_text(encoding="utf-8") == "*.pyc\n"
    assert sorted(str(p.relative_to(forge)) for p in forge.rglob("*") if p.is_file()) == FILES
    assert ".gitignore" not in result.stderr.split(":", 1)[1]  # not among the files written


def test_new_speaks_the_interface_language(tmp_path, run_cli):
    root = tmp_path / "root"
    assert run_cli("new", str(root), "--region", "瓯海区", "--year", "2024", "--lang", "zh").exit_code == 0
    targets = (root / "targets.yaml").read_text(encoding="utf-8")
    assert "# 目标照计划原文写。全部写法及含义：" in targets and "region: 瓯海区\n" in targets
    assert run_cli("check", "--root", str(root)).exit_code == 0
    # the root keeps the language it was started in: CI and every machine answer in Chinese, not the locale's
    assert "\nlang: zh  " in targets
    status = run_cli("status", "2030", "--root", str(root))
    assert status.exit_code == 1 and "no targets" not in status.stderr, status.stderr


def test_new_refuses_in_the_interface_language_and_lists_every_file(tmp_path, run_cli):
    root = tmp_path / "root"
    done = run_cli("new", str(root), "--region", "瓯海区", "--lang", "zh")
    listed = done.stderr.split("：", 1)[1].strip().split("、")
    assert len(listed) == 8 and done.stderr.startswith(f"已在 {root} 中写入8个文件")  # eight files, eight names
    again = run_cli("new", str(root), "--lang", "zh")
    assert again.exit_code == 1
    assert again.stderr.strip().endswith("；sciplan new 从不覆盖任何文件（请在空文件夹中开始）")


def test_init_without_a_year_starts_a_root_only_in_an_empty_folder(tmp_path, run_cli, monkeypatch):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / ".git").mkdir()  # hidden entries do not count
    monkeypatch.chdir(empty)
    assert run_cli("init").exit_code == 0
    assert (empty / "targets.yaml").exists() and (empty / "data").is_dir()
    assert run_cli("check").exit_code == 0
    again = run_cli("init")  # no longer empty: the year is what is missing (a usage error)
    assert again.exit_code == 2
    assert again.stderr.startswith("sciplan: error[usage]: name the year whose data file to start")
