"""The command line in the interface language: `--lang` on every command, and `--help` translated.

The language must be known before click parses anything (`sciplan status --help` prints help while
parsing), so the group chooses it from the raw arguments, the environment and the plan as its context is
made, then translates the help of every command and option it holds (English message ids marked with
`N_()` in cli/, Chinese in the catalog). `--lang` itself is declared on every command so that click
accepts it anywhere and `--help` lists it; its value was used already.
"""

from __future__ import annotations

import sys
from typing import Any

from typer.core import TyperGroup, TyperOption

from sciplan.core import i18n
from sciplan.core.i18n import N_, _

LANG_HELP = N_("Language of the output: zh or en (default: $SCIPLAN_LANG, lang: in targets.yaml, the locale).")

HELP_HELP = N_("Show this message and exit.")  # click's --help, the last line of every help

# typer's completion options: their help is typer's, so marked here to be translated
_TYPER_HELP = (
    N_("Install completion for the current shell."),
    N_("Show completion for the current shell, to copy it or customize the installation."),
)

# typer's own panel titles and labels, in the interface language
_TYPER_WORDS = {
    "ARGUMENTS_PANEL_TITLE": N_("Arguments"),
    "OPTIONS_PANEL_TITLE": N_("Options"),
    "COMMANDS_PANEL_TITLE": N_("Commands"),
    "DEFAULT_STRING": N_("[default: {}]"),
    "ENVVAR_STRING": N_("[env var: {}]"),
    "REQUIRED_LONG_STRING": N_("[required]"),
}


def lang_option() -> TyperOption:
    return TyperOption(
        param_decls=["--lang"],
        metavar="zh|en",
        expose_value=False,  # chosen before parsing (LocalizedGroup.make_context)
        help=LANG_HELP,
        show_default=False,
    )


class LocalizedGroup(TyperGroup):
    """sciplan's command group: every command takes `--lang`; help is in the interface language."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.params.append(lang_option())
        for command in self.commands.values():
            command.params.append(lang_option())

    def make_context(self, info_name, args, parent=None, **extra):
        try:
            language = i18n.startup_language(list(args))
        except i18n.BadLanguage as exc:
            i18n.set_language(i18n.choose_language(None, None))
            message = _("--lang {value!r}: sciplan speaks zh (中文) and en (English)").format(value=str(exc))
            print(f"sciplan: error[usage]: {message}", file=sys.stderr)
            sys.exit(2)
        i18n.set_language(language)
        shows_help = not args or any(a in ("--help", "-h") for a in args)  # typer's help: the costly part
        if shows_help:
            from sciplan.cli.helpwrap import install

            install()  # help wraps, never cut with …
        if language != "en" and shows_help:
            translate(self)
        elif "typer.rich_utils" in sys.modules:  # a process that ran in Chinese before (tests): words back
            _typer_words()
        return super().make_context(info_name, args, parent=parent, **extra)


def _typer_words() -> None:
    from typer import rich_utils

    for name, message in _TYPER_WORDS.items():
        setattr(rich_utils, name, _(message))


def translate(group: Any) -> None:
    """Every help text of the group, its commands and their options, in the interface language."""
    _typer_words()
    for command in [group, *group.commands.values()]:
        _localized_help_option(command)
        if command.help:
            command.help = _(command.help)
        if command.short_help:
            command.short_help = _(command.short_help)
        for param in command.params:
            text = getattr(param, "help", None)
            if text:
                param.help = _(text)


def _localized_help_option(command: Any) -> None:
    """click makes --help's option when help is shown, with its English words: say them in the language."""
    if getattr(command, "_sciplan_help", False):
        return
    original = command.get_help_option

    def localized(ctx: Any) -> Any:
        option = original(ctx)
        if option is not None:
            option.help = _(HELP_HELP)
        return option

    command.get_help_option = localized
    command._sciplan_help = True
