"""Sizes of a transposed convolution as notes spell them, in the readers' own names.

"$H_{out}^{T} = (H_{in} - 1)S - 2P + K + \\text{output\\_padding}$": the framework's argument
name ``output_padding`` (in ``\\text``, ``\\mathrm``, ``\\texttt`` or ``\\operatorname``) is
the output padding the size readers call ``p_{out}``, and a ``T`` (``^{T}``, ``^T``,
``^{\\top}``) on an output side only marks it as the transposed layer's (not a power, not
a transpose of a number).  Nothing else is touched; a claim without these spellings is
returned as it is.
"""

from __future__ import annotations

import re

# \text{output\_padding}, \mathrm{output_padding}, \texttt{output\_padding}, op_{out}...
_OUTPUT_PADDING = re.compile(
    r"\\(?:text|mathrm|texttt|operatorname|textit|mathit)\s*\{\s*output\s*\\?_\s*padding\s*\}"
)
# H_{out}^{T}, W_{\text{out}}^T, L_{out}^{\top}: the side of a transposed layer's output
# (or before it: H^{T}_{out}, the mark written first)
_MARKED_OUTPUT = re.compile(
    r"(?P<side>[HWL]_\{?\s*(?:\\(?:text|mathrm)\s*\{\s*)?out\s*\}?\s*\}?)\s*\^\s*"
    r"(?:\{\s*(?:T|\\top)\s*\}|T\b|\\top\b)"
    r"|(?P<letter>[HWL])\s*\^\s*(?:\{\s*(?:T|\\top)\s*\}|T|\\top\b)\s*"
    r"(?P<sub>_\{?\s*(?:\\(?:text|mathrm)\s*\{\s*)?out\s*\}?\s*\}?)"
)


def transposed_size_names(text: str) -> str:
    """``text`` with ``output_padding`` as ``p_{out}`` and a T on an output side dropped."""
    text = _OUTPUT_PADDING.sub("p_{out}", text)
    return _MARKED_OUTPUT.sub(lambda m: m.group("side") or m.group("letter") + m.group("sub"), text)
