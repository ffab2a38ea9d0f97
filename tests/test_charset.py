"""Stand-ins for characters an output's encoding lacks (sciplan.render.encoding): GBK keeps Chinese, ASCII
gets ASCII, JSON gets its own escapes, and the bytes of a file name survive as they came."""

from __future__ import annotations

import json

import pytest

from sciplan.render.encoding import fit


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("gbk", "√ met · 泰兴市 ≥ 2.90 2.58*※ × short —"),  # GBK has √ × ※ ≥ · — and all the Chinese
        ("gb18030", "✓ met · 泰兴市 ≥ 2.90 2.58*† ✗ short —"),  # GB18030 has every character
        ("ascii", "+ met - ??? >= 2.90 2.58*# x short -"),
        ("latin-1", "+ met · ??? >= 2.90 2.58*# × short -"),  # Latin-1 has · and × of its own
        ("utf-8", "✓ met · 泰兴市 ≥ 2.90 2.58*† ✗ short —"),
    ],
)
def test_each_mark_becomes_the_nearest_the_encoding_has(encoding, expected):
    assert fit("✓ met · 泰兴市 ≥ 2.90 2.58*† ✗ short —", encoding) == expected


def test_the_stream_error_handler_is_the_safety_net():
    assert "✓ 达标".encode("gbk", "sciplan") == "√ 达标".encode("gbk")
    assert "≥ 50".encode("ascii", "sciplan") == b">= 50"
    # a file name's undecodable byte (kept by surrogateescape) is written back as that byte
    assert "data/\udcb2.yaml".encode("utf-8", "sciplan") == b"data/\xb2.yaml"


def test_json_escapes_only_what_the_encoding_lacks():
    text = json.dumps({"s": "✓ 泰兴 😀"}, ensure_ascii=False)
    gbk = text.encode("gbk", "sciplan-json").decode("gbk")
    assert gbk == '{"s": "\\u2713 泰兴 \\ud83d\\ude00"}'  # ✓ is U+2713; 😀 is the pair D83D DE00
    assert json.loads(gbk) == {"s": "✓ 泰兴 😀"}
