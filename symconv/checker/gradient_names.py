"""Which tensor a note's gradient letter names, read from the note's own words.

Authors abbreviate the loss's gradient with respect to the layer's output by a Greek
letter: ``\\delta[i,j] = \\dfrac{\\partial \\mathcal{L}}{\\partial Y[i,j]}``,
``\\delta^{(3)}_{f} = \\partial E / \\partial Z^{(3)}_f``, ``\\boldsymbol{\\delta} =
\\nabla_{\\mathbf{z}} L``, ``Llamo $\\delta[n][i][j] = \\partial L/\\partial y[n][i][j]$``,
or in words, "$\\delta$ is the error term of the output".  That letter is then the
layer's upstream gradient G (= dL/dZ), and every claim that uses it can be judged.

The reading is strict, because a wrong role turns a correct claim into a false alarm or
a mistake into a miss: the definition must be the letter (with indices, a layer mark, a
bold font) set equal to a derivative of the loss alone, and the derivative must be taken
with respect to the layer's output, a letter among z, y, o that the notes do not define
as an activation's result (``a = \\max(0, y)`` makes y the output, ``A = \\sigma(Z)``
makes A not).  ``\\delta = \\partial L / \\partial A`` (the activation's gradient) or
``\\delta = \\partial L / \\partial X`` names another tensor: :func:`refused` reports it,
so that no looser guess maps the letter to G.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from symconv.checker.per_sample_loss import own_sample_letters
from symconv.checker.scan_math import Block

_FONT = r"(?:\\(?:boldsymbol|mathbf|bm|vec|pmb)\s*\{?\s*)?"
_GREEK = _FONT + r"\\(?P<greek>delta|Delta|Gamma)(?![A-Za-z])\s*\}?"
# a letter set equal to the loss's derivative may be any of the Greek letters notes use for
# an error term (\gamma_{n,f,i,j} = \partial \ell_n / \partial y_{n,f,i,j}): the definition
# itself says what it is
_DEFINED_GREEK = _GREEK.replace(
    "delta|Delta|Gamma", "delta|Delta|Gamma|gamma|epsilon|varepsilon|xi|eta"
)
# indices and layer marks in any order: ^{(l)}, ^{[l]}, ^l, _{i,j}, _f, [i,j], [n][i][j], (i,j)
_SCRIPTS = (
    r"(?:\s*(?:\^\s*(?:\{[^{}=]*\}|\\?[A-Za-z0-9])|_\s*(?:\{[^{}=]*\}|[A-Za-z0-9])"
    r"|\[[^\[\]=$]*\]|\((?:[^()=$]*)\)))*"
)
_REL = r"\s*(?:=|:=|\\equiv|\\coloneqq|\\triangleq|\\doteq|\\stackrel\s*\{[^{}]*\}\s*\{=\})\s*"
_LOSS = (
    r"(?:\\mathcal\s*\{\s*[LEJC]\s*\}|\\mathcal\s*[LEJC]|\\ell(?![A-Za-z])|[LEJC](?![A-Za-z])"
    r"|\\(?:text|mathrm|operatorname)\s*\{\s*(?:loss|Loss|cost|Cost)\s*\})"
)


# one sample's loss, E_p or L_{n}: a letter of it is dE_p/dz, not the layer's G = dE/dz
_SAMPLE = r"(?P<sample{n}>\s*_\s*(?:\{{[^{{}}]*\}}|[A-Za-z0-9]))?"


def _target(group: str) -> str:
    return _FONT + rf"(?P<{group}>[A-Za-z])(?![A-Za-z])\s*\}}?" + _SCRIPTS


_D = r"(?:\\partial|d|\\mathrm\s*\{\s*d\s*\}|\\text\s*\{\s*d\s*\})"
_DERIVATIVE = (
    r"(?:\\[dt]?frac\s*\{\s*"
    + _D
    + r"\s*"
    + _LOSS
    + _SAMPLE.format(n=1)
    + r"\s*\}\s*\{\s*"
    + _D
    + r"\s*"
    + _target("frac")
    + r"\s*\}"
    + r"|"
    + _D
    + r"\s*"
    + _LOSS
    + _SAMPLE.format(n=2)
    + r"\s*/\s*"
    + _D
    + r"\s*"
    + _target("slash")
    + r"|\\nabla\s*_\s*(?:\{\s*"
    + _target("nabla")
    + r"\s*\}|(?P<bare>[A-Za-z]))\s*"
    + _LOSS
    + r")"
)
# the derivative stands alone: the definition ends there (a chain may go on with "=").
# A thin or medium space (\\, \\; \\:) is an end only when nothing but an end follows it: in
# ``\delta = \frac{\partial E}{\partial a}\,\mathbb{1}(z>0)`` it joins a product, and
# the letter is the product (the pre-activation's gradient), not dL/da.
_STOP = r"$|[,.;)]|=|\\q?quad|\\text|\\(?:mathrm|operatorname)\b|\\\\|&|\\end"
_END = r"\s*(?=" + _STOP + r"|\\[,;:!>]\s*(?:" + _STOP + r"))"
_DEFINITION = re.compile(r"(?<![A-Za-z\\])" + _DEFINED_GREEK + _SCRIPTS + _REL + _DERIVATIVE + _END)

# the layer's output, in the letters notes use (Z = XW + b, y = x * w, O = I * K)
_OUTPUT_LETTERS = frozenset("zZyYoO")

# a letter defined as an activation's result is not the layer's output
_ACTIVATION = (
    r"\\sigma|\\tanh|\\phi|\\varphi|\\max\s*\(\s*0|\\operatorname\s*\{\s*(?:ReLU|relu)\s*\}"
    r"|\\(?:text|mathrm)\s*\{\s*(?:ReLU|relu|ReLu)\s*\}|\\operatorname\s*\{\s*tanh\s*\}"
    r"|\\mathrm\s*\{\s*ReLU\s*\}|\\operatorname\s*\{\s*sigmoid\s*\}"
)

# "$\delta$ is the error term", "δ, the upstream gradient", "el término de error $\delta$"
_WORDS = (
    r"(?:upstream gradient|error term|error signal|output gradient"
    r"|gradient of the loss with respect to the (?:layer'?s? )?(?:pre-activation )?output"
    r"|término de error|señal de error|gradiente (?:que llega )?(?:de arriba|de la salida)"
    r"|gradiente de la pérdida respecto a la salida)"
)
_PROSE = (
    re.compile(
        r"\$\s*" + _GREEK + _SCRIPTS + r"\s*\$\s*,?\s*(?:is|denotes|es|será|is called|be)\s+"
        r"(?:the|el|la|our)\s+" + _WORDS,
        re.IGNORECASE,
    ),
    re.compile(
        r"(?:the|el|la)\s+"
        + _WORDS
        + r"\s*,?\s*(?:\w+\s+){0,2}\$\s*"
        + _GREEK
        + _SCRIPTS
        + r"\s*\$",
        re.IGNORECASE,
    ),
)


@dataclass(frozen=True)
class GradientName:
    """A Greek letter the notes define, the letter of the tensor it differentiates by
    (None for a definition in words), and where."""

    greek: str  # "\\delta"
    target: str | None
    line: int
    per_sample: bool = False  # the loss of one sample (E_p), not the loss


def activation_results(document: str) -> frozenset[str]:
    """Letters the notes set equal to an activation of something: ``A = \\sigma(Z)``,
    ``a[n][i][j] = \\max(0, y[n][i][j])``."""
    found = re.finditer(
        r"(?<![A-Za-z\\])"
        + _FONT
        + r"([A-Za-z])\s*\}?"
        + _SCRIPTS
        + _REL
        + r"(?:"
        + _ACTIVATION
        + r")",
        document,
    )
    return frozenset(m.group(1) for m in found)


def activation_arguments(document: str) -> frozenset[str]:
    """Letters the notes apply an activation to: Z in ``A = \\operatorname{ReLU}(Z)``,
    y in ``a[n][i][j] = \\max(0, y[n][i][j])``."""
    found = re.finditer(
        r"(?<![A-Za-z\\])"
        + _FONT
        + r"[A-Za-z]\s*\}?"
        + _SCRIPTS
        + _REL
        + r"(?:"
        + _ACTIVATION
        + r")\s*(?:\\left|\\big|\\bigl)?\s*\(?\s*(?:0\s*)?,?\s*(?:\\[,;:!]\s*)*"
        + _FONT
        + r"([A-Za-z])(?![A-Za-z])",
        document,
    )
    return frozenset(m.group(1) for m in found)


def definitions(blocks: list[Block]) -> list[GradientName]:
    """Every definition of a Greek gradient letter as one derivative of the loss."""
    found = []
    for block in blocks:
        for m in _DEFINITION.finditer(block.text):
            target = next(m.group(g) for g in ("frac", "slash", "nabla", "bare") if m.group(g))
            line = block.line + block.text[: m.start()].count("\n")
            per_sample = bool(m.group("sample1") or m.group("sample2"))
            found.append(GradientName("\\" + m.group("greek"), target, line, per_sample))
    return found


def in_words(lines: list[str], first: int) -> list[GradientName]:
    """The gradient letter named in prose ("$\\delta$ is the error term")."""
    found = []
    for number, line in enumerate(lines, start=first):
        for pattern in _PROSE:
            for m in pattern.finditer(line):
                found.append(GradientName("\\" + m.group("greek"), None, number))
    return found


def is_output(target: str | None, document: str) -> bool:
    """Whether a derivative by ``target`` is one by the layer's output (words: yes)."""
    if target is None:
        return True
    return target in _OUTPUT_LETTERS and target not in activation_results(document)


