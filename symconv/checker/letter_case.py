"""A tensor's two letters: the capital for the matrix, the small letter for its entries.

Notes name the matrix and write its entries in the other case: "the map of entrance is
$A$" and then ``\\frac{\\partial L}{\\partial a_{1,0}}``; ``g_{i,j} = \\partial L /
\\partial p_{i,j}`` and then ``\\frac{1}{4} G \\otimes \\mathbf{1}_{2\\times 2}``.  A
letter bound to a tensor (by the notes or by the notation) lends its role to the other
case when the notes use that letter as a tensor would be used, and nothing else binds it:

* the small letter, when it is written with indices (``a_{1,0}``, ``a[i][j]``) and the
  notes do not define it as an activation's result (``a = \\max(0, z)``);
* the capital, when it is not a size's usual name (P the padding, C the channels, N the
  batch) or when the notes set it to a written matrix (``P = \\begin{pmatrix}``).
"""

from __future__ import annotations

import re

from symconv.checker.gradient_names import activation_results
from symconv.checker.written_names import SIZE_NAMES

_TENSOR_ROLES = frozenset({"X", "W", "Z", "G"})
_SIZE_LETTERS = frozenset(n for n in SIZE_NAMES if len(n) == 1) | frozenset("NBMFKDLRT")


def _math(document: str) -> str:
    spans = re.findall(r"\$\$(.+?)\$\$|\$([^$]+)\$|\\\((.+?)\\\)|\\\[(.+?)\\\]", document, re.S)
    return "\n".join("".join(parts) for parts in spans)


def other_case_names(letters: dict[str, str], document: str) -> list[str]:
    """``a=X``-style pairs for the other case of each tensor letter the notes use so."""
    math = _math(document)
    activated = activation_results(document)
    found = []
    for letter, role in letters.items():
        if len(letter) != 1 or not letter.isascii() or not letter.isalpha():
            continue
        if role not in _TENSOR_ROLES:
            continue
        other = letter.swapcase()
        if other in letters or other in activated:
            continue
        if other.islower():
            used = re.search(rf"(?<![A-Za-z\\]){other}\s*(?:_\s*\{{|_\s*[0-9a-z]|\[)", math)
        else:
            matrix = re.search(rf"(?<![A-Za-z\\]){other}\s*=\s*\\begin\s*\{{[pbvBV]?matrix", math)
            bare = re.search(rf"(?<![A-Za-z\\{{_^]){other}(?![A-Za-z_(\[])", math)
            used = matrix or (bare and other not in _SIZE_LETTERS)
        if used:
            found.append(f"{other}={role}")
    return found
