"""The held-out plan (issue 23, recall): tests/plans/heldout_2025_yaodian.txt, written in the seeds' style
and labelled by hand (heldout_2025_labels.yaml) before the extractor was run on it. Its first run found
58 of the 64 targets right (90.6 %); the fixes it led to each have a test below, and the figures are kept
here so a change that loses one fails."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from sciplan.app.extract import propose
from sciplan.load.documents import Paragraph, read

PLANS = Path(__file__).parent / "plans"
LABELS = yaml.safe_load((PLANS / "heldout_2025_labels.yaml").read_text(encoding="utf-8"))["heldout_2025_yaodian.txt"]
SECOND = yaml.safe_load((PLANS / "heldout_2026_labels.yaml").read_text(encoding="utf-8"))["heldout_2026_silu.txt"]


def _hits(clause: str, find: str) -> bool:
    return find in clause or (clause in find and len(clause) >= 4)


def _score(plan: str = "heldout_2025_yaodian.txt", labels: dict = LABELS) -> tuple[list[str], int, int]:
    """(labels not found right, proposals exactly right, proposals)."""
    found = propose(read(PLANS / plan), {}, None, None)
    assert found.year == labels["year"]
    missed = []
    right_proposals = set()
    for find, target, unit in labels["targets"]:
        ok = [
            i
            for i, p in enumerate(found.targets)
            if _hits(p.clause, find) and p.target == target and (unit is None or (p.new or {}).get("unit") == unit)
        ]
        if ok:
            right_proposals.update(ok)
        else:
            missed.append(find)
    return missed, len(right_proposals), len(found.targets)


def test_heldout_recall_and_precision():
    missed, right, proposed = _score()
    n = len(LABELS["targets"])
    assert n == 64
    assert missed == []  # 64/64 found right (the first run, before the fixes below: 58/64)
    assert (right, proposed) == (64, 64)  # every proposal a labelled target with its right value


def test_second_heldout_recall_and_precision():
    """heldout_2026_silu.txt: written after the parser became a table, run once: 31/31 found right, nothing
    else proposed (the 2025 summary before the plan part gives no target)."""
    missed, right, proposed = _score("heldout_2026_silu.txt", SECOND)
    assert len(SECOND["targets"]) == 31
    assert missed == []
    assert (right, proposed) == (31, 31)


def _targets(text: str) -> dict[str, str]:
    found = propose([Paragraph("某区2025年工作要点", 1), Paragraph(text)], {}, None, None)
    return {p.clause: p.target for p in found.targets}


@pytest.mark.parametrize(
    ("sentence", "clause", "target"),
    [
        ("促成产学研合作项目120项。", "促成产学研合作项目120项", ">= 120"),  # the verb 促成
        ("建设科技成果转化中试基地2个。", "建设科技成果转化中试基地2个", ">= 2"),  # the verb 建设
        ("引育科技副总30名。", "引育科技副总30名", ">= 30"),  # the verb 引育
        ("高企数量增至450家。", "高企数量增至450家", ">= 450"),  # 增至: up to, a level
        ("科技型中小企业数量较上年翻一番。", "科技型中小企业数量较上年翻一番", "+100%"),  # a figure in words
        (
            "研发经费投入强度达到2.8%以上、力争达到3%。",
            "研发经费投入强度达到2.8%以上、力争达到3%",
            "2.8..3",
        ),  # the floor and the stretch without 确保
    ],
)
def test_what_the_heldout_run_missed(sentence, clause, target):
    assert _targets(sentence) == {clause: target}


@pytest.mark.parametrize(
    ("written", "unit", "kind", "amount", "stretch"),
    [
        # FINDINGS [extract]: an object after the number was taken for a unit (error[unit] … 家企业获批…)
        ("争取2家企业获批省级工程技术研究中心", "家", "flow", "2", None),
        # FINDINGS [extract]: the 确保/力争 pair in its ratio form, without 确保
        ("研发投入强度达到2.8%以上、力争3%", "%", "ratio", "2.8", "3"),
    ],
)
def test_the_findings_sentences_read_in_targets_yaml(written, unit, kind, amount, stretch):
    from decimal import Decimal

    from sciplan.validate.targets import parse_target

    t = parse_target(written, unit, "up", kind)
    assert (t.kind, t.op, t.amount) == ("level", ">=", Decimal(amount))
    assert t.stretch == (None if stretch is None else Decimal(stretch))
    assert t.text == written
