"""Operator claims written one channel map at a time, with channel and batch sums.

``\\frac{\\partial L}{\\partial W_{f,c}} = \\sum_{n=0}^{1} \\tilde{X}_{n,c} \\star \\Delta_{n,f}``,
``\\frac{\\partial L}{\\partial X_{n,c}} = \\sum_{f=0}^{2} \\operatorname{pad}_1(\\Delta_{n,f})
\\star \\operatorname{rot}_{180}(W_{f,c})``, ``dW_{f,c} = \\operatorname{pad}_1(X_c) \\star
\\operatorname{dilate}_2(G_f)``, ``\\frac{1}{2} \\sum_n ...`` (a number in front): each
subscripted tensor is one 2-D map of the layer's 4-D tensor.  Which axes the subscripts
select follows the tensor's layout, as every multi-channel text writes it:

==========  ======================  =====================
tensor      two subscripts          one subscript
==========  ======================  =====================
X (input)   sample n, channel c     channel c (one sample)
G, Δ, δ     sample n, filter f      filter f (one sample)
W           filter f, channel c     (not read: which axis?)
==========  ======================  =====================

Why the judgement is exact: for each value of the left side's subscripts the right side is
built from the closed-form nodes of :mod:`symconv.ops` on the selected maps (a map is the
4-D tensor sliced to one sample and one channel, so the nodes apply unchanged), sums with
bounds add one such build per value as written, and the result is compared entry by entry
with that slice of the derivation (Z by definition, gradients by the chain rule).  A letter
bound by neither the left side nor a sum (``\\sum_c ... \\Delta_{n,f}`` under
``\\partial X_{n,c}``) is tried at every value: the claim is wrong only when it fails at all
of them (no reading of f makes it hold), else not understood.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable
from fractions import Fraction

import numpy as np
import sympy

from symconv.algebra.termarray import TermArray
from symconv.checker.algebra import Poly
from symconv.checker.context import Context, finding
from symconv.checker.limits import NotUnderstood
from symconv.checker.notation_options import Notation
from symconv.checker.opbuild import Builder, Plus
from symconv.checker.operators import truth
from symconv.checker.opparse import BINARY, Op, Parser, sides
from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.sample_maps import sample_marked_maps
from symconv.checker.texclean import typing_only
from symconv.checker.truth import Model
from symconv.ops import Node
from symconv.ops.node import Env

# the 4-D axes a tensor's subscripts select, by how many there are (see the module doc)
_AXES: dict[str, dict[int, tuple[int, ...]]] = {
    "X": {2: (0, 1), 1: (1,)},
    "G": {2: (0, 1), 1: (1,)},
    "W": {2: (0, 1)},
}
_INDEX = re.compile(r"[a-z]")
_MAX_CASES = 400  # index assignments compared (each builds the right side once)


class Slice(Node):
    """One sample and/or channel of a 4-D array, the selected axes kept with length 1
    (``axis0``/``axis1`` of -1: that axis whole)."""

    op = "slice"

    def expand(self, env: Env) -> TermArray:
        array: TermArray = self.args[0].expand(env)
        key = tuple(
            slice(None) if int(a) < 0 else slice(int(a), int(a) + 1) for a in self.args[1:3]
        )
        return array.index(key)


class Scale(Node):
    """Every entry times an exact number: ``\\frac{1}{2} A``."""

    op = "scale"

    def expand(self, env: Env) -> TermArray:
        array: TermArray = self.args[0].expand(env)
        value = Fraction(int(self.args[1].p), int(self.args[1].q))
        coef = array.coef * value.numerator
        return TermArray(array.mono, coef, array.den * value.denominator)


class _IndexedParser(Parser):
    """The operator grammar, with subscripted maps, sums with bounds and numbers."""

    def tensor(self) -> Op:
        start = self.pos
        tok = self.peek()
        if tok in ("\\tilde", "\\widetilde"):
            raise NotUnderstood("a tilde-decorated tensor the notes do not name")
        node = super_tensor(self)
        if node.kind == "tensor" and self.peek() == "_":
            self.take()
            letters = tuple(t for t in self.group() if t != ",")
            if not letters or not all(_INDEX.fullmatch(t) for t in letters):
                self.pos = start
                raise NotUnderstood("an indexed entry inside an operator claim")
            return Op("at", letters, (node,))
        if node.kind == "xpad" and self.peek() == "_":  # X^{pad}_{n,c}
            self.take()
            letters = tuple(t for t in self.group() if t != ",")
            if not letters or not all(_INDEX.fullmatch(t) for t in letters):
                raise NotUnderstood("an indexed entry inside an operator claim")
            return Op("xpad", (), (Op("at", letters, node.args),))
        return node

    def primary(self) -> Op:
        if self.peek() == "\\nabla":  # \nabla_{W_{o,c}} L: the gradient of one map
            self.take()
            if self.peek() != "_":
                raise NotUnderstood("a gradient without the tensor it is taken for")
            self.take()
            inner = _IndexedParser(self.group(), self.notation)
            node = inner.tensor()
            if inner.peek() is not None or node.kind != "at" or node.args[0].params[1]:
                raise NotUnderstood("the gradient is not taken with respect to one map")
            if "".join(self.group()) != "L":
                raise NotUnderstood("a gradient of something other than the loss L")
            return Op("at", node.params, (Op("tensor", (node.args[0].params[0], True)),))
        return super().primary()

    def sum(self) -> Op:
        self.take("\\sum")
        if self.peek() != "_":
            raise NotUnderstood("a sum without its index")
        self.take()
        lower = "".join(self.group())
        if re.fullmatch(r"[a-z]", lower) and self.peek() != "^":
            # \sum_{o}: every value of o, the axis it indexes gives the range
            return Op("isum", (lower, None, None), (self.product(),))
        match = re.fullmatch(r"([a-z])=(\d+)", lower)
        if match is None or self.peek() != "^":
            raise NotUnderstood(f"the sum over {lower} is read only as letter=from^to")
        self.take()
        upper = "".join(self.group())
        if not upper.isdigit():
            raise NotUnderstood(f"the sum's upper bound {upper} is not a number")
        body = self.product()
        return Op("isum", (match.group(1), int(match.group(2)), int(upper)), (body,))

    def frac(self) -> Op:
        start = self.pos
        self.take("\\frac")
        top, bottom = "".join(self.group()), "".join(self.group())
        if top.isdigit() and bottom.isdigit() and self.peek() not in _ONES_FONTS:
            return Op("num", (Fraction(int(top), int(bottom)),))
        self.pos = start
        if top.startswith("\\partial") or top.startswith("d"):
            return self.indexed_derivative()
        return super().frac()

    def indexed_derivative(self) -> Op:
        """``\\frac{\\partial L}{\\partial W_{f,c}}``: the gradient of one map."""
        self.take("\\frac")
        top, bottom = self.group(), self.group()
        if top[:1] == ["d"] and bottom[:1] == ["d"]:
            top, bottom = ["\\partial", *top[1:]], ["\\partial", *bottom[1:]]
        if (
            top[:1] != ["\\partial"]
            or bottom[:1] != ["\\partial"]
            or not _LOSS.fullmatch("".join(top[1:]))
        ):
            raise NotUnderstood("a fraction that is not a derivative of the loss L")
        inner = _IndexedParser(bottom[1:], self.notation)
        node = inner.tensor()
        if inner.peek() is not None or node.kind != "at" or node.args[0].params[1]:
            raise NotUnderstood("the derivative is not taken with respect to one map")
        role = node.args[0].params[0]
        return Op("at", node.params, (Op("tensor", (role, True)),))


# the loss, in the letters notes use for it (L, E, J, C, \ell, \mathcal{L}, \mathcal{E})
_LOSS = re.compile(r"[LEJC]|\\ell|\\mathcal\{[A-Z]\}")
_ONES_FONTS = ("\\mathbf", "\\mathbb", "\\boldsymbol", "\\bm")
# fonts that change no tensor: \mathsf{X} is X (d2l's tensors), \mathbf{W} is W
_LETTER_FONTS = ("\\mathbf", "\\boldsymbol", "\\bm", "\\mathrm", "\\mathsf", "\\mathit")


def super_tensor(parser: Parser) -> Op:
    """The plain tensor reader of :class:`Parser` (its subscript left for the caller)."""
    saved = parser.toks
    # hide the subscript from Parser.tensor, which refuses indexed entries
    k = parser.pos + 1
    if saved[parser.pos : parser.pos + 1] and saved[parser.pos] in _LETTER_FONTS:
        depth, k = 0, parser.pos + 1
        while k < len(saved):
            depth += (saved[k] == "{") - (saved[k] == "}")
            k += 1
            if depth == 0:
                break
    end = k
    while end < len(saved) and saved[end] == "^":  # X^{pad}: keep the superscript
        end += 1
        if end < len(saved) and saved[end] == "{":
            depth = 0
            while end < len(saved):
                depth += (saved[end] == "{") - (saved[end] == "}")
                end += 1
                if depth == 0:
                    break
        else:
            end += 1
    head = Parser(saved[parser.pos : end], parser.notation)
    head.layers = parser.layers
    node = head.postfix()
    if head.peek() is not None:
        raise NotUnderstood(f"{head.peek()} is not understood in an operator claim")
    parser.pos = end
    return node


def channel_claim(text: str, notation: Notation) -> tuple[Op, Op] | None:
    """(left, right) when ``text`` states one map's gradient (or output) with operators on
    subscripted maps, else None."""
    found = sides(typing_only(sample_marked_maps(text, notation.letters)))
    if found is None:
        return None
    joined = " ".join(found[1])
    if not any(t in BINARY for t in found[1]) and "\\operatorname" not in joined:
        return None
    try:
        left = _IndexedParser(found[0], notation).whole()
    except NotUnderstood:
        return None
    if left.kind != "at" or not _maps_only(left):
        return None
    try:
        right = _IndexedParser(found[1], notation).whole()
    except NotUnderstood:
        return None  # entries, activations, ...: the element-wise checker's claim
    if not _has_kind(right, "at") or not _maps_only(right):
        return None  # whole tensors on the right: the operator checker's claim
    return left, right


def _maps_only(op: Op) -> bool:
    """Every subscripted tensor selects maps (not entries) by the layout table."""
    if op.kind == "at" and _AXES.get(_role(op), {}).get(len(op.params)) is None:
        return False
    return all(_maps_only(a) for a in op.args)


def _has_kind(op: Op, kind: str) -> bool:
    return op.kind == kind or any(_has_kind(a, kind) for a in op.args)


class _MapBuilder(Builder):
    """Closed-form nodes with the subscripts of one assignment of the index letters."""

    def __init__(
        self, model: Model, assign: dict[str, int], base: int, ranges: dict[str, int]
    ) -> None:
        super().__init__(model)
        self.assign, self.base, self.ranges = assign, base, ranges

    def build(self, op: Op) -> Node:
        if op.kind == "at":
            inner = super().build(op.args[0])
            return Slice(inner, *_key(op, self.assign, self.model))
        if op.kind == "isum":
            letter, low, high = op.params
            if low is None:  # \sum_o: the whole axis o indexes
                if letter not in self.ranges:
                    raise NotUnderstood(f"the sum over {letter} indexes no map")
                low, high = self.base, self.base + self.ranges[letter] - 1
            if high < low:
                raise NotUnderstood("a sum whose upper bound is below its lower bound")
            parts = []
            for value in range(low, high + 1):
                self.assign = {**self.assign, letter: value - self.base}
                parts.append(self.build(op.args[0]))
            self.assign = {k: v for k, v in self.assign.items() if k != letter}
            total = parts[0]
            for part in parts[1:]:
                total = Plus(total, part, sympy.Integer(1))
            return total
        if op.kind == "mat" and op.args[0].kind == "num":
            value = op.args[0].params[0]
            return Scale(self.build(op.args[1]), sympy.Rational(value.numerator, value.denominator))
        if op.kind == "num":
            raise NotUnderstood("a number alone where a map is expected")
        built: Node = super().build(op)
        return built


def _role(op: Op) -> str:
    role, grad = op.args[0].params
    return "G" if role == "Z" and grad else role


def _key(op: Op, assign: dict[str, int], model: Model) -> tuple[sympy.Integer, sympy.Integer]:
    """The (axis 0, axis 1) selection of a subscripted map, -1 where the axis stays whole."""
    axes = _AXES.get(_role(op), {}).get(len(op.params))
    if axes is None:
        raise NotUnderstood(f"{_role(op)} with {len(op.params)} subscript(s) is not read as a map")
    chosen = [-1, -1]
    for letter, axis in zip(op.params, axes, strict=True):
        if letter not in assign:
            raise NotUnderstood(f"the index {letter} is bound by no sum and not by the left side")
        chosen[axis] = assign[letter]
    if axes == (1,) and model.batch != 1:
        raise NotUnderstood("a map without its sample, in a batch of several")
    return sympy.Integer(chosen[0]), sympy.Integer(chosen[1])


class _Mismatch(NotUnderstood):
    """A subscript letter selecting axes of different lengths (its first length, then the
    other tensor's)."""

    def __init__(self, letter: str, role: str, first: int, other: int) -> None:
        super().__init__(f"the index {letter} runs over axes of different lengths")
        self.letter, self.role, self.first, self.other = letter, role, first, other


def _ranges(op: Op, shapes: dict[str, tuple[int, ...]], found: dict[str, int]) -> None:
    """The number of values of each subscript letter, from the axis it selects; a letter
    selecting axes of different lengths is not read."""
    if op.kind == "at":
        role = _role(op)
        axes = _AXES.get(role, {}).get(len(op.params))
        if axes is None:
            raise NotUnderstood(f"{role} with {len(op.params)} subscript(s) is not read as a map")
        for letter, axis in zip(op.params, axes, strict=True):
            size = shapes[role][axis]
            if found.setdefault(letter, size) != size:
                raise _Mismatch(letter, role, found[letter], size)
    for arg in op.args:
        _ranges(arg, shapes, found)


def _sum_letters(op: Op) -> set[str]:
    here = {op.params[0]} if op.kind == "isum" else set()
    return here.union(*(_sum_letters(a) for a in op.args)) if op.args else here


def _names_sample(op: Op) -> bool:
    if op.kind == "at" and len(op.params) == 2 and _role(op) in ("X", "G"):
        return True
    return any(_names_sample(a) for a in op.args)


def _one_sample(op: Op) -> bool:
    if op.kind == "at" and len(op.params) == 1 and _role(op) in ("X", "G"):
        return True
    return any(_one_sample(a) for a in op.args)


def _compare(
    model: Model,
    left: Op,
    right: Op,
    assign: dict[str, int],
    base: int,
    ranges: dict[str, int],
    mapped: Callable[[], tuple[np.ndarray, list[Poly]]],
) -> str | None:
    """None when the right side equals the left side's map at ``assign``; else why not.
    ``mapped()``: the left side's tensor, its indices and entries (operators.truth)."""
    ids, expected = mapped()
    key = tuple(int(k) for k in _key(left, assign, model))
    builder = _MapBuilder(model, dict(assign), base, ranges)
    try:
        claimed = builder.build(right).expand(model.layer.tensors)
    except (ValueError, IndexError) as exc:
        return f"the right side cannot be evaluated ({exc})"
    index = [
        i
        for i, pos in enumerate(np.ndindex(ids.shape))
        if all(k < 0 or pos[a] == k for a, k in enumerate(key))
    ]
    want_shape = tuple(1 if k >= 0 else ids.shape[a] for a, k in enumerate(key)) + ids.shape[2:]
    if tuple(claimed.shape) != want_shape:
        return f"the right side has shape {tuple(claimed.shape)}, the map {want_shape}"
    flat = list(np.ndindex(tuple(claimed.shape)))
    ratios: set[Fraction | None] = set()
    first = None
    for k, i in enumerate(index):
        got = Poly(dict(claimed.entry(flat[k])))
        want = expected[i]
        if got.terms != want.terms and first is None:
            first = flat[k][2:]
        if set(got.terms) == set(want.terms):
            ratios |= {Fraction(got.terms[m]) / Fraction(c) for m, c in want.terms.items() if c}
        else:
            ratios.add(None)
    if first is None:
        return None
    if len(ratios) == 1 and None not in ratios:  # (1/2) sum_n ...: a factor too many
        return f"the right side is {ratios.pop()} times the map, entry by entry"
    return f"the right side differs from the map at entry {first}"


def judge_channel_maps(claim: tuple[Op, Op], ctx: Context) -> dict[str, object]:
    """Verified, wrong, or not understood (raised), as the module doc says."""
    model = ctx.model
    if model is None or not hasattr(model.spec, "kernel") or model.layer is None:
        raise NotUnderstood("a claim about channel maps needs a convolution layer")
    if getattr(model.spec, "groups", 1) != 1:
        raise NotUnderstood("channel maps of a grouped convolution are not read")
    if ctx.extras.get("guessed"):
        raise NotUnderstood("a claim about channel maps at sizes the notes do not state")
    left, right = claim
    if _names_sample(left) or _names_sample(right):
        model = model.batched() if model.batch == 1 else model
    elif ctx.extras.get("batch") and (_one_sample(left) or _one_sample(right)):
        # dW_{f,c} = X_c \star G_f in notes about a batch of N: one sample's formula, or
        # the batch's with its sum forgotten; which one is not read
        raise NotUnderstood(
            "a map written without its sample, in notes about a batch of several: one "
            "sample's formula or the batch's is not read"
        )
    shapes = {name: tuple(model.layer.tensors[t].ids.shape) for name, t in _TAGS.items()}
    letters: dict[str, int] = {}
    _ranges(left, shapes, letters)
    bound = set(letters)
    try:
        _ranges(right, shapes, letters)
    except _Mismatch as exc:
        if exc.letter not in bound or exc.other >= exc.first:
            raise
        # W_{f,c} = A_f \star ...: f takes the left side's values, and the right side's
        # tensor has fewer along that axis, so some entries of the claim read outside it
        return finding(
            WRONG,
            f"the index {exc.letter} runs over the left side's {exc.first} values, but "
            f"{exc.role} has {exc.other} along the axis it selects there: at "
            f"{exc.letter} = {exc.other} the right side reads outside {exc.role}",
        )
    summed = _sum_letters(right)
    base = 1 if ctx.notation.index_base == 1 else 0
    loose = sorted(set(letters) - bound - summed)
    loose_note = f"the sum rebinds {', '.join(sorted(summed & bound))}" if summed & bound else ""
    free = sorted(bound)
    cases = list(itertools.product(*(range(letters[x]) for x in free)))
    outer = list(itertools.product(*(range(letters[x]) for x in loose)))
    if len(cases) * len(outer) > _MAX_CASES:
        raise NotUnderstood("too many channel maps to compare")
    failures: list[str] = []
    # the left side's whole tensor, derived once for every map compared (not once a map)
    mapped = functools.cache(lambda: truth(model, *left.args[0].params))
    for values in outer:
        fixed = dict(zip(loose, values, strict=True))
        why = None
        for case in cases:
            assign = {**dict(zip(free, case, strict=True)), **fixed}
            why = _compare(model, left, right, assign, base, letters, mapped)
            if why is not None:
                where = ", ".join(f"{x} = {assign[x] + base}" for x in free)
                why = f"at {where}: {why}" if where else why
                break
        if why is None:
            if loose:
                raise NotUnderstood(
                    f"the index {', '.join(loose)} is bound by no sum and is not an index of "
                    "the left side (it holds at one of its values)"
                )
            spec = model.spec
            if free and getattr(spec, "in_channels", 1) == 1 and spec.out_channels == 1:
                # one channel and one filter: X_f \star G_c and X_c \star G_f are the same
                # map, so holding says nothing of which index the claim runs over which
                # axis (a swap of f and c, the usual slip, would hold too)
                raise NotUnderstood(
                    f"a claim about channel maps, indexed by {', '.join(free)}, at a layer "
                    "with one channel and one filter: which index runs over the channels "
                    "and which over the filters is not tested there"
                )
            batch = f" and a batch of {model.batch_size}" if model.batch != 1 else ""
            return finding(
                VERIFIED,
                f"holds for {ctx.where}{batch}, every channel map (the operators expanded "
                "entry by entry on each map and compared with the derivation)",
            )
        failures.append(why)
    extra = (
        f" ({loose_note}; the index {', '.join(loose)} left free: it fails at each of its values)"
        if loose
        else ""
    )
    return finding(WRONG, f"{failures[0]}{extra}")


_TAGS = {"X": "X", "W": "W", "G": "G"}
