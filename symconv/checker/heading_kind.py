"""What a section's heading says of its layer's kind.

- A heading naming a 1-D or 2-D convolution ("## Conv2D", "### 2-D convolution", "## Conv1d")
  states the section's kind, whatever the section before it was: a README whose "## MaxPool"
  section is followed by "## Conv2D" does not carry the pooling on into the convolution's
  formulas.  Only a heading that names the dimension states it ("## Convolutions" alone
  says nothing of it, and the equations decide as before).
- Sections inherit what they do not state from the one before (infer.py), the kind of
  layer included.  Notes that treat a fully connected layer first and the convolution
  after ("## 全连接层的反向传播" then "## 卷积层的反向传播"; "Dense layer backward" then
  "Convolutional layer backward") would read the convolution's claims as a dense layer's.
  A title naming a convolution (any language, with or without the dimension) stops a dense
  or pooling kind from being inherited; the dimension then comes from its indices, as in
  a first section.
"""

from __future__ import annotations

import re

_HEADING_KIND = re.compile(
    r"^\s*#{1,6}\s+(?:[\w.]+\s+)?(?:"
    r"conv(?:olution(?:al)?)?[\s_-]*(?P<a>[12])\s*-?\s*d"
    r"|(?P<b>[12])\s*-?\s*d\s+conv(?:olution(?:al)?|olución)?"
    r"|convoluci[óo]n\s+(?P<c>[12])\s*-?\s*d"
    r")\b",
    re.IGNORECASE,
)


# a library's class as a README's heading: "### `MaxPool2D(2)`", "## AvgPool2d(kernel_size=2)"
_POOL_CLASS = re.compile(
    r"^\s*#{1,6}\s+`?\s*(?:nn\.)?(?P<op>Max|Avg|Average)Pool(?:ing)?2[dD]\s*(?:\(|`|$)"
)


def heading_pool_kind(line: str) -> list[tuple[str, str, str]]:
    """("layer", "maxpool2d", "prose") for a heading naming a 2-D pooling class."""
    pool = _POOL_CLASS.match(line)
    if pool is None:
        return []
    return [("layer", "maxpool2d" if pool.group("op") == "Max" else "avgpool2d", "prose")]


def heading_kind(line: str) -> list[tuple[str, str, str]]:
    """("layer", "conv2d", "prose") for a heading naming a 1-D or 2-D convolution."""
    m = _HEADING_KIND.match(line)
    if m is None:
        return []
    dims = m.group("a") or m.group("b") or m.group("c")
    return [("layer", f"conv{dims}d", "prose")]


_TITLE = re.compile(r"^\s{0,3}(?:#{1,6}\s|\*\*)")
# convolution in the languages notes are written in; no \b around the CJK words
CONVOLUTION_WORDS = _CONVOLUTION = re.compile(
    r"\b(?:convolution(?:al)?|conv(?:1d|2d)?\s+layer|convoluci[óo]n(?:al)?|convolucional"
    r"|couche\s+de\s+convolution|convolu[çc][ãa]o|faltung\w*)\b|卷积|卷積|畳み込み|합성곱",
    re.IGNORECASE,
)
_NOT_CONV = re.compile(r"transpos|deconv|pool|dense|fully|全连接|全連接", re.IGNORECASE)


def title_names_convolution(line: str) -> bool:
    """Whether ``line`` is a heading (or a bold title) naming a convolution and no other
    kind of layer."""
    return (
        bool(_TITLE.match(line)) and bool(_CONVOLUTION.search(line)) and not _NOT_CONV.search(line)
    )


def inherited_kind_dropped(fact_key: str, fact_value: str, title: str) -> bool:
    """Whether an inherited ``layer`` fact (dense or a pooling) is not the kind of a
    section titled ``title``."""
    return (
        fact_key == "layer" and not fact_value.startswith("conv") and title_names_convolution(title)
    )


# a Markdown (ATX) heading as CommonMark reads one: at most three spaces before the hashes,
# its level their count; the one pattern every reader of sections uses
MARKDOWN_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s")
# the settings a heading may name for its own case: "## 3. Paso 2", "### Stride 2, padding 1"
# (an input or a kernel a heading names is the example the next sections go on with)
HEADING_SETTINGS = ("stride", "padding", "dilation")
# labelled items of a list in bold: "**E7 — p. 11 (stride 2, $n = 7$).**", "**Q3.**", "**B9**"
_ITEM = re.compile(r"^\s*(?:[-*]\s+)?\*\*\s*([A-Z]{0,2})\s?\d{1,2}\b")
_ITEM_SETTINGS = (*HEADING_SETTINGS, "input", "kernel", "output")


def _sibling_items(stated: str, own: str) -> bool:
    """Whether a fact's line opens a labelled bold item and the section opens the next of
    the same list ("**E7 ...**" then "**E8 ...**"): an erratum's, an answer's or a
    question's own sizes are its own, not the next item's (the notes' preamble states the
    sizes every item shares)."""
    a, b = _ITEM.match(stated), _ITEM.match(own)
    return a is not None and b is not None and a.group(1) == b.group(1)


def sibling_heading_fact(fact_key: str, fact_line: int, lines: list[str], first: int) -> bool:
    """Whether an inherited fact was stated by the heading of an earlier section of the
    same or a deeper level than the heading at ``first`` ("## 3. Paso 2" before "## 4.
    Retropropagación"): a heading's settings belong to the sections under it, not to the
    next section beside it (a "### Forward" under "## Stride 2" still takes its stride)."""
    if not 1 <= fact_line <= len(lines):
        return False
    if fact_key in _ITEM_SETTINGS and _sibling_items(lines[fact_line - 1], lines[first - 1]):
        return fact_line != first
    if fact_key not in HEADING_SETTINGS:
        return False
    stated, own = (
        MARKDOWN_HEADING.match(lines[fact_line - 1]),
        MARKDOWN_HEADING.match(lines[first - 1]),
    )
    if stated is None or own is None or fact_line == first:
        return False
    return len(own.group(1)) <= len(stated.group(1))
