"""The loss gradient of a network (softmax cross-entropy) judged at the network's classes;
truth from torch autograd of cross_entropy."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from symconv.checker.runner import check_text

_SOFTMAX = r"\operatorname{softmax}{\left(z \right)}"
_ONEHOT = r"\operatorname{onehot}{\left(y \right)}"
_CLAIMS = {  # written right side -> the same formula in torch
    f"- {_ONEHOT} + {_SOFTMAX}": lambda s, h: s - h,
    f"{_ONEHOT} - {_SOFTMAX}": lambda s, h: h - s,
    f"{_SOFTMAX}": lambda s, h: s,
    f"2 {_SOFTMAX} - 2 {_ONEHOT}": lambda s, h: 2 * s - 2 * h,
}


def _torch_agrees(formula) -> bool:
    gen = torch.Generator().manual_seed(1)
    for label in range(10):
        z = torch.randn(10, dtype=torch.float64, generator=gen, requires_grad=True)
        F.cross_entropy(z[None], torch.tensor([label])).backward()
        hot = F.one_hot(torch.tensor(label), 10).double()
        if not torch.allclose(formula(torch.softmax(z.detach(), 0), hot), z.grad):
            return False
    return True


@pytest.mark.parametrize("written", sorted(_CLAIMS))
def test_loss_gradient(written):
    doc = (
        "---\nnetwork: lenet\nnotation: superscript\n---\n\n## Loss\n\n$$\n"
        rf"\frac{{\partial \mathcal{{L}}}}{{\partial z}} = {written}"
        "\n$$\n"
    )
    (verdict,) = check_text(doc).verdicts
    assert verdict.status == ("verified" if _torch_agrees(_CLAIMS[written]) else "wrong"), verdict
