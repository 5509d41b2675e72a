"""The error handed back through the previous layer's activation.

Notes about layer l of a network write the error of layer l-1 as the layer's input gradient
times the activation's derivative: with ``x^{l-1} = f(z^{l-1})`` entry by entry and
``\\delta^{l} = \\partial E / \\partial z^{l}``,

    ``\\delta^{l-1}_{p,q} = f'(z^{l-1}_{p,q}) \\sum_{m,n} \\delta^l_{p-m+1,q-n+1} w^l_{m,n}``,
    ``\\delta^{(1)} = (\\operatorname{pad}_1(\\delta^{(2)}) \\star
    \\operatorname{rot}_{180}(W^{(2)}))
    \\odot \\mathbb{1}[z^{(1)} > 0]``.

The chain rule through an entry-wise map gives ``\\partial E/\\partial z^{l-1}_{p,q} =
f'(z^{l-1}_{p,q}) \\, \\partial E/\\partial x^{l-1}_{p,q}`` (its Jacobian is diagonal).  The
rest of the right side depends on layer l's tensors only, never on z^{l-1}, so the claim
holds for every value iff the rest equals ``\\partial E/\\partial x^{l-1}_{p,q}``: f' is
nonzero somewhere for every activation read here.  The claim is rewritten so, and layer l's
own readers judge it.

Nothing is guessed: the notes must define the input as the activation of z marked like the
left side (``x^{l-1} = f(z^{l-1})``, ``a^{(1)} = \\operatorname{ReLU}(z^{(1)})``); the factor
must be the derivative of that very function (``f'``) at the same entry, or the step
``\\mathbb{1}[z > 0]`` when that function is the ReLU; the left side must be the notes' error
letter marked one layer below the other tensors.  Anything else is left as written (and so
not understood, as a claim across layers).
"""

from __future__ import annotations

import re

# a layer mark: ^l, ^{l-1}, ^{(l-1)}, ^{[2]}, ^{(1)}
_MARK = (
    r"\^\s*(?:\{\s*[\[(]?\s*(?:\d+|[lLk](?:\s*[-+]\s*\d+)?)\s*[\])]?\s*\}|[lLk](?![A-Za-z0-9])|"
    r"[\[(]\s*(?:\d+|[lLk](?:\s*[-+]\s*\d+)?)\s*[\])])"
)
_SUB = r"(?:_\s*(?:\{(?:[^{}]|\{[^{}]*\})*\}|[A-Za-z0-9]))?"
_BOLD = (
    r"(?:\\(?:boldsymbol|mathbf|bm)\s*\{\s*(?P<{0}>\\[A-Za-z]+|[A-Za-z])\s*\}"
    r"|(?P<{1}>\\[A-Za-z]+|[A-Za-z]))"
)


def _named(tag: str) -> str:
    return _BOLD.replace("{0}", tag + "1").replace("{1}", tag + "2")


_TENSOR = re.compile(
    r"^\s*" + _named("n") + r"\s*(?P<mark>" + _MARK + r")\s*(?P<sub>" + _SUB + r")\s*$"
)
_ANY_MARKED = re.compile(r"(?<![A-Za-z\\])(\\[A-Za-z]+|[A-Za-z])\s*\}?\s*(" + _MARK + ")")
_FUNCTION = (
    r"(?P<f>\\operatorname\s*\{\s*[A-Za-z]+\s*\}|\\mathrm\s*\{\s*[A-Za-z]+\s*\}|"
    r"\\text\s*\{\s*[A-Za-z]+\s*\}|\\sigma|\\phi|\\varphi|\\tanh|[fgh])"
)
_OPEN = r"(?:\\left\s*)?[(\[]"
_CLOSE = r"(?:\\right\s*)?[)\]]"
# f'(z^{l-1}_{p,q}), \sigma'\left(z^{(1)}\right), f^{\prime}(z)
_DERIVATIVE = re.compile(
    _FUNCTION
    + r"\s*(?:'|\^\s*\{?\s*\\prime\s*\}?)\s*"
    + _OPEN
    + r"\s*(?P<z>[A-Za-z])\s*(?P<mark>"
    + _MARK
    + r")\s*(?P<sub>"
    + _SUB
    + r")\s*"
    + _CLOSE
)
# \mathbb{1}[z^{(1)} > 0], \mathbf{1}\!\left[z^{l-1}_{p,q} > 0\right], \mathbb{1}\{z > 0\}
_STEP = re.compile(
    r"\\(?:mathbb|mathbf|mathrm)\s*\{\s*[1I]\s*\}\s*(?:\\!\s*)?(?:_\s*)?"
    r"(?:\\left\s*)?(?:\[|\\\{|\{|\()\s*(?P<z>[A-Za-z])\s*(?P<mark>"
    + _MARK
    + r")\s*(?P<sub>"
    + _SUB
    + r")\s*>\s*0\s*(?:\\right\s*)?(?:\]|\\\}|\}|\))"
)
# x^{l-1} = f(z^{l-1}), a^{(1)} = \operatorname{ReLU}(z^{(1)}): the previous layer's activation
_DEFINITION = re.compile(
    r"(?<![A-Za-z\\])(?P<x>[A-Za-z])\s*(?P<xmark>"
    + _MARK
    + r")\s*=\s*"
    + _FUNCTION
    + r"\s*"
    + _OPEN
    + r"\s*(?P<z>[A-Za-z])\s*(?P<zmark>"
    + _MARK
    + r")\s*"
    + _CLOSE
)
_RELU_NAMES = re.compile(r"relu", re.IGNORECASE)
_JOIN = r"(?:\s|\\[,;:! ]|\\cdot|\\odot|\\circ)*"
_LOSS = re.compile(
    r"\\frac\s*\{\s*\\partial\s*(\\mathcal\s*\{\s*[A-Z]\s*\}|[A-Z])\s*\}\s*\{\s*\\partial"
    r"|\\partial\s*(\\mathcal\s*\{\s*[A-Z]\s*\}|[A-Z])\s*/\s*\\partial"
)


