"""Shape bookkeeping written as a product: ``(3 \\times 4)(4 \\times 2) = 3 \\times 2``.

Notes check a matrix product's shape by multiplying the shapes: rows x inner times
inner x columns gives rows x columns.  Read as arithmetic, (3·4)(4·2) = 96 is not 3·2 = 6,
and a correct check would be called wrong.  A statement whose first side is two or more
parenthesised shapes side by side and whose other sides are shapes is read as this rule:
the inner sizes must agree, and the product has the first's rows and the last's columns.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from symconv.checker.context import finding
from symconv.checker.report import VERIFIED, WRONG

_TIMES = r"\s*(?:\\times|×|x)\s*"
_SHAPE = rf"(\d+){_TIMES}(\d+)"
_GROUP = re.compile(rf"\(\s*{_SHAPE}\s*\)")
_PRODUCT = re.compile(rf"\s*(?:\(\s*\d+{_TIMES}\d+\s*\)\s*(?:\\,|\\;|\\cdot)?\s*){{2,}}")
_RESULT = re.compile(rf"\s*\(?\s*{_SHAPE}\s*\)?\s*")


def shape_product(text: str) -> dict[str, Any] | None:
    """The verdict on a shape product ``(a x b)(b x c) = a x c``, or None when ``text`` is
    not one."""
    sides = text.split("=")
    if len(sides) < 2 or not _PRODUCT.fullmatch(sides[0]):
        return None
    results = [_RESULT.fullmatch(side) for side in sides[1:]]
    if not all(results):
        return None
    shapes = [(int(m.group(1)), int(m.group(2))) for m in _GROUP.finditer(sides[0])]
    for (_, inner), (rows, _) in itertools.pairwise(shapes):
        if inner != rows:
            return finding(
                WRONG,
                f"a {shapes[0][0]}×{inner} matrix cannot multiply a {rows}-row one: the "
                "inner sizes of a matrix product must agree",
            )
    product = (shapes[0][0], shapes[-1][1])
    for m in results:
        assert m is not None
        said = (int(m.group(1)), int(m.group(2)))
        if said != product:
            return finding(
                WRONG,
                f"the product has shape {product[0]}×{product[1]} (the first's rows, the "
                f"last's columns), not {said[0]}×{said[1]}",
            )
    return finding(
        VERIFIED,
        f"the shapes multiply: the inner sizes agree and the product is {product[0]}×{product[1]}",
    )
