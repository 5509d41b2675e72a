# ruff: noqa: E501  (the notes' lines are kept as people write them)
"""Three readings that called correct notes wrong:

- a pooling output size whose own sentence sets ``ceil_mode=True`` ("floor mode gives $A$
  and `ceil_mode=True` gives $B$"): B is judged as the ceil-mode size (PyTorch's rule, for
  windows at least the stride), not as the floor-mode layer's;
- a matrix written for the output's letter beside an upstream gradient of another shape on
  the same line ("$Z = [5x5]$, $G' = [2x2]$"): G is dL/d(output), so the output has its
  shape and Z is the example's new input;
- ``(x * w)_t = \\sum_m x_m w_{t-m}`` in notes that write ``\\star`` for the correlation: the
  notes' definition of their other symbol, not a claim about the layer.

The last two are left not understood with the reason.  Each with a deliberately wrong
claim beside it that is still called wrong.  The truth is
torch's pooling and convolution."""

from __future__ import annotations

import math

import pytest
from conftest import checked_text

from symconv.checker.ceil_mode import ceil_size
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG

torch = pytest.importorskip("torch")
F = torch.nn.functional

_CEIL_EN = r"""# Pooling output sizes

For a max pooling with window $k$ and stride $s$ on an $H \times H$ map, without padding, floor mode gives $H_{out} = \left\lfloor \frac{H - k}{s} \right\rfloor + 1$ while `ceil_mode=True` gives $H_{out} = \left\lceil \frac{H - k}{s} \right\rceil + 1$.
"""

_CEIL_FR = r"""# Taille de sortie du pooling

Pour un max pooling de fenêtre $k$ et de pas $s$ sur une carte $H \times H$, sans remplissage, le mode par défaut donne $H_{out} = \left\lfloor \frac{H - k}{s} \right\rfloor + 1$ ; en mode ceil (`ceil_mode=True`) on obtient $H_{out} = \left\lceil \frac{H - k}{s} \right\rceil + 1$.
"""

_BESIDE_EN = r"""# Average pooling, worked

Average pooling with a $2 \times 2$ window and stride 2, one channel, on

$$X = \begin{bmatrix} 4 & 0 & 2 & 2 \\ 0 & 4 & 2 & 2 \\ 1 & 3 & 8 & 0 \\ 3 & 1 & 0 & 4 \end{bmatrix}$$

gives $Y = \begin{bmatrix} 2 & 2 \\ 2 & 3 \end{bmatrix}$.

A second input and its upstream gradient, for the exercise:

$$Z = \begin{bmatrix} 1 & 2 & 0 & 1 & 3 \\ 0 & 1 & 1 & 2 & 0 \\ 2 & 0 & 3 & 1 & 1 \\ 1 & 1 & 0 & 2 & 2 \\ 0 & 3 & 1 & 0 & 1 \end{bmatrix}, \qquad G' = \begin{bmatrix} 1 & -1 \\ 2 & 0 \end{bmatrix}$$
"""

_BESIDE_DE = r"""# Average-Pooling, durchgerechnet

Average-Pooling mit einem $2 \times 2$-Fenster und Schrittweite 2, ein Kanal, auf

$$X = \begin{bmatrix} 4 & 0 & 2 & 2 \\ 0 & 4 & 2 & 2 \\ 1 & 3 & 8 & 0 \\ 3 & 1 & 0 & 4 \end{bmatrix}$$

ergibt $Y = \begin{bmatrix} 2 & 2 \\ 2 & 3 \end{bmatrix}$.

Eine neue Eingabe samt Gradient von oben für die Übung: $Z = \begin{bmatrix} 1 & 2 & 0 \\ 0 & 1 & 1 \\ 2 & 0 & 3 \end{bmatrix}$, $G = \begin{bmatrix} 1 \end{bmatrix}$.
"""

_STAR_EN = r"""# 1-D operators, one line each

A layer with input $x$ of length 6 and kernel $w$ of length 3, stride 1.

- full convolution, lengths $n$ and $k$: $\operatorname{len}(x * w) = n + k - 1$
- valid correlation: $y = x \star w$, $\operatorname{len}(x \star w) = n - k + 1$
- $(x * w)_t = \sum_{m} x_m \, w_{t-m}$
- $y_0 = x_0 w_0 + x_1 w_1 + x_2 w_2$
"""

_STAR_PT = r"""# Operadores 1-D, um por linha

Uma camada com entrada $x$ de comprimento 6 e núcleo $w$ de comprimento 3, passo 1.

- convolução completa: $\operatorname{len}(x * w) = n + k - 1$
- correlação válida: $y = x \star w$
- $(x * w)_t = \sum_{j} x_j \, w_{t-j}$
- $y_1 = x_1 w_0 + x_2 w_1 + x_3 w_2$
"""

_FLOOR = r"\left\lfloor \frac{H - k}{s} \right\rfloor"
_CEIL = r"\left\lceil \frac{H - k}{s} \right\rceil"


def _on_line(text: str, piece: str) -> list:
    """The verdicts on the first line holding ``piece``, in order."""
    line = next(n for n, row in enumerate(text.split("\n"), start=1) if piece in row)
    return [v for v in checked_text(text, "notes.md").verdicts if v.line == line]


