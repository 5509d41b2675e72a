"""The padded input under a name of its own: "Llamamos $\\tilde{X}$ a la entrada rellenada",
"the zero-padded input $\\tilde{X}$".

The checker reads the padded input as ``X^{pad}`` (``x^{pad}_{i,j}``, the input with the
layer's padding around it, zero outside).  Where the notes' prose calls a tilde-decorated
letter the padded input, that letter is rewritten to that form before a claim is judged;
without such a sentence a tilde keeps no meaning (``\\tilde K`` is as often a flipped
kernel), so nothing is rewritten.
"""

from __future__ import annotations

import re

from symconv.checker.padded_prose import named_padded

# \tilde{X}, \tilde{\mathsf{X}} (a font changes no letter), an entry \tilde{x}_{n,c,i,j}
_TILDE = (
    r"\$\s*\\(?:tilde|widetilde)\s*\{?\s*(?:\\(?:mathbf|mathsf|boldsymbol|bm)\s*\{\s*)?"
    r"([A-Za-z])\s*\}?\s*\}?\s*(?:_\s*(?:\{[^{}$]*\}|[a-z])\s*)?\$"
)
# how many zeros: "par $P$ zéros", "with $p$ zeros", "com 2 zeros"
_COUNT = r"(?:\$[^$]{1,12}\$|\d+|un|deux|one|two)"
_PADDED = (
    r"(?:zero[- ])?padded|rellenad[ao]|con relleno"
    # French and Portuguese: "l'entrée complétée par des zéros", "a entrada preenchida com zeros"
    r"|compl[ée]t[ée]e?\s+(?:par|avec)\s+(?:des|"
    + _COUNT
    + r")\s+z[ée]ros|preenchid[ao]\s+com\s+(?:"
    + _COUNT
    + r"\s+)?zeros"
    # "$\tilde{X}$, the input padded with $P$ zeros on each side"
    + r"|padded\s+with\s+(?:"
    + _COUNT
    + r"\s+)?zeros"
)
# "the zero-padded 9x9 input", "the padded $9 \times 9$ input": a size between the words
# (a 1-D layer's input is a signal: "$\tilde{x}$ = padded signal")
_SIZE = r"(?:\d+\s*[x×]\s*\d+\s+|\$\s*\d+\s*\\times\s*\d+\s*\$\s+)?"
_NAMING = (
    # "$\tilde{X}$ a la entrada rellenada", "$\tilde{X}$, the padded input"
    re.compile(
        _TILDE + r"[^.$]{0,30}?\b(?:input|entrada|image|imagen|entr[ée]e)\s+"
        r"(?:ya\s+|already\s+|now\s+)?(?:" + _PADDED + r")\b"
        r"|"
        + _TILDE
        + r"[^.$]{0,30}?\b(?:"
        + _PADDED
        + r")\s+"
        + _SIZE
        + r"(?:input|image|signal|sequence)\b",
        re.IGNORECASE,
    ),
    # "the padded input $\tilde{X}$", "la entrada rellenada $\tilde{X}$"
    re.compile(
        r"\b(?:(?:"
        + _PADDED
        + r")\s+(?:input|image|signal|sequence)|(?:entrada|imagen|entr[ée]e|se[ñn]al)\s+(?:"
        + _PADDED
        + r"))\s*(?:,\s*)?"
        + _TILDE,
        re.IGNORECASE,
    ),
)

# the padded input defined in symbols: "we write $\tilde{\mathbf{X}} =
# \operatorname{pad}_P(\mathbf{X})$", "$\tilde x = \mathrm{pad}_p(x)$": the tilde of a
# letter set equal to the padding of that same letter
_LETTER_IN = r"(?:\\(?:mathbf|boldsymbol|bm)\s*\{\s*)?([A-Za-z])\s*\}?"
_DEFINED = re.compile(
    r"\\(?:tilde|widetilde)\s*\{?\s*"
    + _LETTER_IN
    + r"\s*\}?\s*(?::=|=|\\coloneqq)\s*\\(?:operatorname|mathrm|text)\s*\{\s*pad\s*\}"
    r"\s*(?:_\s*(?:\{[^{}]*\}|\w))?\s*(?:\\left)?\s*\(\s*"
    + _LETTER_IN.replace("([A-Za-z])", "(?P<inner>[A-Za-z])")
    + r"\s*(?:\\right)?\s*\)"
)


