"""Proof steps as data, and the LaTeX fragment a set of notes embeds.

A :class:`Step` is one move of the derivation a lecturer writes on the board: the prose
(English and Spanish, with inline ``$...$`` math) and the displayed equations, the body of
an ``align*`` environment (lines separated by ``\\\\``, aligned at ``&``).  The fragment
needs only ``amsmath`` (and ``amssymb``); for Spanish, ``\\usepackage[spanish]{babel}``.
"""

from __future__ import annotations

from dataclasses import dataclass

from symconv.errors import SymconvError

KINDS = (
    "definition",
    "chain_rule",
    "derivative",
    "surviving_term",
    "substitution",
    "bounds",
    "closed_form",
    "change_of_index",
    "conclusion",
)
LANGS = ("en", "es")


@dataclass(frozen=True)
class Step:
    kind: str
    latex: str
    text_en: str
    text_es: str

    def text(self, lang: str = "en") -> str:
        if lang not in LANGS:
            raise SymconvError(f"language {lang!r} is unknown; the rule: one of {LANGS}")
        return self.text_en if lang == "en" else self.text_es


def steps_to_latex(steps: list[Step], lang: str = "en") -> str:
    """The steps as paragraphs, each followed by its ``align*`` display."""
    parts = []
    for step in steps:
        parts.append(step.text(lang))
        if step.latex:
            parts.append("\\begin{align*}\n" + step.latex + "\n\\end{align*}")
    return "\n\n".join(parts) + "\n"


# typed as str.maketrans takes it (a dict is invariant in its values)
_SPECIAL: dict[str, str | int | None] = {
    "\\": r"\textbackslash{}",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "#": r"\#",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "^": r"\^{}",
    "~": r"\~{}",
}


def escape_text(text: str) -> str:
    """Plain text made safe for LaTeX (a failure note quoted in a step), in one pass."""
    return text.translate(str.maketrans(_SPECIAL))


def latex_document(body: str, lang: str = "en") -> str:
    """A minimal standalone document around a fragment (what the tests compile)."""
    babel = "\\usepackage[spanish]{babel}\n" if lang == "es" else ""
    return (
        "\\documentclass{article}\n\\usepackage{amsmath,amssymb}\n"
        f"{babel}\\usepackage[margin=2cm]{{geometry}}\n"
        "\\begin{document}\n" + body + "\\end{document}\n"
    )
