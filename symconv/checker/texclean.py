"""Braces and wrappers that only change how a formula looks, removed before parsing.

People colour a term (``\\color{red}{\\partial x_{11}}``), brace a differentiation variable
(``\\partial{O_{11}}``, ``\\partial {L}``), wrap a sum's body in braces that do not show
(``\\sum_m \\sum_n{a w + b}`` renders as ``\\sum_m \\sum_n a w + b``: the bias is added once),
parenthesise a primed name (``(\\omega')^l_{m,n}``), call the loss ``Loss`` and write a
derivative inline (``\\partial L/\\partial y_{ij}``).  Each is
rewritten to the plain form the grammar reads; nothing is evaluated.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# \color{red}{x}, {\color{red} x}, \textcolor{red}{x}: emphasis, not mathematics
_COLOR = re.compile(r"\\(?:textcolor|color)\s*\{[A-Za-z!0-9]*\}")
_PARTIAL = re.compile(r"\\partial\s*(?=\{)")
_SUM_HEAD = re.compile(r"\\sum\s*(?:[_^]\s*(?:\{[^{}]*\}|\w)\s*){0,2}(?=\{)")
# a parenthesised primed name, (\omega')^l_{m,n}: not a function's argument, w(n')
_PRIMED_PAREN = re.compile(r"(?<![\w})])\(\s*(\\[a-zA-Z]+|[A-Za-z])\s*('+)\s*\)(?=\s*[\^_])")
_LOSS_WORD = re.compile(r"\\partial\s*(?:Loss|Cost|Error)(?![A-Za-z])")
# \partial L / \partial y_{i,j}, \partial L/\partial Y(i,j): the fraction written inline
_SLASH = re.compile(
    r"\\partial\s*([LJEC]|\\ell|\\mathcal\s*\{\s*[LJEC]\s*\})\s*/\s*\\partial\s*("
    r"(?:\\math(?:bf|sf)\{[A-Za-z]\}|\\[a-zA-Z]+|[A-Za-z])"
    r"(?:\s*\^\s*\{[^{}]*\})?(?:\s*_\s*(?:\{[^{}]*\}|[A-Za-z0-9]))?"
    r"(?:\s*\^\s*\{[^{}]*\})?(?:\s*\((?:[^()]|\([^()]*\))*\))?)"
)
# \nabla_{\boldsymbol{w}} L: the gradient of the loss, dL/dw
_NABLA = re.compile(
    r"\\nabla\s*_\s*(?:\{((?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*)\}|([A-Za-z]))"
    r"\s*([LJEC]|\\ell|\\mathcal\s*\{\s*[LJEC]\s*\}|\\mathcal\s*[LJEC])(?![A-Za-z])"
)
# \mathrm{d}X, \text{d}Y_{0,0}, {\rm d}W, \operatorname{d}x: the upright differential d,
# which the grammar reads as the plain d before a tensor letter (dX, dY_{0,0})
_UPRIGHT_D = re.compile(
    r"(?:\\(?:mathrm|text|textrm|textup|operatorname|mathit)\s*\{\s*d\s*\}|\{\s*\\rm\s+d\s*\}"
    r"|\\mathrm\s+d(?![A-Za-z]))\s*(?=[A-Za-z\\{])"
)
# \text{dW}, \mathrm{dX}, \texttt{db}: code's name of a gradient (CS231n's dW = dL/dW) set
# upright as one word, which the grammar reads as dW
_UPRIGHT_NAME = re.compile(
    r"\\(?:mathrm|text|textrm|textup|texttt|operatorname|mathtt)\s*\{\s*d\s*([A-Za-z])\s*\}"
)
_TOP_SUM = re.compile(r"[-+=<>&]|\\(?:pm|mp|le|ge|neq|in)(?![a-zA-Z])")


# a row break's extra space (\\[4pt]) and the sentence's punctuation closing a row or an
# environment (``0 & \text{if } x > 0, \\``): layout, not math
_ROW_SPACE = re.compile(r"\\\\\s*\[\s*-?\d*\.?\d+\s*(?:pt|em|ex|mm|cm|mu|bp)\s*\]")
_ROW_END_PUNCT = re.compile(r"[,.;]\s*(?=\\\\|\\end\s*\{)")


# Y_{\lceil i/2\rceil \lceil j/2\rceil}: two bracketed indices side by side are two indices
_SIDE_BY_SIDE = re.compile(r"\\(rceil|rfloor)\s*(?:\\[,;! ]\s*)*(?=\\(?:lceil|lfloor))")


def row_layout(text: str) -> str:
    """``text`` without a row break's extra space and the punctuation ending a row, and
    with a comma between two ceilings (floors) written side by side as indices."""
    text = _SIDE_BY_SIDE.sub(r"\\\1, ", text)
    return _ROW_END_PUNCT.sub(" ", _ROW_SPACE.sub(r"\\\\", text))


# {w}_{11}, {y}^{l}: a letter braced before its index, as the letter (so w_{11} reads as
# row 1, column 1); not \frac{x}_..., ^{l}_..., whose braces belong to a command or index
_BRACED_LETTER = re.compile(r"(?<![\\A-Za-z_^])\{\s*([A-Za-z])\s*\}(?=\s*[_^])")


# 0{,}25, 2{,}5: a decimal comma as German, French and Spanish notes typeset it (the braces
# keep TeX from spacing it as punctuation).  1{,}500 (three digits after a non-zero whole
# part) may be a thousands separator as well: left alone (stated_values reads groups).
_DECIMAL_COMMA = re.compile(r"(?<![\d.])(\d+)\s*\{,\}\s*(\d+)(?![\d.])")


def _decimal(m: re.Match[str]) -> str:
    whole, part = m.group(1), m.group(2)
    if whole != "0" and len(part) == 3:
        return m.group(0)
    return f"{whole}.{part}"


# 295\,936, 7\,225\,344: digits grouped by thousands with a thin space (or a tie) are one
# number, not a product of 295 and 936; a {,} group looks like a decimal comma, so only the
# readers of stated sizes (stated_values) take it as a group too.  A number's first group
# has no leading zero: 0{,}425 is a decimal comma (0.425), never the thousands of 425; and
# a formula that writes one decimal comma (0{,}1, 4{,}25: not three digits after it) writes
# none of its {,} as a thousands group (1{,}625 beside 0{,}25 is 1.625)
_SEPARATORS = (r"\\,|\\ |~", r"\\,|\{,\}|~|\\ ")
_PLAIN_DECIMAL = re.compile(
    r"(?<![\d.])(?:\d+\s*\{,\}\s*(?:\d{1,2}|\d{4,})|0\s*\{,\}\s*\d+)(?![\d.])"
)


def thin_groups(text: str, braced: bool = False) -> str:
    """``295\\,936`` as ``295936`` (and ``1{,}500`` as ``1500`` where ``braced``)."""
    braced = braced and not _PLAIN_DECIMAL.search(text)
    groups = rf"(?<![\d_{{^.])[1-9]\d{{0,2}}(?:(?:{_SEPARATORS[braced]})\d{{3}})+(?![\d.])"
    return re.sub(groups, lambda m: re.sub(r"\D", "", m.group(0)), text)


def decimal_commas(text: str) -> str:
    """``0{,}5`` as ``0.5`` (a decimal comma; a thousands group left alone, unless the
    formula writes a plain decimal comma elsewhere)."""
    if _PLAIN_DECIMAL.search(text):
        return _DECIMAL_COMMA.sub(lambda m: f"{m.group(1)}.{m.group(2)}", text)
    return _DECIMAL_COMMA.sub(_decimal, text)


# \operatorname{dil}_2(\delta), \mathrm{dilatation}_S(G): other authors' names for the
# stride dilation (zeros inserted between entries), one operator with dilate_s
_DILATE_NAME = re.compile(
    r"\\(?:operatorname|mathrm|text|textrm|mathop|textup)\s*\{\s*"
    r"(?:dil|dilation|dilatation|dilataci[óo]n|dilata[çc][ãa]o)\s*\}"
)


# [\mathsf{W}]_{o,c,a,b}, [\tilde{\mathbf{X}}]_{n,c,p,q}: D2L's entry of a tensor, the
# bracket only separating the (bold or sans-serif) name from its indices
_BRACKET_ENTRY = re.compile(
    r"\[\s*((?:\\(?:tilde|hat|bar)\s*\{\s*)?)(?:\\(?:mathsf|mathbf|boldsymbol|bm|mathrm)\s*)?"
    r"\{?\s*([A-Za-z])\s*\}?(\s*\}?)(\s*\^\s*\{[^{}]*\})?\s*\](?=\s*_\s*(?:\{\s*)?[A-Za-z0-9])"
)


def _bracket_entry(m: re.Match[str]) -> str:
    wrap, letter, close = m.group(1), m.group(2), m.group(3).strip()
    if bool(wrap) != bool(close):
        return m.group(0)
    sup = (m.group(4) or "").strip()  # [X^{pad}]_{n,c,p,q}: the padded input's entry
    # no space after: the subscript follows at once (the lookahead), as x_{i} is written
    return f"{wrap.strip()}{letter}{close}{sup}" if wrap else f"{letter}{sup}"


def bracket_entries(text: str) -> str:
    """``[\\mathsf{W}]_{o,c,a,b}`` -> ``W_{o,c,a,b}`` (D2L's entries, :data:`_BRACKET_ENTRY`):
    applied to the whole document, so readers of the prose and of other formulas see the
    tensor and its indices as the claims write them."""
    return _BRACKET_ENTRY.sub(_bracket_entry, text)


# \tfrac14, \frac 12: TeX takes a fraction's arguments as its next two tokens, one digit
# each, so \tfrac14 is 1/4 (the grammar would read 14 as one number)
_SHORT_FRAC = re.compile(r"\\([dt]?frac)\s*(\d)\s*(\d)")


def typing_only(text: str) -> str:
    """``text`` with the wrappers above replaced by what they wrap."""
    text = _BRACKET_ENTRY.sub(_bracket_entry, text)
    text = _SHORT_FRAC.sub(r"\\\1{\2}{\3}", text)
    text = _DILATE_NAME.sub(r"\\operatorname{dilate}", text)
    text = thin_groups(decimal_commas(text))
    text = _BRACED_LETTER.sub(r"\1", text)
    text = _UPRIGHT_D.sub("d ", row_layout(text))
    text = _UPRIGHT_NAME.sub(r"d\1", text)
    text = _PRIMED_PAREN.sub(r"\1\2", _LOSS_WORD.sub(r"\\partial L", text))
    text = _NABLA.sub(
        lambda m: f"\\frac{{\\partial L}}{{\\partial {m.group(1) or m.group(2)}}}", text
    )
    text = _SLASH.sub(lambda m: f"\\frac{{\\partial {m.group(1)}}}{{\\partial {m.group(2)}}}", text)
    text = _unwrap(_PARTIAL, text, lambda head: "\\partial ", _one_product)
    text = _unwrap(_SUM_HEAD, text, lambda head: head, lambda inside: True)
    # a colour around one product loses its braces too; around a sum it keeps them (a group)
    return _unwrap(_COLOR, text, lambda head: "", _one_product, keep_unmatched=False)


def _one_product(inside: str) -> bool:
    return not _TOP_SUM.search(_flat(inside))


def _unwrap(
    head: re.Pattern,
    text: str,
    lead: Callable[[str], str],
    accept: Callable[[str], bool],
    keep_unmatched: bool = True,
) -> str:
    """Each ``head{inside}`` becomes ``lead(head) inside`` when ``accept(inside)``; a head
    not followed by an accepted group stays (or is dropped, ``keep_unmatched=False``)."""
    out, pos = [], 0
    for m in head.finditer(text):
        if m.start() < pos:
            continue
        group = _group_at(text, m.end())
        if group is not None and accept(group[1]):
            out.append(text[pos : m.start()] + lead(m.group(0)) + " " + group[1] + " ")
            pos = group[0]
        elif not keep_unmatched:
            out.append(text[pos : m.start()])
            pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def _group_at(text: str, pos: int) -> tuple[int, str] | None:
    """(end, inside) of the brace group starting at ``pos`` (after blanks), or None."""
    start = len(text) - len(text[pos:].lstrip())
    if start >= len(text) or text[start] != "{":
        return None
    depth = 0
    for i in range(start, len(text)):
        depth += {"{": 1, "}": -1}.get(text[i], 0)
        if depth == 0:
            return i + 1, text[start + 1 : i]
    return None


def _flat(text: str) -> str:
    """``text`` with its nested brace groups removed (only its top level is looked at)."""
    while True:
        reduced = re.sub(r"\{[^{}]*\}", "", text)
        if reduced == text:
            return text
        text = reduced
