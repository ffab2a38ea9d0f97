"""An unexpected exception is a bug of sciplan's, not a problem of the data: one line that says so
(exit code 70 on the command line, a finding in `check`), the traceback only with SCIPLAN_DEBUG=1."""

from __future__ import annotations

import os

from sciplan.core.i18n import _

INTERNAL_ERROR = 70  # EX_SOFTWARE (sysexits.h): sciplan itself failed


def debugging() -> bool:
    """SCIPLAN_DEBUG=1: let the traceback of an unexpected exception through."""
    return os.environ.get("SCIPLAN_DEBUG", "") not in ("", "0")


def internal_error_text(exc: BaseException) -> str:
    what = " ".join(f"{type(exc).__name__}: {exc}".split())
    if len(what) > 200:
        what = what[:199] + "…"
    return _("internal error: {error} — please report it; SCIPLAN_DEBUG=1 shows the traceback").format(error=what)
