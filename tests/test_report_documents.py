"""The report's documents as a 科长 reads them (issue 22): the five things that read as mistakes,
each with its expected sentence written by hand; the workbook for the 市局 (title and period on
every sheet, print set-up, no rank target as a number); the HTML of a year under way; `report
--month`; `owner:` and `status --by owner`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import REPO
from sciplan.core.i18n import language, set_language

docx = pytest.importorskip("docx")
openpyxl = pytest.importorskip("openpyxl")


@pytest.fixture(autouse=True)
def _keep_language():
    before = language()
    yield
    set_language(before)


def root(tmp_path: Path, targets: str, **years: str) -> Path:
    """A data root: targets.yaml and data/<YEAR>.yaml from the texts given (keys `y2021`, …)."""
    (tmp_path / "data").mkdir(parents=True)
    (tmp_path / "targets.yaml").write_text(targets, encoding="utf-8")
    for key, text in years.items():
        (tmp_path / "data" / f"{key[1:]}.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def report(run_cli, where: Path, year: int, *extra: str, lang: str = "zh") -> dict[str, Path]:
    out = where / "out"
    result = run_cli("report", str(year), "--root", str(where), "--out", str(out), "--lang", lang, *extra)
    assert result.exit_code == 0, result
    return {p.suffix[1:]: p for p in out.iterdir() if p.suffix in (".docx", ".xlsx", ".html", ".md")}


def paragraphs(path: Path) -> list[str]:
    # without the word joiners that bind a figure to its unit (report/cells.join_figures)
    return [p.text.replace("\n", "").replace("\u2060", "") for p in docx.Document(str(path)).paragraphs]


def word_table(path: Path, n: int = 0) -> list[list[str]]:
    table = docx.Document(str(path)).tables[n]
    # a cell's lines (broken between its pieces: 正常 / -4.7个百分点) read as one, apart by a space
    return [[c.text.replace("\n", " ") for c in row.cells] for row in table.rows]


def chart_data(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    m = re.search(r'<script type="application/json" id="sciplan-data">(.*?)</script>', text, re.S)
    assert m is not None
    return json.loads(m.group(1))


# ---- 1. pace names its basis ------------------------------------------------------------------

PROFILED = """\
region: 测试区
indicators:
  pool:
    name: 高企培育入库企业
    unit: 家
    profile: [10, 20, 30, 40, 50, 60, 70, 80, 94, 96, 98, 100]
    targets: {2021: ">= 1000"}
"""


def test_pace_against_a_profile_says_so(run_cli, tmp_path):
    where = root(tmp_path, PROFILED, y2021="year: 2021\nfinal: false\nas_of: 2021-09-30\nactuals:\n  pool: 893\n")
    out = report(run_cli, where, 2021)
    # by hand: 893 / 1000 = 89.3% done; the profile expects 94% by the end of September: 4.7 pp behind
    sentence = "1–9月高企培育入库企业893家，按全年进度安排，9月末应完成94.0%，实际完成89.3%，低于进度4.7个百分点。"
    assert sentence in paragraphs(out["docx"])
    assert sentence in out["md"].read_text(encoding="utf-8")
    assert "序时进度" not in sentence
    table = word_table(out["docx"])
    assert table[0][-1] == "序时进度" and table[1][-1] == "正常 -4.7个百分点‡"  # 4.7 behind: within 10, green
    assert "‡ 按该指标全年进度安排（各月应完成比例）计算，不按序时进度。" in paragraphs(out["docx"])
    (pace,) = chart_data(out["html"])["pace"]
    assert pace["basis"] == "profile" and pace["expected"] == 94


# ---- 2. a half year is never shown as a year --------------------------------------------------

HALF = """\
region: 测试区
indicators:
  firms:
    name: 新增高企
    unit: 家
    targets: {2021: ">= 50"}
  valid:
    name: 有效期内高企
    unit: 家
    kind: stock
    targets: {2021: "> 260"}
