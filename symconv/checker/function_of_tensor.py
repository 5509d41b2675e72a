"""``g(z) = z`` defines a function; it is not an entry of the layer.

In functional notation an entry is written with its indices, ``y(i, j)`` or ``I(2, 3)``.
Prose about activations writes the function applied to a whole tensor instead: "let the
pooling layer's activation be $g(z) = z$", "$f(x) = \\max(0, x)$".  Read as entries, the
argument (a tensor's name) becomes an index and the letter (g is the gradient's usual
name) a tensor: the definition is then judged as a claim about the layer, and found
wrong.  A left side that applies one letter to exactly one name of the layer's tensors is
a function's definition: a verdict against it is not understood, naming the reading.  So is
one that applies a letter to one of the layer's tensors anywhere
("$\\frac{\\partial L}{\\partial F(x)} = G$", the gradient with respect to a residual
branch's output): read as entries, x becomes an index of a tensor F the layer lacks.
"""

from __future__ import annotations

import re

from symconv.checker.report import NOT_UNDERSTOOD
from symconv.checker.restated_layer import FLAGGED

# g(z) =, f(x)=, \sigma(z) =, h(a^{l}) =
_APPLIED = re.compile(r"^\s*(\\?[A-Za-z]+)\s*\(\s*([A-Za-z])(?:\^\{?[^(){}=]*\}?)?\s*\)\s*=")


# F(x) anywhere in the claim: "\\frac{\\partial L}{\\partial F(x)} = G", "y = x + F(x)"
# (not an operator's subscript: \\operatorname{dilate}_s(G) dilates G by s)
_INSIDE = re.compile(r"(?<![A-Za-z\\_^])([A-Za-z])\s*\(\s*([A-Za-z])\s*\)")


def applied_to_tensor(text: str, tensor_letters: set[str]) -> str | None:
    """``g(z)`` when ``text`` opens by applying a letter to one tensor name, or applies a
    letter to one anywhere (the residual branch F(x) of a block, the gradient with
    respect to it: a tensor's name is no index of another tensor), else None."""
    m = _APPLIED.match(text)
    if m is not None and m.group(2) in tensor_letters:
        return f"{m.group(1)}({m.group(2)})"
    for m in _INSIDE.finditer(text):
        if m.group(2) in tensor_letters and m.group(1) != m.group(2):
            return f"{m.group(1)}({m.group(2)})"
    return None


def unless_function_definition(found: dict, text: str, tensor_letters: set[str]) -> dict:
    """``found``, or not-understood when the flagged claim defines a function of a whole
    tensor rather than stating an entry."""
    applied = applied_to_tensor(text, tensor_letters)
    if applied is None or found.get("status") not in FLAGGED:
        return found
    return {
        "status": NOT_UNDERSTOOD,
        "message": (
            f"{applied} applies a function to the whole tensor {applied[-2]}, not an entry "
            f"of the layer (read as entries: "
            f"{str(found.get('message', ''))[:120]})"
        ),
    }
