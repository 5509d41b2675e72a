"""Operator claims as lecture notes write them, against torch autograd and NumPy/SciPy.

``\\operatorname{corr}(\\mathbf{X}, \\mathbf{K}) + b\\,\\mathbf{1}``, ``\\operatorname{full}(G,
K)`` (the full convolution), ``\\nabla_{\\mathbf{K}} L``, ``\\partial L / \\partial X``,
``conv_{full}``, the bias broadcast with a matrix of ones, a kernel named by the prose
("one kernel $\\mathbf{K} \\in ...$"), G named by ``\\mathbf{G} = \\nabla_{\\mathbf{Y}} L``,
and the strided weight gradient whose sizes do not divide (its correlation is larger than
the kernel: a claim must crop it).  Each claim's truth is what it means in SciPy compared
with torch autograd, never symconv's own reading.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
from scipy.signal import convolve2d, correlate2d

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_expression, check_text


def corr(a: np.ndarray, k: np.ndarray) -> np.ndarray:
    return correlate2d(a, k, "valid")


def conv(a: np.ndarray, k: np.ndarray, mode: str = "valid") -> np.ndarray:
    return convolve2d(a, k, mode)


def rot(a: np.ndarray) -> np.ndarray:
    return a[::-1, ::-1]


def pad(a: np.ndarray, *p: int) -> np.ndarray:
    """pad(a, p) on every side, pad(a, t, b, l, r) as symconv's pad_{t,b,l,r}."""
    t, b, left, r = p * 4 if len(p) == 1 else p
    return np.pad(a, ((t, b), (left, r)))


def dilate(a: np.ndarray, s: int) -> np.ndarray:
    out = np.zeros(((a.shape[0] - 1) * s + 1, (a.shape[1] - 1) * s + 1))
    out[::s, ::s] = a
    return out


def crop(a: np.ndarray, t: int, b: int, left: int, r: int) -> np.ndarray:
    return a[t : a.shape[0] - b, left : a.shape[1] - r]


def autograd(size: int, stride: int, padding: int, seed: int = 3) -> dict[str, np.ndarray]:
    """X, K, b, G and the true Y, dX, dK of one size x size map, a 3x3 kernel."""
    rng = np.random.default_rng(seed)
    x = torch.tensor(rng.integers(-5, 6, (1, 1, size, size)), dtype=torch.float64)
    w = torch.tensor(rng.integers(-5, 6, (1, 1, 3, 3)), dtype=torch.float64)
    b = torch.tensor(rng.integers(-5, 6, (1,)), dtype=torch.float64)
    x.requires_grad_(True)
    w.requires_grad_(True)
    z = torch.nn.functional.conv2d(x, w, b, stride=stride, padding=padding)
    g = torch.tensor(rng.integers(-5, 6, tuple(z.shape)), dtype=torch.float64)
    (z * g).sum().backward()
    return {
        "X": x.detach().numpy()[0, 0],
        "K": w.detach().numpy()[0, 0],
        "b": b.numpy(),
        "G": g.numpy()[0, 0],
        "Y": z.detach().numpy()[0, 0],
        "dX": x.grad.numpy()[0, 0],
        "dK": w.grad.numpy()[0, 0],
    }


def holds(value: np.ndarray, want: np.ndarray) -> bool:
    return value.shape == want.shape and np.array_equal(value, want)


