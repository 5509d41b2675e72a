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
from symconv.checker.counterexamples import json_number
from symconv.checker.layer_counts import sentence_around
from symconv.checker.limits import NotUnderstood, no_value
from symconv.checker.report import NOT_UNDERSTOOD
from symconv.checker.scalar import Scalar
from symconv.checker.stated_values import _wrong_links
from symconv.checker.supposed_change import supposition
from symconv.checker.syntax import parse

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
    r"|\bsi\s+la\s+capa"
    # the asker's own change: "if I switch to stride 2 ...?", "si paso a stride 2 ...?", "se
    # eu passar para stride 2 ...?", "si je passe à un pas de 2 ...?", "wenn ich ... nehme?"
    r"|\bif\s+(?:I|we)\s+(?:switch|change|move|go|use|set|try|take)"
    r"|\bsi\s+(?:paso|pasamos|cambio|cambiamos|uso|usamos|pongo|ponemos)\b"
    r"|\bse\s+(?:eu\s+|n[óo]s\s+)?(?:passar|passarmos|mudar|mudarmos|usar|usarmos|trocar|puser)\b"
    r"|\bsi\s+(?:je|on|nous)\s+(?:passe|passons|utilise|utilisons|prends|prenons|mets|change)"
    r"|\bwenn\s+(?:ich|wir|man)\b)[^?]{0,120}?\b" + _SETTING + r"[^?]*\?",
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


# a reply in a thread: "> **@bruno** replies:", "**u/x** responde:", "Antwort:"
_REPLY = re.compile(
    r"^[\s>]*(?:\*\*[^*\n]{1,40}\*\*\s*)?(?:replies|answers|responde|contesta|r[ée]pond|"
    r"antwortet|risponde|Answer|Antwort|Respuesta|R[ée]ponse|Resposta|Risposta)\b",
    re.IGNORECASE,
)


def _asked(document: list[str], line: int) -> tuple[str, int] | None:
    """The what-if question the paragraph before the claim's asks, with the line it ends
    on."""
    start = _paragraph_start(document, line)
    k = start - 1
    while k >= 1 and not document[k - 1].strip().lstrip(">").strip():
        k -= 1
    if k < 1 or start - k > 3:
        return None
    asked = " ".join(document[_paragraph_start(document, k) - 1 : k])
    found = _WHAT_IF_QUESTION.search(asked)
    # a question left open for the next paragraph: nothing after its "?" but a signature
    # ("? — *pablo.r*"); "What if ...? Then the output would be 5x5." answers itself, unless
    # the claim's paragraph is a reply to it ("> **@bruno** responde: ...")
    if found is None:
        return None
    rest = asked[found.end() :].strip()
    long_rest = rest and rest[0] not in "—–-*_(@[" and len(rest) > 25
    if long_rest and not _REPLY.match(document[start - 1]):
        return None
    return " ".join(found.group(0).split()), k


def answered_question(document: list[str], line: int) -> str | None:
    """The what-if question the paragraph before the claim's asks, if any: the claim's
    paragraph answers it, so it is about the layer the question supposes."""
    found = _asked(document, line)
    return found[0] if found else None


def asked_before(document: list[str], line: int, source: str) -> str | None:
    """The what-if question the claim's own paragraph asks before it ("If I switch to
    stride 2 with a 7x7 input, does it still hold? A friend says $...$"): the claim may be
    about the layer the question supposes (judged under it where the question states it
    whole, else as before)."""
    start = _paragraph_start(document, line)
    text = "\n".join(document[start - 1 : line])
    at = text.rfind(source.strip()[:30]) if source.strip() else -1
    before = text[: at if at >= 0 else len(text)]
    found = list(_WHAT_IF_QUESTION.finditer(before))
    return " ".join(found[-1].group(0).split()) if found else None


# the settings a question names, each with its number: "padding 1", "relleno de 1", "stride
# = 2", "un paso de 2", "dilation 2"
_QUESTION_SETTINGS = (
    ("padding", lexicon.word(r"padding|relleno|rembourrage|zero[- ]padding", lexicon.PADDING_CJK)),
    ("stride", lexicon.word(r"stride|paso|pas|passo|Schrittweite", lexicon.STRIDE_CJK)),
    ("dilation", lexicon.word(r"dilation|dilataci[óo]n|dilatation|dilatazione")),
)


# a size the question gives a tensor: "$X$ de $7 \times 7$", "input 7x7", "a $6\times 6$ input"
_SIZE = r"\$?\s*(\d{1,3})\s*(?:\\times|×|x)\s*(\d{1,3})\s*\$?"
_ANY_SIZE = re.compile(r"\d{1,3}\s*(?:\\times|×|x)\s*\d{1,3}")
_OF = r"\s*(?:of|de|da|do|di|com|with|is|é|es|est|ist|=|:)?\s*"
_ROLE_WORDS = {
    "X": r"(?:input|entrada|entr[ée]e|Eingabe|ingresso)",
    "W": r"(?:kernel|filtro|filter|filtre|n[úu]cleo|noyau|Kern)",
    "Z": r"(?:output|sa[íi]da|salida|sortie|Ausgabe|uscita)",
}


