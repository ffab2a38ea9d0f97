"""Folders of a root that sciplan reads or writes (data/, report/ …), never through a link out of it.

A repository may hold `report -> ~/.ssh` or `data -> /etc`, committed by anyone; a CI job or a
colleague running `sciplan report 2022` would then write (or read) there while sciplan prints
`wrote report/…`. A folder that lies inside the root by name must stay inside it once every link on
its way is followed; a folder the user names outside the root (`--out /tmp/x`) is theirs to choose.
"""

from __future__ import annotations

import os
from pathlib import Path

from sciplan.core.i18n import _
from sciplan.core.problem import SciplanError


class OutsideRoot(SciplanError):
    pass


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def leads_out(root: Path, place: Path) -> str | None:
    """Where `place` really is, when it enters `root` and a symbolic link on its way then leads out
    of it; None when it stays inside, or never was inside (a folder named elsewhere)."""
    real_root = os.path.realpath(root)
    here = os.path.join(os.getcwd(), place) if not os.path.isabs(place) else str(place)
    head, *parts = Path(here).parts
    prefix = head
    entered = _within(os.path.realpath(prefix), real_root)
    linked = False
    for part in parts:
        if part == ".." and not linked:  # no link on the way yet: `..` goes where it reads (`--out ../x`
            prefix = os.path.dirname(prefix)  # from the root names a folder outside it, the user's to choose)
            entered = _within(os.path.realpath(prefix), real_root)
            continue
        # after a link `..` is left to the kernel's reading: it goes elsewhere than it reads
        prefix = os.path.join(prefix, part)
        linked = linked or os.path.islink(prefix)
        real = os.path.realpath(prefix)
        if _within(real, real_root):
            entered = True
        elif entered:
            return os.path.realpath(here)
    return None


def refuse_outside(root: Path, place: Path, shown: str) -> None:
    """`OutsideRoot` (a located message about `shown`) when `place` leads out of `root` through a link."""
    target = leads_out(root, place)
    if target is not None:
        message = _("{folder}: is a symbolic link to {target}, outside the data root; sciplan writes no file there")
        raise OutsideRoot(message.format(folder=shown, target=target))


def check_out_folder(folder: Path, root: Path | None) -> None:
    """The report's folder can be written: not a file (nor a file on its way), and, with `root`, not a
    folder of the root that a link takes out of it. Raises before anything is written."""
    for place in (folder, *folder.parents):
        if place == Path(place.anchor) or not os.path.lexists(place):
            continue
        if os.path.isdir(place):
            break
        if os.path.islink(place) and not os.path.exists(place):
            message = _("{place} is a symbolic link whose target does not exist; give a folder to write into")
        elif place == folder:
            message = _("{place} is a file, not a folder; give a folder to write into (it is made if missing)")
        else:
            message = _("{out}: {place} is a file, not a folder; give a folder to write into")
        raise OutsideRoot(message.format(out=folder, place=place))
    if root is not None:
        refuse_outside(root, folder, str(folder))
