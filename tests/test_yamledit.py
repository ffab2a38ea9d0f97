"""The span writer (sciplan/store/yamledit.py): edits in place, every other byte kept, proven before writing."""

from __future__ import annotations

import difflib
import os
import stat
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sciplan.load.parser import parse
from sciplan.store.yamledit import ChangedOnDisk, Delete, EditRefused, Put, Verbatim, YamlFile, scalar_text

# ---- hand-written cases -----------------------------------------------------------------------------

DEMO = """\
# a comment at the top
year: 2022
as_of: 2022-06-30   # 截至6月底
actuals:
  # 研发
  hightech_total: 268
  tech_loans: {value: 7840, note: 苏科贷, source: '2022年工作总结'}
  iur_events: "26"

peers: {兴化市: {hightech_total: 412}}
months:
  3: {hightech_total: 259,
      iur_events: 8}
"""


def doc(text: str, tmp_path: Path, name: str = "2022.yaml") -> YamlFile:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return YamlFile.read(path, name)


def test_replace_a_scalar_changes_one_line_only(tmp_path):
    f = doc(DEMO, tmp_path)
    new = f.edit([Put(("actuals", "hightech_total"), Decimal("270.5"))])
    assert new == DEMO.replace("hightech_total: 268", "hightech_total: 270.5")


def test_quoting_and_flow_style_are_kept(tmp_path):
    f = doc(DEMO, tmp_path)
    new = f.edit([Put(("actuals", "tech_loans", "value"), 8000), Put(("actuals", "iur_events"), 30)])
    assert "tech_loans: {value: 8000, note: 苏科贷, source: '2022年工作总结'}" in new
    assert "  iur_events: 30\n" in new
    assert new.count("\n") == DEMO.count("\n")


def test_key_added_to_block_mapping_at_its_indent(tmp_path):
    f = doc(DEMO, tmp_path)
    new = f.edit([Put(("actuals", "gdp"), Decimal("1341"))])
    assert new == DEMO.replace('  iur_events: "26"\n', '  iur_events: "26"\n  gdp: 1341\n')


def test_key_added_to_flow_mapping_in_flow_style(tmp_path):
    f = doc(DEMO, tmp_path)
    new = f.edit([Put(("peers", "兴化市", "gdp"), 1500), Put(("peers", "靖江市"), {"gdp": 1400})])
    assert "peers: {兴化市: {hightech_total: 412, gdp: 1500}, 靖江市: {gdp: 1400}}\n" in new


def test_month_entry_follows_its_siblings_style(tmp_path):
    f = doc(DEMO, tmp_path)
    new = f.edit([Put(("months", 6, "hightech_total"), 268), Put(("months", 6, "iur_events"), 26)])
    assert new == DEMO + "  6: {hightech_total: 268, iur_events: 26}\n"


def test_missing_section_added_at_the_end(tmp_path):
    f = doc("year: 2022\nactuals: {a: 1}", tmp_path)  # no final line break
    new = f.edit([Put(("months", 6, "a"), 1)])
    assert new == "year: 2022\nactuals: {a: 1}\nmonths:\n  6:\n    a: 1\n"


def test_empty_value_filled_in_block_style(tmp_path):
    f = doc("actuals:   # 待填\nmonths:\n", tmp_path)
    new = f.edit([Put(("actuals", "a"), 1), Put(("months", 3, "a"), 1)])
    assert new == "actuals:   # 待填\n  a: 1\nmonths:\n  3:\n    a: 1\n"


def test_crlf_and_bom_kept(tmp_path):
    text = "\ufeffyear: 2022\r\nactuals:\r\n  a: 1 # 注\r\n"
    path = tmp_path / "2022.yaml"
    path.write_bytes(text.encode("utf-8"))
    f = YamlFile.read(path, "2022.yaml")
    f.write(f.edit([Put(("actuals", "a"), 2), Put(("actuals", "b"), 3)]))
    assert path.read_bytes() == "\ufeffyear: 2022\r\nactuals:\r\n  a: 2 # 注\r\n  b: 3\r\n".encode()


def test_delete_lines_and_empty_mapping(tmp_path):
    f = doc(DEMO, tmp_path)
    new = f.edit([Delete(("actuals", k)) for k in ("hightech_total", "tech_loans", "iur_events")])
    assert "actuals: {}\n  # 研发\n\npeers:" in new
    new = f.edit(
        [
            Delete(("actuals", "hightech_total")),
            Delete(("actuals", "tech_loans")),
            Delete(("actuals", "iur_events")),
            Put(("actuals", "x"), 1),
        ]
    )
    assert "actuals:\n  # 研发\n  x: 1\n\npeers:" in new
    new = f.edit([Delete(("months", 3, "hightech_total"))])
    assert "  3: {iur_events: 8}\n" in new


