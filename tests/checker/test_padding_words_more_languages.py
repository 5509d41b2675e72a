"""A padding stated with words the prose reader did not know: Italian "padding di 1",
German "Padding von 1", Russian "отступ 1", Vietnamese "đệm 1".

Unread, the layer was read with padding 0 and the unpadded forward formula
Y_ij = sum_{u,v} W_uv X_{i+u,j+v} was VERIFIED -- a mistake let through (with padding 1 the
output is 5 x 5, and its entries read X one row and column earlier).  Truth: torch's
conv2d with padding=1 against each formula evaluated with NumPy."""

from __future__ import annotations

import numpy as np
import pytest

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

torch = pytest.importorskip("torch")

STATED = {
    "it": "L'input $X$ è $5 \\times 5$, il kernel $W$ è $3 \\times 3$, stride 1, padding di 1.",
    "de": "Die Eingabe $X$ ist $5 \\times 5$, der Kern $W$ ist $3 \\times 3$, Padding von 1.",
    "ru": "Вход $X$ размера $5 \\times 5$, ядро $W$ размера $3 \\times 3$, шаг 1, отступ 1.",
    "vi": "Đầu vào $X$ là $5 \\times 5$, kernel $W$ là $3 \\times 3$, bước 1, đệm 1.",
}
FORWARD = {
    "padded": "Y = \\operatorname{pad}_1(X) \\star W",
    "unpadded": "Y_{ij} = \\sum_{u=0}^{2}\\sum_{v=0}^{2} W_{uv} X_{i+u,j+v}",
}


def _right(name: str) -> bool:
    rng = np.random.default_rng(4)
    x, w = rng.standard_normal((5, 5)), rng.standard_normal((3, 3))
    y = torch.nn.functional.conv2d(
        torch.tensor(x)[None, None], torch.tensor(w)[None, None], padding=1
    )[0, 0].numpy()
    source = np.pad(x, 1) if name == "padded" else x
    side = source.shape[0] - 2
    formula = np.array(
        [[(w * source[i : i + 3, j : j + 3]).sum() for j in range(side)] for i in range(side)]
    )
    return formula.shape == y.shape and bool(np.allclose(formula, y))


@pytest.mark.parametrize("language", list(STATED))
@pytest.mark.parametrize("name", list(FORWARD))
def test_a_padding_stated_in_these_words_is_the_layers(language, name):
    right = _right(name)
    assert right == (name == "padded")
    text = f"# Layer\n\n{STATED[language]}\n\n$${FORWARD[name]}$$\n"
    statuses = [v.status for v in check_text(text, "n.md").verdicts if v.line == 5]
    assert statuses == [VERIFIED if right else WRONG]  # main: the unpadded form verified
