"""A transposed convolution named only in words ("a transposed convolution", "eine
transponierte Faltung") over a signal whose entries carry one index: the 1-D layer those
entries index, not the 2-D default; its worked example's output (in - 1)s + k is no
contradiction; "k - 1 zeros on each side" is no padding of 1.  Truth: torch autograd."""

from __future__ import annotations

import pytest
import torch

from symconv.checker.runner import check_text

X = [1.0, 3.0, -2.0]
W = [2.0, -1.0, 1.0]
G = [1.0, 0.0, -1.0, 2.0, 1.0, -1.0, 3.0]  # (3 - 1) * 2 + 3 = 7 outputs at stride 2


def _grads() -> tuple[list[int], list[int]]:
    x = torch.tensor([[X]], dtype=torch.float64, requires_grad=True)
    w = torch.tensor([[W]], dtype=torch.float64, requires_grad=True)
    y = torch.nn.functional.conv_transpose1d(x, w, stride=2)
    assert y.shape[-1] == len(G)
    (y * torch.tensor([[G]], dtype=torch.float64)).sum().backward()
    return [int(v) for v in x.grad.flatten()], [int(v) for v in w.grad.flatten()]


def _tuple(values: list[int] | list[float]) -> str:
    return "(" + ", ".join(str(int(v)) for v in values) + ")"


EN = """# Upsampling a signal

*Indices from 0.*

## Definition

Let $x$ be a signal of length $n$ and $w$ a filter of length $k$, stride $s$. The transposed
convolution spreads each input over the output; its length is $(n - 1)s + k$.

Viewed as an ordinary correlation: insert $s - 1$ zeros between samples and pad with $k - 1$
zeros on each side.

## Gradients

With $g = \\partial L / \\partial y$:

$$\\frac{{\\partial L}}{{\\partial x_i}} = \\sum_{{u=0}}^{{k-1}} {dx}$$

$$\\frac{{\\partial L}}{{\\partial w_u}} = \\sum_{{i=0}}^{{n-1}} {dw}$$

**Example.** With $x = {x}$, $w = {w}$ and stride 2 the output has length 7. For
$g = {g}$ we get $\\frac{{\\partial L}}{{\\partial w}} = {gw}$.
"""

DE = """# Transponierte Faltung

*Indizes ab 0.*

## Definition

Sei $x$ ein Signal der Länge $n$ und $w$ ein Filter der Länge $k$, Schrittweite $s$. Eine
transponierte Faltung verteilt jeden Eingang auf die Ausgabe.

## Gradienten

Mit $g = \\partial L / \\partial y$:

$$\\frac{{\\partial L}}{{\\partial x_i}} = \\sum_{{u=0}}^{{k-1}} {dx}$$

$$\\frac{{\\partial L}}{{\\partial w_u}} = \\sum_{{i=0}}^{{n-1}} {dw}$$

**Beispiel.** Mit $x = {x}$, $w = {w}$ und Schrittweite 2 hat die Ausgabe die Länge 7. Für
$g = {g}$ ist $\\frac{{\\partial L}}{{\\partial x}} = {gx}$.
"""

RIGHT_DX = "g_{s i + u} w_u"
RIGHT_DW = "x_i g_{s i + u}"


def _notes(template: str, dx: str, dw: str, gx: list[int], gw: list[int]) -> str:
    return template.format(
        dx=dx, dw=dw, x=_tuple(X), w=_tuple(W), g=_tuple(G), gx=_tuple(gx), gw=_tuple(gw)
    )


def _verdicts(text: str) -> dict[int, tuple[str, str]]:
    return {v.line: (v.status, v.message) for v in check_text(text, "notes.md").verdicts}


def _line(text: str, needle: str) -> int:
    return next(i for i, row in enumerate(text.split("\n"), 1) if needle in row)


def test_the_index_formulas_agree_with_torch():
    # the claims the notes make, evaluated by hand at the example, against autograd
    gx, gw = _grads()
    n, k, s = len(X), len(W), 2
    assert gx == [sum(G[s * i + u] * W[u] for u in range(k)) for i in range(n)]
    assert gw == [sum(X[i] * G[s * i + u] for i in range(n)) for u in range(k)]


@pytest.mark.parametrize("template", [EN, DE])
def test_a_transposed_convolution_in_words_over_a_signal_is_1d(template):
    gx, gw = _grads()
    text = _notes(template, RIGHT_DX, RIGHT_DW, gx, gw)
    found = _verdicts(text)
    for needle in ("partial x_i", "partial w_u"):
        status, message = found[_line(text, needle)]
        assert status == "verified", message
        assert "conv_transpose1d" in message
    status, message = found[_line(text, "we get" if template is EN else "ist $")]
    assert status == "verified", message


@pytest.mark.parametrize("template", [EN, DE])
def test_wrong_1d_transposed_claims_are_caught(template):
    gx, gw = _grads()
    # the stride forgotten in g's index, x and g swapped roles, and a wrong example entry
    bad_gx, bad_gw = [v + 1 for v in gx], [gw[0], gw[1], gw[2] + 2]
    text = _notes(template, "g_{i + u} w_u", "x_u g_{s i + u}", bad_gx, bad_gw)
    found = _verdicts(text)
    for needle in ("partial x_i", "partial w_u"):
        status, message = found[_line(text, needle)]
        assert status == "wrong", message
    status, message = found[_line(text, "we get" if template is EN else "ist $")]
    assert status == "wrong", message


def test_a_count_minus_one_zeros_on_each_side_is_no_padding():
    from symconv.checker.prose import prose_facts

    assert not any(
        key == "padding"
        for key, _, _ in prose_facts("pad with $k - 1$ zeros on each side".replace("$", ""))
    )
    assert ("padding", "2", "prose") in prose_facts("pad with 2 zeros on each side")


def test_a_transposed_convolution_of_images_stays_2d():
    text = (
        "# Decoder\n\nA transposed convolution upsamples the 3 x 3 image $x$ with the kernel "
        "$w$ (stride 1).\n\n$$\\frac{\\partial L}{\\partial x_{i}} = \\sum_{u} g_{i+u} w_u$$\n"
    )
    ((status, message),) = _verdicts(text).values()
    assert status == "not-understood", message
