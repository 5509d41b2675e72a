"""A worked example whose forward the notes write out in the names they gave numbers:
"$Y = X_1 \\star W_1 + X_2 \\star W_2 + b$" after "$X_1 = [...]$, $W_1 = [...]$, ..., $b = 1$",
then "$G = \\partial L/\\partial Y = [...]$".  Such a forward defines the example's output and,
by the chain rule, the gradient of L with respect to every name in it, so a claim
"$\\frac{\\partial L}{\\partial W_1} = [...]$" (or ``Y = [...]``) is bound to numbers here.

Why the values hold: each term ``A \\star B`` is the valid cross-correlation
``(A \\star B)[i,j] = sum_{u,v} A[i+u, j+v] B[u,v]`` (the checker's reading of \\star, only where
:func:`.worked_arith.plain_star` allows it).  Y is linear in each operand, so with
``G = dL/dY``:

- ``dL/dB[u,v] = sum_{i,j} G[i,j] A[i+u, j+v]``, i.e. ``A \\star G``;
- ``dL/dA[p,q] = sum_{i,j} G[i,j] B[p-i, q-j]`` (B zero outside), i.e. the full correlation
  ``pad_{k-1}(G) \\star rot180(B)``;
- a name in several terms collects the sum of its terms' gradients; a bias adds to every
  output entry, so Y's entries each take it once.

All numbers are the notes' own, parsed as Fractions (never evaluated); the verdicts say they
are about these numbers only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from symconv.checker.literal_operators import apply_operator
from symconv.checker.worked_numbers import Matrix, _sides, matrix_of

_SPACES = re.compile(r"\\[,;:! ]|\\q?quad|\s+|\\left|\\right|\\displaystyle")
# a name the notes may give numbers: X_1, W_{2}, \mathbf{K}, G (as worked_arith._NAME)
_NAME = (
    r"(?:\\(?:mathbf|boldsymbol|bm)\{)?(?:\\[A-Za-z]+|[A-Za-z])\}?"
    r"(?:_(?:\{[^{}]*\}|[A-Za-z0-9]))?"
)
_TERM = re.compile(rf"(?P<a>{_NAME})\\star(?P<b>{_NAME})")
_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?")
# dL/dNAME as notes write it: \frac{\partial L}{\partial W_1}, \partial L/\partial W_1, dL/dW_1
_DERIVATIVE = re.compile(
    r"\\frac\{(?:\\partial|d)[LEJ]\}\{(?:\\partial|d)(?P<a>[^{}]*(?:\{[^{}]*\})?[^{}]*)\}"
    r"|(?:\\partial|d)[LEJ]/(?:\\partial|d)(?P<b>.+)"
)


def _key(text: str) -> str:
    """A name without spacing and typeface (``\\mathbf{X}_1`` is ``X_1``; ``X_{1}`` is too)."""
    text = _SPACES.sub("", text)
    text = re.sub(r"\\(?:mathbf|boldsymbol|bm)\{([^{}]*)\}", r"\1", text)
    return re.sub(r"_\{([A-Za-z0-9])\}", r"_\1", text)


@dataclass(frozen=True)
class Forward:
    """``output = sum_t A_t \\star B_t + bias`` at the notes' numbers."""

    output: str
    terms: tuple[tuple[str, str], ...]
    bias: Fraction
    given: dict[str, Matrix]
    line: int

    def value(self) -> Matrix:
        from symconv.checker.worked_arith import _valid_correlation

        total: Matrix | None = None
        for a, b in self.terms:
            part = _valid_correlation(self.given[a], self.given[b])
            if total is None:
                total = part
            elif (len(part), len(part[0])) != (len(total), len(total[0])):
                return []  # terms of different sizes: no forward we read
            else:
                total = [
                    [x + y for x, y in zip(r, s, strict=True)]
                    for r, s in zip(total, part, strict=True)
                ]
        assert total is not None
        return [[v + self.bias for v in row] for row in total]

    def gradient(self, name: str, g: Matrix) -> Matrix | None:
        """dL/d``name`` from G = dL/d(output), or None where ``name`` is no operand."""
        from symconv.checker.worked_arith import _valid_correlation

        total: Matrix | None = None
        for a, b in self.terms:
            parts: list[Matrix] = []
            if name == b:  # dL/dB = A \star G
                parts.append(_valid_correlation(self.given[a], g))
            if name == a:  # dL/dA = pad_{k-1}(G) \star rot180(B): every output A[p,q] feeds
                kernel = self.given[b]
                if len(kernel) != len(kernel[0]):
                    return None  # pad_{k-1} of a non-square kernel: not read here
                padded = apply_operator("pad", len(kernel) - 1, g, Fraction(0))
                flipped = apply_operator("rot180", None, kernel, Fraction(0))
                assert padded is not None and flipped is not None
                parts.append(_valid_correlation(padded, flipped))
            for part in parts:
                total = _add(total, part)
                if total is None:
                    return None
        return total


