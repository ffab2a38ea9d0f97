"""The data root as it stood at a git revision, read from git itself.

git runs as a subprocess: `rev-parse` and `ls-tree`/`ls-files` say which blobs make up the root at a
revision (or in the index), and one `git cat-file --batch` process reads all the blobs asked for. The
bytes go into a `sources.Snapshot`, so a revision is loaded by sciplan's own loader exactly as the
working tree is. Everything that can go wrong with git (not installed, not a repository, an unknown
revision, a shallow clone without the history asked for) is a `SciplanError` with one clear line.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import NamedTuple

from sciplan.core.i18n import _
from sciplan.core.problem import Problem, SciplanError, UsageError
from sciplan.store.snapshot import DATA, TARGETS, YAML, Snapshot, year_files

INDEX = ":index"  # the staged files (git's index), as a revision
FOLDER = "folder"  # in place of a blob hash: the path is a folder (a tree, a submodule) at that revision

# A repository's own config must run nothing of sciplan's reading: no fsmonitor hook (an index
# refresh runs it), no external diff, no pager; paths stay as written (Chinese file names).
_SAFE = ("-c", "core.quotepath=off", "-c", "core.fsmonitor=false", "-c", "diff.external=", "-c", "core.pager=cat")


class GitError(SciplanError):
    """git is missing, or the root is not in a repository: exit 1."""


class BadRevision(UsageError):
    """A revision git does not know: exit 2."""


class Entry(NamedTuple):
    path: str  # relative to the repository's top
    oid: str  # the blob's hash


class Repository:
    """The git repository a data root lies in."""

    def __init__(self, root: Path):
        self.root = root
        # one process for where the repository is, whether it is shallow, and HEAD (None before the
        # first commit): a `history` answered from the cache runs no other git
        done = self._run(("rev-parse", "--show-toplevel", "--is-shallow-repository", "HEAD"), cwd=root)
        lines = done.stdout.decode("utf-8", "surrogateescape").splitlines()
        if len(lines) < 2:
            self.run("rev-parse", "--show-toplevel", cwd=root, not_repo=True)  # says why, as git does
            reason = done.stderr.decode("utf-8", "replace").strip()
            raise GitError(_("git {command}: {reason}").format(command="rev-parse", reason=reason))
        top = lines[0]
        self.is_shallow = lines[1] == "true"
        self.head: str | None = lines[2] if done.returncode == 0 and len(lines) > 2 else None
        self.top = Path(top)
        try:
            relative = Path(os.path.realpath(root)).relative_to(os.path.realpath(top))
        except ValueError:  # pragma: no cover - git found the root inside its top
            relative = Path()
        self.prefix = "" if str(relative) in ("", ".") else relative.as_posix() + "/"
        self._blobs: dict[str, bytes] = {}

    # ---- running git ------------------------------------------------------------------------

    def run(self, *args: str, cwd: Path | None = None, not_repo: bool = False, input: bytes | None = None) -> str:
        """git's output; GitError when git is missing or fails (BadRevision is raised by callers)."""
        done = self._run(args, cwd=cwd, input=input)
        if done.returncode != 0:
            message = done.stderr.decode("utf-8", "replace").strip().splitlines()
            reason = message[-1] if message else f"git {args[0]} failed"
            if not_repo or "not a git repository" in reason:
                raise GitError(
                    _("{root} is not in a git repository; the history of the data is git's (git init)").format(
                        root=cwd or self.root
                    )
                )
            raise GitError(_("git {command}: {reason}").format(command=args[0], reason=reason.removeprefix("fatal: ")))
        return done.stdout.decode("utf-8", "surrogateescape")

    def _run(self, args: tuple[str, ...], *, cwd: Path | None = None, input: bytes | None = None):
        env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
        try:
            return subprocess.run(
                ["git", *_SAFE, *args],
                cwd=cwd or self.top,
                input=input,
                capture_output=True,
                env=env,
                check=False,
            )
        except FileNotFoundError:
            raise GitError(
                _("git is not installed (or not on PATH); sciplan reads the data's history from it")
            ) from None
        except OSError as exc:
            raise GitError(_("cannot run git: {reason}").format(reason=exc.strerror or exc)) from None

    def shallow(self) -> bool:
        return self.is_shallow

    def commit(self, revision: str) -> str:
        """The full hash of the commit `revision` names; BadRevision when there is none."""
        if revision.startswith("-") or not revision.strip():
            raise BadRevision(_("{rev!r} is not a revision").format(rev=revision))
        done = self._run(("rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"))
        if done.returncode != 0:
            hint = ""
            if self.shallow():
                hint = _("; this clone is shallow and may lack it: git fetch --unshallow")
            raise BadRevision(_("unknown revision {rev!r}").format(rev=revision) + hint)
        return done.stdout.decode().strip()

    # ---- blobs --------------------------------------------------------------------------------

    def blobs(self, oids: list[str]) -> dict[str, bytes]:
        """The contents of the blobs, read by one `git cat-file --batch` (those read before are kept)."""
        wanted = [o for o in dict.fromkeys(oids) if o not in self._blobs]
        if wanted:
            out = self._batch(wanted)
            self._blobs.update(out)
        return {o: self._blobs[o] for o in oids if o in self._blobs}

    def _batch(self, names: list[str]) -> dict[str, bytes]:
        done = self._run(("cat-file", "--batch"), input="".join(n + "\n" for n in names).encode())
        if done.returncode != 0:
            raise GitError(_("git cat-file: {reason}").format(reason=done.stderr.decode("utf-8", "replace").strip()))
        out, data, at = {}, done.stdout, 0
        for name in names:
            end = data.index(b"\n", at)
            header = data[at:end].decode("utf-8", "surrogateescape").split(" ")
            at = end + 1
            if header[-1] == "missing" or len(header) != 3:
                continue
            size = int(header[2])
            if header[1] == "blob":
                out[name] = data[at : at + size]
            at += size + 1
        return out

    def object_ids(self, names: list[str]) -> dict[str, str]:
        """The blob hash of each `REV:path` (absent when the path is not there, FOLDER when it is a
        folder there), by one process."""
        done = self._run(("cat-file", "--batch-check"), input="".join(n + "\n" for n in names).encode())
        out = {}
        for name, line in zip(names, done.stdout.decode("utf-8", "surrogateescape").splitlines(), strict=False):
            parts = line.split(" ")
            if len(parts) == 3 and parts[1] == "blob":
                out[name] = parts[0]
            elif len(parts) == 3 and parts[1] in ("tree", "commit"):
                out[name] = FOLDER
        return out

    # ---- the root at a revision ---------------------------------------------------------------

    def entries(self, commit: str) -> tuple[Entry | None, list[Entry], bool]:
        """targets.yaml and the YAML files in data/ at a commit (or INDEX), and whether data/ exists."""
        targets_path, data_path = self.prefix + TARGETS, self.prefix + DATA + "/"
        if commit == INDEX:
            out = self.run("ls-files", "-s", "-z", "--", targets_path, data_path)
            rows = [(line.split("\t", 1)[0].split(" "), line.split("\t", 1)[1]) for line in out.split("\0") if line]
            listed = [(info[1], path) for info, path in rows if info[2] in ("0", "2")]  # a conflict: ours
            # the index lists files, not folders: data/2022.yaml/a means data/2022.yaml is a folder
            inside = {
                data_path + p[len(data_path) :].split("/", 1)[0]
                for _o, p in listed
                if p.startswith(data_path) and "/" in p[len(data_path) :]
            }
            listed += [(FOLDER, p) for p in sorted(inside) if p.lower().endswith(YAML)]
        else:
            out = self.run("ls-tree", "-z", commit, "--", targets_path, data_path)
            rows = [(line.split("\t", 1)[0].split(" "), line.split("\t", 1)[1]) for line in out.split("\0") if line]
            listed = [(info[2] if info[1] == "blob" else FOLDER, path) for info, path in rows]
        targets = next((Entry(p, o) for o, p in listed if p == targets_path and o != FOLDER), None)
        data = [
            Entry(p, o)
            for o, p in listed
            if p.startswith(data_path) and "/" not in p[len(data_path) :] and p.lower().endswith(YAML)
        ]
        return targets, data, any(p.startswith(data_path) for _o, p in listed)

    def snapshot(self, commit: str, label: str) -> tuple[Snapshot, tuple[str, ...]]:
        """The root at a commit (or INDEX) as a Snapshot, and the blob hashes it is made of (a cache
        key). GitError when there is no targets.yaml there."""
        targets, data, has_data = self.entries(commit)
        if targets is None:
            raise GitError(_("{file} did not exist at {rev}").format(file=self.prefix + TARGETS, rev=label))
        blobs = self.blobs([targets.oid] + [e.oid for e in data if e.oid != FOLDER])
        files: dict[str, bytes | object] = {TARGETS: blobs.get(targets.oid, b"")}
        names = tuple(sorted(e.path[len(self.prefix + DATA) + 1 :] for e in data))
        by_name = {e.path[len(self.prefix + DATA) + 1 :]: e for e in data}
        for _year, name in year_files(names)[0]:
            oid = by_name[name].oid
            # a year file that is a folder (or a submodule) at this commit: the working tree's own words
            files[f"{DATA}/{name}"] = (
                Problem(f"{DATA}/{name}", 1, 1, "error", "unreadable", _("is a folder, not a file"))
                if oid == FOLDER
                else blobs.get(oid, b"")
            )
        oids = (targets.oid, *(f"{e.path}={e.oid}" for e in sorted(data)))
        return Snapshot(files, names if has_data else None), oids  # type: ignore[arg-type]
