"""Conventions the notes state in a sentence: "with $x_{a,b} = 0$ whenever $(a,b)$ lies in
the padding", "$\\delta_{i,j} = 0$ outside $1..3$", "donde $x_{i,j} = 0$ fuera de la
imagen".  Such an equation is no claim about the layer (it is false as one: x is not
zero), but it is part of what the notes' later claims mean: a read of that tensor outside
its entries counts zero there (:func:`zero_outside`).

Also (:func:`states_convention`): ``with $X[i, j] = 0$ outside the image``, ``$w_{m,n} = 0$ for
m, n outside 0..2`` (an entry whose indices are all letters, set to zero: as a claim it
would say every entry is zero, which no notes mean), and ``(plain $\\otimes$ when $s = 1$)``,
``si $s = 1$`` (a short condition right after "when", "if", "cuando", "si": a hypothesis of
the sentence, whatever the layer's own stride).  Neither gets a verdict or is counted."""

from __future__ import annotations

import functools
import re

from symconv.checker.allsizes_words import LOWER

# what follows "x_{a,b} = 0" in a convention's sentence
_CONDITION = (
    r"(?:whenever|wherever|when|if|for\s+(?:every|all|any|indices|positions)|outside|"
    r"in\s+the\s+padding|beyond|past|off|siempre\s+que|cuando|si|fuera|para\s+[íi]ndices|"
    r"quando|se|fuori|al\s+di\s+fuori|wenn|falls|au[ßs]erhalb|quand|si|hors|en\s+dehors|"
    r"sempre\s+que|fora|"  # it, de, fr, pt
    # ru / uk / pl / nl: "$\delta[t] = 0$ вне диапазона", "при $j < 0$", "якщо", "poza", "buiten"
    r"вне|за\s+пределами|при|если|когда|поза|якщо|коли|poza|gdy|je[śs]li|buiten|wanneer|indien"
    # "para $t$ fora de {1..T'}", "for $t$ outside 0..7", "pour $i$ hors de ..."
    r"|(?:for|para|pour|per|f[üu]r)\s+\$?[^$]{1,12}\$?\s+(?:outside|fora|fuera|hors|fuori"
    r"|au[ßs]erhalb|not\s+in|beyond|en\s+dehors))"
)
_ENTRY = (  # x_{a,b}, \delta_{i,j}, g_t; D2L's [\mathsf{G}]_{n,o,i,j}
    r"(?:\[\s*(?:\\(?:mathsf|mathbf|boldsymbol|bm|mathrm)\s*)?\{?\s*)?"
    r"([A-Za-z]|\\delta|\\tilde\s*\{?\s*[A-Za-z]\s*\}?)(?:\s*\}?\s*\])?\s*"
    r"(?:_\s*(?:\{[^{}$]*\}|[a-z](?![A-Za-z]))|\[[a-z][a-z,\s]*\])"  # g[t], x[i, j]
)
# an inline "$x_{a,b} = 0$" and the words after it
_INLINE = re.compile(
    r"\$\s*(?:" + _ENTRY + r"|([A-Za-z]|\\delta))\s*=\s*0\s*\$[\s,]*" + _CONDITION + r"\b", re.I
)
_AFTER = re.compile(r"^[\s$,.]*(?:\)|\\\))?[\s,]*" + _CONDITION + r"\b", re.I)
_ZERO = re.compile(r"^\s*" + _ENTRY + r"\s*=\s*0\s*$")


# a whole tensor set to zero where it has no entries: "(con $\delta = 0$ fuera de rango)",
# "taking $\delta = 0$ outside $0..2$": only with words about the range (no "if", which
# may set a size, as in "$p = 0$ if ...")
_BARE_ZERO = re.compile(r"^\s*(?:\\(?:delta|Delta)|d?[A-Za-z])\s*=\s*0\s*$")  # dY = 0 too
_AFTER_RANGE = re.compile(
    r"^[\s$,.]*(?:\)|\\\))?[\s,]*(?:outside|beyond|past|off|fuera|más allá|fuori|"
    r"au[ßs]erhalb|hors|en dehors|fora|вне|за\s+пределами|поза|poza|buiten)\b",
    re.I,
)


def is_convention(source: str, after: str) -> bool:
    """Whether ``source`` (one statement) is ``E_{...} = 0`` and the prose right after it
    says when ("whenever", "outside", "fuera"): a convention, not a claim."""
    if _BARE_ZERO.match(source) and _AFTER_RANGE.match(after):
        return True
    return bool(_ZERO.match(source)) and bool(_AFTER.match(after))


def prose_after(lines: list[str], line: int, source: str) -> str:
    """The rest of the statement's line after it (and the next line): where a
    convention's condition is written."""
    if not 1 <= line <= len(lines):
        return ""
    own = lines[line - 1]
    cut = own.find(source.strip()[-12:]) if source.strip() else -1
    rest = own[cut + len(source.strip()[-12:]) :] if cut >= 0 else ""
    return rest + (" " + lines[line] if line < len(lines) else "")


