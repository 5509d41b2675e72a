"""Tensors named by layer marks and read as maps: A^{(k-1)} as layer k's input, X_c and
\\delta_f as one channel's map, x[n] as one sample's map; the loss written E, C or
\\mathcal{L} under \\nabla and a slash; the padded input in bold; a sample index that no
sum binds.  Each claim's truth is computed here with torch autograd (float64) from the
formula the claim writes, never by symconv."""

from __future__ import annotations

import itertools

import pytest

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

torch = pytest.importorskip("torch")
F = torch.nn.functional


def _layer(batch: int, c_in: int, c_out: int, h: int = 4, k: int = 2, pad: int = 0):
    gen = torch.Generator().manual_seed(100 * batch + 10 * c_in + c_out + pad)
    x = torch.randn((batch, c_in, h, h), generator=gen, dtype=torch.float64, requires_grad=True)
    w = torch.randn((c_out, c_in, k, k), generator=gen, dtype=torch.float64, requires_grad=True)
    y = F.conv2d(x, w, padding=pad)
    g = torch.randn(y.shape, generator=gen, dtype=torch.float64)
    (y * g).sum().backward()
    return x.detach(), g, w.grad


def _corr(a, b):
    """The valid cross-correlation of two maps (torch's conv2d is one)."""
    return F.conv2d(a[None, None], b[None, None])[0, 0]


MARKED = (
    "## Layer 2\n\nLayer 2 is a convolution with a $4\\times 4$ input of 2 channels, 3 filters "
    "of $2\\times 2$, stride 1, no padding, no bias; indices from 0, channels first "
    "($C\\times H\\times W$). Write $\\delta^{{({k})}}_{{f}} = \\partial L/\\partial "
    "Z^{{({k})}}_f$ for the map of filter $f$ and $A^{{({j})}}_c$ for channel $c$ of the "
    "activation entering layer {k}.\n\n$$ {claim} $$\n"
)

# dL/dW_{f,c} as the claim writes it, from the input x (one sample) and the gradient g
WEIGHT_CLAIMS = {
    r"A^{(1)}_c \star \delta^{(2)}_f": lambda x, g, f, c: _corr(x[0, c], g[0, f]),
    r"A^{(1)}_f \star \delta^{(2)}_c": lambda x, g, f, c: (
        _corr(x[0, f], g[0, c]) if f < 2 else None
    ),
    r"A^{(1)}_c \star \operatorname{rot}_{180}(\delta^{(2)}_f)": lambda x, g, f, c: _corr(
        x[0, c], torch.flip(g[0, f], (0, 1))
    ),
}


@pytest.mark.parametrize("right", list(WEIGHT_CLAIMS))
def test_the_activation_one_layer_below_is_the_input(right):
    x, g, dw = _layer(1, 2, 3)
    holds = True
    for f, c in itertools.product(range(3), range(2)):
        value = WEIGHT_CLAIMS[right](x, g, f, c)
        holds = holds and value is not None and torch.allclose(value, dw[f, c])
    claim = rf"\frac{{\partial L}}{{\partial W^{{(2)}}_{{f,c}}}} = {right}"
    verdict = check_text(MARKED.format(k=2, j=1, claim=claim)).verdicts[-1]
    assert verdict.status == (VERIFIED if holds else WRONG), verdict.message


def test_the_layers_own_activation_is_not_its_input():
    # A^{(2)} = sigma(Z^{(2)}) leaves layer 2; the claim is about neither input nor output
    claim = r"\frac{\partial L}{\partial W^{(2)}_{f,c}} = A^{(2)}_c \star \delta^{(2)}_f"
    verdict = check_text(MARKED.format(k=2, j=1, claim=claim)).verdicts[-1]
    assert verdict.status == NOT_UNDERSTOOD, verdict.message


BLOG = (
    "A batch of $N = 2$ images with $C = 2$ channels of size $4\\times 4$ and $F = 3$ "
    "filters $\\mathbf{{K}}$ of size $3\\times 3$, stride 1 and zero padding 1. Indices start "
    "at 0. Write $\\tilde{{X}}$ for the padded input and {loss} for the loss; call the "
    "upstream gradient $\\delta[n,f,i,j] = {slash}$.\n\n$$ {claim} $$\n"
)


