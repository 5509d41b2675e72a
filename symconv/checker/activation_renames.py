"""The names notes give an activation's input and output, for the activation claims.

The activation reader (:mod:`.activation_claims`) knows the input as ``z``/``Z`` and the
output as ``a``/``A``.  Notes name them as they like: "$\\hat{Y} = \\sigma(Z)$ element-wise",
"$A = \\operatorname{ReLU}(Y)$", "$h_{ij} = \\tanh(u_{ij})$".  A definition ``OUT = f(IN)``
with f an activation (sigmoid, tanh, ReLU), in the prose or math before the claim, says
OUT is the activation's output and IN its input; the claim is rewritten in the reader's
letters (and with entries' indices dropped: the claim is entry by entry, ``\\partial J /
\\partial Y_{i,j}`` is dL/dz at one entry).  A cases block on the right (``dJ/dA`` where
``Y > 0``, 0 otherwise) becomes the same sum of values times step functions.  Nothing is
guessed: without such a definition (or with a letter the layer already uses for another
tensor) the claim is left as it is."""

from __future__ import annotations

import re

from symconv.checker.entrywise import overlapping_conditions
from symconv.checker.texclean import row_layout

# a name: a letter, maybe hatted or bold (\hat{Y}, \hat Y, \mathbf{A}), maybe with indices
_LETTER = r"(?:\\(?:hat|tilde|bar|mathbf|boldsymbol|bm)\s*\{?\s*[A-Za-z]\s*\}?|[A-Za-z])"
_ENTRY = r"(?:\s*_\s*(?:\{[^{}]*\}|[a-z0-9]))?"
_FUNCTION = (
    r"(?:\\sigma|\\tanh|\\operatorname\s*\{\s*(?:ReLU|relu|tanh)\s*\}|"
    r"\\(?:text|mathrm)\s*\{\s*(?:ReLU|relu)\s*\}|ReLU|relu|\\max\s*\(\s*0\s*,)"
)
_DEFINITION = re.compile(
    rf"(?<![A-Za-z\\])({_LETTER}){_ENTRY}\s*=\s*{_FUNCTION}\s*\(?\s*({_LETTER}){_ENTRY}\s*\)"
)
_LOSS = re.compile(r"\\mathcal\s*\{\s*[LJE]\s*\}|(?<![A-Za-z\\])[JE](?![A-Za-z])")


def _letter(name: str) -> str:
    """``\\hat{Y}`` -> ``\\hat{Y}`` in one spelling; ``A`` -> ``A``."""
    m = re.fullmatch(r"\\(hat|tilde|bar|mathbf|boldsymbol|bm)\s*\{?\s*([A-Za-z])\s*\}?", name)
    return f"\\{m.group(1)}{{{m.group(2)}}}" if m else name


def _pattern(name: str) -> str:
    m = re.fullmatch(r"\\(\w+)\{([A-Za-z])\}", name)
    if m:
        return rf"\\{m.group(1)}\s*\{{?\s*{m.group(2)}\s*\}}?"
    return rf"(?<![A-Za-z\\]){name}(?![A-Za-z])"


def activation_letters(before: str) -> tuple[str, str] | None:
    """(output, input) of the last activation the text before the claim defines."""
    found = list(_DEFINITION.finditer(before))
    if not found:
        return None
    out, inp = _letter(found[-1].group(1)), _letter(found[-1].group(2))
    return (out, inp) if out != inp else None


def in_activation_letters(text: str, before: str) -> str | None:
    """The claim in the activation reader's letters (a, z, dA, dZ), or None when the notes
    define no activation before it or it already uses those letters."""
    names = activation_letters(before)
    if names is None:
        return None
    out, inp = names
    if (out, inp) in (("A", "Z"), ("a", "z")):
        return None
    text = re.sub(r"\\dfrac|\\tfrac", r"\\frac", _SIZING.sub(" ", row_layout(text)))
    text = _LOSS.sub("L", text)
    marker_out, marker_in = "\x01", "\x02"
    text = re.sub(_pattern(out) + _ENTRY, marker_out, text)
    text = re.sub(_pattern(inp) + _ENTRY, marker_in, text)
    if marker_out not in text and marker_in not in text:
        return None
    text = _cases(text.replace(marker_out, " A ").replace(marker_in, " Z "))
    text = re.sub(r"(?<![A-Za-z\\])d\s+([AZ]) ", r"d\1 ", text)  # d\hat{Y}: dA
    return re.sub(r"\\partial\s+([AZ])\s*\}", r"\\partial \1}", text)


_CASES = re.compile(r"\\begin\{cases\}(.*?)\\end\{cases\}", re.DOTALL)
_CONDITION = re.compile(
    r"\s*(?:\\text\{[^{}]*\}\s*)?Z\s*(>|<|\\geq?|\\leq?)\s*(-?\d+)\s*[.,;]?\s*"
    r"(?:\\text\{[^{}]*\}\s*)?"
)
_OTHERWISE = re.compile(
    r"\s*\\text\{\s*(?:otherwise|en otro caso|si no|e\.?\s*o\.?\s*c\.?)\.?\s*\}\s*[.,;]?\s*"
)
_SIZING = re.compile(r"\\(?:[Bb]igg?[lr]?|left|right)(?![A-Za-z])")


def _cases(text: str) -> str:
    """A cases block of values on conditions ``Z > c`` (``\\text{otherwise}`` after one such
    row) as a sum of each value times the step function of its condition."""
    m = _CASES.search(text)
    if m is None:
        return text
    terms: list[str] = []
    conditions: list[str] = []
    bounds: list[tuple[str, float]] = []
    for row in [r for r in re.split(r"\\\\", m.group(1)) if r.strip()]:
        value, _, condition = row.partition("&")
        value = value.strip().rstrip(",;.")
        c = _CONDITION.fullmatch(condition)
        if c is not None:
            op, bound = c.group(1), c.group(2)
            step = f"Z - ({bound})" if op in (">", "\\ge", "\\geq") else f"({bound}) - Z"
            conditions.append(step)
            bounds.append((op, float(bound)))
            if overlapping_conditions(bounds):
                return text  # two values on one interval: left for the reader to refuse
        elif _OTHERWISE.fullmatch(condition) and len(conditions) == 1:
            step = f"-({conditions[0]})"  # the one condition before, reversed
        else:
            return text  # a condition of another form: left for the reader to refuse
        terms.append(f"({value}) \\operatorname{{step}}({step})")
    return text[: m.start()] + "(" + " + ".join(terms) + ")" + text[m.end() :]
