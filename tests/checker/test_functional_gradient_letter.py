"""A Latin letter defined as the loss's gradient in functional notation:
``g(f, i, j) = \\partial L / \\partial y(f, i, j)``.

The letter's definition was read with subscripts (``g_{ij} = \\partial L/\\partial y_{ij}``)
and brackets, but not with the functional notation's arguments; every claim using g was
then "not understood: g is not a symbol of this layer".  latin_gradient._SCRIPTS now takes
``(f, i, j)`` as indices too.  Truth: each formula evaluated with NumPy on random numbers
against torch autograd for nn.Conv2d(2, 3, 2) on 2 x 4 x 4 (L = <y, g>); a formula that
drops the sum over the filters must still be called wrong."""

from __future__ import annotations

import numpy as np
import pytest
from conv_truth import conv2d_autograd, input_gradient_loops, weight_gradient_loops

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

DE = """# Mehrkanal-Faltung

Die Eingabe hat $C = 2$ Kanäle der Größe $4 \\times 4$, es gibt $F = 3$ Filter der Größe
$2 \\times 2$ (Schritt 1, kein Padding, mit Bias), also `nn.Conv2d(2, 3, 2)`.

Vorwärts: $y(f, i, j) = b(f) + \\sum_{{c=0}}^{{1}}\\sum_{{u=0}}^{{1}}\\sum_{{v=0}}^{{1}}
w(f, c, u, v)\\, x(c, i+u, j+v)$.

Rückwärts, mit $g(f, i, j) = {definition}$:

$${claim}$$
"""

EN = """# Two channels in, three filters out

The layer is `nn.Conv2d(2, 3, 2)` (stride 1, no padding, with bias) on a $2 \\times 4 \\times 4$
input $x(c, i, j)$, with weights $w(f, c, u, v)$ and output $y(f, i, j)$.

We write $g(f, i, j) = {definition}$ for the gradient coming from above.

$${claim}$$
"""

DEFINITIONS = [
    "\\partial L / \\partial y(f, i, j)",
    "\\frac{\\partial L}{\\partial y(f, i, j)}",
]

CLAIMS = {
    "weights": "\\frac{\\partial L}{\\partial w(f, c, u, v)} = \\sum_{i=0}^{2}\\sum_{j=0}^{2} "
    "g(f, i, j)\\, x(c, i+u, j+v)",
    "bias": "\\frac{\\partial L}{\\partial b(f)} = \\sum_{i=0}^{2}\\sum_{j=0}^{2} g(f, i, j)",
    "input": "\\frac{\\partial L}{\\partial x(c, p, q)} = \\sum_{f=0}^{2}\\sum_{u=0}^{1}"
    "\\sum_{v=0}^{1} g(f, p-u, q-v)\\, w(f, c, u, v)",
    "input, one filter": "\\frac{\\partial L}{\\partial x(c, p, q)} = \\sum_{u=0}^{1}"
    "\\sum_{v=0}^{1} g(0, p-u, q-v)\\, w(0, c, u, v)",
}


def _formula(name: str, t: dict[str, np.ndarray]) -> tuple[str, np.ndarray]:
    """(which of torch's gradients, the claim's right side) evaluated with NumPy."""
    if name == "weights":
        return "dW", weight_gradient_loops(t)
    if name == "bias":
        return "db", t["G"].sum(axis=(0, 2, 3))
    return "dX", input_gradient_loops(t, filters=3 if name == "input" else 1)


@pytest.mark.parametrize("notes", [DE, EN], ids=["de", "en"])
@pytest.mark.parametrize("definition", DEFINITIONS, ids=["slash", "frac"])
@pytest.mark.parametrize("name", list(CLAIMS))
def test_the_letter_defined_with_arguments_is_the_upstream_gradient(notes, definition, name):
    t = conv2d_autograd((1, 2, 4, 4), (3, 2, 2, 2), seed=3)  # nn.Conv2d(2, 3, 2)
    which, value = _formula(name, t)
    right = np.allclose(value, t[which])
    assert right == (name != "input, one filter")  # the grid holds one mistake
    text = notes.format(definition=definition, claim=CLAIMS[name])
    line = 1 + text.splitlines().index(f"$${CLAIMS[name]}$$")
    statuses = [v.status for v in check_text(text, "n.md").verdicts if v.line == line]
    assert statuses == [VERIFIED if right else WRONG]
