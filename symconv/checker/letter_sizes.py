"""Size letters the notes bind themselves: ``x[t], t = 0,\\dots,T-1``, ``\\mathbf{K} \\in
\\mathbb{R}^{F \\times C \\times R \\times R}``, "$O = 3$ output channels", "a batch of $B = 2$".

Authors name their sizes with letters of their own (T for a sequence's length, K or R for a
kernel's side, O or F for the filters, B for the batch) and say once what each one is.  Three
ways of saying it are read here, each tying the letter to one axis of one of the layer's
tensors, so the letter is that axis's size wherever the notes use it:

* a range statement beside an entry: ``x[t]``, ``t = 0,\\dots,T-1`` (also ``1,\\ldots,T``,
  ``0 \\le t \\le T-1``, ``0 \\le t < T``): T counts the entries along x's axis, the input's
  length.  The entry must be the index alone (``x[t]``, ``y_t``, ``w(k)``); ``x[t-dk]`` says
  nothing about the range of t over x.  Where the sentence indexes tensors of different roles
  with it (``x[t]`` and ``y[t]``), which one the range is about is a guess: no binding.
* a shape statement: ``X \\in \\mathbb{R}^{N \\times C \\times H \\times W}`` gives each letter
  the axis it stands at, for the axis orders whose channel letter says which they are
  (PyTorch's N, C, H, W and C_out, C_in, k, k; the channels-last orders), and a vector's
  one letter its length (``b \\in \\mathbb{R}^F``: F counts the filters).
* a count with its word: "$O = 3$ output channels", "$C = 2$ canales de entrada", "a batch of
  $B = 2$", "$N = 2$ clips".

A letter given two different meanings by the notes is bound to neither; the letter of a
tensor the same statements name (W in ``W \\in \\mathbb{R}^{...}``) is never bound as a size.
"""

from __future__ import annotations

import re

LETTER_BINDING = "the notes bind the letter"

# the role of a tensor by its letter, for the statements above
_INPUT = frozenset({"x", "X", "I", "A", "a"})
_KERNEL = frozenset({"w", "W", "K", "k", "h"})
_OUTPUT = frozenset({"y", "Y", "z", "Z", "g", "G", "\\delta", "\\Delta"})
_BIAS = frozenset({"b"})

_INDEX = r"[a-z]"
_LETTER = r"[A-Z](?:_\{?(?:\\(?:text|mathrm)\{)?[A-Za-z]+\}?\}?|')?"
_DOTS = r"(?:\\dots|\\ldots|\\cdots|\.\.\.|…)"
_LE = r"(?:\\le(?:q)?|\\leqslant|≤)"
# t = 0,\dots,T-1 | t = 1,\ldots,T | 0 \le t \le T-1 | 0 \le t < T | t \in \{0, \dots, T-1\}
_RANGES = (
    re.compile(
        rf"(?<![A-Za-z\\])(?P<idx>{_INDEX})\s*=\s*(?P<lo>[01])\s*,\s*(?:\\[,;!]\s*)?{_DOTS}\s*,"
        rf"\s*(?:\\[,;!]\s*)?(?P<hi>{_LETTER})(?P<minus>\s*-\s*1)?(?![\w{{(])"
    ),
    re.compile(
        rf"(?<![\w\\])(?P<lo>[01])\s*{_LE}\s*(?P<idx>{_INDEX})\s*(?:{_LE}\s*(?P<hi>{_LETTER})"
        rf"(?P<minus>\s*-\s*1)?|<\s*(?P<hi2>{_LETTER}))(?![\w{{(])"
    ),
    re.compile(
        rf"(?<![A-Za-z\\])(?P<idx>{_INDEX})\s*\\in\s*\\\{{\s*(?P<lo>[01])\s*,\s*{_DOTS}\s*,"
        rf"\s*(?P<hi>{_LETTER})(?P<minus>\s*-\s*1)?\s*\\\}}"
    ),
)
_TENSOR = r"(?:\\(?:mathbf|boldsymbol|bm)\s*\{\s*)?(?P<t>[A-Za-z]|\\delta|\\Delta)\}?"


