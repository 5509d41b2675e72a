"""Claims about a pooling worked example, in the notes' own letters.

"$A = [4 \\times 4 \\text{ numbers}]$ ... Max pooling 2x2 with stride 2 ... $P = [...]$",
"$\\frac{\\partial L}{\\partial A} = [...]$", "$\\frac{\\partial L}{\\partial a_{1,0}} = g_{0,0}
= 0.5$": the pool is the one the prose names (:func:`.worked_pool_names.pool_words`), its
input the matrix of numbers the notes gave under the letter the claim differentiates (or
pools), and the upstream gradient the matrix of numbers they gave as a gradient of the
pooled map's shape.  The truth is the pool's definition at those numbers
(:class:`.worked_numbers.Pool`: max pooling routes each G entry to its window's largest entry,
average pooling spreads G/(k_h k_w)), exact in Fractions.

Where the input is not given as numbers, the pool's stride is not stated, two matrices could
be the input, or a max window has a tie, the claim is not understood, naming that.
"""

from __future__ import annotations

import random
import re
from fractions import Fraction

from symconv.checker.context import finding
from symconv.checker.counterexamples import json_number
from symconv.checker.limits import NotUnderstood
from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.scalar import Scalar
from symconv.checker.syntax import parse
from symconv.checker.worked_conv import show_matrix
from symconv.checker.worked_numbers import Matrix, Pool, _sides, matrix_of
from symconv.checker.worked_pool_names import Given, classify, clean, numbers_in, pool_words

# words of the prose that lead to a pool's output: "each window gives its mean"
_POOL_PROSE = re.compile(
    r"window|pool|ventana|janela|fen[êe]tre|m[áa]xim|maximum|mean|m[ée]dia|promedio|average",
    re.I,
)
_LOSS = r"(?:\\mathcal\{?[LEJC]\}?|[LEJC]|\\ell)"
_INDEX = r"_\{?(\d+),?(\d+)\}?|_(\d)(\d)"
# dL/da_{1,0}, \partial L/\partial A_{11}: the derivative at one entry of a letter
_ENTRY_DERIVATIVE = re.compile(
    rf"\\[dt]?frac\{{\\partial{_LOSS}\}}\{{\\partial([A-Za-z])(?:{_INDEX})\}}"
    rf"|\\partial{_LOSS}/\\partial([A-Za-z])(?:{_INDEX})"
)
_ENTRY = re.compile(rf"(?<![A-Za-z\\])([A-Za-z])(?:{_INDEX})")
_NO_NAMES = Scalar(lambda name: _refuse(name))


def _refuse(name: str) -> Fraction:
    raise NotUnderstood(f"{name} has no value in the pool example's arithmetic")


# "Indices start at 1", "índices desde 0", "0-indexed like NumPy", "1-based"
_BASE_WORDS = re.compile(
    r"(?:ind(?:ices|ex|exes)|[íi]ndices)\b[^.$]{0,30}?(?:start|begin|comienzan|empiezan|"
    r"come[çc]am|commencent|desde|from)\w*\s*(?:at|in|from|en|em|a|de|with)?\s*\$?\s*([01])\b"
    r"|\b([01])\s*-\s*(?:based|indexed)\b|[íi]ndices\s+desde\s+([01])\b",
    re.I,
)


def notes_base(document: str, line: int, stated: int | None) -> int | None:
    """The index base the prose before ``line`` states (the last one said), else the one
    the reading states (``stated``), else None: entries are then not read."""
    found = [
        int(next(g for g in m.groups() if g is not None))
        for m in _BASE_WORDS.finditer("\n".join(document.split("\n")[: line - 1]))
    ]
    return found[-1] if found else stated


def _shape(m: Matrix) -> tuple[int, int]:
    return len(m), len(m[0])


