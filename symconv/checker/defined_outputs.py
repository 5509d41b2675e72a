"""Letters the notes' prose defines as an output size, wherever the definition stands.

output_names.py reads a sentence that introduces a display ("La taille de la sortie est
$$H_s = ...$$").  Notes also define the letter in a list of notation or in passing, and
then use it in a later inline formula:

- a notation list, the words before the letter: "input size $i$, kernel size $k$, ...,
  output size $o$", "lato d'uscita $o$", "Ausgabelänge $L'$";
- the letter, then the words: "sendo $T'$ o comprimento da saída", "$o$ is the output
  size", "$H'$ désigne la taille de sortie";
- the words, then a verb of naming: "the output size of a transposed convolution is
  written $m'$", "la taille de sortie est notée $H_s$";
- the words just before an inline formula: "seu comprimento de saída é $T'' = \\lceil
  (124 - 3)/2 \\rceil + 1 = 62$", "la longitud de salida es $n' = ...$".

The letter is then the output side (of the layer its passage states: bound_sizes.py reads
which).  Only a single name (a letter with a subscript or primes) counts, never a size
written out ($7 \\times 7$) or a product of letters, and only words that name the output's
size: "output $Y$" names a tensor, not its size.
"""

from __future__ import annotations

import functools
import re

from symconv.checker.size_names import flatten

# the words for "the output's size (side, length, ...)", in the notes' languages
_OUT_WORDS = (
    r"(?:output\s+(?:size|side|length|width|height|dimension)|"
    r"(?:size|side|length|width|height)\s+of\s+the\s+output|"
    r"(?:taille|dimension|c[ôo]t[ée]|longueur|largeur|hauteur)\s+de\s+(?:la\s+)?sortie|"
    r"(?:tama[ñn]o|lado|longitud|alto|ancho)\s+de\s+(?:la\s+)?salida|"
    r"(?:comprimento|tamanho|largura|altura|dimens[ãa]o|lado)\s+d[ae]\s+sa[íi]da|"
    r"(?:lato|lunghezza|dimensione|altezza|larghezza)\s+(?:d['’]\s*|dell['’]\s*)uscita|"
    r"Ausgabe(?:gr[öo](?:ß|ss)e|l[äa]nge|breite|h[öo]he|seite)|"
    r"(?:L[äa]nge|Gr[öo](?:ß|ss)e|Breite|H[öo]he)\s+der\s+Ausgabe|"
    # Polish, Dutch, Turkish, Russian: "rozmiar wyjścia", "uitvoergrootte", "çıktı boyutu"
    r"(?:rozmiar|d[łl]ugo[śs][ćc]|wymiar|szeroko[śs][ćc]|wysoko[śs][ćc])\s+wyj[śs]cia|"
    r"uitvoer(?:grootte|lengte)|[çc][ıi]kt[ıi]\s+(?:boyutu|uzunlu[ğg]u)|"
    r"размер\s+выхода|длина\s+выхода|"
    # Japanese, Chinese, Korean: "出力サイズ", "输出尺寸", "출력 크기" (no \b in those scripts)
    r"出力(?:の)?(?:サイズ|大きさ|長さ)|输出(?:的)?(?:尺寸|大小|长度)|輸出(?:的)?(?:尺寸|大小|長度)|"
    r"출력\s?(?:크기|길이))"
)
# (a subscript in words too: H_{\text{tr}}, L_{\mathrm{out}})
_NAME = (
    r"\$\s*([A-Za-z](?:_\{\s*\\(?:text|mathrm)\s*\{\w{1,10}\}\s*\}|_\{?[\w\\]{1,12}\}?|'{1,2}|"
    r"\^\{?\(\w+\)\}?|\\prime)?)\s*"
)
# "output size $o$", "lato d'uscita $o$" (a list item: the next is another's)
_BEFORE = re.compile(_OUT_WORDS + r"\s*(?:(?:is|est|ist|è|é|es)\s+)?" + _NAME + r"\$", re.I)
# "sendo $T'$ o comprimento da saída", "$o$ is the output size"
_AFTER = re.compile(
    _NAME + r"\$\s+(?:(?:is|denotes|est|d[ée]signe|ist|bezeichnet|è|indica|é|denota|es)\s+)?"
    r"(?:(?:the|o|a|la|le|il|lo|el|der|die|das|l['’])\s*)?" + _OUT_WORDS,
    re.I,
)
# "seu comprimento de saída é $T'' = ...": the words end right before the formula
# (or the words, whose layer, a colon: "output size of a transposed convolution: $H_{tr} =",
# "rozmiar wyjścia splotu transponowanego: $L_{tr} =", "転置畳み込みの出力サイズ：$H_{tr} =")
_INLINE = re.compile(
    _OUT_WORDS
    + r"(?:\s*(?:(?:is|est|ist|è|é|es|vaut|vale|equals|ergibt\s+sich\s+zu)\s+)?[:：]?"
    + r"|(?:\s+(?:of|de|da|do|del|di|der|des|d['’])?\s*[^$.;:：\n]{1,40}?)?\s*[:：])\s*"
    + _NAME
    + r"=",
    re.I,
)
# "the output size of a transposed convolution is written $m'$", "la taille de sortie d'une
# couche est notée $H_s$": the words, whose owner, and a verb of naming
_NAMED_AS = re.compile(
    _OUT_WORDS + r"(?:\s+(?:of|de|da|do|del|di|der|des|d['’])\s*[^$.;:]{1,40}?)?\s+"
    r"(?:(?:is|est|é|è|wird|es)\s+)?(?:written|denoted|called|not[ée]e?|escrit[ao]|denotad[ao]|"
    r"indicat[ao]|chiamat[ao]|bezeichnet|geschrieben|notad[ao]|llamad[ao]|chamad[ao])\s+"
    r"(?:as\s+|by\s+|par\s+|por\s+|con\s+|mit\s+|como\s+|als\s+)?" + _NAME + r"\$",
    re.I,
)
_BLANKS = re.compile(r"[ \t]{2,}")
_SINGLE = re.compile(r"[A-Za-z](?:_[\w+-]+|\^\(\w+\)|'{1,2})?")


@functools.lru_cache(maxsize=32)
def _defined(document: tuple[str, ...]) -> frozenset[str]:
    found: set[str] = set()
    for text in document:
        # a run of blanks as one: the patterns' optional words sit between blanks, and a
        # long run would be tried split every way (seconds on a line of 500 spaces)
        text = _BLANKS.sub(" ", text)
        for pattern in (_BEFORE, _AFTER, _INLINE, _NAMED_AS):
            for m in pattern.finditer(text):
                name = flatten(m.group(1))
                if _SINGLE.fullmatch(name):
                    found.add(name)
    return frozenset(found)


def defined_output_names(document: list[str] | tuple[str, ...]) -> frozenset[str]:
    """The names the notes' prose defines as an output size (flattened: ``o``, ``T''``)."""
    return _defined(tuple(document))