# the same said in words: "cuando un índice de $X$ cae fuera de ... la entrada vale cero",
# "entries of the input outside the image are zero", "X is zero outside", "Einträge von $G$
# mit Index außerhalb von 0..8 sind null", "($W$ zero outside its range)"
_OUTSIDE = r"(?:fuera|outside|beyond|past|fuori|au[ßs]erhalb|hors|en dehors|fora|buiten|poza|вне)"
_ZERO_WORD = r"(?:cero|zero|zéro|null|nul|nulo|nula|nulle|nulli|nulos|nulas|0|нул\w*)"
_WORDS = re.compile(
    _OUTSIDE + r"[^;:]{0,120}?\b(?:vale|valen|is|are|es|son|sind|ist|sont|est|s[ãa]o|sono|"
    r"è|zijn|counts?\s+as|cuenta(?:n)?\s+como|taken?\s+as|se\s+toma(?:n)?\s+como)\s+"
    + _ZERO_WORD
    + r"(?!\w)"
    + r"|\b(?:is|are|es|son|vale|valen|sind|ist|sont|est|taken\s+(?:as|to\s+be)|"
    # "tomado como cero fuera de la salida", "pris comme nul hors", "preso come zero fuori"
    r"tomad[oa]s?\s+como|considerad[oa]s?\s+como|pris(?:es?)?\s+comme|pres[oaie]\s+come)\s+"
    + _ZERO_WORD
    + r"\s+"
    + _OUTSIDE
    # "$W$ zero outside its range", "$G$ nulo fora do intervalo"
    + r"|\$\s*(?:[A-Za-z]|\\delta)\s*\$\s*(?:\([^()]*\)\s*)?"
    + _ZERO_WORD
    + r"\s+"
    + _OUTSIDE,
    re.IGNORECASE,
)
_INPUT_WORDS = re.compile(r"\$\s*X\s*\$|\b(?:the input|la entrada|input image|imagen)\b", re.I)
# the tensor a sentence in words sets to zero: the one letter it names in math
_NAMED = re.compile(r"\$\s*([A-Za-z]|\\delta)\s*\$")
# a sentence defining one tensor by its entry: "$\delta_{n,f,i,j} = \partial L / ...$"
_DEFINED = re.compile(r"\$\s*([A-Za-z]|\\delta)\s*_\s*\{[^{}$]*\}\s*:?=")


@functools.lru_cache(maxsize=8)  # one document's, asked for by each of its claims
def zero_outside(document: str) -> frozenset[str]:
    """The tensors (X, G, ...) the notes say are zero outside their entries."""
    found = set()
    for sentence in re.split(r"(?<=[.;])\s+", document):
        if not _WORDS.search(sentence):
            continue
        named = {m.group(1) for m in _NAMED.finditer(sentence)}
        if not named:  # "Sea $\delta_{n,f,i,j} = \partial L/\partial y$, tomado como cero
            # fuera ...": the tensor the sentence defines, its one entry's letter
            named = {m.group(1) for m in _DEFINED.finditer(sentence)}
        if len(named) == 1:  # the sentence's one tensor: G, W, X, \delta
            letter = named.pop()
            found.add("G" if letter == "\\delta" else LOWER.get(letter, letter))
        elif _INPUT_WORDS.search(sentence):
            found.add("X")
    for m in _INLINE.finditer(document):
        letter = re.sub(r"\\tilde\s*\{?\s*([A-Za-z])\s*\}?", r"\1", m.group(1) or m.group(2))
        name = "G" if letter == "\\delta" else LOWER.get(letter, letter)
        found.add(name)
    return frozenset(found)


_NAMED_ENTRY = r"(?:\\(?:mathbf|boldsymbol|bm)\s*\{\s*)?[A-Za-z]\s*\}?(?:\^\{?[^{}_=]*\}?)?"
_LETTERS = r"[A-Za-z',+\-\s]*[A-Za-z][A-Za-z',+\-\s]*"  # i, j; i+p; no digit
_ZERO_CONVENTION = re.compile(
    rf"\s*{_NAMED_ENTRY}\s*(?:_\s*\{{{_LETTERS}\}}|_\s*[a-z]|\[{_LETTERS}\]|\({_LETTERS}\))\s*=\s*0\s*"
)
_HYPOTHESIS = re.compile(
    r"\b(?:when|whenever|if|unless|cuando|si|siempre que|provided(?: that)?|"
    r"past|beyond|outside|m[áa]s all[áa] de|fuera de)\s*\$*\s*$",  # "g_t = 0 past $t = 7$"
    re.IGNORECASE,
)


def states_convention(text: str, prose_before: str) -> bool:
    """Is ``text`` a convention or hypothesis (no verdict), given the prose before it?"""
    if _ZERO_CONVENTION.fullmatch(text):
        return True
    # a short condition (s = 1, p = 0, i = j); a derivation after "if" is still judged
    return len(text) <= 40 and bool(_HYPOTHESIS.search(prose_before[-40:]))
