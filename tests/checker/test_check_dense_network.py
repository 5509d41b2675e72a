"""A stack of dense layers written with layer marks, one example per column, and the mean
cost over a mini-batch (Andrew Ng's course notes and their many copies), in several
spellings: bold or plain letters, ``^{[1]T}`` or ``^{[1]\\top}``, sums over the examples,
one weight's derivative, sigmoid, tanh or ReLU.  Truth: torch autograd of the same network
(J the mean of a per-example loss whose gradient at the output is the given dZ), never
symconv; each claim's right side is computed here with torch in the layout it states."""

from __future__ import annotations

import pytest

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

torch = pytest.importorskip("torch")

N0, N1, N2, M = 4, 3, 2, 5
ACTS = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "ReLU": torch.relu}


def _truth(act: str) -> dict:
    """Every tensor at one draw; dZ per example (column i: dL^(i)/dz^(i)), dW, db of J."""
    gen = torch.Generator().manual_seed(7)
    x = torch.randn(N0, M, generator=gen, dtype=torch.float64)
    w1 = torch.randn(N1, N0, generator=gen, dtype=torch.float64, requires_grad=True)
    b1 = torch.randn(N1, 1, generator=gen, dtype=torch.float64, requires_grad=True)
    w2 = torch.randn(N2, N1, generator=gen, dtype=torch.float64, requires_grad=True)
    b2 = torch.randn(N2, 1, generator=gen, dtype=torch.float64, requires_grad=True)
    z1 = w1 @ x + b1
    z1.retain_grad()
    a1 = ACTS[act](z1)
    a1.retain_grad()
    z2 = w2 @ a1 + b2
    dz2 = torch.randn(N2, M, generator=gen, dtype=torch.float64)  # per example
    cost = (dz2 * z2).sum() / M  # J = (1/m) sum_i L^(i), dL^(i)/dz2^(i) = dz2[:, i]
    cost.backward()
    return {
        "X": x,
        "A1": a1.detach(),
        "dZ2": dz2,
        "W2": w2.detach(),
        "dW2": w2.grad,
        "db2": b2.grad,
        "dW1": w1.grad,
        "db1": b1.grad,
        "dA1": a1.grad * M,  # per example, as the notes define dZ and dA
        "dZ1": z1.grad * M,
    }


def _notes(act: str, claims: list[str], dz_meaning: bool = True) -> str:
    meaning = (
        "and $dZ^{[l]}$ is the matrix whose $i$-th column is $\\partial \\mathcal{L}^{(i)}/"
        "\\partial \\mathbf{z}^{[l](i)}$ (per example, not divided by $m$). "
        if dz_meaning
        else ""
    )
    head = [
        "# Two layers, vectorised",
        "",
        f"Examples are columns. The hidden layer has 3 {act} units, the output 2 {act} units;",
        f"a mini-batch of $m = {M}$ examples: $\\mathbf{{X}} \\in \\mathbb{{R}}^{{4\\times 5}}$, "
        "$\\mathbf{W}^{[1]} \\in \\mathbb{R}^{3\\times 4}$, "
        "$\\mathbf{W}^{[2]} \\in \\mathbb{R}^{2\\times 3}$.",
        "",
        f"The cost is $J = \\frac{{1}}{{m}}\\sum_{{i=1}}^{{m}} \\mathcal{{L}}^{{(i)}}$, {meaning}",
        "",
    ]
    return "\n".join(head + [line for c in claims for line in (f"$$ {c} $$", "")])


