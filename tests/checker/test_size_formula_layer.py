"""Which layer an output-size formula in letters is about: the forward convolution in notes
that only mention the transposed one elsewhere, the transposed one in notes about it, and a
pooling whose stride is its window ("window and stride $K$").  Truth: the shapes torch's
conv2d, conv_transpose2d and avg_pool2d return over a grid of sizes, never symconv."""

from __future__ import annotations

import itertools
import math

import pytest

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

torch = pytest.importorskip("torch")
F = torch.nn.functional


def _forward(h: int, k: int, s: int, p: int, d: int) -> int | None:
    if d * (k - 1) + 1 > h + 2 * p:
        return None
    out = F.conv2d(
        torch.zeros(1, 1, h, h), torch.zeros(1, 1, k, k), stride=s, padding=p, dilation=d
    )
    return out.shape[-1]


def _transposed(h: int, k: int, s: int, p: int, d: int) -> int | None:
    if (h - 1) * s - 2 * p + d * (k - 1) + 1 < 1:
        return None
    weight = torch.zeros(1, 1, k, k)
    out = F.conv_transpose2d(torch.zeros(1, 1, h, h), weight, stride=s, padding=p, dilation=d)
    return out.shape[-1]


def _holds(formula, truth) -> bool:  # type: ignore[no-untyped-def]
    for h, k, s, p, d in itertools.product(range(1, 9), range(1, 4), range(1, 4), (0, 1), (1, 2)):
        want = truth(h, k, s, p, d)
        if want is not None and formula(h, k, s, p, d) != want:
            return False
    return True


DILATED = {  # written with D, K, S, P and H
    "right": (
        r"\left\lfloor \frac{H + 2P - D(K-1) - 1}{S} \right\rfloor + 1",
        lambda h, k, s, p, d: (h + 2 * p - d * (k - 1) - 1) // s + 1,
    ),
    "no_minus_one": (
        r"\left\lfloor \frac{H + 2P - D(K-1)}{S} \right\rfloor + 1",
        lambda h, k, s, p, d: (h + 2 * p - d * (k - 1)) // s + 1,
    ),
    "transposed": (
        r"(H - 1)S - 2P + D(K-1) + 1",
        lambda h, k, s, p, d: (h - 1) * s - 2 * p + d * (k - 1) + 1,
    ),
}

FORWARD_NOTES = {
    "appendix": (
        "## Appendix: general sizes\n\nThe input is $H \\times H$, the kernel $K \\times K$, "
        "stride $S$, padding $P$. "
        "The output is $Y_{i,j} = \\sum_{u=0}^{K-1}\\sum_{v=0}^{K-1} W_{u,v}\\,X_{Si+u,\\,Sj+v}$.\n\nIn general the transposed convolution returns a map of "
        "side $(H'-1)S - 2P + K$, so the last rows must be filled with zeros.\n\n"
        "**Dilation.** With dilation $D$ the output side is\n$H' = {formula}$.\n"
    ),
    "sections": (
        "# Strided convolutions\n\nInput $H \\times H$, kernel $K \\times K$, stride $S$, "
        "padding $P$. "
        "The output is $Y_{i,j} = \\sum_{u=0}^{K-1}\\sum_{v=0}^{K-1} W_{u,v}\\,X_{Si+u,\\,Sj+v}$.\n\n## Backward\n\nThe input gradient is a transposed convolution of "
        "$G$.\n\n## Dilation\n\nA dilation $D$ spreads the kernel; the output has side\n\n"
        "$$H' = {formula}$$\n"
    ),
}

TRANSPOSED_NOTES = {
    "title": (
        "# Transposed convolutions\n\nInput $H \\times H$, kernel $K \\times K$, stride $S$, "
        "padding $P$, dilation $D$. It transposes the convolution "
        "$Y_{i,j} = \\sum_{u=0}^{K-1}\\sum_{v=0}^{K-1} W_{u,v}\\,X_{Si+u,\\,Sj+v}$.\n\n## Output size\n\n$$H' = {formula}$$\n"
    ),
    "local": (
        "# Sizes\n\nInput $H \\times H$, kernel $K \\times K$, stride $S$, padding $P$, "
        "dilation $D$. "
        "The output is $Y_{i,j} = \\sum_{u=0}^{K-1}\\sum_{v=0}^{K-1} W_{u,v}\\,X_{Si+u,\\,Sj+v}$.\n\n## Upsampling\n\nThe transposed convolution (ConvTranspose2d) "
        "returns a map of side\n\n$$H' = {formula}$$\n"
    ),
}


def _verdict(text: str):  # type: ignore[no-untyped-def]
    return [
        v
        for v in check_text(text).verdicts
        if v.line == text.count("\n", 0, text.rindex("H' =")) + 1
    ][-1]


@pytest.mark.parametrize("notes", list(FORWARD_NOTES))
@pytest.mark.parametrize("which", list(DILATED))
def test_forward_size_in_notes_that_mention_the_transposed_layer(notes, which):
    written, formula = DILATED[which]
    text = FORWARD_NOTES[notes].replace("{formula}", written)
    verdict = _verdict(text)
    expected = VERIFIED if _holds(formula, _forward) else WRONG
    assert verdict.status == expected, verdict.message


@pytest.mark.parametrize("notes", list(TRANSPOSED_NOTES))
@pytest.mark.parametrize("which", list(DILATED))
def test_transposed_size_in_notes_about_it(notes, which):
    written, formula = DILATED[which]
    text = TRANSPOSED_NOTES[notes].replace("{formula}", written)
    verdict = _verdict(text)
    expected = VERIFIED if _holds(formula, _transposed) else WRONG
    assert verdict.status == expected, verdict.message


def _pooled(h: int, k: int) -> int | None:
    if k > h:
        return None
    return F.avg_pool2d(torch.zeros(1, 1, h, h), k, stride=k).shape[-1]


POOLS = {
    "floor": (r"\lfloor H/K \rfloor", lambda h, k: h // k),
    "ceil": (r"\lceil H/K \rceil", lambda h, k: math.ceil(h / k)),
    "floor_frac": (
        r"\left\lfloor \frac{H - K}{K} \right\rfloor + 1",
        lambda h, k: (h - k) // k + 1,
    ),
}

POOL_NOTES = {
    "en": "For average pooling with window and stride $K$ (so $H' = {formula}$), every entry.",
    "es": "Para el average pooling con ventana y paso $K$, la salida es $H' = {formula}$.",
    "equal": "Max pooling with stride equal to the window $K$ gives\n$$H' = {formula}$$",
}


@pytest.mark.parametrize("notes", list(POOL_NOTES))
@pytest.mark.parametrize("which", list(POOLS))
def test_pooling_whose_stride_is_its_window(notes, which):
    written, formula = POOLS[which]
    text = (
        "# Pooling sizes\n\nThe input is $H \\times H$; a transposed convolution appears "
        "later. "
        "The output is $Y_{i,j} = \\sum_{u=0}^{K-1}\\sum_{v=0}^{K-1} W_{u,v}\\,X_{Si+u,\\,Sj+v}$.\n\n"
        + POOL_NOTES[notes].replace("{formula}", written)
        + "\n"
    )
    verdict = _verdict(text)
    holds = all(
        _pooled(h, k) is None or formula(h, k) == _pooled(h, k)
        for h, k in itertools.product(range(1, 11), range(1, 5))
    )
    assert verdict.status == (VERIFIED if holds else WRONG), verdict.message
