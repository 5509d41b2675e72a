"""Words that name a kind of layer without being the layer: "y is linear in x" (every
convolution is) and "that is exactly what a transposed convolution does" (a remark on the
gradient).  The claims around them are read with the convolution the notes define, and judged
against torch autograd of ``F.conv1d``."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from symconv.checker.prose import prose_facts
from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text
from symconv.checker.stated_layers import last_kind_named
from symconv.spec.layer import Dense

STRIDED = (
    "The input is $x \\in \\mathbb{{R}}^{{8}}$ with entries $x_0, \\dots, x_7$ (zero-based), the "
    "kernel is $w = (w_0, w_1, w_2)$, the stride is $S = 2$ and there is no padding, so\n\n"
    "$$y_i = \\sum_{{k=0}}^{{2}} w_k \\, x_{{2i+k}}.$$\n\n"
    "We write $g_i$ for $\\partial L / \\partial y_i$. {remark}\n\n"
    "$${claim}$$\n"
)
REMARKS = [
    "Each $g_i$ stamps a copy of $w$ at offset $2i$: that is exactly what a transposed "
    "convolution with stride 2 does.",
    "Since $y$ is linear in $x$, the chain rule is a matrix product.",
    "",
]


def _truth() -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    x = torch.randn(1, 1, 8, dtype=torch.float64, requires_grad=True)
    w = torch.randn(1, 1, 3, dtype=torch.float64, requires_grad=True)
    y = F.conv1d(x, w, stride=2)
    g = torch.randn_like(y)
    (y * g).sum().backward()
    return x, w, g, y


@pytest.mark.parametrize("remark", REMARKS)
@pytest.mark.parametrize(
    ("claim", "stride_in_claim"),
    [
        ("\\frac{\\partial L}{\\partial w_k} = \\sum_{i=0}^{2} g_i \\, x_{2i+k}", 2),
        ("\\frac{\\partial L}{\\partial w_k} = \\sum_{i=0}^{2} g_i \\, x_{i+k}", 1),
    ],
)
def test_claims_beside_a_remark_are_read_with_the_convolution(
    remark: str, claim: str, stride_in_claim: int
) -> None:
    x, w, g, _ = _truth()
    xs, gs = x.detach().ravel(), g.ravel()
    value = torch.stack(
        [sum(gs[i] * xs[stride_in_claim * i + k] for i in range(3)) for k in range(3)]
    )
    holds = bool(torch.allclose(value, w.grad.ravel()))
    assert holds == (stride_in_claim == 2)
    verdicts = check_text(STRIDED.format(remark=remark, claim=claim), "n.md").verdicts
    assert verdicts[-1].status == (VERIFIED if holds else WRONG), verdicts[-1].message


def test_linear_as_an_adjective_names_no_dense_layer() -> None:
    assert last_kind_named("Since $y$ is linear in $x$, the map is a matrix") is None
    assert last_kind_named("the last linear layer maps 84 features to 10") is Dense
    assert last_kind_named("a fully connected layer") is Dense


def test_a_remark_on_the_transposed_convolution_is_no_layer_fact() -> None:
    facts = prose_facts("That stamping is exactly what a transposed convolution does.")
    assert not any(kind == "layer" for kind, *_ in facts)
    facts = prose_facts("The layer is a transposed convolution with stride 2.")
    assert any(kind == "layer" and value == "conv_transpose2d" for kind, value, _ in facts)
