"""Two layers in one section: a convolution followed by a pooling layer.

"La capa $l$ recibe $a^{l-1}$ de 6x6, aplica un filtro $w^{l}$ de 3x3 ..., obteniendo
$z^{l}$ de 4x4.  Después viene un agrupamiento promedio de 2x2 con paso 2, que produce
$p^{l}$ de 2x2.  Llamamos $g_{ij} = \\partial L/\\partial p^{l}_{ij}$ ...": the sentence
about the pooling describes a second layer whose input is the convolution's output.  Its
facts (window, stride) are not the convolution's, and the other way round; each claim is
judged with the layer whose letters it uses (:func:`choose`): ``w``, ``b`` and the
previous activation are the convolution's, the pooled output and its gradient the pool's.
A claim with letters of both is judged as the convolution's (the pool's letters are then
unknown to it: not understood, never wrong).
"""

from __future__ import annotations

import re
from dataclasses import replace

from symconv.checker.prose import POOL as _POOL_WORDS
from symconv.checker.prose import prose_facts

_CONV_WORDS = re.compile(
    r"\b(?:filters?|filtros?|kernels?|n[úu]cleos?|convolu\w*|weights?|pesos)\b", re.IGNORECASE
)
_SENTENCE_END = re.compile(r"[.;](?=\s|$)|\n\s*\n")
_MATH = re.compile(r"\$([^$]+)\$")
_LETTER = r"\\?([A-Za-z]+)"
# "que produce $p^{l}$", "giving $P$": the letter a layer outputs
_PRODUCES = re.compile(
    r"\b(?:produce|produces|producing|gives|giving|yields?|obteniendo|obtaining|da|"
    r"output|salida)\b(?:[^$.]|\$\s*\d[^$]{0,24}\$){0,40}?"  # "gives a $2\times 2$ map $P$"
    r"\$\s*(?:\\(?:mathbf|boldsymbol)\{)?([A-Za-z])(?![A-Za-z])",
    re.IGNORECASE,
)
# "Then $A = \text{ReLU}(O)$, and a max pooling ...": the pool's input is the activation's
_ACTIVATED = re.compile(
    r"\$\s*(?:\\(?:mathbf|boldsymbol)\{)?([A-Za-z])\}?\s*=\s*(?:\\(?:text|mathrm|operatorname)"
    r"\s*\{\s*(?:ReLU|relu|tanh|sigmoid)\s*\}|\\sigma|\\tanh|\\max\s*\(\s*0\s*,)"
)


def _gradient_of(text: str, letter: str) -> str | None:
    """``$g_{ij} = \\partial L / \\partial p^{l}_{ij}$``: g names dL/d(letter)."""
    pattern = re.compile(
        r"\$\s*\\?([A-Za-z]+)\s*(?:\^\s*\{[^{}]*\}\s*)?(?:_\s*(?:\{[^{}]*\}|\w))?\s*=\s*"
        r"(?:\\frac\s*\{\s*\\partial\s*\\?\w+\s*\}\s*\{\s*\\partial\s*|\\partial\s*\\?\w+\s*/\s*"
        r"\\partial\s*)" + re.escape(letter) + r"(?![A-Za-z])"
    )
    found = pattern.search(text)
    return found.group(1) if found else None


def _sentence(text: str, at: int) -> tuple[int, int]:
    starts = [m.end() for m in _SENTENCE_END.finditer(text, 0, at)]
    start = starts[-1] if starts else 0
    while start < at and text[start].isspace():  # the sentence starts at its first word
        start += 1
    end = _SENTENCE_END.search(text, at)
    return start, end.start() if end else len(text)


