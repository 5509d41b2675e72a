"""A weight matrix times an input vector is a dense layer, whatever words name it.

Notes in any language state a fully connected layer by its shapes: ``W \\in
\\mathbb{R}^{3 \\times 5}`` and ``\\mathbf{x} \\in \\mathbb{R}^{5}``, then ``z = Wx + b``.  No
convolution has these shapes: a 1-D convolution's kernel is a vector like its input, a 2-D
one's input is a matrix like its kernel (a channel axis adds one to both).  A matrix whose
column count is the vector's length is exactly the map of a dense layer with that many
inputs and as many outputs as the matrix has rows, so the section's layer is read as dense
(infer.finish then takes its sizes from the two memberships).  Where the section names its
kind (a convolution's word, a constructor, a pooling) that kind stands: this reading only
replaces the guess "2-D entries, so a 2-D convolution", under which a vector input would be
read as a square and correct matrix claims judged wrong.
"""

from __future__ import annotations

import re
from typing import Any

# how scan_math.py records a membership: "W in R^(3x5)", "x in R^5"
_MATRIX = re.compile(r"^\S+ in R\^\((\d+)x(\d+)\)$")
_VECTOR = re.compile(r"^\S+ in R\^(\d+)$")


def dense_from_shapes(facts: list[Any], make: Any) -> Any | None:
    """A ``layer dense`` fact (built by ``make``) when the section's own kernel is a matrix
    stated by its membership and its input a vector of the matrix's column count; None
    otherwise (a kind the section states decides, and so do any other shapes)."""
    if any(f.key == "layer" for f in facts):
        return None
    weights = [m for f in facts if f.key == "kernel" and (m := _MATRIX.match(f.how))]
    inputs = [m for f in facts if f.key == "input" and (m := _VECTOR.match(f.how))]
    if len(weights) != 1 or len(inputs) != 1:
        return None
    if any(f.key == "input" and _MATRIX.match(f.how) for f in facts):
        return None  # X \in R^{4x5} beside x \in R^5: a batch or an image, not one reading
    if weights[0].group(2) != inputs[0].group(1):
        return None
    line = next(f.line for f in facts if f.key == "kernel" and _MATRIX.match(f.how))
    return make("layer", "dense", line, "a weight matrix times an input vector")
