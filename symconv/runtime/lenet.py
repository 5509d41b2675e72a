"""LeNet-5 built from the proved kernels: a :class:`symconv.runtime.model.Model` of
:func:`symconv.spec.network.lenet5`.

Layout (as the PyTorch module of the same names): C1 conv 1→6, 5×5, padding 2 · activation ·
pool 2×2/2 · C3 conv 6→16, 5×5 · activation · pool 2×2/2 · flatten (16·5·5, NCHW order) ·
F5 400→120 · activation · F6 120→84 · activation · out 84→10.  Input (N, 1, 28, 28).

Every array operation is a function of :mod:`symconv.runtime.kernels`, printed by ``lambdify`` from
the closed form that ``symconv prove lenet`` proves for the same layer spec; the speed
machinery (gathers reused in a step, fixed chunks shared out between worker processes by
their measured speed) is the Model's.
"""

from __future__ import annotations

import numpy as np

from symconv.errors import SymconvError
from symconv.runtime.model import Model, param_shapes
from symconv.runtime.model_plan import DTYPES
from symconv.runtime.parts import (  # noqa: F401  (the names LeNet5's callers import from here)
    MIN_PART,
    SIZE_QUANTUM,
    add_parts,
    balanced_sizes,
    cut_batch,
    single_threaded_blas,
)
from symconv.spec.network import lenet5

ACTIVATIONS = ("tanh", "sigmoid", "relu")
POOLS = ("avg", "max")

INPUT_SHAPE = lenet5().input_shape  # (C, H, W) of one image: (1, 28, 28)

# The output layer "Output" keeps the parameter names of the PyTorch module LeNet5 has
# always mirrored: out.weight, out.bias.
RENAMED = {"Output": "out"}

# name -> (shape, fan_in) in state_dict order.
PARAM_SHAPES: dict[str, tuple[tuple[int, ...], int]] = param_shapes(lenet5(), RENAMED)


class LeNet5(Model):
    """LeNet-5 with ``params`` keyed like the PyTorch state_dict of the same layout
    (c1, c3, f5, f6, out); see :class:`symconv.runtime.model.Model` for ``cores`` and ``balance``.
    """

    _renamed = RENAMED

    def __init__(
        self, activation: str = "tanh", pool: str = "avg", seed: int = 0, dtype=np.float32
    ) -> None:
        if activation not in ACTIVATIONS:
            raise SymconvError(
                f"activation {activation!r} is not allowed; the rule: one of "
                f"{', '.join(ACTIVATIONS)}"
            )
        if pool not in POOLS:
            raise SymconvError(f"pool {pool!r} is not allowed; the rule: one of {', '.join(POOLS)}")
        self.activation = activation
        self.pool = pool
        super().__init__(lenet5(activation, pool), dtype=dtype, seed=seed)


__all__ = ["ACTIVATIONS", "DTYPES", "INPUT_SHAPE", "PARAM_SHAPES", "POOLS", "LeNet5"]

# The name benchmarks/ scripts import (it was private here before the Model).
_single_threaded_blas = single_threaded_blas
