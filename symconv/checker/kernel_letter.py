"""The letter the notes' prose names as the kernel's size.

"one channel, input $H \\times H$, kernel $R \\times R$, stride $S$, padding $P$", "noyau $K
\\times K$", "a $F \\times F$ filter", "filters $\\mathbf{K} \\in \\mathbb{R}^{F \\times C \\times R
\\times R}$": the notes say in words (or in the weight's shape, whose last two axes are the
kernel's) which letter is the kernel's side, and later write size formulas in it
($H_{out} = \\lfloor (H + 2P - R)/S \\rfloor + 1$).  Read, that is the ``sizes=R=kernel``
setting a user would otherwise add by hand; it is the lowest layer of settings, so front
matter, options and directives override it.

Only a square kernel written with one letter twice (or "kernel size $R$") counts, and only
when the notes name one such letter: two letters (a 3x3 and a 5x5 layer written as R and Q)
leave it unread.  A letter the notes also use as a tensor (``K_{f,c,u,v}``, ``K =
\\begin{bmatrix}``) is the kernel itself, not its size, and is left alone; so is a letter the
checker reads as a size already (``k``, ``m``, ``n``).
"""

from __future__ import annotations

import re

from symconv.checker.infer import Fact, Reading
from symconv.checker.written_names import SECONDARY_SIZE_NAMES, SIZE_NAMES

_WORDS = (
    r"(?:kernels?|filters?|filtros?|noyaux?|n[uú]cleos?|Kern(?:e|el)?|ventanas?|windows?"
    r"|fen[eê]tres?)"
)
_LETTER = r"(?P<l>[A-Za-z])"
_SQUARE = r"\$\s*" + _LETTER + r"\s*\\times\s*(?P=l)\s*\$"
_SIZE = r"(?:\s+(?:of\s+size|size|de\s+taille|de\s+tama[nñ]o|der\s+Gr[oö][sß]e))?"
_PATTERNS = (
    re.compile(r"\b" + _WORDS + _SIZE + r"\s*(?:\(\s*)?" + _SQUARE),  # kernel $R \times R$
    re.compile(_SQUARE + r"\s*(?:convolution\s+)?" + _WORDS + r"\b"),  # a $F \times F$ filter
    re.compile(r"\b" + _WORDS + r"\s+size\s+\$\s*" + _LETTER + r"\s*\$"),  # kernel size $R$
    # "the kernel $W$ is $K \times K$", "$F$ filtros, cada uno de $C \times K \times K$": a
    # kernel word, a few words (a name in math at most) and a shape whose last two axes
    # are one letter
    re.compile(
        r"\b"
        + _WORDS
        + r"(?:[^.;:$]|\$\s*\\?[A-Za-z]+\s*\$){0,40}?\$\s*(?:[A-Za-z]\s*\\times\s*){0,2}"
        + _LETTER
        + r"\s*\\times\s*(?P=l)\s*\$"
    ),
    # "kernel $w_0, w_1, w_2$ ($K = 3$)", "kernel size $K = 3$": a kernel word (not a
    # pooling's window), a few words of its own (no comma: "kernel 3x3, stride $S = 2$" sets
    # S) and the letter set to a number, in parentheses or right after "size"
    re.compile(
        r"\b(?:kernels?|filters?|filtros?|noyaux?|n[uú]cleos?|Kern(?:e|el)?)"
        r"(?:(?:[^.;:$,()]|\$[^$]{0,30}\$){0,30}?\(\s*|\s+size\s+)\$\s*"
        + _LETTER
        + r"\s*=\s*\d+\s*\$"
    ),
    # "filtros `w` de forma `(F, C, K, K)`", "filters of shape (F, C, K, K)": the weight's
    # shape, whose last two axes are the kernel's
    re.compile(
        r"\b"
        + _WORDS
        + r"[^.;:]{0,20}?\b(?:shape|forma|formato|taille)\s*`?\$?\s*\(\s*[A-Za-z]\w*\s*,"
        r"\s*[A-Za-z]\w*\s*,\s*" + _LETTER + r"\s*,\s*(?P=l)\s*\)"
    ),
    # "the kernel $w_1, \dots, w_K$", "filtro $h_0, \ldots, h_{K-1}$": the kernel's taps
    # enumerated, the last one's index the letter of its length (K, or K - 1 from 0)
    re.compile(
        r"\b"
        + _WORDS
        + r"\s+\$\s*[a-z]\s*_\s*\{?\s*[01]\s*\}?\s*,\s*\\[lc]?dots\s*,\s*[a-z]\s*_\s*"
        r"(?:\{\s*(?P<l>[A-Za-z])\s*(?:-\s*1\s*)?\}|(?P<m>[A-Za-z]))\s*\$"
    ),
    re.compile(  # K \in \mathbb{R}^{F \times C \times R \times R}: the last two axes
        r"\\in\s*\\mathbb\s*\{?R\}?\s*\^\s*\{[^{}$]*\\times\s*"
        + _LETTER
        + r"\s*\\times\s*(?P=l)\s*\}"
    ),
)


