"""The layer's sizes read from prose as other authors write them: size letters named after a
size word in French, English, Portuguese and Spanish ("une entrée $X$ ..., de taille $H
\\times H$" and later "$H = 7$"), the previous layer's map ``a^{(l-1)}`` as the input, shapes
as tuples of letters with their values ("input `x` of shape (N, C, H, W) ... N = 2, C = 3, H
= W = 5"), a constructor in inline code, and a what-if sentence ("en la primera versión
puse ..., copiado del caso sin relleno") that states no layer.  Truth: torch conv2d with
autograd; the claims' formulas evaluated with NumPy; hand work for the facts read."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from symconv.checker.inline_constructor import inline_constructor_facts
from symconv.checker.prose import prose_facts, without_what_ifs
from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text
from symconv.checker.shape_tuples import shape_tuple_facts

F64 = torch.float64


def _verdicts(text: str) -> dict[int, str]:
    return {v.line: v.status for v in check_text(text).verdicts}


def _strided_truth() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """7x7 input, 3x3 kernel, stride 2, padding 1: (K, delta, dE/dX) by autograd."""
    gen = torch.Generator().manual_seed(11)
    x = torch.randn((1, 1, 7, 7), generator=gen, dtype=F64, requires_grad=True)
    k = torch.randn((1, 1, 3, 3), generator=gen, dtype=F64)
    y = torch.nn.functional.conv2d(x, k, stride=2, padding=1)
    delta = torch.randn(y.shape, generator=gen, dtype=F64)
    (y * delta).sum().backward()
    assert x.grad is not None
    return k.numpy()[0, 0], delta.numpy()[0, 0], x.grad.numpy()[0, 0]


def _element_dx(k: np.ndarray, delta: np.ndarray, offset: int) -> np.ndarray:
    """sum_{u,v} K_{u,v} delta_{(p+offset-u)/2, (q+offset-v)/2}, delta zero off its grid."""

    def d(a: int, b: int) -> float:
        if a % 2 or b % 2 or not (0 <= a // 2 < 4 and 0 <= b // 2 < 4):
            return 0.0
        return float(delta[a // 2, b // 2])

    return np.array(
        [[sum(k[u, v] * d(p + offset - u, q + offset - v) for u in range(3) for v in range(3))
          for q in range(7)] for p in range(7)]
    )  # fmt: skip


# the same layer stated in four languages, its sizes as letters given values apart
SETUPS = {
    "fr": "On considère une entrée $X$ à une seule carte, de taille $H \\times H$, un noyau $K$"
    " de taille\n$k \\times k$, un pas $S$ et un remplissage de $P$ zéros.\n\nDans tout le "
    "chapitre, $H = 7$, $k = 3$, $S = 2$ et $P = 1$. On numérote à partir de $0$.",
    "en": "Take an input image $X$ of size $H \\times H$ and a kernel $K$ of size $k \\times "
    "k$, with stride $S$ and padding $P$.\n\nThroughout, $H = 7$, $k = 3$, $S = 2$ and "
    "$P = 1$. Indices start at $0$.",
    "pt": "Seja uma entrada $X$ de tamanho $H \\times H$ e um filtro $K$ com tamanho "
    "$k \\times k$, passo $S$ e padding $P$.\n\nAqui $H = 7$, $k = 3$, $S = 2$ e $P = 1$. "
    "Índices começam em $0$.",
    "es": "La entrada $X$, de tamaño $H \\times H$, y el filtro $K$, de tamaño $k \\times k$; "
    "paso $S$ y relleno $P$.\n\nEn todo el tema $H = 7$, $k = 3$, $S = 2$ y $P = 1$. Índices "
    "desde $0$.",
}


@pytest.mark.parametrize("style", sorted(SETUPS))
@pytest.mark.parametrize("offset", [1, 0])
def test_size_letters_named_in_prose_give_the_layer(style: str, offset: int) -> None:
    k, delta, dx = _strided_truth()
    holds = np.allclose(_element_dx(k, delta, offset), dx)
    assert holds == (offset == 1)  # the padding offset is the point of the claim
    index = "(p+1-u)/2,\\,(q+1-v)/2" if offset else "(p-u)/2,\\,(q-v)/2"
    text = (
        f"# Couche\n\n{SETUPS[style]}\n\n"
        "$$Y_{i,j} = \\sum_{u=0}^{2} \\sum_{v=0}^{2} K_{u,v} \\, \\tilde{X}_{2i+u,\\,2j+v}$$\n\n"
        "with $\\tilde{X}$ the padded input and $\\delta_{i,j} = \\partial E / \\partial "
        "Y_{i,j}$, zero where its index is not a whole number from 0 to 3:\n\n"
        f"$$\\frac{{\\partial E}}{{\\partial X_{{p,q}}}} = \\sum_{{u=0}}^{{2}} "
        f"\\sum_{{v=0}}^{{2}} K_{{u,v}} \\, \\delta_{{{index}}}$$\n"
    )
    claim = len(text.split("\n")) - 1
    assert _verdicts(text)[claim] == (VERIFIED if holds else WRONG)


def _valid_truth() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """6x6 input, 3x3 kernel, stride 1, no padding: (a, delta, dE/dw) by autograd."""
    gen = torch.Generator().manual_seed(5)
    a = torch.randn((1, 1, 6, 6), generator=gen, dtype=F64)
    w = torch.randn((1, 1, 3, 3), generator=gen, dtype=F64, requires_grad=True)
    z = torch.nn.functional.conv2d(a, w)
    delta = torch.randn(z.shape, generator=gen, dtype=F64)
    (z * delta).sum().backward()
    assert w.grad is not None
    return a.numpy()[0, 0], delta.numpy()[0, 0], w.grad.numpy()[0, 0]


PREVIOUS_MAP = [
    "la capa $l$ recibe el mapa $a^{(l-1)}$ de tamaño $6 \\times 6$ y tiene un filtro "
    "$w^{(l)}$ de $3 \\times 3$. Índices desde 1, paso 1, sin relleno.",
    "layer $l$ takes the map $a^{[l-1]}$ of size $6 \\times 6$ and a filter $w^{[l]}$ of "
    "$3 \\times 3$; indices from 1, stride 1, no padding.",
]


@pytest.mark.parametrize("setup", PREVIOUS_MAP)
@pytest.mark.parametrize("flipped", [False, True])
def test_the_previous_layers_map_is_the_input(setup: str, flipped: bool) -> None:
    assert ("input", "6x6") in {(k, v) for k, v, _ in prose_facts(setup)}
    a, delta, dw = _valid_truth()
    d = delta[::-1, ::-1] if flipped else delta
    claimed = np.array([[(d * a[m : m + 4, n : n + 4]).sum() for n in range(3)] for m in range(3)])
    holds = np.allclose(claimed, dw)
    assert holds == (not flipped)
    up = "^{[l]}" if "[l-1]" in setup else "^{(l)}"
    down = "^{[l-1]}" if "[l-1]" in setup else "^{(l-1)}"
    i, j = ("5-i", "5-j") if flipped else ("i", "j")
    text = (
        f"# Capa\n\n{setup}\n\n"
        f"$$z{up}_{{i,j}} = \\sum_{{m=1}}^{{3}} \\sum_{{n=1}}^{{3}} w{up}_{{m,n}} \\, "
        f"a{down}_{{i+m-1,\\, j+n-1}} + b{up}$$\n\n"
        f"con $\\delta{up} = \\partial E / \\partial z{up}$:\n\n"
        f"$$\\frac{{\\partial E}}{{\\partial w{up}_{{m,n}}}} = \\sum_{{i=1}}^{{4}} "
        f"\\sum_{{j=1}}^{{4}} \\delta{up}_{{{i},{j}}} \\, a{down}_{{i+m-1,\\, j+n-1}}$$\n"
    )
    claim = len(text.split("\n")) - 1
    assert _verdicts(text)[claim] == (WRONG if flipped else VERIFIED)


def _states_input(line: str) -> bool:
    return any(key == "input" for key, _, _ in prose_facts(line))


def _facts(text: str) -> dict[str, str]:
    return {key: value for key, value, _ in shape_tuple_facts(text.split("\n"), 1)}


def test_shape_letters_with_values_given_apart() -> None:
    text = (
        "Shapes follow the starter code: input `x` of\nshape (N, C, H, W), filters `w` of "
        "shape (F, C, HH, WW). The test\ncell uses N = 2, C = 3, H = W = 5, F = 4, HH = WW = 3 "
        "with\n`conv_param = {'stride': 2, 'pad': 1}`."
    )
    # hand work: the letters' values put where the shapes place them
    assert _facts(text) == {
        "input": "5x5",
        "batch": "2",
        "in-channels": "3",
        "kernel": "3x3",
        "out-channels": "4",
        "stride": "2",
        "padding": "1",
    }


def test_shape_tuples_assigned_at_once_and_channels_last() -> None:
    text = (
        "Trabajamos con un lote `x` de forma `(N, C, H, W) = (2, 3, 5, 6)`, filtros `w` de "
        "forma `(F, C, K, K) = (4, 3, 3, 3)`."
    )
    assert _facts(text) == {
        "input": "5x6",
        "batch": "2",
        "in-channels": "3",
        "kernel": "3x3",
        "out-channels": "4",
    }
    last = "an input `x` of shape (N, H, W, C) = (8, 9, 9, 2)"
    assert _facts(last) == {"input": "9x9", "batch": "8", "in-channels": "2"}


def test_a_letter_given_two_values_is_not_read() -> None:
    text = "input `x` of shape (N, C, H, W) with N = 2, C = 3, H = W = 5; later H = 7."
    assert "input" not in _facts(text)
    assert _facts(text)["in-channels"] == "3"


def test_one_inline_constructor_states_the_layer() -> None:
    lines = [
        "**Card 7.** Q: `ConvTranspose2d(1, 1, kernel_size=3, stride=2, padding=1)` on a "
        "3×3 input: output side?",
        "A: $H_{out} = (3 - 1) \\cdot 2 - 2 \\cdot 1 + 3 = 5$",
    ]
    facts = {
        k: v for k, v, _, _ in inline_constructor_facts(lines, 1, without_what_ifs, _states_input)
    }
    assert facts["layer"] == "conv_transpose2d" and facts["kernel"] == "3x3"
    assert facts["stride"] == "2" and facts["padding"] == "1"
    two = [*lines, "Compare `Conv2d(1, 1, 3)`."]
    assert inline_constructor_facts(two, 1, without_what_ifs, _states_input) == []
    count = ["Parameter count of `nn.ConvTranspose2d(16, 8, 3)`: $P = 16 \\cdot 8 \\cdot 9 + 8$."]
    assert inline_constructor_facts(count, 1, without_what_ifs, _states_input) == []
    aside = ["A common mistake is `Conv2d(3, 8, kernel_size=5)`, which would give 28."]
    assert inline_constructor_facts(aside, 1, without_what_ifs, _states_input) == []


@pytest.mark.parametrize(
    "answer, status",
    # hand work: (3 - 1) * 2 - 2 * 1 + 3 = 5, the side of ConvTranspose2d(k=3, s=2, p=1)
    # on a 3x3 input (torch agrees below); 6 needs output_padding=1
    [("5", VERIFIED), ("6", WRONG)],
)
def test_a_card_judged_under_its_inline_constructor(answer: str, status: str) -> None:
    layer = torch.nn.ConvTranspose2d(1, 1, kernel_size=3, stride=2, padding=1)
    assert layer(torch.zeros(1, 1, 3, 3)).shape[-1] == 5
    text = (
        "# Cards\n\n**Card 7.** Q: `ConvTranspose2d(1, 1, kernel_size=3, stride=2, "
        f"padding=1)` on a 3×3 input: output side?\n\nA: $H_{{out}} = {answer}$\n"
    )
    assert _verdicts(text)[5] == status


@pytest.mark.parametrize(
    "line",
    [
        "> Nota: en la primera versión puse $dX = \\operatorname{pad}_2(dY)$, copiado del caso"
        " sin relleno, y el test de gradientes falló.",
        "My first try copied the formula of the case without padding.",
    ],
)
def test_a_first_version_or_another_case_states_no_padding(line: str) -> None:
    assert not [f for f in prose_facts(line) if f[0] == "padding"]


@pytest.mark.parametrize(
    "line",
    [
        "On note $\\tilde{X} = \\operatorname{pad}_1(X)$ l'entrée complétée par des zéros "
        "($9 \\times 9$), indices de $0$ à $8$.",
        "Seja $\\tilde{X}$ a entrada preenchida com zeros, de $9 \\times 9$.",
    ],
)
def test_the_padded_input_s_size_is_not_the_input_s(line: str) -> None:
    # hand work: a 7x7 input padded by 1 is 9x9; the sentence names the padded one
    assert ("input", "9x9") not in {(k, v) for k, v, _ in prose_facts(line)}


@pytest.mark.parametrize(
    "line, stated",
    [
        ("**Erreur fréquente.** Reprendre la formule du pas 1 sans dilater :", None),
        ("Rétropropagation dans une couche de convolution à pas 2", "2"),
        ("On considère un pas de 2 et un remplissage de 1.", "2"),
    ],
)
def test_french_strides_and_mistakes(line: str, stated: str | None) -> None:
    # hand work: "pas" is the stride where a number follows; a mistake shown states none
    strides = [v for k, v, _ in prose_facts(line) if k == "stride"]
    assert strides == ([] if stated is None else [stated])
