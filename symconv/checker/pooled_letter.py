"""The letter of the map a pooling is applied to, read from the sentence that applies it.

"2x2 max pooling, stride 2, of $A = \\begin{pmatrix} ... \\end{pmatrix}$", "max pooling with
stride 2 on $$A = ...$$", "average pooling over $P$", "max pooling aplicado a $A$": the
notes' A is the pool's input, X.  Its gradient claims (``\\frac{\\partial L}{\\partial A} =
\\frac{1}{4} G \\otimes \\mathbf{1}_{2\\times 2}``, ``\\frac{\\partial L}{\\partial A_{p,q}}
= ...``) are then the pool's dL/dX claims, as a named input letter is for a convolution.

Only a capital letter other than the usual ones (X, Y, Z, G, W, K, B) is named so, and only
by a sentence whose pooling word comes first and the letter right after a preposition (the
letter is what is pooled, not what the pooling gives: "pooling gives $M$" names nothing),
or by the pool written as a function of it (``P = \\operatorname{maxpool}(A)``).
"""

from __future__ import annotations

import re

_POOLED = re.compile(
    r"(?i:\b(?:pool(?:ing|ed)?|agrupamiento|agrupaci[óo]n|sub-?sampling)\b[^.$;]{0,60}?"
    r"\b(?:of|on|over|applied to|to|de|sobre|aplicad[oa] a)\s*(?:the\s+(?:map|matrix|input)\s+)?)"
    # the letter alone, or given as numbers ("$A = \operatorname{ReLU}(Z)$" is the notes' own
    # definition of it, which the activation and worked-example readers read)
    r"\${1,2}\s*([A-Z])\s*(?:=(?=\s*\\begin\s*\{[pbvB]?matrix\})|\$)",
    re.S,
)
# the pool written as a function of its input: ``P = \operatorname{maxpool}(A)``,
# ``M = \text{MaxPool}_{2\times 2}(A)``, ``\mathrm{avgpool}(A)``: A is what is pooled
_APPLIED = re.compile(
    r"\\(?:operatorname|text|mathrm)\s*\{\s*(?i:max|avg|average|mean)[_ -]?(?i:pool)"
    r"(?:ing|2d)?\s*\}"
    r"\s*(?:_\s*(?:\{[^{}]*\}|\w))?\s*(?:\\left)?\s*\(\s*([A-Z])\s*(?:\\right)?\s*\)"
)
_USUAL = frozenset("XYZGWKB")
_MATRIX = re.compile(r"\s*\\begin\{([pbvB]?matrix)\}(.*?)\\end\{\1\}", re.S)


def pooled_inputs(lines: list[str], first: int, last: int) -> list[tuple[str, str, int]]:
    """(key, value, line) for each letter a sentence of lines ``first``..``last`` pools:
    ("names", "A=X"), and ("input", "4x4") where the letter is given as a matrix there."""
    text = "\n".join(lines[first - 1 : last])
    found = []
    for m in _POOLED.finditer(text):
        letter, at = m.group(1), first + text[: m.start(1)].count("\n")
        if letter not in _USUAL:
            found.append(("names", f"{letter}=X", at))
        given = _MATRIX.match(text, m.end()) if m.group(0).rstrip().endswith("=") else None
        if given is not None:  # "of $A = \begin{pmatrix} ... \end{pmatrix}$": its shape
            rows = [r for r in re.split(r"\\\\", given.group(2)) if r.strip()]
            widths = {r.count("&") + 1 for r in rows}
            if len(widths) == 1:
                found.append(("input", f"{len(rows)}x{widths.pop()}", at))
    for m in _APPLIED.finditer(text):
        letter, at = m.group(1), first + text[: m.start(1)].count("\n")
        if letter not in _USUAL and ("names", f"{letter}=X", at) not in found:
            found.append(("names", f"{letter}=X", at))
    return found


# [X_{p,q} = M_{...}], \mathbb{1}\{x_{pq} = m_{ij}\}: the input's entry against a letter's
_COMPARED = re.compile(
    r"(?:\[|\\\{|\\mathbb\s*\{\s*1\s*\}\s*(?:\\left)?\s*[\[(])\s*(?P<x>[Xx])\s*_\s*(?:\{[^{}]*\}|\w)"
    r"\s*=\s*(?P<m>[A-Za-z])\s*_"
)


def compared_output(text: str) -> str:
    """``text`` with the letter a max pool's routing claim compares the input's entry with
    (``[X_{p,q} = M_{\\lfloor p/2 \\rfloor, ...}]``: the window's maximum, the pool's output)
    written as the output's letter Y (y for a lower-case x).  The claim can only mean the
    output there: an entry is routed the gradient where it equals its window's maximum."""
    found = _COMPARED.search(text)
    if found is None or found.group("m").upper() in _USUAL | {"L"}:
        return text
    letter, output = found.group("m"), "Y" if found.group("x") == "X" else "y"
    if re.search(rf"\\(?:frac|partial)[^=]*?\\partial\s*{letter}(?![A-Za-z])", text):
        return text  # the letter is differentiated by: not only a value compared
    return re.sub(rf"(?<![A-Za-z\\]){letter}(?![A-Za-z])", output, text)
