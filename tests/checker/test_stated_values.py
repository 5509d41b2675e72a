"""A formula in letters the notes gave values to, equal to numbers (stated_values.py).

Truth is hand arithmetic (and NumPy's product for the counts): the checker must verify a
link that holds at the stated values, call one wrong only when the values are unambiguous,
and leave a link it cannot tie to values not understood, never wrong.
"""

from __future__ import annotations

import numpy as np
from answer_key import links

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG, Verdict
from symconv.checker.runner import check_text
from symconv.checker.stated_values import stated_arithmetic, stated_values


def _verdict(source: str, found: dict) -> Verdict:
    return Verdict(1, source, found["status"], found["message"])


def _judge(document: str, claim_line: int) -> dict | None:
    lines = document.split("\n")
    own = lines[claim_line - 1]
    claim = own[own.index("$") + 1 : own.rindex("$")]
    return stated_arithmetic(claim, lines, claim_line, claim)


def test_settings_in_several_spellings() -> None:
    notes = [
        "Datos: $N = 10$, $K = 3$, dilation $d = 2$.",
        "Shape $(N, C, H, W) = (2, 3, 6, 6)$ and $H_{out} = W_{out} = 4$.",
    ]
    found = {(name, int(value)) for _, _, name, value in stated_values(notes)}
    assert {("N", 10), ("K", 3), ("d", 2), ("C", 3), ("H", 6), ("W", 6)} <= found
    assert {("N", 2), ("H_out", 4), ("W_out", 4)} <= found


def test_formula_link_holds_at_the_stated_values() -> None:
    doc = "Data: $N = 10$, $K = 3$, $d = 2$.\n\noutput length: $L = N - d(K-1) = 6$"
    found = _judge(doc, 3)
    assert found is not None and found["status"] == NOT_UNDERSTOOD
    assert 10 - 2 * (3 - 1) == 6  # the link N - d(K-1) = 6 by hand
    assert "side 1 of 3 is not understood" in found["message"]
    assert "the other 2 sides agree" in found["message"]


def test_two_sided_formula_is_verified() -> None:
    doc = "kernel $K = 3$, dilation $d = 2$\n\nspan: $(K-1)d + 1 = 5$"
    found = _judge(doc, 3)
    assert (3 - 1) * 2 + 1 == 5
    assert found is not None and found["status"] == VERIFIED


def test_tuple_assignment_feeds_a_count() -> None:
    doc = "$(N, C, H, W) = (2, 3, 6, 6)$\n\n$N\\, C\\, H W = 2 \\cdot 3 \\cdot 36 = 216$"
    found = _judge(doc, 3)
    assert int(np.prod([2, 3, 6, 6])) == 216
    assert found is not None and found["status"] == VERIFIED


def test_wrong_only_when_values_are_unambiguous() -> None:
    doc = "with $K = 3$ and $C = 4$\n\nweights: $K^2 C = 32$"
    found = _judge(doc, 3)
    assert 3**2 * 4 == 36
    assert found is not None and found["status"] == WRONG
    assert "36, not 32" in found["message"]
    counted = "with $C = 2$, $F = 3$, $K = 3$\n\n$F\\,C\\,K^2 = 3 \\cdot 2 \\cdot 9 = 56$"
    weights = _judge(counted, 3)
    assert 3 * 2 * 3**2 == 54
    assert weights is not None and weights["status"] == WRONG
    source = "F\\,C\\,K^2 = 3 \\cdot 2 \\cdot 9 = 56"
    assert [link.status for link in links(_verdict(source, weights))] == [VERIFIED, WRONG]


def test_a_letter_set_twice_uses_its_newest_value_and_is_never_called_wrong() -> None:
    doc = "first $R = 5$, then $R = 3$\n\n$R^2 = 9$ and $R^2 = 25$"
    lines = doc.split("\n")
    assert stated_arithmetic("R^2 = 9", lines, 3, "R^2 = 9")["status"] == VERIFIED  # type: ignore[index]
    other = stated_arithmetic("R^2 = 25", lines, 3, "R^2 = 25")
    assert other is not None and other["status"] == NOT_UNDERSTOOD  # R = 5 was also stated


def test_a_letter_before_a_bracket_may_be_a_function() -> None:
    doc = "$F = 2$ and $x = 3$\n\n$F(x + 1) = 7$"
    found = _judge(doc, 3)
    assert found is not None and found["status"] == NOT_UNDERSTOOD  # 8 as a product


def test_settings_themselves_get_no_verdict() -> None:
    doc = "$K = 3$\n\n$H = W = 6$"
    assert _judge(doc, 3) is None
    assert stated_arithmetic("K = 3", doc.split("\n"), 1, "K = 3") is None


def test_unread_first_side_with_plain_arithmetic() -> None:
    doc = "text\n\n$c_i\\, c_o\\, k_h = 2 \\cdot 3 \\cdot 3 = 18$"
    found = _judge(doc, 3)
    assert found is not None and found["status"] == NOT_UNDERSTOOD
    assert "the other 2 sides agree: 18" in found["message"]
    bad = _judge("text\n\n$c_i\\, c_o = 2 \\cdot 3 = 5$", 3)
    assert 2 * 3 != 5  # the chain cannot hold, whatever c_i c_o is
    assert bad is not None and bad["status"] == WRONG
    said = [link.status for link in links(_verdict("c_i\\, c_o = 2 \\cdot 3 = 5", bad))]
    assert said == [NOT_UNDERSTOOD, WRONG]  # the first link is not read, the second is wrong


