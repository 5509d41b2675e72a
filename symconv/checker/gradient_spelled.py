"""A Greek gradient letter the notes define as another tensor's gradient, written out.

Notes name the gradient of a tensor that is not the layer's output with a Greek letter:
``\\delta_a = \\partial L / \\partial a`` and ``\\delta_z = \\partial L / \\partial z``
around a ReLU ``a = \\max(0, z)``, ``\\delta^{(1)}_{ij} = \\partial L / \\partial a^{(1)}_{ij}``
in a network.  Such a letter is not the layer's upstream gradient G (gradient_names.py
refuses that reading), but it is still a name for a derivative of the loss: replacing each
use by the derivative it names (``\\delta_a \\odot \\mathbb{1}[z > 0]`` ->
``\\frac{\\partial L}{\\partial a} \\odot \\mathbb{1}[z > 0]``) leaves a claim the checker
reads as written by hand.  The replacement is exact substitution of a definition, so a
verdict on the rewritten claim is a verdict on the claim.

Two spellings are read, and nothing looser:

* index form: the letter's indices are the tensor's (``\\delta^{(1)}_{ij} = \\partial L /
  \\partial z^{(1)}_{ij}``, ``\\delta[i][j] = \\partial L/\\partial a[i][j]``, or no indices
  at all): a use with the same layer mark and any indices names the tensor at those
  indices;
* name form: the subscript is the tensor's letter (``\\delta_a = \\partial L/\\partial a``):
  a use with that subscript (and bracket indices after it) names that tensor.

A use that matches no definition of its letter is left alone (the caller keeps refusing it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from symconv.checker.gradient_names import activation_results
from symconv.checker.scan_math import Block

_FONT = r"(?:\\(?:boldsymbol|mathbf|bm|vec|pmb)\s*\{?\s*)?"
_GREEK = _FONT + r"\\(?P<greek>delta|Delta|Gamma)(?![A-Za-z])\s*\}?"
_SCRIPT = (
    r"\s*(?:\^\s*(?:\{[^{}=]*\}|\\?[A-Za-z0-9])|_\s*(?:\{[^{}=]*\}|[A-Za-z0-9])"
    r"|\[[^\[\]=$]*\]|\((?:[^()=$]*)\))"
)
_SCRIPTS = "(?:" + _SCRIPT + ")*"
_REL = r"\s*(?:=|:=|\\equiv|\\coloneqq|\\triangleq|\\doteq)\s*"
_LOSS = (
    r"(?:\\mathcal\s*\{\s*[LEJC]\s*\}|\\mathcal\s*[LEJC]|\\ell(?![A-Za-z])|[LEJC](?![A-Za-z])"
    r"|\\(?:text|mathrm|operatorname)\s*\{\s*(?:loss|Loss|cost|Cost)\s*\})"
)
_D = r"(?:\\partial|d|\\mathrm\s*\{\s*d\s*\}|\\text\s*\{\s*d\s*\})"
_TARGET = _FONT + r"[A-Za-z](?![A-Za-z])\s*\}?" + _SCRIPTS
_DERIVATIVE = (
    r"(?:\\[dt]?frac\s*\{\s*" + _D + r"\s*(?P<loss1>" + _LOSS + r")\s*\}\s*\{\s*" + _D
    + r"\s*(?P<t1>" + _TARGET + r")\s*\}"
    + r"|" + _D + r"\s*(?P<loss2>" + _LOSS + r")\s*/\s*" + _D + r"\s*(?P<t2>" + _TARGET + r"))"
)  # fmt: skip
# the derivative stands alone: a product after it (\, \mathbb{1}[...]) makes the letter
# the product, not this derivative
_STOP = r"$|[,.;)]|=|\\q?quad|\\text|\\\\|&|\\end"
_END = r"\s*(?=" + _STOP + r"|\\[,;:!]\s*(?:" + _STOP + r"))"
_DEFINITION = re.compile(
    r"(?<![A-Za-z\\])" + _GREEK + r"(?P<lhs>" + _SCRIPTS + r")" + _REL + _DERIVATIVE + _END
)
_USE = re.compile(r"(?<![A-Za-z\\])" + _GREEK + r"(?P<scripts>" + _SCRIPTS + r")")
_TOKEN = re.compile(_SCRIPT)


def _tokens(scripts: str) -> list[tuple[str, str]]:
    """(kind, content) of each script: kind "^" (a layer mark), "_" or "[" (indices)."""
    out = []
    for m in _TOKEN.finditer(scripts):
        token = m.group(0).strip()
        kind = token[0] if token[0] in "^_" else "["
        body = token[1:].strip() if kind in "^_" else token
        out.append((kind, re.sub(r"\s+", "", body.strip("{}") if kind in "^_" else body)))
    return out


def _split(tokens: list[tuple[str, str]]) -> tuple[str | None, list[tuple[str, str]]]:
    marks = [c for k, c in tokens if k == "^"]
    return (marks[0] if marks else None), [t for t in tokens if t[0] != "^"]


def _spell(tokens: list[tuple[str, str]]) -> str:
    return "".join(f"{k}{{{c}}}" if k in "^_" else c for k, c in tokens)


@dataclass(frozen=True)
class SpelledGradient:
    """One definition: the letter, its layer mark, its indices, and the derivative."""

    greek: str  # "\\delta"
    mark: str | None  # "(1)"
    indices: tuple[tuple[str, str], ...]  # the letter's own index scripts
    loss: str  # "L"
    letter: str  # the tensor's letter, "a"
    target_mark: str | None
    target_indices: tuple[tuple[str, str], ...]

    def name_form(self) -> bool:
        """``\\delta_a = dL/da``: the subscript is the tensor's letter, not an index."""
        return (
            not self.target_indices
            and len(self.indices) == 1
            and self.indices[0] == ("_", self.letter)
        )

    def spelled(self, mark: str | None, indices: list[tuple[str, str]]) -> str | None:
        """The derivative a use with this mark and these indices names, or None."""
        if mark != self.mark:
            return None
        if self.name_form():
            if not indices or indices[0] != self.indices[0]:
                return None
            rest = indices[1:]
            if any(k == "_" for k, _ in rest):
                return None
        elif list(self.indices) == list(self.target_indices):
            rest = indices
        else:
            return None
        head = [("^", self.target_mark)] if self.target_mark is not None else []
        tensor = self.letter + _spell(head + rest)
        return rf"\frac{{\partial {self.loss}}}{{\partial {tensor}}}"


