"""The general prover's variant cases: one letter for both axes ("+square") and no padding
("+unpadded"), the layer of notes that write ``\\operatorname{pad}_{k-1}(G) \\star
\\operatorname{rot}_{180}(W)``: proved there for all sizes, and deliberately wrong forms
(a padding of k or k-2, no rotation, G not dilated by the stride, the same form where the
layer has a padding) never proved.  Torch autograd is the independent truth that the form
is the gradient and the wrong ones are not."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from symconv import ops as C
from symconv.layers.base import Identity
from symconv.proofs.general import prove_general
from symconv.proofs.general.cases import config_for
from symconv.proofs.proof import PROVED

X, W, G = C.TensorSymbol("X"), C.TensorSymbol("W"), C.TensorSymbol("G")


@pytest.mark.parametrize(
    "case", ["a+square+unpadded", "b+square+unpadded", "all+square", "c+unpadded"]
)
def test_variant_cases_prove_the_layers_own_forms(case):
    found = prove_general("conv2d", case, with_steps=False)
    assert [p.identity for p in found] == ["Z", "dL/dW", "dL/dX", "dL/db"]
    assert all(p.status == PROVED for p in found), [(p.identity, p.note) for p in found]


def test_variant_templates_are_one_symbol_for_both_axes():
    cfg = config_for("c+square+unpadded")
    kh, kw = cfg.roles["kernel"]
    assert kh == kw and cfg.roles["padding"] == (0, 0, 0, 0)
    dh, _ = cfg.roles["dilation"]
    assert cfg.roles["full"] == (dh * (kh - 1),) * 4
    assert "no padding" in cfg.title and "any padding" not in cfg.title


def _full(extra: int = 0, rotate: bool = True, dilate: bool = False):
    """dL/dX as a valid correlation of G padded by d(k-1) + extra with the rotated kernel
    (``extra`` -1 or +1: the students' k-2 and k; ``dilate``: G zero-dilated first)."""

    def build(s, shape) -> list[Identity]:
        (kh, kw), (dh, dw) = s.kernel, s.dilation
        pads = (dh * (kh - 1) + extra,) * 2 + (dw * (kw - 1) + extra,) * 2
        kernel = C.Rot180(W) if rotate else W
        image = C.Dilate(G, s.stride) if dilate else G
        node = C.Correlate(
            C.Pad(image, pads), C.SwapChannels(kernel, s.groups), (1, 1), s.dilation, s.groups
        )
        return [Identity("dL/dX", "pad_{k-1}(G) star rot180(W)", "X", node)]

    return build


def _proof(case: str, **how):
    (proof,) = prove_general("conv2d", case, with_steps=False, build=_full(**how))
    return proof


@pytest.mark.parametrize("case", ["a+square+unpadded", "c+square+unpadded", "d+unpadded"])
def test_full_correlation_padded_by_the_kernel_is_proved_without_padding(case):
    assert _proof(case).status == PROVED


@pytest.mark.parametrize(
    ("case", "how"),
    [
        ("a+square+unpadded", {"extra": 1}),  # pad_k
        ("a+square+unpadded", {"extra": -1}),  # pad_{k-2}
        ("c+square+unpadded", {"extra": 1}),
        ("a+square+unpadded", {"rotate": False}),  # the kernel not rotated
        ("c+square+unpadded", {"rotate": False}),
        ("b+square+unpadded", {}),  # stride s: G not dilated
        ("a+square", {}),  # the layer has a padding p: pad_{k-1} is not its gradient
    ],
)
def test_wrong_full_correlations_are_not_proved(case, how):
    assert _proof(case, **how).status != PROVED


@pytest.mark.parametrize(("h", "k", "d"), [(5, 2, 1), (7, 3, 1), (9, 3, 2), (6, 4, 1)])
def test_torch_agrees_the_form_is_the_gradient_and_the_wrong_ones_are_not(h, k, d):
    gen = torch.Generator().manual_seed(h * 100 + k * 10 + d)
    x = torch.randn(1, 1, h, h + 1, dtype=torch.float64, generator=gen, requires_grad=True)
    w = torch.randn(1, 1, k, k, dtype=torch.float64, generator=gen)
    y = F.conv2d(x, w, dilation=d)
    g = torch.randn(y.shape, dtype=torch.float64, generator=gen)
    (y * g).sum().backward()

    def full(pad: int, kernel: torch.Tensor) -> torch.Tensor:
        return F.conv2d(F.pad(g, (pad,) * 4), kernel, dilation=d)

    rot = torch.flip(w, (2, 3))
    assert torch.allclose(full(d * (k - 1), rot), x.grad)
    for wrong in (full(d * (k - 1) + 1, rot), full(d * (k - 1) - 1, rot), full(d * (k - 1), w)):
        assert wrong.shape != x.grad.shape or not torch.allclose(wrong, x.grad)
