"""A chain of matrix arithmetic on a worked example's numbers: "$X_1 \\star G_1 + X_2 \\star G_2
= \\begin{pmatrix} 2 & 0 \\\\ 1 & 1 \\end{pmatrix} + \\begin{pmatrix} 3 & 1 \\\\ 1 & 1
\\end{pmatrix} = \\begin{pmatrix} 5 & 1 \\\\ 2 & 2 \\end{pmatrix}$".

A side is computable when it is a sum of terms, each a matrix written out, a name the notes
gave as numbers above (:func:`.named_operators.given_matrix`), or two of them joined by
``\\star`` (the valid cross-correlation, as the checker reads \\star everywhere; not where the
notes define \\star as the true convolution), with an optional number in front.  Each
computable side is evaluated exactly (Fractions) and compared with the first computable one.

A first side that is not computable (``\\frac{\\partial L}{\\partial W}``, the layer's
gradient) is a claim about the layer the checker does not bind to these numbers here: its
link is not understood, and so is every link to a side that differs (which one is wrong is
not known without it); the links between computable sides that agree are verified.  When
the first side is computable, a side that differs from it is wrong.
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any

from symconv.checker.algebra import Arr, Poly, array
from symconv.checker.context import finding
from symconv.checker.counterexamples import json_number
from symconv.checker.im2col_numbers import flattened_value
from symconv.checker.limits import Budget, NotUnderstood
from symconv.checker.named_operators import given_matrix
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.sliding import slide
from symconv.checker.worked_forward import bound_value, given_column
from symconv.checker.worked_numbers import Matrix, _sides, matrix_of

_ENV = re.compile(r"\\begin\{([pbvBV]?matrix)\}.*?\\end\{\1\}", re.S)
_NAME = (  # X, \delta, \mathbf{G}, X_1, G_{n,f}, X_{\text{col}}: a name the notes may give numbers
    r"(?:\\(?:mathbf|boldsymbol|bm)\s*\{\s*)?(?:\\[A-Za-z]+|d[A-Z]|[A-Za-z])\s*\}?"
    r"(?:\s*_\s*(?:\{\s*\\(?:text|mathrm)\s*\{[A-Za-z]+\}\s*\}|\{[^{}]*\}|[A-Za-z0-9]))?"
)
_SCALE = r"(?:[-+]?\s*(?:\d+(?:\.\d+)?|\\[dt]?frac\s*\{\s*\d+\s*\}\s*\{\s*\d+\s*\}))"


def _valid_correlation(a: Matrix, k: Matrix) -> Matrix:
    """The valid cross-correlation of ``a`` with ``k``, through the closed-form nodes
    (sliding.slide): numbers as constant polynomials, read back exactly."""
    h, w, kh, kw = len(a), len(a[0]), len(k), len(k[0])
    if kh > h or kw > w:
        raise NotUnderstood("a correlation with a kernel larger than its input")

    def as_arr(m: Matrix) -> Arr:
        return Arr(array((len(m), len(m[0])), lambda ij: Poly.const(m[ij[0]][ij[1]])))

    out = slide(as_arr(a), as_arr(k), "correlation", "valid", Budget(), ordered=True)
    return [
        [Fraction(out.data[i, j].constant() or 0) for j in range(out.data.shape[1])]
        for i in range(out.data.shape[0])
    ]


class _Side:
    """One side read as terms; ``value`` is None where a name has no numbers."""

    def __init__(self, text: str, document: str, line: int) -> None:
        self.matrices: list[str] = []

        def hide(m: re.Match[str]) -> str:
            self.matrices.append(m.group(0))
            return f" @{len(self.matrices) - 1}@ "

        self.text = _ENV.sub(hide, text)
        self.document, self.line = document, line
        self.uses_names = False
        self.multiplies = False  # a product of factors (X^T G) was computed

    def operand(self, token: str) -> Matrix | None:
        token = token.strip()
        m = re.fullmatch(r"@(\d+)@", token)
        if m:
            return matrix_of(self.matrices[int(m.group(1))])
        if not re.fullmatch(_NAME, token):
            return None
        given = given_matrix(self.document, self.line, token) or given_column(
            self.document, self.line, token
        )
        if given is None:
            return None
        self.uses_names = True
        return given[1]

    def value(self) -> Matrix | None:
        text = re.sub(r"\\[,;:! ]|\\left|\\right", " ", self.text).strip()
        if not text or re.search(r"\\frac\s*\{\s*\\partial|\\partial|\\nabla", text):
            return None
        terms = re.split(r"(?<![{^_])\s*([+-])\s*(?![^{]*\})", text)
        total: Matrix | None = None
        sign = 1
        for piece in terms:
            if piece in ("+", "-"):
                sign = 1 if piece == "+" else -1
                continue
            if not piece.strip():
                continue
            term = self.term(piece)
            if term is None:
                return None
            scaled = [[sign * v for v in row] for row in term]
            if total is None:
                total = scaled
            elif len(total) != len(scaled) or len(total[0]) != len(scaled[0]):
                raise NotUnderstood("a sum of matrices of different sizes")
            else:
                total = [
                    [a + b for a, b in zip(r, s, strict=True)]
                    for r, s in zip(total, scaled, strict=True)
                ]
            sign = 1
        return total

    def term(self, piece: str) -> Matrix | None:
        scale = Fraction(1)
        lead = re.match(rf"^\s*({_SCALE})\s*(?:\\cdot)?\s*(?=[@\\A-Za-z])", piece)
        if lead is not None:
            scale = _number(lead.group(1))
            piece = piece[lead.end() :]
        if "\\otimes" in piece:  # G \otimes \mathbf{1}_{2\times 2}: each entry a block
            kron = self.kronecker(piece)
            return None if kron is None else [[scale * v for v in row] for row in kron]
        parts = re.split(r"\\star(?![A-Za-z])", piece)
        if len(parts) > 2:
            return None
        if len(parts) == 1 and _FACTOR.match(piece) and not _FACTOR.fullmatch(piece.strip()):
            product = self.product(piece)  # X^T G, G W^{\top}: a matrix product
            return None if product is None else [[scale * v for v in row] for row in product]
        operands = [o for o in (self.operand(p) for p in parts) if o is not None]
        if len(operands) != len(parts):
            return None
        value = operands[0] if len(operands) == 1 else _valid_correlation(operands[0], operands[1])
        return [[scale * v for v in row] for row in value]

    def kronecker(self, piece: str) -> Matrix | None:
        """``A \\otimes B`` of given or written matrices, ``\\mathbf{1}_{m\\times n}`` the
        all-ones block: entry (i m + k, j n + l) is A_ij B_kl."""
        parts = re.split(r"\\otimes(?![A-Za-z])", piece)
        if len(parts) != 2:
            return None
        a, b = (_ones(p) or self.operand(p) for p in parts)
        if a is None or b is None:
            return None
        self.multiplies = True
        return [
            [a[i][j] * b[k][col] for j in range(len(a[0])) for col in range(len(b[0]))]
            for i in range(len(a))
            for k in range(len(b))
        ]

    def product(self, piece: str) -> Matrix | None:
        """``X^{T} G`` or ``G \\cdot W^\\top``: the factors' product, each transposed where
        marked; None where a factor has no numbers, NotUnderstood where sizes do not fit."""
        value: Matrix | None = None
        rest = piece.strip()
        while rest:
            m = _FACTOR.match(rest)
            if m is None:
                return None
            operand = self.operand(m.group("name"))
            if operand is None:
                return None
            if m.group("t"):
                operand = [list(col) for col in zip(*operand, strict=True)]
            value = operand if value is None else _times(value, operand)
            rest = rest[m.end() :].strip()
        if value is not None:
            self.multiplies = True
        return value


# one factor of a product: a written matrix or a given name, "^{T}" / "^\top" for its
# transpose, joined to the next by juxtaposition or \cdot
_FACTOR = re.compile(
    r"\s*(?P<name>@\d+@|" + _NAME + r")\s*"
    r"(?P<t>\^\s*(?:\{\s*(?:T|\\top|\\intercal|\\mathsf\s*\{?\s*T\s*\}?)\s*\}"
    r"|T(?![A-Za-z])|\\top|\\intercal))?\s*(?:\\cdot\s*)?"
)


_ONES = re.compile(
    r"\s*(?:\\mathbf\s*\{\s*1\s*\}|\\mathbb\s*\{\s*1\s*\}|\\mathbf\s*1|\\mathbb\s*1|1)\s*"
    r"_\s*\{\s*(\d)\s*(?:\\times|,|x)\s*(\d)\s*\}\s*"
)


def _ones(token: str) -> Matrix | None:
    """The all-ones block ``\\mathbf{1}_{2\\times 2}``, or None."""
    m = _ONES.fullmatch(token)
    if m is None:
        return None
    return [[Fraction(1)] * int(m.group(2)) for _ in range(int(m.group(1)))]


def _times(a: Matrix, b: Matrix) -> Matrix:
    """The matrix product, exactly; a size mismatch is no verdict (the reading is off)."""
    if len(a[0]) != len(b):
        raise NotUnderstood("a product of matrices whose sizes do not fit")
    return [
        [sum((a[i][k] * b[k][j] for k in range(len(b))), Fraction(0)) for j in range(len(b[0]))]
        for i in range(len(a))
    ]


def _number(text: str) -> Fraction:
    text = re.sub(r"\s+", "", text)
    m = re.fullmatch(r"([-+]?)\\[dt]?frac\{(\d+)\}\{(\d+)\}", text)
    if m:
        value = Fraction(int(m.group(2)), int(m.group(3)))
        return -value if m.group(1) == "-" else value
    return Fraction(text)


def _show(m: Matrix) -> str:
    return "[" + "; ".join(" ".join(str(json_number(v)) for v in r) for r in m) + "]"


# "stride 2", "paso 2", "S = 2", "padding 1", "relleno 1", "P = 1": a layer whose \star may be
# the strided or padded correlation the notes' own layer computes, not the plain valid one
_NOT_PLAIN = re.compile(
    r"(?:stride|paso|passo|pas|step|\bS\s*=)\s*(?:de|of|=|:|\$)*\s*([2-9])"
    r"|(?:padding|pad|relleno|preenchimento|remplissage|\bP\s*=)\s*(?:de|of|=|:|\$)*\s*([1-9])",
    re.I,
)
# "\star denotes convolution", "⋆ é a convolução": \star is not the correlation here
_STAR_CONVOLUTION = re.compile(r"(?:\\star|⋆)\$?[^.$]{0,40}?\b(?:true\s+)?convol", re.I)


def plain_star(document: str, line: int) -> bool:
    """Whether the notes' \\star before ``line`` can be read as the plain valid correlation."""
    before = "\n".join(document.split("\n")[: line - 1])
    if _STAR_CONVOLUTION.search(before) and not re.search(
        r"(?:\\star|⋆)\$?[^.$]{0,40}?correla", before, re.I
    ):
        return False
    return _NOT_PLAIN.search(re.sub(r"\$\$.*?\$\$", " ", before, flags=re.S)) is None


