"""A scalar bias named with a subscript: "sesgo escalar $b_0$", "a scalar bias $b_0$",
"the bias $\\beta_0$".

With one filter the layer's bias is one number, b; notes that count from 1 (or say the
bias is a scalar) write it ``b_0`` to set it apart from the weights, and ``b_0`` is then a
name, not the entry at index 0 (which 1-based notes do not have).  Read as an entry it
turns the notes' own forward pass into a false alarm ("extra b_0, missing b_1"); read as
the name it is b, and ``\\partial E / \\partial b_0`` is dL/db.

Only the subscript 0 is read this way, and only where the prose names the bias with it
and either says it is a scalar or the notes count from 1.
"""

from __future__ import annotations

import re

_BIAS = r"(?:bias|sesgo|Bias|biais|Verschiebung)"
_SCALAR = r"(?:scalar|escalar|skalar(?:er|en)?|scalaire)"
_NAME = r"\$\s*(?P<letter>b|\\beta)\s*_\s*\{?\s*0\s*\}?\s*\$"
_NAMED = re.compile(
    rf"(?P<scalar>{_SCALAR}\s+{_BIAS}|{_BIAS}\s+{_SCALAR})?\s*(?:(?<!\w){_BIAS}\s+)?{_NAME}",
    re.IGNORECASE,
)


def scalar_bias_letter(document: str, index_base: int) -> str | None:
    """``b`` (or ``\\beta``) where the notes name their one bias with the subscript 0."""
    for m in _NAMED.finditer(document):
        before = document[max(0, m.start() - 40) : m.start("letter")]
        if not re.search(_BIAS, before + (m.group("scalar") or ""), re.IGNORECASE):
            continue
        if m.group("scalar") or index_base == 1:
            return m.group("letter")
    return None


def as_scalar_bias(text: str, letter: str | None) -> str:
    """The claim with ``b_0`` (``b_{0}``) written as the bias ``b``."""
    if letter is None:
        return text
    return re.sub(
        r"(?<![A-Za-z\\])" + re.escape(letter) + r"\s*_\s*(?:\{\s*0\s*\}|0)(?![0-9])",
        lambda m: letter + " ",
        text,
    )
