"""No "wrong" that rests on sizes or letters the checker guessed.

Notes that state no sizes are judged at a layer the checker picks.  A failure that belongs
to the pick -- shapes that differ in size only, terms naming entries past every one the
notes write, letter roles read from the very claim judged -- is not understood; a failure
no size can undo (a scalar where the layer has a matrix) stays wrong.  Truth: torch
autograd on the layer each note describes.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

# one sample, two features, two units, Z = X W with W stored inputs x outputs
LINEAR = r"""# A linear layer by hand

One sample with two features, $X = \begin{bmatrix} x_1 & x_2 \end{bmatrix}$, and two
output units, with

$$W = \begin{bmatrix} w_{11} & w_{12} \\ w_{21} & w_{22} \end{bmatrix}$$

The forward pass $Z = XW$ gives

$$Z = \begin{bmatrix} x_1 w_{11} + x_2 w_{21} & x_1 w_{12} + x_2 w_{22} \end{bmatrix}$$

Going back with $dZ = \begin{bmatrix} dZ_1 & dZ_2 \end{bmatrix}$:

$$dX = \begin{bmatrix} dZ_1 w_{11} + dZ_2 w_{12} & dZ_1 w_{21} + dZ_2 w_{22} \end{bmatrix}$$

$$dX_1 = dZ_1 w_{11} + dZ_2 w_{12}$$

$$dX_2 = dZ_1 w_{12} + dZ_2 w_{22}$$
"""

CHANNELS = r"""# Many channels

With several input maps $I_i$ and output maps $O_j$, every output map adds up the input
maps, each convolved with its own kernel:

$$O_j = \sum_{i=1}^{n} I_i * K_{ij}$$
"""

SCALAR_FOR_MATRIX = r"""# Filter gradient

The output entries are $y_{11} = x_{11}w_{11} + x_{12}w_{12} + x_{21}w_{21} + x_{22}w_{22}$
and so on.

$$\frac{\partial L}{\partial W} = \sum_{i}\sum_{j} \frac{\partial L}{\partial y_{ij}}$$
"""


def _statuses(text: str) -> dict[int, str]:
    return {v.line: v.status for v in check_text(text, "notes.md").verdicts}


def _linear_truth() -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    torch.manual_seed(0)
    x = torch.randn(1, 2, dtype=torch.float64, requires_grad=True)
    w = torch.randn(2, 2, dtype=torch.float64)
    z = x @ w
    dz = torch.randn_like(z)
    (z * dz).sum().backward()
    assert x.grad is not None
    return x.detach(), w, dz, x.grad


def test_a_written_out_linear_layer_is_not_wrong_at_the_guessed_sizes() -> None:
    x, w, dz, dx = _linear_truth()
    # torch: the notes' forward and dX (entries 1-based, W inputs x outputs) hold ...
    assert torch.allclose((x @ w)[0, 1], x[0, 0] * w[0, 1] + x[0, 1] * w[1, 1])
    assert torch.allclose(dx[0, 0], dz[0, 0] * w[0, 0] + dz[0, 1] * w[0, 1])
    # ... and the last line (w_{12} for w_{21}) does not
    assert not torch.allclose(dx[0, 1], dz[0, 0] * w[0, 1] + dz[0, 1] * w[1, 1])
    statuses = _statuses(LINEAR)
    # the written-out W, Z and dX differ from the guessed 4 -> 3 in size only
    assert [statuses[n] for n in (6, 10, 14)] == [NOT_UNDERSTOOD] * 3
    assert statuses[18] != VERIFIED  # and the mistake is not verified either
    assert statuses[10] == NOT_UNDERSTOOD and "guessed" in _message(LINEAR, 10)


def _message(text: str, line: int) -> str:
    return next(v.message for v in check_text(text, "notes.md").verdicts if v.line == line)


def test_letter_roles_read_from_the_claim_itself_give_no_wrong() -> None:
    # torch: a two-in, three-out layer's output map j is the sum over i of input map i
    # cross-correlated with kernel (j, i) -- the notes' O_j = sum_i I_i * K_ij
    torch.manual_seed(1)
    maps = torch.randn(1, 2, 5, 5, dtype=torch.float64)
    kernels = torch.randn(3, 2, 3, 3, dtype=torch.float64)
    out = F.conv2d(maps, kernels)
    by_map = sum(F.conv2d(maps[:, i : i + 1], kernels[:, i : i + 1]) for i in range(2))
    assert torch.allclose(out, by_map)
    assert _statuses(CHANNELS)[6] == NOT_UNDERSTOOD


def test_a_scalar_where_the_layer_has_a_matrix_stays_wrong() -> None:
    # torch: dL/dW of a 2x2 kernel is 2x2; the sum of dL/dy is a scalar (it is dL/db)
    x = torch.randn(1, 1, 3, 3)
    w = torch.randn(1, 1, 2, 2, requires_grad=True)
    y = F.conv2d(x, w)
    (y * torch.randn_like(y)).sum().backward()
    assert w.grad is not None and w.grad.shape[-2:] == (2, 2)
    assert _statuses(SCALAR_FOR_MATRIX)[6] == WRONG
