"""The code an exported module carries around its printed kernels, kept as real source.

``symconv export`` copies sections of this file (each starts at a ``# section: NAME`` line)
into the module it writes, after the numeric primitives and the printed kernels; the names
this code calls (``_linear_forward``, ``_tanh_dZ``, ``sum_axes``, ``run_forward``,
``PARAMETERS``, ...) are defined there, not here, and the tables marked ``# @NAME@`` are
filled with the exported configurations.  Nothing imports this module to run it; ruff and
the tests read it like any other (tests/runtime/test_export.py runs what it becomes).
"""
# ruff: noqa: F821  (the names the sections call live in the exported module)

import numpy as np

# section: dispatch
_CONVS: list = []  # @CONVS@
_AVG_POOLS: list = []  # @AVG@
_MAX_POOLS: list = []  # @MAX@


def _find(x, w, stride, padding, dilation, groups):
    for sel, *fns in _CONVS:
        if (
            tuple(x.shape[1:]) == sel["x_shape"]
            and tuple(w.shape) == sel["w_shape"]
            and stride in sel["stride"]
            and dilation in sel["dilation"]
            and padding in sel["padding"]
            and groups == sel["groups"]
        ):
            return fns
    raise ValueError(
        f"conv2d: input {x.shape}, weight {w.shape}, stride {stride!r}, padding "
        f"{padding!r}, dilation {dilation!r}, groups {groups!r} is not an exported "
        "configuration; the rule: one of the configurations listed in this module's header"
    )


def _option(value):
    return tuple(value) if isinstance(value, list) else value


def conv2d(x, w, b=None, stride=1, padding=0, dilation=1, groups=1):
    """Z = corr(pad(x), w) + b for an exported configuration (PyTorch's conv2d)."""
    x, w = np.asarray(x), np.asarray(w)
    forward, _, _, has_bias = _find(
        x, w, _option(stride), _option(padding), _option(dilation), groups
    )
    if has_bias is not None and b is None:
        b = np.zeros(w.shape[0], dtype=np.result_type(x, w))
    z = forward(x, w, np.asarray(b)) if has_bias is not None else forward(x, w)
    return np.ascontiguousarray(z, dtype=np.result_type(x, w))


def conv2d_backward(dy, x, w, stride=1, padding=0, dilation=1, groups=1):
    """(dx, dw, db) of conv2d for the upstream gradient dy."""
    dy, x, w = np.asarray(dy), np.asarray(x), np.asarray(w)
    _, input_grad, weight_grad, bias_grad_fn = _find(
        x, w, _option(stride), _option(padding), _option(dilation), groups
    )
    dtype = np.result_type(dy, x, w)
    db = bias_grad_fn(dy) if bias_grad_fn is not None else sum_axes(dy, (0, 2, 3))
    return tuple(
        np.ascontiguousarray(a, dtype=dtype) for a in (input_grad(w, dy), weight_grad(x, dy), db)
    )


def _pair(value):
    return (value, value) if isinstance(value, int) else tuple(value)


def _find_pool(table, op, x, kernel_size, stride, padding):
    kernel = _pair(kernel_size)
    wanted = (kernel, kernel if stride is None else _pair(stride), _pair(padding))
    for sel, forward, backward in table:
        if (sel["kernel"], sel["stride"], sel["padding"]) == wanted and tuple(x.shape[1:]) == sel[
            "x_shape"
        ]:
            return forward, backward
    raise ValueError(
        f"{op}_pool2d: input {x.shape}, kernel_size {kernel_size!r}, stride {stride!r}, "
        f"padding {padding!r} is not an exported configuration; the rule: one of the "
        "configurations listed in this module's header"
    )


def avg_pool2d(x, kernel_size, stride=None, padding=0):
    x = np.asarray(x)
    return _find_pool(_AVG_POOLS, "avg", x, kernel_size, stride, padding)[0](x)


def avg_pool2d_backward(dy, x, kernel_size, stride=None, padding=0):
    dy, x = np.asarray(dy), np.asarray(x)
    dx = _find_pool(_AVG_POOLS, "avg", x, kernel_size, stride, padding)[1](dy)
    return np.ascontiguousarray(dx, dtype=np.result_type(dy, x))


def max_pool2d(x, kernel_size, stride=None, padding=0):
    x = np.asarray(x)
    return _find_pool(_MAX_POOLS, "max", x, kernel_size, stride, padding)[0](x)


def max_pool2d_backward(dy, x, kernel_size, stride=None, padding=0):
    dy, x = np.asarray(dy), np.asarray(x)
    return _find_pool(_MAX_POOLS, "max", x, kernel_size, stride, padding)[1](dy, x)


def linear(x, w, b=None):
    """x @ w.T + b with w of shape (out, in)."""
    x, w = np.asarray(x), np.asarray(w)
    return _linear_forward(x, w) if b is None else _linear_forward_bias(x, w, np.asarray(b))


