"""What a command line hands a command's body, through typer and through cli/quick.py (the quick way
in, without typer): the tests of the quick way in (test_quick*.py) hold the two equal."""

from __future__ import annotations

import inspect
from types import ModuleType
from typing import Any

import pytest

from sciplan.cli import app, quick
from sciplan.core import i18n

# each body as the module defines it, kept before the first patch: a test that runs both ways patches
# the body twice, and the second patch must bind by the real signature, not the first patch's lambda
_BODIES: dict[tuple[str, str], Any] = {}


def captured(module: ModuleType, name: str, monkeypatch, run) -> tuple[Any, ...]:
    """What reached `module.name` (the command's body), the language it ran in and the exit code;
    None for the arguments when the run stopped before the body (by the same check, with the same code)."""
    got: list[tuple[Any, ...]] = []
    body = _BODIES.setdefault((module.__name__, name), getattr(module, name))
    bind = inspect.signature(body).bind
    monkeypatch.setattr(module, name, lambda *a, **k: got.append((bind(*a, **k).arguments, i18n.language())))
    i18n.set_language("en")
    code = run()
    assert len(got) <= 1, got
    if not got:
        return None, i18n.language(), code
    arguments, language = got[0]
    return tuple((key, type(value), value) for key, value in arguments.items()), language, code


def through_typer(module: ModuleType, name: str, args: list[str], monkeypatch) -> tuple[Any, ...]:
    return captured(module, name, monkeypatch, lambda: app(args, prog_name="sciplan", standalone_mode=False))


def through_quick(module: ModuleType, name: str, plain: quick.Plain, monkeypatch) -> tuple[Any, ...]:
    def run() -> object:
        with pytest.raises(SystemExit) as ended:
            quick.runner(plain)()
        return ended.value.code

    return captured(module, name, monkeypatch, run)
