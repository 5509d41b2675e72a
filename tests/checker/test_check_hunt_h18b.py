# ruff: noqa: E501  (the notes' LaTeX lines are kept as people write them)
"""False alarms of the sealed sets fresh42 and fresh43, each closed by a general reading and
tested here on notes written for this file (other numbers, words and languages), the truth
computed with torch beside each note (the layer run forward for output sides, autograd for
the gradients):

* a constructor passing a size by the notes' letter, ``nn.Conv2d(2, 4, k, stride=3,
  padding=2)``, builds a layer: it is no interface's signature, whose keywords would be
  defaults, so its stride and padding are the layer's (api_signatures.py);
* a pool gradient entry with three indices (``x_{c,i,j}``) is not one map's: the
  one-channel routing would read the channel as a row (pool_routing.py);
* an input whose entries the notes define by a formula in their indices (``x_{i,j} = i +
  j``) is given, not claimed (given_entries.py);
* a bare ``\\mathbf{1}`` of a dense claim that does not fit as the batch's column is not
  read unless the notes state its length (ones_length.py);
* a zero claimed after the notes set a layer tensor to zero ("because $W = 0$, dL/dX = 0")
  is that value's, not judged at free entries (zero_given.py).
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import torch
import torch.nn.functional as F

from symconv.checker.api_signatures import is_signature
from symconv.checker.given_entries import defines_entries
from symconv.checker.limits import NotUnderstood
from symconv.checker.ones_length import declares_ones
from symconv.checker.pool_routing import judge_pool_gradient
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text
from symconv.checker.zero_given import zeroed_tensor


def _by_source(text: str) -> dict[str, str]:
    """Each claim's status by its source (the claims of these notes differ in source)."""
    return {v.source: v.status for v in check_text(text, "notes.md", {}).verdicts}


# --- a constructor with a size by letter builds a layer: its stride and padding are read ------
def _conv_side(h: int, k: int, stride: int, padding: int) -> int:
    """The output side torch's Conv2d gives (run forward on an h x h input)."""
    x = torch.zeros(1, 2, h, h)
    w = torch.zeros(4, 2, k, k)
    return int(F.conv2d(x, w, stride=stride, padding=padding).shape[-1])


# nn.Conv2d(2, 4, k, stride=3, padding=2): H_out = floor((H + 4 - k)/3) + 1; at H = 10, k = 5
# it is floor(9/3) + 1 = 4 (torch).  Forgetting the padding gives floor(5/3) + 1 = 2, and
# "padding 1" floor((H + 2 - k)/3) + 1 -- both wrong.  Read as a signature ("k" a bare name
# beside keywords), the stride and padding were blanked: the layer read at stride 1,
# padding 0 called the right forms wrong and verified the slip's 2.
LETTER_CONSTRUCTOR_ES = r"""# Ejercicio 4: convolución con paso 3

Una capa `nn.Conv2d(2, 4, k, stride=3, padding=2)`: entrada $X$ de tamaño $H \times H$, núcleo de $k \times k$. El lado de la salida es

$$H_{out} = \left\lfloor \frac{H + 4 - k}{3} \right\rfloor + 1$$

Un error frecuente: $H_{out} = \left\lfloor \frac{H + 2 - k}{3} \right\rfloor + 1$.

## Números: $H = 10$, $k = 5$

Queda $H_{out} = \left\lfloor \frac{9}{3} \right\rfloor + 1 = 4$; quien olvida el relleno escribe $H_{out} = \left\lfloor \frac{5}{3} \right\rfloor + 1 = 2$.
"""
LETTER_CONSTRUCTOR_DE = r"""# Übung 4: Faltung mit Schrittweite 3

Eine Schicht `torch.nn.Conv2d(2, 4, k, stride=3, padding=2)`, Eingabe der Größe $H \times H$, Kern $k \times k$. Die Ausgabeseite ist

$$H_{out} = \left\lfloor \frac{H + 4 - k}{3} \right\rfloor + 1$$

## Zahlen: $H = 10$, $k = 5$

Also $H_{out} = \left\lfloor \frac{9}{3} \right\rfloor + 1 = 4$, nicht $H_{out} = \left\lfloor \frac{9}{3} \right\rfloor + 1 = 5$.
"""
_RIGHT_FORM = r"H_{out} = \left\lfloor \frac{H + 4 - k}{3} \right\rfloor + 1"


def test_the_letter_constructors_form_is_torchs_and_the_slips_are_not():
    for h in range(5, 14):
        for k in (1, 3, 5):
            assert _conv_side(h, k, 3, 2) == (h + 4 - k) // 3 + 1
    assert _conv_side(10, 5, 3, 2) != (10 + 2 - 5) // 3 + 1  # "padding 1"
    assert _conv_side(10, 5, 3, 2) == 4
    assert _conv_side(10, 5, 3, 0) == 2  # the padding forgotten: torch's side without it


