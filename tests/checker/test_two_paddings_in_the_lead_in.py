"""An output size after a lead-in that writes two paddings of the kernel: "The total
padding needed is $P = k - 1$, which is odd ... Symmetric padding $p = k/2$ gives one extra
row: for the kernel $k = 4$, $H_{out} = H + 4 - 4 + 1 = H + 1$."

The case reader (output_case.py) took the first padding formula of the lead-in, P = k - 1,
as the padding per side, and called the right H + 1 of the symmetric padding false (a false
alarm).  Now, where a lead-in writes two paddings as formulas of the kernel, the claim's own
sentence's is its case; where that sentence writes none, the case is not read.
Truth: torch's conv2d output side with a 4-wide kernel padded by 2 (k/2) on each side."""

from __future__ import annotations

import pytest
import torch

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

LEAD = {
    "en": "# Q&A: what does 'same' padding do?\n\n### Even kernel, stride 1\n\n"
    "The total padding needed is $P = k - 1$, which is odd, so it cannot be split evenly. "
    "Symmetric padding $p = k/2$ gives one extra row: for the kernel $k = 4$ we get ",
    "es": "# Preguntas: ¿qué hace el relleno 'same'?\n\n### Núcleo par, paso 1\n\n"
    "El relleno total necesario es $P = k - 1$, que es impar, así que no se puede repartir "
    "por igual. El relleno simétrico $p = k/2$ da una fila de más: para el núcleo $k = 4$ "
    "queda ",
}
# the lead-in's padding formulas in sentences before the claim's own, which writes none
APART = {
    "en": "# Q&A: what does 'same' padding do?\n\n### Even kernel, stride 1\n\n"
    "The total padding needed is $P = k - 1$, which is odd. Symmetric padding "
    "$p = k/2$ leaves one row over. For the kernel $k = 4$ we get ",
    "es": "# Preguntas: ¿qué hace el relleno 'same'?\n\n### Núcleo par, paso 1\n\n"
    "El relleno total necesario es $P = k - 1$, que es impar. Con el relleno simétrico "
    "$p = k/2$ en cambio sobra una fila. Para el núcleo $k = 4$ queda ",
}
# the claim, and its sides after the first as functions of H
CLAIMS = {
    "right": ("H_{out} = H + 4 - 4 + 1 = H + 1", (lambda h: h + 4 - 4 + 1, lambda h: h + 1)),
    "last side wrong": ("H_{out} = H + 4 - 4 + 1 = H", (lambda h: h + 4 - 4 + 1, lambda h: h)),
    "one row a side": ("H_{out} = H + 2 - 4 + 1 = H - 1", (lambda h: h - 1, lambda h: h - 1)),
}


def _torch_side(h: int) -> int:
    """The output side of a 4x4 kernel, stride 1, padding 2 (= k/2) on an h x h input."""
    out = torch.nn.functional.conv2d(torch.zeros(1, 1, h, h), torch.zeros(1, 1, 4, 4), padding=2)
    return int(out.shape[-1])


def _holds(claim: str) -> bool:
    return all(side(h) == _torch_side(h) for h in range(1, 9) for side in CLAIMS[claim][1])


@pytest.mark.parametrize("lang", list(LEAD))
@pytest.mark.parametrize("claim", list(CLAIMS))
def test_the_claims_own_sentence_sets_its_padding(lang, claim):
    right = _holds(claim)
    assert right == (claim == "right")
    text = LEAD[lang] + f"${CLAIMS[claim][0]}$.\n"
    statuses = [v.status for v in check_text(text, "n.md").verdicts if v.line == 5]
    assert statuses == [VERIFIED if right else WRONG]  # main: the right one WRONG


@pytest.mark.parametrize("lang", list(APART))
def test_two_paddings_before_the_claims_sentence_leave_the_case_unread(lang):
    assert _holds("right")
    text = APART[lang] + f"${CLAIMS['right'][0]}$.\n"
    statuses = [v.status for v in check_text(text, "n.md").verdicts if v.line == 5]
    assert statuses == [NOT_UNDERSTOOD]  # main: WRONG, read with P = k - 1 per side
