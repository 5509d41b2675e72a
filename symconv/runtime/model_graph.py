"""A sequential network's graph: which printed kernel runs on which array, both ways.

Written once and used twice: by :class:`symconv.runtime.model.Model` with the kernels of
:mod:`symconv.runtime.kernels`, and, copied verbatim, by the module ``symconv export NET.toml``
writes, with the same kernels as printed there.  It imports nothing, so the copy stands
alone.

A network is a list of *steps*, plain dicts, one per layer (see
:func:`symconv.runtime.model.plan`): ``op`` is ``conv``, ``pool`` or ``dense``; ``weight`` and
``bias`` name the layer's parameters (``bias`` None without one); ``w4`` is the 4-axis
shape a 1D convolution's (F, C/groups, k) weight takes in its 2D form (else None);
``max`` tells a max pool from an average pool; ``act`` is None or the activation's
``{"A": σ, "Z": dZ from (G, A)}``; ``merged`` is "relu" on a max pool right after a
ReLU, whose kernels are then relu(maxpool) and its gradient as one node each (that
ReLU's step has no ``act``), else None; and ``Z``, ``W``, ``X``, ``b`` are the layer's printed
kernels (forward; gradients with respect to the weight, the input and the bias).

Flattening is implicit, as in the network files: a dense layer reads its input as
(N, features) in NCHW order (``torch.flatten``), and the logits are the last output so
flattened.  The gradient flows back through the same reshapes.
"""


def as_input(x, shape):
    """x of shape (N, *shape) in the 4-axis form the kernels take: a 1D signal (C, L) is
    a height-1 image (C, 1, L)."""
    if x.ndim != len(shape) + 1 or tuple(x.shape[1:]) != tuple(shape):
        sizes = ", ".join(str(n) for n in shape)
        raise ValueError(f"input shape {tuple(x.shape)} must be (N, {sizes})")
    return x if len(shape) == 3 else x.reshape(x.shape[0], shape[0], 1, shape[1])


def run_forward(steps, params, x):
    """The logits (N, classes) and what the backward pass needs of every step."""
    saved = []
    for step in steps:
        entry = {"in": x}
        op, bias = step["op"], step["bias"]
        if op == "pool":
            z = step["Z"](x)
        else:
            w = params[step["weight"]]
            if op == "conv":
                if step["w4"] is not None:  # one view per step: the kernels recall by identity
                    w = w.reshape(step["w4"])
                entry["w"] = w
            else:
                x = x if x.ndim == 2 else x.reshape(x.shape[0], -1)  # NCHW order
                entry["flat"] = x
            z = step["Z"](x, w, params[bias]) if bias is not None else step["Z"](x, w)
        if step["act"] is not None:
            z = step["act"]["A"](z)
        entry["out"] = z
        saved.append(entry)
        x = z
    logits = x if x.ndim == 2 else x.reshape(x.shape[0], -1)
    return logits, saved


def run_backward(steps, params, logits, saved, y, loss, weight=1.0):
    """(weight · L, weight · dL/dθ for every parameter): the chain rule step by step from
    the last, each a printed gradient kernel; ``loss(logits, y)`` gives (L, dL/dlogits).
    ``weight`` scales a part of a batch.  Steps before the first layer with parameters
    are skipped (no parameter needs their gradient), and so is that layer's dL/dX."""
    value, d = loss(logits, y)
    if weight != 1.0:
        d = d * d.dtype.type(weight)
    grads = {}
    first = next((i for i, step in enumerate(steps) if step["op"] != "pool"), len(steps))
    for i in range(len(steps) - 1, first - 1, -1):
        step, s = steps[i], saved[i]
        if d.shape != s["out"].shape:  # flattened after this step
            d = d.reshape(s["out"].shape)
        if step["act"] is not None:
            d = step["act"]["Z"](d, s["out"])
        if step["op"] == "pool":
            d = step["X"](d, s["in"]) if step["max"] else step["X"](d)
            continue
        below = s["w"] if step["op"] == "conv" else params[step["weight"]]
        grad = step["W"](s["in"] if step["op"] == "conv" else s["flat"], d)
        grads[step["weight"]] = (
            grad if step["w4"] is None else grad.reshape(params[step["weight"]].shape)
        )
        if step["bias"] is not None:
            grads[step["bias"]] = step["b"](d)
        if i > first:
            d = step["X"](below, d)
    return float(value) * weight, grads
