"""``symconv.runtime.kernels``, every public function, against PyTorch autograd on hypothesis-drawn
configurations: strides 1-3, padding (int, pair, four-sided, 'same', 'valid', 'full'),
dilation 1-3, groups 1-3, batch 1-4, non-square inputs and kernels, float64 (1e-10
relative) and float32 (1e-4), the result in the input's dtype."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from conftest import TOLERANCE, assert_close
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symconv.errors import SpecError
from symconv.runtime import kernels as K
from symconv.spec.layer import resolve_padding

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def leaf(a: np.ndarray) -> torch.Tensor:
    return torch.tensor(a, requires_grad=True)


@st.composite
def conv_cases(draw, dims: int):
    groups = draw(st.integers(1, 3))
    c, f = groups * draw(st.integers(1, 2)), groups * draw(st.integers(1, 2))
    kernel = tuple(draw(st.integers(1, 3)) for _ in range(dims))
    stride = tuple(draw(st.integers(1, 3)) for _ in range(dims))
    dilation = tuple(draw(st.integers(1, 3)) for _ in range(dims))
    kind = draw(st.sampled_from(["int", "pair", "sides", "same", "valid", "full"]))
    if kind == "same":
        stride = (1,) * dims
    padding = {
        "int": draw(st.integers(0, 2)),
        "pair": tuple(draw(st.integers(0, 2)) for _ in range(dims)),
        "sides": tuple(draw(st.integers(0, 3)) for _ in range(2 * dims)),
        "same": "same",
        "valid": "valid",
        "full": "full",
    }[kind]
    if dims == 1 and kind == "pair":
        padding = padding[0]
    span = [d * (k - 1) + 1 for d, k in zip(dilation, kernel, strict=True)]
    size = tuple(draw(st.integers(s, s + 6)) for s in span)  # valid even without padding
    batch = draw(st.integers(1, 4))
    dtype = draw(st.sampled_from([np.float64, np.float32]))
    seed = draw(st.integers(0, 2**16))
    return dict(
        groups=groups,
        c=c,
        f=f,
        kernel=kernel,
        stride=stride,
        dilation=dilation,
        padding=padding,
        size=size,
        batch=batch,
        dtype=dtype,
        seed=seed,
    )


def _sides(case: dict, dims: int) -> tuple[int, ...]:
    """The (top, bottom, left, right) or (left, right) pads symconv resolves the option to."""
    unit = (1,) * (2 - dims)  # a 1D layer is a 2D one of height 1
    kernel, dilation, stride = (unit + case[k] for k in ("kernel", "dilation", "stride"))
    pads = resolve_padding("conv", case["padding"], kernel, dilation, stride, dims)[0]
    return pads if dims == 2 else pads[2:]


def run_conv(case: dict, dims: int) -> None:
    rng = np.random.default_rng(case["seed"])
    dtype = case["dtype"]
    x = rng.standard_normal((case["batch"], case["c"], *case["size"])).astype(dtype)
    w = rng.standard_normal((case["f"], case["c"] // case["groups"], *case["kernel"])).astype(dtype)
    b = rng.standard_normal(case["f"]).astype(dtype)
    opts = dict(
        stride=case["stride"],
        padding=case["padding"],
        dilation=case["dilation"],
        groups=case["groups"],
    )
    if dims == 1:
        opts = {k: (v[0] if isinstance(v, tuple) and len(v) == 1 else v) for k, v in opts.items()}
    forward = K.conv2d if dims == 2 else K.conv1d
    backward = K.conv2d_backward if dims == 2 else K.conv1d_backward
    z = forward(x, w, b, **opts)

    # torch: pad explicitly (F.pad takes the last axis first), then a valid convolution.
    sides = _sides(case, dims)
    torch_pads = sides[2:] + sides[:2] if dims == 2 else sides
    xt, wt, bt = leaf(x), leaf(w), leaf(b)
    conv = F.conv2d if dims == 2 else F.conv1d
    zt = conv(F.pad(xt, torch_pads), wt, bt, case["stride"], 0, case["dilation"], case["groups"])
    assert_close(z, zt, dtype, "Z")
    dy = rng.standard_normal(z.shape).astype(dtype)
    (zt * torch.tensor(dy)).sum().backward()
    dx, dw, db = backward(dy, x, w, **opts)
    for ours, t, name in ((dx, xt, "dX"), (dw, wt, "dW"), (db, bt, "db")):
        assert_close(ours, t.grad, dtype, name)


@SETTINGS
@given(case=conv_cases(2))
def test_conv2d_and_backward_match_torch(case):
    run_conv(case, 2)


@SETTINGS
@given(case=conv_cases(1))
def test_conv1d_and_backward_match_torch(case):
    run_conv(case, 1)


@st.composite
def pool_cases(draw):
    kernel = tuple(draw(st.integers(1, 3)) for _ in range(2))
    stride = draw(st.one_of(st.none(), st.tuples(st.integers(1, 3), st.integers(1, 3))))
    padding = tuple(draw(st.integers(0, k // 2)) for k in kernel)
    size = tuple(draw(st.integers(k, k + 6)) for k in kernel)
    return dict(
        kernel=kernel,
        stride=stride,
        padding=padding,
        size=size,
        shape=(draw(st.integers(1, 4)), draw(st.integers(1, 3)), *size),
        dtype=draw(st.sampled_from([np.float64, np.float32])),
        seed=draw(st.integers(0, 2**16)),
        op=draw(st.sampled_from(["avg", "max"])),
    )


@SETTINGS
@given(case=pool_cases())
def test_pools_and_backward_match_torch(case):
    rng = np.random.default_rng(case["seed"])
    dtype = case["dtype"]
    x = rng.permutation(int(np.prod(case["shape"]))).reshape(case["shape"]).astype(dtype)
    x = x / x.size  # distinct values: no tie decides where a max-pool gradient goes
    args = (case["kernel"], case["stride"], case["padding"])
    forward, backward, torch_pool = (
        (K.avg_pool2d, K.avg_pool2d_backward, F.avg_pool2d)
        if case["op"] == "avg"
        else (K.max_pool2d, K.max_pool2d_backward, F.max_pool2d)
    )
    z = forward(x, *args)
    xt = leaf(x)
    zt = torch_pool(xt, case["kernel"], case["stride"], case["padding"])
    assert_close(z, zt, dtype, "Z")
    dy = rng.standard_normal(z.shape).astype(dtype)
    (zt * torch.tensor(dy)).sum().backward()
    assert_close(backward(dy, x, *args), xt.grad, dtype, "dX")


TORCH_ACTIVATIONS = {"tanh": torch.tanh, "sigmoid": torch.sigmoid, "relu": torch.relu}


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("kind", ["tanh", "sigmoid", "relu"])
def test_activations_and_backward_match_torch(kind, dtype):
    rng = np.random.default_rng(7)
    z = np.concatenate(
        [rng.standard_normal(200) * 4, [0.0, -0.0, 1e-3, -1e-3, 60.0, -60.0, -200.0, 200.0]]
    ).astype(dtype)
    z = z.reshape(2, 4, 26)
    forward, backward = getattr(K, kind), getattr(K, f"{kind}_backward")
    zt = leaf(z)
    at = TORCH_ACTIVATIONS[kind](zt)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow warning at ±200
        a = forward(z)
    assert_close(a, at, dtype, kind)
    dy = rng.standard_normal(z.shape).astype(dtype)
    (at * torch.tensor(dy)).sum().backward()
    assert_close(backward(dy, a), zt.grad, dtype, f"{kind}_backward")


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize(("batch", "classes"), [(1, 2), (4, 10), (3, 7)])
def test_softmax_cross_entropy_matches_torch(batch, classes, dtype):
    rng = np.random.default_rng(batch * classes)
    logits = (rng.standard_normal((batch, classes)) * 5).astype(dtype)
    logits[0, 0] = 80  # exp would overflow float32 without the shift by the row maximum
    labels = rng.integers(0, classes, batch)
    loss, d = K.softmax_cross_entropy(logits, labels)
    zt = leaf(logits)
    lt = F.cross_entropy(zt, torch.tensor(labels))
    lt.backward()
    assert np.asarray(loss).dtype == dtype
    np.testing.assert_allclose(float(loss), lt.item(), rtol=TOLERANCE[np.dtype(dtype)])
    assert_close(d, zt.grad, dtype, "dlogits")


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: K.avg_pool2d(np.zeros((1, 4, 4)), 2), "must be \\(N, C, H, W\\)"),
        (
            lambda: K.avg_pool2d_backward(np.zeros((1, 1, 3, 3)), np.zeros((1, 1, 4, 4)), 2),
            "does not match the output shape",
        ),
        (lambda: K.max_pool2d(np.zeros((1, 1, 4, 4)), 2, padding=2), "pool padding"),
        (lambda: K.tanh_backward(np.zeros(3), np.zeros(4)), "does not match y"),
        (
            lambda: K.softmax_cross_entropy(np.zeros((2, 3)), np.array([0, 3])),
            "labels must lie in \\[0, 3\\)",
        ),
        (
            lambda: K.softmax_cross_entropy(np.zeros((2, 3)), np.array([0.5, 1.0])),
            "must be \\(2,\\) integers",
        ),
    ],
)
def test_bad_arguments_are_spec_errors(call, message):
    with pytest.raises(SpecError, match=message):
        call()


def test_every_kernel_is_printed_from_a_node():
    """The generated source of each kernel calls the primitive its node prints."""
    import inspect

    sources = {
        kind: inspect.getsource(K.activation_kernels(kind)["Z"])
        for kind in ("tanh", "sigmoid", "relu")
    }
    assert all(f"return {kind}_grad(G, A)" in text for kind, text in sources.items())
    from symconv.spec.layer import pool

    avg = K.avg_pool_kernels(pool("avg", 2, 2), (6, 28, 28))
    assert "avg_pool2d(X, (2, 2), (2, 2), (0, 0, 0, 0))" in inspect.getsource(avg["Z"])
    assert "avg_pool2d_grad(G, (G.shape[0], 6, 28, 28)" in inspect.getsource(avg["X"])
    assert "softmax_cross_entropy(Z, y)" in inspect.getsource(K.loss_kernel())


def test_the_max_pool_proof_runs_the_printed_kernel(monkeypatch):
    """The max-pool proof compares SymPy's derivative with what the printed kernel does, so
    a kernel that routes the gradient to the wrong entry fails the proof."""
    from symconv.layers.pool import MaxPoolLayer
    from symconv.runtime import numeric
    from symconv.spec.layer import pool

    def to_the_first_entry(g, argmax, x_shape, kernel, stride, pads):
        top_left = np.zeros_like(argmax)  # every window's gradient to entry (0, 0)
        return numeric.max_pool2d_grad(g, top_left, x_shape, (1, 1), (1, 1), pads)

    layer = MaxPoolLayer(pool("max", 2, 2), (2, 4, 4), batch=1)
    assert layer.prove()[0].proved
    monkeypatch.setitem(K.NAMESPACE, "max_pool2d_grad", to_the_first_entry)
    K.max_pool_kernels.cache_clear()
    try:
        [proof] = MaxPoolLayer(pool("max", 2, 2), (2, 4, 4), batch=1).prove(kernels=False)
    finally:
        K.max_pool_kernels.cache_clear()
    assert not proof.proved and proof.mismatch is not None


@SETTINGS
@given(case=conv_cases(2), dims=st.sampled_from([1, 2]))
def test_convolution_mode_is_correlation_with_the_flipped_kernel(case, dims):
    """mode="convolution" (seeds 002 and 003) against torch with the kernel flipped; its
    weight gradient is torch's flipped back."""
    rng = np.random.default_rng(case["seed"])
    dtype = case["dtype"]
    size, kernel = case["size"][-dims:], case["kernel"][-dims:]
    x = rng.standard_normal((case["batch"], case["c"], *size)).astype(dtype)
    w = rng.standard_normal((case["f"], case["c"] // case["groups"], *kernel)).astype(dtype)
    b = rng.standard_normal(case["f"]).astype(dtype)
    opts = dict(groups=case["groups"], mode="convolution")
    forward = K.conv2d if dims == 2 else K.conv1d
    backward = K.conv2d_backward if dims == 2 else K.conv1d_backward
    z = forward(x, w, b, **opts)
    flip = tuple(range(2, 2 + dims))
    xt, wt, bt = leaf(x), leaf(w), leaf(b)
    conv = F.conv2d if dims == 2 else F.conv1d
    zt = conv(xt, torch.flip(wt, flip), bt, groups=case["groups"])
    assert_close(z, zt, dtype, "Z")
    dy = rng.standard_normal(z.shape).astype(dtype)
    (zt * torch.tensor(dy)).sum().backward()
    for ours, t, name in zip(
        backward(dy, x, w, **opts), (xt, wt, bt), ("dX", "dW", "db"), strict=True
    ):
        assert_close(ours, t.grad, dtype, name)
