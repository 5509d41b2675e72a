"""A letter the claim's own sentence sets that no reader takes as a size of the layer.

"- $H = 9$, $K = 3$, $D = 3$, $S = 1$, $P = 0$: $H_{out} = 3$": the item states its layer in
letters, and one of them (D, the dilation, in notes that never name it in words) is read as
nothing.  The output side computed without it (dilation 1: 7) calls the true 3 wrong.  A
claim whose own sentence sets a letter to a number that changes none of the facts read
from that sentence is about a layer only partly read: not understood, naming the letter.
"""

from __future__ import annotations

import re

from symconv.checker.letter_roles import with_letters
from symconv.checker.scope_facts import facts
from symconv.checker.size_names import OUTPUT, quantity_of

# "$D = 3$", "$d_2 = 1$": a whole inline formula setting a letter to a whole number (not a
# sum's bound \sum_{c=0}, not a letter inside a longer formula)
_ASSIGN = re.compile(r"(?<=\$)\s*([A-Za-z](?:_\s*\{?\s*\w+\s*\}?)?)\s*=\s*(\d+)\s*(?=\$)")


def unread_setting(sentence: str, source: str, letters: dict[str, str]) -> str | None:
    """The first ``letter = number`` of the sentence (outside the claim) that no fact reads."""
    rest = sentence.replace(source, " ") if source.strip() else sentence
    read = with_letters(facts(rest), rest, letters)
    claimed = _ASSIGN.match(source.strip())
    own = _letter(claimed.group(1)) if claimed else source.split("=")[0].strip()[:1]
    for m in _ASSIGN.finditer(rest):
        if _letter(m.group(1)) == own:
            continue  # "$R = 5$; ... $R = 9$": the same quantity in another case
        said = quantity_of(m.group(1), "")
        if said is not None and said.what == OUTPUT:
            continue  # "... = 6$$ and likewise $W_o = 6$": an output, the layer's result
        without = rest[: m.start()] + " " + rest[m.end() :]
        if with_letters(facts(without), without, letters) == read:
            return m.group(0).strip()
    return None


def _letter(name: str) -> str:
    """The letter a name is written with: ``R`` of ``R_2``, ``H`` of ``H_{out}``."""
    return name.split("_")[0].strip()
