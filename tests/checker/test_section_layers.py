"""Which layer a section's claims are about, when sections vary the notes' layer.

- A section that restates the notes' own input after a section that varied it (a small
  example with another input and kernel) goes on from the notes' layer, not from the
  example's: "## Stride 2 (input 5x5, output 2x2)" keeps the notes' 3x3 kernel (English,
  Portuguese and Spanish notes; headings and bold titles).
- A flash card that states weights of its own (``w \\in \\mathbb{R}^3``) after a max-pooling
  card is not a pooling, and one whose input and kernel are vectors is 1-D.

Truth: torch autograd on the layer the notes mean (conv2d / conv1d), each claimed right
side computed with NumPy; the checker must verify the right ones and call the others wrong
(never the other way round).
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text


def _corr(a: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Valid cross-correlation of two 2-D arrays."""
    out = np.zeros((a.shape[0] - k.shape[0] + 1, a.shape[1] - k.shape[1] + 1))
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            out[i, j] = (a[i : i + k.shape[0], j : j + k.shape[1]] * k).sum()
    return out


def _dilate(a: np.ndarray, s: int) -> np.ndarray:
    out = np.zeros(((a.shape[0] - 1) * s + 1, (a.shape[1] - 1) * s + 1))
    out[::s, ::s] = a
    return out


def _stride2_truth() -> dict[str, np.ndarray]:
    """A 5x5 input, a 3x3 kernel, stride 2: the weight gradient against corr(X, dilate(G))."""
    gen = torch.Generator().manual_seed(1)
    x = torch.randn(1, 1, 5, 5, dtype=torch.float64, generator=gen)
    w = torch.randn(1, 1, 3, 3, dtype=torch.float64, generator=gen, requires_grad=True)
    y = F.conv2d(x, w, stride=2)
    g = torch.randn(y.shape, dtype=torch.float64, generator=gen)
    (y * g).sum().backward()
    return {"X": x[0, 0].numpy(), "G": g[0, 0].numpy(), "dW": w.grad[0, 0].numpy()}


HEADS = {
    "pt": (
        "# Resumo\n\nEntrada $X$ de $5 \\times 5$, filtro $W$ de $3 \\times 3$, stride 1, sem "
        "padding; $G = \\partial L / \\partial Y$ e $\\star$ é a correlação válida.\n\n"
        "## Exemplo pequeno\n\nCom entradas $3 \\times 3$ e filtro $2 \\times 2$:\n\n"
        "$$\\frac{{\\partial L}}{{\\partial W}} = X \\star G$$\n\n"
        "## Stride 2\n\nCom stride 2 (entrada $5 \\times 5$, saída $2 \\times 2$):\n\n"
    ),
    "en": (
        "# Notes\n\nThe input $X$ is $5 \\times 5$, the kernel $W$ is $3 \\times 3$, stride 1, "
        "no padding; $G = \\partial L / \\partial Y$ and $\\star$ is the valid correlation.\n\n"
        "## A small example\n\nWith a $3 \\times 3$ input and a $2 \\times 2$ kernel:\n\n"
        "$$\\frac{{\\partial L}}{{\\partial W}} = X \\star G$$\n\n"
        "## Stride 2\n\nWith stride 2 (input $5 \\times 5$, output $2 \\times 2$):\n\n"
    ),
    "es": (
        "# Apuntes\n\nLa entrada $X$ es de $5 \\times 5$, el filtro $W$ de $3 \\times 3$, stride "
        "1, sin padding; $G = \\partial L / \\partial Y$ y $\\star$ es la correlación válida.\n\n"
        "**Ejemplo chico.** Con una entrada de $3 \\times 3$ y un filtro de $2 \\times 2$:\n\n"
        "$$\\frac{{\\partial L}}{{\\partial W}} = X \\star G$$\n\n"
        "**Paso 2.** Con stride 2 (entrada de $5 \\times 5$, salida de $2 \\times 2$):\n\n"
    ),
}

STRIDE2_CLAIMS = [
    ("X \\star \\operatorname{dilate}_2(G)", lambda t: _corr(t["X"], _dilate(t["G"], 2))),
    ("X \\star G", lambda t: _corr(t["X"], t["G"])),
]


