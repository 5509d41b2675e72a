"""A parameter count named with a subscript saying whose it is (``\\#\\theta_{\\text{conv}}``)
is judged as ``\\#\\theta`` is (symbolic_counts.py).  Truth: torch's parameter counts."""

from __future__ import annotations

import itertools

import torch

from symconv.checker.report import VERIFIED, WRONG
from tests.checker.line_verdicts import statuses

_NOTES = "\n".join(
    [
        "# Appendix B: sizes of the blocks",
        "",
        "A convolution maps $C$ input channels to $F$ output channels with $K \\times K$ "
        "kernels; each of its $F$ filters holds $C K^2$ weights and a bias, so",
        "",
        "$$\\#\\theta_{\\mathrm{block}} = F\\,(C K^2 + 1)$$",
        "",
        "An older draft had",
        "",
        "$$\\#\\theta_{\\text{block}} = F\\,C\\,K^2 + C$$",
        "",
    ]
)


def test_a_count_named_for_its_layer() -> None:
    for c, f, k in itertools.product((1, 2, 3), (1, 2, 5), (1, 2, 3)):
        count = sum(p.numel() for p in torch.nn.Conv2d(c, f, k).parameters())
        assert count == f * (c * k * k + 1)
    # one bias per input channel: C = 1, F = 2, K = 1 gives 3, torch's layer has 4
    assert sum(p.numel() for p in torch.nn.Conv2d(1, 2, 1).parameters()) == 4 != 2 * 1 + 1
    assert statuses(_NOTES, "\\mathrm{block}") == [VERIFIED]
    assert statuses(_NOTES, "\\text{block}") == [WRONG]
