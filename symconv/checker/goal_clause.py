"""A relation written as the goal of its sentence: "choose $P = 2$ pour que $H_{out} = H$".

A purpose clause ("pour que", "afin que", "para que", "damit", "affinché", "чтобы",
"ليكون", "لكي", "in order that") says what the sentence's main clause is *for*: the relation
after it is wanted, not asserted.  Judged as a claim under the layer read, a goal the layer
does not meet ("$H_{out} = H$" under a kernel that shrinks the map) came out wrong, though
the notes never said it held there.  So a "wrong" whose own sentence leads into it with a
purpose marker (the marker and at most a few words, no formula, between it and the
relation) is not understood, naming the goal.  A verdict of "verified" is left as it is
(the goal holds under the layer read), and so is any relation after a marker of
consequence ("so that", "sodass", "de sorte que", "donc"), which asserts what follows.
"""

from __future__ import annotations

import re

from symconv.checker.ceil_mode import lead_in
from symconv.checker.report import NOT_UNDERSTOOD, WRONG

# purpose markers (not consequence: English "so that" and German "sodass" mostly assert;
# German "damit" only in lower case and not after "und": "Damit gilt ..." at a sentence's
# start and "und damit ..." are "with that, ... holds", an assertion)
_PURPOSE = (
    r"in\s+order\s+(?:that|for)|pour\s+que|afin\s+que|afin\s+d['’]avoir|pour\s+avoir|"
    r"para\s+que|a\s+fin\s+de\s+que|a\s+fim\s+de\s+que|para\s+tener|para\s+ter|"
    r"affinch[ée]|(?<![Uu]nd\s)(?-i:damit)|чтобы|"
    r"لكي|كي|ليكون|لتكون|ليصبح|لتصبح|حتى\s+يكون|حتى\s+تكون"
)
# the marker, then at most a few words (no formula, no sentence end) before the relation
_GOAL_LEAD = re.compile(
    rf"(?:^|[\s,(—–-])(?:{_PURPOSE})(?:\s+[^\s$.;:!?]+){{0,4}}\s*\$*\s*$", re.IGNORECASE
)


def unless_goal(found: dict | None, document: list[str], line: int, source: str) -> dict | None:
    """``found``, or not understood where it is "wrong" and its sentence wants it (above)."""
    if found is None or found.get("status") != WRONG:
        return found
    said = lead_in(document, line, source)
    if not _GOAL_LEAD.search(said):
        return found
    return {
        "status": NOT_UNDERSTOOD,
        "message": "its sentence states it as a goal (a purpose clause: what the choice before "
        f"it is for), not as a fact of the layer read ({found.get('message', '')})",
    }
