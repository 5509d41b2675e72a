"""Size letters named by a code comment beside an array's shape: ``x =
rng.standard_normal((2, 3, 5, 5))   # (N, C, H, W)``, ``w = np.random.randn(4, 3, 3, 3)  #
F, C, K, K``.

NumPy blogs and course notebooks annotate each array they create with the letters of its
axes, and then write the math with those letters (``\\sum_{f=0}^{F-1}``, ``\\sum_{u=0}^{K-1}``).
The comment says exactly what ``w \\in \\mathbb{R}^{F \\times C \\times K \\times K}`` says,
so the line is read as that declaration (letter_sizes.letter_size_facts: the tensor's role by
its name, each letter's axis by where the channel letter stands, a square kernel's letter
its side).  Read only where the comment's letters are as many as the shape's numbers and
the tensor's name says its role (x / inputs, w / weights, b / bias); a letter given two
different numbers in the block (``C`` 3 for x, 4 for w) names nothing there.
"""

from __future__ import annotations

import re

from symconv.checker.letter_sizes import letter_size_facts

# the tensor's name -> the letter whose role letter_sizes knows
_ROLES = {
    "x": "x", "X": "x", "inp": "x", "inputs": "x", "input": "x", "images": "x", "imgs": "x",
    "w": "w", "W": "w", "weight": "w", "weights": "w", "kernel": "w", "filters": "w",
    "b": "b", "bias": "b",
}  # fmt: skip
_LETTER = r"[A-Z]{1,2}(?:_[A-Za-z]{1,3})?"
_LINE = re.compile(
    r"^\s*(?P<name>[A-Za-z_]\w*)\s*=\s*(?P<call>[^#\n]*?)\s*#\s*(?:shape\s*:?\s*)?"
    rf"\(?\s*(?P<letters>{_LETTER}(?:\s*,\s*{_LETTER})*)\s*,?\s*\)?\s*$"
)
_NUMBERS = re.compile(r"\(\s*(\d{1,4}(?:\s*,\s*\d{1,4})*)\s*,?\s*\)")


def _shape(call: str, count: int) -> list[int] | None:
    """The call's shape: its one tuple of ``count`` numbers (``standard_normal((2, 3, 5,
    5))``), or its arguments when they are all numbers (``randn(2, 3, 5, 5)``)."""
    tuples = [m.group(1) for m in _NUMBERS.finditer(call)]
    fitting = [t for t in tuples if len(t.split(",")) == count]
    if len(fitting) != 1:
        return None
    return [int(v) for v in fitting[0].split(",")]


def code_letter_facts(block: str) -> list[tuple[str, str, str]]:
    """The ``sizes`` fact of the letters a code block's shape comments name, else none."""
    declarations, values = [], {}
    for line in block.split("\n"):
        m = _LINE.match(" ".join(line.split()))  # (one blank per run: no split tried)
        if m is None or m.group("name") not in _ROLES:
            continue
        letters = [s.strip() for s in m.group("letters").split(",")]
        shape = _shape(m.group("call"), len(letters))
        if shape is None:
            continue
        for letter, value in zip(letters, shape, strict=True):
            if values.setdefault(letter, value) != value:
                return []  # one letter, two sizes: the comments are not the axes' names
        dims = " \\times ".join(letters)
        declarations.append(f"${_ROLES[m.group('name')]} \\in \\mathbb{{R}}^{{{dims}}}$")
    return letter_size_facts(" ".join(declarations)) if declarations else []
