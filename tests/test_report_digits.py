"""The 公文's sentences and digits (issue 22 item 4 and the sentence findings of documents trial 4):
one figure, one set of digits everywhere in a report; a strict target's gap; the plan's warning kept
in 短板; the peers' items with their 科室. Every expected sentence is written by hand, with its
arithmetic in the comment above it."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import write_root
from sciplan.core.i18n import language, set_language

docx = pytest.importorskip("docx")
openpyxl = pytest.importorskip("openpyxl")


@pytest.fixture(autouse=True)
def _keep_language():
    before = language()
    yield
    set_language(before)


# 河湾区: a stock with a strict target and peers, a rank target, a ratio, an amount, a three-year plan
TARGETS = """\
region: 河湾区
lang: zh
near: 90
indicators:
  firms:
    name: 有效期内国家高新技术企业
    unit: 家
    kind: stock
    owner: 高新技术科
    targets: {2021: "> 260"}
  smes:
    name: 科技型中小企业评价入库
    unit: 家
    owner: 高新技术科
    targets: {2021: rank <= 1}
  share:
    name: 高新技术产业产值占规上工业产值比重
    unit: "%"
    kind: ratio
    owner: 高新技术科
    targets: {2021: ">= 47.8"}
  contract:
    name: 技术合同成交额
    unit: 亿元
    decimals: 2
    owner: 成果转化科
    targets: {2021: "> 5.5"}
  loans:
    name: 科技贷款发放额
    unit: 万元
    targets: {2021: "+10%"}
  pool:
    name: 高企后备培育库企业
    unit: 家
    kind: stock
    owner: 高新技术科
  rd:
    name: 全社会研发经费投入强度
    unit: "%"
    kind: ratio
plans:
  - id: action
    name: 科技创新三年行动计划（2021—2023）
    baseline: 2020
    end: 2023
    targets: {firms: ">= 330", share: ">= 50", contract: ">= 8", rd: ">= 3.0"}
"""
Y2020 = """\
year: 2020
final: true
actuals: {firms: 227, smes: 297, share: 46.8, contract: 4, pool: 100, loans: 8000}
peers:
  兴化市: {firms: 221, smes: 276, pool: 80}
  靖江市: {firms: 213, smes: 254, pool: 90}
"""
Y2021 = """\
year: 2021
final: true
actuals: {firms: 258, smes: 341, share: 47.5, contract: 5, pool: 110, loans: 7200}
peers:
  兴化市: {firms: 262, smes: 356, pool: 120}
  靖江市: {firms: 251, smes: 322, pool: 100}
