# ruff: noqa: E501  (the notes' LaTeX lines are kept as people write them)
"""The axis order and channel base of a multi-channel note, read from the shapes it states.

Each note below is written by hand in a different style (English/Spanish, 0/1-based,
channels first/last, superscript layers or none).  Which claims are correct is decided
independently of symconv: every formula is also written here as numpy code that mirrors
the LaTeX index for index, and compared with torch's conv2d and autograd at the note's
sizes (test_truth_of_the_formulas).
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from symconv.checker.runner import check_text

# N=2 samples, C=2 channels of 4x4, F=3 filters of 3x3, stride 1, no padding
N, C, H, F, K = 2, 2, 4, 3, 3
OUT = H - K + 1

CHW_ES = r"""# Capa convolucional con varios canales

La entrada $A^{[l-1]}$ es un lote de $N = 2$ imágenes con $2$ canales de $4\times 4$; la capa
tiene $3$ filtros de $3\times 3$, paso 1, sin relleno y un sesgo $b_f$ por filtro.
Índices desde 0. Los pesos forman $W^{[l]} \in \mathbb{R}^{3\times 2\times 3\times 3}$.

$$ Z^{[l]}_{n,f,i,j} = \sum_{c=0}^{1}\sum_{u=0}^{2}\sum_{v=0}^{2} W^{[l]}_{f,c,u,v}\, A^{[l-1]}_{n,c,i+u,j+v} + b_f $$

$$ Z^{[l]}_{n,f,i,j} = \sum_{c=0}^{1}\sum_{u=0}^{2}\sum_{v=0}^{2} W^{[l]}_{f,c,u,v}\, A^{[l-1]}_{n,c,i+v,j+u} + b_f $$

Sea $\delta_{n,f,i,j} = \partial L / \partial Z^{[l]}_{n,f,i,j}$.

$$ \frac{\partial L}{\partial W^{[l]}_{f,c,u,v}} = \sum_{n=0}^{1}\sum_{i=0}^{1}\sum_{j=0}^{1} \delta_{n,f,i,j}\, A^{[l-1]}_{n,c,i+u,j+v} $$

$$ \frac{\partial L}{\partial W^{[l]}_{f,c,u,v}} = \sum_{i=0}^{1}\sum_{j=0}^{1} \delta_{0,f,i,j}\, A^{[l-1]}_{0,c,i+u,j+v} $$
"""
# line of each claim -> is it correct (decided by test_truth_of_the_formulas)
CHW_ES_TRUTH = {5: True, 7: True, 9: False, 13: True, 15: False}

HWC_EN = r"""# A multi-channel layer, channels last

Layer $l$ takes a batch of $N = 2$ inputs $A^{[l-1]}$ with $2$ channels of $4\times 4$ and has
$3$ filters of $3\times 3$, stride 1, no padding, a bias $b_f$ per filter. Indices start at 1.
The weights are $W^{[l]} \in \mathbb{R}^{3\times 3\times 2\times 3}$.

$$ Z^{[l]}_{n,i,j,f} = \sum_{c=1}^{2}\sum_{u=1}^{3}\sum_{v=1}^{3} W^{[l]}_{u,v,c,f}\, A^{[l-1]}_{n,i+u-1,j+v-1,c} + b_f $$

