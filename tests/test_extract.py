"""`sciplan extract` (issue 23, part 2): the plan documents in tests/plans/ give the proposals a careful
reader expects (written here by hand from the plan's text), the review/apply round trip leaves a
targets.yaml that `check` passes and whose diff is only added lines, `--apply` twice changes nothing,
and bad input gives one clear message, exit 1, nothing written."""

from __future__ import annotations

import difflib
import zipfile
from pathlib import Path

import pytest
import yaml
from plan_documents import write_docx, write_pdf, write_scanned_pdf

PLANS = Path(__file__).parent / "plans"
PLAN = PLANS / "gongzuo_yaodian_2023.txt"

TARGETS = """\
# 测试区的计划（extract 的测试用）
region: 测试区
indicators:
  hightech_new:
    name: 新认定国家高新技术企业
    unit: 家
  hightech_total:
    name: 有效期内国家高新技术企业
    unit: 家
    kind: stock
  tech_smes:
    name: 科技型中小企业评价入库
    unit: 家
  iur_events:
    name: 产学研对接活动
    unit: 次
    targets:
      2022: ">= 30"
  tech_contract_value:
    name: 技术合同成交额
    unit: 亿元
milestones: []
"""

# What a careful reader finds in the 2023 part of the plan: clause -> (target, indicator or new id).
EXPECTED = {
    "全年新增高企60家": (">= 60", "hightech_new"),
    "有效期内高企超300家": ("> 300", "hightech_total"),
    "力争首季度科技型中小企业达到300家": ("一季度末 ≥ 300", "tech_smes"),
    "年内科技型中小企业达到450家以上": (">= 450", "tech_smes"),
    "全年组织对接活动30次以上": (">= 30", "iur_events"),
    "力争签订产学研协议40项以上": (">= 40", "new:iur_agreements"),
    "解决技术难题10项以上": (">= 10", "new:problems_solved"),
    "技术合同成交额增长15%以上": ("+15%", "tech_contract_value"),
    "确保新增市级以上企业研发机构12家、力争15家": ("12..15", "new:rd_institutions_firms_new"),
    "年内力争获批创新联合体2家以上": (">= 2", "new:innovation_consortia"),
    "争取上级资金支持3000万元以上": (">= 3000", "new:funds"),
    "征集不少于200个创业项目参赛": (">= 200", "new:projects_startup"),
    "力争决赛项目落地率30%以上": (">= 30", "new:projects_landing_rate"),
    "泰山产业领军人才等各类项目申报人选30余人": (">= 30", "new:talents_projects_applications"),
    "全年纳税过3000万元": ("> 3000", "new:tax"),
}
MILESTONES = {
    "发布《测试区技术转移机构管理考核办法》": "2023Q1",
    "建成激光通信先进技术研究院": "2023Q4",
}
NOT_UNDERSTOOD = {
    "确保年内新增高层次科技人才数量位居全市第一方阵",  # refused with what to write (前N)
    "全年新增外国高端和专业人才xx人以上",  # a placeholder where the figure goes
    "抓好20项市级重点科技创新项目调度管理",  # a number, but no target wording
}


@pytest.fixture
def root(tmp_path) -> Path:
    root = tmp_path / "root"
    (root / "data").mkdir(parents=True)
    (root / "targets.yaml").write_text(TARGETS, encoding="utf-8")
    return root


def _review(run_cli, plan: Path, root: Path, *extra: str) -> dict:
    out = run_cli("extract", str(plan), "--root", str(root), *extra)
    assert out.exit_code == 0, out
    return yaml.safe_load(out.stdout)


def _check(review: dict) -> None:
    assert (review["year"], review["part"], review["source"]) == (2023, "三、2023年工作要点", "2023年工作要点")
    found = {}
    for t in review["targets"]:
        where = t.get("indicator") or "new:" + t["new_indicator"]["id"]
        found[t["clause"]] = (t["target"], where)
    assert found == EXPECTED
    assert {m["task"]: m["due"] for m in review["milestones"]} == MILESTONES
    assert {u["clause"] for u in review["not_understood"]} == NOT_UNDERSTOOD


