"""Messages a first-time user met in English under LANG=zh_CN.UTF-8 (the Chinese interface)."""

import pytest


@pytest.fixture
def zh(monkeypatch):
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")


def test_unreadable_target_names_its_fix_in_chinese(base_root, run_cli, zh):
    """'全力推进高企培育' has no figure; the message names the one fix, in Chinese, never 'or' (issue 23)."""
    path = base_root / "targets.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('targets: {2021: ">= 50"}', "targets: {2021: 全力推进高企培育}", 1), encoding="utf-8")
    result = run_cli("check", "--root", str(base_root))
    assert result.exit_code == 1
    line = next(ln for ln in result.stderr.splitlines() if "全力推进高企培育" in ln)
    assert "无法识别目标 '全力推进高企培育'；写作：50家以上" in line
    assert " or " not in line


def test_init_says_what_it_wrote_in_chinese(base_root, run_cli, zh):
    # tests/cases/base has no targets for 2023: all 5 indicators are listed (see test_edges)
    result = run_cli("init", "2023", "--root", str(base_root))
    assert result.exit_code == 0
    assert not result.stderr.startswith("wrote") and " listed" not in result.stderr
    assert "已写入" in result.stderr and "2023年没有指标设定目标；已列出全部5项" in result.stderr


def test_new_says_what_it_wrote_in_chinese(run_cli, tmp_path, zh):
    result = run_cli("new", str(tmp_path / "qu"), "--region", "海陵区", "--year", "2023")
    assert result.exit_code == 0
    assert not result.stderr.startswith("wrote") and "写入8个文件：" in result.stderr
