"""The prose of the notes in English and Spanish.

Each phrase is written for its language, the way a lecturer would say it, not
translated word for word.  ``{name}`` marks an inline formula (printed by the notes
printer from a SymPy object) and ``{n_name}`` a number; no formula is typed here.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from symconv.errors import SymconvError

if TYPE_CHECKING:
    from symconv.notes.document import Check
from symconv.notes.i18n_en import EN
from symconv.notes.i18n_es import ES
from symconv.notes.i18n_general import GENERAL_EN, GENERAL_ES, METHOD_ES
from symconv.notes.i18n_transpose import TRANSPOSE_EN, TRANSPOSE_ES

LANGUAGES = {"en": EN | GENERAL_EN | TRANSPOSE_EN, "es": ES | GENERAL_ES | TRANSPOSE_ES}


def check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise SymconvError(f"--lang {lang!r} is unknown; the rule: one of {', '.join(LANGUAGES)}")
    return lang


def phrase(lang: str, key: str) -> str:
    """The phrase ``key`` in ``lang``; a missing one is a bug, so it raises KeyError."""
    return LANGUAGES[check_language(lang)][key]


_METHODS_ES = {
    "exact polynomial comparison": "comparación exacta de polinomios",
    "general form instantiated at every entry and compared with the chain rule": (
        "forma general evaluada en todos los elementos y comparada con la regla de la cadena"
    ),
    "elementwise: SymPy diff of the scalar map, diagonal Jacobian": (
        "elemento a elemento: derivada con SymPy de la función escalar, jacobiana diagonal"
    ),
    "SymPy derivative of Max at an input with no ties": (
        "derivada con SymPy del máximo en una entrada sin empates"
    ),
    "SymPy diff, rational cancellation": "derivada con SymPy y simplificación racional",
    **METHOD_ES,
}


_STATEMENTS_ES = {
    "dL/dX[t] = sum of G[o] over the windows o whose arg-max is t": (
        "dL/dX[t] = suma de G[o] sobre las ventanas o cuyo máximo está en t"
    ),
}


def statement_text(lang: str, statement: str) -> str:
    """A proof's statement in words (max pooling's routing rule), in the document's language."""
    return _STATEMENTS_ES.get(statement, statement) if lang == "es" else statement


def method_text(lang: str, method: str) -> str:
    """How a check was made, in the document's language."""
    if lang != "es":
        return method
    sampled = re.fullmatch(
        r"general form instantiated at (\d+) sampled entries and compared "
        r"with the chain rule",
        method,
    )
    if sampled:
        return (
            f"forma general evaluada en {sampled.group(1)} elementos de muestra y "
            "comparada con la regla de la cadena"
        )
    return _METHODS_ES.get(method, method)


def number(lang: str, value: int, math: bool = False) -> str:
    """``value`` as the language writes it: 61,706 in English; 61 706 in Spanish, whose
    rule (RAE, ISO 80000) groups by thin spaces only from five digits (8878, 61 706).
    ``math`` gives the LaTeX for inside a formula (``61{,}706``, ``61\\,706``)."""
    digits = f"{abs(value)}"
    sign = "-" if value < 0 else ""
    if lang == "es" and len(digits) < 5:
        return sign + digits
    groups = f"{abs(value):,}".split(",")
    if lang == "es":
        return sign + (r"\," if math else "\u2009").join(groups)
    return sign + ("{,}" if math else ",").join(groups)


_STATUS_KEYS = {"proved": "status_proved", "not proved": "status_not_proved"}


def status_text(lang: str, status: str) -> str:
    """A proof's verdict; 'not proved' (a step the prover cannot justify) is not 'failed'."""
    return phrase(lang, _STATUS_KEYS.get(status, "status_failed"))


def counts_text(lang: str, check: Check) -> str:
    """How big a check was: entries and terms, or, proved for every size, its rewrite steps."""
    if check.general:
        return (
            f"{phrase(lang, 'g_all_sizes')}, {number(lang, check.terms)} "
            f"{phrase(lang, 'g_rewrite_steps')}"
        )
    return (
        f"{number(lang, check.entries)} {phrase(lang, 'entries')}, "
        f"{number(lang, check.terms)} {phrase(lang, 'terms')}"
    )