# letters the checker reads as the layer's own tensors (output, input): an activation's
# result spelled with one of them (y = max(0, z)) would be read as the layer's output, so
# its derivative is not written out (the claim stays unread, never judged as dL/dZ)
_LAYER_LETTERS = frozenset("yYzZoOxX")


def spelled_definitions(blocks: list[Block], document: str = "") -> list[SpelledGradient]:
    """Every definition of a Greek letter as one derivative of the loss, except by a layer
    letter the notes make an activation's result."""
    clash = _LAYER_LETTERS & activation_results(document)
    found = []
    for block in blocks:
        for m in _DEFINITION.finditer(block.text):
            target = m.group("t1") or m.group("t2")
            letter_match = re.match(_FONT + r"([A-Za-z])\s*\}?", target)
            if letter_match is None or letter_match.group(1) in clash:
                continue
            mark, indices = _split(_tokens(m.group("lhs")))
            t_mark, t_indices = _split(_tokens(target[letter_match.end() :]))
            loss = (m.group("loss1") or m.group("loss2")).strip()
            found.append(
                SpelledGradient(
                    "\\" + m.group("greek"),
                    mark,
                    tuple(indices),
                    loss,
                    letter_match.group(1),
                    t_mark,
                    tuple(t_indices),
                )
            )
    return found


def spelled_out(claim: str, greek_letters: set[str], found: list[SpelledGradient]) -> str | None:
    """The claim with every use of these Greek letters replaced by the derivative its
    definition names; None when a use matches no definition, or two definitions disagree."""
    out: list[str] = []
    end = 0
    replaced = False
    for m in _USE.finditer(claim):
        greek = "\\" + m.group("greek")
        if greek not in greek_letters:
            continue
        mark, indices = _split(_tokens(m.group("scripts")))
        readings = {d.spelled(mark, indices) for d in found if d.greek == greek}
        readings.discard(None)
        if len(readings) != 1:
            return None
        out.append(claim[end : m.start()])
        out.append(readings.pop() or "")
        end = m.end()
        replaced = True
    if not replaced:
        return None
    out.append(claim[end:])
    return "".join(out)
