"""Where the layer of a claim's own passage (bound_sizes.py) and the section's layer (the
rest of the checker) disagree about a size or count claimed by name.

The passage is nearer the claim than the section: a quiz's question 3 states its own layer,
whatever the notes' first section describes.  So a verdict from the passage's layer stands
over a missing or not-understood one and over ``wrong`` (the section's layer was another);
where the section's layer verifies what the passage's layer calls wrong, the two readings
disagree and the claim is not understood, never called wrong on the nearer guess alone.
"""

from __future__ import annotations

from symconv.checker.bound_sizes import (
    OWN_SENTENCE,
    QUESTION_READ,
    judge_bare_size,
    judge_named_size,
)
from symconv.checker.chain_claims import judge_chain_claim
from symconv.checker.effective_kernel import judge_effective_kernel
from symconv.checker.layer_costs import judge_layer_cost
from symconv.checker.part_chain import judge_part_chain
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.same_padding import judge_same_padding
from symconv.checker.size_names import left_side, quantity_of


def with_named_size(
    found: dict | None, text: str, document: list[str], line: int, source: str
) -> dict | None:
    try:
        merged = _merged(found, text, document, line, source)
    except (ArithmeticError, ValueError, LookupError, TypeError, AttributeError, RecursionError):
        merged = found  # a reader's bug never costs the claim the verdict it has
    return unless_transposed_mark(merged, source)


def unless_transposed_mark(found: dict | None, source: str) -> dict | None:
    """Not understood where the claim's name marks a transposed layer's output (H^{T}_{out})
    and the verdict was reached for another layer (a convolution's output side)."""
    if found is None or found["status"] == NOT_UNDERSTOOD:
        return found
    marked = quantity_of(left_side(source) or "", "")
    if marked is None or not marked.transposed or "transpose" in str(found.get("message")):
        return found
    return {
        "status": NOT_UNDERSTOOD,
        "message": f"{marked.written} marks a transposed layer's output, and the verdict read "
        f"another layer: {found['message']}",
    }


def _merged(
    found: dict | None, text: str, document: list[str], line: int, source: str
) -> dict | None:
    bound = judge_part_chain(text, document, line, source)  # H_2 of a part adding a layer
    if bound is None:
        bound = judge_chain_claim(text, document, line, source)
    if bound is None:
        bound = judge_named_size(text, document, line, source)
    if bound is None:
        bound = judge_effective_kernel(text, document, line, source)
    if bound is None:
        bound = judge_same_padding(text, document, line, source)
    if bound is None:  # MACs = 8·32·17²·16·9, "... = 295 936 bytes"
        bound = judge_layer_cost(text, document, line, source)
    if bound is None and (found is None or found["status"] == NOT_UNDERSTOOD):
        bound = judge_bare_size(text, document, line, source)
    if bound is None:
        return found
    if bound["status"] == NOT_UNDERSTOOD:  # no passage states the layer: the section's
        return found if found is not None else bound
    if found is None or found["status"] == NOT_UNDERSTOOD:
        return bound
    if found["status"] == VERIFIED and bound["status"] == WRONG and not _own(bound):
        return {
            "status": NOT_UNDERSTOOD,
            "message": (
                "the layer of the claim's own passage and the section's layer disagree: "
                f"{bound['message']} (the section's layer verifies it)"
            ),
        }
    return bound


def _own(bound: dict) -> bool:
    """The claim's own sentence states a fact of its layer ("With $P = 1$ and $S = 2$ ...,
    $H_{out} = ...$"), or its numbered question states the layer (its input and kernel,
    read within the question alone): the section's layer is not the claim's."""
    message = str(bound.get("message", ""))
    return f"({OWN_SENTENCE})" in message or QUESTION_READ in message
