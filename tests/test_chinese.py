"""The Chinese interface, as a bureau reads it. Every expected string is written by hand from the base
root's figures (tests/cases/base; worked out in tests/test_cli_status.py's docstring):

  新增高企      86 vs ≥ 50: 86/50 = 172.0 %, +36, 同比 86/71 − 1 = +21.1 %          完成
  研发投入强度  2.65 % vs ≥ 2.80 %: 94.6 %, −0.15 个百分点, 同比 +0.05 个百分点      接近
  科技贷款      1.1亿元 = 11000万元 vs 10000 × 1.15 = 11500: 95.7 %, −500, +10.0 %   接近
  单位GDP能耗   0.60 vs ≤ 0.50 (越低越好): 0.5/0.6 = 83.3 %, +0.10, 0.6/0.52 − 1 = +15.4 %  未完成
  引进人才      12, 未设目标, 12/10 − 1 = +20.0 %
"""

from __future__ import annotations

import re

import pytest

from conftest import BASE, REPO, build_root

STATUS_PLAIN = """\
测试区 2021年指标完成情况（全年）

指标          单位      目标              完成    完成率           差距           同比  状态
------------  --------  --------------  ------  --------  -------------  -------------  ----------
新增高企      家        ≥ 50                86    172.0%            +36         +21.1%  ✓ 完成
研发投入强度  %         ≥ 2.80            2.65     94.6%  -0.15个百分点  +0.05个百分点  ~ 接近
科技贷款      万元      +15% → ≥ 11500   11000     95.7%           -500         +10.0%  ~ 接近
单位GDP能耗   吨标准煤  ≤ 0.50            0.60     83.3%          +0.10         +15.4%  ✗ 未完成
引进人才      名        —                   12         —              —         +20.0%  · 未设目标

短板
  ~ 研发投入强度达2.65%，低于目标0.15个百分点
  ~ 科技贷款完成11000万元，为目标11500万元的95.7%，差500万元；增长10.0%，目标15%，低5.0个百分点
  ✗ 单位GDP能耗为0.60吨标准煤，目标不超过0.50吨标准煤，超出0.10吨标准煤（完成率83.3%）
共5项指标：完成1项、接近2项、未完成1项、未设目标1项
"""


@pytest.fixture
def chinese(monkeypatch):
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")


def test_status_in_chinese(run_cli, chinese):
    result = run_cli("status", "2021", "--root", str(BASE), "-f", "plain")
    assert result.exit_code == 0, result
    assert "\n".join(line.rstrip() for line in result.stdout.splitlines()) + "\n" == STATUS_PLAIN


def test_trend_in_chinese(run_cli, chinese):
    out = run_cli("trend", "firms", "--root", str(BASE), "-f", "plain").stdout
    assert out.splitlines()[0] == "新增高企（家）· 2020—2021年"
    assert "2021    ≥ 50        86    172.0%  ✓ 完成      +21.1%" in out
    assert "2020—2021年年均增长：每年+21.13%" in out  # 86 / 71 − 1 = 21.126…%


def test_machine_output_does_not_change_with_the_language(run_cli, monkeypatch):
    english = {fmt: run_cli("status", "2021", "--root", str(BASE), "-f", fmt).stdout for fmt in ("json", "csv")}
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    for fmt in ("json", "csv"):
        assert run_cli("status", "2021", "--root", str(BASE), "-f", fmt).stdout == english[fmt]


