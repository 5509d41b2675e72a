"""Two readings of a claim's case, each judged in the case it is written in.

1. A general output-side formula whose letters an example after it sets ("$H_{out} =
\\lfloor (H - k)/s \\rfloor + 1$ windows per row; e.g. $H = 8$, $k = 3$, $s = 2$ gives
...") is worked out at those values, so its truth is the side of that case (bound_sizes
._at_letters), not of a layer two sections up (a 3 x 3 input with a 2 x 2 kernel gave '2,
not 3' on a correct formula).  Where that case is not the passages' layer and they name a
transposed convolution, which kind of layer it is stays unread: no verdict.

2. A gradient entry written with no entry of dL/dY (``dL/dX[0,0] = W[1,1]``) has the
upstream gradient's values put in: right for a loss adding the outputs up (G all ones),
which is read where the notes set it (``loss = y.sum()`` then ``loss.backward()``,
``.sum().backward()``, "every entry of the upstream gradient is 1"); where it is not read,
no verdict (verdicts._upstream_put_in): it was called wrong for a missing G.

Truth: torch's conv2d output shapes and autograd at the notes' numbers.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
import torch
import torch.nn.functional as F
from line_verdicts import statuses

from symconv.checker.bound_sizes import Unbound, _at_letters
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG

# English: an earlier worked layer (3 x 3 input, 2 x 2 kernel), then the strided formula
# with an example after it; a wrong "+ 2" variant and a right one in Spanish
STRIDED = """# im2col by hand

Take an input $X$ of size $3 \\times 3$ and a kernel $W$ of size $2 \\times 2$, stride 1, \
no padding. The output is $2 \\times 2$: $H_{out} = 3 - 2 + 1 = 2$.

## Strided windows

- With stride $s$ the windows start every $s$ pixels, $H_{out} = \\left\\lfloor \\frac{H - k}{s} \
\\right\\rfloor + 1$ columns per row; for example $H = 8$, $k = 3$, $s = 2$ gives $H_{out} = \
\\left\\lfloor \\frac{8 - 3}{2} \\right\\rfloor + 1 = 3$.
- A slip: $H_{out} = \\left\\lfloor \\frac{H - k}{s} \\right\\rfloor + 2$ columns per row; for \
example $H = 8$, $k = 3$, $s = 2$.
"""

SPANISH = """# Apuntes: im2col

Primero un ejemplo pequeño: la entrada $X$ es $4 \\times 4$ y el núcleo $W$ es $3 \\times 3$, \
sin relleno, así que $H_{out} = 4 - 3 + 1 = 2$.

## Con paso

Con paso $S$ las ventanas empiezan cada $S$ píxeles y $H_{out} = \\left\\lfloor \\frac{N - F}{S} \
\\right\\rfloor + 1$; por ejemplo, con $N = 11$, $F = 3$ y $S = 2$ salen $H_{out} = 4 + 1 = 5$ \
columnas.

