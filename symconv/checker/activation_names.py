"""An activation claim in the notes' own letters, rewritten in the reader's z, a and L.

The activation reader (activation_claims.py) knows ``dz = da \\odot \\mathbb{1}[z > 0]``
with z the pre-activation, a the activation and L the loss.  Notes name them otherwise:
``A = \\operatorname{ReLU}(Y)`` and ``\\delta = \\frac{\\partial \\mathcal{L}}{\\partial A}
\\odot \\mathbb{1}[Y > 0]``; ``A = \\max(0, Y)`` and ``\\delta[n,f,i,j] = \\frac{\\partial
E}{\\partial A[n,f,i,j]} \\cdot \\mathbb{1}\\{Y[n,f,i,j] > 0\\}``; ``A^{(3)} =
\\tanh(Z^{(3)})``.  The notes' own definition ``ACT = f(PRE)``, the last one before the
claim, says which letter is which; the claim is then rewritten (ACT -> a, PRE -> z, its loss
-> L, entry indices and layer marks dropped: the claim holds entry by entry) and the
activation f is the one that definition applies.  Without such a definition nothing is
rewritten, so a letter is never given a role the notes did not give it.
"""

from __future__ import annotations

import re

from symconv.checker.activation_claims import judge_activation_claim
from symconv.checker.context import finding
from symconv.checker.layer_activation import _split
from symconv.checker.report import NOT_UNDERSTOOD, WRONG

_FONT_CMD = r"\\(?:mathbf|boldsymbol|bm|hat|widehat)\s*"


def _letter(name: str, group: str = "") -> str:
    """A letter, bare or in a font: ``A``, ``\\mathbf{A}`` (its brace closed with it);
    with ``group``, the letter is captured as group1, group2 or group3."""
    named = [f"(?P<{group}{k}>{name})" if group else name for k in (1, 2, 3)]
    return rf"(?:{_FONT_CMD}\{{\s*{named[0]}\s*\}}|{_FONT_CMD}{named[1]}|{named[2]})"


_SCRIPTS = (
    r"(?:\s*(?:\[[^\[\]=<>]*\]|_\s*\{[^{}]*\}|_\s*[A-Za-z0-9]|\^\s*\{\s*[\[(][^{}]*[\])]\s*\}))*"
)
_FUNCTION = (
    r"(?P<f>\\operatorname\s*\{\s*(?:ReLU|relu)\s*\}|\\(?:text|mathrm)\s*\{\s*ReLU\s*\}"
    r"|ReLU|\\sigma|\\tanh|\\max)"
)
_DEFINITION = re.compile(
    r"(?<![A-Za-z\\])"
    + _letter(r"[A-Za-z]", "act")
    + _SCRIPTS
    + r"\s*=\s*"
    + _FUNCTION
    + r"\s*(?:\\left|\\big|\\bigl)?\s*\(\s*(?:0\s*,\s*(?:\\[,;:!]\s*)*)?"
    + _letter(r"[A-Za-z]", "pre")
    + _SCRIPTS
    + r"\s*(?:\\right|\\big|\\bigr)?\s*\)"
)
# bracket sizes and thin spaces: \big( is (, \! nothing
_SIZING = re.compile(r"\\(?:left|right|bigl|bigr|Bigl|Bigr|big|Big|bigg|Bigg)(?![A-Za-z])|\\[!,;:]")
_NAMING = r"(?:lo llamo|la llamo|llamo|I call it|call it|we call it|denoted|written|escrito)"


def _names_g(before: str, act: str) -> bool:
    """Whether the notes name dL/d(act) g: "me da $\\partial L/\\partial a$ (lo llamo
    $g[n][i][j]$)", "$\\partial L / \\partial A$, which we call $g$"."""
    derivative = r"\\partial\s*" + _LOSS + r"\s*/\s*\\partial\s*" + _letter(re.escape(act))
    return bool(
        re.search(
            derivative + r"[^$]*\$[^$]{0,20}?" + _NAMING + r"\s*\$\s*g(?![A-Za-z])",
            before,
        )
    )


def upstream_letters(before: str, act: str) -> list[str]:
    """The letters the notes define as the gradient of the loss with respect to the
    activation ``act``: "$G = \\partial L / \\partial A$", "$E = \\frac{\\partial L}{\\partial
    A}$" (a plain letter, bare or in a font, on the left of its own definition)."""
    target = _letter(re.escape(act)) + r"\s*"
    derivative = (
        r"(?:\\partial\s*"
        + _LOSS
        + r"\s*/\s*\\partial\s*"
        + target
        + r"|\\d?frac\s*\{\s*\\partial\s*"
        + _LOSS
        + r"\s*\}\s*\{\s*\\partial\s*"
        + target
        + r"\})"
    )
    pattern = r"(?<![A-Za-z\\])" + _letter(r"[A-Za-z]", "up") + r"\s*=\s*" + derivative
    found = []
    for m in re.finditer(pattern, before):
        letter = next(m.group(f"up{k}") for k in (1, 2, 3) if m.group(f"up{k}"))
        if letter not in found:
            found.append(letter)
    return found


