"""A symbol the notes define as the full convolution: "$\\star$ 表示 valid 互相关，$\\ast$ 表示
full 卷积（核要翻转，输出边长为两边长之和减一）", "$*$ denotes the full convolution (kernel
flipped)", "$\\ast$ é a convolução completa, com o núcleo girado", "$\\circledast$: full
cross-correlation".

Read as the symbol alone reads (a valid correlation), ``\\delta \\ast W`` has the side of
``\\delta`` less the kernel's, where the notes mean the full one (``\\delta`` padded by k - 1
on every side): a right claim ``dL/dX = \\delta \\ast W`` would be called wrong.  So where the
notes' own notation defines the symbol as full, with the kernel flipped (a true
convolution) or not (a correlation), the general prover reads each use of it in that mode:
``A \\ast B`` is ``full(A \\star rot180(B))`` (flipped) or ``full(A \\star B)``.  A definition
that says full but not which (a "full convolution" with no word of the flip, or words of
both) leaves the claim not understood.
"""

from __future__ import annotations

import re
from functools import lru_cache

from symconv.checker.allsizes_parse import Node, node
from symconv.checker.limits import NotUnderstood

# the symbols a notation list defines: \ast, *, \circledast, \otimes (alone in their math)
_SYMBOL = re.compile(r"\$\s*(\\ast|\*|\\circledast|\\otimes)\s*\$")
# the clause after the symbol: up to the next symbol defined, a sentence's or clause's end
_CLAUSE_END = re.compile(r"[.;。；\n]|\$\s*(?:\\[a-z]+|\*)\s*\$")
# a naming verb right after the symbol: "is", "denotes", "表示", "为", "は", "é", ":"
_NAMES = re.compile(
    r"^\s*(?:is|denotes|means|stands\s+for|for|:|=|es|est|é|ist|bezeichnet|désigne|denota|"
    r"indica|significa|représente|representa|表示|代表|为|為|是|记为|は|를|은|는|이)",
    re.IGNORECASE,
)
# the full mode: "full" in any language's notes (often kept in English), "completa",
# "complète", "vollständige", "piena", "完整"
_FULL = re.compile(
    r"(?<![A-Za-z])full(?![A-Za-z])|\b(?:completa|compl[èe]te|vollst[äa]ndige|piena)\b|完整",
    re.IGNORECASE,
)
# the kernel flipped: "(kernel flipped)", "核要翻转", "rotated by 180", "true convolution"
_FLIP = re.compile(
    r"\bflip\w*|\brotat\w*|\b(?:true|real)\s+convolution|\bgirad\w*|\bvolte\w*|\bretourn\w*|"
    r"\bgespiegelt\w*|\bgedreht\w*|\bcapovolt\w*|\binvertid\w*|翻转|翻轉|旋转|旋轉|反転|뒤집|회전",
    re.IGNORECASE,
)
# the flip denied: "no flip", "without flipping", "不翻转", "反転しない"
_NO_FLIP = re.compile(
    r"\b(?:no|not|without|sin|sem|sans|ohne|kein\w*|senza)\s+(?:the\s+|a\s+)?(?:flip|rotat|gir|"
    r"volte|retourn)\w*|[不没][有]?(?:翻[转轉]|旋[转轉])|反転し(?:ない|ません)|뒤집지\s*않",
    re.IGNORECASE,
)
_CORRELATION = re.compile(
    r"correla\w*|Korrelation|互相关|互相關|相关|相關|相関|상관", re.IGNORECASE
)
_CONVOLUTION = re.compile(r"convol\w*|Faltung|卷积|卷積|畳み込み|합성곱", re.IGNORECASE)


def _meaning(clause: str) -> str | None:
    """ "convolution" (flipped), "correlation", "unknown" (full, flip not said) or None
    (the clause does not define a full mode)."""
    if not _NAMES.match(clause) or _FULL.search(clause) is None:
        return None
    flips = _FLIP.search(_NO_FLIP.sub(" ", clause)) is not None
    denied = _NO_FLIP.search(clause) is not None
    correlation = _CORRELATION.search(clause) is not None
    convolution = _CONVOLUTION.search(clause) is not None
    if not (correlation or convolution):
        return None
    if correlation and not convolution and not flips:
        return "correlation"
    if flips and not denied and not correlation:
        return "convolution"
    if denied and not flips:
        return "correlation"
    return "unknown"


@lru_cache(maxsize=16)
def full_symbols(document: str) -> dict[str, str]:
    """symbol -> "convolution", "correlation" or "unknown" for each symbol the notes'
    prose defines in the full mode (a symbol defined twice, differently: "unknown")."""
    prose = re.sub(r"\$\$.*?\$\$", " ", document, flags=re.DOTALL)  # displays define nothing
    found: dict[str, str] = {}
    for m in _SYMBOL.finditer(prose):
        rest = prose[m.end() : m.end() + 160]
        end = _CLAUSE_END.search(rest)
        clause = rest[: end.start()] if end else rest
        # (a parenthesis closes the clause's words only after it: "(核要翻转，...)" is kept)
        if end and rest[end.start()] in ".;。；" and "（" in clause and "）" not in clause:
            close = rest.find("）")
            clause = rest[: close + 1] if close >= 0 else clause
        meaning = _meaning(clause)
        if meaning is None:
            continue
        symbol = m.group(1)
        if found.get(symbol, meaning) != meaning:
            meaning = "unknown"
        found[symbol] = meaning
    return found


def in_full_mode(tree: Node, document: str) -> Node:
    """``tree`` with every sliding product whose symbol the notes define as full read in
    that mode; NotUnderstood where the definition leaves the flip open."""
    modes = full_symbols(document) if document else {}
    if not modes:
        return tree
    return _rewrite(tree, modes)


def _rewrite(n: Node, modes: dict[str, str]) -> Node:
    if not isinstance(n, Node):
        return n
    parts = tuple(
        _rewrite(p, modes)
        if isinstance(p, Node)
        else tuple(_rewrite(q, modes) if isinstance(q, Node) else q for q in p)
        if isinstance(p, tuple)
        else p
        for p in n.parts
    )
    n = Node(n.kind, parts)
    if n.kind != "conv" or n.parts[0] not in modes:
        return n
    symbol, image, kernel = n.parts[:3]
    sub = n.parts[3] if len(n.parts) > 3 else ()
    meaning = modes[symbol]
    if meaning == "unknown" or sub:
        raise NotUnderstood(
            f"the notes define {symbol} as a full operation without saying whether it flips "
            "the kernel (or write options on it): which one it is, is not read"
        )
    if meaning == "convolution":
        kernel = node("call", "rot180", (), (kernel,))
    return node("call", "full", (), (node("conv", "\\star", image, kernel, ()),))
