"""A claim whose own sentence is about softmax cross-entropy, read under a convolution.

A quiz answer sheet or a summary puts a softmax item after convolution items: "8. Softmax
+ cross-entropy, logits $z = (0, 0)$, one-hot target $y = (1, 0)$, so ... $\\partial L /
\\partial z = y - p = (0.5, -0.5)$".  Under the convolution read for the notes, y is its
output and z its pre-activation, so the claim would be compared with W·X: any verdict
would rest on letters the sentence gives other meanings.  It is not understood, naming
the softmax the sentence speaks of.
"""

from __future__ import annotations

import re

from symconv.checker.report import NOT_UNDERSTOOD

_SOFTMAX = re.compile(
    r"softmax|cross[- ]?entropy|entrop[íi]a cruzada|entropie crois[ée]e|Kreuzentropie"
    r"|entropia (?:incrociata|cruzada)|\blogits?\b|кросс-энтропи|перекрёстн\w* энтропи"
    r"|çapraz entropi|kruisentropie|entropia krzy[żz]owa",
    re.IGNORECASE,
)

# what a verdict reached through the convolution or pooling names: its weights and inputs
# (w_{11} x_{00}) or the layer ("holds for conv2d 5x5, ..."); the softmax reader's name none
# or compares it with the layer's tensor, entry by entry ("the right side differs at row 1,
# column 1: missing \frac{\partial L}{\partial z_{0,0}}")
_LAYER_TERMS = re.compile(
    r"(?<![A-Za-z\\])[wWxXkK]_\{|\bconv(?:_transpose)?[123]d\b|pool2d\b"
    r"|\bthe right side differs at\b"
)


# dL/dZ = \hat{Y} - Y, \hat{\mathbf{y}} - \mathbf{y}: a prediction minus its target, the
# gradient of a loss at its input, which no convolution's or pool's gradient is
_PREDICTION_MINUS_TARGET = re.compile(
    r"=\s*(?:\\frac\s*\{\s*)?\(?\s*\\(?:hat|widehat)\s*\{?\s*(?:\\math\w+\s*\{\s*)?"
    r"([A-Za-z])\s*\}?\s*\}?\s*-\s*(?:\\math\w+\s*\{\s*)?([A-Za-z])\b"
)


def unless_softmax_sentence(
    found: dict | None, lead_in: str, kind: str, text: str = ""
) -> dict | None:
    r"""``found``, or not-understood when the claim's lead-in speaks of softmax
    cross-entropy, or the claim's right side is a prediction minus its target (``\hat{Y} -
    Y``), and it was judged as the convolution's or pooling's (its message names the
    layer's tensors or kind; a verdict of the softmax reader names neither and stands)."""
    if found is None or found.get("status") == NOT_UNDERSTOOD:
        return found
    target = _PREDICTION_MINUS_TARGET.search(text)
    if target is not None and target.group(1).lower() != target.group(2).lower():
        target = None
    if not kind.startswith(("conv", "max", "avg")) or not (_SOFTMAX.search(lead_in) or target):
        return found
    if not _LAYER_TERMS.search(str(found.get("message", ""))):
        return found  # judged as the softmax claim it is (softmax_claims.py), not as the layer's
    if target is not None and not _SOFTMAX.search(lead_in):
        return {
            "status": NOT_UNDERSTOOD,
            "message": (
                f"its right side is a prediction minus its target ({target.group(0)[1:].strip()}"
                f"), a loss's gradient, but the claim was read as the {kind} layer's"
            ),
        }
    named = _SOFTMAX.search(lead_in).group(0)  # type: ignore[union-attr]
    return {
        "status": NOT_UNDERSTOOD,
        "message": (
            f"its sentence speaks of {named!r}, but the claim was read as the {kind} layer's: "
            "which quantities its letters name is not read"
        ),
    }
