"""A matrix named with its layer's number, ``Z_3`` (the logits) in notes that name the
activations ``Z_1``, ``A_1``, ..., ``Z_3``: the matrix reader (matrix_parse.py) reads a
subscript as an entry's index, and an entry is no matrix forward definition, so a dense
layer defined as ``Z_3 = H W^\\top + \\mathbf{1} b^\\top`` was not read at all.

The subscript is a name where the notes define that very letter and number as a product of
whole matrices (its right side names no entry): an entry of a matrix is one number and
cannot equal such a product, so ``Z_3`` there is the third layer's matrix.  Only a capital
letter with one digit is so read (``z_1`` of a vector, ``Z_{12}`` of a matrix stay
entries), and only in the texts the matrix reader is given: everywhere in them, ``Z_3``
becomes ``Z_{\\text{3}}``, a tag the reader keeps in the name.
"""

from __future__ import annotations

import functools
import re

# Z_3 = ..., Z_{3} = ... at the start of a math segment or after a separator
_DEFINED = re.compile(r"(?:^|\$|[,;]|\\quad)\s*([A-Z])_\{?(\d)\}?\s*=\s*([^=$]+)")
# a right side of whole matrices: two capital letters (a product), no subscript index
_PRODUCT = re.compile(r"[A-Z][^$]*?[A-Z]")


@functools.lru_cache(maxsize=16)
def _numbered(document: str) -> frozenset[tuple[str, str]]:
    found = set()
    for m in _DEFINED.finditer(document):
        right = re.sub(
            r"\\(?:mathbf|boldsymbol|bm)\s*\{\s*1\s*\}|\\top|\\intercal", " ", m.group(3)
        )
        right = re.sub(r"\\[A-Za-z]+", " ", right)
        if _PRODUCT.search(right) and "_" not in right and "[" not in right:
            found.add((m.group(1), m.group(2)))
    return frozenset(found)


def named_by_number(lines: list[str], text: str) -> tuple[list[str], str]:
    """``lines`` and the claim ``text`` with each layer-numbered matrix the notes define
    (``Z_3 = H W^\\top + ...``) written as one name, ``Z_{\\text{3}}``."""
    names = _numbered("\n".join(lines))
    if not names:
        return lines, text
    pattern = re.compile(
        r"(?<![A-Za-z\\])("
        + "|".join(
            f"{letter}_(?:\\{{{digit}\\}}|{digit}(?!\\d))" for letter, digit in sorted(names)
        )
        + r")"
    )

    def tag(m: re.Match) -> str:
        letter, digit = m.group(1)[0], m.group(1).rstrip("}")[-1]
        return f"{letter}_{{\\text{{{digit}}}}}"

    return [pattern.sub(tag, row) for row in lines], pattern.sub(tag, text)
