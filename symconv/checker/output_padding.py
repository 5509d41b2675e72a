"""The output padding a transposed convolution needs to give back a convolution's input.

"PyTorch picks 7 unless you pass output_padding=1 ... In general the output_padding you need
is whatever the floor threw away: $\\text{output\\_padding} = (H + 2P - K) \\bmod S$", and the
rule of thumb "$\\text{output\\_padding} = S - 1$".

Why the truth is what it is: a convolution (kernel K, stride S, padding P, dilation d) maps
H to H_o = floor((H + 2P - d(K - 1) - 1)/S) + 1, and the transposed convolution with the same
parameters maps H_o back to (H_o - 1)S - 2P + d(K - 1) + 1 + p_out.  That is H exactly when
p_out = (H + 2P - d(K - 1) - 1) mod S: the rows the floor dropped.  The claim (its left side
the output padding, ``p_{out}`` once size_spellings.py has read ``\\text{output\\_padding}``)
is evaluated over a grid of H, K, S, P (d = 1 unless the formula writes d): equal to that
everywhere, verified; equal at some sizes only, size-specific (with a size where it fails);
nowhere, wrong.  A right side with other letters, or a left side naming something else, is
no such claim (None).
"""

from __future__ import annotations

import itertools
import re
from fractions import Fraction

_LEFT = re.compile(r"^\s*p_\{?\s*out\s*\}?\s*=")
_MOD = re.compile(r"\\(?:bmod|mod)\b|\\operatorname\s*\{\s*mod\s*\}|\\%")
_LETTERS = {"H": "h", "W": "h", "N": "h", "L": "h", "k": "k", "K": "k", "F": "k", "f": "k",
            "s": "s", "S": "s", "p": "p", "P": "p", "d": "d", "D": "d"}  # fmt: skip
_GRID = tuple(itertools.product(range(1, 13), range(1, 6), range(1, 5), range(0, 3), (1, 2)))


def _truth(h: int, k: int, s: int, p: int, d: int) -> int | None:
    span = h + 2 * p - d * (k - 1) - 1
    return None if span < 0 else span % s


# "the last samples that no window touches (so their gradient is 0) are $r = ...$", "the rows
# that are in no window", "les lignes qu'aucune fenêtre ne lit": the input's trailing entries
# no window reads -- the rows the floor dropped, less the padded zeros among them
_UNTOUCHED = re.compile(
    r"\b(?:no|nessuna|nessun|aucune|aucun|ninguna|ning[úu]n|keine[mn]?|nenhuma)\s+"
    r"(?:\w+\s+){0,2}?(?:windows?|finestr[ae]|fen[êe]tres?|ventanas?|Fenstern?|janelas?)\b"
    r"|\bnever (?:read|touched|covered|seen)\b",
    re.I,
)
_NO_PADDING = re.compile(
    r"\b(?:without|no|senza|sans|sin|ohne|sem)\s+(?:\w+\s+)?"
    r"(?:padding|bordo|bord|relleno|remplissage|preenchimento|Rand)\b",
    re.I,
)
# the quantity's own name on the left: r, n_{drop}, L_{\min}, H_{\text{min}}
_NAME = re.compile(
    r"^\s*([A-Za-z](?:_\{?\s*(?:\\(?:text|mathrm)\s*\{)?\\?[A-Za-z0-9]+\s*\}?\s*\}?)?)\s*="
)


def _untouched(h: int, k: int, s: int, p: int, d: int) -> int | None:
    """The trailing input entries no window reads, from the windows themselves: window i
    reads padded rows i S + j d (j < K), the input's row r being padded row r + P; past the
    last row read, every row is unread.  (Without padding that is (H - d(K - 1) - 1) mod S,
    the last window's last tap being the last row read; with padding and dilation a tap
    may fall in the padding and the last row read be an earlier tap.)"""
    if _truth(h, k, s, p, d) is None:
        return None
    windows = (h + 2 * p - d * (k - 1) - 1) // s + 1
    read = [i * s + j * d - p for i in range(windows) for j in range(k)]
    inside = [r for r in read if 0 <= r < h]
    return h - 1 - max(inside) if inside else None


