"""Loading YAML: YAML 1.2 scalars, exact numbers, positions, and the guards that run while parsing."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest

from sciplan.load.parser import MAX_DEPTH, decode, dotted, parse


def load(text):
    doc, problems = parse(text, "f.yaml")
    assert not problems, problems
    return doc


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("010", 10),  # YAML 1.1 read this as octal 8
        ("no", "no"),  # ... and this as False
        ("yes", "yes"),
        ("on", "on"),
        ("1:20", "1:20"),  # ... and this as 80 (sexagesimal)
        ("2.65", Decimal("2.65")),  # exact, never a binary float
        ("2.80", Decimal("2.80")),
        ("1e3", Decimal("1e3")),
        ("86", 86),
        ("true", True),
        ("False", False),
        ("null", None),
        ("~", None),
        ("2021-09-30", "2021-09-30"),  # dates stay text; the models read them
        ("+40", "+40"),  # a written sign stays text: the target language reads +40 as an increase
        ("-3", "-3"),
        ("0x10", "0x10"),
        (".nan", Decimal("NaN")),
        ("'86'", "86"),  # quoted is always text
        ('"true"', "true"),
        ("!!str 5", "5"),
        ("!!int 5", 5),
        ("!!float 2.5", Decimal("2.5")),
    ],
)
def test_scalars_read_the_yaml_1_2_way(text, value):
    got = load(f"v: {text}\n").data["v"]
    if isinstance(value, Decimal) and value.is_nan():
        assert got.is_nan()
    else:
        assert got == value
        assert type(got) is type(value)


def test_keys_are_names_or_years():
    data = load("2021: a\n'2022': b\nno: c\ntrue: d\n~: e\n").data
    assert data == {2021: "a", "2022": "b", "no": "c", "true": "d", "~": "e"}


def test_positions_of_keys_and_values():
    doc = load("# comment\nactuals:\n  firms: 86\n  rd: {value: 2.65}\nlist: [a, b]\n")
    assert doc.position(("actuals", "firms")) == (3, 10)
    assert doc.position(("actuals", "firms"), key=True) == (3, 3)
    assert doc.position(("actuals", "rd", "value")) == (4, 15)
    assert doc.position(("list", 1)) == (5, 11)
    assert doc.position(("actuals", "missing")) == (3, 3)  # falls back to the enclosing mapping


def test_duplicate_keys_are_errors():
    _, problems = parse("a: 1\nb:\n  c: 1\n  c: 2\n", "f.yaml")
    assert [str(p) for p in problems] == [
        "f.yaml:4:3: error[duplicate-key]: b.c: duplicate key 'c' (first at line 3); each key may appear once"
    ]


def test_aliases_that_stay_small_are_allowed():
    doc = load("base: &b {unit: 家}\nx: *b\ny: *b\n")
    assert doc.data["x"] == {"unit": "家"} and doc.data["y"] is doc.data["x"]


def test_alias_bomb_is_refused_at_once():
    levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        levels.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    text = "\n".join(levels) + "\n"
    assert len(text.encode()) < 800
    start = time.perf_counter()
    _, problems = parse(text, "bomb.yaml")
    assert time.perf_counter() - start < 2  # a guard, not a benchmark: the bomb would take hours
    assert problems[0].code == "alias"


@pytest.mark.parametrize(
    "text",
    [
        "[" * 60000 + "]" * 60000,
        "{a: " * 60000 + "}" * 60000,
        "- " * 60000 + "x",
        "a:\n" + "".join(" " * (i + 1) + f"k{i}:\n" for i in range(MAX_DEPTH + 2)),
    ],
)
def test_deep_nesting_stops_the_parser(text):
    """libyaml's composer would crash (C recursion) and its scanner slows quadratically."""
    _, problems = parse(text, "deep.yaml")
    assert problems[0].code == "nesting"
    assert problems[0].message.startswith(f"nesting deeper than {MAX_DEPTH} levels")


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        # the root mapping is level 1, so the 32nd "[" opens level 33: column 3 + 32 = 35
        ("a: " + "[" * 2000 + "]" * 2000, 1, 35),
        ("名称: 中文\nb: " + "[" * 60000, 2, 35),
        # root 1, x 2, the flow sequence 3: the 30th "{a: " (4 characters each, from column 7) opens level 33
        ("x:\n  y: [" + "{a: " * 1500, 2, 7 + 4 * 29),
    ],
)
def test_own_nesting_limit_comes_before_libyamls(text, line, column):
    """libyaml 0.2.5 (PyYAML 6.0.4's wheels) stops a flow line at 1000 levels before any event reaches us:
    the user still sees sciplan's limit, where it is crossed, whatever the parser's release."""
    _, problems = parse(text, "deep.yaml")
    assert [(p.code, p.line, p.column) for p in problems] == [("nesting", line, column)]


