# ruff: noqa: E501  (the notes' LaTeX lines are kept as people write them)
"""Layer superscripts: a claim about another layer than the one whose sizes the section
states, or one relating two layers, is not understood (never judged with the wrong
layer's sizes); a claim about the stated layer is judged.

Truth by hand: layer 1 is a valid 3x3 correlation of a 5x5 X (output 3x3), layer 2 a valid
2x2 correlation of Z^{[1]} (output 2x2).  Line 8 (layer 2's forward pass) is correct but
spans two layers' tensors; line 10 sums a 3x3 window for layer 2's 2x2 kernel (wrong), and
line 12 is layer 1's forward pass with its input shifted by one (wrong).
"""

from __future__ import annotations

from symconv.checker.runner import check_text

NOTE = r"""# Two layers

Layer 1 takes $X$ of $5\times 5$ with a $3\times 3$ kernel $W^{[1]}$ (stride 1, no padding, no bias), giving $Z^{[1]}$ of $3\times 3$.
Layer 2 applies a $2\times 2$ kernel $W^{[2]}$ to $Z^{[1]}$, giving $Z^{[2]}$ of $2\times 2$. Indices start at 0.

$$ Z^{[1]}_{i,j} = \sum_{m=0}^{2}\sum_{n=0}^{2} W^{[1]}_{m,n} X_{i+m,j+n} $$

$$ Z^{[2]}_{i,j} = \sum_{m=0}^{1}\sum_{n=0}^{1} W^{[2]}_{m,n} Z^{[1]}_{i+m,j+n} $$

$$ Z^{[2]}_{i,j} = \sum_{m=0}^{2}\sum_{n=0}^{2} W^{[2]}_{m,n} Z^{[1]}_{i+m,j+n} $$

$$ Z^{[1]}_{i,j} = \sum_{m=0}^{2}\sum_{n=0}^{2} W^{[1]}_{m,n} X_{i+m+1,j+n} $$

$$ \frac{\partial L}{\partial W^{[2]}_{m,n}} = \sum_{i=0}^{2}\sum_{j=0}^{2} \frac{\partial L}{\partial Z^{[2]}_{i,j}} A^{[1]}_{i+m,j+n} $$
"""


def test_each_claim_against_its_own_layer() -> None:
    found = {v.line: (v.status, v.message) for v in check_text(NOTE, "note.md").verdicts}
    assert found[6][0] == "verified"
    assert found[8][0] == "not-understood" and "different layers" in found[8][1]
    assert found[10][0] == "not-understood"  # never judged with layer 1's 3x3 kernel
    assert found[12][0] == "wrong"
    # about layer 2 alone (its input A^{[1]} marked 1): the sizes read are layer 1's
    assert found[14][0] == "not-understood" and "layer 2" in found[14][1], found[14]
