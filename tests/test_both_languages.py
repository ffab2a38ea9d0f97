"""Chinese everywhere (issue 23): every invalid case, the input-method slips, click's own usage errors and
--help's last line, run in both languages; a message in the other language fails.

zh: after the file names, the quoted values and the dotted keys are set aside, no English word may be left
that the Chinese catalogue itself does not use (YAML, kind: ratio, …) or that the case's files do not hold
(ids, keys). en: no Chinese may be printed that neither the case's files nor an English message holds.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from conftest import BASE, CASES, REPO, build_root
from sciplan.validate.dates import FORMS as DUE_FORMS

INVALID = sorted(p for p in (CASES / "invalid").iterdir() if p.is_dir())
CATALOG = REPO / "sciplan" / "locale" / "zh" / "LC_MESSAGES" / "sciplan.po"

# Typing slips of Chinese input methods (a data file of the base root with one slip each).
SLIPS = {
    "full_width_colon": "year: 2021\nfinal: true\nactuals:\n  firms：86\n  rd: 2.65\n",
    "no_space_after_colon": "year: 2021\nfinal: true\nactuals:\n  firms:86\n  rd: 2.65\n",
    "full_width_space": "year: 2021\nfinal: true\nactuals:\n\u3000firms: 86\n",
    "unquoted_comparison": None,  # in targets.yaml: targets: {2021: >= 50}
}


def _catalogue() -> tuple[set[str], set[str]]:
    """The ASCII words of the Chinese translations, and the Chinese runs of the English messages."""
    with CATALOG.open("rb") as f:
        catalog = read_po(f)
    ascii_words, cjk_runs = set(), set()
    for m in catalog:
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        for s in strings:
            ascii_words |= set(re.findall(r"[A-Za-z]+", s or ""))
        for s in ids:
            cjk_runs |= set(re.findall(r"[\u4e00-\u9fff]+", s))
    return ascii_words, cjk_runs


ZH_WORDS, EN_CJK = _catalogue()
EN_CJK |= set(re.findall(r"[\u4e00-\u9fff]+", DUE_FORMS))  # the deadline forms are examples, in any language


def _file_words(root: Path) -> tuple[set[str], str]:
    words: set[str] = set()
    text = ""
    for f in root.rglob("*.y*ml"):
        if not f.is_file():
            continue
        content = f.read_bytes().decode("utf-8", errors="ignore")
        text += content
        words |= set(re.findall(r"[A-Za-z]+", content))
    return words, text


def english_left(line: str, allowed: set[str]) -> list[str]:
    t = re.sub(r"^\S+?:\d+:\d+: (error|warning)\[[a-z0-9-]+\]: ", "", line)
    t = re.sub(r"^sciplan: (error(\[usage\])?: )?", "", t)
    t = re.sub(r"'[^']*'|\"[^\"]*\"|`[^`]*`|“[^”]*”", "", t)
    t = re.sub(r"(?:/|\w:\\)\S*|\S+\.(?:yaml|yml|json|docx|pdf|txt)\S*", "", t)
    t = re.sub(r"[A-Za-z_][\w]*(?:\.[\w\[\]]+)+|--?[A-Za-z][\w-]*", "", t)
    return [w for w in re.findall(r"[A-Za-z]{3,}", t) if w not in allowed and w not in ZH_WORDS]


def chinese_left(line: str, files_text: str) -> list[str]:
    runs = re.findall(r"[\u4e00-\u9fff]+", line)
    return [r for r in runs if r not in files_text and not any(r in e for e in EN_CJK)]


def _roots(tmp_path: Path):
    for case in INVALID:
        yield case.name, build_root(tmp_path / case.name, case)
    for name, text in SLIPS.items():
        root = build_root(tmp_path / name)
        if text is None:
            targets = root / "targets.yaml"
            targets.write_text(targets.read_text(encoding="utf-8").replace('{2021: ">= 50"}', "{2021: >= 50}"), "utf-8")
        else:
            (root / "data" / "2021.yaml").write_text(text, encoding="utf-8")
        yield name, root


def test_every_invalid_case_in_both_languages(tmp_path, run_cli):
    assert len(INVALID) >= 70
    wrong: list[str] = []
    for name, root in _roots(tmp_path):
        words, text = _file_words(root)
        for command in (["check"], ["status", "2021"]):
            zh = run_cli(*command, "--root", str(root), "--lang", "zh")
            en = run_cli(*command, "--root", str(root), "--lang", "en")
            assert zh.exit_code == en.exit_code, (name, command)
            for line in zh.stderr.splitlines():
                if left := english_left(line, words):
                    wrong.append(f"zh {name} {command[0]}: {line}  <{left}>")
            for line in en.stderr.splitlines():
                if left := chinese_left(line, text):
                    wrong.append(f"en {name} {command[0]}: {line}  <{left}>")
    assert not wrong, "\n".join(wrong)


def test_the_slips_are_named_in_chinese(tmp_path, run_cli):
    roots = dict(_roots(tmp_path))
    out = run_cli("check", "--root", str(roots["full_width_colon"]), "--lang", "zh")
    assert "firms 后面是全角冒号“：”（输入法的冒号）；YAML 需要半角冒号加一个空格：firms: 86" in out.stderr
    out = run_cli("check", "--root", str(roots["full_width_colon"]), "--lang", "en")
    assert "full-width colon '：' after firms (an input method's colon)" in out.stderr


USAGE = [
    ("status", "2021", "--bogus"),  # typer's own No such option
    ("status",),  # Missing argument
    ("bogus",),  # No such command
    ("status", "20x2"),  # not an int
    ("status", "2021", "--format", "xx"),  # not one of
    ("status", "2021", "extra"),  # unexpected extra argument
    ("status", "2021", "--format"),  # an option without its value
    ("trend",),
    ("check", "--format", "yaml"),
    ("report", "1800"),  # out of range
]


@pytest.mark.parametrize("args", USAGE, ids=[" ".join(a) for a in USAGE])
def test_usage_errors_in_both_languages(args, run_cli):
    zh = run_cli(*args, "--root", str(BASE), "--lang", "zh")
    en = run_cli(*args, "--root", str(BASE), "--lang", "en")
    assert zh.exit_code == en.exit_code == 2
    first_zh, first_en = zh.stderr.splitlines()[0], en.stderr.splitlines()[0]
    assert not english_left(first_zh, set(re.findall(r"[A-Za-z]+", " ".join(args)))), first_zh
    assert re.search(r"[\u4e00-\u9fff]", first_zh), first_zh
    assert not chinese_left(first_en, ""), first_en


def test_help_ends_in_the_language(run_cli):
    zh = run_cli("status", "--help", "--lang", "zh")
    en = run_cli("status", "--help", "--lang", "en")
    last = lambda text: [ln for ln in text.splitlines() if "--help" in ln][-1]  # noqa: E731
    assert "显示本帮助并退出" in last(zh.stdout)
    assert "Show this message and exit." in last(en.stdout)
    assert "Show this message" not in zh.stdout
