"""A paragraph opening with a short bold title ("**Bonus: stride 2.**", "**Ec. (15), pág.
8.**", "**2. The input gradient.**") is an item of its own (checker/parts.py): it takes the
layer its question states, and what it states itself.  Read as one section with the
question, an aside's "input of length 7, stride 2" became the layer of every claim, and the
question's correct stride-1 claims were called wrong.  Truth: torch conv1d and autograd
(the claims' formulas evaluated with NumPy)."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text


def _grads(length: int, stride: int) -> dict[str, np.ndarray]:
    gen = torch.Generator().manual_seed(5)
    x = torch.randn((1, 1, length), generator=gen, dtype=torch.float64, requires_grad=True)
    w = torch.randn((1, 1, 3), generator=gen, dtype=torch.float64, requires_grad=True)
    y = torch.nn.functional.conv1d(x, w, stride=stride)
    g = torch.randn(y.shape, generator=gen, dtype=torch.float64)
    (y * g).sum().backward()
    return {"x": x.grad.numpy()[0, 0], "w": w.detach().numpy()[0, 0], "g": g.numpy()[0, 0]}


def _full_correlation(g: np.ndarray, w: np.ndarray, stride: int) -> np.ndarray:
    """pad_2(dilate_s(g)) correlated with flip(w), as the notes write it."""
    dilated = np.zeros((len(g) - 1) * stride + 1)
    dilated[::stride] = g
    padded = np.pad(dilated, 2)
    flipped = w[::-1]
    return np.array([padded[i : i + 3] @ flipped for i in range(len(padded) - 2)])


def test_the_truth_of_the_claims() -> None:
    one, two = _grads(6, 1), _grads(7, 2)
    assert np.allclose(_full_correlation(one["g"], one["w"], 1), one["x"])
    assert np.allclose(_full_correlation(two["g"], two["w"], 2), two["x"])
    assert len(_full_correlation(two["g"], two["w"], 1)) != len(two["x"])  # stride forgotten
    # the stride-1 bias gradient over the 4 outputs: the sum of delta_0..delta_3
    assert len(one["g"]) == 4


STEM = (
    "I have a 1-D conv layer (no padding, stride 1, single channel, indices from 0). "
    "Input $x \\in \\mathbb{{R}}^6$, kernel $w \\in \\mathbb{{R}}^3$, output $y \\in "
    "\\mathbb{{R}}^4$ with\n\n$$y_i = \\sum_{{m=0}}^{{2}} w_m \\, x_{{i+m}} + b$$\n\n"
    "and $\\delta_i = \\partial L / \\partial y_i$.\n\n"
)
PARTS = [
    ("**1. The bias.**", "**Bonus: stride 2.**"),
    ("**Ec. (9), pág. 6.**", "**Ec. (15), pág. 8.**"),
    ("**Answer:**", "**Extension (stride two).**"),
]
BIAS = "\\frac{\\partial L}{\\partial b} = \\sum_{i=0}^{3} \\delta_i"
STRIDED = (
    "\\frac{\\partial L}{\\partial x} = \\operatorname{pad}_2(\\operatorname{dilate}_2(\\delta))"
    " \\star \\operatorname{flip}(w)"
)
FORGOT = (
    "\\frac{\\partial L}{\\partial x} = \\operatorname{pad}_2(\\delta) \\star "
    "\\operatorname{flip}(w)"
)


@pytest.mark.parametrize(("first", "second"), PARTS)
def test_a_titled_paragraph_varies_the_layer_for_itself(first: str, second: str) -> None:
    text = (
        "# Question\n\n" + STEM.format() + f"{first} Nothing is averaged:\n\n$${BIAS}$$\n\n"
        f"{second} With stride $s = 2$ and an input of length $7$ the output has 3 "
        f"entries. Then\n\n$${STRIDED}$$\n\nand forgetting the zeros,\n\n$${FORGOT}$$\n"
    )
    found = {v.source: v.status for v in check_text(text, "lead_in.md").verdicts}
    assert found[BIAS] == VERIFIED  # the question's layer: 4 outputs
    assert found[STRIDED] == VERIFIED  # the bonus's layer: length 7, stride 2
    assert found[FORGOT] == WRONG  # length 5, not 7


def test_a_bold_numbered_question_is_a_stem_not_a_part() -> None:
    """ "**Q2.** A layer takes a 4x4 input ..." states the layer its parts take."""
    text = (
        "# HW\n\n**Q2.** A convolutional layer takes a $4\\times 4$ input $x$ and a $2\\times 2$"
        " kernel $w$, uses stride 2 and no padding, and has no bias. Indices run from 1.\n\n"
        "**(a)** The windows do not overlap, so the output is $2\\times 2$ with\n\n"
        "$$y_{ij} = \\sum_{m=1}^{2}\\sum_{n=1}^{2} w_{mn}\\, x_{2(i-1)+m,\\; 2(j-1)+n}$$\n"
    )
    found = [v.status for v in check_text(text, "q2.md").verdicts if "y_{ij}" in v.source]
    # hand work: output (i, j) reads rows 2i-1, 2i and columns 2j-1, 2j (1-based), stride 2
    assert found == [VERIFIED]


@pytest.mark.parametrize("title", ["**Checkpoint A1.**", "**Bonus: stride 2.**", "edit:"])
def test_a_section_after_a_titled_item_goes_on_from_the_question(title: str) -> None:
    """The item's stride 2 is its own: the next section's layer is the question's again."""
    outputs = {1: len(_grads(6, 1)["g"]), 2: len(_grads(6, 2)["g"])}
    assert outputs == {1: 4, 2: 2}  # torch: 4 outputs at stride 1, 2 at stride 2
    claim = "\\frac{\\partial L}{\\partial b} = \\sum_{i=0}^{3} \\delta_i"
    text = (
        "# Notes\n\n" + STEM.format() + f"{title} With stride $2$ instead the output has 2 "
        f"entries.\n\n## Part B\n\nThe bias gradient:\n\n$${claim}$$\n"
    )
    found = [v.status for v in check_text(text, "after.md").verdicts if v.source == claim]
    assert found == [VERIFIED]
