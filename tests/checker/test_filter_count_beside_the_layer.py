"""A layer's filter count stated beside it: "$F = 3$ Filter", "3 filtres", "trois
filtres" in other languages than English and Spanish, and a constructor named as an aside
("..., also `nn.Conv2d(2, 3, 2)`") on a line that does not state the input.

Neither was read: the layer was read with one filter, and a claim that keeps only filter 0
of the input gradient, dL/dx(c, p, q) = sum_{u,v} g(0, p-u, q-v) w(0, c, u, v), was
VERIFIED -- a mistake let through.  The count words are now lexicon.FILTERS / CHANNELS
(parameter_settings, prose), never after a side ("a 2 x 2 Filter" is one filter's size),
and a lone constructor whose input channels and kernel are the ones the section states is
the same layer: its filter count is the layer's (inline_constructor.aside_filter_count).
Truth: torch autograd's dL/dx against each formula evaluated with NumPy."""

from __future__ import annotations

import numpy as np
import pytest
from conv_truth import conv2d_autograd, input_gradient_loops, weight_gradient_loops

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

GRADIENT = {
    "all filters": "\\frac{\\partial L}{\\partial x(c, p, q)} = \\sum_{f=0}^{2}\\sum_{u=0}^{1}"
    "\\sum_{v=0}^{1} g(f, p-u, q-v)\\, w(f, c, u, v)",
    "filter 0 only": "\\frac{\\partial L}{\\partial x(c, p, q)} = \\sum_{u=0}^{1}"
    "\\sum_{v=0}^{1} g(0, p-u, q-v)\\, w(0, c, u, v)",
}

NOTES = {
    "de, digits": """# Mehrkanal-Faltung

Die Eingabe hat 2 Kanäle der Größe $4 \\times 4$, es gibt 3 Filter der Größe $2 \\times 2$.

Mit $g = \\partial L / \\partial y$:

$${claim}$$
""",
    "fr, digits": """# Convolution multicanal

L'entrée a 2 canaux de taille $4 \\times 4$ et il y a 3 filtres de taille $2 \\times 2$.

Avec $g = \\partial L / \\partial y$ :

$${claim}$$
""",
    "fr, number word": """# Convolution multicanal

L'entrée a deux canaux de taille $4 \\times 4$ et il y a trois filtres de taille $2 \\times 2$.

Avec $g = \\partial L / \\partial y$ :

$${claim}$$
""",
    "de, letter": """# Mehrkanal-Faltung

Die Eingabe hat $C = 2$ Kanäle der Größe $4 \\times 4$, es gibt $F = 3$ Filter der Größe
$2 \\times 2$ (Schritt 1, kein Padding).

Mit $g = \\partial L / \\partial y$:

$${claim}$$
""",
    "pl, letter": """# Splot wielokanałowy

Wejście ma $C = 2$ kanały o rozmiarze $4 \\times 4$; mamy $F = 3$ filtrów $2 \\times 2$
(krok 1, bez dopełnienia).

Niech $g = \\partial L / \\partial y$:

$${claim}$$
""",
    "de, constructor aside": """# Mehrkanal-Faltung

Die Eingabe hat $C = 2$ Kanäle der Größe $4 \\times 4$, der Kern ist $2 \\times 2$.

Gemeint ist also `nn.Conv2d(2, 3, 2)`.

Mit $g = \\partial L / \\partial y$:

$${claim}$$
""",
    "en, constructor aside": """# Three filters

The input has $C = 2$ channels of size $4 \\times 4$ and the kernel is $2 \\times 2$;
in PyTorch this is `nn.Conv2d(2, 3, 2)`.

With $g = \\partial L / \\partial y$:

$${claim}$$
""",
}


def _right(name: str) -> bool:
    """Whether the formula is dL/dx of nn.Conv2d(2, 3, 2) on 2 x 4 x 4 (torch autograd)."""
    t = conv2d_autograd((1, 2, 4, 4), (3, 2, 2, 2), seed=5)
    formula = input_gradient_loops(t, filters=3 if name == "all filters" else 1)
    return bool(np.allclose(formula, t["dX"]))


@pytest.mark.parametrize("notes", list(NOTES))
@pytest.mark.parametrize("name", list(GRADIENT))
def test_the_layers_filters_are_read(notes, name):
    right = _right(name)
    assert right == (name == "all filters")
    text = NOTES[notes].format(claim=GRADIENT[name])
    line = 1 + text.splitlines().index(f"$${GRADIENT[name]}$$")
    statuses = [v.status for v in check_text(text, "n.md").verdicts if v.line == line]
    assert statuses == [VERIFIED if right else WRONG]  # main: the one-filter form verified


ONE_FILTER = """# Ein Filter

Die Eingabe hat 2 Kanäle der Größe $4 \\times 4$ und einen 2 x 2 Filter.

Mit $g = \\partial L / \\partial y$:

$${claim}$$
"""


def test_a_filters_size_is_no_filter_count():
    # "einen 2 x 2 Filter": one filter of side 2, not 2 filters; with one filter the
    # filter-0 form is the gradient (nn.Conv2d(2, 1, 2): the same formula, F = 1)
    text = ONE_FILTER.format(claim=GRADIENT["filter 0 only"])
    line = 1 + text.splitlines().index(f"$${GRADIENT['filter 0 only']}$$")
    assert [v.status for v in check_text(text, "n.md").verdicts if v.line == line] != [WRONG]


ASIDE = """# Lecture 7

## 1. Forward

Input $X$ of size $6 \\times 6$, kernel $K$ of size $3 \\times 3$, stride 1, no padding.

## 2. Parameters

For the layer `nn.Conv2d(3, 16, kernel_size=3)` {count} has 27 weights and one bias, in total
$P = 16 \\cdot (27 + 1) = 448$.

## 3. Backward

Let $\\delta_{{i,j}} = \\partial L / \\partial y_{{i,j}}$ be the gradient from above.

$${claim}$$
"""
CLAIM = (
    "\\frac{{\\partial L}}{{\\partial k_{{m,n}}}} = \\sum_{{i=0}}^{{{last}}} "
    "\\sum_{{j=0}}^{{{last}}} \\delta_{{i,j}}\\, x_{{i+m,\\, j+n}}"
)


@pytest.mark.parametrize(
    "count", ["each of the 16 filters", "у каждого из 16 фильтров"], ids=["en", "ru"]
)
@pytest.mark.parametrize("last", [3, 2])
def test_a_count_of_another_layers_filters_is_not_the_sections(count, last):
    # section 2 counts the parameters of nn.Conv2d(3, 16, 3): its 16 filters are that
    # layer's; read as the notes' layer's, every later claim was judged with 16 filters
    # (main: "\delta_{3,0,0,0} is not an entry of this layer": a false alarm)
    t = conv2d_autograd((1, 1, 6, 6), (1, 1, 3, 3), seed=2)
    formula = weight_gradient_loops(t, rows=range(last + 1))
    right = bool(np.allclose(formula, t["dW"]))
    assert right == (last == 3)
    text = ASIDE.format(count=count, claim=CLAIM.format(last=last))
    line = len(text.splitlines())
    statuses = [v.status for v in check_text(text, "n.md").verdicts if v.line == line]
    assert statuses == [VERIFIED if right else WRONG]
