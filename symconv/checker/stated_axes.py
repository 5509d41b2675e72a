"""A section whose prose states its input with one number of axes, then with another: a
1-D question ("$x \\in \\mathbb{R}^5$, kernel $w \\in \\mathbb{R}^3$") answered, then "So in
2-D, for a $5 \\times 5$ input and a $3 \\times 3$ kernel ...", then back to a signal ("Say
$x \\in \\mathbb{R}^7$, same $w$, stride 2").

Read as one layer, the facts of all three mix (a 2-D input with the 1-D case's stride), and
every claim is judged on a layer the notes never describe.  An input stated with another
number of axes is another layer, not another size of the same one (a signal is not an
image), so each such statement starts a reading of its own at its paragraph, as a heading
would, and the claims before it keep the layer stated before them.  Only statements, never
sizes implied by entries: the prose's "a $5 \\times 5$ input", ``x \\in \\mathbb{R}^{7}``.
An aside of other axes ends at a thematic break (``---``), where a thread's comments go back
to the question's own layer.  (infer.py's inheritance then lets a reading go on from the
last reading of its own number of axes: "same $w$" after the 2-D aside is the signal's
kernel.)
"""

from __future__ import annotations

import re

from symconv.checker.prose import prose_facts
from symconv.checker.scan_math import Block, math_facts


def _stated_inputs(first: int, last: int, lines: list[str], blocks: list[Block]):
    """(line, number of axes, key) of each input and kernel the section states, in order."""
    found: list[tuple[int, int, str]] = []
    fences = 0  # code fences seen: a line after an odd number of them is code
    for number, line in enumerate(lines[first - 1 : last], start=first):
        fences += line.lstrip().startswith(("```", "~~~"))
        found.extend(
            (number, value.count("x") + 1, key)
            for key, value, how in ([] if fences % 2 else prose_facts(line))
            if key in ("input", "kernel") and how == "prose"
        )
    for block in blocks:
        if first <= block.line <= last:
            _, facts = math_facts([block])
            found.extend(
                (at, value.count("x") + 1, key)
                for key, value, at, how in facts
                if key in ("input", "kernel") and " in R^" in how
            )
    return sorted(found)


def _paragraph_start(lines: list[str], number: int, first: int) -> int:
    """The first line of the paragraph holding line ``number`` (a blockquote's ``>`` line
    is blank there)."""
    start = number
    while start > first and lines[start - 2].strip(" >\t"):
        start -= 1
    return start


def _break_after(lines: list[str], number: int, until: int) -> int | None:
    """The line after the first thematic break (``---``) between ``number`` and ``until``:
    where a thread's aside ends and its replies go back to the question's layer."""
    for n in range(number + 1, until):
        if re.fullmatch(r"\s*(?:-{3,}|\*{3,}|_{3,})\s*", lines[n - 1]):
            return n + 1 if n + 1 < until else None
    return None


def by_stated_axes(
    first: int, last: int, lines: list[str], blocks: list[Block], cuts: dict[int, int]
) -> list[tuple[int, int]]:
    """(first, last) of each run of the section whose stated input keeps one number of
    axes; the section whole where it never changes.  ``cuts`` gets the first line of each
    run after the first, with its input's number of axes (1 or 2)."""
    starts = [first]
    axes = first_axes = None
    kernel = False  # a convolution's notes: a dense layer's batch X \in R^{5x4} is no image
    stated = _stated_inputs(first, last, lines, blocks)
    for at, (number, count, key) in enumerate(stated):
        if key == "kernel":  # a convolution's kernel has its input's axes (W \in R^{3x5} on a
            kernel = kernel or axes in (None, count)  # vector is a dense layer's matrix)
            continue
        first_axes = first_axes or count
        if axes is not None and count != axes and count in (1, 2) and kernel:
            cut = _paragraph_start(lines, number, first)
            if cut > starts[-1]:
                starts.append(cut)
                cuts[cut] = count
            if count != first_axes:  # an aside: a thematic break before the next statement
                until = next((n for n, _, k in stated[at + 1 :] if k == "input"), last + 1)
                back = _break_after(lines, number, min(until, last + 1))
                if back is not None:
                    starts.append(back)
                    cuts[back] = first_axes
                    count = first_axes
        axes = count
    ends = [s - 1 for s in starts[1:]] + [last]
    return list(zip(starts, ends, strict=True))
