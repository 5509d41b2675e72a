"""Under a guessed layer, the notes' own forward definition tells whether the guess is theirs.

Notes that state no sizes in prose still define their layer, in its indices
("$Y_{i,j} = \\sum_{m,n} X_{i+3m,\\,j+3n} K_{m,n}$": dilation 3; "$y_i = \\sum_k w_k
x_{2i+k}$": stride 2) or in code the reader does not take (``F.conv2d(x, w, dilation=3)``).
The checker then judges at a layer it guesses (the largest indices written, stride 1,
no padding, no dilation).  When the section's own definition of the output fails under that
guess, the guess is not the notes' layer: a later claim that fails under it may fail only
because of the guess (a correct dilated entry is "wrong" at dilation 1, and the search for
sizes that make it hold tries strides and paddings, not every reading of the indices).  Such
a claim is not understood, naming the definition, and so is the definition itself (the
guess, not the notes, is wrong there) -- where it holds once a setting the notes leave
unstated is changed (a dilation or a stride of 2 or 3, a padding of 1 or 2): a definition
that fails for a setting the notes state ("stride 2", then the stride-1 formula crossed
out) is a mistake like any other.  A claim before the definition, or in another section,
is judged as before.  Where a definition of the section held under the guess, the
guess is the notes' layer, and a later one that fails (a book's 0-based formula copied into
1-based notes) is a mistake like any other.
"""

from __future__ import annotations

import re

from symconv.checker.report import NOT_UNDERSTOOD
from symconv.checker.restated_layer import FLAGGED

# the settings a guess leaves at PyTorch's defaults, and the values tried for each
UNSTATED_TRIES = (("dilation", ("2", "3")), ("stride", ("2", "3")), ("padding", ("1", "2")))
# a derivative anywhere: a gradient claim, not the forward definition
_GRADIENT = re.compile(r"\\partial|\\nabla|\\frac\s*\{\s*d|\bd[A-Za-z]_|\\delta")
# the left side: one letter (a command such as \tilde kept apart), its entry or the whole
_LEFT = re.compile(
    r"^\s*(?:\\(?:mathbf|boldsymbol|bm)\s*\{\s*)?([A-Za-z])\s*\}?\s*(?:_\s*(?:\{[^{}]*\}|\w)|"
    r"\[[^\[\]]*\](?:\[[^\[\]]*\])*|\([^()]*\))?\s*=(?!=)"
)


def defines_output(text: str, letters: dict[str, str]) -> bool:
    """Whether ``text`` is the forward definition of the layer's output: its left side the
    output or its entry at letter indices (a letter whose role is Z: Y, y_i, Y_{i,j}), its
    right side writing the input's letter and no derivative."""
    m = _LEFT.match(text)
    if m is None or letters.get(m.group(1)) != "Z" or _GRADIENT.search(text):
        return False
    if re.search(r"[_\[(]", m.group(0)) and not re.search(r"[_\[(][^=]*[A-Za-z]", m.group(0)):
        return False  # y_7 = x_2 w_1: one entry of the output, a claim, not the definition
    inputs = [w for w, role in letters.items() if role == "X"]
    right = text[m.end() :]
    return any(re.search(rf"(?<![A-Za-z\\]){re.escape(w)}(?![A-Za-z])", right) for w in inputs)


def unless_definition_failed(found: dict, failed_at: int | None, where: str) -> dict:
    """``found`` (flagged), or not-understood when the section's own forward definition on
    line ``failed_at`` (this claim's line or one before it) failed under the same guessed
    layer."""
    if failed_at is None or found.get("status") not in FLAGGED:
        return found
    return {
        "status": NOT_UNDERSTOOD,
        "message": (
            f"the notes' own definition of the output (line {failed_at}) does not hold under "
            f"the layer the checker guessed ({where}; the notes state no sizes for it): the "
            f"notes' layer is another one (read with it: {str(found.get('message', ''))[:120]})"
        ),
    }
