# ruff: noqa: E501  (the notes are prose lines, kept as a reader writes them)
r"""A worked example's entry computed with entries in brackets, ``Y[0,0] = X[0,0]\, W[1,1] +
X[0,1]\, W[1,2] = 6`` (issue 16, fresh46: a French TD's "Y[0,0] = X[0,0] W[2,2] = 1", a
Jupyter notebook's corners), and the notebook's matrices given in code one row per line
(``X = np.array([[ 2, 1, ...],`` then the next rows), which is one Python statement.

Before, the bracketed entries were read as arithmetic (``X has no value``) and the rows of
a multi-line array were not read at all.  Now a side in bracketed entries is the layer's
formula (judged for every value by the symbolic reader) and its number is judged at the
notes' numbers, whichever way they are given; the arrays' shapes give the layer's sizes.
Truth: torch autograd of conv2d (float64) at the notes' numbers; the notes' formula sides
are checked against it with NumPy before the checker is asked.
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from line_verdicts import one_verdict, statuses

from symconv.checker.code_values import code_array_facts, code_lines, code_values
from symconv.checker.report import VERIFIED, WRONG

X3 = np.array([[1, 2, 0], [3, -1, 2], [0, 1, 1]], dtype=np.float64)
W2 = np.array([[1, 0], [-1, 2]], dtype=np.float64)
G2 = np.array([[2, -1], [0, 1]], dtype=np.float64)

X5 = np.array(
    [
        [2, 1, 1, 2, 0],
        [1, 2, -1, -2, -1],
        [-1, 2, 2, -2, 0],
        [2, -2, 1, -2, 0],
        [2, -1, -1, -1, 1],
    ],
    dtype=np.float64,
)
W3 = np.array([[0, 1, -1], [1, 2, 0], [-1, 0, 1]], dtype=np.float64)
G3 = np.array([[2, 2, 1], [1, 0, 2], [0, -1, 2]], dtype=np.float64)


def _torch(x, w, g, stride: int = 1, padding: int = 0):
    """(Y, dL/dX, dL/dW) of L = sum(G * conv2d(X, W)) by torch autograd (float64)."""
    xt = torch.tensor(x[None, None], requires_grad=True)
    wt = torch.tensor(w[None, None], requires_grad=True)
    y = F.conv2d(xt, wt, stride=stride, padding=padding)
    (y * torch.tensor(g[None, None])).sum().backward()
    return y.detach().numpy()[0, 0], xt.grad.numpy()[0, 0], wt.grad.numpy()[0, 0]


def _tex(m: np.ndarray) -> str:
    rows = [" & ".join(str(int(v)) for v in row) for row in m]
    return "\\begin{pmatrix} " + " \\\\ ".join(rows) + " \\end{pmatrix}"


def _py(name: str, m: np.ndarray, call: str = "np.array") -> str:
    """``name = np.array([[...],`` with one row per line, as a notebook writes it."""
    rows = [f"[{', '.join(f'{int(v):2d}' for v in row)}]" for row in m]
    pad = " " * (len(name) + 4 + len(call))
    body = (",\n" + pad).join(rows)
    return f"{name} = {call}([{body}], dtype=np.float64)  # given"


def _n(v: float) -> str:
    return str(round(v))


def test_formula_sides_are_torchs() -> None:
    """The hand-written formulas of the notes below are the entries torch computes."""
    y, _, dw = _torch(X3, W2, G2)
    assert np.isclose(
        y[0, 0],
        X3[0, 0] * W2[0, 0] + X3[0, 1] * W2[0, 1] + X3[1, 0] * W2[1, 0] + X3[1, 1] * W2[1, 1],
    )
    assert np.isclose(
        dw[0, 1],
        G2[0, 0] * X3[0, 1] + G2[0, 1] * X3[0, 2] + G2[1, 0] * X3[1, 1] + G2[1, 1] * X3[1, 2],
    )
    # the wrong variant's formula: X[0,1] meets W[0,0] in Y[0,1], not W[1,1]
    assert not np.isclose(y[0, 1], X3[0, 1] * W2[1, 1])
    y, dx, _ = _torch(X5, W3, G3, stride=2, padding=1)
    assert np.isclose(
        y[0, 0],
        X5[0, 0] * W3[1, 1] + X5[0, 1] * W3[1, 2] + X5[1, 0] * W3[2, 1] + X5[1, 1] * W3[2, 2],
    )
    assert np.isclose(
        y[2, 2],
        X5[3, 3] * W3[0, 0] + X5[3, 4] * W3[0, 1] + X5[4, 3] * W3[1, 0] + X5[4, 4] * W3[1, 1],
    )
    assert np.isclose(dx[0, 0], G3[0, 0] * W3[1, 1])
    assert np.isclose(
        dx[1, 1],
        G3[0, 0] * W3[2, 2] + G3[0, 1] * W3[2, 0] + G3[1, 0] * W3[0, 2] + G3[1, 1] * W3[0, 0],
    )
    # the wrong variant's: the outputs (0, 1) and (1, 0) left out (fresh46's notebook slip)
    assert not np.isclose(dx[1, 1], G3[0, 0] * W3[2, 2] + G3[1, 1] * W3[0, 0])


def _german() -> str:
    y, _, dw = _torch(X3, W2, G2)
    wrong_formula = X3[0, 1] * W2[1, 1]  # the arithmetic of the wrong formula holds
    return f"""# Übung 3: eine Faltung von Hand

Wir wenden `nn.Conv2d(1, 1, kernel_size=2, bias=False)` auf $X$ an (Kreuzkorrelation, Indizes ab 0) und schreiben Einträge wie im Code, $X[i,j]$.

$$X = {_tex(X3)}, \\qquad W = {_tex(W2)}$$

Der erste Eintrag: $Y[0,0] = X[0,0]\\, W[0,0] + X[0,1]\\, W[0,1] + X[1,0]\\, W[1,0] + X[1,1]\\, W[1,1] = {_n(y[0, 0])}$.

Ein Rechenfehler: $Y[0,0] = X[0,0]\\, W[0,0] + X[0,1]\\, W[0,1] + X[1,0]\\, W[1,0] + X[1,1]\\, W[1,1] = {_n(y[0, 0] + 1)}$.

Ein falscher Term: $Y[0,1] = X[0,1]\\, W[1,1] = {_n(wrong_formula)}$.

Mit dem Gradienten von oben $G = {_tex(G2)}$ ist

$$\\frac{{\\partial L}}{{\\partial W[0,1]}} = G[0,0]\\, X[0,1] + G[0,1]\\, X[0,2] + G[1,0]\\, X[1,1] + G[1,1]\\, X[1,2] = {_n(dw[0, 1])}$$
"""


def test_bracket_entries_german() -> None:
    note = _german()
    assert one_verdict(note, "Der erste Eintrag").status == VERIFIED
    assert one_verdict(note, "Ein Rechenfehler").status == WRONG
    assert one_verdict(note, "\\partial W[0,1]").status == VERIFIED


def test_bracket_entries_wrong_formula_is_caught() -> None:
    """Its number is X[0,1] W[1,1] at the notes' numbers, but the formula is not Y[0,1]'s."""
    assert one_verdict(_german(), "Ein falscher Term").status == WRONG


def _spanish_notebook() -> str:
    y, dx, _ = _torch(X5, W3, G3, stride=2, padding=1)
    return f"""# Cuaderno: conv2d con paso 2 y relleno 1

*Exportado de Jupyter. Índices desde 0; una sola capa `F.conv2d(x, w, stride=2, padding=1)`, sin sesgo.*

```python
import numpy as np
{_py("X", X5)}
{_py("W", W3)}
```

Esquina superior izquierda (solo el bloque $2 \\times 2$ de abajo a la derecha del filtro toca la imagen): $Y[0,0] = X[0,0]\\,W[1,1] + X[0,1]\\,W[1,2] + X[1,0]\\,W[2,1] + X[1,1]\\,W[2,2] = {_n(y[0, 0])}$.

Esquina inferior derecha, con un error de cuentas: $Y[2,2] = X[3,3]\\,W[0,0] + X[3,4]\\,W[0,1] + X[4,3]\\,W[1,0] + X[4,4]\\,W[1,1] = {_n(y[2, 2] - 2)}$.

```python
{_py("G", G3, "torch.tensor")}
```

A mano: $\\frac{{\\partial L}}{{\\partial X[0,0]}} = G[0,0]\\, W[1,1] = {_n(dx[0, 0])}$ y $\\frac{{\\partial L}}{{\\partial X[1,1]}} = G[0,0]\\, W[2,2] + G[0,1]\\, W[2,0] + G[1,0]\\, W[0,2] + G[1,1]\\, W[0,0] = {_n(dx[1, 1])}$.

Olvidando dos salidas: $\\frac{{\\partial L}}{{\\partial X[1,1]}} = G[0,0]\\, W[2,2] + G[1,1]\\, W[0,0] = {_n(G3[0, 0] * W3[2, 2] + G3[1, 1] * W3[0, 0])}$.
"""


def test_multiline_arrays_are_read() -> None:
    note = _spanish_notebook()
    given = {
        name: numbers for _, text in code_lines(note) for name, numbers, _ in code_values(text)
    }
    assert given["X"] == [[int(v) for v in row] for row in X5]
    assert given["G"] == [[int(v) for v in row] for row in G3]
    facts = {key: value for key, value, _ in code_array_facts(note)}
    assert facts == {"input": "5x5", "kernel": "3x3", "in-channels": "1"}


def test_notebook_corners_spanish() -> None:
    note = _spanish_notebook()
    assert one_verdict(note, "Esquina superior izquierda").status == VERIFIED
    assert one_verdict(note, "Esquina inferior derecha").status == WRONG
    assert statuses(note, "A mano:") == [VERIFIED, VERIFIED]


def test_wrong_number_after_input_gradient_is_caught() -> None:
    _, dx, _ = _torch(X5, W3, G3, stride=2, padding=1)
    note = _spanish_notebook().replace(f"W[0,0] = {_n(dx[1, 1])}$", f"W[0,0] = {_n(dx[1, 1] + 3)}$")
    assert statuses(note, "A mano:") == [VERIFIED, WRONG]
    # the formula that leaves two outputs out: its own arithmetic holds, the formula not
    assert one_verdict(_spanish_notebook(), "Olvidando dos salidas").status == WRONG


def test_two_shapes_of_one_name_give_no_size() -> None:
    """``X`` made twice with other shapes in one block: which is the layer's is not read."""
    block = "X = np.array([[1, 2],\n              [3, 4]])\nX = np.array([[1, 2, 3],\n              [4, 5, 6],\n              [7, 8, 9]])"
    assert code_array_facts(block) == []


def test_unclosed_array_is_no_given() -> None:
    """A call whose brackets never close is no statement: no numbers, no size."""
    block = "X = np.array([[1, 2],\n              [3, 4],\nprint(X)"
    assert code_array_facts(block) == []


# ---------------------------------------------------------------- dL/db as a written sum
G4 = np.array([[1, 0, -2], [3, 1, 0], [0, -1, 2]], dtype=np.float64)
X4 = np.array([[1, 2, 0, 1], [0, 1, -1, 2], [2, 0, 1, 0], [1, -2, 3, 1]], dtype=np.float64)
W22 = np.array([[1, -1], [0, 2]], dtype=np.float64)


def _bias_gradient(x, w, g) -> float:
    """dL/db of L = sum(G * (conv2d(X, W) + b)) by torch autograd."""
    xt = torch.tensor(x[None, None])
    wt = torch.tensor(w[None, None])
    b = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    (F.conv2d(xt, wt, b) * torch.tensor(g[None, None])).sum().backward()
    return float(b.grad[0])


def _italian(written: float) -> str:
    return f"""# Esercizio: convoluzione con bias

Applichiamo `nn.Conv2d(1, 1, 2)` (con bias $b$) all'ingresso $X$, indici da 0.

$$X = {_tex(X4)}, \\qquad W = {_tex(W22)}, \\qquad b = 0$$

Il gradiente che arriva dall'alto è $G = {_tex(G4)}$.

Il bias si somma a ogni uscita, quindi $\\frac{{\\partial L}}{{\\partial b}} = \\sum_{{i,j}} G[i,j] = {_n(written)}$.
"""


def test_bias_gradient_as_a_sum_italian() -> None:
    truth = _bias_gradient(X4, W22, G4)
    assert one_verdict(_italian(truth), "Il bias si somma").status == VERIFIED
    assert one_verdict(_italian(truth + 1), "Il bias si somma").status == WRONG


def _portuguese(written: float) -> str:
    return f"""# Lista 2 — retropropagação numa convolução

Camada `nn.Conv2d(1, 1, kernel_size=2)` com viés $b$, entrada $X$, índices a partir de 0; o gradiente de cima é $g = \\partial L / \\partial Y$.

$$X = {_tex(X4)}, \\quad W = {_tex(W22)}, \\quad b = 1$$

$$g = {_tex(G4)}$$

Como o viés entra em todas as saídas, $\\frac{{\\partial L}}{{\\partial b}} = \\sum_i \\sum_j g_{{ij}} = {_n(written)}$.
"""


def test_bias_gradient_as_a_sum_portuguese() -> None:
    truth = _bias_gradient(X4, W22, G4)
    assert one_verdict(_portuguese(truth), "Como o viés").status == VERIFIED
    assert one_verdict(_portuguese(truth - 2), "Como o viés").status == WRONG


DZ = np.array([[1, 0, 0], [0, 2, 0], [0, 0, -1]], dtype=np.float64)
G_POOL = np.array([[4, -2], [2, 8]], dtype=np.float64)


def _korean() -> str:
    return f"""# 합성곱 → 풀링

`nn.Conv2d(1, 1, 2)` 에 편향 $b = 0$, 인덱스는 0 부터.

$$X = {_tex(X4)}, \\qquad W = {_tex(W22)}$$

풀링 뒤의 기울기: $G = \\frac{{\\partial L}}{{\\partial P}} = {_tex(G_POOL)}$

합성곱 출력의 기울기: $\\frac{{\\partial L}}{{\\partial Y}} = {_tex(DZ)}$

편향: $\\frac{{\\partial L}}{{\\partial b}} = \\sum_{{i,j}} G[i,j] = {_n(G_POOL.sum())}$
"""


def test_sum_of_a_later_layers_gradient_is_not_the_bias_gradient() -> None:
    """G names a later pool's dL/dP (2x2), and the convolution's own dL/dY (3x3) is given
    after it (fresh46's Korean post): the sum of that G is no bias gradient of the
    convolution, and the claim that it is must never be verified."""
    assert _bias_gradient(X4, W22, DZ) != G_POOL.sum()
    assert one_verdict(_korean(), "편향:").status != VERIFIED
