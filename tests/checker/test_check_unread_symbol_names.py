"""A symbol the layer does not know is named in the message by its letter and decoration
(``\\tilde \\Delta_{...}``, ``\\alpha_{...}``), not by the kind of syntax node it is."""

from __future__ import annotations

from symconv.checker.report import NOT_UNDERSTOOD
from symconv.checker.runner import check_text

NOTE = (
    "# Unknown names\n\n"
    "The input $x$ is $4 \\times 4$, the kernel $w$ is $2 \\times 2$, stride 1, no padding, no "
    "bias, indices from 0.\n\n"
    "$$\\frac{\\partial L}{\\partial x_{p,q}} = \\tilde\\Delta_{p,q}$$\n\n"
    "$$\\frac{\\partial L}{\\partial x_{p,q}} = \\alpha_{p,q}\\, w_{0,0}$$\n"
)


def test_the_message_names_the_letter() -> None:
    found = [v for v in check_text(NOTE, "notes.md").verdicts if v.line in (5, 7)]
    assert [v.status for v in found] == [NOT_UNDERSTOOD, NOT_UNDERSTOOD]
    assert "\\tilde \\Delta_{...} is not a symbol of this layer" in found[0].message
    assert "\\alpha_{...} is not a symbol of this layer" in found[1].message
