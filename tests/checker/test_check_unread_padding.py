"""A claim verified at padding 0 in notes that speak of a padding nothing read as the
layer's is not verified: with the padding the notes mean, it may be false.

"'Same' padding adds P = (K-1)/2 zeros at each end" was not read as a padding fact, so the
layer was read unpadded and ``\\partial L/\\partial w_k = \\sum_t g_t x_{t+k}`` (the unpadded
sum, wrong for the padded layer) was verified.  The truth is torch: for conv1d with
padding 1 that sum is not the weight gradient; without padding it is.
"""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED
from symconv.checker.runner import check_text

CLAIM = "$$\\frac{\\partial L}{\\partial w_k} = \\sum_{t=0}^{5} g_t\\, x_{t+k}$$"
SPEAKS = [
    "A 'same' padding adds $P = (K-1)/2$ zeros at each end of the sequence.",
    "We zero-pad the sequence so that the output keeps its length.",
    "El relleno añade $(K-1)/2$ ceros en cada extremo.",
]


def _unpadded_sum_is_the_gradient(padding: int) -> bool:
    """Whether sum_t g_t x_{t+k} (x unpadded, t over the output) is dL/dw for conv1d of a
    length-8 sequence, kernel 3, stride 1, the given padding (torch autograd)."""
    gen = torch.Generator().manual_seed(0)
    x = torch.randn(1, 1, 8, generator=gen, dtype=torch.float64)
    w = torch.randn(1, 1, 3, generator=gen, dtype=torch.float64, requires_grad=True)
    y = F.conv1d(x, w, padding=padding)
    g = torch.randn(y.shape, generator=gen, dtype=torch.float64)
    (y * g).sum().backward()
    t = min(y.shape[-1], 6)  # the claim's t runs over 0..5
    claimed = torch.stack([(g[0, 0, :t] * x[0, 0, k : k + t]).sum() for k in range(3)])
    return bool(torch.allclose(claimed, w.grad[0, 0]))


def _notes(sentence: str) -> str:
    return (
        "# A 1-D layer\n\n"
        "The input $x$ has length 8, the kernel $w$ has length 3, stride 1, 0-based "
        "indices, and $g_t = \\partial L/\\partial y_t$. "
        f"{sentence}\n\n{CLAIM}\n"
    )


def test_the_truth() -> None:
    assert _unpadded_sum_is_the_gradient(0)
    assert not _unpadded_sum_is_the_gradient(1)


@pytest.mark.parametrize("sentence", SPEAKS)
def test_padding_spoken_of_but_unread(sentence: str) -> None:
    got = [v for v in check_text(_notes(sentence), "notes.md").verdicts if v.line == 5]
    assert [v.status for v in got] == [NOT_UNDERSTOOD], [v.message for v in got]
    assert "padding" in got[0].message


def test_no_padding_spoken_of() -> None:
    got = [v for v in check_text(_notes(""), "notes.md").verdicts if v.line == 5]
    assert [v.status for v in got] == [VERIFIED], [v.message for v in got]
