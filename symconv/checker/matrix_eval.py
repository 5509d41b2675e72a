"""Exact values of a matrix formula at one assignment of sizes, and the truth it is compared
with.

Every matrix the forward definition names is a matrix of independent symbols (one set per
sample when the claim sums over a batch), the output's gradient G = ∂L/∂Y is another (or,
under a softmax cross-entropy, ``(P - Y)/N`` for the mean and ``P - Y`` for the sum: the
closed form ``symconv prove softmax_cross_entropy`` proves).  The loss then enters only
through S = Σ_samples Σ_ij G_ij Y_ij, whose derivative with respect to any entry of the
definition's matrices is, by the chain rule, the loss's: so ∂L/∂W is the matrix of ∂S/∂W_ij,
computed by SymPy's differentiation of the definition the notes wrote, not from any formula
a claim could restate.

``col2im`` is the adjoint of im2col (it adds each column entry back to the pixel it was
copied from), so ``col2im(M)`` is ∂L/∂X exactly when M is ∂L/∂X_col; any other M is
compared by its value, and a col2im of a matrix that is not ∂L/∂X_col is not understood (two
different column matrices can add up to the same image).
"""

from __future__ import annotations

import re
from fractions import Fraction

import sympy

from symconv.checker.matrix_parse import Node, Num, Ones, Ref, Unread
from symconv.checker.matrix_shapes import Key, ShapePass

COL2IM_TRUE = "col2im of ∂L/∂X_col"


