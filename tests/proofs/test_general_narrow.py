"""The general prover's case "+narrow" (every padding p <= d(k-1)): the textbook dX of a
padded layer, ``\\operatorname{pad}_{k-1-p}(G) \\star \\operatorname{rot}_{180}(W)`` (the
full correlation with the layer's padding cropped back off), is a padding only there, and
proved there for all sizes; a dilated layer's ``pad_{d(k-1)-p}(G) \\star
dilate_d(rot180(W))`` too.  Deliberately wrong forms (a padding one more or one less, no
rotation, the kernel not dilated, G not dilated by a stride, or a stride whose windows
need not tile the input) are never proved.  Torch autograd is the independent truth."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from symconv import ops as C
from symconv.layers.base import Identity
from symconv.proofs.general import prove_general
from symconv.proofs.general.cases import config_for
from symconv.proofs.proof import PROVED

W, G = C.TensorSymbol("W"), C.TensorSymbol("G")


@pytest.mark.parametrize("case", ["a+square+narrow", "c+narrow", "all+narrow"])
def test_narrow_cases_prove_the_layers_own_forms(case):
    found = prove_general("conv2d", case, with_steps=False)
    assert [p.identity for p in found] == ["Z", "dL/dW", "dL/dX", "dL/db"]
    assert all(p.status == PROVED for p in found), [(p.identity, p.note) for p in found]


def test_narrow_case_assumes_each_padding_within_the_dilated_kernel():
    cfg = config_for("c+narrow")
    (kh, kw), (dh, dw) = cfg.roles["kernel"], cfg.roles["dilation"]
    pt, pb, pl, pr = cfg.roles["padding"]
    full_h, full_w = dh * (kh - 1), dw * (kw - 1)
    assert cfg.roles["full_cut"] == (full_h - pt, full_h - pb, full_w - pl, full_w - pr)
    for env in (cfg.env, cfg.twin_env):  # both templates are layers of the case
        assert all(e.xreplace(env) >= 0 for e in cfg.roles["full_cut"])
    assert "p <= d(k - 1)" in cfg.title
    assert "full_cut" not in config_for("c").roles  # only where it is a padding


def _cropped_full(extra: int = 0, rotate: bool = True, dilate_kernel: bool = True, stride=False):
    """dL/dX as G (zero-dilated by the stride if ``stride``) padded by d(k-1) - p + extra,
    correlated with the rotated kernel, zero-dilated by the dilation if ``dilate_kernel``."""

    def build(s, shape) -> list[Identity]:
        (kh, kw), (dh, dw) = s.kernel, s.dilation
        t, b, left, r = s.padding
        full = (dh * (kh - 1),) * 2 + (dw * (kw - 1),) * 2
        pads = tuple(f - p + extra for f, p in zip(full, (t, b, left, r), strict=True))
        kernel = C.Rot180(W) if rotate else W
        if dilate_kernel and s.dilation != (1, 1):
            kernel = C.Dilate(kernel, s.dilation)
        image = C.Dilate(G, s.stride) if stride else G
        node = C.Correlate(
            C.Pad(image, pads), C.SwapChannels(kernel, s.groups), (1, 1), (1, 1), s.groups
        )
        return [Identity("dL/dX", "pad_{d(k-1)-p}(G) star rot180(W)", "X", node)]

    return build


def _proof(case: str, **how):
    (proof,) = prove_general("conv2d", case, with_steps=False, build=_cropped_full(**how))
    return proof


@pytest.mark.parametrize("case", ["a+square+narrow", "a+narrow", "c+square+narrow", "d+narrow"])
def test_cropped_full_correlation_is_proved_where_it_is_a_padding(case):
    proof = _proof(case)
    assert proof.status == PROVED, proof.note
    assert any(r.startswith("full_cut") for r in proof.closed.roles)


@pytest.mark.parametrize(
    ("case", "how"),
    [
        ("a+square+narrow", {"extra": 1}),  # pad_{k-p}
        ("a+square+narrow", {"extra": -1}),  # pad_{k-2-p}
        ("c+square+narrow", {"extra": 1}),
        ("a+square+narrow", {"rotate": False}),  # the kernel not rotated
        ("c+square+narrow", {"dilate_kernel": False}),  # the dilated kernel left undilated
        ("b+square+narrow", {}),  # stride s: G not dilated
        # G dilated, but the windows need not reach the last row: not for all sizes
        ("b+square+narrow", {"stride": True}),
    ],
)
def test_wrong_cropped_full_correlations_are_not_proved(case, how):
    assert _proof(case, **how).status != PROVED


def test_outside_the_narrow_case_the_form_is_no_padding():
    # at the usual templates some padding exceeds k - 1: d(k-1) - p is negative there,
    # so the form is no layer's closed form and the case without "+narrow" cannot prove it
    assert _proof_or_error("a+square") is not True


def _proof_or_error(case: str) -> bool | str:
    try:
        return _proof(case).status == PROVED
    except ValueError as exc:  # a negative padding is no Pad
        return str(exc)


@pytest.mark.parametrize(
    ("h", "k", "p", "d"), [(6, 3, 1, 1), (7, 5, 2, 1), (9, 3, 2, 2), (8, 4, 3, 1)]
)
def test_torch_agrees_the_cropped_form_is_the_gradient_and_the_wrong_ones_are_not(h, k, p, d):
    assert p <= d * (k - 1)
    gen = torch.Generator().manual_seed(h * 1000 + k * 100 + p * 10 + d)
    x = torch.randn(1, 1, h, h + 1, dtype=torch.float64, generator=gen, requires_grad=True)
    w = torch.randn(1, 1, k, k, dtype=torch.float64, generator=gen)
    y = F.conv2d(x, w, padding=p, dilation=d)
    g = torch.randn(y.shape, dtype=torch.float64, generator=gen)
    (y * g).sum().backward()

    def cropped(extra: int, kernel: torch.Tensor, dilation: int = d) -> torch.Tensor:
        return F.conv2d(F.pad(g, (d * (k - 1) - p + extra,) * 4), kernel, dilation=dilation)

    rot = torch.flip(w, (2, 3))
    assert torch.allclose(cropped(0, rot), x.grad)
    wrong = [cropped(1, rot), cropped(0, w)]
    wrong += [cropped(-1, rot)] if d * (k - 1) - p >= 1 else []
    wrong += [cropped(0, rot, dilation=1)] if d > 1 else []
    for form in wrong:
        assert form.shape != x.grad.shape or not torch.allclose(form, x.grad)