def _entries(text: str, idx: str) -> list[tuple[int, str]]:
    """(position, tensor letter) of every entry indexed by ``idx`` alone: x[t], y_t, w(k)."""
    pattern = re.compile(
        _TENSOR
        + rf"\s*(?:\[\s*{idx}\s*\]|_\s*\{{\s*{idx}\s*\}}|_\s*{idx}(?![\w{{])|\(\s*{idx}\s*\))"
    )
    found = []
    for m in pattern.finditer(text):
        if m.start() > 0 and text[m.start() - 1].isalpha():
            continue  # \max_k, \sum_t: a command's subscript
        found.append((m.start(), m.group("t")))
    return found


def _role(letter: str) -> str | None:
    if letter in _INPUT:
        return "input"
    if letter in _KERNEL:
        return "kernel"
    if letter in _OUTPUT:
        return "output"
    return None


def plain_size_name(letter: str) -> str:
    """``C_{\\text{in}}`` -> ``C_in``, ``H'`` stays: the name the evaluator reads."""
    m = re.fullmatch(r"([A-Z])(?:_\{?(?:\\(?:text|mathrm)\{)?([A-Za-z]+)\}?\}?)?('?)", letter)
    if m is None:
        return letter
    return m.group(1) + (f"_{m.group(2)}" if m.group(2) else "") + m.group(3)


def range_bindings(line: str) -> list[tuple[str, str]]:
    """(letter, what) for each range statement tied to one tensor's entries in its sentence."""
    found = []
    for pattern in _RANGES:
        for m in pattern.finditer(line):
            hi2 = m.groupdict().get("hi2")
            hi = m.group("hi") or hi2
            zero_based = m.group("lo") == "0"
            if hi2 is not None:
                if not zero_based:
                    continue
            elif zero_based != bool(m.group("minus")):
                continue  # 0..T: T + 1 entries; 1..T-1: not a whole axis
            start = max(line.rfind(". ", 0, m.start()) + 1, 0)
            end = line.find(". ", m.end())
            sentence = line[start : end if end >= 0 else len(line)]
            roles = {_role(t) for _, t in _entries(sentence, m.group("idx"))}
            if len(roles) == 1 and None not in roles:
                found.append((plain_size_name(hi), roles.pop() or ""))
    return found


_SHAPE = re.compile(
    r"(?<![A-Za-z\\])" + r"(?:\\(?:mathbf|boldsymbol|bm|tilde|hat)\s*\{\s*)?"
    r"(?P<t>[A-Za-z])\}?\s*\\in\s*\\mathbb\s*\{?R\}?\s*\^\s*(?:\{(?P<dims>[^{}]*(?:\{[^{}]*\}"
    r"[^{}]*)*)\}|(?P<one>[A-Z]))"
)
_TIMES = re.compile(r"\s*(?:\\times|×)\s*")
_CHANNEL = re.compile(r"C(?:_(?:in|\{in\}|\{\\text\{in\}\}))?|D")


