"""The error handed back through the previous layer's activation (previous_error.py):
``\\delta^{l-1} = f'(z^{l-1}) \\odot (\\operatorname{pad}(\\delta^l) \\star
\\operatorname{rot}_{180}(w^l))`` and its entry form, and ``f'(z) = ...`` where the prose says
which activation f is.  The truth of every formula the notes state is torch autograd through
a conv layer fed by an activation; the checker's verdicts must agree with it, and a factor
that is not the defined activation's derivative at the same entry is left not understood."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
import torch.nn.functional as F

from symconv.checker.previous_error import named_derivative, through_activation
from symconv.checker.runner import check_file

NOTES = Path(__file__).parent.parent / "data" / "check" / "previous_error"
LETTERS = {"\\delta": "G", "z": "Z", "x": "X", "w": "W"}


def _torch_errors(act, k: int, n: int) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """(dE/dz^{l-1} by autograd, delta^l, w^l) for x^{l-1} = act(z^{l-1}), z^l = x^{l-1}
    cross-correlated with w^l, E = sum(z^l * R): delta^l is R."""
    torch.manual_seed(7)
    z_prev = torch.randn(1, 1, n, n, dtype=torch.float64, requires_grad=True)
    w = torch.randn(1, 1, k, k, dtype=torch.float64)
    r = torch.randn(1, 1, n - k + 1, n - k + 1, dtype=torch.float64)
    (F.conv2d(act(z_prev), w) * r).sum().backward()
    assert z_prev.grad is not None
    return z_prev.grad, r, w


def _formula(act_prime, z, delta, w, flip: bool) -> torch.Tensor:
    k = w.shape[-1]
    kernel = torch.flip(w, (2, 3)) if flip else w
    return act_prime(z) * F.conv2d(F.pad(delta, (k - 1,) * 4), kernel)


@pytest.mark.parametrize("act", ["sigmoid", "relu"])
def test_the_notes_formulas_against_autograd(act: str) -> None:
    """The formulas the test notes call right (the flipped kernel, pad k-1, times f') are
    autograd's dE/dz^{l-1}; the unflipped one, their mistake, is not."""
    function = torch.sigmoid if act == "sigmoid" else torch.relu
    prime = (
        (lambda z: torch.sigmoid(z) * (1 - torch.sigmoid(z)))
        if act == "sigmoid"
        else (lambda z: (z > 0).to(z.dtype))
    )
    torch.manual_seed(7)
    z_prev = torch.randn(1, 1, 5, 5, dtype=torch.float64)
    truth, delta, w = _torch_errors(function, 2, 5)
    assert torch.allclose(_formula(prime, z_prev, delta, w, flip=True), truth)
    assert not torch.allclose(_formula(prime, z_prev, delta, w, flip=False), truth)
    # the corner (5, 5) (1-based) sees only delta_{4,4} through w_{2,2}
    corner = prime(z_prev)[0, 0, 4, 4] * delta[0, 0, 3, 3] * w[0, 0, 1, 1]
    assert torch.isclose(corner, truth[0, 0, 4, 4])


def _verdicts(name: str) -> dict[int, str]:
    found: dict[int, str] = {}
    for v in check_file(str(NOTES / name)).verdicts:
        if v.status != "assumed":
            found.setdefault(v.line, v.status)
    return found


def test_letter_marks_with_a_named_sigmoid() -> None:
    """``x^{l-1} = g(z^{l-1})`` with "$g$ the sigmoid": entry and operator forms, g' and the
    sigmoid's derivative in g's own letter (sigma(1 - sigma), by hand)."""
    got = _verdicts("letter_marks_sigmoid.md")
    assert got[13] == "verified"  # the flipped kernel, entry by entry
    assert got[15] == "wrong"  # the forward pattern, no flip
    assert got[17] == "verified"  # corner (5,5): delta_{4,4} w_{2,2}
    assert got[19] == "wrong"  # corner with w_{1,1}
    assert got[21] == "not-understood"  # g' at another entry than the left side's
    assert got[23] == "verified"  # pad_1, rot180, odot g'
    assert got[25] == "wrong"  # no rot180
    assert got[27] == "verified"  # g' = g(1 - g)
    assert got[29] == "wrong"  # g' = g(1 + g)


def test_numbered_marks_with_a_relu_step() -> None:
    """``a^{(1)} = ReLU(z^{(1)})`` and the step ``1[z^{(1)} > 0]``; a sigma' factor where the
    activation is the ReLU is no reading (not understood, never wrong)."""
    got = _verdicts("numbered_marks_relu.md")
    assert got[10] == "verified"
    assert got[12] == "wrong"
    assert got[14] == "not-understood"


def test_the_rewrite_keeps_the_rest_and_names_the_input() -> None:
    doc = "$x^{l-1} = f(z^{l-1})$ and $\\delta^l = \\frac{\\partial E}{\\partial z^l}$"
    text = "\\delta^{l-1}_{p,q} = f'(z^{l-1}_{p,q}) \\, \\delta^l_{p,q} w^l_{1,1}"
    assert through_activation(text, LETTERS, doc) == (
        "\\frac{\\partial E}{\\partial x^{l-1}_{p,q}} = \\delta^l_{p,q} w^l_{1,1}"
    )
    # a sum of two terms with the factor on the first only: no reading
    two = "\\delta^{l-1}_{p,q} = f'(z^{l-1}_{p,q}) \\delta^l_{p,q} w^l_{1,1} + w^l_{2,2}"
    assert through_activation(two, LETTERS, doc) is None
    # without the definition x^{l-1} = f(z^{l-1}) nothing is read
    assert through_activation(text, LETTERS, "$\\delta^l$ is given") is None
    # another function's derivative than the defined one
    other = "\\delta^{l-1}_{p,q} = g'(z^{l-1}_{p,q}) \\, \\delta^l_{p,q} w^l_{1,1}"
    assert through_activation(other, LETTERS, doc) is None


@pytest.mark.parametrize(
    ("prose", "expected"),
    [
        ("with $f$ the ReLU", "\\operatorname{ReLU}'(z) = 1"),
        ("where $f$ is the sigmoid", "\\sigma'(z) = 1"),
        ("$f = \\tanh$", "\\tanh'(z) = 1"),
        ("$f$ is some activation", None),
    ],
)
def test_which_activation_a_letter_is(prose: str, expected: str | None) -> None:
    assert named_derivative("f'(z) = 1", prose) == expected
