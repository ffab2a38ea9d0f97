"""Every terminal and stream a user may have: narrow windows (a real pseudo-terminal), invalid
COLUMNS, closed stdout or stderr, and encodings that lack characters (GBK, ASCII). Never a
traceback, and never a digit lost."""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import REPO

SCIPLAN = [sys.executable, "-m", "sciplan"]
DRIVER = Path(__file__).parent / "drive_cli.py"
ROOT = ["--root", str(REPO)]  # the demo root: Chinese names, estimates, computed values, peers, units
COMMANDS = [
    ["status", "2022"],
    ["trend", "hightech_total"],
    ["plan"],
    ["compare", "hightech_total"],
    ["units", "2022"],
    ["indicators"],
]
BROKEN_PIPE = "sciplan: error: output closed early (broken pipe)\n"
CLOSED = "sciplan: error: cannot write the output: standard output is closed\n"


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "PYTHONIO", "PYTHONUTF8"))}
    env.pop("COLUMNS", None)
    env.pop("LANG", None)
    env.update(extra)
    return env


def _drive(mode: str, runs: list[dict], tmp_path: Path, env: dict[str, str]) -> list[dict]:
    path = tmp_path / "runs.json"
    path.write_text(json.dumps(runs), encoding="utf-8")
    proc = subprocess.run([sys.executable, str(DRIVER), mode, str(path)], env=env, timeout=300, check=False)
    assert proc.returncode == 0
    return json.loads((tmp_path / "runs.json.out").read_text(encoding="utf-8"))


# ---- COLUMNS (issue 9 item 9) ------------------------------------------------------------------


@pytest.mark.parametrize("columns", ["", "abc", "8e1", "0", "-5", " "])
def test_a_columns_that_is_no_width_is_ignored(columns, run_cli, monkeypatch):
    """Piped output is laid out for 200 columns unless COLUMNS is a positive whole number."""
    monkeypatch.delenv("COLUMNS")
    unset = run_cli("status", "2022", *ROOT)
    monkeypatch.setenv("COLUMNS", columns)
    run = run_cli("status", "2022", *ROOT)
    assert run.exit_code == 0
    assert run.stdout == unset.stdout and "│ 有效期内国家高新技术企业 " in run.stdout


# ---- closed streams and pipes (items 10 and 16) ------------------------------------------------


def _closed(fd: int):
    return lambda: os.close(fd)


@pytest.mark.parametrize(
    "args", [[*c, *ROOT] for c in COMMANDS] + [["status", "2022", "-f", f, *ROOT] for f in ("csv", "json")]
)
def test_a_closed_stdout_is_one_line(args):
    """`sciplan status 2022 >&-`: writing the output fails as on a full disk: one line, exit 1."""
    proc = subprocess.run([*SCIPLAN, *args], stderr=subprocess.PIPE, text=True, preexec_fn=_closed(1), check=False)
    assert (proc.returncode, proc.stderr) == (1, CLOSED)


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["status", "--help"]])
def test_a_closed_stdout_for_help_and_version(args):
    proc = subprocess.run([*SCIPLAN, *args], stderr=subprocess.PIPE, text=True, preexec_fn=_closed(1), check=False)
    assert (proc.returncode, proc.stderr) == (1, CLOSED)


def test_check_writes_nothing_to_stdout_so_a_closed_stdout_is_fine():
    proc = subprocess.run(
        [*SCIPLAN, "check", *ROOT], stderr=subprocess.PIPE, text=True, preexec_fn=_closed(1), check=False
    )
    assert (proc.returncode, proc.stderr) == (0, "")


@pytest.mark.parametrize(("args", "code"), [(["status", "2099"], 1), (["status", "1800"], 2), (["trend", "nope"], 2)])
def test_with_stderr_closed_errors_never_go_to_stdout(args, code):
    proc = subprocess.run(
        [*SCIPLAN, *args, *ROOT], stdout=subprocess.PIPE, text=True, preexec_fn=_closed(2), check=False
    )
    assert (proc.returncode, proc.stdout) == (code, "")


@pytest.mark.parametrize("args", [["--help"], [], ["status", "--help"]])
def test_help_into_a_closed_pipe_is_141_like_every_command(args):
    """`sciplan --help | head -1`: the reader is gone before help is written (deterministically here)."""
    read, write = os.pipe()
    os.close(read)
    with subprocess.Popen([*SCIPLAN, *args], stdout=write, stderr=subprocess.PIPE, text=True) as proc:
        os.close(write)
        stderr = proc.stderr.read()
        proc.wait(timeout=60)
    assert (proc.returncode, stderr) == (141, BROKEN_PIPE)


def _help_commands() -> list[list[str]]:
    from sciplan.cli import app

    names = sorted(c.name or c.callback.__name__ for c in app.registered_commands if not c.hidden)
    return [["--help"], []] + [[name, "--help"] for name in names]


