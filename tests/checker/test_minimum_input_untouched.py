"""Two size formulas the prose names: the shortest input that gives O outputs
(minimum_input.py) and the trailing input entries no window reads (output_padding.py's
remainder, less the padded zeros).  English, French and German notes, true and slipped
formulas; the truth is torch's conv1d: its output length over a range of inputs (the
shortest that gives O outputs), and autograd (the input entries whose gradient is 0 under
an all-ones kernel are the ones no window reads)."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
import torch.nn.functional as F

from symconv.checker.runner import check_file


def _out(h: int, k: int, s: int, p: int, d: int) -> int:
    x = torch.zeros(1, 1, h, dtype=torch.float64)
    w = torch.ones(1, 1, k, dtype=torch.float64)
    return F.conv1d(x, w, stride=s, padding=p, dilation=d).shape[-1]


def _shortest(o: int, k: int, s: int, p: int, d: int) -> int:
    """The smallest input length torch accepts that gives at least o outputs."""
    for h in range(1, 200):
        try:
            if _out(h, k, s, p, d) >= o:
                return h
        except RuntimeError:  # input smaller than the dilated kernel
            continue
    raise AssertionError("no input long enough")


def _unread(h: int, k: int, s: int, p: int, d: int) -> int:
    """How many trailing input entries get no gradient (all-ones kernel: a read one gets > 0)."""
    x = torch.ones(1, 1, h, dtype=torch.float64, requires_grad=True)
    w = torch.ones(1, 1, k, dtype=torch.float64)
    F.conv1d(x, w, stride=s, padding=p, dilation=d).sum().backward()
    assert x.grad is not None
    grad = x.grad[0, 0].tolist()
    n = 0
    while n < h and grad[h - 1 - n] == 0:
        n += 1
    return n


def _statuses(tmp_path: Path, text: str) -> dict[int, str]:
    path = tmp_path / "notes.md"
    path.write_text(text, encoding="utf-8")
    return {v.line: v.status for v in check_file(str(path)).verdicts if v.status != "assumed"}


def test_the_truths_are_the_formulas() -> None:
    """The checker's formulas against torch on a grid (what the notes below rely on)."""
    for k, s, p, d in [(3, 2, 0, 1), (3, 2, 1, 2), (5, 3, 2, 1), (2, 1, 0, 3)]:
        for o in range(1, 5):
            want = s * (o - 1) + d * (k - 1) + 1 - 2 * p
            if want >= 1:
                assert _shortest(o, k, s, p, d) == want
        for h in range(max(1, d * (k - 1) + 1 - 2 * p), 14):
            if p == 0:  # without padding: the rows past the last window's end
                assert _unread(h, k, s, p, d) == (h - d * (k - 1) - 1) % s


ENGLISH = """# Strided convolutions: sizes

A signal of length $L$, a kernel of length $K$, stride $S$, padding $P$ per side.

The smallest input that gives $H_{{out}}$ outputs is $H_{{\\min}} = {minimum}$.

Without padding, the last samples that no window reads are $n_{{\\text{{left}}}} = {left}$.
"""


@pytest.mark.parametrize(
    ("minimum", "left", "verdicts"),
    [
        ("S(H_{out} - 1) + K - 2P", "(L - K) \\bmod S", ("verified", "verified")),
        ("S \\cdot H_{out} + K - 2P", "(L - K + 1) \\bmod S", ("wrong", "wrong")),
    ],
)
def test_english(tmp_path: Path, minimum: str, left: str, verdicts: tuple[str, str]) -> None:
    # the written truths, at the sizes torch builds (dilation 1: the notes' kernel is plain)
    assert _shortest(3, 3, 2, 1, 1) == 2 * (3 - 1) + 3 - 2
    assert _unread(10, 3, 4, 0, 1) == (10 - 3) % 4
    text = ENGLISH.format(minimum=minimum, left=left)
    found = _statuses(tmp_path, text)
    assert (found[5], found[7]) == verdicts


FRENCH = """# Convolution à pas : tailles

Noyau de taille $K$, pas $S$, dilatation $D$, remplissage $P$.

La taille minimale de l'entrée pour obtenir $O$ sorties est $H_{{\\min}} = {minimum}$.

Sans remplissage, les dernières lignes qu'aucune fenêtre ne lit sont $r = {left}$.
"""


@pytest.mark.parametrize(
    ("minimum", "left", "verdicts"),
    [
        ("S(O - 1) + D(K - 1) + 1 - 2P", "(H - D(K - 1) - 1) \\bmod S", ("verified", "verified")),
        ("S(O - 1) + DK - 2P", "(H - DK) \\bmod S", ("wrong", "wrong")),
    ],
)
def test_french_dilated(tmp_path: Path, minimum: str, left: str, verdicts: tuple[str, str]) -> None:
    assert _shortest(2, 3, 2, 0, 2) == 2 * 1 + 2 * 2 + 1  # the dilated span 5 plus one stride
    assert _unread(8, 3, 2, 0, 2) == (8 - 2 * 2 - 1) % 2
    text = FRENCH.format(minimum=minimum, left=left)
    found = _statuses(tmp_path, text)
    assert (found[5], found[7]) == verdicts


def test_german_padding_left_out_is_not_read(tmp_path: Path) -> None:
    """No P in the formula and no word saying there is no padding: no verdict on it."""
    text = """# Schrittweite

Kern $K$, Schrittweite $S$, Padding $P$.

Die letzten Zeilen, die in keinem Fenster liegen, sind $r = (H - K) \\bmod S$.
"""
    assert _statuses(tmp_path, text).get(5) != "verified"


def test_unread_rows_with_padding_and_dilation_against_torch() -> None:
    """With padding and dilation the last row read may be an earlier tap than the last
    window's last one (that tap in the padding): the checker's count is from the windows."""
    from symconv.checker.output_padding import _untouched

    assert _unread(5, 3, 2, 1, 2) == 1 and (5 + 2 - 4 - 1) % 2 == 0  # not the remainder
    for h in range(1, 12):
        for k, s, p, d in [(3, 2, 1, 2), (2, 3, 2, 1), (3, 1, 1, 3), (4, 2, 0, 2)]:
            want = _untouched(h, k, s, p, d)
            if want is not None:
                assert want == _unread(h, k, s, p, d)
