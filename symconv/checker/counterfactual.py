"""Claims the prose makes under another layer: "If we had used padding 1 in the forward
pass, ... $dX = \\operatorname{pad}_1(dY) \\star \\operatorname{rot180}(K)$ would still
have the right size", "had we used stride 2", "si hubiéramos usado relleno 1".

Such a claim is about a layer the notes do not have: judged under the notes' layer, a
mistake made for the other one can hold (a miss) and a correct one can fail (a false
alarm).  Until the other layer is built from the sentence, the claim is not understood,
naming the supposition; a claim of plain arithmetic in the same sentence is unaffected.
"""

from __future__ import annotations

import re

from symconv.checker import lexicon
from symconv.checker.layer_counts import sentence_around

_SETTING = r"(?:padding|stride|dilation|kernel|filter|input|relleno|paso|dilataci[óo]n|filtro)"
# the same supposition in Chinese, Japanese, Korean: "若四周补零一圈（padding 为 1）",
# "如果步长改为 2", "もしストライドが 2 なら", "만약 스트라이드가 2라면" (no \b in these scripts)
_SUPPOSED_CJK = re.compile(
    r"(?:若|如果|假如|假若|假设|假設|倘若|もし|만약|만일)[^。；;.]{0,60}?"
    rf"(?:{lexicon.STRIDE_CJK}|{lexicon.PADDING_CJK}|{lexicon.NO_PADDING_CJK}|"
    r"padding|stride|卷积核|核|输入|輸入|カーネル|커널|입력)",
    re.IGNORECASE,
)
# the supposition: a past or subjunctive condition on the layer's setting
_SUPPOSED = re.compile(
    r"\b(?:if\s+(?:we|you|one|they|the\s+(?:forward\s+pass|layer|convolution))\s+"
    r"(?:had|were\s+to|would)\s+(?:used?|taken?|chosen?|added?|had)"
    r"|had\s+(?:we|you|the\s+(?:forward\s+pass|layer))\s+(?:used|taken|chosen|had)"
    r"|were\s+(?:we|you)\s+to\s+use"
    r"|si\s+(?:hubi[ée]ramos|hubi[ée]semos|us[áa]ramos|la\s+capa\s+(?:tuviera|usara)))"
    # ("with padding 3 instead of k-1" names a wrong variant of this layer, not another)
    r"[^.;]{0,80}?\b" + _SETTING,
    re.IGNORECASE,
)


# a question that asks about another layer: "What if the layer had padding 1?", "¿Y si la
# capa tuviera padding 1?", "Et si le pas valait 2 ?", "And with stride 2?"
_WHAT_IF_QUESTION = re.compile(
    r"(?:\bwhat\s+(?:if|about)|\bhow\s+about|\band\s+(?:if|with)|\by\s+(?:si|con)|\bet\s+(?:si|avec)"
    r"|\be\s+se|\bund\s+(?:wenn|mit)|\bwhat\s+happens|\bqu[ée]\s+pasa|\bsuppose|\bsupongamos"
    r"|\bsi\s+la\s+capa)[^?]{0,120}?\b" + _SETTING + r"[^?]*\?",
    re.IGNORECASE,
)


# a number of the example changed for one claim: "if $x_{33}$ is changed to $10$, ...",
# "si $x_{33}$ valiera 10", "were $w_{11}$ set to 0"
_ENTRY_CHANGED = re.compile(
    r"\b(?:if|suppose|supposing)\s+\$[^$]{1,40}\$\s+(?:is|were|was|gets|becomes)\s+"
    r"(?:changed|set|replaced|increased|decreased|raised|lowered|made)\b"
    r"|\bsi\s+\$[^$]{1,40}\$\s+(?:cambia|valiera|fuera|pasa\s+a\s+valer|se\s+cambia)\b",
    re.IGNORECASE,
)


# the change itself, with the entry and its new value: "if $x_{33}$ is changed to $10$",
# "were $w_{11}$ set to 0", "si $x_{33}$ valiera 10", "si $x_{33}$ pasa a valer $10$"
_ENTRY_NEW_VALUE = re.compile(
    r"\b(?:if|suppose|supposing|si)\s+\$\s*([A-Za-z])\s*_\s*\{?\s*(\d)\s*,?\s*(\d)\s*\}?\s*\$\s+"
    r"(?:(?:is|were|was|gets)\s+(?:changed|set|replaced)\s+(?:to|by|with)|becomes|"
    r"valiera|fuera|pasa\s+a\s+valer|se\s+cambia\s+(?:a|por))\s+"
    r"\$?\s*(-?\d+(?:\.\d+)?)\s*\$?(?![\d.]*\s*(?:\\times|x\b|%))",
    re.IGNORECASE,
)


def entry_change(document: list[str], line: int, source: str) -> tuple[str, int, int, str] | None:
    """(letter, row, column, new value) of the one entry the claim's sentence supposes
    changed before the claim ("if $x_{33}$ is changed to $10$, ..."), indices as written;
    None when it supposes no such change, or more than one."""
    sentence = sentence_around(document, line, source)
    at = sentence.find(source.strip()[:30])
    found = list(_ENTRY_NEW_VALUE.finditer(sentence[: at if at >= 0 else len(sentence)]))
    if len(found) != 1:
        return None
    letter, i, j, value = found[0].groups()
    return letter, int(i), int(j), value