# --------------------------------------------------------------- a lecture, stride 1
LECTURE = [  # (claim, target, its meaning in SciPy)
    (
        r"\mathbf{Y} = \operatorname{corr}(\mathbf{X}, \mathbf{K}) + b\,\mathbf{1}",
        "Y",
        lambda t: corr(t["X"], t["K"]) + t["b"][0],
    ),
    (
        r"\mathbf{Y} = \operatorname{conv}\left(\mathbf{X}, \operatorname{flip}(\mathbf{K})"
        r"\right) + \mathbf{1}\, b",
        "Y",
        lambda t: conv(t["X"], rot(t["K"])) + t["b"][0],
    ),
    (
        r"\mathbf{Y} = \operatorname{conv}(\mathbf{X}, \mathbf{K}) + b \cdot \mathbf{1}",
        "Y",
        lambda t: conv(t["X"], t["K"]) + t["b"][0],
    ),
    (
        r"\nabla_{\mathbf{K}} L = \operatorname{corr}(\mathbf{X}, \mathbf{G})",
        "dK",
        lambda t: corr(t["X"], t["G"]),
    ),
    (
        r"\nabla_{\mathbf{K}} L = \operatorname{conv}(\mathbf{X}, \mathbf{G})",
        "dK",
        lambda t: conv(t["X"], t["G"]),
    ),
    (
        r"\nabla_{\mathbf{X}} L = \operatorname{full}(\mathbf{G}, \mathbf{K})",
        "dX",
        lambda t: conv(t["G"], t["K"], "full"),
    ),
    (
        r"\nabla_{\mathbf{X}} L = \operatorname{full}\left(\mathbf{G}, "
        r"\text{rot180}(\mathbf{K})\right)",
        "dX",
        lambda t: conv(t["G"], rot(t["K"]), "full"),
    ),
    (
        r"\partial L / \partial \mathbf{X} = "
        r"\operatorname{conv}_{\text{full}}(\mathbf{G}, \mathbf{K})",
        "dX",
        lambda t: conv(t["G"], t["K"], "full"),
    ),
    (
        r"\nabla_X L = \operatorname{conv2d}(G, K, \text{full})",
        "dX",
        lambda t: conv(t["G"], t["K"], "full"),
    ),
    (
        r"\nabla_{\mathbf{X}} L = \operatorname{corr}\left(\operatorname{pad}_2(\mathbf{G}), "
        r"\text{rot180}(\mathbf{K})\right)",
        "dX",
        lambda t: corr(pad(t["G"], 2), rot(t["K"])),
    ),
    (
        r"\nabla_{\mathbf{X}} L = \operatorname{corr}\left(\operatorname{pad}_3(\mathbf{G}), "
        r"\text{rot180}(\mathbf{K})\right)",
        "dX",
        lambda t: corr(pad(t["G"], 3), rot(t["K"])),
    ),
    (
        r"\nabla_{\mathbf{X}} L = \operatorname{corr}\left(\operatorname{pad}_2(\mathbf{G}), "
        r"\mathbf{K}^T\right)",
        "dX",
        lambda t: corr(pad(t["G"], 2), t["K"].T),
    ),
]


def _lecture(claims: list[str], style: str) -> str:
    """A note whose prose names K and G, in English or Spanish, with display math of
    three kinds."""
    if style == "es":
        head = (
            "# Retropropagación en notación de operadores\n\n"
            "Una entrada $\\mathbf{X} \\in \\mathbb{R}^{6\\times 6}$, un filtro "
            "$\\mathbf{K} \\in \\mathbb{R}^{3\\times 3}$,\nun sesgo escalar $b$, paso 1 y sin "
            "relleno; el gradiente $\\mathbf{G} = \\nabla_{\\mathbf{Y}} L$ es de $4\\times 4$.\n\n"
        )
    else:
        head = (
            "# Conv backprop in operator notation\n\n"
            "Throughout: one input map $\\mathbf{X} \\in \\mathbb{R}^{6\\times 6}$, one kernel "
            "$\\mathbf{K} \\in \\mathbb{R}^{3\\times 3}$,\na scalar bias $b$, stride 1 and no "
            "padding; the upstream gradient $\\mathbf{G} = \\nabla_{\\mathbf{Y}} L$ is "
            "$4\\times 4$.\n\n"
        )
    wraps = [("$$ ", " $$"), ("\\[ ", " \\]"), ("$$\n", "\n$$")]
    body = "".join(f"{wraps[k % 3][0]}{c}{wraps[k % 3][1]}\n\n" for k, c in enumerate(claims))
    return head + "## Claims\n\n" + body


