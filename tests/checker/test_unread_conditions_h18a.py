"""Correct claims called wrong because the checker judged them without something the notes
say (issue 16, the eighteenth hunt):

* a size formula that divides by 2 after "and with stride 2?", fitted to the stride-1
  layer the notes build (formula_size_layer._fits);
* ``H' = H + 2 \\cdot 1 - 3 + 1 = H`` judged at a guessed kernel where the formula writes
  its own in numbers (claims._formula);
* ``\\partial L / \\partial F(x)``: a residual branch applied to the input, read as an
  entry of F at index x (function_of_tensor.py);
* "$\\partial y_t / \\partial x_s = 0$ for every $s < t$" judged at every index
  (index_restriction.py);
* a claim about layer 1 of a block beside a hypothesis on layer 2, under one guessed layer
  (numbered_layers.py);
* ``\\operatorname{pad}^{\\leftarrow}_2(x)``: a one-sided padding read as pad_2
  (opparse.py), and gradients of a causal layer judged under a layer padded on neither
  side (causal_layer.py).

Each correct claim must no longer be wrong, and each deliberately wrong variant must still
be called wrong (or, where the guard cannot read it, never verified).  The truth is torch
autograd / torch's output shapes, computed here, never symconv.
"""

from __future__ import annotations

import pytest
from conftest import checked_text
from line_verdicts import statuses

from symconv.checker.causal_layer import causal_words, unless_causal
from symconv.checker.function_of_tensor import applied_to_tensor
from symconv.checker.index_restriction import restriction, satisfied, unless_restricted
from symconv.checker.numbered_layers import unless_other_numbered_layer
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG

torch = pytest.importorskip("torch")
F = torch.nn.functional


def _side(n: int, k: int, p: int, s: int) -> int:
    """torch's output side of a square convolution on an n x n map."""
    x = torch.zeros(1, 1, n, n)
    return int(F.conv2d(x, torch.zeros(1, 1, k, k), stride=s, padding=p).shape[-1])


# --------------------------------------------------------------- a what-if stride of 2
_STRIDE_EN = (
    "# Separable blocks\n\n"
    "Our layer is `conv = nn.Conv2d(16, 16, kernel_size=3, padding=1, bias=False)` and the "
    "maps are $32 \\times 32$.\n\n"
    "## And with stride 2?\n\n"
    "MobileNet downsamples inside the depthwise conv (`stride=2`). The output side is then "
    "$\\left\\lfloor \\frac{{32 + 2 - 3}}{{2}} \\right\\rfloor + 1 = {strided}$.\n\n"
    "A slip: the output side is $32 + 2 - 3 + 1 = {slip}$.\n"
)
_STRIDE_FR = (
    "# Blocs séparables\n\n"
    "Notre couche est `conv = nn.Conv2d(8, 8, kernel_size=5, padding=2, bias=False)` sur des "
    "cartes $40 \\times 40$.\n\n"
    "## Et avec un pas de 2 ?\n\n"
    "Le sous-échantillonnage se fait dans la convolution (`stride=2`). La sortie fait alors "
    "$\\left\\lfloor \\frac{{40 + 4 - 5}}{{2}} \\right\\rfloor + 1 = {strided}$ de côté.\n\n"
    "Une erreur : la sortie fait $40 + 4 - 5 + 1 = {slip}$ de côté.\n"
)


@pytest.mark.parametrize(
    ("template", "n", "k", "p"), [(_STRIDE_EN, 32, 3, 1), (_STRIDE_FR, 40, 5, 2)]
)
def test_a_formula_dividing_by_two_is_no_count_of_the_stride_one_layer(
    template: str, n: int, k: int, p: int
) -> None:
    strided, same = _side(n, k, p, 2), _side(n, k, p, 1)
    assert strided != same  # the what-if's layer is not the built one
    note = template.format(strided=strided, slip=same - 2)
    assert WRONG not in statuses(note, "\\rfloor + 1")
    # the stride-1 count written wrong is still the built layer's, and still wrong
    assert statuses(note, f"= {same - 2}$") == [WRONG]