def _question_sizes(asked: str, letters: dict[str, str]) -> dict[str, tuple[int, int]] | None:
    """The sizes the question gives the input (X), kernel (W) and output (Z), by word or by
    the notes' letter; None when it writes a size it does not attribute, or two for one."""
    asked = " ".join(asked.split())  # one blank per run (the patterns' blanks overlap)
    found: dict[str, set[tuple[int, int]]] = {}
    spans: list[tuple[int, int]] = []
    hits: list[tuple[str, re.Match[str]]] = []
    for role, words in _ROLE_WORDS.items():  # "input 7x7", "a 7x7 input", "K de 3x3"
        hits += [(role, m) for m in re.finditer(rf"\b{words}{_OF}{_SIZE}", asked, re.I)]
        hits += [(role, m) for m in re.finditer(rf"{_SIZE}\s*-?\s*{words}", asked, re.I)]
    for letter, role in sorted(letters.items()):  # a letter's case is its meaning
        if role in _ROLE_WORDS:
            pattern = rf"\$\s*{re.escape(letter)}\s*\${_OF}{_SIZE}"
            hits += [(role, m) for m in re.finditer(pattern, asked)]
    for role, m in hits:
        found.setdefault(role, set()).add((int(m.group(1)), int(m.group(2))))
        spans.append(m.span())
    for m in _ANY_SIZE.finditer(asked):
        if not any(a <= m.start() < b for a, b in spans):
            return None  # a size of something the reader does not name
    if any(len(v) > 1 for v in found.values()):
        return None
    return {role: next(iter(v)) for role, v in found.items()}


def question_changes(
    document: list[str], line: int, letters: dict[str, str] | None = None, asked: str | None = None
) -> dict[str, str]:
    """The settings the question the claim's paragraph answers (or ``asked``, the one its
    own paragraph asks before it) changes ({"padding": "1"}, {"stride": "2", "input":
    "7x7", "kernel": "3x3"}), empty when it asks none with a number, gives one setting two
    values, writes a size it does not attribute (or whose output does not follow from the
    others), or gives the input without the kernel or the kernel without the input."""
    asked = asked or answered_question(document, line)
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
    changes = {k: next(iter(v)) for k, v in found.items()}
    sizes = _question_sizes(asked, letters or {})
    if sizes is None or len({"X", "W"} & set(sizes)) == 1:
        return {}  # an input without its kernel (or the reverse): the rest is the notes' guess
    if "X" in sizes:
        changes["input"] = "{}x{}".format(*sizes["X"])
    if "W" in sizes:
        changes["kernel"] = "{}x{}".format(*sizes["W"])
    if "Z" in sizes:  # the output it states must follow from the sizes it gives
        if not {"X", "W"} <= set(sizes):
            return {}
        stride, pad = int(changes.get("stride", "1")), int(changes.get("padding", "0"))
        out = [(n + 2 * pad - k) // stride + 1 for n, k in zip(sizes["X"], sizes["W"], strict=True)]
        if tuple(out) != sizes["Z"]:
            return {}
    return changes


def supposes_other_layer(sentence: str) -> bool:
    """Whether a sentence supposes a layer the notes do not have ("had we used padding 1",
    "如果步长改为 2", "if we add padding $p = 1$"): the settings it names are that layer's."""
    return bool(
        _SUPPOSED.search(sentence) or _SUPPOSED_CJK.search(sentence) or supposition(sentence)
    )


def supposed_layer(document: list[str], line: int, source: str) -> str | None:
    """Why a claim standing in a sentence that supposes another layer (or in the answer to
    a question that does) gets no verdict."""
    sentence = sentence_around(document, line, source)
    at = sentence.find(source.strip()[:30])
    before = sentence[: at if at >= 0 else len(sentence)]
    found = (
        _SUPPOSED.search(before)
        or _SUPPOSED_CJK.search(before)
        or _ENTRY_CHANGED.search(before)
        # "còn nếu thêm padding $p = 1$ thì $...$", "if we add padding 1, then $...$"
        or supposition(before)
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


def supposed_open(text: str, why: str) -> dict:
    """The not-understood verdict of a claim in a supposing sentence (``why``): side 1 is
    the supposed layer's quantity, which is not read, but the links between the sides after
    it, plain numbers, hold or fail whatever the layer ("If you add padding 1, ... $H' W' =
    (5 + 1 - 3 + 1)^2 = 16$": the arithmetic holds, 16), as named_arithmetic.py says."""
    try:
        chain = parse(text)
        n = len(chain.sides)
        plain = n >= 3 and all(r == "=" for r in chain.rels)
        values = [Scalar(no_value).value(side) for side in chain.sides[1:]] if plain else []
    except (NotUnderstood, ZeroDivisionError, ValueError, IndexError, RecursionError):
        values = []
    if len(values) >= 2 and len(set(values)) > 1 and all(v.denominator == 1 for v in values):
        # "(5 + 2 - 3 + 1)^2 = 24": numbers that disagree, wrong under any layer
        wrong = _wrong_links([None, *values], f", whatever the layer; side 1: {why}")
        if wrong is not None:
            return wrong
    if len(values) < 2 or len(set(values)) != 1:
        return {"status": NOT_UNDERSTOOD, "message": why}
    return {
        "status": NOT_UNDERSTOOD,
        "message": f"side 1 of {n} is not understood: {why} (the other {n - 1} sides agree: "
        f"the arithmetic holds, {json_number(values[0])})",
    }
