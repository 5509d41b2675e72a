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
    return all(formula(h, f, p, s) == _out_side(h, f, p, s) for h, f, p, s in grid if h + 2 * p >= f)


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
        (COUNTS, r"(f^{[l]})^2 \, n_C^{[l-1]} \, n_C^{[l]} + n_C^{[l]}", lambda c, o, k: k * k * c * o + o),
        (COUNTS, r"f^{[l]} \, n_C^{[l-1]} \, n_C^{[l]} + n_C^{[l]}", lambda c, o, k: k * c * o + o),
        (COUNTS, r"(f^{[l]})^2 \, n_C^{[l-1]} + n_C^{[l]}", lambda c, o, k: k * k * c + o),
        (LETTERS, r"F (K^2 C_{in} + 1)", lambda c, o, k: o * (k * k * c + 1)),
        (LETTERS, r"F K C_{in} + F", lambda c, o, k: o * k * c + o),
    ],
)
def test_a_count_in_the_letters_of_a_channels_last_filter_shape(notes: str, claim: str, formula) -> None:  # type: ignore[no-untyped-def]
    """"filters, each of size f x f x C" binds f to the kernel's side and C to the input
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
    """"Layer 1: CONV, $3 \\times 3$ filters, 6 of them, ...": six filters of side 3 (the 3
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