# --------------------------------------------------- a kernel written in numbers only
_KEEP_EN = (
    "# Residual stacks\n\n"
    "A plain block keeps the channel count $C$:\n\n"
    "```python\nself.a = nn.Conv2d(C, C, kernel_size=3, padding=1)\n"
    "self.b = nn.Conv2d(C, C, kernel_size=3, padding=1)\n```\n\n"
    "Both convolutions have stride 1 and padding 1, so the map keeps its side:\n\n"
    "$$H' = H + 2 \\cdot 1 - 3 + 1 = H$$\n\n"
    "A slip in the same count: $$H' = H + 2 \\cdot 1 - 3 + 1 = H + 1$$\n"
)
_KEEP_ES = (
    "# Bloques residuales\n\n"
    "Un bloque conserva los $C$ canales:\n\n"
    "```python\nself.c1 = nn.Conv2d(C, C, kernel_size=5, padding=2)\n"
    "self.c2 = nn.Conv2d(C, C, kernel_size=5, padding=2)\n```\n\n"
    "Ambas convoluciones tienen paso 1 y relleno 2, así que el lado se conserva:\n\n"
    "$$H' = H + 2 \\cdot 2 - 5 + 1 = H$$\n\n"
    "Un error en la misma cuenta: $$H' = H + 2 \\cdot 2 - 5 + 1 = H - 1$$\n"
)


@pytest.mark.parametrize(("note", "k", "p", "slip"), [(_KEEP_EN, 3, 1, 1), (_KEEP_ES, 5, 2, -1)])
def test_a_size_formula_with_its_kernel_in_numbers_is_not_judged_at_a_guessed_kernel(
    note: str, k: int, p: int, slip: int
) -> None:
    for n in range(k, 12):  # the padding keeps every side (torch)
        assert _side(n, k, p, 1) == n != n + slip
    assert WRONG not in statuses(note, "+ 1 = H$$")
    # sides that differ from one another are wrong at any kernel
    assert statuses(note, f"= H {'+' if slip > 0 else '-'} 1$$") == [WRONG]


# ------------------------------------------------ a branch applied to the whole input
_BRANCH_EN = (
    "# Skip connections\n\n"
    "We write the block as $y = x + F(x)$ and name $G = \\partial L / \\partial y$.\n\n"
    "The addition passes the gradient through unchanged: "
    "$\\frac{\\partial L}{\\partial F(x)} = G$.\n\n"
    "A common slip: $\\frac{\\partial L}{\\partial F(x)} = 2 G$.\n"
)
_BRANCH_DE = (
    "# Residualverbindungen\n\n"
    "Der Block ist $y = x + F(x)$, und $G = \\partial L / \\partial y$.\n\n"
    "Die Summe reicht den Gradienten unverändert weiter: "
    "$\\frac{\\partial L}{\\partial F(x)} = G$.\n\n"
    "Ein Fehler: $\\frac{\\partial L}{\\partial F(x)} = 2 G$.\n"
)


def _branch_gradient_is_upstream() -> bool:
    torch.manual_seed(0)
    x = torch.randn(1, 2, 5, 5, dtype=torch.float64)
    w = torch.randn(2, 2, 3, 3, dtype=torch.float64, requires_grad=True)
    branch = F.conv2d(x, w, padding=1)
    branch.retain_grad()
    g = torch.randn(1, 2, 5, 5, dtype=torch.float64)
    ((x + branch) * g).sum().backward()
    assert branch.grad is not None
    return bool(torch.allclose(branch.grad, g)) and not torch.allclose(branch.grad, 2 * g)


@pytest.mark.parametrize("note", [_BRANCH_EN, _BRANCH_DE])
def test_the_gradient_with_respect_to_a_branch_of_the_input_is_no_entry(note: str) -> None:
    assert _branch_gradient_is_upstream()
    assert statuses(note, "F(x)} = G$") == [NOT_UNDERSTOOD]
    assert VERIFIED not in statuses(note, "= 2 G$")  # the slip is never passed