def linear_backward(dy, x, w):
    """(dx, dw, db) of linear."""
    dy, x, w = np.asarray(dy), np.asarray(x), np.asarray(w)
    return _linear_dX(w, dy), _linear_dW(x, dy), _linear_db(dy)


def tanh(x):
    return _tanh_forward(np.asarray(x))


def tanh_backward(dy, y):
    """dx from dy and the saved output y = tanh(x)."""
    return _tanh_dZ(np.asarray(dy), np.asarray(y))


def sigmoid(x):
    return _sigmoid_forward(np.asarray(x))


def sigmoid_backward(dy, y):
    """dx from dy and the saved output y = sigmoid(x)."""
    return _sigmoid_dZ(np.asarray(dy), np.asarray(y))


def relu(x):
    return _relu_forward(np.asarray(x))


def relu_backward(dy, y):
    """dx from dy and the saved output y = relu(x) (relu'(0) = 0)."""
    return _relu_dZ(np.asarray(dy), np.asarray(y))


def softmax_cross_entropy(logits, labels):
    """(loss, dlogits) of the mean softmax cross-entropy."""
    return _softmax_cross_entropy(np.asarray(logits), np.asarray(labels))


# section: steps
_KEYS = (("Z", "forward"), ("W", "dW"), ("X", "dX"), ("b", "db"))


def _steps(plan):
    """The steps of run_forward/run_backward, each with the functions printed above."""
    steps = []
    for step in plan:
        if step["op"] == "dense":
            found = {
                "Z": _linear_forward_bias if step["bias"] else _linear_forward,
                "W": _linear_dW,
                "X": _linear_dX,
                "b": _linear_db,
            }
        else:
            found = {key: globals().get(f"_{step['tag']}_{suffix}") for key, suffix in _KEYS}
        act = step["act"]
        if act is not None:
            act = {"A": globals()[f"_{act}_forward"], "Z": globals()[f"_{act}_dZ"]}
        steps.append({**step, **found, "act": act})
    return steps


# section: network
def _arrays(params, x):
    if set(params) != set(PARAMETERS) or any(
        np.shape(params[name]) != shape for name, shape in PARAMETERS.items()
    ):
        got = {name: np.shape(value) for name, value in params.items()}
        raise ValueError(f"params {got} do not fit; the rule: {PARAMETERS}")
    params = {name: np.asarray(params[name]) for name in PARAMETERS}
    dtype = params[next(iter(PARAMETERS))].dtype if PARAMETERS else np.float64
    return params, as_input(np.asarray(x, dtype=dtype), INPUT_SHAPE)


def forward(params, x):
    """The logits (N, classes) for x of shape (N, *INPUT_SHAPE); params keyed like
    PARAMETERS (the dtype of the arrays, float32 or float64, is the computation's)."""
    params, x = _arrays(params, x)
    return run_forward(_steps(_STEPS), params, x)[0]


def loss_and_grads(params, x, y):
    """(mean softmax cross-entropy over the batch, its gradient for every parameter, keyed
    and ordered like PARAMETERS), as symconv.Model computes them."""
    params, x = _arrays(params, x)
    steps = _steps(_STEPS)
    with reuse_gathers():
        logits, saved = run_forward(steps, params, x)
        loss, grads = run_backward(
            steps, params, logits, saved, np.asarray(y), _softmax_cross_entropy
        )
    return loss, {name: grads[name] for name in PARAMETERS}


# section: lenet
def _lenet_plan(activation, pool):
    if activation not in ("tanh", "sigmoid", "relu") or pool not in ("avg", "max"):
        raise ValueError(
            f"activation {activation!r} / pool {pool!r}: the rule: activation "
            "tanh, sigmoid or relu; pool avg or max"
        )
    return [
        {
            **step,
            "act": activation if step["act"] else None,
            "max": pool == "max",
            "tag": f"{pool}_{step['tag']}" if step["op"] == "pool" else step["tag"],
        }
        for step in _LENET_STEPS
    ]


def lenet5_forward(params, x, activation="tanh", pool="avg"):
    """Logits (N, 10) of LeNet-5 for x (N, 1, 28, 28); params keyed like the PyTorch
    state_dict (c1.weight, c1.bias, c3..., f5..., f6..., out...)."""
    steps = _steps(_lenet_plan(activation, pool))
    return run_forward(steps, params, as_input(np.asarray(x), (1, 28, 28)))[0]


def lenet5_loss_and_grads(params, x, y, activation="tanh", pool="avg"):
    """(mean softmax cross-entropy, gradients keyed like params) of LeNet-5, as
    symconv.runtime.lenet.LeNet5 computes them."""
    steps = _steps(_lenet_plan(activation, pool))
    with reuse_gathers():
        logits, saved = run_forward(steps, params, as_input(np.asarray(x), (1, 28, 28)))
        return run_backward(steps, params, logits, saved, np.asarray(y), _softmax_cross_entropy)
