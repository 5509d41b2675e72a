"""Average pooling whose divisor leaves the padding out: ``count_include_pad=False``.

The checker's average pooling is the depthwise convolution whose every weight is
1/(k_h k_w) (pooling.PoolModel): each window's sum is divided by the whole window, zeros
of the padding included.  That is PyTorch's default (``count_include_pad=True``).  With
``count_include_pad=False`` (or a ``divisor_override``) a window that overhangs the input
is divided by the number of its real cells instead, so its output and the gradient it
sends back differ at the border: another layer than the one read.  Without padding the two
are the same layer (every window is all real cells), which is why a claim that *names* the
option speaks of a padded pooling.

So a verdict reached under the average pooling read here says nothing of a claim when:

* the claim's own sentence names the option (``with `count_include_pad=True` the mass is
  conserved``) and the pooling read is not the one it names: the option is False, or a
  ``divisor_override`` is set, or the pooling read has no padding (the sentence speaks of a
  padding the reading does not have), or the layer read is no average pooling at all;
* the notes build their average pooling with the padding left out of the divisor
  (``nn.AvgPool2d(3, 2, padding=1, count_include_pad=False)``, "the padded zeros are not
  counted") and the claim's own sentence does not switch back to the default.

Those verdicts become not understood, naming the option.  Numbers alone (arithmetic) are
judged as before: they hold or not under any layer.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from symconv.checker.ceil_mode import lead_in
from symconv.checker.report import NOT_UNDERSTOOD

# the option named, with its value when written: "count_include_pad=False", "`count_include_pad`"
_OPTION = re.compile(
    r"count_include_pad\s*(?:=\s*(?P<value>True|False|1|0)\b)?|"
    r"(?P<override>divisor_override\s*=\s*(?!None\b)\w+)",
    re.IGNORECASE,
)
# the padding left out of the divisor, in words: "the padded zeros are not counted",
# "excluding the padding from the count", "sans compter le padding", "sin contar el relleno",
# "ohne das Padding mitzuzählen", "Padding nicht mitgezählt"
_EXCLUDED = re.compile(
    r"\b(?:padd(?:ing|ed)(?:\s+(?:zeros|cells|entries))?|zero[- ]?padding|pads?)\s+"
    r"(?:is\s+|are\s+)?(?:not|never)\s+counted\b|"
    r"\bexclud\w*\s+(?:the\s+)?(?:zero[- ]?)?padd(?:ing|ed)\b|"
    r"\bsans\s+compter\s+(?:le\s+|les\s+)?(?:padding|rembourrage|z[ée]ros)\b|"
    r"\bsin\s+contar\s+(?:el\s+|los\s+)?(?:padding|relleno|ceros)\b|"
    r"\bsem\s+contar\s+(?:o\s+|os\s+)?(?:padding|preenchimento|zeros)\b|"
    r"\bohne\s+(?:das\s+)?Padding\s+mitzuz[äa]hlen\b|\bPadding\s+nicht\s+mitgez[äa]hlt\b",
    re.IGNORECASE,
)
_AVERAGE = ("avgpool1d", "avgpool2d")


def _named(text: str) -> str | None:
    """How ``text`` sets the divisor: "include" (count_include_pad=True, or the option named
    alone), "exclude" (False, an override, or the words), None where it says nothing."""
    found = None
    for m in _OPTION.finditer(text):
        if m.group("override") or (m.group("value") or "").lower() in ("false", "0"):
            return "exclude"
        found = "include"
    if _EXCLUDED.search(text):
        return "exclude"
    return found


def _padding(get: Callable[[str], str | None]) -> int:
    """The pooling's padding as read (0 where none was read)."""
    value = (get("padding") or "0").split("x")[0].split(",")[0].strip()
    return int(value) if value.isdigit() else 0


def unless_pad_count(
    found: dict | None,
    document: list[str],
    line: int,
    source: str,
    get: Callable[[str], str | None],
    arithmetic: bool,
) -> dict | None:
    """``found``, or not understood where its verdict was reached under an average pooling
    other than the one the claim's sentence or the notes' pooling divides by (above)."""
    if found is None or found.get("status") == NOT_UNDERSTOOD or arithmetic:
        return found
    average = (get("layer") or "") in _AVERAGE
    padded = _padding(get) > 0
    own = _named(lead_in(document, line, source))
    if own == "include" and average and padded:
        return found  # PyTorch's default, the pooling read here
    if own is not None:
        shown = "count_include_pad=True" if own == "include" else "a divisor without the padding"
        if not average:
            why = "the layer read here is no average pooling"
        elif not padded:
            why = "the average pooling read here has no padding, so that option changes nothing"
        else:
            why = "the average pooling read here divides every window by its full size"
        return {
            "status": NOT_UNDERSTOOD,
            "message": f"its sentence sets {shown} (how the padded border is averaged); {why}, "
            "so the claim is not checked under it",
        }
    if not average:
        return found
    stated = next((n + 1 for n, text in enumerate(document) if _named(text) == "exclude"), None)
    if stated is None:
        return found
    return {
        "status": NOT_UNDERSTOOD,
        "message": f"the notes' average pooling leaves the padding out of its divisor (line "
        f"{stated}: count_include_pad=False or the like), a pooling not modelled here (every "
        "window is divided by its full size), so the claim is not checked",
    }