class World:
    """The symbols and true gradients at one assignment of sizes."""

    def __init__(
        self,
        notes,
        resolve,
        shapes: ShapePass,
        sizes: dict[Key, int],
        samples: dict[str, int],
        per_sample: set[str],
    ):
        self.notes = notes
        self.resolve = resolve
        self.shapes = shapes
        self.sizes = sizes
        self.samples = samples  # sample letter -> count (first index 1 or 0 as written)
        self.per_sample = per_sample | {notes.forward.output}
        self.count = max(samples.values(), default=1)
        self.values: dict[tuple[str, int], sympy.Matrix] = {}
        self.grads: dict[tuple[str, int], sympy.Matrix] = {}
        self.constraints: dict[sympy.Symbol, sympy.Expr] = {}
        self.extra: set[str] = set()
        self._build()

    def size(self, name: str, axis: int) -> int:
        return self.sizes[self.shapes.sizes.find((name, axis))]

    def _symbols(self, name: str, sample: int) -> sympy.Matrix:
        rows, cols = self.size(name, 0), self.size(name, 1)
        tag = f"{name}{sample}" if name in self.per_sample else name
        return sympy.Matrix(rows, cols, lambda i, j: sympy.Symbol(f"{tag}_{i}_{j}"))

    def _build(self) -> None:
        forward = self.notes.forward
        variables = sorted({r.name for r in _refs(forward.tree)} - set(self.notes.letters))
        samples = range(self.count)
        for name in variables:
            for s in samples:
                key = (name, s if name in self.per_sample else 0)
                if key not in self.values:
                    self.values[key] = self._symbols(name, s)
        total = sympy.Integer(0)
        for s in samples:
            out = self.evaluate(forward.tree, {"#sample": s})
            if not isinstance(out, sympy.MatrixBase):
                raise Unread("the forward definition is not a matrix")
            self.values[(forward.output, s)] = out
            grad = self._output_gradient(out, s)
            self.grads[(forward.output, s)] = grad
            total += sum((g * y for g, y in zip(grad, out, strict=True)), sympy.Integer(0))
        derivative = _derivatives(total)
        for (name, s), value in list(self.values.items()):
            if name == forward.output or name in self.extra:
                continue
            self.grads[(name, s)] = value.applyfunc(lambda v: derivative.get(v, sympy.Integer(0)))

    def _output_gradient(self, out: sympy.Matrix, s: int) -> sympy.Matrix:
        soft = self.notes.softmax
        rows, cols = out.shape
        if soft is None:
            return sympy.Matrix(rows, cols, lambda i, j: sympy.Symbol(f"G{s}_{i}_{j}"))
        p_name, y_name, _, mean = soft
        p = sympy.Matrix(rows, cols, lambda i, j: sympy.Symbol(f"{p_name}_{i}_{j}"))
        y = sympy.Matrix(rows, cols, lambda i, j: sympy.Symbol(f"{y_name}_{i}_{j}"))
        self.values[(p_name, 0)], self.values[(y_name, 0)] = p, y
        self.extra = {p_name, y_name}
        axis = getattr(self.notes, "sample_axis", 0)
        if min(rows, cols) == 1 < max(rows, cols):  # one vector: the softmax runs along it
            axis = 1 if cols == 1 else 0
        if axis == 1:  # samples as columns (Z = WX + b1^T)
            for j in range(cols):  # each column of P is a distribution, each of Y one-hot
                for m in (p, y):
                    self.constraints[m[rows - 1, j]] = 1 - sum(m[i, j] for i in range(rows - 1))
            return (p - y) / cols if mean else p - y
        for i in range(rows):  # each row of P is a distribution, each row of Y one-hot
            for m in (p, y):
                self.constraints[m[i, cols - 1]] = 1 - sum(m[i, j] for j in range(cols - 1))
        return (p - y) / rows if mean else p - y

    # -- evaluation ------------------------------------------------------------------------
    def evaluate(self, node, env: dict):
        if isinstance(node, Num):
            return sympy.Rational(node.value.numerator, node.value.denominator)
        if isinstance(node, Ones):
            key = self.shapes.keys[id(node)]
            assert key is not None
            return sympy.ones(self.sizes[self.shapes.sizes.find(key[0])], 1)
        if isinstance(node, Ref):
            return self._ref(node, env)
        assert isinstance(node, Node)
        if node.kind == "T":
            inner = self.evaluate(node.args[0], env)
            return inner.T if isinstance(inner, sympy.MatrixBase) else inner
        if node.kind == "prod":
            out = None
            for arg in node.args:
                value = self.evaluate(arg, env)
                if out is None:
                    out = value
                elif isinstance(out, sympy.MatrixBase) and isinstance(value, sympy.MatrixBase):
                    if out.shape[1] != value.shape[0]:
                        raise ShapeError(f"{_fmt(out)} times {_fmt(value)} does not multiply")
                    out = out * value
                else:
                    out = out * value
            return out
        if node.kind == "add":
            out = None
            for sign, arg in zip(node.signs, node.args, strict=True):
                value = self.evaluate(arg, env)
                value = -value if sign == "-" else value
                if out is None:
                    out = value
                    continue
                if isinstance(out, sympy.MatrixBase) and isinstance(value, sympy.MatrixBase):
                    out, value = _broadcast(out, value)
                elif isinstance(out, sympy.MatrixBase) or isinstance(value, sympy.MatrixBase):
                    raise ShapeError(f"{_fmt(out)} plus {_fmt(value)} do not add")
                out = out + value
            return out
        if node.kind == "div":
            return self.evaluate(node.args[0], env) / self.evaluate(node.args[1], env)
        if node.kind == "sum":
            low, high = (self._bound(b) for b in node.bounds)
            out = None
            for v in range(low, high + 1):
                value = self.evaluate(node.args[0], {**env, node.index: v})
                out = value if out is None else out + value
            if out is None:
                raise Unread("an empty sum")
            return out
        if node.kind == "col2im":
            inner = self.evaluate(node.args[0], env)
            if "X_col" not in {k[0] for k in self.grads}:
                raise Unread("col2im without an X_col in the forward definition")
            if inner.shape != self.grads[("X_col", 0)].shape:
                raise ShapeError(f"col2im of a {_fmt(inner)} matrix, not X_col's shape")
            if self.count != 1 or inner != self.grads[("X_col", 0)]:
                raise Unread("col2im of a matrix that is not ∂L/∂X_col")
            return COL2IM_TRUE
        raise Unread(f"{node.kind} is not read")

    def _bound(self, text: str) -> int:
        if text.isdigit():
            return int(text)
        shifted = re.fullmatch(r"([A-Za-z][A-Za-z0-9_]*)([+-])(\d+)", text.replace(" ", ""))
        if shifted is not None:  # \sum_{n=0}^{N-1}: the size less one
            value = self.letter(shifted.group(1))
            if value is not None:
                step = int(shifted.group(3))
                return value + step if shifted.group(2) == "+" else value - step
        value = self.letter(text)
        if value is None:
            raise Unread(f"the sum's bound {text} is not a size the notes state")
        return value

    def letter(self, name: str) -> int | None:
        if name in self.notes.letters:
            return self.notes.letters[name]
        for root, value in self.sizes.items():
            if self.shapes.sizes.value.get(root) == name:
                return value
        return None

    def _ref(self, ref: Ref, env: dict):
        name = self.resolve(ref)
        if name is None:
            value = self.letter(ref.name)
            if value is None or ref.grad:
                raise Unread(f"{ref.name} is neither a matrix of the notes nor a size")
            return sympy.Integer(value)
        if ref.sample is not None:
            if ref.sample not in env:
                raise Unread(f"the sample {ref.sample} is not bound by a sum")
            sample = env[ref.sample] - self.sample_base
        elif name in self.per_sample and self.count > 1 and "#sample" not in env:
            raise Unread(f"{name} of which sample")
        else:
            sample = env.get("#sample", 0)
        key = (name, sample if name in self.per_sample else 0)
        table = self.grads if ref.grad else self.values
        if key not in table:
            raise Unread(f"∂L/∂{name} is not read" if ref.grad else f"{name} is not read")
        value = table[key]
        if not ref.indices:
            return value
        return self._entry(value, ref.indices, env)

    sample_base = 1

    def _entry_index(self, index: str, env: dict) -> int:
        if index.isdigit():
            return int(index) - env["#base"]
        if index in env:
            return int(env[index]) - env["#base"]
        raise Unread(f"the index {index} is not bound")

    def _entry(self, value: sympy.Matrix, indices: tuple[str, ...], env: dict):
        if "#base" not in env:
            raise Unread("an entry without a stated index base")
        if len(indices) == 2 and indices.count(":") == 1:  # \Delta_{n,:}: row n, whole
            axis = indices.index(":")
            k = self._entry_index(indices[1 - axis], env)
            if not 0 <= k < value.shape[1 - axis]:
                raise ShapeError("a row or column outside the matrix")
            return value[k, :] if axis == 1 else value[:, k]
        at = []
        for index in indices:
            if index.isdigit():
                at.append(int(index) - env["#base"])
            elif index in env:
                at.append(env[index] - env["#base"])
            else:
                raise Unread(f"the index {index} is not bound")
        if len(at) == 1 and value.shape[1] == 1:
            at.append(0)
        if len(at) != 2:
            raise Unread("a matrix entry with other than two indices")
        if not all(0 <= a < n for a, n in zip(at, value.shape, strict=True)):
            raise ShapeError("an entry outside the matrix")
        return value[at[0], at[1]]


