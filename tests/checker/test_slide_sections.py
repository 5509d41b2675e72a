# ruff: noqa: E501  (the notes' lines are kept as people write them)
"""Slide transcripts: each numbered slide title ("**Slide 3 — ...**", "**Diapositiva 2 —
...**") starts a section, as a heading does (infer.py).  Read as one section, a later slide's
window or stride ("Overlapping windows, $k = 3$, $s = 2$") reached back into an earlier
slide's claims: a correct average-pooling gradient with its 1/4 was called wrong, and a wrong
tie split of a global max pooling passed.  A list item's own case ("- no padding, stride 1:
$H_{out} = ...$") stays that item's: the running example's stride 2 still holds for the
slides after it.  A size the notes defined by the forward output's rounded-down formula is
not a transposed layer's output.  The truth is torch's pooling, convolution and autograd."""

from __future__ import annotations

import pytest
from conftest import checked_text

from symconv.checker.report import VERIFIED, WRONG

torch = pytest.importorskip("torch")
F = torch.nn.functional

_POOL_EN = r"""# Lecture 6 — Pooling (transcript)

*Single-channel maps, indices from 0.*

---

**Slide 1 — The operators**

- Max pooling: $Y[i,j] = \max_{0 \le u, v < k} X[s i + u,\, s j + v]$
- Average pooling: $Y[i,j] = \frac{1}{k^2} \sum_{u=0}^{k-1} \sum_{v=0}^{k-1} X[s i + u,\, s j + v]$

---

**Slide 2 — Example, $k = s = 2$**

$$X = \begin{bmatrix} 2 & 0 & 1 & 3 \\ 1 & 4 & 0 & 2 \\ 3 & 1 & 2 & 0 \\ 0 & 2 & 1 & 5 \end{bmatrix}$$

---

**Slide 3 — Backward through average pooling**

Upstream gradient $G = \partial L / \partial Y$. Every input of a window gets the same share, $\frac{\partial L}{\partial X[p,q]} = \frac{1}{4}\, G\left[\left\lfloor p/2 \right\rfloor, \left\lfloor q/2 \right\rfloor\right]$.

---

**Slide 4 — Overlapping windows ($k = 3$, $s = 2$)**

Average pooling with a $3 \times 3$ window and stride 2 on a $5 \times 5$ map gives a $2 \times 2$ output.
"""

_POOL_ES = r"""# Clase 9 — Pooling (transcripción de diapositivas)

*Mapas de un solo canal, índices desde 0.*

---

**Diapositiva 1 — Los operadores**

- Max pooling: $Y[i,j] = \max_{0 \le u, v < k} X[s i + u,\, s j + v]$
- Average pooling: $Y[i,j] = \frac{1}{k^2} \sum_{u=0}^{k-1} \sum_{v=0}^{k-1} X[s i + u,\, s j + v]$

---

**Diapositiva 2 — Ejemplo, $k = s = 2$**

$$X = \begin{bmatrix} 1 & 6 & 0 & 2 \\ 3 & 2 & 4 & 1 \\ 0 & 1 & 2 & 6 \\ 2 & 6 & 3 & 0 \end{bmatrix}$$

---

**Diapositiva 3 — Backward del average pooling**

Gradiente de arriba $G = \partial L / \partial Y$. Cada entrada de una ventana recibe la misma parte: $\frac{\partial L}{\partial X[p,q]} = \frac{1}{4}\, G\left[\left\lfloor p/2 \right\rfloor, \left\lfloor q/2 \right\rfloor\right]$.

---

**Diapositiva 4 — Max pooling global**

Con `nn.AdaptiveMaxPool2d(1)`, $z = \max_{p,q} X[p,q] = 6$ y $g = \partial L / \partial z$. El 6 aparece tres veces; `AdaptiveMaxPool2d` reparte el empate: $\frac{\partial L}{\partial X[0,1]} = \frac{\partial L}{\partial X[2,3]} = \frac{g}{3}$.

---

**Diapositiva 5 — Ventanas solapadas ($k = 3$, $s = 2$)**

Average pooling con ventana de $3 \times 3$ y paso 2 sobre un mapa de $5 \times 5$ da una salida de $2 \times 2$.
"""

_STRIDED = r"""Lecture 5: strided convolution (slide notes)

---

**Slide 1: Setup**

- one channel, input $H \times H$, kernel $R \times R$, stride $S$, padding $P$
- running example: $H = 9$, $R = 3$, $S = 2$, $P = 1$
- forward: $Y = \operatorname{conv}_{S,P}(X, W)$, upstream $\delta = \partial L / \partial Y$

---

**Slide 2: Output size**

- $H_{\text{out}} = \left\lfloor (H + 2P - R)/S \right\rfloor + 1$
- no padding, stride 1: $H_{\text{out}} = H - R + 1$

---

**Slide 3: Weight gradient**

- $\partial L / \partial W = \operatorname{pad}_P(X) \star \operatorname{dilate}_S(\delta)$
- NOT: $\partial L / \partial W = \operatorname{pad}_P(X) \star \delta$

---

**Slide 4: Transposed convolution output size**

- $H_{\text{T}} = (H_{\text{in}} - 1) S - 2P + R$
- $H = 10$: $H_{\text{out}} = \lfloor 9/2 \rfloor + 1 = 5$, but $\operatorname{convT}$ gives $9 \ne 10$ → `output_padding=1`
"""


