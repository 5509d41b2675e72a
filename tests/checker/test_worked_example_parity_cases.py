"""Two settings the notes state that a claim's reading must keep.

* A parity the size formula's own clause states: "For even lengths this is just
  $L_{out} = L/2$, and for odd lengths $L_{out} = (L + 1)/2$" (a kernel 3, stride 2,
  padding 1 layer: floor((L - 1)/2) + 1).  Judged over every L, the even case failed at L = 1
  and the odd case at the notes' even L = 40; each is right exactly in the case it states.
* The stride and padding of the notes' own layer under a worked example that gives only its
  own tensors ("A tiny case: one channel, one filter, $w = (1, -1, 2)$ and $x = (2, 0, 1, 3,
  -1, 1)$"): read at stride 1 and no padding, the example's right entries were called wrong.
  Read under the notes' stride 2 and padding 1 they hold; which layer the example means is
  not stated, so they are not understood -- and a sum added up wrong stays wrong.

The truth is torch's conv1d."""

from __future__ import annotations

import pytest
from conftest import checked_text
from line_verdicts import one_verdict

from symconv.checker.parity_case import stated_parity
from symconv.checker.report import NOT_UNDERSTOOD, SIZE_SPECIFIC, VERIFIED, WRONG

torch = pytest.importorskip("torch")
F = torch.nn.functional


def _out_length(length: int, kernel: int = 3, stride: int = 2, padding: int = 1) -> int:
    x = torch.zeros(1, 1, length)
    return F.conv1d(x, torch.zeros(1, 1, kernel), stride=stride, padding=padding).shape[-1]


# ---------------------------------------------------------------- a stated parity
_PARITY_EN = (
    "# Conv1d shapes\n\n```python\n"
    "conv = nn.Conv1d(in_channels=4, out_channels=6, kernel_size=3, stride=2, padding=1)\n"
    "x = torch.randn(2, 4, 40)   # (N, C, L)\n```\n\n## Shapes\n\n"
    "The input is $(N, C, L)$ with $N = 2$, $C = 4$, $L = 40$. The output length is "
    "$L_{{\\text{{out}}}} = \\lfloor (L + 2p - k)/s \\rfloor + 1 = 20$.\n\n"
    "So `y.shape` is $(2, 6, 20)$. For even lengths this is just $L_{{\\text{{out}}}} = {even}$, "
    "and for odd lengths $L_{{\\text{{out}}}} = {odd}$.\n"
)
_PARITY_DE = (
    "# Formen bei Conv1d\n\n```python\n"
    "conv = nn.Conv1d(in_channels=4, out_channels=6, kernel_size=3, stride=2, padding=1)\n"
    "x = torch.randn(2, 4, 40)   # (N, C, L)\n```\n\n## Formen\n\n"
    "Die Eingabe ist $(N, C, L)$ mit $N = 2$, $C = 4$, $L = 40$. Die Ausgabelänge ist "
    "$L_{{\\text{{out}}}} = \\lfloor (L + 2p - k)/s \\rfloor + 1 = 20$.\n\n"
    "Also ist `y.shape` gleich $(2, 6, 20)$. Für gerade Längen ist das einfach "
    "$L_{{\\text{{out}}}} = {even}$, und für ungerade Längen $L_{{\\text{{out}}}} = {odd}$.\n"
)
# (formula, the value it gives at a length) -- the last is the deliberate slip
_FORMULAS = {
    "L/2": lambda n: n / 2,
    "(L + 1)/2": lambda n: (n + 1) / 2,
    "(L - 1)/2": lambda n: (n - 1) / 2,
}


@pytest.mark.parametrize("template", [_PARITY_EN, _PARITY_DE], ids=["en", "de"])
@pytest.mark.parametrize("odd", ["(L + 1)/2", "(L - 1)/2"])
def test_a_formula_for_one_parity_is_judged_at_that_parity(template, odd):
    lengths = range(1, 41)
    even_holds = all(_FORMULAS["L/2"](n) == _out_length(n) for n in lengths if n % 2 == 0)
    odd_holds = all(_FORMULAS[odd](n) == _out_length(n) for n in lengths if n % 2 == 1)
    assert even_holds and odd_holds == (odd == "(L + 1)/2")  # torch
    assert any(_FORMULAS["L/2"](n) != _out_length(n) for n in lengths)  # not for every L
    text = template.format(even="L/2", odd=odd)
    line = text.split("\n").index(next(r for r in text.split("\n") if "(2, 6, 20)" in r)) + 1
    found = {v.source: v for v in checked_text(text, "notes.md").verdicts if v.line == line}
    even = found["L_{\\text{out}} = L/2"]
    assert even.status == VERIFIED, even.message
    slip = found[f"L_{{\\text{{out}}}} = {odd}"]
    # the slip is never verified (wrong, or not understood: it is the unpadded layer's side)
    assert (slip.status == VERIFIED) == odd_holds, slip.message
    assert odd_holds or slip.status in (WRONG, NOT_UNDERSTOOD)


