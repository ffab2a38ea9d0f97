"""The package stays readable: no module grows past ~400 lines (issue 10), and README's layout section
is the tree itself, every module named once, in layer order (issue 18).

    python tests/test_layout.py     rewrites README's tree from the package, keeping its descriptions
                                    (a new module gets its docstring's first line until one is written)
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

REPO = Path(__file__).parent.parent
PACKAGE = REPO / "sciplan"
README = REPO / "README.md"
LIMIT = 400
# the layers, lowest first: each imports only from those before it (core from none)
LAYERS = ("core", "load", "store", "validate", "compute", "check", "app", "views", "render", "report", "cli")
NAME_WIDTH = 22  # the description starts after this many characters (more when the name is longer)
BLOCK = re.compile(r"```\n(sciplan/\n(?:[ ].*\n)*)", re.M)


def _has_code(path: Path) -> bool:
    """A module with more than a docstring (an `__init__.py` holding only its package's description is not listed)."""
    body = ast.parse(path.read_text(encoding="utf-8")).body
    return any(not (isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant)) for n in body)


def _first_line(path: Path) -> str:
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    return doc.split("\n")[0].rstrip(".")


def tree() -> list[tuple[str, Path]]:
    """(path under sciplan/, file) in the order README lists them: top-level modules, then each layer's package."""
    packages = sorted(p.parent for p in PACKAGE.glob("*/__init__.py"))
    order = {name: i for i, name in enumerate(LAYERS)}
    packages.sort(key=lambda p: (order.get(p.name, len(LAYERS)), p.name))
    entries = [(p.name, p) for p in sorted(PACKAGE.glob("*.py"))]
    for package in packages:
        entries.append((package.name + "/", package))
        modules = [m for m in sorted(package.glob("*.py")) if m.name != "__init__.py" or _has_code(m)]
        entries += [(f"{package.name}/{m.name}", m) for m in modules]
    return entries


def _line(name: str, text: str) -> str:
    head = "  " + name
    return f"{head:<{NAME_WIDTH}}{text}" if len(head) < NAME_WIDTH else f"{head}  {text}"


def _parse(readme: str) -> list[tuple[str, str]]:
    """README's tree as (path under sciplan/, description): `core/`, `core/chars.py`, `__main__.py`."""
    match = BLOCK.search(readme)
    assert match, "README.md has no ```sciplan/ tree"
    rows, package = [], ""
    for line in match.group(1).splitlines()[1:]:
        body = line[2:]
        name, _, text = body.strip().partition(" ")
        if not body.startswith("  "):
            package = name if name.endswith("/") else ""
            rows.append((name, text.strip()))
        else:
            rows.append((package + name, text.strip()))
    return rows


def render(readme: str) -> str:
    """The tree as README should show it, with README's descriptions (a docstring's first line for a new one)."""
    known = dict(_parse(readme))
    lines = ["sciplan/"]
    for name, path in tree():
        target = path / "__init__.py" if path.is_dir() else path
        shown = name if "/" not in name.rstrip("/") else "  " + name.split("/", 1)[1]
        lines.append(_line(shown, known.get(name) or _first_line(target)))
    return "\n".join(lines) + "\n"


def test_no_module_is_over_400_lines():
    sizes = {p.relative_to(REPO).as_posix(): len(p.read_bytes().splitlines()) for p in PACKAGE.rglob("*.py")}
    assert len(sizes) > 40  # the whole package was counted, not an empty folder
    over = {path: n for path, n in sorted(sizes.items()) if n > LIMIT}
    assert not over, f"split these modules (over {LIMIT} lines): {over}"


def test_readme_tree_is_the_package():
    """README's layout names every module once, under its package, in layer order: nothing missing, nothing stale."""
    readme = README.read_text(encoding="utf-8")
    assert BLOCK.search(readme).group(1) == render(readme), "README's tree is stale: run `python tests/test_layout.py`"


def test_every_module_is_named_once():
    names = [name for name, _ in _parse(README.read_text(encoding="utf-8"))]
    listed = [name for name, path in tree()]
    assert sorted(names) == sorted(listed)
    modules = [p for _, p in tree() if p.is_file()]
    assert len(modules) == len(set(modules)) > 60


def test_the_packages_are_the_layers():
    """Every layer is a package, and no module is left at the top but the entry points (the script, the API)."""
    assert {p.parent.name for p in PACKAGE.glob("*/__init__.py")} == set(LAYERS)
    assert sorted(p.name for p in PACKAGE.glob("*.py")) == ["__init__.py", "__main__.py", "api.py"]


if __name__ == "__main__":
    text = README.read_text(encoding="utf-8")
    match = BLOCK.search(text)
    README.write_text(text[: match.start(1)] + render(text) + text[match.end(1) :], encoding="utf-8")
    sys.stdout.write("README.md's tree rewritten from sciplan/\n")
