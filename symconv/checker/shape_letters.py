"""Size letters the notes value through a tensor's declared shape and a size in words.

"the kernel $\\mathsf{W} \\in \\mathbb{R}^{c_o \\times c_i \\times k_h \\times k_w}$ ... the
kernel is $3 \\times 3$": the shape names the kernel's last two axes k_h and k_w, and the
words give the kernel's sides, so k_h = k_w = 3 -- as plainly as "$k_h = 3$" would.  The same
for the input ("the input ... $\\mathsf{X} \\in \\mathbb{R}^{N \\times c_i \\times n_h \\times
n_w}$ ... the images are $5 \\times 5$") and a 1-D tensor's one size letter.

Read only where the role is said in words right before the declaration (input, image,
kernel, filter, weights), the declared axes end in plain letters, and the notes give that
role exactly one spatial size in words ("the kernel is $3\\times3$", "a $3 \\times 3$
kernel", "images are $5\\times5$"); a role given two sizes is a guess and gives nothing.

Also here: a setting written as a case ("For $k_h = k_w = 1$ (and no padding) the kernel is
just a matrix") supposes values for that case only: it is no setting of the running example.
"""

from __future__ import annotations

import re

_ROLE_WORDS = (  # the input's words, the kernel's
    r"input|inputs|image|images|entrada|entr[ée]e|Eingabe\w*|Bild(?:er)?",
    r"kernel|kernels|filter|filters|weights|núcleo|noyau|Kern|filtro",
)
_LETTER = r"(?:[A-Za-z](?:_\{?[A-Za-z]+\}?)?)"
_BY = r"\s*(?:\\times|×|x)\s*"
_DECLARED = re.compile(
    r"\\in\s*\\mathbb\s*\{?R\}?\s*\^\s*\{(?P<axes>[^{}]*(?:\{[^{}]*\}[^{}]*)*)\}"
)
# a size in words: "the kernel is $3 \times 3$", "a $3 \times 3$ kernel", "images are 5x5"
_SIZE_AFTER = (
    r"\b(?:{words})\s+(?:is|are|es|son|est|sont|ist|sind)\s+(?:again\s+)?\$?(\d+){by}(\d+)\b"
)
_SIZE_BEFORE = r"\b(\d+){by}(\d+)\s*\$?\s+(?:{words})\b"
# "For $k = 1$", "If $d = 1$", "Si $p = 0$", "Für $k = 1$": a case supposed, not set
_CASE = re.compile(
    r"(?:^|[.!?:]\s+|\(\s*)(?:for|if|when|suppose|assume|si|para|pour|für|wenn|se|per)\s+\$?$",
    re.I,
)


def supposed_case(line: str, column: int) -> bool:
    """The math at ``column`` of ``line`` opens a case the sentence supposes."""
    return _CASE.search(line[:column]) is not None


def shape_letter_values(document: list[str]) -> list[tuple[int, int, str, int]]:
    """(line, column, letter, value) for each size letter a declared shape and a size in
    words value."""
    text = "\n".join(document)
    out: list[tuple[int, int, str, int]] = []
    for words in _ROLE_WORDS:
        sizes = {
            (int(m.group(1)), int(m.group(2)))
            for pattern in (_SIZE_AFTER, _SIZE_BEFORE)
            for m in re.finditer(pattern.format(words=words, by=_BY), text, re.I)
        }
        if len(sizes) != 1:
            continue
        height, width = sizes.pop()
        for number, line in enumerate(document, start=1):
            for m in _DECLARED.finditer(line):
                previous = document[number - 2] if number > 1 else ""
                before = (previous + " " + line[: m.start()])[-60:]  # a sentence over lines
                named = re.search(rf"\b(?:{words})\b[^.;$]*\$[^$]*$", before, re.I)
                if named is None:
                    continue
                axes = [a.strip() for a in re.split(_BY, m.group("axes"))]
                if len(axes) < 2 or not all(re.fullmatch(_LETTER, a) for a in axes[-2:]):
                    continue
                for letter, value in zip(axes[-2:], (height, width), strict=True):
                    out.append((number, m.start(), letter.replace("{", "").replace("}", ""), value))
    return out
