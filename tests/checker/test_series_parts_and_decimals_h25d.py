"""Four misreadings of notes that state their layer plainly (h25d).

- "In part 2 we did stride 1; today the layer is `nn.Conv2d(..., stride=2)`": the clause that
  recalls an earlier part of a series was read as a fact of this layer, contradicting the
  constructor and, read first, winning (earlier_parts.py);
- "(with an even input: a $8 \\times 8$ map gives $O(8) = ... = 4$)": the size a formula
  takes as its argument was read as the section's input, replacing the matrix the notes
  work with (evaluated_sizes.py); and O(8) itself, the output side at input 8, was read as
  a product O·8 (bound_sizes._evaluated_at);
- "$W'[0,1] = 0 - 0{,}1 \\cdot 1{,}75 = -0{,}175$": a decimal comma after a zero was read
  as a thousands group, -175 (texclean.thin_groups);
- "$H_Z = (3 - 1) \\cdot 2 - 2 + 3 = 5$" where the notes define $Z = \\mathcal{K}^\\top(G)$:
  the side of the transposed operator's result was judged as the convolution's output
  (size_names.letter_defined_otherwise).

The truth is torch's conv2d and its autograd, or arithmetic by hand in a comment; never
symconv."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from line_verdicts import statuses

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.texclean import decimal_commas, thin_groups

torch = pytest.importorskip("torch")

# ------------------------------------------------------------------ an earlier part's stride

_STRIDED = "$Y[i,j] = \\sum_{u=0}^{1} \\sum_{v=0}^{1} W[u,v]\\, X[2i+u,\\, 2j+v]$"
_UNSTRIDED = "$Y[i,j] = \\sum_{u=0}^{1} \\sum_{v=0}^{1} W[u,v]\\, X[i+u,\\, j+v]$"

# the opening lines of a part of a series: an earlier part's stride 1 recalled, this part's
# layer built with stride 2 (English, German, French, Spanish, Dutch)
_OPENINGS = [
    "*Part 4 of a series. In part 3 we used stride 1; today the layer is "
    "`nn.Conv2d(1, 1, kernel_size=2, stride=2)`.*",
    "Letzte Woche hatten wir Schrittweite 1, heute ist die Schicht "
    "`nn.Conv2d(1, 1, kernel_size=2, stride=2)`.",
    "La semaine dernière on a pris un pas de 1 ; aujourd'hui la couche est "
    "`nn.Conv2d(1, 1, kernel_size=2, stride=2)`.",
    "En la entrada anterior usamos paso 1, pero hoy la capa es "
    "`nn.Conv2d(1, 1, kernel_size=2, stride=2)`.",
    "Vorige week deden we stap 1; vandaag is de laag `nn.Conv2d(1, 1, kernel_size=2, stride=2)`.",
]


def _series_note(opening: str, formula: str) -> str:
    return (
        f"# Strided convolution\n\n{opening}\n\n"
        f"Indices start at 0. The output is {formula} for a $4 \\times 4$ input.\n"
    )


def _formula_output(x: np.ndarray, w: np.ndarray, step: int) -> np.ndarray:
    """Y[i, j] = sum_{u,v} W[u, v] X[step i + u, step j + v] over the 2 x 2 output of the
    stride-2 layer (the indices a 4 x 4 input gives it)."""
    return np.array(
        [
            [sum(w[u, v] * x[step * i + u, step * j + v] for u in range(2) for v in range(2))
             for j in range(2)]
            for i in range(2)
        ]
    )  # fmt: skip


def test_strided_formula_is_torchs_and_unstrided_is_not() -> None:
    gen = torch.Generator().manual_seed(25)
    x = torch.randn((1, 1, 4, 4), generator=gen, dtype=torch.float64)
    w = torch.randn((1, 1, 2, 2), generator=gen, dtype=torch.float64)
    y = torch.nn.functional.conv2d(x, w, stride=2)[0, 0].numpy()
    xs, ws = x.numpy()[0, 0], w.numpy()[0, 0]
    assert np.allclose(_formula_output(xs, ws, 2), y)
    assert not np.allclose(_formula_output(xs, ws, 1), y)


@pytest.mark.parametrize("opening", _OPENINGS)
def test_earlier_part_stride_is_not_this_layers(opening: str) -> None:
    assert statuses(_series_note(opening, _STRIDED), "The output is") == [VERIFIED]


@pytest.mark.parametrize("opening", _OPENINGS)
def test_stride_one_formula_is_not_verified(opening: str) -> None:
    assert VERIFIED not in statuses(_series_note(opening, _UNSTRIDED), "The output is")


# ------------------------------------------------------------------ a size as an argument

_MATRIX = (
    "$$X = \\begin{pmatrix} 2 & 0 & 1 & 1 & 3 \\\\ 1 & 1 & 0 & 2 & 0 \\\\ 0 & 3 & 1 & 0 & 1 "
    "\\\\ 2 & 1 & 0 & 1 & 2 \\\\ 1 & 0 & 2 & 0 & 1 \\end{pmatrix}$$"
)


def _argument_note(pad: int, outside: str = "\\lfloor (8 + 2 - 3)/2 \\rfloor + 1 = 4") -> str:
    return (
        "# Input gradient of a stride-2 layer\n\n"
        "The layer is a single-channel convolution with kernel $3 \\times 3$, stride 2 and "
        f"padding 1 on the image\n\n{_MATRIX}\n\n## Sizes\n\n"
        "The output has $O = \\lfloor (5 + 2 - 3)/2 \\rfloor + 1 = 3$ rows. (Even sides too? "
        f"A $8 \\times 8$ image gives $O(8) = {outside}$.)\n\n"
        "With $G = \\partial L / \\partial Y$ the input gradient is\n\n"
        f"$$\\frac{{\\partial L}}{{\\partial X}} = \\operatorname{{pad}}_{pad}"
        "(\\operatorname{dil}_2(G)) \\star \\operatorname{rot}_{180}(W)$$\n"
    )


def _input_gradient_by_formula(g: np.ndarray, w: np.ndarray, pad: int) -> np.ndarray:
    dilated = np.zeros((2 * g.shape[0] - 1, 2 * g.shape[1] - 1))
    dilated[::2, ::2] = g
    padded = np.pad(dilated, pad)
    k = w[::-1, ::-1]
    rows, cols = padded.shape[0] - 2, padded.shape[1] - 2
    return np.array(
        [[float((padded[i : i + 3, j : j + 3] * k).sum()) for j in range(cols)]
         for i in range(rows)]
    )  # fmt: skip


def _torch_input_gradient(side: int):
    gen = torch.Generator().manual_seed(8)
    x = torch.randn((1, 1, side, side), generator=gen, dtype=torch.float64, requires_grad=True)
    w = torch.randn((1, 1, 3, 3), generator=gen, dtype=torch.float64)
    y = torch.nn.functional.conv2d(x, w, stride=2, padding=1)
    g = torch.randn(y.shape, generator=gen, dtype=torch.float64)
    (y * g).sum().backward()
    assert x.grad is not None
    return g.numpy()[0, 0], w.numpy()[0, 0], x.grad.numpy()[0, 0], y.shape[-1]


def test_input_gradient_formula_holds_at_five_not_eight() -> None:
    g, w, dx, out = _torch_input_gradient(5)
    assert out == 3  # floor((5 + 2 - 3)/2) + 1
    assert np.allclose(_input_gradient_by_formula(g, w, 1), dx)
    assert _input_gradient_by_formula(g, w, 2).shape != dx.shape  # pad 2: 7 x 7
    g8, w8, dx8, out8 = _torch_input_gradient(8)
    assert out8 == 4  # floor((8 + 2 - 3)/2) + 1 = floor(3.5) + 1: O(8) = 4
    assert _input_gradient_by_formula(g8, w8, 1).shape != dx8.shape  # 7 x 7, not 8 x 8


def test_size_taken_as_argument_is_not_the_input() -> None:
    assert statuses(_argument_note(1), "\\partial L}{\\partial X}") == [VERIFIED]


def test_wrong_padding_still_wrong_with_argument_aside() -> None:
    assert statuses(_argument_note(2), "\\partial L}{\\partial X}") == [WRONG]


def test_output_side_at_its_argument() -> None:
    # O(8) = floor(7/2) + 1 = 4 (torch above); ceil(7/2) + 1 = 5 is not torch's size
    assert statuses(_argument_note(1), "Even sides") == [VERIFIED, VERIFIED]
    wrong = _argument_note(1, "\\lceil (8 + 2 - 3)/2 \\rceil + 1 = 5")
    assert statuses(wrong, "Even sides") == [VERIFIED, WRONG]


# ------------------------------------------------------------------ decimal commas

_STEP_NOTE = (
    "# Übung: ein Schritt des Gradientenabstiegs\n\n"
    "Ein Kanal, Kern $2 \\times 2$, Eingabe $3 \\times 3$, ohne Padding, Schrittweite 1, "
    "Indizes ab 0.\n\n"
    "$$X = \\begin{pmatrix} 1 & 2 & 0 \\\\ 0 & 1 & 3 \\\\ 2 & 0 & 1 \\end{pmatrix}, \\qquad "
    "W = \\begin{pmatrix} 1 & 0 \\\\ 0 & -1 \\end{pmatrix}$$\n\n"
    "Mit $\\eta = 0{,}1$: $W'[0,1] = 0 - 0{,}1 \\cdot 1{,}75 = RESULT$.\n"
)


def test_decimal_comma_arithmetic_by_hand() -> None:
    # 0 - 0.1 * 1.75 = -0.175 and 2 - 0.1 * 1.75 = 1.825 (the gradient entry taken as given)
    assert 0 - Fraction(1, 10) * Fraction(175, 100) == Fraction(-175, 1000)
    assert 2 - Fraction(1, 10) * Fraction(175, 100) == Fraction(1825, 1000)


def test_decimal_comma_after_zero_is_no_thousands_group() -> None:
    note = _STEP_NOTE.replace("RESULT", "-0{,}175")
    # the updated weight's name is not read, so the claim is not verified; but its sides
    # agree (-7/40) and it is no mistake
    # (the first verdict is \eta = 0{,}1's, a setting of no layer's size)
    assert statuses(note, "W'[0,1]") == [NOT_UNDERSTOOD, NOT_UNDERSTOOD]


def test_decimal_comma_slip_still_caught() -> None:
    note = _STEP_NOTE.replace("RESULT", "-0{,}157")  # -0.157 is not -0.175
    assert statuses(note, "W'[0,1]") == [NOT_UNDERSTOOD, WRONG]


def test_three_digits_after_a_decimal_comma_beside_others() -> None:
    # 1{,}825 beside 0{,}1 and 1{,}75: the formula writes decimal commas, so 1.825
    assert decimal_commas("2 - 0{,}1 \\cdot 1{,}75 = 1{,}825") == "2 - 0.1 \\cdot 1.75 = 1.825"
    assert thin_groups("0{,}425", braced=True) == "0{,}425"
    assert thin_groups("12{,}800", braced=True) == "12800"  # a thousands group, alone
    assert thin_groups("0{,}5 + 1{,}250", braced=True) == "0{,}5 + 1{,}250"


# ------------------------------------------------------------------ the side of K^T(G)


def _adjoint_note(result: str) -> str:
    return (
        "# Adjoint sizes\n\n"
        "Write $\\mathcal{W}$ for the map $X \\mapsto X \\star W$ with stride 2 and padding 1, "
        "and $Z = \\mathcal{W}^\\top(G)$ for its adjoint applied to $G$.\n\n"
        "Now $X$ is $5 \\times 5$ and $W$ is $3 \\times 3$. The output has side "
        "$H_Y = \\lfloor (5 + 2 - 3)/2 \\rfloor + 1 = 3$, and the adjoint gives back side "
        f"$H_Z = (3 - 1) \\cdot 2 - 2 + 3 = {result}$.\n"
    )


def test_adjoint_side_by_torch() -> None:
    # conv_transpose2d of a 3 x 3 map with the same kernel, stride and padding: (3-1)·2-2+3 = 5
    g = torch.zeros((1, 1, 3, 3), dtype=torch.float64)
    w = torch.zeros((1, 1, 3, 3), dtype=torch.float64)
    z = torch.nn.functional.conv_transpose2d(g, w, stride=2, padding=1)
    assert z.shape[-1] == 5


def test_side_of_the_adjoint_is_not_the_output() -> None:
    note = _adjoint_note("5")
    assert statuses(note, "H_Z") == [VERIFIED, NOT_UNDERSTOOD]


def test_slip_in_the_adjoint_side_not_verified() -> None:
    note = _adjoint_note("6")  # (3 - 1)·2 - 2 + 3 is 5, not 6
    assert statuses(note, "H_Z")[1] != VERIFIED
