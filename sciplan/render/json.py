"""`--format json`: exactly one JSON document on stdout, UTF-8, Chinese kept as written.

On a stream whose encoding lacks a character (✓ in GBK, Chinese in ASCII), that character is
written as JSON's own \\u escape: the document reads back the same, and GBK keeps its Chinese."""

from __future__ import annotations

import json
import sys


def print_json(document: object) -> None:
    write_json(json.dumps(document, ensure_ascii=False, indent=2) + "\n")


def write_json(text: str) -> None:
    from sciplan.render.encoding import is_unicode

    encoding = getattr(sys.stdout, "encoding", None)
    if not is_unicode(encoding):
        assert encoding is not None
        text = text.encode(encoding, "sciplan-json").decode(encoding)
    sys.stdout.write(text)
