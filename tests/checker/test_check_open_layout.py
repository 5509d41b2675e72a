# ruff: noqa: E501  (the notes' LaTeX lines are kept as people write them)
"""A claim that is wrong only under a guessed axis order is not understood, naming the
guess; one wrong under every order stays wrong.

Superscript-layer notes (``Z^{[1]}``) read channels-last unless their shapes say otherwise.
These notes state no shape of W, so the order is a guess.  Truth by hand: a valid
correlation of 2 channels of 4x4 with 3 filters of 3x3 is
Z_{f,i,j} = sum_{c,u,v} W_{f,c,u,v} X_{c,i+u,j+v} in PyTorch's order (F, C, k, k) and
Z_{i,j,f} = sum W_{u,v,c,f} X_{i+u,j+v,c} channels-last; swapping u and v in X's indices
is wrong in both orders (the kernel is not symmetric).
"""

from __future__ import annotations

import pytest

from symconv.checker.runner import check_text

HEAD = """# Layer 1

The input $X$ has 2 channels of $4\\times 4$; there are 3 filters of $3\\times 3$, stride 1,
no padding and no bias. Indices start at 0.

"""


@pytest.mark.parametrize(
    ("claim", "status", "words"),
    [
        (
            r"$$ Z^{[1]}_{f,i,j} = \sum_{c=0}^{1}\sum_{u=0}^{2}\sum_{v=0}^{2} W^{[1]}_{f,c,u,v} X_{c,i+u,j+v} $$",
            "not-understood",
            "channels come before the rows",
        ),
        (
            r"$$ Z^{[1]}_{i,j,f} = \sum_{c=0}^{1}\sum_{u=0}^{2}\sum_{v=0}^{2} W^{[1]}_{u,v,c,f} X_{i+u,j+v,c} $$",
            "verified",
            "",
        ),
        (
            r"$$ Z^{[1]}_{f,i,j} = \sum_{c=0}^{1}\sum_{u=0}^{2}\sum_{v=0}^{2} W^{[1]}_{f,c,u,v} X_{c,i+v,j+u} $$",
            "wrong",
            "",
        ),
    ],
    ids=["chw-guess-open", "hwc-as-guessed", "wrong-either-way"],
)
def test_guessed_layout(claim: str, status: str, words: str) -> None:
    report = check_text(HEAD + claim + "\n", "note.md")
    line = HEAD.count("\n") + 1
    found = [v for v in report.verdicts if v.line == line]
    assert [v.status for v in found] == [status], found
    assert words in found[0].message


def test_stated_layout_is_no_guess() -> None:
    """With W's shape stated (F x C x k x k), the channels-first claim is simply verified."""
    stated = HEAD.replace(
        "Indices start at 0.",
        "Indices start at 0. $W^{[1]} \\in \\mathbb{R}^{3\\times 2\\times 3\\times 3}$.",
    )
    claim = r"$$ Z^{[1]}_{f,i,j} = \sum_{c=0}^{1}\sum_{u=0}^{2}\sum_{v=0}^{2} W^{[1]}_{f,c,u,v} X_{c,i+u,j+v} $$"
    report = check_text(stated + claim + "\n", "note.md")
    line = stated.count("\n") + 1
    assert [v.status for v in report.verdicts if v.line == line] == ["verified"]