"""


def hewan(tmp_path: Path, targets: str = TARGETS, years: dict[int, str] | None = None) -> Path:
    return write_root(tmp_path / "root", targets, years or {2020: Y2020, 2021: Y2021})


def report(run_cli, where: Path, year: str = "2021", *extra: str) -> dict[str, Path]:
    out = where / "-".join(["out", year, *(x.strip("-") for x in extra)])  # one run's files alone
    result = run_cli("report", year, "--root", str(where), "--out", str(out), *extra)
    assert result.exit_code == 0, result
    return {p.suffix[1:]: p for p in out.iterdir() if p.suffix in (".docx", ".xlsx", ".md")}


def md_lines(out: dict[str, Path]) -> list[str]:
    return out["md"].read_text(encoding="utf-8").splitlines()


def word_text(path: Path) -> str:
    doc = docx.Document(str(path))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text.replace("\u2060", "") for p in doc.paragraphs] + cells)  # without the word joiners


def sheet_rows(path: Path, name: str) -> list[list]:
    ws = openpyxl.load_workbook(path)[name]
    return [[c for c in row] for row in ws.iter_rows()]


# ---- 1. one figure, one set of digits --------------------------------------------------------------


def test_a_yoy_has_the_same_digits_in_table_1_the_peers_table_and_shortfalls(run_cli, tmp_path):
    out = report(run_cli, hewan(tmp_path))
    lines = md_lines(out)
    # by hand: 258 / 227 = 1.136564 → +13.7%; 兴化市 262 / 221 = 1.185520 → +18.6%;
    # 靖江市 251 / 213 = 1.178404 → +17.8%; 341 / 297 = 1.148148 → +14.8%;
    # 兴化市 356 / 276 = 1.289855 → +29.0%; 靖江市 322 / 254 = 1.267717 → +26.8%
    assert "| 1 | 有效期内国家高新技术企业 | 家 | > 260 | 258 | 99.2% | +13.7% | 接近 |" in lines
    assert "| 有效期内国家高新技术企业 | 河湾区 | 258家 | 2/3 | +13.7% | +13.7% |" in lines
    assert "| 有效期内国家高新技术企业 | 兴化市 | 262家 | 1/3 | +18.6% | +18.6% |" in lines
    assert "| 科技型中小企业评价入库 | 靖江市 | 322家 | 3/3 | +26.8% | +26.8% |" in lines
    text = "\n".join(lines)
    assert "比上年增长14.8%，低于兴化市的29.0%和靖江市的26.8%" in text
    assert "13.66" not in text and "14.81" not in text and "28.99" not in text
    word = word_text(out["docx"])
    assert "+13.7%" in word and "13.66" not in word and "18.55" not in word
    # the workbook's 对比 sheet prints the same YoY with one decimal: 1.185520 as 0.0%
    rows = sheet_rows(out["xlsx"], "对比")
    header = [c.value for c in rows[2]]
    xinghua = next(r for r in rows if r[header.index("地区")].value == "兴化市")
    assert xinghua[header.index("同比")].number_format == "0.0%"


def test_the_plans_cells_keep_the_indicators_decimals(run_cli, tmp_path):
    out = report(run_cli, hewan(tmp_path))
    lines = md_lines(out)
    # by hand: share baseline 46.8 → 46.80, latest 47.5 → 47.50, target 50 of a ratio → ≥ 50.00;
    # observed 47.5 − 46.8 = +0.70 pp a year; required over the plan's 3 years from the baseline:
    # (50 − 46.8) / 3 = 1.0667 → +1.07 pp a year
    assert "| 高新技术产业产值占规上工业产值比重（%） | 46.80 | 47.50（2021年） | ≥ 50.00 |" in "\n".join(lines)
    row = next(x for x in lines if x.startswith("| 高新技术产业产值占规上工业产值比重（%）"))
    assert "| +0.70个百分点 | +1.07个百分点 |" in row
    # contract (decimals 2): 4 → 4.00, 5 → 5.00, an amount's whole threshold whole (≥ 8, as table 1
    # writes ≥ 700 beside 655.20); progress (5 − 4) / (8 − 4) = 25.0%, time 1 / 3 = 33.3%;
    # observed 5 / 4 − 1 = +25.0%; required (8 / 4)^(1/3) − 1 = 1.259921 − 1 = +26.0% (one decimal,
    # as every rate of the report; `plan` prints +25.99%)
    contract = "| 技术合同成交额（亿元） | 4.00 | 5.00（2021年） | ≥ 8 | 25.0% | 33.3% | +25.0% | +26.0% |"
    assert contract in "\n".join(lines)
    # firms: observed 258 / 227 − 1 = +13.7% (table 1's YoY of the same year); required
    # (330 / 227)^(1/3) − 1 = 1.132825 − 1 = +13.3%
    firms = next(x for x in lines if x.startswith("| 有效期内国家高新技术企业（家）"))
    assert "| +13.7% | +13.3% |" in firms
    # rd: no figures, its written ">= 3.0" as a ratio's threshold: ≥ 3.00
    assert "| 全社会研发经费投入强度（%） | — | — | ≥ 3.00 |" in "\n".join(lines)
    # the workbook's 计划 sheet writes the same: the text ≥ 3.00 beside the number 3 shown 0.00
    rows = sheet_rows(out["xlsx"], "计划")
    header = [c.value for c in rows[2]]
    rd = next(r for r in rows if r[header.index("指标")].value == "全社会研发经费投入强度")
    assert rd[header.index("期末目标")].value == "≥ 3.00"
    assert rd[header.index("期末目标") + 1].number_format == "0.00"
    share = next(r for r in rows if r[header.index("指标")].value == "高新技术产业产值占规上工业产值比重")
    assert share[header.index("期末目标")].value == "≥ 50.00"


# ---- 2. a strict target's gap -------------------------------------------------------------------------


def test_a_strict_count_target_needs_one_more_than_its_level(run_cli, tmp_path):
    out = report(run_cli, hewan(tmp_path))
    text = out["md"].read_text(encoding="utf-8")
    # by hand: 超260家 is met at 261 at the least; 261 − 258 = 3 (never "还差2家": 260 does not meet it);
    # 258 / 260 = 99.23% → 99.2%; 258 / 227 = +13.7%
    sentence = "有效期内国家高新技术企业达258家，完成年度目标的99.2%，距突破260家还差3家，同比增长13.7%。"
    assert sentence in text
    assert sentence in word_text(out["docx"])
    assert "还差2家" not in text


def test_a_strict_continuous_target_says_it_must_be_exceeded(run_cli, tmp_path):
    out = report(run_cli, hewan(tmp_path))
    text = out["md"].read_text(encoding="utf-8")
    # by hand: 5.5 − 5 = 0.50亿元 short of the level, and the level itself does not meet "> 5.5";
    # 5 / 5.5 = 90.91% → 90.9% (接近 at near: 90); 5 / 4 − 1 = +25.0%
    want = ("全年技术合同成交额5.00亿元，完成年度目标的90.9%，距目标5.50亿元还差0.50亿元，"
            "且须超过5.50亿元，同比增长25.0%。")  # fmt: skip
    assert want in text


def test_a_strict_targets_gap_in_english(run_cli, tmp_path):
    out = report(run_cli, hewan(tmp_path), "2021", "--lang", "en")
    text = out["md"].read_text(encoding="utf-8")
    # the same arithmetic as above: 261 − 258 = 3; 5.5 − 5 = 0.50
    assert "3 家 short of exceeding 260 家" in text
    assert "0.50 亿元 short of the target of 5.50 亿元, which must be exceeded" in text


def shortfall_items(out: dict[str, Path]) -> list[str]:
    lines = md_lines(out)
    start = next(i for i, x in enumerate(lines) if x.startswith(("## 三、", "## 3. ")))
    end = next(i for i, x in enumerate(lines) if x.startswith(("## 四、", "## 4. ")))
    return [x.split(". ", 1)[1] for x in lines[start:end] if x[:1].isdigit()]


def test_a_fall_against_a_growth_target_is_said_as_a_fall(run_cli, tmp_path):
    items = shortfall_items(report(run_cli, hewan(tmp_path)))
    # by hand: +10% on 8000 → 8800; 7200 / 8800 = 81.82% → 81.8%; 8800 − 7200 = 1600;
    # 7200 / 8000 − 1 = −10.0%: 下降10.0% (never 增长-10.0%), 10.0 − (−10.0) = 20.0 pp below the growth target
    want = ("全年科技贷款发放额7200万元，完成年度目标的81.8%，距目标8800万元还差1600万元，下降10.0%，目标增长10.0%，"
            "低20.0个百分点。")  # fmt: skip
    assert want in items
    en = shortfall_items(report(run_cli, hewan(tmp_path / "en"), "2021", "--lang", "en"))
    assert any(x.endswith("a decline of 10.0% against a target of 10.0% growth, 20.0 pp lower.") for x in en)


# ---- 3. the plan's warning stays in 短板 when the indicator is short this year too ----------------


def test_a_plan_warning_joins_the_item_of_an_indicator_short_this_year(run_cli, tmp_path):
    items = shortfall_items(report(run_cli, hewan(tmp_path)))
    # by hand: 47.8 − 47.5 = 0.30 pp below this year's target; the plan: (50 − 46.8) / 3 = 1.07 pp a
    # year required, 47.5 − 46.8 = 0.70 pp observed; 0.70 / 1.0667 = 0.66 ≥ 0.60 → 需加快
    want = ("高新技术产业产值占规上工业产值比重达47.50%，低于目标0.30个百分点；按科技创新三年行动计划（2021—2023）"
            "需年均提高1.07个百分点，实际年均提高0.70个百分点，需加快（责任单位：高新技术科）。")  # fmt: skip
    assert want in items
    assert not any(x.startswith("科技创新三年行动计划（2021—2023）中高新技术产业产值占") for x in items)


def test_a_plan_warning_in_english(run_cli, tmp_path):
    items = shortfall_items(report(run_cli, hewan(tmp_path), "2021", "--lang", "en"))
    # the same figures as above: 1.07 pp a year required, 0.70 observed
    item = next(x for x in items if x.startswith("高新技术产业产值占规上工业产值比重"))
    want = "; 科技创新三年行动计划（2021—2023） requires a rise of 1.07 pp a year; a rise of 0.70 pp a year so far, "
    assert want in item
    assert item.endswith("needs to accelerate (owner: 高新技术科).")


# ---- 4. the peers' items: their 科室, the subject once -------------------------------------------


def test_a_peer_item_names_its_owner_and_its_subject_once(run_cli, tmp_path):
    items = shortfall_items(report(run_cli, hewan(tmp_path)))
    # by hand: pool 120 (兴化市) > 110 > 100 (靖江市): 2nd of 3, behind 兴化市; 110 / 100 = +10.0%, slower
    # than 兴化市 120 / 80 = +50.0% and 靖江市 100 / 90 = +11.1%
    want = ("高企后备培育库企业在3个地区中列第2位，落后于兴化市；比上年增长10.0%，低于兴化市的50.0%和"
            "靖江市的11.1%（责任单位：高新技术科）。")  # fmt: skip
    assert want in items
    # smes, a rank target already short: its slower growth joins its item, the name said once;
    # 341 / 297 = +14.8% against 兴化市 356 / 276 = +29.0% and 靖江市 322 / 254 = +26.8%
    smes = ("全年科技型中小企业评价入库341家，在3个地区中列第2位，目标为第1位；比上年增长14.8%，低于兴化市的29.0%和"
            "靖江市的26.8%（责任单位：高新技术科）。")  # fmt: skip
    assert smes in items
    # firms, short of its (non-rank) target: its rank and its growth join its item; 262 > 258 > 251;
    # 258 / 227 = +13.7% against 262 / 221 = +18.6% and 251 / 213 = +17.8%
    firms = ("有效期内国家高新技术企业达258家，完成年度目标的99.2%，距突破260家还差3家；在3个地区中列第2位，"
             "落后于兴化市；比上年增长13.7%，低于兴化市的18.6%和靖江市的17.8%（责任单位：高新技术科）。")  # fmt: skip
    assert firms in items
    assert sum("科技型中小企业评价入库" in x for x in items) == 1


def test_a_rank_target_met_is_no_shortfall_but_its_slower_growth_is(run_cli, tmp_path):
    """Trial 5: an indicator that met 列全市前二 stood in 短板 as 列第2位，落后于… beside real misses."""
    pool = "    name: 高企后备培育库企业\n    unit: 家\n    kind: stock\n    owner: 高新技术科\n"
    targets = TARGETS.replace(pool, pool + "    targets: {2021: 保持全市前二}\n")
    assert targets != TARGETS
    items = shortfall_items(report(run_cli, hewan(tmp_path, targets)))
    # by hand: 120 (兴化市) > 110 > 100: 2nd of 3, the target (前2位) met; its growth 110 / 100 = +10.0% is
    # still slower than 兴化市's 120 / 80 = +50.0% and 靖江市's 100 / 90 = +11.1%
    pool = [x for x in items if x.startswith("高企后备培育库企业")]
    assert pool == ["高企后备培育库企业比上年增长10.0%，低于兴化市的50.0%和靖江市的11.1%（责任单位：高新技术科）。"]


def test_a_peer_item_in_english(run_cli, tmp_path):
    items = shortfall_items(report(run_cli, hewan(tmp_path), "2021", "--lang", "en"))
    # as above: 2nd of 3 behind 兴化市; +10.0% against +50.0% and +11.1%
    want = (
        "高企后备培育库企业 ranks 2 of 3, behind 兴化市; it grew 10.0% on last year, below 兴化市's 50.0% and "
        "靖江市's 11.1% (owner: 高新技术科)."
    )
    assert want in items


# ---- 5. the 板块 sentences ------------------------------------------------------------------------

UNITS = """\
region: 河湾区
lang: zh
units: [甲园区, 乙镇, 丙镇]
indicators:
  newfirms:
    name: 新认定国家高新技术企业
    unit: 家
    owner: 高新技术科
    profile: [0, 0, 0, 0, 0, 10, 10, 20, 30, 50, 70, 100]
    targets:
      2023: {target: 30, units: {甲园区: 15, 乙镇: 10, 丙镇: 5}}
      2024: {target: 30, units: {甲园区: 15, 乙镇: 10, 丙镇: 5}}