def _add(total: Matrix | None, part: Matrix) -> Matrix | None:
    """``total + part`` entry by entry (``part`` where there is no total yet); None where the
    sizes differ."""
    if total is None:
        return part
    if (len(part), len(part[0])) != (len(total), len(total[0])):
        return None
    return [[x + y for x, y in zip(r, s, strict=True)] for r, s in zip(total, part, strict=True)]


def _given(document: str, line: int) -> dict[str, tuple[int, Matrix, list[str]]]:
    """Every ``NAME = ... = [numbers]`` before ``line``: key -> (line, numbers, its sides)."""
    from symconv.checker.extract import scan
    from symconv.checker.split import statements

    out: dict[str, tuple[int, Matrix, list[str]]] = {}
    for event in scan(document):
        if event.kind != "math" or event.line >= line:
            continue
        for piece in statements(event.text):
            sides = _sides(piece.text)
            if len(sides) < 2:
                continue
            numbers = matrix_of(sides[-1].strip())
            if numbers is None:
                m = _NUMBER.fullmatch(_key(sides[-1]).rstrip(".,;"))
                numbers = [[Fraction(m.group(0))]] if m else None
            if numbers is not None:
                at = event.line + event.text[: piece.offset].count("\n")
                out[_key(sides[0])] = (at, numbers, [_key(s) for s in sides[:-1]])
    return out


def written_forward(document: str, line: int) -> Forward | None:
    """The latest forward before ``line`` written as ``Y = A \\star B + ... (+ b)`` with every
    operand a name given as numbers (and b a given number or a number), else None."""
    from symconv.checker.extract import scan
    from symconv.checker.split import statements

    given = _given(document, line)
    found: Forward | None = None
    for event in scan(document):
        if event.kind != "math" or event.line >= line:
            continue
        for piece in statements(event.text):
            sides = _sides(piece.text)
            if len(sides) != 2:
                continue
            output, body = _key(sides[0]), _key(sides[1]).rstrip(".,;")
            if not re.fullmatch(r"[A-Za-z]", output):
                continue
            terms: list[tuple[str, str]] = []
            bias = Fraction(0)
            ok = True
            for k, token in enumerate(re.split(r"\+", body)):
                term = _TERM.fullmatch(token)
                if term is not None:
                    a, b = term.group("a"), term.group("b")
                    if a not in given or b not in given:
                        ok = False
                        break
                    terms.append((a, b))
                elif k > 0 and _NUMBER.fullmatch(token):
                    bias += Fraction(token)
                elif (
                    k > 0
                    and token in given
                    and given[token][1]
                    and len(given[token][1]) == 1
                    and len(given[token][1][0]) == 1
                ):
                    bias += given[token][1][0][0]
                else:
                    ok = False
                    break
            if not ok or not terms:
                continue
            at = event.line + event.text[: piece.offset].count("\n")
            names = {n for t in terms for n in t}
            found = Forward(output, tuple(terms), bias, {n: given[n][1] for n in names}, at)
    return found


_COLUMN = re.compile(r"^(?P<list>\(.*\))\^(?:\{(?:T|\\top)\}|T|\\top)$")


def given_column(document: str, line: int, name: str) -> tuple[int, Matrix] | None:
    """(line, numbers) of the latest ``name = ... = (a, b, c)^\\top`` before ``line``: a
    column, as the transpose of the row the tuple is (``\\mathbf{k} = (1, 0, -1, 2)^\\top``)."""
    from symconv.checker.named_operators import given_matrix

    return given_matrix(document, line, name, read=_column_of)


def _column_of(text: str) -> Matrix | None:
    from symconv.checker.worked_vectors import vector_of

    m = _COLUMN.match(_key(text).rstrip(".,;"))
    row = vector_of(m.group("list")) if m else None
    return None if row is None else [[v] for v in row[0]]


