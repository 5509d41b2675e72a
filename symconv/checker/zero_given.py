"""A gradient claimed zero after the notes set one of the layer's tensors to zero: "With
$W = 0$ and $b = 0$ every logit is zero ... because $W = 0$, also $\\frac{\\partial
L}{\\partial X} = 0$".

The checker judges a claim with the layer's tensors as free symbols: dL/dX = G W^T is then
no zero matrix, and the claim "= 0" was called wrong (at the guessed sizes even by its
shape: "a scalar where a vector of 4 is expected", though 0 is how notes write the zero
tensor).  But the notes' 0 is the value at the tensor they set to zero, a value the
evaluation does not put in.  So a "wrong" of a claim whose side is the zero (``0``,
``\\mathbf{0}``, ``\\mathbf{0}^\\top``), in a section that sets a tensor of the layer to
zero before it, is not understood, naming that setting.  A claim with any other value, and
a zero claimed where the notes set nothing to zero, keep their verdicts.
"""

from __future__ import annotations

import re

from symconv.checker.report import NOT_UNDERSTOOD, WRONG

_TRANSPOSED = r"(?:\s*\^\s*(?:\{\s*)?(?:\\top|T|\\intercal)\}?)?"
_ZERO = r"(?:0|\\(?:mathbf|boldsymbol|bm)\s*\{\s*0\s*\})" + _TRANSPOSED
_ZERO_SIDE = re.compile(rf"^\s*{_ZERO}\s*$")
# "$W = 0$", "$W = \mathbf{0}$", "W=0" inside a longer formula ("$W = 0$, $b = 0$")
_SET_ZERO = re.compile(
    rf"(?<![A-Za-z\\_^{{])(?P<letter>[A-Za-z])\s*=\s*{_ZERO}(?![\w.]|\s*[-+*/^_(\[])"
)
_ROLES = ("X", "W", "b", "G")


def zeroed_tensor(before: str, letters: dict[str, str]) -> str | None:
    """The letter of a layer tensor (input, kernel, bias, upstream gradient) that
    ``before`` sets to zero, else None."""
    for m in _SET_ZERO.finditer(before):
        if letters.get(m.group("letter")) in _ROLES:
            return m.group("letter")
    return None


def unless_zero_given(
    found: dict | None, text: str, before: str, letters: dict[str, str]
) -> dict | None:
    """``found``, or not-understood where it calls wrong a claim that something is the zero
    tensor, after notes (``before``: the section up to the claim) that set a tensor of the
    layer to zero."""
    if found is None or found.get("status") != WRONG:
        return found
    sides = text.split("=")
    if len(sides) < 2 or not any(_ZERO_SIDE.match(side) for side in sides[1:]):
        return found
    letter = zeroed_tensor(before, letters)
    if letter is None:
        return found
    return {
        "status": NOT_UNDERSTOOD,
        "message": (
            f"the notes set {letter} = 0 before this claim, and a zero claimed there is "
            f"that value's; the claim is judged with {letter}'s entries free, not at 0 "
            f"(read so: {str(found.get('message', ''))[:120]})"
        ),
    }