def test_the_links_said_are_the_true_ones() -> None:
    # y[3] = x[3] - x[7] = -1 - 0 = 1: sides 1 and 2 unread, -1 - 0 = -1 is not 1
    chain = "y[3] = x[3] - x[7] = -1 - 0 = 1"
    found = stated_arithmetic(chain, ["", chain], 2, chain)
    assert found is not None and found["status"] == WRONG
    said = [link.status for link in links(_verdict(chain, found))]
    assert said == [NOT_UNDERSTOOD, NOT_UNDERSTOOD, WRONG]
    # u = 6 = 5 + 1 = 7 - 1 ... = 6 with a slip in the middle: 4 + 1 is 5, not 6
    chain = "u = 4 + 1 = 6"
    found = stated_arithmetic(chain, ["", chain], 2, chain)
    assert found is not None and found["status"] == WRONG
    assert [link.status for link in links(_verdict(chain, found))] == [NOT_UNDERSTOOD, WRONG]
    # a side equal to the last next to an unread one: never called wrong or holding wrongly
    chain = "u = 6 = 5 + 1 = 3 \\cdot 2"
    assert stated_arithmetic(chain, ["", chain], 2, chain) is not None
    chain = "u = 6 = 5 = 6"
    found = stated_arithmetic(chain, ["", chain], 2, chain)
    assert found is not None and found["status"] == WRONG
    said = [link.status for link in links(_verdict(chain, found))]
    assert said == [NOT_UNDERSTOOD, NOT_UNDERSTOOD, WRONG]  # 6 = 5 left open, 5 = 6 wrong


def test_a_floor_left_out_of_plain_arithmetic_is_not_called_wrong() -> None:
    chain = "H_{out} = (7 - 2)/2 + 1 = 3"
    assert (7 - 2) // 2 + 1 == 3
    found = stated_arithmetic(chain, ["", chain], 2, chain)
    assert found is not None and found["status"] == NOT_UNDERSTOOD


def test_in_a_whole_note() -> None:
    note = (
        "# Dilated 1-D convolution\n\n"
        "Signal of length $N = 10$, kernel $K = 3$, dilation $d = 2$, stride 1, no padding.\n\n"
        "The receptive field of one output is $(K-1)d + 1 = 5$ samples, and the output "
        "has $N - d(K-1) = 7$ samples.\n"
    )
    verdicts = [v for v in check_text(note).verdicts if v.line == 5]
    by_source = {v.source: v.status for v in verdicts}
    assert by_source.get("(K-1)d + 1 = 5") == VERIFIED
    assert 10 - 2 * (3 - 1) == 6  # so the second claim is a mistake
    assert by_source.get("N - d(K-1) = 7") == WRONG


def test_more_spellings_of_the_settings() -> None:
    doc = [
        "$K = 3,\\ d = 2$",
        "$N=10, C=4$",
        "$P = 1 \\qquad S = 2$",
        "$n_h = n_w = 4$",
        "Let $R := 7$.",
    ]
    found = {(name, int(value)) for _, _, name, value in stated_values(doc)}
    assert found >= {("K", 3), ("d", 2), ("N", 10), ("C", 4), ("P", 1), ("S", 2)}
    assert found >= {("n_h", 4), ("n_w", 4), ("R", 7)}
    lines = [*doc, "$d \\times (K - 1) = 4$", "$n_h n_w k = 48$"]
    times = stated_arithmetic("d \\times (K - 1) = 4", lines, 6, "d \\times (K - 1) = 4")
    assert times is not None and times["status"] == VERIFIED  # 2 * (3 - 1) = 4
    assert stated_arithmetic("n_h n_w k = 48", lines, 7, "n_h n_w k = 48") is None  # k unset


def test_a_formula_without_its_floor_is_not_called_wrong() -> None:
    doc = ["$N = 10$, $P = 1$, $K = 3$, $S = 2$", "$(N + 2P - K)/S + 1 = 5$"]
    assert (10 + 2 - 3) // 2 + 1 == 5  # with the floor it holds; as written it is 11/2
    found = stated_arithmetic(doc[1][1:-1], doc, 2, doc[1][1:-1])
    assert found is not None and found["status"] == NOT_UNDERSTOOD


def test_digits_grouped_by_thousands_are_one_number() -> None:
    for spelled in ("12\\,800", "12{,}800", "12~800"):
        chain = f"N_2 = 5 \\cdot 5 \\cdot 16 \\cdot 32 = {spelled}"
        found = stated_arithmetic(chain, ["", chain], 2, chain)
        assert 5 * 5 * 16 * 32 == 12800
        assert found is not None and found["status"] == NOT_UNDERSTOOD  # N_2 unread
        assert "the other 2 sides agree: 12800" in found["message"]
