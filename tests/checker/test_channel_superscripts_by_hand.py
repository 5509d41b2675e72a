"""A two-channel convolution worked by hand, each channel marked above its letter:
"$x^{(c)}_{ij}$ is channel $c$", ``z_{ij} = b + \\sum_c \\sum_{u,v} w^{(c)}_{uv}
x^{(c)}_{i+u-1,j+v-1}``, ``z_{11} = 2 + (2 \\cdot 1 + ...) + (1 \\cdot 0 + ...) = 10`` and the
gradients ``\\partial L / \\partial w^{(c)}_{uv}``, ``\\partial L / \\partial x^{(c)}_{pq}``.
Notes in Spanish (1-based, mark c) and German (0-based, mark k).  Truth: torch conv2d with
autograd (float64) at the notes' numbers and at a random upstream gradient; the claims'
formulas evaluated with NumPy; each wrong variant is checked wrong against the same truth."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

X = np.array(
    [[[2, 1, 0], [1, 3, 1], [0, 1, 2]], [[1, 0, 1], [2, 1, 0], [1, 2, 1]]], dtype=np.float64
)
W = np.array([[[1, 0], [-1, 2]], [[0, 1], [1, -1]]], dtype=np.float64)
BIAS = 2.0


def _forward() -> np.ndarray:
    z = torch.nn.functional.conv2d(
        torch.tensor(X)[None], torch.tensor(W)[None], torch.tensor([BIAS], dtype=torch.float64)
    )
    return z[0, 0].numpy()


def _gradients() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(G, dL/dW, dL/dX) by autograd for L = <Z, G>, G random."""
    g = torch.randn((1, 1, 2, 2), generator=torch.Generator().manual_seed(5), dtype=torch.float64)
    x = torch.tensor(X)[None].requires_grad_()
    w = torch.tensor(W)[None].requires_grad_()
    (
        torch.nn.functional.conv2d(x, w, torch.tensor([BIAS], dtype=torch.float64)) * g
    ).sum().backward()
    assert x.grad is not None and w.grad is not None
    return g[0, 0].numpy(), w.grad[0].numpy(), x.grad[0].numpy()


def _matrix(m: np.ndarray) -> str:
    rows = " \\\\ ".join(" & ".join(str(int(v)) for v in row) for row in m)
    return f"\\begin{{bmatrix}} {rows} \\end{{bmatrix}}"


def _terms(c: int, i: int, j: int) -> str:
    """Channel c's four products of output entry (i, j), 0-based, as notes write them."""
    out = []
    for u in range(2):
        for v in range(2):
            w = int(W[c, u, v])
            out.append(f"{int(X[c, i + u, j + v])} \\cdot {w if w >= 0 else f'({w})'}")
    return " + ".join(out)


def _entry(i: int, j: int, channels: list[int]) -> float:
    return BIAS + sum(float((X[c, i : i + 2, j : j + 2] * W[c]).sum()) for c in channels)


NOTES = {
    "es": (
        "# Ejemplo resuelto a mano\n\nUna capa convolucional recibe una entrada de dos canales "
        "de $3 \\times 3$ y tiene un solo filtro de $2 \\times 2$ por canal, sesgo $b = 2$, "
        "paso 1 y sin relleno. Los índices empiezan en 1; $x^{(c)}_{ij}$ es el canal $c$, "
        "fila $i$, columna $j$.\n\n",
        "c",
        1,
    ),
    "de": (
        "# Rechenbeispiel\n\nEine Faltungsschicht erhält eine Eingabe mit zwei Kanälen der "
        "Größe $3 \\times 3$ und hat einen Filter der Größe $2 \\times 2$ je Kanal, Bias "
        "$b = 2$, Schrittweite 1, ohne Polsterung. Die Indizes beginnen bei 0; "
        "$x^{(k)}_{ij}$ ist Kanal $k$, Zeile $i$, Spalte $j$.\n\n",
        "k",
        0,
    ),
}


