"""A decorated name the notes define by an operator on a layer tensor, used whole later.

"Defino $\\tilde{\\delta} = \\operatorname{dilate}_2(\\delta)$ ... $\\frac{\\partial J}{\\partial
F} = X \\star \\tilde{\\delta}$", "let $\\hat G = \\operatorname{pad}_{2}(G)$, then $dX = \\hat G
\\star \\operatorname{rot180}(W)$", "$\\tilde K = \\operatorname{rot180}(K)$".  The
definition introduces a name and claims nothing; a later claim that uses the name whole
means the operator expression, so the name is replaced by it (the substitution is the
definition itself, no reading of the author's intent).  Checked this way, a claim that
then misses a rotation or a dilation is still caught by the operator judge.

Only a definition written with one operator (pad, dilate, rot180) of a plain letter or a
Greek letter is carried, and only where the notes define the name once: a use of a name
defined twice, differently, is not understood.  An indexed use
(``\\tilde\\delta_{p-m, q-n}``) is not rewritten here (a dilated tensor's entry is not an
entry of the tensor at shifted indices; :mod:`~symconv.checker.padded_gradient` carries
the padded case).
"""

from __future__ import annotations

import re

from symconv.checker.limits import NotUnderstood

_DECORATION = r"\\(?:tilde|widetilde|hat|widehat|bar|overline|check|breve)"
_NAME = r"(?:\\[A-Za-z]+|[A-Za-z])"
_OPERATOR = r"\\(?:operatorname|mathrm|text)\s*\{\s*(pad|dilate|rot180|rot)\s*\}"
_PARAMETER = r"(?:\s*_\s*(?:\{\s*(\d)\s*\}|(\d)))?"
_ARGUMENT = r"\s*(?:\\left\s*)?\(\s*\{?\s*(" + _NAME + r")\s*\}?\s*(?:\\right\s*)?\)"
_DEFINITION = re.compile(
    r"(" + _DECORATION + r")\s*\{?\s*(" + _NAME + r")\s*\}?\s*:?=\s*"
    + _OPERATOR + _PARAMETER + _ARGUMENT
)  # fmt: skip


def operator_definitions(document: str) -> dict[tuple[str, str], str | None]:
    """{(decoration, letter): the operator expression} for every name defined by one
    operator (None where the notes define it twice, differently)."""
    found: dict[tuple[str, str], set[str]] = {}
    for m in _DEFINITION.finditer(document):
        decoration, letter, op, p1, p2, argument = m.groups()
        parameter = p1 or p2
        if op in ("pad", "dilate") and parameter is None:
            continue  # pad_p with a symbol: its value is read elsewhere, not here
        if op in ("rot180", "rot") and parameter is not None:
            continue
        if argument != letter:
            continue  # \tilde G = pad_1(X): not a decoration of the tensor padded
        sub = f"_{{{parameter}}}" if parameter else ""
        name = "rot180" if op == "rot" else op
        found.setdefault((decoration.lstrip("\\"), letter), set()).add(
            f"\\operatorname{{{name}}}{sub}({argument})"
        )
    return {key: next(iter(v)) if len(v) == 1 else None for key, v in found.items()}


def _use(decoration: str, letter: str) -> re.Pattern[str]:
    """The decorated name used whole: not indexed, not raised to a power or transposed."""
    return re.compile(
        r"\\" + decoration + r"\s*(?:\{\s*" + re.escape(letter) + r"\s*\}|\s"
        + re.escape(letter) + r"(?![A-Za-z])|" + re.escape(letter) + r"(?![A-Za-z]))"
        + r"(?!\s*[_^(\[])"
    )  # fmt: skip


def defines_operator_name(text: str) -> bool:
    """The statement is only such a definition: ``\\tilde\\delta = dilate_2(\\delta)``."""
    m = _DEFINITION.match(text.strip())
    return bool(m) and not text.strip()[m.end() :].strip(" .,;")


def carry_operator_names(text: str, defined: dict[tuple[str, str], str | None]) -> str:
    """Each whole use of a defined name replaced by its operator expression; a use of a
    name defined twice is not understood (which definition holds here is not read)."""
    for (decoration, letter), expression in defined.items():
        use = _use(decoration, letter)
        if expression is None:
            if use.search(text):
                raise NotUnderstood(
                    f"\\{decoration}{{{letter}}} is defined twice in these notes, differently; "
                    "which definition this claim uses is not read"
                )
            continue
        text = use.sub(lambda _m, e=expression: e, text)
    return text
