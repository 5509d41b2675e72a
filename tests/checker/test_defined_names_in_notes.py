"""Names the notes define for themselves, read as they define them.

* A pooled map named by a definition on the same line as the loss's coefficients: "$P =
  \\operatorname{maxpool}_{2 \\times 2}(Z)$, ..., $L = \\sum c[r,s] A[r,s]$, $c = [...]$".  The
  window subscript kept the definition unread, so the 2x2 coefficient matrix ``c`` was taken
  for the pooled map of the given Z and called wrong.
* A padded gradient defined by an operator with a symbolic amount: "$\\hat{g} =
  \\operatorname{pad}_{k-1}(g)$, i.e. $\\hat{g}[r,s] = g[r-k+1, s-k+1]$": the entry was read as
  an entry of g itself (g[r,s] = g[r-k+1, s-k+1], false); padding by k - 1 shifts every
  index by k - 1, so it is an entry of g at r - (k - 1).
* An output side the notes define in letters ("the output side is $m = n - k + 1$", stride
  1, no padding): an identity of sizes with m ("$m + 2(k-1) = n + k - 1$") was judged with m
  = floor((n + 2p - k)/s) + 1 at strides and paddings the notes never have.

The truth is NumPy's and torch's."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import checked_text
from line_verdicts import one_verdict

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG

torch = pytest.importorskip("torch")
F = torch.nn.functional


def _matrix(rows: np.ndarray) -> str:
    body = " \\\\ ".join(" & ".join(str(int(v)) for v in row) for row in rows)
    return f"\\begin{{bmatrix}} {body} \\end{{bmatrix}}"


# ---------------------------------------------------------------- the pooled map's letter
_POOL = {
    "en": (
        "# Tutorial 5: max pooling, then ReLU\n\n"
        "One map, zero-based indices. The pooled map feeds a ReLU and the loss weighs the four "
        "activations.\n\n## Given\n\n$$Z = {z}$$\n\n"
        "$$P = \\operatorname{{maxpool}}_{{2 \\times 2}}(Z), \\qquad "
        "A = \\operatorname{{ReLU}}(P), \\qquad L = \\sum_{{r,s}} c[r,s]\\, A[r,s], "
        "\\qquad c = {c}$$\n\n## Forward\n\n"
        "Each $2 \\times 2$ window with stride 2 keeps its largest entry:\n\n$$P = {p}$$\n"
    ),
    "pt": (
        "# Monitoria 5: max pooling e depois ReLU\n\n"
        "Um mapa, índices a partir de 0. O mapa reduzido passa por uma ReLU e a perda pondera "
        "as quatro ativações.\n\n## Dados\n\n$$Z = {z}$$\n\n"
        "$$P = \\operatorname{{maxpool}}_{{2 \\times 2}}(Z), \\qquad "
        "A = \\operatorname{{ReLU}}(P), \\qquad L = \\sum_{{r,s}} c[r,s]\\, A[r,s], "
        "\\qquad c = {c}$$\n\n## Ida\n\n"
        "Cada janela $2 \\times 2$ com passo 2 fica com a sua maior entrada:\n\n$$P = {p}$$\n"
    ),
}


@pytest.mark.parametrize("language", ["en", "pt"])
@pytest.mark.parametrize("slip", [0, 1])
def test_a_given_matrix_is_not_the_pooled_map_the_notes_name(language, slip):
    z = np.array([[1, -2, 0, 3], [2, 0, -1, 1], [-3, 1, 2, 2], [0, 4, -1, 0]])
    pooled = F.max_pool2d(torch.tensor(z, dtype=torch.float64)[None, None], 2)[0, 0].numpy()
    c = np.array([[3, -1], [0, 2]])
    assert (c != pooled).any()  # the coefficients are no pooled map of Z (torch)
    claimed = pooled.copy()
    claimed[1, 1] -= slip
    text = _POOL[language].format(z=_matrix(z), c=_matrix(c), p=_matrix(claimed))
    line = next(n for n, row in enumerate(text.split("\n"), start=1) if "c[r,s]" in row)
    (given,) = [
        v
        for v in checked_text(text, "notes.md").verdicts
        if v.line == line and v.source.startswith("c =")
    ]
    assert given.status != WRONG, given.message
    found = one_verdict(text, "$$P = \\begin")
    assert found.status == (WRONG if slip else VERIFIED), found.message


# ---------------------------------------------------------------- a padded gradient
_PADDED = {
    "en": (
        "# Why the kernel turns around in the backward pass\n\n"
        "One channel, stride 1, no padding, 1-based indices. The input $x$ is $n \\times n$, "
        "the kernel $w$ is $k \\times k$ and the output side is $m = n - k + 1$:\n\n"
        "$$y[i,j] = \\sum_{{a=1}}^{{k}} \\sum_{{b=1}}^{{k}} w[a,b]\\, x[i+a-1,\\, j+b-1]$$\n\n"
        "With $g = \\partial L / \\partial y$ the chain rule gives\n\n"
        "$$\\frac{{\\partial L}}{{\\partial x[p,q]}} = \\sum_{{a=1}}^{{k}} \\sum_{{b=1}}^{{k}} "
        "g[p-a+1,\\, q-b+1]\\, w[a,b]$$\n\n"
        "Define the zero-padded gradient $\\hat{{g}} = \\operatorname{{pad}}_{{k-1}}(g)$, i.e. "
        "$\\hat{{g}}[r,s] = {entry}$.\n\n"
        "Sizes check out: $\\hat{{g}}$ has side $m + 2(k-1) = {side}$.\n"
    ),
    "fr": (
        "# Pourquoi le noyau se retourne dans la rétropropagation\n\n"
        "Un canal, pas 1, sans remplissage, indices à partir de 1. L'entrée $x$ est "
        "$n \\times n$, le noyau $w$ est $k \\times k$ et la taille de sortie est "
        "$m = n - k + 1$ :\n\n"
        "$$y[i,j] = \\sum_{{a=1}}^{{k}} \\sum_{{b=1}}^{{k}} w[a,b]\\, x[i+a-1,\\, j+b-1]$$\n\n"
        "Avec $g = \\partial L / \\partial y$, la règle de dérivation en chaîne donne\n\n"
        "$$\\frac{{\\partial L}}{{\\partial x[p,q]}} = \\sum_{{a=1}}^{{k}} \\sum_{{b=1}}^{{k}} "
        "g[p-a+1,\\, q-b+1]\\, w[a,b]$$\n\n"
        "On définit le gradient complété de zéros $\\hat{{g}} = \\operatorname{{pad}}_{{k-1}}(g)$, "
        "c'est-à-dire $\\hat{{g}}[r,s] = {entry}$.\n\n"
        "Les tailles collent : $\\hat{{g}}$ a pour côté $m + 2(k-1) = {side}$.\n"
    ),
}


def _padded_entry_holds(shift: int, k: int = 3, m: int = 4) -> bool:
    """Whether ĝ[r,s] = g[r - shift, s - shift] (any index base, zero outside g) for ĝ the
    gradient padded by k - 1 on every side (NumPy)."""
    g = np.arange(1, m * m + 1, dtype=float).reshape(m, m)
    hat = np.pad(g, k - 1)
    for r in range(hat.shape[0]):
        for s in range(hat.shape[1]):
            i, j = r - shift, s - shift
            inside = 0 <= i < m and 0 <= j < m
            if hat[r, s] != (g[i, j] if inside else 0.0):
                return False
    return True


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("slip", [0, 1])
def test_entries_of_a_gradient_padded_by_k_minus_1(language, slip):
    k = 3
    assert _padded_entry_holds(k - 1, k) and not _padded_entry_holds(k, k)  # NumPy
    entry = "g[r-k+1,\\, s-k+1]" if not slip else "g[r-k,\\, s-k]"
    text = _PADDED[language].format(entry=entry, side="n + k - 1")
    line = next(n for n, row in enumerate(text.split("\n"), start=1) if "[r,s] =" in row)
    (found,) = [
        v
        for v in checked_text(text, "notes.md").verdicts
        if v.line == line and v.source.startswith("\\hat{g}[r,s]")
    ]
    assert found.status == (WRONG if slip else VERIFIED), found.message


# ---------------------------------------------------------------- the output side's name
@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(("side", "holds"), [("n + k - 1", True), ("n + k", False)])
def test_an_identity_with_the_notes_output_side(language, side, holds):
    for n in range(3, 9):
        for k in range(1, 4):
            m = F.conv2d(torch.zeros(1, 1, n, n), torch.zeros(1, 1, k, k)).shape[-1]
            padded = F.pad(torch.zeros(1, 1, m, m), (k - 1,) * 4).shape[-1]
            assert (padded == n + k - 1) and ((padded == n + k) is False)  # torch
    text = _PADDED[language].format(entry="g[r-k+1,\\, s-k+1]", side=side)
    found = one_verdict(text, "m + 2(k-1)")
    if holds:
        assert found.status == VERIFIED, found.message
    else:
        assert found.status in (WRONG, NOT_UNDERSTOOD) and found.status != VERIFIED


def test_a_slipped_definition_of_the_output_side_is_not_used():
    # "m = n - k" is no output side (torch: n - k + 1), so an identity that leans on it
    # ("m + 2(k - 1) = n + k - 2") is judged with the true side, and does not hold
    assert F.conv2d(torch.zeros(1, 1, 5, 5), torch.zeros(1, 1, 3, 3)).shape[-1] == 5 - 3 + 1
    text = _PADDED["en"].format(entry="g[r-k+1,\\, s-k+1]", side="n + k - 2")
    text = text.replace("$m = n - k + 1$", "$m = n - k$")
    found = one_verdict(text, "m + 2(k-1)")
    assert found.status != VERIFIED, found.message
