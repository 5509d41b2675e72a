"""The lambdified kernels (printed from the proved closed forms) against PyTorch autograd."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from symconv.errors import SpecError
from symconv.layers.conv import closed_forms
from symconv.runtime import kernels as K
from symconv.spec.layer import conv

CONFIGS = [  # C, F, groups, kernel, stride, padding (torch form), dilation, H, W, batch
    (4, 6, 2, (2, 3), (2, 1), (1, 1), (1, 2), 7, 9, 2),
    (1, 6, 1, (5, 5), 1, 2, 1, 28, 28, 1),
    (3, 3, 3, (3, 3), 3, 0, 2, 11, 10, 3),
    (2, 4, 1, (1, 1), 1, 0, 1, 3, 5, 4),
    (2, 2, 1, (4, 5), 1, 0, 1, 4, 5, 1),  # kernel as large as the input
]


def torch_conv(x, w, b, stride, padding, dilation, groups, dy):
    xt, wt, bt = (torch.tensor(a, requires_grad=True) for a in (x, w, b))
    zt = F.conv2d(xt, wt, bt, stride, padding, dilation, groups)
    (zt * torch.tensor(dy)).sum().backward()
    return zt.detach().numpy(), xt.grad.numpy(), wt.grad.numpy(), bt.grad.numpy()


@pytest.mark.parametrize("dtype, tol", [(np.float64, 1e-10), (np.float32, 1e-4)])
@pytest.mark.parametrize("config", CONFIGS)
def test_conv2d_matches_torch(config, dtype, tol):
    c, f, groups, kernel, stride, padding, dilation, h, w_, n = config
    rng = np.random.default_rng(1)
    x = rng.standard_normal((n, c, h, w_)).astype(dtype)
    w = rng.standard_normal((f, c // groups, *kernel)).astype(dtype)
    b = rng.standard_normal(f).astype(dtype)
    z = K.conv2d(x, w, b, stride, padding, dilation, groups)
    dy = rng.standard_normal(z.shape).astype(dtype)
    expected = torch_conv(x, w, b, stride, padding, dilation, groups, dy)
    got = (z, *K.conv2d_backward(dy, x, w, stride, padding, dilation, groups))
    for ours, theirs in zip(got, expected, strict=True):
        assert ours.dtype == dtype
        np.testing.assert_allclose(ours, theirs, rtol=tol, atol=tol * np.abs(theirs).max())


def test_asymmetric_padding_is_pad_then_valid_conv():
    rng = np.random.default_rng(2)
    x, w, b = rng.standard_normal((2, 3, 6, 5)), rng.standard_normal((4, 3, 2, 3)), np.zeros(4)
    pads = (1, 0, 2, 1)  # top, bottom, left, right
    xt = F.pad(torch.tensor(x), (pads[2], pads[3], pads[0], pads[1]))
    expected = F.conv2d(xt, torch.tensor(w)).numpy()
    np.testing.assert_allclose(K.conv2d(x, w, b, padding=pads), expected, rtol=1e-12)


def test_conv1d_seed_002_same_convolution():
    """np.convolve(x, w, 'same') from seed 002: true convolution = flipped kernel."""
    x = np.array([[[1, 3, 2, 4, 5, 6, 1, 3]]], dtype=np.float64)
    w = np.array([[[1, 0, 3, 1, 2]]], dtype=np.float64)
    got = K.conv1d(x, w[..., ::-1].copy(), padding="same")
    np.testing.assert_array_equal(got[0, 0], [5, 14, 16, 26, 24, 34, 19, 22])


def test_conv2d_seed_002_4x4_example():
    x = np.array([[1, 3, 2, 4], [5, 6, 1, 3], [1, 2, 0, 2], [3, 4, 3, 2]], dtype=np.float64)
    w = np.array([[1, 0, 3], [1, 2, 1], [0, 1, 1]], dtype=np.float64)
    got = K.conv2d(x[None, None], w[::-1, ::-1].copy()[None, None], padding=1)
    expected = [[11, 25, 32, 13], [19, 25, 24, 13], [13, 28, 25, 17], [11, 17, 14, 9]]
    np.testing.assert_array_equal(got[0, 0], expected)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("batch", [5, 1])  # 1: dW = dyᵀX is an outer product
def test_linear_matches_torch(batch, dtype):
    rng = np.random.default_rng(3)
    x, w, b = (rng.standard_normal(shape).astype(dtype) for shape in ((batch, 7), (3, 7), (3,)))
    xt, wt, bt = (torch.tensor(a, dtype=torch.float64, requires_grad=True) for a in (x, w, b))
    zt = F.linear(xt, wt, bt)
    dy = rng.standard_normal(zt.shape).astype(dtype)
    (zt * torch.tensor(dy, dtype=torch.float64)).sum().backward()
    rtol = 1e-12 if dtype == np.float64 else 1e-5
    z = K.linear(x, w, b)
    assert z.dtype == np.dtype(dtype)
    np.testing.assert_allclose(z, zt.detach().numpy(), rtol=rtol)
    for ours, t in zip(K.linear_backward(dy, x, w), (xt, wt, bt), strict=True):
        assert ours.dtype == np.dtype(dtype) and ours.shape == t.shape
        np.testing.assert_allclose(ours, t.grad.numpy(), rtol=rtol, atol=rtol)


def test_kernel_code_is_printed_from_the_closed_form():
    forms = closed_forms(conv(1, 6, 5, padding=2, name="C1"), (28, 28))
    assert K.source(forms["X"]) == (
        "crop2d(full_convolve2d_rot180(G, W, (1, 1), (1, 1), 1, (32, 32)), (2, 2, 2, 2))"
    )
    assert K.source(forms["W"]) == (
        "correlate2d_grad_weight(pad2d(X, (2, 2, 2, 2)), G, (1, 1), (1, 1), 1, (5, 5))"
    )


@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda: K.conv2d(np.zeros((1, 3, 5, 5)), np.zeros((2, 2, 3, 3))),
            "expects 2 input channels, the input has 3",
        ),
        (
            lambda: K.conv2d(np.zeros((1, 1, 3, 3)), np.zeros((1, 1, 5, 5))),
            "larger than the padded",
        ),
        (
            lambda: K.conv2d(
                np.zeros((1, 2, 5, 5)), np.zeros((2, 2, 3, 3)), stride=2, padding="same"
            ),
            "'same' needs stride 1",
        ),
        (lambda: K.linear(np.zeros((2, 3)), np.zeros((4, 5))), "do not fit"),
    ],
)
def test_bad_shapes_raise_spec_errors(call, message):
    with pytest.raises(SpecError, match=message):
        call()
