"""The softmax cross-entropy gradient of one sample of a batch (softmax_batch.py):
"with $q_i$ the softmax of $s_i$ and $y_i$ the one-hot label", ``\\frac{\\partial L}{\\partial
s_i} = \\frac{q_i - y_i}{B}`` under a mean over the batch, ``q_i - y_i`` under a sum.

Truth: torch autograd of ``F.cross_entropy`` with reduction "mean" and "sum".
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from line_verdicts import statuses

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG

NOTES = """# Classifier head on a batch

The batch has $B = 6$ images and the loss is their average, $L = \\frac{1}{B} \\sum_{i=1}^{B} \
\\ell_i$, each $\\ell_i$ the cross-entropy of image $i$.

Write $q_i$ for the softmax of $s_i$ (the logits of image $i$), and let $y_i$ be the one-hot \
label of image $i$. Averaged over the batch, the logits' gradient is

$$\\frac{\\partial L}{\\partial s_i} = \\frac{q_i - y_i}{B}$$

and not

$$\\frac{\\partial L}{\\partial s_i} = q_i - y_i$$

nor

$$\\frac{\\partial L}{\\partial s_i} = \\frac{1}{B} (y_i - q_i)$$
"""


def test_the_truth_of_the_notes():
    torch.manual_seed(8)
    s = torch.randn(6, 4, dtype=torch.float64, requires_grad=True)
    labels = torch.tensor([0, 3, 1, 1, 2, 0])
    onehot = F.one_hot(labels, 4).to(torch.float64)
    q = torch.softmax(s, dim=1).detach()
    (mean,) = torch.autograd.grad(F.cross_entropy(s, labels), s)
    (summed,) = torch.autograd.grad(F.cross_entropy(s, labels, reduction="sum"), s)
    assert torch.allclose(mean, (q - onehot) / 6)
    assert not torch.allclose(mean, q - onehot) and torch.allclose(summed, q - onehot)
    assert not torch.allclose(mean, (onehot - q) / 6)


def test_a_mean_over_the_batch():
    assert statuses(NOTES, "= \\frac{q_i - y_i}{B}$$") == [VERIFIED]
    assert statuses(NOTES, "= q_i - y_i$$") == [WRONG]
    assert statuses(NOTES, "(y_i - q_i)$$") == [WRONG]


def test_a_sum_over_the_batch():
    notes = NOTES.replace("their average, $L = \\frac{1}{B} \\sum", "their sum, $L = \\sum")
    notes = notes.replace("Averaged over", "Summed over")
    assert statuses(notes, "= q_i - y_i$$") == [VERIFIED]
    assert statuses(notes, "= \\frac{q_i - y_i}{B}$$") == [WRONG]


def test_without_a_one_hot_label_named_it_is_not_read():
    notes = NOTES.replace("be the one-hot label", "be the label")
    assert "one-hot" not in notes
    assert statuses(notes, "= \\frac{q_i - y_i}{B}$$") == [NOT_UNDERSTOOD]
