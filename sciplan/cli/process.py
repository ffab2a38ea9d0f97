"""The process around the command line: what ends a run becomes one line on stderr and an exit code.

Exit codes: 0 ok; 1 data problems or an output that cannot be written; 2 usage errors; 70 an internal
error (a bug: one line, the traceback with SCIPLAN_DEBUG=1); 130 Ctrl-C; 141 the reader closed the pipe
early (as a shell reports a command killed by SIGPIPE). Never a traceback, never a hang.
"""

import contextlib
import errno
import io
import os
import re
import sys
from collections.abc import Callable, Iterator

from sciplan.core.i18n import N_, _
from sciplan.core.internal import INTERNAL_ERROR, debugging, internal_error_text
from sciplan.core.problem import InvalidData, Problem, SciplanError, errors

_said = {"interrupted": False}  # whether the one line for Ctrl-C was printed already


@contextlib.contextmanager
def reporting() -> Iterator[None]:
    """Turn what stops a run into one line on stderr and an exit code; never a traceback."""
    try:
        yield
    except SciplanError as exc:
        print_warnings(exc.warnings)  # those found before it stopped (sciplan.api)
        stopped(exc)
    except KeyboardInterrupt:
        _said["interrupted"] = True
        fail(_("interrupted"), 130)
    except BrokenPipeError:
        raise ended(broken_pipe()) from None
    except OSError as exc:
        if getattr(exc, "filename", None) is not None:  # a file of ours, not the output
            raise
        raise ended(output_failed(exc)) from None


def ended(code: int) -> BaseException:
    """What ends a command with exit code `code`: typer's Exit, which click turns into the exit code, or
    where the command runs without typer (quick.py: typer is not imported), SystemExit, which run() turns
    into the same code."""
    typer = sys.modules.get("typer")
    return typer.Exit(code) if typer is not None else SystemExit(code)


def stopped(exc: SciplanError) -> None:
    """What stopped the run, in one line (invalid data: its errors first) and its exit code."""
    if isinstance(exc, InvalidData):
        print_problems(errors(exc.problems))
        internal = any(p.code == "internal-error" for p in exc.problems)  # a rule failed: a bug of ours
        fail(
            _("{reason}; `sciplan check` lists every problem").format(reason=exc),
            INTERNAL_ERROR if internal else exc.exit_code,
        )
    from sciplan.cli.errors import worded

    fail(worded(exc), exc.exit_code)


def internal_error(exc: BaseException) -> int:
    """One line for an unexpected exception (the traceback with SCIPLAN_DEBUG=1), exit code 70."""
    if debugging():
        import traceback

        traceback.print_exception(exc, file=sys.stderr)
    print("sciplan: " + internal_error_text(exc), file=sys.stderr)
    return INTERNAL_ERROR


# click's usage messages, in sciplan's words (click's text where none fits)
_CLICK_WORDS = (
    (re.compile(r"Missing argument '(?P<name>[^']+)'\.?"), N_("{name} is missing")),
    (
        re.compile(r"Invalid value for .*?: '(?P<value>.*)' is not a valid (?:int range|integer range|integer)\.?"),
        N_("{name}: {value!r} is not a whole number"),
    ),
    (
        re.compile(
            r"Invalid value for .*?: (?P<value>\S+) is not in the range (?P<low>-?[0-9]+)<=x<=(?P<high>-?[0-9]+)\.?"
        ),
        N_("{name}: {value} is outside {low}–{high}"),
    ),
    (
        re.compile(r"Invalid value for .*?: '(?P<value>.*)' is not one of (?P<choices>.*?)\.?"),
        N_("{name}: {value!r} is not one of {choices}"),
    ),
    (
        re.compile(
            r"No such option: (?P<name>\S+?)(?: \((?:Possible options|Did you mean):? (?P<hint>[^)]*?)\??\))?\.?"
        ),
        N_("no option {name}"),
    ),
    (  # typer 0.26 (the floor) passes click a tuple: No such option: --bogus ('(Possible options: --bom)',)
        re.compile(
            r"No such option: (?P<name>\S+?) \('\((?:Possible options|Did you mean):? (?P<hint>[^)]*?)\??\)',\)\.?"
        ),
        N_("no option {name}"),
    ),
    (
        re.compile(r"No such command '(?P<name>[^']+)'\.(?: Did you mean '(?P<hint>[^']+)'\?)?"),
        N_("no command {name!r}"),
    ),
    (
        re.compile(r"Got unexpected extra argument(?:s|\(s\))? \((?P<value>.*)\)\.?"),
        N_("unexpected extra argument(s): {value}"),
    ),
    (re.compile(r"Option '(?P<name>[^']+)' requires an argument\.?"), N_("option {name} needs a value")),
)