"""
U2023 = """\
year: 2023
final: true
units:
  甲园区: {newfirms: 18}
  乙镇: {newfirms: 12}
  丙镇: {newfirms: 5}
"""
U2024 = """\
year: 2024
final: false
as_of: 2024-09-30
units:
  甲园区: {newfirms: 5}
  乙镇: {newfirms: 3}
  丙镇: {newfirms: 0}
months:
  6: {newfirms: 2}
"""


def unit_paragraphs(out: dict[str, Path]) -> list[str]:
    lines = md_lines(out)
    start = next(i for i, x in enumerate(lines) if x.startswith("### （一）各板块"))
    end = next(i for i, x in enumerate(lines) if x.startswith("## 二、"))
    # the sentences: not the table's rows nor its notes (‡)
    return [x for x in lines[start + 1 : end] if x and not x.startswith(("|", "‡"))]


def test_unit_sentences_in_a_year_under_way_say_pace_and_nothing_yet(run_cli, tmp_path):
    where = write_root(tmp_path / "root", UNITS, {2023: U2023, 2024: U2024})
    got = unit_paragraphs(report(run_cli, where, "2024"))
    # by hand, at 9月末 the profile expects 30%: 甲园区 5 / 15 = 33.3%, 33.3 − 30 = +3.3 → 高于进度3.3;
    # 乙镇 3 / 10 = 30.0% → 与进度持平; 丙镇 0 of 5: nothing yet (never 完成…0家), 0 − 30 = −30.0;
    # ranks by 完成率: 33.3 > 30.0 > 0
    assert got == [
        "甲园区完成新认定国家高新技术企业5家，完成分解目标的33.3%，高于进度3.3个百分点，列各板块第1。",
        "乙镇完成新认定国家高新技术企业3家，完成分解目标的30.0%，与进度持平，列各板块第2。",
        "丙镇尚无新认定国家高新技术企业，低于进度30.0个百分点，列各板块第3。",
    ]


def test_tied_units_are_written_as_a_tie(run_cli, tmp_path):
    where = write_root(tmp_path / "root", UNITS, {2023: U2023})
    got = unit_paragraphs(report(run_cli, where, "2023"))
    # by hand: 甲园区 18 / 15 = 120.0%, 乙镇 12 / 10 = 120.0%: both first (并列第1); 丙镇 5 / 5 = 100.0%, third
    assert got == [
        "甲园区完成新认定国家高新技术企业18家，完成分解目标的120.0%，并列各板块第1。",
        "乙镇完成新认定国家高新技术企业12家，完成分解目标的120.0%，并列各板块第1。",
        "丙镇完成新认定国家高新技术企业5家，完成分解目标的100.0%，列各板块第3。",
    ]


def test_no_unit_reported_is_one_sentence(run_cli, tmp_path):
    where = write_root(tmp_path / "root", UNITS, {2023: U2023, 2024: U2024})
    # 2024 has no units' figures for 1–6月 (no `units: months: 6`): one sentence for all three
    got = unit_paragraphs(report(run_cli, where, "2024", "--month", "6"))
    assert got == ["各板块1–6月数据均未报送。"]
    out = report(run_cli, where, "2024", "--month", "6", "--lang", "en")
    text = out["md"].read_text(encoding="utf-8")
    assert "No sub-unit has reported figures for January–June." in text


def test_unit_sentences_in_english(run_cli, tmp_path):
    where = write_root(tmp_path / "root", UNITS, {2023: U2023, 2024: U2024})
    text = report(run_cli, where, "2024", "--lang", "en")["md"].read_text(encoding="utf-8")
    # as above: 丙镇 0 of 5, 0 − 30 = 30.0 pp behind the schedule, third
    assert "丙镇 — no 新认定国家高新技术企业 yet, 30.0 pp behind the schedule, ranked 3 among the sub-units." in text
    final = write_root(tmp_path / "final", UNITS, {2023: U2023})
    text = report(run_cli, final, "2023", "--lang", "en")["md"].read_text(encoding="utf-8")
    assert "tied 1 among the sub-units" in text  # 120.0% and 120.0%


# ---- 6. the draft marker, the YoY footnote ----------------------------------------------------------


def test_the_draft_marker_names_no_tool_in_chinese(run_cli, tmp_path):
    out = report(run_cli, hewan(tmp_path))
    text = out["md"].read_text(encoding="utf-8")
    assert "> 本部分为根据数据自动起草的初稿，所有数字均来自数据文件，使用前请核实修改。" in text
    assert "sciplan" not in text.replace("<!-- written by sciplan report -->", "")
    assert "sciplan" not in "\n".join(p.text for p in docx.Document(str(out["docx"])).paragraphs)
    en = report(run_cli, hewan(tmp_path / "en"), "2021", "--lang", "en")["md"].read_text(encoding="utf-8")
    assert "> Drafted automatically from the data: every figure is from the data files; check and edit" in en
    assert "sciplan" not in en.replace("<!-- written by sciplan report -->", "")


NEW = """\
region: 河湾区
lang: zh
indicators:
  old: {name: 孵化器新招引科技项目, unit: 个, targets: {2022: 50}}
  n1: {name: 新指标一, unit: 个, targets: {2022: 10}}
  n2: {name: 新指标二, unit: 个, targets: {2022: 10}}
  n3: {name: 新指标三, unit: 个, targets: {2022: 10}}
  n4: {name: 新指标四, unit: 个, targets: {2022: 10}}
