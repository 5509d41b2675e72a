"""The softmax cross-entropy gradient claimed in prose about any notes, not a network spec.

"For softmax followed by cross-entropy with one-hot $y$, $\\partial L / \\partial z = p - y$
where $p = \\operatorname{softmax}(z)$": the claim is about the loss, not about the layer
the section describes, so it is judged as the loss's gradient by
:func:`symconv.checker.loss_claim.judge_loss_claim` (SymPy's derivative of
-log softmax(z)_y), with the letter the sentence defines as softmax(z) read as it and the
one-hot label as onehot(y).  Judged against the section's convolution, p - y would read as
entries of that layer's tensors.
"""

from __future__ import annotations

import re
from typing import Any

from symconv.checker.loss_claim import judge_loss_claim

CLASSES = 4  # the identity holds for any number of classes; 4 shows every case
_SOFTMAX = r"\\(?:operatorname|mathrm|text)\s*\{\s*softmax\s*\}|softmax"
# "p = \operatorname{softmax}(z)", "\hat{y} = softmax(z)": the letter that is softmax(z)
_DEFINED = re.compile(
    r"(\\hat\s*\{\s*[a-z]\s*\}|\\hat\s+[a-z]|[a-z])\s*=\s*(?:" + _SOFTMAX + r")\s*\(\s*z\s*\)"
)
_CROSS_ENTROPY = re.compile(r"cross[- ]?entropy|entrop[íi]a cruzada", re.IGNORECASE)
_ONE_HOT = re.compile(r"one[- ]?hot", re.IGNORECASE)
_SLASH_LEFT = re.compile(
    r"^\s*\\partial\s*(L|J|\\ell|\\mathcal\s*\{\s*L\s*\})\s*/\s*\\partial\s*z\s*="
)


def softmax_loss_verdict(text: str, line: str) -> dict[str, Any] | None:
    """The verdict on ``text`` as the softmax cross-entropy gradient when its ``line`` of
    prose speaks of that loss and defines the letter that is softmax(z); else None."""
    defined = _DEFINED.search(line)
    if defined is None or not _CROSS_ENTROPY.search(line):
        return None
    letter = re.escape(defined.group(1))
    claim = _SLASH_LEFT.sub(r"\\frac{\\partial \1}{\\partial z} =", text)
    if "=" not in claim:
        return None
    left, right = claim.split("=", 1)
    if re.search(_SOFTMAX, right):
        return None  # softmax(z) written out: the claim is read as it is, elsewhere
    right = re.sub(rf"(?<![\\\w]){letter}(?![\w])", r"\\operatorname{softmax}(z)", right)
    if _ONE_HOT.search(line):  # the label as a one-hot vector y: [k = y]
        right = re.sub(r"(?<![\\\w])y(?!\w)", r"\\operatorname{onehot}(y)", right)
    return judge_loss_claim(f"{left}={right}", "softmax_cross_entropy", CLASSES)
