"""An input entry written with a literal index in the layer's zero padding: ``x_{-1}`` in
``y_3 = w_0 x_{-1} + w_1 x_1 + w_2 x_3`` under a causal padding of 4, ``x_{0,-1}`` under
padding 1.

A padded convolution reads its input extended by zeros: with p entries of padding before
the first index b, the entries b-p .. b-1 (and as many after the last as the padding after
it) are those zeros.  A claim that names one of them literally names that zero, exactly as
a computed index (``x_{t-4}`` at t = 3) does under the zero convention, so it reads 0.  An
index beyond the padding, or any index of a layer without padding on that side, stays an
entry the layer does not have (indexing.Evaluator.outside).
"""

from __future__ import annotations

from symconv.spec.layer import Conv


def in_zero_padding(spec, view, ref, positions, written) -> bool:  # type: ignore[no-untyped-def]
    """Whether the literal entry ``written`` of the input lies in the padding band of a
    padded convolution (outside the input on some spatial axis, inside the padding on all)."""
    if ref.role != "X" or ref.grad or type(spec) is not Conv:
        return False
    top, bottom, left, right = spec.padding
    pads = {2: (top, bottom), 3: (left, right)}  # the (N, C, H, W) axes padded
    band = False
    for k, value in enumerate(written):
        at = positions[k]
        i = value - view.bases[at]
        if 0 <= i < view.shape[at]:
            continue
        before, after = pads.get(view.axes[at], (0, 0))
        if not -before <= i < view.shape[at] + after:
            return False
        band = True
    return band
