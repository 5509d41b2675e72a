"""A claim verified at dilation 1 in notes whose dilation is a letter with no value.

"A 1-D convolution with kernel size $K$ and dilation $D$": the notes' formulas are meant for
every dilation, but the layer the checker reads has the default dilation 1, where a claim
that leaves the dilation out (``\\partial L/\\partial w_k = \\sum_t g_t x_{t+k}`` for
``x_{t+Dk}``) holds as well as the right one.  So before such a claim is called verified
it is evaluated once more at dilation 2: a claim that does not depend on the dilation
(``\\partial L/\\partial b = \\sum_t g_t``) holds there too and stays verified; one that
fails there is not verified.  It is not called wrong either: a section may treat the
undilated case on purpose, and which case it means is not read.  Only a claim whose section
(from the heading above it to the claim) speaks of the dilation, or names its letter in a
formula, is meant for every dilation: notes that state "dilation $D$" among the general
notation and then work a stride-2 example in a section of its own mean no dilation there.
"""

from __future__ import annotations

import re
from contextvars import ContextVar

from symconv.checker.context import Context, finding
from symconv.checker.heading_kind import MARKDOWN_HEADING
from symconv.checker.judge import evaluate_claim
from symconv.checker.letter_parameters import DILATION_WORDS
from symconv.checker.limits import MAX_INSTANCES, Budget, NotUnderstood, Wrong
from symconv.checker.othersizes import quantities_of
from symconv.checker.report import NOT_UNDERSTOOD
from symconv.checker.syntax import Chain
from symconv.checker.truth import Model
from symconv.spec.layer import Conv

# the claim's section up to its line (runner.py sets it for each claim; None: not known, as
# for a claim judged outside a document, where the notes' letter stands for every claim)
CLAIM_SECTION: ContextVar[str | None] = ContextVar("claim_section", default=None)


def claim_section(document: list[str], line: int) -> str:
    """The lines from the nearest Markdown heading above ``line`` (1-based) to it."""
    start = 0
    for number in range(min(line, len(document)) - 1, -1, -1):
        if MARKDOWN_HEADING.match(document[number]):
            start = number
            break
    return "\n".join(document[start:line])


def _speaks_of_dilation(section: str | None, letter: str) -> bool:
    if section is None:
        return True
    if re.search(r"\b" + DILATION_WORDS, section, re.IGNORECASE):
        return True
    math = " ".join(re.findall(r"\$[^$]+\$", section))
    return re.search(r"(?<![A-Za-z\\])" + letter + r"(?![A-Za-z])", math) is not None


def unread_dilation(chain: Chain, ctx: Context, model: Model, budget: Budget) -> dict | None:
    """Not understood when the notes name their dilation with a letter and no number and
    the claim, verified at dilation 1, fails at dilation 2; else None (verified stands)."""
    letter = ctx.extras.get("dilation letter")
    spec = model.spec
    if not letter or not isinstance(spec, Conv) or tuple(spec.dilation) != (1, 1):
        return None
    if not _speaks_of_dilation(CLAIM_SECTION.get(), letter):
        return None
    one = spec.dims == 1
    other = model.variant({"dilation": (1, 2) if one else (2, 2)})
    why = (
        f"it holds at dilation 1, but the notes' dilation is the letter {letter}, which they "
        "give no value"
    )
    if other is None:  # the input is too short for a dilated kernel: no second reading
        return finding(NOT_UNDERSTOOD, f"{why}, and the layer read has no room for dilation 2")
    if model.batch > 1:
        other.batch_size = model.batch_size
        other = other.batched()
    try:
        again = evaluate_claim(chain, other, quantities_of(other), budget, MAX_INSTANCES, ctx.seed)
    except (NotUnderstood, Wrong):
        return finding(NOT_UNDERSTOOD, f"{why}: at dilation 2 the claim is not read")
    if again.failures or again.unknown or not again.checked:
        return finding(
            NOT_UNDERSTOOD,
            f"{why}: at dilation 2 it fails, so whether the claim leaves the dilation out "
            "is not read",
        )
    return None
