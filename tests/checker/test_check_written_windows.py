"""A matrix of entries that is a window of the input is not the input's size.

Notes that explain the filter gradient often write it as the windows of the input each
output entry saw, weighted by that entry's gradient: dL/dW = g_{11} [window at (1,1)] +
g_{12} [window at (1,2)] + ...  Each window is kernel-sized; read as "the input written
out" it shrinks the input to the kernel's size, and the (correct) claim was called wrong
under that layer.  The truth is torch autograd: the window sum, evaluated on random values
exactly as the notes lay it out, equals ``w.grad``.
"""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text
from symconv.checker.written_windows import is_window

ENVS = ("pmatrix", "bmatrix", "vmatrix")


def _entry(letter: str, i: int, j: int, base: int, comma: bool) -> str:
    a, b = i + base, j + base
    return f"{letter}_{{{a},{b}}}" if comma else f"{letter}_{{{a}{b}}}"


def _matrix(rows: list[list[str]], env: str) -> str:
    body = " \\\\ ".join(" & ".join(r) for r in rows)
    return f"\\begin{{{env}}} {body} \\end{{{env}}}"


def _windows(h: int, wd: int, k: int, base: int, comma: bool, env: str, shift: int) -> str:
    """dL/dW as the sum over output positions (i, j) of dL/dy_{ij} times the input's
    window at (i, j); ``shift`` moves the last window one column (a mistake)."""
    grad = [
        [f"\\frac{{\\partial L}}{{\\partial {_entry('w', a, b, base, comma)}}}" for b in range(k)]
        for a in range(k)
    ]
    terms = []
    positions = [(i, j) for i in range(h - k + 1) for j in range(wd - k + 1)]
    for n, (i, j) in enumerate(positions):
        off = shift if n == len(positions) - 1 else 0
        window = [
            [_entry("x", i + a, j + b - off, base, comma) for b in range(k)] for a in range(k)
        ]
        dy = f"\\frac{{\\partial L}}{{\\partial {_entry('y', i, j, base, comma)}}}"
        terms.append(f"{dy} {_matrix(window, env)}")
    return f"{_matrix(grad, env)} = " + " + ".join(terms)


def _note(h: int, wd: int, k: int, base: int, comma: bool, env: str, shift: int = 0) -> str:
    full = [[_entry("x", a, b, base, comma) for b in range(wd)] for a in range(h)]
    kernel = [[_entry("w", a, b, base, comma) for b in range(k)] for a in range(k)]
    return (
        "# One filter over one image\n\n"
        f"The image is\n$$X = {_matrix(full, env)}$$\n"
        f"and the filter\n$$W = {_matrix(kernel, env)}$$\n"
        "slides over it one step at a time, with nothing added at the borders.\n\n"
        "## Gradient of the filter\n\n"
        "Every output entry contributes the piece of the image it covered:\n\n"
        f"$${_windows(h, wd, k, base, comma, env, shift)}$$\n"
    )


def _torch_agrees(h: int, wd: int, k: int, shift: int) -> bool:
    """Whether the window sum (as the notes write it) equals torch's dL/dW."""
    torch.manual_seed(h * 10 + wd + shift)
    x = torch.randn(h, wd, dtype=torch.float64)
    w = torch.randn(k, k, dtype=torch.float64, requires_grad=True)
    y = F.conv2d(x[None, None], w[None, None])[0, 0]
    g = torch.randn_like(y)
    (y * g).sum().backward()
    total = torch.zeros(k, k, dtype=torch.float64)
    positions = [(i, j) for i in range(h - k + 1) for j in range(wd - k + 1)]
    for n, (i, j) in enumerate(positions):
        off = shift if n == len(positions) - 1 else 0
        total += g[i, j] * x[i : i + k, j - off : j - off + k]
    assert w.grad is not None
    return bool(torch.allclose(total, w.grad))


def _claim_verdicts(text: str) -> list[str]:
    claims = [v for v in check_text(text, "notes.md").verdicts if "\\partial L" in v.source]
    return [v.status for v in claims]


@pytest.mark.parametrize(
    ("h", "wd", "k", "base", "comma", "env"),
    [
        (3, 3, 2, 1, False, "pmatrix"),
        (3, 3, 2, 0, True, "bmatrix"),
        (4, 3, 2, 1, True, "vmatrix"),
        (4, 4, 3, 0, False, "bmatrix"),
    ],
)
def test_a_window_sum_for_the_filter_gradient_is_verified(
    h: int, wd: int, k: int, base: int, comma: bool, env: str
) -> None:
    assert _torch_agrees(h, wd, k, shift=0)
    assert _claim_verdicts(_note(h, wd, k, base, comma, env)) == [VERIFIED]


@pytest.mark.parametrize(("h", "wd", "k", "base"), [(3, 3, 2, 1), (4, 4, 2, 0)])
def test_a_window_taken_at_the_wrong_place_is_still_wrong(
    h: int, wd: int, k: int, base: int
) -> None:
    assert not _torch_agrees(h, wd, k, shift=1)
    assert _claim_verdicts(_note(h, wd, k, base, False, "bmatrix", shift=1)) == [WRONG]


def test_which_grids_are_windows() -> None:
    first = ["x_{11}", "x_{12}", "x_{21}", "x_{22}"]
    second = ["x_{12}", "x_{13}", "x_{22}", "x_{23}"]
    whole = [f"x_{{{a}{b}}}" for a in (1, 2, 3) for b in (1, 2, 3)]
    assert is_window(second, [second])  # starts at column 2: part of a larger tensor
    assert is_window(first, [first, second])  # beside another window of the same tensor
    assert not is_window(first, [first])  # alone, from the first index: may be the tensor
    assert not is_window(whole, [whole, first])  # holds the other grid: the tensor itself
    assert is_window(["x_{2}", "x_{3}"], [["x_{2}", "x_{3}"]])  # a vector's window
    assert not is_window(["x_{0,0}", "x_{0,1}"], [["x_{0,0}", "x_{0,1}"]])


def test_a_sign_slip_in_a_window_sum_is_caught() -> None:
    # the windows leave the input at the 3x3 written out above; the last window subtracted
    # instead of added is judged there: torch (the + form is the gradient, and the last
    # window's weight is not zero) says the - form is wrong
    good = _note(3, 3, 2, 1, False, "pmatrix")
    text = good.replace(
        "} + \\frac{\\partial L}{\\partial y_{22}}", "} - \\frac{\\partial L}{\\partial y_{22}}"
    )
    assert text != good and _torch_agrees(3, 3, 2, 0)
    assert _claim_verdicts(text) == [WRONG]
