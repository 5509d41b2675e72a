"""A dense layer defined per sample with its weights stored in x out, ``z_n = V^\\top g_n +
c`` (Keras' kernel), or as ``z = W^\\top a + b``: dL/dV = sum_n g_n e_n^T, dL/dc = sum_n
e_n, dL/dg_n = V e_n judged as products (linear_gradients.py).  Notes of our own (es, fr,
en); truth: torch autograd on random tensors, each claim's product evaluated in NumPy."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from symconv.checker.runner import check_text

N, IN, OUT = 3, 4, 2
RNG = np.random.default_rng(11)
A = RNG.standard_normal((N, IN))  # row n: sample n's input column
V = RNG.standard_normal((IN, OUT))  # in x out
C = RNG.standard_normal(OUT)
E = RNG.standard_normal((N, OUT))  # row n: dL/dz_n


def _autograd() -> dict[str, np.ndarray]:
    a = torch.tensor(A, requires_grad=True)
    v = torch.tensor(V, requires_grad=True)
    c = torch.tensor(C, requires_grad=True)
    z = torch.stack([v.T @ a[n] + c for n in range(N)])
    (z * torch.tensor(E)).sum().backward()
    return {"V": v.grad.numpy(), "c": c.grad.numpy(), "a": a.grad.numpy()}


def _each(f) -> np.ndarray:
    return np.stack([f(n) for n in range(N)])


# claim (es / fr letters) -> (gradient, value of its product by hand; None: no product)
CLAIMS = {
    r"\frac{\partial L}{\partial V} = \sum_{n} g_n\, e_n^\top": (
        "V",
        sum(np.outer(A[n], E[n]) for n in range(N)),
    ),
    r"\frac{\partial L}{\partial c} = \sum_{n} e_n": ("c", E.sum(axis=0)),
    r"\frac{\partial L}{\partial g_n} = V e_n": ("a", _each(lambda n: V @ E[n])),
    r"\frac{\partial L}{\partial g_n} = V^\top e_n": ("a", None),  # does not multiply
    r"\frac{\partial L}{\partial V} = \sum_{n} e_n\, g_n^\top": ("V", None),  # transposed
}

ES = """# Examen: la capa densa

Sea $g_n \\in \\mathbb{{R}}^{{4}}$ la entrada de la muestra $n$,
$V \\in \\mathbb{{R}}^{{4 \\times 2}}$ y $z_n = V^\\top g_n + c$.
Con $e_n = \\partial L / \\partial z_n$:

$${claim}$$
"""

FR = """# La couche dense

Pour l'exemple $n$ : $z_n = V^\\top g_n + c$, où $V$ est de taille $4 \\times 2$.
On note $e_n = \\partial L / \\partial z_n$.

$${claim}$$
"""


def _verdict(text: str) -> tuple[str, str]:
    found = [v for v in check_text(text, "notes.md").verdicts if "\\frac" in v.source]
    assert len(found) == 1, found
    return found[0].status, found[0].message


@pytest.mark.parametrize("template", [ES, FR])
@pytest.mark.parametrize("claim", list(CLAIMS))
def test_per_sample_dense_gradients(template, claim):
    which, value = CLAIMS[claim]
    truth = _autograd()[which]
    right = value is not None and np.allclose(value, truth)
    status, message = _verdict(template.format(claim=claim))
    assert status == ("verified" if right else "wrong"), message


def test_a_shared_gradient_without_the_samples_sum_is_not_read():
    text = ES.format(claim=r"\frac{\partial L}{\partial V} = g_n\, e_n^\top")
    status, message = _verdict(text)
    assert status != "verified", message


EN = """# Dense layer, weights stored in x out

Keras stores the kernel in x out, so the forward is $z = W^\\top a + b$.
With $\\delta = \\partial L / \\partial z$:

$${claim}$$
"""


@pytest.mark.parametrize(
    ("claim", "right"),
    [
        (r"\frac{\partial L}{\partial W} = a \delta^\top", True),
        (r"\frac{\partial L}{\partial a} = W \delta", True),
        (r"\frac{\partial L}{\partial W} = \delta a^\top", False),
        (r"\frac{\partial L}{\partial a} = W^\top \delta", False),
    ],
)
def test_weights_in_by_out_for_one_column(claim, right):
    # the truth at one sample: torch's grads of W (in x out) and a
    a = torch.tensor(A[0], requires_grad=True)
    w = torch.tensor(V, requires_grad=True)
    (torch.tensor(E[0]) @ (w.T @ a)).backward()
    by_hand = {
        "a \\delta": np.outer(A[0], E[0]),
        "W \\delta": V @ E[0],
    }
    if right:
        key = "a \\delta" if "partial W" in claim else "W \\delta"
        truth = w.grad.numpy() if "partial W" in claim else a.grad.numpy()
        assert np.allclose(by_hand[key], truth)
    status, message = _verdict(EN.format(claim=claim))
    assert status == ("verified" if right else "wrong"), message
