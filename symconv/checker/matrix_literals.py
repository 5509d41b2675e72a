"""Matrices the notes write out entry by entry (``\\begin{bmatrix} w_0 & w_1 & 0 \\\\ 0 & w_0 &
w_1 \\end{bmatrix}``) and name (``y = \\begin{bmatrix}...\\end{bmatrix} x = T x``, ``X_{\\text{col}}
= \\begin{bmatrix} x_0 & x_1 \\\\ ... \\end{bmatrix}``), and claims that multiply them with the
layer's vectors: ``\\frac{\\partial L}{\\partial x} = T^\\top g``, ``\\frac{\\partial L}{\\partial
w} = X_{\\text{col}}\\, g``, ``T^\\top g = \\begin{bmatrix} w_0 g_0 \\\\ ... \\end{bmatrix}``.

A lower-case letter without an index is the vector of its entries (``g`` is ``(g_0, g_1,
g_2)``, as many as the product needs), an entry ``w_1`` one symbol.  The product is worked out
exactly; a claim about a gradient vector becomes one claim per entry (``\\partial L/\\partial
w_k = x_k g_0 + x_{k+1} g_1 + ...``), each judged by the layer's own reader, so the truth is
the layer's, not the matrix the notes wrote.  A claim between two products is algebra of the
notes' own definitions.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import pairwise

import sympy

from symconv.checker.matrix_parse import Node, Num, Ref, Unread, clean, parse
from symconv.checker.matrix_world import math_segments

_BMATRIX = re.compile(r"\\begin\{[bpv]matrix\}(.*?)\\end\{[bpv]matrix\}", re.S)
_LIT = "\\lit"


def _cells(body: str) -> list[list[str]]:
    rows = [r for r in re.split(r"\\\\", body) if r.strip()]
    return [[c.strip() for c in row.split("&")] for row in rows]


class Literals:
    """The notes' named literal matrices, and the bracketed literals of one formula."""

    def __init__(self, base: int):
        self.base = base
        self.named: dict[str, sympy.Matrix] = {}
        self.inline: list[sympy.Matrix] = []

    def value(self, text: str) -> sympy.Matrix:
        return sympy.Matrix([[self.scalar(c) for c in row] for row in _cells(text)])

    def scalar(self, cell: str) -> sympy.Expr:
        sides = parse(cell)
        if len(sides) != 1:
            raise Unread("a matrix entry with =")
        out = Evaluator(self, {}).run(sides[0])
        if isinstance(out, sympy.MatrixBase):
            raise Unread("a matrix inside a matrix")
        return out

    def lift(self, text: str) -> str:
        """``text`` with each bracketed literal replaced by a name ``\\lit{k}``."""

        def keep(m: re.Match[str]) -> str:
            self.inline.append(self.value(m.group(1)))
            return f" L_{{\\text{{lit{chr(96 + len(self.inline))}}}}} "

        return _BMATRIX.sub(keep, text)


def _symbol(letter: str, indices: tuple[str, ...]) -> sympy.Symbol:
    return sympy.Symbol(f"{letter}_" + "_".join(indices))


