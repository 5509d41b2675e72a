"""The true class given as the label letter set to a class number, with the ordinal that
says where the numbers start: "$y = 2$ (second class)", "$y = 1$ (la primera clase)"
(softmax_notes.py).  The worked numbers after it are judged at that class.

Truth: torch's cross-entropy and autograd at the notes' logits (test_the_truth_of_the_notes).
"""

from __future__ import annotations

import torch
from line_verdicts import statuses

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG

THREAD = """**Q.** Softmax output $\\mathbf{p} = \\operatorname{softmax}(\\mathbf{z})$ with the
cross-entropy loss $L = -\\log p_y$. Toy case: three classes, $\\mathbf{z} = (1, 3, 0)$ and
$y = 2$ (second class).

**A.** The gradient is $\\mathbf{p} - \\mathbf{e}_y$, here
$\\frac{\\partial L}{\\partial \\mathbf{z}} = (0.114,\\ -0.156,\\ 0.042)$, and the loss is
$L = 0.170$.

Someone else wrote $\\frac{\\partial L}{\\partial \\mathbf{z}} = (0.114,\\ 0.844,\\ 0.042)$.
"""

APUNTES = """# Clasificación

La salida es $p = \\mathrm{softmax}(z)$ y la pérdida es la entropía cruzada
$L = -\\sum_{k=1}^{3} y_k \\ln p_k$ con etiqueta one-hot $y$. Con $z = (0, 2, 1)$ y
$y = 1$ (la primera clase):

$$\\frac{\\partial L}{\\partial z} = (-0.910,\\ 0.665,\\ 0.245)$$

$$\\frac{\\partial L}{\\partial z} = (0.090,\\ -0.335,\\ 0.245)$$
"""


def _at(z, label):
    t = torch.tensor(z, dtype=torch.float64, requires_grad=True)
    loss = torch.nn.functional.cross_entropy(t[None], torch.tensor([label]))
    loss.backward()
    return [round(v, 3) for v in t.grad.tolist()], round(loss.item(), 3)


def test_the_truth_of_the_notes():
    assert _at([1.0, 3.0, 0.0], 1) == ([0.114, -0.156, 0.042], 0.170)  # "y = 2": second
    assert _at([0.0, 2.0, 1.0], 0) == ([-0.910, 0.665, 0.245], 2.408)  # "y = 1": first


def test_a_class_number_with_its_ordinal():
    assert statuses(THREAD, "-0.156") == [VERIFIED]
    assert statuses(THREAD, "0.844") == [WRONG]
    assert statuses(APUNTES, "-0.910") == [VERIFIED]
    assert statuses(APUNTES, "-0.335") == [WRONG]


# A binary section's "for $y = 1$" is a label value, not the softmax section's true class:
# with no class named below, the gradient's entries at a class are not judged at class 1
# (the review of the fifteenth session: any earlier "$y = d$" set the true class).
BINARY_THEN_SOFTMAX = """## Logistic regression

With $\\sigma(z) = 1/(1 + e^{-z})$ and the binary cross-entropy, for $y = 1$ the loss is
$L = -\\log \\sigma(z)$.

## Softmax

The output is $p = \\mathrm{softmax}(z)$ and the loss the cross-entropy
$L = -\\sum_{k} y_k \\log p_k$ with a one-hot $y$. With $z = (1, 3, 0)$:

$$\\frac{\\partial L}{\\partial z} = (0.114,\\ -0.156,\\ 0.042)$$
"""


def test_a_binary_label_value_is_no_true_class():
    assert _at([1.0, 3.0, 0.0], 1)[0] == [0.114, -0.156, 0.042]  # the class y = 1 would give
    assert statuses(BINARY_THEN_SOFTMAX, "-0.156") == [NOT_UNDERSTOOD]
