"""``\\mathbf{1}`` in a dense layer's claim, written without its length.

In ``Z = XW + \\mathbf{1} b^\\top`` the vector of ones is the batch's column: one 1 per
sample, which broadcasts the bias (factors.py reads a bare ``\\mathbf{1}`` so).  But notes
write the same bold 1 for every vector of ones: ``(P - Y)\\mathbf{1} = \\mathbf{0}`` (rows
of P summed, K ones), ``\\frac{\\partial L}{\\partial W}\\mathbf{1}`` (a D x K matrix times
K ones).  Where the batch's column does not fit the product, the failure is that reading's,
not the claim's: not understood, naming the vector, unless the notes state which ones
vector \\mathbf{1} is ("\\mathbf{1} the column of $N$ ones", ``\\mathbf{1}_N``,
``\\mathbf{1} \\in \\mathbb{R}^N``): then it is the batch's column, and a product that
does not meet (``G\\mathbf{1}`` with G of N x M) is wrong as before.
"""

from __future__ import annotations

import re

from symconv.checker.report import NOT_UNDERSTOOD, WRONG

# appended to the evaluator's "cannot multiply" when a factor was the batch's ones by reading
BATCH_ONES = "; \\mathbf{1} was read as the batch's column of ones"

_BOLD_ONE = r"\\(?:mathbf|boldsymbol|bm|mathbb)\s*\{\s*1\s*\}"
# the length the notes give their vector of ones: 1_N, 1 \in R^N, "the column of $N$ ones"
_DECLARED = re.compile(
    _BOLD_ONE + r"\s*(?:_\s*(?:\{\s*)?[A-Za-z0-9]|\\in\s*\\mathbb\s*\{?\s*R)"
    r"|\$\s*[A-Za-z0-9]+\s*\$\s*(?:ones|unos|uns|Einsen|uni|1s)\b",
    re.IGNORECASE,
)


def declares_ones(document: str) -> bool:
    """Whether the notes state the length of their vector of ones."""
    return _DECLARED.search(document) is not None


def unless_ones_unread(found: dict | None, document: str) -> dict | None:
    """``found``, or not-understood where it is a "cannot multiply" that rests on reading
    an unwritten-length \\mathbf{1} as the batch's column, in notes that never say which
    vector of ones it is."""
    if found is None or found.get("status") != WRONG:
        return found
    message = str(found.get("message", ""))
    if BATCH_ONES not in message or declares_ones(document):
        return found
    return {
        "status": NOT_UNDERSTOOD,
        "message": (
            "\\mathbf{1} is a vector of ones whose length the notes do not write, and as "
            "the batch's column (one 1 per sample) it does not fit the product here: which "
            f"vector of ones it is, is not read ({message.removesuffix(BATCH_ONES)})"
        ),
    }
