"""Claims about something the notes' layer does not have, or leave open, are never verified.

Four holes found by reading the checker's verified claims again (session of 2026-12-05):

* a derivative with respect to an entry the kernel lacks (``\\partial y_{11}/\\partial
  w_{33} = 0`` of a 2x2 kernel) was 0 = 0, verified: nothing depends on an entry that does
  not exist, so any claim about it held;
* notes naming both kinds of pooling ("average pooling is one option; here we use max
  pooling", "last lecture: average pooling; today: max pooling") were read as average
  pooling, and the average's routing ``G/4`` verified of a max pooling;
* a dense layer read without a bias (facts carried from an earlier exercise) met ``Y = XW
  + b`` with an internal error;
* a parameter count that forgets the biases (``6 \\cdot 5 \\cdot 5 \\cdot 3 = 450`` for
  nn.Conv2d(3, 6, 5), which has 456) was verified of notes that write no ``b`` and never
  say the layer has none: the layer was read without biases only because none is written.

The truth of each claim comes from torch autograd on the layer the notes describe; a claim
that is false there must not be verified, and one about a layer the notes leave open is
not understood, naming what is open.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text


def _verdicts(text: str) -> list[dict]:
    """The verdicts of the notes' equations (not the "assumed" lines), as dicts."""
    return [v.to_dict() for v in check_text(text, "notes.md").verdicts if v.status != "assumed"]


def _on_claim(notes: str, claim: str) -> list[dict]:
    """The verdicts of the display ``$$claim$$`` of ``notes`` (its line only)."""
    text = notes.format(claim=claim)
    line = text.splitlines().index(f"$${claim}$$") + 1
    return [v for v in _verdicts(text) if v["line"] == line]


KERNEL_2X2 = (
    "# A 3x3 input and a 2x2 kernel\n\n"
    "The input $x$ is $3\\times 3$, the kernel $w$ is $2\\times 2$, stride 1, no padding, so "
    "the output $y$ is $2\\times 2$: $y_{{ij}} = \\sum_{{a=0}}^{{1}}\\sum_{{b=0}}^{{1}} w_{{ab}} "
    "x_{{i+a,j+b}}$.\n\n"
    "$${claim}$$\n"
)


def _conv_derivative(i: int, j: int, a: int, b: int) -> torch.Tensor:
    """d y_ij / d w_ab of the 3x3, 2x2 correlation, by autograd at a random x."""
    x = torch.randn(1, 1, 3, 3, dtype=torch.float64)
    w = torch.randn(1, 1, 2, 2, dtype=torch.float64, requires_grad=True)
    (grad,) = torch.autograd.grad(F.conv2d(x, w)[0, 0, i, j], w)
    assert torch.equal(grad[0, 0, a, b], x[0, 0, i + a, j + b])  # the claim's right side
    return grad


def test_derivative_by_an_entry_the_kernel_lacks_is_never_verified() -> None:
    _conv_derivative(0, 0, 1, 1)  # the 2x2 kernel has w_00..w_11 and nothing else
    for claim in (
        "\\frac{\\partial y_{11}}{\\partial w_{33}} = 0",
        "\\frac{\\partial y_{00}}{\\partial w_{22}} = 0",
        "\\frac{\\partial y_{11}}{\\partial w_{23}} = x_{33}",
    ):
        (found,) = _on_claim(KERNEL_2X2, claim)
        assert found["status"] == NOT_UNDERSTOOD, (claim, found)
        assert "is not an entry of this layer" in found["message"], found


def test_derivative_by_an_entry_the_kernel_has_is_still_judged() -> None:
    _conv_derivative(0, 0, 1, 1)
    (right,) = _on_claim(KERNEL_2X2, "\\frac{\\partial y_{00}}{\\partial w_{11}} = x_{11}")
    assert right["status"] == VERIFIED, right
    (off,) = _on_claim(KERNEL_2X2, "\\frac{\\partial y_{00}}{\\partial w_{11}} = x_{10}")
    assert off["status"] == WRONG, off


QUARTER = (
    "\\frac{\\partial L}{\\partial x_{i,j}} = \\frac{1}{4}\\frac{\\partial L}{\\partial "
    "y_{\\lfloor i/2\\rfloor,\\lfloor j/2\\rfloor}}"
)


def _quarter_holds(kind: str) -> bool:
    """Whether dL/dx = G/4 (each window's quarter) holds for a 2x2, stride-2 pool of a
    4x4 input, by autograd at a random input without ties and a random G."""
    x = torch.randn(1, 1, 4, 4, dtype=torch.float64, requires_grad=True)
    pool = F.max_pool2d if kind == "max" else F.avg_pool2d
    y = pool(x, 2, 2)
    g = torch.randn_like(y)
    (dx,) = torch.autograd.grad(y, x, g)
    quarter = torch.repeat_interleave(torch.repeat_interleave(g, 2, -1), 2, -2) / 4
    return bool(torch.allclose(dx, quarter))


BOTH_KINDS = {
    "one sentence": (
        "# Pooling layers\n\nAverage pooling is one option; here we use max pooling with "
        "$2\\times 2$ windows and stride 2 on a $4\\times 4$ map.\n\n$${claim}$$\n"
    ),
    "two paragraphs": (
        "# Pooling\n\nIn the last lecture we saw average pooling.\n\nToday: a $4\\times 4$ "
        "input, $2\\times 2$ windows, stride 2, and the maximum of each window is kept (max "
        "pooling).\n\n$${claim}$$\n"
    ),
    "Spanish": (
        "# Agrupamiento\n\nEl pooling promedio es una opción; aquí usamos max pooling con "
        "ventanas de $2\\times 2$ y paso 2 sobre un mapa de $4\\times 4$.\n\n$${claim}$$\n"
    ),
}


