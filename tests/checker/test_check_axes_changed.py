"""A thread that states a signal, then an image, then a signal again, all in one section
(checker/stated_axes.py): each claim is judged under the layer stated before it, the last
paragraph going on from the first signal's kernel ("same $w$").

Truth: torch autograd of conv1d (6-long signal, 2-long kernel), conv2d (4x4 image, 2x2
kernel) and conv1d (8-long signal, the same kernel, stride 2), each with a random upstream
gradient; the claims' operators are computed with NumPy (zero padding, zero insertion,
a flip, a valid cross-correlation).
"""

from __future__ import annotations

import numpy as np
import torch
from line_verdicts import statuses

from symconv.checker.report import VERIFIED, WRONG

NOTES = """# Thread: where does the flip come from?

**Q.** Signal $x \\in \\mathbb{{R}}^6$, kernel $w \\in \\mathbb{{R}}^2$, indices from 0, and
$y_i = \\sum_{{k=0}}^{{1}} w_k x_{{i+k}}$. With $g_i = \\partial L / \\partial y_i$, is it

$${a_right}$$

or rather, with $w$ zero outside $0..1$,

$${a_wrong}$$

> **Reply.** In 2-D, for a $4 \\times 4$ input and a $2 \\times 2$ kernel $K$:
>
> $${b_right}$$
>
> and not $${b_wrong}$$

> **Reply.** Now say $x \\in \\mathbb{{R}}^8$, same $w$, stride 2:
>
> $${c_right}$$
>
> but not $${c_wrong}$$
"""
CLAIMS = {
    "a_right": "\\frac{\\partial L}{\\partial x_j} = \\sum_{i=0}^{4} g_i\\, w_{j-i}",
    "a_wrong": "\\frac{\\partial L}{\\partial x_j} = \\sum_{i=0}^{4} g_i\\, w_{i-j}",
    "b_right": "\\frac{\\partial L}{\\partial X} = \\operatorname{pad}_1(G) \\star "
    "\\operatorname{rot180}(K)",
    "b_wrong": "\\frac{\\partial L}{\\partial X} = \\operatorname{pad}_1(G) \\star K",
    "c_right": "\\frac{\\partial L}{\\partial x} = \\operatorname{pad}_1(\\operatorname{dilate}_2"
    "(g)) \\star \\operatorname{flip}(w)",
    "c_wrong": "\\frac{\\partial L}{\\partial x} = \\operatorname{pad}_1(g) \\star "
    "\\operatorname{flip}(w)",
}


def _correlate(a: np.ndarray, k: np.ndarray) -> np.ndarray:
    if a.ndim == 1:
        return np.array([(a[i : i + len(k)] * k).sum() for i in range(len(a) - len(k) + 1)])
    rows, cols = a.shape[0] - k.shape[0] + 1, a.shape[1] - k.shape[1] + 1
    return np.array(
        [
            [(a[i : i + k.shape[0], j : j + k.shape[1]] * k).sum() for j in range(cols)]
            for i in range(rows)
        ]
    )


def _same(got: torch.Tensor, formula: np.ndarray) -> bool:
    want = got.detach().numpy().reshape(-1)
    return formula.shape == got.shape[-formula.ndim :] and np.allclose(want, formula.reshape(-1))


