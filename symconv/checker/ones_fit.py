"""``\\mathbf{1}^\\top G\\,\\mathbf{1}`` in a convolution's claim: the bias gradient as the sum
of every entry of the output gradient.

In a dense layer's claims ``\\mathbf{1}`` is the batch's column of ones (factors.py).  In
a convolution's, one map's ``G`` is a matrix and the ones on its left and right sum its
rows and columns; their length is the one the product needs, so it is read from the other
factor.  Only a vector of ones (every entry the constant 1, one axis) is refitted, and
only against a factor that is a matrix or a vector once its axes of size 1 are dropped
(one sample, one channel); anything else stays not understood.
"""

from __future__ import annotations

import numpy as np

from symconv.checker.algebra import Arr, Poly, Value, array, matmul
from symconv.checker.limits import Budget, Wrong


def _row(a: Arr, rows: dict[int, tuple[Arr, bool]]) -> bool | None:
    """True for a written 1^T, False for a written 1, None for any other array (the ids
    are of arrays the evaluator made and still holds, so none is reused)."""
    held = rows.get(id(a))
    return held[1] if held is not None and held[0] is a else None


def fit_ones(
    left: Arr, right: Arr, budget: Budget, rows: dict[int, tuple[Arr, bool]]
) -> Value | None:
    """The product with the vector of ones refitted to the other factor, else None."""
    left_row, right_row = _row(left, rows), _row(right, rows)
    if (left_row is None) == (right_row is None):
        return None
    ones_left = left_row is not None
    other = right if ones_left else left
    if other.label and other.num_ndim:
        return None  # a Jacobian's layout is the chain rule's business; a loss's gradient
        # (dL/dZ, a scalar over a map) is the map itself
    data = np.squeeze(other.data)
    if data.ndim not in (1, 2):
        return None
    squeezed = Arr(data)
    if ones_left:
        if not left_row:
            return None  # 1 G: a column on the left of a matrix is no product
        fitted = Arr(array((1, data.shape[0]), lambda _: Poly.const(1)))
        pair = (fitted, squeezed)
    else:
        if right_row:
            return None  # G 1^T: an outer product, no sum
        fitted = Arr(array((data.shape[-1], 1), lambda _: Poly.const(1)))
        pair = (squeezed, fitted)
    try:
        return matmul(*pair, budget)
    except Wrong:
        return None
