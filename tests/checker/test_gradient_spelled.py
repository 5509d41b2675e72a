"""A Greek letter the notes define as the gradient of a tensor other than the layer's output
(``\\delta_a = \\partial L/\\partial a`` before a ReLU, ``\\Delta = \\partial L/\\partial A``
before a sigmoid, ``\\delta^{(l)}_{ij} = \\partial L/\\partial a^{(l)}_{ij}`` in a network) is
written out as that derivative, and the claims using it are judged.  Truth: torch autograd of
the activation at sample points decides which formula is dL/dz; the checker must verify the
one that agrees and call the other wrong.  A use the definitions do not cover (another layer
mark) stays not understood."""

from __future__ import annotations

import torch

from symconv.checker.gradient_spelled import spelled_definitions, spelled_out
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text
from symconv.checker.scan_math import Block

POINTS = torch.tensor([-2.0, -0.3, 0.4, 1.7], dtype=torch.float64)


def _true_dz(kind: str, upstream: torch.Tensor) -> torch.Tensor:
    """dL/dz for L = sum(upstream * f(z)), by autograd."""
    z = POINTS.clone().requires_grad_(True)
    activation = {"relu": torch.relu, "sigmoid": torch.sigmoid}[kind]
    (upstream * activation(z)).sum().backward()
    assert z.grad is not None
    return z.grad


def _agrees(kind: str, formula) -> bool:
    upstream = torch.tensor([0.7, -1.3, 2.1, 0.5], dtype=torch.float64)
    return bool(torch.allclose(formula(POINTS, upstream), _true_dz(kind, upstream)))


RELU_MASK = lambda z, g: g * (z > 0).double()  # noqa: E731
RELU_ACTIVATION = lambda z, g: g * torch.relu(z)  # noqa: E731
SIGMOID_SLOPE = lambda z, g: g * torch.sigmoid(z) * (1 - torch.sigmoid(z))  # noqa: E731
SIGMOID_VALUE = lambda z, g: g * torch.sigmoid(z)  # noqa: E731


def _statuses(text: str) -> dict[int, str]:
    return {v.line: v.status for v in check_text(text).verdicts}


SLIDES = r"""# ReLU hacia atrás

- Notación: $\delta_a = \partial L / \partial a$, $\delta_z = \partial L / \partial z$
- Hacia adelante: $a = \max(0, z)$

- $\delta_z = \delta_a \odot \mathbb{1}[z > 0]$
- $\delta_z = \delta_a \odot a$
"""


def test_slides_subscript_names() -> None:
    assert _agrees("relu", RELU_MASK) and not _agrees("relu", RELU_ACTIVATION)
    found = _statuses(SLIDES)
    assert found[6] == VERIFIED
    assert found[7] == WRONG


NETWORK = r"""# Backprop, one layer

A layer computes $z^{(l)}$ and then $a^{(l)} = \max(0, z^{(l)})$. We write
$\delta^{(l)}_{ij} = \partial L/\partial a^{(l)}_{ij}$ for the gradient reaching the activation.

$$\frac{\partial L}{\partial z^{(l)}_{ij}} = \delta^{(l)}_{ij}\,\mathbb{1}[z^{(l)}_{ij} > 0]$$

$$\frac{\partial L}{\partial z^{(l)}_{ij}} = \delta^{(l)}_{ij}\, a^{(l)}_{ij}$$

$$\frac{\partial L}{\partial z^{(l)}_{ij}} = \delta^{(l+1)}_{ij}\,\mathbb{1}[z^{(l)}_{ij} > 0]$$
"""


def test_network_layer_marks_and_indices() -> None:
    found = _statuses(NETWORK)
    assert found[6] == VERIFIED
    assert found[8] == WRONG
    assert found[10] == NOT_UNDERSTOOD  # delta^{(l+1)} is defined nowhere


