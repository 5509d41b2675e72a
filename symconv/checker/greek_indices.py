"""Greek letters used as indices: ``\\sum_{\\tau=1}^{T} \\frac{\\partial L}{\\partial
x_{c,\\tau}}``, ``\\sum_{\\beta=1}^{B} L_\\beta``,
``y_{\\nu} = \\sum_{\\mu} w_{\\mu} x_{\\nu + \\mu}``.

Signal-processing and physics-minded notes name a time step tau, a sample beta or a tap
mu.  The checker's evaluator reads an index as one Latin letter, so such a statement was
not understood ("the summation index is not a single letter", "\\tau is not a number").
A Greek letter is an index here when the statement sums over it (``\\sum_{\\tau=...}``) or
writes it only inside subscripts, never as a tensor with indices of its own
(``\\delta_{f,t}`` is the upstream gradient, ``\\delta`` stays).  Renaming a bound or free
index to a letter the statement does not use changes nothing it says: the same entries,
the same sums.  The letter is taken from those that name no size or tensor in the
checker's readings (u, v, q, r, then others).
"""

from __future__ import annotations

import re

_GREEK = (
    r"alpha|beta|gamma|epsilon|varepsilon|zeta|eta|theta|vartheta|iota|kappa|lambda|mu|nu|xi"
    r"|rho|varrho|tau|upsilon|phi|varphi|chi|psi|omega"
)
_SUMMED = re.compile(rf"\\sum\s*_\s*\{{\s*\\({_GREEK})\s*=")
_SUBSCRIPT = re.compile(rf"_\s*(?:\{{([^{{}}]*)\}}|(\\(?:{_GREEK})(?![A-Za-z])))")
_ONE = re.compile(rf"\\({_GREEK})(?![A-Za-z])")
_SPARE = "uvqrjiklmnoa"


def latin_indices(text: str) -> str:
    """``text`` with each Greek letter used only as an index written as a Latin letter the
    statement does not use (unchanged where there is none left)."""
    names = {m.group(1) for m in _SUMMED.finditer(text)}
    for m in _SUBSCRIPT.finditer(text):
        names |= set(_ONE.findall(m.group(1) or m.group(2)))
    for name in sorted(names):
        own = re.compile(rf"\\{name}(?![A-Za-z])")
        if re.search(rf"\\{name}\s*(?:_|\^|\()", text):
            continue  # \tau_{i}, \phi(y): a tensor or a function of its own
        used = set(re.findall(r"(?<![\\A-Za-z])[A-Za-z](?![A-Za-z])", own.sub(" ", text)))
        spare = next((c for c in _SPARE if c not in used), None)
        if spare is None:
            return text
        text = own.sub(spare + " ", text)
    return text