class Evaluator:
    """Exact values of a formula over the literals (see the module doc)."""

    def __init__(self, literals: Literals, env: dict[str, int]):
        self.literals = literals
        self.env = env

    def run(self, node, need: int | None = None):
        if isinstance(node, Num):
            return sympy.Rational(node.value.numerator, node.value.denominator)
        if isinstance(node, Ref):
            return self.ref(node, need)
        if not isinstance(node, Node):
            raise Unread("a form not read with written-out matrices")
        if node.kind == "T":
            inner = self.run(node.args[0], need)
            return inner.T if isinstance(inner, sympy.MatrixBase) else inner
        if node.kind == "prod":
            values: list = [None] * len(node.args)
            for i, arg in enumerate(node.args):  # matrices first: they size the vectors
                if not _is_vector(arg):
                    values[i] = self.run(arg)
            for i, arg in enumerate(node.args):
                if values[i] is None:
                    left = next((v for v in reversed(values[:i]) if _matrix(v)), None)
                    right = next((v for v in values[i + 1 :] if _matrix(v)), None)
                    size = left.shape[1] if left is not None else None
                    if size is None and right is not None:
                        size = right.shape[0]
                    values[i] = self.run(arg, size)
            out = values[0]
            for value in values[1:]:
                if _matrix(out) and _matrix(value) and out.shape[1] != value.shape[0]:
                    raise Unread("a product that does not multiply")
                out = out * value
            return out
        if node.kind == "add":
            out = sympy.Integer(0)
            for sign, arg in zip(node.signs, node.args, strict=True):
                value = self.run(arg, need)
                out = out - value if sign == "-" else out + value
            return out
        if node.kind == "div":
            return self.run(node.args[0]) / self.run(node.args[1])
        raise Unread(f"{node.kind} with written-out matrices")

    def ref(self, ref: Ref, need: int | None):
        if ref.grad or ref.sample:
            raise Unread("a gradient inside a written-out product")
        lit = re.fullmatch(r"L_lit([a-z])", ref.name)
        if lit:
            return self.literals.inline[ord(lit.group(1)) - 97]
        if ref.name in self.literals.named:
            return self.literals.named[ref.name]
        if not re.fullmatch(r"[a-z]", ref.name):
            raise Unread(f"{ref.name} is not a matrix the notes write out")
        if ref.indices:
            return _symbol(ref.name, ref.indices)
        if need is None:
            raise Unread(f"the length of {ref.name} is not read")
        base = self.literals.base
        return sympy.Matrix([_symbol(ref.name, (str(i + base),)) for i in range(need)])


def _matrix(value) -> bool:
    return isinstance(value, sympy.MatrixBase)


def _is_vector(node) -> bool:
    if isinstance(node, Node) and node.kind == "T":
        return _is_vector(node.args[0])
    return (
        isinstance(node, Ref)
        and not node.indices
        and bool(re.fullmatch(r"[a-z]", node.name))
        and not node.grad
    )


def read_literals(lines: list[str], upto: int, base: int) -> Literals:
    """The literal matrices the notes name above line ``upto``."""
    out = Literals(base)
    for _, math in math_segments(lines, upto):
        if "matrix}" not in math:
            continue
        try:
            scratch = Literals(base)
            scratch.named = out.named
            text = clean(scratch.lift(math))
            sides = parse(text)
        except (Unread, RecursionError):
            continue
        for a, b in pairwise(sides):  # A x = T x names T; T = A
            named = _naming(a, b) or _naming(b, a)
            if named is not None:
                name, lit = named
                out.named[name] = scratch.inline[lit]
    return out


def _naming(a, b) -> tuple[str, int] | None:
    """(T, k) when ``a`` is ``\\lit{k}`` (times v) and ``b`` is T (times the same v)."""
    products = isinstance(a, Node) and isinstance(b, Node) and a.kind == b.kind == "prod"
    if products and len(a.args) == len(b.args) == 2 and a.args[1] == b.args[1]:
        a, b = a.args[0], b.args[0]
    if isinstance(a, Ref) and isinstance(b, Ref) and not b.grad and not b.indices:
        lit = re.fullmatch(r"L_lit([a-z])", a.name)
        if lit and not b.name.startswith("L_lit"):
            return b.name, ord(lit.group(1)) - 97
    return None


