"""Activation claims in the notes' own letters: the activation and its argument named by
the notes' definition (A = ReLU(Y), A = \\sigma(Y), A^{(2)} = \\tanh(Z^{(2)}), a[n][i][j] =
\\max(0, y[n][i][j])), the loss E or \\mathcal{L}, entry indices, chains judged link by
link.  Each claim's truth is torch autograd of the activation (float64) against the
formula the claim writes, never symconv."""

from __future__ import annotations

import pytest

from symconv.checker.activation_names import in_reader_letters, last_definition
from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

torch = pytest.importorskip("torch")

ACT = {"relu": torch.relu, "sigmoid": torch.sigmoid, "tanh": torch.tanh}


def _holds(kind: str, claimed) -> bool:
    """dL/dz from autograd against ``claimed(g, z, a)``, at points on both sides of 0."""
    z = torch.linspace(-3, 3, 25, dtype=torch.float64)
    z = z[z != 0].clone().requires_grad_(True)
    g = torch.linspace(0.5, 2.0, z.numel(), dtype=torch.float64)
    a = ACT[kind](z)
    (a * g).sum().backward()
    return torch.allclose(claimed(g, z.detach(), a.detach()), z.grad)


NOTES = {
    "relu": (
        "Si después viene una ReLU, $A = \\operatorname{{ReLU}}(Y)$, entonces\n\n$$ {claim} $$\n"
    ),
    "sigmoid": "With a sigmoid, $A = \\sigma(Y)$, the error term is\n\n$$ {claim} $$\n",
    "tanh": "Con $A^{{(2)}} = \\tanh(Z^{{(2)}})$ el delta queda\n\n$$ {claim} $$\n",
}

CLAIMS = [
    (
        "relu",
        r"\delta = \frac{\partial \mathcal{L}}{\partial A} \odot \mathbb{1}[Y > 0]",
        lambda g, z, a: g * (z > 0),
    ),
    ("relu", r"\delta = \frac{\partial \mathcal{L}}{\partial A} \odot A", lambda g, z, a: g * a),
    (
        "relu",
        r"\boldsymbol{\delta} = \frac{\partial E}{\partial \mathbf{A}} \odot \max(0, \mathbf{Y})",
        lambda g, z, a: g * torch.clamp(z, min=0),
    ),
    (
        "sigmoid",
        r"\delta = \frac{\partial \mathcal{L}}{\partial A} \odot \sigma(Y) "
        r"\odot \big(1 - \sigma(Y)\big)",
        lambda g, z, a: g * torch.sigmoid(z) * (1 - torch.sigmoid(z)),
    ),
    (
        "sigmoid",
        r"\delta = \frac{\partial \mathcal{L}}{\partial A} \odot \left(1 - A^{2}\right)",
        lambda g, z, a: g * (1 - a**2),
    ),
    (
        "sigmoid",
        r"\delta = \frac{\partial E}{\partial A} \odot A \odot (1 - A)",
        lambda g, z, a: g * a * (1 - a),
    ),
    (
        "tanh",
        r"\delta^{(2)} = \frac{\partial E}{\partial A^{(2)}} \odot "
        r"\left(1 - \tanh^2\!\big(Z^{(2)}\big)\right)",
        lambda g, z, a: g * (1 - torch.tanh(z) ** 2),
    ),
    (
        "tanh",
        r"\delta^{(2)} = \frac{\partial E}{\partial A^{(2)}} \odot \left(1 - A^{(2)}\right)^{2}",
        lambda g, z, a: g * (1 - a) ** 2,
    ),
]


@pytest.mark.parametrize("kind,claim,claimed", CLAIMS)
def test_the_notes_letters_for_the_activation(kind, claim, claimed):
    verdict = check_text(NOTES[kind].format(claim=claim)).verdicts[-1]
    assert verdict.status == (VERIFIED if _holds(kind, claimed) else WRONG), verdict.message


def test_a_chain_is_judged_link_by_link():
    claim = (
        r"\delta^{(2)} = \frac{\partial E}{\partial A^{(2)}} \odot \left(1 - \tanh^2\!\big("
        r"Z^{(2)}\big)\right) = \frac{\partial E}{\partial A^{(2)}} \odot "
        r"\left(1 - A^{(2)}\right)^{2}"
    )
    verdict = check_text(NOTES["tanh"].format(claim=claim)).verdicts[-1]
    second = _holds("tanh", lambda g, z, a: g * (1 - torch.tanh(z) ** 2))
    third = _holds("tanh", lambda g, z, a: g * (1 - a) ** 2)
    assert (second, third) == (True, False)  # so only the last link is the mistake
    assert verdict.status == WRONG and "side 3 of 3 differs" in verdict.message
    assert "side 2" not in verdict.message


CODE_STYLE = (
    "La salida es $y[n][i][j]$; después va una ReLU, $a[n][i][j] = \\max(0,\\, y[n][i][j])$, "
    "y el resto de la red me da $\\partial L/\\partial a$ (lo llamo $g[n][i][j]$).\n\n"
    "$$ {claim} $$\n"
)


@pytest.mark.parametrize(
    "claim,claimed",
    [
        (
            r"\delta[n][i][j] = g[n][i][j]\cdot \mathbb{1}\left[\, y[n][i][j] > 0 \,\right]",
            lambda g, z, a: g * (z > 0),
        ),
        (r"\delta[n][i][j] = g[n][i][j]\cdot a[n][i][j]", lambda g, z, a: g * a),
    ],
)
def test_indices_as_in_code_and_a_named_upstream_gradient(claim, claimed):
    verdict = check_text(CODE_STYLE.format(claim=claim)).verdicts[-1]
    assert verdict.status == (VERIFIED if _holds("relu", claimed) else WRONG), verdict.message


def test_no_rewrite_without_the_notes_word():
    # g never named as dL/da: the reader's g would be a guess
    before = r"Then $A = \operatorname{ReLU}(Y)$."
    assert in_reader_letters(r"\delta = g \odot \mathbb{1}[Y > 0]", before) is None
    # no definition at all
    assert in_reader_letters(r"\delta = \frac{\partial L}{\partial A} \odot A", "ReLU") is None
    # the prose after the definition supposes another activation
    assert last_definition(r"$A = \operatorname{ReLU}(Y)$; if it were the sigmoid,") is None
    assert last_definition(r"$A = \operatorname{ReLU}(Y)$; the ReLU's slope is") is not None
