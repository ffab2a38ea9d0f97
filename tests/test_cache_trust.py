"""Issue 9: the cache is never stale, never runs code, and no file or folder breaks it.

Each test pins one way it went wrong: a file changed while it was read (A -> B -> A), an entry
planted in the cache folder, a huge file read for the key, names that are not UTF-8, a pipe
reported as a folder, an unreadable folder, a cache folder in the wrong place.
"""

from __future__ import annotations

import io
import json
import os
import pickle
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import build_root
from sciplan.app.loader import load_checked
from sciplan.store import cache

SCIPLAN = [sys.executable, "-m", "sciplan"]
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("SCIPLAN_CACHE_DIR", str(folder))
    return folder


def firms(run_cli, root) -> int:
    result = run_cli("status", "2021", "--root", str(root), "-f", "json")
    assert result.exit_code == 0, result
    return json.loads(result.stdout)["indicators"][0]["actual"]


# ---- 1. one read per file: the key and the result describe the same bytes ---------------------


def test_a_file_flipping_while_it_is_loaded_is_never_served_stale(base_root, cache_dir, monkeypatch, run_cli):
    """A writer replaces data/2021.yaml (firms 86 <-> 999) right after every time sciplan opens it,
    as a loop of renames would. Reading twice (once for the key, once to parse) would store 999
    under the key of 86, and serve it once the file says 86 again. Read once, the entry is 86's."""
    path = base_root / "data" / "2021.yaml"
    a = path.read_bytes()
    b = a.replace(b"firms: 86", b"firms: 999")
    assert a != b
    real_io_open, real_os_open = io.open, os.open
    opened = []

    def flip() -> None:  # a rename over the file: whoever opened it keeps reading the old one
        tmp = str(path) + ".tmp"
        fd = real_os_open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.write(fd, b if len(opened) % 2 else a)
        os.close(fd)
        os.replace(tmp, path)

    def ours(file) -> bool:
        return not isinstance(file, int) and os.fspath(file) == str(path)

    def io_open(file, *args, **kwargs):
        f = real_io_open(file, *args, **kwargs)
        if ours(file):
            opened.append(file)
            flip()
        return f

    def os_open(file, *args, **kwargs):
        fd = real_os_open(file, *args, **kwargs)
        if ours(file):
            opened.append(file)
            flip()
        return fd

    monkeypatch.setattr(io, "open", io_open)
    monkeypatch.setattr(os, "open", os_open)
    project, _ = load_checked(base_root)  # first open reads A (86), then the file says 999
    assert project.years[2021].actuals["firms"].value == 86
    assert len(opened) == 1  # the file was read once: hashed and parsed from the same bytes
    monkeypatch.undo()
    monkeypatch.setenv("SCIPLAN_CACHE_DIR", str(cache_dir))
    path.write_bytes(a)  # back to A
    assert firms(run_cli, base_root) == 86
    path.write_bytes(b)
    assert firms(run_cli, base_root) == 999
    path.write_bytes(a)
    assert firms(run_cli, base_root) == 86


def test_check_of_a_broken_file_is_never_the_cached_pass(base_root, cache_dir, run_cli):
    """The issue's second symptom: `check` passed on a file holding `xx` after a flip."""
    path = base_root / "data" / "2021.yaml"
    good = path.read_text(encoding="utf-8")
    assert run_cli("check", "--root", str(base_root)).exit_code == 0
    path.write_text(good.replace("firms: 86", "firms: xx"), encoding="utf-8")
    assert run_cli("check", "--root", str(base_root)).exit_code == 1
    path.write_text(good, encoding="utf-8")
    assert run_cli("check", "--root", str(base_root)).exit_code == 0


# ---- 2. entries are data, never code -----------------------------------------------------------


