"""A claim whose own clause sets a pooling's ``ceil_mode`` ("`ceil_mode=True` gives
$H_{out} = \\lceil (H - k)/s \\rceil + 1$", "in ceil mode the output is ...").

With ``ceil_mode=True`` PyTorch rounds the output size up, and drops a last window that
would start past the input and its left padding: a layer other than the floor-mode one every
other reader here builds.  A verdict reached under the floor-mode layer says nothing of the
claim (a true ceil-mode formula was called wrong), so an output-size formula in the usual
letters is judged against PyTorch's ceil-mode size instead, over a grid of sizes whose
window is at least the stride (where every last window starts inside the input: the case a
formula written for ceil mode describes); any other claim there becomes not understood,
naming the option.  Only the words leading into the claim in its own sentence count:
"floor mode gives $A$ and `ceil_mode=True` gives $B$" sets it for B, not for A; "no
`ceil_mode`" denies it.
"""

from __future__ import annotations

import re

from symconv.checker.allsizes_counts import _value
from symconv.checker.allsizes_parse import parse, walk
from symconv.checker.allsizes_sizes import _ROLES, is_output_formula
from symconv.checker.context import finding
from symconv.checker.layer_counts import OCCURRENCE
from symconv.checker.limits import NotUnderstood
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG

_CEIL_MODE = re.compile(
    r"ceil_mode\s*=\s*True|\bceil(?:ing)?[\s-]+mod(?:e|us|o)\b|\bmod[eo]\s+(?:ceil|plafond|techo)\b",
    re.IGNORECASE,
)
# "no `ceil_mode`", "without ceil mode", "sans le mode ceil": the option denied
_DENIED = re.compile(
    r"\b(?:no|not|without|sans|sin|ohne|senza|sem)\s+(?:the\s+|le\s+|el\s+)?`?\s*(?:mode\s+)?ceil",
    re.IGNORECASE,
)
# a sentence ends at . ; ! ? followed by a space or the line's end (not 0.5, not x.shape)
_SENTENCE_END = re.compile(r"[.;!?](?:\s|$)")


def lead_in(document: list[str], line: int, source: str) -> str:
    """The words of the claim's sentence before it on its line; for a display alone on its
    line, the prose line just above it when that one leads into it (ends with ':')."""
    if not 0 < line <= len(document):
        return ""
    own = document[line - 1]
    at = own.find(source.strip()) if source.strip() else -1
    for _ in range(OCCURRENCE.get()):  # the claim is the n-th of its text on its line
        again = own.find(source.strip(), at + 1) if at >= 0 else -1
        at = again if again >= 0 else at
    before = own[:at] if at >= 0 else ""
    if before.strip().strip("$").strip():
        return _SENTENCE_END.split(before)[-1]
    above = next((t for t in reversed(document[: line - 1]) if t.strip()), "")
    return above if above.rstrip().endswith(":") else ""


def unless_ceil_mode(found: dict | None, document: list[str], line: int, source: str):
    """``found``, or not understood where the claim's own lead-in sets ``ceil_mode``."""
    if found is None or found.get("status") == NOT_UNDERSTOOD:
        return found
    said = lead_in(document, line, source)
    if not _CEIL_MODE.search(said) or _DENIED.search(said):
        return found
    judged = judge_ceil_formula(source)
    if judged is not None:
        return judged
    return {
        "status": NOT_UNDERSTOOD,
        "message": "its sentence sets ceil_mode (the output size rounded up, a last window "
        "that may overhang the input), a pooling the layer read here is not: its output "
        "size in that mode is not checked",
    }


def ceil_size(n: int, k: int, s: int, p: int) -> int | None:
    """PyTorch's pooling output side with ``ceil_mode=True`` (no dilation): rounded up, less
    one where the last window would start past the input and its left padding."""
    if n + 2 * p < k or 2 * p > k:
        return None  # no window, or a padding PyTorch refuses (more than half the window)
    out = -((n + 2 * p - k) // -s) + 1
    return out - 1 if (out - 1) * s >= n + p else out


def judge_ceil_formula(source: str) -> dict | None:
    """``H_out = <formula in H, k, s, p>`` judged against :func:`ceil_size` over a grid of
    sizes whose window is at least the stride (the usual pooling: there every last window
    starts inside the input, and a formula written for it need not hold for a window smaller
    than its stride, which PyTorch trims); None where the claim is no such formula."""
    try:
        tree = parse(source)
    except NotUnderstood:
        return None
    if tree.kind != "chain" or set(tree.parts[1]) != {"="} or len(tree.parts[0]) != 2:
        return None
    left, right = tree.parts[0]
    if not is_output_formula(left, right):
        return None
    names = {m.parts[0] for m in walk(right) if m.kind == "sym"}
    roles = {_ROLES[n] for n in names}
    if not roles <= {"n", "k", "s", "p"} or not {"k", "s"} <= roles:
        return None
    tried = 0
    for n in range(1, 11):
        for k in range(1, 6):
            for s in range(1, min(k, 3) + 1):
                for p in range(0, 3) if "p" in roles else (0,):
                    truth = ceil_size(n, k, s, p)
                    if truth is None:
                        continue
                    env = {name: {"n": n, "k": k, "s": s, "p": p}[_ROLES[name]] for name in names}
                    try:
                        claimed = _value(right, env)
                    except ZeroDivisionError:
                        continue
                    tried += 1
                    if claimed != truth:
                        shown = ", ".join(f"{a} = {b}" for a, b in sorted(env.items()))
                        return finding(
                            WRONG,
                            f"false in ceil mode: with {shown}, the formula gives {claimed}, "
                            f"PyTorch's pooling with ceil_mode=True has {truth}",
                            expected=str(truth),
                            counterexample={"sizes": env, "right": str(claimed)},
                        )
    if not tried:
        return None
    return finding(
        VERIFIED,
        f"holds over a grid of {tried} sizes (window at least the stride): the pooling "
        "output size with ceil_mode=True",
    )
