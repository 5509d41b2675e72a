"""``symconv export NET.toml``: the module of one network, as :class:`symconv.model.Model`
runs it.

The module holds what every export holds (see :mod:`symconv.export`: the primitives, the
printed functions, the dispatching ``conv2d`` & co.) for each layer of the network, at its
input size, and after them :mod:`symconv.model_graph` verbatim with the network's steps
(:func:`symconv.model.plan`) and three public names::

    PARAMETERS                      name -> shape, in layer order (PyTorch layouts)
    forward(params, x)              the logits (N, classes)
    loss_and_grads(params, x, y)    (mean softmax cross-entropy, gradients keyed like params)

Every function is proved first: the network's identities (as ``symconv prove NET.toml``)
and those of the size-free kernels.
"""

from __future__ import annotations

import inspect

from . import model_graph
from .export import Bundle, ConvConfig, PoolConfig
from .model import input_shape, param_shapes, plan
from .network import Network
from .spec import Conv, Dense, Pool

_API = '''

_KEYS = (("Z", "forward"), ("W", "dW"), ("X", "dX"), ("b", "db"))


def _steps():
    """The steps of run_forward/run_backward, each with the functions printed above."""
    steps = []
    for step in _STEPS:
        if step["op"] == "dense":
            found = {"Z": _linear_forward_bias if step["bias"] else _linear_forward,
                     "W": _linear_dW, "X": _linear_dX, "b": _linear_db}
        else:
            found = {key: globals().get(f"_{step['tag']}_{suffix}") for key, suffix in _KEYS}
        act = step["act"]
        if act is not None:
            act = {"A": globals()[f"_{act}_forward"], "Z": globals()[f"_{act}_dZ"]}
        steps.append({**step, **found, "act": act})
    return steps


def _arrays(params, x):
    params = {name: np.asarray(value) for name, value in params.items()}
    if list(params) != list(PARAMETERS) or any(
            params[name].shape != shape for name, shape in PARAMETERS.items()):
        got = {name: value.shape for name, value in params.items()}
        raise ValueError(f"params {got} do not fit; the rule: {PARAMETERS}")
    dtype = params[next(iter(PARAMETERS))].dtype if PARAMETERS else np.float64
    return params, as_input(np.asarray(x, dtype=dtype), INPUT_SHAPE)


def forward(params, x):
    """The logits (N, classes) for x of shape (N, *INPUT_SHAPE); params keyed like
    PARAMETERS (the dtype of the arrays, float32 or float64, is the computation's)."""
    params, x = _arrays(params, x)
    return run_forward(_steps(), params, x)[0]


def loss_and_grads(params, x, y):
    """(mean softmax cross-entropy over the batch, its gradient for every parameter, keyed
    and ordered like PARAMETERS), as symconv.Model computes them."""
    params, x = _arrays(params, x)
    steps = _steps()
    with reuse_gathers():
        logits, saved = run_forward(steps, params, x)
        loss, grads = run_backward(steps, params, logits, saved, np.asarray(y),
                                   _softmax_cross_entropy)
    return loss, {name: grads[name] for name in PARAMETERS}
'''


def _graph_source() -> str:
    """model_graph.py without its docstring."""
    return inspect.getsource(model_graph).split('"""', 2)[2]


def network_bundle(net: Network) -> Bundle:
    """Every layer of ``net`` at its input size, the network's proofs and its API."""
    steps = plan(net)  # also refuses two layers with one parameter name
    bundle = Bundle(convs=[], network=net)
    for number, (step, (layer, shape_in, _)) in enumerate(zip(steps, net.shapes(),
                                                             strict=True)):
        label = f"l{number}_" + "".join(c if c.isalnum() else "_" for c in layer.name).lower()
        step["tag"] = label
        if isinstance(layer, Conv):
            bundle.convs.append(ConvConfig(layer, tuple(shape_in[1:]), label))
        elif isinstance(layer, Pool):
            bundle.pools.append(PoolConfig(layer, tuple(shape_in), label))
        elif isinstance(layer, Dense):
            bundle.dense.append(layer)
        step.pop("name")
    shapes = {name: shape for name, (shape, _) in param_shapes(net).items()}
    bundle.extra = "\n".join([
        "", "", "# The network's graph: symconv/model_graph.py verbatim.", _graph_source(),
        f"INPUT_SHAPE = {input_shape(net)!r}", f"PARAMETERS = {shapes!r}",
        f"_STEPS = {steps!r}", _API])
    return bundle
