"""`sciplan report YEAR`: each file read back with its own library and compared, figure by figure,
with `status -f json` and `trend -f json` on the demo root (the repository)."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import CASES, REPO, build_root
from sciplan.core.i18n import language, set_language

docx = pytest.importorskip("docx")
openpyxl = pytest.importorskip("openpyxl")

KINDS = ("docx", "xlsx", "html", "md")
SENTENCE = "1–9月技术合同成交额5.60亿元，完成全年目标的35.0%，低于序时进度40.0个百分点，同比下降32.5%。"


@pytest.fixture(autouse=True)
def _keep_language():
    """`report --lang` switches the process's language: put it back for the other tests."""
    before = language()
    yield
    set_language(before)


def files(folder: Path, stem: str) -> dict[str, Path]:
    return {kind: folder / f"{stem}.{kind}" for kind in KINDS}


@pytest.fixture
def zh2022(run_cli, tmp_path) -> dict[str, Path]:
    result = run_cli("report", "2022", "--root", str(REPO), "--out", str(tmp_path), "--lang", "zh")
    assert result.exit_code == 0, result
    out = files(tmp_path, "泰兴市-2022年1-9月-指标完成情况")
    assert all(p.exists() for p in out.values()), sorted(tmp_path.iterdir())
    assert f"已写入 {out['docx']}" in result.stderr
    return out


@pytest.fixture
def en2021(run_cli, tmp_path) -> dict[str, Path]:
    result = run_cli("report", "2021", "--root", str(REPO), "--out", str(tmp_path), "--lang", "en")
    assert result.exit_code == 0, result
    out = files(tmp_path, "泰兴市-2021-targets-and-results")
    assert all(p.exists() for p in out.values()), sorted(tmp_path.iterdir())
    return out


def plain(text: str) -> str:
    """A Word text without the line breaks between a cell's pieces, and the no-break space between a
    figure and its unit in English (13.90 亿元)."""
    return text.replace("\n", "").replace("\u00a0", " ").replace("\u2060", "")  # the Word draft's word joiners


def paragraph_texts(path: Path) -> list[str]:
    return [plain(p.text) for p in docx.Document(path).paragraphs]


def status_json(run_cli, year: int) -> dict:
    result = run_cli("status", str(year), "--root", str(REPO), "-f", "json")
    assert result.exit_code == 0, result
    return json.loads(result.stdout)


def trend_json(run_cli, ident: str, end: int) -> dict:
    result = run_cli("trend", ident, "--to", str(end), "--root", str(REPO), "-f", "json")
    assert result.exit_code == 0, result
    return json.loads(result.stdout)