def _scalar(m: Matrix) -> bool:
    return len(m) == 1 and len(m[0]) == 1


def upstream(document: str, line: int, output: str) -> Matrix | None:
    """G = dL/d(output) as the notes give it: a statement with a side ``dL/d<output>`` and
    numbers, or ``G = [numbers]`` where the notes define G as dL/d<output> in words' math."""
    given = _given(document, line)
    found = [
        numbers
        for _, (_, numbers, sides) in given.items()
        if any(_derivative_of(s) == output for s in sides)
        # every side a name or the derivative: "dE/dY = Y - T = [..]" is a claim, not G given
        and all(_derivative_of(s) is not None or re.fullmatch(_NAME, s) for s in sides)
    ]
    if found:
        return found[0] if all(f == found[0] for f in found) else None
    flat = _key(document)
    for name in ("G", "g", "\\delta", "dY"):
        if name in given and re.search(
            rf"(?<![A-Za-z\\]){re.escape(name)}=(?:\\frac\{{\\partialL\}}\{{\\partial{output}\}}"
            rf"|\\partialL/\\partial{output}(?![A-Za-z_]))",
            flat,
        ):
            return given[name][1]
    return None


def _derivative_of(side: str) -> str | None:
    m = _DERIVATIVE.fullmatch(_key(side))
    if m is None:
        return None
    return _key(m.group("a") or m.group("b") or "")


def bound_value(side: str, document: str, line: int) -> tuple[Matrix, str] | None:
    """The numbers of a side that is the written forward's output or dL/d of one of its
    operands, with what it is; None where the side is neither, or G is not given."""
    from symconv.checker.worked_arith import plain_star

    if not plain_star(document, line):
        return None  # \star may be the notes' strided, padded or flipped one
    forward = written_forward(document, line)
    if forward is None:
        return None
    key = _key(side).rstrip(".,;")
    if key == forward.output:
        value = forward.value()
        return (value, f"the output of line {forward.line}") if value else None
    name = _derivative_of(side)
    if name is None or name not in forward.given:
        return None
    g = upstream(document, line, forward.output)
    shape = forward.value()
    if g is None or not shape or (len(g), len(g[0])) != (len(shape), len(shape[0])):
        return None  # G not given, or not of the output's shape: another example's
    value = forward.gradient(name, g)
    if value is None:
        return None
    return value, f"dL/d{name} of the forward of line {forward.line}"


# NAME[1,0], NAME_{1,0}, NAME[1][0] of a given matrix NAME (X_1, W_{2}, G, \mathbf{K})
_ENTRY_REF = re.compile(
    r"(?P<name>(?:\\mathbf\{[A-Za-z]\}|\\[A-Za-z]+|[A-Za-z])(?:_\{?[0-9]\}?)?)"
    r"(?:\[(?P<r1>\d+),(?P<c1>\d+)\]|\[(?P<r2>\d+)\]\[(?P<c2>\d+)\]|_\{(?P<r3>\d+),(?P<c3>\d+)\})"
)
# \sum_{i,j} G[i,j]: every entry of a given matrix added up
_SUM_ALL = re.compile(
    r"\\sum_\{?([a-z]),([a-z])\}?"
    r"(?P<name>(?:\\mathbf\{[A-Za-z]\}|\\[A-Za-z]+|[A-Za-z])(?:_\{?[0-9]\}?)?)"
    r"(?:\[\1,\2\]|_\{\1,?\2\})"
)


def _spread(seed: int, name: str, r: int, c: int) -> Fraction:
    """A fixed large number for entry (r, c) of ``name``: two different polynomials of the
    low degree a worked entry has agree at such numbers by chance only with a probability
    near 0 (as worked_chain's check of a formula side; the same numbers on every run)."""
    k = (seed * 7919 + sum(map(ord, name)) * 104729 + r * 1299709 + c * 15485863) % 2147483647
    return Fraction(k * 48271 % 2147483647 + 1)


