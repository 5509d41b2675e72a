"""A claim under a padding the notes tie to the kernel: "for odd $K$ take $P = (K-1)/2$"
above, then $\\partial L / \\partial X = \\operatorname{pad}_P(G) \\star
\\operatorname{rot}_{180}(W)$.

The general prover makes P a free size and may refute the claim at a kernel and a padding
the notes exclude (kernel 2, padding 1): at stride 1 the input gradient is
pad_{K-1-P}(G) correlated with the turned kernel, which is pad_P(G) exactly when
K - 1 - P = P, i.e. under the notes' P = (K - 1)/2, and not otherwise.  Such a
counterexample says nothing of the claim.  Here the claim is judged again inside the tie:
at kernels 1, 3 and 5 with the padding the notes' formula gives there (where it is a whole
number), on two inputs of unequal sides, at the stride the notes state (case_sizes.py's
judging inside a stated case).  A failure there is a counterexample the notes' own case
holds (wrong); holding at every one is "holds in the case its sentence states" at those
sizes.  A tie whose stride the notes leave unstated, or that no instance satisfies, makes
the claim not-understood, naming the tie.
"""

from __future__ import annotations

from collections.abc import Callable

from symconv.checker.output_case import padding_formula
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG

_ALL_SIZES = ("false for all sizes", "fails at other sizes")
_KERNELS = (1, 3, 5)
_INPUTS = ("6x7", "7x6")


def _outside(found: dict, pad_at: Callable[[int], int | None]) -> bool:
    """Whether the counterexample's kernel and padding break the tie (or are not shown)."""
    sizes = (found.get("counterexample") or {}).get("sizes") or {}
    kernel, pads = sizes.get("k_h"), {sizes.get(k) for k in ("p_t", "p_b", "p_l", "p_r")}
    if not isinstance(kernel, int) or len(pads) != 1 or sizes.get("k_w") != kernel:
        return True
    return pad_at(kernel) != next(iter(pads))


def unless_tied_padding(
    found: dict, text: str, section: str, stride: str | None, rejudge: Callable
) -> dict:
    """``found``, or the claim judged inside the padding the section ties to the kernel
    (``rejudge(case)``: the general reader inside a stated case, returning a verdict or
    None), where the general prover refuted it at sizes outside the tie."""
    message = str(found.get("message", ""))
    if found.get("status") != WRONG or not any(m in message for m in _ALL_SIZES):
        return found
    tie = padding_formula(section)
    if tie is None or "pad" not in text:
        return found
    value_at, shown = tie

    def pad_at(k: int) -> int | None:  # a whole number of rows >= 0, or no padding there
        value = value_at(k)
        return int(value) if value is not None and value.denominator == 1 and value >= 0 else None

    if not _outside(found, pad_at):
        return found  # refuted inside the tie: wrong there too
    said = f"the notes tie the padding to the kernel ({shown})"
    if stride is None or not stride.isdigit():
        return {
            "status": NOT_UNDERSTOOD,
            "message": f"{said} at a stride they do not state; the general prover's "
            f"counterexample is outside the tie (read for all sizes: {message[:100]})",
        }
    held: list[dict] = []
    for k in _KERNELS:
        pad = pad_at(k)
        if pad is None:
            continue
        for size in _INPUTS:
            case = [("input", size), ("kernel", str(k)), ("padding", str(pad)), ("stride", stride)]
            verdict = rejudge(case)
            if verdict is None or verdict.get("status") not in (WRONG, VERIFIED):
                continue
            if verdict["status"] == WRONG:
                return {**verdict, "message": f"{said}; {verdict['message']}"}
            held.append(verdict)
    if not held:
        return {
            "status": NOT_UNDERSTOOD,
            "message": f"{said}, and the claim is not read inside the tie (read for all "
            f"sizes: {message[:100]})",
        }
    return {
        "status": VERIFIED,
        "message": f"{said}: holds in the case its sentence states at {len(held)} layers "
        f"inside the tie (kernels {', '.join(str(k) for k in _KERNELS if pad_at(k) is not None)}"
        f", stride {stride}), every entry; outside it the general prover's counterexample "
        "is no case of the notes",
    }