"""


def test_an_open_year_writes_its_periods(run_cli, tmp_path):
    where = root(
        tmp_path,
        HALF,
        y2020="year: 2020\nfinal: true\nactuals:\n  firms: 86\n  valid: 227\n",
        y2021="year: 2021\nfinal: false\nas_of: 2021-06-30\nactuals:\n  firms: 7\n  valid: 236\n",
    )
    out = report(run_cli, where, 2021)
    # the workbook: a period column, and the title rows of every sheet say 截至2021年6月30日
    wb = openpyxl.load_workbook(out["xlsx"])
    for ws in wb:
        assert ws["A1"].value.startswith("测试区2021年1–6月科技工作主要指标完成情况"), ws.title
        assert "截至2021年6月30日" in ws["A2"].value, ws.title
    ws = wb["指标完成情况"]
    header = [c.value for c in ws[3]]
    rows = {r[header.index("指标")]: r for r in ws.iter_rows(min_row=4, values_only=True)}
    assert rows["新增高企"][header.index("时期")] == "2021年1–6月"
    assert rows["有效期内高企"][header.index("时期")] == "2021年6月末"
    trend = wb["历年趋势"]
    header = [c.value for c in trend[3]]
    periods = [(r[header.index("指标")], r[header.index("时期")]) for r in trend.iter_rows(min_row=4, values_only=True)]
    assert ("新增高企", "2020年") in periods and ("新增高企", "2021年1–6月") in periods
    assert ("有效期内高企", "2021年6月末") in periods
    # the HTML: the trend's axis says 2021年1–6月 beside 2020, the partial bar is marked
    trends = {t["name"]: t for t in chart_data(out["html"])["trends"]}
    assert trends["新增高企"]["years"] == ["2020", "2021年1–6月"]
    assert trends["新增高企"]["partial"] == [False, True]
    assert trends["有效期内高企"]["years"] == ["2020", "2021年6月末"]
    # the Markdown table
    md = out["md"].read_text(encoding="utf-8")
    assert "| 1 | 新增高企 | 家 | 2021年1–6月 | ≥ 50 | 7 |" in md
    assert "| 2 | 有效期内高企 | 家 | 2021年6月末 | > 260 | 236 |" in md


# ---- 3. a rank is not a number ----------------------------------------------------------------

RANKED = """\
region: 测试区
indicators:
  smes:
    name: 科技型中小企业入库
    unit: 家
    targets: {2020: ">= 300", 2021: rank <= 1}
"""


def test_a_rank_target_is_words_never_a_value(run_cli, tmp_path):
    where = root(
        tmp_path,
        RANKED,
        y2020="year: 2020\nfinal: true\nactuals:\n  smes: 297\n",
        y2021="year: 2021\nfinal: true\nactuals:\n  smes: 341\npeers:\n  甲市: {smes: 356}\n  乙市: {smes: 322}\n",
    )
    out = report(run_cli, where, 2021)
    # by hand: 356 > 341 > 322, second of three; 341 / 297 - 1 = +14.8%
    assert "全年科技型中小企业入库341家，在3个地区中列第2位，目标为第1位，同比增长14.8%。" in paragraphs(out["docx"])
    wb = openpyxl.load_workbook(out["xlsx"])
    for name in ("指标完成情况", "历年趋势"):
        ws = wb[name]
        header = [c.value for c in ws[3]]
        for row in ws.iter_rows(min_row=4):
            year = row[header.index("年份")].value if "年份" in header else 2021
            if year == 2021:
                for column in ("目标", "目标值"):
                    cell = row[header.index(column)]
                    assert cell.data_type != "n", (name, column, cell.value)
                assert row[header.index("目标值")].value == "第1位"
    (trend,) = chart_data(out["html"])["trends"]
    assert trend["target"] == [300, None]  # 2020's ≥ 300 is drawn; 2021's rank is not a value


# ---- 4. one figure, one set of digits ---------------------------------------------------------

DIGITS = """\
region: 测试区
indicators:
  events:
    name: 产学研对接活动
    unit: 场
    targets: {2021: ">= 600"}
  loans:
    name: 科技贷款
    unit: 万元
    targets: {2021: +10%}
