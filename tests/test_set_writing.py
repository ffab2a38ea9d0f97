"""`sciplan set` and the span writer on what users actually type and keep: notes and sources with any
punctuation, symbolic links, read-only files, merge keys and quoted month keys (issue 20, writing side)."""

from __future__ import annotations

import os
import stat
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sciplan.core.chars import command_problem
from sciplan.load.parser import parse
from sciplan.store.yamledit import Put, YamlFile, scalar_text

OPEN_2022 = """\
# 2022年 截至6月底
year: 2022
final: false
as_of: 2022-06-30   # 半年
actuals:
  firms: 20         # 上半年新增
  rd: {value: 2.7, estimated: true, note: 预计数}
  loans: 6000
months:
  3: {firms: 8, loans: 2500}
"""


@pytest.fixture
def root(base_root):
    (base_root / "data" / "2022.yaml").write_text(OPEN_2022, encoding="utf-8")
    return base_root


def year_file(root) -> str:
    return (root / "data" / "2022.yaml").read_text(encoding="utf-8")


# ---- notes and sources with punctuation (finding: `--note 'a, b'` could not be written) ----------------


@pytest.mark.parametrize(
    ("note", "written"),
    [
        ("a, b", '"a, b"'),
        ("x}", '"x}"'),
        ("x]", '"x]"'),
        ("x,", '"x,"'),
        ("含技术开发, 技术转让", '"含技术开发, 技术转让"'),
        ('=HYPERLINK("http://x","y")', r'"=HYPERLINK(\"http://x\",\"y\")"'),
        ("x #y", '"x #y"'),
        ("含技术开发、技术转让", "含技术开发、技术转让"),  # nothing to quote: written plain
    ],
)
def test_note_with_punctuation_is_quoted_in_a_flow_mapping(root, run_cli, note, written):
    result = run_cli("set", "firms", "25", "--year", "2022", "--note", note, "--root", str(root))
    assert result.exit_code == 0, result
    assert f"  firms: {{value: 25, note: {written}}}         # 上半年新增\n" in year_file(root)


def test_source_url_with_comma_in_a_month_entry(root, run_cli):
    source = "http://a.b/c?d=1,2"
    result = run_cli("set", "firms", "9", "--year", "2022", "--month", "3", "--source", source, "--root", str(root))
    assert result.exit_code == 0, result
    assert '  3: {firms: {value: 9, source: "http://a.b/c?d=1,2"}, loans: 2500}\n' in year_file(root)


def test_note_replaced_inside_an_existing_mapping_is_quoted(root, run_cli):
    result = run_cli("set", "rd", "2.8", "--year", "2022", "--note", "预计数, 待年报", "--root", str(root))
    assert result.exit_code == 0, result
    assert '  rd: {value: 2.8, estimated: true, note: "预计数, 待年报"}\n' in year_file(root)


def test_note_in_block_style_mapping(root, run_cli):
    path = root / "data" / "2022.yaml"
    path.write_text(OPEN_2022.replace("  loans: 6000\n", "  loans:\n    value: 6000\n    note: 旧\n"), encoding="utf-8")
    result = run_cli("set", "loans", "6100", "--year", "2022", "--note", "a: b, c # d", "--root", str(root))
    assert result.exit_code == 0, result
    assert '  loans:\n    value: 6100\n    note: "a: b, c # d"\n' in year_file(root)


# any text a user may type as a note (controls are refused by the loader, so not typed here)
NOTES = st.text(
    alphabet=st.one_of(
        st.sampled_from(list(",:#{}[]&*!|>'\"%@`-?~ \\/=.()、，：；“”（）")),
        st.characters(codec="utf-8", categories=["L", "N", "P", "S", "Zs"]),
    ),
    min_size=1,
    max_size=30,
).filter(lambda note: command_problem(note) is None)  # `::x` is refused by the loader (and by set) on purpose

FLOW = "year: 2022\nactuals:\n  firms: {value: 20, note: old}   # c\n  loans: 6000\nmonths:\n  3: {firms: 8}\n"
BLOCK = "year: 2022\nactuals:\n  firms:\n    value: 20\n    note: old\n  loans: 6000\n"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(NOTES, st.sampled_from(["flow", "block", "new", "month"]))
def test_property_any_note_round_trips(tmp_path, note, where):
    """Whatever the note, the writer writes it so that it reads back as itself, every other line kept."""
    text = BLOCK if where == "block" else FLOW
    path = tmp_path / "2022.yaml"
    path.write_text(text, encoding="utf-8")
    f = YamlFile.read(path, "2022.yaml")
    at = {
        "flow": ("actuals", "firms", "note"),
        "block": ("actuals", "firms", "note"),
        "new": ("actuals", "loans"),
        "month": ("months", 3, "firms"),
    }[where]
    value = {"value": 7, "note": note} if where in ("new", "month") else note
    new = f.edit([Put(at, value)])  # raises EditRefused if the text cannot be written in place
    data = parse(new, "x")[0].data
    got = data
    for key in at:
        got = got[key]
    assert (got["note"] if isinstance(value, dict) else got) == note
    old_lines, new_lines = text.splitlines(), new.splitlines()
    assert len(old_lines) == len(new_lines)
    assert sum(a != b for a, b in zip(old_lines, new_lines, strict=True)) == 1


