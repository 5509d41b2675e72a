"""The factors of a written term and the operators between them: a scripted symbol
(``x_{i+1}``, ``W^T``), a bracket, a written matrix, a product, ``\\odot``, a correlation
written between arrays, and the functions applied to them (``rot180``); the values are the
checker's exact polynomials and arrays."""

from __future__ import annotations

import operator
from fractions import Fraction

from symconv.checker.algebra import (
    Arr,
    Poly,
    Value,
    array,
    chain,
    matmul,
    mul,
    odot,
    scale_array,
    transpose,
)
from symconv.checker.items import (
    number,
    row_vector,
    show,
)
from symconv.checker.kronecker import kronecker_pair
from symconv.checker.limits import (
    NotUnderstood,
    Wrong,
)
from symconv.checker.ones_fit import fit_ones
from symconv.checker.ones_length import BATCH_ONES
from symconv.checker.opparse import CONVOLVE
from symconv.checker.refs import is_loss
from symconv.checker.scalar import Scalar
from symconv.checker.sizes import size_quantity
from symconv.checker.sliding import rot180, slide
from symconv.checker.star_options import slide_options, split_options
from symconv.checker.syntax import (
    Env,
    Factor,
    Font,
    Frac,
    Group,
    Node,
    Num,
    Sym,
)
from symconv.checker.syntax import Text as TextNode
from symconv.checker.written_names import FUNCTIONS, index_list, index_name, single_item

_PRODUCT = {None, "\\cdot", "\\times"}


_SLIDE = {"*", "\\ast", "\\star", "\\otimes", "\\circledast"}
# the symbols that only ever mean a correlation or convolution (``*`` and ``\\ast`` are
# also the plain product of two numbers, ``\\otimes`` a Kronecker or outer product)
_SLIDING_ONLY = {"\\star", "\\circledast"}


# vmatrix and Vmatrix too: in notes on gradients they lay out a matrix, not a determinant
MATRIX_ENVS = (
    "bmatrix",
    "pmatrix",
    "matrix",
    "Bmatrix",
    "vmatrix",
    "Vmatrix",
    "smallmatrix",
    "array",
)


def _ones(node: Font) -> bool:
    """``\\mathbf{1}``, ``\\boldsymbol{1}``, ``\\mathbb{1}``: the all-ones vector."""
    body = node.body
    if isinstance(body, Group) and body.body is not None and len(body.body.sides) == 1:
        exprs = body.body.sides[0].exprs
        body = single_item(exprs[0]) if len(exprs) == 1 and not body.body.rels else None
    return node.cmd in ("mathbf", "boldsymbol", "bm", "mathbb") and body == Num("1")


def _transpose_mark(sup: Node) -> str | None:
    """``T``, ``\\top``, ``\\intercal``, ``{T}``, ``{\\top}``."""
    if isinstance(sup, Group) and sup.body is not None and len(sup.body.sides) == 1:
        exprs = sup.body.sides[0].exprs
        sup = single_item(exprs[0]) if len(exprs) == 1 else sup
    if isinstance(sup, Sym) and sup.name in ("T", "\\top", "\\intercal", "\\mathsf{T}"):
        return "T"
    return None


# the relations an Iverson bracket may hold, as comparisons of two exact numbers
_RELATIONS = {
    "=": operator.eq,
    "\\neq": operator.ne,
    "\\ne": operator.ne,
    "<": operator.lt,
    ">": operator.gt,
    "\\le": operator.le,
    "\\leq": operator.le,
    "\\ge": operator.ge,
    "\\geq": operator.ge,
}


