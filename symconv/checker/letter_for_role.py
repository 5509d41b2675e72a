"""Tensor letters the notes declare by a role word after them: "We write $x_{n,c,i,j}$ for
the input, $k_{f,c,u,v}$ for the kernel, $\\beta_f$ for the bias and $z_{n,f,i,j}$ for the
output", "$\\mathbf{K}$ denotes the filter bank".

Papers and appendices name their tensors this way rather than "the kernel $K$" (prose.py
reads that order).  The letter is written as an entry (with its index subscript) or as a
capital, bold or Greek letter: a lowercase letter alone ("$k$ for the kernel size") may
name a size, so it is read only with its indices.  Where the words after "for the" are
more than the role ("for the zero-padded input", "for the kernel size", "for the gradient
of the input") the letter names another quantity and nothing is read.  A letter declared
for two roles in the notes is a guess and gives nothing (``names`` facts are merged letter
by letter, the strongest kept: infer.py).
"""

from __future__ import annotations

import re

# the role words and the letter role they give (prose's: X, W, b, Z), longest first
_ROLES = (
    (r"input\s+(?:map|tensor|image)s?|inputs?|images?", "X"),
    (r"filter\s+bank|kernel\s+weights|kernels?|filters?|weights?", "W"),
    (r"bias(?:es)?", "b"),
    (r"output\s+(?:map|tensor)s?|outputs?|pre-?activations?", "Z"),
)
_FONT = r"\\(?:mathbf|boldsymbol|bm|mathsf|mathcal)\s*\{\s*"
# a letter: x, K, \beta; an entry's subscript after it (x_{n,c,i,j}, \beta_f)
_LETTER = (
    r"(?:" + _FONT + r")?(?P<letter>[A-Za-z]|\\(?:alpha|beta|gamma|theta|omega|kappa))\s*\}?"
    r"(?P<sub>\s*_\s*(?:\{[^{}$]*\}|[A-Za-z]))?"
)
_DECLARED = re.compile(
    r"\$\s*" + _LETTER + r"\s*\$\s+(?:for|denotes?|is)\s+(?:the|our|a)\s+"
    r"(?:(?P<role>" + "|".join(f"(?P<r{k}>{w})" for k, (w, _) in enumerate(_ROLES)) + r"))"
    r"(?P<after>\s+[A-Za-z]+)?"
)
# words after the role that keep the declaration the role's ("for the kernel and ...")
_ENDS = frozenset({"and", "of", "with", "in", "at", "which", "that", "we", "where", "so"})


def declared_letter_facts(line: str) -> list[tuple[str, str, str]]:
    """A ``names`` fact (``k=W,\\beta=b``) for the letters the line declares by role."""
    found: dict[str, set[str]] = {}
    for m in _DECLARED.finditer(line):
        letter, sub = m.group("letter"), m.group("sub")
        after = (m.group("after") or "").strip().lower()
        if after and after not in _ENDS:
            continue  # "for the kernel size", "for the input gradient": another quantity
        if re.fullmatch(r"[a-z]", letter) and not sub:
            continue  # "$k$ for the kernel": maybe its size
        role = next(r for k, (_, r) in enumerate(_ROLES) if m.group(f"r{k}") is not None)
        if role != "X" and m.string[m.end() : m.end() + 1] == "-":
            continue  # "for the output-padding"
        found.setdefault(letter, set()).add(role)
    names = [f"{k}={next(iter(v))}" for k, v in found.items() if len(v) == 1]
    return [("names", ",".join(names), "prose")] if names else []
