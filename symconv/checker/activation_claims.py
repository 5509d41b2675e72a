"""Claims about an activation applied entry by entry, in notes about one layer:
``\\sigma'(z) = \\sigma(z)(1 - \\sigma(z))``, ``\\operatorname{ReLU}'(z) = \\begin{cases} 1 & z > 0
\\\\ 0 & z < 0 \\end{cases}``, ``dZ = dA \\odot \\mathbb{1}[Z > 0]``,
``dz = da \\odot a \\odot (1 - a)``, ``\\delta = \\nabla_z L = \\nabla_a L \\odot \\sigma'(z)``.

Each side becomes a SymPy expression in one scalar ``z`` (every entry of Z) and ``g`` (the
upstream gradient dL/dA at that entry): the gradient with respect to z stands for its truth,
``g f'(z)``, with f the activation; ``a`` stands for f(z).  Which activation f is depends on
the notes, and only the function named in the prose nearest before the claim (``sigmoid``,
``ReLU``, ``tanh``, or the notes' own ``a = \\operatorname{ReLU}(z)``) decides it; a claim
about the derivative of a named function (``\\sigma'(z) = ...``) needs none.  Sides equal by
SymPy are verified; a difference at a sample point (for ReLU: points on both sides of 0, as
close as 10^-9) is wrong; anything else is not understood.  Parsed, never eval'ed.
"""

from __future__ import annotations

import re

import sympy

from symconv.checker.context import finding
from symconv.checker.entrywise import overlapping_conditions
from symconv.checker.layer_activation import _Parser, _split, z
from symconv.checker.limits import NotUnderstood
from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.sign_slip import sign_slip
from symconv.ops.pointwise import activation_function

g = sympy.Symbol("g", real=True)
_KINDS = {
    "sigmoid": "sigmoid",
    "sigmoide": "sigmoid",
    "logistic": "sigmoid",
    "logística": "sigmoid",
    "logistica": "sigmoid",
    "relu": "relu",
    "tanh": "tanh",
}
_NAMED = re.compile(
    r"(?<![A-Za-z])(sigmoide?|logistic|log[íi]stica|relu|tanh)(?![A-Za-z])", re.IGNORECASE
)
_WRAP = re.compile(r"\\(?:boldsymbol|mathbf|bm|vec)\s*\{\s*(\\?[A-Za-z]+)\s*\}")
_MARK = re.compile(r"\^\s*(?:\{\s*[\[(]?\s*l\s*[\])]?\s*\}|l\b)")
_INDICATOR = re.compile(
    r"\\(?:mathbb|mathbf|boldsymbol|bm)\s*\{\s*1\s*\}\s*(?:_\s*)?(?:\\left\s*)?(?:\[|\\\{|\{|\()\s*"
    r"([zZ])\s*>\s*0\s*(?:\\right\s*)?(?:\]|\\\}|\}|\))"
)
_PRIME = re.compile(
    r"(\\sigma|\\tanh|\\operatorname\s*\{\s*ReLU\s*\}|\\text\s*\{\s*ReLU\s*\}|"
    r"\\mathrm\s*\{\s*ReLU\s*\}|ReLU)\s*'\s*(?=\()"
)
_GRAD_Z = re.compile(
    r"\\delta|\\nabla\s*_\s*\{?\s*[zZ]\s*\}?\s*(?:L|\\mathcal\s*\{\s*L\s*\})"
    r"|\\frac\s*\{\s*\\partial\s*L\s*\}\s*\{\s*\\partial\s*[zZ]\s*\}|\bd[zZ]\b"
    r"|\\partial\s*L\s*/\s*\\partial\s*[zZ](?![A-Za-z])"  # \partial L / \partial z
)
_GRAD_A = re.compile(
    r"\\nabla\s*_\s*\{?\s*[aA]\s*\}?\s*(?:L|\\mathcal\s*\{\s*L\s*\})"
    r"|\\frac\s*\{\s*\\partial\s*L\s*\}\s*\{\s*\\partial\s*[aA]\s*\}|\bd[aA]\b"
    r"|\\partial\s*L\s*/\s*\\partial\s*[aA](?![A-Za-z])"
)
_SAMPLES = [sympy.Rational(n, 4) for n in range(-12, 13) if n] + [
    sympy.Rational(1, 10**9),
    sympy.Rational(-1, 10**9),
]
_DERIVATIVE = re.compile(r"\s*(\\sigma|\\tanh|ReLU)\s*'\s*\(\s*[zZ]\s*\)\s*")
# da/dz: the local derivative of the activation's output a with respect to its input z
_LOCAL = re.compile(
    r"\s*(?:\\d?frac\s*\{\s*(?:\\partial|d)\s*a\s*\}\s*\{\s*(?:\\partial|d)\s*z\s*\}|"
    r"(?:\\partial|d)\s*a\s*/\s*(?:\\partial|d)\s*z)\s*"
)