class _Example:
    """The pool, its input and (when given) upstream gradient, for one claim."""

    def __init__(self, document: str, line: int, prefix: str, model) -> None:
        self.document, self.line = document, line
        self.given = [g for g in numbers_in(document) if g.line < line]
        words = pool_words(document.split("\n"), line, prefix)
        own = getattr(model, "op", None)
        if words is None and own is None:
            raise _NotPool
        op = words.op if words is not None else own
        kernel = words.kernel if words is not None and words.kernel else None
        stride = words.stride if words is not None and words.kernel else None
        if kernel is None and own is not None:
            kernel, stride = tuple(model.spec.kernel), tuple(model.spec.stride)
        if kernel is None or stride is None:
            raise NotUnderstood(f"a {op} pooling example, but its window and stride are not read")
        self.op, self.kernel, self.stride = op, kernel, stride

    def pool(self, hw: tuple[int, int]) -> Pool:
        return Pool(self.op, self.kernel, self.stride, (0, 0, 0, 0), hw)

    def pooled_shape(self, hw: tuple[int, int]) -> tuple[int, int]:
        return self.pool(hw).out

    def value(self, letter: str) -> Given:
        """The latest matrix of numbers given under ``letter`` (either case)."""
        found = [
            g for g in self.given if g.kind == "value" and g.letter.lower() == letter.lower()
        ]
        if not found:
            raise NotUnderstood(f"the notes give no {letter} as numbers before this claim")
        if len({g.letter for g in found}) > 1:
            raise NotUnderstood(f"both {letter.lower()} and {letter.upper()} are given as numbers")
        return found[-1]

    def gradient(self, shape: tuple[int, int], not_of: str) -> Given | None:
        """The latest upstream gradient given as numbers of the pooled ``shape``."""
        found = [
            g
            for g in self.given
            if g.kind == "gradient"
            and _shape(g.numbers) == shape
            and (g.letter or "").lower() != not_of.lower()
        ]
        return found[-1] if found else None

    def output_letters(self) -> set[str]:
        """The letters the notes take a gradient of: the pooled map's."""
        everywhere = numbers_in(self.document)  # "sends back dL/dP = [...]" after P's claim
        out = {g.letter.lower() for g in everywhere if g.kind == "gradient" and g.letter}
        for m in re.finditer(
            rf"[gG]_\{{?[a-z],?[a-z]\}}?\s*=\s*\\[dt]?frac\{{\\partial\s*{_LOSS}\}}"
            rf"\{{\\partial\s*([A-Za-z])",
            self.document,
        ):
            out.add(m.group(1).lower())
        return out


class _NotPool(Exception):
    """No pool is named before the claim: not a pooling example."""


def _routed(pool: Pool, x: Matrix, g: Matrix) -> Matrix:
    h, w = pool.hw
    routes = pool.routes(x if pool.op == "max" else None)
    return [
        [sum((c * g[i][j] for (i, j), c in routes[(a, b)].items()), Fraction(0)) for b in range(w)]
        for a in range(h)
    ]


def _no_ties(pool: Pool, x: Given) -> None:
    if pool.op == "max" and pool.ties(x.numbers):
        i, j = pool.ties(x.numbers)[0]
        raise NotUnderstood(
            f"the notes' {x.letter} (line {x.line}) has a tie in window ({i}, {j}): which "
            "entry gets the gradient is a convention"
        )


def _compare(claimed: Matrix, truth: Matrix, what: str, where: str, base: int | None) -> dict:
    if _shape(claimed) != _shape(truth):
        return finding(
            WRONG,
            f"{what} is {len(truth)}x{len(truth[0])}, the claim {len(claimed)}x"
            f"{len(claimed[0])} ({where}): {show_matrix(truth)}",
        )
    for r, (row, good) in enumerate(zip(claimed, truth, strict=True)):
        for c, (v, t) in enumerate(zip(row, good, strict=True)):
            if v != t:
                at = f"[{r + base}][{c + base}]" if base is not None else f" row {r + 1} col {c + 1}"
                return finding(
                    WRONG,
                    f"{what}{at} is {json_number(t)}, not {json_number(v)} "
                    f"({where}); the whole: {show_matrix(truth)}",
                )
    return finding(VERIFIED, f"every entry of {what} computed exactly ({where})")


def _name(ex: _Example) -> str:
    return f"{ex.op} pooling, window {ex.kernel[0]}x{ex.kernel[1]}, stride {ex.stride[0]}"