def test_a_formula_with_no_parity_keeps_its_verdict():
    text = _PARITY_EN.replace("For even lengths this is just", "This is just").format(
        even="L/2", odd="(L + 1)/2"
    )
    found = one_verdict(
        text.replace(", and for odd lengths $L_{\\text{out}} = (L + 1)/2$", ""), "This is just"
    )
    assert found.status == SIZE_SPECIFIC, found.message  # L = 1 gives 1, not 1/2 (torch)
    assert _out_length(1) == 1


@pytest.mark.parametrize(
    ("before", "parity"),
    [
        ("For even lengths this is just ", ("input", 0)),
        ("und für ungerade Längen ", ("input", 1)),
        ("सम लंबाई के लिए यह बस ", ("input", 0)),
        ("for odd $k$ we take ", ("kernel", 1)),
        ("con núcleo impar, ", ("kernel", 1)),
        ("when $L$ is even, ", ("input", 0)),
        # "even" as an adverb, and a sentence naming both parities: no case
        ("Even without padding, ", None),
        ("This holds even for stride 2: ", None),
        ("for even or odd L ", None),
    ],
)
def test_the_parity_a_clause_states(before, parity):
    assert stated_parity(before) == parity


# ---------------------------------------------------------------- a worked example
_EXAMPLE = {
    "en": (
        "# Conv1d by hand\n\n```python\n"
        "conv = nn.Conv1d(in_channels=8, out_channels=4, kernel_size=3, stride=2, padding=1)\n"
        "x = torch.randn(2, 8, 64)\n```\n\n## One entry by hand\n\n"
        "So $y[n,o,0]$ only sees $x[n,c,0]$ and $x[n,c,1]$; the first tap falls on the "
        "padding.\n\nA tiny case: one channel, one filter, no bias, $w = {w}$ and $x = {x}$.\n\n"
        "$$y[0] = w[1]\\,x[0] + w[2]\\,x[1] = {first}$$\n\n"
        "$$y[2] = w[0]\\,x[3] + w[1]\\,x[4] + w[2]\\,x[5] = {last}$$\n"
    ),
    "es": (
        "# Conv1d a mano\n\n```python\n"
        "capa = nn.Conv1d(in_channels=8, out_channels=4, kernel_size=3, stride=2, padding=1)\n"
        "x = torch.randn(2, 8, 64)\n```\n\n## Una entrada a mano\n\n"
        "Así $y[n,o,0]$ solo ve $x[n,c,0]$ y $x[n,c,1]$; el primer coeficiente cae en el "
        "relleno.\n\nUn caso diminuto: un canal, un filtro, sin sesgo, $w = {w}$ y $x = {x}$.\n\n"
        "$$y[0] = w[1]\\,x[0] + w[2]\\,x[1] = {first}$$\n\n"
        "$$y[2] = w[0]\\,x[3] + w[1]\\,x[4] + w[2]\\,x[5] = {last}$$\n"
    ),
}


def _tuple(values: list[int]) -> str:
    return "(" + ", ".join(str(v) for v in values) + ")"


def _sum(terms: list[int], total: int) -> str:
    """ "-2 + 0 = -2": the terms as the notes add them up, then the total."""
    shown = " + ".join(str(t) for t in terms).replace("+ -", "- ")
    return f"{shown} = {total}"


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("slip", [0, 1])
def test_a_worked_example_under_the_notes_stride_and_padding(language, slip):
    w, x = [1, -1, 2], [2, 0, 1, 3, -1, 1]
    y = F.conv1d(
        torch.tensor([[x]], dtype=torch.float64),
        torch.tensor([[w]], dtype=torch.float64),
        stride=2,
        padding=1,
    )[0, 0]
    plain = F.conv1d(
        torch.tensor([[x]], dtype=torch.float64), torch.tensor([[w]], dtype=torch.float64)
    )[0, 0]
    # window t reads x[2t - 1 + j]: y[0] = w[1] x[0] + w[2] x[1], y[2] = sum_j w[j] x[3 + j]
    first_terms, last_terms = [w[1] * x[0], w[2] * x[1]], [w[j] * x[3 + j] for j in range(3)]
    assert sum(first_terms) == y[0] and sum(last_terms) == y[2]
    assert plain[0] != y[0]  # at stride 1 with no padding the entry is another
    text = _EXAMPLE[language].format(
        w=_tuple(w),
        x=_tuple(x),
        first=_sum(first_terms, int(y[0])),
        last=_sum(last_terms, int(y[2]) + slip),
    )
    first = one_verdict(text, "$$y[0]")
    assert first.status == NOT_UNDERSTOOD and "stride 2" in first.message, first.message
    last = one_verdict(text, "$$y[2]")
    assert last.status == (WRONG if slip else NOT_UNDERSTOOD), last.message