def _shape_whats(role: str, letters: list[str]) -> list[str] | None:
    """What each letter of a stated shape counts, or None where the order is not clear."""
    n = len(letters)
    channel = [bool(_CHANNEL.fullmatch(x)) for x in letters]
    if role == "input" and n == 4 and channel[1] and not channel[3]:
        return ["batch", "in-channels", "input-height", "input-width"]
    if role == "input" and n == 4 and channel[3] and not channel[1]:
        return ["batch", "input-height", "input-width", "in-channels"]
    if role == "input" and n == 2 and letters[0] in ("N", "B"):
        return ["batch", "in-features"]  # X \in R^{B x D}: a dense layer's batch as rows
    if role == "input" and n == 2 and not any(channel):
        return ["input-height", "input-width"]  # one map: x \in R^{H x W}
    if role == "input" and n == 3 and channel[1] and letters[0] in ("N", "B"):
        return ["batch", "in-channels", "input"]  # a batch of 1-D signals
    if role == "kernel" and n == 4 and channel[1] and not channel[2]:
        return ["out-channels", "in-channels", "kernel-height", "kernel-width"]
    if role == "kernel" and n == 4 and channel[2] and not channel[1]:
        return ["kernel-height", "kernel-width", "in-channels", "out-channels"]
    if role == "kernel" and n == 3 and channel[1]:
        return ["out-channels", "in-channels", "kernel"]
    if role == "kernel" and n == 3 and channel[0] and letters[1] == letters[2]:
        return ["in-channels", "kernel-height", "kernel-width"]  # one filter: C x K x K
    if role == "kernel" and n == 2 and letters[0] == letters[1] and not channel[0]:
        return ["kernel-height", "kernel-width"]  # one map's filter: K x K, its side
    if n == 1:
        return {"input": ["input"], "kernel": ["kernel"], "output": ["output"]}.get(role) or (
            ["out-channels"] if role == "bias" else None
        )
    return None


def shape_bindings(line: str) -> tuple[list[tuple[str, str]], set[str]]:
    """(letter, what) for the letters of stated shapes, and the tensor letters stated."""
    found: list[tuple[str, str]] = []
    tensors: set[str] = set()
    for m in _SHAPE.finditer(line):
        tensors.add(m.group("t"))
        dims = m.group("dims") if m.group("dims") is not None else m.group("one")
        letters = [d.strip() for d in _TIMES.split(dims)]
        if not all(re.fullmatch(_LETTER, x) for x in letters):
            continue  # numbers, sums (H + 2P): a size, not letters to bind
        role = "bias" if m.group("t") in _BIAS else _role(m.group("t"))
        whats = _shape_whats(role, letters) if role is not None else None
        if whats is None:
            continue
        for letter, what in zip(letters, whats, strict=True):
            if what.endswith("-height") and letters.count(letter) == 2:
                what = what.removesuffix("-height")  # R x R: the square side
            elif what.endswith("-width") and letters.count(letter) == 2:
                continue
            found.append((plain_size_name(letter), what))
    return found, tensors


_COUNT = re.compile(
    r"\$\s*(?P<l>[A-Z])\s*=\s*\d+\s*\$\s*(?P<words>[^$.;]{0,40}?)"
    r"(?P<what>channels|canales|filters|filtros|clips|images|imágenes|samples|muestras|"
    r"signals|señales|examples|ejemplos|taps)\b(?P<after>\s+de\s+(?:entrada|salida))?",
    re.IGNORECASE,
)
_BATCH = re.compile(
    r"\b(?:mini[- ]?batch|batch|mini[- ]?lote|lote)\s+(?:of|de)\s+\$\s*(?P<l>[A-Z])\s*=\s*\d+",
    re.IGNORECASE,
)


# "$C = 2$ input and $O = 3$ output channels": one word for two counts
_PAIRED = re.compile(
    r"\$\s*(?P<i>[A-Z])\s*=\s*\d+\s*\$\s*input\s+and\s+\$\s*(?P<o>[A-Z])\s*=\s*\d+\s*\$"
    r"\s*output\s+channels\b",
    re.IGNORECASE,
)


# "Hay $F$ filtros", "with $F$ filters", "$C$ input channels": a letter alone, the count's
# word right after it (the word says which count; "channels" alone does not)
_BARE_COUNT = re.compile(
    r"\$\s*(?P<l>[A-Z])\s*\$\s+(?P<what>filters|filtros|Filter|noyaux"
    r"|(?P<in>input channels|canales de entrada|Eingangskan[äa]le)"
    r"|output channels|canales de salida|Ausgangskan[äa]le)\b",
    re.IGNORECASE,
)


