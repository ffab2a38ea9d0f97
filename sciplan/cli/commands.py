"""Every command, registered with the typer app (defining them registers them), in --help's order."""

# defining the commands registers them
from sciplan.cli import collect, extract_command, figure_commands, file_commands, git_commands, view_commands  # noqa: F401
from sciplan.cli.group import app

__all__ = ["app"]

# --help lists the commands in this order, whichever module defines them; any other comes last
ORDER = (
    "status", "check", "indicators", "trend", "plan", "compare", "units", "template", "set", "import", "diff",
    "history", "flat", "init", "new", "schema", "report",
)  # fmt: skip
app.registered_commands.sort(
    key=lambda c: ORDER.index(name) if (name := c.name or getattr(c.callback, "__name__", "")) in ORDER else len(ORDER)
)
