"""A sample's number written as a superscript, ``x^{(n)}_{c,i,j}``, and sizes in a sentence
that shows a wrong answer.

Notes with a mini-batch often number the examples with a bracketed superscript
(``x^{(n)}``, ``\\delta^{(n)}``, ``y^{(n)}_{ij}``).  Read as a layer mark and dropped, the
samples collapse into one: a correct sum over the batch counts it twice (a false alarm)
and a missing sum over the batch passes (a miss).  And a sentence that shows a wrong answer
("Wrong answer seen a lot (filters taken as 3x3x1): P = 20") names the wrong answer's
sizes, not the layer's: read as facts, they made the wrong count its own proof.

The truth of every claim: torch autograd of ``conv2d`` at the notes' sizes, the claim's
right side computed with NumPy from its formula (a sum past a tensor's end is a mistake).
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

N, C, FILTERS, H, K = 2, 3, 2, 5, 3
OUT = H - K + 1

HEADS = {
    "en0": (
        "# Homework 5: a batch through a conv layer\n\n"
        f"A mini-batch of $N = {N}$ images, each with $C = {C}$ channels of size "
        f"${H} \\times {H}$, goes through a conv layer with $F = {FILTERS}$ filters of size "
        f"${K} \\times {K}$ (each filter spans all {C} channels), stride 1, no padding, one "
        "bias per filter. All indices are 0-based: image $n$, channel $c$, row $i$, column "
        "$j$ is $x^{(n)}_{c,i,j}$, the weights $w_{f,c,u,v}$, the upstream gradient "
        "$\\delta^{(n)}_{f,i,j} = \\partial L / \\partial z^{(n)}_{f,i,j}$, $L$ summed over the "
        "batch.\n\n"
    ),
    "es0": (
        "# Capa convolucional con un lote\n\n"
        f"Un lote de $N = {N}$ imágenes de ${H} \\times {H}$ con $C = {C}$ canales; la capa "
        f"tiene $F = {FILTERS}$ filtros de ${K} \\times {K}$ que abarcan los {C} canales, "
        "paso 1, sin relleno, un sesgo por filtro. Índices desde 0: la imagen $n$ es "
        "$x^{(n)}$, con entradas $x^{(n)}_{c,i,j}$; el gradiente que llega es "
        "$\\delta^{(n)}_{f,i,j} = \\partial L / \\partial z^{(n)}_{f,i,j}$ y $L$ suma el "
        "lote.\n\n"
    ),
}

# (claim, truth): the truth computes the claim's right side with NumPy from the arrays
CLAIMS = {
    "forward": (
        "z^{(n)}_{f,i,j} = b_f + \\sum_{c=0}^{2} \\sum_{u=0}^{2} \\sum_{v=0}^{2} "
        "w_{f,c,u,v}\\, x^{(n)}_{c,i+u,j+v}",
        lambda a: np.einsum("fcuv,ncijuv->nfij", a["w"], _windows(a["x"])) + a["b"][:, None, None],
        "z",
    ),
    "dW": (
        "\\frac{\\partial L}{\\partial w_{f,c,u,v}} = \\sum_{n=0}^{1} \\sum_{i=0}^{2} "
        "\\sum_{j=0}^{2} \\delta^{(n)}_{f,i,j}\\, x^{(n)}_{c,i+u,j+v}",
        lambda a: np.einsum("nfij,ncijuv->fcuv", a["g"], _windows(a["x"])),
        "dw",
    ),
    "dW summed over the channels too": (
        "\\frac{\\partial L}{\\partial w_{f,c,u,v}} = \\sum_{n=0}^{1} \\sum_{c=0}^{2} "
        "\\sum_{i=0}^{2} \\sum_{j=0}^{2} \\delta^{(n)}_{f,i,j}\\, x^{(n)}_{c,i+u,j+v}",
        lambda a: np.broadcast_to(
            np.einsum("nfij,ncijuv->fuv", a["g"], _windows(a["x"]))[:, None], (FILTERS, C, K, K)
        ),
        "dw",
    ),
    "db": (
        "\\frac{\\partial L}{\\partial b_f} = \\sum_{n=0}^{1} \\sum_{i=0}^{2} \\sum_{j=0}^{2} "
        "\\delta^{(n)}_{f,i,j}",
        lambda a: a["g"].sum(axis=(0, 2, 3)),
        "db",
    ),
    "db without the batch": (
        "\\frac{\\partial L}{\\partial b_f} = \\sum_{i=0}^{2} \\sum_{j=0}^{2} "
        "\\delta^{(n)}_{f,i,j}",
        None,  # n is free on the right only: no value of the left side; a mistake
        "db",
    ),
    "dX": (
        "\\frac{\\partial L}{\\partial x^{(n)}_{c,h,w}} = \\sum_{f=0}^{1} \\sum_{u=0}^{2} "
        "\\sum_{v=0}^{2} \\delta^{(n)}_{f,h-u,w-v}\\, w_{f,c,u,v}",
        lambda a: _dx_by_formula(a["g"], a["w"]),
        "dx",
    ),
}


def _windows(x: np.ndarray) -> np.ndarray:
    """x[n, c, i+u, j+v] as an array indexed [n, c, i, j, u, v]."""
    out = np.empty((N, C, OUT, OUT, K, K))
    for u in range(K):
        for v in range(K):
            out[:, :, :, :, u, v] = x[:, :, u : u + OUT, v : v + OUT]
    return out


def _dx_by_formula(g: np.ndarray, w: np.ndarray) -> np.ndarray:
    """sum_f sum_u sum_v g[n, f, h-u, w-v] w[f, c, u, v], g zero outside its range (the
    notes' formula as written; its terms outside G vanish)."""
    out = np.zeros((N, C, H, H))
    for h in range(H):
        for col in range(H):
            for u in range(K):
                for v in range(K):
                    if 0 <= h - u < OUT and 0 <= col - v < OUT:
                        out[:, :, h, col] += g[:, :, h - u, col - v] @ w[:, :, u, v]
    return out


def _autograd(seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = torch.tensor(rng.standard_normal((N, C, H, H)), requires_grad=True)
    w = torch.tensor(rng.standard_normal((FILTERS, C, K, K)), requires_grad=True)
    b = torch.tensor(rng.standard_normal(FILTERS), requires_grad=True)
    z = F.conv2d(x, w, b)
    g = torch.tensor(rng.standard_normal(z.shape))
    (z * g).sum().backward()  # L = sum over the batch: dL/dz = g
    return {
        "x": x.detach().numpy(),
        "w": w.detach().numpy(),
        "b": b.detach().numpy(),
        "g": g.numpy(),
        "z": z.detach().numpy(),
        "dw": w.grad.numpy(),
        "db": b.grad.numpy(),
        "dx": x.grad.numpy(),
    }


def _truth(name: str) -> bool:
    _, right, target = CLAIMS[name]
    if right is None:
        return False
    return all(
        np.allclose(right(a), a[target], rtol=1e-9, atol=1e-9)
        for a in (_autograd(seed) for seed in range(3))
    )


@pytest.mark.parametrize("style", sorted(HEADS))
@pytest.mark.parametrize("name", sorted(CLAIMS))
def test_a_sample_superscript_indexes_the_batch(style, name):
    claim = CLAIMS[name][0]
    expected = VERIFIED if _truth(name) else WRONG
    text = HEADS[style] + f"$${claim}$$\n"
    line = text.count("\n")  # the claim's own line, after the head's sentences
    claimed = [v for v in check_text(text).verdicts if v.line == line]
    assert [v.status for v in claimed] == [expected], [(v.status, v.message) for v in claimed]


@pytest.mark.parametrize("name", sorted(CLAIMS))
def test_square_bracket_samples_are_never_called_wrong_when_right(name):
    """``x^{[n]}``: square brackets are also the superscript preset's layer marks, whose
    channels come after the rows and columns; where that leaves the axis order open the
    claim may be not understood, but a correct one is never wrong and a mistake never
    verified."""
    head = HEADS["es0"].replace("^{(n)}", "^{[n]}")
    text = head + f"$${CLAIMS[name][0].replace('^{(n)}', '^{[n]}')}$$\n"
    line = text.count("\n")
    statuses = [v.status for v in check_text(text).verdicts if v.line == line]
    forbidden = WRONG if _truth(name) else VERIFIED
    assert statuses and forbidden not in statuses, statuses


def test_the_truth_tells_the_claims_apart():
    """The truth itself: the correct forms agree with autograd, the two mistakes do not."""
    assert [n for n in sorted(CLAIMS) if not _truth(n)] == [
        "dW summed over the channels too",
        "db without the batch",
    ]


@pytest.mark.parametrize(
    "aside",
    [
        "Wrong answer seen a lot (filters taken as $3 \\times 3 \\times 1$): "
        "$P = 2 \\cdot 9 + 2 = 20$, $-1$.",
        "A common mistake is to take the filters as $3 \\times 3 \\times 1$, which gives "
        "$P = 2 \\cdot 9 + 2 = 20$.",
        "Respuesta incorrecta frecuente (filtros tomados como $3 \\times 3 \\times 1$): "
        "$P = 2 \\cdot 9 + 2 = 20$.",
    ],
)
def test_a_wrong_answers_sizes_are_not_the_layers(aside):
    """The layer has C = 3 input channels: 2 filters of 3x3x3 plus 2 biases are 56
    parameters (torch's Conv2d(3, 2, 3) has 2*27 + 2); the wrong answer's 20 is wrong,
    never verified by the 3x3x1 filters its own sentence names."""
    count = sum(p.numel() for p in torch.nn.Conv2d(C, FILTERS, K).parameters())
    assert count == 56
    text = HEADS["en0"] + "Parameters: $P = F \\cdot C \\cdot 3 \\cdot 3 + F = 56$.\n\n" + aside
    verdicts = {v.line: v for v in check_text(text).verdicts}
    wrong_line = text.count("\n", 0, text.index("= 20")) + 1
    assert verdicts[wrong_line].status == WRONG, verdicts[wrong_line].message
    assert "56" in verdicts[wrong_line].message