SIGMOID = r"""# Sigmoid

Forward: $A = \sigma(Z)$. Let $\Delta = \frac{\partial L}{\partial A}$.

$$\frac{\partial L}{\partial Z} = \Delta \odot \sigma(Z) \odot (1 - \sigma(Z))$$

$$\frac{\partial L}{\partial Z} = \Delta \odot \sigma(Z)$$
"""


def test_capital_delta_before_a_sigmoid() -> None:
    assert _agrees("sigmoid", SIGMOID_SLOPE) and not _agrees("sigmoid", SIGMOID_VALUE)
    found = _statuses(SIGMOID)
    assert found[5] == VERIFIED
    assert found[7] == WRONG


def test_a_product_after_a_medium_space_is_part_of_the_definition() -> None:
    # \delta = dL/da \; 1[a > 0] defines the pre-activation's gradient, not dL/da
    product = r"\delta_{ij} = \frac{\partial L}{\partial a_{ij}}\; \mathbb{1}[a_{ij} > 0]"
    blocks = [Block(1, product)]
    assert spelled_definitions(blocks) == []


def test_written_out_forms() -> None:
    blocks = [
        Block(1, r"\delta_a = \partial L / \partial a"),
        Block(2, r"\delta^{(1)}_{ij} = \frac{\partial E}{\partial a^{(1)}_{ij}}"),
    ]
    found = spelled_definitions(blocks)
    assert spelled_out(r"\delta_a \odot m", {r"\delta"}, found) == (
        r"\frac{\partial L}{\partial a} \odot m"
    )
    assert spelled_out(r"\delta^{(1)}_{pq} + 1", {r"\delta"}, found) == (
        r"\frac{\partial E}{\partial a^{(1)}_{pq}} + 1"
    )
    assert spelled_out(r"\delta^{(2)}_{pq}", {r"\delta"}, found) is None
    assert spelled_out(r"\delta_b", {r"\delta"}, found) is None


PER_SAMPLE = r"""# Batch version

A $2\times 2$ kernel $w$ over $4\times 4$ images $x^{(p)}$, $p = 1, \dots, N$, no padding:
$z^{(p)}_{ij} = \sum_{m,n} w_{mn}\, x^{(p)}_{i+m-1,\,j+n-1}$.

The loss is the mean $E = \frac{1}{N}\sum_{p=1}^{N} E_p$, and
$\delta^{(p)}_{ij} = \partial E_p/\partial z^{(p)}_{ij}$.

$$\frac{\partial E}{\partial w_{mn}}
= \frac{1}{N}\sum_{p=1}^{N}\sum_{i,j}\delta^{(p)}_{ij}\,x^{(p)}_{i+m-1,\,j+n-1}$$

$$\frac{\partial E}{\partial w_{mn}}
= \sum_{p=1}^{N}\sum_{i,j}\delta^{(p)}_{ij}\,x^{(p)}_{i+m-1,\,j+n-1}$$
"""


def test_one_samples_loss_is_not_the_layer_gradient() -> None:
    # truth (torch): with E the mean of the E_p, dE/dw carries the 1/N
    w = torch.randn(2, 2, dtype=torch.float64, requires_grad=True)
    x = torch.randn(3, 1, 4, 4, dtype=torch.float64)
    z = torch.nn.functional.conv2d(x, w.view(1, 1, 2, 2))
    up = torch.randn_like(z)  # E_p = sum(up_p * z_p): delta^{(p)} = up_p
    (z * up).sum(dim=(1, 2, 3)).mean().backward()
    by_hand = sum(
        torch.nn.functional.conv2d(x[p : p + 1], up[p : p + 1]).view(2, 2) for p in range(3)
    )
    assert w.grad is not None and torch.allclose(w.grad, by_hand / 3)
    # delta^{(p)} is dE_p/dz, not dE/dz: read as the layer's G it would turn the right
    # claim wrong, so neither claim may get an understood verdict from that reading
    found = {v.source: v.status for v in check_text(PER_SAMPLE).verdicts}
    claims = [status for source, status in found.items() if "partial w_{mn}" in source]
    assert claims == [NOT_UNDERSTOOD, NOT_UNDERSTOOD]
