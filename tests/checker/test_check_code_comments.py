# ruff: noqa: E501  (the code comment is kept as such code writes it)
"""A layer stated by the comments of the code a review quotes (checker/code_comments.py):
``# x: (N, C, H, W) = (2, 2, 6, 6); w: (F, C, HH, WW) = (3, 2, 3, 3)`` and ``# stride = 1,
pad = 1``.

Truth: torch autograd of conv2d (a batch of 2, 2 -> 3 channels, 6x6 input, 3x3 kernel,
padding 1) with loss sum(y * dout); the claims' sums are evaluated by explicit loops.
"""

from __future__ import annotations

import torch
from line_verdicts import statuses

from symconv.checker.code_comments import code_comment_facts
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG

CODE = """```python
def backward(dout, cache):
    x, w, b, stride, pad = cache  # x: (N, C, H, W) = (2, 2, 6, 6); w: (F, C, HH, WW) = (3, 2, 3, 3)
    # stride = 1, pad = 1 -> dout: (N, F, H_out, W_out) = (2, 3, 6, 6)
    db = dout.sum(axis=(0, 2, 3))
    return db
```"""
NOTES = (
    "# Review of `backward`\n\nIndices start at 0 and `dout` is $\\delta_{n,f,i,j} = \\partial L / \\partial y_{n,f,i,j}$.\n\n"
    + CODE
    + "\n\nThe bias gradient sums every sample:\n\n$${claim}$$\n"
)
ALL = "\\frac{\\partial L}{\\partial b_f} = \\sum_{n=0}^{1} \\sum_{i=0}^{5} \\sum_{j=0}^{5} \\delta_{n,f,i,j}"
FIRST = "\\frac{\\partial L}{\\partial b_f} = \\sum_{i=0}^{5} \\sum_{j=0}^{5} \\delta_{0,f,i,j}"


def _truth() -> dict[str, bool]:
    gen = torch.Generator().manual_seed(6)
    x, w, dout = (
        torch.randn(*shape, generator=gen, dtype=torch.float64)
        for shape in ((2, 2, 6, 6), (3, 2, 3, 3), (2, 3, 6, 6))
    )
    b = torch.zeros(3, dtype=torch.float64, requires_grad=True)
    (db,) = torch.autograd.grad(
        (torch.nn.functional.conv2d(x, w, b, padding=1) * dout).sum(), b
    )  # (the comment's output shape (2, 3, 6, 6) is dout's: the product needs it)
    return {
        ALL: bool(torch.allclose(db, dout.sum(dim=(0, 2, 3)))),
        FIRST: bool(torch.allclose(db, torch.stack([dout[0, f].sum() for f in range(3)]))),
    }


def test_the_comments_state_the_layer() -> None:
    truth = _truth()
    assert truth == {ALL: True, FIRST: False}
    for claim, holds in truth.items():
        assert statuses(NOTES.replace("{claim}", claim), claim) == [VERIFIED if holds else WRONG]


def test_without_the_comments_the_sizes_are_a_guess() -> None:
    bare = NOTES.replace(CODE, "```python\ndb = dout.sum(axis=(0, 2, 3))\n```")
    assert statuses(bare.replace("{claim}", ALL), ALL) != [VERIFIED]
    assert statuses(bare.replace("{claim}", FIRST), FIRST) == [NOT_UNDERSTOOD]


def test_an_output_that_disagrees_drops_the_geometry() -> None:
    facts = dict(
        (k, v) for k, v, _ in code_comment_facts(CODE.replace("(2, 3, 6, 6)", "(2, 3, 3, 3)"))
    )
    assert facts["input"] == "6x6" and facts["kernel"] == "3x3"
    assert "stride" not in facts and "padding" not in facts
    # the weights' channels must be the input's: else the weights are not read
    facts = dict(
        (k, v) for k, v, _ in code_comment_facts(CODE.replace("(3, 2, 3, 3)", "(3, 5, 3, 3)"))
    )
    assert "kernel" not in facts
