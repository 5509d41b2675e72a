"""A loss that weights each output by a given gradient, "$L = \\sum_t g[t]\\, y[t]$ with
$g = (2, -1, 0, 1)$", was read as the loss that adds the outputs up ("$L = \\sum_t y[t]$",
every dL/dy = 1): the pattern let the sum's subscript run on over the weight, so every
worked entry after it was judged with the upstream gradient all ones -- the correct
entries called wrong and an entry computed with ones verified.  Now only each sum's own
scripts (``\\sum_t``, ``\\sum_{t=0}^{3}``, ``\\sum_i \\sum_j``) stand between the sum and
the output: a weighted sum sets no ones, and dL/dy is the g the notes give (by the
definition, L = sum g y has dL/dy[t] = g[t]).  The truth is torch's conv1d autograd with
that upstream gradient; a plain sum of the outputs still sets the ones."""

from __future__ import annotations

import pytest
from conftest import checked_text

from symconv.checker.report import VERIFIED, WRONG

torch = pytest.importorskip("torch")

_X = [2.0, -1.0, 0.0, 3.0, 1.0, 1.0]
_W = [1.0, 3.0, -2.0]
_G = [2.0, -1.0, 0.0, 1.0]


def _gradients(upstream: list[float]) -> tuple[list[float], list[float], list[float]]:
    """(y, dL/dw, dL/dx) of a one-channel stride-1 conv1d with L = sum upstream * y."""
    x = torch.tensor([[_X]], dtype=torch.float64, requires_grad=True)
    w = torch.tensor([[_W]], dtype=torch.float64, requires_grad=True)
    y = torch.nn.functional.conv1d(x, w)
    (y * torch.tensor([[upstream]], dtype=torch.float64)).sum().backward()
    assert x.grad is not None and w.grad is not None
    return y[0, 0].tolist(), w.grad[0, 0].tolist(), x.grad[0, 0].tolist()


_ENGLISH = (
    "# Worked example: 1-D convolution backward\n\n"
    "Notation: $g[t] = \\partial L / \\partial y[t]$, indices from zero.\n\n"
    "One channel, stride 1, no padding, $x = (2, -1, 0, 3, 1, 1)$, $w = (1, 3, -2)$, no "
    "bias, and the loss $L = \\sum_{t} g[t]\\, y[t]$ with $g = (2, -1, 0, 1)$.\n\n"
    "Forward: $y = (-1, -7, 7, 4)$.\n\n"
    "One weight entry: $\\frac{\\partial L}{\\partial w[1]} = g[0] x[1] + g[1] x[2] + "
    "g[2] x[3] + g[3] x[4] = -2 + 0 + 0 + 1 = -1$.\n\n"
    "One input entry: $\\frac{\\partial L}{\\partial x[3]} = g[3] w[0] + g[2] w[1] + "
    "g[1] w[2] = 1 + 0 + 2 = 3$.\n\n"
    "A slip: $\\frac{\\partial L}{\\partial x[3]} = 2$.\n"
)
# the same in German, the weight named \delta and the slip written term by term
_GERMAN = (
    "# Übung: Rückwärtsdurchlauf einer 1-D-Faltung\n\n"
    "Bezeichnung: $\\delta[t] = \\partial L / \\partial y[t]$, Indizes ab null.\n\n"
    "Ein Kanal, Schrittweite 1, ohne Padding, $x = (2, -1, 0, 3, 1, 1)$, $w = (1, 3, -2)$, "
    "ohne Bias, Verlust $L = \\sum_{t} \\delta[t]\\, y[t]$ mit $\\delta = (2, -1, 0, 1)$.\n\n"
    "Vorwärts: $y = (-1, -7, 7, 4)$.\n\n"
    "Ein Gewicht: $\\frac{\\partial L}{\\partial w[1]} = \\delta[0] x[1] + \\delta[1] x[2] "
    "+ \\delta[2] x[3] + \\delta[3] x[4] = -2 + 0 + 0 + 1 = -1$.\n\n"
    "Ein Eingang: $\\frac{\\partial L}{\\partial x[3]} = \\delta[3] w[0] + \\delta[2] w[1] "
    "+ \\delta[1] w[2] = 1 + 0 + 2 = 3$.\n\n"
    "Ein Fehler: $\\frac{\\partial L}{\\partial x[3]} = \\delta[3] w[0] + \\delta[2] w[1] "
    "+ \\delta[1] w[2] = 2$.\n"
)


def _by_line(text: str) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for v in checked_text(text).verdicts:
        found.setdefault(v.line, []).append(v.status)
    return found


def test_the_notes_numbers_are_torchs() -> None:
    y, dw, dx = _gradients(_G)
    assert y == [-1.0, -7.0, 7.0, 4.0]
    assert dw[1] == 2 * -1 + -1 * 0 + 0 * 3 + 1 * 1 == -1  # sum_t g[t] x[t + 1]
    assert dx[3] == 1 * 1 + 0 * 3 + -1 * -2 == 3  # sum_k g[3 - k] w[k]
    # with every upstream entry 1, dL/dx[3] would be w[0] + w[1] + w[2] = 2: the slip
    assert _gradients([1.0] * 4)[2][3] == 2 != dx[3]


@pytest.mark.parametrize("text", [_ENGLISH, _GERMAN], ids=["english", "german"])
def test_a_weighted_loss_keeps_its_upstream_gradient(text: str) -> None:
    lines = _by_line(text)
    assert lines[9] == [VERIFIED]  # dL/dw[1] = -1 with g as given (main: wrong, ones)
    assert lines[11] == [VERIFIED]  # dL/dx[3] = 3 (main: wrong, ones)
    assert lines[13] == [WRONG]  # the ones' value 2 is no entry of this loss's gradient


def test_a_plain_sum_of_the_outputs_still_sets_ones() -> None:
    text = (
        "# Worked example: 1-D convolution backward\n\n"
        "Notation: $g[t] = \\partial L / \\partial y[t]$, indices from zero.\n\n"
        "One channel, stride 1, no padding, $x = (2, -1, 0, 3, 1, 1)$, $w = (1, 3, -2)$, "
        "no bias, and the loss $L = \\sum_{t=0}^{3} y[t]$, so every $g[t]$ is 1.\n\n"
        "One input entry: $\\frac{\\partial L}{\\partial x[3]} = w[0] + w[1] + w[2] = 2$.\n\n"
        "A slip: $\\frac{\\partial L}{\\partial x[3]} = 3$.\n"
    )
    assert _gradients([1.0] * 4)[2][3] == 2
    lines = _by_line(text)
    assert lines[7] == [VERIFIED]
    assert lines[9] == [WRONG]
