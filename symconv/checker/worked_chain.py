"""One entry of a worked example computed in numbers: ``z_{22} = 1\\cdot 1 + 0\\cdot(-1) +
3\\cdot 2 + 1\\cdot 0 = 7``, ``\\frac{\\partial E}{\\partial w_{12}} = 2 + 4 = 6``.

The notes gave X and W (and G, b) as matrices of numbers (:mod:`.worked_numbers`).  The left
side's entry is the layer's own derivation (the output by definition, a gradient by the
chain rule, exact polynomials of :class:`~symconv.checker.truth.Model`) evaluated at those
numbers; every other side is plain arithmetic, evaluated exactly.  A side whose arithmetic
is right but whose value is not the entry's is wrong like one whose arithmetic slips: the
verdict names each side's value against the entry's.  It is about those numbers only.
"""

from __future__ import annotations

import re
from fractions import Fraction

from symconv.checker.context import finding
from symconv.checker.counterexamples import json_number
from symconv.checker.limits import NotUnderstood
from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.scalar import Scalar
from symconv.checker.syntax import Chain, Factor, Group, Num, Sym, parse
from symconv.checker.worked_conv import _NEEDS, _TAG, _values, is_conv

_SPACES = re.compile(r"\\[,;:! ]|\\q?quad|\s+|\\left|\\right|\\displaystyle")
_CALL = r"\\(?:mathcal|mathbf|boldsymbol|bm)\{([A-Za-z])\}"
# z_{22}, z_{2,2}, z_22, Z[2][2], Z[2,2], z(2,2): one entry at numbered indices
_ENTRY = re.compile(
    r"^([A-Za-z])(?:_\{?(\d)(\d)\}?|_\{(\d+),(\d+)\}|\[(\d+)\]\[(\d+)\]|[\[(](\d+),(\d+)[\])])$"
)
_DERIVATIVE = re.compile(r"^\\d?frac\{\\partial[LEJC]\}\{\\partial(.+)\}$")
_PARTIAL_SLASH = re.compile(r"^\\partial[LEJC]/\\partial(.+)$")
_ROLE = {"Z": "Y", "X": "dX", "W": "dW"}
# a sum over an index, or an entry at a letter index: a side written in symbols
_SYMBOLIC = re.compile(r"\\sum_\{?\s*[a-z]\s*=|[A-Za-z]_\{[^{}]*[a-z][^{}]*\}|[A-Za-z]_[a-z]\b")


def _entry(side: str, letters: dict[str, str], base: int) -> tuple[str, int, int] | None:
    """(role, row, column) of ``z_{22}`` (role Y) or dL/dw_{12} (role dW), 0-based."""
    text = _plain(side)
    gradient = _DERIVATIVE.match(text) or _PARTIAL_SLASH.match(text)
    if gradient:
        text = gradient.group(1)
    m = _ENTRY.match(text)
    if m is None:
        return None
    role = letters.get(m.group(1))
    digits = [d for d in m.groups()[1:] if d is not None]
    if role not in ("Z", "X", "W") or (role == "Z") == bool(gradient):
        return None  # x_{11} = 3 gives a number; only outputs and gradients are computed
    r, c = (int(d) - base for d in digits)
    return _ROLE[role], r, c


# an entry at numbered indices inside arithmetic: G_{0,0}, W_{11}, k_{2,1}, x_3, w_{10}, and the
# functional notation's G[0,1], W[2,1] (the same entry under brackets)
_NUMBERED = re.compile(r"(?<![A-Za-z\\])([A-Za-z])(?:_\{?\d|\[\d)")


# one entry at two numbered indices: G_{1,1}, G_{11}, G[1,1], G[1][1]
_PAIR = re.compile(
    r"(?<![A-Za-z\\])([A-Za-z])(?:_\{(\d+),(\d+)\}|_\{?(\d)(\d)\}?(?!\d)|\[(\d+),(\d+)\]"
    r"|\[(\d+)\]\[(\d+)\])"
)
_GRID = {"Z": "G", "Y": "G"}  # the output's entries lie on the upstream gradient's grid


def _outside_entry(sides: list[str], letters: dict[str, str], base: int, model) -> str | None:
    """The first entry at two numbered indices (under a letter of the layer's notation) that
    lies outside its tensor of ``model``, as written, or None."""
    tensors = model.layer.tensors
    for side in sides:
        for m in _PAIR.finditer(_plain(side)):
            role = letters.get(m.group(1))
            tag = _GRID.get(role or "", role)
            if tag not in tensors:
                continue
            grid = tensors[tag].ids[0, 0]
            r, c = (int(d) - base for d in m.groups()[1:] if d is not None)
            if grid.ndim == 2 and not (0 <= r < grid.shape[0] and 0 <= c < grid.shape[1]):
                return m.group(0)
    return None


