"""A bias gradient in a section where a BatchNorm cancels the bias and both modes are named
("in training mode ... dL/db = 0; in eval mode too": the first true, the second not).

The BatchNorm reader refuses a section that names the evaluation mode, and the claim fell to
the bare layer's reader, where dL/db is the sum of G: "0" was called wrong -- a false alarm
for the training-mode claim.  It is now not understood, naming the unread mode.  Truth: torch
autograd through Conv2d + BatchNorm2d in training mode (the bias gradient is 0) and in
evaluation mode (it is not)."""

from __future__ import annotations

import pytest

from symconv.checker.report import NOT_UNDERSTOOD, WRONG
from symconv.checker.runner import check_text

torch = pytest.importorskip("torch")

NOTES = {
    "en": "**A curious fact.** If a BatchNorm follows the convolution in training mode, the "
    "bias cancels with the batch mean and $\\frac{{\\partial L}}{{\\partial b}} = {value}$; "
    "in eval mode this holds as well.",
    "hi": "**एक दिलचस्प बात।** अगर कन्वोल्यूशन के बाद ट्रेनिंग मोड में BatchNorm हो, तो बायस "
    "बैच-औसत के साथ घट जाता है और $\\frac{{\\partial L}}{{\\partial b}} = {value}$ हो जाता है। "
    "यह eval मोड में भी सच है।",
}


def _bias_gradient(train: bool) -> float:
    torch.manual_seed(0)
    conv, norm = torch.nn.Conv2d(1, 1, 2).double(), torch.nn.BatchNorm2d(1).double()
    norm.train(train)
    if not train:
        norm.running_mean.fill_(0.3)
        norm.running_var.fill_(2.0)
    x = torch.randn(4, 1, 3, 3, dtype=torch.float64)
    (norm(conv(x)) * torch.randn(4, 1, 2, 2, dtype=torch.float64)).sum().backward()
    return float(conv.bias.grad[0])


@pytest.mark.parametrize("language", list(NOTES))
def test_a_bias_cancelled_in_a_mode_not_read_is_not_judged(language):
    assert abs(_bias_gradient(train=True)) < 1e-9  # 0 in training mode
    assert abs(_bias_gradient(train=False)) > 1e-3  # not in evaluation mode
    text = (
        "# T\n\nThe input is $3 \\times 3$, the kernel $2 \\times 2$, with a bias $b$.\n\n"
        + NOTES[language].format(value=0)
        + "\n"
    )
    statuses = [v.status for v in check_text(text, "n.md").verdicts if v.line == 5]
    assert statuses == [NOT_UNDERSTOOD]  # main (with the layer read): wrong
    assert WRONG not in statuses
