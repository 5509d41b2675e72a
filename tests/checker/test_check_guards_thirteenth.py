# ruff: noqa: E501  (the notes' lines are kept as people write them)
"""Readings and guards added in the thirteenth session, each on notes written here (not the
unseen sets' notes: other words, letters and numbers).  Truth: torch layers (output shapes,
parameter counts) over a grid of sizes, compared with the claim's formula transcribed in
Python; a verdict is asserted only where the notes settle what the claim is about."""

from __future__ import annotations

import itertools
import math

import pytest
import torch

from symconv.checker.report import SIZE_SPECIFIC, VERIFIED, WRONG
from symconv.checker.runner import check_text

FLAGGED = (WRONG, SIZE_SPECIFIC)


def _verdicts(text: str) -> dict[int, list[tuple[str, str]]]:
    out: dict[int, list[tuple[str, str]]] = {}
    for v in check_text(text, "notes.md").verdicts:
        out.setdefault(v.line, []).append((v.status, v.message))
    return out


def _out_side(h: int, f: int, p: int, s: int) -> int:
    """torch's output height of a conv2d (kernel f, padding p, stride s) on an h x h map."""
    conv = torch.nn.Conv2d(1, 1, f, stride=s, padding=p, bias=False)
    return conv(torch.zeros(1, 1, h, h)).shape[-1]


def _holds(formula) -> bool:  # type: ignore[no-untyped-def]
    """Whether ``formula(h, f, p, s)`` is torch's output side over a grid of sizes."""
    grid = itertools.product(range(1, 9), range(1, 5), range(0, 3), range(1, 4))
    return all(
        formula(h, f, p, s) == _out_side(h, f, p, s) for h, f, p, s in grid if h + 2 * p >= f
    )


# ------------------------------------------------ a layer's settings under the layer's own mark
# The deeplearning.ai course marks a layer's hyperparameters with the layer's mark:
# f^{[l]}, s^{[l]}, p^{[l]} are layer l's kernel side, stride and padding, as n_H^{[l]} is
# its output's height and n_H^{[l-1]} its input's.
MARKED = """# Semaine 4 : couches convolutives

Layer $l$ takes $A^{[l-1]}$ of shape $n_H^{[l-1]} \\times n_W^{[l-1]} \\times n_C^{[l-1]}$; it has $n_C^{[l]}$ filters of side $f^{[l]}$, stride $s^{[l]}$ and padding $p^{[l]}$.

Some textbooks give the same thing in another form:

$$n_W^{[l]} = CLAIM$$
"""

SIDES = [
    # floor((n + 2p - f)/s) + 1: torch's rule
    (
        r"\left\lfloor \frac{n_W^{[l-1]} + 2 p^{[l]} - f^{[l]}}{s^{[l]}} \right\rfloor + 1",
        lambda h, f, p, s: (h + 2 * p - f) // s + 1,
    ),
    # ceil((n + 2p - f + 1)/s): the same count of strides
    (
        r"\left\lceil \frac{n_W^{[l-1]} + 2 p^{[l]} - f^{[l]} + 1}{s^{[l]}} \right\rceil",
        lambda h, f, p, s: math.ceil((h + 2 * p - f + 1) / s),
    ),
    # ceil without the + 1: one short whenever s divides (n + 2p - f)
    (
        r"\left\lceil \frac{n_W^{[l-1]} + 2 p^{[l]} - f^{[l]}}{s^{[l]}} \right\rceil",
        lambda h, f, p, s: math.ceil((h + 2 * p - f) / s),
    ),
    # the padding counted once
    (
        r"\left\lfloor \frac{n_W^{[l-1]} + p^{[l]} - f^{[l]}}{s^{[l]}} \right\rfloor + 1",
        lambda h, f, p, s: (h + p - f) // s + 1,
    ),
]


@pytest.mark.parametrize(("claim", "formula"), SIDES)
def test_a_layers_settings_under_its_own_mark_are_its_settings(claim: str, formula) -> None:  # type: ignore[no-untyped-def]
    """``f^{[l]}``, ``s^{[l]}``, ``p^{[l]}`` in a formula for ``n_W^{[l]}``: judged as the
    layer's kernel, stride and padding (they were silently skipped); and "the same thing"
    in the sentence before is no "same" padding that would make the claim conditional."""
    found = _verdicts(MARKED.replace("CLAIM", claim))[7]
    if _holds(formula):
        assert [s for s, _ in found] == [VERIFIED], found
    else:
        assert len(found) == 1 and found[0][0] in FLAGGED, found


