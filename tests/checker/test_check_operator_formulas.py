"""The notes' own entry-by-entry definition of an operator symbol (checker/
operator_formulas.py): "$(u \\circledast v)_n = \\sum_j u_{n+j} v_{p-1-j}$ es la
convolución", "$(A \\ast B)_{i,j} = \\sum_{m,n} A_{i+m-1, j+n-1} B_{k+1-m, k+1-n}$".

A definition claims nothing about the layer: it is never called wrong (not understood
where the checker's reading of the symbol differs).  What it
defines is read for the notes' other claims: a symbol defined as the flipped-kernel
convolution is judged as that convolution, so a weight gradient written with it is wrong
and the input gradient pad(G) conv W holds.  Truth: torch conv1d / conv2d and autograd for
the gradients, NumPy's convolve / correlate (SciPy's for 2-D) for what each claim's
operators compute; each case's expected verdict follows from comparing the two.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
import torch
from scipy.signal import convolve2d, correlate2d

from symconv.checker.operator_formulas import (
    CONVOLUTION,
    CORRELATION,
    UNKNOWN,
    defined_symbol,
    symbol_meanings,
)
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and bool(np.allclose(a, b))


def _truth_1d() -> dict[str, np.ndarray]:
    gen = torch.Generator().manual_seed(11)
    x = torch.randn((1, 1, 6), generator=gen, dtype=torch.float64, requires_grad=True)
    w = torch.randn((1, 1, 3), generator=gen, dtype=torch.float64, requires_grad=True)
    y = torch.nn.functional.conv1d(x, w)
    g = torch.randn(y.shape, generator=gen, dtype=torch.float64)
    (y * g).sum().backward()
    return {
        "x": x.detach().numpy()[0, 0],
        "w": w.detach().numpy()[0, 0],
        "g": g.numpy()[0, 0],
        "dw": w.grad.numpy()[0, 0],
        "dx": x.grad.numpy()[0, 0],
    }


def _truth_2d() -> dict[str, np.ndarray]:
    gen = torch.Generator().manual_seed(12)
    x = torch.randn((1, 1, 4, 4), generator=gen, dtype=torch.float64, requires_grad=True)
    w = torch.randn((1, 1, 2, 2), generator=gen, dtype=torch.float64, requires_grad=True)
    y = torch.nn.functional.conv2d(x, w)
    g = torch.randn(y.shape, generator=gen, dtype=torch.float64)
    (y * g).sum().backward()
    return {
        "X": x.detach().numpy()[0, 0],
        "W": w.detach().numpy()[0, 0],
        "G": g.numpy()[0, 0],
        "dW": w.grad.numpy()[0, 0],
        "dX": x.grad.numpy()[0, 0],
    }


T1, T2 = _truth_1d(), _truth_2d()


def _valid_convolution(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """(a conv b)_n = sum_j a_{n+j} b_{p-1-j}, the notes' definition, by NumPy."""
    return np.convolve(a, b, "valid") if a.ndim == 1 else convolve2d(a, b, "valid")


# Spanish, 1-D, 0-based, \circledast defined as the (valid) convolution by its formula only
SPANISH = (
    "Trabajamos en 1-D con índices desde 0: una señal $x$ de longitud 6, un filtro $w$ de "
    "longitud 3, sin sesgo, y `F.conv1d` calcula\n\n$$y_t = \\sum_{j=0}^{2} w_j\\, x_{t+j}$$\n\n"
    "Llamo $\\delta_t = \\partial L / \\partial y_t$. Notación: "
    "$(u \\circledast v)_n = \\sum_j u_{n+j}\\, v_{p-1-j}$, donde $p$ es la longitud de $v$.\n\n"
    "$${claim}$$\n"
)
# English, 2-D, 1-based, \ast defined as the convolution by its formula only
ENGLISH = (
    "A $4 \\times 4$ input $X$, a $k \\times k$ kernel $W$ with $k = 2$, stride 1, no "
    "padding, no bias; indices from 1. Write $G = \\partial L / \\partial Y$ for the upstream "
    "gradient. Notation:\n\n"
    "$$(A \\ast B)_{i,j} = \\sum_{m=1}^{k} \\sum_{n=1}^{k} A_{i+m-1,\\, j+n-1}\\, "
    "B_{k+1-m,\\, k+1-n}$$\n\n$${claim}$$\n"
)

