"""Remarks in the prose that are not facts of the layer.

- A sentence that names the transposed convolution to explain the gradient or the name
  ("That's also why transposed convolution got its name", "el gradiente es una convolución
  traspuesta") leaves the layer a plain convolution: read as the layer's kind, it turned a
  whole note about a 4x4 convolution into a transposed one and every claim into a false
  alarm.
- ``\\delta = 0`` (the whole tensor named) followed by "outside"/"fuera de" is the
  convention that the upstream gradient counts zero outside its entries: no verdict of its
  own (it was called wrong as "a scalar where a 3x3 array is expected"), and the claims
  after it read with that zero.

Truth: torch autograd of conv2d at 4x4 input, 2x2 kernel (dL/dX) and the hand count of a
one-channel 3x3 convolution's outputs.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

HEAD = (
    "# Backprop through a convolution\n\n"
    "The input $X$ is $4 \\times 4$, the kernel $K$ is $2 \\times 2$, stride 1, no padding, no "
    "bias, 0-based indices, so $Y$ is $3 \\times 3$; write $\\delta_{i,j} = \\partial L / "
    "\\partial Y_{i,j}$.\n\n"
)
DX = (
    "$$\\frac{\\partial L}{\\partial X_{p,q}} = \\sum_{m=0}^{1} \\sum_{k=0}^{1} "
    "\\delta_{p-m,q-k}\\, K_{m,k}$$\n"
)
DX_WRONG = (  # the kernel not flipped against delta: a mistake
    "$$\\frac{\\partial L}{\\partial X_{p,q}} = \\sum_{m=0}^{1} \\sum_{k=0}^{1} "
    "\\delta_{p+m,q+k}\\, K_{m,k}$$\n"
)
REMARKS = [
    "Multiplying by $C^\\top$ is the same as the full correlation with the flipped kernel. "
    "That's also why transposed convolution got its name.\n\n",
    "El gradiente respecto de la entrada es una convolución traspuesta del gradiente que "
    "llega.\n\n",
    "This backward pass is exactly what a deconvolution layer computes; that is why it is "
    "called one.\n\n",
]
CONVENTIONS = [
    "Taking $\\delta = 0$ outside $0..2$:\n\n",
    "Tomando $\\delta = 0$ fuera de $0..2$, queda\n\n",
]


def _formula_holds(shift: int) -> bool:
    """sum_m sum_k delta[p - shift*m, q - shift*k] K[m, k] (delta zero outside 0..2) against
    torch's dL/dX, at three random draws; shift 1 is the correct flip, -1 the mistake."""
    rng = np.random.default_rng(0)
    for _ in range(3):
        x = torch.tensor(rng.standard_normal((1, 1, 4, 4)), requires_grad=True)
        k = torch.tensor(rng.standard_normal((1, 1, 2, 2)))
        y = F.conv2d(x, k)
        delta = torch.tensor(rng.standard_normal(y.shape))
        (y * delta).sum().backward()
        d, kk = delta[0, 0].numpy(), k[0, 0].numpy()
        ours = np.zeros((4, 4))
        for p in range(4):
            for q in range(4):
                for m in range(2):
                    for n in range(2):
                        i, j = p - shift * m, q - shift * n
                        if 0 <= i < 3 and 0 <= j < 3:
                            ours[p, q] += d[i, j] * kk[m, n]
        if not np.allclose(ours, x.grad[0, 0].numpy(), rtol=1e-9, atol=1e-12):
            return False
    return True


def test_the_truth_tells_the_two_formulas_apart():
    assert _formula_holds(1) and not _formula_holds(-1)


@pytest.mark.parametrize("remark", REMARKS)
def test_a_remark_naming_the_transposed_convolution_keeps_the_layer(remark):
    for claim, expected in ((DX, VERIFIED), (DX_WRONG, WRONG)):
        text = HEAD + remark + claim
        line = text.count("\n")
        statuses = [v.status for v in check_text(text).verdicts if v.line == line]
        assert statuses == [expected], [(v.status, v.message) for v in check_text(text).verdicts]


@pytest.mark.parametrize("convention", CONVENTIONS)
def test_delta_zero_outside_is_a_convention(convention):
    text = HEAD + convention + DX
    verdicts = check_text(text).verdicts
    stated = text.count("\n", 0, text.index("\\delta = 0")) + 1
    assert not [v for v in verdicts if v.line == stated and v.status == WRONG]
    assert not [v for v in verdicts if "\\delta = 0" in v.source and v.status != NOT_UNDERSTOOD]
    assert [v.status for v in verdicts if v.line == text.count("\n")] == [VERIFIED]


@pytest.mark.parametrize(
    "sentence",
    [
        "Layer $l$ gets the activation map $x^{l-1}$ of the previous layer, which is "
        "$6 \\times 6$, and a",
        "The layer receives the activations $a^{l-1}$, a $6 \\times 6$ map, and a",
    ],
)
def test_the_previous_layers_activation_map_is_the_input(sentence):
    """ "the activation map x^{l-1} of the previous layer": this layer's input (read as the
    output map, it made the 6x6 the output and every sum over the real 4x4 output wrong)."""
    from symconv.checker.prose import prose_facts

    facts = prose_facts(sentence)
    assert ("input", "6x6", "prose") in facts
    assert not [f for f in facts if f[0] == "output"]
    assert not [f for f in facts if f[0] == "names" and "=Z" in f[1]]
