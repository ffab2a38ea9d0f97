"""The formula language of derived indicators: ids, numbers, `+ - * /` and parentheses.

    formula: rd_expenditure / gdp * 100

Formulas are parsed into a small tree, never passed to `eval`, and evaluated in exact arithmetic.
A division by zero (or a missing input) gives no value rather than an error: missing is never zero.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction

from sciplan.core.formula import BinOp, Formula, Neg, Node, Num, Ref
from sciplan.core.problem import BadValue

__all__ = ["BinOp", "Formula", "Neg", "Node", "Num", "Ref", "circles", "find_cycle", "parse_formula"]

# compiled on first parse: a cached run never parses a formula
_TOKEN = r"\s*(?:(?P<num>\d+(?:\.\d+)?|\.\d+)|(?P<id>[a-z][a-z0-9_]*)|(?P<op>[-+*/()]))"
MAX_LENGTH = 500  # a formula is one line; refuse essays (and deep parentheses) up front


def parse_formula(text: str) -> Formula:
    """Parse `text`; raises BadValue (code `formula`) saying where it goes wrong."""
    if len(text) > MAX_LENGTH:
        raise BadValue("formula", f"formula is longer than {MAX_LENGTH} characters")
    import re

    token = re.compile(_TOKEN)  # re caches compiled patterns
    tokens: list[tuple[str, str, int]] = []
    pos = 0
    stripped = text.rstrip()
    while pos < len(stripped):
        m = token.match(stripped, pos)
        if not m:
            rest = stripped[pos:]
            at = pos + 1 + len(rest) - len(rest.lstrip())
            raise BadValue(
                "formula",
                f"formula {text!r}: unexpected {rest.lstrip()[:1]!r} at character {at}; "
                "use indicator ids, numbers, + - * / and parentheses",
            )
        kind = m.lastgroup or ""
        tokens.append((kind, m.group(kind), m.start(kind) + 1))
        pos = m.end()
    parser = _Parser(text, tokens)
    tree = parser.expression()
    if parser.i < len(tokens):
        parser.fail(f"unexpected {tokens[parser.i][1]!r}")
    return Formula(text.strip(), tree, _refs(tree))


def _refs(tree: Node) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    todo = [tree]
    while todo:
        node = todo.pop()
        if isinstance(node, Ref):
            seen.setdefault(node.id)
        elif isinstance(node, Neg):
            todo.append(node.operand)
        elif isinstance(node, BinOp):
            todo += (node.right, node.left)  # the left one first
    return tuple(seen)


class _Parser:
    """Recursive descent, with parentheses (and so recursion) bounded by MAX_DEPTH."""

    MAX_DEPTH = 32

    def __init__(self, text: str, tokens: list[tuple[str, str, int]]):
        self.text, self.tokens, self.i, self.depth = text, tokens, 0, 0

    def fail(self, what: str) -> None:
        at = self.tokens[self.i][2] if self.i < len(self.tokens) else len(self.text.rstrip()) + 1
        raise BadValue("formula", f"formula {self.text!r}: {what} at character {at}")

    def peek(self) -> str | None:
        return self.tokens[self.i][1] if self.i < len(self.tokens) else None

    def expression(self) -> Node:
        node = self.term()
        while self.peek() in ("+", "-"):
            op = self.tokens[self.i][1]
            self.i += 1
            node = BinOp(op, node, self.term())
        return node

    def term(self) -> Node:
        node = self.factor()
        while self.peek() in ("*", "/"):
            op = self.tokens[self.i][1]
            self.i += 1
            node = BinOp(op, node, self.factor())
        return node

    def factor(self) -> Node:
        if self.i >= len(self.tokens):
            self.fail("expected an id, a number or '('")
        kind, value, _ = self.tokens[self.i]
        if value in ("-", "("):
            self.depth += 1
            if self.depth > self.MAX_DEPTH:
                self.fail(f"nested deeper than {self.MAX_DEPTH} levels")
            self.i += 1
            if value == "-":
                node: Node = Neg(self.factor())
            else:
                node = self.expression()
                if self.peek() != ")":
                    self.fail("expected ')'")
                self.i += 1
            self.depth -= 1
            return node
        if kind == "num":
            self.i += 1
            return Num(Fraction(Decimal(value)))
        if kind == "id":
            self.i += 1
            return Ref(value)
        self.fail(f"unexpected {value!r}")
        raise AssertionError  # fail() raised


def find_cycle(graph: Mapping[str, tuple[str, ...]]) -> list[str] | None:
    """A chain of ids that depend on each other in a circle, e.g. [a, b, a]; or None.
    `graph` maps each id to the ids it uses (a formula's refs, a total's parts). Depth first in the
    graph's order, with a stack of its own: a 10,000-long chain is no deeper for Python than a short one."""
    state: dict[str, int] = {}  # 1 visiting, 2 done
    for start in graph:
        if start in state:
            continue
        state[start] = 1
        path = [start]
        pending = [iter(graph.get(start, ()))]
        while pending:
            for ref in pending[-1]:
                if state.get(ref) == 1:
                    return [*path[path.index(ref) :], ref]
                if ref not in state:
                    state[ref] = 1
                    path.append(ref)
                    pending.append(iter(graph.get(ref, ())))
                    break
            else:
                state[path.pop()] = 2
                pending.pop()
    return None


def circles(graph: Mapping[str, Iterable[str]]) -> list[set[str]]:
    """The groups of ids that depend on each other in a circle (strongly connected components with a
    cycle: two or more members, or one that uses itself); Tarjan's algorithm without recursion."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[set[str]] = []
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(graph.get(start, ())))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, refs = work[-1]
            for ref in refs:
                if ref not in index:
                    index[ref] = low[ref] = len(index)
                    stack.append(ref)
                    on_stack.add(ref)
                    work.append((ref, iter(graph.get(ref, ()))))
                    break
                if ref in on_stack:
                    low[node] = min(low[node], index[ref])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    group = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.add(member)
                        if member == node:
                            break
                    if len(group) > 1 or node in graph.get(node, ()):
                        found.append(group)
    return found
