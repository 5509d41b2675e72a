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

* the notes define the claim's letter as one number: a sum over every index of the map
  ("$y = \\sum_{i,j} W_{ij} A_{ij} + b$", a network that ends in a scalar), or the
  derivative of the loss by such a letter ("$\\delta = \\partial L / \\partial y$"); then
  "$y \\approx 2.81$" is that scalar's value, not a claim that the layer's map is one number.

So a "wrong" whose every failure is a scalar where an array is expected is not understood
in those cases, naming the given or the definition.  Any other failure (a value, an array
of another size, a scalar where nothing was given a number) keeps its verdict: a scalar
claimed for a matrix gradient in notes that give no letter a number stays wrong
(test_check_guessed_layer.py).
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
    defined = _scalar_definition(text, document, line)
    if defined is not None:
        return {"status": NOT_UNDERSTOOD, "message": f"{defined} (read as the layer: {message})"}
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


# the claim: one letter (or a Greek one) equal or approximately equal to one number
_LETTER_VALUE = re.compile(
    rf"^\s*(?P<letter>[A-Za-z]|\\[A-Za-z]+)\s*(?:=|\\approx|≈)\s*(?P<value>{_NUMBER})\s*$"
)
_LETTER = r"(?:[A-Za-z]|\\[A-Za-z]+)"
# "y = \sum_{i,j} ...", "y = \frac{1}{4} \sum_{i, j} ...": a letter defined by a sum
_SUM_DEFINITION = re.compile(
    rf"(?<![\w\\{{}}^_])(?P<letter>{_LETTER})\s*=\s*(?:\\frac\{{1\}}\{{[^{{}}]+\}}\s*)?"
    r"\\sum_(?:\{(?P<many>[^{}]*)\}|(?P<one>[A-Za-z]))(?P<rest>[^$]*)"
)
# "\delta = \frac{\partial L}{\partial y}", "\delta = \partial L / \partial y"
_LOSS_DERIVATIVE = re.compile(
    rf"(?<![\w\\{{}}^_])(?P<letter>{_LETTER})\s*=\s*(?:\\frac\s*\{{\s*\\partial\s*"
    rf"[A-Za-z]\s*\}}\s*\{{\s*\\partial\s*(?P<by>{_LETTER})\s*\}}|\\partial\s*[A-Za-z]\s*/\s*"
    rf"\\partial\s*(?P<by2>{_LETTER}))(?![\w_^])"
)
_MATH_SPAN = re.compile(r"\$\$([^$]+)\$\$|\$([^$]+)\$")
_INNER_SUM = re.compile(r"\\sum_(?:\{([^{}]*)\}|([A-Za-z]))")
# a subscript's index letters: "_{ij}", "_{i,j}", "_{i+u-1, j}", "_i"
_SUBSCRIPT = re.compile(r"_(?:\{([^{}]*)\}|([A-Za-z0-9]))")


def _bound_indices(many: str | None, one: str | None) -> set[str]:
    """The indices a sum's subscript binds: "i,j", "i, j", "ij", "i=1", "u=0,v=0"."""
    text = re.sub(r"=[^,]*", "", many if many is not None else one or "")
    return set(re.findall(r"[A-Za-z]", text))


def _contracted(rest: str, bound: set[str]) -> bool:
    """Whether the summand (up to the first top-level comma or \\quad) has no index left
    free: each of its subscripts' letters is one the sum binds."""
    depth, end = 0, len(rest)
    for k, ch in enumerate(rest):
        if ch in "{([":
            depth += 1
        elif ch in "})]":
            depth -= 1
        if depth <= 0 and (ch == "," or rest.startswith("\\quad", k)):
            end = k
            break
    summand = rest[:end]
    for m in _INNER_SUM.finditer(summand):  # \\sum_{i=1}^{2} \\sum_{j=1}^{2}: j is bound too
        bound = bound | _bound_indices(m.group(1), m.group(2))
    for m in _SUBSCRIPT.finditer(summand):
        letters = set(re.findall(r"[A-Za-z]", m.group(1) or m.group(2) or ""))
        if letters - bound:
            return False
    return True


def _scalar_definition(text: str, document: list[str], line: int) -> str | None:
    """Why the claim's letter is one number in the notes (above), or None: its definition by
    a sum over every index, on or above the claim's line, or as the loss's derivative by a
    letter so defined."""
    own = _LETTER_VALUE.match(text)
    if own is None:
        return None
    defined: dict[str, tuple[int, str]] = {}
    for n, row in enumerate(document[: max(line, 0)], start=1):
        for span in _MATH_SPAN.finditer(row):
            math = span.group(1) or span.group(2) or ""
            for m in _SUM_DEFINITION.finditer(math):
                bound = _bound_indices(m.group("many"), m.group("one"))
                if bound and _contracted(m.group("rest"), bound):
                    defined.setdefault(m.group("letter"), (n, m.group(0).strip()[:60]))
            for m in _LOSS_DERIVATIVE.finditer(math):
                by = m.group("by") or m.group("by2")
                if by in defined:
                    defined.setdefault(m.group("letter"), (n, m.group(0).strip()[:60]))
    letter = own.group("letter")
    if letter not in defined:
        return None
    at, shown = defined[letter]
    return (
        f"the notes define {letter} as one number (line {at}: {shown}), not as the layer's "
        "map, so its value is no claim about the layer's shape"
    )