OUTSIDE = {"es": "Con {w} fuera del núcleo", "de": "Mit {w} außerhalb des Kerns"}


def _given(language: str) -> str:
    head, _, base = NOTES[language]
    return head + (
        f"$$X^{{({base})}} = {_matrix(X[0])}, \\quad X^{{({base + 1})}} = {_matrix(X[1])}, "
        f"\\quad W^{{({base})}} = {_matrix(W[0])}, \\quad W^{{({base + 1})}} = "
        f"{_matrix(W[1])}$$\n\n"
    )


def _verdict(text: str) -> str:
    last = len(text.rstrip("\n").split("\n"))
    found = [v.status for v in check_text(text).verdicts if v.line == last]
    assert found, "no verdict on the claim's line"
    return found[0]


@pytest.mark.parametrize("language", ["es", "de"])
@pytest.mark.parametrize("summed", [True, False])
def test_an_output_entry_written_term_by_term(language: str, summed: bool) -> None:
    z = _forward()
    _, _, base = NOTES[language]
    i, j = 0, 1
    channels = [0, 1] if summed else [0]  # the wrong variant forgets channel 2
    value = _entry(i, j, channels)
    assert (value == z[i, j]) == summed
    terms = " + ".join(f"({_terms(c, i, j)})" for c in channels)
    claim = f"$$z_{{{i + base}{j + base}}} = {int(BIAS)} + {terms} = {int(value)}$$\n"
    assert _verdict(_given(language) + claim) == (VERIFIED if summed else WRONG)


@pytest.mark.parametrize("language", ["es", "de"])
@pytest.mark.parametrize("first_only", [False, True])
def test_the_forward_sum_over_marked_channels(language: str, first_only: bool) -> None:
    _, mark, base = NOTES[language]
    z = _forward()
    # first_only: w^{(c)} against channel 1's input for every c (x^{(1)}, a slip)
    source = [0, 0] if first_only else [0, 1]
    got = np.array(
        [
            [
                BIAS
                + sum(
                    float((X[s, i : i + 2, j : j + 2] * W[c]).sum()) for c, s in enumerate(source)
                )
                for j in range(2)
            ]
            for i in range(2)
        ]
    )
    assert np.allclose(got, z) != first_only
    lo, hi = base, base + 1
    off = "-1" if base else ""  # 1-based: the window of z_{ij} starts at x_{ij}
    x_mark = str(base) if first_only else mark
    claim = (
        f"$$z_{{ij}} = b + \\sum_{{{mark}={lo}}}^{{{hi}}} \\sum_{{u={lo}}}^{{{hi}}} "
        f"\\sum_{{v={lo}}}^{{{hi}}} w^{{({mark})}}_{{uv}}\\, x^{{({x_mark})}}_{{i+u{off},\\, "
        f"j+v{off}}}$$\n"
    )
    assert _verdict(_given(language) + claim) == (WRONG if first_only else VERIFIED)


