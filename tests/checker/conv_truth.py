"""torch autograd of ``conv2d``, the truth of checker tests on notes written for them: the
tensors and the gradients of L = sum(Z * G) for a random upstream gradient G."""

from __future__ import annotations

import numpy as np
import torch


def conv2d_autograd(
    x_shape: tuple[int, int, int, int],
    w_shape: tuple[int, int, int, int],
    seed: int,
    stride: int = 1,
    padding: int = 0,
) -> dict[str, np.ndarray]:
    """X, W, G (the upstream gradient) and dX, dW, db in float64."""
    gen = torch.Generator().manual_seed(seed)
    x = torch.randn(x_shape, generator=gen, dtype=torch.float64, requires_grad=True)
    w = torch.randn(w_shape, generator=gen, dtype=torch.float64, requires_grad=True)
    b = torch.zeros(w_shape[0], dtype=torch.float64, requires_grad=True)
    z = torch.nn.functional.conv2d(x, w, b, stride=stride, padding=padding)
    g = torch.randn(z.shape, generator=gen, dtype=torch.float64)
    (z * g).sum().backward()
    assert x.grad is not None and w.grad is not None and b.grad is not None
    return {
        "X": x.detach().numpy(),
        "W": w.detach().numpy(),
        "G": g.numpy(),
        "dX": x.grad.numpy(),
        "dW": w.grad.numpy(),
        "db": b.grad.numpy(),
    }