def shown(text: str, exact: float | None) -> bool:
    """Whether `text` (`2.58*†`, `89.0%`, `≥ 2.90`, `+3.9%`) is `exact` rounded half up to the
    decimals the text shows."""
    m = re.search(r"-?\d+(?:\.\d+)?", text.replace(",", ""))
    if exact is None or m is None:
        return exact is None and m is None
    number = Decimal(m.group())
    places = -number.as_tuple().exponent
    return number == Decimal(repr(exact)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


# ---- Word ---------------------------------------------------------------------------------------


def test_word_table_has_every_targeted_figure_of_status(zh2022, run_cli):
    status = status_json(run_cli, 2022)
    targeted = [i for i in status["indicators"] if i["status"] != "untargeted"]
    document = docx.Document(zh2022["docx"])
    table = document.tables[0]
    header = [plain(c.text) for c in table.rows[0].cells]
    # an open year: each figure's period (2022年1–9月, 2022年9月末) beside it
    assert header[:9] == ["序号", "指标", "单位", "时期", "目标", "完成", "完成率", "同比", "状态"]
    rows = [[plain(c.text) for c in r.cells] for r in table.rows[1:]]
    assert [r[1] for r in rows] == [i["name"] for i in targeted]
    for row, ind in zip(rows, targeted, strict=True):
        assert row[2] == ind["unit"]
        assert row[3] == ("2022年1–9月" if ind["kind"] == "flow" else "2022年9月末")
        assert shown(row[5], ind["actual"]), (row, ind["actual"])
        assert shown(row[6], ind["attainment"]), (row, ind["attainment"])
        assert shown(row[7], ind["yoy"]), (row, ind["yoy"])
        if ind["target"] and ind["target"]["value"] is not None and "→" not in row[4] and "力争" not in row[4]:
            assert shown(row[4], ind["target"]["value"]), (row, ind["target"])


def test_word_sentences_in_the_summary_style(zh2022):
    paragraphs = paragraph_texts(zh2022["docx"])
    headings = [p for p in paragraphs if re.match("^[一二三四]、", p)]
    assert headings == ["一、主要指标完成情况", "二、重点任务推进情况", "三、存在的短板和不足",
                        "四、科技创新三年行动计划（2021—2023）进展情况"]  # fmt: skip
    assert paragraphs[0] == "泰兴市2022年1–9月科技工作主要指标完成情况"
    # by hand: 5.60 / 15.99 = 35.02% of the year's target; 序时进度 at 30 September is 9/12 = 75.0%;
    # 1–9月 of 2021: 8.3 (data/2021.yaml months: 9), so 5.60 / 8.3 - 1 = -32.53%
    assert SENTENCE in paragraphs
    # by hand: the estimate 2.58% (R&D 35.26 / GDP 1366.6) against ≥ 2.90: 0.32 pp below
    assert "截至2022年9月30日，全社会研发经费投入强度预计达2.58%，低于目标0.32个百分点。" in paragraphs
    # 三、: marked as a draft, and the R&D intensity gap leads
    start = paragraphs.index("三、存在的短板和不足")
    assert paragraphs[start + 1].startswith("【本部分为根据数据自动起草的初稿")  # no tool's name in a 公文
    assert paragraphs[start + 2].startswith("1．截至2022年9月30日，全社会研发经费投入强度预计达2.58%")
    # 二、: milestones by state, with their owners
    assert "（三）逾期未完成" in paragraphs
    assert "1．建成高新技术企业培育云平台（完成时限：2022年6月；责任单位：高新技术科）" in paragraphs


def test_word_layout_is_a_government_document(zh2022):
    from docx.shared import Pt

    document = docx.Document(zh2022["docx"])
    section = document.sections[0]

    def mm(length) -> int:  # Word stores twips: 210 mm is 11906 twips, 209.99 mm
        return round(length.mm)

    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)  # A4
    assert [mm(section.top_margin), mm(section.bottom_margin), mm(section.left_margin), mm(section.right_margin)] == [
        37, 35, 28, 26]  # fmt: skip
    by_id = {s.style_id: s for s in document.styles}
    styles = {p.style.style_id for p in document.paragraphs}
    assert {"sciplan-title", "Heading1", "Heading2", "sciplan-body"} <= styles
    title = by_id["sciplan-title"]
    assert title.font.size == Pt(22)  # 二号
    assert by_id["sciplan-body"].font.size == Pt(16)  # 三号
    east_asian = title.element.rPr.rFonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
    assert east_asian == "方正小标宋简体"
    assert document.core_properties.author == "sciplan"


def test_english_report(en2021):
    paragraphs = paragraph_texts(en2021["docx"])
    assert paragraphs[0] == "泰兴市 2021: science and technology targets and results"
    # by hand: 13.90 against 12.60 × 1.15 = 14.49 is 95.9%, 0.59 short; growth 13.90 / 12.60 = +10.3%
    assert (
        "技术合同成交额 for the year: 13.90 亿元, 95.9% of the annual target, "
        "0.59 亿元 short of the target of 14.49 亿元, up 10.3% year on year."
    ) in paragraphs
    assert "3. Shortfalls and weaknesses" in paragraphs


# ---- spreadsheet -------------------------------------------------------------------------------


def test_spreadsheet_cells_are_the_exact_numbers_of_status(zh2022, run_cli):
    status = status_json(run_cli, 2022)
    targeted = [i for i in status["indicators"] if i["status"] != "untargeted"]
    wb = openpyxl.load_workbook(zh2022["xlsx"])
    assert wb.sheetnames == ["指标完成情况", "历年趋势", "计划", "各板块"]  # no peers report in 2022
    ws = wb["指标完成情况"]
    assert ws.freeze_panes == "A4"  # under the title, the period and the header row
    header = [c.value for c in ws[3]]
    col = {name: i for i, name in enumerate(header)}
    rows = list(ws.iter_rows(min_row=4, max_row=3 + len(targeted)))
    # then a blank row, and the 表注 as under the Word table, without its marks (预计数 is a column here)
    assert all(c.value is None for c in ws[4 + len(targeted)])
    assert ws.cell(5 + len(targeted), 1).value == "预计数，待修正"
    for cells, ind in zip(rows, targeted, strict=True):
        assert cells[col["指标代码"]].value == ind["id"]
        actual = cells[col["完成"]]
        if ind["actual"] is None:
            assert actual.value is None
        else:
            assert actual.data_type == "n" and actual.value == pytest.approx(ind["actual"], rel=1e-12)
        attainment = cells[col["完成率"]]
        if ind["attainment"] is not None:
            assert attainment.value == pytest.approx(ind["attainment"] / 100, rel=1e-12)
            assert attainment.number_format == "0.0%"
        status_cell = cells[col["状态"]]
        assert status_cell.fill.fgColor.rgb.endswith({"met": "E2F0D9", "near": "FFF2CC", "short": "F8CBAD",
                                                      "pending": "DDEBF7"}[ind["status"]])  # fmt: skip
        assert cells[col["预计数"]].value == ("是" if ind["estimated"] else None)
    # column widths fit Chinese: the longest name, 17 characters, needs 34 columns and more
    assert ws.column_dimensions["B"].width >= 34


