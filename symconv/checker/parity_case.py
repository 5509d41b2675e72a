"""A size formula whose own clause states the parity of a size it is for.

"For even lengths this is just $L_{out} = L/2$, and for odd lengths $L_{out} = (L + 1)/2$",
"सम लंबाई के लिए यह बस $L_{out} = L/2$ है", "für gerades $H$ gilt $H' = H/2$": at stride 2
with k = 2p + 1 the output side floor((L + 2p - k)/2) + 1 = floor((L - 1)/2) + 1 is L/2 for
an even L and (L + 1)/2 for an odd one, so each formula is right exactly in the case its
clause states.  Judged over every size, the even case failed at L = 1 (1/2 where the true side
is 1) and the odd case at the notes' even L: verdicts about sizes the clause excludes.  Here
the grid keeps only the sizes of the stated parity (and the notes' own layer counts only
when its size has it); a formula failing there is still wrong in its case.

The parity is the input's side ("lengths", "$L$", "the input") unless the word right after
(or before) it is the kernel's ("for odd $k$", "núcleo impar").
"""

from __future__ import annotations

import re

# Devanagari letters and vowel signs: a word of that script goes on through them
_DEV = "\u0900-\u097f"
_EVEN = re.compile(
    rf"(?<![\w{_DEV}])(?:even|gerade[nrsm]?|paire?s?|pari|pares|parzyst\w*|"
    rf"чётн\w*|четн\w*|chẵn|çift|genap|सम)(?![\w{_DEV}])",
    re.IGNORECASE,
)
_ODD = re.compile(
    rf"(?<![\w{_DEV}])(?:odd|ungerade[nrsm]?|impaire?s?|impar(?:es)?|dispari|nieparzyst\w*|"
    rf"нечётн\w*|нечетн\w*|lẻ|tek|ganjil|विषम)(?![\w{_DEV}])|偶数|奇数|짝수|홀수",
    re.IGNORECASE,
)
_CJK_EVEN = ("偶数", "짝수")
_KERNEL_WORD = (
    r"(?:kernels?|Kern\w*|noyaux?|n[úu]cleos?|filt\w*|कर्नेल|(?<![A-Za-z\\])[kK](?![A-Za-z]))"
)
# the kernel's word or letter right after the parity word ("odd $k$") or right before it
# ("$k$ impar", "núcleo impar")
_KERNEL_AFTER = re.compile(r"^[\s$*_]{0,3}" + _KERNEL_WORD, re.IGNORECASE)
_KERNEL_BEFORE = re.compile(_KERNEL_WORD + r"[\s$*_]{0,3}$", re.IGNORECASE)
# a size the parity word qualifies: a word of lengths, sizes, inputs or sides, a kernel's,
# or a letter (not English "a", "I"); right after it ("even lengths", "सम लंबाई", "odd $k$")
# or right before it, with a copula ("when $L$ is even", "$k$ impar")
_SIZE_WORD = (
    r"(?:length\w*|longitud\w*|longueur\w*|Länge\w*|lunghezz\w*|długoś\w*|लंबाई|size\w*|"
    r"taille\w*|tama[ñn]o\w*|Größe\w*|input\w*|entrad\w*|entrée\w*|Eingabe\w*|width\w*|"
    r"height\w*|sides?|lados?|côtés?|Seite\w*|" + _KERNEL_WORD[3:-1] + r"|"
    r"(?<![A-Za-z\\])[B-HJ-Zb-z](?:_\{?\w+\}?)?(?![A-Za-z]))"
)
_SIZE_AFTER = re.compile(r"^[\s$*_]{0,3}" + _SIZE_WORD, re.IGNORECASE)
_SIZE_BEFORE = re.compile(
    _SIZE_WORD + r"[\s$*_]{0,3}(?:(?:is|are|est|es|ist|è|é)\s+)?$", re.IGNORECASE
)
# a letter alone in math ("$k$", "$L_{in}$"), read as a word of the clause
_LETTER = re.compile(r"\$\s*([A-Za-z](?:_\{?\w+\}?)?)\s*\$")
_INPUT_SIZES = ("in_len", "in_h", "in_w")
_KERNEL_SIZES = ("k", "k_len", "k_h", "k_w")


def stated_parity(before: str) -> tuple[str, int] | None:
    """(``"input"`` or ``"kernel"``, 0 for even or 1 for odd) the clause right before a
    claim states ("for even lengths this is just "), or None: no parity, or both."""
    before = _LETTER.sub(lambda m: m.group(1), before)  # "for odd $k$": the letter is words
    clause = before[before.rfind("$") + 1 :]  # after the math before it: its own clause
    clause = re.split(r"[.!?;।]\s", clause)[-1]
    found = [(m, 0) for m in _EVEN.finditer(clause)] + [
        (m, 0 if m.group(0) in _CJK_EVEN else 1) for m in _ODD.finditer(clause)
    ]
    if not found or len({r for _, r in found}) != 1:
        return None
    m, remainder = found[0]
    after, ahead = clause[m.end() : m.end() + 24], clause[max(0, m.start() - 24) : m.start()]
    if not (_SIZE_AFTER.search(after) or _SIZE_BEFORE.search(ahead)):
        return None  # "even without padding": an adverb, or a parity of nothing read
    kernel = bool(_KERNEL_AFTER.search(after) or _KERNEL_BEFORE.search(ahead))
    return ("kernel" if kernel else "input"), remainder


def in_parity(point: dict, named: set[str], parity: tuple[str, int]) -> bool:
    """Whether the sizes of ``point`` the formula names (``named``) have the parity."""
    which, remainder = parity
    keys = _KERNEL_SIZES if which == "kernel" else _INPUT_SIZES
    values = [point.get(q) for q in keys if q in named]
    return all(isinstance(v, int) and v % 2 == remainder for v in values)


def names_parity_size(named: set[str], parity: tuple[str, int]) -> bool:
    """Whether the formula names a size the parity is about."""
    keys = _KERNEL_SIZES if parity[0] == "kernel" else _INPUT_SIZES
    return any(q in named for q in keys)


def shown(parity: tuple[str, int]) -> str:
    return f"{'an even' if parity[1] == 0 else 'an odd'} {parity[0]} side"
