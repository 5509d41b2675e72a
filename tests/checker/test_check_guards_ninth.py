"""Readings and guards added after fresh23/fresh24's first measurement, each on notes
written here (other wording and numbers than those sets).  Truth: torch conv2d and
autograd; a not-understood verdict is asserted where the notes leave the layer a claim is
about open, with the reason the checker must give."""

from __future__ import annotations

import pytest
import torch

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text


def _verdicts(text: str) -> dict[int, tuple[str, str]]:
    return {v.line: (v.status, v.message) for v in check_text(text, "notes.md").verdicts}


def _output_side(h: int, k: int, s: int, p: int) -> int:
    x = torch.zeros((1, 1, h, h))
    return int(
        torch.nn.functional.conv2d(x, torch.zeros((1, 1, k, k)), stride=s, padding=p).shape[-1]
    )


# Stride and padding in Dutch, Turkish, Polish and Russian, and the roles in those languages:
# "geen padding, stap 2", "adım 2, dolgu yok", "krok 2, bez paddingu", "шаг 2, без паддинга".
LANGUAGES = [
    "Invoer $X$ van $7 \\times 7$, kern $K$ van $3 \\times 3$, geen padding, stap 2.",
    "Giriş $X$ $7 \\times 7$, çekirdek $K$ $3 \\times 3$, adım 2, dolgu yok.",
    "Wejście $X$ o rozmiarze $7 \\times 7$, jądro $K$ $3 \\times 3$, krok 2, bez paddingu.",
    "Вход $X$ размера $7 \\times 7$, ядро $K$ размера $3 \\times 3$, шаг 2, без паддинга.",
]


@pytest.mark.parametrize("layer", LANGUAGES)
def test_stride_padding_and_roles_in_more_languages(layer: str) -> None:
    side = _output_side(7, 3, 2, 0)  # 3
    text = f"# Notes\n\n{layer}\n\n$$H_{{out}} = {side}$$\n\n$$H_{{out}} = {side + 2}$$\n"
    found = _verdicts(text)
    assert found[5][0] == VERIFIED and found[7][0] == WRONG


def test_a_step_word_before_a_colon_is_no_stride() -> None:
    """ "Stap 2: ..." numbers a step of a procedure, not the layer's stride."""
    from symconv.checker.prose import prose_facts

    assert not [f for f in prose_facts("Stap 2: bereken de uitvoer") if f[0] == "stride"]
    assert ("stride", "2", "prose") in prose_facts("geen padding, stap 2.")


def test_a_letter_given_a_new_meaning_before_the_claim_is_open() -> None:
    """ "δ now denotes ∂ℓ_n/∂Y" changes what the claim's δ is: under δ = ∂L/∂Y with the
    batch-mean loss the sum below is twice the bias gradient, under the new meaning it is
    right; the checker keeps the first meaning, so it must not call it verified."""
    text = (
        "# Notes\n\nA batch of $N = 2$ one-channel $4 \\times 4$ inputs $X$, a $3 \\times 3$ "
        "kernel $W$ and a bias $b$, stride 1, no padding. Let "
        "$\\delta_{n,i,j} = \\partial L / \\partial y_{n,i,j}$.\n\n"
        "$$\\frac{\\partial L}{\\partial b} = \\sum_{n=0}^{1} \\sum_{i=0}^{1} \\sum_{j=0}^{1} "
        "\\delta_{n,i,j}$$\n\n"
        "If the loss is the batch mean and $\\delta$ now denotes the per-sample gradient, the "
        "bias gradient is "
        "$\\frac{\\partial L}{\\partial b} = \\sum_{n=0}^{1} \\sum_{i=0}^{1} \\sum_{j=0}^{1} "
        "\\delta_{n,i,j}$.\n"
    )
    found = _verdicts(text)
    assert found[5][0] == VERIFIED
    assert found[7][0] == NOT_UNDERSTOOD and "new meaning" in found[7][1]


