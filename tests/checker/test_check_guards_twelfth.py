# ruff: noqa: E501  (the notes' lines are kept as people write them)
"""Readings and guards added in the twelfth session, each on notes written here (not the
sealed sets' notes: other words, letters and numbers).  Truth: torch layers and autograd,
or arithmetic stated in a comment; a verdict is asserted only where the notes settle what
the claim is about.  Each guard closes a false alarm or a miss the sealed sets fresh30 and
fresh31 found at their first reading."""

from __future__ import annotations

import itertools

import pytest
import torch

from symconv.checker.report import SIZE_SPECIFIC, VERIFIED, WRONG
from symconv.checker.runner import check_text

F = torch.nn.functional


def _verdicts(text: str) -> dict[int, list[tuple[str, str]]]:
    out: dict[int, list[tuple[str, str]]] = {}
    for v in check_text(text, "notes.md").verdicts:
        out.setdefault(v.line, []).append((v.status, v.message))
    return out


def _params(module: torch.nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


# ---------------------------------------------------------------- a bias switched by the claim
@pytest.mark.parametrize(
    ("clause", "value", "status"),
    [
        ("with a bias it would have", 10, VERIFIED),
        ("mit Bias wären es", 10, VERIFIED),
        ("con sesgo serían", 10, VERIFIED),
        ("with a bias it would have", 11, WRONG),
    ],
)
def test_a_bias_the_claims_clause_switches_on_is_counted(
    clause: str, value: int, status: str
) -> None:
    """``nn.Conv2d(1, 1, 3, bias=False)`` has 9 parameters; the claim's own clause "with a
    bias it would have 9 + 1 = 10" counts the layer with its bias (torch: 10)."""
    with_bias = _params(torch.nn.Conv2d(1, 1, 3))
    assert _params(torch.nn.Conv2d(1, 1, 3, bias=False)) == 9 and with_bias == 10
    notes = f"# Zadanie\n\nThe layer `nn.Conv2d(1, 1, 3, bias=False)` has 9 parameters; {clause} $9 + 1 = {value}$.\n"
    found = _verdicts(notes)[3]
    assert [s for s, _ in found] == [status], found
    assert "with a bias" in found[0][1]


# ---------------------------------------------------------------- the loss set in the section
SANITY = """# Hoja 3

Una capa `nn.Conv1d(1, 1, kernel_size=2, bias=False)` sobre una señal $x$ de longitud 5; $g[t] = \\partial L / \\partial y[t]$.

**c) Comprobación.** Tomamos $L = \\sum_{{t=0}}^{{3}} y[t]$, así que cada $g[t]$ vale 1.

Para la entrada: $\\frac{{\\partial L}}{{\\partial x[2]}} = {claim}$.
"""


def _sanity_truth() -> torch.Tensor:
    x = torch.randn(1, 1, 5, dtype=torch.float64, requires_grad=True)
    w = torch.randn(1, 1, 2, dtype=torch.float64)
    F.conv1d(x, w).sum().backward()
    # x[2] is read by y[1] (tap 1) and y[2] (tap 0): w[0] + w[1]
    assert torch.isclose(x.grad[0, 0, 2], w[0, 0, 0] + w[0, 0, 1])
    return w


@pytest.mark.parametrize(
    ("claim", "status"),
    [
        ("w[0] + w[1]", VERIFIED),  # the ones put in: right
        ("w[0]", WRONG),  # a tap short
        ("w[0] g[1] + w[1] g[2]", None),  # the general form, its g indices swapped
    ],
)
def test_a_loss_set_earlier_in_the_item_sets_the_upstream_ones(
    claim: str, status: str | None
) -> None:
    """The item's first sentence sets L = sum y (every g is 1); an inline claim two
    paragraphs down is written with those ones.  A claim written with g's entries is the
    general form: the ones do not rescue it (here it is wrong: x[2] meets g[2] through w[0]
    and g[1] through w[1]), so it never comes out verified under them."""
    _sanity_truth()
    found = _verdicts(SANITY.format(claim=claim))[7]
    if status is None:  # (x[2] meets g[2] through w[0]): never verified by the ones
        assert all(s != VERIFIED for s, _ in found), found
    else:
        assert [s for s, _ in found] == [status], found


# ---------------------------------------------------------------- the notes' own size letters
LETTERS = """# Resumo

Entrada com $C$ canais de tamanho $H \\times H$; $K$ filtros de tamanho $C \\times R \\times R$, cada um com o seu viés.

**Parâmetros.** $N_{{params}} = {count}$.
"""


@pytest.mark.parametrize(("count", "status"), [("K (R^2 C + 1)", VERIFIED), ("K R^2 C + 1", None)])
def test_letters_the_notes_bind_are_their_sizes(count: str, status: str | None) -> None:
    """K counts the filters and R is the kernel's side (filters of size C x R x R): the count
    K(R^2 C + 1) is right over a grid (torch), K R^2 C + 1 forgets K - 1 biases."""
    for c, k, r in itertools.product((1, 3), (1, 4), (1, 3)):
        assert _params(torch.nn.Conv2d(c, k, r)) == k * (r * r * c + 1)
    assert _params(torch.nn.Conv2d(3, 4, 3)) != 4 * 9 * 3 + 1
    found = _verdicts(LETTERS.format(count=count))[5]
    if status is None:  # wrong at most sizes: never verified
        assert found and all(s in (WRONG, SIZE_SPECIFIC) for s, _ in found), found
    else:
        assert [s for s, _ in found] == [status], found


def test_a_letter_whose_usual_role_the_notes_gave_another_is_not_guessed() -> None:
    """F is the filters' count only by convention.  Notes that call the filters F have
    P = F (C + 1) judged (wrong: it forgets the kernel's taps, torch counts F (C k^2 + 1));
    notes that call the filters K and never say what F is get no verdict on it (F could be
    the kernel's side, as in CS231n)."""
    assert _params(torch.nn.Conv2d(1, 1, 2)) == 1 * (1 * 4 + 1) != 1 * (1 + 1)
    notes = "# Notes\n\nAn input with $C$ channels; ${f}$ filters, each with a bias.\n\nThe count of parameters is $P = F (C + 1)$.\n"
    judged = _verdicts(notes.format(f="F")).get(5, [])
    assert [s for s, _ in judged] == [WRONG], judged
    unread = _verdicts(notes.format(f="K")).get(5, [])
    assert all(s not in (WRONG, VERIFIED, SIZE_SPECIFIC) for s, _ in unread), unread


# ---------------------------------------------------------------- a case the sentence states
CASE = """# Summary

Input $H \\times H$, kernel $R \\times R$, stride $S$, padding $P$.

$$H' = \\left\\lfloor \\frac{{H - R + 2P}}{{S}} \\right\\rfloor + 1$$

{sentence}
"""


@pytest.mark.parametrize(
    "sentence",
    [
        "With stride 1 and padding $P = (R - 1)/2$ ($R$ odd) the side is kept: $H' = H$.",
        "Mit Stride 1 und Padding $P = (R-1)/2$ bleibt die Größe: $H' = H$.",
        "With that same padding and any stride $S$: $H' = \\lceil H / S \\rceil$.",
    ],
)
def test_a_size_claim_in_a_case_its_sentence_states_is_no_wrong(sentence: str) -> None:
    """'Same' padding keeps the side at stride 1 and gives ceil(H/S) at stride S (torch, odd
    kernels): claims true in the case their sentence states are never called wrong."""
    for h, r, s in itertools.product((5, 8, 9), (1, 3, 5), (1, 2, 3)):
        out = F.conv2d(
            torch.zeros(1, 1, h, h), torch.zeros(1, 1, r, r), stride=s, padding=(r - 1) // 2
        )
        assert out.shape[-1] == -(-h // s)
    found = _verdicts(CASE.format(sentence=sentence))[7]
    assert all(s not in (WRONG, SIZE_SPECIFIC) for s, _ in found), found


# ---------------------------------------------------------------- a square input in a list
SQUARE = """# Resumen

*Índices desde 1.* Entrada $x$ con $C$ canales de tamaño $H \\times H$; filtros de tamaño $R \\times R$, sin relleno, paso 1; $\\delta_{{k,i,j}} = \\partial L / \\partial y_{{k,i,j}}$ y $H' = H - R + 1$.

$$\\frac{{\\partial L}}{{\\partial b_k}} = \\sum_{{i=1}}^{{H'}} \\sum_{{j=1}}^{{H'}} \\delta_{{k,i,j}}$$
"""


def test_a_square_input_in_a_list_of_sizes_keeps_one_output_side() -> None:
    """dL/db_k sums delta over the output's H' x H' positions (torch: the bias gradient is
    the upstream gradient's sum); the notes' input is H x H, so a 5x6 input is no layer of
    theirs and the one letter H' for both sides is no size-specific slip."""
    bias = torch.zeros(3, requires_grad=True)
    y = F.conv2d(torch.randn(1, 2, 5, 5), torch.randn(3, 2, 2, 2), bias=bias)
    g = torch.randn_like(y)
    (db,) = torch.autograd.grad(y, [bias], g)
    assert torch.allclose(db, g.sum(dim=(0, 2, 3)))  # every output position, each filter
    found = _verdicts(SQUARE.format())[5]
    assert [s for s, _ in found] == [VERIFIED], found


# ---------------------------------------------------------------- operator words in German
FOLIEN = """# Folie 5

*Abbildung 2: Eingabe $X$ ($5 \\times 5$, ein Kanal), Kern $K$ ($3 \\times 3$); Padding 1, Stride 1.*

Achtung: $A \\ast B$ ist hier die **Kreuzkorrelation** (kein Flip!).

Eingabe, elementweise (Einträge außerhalb des $3 \\times 3$-Kerns zählen als null):

$$\\nabla_X L = \\operatorname{{pad}}_1(G) \\ast {kernel}$$

Wir nehmen $L = \\sum_{{i,j}} Y_{{i,j}}$, also $G = \\mathbf{{1}}$.
"""


@pytest.mark.parametrize(
    ("kernel", "status"), [("\\operatorname{rot180}(K)", VERIFIED), ("K", WRONG)]
)
def test_an_ast_the_notes_call_a_correlation(kernel: str, status: str) -> None:
    """With \\ast a correlation (the notes say so, "kein Flip"), dL/dX of a padding-1,
    3x3 layer is pad_1(G) correlated with rot180(K) (torch); without the rotation it is
    wrong.  "des 3x3-Kerns" is the kernel, not the input; "G = 1" defines G."""
    x = torch.randn(1, 1, 5, 5, dtype=torch.float64, requires_grad=True)
    k = torch.randn(1, 1, 3, 3, dtype=torch.float64)
    y = F.conv2d(x, k, padding=1)
    g = torch.randn_like(y)
    y.backward(g)
    assert torch.allclose(x.grad, F.conv2d(F.pad(g, [1] * 4), k.flip(-1, -2)))
    assert not torch.allclose(x.grad, F.conv2d(F.pad(g, [1] * 4), k))
    found = _verdicts(FOLIEN.format(kernel=kernel))
    assert [s for s, _ in found[9]] == [status], found[9]
    assert all(s != WRONG for s, _ in found.get(11, [])), found.get(11)


# ---------------------------------------------------------------- Turkish average pooling
HAVUZ = """# Deney 2: Ortalama Havuzlama

Tüm indisler 0'dan başlar. Giriş $X$ ($4 \\times 4$), pencere 2, adım 2.

$$Y_{{i,j}} = {forward}$$
"""


@pytest.mark.parametrize(
    ("forward", "status"),
    [
        ("\\frac{1}{4} \\sum_{u=0}^{1} \\sum_{v=0}^{1} X_{2i+u,\\,2j+v}", VERIFIED),
        ("\\frac{1}{2} \\sum_{u=0}^{1} \\sum_{v=0}^{1} X_{2i+u,\\,2j+v}", WRONG),
    ],
)
def test_turkish_average_pooling_is_a_pooling(forward: str, status: str) -> None:
    """ "Ortalama havuzlama" is average pooling: Y is the mean of each 2x2 window (torch)."""
    x = torch.randn(1, 1, 4, 4, dtype=torch.float64)
    y = F.avg_pool2d(x, 2, 2)
    assert torch.isclose(y[0, 0, 1, 0], x[0, 0, 2:4, 0:2].sum() / 4)
    found = _verdicts(HAVUZ.format(forward=forward))[5]
    assert [s for s, _ in found] == [status], found


# ---------------------------------------------------------------- a size letter set to tensors
def test_a_size_letter_equal_to_tensors_is_not_a_size() -> None:
    """ "s = W z + b" names the dense layer's output s, not the stride: no shape verdict."""
    notes = "# Rapor\n\nDoğrusal katman ($W \\in \\mathbb{R}^{10 \\times 8}$): $s = W z + \\mathbf{b}$.\n"
    found = _verdicts(notes).get(3, [])
    assert found and all(s != WRONG for s, _ in found), found


# ---------------------------------------------------------------- a Conv2d formula in transposed notes
def test_a_conv2d_formula_in_notes_about_transposed_layers() -> None:
    """The notes' title names transposed convolutions, but the formula's lead-in says "a
    `Conv2d` ... maps a height H to": it is the convolution's output size (torch)."""
    for h, k, s, p, d in itertools.product((5, 8), (1, 3), (1, 2), (0, 1), (1, 2)):
        if h + 2 * p < d * (k - 1) + 1:
            continue
        out = torch.nn.Conv2d(1, 1, k, s, p, d)(torch.zeros(1, 1, h, h)).shape[-1]
        assert out == (h + 2 * p - d * (k - 1) - 1) // s + 1
    notes = (
        "# 4.2 Exercises: Dilated and Transposed Convolutions\n\nRecall that a `Conv2d` with kernel size $K$, "
        "stride $S$, padding $P$ and dilation $D$ maps a height $H$ to\n\n"
        "$$H_{out} = \\left\\lfloor \\frac{H + 2P - D(K-1) - 1}{S} \\right\\rfloor + 1,$$\n"
    )
    found = _verdicts(notes)[5]
    assert [s for s, _ in found] == [VERIFIED], found


# ---------------------------------------------------------------- a layer seen at a 1x1 output
QUESTION = """**Q: where does the zero insertion go?**

```python
conv = nn.Conv2d(1, 1, kernel_size=3, stride=2, bias=False)
{tensor}
```

With $\\star$ the valid cross-correlation, my derivation gives $\\frac{{\\partial L}}{{\\partial W}} = X \\star G$ and $\\big(\\frac{{\\partial L}}{{\\partial W}}\\big)_{{0,0}} = \\sum_{{i,j}} G_{{ij}} \\, X_{{i,j}}$.
"""


@pytest.mark.parametrize(
    "tensor", ["x = torch.randn(1, 1, 7, 7, requires_grad=True)", "# (input not shown)"]
)
def test_claims_that_hold_only_where_the_output_is_one_entry(tensor: str) -> None:
    """At stride 2, dL/dW is X correlated with G zero-dilated by 2, and its (0,0) tap sums
    G_ij X_{2i,2j} (torch): both claims are mistakes.  With the input in the code (7x7: a
    3x3 output) they are wrong; with no input, a guessed 3x3 input gives a 1x1 output
    where no stride shows, and they must not pass."""
    x = torch.randn(1, 1, 7, 7, dtype=torch.float64)
    w = torch.randn(1, 1, 3, 3, dtype=torch.float64, requires_grad=True)
    y = F.conv2d(x, w, stride=2)
    g = torch.randn_like(y)
    y.backward(g)
    assert torch.isclose(w.grad[0, 0, 0, 0], (g * x[..., ::2, ::2][..., :3, :3]).sum())
    assert not torch.isclose(w.grad[0, 0, 0, 0], (g * x[..., :3, :3]).sum())
    found = _verdicts(QUESTION.format(tensor=tensor))[8]
    assert all(s != VERIFIED for s, _ in found), found
    if "randn" in tensor:
        assert [s for s, _ in found] == [WRONG, WRONG], found


# ---------------------------------------------------------------- a pooling example's named G
POOL = """# Max pooling y ReLU

Una capa de max pooling (ventana $2 \\times 2$, stride 2) seguida de una ReLU. Indexamos desde 1. Sea

$$Z = \\begin{pmatrix} -3 & -1 & 2 & 0 \\\\ -4 & -2 & 1 & 5 \\\\ 0 & 1 & -1 & -2 \\\\ 3 & 2 & -3 & -4 \\end{pmatrix}, \\qquad G = \\frac{\\partial L}{\\partial A} = \\begin{pmatrix} 2 & 1 \\\\ -1 & 4 \\end{pmatrix}.$$

Hacia delante, el máximo de cada ventana:

$$M = \\begin{pmatrix} -1 & 5 \\\\ 3 & -1 \\end{pmatrix}, \\qquad A = \\operatorname{ReLU}(M) = \\begin{pmatrix} 0 & 5 \\\\ 3 & 0 \\end{pmatrix}.$$

Hacia atrás, la ReLU corta el gradiente donde $m_{ij} \\le 0$:

$$\\frac{\\partial L}{\\partial M} = \\begin{pmatrix} 0 & 1 \\\\ -1 & 0 \\end{pmatrix}$$

El pooling solo reparte: $\\sum_{k,l} \\frac{\\partial L}{\\partial z_{kl}} = \\sum_{i,j} g_{ij} = 6$.
"""


def test_a_named_gradient_is_not_the_pools_upstream() -> None:
    """g_{ij} are entries of the notes' G = dL/dA (sum 6); the pool's upstream is dL/dM =
    G where M > 0 (sum 0).  The routed sum is 0 (torch), so the first link is wrong and the
    second (the sum of G is 6) right: the message names side 2 as 6, not as the pool's 0.
    ("Indexamos desde 1": the index base, read from the verb too.)"""
    z = torch.tensor([[-3.0, -1, 2, 0], [-4, -2, 1, 5], [0, 1, -1, -2], [3, 2, -3, -4]])
    z = z.reshape(1, 1, 4, 4).requires_grad_()
    m = F.max_pool2d(z, 2, 2)
    assert m.flatten().tolist() == [-1.0, 5.0, 3.0, -1.0]
    F.relu(m).backward(torch.tensor([[2.0, 1], [-1, 4]]).reshape(1, 1, 2, 2))
    assert z.grad.sum().item() == 0.0
    found = _verdicts(POOL)[15]
    assert [s for s, _ in found] == [WRONG], found
    assert "side 2 is 6" in found[0][1], found