@given(NOTES)
def test_property_scalar_text_reads_back(note):
    assert parse(f"x: {scalar_text(note)}\n", "x")[0].data == {"x": note}
    assert parse(f"x: {{a: {scalar_text(note)}, b: 1}}\n", "x")[0].data == {"x": {"a": note, "b": 1}}
    assert parse(f"x: [{scalar_text(note)}, 1]\n", "x")[0].data == {"x": [note, 1]}


# ---- links and protected files (finding: set cut a symbolic link and overrode a read-only file) ----------


def test_symlink_inside_the_root_is_written_through(root, run_cli):
    path = root / "data" / "2022.yaml"
    kept = root / "shared" / "2022-统计.yaml"
    kept.parent.mkdir()
    path.rename(kept)
    path.symlink_to(os.path.join("..", "shared", "2022-统计.yaml"))
    result = run_cli("set", "firms", "25", "--year", "2022", "--root", str(root))
    assert result.exit_code == 0, result
    assert path.is_symlink()  # the user's link stays a link
    assert kept.read_text(encoding="utf-8") == OPEN_2022.replace("firms: 20 ", "firms: 25 ")
    assert not [p.name for p in kept.parent.iterdir() if p.name.endswith(".tmp")]


def test_symlink_out_of_the_root_is_refused(root, tmp_path, run_cli):
    path = root / "data" / "2022.yaml"
    outside = tmp_path / "elsewhere.yaml"
    path.rename(outside)
    path.symlink_to(outside)
    result = run_cli("set", "firms", "25", "--year", "2022", "--root", str(root))
    assert result.exit_code == 1, result
    assert "is a symbolic link to" in result.stderr
    assert "outside the data root" in result.stderr
    assert path.is_symlink()
    assert outside.read_text(encoding="utf-8") == OPEN_2022


def test_dangling_symlink_is_refused(root, tmp_path, run_cli):
    path = root / "data" / "2022.yaml"
    path.unlink()
    path.symlink_to(root / "data" / "gone.yaml")
    result = run_cli("set", "firms", "25", "--year", "2022", "--root", str(root))
    assert result.exit_code == 1, result
    assert "whose target does not exist" in result.stderr
    assert path.is_symlink() and not (root / "data" / "gone.yaml").exists()


def test_read_only_file_is_refused_and_kept(root, run_cli):
    path = root / "data" / "2022.yaml"
    path.chmod(0o444)
    try:
        result = run_cli("set", "firms", "25", "--year", "2022", "--root", str(root))
        assert result.exit_code == 1, result
        assert result.stderr.strip() == (
            "sciplan: error: data/2022.yaml is read-only; sciplan does not write into it "
            "(make it writable first); nothing written"
        )
        assert year_file(root) == OPEN_2022
        assert stat.S_IMODE(path.stat().st_mode) == 0o444
    finally:
        path.chmod(0o644)


def test_hard_linked_file_is_refused(root, tmp_path, run_cli):
    path = root / "data" / "2022.yaml"
    other = tmp_path / "copy.yaml"
    os.link(path, other)
    result = run_cli("set", "firms", "25", "--year", "2022", "--root", str(root))
    assert result.exit_code == 1, result
    assert "has 2 names (hard links)" in result.stderr
    assert os.stat(path).st_ino == os.stat(other).st_ino
    assert other.read_text(encoding="utf-8") == OPEN_2022


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_mode_kept(root, run_cli):
    path = root / "data" / "2022.yaml"
    path.chmod(0o640)
    assert run_cli("set", "firms", "25", "--year", "2022", "--root", str(root)).exit_code == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert "firms: 25 " in year_file(root)


def test_a_note_that_reads_as_a_ci_command_is_refused_and_nothing_written(root, run_cli):
    before = (root / "data" / "2022.yaml").read_bytes()
    result = run_cli("set", "firms", "25", "--year", "2022", "--note", "ok\n::error::pwn", "--root", str(root))
    assert result.exit_code == 1
    assert "starts a line with '::', which CI logs read as a workflow command" in result.stderr
    assert (root / "data" / "2022.yaml").read_bytes() == before
