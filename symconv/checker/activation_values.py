"""An activation evaluated at numbers: ``\\sigma(0) = 0.5``, ``\\sigma'(0) = \\sigma(0)\\,(1 -
\\sigma(0)) = 0.25``, ``\\tanh'(0) = 1 - \\tanh^2(0) = 1``, ``\\operatorname{ReLU}(-3) = 0``.

Every side is a number once the functions are applied (no letter of a tensor), so each side
is computed exactly with SymPy (sigma(0) = 1/2, sigma'(z) = sigma(z)(1 - sigma(z)), tanh'(z)
= 1 - tanh(z)^2) and compared with the first side, the quantity the chain starts from.  A
side written as a decimal (``0.731``, ``\\approx 0.76``) may be rounded: it agrees when it is
within half a unit of its last digit; cut toward zero at its digits it may be truncated,
which is a convention and not understood; otherwise it differs.  ReLU' at 0 has no value
(a convention), and any side that is not a finite real number is not understood.  Parsed,
never eval'ed.
"""

from __future__ import annotations

import re
from typing import Any

import sympy

from symconv.checker.activation_claims import _normalise, _Reader
from symconv.checker.context import finding
from symconv.checker.layer_activation import _split
from symconv.checker.limits import NotUnderstood
from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.texclean import decimal_commas

# a side must apply one of these for the chain to be an activation's numbers
_FUNCTION = re.compile(
    r"\\sigma|\\tanh|\\exp|(?<![A-Za-z])(?:ReLU|relu|sigmoid)(?![A-Za-z])|(?<![A-Za-z])e\s*\^"
)
# what may stand in such a side besides numbers and brackets: the functions, their primes,
# fractions, products, spacing
_ALLOWED = re.compile(
    r"\\(?:sigma|tanh|exp|frac|dfrac|tfrac|cdot|times|left|right|operatorname|mathrm|text)"
    r"(?![A-Za-z])|(?<![A-Za-z])(?:ReLU|relu|sigmoid|e)(?![A-Za-z])|\\[,;:! ]"
)
_DECIMAL = re.compile(r"^\s*(-?)\s*(\d*)\.(\d+)\s*[.,;]?\s*$")


# ReLU'(0): the derivative's value at the kink is a convention (0, 1 or 1/2)
_RELU_PRIME = re.compile(r"(?i)relu\s*\}?\s*'\s*(?:\\left)?\s*\(([^()]*)\)")


def _value(side: str) -> sympy.Expr:
    side = re.sub(r"\\[dt]frac(?![A-Za-z])", r"\\frac", side)
    for m in _RELU_PRIME.finditer(side):
        if _Reader(_normalise(m.group(1)), None).whole() == 0:
            raise NotUnderstood("ReLU' at 0: its value there is a convention (0, 1 or 1/2)")
    value = _Reader(_normalise(side), None).whole()
    value = sympy.nsimplify(value) if value.is_Float else value
    if value.has(sympy.Heaviside, sympy.nan, sympy.zoo) or not value.is_number:
        raise NotUnderstood("an activation at a number where it has no value (ReLU' at 0?)")
    if not value.is_real or not value.is_finite:
        raise NotUnderstood("an activation's value that is not a finite real number")
    return value


def _agreement(side: str, value: sympy.Expr, reference: sympy.Expr) -> str:
    """``same``, ``differs`` or ``truncated?`` (a decimal one unit off its last digit)."""
    difference = sympy.nsimplify(value - reference) if value.is_Rational else value - reference
    if difference == 0 or (difference.is_number and abs(difference.evalf(40)) < 1e-30):
        return "same"
    decimal = _DECIMAL.match(side)
    if decimal is None:
        return "differs"
    digits = len(decimal.group(3))
    written = sympy.Rational(side.strip().rstrip(".,;").replace(" ", ""))
    off = abs(written - reference)
    if (off - sympy.Rational(1, 2 * 10**digits)).evalf(40) <= 0:
        return "same"  # rounded to the digits written
    scaled = (reference * 10**digits).evalf(60)
    cut = sympy.Rational(int(scaled), 10**digits)  # toward zero
    return "truncated?" if cut == written else "differs"


def _show(value: sympy.Expr) -> str:
    if value.is_Rational and value.q in (1, 2, 4, 5, 8, 10, 20, 25, 100):
        return str(value) if value.q in (1, 2, 4) else str(sympy.N(value, 6)).rstrip("0")
    if value.is_Rational:
        return str(value)
    return f"{value} = {sympy.N(value, 6)}"


def judge_activation_values(text: str) -> dict[str, Any] | None:
    """The verdict of a chain of an activation's values at numbers (None: not one)."""
    plain = decimal_commas(re.sub(r"\\approx(?![A-Za-z])", "=", text))  # 0{,}25: 0.25
    sides = _split(plain, "=")
    if len(sides) < 2 or not any(_FUNCTION.search(s) for s in sides):
        return None
    if any(re.search(r"[A-Za-z]", _ALLOWED.sub(" ", s)) for s in sides):
        return None  # a letter of a tensor (z, a, x): the symbolic readers' claim
    if any(not s.strip() for s in sides):
        return None
    try:
        values = [_value(s) for s in sides]
    except NotUnderstood:
        return None  # not this reader's: the claim goes on to the others (their reasons)
    reference = values[0]
    n = len(sides)
    differ, unsure = [], []
    for k in range(1, n):
        said = _agreement(sides[k], values[k], reference)
        if said == "differs":
            differ.append(k + 1)
        elif said == "truncated?":
            unsure.append(k + 1)
    if differ:
        named = "; ".join(
            f"side {k} of {n} differs: it gives {_show(values[k - 1])}" for k in differ
        )
        # (no "side k is v" here: the key's reader takes such a list as every side's value)
        return finding(WRONG, f"{named}; the chain's first side: {_show(reference)} (exact)")
    if unsure:
        k = unsure[0]
        raise NotUnderstood(
            f"side {k} of {n} is {sides[k - 1].strip()} and the value {_show(reference)}: "
            "the value cut (not rounded) at the digits written: truncated, or a slip?"
        )
    return finding(VERIFIED, f"every side is {_show(reference)} (computed exactly)")
