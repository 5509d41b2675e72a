"""The checker's operators between written arrays (symconv/checker/sliding.py) run the
closed-form nodes of symconv.ops; here they are compared with SciPy's correlate/convolve on
random integer arrays, and with symbols (each entry its own variable, ids of both signs)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from scipy.signal import convolve, correlate

from symconv.checker.algebra import Arr, Poly, array
from symconv.checker.limits import Budget, Wrong
from symconv.checker.sliding import rot180, slide


def constants(values: np.ndarray) -> Arr:
    return Arr(array(values.shape, lambda i: Poly.const(int(values[i]))))


def numbers(a: Arr) -> np.ndarray:
    out = np.zeros(a.shape, dtype=object)
    for index in np.ndindex(*a.shape):
        value = a.data[index].constant()
        out[index] = 0 if value is None else value
    return out


@pytest.mark.parametrize("kind", ["correlation", "convolution"])
@pytest.mark.parametrize("mode", ["valid", "full"])
@pytest.mark.parametrize(
    "shapes", [((7,), (3,)), ((5, 6), (2, 3)), ((4, 4), (3, 3)), ((3, 3), (4, 4)), ((2, 5), (2, 2))]
)
def test_slide_matches_scipy(kind, mode, shapes):
    rng = np.random.default_rng(len(shapes[0]) + 3 * len(kind) + len(mode))
    x, k = (rng.integers(-4, 5, s) for s in shapes)
    big, small = (x, k) if x.size >= k.size else (k, x)
    scipy_op = correlate if kind == "correlation" else convolve
    got = numbers(slide(constants(x), constants(k), kind, mode, Budget()))
    np.testing.assert_array_equal(got, scipy_op(big, small, mode=mode))


@pytest.mark.parametrize("mode", ["valid", "full"])
def test_multichannel_slide_sums_over_the_channels(mode):
    """(C, H, W) over (C, kh, kw): one filter summing its channels, as a layer does; in
    convolution the kernel is reversed along its spatial axes only."""
    rng = np.random.default_rng(5)
    x, k = rng.integers(-3, 4, (2, 4, 5)), rng.integers(-3, 4, (2, 2, 3))
    for kind, op in (("correlation", correlate), ("convolution", convolve)):
        expected = sum(op(x[c], k[c], mode=mode) for c in range(2))
        got = numbers(slide(constants(x), constants(k), kind, mode, Budget()))
        np.testing.assert_array_equal(got, expected[None])


def test_symbols_keep_their_ids_and_coefficients():
    """Entries x_i (ids 10..) and w_j (negative ids, the notes' own symbols), a rational
    coefficient: each output is the sum of products, ids as given."""
    x = Arr(array((3,), lambda i: Poly.var(10 + i[0])))
    w = Arr(array((2,), lambda i: Poly({(-1 - i[0],): Fraction(1, 2)})))
    out = slide(x, w, "correlation", "valid", Budget())
    assert [out.data[i].terms for i in range(2)] == [
        {(-1, 10): Fraction(1, 2), (-2, 11): Fraction(1, 2)},
        {(-1, 11): Fraction(1, 2), (-2, 12): Fraction(1, 2)},
    ]


def test_rot180_reverses_the_spatial_axes():
    values = np.arange(12).reshape(3, 4)
    np.testing.assert_array_equal(numbers(rot180(constants(values))), values[::-1, ::-1])
    stack = np.arange(24).reshape(2, 3, 4)
    np.testing.assert_array_equal(numbers(rot180(constants(stack))), stack[:, ::-1, ::-1])


def test_what_cannot_slide_is_wrong():
    with pytest.raises(Wrong, match="does not fit"):
        slide(
            constants(np.ones((2, 5))), constants(np.ones((3, 3))), "correlation", "valid", Budget()
        )
    with pytest.raises(Wrong, match="channels differ"):
        slide(
            constants(np.ones((3, 4, 4))),
            constants(np.ones((2, 2, 2))),
            "correlation",
            "valid",
            Budget(),
        )
