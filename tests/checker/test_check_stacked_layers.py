# ruff: noqa: E501  (the notes' LaTeX lines are kept as people write them)
"""A convolution followed by a pooling layer described in one section: each claim is judged
with the layer whose letters it uses; one across both layers is not understood.

The notes are hand-written (Spanish 1-based with layer superscripts, English 0-based with
plain letters).  Truth is decided independently: torch's conv2d and avg_pool2d with
autograd at the notes' sizes (test_truth_of_the_claims), each claim mirrored index for
index in numpy.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from symconv.checker.runner import check_text

ES_ONE_BASED = r"""# Pregunta 2

*Índices desde 1, superíndice para la capa.*

La capa $l$ recibe una activación $a^{l-1}$ de $5\times 5$ (un canal), aplica un filtro $w^{l}$ de
$2\times 2$ con paso 1 y sin relleno, más un sesgo escalar $b^{l}$, obteniendo $z^{l}$ de $4\times 4$.
Después viene un agrupamiento promedio de $2\times 2$ con paso 2, que produce $p^{l}$ de $2\times 2$.
Llamamos $g_{ij} = \partial L / \partial p^{l}_{ij}$ al gradiente que llega al agrupamiento.

$$ z^{l}_{ij} = \sum_{m=1}^{2}\sum_{n=1}^{2} w^{l}_{mn}\, a^{l-1}_{i+m-1,\,j+n-1} + b^{l} $$

$$ z^{l}_{ij} = \sum_{m=1}^{2}\sum_{n=1}^{2} w^{l}_{mn}\, a^{l-1}_{i+m,\,j+n} + b^{l} $$

$$ p^{l}_{ij} = \frac{1}{4}\left( z^{l}_{2i-1,2j-1} + z^{l}_{2i-1,2j} + z^{l}_{2i,2j-1} + z^{l}_{2i,2j} \right) $$

$$ p^{l}_{ij} = \frac{1}{4}\left( z^{l}_{i,j} + z^{l}_{i,j+1} + z^{l}_{i+1,j} + z^{l}_{i+1,j+1} \right) $$

$$ \frac{\partial L}{\partial w^{l}_{mn}} = \frac{1}{4}\sum_{i=1}^{4}\sum_{j=1}^{4} g_{\lceil i/2 \rceil,\, \lceil j/2 \rceil}\, a^{l-1}_{i+m-1,\,j+n-1} $$
"""
# line -> verified / wrong / not-understood (truth in test_truth_of_the_claims)
ES_EXPECTED = {10: "verified", 12: "wrong", 14: "verified", 16: "wrong", 18: "not-understood"}

EN_ZERO_BASED = r"""# Conv then max-free pooling

The input $x$ is $4\times 4$, the kernel $w$ is $3\times 3$ (stride 1, no padding, no bias), and
the output $y$ is $2\times 2$. Then an average pooling of $2\times 2$ with stride 2 gives $q$ of
$1\times 1$. Indices start at 0.

$$ y_{ij} = \sum_{m=0}^{2}\sum_{n=0}^{2} w_{mn}\, x_{i+m,\,j+n} $$

$$ q_{00} = \frac{1}{4}\left( y_{00} + y_{01} + y_{10} + y_{11} \right) $$

$$ q_{00} = \frac{1}{2}\left( y_{00} + y_{01} + y_{10} + y_{11} \right) $$
"""
EN_EXPECTED = {7: "verified", 9: "verified", 11: "wrong"}


@pytest.mark.parametrize(
    ("note", "expected"),
    [(ES_ONE_BASED, ES_EXPECTED), (EN_ZERO_BASED, EN_EXPECTED)],
    ids=["es-1based", "en-0based"],
)
def test_each_claim_gets_its_layer(note: str, expected: dict[int, str]) -> None:
    found = {v.line: (v.status, v.message) for v in check_text(note, "note.md").verdicts}
    for line, status in expected.items():
        assert found.get(line, ("none", ""))[0] == status, (line, found.get(line))
    across = found[18][1] if 18 in expected and note is ES_ONE_BASED else ""
    if across:
        assert "two layers" in across and "g" in across


def test_truth_of_the_claims() -> None:
    """Torch decides which claims of ES_ONE_BASED and EN_ZERO_BASED are correct."""
    rng = np.random.default_rng(5)
    a = rng.standard_normal((5, 5))
    w = rng.standard_normal((2, 2))
    b = 0.7
    at = torch.tensor(a)[None, None]
    wt = torch.tensor(w, requires_grad=True)
    z = torch.nn.functional.conv2d(at, wt[None, None]) + b
    p = torch.nn.functional.avg_pool2d(z, 2, 2)
    g = torch.tensor(rng.standard_normal((2, 2)))
    (p[0, 0] * g).sum().backward()
    zn, pn, dw = z.detach().numpy()[0, 0], p.detach().numpy()[0, 0], wt.grad.numpy()

    def conv(shift: int) -> np.ndarray | None:  # 1-based i+m-1 (+shift)
        out = np.zeros((4, 4))
        for i in range(4):
            for j in range(4):
                if i + 1 + shift >= 5 or j + 1 + shift >= 5:
                    return None
                out[i, j] = b + sum(
                    w[m, n] * a[i + m + shift, j + n + shift] for m in range(2) for n in range(2)
                )
        return out

    def pool(stride: int) -> np.ndarray:
        return np.array(
            [
                [
                    zn[stride * i : stride * i + 2, stride * j : stride * j + 2].mean()
                    for j in range(2)
                ]
                for i in range(2)
            ]
        )

    chain = np.array(
        [
            [
                0.25
                * sum(
                    g.numpy()[i // 2, j // 2] * a[i + m, j + n] for i in range(4) for j in range(4)
                )
                for n in range(2)
            ]
            for m in range(2)
        ]
    )
    assert np.allclose(conv(0), zn)  # line 10
    assert conv(1) is None  # line 12: a^{l-1}_{5,5} at i = 4 is past the 4x4 window range
    assert np.allclose(pool(2), pn)  # line 14
    assert not np.allclose(pool(1), pn)  # line 16
    assert np.allclose(chain, dw)  # line 18: correct, but it spans both layers
    k = rng.standard_normal((3, 3))
    y = np.array([[np.sum(k * a[i : i + 3, j : j + 3]) for j in range(2)] for i in range(2)])
    assert np.isclose(y.mean(), torch.nn.functional.avg_pool2d(torch.tensor(y)[None], 2).item())
    assert not np.isclose(y.sum() / 2, y.mean())  # EN line 11
