# ruff: noqa: E501  (the notes are prose lines, kept as a reader writes them)
r"""A relation that ties one size to the others ("same" padding, odd $k$, $p = (k-1)/2$) is a
condition or a choice, not an identity of the sizes nor a fact of the layer read: it is
never called wrong or size-specific (issue 16, fresh39's false alarm, read in general).

A relation with no lone size on a side (the zeros a padding adds) is still judged over the
grid of sizes, so a wrong one stays caught.  Truth: torch's convolution output sizes and
NumPy's count of the zeros a padding adds, computed here.
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from line_verdicts import statuses

from symconv.checker.report import SIZE_SPECIFIC, WRONG

TIE_ES = """# Relleno

Una imagen con $C$ canales de tamaño $H \\times W$, $F$ filtros de tamaño $k \\times k$, paso 1 y sin relleno salvo que se diga.

Para una imagen ($C = 3$, $32 \\times 32$) y 16 filtros $3 \\times 3$ con relleno 1, la matriz tiene 27 filas.

Con relleno "same" ($k$ impar, $p = (k-1)/2$) y paso 1 cada píxel se copia $k^2$ veces.

El relleno añade $(H + 2p)(W + 2p) - HW = 2p(H + W)$ ceros.
"""

TIE_EN = """# Memory of im2col

One image $x$ with $C$ channels of size $H \\times W$, $F$ filters of size $k \\times k$, stride 1 and no padding unless I say otherwise.

For an image ($C = 3$, $32 \\times 32$) and 16 filters $3 \\times 3$ with padding 1, the column matrix has 27 rows.

With odd $k$, $p = (k-1)/2$ and stride 1 every pixel is copied.
"""


def _same_keeps_size(k: int, h: int = 9) -> bool:
    """Whether stride 1 with padding (k-1)/2 keeps an h x h input's size (torch)."""
    y = F.conv2d(torch.zeros(1, 1, h, h), torch.zeros(1, 1, k, k), padding=(k - 1) // 2)
    return tuple(y.shape[-2:]) == (h, h)


def _zeros_added(h: int, w: int, p: int) -> int:
    """The zeros a padding p adds around an h x w image, counted by NumPy."""
    return int((np.pad(np.ones((h, w)), p) == 0).sum())


def test_same_padding_tie_is_a_condition_not_a_claim() -> None:
    # the tie is the 'same' condition at every odd kernel (torch) but not an identity:
    # at k = 1 the padding 1 of the notes' layer is not (k - 1)/2 = 0
    assert all(_same_keeps_size(k) for k in (1, 3, 5, 7))
    for text, piece in ((TIE_ES, "impar, $p ="), (TIE_EN, "With odd $k$")):
        assert not {WRONG, SIZE_SPECIFIC} & set(statuses(text, piece))


def test_a_relation_without_a_tie_is_still_judged_over_the_grid() -> None:
    # (H + 2p)(W + 2p) - HW = 2p(H + W) + 4p^2: the 4p^2 corners are left out
    assert _zeros_added(1, 1, 1) == 8 != 2 * 1 * (1 + 1)
    found = statuses(TIE_ES, "El relleno añade")
    assert found and set(found) <= {WRONG, SIZE_SPECIFIC}
