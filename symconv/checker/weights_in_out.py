"""A dense layer whose notes lay the weights out as in x out: ``Z = XW + b``.

The checker's dense layer is PyTorch's: samples as rows and W as out x in, ``Z = XW^T + b``
(or, with the vectors as columns, ``z = Wx + b``: dense_columns.py).  Keras, TensorFlow and
many course notes write ``Z = XW + b`` with W of shape (in, out) instead, so their W is the
transpose of the checker's: ``dL/dW = X^T \\Delta`` is right for them and has the wrong shape
for the checker, and their entry ``w_{jk}`` (input j, output k) is the checker's ``W[k, j]``.
Reading their W as the checker's would call right claims wrong and verify index slips
(``w_{kj}``); so where the notes' forward pass puts W to the right of X untransposed, a
verdict on a claim that uses W is not given: it is not understood, naming the layout.
"""

from __future__ import annotations

import re

from symconv.checker.report import NOT_UNDERSTOOD, SIZE_SPECIFIC, VERIFIED, WRONG

_NAME = r"(?:\\mathbf\s*\{\s*%s\s*\}|\\boldsymbol\s*\{\s*%s\s*\}|%s)"
_Z, _X, _W = (_NAME % (c, c, c) for c in ("[ZzYy]", "[XxAaHh]", "W"))
# the forward pass Z = XW + b (W untransposed on the right), in display or inline math
_FORWARD = re.compile(
    r"\$\s*" + _Z + r"\s*=\s*" + _X + r"\s*(?:\\,\s*)?" + _W + r"\s*(?![\s^_]*\^)"
    r"(?:\+\s*(?:\\mathbf\s*\{\s*)?b\b[^$]*)?\$"
)

# the checker's own forward pass Z = XW^T (+ b): where the notes write it too, Z = XW is
# a form they quote ("pattern-matching from $Z = XW$ gives the wrong shape")
_TRANSPOSED = re.compile(
    _Z + r"\s*=\s*" + _X + r"\s*(?:\\,\s*)?" + _W + r"\s*\^\s*\{?\s*(?:T|\\top)"
)


def weights_in_by_out(document: str) -> bool:
    """Whether the notes' forward pass is ``Z = XW (+ b)``: W laid out as in x out."""
    return _FORWARD.search(document) is not None and _TRANSPOSED.search(document) is None


def uses_weights(text: str, letters: dict[str, str]) -> bool:
    """Whether the claim names the weights (``W``, ``w_{jk}``) in the notes' letters."""
    names = [k for k, v in letters.items() if v == "W"] or ["W", "w"]
    return any(re.search(rf"(?<![A-Za-z\\]){re.escape(n)}(?![A-Za-z])", text) for n in names)


def unread_layout(found: dict) -> dict:
    """The not-understood verdict of a judged claim on weights laid out as in x out."""
    if found.get("status") not in (VERIFIED, WRONG, SIZE_SPECIFIC):
        return found
    return {
        "status": NOT_UNDERSTOOD,
        "message": (
            "the notes' forward pass is Z = XW + b, so their W is laid out as in × out, "
            "the transpose of the checker's (out × in): a claim on W is not read in that "
            f"layout (read as out × in: {str(found.get('message', ''))[:100]})"
        ),
    }
