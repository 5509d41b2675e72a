"""A size that a formula beside it takes as its argument is a case shown, not the layer.

"(Careful with even inputs: a $6 \\times 6$ map gives $H_{out}(6) = \\lceil (6 + 2 - 3)/2
\\rceil + 1 = 4$.)", "für ein $8 \\times 8$-Bild ist $O(8) = 4$", "un mapa de $7 \\times 7$
da $n_{out}(7) = 4$": the sentence evaluates the output-size function at another input
than the worked one, to show the function, and the size it names is that function's
argument.  Read as the section's input, it replaces the input the notes work with (a
matrix written out) and every claim about that input is judged at the wrong size.  The
sentence's square size (or length) whose side is the argument of a function written in the
same sentence ("H_{out}(6)", "O(8)", "n_{out}(7)") is not read as a fact.
"""

from __future__ import annotations

import re

from symconv.checker.prose_sentences import sentence_around


def _applied(side: str) -> re.Pattern[str]:
    # a letter (with a subscript, braced or not, as normalise leaves it: "H {out}", "H_out")
    # applied to the side alone: "H {out}(6)", "O(6)", "n_{out}(6)"; not "(N, C, 6, 6)"
    return re.compile(
        rf"(?<![\\A-Za-z])[A-Za-z](?:\s*_?\s*\{{[^{{}}]*\}}|_[A-Za-z]+)?\s*\(\s*{side}\s*\)"
    )


def evaluated_size(text: str, start: int, sides: list[str]) -> bool:
    """Whether the size at ``start`` of the normalised ``text`` (square sides ``sides``) is
    the argument of a function its sentence writes."""
    if len(set(sides)) != 1:
        return False
    return bool(_applied(sides[0]).search(sentence_around(text, start)))