def _paragraph_start(document: list[str], line: int) -> int:
    """The first line (1-based) of the paragraph holding ``line`` (a quote's ``>`` lines
    are text; an empty line, quoted or not, ends a paragraph)."""
    k = line
    while k > 1 and document[k - 2].strip().lstrip(">").strip():
        k -= 1
    return k


def answered_question(document: list[str], line: int) -> str | None:
    """The what-if question the paragraph before the claim's asks, if any: the claim's
    paragraph answers it, so it is about the layer the question supposes."""
    start = _paragraph_start(document, line)
    k = start - 1
    while k >= 1 and not document[k - 1].strip().lstrip(">").strip():
        k -= 1
    if k < 1 or start - k > 3:
        return None
    asked = " ".join(document[_paragraph_start(document, k) - 1 : k])
    found = _WHAT_IF_QUESTION.search(asked)
    # a question left open for the next paragraph: nothing after its "?" but a signature
    # ("? — *pablo.r*"); "What if ...? Then the output would be 5x5." answers itself
    if found is None:
        return None
    rest = asked[found.end() :].strip()
    if rest and rest[0] not in "—–-*_(@[" and len(rest) > 25:
        return None
    return " ".join(found.group(0).split())


# the settings a question names, each with its number: "padding 1", "relleno de 1", "stride
# = 2", "un paso de 2", "dilation 2"
_QUESTION_SETTINGS = (
    ("padding", lexicon.word(r"padding|relleno|rembourrage|zero[- ]padding", lexicon.PADDING_CJK)),
    ("stride", lexicon.word(r"stride|paso|pas|passo|Schrittweite", lexicon.STRIDE_CJK)),
    ("dilation", lexicon.word(r"dilation|dilataci[óo]n|dilatation|dilatazione")),
)


def question_changes(document: list[str], line: int) -> dict[str, str]:
    """The settings the question the claim's paragraph answers changes ({"padding": "1"}),
    empty when it asks none with a number (or gives one setting two values)."""
    asked = answered_question(document, line)
    if asked is None:
        return {}
    found: dict[str, set[str]] = {}
    for key, words in _QUESTION_SETTINGS:
        pattern = (
            rf"{words}\s*(?:of|de|di|=|:|igual a|equal to|{lexicon.CJK_IS})?\s*\$?\s*"
            r"(\d{1,2})(?![\d.])"
        )
        for m in re.finditer(pattern, asked, re.IGNORECASE):
            found.setdefault(key, set()).add(m.group(1))
    if any(len(v) > 1 for v in found.values()):
        return {}
    return {k: next(iter(v)) for k, v in found.items()}


def supposed_layer(document: list[str], line: int, source: str) -> str | None:
    """Why a claim standing in a sentence that supposes another layer (or in the answer to
    a question that does) gets no verdict."""
    sentence = sentence_around(document, line, source)
    at = sentence.find(source.strip()[:30])
    before = sentence[: at if at >= 0 else len(sentence)]
    found = (
        _SUPPOSED.search(before) or _SUPPOSED_CJK.search(before) or _ENTRY_CHANGED.search(before)
    )
    if found is None:
        asked = answered_question(document, line)
        if asked is None:
            return None
        return (
            f'it answers the question "{asked}", about another layer than the notes\': '
            "a claim under a layer the notes do not have is not read"
        )
    words = " ".join(found.group(0).split())
    return (
        f'the sentence supposes another case ("{words}"): a claim under a layer or numbers '
        "the notes do not have is not read"
    )


# "por ejemplo para $6 \times 6$ también $...$", "for a $6\times 6$ input the same holds":
# the claim's own clause names the input it is about
_FOR_SIZE = re.compile(
    r"\b(?:para|for|con|with|mit|pour|avec)\s+(?:an?\s+|un[ao]?\s+|une?\s+|einer?\s+)?"
    r"(?:input\s+|entrada\s+)?\$\s*(\d+)\s*(?:\\times|×|x)\s*(\d+)\s*\$"
    # "for a $3\times 3$ kernel": the size of something else than the input
    r"(?!\s*-?\s*(?:kernels?|filters?|filtros?|n[úu]cleos?|windows?|ventanas?|Kern|"
    r"outputs?|salidas?|matri))",
    re.IGNORECASE,
)
_INPUT_OF = re.compile(r"^\w+ (\d+)x(\d+),")  # "conv2d 5x5, kernel 3x3, ..."


def other_input_named(document: list[str], line: int, source: str, where: str) -> str | None:
    """Why a claim whose own clause names another input than the layer read ("for a 6x6
    input, too: dL/dw = x star dilate_2(g)", judged at the notes' 5x5) gets no verdict."""
    layer = _INPUT_OF.match(where)
    if layer is None:
        return None
    sentence = sentence_around(document, line, source)
    at = sentence.find(source.strip()[:30])
    clause = re.split(r"[.;:]\s", sentence[: at if at >= 0 else len(sentence)])[-1]
    named = [m.groups() for m in _FOR_SIZE.finditer(clause)]
    if not named or named[-1] == layer.groups():
        return None
    h, w = named[-1]
    return (
        f"its clause names a {h}x{w} input, and the layer read has {layer.group(1)}x"
        f"{layer.group(2)}: a claim about another layer than the one read is not judged"
    )