$$ Z^{[l]}_{n,i,j,f} = \sum_{c=1}^{2}\sum_{u=1}^{3}\sum_{v=1}^{3} W^{[l]}_{u,v,c,f}\, A^{[l-1]}_{n,i+u,j+v,c} + b_f $$
"""
HWC_EN_TRUTH = {5: True, 7: True, 9: False}


def _verdicts(text: str) -> dict[int, str]:
    return {v.line: v.status for v in check_text(text, "note.md").verdicts}


@pytest.mark.parametrize(
    ("note", "truth"), [(CHW_ES, CHW_ES_TRUTH), (HWC_EN, HWC_EN_TRUTH)], ids=["chw-es", "hwc-en"]
)
def test_layout_from_the_stated_weights(note: str, truth: dict[int, bool]) -> None:
    found = _verdicts(note)
    for line, correct in truth.items():
        assert found.get(line) == ("verified" if correct else "wrong"), (line, found)


def _formulas(rng: np.random.Generator) -> dict[str, bool]:
    """Each claim of the notes as numpy code, compared with torch (the independent truth)."""
    a = rng.standard_normal((N, C, H, H))
    w = rng.standard_normal((F, C, K, K))
    b = rng.standard_normal(F)
    g = rng.standard_normal((N, F, OUT, OUT))
    at = torch.tensor(a)
    wt = torch.tensor(w, requires_grad=True)
    z = torch.nn.functional.conv2d(at, wt, torch.tensor(b))
    (z * torch.tensor(g)).sum().backward()
    dw = wt.grad.numpy()
    z = z.detach().numpy()
    rows = range(OUT)

    def forward(swap: bool) -> np.ndarray:
        out = np.zeros((N, F, OUT, OUT))
        for n in range(N):
            for f in range(F):
                for i in rows:
                    for j in rows:
                        out[n, f, i, j] = b[f] + sum(
                            w[f, c, u, v]
                            * (a[n, c, i + v, j + u] if swap else a[n, c, i + u, j + v])
                            for c in range(C)
                            for u in range(K)
                            for v in range(K)
                        )
        return out

    def grad(samples: range) -> np.ndarray:
        out = np.zeros((F, C, K, K))
        for f in range(F):
            for c in range(C):
                for u in range(K):
                    for v in range(K):
                        out[f, c, u, v] = sum(
                            g[n, f, i, j] * a[n, c, i + u, j + v]
                            for n in samples
                            for i in rows
                            for j in rows
                        )
        return out

    # channels-last, 1-based: Z_{n,i,j,f} = sum W_{u,v,c,f} A_{n,i+u-1,j+v-1,c} (+1 shifts
    # the input one further: i+u with u from 1)
    a_last = a.transpose(0, 2, 3, 1)
    w_last = w.transpose(2, 3, 1, 0)

    def forward_last(shift: int) -> np.ndarray | None:
        out = np.zeros((N, OUT, OUT, F))
        for n in range(N):
            for i in range(1, OUT + 1):
                for j in range(1, OUT + 1):
                    for f in range(F):
                        total = b[f]
                        for c in range(C):
                            for u in range(1, K + 1):
                                for v in range(1, K + 1):
                                    r, s = i + u - 1 + shift - 1, j + v - 1 + shift - 1
                                    if r >= H or s >= H:
                                        return None  # an entry the input does not have
                                    total += w_last[u - 1, v - 1, c, f] * a_last[n, r, s, c]
                        out[n, i - 1, j - 1, f] = total
        return out

    last = forward_last(0)
    return {
        "chw forward": np.allclose(forward(False), z),
        "chw forward swapped": np.allclose(forward(True), z),
        "chw dW": np.allclose(grad(range(N)), dw),
        "chw dW one sample": np.allclose(grad(range(1)), dw),
        "hwc forward": last is not None and np.allclose(last.transpose(0, 3, 1, 2), z),
        "hwc forward shifted": forward_last(1) is not None,
    }


def test_truth_of_the_formulas() -> None:
    """The truth tables above, from torch: what the notes claim is decided here."""
    found = _formulas(np.random.default_rng(3))
    assert found == {
        "chw forward": CHW_ES_TRUTH[7],
        "chw forward swapped": CHW_ES_TRUTH[9],
        "chw dW": CHW_ES_TRUTH[13],
        "chw dW one sample": CHW_ES_TRUTH[15],
        "hwc forward": HWC_EN_TRUTH[7],
        "hwc forward shifted": HWC_EN_TRUTH[9],
    }


def test_an_unproved_layout_is_not_assumed() -> None:
    """A 3x3 kernel with 3 channels and 3 filters fits both orders: the shape decides
    nothing, and no layout is read from it."""
    from symconv.checker.axes import axis_facts

    line = r"The weights are $W \in \mathbb{R}^{3\times 3\times 3\times 3}$."
    known = {"kernel": "3x3", "in-channels": "3", "out-channels": "3"}
    assert axis_facts([line], 1, known) == []
    known["in-channels"] = "2"
    assert (
        axis_facts([line.replace("3\\times 3\\times 3", "3\\times 2\\times 3")], 1, known)[0][1]
        == "chw"
    )