def _derivatives(total: sympy.Expr) -> dict[sympy.Symbol, sympy.Expr]:
    """∂total/∂v for every symbol v of a polynomial, term by term (d(c v^k m)/dv = k c
    v^(k-1) m): the same derivative as ``sympy.diff``, without its per-call overhead."""
    parts: dict[sympy.Symbol, list[sympy.Expr]] = {}
    for term in sympy.Add.make_args(sympy.expand(total)):
        for base, power in term.as_powers_dict().items():
            if isinstance(base, sympy.Symbol) and power.is_Integer and power > 0:
                parts.setdefault(base, []).append(power * term / base)
    # one Add per symbol at the end: adding term by term re-sorts the growing sum each time
    return {base: sympy.Add(*terms) for base, terms in parts.items()}


def _broadcast(a: sympy.Matrix, b: sympy.Matrix) -> tuple[sympy.Matrix, sympy.Matrix]:
    """A matrix plus a column vector: the vector added to each column (its length the
    rows') or to each row (its length the columns'), as ``Z = WX + b`` and ``Z = XW + b``
    mean; a square matrix leaves which one open."""
    if a.shape == b.shape:
        return a, b
    for m, v, swap in ((a, b, False), (b, a, True)):
        if v.shape[0] == 1 and m.shape[0] != 1 and v.shape[1] == m.shape[1]:
            wide = sympy.ones(m.shape[0], 1) * v  # a row vector added to each row
            return (wide, m) if swap else (m, wide)
        if v.shape[1] != 1 or m.shape[1] == 1:
            continue
        rows, cols = m.shape
        if v.shape[0] == rows == cols:
            raise Unread("a vector added to a square matrix: to its rows or its columns?")
        if v.shape[0] == rows:
            wide = v * sympy.ones(1, cols)
        elif v.shape[0] == cols:
            wide = sympy.ones(rows, 1) * v.T
        else:
            break
        return (wide, m) if swap else (m, wide)
    raise ShapeError(f"{_fmt(a)} plus {_fmt(b)} do not add")


class ShapeError(Exception):
    """A side that does not multiply or add (a reason the claim is wrong)."""


def _fmt(value) -> str:
    shape = getattr(value, "shape", None)
    return "a scalar" if shape is None else f"{shape[0]}×{shape[1]}"


def _refs(tree) -> list[Ref]:
    if isinstance(tree, Ref):
        return [tree]
    if isinstance(tree, Node):
        return [r for a in tree.args for r in _refs(a)]
    return []


def as_fraction(value) -> Fraction | None:
    if isinstance(value, sympy.Rational):
        return Fraction(int(value.p), int(value.q))
    return None