def test_txt_plan_gives_the_expected_proposals(run_cli, root):
    review = _review(run_cli, PLAN, root)
    _check(review)
    accepted = {t["clause"]: t["accept"] for t in review["targets"]}
    # one target a year for an indicator: the whole year's is proposed, the first quarter's kept unaccepted
    assert accepted["力争首季度科技型中小企业达到300家"] is False
    assert all(v for k, v in accepted.items() if k != "力争首季度科技型中小企业达到300家")
    news = {t["new_indicator"]["id"]: t["new_indicator"] for t in review["targets"] if "new_indicator" in t}
    assert news["projects_landing_rate"] == {
        "id": "projects_landing_rate",
        "name": "决赛项目落地率",
        "unit": "%",
        "kind": "ratio",
    }
    assert news["iur_agreements"] == {"id": "iur_agreements", "name": "签订产学研协议", "unit": "项", "kind": "flow"}
    assert news["funds"]["unit"] == "万元"
    first_tier = next(u for u in review["not_understood"] if "第一方阵" in u["clause"])
    assert "前3 (rank <= 3)" in first_tier["why"]


def test_docx_with_heading_styles_gives_the_same(run_cli, root, tmp_path):
    text = PLAN.read_text(encoding="utf-8") + "四、保障措施\n全年开展科技政策宣讲活动10场以上。\n"
    docx = write_docx(text, tmp_path / "要点.docx")
    _check(_review(run_cli, docx, root))  # the part ends at the next heading: 保障措施's 10场 is not in it


def test_from_heading_reads_that_part(run_cli, root, tmp_path):
    text = PLAN.read_text(encoding="utf-8") + "四、保障措施\n全年开展科技政策宣讲活动10场以上。\n"
    docx = write_docx(text, tmp_path / "要点.docx")
    review = _review(run_cli, docx, root, "--from", "保障措施", "--year", "2023")
    assert [(t["clause"], t["target"]) for t in review["targets"]] == [("全年开展科技政策宣讲活动10场以上", ">= 10")]


def test_pdf_with_a_text_layer_gives_the_same(run_cli, root, tmp_path):
    pdf = write_pdf(PLAN.read_text(encoding="utf-8"), tmp_path / "要点.pdf")
    _check(_review(run_cli, pdf, root))


def test_the_seed_plan_part(run_cli, root):
    """The 2021 part of the seed 001 (泰兴市) against DOMAIN.md's reading of it."""
    seed = PLANS / "taixing_2021.txt"
    review = _review(run_cli, seed, root)
    found = {t["clause"]: t["target"] for t in review["targets"]}
    for clause, target in {
        "全年新增高企50家": ">= 50",
        "有效期内高企超260家": "> 260",
        "建立不少于150家的高企后备培育库": ">= 150",
        "全市科技企业孵化器新招引科技孵化项目50个以上": ">= 50",
        "全年新增市级以上企业研发机构10家以上": ">= 10",
        "全年开展高质量产学研对接活动20场以上": ">= 20",
        "签订高质量科技合作协议60项": ">= 60",
        "全年不少于24期": ">= 24",
    }.items():
        assert found[clause] == target
    roadshow = next(t for t in review["targets"] if t["clause"] == "全年不少于24期")
    # the subject stands in an earlier clause of the sentence: …产业高峰论坛等活动，全年不少于24期
    assert "活动" in roadshow["new_indicator"]["name"]
    assert review["year"] == 2021


# ---- the review / apply round trip ----------------------------------------------------------------


