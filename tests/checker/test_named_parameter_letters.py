"""Notes that name a parameter with a letter of their own ("stride $T$", "dilation $D$", "el
paso es $T$") and then set it ("we take $T = 2$"): the layer has that stride or dilation.
Read at the default 1 instead, a claim that leaves the parameter out (``x_{t+k}`` for
``x_{2t+k}``) was verified (a miss) and the right one called wrong (a false alarm).

Each claim's expected verdict comes from torch: the claimed dL/dw_k, summed at random
numbers, is compared with autograd's at the notes' stride and dilation."""

from __future__ import annotations

import pytest
from line_verdicts import statuses

from symconv.checker.report import VERIFIED, WRONG

torch = pytest.importorskip("torch")

LENGTH, KERNEL = 9, 3


def _holds(stride: int, dilation: int, at: tuple[int, int]) -> bool:
    """Whether dL/dw_k = sum_t g_t x_{a t + b k} at (a, b) = ``at`` is torch's gradient."""
    gen = torch.Generator().manual_seed(7)
    x = torch.randn(1, 1, LENGTH, generator=gen, dtype=torch.float64)
    w = torch.randn(1, 1, KERNEL, generator=gen, dtype=torch.float64, requires_grad=True)
    y = torch.nn.functional.conv1d(x, w, stride=stride, dilation=dilation)
    g = torch.randn(y.shape, generator=gen, dtype=torch.float64)
    (y * g).sum().backward()
    a, b = at
    claimed = [
        sum(
            float(g[0, 0, t] * x[0, 0, a * t + b * k])
            for t in range(y.shape[-1])
            if a * t + b * k < LENGTH
        )
        for k in range(KERNEL)
    ]
    return torch.allclose(torch.tensor(claimed, dtype=torch.float64), w.grad[0, 0])


_ENGLISH_DILATION = (
    "# Dilated 1-D convolution\n\n"
    "A 1-D convolution with kernel size $K$ and dilation $D$, one channel, no bias, no "
    "padding:\n\n"
    "$$y_t = \\sum_{{k=0}}^{{K-1}} w_k\\, x_{{t+Dk}}$$\n\n"
    "We take $K = 3$ and $D = 2$, input length 9.\n\n"
    "$$\\frac{{\\partial L}}{{\\partial w_k}} = \\sum_{{t}} g_t\\, x_{{{index}}}$$\n"
)
_SPANISH_STRIDE = (
    "## Convolución 1-D con paso\n\n"
    "Una convolución 1-D de un canal, sin sesgo y sin relleno; el paso es $T$ y el núcleo "
    "tiene $K$ pesos:\n\n"
    "$$y_t = \\sum_{{k=0}}^{{K-1}} w_k\\, x_{{Tt+k}}$$\n\n"
    "Tomamos $K = 3$, $T = 2$ y una entrada de longitud 9.\n\n"
    "$$\\frac{{\\partial L}}{{\\partial w_k}} = \\sum_{{t}} g_t\\, x_{{{index}}}$$\n"
)
CASES = [
    # (template, stride, dilation, written index, (a, b) of x_{a t + b k})
    (_ENGLISH_DILATION, 1, 2, "t+2k", (1, 2)),
    (_ENGLISH_DILATION, 1, 2, "t+k", (1, 1)),  # the dilation left out
    (_SPANISH_STRIDE, 2, 1, "2t+k", (2, 1)),
    (_SPANISH_STRIDE, 2, 1, "t+k", (1, 1)),  # the stride left out
]


@pytest.mark.parametrize(
    ("template", "stride", "dilation", "index", "at"),
    CASES,
    ids=["en dilation right", "en dilation left out", "es stride right", "es stride left out"],
)
def test_a_parameter_set_through_its_named_letter(template, stride, dilation, index, at):
    text = template.format(index=index)
    expected = VERIFIED if _holds(stride, dilation, at) else WRONG
    assert statuses(text, "\\partial w_k}") == [expected]


def test_the_truth_tells_the_cases_apart():
    """The grid above has a right and a left-out claim for each parameter."""
    assert [_holds(s, d, at) for _, s, d, _, at in CASES] == [True, False, True, False]


_FRENCH_SHEET = (
    "# Fiche : tailles de sortie\n\n"
    "Notations : entrée $H \\times H$, noyau $K \\times K$, marge $P$, dilatation $D$.\n\n"
    "## Avec dilatation\n\n"
    "- Pour un pas de 1 : $H' = {first}$.\n"
    "- Toujours pour un pas de 1 : $H' = {second}$.\n"
)
_SIDES = {  # the LaTeX and the same side in Python
    "H + 2P - D(K-1)": lambda h, k, p, d: h + 2 * p - d * (k - 1),
    "H + 2P - DK + 1": lambda h, k, p, d: h + 2 * p - d * k + 1,  # d(k-1)+1 read as dk-1
}


def _side_holds(side) -> bool:
    """The output side of a stride-1 conv2d, by torch, over a grid of sizes."""
    for h, k, p, d in (
        (h, k, p, d) for h in (6, 7) for k in (1, 2, 3) for p in (0, 1) for d in (1, 2)
    ):
        x, w = torch.zeros(1, 1, h, h), torch.zeros(1, 1, k, k)
        out = torch.nn.functional.conv2d(x, w, padding=p, dilation=d).shape[-1]
        if side(h, k, p, d) != out:
            return False
    return True


def test_a_dilation_letter_in_a_product_is_the_claims_own():
    """ "$H' = H + 2P - DK + 1$" writes the dilation as D in the product DK: the claim is
    about every dilation and its counterexample at D = 2 makes it wrong."""
    first, second = _SIDES
    text = _FRENCH_SHEET.format(first=first, second=second)
    expected = [VERIFIED if _side_holds(side) else WRONG for side in _SIDES.values()]
    assert expected == [VERIFIED, WRONG]
    assert [statuses(text, f"$H' = {side}$") for side in _SIDES] == [[e] for e in expected]
