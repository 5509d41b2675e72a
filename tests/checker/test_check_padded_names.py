"""A tilde the prose names the padded input (issue 16, the unseen dev set's Spanish notes):
``\\tilde{X} \\star \\operatorname{dilate}_2(G)`` is dL/dW of a stride-2, padding-1 layer,
checked here against torch autograd; the undilated form stays wrong, and without the naming
sentence a tilde means nothing (``\\tilde K`` is as often the flipped kernel)."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from scipy.signal import correlate2d

from symconv.checker.padded_names import alias_padded, padded_letters
from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

HEAD = (
    "Una entrada $X$ de $5\\times 5$ (índices desde 0), un filtro de $3\\times 3$, paso 2 "
    "y relleno 1, sin sesgo.{naming}\n\n$${claim}$$\n"
)
NAMING = " Llamamos $\\tilde{X}$ a la entrada rellenada."


def _dw_forms() -> dict[str, bool]:
    """Which operator forms equal autograd's dL/dW at stride 2, padding 1."""
    gen = torch.Generator().manual_seed(4)
    x = torch.randn((5, 5), generator=gen, dtype=torch.float64)
    w = torch.randn((3, 3), generator=gen, dtype=torch.float64, requires_grad=True)
    y = torch.nn.functional.conv2d(x[None, None], w[None, None], stride=2, padding=1)[0, 0]
    g = torch.randn(y.shape, generator=gen, dtype=torch.float64)
    (y * g).sum().backward()
    padded, gn = np.pad(x.numpy(), 1), g.numpy()
    dilated = np.zeros((2 * gn.shape[0] - 1, 2 * gn.shape[1] - 1))
    dilated[::2, ::2] = gn
    truth = w.grad.numpy()
    forms = {
        "dilated": correlate2d(padded, dilated, "valid"),
        "undilated": correlate2d(padded, gn, "valid"),
    }
    return {k: v.shape == truth.shape and bool(np.allclose(v, truth)) for k, v in forms.items()}


@pytest.mark.parametrize(
    ("claim", "form", "naming", "expected"),
    [
        (
            r"\frac{\partial L}{\partial W} = \tilde{X} \star \operatorname{dilate}_2(G)",
            "dilated",
            NAMING,
            VERIFIED,
        ),
        (r"\frac{\partial L}{\partial W} = \tilde{X} \star G", "undilated", NAMING, WRONG),
        # no sentence names it: the tilde is read as X itself, never as the padded input
        (
            r"\frac{\partial L}{\partial W} = \tilde{X} \star \operatorname{dilate}_2(G)",
            "dilated",
            "",
            WRONG,
        ),
    ],
)
def test_a_tilde_named_the_padded_input(claim, form, naming, expected):
    assert _dw_forms()[form] == (expected == VERIFIED or not naming)
    verdict = check_text(HEAD.format(naming=naming, claim=claim), "n.md").verdicts[-1]
    assert verdict.status == expected, verdict.message
    assert naming or "missing padding" in verdict.message


def test_the_naming_sentences():
    assert padded_letters(NAMING) == {"x", "X"}
    assert padded_letters("the zero-padded input $\\tilde{X}$ is 7x7") == {"x", "X"}
    assert padded_letters("the flipped kernel $\\tilde K(m,n) = K(2-m, 2-n)$") == frozenset()
    assert (
        alias_padded(r"\tilde{x}_{2i+m} \tilde{K}", frozenset({"x", "X"}))
        == r"x^{pad}_{2i+m} \tilde{K}"
    )


def test_a_padded_signal_and_an_entry_named_padded() -> None:
    # a 1-D layer's input is a signal; the tilde may be written as an entry
    assert padded_letters("with $\\tilde{s}$ = zero-padded sequence") == {"s", "S"}
    assert padded_letters("$\\tilde{v}_{n,c,i,j}$ for the zero-padded input") == {"v", "V"}
    assert padded_letters("$\\tilde{v}_{n,c,i,j}$ for the smoothed signal") == frozenset()


def test_a_strided_1d_gradient_by_the_padded_signal() -> None:
    # torch: length 8, kernel 3, stride 2, padding 1; dL/dxp[s] = sum_t g[t] w[s - 2t]
    gen = torch.Generator().manual_seed(6)
    x = torch.randn((1, 1, 8), generator=gen, dtype=torch.float64, requires_grad=True)
    w = torch.randn((1, 1, 3), generator=gen, dtype=torch.float64)
    y = torch.nn.functional.conv1d(x, w, stride=2, padding=1)
    g = torch.randn(y.shape, generator=gen, dtype=torch.float64)
    (y * g).sum().backward()
    assert x.grad is not None
    wn, gn = w.numpy()[0, 0], g.numpy()[0, 0]
    padded = [sum(gn[t] * wn[s - 2 * t] for t in range(4) if 0 <= s - 2 * t < 3) for s in range(10)]
    assert np.allclose(padded[1:9], x.grad.numpy()[0, 0])  # crop the padding
    text = (
        "A signal of length 8, a kernel of size 3, stride 2, padding 1, no bias, 0-based; "
        "$\\tilde{x}$ = padded signal and $g[t] = \\partial L / \\partial y[t]$.\n\n"
        "$$\\frac{\\partial L}{\\partial \\tilde{x}[s]} = \\sum_{t=0}^{3} g[t]\\, w[s-2t]$$\n\n"
        "$$\\frac{\\partial L}{\\partial \\tilde{x}[s]} = \\sum_{t=0}^{3} g[t]\\, w[s-t]$$\n"
    )
    verdicts = {v.line: v.status for v in check_text(text).verdicts}
    assert (verdicts[3], verdicts[5]) == (VERIFIED, WRONG)