def _in_layer_letters(sides: list[str], letters: dict[str, str]) -> bool:
    """Whether a side after the first names entries at numbered indices (``G_{0,0}\\,
    W_{1,1}``), every one under a letter the layer's notation reads.  Such a side is a
    formula in the layer's entries: the symbolic reader compares it with the entry's
    derivation for every value (naming a wrong factor's term) and each number after it at
    the notes' numbers (formula_then_number.py); read here as arithmetic, a wrong factor
    whose value happens to equal the right one's would pass.  Letters the notation does
    not read (``k_{11}`` of the given K) stay with the lookup below."""
    named = [m.group(1) for side in sides[1:] for m in _NUMBERED.finditer(_plain(side))]
    return bool(named) and all(letter in letters for letter in named)


def _plain(side: str) -> str:
    """``side`` without spacing commands and with ``\\mathbf{W}`` as ``W``."""
    return re.sub(_CALL, r"\1", _SPACES.sub("", side))


def _no_names(name: str) -> Fraction:
    raise NotUnderstood(f"{name} has no value in a worked example's arithmetic")


# G_12: row 1, column 2 (one digit each); G_{1,2} (_Entries' name of it)
_NAMED_ENTRY = re.compile(r"^([A-Za-z])_(?:(\d)(\d)|(\d+),(\d+))$")


class _Entries(Scalar):
    """Arithmetic whose names may be entries at two comma-separated numbers (``k_{2,1}``),
    passed to the lookup as ``k_2,1``."""

    def _factor(self, node: Factor) -> Fraction:
        pair = _number_pair(node.sub) if node.sup is None and not node.primes else None
        if isinstance(node.base, Sym) and len(node.base.name) == 1 and pair is not None:
            return self.lookup(f"{node.base.name}_{pair[0]},{pair[1]}")
        return super()._factor(node)


def _number_pair(sub) -> tuple[str, str] | None:
    """The two numbers of a subscript ``{2,1}``, else None."""
    body = sub.body if isinstance(sub, Group) and sub.kind == "brace" else None
    if not isinstance(body, Chain) or body.rels or len(body.sides) != 1:
        return None
    exprs = body.sides[0].exprs
    if len(exprs) != 2:
        return None
    out = []
    for expr in exprs:
        if len(expr.terms) != 1 or expr.terms[0][0] != "+" or len(expr.terms[0][1].items) != 1:
            return None
        item = expr.terms[0][1].items[0]
        if not isinstance(item, Num) or not item.text.isdigit():
            return None
        out.append(item.text)
    return out[0], out[1]


def _role(letter: str, letters: dict[str, str]) -> str | None:
    """The role of a letter of the example's arithmetic (k of the given K: "W")."""
    role = {"Z": None, "A": None}.get(letters.get(letter, ""), letters.get(letter))
    if letter not in letters and letter.upper() not in letters:
        from symconv.checker.worked_numbers import role_of

        role = role_of(letter.upper())  # k_{11} of the given K, which has no role letter
        role = None if role == "Y" else role
    return role


def _given_entries(given: dict, letters: dict[str, str], base: int):
    """Names in a worked example's arithmetic: ``G_{12} K_{11}`` are entries of the matrices
    the notes gave (the kernel under its own letter), at the notes' index base; ``k_{11}``,
    a lower-case letter the notes give no role of its own, is an entry of their K."""

    def lookup(name: str) -> Fraction:
        m = _NAMED_ENTRY.match(name)
        if m is None:
            return _no_names(name)
        role = _role(m.group(1), letters)
        if role not in given or role == "b":
            return _no_names(name)
        numbers = given[role][0]
        digits = [d for d in m.groups()[1:] if d is not None]
        r, c = int(digits[0]) - base, int(digits[1]) - base
        if not (0 <= r < len(numbers) and 0 <= c < len(numbers[0])):
            raise NotUnderstood(f"{name} is outside the notes' {role}")
        return Fraction(numbers[r][c])

    return lookup


