"""A layer stated by its code's array shapes as numbers: "Shapes in my test: `X` is `(2, 3,
5, 5)` (N, C, H, W), `W` is `(4, 3, 3, 3)`, `b` is `(4,)`".

Issue threads and notebook notes give the arrays' shapes, not the layer's sizes.  The
input's tuple is read only with the letters that name its axes beside it ("(N, C, H, W)",
the orders letter_sizes._shape_whats knows): a bare (2, 3, 5, 5) may be channels last.  The
weights' tuple is then read in the layout that goes with a channels-first input (PyTorch's
and NumPy course frameworks' (F, C, KH, KW)) only where its second number is the input's
channel count, and a bias's ``(F,)`` where given must be its first: any other agreement is
a guess, and nothing of the weights is read.  A bias whose shape is stated makes the layer
biased.  One tensor stated twice with different shapes states nothing.

The shapes state one layer whole: a later section that states a kernel, stride, padding or
channel count of its own in words ("Minimal case: one channel, ..., a $2\\times 2$ kernel,
stride 2") poses another layer, and takes none of these sizes (mixed with its own they
would describe neither).
"""

from __future__ import annotations

import re

from symconv.checker.letter_sizes import _shape_whats

_NAME = r"[A-Z]{1,2}(?:_\{?[A-Za-z]{1,3}\}?)?|[a-z]"
# `X` is `(2, 3, 5, 5)` (N, C, H, W); `b` has shape (4,)
_STATED = re.compile(
    r"`\s*(?P<t>[xXwWb])\s*`\s+(?:is|has\s+shape|of\s+shape|:)\s+`?\s*"
    r"\(\s*(?P<values>\d{1,4}(?:\s*,\s*\d{1,4}){0,4})\s*,?\s*\)\s*`?"
    r"(?:\s*\(\s*(?P<letters>(?:" + _NAME + r")(?:\s*,\s*(?:" + _NAME + r")){2,4})\s*\))?"
)
CODE_SHAPES = "the code's array shapes"
_ROLE = {"x": "input", "X": "input", "w": "kernel", "W": "kernel", "b": "bias"}


def _stated(text: str) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]] | None]:
    """role -> (values, letters) for each tensor stated once (None: stated differently)."""
    found: dict[str, tuple[tuple[str, ...], tuple[str, ...]] | None] = {}
    for m in _STATED.finditer(text):
        role = _ROLE[m.group("t")]
        values = tuple(v.strip() for v in m.group("values").split(","))
        letters = tuple(x.strip() for x in (m.group("letters") or "").split(",") if x.strip())
        if role in found and found[role] != (values, letters):
            found[role] = None
        else:
            found.setdefault(role, (values, letters))
    return found


def code_shape_facts(lines: list[str], first: int) -> list[tuple[str, str, int]]:
    """(key, value, line) for the sizes a section's code shapes state (``lines``: the
    section's, the first numbered ``first``)."""
    text = "\n".join(lines)
    stated = _stated(text)
    given = stated.get("input")
    if given is None or not given[1] or len(given[0]) != len(given[1]):
        return []
    whats = _shape_whats("input", list(given[1]))
    if whats is None or whats[1] != "in-channels":
        return []  # channels first only: the weights' layout is read from it
    sizes = dict(zip(whats, given[0], strict=True))
    where = next(m.start() for m in _STATED.finditer(text) if _ROLE[m.group("t")] == "input")
    at = first + text[:where].count("\n")
    found = [
        ("input", f"{sizes['input-height']}x{sizes['input-width']}", at),
        ("batch", sizes["batch"], at),
        ("in-channels", sizes["in-channels"], at),
    ]
    weights, bias = stated.get("kernel"), stated.get("bias")
    if weights is None or len(weights[0]) != 4 or weights[1]:
        return found
    out, into, kh, kw = weights[0]
    if into != sizes["in-channels"]:
        return found
    if "bias" in stated and (bias is None or bias[0] != (out,)):
        return found
    found += [("kernel", f"{kh}x{kw}", at), ("out-channels", out, at)]
    if bias is not None:
        found.append(("bias", "true", at))
    return found


def restated_apart(fact, own: list) -> bool:  # type: ignore[no-untyped-def]
    """Whether an inherited fact read from code shapes meets a section that states its own
    geometry in words (``own``: the section's facts)."""
    return fact.how == CODE_SHAPES and any(
        f.how == "prose" and f.key in ("kernel", "stride", "padding", "in-channels") for f in own
    )
