"""A filter word before the output's letter does not make that letter the kernel when the
notes name the kernel W themselves (infer._without_renamed_roles): "capa 1: filtro
$W^{(1)}$ de 3x3" and later "con el segundo filtro $z^{(2)}$ queda de 4x4" (z, the filter's
result, is the output).  On main every z of the notes became a kernel entry and the notes'
correct forward ``z_{i,j} = \\sum W_{m,n} a_{i+m,j+n} + b`` was called wrong.

Truth: torch's conv2d (cross-correlation, as the notes define it) at random values; the
correct form and a deliberately wrong one (the window flipped, a[i-m, j-n]) are decided by
it, never by symconv."""

from __future__ import annotations

import pytest

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

torch = pytest.importorskip("torch")

SPANISH = """# Tema 3: capas convolucionales

- entrada $a^{(0)}$ de $6\\times 6$,
- capa 1: filtro $W^{(1)}$ de $3\\times 3$, sesgo $b^{(1)}$, paso 1, sin relleno,
- capa 2: filtro $W^{(2)}$ de $2\\times 2$, sesgo $b^{(2)}$, paso 1, sin relleno.

Así $z^{(1)}$ es $4\\times 4$, y con el segundo filtro $z^{(2)}$ queda de $3\\times3$.

$${claim}$$
"""

ENGLISH = """# Week 5: a two-layer convolutional stack

- input $a^{(0)}$ of size $6\\times 6$,
- layer 1: kernel $W^{(1)}$ of size $3\\times 3$, bias $b^{(1)}$, stride 1, no padding,
- layer 2: kernel $W^{(2)}$ of size $2\\times 2$, bias $b^{(2)}$, stride 1, no padding.

So $z^{(1)}$ is $4\\times 4$, and after the second kernel $z^{(2)}$ is $3\\times 3$.

$${claim}$$
"""

CORRECT = (
    "z^{(1)}_{i,j} = \\sum_{m=0}^{2}\\sum_{n=0}^{2} W^{(1)}_{m,n}\\, a^{(0)}_{i+m,\\,j+n} + b^{(1)}"
)
FLIPPED = (
    "z^{(1)}_{i,j} = \\sum_{m=0}^{2}\\sum_{n=0}^{2} W^{(1)}_{m,n}\\, a^{(0)}_{i+2-m,\\,j+2-n}"
    " + b^{(1)}"
)


def _holds(flipped: bool) -> bool:
    """Whether the claim's sum equals torch's layer-1 output at random values."""
    gen = torch.Generator().manual_seed(3)
    a = torch.randn((6, 6), generator=gen, dtype=torch.float64)
    w = torch.randn((3, 3), generator=gen, dtype=torch.float64)
    b = float(torch.randn((), generator=gen, dtype=torch.float64))
    z = torch.nn.functional.conv2d(a[None, None], w[None, None])[0, 0] + b
    for i in range(4):
        for j in range(4):
            total = b
            for m in range(3):
                for n in range(3):
                    r, c = (i + 2 - m, j + 2 - n) if flipped else (i + m, j + n)
                    total += float(w[m, n] * a[r, c])
            if abs(total - float(z[i, j])) > 1e-9:
                return False
    return True


@pytest.mark.parametrize("notes", [SPANISH, ENGLISH], ids=["es", "en"])
@pytest.mark.parametrize("claim, flipped", [(CORRECT, False), (FLIPPED, True)])
def test_the_output_letter_after_a_filter_word_stays_the_output(notes, claim, flipped):
    expected = VERIFIED if _holds(flipped) else WRONG
    verdict = check_text(notes.replace("{claim}", claim), "n.md").verdicts[-1]
    assert verdict.status == expected, verdict.message
