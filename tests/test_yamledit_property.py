"""Issue 20's property of the span writer, for the edits tests/test_yamledit.py's property does not draw: a
figure written as a mapping (`{value: …, note: …}`), a field set inside a figure's flow mapping (a key added
to a flow mapping nested in a block one), and the month roll-over as `set` and `import` make it (the figures
as of as_of moved under `months: 6:`, each commented key left as null, as_of moved on) — on random year files
in every style (block and flow, comments, CRLF, a byte-order mark, Chinese keys and notes), with both proofs
(the whole file parsed again, and entry by entry). Each time: the re-parse equals the intent, no line outside
the edited entries changes, and a change on disk after the read is refused."""

from __future__ import annotations

import difflib
import os
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_yamledit import IDS, NOTES, NUMBERS, REGIONS, year_files

from sciplan.app.recording import _roll_over
from sciplan.load.parser import parse
from sciplan.store import yamledit
from sciplan.store.yamledit import ChangedOnDisk, EditRefused, Put, Verbatim, YamlFile

SOURCES = st.sampled_from(["2022年工作总结", "统计局月报", "source: 表3"])
EXAMPLES = int(os.environ.get("SCIPLAN_EXAMPLES", "150"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def read_back(value: Any) -> Any:
    """What sciplan's reader makes of a value written: a signed number is text to it (the value language
    reads it), a Verbatim copy is what it was copied from."""
    if isinstance(value, Verbatim):
        return value.data
    if isinstance(value, dict):
        return {k: read_back(v) for k, v in value.items()}
    if isinstance(value, Decimal) and format(value, "f").startswith("-"):
        return format(value, "f")
    return value


def write_file(tmp_path, sample) -> tuple[YamlFile, bytes]:
    text, _nl, bom = sample
    raw = ("\ufeff" if bom else "").encode() + text.encode("utf-8")
    path = tmp_path / "2022.yaml"
    path.write_bytes(raw)
    return YamlFile.read(path, "2022.yaml"), raw


def proven_and_written(f: YamlFile, raw: bytes, sample, edits, expected, may_change) -> None:
    """The edits made and proven, the re-parse equal to `expected`, every old line the diff changes one that
    `may_change` allows, the line ends and mark kept, a change on disk refused, then the write."""
    text, nl, bom = sample
    try:
        new = f.edit(edits)
    except EditRefused as exc:
        pytest.fail(f"refused: {exc}")
    assert parse(new, "x")[0].data == expected
    old_lines, new_lines = text.split(nl), new.split(nl)
    for tag, i1, i2, _j1, _j2 in difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes():
        for line in old_lines[i1:i2] if tag in ("replace", "delete") else ():
            assert line == "" or may_change(line), line
    assert "\r" not in new.replace("\r\n", "") and (nl == "\r\n") == ("\r\n" in new or "\n" not in new)
    f.path.write_bytes(raw + b"# x\n")  # another editor saved meanwhile
    with pytest.raises(ChangedOnDisk):
        f.write(new)
    assert f.path.read_bytes() == raw + b"# x\n"
    f.path.write_bytes(raw)
    f.write(new)
    assert f.path.read_bytes() == ("\ufeff" if bom else "").encode() + new.encode("utf-8")


@pytest.fixture(params=[200_000, 0], ids=["whole-file proof", "entry-by-entry proof"])
def proof(request):
    yamledit.WHOLE_FILE_PROOF = request.param
    yield
    yamledit.WHOLE_FILE_PROOF = 200_000


@SETTINGS
@given(year_files(), st.data())
def test_figures_as_mappings_and_their_fields(tmp_path, proof, sample, data):
    f, raw = write_file(tmp_path, sample)
    old = parse(sample[0], "x")[0].data
    actuals = old.get("actuals") or {}
    edits, expected = [], {k: (dict(v) if isinstance(v, dict) else v) for k, v in old.items()}
    expected["actuals"] = {k: (dict(v) if isinstance(v, dict) else v) for k, v in actuals.items()}
    for k in data.draw(st.lists(st.sampled_from(IDS), unique=True, min_size=1, max_size=4)):
        if isinstance(actuals.get(k), dict) and data.draw(st.booleans()):  # a field of a figure's mapping
            field, value = data.draw(
                st.one_of(st.tuples(st.just("value"), NUMBERS), st.tuples(st.just("source"), SOURCES))
            )
            edits.append(Put(("actuals", k, field), value))
            expected["actuals"][k][field] = read_back(value)
        else:  # a figure with its note: replaces a number, a mapping, or is added
            value = {"value": data.draw(NUMBERS), "note": data.draw(NOTES)}
            edits.append(Put(("actuals", k), value))
            expected["actuals"][k] = read_back(value)
    edited = {e.path[1] for e in edits}

    def may_change(line: str) -> bool:  # the edited figures' lines, or a flow `actuals: {…}` line
        stripped = line.strip()
        return stripped.startswith("actuals:") or any(stripped.startswith(f"{k}:") for k in edited)

    proven_and_written(f, raw, sample, edits, expected, may_change)


def commented_above(text: str, nl: str, key: str) -> bool:
    """The oracle of `comment_above`, from the text alone: a block entry `  key:` right under a comment line."""
    lines = text.split(nl)
    for n, line in enumerate(lines):
        if line.startswith(f"  {key}:") and n > 0:
            return lines[n - 1].strip().startswith("#")
    return False


@SETTINGS
@given(year_files(), st.sets(st.sampled_from(IDS), max_size=3))
def test_roll_over_moves_the_figures_under_their_month(tmp_path, proof, sample, being_set):
    """As `set --month 9` on a year as of June: actuals' figures go under `months: 6:` (copied as written,
    a comment after a figure with it), a key with a comment line above it stays as null, the others go,
    and as_of becomes 2022-09-30 — each figure being set stays in actuals, replaced in place."""
    text, nl, _bom = sample
    f, raw = write_file(tmp_path, sample)
    old = parse(text, "x")[0].data
    being = {("actuals", k) for k in being_set}
    edits = [*_roll_over(f, old, 6, being), Put(("as_of",), "2022-09-30")]
    edits += [Put(("actuals", k), Decimal(9)) for k in sorted(being_set)]
    # the intent, worked out from the old data alone
    expected = {k: v for k, v in old.items()}
    months = {m: dict(v) for m, v in (old.get("months") or {}).items()}
    june = dict(months.get(6) or {})
    actuals: dict[str, Any] = {}
    for k, v in (old.get("actuals") or {}).items():
        if v is not None and k not in june:
            june[k] = v  # moved, as written
        if k in being_set:
            actuals[k] = v  # replaced below, in its place
        elif v is None or commented_above(text, nl, k):
            actuals[k] = None  # the comment above names it: it stays, not reported as of September
    for k in sorted(being_set):
        actuals[k] = Decimal(9)
    if june:
        months[6] = june
    expected["actuals"] = actuals
    if months:
        expected["months"] = months
    expected["as_of"] = "2022-09-30"
    for section in ("peers", "units"):  # a peer's figures as of June go under its months: 6: too
        names = old.get(section)
        if not isinstance(names, dict):
            continue
        moved = {n: dict(v) for n, v in names.items()}
        by_month = {m: {n: dict(v) for n, v in at.items()} for m, at in (moved.pop("months", None) or {}).items()}
        for name, values in list(moved.items()):
            there = by_month.setdefault(6, {}).setdefault(name, {})
            for k, v in values.items():
                if v is not None and k not in there:
                    there[k] = v
            moved[name] = {k: None for k, v in values.items() if v is None}  # flow entries: no comment above
            if not there:
                del by_month[6][name]
        if by_month.get(6) == {}:
            del by_month[6]
        expected[section] = moved | ({"months": by_month} if by_month else {})

    def may_change(line: str) -> bool:  # as_of's line, the figures' lines, June's entry; no comment line
        stripped = line.strip()
        if stripped.startswith(("#", "year:", "peers:", "months:")):
            return False
        moving = ("as_of:", "actuals:", "6:", *(f"{r}:" for r in REGIONS), *(f"{k}:" for k in IDS))
        return stripped.startswith(moving)

    proven_and_written(f, raw, sample, edits, expected, may_change)
