"""A bias stated in words in other languages than English and Spanish: "mit Bias", "avec
biais", "z biasem", "com viés".

These were not read: the layer was read without a bias, and a forward formula that leaves
the bias out was VERIFIED -- a mistake let through.  The words are now lexicon.WITH and
lexicon.BIAS (prose._A_BIAS), as "kein Bias" / "sans biais" already were for no bias.
Truth: torch's conv2d with a bias against each formula evaluated with NumPy."""

from __future__ import annotations

import numpy as np
import pytest

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

torch = pytest.importorskip("torch")

STATED = {
    "de": "Die Eingabe $X$ ist $3 \\times 3$, der Kern $W$ ist $2 \\times 2$ (mit Bias $b$).",
    "fr": "L'entrée $X$ est $3 \\times 3$, le noyau $W$ est $2 \\times 2$, avec un biais $b$.",
    "pl": "Wejście $X$ ma $3 \\times 3$, jądro $W$ ma $2 \\times 2$, z biasem $b$.",
    "pt": "A entrada $X$ é $3 \\times 3$ e o filtro $W$ é $2 \\times 2$, com viés $b$.",
}
FORWARD = {
    "with b": "Y_{ij} = b + \\sum_{u=0}^{1}\\sum_{v=0}^{1} W_{uv} X_{i+u,j+v}",
    "without b": "Y_{ij} = \\sum_{u=0}^{1}\\sum_{v=0}^{1} W_{uv} X_{i+u,j+v}",
}


def _right(name: str) -> bool:
    rng = np.random.default_rng(11)
    x, w, b = rng.standard_normal((3, 3)), rng.standard_normal((2, 2)), rng.standard_normal(1)
    y = torch.nn.functional.conv2d(
        torch.tensor(x)[None, None], torch.tensor(w)[None, None], torch.tensor(b)
    )[0, 0].numpy()
    formula = np.array(
        [[(w * x[i : i + 2, j : j + 2]).sum() for j in range(2)] for i in range(2)]
    ) + (b[0] if name == "with b" else 0.0)
    return bool(np.allclose(formula, y))


@pytest.mark.parametrize("language", list(STATED))
@pytest.mark.parametrize("name", list(FORWARD))
def test_a_bias_stated_in_words_is_the_layers(language, name):
    right = _right(name)
    assert right == (name == "with b")
    text = f"# Layer\n\n{STATED[language]}\n\n$${FORWARD[name]}$$\n"
    statuses = [v.status for v in check_text(text, "n.md").verdicts if v.line == 5]
    assert statuses == [VERIFIED if right else WRONG]  # main: the form without b verified
