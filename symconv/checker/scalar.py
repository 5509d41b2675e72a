"""Exact arithmetic on numbers and named sizes: indices, sum bounds, size formulas.

Everything is a :class:`~fractions.Fraction`, so ``(28 + 2·2 - 5)/1 + 1`` is exactly 28 and
``(H - H_f + 2 pad)/stride + 1`` is exactly 1.5 for H = 4, H_f = 3, stride 2 (which is how
a missing floor is caught).  Names are looked up through a callback: the caller decides
whether ``W`` is a width, ``i`` a bound index or ``k_1`` the kernel height.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from symconv.checker.index_functions import applied, evaluate
from symconv.checker.limits import NotUnderstood
from symconv.checker.syntax import (
    Chain,
    Expr,
    Factor,
    Font,
    Frac,
    Group,
    Node,
    Num,
    Op,
    Side,
    Sym,
    Term,
    Text,
)
from symconv.checker.written_names import symbol_name

Lookup = Callable[[str], Fraction]
_MOD = ("\\bmod", "\\mod")
_TIMES = {"\\cdot", "\\times", "*", "\\ast", None}
MAX_EXPONENT = 16
MAX_BITS = 3_400  # about 1,000 decimal digits


@dataclass(frozen=True)
class FunctionCall:
    """A function of an index applied to its argument (index_functions.py)."""

    call: tuple[str, Expr, Expr]


class Infinite(Exception):
    """``\\infty`` where a number was needed (a sum bound handles it)."""

    def __init__(self, sign: int) -> None:
        super().__init__("infinity")
        self.sign = sign


class Scalar:
    """Evaluates a syntax node to an exact number, names through ``lookup``."""

    def __init__(self, lookup: Lookup) -> None:
        self.lookup = lookup

    def value(self, node: Node) -> Fraction:
        method = getattr(self, "_" + type(node).__name__.lower(), None)
        if method is None:
            raise NotUnderstood(f"{_show(node)} is not a number here")
        found = method(node)
        # towers like 16^{16^{16}} would take forever: no size in a network is this large
        if found.numerator.bit_length() > MAX_BITS or found.denominator.bit_length() > MAX_BITS:
            raise NotUnderstood("a number with more than 1,000 digits")
        return found

    def integer(self, node: Node, what: str) -> int:
        v = self.value(node)
        if v.denominator != 1:
            raise NotUnderstood(f"{what} {v} is not a whole number")
        return int(v)

    def _chain(self, node: Chain) -> Fraction:
        if len(node.sides) != 1 or node.leading:
            raise NotUnderstood("a relation inside a number")
        return self._side(node.sides[0])

    def _side(self, node: Side) -> Fraction:
        if len(node.exprs) != 1:
            raise NotUnderstood("a list where one number was expected")
        return self._expr(node.exprs[0])

    def _expr(self, node: Expr) -> Fraction:
        total = Fraction(0)
        for sign, term in node.terms:
            try:
                v = self._term(term)
            except Infinite as inf:
                raise Infinite(inf.sign * (-1 if sign == "-" else 1)) from None
            total += -v if sign == "-" else v
        return total

    def _term(self, node: Term) -> Fraction:
        name = symbol_name(node)
        if name is not None and len(node.items) > 1:  # \# \text{params}
            return self.lookup(name)
        result: Fraction | None = None
        pending: str | None = None
        items, k = node.items, 0
        while k < len(items):
            item, k = items[k], k + 1
            call = applied(items, k - 1)  # 2\gamma(f): a function the notes define
            if call is not None:
                item, k = FunctionCall(call), k + 1
            if isinstance(item, Sym) and item.name in _MOD:
                item = Op("mod")  # c \bmod 2: the remainder, an operator like \cdot
            if isinstance(item, Op):
                if item.name == "space":
                    continue
                if pending is not None or result is None:
                    raise NotUnderstood(f"{item.name} has no left operand")
                pending = item.name
                continue
            v = self.value(item)
            if result is None:
                result = v
            elif pending in _TIMES:
                result *= v
            elif pending in ("/", "\\div"):
                if v == 0:
                    raise NotUnderstood("division by zero")
                result /= v
            elif pending == "mod":  # the remainder of whole numbers, 0 <= r < v
                if result.denominator != 1 or v.denominator != 1 or v <= 0:
                    raise NotUnderstood("\\bmod of other than whole numbers by a positive one")
                result %= v
            else:
                raise NotUnderstood(f"{pending} between numbers")
            pending = None
        if result is None or pending is not None:
            raise NotUnderstood("an operator without an operand")
        return result

    def _functioncall(self, node: FunctionCall) -> Fraction:
        letter, body, arg = node.call
        return evaluate(letter, body, self.value(arg))

    def _punct(self, node) -> Fraction:
        if node.char == ":":
            raise NotUnderstood("a slice a:b is not understood (is its end included?)")
        raise NotUnderstood(f"{node.char!r} is not a number")

    def _num(self, node: Num) -> Fraction:
        return Fraction(node.text)

    def _sym(self, node: Sym) -> Fraction:
        if node.name == "\\infty":
            raise Infinite(1)
        if node.name in ("\\dots", "\\cdots", "\\ldots"):
            raise NotUnderstood(f"{node.name} leaves values out")
        if len(node.name) != 1 or not node.name.isalpha():
            raise NotUnderstood(f"{node.name} is not a number")
        return self.lookup(node.name)

    def _text(self, node: Text) -> Fraction:
        return self.lookup(node.content.replace(" ", ""))

    def _factor(self, node: Factor) -> Fraction:
        if node.sup is not None and node.sub is None and node.primes == 0:
            if isinstance(node.sup, Op) and node.sup.name == "*":
                return self.lookup(f"{symbol_name(node.base)}*")
            base, power = self.value(node.base), self.value(node.sup)
            if power.denominator != 1 or abs(power) > MAX_EXPONENT:
                raise NotUnderstood(f"the exponent {power} is not a small whole number")
            if base == 0 and power < 0:
                raise NotUnderstood("division by zero")
            return base ** int(power)
        name = symbol_name(node)
        if name is None:
            raise NotUnderstood(f"{_show(node)} is not a size or an index")
        return self.lookup(name)

    def _font(self, node: Font) -> Fraction:
        if node.cmd in ("boxed", "mathrm", "mathbf", "underbrace", "overbrace"):
            return self.value(node.body)
        raise NotUnderstood(f"\\{node.cmd} on a number")

    def _frac(self, node: Frac) -> Fraction:
        den = self.value(node.den)
        if den == 0:
            raise NotUnderstood("division by zero")
        return self.value(node.num) / den

    def _group(self, node: Group) -> Fraction:
        if node.body is None:
            raise NotUnderstood("an empty group")
        v = self.value(node.body)
        if node.kind == "floor":
            return Fraction(math.floor(v))
        if node.kind == "ceil":
            return Fraction(math.ceil(v))
        if node.kind == "set":
            raise NotUnderstood("a set is not a number")
        return v


def _show(node: Node) -> str:
    if isinstance(node, Op):
        return f"the operator {node.name}"
    name = symbol_name(node) if not isinstance(node, (Chain, Side, Expr)) else None
    return name or type(node).__name__.lower()
