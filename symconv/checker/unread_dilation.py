"""A dilation the section sets with its letter in words the checker does not read as a setting.

"Σε ένα μικρό παράδειγμα ο πυρήνας $2 \\times 2$ έχει $d = 2$", "a $2 \\times 2$ kernel with
$d = 2$": in notes about dilated convolutions, a lone ``$d = 2$`` in the section's prose is
the example's dilation, but the readers of settings take a lone letter's number only in a
sentence that sets values ("we take", "παίρνουμε", "取"): a sentence they do not know leaves
the layer at the default dilation 1.  Judged there, a claim right for dilation 2
(``Y[i,j] = \\sum_u \\sum_v W[u,v] X[i + 2u, j + 2v]``, a 3x3 output of a 5x5 input) is a false
alarm, and a dilation-1 formula one that passes.

So where the section (its lines up to the claim, its what-if sentences left out; where it
writes none, the nearest section its layer goes on from) writes the dilation's letter
(``d``, ``D`` or the letter the notes name their dilation with) set to a number of 2 or
more, the notes speak of dilation (a word for it in a language :data:`lexicon.DILATION`
knows, "dilated", "atrous"), and the layer read has dilation 1 without the notes stating
that, a verdict (verified, wrong, size-specific) the claim does not also get at each such
dilation is not understood, naming the setting not read; one it gets at all of them stands
(a slip wrong at every dilation is still caught).  A dilation the section's readers did
read is never second-guessed here, nor a size formula judged over a grid of sizes (those
readers hold the dilation at 1 unless the formula writes it: the section's example is not
their case), nor a verdict whose reader took the dilation from the claim's own sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from symconv.checker import lexicon
from symconv.checker.letter_parameters import dilation_letter
from symconv.checker.prose import without_what_ifs
from symconv.checker.report import NOT_UNDERSTOOD, SIZE_SPECIFIC, VERIFIED, WRONG

_JUDGED = (VERIFIED, WRONG, SIZE_SPECIFIC)
# inline math (one $ each side), as the prose writes a setting
_INLINE = re.compile(r"(?<!\$)\$([^$]+)\$(?!\$)")
# the words that say the notes are about dilation (a dilated kernel, its rate)
_SPEAKS = re.compile(
    rf"\b(?:{lexicon.DILATION}|dilated|atrous|à trous|dilatad[oa]s?|dilatat[oa]|dilat[ée]e?s?)",
    re.IGNORECASE,
)
# the verdicts of the readers of general size formulas (allsizes_sizes.py, allsizes_notes.py,
# symbolic_counts.py): judged over a grid of sizes, at dilation 1 unless the formula writes
# the dilation (their convention), never at the section's layer, so no setting of the
# section's example is their case ("$K = 3$, $D = 2$: $K_{ef} = 4$" in a formula sheet's row)
_GENERAL = re.compile(r"holds over a grid of |false: with ")
_LARGEST = 8  # the dilations a layer has (parameter_settings.py reads up to 8 too)


def _settings(section: str, letters: tuple[str, ...]) -> list[tuple[int, int]]:
    """(line offset in ``section``, value) of every lone ``letter = n`` (n >= 2) written in
    the section's inline math, outside its what-if sentences."""
    found = []
    setting = re.compile(
        r"(?:^|[,;]|\\quad|\\qquad)\s*(?:" + "|".join(map(re.escape, letters)) + r")\s*=\s*"
        r"(\d{1,2})\s*(?:$|[,;]|\\quad|\\qquad)"
    )
    for offset, row in enumerate(section.split("\n")):
        for span in _INLINE.finditer(without_what_ifs(row)):
            for m in setting.finditer(span.group(1)):
                value = int(m.group(1))
                if 2 <= value <= _LARGEST:
                    found.append((offset, value))
    return found


def unread_dilation(
    sections: list[tuple[int, str]], document: str, layer: dict, stated: frozenset
) -> tuple[str, tuple[int, ...]] | None:
    """Why the claim's assumed dilation 1 is in doubt and the dilations the notes set with
    the letter, or None.  ``sections``: (first line, text) of the claim's section up to the
    claim, then of each section its layer goes on from, nearest first (the settings of the
    nearest that writes any count); ``document``: the whole notes."""
    if "dilation" in stated or str(layer.get("dilation") or 1) != "1":
        return None
    if _SPEAKS.search(document) is None:
        return None  # "$d = 2$" in notes that never speak of dilation: a dimension, a depth
    named = dilation_letter(document)
    letters = tuple(sorted({"d", "D", *([named] if named else [])}))
    for first, section in sections:
        found = _settings(section, letters)
        if found:
            values = tuple(sorted({value for _, value in found}))
            return (
                f"line {first + found[-1][0]} sets the dilation's letter to "
                f"{' and '.join(map(str, values))} in words not read as the layer's dilation",
                values,
            )
    return None


def _names_dilation(message: str, dilation: int) -> bool:
    """Whether a verdict's message says it was judged at ``dilation`` ("a causal layer with
    K = 3 taps 2 apart", "dilated by 2", "dilation 2 (its sentence)"): a reader that takes
    the dilation from the claim's own sentence (causal_padding.py, kernel_dilation.py)."""
    return (
        re.search(rf"\b(?:dilation|dilated by|d\s*=)\s*{dilation}\b|\b{dilation} apart\b", message)
        is not None
    )


def unless_dilation_unread(
    found: dict | None, doubt: tuple[str, int] | None, again: Callable
) -> dict | None:
    """``found``, or not-understood when it is a verdict under a layer whose dilation 1 is in
    doubt (:func:`unread_dilation`) and the claim judged ``again`` at a dilation the notes
    set gets another verdict: then the verdict rests on the unread dilation."""
    if found is None or doubt is None or found.get("status") not in _JUDGED:
        return found
    if _GENERAL.match(str(found.get("message", ""))):
        return found  # a size formula judged over a grid of sizes, not at the section's layer
    why, dilations = doubt
    message = str(found.get("message", ""))
    if any(_names_dilation(message, dilation) for dilation in dilations):
        return found  # its reader took the notes' dilation itself ("taps 2 apart"), not 1
    others = [again({"dilation": str(dilation)}) for dilation in dilations]
    if all(o is not None and o.get("status") == found.get("status") for o in others):
        return found  # the same verdict at every dilation the notes set
    return {
        "status": NOT_UNDERSTOOD,
        "message": f"the dilation is not read ({why}); judged at dilation 1: {message[:120]}",
    }