def test_the_average_routing_is_never_verified_of_notes_that_name_both_kinds() -> None:
    assert _quarter_holds("avg") and not _quarter_holds("max")  # the two kinds differ
    for style, notes in BOTH_KINDS.items():
        (found,) = _verdicts(notes.format(claim=QUARTER))
        assert found["status"] == NOT_UNDERSTOOD, (style, found)
        assert "both" in found["message"], (style, found)


def test_one_kind_named_is_still_judged() -> None:
    assert _quarter_holds("avg") and not _quarter_holds("max")
    average = (
        "# Pooling\n\nAverage pooling with $2\\times 2$ windows and stride 2 on a "
        "$4\\times 4$ map.\n\n$${claim}$$\n"
    )
    (found,) = _verdicts(average.format(claim=QUARTER))
    assert found["status"] == VERIFIED, found
    maximum = (
        "# Pooling\n\nMax pooling keeps the largest entry of each window. We take a "
        "$4\\times 4$ input and $2\\times 2$ windows, stride 2.\n\n"
        "$$y_{i,j} = \\frac{1}{4}\\sum_{a=0}^{1}\\sum_{b=0}^{1} x_{2i+a,2j+b}$$\n"
    )
    (found,) = _verdicts(maximum)
    assert found["status"] == WRONG, found


def test_a_bias_in_a_dense_layer_read_without_one_is_not_an_internal_error() -> None:
    notes = (
        "# Hoja de ejercicios\n\n**Ejercicio 1.** Una capa convolucional de un canal, sin "
        "sesgo, paso 1 y sin relleno. La entrada es $3\\times3$ y el filtro $2\\times2$.\n\n"
        "$$Y = X \\star K$$\n\n"
        "**Ejercicio 3.** Capa densa en convención de filas: $Y = XW + b$, con lote de 2 "
        "ejemplos, $X \\in \\mathbb{R}^{2\\times 3}$, $W \\in \\mathbb{R}^{3\\times 2}$.\n"
    )
    found = _verdicts(notes)
    assert found, "nothing judged"
    for f in found:
        assert "internal error" not in f.get("message", ""), f


COUNT_NOTES = {
    "English": (
        "# Counting parameters\n\nA convolutional layer takes a $32\\times 32\\times 3$ input "
        "and applies 6 filters of size\n$5\\times 5$ with stride 1{extra}.\n\n"
        "The number of learnable parameters is ${claim}$.\n"
    ),
    "Spanish": (
        "# Parámetros\n\nUna capa convolucional aplica 6 filtros de $5\\times 5$ a una entrada "
        "de $32\\times 32\\times 3$, con paso 1{extra}.\n\n"
        "El número de parámetros es ${claim}$.\n"
    ),
}
NO_BIAS_WORDS = {"English": " and no bias", "Spanish": " y sin sesgo"}


def _count_verdict(style: str, claim: str, extra: str = "") -> dict:
    (found,) = _verdicts(COUNT_NOTES[style].format(claim=claim, extra=extra))
    return found


def test_a_count_that_forgets_the_biases_is_not_verified_of_notes_silent_on_them() -> None:
    with_bias = sum(p.numel() for p in torch.nn.Conv2d(3, 6, 5).parameters())
    without = sum(p.numel() for p in torch.nn.Conv2d(3, 6, 5, bias=False).parameters())
    assert (with_bias, without) == (456, 450)
    for style in COUNT_NOTES:
        forgot = _count_verdict(style, "6 \\cdot 5 \\cdot 5 \\cdot 3 = 450")
        assert forgot["status"] == NOT_UNDERSTOOD, (style, forgot)
        assert "no bias symbol" in forgot["message"], (style, forgot)
        counted = _count_verdict(style, "6 \\cdot 5 \\cdot 5 \\cdot 3 + 6 = 456")
        assert counted["status"] == VERIFIED, (style, counted)
        stated = _count_verdict(style, "6 \\cdot 5 \\cdot 5 \\cdot 3 = 450", NO_BIAS_WORDS[style])
        assert stated["status"] == VERIFIED, (style, stated)


def _transposed_side(h: int, k: int, s: int, p: int) -> int:
    x = torch.zeros(1, 1, h, h)
    return int(F.conv_transpose2d(x, torch.zeros(1, 1, k, k), stride=s, padding=p).shape[-1])


TRANSPOSED = (
    "# Transposed convolution\n\nA transposed convolution with a $3\\times 3$ input, kernel 3, "
    "stride 2, padding 1.\n\n$${claim}$$\n"
)


def test_an_output_formula_chained_to_its_value_is_never_dropped() -> None:
    """``H_out = (H_in - 1)s - 2p + k = 5`` was read as prose (no verdict, no line in the
    report): the formula is judged for all sizes, its value at least reported."""
    assert _transposed_side(3, 3, 2, 1) == 5
    right = _on_claim(TRANSPOSED, "H_{out} = (H_{in} - 1) s - 2p + k = 5")
    assert [f["status"] for f in right] == [NOT_UNDERSTOOD], right
    assert _transposed_side(2, 1, 2, 1) == 1  # the counterexample the checker names
    wrong = _on_claim(TRANSPOSED, "H_{out} = (H_{in} - 1) s + 2p + k = 9")
    assert [f["status"] for f in wrong] == [WRONG], wrong
    assert "transposed convolution's output has 1" in wrong[0]["message"], wrong
