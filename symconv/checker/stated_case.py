"""A size claim whose own sentence states the case it holds in.

"Con paso 1 y relleno $P = (F - 1)/2$ ($F$ impar) se conserva el tamaño: $H' = H$": the
claim is true of 'same' padding only, and the sentence says so by setting a size letter to a
formula of the others before it, or by pointing back at an earlier sentence's setting
("Con ese mismo relleno y paso $S$ cualquiera: $H' = \\lceil H / S \\rceil$").  Judged under
the section's layer (or the grid of all sizes) without that case, a right claim comes out
wrong: its verdict is about another layer than the sentence's.  The caller makes such a
wrong or size-specific verdict not understood, naming the case.
"""

from __future__ import annotations

import re

from symconv.checker.context import Context
from symconv.checker.lexicon import PADDING, STRIDE
from symconv.checker.sizes import size_quantity

# a size letter set by a formula in other letters: "$P = (F - 1)/2$", "$p = \lfloor k/2 \rfloor$"
_CASE_FORMULA = re.compile(r"\$\s*([A-Za-z](?:_\{?\w+\}?)?)\s*=\s*([^$=]*[A-Za-z][^$=]*)\$")


_SAME_SETTING = re.compile(
    r"\b(?:the same|that|this|ese|este|esa|mismo|misma|le même|ce|cette|lo stesso|stesso|"
    r"dem(?:selben| gleichen)|derselben|o mesmo|esse|mateix)\s+(?:mismo\s+|misma\s+)?"
    rf"(?:{PADDING}|{STRIDE})\b",
    re.IGNORECASE,
)


def case_by_formula(sentence: str, source: str, ctx: Context) -> str | None:
    """The case a size claim's own sentence states before it by setting a size letter to a
    formula ("Con paso 1 y relleno $P = (F - 1)/2$ se conserva el tamaño: $H' = H$"), or
    None: the claim holds in that case only, which the layer read does not have."""
    at = sentence.find(source)
    clause = sentence[: at if at >= 0 else len(sentence)]
    for m in _CASE_FORMULA.finditer(clause):
        if size_quantity(m.group(1), ctx.notation) is not None:
            return f"{m.group(1)} = {m.group(2).strip()}"
    same = _SAME_SETTING.search(clause)  # "Con ese mismo relleno y paso S cualquiera: ..."
    return f"of an earlier sentence ({same.group(0)})" if same else None
