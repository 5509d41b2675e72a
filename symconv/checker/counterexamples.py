"""Terms printed the way the student writes them, and numeric counterexamples.

A verdict should read like the notes: seed 004 writes ``w_3 \\frac{\\partial L}{\\partial
y_3}`` with 1-based indices, seed 003 ``I(i+m', j+n')``.  The evaluator records how each
tensor was written in the statement (letter, subscript or function style, ``d`` prefix or
``∂L/∂``, ``x_{00}`` or ``x_{0,0}``); entries the statement never wrote use the notation's
usual letters.
"""

from __future__ import annotations

import random
from fractions import Fraction

from symconv.checker.algebra import Poly
from symconv.checker.limits import NotUnderstood
from symconv.checker.refs import Ref
from symconv.checker.truth import Model

_DEFAULT_LETTERS = {
    "subscript": {"X": "x", "W": "w", "b": "b", "Z": "z"},
    "onebased": {"X": "x", "W": "w", "b": "b", "Z": "y"},
    "functional": {"X": "I", "W": "w", "b": "b", "Z": "Y"},
    "superscript": {"X": "X", "W": "W", "b": "b", "Z": "Z"},
}
_ROLE_OF_TAG = {"X": ("X", False), "W": ("W", False), "b": ("b", False), "G": ("Z", True)}
MAX_SHOWN_TERMS = 12


class Renderer:
    def __init__(self, model: Model, styles: dict[tuple[str, bool], Ref], loss: str) -> None:
        self.model, self.styles, self.loss = model, styles, loss

    def var(self, ident: int) -> str:
        found = self.model.describe(ident)
        if isinstance(found, str):
            return found
        tag, full = found
        role, grad = _ROLE_OF_TAG[tag]
        style = self.styles.get((role, grad)) or self.styles.get((role, not grad))
        entry = self._entry(role, full, style)
        if not grad or (style is not None and "g" in style.flags):
            return entry
        if style is not None and style.grad and "frac" not in style.flags:
            return "d" + entry
        return f"\\frac{{\\partial {self.loss}}}{{\\partial {entry}}}"

    def _entry(self, role: str, full: tuple[int, ...], style: Ref | None) -> str:
        notation = self.model.notation
        letter = style.letter if style else _DEFAULT_LETTERS[notation.name][role]
        view = self.model.views.get(role)
        if view is None:  # w beside a pooling read for the section: not this layer's claim
            raise NotUnderstood(f"{letter}: the layer read for this claim has no such tensor")
        count = len(style.indices) if style and style.indices is not None else None
        if style and style.compact and count == 1:
            count = None
        positions = view.positions(count) if count else None
        positions = positions or view.shown
        values = [full[view.axes[p]] + view.bases[p] for p in positions]
        if not values:
            return letter
        func = style.func if style else notation.functional
        if func:
            return f"{letter}({', '.join(map(str, values))})"
        compact = style.compact if style else notation.name != "superscript"
        return subscript(letter, values, compact)

    def term(self, mono: tuple[int, ...], coef) -> str:
        factors = " ".join(self.var(v) for v in sorted(mono, key=self._order))
        if not factors:
            return _number(coef)
        if coef == 1:
            return factors
        if coef == -1:
            return "-" + factors
        return f"{_number(coef)} {factors}"

    def _order(self, ident: int) -> tuple:
        """Factors as notes write them: w x, w ∂L/∂y, x ∂L/∂y (kernel, input, bias, G)."""
        found = self.model.describe(ident)
        if isinstance(found, str):
            return (0, found, ())
        tag, index = found
        return ({"W": 0, "X": 1, "b": 2, "G": 3}.get(tag, 4), "", index)

    def terms(self, poly: Poly) -> list[str]:
        return [
            self.term(m, c)
            for m, c in sorted(
                poly.terms.items(),
                key=lambda item: [self._order(v) for v in sorted(item[0], key=self._order)],
            )
        ]

    def poly(self, poly: Poly, limit: int = MAX_SHOWN_TERMS) -> str:
        parts = self.terms(poly)
        if not parts:
            return "0"
        shown = parts[:limit]
        text = shown[0]
        for part in shown[1:]:
            text += f" - {part[1:]}" if part.startswith("-") else f" + {part}"
        if len(parts) > limit:
            text += f" + … ({len(parts) - limit} more terms)"
        return text


def subscript(letter: str, values, compact: bool) -> str:
    """``w_3``, ``x_{00}`` (compact, one digit each) or ``x_{1,12}``."""
    parts = [str(v) for v in values]
    compact = compact and all(len(p) == 1 for p in parts)
    text = ("" if compact else ",").join(parts)
    return f"{letter}_{text}" if len(text) == 1 else f"{letter}_{{{text}}}"


def _number(value) -> str:
    if isinstance(value, Fraction) and value.denominator != 1:
        return f"{value.numerator}/{value.denominator}"
    return str(int(value))


def json_number(value) -> int | str:
    value = Fraction(value)
    return int(value) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


def counterexample(expected: Poly, claimed: Poly, renderer: Renderer, seed: int) -> dict:
    """Small random integers for the symbols of the differing terms (others 0), chosen so
    that the two sides take different values."""
    diff = expected - claimed
    variables = sorted(diff.variables(), key=abs)
    rng = random.Random(seed)
    values: dict[int, int] = {}
    for _ in range(50):
        values = {v: rng.randint(1, 9) for v in variables}
        if expected.value(values) != claimed.value(values):
            break
    return {
        "values": {renderer.var(v): values[v] for v in variables},
        "others": 0,
        "left": json_number(expected.value(values)),
        "right": json_number(claimed.value(values)),
    }
