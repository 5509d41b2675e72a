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

import dataclasses
import functools
import random
import re
from fractions import Fraction

from symconv.checker.context import finding
from symconv.checker.counterexamples import json_number
from symconv.checker.lead_in_settings import lead_in
from symconv.checker.limits import NotUnderstood
from symconv.checker.prose import BASE, normalise
from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.scalar import Scalar
from symconv.checker.syntax import parse
from symconv.checker.tie_convention import stated_tie_rule
from symconv.checker.worked_conv import is_conv, show_matrix
from symconv.checker.worked_definitions import (
    chained_op,
    consumer,
    declared_gradients,
    definitions,
    masked,
    under_every_rule,
)
from symconv.checker.worked_numbers import Matrix, Pool, _sides
from symconv.checker.worked_pool_names import (
    UNREAD,
    Given,
    classify,
    clean,
    marked_pooled,
    numbers_in,
    numbers_of,
    pool_words,
    relu,
)
from symconv.checker.worked_prose import GRADIENT_ONES

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
# g'_{2,1}: an entry of a primed tensor (a second example's G'), the primes part of its name
_ENTRY = re.compile(rf"(?<![A-Za-z\\])([A-Za-z]'*)(?:{_INDEX})")
# \sum_{i,j} \frac{\partial L}{\partial x_{ij}}, \sum_{p,q} g_{pq}: a sum with no bounds over
# exactly the two indices of the entry it adds up is the sum of every entry of the tensor
_ALL = r"\\sum_\{?([a-z]),?([a-z])\}?"
_ALL_INDEX = r"_\{?(?P=a),?(?P=b)\}?"
_SUM_OF_DERIVATIVES = re.compile(
    _ALL.replace("([a-z]),?([a-z])", "(?P<a>[a-z]),?(?P<b>[a-z])")
    + rf"(?:\\[dt]?frac\{{\\partial{_LOSS}\}}\{{\\partial(?P<d>[A-Za-z]){_ALL_INDEX}\}}"
    + rf"|\\partial{_LOSS}/\\partial(?P<s>[A-Za-z]){_ALL_INDEX})"
)
# \sum_{p,q} g_{pq}, \max_{p,q} g_{pq}: every entry's sum, largest, smallest
_SUM_OF_ENTRIES = re.compile(
    r"\\(?P<op>sum|max|min)_\{?(?P<a>[a-z]),?(?P<b>[a-z])\}?" + rf"(?P<t>[A-Za-z]){_ALL_INDEX}"
)
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
    """The index base the reading states (``stated``), else the one the prose before
    ``line`` states when it states only one, else None: entries are then not read."""
    if stated is not None:
        return stated
    before = document.split("\n")[: line - 1]
    found = {
        int(next(g for g in m.groups() if g is not None))
        for m in _BASE_WORDS.finditer("\n".join(before))
    }
    for text in before:  # "gli indici partono da $1$", "Indizes beginnen bei 1": prose's reading
        found |= _line_bases(text)
    return found.pop() if len(found) == 1 else None


@functools.lru_cache(maxsize=4096)  # the same lines are read for every claim below them
def _line_bases(text: str) -> frozenset[int]:
    return frozenset(0 if m.group("zero") else 1 for m in BASE.finditer(normalise(text)))


def _shape(m: Matrix) -> tuple[int, int]:
    return len(m), len(m[0])


# a convolution's kernel and bias letters: a matrix under them is never a pooled map
_KERNEL_LETTERS = frozenset("WKFwkfbB")