@pytest.mark.parametrize("style", ["en", "es"])
def test_lecture_operator_claims_against_autograd(style):
    truth = autograd(6, 1, 0)
    text = _lecture([c for c, _, _ in LECTURE], style)
    verdicts = {v.line: v for v in check_text(text, "lecture.md").verdicts}
    lines = text.split("\n")
    for claim, target, meaning in LECTURE:
        line = next(k for k, row in enumerate(lines, start=1) if claim in row)
        verdict = verdicts[line]
        want = VERIFIED if holds(meaning(truth), truth[target]) else WRONG
        assert verdict.status == want, (claim, verdict.message)


def test_wrong_lecture_claims_name_the_repair():
    text = _lecture([c for c, _, _ in LECTURE], "en")
    messages = {v.source.strip(): v.message for v in check_text(text, "l.md").verdicts}
    assert messages[LECTURE[2][0]].startswith("missing rot180")
    assert "pad by k-1 = 2, not 3" in messages[LECTURE[10][0]]
    assert messages[LECTURE[11][0]].startswith("rot180, not the transpose")


# ----------------------------------------------------- stride 2 that does not divide
STRIDED = {"layer": "conv2d", "input": "6x6", "kernel": "3", "stride": "2", "padding": "1"}
STRIDED_CLAIMS = [  # 6 + 2 - 3 = 5 is odd: the last padded row is reached by no window
    (
        r"dW = \operatorname{pad}_1(X) \star \operatorname{dilate}_2(dZ)",
        "dK",
        lambda t: corr(pad(t["X"], 1), dilate(t["G"], 2)),
        "crop",
    ),
    (
        r"dW = \operatorname{crop}_{0,1,0,1}\left(\operatorname{pad}_1(X) \star "
        r"\operatorname{dilate}_2(dZ)\right)",
        "dK",
        lambda t: crop(corr(pad(t["X"], 1), dilate(t["G"], 2)), 0, 1, 0, 1),
        None,
    ),
    (
        r"dX = \operatorname{pad}_1\left(\operatorname{dilate}_2(dZ)\right) \star "
        r"\operatorname{rot}_{180}(W)",
        "dX",
        lambda t: corr(pad(dilate(t["G"], 2), 1), rot(t["K"])),
        "pad",
    ),
    (
        r"dX = \operatorname{crop}_{1}\left(\operatorname{pad}_{2,3,2,3}\left("
        r"\operatorname{dilate}_{2}(dZ)\right) \star \operatorname{rot}_{180}(W)\right)",
        "dX",
        lambda t: crop(corr(pad(dilate(t["G"], 2), 2, 3, 2, 3), rot(t["K"])), 1, 1, 1, 1),
        None,
    ),
]


@pytest.mark.parametrize(
    "claim, target, meaning, hint", STRIDED_CLAIMS, ids=[c[0][:50] for c in STRIDED_CLAIMS]
)
def test_strided_gradients_whose_sizes_do_not_divide(claim, target, meaning, hint):
    truth = autograd(6, 2, 1)
    want = VERIFIED if holds(meaning(truth), truth[target]) else WRONG
    verdict = check_expression(claim, STRIDED).verdicts[0]
    assert verdict.status == want, verdict.message
    if want == WRONG and hint is not None:
        assert verdict.message.startswith(hint), verdict.message


@pytest.mark.slow  # about 15 s of CPU
def test_the_printer_crops_the_strided_weight_gradient_and_the_checker_verifies_it():
    from symconv.api.verbs import derive

    configs = [
        ("conv2d", {"input": "6", "kernel": "3", "stride": 2, "padding": "1"}),
        ("conv1d", {"input": "6", "kernel": "3", "stride": 2, "padding": "1"}),
        # a transposed layer's dW = pad_1(G) \star dilate_2(X): 8x8 against 5x5 is 4x4
        (
            "conv_transpose2d",
            {"input": "3", "kernel": "3", "stride": 2, "padding": "1", "output_padding": "1"},
        ),
    ]
    for layer, config in configs:
        doc = derive(layer, **config).format("md")
        assert r"\operatorname{crop}_{0,1" in doc  # dW: the row no window reaches, cut
        report = check_text(doc, f"{layer}.md")
        assert report.verdicts
        assert all(v.status == VERIFIED for v in report.verdicts), [
            (v.line, v.message) for v in report.verdicts if v.status != VERIFIED
        ]