def test_verbatim_copy(tmp_path):
    f = doc(DEMO, tmp_path)
    moved = f.source(("actuals", "tech_loans"))
    assert moved == Verbatim(
        "{value: 7840, note: 苏科贷, source: '2022年工作总结'}",
        {"value": 7840, "note": "苏科贷", "source": "2022年工作总结"},
    )
    new = f.edit([Put(("months", 6, "tech_loans"), moved)])
    assert new.endswith("  6: {tech_loans: {value: 7840, note: 苏科贷, source: '2022年工作总结'}}\n")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("5.6"), "5.6"),
        (Decimal("1E+3"), "1000"),
        (Decimal("0.000001"), "0.000001"),
        ("1.2亿元", "1.2亿元"),
        ("yes", "yes"),
        ("true", '"true"'),
        ("86", '"86"'),
        ("a: b", '"a: b"'),
        ("# x", '"# x"'),
        ("", '""'),
        (None, "null"),
    ],
)
def test_values_written_as_a_user_writes_them(value, text):
    assert scalar_text(value) == text


def test_changed_on_disk_is_refused(tmp_path):
    f = doc(DEMO, tmp_path)
    new = f.edit([Put(("actuals", "hightech_total"), 1)])
    (tmp_path / "2022.yaml").write_text(DEMO + "# edited elsewhere\n", encoding="utf-8")
    with pytest.raises(ChangedOnDisk, match="changed on disk"):
        f.write(new)
    assert (tmp_path / "2022.yaml").read_text(encoding="utf-8") == DEMO + "# edited elsewhere\n"
    assert [p.name for p in tmp_path.iterdir()] == ["2022.yaml"]  # no temporary file left


def test_new_file_never_replaces_one_that_appeared(tmp_path):
    f = YamlFile.read(tmp_path / "2023.yaml", "2023.yaml")
    new = f.edit([Put(("year",), 2023)])
    (tmp_path / "2023.yaml").write_text("year: 2023 # mine\n", encoding="utf-8")
    with pytest.raises(ChangedOnDisk):
        f.write(new)
    assert (tmp_path / "2023.yaml").read_text(encoding="utf-8") == "year: 2023 # mine\n"


def test_mode_kept(tmp_path):
    f = doc(DEMO, tmp_path)
    os.chmod(tmp_path / "2022.yaml", 0o640)
    f.write(f.edit([Put(("actuals", "hightech_total"), 1)]))
    assert stat.S_IMODE(os.stat(tmp_path / "2022.yaml").st_mode) == 0o640


def test_refused_edits_say_why(tmp_path):
    f = doc("actuals:\n  a:\n    - 1\nlist: [1, 2]\n", tmp_path)
    with pytest.raises(EditRefused, match="list"):
        f.edit([Put(("actuals", "a", "b"), 1)])
    assert f.edit([Put(("actuals", "a"), {"value": 2})]) == "actuals:\n  a: {value: 2}\nlist: [1, 2]\n"


def test_anchor_edit_that_would_change_an_alias_is_refused(tmp_path):
    f = doc("a: &x 1\nb: *x\n", tmp_path)
    assert f.edit([Put(("c",), 1)]) == "a: &x 1\nb: *x\nc: 1\n"
    with pytest.raises(EditRefused, match="not written"):  # b would change as well
        f.edit([Put(("a",), 2)])


def test_large_file_sections_proven(tmp_path):
    lines = ["year: 2022", "actuals:"] + [f"  ind_{i}: {{value: {i}.5, note: 说明{i}}}  # 注" for i in range(6000)]
    lines += ["months:", "  3: {ind_1: 1}"]
    text = "\n".join(lines) + "\n"
    f = doc(text, tmp_path)
    new = f.edit([Put(("months", 3, "ind_2"), 2), Put(("actuals", "ind_5", "value"), Decimal("6"))])
    assert new == text.replace("  3: {ind_1: 1}", "  3: {ind_1: 1, ind_2: 2}").replace(
        "ind_5: {value: 5.5,", "ind_5: {value: 6,"
    )


# ---- the property: random year files x random edits ------------------------------------------------

IDS = [f"k{i}" for i in range(8)]
REGIONS = ["兴化市", "靖江市", "泰兴高新区", "黄桥 经济开发区"]
NUMBERS = st.decimals(min_value=Decimal("-1e6"), max_value=Decimal("1e6"), places=2, allow_nan=False)
NOTES = st.sampled_from(["说明", "预计数", "列泰州第1", "note", "含 空格", "a: b", "注：口径调整"])


