"""A setting named as the case a formula was derived for, not as the layer's.

"Para quien use la fórmula de paso 1 sin pensar: también $\\partial L/\\partial X =
\\operatorname{pad}_1(G) \\star \\operatorname{rot}_{180}(W)$" in notes about a stride-2
layer: "paso 1" names the formula's case (stride 1), never the layer's stride, so the prose
readers set it aside (prose.py's other cases).  The claim beside it may be either that
case's formula ("the formula for stride 1 is ...": true at stride 1) or a claim that it
still holds for the notes' layer ("... gives the same": false at stride 2); which one, only
the words say.  Where a verb applies the named formula to the layer ("quien use la fórmula
de paso 1", "I tried to copy the stride-1 formula"), the claim is about the layer and its
verdict there stands.  Otherwise, where the claim's verdict at the layer's setting and at
the named case differ, it is not understood, naming both; where they agree, it stands.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from symconv.checker import lexicon
from symconv.checker.prose_sentences import sentences
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG

_STRIDE = r"stride|paso|passo|pas|Schrittweite|stap|krok"
_PADDING = r"padding|relleno|preenchimento|remplissage|Padding"
_DILATION = r"dilation|dilataci[óo]n|dilata[çc][ãa]o|dilatation|Dilatation"
# "la fórmula de paso 1", "the formula for stride 1", "la formule du pas 1", "die Formel für
# Schrittweite 1", "a fórmula do passo 1", "la formula per il passo 1"
_FORMULA_OF = (
    r"(?:f[óo]rmulas?|formulas?|formulae|formules?|Formeln?|formula)\s+"
    r"(?:del?|para(?:\s+el)?|for(?:\s+the)?|of(?:\s+the)?|du|pour(?:\s+le|\s+un)?|"
    r"f[üu]r(?:\s+den|\s+die)?|per(?:\s+il)?|do|da|con)\s+(?:un\s+|a\s+)?"
    rf"(?P<word>{_STRIDE}|{_PADDING}|{_DILATION})\s*\$?\s*(?:[sSpPd]\s*=\s*)?(?P<value>\d+)\b"
)
# "the stride-1 formula", "the padding-0 case"
_CASE_OF = (
    rf"\b(?P<word2>{_STRIDE}|{_PADDING}|{_DILATION})[- ]\$?(?P<value2>\d+)\$?\s+"
    r"(?:formula|case|version|rule)s?\b"
)
# "步长为 1 的公式", "步长 1 时的公式" (Chinese: the formula of stride 1)
_CASE_CJK = (
    rf"(?P<word3>{lexicon.STRIDE_CJK}|{lexicon.PADDING_CJK})\s*(?:为|為|=)?\s*\$?\s*"
    r"(?P<value3>\d+)\s*\$?\s*(?:时|時)?\s*的\s*公式"
)
# a claim's validity restricted to a setting, with a contrast or an "only": "..., mas isso
# vale para o stride 1", "but that only holds for stride 1", "which is valid only for a
# stride of 1", "pero solo vale para paso 1", "gilt aber nur für Schrittweite 1", "ce n'est
# valable que pour un pas de 1", "ma vale solo per il passo 1": the case the claim holds in,
# set against the layer's own (a restatement of the layer, "this holds for stride 2", has
# neither, and stays the layer's)
_VALID_VERB = (
    r"holds?|(?:is |are )?(?:valid|true|correct)|appl(?:y|ies)|vale[mn]?|v[áa]lid[ao]s?|"
    r"se cumple|se aplica|vaut|valent|valable|s['’]applique|valgono|valid[ao]|"
    r"si applica|gilt|gelten|g[üu]ltig"
)
# (Portuguese "só" with its accent only: English "so for stride 2 ..." states the layer)
_ONLY = r"only|solo|sólo|só|apenas|somente|solamente|seulement|uniquement|nur|soltanto"
_CONTRAST = (
    r"but|however|mas|por[ée]m|contudo|pero|sin embargo|aber|jedoch|mais|cependant|ma|"
    r"per[òo]|tuttavia|maar"
)
_FOR = r"for|para|pour|per|f[üu]r|bei"
_VALID_FOR = (
    rf"(?:\b(?:{_CONTRAST})\b[^.;!?]{{0,60}}?\b(?:{_VALID_VERB})\s+(?:(?:{_ONLY}|que)\s+)?"
    rf"|\b(?:{_VALID_VERB})\s+(?:{_ONLY}|que)\s+|\b(?:{_ONLY})\s+(?:(?:{_VALID_VERB})\s+)?)"
    rf"(?:{_FOR})\s+(?:(?:the|a|o|el|un|une|le|il|den|die|der|einer)\s+)?"
    rf"(?P<word4>{_STRIDE}|{_PADDING}|{_DILATION})\s*(?:(?:de|of|von|di)\s+)?\$?\s*"
    r"(?:[sSpPd]\s*=\s*)?(?P<value4>\d+)\b"
)
FORMULA_CASE = rf"{_FORMULA_OF}|{_CASE_OF}|{_CASE_CJK}|{_VALID_FOR}"
_CASE = re.compile(FORMULA_CASE, re.IGNORECASE)
_VALID_CASE = re.compile(_VALID_FOR, re.IGNORECASE)
_DEFAULTS = {"stride": "1", "padding": "0", "dilation": "1"}


def _key(word: str) -> str:
    if re.fullmatch(rf"{_STRIDE}|{lexicon.STRIDE_CJK}", word, re.IGNORECASE):
        return "stride"
    if re.fullmatch(rf"{_PADDING}|{lexicon.PADDING_CJK}", word, re.IGNORECASE):
        return "padding"
    return "dilation"


# a verb that applies the named formula to the notes' own layer: "para quien use la fórmula
# de paso 1", "intenté copiar la fórmula de stride 1", "anyone who applies the formula for
# stride 1", "wer die Formel für Schrittweite 1 anwendet" (the claim is then about this
# layer, judged as it is: the case only says where the formula came from)
_APPLIED = re.compile(
    r"\b(?:appl(?:y|ies|ied|ying)|us(?:e|es|ed|ing)|cop(?:y|ies|ied|ying)|tr(?:y|ies|ied|ying)|"
    r"reus\w*|plug\w*|aplic\w*|apliqu\w*|us(?:a|ar|ando|ó|é|o|amos|an|as)|copi\w*|intent\w*|"
    r"utilis\w*|appliqu\w*|reprend\w*|anwend\w*|angewendet|verwend\w*|benutz\w*|kopier\w*|"
    r"übernehm\w*|übernomm\w*|utilizz\w*|appli\w*)\b(?:\W+\w+){0,3}?\W*$"
    r"|(?:套用|照搬|直接用|使用|用|抄)[^，。；]{0,6}$",
    re.IGNORECASE,
)


def applied_case(prose: str) -> bool:
    """Whether the prose applies the formula case it names to the notes' layer (a verb of
    using or copying it right before the case)."""
    m = _CASE.search(prose)
    return m is not None and _APPLIED.search(prose[max(0, m.start() - 60) : m.start()]) is not None


def formula_case(prose: str) -> tuple[str, str] | None:
    """(setting, value) of the one formula case the prose names, or None (none, or two)."""
    found = {
        (
            _key(m.group("word") or m.group("word2") or m.group("word3") or m.group("word4")),
            m.group("value") or m.group("value2") or m.group("value3") or m.group("value4"),
        )
        for m in _CASE.finditer(prose)
    }
    return found.pop() if len(found) == 1 else None


def validity_case(after: str) -> tuple[str, str] | None:
    """(setting, value) that the sentence after a claim restricts it to ("..., but that
    only holds for stride 1"), or None: only the claim's own sentence is read, so a case
    named for the next claim ("the formula for stride 2 is") is not taken as this one's."""
    text = re.sub(r"^[\s$)\\\]]+", "", after)
    first = sentences(text)[0] if text.strip() else ""
    found = {(_key(m.group("word4")), m.group("value4")) for m in _VALID_CASE.finditer(first)}
    return found.pop() if len(found) == 1 else None


def unless_formula_case(
    found: dict | None,
    lead_in: str,
    settings: Callable[[str], str | None],
    judged_under: Callable[[dict[str, str]], dict | None],
    after: str = "",
) -> dict | None:
    """``found`` (verified or wrong at the layer read), or not-understood where the claim's
    lead-in names a formula's case with another setting than the layer's, or its sentence
    after it restricts it to one ("but that only holds for stride 1"), and the claim's
    verdict there differs (``settings``: the layer's setting by key; ``judged_under``: the
    claim's verdict with settings changed)."""
    if found is None or found.get("status") not in (VERIFIED, WRONG):
        return found
    case = formula_case(lead_in) or validity_case(after)
    if case is None or applied_case(lead_in):
        return found  # (applied to the layer: "who uses the formula of stride 1": as read)
    key, value = case
    have = settings(key) or _DEFAULTS[key]
    if have == value:
        return found  # the formula of the layer's own case
    again = judged_under({key: value})
    if again is None or again.get("status") == found["status"]:
        return found  # (at both the same: the words' reading does not matter)
    return {
        "status": NOT_UNDERSTOOD,
        "message": f"its sentence names the formula of {key} {value}, the layer's {key} is "
        f"{have}: it is {again['status']} there and {found['status']} for the layer, and "
        "whether the claim is that case's formula or a claim about the layer is not read",
    }
