"""A claim after a sentence that gives one of its letters a new meaning for a what-if:
"If the loss is instead the batch mean $L = \\tfrac12(\\ell_0 + \\ell_1)$ and $\\delta_{nfij}$
now denotes $\\partial \\ell_n / \\partial Y_{nfij}$, the bias gradient is unchanged: $...$".

The reader keeps the notes' first meaning of each letter (δ = ∂L/∂Y), so the claim would
be judged under the old one and a mistake under the new one verified.  Which meaning the
claim uses is what the sentence changes, so its verdict is not-understood, naming the
letter.
"""

from __future__ import annotations

import re

from symconv.checker.report import NOT_UNDERSTOOD

# "$\delta$ now denotes", "$g$ now stands for", "$\delta$ is now", "si ahora $\delta$ denota",
# "$\delta$ désigne maintenant", "$\delta$ bezeichnet jetzt", "$\delta$ now means"
_REDEFINES = re.compile(
    r"\$\s*(?P<letter>\\[A-Za-z]+|[A-Za-z])(?:\s*_\s*\{[^{}$]*\}|\s*_\s*[A-Za-z0-9]+)?\s*\$\s*"
    r"(?:now\s+(?:denotes|means|stands\s+for|is)|is\s+now|instead\s+(?:denotes|means|is)"
    r"|denota\s+ahora|ahora\s+(?:denota|es|significa)|d[ée]signe\s+(?:maintenant|d[ée]sormais)"
    r"|bezeichnet\s+(?:jetzt|nun)|denota\s+agora|agora\s+(?:denota|[ée])|ora\s+(?:denota|indica))\b",
    re.IGNORECASE,
)


def redefined_letters(prose: str) -> set[str]:
    """The letters the prose gives a new meaning ("$\\delta$ now denotes ...")."""
    return {m.group("letter") for m in _REDEFINES.finditer(prose)}


def unless_redefined(found: dict | None, text: str, prose: str) -> dict | None:
    """``found``, or not-understood when the prose of the claim's sentence gives a letter
    of the claim a new meaning."""
    if found is None or found.get("status") == NOT_UNDERSTOOD:
        return found
    for letter in sorted(redefined_letters(prose)):
        pattern = re.escape(letter) + r"(?![A-Za-z])"
        if re.search(r"(?<![A-Za-z\\])" + pattern, text):
            return {
                "status": NOT_UNDERSTOOD,
                "message": (
                    f"the sentence before it gives {letter} a new meaning for this case: the "
                    "claim is read with the notes' first meaning, which it may not use"
                ),
            }
    return found
