"""A letter the reader takes for the layer's output, introduced by the notes for another
quantity: "global average pooling $y = \\frac{1}{H^2} \\mathbf{1}^{\\top} X \\mathbf{1}$",
"pooling medio globale $y = \\frac{1}{n-k+1} \\mathbf{1}^{\\top} z$".

The reader takes y, Y, z and Z for the output of the layer by default.  Notes that already
named their output with one of them ($Z = X \\star W + b$) and then write another one for
the first time on the left of a definition give it a new meaning: the pooled value, a dense
layer's output, a loss term.  Judged as the layer's output, that definition is "wrong" (a
scalar where the output is a vector), and a correct formula of the new quantity is a false
alarm.  Such a statement is a definition (judged, never called wrong), and, for the rest of
its section, a claim that writes the letter is not understood: what the letter stands for
there is not read.
"""

from __future__ import annotations

import re

from symconv.checker.guessed_definition import defines_output
from symconv.checker.heading_kind import MARKDOWN_HEADING
from symconv.checker.report import NOT_UNDERSTOOD

# the left side: one letter, bold or not, no index (y = ..., \mathbf{y} = ...)
_LEFT = re.compile(r"^\s*(?:\\(?:mathbf|boldsymbol|bm)\s*\{\s*)?([A-Za-z])\s*\}?\s*=(?!=)")
_MATH = re.compile(r"\$\$(.+?)\$\$|\$([^$]+)\$|\\\((.+?)\\\)|\\\[(.+?)\\\]", re.S)
_HEAD = re.compile(r"\s*(?:\\(?:mathbf|boldsymbol|bm)\s*\{\s*)?([A-Za-z])")
# a command and a word's argument (\\operatorname{pad}, \\text{mean}): no letter of a tensor
_COMMAND = re.compile(r"\\(?:text|textrm|mathrm|operatorname)\s*\{[^{}]*\}|\\[A-Za-z]+")
# a matrix's frame and spacing: \begin{bmatrix} ... \end{bmatrix}, \quad, \left( (no letter)
_ENVIRONMENT = re.compile(r"\\(?:begin|end)\s*\{\w+\*?\}|\\[A-Za-z]+")


def _spans(lines: list[str]) -> list[str]:
    """The math spans of ``lines`` (inline and display)."""
    return [next(g for g in m.groups() if g) for m in _MATH.finditer("\n".join(lines))]


def _math(lines: list[str]) -> str:
    """The math of ``lines``, joined."""
    return "\n".join(_spans(lines))


def _letter(letter: str) -> str:
    return rf"(?<![A-Za-z\\]){re.escape(letter)}(?![A-Za-z])"


def section_of(document: list[str], line: int) -> int:
    """How many headings stand before ``line`` (1-based): the section's number."""
    return sum(1 for text in document[: line - 1] if MARKDOWN_HEADING.match(text))


def introduced_output_letter(
    text: str, document: list[str], line: int, letters: dict
) -> str | None:
    """The letter ``text`` introduces (``y = ...``, y read as the output, written nowhere in
    the math before this line, its right side writing no weight: a pooling, a mean, a
    loss), where the notes named their output with another letter of
    the output's (``Z = ...`` before it; not ``z_{22} = ...``, an entry of the same Z);
    None otherwise."""
    m = _LEFT.match(text)
    if m is None or letters.get(m.group(1)) != "Z":
        return None
    letter = m.group(1)
    right = _COMMAND.sub(" ", text[m.end() :])  # XW, W x, \\mathbf{W}: letters written
    if any(w in right for w, role in letters.items() if role == "W" and len(w) == 1):
        return None  # Z = XW + b: a layer's output (of the notes' next layer), by its weights
    before = _math(document[: line - 1])
    if re.search(_letter(letter), before):
        return None
    # the statements before this one on its own line: y = ... is the first piece written
    here = document[line - 1] if 0 < line <= len(document) else ""
    at = here.find(text.strip()[:20])
    if at > 0 and re.search(_letter(letter), _math([here[:at]]) if "$" in here[:at] else ""):
        return None
    others = {  # z_{22} then Z: the entry, then the whole of one tensor
        w for w, role in letters.items() if role == "Z" and w.lower() != letter.lower()
    }
    if not re.search(r"[A-Za-z]", _ENVIRONMENT.sub(" ", text[m.end() :])):
        return None  # Y = [[4, 6], [8, 9]]: a worked example's output, in numbers
    named = any(  # the forward definition of the output, in another letter: Z = X * W + b
        defines_output(span, letters)
        for span in _spans(document[: line - 1])
        if (head := _HEAD.match(span)) and head.group(1) in others
    )
    return letter if named else None


def unless_new_letter(found: dict | None, text: str, introduced: dict[str, int]) -> dict | None:
    """``found``, or not-understood when ``text`` writes a letter the notes introduced (on
    the line ``introduced`` gives) for another quantity than the layer's output."""
    if found is None or found.get("status") == NOT_UNDERSTOOD:
        return found
    for letter, at in sorted(introduced.items()):
        if re.search(_letter(letter), text):
            return {
                "status": NOT_UNDERSTOOD,
                "message": (
                    f"{letter} is the name the notes give another quantity on line {at} "
                    "(not the layer's output, which they name otherwise): what it stands "
                    "for here is not read"
                ),
            }
    return found