# dL/db, \partial E/\partial b, db: the bias's gradient (one bias: a scalar)
_BIAS_GRADIENT = re.compile(
    r"^(?:\\[dt]?frac\{\\partial(?:\\mathcal\{)?[LEJC]\}?\}\{\\partialb\}"
    r"|\\partial(?:\\mathcal\{)?[LEJC]\}?/\\partialb|db|\\mathrm\{d\}b)$"
)


# \sum_{i,j} G[i,j], \sum_i \sum_j g_{ij}: every entry of one tensor added up (no bounds: all
# of them), the entry's indices the sums' own, in their order
_SUM_ALL = re.compile(
    r"^\\sum_(?:\{([a-z]),([a-z])\}|\{?([a-z])\}?\\sum_\{?([a-z])\}?)([A-Za-z])"
    r"(?:\[(\w),(\w)\]|\[(\w)\]\[(\w)\]|_\{(\w),?(\w)\}|_(\w)(\w))$"
)


def _sums_every_entry(side: str, named: set[str]) -> bool:
    """Whether ``side`` adds up every entry of the notes' G (``\\sum_{i,j} G[i,j]``) under
    a letter the statement that gave G's numbers ``named`` it by."""
    m = _SUM_ALL.match(_plain(side))
    if m is None:
        return False
    summed = [g for g in (m.group(1), m.group(2), m.group(3), m.group(4)) if g]
    entry = [g for g in m.groups()[5:] if g]
    return summed == entry and len(set(summed)) == 2 and m.group(5) in named


def _bias_chain(
    sides: list[str],
    given: dict,
    letters: dict[str, str],
    base: int,
    named: set[str] | frozenset[str] = frozenset(),
) -> dict:
    """``dL/db = 1 + 0 - 1 + ... = 4``, ``dL/db = \\sum_{i,j} G[i,j] = 3``: one bias added
    to every output, so its gradient is the sum of the upstream gradient's entries (the
    notes' G), whatever its shape.  A side that sums a tensor by its letter is that sum only
    where the letter is the one the notes gave G's numbers under (``named``): notes that call
    a later pool's dL/dP "G" give the convolution's dL/dZ under another name."""
    numbers, line = given["G"]
    truth = sum((v for row in numbers for v in row), Fraction(0))
    lookup = _given_entries(given, letters, base)
    claimed = []
    for side in sides[1:]:
        if _sums_every_entry(side, named):
            claimed.append(truth)  # the same sum, written with a summation sign
            continue
        summed = _SUM_ALL.match(_plain(side))
        if summed is not None:
            raise NotUnderstood(
                f"the side sums {summed.group(5)}, but the numbers of this layer's upstream "
                f"gradient (line {line}) are given under another name: whether "
                f"{summed.group(5)} is that tensor is not read"
            )
        try:
            claimed.append(_Entries(lookup).value(parse(side)))
        except NotUnderstood as exc:
            raise NotUnderstood(f"a worked example's arithmetic is not read: {exc}") from None
    where = f"the sum of the G of line {line} (these numbers only)"
    differ = [(k, v) for k, v in enumerate(claimed, start=2) if v != truth]
    if not differ:
        return finding(VERIFIED, f"every side is {json_number(truth)}: {where}")
    named = ", ".join(f"side {k} is {json_number(v)}" for k, v in differ)
    return finding(
        WRONG,
        f"{json_number(truth)}, not {json_number(differ[0][1])}: {named}, side 1 is "
        f"{json_number(truth)} ({where})",
    )


def _other_formula(sides, poly, model, given, letters, base, needs) -> list[int]:
    """The sides (numbered from 1) that name the given tensors' entries and are another
    formula than the entry's: each side and the entry are worked out again with the given
    tensors' entries set to other values (fixed large numbers, so that two different
    polynomials of the low degree a layer's entries make agree there by chance only with a
    probability near 0; the same numbers on every run)."""
    named = [k for k, side in enumerate(sides[1:], start=2) if _NUMBERED.search(_plain(side))]
    if not named:
        return []
    out: set[int] = set()
    for seed in (1, 2):
        other = {
            role: (
                [[_spread(seed, role, r, c) for c in range(len(m[0]))] for r in range(len(m))],
                at,
            )
            for role, (m, at) in given.items()
        }
        truth = Fraction(poly.value(_values(model, other, needs)))
        lookup = _given_entries(other, letters, base)
        out |= {k for k in named if _Entries(lookup).value(parse(sides[k - 1])) != truth}
    return sorted(out)


