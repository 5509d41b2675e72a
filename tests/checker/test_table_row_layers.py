"""A table of configurations, one layer per row, whose last cell claims the row's output side
(issue 16: fresh41's "a size of the notes' layer set to a number, but the notes do not state
the layer's sizes" on every row of a cheat sheet's table under "same" padding).

The claim in a row's cell is about the row's layer -- the header names each column's
setting, the row gives its values -- not about the rows above it (other layers) nor a
layer the checker guesses.  Truth: the output shape torch's conv2d gives for each row.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from line_verdicts import statuses_by_line

from symconv.checker.report import VERIFIED, WRONG

# (kernel, stride, padding, dilation) of each row
ROWS = [(3, 1, 1, 1), (5, 2, 2, 1), (3, 1, 2, 2), (3, 1, 1, 2), (4, 2, 1, 1), (2, 1, 0, 1)]


def _side(h: int, k: int, s: int, p: int, d: int) -> int:
    x = torch.zeros(1, 1, h, h)
    w = torch.zeros(1, 1, k, k)
    return int(F.conv2d(x, w, stride=s, padding=p, dilation=d).shape[-1])


def _table(h: int, header: str, wrong: set[int], name: str = "H_{out}") -> tuple[str, dict]:
    """The table's lines and the status each row's claim should get (a wrong row writes
    the side one more than torch's)."""
    lines, want = [header, "|---|---|---|---|---|---|"], {}
    for n, (k, s, p, d) in enumerate(ROWS, start=1):
        side = _side(h, k, s, p, d) + (1 if n in wrong else 0)
        lines.append(f"| {n} | {k} | {s} | {p} | {d} | ${name} = {side}$ |")
        want[n] = WRONG if n in wrong else VERIFIED
    return "\n".join(lines), want


def _check(text: str, first_row: int, want: dict[int, str]) -> None:
    found = statuses_by_line(text)
    for n, status in want.items():
        assert found.get(first_row + n - 1) == [status], (n, found.get(first_row + n - 1))


def test_english_cheat_sheet_rows_are_their_own_layers():
    table, want = _table(28, "| # | $k$ | $s$ | $p$ | $d$ | output |", wrong={3, 6}, name="H_{out}")
    text = (
        "# Output sizes of a 2-D convolution\n\nPyTorch's `nn.Conv2d`, square inputs, $p$ zeros "
        "on every side.\n\n$$H_{out} = \\left\\lfloor \\frac{H + 2p - d(k-1) - 1}{s} "
        "\\right\\rfloor + 1$$\n\n## Configurations (input side $H = 28$)\n\n" + table + "\n"
    )
    first = text.split("\n").index(table.split("\n")[2]) + 1
    _check(text, first, want)


def test_german_table_with_the_input_in_the_title_and_other_letters():
    table, want = _table(20, "| Nr. | $K$ | $S$ | $P$ | $D$ | Ausgabe |", wrong={1, 4}, name="H'")
    text = (
        "# Ausgabegrößen einer Faltung\n\nMit Eingabeseite $H$, Kern $K$, Schritt $S$, Rand "
        "$P$ und Dilatation $D$ gilt\n\n$$H' = \\left\\lfloor \\frac{H + 2P - D(K-1) - 1}{S} "
        "\\right\\rfloor + 1$$\n\n## Tabelle (Eingabe $H = 20$)\n\n" + table + "\n"
    )
    first = text.split("\n").index(table.split("\n")[2]) + 1
    _check(text, first, want)


def test_a_row_without_a_header_of_settings_is_not_judged_on_a_guess():
    # the header names no setting: the numbers of the row are not read as a layer, and
    # no row's claim gets a verdict from the row above it or a guessed layer
    rows = "\n".join(
        f"| case {n} | ${'H_{out}'} = {_side(28, k, s, p, d) + 1}$ |"
        for n, (k, s, p, d) in enumerate(ROWS, start=1)
    )
    text = (
        "# Output sizes\n\n$$H_{out} = \\left\\lfloor \\frac{H + 2p - d(k-1) - 1}{s} "
        "\\right\\rfloor + 1$$\n\n## Cases (input side $H = 28$)\n\n| case | result |\n"
        "|---|---|\n" + rows + "\n"
    )
    found = statuses_by_line(text)
    first = text.split("\n").index(rows.split("\n")[0]) + 1
    for n in range(len(ROWS)):
        assert found.get(first + n, []) in ([], ["not-understood"]), found.get(first + n)
