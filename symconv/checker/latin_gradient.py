"""A Latin letter the notes define as the loss's gradient by the layer's output.

"we call $g_{i,j} = \\frac{\\partial L}{\\partial p_{i,j}}$ the gradient that comes from
the layer above", "$e_{ij} = \\partial E/\\partial y_{ij}$", "$g = \\nabla_{z} L$",
"$g(f, i, j) = \\partial L / \\partial y(f, i, j)$" (functional notation): the
letter is the layer's upstream gradient G.  Which letters are the layer's output is
strict: z, y, o (a convolution's or a pool's), and for a pooling layer the letters notes
give the pooled map (p, q, s, m), but only in notes about pooling.  A letter the notes set
equal to an activation of something (``a = \\max(0, z)``) is not an output.
"""

from __future__ import annotations

import re

from symconv.checker.gradient_names import activation_results
from symconv.checker.scan_math import Block

# indices: g_{ij}, g^{(l)}, g[i, j], and the functional notation's arguments g(f, i, j)
_SCRIPTS = (
    r"(?:\s*(?:_\s*(?:\{[^{}=]*\}|[A-Za-z0-9])|\^\s*\{[^{}=]*\}|\[[^\[\]=]*\]"
    r"|\([^()=$]*\)))*"
)
_LOSS = r"(?:\\mathcal\s*\{\s*[LEJC]\s*\}|\\mathcal\s*[LEJC]|\\ell(?![A-Za-z])|[LEJC](?![A-Za-z]))"


def _target(group: str) -> str:
    return r"(?:\\(?:mathbf|boldsymbol|bm)\s*\{\s*)?(?P<" + group + r">[A-Za-z])\s*\}?" + _SCRIPTS


_DEFINITION = re.compile(
    r"(?<![A-Za-z\\{])(?:\\(?:mathbf|boldsymbol|bm)\s*\{\s*)?(?P<letter>[A-Za-z])\s*\}?"
    + _SCRIPTS
    + r"\s*(?:=|:=|\\equiv|\\coloneqq)\s*(?:\\[dt]?frac\s*\{\s*\\partial\s*"
    + _LOSS
    + r"\s*\}\s*\{\s*\\partial\s*"
    + _target("frac")
    + r"\s*\}|\\partial\s*"
    + _LOSS
    + r"\s*/\s*\\partial\s*"
    + _target("slash")
    + r")\s*(?=$|[,.;)]|\\[,;!]\s*$|\\q?quad|\\text)"
)
_OUTPUTS = frozenset("zZyYoO")
_POOLED = frozenset("pPqQsSmM")
_POOLING = re.compile(r"\bpool|agrupamiento|\bmax[- ]?pool|\bavg[- ]?pool", re.IGNORECASE)
_LOSS_LETTERS = frozenset("LEJC")


def gradient_letter_names(blocks: list[Block], document: str) -> list[tuple[str, int]]:
    """("g=G,p=Z", line) for each Latin letter these blocks define as dL/d(output)."""
    pooling = bool(_POOLING.search(document))
    activated = activation_results(document)
    found = []
    for block in blocks:
        for m in _DEFINITION.finditer(block.text):
            before = block.text[: m.start()].rstrip()
            if before.endswith(("\\partial", "{", "d", "/")) or before.count("{") > before.count(
                "}"
            ):
                continue  # \frac{\partial L}{\partial b} = ...: inside a derivative, no name
            letter, target = m.group("letter"), m.group("frac") or m.group("slash")
            if letter in _LOSS_LETTERS or letter.lower() == target.lower() or target in activated:
                continue
            line = block.line + block.text[: m.start()].count("\n")
            if target in _OUTPUTS:
                found.append((f"{letter}=G", line))
            elif pooling and target in _POOLED:
                found.append((f"{letter}=G,{target}=Z", line))
    return found
