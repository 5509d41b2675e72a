"""A dense layer whose notes lay the weights out as in x out: ``Z = XW + b``.

The checker's dense layer is PyTorch's: samples as rows and W as out x in, ``Z = XW^T + b``
(or, with the vectors as columns, ``z = Wx + b``: dense_columns.py).  Keras, TensorFlow and
many course notes (CS231n's ``scores = XW + b``) write ``Z = XW + b`` with W of shape
(in, out) instead, so their W is the transpose of the checker's: ``dL/dW = X^T G`` is right
for them, and their entry ``w_{jk}`` (input j, output k) is the checker's ``W[k, j]``.
Which layout the notes use is a layer fact, ``weights`` = ``in-out`` or ``out-in``
(infer.py): W's stated shape against X's (``X \\in R^{4x5}``, ``W \\in R^{5x3}``), else the
forward pass the notes write first.  In x out sets the notation's ``dense_in_by_out``: W's
view then indexes (in, out) (truth.Model), the closed-form reader builds their W as the
layer's W^T (opbuild.Builder) and a claim on dL/dW compares with the transposed gradient
(operators.truth).
"""

from __future__ import annotations

import re

_NAME = r"(?:\\mathbf\s*\{\s*%s\s*\}|\\boldsymbol\s*\{\s*%s\s*\}|%s)"
_Z, _X, _W = (_NAME % (c, c, c) for c in ("[ZzYy]", "[XxAaHh]", "W"))
# the forward pass Z = XW + b (W untransposed on the right), in display or inline math
_FORWARD = re.compile(
    r"\$\s*" + _Z + r"\s*=\s*" + _X + r"\s*(?:\\,\s*)?" + _W + r"\s*(?![\s^_]*\^)"
    r"(?:\+[^$]*|[,;.]?\s*(?:\\q?quad|,)[^$]*)?\$"
)

# the checker's own forward pass Z = XW^T (+ b): where the notes write it too, Z = XW is
# a form they quote ("pattern-matching from $Z = XW$ gives the wrong shape")
_TRANSPOSED = re.compile(
    _Z + r"\s*=\s*" + _X + r"\s*(?:\\,\s*)?" + _W + r"\s*\^\s*\{?\s*(?:T|\\top)"
)


def weights_in_by_out(document: str) -> bool:
    """Whether the notes' forward pass is ``Z = XW (+ b)``: W laid out as in x out.  Where
    both forms are written, the first is the notes' own (a later ``Z = XW^T + b`` is a
    claim about it, or a remark)."""
    # \[ Z = XW + b \] and \( ... \) delimit math as $$ and $ do
    document = re.sub(r"\\[\[\]()]", "$", document)
    forward = _FORWARD.search(document)
    transposed = _TRANSPOSED.search(document)
    return forward is not None and (transposed is None or forward.start() < transposed.start())
