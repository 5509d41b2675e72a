# ruff: noqa: E501  (the notes are prose lines, kept as a reader writes them)
r"""The kernel's length named by enumerating its taps, "the kernel $w_1, \dots, w_K$", "el
filtro $w_0, \ldots, w_{Q-1}$" (issue 16, fresh39's ECG lab report): the last tap's index is
the letter of the kernel's length, so a forward sum up to it is read, also in notes where
another section binds the letter by itself.  Truth: torch conv1d at random values against
the formulas evaluated with NumPy.
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from line_verdicts import one_verdict

from symconv.checker.report import VERIFIED, WRONG

TAPS_EN = """# A 1-D layer by hand

A single-channel 1-D convolution layer, indices from 1. The signal is $s_1, \\dots, s_T$, the kernel $v_1, \\dots, v_R$, the bias $c$, stride 1, no padding (cross-correlation):

$$z_t = c + \\sum_{r=1}^{R} v_r\\, s_{t+r-1}$$

A wrong version:

$$z_t = c + \\sum_{r=1}^{R} v_r\\, s_{t+r}$$
"""

TAPS_ES = """# Convolución 1-D

Índices desde 0. La señal es $x_0, \\ldots, x_{N-1}$ y el filtro $w_0, \\ldots, w_{Q-1}$, sin sesgo, paso 1 y sin relleno (correlación cruzada):

$$y_t = \\sum_{q=0}^{Q-1} w_q\\, x_{t+q}$$

Mal:

$$y_t = \\sum_{q=0}^{Q-1} w_q\\, x_{t+q+1}$$
"""


def _correlate(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    out = F.conv1d(torch.tensor(x)[None, None], torch.tensor(w)[None, None])
    return out[0, 0].numpy()


def test_forward_up_to_the_enumerated_length() -> None:
    rng = np.random.default_rng(3)
    x, w = rng.normal(size=7), rng.normal(size=3)
    by_formula = [sum(w[r] * x[t + r] for r in range(3)) for t in range(5)]  # 0-based
    assert np.allclose(_correlate(x, w), by_formula)
    assert one_verdict(TAPS_EN, "s_{t+r-1}").status == VERIFIED
    assert one_verdict(TAPS_ES, "x_{t+q}$$").status == VERIFIED


def test_shifted_forward_is_caught() -> None:
    rng = np.random.default_rng(4)
    x, w = rng.normal(size=7), rng.normal(size=3)
    shifted = [sum(w[r] * x[t + r + 1] for r in range(3)) for t in range(4)]
    assert not np.allclose(_correlate(x, w)[:4], shifted)
    assert one_verdict(TAPS_EN, "s_{t+r}$$").status == WRONG
    assert one_verdict(TAPS_ES, "x_{t+q+1}").status == WRONG