_NAMED_WORD = re.compile(
    r"(?<![A-Za-z\\])(sigmoide?|logistic|log[íi]stica|relu|tanh)(?![A-Za-z])", re.IGNORECASE
)


def _word_kind(word: str) -> str:
    word = word.lower()
    return "sigmoid" if word.startswith(("sigm", "log")) else word  # relu, tanh


_KIND = {"\\sigma": "sigmoid", "\\tanh": "tanh", "\\max": "relu"}
_LOSS = r"(?:\\mathcal\s*\{\s*[LEJC]\s*\}|[LEJC])(?![A-Za-z])"


def last_definition(before: str) -> tuple[str, str, str] | None:
    """(activation letter, pre-activation letter, activation kind) of the last
    ``ACT = f(PRE)`` in ``before``, the notes above the claim."""
    found = list(_DEFINITION.finditer(before))
    if not found:
        return None
    m = found[-1]
    kind = _KIND.get(m.group("f"), "relu")
    named = [w for w in _NAMED_WORD.finditer(before) if w.start() >= m.end()]
    if named and _word_kind(named[-1].group(1)) != kind:
        # "si la activación fuera la sigmoide, ...": the prose after the definition names
        # another activation, which the next claims suppose
        return None
    act = next(m.group(f"act{k}") for k in (1, 2, 3) if m.group(f"act{k}"))
    pre = next(m.group(f"pre{k}") for k in (1, 2, 3) if m.group(f"pre{k}"))
    if act == pre:
        return None
    return act, pre, kind


def _rename(text: str, letter: str, to: str) -> str:
    """Every use of ``letter`` (in a font, with indices or a layer mark) as ``to``."""
    pattern = r"(?<![A-Za-z\\])" + _letter(re.escape(letter) + r"(?![A-Za-z])") + _SCRIPTS
    return re.sub(pattern, to, text)


def in_reader_letters(text: str, before: str) -> tuple[str, str] | None:
    """The claim rewritten in z, a and L, and the activation, or None without a definition
    (or when the claim uses neither letter)."""
    found = last_definition(before)
    if found is None:
        return None
    act, pre, kind = found
    if not re.search(r"(?<![A-Za-z\\])" + _letter(f"(?:{act}|{pre})(?![A-Za-z])"), text):
        return None
    if act in ("z", "L", "g", "Q") or pre in ("a", "L", "g", "Q"):
        return None  # a letter the reader gives another meaning
    uses_g = re.search(r"(?<![A-Za-z\\])g(?![A-Za-z])", text)
    if uses_g and not _names_g(before, act):
        return None  # the reader takes g for dL/da: only where the notes say so
    out = _SIZING.sub("", text)
    for letter in upstream_letters(before, act):  # "G = \partial L / \partial A": G is dL/da
        if uses_g or letter in (act, pre, "z", "a", "L", "Q", "g"):
            return None  # two letters for dL/da, or a letter with another role here
        out = _rename(out, letter, "g")
    out = re.sub(r"\\partial\s*" + _LOSS, r"\\partial L", out)
    if uses_g:
        out = _rename(out, "g", "g")
    out = re.sub(r"\\(delta|Delta)" + _SCRIPTS, r"\\\1", out)
    out = _rename(out, act, "a")
    out = _rename(out, pre, "z")
    return out, kind


def judge_in_reader_letters(text: str, before: str) -> dict | None:
    """The activation claim's verdict in the notes' letters, or None (not such a claim, or
    no definition of its letters).  A chain is judged link by link against its first side,
    and the message names each differing side as "side k of n", as the tensor claims do."""
    renamed = in_reader_letters(text, before)
    if renamed is None:
        return None
    claim, kind = renamed
    sides = _split(claim, "=")
    if len(sides) <= 2:
        return judge_activation_claim(claim, kind)
    found = [judge_activation_claim(f"{sides[0]} = {side}", kind) for side in sides[1:]]
    if any(f is None for f in found):
        return None
    n = len(sides)
    wrong = [
        f["message"].replace("side 2 differs", f"side {k} of {n} differs", 1)
        for k, f in enumerate(found, start=2)
        if f is not None and f["status"] == WRONG
    ]
    unread = [
        f"side {k} of {n} is not understood: {f['message']}"
        for k, f in enumerate(found, start=2)
        if f is not None and f["status"] == NOT_UNDERSTOOD
    ]
    if wrong:
        return finding(WRONG, "; ".join(wrong + unread))
    if unread:
        return finding(NOT_UNDERSTOOD, "; ".join(unread))
    return found[0]