def judge_matrix_arithmetic(
    text: str, document: str, line: int, star_is_conv: bool
) -> dict[str, Any] | None:
    """The verdict of a chain of computable matrix sides (None: fewer than two of them, or
    none that uses arithmetic or a given name)."""
    if "\\begin" not in text or "\\partial" in text.split("=", 1)[-1]:
        return None
    sides = _sides(text)
    if len(sides) < 2:
        return None
    read = [_Side(s, document, line) for s in sides]
    values = [r.value() for r in read]
    # dL/dW_1 = [..] after the notes wrote Y = X_1 \star W_1 + X_2 \star W_2 + b in given
    # names: the side is that forward's gradient at the numbers (worked_forward)
    bound = bound_value(sides[0], document, line) if values[0] is None else None
    flattened = False
    if bound is None and values[0] is None:  # vec(Y) = X_{col} k: Y's entries row by row
        flat = flattened_value(sides[0], document, line)
        shape = next((v for v in values[1:] if v is not None), None)
        if flat is not None and shape is not None and len(shape) * len(shape[0]) == len(flat[0]):
            width = len(shape[0])  # laid out as the side it is compared with: row or column
            rows = [flat[0][r * width : (r + 1) * width] for r in range(len(shape))]
            bound, flattened = (rows, flat[1]), True
    if bound is not None:
        values[0], read[0].uses_names = bound[0], True
    elif len(sides) == 2 and (values[0] is None or not read[0].multiplies):
        return None  # A = [numbers] alone: the readers of a layer's worked example
    computed = [k for k, v in enumerate(values) if v is not None]
    if len(computed) < 2 or computed != list(range(computed[0], len(sides))):
        return None
    if computed[0] > 1:
        return None
    if "\\star" in text and (star_is_conv or not plain_star(document, line)):
        raise NotUnderstood(
            "\\star between given matrices, but the notes' layer has a stride or padding, or "
            "\\star is their convolution: which correlation it is is not read"
        )
    if not any(read[k].uses_names or "+" in read[k].text or "-" in read[k].text for k in computed):
        return None
    n = len(sides)
    reference = values[computed[0]]
    assert reference is not None
    differ = []
    for k in computed[1:]:
        v = values[k]
        assert v is not None
        if len(v) != len(reference) or len(v[0]) != len(reference[0]) or v != reference:
            differ.append(k + 1)
    shown = _show(reference)
    derived = [k for k in differ if flattened and read[k - 1].uses_names]
    if derived:
        # dW_row = dY X_col^T = [..] where the notes' own X_col is off: the formula may be
        # right and a matrix it uses (X_col, W_row: numbers the notes derived) wrong
        raise NotUnderstood(
            f"side {derived[0]} of {n} differs from side 1 ({bound[1] if bound else ''}), but "
            "it multiplies matrices the notes derived themselves: whether its formula or "
            "their numbers are off is not read"
        )
    if computed[0] == 0:
        about = f"; side 1 is {bound[1]}, at the notes' numbers only" if bound else ""
        own = {"_own_numbers": True} if bound else {}  # no size of a guessed layer in it
        if not differ:
            return {**finding(VERIFIED, f"every side is {shown} (computed exactly){about}"), **own}
        named = "; ".join(f"side {k} of {n} differs" for k in differ)
        return {
            **finding(WRONG, f"{named} from the first side, {shown} (computed exactly){about}"),
            **own,
        }
    head = (
        f"side 1 of {n} is not understood: the layer's quantity is not bound to the "
        "example's numbers here"
    )
    if not differ:
        return finding(
            NOT_UNDERSTOOD, f"{head}; the other sides agree, each is {shown} (computed exactly)"
        )
    named = "; ".join(f"side {k} of {n} differs" for k in differ)
    return finding(
        NOT_UNDERSTOOD,
        f"{head}; {named} from side 2, which is {shown} (computed exactly); which of them "
        "is the layer's is not read",
    )
