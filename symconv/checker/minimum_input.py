"""The shortest input that gives a convolution's output size: "la lunghezza minima
dell'ingresso che produce $L_{out}$ uscite è $L_{\\min} = S(L_{out} - 1) + D(K - 1) + 1 - 2P$",
"the smallest input giving $H_{out}$ rows is $H_{min} = ...$".

Why the truth is what it is: a convolution (kernel K, stride S, padding P, dilation d) gives
floor((H + 2P - d(K - 1) - 1)/S) + 1 outputs, at least O exactly when the padded input
reaches the last window's end, H + 2P >= S(O - 1) + d(K - 1) + 1.  The smallest such H is
S(O - 1) + d(K - 1) + 1 - 2P (where that is at least 1).  The claim, a name the prose before it
calls the minimum input, equal to a formula in O (the output size's name, ``H_{out}``,
``L_{\\text{out}}``, ``O``), K, S, P, d, is evaluated over a grid of those: equal everywhere,
verified; anywhere not, wrong (the notes state it for every size).  P absent from the formula
is read only where the prose says there is no padding; d absent, at d = 1.  Any other
letter or left side: no such claim (None).
"""

from __future__ import annotations

import itertools
import re
from fractions import Fraction

from symconv.checker.context import finding
from symconv.checker.limits import NotUnderstood
from symconv.checker.output_padding import _NAME, _NO_PADDING
from symconv.checker.report import VERIFIED, WRONG

# "the minimum length of the input that produces", "la lunghezza minima dell'ingresso",
# "la plus petite entrée", "el tamaño mínimo de la entrada", "die kleinste Eingabe"
_MINIMUM = re.compile(
    r"\b(?:minim\w*|m[íi]nim[ao]s?|smallest|shortest|plus (?:petite|courte)|kleinste\w*|"
    r"k[üu]rzeste\w*)\b[^.;$]{0,40}?\b(?:input|ingresso|entr[ée]e|entrada|Eingabe|signal|"
    r"segnale|se[ñn]al|length|lunghezza|longueur|longitud|size|taille|tama[ñn]o)"
    r"|\b(?:input|ingresso|entr[ée]e|entrada|Eingabe)\b[^.;$]{0,30}?\b(?:minim\w*|m[íi]nim[ao])",
    re.I,
)
_LETTERS = {"k": "k", "K": "k", "f": "k", "F": "k", "s": "s", "S": "s", "p": "p", "P": "p",
            "d": "d", "D": "d"}  # fmt: skip
_OUTPUT = re.compile(r"^(?:[A-Za-z]_(?:o|out)|O)$")  # H_{out}, L_{\text{out}}, W_o, O
_GRID = tuple(itertools.product(range(1, 7), range(1, 6), range(1, 5), range(0, 3), (1, 2, 3)))


def _truth(o: int, k: int, s: int, p: int, d: int) -> int | None:
    need = s * (o - 1) + d * (k - 1) + 1 - 2 * p
    return need if need >= 1 else None


def judge_minimum_input(text: str, lead: str) -> dict[str, object] | None:
    """Verified or wrong for a name ``lead`` calls the minimum input, = a formula in the
    output size and K, S, P, d; else None."""
    from symconv.checker.allsizes_counts import _value
    from symconv.checker.allsizes_parse import parse, walk

    name = _NAME.match(text)
    if name is None or text.count("=") != 1 or not _MINIMUM.search(lead):
        return None
    try:
        tree = parse(text.split("=", 1)[1])
    except NotUnderstood:
        return None
    names = {n.parts[0] for n in walk(tree) if n.kind == "sym"}
    outputs = {n for n in names if _OUTPUT.match(n)}
    rest = names - outputs
    if len(outputs) != 1 or not rest <= set(_LETTERS):
        return None
    if len({_LETTERS[n] for n in rest}) != len(rest):
        return None  # k and K both: two sizes under one role
    roles = {_LETTERS[n] for n in rest}
    if "p" not in roles and not _NO_PADDING.search(lead):
        return None
    out = outputs.pop()
    failed = None
    checked = 0
    for o, k, s, p, d in _GRID:
        if (p and "p" not in roles) or (d != 1 and "d" not in roles):
            continue
        want = _truth(o, k, s, p, d)
        if want is None:
            continue
        env = {out: o, **{n: {"k": k, "s": s, "p": p, "d": d}[_LETTERS[n]] for n in rest}}
        try:
            got = _value(tree, env)
        except (NotUnderstood, ZeroDivisionError, ValueError):
            return None
        checked += 1
        if got != Fraction(want) and failed is None:
            failed = (o, k, s, p, d, got, want)
    if not checked:
        return None
    truth = "S(O - 1) + d(K - 1) + 1 - 2P, the input that just reaches the last window's end"
    if failed is None:
        return finding(VERIFIED, f"for every size: the shortest input giving O outputs is {truth}")
    o, k, s, p, d, got, want = failed
    where = f"O = {o}, K = {k}, S = {s}" + (f", P = {p}" if "p" in roles else "")
    where += f", d = {d}" if "d" in roles else ""
    return finding(
        WRONG,
        f"false: at {where} it gives {got}, but the shortest input with {o} outputs is "
        f"{want}: {truth}",
    )
