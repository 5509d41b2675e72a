# ruff: noqa: E501  (the notes are prose lines, kept as a reader writes them)
r"""The rows 'same' padding puts on each side of the map, named by the side ("$K = 4$ では
$P_{\text{top}} = 1$, $P_{\text{bottom}} = 2$", issue 16, fresh39): at stride 1 the two
sides add up to K - 1, floor((K - 1)/2) before the map and the rest after it (PyTorch's
padding='same').  Truth: torch's conv2d with padding='same' against the same conv2d on a
map padded by hand, computed here.
"""

from __future__ import annotations

import warnings

import torch
import torch.nn.functional as F
from line_verdicts import statuses

from symconv.checker.report import VERIFIED, WRONG

SIDES_EN = """# Even kernels and 'same'

Stride 1 throughout. With `padding='same'` and $K = 4$ the layer needs $K - 1 = 3$ rows; PyTorch puts $P_{top} = 1$ and $P_{bottom} = 2$.

A common misreading of `padding='same'` with $K = 4$ is $P_{top} = 2$.
"""

SIDES_ES = """# Núcleos pares y 'same'

Paso 1. Con `padding='same'` y $K = 6$ faltan $K - 1 = 5$ columnas: $P_{\\text{left}} = 2$ y $P_{\\text{right}} = 3$.

Con `padding='same'` y $K = 6$ no es $P_{\\text{right}} = 2$.
"""


def _same_split(k: int) -> tuple[int, int]:
    """(before, after) that reproduce torch's padding='same' at stride 1 for a k-wide kernel."""
    torch.manual_seed(k)
    x, w = torch.randn(1, 1, 9, 9), torch.randn(1, 1, k, k)
    with warnings.catch_warnings():  # torch warns that an even kernel needs a padded copy
        warnings.simplefilter("ignore", UserWarning)
        same = F.conv2d(x, w, padding="same")
    for before in range(k):
        after = k - 1 - before
        by_hand = F.conv2d(F.pad(x, (before, after, before, after)), w)
        if torch.allclose(same, by_hand, atol=1e-6):
            return before, after
    raise AssertionError("no split reproduces padding='same'")


def test_same_padding_sides_are_read() -> None:
    assert _same_split(4) == (1, 2)
    assert _same_split(6) == (2, 3)
    assert statuses(SIDES_EN, "PyTorch puts")[-2:] == [VERIFIED, VERIFIED]
    assert statuses(SIDES_ES, "columnas")[-2:] == [VERIFIED, VERIFIED]


def test_wrong_same_padding_side_is_caught() -> None:
    assert _same_split(4)[0] != 2
    assert _same_split(6)[1] != 2
    assert WRONG in statuses(SIDES_EN, "misreading")
    assert WRONG in statuses(SIDES_ES, "no es")
