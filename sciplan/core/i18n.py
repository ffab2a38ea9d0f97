"""The interface language: English message ids, translated by gettext catalogs.

Every sentence a person reads is written in English in the code and wrapped in `_()`; the Chinese
text lives in `sciplan/locale/zh/LC_MESSAGES/sciplan.po`, compiled to the `.mo` shipped in the
wheel. English needs no catalog, so an English run does not even import gettext.

Which language (SPEC 5.9a): `--lang`, else $SCIPLAN_LANG, else `lang:` in targets.yaml (a bureau's
repository fixes it for everyone, CI included), else the locale ($LC_ALL, $LC_MESSAGES, $LANG, the
first one set decides, as POSIX orders them), else English.

Machine interfaces never go through `_()`: JSON keys, status codes, CSV keys, exit codes and the
`error[code]` of diagnostics stay the same in every language.

Catalog upkeep (Babel, in the dev extra), after changing any `_()` text:

    pybabel extract -F babel.cfg -o sciplan/locale/sciplan.pot .
    pybabel update -i sciplan/locale/sciplan.pot -d sciplan/locale -D sciplan --no-fuzzy-matching
    pybabel compile -d sciplan/locale -D sciplan

tests/test_i18n.py fails when a message has no Chinese translation or the `.mo` is stale.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path

LANGUAGES = ("zh", "en")
LOCALE_DIR = Path(__file__).parent.parent / "locale"


class _State:
    """The one interface language of this process (a CLI run has one; tests switch it)."""

    language = "en"
    gettext: Callable[[str], str] = str
    translations: Callable[[str], str] = str  # the catalog's own, before the unit word is put in
    unit_word: str | None = None


def _(message: str) -> str:
    """The message in the interface language (the English message itself when untranslated)."""
    return _State.gettext(message)


def N_(message: str) -> str:
    """Mark a message for translation where it is defined (a table of words), translate where shown."""
    return message


def language() -> str:
    return _State.language


def set_language(lang: str) -> None:
    """Switch every later `_()` to `lang` ("zh" or "en")."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    if lang == "en":
        _State.gettext = str
    else:
        import gettext

        with open(LOCALE_DIR / lang / "LC_MESSAGES" / "sciplan.mo", "rb") as fp:
            _State.gettext = gettext.GNUTranslations(fp).gettext
    _State.translations = _State.gettext
    _State.language = lang
    set_unit_word(_State.unit_word)


def in_language(lang: str, message: str) -> str:
    """`message` in `lang`, whatever the process's language (for a check that must hold in every
    language, such as a file name's length)."""
    if lang == "en":
        return message
    return _catalog(lang)(message)


def _catalog(lang: str) -> Callable[[str], str]:
    found = _CATALOGS.get(lang)
    if found is None:
        import gettext

        with open(LOCALE_DIR / lang / "LC_MESSAGES" / "sciplan.mo", "rb") as fp:
            found = _CATALOGS[lang] = gettext.GNUTranslations(fp).gettext
    return found


_CATALOGS: dict[str, Callable[[str], str]] = {}


# What the Chinese messages call a sub-unit unless the plan says otherwise (`unit_word:` in targets.yaml).
UNIT_WORD = "板块"


def set_unit_word(word: str | None) -> None:
    """Call the sub-units `word` (分中心, 街道, 乡镇 …) in every later Chinese message, in place of 板块.
    English keeps "sub-unit"."""
    _State.unit_word = word
    base = _State.translations
    if _State.language == "en" or not word or word == UNIT_WORD:
        _State.gettext = base
        return
    _State.gettext = lambda message: base(message).replace(UNIT_WORD, word)


def unit_word() -> str:
    """The word for a sub-unit in the interface language (板块, or the plan's `unit_word:`)."""
    if _State.language == "en":
        return "sub-unit"
    return _State.unit_word or UNIT_WORD


def parse_language(text: str | None) -> str | None:
    """`zh`, `zh_CN.UTF-8`, `zh-Hans`, `中文` -> "zh"; `en`, `en_US` -> "en"; anything else None."""
    if not text:
        return None
    t = text.strip().lower().replace("-", "_")
    if t.startswith("zh") or t in ("中文", "cn", "chinese"):
        return "zh"
    if t.startswith("en") or t in ("english", "英文"):
        return "en"
    return None


def choose_language(option: str | None = None, plan: str | None = None, env: Mapping[str, str] | None = None) -> str:
    """The language by SPEC 5.9a's order: option, $SCIPLAN_LANG, the plan's `lang:`, the locale, en.

    An unreadable $SCIPLAN_LANG is skipped rather than fatal: a stray value in someone's shell
    profile should not stop every command (the `--lang` option itself is checked by the CLI)."""
    env = os.environ if env is None else env
    for chosen in (option, env.get("SCIPLAN_LANG"), plan):
        lang = parse_language(chosen)
        if lang:
            return lang
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:  # the first one set decides, even when it is not Chinese (LC_ALL=C means C)
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


class BadLanguage(ValueError):
    """`--lang` names a language sciplan does not speak (a usage error)."""


# `lang: zh` on a line of its own at the top level of targets.yaml, as `sciplan init` and the README
# write it. Read before anything else, so that --help and the first diagnostic are in the plan's language.
_PLAN_LANG = re.compile(rb"^lang[ \t]*:[ \t]*(['\"]?)([A-Za-z_-]+)\1[ \t]*(?:#[^\n]*)?\r?$", re.M)


def option_value(args: list[str], name: str) -> str | None:
    """The value of option `name` in a command line (`--lang zh` or `--lang=zh`), the last one given,
    without parsing the rest: the language must be known before the command line is parsed."""
    found = None
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == name and i + 1 < len(args):
            found = args[i + 1]
        elif arg.startswith(name + "="):
            found = arg[len(name) + 1 :]
    return found


def plan_language(root: str | None, env: Mapping[str, str]) -> str | None:
    """The `lang:` of the data root's targets.yaml (the root as `--root`, $SCIPLAN_ROOT or the nearest
    folder holding targets.yaml would find it), or None. Never fails: a root or file that cannot be
    read is reported, in the language chosen without it, by the command itself."""
    given = root or env.get("SCIPLAN_ROOT")
    try:
        if given:
            folders = [Path(given).expanduser()]
        else:
            here = Path.cwd()
            folders = [here, *here.parents]
        for folder in folders:
            path = folder / "targets.yaml"
            if path.is_file():
                with open(path, "rb") as fp:
                    head = fp.read(1 << 16)
                m = _PLAN_LANG.search(head)
                return parse_language(m.group(2).decode()) if m else None
    except (OSError, ValueError):
        return None
    return None


def startup_language(args: list[str], env: Mapping[str, str] | None = None) -> str:
    """The language of this run from its command line, the environment and the plan (SPEC 5.9a), known
    before the command line is parsed. A `--lang` that is neither zh nor en raises BadLanguage."""
    env = os.environ if env is None else env
    option = option_value(args, "--lang")
    if option is not None and parse_language(option) is None:
        raise BadLanguage(option)
    if option is None and (option_value(args, "--header") or "").lower() == "zh":
        option = "zh"  # a Chinese CSV header row: its words are the Chinese interface's
    if option is None and parse_language(env.get("SCIPLAN_LANG")) is None:
        plan = plan_language(option_value(args, "--root"), env)
    else:
        plan = None  # decided already: no need to look for the plan
    return choose_language(option, plan, env)
