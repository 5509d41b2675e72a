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


# "$\mathbf{y} = T\mathbf{x}$ with $$T = \begin{bmatrix}...$$": the matrix named just below
_DEFINED_BELOW = re.compile(
    r"(?:with|where|mit|wobei|donde|con|avec|où|com|onde|dove|in cui)\s*:?\s*(?:>\s*)?$", re.I
)


def _upto(lines: list[str], line: int, text: str) -> int:
    """The line above which the claim's literals are read: its own, or the display the line
    announces with "with" / "where" right after the claim (two lines on at most)."""
    own = lines[line - 1] if 0 < line <= len(lines) else ""
    end = own.find(text.strip()[-12:]) if text.strip() else -1
    if end < 0:
        return line
    after = own[end + len(text.strip()[-12:]) :].lstrip("$")
    # "$y = \tilde{X} w$ with $\tilde{X} = \begin{bmatrix}...$": named on the same line
    if re.match(_DEFINED_BELOW.pattern.rstrip("$") + r"\$", after.strip(), re.I) and (
        "matrix}" in after
    ):
        return line + 1
    if _DEFINED_BELOW.search(after) and "$" not in after:
        for below in range(line, min(line + 3, len(lines))):
            if "matrix}" in lines[below]:
                return below + 2
    return line


def judge_literal_claim(
    text: str,
    lines: list[str],
    line: int,
    base: int | None,
    judge: Judge,
    length: Callable[[str], int | None] = lambda _: None,
) -> dict | None:
    """The verdict on a claim that multiplies written-out matrices (module doc), or None;
    ``length``: how many entries the layer's vector of that name has (None: unknown)."""
    if base is None or "=" not in text:
        return None
    try:
        literals = read_literals(lines, _upto(lines, line, text), base)
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
            return _per_entry(lhs, rhs, literals, judge, length)
        if _forward(lhs, rhs, literals):  # y = \tilde{X} w: each y_i, by the layer's reader
            return _per_entry(lhs, rhs, literals, judge, length)
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


def _forward(lhs, rhs, literals: Literals) -> bool:
    """``y = T x``: a vector (a lower-case letter) set to a product of a named literal and
    another vector: a claim about the layer's forward pass, entry by entry."""
    if not (isinstance(lhs, Ref) and re.fullmatch(r"[a-z]", lhs.name)) or lhs.indices:
        return False
    if not (isinstance(rhs, Node) and rhs.kind == "prod" and len(rhs.args) == 2):
        return False
    matrix, vector = rhs.args
    named = isinstance(matrix, Ref) and matrix.name in literals.named
    return named and _is_vector(vector) and vector.name != lhs.name


def _per_entry(
    lhs: Ref, rhs, literals: Literals, judge: Judge, length: Callable[[str], int | None]
) -> dict | None:
    value = Evaluator(literals, {}).run(rhs)
    if not _matrix(value) or value.shape[1] != 1:
        return None
    entries = length(lhs.name)
    what = f"∂L/∂{lhs.name}" if lhs.grad else lhs.name
    if entries is not None and entries != value.shape[0]:
        return {
            "status": "wrong",
            "message": f"multiplied out, the right side has {value.shape[0]} entries; "
            f"{what} has {entries}",
        }
    verdicts = []
    for i, entry in enumerate(value):
        index = i + literals.base
        claim = (
            f"\\frac{{\\partial L}}{{\\partial {lhs.name}_{{{index}}}}} = {_latex(entry)}"
            if lhs.grad
            else f"{lhs.name}_{{{index}}} = {_latex(entry)}"
        )
        found = judge(claim)
        if found is None:
            return None
        verdicts.append((index, found))
    statuses = {f["status"] for _, f in verdicts}
    if statuses == {"verified"}:
        return {
            "status": "verified",
            "message": f"multiplied out, every entry of {what} "
            f"({len(verdicts)}) holds: " + str(verdicts[0][1]["message"])[:120],
        }
    wrong = [(i, f) for i, f in verdicts if f["status"] == "wrong"]
    if wrong and statuses <= {"verified", "wrong"}:
        i, f = wrong[0]
        return {
            "status": "wrong",
            "message": f"multiplied out, entry {i} of {what}: {f['message']}",
        }
    return None


def vector_length(ctx, name: str, document: str = "") -> int | None:  # type: ignore[no-untyped-def]
    """How many entries the vector written ``name`` has: as the notes write it out
    ("$\\mathbf{w} = (w_1, w_2, w_3)$") or state it ("$\\mathbf{x} \\in \\mathbb{R}^6$"), else
    the layer's tensor of that name where it is one vector (every other axis 1) of a layer the
    notes state (not a guessed one); None otherwise."""
    stated = _stated_length(name, document)
    if stated is not None:
        return stated
    if ctx.extras.get("guessed") or ctx.model is None:
        return None
    role = ctx.notation.letters.get(name)
    tensors = getattr(getattr(ctx.model, "layer", None), "tensors", {})
    if role not in tensors:
        return None
    shape = [n for n in tensors[role].ids.shape if n != 1]
    return shape[0] if len(shape) == 1 else None


def _stated_length(name: str, document: str) -> int | None:
    letter = rf"(?:\\(?:mathbf|boldsymbol|bm|vec)\s*\{{\s*{name}\s*\}}|(?<![A-Za-z\\]){name})"
    found = set()
    for m in re.finditer(letter + r"\s*=\s*\(([^()$]*)\)", document):
        items = [re.sub(r"[\s{}]", "", item) for item in m.group(1).split(",")]
        numbers = [re.fullmatch(name + r"_(\d+)", item) for item in items]
        if all(numbers) and len(items) > 1:
            values = [int(n.group(1)) for n in numbers if n]
            if values == list(range(values[0], values[0] + len(values))):
                found.add(len(values))
    for m in re.finditer(
        letter + r"\s*\\in\s*\\mathbb\s*\{?R\}?\s*\^\s*\{?\s*(\d+)\s*\}?(?![\d\\])", document
    ):
        found.add(int(m.group(1)))
    return found.pop() if len(found) == 1 else None