# (notes, claim, truth of the claim)
CASES = {
    "es: dW with the convolution (flips delta)": (
        SPANISH,
        "\\frac{\\partial L}{\\partial w} = x \\circledast \\delta",
        _same(_valid_convolution(T1["x"], T1["g"]), T1["dw"]),
    ),
    "es: dW flipped twice": (
        SPANISH,
        "\\frac{\\partial L}{\\partial w} = \\operatorname{flip}(\\operatorname{flip}(x) "
        "\\circledast \\delta)",
        _same(_valid_convolution(T1["x"][::-1], T1["g"])[::-1], T1["dw"]),
    ),
    "es: dx, the padded delta convolved with w": (
        SPANISH,
        "\\frac{\\partial L}{\\partial x} = \\operatorname{pad}_2(\\delta) \\circledast w",
        _same(_valid_convolution(np.pad(T1["g"], 2), T1["w"]), T1["dx"]),
    ),
    "es: dx with w flipped as well (flipped once too often)": (
        SPANISH,
        "\\frac{\\partial L}{\\partial x} = \\operatorname{pad}_2(\\delta) \\circledast "
        "\\operatorname{flip}(w)",
        _same(_valid_convolution(np.pad(T1["g"], 2), T1["w"][::-1]), T1["dx"]),
    ),
    "en: dX, the padded G convolved with W": (
        ENGLISH,
        "\\frac{\\partial L}{\\partial X} = \\operatorname{pad}_1(G) \\ast W",
        _same(_valid_convolution(np.pad(T2["G"], 1), T2["W"]), T2["dX"]),
    ),
    "en: dW with the convolution": (
        ENGLISH,
        "\\frac{\\partial L}{\\partial W} = X \\ast G",
        _same(_valid_convolution(T2["X"], T2["G"]), T2["dW"]),
    ),
    "en: dW with the correlation": (
        ENGLISH,
        "\\frac{\\partial L}{\\partial W} = X \\star G",
        _same(correlate2d(T2["X"], T2["G"], "valid"), T2["dW"]),
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_symbol_means_what_its_formula_defines(name: str) -> None:
    notes, claim, holds = CASES[name]
    report = check_text(notes.replace("{claim}", claim), "formulas.md")
    mine = [v for v in report.verdicts if v.source.startswith(claim[:30])]
    assert [v.status for v in mine] == [VERIFIED if holds else WRONG], mine
    # the definition itself is never judged wrong (not understood, or agreeing)
    definition = [v for v in report.verdicts if v.source.lstrip().startswith("(")]
    assert all(v.status in (NOT_UNDERSTOOD, VERIFIED) for v in definition), definition


def test_the_cases_mix_true_and_false() -> None:
    assert [c[2] for c in CASES.values()] == [False, True, True, False, True, False, True]


# the notes' definitions of the symbols themselves, in several notations and languages:
# (language, the formula, the symbol defined, the formula's sum transcribed by hand for
# 1-D operands a (length 7) and b (length 3))
DEFINITIONS = [
    (
        "Fr",
        "(a \\star b)_k = \\sum_i a_{i+k}\\, b_i",
        "\\star",
        lambda a, b: [sum(a[k + i] * b[i] for i in range(3)) for k in range(5)],
    ),
    (
        "De",
        "(A \\star B)[i,j] = \\sum_{u,v} A[i+u,\\, j+v]\\, B[u,v]",
        "\\star",
        lambda a, b: [sum(a[i + u] * b[u] for u in range(3)) for i in range(5)],
    ),
    (
        "En",
        "(A \\circledast K)[i,j] = \\sum_{u=0}^{k-1}\\sum_{v=0}^{k-1} A[i+u, j+v] K[k-1-u, k-1-v]",
        "\\circledast",
        lambda a, b: [sum(a[i + u] * b[2 - u] for u in range(3)) for i in range(5)],
    ),
    (
        "Es",
        "(x * w)_t = \\sum_{m} x_m\\, w_{t-m}",
        "\\ast",
        lambda a, b: [sum(a[m] * b[t - m] for m in range(7) if 0 <= t - m < 3) for t in range(9)],
    ),
]


def _meaning(written: Callable[[np.ndarray, np.ndarray], list[float]]) -> str:
    """What a written sum computes, by NumPy at random operands: the valid correlation,
    the valid convolution (the second operand flipped), or neither."""
    rng = np.random.default_rng(3)
    a, b = rng.normal(size=7), rng.normal(size=3)
    values = np.array(written(a, b))
    if _same(values, np.correlate(a, b, "valid")):
        return CORRELATION
    if _same(values, np.convolve(a, b, "valid")):
        return CONVOLUTION
    return UNKNOWN


@pytest.mark.parametrize("language, formula, symbol, written", DEFINITIONS)
def test_definitions_are_read(
    language: str,
    formula: str,
    symbol: str,
    written: Callable[[np.ndarray, np.ndarray], list[float]],
) -> None:
    meaning = _meaning(written)
    assert defined_symbol(formula) == (symbol, meaning), language
    assert symbol_meanings(f"Notation: ${formula}$.") == {symbol: meaning}


def test_the_definitions_mix_the_meanings() -> None:
    assert [_meaning(d[3]) for d in DEFINITIONS] == [
        CORRELATION,
        CORRELATION,
        CONVOLUTION,
        UNKNOWN,
    ]


def test_a_claim_about_the_layer_defines_nothing() -> None:
    assert defined_symbol("Y = X \\star K + b") is None
    assert defined_symbol("\\frac{\\partial L}{\\partial W} = (X \\star G)[2u, 2v]") is None
    # the same symbol defined twice, differently: no meaning carried
    twice = "$(a \\ast b)_k = \\sum_i a_{i+k} b_i$ and $(a \\ast b)_k = \\sum_i a_{i+k} b_{m-1-i}$"
    assert symbol_meanings(twice) == {"\\ast": UNKNOWN}


FLIP_NOTES = (
    "Ein Eingang $X$ der Größe $3 \\times 3$ und ein $k \\times k$-Kern $K$ mit $k = 2$, "
    "ohne Bias, Indizes ab 0. Wir schreiben $(X \\star K)[i,j] = \\sum_{u=0}^{k-1} "
    "\\sum_{v=0}^{k-1} X[i+u, j+v]\\, K[u,v]$ für die Kreuzkorrelation und\n\n"
    "$${flip}$$\n"
)


def test_a_flip_definition_is_never_wrong_and_an_off_by_one_is_still_judged() -> None:
    k = 2
    kernel = np.arange(k * k).reshape(k, k)
    right = "\\operatorname{flip}(K)[u,v] = K[k-1-u,\\, k-1-v]"
    # NumPy: K[k-1-u, k-1-v] is the kernel turned by 180 degrees
    flipped = np.array([[kernel[k - 1 - u, k - 1 - v] for v in range(k)] for u in range(k)])
    assert _same(flipped, np.rot90(kernel, 2))
    report = check_text(FLIP_NOTES.replace("{flip}", right), "flip.md")
    mine = [v for v in report.verdicts if v.source.startswith("\\operatorname{flip}")]
    assert all(v.status in (NOT_UNDERSTOOD, VERIFIED) for v in mine), mine
    assert not [v for v in report.verdicts if v.status in (WRONG, "size-specific")]
    # K[k-u, k-v] in 0-based notes: at u = v = 0 the entry K[k, k] is past the kernel's end
    off = "\\operatorname{flip}(K)[u,v] = K[k-u,\\, k-v]"
    assert not (0 <= k < kernel.shape[0])
    report = check_text(FLIP_NOTES.replace("{flip}", off), "flip.md")
    mine = [v for v in report.verdicts if v.source.startswith("\\operatorname{flip}")]
    assert [v.status for v in mine] == [WRONG]


def test_star_defined_as_a_convolution_is_not_read_as_the_correlation() -> None:
    notes = (
        "A $4 \\times 4$ input $X$, a $2 \\times 2$ kernel $W$, stride 1, no padding, no "
        "bias, indices from 0, $G = \\partial L / \\partial Y$. Here $\\star$ is the true "
        "convolution of a $k \\times k$ kernel:\n\n"
        "$$(A \\star B)[i,j] = \\sum_{u,v} A[i+u, j+v]\\, B[k-1-u, k-1-v]$$\n\n"
        "$$\\frac{\\partial L}{\\partial W} = X \\star G$$\n"
    )
    # with \star the convolution, X \star G is not dW (torch): the claim must not verify
    assert not _same(_valid_convolution(T2["X"], T2["G"]), T2["dW"])
    report = check_text(notes, "star.md")
    mine = [v for v in report.verdicts if v.source.startswith("\\frac")]
    assert [v.status for v in mine] == [NOT_UNDERSTOOD]


GIVEN = (
    "Trabajamos en 1-D con índices desde 0: una señal $x$ de longitud 6, un filtro $w$ de "
    "longitud 3, sin sesgo, y `F.conv1d` calcula\n\n$$y_t = \\sum_{j=0}^{2} w_j\\, x_{t+j}$$\n\n"
    "Notación: $(u \\circledast v)_n = \\sum_j u_{n+j}\\, v_{p-1-j}$, con $p$ la longitud de "
    "$v$. {sentence}\n"
)


def test_an_identity_about_given_numbers_is_not_judged_in_general() -> None:
    rng = np.random.default_rng(4)
    x = rng.normal(size=6)
    symmetric, general = np.array([2.0, 0.0, 2.0]), rng.normal(size=3)
    # NumPy: convolution and correlation agree for a symmetric filter, not in general
    assert _same(np.convolve(x, symmetric, "valid"), np.correlate(x, symmetric, "valid"))
    assert not _same(np.convolve(x, general, "valid"), np.correlate(x, general, "valid"))
    claim = "x \\circledast w = x \\star w"
    tested = f"Probé con $w = (2, 0, 2)$ y sale lo mismo, ${claim}$."
    report = check_text(GIVEN.replace("{sentence}", tested), "given.md")
    mine = [v for v in report.verdicts if v.source == claim]
    assert [v.status for v in mine] == [NOT_UNDERSTOOD]
    # the same identity claimed for every w is wrong
    report = check_text(GIVEN.replace("{sentence}", f"Siempre ${claim}$."), "given.md")
    mine = [v for v in report.verdicts if v.source == claim]
    assert [v.status for v in mine] == [WRONG]
