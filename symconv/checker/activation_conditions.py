"""An activation's derivative stated piece by piece in prose: "$f'(z) = 1$ si $z > 0$ y
$0$ en otro caso", "$\\sigma'(z) = ...$", "$\\mathrm{ReLU}'(z) = 1$ if $z > 0$, $0$ otherwise".

The equation alone (f'(z) = 1) is false at z < 0; with the words after it, it is a cases
definition.  The claim is rewritten as that cases block (``\\begin{cases} 1 & z > 0 \\\\ 0
& z \\le 0 \\end{cases}``) for the activation checker, which compares it with the
derivative on both sides of every break.  With a condition but no "otherwise", the claim
holds or fails only where the condition does: that is not judged here.
"""

from __future__ import annotations

import re

from symconv.checker.limits import NotUnderstood

_NUMBER = r"-?\d+(?:\.\d+)?"
_OP = r">|<|\\geq?|\\leq?|\\ge|\\le|≥|≤"
# "si $z > 0$", "if $z \ge 0$", "for $z < 0$", "cuando $z > 0$"
_CONDITION = re.compile(
    rf"^\s*\$?\s*,?\s*(?:si|if|for|when|whenever|cuando|para)\s+\$\s*z\s*({_OP})\s*({_NUMBER})\s*\$"
)
# "y $0$ en otro caso", ", $0$ otherwise", "and $0$ elsewhere", "y 0 si no"
_OTHERWISE = re.compile(
    rf"^\s*(?:,|;)?\s*(?:y|and|e)?\s*,?\s*\$?\s*({_NUMBER})\s*\$?\s*,?\s*"
    r"(?:en (?:otro|cualquier otro) caso|en caso contrario|si no|de lo contrario|otherwise"
    r"|elsewhere|else|in all other cases)\b",
    re.IGNORECASE,
)
_NEGATED = {">": "\\le", "<": "\\ge", "\\ge": "<", "\\geq": "<", "\\le": ">", "\\leq": ">"}
_NEGATED |= {"≥": "<", "≤": ">"}


def with_prose_condition(text: str, after: str) -> str | None:
    """``text`` (``f'(z) = 1``) as a cases claim when the prose right ``after`` it gives
    its condition and the other case, else None (no condition written there)."""
    sides = text.split("=")
    if len(sides) != 2 or "\\begin{cases}" in text:
        return None
    condition = _CONDITION.match(after)
    if condition is None:
        return None
    rest = _OTHERWISE.match(after[condition.end() :])
    if rest is None:
        raise NotUnderstood(
            "the claim holds only under the condition the prose gives it (z "
            f"{condition.group(1)} {condition.group(2)}), and no other case is written"
        )
    op, bound = condition.group(1), condition.group(2)
    op = {"≥": "\\ge", "≤": "\\le", "\\geq": "\\ge", "\\leq": "\\le"}.get(op, op)
    return (
        f"{sides[0].strip()} = \\begin{{cases}} {sides[1].strip()} & z {op} {bound} \\\\ "
        f"{rest.group(1)} & z {_NEGATED[op]} {bound} \\end{{cases}}"
    )
