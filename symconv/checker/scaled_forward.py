"""A forward pass the notes scale by a constant the layer does not have.

"Sample everything on a grid of spacing $\\Delta$ ... $y_n = \\Delta \\sum_k w_k x_{n+k}$":
the notes' layer is the checker's convolution times Delta.  Every gradient of that layer
is Delta times the checker's, so a claim that drops Delta ("with Delta absorbed into the
learning rate") would be verified against the unscaled layer: a miss.  After such a
forward pass, the tensor claims are not understood, naming the factor; a size or an
arithmetic claim is unaffected.
"""

from __future__ import annotations

import re

# the output's entry set to a Greek constant times a sum (an activation is not a constant)
_SCALED = re.compile(
    r"(?<![A-Za-z\\])[yzoYZO]\s*(?:_\s*(?:\{[^{}]*\}|\w)|\[[^\]]*\]|\([^()]*\))?\s*=\s*"
    r"(\\(?:Delta|delta|alpha|beta|gamma|lambda|eta|epsilon|varepsilon|tau|mu|kappa|rho|omega"
    r"|Omega|theta|nu|xi))(?![A-Za-z])\s*(?:\\[,;!]\s*)?\\sum"
)
_MATH = re.compile(r"\$\$(.+?)\$\$|\\\[(.+?)\\\]|(?<!\$)\$([^$]+)\$(?!\$)", re.DOTALL)


def scaled_forward(document: str) -> tuple[str, int] | None:
    """(factor, line) of the first forward pass the notes scale by a constant."""
    for span in _MATH.finditer(document):
        inner = next(g for g in span.groups() if g is not None)
        m = _SCALED.search(inner)
        if m is not None:
            return m.group(1), document[: span.start()].count("\n") + 1
    return None


def unscaled_claim(scaled: tuple[str, int] | None, line: int) -> str | None:
    """Why a tensor claim after a scaled forward pass gets no verdict."""
    if scaled is None or line <= scaled[1]:
        return None
    return (
        f"the notes' forward pass (line {scaled[1]}) scales the sum by {scaled[0]}, which "
        "this layer does not have: its claims are not read"
    )
