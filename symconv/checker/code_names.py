"""Code's names of tensors (``dout``, ``grad_out``, ``out``) read as the layer's letters.

A README of a NumPy library writes its formulas in the code's names: "`dout` is always the
gradient of the loss with respect to the layer's output", then ``\\text{dX}[s] =
\\sum_k w[k]\\, \\text{dout}[s - d k]`` and ``\\big[X_{i,j} = \\text{out}_{...}\\big]``.
The checker reads ``\\text{dX}`` as dL/dX already (texclean.py: a d before one letter);
a longer name is words to it.  Where the notes' own words define such a name, a claim is
read with the letter of the tensor it names: the upstream gradient (dL/d(output)) as G,
the output as Z.

The reading is strict, because a wrong role turns a verdict around:

* the definition is the notes' own: a sentence that names the code word and says it is
  the gradient of the loss with respect to the layer's output (or the upstream gradient),
  in English, Spanish, German or French, or an equation ``\\text{dout} = \\partial L /
  \\partial y`` by an output letter; a derivative by anything else gives nothing;
* the output's own name follows from the same sentence only through the code's d-prefix
  convention the notes use for every gradient (``dX`` for X, ``dW`` for W): ``dout``
  (``d_out``, ``grad_out``) is the gradient of ``out``, so ``out`` is the output.  A
  sentence that calls ``out`` the layer's output names it directly;
* a name used as a label (``H_{\\text{out}}``, ``\\delta_{\\text{out}}``) is no tensor and
  stays; a claim that already uses the letter a name would become is left as written.
"""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache

from symconv.checker.scan_math import Block

# a code identifier: dout, d_out, grad_out, gradOutput, top_diff (TeX escapes \_)
_IDENT = r"[A-Za-z][A-Za-z0-9]*(?:(?:\\_|_)[A-Za-z0-9]+)*"
_WRAP = r"(?:\\(?:text|mathrm|texttt|mathtt|operatorname|mathit|textit|textrm)\s*\{\s*)"
# the name as prose writes it: `dout`, $\text{dout}$, **dout**
_NAMED = (
    r"(?:`\s*(?P<code>" + _IDENT + r")\s*`|\$\s*" + _WRAP + r"(?P<math>" + _IDENT + r")\s*\}\s*\$)"
)

