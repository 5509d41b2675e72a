"""Which layer an output-size formula in letters is about, and which other sizes a claim
in letters is tried at: the forward convolution in notes that only mention the transposed
one in passing, a pooling whose stride is its window ("window and stride $K$"), and notes
that state a square layer ("the input is $H \\times H$").  Truth: the shapes and gradients
torch's conv2d, conv_transpose2d and avg_pool2d give over a grid of sizes, never symconv."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from symconv.checker.allsizes_parse import parse
from symconv.checker.allsizes_sizes import judge_output
from symconv.checker.report import SIZE_SPECIFIC, VERIFIED, WRONG
from symconv.checker.runner import check_text
from symconv.checker.size_formula_layer import passing_transposed, transposed_here

torch = pytest.importorskip("torch")
F = torch.nn.functional

WEIGHT_GRADIENT = (
    "$$\\frac{{\\partial L}}{{\\partial W_{{u,v}}}} = \\sum_{{i=0}}^{{{rows}-1}}"
    "\\sum_{{j=0}}^{{{cols}-1}} G_{{i,j}}\\,\\tilde X_{{Si+u,\\,Sj+v}}$$"
)


def _forward(h: int, k: int, s: int, p: int, d: int) -> int | None:
    if d * (k - 1) + 1 > h + 2 * p:
        return None
    x, w = torch.zeros(1, 1, h, h), torch.zeros(1, 1, k, k)
    return F.conv2d(x, w, stride=s, padding=p, dilation=d).shape[-1]


def _holds(formula, truth) -> bool:  # type: ignore[no-untyped-def]
    grid = itertools.product(range(1, 9), range(1, 4), range(1, 4), (0, 1), (1, 2))
    for h, k, s, p, d in grid:
        want = truth(h, k, s, p, d)
        if want is not None and formula(h, k, s, p, d) != want:
            return False
    return True


DILATED = {
    "right": (
        r"\left\lfloor \frac{H + 2P - D(K-1) - 1}{S} \right\rfloor + 1",
        lambda h, k, s, p, d: (h + 2 * p - d * (k - 1) - 1) // s + 1,
    ),
    "no_minus_one": (
        r"\left\lfloor \frac{H + 2P - D(K-1)}{S} \right\rfloor + 1",
        lambda h, k, s, p, d: (h + 2 * p - d * (k - 1)) // s + 1,
    ),
    "transposed": (
        r"(H - 1)S - 2P + D(K-1) + 1",
        lambda h, k, s, p, d: (h - 1) * s - 2 * p + d * (k - 1) + 1,
    ),
}

MENTIONS = {
    "returns": "In general the transposed convolution returns a map of side $(H'-1)S - 2P + K$.",
    "gradient": "The input gradient is a transposed convolution of $G$ with the kernel.",
    "es": "En general la convolución traspuesta devuelve un mapa de lado $(H'-1)S - 2P + K$.",
}


def _forward_notes(mention: str, formula: str) -> str:
    return (
        "## Appendix: a strided convolution for general sizes\n\n"
        "The input $X$ is $H \\times H$, the kernel $W$ is $K \\times K$, the stride is $S$, "
        "the padding $P$ ($\\tilde X$ the zero-padded input), the output side $H'$. "
        "We write $G = \\partial L / \\partial Y$.\n\n"
        + WEIGHT_GRADIENT.format(rows="H'", cols="H'")
        + f"\n\n{MENTIONS[mention]}\n\n**Dilation.** With dilation $D$ the output side is\n"
        f"$H' = {formula}$.\n"
    )


def _at(text: str, marker: str):  # type: ignore[no-untyped-def]
    line = text[: text.rindex(marker)].count("\n") + 1
    return [v for v in check_text(text).verdicts if v.line == line][-1]


def _judged(text: str, formula: str) -> str:
    """The size-formula judge's verdict of ``H' = formula`` on its line of ``text``."""
    line = text[: text.rindex("H' =")].count("\n") + 1
    return str(judge_output(parse(formula), text, line)["status"])


@pytest.mark.parametrize("mention", list(MENTIONS))
@pytest.mark.parametrize("which", list(DILATED))
def test_forward_size_in_notes_that_mention_the_transposed_layer(mention, which):
    written, formula = DILATED[which]
    text = _forward_notes(mention, written)
    expected = VERIFIED if _holds(formula, _forward) else WRONG
    assert _judged(text, written) == expected


@pytest.mark.parametrize("mention", list(MENTIONS))
def test_a_passing_mention_leaves_the_forward_layer(mention):
    text = _forward_notes(mention, DILATED["right"][0])
    gradient = _at(text, "\\frac{\\partial L}{\\partial W")  # a forward layer's gradient
    assert gradient.status == VERIFIED, gradient.message


TRANSPOSED_NOTES = {
    "title": "# Transposed convolutions\n\nInput $H$, kernel $K$, stride $S$.\n\n"
    "## Output size\n\n$$H' = {f}$$\n",
    "section": "# Sizes of a convolution\n\nInput $H$.\n\n## Upsampling\n\nThe decoder "
    "uses a transposed convolution layer (ConvTranspose2d):\n\n$$H' = {f}$$\n",
}


def _transposed(h: int, k: int, s: int, p: int, d: int) -> int | None:
    if (h - 1) * s - 2 * p + d * (k - 1) + 1 < 1:
        return None
    x, w = torch.zeros(1, 1, h, h), torch.zeros(1, 1, k, k)
    return F.conv_transpose2d(x, w, stride=s, padding=p, dilation=d).shape[-1]


@pytest.mark.parametrize("notes", list(TRANSPOSED_NOTES))
@pytest.mark.parametrize("which", list(DILATED))
def test_size_in_notes_or_sections_about_the_transposed_layer(notes, which):
    written, formula = DILATED[which]
    text = TRANSPOSED_NOTES[notes].replace("{f}", written)
    expected = VERIFIED if _holds(formula, _transposed) else WRONG
    assert _judged(text, written) == expected


def _pooled(h: int, k: int) -> int | None:
    return None if k > h else F.avg_pool2d(torch.zeros(1, 1, h, h), k, stride=k).shape[-1]


POOLS = {
    "floor": (r"\lfloor H/K \rfloor", lambda h, k: h // k),
    "ceil": (r"\lceil H/K \rceil", lambda h, k: math.ceil(h / k)),
    "frac": (r"\left\lfloor \frac{H - K}{K} \right\rfloor + 1", lambda h, k: (h - k) // k + 1),
    "stride_one": (r"H - K + 1", lambda h, k: h - k + 1),
}

POOL_WORDS = {
    "en": "**Pooling.** For average pooling with window and stride $K$ (so $H' = {f}$), every "
    "covered entry receives a share.",
    "es": "**Pooling.** Para el average pooling con ventana y paso $K$, la salida es $H' = {f}$.",
    "equal": "**Pooling.** Max pooling with stride equal to the window $K$ gives\n$$H' = {f}$$",
}


@pytest.mark.parametrize("words", list(POOL_WORDS))
@pytest.mark.parametrize("which", list(POOLS))
def test_pooling_whose_stride_is_its_window(words, which):
    written, formula = POOLS[which]
    text = _forward_notes("returns", DILATED["right"][0])
    text += "\n" + POOL_WORDS[words].replace("{f}", written) + "\n"
    holds = all(
        _pooled(h, k) is None or formula(h, k) == _pooled(h, k)
        for h, k in itertools.product(range(1, 11), range(1, 5))
    )
    assert _judged(text, written) == (VERIFIED if holds else WRONG)


def _sums_to_output_side(square: bool) -> bool:
    """dL/dW_{u,v} = sum_{i,j < H'} G_{ij} X_{Si+u, Sj+v} (H' the output's rows for both
    axes) against torch autograd, at square layers or at non-square ones."""
    gen = torch.Generator().manual_seed(0)
    for h, w, k, s in [(5, 5, 2, 1), (7, 7, 3, 2), (6, 6, 2, 2), (5, 7, 2, 1), (6, 8, 3, 2)]:
        if square != (h == w):
            continue
        x = torch.randn(1, 1, h, w, generator=gen, dtype=torch.float64)
        kernel = torch.randn(1, 1, k, k, generator=gen, dtype=torch.float64, requires_grad=True)
        y = F.conv2d(x, kernel, stride=s)
        g = torch.randn(y.shape, generator=gen, dtype=torch.float64)
        (y * g).sum().backward()
        rows = y.shape[-2]
        xs, gs = x[0, 0].numpy(), g[0, 0].numpy()
        for u, v in itertools.product(range(k), repeat=2):
            total = sum(
                gs[i, j] * xs[s * i + u, s * j + v]
                for i, j in itertools.product(range(rows), repeat=2)
                if s * j + v < w
            )
            if not np.isclose(total, kernel.grad[0, 0, u, v].item()):
                return False
    return True


SQUARE_WORDS = {
    "is": "The input $X$ is $H \\times H$, the kernel $W$ is $K \\times K$",
    "before": "An $H \\times H$ input and a $K \\times K$ kernel",
    "es": "La entrada $X$ es de $H \\times H$ y el filtro de $K \\times K$",
}


@pytest.mark.parametrize("words", list(SQUARE_WORDS))
def test_one_output_side_for_both_axes_in_notes_about_square_layers(words):
    text = (
        "## Gradients of a strided convolution\n\n"
        f"{SQUARE_WORDS[words]}, stride $S$, output side $H'$; "
        "$G = \\partial L / \\partial Y$.\n\n"
        + WEIGHT_GRADIENT.format(rows="H'", cols="H'").replace("\\tilde X", "X")
        + "\n"
    )
    verdict = _at(text, "\\frac{\\partial L}{\\partial W")
    assert _sums_to_output_side(square=True)
    assert verdict.status == VERIFIED, verdict.message


def test_one_output_side_for_both_axes_in_notes_about_any_layer():
    text = (
        "## Gradients of a strided convolution\n\n"
        "The input $X$ is $H \\times W$, the kernel $K \\times K$, stride $S$, output "
        "$H' \\times W'$; $G = \\partial L / \\partial Y$.\n\n"
        + WEIGHT_GRADIENT.format(rows="H'", cols="H'").replace("\\tilde X", "X")
        + "\n"
    )
    verdict = _at(text, "\\frac{\\partial L}{\\partial W")
    assert not _sums_to_output_side(square=False)
    assert verdict.status in (WRONG, SIZE_SPECIFIC), verdict.message


def test_which_layer_the_notes_are_about():
    about = "# Transposed convolutions\n\nUpsampling.\n\n## Output size\n\n$$H' = x$$\n"
    assert transposed_here(about, about.count("\n"))
    forward = (
        "# Strided convolutions\n\n## Backward\n\nThe input gradient is a transposed "
        "convolution of G.\n\n## Dilation\n\n$$H' = x$$\n"
    )
    assert not transposed_here(forward, forward.count("\n"))
    assert transposed_here(forward, 5)  # the section that mentions it
    assert passing_transposed(forward, "The input gradient is a transposed convolution of G.")
    assert not passing_transposed(forward, "The layer is a transposed convolution.")
    assert not passing_transposed(about, "the transposed convolution returns a map")


def test_a_section_that_states_a_transposed_layer_keeps_it():
    forward = "# Strided convolutions\n\nA convolution of a 4x4 input."
    for sentence in (
        "A transposed convolution maps a 2x2 input to a 5x5 output.",
        "Now consider the transposed convolution with stride 2.",
        "The decoder's layer is a transposed convolution.",
    ):
        assert not passing_transposed(forward, sentence), sentence


def test_notes_that_also_state_a_two_letter_input_are_not_square():
    from symconv.checker.square_sizes import square_sides

    assert square_sides("The input $X$ is $H \\times H$, the kernel $K \\times K$.") == (True, True)
    assert square_sides("An $n \\times n$ image; later an $H \\times W$ input.")[0] is False
    assert square_sides("La entrada $X$ es de $H \\times H$.")[0] is True
