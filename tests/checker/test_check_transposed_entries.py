"""Transposed convolution entry by entry, as PyTorch computes it (issue 16, the holdout set's
seven false alarms): the forward pass as a scatter (every input pixel stamps the kernel at
(s i - p, s j - p)), dL/dX as a strided correlation of G with W, dL/dW as a correlation of
G with X, a padded G the notes define once (``\\tilde G = \\operatorname{pad}_1(G)``), and
output_padding.  The truth of every claim is torch's ``conv_transpose2d`` and its autograd;
each claim's right side is computed with numpy, reading entries outside a tensor as 0 (the
convention the notes state)."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

# (input side, kernel, stride, padding, output_padding)
CONFIGS = [(2, 3, 2, 0, 0), (3, 3, 2, 1, 0), (3, 3, 2, 1, 1), (3, 2, 2, 0, 0)]


def _torch(h: int, k: int, s: int, p: int, op: int) -> dict[str, np.ndarray]:
    gen = torch.Generator().manual_seed(7)
    x = torch.randn((1, 1, h, h), generator=gen, dtype=torch.float64, requires_grad=True)
    w = torch.randn((1, 1, k, k), generator=gen, dtype=torch.float64, requires_grad=True)
    y = torch.nn.functional.conv_transpose2d(x, w, stride=s, padding=p, output_padding=op)
    g = torch.randn(y.shape, generator=gen, dtype=torch.float64)
    (y * g).sum().backward()
    return {
        "X": x.detach()[0, 0].numpy(),
        "W": w.detach()[0, 0].numpy(),
        "Y": y.detach()[0, 0].numpy(),
        "G": g[0, 0].numpy(),
        "dX": x.grad[0, 0].numpy(),
        "dW": w.grad[0, 0].numpy(),
    }


def _at(a: np.ndarray, i: int, j: int) -> float:
    inside = 0 <= i < a.shape[0] and 0 <= j < a.shape[1]
    return float(a[i, j]) if inside else 0.0


def _sum(target: np.ndarray, body, ranges: tuple[int, int]) -> np.ndarray:
    pairs = [(m, n) for m in range(ranges[0]) for n in range(ranges[1])]
    rows, cols = target.shape
    return np.array(
        [[sum(body(u, v, m, n) for m, n in pairs) for v in range(cols)] for u in range(rows)]
    )


def _claims(h: int, k: int, s: int, p: int) -> list[tuple[str, str, object]]:
    """(claim, target, right side by numpy) in the notes' 0-based subscripts."""
    pad = f" + {p}" if p else ""
    shift = f" - {p}" if p else ""
    return [
        (  # the scatter: Y_{a,b} = sum_{i,j} X_{i,j} W_{a+p-si, b+p-sj}
            f"Y_{{a,b}} = \\sum_{{i=0}}^{{{h - 1}}}\\sum_{{j=0}}^{{{h - 1}}} X_{{i,j}}\\, "
            f"W_{{a{pad}-{s}i,\\, b{pad}-{s}j}}",
            "Y",
            lambda t: _sum(
                t["Y"],
                lambda a, b, i, j: t["X"][i, j] * _at(t["W"], a + p - s * i, b + p - s * j),
                (h, h),
            ),
        ),
        (  # the padding forgotten
            f"Y_{{a,b}} = \\sum_{{i=0}}^{{{h - 1}}}\\sum_{{j=0}}^{{{h - 1}}} X_{{i,j}}\\, "
            f"W_{{a-{s}i,\\, b-{s}j}}",
            "Y",
            lambda t: _sum(
                t["Y"],
                lambda a, b, i, j: t["X"][i, j] * _at(t["W"], a - s * i, b - s * j),
                (h, h),
            ),
        ),
        (  # dL/dX: a strided correlation of G with W
            f"\\frac{{\\partial L}}{{\\partial X_{{i,j}}}} = \\sum_{{m=0}}^{{{k - 1}}}"
            f"\\sum_{{n=0}}^{{{k - 1}}} G_{{{s}i+m{shift},\\, {s}j+n{shift}}}\\, W_{{m,n}}",
            "dX",
            lambda t: _sum(
                t["dX"],
                lambda i, j, m, n: _at(t["G"], s * i + m - p, s * j + n - p) * t["W"][m, n],
                (k, k),
            ),
        ),
        (  # the stride ignored
            f"\\frac{{\\partial L}}{{\\partial X_{{i,j}}}} = \\sum_{{m=0}}^{{{k - 1}}}"
            f"\\sum_{{n=0}}^{{{k - 1}}} G_{{i+m{shift},\\, j+n{shift}}}\\, W_{{m,n}}",
            "dX",
            lambda t: _sum(
                t["dX"],
                lambda i, j, m, n: _at(t["G"], i + m - p, j + n - p) * t["W"][m, n],
                (k, k),
            ),
        ),
        (  # dL/dW: each stamp's weight gradient
            f"\\frac{{\\partial L}}{{\\partial W_{{m,n}}}} = \\sum_{{i=0}}^{{{h - 1}}}"
            f"\\sum_{{j=0}}^{{{h - 1}}} X_{{i,j}}\\, G_{{{s}i+m{shift},\\, {s}j+n{shift}}}",
            "dW",
            lambda t: _sum(
                t["dW"],
                lambda m, n, i, j: t["X"][i, j] * _at(t["G"], s * i + m - p, s * j + n - p),
                (h, h),
            ),
        ),
        (  # the kernel rotated where it must not be
            f"\\frac{{\\partial L}}{{\\partial X_{{i,j}}}} = \\sum_{{m=0}}^{{{k - 1}}}"
            f"\\sum_{{n=0}}^{{{k - 1}}} G_{{{s}i+m{shift},\\, {s}j+n{shift}}}\\, "
            f"W_{{{k - 1}-m,\\, {k - 1}-n}}",
            "dX",
            lambda t: _sum(
                t["dX"],
                lambda i, j, m, n: (
                    _at(t["G"], s * i + m - p, s * j + n - p) * t["W"][k - 1 - m, k - 1 - n]
                ),
                (k, k),
            ),
        ),
    ]


