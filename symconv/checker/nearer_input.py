"""An input size the prose restates, closer to a claim than the one the layer was read with.

"Setup: 7x7 inputs ... Careful with 8x8 inputs. The forward output is still 4, but then
$dX = \\operatorname{conv\\_transpose2d}(dY, W, ...)$ is one row short": one section, two
input sizes.  The section's layer keeps the first (and notes the contradiction); a claim
written after the second is about the second, and judged at the first it is a false alarm
or a miss (the call without output_padding gives 7x7: right at 7, wrong at 8).  Such a
claim is not understood, naming both sizes, until the notes give the second its own
section or layer.
"""

from __future__ import annotations

import re

from symconv.checker.infer import Fact

# "the zero-padded 9x9 input": the padded input's size, not another layer's input
_PADDED = re.compile(r"padded|rellenad|aufgef[üu]llt|gepadd|remplie", re.IGNORECASE)


def restated_input(
    facts: list[Fact], line: int, used: str | None, document: list[str]
) -> str | None:
    """Why a claim on ``line`` is not judged with the input ``used``: the last input the
    prose states before it is another, or None."""
    last = _last_input(facts, line, used, document)
    if last is None:
        return None
    return (
        f"the notes state an input of {last.value} on line {last.line}, after the "
        f"{used} the layer was read with: which input the claim is about is not read"
    )


def restated_value(
    facts: list[Fact], line: int, used: str | None, document: list[str]
) -> str | None:
    """The input the prose restates last before ``line`` where it is not ``used``."""
    last = _last_input(facts, line, used, document)
    return None if last is None else last.value


def _last_input(facts: list[Fact], line: int, used: str | None, document: list[str]) -> Fact | None:
    before = [
        f
        for f in facts
        if f.key == "input"
        and 0 < f.line <= min(line, len(document))
        and f.how == "prose"
        and not _PADDED.search(document[f.line - 1])
    ]
    if not before or used is None:
        return None
    last = max(before, key=lambda f: f.line)
    return None if last.value == used else last
