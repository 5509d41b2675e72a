"""The kernel's size letter named in the notes' prose (kernel_letter.py).

Truth: torch's conv2d output shapes (the size formulas the notes then write in that letter)
and the notes' own wording for which letter is the kernel's.
"""

from __future__ import annotations

import torch

from symconv.checker.kernel_letter import kernel_letter, prose_sizes
from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text


def _torch_side(h: int, r: int, s: int, p: int) -> int:
    out = torch.nn.functional.conv2d(torch.zeros(1, 1, h, h), torch.zeros(1, 1, r, r), None, s, p)
    return int(out.shape[-1])


def test_spellings_of_the_kernel_letter() -> None:
    assert (
        kernel_letter("one channel, input $H \\times H$, kernel $R \\times R$, stride $S$") == "R"
    )
    assert kernel_letter("Notations : noyau $K \\times K$, pas $S$, remplissage $P$.") == "K"
    assert kernel_letter("we slide a $F \\times F$ filter over the image") == "F"
    assert kernel_letter("a kernel of size $Q \\times Q$") == "Q"
    assert kernel_letter("with kernel size $R$ and stride $S$") == "R"
    weights = "filters $\\mathbf{K} \\in \\mathbb{R}^{F \\times C \\times R \\times R}$ and biases"
    assert kernel_letter(weights) == "R"


def test_unread_when_ambiguous_or_a_tensor() -> None:
    assert kernel_letter("kernel $R \\times R$ in layer 1, kernel $Q \\times Q$ in layer 2") is None
    assert kernel_letter("input $H \\times W$ and stride $S$") is None
    tensor = "kernel $K \\times K$ ... $K = \\begin{bmatrix} 1 & 0 \\\\ 0 & 1 \\end{bmatrix}$"
    assert kernel_letter(tensor) is None
    assert kernel_letter("kernel $K \\times K$ with entries $K_{u,v}$") is None
    assert prose_sizes("no kernel named here") == {}
    assert kernel_letter("the kernel $w$ is $k \\times k$, a $k \\times k$ kernel") is None


def test_size_formulas_in_the_named_letter_are_judged() -> None:
    for h, r, s, p in ((7, 3, 2, 1), (32, 5, 1, 2), (28, 3, 2, 0)):
        assert _torch_side(h, r, s, p) == (h + 2 * p - r) // s + 1
    assert _torch_side(7, 3, 1, 0) == 7 - 3 + 1  # so H - R is off by one
    note = (
        "# Output size\n\n"
        "- one channel, input $H \\times H$, kernel $R \\times R$, stride $S$, padding $P$\n"
        "- $H_{\\text{out}} = \\left\\lfloor (H + 2P - R)/S \\right\\rfloor + 1$\n"
        "- no padding, stride 1: $H_{\\text{out}} = H - R$\n"
    )
    verdicts = {v.line: v.status for v in check_text(note).verdicts if v.line in (4, 5)}
    assert verdicts == {4: VERIFIED, 5: WRONG}


def test_front_matter_sizes_win() -> None:
    note = (
        "---\nsizes: Q=kernel\n---\n"
        "kernel $R \\times R$, stride $S$, padding $P$, kernel side $Q$.\n\n"
        "$H_{out} = \\lfloor (H + 2P - Q)/S \\rfloor + 1$\n"
    )
    statuses = [v.status for v in check_text(note).verdicts if v.line == 6]
    assert statuses == [VERIFIED]
