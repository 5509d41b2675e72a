"""A sentence wrapped over two lines of a paragraph: "The convolution uses a stride\\nof 2
and a padding of\\n1 on every side".

The prose reader reads a line at a time (with the lines around it only to pair a size at
one end with a role word at the other end of the next).  Hand-wrapped Markdown and LaTeX
break sentences anywhere, so a setting whose word ends one line and whose number starts the
next is read by neither line.  Here the line is read again joined with the next line's text
up to its first sentence end, and a fact that only the joined text states (neither line
alone) is the line's, unless either line alone states that key with another value (then
the join misreads one of them).  A line that ends a sentence, or a next line that starts a new
block (a blank line, a heading, a list item, a table row, a fence, display math), is not
joined.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_ENDS = re.compile(r"[.!?:;]\s*$|\$\$\s*$|\\\]\s*$")
_NEW_BLOCK = re.compile(r"^\s*(?:$|#|[-*+]\s|\d+[.)]\s|\||```|~~~|\$\$|\\\[|\\begin|>|<!--|%)")
_SENTENCE_END = re.compile(r"[.!?;](?:\s|$)")

# a size given to a letter ("$Y$ is $3 \times 3$", "$K$ es de $2 \times 2$"): the joined
# text may pair it with another tensor's role word across the break ("the windows do not
# overlap\nand $Y$ is $3 \times 3$" is no 3x3 window), so such a join is not read
_LETTER_SIZE = re.compile(
    r"\$\s*[A-Za-z](?:_\{?\w+\}?)?\s*\$\s+(?:is|are|es|est|ist|é|è|er|jest|är)\s+(?:de\s+)?"
    r"\$\s*\d+\s*(?:\\times|×|x)"
)
Read = Callable[[str], list[tuple[str, str, str]]]


def wrapped_facts(line: str, following: str, read: Read) -> list[tuple[str, str, str]]:
    """(key, value, how) that ``line`` joined with the head of ``following`` states and
    neither states alone."""
    if not line.strip() or _ENDS.search(line) or _NEW_BLOCK.match(following):
        return []
    end = _SENTENCE_END.search(following)
    head = following[: end.end()] if end else following
    text = line.rstrip() + " " + head.strip()
    if _LETTER_SIZE.search(text):
        return []  # "$K$ is $2 \times 2$ ... and $Y$ is $3 \times 3$": whose size is whose
    joined = read(text)
    alone = {(key, value) for key, value, _ in (*read(line), *read(following))}
    keys = {key for key, _ in alone}
    return [f for f in joined if (f[0], f[1]) not in alone and f[0] not in keys]