@pytest.mark.parametrize("notes", [LETTER_CONSTRUCTOR_ES, LETTER_CONSTRUCTOR_DE])
def test_a_constructor_with_a_letter_for_the_kernel_states_its_stride_and_padding(notes):
    found = _by_source(notes)
    assert found[_RIGHT_FORM] == VERIFIED
    assert found[r"H_{out} = \left\lfloor \frac{9}{3} \right\rfloor + 1 = 4"] == VERIFIED
    if notes is LETTER_CONSTRUCTOR_ES:
        assert found[r"H_{out} = \left\lfloor \frac{H + 2 - k}{3} \right\rfloor + 1"] == WRONG
        assert found[r"H_{out} = \left\lfloor \frac{5}{3} \right\rfloor + 1 = 2"] == WRONG
    else:
        assert found[r"H_{out} = \left\lfloor \frac{9}{3} \right\rfloor + 1 = 5"] == WRONG


@pytest.mark.parametrize(
    ("arguments", "signature"),
    [
        ("in_channels, out_channels, kernel_size, stride=1, padding=0", True),
        ("in_ch, out_ch, kernel, dilation=1", True),
        ("1, 1, k, stride=2, padding=1", False),  # a number where a signature names
        ("C, C, k, stride=2", False),  # stride 2 is no interface's default
        ("C, C, k, groups=C", True),  # a letter: nothing says a layer is built
    ],
)
def test_a_signature_declares_names_and_defaults_only(arguments, signature):
    assert is_signature(arguments) is signature


# --- a pool gradient entry with a channel index is not one map's ------------------------------
_POOL = SimpleNamespace(
    op="max",
    spec=SimpleNamespace(in_channels=1, kernel=(2, 2), stride=(2, 2), padding=(0, 0, 0, 0)),
    input_hw=(4, 4),
)


def _global_average_gradient(g: list[float], side: int) -> list[float]:
    """dL/dx of global average pooling over channels of side x side (torch autograd): one
    value per channel, g_c / side^2."""
    x = torch.randn(1, len(g), side, side, dtype=torch.float64, requires_grad=True)
    y = F.adaptive_avg_pool2d(x, 1).flatten()
    (y * torch.tensor(g, dtype=torch.float64)).sum().backward()
    grads = x.grad[0]
    assert torch.allclose(grads, grads[:, :1, :1].expand_as(grads))  # every entry alike
    return grads[:, 0, 0].tolist()


def test_a_pool_gradient_entry_with_a_channel_index_is_not_one_maps():
    # two channels of 2 x 2 (indices from 1), g = (4, -8): every entry of channel 1 gets
    # 4/4 = 1, of channel 2 -8/4 = -2 (torch); the routing of one 4 x 4 map read "1" as a row
    assert _global_average_gradient([4.0, -8.0], 2) == [1.0, -2.0]
    before = "global average pooling of each channel, dividing by the number of averaged values"
    for claim in (
        r"\frac{\partial L}{\partial x_{1,i,j}} = \frac{4}{4} = 1",
        r"\frac{\partial L}{\partial x_{2,i,j}} = \frac{-8}{4} = -2",
    ):
        with pytest.raises(NotUnderstood, match="3 indices"):
            judge_pool_gradient(claim, _POOL, "", 5, 1, before, 7)


def _max_always_routes() -> bool:
    """Whether dL/dx_{a,b} = g_{floor(a/2), floor(b/2)} holds for 2x2 max pooling (torch)."""
    x = torch.randperm(16).double().reshape(1, 1, 4, 4).requires_grad_()
    y = F.max_pool2d(x, 2)
    g = torch.arange(1.0, 5.0, dtype=torch.float64).reshape(1, 1, 2, 2)
    (y * g).sum().backward()
    spread = g.repeat_interleave(2, -1).repeat_interleave(2, -2)
    return bool(torch.equal(x.grad, spread))


def test_a_one_maps_wrong_routing_is_still_wrong():
    assert not _max_always_routes()  # only each window's maximum receives its g
    found = judge_pool_gradient(
        r"\frac{\partial L}{\partial x_{a,b}} = g_{\lfloor a/2 \rfloor, \lfloor b/2 \rfloor}",
        _POOL,
        "",
        5,
        0,
        "max pooling with a 2x2 window and stride 2",
        7,
    )
    assert found is not None and found["status"] == WRONG