def test_the_previous_layers_settings_are_not_this_layers() -> None:
    """``f^{[l-1]}`` is layer l-1's kernel, not the one that makes ``n_W^{[l]}``: never
    verified as if it were (the formula is right only with layer l's own f)."""
    claim = r"\left\lfloor \frac{n_W^{[l-1]} + 2 p^{[l]} - f^{[l-1]}}{s^{[l]}} \right\rfloor + 1"
    found = _verdicts(MARKED.replace("CLAIM", claim)).get(7, [])
    assert VERIFIED not in [s for s, _ in found], found


# ------------------------------------------------ a filter's shape written channels last
def _conv_params(c_in: int, c_out: int, k: int) -> int:
    layer = torch.nn.Conv2d(c_in, c_out, k)
    return sum(p.numel() for p in layer.parameters())


COUNTS = """# Week 5 handout

Layer $l$ reads $n_C^{[l-1]}$ channels and has $n_C^{[l]}$ filters, each of size $f^{[l]} \\times f^{[l]} \\times n_C^{[l-1]}$, plus one bias per filter.

So the layer has $\\#\\theta^{[l]} = CLAIM$ parameters.
"""
LETTERS = """# Conv layers

A layer has $F$ filters, each of shape $K \\times K \\times C_{in}$, and a bias per filter.

Its parameter count is $P = CLAIM$.
"""


@pytest.mark.parametrize(
    ("notes", "claim", "formula"),
    [
        (
            COUNTS,
            r"(f^{[l]})^2 \, n_C^{[l-1]} \, n_C^{[l]} + n_C^{[l]}",
            lambda c, o, k: k * k * c * o + o,
        ),
        (COUNTS, r"f^{[l]} \, n_C^{[l-1]} \, n_C^{[l]} + n_C^{[l]}", lambda c, o, k: k * c * o + o),
        (COUNTS, r"(f^{[l]})^2 \, n_C^{[l-1]} + n_C^{[l]}", lambda c, o, k: k * k * c + o),
        (LETTERS, r"F (K^2 C_{in} + 1)", lambda c, o, k: o * (k * k * c + 1)),
        (LETTERS, r"F K C_{in} + F", lambda c, o, k: o * k * c + o),
    ],
)
def test_a_count_in_the_letters_of_a_channels_last_filter_shape(
    notes: str, claim: str, formula
) -> None:  # type: ignore[no-untyped-def]
    """ "filters, each of size f x f x C" binds f to the kernel's side and C to the input
    channels (the channels last, as the deeplearning.ai course and TensorFlow write a filter);
    the square f x f says the kernel is 2-D, so f alone (no square) is one tap short."""
    grid = itertools.product(range(1, 4), range(1, 4), range(1, 5))
    right = all(formula(c, o, k) == _conv_params(c, o, k) for c, o, k in grid)
    found = _verdicts(notes.replace("CLAIM", claim))[5]
    if right:
        assert [s for s, _ in found] == [VERIFIED], found
    else:
        assert [s for s, _ in found] != [VERIFIED] and found[0][0] in FLAGGED, found


# ------------------------------------------------ a network in a figure caption, layers numbered
CAPTION = """# TP 3 : un petit réseau

![réseau](tp3.png)

*Figure 2. The network of this lab. $a^{{[0]}}$ is a $28 \\times 28 \\times 1$ image. Layer 1: CONV, $3 \\times 3$ filters, 6 of them, stride 1, padding 1, ReLU. Layer 2: MAX-POOL $2 \\times 2$, stride 2. Layer 3: CONV, $5 \\times 5$ filters, 12 of them, stride 1, no padding, ReLU. Layer 4: fully connected, 10 units. Every layer has a bias.*

Sizes: $n_H^{{[1]}} = {s1}$, then $n_H^{{[2]}} = {s2}$, and $n_H^{{[3]}} = 14 - 5 + 1 = {s3}$.

Parameters: layer 1 has 60, the pooling layer has none, and $\\#\\theta^{{[3]}} = 5 \\cdot 5 \\cdot 6 \\cdot 12 + 12 = {p3}$.

The flattened $a^{{[3]}}$ has 1200 entries, so $\\#\\theta^{{[4]}} = 1200 \\cdot 10 + 10 = {p4}$.
"""