def test_apply_writes_only_added_lines_check_passes_and_twice_changes_nothing(run_cli, root, tmp_path):
    review_file = tmp_path / "review.yaml"
    out = run_cli("extract", str(PLAN), "--root", str(root), "--out", str(review_file))
    assert out.exit_code == 0, out
    before = (root / "targets.yaml").read_text(encoding="utf-8")
    applied = run_cli("extract", "--apply", str(review_file), "--root", str(root))
    assert applied.exit_code == 0, applied
    after = (root / "targets.yaml").read_text(encoding="utf-8")
    diff = [d for d in difflib.ndiff(before.splitlines(), after.splitlines()) if d[:1] in "+-"]
    # only added lines, but for `milestones: []`, which the milestones now written go under (as a block list)
    assert [d for d in diff if not d.startswith("+ ")] == ["- milestones: []"]
    assert "+ milestones:" in diff
    assert '      2023: {target: ">= 40", source: 2023年工作要点}  # 力争签订产学研协议40项以上' in after.splitlines()
    assert '      2023: {target: ">= 30", source: 2023年工作要点}  # 全年组织对接活动30次以上' in after.splitlines()
    check = run_cli("check", "--root", str(root))
    assert check.exit_code == 0, check
    status = run_cli("status", "2023", "--root", str(root), "--format", "json")
    rows = {r["id"]: r["target"]["text"] for r in yaml.safe_load(status.stdout)["indicators"] if r["target"]}
    assert rows["tax"] == "> 3000" and rows["rd_institutions_firms_new"] == "12..15"
    again = run_cli("extract", "--apply", str(review_file), "--root", str(root))
    assert again.exit_code == 0, again
    assert (root / "targets.yaml").read_text(encoding="utf-8") == after  # twice changes nothing
    assert "nothing to write" in again.stderr


def test_apply_writes_the_milestones_with_their_clause(run_cli, root, tmp_path):
    """issue 23: the accepted milestones go under milestones: (the span writer appends to the list), each with
    the plan's clause beside it; `check` reads them with their due; applying twice changes nothing."""
    review_file = tmp_path / "review.yaml"
    run_cli("extract", str(PLAN), "--root", str(root), "--out", str(review_file))
    applied = run_cli("extract", "--apply", str(review_file), "--root", str(root))
    assert applied.exit_code == 0, applied
    assert "2 milestones written" in applied.stderr
    after = (root / "targets.yaml").read_text(encoding="utf-8")
    assert after.endswith(
        "milestones:\n"
        "  - {id: task_2023_1, task: 发布《测试区技术转移机构管理考核办法》, due: 2023Q1}"
        "  # 一季度发布《测试区技术转移机构管理考核办法》\n"
        "  - {id: task_2023_2, task: 建成激光通信先进技术研究院, due: 2023Q4}  # 年底前建成激光通信先进技术研究院\n"
    )
    assert run_cli("check", "--root", str(root)).exit_code == 0
    data = yaml.safe_load(after)
    assert [(m["id"], m["due"]) for m in data["milestones"]] == [("task_2023_1", "2023Q1"), ("task_2023_2", "2023Q4")]
    again = run_cli("extract", "--apply", str(review_file), "--root", str(root))
    assert again.exit_code == 0, again
    assert (root / "targets.yaml").read_text(encoding="utf-8") == after


def test_a_milestone_whose_id_is_taken_or_due_unreadable_writes_nothing(run_cli, root, tmp_path):
    text = (root / "targets.yaml").read_text(encoding="utf-8")
    text = text.replace("milestones: []", "milestones:\n  - {id: task_2023_1, task: 别的任务, due: 2023Q2}")
    (root / "targets.yaml").write_text(text, encoding="utf-8")
    review_file = tmp_path / "review.yaml"
    run_cli("extract", str(PLAN), "--root", str(root), "--out", str(review_file))
    review = review_file.read_text(encoding="utf-8").replace('due: "2023Q4"', 'due: "2023Q5"')
    review_file.write_text(review, encoding="utf-8")
    out = run_cli("extract", "--apply", str(review_file), "--root", str(root))
    assert out.exit_code == 1, out
    assert "milestones[0].id: task_2023_1 is already 别的任务 in targets.yaml; choose another id" in out.stderr
    assert "milestones[1].due:" in out.stderr
    assert "nothing written to targets.yaml" in out.stderr
    assert (root / "targets.yaml").read_text(encoding="utf-8") == text