@pytest.mark.parametrize("args", _help_commands(), ids=" ".join)
def test_help_into_head_ends_quietly_like_status(args):
    """`sciplan --help | head -40` (issue 17): help was printed panel by panel, each flushed, and the
    reader was gone after its line: `output closed early` and exit 141, where `status | head -1`
    ends quietly. Held and written at once, help ends as a command's table does: nothing on stderr."""
    for _ in range(3):  # the pipe broke (almost) every time before the fix
        with subprocess.Popen([*SCIPLAN, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
            first = proc.stdout.readline()
            proc.stdout.close()
            stderr = proc.stderr.read().decode()
            proc.wait(timeout=60)
        assert first.strip() == b"" or b"sciplan" in first
        assert (proc.returncode, stderr) == (2 if not args else 0, ""), args


# ---- encodings (item 11) -----------------------------------------------------------------------

ENCODINGS = {
    "gbk": {"PYTHONIOENCODING": "gbk"},  # a Chinese Windows console redirected to a file
    "ascii": {"PYTHONIOENCODING": "ascii"},
    "latin-1": {"PYTHONIOENCODING": "latin-1"},
    "C locale": {"LC_ALL": "C", "PYTHONUTF8": "0"},
}
FORMATS = ["table", "plain", "markdown", "csv", "json"]


@pytest.fixture(scope="module")
def encoded(tmp_path_factory) -> dict[str, list[tuple[list[str], dict]]]:
    """Every command in every format, and check, under each encoding: one process per encoding."""
    runs = [{"args": [*c, "-f", f, *ROOT]} for c in COMMANDS for f in FORMATS]
    runs += [{"args": ["check", *ROOT]}, {"args": ["check", "-f", "json", *ROOT]}, {"args": ["schema", "targets"]}]
    out = {}
    for name, extra in ENCODINGS.items():
        results = _drive("file", runs, tmp_path_factory.mktemp("enc"), _env(**extra))
        out[name] = [(r["args"], result) for r, result in zip(runs, results, strict=True)]
    return out


@pytest.mark.parametrize("name", list(ENCODINGS))
def test_every_command_and_format_writes_in_any_encoding(name, encoded, run_cli):
    for args, result in encoded[name]:
        assert result["traceback"] == "", (args, result["traceback"])
        assert result["code"] == 0, args
        output = base64.b64decode(result["output"])
        if "csv" in args:  # CSV is UTF-8 by definition (--bom for Excel), whatever the terminal
            assert output.decode("utf-8") == run_cli(*args).stdout_bytes.decode("utf-8")
            continue
        text = output.decode(result["encoding"])  # exactly the stream's encoding
        if "json" in args or "schema" in args:  # \u escapes where the encoding lacks a character
            assert json.loads(text) == json.loads(run_cli(*args).stdout), args


def _output(encoded, name: str, args: list[str]) -> str:
    result = next(r for a, r in encoded[name] if a == [*args, *ROOT])
    return base64.b64decode(result["output"]).decode(result["encoding"])


def test_gbk_keeps_chinese_and_replaces_only_what_it_lacks(encoded):
    """GBK has Chinese, √ and × but not ✓ ✗ †: the scorecard stays Chinese, the marks become √ × ※."""
    table = _output(encoded, "gbk", ["status", "2022", "-f", "plain"])
    assert "泰兴市 · 2022 scorecard" in table  # GBK has the middle dot too
    assert "× short" in table and "√ met" in table and "2.58*※" in table
    assert "≥ 2.90" in table  # GBK has ≥: kept
    assert "?" not in table
    rich_table = _output(encoded, "gbk", ["status", "2022", "-f", "table"])
    assert "有效期内国家高新技术企业" in rich_table and "× short" in rich_table
    doc = _output(encoded, "gbk", ["status", "2022", "-f", "json"])
    assert '"region": "泰兴市"' in doc  # Chinese as written, not escaped


def test_ascii_gets_ascii_marks(encoded):
    table = _output(encoded, "ascii", ["status", "2022", "-f", "plain"])
    assert "x short" in table and "+ met" in table and ">= 2.90" in table and "2.58*#" in table
    doc = _output(encoded, "ascii", ["status", "2022", "-f", "json"])
    assert '"region": "\\u6cf0\\u5174\\u5e02"' in doc


@pytest.mark.parametrize("name", list(ENCODINGS))
def test_the_real_process_in_each_encoding(name):
    proc = subprocess.run(
        [*SCIPLAN, "status", "2022", *ROOT], capture_output=True, env=_env(**ENCODINGS[name]), check=False
    )
    assert proc.returncode == 0 and proc.stderr == b""
    assert "scorecard" in proc.stdout.decode({"C locale": "ascii"}.get(name, name))


# ---- narrow windows (item 3) -------------------------------------------------------------------

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")
_NUMBER = re.compile(r"(?<![0-9.,])[0-9][0-9,]*(?:\.[0-9]+)?")


def _normal(number: str) -> Decimal:
    return Decimal(number.replace(",", "")).normalize()


def _numbers(text: str) -> Counter:
    """Each number in `text`, as a value: `1,341` and `1341`, `2.50` and `2.5` are the same."""
    return Counter(_normal(m.group()) for m in _NUMBER.finditer(text))


def _shown_values(document: object) -> Counter:
    """The numbers every table shows whole (actuals, values, targets): those with at most two
    decimals, which every format shows exactly (longer ones are rounded for display)."""
    found: Counter = Counter()

    def walk(node: object, key: str = "") -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                if k != "text" or "value" not in node:  # a target's text and its value: shown once
                    walk(v, k)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif key in ("actual", "value", "latest_value") and isinstance(node, int | float) and node is not True:
            number = Decimal(repr(node)).normalize()
            if -number.as_tuple().exponent <= 2:
                found[number] += 1
        elif key == "text" and isinstance(node, str):  # a target as written, in `indicators`
            found.update(_numbers(node))

    walk(document)
    return found


def _check_digits(text: str, expected: Counter, where: str) -> None:
    shown = _numbers(text)
    missing = {n: c - shown[n] for n, c in expected.items() if shown[n] < c}
    assert not missing, f"{where}: numbers cut or missing: {missing}\n{text}"


def _pty_read(argv: list[str], width: int, env: dict[str, str], timeout: float = 300) -> str:
    """Run `argv` with stdout (and stdin) on a pseudo-terminal `width` columns wide; its output."""
    import fcntl
    import pty
    import select
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, width, 0, 0))
    with subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=subprocess.DEVNULL, env=env) as proc:
        os.close(slave)
        chunks = []
        while True:
            ready, _, _ = select.select([master], [], [], timeout)
            if not ready:
                proc.kill()
                raise AssertionError("no output: hung")
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the other side is closed
                break
            if not chunk:
                break
            chunks.append(chunk)
        proc.wait(timeout=timeout)
    os.close(master)
    assert proc.returncode == 0
    return _ANSI.sub("", b"".join(chunks).decode("utf-8")).replace("\r\n", "\n")


