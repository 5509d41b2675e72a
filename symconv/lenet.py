"""LeNet-5 built from the numeric primitives: forward pass, loss and every parameter gradient.

Layout (as the PyTorch module of the same names): C1 conv 1→6, 5×5, padding 2 · activation ·
pool 2×2/2 · C3 conv 6→16, 5×5 · activation · pool 2×2/2 · flatten (16·5·5, NCHW order) ·
F5 400→120 · activation · F6 120→84 · activation · out 84→10.  Input (N, 1, 28, 28).

Every numeric call goes through the single alias ``K`` so that the runtime can be swapped
for another module with the same function semantics.
"""

from __future__ import annotations

import math

import numpy as np

from symconv import numeric as K

ACTIVATIONS = ("tanh", "sigmoid", "relu")
POOLS = ("avg", "max")
DTYPES = (np.float32, np.float64)

# name -> (shape, fan_in) in state_dict order.
PARAM_SHAPES: dict[str, tuple[tuple[int, ...], int]] = {
    "c1.weight": ((6, 1, 5, 5), 25),
    "c1.bias": ((6,), 25),
    "c3.weight": ((16, 6, 5, 5), 150),
    "c3.bias": ((16,), 150),
    "f5.weight": ((120, 400), 400),
    "f5.bias": ((120,), 400),
    "f6.weight": ((84, 120), 120),
    "f6.bias": ((84,), 120),
    "out.weight": ((10, 84), 84),
    "out.bias": ((10,), 84),
}

_UNIT = ((1, 1), (1, 1), 1)  # stride, dilation, groups of both convolutions
_NO_PAD = (0, 0, 0, 0)
_POOL = ((2, 2), (2, 2), _NO_PAD)  # kernel, stride, pads


class LeNet5:
    """LeNet-5 with ``params`` keyed like the PyTorch state_dict of the same layout."""

    def __init__(self, activation: str = "tanh", pool: str = "avg", seed: int = 0,
                 dtype=np.float32) -> None:
        if activation not in ACTIVATIONS:
            raise ValueError(f"activation {activation!r} is not one of {', '.join(ACTIVATIONS)}")
        if pool not in POOLS:
            raise ValueError(f"pool {pool!r} is not one of {', '.join(POOLS)}")
        if np.dtype(dtype) not in [np.dtype(d) for d in DTYPES]:
            raise ValueError(f"dtype {dtype!r} is not one of float32, float64")
        self.activation = activation
        self.pool = pool
        self.dtype = np.dtype(dtype)
        rng = np.random.default_rng(seed)
        # PyTorch's default: kaiming_uniform(a=√5) for weights and U(±1/√fan_in) for biases,
        # both the bound 1/√fan_in.
        self.params: dict[str, np.ndarray] = {
            name: (rng.uniform(-1.0, 1.0, shape) / math.sqrt(fan_in)).astype(self.dtype)
            for name, (shape, fan_in) in PARAM_SHAPES.items()
        }

    # ------------------------------------------------------------------ pieces

    def _act(self, z: np.ndarray) -> np.ndarray:
        return getattr(K, self.activation)(z)

    def _act_grad(self, g: np.ndarray, y: np.ndarray) -> np.ndarray:
        return getattr(K, self.activation + "_grad")(g, y)

    def _pool(self, a: np.ndarray):
        if self.pool == "avg":
            return K.avg_pool2d(a, *_POOL), None
        return K.max_pool2d(a, *_POOL)

    def _pool_grad(self, g: np.ndarray, a: np.ndarray, index) -> np.ndarray:
        if self.pool == "avg":
            return K.avg_pool2d_grad(g, a.shape, *_POOL)
        return K.max_pool2d_grad(g, index, a.shape, *_POOL)

    def _conv(self, x: np.ndarray, name: str):
        """Pre-activation and the panels kept for the weight gradient."""
        z, cols = K.correlate2d(x, self.params[name + ".weight"], *_UNIT, return_cols=True)
        z += self.params[name + ".bias"][:, None, None]  # z is a fresh array: add in place
        return z, cols

    def _input(self, x) -> np.ndarray:
        x = np.asarray(x, dtype=self.dtype)
        if x.ndim != 4 or x.shape[1:] != (1, 28, 28):
            raise ValueError(f"input shape {x.shape} must be (N, 1, 28, 28)")
        return x

    # ------------------------------------------------------------------ passes

    def _forward(self, x) -> tuple[np.ndarray, dict]:
        p = self.params
        xp = K.pad2d(self._input(x), (2, 2, 2, 2))
        z1, cols1 = self._conv(xp, "c1")
        a1 = self._act(z1)
        p1, i1 = self._pool(a1)
        z3, cols3 = self._conv(p1, "c3")
        a3 = self._act(z3)
        p3, i3 = self._pool(a3)
        flat = p3.reshape(p3.shape[0], -1)  # NCHW flatten order, as torch.flatten
        a5 = self._act(K.linear(flat, p["f5.weight"], p["f5.bias"]))
        a6 = self._act(K.linear(a5, p["f6.weight"], p["f6.bias"]))
        logits = K.linear(a6, p["out.weight"], p["out.bias"])
        saved = dict(xp=xp, cols1=cols1, a1=a1, i1=i1, p1=p1, cols3=cols3, a3=a3, i3=i3,
                     p3=p3, flat=flat, a5=a5, a6=a6)
        return logits, saved

    def forward(self, x) -> np.ndarray:
        """Logits (N, 10) for x (N, 1, 28, 28)."""
        return self._forward(x)[0]

    def loss_and_grads(self, x, y) -> tuple[float, dict[str, np.ndarray]]:
        """Mean softmax cross-entropy of the logits against labels y, and its gradient with
        respect to every parameter (keyed like ``params``)."""
        p = self.params
        logits, s = self._forward(x)
        loss, d = K.softmax_cross_entropy(logits, np.asarray(y))
        grads: dict[str, np.ndarray] = {}
        d6, grads["out.weight"], grads["out.bias"] = K.linear_grad(d, s["a6"], p["out.weight"])
        d6 = self._act_grad(d6, s["a6"])
        d5, grads["f6.weight"], grads["f6.bias"] = K.linear_grad(d6, s["a5"], p["f6.weight"])
        d5 = self._act_grad(d5, s["a5"])
        dflat, grads["f5.weight"], grads["f5.bias"] = K.linear_grad(d5, s["flat"],
                                                                     p["f5.weight"])
        dz3 = self._act_grad(self._pool_grad(dflat.reshape(s["p3"].shape), s["a3"], s["i3"]),
                             s["a3"])
        grads["c3.weight"] = K.correlate2d_grad_weight(s["p1"], dz3, *_UNIT, (5, 5),
                                                       cols=s["cols3"])
        grads["c3.bias"] = K.bias_grad(dz3)
        dp1 = K.crop2d(K.full_convolve2d_rot180(dz3, p["c3.weight"], *_UNIT,
                                                s["p1"].shape[2:]), _NO_PAD)
        dz1 = self._act_grad(self._pool_grad(dp1, s["a1"], s["i1"]), s["a1"])
        grads["c1.weight"] = K.correlate2d_grad_weight(s["xp"], dz1, *_UNIT, (5, 5),
                                                       cols=s["cols1"])
        grads["c1.bias"] = K.bias_grad(dz1)
        return float(loss), {name: grads[name] for name in PARAM_SHAPES}