def test_plan_lang_wins_over_the_locale_and_lang_over_everything(run_cli, tmp_path, monkeypatch):
    root = build_root(tmp_path / "root")
    text = (root / "targets.yaml").read_text(encoding="utf-8").replace("region: 测试区\n", "region: 测试区\nlang: zh\n")
    (root / "targets.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert run_cli("status", "2021", "--root", str(root)).stdout.startswith("测试区 2021年指标完成情况（全年）")
    english = run_cli("status", "2021", "--root", str(root), "--lang", "en").stdout
    assert english.startswith("测试区 · 2021 scorecard (final)")
    monkeypatch.setenv("SCIPLAN_LANG", "en")
    assert run_cli("status", "2021", "--root", str(root)).stdout.startswith("测试区 · 2021 scorecard (final)")


def test_english_locale_prints_english(run_cli, monkeypatch):
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    out = run_cli("status", "2021", "--root", str(BASE), "-f", "plain").stdout
    assert out.startswith("测试区 · 2021 scorecard (final)") and "5 indicators: 1 met · 2 near" in out


# Words allowed in the Chinese output: ids (they are the user's keys), and file names and YAML keys
# where a note says where to add a figure ("请在 data/2021.yaml 的 months: 9: 下补充").
_ASCII_WORD = re.compile(r"[A-Za-z][A-Za-z_]+")
_FILE_WORDS = {"data", "yaml", "targets", "months", "actuals", "as_of"}


@pytest.mark.parametrize(
    "command",
    [
        ["status", "2022"],
        ["status", "2021"],
        ["trend", "hightech_total"],
        ["plan"],
        ["compare", "hightech_total"],
        ["units", "2021"],
        ["units", "2022", "hightech_new"],
        ["indicators"],
    ],
)
def test_demo_in_chinese_has_no_english_word_but_ids(command, run_cli, chinese, monkeypatch):
    monkeypatch.chdir(REPO)
    result = run_cli(*command)
    assert result.exit_code == 0, result
    from sciplan.app.loader import load_project

    cat = load_project(REPO).catalogue
    ids = set(cat.indicators) | {p.id for p in cat.plans}
    words = set(_ASCII_WORD.findall(result.stdout + result.stderr))
    assert not {w for w in words if not any(w in i for i in ids) and w not in _FILE_WORDS}, words


def test_check_in_chinese(run_cli, chinese, tmp_path):
    root = build_root(tmp_path / "root")
    (root / "data" / "2021.yaml").write_text(
        "year: 2021\nactuals:\n  firms: xx\n  loans: 86件\n  talent: 12\n", encoding="utf-8"
    )
    result = run_cli("check", "--root", str(root))
    assert result.exit_code == 1
    assert result.stderr == (
        "data/2021.yaml:3:10: error[placeholder]: actuals.firms: 'xx' 是模板占位符，不是数字；"
        "请填写数字，尚未报送的写 null\n"
        "data/2021.yaml:4:10: error[unit]: actuals.loans: '86件' 的单位是件，但该指标以万元计；"
        "请写 86万元 或 86（或在 targets.yaml 中更正该指标的单位）\n"
        "data/2021.yaml:5:3: error[unknown-indicator]: actuals.talent: 未知指标 'talent'（是否应为 'talents'？）\n"
        "sciplan: 3处错误，涉及1个文件\n"
    )


def test_csv_header_in_chinese_writes_the_codes_in_words(run_cli):
    """`--header zh` is for people (new-user trial 3: a 统计员 opening it in WPS saw `short`, `false`, `pp`):
    the codes in words, the numbers as exact as the default CSV, which keeps its codes for programs."""
    keys = run_cli("status", "2021", "--root", str(BASE), "-f", "csv").stdout_bytes.decode()
    words = run_cli("status", "2021", "--root", str(BASE), "-f", "csv", "--header", "zh").stdout_bytes.decode()
    assert (
        words.split("\r\n", 1)[0]
        == "指标,代码,单位,目标,目标值,完成,约数,预计数,数据阶段,推算值,完成率,差距,同比,同比单位,状态,达到力争目标"
    )
    assert keys.split("\r\n", 1)[0] == (
        "name,id,unit,target.text,target.value,actual,approximate,estimated,stage,derived,attainment,gap,yoy,yoy_unit,"
        "status,stretch_met"
    )
    assert keys.split("\r\n")[1:3] == [
        "新增高企,firms,家,>= 50,50,86,false,false,,false,172.0,36,21.1267605633803,%,met,",
        "研发投入强度,rd,%,>= 2.8,2.8,2.65,false,false,,false,94.6428571428571,-0.15,0.05,pp,near,",
    ]
    assert words.split("\r\n")[1:3] == [
        "新增高企,firms,家,>= 50,50,86,否,否,,否,172.0,36,21.1267605633803,%,完成,",
        "研发投入强度,rd,%,>= 2.8,2.8,2.65,否,否,,否,94.6428571428571,-0.15,0.05,个百分点,接近,",
    ]
    demo = run_cli("status", "2022", "--root", str(REPO), "-f", "csv", "--header", "zh").stdout_bytes.decode()
    rows = {row.split(",")[2]: row.split(",") for row in demo.split("\r\n")[1:] if row}
    # R&D强度: computed (推算) from two 预计 figures, short of its target; 新认定高企 on pace (正常), 3.0 pp ahead
    assert rows["rd_intensity"][8:11] + rows["rd_intensity"][15:16] == ["是", "预计", "是", "未完成"]
    assert rows["hightech_new"][-2:] == ["正常", "3.0"]
    assert rows["rd_expenditure"][15] == "未设目标"


def test_csv_in_gbk_for_old_excel(run_cli, tmp_path):
    data = run_cli("status", "2021", "--root", str(BASE), "-f", "csv", "--encoding", "gbk").stdout_bytes
    assert data.decode("gbk").splitlines()[1].startswith("新增高企,firms,家,>= 50,50,86,false,false,,false,172.0,36,")
    assert "新增高企".encode("gbk") in data
    root = build_root(tmp_path / "root")
    text = (root / "targets.yaml").read_text(encoding="utf-8").replace("name: 新增高企", "name: 新增𠮷企")
    (root / "targets.yaml").write_text(text, encoding="utf-8")
    refused = run_cli("status", "2021", "--root", str(root), "-f", "csv", "--encoding", "gbk")
    assert refused.exit_code == 1
    assert refused.stderr == (
        "sciplan: error: '𠮷' cannot be written in GBK; use --encoding gb18030, or utf-8 with --bom\n"
    )
    assert (
        "新增𠮷企".encode("gb18030")
        in run_cli("status", "2021", "--root", str(root), "-f", "csv", "--encoding", "gb18030").stdout_bytes
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--encoding", "gbk"], "--encoding applies to --format csv only"),
        (["--header", "zh"], "--header applies to --format csv only"),
        (["-f", "csv", "--bom", "--encoding", "gbk"], "--bom marks UTF-8; with --encoding gbk leave it out"),
    ],
)
def test_csv_options_misused_are_usage_errors(run_cli, args, message):
    result = run_cli("status", "2021", "--root", str(BASE), *args, "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr == f"sciplan: error[usage]: {message}\n"


def _comparison(own, *others):
    from fractions import Fraction as F

    from sciplan.compute.peers import Comparison, RegionRow
    from sciplan.core.records import Indicator

    rows = [RegionRow("甲市", True, F(100), 1, None, own)]
    rows += [RegionRow(name, False, F(90), 2, None, rate) for name, rate in others]
    return Comparison(Indicator("firms", "高企总数", "家"), 2021, 3, rows)


def test_comparison_never_says_lower_of_rates_that_read_the_same():
    from fractions import Fraction as F

    from sciplan.core import i18n
    from sciplan.views.sentences import comparison_sentence

    i18n.set_language("zh")
    # 26.554% and 26.551% both read 26.55 at two decimals: a third decimal tells them apart
    text = comparison_sentence(_comparison(F(26551, 1000), ("乙市", F(26554, 1000)), ("丙市", F(2010, 100))))
    assert text == "近3年高企总数年均增长26.551%，低于乙市的26.554%，高于丙市的20.100%"
    # exactly equal: 持平, neither 高于 nor 低于
    assert comparison_sentence(_comparison(F(12), ("乙市", F(12)))) == "近3年高企总数年均增长12.00%，与乙市持平"


@pytest.mark.parametrize(
    ("written", "zh", "en"),
    [
        ("2021Q4", "2021年第四季度", "2021Q4"),
        ("2022q1", "2022年第一季度", "2022Q1"),
        ("2022-06", "2022年6月", "2022-06"),
        ("2022-03-31", "2022年3月31日", "2022-03-31"),
        ("2023年底", "2023年底", "2023年底"),  # the plan's own words stay as written
    ],
)
def test_deadlines_in_the_words_of_the_interface(written, zh, en):
    from sciplan.core import i18n
    from sciplan.views.words import due_text

    try:
        i18n.set_language("zh")
        assert due_text(written) == zh
        i18n.set_language("en")
        assert due_text(written) == en
    finally:
        i18n.set_language("en")


def test_milestones_in_chinese_write_dates_as_a_bureau_does(run_cli, chinese, monkeypatch):
    """The demo's 2022 tasks (targets.yaml: due 2022Q1, 2022-06, 2022Q4; data/2022.yaml: done
    2022-03-15 and 2022-04-20), each date as 年月日 and each quarter as 第N季度."""
    monkeypatch.chdir(REPO)
    result = run_cli("status", "2022", "-f", "plain")
    assert result.exit_code == 0, result
    lines = result.stdout.splitlines()
    for line in [
        "  ✓ 已完成：发布《技术转移机构管理考核办法》（2022年3月15日完成，时限2022年第一季度，成果转化科）",
        "  ✓ 逾期完成：完成企业技术需求征集（2022年4月20日完成，时限2022年第一季度，成果转化科）",
        "  ✗ 逾期未完成：建成高新技术企业培育云平台（时限2022年6月，高新技术科）",
        "  ○ 推进中：办好中欧膜产业技术创新合作大会（时限2022年第四季度，对外合作科）",
    ]:
        assert line in lines, (line, lines)


def test_init_writes_its_comments_in_chinese(run_cli, chinese, tmp_path):
    root = build_root(tmp_path / "root")
    result = run_cli("init", "2023", "--root", str(root))
    assert result.exit_code == 0, result
    text = (root / "data" / "2023.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[1:7] == [
        "# 测试区2023年完成情况。数据报来后逐项填写；尚未掌握的保留 null",
        "# （null 不会被当作零）。年度数据定稿后改为 final: true。",
        "year: 2023",
        "final: false",
        "as_of: null      # 数据截止日期，如 2023-09-30",
        'source: null     # 数据来源，如 "2023年工作总结"',
    ]
    assert "  # 新增高企（家）" in text.splitlines()


def test_check_warnings_in_chinese(run_cli, chinese, tmp_path):
    """The demo's 2022 file without its as_of: line (final: false is on line 5)."""
    import shutil

    root = tmp_path / "root"
    shutil.copytree(REPO / "data", root / "data")
    shutil.copy(REPO / "targets.yaml", root / "targets.yaml")
    data = root / "data" / "2022.yaml"
    data.write_text(
        "".join(line for line in data.read_text(encoding="utf-8").splitlines(True) if not line.startswith("as_of:")),
        encoding="utf-8",
    )
    result = run_cli("check", "--root", str(root))
    assert result.stderr.splitlines() == [
        "data/2022.yaml:5:1: warning[no-as-of]: 2022年尚未定稿（final: false），但没有 as_of：序时进度和同期同比"
        "需要数据截止日期；请补上，如 as_of: 2022-09-30",
        "sciplan: 1处警告，涉及1个文件",
    ]
