"""Which layer an output-size formula in letters is about (:mod:`.allsizes_sizes`).

Notes about a forward convolution often mention the transposed one in passing ("the
transposed convolution returns a map of side ...") and go on with the forward layer: a
later ``H' = \\lfloor (H + 2P - D(K-1) - 1)/S \\rfloor + 1`` in a section on dilation is the
forward output's side, and judging it against the transposed layer's size calls a correct
formula wrong.  So the transposed layer is the formula's where its own section says so
(the text from the nearest heading above it down to it), or where the notes as a whole are
about it (their first word for a layer is a transposed one's); a mention elsewhere is not.

A pooling written with "window and stride $K$" has its stride tied to its window: its
output side ``\\lfloor (H - K)/K \\rfloor + 1 = \\lfloor H/K \\rfloor`` is judged with s = k.
"""

from __future__ import annotations

import re

from symconv.checker import lexicon
from symconv.checker.extract import INLINE_MATH

# (Polish "transponowany", Japanese "転置畳み込み", Chinese "转置卷积", Korean "전치 합성곱")
_TRANSPOSED = re.compile(
    r"transpos|deconv|ConvTranspose|traspuest|transponiert|transponowan|転置|转置|轉置|전치|"
    + lexicon.TRANSPOSED_CONV_NAME,
    re.I,
)
# the first word naming a layer kind: a transposed phrase sits right by it
# (and in Polish, Japanese, Chinese, Korean: "splot", "畳み込み", "卷积", "합성곱")
_LAYER_WORD = re.compile(
    r"convol|\bconv\w*|pool|Faltung|capa convolucional|\bsplot\w*|畳み込み|卷积|卷積|합성곱", re.I
)
# a heading: Markdown, LaTeX, or a bold run-in title at the start of a line
_HEADING = re.compile(
    r"^\s*(?:#{1,6}\s|\\(?:sub)*section\*?\{|(?:\*\*|__)[^*_\n]{1,80}(?:\*\*|__))"
)
_NEAR = 40  # characters between "transposed" and "convolution" in one phrase

# "window and stride $K$", "kernel size and stride both $k$", "stride equal to the window",
# "stride = window", "non-overlapping windows", "ventana y paso $K$"
_TIED = re.compile(
    r"(?:window|kernel|pool(?:ing)?)(?:\s+size)?\s+and\s+stride\s+(?:both\s+)?(?:equal\s+to\s+)?\$"
    r"|stride\s+(?:equal\s+to|equals|=)\s+(?:the\s+)?(?:window|kernel|pool)"
    r"|non-?\s?overlapping\s+(?:windows|pooling|blocks)"
    r"|(?:ventana|n[úu]cleo)\s+y\s+(?:el\s+)?paso\s+\$"
    r"|paso\s+igual\s+(?:a|al)\s+(?:la\s+)?(?:ventana|tama[ñn]o)",
    re.IGNORECASE,
)


# "what a strided conv would do", "the *forward* conv formula", "an ordinary convolution"
_PLAIN_CONV = re.compile(
    r"\b(?:strided|ordinary|regular|plain|forward|normal|usual)\W{0,3}\s+conv"
    r"|\bconv(?:olution)?\W{0,3}\s+formula|\bConv[12]d\b",
    re.IGNORECASE,
)


# the encoder of an autoencoder or U-Net (forward convolutions) and its decoder (transposed)
_ENCODER = re.compile(rf"\b(?:{lexicon.ENCODER})\b|{lexicon.ENCODER_CJK}", re.I)
_DECODER = re.compile(rf"\b(?:{lexicon.DECODER})\b|{lexicon.DECODER_CJK}", re.I)
# where the words naming an inline formula's letter end: the next math, the clause's end
# ("with $H' = ...$ the encoder's output, the decoder gives it back" names H' by "the
# encoder's output" alone)
_CLAUSE_END = re.compile(r"\$|\\\(|[.,;!?](?:\s|$)|[。，、；！？]")
_NOT = re.compile(rf"\b(?:not|nicht|pas|non|nie|не|{lexicon.NEGATION})\b", re.I)
_NAMING = 60  # characters of words on each side of the formula that name its letter