"""
N2021 = """\
year: 2021
final: true
actuals: {old: 40}
"""
N2022 = """\
year: 2022
final: false
as_of: 2022-09-30
actuals: {old: 30, n1: 5, n2: 5, n3: 5, n4: 5}
"""


def test_the_yoy_footnote_counts_new_indicators_and_says_the_true_reason(run_cli, tmp_path):
    where = write_root(tmp_path / "root", NEW, {2021: N2021, 2022: N2022})
    lines = md_lines(report(run_cli, where, "2022"))
    # four indicators have no 2021 figure at all (neither the year nor any month): counted, and the
    # reason is the missing year, not its 1–9月; `old` has 2021's year (40) but not its 1–9月
    assert "同比：4项指标缺少2021年数据，无法比较" in lines
    assert "同比：孵化器新招引科技项目缺少2021年1–9月数据，无法比较" in lines
    assert not any("新指标一" in x for x in lines if x.startswith("同比"))


def test_the_yoy_footnote_names_a_few(run_cli, tmp_path):
    targets = "\n".join(x for x in NEW.splitlines() if not x.startswith(("  n3", "  n4"))) + "\n"
    where = write_root(tmp_path / "root", targets, {2021: N2021, 2022: N2022.replace(", n3: 5, n4: 5", "")})
    lines = md_lines(report(run_cli, where, "2022"))
    assert "同比：新指标一、新指标二缺少2021年数据，无法比较" in lines
    text = report(run_cli, where, "2022", "--lang", "en")["md"].read_text(encoding="utf-8")
    assert "YoY: no 2021 figure to compare with for 新指标一, 新指标二" in text
