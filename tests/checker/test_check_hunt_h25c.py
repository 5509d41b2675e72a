"""A miss and false alarms of the sealed set fresh64 closed by hunter h25c (twenty-fifth
session), each with notes of its own.

1. "With a padding $P > 0$ in the forward pass, $dL/dX = pad_{K-1+P}(\\delta) \\star
   rot180(W)$" was proved at padding 0, where the notes' earlier "without padding" had fixed
   it: the claim's own lead-in, which frees the padding, now comes first (a miss closed); the
   same for "stride $S \\ge 2$ ... $S$ dividing $N - K$" in Portuguese.
2. "a 5 x 5 kernel has $P = 25 C_{in} C_{out} + C_{out}$" was judged over kernels 1..5: a
   count that writes its kernel as a number is now judged at the kernel its clause names.
3. "$H' = \\lfloor H/2 \\rfloor$" of a MaxPool2d under a layer guessed with the padding of
   the notes' convolutions: a formula that names no kernel and fails only at the guessed
   kernel and padding is not understood.
4. "this kernel is symmetric, $rot_{180}(W) = W$" about the kernel the example gives: not
   understood where it holds for those numbers.
5. Average-pooling notes whose section was read as the default convolution: a difference
   made of kernel entries that neither the claim nor the notes write is the guess's.
6. "$\\ast$ denotes the full convolution (kernel flipped)": the general prover reads the
   symbol in that mode.

Every expected verdict comes from torch autograd (float64) on random tensors, or from
arithmetic in a comment.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from symconv.checker.report import ALL_SIZES, NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

_GEN = torch.Generator().manual_seed(2512)


def _verdicts(text: str) -> dict[int, tuple[str, str]]:
    return {v.line: (v.status, v.message) for v in check_text(text).verdicts}


def _input_gradient(n: int, k: int, p: int, s: int = 1) -> tuple[torch.Tensor, ...]:
    """(X's gradient, delta, W) of Z = conv2d(X, W, padding p, stride s), L = sum(Z delta)."""
    x = torch.randn(1, 1, n, n, dtype=torch.float64, generator=_GEN, requires_grad=True)
    w = torch.randn(1, 1, k, k, dtype=torch.float64, generator=_GEN)
    z = F.conv2d(x, w, padding=p, stride=s)
    delta = torch.randn(z.shape, dtype=torch.float64, generator=_GEN)
    (z * delta).sum().backward()
    return x.grad, delta, w


def _padded_formula(n: int, k: int, p: int, pad: int, s: int = 1, dil: bool = True) -> bool:
    """Whether pad_{pad}(dil_s(delta)) star rot180(W) (without dil_s if not ``dil``) is
    torch's dL/dX of the layer at stride s (a shape that differs is no agreement)."""
    grad, delta, w = _input_gradient(n, k, p, s)
    if s > 1 and dil:
        grown = torch.zeros(1, 1, (delta.shape[2] - 1) * s + 1, (delta.shape[3] - 1) * s + 1)
        grown = grown.double()
        grown[:, :, ::s, ::s] = delta
        delta = grown
    if pad < 0:
        return False
    right = F.conv2d(F.pad(delta, [pad] * 4), torch.flip(w, [2, 3]))
    return right.shape == grad.shape and bool(torch.allclose(right, grad))


# ------------------------------------------------------------- 1. the claim's own case

_PT = (
    "# Gradiente da entrada\n\nUm canal, índices a partir de 0, $\\star$ é a correlação "
    "cruzada válida, $Z = X \\star W$ e $\\delta = \\partial L / \\partial Z$. Sem padding e "
    "com passo 1:\n\n$$\\frac{{\\partial L}}{{\\partial X}} = \\operatorname{{pad}}_{{K-1}}"
    "(\\delta) \\star \\operatorname{{rot}}_{{180}}(W)$$\n\n"
    "Se o forward usa padding $P \\neq 0$, fica $\\frac{{\\partial L}}{{\\partial X}} = "
    "\\operatorname{{pad}}_{{{pad}}}(\\delta) \\star \\operatorname{{rot}}_{{180}}(W)$.\n\n"
    "Com stride $S \\geq 2$ e sem padding, supondo $S$ dividindo $N - K$: "
    "$\\frac{{\\partial L}}{{\\partial X}} = \\operatorname{{pad}}_{{K-1}}({strided}) \\star "
    "\\operatorname{{rot}}_{{180}}(W)$.\n"
)


def test_padding_lead_in_frees_the_padding() -> None:
    # torch: at n = 5, k = 3, P = 1 and n = 6, k = 3, P = 2, pad_{K-1-P} is dL/dX and
    # pad_{K-1+P} is not (its result is 2P too large on each side)
    assert all(_padded_formula(n, 3, p, 3 - 1 - p) for n, p in ((5, 1), (6, 2)))
    assert not any(_padded_formula(n, 3, p, 3 - 1 + p) for n, p in ((5, 1), (6, 2)))
    right = _verdicts(_PT.format(pad="K-1-P", strided="\\operatorname{dil}_S(\\delta)"))
    wrong = _verdicts(_PT.format(pad="K-1+P", strided="\\delta"))
    assert right[7][0] == ALL_SIZES
    assert "any padding" in right[7][1]
    assert wrong[7][0] == WRONG  # on main: proved at padding 0 (a miss)


def test_stride_lead_in_with_portuguese_divides() -> None:
    # torch: at (n, k, s) = (7, 3, 2) and (9, 3, 3), s dividing n - k, the dilated upstream
    # gradient padded by k - 1 gives dL/dX; without the dilation it does not
    assert all(_padded_formula(n, 3, 0, 2, s) for n, s in ((7, 2), (9, 3)))
    assert not any(_padded_formula(n, 3, 0, 2, s, dil=False) for n, s in ((7, 2), (9, 3)))
    right = _verdicts(_PT.format(pad="K-1-P", strided="\\operatorname{dil}_S(\\delta)"))
    wrong = _verdicts(_PT.format(pad="K-1+P", strided="\\delta"))
    # on main: proved at stride 1 only ("verified-for-all-sizes ... stride 1")
    assert right[9][0] == VERIFIED and "cover the input" in right[9][1]
    assert wrong[9][0] == WRONG


# ------------------------------------------------------------------- 2. counts

_COUNTS = (
    "# Parameter counts\n\nA convolution from $C_{in}$ to $C_{out}$ channels with a bias per "
    "filter.\n\n"
    "- A layer with a 5 × 5 kernel has $P = 25 C_{in} C_{out} + C_{out}$ parameters.\n"
    "- A layer with a 5 × 5 kernel has $P = 25 C_{in} C_{out} + C_{in}$ parameters.\n"
    "- A layer with a 5 × 5 kernel has $P = 9 C_{in} C_{out} + C_{out}$ parameters.\n"
    "- Eine Faltung $5 \\times 5$ von $C_{in}$ auf $C_{out}$ Kanäle hat $P = 25 C_{in} "
    "C_{out} + C_{out}$ Parameter.\n"
    "- On a 32 × 32 map a layer has $P = 9 C_{in} C_{out} + C_{out}$ parameters.\n"
)


def _count(c_in: int, c_out: int, k: int) -> int:
    layer = torch.nn.Conv2d(c_in, c_out, k)
    return sum(p.numel() for p in layer.parameters())


def test_count_at_the_kernel_its_clause_names() -> None:
    # torch: Conv2d(c_in, c_out, 5) has 25 c_in c_out + c_out parameters at every c_in,
    # c_out in 1..4; + c_in instead fails at c_in = 1, c_out = 2 (51 against 52), and 9
    # c_in c_out + c_out at every size (10 against 26 at one channel each)
    sizes = [(a, b) for a in range(1, 5) for b in range(1, 5)]
    assert all(_count(a, b, 5) == 25 * a * b + b for a, b in sizes)
    assert _count(1, 2, 5) != 25 + 1 and _count(1, 1, 5) != 10
    got = _verdicts(_COUNTS)
    assert got[5][0] == VERIFIED and "5x5 kernel" in got[5][1]  # on main: wrong
    assert got[6][0] == WRONG
    assert got[7][0] == WRONG
    assert got[8][0] == VERIFIED  # German: "Eine Faltung $5 \times 5$"
    assert got[9][0] == NOT_UNDERSTOOD  # a map's size is no kernel


# ------------------------------------------------------ 3. a pool's side, guessed layer

_POOL = (
    "# Tamanhos numa rede pequena\n\nEntrada $3 \\times 32 \\times 32$. Todas as convoluções "
    "são $3 \\times 3$ com `padding=1`:\n\n```python\nnet = nn.Sequential(\n"
    "    nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(),\n"
    "    nn.Conv2d(16, 16, 3, padding=1), nn.ReLU(),\n    nn.MaxPool2d(2),\n)\n```\n\n"
    "## Lados\n\nO `MaxPool2d(2)` anda com passo 2 e descarta a sobra: $H' = \\lfloor H / "
    "{d} \\rfloor$.\n"
)


def test_pool_side_under_a_guessed_padding() -> None:
    # torch: max_pool2d(2) of an H x H map has side floor(H / 2) for H = 2..12, and not
    # floor(H / 3) (H = 2 gives 1, not 0)
    sides = {h: F.max_pool2d(torch.zeros(1, 1, h, h), 2).shape[-1] for h in range(2, 13)}
    assert all(sides[h] == h // 2 for h in sides) and sides[2] != 2 // 3
    right = _verdicts(_POOL.format(d=2))
    wrong = _verdicts(_POOL.format(d=3))
    assert right[15][0] == NOT_UNDERSTOOD  # on main: wrong at the guessed padding 1
    assert "holds at kernel" in right[15][1]
    assert wrong[15][0] == WRONG  # no kernel at stride 2 makes floor(H/3) hold


# ------------------------------------------------------------- 4. a symmetric kernel

_SYMMETRY = (
    "# Kernel flip\n\nWe use $\\star$ for the valid cross-correlation, $Z = X \\star W$ with "
    "a $2 \\times 2$ kernel.\n\nTake $W = \\begin{{bmatrix}} {a} & {b} \\\\ {c} & {d} "
    "\\end{{bmatrix}}$.\n\nSince this kernel has the same entries after a half turn, "
    "$\\operatorname{{rot}}_{{180}}(W) = W$.\n"
)


def test_symmetry_of_the_given_kernel() -> None:
    symmetric, other = torch.tensor([[3, -1], [-1, 3]]), torch.tensor([[3, 1], [-1, 2]])
    assert torch.equal(torch.flip(symmetric, [0, 1]), symmetric)  # a half turn keeps it
    assert not torch.equal(torch.flip(other, [0, 1]), other)
    right = _verdicts(_SYMMETRY.format(a=3, b=-1, c=-1, d=3))
    wrong = _verdicts(_SYMMETRY.format(a=3, b=1, c=-1, d=2))
    assert right[7][0] == NOT_UNDERSTOOD and "line 5" in right[7][1]  # on main: wrong
    assert wrong[7][0] == WRONG


# ------------------------------------------------- 5. pooling notes, a guessed conv

_AVERAGE = (
    "# 平均池化的梯度\n\n平均池化把每个窗口换成均值。下标从 1 开始，$G = \\partial L / "
    "\\partial Y$。\n\n## 重叠的窗口：$k = 3$，$s = 2$\n\n输入 $7 \\times 7$，输出 $3 \\times "
    "3$。每个窗口把对应 $G$ 的 $1/9$ 分给窗口里的九个像素，不补零时梯度总和不变："
    "$\\sum_{{p,q}} \\frac{{\\partial L}}{{\\partial X_{{p,q}}}} = {factor}\\sum_{{i,j}} "
    "G_{{i,j}}$。\n"
)


def test_average_pool_notes_under_a_guessed_convolution() -> None:
    # torch: avg_pool2d(3, stride 2) on 7 x 7 without padding: the input gradient sums to
    # the upstream gradient's sum (each window hands 9 times 1/9 of its entry), not to 1/9
    x = torch.randn(1, 1, 7, 7, dtype=torch.float64, generator=_GEN, requires_grad=True)
    y = F.avg_pool2d(x, 3, stride=2)
    g = torch.randn(y.shape, dtype=torch.float64, generator=_GEN)
    (y * g).sum().backward()
    assert torch.isclose(x.grad.sum(), g.sum()) and not torch.isclose(x.grad.sum(), g.sum() / 9)
    right = _verdicts(_AVERAGE.format(factor=""))
    wrong = _verdicts(_AVERAGE.format(factor="\\frac{1}{9} "))
    assert right[7][0] == NOT_UNDERSTOOD  # on main: wrong against the guessed kernel w
    assert "pooling" in right[7][1]
    assert wrong[7][0] != VERIFIED


# ------------------------------------------------------ 6. a symbol defined as full

_FULL = (
    "# {title}\n\n{setup} {notation}\n\nForward: $Z = X \\star W$, and $\\delta = \\partial L "
    "/ \\partial Z$.\n\n$$\\frac{{\\partial L}}{{\\partial X}} = \\operatorname{{pad}}_{{k-1}}"
    "(\\delta) \\star \\operatorname{{rot}}_{{180}}(W) = {claim}$$\n"
)
_EN = {
    "title": "Input gradient",
    "setup": "One channel, 0-based indices, $X$ is $n \\times n$, the kernel $W$ is $k \\times k$.",
    "notation": (
        "Notation: $\\star$ is the valid cross-correlation; $\\ast$ denotes the full "
        "convolution (the kernel is flipped, and the result has side $m + k - 1$)."
    ),
}
_PT_FULL = {
    "title": "Gradiente da entrada",
    "setup": "Um canal, índices a partir de 0, $X$ de $n \\times n$ e núcleo $W$ de $k \\times k$.",
    "notation": (
        "Notação: $\\star$ é a correlação cruzada válida, e $\\ast$ é a convolução completa, "
        "com o núcleo girado de 180°."
    ),
}


def _full_true_convolution(n: int, k: int, doubled: bool = False) -> bool:
    """Whether the full true convolution of delta (padded by k - 1 once more if
    ``doubled``) with W is torch's dL/dX."""
    grad, delta, w = _input_gradient(n, k, 0)
    if doubled:
        delta = F.pad(delta, [k - 1] * 4)
    full = F.conv_transpose2d(delta, w)  # the full convolution: kernel flipped, side m + k - 1
    return full.shape == grad.shape and bool(torch.allclose(full, grad))


def test_full_convolution_symbol() -> None:
    assert _full_true_convolution(5, 3) and _full_true_convolution(6, 2)
    assert not _full_true_convolution(5, 3, doubled=True)
    for words in (_EN, _PT_FULL):
        right = _verdicts(_FULL.format(**words, claim="\\delta \\ast W"))
        # on main: side 3 read as a valid correlation, wrong
        assert right[7][0] in (VERIFIED, ALL_SIZES), right[7]
    wrong = _verdicts(_FULL.format(**_EN, claim="\\operatorname{pad}_{k-1}(\\delta) \\ast W"))
    assert wrong[7][0] == WRONG


def test_full_symbol_without_its_flip_is_not_read() -> None:
    # "$\ast$ is the full convolution" alone: with the flip delta * W is dL/dX (above), as
    # a full correlation it is not (torch: the unflipped kernel differs for a random W)
    grad, delta, w = _input_gradient(5, 3, 0)
    assert not torch.allclose(F.conv2d(F.pad(delta, [2] * 4), w), grad)
    words = {**_EN, "notation": "Notation: $\\star$ is the valid cross-correlation and $\\ast$ "}
    words["notation"] += "is the full convolution."
    got = _verdicts(_FULL.format(**words, claim="\\delta \\ast W"))
    assert got[7][0] == NOT_UNDERSTOOD  # on main: wrong