class _Payload:
    """Unpickling this creates the marker file: code run from the cache."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def _entry_names(root: Path) -> list[str]:
    from _blake2 import blake2b

    name = blake2b(str(root.resolve()).encode(), digest_size=16).hexdigest()
    return [f"{name}.{part}.{ext}" for part in ("problems", "project") for ext in ("pickle", "cache")]


def test_a_planted_pickle_runs_nothing(base_root, cache_dir, tmp_path, run_cli):
    marker = tmp_path / "pwned"
    cache_dir.mkdir(mode=0o700)
    for name in _entry_names(base_root):  # every name an entry of this root has had
        (cache_dir / name).write_bytes(pickle.dumps((b"sciplan-cache-1", "x", _Payload(marker))))
        (cache_dir / name).chmod(0o600)
    assert run_cli("check", "--root", str(base_root)).exit_code == 0
    assert firms(run_cli, base_root) == 86
    assert not marker.exists()


def test_a_planted_entry_with_the_right_key_runs_nothing(base_root, cache_dir, tmp_path, run_cli):
    """Even with the right magic, key and hash (a CI cache restored from another branch), the
    payload is decoded as plain data: neither a pickle nor a code object can run."""
    import marshal

    from sciplan.store.snapshot import snapshot

    marker = tmp_path / "pwned"
    fingerprint = cache.key(snapshot(base_root))
    code = compile(f"open({str(marker)!r}, 'w').close()", "evil", "exec")
    payloads = [pickle.dumps(_Payload(marker)), marshal.dumps(code), marshal.dumps((code,)), marshal.dumps({1: code})]
    cache_dir.mkdir(mode=0o700)
    for payload in payloads:
        for part in ("problems", "project"):
            entry = cache._entry(base_root, part)
            assert entry is not None and entry.parent == cache_dir
            head = cache.MAGIC + bytes.fromhex(fingerprint) + cache._check(payload)
            entry.write_bytes(head + payload)
            entry.chmod(0o600)
            assert cache.read(base_root, part, fingerprint) is None
        assert run_cli("check", "--root", str(base_root)).exit_code == 0
        assert firms(run_cli, base_root) == 86
        assert not marker.exists()


def _forge(root: Path, fingerprint: str) -> None:
    """Valid entries of `root` under its key, saying firms is 999."""
    from sciplan.app.loader import load_project
    from sciplan.core.records import Actual

    project = load_project(root)
    forged = project.years[2021]._replace(actuals={**project.years[2021].actuals, "firms": Actual(999)})
    project.years[2021] = forged
    cache.write(root, "project", fingerprint, (project, []))


def test_an_entry_others_could_write_is_ignored(base_root, cache_dir, run_cli):
    from sciplan.store.snapshot import snapshot

    fingerprint = cache.key(snapshot(base_root))
    _forge(base_root, fingerprint)
    entry = cache._entry(base_root, "project")
    assert firms(run_cli, base_root) == 999  # the forgery is well-formed: read as it stands
    _forge(base_root, fingerprint)
    entry.chmod(0o666)  # group- and world-writable: anyone could have put it there
    assert firms(run_cli, base_root) == 86
    _forge(base_root, fingerprint)
    cache_dir.chmod(0o777)  # a shared folder: neither read nor written
    assert firms(run_cli, base_root) == 86
    assert cache.read(base_root, "project", fingerprint) is None


@pytest.mark.skipif(not AS_ROOT, reason="giving a file to another user needs root")
def test_an_entry_owned_by_another_user_is_ignored(base_root, cache_dir, run_cli):
    from sciplan.store.snapshot import snapshot

    fingerprint = cache.key(snapshot(base_root))
    _forge(base_root, fingerprint)
    os.chown(cache._entry(base_root, "project"), 12345, -1)
    assert firms(run_cli, base_root) == 86
    _forge(base_root, fingerprint)
    os.chown(cache_dir, 12345, -1)
    assert firms(run_cli, base_root) == 86


def test_the_cache_folder_is_private(base_root, cache_dir, run_cli):
    firms(run_cli, base_root)
    assert cache_dir.stat().st_mode & 0o777 == 0o700
    entries = list(cache_dir.iterdir())
    assert len(entries) == 2 and all(e.stat().st_mode & 0o777 == 0o600 for e in entries)
    assert all(e.read_bytes().startswith(cache.MAGIC) for e in entries)


@pytest.mark.parametrize("small", [True, False], ids=["read whole", "read by parts"])
def test_a_damaged_entry_is_ignored_before_it_is_decoded(small, base_root, cache_dir, run_cli, monkeypatch):
    """Also an entry read by parts (a province's): its checksum is taken over the whole file first."""
    if not small:
        monkeypatch.setattr(cache, "SMALL", 0)
    firms(run_cli, base_root)
    entry = cache._entry(base_root, "project")
    data = bytearray(entry.read_bytes())
    data[-5] ^= 0xFF  # one flipped bit deep in the packed values: the hash of the payload differs
    entry.write_bytes(bytes(data))
    assert firms(run_cli, base_root) == 86


# ---- 7. the size limit applies before anything is read ----------------------------------------


def test_a_huge_file_is_refused_without_being_read(base_root, cache_dir, monkeypatch, run_cli):
    path = base_root / "data" / "2022.yaml"
    with open(path, "wb") as f:
        f.truncate(3 * 1024**3)  # 3 GB, sparse
    real_io_open, real_os_open = io.open, os.open

    def refuse(real):
        def opener(file, *args, **kwargs):
            if not isinstance(file, int) and os.fspath(file) == str(path):
                raise AssertionError("the 3 GB file was opened")
            return real(file, *args, **kwargs)

        return opener

    monkeypatch.setattr(io, "open", refuse(real_io_open))
    monkeypatch.setattr(os, "open", refuse(real_os_open))
    start = time.monotonic()
    result = run_cli("check", "--root", str(base_root))
    assert time.monotonic() - start < 10  # reading it took 36 s
    assert result.exit_code == 1
    assert "data/2022.yaml:1:1: error[too-large]: file is over 67108864 bytes" in result.stderr


# ---- 8. names that are not UTF-8 ---------------------------------------------------------------


@pytest.mark.skipif(sys.platform == "win32" or sys.platform == "darwin", reason="needs bytes file names")
def test_a_file_name_that_is_not_utf8_breaks_nothing(base_root, cache_dir, run_cli):
    gbk = os.fsdecode("数据".encode("gbk") + b".yaml")  # a GBK name from a Windows zip
    (base_root / "data" / gbk).write_text("year: 2020\n", encoding="utf-8")
    (base_root / "data" / os.fsdecode("说明".encode("gbk") + b".txt")).write_text("x", encoding="utf-8")
    for _ in range(2):  # filling the cache, then served from it
        result = run_cli("check", "--root", str(base_root))
        assert result.exit_code == 1
        assert result.stderr.splitlines()[0] == (
            r"data/\xca\xfd\xbe\xdd.yaml:1:1: error[file-name]: data files are named by year, "
            r"e.g. data/2021.yaml; rename \xca\xfd\xbe\xdd.yaml"
        )
        assert run_cli("check", "--root", str(base_root), "-f", "json").exit_code == 1
        assert run_cli("status", "2021", "--root", str(base_root)).exit_code == 1
    (base_root / "data" / gbk).unlink()
    assert firms(run_cli, base_root) == 86  # a non-YAML file with such a name is simply not data
    proc = subprocess.run([*SCIPLAN, "status", "2021", "--root", str(base_root)], capture_output=True, check=False)
    assert proc.returncode == 0 and b"Traceback" not in proc.stderr


# ---- 13. each kind of file that is not a file gets its own true message -----------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes and symbolic links")
def test_what_replaces_a_data_file_is_reported_as_what_it_is(base_root, cache_dir, run_cli):
    path = base_root / "data" / "2021.yaml"
    path.unlink()

    def said() -> str:
        result = run_cli("check", "--root", str(base_root))
        assert result.exit_code == 1
        return result.stderr.splitlines()[0]

    prefix = "data/2021.yaml:1:1: error[unreadable]: "
    path.mkdir()
    assert said() == prefix + "is a folder, not a file"
    path.rmdir()
    os.mkfifo(path)
    assert said() == prefix + "is a named pipe (FIFO), not a file"
    path.unlink()
    path.symlink_to("2021-old.yaml")
    assert said() == prefix + "is a symbolic link to 2021-old.yaml whose target does not exist"
    path.unlink()
    path.symlink_to("2021.yaml")
    assert said() == prefix + "is a symbolic link that leads back to itself (a loop); point it at a file"
    path.unlink()
    path.symlink_to(os.devnull)
    assert said() == prefix + "is a device, not a file"
    path.unlink()
    path.mkdir()  # and back: never the message of what was there before
    assert said() == prefix + "is a folder, not a file"


# ---- 14. an unreadable folder is named, with the true reason ------------------------------------


def test_an_unreadable_data_folder_is_located(base_root, cache_dir, monkeypatch, run_cli):
    """Simulated (root reads any folder): listing data/ fails with EACCES."""
    real = os.scandir
    data = str(base_root / "data")

    def scandir(path="."):
        if os.fspath(path) == data:
            raise PermissionError(13, "Permission denied", data)
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    for args in (["check"], ["status", "2021"], ["trend", "firms"]):
        result = run_cli(*args, "--root", str(base_root))
        assert result.exit_code == 1, result
        assert "data:1:1: error[unreadable]: cannot read the folder: Permission denied" in result.stderr
        assert "cannot write the output" not in result.stderr


def test_an_unreadable_root_is_located(base_root, cache_dir, monkeypatch, run_cli):
    real = os.stat
    targets = str(base_root / "targets.yaml")

    def deny(path, *args, **kwargs):  # a root without search permission: nothing inside can be stat'ed
        if os.fspath(path) == targets:
            raise PermissionError(13, "Permission denied", targets)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", deny)
    result = run_cli("status", "2021", "--root", str(base_root))
    assert result.exit_code == 1
    assert result.stderr == f"sciplan: error: {base_root}: cannot read the folder: Permission denied\n"


@pytest.mark.skipif(AS_ROOT or not hasattr(os, "geteuid"), reason="root reads folders whatever their mode")
def test_chmod_000_folders_are_located(tmp_path):
    root = build_root(tmp_path / "root")
    env = {**os.environ, "SCIPLAN_CACHE_DIR": str(tmp_path / "cache")}
    (root / "data").chmod(0)
    try:
        proc = subprocess.run(
            [*SCIPLAN, "check", "--root", str(root)], capture_output=True, text=True, env=env, check=False
        )
        assert proc.returncode == 1
        assert "data:1:1: error[unreadable]: cannot read the folder: Permission denied" in proc.stderr
    finally:
        (root / "data").chmod(0o755)
    root.chmod(0)
    try:
        proc = subprocess.run(
            [*SCIPLAN, "check", "--root", str(root)], capture_output=True, text=True, env=env, check=False
        )
        assert (proc.returncode, proc.stderr) == (
            1,
            f"sciplan: error: {root}: cannot read the folder: Permission denied\n",
        )
    finally:
        root.chmod(0o755)


# ---- 15. where entries go ------------------------------------------------------------------------


def test_a_relative_xdg_cache_home_is_ignored(base_root, tmp_path, monkeypatch, run_cli):
    home = tmp_path / "home"
    monkeypatch.delenv("SCIPLAN_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", "cache")  # relative: the XDG spec says ignore it
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(base_root)
    assert firms(run_cli, base_root) == 86
    assert not (base_root / "cache").exists()
    assert len(list((home / ".cache" / "sciplan").iterdir())) == 2  # the default place instead
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.folder() == tmp_path / "xdg" / "sciplan"


@pytest.mark.parametrize("home", ["", None, "relative", "/"])
def test_without_a_home_there_is_no_cache(base_root, tmp_path, monkeypatch, run_cli, home):
    monkeypatch.delenv("SCIPLAN_CACHE_DIR")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    if home is None:
        monkeypatch.delenv("HOME", raising=False)
    else:
        monkeypatch.setenv("HOME", home)
    monkeypatch.chdir(tmp_path)
    assert cache.folder() is None  # never /.cache, never a folder relative to where sciplan runs
    assert firms(run_cli, base_root) == 86
    assert sorted(p.name for p in tmp_path.iterdir()) == ["root"]


def test_entries_are_never_written_inside_the_data_root(base_root, monkeypatch, run_cli):
    monkeypatch.setenv("SCIPLAN_CACHE_DIR", str(base_root / ".cache"))
    assert firms(run_cli, base_root) == 86
    assert not (base_root / ".cache").exists()
    monkeypatch.setenv("SCIPLAN_CACHE_DIR", "relative-cache")
    monkeypatch.chdir(base_root)
    assert firms(run_cli, base_root) == 86
    assert not (base_root / "relative-cache").exists()


# ---- speed: the warm path imports neither pydantic nor PyYAML ------------------------------------


def test_a_warm_run_parses_nothing(tmp_path):
    root = build_root(tmp_path / "root")
    env = {**os.environ, "SCIPLAN_CACHE_DIR": str(tmp_path / "cache"), "NO_COLOR": "1"}
    for args in (["status", "2021"], ["check"]):
        argv = [sys.executable, "-X", "importtime", "-m", "sciplan", *args, "--root", str(root)]
        subprocess.run(argv, capture_output=True, env=env, check=True)
        warm = subprocess.run(argv, capture_output=True, text=True, env=env, check=True)
        imported = {line.split("|")[-1].strip() for line in warm.stderr.splitlines() if "|" in line}
        assert "sciplan.store.cache" in imported
        assert not {"pydantic", "yaml", "sciplan.validate.schema", "sciplan.load.parser"} & imported