@pytest.mark.parametrize(("args", "width"), [(["trend", "hightech_total"], 22), (["status", "2022"], 20)])
def test_a_real_narrow_terminal_keeps_every_digit(args, width, run_cli):
    """`script -qc "stty cols 22; sciplan trend hightech_total"` printed 112, 146 and 183 as `1`."""
    out = _pty_read([*SCIPLAN, *args, *ROOT], width, _env(TERM="xterm"))
    _check_digits(out, _shown_values(json.loads(run_cli(*args, "-f", "json", *ROOT).stdout)), f"width {width}")
    if args[0] == "trend":
        assert all(f" {n} │" in out for n in ("112", "146", "183"))
    else:
        assert "地区生产" in out and "亿元" in out  # the names and the unit are there


@pytest.mark.parametrize("columns", range(20, 31))
def test_a_narrow_columns_keeps_numbers_names_and_units(columns, run_cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", str(columns))
    out = run_cli("status", "2022", *ROOT).stdout
    assert "1341.00*" in out and "34.60*" in out  # were `134` and `34.` at 20 columns
    assert "│ 地区生产" in out  # the Indicator column was empty at 30 columns or less
    assert "│ 亿元 │" in out


WIDTHS = list(range(1, 41)) + list(range(50, 201, 10))


def test_every_width_from_1_to_200_under_a_pseudo_terminal(tmp_path, run_cli):
    """Every command at every width (1–40, then every 10th to 200) in a real pseudo-terminal, in one
    process: no traceback, and every number the JSON has is in the table, whole."""
    commands = [*COMMANDS, ["check"], ["--lang", "zh", "status", "2022"]]  # Chinese last: it sets the language
    runs = [{"args": [*c, *ROOT], "width": w} for c in commands for w in WIDTHS]
    (tmp_path / "runs.json").write_text(json.dumps(runs), encoding="utf-8")
    out = _pty_read([sys.executable, str(DRIVER), "pty", str(tmp_path / "runs.json")], 80, _env(TERM="xterm"))
    results = json.loads((tmp_path / "runs.json.out").read_text(encoding="utf-8"))
    assert "Traceback" not in out
    assert [r["code"] for r in results] == [0] * len(runs)
    pieces = re.split(r"\n@@end \d+@@\n", out)
    assert len(pieces) == len(runs) + 1
    expected = {tuple(c): _shown_values(json.loads(run_cli(*c, "-f", "json", *ROOT).stdout)) for c in COMMANDS}
    card = json.loads(run_cli("status", "2022", "-f", "json", *ROOT).stdout)["indicators"]
    for run, text in zip(runs, pieces, strict=False):
        where = f"{run['args']} at {run['width']}"
        command = tuple(a for a in run["args"][: -len(ROOT)] if a not in ("--lang", "zh"))
        if command[0] != "check":
            _check_digits(text, expected[command], where)
        if command[0] == "status":  # names fold, four characters a line at the least; units stay
            table = text.split("\n\n", 1)[0]  # the table, not the sentences under it
            assert all(f"│ {ind['name'][:4]}" in table for ind in card), where
            assert all(f"│ {ind['unit']} " in table for ind in card), where