def _is_tensor(letter: str, text: str) -> bool:
    own = re.escape(letter)
    return bool(
        # K_{f,c,u,v}, K_{ij}: entries; K_{eff}, K_{out}: a word under it names a size
        re.search(r"(?<![A-Za-z\\])" + own + r"\s*_\s*\{?\s*(?![a-z]{3,}\s*\})[a-z0-9]", text)
        or re.search(r"(?<![A-Za-z\\])" + own + r"\s*=\s*\\begin", text)
        or re.search(r"(?<![A-Za-z\\{])" + own + r"\s*\\in\s*\\mathbb", text)
    )


# K_{\text{eff}} = d(K - 1) + 1: the effective kernel named after the kernel's letter
_EFFECTIVE = re.compile(
    r"(?P<l>[A-Za-z])\s*_\s*\{\s*(?:\\(?:text|mathrm)\s*\{\s*)?eff\s*\}?\s*\}?\s*=[^=$]*?"
    r"(?<![\\_])(?P=l)(?![A-Za-z_])"
)


def kernel_letter(text: str) -> str | None:
    """The one letter the notes name as their kernel's side, or None."""
    found = {
        m.group("l") or m.group("m")
        for pattern in (*_PATTERNS, _EFFECTIVE)
        for m in pattern.finditer(text)
    }
    if len(found) != 1:
        return None
    letter = found.pop()
    if letter in SIZE_NAMES or letter in SECONDARY_SIZE_NAMES:
        return None  # k: a size the checker reads already, in its own ways
    if _is_tensor(letter, text):
        return None
    return letter


def prose_sizes(text: str) -> dict[str, str]:
    """The ``sizes`` setting the notes' prose gives (``{"sizes": "R=kernel"}``), or none."""
    letter = kernel_letter(text)
    return {} if letter is None else {"sizes": f"{letter}=kernel"}


def beside_bound_letters(readings: list[Reading], text: str) -> dict[str, str]:
    """The prose's kernel letter where the notes' own statements bind other letters.

    A ``sizes`` setting would stand over the sections' bound letters and hide them (F in
    ``R^{F x C x R x R}``); the letter is given to each section as its weakest fact
    instead, so each letter the notes bind keeps its binding.  A section that binds the
    letter already keeps that binding; the others get the prose's.  Without bound letters
    this is :func:`prose_sizes`."""
    bound = {
        pair.partition("=")[0]
        for reading in readings
        for part in (reading, *reading.layers)
        for fact in part.facts
        if fact.key == "sizes"
        for pair in fact.value.split(",")
    }
    if not bound:
        return prose_sizes(text)
    letter = kernel_letter(text)
    if letter is None:
        return {}
    for reading in readings:
        for part in (reading, *reading.layers):
            if any(  # a part that binds the letter keeps its own binding
                f.key == "sizes" and letter in {p.partition("=")[0] for p in f.value.split(",")}
                for f in part.facts
            ):
                continue
            part.facts.append(  # weakest: ranked with a largest index
                Fact(
                    "sizes", f"{letter}=kernel", 0, "kernel letter of the prose, as a largest index"
                )
            )
    return {}