# --- an input defined entry by entry is given, not claimed ------------------------------------
# x_{i,j} = i + j on a 3x3 input, w of 2x2, valid correlation: y_{0,0} = sum_{u,v} w_{u,v}
# x_{u,v}, not 0 + 0 (torch below): "y_{i,j} = i + j" for the output is a wrong claim.
GIVEN_ENTRIES_EN = r"""# Small example

One channel, a $3 \times 3$ input with entries $x_{i,j} = i + j$ (0-based), a $2 \times 2$ kernel $w$ (valid cross-correlation, output $2 \times 2$).

Some then write $y_{i,j} = i + j$ for the output too.
"""
GIVEN_ENTRIES_ES = r"""# Ejemplo pequeño

Un canal, entrada de $3 \times 3$ con valores $x(i, j) = 2i - j$ (índices desde 0), núcleo $w$ de $2 \times 2$ (correlación válida, salida $2 \times 2$).

Algunos escriben $y(i, j) = 2i - j$ para la salida.
"""


@pytest.mark.parametrize(
    ("notes", "given", "output", "formula"),
    [
        (GIVEN_ENTRIES_EN, "x_{i,j} = i + j", "y_{i,j} = i + j", lambda i, j: i + j),
        (GIVEN_ENTRIES_ES, "x(i, j) = 2i - j", "y(i, j) = 2i - j", lambda i, j: 2 * i - j),
    ],
)
def test_an_input_defined_by_its_indices_is_given_and_the_output_so_defined_is_wrong(
    notes, given, output, formula
):
    x = torch.tensor([[float(formula(i, j)) for j in range(3)] for i in range(3)])
    w = torch.tensor([[1.0, -1.0], [2.0, 3.0]])
    y = F.conv2d(x[None, None], w[None, None])[0, 0]
    assert any(y[i, j] != formula(i, j) for i in range(2) for j in range(2))
    found = _by_source(notes)
    assert given not in found  # no verdict: the example's numbers, chosen
    assert found[output] == WRONG


@pytest.mark.parametrize(
    ("text", "given"),
    [
        ("x[t,i,j] = t + i + j", True),
        ("w_{u,v} = u - 2v", True),
        ("x(i, j) = \\frac{i}{2} + 1", True),
        ("x_{i,j} = x_{j,i}", False),  # a tensor on the right: a relation
        ("w_{u,v} = \\frac{1}{k^2}", False),  # a size on the right
        ("x_{i,j} = 1", False),  # a constant: not this reading's
        ("y_{i,j} = i + j", False),  # the output is computed, never given
        ("g_{i,j} = i", False),  # the upstream gradient follows from the loss
    ],
)
def test_entries_defined_by_their_indices(text, given):
    letters = {"x": "X", "w": "W", "y": "Z", "g": "G"}
    assert defines_entries(text, letters) is given


# --- a bare 1 of a dense claim where the batch's column does not fit ---------------------------
# Softmax cross-entropy head, X of N x D, W of D x K: dL/dW = X^T (P - Y)/N, and each row of
# P - Y sums to 0, so dL/dW 1_K = 0 (torch below).  \mathbf{1} read as the batch's column of N
# ones made it "cannot multiply a 4x3 by a 1x1".
ONES_EN = r"""# Review of the classifier head

**Setup.** A single linear layer followed by softmax and the mean cross-entropy over a batch: $X$ is $N \times D$, $W$ is $D \times K$, $b \in \mathbb{R}^K$, one-hot labels $Y$ ($N \times K$).

$$Z = X W + \mathbf{1} b^\top, \qquad P_{nk} = \frac{e^{Z_{nk}}}{\sum_{j} e^{Z_{nj}}}$$

Since every row of $P - Y$ sums to zero, the weight gradient has zero row sums too: $\frac{\partial L}{\partial W} \mathbf{1} = \mathbf{0}$.
"""
ONES_FR = r"""# Tête softmax : relecture

**Cadre.** Une couche linéaire suivie de softmax et de l'entropie croisée moyenne sur un lot : $X$ est $N \times D$, $W$ est $D \times K$, $b \in \mathbb{R}^K$.

$$Z = X W + \mathbf{1} b^\top, \qquad P_{nk} = \frac{e^{Z_{nk}}}{\sum_{j} e^{Z_{nj}}}$$

Chaque ligne de $P - Y$ est de somme nulle, donc $\frac{\partial L}{\partial W} \mathbf{1} = \mathbf{0}$ aussi.
"""
# The control: notes that state their 1 is the column of N ones; dL/db = G 1 (G of N x M)
# does not multiply, a mistake (torch: Linear's bias.grad is G summed over the batch)
ONES_DECLARED = r"""# Dense layer, rows are samples

A fully connected layer $Y = X W + b$ with $X$ of $N \times D$ and $W$ of $D \times M$; $G$ is
the gradient of the loss with respect to $Y$ and $\mathbf{1}$ the column of $N$ ones.

$$\frac{\partial L}{\partial b} = G \mathbf{1}$$

$$\frac{\partial L}{\partial b} = \mathbf{1}^\top G$$
"""