def forward_by_its_clause(document: str, line: int, source: str) -> bool:
    """Whether the words right beside the inline formula ``source`` on ``line`` (1-based)
    name a forward layer's output as what its letter is: "with $H' = \\lfloor (H + 2p -
    k)/s \\rfloor + 1$ the encoder's output", "la sortie de l'encodeur $H' = ...$" in notes
    on the transposed layer that undoes it.  The encoder of an autoencoder is built of
    forward convolutions, so such a letter is the forward layer's side, whatever the
    section's subject; judged as the transposed layer's, the correct formula was called
    wrong.  Only the words between the formula and the nearest other formula or clause end
    count, and none of them may name a transposed layer or a decoder, or negate."""
    lines = document.split("\n")
    if not 0 < line <= len(lines) or not source.strip():
        return False
    own = lines[line - 1]
    for m in INLINE_MATH.finditer(own):
        inner = m.group(1) if m.group(1) is not None else m.group(2)
        if source.strip() not in inner:
            continue
        after = re.sub(r"^[\s,，、]+", " ", own[m.end() :])  # "$H'$, the encoder's output"
        end = _CLAUSE_END.search(after)
        after = after[: end.start() if end else len(after)][:_NAMING]
        before = own[: m.start()]
        cuts = list(_CLAUSE_END.finditer(before))
        before = before[cuts[-1].end() if cuts else 0 :][-_NAMING:]
        words = f"{before} {after}"
        if not (_ENCODER.search(words) or _PLAIN_CONV.search(words)):
            continue
        if _TRANSPOSED.search(words) or _DECODER.search(words) or _NOT.search(words):
            continue
        return True
    return False


def transposed_here(document: str, line: int) -> bool:
    """Whether the size formula on ``line`` (1-based; 0: unknown) is a transposed
    convolution's, by its section's words or the notes' own subject."""
    if not _TRANSPOSED.search(document):
        return False
    lines = document.split("\n")
    if line <= 0 or line > len(lines):
        return True  # no place known: the notes mention it, as before
    start = next(
        (n for n in range(line, 0, -1) if _HEADING.match(lines[n - 1])),
        0,
    )
    from symconv.checker.lead_in_settings import lead_in

    # "Recall that a `Conv2d` with kernel size $K$ ... maps a height $H$ to" and the display
    own = f"{lead_in(lines, line)}\n{lines[line - 1]}"
    if _PLAIN_CONV.search(own) and not _TRANSPOSED.search(own):
        return False  # "... = 2 is what a strided conv would do": the line names a plain one
    if _names_a_pooling(lines, line):
        return False  # "(e) A pooling window $F$ ... gives $H_{out} = ...$" after a transposed part
    section = "\n".join(lines[max(start, 1) - 1 : line])
    if _TRANSPOSED.search(section):
        return True
    return _about_transposed(document)


def names_transposed(document: str, line: int) -> bool:
    """Whether the size formula on ``line`` (1-based) says itself that it is the transposed
    layer's: its own line or the paragraph leading in to its display names a transposed
    convolution and no plain one ("(d) For the transposed layer the output side is")."""
    lines = document.split("\n")
    if not 0 < line <= len(lines):
        return False
    from symconv.checker.lead_in_settings import lead_in

    own = f"{lead_in(lines, line)}\n{lines[line - 1]}"
    return bool(_TRANSPOSED.search(own)) and not _PLAIN_CONV.search(own)


# a pooling named in any of the usual languages: "pooling", "MaxPool2d", "agrupación",
# "Pooling-Schicht", "sous-échantillonnage", "subsampling"
_POOLING = re.compile(
    r"pool|agrupaci[oó]n|agrupamento|sous-[ée]chantillonnage|subsampling|submuestreo", re.I
)


def _names_a_pooling(lines: list[str], line: int) -> bool:
    """Whether the paragraph of ``line`` (back to the blank line above it) names a pooling
    and no transposed layer: a pooling's output side is the forward formula's, whatever the
    part before it was about (a pooling has no transposed form)."""
    start = next((n for n in range(line, 0, -1) if not lines[n - 1].strip()), 0)
    paragraph = "\n".join(lines[start:line])
    return bool(_POOLING.search(paragraph)) and not _TRANSPOSED.search(paragraph)


# a layer built in code: "nn.Conv2d(3, 8, kernel_size=3)", "nn.ConvTranspose2d(8, 3, 3)"
# (with a number inside: the constructor itself, not a function applied to tensors)
_CONSTRUCTOR = re.compile(r"\b(?:nn\.)?Conv(Transpose)?[123]d\(\s*\d")


def built_forward_before(lines: list[str], first: int, line: int) -> bool:
    """Whether a line of the section before ``line`` (1-based, from ``first``) builds a
    forward convolution in code ("my own backward for `nn.Conv2d(3, 8, kernel_size=3)`"):
    a transposed module named after it ("the module that undoes the shapes,
    `nn.ConvTranspose2d(8, 3, 3)`") is an aside about another layer, not the section's."""
    for number in range(max(first, 1), min(line, len(lines) + 1)):
        built = _CONSTRUCTOR.search(lines[number - 1])
        if built is not None and not built.group(1):
            return True
    return False


