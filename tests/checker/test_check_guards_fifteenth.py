"""Guards the fifteenth session added while merging the fourteenth's checker branches.

* A wrong answer shown in Chinese, Japanese or Korean ("間違った答え（パディングなしで計算）",
  "错误写法（没有填充输入）") is the mistake's case: its "no padding" is no setting of the
  layer.  Read as one, the layer lost its padding 1 and a correct corner gradient was
  called wrong.
* Under Einstein's summation convention an implied sum takes its range from the axis its
  index addresses.  In notes that lay their maps and filters out channels last
  (X_{n,h,w,c}, W_{u,v,c,f}) the checker's reading of that axis may be another one, and a
  correct forward pass was called wrong: an implied index addressing axes of two lengths,
  or an axis of one entry (a count taken as 1), has no range read.

Truth: torch autograd / conv2d on the notes' sizes.
"""

from __future__ import annotations

from pathlib import Path

import torch
import torch.nn.functional as F

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_file

NOTES = Path(__file__).resolve().parents[1] / "data" / "check" / "guards15"


def _statuses(name: str) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for v in check_file(str(NOTES / name)).verdicts:
        found.setdefault(v.line, []).append(v.status)
    return found


def test_a_wrong_answer_in_japanese_sets_no_padding_of_the_layer() -> None:
    x = torch.randn(1, 1, 6, 6, dtype=torch.float64, requires_grad=True)
    k = torch.randn(1, 1, 3, 3, dtype=torch.float64)
    y = F.conv2d(x, k, stride=2, padding=1)
    assert y.shape[-1] == 3  # line 6: floor((6 + 2 - 3) / 2) + 1
    g = torch.randn_like(y)
    y.backward(g)
    assert x.grad is not None
    # line 10: the corner X_00 meets only K_11 (padding 1 shifts the kernel by one)
    assert torch.isclose(x.grad[0, 0, 0, 0], g[0, 0, 0, 0] * k[0, 0, 1, 1])
    found = _statuses("stride_wrong_answer_ja.md")
    assert found[6] == [VERIFIED], found
    assert found[10] == [VERIFIED], found
    assert WRONG not in found.get(8, []), found  # the wrong answer's 2 is no claim of it


def test_implied_sums_in_channels_last_notes_are_never_called_wrong() -> None:
    x = torch.randn(2, 5, 5, 3, dtype=torch.float64)  # N H W C
    w = torch.randn(3, 3, 3, 4, dtype=torch.float64)  # rows, columns, in, filter
    z = F.conv2d(x.permute(0, 3, 1, 2), w.permute(3, 2, 0, 1)).permute(0, 2, 3, 1)
    # line 8 holds: Z_{n,i,j,f} = sum_{u,v,c} X_{n,i+u,j+v,c} W_{u,v,c,f}
    assert torch.allclose(z[1, 2, 0, 3], torch.einsum("uvc,uvc->", x[1, 2:5, 0:3, :], w[..., 3]))
    found = _statuses("einstein_channels_last_en.md")
    assert found[8] == [NOT_UNDERSTOOD], found  # was "wrong": a false alarm
    assert found[10] == [NOT_UNDERSTOOD], found  # (i - u: a mistake, not judged either)
