"""An output size worked out for a layer the sentence itself states in words: "With a
$7\\times7$ input, $3\\times3$ kernel, stride 2: $(7-3)/2 + 1 = 3$", "with stride $s = 2$
and an input of length $7$ the output has $\\lfloor (7 - 3)/2 \\rfloor + 1 = 3$ entries",
"`Conv1d(64, 128, kernel_size=5)` on a sequence of length $L = 100$ with stride $2$ and
padding $2$, the output length is $\\lfloor (100 + 4 - 5)/2 \\rfloor + 1 = 50$".

The sentence (with the sentences before it in its paragraph, for "Add padding 1: ...") must
state the input side; the kernel comes from the sentence, else from a layer the notes state
(the computation must write it either way); stride 1 and padding 0 unless stated.  The value
is verified when it is that layer's output side and the computation writes its input side
and kernel; anything else is left to the other readers (a sentence's own layer is never the
ground for calling a value wrong).
"""

from __future__ import annotations

import re
from fractions import Fraction

from symconv.checker import lexicon
from symconv.checker.size_structure import _uses

_X = r"\s*\$?\s*(?:\\times|×|x)\s*\$?\s*"
_INPUT = (
    re.compile(rf"(\d+){_X}\d+\s*\$?\s*(?:inputs?|images?|entradas?|imagen|entr[ée]es?)\b", re.I),
    re.compile(
        r"\b(?:inputs?|sequences?|signals?|images?|entradas?|señal|secuencia)\s+"
        r"(?:of\s+|de\s+)?(?:length|size|longitud|tamaño)\s*\$?\s*(?:[A-Za-z]\s*=\s*)?(\d+)",
        re.I,
    ),
    re.compile(r"\b(?:inputs?|images?)\s+(?:is\s+|of\s+)?\$?\s*(\d+)" + _X + r"\d+", re.I),
)
_KERNEL = (
    re.compile(
        rf"(\d+){_X}\d+\s*\$?\s*(?:kernels?|filters?|windows?|n[úu]cleos?|filtros?)\b", re.I
    ),
    re.compile(r"\bkernel_size\s*=\s*(\d+)"),
    re.compile(
        r"\b(?:kernels?|filters?)\s+(?:of\s+)?(?:size\s+)?\$?\s*(?:[kK]\s*=\s*)?(\d+)\b", re.I
    ),
)
_STRIDE = re.compile(r"\b(?:stride|paso)\s*\$?\s*(?:[sS]\s*=\s*)?(\d+)", re.I)
_PADDING = re.compile(r"\b(?:padding|relleno)\s*\$?\s*(?:[pP]\s*=\s*)?(\d+)", re.I)
_NO_PADDING = re.compile(r"\b(?:no|without|sin)\s+(?:zero[- ])?(?:padding|relleno)\b", re.I)
_TRANSPOSED = re.compile(rf"transpos|ConvTranspose|deconv|{lexicon.TRANSPOSED_CONV_NAME}", re.I)
_PLAIN = re.compile(r"\bConv[12]d\b|\bconvolution\b|\bconvoluci[óo]n\b", re.I)


def _first(patterns: tuple[re.Pattern[str], ...], text: str) -> int | None:
    for pattern in patterns:
        m = pattern.search(text)
        if m is not None:
            return int(m.group(1))
    return None


def _read(text: str) -> dict[str, int]:
    found: dict[str, int] = {}
    for key, value in (
        ("input", _first(_INPUT, text)),
        ("kernel", _first(_KERNEL, text)),
        ("stride", _first((_STRIDE,), text)),
        ("padding", _first((_PADDING,), text)),
    ):
        if value is not None:
            found[key] = value
    if "padding" not in found and _NO_PADDING.search(text):
        found["padding"] = 0
    return found


def sentence_size(
    value: Fraction,
    source: str,
    sentence: str,
    before: str,
    kernels: set[int],
    transposed: bool,
) -> str | None:
    """What the value is, as the output side of the layer the sentence states; or None.
    ``before``: the paragraph's earlier sentences; ``kernels``: the kernel sides of the
    layers the notes state; ``transposed``: the section is about a transposed convolution."""
    at = sentence.find(source)
    own = _read(sentence[: at if at >= 0 else len(sentence)])
    if not own:
        return None
    sizes = {**_read(before), **own}
    if "input" not in sizes:
        return None
    h = sizes["input"]
    candidates = [sizes["kernel"]] if "kernel" in sizes else sorted(kernels)
    s, p = sizes.get("stride", 1), sizes.get("padding", 0)
    if s < 1:
        return None
    words = sentence[: at if at >= 0 else len(sentence)]
    if _TRANSPOSED.search(words):
        transposed = True
    elif _PLAIN.search(words):
        transposed = False
    for k in candidates:
        out = (h - 1) * s - 2 * p + k if transposed else (h + 2 * p - k) // s + 1
        if value == out and _uses(source, h, k):
            kind = "transposed convolution" if transposed else "layer"
            return (
                f"the output side of the {kind} the sentence states (input {h}, kernel {k}, "
                f"stride {s}, padding {p})"
            )
    return None