def test_torch_rounds_down_and_up() -> None:
    """floor((H - k)/s) + 1 is torch's size by default; ceil((H - k)/s) + 1 its size with
    ceil_mode=True where the window is at least the stride (a last window that would start
    past the input is dropped, so not always), and the two differ: the formulas are two
    layers."""
    differ = False
    for h in range(2, 11):
        for k in range(1, min(h, 5) + 1):
            for s in range(1, 4):
                x = torch.zeros(1, 1, h, h)
                assert F.max_pool2d(x, k, s).shape[-1] == (h - k) // s + 1
                ceil = F.max_pool2d(x, k, s, ceil_mode=True).shape[-1]
                if k >= s:
                    assert ceil == math.ceil((h - k) / s) + 1
                differ = differ or ceil != (h - k) // s + 1
    assert differ


@pytest.mark.parametrize("notes", [_CEIL_EN, _CEIL_FR], ids=["en", "fr"])
def test_ceil_mode_formula_is_judged_in_ceil_mode(notes: str) -> None:
    floor, ceil = _on_line(notes, _FLOOR)
    assert floor.status == VERIFIED, floor.message
    assert ceil.status == VERIFIED and "ceil_mode=True" in ceil.message, ceil.message
    # without its + 1 the ceil-mode size is wrong (torch: 2 at H = 4, k = s = 2)
    assert F.max_pool2d(torch.zeros(1, 1, 4, 4), 2, 2, ceil_mode=True).shape[-1] == 2
    bad = notes.replace(f"{_CEIL} + 1$", f"{_CEIL}$")
    assert [v.status for v in _on_line(bad, _FLOOR)] == [VERIFIED, WRONG]


def test_ceil_size_is_torchs() -> None:
    for h in range(1, 11):
        for k in range(1, 6):
            for s in range(1, 4):
                for p in range(0, 3):
                    size = ceil_size(h, k, s, p)
                    if size is None:
                        continue
                    x = torch.zeros(1, 1, h, h)
                    assert F.max_pool2d(x, k, s, p, ceil_mode=True).shape[-1] == size


def test_ceil_formula_said_of_floor_mode_is_still_wrong() -> None:
    wrong = _CEIL_EN.replace(
        f"floor mode gives $H_{{out}} = {_FLOOR}", f"floor mode gives $H_{{out}} = {_CEIL}"
    )
    first, second = _on_line(wrong, "floor mode gives")
    assert first.status == WRONG, first.message
    assert second.status == VERIFIED, second.message  # the ceil_mode one


def test_a_sentence_denying_ceil_mode_is_floor_mode() -> None:
    said = "On a $5 \\times 5$ map, no `ceil_mode`, the $2 \\times 2$ pool gives $H_{out} = 3$."
    assert WRONG in [v.status for v in _on_line(said, "H_{out} = 3")]
    assert F.max_pool2d(torch.zeros(1, 1, 5, 5), 2, 2).shape[-1] == 2


def _pooled() -> list[list[float]]:
    x = torch.tensor([[[[4.0, 0, 2, 2], [0, 4, 2, 2], [1, 3, 8, 0], [3, 1, 0, 4]]]])
    return F.avg_pool2d(x, 2, 2)[0, 0].tolist()


@pytest.mark.parametrize("notes", [_BESIDE_EN, _BESIDE_DE], ids=["en", "de"])
def test_a_matrix_beside_a_gradient_of_another_shape_is_not_the_output(notes: str) -> None:
    assert _pooled() == [[2.0, 2.0], [2.0, 3.0]]  # the notes' Y
    (output,) = _on_line(notes, "Y = ")
    assert output.status == VERIFIED, output.message
    new_input = _on_line(notes, "Z = ")[0]
    assert new_input.status == NOT_UNDERSTOOD, new_input.message
    assert "upstream gradient" in new_input.message


def test_a_wrong_output_beside_a_gradient_of_its_shape_is_still_wrong() -> None:
    assert _pooled()[1][1] == 3.0
    wrong = _BESIDE_EN.replace(
        r"gives $Y = \begin{bmatrix} 2 & 2 \\ 2 & 3 \end{bmatrix}$.",
        r"gives $Y = \begin{bmatrix} 2 & 2 \\ 2 & 4 \end{bmatrix}$, "
        r"$G = \begin{bmatrix} 1 & 0 \\ 0 & 1 \end{bmatrix}$.",
    )
    assert _on_line(wrong, "Y = ")[0].status == WRONG


@pytest.mark.parametrize(
    ("notes", "entry", "bad"),
    [
        (_STAR_EN, "x_2 w_2$", "x_2 w_1$"),
        (_STAR_PT, "x_3 w_2$", "x_3 w_0$"),
    ],
    ids=["en", "pt"],
)
def test_the_notes_definition_of_star_is_not_a_claim(notes: str, entry: str, bad: str) -> None:
    """The notes' * is the full (flipped) convolution: np.convolve, whose entry 0 is x_0 w_0
    only -- the layer's correlation (torch's conv1d) has three terms there, so reading * as
    the layer's operation calls a correct definition wrong."""
    x, w = [1.0, 2.0, -1.0, 3.0, 0.5, 2.0], [2.0, -1.0, 4.0]
    full = [
        sum(x[m] * w[t - m] for m in range(len(x)) if 0 <= t - m < len(w))
        for t in range(len(x) + len(w) - 1)
    ]
    assert full[0] == x[0] * w[0]
    layer = F.conv1d(torch.tensor([[x]]), torch.tensor([[w]]))[0, 0].tolist()
    assert layer[0] == x[0] * w[0] + x[1] * w[1] + x[2] * w[2] != full[0]
    (definition,) = _on_line(notes, "(x * w)_t")
    assert definition.status == NOT_UNDERSTOOD, definition.message
    (right,) = _on_line(notes, entry)
    assert right.status == VERIFIED, right.message
    (wrong,) = _on_line(notes.replace(entry, bad), bad)
    assert wrong.status == WRONG, wrong.message