@pytest.mark.parametrize("language", ["es", "de"])
@pytest.mark.parametrize("flipped", [False, True])
def test_the_marked_gradients(language: str, flipped: bool) -> None:
    g, dw, dx = _gradients()
    _, mark, base = NOTES[language]
    # dL/dw^{(c)}_{uv} = sum_{i,j} g_{ij} x^{(c)}_{i+u, j+v} (0-based), a valid correlation
    claimed_dw = np.array(
        [
            [
                [
                    sum(
                        g[i, j] * (X[c, i + u, j + v] if not flipped else X[c, 2 - i - u, j + v])
                        for i in range(2)
                        for j in range(2)
                    )
                    for v in range(2)
                ]
                for u in range(2)
            ]
            for c in range(2)
        ]
    )
    assert np.allclose(claimed_dw, dw) != flipped
    # dL/dx^{(c)}_{pq} = sum_{i,j} g_{ij} w^{(c)}_{p-i, q-j}, w zero outside its 2x2
    claimed_dx = np.zeros((2, 3, 3))
    for c, p, q, i, j in np.ndindex(2, 3, 3, 2, 2):
        if 0 <= p - i < 2 and 0 <= q - j < 2:
            claimed_dx[c, p, q] += g[i, j] * W[c, p - i, q - j]
    assert np.allclose(claimed_dx, dx)
    lo, hi = base, base + 1
    off = "-1" if base else ""  # 1-based: the window of z_{ij} starts at x_{ij}
    sums = f"\\sum_{{i={lo}}}^{{{hi}}} \\sum_{{j={lo}}}^{{{hi}}}"
    row = f"{2 + 3 * base}-i-u" if flipped else f"i+u{off}"  # the flip: rows read backwards
    text = _given(language) + (
        f"$$\\frac{{\\partial L}}{{\\partial w^{{({mark})}}_{{uv}}}} = {sums} g_{{ij}}\\, "
        f"x^{{({mark})}}_{{{row},\\, j+v{off}}}$$\n"
    )
    assert _verdict(text) == (WRONG if flipped else VERIFIED)
    plus = f"+{base}" if base else ""
    if flipped:
        return
    text = _given(language) + (
        f"{OUTSIDE[language].format(w=f'$w^{{({mark})}}_{{uv}} = 0$')}:\n\n"
        f"$$\\frac{{\\partial L}}{{\\partial x^{{({mark})}}_{{pq}}}} = {sums} g_{{ij}}\\, "
        f"w^{{({mark})}}_{{p-i{plus},\\, q-j{plus}}}$$\n"
    )
    assert _verdict(text) == VERIFIED


def test_a_mark_the_notes_do_not_call_a_channel_is_not_moved() -> None:
    # the same forward sum without the sentence naming the mark a channel: the reader does
    # not know what c indexes, so no verdict (a guess could be a false alarm or a miss)
    head, _, _ = NOTES["es"]
    text = _given("es").replace("; $x^{(c)}_{ij}$ es el canal $c$, fila $i$, columna $j$", "")
    assert "canal $c$" not in text and head != text
    text += (
        "$$z_{ij} = b + \\sum_{c=1}^{2} \\sum_{u=1}^{2} \\sum_{v=1}^{2} w^{(c)}_{uv}\\, "
        "x^{(c)}_{i+u-1,\\, j+v-1}$$\n"
    )
    assert _verdict(text) not in (VERIFIED, WRONG)


def _full_correlation(g: np.ndarray, k: np.ndarray) -> np.ndarray:
    """pad_1(g) correlated (valid) with the 2x2 k: the 3x3 map."""
    padded = np.pad(g, 1)
    return np.array(
        [[(padded[p : p + 2, q : q + 2] * k).sum() for q in range(3)] for p in range(3)]
    )


@pytest.mark.parametrize("language", ["es", "de"])
@pytest.mark.parametrize("rotated", [True, False])
def test_the_input_gradient_of_a_marked_channel_in_operator_form(
    language: str, rotated: bool
) -> None:
    g, _, dx = _gradients()
    _, mark, _ = NOTES[language]
    for c in range(2):
        kernel = W[c][::-1, ::-1] if rotated else W[c]
        assert np.allclose(_full_correlation(g, kernel), dx[c]) == rotated
    right = f"\\operatorname{{rot}}_{{180}}(W^{{({mark})}})" if rotated else f"W^{{({mark})}}"
    upstream = {
        "es": "Sea $G = \\partial L / \\partial Z$.",
        "de": "Sei $G = \\partial L / \\partial Z$.",
    }
    text = (
        _given(language)
        + f"{upstream[language]}\n\n"
        + (
            f"$$\\frac{{\\partial L}}{{\\partial X^{{({mark})}}}} = \\operatorname{{pad}}_1(G) "
            f"\\star {right}$$\n"
        )
    )
    assert _verdict(text) == (VERIFIED if rotated else WRONG)