def padded_letters(text: str) -> frozenset[str]:
    """The letters whose tilde the prose names the padded input (both cases: the tensor
    and its entries)."""
    found: set[str] = set(named_padded(text))  # in a sentence of any language
    for pattern in _NAMING:
        for m in pattern.finditer(text):
            letter = next(g for g in m.groups() if g)
            found |= {letter.lower(), letter.upper()}
    for m in _DEFINED.finditer(text):
        # the input's letters only: \tilde G = pad(G) pads the gradient inside a formula
        if m.group(1).lower() == m.group("inner").lower() and m.group(1) in "xXIaA":
            found |= {m.group(1).lower(), m.group(1).upper()}
    code = {m.group("name"): m.group("inner") for m in _CODE_PADDED.finditer(text)}
    for name, inner in code.items():  # `Xp = np.pad(X, ...)`: Xp names the padded X
        found.add(f"{name}={inner}")
    for m in _WRITTEN.finditer(text):  # "`x_pad` is written $\tilde{x}$"
        name = m.group("code") or m.group("code2")
        letter = m.group("letter") or m.group("letter2")
        if code.get(name, "").lower() == letter.lower():
            found |= {letter.lower(), letter.upper()}
    return frozenset(found)


# a tilde letter given as the math name of a code array: "`x_pad` is written $\tilde{x}$",
# "`Xp` (written $\tilde{X}$)", "we write $\tilde{x}$ for `x_pad`"
_TILDE_LETTER = (
    r"\$\s*\\(?:tilde|widetilde)\s*\{?\s*(?:\\(?:mathbf|boldsymbol|bm)\s*\{\s*)?"
    r"(?P<NAME>[A-Za-z])\s*\}?\s*\}?\s*\$"
)
_WRITTEN = re.compile(
    r"`(?P<code>[A-Za-z][A-Za-z0-9_]{1,7})`\s*,?\s*\(?\s*(?:is\s+|are\s+)?(?:written|denoted)"
    r"\s+(?:as\s+|by\s+)?"
    + _TILDE_LETTER.replace("NAME", "letter")
    + r"|\bwrite\s+"
    + _TILDE_LETTER.replace("NAME", "letter2")
    + r"\s+for\s+`(?P<code2>[A-Za-z][A-Za-z0-9_]{1,7})`",
    re.IGNORECASE,
)


# a code name bound to the padded input: "Xp = np.pad(X, ((0,0),(0,0),(1,1),(1,1)))",
# "x_pad = F.pad(x, (1, 1, 1, 1))"; the name must be more than the letter (Xp, x_pad)
_CODE_PADDED = re.compile(
    r"(?<![\w.])(?P<name>[A-Za-z][A-Za-z0-9_]{1,7})\s*=\s*(?:np|numpy|torch\.nn\.functional|F|torch)"
    r"\.pad\(\s*(?P<inner>[xX])\s*,"
)


def alias_padded(text: str, letters: frozenset[str]) -> str:
    """``\\tilde{x}_{2i+m}`` -> ``x^{pad}_{2i+m}`` for the named letters."""
    if not letters:
        return text
    for named in (x for x in letters if "=" in x):  # Xp_{n,c,i,j} -> X^{pad}_{n,c,i,j}
        name, _, inner = named.partition("=")
        # dXp_{n,c,p,q}: the gradient of that name, as the notes' dX is X's
        text = re.sub(
            rf"(?<![A-Za-z\\])(d?){re.escape(name)}(?=\s*_)",
            lambda m, inner=inner: f"{m.group(1)}{inner}^{{pad}}",
            text,
        )
    return _TILDED.sub(
        lambda m: (
            f"{m.group(m.lastindex or 1)}^{{pad}}"
            if m.group(m.lastindex or 1) in letters
            else m.group(0)
        ),
        text,
    )


# \tilde{x}, \tilde x; in bold too, \tilde{\mathbf{X}} and \mathbf{\tilde{X}} (a bold
# letter is the same tensor); each brace matched with its own, so that a closing brace
# after the name (\frac{..}{\partial \tilde{X}}) stays the fraction's
_BOLD = r"\\(?:mathbf|mathsf|boldsymbol|bm)\s*"
_TILDE_CMD = r"\\(?:tilde|widetilde)\s*"
_TILDED = re.compile(
    _TILDE_CMD
    + r"\{\s*"
    + _BOLD
    + r"\{\s*([A-Za-z])\s*\}\s*\}"
    + r"|"
    + _BOLD
    + r"\{\s*"
    + _TILDE_CMD
    + r"(?:\{\s*([A-Za-z])\s*\}|([A-Za-z]))\s*\}"
    + r"|"
    + _TILDE_CMD
    + r"(?:\{\s*([A-Za-z])\s*\}|([A-Za-z]))"
)