def test_spreadsheet_trends_match_trend_json(zh2022, run_cli):
    ws = openpyxl.load_workbook(zh2022["xlsx"])["历年趋势"]
    header = [c.value for c in ws[3]]
    col = {name: i for i, name in enumerate(header)}
    by_id: dict[str, list] = {}
    for cells in ws.iter_rows(min_row=4, values_only=True):
        by_id.setdefault(cells[col["指标代码"]], []).append(cells)
    assert "hightech_total" in by_id and "rd_intensity" in by_id
    for ident, rows in by_id.items():
        years = trend_json(run_cli, ident, 2022)["years"]
        assert [r[col["年份"]] for r in rows] == [y["year"] for y in years]
        for cells, year in zip(rows, years, strict=True):
            assert cells[col["完成"]] == (None if year["actual"] is None else pytest.approx(year["actual"]))
            expected = None if year["attainment"] is None else pytest.approx(year["attainment"] / 100)
            assert cells[col["完成率"]] == expected


def test_spreadsheet_has_peers_when_peers_report(en2021):
    wb = openpyxl.load_workbook(en2021["xlsx"])
    assert wb.sheetnames == ["Indicators", "Trends", "Peers", "Plans", "Sub-units"]
    rows = list(wb["Peers"].iter_rows(min_row=4, values_only=True))
    # data/2021.yaml: 兴化市 262, 泰兴市 258, 靖江市 251 high-tech enterprises
    ranks = {(r[-1], r[4]): (r[6], r[7]) for r in rows}
    assert ranks[("hightech_total", "兴化市")] == (262, 1)
    assert ranks[("hightech_total", "泰兴市")] == (258, 2)
    assert ranks[("hightech_total", "靖江市")] == (251, 3)


# ---- HTML -------------------------------------------------------------------------------------


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        for name in ("src", "href", "srcset", "data", "poster", "action"):
            if a.get(name):
                self.urls.append(a[name])


def test_html_is_self_contained(zh2022):
    text = zh2022["html"].read_text(encoding="utf-8")
    parser = Links()
    parser.feed(text)
    assert parser.urls == []  # no script, stylesheet, image or link to fetch
    assert not [t for t, a in parser.tags if t in ("link", "iframe", "img", "object", "embed")]
    styles = re.findall(r"<style>(.*?)</style>", text, re.S)
    assert styles and not any("@import" in s or "url(" in s for s in styles)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", text)
    assert "echarts" in text and "Apache ECharts 6.1.0" in text


def test_html_figures_are_the_data(zh2022, run_cli):
    status = status_json(run_cli, 2022)
    text = zh2022["html"].read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/json" id="sciplan-data">(.*?)</script>', text, re.S)[1])
    attainment = {i["name"]: i["attainment"] for i in status["indicators"] if i["attainment"] is not None}
    assert {a["name"]: a["value"] for a in data["attainment"]} == pytest.approx(attainment)
    trend = trend_json(run_cli, "hightech_total", 2022)
    chart = next(t for t in data["trends"] if t["id"] == "hightech_total")
    assert chart["actual"] == [y["actual"] for y in trend["years"]]
    assert SENTENCE in text


def test_markdown_has_the_same_sections_and_sentences(zh2022):
    md = zh2022["md"].read_text(encoding="utf-8")
    paragraphs = paragraph_texts(zh2022["docx"])
    for heading in [p for p in paragraphs if re.match("^[一二三四]、", p)]:
        assert f"## {heading}" in md
    # the 科室 that answers for it (owner: in targets.yaml) closes each shortfall
    first = "1. 截至2022年9月30日，全社会研发经费投入强度预计达2.58%，低于目标0.32个百分点（责任单位：综合规划科）。"
    assert first in md


