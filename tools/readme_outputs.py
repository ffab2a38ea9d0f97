"""Rewrite the outputs of README.md's and README.zh-CN.md's ```console blocks with what sciplan prints now.

    python tools/readme_outputs.py          # rewrite both files in place
    python tools/readme_outputs.py --check  # exit 1 when a block is stale (tests/test_docs.py checks too)

Runs each `$ sciplan …` the way tests/test_docs.py does (the repository root, no colour, 200 columns,
English for README.md and a Chinese locale for README.zh-CN.md), so a deliberate change of output is one
command, and the diff shows exactly which lines changed. A plain ``` block that starts with `$ sciplan import`
("Figures in") writes: it runs in a copy of the demo root (targets.yaml, data/, examples/), and shows stdout
then stderr as a terminal does (tests/test_readme_import.py checks it)."""

from __future__ import annotations

import os
import re
import shlex
import sys
from pathlib import Path

from typer.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
BLOCK = re.compile(r"(```console\n\$ (sciplan[^\n]*)\n)(.*?)(```)", re.S)
IMPORT_BLOCK = re.compile(r"(```\n\$ (sciplan import [^\n]*)\n)(.*?)(```)", re.S)


def output(command: str, lang: str, both: bool = False) -> str:
    from sciplan.cli import app
    from sciplan.core import i18n

    env = {"NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "200", "LANG": lang}
    for name in ("SCIPLAN_LANG", "LC_ALL", "LC_MESSAGES", "SCIPLAN_ROOT", "GITHUB_ACTIONS"):
        os.environ.pop(name, None)
    os.environ.update(env)
    i18n.set_language("en")
    result = CliRunner().invoke(app, shlex.split(command)[1:], catch_exceptions=False)
    if result.exit_code != 0:
        raise SystemExit(f"{command}: exit {result.exit_code}\n{result.stderr}")
    shown = result.stdout + (result.stderr if both else "")
    return "\n".join(line.rstrip() for line in shown.strip("\n").splitlines()) + "\n"


def import_output(command: str, lang: str) -> str:
    """What `sciplan import …` prints on a copy of the demo root (it writes: never into the repository)."""
    import shutil
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(REPO / "targets.yaml", Path(tmp) / "targets.yaml")
        for folder in ("data", "examples"):
            shutil.copytree(REPO / folder, Path(tmp) / folder)
        os.chdir(tmp)
        try:
            return output(command, lang, both=True)
        finally:
            os.chdir(REPO)


def main() -> int:
    check = "--check" in sys.argv[1:]
    os.chdir(REPO)
    stale = 0
    for name, lang in (("README.md", "C.UTF-8"), ("README.zh-CN.md", "zh_CN.UTF-8")):
        path = REPO / name
        text = path.read_text(encoding="utf-8")
        new = BLOCK.sub(lambda m, lang=lang: m.group(1) + output(m.group(2), lang) + m.group(4), text)
        new = IMPORT_BLOCK.sub(lambda m, lang=lang: m.group(1) + import_output(m.group(2), lang) + m.group(4), new)
        if new != text:
            stale += 1
            print(f"{name}: {'stale' if check else 'rewritten'}")
            if not check:
                path.write_text(new, encoding="utf-8")
    return 1 if check and stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
