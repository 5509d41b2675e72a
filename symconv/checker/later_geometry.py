"""A stride, padding or dilation the notes state only after a claim, in a later paragraph of
its section ("*Avec un pas de 2* (même X, même K) ..." closing a section whose claims were
all written for stride 1).

The section's layer is read from all of its prose, so such a fact reaches back to the claims
before it.  Read in order, the notes had not said it yet when they wrote the claim; but a
section may also state its layer last ("here the stride is 2").  Which one the claim means is
then a guess, so a verdict that changes when the later fact is dropped is not-understood,
naming the fact; a verdict the same either way stands.

A pooling's window too: "the average pool halves them ... $dX = \\tfrac14
dY[\\ldots]$", then a paragraph later a global pooling over $4 \\times 4$ maps.  A kernel has
no default to drop back to, so the claim is judged under another common one (2x2, or 3x3
where the later one is 2x2): a verdict that changes rests on the later window.
"""

from __future__ import annotations

from symconv.checker.report import ALL_SIZES, NOT_UNDERSTOOD, SIZE_SPECIFIC, VERIFIED, WRONG

_GEOMETRY_DEFAULTS = {"stride": "1", "padding": "0", "dilation": "1", "output-padding": "0"}
_JUDGED = (VERIFIED, WRONG, SIZE_SPECIFIC)


def paragraph_end(document: list[str], line: int) -> int:
    """The last line (1-based) of the paragraph holding ``line``: up to the next blank line."""
    end = line
    while end < len(document) and document[end].strip():
        end += 1
    return end


def later_facts(
    facts, settings, document: list[str], line: int, inherited: dict[str, str] | None = None
) -> list[tuple[str, str, str, int]]:
    """(key, the value before, the value in use, its line) for each geometry setting in use
    that the section's facts state only after the claim's paragraph.  ``inherited``: the
    values earlier sections state, in use before the section says otherwise (a later
    "el relleno es 1" that repeats them changes nothing)."""
    end = paragraph_end(document, line)
    found = []
    kernel = settings.get("kernel")
    other_kernel = "3x3" if str(kernel) in ("2", "2x2") else "2x2"
    pool = str(settings.get("layer") or "").startswith(("max", "avg"))
    kernel_later = any(f.key == "kernel" and f.line > end for f in facts) and not any(
        f.key == "kernel" and f.line <= end for f in facts
    )
    # a pool's window (a convolution's kernel stated late is left as it was read)
    keys = (*_GEOMETRY_DEFAULTS.items(), *((("kernel", other_kernel),) if pool else ()))
    for key, default in keys:
        if pool and key == "stride":  # a pool's stride is its window unless stated
            default = other_kernel if kernel_later else str(kernel)
        default = (inherited or {}).get(key, default)
        value = settings.get(key)
        stated = [f for f in facts if f.key == key]
        if value is None or not stated:
            continue
        earlier = [f for f in stated if f.line <= end]
        later = [f for f in stated if f.line > end and f.value == value]
        if later and not any(f.value == value for f in earlier) and default != value:
            before = earlier[0].value if earlier else default
            found.append((key, before, value, later[0].line))
    return found


def unless_stated_later(found: dict, judged_under, text: str, later) -> dict:
    """``found``, or not-understood when dropping a fact stated after the claim changes it.

    ``judged_under(text, changes)`` gives the verdict under changed settings; ``later`` is
    :func:`later_facts`'s list."""
    if found is None or found.get("status") not in _JUDGED or not later:
        return found
    changes = {key: before for key, before, _, _ in later}
    other = judged_under(text, changes)
    if other is None or other.get("status") == NOT_UNDERSTOOD:
        return found  # without the later fact the claim is not read: nothing to weigh
    if _holds(other) == _holds(found):
        return other  # the same verdict; its reasons as the notes read up to the claim
    said = ", ".join(f"the {key} {value} of line {at}" for key, _, value, at in later)
    return {
        "status": NOT_UNDERSTOOD,
        "message": f"its verdict rests on {said}, stated after this claim: whether the notes "
        "mean it for this claim or for a later case is not read",
    }


def _holds(verdict: dict) -> str | None:
    """The verdict's status, "verified" for a claim verified at the sizes or for all sizes
    (a general formula read with the later padding and without it holds either way)."""
    status = verdict.get("status")
    return VERIFIED if status in (VERIFIED, ALL_SIZES) else status
