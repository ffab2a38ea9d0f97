"""The read commands' quick way in: a plain command line of status, indicators, trend, plan, compare or
units (and of set and check) is read here and the command run without importing typer (its import and the
building of every command from its signature were a third of a warm run on the demo, more than all of
sciplan's own work).

Plain means: the command name first, then its arguments and options spelled exactly as --help shows them
(`--month 9`, `--month=9`, `-f json`), each option once, every value one the command accepts. Anything
else — help, --version, an unknown or repeated option, a value out of range or of another case, `--`, a
value that starts with `-`, an empty one, shell completion, Windows (where click expands wildcards) — is
left to typer, which reads it as always and words what is wrong. So a command line read here gets exactly
the values typer would give (tests/test_quick.py holds this table to typer's own declarations and compares
the two readings over many command lines), and the same command body runs (reading.py).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from enum import Enum
from pathlib import Path
from typing import Any, NamedTuple

from sciplan.cli.shared import CheckFormat, CsvEncoding, CsvHeader, Output, OutputFormat, SortOrder, Where, call

FLAG = "flag"  # an option without a value: True when given
TEXT = "text"  # any text (not empty, not starting with "-")
PATH = "path"  # a path, as TEXT
YEAR = (1900, 2200)  # a whole number in this range (inclusive)
MONTH = (1, 12)

Kind = str | tuple[int, int] | type[Enum]


class Command(NamedTuple):
    """A read command's command line: its arguments in order (name, kind, required), its own options
    (spelling -> (parameter, kind)) and their defaults."""

    arguments: tuple[tuple[str, Kind, bool], ...]
    options: Mapping[str, tuple[str, Kind]]
    defaults: Mapping[str, Any]


# The options of every view command (options.py's `Output` bundle), and `--lang` (helptext.py), whose
# value was used already by the time a command runs (i18n.startup_language).
SHARED: Mapping[str, tuple[str, Kind]] = {
    "--root": ("root", PATH),
    "--no-cache": ("no_cache", FLAG),
    "--format": ("fmt", OutputFormat),
    "-f": ("fmt", OutputFormat),
    "--bom": ("bom", FLAG),
    "--header": ("header", CsvHeader),
    "--encoding": ("encoding", CsvEncoding),
}
SHARED_DEFAULTS: Mapping[str, Any] = {
    "root": None,
    "no_cache": False,
    "fmt": OutputFormat.table,
    "bom": False,
    "header": None,
    "encoding": None,
}
LANG = "--lang"
ROOT_ENV = "SCIPLAN_ROOT"  # --root's environment variable (click reads it when it is set and not empty)

COMMANDS: Mapping[str, Command] = {
    "status": Command(
        (("year", YEAR, True),),
        {
            "--sort": ("sort", SortOrder),
            "--fail-on": ("fail_on", TEXT),
            "--unit": ("unit", TEXT),
            "--parts": ("parts", FLAG),
            "--month": ("month", MONTH),
            "--by": ("by", TEXT),
        },
        {"sort": SortOrder.catalogue, "fail_on": None, "unit": None, "parts": False, "month": None, "by": None},
    ),
    "indicators": Command((), {}, {}),
    "trend": Command(
        (("indicator", TEXT, True), ("month_year", YEAR, False)),
        {"--months": ("months", FLAG), "--from": ("start", YEAR), "--to": ("end", YEAR)},
        {"month_year": None, "months": False, "start": None, "end": None},
    ),
    "plan": Command((("plan_id", TEXT, False),), {"--year": ("year", YEAR)}, {"plan_id": None, "year": None}),
    "compare": Command(
        (("indicator", TEXT, True),),
        {"--year": ("year", YEAR), "--years": ("years", (1, 50)), "--month": ("month", MONTH)},
        {"year": None, "years": 3, "month": None},
    ),
    "units": Command(
        (("year", YEAR, True), ("indicator", TEXT, False)),
        {"--month": ("month", MONTH)},
        {"indicator": None, "month": None},
    ),
}


# The commands that take `Where`'s options only, read the same way: `set`, which writes a figure (writing.py
# holds its body), and `check` (checking.py).
WHERE: Mapping[str, tuple[str, Kind]] = {"--root": ("root", PATH), "--no-cache": ("no_cache", FLAG)}
WHERE_DEFAULTS: Mapping[str, Any] = {"root": None, "no_cache": False}
WRITING: Mapping[str, Command] = {
    "set": Command(
        (("indicator", TEXT, True), ("value", TEXT, True)),
        {
            "--year": ("year", YEAR),  # required: no default below
            "-y": ("year", YEAR),
            "--month": ("month", MONTH),
            "-m": ("month", MONTH),
            "--unit": ("unit", TEXT),
            "--peer": ("peer", TEXT),
            "--note": ("note", TEXT),
            "--source": ("source", TEXT),
            "--stage": ("stage", TEXT),
            "--dry-run": ("dry_run", FLAG),
            "-n": ("dry_run", FLAG),
        },
        {"month": None, "unit": None, "peer": None, "note": None, "source": None, "stage": None, "dry_run": False},
    ),
    "check": Command(
        (),
        {"--strict": ("strict", FLAG), "--format": ("fmt", CheckFormat), "-f": ("fmt", CheckFormat)},
        {"strict": False, "fmt": None},
    ),
}
BODIES = {"set": ("writing", "set_figure"), "check": ("checking", "check")}  # module of sciplan.cli, function


class Plain(NamedTuple):
    """A command line read here: the command, its parameters as typer hands them to the command, and the
    interface language."""

    command: str
    given: dict[str, Any]
    language: str


class _NotPlain(Exception):
    """The command line is left to typer."""


def _value(kind: Kind, text: str) -> Any:
    if not text or text.startswith("-"):
        raise _NotPlain
    if kind == TEXT:
        return text
    if kind == PATH:
        return Path(text)
    if isinstance(kind, tuple):
        low, high = kind
        if not (text.isascii() and text.isdigit()) or not low <= int(text) <= high:
            raise _NotPlain
        return int(text)
    assert isinstance(kind, type)
    if text not in {member.value for member in kind}:
        raise _NotPlain  # another case or an unknown choice: typer says which are allowed
    return kind(text)


def parse(args: list[str], env: Mapping[str, str] | None = None) -> Plain | None:
    """`args` (the command line after `sciplan`) read as typer reads it, or None when it is not plain."""
    env = os.environ if env is None else env
    if os.name == "nt" or "_SCIPLAN_COMPLETE" in env or not args or args[0] not in {*COMMANDS, *WRITING}:
        return None
    writes = args[0] in WRITING
    command = WRITING[args[0]] if writes else COMMANDS[args[0]]
    options = {**(WHERE if writes else SHARED), **command.options}
    given: dict[str, Any] = {**(WHERE_DEFAULTS if writes else SHARED_DEFAULTS), **command.defaults}
    seen: set[str] = set()  # the parameters given
    positional: list[str] = []
    rest = iter(args[1:])
    try:
        for token in rest:
            if not token.startswith("-"):
                positional.append(token)
                continue
            name, equals, attached = token.partition("=")
            parameter, kind = options.get(name) or ((LANG, TEXT) if name == LANG else ("", ""))
            if not parameter or parameter in seen or (equals and not name.startswith("--")):
                raise _NotPlain  # unknown, repeated, or `-f=json` (to click, the value "=json")
            seen.add(parameter)
            if kind == FLAG:
                if equals:
                    raise _NotPlain
                given[parameter] = True
                continue
            value = _value(kind, attached if equals else next(rest, ""))
            if parameter != LANG:
                given[parameter] = value
        if len(positional) > len(command.arguments):
            raise _NotPlain
        for i, (parameter, kind, required) in enumerate(command.arguments):
            if i < len(positional):
                given[parameter] = _value(kind, positional[i])
            elif required:
                raise _NotPlain
        if any(parameter not in given for parameter, _kind in command.options.values()):
            raise _NotPlain  # a required option (set's --year) not given: typer says so
    except _NotPlain:
        return None
    if "root" not in seen and env.get(ROOT_ENV):
        given["root"] = Path(env[ROOT_ENV])
    from sciplan.core import i18n

    try:
        language = i18n.startup_language(list(args), env)
    except i18n.BadLanguage:
        return None
    return Plain(args[0], given, language)


def runner(plain: Plain) -> Callable[..., None]:
    """What process.run() runs for a plain command line: the command's body (reading.py) with the shared
    options bundled as typer's commands get them (shared.call), ended by the exit code, as typer's app
    ends."""

    def run(prog_name: str = "sciplan") -> None:
        from sciplan.cli.process import internal_error
        from sciplan.core import i18n

        i18n.set_language(plain.language)
        try:
            if plain.command in WRITING:
                from importlib import import_module

                module, body = BODIES[plain.command]
                call(getattr(import_module(f"sciplan.cli.{module}"), body), {"where": Where}, dict(plain.given))
            else:
                from sciplan.cli import reading

                call(getattr(reading, plain.command), {"out": Output}, dict(plain.given))
            code = 0
        except (SystemExit, KeyboardInterrupt, OSError):
            raise  # process.run() ends these as it ends them from typer
        except Exception as exc:
            typer = sys.modules.get("typer")  # a process that imported typer already (tests): its Exit
            if typer is not None and isinstance(exc, typer.Exit):
                code = exc.exit_code
            else:  # a bug: one line, exit 70, as click's run ends it (process.usage_errors)
                code = internal_error(exc)
        sys.exit(code)

    return run
