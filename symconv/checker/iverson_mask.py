"""A mask written as an Iverson bracket or with array indices, in an activation claim.

``\\frac{\\partial L}{\\partial y[i][j]} = \\frac{\\partial L}{\\partial a[i][j]}\\,[\\,y[i][j] >
0\\,]`` (code-like notes, Knuth's bracket), ``\\delta_{ij} = g_{ij}\\,[z_{ij} > 0]``: the
bracket holds a relation, so it is never an index; it is the indicator that the activation
reader reads as ``\\mathbb{1}[z > 0]``.  Entries written ``y[i][j]`` are the same entries as
``y_{i,j}``: an activation claim compares one entry with itself, so the spelling of the
index does not change the claim.
"""

from __future__ import annotations

import re

_SPACE = r"(?:\s|\\[,;:! ]|\\quad)*"
_RELATION = re.compile(r">|<|\\ge(?:q)?(?![A-Za-z])|\\le(?:q)?(?![A-Za-z])|\\gt|\\lt")
_INDICATOR_BEFORE = re.compile(r"\\(?:mathbb|mathbf|boldsymbol|bm)\s*\{\s*1\s*\}\s*(?:_\s*)?$")
_ENTRY = re.compile(r"(?<![A-Za-z\\])([A-Za-z])((?:\[[^\[\]=<>]*\])+)")


def _bracket_end(text: str, start: int) -> int | None:
    depth = 0
    for k in range(start, len(text)):
        depth += (text[k] == "[") - (text[k] == "]")
        if depth == 0:
            return k
    return None


_ABOVE = r"(?:>|\\gt|\\geq?)(?![A-Za-z])"
_BELOW = r"(?:<|\\lt|\\leq?)(?![A-Za-z])"


def _as_positive(body: str) -> str:
    r"""``y > 0`` (``y \ge 0``, ``0 < y``) as ``\mathbb{1}[y > 0]``, ``y < 0`` (``y \le
    0``) as ``(1 - \mathbb{1}[y > 0])``: the two agree with the bracket off 0, where the
    activation reader samples; any other relation is left for the reader to refuse."""
    above = re.fullmatch(r"(.+?)\s*" + _ABOVE + r"\s*0|0\s*" + _BELOW + r"\s*(.+)", body)
    if above:
        return f"\\mathbb{{1}}[{(above.group(1) or above.group(2)).strip()} > 0]"
    below = re.fullmatch(r"(.+?)\s*" + _BELOW + r"\s*0|0\s*" + _ABOVE + r"\s*(.+)", body)
    if below:
        return f"(1 - \\mathbb{{1}}[{(below.group(1) or below.group(2)).strip()} > 0])"
    return f"\\mathbb{{1}}[{body}]"


def with_indicator(text: str) -> str:
    """The claim with each bracket holding a relation written as ``\\mathbb{1}[...]``
    and each entry ``y[i][j]`` as ``y_{i,j}``."""
    out, k = [], 0
    while k < len(text):
        if text[k] == "[" and (k == 0 or not re.match(r"[A-Za-z\]]", text[k - 1])):
            end = _bracket_end(text, k)
            inside = text[k + 1 : end] if end is not None else ""
            if end is not None and _RELATION.search(inside):
                head = "".join(out)
                prefix = "" if _INDICATOR_BEFORE.search(head) else "\\mathbb{1}"
                body = re.sub(r"^" + _SPACE + r"|" + _SPACE + r"$", "", inside)
                if prefix:  # a bare bracket: its relation as the reader's z > 0
                    out.append(_as_positive(body))
                else:
                    out.append(f"[{body}]")
                k = end + 1
                continue
        out.append(text[k])
        k += 1
    text = "".join(out)
    return _ENTRY.sub(
        lambda m: m.group(1) + "_{" + ",".join(re.findall(r"\[([^\[\]]*)\]", m.group(2))) + "}",
        text,
    )


# `a[i][j] = max(0, y[i][j])`, `a = np.maximum(0, y)`, `o = sigmoid(y)`: an activation
# defined in a code span, as notes that go from loops to math write it
_CODE = re.compile(r"`([^`\n]*)`")
_CODE_DEFINITION = re.compile(
    r"^\s*[A-Za-z](?:\[[^\[\]]*\])*\s*=\s*(?:np\.|torch\.|F\.)?"
    r"(?:max|maximum|relu|sigmoid|tanh)\s*\("
)
_FUNCTIONS = (
    (re.compile(r"(?:np\.|torch\.)?(?:maximum|max)\s*\("), "\\max("),
    (re.compile(r"(?:np\.|torch\.|F\.)?relu\s*\("), "\\operatorname{ReLU}("),
    (re.compile(r"(?:np\.|torch\.)?sigmoid\s*\("), "\\sigma("),
    (re.compile(r"(?:np\.|torch\.)?tanh\s*\("), "\\tanh("),
)


def code_as_math(prose: str) -> str:
    """The prose with each code span that defines an activation written as math."""

    def math(m: re.Match[str]) -> str:
        code = m.group(1)
        if not _CODE_DEFINITION.match(code):
            return m.group(0)
        for pattern, command in _FUNCTIONS:
            code = pattern.sub(command.replace("\\", "\\\\"), code)
        return "$" + with_indicator(code) + "$"

    return _CODE.sub(math, prose)