def _caption_truth() -> tuple[list[int], list[int]]:
    """torch's output sides and parameter counts of the caption's four layers."""
    net = torch.nn.Sequential(
        torch.nn.Conv2d(1, 6, 3, padding=1),
        torch.nn.ReLU(),
        torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(6, 12, 5),
        torch.nn.ReLU(),
        torch.nn.Flatten(),
        torch.nn.Linear(1200, 10),
    )
    x, sides = torch.zeros(1, 1, 28, 28), []
    for layer in net[:5]:
        x = layer(x)
        if not isinstance(layer, torch.nn.ReLU):
            sides.append(x.shape[-1])
    counts = [sum(p.numel() for p in net[i].parameters()) for i in (0, 3, 6)]
    return sides, counts


@pytest.mark.parametrize("wrong", [None, "s2", "s3", "p3", "p4"])
def test_a_network_in_a_caption_and_its_numbered_layers(wrong: str | None) -> None:
    """ "Layer 1: CONV, $3 \\times 3$ filters, 6 of them, ...": six filters of side 3 (the 3
    closing the size is no count), the label "Layer 1:" names the layer after it, and
    ``n_H^{[k]}`` / ``\\#\\theta^{[k]}`` are layer k's output side and parameter count, also
    in a sentence that names other layers before the claim."""
    (s1, s2, s3), (_, p3, p4) = _caption_truth()
    values = {"s1": s1, "s2": s2, "s3": s3, "p3": p3, "p4": p4}
    if wrong is not None:
        values[wrong] += 1
    found = _verdicts(CAPTION.format(**values))
    statuses = [s for line in (7, 9, 11) for s, _ in found.get(line, [])]
    assert len(statuses) == 5, found
    expected = [WRONG if wrong == k else VERIFIED for k in ("s1", "s2", "s3", "p3", "p4")]
    assert statuses == expected, found


# ------------------------------------------------ false alarms of fresh32 / fresh33, closed
def _flagged(found: dict[int, list[tuple[str, str]]], line: int) -> list[tuple[str, str]]:
    return [(s, m) for s, m in found.get(line, []) if s in FLAGGED]


def test_a_setting_named_by_its_word_is_given_not_a_product() -> None:
    """ "the padding is $pad$" ... "$pad = 1$": the word is the setting's name (a value
    given), not p·a·d with the notes' input a (it was called a scalar against an array)."""
    notes = (
        "# Conv notes\n\nLayer $l$ reads $a^{[l-1]}$ of shape $(n_H, n_W, n_C)$; the stride is $s$ and "
        "the padding is $pad$.\n\nHere: $f = 3$, $s = 1$, $pad = 1$, $n_C = 4$.\n"
    )
    assert _flagged(_verdicts(notes), 5) == []


def test_a_claim_about_another_numbered_layer_is_not_judged_under_the_sections_layer() -> None:
    """A section that walks a network (CONV1, CONV2, FC with marks [1], [2], [3]) is read as
    one layer; the dense layer's ``z^{[3]} = W^{[3]} a^{[2]} + b^{[3]}`` (its definition,
    right) is not judged under that convolution's sizes (here the layer-mark reader already
    says the claim spans two layers; test_the_numbered_layer_guard tests the guard for the
    notes where it does not)."""
    notes = """# My CNN

## Numbers

$m = 4$ images of $16 \\times 16 \\times 3$.

CONV1: $f = 3$, $s = 1$, $n_C = 6$, output $a^{[1]}$ of $14 \\times 14 \\times 6$.

CONV2: $f = 3$, $s = 2$, $n_C = 8$, output $a^{[2]}$.

FC: flatten, then $z^{[3]} = W^{[3]} a^{[2]} + b^{[3]}$ with $W^{[3]}$ of shape $(10, 288)$.
"""
    assert _flagged(_verdicts(notes), 11) == []