class _Entry:
    """Side 1 of an entry claim: Y[r,c], dL/dA[r,c] of an operand A, or dL/db."""

    def __init__(self, forward: Forward, g_name: str, kind: str, name: str, r: int, c: int):
        self.forward, self.g_name = forward, g_name
        self.kind, self.name, self.r, self.c = kind, name, r, c

    def value(self, given: dict[str, Matrix]) -> Fraction | None:
        """The entry with the matrices ``given`` (the forward's operands and G by name)."""
        forward = Forward(
            self.forward.output,
            self.forward.terms,
            given.get("\x00bias", [[self.forward.bias]])[0][0],
            {n: given[n] for n in self.forward.given},
            self.forward.line,
        )
        if self.kind == "bias":
            return sum((v for row in given[self.g_name] for v in row), Fraction(0))
        if self.kind == "output":
            m: Matrix | None = forward.value()
        else:
            m = forward.gradient(self.name, given[self.g_name])
        if not m or not (0 <= self.r < len(m) and 0 <= self.c < len(m[0])):
            return None
        return m[self.r][self.c]


def _entry_of(side: str, forward: Forward, bias_name: str | None, base: int):
    """(kind, name, r, c) of side 1, or None."""
    key = _key(side).rstrip(".,;")
    d = _derivative_of(side)
    if d is not None and bias_name is not None and d == bias_name:
        return "bias", d, 0, 0
    target = d if d is not None else key
    m = _ENTRY_REF.fullmatch(target)
    if m is None:
        return None
    name = _key(m.group("name"))
    r = int(m.group("r1") or m.group("r2") or m.group("r3")) - base
    c = int(m.group("c1") or m.group("c2") or m.group("c3")) - base
    if d is None and name == forward.output:
        return "output", name, r, c
    if d is not None and name in forward.given:
        return "operand", name, r, c
    return None


def _put_in(side: str, given: dict[str, Matrix], base: int) -> tuple[str, bool] | None:
    """The side with every entry of a given matrix replaced by its number (in parentheses),
    and whether it named any; None where an entry lies outside its matrix."""
    text = _key(side)
    named = False

    def total(m: re.Match[str]) -> str:
        nonlocal named
        name = _key(m.group("name"))
        if name not in given:
            return m.group(0)
        named = True
        return f"({sum((v for row in given[name] for v in row), Fraction(0))})"

    text = _SUM_ALL.sub(total, text)
    outside = False

    def entry(m: re.Match[str]) -> str:
        nonlocal named, outside
        name = _key(m.group("name"))
        if name not in given:
            return m.group(0)
        r = int(m.group("r1") or m.group("r2") or m.group("r3")) - base
        c = int(m.group("c1") or m.group("c2") or m.group("c3")) - base
        if not (0 <= r < len(given[name]) and 0 <= c < len(given[name][0])):
            outside = True
            return m.group(0)
        named = True
        v = given[name][r][c]
        return f"({v.numerator}/{v.denominator})" if v.denominator != 1 else f"({v})"

    text = _ENTRY_REF.sub(entry, text)
    return None if outside else (text, named)


def _evaluate(text: str) -> Fraction | None:
    from symconv.checker.limits import NotUnderstood, no_value
    from symconv.checker.scalar import Scalar
    from symconv.checker.syntax import parse

    try:
        return Scalar(no_value).value(parse(text))
    except (NotUnderstood, ZeroDivisionError, ValueError, IndexError, RecursionError):
        return None


def judge_forward_entry(text: str, document: str, line: int, base: int) -> dict | None:
    """The verdict of an entry claim under the forward the notes wrote (:func:`_judged`), at
    the index base the notes state in words, else at the one the claim's indices allow:
    where both bases fit them and the verdicts differ, none (``base``, the section's reading,
    may be a guess from the smallest index written, guessed_base.py)."""
    from symconv.checker.prose import BASE

    said = list(BASE.finditer("\n".join(document.split("\n")[: line - 1])))
    if said:  # "indices from 0", "índices desde 1": the notes' own base, in words
        return _judged(text, document, line, 0 if said[-1].group("zero") else 1)
    found = {b: _judged(text, document, line, b) for b in (0, 1)}
    fits = {b: v for b, v in found.items() if v is not None}
    if len(fits) == 2 and fits[0]["status"] != fits[1]["status"]:
        return None
    return fits.get(base) or next(iter(fits.values()), None)


