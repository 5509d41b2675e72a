"""A section whose title names a convolution is not the dense layer (or the pooling) of
the section before it.

Sections inherit what they do not state from the one before (infer.py), the kind of layer
included.  Notes that treat a fully connected layer first and the convolution after
("## 全连接层的反向传播" then "## 卷积层的反向传播"; "Dense layer backward" then
"Convolutional layer backward") then read the convolution's claims as a dense layer's.
The kind a title names is the section's own: a convolution's title stops a dense or
pooling kind from being inherited (the convolution's dimension then comes from its
indices, as in a first section).
"""

from __future__ import annotations

import re

_TITLE = re.compile(r"^\s{0,3}(?:#{1,6}\s|\*\*)")
# convolution in the languages notes are written in; no \b around the CJK words
_CONVOLUTION = re.compile(
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