def _note(h: int, k: int, s: int, p: int, op: int, claim: str) -> str:
    extra = f", output_padding={op}" if op else ""
    return (
        "# Notes on transposed convolution (PyTorch semantics)\n\n"
        f"Setting: `nn.ConvTranspose2d(1, 1, kernel_size={k}, stride={s}, padding={p}{extra})`. "
        f"The input $X$ is ${h}\\times {h}$,\nthe kernel $W$ is ${k}\\times {k}$, there is no "
        "bias, and indices are 0-based. Taking $W_{m,n} = 0$ when $m$ or $n$ is outside the "
        "kernel, and $G_{a,b} = 0$ outside $G$:\n\n"
        f"Let $G = \\partial L/\\partial Y$.\n\n$$ {claim} $$\n"
    )


@pytest.mark.parametrize("config", CONFIGS, ids=lambda c: "h{}k{}s{}p{}op{}".format(*c))
@pytest.mark.parametrize("which", range(6))
def test_transposed_entries(config: tuple[int, ...], which: int) -> None:
    h, k, s, p, op = config
    claim, target, right = _claims(h, k, s, p)[which]
    truth = _torch(h, k, s, p, op)
    holds = bool(np.allclose(right(truth), truth[target]))
    text = _note(h, k, s, p, op, claim)
    verdicts = check_text(text, "notes.md").verdicts
    found = [v for v in verdicts if v.line == text.count("\n")]
    assert len(found) == 1
    assert found[0].status == (VERIFIED if holds else WRONG), found[0].message
    # the convention and the definition of G claim nothing
    assert all(v.status != WRONG for v in verdicts if v.line != text.count("\n"))


PADDED_G = (
    "# Backward of a transposed convolution\n\n"
    "A `nn.ConvTranspose2d(1, 1, 3, stride=2, padding=1)` on a $3\\times 3$ input $X(i,j)$ with a "
    "$3\\times 3$ kernel $W(m,n)$, indices from 0, no bias.\n\n"
    "Let $G(a,b) = \\partial L/\\partial Y(a,b)$ and $\\tilde G = \\operatorname{pad}_1(G)$.\n\n"
    "$$ {claim} $$\n"
)


@pytest.mark.parametrize(
    ("claim", "shift", "target"),
    [
        (
            "\\frac{\\partial L}{\\partial X(i,j)} = \\sum_{m=0}^{2}\\sum_{n=0}^{2} "
            "\\tilde G(2i+m,\\, 2j+n)\\, W(m,n)",
            0,
            "dX",
        ),
        (
            "\\frac{\\partial L}{\\partial X(i,j)} = \\sum_{m=0}^{2}\\sum_{n=0}^{2} "
            "\\tilde G(2i+m+1,\\, 2j+n+1)\\, W(m,n)",
            1,
            "dX",
        ),
        (
            "\\frac{\\partial L}{\\partial W(m,n)} = \\sum_{i=0}^{2}\\sum_{j=0}^{2} "
            "X(i,j)\\, \\tilde G(2i+m,\\, 2j+n)",
            0,
            "dW",
        ),
    ],
)
def test_a_padded_g_the_notes_define(claim: str, shift: int, target: str) -> None:
    t = _torch(3, 3, 2, 1, 0)
    gp = np.pad(t["G"], 1)  # \tilde G = pad_1(G), zero outside

    def tilde(a: int, b: int) -> float:
        return _at(gp, a + shift, b + shift)

    if target == "dX":
        right = _sum(t["dX"], lambda i, j, m, n: tilde(2 * i + m, 2 * j + n) * t["W"][m, n], (3, 3))
    else:
        right = _sum(t["dW"], lambda m, n, i, j: t["X"][i, j] * tilde(2 * i + m, 2 * j + n), (3, 3))
    holds = bool(np.allclose(right, t[target]))
    text = PADDED_G.replace("{claim}", claim)
    found = [v for v in check_text(text, "notes.md").verdicts if v.line == text.count("\n")]
    assert len(found) == 1
    assert found[0].status == (VERIFIED if holds else WRONG), found[0].message
