"""A grouped convolution's group count, and its bias, stated in Polish or Russian:
"dwie grupy", "2 grupy", "2 группы", "две группы", "z biasem", "со смещением".

Unread, the layer was read with one group (and in Russian without a bias), and its
parameter count was judged against the wrong layer: the grouped count called wrong, the
ungrouped one verified.  And where no bias is written at all, a count that holds with a
bias per filter (nn.Conv2d's default) was called wrong against the no-bias guess
(bias_guess.count_bias_guessed now reads it with the biases, as it did for a verified
count).  Truth: torch's parameters() of nn.Conv2d(4, 4, 2, groups=2)."""

from __future__ import annotations

import pytest

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

torch = pytest.importorskip("torch")

STATED = {
    "pl words": "Wejście ma 4 kanały $3 \\times 3$, 4 filtry $2 \\times 2$ z biasem, dwie grupy.",
    "pl digits": "Wejście ma 4 kanały $3 \\times 3$, 4 filtry $2 \\times 2$ z biasem, 2 grupy.",
    "ru digits": "Вход: 4 канала $3 \\times 3$, 4 фильтра $2 \\times 2$ со смещением, 2 группы.",
    "ru words": "Вход: 4 канала $3 \\times 3$, 4 фильтра $2 \\times 2$ со смещением, две группы.",
    "ru, bias unsaid": "Вход: 4 канала $3 \\times 3$, 4 фильтра $2 \\times 2$, 2 группы.",
}


def _counts() -> dict[str, int]:
    grouped = sum(p.numel() for p in torch.nn.Conv2d(4, 4, 2, groups=2).parameters())
    plain = sum(p.numel() for p in torch.nn.Conv2d(4, 4, 2).parameters())
    return {"grouped": grouped, "ungrouped": plain}


@pytest.mark.parametrize("language", list(STATED))
@pytest.mark.parametrize("which", ["grouped", "ungrouped"])
def test_the_group_count_and_the_bias_are_read(language, which):
    counts = _counts()
    assert counts == {"grouped": 36, "ungrouped": 68}
    formula = {
        "grouped": "4 \\cdot 2 \\cdot 2 \\cdot 2 + 4",
        "ungrouped": "4 \\cdot 4 \\cdot 2 \\cdot 2 + 4",
    }
    text = f"# T\n\n{STATED[language]}\n\nParametry: $P = {formula[which]} = {counts[which]}$.\n"
    statuses = [v.status for v in check_text(text, "n.md").verdicts if v.line == 5]
    if "pl" in language:  # the Polish kernel ("filtry $2 \\times 2$") is not read: P is
        # not tied to the layer, but the groups are (never the grouped count called wrong)
        assert statuses in ([VERIFIED if which == "grouped" else WRONG], [NOT_UNDERSTOOD])
        assert "2 groups" in _assumed(text)
    else:
        assert statuses == [VERIFIED if which == "grouped" else WRONG]


def _assumed(text: str) -> str:
    """The layer the checker read for the notes (its "assumed" line)."""
    return "; ".join(layer["layer"] for layer in check_text(text, "n.md").layers)