def test_explain_names_the_rows_that_read_each_target(run_cli, root):
    """issue 18/23: `extract --explain` says, for each target, which rows of the phrasing table read it, what
    each matched and what the row means (hand-read from the table's order: sentence, words, form)."""
    out = run_cli("extract", str(PLAN), "--root", str(root), "--explain")
    assert out.exit_code == 0, out
    lines = out.stdout.splitlines()
    assert "plan:" not in out.stdout  # without --out the explanation alone: no review mixed into it
    at = lines.index("全年新增高企60家  →  >= 60  (hightech_new, flow)")
    assert [line.split()[:2] for line in lines[at + 1 : at + 4]] == [
        ["sentence.new", "'新增'"],
        ["words.new", "'新增60家'"],
        ["form.level", "'60家'"],
    ]
    assert "新增N on a flow: at least N (the year's flow)" in lines[at + 2]
    at = lines.index("全年纳税过3000万元  →  > 3000  (new indicator tax, flow)")
    assert [line.split()[:2] for line in lines[at + 1 : at + 3]] == [
        ["sentence.more", "'过'"],
        ["form.level", "'>3000万元'"],
    ]
    at = lines.index("力争首季度科技型中小企业达到300家  →  一季度末 ≥ 300  (tech_smes, flow)")
    assert lines[at + 1].split()[:2] == ["period.q1", "'首季度'"]


def test_explain_in_chinese(run_cli, root):
    out = run_cli("extract", str(PLAN), "--root", str(root), "--explain", "--lang", "zh")
    assert out.exit_code == 0, out
    assert "有效期内高企超300家  →  > 300  (hightech_total, stock)" in out.stdout
    assert "大于N（严格；“过”即“超”）" in out.stdout


def test_apply_into_a_flow_mapping_extends_its_line(run_cli, root, tmp_path):
    """A flow mapping cannot hold a comment: the target goes into it, the line keeps what it held."""
    text = (
        (root / "targets.yaml")
        .read_text(encoding="utf-8")
        .replace('targets:\n      2022: ">= 30"', 'targets: {2022: ">= 30"}')
    )
    (root / "targets.yaml").write_text(text, encoding="utf-8")
    review_file = tmp_path / "review.yaml"
    run_cli("extract", str(PLAN), "--root", str(root), "--out", str(review_file))
    out = run_cli("extract", "--apply", str(review_file), "--root", str(root))
    assert out.exit_code == 0, out
    after = (root / "targets.yaml").read_text(encoding="utf-8")
    assert '    targets: {2022: ">= 30", 2023: {target: ">= 30", source: 2023年工作要点}}' in after.splitlines()
    assert run_cli("check", "--root", str(root)).exit_code == 0


def test_apply_refuses_to_replace_a_different_target(run_cli, root, tmp_path):
    review_file = tmp_path / "review.yaml"
    run_cli("extract", str(PLAN), "--root", str(root), "--out", str(review_file))
    text = (
        (root / "targets.yaml")
        .read_text(encoding="utf-8")
        .replace('2022: ">= 30"', '2022: ">= 30"\n      2023: ">= 25"')
    )
    (root / "targets.yaml").write_text(text, encoding="utf-8")
    out = run_cli("extract", "--apply", str(review_file), "--root", str(root))
    assert out.exit_code == 1
    assert "iur_events already has the target '>= 25' for 2023" in out.stderr
    assert (root / "targets.yaml").read_text(encoding="utf-8") == text


# ---- bad input: one clear message, exit 1, nothing written ----------------------------------------


def _bad(run_cli, root, path: Path, fragment: str, tmp_path: Path) -> None:
    review_file = tmp_path / "out.yaml"
    out = run_cli("extract", str(path), "--root", str(root), "--out", str(review_file))
    assert out.exit_code == 1, out
    assert fragment in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1, out.stderr  # one message
    assert "Traceback" not in out.stderr
    assert not review_file.exists()


def test_corrupt_docx(run_cli, root, tmp_path):
    path = tmp_path / "坏.docx"
    path.write_bytes(b"PK\x03\x04 this is not a zip archive at all")
    _bad(run_cli, root, path, "not a readable Word document", tmp_path)


