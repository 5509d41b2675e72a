# ruff: noqa: E501  (the notes' LaTeX lines are kept as people write them)
"""False alarms of the sealed set fresh38, each closed by a general reading and tested here on
notes written for this file (other numbers, words and languages), the truth computed with
torch (the layer run forward, autograd for the gradient, parameters counted) beside each note.

* a question about a changed setting ("What changes with padding 1?", "¿Qué cambia con
  relleno 1?") supposes another layer: the padding it names is not the stated layer's
  (symconv/checker/prose.py, _CHANGE_QUESTION);
* "the padded 7x7 input" gives the padded input's size, not the input's, with "padded"
  before the size as well as before the role word (prose.py, _role_for);
* a count named \\#\\theta or |\\theta| is all the layer's parameters, biases included, whatever
  the sentence says of weights (symconv/checker/formula_layer.py, _PARAMS_NAME).
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from test_check_fa_hunt import _statuses

from symconv.checker.prose import prose_facts
from symconv.checker.report import VERIFIED, WRONG

nn = torch.nn

# --- a worked example whose problem also asks what another padding would change -------------
_X = [
    [2, 1, 0, 1, 3, 0, 1],
    [0, 1, 2, 0, 1, 1, 0],
    [1, 0, 1, 2, 0, 2, 1],
    [3, 1, 0, 1, 1, 0, 2],
    [0, 2, 1, 0, 2, 1, 0],
    [1, 0, 3, 1, 0, 1, 1],
    [2, 1, 0, 0, 1, 2, 0],
]
_W = [[1, -1, 0], [0, 2, 1], [-1, 0, 1]]
_MATRICES = r"""$$X = \begin{bmatrix} 2 & 1 & 0 & 1 & 3 & 0 & 1 \\ 0 & 1 & 2 & 0 & 1 & 1 & 0 \\ 1 & 0 & 1 & 2 & 0 & 2 & 1 \\ 3 & 1 & 0 & 1 & 1 & 0 & 2 \\ 0 & 2 & 1 & 0 & 2 & 1 & 0 \\ 1 & 0 & 3 & 1 & 0 & 1 & 1 \\ 2 & 1 & 0 & 0 & 1 & 2 & 0 \end{bmatrix}, \qquad W = \begin{bmatrix} 1 & -1 & 0 \\ 0 & 2 & 1 \\ -1 & 0 & 1 \end{bmatrix}$$"""

# y_11 = 5 and y_33 = 3 are right (stride 2, no padding); y_13 = 7 is the value padding 1 would
# give, so it is wrong for the stated layer
QUIZ_EN = rf"""# Quiz 3: a strided convolution

**Task.** A one-channel convolution (cross-correlation) with a $3 \times 3$ kernel, stride $S = 2$, no padding and no bias maps the $7 \times 7$ input below to $Y$. Work out $Y$ by hand. What changes with padding 1? Indices start at 1.

{_MATRICES}

The first entry uses rows 1 to 3 and columns 1 to 3: $y_{{11}} = 2 - 1 + 0 + 0 + 2 + 2 - 1 + 0 + 1 = 5$.

The corner at the bottom right uses rows 5 to 7 and columns 5 to 7: $y_{{33}} = 2 - 1 + 0 + 0 + 2 + 1 - 1 + 0 + 0 = 3$.

A slip: $y_{{13}} = 7$.
"""
QUIZ_ES = rf"""# Práctica 5: convolución con paso

**Enunciado.** Una convolución de un canal (correlación cruzada) con un núcleo de $3 \times 3$, paso $S = 2$, sin relleno y sin sesgo se aplica a la entrada de $7 \times 7$ de abajo. Calcula $Y$ a mano. ¿Qué cambia con relleno 1? Los índices empiezan en 1.

{_MATRICES}

La primera entrada usa las filas 1 a 3 y las columnas 1 a 3: $y_{{11}} = 2 - 1 + 0 + 0 + 2 + 2 - 1 + 0 + 1 = 5$.

La esquina inferior derecha: $y_{{33}} = 2 - 1 + 0 + 0 + 2 + 1 - 1 + 0 + 0 = 3$.