"""


def test_the_same_figure_has_the_same_digits(run_cli, tmp_path):
    where = root(
        tmp_path,
        DIGITS,
        y2020="year: 2020\nfinal: true\nactuals:\n  events: 500\n  loans: 236\n",
        y2021="year: 2021\nfinal: false\nas_of: 2021-09-30\nactuals:\n  events: 455\n  loans: 131\n",
    )
    out = report(run_cli, where, 2021)
    # by hand: 455 / 600 = 75.83% against 9/12 = 75%: +0.83 pp, shown with one decimal as 75.8% and
    # 75.0% are (+0.8), in the table and in the sentence
    table = word_table(out["docx"])
    events = next(r for r in table if r[1] == "产学研对接活动")
    assert events[-1] == "正常 +0.8个百分点"
    assert "1–9月产学研对接活动455场，完成全年目标的75.8%，高于序时进度0.8个百分点。" in paragraphs(out["docx"])
    # by hand: +10% on 236 is 259.6; 131 / 259.6 = 50.46% prints 50.5%, which 131 / 260 (50.38%) would not
    loans = next(r for r in table if r[1] == "科技贷款")
    assert loans[4] == "+10% → ≥ 259.6" and loans[6] == "50.5%"
    md = out["md"].read_text(encoding="utf-8")
    assert "| +10% → ≥ 259.6 | 131 | 50.5% |" in md
    ws = openpyxl.load_workbook(out["xlsx"])["指标完成情况"]
    header = [c.value for c in ws[3]]
    (row,) = [r for r in ws.iter_rows(min_row=4) if r[header.index("指标")].value == "科技贷款"]
    assert row[header.index("目标值")].number_format == "0.0"  # 259.6, as the Word table prints it
    status = run_cli("status", "2021", "--root", str(where), "--lang", "zh", "-f", "markdown")
    assert "+10% → ≥ 259.6" in status.stdout


# ---- 5. a strict boundary met exactly ---------------------------------------------------------

STRICT = """\
region: 测试区
indicators:
  contracts:
    name: 技术合同成交额
    unit: 亿元
    targets: {2021: "> 850"}
