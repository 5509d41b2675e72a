"""A pooling example's routed gradient written as a matrix, "$\\frac{\\partial L}{\\partial Z} =
\\begin{pmatrix} ... \\end{pmatrix}$", in a section whose example pools the notes' Z: a claim
about the pool's input gradient, never a given upstream gradient (judging.py, PoolModel);
the upstream gradient the notes give ("$G = \\partial L / \\partial Y = ...$") stays given.
A sentence comparing another layer ("For comparison, average pooling would ...", "Zum
Vergleich ...") sets no layer of the section (prose.py).

The truth is torch's max_pool2d and autograd at the notes' numbers."""

from __future__ import annotations

import pytest

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

torch = pytest.importorskip("torch")
F = torch.nn.functional

Z = [[1, 3, -2, 0], [4, 2, 5, 1], [0, -1, 2, 6], [3, 7, 1, 1]]
G = [[1, -2], [3, 5]]


def _routed() -> list[list[int]]:
    z = torch.tensor([[Z]], dtype=torch.float64, requires_grad=True)
    F.max_pool2d(z, 2, 2).backward(torch.tensor([[G]], dtype=torch.float64))
    return [[int(v) for v in row] for row in z.grad[0, 0].tolist()]


def _matrix(rows) -> str:
    return (
        "\\begin{pmatrix} "
        + " \\\\ ".join(" & ".join(str(v) for v in r) for r in rows)
        + (" \\end{pmatrix}")
    )


ENGLISH = (
    "# Max pooling backward\n\nThe feature map is\n\n$$Z = {z}$$\n\n"
    "A 2x2 max pool with stride 2 over the 4x4 feature map gives a 2x2 output Y.\n\n"
    "Suppose the layers above send back $G = \\frac{{\\partial L}}{{\\partial Y}} = {g}$. "
    "Each gradient goes to the position that won its window:\n\n"
    "$$\\frac{{\\partial L}}{{\\partial Z}} = {claim}$$\n\n"
    "For comparison, average pooling would share each gradient over its window.\n"
)
GERMAN = (
    "# Max-Pooling rückwärts\n\nDie Merkmalskarte ist\n\n$$Z = {z}$$\n\n"
    "Ein 2x2 Max-Pooling mit Schrittweite 2 über die 4x4 Karte liefert die 2x2 Ausgabe Y.\n\n"
    "Von oben kommt $G = \\frac{{\\partial L}}{{\\partial Y}} = {g}$, und es gilt\n\n"
    "$$\\frac{{\\partial L}}{{\\partial Z}} = {claim}$$\n\n"
    "Zum Vergleich: Average-Pooling würde den Gradienten gleichmäßig verteilen.\n"
)
# the comparison right before the claim: the kind its words name is not the section's, and
# the claim is never judged under it (no verdict rather than average pooling's)
COMPARED_FIRST = GERMAN.replace(
    "und es gilt",
    "und es gilt (zum Vergleich: Average-Pooling würde den Gradienten gleichmäßig verteilen)",
)


def _claims():
    right = _routed()
    swapped = [row[:] for row in right]
    swapped[0], swapped[1] = swapped[1], swapped[0]  # the winners of the top row misplaced
    return [(right, VERIFIED), (swapped, WRONG)]


@pytest.mark.parametrize("head", [ENGLISH, GERMAN])
@pytest.mark.parametrize("k", range(2))
def test_the_routed_gradient_against_torch(head, k):
    claim, status = _claims()[k]
    assert (claim == _routed()) == (status == VERIFIED)
    note = head.format(z=_matrix(Z), g=_matrix(G), claim=_matrix(claim))
    verdicts = check_text(note).verdicts
    routed = [v for v in verdicts if v.source.startswith("\\frac{\\partial L}{\\partial Z}")]
    assert routed and routed[-1].status == status, routed
    given = [v for v in verdicts if v.source.startswith("G =")]
    assert all(v.status not in (VERIFIED, WRONG) for v in given), given


@pytest.mark.parametrize("k", range(2))
def test_a_comparison_just_before_never_sets_the_kind(k):
    claim, status = _claims()[k]
    note = COMPARED_FIRST.format(z=_matrix(Z), g=_matrix(G), claim=_matrix(claim))
    routed = [
        v
        for v in check_text(note).verdicts
        if v.source.startswith("\\frac{\\partial L}{\\partial Z}")
    ]
    assert all(v.status in (status, NOT_UNDERSTOOD) for v in routed), routed
