"""A dense layer whose output carries its layer's number (``Z_2 = H V^\\top + \\mathbf{1}
c^\\top``, ``Z_3 = X W + \\mathbf{1} b^\\top``): the matrix reader reads Z_2 as that layer's
matrix, not as an entry of Z, and judges the gradients claimed under it.  Notes of our own
(en, pt); truth: torch autograd on random matrices, the claims' products evaluated in NumPy."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from symconv.checker.matrix_numbered import named_by_number
from symconv.checker.runner import check_text

N, IN, OUT = 5, 4, 3
RNG = np.random.default_rng(7)
H = RNG.standard_normal((N, IN))
V = RNG.standard_normal((OUT, IN))  # as in Z = H V^T (PyTorch's Linear weight, out x in)
U = RNG.standard_normal((IN, OUT))  # as in Z = X U (in x out)
C = RNG.standard_normal(OUT)
G = RNG.standard_normal((N, OUT))  # dL/dZ


def _autograd(weights_in_by_out: bool) -> dict[str, np.ndarray]:
    h = torch.tensor(H, requires_grad=True)
    w = torch.tensor(U if weights_in_by_out else V, requires_grad=True)
    c = torch.tensor(C, requires_grad=True)
    z = h @ w + c if weights_in_by_out else h @ w.T + c
    (z * torch.tensor(G)).sum().backward()
    return {"w": w.grad.numpy(), "h": h.grad.numpy(), "c": c.grad.numpy()}


# claim -> (which gradient, its value from the claim's own product)
EN_CLAIMS = {
    r"\frac{\partial L}{\partial V} = \Delta^\top H": ("w", G.T @ H),
    r"\frac{\partial L}{\partial H} = \Delta V": ("h", G @ V),
    r"\frac{\partial L}{\partial c} = \Delta^\top \mathbf{1}": ("c", G.T @ np.ones(N)),
    r"\frac{\partial L}{\partial H} = \Delta V^\top": ("h", None),  # does not multiply
    r"\frac{\partial L}{\partial V} = H^\top \Delta": ("w", H.T @ G),  # transposed
}
PT_CLAIMS = {
    r"\frac{\partial L}{\partial U} = X^\top G": ("w", H.T @ G),
    r"\frac{\partial L}{\partial X} = G U^\top": ("h", G @ U.T),
    r"\frac{\partial L}{\partial X} = G U": ("h", None),  # does not multiply
}

EN = """# Two-layer classifier, the backward pass

I name the activations $Z_1$, $A_1$, $H$ (flattened) and $Z_2$ (the logits).

## The output layer

Rows are samples: $H \\in \\mathbb{{R}}^{{N \\times d}}$, $V \\in \\mathbb{{R}}^{{k \\times d}}$ and
$Z_2 = H V^\\top + \\mathbf{{1}} c^\\top$. Write $\\Delta = \\partial L / \\partial Z_2$.

Then ${claim}$.
"""

PT = """# Rede densa: retropropagação

As ativações são $Z_1$, $A_1$, $Z_3$.

## A camada de saída

As linhas são amostras: $X \\in \\mathbb{{R}}^{{N \\times d}}$,
$U \\in \\mathbb{{R}}^{{d \\times k}}$ e $Z_3 = X U + \\mathbf{{1}} b^\\top$.
Seja $G = \\partial L / \\partial Z_3$.

Então ${claim}$.
"""


def _verdict(text: str) -> tuple[str, str]:
    line = text.split("\n").index(
        next(r for r in text.split("\n") if r.startswith(("Then", "Ent")))
    )
    found = [v for v in check_text(text, "notes.md").verdicts if v.line == line + 1]
    assert len(found) == 1, found
    return found[0].status, found[0].message


@pytest.mark.parametrize(
    ("template", "claim", "in_by_out"),
    [(EN, c, False) for c in EN_CLAIMS] + [(PT, c, True) for c in PT_CLAIMS],
)
def test_claims_under_a_layer_numbered_dense_definition(template, claim, in_by_out):
    which, value = (EN_CLAIMS if template is EN else PT_CLAIMS)[claim]
    truth = _autograd(in_by_out)[which]
    right = value is not None and value.shape == truth.shape and np.allclose(value, truth)
    status, message = _verdict(template.format(claim=claim))
    assert status == ("verified" if right else "wrong"), message


def test_only_a_capital_defined_as_a_product_is_a_name():
    lines = ["$Z_3 = H W^\\top + \\mathbf{1} b^\\top$", "$z_1 = w_1 x_1$", "$Y_2 = 4$"]
    renamed, claim = named_by_number(lines, r"\frac{\partial L}{\partial Z_3} = Y_2 + z_1")
    assert renamed[0].startswith("$Z_{\\text{3}} =")
    assert renamed[1:] == lines[1:]
    assert claim == r"\frac{\partial L}{\partial Z_{\text{3}}} = Y_2 + z_1"
