"""Runs many sciplan commands in one process, so a test can sweep widths or encodings quickly.

    python drive_cli.py pty RUNS.json   stdout is a pseudo-terminal: each run is set to its width
                                        (TIOCSWINSZ) and followed by an end line on stdout
    python drive_cli.py file RUNS.json  stdout is a fresh file per run, in the encoding this
                                        interpreter chose for its own stdout (PYTHONIOENCODING, LC_ALL)

RUNS.json holds [{"args": [...], "width": N}, ...]; the results (exit code, traceback, and in `file`
mode the bytes written) go to RUNS.json + ".out". stdout is set up as `sciplan` sets up its own.
"""

from __future__ import annotations

import base64
import fcntl
import io
import json
import struct
import sys
import tempfile
import termios
import traceback


def run_one(args: list[str]) -> tuple[int, str]:
    from sciplan.cli import app

    try:
        code = app(args, prog_name="sciplan", standalone_mode=False)  # click returns the exit code
    except SystemExit as exc:
        code = exc.code
    except Exception:  # what the test looks for: the traceback a user would have seen
        return 1, traceback.format_exc()
    return code if isinstance(code, int) else 0, ""


def main() -> None:
    from sciplan.cli import process

    mode, path = sys.argv[1], sys.argv[2]
    with open(path, encoding="utf-8") as f:
        runs = json.load(f)
    results = []
    if mode == "pty":
        process.buffered_stdout()
        for i, run in enumerate(runs):
            fcntl.ioctl(1, termios.TIOCSWINSZ, struct.pack("HHHH", 50, run["width"], 0, 0))
            code, trace = run_one(run["args"])
            sys.stdout.write(trace)
            sys.stdout.write(f"\n@@end {i}@@\n")
            sys.stdout.flush()
            results.append({"code": code, "traceback": trace})
    else:
        encoding, errors = sys.stdout.encoding, sys.stdout.errors
        for run in runs:
            with tempfile.TemporaryFile() as file:
                # unbuffered, as under `python -u`: buffered_stdout rewraps it, as it does for sciplan
                plain = io.TextIOWrapper(io.FileIO(file.fileno(), "w", closefd=False), encoding, errors)
                sys.stdout = plain  # `plain` is kept: freeing it would close the file under the new wrapper
                process.buffered_stdout()
                code, trace = run_one(run["args"])
                try:
                    sys.stdout.flush()
                except Exception:
                    trace += traceback.format_exc()
                file.seek(0)
                output = file.read()
            results.append(
                {"code": code, "traceback": trace, "output": base64.b64encode(output).decode(), "encoding": encoding}
            )
    with open(path + ".out", "w", encoding="utf-8") as f:
        json.dump(results, f)


if __name__ == "__main__":
    main()