def test_docx_without_its_document_part(run_cli, root, tmp_path):
    path = tmp_path / "坏.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
    _bad(run_cli, root, path, "not a readable Word document", tmp_path)


def test_password_protected_docx(run_cli, root, tmp_path):
    path = tmp_path / "加密.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))  # Word saves an encrypted .docx as OLE
    _bad(run_cli, root, path, "password-protected", tmp_path)


def test_scanned_pdf(run_cli, root, tmp_path):
    _bad(run_cli, root, write_scanned_pdf(tmp_path / "扫描.pdf"), "no text layer (a scan)", tmp_path)


def test_empty_documents(run_cli, root, tmp_path):
    _bad(run_cli, root, write_docx("", tmp_path / "空.docx"), "holds no text", tmp_path)
    empty = tmp_path / "空.txt"
    empty.write_text("\n \n", encoding="utf-8")
    _bad(run_cli, root, empty, "holds no text", tmp_path)


def test_a_review_edited_into_invalid_yaml(run_cli, root, tmp_path):
    review_file = tmp_path / "review.yaml"
    run_cli("extract", str(PLAN), "--root", str(root), "--out", str(review_file))
    text = review_file.read_text(encoding="utf-8").replace("accept: true", "accept: [true", 1)
    review_file.write_text(text, encoding="utf-8")
    before = (root / "targets.yaml").read_bytes()
    out = run_cli("extract", "--apply", str(review_file), "--root", str(root))
    assert out.exit_code == 1, out
    assert str(review_file) in out.stderr and "error[" in out.stderr
    assert "nothing written to targets.yaml" in out.stderr
    assert (root / "targets.yaml").read_bytes() == before


def test_a_review_with_a_bad_accept_and_target(run_cli, root, tmp_path):
    review_file = tmp_path / "review.yaml"
    run_cli("extract", str(PLAN), "--root", str(root), "--out", str(review_file))
    text = review_file.read_text(encoding="utf-8").replace("accept: true", "accept: yes", 1)
    text = text.replace('target: "> 300"', 'target: "超三百家"')
    review_file.write_text(text, encoding="utf-8")
    before = (root / "targets.yaml").read_bytes()
    out = run_cli("extract", "--apply", str(review_file), "--root", str(root))
    assert out.exit_code == 1, out
    assert "targets[0].accept: write true or false" in out.stderr
    assert "targets[1].target:" in out.stderr
    assert (root / "targets.yaml").read_bytes() == before


def test_messages_in_chinese(run_cli, root, tmp_path):
    out = run_cli("extract", str(write_scanned_pdf(tmp_path / "扫描.pdf")), "--root", str(root), "--lang", "zh")
    assert out.exit_code == 1
    assert "PDF 没有文字层（是扫描件）" in out.stderr


def test_a_heading_run_into_its_paragraph_starts_the_part(run_cli, root, tmp_path):
    """Text copied from a web page runs the heading into the paragraph (seed 004): the summary before it
    (全年共开展第一议题学习3次) is no target."""
    plan = tmp_path / "计划.txt"
    plan.write_text(
        "某区科技创新局2023年工作总结及2024年工作计划\n"
        "一、工作成效全年共开展第一议题学习3次。二、存在困难与问题人才总量偏少。"
        "三、工作计划2024年,全年新增高企20家以上。\n",
        encoding="utf-8",
    )
    review = _review(run_cli, plan, root)
    assert review["part"] == "三、工作计划"
    assert [(t["clause"], t["target"]) for t in review["targets"]] == [("全年新增高企20家以上", ">= 20")]
    assert review["year"] == 2024


def test_an_alias_matches_the_clause(run_cli, root):
    """The indicator's aliases: (as `import` reads them) match a clause its name does not."""
    text = (root / "targets.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "milestones: []",
        "  agreements:\n    name: 科技合作协议签订数\n    unit: 项\n    aliases: [产学研协议]\nmilestones: []",
    )
    (root / "targets.yaml").write_text(text, encoding="utf-8")
    review = _review(run_cli, PLAN, root)
    found = {t["clause"]: t.get("indicator") for t in review["targets"]}
    assert found["力争签订产学研协议40项以上"] == "agreements"