def _judged(text: str, document: str, line: int, base: int) -> dict | None:
    """The verdict of ``Y[0,0] = ... = 5``, ``dL/dX_1[1,1] = G[0,0] W_1[1,1] + ... = 1`` or
    ``dL/db = \\sum_{i,j} G[i,j] = ... = 2`` under the forward the notes wrote in given names
    (None: no such claim).  A side naming entries of the given matrices is a formula: it must
    be the entry's own polynomial (checked at two other sets of numbers), not only agree at
    the notes' numbers; a side of plain numbers is arithmetic at them."""
    from symconv.checker.context import finding
    from symconv.checker.counterexamples import json_number
    from symconv.checker.report import VERIFIED, WRONG
    from symconv.checker.worked_arith import plain_star

    sides = _sides(text)
    if len(sides) < 2 or "\\begin" in text or not plain_star(document, line):
        return None
    forward = written_forward(document, line)
    if forward is None:
        return None
    g = upstream(document, line, forward.output)
    g_name = next((n for n in ("G", "g", "\\delta", "dY") if n in _given(document, line)), None)
    given = _given(document, line)
    bias_name = next(
        (t for t in _bias_names(document, forward.line) if t in given and _scalar(given[t][1])),
        None,
    )
    spot = _entry_of(sides[0], forward, bias_name, base)
    if spot is None:
        return None
    if spot[0] == "output":  # Y's entries need no G (given after them, or never)
        g, g_name = None, "\x00G"
    elif g is None or g_name is None or given[g_name][1] != g:
        return None
    entry = _Entry(forward, g_name, *spot)
    actual = {**forward.given} if g is None else {**forward.given, g_name: g}
    if bias_name is not None:
        actual[bias_name] = given[bias_name][1]
    truth = entry.value(actual)
    if truth is None:
        return None
    values: list[Fraction] = []
    formulas: list[int] = []
    for k, side in enumerate(sides[1:], start=2):
        put = _put_in(side, actual, base)
        value = _evaluate(put[0]) if put is not None else None
        if put is None or value is None:
            return None  # a side not read: no verdict here
        values.append(value)
        if put[1]:
            formulas.append(k)
    other_formula = set()
    for seed in (1, 2):
        other = {
            n: [[_spread(seed, n, r, c) for c in range(len(m[0]))] for r in range(len(m))]
            for n, m in actual.items()
        }
        if bias_name is not None:
            other["\x00bias"] = other[bias_name]
        other_truth = entry.value(other)
        for k in formulas:
            put = _put_in(sides[k - 1], other, base)
            if put is None or _evaluate(put[0]) != other_truth:
                other_formula.add(k)
    if any(values[k - 2] == truth for k in other_formula):
        return None  # another formula that happens to give the entry's value here
    where = f"the entry computed exactly under the forward of line {forward.line}"
    differ = [(k, v) for k, v in enumerate(values, start=2) if v != truth]
    if not differ:
        found = finding(
            VERIFIED, f"every side is {json_number(truth)}: {where} (these numbers only)"
        )
    else:
        named = ", ".join(f"side {k} is {json_number(v)}" for k, v in differ)
        found = finding(
            WRONG,
            f"{json_number(truth)}, not {json_number(differ[0][1])}: {named}, side 1 is "
            f"{json_number(truth)} ({where}; these numbers only)",
        )
    # computed from the notes' matrices alone: no size of a guessed layer is in it
    return {**found, "_own_numbers": True}


def _bias_names(document: str, line: int) -> list[str]:
    """The names added in the forward written at ``line`` (its bias term's name)."""
    from symconv.checker.extract import scan
    from symconv.checker.split import statements

    for event in scan(document):
        if event.kind != "math":
            continue
        for piece in statements(event.text):
            at = event.line + event.text[: piece.offset].count("\n")
            sides = _sides(piece.text)
            if at == line and len(sides) == 2:
                return [t for t in _key(sides[1]).rstrip(".,;").split("+") if "\\star" not in t]
    return []


# \operatorname{pad}_1(...), \operatorname{rot}_{180}(...), \mathrm{dilate}_2(...) around a name
_OPERATOR = re.compile(
    r"^\\(?:operatorname|mathrm|text)\{(?P<op>dilate|dil|pad|rot|rot180|flip)\}"
    r"(?:_\{?(?P<n>\d+)\}?)?\((?P<inner>.+)\)$"
)


