"""Formulas of derived indicators as a small tree (numbers, ids, `-x`, `+ - * /`), evaluated in exact
arithmetic: a division by zero or a missing input gives no value (missing is never zero).

The language is read into these trees by `sciplan.validate.formula`; the records and the cache hold them.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import NamedTuple


class Num(NamedTuple):
    value: Fraction


class Ref(NamedTuple):
    id: str


class Neg(NamedTuple):
    operand: Node


class BinOp(NamedTuple):
    op: str
    left: Node
    right: Node


Node = Num | Ref | Neg | BinOp


class Formula(NamedTuple):
    text: str
    tree: Node
    refs: tuple[str, ...] = ()  # the indicator ids it uses, in order of first use (found once, when parsed)

    def evaluate(self, lookup: Callable[[str], Fraction | None]) -> Fraction | None:
        """The value, given each id's value (None: unknown, so the result is unknown too)."""
        return _eval(self.tree, lookup)

    def __str__(self) -> str:
        return self.text


def _eval(node: Node, lookup: Callable[[str], Fraction | None]) -> Fraction | None:
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Ref):
        return lookup(node.id)
    if isinstance(node, Neg):
        value = _eval(node.operand, lookup)
        return None if value is None else -value
    left, right = _eval(node.left, lookup), _eval(node.right, lookup)
    if left is None or right is None:
        return None
    if node.op == "+":
        return left + right
    if node.op == "-":
        return left - right
    if node.op == "*":
        return left * right
    return None if right == 0 else left / right