Un despiste: $y_{{13}} = 7$.
"""


def _forward(padding: int) -> np.ndarray:
    x = torch.tensor(_X, dtype=torch.float64)[None, None]
    w = torch.tensor(_W, dtype=torch.float64)[None, None]
    return F.conv2d(x, w, stride=2, padding=padding)[0, 0].numpy()


def test_the_quiz_truths_are_torchs():
    y = _forward(0)
    assert y.shape == (3, 3)
    assert (y[0, 0], y[2, 2], y[0, 2]) == (5, 3, 6)  # y_11, y_33 right; y_13 = 7 wrong
    assert _forward(1)[0, 2] == 7  # ... which is what padding 1 would give


@pytest.mark.parametrize("text", [QUIZ_EN, QUIZ_ES], ids=["en", "es"])
def test_a_question_about_another_padding_leaves_the_stated_layer(text):
    lines = text.split("\n")
    at = {k + 1: row for k, row in enumerate(lines)}
    first = next(k for k, row in at.items() if "y_{11}" in row)
    corner = next(k for k, row in at.items() if "y_{33}" in row)
    slip = next(k for k, row in at.items() if "y_{13}" in row)
    found = _statuses(text)
    assert found[first] == [VERIFIED]
    assert found[corner] == [VERIFIED]
    assert found[slip] == [WRONG]  # padding 1's value, wrong for the layer the notes state


@pytest.mark.parametrize(
    "sentence",
    [
        "The layer has a stride of 2 and no padding. What changes with padding 1?",
        "The layer has a stride of 2 and no padding. What happens with padding 1?",
        "La capa tiene paso 2 y no tiene relleno. ¿Qué cambia con relleno 1?",
        "Die Schicht hat Schrittweite 2 und kein Padding. Was ändert sich mit Padding 1?",
    ],
)
def test_the_padding_a_change_question_names_is_no_fact(sentence):
    assert ("padding", "1", "prose") not in prose_facts(sentence)


def test_a_padding_stated_without_a_question_is_still_read():
    assert ("padding", "1", "prose") in prose_facts("The layer has stride 2 and padding 1.")


# --- the padded input's size named beside the gradient of the unpadded one ----------------------
PADDED_EN = r"""# Backward through a stride-2 layer

One channel: a $5 \times 5$ input $X$, a $3 \times 3$ kernel $W$, stride 2 and no padding, so $G = \partial L / \partial Y$ is $2 \times 2$.

## Padding 1

With padding 1 the output and $G$ are $3 \times 3$.

Padding the dilated $G$ by 2 and correlating gives the gradient of the padded $7 \times 7$ input. For $X$ itself pad by one ring only:

$$\frac{\partial L}{\partial X} = \operatorname{pad}_1\big(\operatorname{dilate}_2(G)\big) \star \operatorname{rot}_{180}(W)$$

Two rings, $\frac{\partial L}{\partial X} = \operatorname{pad}_2\big(\operatorname{dilate}_2(G)\big) \star \operatorname{rot}_{180}(W)$, is the one to avoid.
"""
PADDED_ZERO_EN = PADDED_EN.replace("the padded $7 \\times 7$ input", "the zero-padded 7x7 input")
PADDED_ES = r"""# Retropropagación con paso 2

Un canal: entrada $X$ de $5 \times 5$, núcleo $W$ de $3 \times 3$, paso 2 y sin relleno; $G = \partial L / \partial Y$ es de $2 \times 2$.

## Relleno 1

Con relleno 1 la salida y $G$ son de $3 \times 3$.

Rellenar $G$ dilatado con dos ceros por lado da el gradiente de la entrada rellenada de $7 \times 7$. Para $X$ basta un cero por lado:

$$\frac{\partial L}{\partial X} = \operatorname{pad}_1\big(\operatorname{dilate}_2(G)\big) \star \operatorname{rot}_{180}(W)$$

Mal: $\frac{\partial L}{\partial X} = \operatorname{pad}_2\big(\operatorname{dilate}_2(G)\big) \star \operatorname{rot}_{180}(W)$.
"""


def _corr(a: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Valid cross-correlation of two 2-D arrays."""
    h, w = a.shape[0] - k.shape[0] + 1, a.shape[1] - k.shape[1] + 1
    return np.array(
        [
            [(a[i : i + k.shape[0], j : j + k.shape[1]] * k).sum() for j in range(w)]
            for i in range(h)
        ]
    )