@pytest.mark.parametrize("head", list(HEADS))
@pytest.mark.parametrize(("right", "numpy"), STRIDE2_CLAIMS)
def test_a_section_restating_the_input_keeps_the_notes_kernel(head: str, right: str, numpy) -> None:  # type: ignore[no-untyped-def]
    truth = _stride2_truth()
    value = numpy(truth)
    holds = value.shape == truth["dW"].shape and np.allclose(value, truth["dW"])
    text = HEADS[head].replace("{{", "{").replace("}}", "}")
    text += f"$$\\frac{{\\partial L}}{{\\partial W}} = {right}$$\n"
    verdict = [v for v in check_text(text, "n.md").verdicts if v.status != "assumed"][-1]
    assert verdict.status == (VERIFIED if holds else WRONG), (head, right, verdict.message)


def test_the_example_section_keeps_its_own_layer() -> None:
    """The small example's own claim is judged under its own 3x3 input and 2x2 kernel."""
    gen = torch.Generator().manual_seed(2)
    x = torch.randn(1, 1, 3, 3, dtype=torch.float64, generator=gen)
    w = torch.randn(1, 1, 2, 2, dtype=torch.float64, generator=gen, requires_grad=True)
    y = F.conv2d(x, w)
    g = torch.randn(y.shape, dtype=torch.float64, generator=gen)
    (y * g).sum().backward()
    assert np.allclose(_corr(x[0, 0].numpy(), g[0, 0].numpy()), w.grad[0, 0].numpy())
    text = HEADS["en"].replace("{{", "{").replace("}}", "}")
    verdicts = [v for v in check_text(text, "n.md").verdicts if "\\star" in v.source]
    assert [v.status for v in verdicts] == [VERIFIED]


# -- flash cards: a card with weights after a pooling card --------------------------------
CARDS = (
    "# Deck\n\n**Card 10.** Q: 1-D max pooling, window 3, stride 1, on $x = (1, 5, 2, 0)$?\n\n"
    "A: the 5.\n\n---\n\n"
    "**Card 11.** Q: 1-D, $x \\in \\mathbb{R}^8$, $w \\in \\mathbb{R}^3$, stride 1, "
    "$g = \\partial L / \\partial y \\in \\mathbb{R}^6$: input gradient as one operator?\n\n"
    "A: $\\frac{\\partial L}{\\partial x} = RIGHT$\n"
)


def _conv1d_truth() -> dict[str, np.ndarray]:
    gen = torch.Generator().manual_seed(4)
    x = torch.randn(1, 1, 8, dtype=torch.float64, generator=gen, requires_grad=True)
    w = torch.randn(1, 1, 3, dtype=torch.float64, generator=gen, requires_grad=True)
    y = F.conv1d(x, w)
    g = torch.randn(y.shape, dtype=torch.float64, generator=gen)
    (y * g).sum().backward()
    return {"w": w[0, 0].detach().numpy(), "g": g[0, 0].numpy(), "dx": x.grad[0, 0].numpy()}


@pytest.mark.parametrize(
    ("right", "numpy"),
    [
        (
            "\\operatorname{pad}_2(g) \\star \\operatorname{flip}(w)",
            lambda t: np.correlate(np.pad(t["g"], 2), t["w"][::-1], "valid"),
        ),
        (
            "\\operatorname{pad}_2(g) \\star w",
            lambda t: np.correlate(np.pad(t["g"], 2), t["w"], "valid"),
        ),
        ("\\operatorname{pad}_1(g) \\star \\operatorname{flip}(w)", None),
    ],
)
def test_a_card_with_weights_is_a_1d_convolution(right: str, numpy) -> None:  # type: ignore[no-untyped-def]
    truth = _conv1d_truth()
    value = numpy(truth) if numpy else None
    holds = (
        value is not None and value.shape == truth["dx"].shape and np.allclose(value, truth["dx"])
    )
    verdicts = [v for v in check_text(CARDS.replace("RIGHT", right), "d.md").verdicts]
    shapes = [v for v in verdicts if "\\in" in v.source]
    assert shapes and all(v.status == VERIFIED for v in shapes), [v.message for v in shapes]
    claim = [v for v in verdicts if "partial L}{" in v.source][-1]
    assert claim.status == (VERIFIED if holds else WRONG), (right, claim.message)
