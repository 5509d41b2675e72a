"""The padded input named in a sentence of any language: "$\\tilde X$ bezeichnet das mit dem
Nullrand versehene Bild $\\operatorname{pad}_1(X)$", "$\\tilde X_c$ és el canal $c$ de
l'entrada amb el farciment d'un píxel", "$\\tilde{x}$ denotes the input after zero padding".

:mod:`.padded_names` reads a tilde as the padded input where fixed English, Spanish, French
and Portuguese phrases say so.  Notes in other languages (or other word orders) say the same
with one of two things in the sentence that writes the tilde letter:

* the padding of the same letter, ``\\operatorname{pad}_p(X)`` (``pad(X, 1)``,
  ``\\mathrm{zeropad}(x)``): the sentence sets the tilde letter equal to the padded input,
  whatever its words;
* in the clause right after the tilde (no other tensor's math between, no ``;``), a word for
  the input (input, Eingabe, Bild, entrada, ingresso, wejście, вход, ...) and a word for
  padding (padded, Nullrand, farciment, riempito, zeri, uzupełnione, дополненный, ...).

Either way the letter must be one the checker reads as an input (x, a, I), and the sentence
must not negate (``not``, ``ohne``, ``sans``, ``sin``, ``unpadded``...): "$\\tilde X$ is the
input without the padding" names nothing.  The letter is then the input with the layer's
padding around it, zero outside (``X^{pad}``), exactly as for the fixed phrases; a sentence
that says less leaves the tilde unread.
"""

from __future__ import annotations

import re

from symconv.checker.primed_input import _INPUT_LETTERS

# the tilde letter in its own math: $\tilde X$, $\tilde{\mathbf{X}}$, $\tilde X_c$
_TILDE = re.compile(
    r"\$\s*\\(?:tilde|widetilde)\s*\{?\s*(?:\\(?:mathbf|mathsf|boldsymbol|bm)\s*\{\s*)?"
    r"([A-Za-z])\s*\}?\s*\}?\s*(?:_\s*(?:\{[^{}$]*\}|[a-z])\s*)?\$"
)
# pad_1(X), \operatorname{pad}(X, 1), \mathrm{zeropad}_p(\mathbf{x}): the padding of a letter
_PAD_OF = re.compile(
    r"\\(?:operatorname|mathrm|text|textrm)\s*\{\s*(?:zero[-_]?)?pad(?:ding)?\s*\}"
    r"\s*(?:_\s*(?:\{[^{}]*\}|\w))?\s*(?:\\left|\\[Bb]ig)?\s*\(\s*"
    r"(?:\\(?:mathbf|boldsymbol|bm)\s*\{\s*)?([A-Za-z])(?![A-Za-z])",
    re.IGNORECASE,
)
_INPUT_WORD = re.compile(
    r"\b(?:inputs?|image|signal|sequence|entradas?|imagen|se[ñn]al|entr[ée]e|eingabe\w*|bild"
    r"|ingresso|immagine|segnale|wej[śs]ci\w*|obraz\w*|sygna\w*|invoer|giri[şs]\w*|girdi\w*"
    r"|вход\w*|изображени\w*|сигнал\w*|masukan|citra)\b|đầu vào|入力|输入",
    re.IGNORECASE,
)
_PAD_WORD = re.compile(
    r"pad|rellen|farci|compl[ée]t[ée]e?\s+(?:par|avec)|preench|aufgef(?:ü|ue|u)llt|nullrand"
    r"|\bnullen\b|riempit|\bzeri\b|\bz[ée]ros\b|\bceros\b|zerami|uzupe[łl]n|dope[łl]n|opgevuld"
    r"|dolgu|дополн|нулями|đệm",
    re.IGNORECASE,
)
_NEGATION = re.compile(
    r"\b(?:not|no|nicht|kein\w*|ohne|without|pas|sans|sin|senza|non|não|sem|bez|nie|sense"
    r"|zonder|без|не|unpadded|ungepadd\w*)\b|non-padded",
    re.IGNORECASE,
)
# math that may stand inside the naming clause: an index or a number ($c$, $1$), a size
# ($9 \times 9$, $(H + 2P) \times (W + 2P)$), a count of zeros ("par $P$ zéros"); a capital
# letter otherwise may be another tensor ("$\tilde X$ and $G$ are ...")
_SMALL_MATH = re.compile(r"\s*(?:[a-z]|\d+|[^$=]*\\times[^$=]*)\s*")
_COUNT_AFTER = re.compile(r"\s*(?:z[ée]ros|zeri|ceros|nullen|zerami|pixels?|p[íi]xe\w*)\b", re.I)
_MATH = re.compile(r"\$\$.*?\$\$|\$[^$]*\$", re.S)
_CLAUSE = 90  # characters after the tilde's math in which the naming words are looked for


def _masked(text: str) -> str:
    """``text`` with every math segment's inside blanked (same length), so that a period or
    semicolon inside math ends no sentence."""
    return _MATH.sub(lambda m: "$" + "~" * (len(m.group(0)) - 2) + "$", text)


def _sentence(masked: str, start: int, end: int) -> tuple[int, int]:
    """The sentence of ``masked`` around ``start:end``: from the last end of a sentence before
    it to the first after it (a period, ! or ? before a space, or an empty line)."""
    ends = [m.end() for m in re.finditer(r"[.!?](?=\s)|\n\s*\n", masked)]
    left = max((e for e in ends if e <= start), default=0)
    right = min((e for e in ends if e > end), default=len(masked))
    return left, right


def _clause(text: str, masked: str, after: int, stop: int) -> str:
    """The words after the tilde's math up to ``_CLAUSE`` characters, a ``;`` or math that is
    not an index, count or size (another tensor's)."""
    out = []
    pos = after
    limit = min(stop, after + _CLAUSE)
    while pos < limit:
        if masked[pos] == ";":
            break
        if masked[pos] == "$":
            m = _MATH.match(text, pos)
            if m is None:
                break
            inner = m.group(0).strip("$")
            count = re.fullmatch(r"\s*[A-Z]\s*", inner) and _COUNT_AFTER.match(text, m.end())
            if not (_SMALL_MATH.fullmatch(inner) or count):
                break
            pos = m.end()
            continue
        out.append(masked[pos])
        pos += 1
    return "".join(out)


def named_padded(text: str) -> frozenset[str]:
    """The input letters (both cases) whose tilde a sentence of ``text`` names the padded
    input (see the module doc)."""
    masked = _masked(text)
    found: set[str] = set()
    for m in _TILDE.finditer(text):
        letter = m.group(1)
        if letter not in _INPUT_LETTERS and letter.upper() not in _INPUT_LETTERS:
            continue
        left, right = _sentence(masked, m.start(), m.end())
        if _NEGATION.search(masked[left:right]):
            continue
        sentence = text[left:right]
        padded_same = any(p.group(1).lower() == letter.lower() for p in _PAD_OF.finditer(sentence))
        clause = _clause(text, masked, m.end(), right)
        worded = bool(_INPUT_WORD.search(clause) and _PAD_WORD.search(clause))
        if padded_same or worded:
            found |= {letter.lower(), letter.upper()}
    return frozenset(found)