def _matrix_expr(text: str, values: dict[str, Matrix]) -> Matrix | None:
    """The value of a sum of ``A \\star B`` terms whose operands are names in ``values``,
    each inside pad_n / rot_180 / dilate_n as written; None where anything else is written
    (the keyed text: no spaces, no \\left / \\right)."""
    from symconv.checker.worked_arith import _valid_correlation

    total: Matrix | None = None
    for term in text.split("+"):
        parts = term.split("\\star")
        operands = [_operand(p, values) for p in parts]
        if len(parts) > 2 or any(o is None for o in operands):
            return None
        first = operands[0]
        assert first is not None
        if len(operands) == 2:
            second = operands[1]
            assert second is not None
            if len(second) > len(first) or len(second[0]) > len(first[0]):
                return None  # a kernel larger than its input: no valid correlation
            first = _valid_correlation(first, second)
        total = _add(total, first)
        if total is None:
            return None
    return total


def _operand(text: str, values: dict[str, Matrix]) -> Matrix | None:
    if text in values:
        return values[text]
    m = _OPERATOR.match(text)
    if m is None:
        return None
    inner = _operand(m.group("inner"), values)
    n = int(m.group("n")) if m.group("n") else None
    if inner is None:
        return None
    op = m.group("op")
    if op == "rot" and n != 180:
        return None
    return apply_operator(op, n, inner, Fraction(0))


def judge_channel_formula(text: str, document: str, line: int) -> dict | None:
    """``\\frac{\\partial L}{\\partial X_c} = \\operatorname{pad}_1(G) \\star
    \\operatorname{rot}_{180}(W_c)`` under a forward the notes wrote in numbered names
    (``Y = X_1 \\star W_1 + X_2 \\star W_2 + b``): the formula is read for each channel c the
    family has, and compared with the forward's gradient at the notes' numbers and at two other
    sets of numbers of the same shapes (a formula holds for all numbers, not only these).
    None where the claim is no such formula."""
    from symconv.checker.context import finding
    from symconv.checker.report import VERIFIED, WRONG
    from symconv.checker.worked_arith import _show, plain_star

    sides = _sides(text)
    if len(sides) != 2 or "\\begin" in text or not plain_star(document, line):
        return None
    target = _derivative_of(sides[0])
    letter = re.fullmatch(r"([A-Za-z])_([a-z])", target or "")
    if letter is None:
        return None
    forward = written_forward(document, line)
    if forward is None:
        return None
    index = letter.group(2)
    family = sorted(
        n[len(letter.group(1)) + 1 :]
        for n in forward.given
        if re.fullmatch(rf"{letter.group(1)}_\d", n)
    )
    g = upstream(document, line, forward.output)
    given = _given(document, line)
    g_name = next((n for n in ("G", "g", "\\delta", "dY") if n in given), None)
    if len(family) < 2 or g is None or g_name is None or given[g_name][1] != g:
        return None
    body = _key(sides[1]).rstrip(".,;")
    named = re.compile(rf"(?<=[A-Za-z])_{index}(?![A-Za-z0-9])|(?<=[A-Za-z])_\{{{index}\}}")
    shapes = {**forward.given, g_name: g}
    for seed in (0, 1, 2):
        values = (
            shapes
            if seed == 0
            else {
                n: [[_spread(seed, n, r, c) for c in range(len(m[0]))] for r in range(len(m))]
                for n, m in shapes.items()
            }
        )
        numbers = Forward(forward.output, forward.terms, forward.bias, values, forward.line)
        for c in family:
            truth = numbers.gradient(f"{letter.group(1)}_{c}", values[g_name])
            claimed = _matrix_expr(named.sub(f"_{c}", body), values)
            if truth is None or claimed is None:
                return None
            if claimed != truth:
                at = "the notes' numbers" if seed == 0 else "other numbers of the same shapes"
                shape = (
                    f"a {len(claimed)}x{len(claimed[0])} matrix where dL/d"
                    f"{letter.group(1)}_{c} is {len(truth)}x{len(truth[0])}"
                    if (len(claimed), len(claimed[0])) != (len(truth), len(truth[0]))
                    else f"{_show(claimed)}, not {_show(truth)}"
                )
                return {
                    **finding(
                        WRONG,
                        f"at {index} = {c} the right side is {shape}, at {at} (the gradient "
                        f"of the forward of line {forward.line})",
                    ),
                    "_own_numbers": True,
                }
    return {
        **finding(
            VERIFIED,
            f"for {index} = {', '.join(family)}: the gradient of the forward of line "
            f"{forward.line}, at the notes' numbers and at two other sets of numbers of their "
            "shapes",
        ),
        "_own_numbers": True,
    }