def _matrix_claim(
    ex: _Example, left: str, claimed: Matrix, base: int | None, before: str
) -> dict | None:
    kind = classify(left)
    if kind is None:
        return None
    what, letter, op = kind
    if what == "gradient" and letter is not None:  # dL/dA = [numbers]
        x = ex.value(letter)
        if _shape(x.numbers) != _shape(claimed):
            return None  # not the gradient of the given map: another tensor's
        pool = ex.pool(_shape(x.numbers))
        g = ex.gradient(pool.out, letter)
        if g is None:
            raise NotUnderstood(
                f"dL/d{letter} of a pooling example, but the notes give no upstream gradient "
                f"of shape {pool.out[0]}x{pool.out[1]} as numbers"
            )
        _no_ties(pool, x)
        where = f"{_name(ex)}, {x.letter} of line {x.line}, upstream gradient of line {g.line}"
        return _compare(claimed, _routed(pool, x.numbers, g.numbers), f"dL/d{letter}", where, base)
    if what == "pooled":  # \operatorname{maxpool}(A) = [numbers]
        ex.op = op or ex.op
        x = ex.value(letter)
    elif what == "value":  # P = [numbers]: the pooled map, when the notes make it one
        if letter.lower() not in ex.output_letters() and not _POOL_PROSE.search(before):
            return None
        inputs = [
            g
            for g in ex.given
            if g.kind == "value"
            and g.letter.lower() != letter.lower()
            and ex.pooled_shape(_shape(g.numbers)) == _shape(claimed)
            and _shape(g.numbers) != _shape(claimed)
        ]
        if not inputs:
            return None
        if len({g.letter for g in inputs}) > 1:
            names = ", ".join(sorted({g.letter for g in inputs}))
            raise NotUnderstood(f"the pooled map of which given matrix ({names}) is not read")
        x = inputs[-1]
    else:
        return None
    pool = ex.pool(_shape(x.numbers))
    where = f"{_name(ex)} of the {x.letter} of line {x.line}"
    return _compare(claimed, pool.forward(x.numbers), "the pooled map", where, base)


def _entry(match: re.Match) -> tuple[str, int, int]:
    groups = [g for g in match.groups()[1:] if g is not None]
    return match.group(1), int(groups[0]), int(groups[1])