class _Example:
    """The pool, its input and (when given) upstream gradient, for one claim."""

    def __init__(
        self, document: str, line: int, prefix: str, model, change=None, defined=None
    ) -> None:
        self.document, self.line = document, line
        self.given = [  # and what the claim's own line gives before it ("X = [...], Y = [...]")
            g
            for g in numbers_in(document)
            if g.line < line or (g.line == line and g.source and g.source[:12] in prefix)
        ]
        if change is not None:
            self.given = _changed(self.given, *change)
        words = pool_words(document.split("\n"), line, prefix)
        # "Take an upstream gradient of all ones to see it clearly: ... so $dL/dz_{23} = 3$":
        # the claim's own lead-in sets every upstream entry to 1, whatever was given before
        lead = lead_in(document.split("\n"), line)
        self.ones = bool(GRADIENT_ONES.search(f"{lead} {prefix}"))
        own = getattr(model, "op", None)
        if own not in ("max", "avg"):
            own = None
        # the op: the claim's own lead-in, its section, the layer read, anything before
        # ``defined``: the op of the pool the notes define the claim's letter through
        # (P = maxpool(A), A = ReLU(Z)), which no layer read from elsewhere overrides
        op = words.lead_op or words.section_op or defined or own
        if any(g.kind == "value" and g.letter in _KERNEL_LETTERS for g in self.given):
            # a convolution's worked example above: a pool only where the claim's own
            # lead-in names it ("With average pooling instead, ...") or the notes define
            # the claim's letter through one
            op = words.lead_op or defined
        elif op is None and not is_conv(model):  # a convolution's notes: the pool named here
            op = words.document_op
        if op is None:
            raise _NotPool
        window = words.section_window
        if window is None and own is not None:
            window = tuple(model.spec.kernel), tuple(model.spec.stride)
        window = window or words.document_window
        if window is None or window == UNREAD:
            raise NotUnderstood(f"a {op} pooling example, but its window and stride are not read")
        kernel, stride = window
        self.op, self.kernel, self.stride = op, kernel, stride
        # the claim's own lead-in names this kind and no other ("That's average pooling.
        # There, ... for instance $...$"): the kind is settled for it, whatever else the
        # section names
        self.named_here = words.lead_kinds == {op}

    def pool(self, hw: tuple[int, int]) -> Pool:
        if hw[0] == 1:  # a 1-D example (a list of numbers): the window's one row
            pool = Pool(self.op, (1, self.kernel[1]), (1, self.stride[1]), (0, 0, 0, 0), hw)
        else:
            pool = Pool(self.op, self.kernel, self.stride, (0, 0, 0, 0), hw)
        pool.tie = stated_tie_rule(self.document, self.line)  # "ties: the first maximum"
        return pool

    def pooled_shape(self, hw: tuple[int, int]) -> tuple[int, int]:
        return self.pool(hw).out

    def value(self, letter: str) -> Given:
        """The latest matrix of numbers given under ``letter`` (either case)."""
        found = [
            g
            for g in self.given
            if g.kind == "value" and g.letter and g.letter.lower() == letter.lower()
        ]
        if not found:
            raise NotUnderstood(f"the notes give no {letter} as numbers before this claim")
        if len({g.letter for g in found}) > 1:
            raise NotUnderstood(f"both {letter.lower()} and {letter.upper()} are given as numbers")
        return found[-1]

    def gradient(
        self, shape: tuple[int, int], not_of: str, primes: int | None = None
    ) -> Given | None:
        """The latest upstream gradient given as numbers of the pooled ``shape`` (all ones
        where the claim's lead-in says so); with ``primes``, the latest named with that many
        (G' for a claim in entries g'_{kl}, G for one in g_{kl})."""
        if self.ones:
            ones = [[Fraction(1)] * shape[1] for _ in range(shape[0])]
            return Given(self.line, "gradient", None, ones, source="all ones")
        found = [
            g
            for g in self.given
            if g.kind == "gradient"
            and _shape(g.numbers) == shape
            and (g.letter or "").lower() != not_of.lower()
            and g.letter not in _KERNEL_LETTERS  # dL/dK: a kernel's gradient, not upstream
            and (primes is None or primes_of(g) == primes)
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
        return out | set(declared_gradients(self.document, self.line))


def _changed(given: list[Given], letter: str, i: int, j: int, value: Fraction) -> list[Given]:
    """``given`` with entry (i, j) (0-based) of the latest matrix given under ``letter`` set
    to ``value`` ("if $x_{33}$ is changed to $10$"); the letter's one matrix must hold it."""
    at = [k for k, g in enumerate(given) if g.kind == "value" and g.letter.lower() == letter]
    if not at:
        raise NotUnderstood(f"the supposed change is to {letter}, which the notes give no numbers")
    old = given[at[-1]]
    if not (0 <= i < len(old.numbers) and 0 <= j < len(old.numbers[0])):
        raise NotUnderstood(f"the supposed change is to an entry outside {old.letter}")
    numbers = [list(row) for row in old.numbers]
    numbers[i][j] = value
    out = list(given)
    out[at[-1]] = dataclasses.replace(old, numbers=numbers)
    return out


def primes_of(given: Given) -> int:
    """How many primes the name a gradient is given under carries (G' = [...]: 1)."""
    m = re.match(r"\s*(?:[A-Za-z]|\\[A-Za-z]+)('*)\s*=", given.source)
    return len(m.group(1)) if m else 0


def _entry_primes(sides: list[str]) -> int | None:
    """The primes of the upstream gradient's entries the sides write (g'_{21}: 1); None
    where they write none.  G and G' both named in one claim: not read."""
    found = {len(m.group(1)) for m in re.finditer(r"(?<![A-Za-z\\])[gG]('*)_", "".join(sides))}
    if len(found) > 1:
        raise NotUnderstood("the claim writes entries of both G and G'")
    return found.pop() if found else None


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
    if pool.op == "max" and pool.ties(x.numbers) and pool.tie is None:
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
                at = (
                    f"[{r + base}][{c + base}]" if base is not None else f" row {r + 1} col {c + 1}"
                )
                if len(truth) == 1:  # a 1-D example: one index
                    at = f"[{c + base}]" if base is not None else f" entry {c + 1}"
                return finding(
                    WRONG,
                    f"{what}{at} is {json_number(t)}, not {json_number(v)} "
                    f"({where}); the whole: {show_matrix(truth)}",
                )
    return finding(VERIFIED, f"every entry of {what} computed exactly ({where})")


def _called(x: Given) -> str:
    return x.letter or "unnamed input"


def _name(ex: _Example, rows: int = 2) -> str:
    if rows == 1:  # a 1-D example
        return f"{ex.op} pooling, window {ex.kernel[1]}, stride {ex.stride[1]} (1-D)"
    return f"{ex.op} pooling, window {ex.kernel[0]}x{ex.kernel[1]}, stride {ex.stride[0]}"


def _matrix_claim(
    ex: _Example, left: str, claimed: Matrix, base: int | None, before: str
) -> dict | None:
    kind = classify(left)
    if kind is None:
        return None
    what, letter, op = kind
    defs = definitions(ex.document, ex.line)
    if what == "gradient" and letter is not None and consumer(defs, letter, "relu"):
        return _through_relu(ex, letter, defs, claimed, base)  # dL/dZ, A = ReLU(Z) pooled
    if what == "gradient" and letter is not None:  # dL/dA = [numbers]
        if op is not None:  # dL/dA|_{max}: the claim names its pool's kind itself
            ex.op, ex.named_here = op, True
        if any(g.kind == "value" and g.letter.lower() == letter.lower() for g in ex.given):
            x = ex.value(letter)
        else:  # "sees the window [numbers]": the one unnamed input of the claim's shape
            unnamed = [
                g
                for g in ex.given
                if g.kind == "value" and g.letter == "" and _shape(g.numbers) == _shape(claimed)
            ]
            if len(unnamed) != 1:
                return None  # dL/dP = [numbers] of a map not given: the upstream gradient
            x = unnamed[0]
        if _shape(x.numbers) != _shape(claimed):
            return None  # not the gradient of the given map: another tensor's
        pool = ex.pool(_shape(x.numbers))
        g = ex.gradient(pool.out, letter)
        if g is None:
            return None  # no gradient of the pooled shape: not the pool's input (dL/dP given)
        truth = under_every_rule(pool, lambda: _routed(pool, x.numbers, g.numbers))
        if truth is None:  # a tie whose rule changes the routed gradient
            _no_ties(pool, x)
        where = (
            f"{_name(ex, len(x.numbers))}, at the notes' {_called(x)} (line {x.line}) and "
            "upstream gradient "
            f"(line {g.line})"
        )
        return _compare(claimed, truth, f"dL/d{letter}", where, base)
    if what == "relu":  # ReLU(Z) = [numbers]: entry by entry
        z = ex.value(letter)
        where = f"ReLU entry by entry of the {z.letter} of line {z.line}"
        return _compare(claimed, relu(z.numbers), f"ReLU({z.letter})", where, base)
    if what == "pooled":  # \operatorname{maxpool}(A) = [numbers]
        ex.op = op or ex.op
        x = ex.value(letter)
    elif what == "value" and letter in defs and defs[letter].kind == "relu":
        x = ex.value(letter)  # A = [numbers] after A = ReLU(Z) and Z's numbers
        if not x.derived:
            return None
        where = f"{x.derived}, entry by entry, at the notes' numbers (line {x.line})"
        return _compare(claimed, x.numbers, letter, where, base)
    elif what == "value" and letter in defs:  # P = [numbers] after P = maxpool(A)
        ex.op = _defined_op(ex, defs[letter])
        x = ex.value(defs[letter].source)
    elif what == "value":  # P = [numbers]: the pooled map, when the notes make it one
        if letter in _KERNEL_LETTERS or letter.upper() == "X":
            return None  # W = [numbers], X = [numbers]: a convolution's data, never pooled
        named = _pooled_names("\n".join(ex.document.split("\n")[: ex.line]))
        if named - {letter.lower()}:
            # "P = maxpool_{2x2}(Z), ..., L = sum c[r,s] A[r,s], c = [...]": the notes name
            # their pooled map P, so a matrix given under another letter (the loss's
            # coefficients) is no pooled map -- nor is its input the first map of that shape
            return None
        ex.op = op or ex.op  # Y_{\text{avg}}: the op the subscript names
        if (
            letter.lower() not in ex.output_letters()
            and not _POOL_PROSE.search(before)
            and not marked_pooled(left)  # P^{\max}, Y_{pool}: its mark says it is pooled
        ):
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
    where = f"{_name(ex)} of the notes' {_called(x)} (line {x.line})"
    return _compare(claimed, pool.forward(x.numbers), "the pooled map", where, base)


# "P = \operatorname{maxpool}_{2 \times 2}(Z)", "Y = avgpool(A)": a letter the notes define
# as a pool's output (its window written below the operator or not)
_POOLED_DEFINITION = re.compile(
    r"(?<![A-Za-z\\])([A-Za-z])\s*=\s*(?:\\operatorname|\\text|\\mathrm)?\s*\{?\s*"
    r"(?:max|avg|average|mean)[-_]?pool(?:ing)?\s*\}?\s*(?:_\s*\{[^{}]*\}|_\s*\d)?\s*"
    r"(?:\\left)?\s*\(",
    re.IGNORECASE,
)


def _pooled_names(text: str) -> set[str]:
    """The letters (lower-cased) ``text`` defines as a pool's output."""
    return {m.group(1).lower() for m in _POOLED_DEFINITION.finditer(text)}


def _defined_op(ex: _Example, d) -> str:
    """The pool's op of a definition ``P = \\operatorname{maxpool}(A)``: the one it names, which
    the prose must not contradict."""
    if d.op is not None and d.op != ex.op:
        raise NotUnderstood(
            f"the notes define {d.letter} as {d.op} pooling, but the prose names {ex.op} pooling"
        )
    return ex.op


def _through_relu(ex: _Example, letter: str, defs: dict, claimed: Matrix, base) -> dict | None:
    """``dL/dZ = [numbers]`` where the notes define A = ReLU(Z) and P = pool(A): the routed
    dL/dP masked by Z > 0 (the chain rule entry by entry)."""
    activated = consumer(defs, letter, "relu")
    assert activated is not None
    pooled = consumer(defs, activated.letter, "pooled")
    if pooled is None:
        return None  # A = ReLU(Z) with no pool after it: not this example's chain
    ex.op = _defined_op(ex, pooled)
    z, a = ex.value(letter), ex.value(activated.letter)
    if not a.derived or _shape(z.numbers) != _shape(claimed):
        return None
    pool = ex.pool(_shape(a.numbers))
    g = ex.gradient(pool.out, activated.letter)
    if g is None:
        return None
    truth = under_every_rule(pool, lambda: masked(_routed(pool, a.numbers, g.numbers), z.numbers))
    if truth is None:
        _no_ties(pool, a)
    where = (
        f"{_name(ex)} of {activated.letter} = ReLU({letter}), at the notes' {letter} (line "
        f"{z.line}) and upstream gradient (line {g.line}), masked by {letter} > 0"
    )
    return _compare(claimed, truth, f"dL/d{letter}", where, base)


def _pooled_input(ex: _Example, letter: str) -> tuple[Given, Matrix | None]:
    """The pooled matrix a gradient of ``letter`` flows back through, and the mask Z > 0
    when the notes define A = ReLU(Z) for ``letter`` Z (then A is what was pooled)."""
    activated = consumer(definitions(ex.document, ex.line), letter, "relu")
    if activated is None:
        return ex.value(letter), None
    z, a = ex.value(letter), ex.value(activated.letter)
    if not a.derived:
        raise NotUnderstood(
            f"the notes define {activated.letter} = ReLU({activated.source}), but its numbers "
            "are not read"
        )
    return a, z.numbers


def _defined_entry(
    ex: _Example, letter: str, at: tuple, sides: list[str], base: int
) -> dict | None:
    """``a_{22} = 4``: one entry of a matrix the notes define as ReLU of given numbers;
    every other side a number."""
    a = ex.value(letter)
    if not a.derived:
        return None
    i, j = at[1] - base, at[2] - base
    if not (0 <= i < len(a.numbers) and 0 <= j < len(a.numbers[0])):
        raise NotUnderstood(f"the entry ({at[1]}, {at[2]}) is outside {letter}")
    truth = a.numbers[i][j]
    values = [_NO_NAMES.value(parse(_extremes(clean(side)))) for side in sides[1:]]
    where = f"{a.derived} at the notes' numbers (line {a.line})"
    differ = [k for k, v in enumerate(values, start=2) if v != truth]
    if not differ:
        return finding(
            VERIFIED, f"every side is {json_number(truth)}: {letter}{list(at[1:])} ({where})"
        )
    listed = ", ".join(f"side {k} is {json_number(values[k - 2])}" for k in differ)
    return finding(
        WRONG, f"{json_number(truth)}, not {json_number(values[differ[0] - 2])}: {listed} ({where})"
    )


def _entry(match: re.Match) -> tuple[str, int, int]:
    groups = [g for g in match.groups()[1:] if g is not None]
    return match.group(1), int(groups[0]), int(groups[1])


def _number(v: Fraction) -> str:
    sign = "-" if v < 0 else ""
    return f"({sign}\\frac{{{abs(v.numerator)}}}{{{v.denominator}}})"


def _extremes(text: str) -> str:
    """``\\max(1, 3, 2)`` (numbers by now) as its value; innermost first."""
    for _ in range(32):
        m = re.search(r"\\(max|min)(?![A-Za-z])\s*(?:\\left)?\s*(\(|\\\{|\{)", text)
        if m is None:
            return text
        depth, k, args, start = 1, m.end(), [], m.end()
        while k < len(text) and depth:
            ch = text[k]
            if ch in "({":
                depth += 1
            elif ch in ")}":
                depth -= 1
            if depth == 1 and ch == ",":
                args.append(text[start:k])
                start = k + 1
            k += 1
        if depth:
            raise NotUnderstood("an unclosed \\max")
        last = text[start : k - 1]
        args.append(re.sub(r"(?:\\right|\\)\s*$", "", last))
        vals = [_NO_NAMES.value(parse(a)) for a in args if a.strip()]
        if not vals:
            raise NotUnderstood("an empty \\max")
        text = (
            text[: m.start()] + _number(max(vals) if m.group(1) == "max" else min(vals)) + text[k:]
        )
    raise NotUnderstood("too many \\max")


class _Trial:
    """One assignment of numbers: the input X and the upstream gradient G (or None)."""

    def __init__(self, x: Matrix, g: Matrix | None) -> None:
        self.x, self.g = x, g


def _random(shape: tuple[int, int], rng: random.Random) -> Matrix:
    values = rng.sample(range(-999, 999), shape[0] * shape[1])  # distinct: no ties
    return [[Fraction(values[r * shape[1] + c]) for c in range(shape[1])] for r in range(shape[0])]


def _entry_chain(ex: _Example, sides: list[str], base: int | None) -> dict | None:
    """``dL/da_{1,0} = g_{0,0} = 0.5`` (the routed gradient at one input entry) or ``y_{0,1}
    = \\max(x_{0,2}, ...) = 5`` (one pooled entry): every other side is numbers and entries
    of the example's tensors.  A side in entries is compared with the truth at the notes'
    numbers and at random ones (it must be the same function of them); a number, at the
    notes' numbers."""
    head = clean(sides[0])
    every = _SUM_OF_DERIVATIVES.fullmatch(head)  # \sum_{i,j} dL/dx_{ij}: all of dL/dX
    backward = every or _ENTRY_DERIVATIVE.fullmatch(head)
    forward = None if backward else _ENTRY.fullmatch(head)
    if backward is None and forward is None:
        return None
    outputs = ex.output_letters() | {"g"}
    if forward is not None and base is not None:
        activated = consumer(definitions(ex.document, ex.line), "", "relu", forward.group(1))
        if activated is not None:  # a_{22} = 4 after A = ReLU(Z) and Z's numbers
            return _defined_entry(ex, activated.letter, _entry(forward), sides, base)
    if forward is not None:
        letter = forward.group(1)
        if letter.lower() not in outputs | {"y", "p", "z", "q"}:
            return None
    if base is None:
        raise NotUnderstood(
            "an entry of a pooling example, but the notes' index base is not stated"
        )
    rng = random.Random(len(head))
    if backward is not None:
        if every is not None:
            letter, a, b = every.group("d") or every.group("s"), 0, 0
        else:
            groups = [g for g in backward.groups() if g is not None]
            letter, a, b = groups[0], int(groups[1]) - base, int(groups[2]) - base
        x, mask = _pooled_input(ex, letter)
        pool = ex.pool(_shape(x.numbers))
        primes = _entry_primes(sides[1:])
        g = ex.gradient(pool.out, letter, primes)
        named = declared_gradients(ex.document, ex.line)
        if g is not None and any(
            g.line < named[k] and re.search(rf"(?<![A-Za-z\\]){k}_", "".join(sides[1:]))
            for k in named
        ):  # H = (h_{kl}) named after the numbers given: those are another gradient's
            g = None

        def route_now(pool=pool, x=x, mask=mask, every=every, a=a, b=b) -> dict:
            routes = pool.routes(x.numbers if pool.op == "max" else None)
            if mask is not None:  # dL/dz_{ij} = dL/da_{ij} 1[z_{ij} > 0] for A = ReLU(Z)
                routes = {at: s if mask[at[0]][at[1]] > 0 else {} for at, s in routes.items()}
            if every is None:
                return routes.get((a, b)) or {}
            total: dict = {}  # the sum of every entry's routed gradient
            for share in routes.values():
                for at, c in share.items():
                    total[at] = total.get(at, Fraction(0)) + c
            return total

        route = under_every_rule(pool, route_now)  # a tie no rule settles changes nothing?
        if route is None:
            _no_ties(pool, x)
        trials = [_Trial(x.numbers, g.numbers)] if g is not None else []
        trials += [_Trial(x.numbers, _random(pool.out, rng)) for _ in range(2)]
        known = g is not None
        varying, fixed = outputs, {x.letter.lower()}

        def truth(t: _Trial) -> Fraction:
            return sum((c * t.g[i][j] for (i, j), c in route.items()), Fraction(0))

        where = f"{_name(ex)}, at the notes' {x.letter} (line {x.line})" + (
            f" and upstream gradient (line {g.line})" if g is not None else ""
        )
    else:
        a, b = _entry(forward)[1] - base, _entry(forward)[2] - base
        inputs = [
            v
            for v in ex.given
            if v.kind == "value"
            and v.letter.lower() != letter.lower()
            and ex.pooled_shape(_shape(v.numbers)) != _shape(v.numbers)
        ]
        if not inputs or len({v.letter for v in inputs}) > 1:
            raise NotUnderstood("which given matrix is the pooled one is not read")
        x, g, known = inputs[-1], None, True
        pool = ex.pool(_shape(x.numbers))
        trials = [_Trial(x.numbers, None)] + [_Trial(_random(pool.hw, rng), None) for _ in range(2)]
        varying, fixed = {x.letter.lower()}, set()

        def truth(t: _Trial) -> Fraction:
            return pool.forward(t.x)[a][b]

        where = f"{_name(ex)} of the notes' {x.letter} (line {x.line})"
        route = None
    grid = pool.hw if backward is not None else pool.out
    if every is None and not (0 <= a < grid[0] and 0 <= b < grid[1]):
        raise NotUnderstood(f"the entry ({a + base}, {b + base}) is outside the example's tensor")

    def side_values(side: str) -> tuple[bool, list[Fraction]]:
        used = False
        row = []
        for t in trials:

            def tensor_of(name: str, t: _Trial = t) -> Matrix | None:
                nonlocal used
                own = _named_given(ex, name, g) if backward is not None else None
                if own is not None:  # g_{ij} of the notes' G = dL/dA, not the pool's dL/dM
                    return own.numbers
                if name.endswith("'"):  # g'_{kl}: the upstream G' chosen by its primes
                    if backward is None or g is None or name.rstrip("'").lower() != "g":
                        raise NotUnderstood(f"{name} in a pooling example's arithmetic")
                    used = True
                    return t.g
                if name.lower() in varying:
                    used = True
                    return t.g if backward is not None else t.x
                if name.lower() in fixed:
                    return t.x
                raise NotUnderstood(f"{name} in a pooling example's arithmetic")

            def substitute(m, t: _Trial = t) -> str:
                name, i, j = _entry(m)
                i, j = i - base, j - base
                tensor = tensor_of(name, t)
                if tensor is None or not (0 <= i < len(tensor) and 0 <= j < len(tensor[0])):
                    raise NotUnderstood(f"{name}_({i + base},{j + base}) is outside its tensor")
                return _number(tensor[i][j])

            def total(m, t: _Trial = t) -> str:  # \sum_{p,q} g_{pq}: every entry's sum
                tensor = tensor_of(m.group("t"), t)
                if tensor is None:
                    raise NotUnderstood(f"{m.group('t')} has no numbers here")
                every = [v for row in tensor for v in row]
                op = m.group("op")
                return _number(
                    sum(every, Fraction(0))
                    if op == "sum"
                    else max(every)
                    if op == "max"
                    else min(every)
                )

            plain = _SUM_OF_ENTRIES.sub(total, clean(side))
            plain = _ENTRY_DERIVATIVE.sub(lambda m: substitute(_sub(m)), plain)
            plain = _ENTRY.sub(substitute, plain)
            row.append(_NO_NAMES.value(parse(_extremes(plain))))
        return used, row

    values = [side_values(side) for side in sides[1:]]
    truths = [truth(t) for t in trials]
    differ = []
    for k, (symbolic, row) in enumerate(values, start=2):
        if symbolic:
            agrees = row == truths
        elif not known:
            raise NotUnderstood("a number where the routing gives entries of G, and no G is given")
        else:
            agrees = row[0] == truths[0]
        if not agrees:
            differ.append(k)
    coincide = [k for k in differ if values[k - 2][0] and values[k - 2][1][0] == truths[0]]
    what = "the routed gradient" if backward is not None else "the pooled entry"
    if not known or coincide:
        # a side in entries that differs is wrong whatever the notes' numbers: named as
        # such (its value at them may even coincide)
        if not differ:
            return finding(VERIFIED, f"every side is {what} ({where})")
        named = ", ".join(f"side {k} of {len(sides)} differs" for k in differ)
        shown = f" {_form(route, base)}" if route is not None else ""
        return finding(WRONG, f"{named} from {what}{shown} ({where})")
    if not differ:
        return finding(VERIFIED, f"every side is {json_number(truths[0])}: {what} ({where})")
    listed = ", ".join(f"side {k} is {json_number(values[k - 2][1][0])}" for k in differ)
    return finding(
        WRONG,
        f"{json_number(truths[0])}, not {json_number(values[differ[0] - 2][1][0])}: "
        f"{listed}, side 1 is {json_number(truths[0])} ({what}, {where}; a side in entries "
        "is compared as a function of them, at random numbers too)",
    )


def _named_given(ex: _Example, name: str, upstream) -> object | None:
    """The gradient the notes give under ``name``'s capital ("$G = \\frac{\\partial L}
    {\\partial A} = ...$") when it is not the pool's upstream gradient in use (a ReLU
    between them: the pool's is dL/dM, line 33): entries g_{ij} are that matrix's."""
    for given in ex.given:
        if (
            given.kind == "gradient"
            and given is not upstream
            and re.match(rf"\s*{re.escape(name.upper())}\s*=", given.source)
        ):
            return given
    return None


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
    text: str,
    model,
    document: str,
    line: int,
    prefix: str,
    stated_base: int | None,
    change: tuple[str, int, int, str] | None = None,
) -> dict | None:
    """The verdict of a claim about a pooling example's numbers (None: not one);
    ``stated_base``: the index base the reading states (None: a default); ``change``: an
    entry the claim's sentence supposes changed (counterfactual.entry_change), as written."""
    base = notes_base(document, line, stated_base)
    sides = _sides(text)
    if len(sides) < 2:
        return None
    moved = None
    if change is not None:
        if base is None:
            return None  # which entry x_{33} is depends on the index base
        letter, i, j, value = change
        moved = (letter.lower(), i - base, j - base, Fraction(value))
    try:
        ex = _Example(document, line, prefix, model, moved, chained_op(document, line, sides[0]))
    except _NotPool:
        return None
    claimed = numbers_of(sides[-1])
    if claimed is not None:
        if len(sides) != 2 or not ex.given:
            return None
        before = "\n".join(document.split("\n")[max(0, line - 4) : line - 1]) + prefix
        found = _matrix_claim(ex, sides[0], claimed, base, before)
    elif any(numbers_of(s) is not None for s in sides) or not ex.given:
        return None
    else:
        found = _entry_chain(ex, sides, base)
    if found is not None and ex.named_here:
        found["_pool_kind_named"] = ex.op  # pool_kind.py: no guess between the two kinds
    if found is not None:
        found["_pool_op"] = ex.op  # the kind it was judged under (judging.py compares it)
    return found


# the example's reading, for the readers of other forms of its claims (worked_kronecker.py)
Example, NotPool, no_ties, routed = _Example, _NotPool, _no_ties, _routed