_LOSS = (
    r"(?:the\s+)?(?:loss|cost|objective|error|L|\$\s*(?:L|\\ell|\\mathcal\s*\{?\s*L\s*\}?)\s*\$)"
)
_WRT = r"(?:with respect to|w\.\s*r\.\s*t\.?|wrt|by)"
_OUTPUT_WORDS = r"(?:(?:this\s+|the\s+)?(?:layer'?s?\s+)?(?:own\s+)?output)"
_UPSTREAM_EN = (
    r"(?:(?:the\s+)?(?:upstream|incoming)\s+(?:gradient|derivatives?)"
    r"|(?:the\s+)?gradient\s+(?:coming\s+)?from\s+(?:above|the\s+next\s+layer|upstream)"
    r"|(?:the\s+)?(?:gradient|derivative)\s+(?:of\s+"
    + _LOSS
    + r"\s+)?"
    + _WRT
    + r"\s+"
    + _OUTPUT_WORDS
    + r")"
)
_UPSTREAM_ES = (
    r"(?:(?:el\s+)?gradiente\s+(?:que\s+llega\s+(?:de\s+arriba|desde\s+arriba)|entrante|de\s+arriba"
    r"|(?:de\s+la\s+p[ée]rdida\s+)?(?:respecto\s+(?:a|de)|con\s+respecto\s+a)\s+la\s+salida"
    r"(?:\s+de\s+la\s+capa)?))"
)
_UPSTREAM_DE = (
    r"(?:(?:der\s+)?Gradient\s+(?:des\s+Verlust(?:e)?s\s+)?(?:nach|bez[üu]glich)\s+der\s+Ausgabe"
    r"|(?:der\s+)?Gradient\s+von\s+oben|(?:der\s+)?Ausgabegradient)"
)
_UPSTREAM_FR = (
    r"(?:(?:le\s+)?gradient\s+(?:de\s+la\s+perte\s+)?(?:par\s+rapport\s+[àa]|selon)\s+la\s+sortie"
    r"|(?:le\s+)?gradient\s+amont)"
)
_UPSTREAM = "(?:" + "|".join((_UPSTREAM_EN, _UPSTREAM_ES, _UPSTREAM_DE, _UPSTREAM_FR)) + ")"
_IS = (
    r"(?:\s*(?::|,|\s-|\s—)?\s*(?:is|denotes|stands\s+for|means|holds|es|denota|ist|bezeichnet"
    r"|est|contains|contiene|enth[äa]lt)?\s*(?:always|always\s+just|just|siempre|immer|toujours)?"
    r"\s*)"
)
_UPSTREAM_SENTENCE = re.compile(
    _NAMED + _IS + _UPSTREAM + r"(?!\s+(?:of|de|der|du)\s+the\s+input)", re.I
)
# `out` is the layer's output / `out` es la salida de la capa
_OUTPUT_SENTENCE = re.compile(
    _NAMED + _IS + r"(?:the\s+(?:layer'?s?\s+)?(?:forward\s+)?output"
    r"(?:\s+of\s+the\s+(?:layer|forward(?:\s+pass)?))?"
    r"|la\s+salida(?:\s+de\s+la\s+capa)?|die\s+Ausgabe(?:\s+der\s+Schicht)?|la\s+sortie)"
    r"(?!\s*(?:gradient|'s\s+gradient|size|shape|channels?|length))",
    re.I,
)
# \text{dout} = \frac{\partial L}{\partial y} (y an output letter), \partial L/\partial Z
_OUT_LETTER = r"(?:\\mathbf\s*\{\s*)?[yYzZoO]\s*\}?"
_D_LOSS = r"\\partial\s*(?:L|\\ell|\\mathcal\s*\{?\s*L\s*\}?|E|J)"
_UPSTREAM_EQUATION = re.compile(
    _WRAP
    + r"(?P<name>"
    + _IDENT
    + r")\s*\}\s*(?:=|:=|\\equiv|\\coloneqq)\s*(?:\\[dt]?frac\s*\{\s*"
    + _D_LOSS
    + r"\s*\}\s*\{\s*\\partial\s*"
    + _OUT_LETTER
    + r"\s*\}|"
    + _D_LOSS
    + r"\s*/\s*\\partial\s*"
    + _OUT_LETTER
    + r"(?![A-Za-z_\[{]))"
)
# the d-prefix of the code's gradient names: dout -> out, d_out -> out, grad_out -> out
_PREFIX = re.compile(
    r"^(?:d(?:\\_|_)?|grad(?:\\_|_)|delta(?:\\_|_))(?P<rest>[A-Za-z][A-Za-z0-9]*)$"
)
# names whose d-prefix would make a plain letter (dy, dZ): the grammar reads those itself
_ONE_LETTER_AFTER_D = re.compile(r"^d[A-Za-z]$")


def _plain(name: str) -> str:
    return name.replace("\\_", "_")


@lru_cache(maxsize=32)
def code_names(document: str) -> tuple[tuple[str, str], ...]:
    """((name, role), ...): code words the notes define as G (dL/d(output)) or Z."""
    upstream: dict[str, None] = {}
    outputs: dict[str, None] = {}
    for m in _UPSTREAM_SENTENCE.finditer(document):
        upstream[_plain(m.group("code") or m.group("math"))] = None
    for m in _UPSTREAM_EQUATION.finditer(document):
        upstream[_plain(m.group("name"))] = None
    for m in _OUTPUT_SENTENCE.finditer(document):
        outputs[_plain(m.group("code") or m.group("math"))] = None
    roles: dict[str, str] = {}
    for name in upstream:
        if len(name) < 2 or _ONE_LETTER_AFTER_D.match(name):
            continue
        roles[name] = "G"
        prefix = _PREFIX.match(name)
        if prefix is not None and len(prefix.group("rest")) > 1:
            outputs.setdefault(prefix.group("rest"), None)  # dout: the gradient of out
    for name in outputs:
        if len(name) > 1 and roles.get(name, "Z") == "Z":
            roles[name] = "Z"
    if set(roles.values()) - {"G", "Z"}:
        return ()
    return tuple(roles.items())