@pytest.mark.parametrize(
    ("conflicts", "stated", "kept"),
    [
        (["stride 1 (line 9) but 2 (line 11)"], None, False),  # one layer mixing three
        (["stride 1 (line 9) but 2 (line 11)"], 3, True),  # the section states layer 3
        ([], None, True),  # the section's facts agree: its layer is the notes' one
    ],
)
def test_the_numbered_layer_guard(conflicts: list[str], stated: int | None, kept: bool) -> None:
    """The guard itself (the note above reaches a layer-mark reader first): a wrong verdict
    on ``z^{[3]} = W^{[3]} a^{[2]} + b^{[3]}`` in a section marking layers 1, 2, 3 stands
    only where the section's facts agree or state layer 3."""
    from symconv.checker.numbered_layers import unless_other_numbered_layer

    section = (
        "CONV1 gives $a^{[1]}$. CONV2 gives $a^{[2]}$. FC: $z^{[3]} = W^{[3]} a^{[2]} + b^{[3]}$."
    )
    found = {"status": WRONG, "message": "cannot multiply a 2x2x3 by a 16x16x3 array"}
    text = "z^{[3]} = W^{[3]} a^{[2]} + b^{[3]}"
    out = unless_other_numbered_layer(found, text, section, conflicts, stated)
    assert (out is found) == kept, out
    if not kept:
        assert out["status"] == "not-understood" and "layers 1, 2, 3" in out["message"]


def test_a_dense_kernel_and_a_dilation_letter_do_not_make_a_dense_layer() -> None:
    """ "the dilated kernel behaves like a dense kernel of side D(K-1)+1" and "the dilation be
    $D$": no dense layer (D is not its input width); the single-map input gradient of a
    dilated correlation (stride 1, no padding) was judged as a dense layer's and called
    wrong.  Truth: torch's dL/dx of a dilated conv2d equals the claim's sum."""
    d, k = 2, 3
    x = torch.randn(1, 1, 9, 9, dtype=torch.float64, requires_grad=True)
    w = torch.randn(1, 1, k, k, dtype=torch.float64)
    y = torch.nn.functional.conv2d(x, w, dilation=d)
    g = torch.randn_like(y)
    (y * g).sum().backward()
    gp = torch.nn.functional.pad(g, (d * (k - 1),) * 4)[0, 0]
    for p, q in itertools.product(range(9), range(9)):  # g_{p - Du, q - Dv}, zero outside
        claim = sum(
            gp[p - d * u + d * (k - 1), q - d * v + d * (k - 1)] * w[0, 0, u, v]
            for u in range(k)
            for v in range(k)
        )
        assert torch.isclose(claim, x.grad[0, 0, p, q])
    notes = """# Appendix

Let the input $x$ have side $H$, the kernel $w$ side $K$ and the dilation be $D \\ge 2$; the dilated kernel behaves like a dense kernel of side $D(K-1)+1$. We take stride 1 and no padding, and $g = \\partial \\mathcal{L} / \\partial y$.

With $g_{i,j} = 0$ outside its range, the input gradient is

$$\\frac{\\partial \\mathcal{L}}{\\partial x_{p,q}} = \\sum_{u=0}^{K-1}\\sum_{v=0}^{K-1} g_{p-Du,\\,q-Dv}\\, w_{u,v}$$
"""
    assert _flagged(_verdicts(notes), 7) == []


STAR_CJK = """# 第5回

入力 $X$ は $4 \\times 4$、カーネル $W$ は $2 \\times 2$（stride 1、padding なし）、$G = \\partial L / \\partial Y$ とする。

{definition}

$$\\nabla_X L = \\operatorname{{pad}}_1(G) * {kernel}$$
"""


@pytest.mark.parametrize(
    ("definition", "kernel", "status"),
    [
        ("カーネルを反転する本来の畳み込みを $*$ と書く。", "W", VERIFIED),
        ("カーネルを反転する本来の畳み込みを $*$ と書く。", r"\operatorname{rot}_{180}(W)", WRONG),
        ("我们用 $*$ 表示翻转卷积核的真正卷积。", "W", VERIFIED),
        ("我们用 $*$ 表示翻转卷积核的真正卷积。", r"\operatorname{rot}_{180}(W)", WRONG),
        ("$*$ はカーネルを反転しない相互相関とする。", "W", WRONG),
    ],
)
def test_star_defined_as_the_true_convolution_in_japanese_and_chinese(
    definition: str, kernel: str, status: str
) -> None:
    """The words that make ``*`` the flipping convolution stand before the symbol in
    Japanese and Chinese.  Truth: dL/dX = conv_transpose2d(G, W), which is the true
    convolution of pad_1(G) with W (torch below)."""
    x = torch.randn(1, 1, 4, 4, dtype=torch.float64, requires_grad=True)
    w = torch.randn(1, 1, 2, 2, dtype=torch.float64)
    y = torch.nn.functional.conv2d(x, w)
    g = torch.randn_like(y)
    (y * g).sum().backward()
    true_conv = torch.nn.functional.conv2d(torch.nn.functional.pad(g, (1,) * 4), w.flip(-1, -2))
    assert torch.allclose(true_conv, x.grad)
    found = _verdicts(STAR_CJK.format(definition=definition, kernel=kernel))[7]
    assert [s for s, _ in found] == [status], found


