"""Every command and format, on the demo root and on the test roots, gives exactly the output recorded
in tests/golden/ (issue 18: the packages were moved and the code reshaped under this test).

Each run's record holds the exit code, stdout's bytes and stderr; files a command writes (report, init,
new) are recorded too: text files as written, the Word file and the spreadsheet by the XML inside them
(their timestamps blanked), the HTML page with its vendored chart library replaced by its file name.
The root's path is written `{root}`.

A change that alters an output on purpose records the new outputs and commits them with the change:

    SCIPLAN_GOLDEN=record python -m pytest -q tests/test_golden.py

and the diff of tests/golden/ shows what changed for a user.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from conftest import BASE, CASES, REPO, build_root

GOLDEN = Path(__file__).parent / "golden"
RECORD = os.environ.get("SCIPLAN_GOLDEN") == "record"
VENDOR = REPO / "sciplan" / "report" / "vendor"
FORMATS = ("table", "markdown", "plain", "csv", "json")
INVALID = sorted(p.name for p in (CASES / "invalid").iterdir() if p.is_dir())


def _runs() -> list[tuple[str, str, list[str]]]:
    """(root, record name, arguments): the root is `demo`, `base` or `invalid/<case>`."""
    runs: list[tuple[str, str, list[str]]] = []

    def add(root: str, name: str, *args: str) -> None:
        runs.append((root, name, list(args)))

    for lang in ("en", "zh"):
        L = ("--lang", lang)
        for f in FORMATS:
            add("demo", f"{lang}-status-2022-{f}", "status", "2022", "-f", f, *L)
            add("demo", f"{lang}-indicators-{f}", "indicators", "-f", f, *L)
            add("demo", f"{lang}-trend-tech_contract_value-{f}", "trend", "tech_contract_value", "-f", f, *L)
            add("demo", f"{lang}-trend-hightech_new-months-{f}", "trend", "hightech_new", "--months", "-f", f, *L)
            add("demo", f"{lang}-plan-{f}", "plan", "-f", f, *L)
            add("demo", f"{lang}-compare-hightech_total-{f}", "compare", "hightech_total", "-f", f, *L)
            add("demo", f"{lang}-units-2022-{f}", "units", "2022", "-f", f, *L)
            add("base", f"{lang}-status-2021-{f}", "status", "2021", "-f", f, *L)
        for f in ("table", "json"):
            add("demo", f"{lang}-status-2021-{f}", "status", "2021", "-f", f, *L)
            add("demo", f"{lang}-status-2022-month-6-{f}", "status", "2022", "--month", "6", "-f", f, *L)
            add("demo", f"{lang}-status-2022-unit-{f}", "status", "2022", "--unit", "泰兴高新区", "-f", f, *L)
            add("demo", f"{lang}-trend-rd_intensity-{f}", "trend", "rd_intensity", "-f", f, *L)
            add("demo", f"{lang}-units-2021-{f}", "units", "2021", "-f", f, *L)
            add("base", f"{lang}-indicators-{f}", "indicators", "-f", f, *L)
            add("base", f"{lang}-trend-firms-{f}", "trend", "firms", "-f", f, *L)
            add("base", f"{lang}-plan-{f}", "plan", "-f", f, *L)
            add("base", f"{lang}-status-2020-{f}", "status", "2020", "-f", f, *L)
        add("demo", f"{lang}-status-2022-sort-status", "status", "2022", "--sort", "status", *L)
        add("demo", f"{lang}-status-2022-parts", "status", "2022", "--parts", *L)
        add("demo", f"{lang}-status-2022-fail-on", "status", "2022", "--fail-on", "short", "-f", "plain", *L)
        add("demo", f"{lang}-status-2022-month-3", "status", "2022", "--month", "3", *L)
        add("demo", f"{lang}-trend-from-to", "trend", "hightech_total", "--from", "2018", "--to", "2021", *L)
        add("demo", f"{lang}-plan-year-2021", "plan", "--year", "2021", *L)
        add("demo", f"{lang}-compare-tech_smes-year", "compare", "tech_smes", "--year", "2021", "--years", "1", *L)
        for f in ("text", "json", "github"):
            add("demo", f"{lang}-check-{f}", "check", "-f", f, *L)
            add("base", f"{lang}-check-{f}", "check", "-f", f, *L)
        add("demo", f"{lang}-check-strict", "check", "--strict", *L)
        add("demo", f"{lang}-schema-targets", "schema", "targets", *L)
        add("demo", f"{lang}-schema-data", "schema", "data", *L)
        add("demo", f"{lang}-report-2022", "report", "2022", "--out", "{root}/out", *L)
        add("demo", f"{lang}-report-2021", "report", "2021", "--out", "{root}/out", *L)
        add("base", f"{lang}-report-2021", "report", "2021", "--out", "{root}/out", *L)
        add("demo", f"{lang}-init-2023", "init", "2023", *L)
        add("demo", f"{lang}-new", "new", "{root}/fresh", "--region", "样例区", "--year", "2026", *L)
        add("base", f"{lang}-units-2021", "units", "2021", *L)
        add("base", f"{lang}-compare-firms", "compare", "firms", *L)
    for head in ("zh", "key"):
        add("demo", f"en-status-2022-csv-header-{head}", "status", "2022", "-f", "csv", "--header", head)
    add("demo", "en-status-2022-csv-bom", "status", "2022", "-f", "csv", "--bom")
    for enc in ("gbk", "gb18030"):
        add("demo", f"zh-status-2022-csv-{enc}", "status", "2022", "-f", "csv", "--encoding", enc, "--lang", "zh")
        add("demo", f"zh-indicators-csv-{enc}", "indicators", "-f", "csv", "--encoding", enc, "--lang", "zh")
    add("demo", "en-trend-unknown", "trend", "no_such_indicator")
    add("demo", "en-status-1999", "status", "1999")
    for case in INVALID:
        for f in ("text", "json", "github"):
            add(f"invalid/{case}", f"check-{f}", "check", "-f", f)
        add(f"invalid/{case}", "status-2021", "status", "2021")
        add(f"invalid/{case}", "status-2021-json", "status", "2021", "-f", "json")
    return runs


RUNS = _runs()


def _make_root(kind: str, dest: Path) -> Path:
    if kind == "demo":
        dest.mkdir()
        shutil.copyfile(REPO / "targets.yaml", dest / "targets.yaml")
        shutil.copytree(REPO / "data", dest / "data")
        return dest
    if kind == "base":
        return build_root(dest)
    return build_root(dest, CASES / kind)


def _vendored() -> dict[bytes, bytes]:
    return {p.read_bytes(): f"<<vendor/{p.name}>>".encode() for p in sorted(VENDOR.glob("*.js"))}


STAMP = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def _file_record(path: Path) -> bytes:
    """A written file as comparable bytes: zip packages by their parts, the HTML without the chart library."""
    data = path.read_bytes()
    if path.suffix in (".docx", ".xlsx"):
        parts = []
        with zipfile.ZipFile(path) as z:
            for info in sorted(z.infolist(), key=lambda i: i.filename):
                body = STAMP.sub(rb"\1(time)\2", z.read(info))
                if info.filename.endswith((".xml", ".rels")) and len(body) < 100_000:
                    parts.append(b"=== " + info.filename.encode() + b"\n" + body + b"\n")
                else:
                    digest = hashlib.sha256(body).hexdigest().encode()
                    parts.append(b"=== " + info.filename.encode() + b" sha256 " + digest + b"\n")
        return b"".join(parts)
    if path.name == ".sciplan-report":  # hashes of files that hold their writing time: names only
        return b"\n".join(sorted(re.findall(rb'"([^"]+)":', data))) + b"\n"
    for blob, name in _vendored().items():
        data = data.replace(blob, name)
    return data


def _record(root: Path, result, before: set[Path]) -> bytes:
    stdout = result.stdout_bytes
    stderr = result.stderr.encode("utf-8")
    out = [b"exit %d\n--- stdout ---\n" % result.exit_code, stdout, b"\n--- stderr ---\n", stderr]
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p not in before):
        out += [b"\n--- file " + path.relative_to(root).as_posix().encode() + b" ---\n", _file_record(path)]
    return b"".join(out).replace(str(root).encode(), b"{root}")


@pytest.mark.parametrize(("kind", "name", "args"), RUNS, ids=[f"{k}/{n}" for k, n, _ in RUNS])
def test_output_is_as_recorded(kind, name, args, tmp_path, run_cli, monkeypatch):
    """The run's exit code, stdout bytes, stderr and written files equal the recorded ones."""
    root = _make_root(kind, tmp_path / "root")
    monkeypatch.chdir(root)  # paths relative to the working folder (check -f github) are the same in every run
    before = {p for p in root.rglob("*") if p.is_file()}
    argv = [a.replace("{root}", str(root)) for a in args]
    if argv[0] not in ("new",):
        argv += ["--root", str(root)]
    result = run_cli(*argv)
    got = _record(root, result, before)
    assert b"Traceback" not in got, got.decode("utf-8", "replace")
    golden = GOLDEN / kind / f"{name}.txt"
    if RECORD:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(got)
        return
    assert golden.exists(), f"no recorded output {golden}: record it (see this module's docstring)"
    want = golden.read_bytes()
    if got != want:
        assert got.decode("utf-8", "replace") == want.decode("utf-8", "replace")
        assert got == want


def test_every_record_has_its_run():
    """No stale record: each file under tests/golden/ belongs to a run above (and the demo root is among them)."""
    names = {GOLDEN / k / f"{n}.txt" for k, n, _ in RUNS}
    stale = sorted(str(p.relative_to(GOLDEN)) for p in GOLDEN.rglob("*.txt") if p not in names)
    assert not stale, f"records without a run (delete them): {stale}"
    assert sum(1 for k, _, _ in RUNS if k == "demo") > 100
    assert BASE.is_dir()
