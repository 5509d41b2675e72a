"""The padding that keeps the size ('same'): ``P = (K - 1)/2`` for an odd kernel at stride 1.

"Queremos que la salida tenga el mismo tamaño que la entrada ... para $K = 5$ sale
$P = (5-1)/2 = 2$": at stride 1 the output side is H + 2P - K + 1, which is H exactly when
2P = K - 1, so an odd K needs P = (K - 1)/2 on each side and an even K has no symmetric
padding that works.  The kernel is the last one the claim's sentence states before it (a
sentence may run through several examples), else the one its passages state.
"""

from __future__ import annotations

import re
from fractions import Fraction

from symconv.checker.bound_sizes import Unbound, _fact, _own_words, compare, numeric_sides
from symconv.checker.context import finding
from symconv.checker.layer_counts import PARAM_WORDS, sentence_around
from symconv.checker.report import NOT_UNDERSTOOD
from symconv.checker.scope_facts import clean, facts, passages
from symconv.checker.size_names import flatten, left_side

_PADDING_NAMES = ("P", "p", "pad", "P_same", "p_same", "P_pad")
# the side before the map (top, left) and after it (bottom, right): with an even kernel 'same'
# puts the odd row after (PyTorch's padding='same', TensorFlow's and Keras' 'same' alike)
_BEFORE = {f"{p}_{s}" for p in ("P", "p") for s in ("top", "left", "oben", "links")}
_AFTER = {f"{p}_{s}" for p in ("P", "p") for s in ("bottom", "right", "unten", "rechts")}
_SAME = re.compile(
    r"'same'|\"same\"|\bsame (?:size|padding|output)|\bmismo tamaño|\bmisma dimensi|"
    r"\bkeeps? (?:its|the) size|\bstesse dimensioni|\bmême taille",
    re.IGNORECASE,
)
_KERNEL_BEFORE = re.compile(r"(?<![\w\\])[Kk]\s*=\s*(\d+)(?![\d.])")


def judge_same_padding(text: str, document: list[str], line: int, source: str) -> dict | None:
    """The verdict of ``P = ... = n`` in a passage about keeping the size, or None."""
    left = left_side(text)
    name = flatten(left) if left is not None else ""
    if left is None or name not in (*_PADDING_NAMES, *_BEFORE, *_AFTER):
        return None
    values = numeric_sides(text)
    sentence = sentence_around(document, line, source)
    if values is None or PARAM_WORDS.search(sentence):
        return None
    own = _own_words(sentence, source, document[line - 1] if 0 < line <= len(document) else "")
    around = passages(document, line, own)
    if not any(_SAME.search(t) for _, t in around[:3]):
        return None
    try:
        k = _kernel(sentence, source, [(w, facts(t)) for w, t in around])
        stride = _fact([(w, facts(t)) for w, t in around], "s")
        if stride is not None and stride[0] != 1:
            raise Unbound(f"at stride {stride[0]} 'same' is no single symmetric padding")
        if k % 2 == 0 and name in _PADDING_NAMES:
            raise Unbound(f"an even kernel {k} has no symmetric padding that keeps the size")
    except Unbound as exc:
        return finding(NOT_UNDERSTOOD, f"the 'same' padding {left.strip()} is not read ({exc})")
    if name in _PADDING_NAMES:
        truth = Fraction(k - 1, 2)
        return compare(
            truth,
            values,
            f"at stride 1 a {k}-wide kernel keeps the size with P = (K - 1)/2 = {truth}",
        )
    # at stride 1 the output side is H + (before + after) - K + 1: H exactly when the two sides
    # add up to K - 1; 'same' puts floor((K - 1)/2) before and the rest after
    before = (k - 1) // 2
    truth = Fraction(before if name in _BEFORE else k - 1 - before)
    where = "before the map" if name in _BEFORE else "after the map"
    return compare(
        truth,
        values,
        f"at stride 1 'same' pads a {k}-wide kernel with K - 1 = {k - 1} rows in all, "
        f"floor((K - 1)/2) = {before} before the map and {k - 1 - before} after: {truth} {where}",
    )


def _kernel(sentence: str, source: str, levels: list) -> int:
    at = sentence.find(source)
    before = clean(sentence[: at if at >= 0 else len(sentence)])
    stated = _KERNEL_BEFORE.findall(before)
    if stated:
        return int(stated[-1])
    found = _fact(levels, "k")
    if found is None:
        raise Unbound("the kernel is not stated near the claim")
    return found[0]
