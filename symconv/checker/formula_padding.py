"""An output-size formula in letters that writes no padding, judged at a padded layer.

"Facts worth remembering: with stride $s$ the windows start every $s$ pixels, $H_{out} =
\\lfloor (H - k)/s \\rfloor + 1$": a formula in letters stated as a general fact, with no
padding letter in it, while the layer the checker carries into the section (a worked
example's, padding 1) pads.  Judged at that layer it "fails for conv2d ..., padding 1", yet
it is the exact output side of every unpadded layer (H here may be the size after padding,
too).  Whether it is meant for the unpadded case or is the padded layer's size with the
padding forgotten, the formula alone does not say.

So a size formula in letters called wrong at the layer read, which writes no padding (no
``p``, ``P``, ``pad``) while that layer has a padding above 0 that the claim's own section
(back to its heading) never mentions, and which holds at the same layer with padding 0, is
not understood, naming both readings.  One that fails without padding too (a floor for a
ceiling, a missing + 1) stays wrong, and so does one in a section that states the padding
(there the forgotten padding is the claim's own mistake).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from symconv.checker.lexicon import PADDING
from symconv.checker.report import ALL_SIZES, NOT_UNDERSTOOD, VERIFIED, WRONG

# a padding in the formula: p, P, p_h, P_{top}, \text{pad}, padding
_PADDING = re.compile(r"(?<![A-Za-z\\])(?:[Pp](?![A-Za-z])|pad\w*)")
_LETTER = re.compile(r"(?<![A-Za-z\\])[A-Za-z](?![A-Za-z])")
# the section speaks of a padding: a word for it, "P = 1", "padding=1", "same"/"valid"
_SAID = re.compile(
    rf"\b(?:{PADDING}|pad\w*|same|valid)\b|(?<![A-Za-z\\])[Pp]\s*=\s*\d", re.IGNORECASE
)


def section_says_padding(document: list[str], line: int) -> bool:
    """The claim's section, from the nearest heading above it to its own line, speaks of a
    padding."""
    start = line
    while start > 1 and not document[start - 1].lstrip().startswith("#"):
        start -= 1
    return bool(_SAID.search("\n".join(document[start - 1 : line])))


# a formula in letters judged at the layer read: "fails for conv2d ...", "fails at other sizes"
_FAILS = ("fails for ", "fails at other sizes")


def _padded(value: str | None) -> bool:
    """The layer's padding setting ("1", "1x1", "0,1,0,1") pads somewhere."""
    return any(int(v) > 0 for v in re.findall(r"\d+", value or ""))


def unless_unpadded_formula(
    found: dict,
    text: str,
    padding: str | None,
    judged_under: Callable[[str, dict], dict | None],
    section: tuple[list[str], int],
) -> dict:
    """``found`` (a size formula wrong at the layer read), or not-understood where the
    formula writes no padding, the layer pads, its section (``section``: the notes' lines
    and the claim's line) does not speak of a padding, and at padding 0 the formula holds."""
    if found.get("status") != WRONG or not str(found.get("message", "")).startswith(_FAILS):
        return found
    right = text.split("=", 1)[1] if "=" in text else ""
    if _PADDING.search(text) or not _LETTER.search(right) or not _padded(padding):
        return found
    if section_says_padding(*section):
        return found  # the section states the padding: leaving it out is the claim's slip
    other = judged_under(text, {"padding": "0"})
    if other is None or other.get("status") not in (VERIFIED, ALL_SIZES):
        return found
    return {
        "status": NOT_UNDERSTOOD,
        "message": (
            f"its formula writes no padding and holds without padding; the layer read has "
            f"padding {padding}, where it {str(found.get('message', ''))[:200]}: whether it is "
            "the unpadded case or the padded layer's size with the padding left out is not read"
        ),
    }
