"""Gradients of a multi-channel, batched convolution written the way D2L and lecture notes
write them: entries in brackets (``[\\mathsf{W}]_{o,c,a,b}``), sans-serif tensors, c_i / c_o
for the channel counts, the padded input as ``\\tilde{X}``, and whole channel slices
(``\\nabla_{\\mathsf{W}_{o,c}} L = \\sum_n \\tilde{X}_{n,c} \\star G_{n,o}``) with a batch sum
whose range is the notes' batch.

The truth is torch autograd of ``F.conv2d`` (batch 2, 3 -> 2 channels, 5x5 input, 3x3 kernel,
padding 1, summed loss with upstream gradient G); each claimed right side is computed with
NumPy (a valid cross-correlation written here), and the checker must verify exactly the
claims whose right side equals the autograd gradient (shape and values), call the others
wrong, and read the zero-extension sentence as no claim."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

torch.manual_seed(7)
N, CI, CO, H, K, P = 2, 3, 2, 5, 3, 1


def _corr(a: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Valid cross-correlation of two maps."""
    rows, cols = a.shape[0] - k.shape[0] + 1, a.shape[1] - k.shape[1] + 1
    if rows < 1 or cols < 1:
        return np.zeros((0, 0))
    out = np.zeros((rows, cols))
    for i in range(rows):
        for j in range(cols):
            out[i, j] = (a[i : i + k.shape[0], j : j + k.shape[1]] * k).sum()
    return out


def _truth() -> dict[str, np.ndarray]:
    x = torch.randn(N, CI, H, H, dtype=torch.float64, requires_grad=True)
    w = torch.randn(CO, CI, K, K, dtype=torch.float64, requires_grad=True)
    b = torch.randn(CO, dtype=torch.float64, requires_grad=True)
    y = F.conv2d(x, w, b, padding=P)
    g = torch.randn_like(y)
    (y * g).sum().backward()
    return {
        "x": x.detach().numpy(),
        "xt": np.pad(x.detach().numpy(), ((0, 0), (0, 0), (P, P), (P, P))),
        "w": w.detach().numpy(),
        "g": g.numpy(),
        "dw": w.grad.numpy(),
        "db": b.grad.numpy(),
        "dx": x.grad.numpy(),
    }


T = _truth()


def _stack(f, outer: int, inner: int) -> np.ndarray | None:
    maps = [[f(p, q) for q in range(inner)] for p in range(outer)]
    shapes = {m.shape for row in maps for m in row}
    return np.array(maps) if len(shapes) == 1 else None


def _pad(a: np.ndarray, p: int) -> np.ndarray:
    return np.pad(a, p)


RIGHT = {  # claim key -> (the NumPy value of its right side, the gradient it is about)
    "dW_slices": (
        lambda: _stack(
            lambda o, c: sum(_corr(T["xt"][n, c], T["g"][n, o]) for n in range(N)), CO, CI
        ),
        "dw",
    ),
    "dW_slices_unpadded": (
        lambda: _stack(
            lambda o, c: sum(_corr(T["x"][n, c], T["g"][n, o]) for n in range(N)), CO, CI
        ),
        "dw",
    ),
    "dX_slices": (
        lambda: _stack(
            lambda n, c: sum(
                _corr(_pad(T["g"][n, o], 1), T["w"][o, c, ::-1, ::-1]) for o in range(CO)
            ),
            N,
            CI,
        ),
        "dx",
    ),
    "dX_slices_pad2": (
        lambda: _stack(
            lambda n, c: sum(
                _corr(_pad(T["g"][n, o], 2), T["w"][o, c, ::-1, ::-1]) for o in range(CO)
            ),
            N,
            CI,
        ),
        "dx",
    ),
    "dX_slices_no_flip": (
        lambda: _stack(
            lambda n, c: sum(_corr(_pad(T["g"][n, o], 1), T["w"][o, c]) for o in range(CO)), N, CI
        ),
        "dx",
    ),
    "dW_entries": (
        lambda: np.einsum("noij,ncijab->ocab", T["g"], _windows(T["xt"])),
        "dw",
    ),
    "db": (lambda: T["g"].sum(axis=(0, 2, 3)), "db"),
    "db_mean": (lambda: T["g"].sum(axis=(0, 2, 3)) / N, "db"),
}


def _windows(xt: np.ndarray) -> np.ndarray:
    """xt[n, c, i + a, j + b] as an array over (n, c, i, j, a, b)."""
    out = np.zeros((N, CI, H, H, K, K))
    for a in range(K):
        for b in range(K):
            out[:, :, :, :, a, b] = xt[:, :, a : a + H, b : b + H]
    return out


