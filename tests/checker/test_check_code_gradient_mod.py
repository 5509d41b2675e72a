"""Index arithmetic with \\bmod (scalar.py) and the upstream gradient the notebook's code
binds, ``(y * g).sum().backward()`` (code_gradient.py): a grouped convolution's gradients
written with c mod 2 and the group of a filter.  Truth: torch autograd on nn.Conv2d with
groups=2, and the written sums evaluated in NumPy."""

from __future__ import annotations

import itertools

import numpy as np
import torch

from symconv.checker.code_gradient import code_gradient_letters
from symconv.checker.report import VERIFIED, WRONG
from tests.checker.line_verdicts import statuses

_NOTES = "\n".join(
    [
        "# Grouped conv check, week 6",
        "",
        "Setup: batch $N = 2$, $C = 4$ input channels of size $4 \\times 4$, $F = 4$ "
        "filters of size $2 \\times 2$, stride 1, no padding, `groups=2`, 0-based. "
        "Channels 0,1 feed filters 0,1; channels 2,3 feed filters 2,3. Channel $c$ sits "
        "in slot $c \\bmod 2$ of its group's filters (and $w = 0$ outside $0..1$):",
        "",
        "$$\\frac{\\partial L}{\\partial x_{n,c,p,q}} = \\sum_{f=2\\lfloor "
        "c/2\\rfloor}^{2\\lfloor c/2\\rfloor+1} \\sum_{i=0}^{2} \\sum_{j=0}^{2} "
        "g_{n,f,i,j}\\, w_{f,\\, c \\bmod 2,\\, p-i,\\, q-j}$$",
        "",
        "$$\\frac{\\partial L}{\\partial x_{n,c,p,q}} = \\sum_{f=2\\lfloor "
        "c/2\\rfloor}^{2\\lfloor c/2\\rfloor+1} \\sum_{i=0}^{2} \\sum_{j=0}^{2} "
        "g_{n,f,i,j}\\, w_{f,\\, \\lfloor c/2 \\rfloor,\\, p-i,\\, q-j}$$",
        "",
        "$$\\frac{\\partial L}{\\partial w_{f,a,u,v}} = \\sum_{n=0}^{1} \\sum_{i=0}^{2} "
        "\\sum_{j=0}^{2} g_{n,f,i,j}\\, x_{n,\\, 2\\lfloor f/2\\rfloor + a,\\, i+u,\\, "
        "j+v}$$",
        "",
        "$$\\frac{\\partial L}{\\partial w_{f,a,u,v}} = \\sum_{n=0}^{1} \\sum_{i=0}^{2} "
        "\\sum_{j=0}^{2} g_{n,f,i,j}\\, x_{n,\\, 2(f \\bmod 2) + a,\\, i+u,\\, j+v}$$",
        "",
        "```python",
        "conv = torch.nn.Conv2d(4, 4, 2, groups=2, bias=False)",
        "x = torch.randn(2, 4, 4, 4, requires_grad=True)",
        "y = conv(x); g = torch.randn_like(y); (y * g).sum().backward()",
        "```",
        "",
    ]
)


def _autograd() -> tuple[np.ndarray, ...]:
    """x, w, g and torch's dL/dx, dL/dw for L = sum(y * g), y = conv(x), groups = 2."""
    torch.manual_seed(3)
    conv = torch.nn.Conv2d(4, 4, 2, groups=2, bias=False).double()
    x = torch.randn(2, 4, 4, 4, dtype=torch.float64, requires_grad=True)
    y = conv(x)
    g = torch.randn_like(y)
    (y * g).sum().backward()
    return tuple(t.detach().numpy() for t in (x, conv.weight, g, x.grad, conv.weight.grad))


def _input_gradient(w: np.ndarray, g: np.ndarray, slot) -> np.ndarray:
    out = np.zeros((2, 4, 4, 4))
    for n, c, p, q, i, j in itertools.product(*map(range, (2, 4, 4, 4, 3, 3))):
        for f in (2 * (c // 2), 2 * (c // 2) + 1):
            u, v = p - i, q - j
            if 0 <= u <= 1 and 0 <= v <= 1:
                out[n, c, p, q] += g[n, f, i, j] * w[f, slot(c), u, v]
    return out


def _weight_gradient(x: np.ndarray, g: np.ndarray, channel) -> np.ndarray:
    out = np.zeros((4, 2, 2, 2))
    for f, a, u, v, n, i, j in itertools.product(*map(range, (4, 2, 2, 2, 2, 3, 3))):
        out[f, a, u, v] += g[n, f, i, j] * x[n, channel(f) + a, i + u, j + v]
    return out


def test_mod_in_indices_and_the_code_bound_gradient() -> None:
    x, w, g, dx, dw = _autograd()
    assert np.allclose(_input_gradient(w, g, lambda c: c % 2), dx)
    assert not np.allclose(_input_gradient(w, g, lambda c: c // 2), dx)
    assert np.allclose(_weight_gradient(x, g, lambda f: 2 * (f // 2)), dw)
    assert not np.allclose(_weight_gradient(x, g, lambda f: 2 * (f % 2)), dw)
    assert statuses(_NOTES, "c \\bmod 2,") == [VERIFIED]
    assert statuses(_NOTES, "\\lfloor c/2 \\rfloor,") == [WRONG]
    assert statuses(_NOTES, "2\\lfloor f/2\\rfloor + a") == [VERIFIED]
    assert statuses(_NOTES, "2(f \\bmod 2) + a") == [WRONG]


def test_which_code_binds_the_gradient() -> None:
    code = ["y = conv(x); g = torch.randn_like(y); (y * g).sum().backward()"]
    assert code_gradient_letters(code, 5) == [("g=G", 5)]
    assert code_gradient_letters(["z.backward(gradient=e)"], 1) == [("e=G", 1)]
    # the input's or the weight's letter, or a non-output, binds nothing
    assert code_gradient_letters(["(y * x).sum().backward()"], 1) == []
    assert code_gradient_letters(["(a * g).sum().backward()"], 1) == []
    assert code_gradient_letters(["g.backward(y)"], 1) == []


def test_mod_under_a_layer_read_without_groups_is_not_judged() -> None:
    # the same slot formula where the notes state no groups: the layer read is ungrouped,
    # and c mod 2 only picks a slot within a group, so no verdict rests on it
    ungrouped = _NOTES.replace("`groups=2`, ", "").replace("groups=2, ", "")
    assert "groups" not in ungrouped
    found = statuses(ungrouped, "c \\bmod 2,")
    assert found and not set(found) & {VERIFIED, WRONG}
