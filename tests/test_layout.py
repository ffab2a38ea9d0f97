"""The package stays readable: no module in sciplan/ grows past ~400 lines (issue 10)."""

from pathlib import Path

import sciplan

LIMIT = 400
PACKAGE = Path(sciplan.__file__).parent


def test_no_module_is_over_400_lines():
    sizes = {p.relative_to(PACKAGE.parent).as_posix(): len(p.read_bytes().splitlines()) for p in PACKAGE.rglob("*.py")}
    assert len(sizes) > 40  # the whole package was counted, not an empty folder
    over = {path: n for path, n in sorted(sizes.items()) if n > LIMIT}
    assert not over, f"split these modules (over {LIMIT} lines): {over}"
