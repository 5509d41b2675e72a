"""A 1-D kernel read backwards written ``\\overleftarrow{w}`` (signal-processing notes' flip,
the 1-D ``rot180``) and the dilation written ``\\operatorname{dil}_2`` in an operator form of a
strided layer's input gradient (opparse.py): ``\\frac{\\partial L}{\\partial x} =
\\operatorname{crop}_1(\\operatorname{pad}_2(\\operatorname{dil}_2(g)) \\star \
\\overleftarrow{w})``
is expanded entry by entry like the rot180 form; without the flip, or without the dilation,
it is caught.  Where the notes state no input length, the sizes are a guess: a shape that
differs there is no verdict (it was "pad by k-1 = 1, not 2", a false alarm on a kernel of 3
the guess took as 2).

Truth: torch autograd of conv1d, and the operator form computed with NumPy (below).
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from line_verdicts import statuses

from symconv.checker.report import VERIFIED, WRONG

FRENCH = """# TD 5 — rétropropagation d'une convolution 1-D de pas 2

La couche est `nn.Conv1d(1, 1, kernel_size=3, stride=2, padding=1, bias=False)`, indices à \
partir de 0, sur un signal $x$ de longueur $7$, $y_t = \\sum_{k=0}^{2} w_k\\, \\tilde{x}_{2t \
+ k}$ avec $\\tilde{x} = \\operatorname{pad}_1(x)$ et $g = \\partial L / \\partial y$.

On note $\\overleftarrow{w}$ le noyau lu à l'envers. Alors

$$\\frac{\\partial L}{\\partial x} = \
\\operatorname{crop}_1\\big(\\operatorname{pad}_2(\\operatorname{dil}_2(g)) \\star \
\\overleftarrow{w}\\big)$$

Erreur fréquente : $\\frac{\\partial L}{\\partial x} = \
\\operatorname{crop}_1\\big(\\operatorname{pad}_2(\\operatorname{dil}_2(g)) \\star w\\big)$.
"""

ENGLISH = """# Notes: backward of a strided 1-D convolution

Layer: `nn.Conv1d(1, 1, kernel_size=3, stride=2, padding=0, bias=False)` on a signal of \
length 9, indices from 0, $g = \\partial L / \\partial y$.

With $\\overleftarrow{w}$ the reversed kernel, the input gradient is a full correlation of \
the dilated upstream gradient:

$$\\frac{\\partial L}{\\partial x} = \\operatorname{pad}_2(\\operatorname{dil}_2(g)) \\star \
\\overleftarrow{w}$$

Without the dilation, $\\frac{\\partial L}{\\partial x} = \\operatorname{pad}_2(g) \\star \
\\overleftarrow{w}$ is wrong here.
"""

UNSIZED = """# TD 5 — rétropropagation d'une convolution 1-D de pas 2

La couche est `nn.Conv1d(1, 1, kernel_size=3, stride=2, padding=1, bias=False)`, indices à \
partir de 0, $y_t = \\sum_{k=0}^{2} w_k\\, \\tilde{x}_{2t + k}$ avec $\\tilde{x} = \
\\operatorname{pad}_1(x)$ et $g = \\partial L / \\partial y$.

On note $\\overleftarrow{w}$ le noyau lu à l'envers. Alors

$$\\frac{\\partial L}{\\partial x} = \
\\operatorname{crop}_1\\big(\\operatorname{pad}_2(\\operatorname{dil}_2(g)) \\star \
\\overleftarrow{w}\\big)$$

Erreur fréquente : $\\frac{\\partial L}{\\partial x} = \
\\operatorname{crop}_1\\big(\\operatorname{pad}_2(\\operatorname{dil}_2(g)) \\star w\\big)$.
"""


def _input_gradient(w, g, n, stride, padding):
    x = torch.zeros(n, dtype=torch.float64, requires_grad=True)
    y = F.conv1d(
        x[None, None],
        torch.tensor(w, dtype=torch.float64)[None, None],
        stride=stride,
        padding=padding,
    )[0, 0]
    (dx,) = torch.autograd.grad((y * torch.tensor(g, dtype=torch.float64)).sum(), x)
    return dx.numpy()


def _operator_form(w, g, stride, crop, flip=True, dilate=True):
    w = np.asarray(w, dtype=float)
    if dilate:
        d = np.zeros(stride * (len(g) - 1) + 1)
        d[::stride] = g
    else:
        d = np.asarray(g, dtype=float)
    full = np.correlate(np.pad(d, len(w) - 1), w[::-1] if flip else w, "valid")
    return full[crop : len(full) - crop] if crop else full


def test_the_truth_of_the_operator_forms():
    w, g = [1.0, 2.0, -1.0], [1.0, -2.0, 1.0, 3.0]
    assert np.allclose(_operator_form(w, g, 2, 1), _input_gradient(w, g, 7, 2, 1))
    truth = _input_gradient(w, g, 7, 2, 1)
    assert not np.allclose(_operator_form(w, g, 2, 1, flip=False), truth)
    g = [1.0, 0.0, -1.0, 2.0]
    assert np.allclose(_operator_form(w, g, 2, 0), _input_gradient(w, g, 9, 2, 0))
    assert _operator_form(w, g, 2, 0, dilate=False).shape != (9,)


def test_the_reversed_kernel_is_the_flip():
    assert statuses(FRENCH, "Alors") == [] and statuses(FRENCH, "star \\overleftarrow") == [
        VERIFIED
    ]
    assert statuses(ENGLISH, "operatorname{dil}_2(g)) \\star") == [VERIFIED]


def test_without_the_flip_or_the_dilation_caught():
    assert statuses(FRENCH, "Erreur fréquente") == [WRONG]
    assert statuses(ENGLISH, "Without the dilation") == [WRONG]


def test_a_shape_at_guessed_sizes_is_no_verdict():
    assert WRONG not in statuses(UNSIZED, "star \\overleftarrow")
    assert WRONG not in statuses(UNSIZED, "Erreur fréquente")