class _Reader(_Parser):
    """The layer-activation parser with ``g`` (dL/dA), ``Q`` (dL/dZ), the step function
    and the derivatives σ', tanh', ReLU' as functions, and σ always the logistic sigmoid."""

    def __init__(self, text: str, kind: str | None) -> None:
        super().__init__(text, kind or "none", "")
        self.activation = kind

    def atom(self) -> sympy.Expr:
        token = self.peek()
        if token == "g":
            self.take()
            return g
        if token == "Q":
            self.take()
            if self.activation is None:
                raise NotUnderstood("activation claim: the notes do not say which activation")
            return g * sympy.diff(activation_function(self.activation, z), z)
        if token == "A" and self.activation is None:
            raise NotUnderstood("activation claim: the notes do not say which activation")
        return super().atom()

    def term(self) -> sympy.Expr:
        value = self.power()
        while self.peek() not in (None, "+", "-", ")", "}", ","):
            if self.peek() in ("\\cdot", "\\times", "\\odot"):
                self.take()
            value *= self.power()
        return value

    def _apply(self, name: str, arg: sympy.Expr) -> sympy.Expr:
        if name == "sigma":
            return activation_function("sigmoid", arg)
        derivatives = {"dsigma": "sigmoid", "dtanh": "tanh", "drelu": "relu"}
        if name in derivatives:
            return sympy.diff(activation_function(derivatives[name], z), z).subs(z, arg)
        if name == "step":
            return sympy.Heaviside(arg, 0)
        return super()._apply(name, arg)


_INSTEAD = re.compile(
    r"\b(?:instead of|rather than|en vez de|en lugar de)\s+(?:la\s+|una\s+|a\s+|the\s+)?"
    r"\$?\\?(?:operatorname\s*\{\s*)?[A-Za-z]+",
    re.IGNORECASE,
)


# "$a = \\sigma(z)$": the notes' activation is sigma, the logistic sigmoid (as everywhere in
# this reader), unless their words make sigma a generic one ("sigma is any activation")
_SIGMA_DEFINED = re.compile(
    r"(?<![A-Za-z\\])[aA]\s*=\s*\\sigma\s*(?:\\left\s*)?\(\s*[zZ]\s*(?:\\right\s*)?\)"
)
_SIGMA_GENERIC = re.compile(
    r"\\sigma\$?\s*(?:is|be|denotes|stands for)\s+(?:an?|any|some|the)\s+(?:\w+\s+)?"
    r"(?:activation|non-?linearity)|(?:activation(?: function)?|non-?linearity)\s*\$\s*\\sigma",
    re.IGNORECASE,
)


# "$A = \\max(Z, 0)$", "$a = \\max(0, z)$": the definition of ReLU, written out
_MAX_DEFINED = re.compile(
    r"(?<![A-Za-z\\])[aA]\s*=\s*\\max\s*(?:\\left\s*)?\(\s*(?:0\s*,\s*[zZ]|[zZ]\s*,\s*0)\s*"
    r"(?:\\right\s*)?\)"
)


def activation_named_before(text: str) -> str | None:
    """The activation the prose (or a definition) names last in ``text``."""
    text = _INSTEAD.sub(" ", text)  # "tanh en vez de ReLU": tanh
    found = [(m.start(), _KINDS[m.group(1).lower()]) for m in _NAMED.finditer(text)]
    found += [(m.start(), "relu") for m in _MAX_DEFINED.finditer(text)]
    if not _SIGMA_GENERIC.search(text):
        found += [(m.start(), "sigmoid") for m in _SIGMA_DEFINED.finditer(text)]
    return max(found)[1] if found else None


def _normalise(text: str) -> str:
    text = re.sub(r"\\[Bb]igg?[lr]?(?![A-Za-z])", " ", text)  # \big( ... \big): sizing only
    text = _WRAP.sub(r"\1", text)
    text = _MARK.sub("", text)
    text = _INDICATOR.sub(r"\\operatorname{step}(\1)", text)
    text = _PRIME.sub(
        lambda m: (
            "\\operatorname{d"
            + ("sigma" if "sigma" in m.group(1) else "tanh" if "tanh" in m.group(1) else "relu")
            + "}"
        ),
        text,
    )
    text = _GRAD_Z.sub(" Q ", text)
    text = _GRAD_A.sub(" g ", text)
    text = re.sub(r"(?<![A-Za-z\\])z(?![A-Za-z])", "Z", text)
    return re.sub(r"(?<![A-Za-z\\])a(?![A-Za-z])", "A", text)


# Z_2, A_{3}, z_1: the pre-activation and the activation of a numbered layer
_NUMBERED = re.compile(r"(?<![A-Za-z\\])([zZaA])_(?:\{\s*(\d)\s*\}|(\d)(?!\d))")


def _one_layer(text: str) -> str:
    r"""``text`` with the layer number taken off its z's and a's where every z and a of it
    carries the same one (``dL/dZ_2 = dL/dA_2 \odot 1[Z_2 > 0]``): the claim is then about
    one layer's a = f(z), which is what the reader judges.  Mixed numbers (``dL/dZ_2 =
    dL/dA_1 ...``: two layers) or a z or a with another subscript are left as written (the
    reader then does not read them)."""
    numbers = {m.group(2) or m.group(3) for m in _NUMBERED.finditer(text)}
    others = re.search(r"(?<![A-Za-z\\])[zZaA]_(?!\{?\s*\d)", text)
    if len(numbers) != 1 or others is not None:
        return text
    return _NUMBERED.sub(r"\1", text)


