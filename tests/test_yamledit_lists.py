"""The span writer adds items at the end of a list (`Append`, for `extract --apply`'s milestones): in the list's
own style, every other byte kept, proven before writing. Each expected file is written by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from sciplan.store.yamledit import Append, EditRefused, Put, YamlFile

ITEM = {"id": "task_2023_1", "task": "发布《技术转移机构管理考核办法》", "due": "2023Q1"}
SECOND = {"id": "task_2023_2", "task": "建成激光通信先进技术研究院", "due": "2023Q4"}


def _edit(text: str, tmp_path: Path, *edits) -> str:
    path = tmp_path / "targets.yaml"
    path.write_bytes(text.encode("utf-8"))
    doc = YamlFile.read(path, "targets.yaml")
    new = doc.edit(list(edits))
    doc.write(new)
    assert path.read_bytes() == new.encode("utf-8")
    return new


def test_a_block_list_of_flow_mappings_gets_a_line_with_its_comment(tmp_path):
    text = "region: 测试区\nmilestones:\n  - {id: lab, task: 实验平台投入使用, due: 2021-12-31}  # 平台科\n# the end\n"
    new = _edit(text, tmp_path, Append(("milestones",), ITEM, "一季度发布《技术转移机构管理考核办法》"))
    assert new == (
        "region: 测试区\n"
        "milestones:\n"
        "  - {id: lab, task: 实验平台投入使用, due: 2021-12-31}  # 平台科\n"
        "  - {id: task_2023_1, task: 发布《技术转移机构管理考核办法》, due: 2023Q1}"
        "  # 一季度发布《技术转移机构管理考核办法》\n"
        "# the end\n"
    )


def test_a_block_list_of_block_mappings_gets_one_in_block_style(tmp_path):
    text = "milestones:\n- id: lab\n  task: 实验平台投入使用\n  due: 2021-12-31\nregion: 测试区\n"
    new = _edit(text, tmp_path, Append(("milestones",), ITEM, "一季度发布"), Append(("milestones",), SECOND))
    assert new == (
        "milestones:\n"
        "- id: lab\n  task: 实验平台投入使用\n  due: 2021-12-31\n"
        "- id: task_2023_1  # 一季度发布\n  task: 发布《技术转移机构管理考核办法》\n  due: 2023Q1\n"
        "- id: task_2023_2\n  task: 建成激光通信先进技术研究院\n  due: 2023Q4\n"
        "region: 测试区\n"
    )


def test_an_empty_flow_list_becomes_a_block_list_under_its_key(tmp_path):
    text = "region: 测试区\nmilestones: []  # 暂无\nindicators: {}\n"
    new = _edit(
        text, tmp_path, Append(("milestones",), ITEM, "一季度发布"), Append(("milestones",), SECOND, "年底前建成")
    )
    assert new == (
        "region: 测试区\n"
        "milestones:  # 暂无\n"
        "  - {id: task_2023_1, task: 发布《技术转移机构管理考核办法》, due: 2023Q1}  # 一季度发布\n"
        "  - {id: task_2023_2, task: 建成激光通信先进技术研究院, due: 2023Q4}  # 年底前建成\n"
        "indicators: {}\n"
    )


def test_a_flow_list_with_items_gets_one_more_before_its_bracket(tmp_path):
    text = "milestones: [{id: lab, task: 实验平台, due: 2021Q4}]\n"
    new = _edit(text, tmp_path, Append(("milestones",), SECOND, "a clause a flow list cannot hold"))
    assert new == (
        "milestones: [{id: lab, task: 实验平台, due: 2021Q4}, "
        "{id: task_2023_2, task: 建成激光通信先进技术研究院, due: 2023Q4}]\n"
    )


@pytest.mark.parametrize("empty", ["milestones:\n", "milestones: ~\n", "milestones: null\n"])
def test_a_key_without_a_value_gets_a_block_list(tmp_path, empty):
    new = _edit("region: 测试区\n" + empty + "indicators: {}\n", tmp_path, Append(("milestones",), SECOND))
    assert new == (
        "region: 测试区\nmilestones:\n"
        "  - {id: task_2023_2, task: 建成激光通信先进技术研究院, due: 2023Q4}\nindicators: {}\n"
    )


def test_a_missing_list_is_added_at_the_end_of_a_file_without_a_last_line_break(tmp_path):
    new = _edit("region: 测试区\r\nindicators: {}", tmp_path, Append(("milestones",), SECOND, "年底前建成"))
    assert new == (
        "region: 测试区\r\nindicators: {}\r\n"
        "milestones:\r\n  - {id: task_2023_2, task: 建成激光通信先进技术研究院, due: 2023Q4}  # 年底前建成\r\n"
    )


def test_an_item_goes_in_with_targets_put_in_the_same_edit(tmp_path):
    text = "indicators:\n  a:\n    name: 甲\n    unit: 家\nmilestones: []\n"
    new = _edit(text, tmp_path, Put(("indicators", "a", "targets"), {2023: ">= 3"}), Append(("milestones",), SECOND))
    assert new == (
        'indicators:\n  a:\n    name: 甲\n    unit: 家\n    targets:\n      2023: ">= 3"\n'
        "milestones:\n  - {id: task_2023_2, task: 建成激光通信先进技术研究院, due: 2023Q4}\n"
    )


def test_a_list_where_a_mapping_stands_is_refused(tmp_path):
    path = tmp_path / "targets.yaml"
    path.write_text("milestones: {a: 1}\n", encoding="utf-8")
    with pytest.raises(EditRefused, match="a value where a list should be"):
        YamlFile.read(path, "targets.yaml").edit([Append(("milestones",), SECOND)])
    assert path.read_text(encoding="utf-8") == "milestones: {a: 1}\n"
