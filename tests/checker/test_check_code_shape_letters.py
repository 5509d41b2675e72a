"""Size letters named by a code comment beside an array's shape (code_shape_letters.py):
``x = np.random.rand(2, 3, 6, 6)   # shape (N, C, H, W)``, ``w = torch.randn((2, 2, 2, 2))
# (O, C, R, R)``, then sums bounded by those letters (``\\sum_{m=0}^{M-1}``).

Notes written for these tests: an English NumPy one and a Spanish PyTorch one, with letters
no default names (M filters, Q or R the kernel's side, O filters, B the batch).  The truth is
torch autograd of ``sum(conv2d(x, w) * R)`` at the sizes the code creates (the upstream
gradient is R), each claimed right side computed with NumPy loops with the letters' values
from the comments, compared: equal means verified, different means wrong.  A comment whose
letter gets two sizes names nothing (the claims stay not understood).
"""

from __future__ import annotations

import numpy as np
import pytest
from conv_truth import conv2d_autograd, input_gradient_loops, weight_gradient_loops
from line_verdicts import statuses

from symconv.checker.code_shape_letters import code_letter_facts
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG


def _expected(claimed, truth):
    return VERIFIED if np.allclose(claimed, truth) else WRONG


NUMPY = r"""# Conv2d backward from scratch in NumPy

Indices start at 0, stride 1, no padding, no bias.

```python
import numpy as np
x = np.random.rand(2, 3, 6, 6)   # shape (N, C, H, W)
w = np.random.rand(5, 3, 3, 3)   # shape (M, C, Q, Q)
```

With $\delta_{n,m,i,j} = \partial L / \partial y_{n,m,i,j}$, and $\delta$ zero outside its range,

$$\frac{\partial L}{\partial x_{n,c,p,q}} = \sum_{m=0}^{M-1}\sum_{u=0}^{Q-1}\sum_{v=0}^{Q-1} \delta_{n,m,p-u,q-v}\, w_{m,c,u,v}$$

$$\frac{\partial L}{\partial x_{n,c,p,q}} = \sum_{m=0}^{M-2}\sum_{u=0}^{Q-1}\sum_{v=0}^{Q-1} \delta_{n,m,p-u,q-v}\, w_{m,c,u,v}$$

$$\frac{\partial L}{\partial w_{m,c,u,v}} = \sum_{n=0}^{N-1}\sum_{i=0}^{H-Q}\sum_{j=0}^{W-Q} \delta_{n,m,i,j}\, x_{n,c,i+u,j+v}$$
"""  # noqa: E501


@pytest.mark.parametrize(
    "piece, claimed",
    [
        ("\\sum_{m=0}^{M-1}", lambda t: (input_gradient_loops(t, filters=5), t["dX"])),  # M = 5
        ("\\sum_{m=0}^{M-2}", lambda t: (input_gradient_loops(t, filters=4), t["dX"])),
        ("\\sum_{i=0}^{H-Q}", lambda t: (weight_gradient_loops(t), t["dW"])),  # H - Q = 3
    ],
)
def test_numpy_shape_comments(piece, claimed):
    value, truth = claimed(conv2d_autograd((2, 3, 6, 6), (5, 3, 3, 3), seed=21))
    assert statuses(NUMPY, piece) == [_expected(value, truth)]


TORCH = r"""# Cuaderno: retropropagación de una convolución con PyTorch

```python
import torch
x = torch.randn((3, 2, 5, 5))   # (B, C, H, W)
w = torch.randn((2, 2, 2, 2))   # (O, C, R, R)
y = torch.nn.functional.conv2d(x, w)
```

Los índices empiezan en 0; paso 1, sin relleno, sin sesgo. Con $g_{b,o,i,j} = \partial L / \partial y_{b,o,i,j}$:

$$\frac{\partial L}{\partial w_{o,c,r,s}} = \sum_{b=0}^{B-1}\sum_{i=0}^{H-R}\sum_{j=0}^{W-R} g_{b,o,i,j}\, x_{b,c,i+r,j+s}$$

$$\frac{\partial L}{\partial w_{o,c,r,s}} = \sum_{b=0}^{B-1}\sum_{i=0}^{H-R}\sum_{j=0}^{W-R} g_{b,o,i,j}\, x_{b,c,i+s,j+r}$$

$$\frac{\partial L}{\partial x_{b,c,p,q}} = \sum_{o=0}^{O-1}\sum_{r=0}^{R-1}\sum_{s=0}^{R-1} g_{b,o,p-r,q-s}\, w_{o,c,r,s}$$
"""  # noqa: E501


@pytest.mark.parametrize(
    "piece, claimed",
    [
        ("x_{b,c,i+r,j+s}$$", lambda t: (weight_gradient_loops(t), t["dW"])),
        ("x_{b,c,i+s,j+r}$$", lambda t: (weight_gradient_loops(t, swap=True), t["dW"])),
        ("\\sum_{o=0}^{O-1}", lambda t: (input_gradient_loops(t, filters=2), t["dX"])),  # O = 2
    ],
)
def test_torch_shape_comments(piece, claimed):
    value, truth = claimed(conv2d_autograd((3, 2, 5, 5), (2, 2, 2, 2), seed=22))
    assert statuses(TORCH, piece) == [_expected(value, truth)]


def test_a_letter_given_two_sizes_names_nothing():
    clash = TORCH.replace("(O, C, R, R)", "(O, B, R, R)")  # B: 3 for x, 2 for w
    assert code_letter_facts("x = torch.randn((3, 2, 5, 5))   # (B, C, H, W)\n") != []
    for piece in ("x_{b,c,i+r,j+s}$$", "\\sum_{o=0}^{O-1}"):
        assert statuses(clash, piece) == [NOT_UNDERSTOOD]


@pytest.mark.parametrize(
    "block, sizes",
    [
        ("x = rng.standard_normal((2, 3, 5, 5))   # (N, C, H, W)", "N=batch,C=in-channels,"
         "H=input-height,W=input-width"),
        ("w = np.random.randn(4, 3, 3, 3)  # F, C, K, K", "F=out-channels,C=in-channels,K=kernel"),
        ("b = np.zeros(4)  # (F,)", "F=out-channels"),
        ("x = np.random.randn(2, 3, 5)  # (N, C, H, W)", None),  # 3 numbers, 4 letters
        ("out = np.zeros((2, 4, 3, 3))  # (N, F, H, W)", None),  # not a role read here
        ("x = np.random.randn(2, 3, 5, 5)  # the input", None),
    ],
)  # fmt: skip
def test_which_comments_name_letters(block, sizes):
    found = code_letter_facts(block)
    assert (found[0][1] if found else None) == sizes
