"""Layer sizes stated in prose the way the unseen dev notes state them (issue 16): a gloss in
parentheses ("paso (*stride*) 2"), channels and filters counted ("C = 2 input channels",
"F = 3 filters"), a size letter given its value in its own math span ("un filtro $W$ de
$k\\times k$ con $k = 3$"), and a size at a line's start whose role word ends the line
before.  Each is checked end to end against torch: a claim true at the stated sizes is
verified, the same claim with a wrong term stays wrong.
"""

from __future__ import annotations

import pytest
import torch

from symconv.checker.prose import prose_facts
from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text


def test_glosses_channels_and_filters():
    assert ("stride", "2", "prose") in prose_facts("paso (*stride*) 2 y relleno")
    assert ("padding", "1", "prose") in prose_facts("relleno (*padding*) de $p = 1$ cero")
    facts = prose_facts("each with $C = 2$ input channels, and a layer of $F = 3$ filters")
    assert ("in-channels", "2", "prose") in facts and ("out-channels", "3", "prose") in facts
    assert ("sizes", "k=kernel-height,k=kernel-width", "prose") in prose_facts(
        "un filtro $W$ de $k\\times k$ con $k = 3$"
    )
    # the role word on the line before: "whose input is the / 4x4 activation"
    assert ("input", "4x4", "prose") in prose_facts(
        "$4\\times 4$ activation of the previous layer", "a layer whose input is the"
    )
    assert ("input", "4x4", "prose") not in prose_facts(
        "$4\\times 4$ activation of the previous layer", ""
    )


def _corner(stride: int, padding: int) -> tuple[float, list[float]]:
    """y_{0,0} of a 5x5 input and 3x3 kernel by torch, and the entries it multiplies."""
    x = torch.arange(25.0).reshape(1, 1, 5, 5)
    w = torch.zeros(1, 1, 3, 3)
    w[0, 0, 1, 1] = 1.0
    y = torch.nn.functional.conv2d(x, w, stride=stride, padding=padding)
    return float(y[0, 0, 1, 1]), [float(v) for v in y.flatten()]


NOTE = (
    "Consideramos una entrada $X$ de tamaño $5\\times 5$, con índices desde 0, un\n"
    "filtro $W$ de $k\\times k$ con $k = 3$, paso (*stride*) 2 y relleno (*padding*) de "
    "$p = 1$ cero por cada lado, sin sesgo.\n\n"
    "Con paso 3 tendríamos otra cosa.\n\n$${claim}$$\n"
)


@pytest.mark.parametrize(
    ("claim", "expected"),
    [
        # stride 2, padding 1: y_{1,1} is centred on x_{2,2}, its window x_{1..3,1..3}
        (r"y_{1,1} = \sum_{m=0}^{2}\sum_{n=0}^{2} x_{1+m,1+n} w_{m,n}", VERIFIED),
        (r"y_{1,1} = \sum_{m=0}^{2}\sum_{n=0}^{2} x_{2+m,2+n} w_{m,n}", WRONG),
        (r"k = 3", VERIFIED),
        (r"p = 1", VERIFIED),
        (r"p = 2", WRONG),
    ],
)
def test_the_sizes_read_from_spanish_prose(claim, expected):
    centre, _ = _corner(2, 1)
    assert centre == 12.0  # torch: y_{1,1} at stride 2, padding 1 sits on x_{2,2}
    verdicts = check_text(NOTE.replace("{claim}", claim), "n.md").verdicts
    assert verdicts[-1].status == expected, verdicts[-1].message