# ---- tables in a .docx ------------------------------------------------------------------------------


def _plan_with_a_target_table(path: Path) -> Path:
    """A 工作要点 whose targets stand in a table (序号 | 指标 | 2024年目标), one row holding a nested
    table, and a merged cell (a row's cells share one text)."""
    from docx import Document

    document = Document()
    document.add_paragraph("某区科技局2023年工作总结及2024年工作要点")
    document.add_heading("一、2024年工作要点", level=1)
    document.add_paragraph("全年新增高企20家以上。")
    table = document.add_table(rows=4, cols=3)
    for row, cells in zip(
        table.rows[:3],
        (
            ("序号", "指标", "2024年目标"),
            ("1", "技术合同成交额", "增长15%以上"),
            ("2", "新认定科技型中小企业", "300家以上"),
        ),
        strict=True,
    ):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    last = table.rows[3].cells
    last[0].text = "3"
    merged = last[1].merge(last[2])
    merged.text = "产学研合作"
    inner = merged.add_table(rows=1, cols=2)
    inner.rows[0].cells[0].text = "签订产学研协议"
    inner.rows[0].cells[1].text = "40项以上"
    document.add_heading("二、保障措施", level=1)
    document.add_paragraph("全年开展科技政策宣讲活动10场以上。")
    document.save(str(path))
    return path


def test_a_docx_target_table_is_read(run_cli, root, tmp_path):
    review = _review(run_cli, _plan_with_a_target_table(tmp_path / "表格.docx"), root)
    found = {t["clause"]: t["target"] for t in review["targets"]}
    assert found == {
        "全年新增高企20家以上": ">= 20",
        "增长15%以上": "+15%",
        "300家以上": ">= 300",
        "40项以上": ">= 40",
    }
    by_clause = {t["clause"]: t for t in review["targets"]}
    assert by_clause["增长15%以上"]["indicator"] == "tech_contract_value"  # the row's first cell names it
    assert by_clause["300家以上"]["indicator"] == "tech_smes"  # 科技型中小企业, a part of its name no other has
    assert by_clause["40项以上"]["new_indicator"]["name"] == "签订产学研协议"
    assert review["not_understood"] == []  # 序号 1, 2, 3 and the header's 2024年 are no figures


