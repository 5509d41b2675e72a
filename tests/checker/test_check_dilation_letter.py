"""A dilation the notes give only as a letter ("let the dilation be $D \\ge 2$", "la
dilatación es $r$"): the letter is the layer's dilation (letter_parameters.py), and since the
notes give it no number, the layer read with dilation 1 is no more theirs than dilation 2 --
every claim is tried at dilation 2 as well (othersizes.variants, lettered_failure).  A claim
that forgets the dilation holds at 1 and fails at 2: never verified.

Notes written for these tests: an English one (``D \\ge 2``, explicit kernel sums) and a
Spanish one (``r``, sums with unwritten ranges).  The truth is torch autograd of
``sum(conv2d(x, w, dilation=d) * R)`` at d = 1 and d = 2; each claimed right side is
computed with NumPy loops at both, with the letter's value d: a claim equal to the truth at
both must be verified, one that differs at d = 2 must not be (wrong, or not understood where
the notes' numeric bounds make the other sizes unreadable).
"""

from __future__ import annotations

import itertools

import numpy as np
import torch
from line_verdicts import statuses

from symconv.checker.report import VERIFIED, WRONG


def _autograd(side: int, k: int, d: int, seed: int) -> dict[str, np.ndarray]:
    gen = torch.Generator().manual_seed(seed)
    x = torch.randn(1, 1, side, side, dtype=torch.float64, generator=gen, requires_grad=True)
    w = torch.randn(1, 1, k, k, dtype=torch.float64, generator=gen, requires_grad=True)
    y = torch.nn.functional.conv2d(x, w, dilation=d)
    r = torch.randn(y.shape, dtype=torch.float64, generator=gen)
    (y * r).sum().backward()
    assert x.grad is not None and w.grad is not None
    return {"x": x.detach().numpy()[0, 0], "w": w.detach().numpy()[0, 0], "g": r.numpy()[0, 0],
            "dx": x.grad.numpy()[0, 0], "dw": w.grad.numpy()[0, 0]}  # fmt: skip


def _weight(t, step):
    """dw[a, b] = sum over i, j of g[i, j] x[i + step a, j + step b]."""
    g, x = t["g"], t["x"]
    out = np.zeros(t["dw"].shape)
    for a, b in itertools.product(*map(range, out.shape)):
        for i, j in itertools.product(*map(range, g.shape)):
            out[a, b] += g[i, j] * x[i + step * a, j + step * b]
    return out


def _holds_at_both(claimed) -> bool:
    return all(
        np.allclose(claimed(t, d), t["dw"])
        for d in (1, 2)
        for t in [_autograd(7, 3, d, seed=30 + d)]
    )


SPANISH = r"""# Convolución dilatada (atrous)

Índices desde 0. Entrada $x$ de $7 \times 7$, núcleo $w$ de $3 \times 3$, paso 1, sin relleno
y sin sesgo; la dilatación es $r$. Con $g = \partial L / \partial y$:

$$\frac{\partial L}{\partial w_{a,b}} = \sum_{i}\sum_{j} g_{i,j}\, x_{i+ra,\,j+rb}$$

$$\frac{\partial L}{\partial w_{a,b}} = \sum_{i}\sum_{j} g_{i,j}\, x_{i+a,\,j+b}$$
"""


def test_the_claims_are_judged_at_every_dilation():
    assert _holds_at_both(lambda t, d: _weight(t, d))
    assert statuses(SPANISH, "x_{i+ra") == [VERIFIED]
    assert not _holds_at_both(lambda t, d: _weight(t, 1))  # the dilation forgotten
    assert statuses(SPANISH, "x_{i+a") == [WRONG]


ENGLISH = r"""# Dilated convolution, backward

Indices start at 0. Let the input $x$ be $7 \times 7$, the kernel $w$ be $3 \times 3$, stride 1,
no padding, no bias, and let the dilation be $D \ge 2$. With $g = \partial L / \partial y$,

$$\frac{\partial L}{\partial w_{a,b}} = \sum_{i}\sum_{j} g_{i,j}\, x_{i+Da,\,j+Db}$$

$$\frac{\partial L}{\partial w_{a,b}} = \sum_{i}\sum_{j} g_{i,j}\, x_{i+a,\,j+b}$$
"""


def test_a_letter_with_its_allowed_values():
    assert statuses(ENGLISH, "x_{i+Da") == [VERIFIED]
    assert statuses(ENGLISH, "x_{i+a") == [WRONG]