Error típico: $H_{out} = \\frac{N - F}{S}$; por ejemplo, con $N = 11$, $F = 3$ y $S = 2$.
"""


def _side(h: int, k: int, s: int) -> int:
    return F.conv2d(torch.zeros(1, 1, h, h), torch.zeros(1, 1, k, k), stride=s).shape[-1]


def test_the_truth_of_the_cases():
    assert _side(8, 3, 2) == (8 - 3) // 2 + 1 == 3  # the formula's case
    assert _side(3, 2, 1) == 2  # the earlier layer's side, another case
    assert _side(8, 3, 2) != (8 - 3) // 2 + 2
    assert _side(11, 3, 2) == (11 - 3) // 2 + 1 == 5 != (11 - 3) // 2


def test_a_formula_is_judged_at_the_values_its_letters_are_set_to():
    assert statuses(STRIDED, "With stride $s$") == [VERIFIED, VERIFIED]
    found = statuses(SPANISH, "Con paso $S$")
    assert found[0] == VERIFIED and WRONG not in found  # "= 4 + 1 = 5": H_out's case unread


def test_a_wrong_formula_at_those_values_is_caught():
    assert statuses(STRIDED, "A slip") == [WRONG]
    assert statuses(SPANISH, "Error típico") == [WRONG]


def test_a_case_of_its_own_in_notes_naming_a_transposed_layer_is_no_verdict():
    # the claim's sentence sets H = 8, k = 3, s = 2; the block above states a transposed
    # convolution on a 3 x 3 input: its kind is no word about the claim's case
    own = ("its sentence", {"in_h": [8], "k": [3], "s": [2]})
    block = ("the block of line 1", {"in_h": [3], "k": [2], "kind:transposed": [1]})
    settings = {"H": Fraction(8), "k": Fraction(3), "s": Fraction(2)}
    with pytest.raises(Unbound, match="transposed"):
        _at_letters([own, block], settings, {})
    # the same block naming a convolution (or the block's sizes the case's): read as before
    conv = ("the block of line 1", {"in_h": [3], "k": [2], "kind:conv": [1]})
    levels, unread = _at_letters([own, conv], settings, {})
    assert levels[0][1]["in_h"] == [8] and not unread
    same = ("the block of line 1", {"in_h": [8], "k": [3], "kind:transposed": [1]})
    assert _at_letters([own, same], settings, {})[0][0] == own
    # a letter not read as a size is named: a wrong verdict then is none
    levels, unread = _at_letters([own, conv], {**settings, "N": Fraction(11)}, {})
    assert unread == ["N = 11"]


# English, stride 2, padding 1: the loss in two statements of code, so G is all ones
NOTEBOOK = """# Manual backward vs autograd

A $3 \\times 3$ input $X$, a $3 \\times 3$ kernel $W$, stride 2 and padding 1 (output \
$2 \\times 2$).

```python
W = torch.tensor([[[[1., 0., 2.], [0., 1., 0.], [2., 0., -2.]]]])
y = F.conv2d(X, W, stride=2, padding=1)
loss = y.sum()
loss.backward()
```

$X[0,0]$ is covered by the first window only: $\\frac{\\partial L}{\\partial X[0,0]} = W[1,1]$.
$X[1,1]$ is covered by four windows: $\\frac{\\partial L}{\\partial X[1,1]} = W[0,0] + W[0,2] + \
W[2,0] + W[2,2]$.
Wrong corner: $\\frac{\\partial L}{\\partial X[1,1]} = W[0,0] + W[0,1] + W[2,0] + W[2,2]$.
"""

# German, subscripts, the same layer, no loss stated: which G was put in is not read
GERMAN = """# Gradient nach der Eingabe

Eingabe $X$ der Größe $3 \\times 3$, Kern $W$ der Größe $3 \\times 3$, Schrittweite 2, \
Padding 1, Ausgabe $Y$ der Größe $2 \\times 2$.

Nur das erste Fenster deckt $X_{0,0}$ ab: $\\frac{\\partial L}{\\partial X_{0,0}} = W_{1,1}$.
"""


def test_the_truth_of_the_notebook():
    x = torch.zeros(1, 1, 3, 3, dtype=torch.float64, requires_grad=True)
    w = torch.tensor([[[[1.0, 0.0, 2.0], [0.0, 1.0, 0.0], [2.0, 0.0, -2.0]]]], dtype=torch.float64)
    F.conv2d(x, w, stride=2, padding=1).sum().backward()
    g = x.grad[0, 0]
    assert g[0, 0] == w[0, 0, 1, 1]
    assert g[1, 1] == w[0, 0, 0, 0] + w[0, 0, 0, 2] + w[0, 0, 2, 0] + w[0, 0, 2, 2]
    assert g[1, 1] != w[0, 0, 0, 0] + w[0, 0, 0, 1] + w[0, 0, 2, 0] + w[0, 0, 2, 2]


def test_a_loss_summed_in_two_statements_sets_the_upstream_ones():
    assert statuses(NOTEBOOK, "first window only") == [VERIFIED]
    assert statuses(NOTEBOOK, "four windows") == [VERIFIED]
    assert statuses(NOTEBOOK, "Wrong corner") == [WRONG]


def test_an_entry_without_dl_dy_and_no_loss_read_is_no_verdict():
    assert statuses(GERMAN, "erste Fenster") == [NOT_UNDERSTOOD]
