"""A 1-D layer's kernel and padding counted in words: "the filter has 3 taps", "filtr ma 3
współczynniki", "el filtro tiene 3 coeficientes", "padded with 2 zeros on each side",
"dopełnienie zerami po 2 próbki z każdej strony", "se rellena con 1 cero a cada lado".

Why the numbers are the layer's settings: a filter of K taps (coefficients) is a kernel of
length K, whatever the language; N zeros added on each side of the signal is padding N, the
count PyTorch's ``padding=N`` adds at both ends (torch.nn.Conv1d: "padding added to both
sides of the input").  A count of coefficients names a kernel's length only where the
sentence is about a 1-D signal (a signal word, a length, "1-D"): a 2-D filter's "9
coefficients" are a 3x3 kernel, never a length 9, so elsewhere nothing is read.  A padding
count is read only with a word saying the zeros go on each side (or both ends): "insert 1
zero between the entries" is a dilation, "2 zeros at the end" one-sided.  Words are matched,
never evaluated; the text is already normalised (no ``$``).
"""

from __future__ import annotations

import re

from symconv.checker import lexicon

# the kernel's words and the verbs or prepositions joining them to a count: en, es, pt, fr,
# it, de, nl, pl, cs, tr, ru
_KERNEL = lexicon.KERNEL + r"|filtrze|filtru|фильтр\w*|ядр\w*|[çc]ekirdek\w*"
_HAS = (
    r"has|with|of|having|tiene|con|de|tem|com|a|à|avec|poss[èe]de|ha|hat|mit|heeft|met|ma|"
    r"o|z|má|s|sahip|имеет|из|содержит"
)
_TAPS = (
    r"taps?|coefficients?|coeficientes?|coefficienti|Koeffizienten|co[ëe]ffici[ëe]nten|"
    r"wsp[óo][łl]czynnik\w*|koeficient\w*|katsay\w*|коэффициент\w*|отсч[её]т\w*|"
    # a 1-D filter's weights are its taps: "ma $k = 3$ wagi", "has 3 weights", "3 pesos"
    r"weights?|wag[ia]?|pesos|poids|Gewichte|pesi|gewichten|v[áa]h[yu]?|весов|веса"
)
_TAP_COUNT = re.compile(
    rf"\b(?:{_KERNEL})\b(?:\s+[A-Za-z](?:\s*\[\s*[a-z]\s*\])?)?\s+(?:{_HAS})\s+"
    rf"(?:[a-zA-Z]\s*=\s*)?(\d{{1,2}})\s+(?:{_TAPS})\b"
    # "a 3-tap filter", "a filter of 3 taps" (of: in _HAS)
    rf"|\b(\d{{1,2}})-tap\s+(?:{_KERNEL})\b",
    re.IGNORECASE,
)
# a 1-D signal: its words, a length, "1-D" (en, es, pt, fr, it, de, nl, pl, cs, tr, ru)
_ONE_D = re.compile(
    r"\b(?:signals?|se[ñn]al(?:es)?|sinal|signal|segnale|Signal|sygna[łl]\w*|sign[áa]l\w*|"
    r"sinyal\w*|сигнал\w*|sequences?|secuencias?|s[ée]quences?|Folge|ci[ąa]g\w*|"
    r"1-?D|conv1d|jednowymiarow\w*|unidimensional|eindimensional\w*|одномерн\w*|"
    r"lengths?|longitud|comprimento|longueur|lunghezza|L[äa]nge|lengte|d[łl]ugo[śs][ćc]\w*|"
    r"d[ée]lk\w*|uzunlu\w*|длин\w*)\b",
    re.IGNORECASE,
)
_ZEROS = r"zeros?|zeroes|ceros?|z[ée]ros?|zeri|Nullen|nullen|zerami|zer|sıfır\w*|нул\w*"
_SAMPLES = (
    r"samples?|muestras?|amostras?|[ée]chantillons?|campioni|Werte|Abtastwerte|monsters?|"
    r"pr[óo]b[kc]\w*|vzork\w*|örnek\w*|отсч[её]т\w*|entries|entradas|positions?|posiciones"
)
_EACH_SIDE = (
    r"on (?:each|every|either|both) (?:side|end)s?|(?:at|on) both ends|per side|each side|"
    r"a cada lado|de cada lado|en cada lado|a ambos lados|em cada lado|de cada extremo|"
    r"de chaque c[ôo]t[ée]|des deux c[ôo]t[ée]s|à chaque extr[ée]mit[ée]|"
    r"per lato|su ogni lato|da ogni lato|su entrambi i lati|"
    r"auf jeder Seite|auf beiden Seiten|an jeder Seite|an beiden Enden|je Seite|pro Seite|"
    r"aan elke kant|aan beide kanten|aan weerszijden|"
    r"z ka[żz]dej strony|z obu stron|po obu stronach|na ka[żz]dym ko[ńn]cu|"
    r"z ka[žz]d[ée] strany|na ka[žz]d[ée] stran[ěe]|her iki (?:tarafa|tarafta|uca)|"
    r"с каждой стороны|с обеих сторон|по кра[яю]м"
)
# the padding's nouns and verbs: "zero padding", "pad with", "padded", "rellena", "dopełnienie"
_PAD_WORD = re.compile(
    rf"\b(?:{lexicon.PADDING}|pad|pads|padded|padding|rellen\w*|preench\w*|remplit|compl[èe]te\w*|"
    r"riemp\w*|aufgef[üu]llt|auff[üu]ll\w*|opgevuld|dope[łl]ni\w*|dopln\w*|дополн\w*)\b"
    rf"|\b(?:{_ZEROS})\b",
    re.IGNORECASE,
)
_PAD_COUNT = re.compile(
    # (not the end of a sum: "k - 1 zeros on each side" is a count in k, not 1)
    rf"(?<![\d.,])(?<![-+−*/·]\s)(?<![-+−*/·])(\d{{1,2}})\s+(?:(?:{_ZEROS})\s+)?(?:(?:{_ZEROS}|{_SAMPLES})\b)"
    rf"[^.;:\d]{{0,12}}?\b(?:{_EACH_SIDE})\b",
    re.IGNORECASE,
)
# "2 zeros between the entries", "inserting zeros": a dilation's or a stride's zeros
_BETWEEN = re.compile(
    r"\b(?:between|entre|tra|zwischen|tussen|mi[ęe]dzy|mezi|aras\w*|между|insert\w*|"
    r"intercal\w*|wstawi\w*)\b",
    re.IGNORECASE,
)


def tap_facts(text: str) -> list[tuple[str, str, str]]:
    """("kernel", K, "prose") for a 1-D filter counted in taps or coefficients, and
    ("padding", N, "prose") for N zeros added on each side, as the normalised ``text``
    states them."""
    found: list[tuple[str, str, str]] = []
    taps = {m.group(1) or m.group(2) for m in _TAP_COUNT.finditer(text)}
    if len(taps) == 1 and _ONE_D.search(text):
        found.append(("kernel", taps.pop(), "prose"))
    for clause in re.split(r"[,;]\s|\.\s", text):
        match = _PAD_COUNT.search(clause)
        if match is None or _BETWEEN.search(clause) or not _PAD_WORD.search(clause):
            continue
        found.append(("padding", match.group(1), "prose"))
    return found