# ---- writing files ------------------------------------------------------------------------------


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_rewrites_its_own_files_but_never_an_edited_one(run_cli, tmp_path):
    args = ("report", "2022", "--root", str(REPO), "--out", str(tmp_path), "--lang", "zh")
    assert run_cli(*args).exit_code == 0
    out = files(tmp_path, "泰兴市-2022年1-9月-指标完成情况")
    assert run_cli(*args).exit_code == 0  # unchanged since sciplan wrote them: refreshed
    out["md"].write_text(out["md"].read_text(encoding="utf-8") + "\n我的修改\n", encoding="utf-8")
    before = {k: digest(p) for k, p in out.items()}
    result = run_cli(*args)
    assert result.exit_code == 1, result
    # in the root's language: a Chinese run never falls back to English for this refusal
    assert (
        "泰兴市-2022年1-9月-指标完成情况.md 已存在，且不是 sciplan 写出的原文件（已被编辑，或是他人的文件）"
        in result.stderr
    )
    assert "如需替换，请加 --force" in result.stderr
    assert {k: digest(p) for k, p in out.items()} == before  # refused before writing anything
    assert run_cli(*args, "--force").exit_code == 0
    assert "我的修改" not in out["md"].read_text(encoding="utf-8")


def test_the_refusal_in_english(run_cli, tmp_path):
    (tmp_path / "泰兴市-2022-M09-targets-and-results.md").write_text("mine\n", encoding="utf-8")
    result = run_cli("report", "2022", "--root", str(REPO), "--out", str(tmp_path), "--lang", "en")
    assert result.exit_code == 1
    assert (
        "泰兴市-2022-M09-targets-and-results.md already exists and is not the file sciplan wrote there" in result.stderr
    )
    assert "use --force to replace it" in result.stderr


def test_someone_elses_file_is_not_replaced(run_cli, tmp_path):
    (tmp_path / "泰兴市-2022年1-9月-指标完成情况.docx").write_bytes(b"not ours")
    result = run_cli("report", "2022", "--root", str(REPO), "--out", str(tmp_path), "--lang", "zh")
    assert result.exit_code == 1
    assert (tmp_path / "泰兴市-2022年1-9月-指标完成情况.docx").read_bytes() == b"not ours"


def test_only_some_kinds(run_cli, tmp_path):
    result = run_cli("report", "2022", "--root", str(REPO), "--out", str(tmp_path), "--only", "md,html", "--lang", "en")
    assert result.exit_code == 0, result
    assert sorted(p.suffix for p in tmp_path.iterdir() if not p.name.startswith(".")) == [".html", ".md"]


def test_unknown_kind_is_a_usage_error(run_cli, tmp_path):
    result = run_cli("report", "2022", "--root", str(REPO), "--out", str(tmp_path), "--only", "pdf")
    assert result.exit_code == 2
    assert "--only: unknown kind pdf; choose from docx, xlsx, html, md" in result.stderr
    assert not list(tmp_path.iterdir())


def test_bad_data_gets_the_located_errors_of_check(run_cli, tmp_path):
    root = build_root(tmp_path / "root", CASES / "invalid" / "placeholder_xx")
    expected = (CASES / "invalid" / "placeholder_xx" / "expected.txt").read_text(encoding="utf-8").split("\n")[0]
    result = run_cli("report", "2021", "--root", str(root), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert expected in result.stderr
    assert not (tmp_path / "out").exists()


def test_other_commands_do_not_import_the_report_libraries():
    code = (
        "import sys; from sciplan.cli import app; import sciplan.views, sciplan.render; "
        "print(sorted(m for m in ('docx', 'openpyxl', 'lxml', 'sciplan.report') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_a_name_cannot_break_out_of_the_chart_script(run_cli, tmp_path):
    """`<!--<script>` inside the chart data's <script> would stop every chart from drawing; the
    data keeps the name as JSON escapes instead, which the charts read back as the same name."""
    root = build_root(tmp_path / "root")
    path = root / "targets.yaml"
    text = path.read_text(encoding="utf-8").replace("name: 新增高企", 'name: "新增<!--<script>&高企"')
    path.write_text(text, encoding="utf-8")
    result = run_cli("report", "2021", "--root", str(root), "--out", str(tmp_path / "out"), "--only", "html")
    assert result.exit_code == 0, result
    (page,) = (tmp_path / "out").glob("*.html")
    html = page.read_text(encoding="utf-8")
    assert "新增\\u003c!--\\u003cscript\\u003e\\u0026高企" in html  # in the chart data
    assert "<!--<script>" not in html  # nowhere raw; in the tables it is &lt;!--&lt;script&gt;
