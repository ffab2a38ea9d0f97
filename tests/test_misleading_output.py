"""Output that can mislead (issue 17): growth against growth in the interface's language, and
growth on a base of 0 said as such. Every expected number is worked out by hand beside it."""

from __future__ import annotations

from pathlib import Path

import pytest

TARGETS = """\
region: 测试区
indicators:
  loans: {name: 科技贷款, unit: 万元, targets: {2022: "+15%"}}
  share: {name: 高新产值占比, unit: "%", kind: ratio, targets: {2022: "+1pp"}}
  firms: {name: 科技企业, unit: 家, kind: stock, targets: {2022: "+40"}}
  vouchers: {name: 创新券, unit: 万元}
  profit: {name: 孵化器利润, unit: 万元, kind: stock}
"""
Y2021 = "year: 2021\nfinal: true\nactuals: {loans: 10000, share: 46.8, firms: 100, vouchers: 0, profit: -5}\n"
Y2022 = "year: 2022\nfinal: true\nactuals: {loans: 11000, share: 47.5, firms: 130, vouchers: 50, profit: 10}\n"


def make_root(tmp_path: Path) -> Path:
    root = tmp_path / "root"
    (root / "data").mkdir(parents=True)
    (root / "targets.yaml").write_text(TARGETS, encoding="utf-8")
    (root / "data/2021.yaml").write_text(Y2021, encoding="utf-8")
    (root / "data/2022.yaml").write_text(Y2022, encoding="utf-8")
    return root


# 科技贷款: 11000 / 10000 − 1 = 10.0 %, target 15 %: 5.0 pp below (threshold 11500, 95.7 %: near).
# 高新产值占比: 47.5 − 46.8 = 0.70 pp, target 1.00 pp: 0.30 pp below (threshold 47.8, 99.4 %: near).
# 科技企业: 130 − 100 = 30 家, target 40: 10 家 short (threshold 140, 92.9 %: near).
CLAUSES = {
    "en": [
        "growth 10.0% against a target of 15%, 5.0 pp below",
        "a rise of 0.70 pp against a target of a rise of 1.00 pp, 0.30 pp below",
        "an increase of 30 家 against a target of an increase of 40 家, 10 家 short",
    ],
    "zh": [  # as the Chinese output has always said it
        "增长10.0%，目标15%，低5.0个百分点",
        "提高0.70个百分点，目标提高1.00个百分点，低0.30个百分点",
        "增加30家，目标增加40家，少10家",
    ],
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_growth_against_growth_is_in_the_interface_language(tmp_path, run_cli, lang):
    out = run_cli("status", "2022", "--root", str(make_root(tmp_path)), "-f", "plain", "--lang", lang).stdout
    for clause in CLAUSES[lang]:
        assert clause in out, out
    if lang == "en":
        assert "增长" not in out and "个百分点" not in out and "增加" not in out and "目标" not in out


def test_growth_on_a_base_of_zero_says_the_base_is_zero(tmp_path, run_cli):
    """创新券 0 → 50: no percentage from 0; 孵化器利润 −5 → 10: none from below 0 either. The base is
    reported: the note must not say it is missing."""
    root = make_root(tmp_path)
    out = run_cli("status", "2022", "--root", str(root), "-f", "plain").stdout
    assert "YoY: cannot be computed for 创新券: last year's figure for the same period is 0" in out
    assert "YoY: cannot be computed for 孵化器利润: last year's figure for the same period is below 0" in out
    assert "not reported" not in out and "no 2021" not in out
    zh = run_cli("status", "2022", "--root", str(root), "-f", "plain", "--lang", "zh").stdout
    assert "同比：创新券上年同期为0，无法计算增长率" in zh
    assert "同比：孵化器利润上年同期为负数，无法计算增长率" in zh


def test_the_report_says_the_base_is_zero(tmp_path, run_cli):
    root = make_root(tmp_path)
    targets = TARGETS.replace("{name: 创新券, unit: 万元}", "{name: 创新券, unit: 万元, targets: {2022: 40}}")
    (root / "targets.yaml").write_text(targets, encoding="utf-8")
    result = run_cli("report", "2022", "--root", str(root), "--out", str(tmp_path / "rep"), "--only", "md")
    assert result.exit_code == 0, result
    (md,) = (tmp_path / "rep").glob("*.md")
    assert "YoY: cannot be computed for 创新券: last year's figure for the same period is 0" in md.read_text("utf-8")
