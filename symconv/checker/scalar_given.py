"""A letter the notes give one number: no "a scalar where an array is expected" from it.

The checker reads a section's letters as the layer's tensors (x its input, w its kernel, z
its pre-activation), and a claim whose side is one number then fails by shape: "it is a
scalar where a 3x3 array is expected".  Two kinds of notes write numbers for those letters
on purpose, and the failure is then the reading's, not the claim's:

* the statement *is* the number given ("$w_1 = 0.5$, $w_2 = -3$, $x = 2$", "the sigmoid's
  derivative, which at $z = 0$ is 0.25"): a toy example's value of its input or kernel, or
  the point a function written just before it ($\\sigma'(z)$) is evaluated at, not a claim
  that the layer's tensor is a scalar (a given is never wrong; "$y = 3$" of the layer's
  output, no function's argument, stays a claim);
* the claim's own paragraph gave a tensor letter one number before it ("reduce everything to
  1x1: $x = 2$ ... forward: $y = 2 + (-3) \\cdot 1 = -1$", "$\\frac{dy}{dx} = 1$"): the
  example is a scalar one, another layer than the one read, so its scalar sides say nothing
  of the layer's shapes.

So a "wrong" whose every failure is a scalar where an array is expected is not understood
in those two cases, naming the given.  Any other failure (a value, an array of another size,
a scalar where nothing was given a number) keeps its verdict: a scalar claimed for a matrix
gradient in notes that give no letter a number stays wrong (test_check_guessed_layer.py).
"""

from __future__ import annotations

import re

from symconv.checker.report import NOT_UNDERSTOOD, WRONG

# one failure of a "wrong": "the right side: it is a scalar where a 3×3 array is expected",
# "side 2 of 3: it is a scalar where a 2×2 array is expected"
_SCALAR_FAILURE = re.compile(
    r"^(?:the (?:right|left) side|side \d+ of \d+)(?: at [^:]*)?: it is a scalar where an? "
    r"[^;]*?(?:array|vector)[^;]*? is expected$"
)
_NUMBER = r"[-+]?\s*\d+(?:\.\d+)?"
# "x = 2", "z = 0", "x = -2": one bare letter (no index: w_1 = 0.5 may be an entry) set to
# one number, the whole statement
_GIVEN_CLAIM = re.compile(rf"^\s*(?P<letter>[A-Za-z])\s*=\s*(?P<value>{_NUMBER})\s*$")
# the same inside the prose and math of the paragraph before the claim ("$x = 2$.")
_GIVEN_IN_TEXT = re.compile(
    rf"(?<![\w\\{{}}^_])(?P<letter>[A-Za-z])\s*=\s*(?P<value>{_NUMBER})(?![\w.]|\s*[-+*/^_(\[\\])"
)
# a tensor of the layer the letters map reads: input, kernel, pre-activation, output, gradient
_TENSOR_ROLES = frozenset({"X", "W", "Z", "Y", "G"})
# what a worked example gives: the input and the kernel
_GIVEN_ROLES = frozenset({"X", "W"})
# a capital set to a whole number may be a size ("W = 56" the width), not a tensor's value
_WHOLE = re.compile(r"^\+?\s*\d+$")


def _compact(value: str) -> str:
    """A number as written, without the space a sign may have ("- 2")."""
    return re.sub(r"\s+", "", value)


def only_scalar_failures(message: str) -> bool:
    """Every failure the message names is a scalar where an array is expected."""
    parts = [p.strip() for p in message.split(";") if p.strip()]
    return bool(parts) and all(_SCALAR_FAILURE.match(p) for p in parts)


def _paragraph_before(document: list[str], line: int, prefix: str) -> str:
    """The claim's paragraph up to the claim: the lines above it back to a blank line (or a
    heading), and its own line up to the claim."""
    lines: list[str] = []
    k = line - 1
    while k >= 1:
        text = document[k - 1]
        if not text.strip() or text.lstrip().startswith("#"):
            break
        lines.append(text)
        k -= 1
    return "\n".join([*reversed(lines), prefix])


def _tensor_given(text: str, letters: dict[str, str]) -> str | None:
    """The first "letter = number" of ``text`` for a letter the layer reads as a tensor."""
    for m in _GIVEN_IN_TEXT.finditer(text):
        letter, value = m.group("letter"), m.group("value")
        if letters.get(letter) not in _TENSOR_ROLES:
            continue
        if letter.isupper() and _WHOLE.match(value):
            continue  # "W = 56": perhaps the width
        return f"{letter} = {_compact(value)}"
    return None


def _given_letter(letter: str, paragraph: str, letters: dict[str, str]) -> bool:
    """``letter = number`` gives a value rather than claims one: the letter is what a worked
    example gives (the layer's input or kernel), or the paragraph before it writes the
    letter as a function's argument ("$F(x) = \\ldots$", "$\\sigma'(z)$"), whose point the
    number is."""
    if letters.get(letter) in _GIVEN_ROLES:
        return True
    argument = rf"(?:[A-Za-z}}']|\\right)\s*\(\s*{re.escape(letter)}\s*(?:\\right)?\)"
    return re.search(argument, paragraph) is not None


def unless_scalar_given(
    found: dict | None,
    text: str,
    document: list[str],
    line: int,
    prefix: str,
    letters: dict[str, str],
) -> dict | None:
    """``found``, or not-understood where its "wrong" is only scalar sides where arrays are
    expected and the notes give a tensor letter one number: in the statement itself, or in
    the claim's paragraph before it (``prefix``: the claim's line up to the claim)."""
    if found is None or found.get("status") != WRONG:
        return found
    message = str(found.get("message", ""))
    if not only_scalar_failures(message):
        return found
    own = _GIVEN_CLAIM.match(text)
    paragraph = _paragraph_before(document, line, prefix)
    if own is not None and not _given_letter(own.group("letter"), paragraph, letters):
        return found  # "y = 3" of the layer's output: a claim, and a scalar is no 3x3 map
    if own is not None:
        given = f"{own.group('letter')} = {_compact(own.group('value'))}"
        why = (
            f"{given} gives {own.group('letter')} one number (a worked example's value or "
            "the point a function is taken at), not a claim about the layer's tensor"
        )
    else:
        given = _tensor_given(paragraph, letters)
        if given is None:
            return found
        why = (
            f"the paragraph gives {given} before it: a scalar example, not the layer read "
            "here, so its sides are numbers where the layer has arrays"
        )
    return {"status": NOT_UNDERSTOOD, "message": f"{why} (read as the layer: {message})"}