"""


def test_a_strict_target_met_exactly_was_not_broken_through(run_cli, tmp_path):
    where = root(
        tmp_path,
        STRICT,
        y2020="year: 2020\nfinal: true\nactuals:\n  contracts: 800\n",
        y2021="year: 2021\nfinal: true\nactuals:\n  contracts: 850\n",
    )
    out = report(run_cli, where, 2021)
    # by hand: 突破850 needs more than 850; 850 / 800 - 1 = +6.25%, 6.3% to one decimal (half up)
    sentence = "全年技术合同成交额850.00亿元，与目标持平，未实现突破，同比增长6.3%。"
    assert sentence in paragraphs(out["docx"])
    assert not any("差0.00" in p or "还差0" in p for p in paragraphs(out["docx"]))


# ---- the workbook for the 市局 -----------------------------------------------------------------


def test_workbook_prints_for_the_city_bureau(run_cli, tmp_path):
    result = run_cli("report", "2022", "--root", str(REPO), "--out", str(tmp_path), "--lang", "zh", "--only", "xlsx")
    assert result.exit_code == 0, result
    wb = openpyxl.load_workbook(tmp_path / "泰兴市-2022年1-9月-指标完成情况.xlsx")
    assert wb.sheetnames == ["指标完成情况", "历年趋势", "计划", "各板块"]
    # the first sheet's title is the report's title alone; the others name their sheet
    assert wb["指标完成情况"]["A1"].value == "泰兴市2022年1–9月科技工作主要指标完成情况"
    assert wb["历年趋势"]["A1"].value == "泰兴市2022年1–9月科技工作主要指标完成情况（历年趋势）"
    for ws in wb:
        assert ws["A1"].value.startswith("泰兴市2022年1–9月科技工作主要指标完成情况"), ws.title
        assert "截至2022年9月30日" in ws["A2"].value
        setup = ws.page_setup
        assert setup.paperSize == 9, ws.title  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        # one page wide (1, the default, is left out of the file), as many pages long as it takes
        assert (setup.fitToWidth or 1, setup.fitToHeight) == (1, 0)
        assert ws.print_title_rows == "$3:$3"  # the header row on every page
        assert ws.freeze_panes == "A4"
        header = [c.value for c in ws[3]]
        last = openpyxl.utils.get_column_letter(len(header))
        # Chinese headers only: the indicator id (for machines) last and hidden
        assert header[-1] == "指标代码" and ws.column_dimensions[last].hidden
        for h in header:
            assert re.search(r"[\u4e00-\u9fff]", h), (ws.title, h)
        for row in ws.iter_rows(min_row=4, values_only=True):  # a 公文's marks: ≥, never >=
            assert not any(isinstance(v, str) and (">=" in v or "<=" in v) for v in row), row
    assert wb["指标完成情况"].page_setup.orientation == "landscape"  # 19 columns
    assert wb["计划"].page_setup.orientation == "landscape"


# ---- an open year judged by pace; --month; owner ----------------------------------------------


def test_open_year_counts_by_pace(run_cli, tmp_path):
    result = run_cli("report", "2022", "--root", str(REPO), "--out", str(tmp_path), "--lang", "zh")
    assert result.exit_code == 0, result
    (word,) = tmp_path.glob("*.docx")
    # by hand (data/2022.yaml at 30 September, 序时进度 75%): met 产学研对接活动; on schedule 新认定高企
    # (+3.0 on its profile), 孵化器 (+7.0), 签订协议 (+16.7), 创新券 (-6.2); 滞后 研发机构 (-15.0);
    # 严重滞后 技术合同 (-40.0); not paced and below target 研发强度, 有效期内高企; 待报 高新产业比重
    count = "纳入考核的10项指标中，已完成1项、进度正常4项、滞后1项、严重滞后1项、尚未达标2项、待报1项。"
    assert count in paragraphs(word)
    (page,) = tmp_path.glob("*.html")
    cards = re.findall(r'<div class="card ([\w-]+)"><b>(\d+)</b><span>([^<]+)</span>', page.read_text(encoding="utf-8"))
    assert cards == [("open-done", "1", "已完成"), ("open-green", "4", "进度正常"),
                     ("open-yellow", "1", "滞后"), ("open-red", "1", "严重滞后"),
                     ("open-below", "2", "尚未达标"), ("open-pending", "1", "待报")]  # fmt: skip


def test_report_as_of_a_month(run_cli, tmp_path):
    result = run_cli(
        "report", "2022", "--month", "6", "--root", str(REPO), "--out", str(tmp_path), "--lang", "zh", "--only", "docx"
    )
    assert result.exit_code == 0, result
    path = tmp_path / "泰兴市-2022年1-6月-指标完成情况.docx"
    text = paragraphs(path)
    assert text[0] == "泰兴市2022年1–6月科技工作主要指标完成情况"
    assert text[1].startswith("数据截至2022年6月30日")
    # by hand: 3.1 (months: 6) of 13.9 × 1.15 = 15.985 is 19.39%; 6/12 = 50%: 30.6 pp behind;
    # 1–6月 of 2021 was 5.2: 3.1 / 5.2 - 1 = -40.4%
    assert "1–6月技术合同成交额3.10亿元，完成全年目标的19.4%，低于序时进度30.6个百分点，同比下降40.4%。" in text
    # the report of the whole open year is still there beside it, untouched
    again = run_cli("report", "2022", "--month", "13", "--root", str(REPO), "--out", str(tmp_path))
    assert again.exit_code == 2


def test_status_by_owner(run_cli):
    result = run_cli("status", "2022", "--root", str(REPO), "--lang", "zh", "--by", "owner", "-f", "markdown")
    assert result.exit_code == 0, result
    # targets.yaml: 成果转化科 answers for 产学研对接活动 (met), 签订科技合作协议 (near), 技术合同成交额 (short)
    assert "成果转化科：完成1项、接近1项、未完成1项" in result.stdout
    assert "未指定责任科室：无考核目标" in result.stdout
    doc = json.loads(run_cli("status", "2022", "--root", str(REPO), "--by", "owner", "-f", "json").stdout)
    assert doc["owners"]["成果转化科"] == ["iur_events", "iur_agreements", "tech_contract_value"]
    wrong = run_cli("status", "2022", "--root", str(REPO), "--by", "group")
    assert wrong.exit_code == 2


def test_shortfalls_name_overdue_tasks_and_their_owners(run_cli, tmp_path):
    result = run_cli("report", "2022", "--root", str(REPO), "--out", str(tmp_path), "--lang", "zh", "--only", "docx")
    assert result.exit_code == 0, result
    (word,) = tmp_path.glob("*.docx")
    text = paragraphs(word)
    start = text.index("三、存在的短板和不足")
    items = text[start + 2 : text.index("四、科技创新三年行动计划（2021—2023）进展情况")]
    assert "4．建成高新技术企业培育云平台逾期未完成（完成时限：2022年6月；责任单位：高新技术科）。" in items
    # plan indicators that need to accelerate, with their figures (the indicator's decimals, as `plan`
    # and section 四 print 550.00 and 612.00; a whole threshold whole, as table 1 writes one: 900)
    assert any(i.endswith("高新技术产业产值需加快：基期（2020年）550.00亿元，2021年612.00亿元，目标900亿元，"
                          "完成进度17.7%，时间进度33.3%。") for i in items)  # fmt: skip


def test_peer_lists_are_written_as_lists(run_cli, tmp_path):
    from sciplan.report.shortfalls import listed

    set_language("zh")
    assert (
        listed(["锡山区的20.43%", "滨湖区的19.09%", "惠山区的19.00%"])
        == "锡山区的20.43%、滨湖区的19.09%和惠山区的19.00%"
    )
    assert listed(["兴化市的39.73%", "靖江市的32.29%"]) == "兴化市的39.73%和靖江市的32.29%"
    set_language("en")
    assert listed(["A", "B", "C"]) == "A, B and C"


def test_peers_of_an_open_year_say_their_period(run_cli, tmp_path):
    """Peers' 1–6月 figures never sit under a bare 2021: the workbook and the chart say 2021年6月末."""
    where = root(
        tmp_path,
        "region: 测试区\nindicators:\n  valid:\n    name: 有效期内高企\n    unit: 家\n    kind: stock\n"
        '    targets: {2021: "> 260"}\n',
        y2020="year: 2020\nfinal: true\nactuals:\n  valid: 227\npeers:\n  甲市: {valid: 240}\n",
        y2021="year: 2021\nfinal: false\nas_of: 2021-06-30\nactuals:\n  valid: 236\npeers:\n  甲市: {valid: 250}\n",
    )
    out = report(run_cli, where, 2021)
    ws = openpyxl.load_workbook(out["xlsx"])["对比"]
    header = [c.value for c in ws[3]]
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    assert {(r[header.index("地区")], r[header.index("时期")]) for r in rows} == {
        ("甲市", "2021年6月末"),
        ("测试区", "2021年6月末"),
    }
    (peers,) = chart_data(out["html"])["peers"]
    assert peers["year"] == "2021年6月末"
