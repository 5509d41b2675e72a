"""Braced letters before an index, ``{w}_{11}``, and notes whose W is the larger matrix.

``{w}_{11}`` is w_{11} (row 1, column 1), not a one-index entry of a matrix.  Read that
way, a post that names its 3x3 image W and its 2x2 kernel X ("W * X") is judged at the
guessed layer (input 3x3 = X, kernel 2x2 = W) whose kernel lacks the w_{13} the section
writes: no verdict may rest on that layer, verified or wrong.  Truth: torch autograd.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text
from symconv.checker.texclean import typing_only

STANDARD = r"""# Local derivatives

The image $X$ is 3x3 and the kernel $W$ is 2x2, stride 1, indices from 1:
$y_{11} = x_{11}w_{11} + x_{12}w_{12} + x_{21}w_{21} + x_{22}w_{22}$.

$$\frac{\partial {y}_{12}}{\partial {w}_{21}} = {x}_{22}$$

$$\frac{\partial {y}_{12}}{\partial {w}_{21}} = {x}_{21}$$
"""

SWAPPED = r"""# Sliding the small matrix over the big one

$$Y = W * X, \quad
\begin{bmatrix} {w}_{11} & {w}_{12} & {w}_{13} \\ {w}_{21} & {w}_{22} & {w}_{23} \\
{w}_{31} & {w}_{32} & {w}_{33} \end{bmatrix} *
\begin{bmatrix} {x}_{11} & {x}_{12} \\ {x}_{21} & {x}_{22} \end{bmatrix}$$

$$\frac{\partial {y}_{12}}{\partial {x}_{11}} = {w}_{12}$$

$$\frac{\partial {y}_{11}}{\partial {w}_{13}} = 0$$
"""


def _statuses(text: str) -> dict[int, str]:
    return {v.line: v.status for v in check_text(text, "notes.md").verdicts}


def test_a_braced_letter_is_the_letter() -> None:
    assert typing_only(r"\partial {y}_{11} = {w}_{12}") == r"\partial y_{11} = w_{12}"
    assert typing_only(r"\frac{x}_{1}") == r"\frac{x}_{1}"  # a command's argument stays


def test_braced_entries_are_judged_as_entries() -> None:
    # torch: y_12 (1-based) of a 3x3 / 2x2 layer holds w_21 x_22
    x = torch.randn(3, 3, dtype=torch.float64)
    w = torch.randn(2, 2, dtype=torch.float64, requires_grad=True)
    F.conv2d(x[None, None], w[None, None])[0, 0, 0, 1].backward()
    assert w.grad is not None and torch.isclose(w.grad[1, 0], x[1, 1])
    statuses = _statuses(STANDARD)
    assert statuses[6] == VERIFIED and statuses[8] == WRONG


def test_a_guessed_layer_lacking_the_notes_entries_gives_no_verdict() -> None:
    # torch, in the notes' own roles (W the 3x3 image, X the 2x2 kernel): both claims hold
    image = torch.randn(3, 3, dtype=torch.float64, requires_grad=True)
    kernel = torch.randn(2, 2, dtype=torch.float64, requires_grad=True)
    y = F.conv2d(image[None, None], kernel[None, None])[0, 0]
    y[0, 1].backward(retain_graph=True)
    assert kernel.grad is not None and torch.isclose(kernel.grad[0, 0], image[0, 1])
    image.grad = None
    y[0, 0].backward()
    assert image.grad is not None and image.grad[0, 2] == 0
    statuses = _statuses(SWAPPED)
    assert statuses[8] == NOT_UNDERSTOOD and statuses[10] == NOT_UNDERSTOOD