def test_nesting_at_the_limit_is_fine():
    load("v: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n")


@pytest.mark.parametrize(
    ("raw", "code", "line", "column"),
    [
        ("a: 中文\n".encode("gbk"), "encoding", 1, 4),
        ("a: 1\nb: 贷款\n".encode("gb18030"), "encoding", 2, 4),
        (b"a: 1\n\xff\n", "encoding", 2, 1),
        ("a: 1".encode("utf-16"), "encoding", 1, 1),
        (b"a: 1\nb: \x00\n", "nul-byte", 2, 4),
    ],
)
def test_encodings(raw, code, line, column):
    _, problem = decode(raw, "f.yaml")
    assert (problem.code, problem.line, problem.column) == (code, line, column)


def test_gbk_message_says_how_to_fix():
    _, problem = decode("a: 中文\n".encode("gbk"), "f.yaml")
    assert "GBK" in problem.message and "UTF-8" in problem.message


def test_utf8_bom_is_fine():
    text, problem = decode("\ufeffa: 1\n".encode(), "f.yaml")
    assert problem is None and text == "a: 1\n"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty-file"),
        ("# only a comment\n", "empty-file"),
        ("---\n", "empty-file"),
        ("a: 1\n---\nb: 2\n", "multi-document"),
        ("a: [1,\n", "yaml-syntax"),
        ("a:\n\tb: 1\n", "tab"),
        ("? [a]\n: 1\n", "key"),
        ("a: !!python/name:os.system\n", "tag"),
        ("a: !!int x\n", "tag"),
        ("a: *nope\n", "alias"),
        ("a: &x [*x]\n", "alias"),
    ],
)
def test_refusals(text, code):
    _, problems = parse(text, "f.yaml")
    assert [p.code for p in problems] == [code]


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        (
            "actuals:\n  a: 1\n   b: 2\n",
            (3, 5),
            "mapping values are not allowed in this context; "
            "is this line indented deeper than the one above, or is ': ' in an unquoted value?",
        ),
        (
            "actuals:\n  a: 1\n b: 2\n",
            (3, 2),
            "did not find expected key (while parsing a block mapping started at line 1); "
            "the keys of one mapping must start in the same column",
        ),
        (
            "actuals:\n  - a: 1\n  b: 2\n",
            (3, 3),
            "did not find expected '-' indicator (while parsing a block collection started at line 2); "
            "the items of a list each start with '- ' in the same column",
        ),
        (
            "a: 'x\n",
            (2, 1),
            "found unexpected end of stream (while scanning a quoted scalar started at line 1); "
            "a quote is opened and never closed",
        ),
    ],
)
def test_syntax_errors_name_the_likely_slip(text, where, message):
    _, problems = parse(text, "f.yaml")
    assert [(p.code, (p.line, p.column), p.message) for p in problems] == [("yaml-syntax", where, message)]


def test_dotted_paths():
    assert dotted(("indicators", "rd", "targets", 2021)) == "indicators.rd.targets.2021"
    assert dotted(("plans", 0, "targets")) == "plans[0].targets"
    assert dotted(()) == "(top level)"