def _is_layer_gradient(name: GradientName, document: str) -> bool:
    """Whether the letter is the layer's G: dLoss/dOutput, not one sample's loss's (unless
    the notes define the batch's loss from the samples' and the letter differentiates the
    sample's own output: per_sample_loss.py reads it, scaled under a mean)."""
    if name.per_sample and name.greek not in own_sample_letters(document.split("\n")):
        return False
    return is_output(name.target, document)


def upstream_names(
    blocks: list[Block], lines: list[str], first: int, document: str
) -> list[tuple[str, int]]:
    """(Greek letter, line) of each letter this part of the notes defines as dL/dZ."""
    named = definitions(blocks) + in_words(lines, first)
    refused_here = {n.greek for n in named if not _is_layer_gradient(n, document)}
    return [
        (n.greek, n.line)
        for n in named
        if _is_layer_gradient(n, document) and n.greek not in refused_here
    ]


def refused(blocks: list[Block], document: str) -> frozenset[str]:
    """Greek letters these blocks define as the gradient of some other tensor (the
    activation's, the input's): no guess may make them G."""
    return frozenset(n.greek for n in definitions(blocks) if not _is_layer_gradient(n, document))


def foreign_gradient(claim: str, foreign: dict[str, int]) -> str | None:
    """Why a claim that uses a letter the notes define as another tensor's gradient gets
    no verdict (read as G it would be a guess; read as Kronecker's delta, a false alarm)."""
    for greek, line in foreign.items():
        if re.search(re.escape(greek) + r"(?![A-Za-z])", claim):
            return (
                f"{greek} is defined on line {line} as the gradient of a tensor other than "
                "this layer's output; claims with it are not checked"
            )
    return None


def foreign_letters(blocks: list[Block], document: str) -> dict[str, int]:
    """Greek letters the notes define as another tensor's gradient, with the line."""
    found: dict[str, int] = {}
    for n in definitions(blocks):
        if not _is_layer_gradient(n, document):
            found.setdefault(n.greek, n.line)
    return found
