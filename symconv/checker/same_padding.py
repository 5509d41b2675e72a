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

from symconv.checker import lexicon
from symconv.checker.bound_sizes import Unbound, _fact, _own_words, compare, numeric_sides
from symconv.checker.context import finding
from symconv.checker.counterexamples import json_number
from symconv.checker.layer_counts import PARAM_WORDS, sentence_around
from symconv.checker.limits import NotUnderstood
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.scalar import Scalar
from symconv.checker.scope_facts import clean, facts, passages
from symconv.checker.size_names import flatten, left_side
from symconv.checker.syntax import parse

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
    if PARAM_WORDS.search(sentence):
        return None
    if values is None:
        return _in_letters(text, document, sentence) if name in _PADDING_NAMES else None
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


# the letter the notes give the kernel side, and the dilation ("núcleo $k$", "dilation $d$")
_KERNEL_LETTER = re.compile(
    rf"\b(?:{lexicon.KERNEL})\s*(?:size\s*|side\s*)?\$\s*([A-Za-z])\s*\$", re.I
)
_DILATION_LETTER = re.compile(rf"\b(?:{lexicon.DILATION})\s*\$\s*([A-Za-z])\s*\$", re.I)
_DILATION_WORD = re.compile(rf"\b(?:{lexicon.DILATION})\b|\bdilated\b|\bdilatad[oa]\b", re.I)
# the sentence takes the dilation away: "sin dilatación", "without dilation", "undilated"
_UNDILATED = re.compile(
    rf"\b(?:{lexicon.NEGATION})\s+(?:\w+\s+)?(?:{lexicon.DILATION})\b|\bundilated\b", re.I
)
_STRIDE_VALUE = re.compile(rf"\b(?:{lexicon.STRIDE})\s*(?:=|of|de|di|von)?\s*\$?\s*(\d+)", re.I)
_ODD_KERNELS = (1, 3, 5, 7, 9)
_DILATIONS = (1, 2, 3, 4)


def _in_letters(text: str, document: list[str], sentence: str) -> dict | None:
    """The verdict of ``p = f(k, d)`` that its sentence says is the 'same' padding: at
    stride 1 the output side H + 2p - d(k - 1) is H exactly when p = d(k - 1)/2 (a dilated
    window spans d(k - 1) + 1 rows), for every odd k; compared at odd k = 1..9 and, where
    the sentence speaks of a dilation (not "without dilation"), at d = 1..4.  None where the
    sentence is no such statement or a letter of the formula is not the notes' kernel or
    dilation."""
    if not _SAME.search(sentence):
        return None
    strides = {int(v) for v in _STRIDE_VALUE.findall(clean(sentence))}
    if strides - {1}:
        return None  # at another stride 'same' is no single symmetric padding
    whole = "\n".join(document)
    kernels = set(_KERNEL_LETTER.findall(whole))
    dilations = set(_DILATION_LETTER.findall(whole))
    if len(kernels) != 1 or len(dilations) > 1 or kernels & dilations:
        return None
    k_letter = kernels.pop()
    d_letter = dilations.pop() if dilations else None
    undilated = bool(_UNDILATED.search(sentence))
    dilated = not undilated and bool(_DILATION_WORD.search(sentence))
    if not (undilated or dilated) and (_DILATION_WORD.search(whole) or d_letter):
        return None  # the notes speak of dilated layers, the sentence says not which case
    try:
        chain = parse(text)
        if len(chain.sides) != 2 or list(chain.rels) != ["="]:
            return None
        formula = chain.sides[1]
        for k in _ODD_KERNELS:
            for d in _DILATIONS if dilated else (1,):
                values = {k_letter: Fraction(k)}
                if d_letter is not None:
                    values[d_letter] = Fraction(d)

                def lookup(name: str, values: dict = values) -> Fraction:
                    if name not in values:
                        raise NotUnderstood(f"{name} is not the kernel or the dilation")
                    return values[name]

                written = Scalar(lookup).value(formula)
                truth = Fraction(d * (k - 1), 2)
                if written != truth:
                    case = f"{k_letter} = {k}" + (f", dilation {d}" if dilated else "")
                    return finding(
                        WRONG,
                        f"at {case} the 'same' padding is d(k - 1)/2 = {json_number(truth)}, "
                        f"the formula gives {json_number(written)}: at stride 1 the output "
                        "side H + 2p - d(k - 1) is H only when 2p = d(k - 1)",
                        expected=str(json_number(truth)),
                        counterexample={"left": json_number(truth), "right": json_number(written)},
                    )
    except (NotUnderstood, ArithmeticError, ValueError, IndexError, RecursionError):
        return None
    case = "at every dilation 1..4" if dilated else "without dilation"
    return finding(
        VERIFIED,
        f"the padding that keeps the size at stride 1, {case}, for odd kernels 1..9: "
        "H + 2p - d(k - 1) = H when p = d(k - 1)/2",
    )
