"""An activation's derivative written at a letter of the notes' choosing: ``\\sigma'(y) =
\\sigma(y)(1 - \\sigma(y))``, ``\\tanh'(u) = 1 - \\tanh^2(u)``.

Such a claim is an identity of one real function: the letter is its argument, bound by
the left side, and means the same on both sides whatever it is called.  The activation
reader (activation_claims.py) reads the argument as z; a claim in y was read by the layer's
reader instead ("\\sigma(...): activation functions are outside the layer").  The letter
is renamed z when the claim is that identity and nothing else: the left side is the
activation's derivative at one letter, and every other letter of the claim is that one
(no tensor, no size, no z already).
"""

from __future__ import annotations

import re

_FUNCTION = (
    r"\\sigma|\\tanh|\\operatorname\s*\{\s*(?:ReLU|relu|sigmoid|tanh|softplus)\s*\}"
    r"|\\(?:text|mathrm)\s*\{\s*(?:ReLU|relu|sigmoid|tanh|softplus)\s*\}"
)
_LEFT = re.compile(
    r"^\s*(?P<f>" + _FUNCTION + r")\s*(?:'|\^\s*\{\s*\\prime\s*\})\s*\(\s*(?P<v>[a-yA-Y])\s*\)\s*="
)
_COMMANDS = re.compile(r"\\[A-Za-z]+")


def argument_as_z(text: str) -> str:
    """``\\sigma'(y) = \\sigma(y)(1 + \\sigma(y))`` as ``\\sigma'(z) = ...`` in z; else
    ``text`` unchanged."""
    m = _LEFT.match(text)
    if m is None:
        return text
    v = m.group("v")
    bare = _COMMANDS.sub(" ", re.sub(r"\\(?:text|mathrm|operatorname)\s*\{[^{}]*\}", " ", text))
    if set(re.findall(r"[A-Za-z]", bare)) != {v}:
        return text  # another letter (a tensor, a size, z itself): not the bare identity
    return re.sub(r"(?<![A-Za-z\\])" + v + r"(?![A-Za-z])", "z", text)
