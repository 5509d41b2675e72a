"""The gradient with respect to the padded input: ``\\frac{\\partial E}{\\partial
\\tilde{X}} = \\operatorname{pad}_2(\\operatorname{dil}_2(\\delta)) \\star
\\operatorname{rot}_{180}(K)``, where the notes define ``\\tilde{X} = \\operatorname{pad}_1(X)``.

A layer with padding P computes a valid correlation of the padded input: X~ = pad_P(X) is
its real input, and the layer is, from X~ on, the same convolution of an input of side
H + 2P with no padding.  So dE/dX~ is that layer's input gradient (every entry of X~, the
border included), and the claim is judged on that layer, X~ read as its input.  Only a
padded letter the notes define with the layer's own padding (``\\tilde{X} =
\\operatorname{pad}_P(X)``, P the layer's) is read so, and only a claim whose left side is
the gradient of the whole padded tensor.
"""

from __future__ import annotations

import re
from typing import Any

from symconv.checker.report import VERIFIED, WRONG

_DECORATION = r"\\(?:tilde|widetilde|hat|bar)"
# \tilde{X} = \operatorname{pad}_1(X)
_DEFINED = re.compile(
    _DECORATION + r"\s*\{?\s*([A-Za-z])\s*\}?\s*:?=\s*"
    r"\\(?:operatorname|mathrm|text)\s*\{\s*pad\s*\}\s*_\s*\{?\s*(\d)\s*\}?\s*"
    r"(?:\\left\s*)?\(\s*([A-Za-z])\s*(?:\\right\s*)?\)"
)
_LEFT = re.compile(
    r"^\s*\\[dt]?frac\s*\{\s*\\partial\s*(?:[LEJ]|\\mathcal\s*\{\s*[LEJ]\s*\})\s*\}\s*\{\s*"
    r"\\partial\s*" + _DECORATION + r"\s*\{?\s*([A-Za-z])\s*\}?\s*\}\s*="
)


def padded_input_changes(
    text: str, document: str, input_letter: str, input_side: str | None, padding: str | None
) -> tuple[str, dict[str, str]] | None:
    """(the claim with X~ written as the input's letter, the settings of the layer from
    X~ on) for a claim ``dE/dX~ = ...``, or None when it is not one the notes define."""
    left = _LEFT.match(text)
    if left is None or input_side is None or padding is None or not padding.isdigit():
        return None
    letter = left.group(1)
    defined = [m for m in _DEFINED.finditer(document) if m.group(1) == letter == m.group(3)]
    if not defined or letter != input_letter or int(defined[-1].group(2)) != int(padding):
        return None
    sides = input_side.split("x")
    if not all(s.isdigit() for s in sides):
        return None
    grown = "x".join(str(int(s) + 2 * int(padding)) for s in sides)
    plain = re.sub(_DECORATION + r"\s*\{?\s*" + letter + r"(?![A-Za-z])\s*\}?", letter, text)
    return plain, {"input": grown, "padding": "0"}


class PaddedInputGradient:
    """Mixin of :class:`~symconv.checker.runner.Checker`: judges ``dE/dX~ = ...`` on the
    layer from X~ on (its ``settings``, ``document`` and ``judged_under``)."""

    settings: Any
    document: list[str]
    from_padded = False  # judging.py: the stated input is X's, not X~'s

    def judged_under(self, text: str, changes: dict[str, str]) -> dict[str, Any] | None:
        raise NotImplementedError  # GuessedReadings supplies it

    def padded_input_gradient(self, text: str, ctx: Any) -> dict[str, Any] | None:
        """The verdict on ``dE/dX~ = ...`` on the layer from X~ on, or None."""
        letter = next((k for k, v in ctx.notation.letters.items() if v == "X" and k.isupper()), "X")
        found = padded_input_changes(
            text,
            "\n".join(self.document),
            letter,
            self.settings.get("input"),
            self.settings.get("padding"),
        )
        if found is None:
            return None
        plain, changes = found
        self.from_padded = True
        try:
            other = self.judged_under(plain, changes)
        finally:
            self.from_padded = False
        if other is None or other["status"] not in (VERIFIED, WRONG):
            return None
        shown = f"input {changes['input']}, no padding"
        return {
            **other,
            "message": f"{other['message']} (the layer from the padded input on: {shown})",
        }