def test_what_applies_a_letter_to_a_tensor_inside_a_claim() -> None:
    letters = {"x", "y", "w", "F", "G"}
    assert applied_to_tensor(r"\frac{\partial L}{\partial F(x)} = G", letters) == "F(x)"
    # an operator's subscript applied to a tensor: dilate_s(G) is no function s
    assert applied_to_tensor(r"\operatorname{dilate}_s(G) \star w", letters) is None
    assert applied_to_tensor(r"y(i) = x(i) w(0)", letters) is None  # i is an index


# ------------------------------------------------------ a claim for some indices only
_RANGE_EN = (
    "# A 1-D layer\n\n"
    "The input is $x = (x_0, x_1, x_2, x_3, x_4)$, the kernel $w = (w_0, w_1, w_2)$, no "
    "padding, stride 1:\n\n"
    "$$y_t = \\sum_{k=0}^{2} w_k x_{t+k}$$\n\n"
    "Output $t$ only reads $x_t, x_{t+1}, x_{t+2}$: $\\frac{\\partial y_t}{\\partial x_s} = 0$ "
    "for every $s < t$.\n\n"
    "The same for $s \\ge t$ would be a slip: $\\frac{\\partial y_t}{\\partial x_s} = 0$ for "
    "every $s \\ge t$.\n"
)
_RANGE_IT = (
    "# Uno strato 1D\n\n"
    "L'ingresso è $x = (x_0, x_1, x_2, x_3, x_4)$, il kernel $w = (w_0, w_1, w_2)$, senza "
    "padding, passo 1:\n\n"
    "$$y_t = \\sum_{k=0}^{2} w_k x_{t+k}$$\n\n"
    "L'uscita $t$ legge solo $x_t, x_{t+1}, x_{t+2}$: "
    "$\\frac{\\partial y_t}{\\partial x_s} = 0$ per ogni $s > t + 2$.\n\n"
    "Sbagliato invece: $\\frac{\\partial y_t}{\\partial x_s} = 0$ per ogni $s \\le t$.\n"
)


def _jacobian() -> list[list[float]]:
    torch.manual_seed(1)
    w = torch.randn(1, 1, 3, dtype=torch.float64)
    jac = torch.autograd.functional.jacobian(
        lambda v: F.conv1d(v.view(1, 1, 5), w).view(-1), torch.randn(5, dtype=torch.float64)
    )
    return jac.tolist()  # [t][s]


@pytest.mark.parametrize(
    ("note", "true_range", "false_range"),
    [
        (_RANGE_EN, lambda s, t: s < t, lambda s, t: s >= t),
        (_RANGE_IT, lambda s, t: s > t + 2, lambda s, t: s <= t),
    ],
)
def test_a_claim_restricted_to_some_indices_is_not_judged_at_the_others(
    note: str, true_range, false_range
) -> None:
    jac = _jacobian()
    pairs = [(s, t) for t in range(3) for s in range(5)]
    assert all(jac[t][s] == 0 for s, t in pairs if true_range(s, t))
    assert any(jac[t][s] != 0 for s, t in pairs if false_range(s, t))
    lines = [row for row in note.split("\n") if "\\partial x_s} = 0$" in row]
    assert WRONG not in statuses(note, lines[0])
    assert statuses(note, lines[1]) == [WRONG]  # it fails inside its own range


def test_how_a_restriction_is_read() -> None:
    document = [
        "Then $a_{st} = 0$ for every $s > t$, while for $t - 2 \\le s \\le t$ it is $b_{st} = 1$."
    ]
    assert restriction(document, 1, "a_{st} = 0") == "s > t"
    assert restriction(document, 1, "b_{st} = 1") == "t - 2 \\le s \\le t"
    assert satisfied("t - 2 \\le s \\le t", {"s": 1, "t": 2}) is True
    assert satisfied("s > t", {"s": 0, "t": 0}) is False
    assert satisfied("s > 2t", {"s": 0, "t": 0}) is None  # 2t is not read
    found = {"status": WRONG, "message": "differs", "counterexample": {"index": {"s": 3, "t": 1}}}
    assert unless_restricted(found, document, 1, "a_{st} = 0") == found  # inside its range


