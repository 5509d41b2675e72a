"""An input or kernel whose entries the notes define by a formula in their own indices: "a
3 x 3 x 3 input with entries $x[t,i,j] = t + i + j$", "take $w_{u,v} = u - v$".

The layer's input X, its kernel W and its bias b are what a layer is given, never what it
computes: no chain rule and no forward pass fixes their entries, so an equation that sets
every entry of one of them to a function of the entry's own indices can only choose the
example's numbers.  Judged as a claim, it was compared against X's free symbol ("missing
x(0, 0, 0)") and called wrong.  It is no claim: no verdict.

Only that form is set aside: the left side one entry of X, W or b with letters for
indices, the right side numbers and those same index letters joined by arithmetic.  A right
side naming a tensor or a size (``\\tilde x_{i,j} = x_{i-1,j-1}``, ``w_{u,v} = 1/k^2``)
states a relation between quantities the layer has, and stays a claim; so does an entry of
the output or of the upstream gradient (``g_{i,j} = 1`` follows from the loss).
"""

from __future__ import annotations

import re

_GIVEN_ROLES = ("X", "W", "b")
# x_{i,j}, x_{ij}, x[t,i,j], x(t, i, j): the entry on the left of the equation
_ENTRY = re.compile(
    r"^\s*(?P<letter>[A-Za-z])\s*(?:_\s*\{(?P<sub>[^{}]*)\}|_\s*(?P<one>[A-Za-z])|"
    r"\[(?P<square>[^\[\]]*)\]|\((?P<paren>[^()]*)\))\s*=(?!=)\s*(?P<right>.+?)\s*$"
)
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# arithmetic and the spacing and grouping marks TeX writes around it
_ARITHMETIC = re.compile(
    r"\\(?:cdot|times|frac|dfrac|tfrac|left|right|,|;|!|quad)(?![A-Za-z])|[-+*/^(){}\[\]\s,]"
)


def _index_letters(body: str) -> list[str] | None:
    """The index letters of ``t,i,j`` or ``ij`` (one letter each), else None."""
    parts = [p.strip() for p in body.split(",")] if "," in body else list(body.strip())
    if not parts or not all(re.fullmatch(r"[A-Za-z]", p) for p in parts):
        return None
    return parts


def defines_entries(text: str, letters: dict[str, str]) -> bool:
    """Whether ``text`` sets each entry of the layer's input, kernel or bias (``letters``:
    the notes' letter -> role) to a formula in the entry's own indices."""
    m = _ENTRY.match(text)
    if m is None or letters.get(m.group("letter")) not in _GIVEN_ROLES:
        return False
    body = next(m.group(k) for k in ("sub", "one", "square", "paren") if m.group(k) is not None)
    indices = _index_letters(body)
    if indices is None or len(set(indices)) != len(indices):
        return False
    right = m.group("right")
    rest = _ARITHMETIC.sub(" ", _NUMBER.sub(" ", right))
    words = rest.split()
    # no index letter (a constant), or a tensor or a size named: a relation, not a choice
    return bool(words) and all(w in indices for w in words)
