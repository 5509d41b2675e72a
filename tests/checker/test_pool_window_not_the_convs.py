"""A pooling's output side is not judged with a convolution's kernel or stride.

Notes that define a small network in a code block (``nn.Conv2d(1, 4, 3)`` then
``nn.MaxPool2d(2)``) and then compute the pooling's side in prose ("the pooling output side
is $H_p = 8/2 = 4$") gave the size reader one kernel (3, the convolution's: the pooling's
constructor is not read as a passage fact) and one stride (1, the convolution's default).
It judged the pooling at window 3, stride 1 on the network's input, "8, not 4": a false
alarm.  A lone kernel or stride read from a passage that also names a convolution is now no
pooling's (bound_sizes._pool_own): that side is not understood.  The network's own reading
still judges the pooling ("after the pooling the side is 5" is still wrong), and a pooling
whose sentence states its window is still read.  Truth: torch's output shapes."""

from __future__ import annotations

import pytest

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

torch = pytest.importorskip("torch")
nn = torch.nn

NET_EN = """# A small network

```python
self.conv = nn.Conv2d(1, 4, 3)
self.pool = nn.MaxPool2d(2)
```

The input is $1 \\times 10 \\times 10$.

The pooling output side is $H_p = {conv} / 2 = {pool}$.

After the pooling, the side is $H_{{pool}} = {claimed}$.
"""

NET_ES = """# Una red pequeña

```python
self.conv = nn.Conv2d(1, 4, 3)
self.pool = nn.MaxPool2d(2)
```

La entrada es de $1 \\times 10 \\times 10$.

El lado de salida del pooling es $H_p = {conv} / 2 = {pool}$.

Después del pooling, el lado es $H_{{pool}} = {claimed}$.
"""

OWN_WINDOW = """# Pooling

A $2 \\times 2$ max pooling with stride 2 on an $8 \\times 8$ map gives $H_{{out}} = {side}$.
"""


def _sides() -> tuple[int, int]:
    conv, pool = nn.Conv2d(1, 4, 3), nn.MaxPool2d(2)
    after_conv = conv(torch.zeros(1, 1, 10, 10))
    return int(after_conv.shape[-1]), int(pool(after_conv).shape[-1])


def _by_line(text: str) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for verdict in check_text(text, "n.md").verdicts:
        found.setdefault(verdict.line, []).append(verdict.status)
    return found


@pytest.mark.parametrize("notes", [NET_EN, NET_ES], ids=["en", "es"])
def test_the_pooling_side_is_not_judged_with_the_convolutions_window(notes):
    conv, pool = _sides()
    assert (conv, pool) == (8, 4)  # the pooling halves the convolution's 8 x 8
    statuses = _by_line(notes.format(conv=conv, pool=pool, claimed=pool + 1))
    # main: "8, not 4", the pooling judged with window 3, stride 1 on the 10 x 10 input
    assert WRONG not in statuses[10]
    assert statuses[10] in ([VERIFIED], [NOT_UNDERSTOOD])
    # the network's reading still catches a wrong pooled side
    assert statuses[12] == [WRONG]


@pytest.mark.parametrize("right", [True, False])
def test_a_pooling_sentence_that_states_its_window_is_still_judged(right):
    side = int(nn.MaxPool2d(2, stride=2)(torch.zeros(1, 1, 8, 8)).shape[-1])
    statuses = _by_line(OWN_WINDOW.format(side=side if right else side + 1))
    assert statuses[3] == [VERIFIED if right else WRONG]