def test_a_depthwise_or_grouped_rows_count_is_not_the_standard_layers() -> None:
    """A count table's depthwise row ``C(K^2 + 1)`` (right: torch's Conv2d(C, C, K,
    groups=C)) and grouped row are not judged as a standard convolution's count."""
    for c, kk in itertools.product(range(1, 5), range(1, 5)):
        depthwise = torch.nn.Conv2d(c, c, kk, groups=c)
        assert sum(p.numel() for p in depthwise.parameters()) == c * (kk * kk + 1)
    notes = """# Fiche

| couche | formule |
|---|---|
| conv standard | $P = C_{out}(C_{in}K^2 + 1)$ |
| depthwise (un groupe par canal, $C$ canaux) | $P = C(K^2 + 1)$ |
| groupée ($G$ groupes) | $P = C_{in}C_{out}K^2/G + C_{out}$ |
"""
    found = _verdicts(notes)
    assert [s for s, _ in found[5]] == [VERIFIED], found
    assert _flagged(found, 6) == [] and _flagged(found, 7) == [], found


def test_worked_arithmetic_that_comes_to_zero_is_a_worked_example() -> None:
    """``dL/db_1 = 1 + 0 + 0 - 1 = 0`` after G^{(1)} given as a matrix: the numbers are put in
    (the bias gradient is the sum of G's entries: 1 + 0 + 0 - 1 = 0, by hand), not a claim
    that a formula vanishes; the checker does not bind those numbers here, so it is not
    called wrong."""
    notes = """# Lista 6

A camada é `nn.Conv2d(3, 2, kernel_size=2)` (stride 1, sem padding), com entrada $3 \\times 3 \\times 3$, e os gradientes que chegam são

$$G^{(1)} = \\frac{\\partial L}{\\partial Y^{(1)}} = \\begin{bmatrix} 1 & 0 \\\\ 0 & -1 \\end{bmatrix}$$

*Vieses:* $\\frac{\\partial L}{\\partial b_1} = 1 + 0 + 0 - 1 = 0$.
"""
    assert _flagged(_verdicts(notes), 7) == []


# ------------------------------------------------ general claims in notes that lay the channels last
LAST = """# Conv layer, TensorFlow layout

A layer reads $X$ of shape $(n_H, n_W, n_C)$ (channels last), has filters $W$ of shape $(f, f, n_C, F)$ (TensorFlow's HWIO), stride 1 and no padding, and writes $Z$ of shape $(H_{out}, W_{out}, F)$. Indices are 0-based.

$$CLAIM$$
"""


def _hwc_truth() -> None:
    """torch (channels first) against the claims' channels-last entries: dL/db_c sums G over
    rows and columns of channel c; dL/dW_{u,v,k,c} = sum_{h,w} G_{h,w,c} X_{h+u,w+v,k}."""
    x = torch.randn(1, 2, 5, 6, dtype=torch.float64)
    w = torch.randn(3, 2, 2, 3, dtype=torch.float64, requires_grad=True)
    b = torch.randn(3, dtype=torch.float64, requires_grad=True)
    z = torch.nn.functional.conv2d(x, w, b)
    g = torch.randn_like(z)
    (z * g).sum().backward()
    x_hwc, g_hwc = x[0].permute(1, 2, 0), g[0].permute(1, 2, 0)
    h_out, w_out = g_hwc.shape[:2]
    for c in range(3):
        assert torch.isclose(b.grad[c], g_hwc[:, :, c].sum())
        for u, v, k in itertools.product(range(2), range(3), range(2)):
            claim = sum(
                g_hwc[h, q, c] * x_hwc[h + u, q + v, k] for h in range(h_out) for q in range(w_out)
            )
            assert torch.isclose(w.grad[c, k, u, v], claim)  # W_hwio[u, v, k, c] = w[c, k, u, v]