# Input-method slips (issue 12): each named, with its fix, on the slip's own line. Columns by hand:
# "  hightech_total：930" has its colon at column 17 (2 spaces + 14 letters, then the colon).
@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        (  # the next line breaks the parse: libyaml would point at line 4
            "year: 2022\nactuals:\n  hightech_total：930\n  rd: 5\n",
            (3, 17),
            "full-width colon '：' after hightech_total (an input method's colon); "
            "YAML needs an ASCII colon and a space: hightech_total: 930",
        ),
        (  # parses, as the text 'hightech_total：930': caught all the same
            "year: 2022\nactuals:\n  hightech_total：930\n",
            (3, 17),
            "full-width colon '：' after hightech_total (an input method's colon); "
            "YAML needs an ASCII colon and a space: hightech_total: 930",
        ),
        (
            "year: 2022\nactuals：\n  hightech_total: 930\n",
            (2, 8),  # "actuals" is 7 letters
            "full-width colon '：' after actuals (an input method's colon); "
            "YAML needs an ASCII colon and a space: actuals:",
        ),
        (
            "year: 2022\nactuals:\n  hightech_total:930\n  rd: 5\n",
            (3, 17),
            "no space after the colon in 'hightech_total:930', so YAML reads it as one piece of text; "
            "write hightech_total: 930",
        ),
        (  # libyaml reads it as a plain scalar: no parse error at all
            "year: 2022\nactuals:\n  hightech_total:930\n",
            (3, 17),
            "no space after the colon in 'hightech_total:930', so YAML reads it as one piece of text; "
            "write hightech_total: 930",
        ),
        (  # the last line: libyaml stops at the end of the file, line 5
            "year: 2022\nactuals:\n  rd: 5\n  hightech_total:930\n",
            (4, 17),
            "no space after the colon in 'hightech_total:930', so YAML reads it as one piece of text; "
            "write hightech_total: 930",
        ),
        (
            "year: 2022\nactuals:\n  rd: 5\n\u3000\u3000hightech_total: 930\n",
            (4, 1),
            "indented with a full-width space (U+3000, 全角空格); indent with ordinary spaces",
        ),
        (  # '>' starts a folded block in YAML: quote a target that starts with it
            "region: x\nindicators:\n  a: {name: a, unit: 家, targets: {2021: {target: >= 1000}}}\n",
            (3, 50),  # 2 + "a: {name: a, unit: 家, targets: {2021: {target: " (47 characters), then '>'
            "a value cannot start with an unquoted '>=' in YAML; quote it: \">= 1000\"",
        ),
        (
            "targets:\n  2021: >= 1000\n",
            (2, 9),
            "a value cannot start with an unquoted '>=' in YAML; quote it: \">= 1000\"",
        ),
        (  # the fix quotes the target as written
            "targets: {2021: >50家, 2022: 60}\n",
            (1, 17),  # "targets: {2021: " is 16 characters
            "a value cannot start with an unquoted '>' in YAML; quote it: \">50家\"",
        ),
    ],
)
def test_input_method_slips_are_named_on_their_line(text, where, message):
    doc, problems = parse(text, "f.yaml")
    assert doc is None
    assert [(p.line, p.column, p.code, p.message) for p in problems] == [(*where, "yaml-syntax", message)]


@pytest.mark.parametrize(
    "text",
    [
        "note: 注：预计数\n",  # a full-width colon inside a value is text
        "source: http://example.cn/a\n",
        "time: 1:20\n",
        "x: abc:def\n",  # no number after the colon: not a glued key
        "note: |\n  \u3000\u3000正文：内容\n",  # a paragraph indent inside a block of text
    ],
)
def test_what_is_no_slip_reads_as_written(text):
    doc, problems = parse(text, "f.yaml")
    assert problems == [] and doc is not None
