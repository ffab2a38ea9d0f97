"""The interface language: how it is chosen, and that the Chinese catalog is complete and fresh."""

import gettext
import io
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

import sciplan
from sciplan.core import i18n

PACKAGE = Path(sciplan.__file__).parent
PO = PACKAGE / "locale" / "zh" / "LC_MESSAGES" / "sciplan.po"
MO = PO.with_suffix(".mo")


@pytest.fixture(autouse=True)
def _english_afterwards():
    yield
    i18n.set_language("en")


@pytest.mark.parametrize(
    ("option", "plan", "env", "expected"),
    [
        (None, None, {}, "en"),
        (None, None, {"LANG": "zh_CN.UTF-8"}, "zh"),
        (None, None, {"LANG": "en_US.UTF-8"}, "en"),
        # POSIX order: LC_ALL before LC_MESSAGES before LANG, and the first one set decides
        (None, None, {"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}, "en"),
        (None, None, {"LC_MESSAGES": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
        (None, None, {"LC_ALL": "", "LANG": "zh_CN.UTF-8"}, "zh"),
        # the plan's `lang:` wins over the locale, SCIPLAN_LANG over the plan, --lang over everything
        (None, "zh", {"LANG": "en_US.UTF-8"}, "zh"),
        (None, "en", {"LANG": "zh_CN.UTF-8"}, "en"),
        (None, "en", {"SCIPLAN_LANG": "zh", "LANG": "en_US.UTF-8"}, "zh"),
        ("en", "zh", {"SCIPLAN_LANG": "zh", "LANG": "zh_CN.UTF-8"}, "en"),
        ("zh", None, {}, "zh"),
        # a stray SCIPLAN_LANG is skipped, not fatal
        (None, None, {"SCIPLAN_LANG": "klingon", "LANG": "zh_CN.UTF-8"}, "zh"),
    ],
)
def test_language_is_chosen_in_the_documented_order(option, plan, env, expected):
    assert i18n.choose_language(option, plan, env) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("zh", "zh"), ("zh_CN.UTF-8", "zh"), ("zh-Hans", "zh"), ("ZH", "zh"), ("en_US", "en"), ("fr", None), ("", None)],
)
def test_language_names(text, expected):
    assert i18n.parse_language(text) == expected


def test_unknown_language_is_refused():
    with pytest.raises(ValueError):
        i18n.set_language("fr")


def _catalog():
    with PO.open("rb") as fp:
        return read_po(fp)


def _source_messages() -> set[str]:
    """Every message id the code wraps in `_()` or `N_()`, as Babel extracts them."""
    found = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        PACKAGE, method_map=[("**.py", "python")], keywords={"_": None, "N_": None}
    ):
        if isinstance(message, str) and message:
            found.add(message)
    return found


def test_every_message_has_a_chinese_translation():
    catalog = _catalog()
    missing = []
    for msgid in sorted(_source_messages()):
        entry = catalog.get(msgid)
        if entry is None or not entry.string or entry.fuzzy:
            missing.append(msgid)
    assert not missing, "untranslated (run the pybabel commands in sciplan/core/i18n.py): " + "; ".join(missing[:20])


def test_translations_keep_their_placeholders():
    """A translation uses only the fields its message has (an unknown one would fail at run time), and
    every field but the few a language writes otherwise: Chinese leaves out the ≥ of "为目标15.99亿元的35.0%",
    and the year of a date in a title that names the year already ("截至9月30日")."""
    field = re.compile(r"\{([^{}:!]*)[^{}]*\}")
    optional = {"symbol", "target", "year"}
    wrong = []
    for m in _catalog():
        if m.id and m.string:
            given, used = set(field.findall(m.id)), set(field.findall(m.string))
            if not used <= given or not given - optional <= used:
                wrong.append(m.id)
    assert not wrong, wrong


def test_compiled_catalog_is_fresh():
    """The shipped .mo says exactly what the .po says (stale after an edit without `pybabel compile`)."""
    fresh = io.BytesIO()
    write_mo(fresh, _catalog())
    fresh.seek(0)
    expected = gettext.GNUTranslations(fresh)._catalog
    with MO.open("rb") as fp:
        shipped = gettext.GNUTranslations(fp)._catalog
    # The header's `Generated-By: Babel X.Y` names whichever Babel compiled it: a version stamp, not a message.
    assert _without_stamp(shipped) == _without_stamp(expected)


def _without_stamp(catalog: dict) -> dict:
    return {key: re.sub(r"(?m)^Generated-By:.*\n?", "", text) if key == "" else text for key, text in catalog.items()}


def test_catalog_comparison_ignores_only_the_babel_stamp():
    """A Babel release compiling the same .po must not turn the freshness test red; a changed message must."""
    header = "Project-Id-Version: sciplan\nGenerated-By: Babel 2.18.0\n"
    same = {"": header.replace("2.18.0", "2.19.0"), "a": "甲"}
    assert _without_stamp({"": header, "a": "甲"}) == _without_stamp(same)
    assert _without_stamp({"": header, "a": "甲"}) != _without_stamp({"": header, "a": "乙"})


def test_switching_language_translates_and_switches_back():
    catalog = _catalog()
    pairs = [(m.id, m.string) for m in catalog if m.id and m.string]
    if not pairs:
        pytest.skip("the catalog has no messages yet")
    msgid, msgstr = pairs[0]
    i18n.set_language("zh")
    assert i18n._(msgid) == msgstr
    i18n.set_language("en")
    assert i18n._(msgid) == msgid


def test_english_run_does_not_import_gettext():
    import subprocess
    import sys

    code = "import sys, sciplan.core.i18n as i; i.set_language('en'); i._('x'); print('gettext' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