class Factors:
    """The factors and operators of :class:`~symconv.checker.meaning.Evaluator` (which
    supplies ``operand``, ``sum``, ``budget`` and the notation)."""

    # ------------------------------------------------------------------ factors
    def factor(self, node: Node) -> Value:
        if isinstance(node, Num):
            return Poly.const(number(node.text))
        if isinstance(node, Frac):
            return self.fraction(node)
        if isinstance(node, Group):
            return self.group(node)
        if isinstance(node, Env):
            return self.matrix(node)
        if isinstance(node, Font) and node.cmd in ("boxed", "underbrace", "overbrace"):
            return self.factor_body(node.body)
        if isinstance(node, Font) and _ones(node):
            return self.ones()
        if isinstance(node, Factor):
            return self.scripted(node)
        if isinstance(node, Sym):
            return self.symbol(node)
        if isinstance(node, TextNode):
            raise NotUnderstood(f"\\text{{{node.content}}} is words, not mathematics")
        raise NotUnderstood(f"cannot read {show(node)} here")

    def ones(self) -> Arr:
        """``\\mathbf{1}`` in ``Z = XW^T + \\mathbf{1}b^T``: the column of ones, one per
        sample, that broadcasts the bias over the batch (so the claim is about a batch)."""
        conv = type(self.model.spec).__name__ != "Dense"
        self.batch_used = self.batch_used or not conv
        ones = Arr(array((self.model.batch, 1), lambda _: Poly.const(1)))
        if not conv:  # its length is the batch's by the reading, not by what the notes write
            self.batch_ones = getattr(self, "batch_ones", {})
            self.batch_ones[id(ones)] = ones
        if conv:
            # in a convolution's claim (dL/db = 1^T G 1) the ones sum a map's rows and
            # columns, not a batch: their length is read from the product (see combine)
            self.conv_ones = getattr(self, "conv_ones", 0) + 1
            self.ones_rows = getattr(self, "ones_rows", {})
            self.ones_rows[id(ones)] = (ones, False)  # a column, as written
        return ones

    def ones_scripted(self, node: Factor) -> Arr:
        """``\\mathbf{1}_N``, ``\\mathbf{1}^T``, ``\\mathbf{1}_N^\\top``: its length
        written (it must be the batch's) and its transpose."""
        value = self.ones()
        if node.sub is not None:
            getattr(self, "batch_ones", {}).pop(id(value), None)  # 1_N: its length written
            length = Scalar(self.size).value(node.sub)
            if length != value.shape[0]:
                raise NotUnderstood(
                    f"a vector of {length} ones where the batch has {value.shape[0]} samples"
                )
        if node.sup is not None:
            word = _transpose_mark(node.sup)
            if word is None:
                raise NotUnderstood("a power of the vector of ones")
            turned = transpose(value)
            if id(value) in getattr(self, "batch_ones", {}):
                self.batch_ones[id(turned)] = turned  # 1^T: the same unwritten length
            if getattr(self, "conv_ones", 0):
                self.ones_rows[id(turned)] = (turned, True)  # 1^T: a row
            return turned
        return value

    def factor_body(self, node: Node) -> Value:
        if isinstance(node, Group) and node.kind == "brace":
            return self.group(node)
        return self.factor(node)

    def scripted(self, node: Factor) -> Value:
        if isinstance(node.base, Font) and _ones(node.base) and not node.primes:
            return self.ones_scripted(node)
        if isinstance(node.base, Font) and node.base.cmd in ("underbrace", "overbrace"):
            return self.factor(node.base)  # the brace's label is prose
        if isinstance(node.base, (Group, Frac)) and node.sub is not None and node.sup is None:
            value = self.factor(node.base)  # (w \otimes I)_{i,j}
            exprs = index_list(node.sub)
            if len(exprs or []) == 1 and isinstance(single_item(exprs[0]), Group):
                exprs = index_list(single_item(exprs[0]))  # _{(i,j)}
            if not isinstance(value, Arr) or not exprs:
                raise NotUnderstood("only arrays can be indexed")
            return self.apply_indices(value, exprs)
        if node.sup is not None and node.sub is None and not node.primes:
            power = Scalar(self.size).value(node.sup)
            base = self.factor(node.base)
            if power.denominator != 1 or not 0 <= power <= 8 or not isinstance(base, Poly):
                raise NotUnderstood("only small whole powers of scalars are understood")
            result = Poly.const(1)
            for _ in range(int(power)):
                result = mul(result, base, self.budget)
            return result
        name = index_name(node)
        if name is not None and (name in self.bound or name in self.free):
            return Poly.const(int(self.index_lookup(name)))
        pair = kronecker_pair(node)
        if pair is not None:  # δ_{a a'}: 1 where the two indices agree
            letters = [single_item(e) for e in pair]
            names = [index_name(i) if i is not None else None for i in letters]
            if (
                None not in names
                and names[0] != names[1]
                and all(
                    n in self.bound and n not in self.free and "'" not in n  # type: ignore[operator]
                    for n in names
                )
            ):
                # \sum_{i,j} δ_{i,j} x_{i+m,j+n}: two summed output indices are an error
                # term's (δ = ∂L/∂z, as in most notes), a Kronecker delta pairs an index
                # with its primed twin or a number (δ_{a a'}, δ_{0 m'})
                raise NotUnderstood(
                    f"δ_{{{names[0]},{names[1]}}}: the notes do not define δ, and over two "
                    "summed indices "
                    "it reads as the error term ∂L/∂z as well as Kronecker's delta"
                )
            return Poly.const(int(self.index_value(pair[0]) == self.index_value(pair[1])))
        raise NotUnderstood(f"{show(node)} is not a symbol of this layer")

    def symbol(self, node: Sym) -> Value:
        name = node.name
        if name in self.bound or name in self.free:
            return Poly.const(int(self.index_lookup(name)))
        if name in ("\\dots", "\\cdots", "\\ldots", "\\vdots", "\\ddots"):
            raise NotUnderstood(f"{name} leaves terms out, so the sum cannot be checked")
        if is_loss(node):
            raise NotUnderstood(f"the loss {name} appears outside a derivative")
        if size_quantity(name, self.notation, secondary=name in self.size_names):
            return Poly.const(int(self.size(name)))
        if name in ("N", "N_b", "N_batch"):  # \frac{1}{N}: the batch size, as in a bound
            return Poly.const(int(self.size(name)))
        raise NotUnderstood(f"{name} is not a symbol of this layer")

    def group(self, node: Group) -> Value:
        if node.kind in ("floor", "ceil", "set") or node.body is None:
            raise NotUnderstood(f"a {node.kind} group in a tensor expression")
        row = row_vector(node)
        if row is not None:
            return Arr(array((1, len(row)), lambda i: self.factor(row[i[1]])))
        chain = node.body
        if not chain.leading and len(chain.sides) == 2 and node.kind == "bracket":
            return self.iverson(chain)  # [a = s i + m - p]: 1 where it holds, else 0
        if chain.leading or len(chain.sides) != 1:
            raise NotUnderstood("a relation inside brackets")
        return self.side(chain.sides[0])

    def iverson(self, chain) -> Poly:
        """An Iverson bracket ``[a = s i + m - p]`` between index values and sizes: the
        constant 1 where the relation holds at the indices' current values, else 0."""

        def value(name: str) -> Fraction:  # an index's current value, else a size
            if name in self.bound or name in self.free:
                return Fraction(int(self.index_lookup(name)))
            return Fraction(self.size(name))

        # the same bracket at every term of the sums around it: each side once per value
        # of the names it reads (Evaluator._once)
        a, b = (
            self._once(self._brackets, side, value, lambda look, s=side: Scalar(look).value(s))
            for side in chain.sides
        )
        relation = _RELATIONS.get(chain.rels[0])  # the one comparison written, not all nine
        if relation is None:
            raise NotUnderstood(f"a bracket with the relation {chain.rels[0]}")
        return Poly.const(int(relation(a, b)))

    def matrix(self, node: Env) -> Value:
        if node.name in ("cases", "dcases"):
            raise NotUnderstood("a piecewise definition (cases) is not checked")
        if node.name not in MATRIX_ENVS or (node.name == "array" and node.hline):
            raise NotUnderstood(f"\\begin{{{node.name}}} drawn as a figure is not a matrix")
        width = max(len(r) for r in node.rows) if node.rows else 0
        if not node.rows or any(len(r) != width for r in node.rows):
            raise NotUnderstood("the matrix rows have different lengths")

        def cell(i: tuple[int, int]) -> Poly:
            c = node.rows[i[0]][i[1]]
            if c is None or c.leading or len(c.sides) != 1:
                raise NotUnderstood("an empty or relational matrix cell")
            value = self.side(c.sides[0])
            if not isinstance(value, Poly):
                raise NotUnderstood("a matrix cell holds an array")
            return value

        return Arr(array((len(node.rows), width), cell))

    # ------------------------------------------------------------------ operators
    def combine(self, op: str | None, left: Value, right: Value) -> Value:
        op, options = split_options(op)
        if options:  # \star_{d=2} between written-out arrays
            if op not in _SLIDE or not isinstance(left, Arr) or not isinstance(right, Arr):
                raise NotUnderstood(f"{op} with options between other than two arrays")
            grads = set(self.model.layer.tensors["G"].ids.flat)
            weight_gradient = any(v in grads for p in right.data.flat for m in p.terms for v in m)
            return slide_options(left, right, options, weight_gradient, self.budget)
        if isinstance(left, Poly) and isinstance(right, Poly):
            if op in _SLIDING_ONLY:  # X_n \star G_{n,f}: planes named by subscript, read
                raise NotUnderstood(  # as single entries (a correlation of two numbers)
                    f"{op} between two single entries: its operands are whole maps the "
                    "notes name by a subscript (a sample's, a filter's), not read as such"
                )
            if op in _PRODUCT or op in _SLIDE:
                return mul(left, right, self.budget)
            if op in ("/", "\\div"):
                c = right.constant()
                if not c:
                    raise NotUnderstood("division by something that is not a nonzero number")
                return left.scale(Fraction(1) / c)
            raise NotUnderstood(f"{op} between scalars")
        if isinstance(left, Poly) or isinstance(right, Poly):
            if op in (None, "\\cdot"):
                s, a = (left, right) if isinstance(left, Poly) else (right, left)
                return scale_array(s, a, self.budget)  # type: ignore[arg-type]
            raise NotUnderstood(f"{op} between a scalar and an array")
        assert isinstance(left, Arr) and isinstance(right, Arr)
        if op in (None, "\\cdot"):
            chained = chain(left, right, self.budget)
            if chained is not None:
                return chained
            try:
                return matmul(left, right, self.budget)
            except Wrong as exc:
                rows = getattr(self, "ones_rows", {})
                fitted = fit_ones(left, right, self.budget, rows) if rows else None
                if fitted is not None:
                    return fitted
                if getattr(self, "conv_ones", 0):
                    raise NotUnderstood(
                        "\\mathbf{1} in a convolution's claim: which axes the vector of "
                        "ones sums over, and its length, are not read"
                    ) from None
                held = getattr(self, "batch_ones", {})
                if any(held.get(id(a)) is a for a in (left, right)):
                    # dL/dW 1 = 0 (1 of K ones, W of D x K): the batch's column is a
                    # reading of 1, which ones_length.py weighs against the notes' words
                    raise Wrong(f"{exc}{BATCH_ONES}") from None
                raise
        if op == "\\odot":
            return odot(left, right, self.budget)
        if op == CONVOLVE:  # the notes define their * as the true (flipped) convolution
            return slide(left, right, "convolution", "valid", self.budget, ordered=True)
        if op in _SLIDE:
            kind, mode = self.notation.operators[op]
            ordered = op == "\\star" and not self._filter_first(left, right)
            return slide(left, right, kind, mode, self.budget, ordered=ordered)
        raise NotUnderstood(f"{op} between arrays is not understood")

    def _filter_first(self, left: Arr, right: Arr) -> bool:
        """``W \\star X``: the layer's own filter written before its input.  That is the
        textbook cross-correlation (f \\star g)(i) = sum_t f(t) g(t + i), which slides its
        FIRST operand: sum_u W[u] X[i + u], the layer itself; only a filter can slide there,
        so the order is a convention, not swapped operands (G \\star X stays ordered)."""
        layer = getattr(getattr(self, "model", None), "layer", None)
        tensors = getattr(layer, "tensors", {})
        if "W" not in tensors or "X" not in tensors:
            return False

        def only(arr: Arr, tag: str) -> bool:
            ids = {int(v) for v in tensors[tag].ids.flat}
            found = {v for p in arr.data.flat for m in p.terms for v in m}
            return bool(found) and found <= ids

        return only(left, "W") and only(right, "X")

    def function(self, name: str, arg: Value) -> Value:
        if name in FUNCTIONS:
            if not isinstance(arg, Arr):
                raise Wrong("rot180 of a scalar")
            return rot180(arg)
        raise NotUnderstood(f"{name}(...): activation functions are outside the layer")