@pytest.mark.parametrize(
    ("claim", "status"),
    [
        (
            r"\frac{\partial L}{\partial b_c} = \sum_{h=0}^{H_{out}-1} \sum_{w=0}^{W_{out}-1} \frac{\partial L}{\partial Z_{h,w,c}}",
            VERIFIED,
        ),
        (
            r"\frac{\partial L}{\partial W_{u,v,k,c}} = \sum_{h=0}^{H_{out}-1} \sum_{w=0}^{W_{out}-1} \frac{\partial L}{\partial Z_{h,w,c}} X_{h+u,w+v,k}",
            VERIFIED,
        ),
        # the channel index read first: another entry in these notes' layout
        (
            r"\frac{\partial L}{\partial b_c} = \sum_{h=0}^{H_{out}-1} \sum_{w=0}^{W_{out}-1} \frac{\partial L}{\partial Z_{c,h,w}}",
            WRONG,
        ),
        # the filter's row and column offsets swapped
        (
            r"\frac{\partial L}{\partial W_{u,v,k,c}} = \sum_{h=0}^{H_{out}-1} \sum_{w=0}^{W_{out}-1} \frac{\partial L}{\partial Z_{h,w,c}} X_{h+v,w+u,k}",
            WRONG,
        ),
    ],
)
def test_general_claims_in_channels_last_notes(claim: str, status: str) -> None:
    """The general prover reads entries channels first; in notes that state the channels
    last, ``Z_{h,w,c}`` and ``W_{u,v,k,c}`` are moved to its positions (a correct bias
    gradient was called wrong: 'reads Z outside its range')."""
    _hwc_truth()
    found = _verdicts(LAST.replace("CLAIM", claim))[5]
    assert [s for s, _ in found] == [status], found


COURSE = """# Week 7 handout

Layer $l$ reads $a^{[l-1]}$ of size $n_H^{[l-1]} \\times n_W^{[l-1]} \\times n_C^{[l-1]}$ and has $n_C^{[l]}$ filters of size $f^{[l]} \\times f^{[l]} \\times n_C^{[l-1]}$. We write $dZ^{[l]}$, $dW^{[l]}$ and $db^{[l]}$ for the loss's gradients; indices are 0-based, one example.

$$CLAIM$$
"""


@pytest.mark.parametrize(
    ("claim", "status"),
    [
        (
            r"db^{[l]}_c = \sum_{h=0}^{n_H^{[l]}-1} \sum_{w=0}^{n_W^{[l]}-1} dZ^{[l]}_{h,w,c}",
            VERIFIED,
        ),
        # the channel's own map summed past its last row
        (r"db^{[l]}_c = \sum_{h=0}^{n_H^{[l]}} \sum_{w=0}^{n_W^{[l]}-1} dZ^{[l]}_{h,w,c}", WRONG),
    ],
)
def test_the_courses_gradient_names_and_a_layout_its_sums_show(claim: str, status: str) -> None:
    """``db``, ``dZ`` are the loss's gradients where the notes name them so (dW and db); the
    notes state no layout, but ``h`` summed up to the output's height stands before the
    channel in ``dZ_{h,w,c}``: channels last.  Truth: torch's bias gradient is the sum of
    G over the rows and columns of its channel (_hwc_truth); the sum to n_H reads a row
    past the map's end."""
    _hwc_truth()
    found = _verdicts(COURSE.replace("CLAIM", claim))[5]
    assert [s for s, _ in found] == [status], found


# ------------------------------------------------ the review's findings (each a false alarm or a miss)
def test_a_denied_flip_keeps_star_the_correlation() -> None:
    """ "computed without flipping the kernel": ``*`` is the correlation here (the denial's
    pattern had a backspace byte for ``\\b`` and never matched).  Truth: numpy's valid
    correlation of (1, 2, 0, 1) with (1, -1) is (-1, 2, -1)."""
    import numpy as np

    assert np.correlate([1, 2, 0, 1], [1, -1], "valid").tolist() == [-1, 2, -1]
    notes = "# Notes\n\nHere $x * w$ is computed without flipping the kernel.\n\nWith $x = (1, 2, 0, 1)$ and $w = (1, -1)$: $x * w = (-1, 2, -1)$.\n"
    assert _flagged(_verdicts(notes), 5) == []


def test_a_constructors_bias_false_is_no_bias_said() -> None:
    """ "built with bias=False": the flag's value, not "with bias" (the count was called
    wrong, "224, not 216").  Truth: torch's Conv2d(3, 8, 3, bias=False) has 216 parameters."""
    assert sum(p.numel() for p in torch.nn.Conv2d(3, 8, 3, bias=False).parameters()) == 216
    notes = "# Hoja\n\nA layer built with bias=False, `nn.Conv2d(3, 8, 3, bias=False)`, has $3 \\cdot 3 \\cdot 3 \\cdot 8 = 216$ parameters.\n"
    assert [s for s, _ in _verdicts(notes)[3]] == [VERIFIED]