@st.composite
def year_files(draw):
    """(text, newline, bom): a valid year file in a random style."""
    nl = draw(st.sampled_from(["\n", "\r\n"]))
    bom = draw(st.booleans())
    lines = []
    if draw(st.booleans()):
        lines.append("# 泰兴市 2022年 科技指标")
    lines.append("year: 2022")
    if draw(st.booleans()):
        lines.append("as_of: 2022-06-30  # 截至6月底")
    actuals = draw(st.dictionaries(st.sampled_from(IDS), NUMBERS, max_size=6))
    if draw(st.booleans()) or not actuals:
        body = ", ".join(f"{k}: {v}" for k, v in actuals.items())
        lines.append(f"actuals: {{{body}}}")
    else:
        lines.append("actuals:")
        for k, v in actuals.items():
            if draw(st.booleans()):
                lines.append("  # 注释 " + draw(NOTES))
            if draw(st.booleans()):
                note = draw(NOTES)
                lines.append(f"  {k}: {{value: {v}, note: {scalar_text(note)}}}")
            else:
                lines.append(f"  {k}: {v}" + ("   # 备注" if draw(st.booleans()) else ""))
    if draw(st.booleans()):
        lines.append("")
    peers = draw(st.dictionaries(st.sampled_from(REGIONS), st.dictionaries(st.sampled_from(IDS), NUMBERS, max_size=3)))
    if peers:  # Chinese keys, block or flow
        lines.append("peers:" + ("  # 兄弟县市" if draw(st.booleans()) else ""))
        for region, values in peers.items():
            body = ", ".join(f"{k}: {v}" for k, v in values.items())
            lines.append(f"  {region}: {{{body}}}")
    months = draw(st.dictionaries(st.integers(1, 5), st.dictionaries(st.sampled_from(IDS), NUMBERS, max_size=3)))
    if months:
        lines.append("months:")
        for m, values in months.items():
            body = ", ".join(f"{k}: {v}" for k, v in values.items())
            if draw(st.booleans()) or not values:
                lines.append(f"  {m}: {{{body}}}")
            else:
                lines.append(f"  {m}:")
                lines += [f"    {k}: {v}" for k, v in values.items()]
    text = nl.join(lines) + (nl if draw(st.booleans()) else "")
    return text, nl, bom


EDITS = st.lists(
    st.one_of(
        st.builds(lambda k, v: Put(("actuals", k), v), st.sampled_from(IDS), NUMBERS),
        st.builds(lambda m, k, v: Put(("months", m, k), v), st.integers(1, 7), st.sampled_from(IDS), NUMBERS),
        st.builds(lambda k, v: Put(("actuals", k), v), st.sampled_from(IDS), NOTES),
        st.builds(lambda k: Delete(("actuals", k)), st.sampled_from(IDS)),
        st.builds(lambda r, k, v: Put(("peers", r, k), v), st.sampled_from(REGIONS), st.sampled_from(IDS), NUMBERS),
    ),
    min_size=1,
    max_size=5,
    unique_by=lambda e: e.path[-1] if e.path[0] in ("actuals", "peers") else e.path,
)


@settings(
    max_examples=int(os.environ.get("SCIPLAN_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(year_files(), EDITS, st.sampled_from([200_000, 0]))
def test_property_untouched_lines_kept_and_intent_read_back(tmp_path, sample, edits, whole_below):
    """Both proofs: the whole file parsed again (small files), or the sections edited (large ones)."""
    from sciplan.store import yamledit

    yamledit.WHOLE_FILE_PROOF = whole_below
    try:
        _untouched_lines_kept(tmp_path, sample, edits)
    finally:
        yamledit.WHOLE_FILE_PROOF = 200_000


def _untouched_lines_kept(tmp_path, sample, edits):
    text, nl, bom = sample
    path = tmp_path / "2022.yaml"
    raw = ("\ufeff" if bom else "").encode() + text.encode("utf-8")
    path.write_bytes(raw)
    f = YamlFile.read(path, "2022.yaml")
    old = parse(text, "x")[0].data
    try:
        new = f.edit(edits)
    except EditRefused as exc:  # only ever for an edit into a mapping that a delete left in question
        pytest.fail(f"refused: {exc}")
    # the intent, read back
    expected = dict(old)
    for e in edits:
        *parents, last = e.path
        node = expected
        for key in parents:
            node[key] = dict(node[key]) if isinstance(node.get(key), dict) else {}
            node = node[key]
        if isinstance(e, Put):  # a signed number is text to sciplan's reader (the value language reads it)
            signed = isinstance(e.value, Decimal) and format(e.value, "f").startswith("-")
            node[last] = format(e.value, "f") if signed else e.value
        else:
            node.pop(last, None)
    assert parse(new, "x")[0].data == expected
    # untouched lines byte-identical: every old line the diff changes holds an edited key
    touched = {str(e.path[-1]) for e in edits} | {str(e.path[-2]) for e in edits if len(e.path) > 2}
    old_lines, new_lines = text.split(nl), new.split(nl)
    for tag, i1, i2, _j1, _j2 in difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes():
        for line in old_lines[i1:i2] if tag in ("replace", "delete") else ():
            assert (
                line == "" or line.strip().startswith(("actuals:", "peers:")) or any(f"{k}:" in line for k in touched)
            ), line
    # the bytes as written, and a change on disk refused
    assert "\r" not in new.replace("\r\n", "") and (nl == "\r\n") == ("\r\n" in new or "\n" not in new)
    path.write_bytes(raw + b"# x\n")
    with pytest.raises(ChangedOnDisk):
        f.write(new)
    assert path.read_bytes() == raw + b"# x\n"
    path.write_bytes(raw)
    f.write(new)
    assert path.read_bytes() == ("\ufeff" if bom else "").encode() + new.encode("utf-8")
