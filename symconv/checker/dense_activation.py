"""The activations of :mod:`.dense_network` and their derivatives, on NumPy arrays."""

from __future__ import annotations

import numpy as np


def activate(kind: str, z: np.ndarray) -> np.ndarray:
    """f(z) entry by entry: the logistic sigmoid, tanh or ReLU."""
    if kind == "sigmoid":
        return 1 / (1 + np.exp(-z))
    if kind == "tanh":
        return np.tanh(z)
    return np.maximum(z, 0)


def derivative(kind: str, z: np.ndarray) -> np.ndarray:
    """f'(z) entry by entry (ReLU's is 0 at 0)."""
    if kind == "sigmoid":
        s = activate(kind, z)
        return s * (1 - s)
    if kind == "tanh":
        return 1 - np.tanh(z) ** 2
    return (z > 0).astype(float)
