"""Sizes stated of the layer's usual letters: "$X$ is $4 \\times 4$, $K$ is $3 \\times 3$",
"$W$ es de $2\\times 2$", "$Y$ ist $2 \\times 2$".

Without a role word ("input", "kernel") the prose reader sees no role for these sizes,
and the layer falls back on a weaker statement elsewhere (``\\mathbf{x} \\in
\\mathbb{R}^{16}``, the input flattened).  Only the letters every convention gives the
same role are read: X and I the input, W and K the kernel, Y and Z the output.
"""

from __future__ import annotations

import re

_ROLE_OF = {"X": "input", "I": "input", "W": "kernel", "K": "kernel", "Y": "output", "Z": "output"}
_IS = r"(?:is|es|es de|ist|est|è|é|has size|has shape|tiene tamaño|of size|de taille|de tamaño)"
# Chinese and Japanese write no space around the verb: "$X$ 为 $7 \times 7$", "$W$ 的大小是
# $3 \times 3$", "$X$ は $5 \times 5$"
_IS_CJK = r"(?:的?(?:大小|尺寸|形状)?\s*(?:为|為|是)|の?(?:サイズ|大きさ)?\s*は)"
_LETTER_IS = re.compile(
    r"\$\s*(?:\\mathbf\s*\{\s*)?([XIWKYZ])\s*\}?\s*\$(?:\s+"
    + _IS
    + r"\s+|\s*"
    + _IS_CJK
    + r"\s*)\$\s*(\d{1,4})\s*"
    r"(?:\\times|x|×)\s*(\d{1,4})\s*\$(?!\s*(?:-|\\times|x|×))"
)


def letter_size_facts_stated(line: str) -> list[tuple[str, str, str]]:
    """(role, "HxW", "prose") for each "$X$ is $4 \\times 4$" of the line."""
    return [
        (_ROLE_OF[m.group(1)], f"{m.group(2)}x{m.group(3)}", "prose")
        for m in _LETTER_IS.finditer(line)
    ]
