"""``A \\star B``, ``A * B`` and ``rot180(A)`` between arrays a note writes, through the
closed-form nodes of :mod:`symconv.ops`: the checker defines no correlation of its own.

The notes' reading of an operator between two arrays (:mod:`symconv.checker.notation_options`)
is a *kind* (correlation or convolution) and a *mode* (``valid``: the positions where the
smaller array fits; ``full``: every overlap).  In nodes, for a kernel K of kh x kw:

- valid correlation = ``Correlate(A, K)``;
- valid convolution = ``Correlate(A, Rot180(K))`` (a convolution is a correlation with the
  kernel reversed along both spatial axes);
- full mode = the same on ``Pad(A, k-1)``: every overlap of K with A is a window of A padded
  by the kernel's extent minus one on each side.

Arrays are read as the nodes' (N, C, H, W) tensors: a row (L) as (1, 1, 1, L), a matrix
(H, W) as (1, 1, H, W), a stack of channels (C, H, W) as (1, C, H, W) with a kernel of the
same C channels (one filter summing over them, as a multi-channel layer does).  As in the
notes, the smaller array slides over the larger whichever side it is written on.

The entries are the checker's :class:`~symconv.checker.algebra.Poly`; their variables are
renumbered into the node arrays' non-negative ids (notes' own symbols have negative ids)
and back, and every term built is charged to the statement's budget.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import product
from math import lcm

import numpy as np
import sympy

from symconv.algebra.termarray import TermArray
from symconv.checker.algebra import Arr, Poly, array, fmt_shape
from symconv.checker.limits import Budget, NotUnderstood, Wrong
from symconv.ops import Correlate, Node, Pad, Rot180


class Given(Node):
    """A leaf holding an array already expanded (the note's own values)."""

    op = "given"

    def __new__(cls, key: str) -> Given:
        return super().__new__(cls, sympy.Symbol(key))

    def expand(self, env) -> TermArray:
        return env[str(self.args[0])]


class _Ids:
    """The checker's variable ids (any int) <-> the node arrays' ids (0, 1, ...)."""

    def __init__(self) -> None:
        self.forward: dict[int, int] = {}
        self.back: list[int] = []

    def of(self, ident: int) -> int:
        if ident not in self.forward:
            self.forward[ident] = len(self.back)
            self.back.append(ident)
        return self.forward[ident]


def _to_terms(data: np.ndarray, ids: _Ids) -> TermArray:
    """An object array of Poly as a TermArray of the same shape."""
    polys = [data[i] for i in product(*(range(n) for n in data.shape))]
    terms = max([len(p.terms) for p in polys] + [1])
    degree = max([len(m) for p in polys for m in p.terms] + [1])
    den = lcm(*[Fraction(c).denominator for p in polys for c in p.terms.values()], 1)
    out = TermArray.zeros(tuple(data.shape), terms, degree, den)
    for index in product(*(range(n) for n in data.shape)):
        for k, (mono, c) in enumerate(sorted(data[index].terms.items())):
            out.mono[(*index, k)][: len(mono)] = [ids.of(v) for v in mono]
            out.coef[(*index, k)] = int(Fraction(c) * den)
    return out


def _from_terms(t: TermArray, ids: _Ids, shape: tuple[int, ...]) -> np.ndarray:
    flat = t.index((0, 0)) if len(t.shape) == 4 else t

    def entry(index: tuple[int, ...]) -> Poly:
        at = (0, *index) if len(shape) == 1 else index
        found = flat.entry(at)
        return Poly({tuple(sorted(ids.back[v] for v in mono)): c for mono, c in found.items()})

    return array(shape, entry)


def _as_tensor(data: np.ndarray, channels_first: bool) -> np.ndarray:
    """(L), (H, W) or (C, H, W) as (N=1, C, H, W)."""
    if data.ndim == 1:
        return data.reshape(1, 1, 1, -1)
    if data.ndim == 2:
        return data.reshape(1, 1, *data.shape)
    if data.ndim == 3 and channels_first:
        return data.reshape(1, *data.shape)
    raise NotUnderstood(
        f"sliding over a {fmt_shape(data.shape)} array (its channel axes) is not read"
    )


def slide(
    a: Arr, b: Arr, kind: str, mode: str, budget: Budget, ordered: bool = False, stride: int = 1
) -> Arr:
    """Correlation or convolution of two arrays of one rank, the smaller sliding over the
    larger (``ordered``: a valid correlation slides its second operand over the first, as
    \\star means; seed 003's w \\otimes I puts the kernel first); ``valid`` keeps the
    positions where it fits, ``full`` every overlap."""
    x, k = a.data, b.data
    if x.ndim != k.ndim:  # channels read on one operand only: the reading, not the claim
        raise NotUnderstood(
            f"a correlation of arrays of ranks {x.ndim} and {k.ndim}: which axes are "
            "channels is not read"
        )
    if k.size > x.size:
        if ordered and kind != "convolution" and mode == "valid":  # a convolution commutes
            raise Wrong(
                f"a valid correlation slides its second operand over the first: the "
                f"{fmt_shape(k.shape)} array does not fit in the "
                f"{fmt_shape(x.shape)} one (are the operands swapped?)"
            )
        x, k = k, x
    if x.ndim == 3 and x.shape[0] != k.shape[0]:
        raise Wrong(
            f"a {fmt_shape(k.shape)} kernel cannot slide over the "
            f"{fmt_shape(x.shape)} array: their channels differ"
        )
    if any(kn > xn for kn, xn in zip(k.shape, x.shape, strict=True)) and mode == "valid":
        raise Wrong(f"the {fmt_shape(k.shape)} array does not fit in the {fmt_shape(x.shape)} one")
    ids = _Ids()
    xt, kt = (_to_terms(_as_tensor(v, True), ids) for v in (x, k))
    node: Node = Given("A")
    kh, kw = kt.shape[-2:]
    if mode == "full":
        node = Pad(node, (kh - 1, kh - 1, kw - 1, kw - 1))
    kernel: Node = Given("K") if kind != "convolution" else Rot180(Given("K"))
    budget.spend(int(np.prod(xt.shape[-2:])) * kt.coef.size * xt.coef.shape[-1])
    out = Correlate(
        node, kernel, (stride, stride) if x.ndim > 1 else (1, stride), (1, 1), 1
    ).expand({"A": xt, "K": kt})
    spatial = out.shape[-2:] if x.ndim > 1 else out.shape[-1:]
    shape = (1, *spatial) if x.ndim == 3 else spatial
    return Arr(_from_terms(out.index((0,)) if x.ndim == 3 else out, ids, shape))


def spatial(a: Arr, node: type, params: tuple[int, ...]) -> Arr:
    """``Pad`` or ``Dilate`` (the node class, its parameters) applied to one map (a row or a
    matrix): the operators a note writes as functions, ``pad_2(G)``, ``dilate_2(G)``."""
    if a.data.ndim not in (1, 2):
        raise NotUnderstood(
            f"padding or dilating a {fmt_shape(a.shape)} array (its channel axes) is not read"
        )
    if a.data.ndim == 1:  # a row: only its one axis
        params = (0, 0, *params[2:]) if len(params) == 4 else (1, params[-1])
    ids = _Ids()
    out = node(Given("A"), params).expand({"A": _to_terms(_as_tensor(a.data, True), ids)})
    return Arr(_from_terms(out, ids, tuple(out.shape[-a.data.ndim :])))


def rot180(a: Arr) -> Arr:
    """The array reversed along its spatial axes (its last two; a row's one) by the node
    :class:`~symconv.ops.Rot180`."""
    if a.data.ndim not in (1, 2, 3):
        raise NotUnderstood(f"rotating a {fmt_shape(a.shape)} array (its channel axes) is not read")
    ids = _Ids()
    turned = Rot180(Given("A")).expand({"A": _to_terms(_as_tensor(a.data, True), ids)})
    if a.data.ndim == 3:
        return Arr(_from_terms(turned.index((0,)), ids, a.shape))
    return Arr(_from_terms(turned, ids, a.shape))
