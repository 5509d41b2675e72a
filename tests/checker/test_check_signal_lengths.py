"""A 1-D signal's length and a filter's taps stated by a lone letter and a unit noun:
"$L = 10$ Abtastwerten", "$L = 16$ campioni", "$K = 3$ Koeffizienten", "$K = 3$ prese"
(parameter_settings.py): the layer is stated, so an entry that holds only at some other
guessed size is judged at the stated one.  "A mini-batch of $N = 8$ samples" is a batch.

Truth: torch autograd of a 1-D correlation of length 10 with a 3-tap filter.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from symconv.checker.prose import prose_facts
from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text


def test_german_signal_and_filter_by_unit_nouns() -> None:
    x = torch.randn(1, 1, 10, dtype=torch.float64, requires_grad=True)
    w = torch.randn(1, 1, 3, dtype=torch.float64)
    y = F.conv1d(x, w)
    g = torch.randn(y.shape, dtype=torch.float64)
    (y * g).sum().backward()
    gw, gg = w[0, 0], g[0, 0]
    assert torch.isclose(x.grad[0, 0, 1], gg[1] * gw[0] + gg[0] * gw[1])
    assert not torch.isclose(x.grad[0, 0, 2], gg[2] * gw[0] + gg[1] * gw[1])  # g_0 w_2 too
    text = (
        "# Übung 6 — eindimensionale Faltung\n\n"
        "Gegeben ist ein Signal $x_0, \\dots, x_{9}$ mit $L = 10$ Abtastwerten und ein Filter "
        "$w_0, w_1, w_2$ mit $K = 3$ Koeffizienten, Schrittweite 1, ohne Padding:\n\n"
        "$$y_t = \\sum_{k=0}^{2} w_k\\, x_{t + k}$$\n\n"
        "Mit $g_t = \\partial L / \\partial y_t$ für $t = 0, \\dots, 7$ (außerhalb null) gilt\n\n"
        "$$\\frac{\\partial L}{\\partial x_{1}} = g_{1}\\, w_0 + g_0\\, w_1$$\n\n"
        "$$\\frac{\\partial L}{\\partial x_{2}} = g_{2}\\, w_0 + g_1\\, w_1$$\n"
    )
    found = {v.line: v.status for v in check_text(text, "notes.md").verdicts if v.line in (9, 11)}
    assert found == {9: VERIFIED, 11: WRONG}, found


def test_italian_taps_and_samples_and_a_batch_of_samples() -> None:
    line = (
        "Un segnale $x[0], \\dots, x[13]$ (quindi $L = 14$ campioni), un filtro $w[0], w[1], "
        "w[2]$ con $K = 3$ prese, dilatazione $d = 3$, passo $1$, nessun padding:"
    )
    facts = {(k, v) for k, v, _ in prose_facts(line)}
    assert {("input", "14"), ("kernel", "3")} <= facts
    assert ("input", "8") not in {
        (k, v) for k, v, _ in prose_facts("a mini-batch of $N = 8$ samples")
    }