def test_a_softmax_item_is_not_read_as_the_convolution() -> None:
    """A quiz item on softmax cross-entropy after a convolution item: y is the target and
    p the probabilities there, not the convolution's output.  The softmax reader reads the
    item's own sentence (softmax_notes._said): judged as the softmax's gradient (right, by
    torch below), never as the convolution's; y - p, the sign slip, is wrong."""
    text = (
        "# Quiz\n\n1. `nn.Conv2d(1, 2, 3)` on a $6 \\times 6$ image gives "
        "$H_{out} = 6 - 3 + 1 = 4$.\n"
        "2. Softmax cross-entropy with logits $z = (1, 1)$ and target $y = (0, 1)$: "
        "$\\frac{\\partial L}{\\partial z} = p - y$.\n"
    )
    found = _verdicts(text)
    assert found[3][0] == VERIFIED
    assert found[4][0] == VERIFIED and "softmax" in found[4][1]
    assert "conv" not in found[4][1] and "w_{" not in found[4][1]
    slip = _verdicts(text.replace("= p - y$", "= y - p$"))
    assert slip[4][0] == WRONG and "softmax" in slip[4][1]


def test_a_numbered_item_takes_no_sizes_from_the_item_above() -> None:
    """Item 2's transposed convolution runs on its own 5x5 input, not item 1's 9x9."""
    out = torch.nn.functional.conv_transpose2d(
        torch.zeros((1, 1, 5, 5)), torch.zeros((1, 1, 3, 3)), stride=2, padding=1
    ).shape[-1]  # 9
    text = (
        "# Answers\n\n1. A $3 \\times 3$ kernel with dilation 2 on a $9 \\times 9$ input: "
        "$H_{out} = 9 - 5 + 1 = 5$.\n"
        "2. `nn.ConvTranspose2d(1, 1, kernel_size=3, stride=2, padding=1)` on a $5 \\times 5$ "
        f"input: $H_{{out}} = (5 - 1) \\cdot 2 - 2 + 3 = {out}$.\n"
    )
    found = _verdicts(text)
    assert found[4][0] != WRONG  # read with item 1's 9x9 input and dilation it was wrong
    assert "9 (" not in found[4][1] and "dilation 2" not in found[4][1]


def test_a_constructor_of_other_channels_leaves_the_section_open() -> None:
    """A depthwise subsection that writes `nn.Conv2d(2, 2, 3, groups=2)` under a layer of
    2 -> 4 channels in 2 groups: its gradient claim is written for the depthwise layer."""
    text = (
        "# Grouped convolution\n\nA mini-batch of $N = 2$ inputs with $C = 2$ channels of "
        "size $5 \\times 5$, $F = 4$ output channels, $G = 2$ groups, $3 \\times 3$ kernels, "
        "stride 1 and no padding, i.e. `nn.Conv2d(2, 4, kernel_size=3, groups=2)`. All "
        "indices start at 0.\n\n"
        "Let $\\delta_{n,f,i,j} = \\partial \\mathcal{L} / \\partial y_{n,f,i,j}$.\n\n"
        "### Depthwise case\n\nWith $G = C = F = 2$ (`nn.Conv2d(2, 2, 3, groups=2)`) each "
        "filter has a single input channel:\n\n"
        "$$\\frac{\\partial \\mathcal{L}}{\\partial w_{c,0}} = \\sum_{n=0}^{1} X_{n,c} "
        "\\star \\delta_{n,c}$$\n"
    )
    found = _verdicts(text)
    assert found[11][0] == NOT_UNDERSTOOD and "groups=2" in found[11][1]