@pytest.mark.parametrize(
    "loss,slash",
    [
        ("$E$", r"\partial E/\partial Y[n,f,i,j]"),
        (r"$\mathcal{L}$", r"\partial \mathcal{L}/\partial Y[n,f,i,j]"),
    ],
)
@pytest.mark.parametrize("rot", [False, True])
def test_nabla_of_the_loss_and_the_bold_padded_input(loss, slash, rot):
    x, g, dw = _layer(2, 2, 3, pad=1)
    xpad = F.pad(x, (1, 1, 1, 1))
    holds = all(
        torch.allclose(
            sum(_corr(xpad[n, c], torch.flip(g[n, f], (0, 1)) if rot else g[n, f]) for n in (0, 1)),
            dw[f, c],
        )
        for f, c in itertools.product(range(3), range(2))
    )
    name = r"\mathcal{L}" if "mathcal" in loss else "E"
    delta = (
        r"\operatorname{rot}_{180}(\boldsymbol{\delta}_{n,f})"
        if rot
        else r"\boldsymbol{\delta}_{n,f}"
    )
    padded = r"\tilde{\mathbf{X}}_{n,c}"
    claim = rf"\nabla_{{\mathbf{{K}}_{{f,c}}}} {name} = \sum_{{n}} {padded} \star {delta}"
    verdict = check_text(BLOG.format(loss=loss, slash=slash, claim=claim)).verdicts[-1]
    assert verdict.status == (VERIFIED if holds else WRONG), verdict.message


@pytest.mark.parametrize("samples", ["n", "n=0..1"])
def test_a_sample_index_no_sum_binds(samples):
    # dE/db_f = sum_{i,j} delta[n,f,i,j] for one n: true only if the other sample adds 0
    _, g, _ = _layer(2, 2, 3, pad=1)
    db = g.sum(dim=(0, 2, 3))
    per_sample = g[0].sum(dim=(1, 2))
    sums = r"\sum_{n=0}^{1}\sum_{i,j}" if samples == "n=0..1" else r"\sum_{i,j}"
    holds = True if samples == "n=0..1" else torch.allclose(per_sample, db)
    claim = rf"\frac{{\partial E}}{{\partial b_f}} = {sums} \delta[n,f,i,j]"
    note = BLOG.format(loss="$E$", slash=r"\partial E/\partial Y[n,f,i,j]", claim=claim)
    note = note.replace("zero padding 1.", "zero padding 1, one bias $b_f$ per filter.")
    verdict = check_text(note).verdicts[-1]
    assert verdict.status == (VERIFIED if holds else WRONG), verdict.message


SLICES = (
    "Un lote de $N = 2$ imágenes de un canal; la entrada $x$ es de $4\\times 4$ y el filtro "
    "$w$ de $2\\times 2$, "
    "paso 1, sin relleno, sin sesgo. Índices desde 0. Escribimos $\\delta$ para el gradiente "
    "que llega de arriba.\n\n$$ {claim} $$\n\nAquí $\\delta[n][i][j] = \\partial L/\\partial "
    "y[n][i][j]$.\n"
)


@pytest.mark.parametrize(
    "right,samples,rot",
    [
        (r"\sum_{n=0}^{1} x[n] \star \delta[n]", (0, 1), False),
        (r"\sum_{n=0}^{1} \operatorname{corr}\big(x[n],\, \delta[n]\big)", (0, 1), False),
        (r"x[0] \star \delta[0]", (0,), False),  # the second image forgotten
        (r"\sum_{n=0}^{1} x[n] \star \operatorname{rot180}(\delta[n])", (0, 1), True),
    ],
)
def test_one_sample_map_of_a_batch(right, samples, rot):
    x, g, dw = _layer(2, 1, 1)
    total = sum(_corr(x[n, 0], torch.flip(g[n, 0], (0, 1)) if rot else g[n, 0]) for n in samples)
    holds = torch.allclose(total, dw[0, 0])
    claim = rf"\frac{{\partial L}}{{\partial w}} = {right}"
    verdict = check_text(SLICES.format(claim=claim)).verdicts[0]
    assert verdict.status == (VERIFIED if holds else WRONG), verdict.message


@pytest.mark.parametrize(
    "written", [r"\delta[0][i][j]\; x[0][i+m][j+k]", r"\delta_{0,i,j}\, x_{0,i+m,j+k}"]
)
def test_sample_zero_of_a_one_channel_batch_is_not_the_channel(written):
    # the first claim of the notes: nothing before it indexed samples
    x, g, dw = _layer(2, 1, 1)
    one = torch.stack(
        [
            torch.stack([(g[0, 0] * x[0, 0, m : m + 3, k : k + 3]).sum() for k in range(2)])
            for m in range(2)
        ]
    )
    holds = torch.allclose(one, dw[0, 0])
    sums = r"\sum_{i=0}^{2}\sum_{j=0}^{2}"
    claim = rf"\frac{{\partial L}}{{\partial w_{{m,k}}}} = {sums} {written}"
    verdict = check_text(SLICES.format(claim=claim)).verdicts[0]
    assert verdict.status == (VERIFIED if holds else WRONG), verdict.message
