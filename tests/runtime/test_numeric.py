"""symconv.runtime.numeric against torch autograd (float64 tight, float32 to 1e-4), finite
differences and the worked examples of seed 002 (true convolution = correlation with the
flipped kernel)."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from conftest import assert_close
from hypothesis import given, settings
from hypothesis import strategies as st

from symconv.runtime import numeric as K

SETTINGS = settings(max_examples=60, deadline=None)
DTYPES = st.sampled_from([np.float64, np.float32])
LAYOUTS = st.sampled_from(["nchw", "nhwc", "cnhw"])


def with_layout(x: np.ndarray, layout: str) -> np.ndarray:
    """The same NCHW values stored in another memory order (the primitives accept any)."""
    order = {"nchw": (0, 1, 2, 3), "nhwc": (0, 2, 3, 1), "cnhw": (1, 0, 2, 3)}[layout]
    return np.ascontiguousarray(x.transpose(order)).transpose(np.argsort(order))


def t64(x: np.ndarray, grad: bool = False) -> torch.Tensor:
    """A float64 torch leaf with the (possibly float32-rounded) values of x."""
    return torch.tensor(np.asarray(x, dtype=np.float64), requires_grad=grad)


def torch_pad(x: torch.Tensor, pads, value: float = 0.0) -> torch.Tensor:
    top, bottom, left, right = pads
    return F.pad(x, (left, right, top, bottom), value=value)


@st.composite
def conv_configs(draw):
    groups = draw(st.integers(1, 3))
    cg, fg = draw(st.integers(1, 2)), draw(st.integers(1, 2))
    kh, kw = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    stride = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    dilation = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    pads = tuple(draw(st.integers(0, 3)) for _ in range(4))
    # extra = 0 makes the (dilated) kernel exactly as large as the padded input.
    extra_h, extra_w = (draw(st.sampled_from([0, 0, 1, 2, 3, 5, 8])) for _ in range(2))
    h = max(1, dilation[0] * (kh - 1) + 1 + extra_h - pads[0] - pads[1])
    w = max(1, dilation[1] * (kw - 1) + 1 + extra_w - pads[2] - pads[3])
    n = draw(st.integers(1, 4))
    return dict(
        n=n,
        c=cg * groups,
        f=fg * groups,
        groups=groups,
        k=(kh, kw),
        h=h,
        w=w,
        stride=stride,
        dilation=dilation,
        pads=pads,
    )


# ------------------------------------------------------------------ convolution


@SETTINGS
@given(cfg=conv_configs(), dtype=DTYPES, layout=LAYOUTS, seed=st.integers(0, 2**16))
def test_convolution_matches_torch(cfg, dtype, layout, seed):
    rng = np.random.default_rng(seed)
    x = with_layout(
        rng.standard_normal((cfg["n"], cfg["c"], cfg["h"], cfg["w"])).astype(dtype), layout
    )
    w = rng.standard_normal((cfg["f"], cfg["c"] // cfg["groups"], *cfg["k"])).astype(dtype)
    s, d, g, pads = cfg["stride"], cfg["dilation"], cfg["groups"], cfg["pads"]

    xt, wt = t64(x, grad=True), t64(w, grad=True)
    xpt = torch_pad(xt, pads)
    zt = F.conv2d(xpt, wt, stride=s, dilation=d, groups=g)
    gz = with_layout(rng.standard_normal(tuple(zt.shape)).astype(dtype), layout)
    zt.backward(t64(gz))

    xpad = K.pad2d(x, pads)
    assert_close(xpad, xpt, dtype)
    assert_close(K.correlate2d(xpad, w, s, d, g), zt, dtype)
    assert_close(K.correlate2d_grad_weight(xpad, gz, s, d, g, cfg["k"]), wt.grad, dtype)
    b = rng.standard_normal(cfg["f"]).astype(dtype)
    with K.reuse_gathers():  # the forward's panels [A | 1] serve dW, and their product db
        zb = K.correlate2d_bias(xpad, w, b, s, d, g)
        assert_close(K.correlate2d_grad_weight(xpad, gz, s, d, g, cfg["k"]), wt.grad, dtype)
        assert_close(K.bias_grad(gz), gz.astype(np.float64).sum(axis=(0, 2, 3)), dtype)
    assert_close(zb, zt + torch.from_numpy(b.astype(np.float64))[:, None, None], dtype)
    dxpad = K.full_convolve2d_rot180(gz, w, s, d, g, xpad.shape[2:])
    assert_close(K.crop2d(dxpad, pads), xt.grad, dtype)
    assert_close(K.full_convolve2d_rot180(gz, w, s, d, g, xpad.shape), dxpad, dtype)
    assert_close(K.bias_grad(gz), gz.astype(np.float64).sum(axis=(0, 2, 3)), dtype)


def test_convolution_gradients_match_finite_differences():
    """L = sum(Z · G): dL/dW and dL/dX by central differences in float64."""
    rng = np.random.default_rng(1)
    s, d, g, pads, k = (2, 1), (1, 2), 2, (1, 0, 2, 1), (2, 3)
    x = rng.standard_normal((2, 4, 5, 6))
    w = rng.standard_normal((4, 2, *k))
    gz = rng.standard_normal(K.correlate2d(K.pad2d(x, pads), w, s, d, g).shape)

    def loss(x_: np.ndarray, w_: np.ndarray) -> float:
        return float((K.correlate2d(K.pad2d(x_, pads), w_, s, d, g) * gz).sum())

    def numeric_grad(f, v: np.ndarray, eps: float = 1e-6) -> np.ndarray:
        out = np.zeros_like(v)
        for idx in np.ndindex(v.shape):
            plus, minus = v.copy(), v.copy()
            plus[idx] += eps
            minus[idx] -= eps
            out[idx] = (f(plus) - f(minus)) / (2 * eps)
        return out

    dw = K.correlate2d_grad_weight(K.pad2d(x, pads), gz, s, d, g, k)
    dx = K.crop2d(K.full_convolve2d_rot180(gz, w, s, d, g, K.pad2d(x, pads).shape[2:]), pads)
    np.testing.assert_allclose(dw, numeric_grad(lambda v: loss(x, v), w), rtol=1e-7, atol=1e-7)
    np.testing.assert_allclose(dx, numeric_grad(lambda v: loss(v, w), x), rtol=1e-7, atol=1e-7)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_seed_002_one_dimensional_same_convolution(dtype):
    """np.convolve(x, w, 'same'): correlation with the flipped kernel, padding 2, height 1."""
    x = np.array([1, 3, 2, 4, 5, 6, 1, 3], dtype=dtype).reshape(1, 1, 1, 8)
    w = np.array([1, 0, 3, 1, 2], dtype=dtype)[::-1].reshape(1, 1, 1, 5)
    y = K.correlate2d(K.pad2d(x, (0, 0, 2, 2)), w, (1, 1), (1, 1), 1)
    assert y.dtype == dtype
    np.testing.assert_array_equal(y.ravel(), [5, 14, 16, 26, 24, 34, 19, 22])


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_seed_002_two_dimensional_same_convolution(dtype):
    x = np.array([[1, 3, 2, 4], [5, 6, 1, 3], [1, 2, 0, 2], [3, 4, 3, 2]], dtype=dtype)
    w = np.array([[1, 0, 3], [1, 2, 1], [0, 1, 1]], dtype=dtype)
    y = K.correlate2d(
        K.pad2d(x[None, None], (1, 1, 1, 1)), w[::-1, ::-1][None, None], (1, 1), (1, 1), 1
    )
    expected = [[11, 25, 32, 13], [19, 25, 24, 13], [13, 28, 25, 17], [11, 17, 14, 9]]
    np.testing.assert_array_equal(y[0, 0], expected)


def test_long_one_dimensional_signal_uses_several_panels():
    """A 1D signal far wider than one GEMM block, with stride and dilation."""
    rng = np.random.default_rng(2)
    x, w = rng.standard_normal((2, 3, 1, 401)), rng.standard_normal((4, 3, 1, 7))
    xt, wt = t64(x, grad=True), t64(w, grad=True)
    zt = F.conv2d(xt, wt, stride=(1, 2), dilation=(1, 3))
    gz = rng.standard_normal(tuple(zt.shape))
    zt.backward(t64(gz))
    assert_close(K.correlate2d(x, w, (1, 2), (1, 3), 1), zt, np.float64)
    assert_close(K.correlate2d_grad_weight(x, gz, (1, 2), (1, 3), 1, (1, 7)), wt.grad, np.float64)
    assert_close(K.full_convolve2d_rot180(gz, w, (1, 2), (1, 3), 1, (1, 401)), xt.grad, np.float64)


def test_results_survive_later_calls_and_freed_buffers_are_reused():
    """The buffer recycler never hands out memory that a live array (or view) still uses."""
    rng = np.random.default_rng(7)
    x = rng.standard_normal((64, 4, 16, 16)).astype(np.float32)
    w = rng.standard_normal((8, 4, 3, 3)).astype(np.float32)
    first = K.correlate2d(x, w, (1, 1), (1, 1), 1)
    view = first[:, 2:5]
    kept, kept_view = first.copy(), view.copy()
    del first
    for _ in range(3):  # same shapes: only a dead buffer may be reused
        K.correlate2d(2 * x, w, (1, 1), (1, 1), 1)
        K.tanh(K.correlate2d(x + 1, w, (1, 1), (1, 1), 1))
    np.testing.assert_array_equal(view, kept_view)
    second = K.correlate2d(x, w, (1, 1), (1, 1), 1)
    np.testing.assert_array_equal(second, kept)
    del second, view
    pooled = K._MEMORY._bytes
    for _ in range(5):  # every result dies at once: its buffer serves the next call
        K.correlate2d(x, w, (1, 1), (1, 1), 1)
    assert K._MEMORY._bytes == pooled


def test_recycler_serves_nearby_sizes_from_one_buffer_but_never_a_live_one():
    """Sizes in one size class share a pooled buffer once it is free; a live array's buffer
    is never handed out; a class wastes at most 1/16 of its buffer."""
    memory = K._Recycler()
    for nbytes in (1 << 16, 100_000, 1_234_567, (1 << 20) + 1, 3 << 20):
        size = memory.size_class(nbytes)
        assert nbytes <= size <= nbytes * 17 / 16 and size % 64 == 0
    # 60 and 62 images of (28, 28, 6) float32: 1,128,960 and 1,166,592 bytes, one class
    assert memory.size_class(60 * 4704 * 4) == memory.size_class(62 * 4704 * 4)
    a = memory.empty((60, 28, 28, 6), np.float32)
    a.fill(1)
    b = memory.empty((62, 28, 28, 6), np.float32)  # a is alive: a second buffer
    assert not np.shares_memory(a, b) and memory._bytes == 2 * memory.size_class(a.nbytes)
    b.fill(2)
    assert (a == 1).all()
    address = b.ctypes.data
    del b
    c = memory.empty((60, 28, 28, 6), np.float32)  # b's buffer is free: reused
    assert c.ctypes.data == address and memory._bytes == 2 * memory.size_class(a.nbytes)


def test_bad_convolution_arguments_raise():
    x, w = np.zeros((1, 4, 5, 5)), np.zeros((3, 2, 3, 3))
    with pytest.raises(ValueError, match="groups=2"):
        K.correlate2d(x, w, (1, 1), (1, 1), 2)
    with pytest.raises(ValueError, match="does not fit"):
        K.correlate2d(x, np.zeros((2, 4, 6, 1)), (1, 1), (1, 1), 1)
    with pytest.raises(ValueError, match="pads"):
        K.pad2d(x, (1, -1, 0, 0))


# ------------------------------------------------------------------ pooling


@st.composite
def pool_configs(draw):
    kh, kw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    stride = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    pads = (
        draw(st.integers(0, kh - 1)),
        draw(st.integers(0, kh - 1)),
        draw(st.integers(0, kw - 1)),
        draw(st.integers(0, kw - 1)),
    )
    h = max(1, kh - pads[0] - pads[1] + draw(st.integers(0, 6)))
    w = max(1, kw - pads[2] - pads[3] + draw(st.integers(0, 6)))
    return dict(
        n=draw(st.integers(1, 3)),
        c=draw(st.integers(1, 3)),
        h=h,
        w=w,
        k=(kh, kw),
        stride=stride,
        pads=pads,
    )


@SETTINGS
@given(cfg=pool_configs(), dtype=DTYPES, layout=LAYOUTS, seed=st.integers(0, 2**16))
def test_avg_pool_matches_torch(cfg, dtype, layout, seed):
    rng = np.random.default_rng(seed)
    x = with_layout(
        rng.standard_normal((cfg["n"], cfg["c"], cfg["h"], cfg["w"])).astype(dtype), layout
    )
    k, s, pads = cfg["k"], cfg["stride"], cfg["pads"]
    xt = t64(x, grad=True)
    yt = F.avg_pool2d(torch_pad(xt, pads), k, s)  # zero padding counted: count_include_pad
    gy = with_layout(rng.standard_normal(tuple(yt.shape)).astype(dtype), layout)
    yt.backward(t64(gy))
    assert_close(K.avg_pool2d(x, k, s, pads), yt, dtype)
    assert_close(K.avg_pool2d_grad(gy, x.shape, k, s, pads), xt.grad, dtype)


@pytest.mark.parametrize("layout", ["nchw", "nhwc"])
@pytest.mark.parametrize("h, w", [(8, 6), (7, 9)])
def test_side_by_side_avg_pool_with_leftover_rows_and_columns(layout, h, w):
    """The (N, H, W, C) fast path of LeNet's pools, also when windows do not cover X."""
    rng = np.random.default_rng(9)
    x = with_layout(rng.standard_normal((3, 4, h, w)), layout)
    xt = t64(x, grad=True)
    yt = F.avg_pool2d(xt, (2, 3), (2, 3))
    gy = with_layout(rng.standard_normal(tuple(yt.shape)), layout)
    yt.backward(t64(gy))
    assert_close(K.avg_pool2d(x, (2, 3), (2, 3), (0, 0, 0, 0)), yt, np.float64)
    assert_close(K.avg_pool2d_grad(gy, x.shape, (2, 3), (2, 3), (0, 0, 0, 0)), xt.grad, np.float64)


