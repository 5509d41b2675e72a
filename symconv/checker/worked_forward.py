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


def _scalar(m: Matrix) -> bool:
    return len(m) == 1 and len(m[0]) == 1


def upstream(document: str, line: int, output: str) -> Matrix | None:
    """G = dL/d(output) as the notes give it: a statement with a side ``dL/d<output>`` and
    numbers, or ``G = [numbers]`` where the notes define G as dL/d<output> in words' math."""
    given = _given(document, line)
    for _, (_, numbers, sides) in given.items():
        if any(_derivative_of(s) == output for s in sides):
            return numbers
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
