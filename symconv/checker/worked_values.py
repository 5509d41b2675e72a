"""A generic verdict on a claim about a worked example's numbers is not given.

"$\\frac{\\partial L}{\\partial A} = \\begin{pmatrix} 0 & 0 & -2 & 0 \\\\ \\dots\\end{pmatrix}$
... Y la ReLU no borra nada, porque los máximos son todos positivos:
$\\frac{\\partial L}{\\partial Z} = \\frac{\\partial L}{\\partial A} \\odot \\mathbb{1}[Z > 0] =
\\frac{\\partial L}{\\partial A}$": the last step holds for the notes' numbers (dL/dA vanishes
wherever Z <= 0), not for every dL/dA.  A reader that judges the claim with free entries
(the activation reader samples z on both sides of 0) would call a true statement about the
example wrong.  Where the section writes a tensor the claim names out as a matrix of
numbers, such a verdict is not understood, naming the numbers it did not use.
"""

from __future__ import annotations

import re

_MATRIX = re.compile(
    r"(?P<name>[^$=]+?)\s*=\s*\\begin\{[pbvB]?matrix\}(?P<body>[-+0-9.,\s&\\]*)\\end\{[pbvB]?matrix\}"
)


def numeric_tensors(lines: list[str]) -> dict[str, int]:
    """Names written out as a matrix of plain numbers in ``lines`` (1-based line numbers
    counted from the first), each with the line it is on."""
    found: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        for m in _MATRIX.finditer(line.replace("$", " ")):
            if re.search(r"\d", m.group("body")):
                found.setdefault(_key(m.group("name")), number)
    return found


def _key(name: str) -> str:
    name = re.sub(r"^.*?(?:\\qquad|\\quad|,|:)\s*", "", name.strip())
    return re.sub(r"\s+|\\[,;! ]", "", name)


def unbound_numbers(found: dict, text: str, document: list[str], start: int, line: int) -> dict:
    """``found`` (the activation reader's wrong verdict), or not-understood when a tensor
    the claim names is written out in numbers in its section (lines ``start``..``line``)."""
    if found.get("status") != "wrong" or "differs from the derivative through" not in str(
        found.get("message", "")
    ):
        return found
    first = max(start, 1)
    given = numeric_tensors(document[first - 1 : line - 1])
    claim = _key(text)
    for name, at in given.items():
        if name and name in claim:
            return {
                "status": "not-understood",
                "message": (
                    f"the notes write {name} out in numbers (line {at + first - 1}), and the "
                    "claim may be about them; judged with free entries instead: "
                    f"{str(found.get('message', ''))[:120]}"
                ),
            }
    return found
