"""torch autograd of ``nn.Linear``'s computation, the truth of the dense-layer checker tests:
the tensors and the gradients of L = sum(Z * dZ) for a random upstream gradient dZ."""

from __future__ import annotations

import numpy as np
import torch


def linear_autograd(x_shape: tuple[int, ...], f_out: int, seed: int) -> dict[str, np.ndarray]:
    """X (x_shape: one sample (F,) or a batch (N, F)), W (f_out, F), b, Z, dZ and the
    gradients dW, db, dX, in float64."""
    gen = torch.Generator().manual_seed(seed)
    x = torch.randn(x_shape, generator=gen, dtype=torch.float64, requires_grad=True)
    w = torch.randn((f_out, x_shape[-1]), generator=gen, dtype=torch.float64, requires_grad=True)
    b = torch.randn((f_out,), generator=gen, dtype=torch.float64, requires_grad=True)
    z = torch.nn.functional.linear(x, w, b)
    dz = torch.randn(z.shape, generator=gen, dtype=torch.float64)
    (z * dz).sum().backward()
    return {
        "X": x.detach().numpy(),
        "W": w.detach().numpy(),
        "b": b.detach().numpy(),
        "Z": z.detach().numpy(),
        "dZ": dz.numpy(),
        "dW": w.grad.numpy(),
        "db": b.grad.numpy(),
        "dX": x.grad.numpy(),
    }