def _by_formula(g: np.ndarray, w: np.ndarray, pad: int) -> np.ndarray:
    dilated = np.zeros((2 * g.shape[0] - 1, 2 * g.shape[1] - 1))
    dilated[::2, ::2] = g
    return _corr(np.pad(dilated, pad), w[::-1, ::-1])


def test_the_padded_notes_truths_are_torchs():
    rng = np.random.default_rng(16)
    x = torch.tensor(rng.standard_normal((1, 1, 5, 5)), requires_grad=True)
    w = torch.tensor(rng.standard_normal((1, 1, 3, 3)))
    y = F.conv2d(x, w, stride=2, padding=1)
    g = torch.tensor(rng.standard_normal(y.shape))
    (y * g).sum().backward()
    grad = x.grad[0, 0].numpy()
    assert y.shape[-2:] == (3, 3)
    right = _by_formula(g[0, 0].numpy(), w[0, 0].numpy(), 1)
    assert np.allclose(right, grad)  # pad_1: the gradient of X
    assert _by_formula(g[0, 0].numpy(), w[0, 0].numpy(), 2).shape == (7, 7)  # pad_2: no X's


@pytest.mark.parametrize("text", [PADDED_EN, PADDED_ZERO_EN, PADDED_ES], ids=["en", "zero", "es"])
def test_the_padded_inputs_size_is_not_the_inputs(text):
    lines = text.split("\n")
    right = next(k + 1 for k, row in enumerate(lines) if "operatorname{pad}_1" in row)
    wrong = next(k + 1 for k, row in enumerate(lines) if "operatorname{pad}_2" in row)
    found = _statuses(text)
    assert found[right] == [VERIFIED]
    assert found[wrong] == [WRONG]


def test_a_size_after_padded_is_not_the_input_but_one_before_is():
    assert prose_facts(r"That is the gradient of the padded $7 \times 7$ input.") == []
    assert ("input", "5x5", "prose") in prose_facts(r"The $5 \times 5$ input is padded by 1.")


# --- a parameter count named theta in a sentence about weights --------------------------------
THETA_EN = r"""# Notebook: dilated layers

```python
a1 = nn.Conv2d(8, 24, kernel_size=3, dilation=3)
a2 = nn.Conv2d(24, 40, kernel_size=5, padding=2)
```

A dilation spreads the taps but adds no weights: $\#\theta_{a1} = 3 \cdot 3 \cdot 8 \cdot 24 + 24 = 1752$.

The second layer has more weights, $\#\theta_{a2} = 5 \cdot 5 \cdot 24 \cdot 40 = 24000$, as I first wrote it.
"""
THETA_DE = r"""# Notizbuch: dilatierte Schichten

```python
a1 = nn.Conv2d(8, 24, kernel_size=3, dilation=3)
a2 = nn.Conv2d(24, 40, kernel_size=5, padding=2)
```

Die Dilatation fügt keine Gewichte hinzu: $|\theta_{a1}| = 3 \cdot 3 \cdot 8 \cdot 24 + 24 = 1752$.

Mehr Gewichte hat die zweite Schicht: $|\theta_{a2}| = 5 \cdot 5 \cdot 24 \cdot 40 = 24000$.
"""


def _count(module: torch.nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def test_the_theta_truths_are_torchs():
    assert _count(nn.Conv2d(8, 24, kernel_size=3, dilation=3)) == 1752
    assert _count(nn.Conv2d(24, 40, kernel_size=5, padding=2)) == 24040  # 24000: no biases


@pytest.mark.parametrize("text", [THETA_EN, THETA_DE], ids=["en", "de"])
def test_a_count_named_theta_counts_the_biases_too(text):
    lines = text.split("\n")
    first = next(k + 1 for k, row in enumerate(lines) if "theta_{a1}" in row)
    second = next(k + 1 for k, row in enumerate(lines) if "theta_{a2}" in row)
    found = _statuses(text)
    assert found[first] == [VERIFIED]
    assert found[second] == [WRONG]