FORWARD_SPELLINGS = [  # the stride written with the operator, as a letter or a number
    r"Z = \operatorname{pad}_1(X) \otimes_s W + b",
    r"Z = \operatorname{pad}_1(X) \star_{2} W + b",
    r"Z = \operatorname{pad}_1(X) *_{s} W + b",
    r"Z = \operatorname{pad}_1(X) \star W + b",  # a forward X \star W takes the layer's
]


@pytest.mark.parametrize("claim", FORWARD_SPELLINGS)
def test_strided_forward_spellings(claim):
    truth = autograd(6, 2, 1)
    strided = corr(pad(truth["X"], 1), truth["K"])[::2, ::2] + truth["b"][0]
    assert holds(strided, truth["Y"])
    verdict = check_expression(claim, STRIDED).verdicts[0]
    assert verdict.status == VERIFIED, verdict.message


def test_a_stride_of_one_written_on_a_strided_layer_is_wrong():
    truth = autograd(6, 2, 1)
    unstrided = corr(pad(truth["X"], 1), truth["K"]) + truth["b"][0]
    assert not holds(unstrided, truth["Y"])
    verdict = check_expression(r"Z = \operatorname{pad}_1(X) \star_{s=1} W + b", STRIDED)
    assert verdict.verdicts[0].status == WRONG


def test_d_fractions_name_the_same_gradient():
    truth = autograd(6, 1, 0)
    assert holds(corr(truth["X"], truth["G"]), truth["dK"])
    settings = {"layer": "conv2d", "input": "6x6", "kernel": "3"}
    for claim in (r"\frac{dL}{dW} = X \star dZ", r"\frac{d L}{d \mathbf{W}} = \mathbf{X} \star dY"):
        verdict = check_expression(claim, settings).verdicts[0]
        assert verdict.status == VERIFIED, (claim, verdict.message)


DENSE_NOTE = (
    "# Dense layer, mini-batch\n\nA dense layer with 4 inputs and 2 outputs, a batch of $N = 3$ "
    "examples as the rows of $X \\in \\mathbb{R}^{3 \\times 4}$, weights "
    "$W \\in \\mathbb{R}^{2 \\times 4}$ and $b \\in \\mathbb{R}^{2}$; indices are 1-based.\n\n"
    "$$ {claim} $$\n"
)


def test_a_bias_broadcast_with_ones_is_verified_only_where_the_product_is_valid():
    rng = np.random.default_rng(1)
    x, w, b = rng.integers(-3, 4, (3, 4)), rng.integers(-3, 4, (2, 4)), rng.integers(1, 4, 2)
    ones = np.ones(3, dtype=int)
    z = torch.nn.functional.linear(*(torch.tensor(a * 1.0) for a in (x, w, b)))
    forms = {  # claim: its value in NumPy (None: not a valid product)
        r"Z = XW^T + \mathbf{1}b^T": x @ w.T + np.outer(ones, b),
        r"Z = XW^T + b^T\mathbf{1}": None,  # (1 x 2)(3 x 1): no product
        r"Z = XW^T + \mathbf{1}b": None,  # (3 x 1)(2 x 1): no product
    }
    for claim, value in forms.items():
        holds_ = value is not None and np.array_equal(value, z.numpy())
        verdicts = check_text(DENSE_NOTE.replace("{claim}", claim), "d.md").verdicts
        verdict = next(v for v in verdicts if v.source.strip() == claim)
        assert (verdict.status == VERIFIED) == holds_, (claim, verdict.message)
