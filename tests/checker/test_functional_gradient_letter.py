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

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

torch = pytest.importorskip("torch")

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


def _torch_gradients(x, w, b, g):
    xt, wt, bt = (torch.tensor(a, requires_grad=True) for a in (x, w, b))
    y = torch.nn.functional.conv2d(xt[None], wt, bt)[0]
    (y * torch.tensor(g)).sum().backward()
    return {"weights": wt.grad.numpy(), "bias": bt.grad.numpy(), "input": xt.grad.numpy()}


def _formula(name: str, x, w, g) -> tuple[str, np.ndarray]:
    """(which gradient, the claim's right side) evaluated with NumPy, g zero outside."""
    if name == "weights":
        out = np.zeros_like(w)
        for f, c, u, v in np.ndindex(*w.shape):
            out[f, c, u, v] = sum(
                g[f, i, j] * x[c, i + u, j + v] for i in range(3) for j in range(3)
            )
        return "weights", out
    if name == "bias":
        return "bias", g.sum(axis=(1, 2))
    filters = range(3) if name == "input" else range(1)
    out = np.zeros_like(x)
    for c, p, q in np.ndindex(*x.shape):
        for f in filters:
            for u in range(2):
                for v in range(2):
                    if 0 <= p - u < 3 and 0 <= q - v < 3:
                        out[c, p, q] += g[f, p - u, q - v] * w[f, c, u, v]
    return "input", out


@pytest.mark.parametrize("notes", [DE, EN], ids=["de", "en"])
@pytest.mark.parametrize("definition", DEFINITIONS, ids=["slash", "frac"])
@pytest.mark.parametrize("name", list(CLAIMS))
def test_the_letter_defined_with_arguments_is_the_upstream_gradient(notes, definition, name):
    rng = np.random.default_rng(3)
    x, w = rng.standard_normal((2, 4, 4)), rng.standard_normal((3, 2, 2, 2))
    b, g = rng.standard_normal(3), rng.standard_normal((3, 3, 3))
    which, value = _formula(name, x, w, g)
    right = np.allclose(value, _torch_gradients(x, w, b, g)[which])
    assert right == (name != "input, one filter")  # the grid holds one mistake
    text = notes.format(definition=definition, claim=CLAIMS[name])
    line = 1 + text.splitlines().index(f"$${CLAIMS[name]}$$")
    statuses = [v.status for v in check_text(text, "n.md").verdicts if v.line == line]
    assert statuses == [VERIFIED if right else WRONG]