def _level(mark: str) -> tuple[str, int]:
    """``^{(l-1)}`` -> ("l", -1); ``^{[2]}`` -> ("", 2)."""
    inner = re.sub(r"[\s\[\](){}^]", "", mark)
    if inner.isdigit():
        return "", int(inner)
    return inner[0].lower(), int(inner[1:] or 0)


def _plain(sub: str) -> str:
    """An index written without spaces, thin spaces or braces (``_{p,\\,q}`` -> ``p,q``)."""
    return re.sub(r"\\[,;:! ]|\s|[{}_]", "", sub)


def _sides(text: str) -> list[str]:
    sides, depth, start = [], 0, 0
    for k, ch in enumerate(text):
        depth += (ch in "{([") - (ch in "})]")
        if ch == "=" and depth == 0:
            sides.append(text[start:k])
            start = k + 1
    sides.append(text[start:])
    return sides


def _one_term(text: str) -> bool:
    """No ``+`` or ``-`` outside brackets: a factor beside it multiplies all of it."""
    depth = 0
    body = text.strip()
    for k, ch in enumerate(body):
        depth += (ch in "{([") - (ch in "})]")
        if ch in "+-" and depth == 0 and k > 0:
            return False
    return bool(body) and not body.startswith(("+", "-"))


def _name(m: re.Match[str], tag: str) -> str:
    return str(m.group(tag + "1") or m.group(tag + "2"))


def _same_function(written: str, defined: str) -> bool:
    return re.sub(r"\s", "", written) == re.sub(r"\s", "", defined)


_KIND_WORDS = {"relu": "relu", "sigmoid": "sigmoid", "logistic": "sigmoid", "tanh": "tanh"}
_KIND_OF_NAME = re.compile(r"(relu|sigma|sigmoid|logistic|tanh)", re.IGNORECASE)


def activation_kind(function: str, document: str) -> str | None:
    """ "relu", "sigmoid" or "tanh" for a function the notes name (``\\operatorname{ReLU}``,
    ``\\sigma``, ``\\tanh``) or a letter the prose calls one ("with $f$ the ReLU", "where
    $g$ is the sigmoid", "$f = \\tanh$"); None when the notes do not say."""
    named = _KIND_OF_NAME.search(function)
    if named is not None:
        word = named.group(1).lower()
        return "sigmoid" if word == "sigma" else _KIND_WORDS[word]
    if not re.fullmatch(r"[fgh]", function):
        return None
    said = re.compile(
        rf"(?<![A-Za-z\\]){function}\$?\s*(?:is\s+|=\s*|being\s+|as\s+)?(?:the\s+)?"
        r"\$?\s*(?:\\operatorname\s*\{|\\mathrm\s*\{|\\text\s*\{|\\)?"
        r"(relu|sigmoid|logistic|tanh|sigma)(?![A-Za-z])",
        re.IGNORECASE,
    )
    kinds = {m.group(1).lower() for m in said.finditer(document)}
    kinds = {"sigmoid" if k == "sigma" else _KIND_WORDS[k] for k in kinds}
    return kinds.pop() if len(kinds) == 1 else None


def _is_relu(function: str, document: str) -> bool:
    return activation_kind(function, document) == "relu"