@SETTINGS
@given(cfg=pool_configs(), dtype=DTYPES, layout=LAYOUTS, seed=st.integers(0, 2**16))
def test_max_pool_matches_torch(cfg, dtype, layout, seed):
    rng = np.random.default_rng(seed)
    x = with_layout(
        rng.standard_normal((cfg["n"], cfg["c"], cfg["h"], cfg["w"])).astype(dtype), layout
    )
    k, s, pads = cfg["k"], cfg["stride"], cfg["pads"]
    xt = t64(x, grad=True)
    xpt = torch_pad(xt, pads, value=-np.inf)
    yt, it = F.max_pool2d(xpt, k, s, return_indices=True)
    gy = rng.standard_normal(tuple(yt.shape)).astype(dtype)
    yt.backward(t64(gy))
    y, index = K.max_pool2d(x, k, s, pads)
    assert_close(y, yt, dtype)
    wp = xpt.shape[3]  # torch indexes the padded plane: move to the unpadded one
    expected = (it // wp - pads[0]) * cfg["w"] + (it % wp - pads[2])
    np.testing.assert_array_equal(index, expected.numpy())
    assert_close(K.max_pool2d_grad(gy, index, x.shape, k, s, pads), xt.grad, dtype)


def test_max_pool_ties_take_the_first_maximum_in_row_major_order():
    x = np.array([[[[1.0, 3.0, 3.0, 1.0], [3.0, 0.0, 1.0, 3.0]]]])
    y, index = K.max_pool2d(x, (2, 2), (2, 2), (0, 0, 0, 0))
    np.testing.assert_array_equal(y, [[[[3.0, 3.0]]]])
    np.testing.assert_array_equal(index, [[[[1, 2]]]])
    _, torch_index = F.max_pool2d(torch.tensor(x), 2, 2, return_indices=True)
    np.testing.assert_array_equal(index, torch_index.numpy())
    dx = K.max_pool2d_grad(np.ones((1, 1, 1, 2)), index, x.shape, (2, 2), (2, 2), (0, 0, 0, 0))
    np.testing.assert_array_equal(dx, [[[[0, 1, 1, 0], [0, 0, 0, 0]]]])


@pytest.mark.parametrize("kernel", [(1, 1), (2, 2), (3, 2), (2, 3)])
@pytest.mark.parametrize("layout", ["nchw", "nhwc", "cnhw"])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("size", [(7, 8), (8, 6)])
def test_side_by_side_max_pool_matches_torch_with_many_ties(kernel, layout, dtype, size):
    """stride = kernel, no padding (LeNet's pools): the fast paths (2x2 on channels-last
    memory has its own), on small integers so that most windows hold ties; sizes that leave
    rows and columns outside every window, and sizes that windows tile."""
    rng = np.random.default_rng(sum(kernel))
    x = with_layout(rng.integers(-2, 3, (2, 3, *size)).astype(dtype), layout)
    xt = t64(x, grad=True)
    yt, it = F.max_pool2d(xt, kernel, kernel, return_indices=True)
    gy = rng.standard_normal(tuple(yt.shape)).astype(dtype)
    yt.backward(t64(gy))
    y, index = K.max_pool2d(x, kernel, kernel, (0, 0, 0, 0))
    np.testing.assert_array_equal(y, yt.detach().numpy())
    np.testing.assert_array_equal(index, it.numpy())
    dx = K.max_pool2d_grad(gy, index, x.shape, kernel, kernel, (0, 0, 0, 0))
    np.testing.assert_array_equal(dx, xt.grad.numpy())
    assert dx.dtype == np.dtype(dtype)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("size", [(8, 8), (7, 9), (6, 5)])
@pytest.mark.parametrize("channels", [1, 3, 8])
def test_max_pool_2x2_winners_in_a_step_route_like_torch(dtype, size, channels):
    """Inside reuse_gathers a 2x2 pool on channels-last memory hands its winners (no index)
    to max_pool2d_grad: on small integers (ties in most windows), with rows and columns no
    window reads, and an infinite and a NaN gradient, dX equals torch autograd's and the
    index path's bytes, and np.asarray of the winners is torch's index."""
    rng = np.random.default_rng(channels + size[1])
    x = with_layout(rng.integers(-2, 3, (3, channels, *size)).astype(dtype), "nhwc")
    pooled = (3, channels, size[0] // 2, size[1] // 2)
    gy = with_layout(rng.standard_normal(pooled).astype(dtype), "nhwc")
    gy[0, 0, 0, 0], gy[2, -1, -1, -1] = np.inf, np.nan
    xt = t64(x, grad=True)
    yt, it = F.max_pool2d(xt, 2, 2, return_indices=True)
    yt.backward(t64(gy))
    args = ((2, 2), (2, 2), (0, 0, 0, 0))
    with K.reuse_gathers():
        y, winners = K.max_pool2d(x, *args)
        assert not isinstance(winners, np.ndarray)
        dx = K.max_pool2d_grad(gy, winners, x.shape, *args)
        np.testing.assert_array_equal(np.asarray(winners), it.numpy())
    _, index = K.max_pool2d(x, *args)  # outside: the index array
    np.testing.assert_array_equal(index, it.numpy())
    np.testing.assert_array_equal(y, yt.detach().numpy())
    np.testing.assert_array_equal(dx, xt.grad.numpy())
    assert dx.tobytes() == K.max_pool2d_grad(gy, index, x.shape, *args).tobytes()
    assert dx.dtype == np.dtype(dtype)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("size", [(8, 8), (7, 9)])
def test_max_pool_2x2_outside_a_step_makes_the_index_only_when_read(dtype, size):
    """A forward pass alone (outside reuse_gathers) reads Y only: the 2x2 pool on
    channels-last memory gives a pair whose index is made on first reading.  Y read first,
    the index read afterwards (and by negative position), both equal torch's, on small
    integers (ties in most windows) and zeros of both signs."""
    rng = np.random.default_rng(size[1])
    values = rng.integers(-2, 3, (3, 8, *size)).astype(dtype)
    values[values == 0] = rng.choice(np.array([0.0, -0.0], dtype), int((values == 0).sum()))
    x = with_layout(values, "nhwc")
    yt, it = F.max_pool2d(torch.tensor(x), 2, 2, return_indices=True)
    pair = K.max_pool2d(x, (2, 2), (2, 2), (0, 0, 0, 0))
    assert len(pair) == 2 and not isinstance(pair, tuple)
    np.testing.assert_array_equal(pair[0], yt.numpy())
    assert pair[0] is pair[-2]
    np.testing.assert_array_equal(pair[1], it.numpy())
    assert pair[-1] is pair[1]  # made once
    y, index = pair
    assert y is pair[0] and index is pair[1]
    with pytest.raises(IndexError):
        pair[2]


def test_side_by_side_max_pool_with_nan_reports_the_first_nan():
    x = np.array([[[[1.0, np.nan, 5.0, 2.0], [np.nan, 9.0, 3.0, 4.0]]]], np.float32)
    y, index = K.max_pool2d(x, (2, 2), (2, 2), (0, 0, 0, 0))
    assert np.isnan(y[0, 0, 0, 0]) and y[0, 0, 0, 1] == 5.0
    np.testing.assert_array_equal(index, [[[[1, 2]]]])


def test_max_pool_rejects_windows_of_padding_only():
    with pytest.raises(ValueError, match="smaller than the kernel"):
        K.max_pool2d(np.zeros((1, 1, 4, 4)), (2, 2), (2, 2), (2, 0, 0, 0))


# ------------------------------------------------------------------ dense, activations, loss


@SETTINGS
@given(
    n=st.integers(1, 5),
    fan_in=st.integers(1, 9),
    fan_out=st.integers(1, 9),
    dtype=DTYPES,
    seed=st.integers(0, 2**16),
)
def test_linear_matches_torch(n, fan_in, fan_out, dtype, seed):
    rng = np.random.default_rng(seed)
    x, w, b = (
        rng.standard_normal(shape).astype(dtype)
        for shape in ((n, fan_in), (fan_out, fan_in), (fan_out,))
    )
    xt, wt, bt = t64(x, True), t64(w, True), t64(b, True)
    yt = F.linear(xt, wt, bt)
    g = rng.standard_normal((n, fan_out)).astype(dtype)
    yt.backward(t64(g))
    assert_close(K.linear(x, w, b), yt, dtype)
    for ours, theirs in zip(K.linear_grad(g, x, w), (xt.grad, wt.grad, bt.grad), strict=True):
        assert_close(ours, theirs, dtype)


ACTIVATIONS = [("tanh", torch.tanh), ("sigmoid", torch.sigmoid), ("relu", torch.relu)]


@pytest.mark.parametrize("name, torch_fn", ACTIVATIONS)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_activations_match_torch(name, torch_fn, dtype):
    rng = np.random.default_rng(3)
    z = np.concatenate([rng.standard_normal(50) * 3, [0.0, -0.0, 60.0, -60.0, 200.0, -200.0]])
    z = with_layout(z.astype(dtype).reshape(2, 2, 2, 7), "nhwc")
    zt = t64(z, grad=True)
    yt = torch_fn(zt)
    g = rng.standard_normal(z.shape).astype(dtype)
    yt.backward(t64(g))
    with np.errstate(over="raise", invalid="raise", divide="raise"):  # large |z|: no overflow
        y = getattr(K, name)(z)
        dz = getattr(K, name + "_grad")(g, y)
    assert_close(y, yt, dtype)
    assert_close(dz, zt.grad, dtype)


def test_relu_gradient_at_zero_is_zero():
    dz = K.relu_grad(np.ones(3), K.relu(np.array([-1.0, 0.0, 2.0])))
    np.testing.assert_array_equal(dz, [0.0, 0.0, 1.0])


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_relu_gradient_is_exactly_zero_where_off_even_for_nan_and_inf(dtype):
    """As torch's threshold_backward: a NaN or infinite G does not leak where Y <= 0."""
    y = K.relu(np.array([-1.0, 0.0, 2.0, -3.0, 0.5, 0.0], dtype))
    g = np.array([np.nan, np.inf, np.nan, -np.inf, -np.inf, 4.0], dtype)
    yt = t64(np.array([-1.0, 0.0, 2.0, -3.0, 0.5, 0.0]), grad=True)
    torch.relu(yt).backward(t64(g))
    dz = K.relu_grad(g, y)
    assert dz.dtype == np.dtype(dtype)
    np.testing.assert_array_equal(dz, yt.grad.numpy())  # NaN where G is NaN and Y > 0


@pytest.mark.parametrize("name, torch_fn", ACTIVATIONS)
@pytest.mark.parametrize("layouts", [("nhwc", "nhwc"), ("nchw", "nchw"), ("nhwc", "nchw")])
def test_activations_in_blocks_match_torch(monkeypatch, name, torch_fn, layouts):
    """Arrays larger than two blocks run block by block in memory order (G and Y in the
    same layout) or whole (different layouts); both agree with torch, in float32."""
    # 64 float32s: a 3·4·5·6 array is 6 blocks
    monkeypatch.setattr(K.pointwise, "ELEMENTWISE_BYTES", 256)
    rng = np.random.default_rng(11)
    z = with_layout((rng.standard_normal((3, 4, 5, 6)) * 4).astype(np.float32), layouts[0])
    zt = t64(z, grad=True)
    yt = torch_fn(zt)
    g = with_layout(rng.standard_normal(z.shape).astype(np.float32), layouts[1])
    yt.backward(t64(g))
    y = getattr(K, name)(z)
    dz = getattr(K, name + "_grad")(g, y)
    assert len(K._blocks(K._empty_like(y), g, y)) == (6 if layouts[0] == layouts[1] else 1)
    assert_close(y, yt, np.float32)
    assert_close(dz, zt.grad, np.float32)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("scale", [1.0, 1e4])
def test_softmax_cross_entropy_matches_torch(dtype, scale):
    rng = np.random.default_rng(4)
    logits = (rng.standard_normal((6, 10)) * scale).astype(dtype)
    labels = rng.integers(0, 10, 6)
    lt = t64(logits, grad=True)
    loss_t = F.cross_entropy(lt, torch.tensor(labels))
    loss_t.backward()
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        loss, d = K.softmax_cross_entropy(logits, labels)
    assert np.asarray(loss).dtype == np.dtype(dtype)
    assert_close(np.asarray(loss), loss_t, dtype)
    assert_close(d, lt.grad, dtype)


@pytest.mark.parametrize("labels", [[0, -1], [0, 3], [0.0, 1.0]])
def test_softmax_cross_entropy_refuses_labels_outside_the_classes(labels):
    """A label outside [0, K) would read another row's logit (flat indices): refused."""
    with pytest.raises(ValueError, match=r"must be integers in \[0, 3\)"):
        K.softmax_cross_entropy(np.zeros((2, 3)), np.array(labels))


@pytest.mark.parametrize("layout", ["nchw", "nhwc", "cnhw"])
@pytest.mark.parametrize("channels", [1, 3, 4, 5, 8])
@pytest.mark.parametrize("pads", [(1, 1, 1, 1), (2, 0, 0, 0), (0, 1, 2, 3)])
def test_pad2d_equals_numpy_pad_in_every_layout(layout, channels, pads):
    """pad2d writes channels-last memory; a few channels of another order are copied
    channel by channel (the VGG-like net's 3-channel input): the same values either way."""
    rng = np.random.default_rng(channels)
    x = with_layout(rng.standard_normal((2, channels, 5, 6)).astype(np.float32), layout)
    top, bottom, left, right = pads
    expected = np.pad(x, ((0, 0), (0, 0), (top, bottom), (left, right)))
    np.testing.assert_array_equal(K.pad2d(x, pads), expected)


def test_reuse_gathers_remembers_per_array_inside_the_block_only():
    rng = np.random.default_rng(0)
    x, g = rng.standard_normal((2, 3, 6, 7)), rng.standard_normal((2, 4, 5, 7))
    pads = (1, 0, 1, 1)
    assert K.pad2d(x, pads) is not K.pad2d(x, pads)  # outside: fresh each time
    plain = K.correlate2d_grad_weight(K.pad2d(x, pads), g, (1, 1), (1, 1), 1, (3, 3))
    with K.reuse_gathers():
        xpad = K.pad2d(x, pads)
        assert K.pad2d(x, pads) is xpad  # the same array: remembered
        assert K.pad2d(x.copy(), pads) is not xpad  # another array: not confused
        w = rng.standard_normal((4, 3, 3, 3))
        K.correlate2d(xpad, w, (1, 1), (1, 1), 1)  # gathers the windows once
        reused = K.correlate2d_grad_weight(xpad, g, (1, 1), (1, 1), 1, (3, 3))
        _, first = K.max_pool2d(x, (2, 2), (2, 2), (0, 0, 0, 0))
        assert K.max_pool2d(x, (2, 2), (2, 2), (0, 0, 0, 0))[1] is first
    np.testing.assert_array_equal(reused, plain)
    assert K.pad2d(x, pads) is not xpad  # forgotten at the end of the block
