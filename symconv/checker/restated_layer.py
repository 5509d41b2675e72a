"""A layer the notes state again, differently, before a claim: "**Answer (second part:
ordinary strided conv).** Take $X\\in\\mathbb{R}^{7\\times 7}$, $W \\in
\\mathbb{R}^{3\\times3}$, stride 2, no padding" in a section whose layer (a transposed
convolution, input 3x3) was read from its first lines.  The reader keeps the first value
of each fact and notes the contradiction; a claim after the line that states the other
value may be about that other layer, so calling it wrong under the first would rest on a
guess.  Such a verdict is not understood, naming the contradiction.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from symconv.checker.report import NOT_UNDERSTOOD, SIZE_SPECIFIC, WRONG

# "input 3x3 (line 5, prose) but 7x7 (line 45, prose); using 3x3"
_CONFLICT = re.compile(r"^([\w-]+) (.+?) \(line (\d+), [^)]*\) but (.+?) \(line (\d+), ")
# the same, with where each value comes from ("prose", "the kernel written out as ...")
_CONFLICT_HOW = re.compile(r"^[\w-]+ .+? \(line \d+, ([^)]*)\) but .+? \(line \d+, ([^)]*)\)")
# another input size or kind of layer makes another layer; its other facts come with it
_LAYER_KEYS = {"layer", "input", "in-features"}
_WITH = {"kernel", "stride", "padding", "dilation", "in-channels", "out-channels", "out-features"}
_GEOMETRY = {"stride", "padding", "dilation"}


def restated(
    conflicts: list[str], line: int, apart: Callable[[int, int, str, str], bool] | None = None
) -> tuple[str, dict[str, str]] | None:
    """(what the notes restate, the settings of the layer they restate) when a contradiction
    about the layer has its other value on a line after the kept one and at or before
    ``line``; None otherwise.  A stride, padding or dilation alone counts only where
    ``apart(kept, other, key, value)`` accepts it (a thread's reply after a break whose claim
    writes that stride in its indices: "I also want to support `stride=2`"); elsewhere a
    second stride is most often the case the notes contrast ("as with stride 1"), and the
    claims are the layer's own."""
    changes: dict[str, str] = {}
    said: list[str] = []
    alone: set[str] = set()  # geometry restated where ``apart`` accepts it
    for conflict in conflicts:
        m = _CONFLICT.match(conflict)
        if m is None or m.group(1) not in _LAYER_KEYS | _WITH:
            continue
        kept, other = int(m.group(3)), int(m.group(5))
        if kept < other <= line and m.group(1) not in changes:
            changes[m.group(1)] = m.group(4)
            if apart is not None and apart(kept, other, m.group(1), m.group(4)):
                alone.add(m.group(1))
            said.append(f"{m.group(1)} {m.group(4)} (line {other}), not {m.group(2)}")
    # another input or kind; or another stride, padding or dilation ("I also want to
    # support `stride=2` with the same `pad=1`" in a thread whose layer was read as stride 1)
    if not (_LAYER_KEYS & set(changes) or _GEOMETRY & alone):
        return None
    return "; ".join(said), changes


def is_arithmetic(text: str) -> bool:
    """Numbers alone (wrong under any layer when it does not add up)."""
    return not re.search(r"[A-Za-z]", re.sub(r"\\[A-Za-z]+", "", text))


def open_layer(found: dict, what: str) -> dict:
    """The not-understood verdict of a claim wrong under the section's layer but not under
    the one the notes restate before it."""
    return {
        "status": NOT_UNDERSTOOD,
        "message": (
            f"wrong under the layer read for this section, but the notes state {what} "
            "before it, and under that layer it holds: which layer the claim is about "
            f"is not read (read with the first: {str(found.get('message', ''))[:120]})"
        ),
    }


FLAGGED = (WRONG, SIZE_SPECIFIC)


def conflict_alternatives(readings: list, section: int, settings) -> list[tuple[str, dict]]:
    """(what, changes) for each value the notes write out as numbers (a matrix) and the
    reader set aside for another the prose states: a contradiction of the claim's section,
    or of an earlier one it takes its layer from ("kernel 2x2 (line 43, prose) but 3x3
    (line 37, the kernel written out as a matrix of numbers)"), whose kept value is the one
    in use.  A claim wrong under the kept value and true under the notes' own numbers rests
    on which of the two the reader kept.  (A value only said in prose may be a what-if,
    "con paso 3 ...", under which a mistake can hold: those stay set aside.)"""
    found: list[tuple[str, dict]] = []
    seen: set[tuple[str, str]] = set()
    for reading in readings[: section + 1]:
        for conflict in reading.conflicts:
            m = _CONFLICT.match(conflict)
            if m is None or m.group(1) not in _LAYER_KEYS | _WITH:
                continue
            told = _CONFLICT_HOW.match(conflict)
            if told is None:
                continue
            key, first, second = m.group(1), m.group(2), m.group(4)
            written = {
                v
                for v, how in ((first, told.group(1)), (second, told.group(2)))
                if "written out" in how
            }
            other = {first: second, second: first}.get(str(settings.get(key)))
            if other is None or other not in written or (key, other) in seen:
                continue
            seen.add((key, other))
            found.append((f"{key} {other} (the notes state both)", {key: other}))
    return found
