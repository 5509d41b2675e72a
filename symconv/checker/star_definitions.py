"""Notes that define ``*`` once, in a toolbox or a notation list, as the true (flipped)
convolution: "$A * B$ is valid *true* convolution (flip $B$ first)", "$*$ denotes
convolution with the kernel flipped", "we write $\\ast$ for the real convolution",
"$*$ es la convolución verdadera".

Such a definition holds for the whole notes, not only for the sentence right before a
claim.  A definition is read only when the sentence puts ``*`` (or ``\\ast``) and the words
"true/real/flipped convolution" or "flip" together, and the notes never also call ``*`` a
correlation (then which meaning a claim uses is a guess).
"""

from __future__ import annotations

import re
from functools import lru_cache

from symconv.checker.operator_formulas import CONVOLUTION, CORRELATION, symbol_meanings

_STAR = r"\$[^$]*?(?<![\^_{\\])(?:\*|\\ast\b)[^$]*?\$"
_TRUE = (
    r"(?:\*?(?:true|real|actual)\*?\s+convolution|convoluci[óo]n\s+(?:verdadera|real)"
    r"|flip(?:s|ped|ping)?\b|volte\w+|rot\w*\s*180)"
)
# the same words in the notes' other languages, for a symbol other than *: "la vraie
# convolution", "die echte Faltung", "a convolução verdadeira", "la convoluzione vera",
# "noyau retourné", "Kern gespiegelt"
_TRUE_ANY = (
    _TRUE[:-1] + r"|(?:vraie|v[ée]ritable)\s+convolution|(?:echte|mathematische)\s+Faltung"
    r"|convolu[çc][ãa]o\s+(?:verdadeira|real)|convoluzione\s+(?:vera|reale)"
    r"|retourn\w+|gespiegelt\w*|capovolt\w*)"
)
_CORRELATION = (
    r"(?:cross[- ]?correlation|correlation|correlaci[óo]n|(?:Kreuz)?[Kk]orrelation|"
    r"corr[ée]lation(?:\s+crois[ée]e)?|correla[çc][ãa]o(?:\s+cruzada)?|correlazione|"
    r"korelacj[aię]|korelace|korelasyon|correlaci[óo]|kruiscorrelatie)"
)
# "(kein Flip!)", "without flipping", "sin voltear", "no flip": the flip denied, not defined
_NO_FLIP = re.compile(
    r"\b(?:no|kein(?:en)?|ohne|without|sin|sans|senza|sem|zonder|bez)\s+"
    r"(?:the\s+|a\s+|el\s+)?(?:flip\w*|Spiegel\w*|volte\w*|gir\w*|retourne\w*|rot\w*)",
    re.IGNORECASE,
)
# a negation between the symbol and the words of the flip denies it
_DENIED = re.compile(
    r"\b(?:not|no|non|n[ãa]o|pas|nicht|kein\w*|niet|nie|never|nunca|jamais|mai)\b|n't",
    re.IGNORECASE,
)
# "$A \ast B$ ist in dieser Vorlesung die **Kreuzkorrelation**": a verb of naming, a few words
_NAMES = r"is|denotes|means|es|est|ist|è|é|jest|är|bezeichnet|désigne|indica|significa|="
# the flip and the true convolution in Japanese, Chinese and Korean notes ("カーネルを反転す
# る本来の畳み込み", "翻转卷积核的真正卷积", "커널을 뒤집는 진짜 합성곱"), and their correlation
_CJK_TRUE = re.compile(
    r"反転|裏返|本来の畳み込み|真の畳み込み|翻[转轉]|真正的卷[积積]|뒤집|진짜\s*합성곱"
)
_CJK_CORRELATION = re.compile(r"相関|相[关關]|상관")
# the flip denied: "反転しない", "不翻转", "뒤집지 않는"
_CJK_NO_FLIP = re.compile(
    r"反転し(?:ない|ません)|反転せず|裏返さ(?:ない|ず)|[不没][有]?翻[转轉]|뒤집지\s*않"
)
_SENTENCE = re.compile(r"[^.\n]*(?:\.(?!\d)|\n|$)")


def _unwrapped(document: str) -> str:
    """The document with a sentence wrapped over lines joined (a blank line still ends it):
    "... and $*$ is the\ntrue convolution" is one sentence."""
    return re.sub(r"(?<!\n)\n(?!\n)", " ", document)


