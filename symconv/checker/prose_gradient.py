"""A Latin letter the notes' words name as the layer's upstream gradient.

"`g` is the upstream gradient `dL/dy`", "Let $g$ denote $\\partial L/\\partial y$", "Call
the upstream gradient $e$", "$g$ es el gradiente que llega de arriba", "where `g = dL/dy`":
the letter is G (= dL/dZ), and a later claim written in it, ``\\sum_{i,j} g[i][j]\\,
x[i+2m][j+2n]``, can be judged.  :mod:`~symconv.checker.latin_gradient` reads the same
definition written as one formula; this module reads the sentences and code spans.

The reading is strict, since a letter taken for G that is not G turns a claim's verdict
around: the letter must be one the layer does not use already (not x, w, b, y, z, o and
not a loss letter), and where the sentence names the tensor differentiated by
(``dL/dy``, ``\\partial L/\\partial z``, "with respect to the output"), that tensor must be
the layer's output.  A derivative by anything else (``dL/da``, ``dL/dx``) names another
gradient and gives nothing.
"""

from __future__ import annotations

import re

# the letter, in a code span or in math: `g`, $g$, $\mathbf{g}$, `g[i][j]`, $g_{ij}$
_SCRIPTS = r"(?:\s*(?:_\s*(?:\{[^{}$`]*\}|[A-Za-z0-9])|\[[^\[\]$`]*\])*)"
# a Latin letter, or one of the Greek letters notes use for an error term
_GREEK = r"\\(?:delta|Delta|Gamma|gamma|epsilon|varepsilon|xi|eta)(?![A-Za-z])"
_LETTER = (
    r"(?:`\s*(?P<code>[A-Za-z])" + _SCRIPTS + r"\s*`"
    r"|\$\s*(?:\\(?:mathbf|boldsymbol|bm)\s*\{\s*)?(?P<math>[A-Za-z]|"
    + _GREEK
    + r")\s*\}?"
    + _SCRIPTS
    + r"\s*\$)"
)
_LOSS = r"(?:L|E|J|C|\\mathcal\s*\{?\s*[LEJC]\s*\}?|\\ell|loss)"
_D = r"(?:\\partial\s*|d\s*)"


# dL/dy, \partial L / \partial y, \frac{\partial L}{\partial y}, dL_dy; the groups named
# by<tag><n> hold the letter differentiated by
def _by(tag: str) -> str:
    return (
        r"(?:" + _D + _LOSS + r"\s*/\s*" + _D + rf"(?P<by{tag}1>[A-Za-z])(?![A-Za-z])"
        r"|\\[dt]?frac\s*\{\s*" + _D + _LOSS + r"\s*\}\s*\{\s*" + _D + rf"(?P<by{tag}2>[A-Za-z])\s*"
        r"(?:_\s*\{[^{}]*\}|\[[^\]]*\])*\s*\}"
        r"|d" + _LOSS + rf"_d(?P<by{tag}3>[A-Za-z])(?![A-Za-z]))"
    )


def _span_by(tag: str) -> str:
    return r"(?:`\s*" + _by(tag + "c") + r"[^`]*`|\$\s*" + _by(tag + "m") + r"[^$]*\$)"


_WORDS = (
    r"(?:upstream gradient|incoming gradient|output gradient|gradient from above"
    r"|gradient (?:of the loss )?(?:with respect to|w\.r\.t\.?|wrt) the (?:layer'?s? )?output"
    r"|gradient coming (?:back|down|in)(?: from the (?:next|layer above|loss))?"
    r"|gradiente (?:que llega|entrante|de arriba|de la salida|aguas arriba)"
    r"|Gradient (?:der Ausgabe|von oben|von der n[aä]chsten Schicht)|Ausgabegradient"
    r"|gradient (?:amont|de la sortie))"
)
_IS = r"(?:is|denotes|stands for|means|es|denota|ist|bezeichnet|est|will be|is called)"
_PATTERNS = (
    # `g` is the upstream gradient `dL/dy` / $g$ denotes $\partial L/\partial y$
    re.compile(
        _LETTER + r"\s*,?\s*" + _IS + r"\s+(?:(?:the|our|el|la|der|die|le|just)\s+)?"
        r"(?:(?P<words>" + _WORDS + r")\s*,?\s*(?:" + _span_by("a") + r")?|" + _span_by("b") + r")",
        re.IGNORECASE,
    ),
    # let $g$ denote dL/dy / let `g` be the upstream gradient
    re.compile(
        r"\b(?:let|sea|llamo|llamamos|define)\s+"
        + _LETTER
        + r"\s+(?:denote|be|be the|stand for|a|al|como)?\s*(?:(?:the|el|la)\s+)?"
        r"(?:(?P<words>" + _WORDS + r")\s*,?\s*(?:" + _span_by("a") + r")?|" + _span_by("b") + r")",
        re.IGNORECASE,
    ),
    # the upstream gradient `g` / call the upstream gradient $g$ / the upstream gradient,
    # `g = dL/dy`
    re.compile(
        r"\b(?:the|el|la|der|call the|llamo al?)\s+(?P<words>"
        + _WORDS
        + r")\s*,?\s*(?:(?:is|called|written|denoted(?: by)?|llamado|\w+)\s+){0,2}"
        + _LETTER
        + r"(?!\s*(?:=|\\in\b))",
        re.IGNORECASE,
    ),
    # "escribimos $\delta_{n,f,i,j}$ para $\partial L / \partial y_{n,f,i,j}$", "we write
    # $e$ for $dL/dz$"
    re.compile(
        r"\b(?:write|writes|use|escribimos|escribo|usamos|schreiben|notons|notamos)\s+"
        + _LETTER
        + r"\s+(?:for|para|f[üu]r|pour)\s+(?:"
        + _span_by("w")
        + r")",
        re.IGNORECASE,
    ),
    # "denote $\partial L/\partial y$ by $g$", "notamos $dL/dy$ como $g$"
    re.compile(
        r"\b(?:denote|denotes|call|write|notamos|llamamos|llamo)\s+(?:" + _span_by("d") + r")"
        r"\s+(?:by|as|como|mit)\s+" + _LETTER,
        re.IGNORECASE,
    ),
    # `g = dL/dy`, `g := dL/dy` in one code span (code does not reach the math reader)
    re.compile(
        r"`\s*(?P<code>[A-Za-z])\s*(?::=|=)\s*" + _by("") + r"\s*`",
        re.IGNORECASE,
    ),
)
_LAYER_LETTERS = frozenset("xXwWbByYzZoOLEJCaAkKnmijpqsSuvdDfFcPH")
_OUTPUTS = frozenset("zZyYoO")


def prose_gradient_letters(lines: list[str], first: int) -> list[tuple[str, int]]:
    """("g=G", line) for each letter these lines' words name as dL/d(output)."""
    found: list[tuple[str, int]] = []
    for number, line in enumerate(lines, start=first):
        if "`" not in line and "$" not in line:
            continue
        for pattern in _PATTERNS:
            for m in pattern.finditer(line):
                letter = m.group("code") or m.group("math")
                by = next((v for g, v in m.groupdict().items() if g.startswith("by") and v), None)
                if letter in _LAYER_LETTERS:
                    continue
                if by is not None and by not in _OUTPUTS:
                    continue  # dL/da, dL/dx: another tensor's gradient
                if by is None and not m.groupdict().get("words"):
                    continue  # neither the words nor the derivative: no definition
                found.append((f"{letter}=G", number))
    return found