def _latex(poly: sympy.Expr) -> str:
    """A polynomial in entry symbols as the notes write it: ``w_{1} g_{0} + 2 w_{0} g_{1}``."""
    poly = sympy.expand(poly)
    symbols = sorted(poly.free_symbols, key=str)
    if not symbols:
        return str(poly)
    terms = []
    for monomial, coef in sympy.Poly(poly, *symbols).terms():
        factors = []
        for symbol, power in zip(symbols, monomial, strict=True):
            letter, *index = str(symbol).split("_")
            entry = f"{letter}_{{{','.join(index)}}}"
            factors += [entry] * power
        text = " ".join(factors) or "1"
        if coef != 1:
            text = f"{abs(coef)} {text}" if factors else f"{abs(coef)}"
        terms.append(("-" if coef < 0 else "+", text))
    if not terms:
        return "0"
    out = ("- " if terms[0][0] == "-" else "") + terms[0][1]
    return out + "".join(f" {s} {t}" for s, t in terms[1:])


Judge = Callable[[str], dict | None]


def judge_literal_claim(
    text: str, lines: list[str], line: int, base: int | None, judge: Judge
) -> dict | None:
    """The verdict on a claim that multiplies written-out matrices (module doc), or None."""
    if base is None or "=" not in text:
        return None
    try:
        literals = read_literals(lines, line, base)
        if not literals.named and "matrix}" not in text:
            return None
        lifted = clean(literals.lift(text))
        sides = parse(lifted)
        if len(sides) != 2:
            return None
        lhs, rhs = sides
        if not _mentions_literal(rhs, literals) and not _mentions_literal(lhs, literals):
            return None
        if isinstance(lhs, Ref) and lhs.grad and not lhs.indices:
            return _per_entry(lhs, rhs, literals, judge)
        if any(isinstance(s, Ref) and not s.name.startswith("L_lit") for s in sides):
            return None  # G = (...): the notes give (or rename) a matrix, they claim nothing
        left = Evaluator(literals, {}).run(lhs)
        right = Evaluator(literals, {}).run(rhs)
    except (Unread, RecursionError, sympy.PolynomialError, ZeroDivisionError):
        return None
    except (ValueError, TypeError, IndexError, KeyError, AttributeError):
        return None  # a form this reader mis-handles: never a verdict, never a crash
    if not (_matrix(left) and _matrix(right)) or left.shape != right.shape:
        return None
    for at, (a, b) in enumerate(zip(left, right, strict=True)):
        if sympy.expand(a - b) != 0:  # the notes' own product, multiplied out, differs
            row, col = divmod(at, left.shape[1])
            return {
                "status": "wrong",
                "message": f"multiplied out, entry ({row + base}, {col + base}) of the left "
                f"side is {sympy.expand(a)}, the right side writes {b}",
            }
    return {
        "status": "verified",
        "message": "the product of the notes' written-out matrices, multiplied out, is the "
        "right side entry by entry",
    }


def _mentions_literal(node, literals: Literals) -> bool:
    if isinstance(node, Ref):
        return node.name in literals.named or node.name.startswith("L_lit")
    if isinstance(node, Node):
        return any(_mentions_literal(a, literals) for a in node.args)
    return False


def _per_entry(lhs: Ref, rhs, literals: Literals, judge: Judge) -> dict | None:
    value = Evaluator(literals, {}).run(rhs)
    if not _matrix(value) or value.shape[1] != 1:
        return None
    verdicts = []
    for i, entry in enumerate(value):
        index = i + literals.base
        claim = f"\\frac{{\\partial L}}{{\\partial {lhs.name}_{{{index}}}}} = {_latex(entry)}"
        found = judge(claim)
        if found is None:
            return None
        verdicts.append((index, found))
    statuses = {f["status"] for _, f in verdicts}
    if statuses == {"verified"}:
        return {
            "status": "verified",
            "message": f"multiplied out, every entry of ∂L/∂{lhs.name} "
            f"({len(verdicts)}) holds: " + str(verdicts[0][1]["message"])[:120],
        }
    wrong = [(i, f) for i, f in verdicts if f["status"] == "wrong"]
    if wrong and statuses <= {"verified", "wrong"}:
        i, f = wrong[0]
        return {
            "status": "wrong",
            "message": f"multiplied out, entry {i} of ∂L/∂{lhs.name}: {f['message']}",
        }
    return None