# (claim, the truth's target, its right side computed with torch from the truth t)
CLAIMS = [
    (
        "dW^{[2]} = \\frac{1}{m}\\, dZ^{[2]}\\, \\mathbf{A}^{[1]T}",
        "dW2",
        lambda t: t["dZ2"] @ t["A1"].T / M,
    ),
    ("dW^{[2]} = dZ^{[2]} A^{[1]\\top}", "dW2", lambda t: t["dZ2"] @ t["A1"].T),
    ("dW^{[2]} = \\frac{1}{m} A^{[1]T} dZ^{[2]}", "dW2", None),  # does not multiply
    (
        "db^{[2]} = \\frac{1}{m}\\sum_{i=1}^{m} dZ^{[2](i)}",
        "db2",
        lambda t: t["dZ2"].sum(1, keepdim=True) / M,
    ),
    ("db^{[2]} = \\frac{1}{m} dZ^{[2]}", "db2", lambda t: t["dZ2"] / M),
    ("dA^{[1]} = \\mathbf{W}^{[2]T} dZ^{[2]}", "dA1", lambda t: t["W2"].T @ t["dZ2"]),
    ("dA^{[1]} = \\mathbf{W}^{[2]} dZ^{[2]}", "dA1", None),
    ("dW^{[1]} = \\frac{1}{m}\\, dZ^{[1]} \\mathbf{X}^{T}", "dW1", None),  # computed below
    ("dW^{[1]} = \\frac{1}{m}\\,\\mathbf{X}\\, dZ^{[1]T}", "dW1", None),
    (
        "\\frac{\\partial J}{\\partial w^{[2]}_{12}} = \\frac{1}{5}\\sum_{i=1}^{5} "
        "dz^{[2](i)}_{1}\\; a^{[1](i)}_{2}",
        "dW2[0,1]",
        lambda t: (t["dZ2"][0] * t["A1"][1]).sum().reshape(1, 1) / M,
    ),
    (
        "\\frac{\\partial J}{\\partial w^{[2]}_{12}} = \\frac{1}{5}\\sum_{i=1}^{5} "
        "dz^{[2](i)}_{2}\\; a^{[1](i)}_{1}",
        "dW2[0,1]",
        lambda t: (t["dZ2"][1] * t["A1"][0]).sum().reshape(1, 1) / M,
    ),
]


def _expected(t: dict, target: str, right) -> str:
    if target == "dW1":
        return VERIFIED if right == "XdZT" else WRONG
    truth = t[target] if "[" not in target else t["dW2"][0:1, 1:2]
    if right is None:
        return WRONG
    value = right(t)
    if value.shape != truth.shape:
        return WRONG
    return VERIFIED if torch.allclose(value, truth) else WRONG


@pytest.mark.parametrize("act", list(ACTS))
def test_marked_dense_claims_against_autograd(act):
    t = _truth(act)
    # dW1 = (1/m) dZ1 X^T by autograd; the claim with X dZ1^T is its transpose (4x3)
    assert torch.allclose(t["dW1"], t["dZ1"] @ t["X"].T / M)
    claims = [c for c, _, _ in CLAIMS]
    report = check_text(_notes(act, claims))
    got = {v.source.strip(): v for v in report.verdicts}
    for claim, target, right in CLAIMS:
        if target == "dW1":
            expected = VERIFIED if "dZ^{[1]} \\mathbf{X}^{T}" in claim else WRONG
        else:
            expected = _expected(t, target, right)
        assert got[claim].status == expected, (claim, got[claim].message)


def test_the_activation_chain_of_a_marked_layer():
    t = _truth("sigmoid")
    a1 = t["A1"]
    assert torch.allclose(t["dZ1"], t["dA1"] * a1 * (1 - a1))
    right = (
        "dZ^{[1]} = dA^{[1]} \\odot \\mathbf{A}^{[1]} \\odot \\left(1 - \\mathbf{A}^{[1]}\\right)"
    )
    wrong = "dZ^{[1]} = dA^{[1]} \\odot \\left(1 - \\mathbf{A}^{[1]}\\right)"
    report = check_text(_notes("sigmoid", [right, wrong]))
    assert all(v.status != WRONG for v in report.verdicts if v.line < 8), report.verdicts
    found = [v.status for v in report.verdicts if v.source.startswith("dZ")]
    assert found == [VERIFIED, WRONG], report.verdicts


def test_without_what_dz_means_the_claims_are_not_understood():
    report = check_text(
        _notes("sigmoid", ["dW^{[2]} = \\frac{1}{m}\\, dZ^{[2]}\\, A^{[1]T}"], dz_meaning=False)
    )
    found = [v.status for v in report.verdicts if v.source.startswith("dW")]
    assert found == [NOT_UNDERSTOOD], report.verdicts