def usage_words(message: str, param: object) -> str:
    """click's `message` about `param` in sciplan's words, on one line: `YEAR: 'abc' is not a whole number`."""
    for pattern, words in _CLICK_WORDS:
        found = pattern.fullmatch(message)
        if found is None:
            continue
        fields = found.groupdict()
        opts = getattr(param, "opts", None) or []
        if "name" not in fields:
            named = opts[0] if getattr(param, "param_type_name", "") == "option" and opts else None
            fields["name"] = named or getattr(param, "human_readable_name", None) or "?"
        if fields.get("choices"):
            fields["choices"] = fields["choices"].replace("'", "")
        text = _(words).format(**fields)
        if fields.get("hint"):
            text += _(" (did you mean {hint}?)").format(hint=fields["hint"])
        return text
    return message


def fail(message: str, code: int) -> None:
    """One line on stderr, in the diagnostics' style (`error[usage]` for a usage error), and exit."""
    kind = "error[usage]" if code == 2 else "error"
    print(f"sciplan: {kind}: {' '.join(message.split())}", file=sys.stderr)
    raise ended(code)


def usage_errors(main: Callable[..., object], standalone_mode: bool, *args: object, **kwargs: object) -> object:
    """Run click's `main` so that its own usage errors (a missing argument, a bad option value, an
    unknown command) end like sciplan's: `sciplan: error[usage]: …` and a hint line, exit 2, never
    a boxed panel. `--help` is untouched."""
    import typer

    try:
        from typer._click import exceptions as click
    except ImportError:  # pragma: no cover - typer releases that use click itself
        from click import exceptions as click  # type: ignore[no-redef]

    try:
        result = main(*args, standalone_mode=False, **kwargs)
        code = result if isinstance(result, int) else 0
    except click.NoArgsIsHelpError:  # `sciplan` alone: the help was printed
        code = 2
    except click.UsageError as exc:
        line = usage_words(" ".join(exc.format_message().split()), getattr(exc, "param", None))
        if exc.ctx is not None:
            line = _("{message}; see `{command} --help`").format(message=line, command=exc.ctx.command_path)
        print(f"sciplan: error[usage]: {line}", file=sys.stderr)
        code = 2
    except click.ClickException as exc:
        print(f"sciplan: error: {' '.join(exc.format_message().split())}", file=sys.stderr)
        code = exc.exit_code
    except typer.Abort:  # end of input at a prompt
        code = 1
    except OSError:  # writing the output failed: run() says so (exit 1, or 141 for a broken pipe)
        raise
    except SystemExit as exc:  # click ends a broken pipe outside a command (--version) with a silent exit 1
        context = exc.__context__
        if not (isinstance(context, OSError) and context.errno == errno.EPIPE):
            raise
        code = broken_pipe()
    except Exception as exc:  # a bug: not "your data has problems" (1), and no traceback unless asked
        code = internal_error(exc)
    if not standalone_mode:
        return code
    sys.exit(code)


def print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)


def print_warnings(problems: list[Problem]) -> None:
    """A command's warnings (sciplan.api's `Table.problems`) on stderr: a file left unread in one line
    (`sciplan: warning: …`: it has no line to point at), the others located as `check` prints them."""
    for problem in problems:
        if problem.code == "not-read":
            print(f"sciplan: warning: {problem.message}", file=sys.stderr)
        else:
            print(problem, file=sys.stderr)


def output_failed(exc: OSError) -> int:
    if isinstance(exc, BrokenPipeError):
        return broken_pipe()
    _silence_stdout()
    reason = _("cannot write the output: {reason}").format(reason=exc.strerror or exc)
    print(f"sciplan: error: {reason}", file=sys.stderr)
    return 1


BROKEN_PIPE = 141  # as a shell reports a command killed by SIGPIPE


def broken_pipe() -> int:
    """The reader went away (`sciplan status 2022 | head -1`): stop writing, say so once, and return
    the exit code. Every command ends a broken pipe here, whichever layer met it."""
    _silence_stdout()
    with contextlib.suppress(OSError, ValueError):  # `2>&1 | head`: stderr went away as well
        print("sciplan: error: " + _("output closed early (broken pipe)"), file=sys.stderr)
    return BROKEN_PIPE


_dropped: list[object] = []  # streams replaced after they failed: freeing one would flush it again


def _silence_stdout() -> None:
    """Whatever is still buffered for stdout goes nowhere, so the last flush cannot fail again."""
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return
    _dropped.append(sys.stdout)
    sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives as long as the process


class _ClosedOutput(io.RawIOBase):
    """Standard output when it was closed (`sciplan status 2022 >&-`): writing it fails, as it would
    on any file that cannot be written, so the run ends with one line and exit 1."""

    def writable(self) -> bool:
        return True

    def write(self, data: object) -> int:
        raise OSError(errno.EBADF, "standard output is closed")


