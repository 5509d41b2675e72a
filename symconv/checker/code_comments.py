"""A layer stated in a code block's comments, as NumPy course code annotates its arrays:
``x, w, b, stride, pad = cache  # x: (N, C, H, W) = (4, 3, 8, 8); w: (F, C, HH, WW) = (6, 3,
3, 3)`` and ``# stride = 1, pad = 1``.

The comments name each axis beside its size, so the reading is the annotation's own: the
input's (N, C, H, W) give the batch, its channels and its H x W; the weights' (F, C, HH, WW)
their filters and kernel, read only where their second letter is the input's channel letter
(the layout is then stated, not assumed); ``stride = s`` and ``pad = p`` in a comment give
the geometry.  A letter order other than channels first, a tensor annotated twice with
different sizes, or a setting given two values states nothing.  Where the comments also
annotate the output (``dout: (N, F, H_out, W_out) = (4, 6, 8, 8)``), its sides must be what
the sizes read give, else the geometry is dropped (a comment about another case).
"""

from __future__ import annotations

import re

from symconv.checker.code_shapes import CODE_SHAPES

_LETTERS = r"[A-Za-z][A-Za-z_]*"
_ANNOTATION = re.compile(
    r"(?<![A-Za-z_])(?P<t>x|w|dout|dy|out)\s*:\s*\(\s*(?P<letters>"
    + _LETTERS
    + r"(?:\s*,\s*"
    + _LETTERS
    + r"){3})\s*\)\s*=\s*\(\s*(?P<values>\d{1,4}(?:\s*,\s*\d{1,4}){3})\s*\)"
)
_SETTING = re.compile(r"(?<![A-Za-z_])(?P<k>stride|pad|padding)\s*=\s*(?P<v>\d{1,2})\b")
_KEY = {"stride": "stride", "pad": "padding", "padding": "padding"}


def _comments(block: str) -> str:
    return "\n".join(line.split("#", 1)[1] for line in block.split("\n") if "#" in line)


def _annotated(text: str) -> dict[str, tuple[list[str], list[str]] | None]:
    found: dict[str, tuple[list[str], list[str]] | None] = {}
    for m in _ANNOTATION.finditer(text):
        t = "out" if m.group("t") in ("dout", "dy", "out") else m.group("t")
        shape = (
            [s.strip() for s in m.group("letters").split(",")],
            [s.strip() for s in m.group("values").split(",")],
        )
        found[t] = shape if found.get(t, shape) == shape else None
    return found


def code_comment_facts(block: str) -> list[tuple[str, str, str]]:
    """(key, value, how) for the layer a code block's comments annotate, else none."""
    text = _comments(block)
    shapes = _annotated(text)
    given = shapes.get("x")
    if given is None or given[0][0] != "N" or given[0][1] != "C":
        return []
    n, c, h, w = given[1]
    facts = [("input", f"{h}x{w}", CODE_SHAPES), ("batch", n, CODE_SHAPES)]
    facts.append(("in-channels", c, CODE_SHAPES))
    weights = shapes.get("w")
    kernel = None
    if weights is not None and weights[0][1] == "C" and weights[1][1] == c:
        f, _, kh, kw = weights[1]
        kernel = (int(kh), int(kw))
        facts += [("kernel", f"{kh}x{kw}", CODE_SHAPES), ("out-channels", f, CODE_SHAPES)]
    settings: dict[str, set[str]] = {}
    for m in _SETTING.finditer(text):
        settings.setdefault(_KEY[m.group("k")], set()).add(m.group("v"))
    geometry = {k: v.pop() for k, v in settings.items() if len(v) == 1}
    out = shapes.get("out")
    if out is not None and kernel is not None and geometry:
        s, p = int(geometry.get("stride", "1")), int(geometry.get("padding", "0"))
        sides = [(int(size) + 2 * p - k) // s + 1 for size, k in zip((h, w), kernel, strict=True)]
        if [str(x) for x in sides] != out[1][2:]:
            geometry = {}
    return facts + [(k, v, CODE_SHAPES) for k, v in sorted(geometry.items())]