def stacked(reading, lines: list[str], fact_type, finish) -> list:
    """[convolution, pool] readings when ``reading``'s pooling comes from a sentence of
    its own after a convolution's; else []."""
    pool = next(
        (f for f in reading.facts if f.key == "layer" and "pool" in f.value and f.how == "prose"),
        None,
    )
    if pool is None or pool.line < 1:
        return []
    first = max(1, pool.line - 4)
    last = min(len(lines), pool.line + 2)
    text = "\n".join(lines[first - 1 : last])
    offset = sum(len(line) + 1 for line in lines[first - 1 : pool.line - 1])
    word = _POOL_WORDS.search(text, offset)
    if word is None:
        return []
    start, end = _sentence(text, word.start())
    before, sentence = text[:start], text[start:end]
    if not _CONV_WORDS.search(before):
        return []  # a pooling layer on its own
    lines_of = range(first + text[:start].count("\n"), first + text[:end].count("\n") + 1)
    blanked = (text[:start] + re.sub(r"[^\n]", " ", sentence) + text[end:]).split("\n")

    def around(number: int, step: int) -> str:
        at = number - first + step
        return blanked[at] if 0 <= at < len(blanked) else ""

    conv_facts = [f for f in reading.facts if not (f.how == "prose" and f.line in lines_of)] + [
        fact_type(key, value, number, how)
        for number in lines_of
        for key, value, how in prose_facts(
            blanked[number - first], around(number, -1), around(number, 1)
        )
        if key != "layer"
    ]
    pool_out = _PRODUCES.search(sentence)
    conv_out = _PRODUCES.search(before)
    activated = _ACTIVATED.search(sentence)
    into = activated.group(1) if activated else conv_out.group(1) if conv_out else "z"
    out = pool_out.group(1) if pool_out else None
    if out is None or out == into:
        return []
    after = "\n".join(lines[pool.line - 1 : min(len(lines), pool.line + 3)])
    gradient = _gradient_of(after, out)
    names = f"{into}=X,{out}=Z" + (f",{gradient}=G" if gradient else "")
    pool_facts = [
        fact_type(key, value, pool.line, how)
        for key, value, how in prose_facts(" ".join(sentence.split()))
        if key in ("layer", "kernel", "stride", "padding")
    ]
    if not any(f.key == "kernel" for f in pool_facts):
        size = re.search(r"(\d{1,3})\s*(?:\\times|×|x)\s*(\d{1,3})", sentence)
        if size is None:
            return []
        window = f"{size.group(1)}x{size.group(2)}"
        pool_facts.append(fact_type("kernel", window, pool.line, "prose"))
    conv = replace(reading, facts=conv_facts, conflicts=[], layers=[])
    finish(conv)
    shape = _output(conv)
    if shape is None:
        return []
    channels = conv.first("out-channels")
    kept = ("index-base", "notation", "channel-base", "layout", "weights", "batch")
    pool_reading = replace(
        reading,
        facts=[
            *pool_facts,
            fact_type("input", shape, pool.line, "the convolution's output"),
            fact_type("in-channels", channels.value if channels else "1", pool.line, "prose"),
            fact_type("names", names, pool.line, "the letters of the sentences about the pooling"),
            *[f for f in conv.facts if f.key in kept],
        ],
        conflicts=[],
        layers=[],
    )
    conv.letters = frozenset({"w", "W", "b", "K", "k"}) | _conv_letters(conv)
    pool_reading.letters = frozenset({out} | ({gradient} if gradient else set()))
    return [conv, pool_reading]


def _conv_letters(conv) -> set[str]:
    names = conv.settings().get("names", "")
    return {
        pair.partition("=")[0]
        for pair in names.split(",")
        if pair.partition("=")[2] in ("X", "W") and not pair.startswith("\\")
    }


def _output(conv) -> str | None:
    """The convolution's output size from its input, kernel, stride and padding."""
    get = {k: conv.first(k) for k in ("input", "kernel", "stride", "padding")}
    if get["input"] is None or get["kernel"] is None:
        return None
    try:
        ins = [int(v) for v in get["input"].value.split("x")]
        ks = [int(v) for v in get["kernel"].value.split("x")]
        s = int(get["stride"].value) if get["stride"] else 1
        p = int(get["padding"].value) if get["padding"] else 0
    except ValueError:
        return None
    if len(ins) != 2 or len(ks) not in (1, 2):
        return None
    ks = ks * 2 if len(ks) == 1 else ks
    outs = [(i + 2 * p - k) // s + 1 for i, k in zip(ins, ks, strict=True)]
    return None if min(outs) < 1 else "x".join(map(str, outs))


_USED = re.compile(r"(?<![A-Za-z\\])(\\?[A-Za-z]+)\s*(?:\^\s*(?:\{[^{}]*\}|\w)\s*)?(?:_|\()")


def choose(layers: list, text: str):
    """The layer a claim is about: the one whose own letters it uses alone, the first
    (the convolution) when it uses none; None when it uses letters of two layers."""
    used = set(_USED.findall(text))
    used |= set(re.findall(r"\\partial\s*(\\?[A-Za-z]+)", text))
    own = [r for r in layers if used & r.letters]
    if len(own) > 1:
        return None
    return own[0] if own else layers[0]


def across(layers: list, text: str) -> str:
    """Why a claim using two layers' letters is not read."""
    used = set(_USED.findall(text)) | set(re.findall(r"\\partial\s*(\\?[A-Za-z]+)", text))
    names = [", ".join(sorted(used & r.letters)) for r in layers]
    return (
        f"it uses letters of two layers ({names[0]} of the convolution, {names[1]} of the "
        "pooling after it): a claim across layers is not read"
    )