def _sentences(document: str) -> list[str]:
    prose = re.sub(r"\$\$.*?\$\$", " ", document, flags=re.DOTALL)  # displays define nothing
    return [m.group(0) for m in _SENTENCE.finditer(prose) if m.group(0).strip()]


# "a full convolution flips the kernel by itself", "la convolución gira el filtro": the words
# say what the notes' convolution does, and their * is the convolution (not their \star)
_FLIPS = re.compile(
    r"\b(?:convolution|convoluci[óo]n|convolu[çc][ãa]o)\b[^.$]{0,30}?\b(?:flips|rotates|reverses"
    r"|gira|voltea|invierte|inverte|retourne)\b[^.$]{0,30}?\b(?:kernel|filter|filtro|noyau)",
    re.IGNORECASE,
)


@lru_cache(maxsize=8)  # asked once per claim of a document: its sentences are read once
def star_is_true_convolution(document: str) -> bool:
    """Whether the notes' prose defines ``*`` as the true (flipped-kernel) convolution."""
    defines, other = False, False
    for sentence in _sentences(_unwrapped(document)):
        star = re.search(_STAR, sentence)
        if star is None:
            if _FLIPS.search(sentence) and not re.search(_CORRELATION, sentence, re.I):
                defines = True
            continue
        if _CJK_TRUE.search(sentence) or _CJK_CORRELATION.search(sentence):
            # "カーネルを反転する本来の畳み込みを $*$ と書けば": the words stand before the
            # symbol in Japanese, Chinese and Korean; a sentence naming both says neither
            if _CJK_CORRELATION.search(sentence) or _CJK_NO_FLIP.search(sentence):
                other = True
            else:
                defines = True
            continue
        after = sentence[star.end() : star.end() + 80]
        if re.search(
            rf"^\W*(?:{_NAMES})\s+(?:[\w*_]+\s+){{0,4}}[*_]*{_CORRELATION}", after, re.IGNORECASE
        ):
            other = True  # "$*$ is cross-correlation": the other meaning is also given
        elif (true := re.search(_TRUE, _NO_FLIP.sub(" ", after), re.IGNORECASE)) and not (
            _DENIED.search(_NO_FLIP.sub(" ", after)[: true.start()])
        ):
            # (not "$*$ no es la que voltea el filtro", "$*$ is not the flipped one": denied,
            # that sentence defines nothing; nor the other meaning: "no wait" denies no flip)
            defines = True
    # "(a \ast b)_k = \sum_i a_{i+k} b_{m-1-i}": the notes' own formula for the symbol
    # (operator_formulas.py) says it outright; one naming the correlation says it is not
    formula = symbol_meanings(document).get("\\ast")
    if formula == CONVOLUTION:
        return not other
    if formula == CORRELATION:
        return False
    return defines and not other


# the other symbols notes choose for the flipped-kernel convolution: "We write $\circledast$
# for a true convolution (kernel flipped)", "$f \otimes g$ denotes the real convolution"
_OTHER_SYMBOL = re.compile(r"\$[^$]*?(\\circledast|\\otimes)(?![a-zA-Z])[^$]*?\$")


def true_convolution_symbols(document: str) -> set[str]:
    """The symbols besides ``*`` the notes' prose defines as the true convolution: the words
    "true/real/flipped convolution" (or "flip") right after the symbol in its sentence.  A
    symbol also called a correlation anywhere is left out (which meaning a claim uses would
    be a guess)."""
    defines: set[str] = set()
    other: set[str] = set()
    for sentence in _sentences(_unwrapped(document)):
        for m in _OTHER_SYMBOL.finditer(sentence):
            after = sentence[m.end() : m.end() + 80]
            if re.search(_TRUE_ANY, after, re.IGNORECASE):
                defines.add(m.group(1))
            elif re.search(_CORRELATION, after, re.IGNORECASE):
                other.add(m.group(1))
    for symbol, meaning in symbol_meanings(document).items():
        # "(X \circledast K)[i,j] = \sum X[i+u, j+v] K[k-1-u, k-1-v]": the formula's word
        if symbol in ("\\circledast", "\\otimes") and meaning == CONVOLUTION:
            defines.add(symbol)
        elif symbol in ("\\circledast", "\\otimes") and meaning == CORRELATION:
            other.add(symbol)
    return defines - other