def _claims(dw: str, dx: str, over_n: str, over_o: str, sans: bool = False) -> dict[str, str]:
    """The channel-slice claims with the given left sides and sums (X, W, G sans-serif
    where ``sans``)."""
    x, w, g = (rf"\mathsf{{{t}}}" if sans else t for t in "XWG")
    xt = rf"\tilde{{{x}}}"
    flip = rf"\operatorname{{rot180}}({w}_{{o,c}})"
    return {
        "dW_slices": rf"{dw} = {over_n} {xt}_{{n,c}} \star {g}_{{n,o}}",
        "dW_slices_unpadded": rf"{dw} = {over_n} {x}_{{n,c}} \star {g}_{{n,o}}",
        "dX_slices": rf"{dx} = {over_o} \operatorname{{pad}}_1({g}_{{n,o}}) \star {flip}",
        "dX_slices_pad2": rf"{dx} = {over_o} \operatorname{{pad}}_2({g}_{{n,o}}) \star {flip}",
        "dX_slices_no_flip": (
            rf"{dx} = {over_o} \operatorname{{pad}}_1({g}_{{n,o}}) \star {w}_{{o,c}}"
        ),
    }


STYLES = {
    "d2l": {
        "head": (
            "Let the input be a tensor $\\mathsf{X} \\in \\mathbb{R}^{N \\times c_i \\times n_h "
            "\\times n_w}$ and the kernel $\\mathsf{W} \\in \\mathbb{R}^{c_o \\times c_i \\times "
            "k_h \\times k_w}$, with one bias $b_o$ per output channel. The minibatch has $N = 2$ "
            "examples, $c_i = 3$ input channels and $c_o = 2$ output channels, the images are "
            "$5 \\times 5$, the kernel is $3 \\times 3$, and we pad with one row and column of "
            "zeros on every side, so that the output is again $5 \\times 5$. We write "
            "$\\tilde{\\mathsf{X}}$ for the padded input and index from 0:\n\n"
            "$$[\\mathsf{Y}]_{n,o,i,j} = b_o + \\sum_{c=0}^{c_i-1}\\sum_{a=0}^{2}\\sum_{b=0}^{2} "
            "[\\mathsf{W}]_{o,c,a,b}\\, [\\tilde{\\mathsf{X}}]_{n,c,i+a,j+b}$$\n\n"
            "The loss is the sum of the losses of "
            "the examples, and $\\mathsf{G} = \\partial L / \\partial \\mathsf{Y}$. $\\star$ is "
            "valid cross-correlation.\n\n"
            "Set $[\\mathsf{G}]_{n,o,i,j} = 0$ whenever $i$ or $j$ falls outside the output.\n\n"
        ),
        # the D2L names (sans-serif tensors, bracketed entries), X, W, G standing for them
        **_claims(
            r"\nabla_{\mathsf{W}_{o,c}} L",
            r"\nabla_{\mathsf{X}_{n,c}} L",
            r"\sum_{n}",
            r"\sum_{o}",
            sans=True,
        ),
        "dW_entries": (
            r"\frac{\partial L}{\partial [\mathsf{W}]_{o,c,a,b}} = "
            r"\sum_{n,i,j} [\mathsf{G}]_{n,o,i,j}\, [\tilde{\mathsf{X}}]_{n,c,i+a,j+b}"
        ),
        "db": r"\frac{\partial L}{\partial b_o} = \sum_{n,i,j} [\mathsf{G}]_{n,o,i,j}",
        "db_mean": (
            r"\frac{\partial L}{\partial b_o} = \frac{1}{N}\sum_{n,i,j} [\mathsf{G}]_{n,o,i,j}"
        ),
    },
    "plain": {
        "head": (
            "A batch of $N = 2$ images with 3 input channels of $5 \\times 5$, 2 output "
            "channels, kernel $3 \\times 3$, and we pad with 1 row of zeros on every side. "
            "$\\tilde{X}$ is the zero-padded input, $\\star$ valid cross-correlation, "
            "$G = \\partial L/\\partial Y$, and the loss is summed over the batch.\n\n"
        ),
        **_claims(
            r"\frac{\partial L}{\partial W_{o,c}}",
            r"\frac{\partial L}{\partial X_{n,c}}",
            r"\sum_{n=0}^{1}",
            r"\sum_{o=0}^{1}",
        ),
        "db": (
            r"\frac{\partial L}{\partial b_o} = "
            r"\sum_{n=0}^{1}\sum_{i=0}^{4}\sum_{j=0}^{4} G_{n,o,i,j}"
        ),
    },
}
CASES = [(style, key) for style, claims in STYLES.items() for key in claims if key != "head"]


def _expected(key: str) -> str:
    right, about = RIGHT[key]
    value, want = right(), T[about]
    same = value is not None and value.shape == want.shape and np.allclose(value, want)
    return VERIFIED if same else WRONG


@pytest.mark.parametrize("style,key", CASES)
def test_channel_slice_gradients_are_judged_like_autograd(style, key):
    note = STYLES[style]["head"] + f"$${STYLES[style][key]}$$\n"
    last = note.count("\n")
    verdicts = [v for v in check_text(note, "notes.md").verdicts if v.line == last]
    assert verdicts, note
    assert verdicts[-1].status == _expected(key), (note, verdicts[-1].message)


def test_the_zero_extension_in_brackets_is_no_claim():
    note = STYLES["d2l"]["head"]
    line = note.split("\n").index(next(t for t in note.split("\n") if t.startswith("Set ")))
    assert not [v for v in check_text(note, "notes.md").verdicts if v.line == line + 1]
