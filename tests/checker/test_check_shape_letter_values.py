"""Size letters bound by a two-axis membership (letter_sizes.py: ``x \\in \\mathbb{R}^{H \\times
W}`` gives H and W the input's sides, ``k \\in \\mathbb{R}^{K \\times K}`` K the kernel's side)
and set to numbers later (infer._size_values: "$H = W = 5$, $K = 3$", "$M = 4$, $N = 6$"):
the section's layer is then those sizes, and the claims about its entries are judged under
it.  The truths are worked by hand in the comments (0-based, stride 1, no padding:
dL/dx_{a,b} = sum over the outputs (i, j) with a = i + u, b = j + v of g_{i,j} w_{u,v})."""

from __future__ import annotations

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

SPANISH = (
    "# Apuntes\n\n"
    "Entrada $x \\in \\mathbb{R}^{H \\times W}$ (índices desde 0), filtro "
    "$k \\in \\mathbb{R}^{K \\times K}$, paso 1, sin relleno, sin sesgo; "
    "$\\delta_{i,j} = \\partial L / \\partial y_{i,j}$ y "
    "$y_{i,j} = \\sum_{m} \\sum_{n} k_{m,n} x_{i+m, j+n}$.\n\n"
    "## Caso concreto: $H = W = 5$, $K = 3$\n\n"
)


def test_a_square_kernel_letter_and_the_input_sides_set_in_a_heading():
    # 5x5 input, 3x3 kernel: x_{0,2} is read by outputs (0, j) with j + n = 2, j <= 2:
    # (0,0) n=2, (0,1) n=1, (0,2) n=0
    good = "\\delta_{0,0} k_{0,2} + \\delta_{0,1} k_{0,1} + \\delta_{0,2} k_{0,0}"
    bad = "\\delta_{0,1} k_{0,1} + \\delta_{0,2} k_{0,0}"  # (0,0) through k_{0,2} left out
    for right, status in ((good, VERIFIED), (bad, WRONG)):
        text = SPANISH + f"$$\\frac{{\\partial L}}{{\\partial x_{{0,2}}}} = {right}$$\n"
        verdict = check_text(text).verdicts[-1]
        assert verdict.status == status, verdict.message
        assert "5x5, kernel 3x3" in verdict.message or status == WRONG


ENGLISH = (
    "Take an image $X \\in \\mathbb{R}^{M \\times N}$ and a kernel $W \\in \\mathbb{R}^{R "
    "\\times R}$, stride 1, no padding, no bias, indices from 0, with "
    "$y_{i,j} = \\sum_{u} \\sum_{v} w_{u,v} x_{i+u, j+v}$ and "
    "$g_{i,j} = \\partial L / \\partial y_{i,j}$.\n\n"
    "**Example.** Let $M = 4$, $N = 6$ and $R = 2$.\n\n"
)


def test_two_letters_for_the_input_sides_and_a_letter_for_the_kernel():
    # 4x6 input, 2x2 kernel: a 3x5 output.  x_{1,5}: i + u = 1 gives (i,u) = (0,1), (1,0);
    # j + v = 5 with j <= 4 gives only (j,v) = (4,1)
    good = "g_{0,4} w_{1,1} + g_{1,4} w_{0,1}"
    bad = "g_{0,4} w_{1,1}"
    for right, status in ((good, VERIFIED), (bad, WRONG)):
        text = ENGLISH + f"$$\\frac{{\\partial L}}{{\\partial x_{{1,5}}}} = {right}$$\n"
        verdict = check_text(text).verdicts[-1]
        assert verdict.status == status, verdict.message


def test_a_chain_of_counts_is_no_count_of_the_section():
    # "C = F = 4" of a what-if (a depthwise variant) sets no channel count: the claim keeps
    # the 2 -> 3 channels stated first (dL/db_f sums delta over n, i, j: 3 filters)
    text = (
        "Setup: $C = 2$ input channels, $F = 3$ output channels, $3\\times 3$ kernels, input "
        "$5\\times 5$, stride 1, no padding, 0-based.\n\n"
        "$$\\frac{\\partial L}{\\partial b_f} = \\sum_{n}\\sum_{i,j} \\delta_{n,f,i,j}$$\n\n"
        "A depthwise variant would have $C = F = 4$.\n"
    )
    report = check_text(text)
    assert report.verdicts[-1].status == VERIFIED, report.verdicts[-1].message
    facts = [f for layer in report.to_dict()["layers"] for f in layer["facts"]]
    assert not any(f["key"] == "in-channels" and f["value"] == "4" for f in facts), facts
