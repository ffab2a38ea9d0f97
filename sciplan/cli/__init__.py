"""The command line (app.py the group, options.py the shared options, view_commands.py and file_commands.py
the commands): parses options, calls sciplan.api (or, for the commands that write, the app layer), prints,
turns outcomes into exit codes.

Exit codes: 0 ok; 1 data problems (invalid or incomplete files, or statuses `--fail-on` asked to
fail on); 2 usage errors. Tables go to stdout, diagnostics to stderr. Nothing else in sciplan
prints for the user or exits, except sciplan.cli.process, which turns what ends a run (broken pipes,
Ctrl-C, a failing output) into one line and an exit code. Heavy modules are imported inside the commands that need them:
start-up time is part of the experience.
"""

# defining the commands registers them
from sciplan.cli import collect, extract_command, figure_commands, file_commands, git_commands, view_commands  # noqa: F401
from sciplan.cli.app import app
from sciplan.cli.process import run

__all__ = ["app", "main"]

# --help lists the commands in this order, whichever module defines them; any other comes last
ORDER = (
    "status", "check", "indicators", "trend", "plan", "compare", "units", "template", "set", "import", "diff",
    "history", "flat", "init", "new", "schema", "report",
)  # fmt: skip
app.registered_commands.sort(
    key=lambda c: ORDER.index(name) if (name := c.name or getattr(c.callback, "__name__", "")) in ORDER else len(ORDER)
)


def main() -> None:
    """Entry point of the `sciplan` script and `python -m sciplan`."""
    run(app)