def count_bindings(line: str) -> list[tuple[str, str]]:
    """(letter, what) for counts named by the word after them, and a batch's letter."""
    found = [(m.group("l"), "batch") for m in _BATCH.finditer(line)]
    for m in _BARE_COUNT.finditer(line):
        found.append((m.group("l"), "in-channels" if m.group("in") else "out-channels"))
    for m in _PAIRED.finditer(line):
        found += [(m.group("i"), "in-channels"), (m.group("o"), "out-channels")]
    for m in _COUNT.finditer(line):
        words, what = m.group("words").lower(), m.group("what").lower()
        if "$" in words:
            continue
        if what in ("filters", "filtros"):
            found.append((m.group("l"), "out-channels"))
        elif what in ("channels", "canales"):
            side = words + (m.group("after") or "").lower()
            out = "output" in side or "salida" in side
            into = "input" in side or "entrada" in side
            if out != into:
                found.append((m.group("l"), "out-channels" if out else "in-channels"))
        elif what == "taps":
            if not words.strip():
                found.append((m.group("l"), "kernel"))  # "a kernel with $K = 3$ taps"
        elif not words.strip():
            found.append((m.group("l"), "batch"))  # "$N = 2$ clips"
    return list(dict.fromkeys(found))


# "$P = H - R + 1$", "$Q = W - S + 1$": a letter the notes define as the input's height
# (width) less a kernel side plus one names the output's height (width) -- cuDNN's N, C, H,
# W, K, R, S, P, Q --, whatever role the letter usually has (P is no padding there)
_OUTPUT_SIDE = re.compile(
    r"\$\s*(?P<l>[A-Z])\s*=\s*(?P<in>[HW])\s*-\s*[A-Za-z](?:_\{?\w+\}?)?\s*\+\s*1\s*\$"
)


def output_bindings(line: str) -> list[tuple[str, str]]:
    """(letter, output-height or output-width) for each "$P = H - R + 1$" of the line."""
    return [
        (m.group("l"), "output-height" if m.group("in") == "H" else "output-width")
        for m in _OUTPUT_SIDE.finditer(line)
        if m.group("l") not in ("H", "W")
    ]


def letter_size_facts(line: str) -> list[tuple[str, str, str]]:
    """A ``sizes`` fact (``T=input,R=kernel``) for the letters this line binds."""
    shapes, tensors = shape_bindings(line)
    pairs = [*range_bindings(line), *shapes, *count_bindings(line), *output_bindings(line)]
    meaning: dict[str, set[str]] = {}
    for letter, what in pairs:
        if letter not in tensors:
            meaning.setdefault(letter, set()).add(what)
    bound = [f"{k}={next(iter(v))}" for k, v in meaning.items() if len(v) == 1]
    return [("sizes", ",".join(bound), LETTER_BINDING)] if bound else []


def without_conflicts(
    sizes: dict[str, str], facts: list, settings: dict[str, str]
) -> dict[str, str]:
    """The section's size letters, less those a binding read here gives another meaning
    than some other statement does (x[t] with T = 0..T-1, then y[t] with the same T);
    except where the two meanings are one size at every size of the layer: a causal or
    'same' layer of stride 1 keeps its input's length (``settings``: the section's)."""
    meanings: dict[str, set[str]] = {}
    ours: set[str] = set()
    for fact in facts:
        if fact.key != "sizes":
            continue
        for pair in fact.value.split(","):
            letter, _, what = pair.partition("=")
            meanings.setdefault(letter, set()).add(what)
            if fact.how == LETTER_BINDING:
                ours.add(letter)
    if (settings.get("layer") or "").endswith("pool2d"):  # a pooling has no such letters
        return {k: v for k, v in sizes.items() if k not in ours}
    kept = (settings.get("padding") or "") in ("causal", "same") and (
        settings.get("stride") or "1"
    ) == "1"
    one = {"input", "output"}
    return {
        k: ("input" if meanings[k] == one else v)
        for k, v in sizes.items()
        if k not in ours or len(meanings[k]) == 1 or (kept and meanings[k] == one)
    }
