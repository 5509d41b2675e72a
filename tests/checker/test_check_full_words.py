"""A convolution the notes call "full" in words: the mode of the claim's symbol, and its flip.

"The gradient with respect to the input is the full convolution of the output gradient
with the kernel rotated by 180 degrees: $$dX = dY * \\operatorname{rot180}(W)$$" is right,
and was called wrong ("missing full padding"): the symbol alone reads as a valid
correlation.  The words name the mode (symconv/checker/full_words.py); ``*_{\\text{full}}``
names it in the symbol.  "Full convolution" also leaves the flip open: ``dY * W`` is right
for a true convolution and wrong for the cross-correlation deep-learning notes call one,
so it is not understood, never wrong and never verified.

Truth: torch autograd's dL/dX of the notes' layer against the right side computed with
SciPy (``correlate2d`` / ``convolve2d`` in the full mode) at random values.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from scipy.signal import convolve2d, correlate2d

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

DY = "\\frac{\\partial L}{\\partial Y}"
DX = "\\frac{\\partial L}{\\partial X}"
ROT = "\\operatorname{rot180}(W)"


def _dilate(g: np.ndarray, s: int) -> np.ndarray:
    out = np.zeros(((g.shape[0] - 1) * s + 1, (g.shape[1] - 1) * s + 1))
    out[::s, ::s] = g
    return out


def _truth(size: int, stride: int, right) -> bool:
    """Whether ``right(g, w)`` equals dL/dX of a size x size input, 3x3 kernel, stride."""
    rng = np.random.default_rng(size * 10 + stride)
    x = torch.tensor(rng.standard_normal((1, 1, size, size)), requires_grad=True)
    w = rng.standard_normal((3, 3))
    y = F.conv2d(x, torch.tensor(w)[None, None], stride=stride)
    g = rng.standard_normal(tuple(y.shape[2:]))
    (dx,) = torch.autograd.grad(y, x, torch.tensor(g)[None, None])
    value = right(g, w)
    return value.shape == (size, size) and np.allclose(value, dx[0, 0].numpy())


def _full_corr(a: np.ndarray, k: np.ndarray) -> np.ndarray:
    return correlate2d(a, k, mode="full")


def _notes(size: int, stride: int, lead: str, claim: str) -> str:
    out = (size - 3) // stride + 1
    return (
        f"# Input gradient\n\nThe input $X$ is ${size}\\times {size}$, the kernel $W$ is "
        f"$3\\times 3$, stride {stride}, no padding, so the output $Y$ is ${out}\\times {out}$."
        f"\n\n{lead}\n\n$${claim}$$\n"
    )


def _verdict(notes: str) -> dict:
    line = len(notes.rstrip("\n").splitlines())
    (found,) = [v for v in check_text(notes, "notes.md").verdicts if v.line == line]
    return found.to_dict()


LEADS = {
    "English": "The gradient with respect to the input is the full convolution of the output "
    "gradient with the kernel rotated by 180 degrees:",
    "cross-correlation": "Equivalently, a full cross-correlation with the flipped kernel:",
    "Spanish": "Por lo tanto, el gradiente respecto a la entrada es la convolución completa de "
    "$\\partial L/\\partial Y$ con el filtro rotado 180 grados:",
    "French": "Le gradient par rapport à l'entrée est la convolution complète du gradient de "
    "sortie avec le noyau retourné :",
}


@pytest.mark.parametrize("style", sorted(LEADS))
def test_the_full_mode_named_in_words_is_read(style: str) -> None:
    assert _truth(5, 1, lambda g, w: _full_corr(g, np.rot90(w, 2)))
    assert not _truth(5, 1, lambda g, w: correlate2d(g, np.rot90(w, 2), mode="valid"))
    op = "\\star" if style == "cross-correlation" else "*"
    found = _verdict(_notes(5, 1, LEADS[style], f"{DX} = {DY} {op} {ROT}"))
    assert found["status"] == VERIFIED, (style, found)


@pytest.mark.parametrize("mode", ["*_{\\text{full}}", "\\star_{\\mathrm{full}}", "\\ast_{full}"])
def test_the_full_mode_named_in_the_symbol_is_read(mode: str) -> None:
    assert _truth(5, 1, lambda g, w: _full_corr(g, np.rot90(w, 2)))
    found = _verdict(_notes(5, 1, "So:", f"{DX} = {DY} {mode} {ROT}"))
    assert found["status"] == VERIFIED, (mode, found)
    assert not _truth(5, 1, lambda g, w: _full_corr(g, w))  # no rotation: a mistake
    if mode.startswith("\\star"):  # \star is cross-correlation: judged as written
        found = _verdict(_notes(5, 1, "So:", f"{DX} = {DY} {mode} W"))
        assert found["status"] == WRONG and "rot180" in found["message"], found


def test_a_full_convolution_without_the_rotation_is_left_open() -> None:
    # right for a true convolution, wrong for the cross-correlation called convolution
    assert _truth(5, 1, lambda g, w: convolve2d(g, w, mode="full"))
    assert not _truth(5, 1, lambda g, w: _full_corr(g, w))
    found = _verdict(_notes(5, 1, LEADS["English"].split(" rotated")[0] + ":", f"{DX} = {DY} * W"))
    assert found["status"] == NOT_UNDERSTOOD and "true convolution" in found["message"], found
    # and full_conv(G, rot180(W)): right for the deep-learning usage, wrong for the flip
    assert not _truth(5, 1, lambda g, w: convolve2d(g, np.rot90(w, 2), mode="full"))
    named = f"{DX} = \\operatorname{{full\\_conv}}\\left({DY}, {ROT}\\right)"
    found = _verdict(_notes(5, 1, "Hence:", named))
    assert found["status"] == NOT_UNDERSTOOD and "cross-correlation" in found["message"], found


def test_a_full_convolution_that_forgets_the_stride_is_still_wrong() -> None:
    assert not _truth(7, 2, lambda g, w: _full_corr(g, np.rot90(w, 2)))
    assert _truth(7, 2, lambda g, w: _full_corr(_dilate(g, 2), np.rot90(w, 2)))
    lead = (
        "The input gradient is the full convolution of the output gradient with the flipped kernel:"
    )
    found = _verdict(_notes(7, 2, lead, f"{DX} = {DY} * {ROT}"))
    assert found["status"] == WRONG and "dilated by the stride 2" in found["message"], found
    dilated = f"{DX} = \\operatorname{{dilate}}_2\\left({DY}\\right) * {ROT}"
    assert _verdict(_notes(7, 2, lead, dilated))["status"] == VERIFIED


def test_words_naming_both_modes_leave_the_symbol_as_it_reads() -> None:
    lead = (
        "Unlike the input gradient, which is a full convolution, the weight gradient is a "
        "valid correlation:"
    )
    dilated = "\\operatorname{dilate}_2\\left(" + DY + "\\right)"
    claim = "\\frac{\\partial L}{\\partial W} = X \\star " + dilated
    assert _verdict(_notes(7, 2, lead, claim))["status"] == VERIFIED


def test_the_full_mode_on_a_convolution_symbol_leaves_the_flip_open() -> None:
    """``G \\ast_{\\text{full}} K`` (a quiz's "a full convolution flips the kernel by
    itself") is right for a true convolution; "a full cross-correlation" settles it."""
    assert _truth(5, 1, lambda g, w: convolve2d(g, w, mode="full"))
    found = _verdict(_notes(5, 1, "Option (d):", f"{DX} = G \\ast_{{\\text{{full}}}} W"))
    assert found["status"] == NOT_UNDERSTOOD, found
    assert not _truth(5, 1, lambda g, w: _full_corr(g, w))
    lead = "The input gradient is the full cross-correlation of the output gradient with W:"
    found = _verdict(_notes(5, 1, lead, f"{DX} = {DY} * W"))
    assert found["status"] == WRONG and "rot180" in found["message"], found
