"""Real git repositories in a temp folder, for the tests of flat, diff and history."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

GIT_ENV = {
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "张三",
    "GIT_AUTHOR_EMAIL": "zhang@example.org",
    "GIT_COMMITTER_NAME": "张三",
    "GIT_COMMITTER_EMAIL": "zhang@example.org",
    "GIT_TERMINAL_PROMPT": "0",
}


class Repo:
    """A git repository whose commits carry the dates given, so outputs can be written by hand."""

    def __init__(self, path: Path):
        self.path = path
        self.day = 0
        path.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")
        # its own HOME: no global configuration of the machine reaches the test
        (path.parent / "home").mkdir(exist_ok=True)

    def env(self) -> dict[str, str]:
        env = {**os.environ, **GIT_ENV, "HOME": str(self.path.parent / "home")}
        env.pop("GIT_DIR", None)
        return env

    def git(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["git", *args], cwd=self.path, env=self.env(), capture_output=True, text=True, check=check
        )

    def write(self, name: str, text: str) -> None:
        target = self.path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def commit(self, message: str, *, author: str | None = None, date: str | None = None) -> str:
        """Commit everything; the dates go up a day a commit from 2023-01-01 unless given."""
        self.day += 1
        when = date or f"2023-01-{self.day:02d}T10:00:00+08:00"
        env = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
        if author:
            env["GIT_AUTHOR_NAME"] = author
        self.git("add", "-A")
        subprocess.run(
            ["git", "commit", "-q", "-m", message],
            cwd=self.path,
            env={**self.env(), **env},
            check=True,
            capture_output=True,
        )
        return self.git("rev-parse", "--short", "HEAD").stdout.strip()

    def sciplan_textconv(self) -> None:
        """The README's one `git config` line, with this Python's sciplan."""
        self.git("config", "diff.sciplan.textconv", f'"{sys.executable}" -m sciplan flat --textconv')