# -------------------------------------------- two numbered layers under one guessed layer
_BLOCK_EN = (
    "# Zero-initialised residual branch\n\n"
    "The block is $y = x + W^{(2)} * \\operatorname{relu}(W^{(1)} * x)$.\n\n"
    "Setting $W^{(2)} = 0$, the branch outputs nothing at first, so "
    "$\\frac{\\partial L}{\\partial W^{(1)}} = 0$, while "
    "$\\frac{\\partial L}{\\partial W^{(2)}} = 0$ would be a slip.\n"
)
_BLOCK_ES = (
    "# Rama residual inicializada a cero\n\n"
    "El bloque es $y = x + W^{(2)} * \\operatorname{relu}(W^{(1)} * x)$.\n\n"
    "Con $W^{(2)} = 0$ la rama no aporta nada al principio, así que "
    "$\\frac{\\partial L}{\\partial W^{(1)}} = 0$; decir "
    "$\\frac{\\partial L}{\\partial W^{(2)}} = 0$ sería un error.\n"
)


def _by_source(note: str, piece: str) -> list[str]:
    """The statuses of the claims whose own text holds ``piece`` (two claims share a line)."""
    return [v.status for v in checked_text(note, "notes.md").verdicts if piece in v.source]


def _block_gradients() -> tuple[float, float]:
    torch.manual_seed(2)
    x = torch.randn(1, 2, 6, 6, dtype=torch.float64)
    w1 = torch.randn(2, 2, 3, 3, dtype=torch.float64, requires_grad=True)
    w2 = torch.zeros(2, 2, 3, 3, dtype=torch.float64, requires_grad=True)
    y = x + F.conv2d(torch.relu(F.conv2d(x, w1, padding=1)), w2, padding=1)
    (y * torch.randn_like(y)).sum().backward()
    assert w1.grad is not None and w2.grad is not None
    return float(w1.grad.abs().max()), float(w2.grad.abs().max())


@pytest.mark.parametrize("note", [_BLOCK_EN, _BLOCK_ES])
def test_a_claim_about_layer_one_beside_a_hypothesis_on_layer_two(note: str) -> None:
    first, second = _block_gradients()
    assert first == 0 and second > 0
    found = _by_source(note, "W^{(1)}} = 0")
    assert WRONG not in found and VERIFIED not in found
    # the slip about layer 2 itself keeps its wrong: the hypothesis is on its own layer
    assert _by_source(note, "W^{(2)}} = 0") == [WRONG]
    # the guard keeps a wrong where the section's sizes are stated (not guessed), and
    # where nothing sets another numbered layer's tensor
    wrong = {"status": WRONG, "message": "differs"}
    section = "Setting $W^{(2)} = 0$, then $\\partial L / \\partial W^{(1)} = 0$"
    text = "\\frac{\\partial L}{\\partial W^{(1)}} = 0"
    assert unless_other_numbered_layer(wrong, text, section, [], None, False) == wrong
    assert unless_other_numbered_layer(wrong, text, "$W^{(1)}$, $W^{(2)}$", [], None, True) == wrong
    assert unless_other_numbered_layer(wrong, text, section, [], None, True)["status"] == (
        NOT_UNDERSTOOD
    )


# ------------------------------------------------------------------ a causal layer
def _causal_gradients() -> tuple[list[float], list[float]]:
    """torch's input and weight gradients of a causal layer (left-padded by k - 1 = 2)."""
    x = torch.tensor([[[1.0, 0.0, -2.0, 3.0, 1.0]]], dtype=torch.float64, requires_grad=True)
    w = torch.tensor([[[2.0, 1.0, -1.0]]], dtype=torch.float64, requires_grad=True)
    g = torch.tensor([[[1.0, -1.0, 2.0, 0.0, 3.0]]], dtype=torch.float64)
    (F.conv1d(F.pad(x, (2, 0)), w) * g).sum().backward()
    assert x.grad is not None and w.grad is not None
    return x.grad[0, 0].tolist(), w.grad[0, 0].tolist()


