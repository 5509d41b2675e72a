"""A pooling worked example whose window the notes give as a PyTorch / Keras constructor
(``nn.MaxPool2d(3, stride=1)``, ``MaxPooling2D(pool_size=2)``, ``kernel_size=2`` beside "the
stride equals the window"), after a convolution section whose kernel and stride the reading
carries over; three statements on one display line ("X = [..], dL/dY = [..], dL/dX = [..]");
the average pool's ``\\frac{1}{4} \\frac{\\partial L}{\\partial Y} \\otimes \\mathbf{1}``
(fresh26's library reference had all three not understood, and the carried 3x3 window would
have called the right routing wrong).

Truth: torch autograd through max_pool2d / avg_pool2d; the wrong claims change one entry or
the scale.
"""

from __future__ import annotations

from fractions import Fraction

import torch

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

X = [[3, 1, 4, 0], [5, 9, 2, 6], [-5, 3, 11, 8], [10, 7, -9, 12]]  # no tie in any window


def _grads(op: str, k: int, s: int, g):
    x = torch.tensor(X, dtype=torch.float64, requires_grad=True)
    f = torch.nn.functional.max_pool2d if op == "max" else torch.nn.functional.avg_pool2d
    y = f(x[None, None], k, s)[0, 0]
    y.backward(torch.tensor(g, dtype=torch.float64))
    assert x.grad is not None
    return x.grad.tolist()


def _m(rows) -> str:
    def cell(v) -> str:
        v = Fraction(v).limit_denominator()
        return str(v.numerator) if v.denominator == 1 else f"{float(v):g}"

    return (
        "\\begin{bmatrix} "
        + " \\\\ ".join(" & ".join(cell(v) for v in row) for row in rows)
        + " \\end{bmatrix}"
    )


def _statuses(text: str, line: int) -> list[str]:
    return [v.status for v in check_text(text, "notes.md").verdicts if v.line == line]


_CONV = [
    "# Layers",
    "",
    "## Convolution",
    "",
    "`conv = nn.Conv2d(1, 2, kernel_size=2, stride=2, padding=1)` on a $6 \\times 6$ input.",
    "",
]


def _english(claimed) -> str:
    g = [[1, -1], [2, 0.5]]
    return "\n".join(
        [
            *_CONV,
            "## Pooling",  # 7
            "",
            "With `pool = nn.MaxPool2d(3, stride=1)` on one $4 \\times 4$ map:",  # 9
            "",
            f"$$X = {_m(X)}, \\quad \\frac{{\\partial L}}{{\\partial Y}} = {_m(g)}, \\quad "
            f"\\frac{{\\partial L}}{{\\partial X}} = {_m(claimed)}$$",  # 11
        ]
    )


def test_a_constructor_window_and_three_statements_on_one_line():
    truth = _grads("max", 3, 1, [[1, -1], [2, 0.5]])
    assert _statuses(_english(truth), 11)[-1] == VERIFIED
    wrong = [row[:] for row in truth]
    wrong[1][1] += 1  # x = 9 at (1, 1) is no window's maximum: it gets 0
    assert _statuses(_english(wrong), 11)[-1] == WRONG


def _spanish(scale: str) -> str:
    g = [[4, -2], [1, 6]]
    dx = _grads("max", 2, 2, g)
    return "\n".join(
        [
            *_CONV,
            "## Pooling",  # 7
            "",
            "La capa `MaxPooling2D(pool_size=2)` no tiene parámetros. Ejemplo con "
            "`kernel_size=2` (el paso es igual al tamaño de la ventana):",  # 9
            "",
            f"$$X = {_m(X)}, \\qquad \\frac{{\\partial L}}{{\\partial Y}} = {_m(g)}, \\qquad "
            f"\\frac{{\\partial L}}{{\\partial X}} = {_m(dx)}$$",  # 11
            "",
            "Con `AvgPool2d(2)` sobre el mismo ejemplo: $\\frac{\\partial L}{\\partial X} = "
            f"{scale}\\, \\frac{{\\partial L}}{{\\partial Y}} "
            "\\otimes \\mathbf{1}_{2 \\times 2}$.",
        ]
    )


def test_keras_pool_size_and_an_average_pool_named_in_the_lead_in():
    g = [[4, -2], [1, 6]]
    avg = _grads("avg", 2, 2, g)
    assert avg[0][0] == g[0][0] / 4  # torch: each of the four inputs gets G/4
    assert _statuses(_spanish("\\frac{1}{4}"), 11)[-1] == VERIFIED
    assert _statuses(_spanish("\\frac{1}{4}"), 13) == [VERIFIED]
    assert _statuses(_spanish("\\frac{1}{2}"), 13) == [WRONG]


def test_a_pool_with_padding_in_its_constructor_is_not_read_as_a_plain_window():
    text = _english(_grads("max", 3, 1, [[1, -1], [2, 0.5]])).replace(
        "nn.MaxPool2d(3, stride=1)", "nn.MaxPool2d(3, stride=1, padding=1)"
    )
    assert _statuses(text, 11)[-1] in (NOT_UNDERSTOOD,)
