"""The length a flatten gives, named by a letter in the sentence that flattens a map:
"Flatten after the last pool of a $64 \\times 7 \\times 7$ map: $D = 64 \\cdot 7 \\cdot 7 =
3163$".  Flattening a C x H x W map (one example) lays its entries out in one vector, so the
letter the sentence sets first is C * H * W; the chain's other sides are then judged against
it as numbers (stated_values.py).  Only a map written in numbers, the last one before the
claim in its own sentence, and a flatten word in that sentence count.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction

from symconv.checker.matrix_world import line_before

# flatten, flattened, "aplanar", "achatar", "aplatir", "abflachen", "Flatten()", "view(N, -1)"
_FLATTEN = re.compile(
    r"\bflatten\w*|\baplan\w*|\bachata\w*|\baplati\w*|\babflach\w*|\bappiatti\w*|\bspłaszcz\w*",
    re.IGNORECASE,
)
# a map in numbers: $64 \times 7 \times 7$ (two or more sides)
_MAP = re.compile(r"\$\s*(\d+(?:\s*(?:\\times|×|x)\s*\d+)+)\s*\$")


def flatten_length(document: list[str], line: int, source: str) -> Fraction | None:
    """C * H * W of the map the claim's own sentence flattens before it, or None."""
    own = line_before(document, line, source)
    sentence = re.split(r"(?<=[.!?])\s", own)[-1]
    if not _FLATTEN.search(sentence):
        return None
    maps = list(_MAP.finditer(sentence))
    if not maps:
        return None
    sides = [int(v) for v in re.findall(r"\d+", maps[-1].group(1))]
    return Fraction(math.prod(sides))