def judge_output_padding(text: str, lead: str = "") -> dict[str, object] | None:
    """Verified, size-specific or wrong for ``p_out = <H, K, S, P, d>``; wrong or verified
    for a name the prose before it (``lead``) calls the rows no window reads; else None."""
    untouched = False
    if not _LEFT.match(text):
        name = _NAME.match(text)
        if name is None or not _UNTOUCHED.search(lead) or name.group(1)[0] in _LETTERS:
            return None
        untouched = True
    from symconv.checker.allsizes_counts import _value
    from symconv.checker.allsizes_parse import parse, walk
    from symconv.checker.context import finding
    from symconv.checker.limits import NotUnderstood
    from symconv.checker.report import SIZE_SPECIFIC, VERIFIED, WRONG

    if text.count("=") != 1:
        return None
    right = text.split("=", 1)[1]
    pieces = _MOD.split(right)
    if len(pieces) > 2:
        return None
    try:
        trees = [parse(piece) for piece in pieces]
    except NotUnderstood:
        return None
    names = {n.parts[0] for tree in trees for n in walk(tree) if n.kind == "sym"}
    if not names or not names <= set(_LETTERS) or len({_LETTERS[n] for n in names}) != len(names):
        return None
    uses_d = any(_LETTERS[n] == "d" for n in names)
    uses_p = any(_LETTERS[n] == "p" for n in names)
    if untouched and not uses_p and not _NO_PADDING.search(lead):
        return None  # no P in the formula, and the prose does not say there is none
    held, failed = 0, None
    for h, k, s, p, d in _GRID:
        if (d != 1 and not uses_d) or (untouched and p and not uses_p):
            continue
        want = (_untouched if untouched else _truth)(h, k, s, p, d)
        if want is None:
            continue
        env = {n: {"h": h, "k": k, "s": s, "p": p, "d": d}[_LETTERS[n]] for n in names}
        try:
            values = [_value(tree, env) for tree in trees]
        except (NotUnderstood, ZeroDivisionError, ValueError):
            return None
        if len(values) == 2 and (values[1] <= 0 or values[1].denominator != 1):
            return None
        got = values[0] % values[1] if len(values) == 2 else values[0]
        if got == Fraction(want):
            held += 1
        elif failed is None:
            failed = (h, k, s, p, d, got, want)
    truth = "(H + 2P - d(K - 1) - 1) mod S, the rows the floor drops"
    if not held and failed is None:
        return None  # no size evaluated: nothing is shown
    if untouched:
        return _untouched_verdict(held, failed, uses_d, uses_p)
    if failed is None:
        return finding(VERIFIED, f"for every size: the output padding that gives back H is {truth}")
    h, k, s, p, d, got, want = failed
    where = f"H = {h}, K = {k}, S = {s}, P = {p}" + (f", d = {d}" if uses_d else "")
    status = SIZE_SPECIFIC if held else WRONG
    return finding(
        status,
        f"at {where} it gives {got}, but the output padding that gives back H is {want}: "
        f"{truth}" + (" (it holds only at some sizes)" if held else ""),
    )


def _untouched_verdict(held: int, failed, uses_d: bool, uses_p: bool) -> dict[str, object]:
    """A formula stated for every size (the notes' letters): wrong wherever it fails."""
    from symconv.checker.context import finding
    from symconv.checker.report import VERIFIED, WRONG

    truth = "the rows past the last one a window's tap reads"
    if not uses_p:
        truth = (
            "(H - d(K - 1) - 1) mod S, the rows past the last window's end (P = 0: the notes "
            "state no padding)"
        )
    if failed is None:
        return finding(
            VERIFIED, f"for every size: the trailing entries no window reads are {truth}"
        )
    h, k, s, p, d, got, want = failed
    where = f"H = {h}, K = {k}, S = {s}" + (f", P = {p}" if uses_p else "")
    where += f", d = {d}" if uses_d else ""
    return finding(
        WRONG,
        f"false: at {where} it gives {got}, but {want} trailing entries are in no window: {truth}",
    )