def test_a_truncated_docx_and_a_workbook_named_docx(run_cli, root, tmp_path):
    whole = write_docx(PLAN.read_text(encoding="utf-8"), tmp_path / "整.docx").read_bytes()
    cut = tmp_path / "截断.docx"
    cut.write_bytes(whole[: len(whole) // 2])
    _bad(run_cli, root, cut, "not a readable Word document", tmp_path)
    from openpyxl import Workbook

    book = tmp_path / "表.docx"
    Workbook().save(str(book))
    _bad(run_cli, root, book, "not a readable Word document", tmp_path)


def test_a_review_of_milestones_only_says_only_what_it_wrote(run_cli, root, tmp_path):
    review = tmp_path / "review.yaml"
    review.write_text(
        "year: 2023\ntargets: []\nmilestones:\n  - {id: t1, task: 发布办法, due: 2023Q1, accept: true}\n",
        encoding="utf-8",
    )
    out = run_cli("extract", "--apply", str(review), "--root", str(root))
    assert out.exit_code == 0, out
    assert out.stderr == "targets.yaml: 1 milestones written; 0 were there already\n"  # no "0 targets written"
    again = run_cli("extract", "--apply", str(review), "--root", str(root))
    assert again.exit_code == 0, again
    assert again.stderr == (
        "nothing to write: targets.yaml already holds the 0 accepted targets and the 1 accepted milestones\n"
    )


def test_a_sentence_of_thousands_of_clauses_costs_linear_time_and_space(run_cli, root, tmp_path):
    """'全年新增高企50家，' × 3000 in one sentence (attacker trial 2: × 5000 took 24 s and 1.5 GB, × 20000
    123 s and 6.5 GB): each clause reads only the 16 before it, the review quotes the sentence around its
    clause, and new ids are numbered without rescanning — 3000 targets, a review of a few hundred KB."""
    import time

    plan = tmp_path / "plan.txt"
    plan.write_text("2023年工作要点\n" + "全年新增高企50家，" * 3000 + "\n", encoding="utf-8")
    out = tmp_path / "review.yaml"
    t0 = time.process_time()
    result = run_cli("extract", str(plan), "--out", str(out), "--root", str(root))
    used = time.process_time() - t0
    assert result.exit_code == 0, result
    review = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert len(review["targets"]) == 3000
    assert max(len(t.get("sentence", "")) for t in review["targets"]) <= 2 * 80 + len("全年新增高企50家") + 2
    assert out.stat().st_size < 3000 * 400  # the whole 27,000-character sentence is not written 3000 times
    assert used < 30, used  # CPU seconds; quadratic was minutes


def test_new_ids_are_numbered_in_order():
    """A name of no known words gets the base `indicator`; each next id the next free number, as before
    the numbers were remembered (indicator_3 taken already is skipped)."""
    from sciplan.app.clauses import new_id

    for used, expected in (
        ({"indicator"}, ["indicator_2", "indicator_3", "indicator_4", "indicator_5"]),
        ({"indicator", "indicator_3"}, ["indicator_2", "indicator_4", "indicator_5", "indicator_6"]),
    ):
        suffixes: dict[str, int] = {}
        got = []
        for _ in range(4):
            got.append(new_id("x", used, suffixes))
            used.add(got[-1])
        assert got == expected


def test_a_bidi_override_in_the_plan_reaches_no_terminal(run_cli, root, tmp_path):
    """A plan paragraph `全年新增高企50家。\\u202e新增5家` (attacker trial 2) printed U+202E raw in the review
    and in --explain: it is written `\\u202e`, which the review's double-quoted YAML reads back as itself."""
    plan = tmp_path / "plan.txt"
    plan.write_text("2023年工作要点\n全年新增高企50家。\u202e新增5家。\n", encoding="utf-8")
    for extra in ((), ("--explain",)):
        result = run_cli("extract", str(plan), "--root", str(root), *extra)
        assert result.exit_code == 0, result
        assert "\u202e" not in result.stdout + result.stderr
        assert "\\u202e" in result.stdout
    review = yaml.safe_load(run_cli("extract", str(plan), "--root", str(root)).stdout)
    assert any("\u202e" in t["clause"] for t in review["targets"])  # the text itself, read back


def test_a_quoted_programme_name_and_a_stretch_clause(run_cli, tmp_path):
    """New-user trial 2: `“苏科贷”发放额1亿元以上` matches the root's “苏科贷”发放额 (万元: 1亿元 = 10000万元), not
    a new indicator `发放额`; `新认定国家高新技术企业35家以上，力争40家` is one target 35..40, not two that
    --apply then refused as a second target of one year."""
    root = tmp_path / "root"
    (root / "data").mkdir(parents=True)
    (root / "targets.yaml").write_text(
        "region: 青溪县\nindicators:\n"
        '  tech_loans: {name: "“苏科贷”发放额", unit: 万元}\n'
        "  hightech_new: {name: 新认定国家高新技术企业, unit: 家}\n",
        encoding="utf-8",
    )
    plan = tmp_path / "plan.txt"
    plan.write_text(
        "2025年工作要点\n全年“苏科贷”发放额1亿元以上。新认定国家高新技术企业35家以上，力争40家。\n", encoding="utf-8"
    )
    review = yaml.safe_load(run_cli("extract", str(plan), "--root", str(root)).stdout)
    assert [(t["target"], t.get("indicator")) for t in review["targets"]] == [
        (">= 10000", "tech_loans"),
        ("35..40", "hightech_new"),
    ]
    out = tmp_path / "review.yaml"
    assert run_cli("extract", str(plan), "--out", str(out), "--root", str(root)).exit_code == 0
    applied = run_cli("extract", "--apply", str(out), "--root", str(root))
    assert applied.exit_code == 0, applied
    assert run_cli("check", "--root", str(root)).exit_code == 0