def _about_transposed(document: str) -> bool:
    """The notes' first word for a layer kind is part of a transposed phrase
    ("Transposed convolutions", "la convolución traspuesta", "ConvTranspose2d")."""
    built = _CONSTRUCTOR.search(document)
    if built is not None:  # "nn.Conv2d(3, 8, ...)": the layer the notes build decides
        return bool(built.group(1))
    first = _LAYER_WORD.search(document)
    if first is None:
        return True  # no layer word at all: the mention is the only subject there is
    near = document[max(0, first.start() - _NEAR) : first.end() + _NEAR]
    return bool(_TRANSPOSED.search(near))


def stride_tied_to_window(document: str, line: int) -> bool:
    """Whether the sentence of ``line`` (and the two lines before it) ties the stride to
    the window: a pooling "with window and stride $K$"."""
    lines = document.split("\n")
    if line <= 0 or line > len(lines):
        return False
    return bool(_TIED.search("\n".join(lines[max(0, line - 3) : line])))


# words that make a sentence state the layer itself: "the layer is a transposed
# convolution", "nn.ConvTranspose2d(...)", "an upsampling layer", "with stride 2"
_STATES_LAYER = re.compile(
    r"\b(?:layers?|capas?|Schicht\w*|nn\.|ConvTranspose\w*|upsampl\w*|decoder|generator|"
    r"takes|toma|we use|usamos|consider|consideramos|stride|kernel|paso|n[úu]cleo)\b"
    r"|\d+\s*(?:\\times|×|x)\s*\d+|\bmaps\s+(?:a|an|the|each|its)\b"
    r"|\b(?:with|con)\s+(?:an?\s+|el\s+|la\s+)?(?:stride|kernel|padding|paso|n[úu]cleo|"
    r"filtro|relleno|\$)",
    re.IGNORECASE,
)


def passing_transposed(document: str, sentence: str) -> bool:
    """Whether ``sentence`` only mentions the transposed convolution in notes about a
    forward layer ("in general the transposed convolution returns a map of side ...",
    "the input gradient is a transposed convolution of G"): the notes' first layer word
    is not a transposed one's and the sentence states no layer of its own."""
    return (
        bool(_TRANSPOSED.search(sentence))
        and not _about_transposed(document)
        and not _STATES_LAYER.search(sentence)
    )


_DILATION_NAMES = frozenset({"D", "d", "d_h", "d_w"})
_KERNEL_NAMES = frozenset({"k", "K", "F", "f", "k_h", "k_w"})


def judge_effective_kernel(text: str) -> dict | None:
    """``K_{\\text{eff}} = D(K-1) + 1``: the side a dilated kernel covers, d(k-1) + 1 (its
    k taps, d apart), checked over a grid of kernels and dilations; None for any other
    statement."""
    from symconv.checker.allsizes_counts import _value
    from symconv.checker.allsizes_parse import parse, walk
    from symconv.checker.context import finding
    from symconv.checker.limits import NotUnderstood
    from symconv.checker.report import VERIFIED, WRONG
    from symconv.checker.size_names import effective_kernel_name, flatten

    try:
        tree = parse(text)
    except (NotUnderstood, RecursionError):
        return None
    if tree.kind != "chain" or set(tree.parts[1]) != {"="} or len(tree.parts[0]) != 2:
        return None
    left, right = tree.parts[0]
    if left.kind != "sym" or not effective_kernel_name(flatten(left.parts[0])):
        return None
    names = {m.parts[0] for m in walk(right) if m.kind == "sym"}
    if not names or not names <= _DILATION_NAMES | _KERNEL_NAMES or not names & _KERNEL_NAMES:
        return None
    for k in range(1, 6):
        for d in range(1, 5):
            env = {n: (d if n in _DILATION_NAMES else k) for n in names}
            claimed = _value(right, env)
            if claimed != d * (k - 1) + 1:
                return finding(
                    WRONG,
                    f"false: with kernel {k} and dilation {d} the formula gives {claimed}, but "
                    f"the dilated kernel covers d(k-1) + 1 = {d * (k - 1) + 1} entries "
                    "(its k taps, d apart)",
                    expected=str(d * (k - 1) + 1),
                )
    return finding(
        VERIFIED, "holds for kernels 1..5 and dilations 1..4: a dilated kernel covers d(k-1) + 1"
    )
