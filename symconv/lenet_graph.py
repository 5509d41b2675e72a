"""LeNet-5's graph: which printed kernel runs on which array, forward and backward.

Written once and used twice: by :class:`symconv.lenet.LeNet5` with the kernels of
:mod:`symconv.kernels`, and, copied verbatim, by the module ``symconv export lenet``
writes, with the same kernels as printed there.  It imports nothing, so the copy stands
alone.

``k`` maps each layer of :func:`symconv.network.lenet5` (``C1``, ``S2``, ``C3``, ``S4``)
and ``dense`` to its printed kernels (``Z`` forward; ``W``, ``b``, ``X`` gradients, as
:func:`symconv.kernels.conv_kernels` returns them), ``act`` to the activation's
``{"A": σ, "Z": dZ from (G, A)}``, ``loss`` to the softmax cross-entropy ``(L, dL/dZ)``
and ``pool`` to ``"avg"`` or ``"max"``.  ``params`` are keyed like the PyTorch state_dict.
"""

def run_forward(k: dict, params: dict, x):
    """Logits and the activations the backward pass needs."""
    p, act, dense = params, k["act"]["A"], k["dense"]
    a1 = act(k["C1"]["Z"](x, p["c1.weight"], p["c1.bias"]))
    p1 = k["S2"]["Z"](a1)
    a3 = act(k["C3"]["Z"](p1, p["c3.weight"], p["c3.bias"]))
    p3 = k["S4"]["Z"](a3)
    flat = p3.reshape(p3.shape[0], -1)  # NCHW flatten order, as torch.flatten
    a5 = act(dense["Z"](flat, p["f5.weight"], p["f5.bias"]))
    a6 = act(dense["Z"](a5, p["f6.weight"], p["f6.bias"]))
    logits = dense["Z"](a6, p["out.weight"], p["out.bias"])
    return logits, {"x": x, "a1": a1, "p1": p1, "a3": a3, "p3": p3, "flat": flat, "a5": a5,
                    "a6": a6}


def run_backward(k: dict, params: dict, logits, saved: dict, y, weight: float = 1.0):
    """(weight · L, weight · dL/dθ for every parameter): the chain rule layer by layer,
    each step a printed gradient kernel.  ``weight`` scales a part of a batch.  The
    gradients come in backward order (out first)."""
    p, s, act_grad, dense = params, saved, k["act"]["Z"], k["dense"]
    loss, d = k["loss"](logits, y)
    if weight != 1.0:
        d = d * d.dtype.type(weight)
    grads = {}
    for name, below in (("out", "a6"), ("f6", "a5"), ("f5", "flat")):
        grads[name + ".weight"] = dense["W"](s[below], d)
        grads[name + ".bias"] = dense["b"](d)
        d = dense["X"](p[name + ".weight"], d)
        if below != "flat":
            d = act_grad(d, s[below])
    dz3 = act_grad(_pool_grad(k, "S4", d.reshape(s["p3"].shape), s["a3"]), s["a3"])
    grads["c3.weight"] = k["C3"]["W"](s["p1"], dz3)
    grads["c3.bias"] = k["C3"]["b"](dz3)
    dp1 = k["C3"]["X"](p["c3.weight"], dz3)
    dz1 = act_grad(_pool_grad(k, "S2", dp1, s["a1"]), s["a1"])
    grads["c1.weight"] = k["C1"]["W"](s["x"], dz1)
    grads["c1.bias"] = k["C1"]["b"](dz1)
    return float(loss) * weight, grads


def _pool_grad(k: dict, name: str, g, a):
    """dL/dA of a pool: average pooling needs only G, max pooling also its input A."""
    return k[name]["X"](g) if k["pool"] == "avg" else k[name]["X"](g, a)
