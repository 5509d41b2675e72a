"""Findings of the fifteenth session's review, closed in the sixteenth.

- A what-if question in the claim's own paragraph about another stride, which gives neither
  that layer's input nor its kernel ("What if we switch to stride 2? A friend says $...$"):
  the claim is about the layer the question supposes, which cannot be built, so it is not
  understood; it is not judged under the notes' stride-1 layer (where the friend's formula,
  the stride-1 one, would be verified).
- A network summary table's row whose parameter cell writes a relation of its own: that
  cell is a statement of its own, judged against its layer's count (a right count beside a
  wrong shape is verified, a wrong count is reported on its cell).

Truth: torch autograd / torch layers computed in the tests.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from line_verdicts import one_verdict, statuses

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG

ASKED = """## Forward pass

The layer is `nn.Conv2d(1, 1, kernel_size=3)` on a $5 \\times 5$ input $X$, stride 1, no
padding, indices from 0. Each output entry is

$$z_{ij} = \\sum_{u=0}^{2} \\sum_{v=0}^{2} w_{uv} \\, x_{i+u, j+v} + b$$

What if we switch to stride 2? A friend says the entries stay
$z_{ij} = \\sum_{u=0}^{2} \\sum_{v=0}^{2} w_{uv} \\, x_{i+u, j+v} + b$ for every $i, j$.
"""

PREGUNTA = """## Paso hacia delante

La capa es `nn.Conv2d(1, 1, kernel_size=3)` sobre una entrada $X$ de $5 \\times 5$, paso 1,
sin relleno, índices desde 0:

$$z_{ij} = \\sum_{u=0}^{2} \\sum_{v=0}^{2} w_{uv} \\, x_{i+u, j+v} + b$$

¿Y si usamos paso 2? Un compañero dice que sigue valiendo
$z_{ij} = \\sum_{u=0}^{2} \\sum_{v=0}^{2} w_{uv} \\, x_{i+u, j+v} + b$ para todo $i, j$.
"""


def _entries(stride: int) -> torch.Tensor:
    torch.manual_seed(0)
    x, w = torch.randn(1, 1, 5, 5, dtype=torch.float64), torch.randn(1, 1, 3, 3)
    return F.conv2d(x, w.double(), stride=stride)[0, 0], x[0, 0], w[0, 0].double()


def test_the_truth_of_the_notes():
    z1, x, w = _entries(1)
    z2, _, _ = _entries(2)
    # the friend's formula is the stride-1 entry, not the stride-2 one (z2[1,1] reads x at 2)
    assert torch.allclose(z1[1, 1], (w * x[1:4, 1:4]).sum())
    assert not torch.allclose(z2[1, 1], (w * x[1:4, 1:4]).sum())
    assert torch.allclose(z2[1, 1], (w * x[2:5, 2:5]).sum())


def test_a_question_about_another_stride_leaves_the_claim_not_understood():
    for notes in (ASKED, PREGUNTA):
        assert statuses(notes, "$$z_{ij}") == [VERIFIED]  # the notes' own layer
        found = one_verdict(notes, "for every $i, j$" if notes is ASKED else "para todo")
        assert found.status == NOT_UNDERSTOOD
        assert "asks about another layer (stride 2)" in found.message


TABLE = """# LeNet-5 summary

Input $32 \\times 32$, valid convolutions, $2 \\times 2$ average pooling with stride 2.

| Layer | What | Output | Params |
|---|---|---|---|
| C1 | conv | $28\\times 28\\times 6$ | $6\\cdot(5\\cdot 5 + 1) = 156$ |
| S2 | pool | $14\\times 14\\times 6$ | none |
| C3 | conv | $12\\times 12\\times 16$ | $16\\cdot(5\\cdot 5\\cdot 6 + 1) = 2416$ |
| S4 | pool | $5\\times 5\\times 16$ | none |
| C5 | conv | $1\\times 1\\times 120$ | $120\\cdot(5\\cdot 5\\cdot 16) = 48000$ |
"""


def test_the_truth_of_the_table():
    c1, c3, c5 = torch.nn.Conv2d(1, 6, 5), torch.nn.Conv2d(6, 16, 5), torch.nn.Conv2d(16, 120, 5)
    counts = [sum(p.numel() for p in layer.parameters()) for layer in (c1, c3, c5)]
    assert counts == [156, 2416, 48120]
    x = torch.zeros(1, 1, 32, 32)
    shapes = []
    for layer in (c1, torch.nn.AvgPool2d(2), c3, torch.nn.AvgPool2d(2), c5):
        x = layer(x)
        shapes.append(tuple(x.shape[1:]))
    assert shapes[2] == (16, 10, 10)  # not 12 x 12: the row's shape cell is wrong
    assert shapes[4] == (120, 1, 1)


def test_a_cell_with_its_own_relation_is_its_own_statement():
    found = checked_rows(TABLE)
    # C1: the row (its shape) and its count, both right
    assert found["6\\cdot(5\\cdot 5 + 1) = 156"] == VERIFIED
    # C3: the shape is wrong, the count beside it right: each on its own statement
    assert found["| C3 |"] == WRONG
    assert found["16\\cdot(5\\cdot 5\\cdot 6 + 1) = 2416"] == VERIFIED
    # C5 (LeCun's name for symconv's F5): the count leaves out the 120 biases
    assert found["120\\cdot(5\\cdot 5\\cdot 16) = 48000"] == WRONG
    assert found["| C5 |"] == VERIFIED


def checked_rows(text: str) -> dict[str, str]:
    """{a verdict's source, or the first cell of a row's verdict: status} of the table."""
    from conftest import checked_text

    out = {}
    for v in checked_text(text, "notes.md").verdicts:
        source = v.source.strip()
        key = (
            "| " + source.strip("|").split("|")[0].strip() + " |"
            if source.startswith("|")
            else source
        )
        out[key] = v.status
    return out
