"""LaTeX to MathML through latex2mathml, refusing output with LaTeX left in it.

latex2mathml does not raise on a command it does not know (``\\cellcolor``, ``\\boxed``,
``aligned``): it writes the command as a literal ``<mi>\\cmd</mi>``.  MathML itself
never contains a backslash, so one in the output is exactly such a leftover, and this
module raises instead of letting it reach a page.
"""

from __future__ import annotations

import re

from latex2mathml.converter import convert

from symconv.printing.latex import PrintError

# What latex2mathml leaves when it does not understand its input: a raw command, an
# alignment ``&`` of an environment it does not know (``aligned``), and the empty
# operator it makes of ``\operatorname{rot180}`` (digits in an operator name).
_LEFTOVER = re.compile(r"\\[A-Za-z]+|<mi>&(?:amp;)?</mi>|<mo\s*/>")


def leftovers(mathml: str) -> list[str]:
    """The raw LaTeX fragments latex2mathml left in ``mathml`` (empty when clean)."""
    return _LEFTOVER.findall(mathml)


def to_mathml(latex: str, display: bool = False) -> str:
    """``latex`` as a ``<math>`` element; :class:`PrintError` if anything stays LaTeX."""
    try:
        out = convert(latex, display="block" if display else "inline")
    except Exception as exc:  # latex2mathml raises many types; name the formula
        raise PrintError(f"latex2mathml cannot convert {latex!r}: {exc}") from exc
    bad = leftovers(out)
    if bad:
        raise PrintError(
            f"latex2mathml left {', '.join(sorted(set(bad)))} unconverted in {latex!r}"
        )
    return out
