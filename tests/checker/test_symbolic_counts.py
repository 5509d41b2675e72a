"""Counts in letters under names the count readers did not know: a parameter count named
\\#\\theta or \\#\\text{weights}, and the multiplications of a batch's forward pass after prose
that says so.  Truth: torch -- the parameters of nn.Conv2d, and the multiplications counted
by running the forward pass as explicit products in NumPy -- never symconv."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

torch = pytest.importorskip("torch")

PARAMS = {
    "right": ("(C K^2 + 1)\\, F", lambda c, f, k: (c * k * k + 1) * f),
    "no_bias": ("C K^2 F", lambda c, f, k: c * k * k * f),
    "plus_c": ("(C K^2 + C) F", lambda c, f, k: (c * k * k + c) * f),
}
PARAM_NAMES = ["\\#\\theta", "\\#\\text{weights}", "\\#\\text{parámetros}"]


def _params_hold(formula) -> bool:  # type: ignore[no-untyped-def]
    for c, f, k in itertools.product(range(1, 4), range(1, 4), range(1, 4)):
        layer = torch.nn.Conv2d(c, f, k, bias=True)
        if formula(c, f, k) != sum(p.numel() for p in layer.parameters()):
            return False
    return True


@pytest.mark.parametrize("name", PARAM_NAMES)
@pytest.mark.parametrize("which", list(PARAMS))
def test_a_parameter_count_named_otherwise(name, which):
    written, formula = PARAMS[which]
    text = (
        "# Capa convolucional\n\nLa capa tiene $C$ canales de entrada, $F$ filtros de "
        "$K \\times K$ y un sesgo por filtro.\n\nParámetros de la capa:\n\n"
        f"$${name} = {written}$$\n"
    )
    verdict = check_text(text).verdicts[-1]
    assert verdict.status == (VERIFIED if _params_hold(formula) else WRONG), verdict.message


def _multiplications(n: int, c: int, f: int, k: int, h: int) -> int:
    """The products a direct forward pass (no padding, stride 1) makes, counted."""
    x = np.ones((n, c, h, h))
    w = np.ones((f, c, k, k))
    out = h - k + 1
    count = 0
    for b, o, i, j in itertools.product(range(n), range(f), range(out), range(out)):
        count += (x[b, :, i : i + k, j : j + k] * w[o]).size
    return count


MULTS = {
    "right": ("N F H' W' C K^2", lambda n, f, c, k, o: n * f * o * o * c * k * k),
    "no_c": ("N F H' W' K^2", lambda n, f, c, k, o: n * f * o * o * k * k),
    "ordered": (
        "N \\cdot C \\cdot K^2 \\cdot F \\cdot H' \\cdot W'",
        lambda n, f, c, k, o: n * c * k * k * f * o * o,
    ),
    "no_n": ("F H' W' C K^2", lambda n, f, c, k, o: f * o * o * c * k * k),
}
WORDS = {
    "es": "Multiplicaciones en el paso hacia delante para todo el lote:",
    "en": "The forward pass over the whole batch makes this many multiplications:",
    "macs": "Counting multiply-adds (MACs) for the batch,",
}


def _mults_hold(formula) -> bool:  # type: ignore[no-untyped-def]
    for n, c, f, k, h in itertools.product((1, 2), (1, 2), (1, 3), (1, 2), (3, 4)):
        if formula(n, f, c, k, h - k + 1) != _multiplications(n, c, f, k, h):
            return False
    return True


@pytest.mark.parametrize("words", list(WORDS))
@pytest.mark.parametrize("which", list(MULTS))
def test_the_multiplications_of_a_batch(words, which):
    written, formula = MULTS[which]
    text = (
        "# Convolution\n\nA batch of $N$ images with $C$ channels, $F$ filters of "
        "$K \\times K$, stride 1, output $H' \\times W'$.\n\n"
        f"{WORDS[words]}\n\n$$M = {written}$$\n"
    )
    verdict = check_text(text).verdicts[-1]
    assert verdict.status == (VERIFIED if _mults_hold(formula) else WRONG), verdict.message


def test_a_grouped_layer_is_left_to_other_readers():
    text = (
        "# Grouped convolution\n\nA batch of $N$ images, $C$ channels, $F$ filters, groups=2.\n\n"
        "Multiplications in the forward pass:\n\n$$M = N F H' W' C K^2$$\n"
    )
    verdict = check_text(text).verdicts[-1]
    assert verdict.status not in (VERIFIED, WRONG), verdict.message