def _closed_streams() -> None:
    """Python sets sys.stdout or sys.stderr to None when the shell closed them. Hold their file
    descriptors on /dev/null, so a file opened later never becomes fd 1 or 2; an error line then goes
    nowhere rather than into stdout (print(file=None) writes to stdout)."""
    for fd, name in ((1, "stdout"), (2, "stderr")):
        if getattr(sys, name) is not None:
            continue
        with contextlib.suppress(OSError):
            os.fstat(fd)
            continue
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), fd)
        if name == "stdout":
            sys.stdout = io.TextIOWrapper(io.BufferedWriter(_ClosedOutput()), encoding="utf-8", line_buffering=True)
        else:
            sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives as long as the process


def buffered_stdout() -> None:
    """Under `python -u` or PYTHONUNBUFFERED, stdout writes straight to the file, and a write the
    pipe takes only in part is silently cut short. A buffered writer finishes every write or fails.
    Characters the stream's encoding lacks (✓ in GBK, Chinese in ASCII) become stand-ins, never a
    UnicodeEncodeError (sciplan.render.encoding)."""
    import sciplan.render.encoding  # noqa: F401 - registers the "sciplan" error handler

    raw = getattr(sys.stdout, "buffer", None)
    if isinstance(raw, io.FileIO):
        sys.stdout = io.TextIOWrapper(
            io.BufferedWriter(raw), encoding=sys.stdout.encoding, errors="sciplan", line_buffering=True
        )
    elif isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="sciplan")


class _HeldWriter(io.BufferedWriter):
    """Standard output that keeps what is written until `release`: help is printed panel by panel,
    each flushed, so `sciplan --help | head -40` met a reader gone after its 40th line (a broken
    pipe); held, help goes out in one write, as a command's table does, and ends as quietly."""

    holding = True

    def flush(self) -> None:
        if not self.holding:
            super().flush()

    def release(self) -> None:
        self.holding = False
        super().flush()


def _hold_stdout() -> None:
    raw = getattr(sys.stdout, "buffer", None)
    raw = getattr(raw, "raw", raw)
    if not isinstance(raw, io.FileIO):
        return  # not a file (a test's capture): nothing to hold
    sys.stdout.flush()
    _dropped.append(sys.stdout)  # freed, it would close the file the held writer writes
    sys.stdout = io.TextIOWrapper(
        _HeldWriter(raw, buffer_size=1 << 20), encoding=sys.stdout.encoding, errors="sciplan", line_buffering=False
    )


def _release_stdout() -> None:
    held = getattr(sys.stdout, "buffer", None)
    sys.stdout.flush()
    if isinstance(held, _HeldWriter):
        held.release()


def _rich_broken_pipe(argv: list[str]) -> None:
    """typer prints --help through rich, which ends a broken pipe with a silent exit 1: raise it
    instead, so help piped into a reader already gone ends like every command (exit 141, one line);
    help is written at once (_HeldWriter), so `--help | head -40` ends quietly, as `status | head -1`."""
    if argv and not {"-h", "--help"} & set(argv):
        return  # rich is imported only to print help: keep other runs' start-up lean
    _hold_stdout()
    from rich.console import Console

    def on_broken_pipe(self: Console) -> None:
        raise BrokenPipeError

    Console.on_broken_pipe = on_broken_pipe  # type: ignore[method-assign]


def run(app: Callable[..., object]) -> None:
    """Run the typer `app` and end the process with its exit code, whatever happened."""
    _closed_streams()
    buffered_stdout()
    _rich_broken_pipe(sys.argv[1:])
    try:
        app(prog_name="sciplan")
        code: object = 0
    except KeyboardInterrupt:  # outside a command: typer itself turns one inside into exit 130
        code = 130
    except SystemExit as exc:
        code = exc.code
    except OSError as exc:  # writing the output failed: a full disk, a closed terminal
        code = output_failed(exc)
    except Exception as exc:  # outside a command (the command line's own set-up)
        code = internal_error(exc)
    if code is not None and not isinstance(code, int):  # sys.exit("message")
        print(code, file=sys.stderr)
        code = 1
    if code == 130 and not _said["interrupted"]:
        print("sciplan: error: " + _("interrupted"), file=sys.stderr)
    try:
        _release_stdout()
    except OSError as exc:
        code = output_failed(exc)
    with contextlib.suppress(OSError):
        sys.stderr.flush()
    # Everything is written and every file closed: skip the interpreter's orderly teardown, which
    # frees every object one by one and would cost a sixth of a short run's time (about 15 ms).
    os._exit(code or 0)
