"""The padded input named by a sentence in another language or word order (padded_prose.py):
German slides that write "$\\tilde X$ bezeichnet das mit Nullen aufgefüllte Bild
$\\operatorname{pad}_1(X)$" (2-D, stride 2, 0-based) and an Italian 1-D exercise with "Sia
$\\tilde{x}$ l'ingresso con un bordo di zeri" (1-based).  Each formula's truth is computed
here with torch autograd and NumPy; a sentence that negates the padding names nothing."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from symconv.checker.padded_prose import named_padded
from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

GERMAN = (
    "# Übung 4 – Faltung mit Schrittweite 2\n\n"
    "Eingabe $X$ der Größe $5 \\times 5$, Kern $K$ der Größe $3 \\times 3$, Schrittweite 2, "
    "Padding 1, kein Bias. Indizes ab 0. $\\tilde X$ bezeichnet das mit Nullen aufgefüllte "
    "Bild $\\operatorname{{pad}}_1(X)$ der Größe $7 \\times 7$.\n\n"
    "Die Ausgabe ist $3 \\times 3$ und $G$ ist der Gradient von $L$ nach $Y$.\n\n$${claim}$$\n"
)
ITALIAN = (
    "# Esercitazione: convoluzione 1D\n\n"
    "Un segnale $x$ di lunghezza 6, un filtro $w$ di lunghezza 3, passo 1, padding 1, senza "
    "bias; gli indici partono da 1. Sia $\\tilde{{x}}$ l'ingresso {naming}, lungo 8, e $g_t = "
    "\\partial L / \\partial y_t$.\n\n$${claim}$$\n"
)
DW = r"\frac{\partial L}{\partial w_k}"


def _kernel_gradient_2d() -> dict[str, bool]:
    """Which index forms over the padded 7x7 input equal autograd's dL/dK (stride 2, pad 1)."""
    gen = torch.Generator().manual_seed(7)
    x = torch.randn((5, 5), generator=gen, dtype=torch.float64)
    k = torch.randn((3, 3), generator=gen, dtype=torch.float64, requires_grad=True)
    y = torch.nn.functional.conv2d(x[None, None], k[None, None], stride=2, padding=1)[0, 0]
    g = torch.randn(y.shape, generator=gen, dtype=torch.float64)
    (y * g).sum().backward()
    xp, gn = np.pad(x.numpy(), 1), g.numpy()
    strided = np.array(
        [[sum(gn[i, j] * xp[2 * i + u, 2 * j + v] for i in range(3) for j in range(3))
          for v in range(3)] for u in range(3)]
    )  # fmt: skip
    unstrided = np.array(
        [[sum(gn[i, j] * xp[i + u, j + v] for i in range(3) for j in range(3))
          for v in range(3)] for u in range(3)]
    )  # fmt: skip
    truth = k.grad.numpy()
    return {"strided": np.allclose(strided, truth), "unstrided": np.allclose(unstrided, truth)}


def _kernel_gradient_1d() -> dict[str, bool]:
    """The same for the 1-D layer (length 6, kernel 3, pad 1), written 1-based."""
    gen = torch.Generator().manual_seed(8)
    x = torch.randn(6, generator=gen, dtype=torch.float64)
    w = torch.randn(3, generator=gen, dtype=torch.float64, requires_grad=True)
    y = torch.nn.functional.conv1d(x[None, None], w[None, None], padding=1)[0, 0]
    g = torch.randn(y.shape, generator=gen, dtype=torch.float64)
    (y * g).sum().backward()
    xp, gn = np.pad(x.numpy(), 1), g.numpy()
    # 1-based: x~_s is xp[s - 1], g_t is gn[t - 1]; t + k - 1 vs t + k
    shifted = [sum(gn[t - 1] * xp[t + k - 2] for t in range(1, 7)) for k in range(1, 4)]
    off_by_one = [
        sum(gn[t - 1] * xp[t + k - 1] if t + k - 1 < 8 else 0 for t in range(1, 7))
        for k in range(1, 4)
    ]
    truth = w.grad.numpy()
    return {"t+k-1": np.allclose(shifted, truth), "t+k": np.allclose(off_by_one, truth)}


@pytest.mark.parametrize(
    ("claim", "form", "expected"),
    [
        (
            r"\frac{\partial L}{\partial K_{u,v}} = \sum_{i=0}^{2} \sum_{j=0}^{2} G_{i,j} \, "
            r"\tilde X_{2i+u,\,2j+v}",
            "strided",
            VERIFIED,
        ),
        (
            r"\frac{\partial L}{\partial K_{u,v}} = \sum_{i=0}^{2} \sum_{j=0}^{2} G_{i,j} \, "
            r"\tilde X_{i+u,\,j+v}",
            "unstrided",
            WRONG,
        ),
    ],
)
def test_german_slides_name_the_padded_image(claim, form, expected):
    assert _kernel_gradient_2d()[form] == (expected == VERIFIED)
    verdict = check_text(GERMAN.format(claim=claim), "de.md").verdicts[-1]
    assert verdict.status == expected, verdict.message


@pytest.mark.parametrize(
    ("claim", "form", "expected"),
    [
        (rf"{DW} = \sum_{{t=1}}^{{6}} g_t \, \tilde{{x}}_{{t+k-1}}", "t+k-1", VERIFIED),
        (rf"{DW} = \sum_{{t=1}}^{{6}} g_t \, \tilde{{x}}_{{t+k}}", "t+k", WRONG),
    ],
)
def test_an_italian_exercise_names_the_padded_signal(claim, form, expected):
    assert _kernel_gradient_1d()[form] == (expected == VERIFIED)
    note = ITALIAN.format(naming="con un bordo di zeri", claim=claim)
    verdict = check_text(note, "it.md").verdicts[-1]
    assert verdict.status == expected, verdict.message


def test_a_sentence_that_negates_the_padding_names_nothing():
    claim = rf"{DW} = \sum_{{t=1}}^{{6}} g_t \, \tilde{{x}}_{{t+k-1}}"
    note = ITALIAN.format(naming="senza il bordo di zeri", claim=claim)
    assert check_text(note, "it.md").verdicts[-1].status != VERIFIED


def test_the_naming_sentences():
    german = r"$\tilde X$ bezeichnet das Bild $\operatorname{pad}_1(X)$, also $9 \times 9$."
    assert named_padded(german) == {"x", "X"}
    catalan = r"$\tilde X_c$ és el canal $c$ de l'entrada amb el farciment d'un píxel."
    assert named_padded(catalan) == {"x", "X"}
    polish = r"Niech $\tilde{\mathbf{x}}$ oznacza wejście uzupełnione zerami."
    assert named_padded(polish) == {"x", "X"}
    # another tensor's letter, another tensor's math in between, a negation: nothing
    assert named_padded(r"$\tilde G$ is the padded gradient, the input of the next step.") == set()
    assert named_padded(r"$\tilde{X}$ and $G$ are the gradient and the padded input.") == set()
    assert named_padded(r"$\tilde X$ is the input without padding.") == set()
    assert named_padded(r"$\tilde X = \operatorname{pad}_1(G)$ is the padded gradient.") == set()
