"""A sign slip named as such: ``\\sigma(z)(1 + \\sigma(z))`` for ``\\sigma(z)(1 - \\sigma(z))``.

When a side of a scalar claim is wrong, each of its + and - signs is flipped in turn; if one
flip (and only one) makes the side equal to the truth at every sample point, the verdict says
"a sign error" and shows the corrected side.
"""

from __future__ import annotations

from collections.abc import Callable

import sympy

from symconv.checker.limits import NotUnderstood

z = sympy.Symbol("z", real=True)
g = sympy.Symbol("g", real=True)
_POINTS = [sympy.Rational(n, 3) for n in (-7, -2, -1, 1, 2, 5)]
MAX_SIGNS = 12


def sign_slip(side: str, read: Callable[[str], sympy.Expr], truth: sympy.Expr) -> str | None:
    """The side with the one sign that makes it right flipped, or None."""
    spots = [k for k, ch in enumerate(side) if ch in "+-" and not _in_script(side, k)]
    if not spots or len(spots) > MAX_SIGNS:
        return None
    fixed = []
    for k in spots:
        flipped = side[:k] + ("-" if side[k] == "+" else "+") + side[k + 1 :]
        try:
            value = read(flipped)
        except (NotUnderstood, ValueError, TypeError, ZeroDivisionError):
            continue
        if _equal(value, truth):
            fixed.append(flipped)
    return f"{fixed[0].strip()} (one sign flipped)" if len(fixed) == 1 else None


def _equal(a: sympy.Expr, b: sympy.Expr) -> bool:
    for point in _POINTS:
        at = (a - b).subs({z: point, g: sympy.Rational(3, 7)}).evalf(30)
        if not at.is_number or abs(at) > sympy.Float("1e-20"):
            return False
    return True


def _in_script(text: str, k: int) -> bool:
    """Inside a subscript or superscript's braces (``z^{l-1}``, ``a_{i+1}``)."""
    depth, opened = 0, []
    for j, ch in enumerate(text[:k]):
        if ch == "{":
            opened.append(j > 0 and text[j - 1] in "_^")
            depth += 1
        elif ch == "}" and opened:
            opened.pop()
            depth -= 1
    return any(opened)
