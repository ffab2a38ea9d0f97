"""`sciplan extract` reads what a plan says about the past as the past (new-user trial 3): a part headed as a
review (一、2024年工作回顾) and a sentence led by an earlier year (`2024年，全县新认定…32家`) give no target
to accept; `--from` a part of a document that is the plan alone cites the document; a milestone's task keeps
none of its time phrase (三季度末前出台… → 出台…)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from sciplan.app.hindsight import led_by_past, looks_back

TARGETS = """\
region: 清水县
indicators:
  hightech_new:
    name: 新认定国家高新技术企业
    unit: 家
  hightech_total:
    name: 有效期内国家高新技术企业
    unit: 家
    kind: stock
  tech_contract_value:
    name: 技术合同成交额
    unit: 亿元
milestones: []
"""


@pytest.fixture
def root(tmp_path) -> Path:
    root = tmp_path / "root"
    (root / "data").mkdir(parents=True)
    (root / "targets.yaml").write_text(TARGETS, encoding="utf-8")
    return root


def _plan(path: Path, *parts: tuple[str, list[str]]) -> Path:
    """A .docx as Word writes a 工作要点: a Title, then Heading 1 parts with their paragraphs."""
    from docx import Document

    document = Document()
    document.add_heading("清水县科学技术局2025年工作要点", level=0)
    for heading, paragraphs in parts:
        document.add_heading(heading, level=1)
        for text in paragraphs:
            document.add_paragraph(text)
    document.save(str(path))
    return path


REVIEWED = (
    ("一、2024年工作回顾", ["2024年，全县新认定国家高新技术企业32家，技术合同成交额突破9亿元。"]),
    ("二、2025年主要目标", ["全年新认定国家高新技术企业35家以上，技术合同成交额达到10亿元以上。"]),
)


def _review(run_cli, plan: Path, root: Path, *extra: str) -> dict:
    out = run_cli("extract", str(plan), "--root", str(root), *extra)
    assert out.exit_code == 0, out
    return yaml.safe_load(out.stdout)


def test_a_review_part_proposes_nothing_to_accept_and_apply_writes_the_plan(run_cli, root, tmp_path):
    plan = _plan(tmp_path / "要点.docx", *REVIEWED)
    review = _review(run_cli, plan, root)
    got = [(t["clause"], t["target"], t.get("indicator"), t["accept"]) for t in review["targets"]]
    assert got == [
        ("全县新认定国家高新技术企业32家", ">= 32", "hightech_new", False),  # last year's result
        ("技术合同成交额突破9亿元", "> 9", "tech_contract_value", False),
        ("全年新认定国家高新技术企业35家以上", ">= 35", "hightech_new", True),
        ("技术合同成交额达到10亿元以上", ">= 10", "tech_contract_value", True),
    ]
    text = run_cli("extract", str(plan), "--root", str(root)).stdout
    assert "accept: false  # read under '一、2024年工作回顾', a review of the past: not a target for 2025" in text
    out = tmp_path / "review.yaml"
    assert run_cli("extract", str(plan), "--root", str(root), "--out", str(out)).exit_code == 0
    applied = run_cli("extract", "--apply", str(out), "--root", str(root))
    assert applied.exit_code == 0, applied
    written = yaml.safe_load((root / "targets.yaml").read_text(encoding="utf-8"))["indicators"]
    assert written["hightech_new"]["targets"][2025]["target"] == ">= 35"
    assert written["tech_contract_value"]["targets"][2025]["target"] == ">= 10"


def test_the_note_in_chinese(run_cli, root, tmp_path):
    plan = _plan(tmp_path / "要点.docx", *REVIEWED)
    text = run_cli("extract", str(plan), "--root", str(root), "--lang", "zh").stdout
    assert "accept: false  # 读自“一、2024年工作回顾”，是对以往的回顾，不是2025年的目标" in text


def test_a_sentence_led_by_an_earlier_year_sets_no_target(run_cli, root, tmp_path):
    plan = _plan(
        tmp_path / "要点.docx",
        (
            "一、2025年主要目标",
            [
                "2024年，全县新认定国家高新技术企业32家。",
                "截至2024年底，有效期内国家高新技术企业达到141家。",
                "2025年，全县新认定国家高新技术企业35家以上。",
                "在2024年基础上，技术合同成交额增长15%以上。",
                "2024年全县技术合同成交额突破8亿元，2025年力争技术合同成交额达到10亿元以上。",
            ],
        ),
    )
    review = _review(run_cli, plan, root)
    got = [(t["clause"], t["target"], t["accept"]) for t in review["targets"]]
    assert got == [
        ("全县新认定国家高新技术企业32家", ">= 32", False),
        ("有效期内国家高新技术企业达到141家", ">= 141", False),
        ("全县新认定国家高新技术企业35家以上", ">= 35", True),  # led by the plan's own year
        ("技术合同成交额增长15%以上", "+15%", True),  # 2024年 is the base, not what it reports
        ("2024年全县技术合同成交额突破8亿元", "> 8", False),
        ("2025年力争技术合同成交额达到10亿元以上", ">= 10", True),  # the sentence turns to 2025 here
    ]
    text = run_cli("extract", str(plan), "--root", str(root)).stdout
    assert "accept: false  # the sentence reports 2024, not a target for 2025" in text


def test_from_a_part_cites_the_document(run_cli, root, tmp_path):
    plan = _plan(tmp_path / "要点.docx", *REVIEWED)
    review = _review(run_cli, plan, root, "--from", "二、2025年主要目标")
    assert (review["part"], review["source"]) == ("二、2025年主要目标", "清水县科学技术局2025年工作要点")
    assert [t["target"] for t in review["targets"]] == [">= 35", ">= 10"]


def test_a_milestone_task_keeps_none_of_its_time_phrase(run_cli, root, tmp_path):
    plan = _plan(
        tmp_path / "要点.docx",
        (
            "一、2025年重点任务",
            [
                "三季度末前出台《清水县科技创新券管理办法（修订）》。",
                "力争上半年内建成科技大市场。",
                "6月底之前完成企业技术需求征集。",
                "于年底前召开全县科技创新大会。",
                "一季度发布《技术转移机构管理办法》。",
            ],
        ),
    )
    review = _review(run_cli, plan, root)
    assert [(m["task"], m["due"]) for m in review["milestones"]] == [
        ("出台《清水县科技创新券管理办法（修订）》", "2025Q3"),
        ("建成科技大市场", "2025Q2"),
        ("完成企业技术需求征集", "2025-06"),
        ("召开全县科技创新大会", "2025Q4"),
        ("发布《技术转移机构管理办法》", "2025Q1"),
    ]


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("一、2024年工作回顾", True),
        ("一、工作总结", True),
        ("（一）目标完成情况", True),
        ("二、存在的问题", True),
        ("一、2024年主要工作", True),  # names only an earlier year
        ("一、2024年工作回顾和2025年工作打算", False),  # names the plan's year
        ("二、2025年主要目标", False),
        ("三、重点任务", False),
    ],
)
def test_which_headings_look_back(heading, expected):
    assert looks_back(heading, 2025) is expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("2024年，全县新认定高企32家。", 2024),
        ("1.2023年全县技术合同成交额8.4亿元。", 2023),
        ("去年，全县新认定高企32家。", 2024),
        ("2025年，全县新认定高企35家以上。", None),
        ("2024年基础上增长15%。", None),
        ("全县新认定高企35家以上。", None),
    ],
)
def test_which_sentences_are_led_by_the_past(sentence, expected):
    assert led_by_past(sentence, 2025) == expected
