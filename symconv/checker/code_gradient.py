"""The upstream gradient bound by the code that checks a note's formulas:
``(y * g).sum().backward()`` or ``y.backward(g)``.

Notebooks test hand-derived gradients with autograd by backpropagating a random tensor:
``L = (y * g).sum()`` has ``dL/dy = g`` exactly (each output entry is multiplied by its own
entry of g and summed), and ``y.backward(g)`` is by definition the vector-Jacobian product
with ``g`` as dL/dy.  So when the output is one of the layer's output letters (y, z, o), the
letter g is the layer's upstream gradient G, as if the notes wrote ``g = \\partial L /
\\partial y``, and the formulas written in it can be judged.  Only one-letter names count
(the math writes the same letter), never a letter the layer already uses (x, w, b ...).
"""

from __future__ import annotations

import re

from symconv.checker.prose_gradient import _LAYER_LETTERS, _OUTPUTS

_NAME = r"(?<![\w.])(?P<{}>[A-Za-z])(?!\w)"
_PATTERNS = (
    # (y * g).sum().backward(), (g * y).sum().backward()
    re.compile(
        r"\(\s*"
        + _NAME.format("a")
        + r"\s*\*\s*"
        + _NAME.format("b")
        + r"\s*\)\s*\.sum\(\s*\)\s*\.backward\("
    ),
    # y.backward(g), y.backward(gradient=g)
    re.compile(
        _NAME.format("a") + r"\.backward\(\s*(?:gradient\s*=\s*)?" + _NAME.format("b") + r"\s*\)"
    ),
)


def code_gradient_letters(lines: list[str], first: int) -> list[tuple[str, int]]:
    """("g=G", line) for each letter these lines' code backpropagates as dL/d(output)."""
    found: list[tuple[str, int]] = []
    for number, line in enumerate(lines, start=first):
        for pattern in _PATTERNS:
            for m in pattern.finditer(line):
                pair = {m.group("a"), m.group("b")}
                outputs = pair & _OUTPUTS
                if len(outputs) != 1 or len(pair) != 2:
                    continue
                (letter,) = pair - outputs
                if pattern is _PATTERNS[1] and m.group("a") not in _OUTPUTS:
                    continue  # g.backward(y): g is differentiated, not the output
                if letter not in _LAYER_LETTERS:
                    found.append((f"{letter}=G", number))
    return found