def _softmax_head_weight_gradient() -> torch.Tensor:
    torch.manual_seed(3)
    x = torch.randn(5, 4, dtype=torch.float64)
    w = torch.randn(4, 3, dtype=torch.float64, requires_grad=True)
    labels = torch.tensor([0, 2, 1, 1, 0])
    F.cross_entropy(x @ w, labels).backward()
    return w.grad


def test_a_bare_one_that_is_not_the_batchs_column_is_not_called_wrong():
    dw = _softmax_head_weight_gradient()
    assert torch.allclose(
        dw @ torch.ones(3, dtype=torch.float64), torch.zeros(4, dtype=torch.float64)
    )
    claim = r"\frac{\partial L}{\partial W} \mathbf{1} = \mathbf{0}"
    for notes in (ONES_EN, ONES_FR):
        found = [v for v in check_text(notes, "notes.md", {}).verdicts if v.source == claim]
        assert [v.status for v in found] == [NOT_UNDERSTOOD]
        assert "vector of ones" in found[0].message


def test_a_one_the_notes_declare_as_the_batchs_column_keeps_the_mistake():
    torch.manual_seed(5)
    x = torch.randn(2, 4, dtype=torch.float64)
    layer = torch.nn.Linear(4, 3).double()
    g = torch.randn(2, 3, dtype=torch.float64)
    (layer(x) * g).sum().backward()
    assert torch.allclose(layer.bias.grad, torch.ones(2, dtype=torch.float64) @ g)
    assert g.shape[1] != 2  # G 1 with 1 of N = 2 ones: no product
    assert declares_ones(ONES_DECLARED) and not declares_ones(ONES_EN)
    found = _by_source(ONES_DECLARED)
    assert found[r"\frac{\partial L}{\partial b} = G \mathbf{1}"] == WRONG
    assert found[r"\frac{\partial L}{\partial b} = \mathbf{1}^\top G"] == VERIFIED


# --- a zero claimed after the notes set a tensor to zero -------------------------------------
# Z = XW + b with W = 0: dL/dX = G W^T = 0 (torch below).  Without W = 0 the same "= 0" is a
# mistake (dL/dX = G W^T, nonzero for a random W).
ZERO_EN = r"""# Zero initialisation

**Setup.** A linear layer $Z = X W + b$ with $X$ of $N \times D$ and $W$ of $D \times K$, $G = \partial L / \partial Z$. At initialisation we take $W = 0$ and $b = 0$.

Then $\frac{\partial L}{\partial X} = G W^\top$ and, because $W = 0$, $\frac{\partial L}{\partial X} = 0$.
"""
ZERO_ES = r"""# Inicialización

**Planteamiento.** Una capa lineal $Z = X W + b$ con $X$ de $N \times D$ y $W$ de $D \times K$, $G = \partial L / \partial Z$.

Entonces $\frac{\partial L}{\partial X} = G W^\top$ y $\frac{\partial L}{\partial X} = 0$.
"""


def _input_gradient(w: torch.Tensor) -> torch.Tensor:
    torch.manual_seed(11)
    x = torch.randn(2, 4, dtype=torch.float64, requires_grad=True)
    g = torch.randn(2, 3, dtype=torch.float64)
    ((x @ w) * g).sum().backward()
    return x.grad


def test_a_zero_claimed_after_the_notes_set_w_to_zero_is_not_wrong():
    assert torch.count_nonzero(_input_gradient(torch.zeros(4, 3, dtype=torch.float64))) == 0
    assert torch.count_nonzero(_input_gradient(torch.randn(4, 3, dtype=torch.float64))) > 0
    zero = r"\frac{\partial L}{\partial X} = 0"
    found = [v for v in check_text(ZERO_EN, "notes.md", {}).verdicts if v.source == zero]
    assert [v.status for v in found] == [NOT_UNDERSTOOD]
    assert "W = 0" in found[0].message
    assert _by_source(ZERO_ES)[zero] == WRONG  # nothing set to zero: the mistake stays


@pytest.mark.parametrize(
    ("before", "letter"),
    [
        ("With $W = 0$ and $b = 0$ every logit is zero", "W"),
        ("take $X = \\mathbf{0}$", "X"),
        ("so $W = 0.5$", None),  # not zero
        ("$H_{out} = 0$", None),  # no tensor of the layer
        ("$W = 0 + A$", None),  # a sum, not the zero
    ],
)
def test_a_tensor_set_to_zero(before, letter):
    assert zeroed_tensor(before, {"W": "W", "X": "X", "b": "b"}) == letter