def _spread(seed: int, role: str, r: int, c: int) -> Fraction:
    """A fixed number for entry (r, c) of ``role``'s tensor, far from its neighbours'."""
    k = (seed * 7919 + "XWGb".find(role[0]) * 104729 + r * 1299709 + c * 15485863) % 2147483647
    return Fraction(k * 48271 % 2147483647 + 1)


def judge_value_chain(
    sides: list[str],
    model,
    given: dict,
    letters: dict[str, str],
    base: int,
    names: dict[str, set[str]] | None = None,
) -> dict | None:
    """The verdict of ``entry = arithmetic = ... = value`` at the numbers the notes gave
    (None: not such a chain); ``names``: role -> the names the statement giving its
    numbers wrote (worked_numbers.given_names)."""
    if len(sides) < 2 or not is_conv(model):
        return None
    if _BIAS_GRADIENT.match(_SPACES.sub("", sides[0])) and "G" in given:
        try:
            return _bias_chain(sides, given, letters, base, (names or {}).get("G", set()))
        except NotUnderstood:
            if all(_SYMBOLIC.search(side) and "\\partial" in side for side in sides[1:]):
                # dL/db = \sum_{i=1}^{4} \sum_{j=1}^{4} dL/dz_{ij}: a formula whose sums this
                # arithmetic does not read, in derivatives and no number: the symbolic reader
                # judges it for every G (a letter g, or a chain ending in the example's
                # number, stays this reader's: g may be another gradient than the layer's G,
                # a ReLU's upstream)
                return None
            raise
    found = _entry(sides[0], letters, base)
    if found is None:
        return None
    role, r, c = found
    if not any(k in given for k in ("X", "W")):
        return None  # no worked example: the claim is about symbols
    if any(_SYMBOLIC.search(side) for side in sides[1:]) or _in_layer_letters(sides, letters):
        outside = _outside_entry(sides[1:], letters, base, model)
        if outside is not None:
            # G[1,1] where the example's G is 1 x 1: the formula is about a larger layer
            # (another example, a dilated G, other indices) than the one the notes' numbers
            # set up, which the side's entry is no entry of; judged here, a right formula
            # would be wrong for an entry it never meant
            raise NotUnderstood(
                f"{outside} is outside the layer's tensor the worked example sets up (its "
                "entries at the notes' index base): the formula's layer is not read"
            )
        # \sum_{i,j} dL/dz_{ij} x_{i+1,j}: a formula in the layer's entries, not arithmetic
        # with the example's numbers: the symbolic reader judges it for every value
        return None
    grid = model.layer.tensors[_TAG[role]].ids[0, 0]
    if not (0 <= r < grid.shape[0] and 0 <= c < grid.shape[1]):
        raise NotUnderstood(f"the entry ({r + base}, {c + base}) is outside the layer's tensor")
    values = _values(model, given, _NEEDS[role])
    full = (0, 0, r, c)
    poly = model.forward(full) if role == "Y" else model.gradient(_TAG[role], full)
    truth = Fraction(poly.value(values))
    claimed = []
    lookup = _given_entries(given, letters, base)
    for side in sides[1:]:
        try:
            claimed.append(_Entries(lookup).value(parse(side)))
        except NotUnderstood as exc:
            raise NotUnderstood(f"a worked example's arithmetic is not read: {exc}") from None
    where = ", ".join(f"{k} of line {given[k][1]}" for k in _NEEDS[role] if k in given)
    differ = [(k, v) for k, v in enumerate(claimed, start=2) if v != truth]
    other = _other_formula(sides, poly, model, given, letters, base, _NEEDS[role])
    if other and not differ:  # g_{0,0} k_{1,1} where k_{0,0} is meant, of the same value
        count = len(sides)
        told = [
            f"side {k} of {count} differs: its entries make another formula than the "
            "entry's, whose value it has only at these numbers"
            for k in other
        ]
        told += [
            f"side {k} of {count} is not understood: a number after a formula that "
            "is not the entry's"
            for k in range(2, count + 1)
            if k not in other
        ]
        return finding(WRONG, "; ".join(told) + f" (the {where})")
    if not differ:
        return finding(
            VERIFIED,
            f"every side is {json_number(truth)}: the entry computed exactly at the {where} "
            "(these numbers only)",
        )
    named = ", ".join(f"side {k} is {json_number(v)}" for k, v in differ)
    return finding(
        WRONG,
        f"{json_number(truth)}, not {json_number(differ[0][1])}: {named}, side 1 is "
        f"{json_number(truth)} (the entry computed exactly at the {where}; these numbers only)",
    )