def test_a_sum_past_a_channel_count_the_notes_never_gave_is_open() -> None:
    """Σ_{f=0}^{3} over filters the notes never count: the filters' number was assumed 1,
    so the sum is not an entry 'past the end' of a stated layer."""
    text = (
        "# Notes\n\nA mini-batch $X_{ncpq}$ of $N = 2$ images with $C = 3$ channels of "
        "$5 \\times 5$ pixels; filters $W_{fcuv}$ of $3 \\times 3$ taps; stride 1, no "
        "padding; every index starts at 0. Greek letters are gradients:\n\n"
        "$$\\delta_{nfij} = \\frac{\\partial L}{\\partial Y_{nfij}}, \\qquad "
        "\\Delta_{ncpq} = \\frac{\\partial L}{\\partial X_{ncpq}}.$$\n\n"
        "$$\\Delta_{ncpq} = \\sum_{f=0}^{3} \\sum_{i=0}^{2} \\sum_{j=0}^{2} "
        "\\delta_{nfij}\\, W_{f c (p-i)(q-j)}$$\n"
    )
    found = _verdicts(text)
    assert found[7][0] == NOT_UNDERSTOOD and "no count" in found[7][1]


def test_the_truths_used() -> None:
    assert _output_side(7, 3, 2, 0) == 3
    # the softmax item's claim is right (its verdict is open only for its reading)
    z = torch.tensor([1.0, 1.0], dtype=torch.float64, requires_grad=True)
    torch.nn.functional.cross_entropy(z[None], torch.tensor([1])).backward()
    assert torch.allclose(z.grad, torch.softmax(z, 0) - torch.tensor([0.0, 1.0]).double())


def test_a_pool_window_stated_only_after_the_claim_leaves_it_open() -> None:
    """A 2x2/2 average pool's gradient (right: torch below) before a paragraph that gives
    a later exercise a 4x4 window with stride 4: the claim is not judged on that window."""
    x = torch.randn((1, 1, 8, 8), dtype=torch.float64, requires_grad=True)
    dy = torch.randn((1, 1, 4, 4), dtype=torch.float64)
    torch.nn.functional.avg_pool2d(x, 2).backward(dy)
    assert torch.allclose(x.grad, 0.25 * dy.repeat_interleave(2, 2).repeat_interleave(2, 3))
    text = (
        "# Pooling\n\nAn average pooling takes the $8 \\times 8$ map $X$ to $Y$, indices from "
        "0. Its backward pass hands a quarter of each gradient to the four pixels of its "
        "window:\n\n$$dX[h, w] = \\tfrac{1}{4}\\, "
        "dY[\\lfloor h/2 \\rfloor, \\lfloor w/2 \\rfloor]$$\n\n"
        "In the exercise below the window is $4 \\times 4$ with stride 4.\n"
    )
    found = _verdicts(text)
    assert found[5][0] == NOT_UNDERSTOOD and "stated after this claim" in found[5][1]


def test_a_stride_restated_before_a_claim_leaves_a_wrong_verdict_open() -> None:
    """A thread reads its layer as stride 1; a reply after a break wants stride 2 and
    writes the stride-2 output entry (2i + u in its indices).  Under stride 1 it is wrong,
    under the restated stride 2 right (torch below), so it is not called wrong."""
    gen = torch.Generator().manual_seed(3)
    x = torch.randn((1, 1, 5, 5), dtype=torch.float64, generator=gen)
    w = torch.randn((1, 1, 3, 3), dtype=torch.float64, generator=gen)
    z = torch.nn.functional.conv2d(x, w, stride=2)
    assert torch.isclose(z[0, 0, 1, 1], (w[0, 0] * x[0, 0, 2:5, 2:5]).sum())
    text = (
        "# Thread\n\nMy layer: input $X$ of $5 \\times 5$, kernel $W$ of $3 \\times 3$, stride 1, "
        "no padding, indices from 0:\n\n"
        "$$z_{i,j} = \\sum_{u=0}^{2} \\sum_{v=0}^{2} w_{u,v}\\, x_{i+u,\\, j+v}$$\n\n"
        "---\n\n**Reply:** I also want to support `stride=2` (padding unchanged), so\n\n"
        "$$z_{i,j} = \\sum_{u=0}^{2} \\sum_{v=0}^{2} w_{u,v}\\, x_{2i+u,\\, 2j+v}$$\n"
    )
    found = _verdicts(text)
    assert found[5][0] == VERIFIED
    assert found[11][0] == NOT_UNDERSTOOD and "stride 2" in found[11][1]
