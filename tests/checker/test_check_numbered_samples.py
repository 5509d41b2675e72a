"""Samples of a batch that the notes' words number from 1 ("the batch's images are
$s = 1, \\dots, 3$") while entries are 0-based: a sum ``\\sum_{s=1}^{3}`` over them is the
sum over the whole batch (checker/numbered_samples.py).

Truth: torch autograd of conv2d (1 -> 2 channels, 3x3 kernel, 5x5 images, a batch of 3) with
the loss sum(y * g); each claim's right side is evaluated by explicit loops over the written
ranges, sample s of the notes being batch row s - 1.
"""

from __future__ import annotations

import torch
from line_verdicts import statuses

from symconv.checker.numbered_samples import numbered_from_one
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG

HEAD = (
    "# Batch notes\n\nLayer: `nn.Conv2d(1, 2, kernel_size=3)` on a batch of $N = 3$ images "
    "of $5 \\times 5$, stride 1, no padding. {numbering}Channels, rows and columns count "
    "from 0, and $g^{{(s)}}_{{f,i,j}} = \\partial L / \\partial y^{{(s)}}_{{f,i,j}}$.\n\n"
    "$$y^{{(s)}}_{{f,i,j}} = \\sum_{{u=0}}^{{2}} \\sum_{{v=0}}^{{2}} w_{{f,0,u,v}}\\, "
    "x^{{(s)}}_{{0,i+u,j+v}} + b_f$$\n\n"
)
NUMBERING = "The images of the batch are numbered $s = 1, \\dots, 3$. "

DB = "\\frac{\\partial L}{\\partial b_f} = "
DB_ALL = DB + "\\sum_{s=1}^{3} \\sum_{i=0}^{2} \\sum_{j=0}^{2} g^{(s)}_{f,i,j}"
DB_TWO = DB + "\\sum_{s=1}^{2} \\sum_{i=0}^{2} \\sum_{j=0}^{2} g^{(s)}_{f,i,j}"
DW_ALL = (
    "\\frac{\\partial L}{\\partial w_{f,0,u,v}} = \\sum_{s=1}^{3} \\sum_{i=0}^{2} "
    "\\sum_{j=0}^{2} g^{(s)}_{f,i,j}\\, x^{(s)}_{0,i+u,j+v}"
)


def _truth() -> dict[str, bool]:
    gen = torch.Generator().manual_seed(11)
    x = torch.randn(3, 1, 5, 5, generator=gen, dtype=torch.float64)
    w = torch.randn(2, 1, 3, 3, generator=gen, dtype=torch.float64, requires_grad=True)
    b = torch.randn(2, generator=gen, dtype=torch.float64, requires_grad=True)
    g = torch.randn(3, 2, 3, 3, generator=gen, dtype=torch.float64)
    (torch.nn.functional.conv2d(x, w, b) * g).sum().backward()
    assert w.grad is not None and b.grad is not None

    def db(last: int) -> torch.Tensor:  # sum over s = 1..last: rows 0..last-1
        return torch.stack([sum(g[s - 1, f].sum() for s in range(1, last + 1)) for f in range(2)])

    dw = torch.zeros(2, 1, 3, 3, dtype=torch.float64)
    for f in range(2):
        for u in range(3):
            for v in range(3):
                dw[f, 0, u, v] = sum(
                    g[s - 1, f, i, j] * x[s - 1, 0, i + u, j + v]
                    for s in range(1, 4)
                    for i in range(3)
                    for j in range(3)
                )
    return {
        DB_ALL: bool(torch.allclose(b.grad, db(3))),
        DB_TWO: bool(torch.allclose(b.grad, db(2))),
        DW_ALL: bool(torch.allclose(w.grad, dw)),
    }


def test_sums_over_samples_numbered_from_one_are_judged() -> None:
    truth = _truth()
    assert truth == {DB_ALL: True, DB_TWO: False, DW_ALL: True}
    text = HEAD.format(numbering=NUMBERING) + "".join(f"$${c}$$\n\n" for c in truth)
    for claim, holds in truth.items():
        assert statuses(text, claim) == [VERIFIED if holds else WRONG], claim


def test_without_the_numbering_the_base_is_not_read() -> None:
    text = HEAD.format(numbering="") + f"$${DB_ALL}$$\n"
    assert statuses(text, DB_ALL) == [NOT_UNDERSTOOD]


def test_only_a_sample_mark_in_a_sentence_about_the_batch() -> None:
    assert numbered_from_one("Samples $n = 1, 2$ of the batch, $x^{(n)}$.")
    assert numbered_from_one("the minibatch's examples $i = 1, \\ldots, B$; $\\delta^{(i)}$")
    # a range of entries, not of samples: no batch word
    assert not numbered_from_one("the rows $i = 1, 2$ of $x^{(i)}$")
    # the batch word, but the letter marks no sample
    assert not numbered_from_one("for the batch, $n = 1, \\dots, N$ and $x_n$")


# one numbered sample's entries: sample 2 is batch row 1 (by hand: x_{0,0,4} meets only
# u = 0, v = 2, i.e. the output entry (0, 2), so dL/dx = sum_f g_{f,0,2} w_{f,0,0,2})
DX_RIGHT = (
    "\\frac{\\partial L}{\\partial x^{(2)}_{0,0,4}} = \\sum_{f=0}^{1} g^{(2)}_{f,0,2}\\, "
    "w_{f,0,0,2}"
)
DX_WRONG = (
    "\\frac{\\partial L}{\\partial x^{(2)}_{0,0,4}} = \\sum_{f=0}^{1} g^{(2)}_{f,0,2}\\, "
    "w_{f,0,0,0}"
)


def _corner_truth() -> dict[str, bool]:
    gen = torch.Generator().manual_seed(5)
    x = torch.randn(3, 1, 5, 5, generator=gen, dtype=torch.float64, requires_grad=True)
    w = torch.randn(2, 1, 3, 3, generator=gen, dtype=torch.float64)
    g = torch.randn(3, 2, 3, 3, generator=gen, dtype=torch.float64)
    (torch.nn.functional.conv2d(x, w) * g).sum().backward()
    assert x.grad is not None
    got = x.grad[1, 0, 0, 4]  # sample 2 of the notes
    return {
        DX_RIGHT: bool(torch.isclose(got, sum(g[1, f, 0, 2] * w[f, 0, 0, 2] for f in range(2)))),
        DX_WRONG: bool(torch.isclose(got, sum(g[1, f, 0, 2] * w[f, 0, 0, 0] for f in range(2)))),
    }


def test_one_numbered_samples_entries() -> None:
    truth = _corner_truth()
    assert truth == {DX_RIGHT: True, DX_WRONG: False}
    text = HEAD.format(numbering=NUMBERING) + "".join(f"$${c}$$\n\n" for c in truth)
    for claim, holds in truth.items():
        assert statuses(text, claim) == [VERIFIED if holds else WRONG], claim
    # without the numbering, ^{(2)} is a layer's mark: not judged as sample 2
    plain = HEAD.format(numbering="") + f"$${DX_RIGHT}$$\n"
    assert statuses(plain, DX_RIGHT) != [VERIFIED]