def _statuses(text: str, piece: str) -> list[str]:
    """The statuses of the verdicts on the first line holding ``piece``."""
    line = next(n for n, row in enumerate(text.split("\n"), start=1) if piece in row)
    return [v.status for v in checked_text(text, "notes.md").verdicts if v.line == line]


def _verdict(text: str, source_piece: str):
    """The one verdict whose source holds ``source_piece``."""
    (found,) = [v for v in checked_text(text, "notes.md").verdicts if source_piece in v.source]
    return found


def test_average_pooling_share_is_a_quarter_in_torch() -> None:
    """dL/dX[p, q] = G[p // 2, q // 2] / 4 for a 2x2 / 2 average pooling of a 4x4 map (and
    not / 9, the 3x3 window of the later slide)."""
    x = torch.rand(1, 1, 4, 4, dtype=torch.float64, requires_grad=True)
    g = torch.tensor([[[[1.0, -2.0], [3.0, 0.5]]]], dtype=torch.float64)
    (F.avg_pool2d(x, 2, stride=2) * g).sum().backward()
    for p in range(4):
        for q in range(4):
            assert x.grad[0, 0, p, q].item() == pytest.approx(g[0, 0, p // 2, q // 2].item() / 4)
    assert x.grad[0, 0, 0, 0].item() != pytest.approx(g[0, 0, 0, 0].item() / 9)


@pytest.mark.parametrize("notes", [_POOL_EN, _POOL_ES], ids=["en", "es"])
def test_a_later_slides_window_is_not_this_slides(notes: str) -> None:
    right = _verdict(notes, r"\frac{1}{4}\, G")
    assert right.status == VERIFIED, right.message
    assert "window 2x2, stride 2" in right.message
    wrong = _verdict(notes.replace(r"\frac{1}{4}\, G", r"\frac{1}{9}\, G"), r"\frac{1}{9}\, G")
    assert wrong.status == WRONG, wrong.message


def test_global_max_pooling_tie_split_is_not_verified() -> None:
    """torch's adaptive max pooling sends the whole of g to one of the tied maxima, so
    "each of them gets g/3" is false: it must never be verified."""
    x = torch.tensor(
        [[[[1.0, 6, 0, 2], [3, 2, 4, 1], [0, 1, 2, 6], [2, 6, 3, 0]]]], requires_grad=True
    )
    F.adaptive_max_pool2d(x, 1).sum().backward()
    assert sorted(x.grad.flatten().tolist())[-2:] == [0.0, 1.0]  # one entry gets all of g
    found = _verdict(_POOL_ES, r"\frac{g}{3}")
    assert found.status != VERIFIED, found.message


def test_an_items_case_is_not_the_next_slides_layer() -> None:
    """The weight gradient of a stride-2, padding-1 convolution of a 9x9 map is pad_1(X)
    correlated with G dilated by 2 (torch); without the dilation the shapes differ (7x7, not
    3x3), so that claim is wrong -- under the running example's stride 2, not the stride 1
    of the output-size slide's "no padding, stride 1" item."""
    x = torch.rand(1, 1, 9, 9, dtype=torch.float64)
    w = torch.rand(1, 1, 3, 3, dtype=torch.float64, requires_grad=True)
    y = F.conv2d(x, w, stride=2, padding=1)
    g = torch.rand_like(y)
    (y * g).sum().backward()
    dilated = torch.zeros(1, 1, 9, 9, dtype=torch.float64)
    dilated[..., ::2, ::2] = g
    assert torch.allclose(F.conv2d(F.pad(x, (1, 1, 1, 1)), dilated), w.grad)
    assert F.conv2d(F.pad(x, (1, 1, 1, 1)), g).shape[-1] == 7
    right = _verdict(_STRIDED, r"\operatorname{dilate}_S(\delta)")
    assert right.status == VERIFIED, right.message
    assert "stride 2, padding 1" in right.message
    wrong = _verdict(_STRIDED, r"\operatorname{pad}_P(X) \star \delta")
    assert wrong.status == WRONG, wrong.message


def test_forward_size_name_is_not_the_transposes_output() -> None:
    """H_out, defined as floor((H + 2P - R)/S) + 1, is 5 at H = 10 (torch's conv2d): on the
    transposed convolution's slide it is still that size, never called wrong there."""
    y = F.conv2d(torch.zeros(1, 1, 10, 10), torch.zeros(1, 1, 3, 3), stride=2, padding=1)
    assert y.shape[-1] == 5
    assert WRONG not in _statuses(_STRIDED, r"\lfloor 9/2 \rfloor")
    # its arithmetic written wrong on that slide is still wrong
    wrong = _STRIDED.replace(r"\rfloor + 1 = 5$", r"\rfloor + 1 = 6$")
    assert WRONG in _statuses(wrong, r"\lfloor 9/2 \rfloor")
