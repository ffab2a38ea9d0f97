"""The report's file names from a region's name, and what makes a region's name unfit to start one.

A name `check` lets through must make a file name on every system, in every interface language:
never hidden (`.x`), never read as an option (`-rf`), never a path (`a/b`), never blank, and within
the 255 bytes a file name may have. Characters Windows refuses (`:*?"<>|`) become `_`.
"""

from __future__ import annotations

from sciplan.core.chars import cut, name_key
from sciplan.core.i18n import LANGUAGES, N_, _, in_language

STEM = N_("{region}-{year}-targets-and-results")
MONTH_STEM = N_("{region}-{year}-M{month:02d}-targets-and-results")
SUFFIXES = (".docx", ".xlsx", ".html", ".md")
MAX_NAME_BYTES = 255  # ext4, APFS, NTFS (in UTF-16 units, fewer than UTF-8 bytes for Chinese)
_REPLACED = '/\\:*?"<>|'
_ROOM = 100  # more than the words, year, month and suffix add to the region's bytes in any language


def _bytes(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


def report_stem(region: str, year: int, month: int | None = None, lang: str | None = None) -> str:
    """The report's file name without its suffix, in the interface language (or `lang`): the year's
    (`泰兴市-2022-指标完成情况`), or its first `month` months' (`泰兴市-2022年1-9月-指标完成情况`), which
    a later month's report never replaces."""

    def words(message: str) -> str:
        return _(message) if lang is None else in_language(lang, message)

    name = words(STEM).format(region=region, year=year)
    if month is not None:  # a part year beside the year's own: never the same file
        name = words(MONTH_STEM).format(region=region, year=year, month=month)
    return "".join("_" if ch in _REPLACED else ch for ch in name)


def region_name_problem(region: str) -> str | None:
    """Why `region` cannot start a file name (`check` says it at `region:`, `new` of `--region`), or None."""
    shown = cut(region)
    if not name_key(region):  # spaces, or characters that show nothing (a zero-width space)
        return _("{region!r} is blank; write the region's name, e.g. 泰兴市").format(region=shown)
    first = region[0]
    if first.isspace() or not name_key(first):
        return _("{region!r} starts with a space; remove it").format(region=shown)
    if first in ".-":
        return _(
            "{region!r} starts with {char!r}; the report's files would be hidden (.) or read as an "
            "option (-) by other programs"
        ).format(region=shown, char=first)
    for sep in ("/", "\\"):
        if sep in region:
            return _("{region!r} holds {char!r}, which separates folders in a file name").format(region=shown, char=sep)
    if _bytes(region) + _ROOM <= MAX_NAME_BYTES:  # short enough in any language: no catalog read
        return None
    longest = max(_bytes(report_stem(region, 9999, 12, lang)) for lang in LANGUAGES) + max(map(len, SUFFIXES))
    if longest > MAX_NAME_BYTES:
        return _("the name is too long for the report's file names ({n} bytes, at most {most}); shorten it").format(
            n=longest, most=MAX_NAME_BYTES
        )
    return None