def _spelled(name: str) -> str:
    """The name as TeX may write it: grad_out as grad_out or grad\\_out."""
    return r"(?:\\_|_)".join(re.escape(p) for p in name.split("_"))


def in_code_letters(text: str, document: str, letters: dict[str, str]) -> str:
    """``text`` with each code name the notes define written as its role's letter."""
    for name, role in code_names(document):
        letter = "G" if role == "G" else "Z"
        if letters.get(letter, role) != role:
            continue  # the notes' letter is another tensor's here
        if re.search(r"(?<![A-Za-z\\])" + letter + r"(?![A-Za-z])", text):
            continue  # the claim uses the letter already: two tensors would merge
        spelled = _spelled(name)
        pattern = re.compile(
            r"(?:" + _WRAP + spelled + r"\s*\}|(?<![A-Za-z\\])" + spelled + r"(?![A-Za-z0-9_]))"
        )
        text = _outside_labels(pattern, letter, text)
    return text


def _outside_labels(pattern: re.Pattern[str], letter: str, text: str) -> str:
    """Substitute where the name stands as a tensor, not as a sub- or superscript label
    (``H_{\\text{out}}``, ``\\delta^{\\text{out}}``)."""
    out, pos = [], 0
    for m in pattern.finditer(text):
        before = text[: m.start()].rstrip()
        if re.search(r"[_^]\s*\{?\s*$", before):
            continue
        out.append(text[pos : m.start()] + letter)
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def code_named(blocks: list[Block], document: str) -> list[Block]:
    """The blocks with the code names the notes define written as letters, so that the
    layer's reading names G (and Z) where the formulas write ``\\text{dout}[t]``."""
    if not code_names(document):
        return blocks
    return [dataclasses.replace(b, text=in_code_letters(b.text, document, {})) for b in blocks]


# dX_{i,j} = ..., \text{dX}[i][j] = ...: the code's name of dL/dX at one entry, on the left
_LEFT_GRADIENT = re.compile(
    r"^\s*(?:" + _WRAP + r"d\s*(?P<a>[Xx])\s*\}|d\s*(?P<b>[Xx]))\s*(?=_|\[)"
)


def code_gradient_left(text: str) -> str:
    """``dX_{i,j} = rest`` as ``\\frac{\\partial L}{\\partial X_{i,j}} = rest`` (the d-prefix
    name of the input's gradient, indexed: the derivative by that entry); else unchanged."""
    m = _LEFT_GRADIENT.match(text)
    if m is None:
        return text
    end = _index_end(text, m.end())
    if end is None:
        return text
    letter = m.group("a") or m.group("b")
    return f"\\frac{{\\partial L}}{{\\partial {letter}{text[m.end() : end]}}}{text[end:]}"


def _index_end(text: str, pos: int) -> int | None:
    """Where the index written at ``pos`` (``_{i,j}``, ``_i``, ``[i][j]``, ``[i, j]``) ends."""
    if text.startswith("_", pos):
        k = pos + 1
        while k < len(text) and text[k] == " ":
            k += 1
        if k < len(text) and text[k] != "{":
            return k + 1
        return _closing(text, k, "{", "}")
    end = None
    while text.startswith("[", pos):
        end = _closing(text, pos, "[", "]")
        if end is None:
            return None
        pos = end
    return end


def _closing(text: str, start: int, opener: str, closer: str) -> int | None:
    depth = 0
    for k in range(start, len(text)):
        if text[k] == opener:
            depth += 1
        elif text[k] == closer:
            depth -= 1
            if depth == 0:
                return k + 1
    return None


_MATH = re.compile(r"\$\$?[^$]+\$\$?")


def code_document(document: str) -> str:
    """The document with each formula's code names (``$\\text{out} = XW + b$``) written
    as letters, formula by formula, for readers of the whole notes (the forward pass's
    layout: weights_in_out.py)."""
    if not code_names(document):
        return document
    return _MATH.sub(lambda m: in_code_letters(m.group(0), document, {}), document)