def test_a_code_blocks_input_changed_before_the_layer_is_not_its_input() -> None:
    """``x = torch.randn(1, 3, 32, 32)`` then ``x = F.max_pool2d(x, 2)``: the layer sees
    16 x 16 (torch below), so the 32 x 32 made first is not read as its input."""
    from symconv.checker.code_layers import code_block_facts

    x = torch.nn.functional.max_pool2d(torch.randn(1, 3, 32, 32), 2)
    assert tuple(x.shape[-2:]) == (16, 16)
    changed = "x = torch.randn(1, 3, 32, 32)\nx = F.max_pool2d(x, 2)\nconv = nn.Conv2d(3, 8, 3, padding=1)\ny = conv(x)\n"
    kept = "x = torch.randn(1, 3, 32, 32)\nconv = nn.Conv2d(3, 8, 3, padding=1)\ny = conv(x)\n"
    assert [f for f in code_block_facts(changed) if f[0] == "input"] == []
    assert [f[1] for f in code_block_facts(kept) if f[0] == "input"] == ["32x32"]


def test_the_word_tensorflow_does_not_make_a_tuple_channels_last() -> None:
    """ "Unlike TensorFlow, PyTorch takes x = torch.randn(1, 4, 4, 6)": PyTorch's (N, C, H, W),
    4 channels of 4 x 6 (not 6 channels of 4 x 4): a non-square map in no stated layout is
    left unread, and a square one is read channels first."""
    from symconv.checker.input_tuples import input_tuple_facts

    assert (
        dict(input_tuple_facts("Unlike TensorFlow, PyTorch takes x = torch.randn(1, 4, 4, 6)"))
        == {}
    )
    square = dict(input_tuple_facts("Unlike TensorFlow, PyTorch takes x = torch.randn(1, 4, 6, 6)"))
    assert (square.get("c_in"), square.get("in_h"), square.get("in_w")) == (4, 6, 6), square


def test_the_same_padding_as_before_is_no_same_padding() -> None:
    from symconv.checker.scope_facts import SAME_PADDING

    assert SAME_PADDING.search("with the same padding as layer 1") is None
    assert SAME_PADDING.search("with same padding") is not None
    assert SAME_PADDING.search("padding='same'") is not None


def test_a_later_loss_overrides_the_sum_of_outputs() -> None:
    """The section's first loss adds the outputs up (every upstream entry 1); its second is a
    squared error, so a later claim with the ones put in is not excused by the first:
    dL/dw_k = sum_i x_{i+k} is wrong under the squared error (its upstream is y - t)."""
    from symconv.checker.lead_in_settings import sets_upstream_ones

    first = ["# Conv1d", "", "Take $L = \\sum_i y_i$, so every upstream entry is 1.", ""]
    later = [
        "Now take $L = \\frac{1}{2}\\sum_i (y_i - t_i)^2$.",
        "",
        "$$\\frac{\\partial L}{\\partial w_k} = \\sum_{i=0}^{2} x_{i+k}$$",
    ]
    assert sets_upstream_ones(
        [*first, "$$\\frac{\\partial L}{\\partial w_k} = \\sum_{i=0}^{2} x_{i+k}$$"], 5
    )
    assert not sets_upstream_ones(first + later, 7)


def test_a_strided_star_of_worked_signals_is_not_the_valid_correlation() -> None:
    """A layer with stride 2: ``x \\star w`` of 5 and 3 entries has 2 outputs, (-2, -2)
    (torch below); it was compared with the stride-1 correlation's three and called wrong."""
    x = torch.tensor([[[1.0, 2.0, 3.0, 4.0, 5.0]]], dtype=torch.float64)
    w = torch.tensor([[[1.0, 0.0, -1.0]]], dtype=torch.float64)
    assert torch.nn.functional.conv1d(x, w, stride=2).flatten().tolist() == [-2.0, -2.0]
    notes = "# Conv1d\n\nA 1-D layer with stride 2 and no padding.\n\nWith $x = (1, 2, 3, 4, 5)$ and $w = (1, 0, -1)$: $x \\star w = (-2, -2)$.\n"
    assert _flagged(_verdicts(notes), 5) == []