def _causal_formulas() -> None:
    """The notes' formulas, evaluated at torch's numbers: dL/dx_s = sum_k g_{s+2-k} w_k and
    dL/dw = pad_left_2(x) correlated with g."""
    dx, dw = _causal_gradients()
    g, w, x = [1.0, -1.0, 2.0, 0.0, 3.0], [2.0, 1.0, -1.0], [1.0, 0.0, -2.0, 3.0, 1.0]
    at = lambda s: g[s] if 0 <= s < 5 else 0.0  # noqa: E731 (g_t = 0 past the end)
    assert dx == [sum(at(s + 2 - k) * w[k] for k in range(3)) for s in range(5)]
    padded = [0.0, 0.0, *x]
    assert dw == [sum(padded[t + k] * g[t] for t in range(5)) for k in range(3)]
    # the slip g_{s+k} is not it
    assert dx != [sum(at(s + k) * w[k] for k in range(3)) for s in range(5)]


_CAUSAL_EN = (
    "# Causal convolution for a forecaster\n\n"
    "We pad only on the left with $k - 1 = 2$ zeros and then apply "
    "`nn.Conv1d(1, 1, kernel_size=3, bias=False)`, so the layer is causal.\n\n"
    "Take $x = (1, 0, -2, 3, 1)$ and $w = (w_0, w_1, w_2)$. Output $t$ is\n\n"
    "$$y_t = \\sum_{k=0}^{2} w_k x_{t+k-2}$$\n\n"
    "With $g_t = \\partial L / \\partial y_t$ (and $g_t = 0$ for $t > 4$):\n\n"
    "$$\\frac{\\partial L}{\\partial x_s} = \\sum_{k=0}^{2} g_{s+k} w_k$$\n\n"
    "In operator form, $\\frac{\\partial L}{\\partial w} = "
    "\\operatorname{pad}^{\\leftarrow}_{2}(x) \\star g$.\n"
)
_CAUSAL_IT = (
    "# Convoluzione causale\n\n"
    "<!-- symconv: layer=conv1d input=5 kernel=3 {padding}no-bias -->\n\n"
    "Uso una convoluzione causale: riempio solo a sinistra con $k - 1$ zeri e poi applico "
    "`nn.Conv1d(1, 1, kernel_size=3, bias=False)`.\n\n"
    "**Backward.** Sia $g_t = \\partial L / \\partial y_t$, con $g_t = 0$ per $t > 4$:\n\n"
    "$$\\frac{\\partial L}{\\partial x_s} = \\sum_{k=0}^{2} g_{s+2-k} \\, w_k$$\n"
)


def test_a_one_sided_padding_operator_is_not_read_as_both_sides() -> None:
    _causal_formulas()
    assert statuses(_CAUSAL_EN, "\\leftarrow") == [NOT_UNDERSTOOD]
    # the causal layer is read here: the slip g_{s+k} is still wrong under it
    assert statuses(_CAUSAL_EN, "g_{s+k} w_k") == [WRONG]


def test_gradients_of_a_causal_layer_are_not_judged_without_its_padding() -> None:
    _causal_formulas()
    # the notes say causal in Italian; the layer the directive gives pads nothing
    assert statuses(_CAUSAL_IT.replace("{padding}", ""), "g_{s+2-k}") == [NOT_UNDERSTOOD]
    # a padding the user declares is theirs: judged by it (torch's unpadded layer differs)
    assert statuses(_CAUSAL_IT.replace("{padding}", "padding=0 "), "g_{s+2-k}") == [WRONG]


def test_what_says_a_layer_is_causal() -> None:
    document = ["# Convolution causale", "", "Soit $y_t = 1$."]
    assert causal_words(document, 3, 3)
    assert not causal_words(["# Plain layer", "", "$y_t = 1$"], 3, 3)
    wrong = {"status": WRONG, "message": "differs"}
    assert unless_causal(wrong, document, 3, 3, {"layer": "conv1d"})["status"] == NOT_UNDERSTOOD
    assert unless_causal(wrong, document, 3, 3, {"layer": "conv1d", "padding": "causal"}) == wrong
