"""A function applied to a whole tensor, ``g(z) = z``, is a definition, not an entry.

Truth: the identity activation g(z) = z has derivative 1 (torch autograd), which is what
the notes' sentence says; read as an entry of G at index z it was called wrong.
"""

from __future__ import annotations

import torch

from symconv.checker.function_of_tensor import applied_to_tensor
from symconv.checker.report import NOT_UNDERSTOOD, WRONG
from symconv.checker.runner import check_text

NOTE = r"""# Pooling as a layer

The pooling layer has no activation of its own; we may say its activation is $g(z) = z$,
whose derivative is 1.

The input is 3x3 and the kernel 2x2: $z_{11} = x_{11}w_{11} + x_{12}w_{12} + x_{21}w_{21}
+ x_{22}w_{22}$.

$$z_{12} = x_{12}w_{11} + x_{13}w_{12} + x_{22}w_{21} + x_{22}w_{22}$$
"""


def test_an_activation_defined_on_a_whole_tensor_is_not_judged_as_an_entry() -> None:
    z = torch.randn(2, 2, requires_grad=True)
    (z * 1).sum().backward()  # g(z) = z
    assert z.grad is not None and bool((z.grad == 1).all())
    verdicts = {v.line: v.status for v in check_text(NOTE, "notes.md").verdicts}
    assert verdicts[3] == NOT_UNDERSTOOD
    # the last entry should be x_{23} w_{22}: still wrong, the guard is for definitions only
    assert verdicts[9] == WRONG


def test_what_is_a_function_of_a_tensor() -> None:
    letters = {"x", "z", "y", "w", "g"}
    assert applied_to_tensor("g(z) = z", letters) == "g(z)"
    assert applied_to_tensor(r"\sigma(z) = \frac{1}{1 + e^{-z}}", letters) == r"\sigma(z)"
    assert applied_to_tensor("y(i) = x(i) w(0)", letters) is None  # an entry: i is an index
    assert applied_to_tensor("z_{11} = x_{11}", letters) is None
