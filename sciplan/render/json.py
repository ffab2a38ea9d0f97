"""`--format json`: exactly one JSON document on stdout, UTF-8, Chinese kept as written."""

from __future__ import annotations

import json
import sys


def print_json(document: object) -> None:
    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
