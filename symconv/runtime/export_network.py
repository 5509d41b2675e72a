"""``symconv export NET.toml`` (and ``export lenet``): the module of a network, as
:class:`symconv.runtime.model.Model` runs it.

The module holds what every export holds (see :mod:`symconv.runtime.export`: the primitives, the
printed functions, the dispatching ``conv2d`` & co.) for each layer of the network, at its
input size, and after them :mod:`symconv.runtime.model_graph` verbatim with the network's steps
(:func:`symconv.runtime.model.plan`) and three public names::

    PARAMETERS                      name -> shape, in layer order (PyTorch layouts)
    forward(params, x)              the logits (N, classes)
    loss_and_grads(params, x, y)    (mean softmax cross-entropy, gradients keyed like params)

Every function is proved first: the network's identities (as ``symconv prove NET.toml``)
and those of the size-free kernels.

``export lenet`` runs the same graph over LeNet-5's steps, with the activation and the
pooling chosen per call: ``lenet5_forward(params, x, activation, pool)`` and
``lenet5_loss_and_grads(params, x, y, activation, pool)``; its module holds both pools of
S2 and S4.
"""

from __future__ import annotations

import inspect
import pprint

from symconv.runtime import model_graph
from symconv.runtime.export import Bundle, ConvConfig, PoolConfig, TransposeConfig, exported_section
from symconv.runtime.lenet import RENAMED
from symconv.runtime.model import input_shape, param_shapes, plan
from symconv.spec.layer import Conv, ConvTranspose, Dense, Pool, pool
from symconv.spec.network import Network, lenet5


def _graph_source() -> str:
    """model_graph.py without its docstring, the comment that says so first."""
    return (
        "\n\n# The network's graph: symconv/runtime/model_graph.py verbatim."
        + inspect.getsource(model_graph).split('"""', 2)[2]
    )


def _literal(value) -> str:
    """A Python literal of plain data (dicts in their order), wrapped to fit 100 columns."""
    return pprint.pformat(value, width=88, sort_dicts=False)


def _tagged(net: Network, renamed: dict[str, str] | None = None) -> list[dict]:
    """plan(net) with each step's function-name part and without its layer name."""
    steps = plan(net, renamed)  # also refuses two layers with one parameter name
    for number, (step, layer) in enumerate(zip(steps, net.layers, strict=True)):
        step["tag"] = (f"l{number}_" if renamed is None else "") + "".join(
            c if c.isalnum() else "_" for c in layer.name
        ).lower()
        step.pop("name")
    return steps


def lenet_bundle() -> Bundle:
    """C1 and C3, both pools of S2 and S4 (average and max), F5, F6 and the output, and
    the LeNet-5 API over them."""
    steps = _tagged(lenet5(), RENAMED)
    bundle = Bundle(
        convs=[],
        extra="\n".join(
            [
                _graph_source(),
                f"_LENET_STEPS = {_literal(steps)}",
                exported_section("steps"),
                exported_section("lenet"),
            ]
        ),
    )
    for spec, shape_in, _ in lenet5().shapes():
        if isinstance(spec, Conv):
            bundle.convs.append(ConvConfig(spec, shape_in[1:]))
        elif isinstance(spec, Pool):
            for op in ("avg", "max"):
                bundle.pools.append(
                    PoolConfig(
                        pool(op, spec.kernel, spec.stride, spec.padding, name=spec.name), shape_in
                    )
                )
        elif isinstance(spec, Dense):
            bundle.dense.append(spec)
    return bundle


def network_bundle(net: Network) -> Bundle:
    """Every layer of ``net`` at its input size, the network's proofs and its API."""
    steps = _tagged(net)
    bundle = Bundle(convs=[], network=net)
    for step, (layer, shape_in, _) in zip(steps, net.shapes(), strict=True):
        if isinstance(layer, Conv):
            bundle.convs.append(ConvConfig(layer, tuple(shape_in[1:]), step["tag"]))
        elif isinstance(layer, ConvTranspose):
            bundle.transposes.append(TransposeConfig(layer, tuple(shape_in[1:]), step["tag"]))
        elif isinstance(layer, Pool):
            merged = step["merged"] == "relu"
            bundle.pools.append(PoolConfig(layer, tuple(shape_in), step["tag"], merged))
            if merged:  # the graph calls the merged relu + pool functions
                step["tag"] += "_relu"
        elif isinstance(layer, Dense):
            bundle.dense.append(layer)
    shapes = {name: shape for name, (shape, _) in param_shapes(net).items()}
    bundle.extra = "\n".join(
        [
            _graph_source(),
            f"INPUT_SHAPE = {input_shape(net)!r}",
            f"PARAMETERS = {_literal(shapes)}",
            f"_STEPS = {_literal(steps)}",
            exported_section("steps"),
            exported_section("network"),
        ]
    )
    return bundle
