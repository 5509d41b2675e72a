"""A relation between expressions in letters judged as algebra (letter_identity.py): sides
equal as rational functions hold whatever the letters are, sides a nonzero constant apart
hold for none; anything else is left to the readers that know what the letters mean.
Truth: torch's output lengths, and the algebra by hand in the comments."""

from __future__ import annotations

import torch

from symconv.checker.letter_identity import judge_letter_identity
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from tests.checker.line_verdicts import statuses

_NOTES = "\n".join(
    [
        "# Why the input gradient is a full correlation",
        "",
        "A length-$n$ signal and a length-$k$ kernel give $n - k + 1$ outputs. Padding that "
        "gradient by $k - 1$ on each side and correlating it with the flipped kernel:",
        "",
        "$$(n - k + 1) + 2(k - 1) - k + 1 = n$$",
        "",
        "and a reply that slipped:",
        "",
        "$$(n - k + 1) + 2(k - 1) - k + 1 = n - 1$$",
        "",
        "Per output, $k$ products; in all $k \\cdot (n - k + 1) = kn - k^2 + k$ products.",
        "",
    ]
)


def _full_length(n: int, k: int) -> int:
    """torch: the valid correlation of the (k-1)-padded gradient with the kernel."""
    grad = torch.zeros(1, 1, n - k + 1)
    return torch.nn.functional.conv1d(grad, torch.zeros(1, 1, k), padding=k - 1).shape[-1]


def test_sides_equal_as_expressions_hold_and_a_constant_gap_holds_nowhere() -> None:
    # the left side is n at every size torch accepts, so "= n" holds and "= n - 1" does not
    assert all(_full_length(n, k) == n for n in range(2, 9) for k in range(1, n + 1))
    assert statuses(_NOTES, "- k + 1 = n$$") == [VERIFIED]
    assert statuses(_NOTES, "- k + 1 = n - 1$$") == [WRONG]
    # k(n - k + 1) = kn - k^2 + k by expanding: verified as algebra
    assert statuses(_NOTES, "(n - k + 1) = kn") == [VERIFIED]


def test_what_depends_on_the_letters_gets_no_verdict_here() -> None:
    # 2k(n - 1) - (2kn - 2) = 2 - 2k: zero at k = 1 only; which k the notes mean decides
    assert judge_letter_identity("2k(n - 1) = 2kn - 2", {}) is None
    # a named quantity on one side is the layer's business, not algebra's
    assert judge_letter_identity("H' = H - K + 1", {}) is None
    # floors are not rational functions; f(x) may be a function applied
    assert judge_letter_identity("\\lfloor n/2 \\rfloor = n/2", {}) is None
    assert judge_letter_identity("f(x + 1) = fx + f", {}) is None
    # tensors do not commute: XW = WX is no identity of numbers
    assert judge_letter_identity("XW + W = WX + W", {"X": "X", "W": "W"}) is None
    assert judge_letter_identity("n + \\infty = \\infty + n", {}) is None
    # a superscript that is a mark, not a power: a batch loss, L = L^{(0)} + L^{(1)}
    assert judge_letter_identity("2L = L^{(0)} + L^{(1)} + L", {}) is None
    found = judge_letter_identity("(a + b)^2 - 2ab = a^2 + b^2 + 1", {})
    assert found is not None and found["status"] == WRONG  # the sides differ by 1
    assert NOT_UNDERSTOOD not in statuses(_NOTES, "- k + 1 = n - 1$$")