def _entry_chain(ex: _Example, sides: list[str], base: int | None) -> dict | None:
    """``dL/da_{1,0} = g_{0,0} = 0.5``: side 1 the routed gradient at one input entry; the
    other sides numbers and upstream-gradient entries."""
    first = _ENTRY_DERIVATIVE.fullmatch(clean(sides[0]))
    if first is None:
        return None
    if base is None:
        raise NotUnderstood("an entry of a pooling example, but the notes' index base is not stated")
    groups = [g for g in first.groups() if g is not None]
    letter, a, b = groups[0], int(groups[1]) - base, int(groups[2]) - base
    x = ex.value(letter)
    pool = ex.pool(_shape(x.numbers))
    if not (0 <= a < pool.hw[0] and 0 <= b < pool.hw[1]):
        raise NotUnderstood(f"the entry ({a + base}, {b + base}) is outside the notes' {letter}")
    _no_ties(pool, x)
    outputs = ex.output_letters() | {"g"}
    g = ex.gradient(pool.out, letter)
    truth = pool.routes(x.numbers if pool.op == "max" else None)[(a, b)]
    rng = random.Random(a * 97 + b)
    trials = [g.numbers] if g is not None else []
    trials += [
        [[Fraction(rng.randint(-999, 999)) for _ in range(pool.out[1])] for _ in range(pool.out[0])]
        for _ in range(2)
    ]

    def at(lin: dict, gm: Matrix) -> Fraction:
        return sum((c * gm[i][j] for (i, j), c in lin.items()), Fraction(0))

    values: list[tuple[bool, list[Fraction]]] = []  # (names G entries, value at each trial)
    for side in sides[1:]:
        text = clean(side)
        entries = 0

        def substitute(m: re.Match, gm: Matrix) -> str:
            nonlocal entries
            name, i, j = _entry(m)
            if name.lower() not in outputs:
                raise NotUnderstood(f"{name} in a pooling example's arithmetic")
            i, j = i - base, j - base
            if not (0 <= i < pool.out[0] and 0 <= j < pool.out[1]):
                raise NotUnderstood(f"({i + base}, {j + base}) is outside the pooled map")
            entries += 1
            v = gm[i][j]
            sign = "-" if v < 0 else ""
            return f"({sign}\\frac{{{abs(v.numerator)}}}{{{v.denominator}}})"

        row = []
        for gm in trials:
            plain = _ENTRY_DERIVATIVE.sub(lambda m, gm=gm: substitute(_sub(m), gm), text)
            plain = _ENTRY.sub(lambda m, gm=gm: substitute(m, gm), plain)
            row.append(_NO_NAMES.value(parse(plain)))
        values.append((entries > 0, row))
    truth_values = [at(truth, gm) for gm in trials]
    where = f"{_name(ex)}, at the {x.letter} of line {x.line}" + (
        f" and the upstream gradient of line {g.line}" if g is not None else ""
    )
    differ = []
    for k, (symbolic, row) in enumerate(values, start=2):
        if symbolic:
            agrees = row == truth_values
        elif g is None:
            raise NotUnderstood("a number where the routing gives entries of G, and no G is given")
        else:
            agrees = row[0] == truth_values[0]
        if not agrees:
            differ.append(k)
    coincide = [k for k in differ if values[k - 2][0] and values[k - 2][1][0] == truth_values[0]]
    if g is None or coincide:
        # a side in G's entries that differs is wrong whatever G's numbers: named as such
        # (its value at the notes' G may even coincide)
        if not differ:
            return finding(VERIFIED, f"every side is the routed gradient ({where})")
        named = ", ".join(f"side {k} of {len(sides)} differs" for k in differ)
        return finding(
            WRONG, f"{named} from the routed gradient {_form(truth, base)} ({where})"
        )
    if not differ:
        return finding(
            VERIFIED, f"every side is {json_number(truth_values[0])}: the routed gradient ({where})"
        )
    listed = ", ".join(f"side {k} is {json_number(values[k - 2][1][0])}" for k in differ)
    return finding(
        WRONG,
        f"{json_number(truth_values[0])}, not {json_number(values[differ[0] - 2][1][0])}: "
        f"{listed}, side 1 is {json_number(truth_values[0])} ({where}; a side in entries of "
        "the upstream gradient is compared entry by entry)",
    )


def _form(lin: dict, base: int) -> str:
    """``g_{0,1} + 1/4 g_{1,1}``: the routed gradient as entries of the upstream one."""
    if not lin:
        return "0"
    return " + ".join(
        ("" if c == 1 else f"{c} ") + f"g_{{{i + base},{j + base}}}"
        for (i, j), c in sorted(lin.items())
    )


class _Shifted:
    """A derivative entry's match seen as a plain entry's (letter, then two digits)."""

    def __init__(self, m: re.Match) -> None:
        groups = [g for g in m.groups() if g is not None]
        self._groups = (groups[0], groups[1], groups[2])

    def groups(self):
        return self._groups

    def group(self, k: int):
        return self._groups[k - 1]


def _sub(m: re.Match):
    return _Shifted(m)


def judge_worked_pool(
    text: str, model, document: str, line: int, prefix: str, stated_base: int | None
) -> dict | None:
    """The verdict of a claim about a pooling example's numbers (None: not one);
    ``stated_base``: the index base the reading states (None: a default)."""
    base = notes_base(document, line, stated_base)
    sides = _sides(text)
    if len(sides) < 2:
        return None
    try:
        ex = _Example(document, line, prefix, model)
    except _NotPool:
        return None
    claimed = matrix_of(sides[-1])
    if claimed is not None:
        if len(sides) != 2 or not ex.given:
            return None
        before = "\n".join(document.split("\n")[max(0, line - 4) : line - 1]) + prefix
        return _matrix_claim(ex, sides[0], claimed, base, before)
    if any(matrix_of(s) is not None for s in sides) or not ex.given:
        return None
    return _entry_chain(ex, sides, base)
