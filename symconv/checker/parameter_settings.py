"""A layer parameter the notes set, read as a definition rather than a claim.

"the dilation is $d = 2$", "we take $C_\\text{in} = 2$, $C_\\text{out} = 3$, $K = 3$ and
$H = 5$", "the first with $d = 1$ and the second with $d = 2$": a lone parameter of a layer
(an input side, a kernel size, a stride, a padding, a dilation, a count of channels, samples
or groups) set to a number in the prose's inline math.  Where the layer is read from the
notes, such a line is where the notes define it (or another layer of theirs, as in a stack),
so judging it against the layer read would judge the notes' definition against itself or
against the wrong layer: it gets no verdict.  Where the user declares the layer (options,
front matter, a directive), the notes' value is judged against the declaration, as before.
A computed size stays a claim: an output (``H_\\text{out} = 3``, ``H' = 2``, ``n_o = 4``)
or any chain (``p = (k-1)/2 = 1``).
"""

from __future__ import annotations

import re

# the parameter letters: H, W, L, N (input side, batch), K, k, F, f (kernel), S, s (stride),
# P, p (padding), D, d (dilation), C, c, M, G, g (channels, groups)
_LETTER = r"(?:H|W|L|N|n|K|k|F|f|S|s|P|p|D|d|C|c|M|G|g)"
# a subscript naming an input's or a kernel's axis, or a channel count's side
_SUB = (
    r"(?:_\s*(?:\{\s*)?(?:\\(?:text|mathrm|rm)\s*\{\s*)?"
    r"(?:in|h|w|H|W|i|1|2|x|y|out|o)\s*\}?\s*\}?)?"
)
_SETTING = re.compile(r"\s*(?P<letter>" + _LETTER + r")(?P<sub>" + _SUB + r")\s*=\s*\d+\s*")
_OUTPUT_SUB = re.compile(r"out|o\b|o\s*\}")
_SHAPE_KEYS = {
    "layer",
    "network",
    "input",
    "kernel",
    "stride",
    "padding",
    "dilation",
    "in-channels",
    "out-channels",
    "groups",
    "in-features",
    "out-features",
}


def is_parameter_setting(source: str, document: list[str], line: int, declared: set[str]) -> bool:
    """Whether ``source`` is a lone parameter set to a number in inline prose math, in
    notes whose layer the user does not declare (``declared``: the keys the user set)."""
    if declared & _SHAPE_KEYS or not 1 <= line <= len(document):
        return False
    m = _SETTING.fullmatch(source)
    if m is None:
        return False
    if _OUTPUT_SUB.search(m.group("sub")) and m.group("letter") not in "Cc":
        return False  # H_out = 3: a computed size, a claim (C_out counts filters)
    own = document[line - 1]
    spans = re.finditer(r"(?<!\$)\$([^$]+)\$(?!\$)|\\\((.+?)\\\)", own)
    return any(source.strip() == (s.group(1) or s.group(2) or "").strip() for s in spans)