_LETTER_PRIME = re.compile(r"^\s*(?P<f>[fgh])\s*(?:'|\^\s*\{?\s*\\prime\s*\}?)\s*(?=\()")
_SPELLED = {"relu": "\\operatorname{ReLU}", "sigmoid": "\\sigma", "tanh": "\\tanh"}


def named_derivative(text: str, document: str) -> str | None:
    """``\\operatorname{ReLU}'(z) = ...`` for ``f'(z) = ...`` where the notes say which
    activation f is ("$x = f(z)$ with $f$ the ReLU"): every ``f(`` and ``f'(`` is written
    with the activation's name; else None (also when f stands alone somewhere)."""
    m = _LETTER_PRIME.match(text)
    if m is None:
        return None
    letter = m.group("f")
    kind = activation_kind(letter, document)
    if kind is None:
        return None
    applied = re.compile(
        rf"(?<![A-Za-z\\]){letter}(?P<prime>\s*(?:'|\^\s*\{{?\s*\\prime\s*\}}?))?\s*(?=\\left\s*\(|\()"
    )
    out = applied.sub(lambda a: _SPELLED[kind] + ("'" if a.group("prime") else ""), text)
    if re.search(rf"(?<![A-Za-z\\]){letter}(?![A-Za-z])", out):
        return None  # f alone, or f at something not in brackets: not read as the function
    return out


def _loss_letter(document: str) -> str:
    m = _LOSS.search(document)
    if m is None:
        return "L"
    return re.sub(r"\s", "", m.group(1) or m.group(2))


def _factor_and_rest(right: str) -> tuple[re.Match[str], str] | None:
    """The activation factor at the start or the end of the right side, and the rest."""
    for pattern in (_DERIVATIVE, _STEP):
        lead = re.match(r"\s*", right)
        start = lead.end() if lead else 0
        m = pattern.match(right, start)
        if m is not None:
            joined = re.match(_JOIN, right[m.end() :])
            rest = right[m.end() + (joined.end() if joined else 0) :]
            return m, rest
        tail = None
        for found in pattern.finditer(right):
            tail = found
        if tail is not None and not right[tail.end() :].strip(" .,;\t\n"):
            before = re.sub(_JOIN + r"$", "", right[: tail.start()])
            return tail, before
    return None


def through_activation(text: str, letters: dict[str, str], document: str) -> str | None:
    """``\\frac{\\partial E}{\\partial x^{l-1}_{p,q}} = REST`` for ``\\delta^{l-1}_{p,q} =
    f'(z^{l-1}_{p,q}) REST``, when the notes define ``x^{l-1} = f(z^{l-1})``; else None."""
    if "^" not in text or "=" not in text:
        return None
    sides = _sides(text)
    if len(sides) != 2:
        return None
    left = _TENSOR.match(sides[0])
    if left is None or letters.get(_name(left, "n")) != "G":
        return None
    level = _level(left.group("mark"))
    found = _factor_and_rest(sides[1])
    if found is None:
        return None
    factor, rest = found
    if not _one_term(rest) or _level(factor.group("mark")) != level:
        return None
    if letters.get(factor.group("z")) != "Z" or _plain(factor.group("sub")) != _plain(
        left.group("sub")
    ):
        return None  # f' at another entry, or of something that is not the output letter
    others = {_level(m.group(2)) for m in _ANY_MARKED.finditer(rest)}
    if others != {(level[0], level[1] + 1)}:
        return None  # the rest must be about the layer one above the left side's
    for d in _DEFINITION.finditer(document):
        if (
            d.group("z") != factor.group("z")
            or _level(d.group("xmark")) != level
            or _level(d.group("zmark")) != level
        ):
            continue
        fits = (
            _same_function(factor.group("f"), d.group("f"))
            if factor.re is _DERIVATIVE
            else _is_relu(d.group("f"), document)
        )
        if not fits:
            return None
        loss = _loss_letter(document)
        entry = f"{d.group('x')}{left.group('mark')}{left.group('sub')}"
        return f"\\frac{{\\partial {loss}}}{{\\partial {entry}}} = {rest.strip()}"
    return None


def marked_below(text: str) -> bool:
    """The left side is marked one layer below a tensor of the right side (``\\delta^{l-1}
    = ... \\delta^{l} ...``): no definition of the layer's own output."""
    sides = _sides(text)
    if len(sides) < 2:
        return False
    left = [_level(m.group(2)) for m in _ANY_MARKED.finditer(sides[0])]
    right = {_level(m.group(2)) for m in _ANY_MARKED.finditer("=".join(sides[1:]))}
    return len(left) == 1 and (left[0][0], left[0][1] + 1) in right