def judge_activation_claim(text: str, kind: str | None) -> dict | None:
    """The verdict, or None when the text is not such a claim (it must name the gradient
    with respect to z or the derivative of an activation on its left side)."""
    text = _one_layer(text)
    sides = _split(text, "=")
    if len(sides) < 2:
        return None
    derivative = _DERIVATIVE.fullmatch(_normalise_prime_name(sides[0]))
    if derivative is None and kind is not None and _LOCAL.fullmatch(sides[0]):
        # \frac{\partial a}{\partial z} of "a = \max(0, z)": the named activation's f'(z)
        values = [sympy.diff(activation_function(kind, z), z)]
        return _compare(values + [_value(s, kind) for s in sides[1:]], kind)
    normal = [_normalise(s) for s in sides]
    if derivative is None and not (
        normal[0].strip() == "Q"
        and any(re.search(r"(?<![A-Za-z])g(?![A-Za-z])", s) for s in normal[1:])
    ):
        return None
    if derivative is not None:
        kind = {"\\sigma": "sigmoid", "\\tanh": "tanh", "ReLU": "relu"}[derivative.group(1)]
        values = [sympy.diff(activation_function(kind, z), z)] + [
            _value(s, kind) for s in sides[1:]
        ]

        def read(side: str) -> sympy.Expr:
            return _value(side, kind)
    else:
        values = [_Reader(s, kind).whole() for s in normal]

        def read(side: str) -> sympy.Expr:
            return _Reader(_normalise(side), kind).whole()

    found = _compare(values, kind or "the activation")
    failing = re.match(r"side (\d+) differs", found["message"])
    if found["status"] == WRONG and failing:
        hint = sign_slip(sides[int(failing.group(1)) - 1], read, values[0])
        if hint:
            found["message"] += f"; a sign error: {hint}"
    return found


def _normalise_prime_name(side: str) -> str:
    side = re.sub(r"\\(?:operatorname|text|mathrm)\s*\{\s*ReLU\s*\}", "ReLU", side)
    return re.sub(r"(?<![A-Za-z\\])z(?![A-Za-z])", "z", side)


def _value(side: str, kind: str) -> sympy.Expr:
    """A side of f'(z) = ...: an expression, or a cases block of constants."""
    cases = re.fullmatch(r"\s*\\begin\{cases\}(.*)\\end\{cases\}\s*", side, re.DOTALL)
    if cases is None:
        return _Reader(_normalise(side), kind).whole()
    pieces = []
    bounds: list[tuple[str, float]] = []
    for row in re.split(r"\\\\", cases.group(1)):
        if not row.strip():
            continue
        value, _, condition = row.partition("&")
        cond = re.fullmatch(
            r"\s*(?:\\text\{[^{}]*\}\s*)?z\s*(>|<|\\ge|\\geq|\\le|\\leq)\s*"
            r"(-?\d+)\s*",
            condition,
        )
        if cond is None:
            raise NotUnderstood("activation claim: a case whose condition is not z > c")
        op = {">": ">", "<": "<", "\\ge": ">=", "\\geq": ">=", "\\le": "<=", "\\leq": "<="}[
            cond.group(1)
        ]
        c = sympy.Integer(cond.group(2))
        bounds.append((cond.group(1), float(c)))
        if overlapping_conditions(bounds):
            raise NotUnderstood("activation claim: two cases give values on one interval")
        relation = {">": z > c, "<": z < c, ">=": z >= c, "<=": z <= c}[op]
        pieces.append((_Reader(_normalise(value), kind).whole(), relation))
    return sympy.Piecewise(*pieces, (sympy.nan, True))


def _compare(values: list[sympy.Expr], kind: str) -> dict:
    first = values[0]
    for k, value in enumerate(values[1:], start=2):
        difference = sympy.piecewise_fold((value - first).rewrite(sympy.Piecewise))
        symbolic = kind != "relu" and sympy.simplify(difference.rewrite(sympy.exp)) == 0
        if symbolic:
            continue
        for point in _SAMPLES:
            at = difference.subs({z: point, g: sympy.Rational(3, 7)}).evalf(30)
            if at is sympy.nan or not at.is_number:
                raise NotUnderstood(f"activation claim: a side has no value at z = {point}")
            if abs(at) > sympy.Float("1e-20"):
                return finding(
                    WRONG,
                    f"side {k} differs from the derivative through {kind} "
                    f"at z = {point}: {value.subs(z, point).evalf(6)} against "
                    f"{first.subs(z, point).evalf(6)}",
                )
        if kind != "relu":
            raise NotUnderstood(f"activation claim: equality through {kind} is not shown")
    return finding(
        VERIFIED,
        f"holds for every entry through {kind}: "
        + (
            "equal at points on both sides of 0, down to 10^-9 (the derivative is "
            "constant on each side)"
            if kind == "relu"
            else "the sides simplify to one another (SymPy)"
        ),
    )
