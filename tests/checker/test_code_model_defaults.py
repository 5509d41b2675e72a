"""A PyTorch model class whose last layer's width is a signature default (``num_classes: int
= 10``) and whose input the paragraph right below the code states ("Inputs are batches of
shape N x 3 x 32 x 32") -- issue 16: fresh40's code review, where H_1, P_total and the
counts named by their layer (``M_{conv4}``, ``P_{fc2}``) were "not read".

The model is the notes' network: its layers in order, its sides from the input below it,
its counts with PyTorch's defaults; a name's subscript (``P_{conv2}``, ``M_{conv2}``) names
the layer by kind and place.  Truth: the same model built in torch, its parameters counted
and its output shapes run.
"""

from __future__ import annotations

import torch
from line_verdicts import one_verdict, statuses

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG

CLASSES = 7
C1 = torch.nn.Conv2d(3, 16, 3, padding=1)
C2 = torch.nn.Conv2d(16, 24, 3)
FC1 = torch.nn.Linear(24 * 7 * 7, 50)
FC2 = torch.nn.Linear(50, CLASSES)
MODEL = torch.nn.Sequential(C1, torch.nn.MaxPool2d(2), C2, torch.nn.MaxPool2d(2))
_OUT = MODEL(torch.zeros(1, 3, 32, 32))
assert _OUT.shape[1:].numel() == FC1.in_features
H1 = int(C1(torch.zeros(1, 3, 32, 32)).shape[-1])
_IN2 = torch.nn.MaxPool2d(2)(C1(torch.zeros(1, 3, 32, 32)))
H2 = int(C2(_IN2).shape[-1])
M2 = H2 * H2 * C2.weight.numel()  # one multiply per weight per output pixel
TOTAL = sum(p.numel() for m in (C1, C2, FC1, FC2) for p in m.parameters())
P2 = sum(p.numel() for p in C2.parameters())
PFC2 = sum(p.numel() for p in FC2.parameters())

CODE = f"""```python
class Tiny(nn.Module):
    def __init__(self, num_classes: int = {CLASSES}):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(16, 24, 3), nn.ReLU(),
            nn.MaxPool2d(2),
        )
        self.head = nn.Sequential(
            nn.Flatten(),
            nn.Linear(24 * 7 * 7, 50), nn.ReLU(),
            nn.Linear(50, num_classes),
        )
```"""


def _note(below: str, total: int, m2: int) -> str:
    return (
        f"# Review of `Tiny`\n\n{CODE}\n\n{below}\n\n## Shapes\n\n"
        f"With padding 1 the first conv keeps the side:\n\n$$H_1 = 32 + 2 - 3 + 1 = {H1}$$\n\n"
        "## Parameters\n\n"
        f"The second conv has $P_{{conv2}} = 9 \\cdot 16 \\cdot 24 + 24 = {P2}$ parameters and "
        f"the last layer $P_{{fc2}} = 50 \\cdot {CLASSES} + {CLASSES} = {PFC2}$ parameters.\n\n"
        f"In total the model has $P_{{total}} = {total}$ parameters.\n\n## Compute\n\n"
        f"The multiply-adds of conv2 per image are\n\n$$M_{{conv2}} = {H2}^2 \\cdot 9 "
        f"\\cdot 16 \\cdot 24 = {m2}$$\n"
    )


def test_english_review_reads_the_default_and_the_input_below():
    text = _note("Inputs are batches of shape N x 3 x 32 x 32.", TOTAL, M2)
    assert statuses(text, "$$H_1") == [VERIFIED]
    assert statuses(text, "P_{total}") == [VERIFIED]
    assert VERIFIED in statuses(text, "P_{fc2}")
    assert statuses(text, "$$M_{conv2}") == [VERIFIED]


def test_wrong_total_and_cost_are_caught():
    text = _note("Les entrées sont des lots de forme N x 3 x 32 x 32.", TOTAL - CLASSES, M2 * 4)
    found = one_verdict(text, "P_{total}")
    assert found.status == WRONG and found.expected == str(TOTAL)
    assert statuses(text, "$$M_{conv2}") == [WRONG]


def test_an_input_below_the_code_in_a_what_if_is_not_the_models():
    text = _note("If you feed it inputs of shape N x 3 x 32 x 32, it works.", TOTAL, M2)
    # without the model's input its network is not read: the total and the cost stay open
    assert statuses(text, "P_{total}") in ([], [NOT_UNDERSTOOD])
    assert statuses(text, "$$M_{conv2}") in ([], [NOT_UNDERSTOOD])