def _truth() -> dict[str, bool]:
    gen = torch.Generator().manual_seed(9)
    f64 = torch.float64
    # the signal: x in R^6, w in R^2, 5 outputs
    x = torch.randn(1, 1, 6, generator=gen, dtype=f64, requires_grad=True)
    w = torch.randn(1, 1, 2, generator=gen, dtype=f64)
    g = torch.randn(1, 1, 5, generator=gen, dtype=f64)
    (torch.nn.functional.conv1d(x, w) * g).sum().backward()
    wn, gn = w.numpy()[0, 0], g.numpy()[0, 0]

    def tap(k: int) -> float:  # w zero outside 0..1
        return float(wn[k]) if 0 <= k < 2 else 0.0

    right_a = np.array([sum(gn[i] * tap(j - i) for i in range(5)) for j in range(6)])
    wrong_a = np.array([sum(gn[i] * tap(i - j) for i in range(5)) for j in range(6)])
    # the image: 4x4 input, 2x2 kernel, 3x3 outputs
    xx = torch.randn(1, 1, 4, 4, generator=gen, dtype=f64, requires_grad=True)
    kk = torch.randn(1, 1, 2, 2, generator=gen, dtype=f64)
    gg = torch.randn(1, 1, 3, 3, generator=gen, dtype=f64)
    (torch.nn.functional.conv2d(xx, kk) * gg).sum().backward()
    padded = np.pad(gg.numpy()[0, 0], 1)
    kn = kk.numpy()[0, 0]
    # the strided signal: x in R^8, the same w, stride 2, 4 outputs
    xs = torch.randn(1, 1, 8, generator=gen, dtype=f64, requires_grad=True)
    gs = torch.randn(1, 1, 4, generator=gen, dtype=f64)
    (torch.nn.functional.conv1d(xs, w, stride=2) * gs).sum().backward()
    gsn = gs.numpy()[0, 0]
    dilated = np.zeros(7)
    dilated[::2] = gsn
    assert x.grad is not None and xx.grad is not None and xs.grad is not None
    return {
        "a_right": _same(x.grad, right_a),
        "a_wrong": _same(x.grad, wrong_a),
        "b_right": _same(xx.grad, _correlate(padded, kn[::-1, ::-1])),
        "b_wrong": _same(xx.grad, _correlate(padded, kn)),
        "c_right": _same(xs.grad, _correlate(np.pad(dilated, 1), wn[::-1])),
        "c_wrong": _same(xs.grad, _correlate(np.pad(gsn, 1), wn[::-1])),
    }


def test_each_claim_under_the_layer_stated_before_it() -> None:
    truth = _truth()
    assert truth == {
        "a_right": True,
        "a_wrong": False,
        "b_right": True,
        "b_wrong": False,
        "c_right": True,
        "c_wrong": False,
    }
    text = NOTES.format(**CLAIMS)
    for key, holds in truth.items():
        assert statuses(text, CLAIMS[key]) == [VERIFIED if holds else WRONG], key


ASIDE = """# Full convolution, 2-D

**Q.** For a $4 \\times 4$ input $X$ and a $2 \\times 2$ kernel $K$, stride 1, no padding,
indices from 0, how does the input gradient look?

In 1-D it is the same: with $x \\in \\mathbb{{R}}^6$ and $w \\in \\mathbb{{R}}^2$,

$${a_right}$$

---

> Back to the image, as asked:
>
> $${b_right}$$
>
> and not $${b_wrong}$$
>
> The corner: $${corner}$$
"""
CORNER = "\\frac{\\partial L}{\\partial X_{3,3}} = G_{2,2}\\, K_{1,1}"


def _corner_holds() -> bool:
    """dL/dX at (3, 3) of the 4x4 input (2x2 kernel, 3x3 output): only K_{1,1} meets it,
    through the output entry (2, 2)."""
    x, k, g = (
        torch.randn(shape, generator=torch.Generator().manual_seed(seed), dtype=torch.float64)
        for seed, shape in ((12, (1, 1, 4, 4)), (13, (1, 1, 2, 2)), (14, (1, 1, 3, 3)))
    )
    (grad,) = torch.autograd.grad(torch.nn.functional.conv2d(x.requires_grad_(), k), x, g)
    return bool(torch.isclose(grad[0, 0, 3, 3], g[0, 0, 2, 2] * k[0, 0, 1, 1]))


def test_an_aside_of_other_axes_ends_at_a_thematic_break() -> None:
    truth = _truth()
    text = ASIDE.format(**CLAIMS, corner=CORNER)
    for key in ("a_right", "b_right", "b_wrong"):
        assert statuses(text, CLAIMS[key]) == [VERIFIED if truth[key] else WRONG], key
    # at the question's 4x4 input (a guessed smaller one has no X_{3,3})
    assert _corner_holds()
    assert statuses(text, CORNER) == [VERIFIED]
