"""An output size worked out in numbers, matched to a layer by what it is computed from:
``\\lfloor (28 - 2)/2 \\rfloor + 1 = 14`` after "Pooling halves it" in notes about LeNet-5
is S2's side (input 28, window 2, output 14); ``(3-1)\\cdot 2 - 2\\cdot 1 + 3 = 5`` is the
side of the section's transposed convolution (input 3, kernel 3, output 5) even where an
aside in the same section mentions another kernel.

A value alone could be any layer's; the computation must also use the layer's input side
and kernel side (as written numbers), and its value must be the layer's output side.
"""

from __future__ import annotations

import re
from collections import Counter
from fractions import Fraction

from symconv.checker.context import Context
from symconv.spec.layer import Conv, Dense, Pool


def _uses(source: str, *numbers: int) -> bool:
    """The computation (the first side) writes each of the numbers."""
    written = Counter(int(n) for n in re.findall(r"\d+", source.split("=", 1)[0]))
    return all(written[n] >= k for n, k in Counter(numbers).items())


def section_size(value: Fraction, source: str, ctx: Context) -> str | None:
    """The section's layer, when the computation is of its output side."""
    return layer_size(value, source, ctx.quantities(), ctx.where)


def layer_size(value: Fraction, source: str, q: dict, where: str) -> str | None:
    """A layer's quantities ``q``, when the computation is of its output side."""
    for side, k, out in (("in_h", "k_h", "out_h"), ("in_w", "k_w", "out_w")):
        if None in (q.get(side), q.get(k), q.get(out)):
            continue
        if value == q[out] and _uses(source, q[side], q[k]):
            return f"the output side of {where} (from its input {q[side]}, kernel {q[k]})"
    return None


def network_size(value: Fraction, source: str, networks: list, kinds: set[type]) -> str | None:
    """A layer of a kind the clause names, in the network the notes are about."""
    for net in networks:
        for spec, shape_in, shape_out in net.shapes():
            kind = Pool if isinstance(spec, Pool) else type(spec)
            if kind not in kinds or isinstance(spec, Dense) or len(shape_in) != 3:
                continue
            if not isinstance(spec, Conv | Pool):
                continue
            if value == shape_out[1] and _uses(source, shape_in[1], spec.kernel[0]):
                return f"the output side of {net.name} layer {spec.name}"
    return None


_SET = re.compile(r"(?<![A-Za-z\\])([HWnkKsSpP])(?:_\{?(?:in|\\text\{in\})\}?)?\s*=\s*(\d+)")


def example_size(value: Fraction, source: str, clause: str, transposed: bool) -> str | None:
    """The layer the clause itself sets ("For $H = 9,\\ k = 3,\\ s = 2$: ... = 4"): its
    output side from its input H, kernel k, stride s (1 unless set) and padding p (0 unless
    set), by the convolution's formula (the transposed one's in notes about one)."""
    found: dict[str, int] = {}
    for m in _SET.finditer(clause.split(source, 1)[0] if source in clause else clause):
        found.setdefault(m.group(1).lower().replace("w", "h").replace("n", "h"), int(m.group(2)))
    if "h" not in found or "k" not in found:
        return None
    h, k, s, p = found["h"], found["k"], found.get("s", 1), found.get("p", 0)
    if s < 1:
        return None
    out = (h - 1) * s - 2 * p + k if transposed else (h + 2 * p - k) // s + 1
    if value != out or not _uses(source, h, k):
        return None
    kind = "transposed convolution" if transposed else "convolution"
    return f"the output side of the {kind} the sentence sets (H = {h}, k = {k}, s = {s}, p = {p})"
