"""`--help` that wraps and never cuts: typer lays option help out in a table whose cells end a line too
long with `…`, and rich breaks lines only at spaces, so a Chinese sentence (no spaces) was cut at 80
columns (`填写下属板块（乡镇/园区）…`). Each help text here is a renderable that breaks its lines where
render/wrapping.py breaks a table's cells — between Chinese characters or at spaces, never inside a number
— at whatever width the table gives it, so every line fits and nothing is cut, in any language."""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

from sciplan.render.wrapping import divide, words


class Wrapped:
    """A help text broken into lines of the width it is given (at most its own length)."""

    def __init__(self, text: Text):
        self.text = text

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        lines = self.text.plain.split("\n")
        widest = max((cell_len(w.rstrip()) for line in lines for _s, _e, w in words(line)), default=1)
        longest = max((cell_len(line) for line in lines), default=1)
        return Measurement(min(widest, longest), longest).clamp(max_width=options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        pieces = []
        for line in self.text.split("\n", allow_blank=True):
            for piece in line.divide(divide(line.plain, options.max_width)):
                piece.rstrip()
                pieces.append(piece)
        out = Text("\n").join(pieces)
        out.overflow = "fold"  # a word wider than the whole line is folded by divide already
        yield out


def install() -> None:
    """typer's help texts (a command's, its options', the list of commands) as `Wrapped`; an option's help
    and its [default: …] / [required] as one text, which wraps as a whole."""
    from typer import rich_utils

    if getattr(rich_utils, "_sciplan_wrapped", False):
        return
    make_text = rich_utils._make_rich_text
    parameter_help = rich_utils._get_parameter_help

    def rich_text(**kw: Any) -> Any:
        made = make_text(**kw)
        return Wrapped(made) if isinstance(made, Text) else made

    def joined(**kw: Any) -> Any:
        columns = parameter_help(**kw)
        items = [i.text if isinstance(i, Wrapped) else i for i in getattr(columns, "renderables", ())]
        if not all(isinstance(i, Text) for i in items):
            return columns
        return Wrapped(Text(" ").join(items))

    rich_utils._make_rich_text = rich_text
    rich_utils._get_parameter_help = joined
    rich_utils._sciplan_wrapped = True  # type: ignore[attr-defined]
