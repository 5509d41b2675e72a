"""What a layer costs, in numbers: its multiply-accumulates and the bytes of its tensors.

"The forward pass costs $\\text{MACs} = 8 \\cdot 32 \\cdot 17^2 \\cdot 16 \\cdot 9$", "$M = 28
\\cdot 28 \\cdot 6 \\cdot 25 = 117\\,600$ multiplications", "the output in float32 takes $8
\\cdot 32 \\cdot 17 \\cdot 17 \\cdot 4 = 295\\,936$ bytes": notes on a convolution's cost
count its products and its memory, for the layer of the claim's passage (bound_sizes.py:
the nearest passage that states each size).

Why the truths hold:

- each output value of a convolution is a sum of (C_in/g)·K_h·K_w products (its window over
  the channels of its group), so one sample costs C_out·H_out·W_out·(C_in/g)·K_h·K_w
  multiply-accumulates; a dense layer n_in -> n_out costs n_in·n_out;
- a tensor of n values of b bytes each (float32 4, float16/bfloat16 2, float64 8, int8 1)
  takes n·b bytes; the output holds C_out·H_out·W_out values a sample, the input
  C_in·H·W.

A batch the passage states (``x = torch.randn(8, ...)``, "a batch of 8") multiplies both;
notes count per sample as often as per batch, so either count is the quantity, and a
value that is neither is wrong only when its name says what it counts (``MACs = ...``,
``M = ...`` before "multiplications").  A count with no name is verified when it is one of
the two and left to the other readers otherwise.  FLOPs are not read: half the notes count
a multiply-accumulate as two.
"""

from __future__ import annotations

import re
from fractions import Fraction

from symconv.checker.bound_sizes import (
    Unbound,
    _fact,
    _get,
    _kind,
    claim_layer,
    compare,
    numeric_sides,
    truth_of,
)
from symconv.checker.context import finding
from symconv.checker.counterexamples import json_number
from symconv.checker.layer_counts import sentence_around
from symconv.checker.report import VERIFIED
from symconv.checker.size_names import OUTPUT, Quantity, flatten, left_side

# a name that says it counts multiply-accumulates: MACs, \#MAC, MAC_{conv}, Mult
_MAC_NAME = re.compile(r"^(?:#?MACs?|#?Mults?|N_(?:MAC|MACs|mult))(?:_\w+)?$", re.I)
_MULT_WORDS = re.compile(
    r"\b(?:multiply[- ]accumulates?|multiply[- ]adds?|MACs?|multiplications?|"
    r"multiplicaci[óo]n(?:es)?|multiplica[çc](?:ão|ões)|Multiplikation(?:en)?|moltiplicazion[ei]|"
    r"mnożeń|phép nhân|perkalian|multiplikationer|vermenigvuldiging(?:en)?|умножени\w*|"
    r"곱셈)\b",
    re.I,
)
_BYTES = re.compile(r"\b(?:bytes?|octets?|Byte)\b", re.I)
_DTYPES = (
    (re.compile(r"\b(?:float32|fp32|single[- ]precision|float\b(?!\s*\d))", re.I), 4),
    (re.compile(r"\b(?:float16|fp16|half[- ]precision|bfloat16|bf16)\b", re.I), 2),
    (re.compile(r"\b(?:float64|fp64|double)\b", re.I), 8),
    (re.compile(r"\b(?:u?int8)\b", re.I), 1),
)
_OUTPUT_WORDS = re.compile(
    r"\b(?:output|outputs|salida|sortie|Ausgabe|uscita|activations?|feature maps?)\b", re.I
)
_INPUT_WORDS = re.compile(r"\b(?:input|inputs|entrada|entrée|Eingabe|ingresso)\b", re.I)
_BATCH_WORDS = re.compile(r"\b(?:batch|mini-?batch|lote|Stapel|lot)\b", re.I)
# words that say which of the two counts a claim is: one sample's, or the whole batch's
_PER_SAMPLE = re.compile(
    r"\b(?:per (?:sample|image|example|input)|(?:for )?(?:one|a single|each) (?:sample|image)|"
    r"pro (?:Bild|Beispiel|Eingabe)|f[üu]r ein (?:einzelnes )?Bild|"
    r"por (?:imagen|muestra|ejemplo|imagem|amostra)|para una (?:sola )?imagen|"
    r"par (?:image|exemple|échantillon)|pour une (?:seule )?image|"
    r"per (?:immagine|campione)|per una (?:singola )?immagine)\b",
    re.I,
)
_WHOLE_BATCH = re.compile(
    r"\b(?:(?:whole|entire|full) (?:mini-?)?batch|per (?:mini-?)?batch|"
    r"for the (?:mini-?)?batch|(?:all|every)(?: the)? \d+ (?:images|samples|inputs)|"
    r"(?:ganzen?|gesamten?) (?:Mini-?)?(?:Batch|Stapel)|pro (?:Mini-?)?Batch|"
    r"todo el lote|el lote (?:entero|completo)|por lote|todo o lote|lote (?:inteiro|todo)|"
    r"tout le lot|le lot entier|par lot|(?:l')?intero (?:mini-?)?batch|per (?:il )?batch)\b",
    re.I,
)


def judge_layer_cost(text: str, document: list[str], line: int, source: str) -> dict | None:
    """The verdict on a count of multiply-accumulates or bytes of the passage's layer, or
    None when the claim is no such count (or its layer is not read)."""
    left = left_side(text)
    if left is None:
        return None
    sentence = sentence_around(document, line, source)
    named = re.search(r"[A-Za-z]", re.sub(r"\\[A-Za-z]+", "", left)) is not None
    values = numeric_sides(text) if named else numeric_sides(f"x = {text}")
    if not values:
        return None
    if named and re.search(r"[A-Za-z]", re.sub(r"\\[A-Za-z]+", "", text[len(left) :])):
        return None  # a side in letters: the symbolic readers' (symbolic_counts.py)
    at = sentence.find(source)
    near = sentence if at < 0 else sentence[max(0, at - 100) : at + len(source) + 40]
    name = flatten(left) if named else ""
    lettered = not named or re.fullmatch(r"[A-Za-z](?:_\w+)?", name) is not None
    # "Multiplikationen im Vorwärtsschritt für den ganzen Batch (8 Bilder, ...): $M = ...$":
    # the sentence names the count and a colon hands it to the claim, however long between
    lead = sentence[:at] if at >= 0 else ""
    introduced = lead.rstrip().endswith(":") and "=" not in lead and _MULT_WORDS.search(lead)
    if (named and _MAC_NAME.match(name)) or (lettered and (_MULT_WORDS.search(near) or introduced)):
        what = "macs"
    elif not named and _BYTES.search(near):
        what = "bytes"
    else:
        return None
    _, levels, whole, scope = claim_layer(document, line, source, sentence)
    try:
        truths, about, marks = _truths(what, near, levels, whole, scope)
    except (Unbound, ZeroDivisionError):
        return None
    counted = _counted(truths, near)
    if not counted:
        return None  # "for the whole batch", of a batch the passages do not size
    hits = [t for t in counted if all(v == t for v in values)]
    if hits:
        return finding(VERIFIED, f"every side is {json_number(hits[0])}: {about}")
    if not named or what != "macs" or len(set(values)) != 1:
        return None  # a count with no name may be another quantity's
    if len(truths) == 1 and _BATCH_WORDS.search(scope):
        return None  # "over the batch": a batch the passages do not size
    written = set(re.findall(r"\d+", text))
    if not any(all(str(m) in written for m in alt) for alt in marks):
        return None  # the claim does not write the layer's own sizes: another layer's count?
    found = compare(counted[-1], values, about)
    if len(truths) > 1 and counted[-1] != truths[0]:
        found["message"] = f"{found['message']} (per sample {json_number(truths[0])})"
    return found


def _counted(truths: list[Fraction], near: str) -> list[Fraction]:
    """The counts the claim's own words allow: [one sample's, the batch's] when the passage
    states a batch.  "for the whole batch" leaves only the batch's (none when no batch is
    stated), "per image" only the sample's; words of both, or neither, leave either."""
    sample, batch = _PER_SAMPLE.search(near), _WHOLE_BATCH.search(near)
    if batch and not sample:
        return truths[1:]
    if sample and not batch:
        return truths[:1]
    return truths


def _truths(
    what: str, near: str, levels, whole, scope: str
) -> tuple[list[Fraction], str, list[tuple[int, ...]]]:
    """The count per sample and, where the passage states a batch, per batch; what they
    are; and the sizes a computation of it writes (the output side or the output's
    positions, a dense layer's widths): a claim that writes none of them may count another
    layer than the one read."""
    used: list[str] = []
    kind = _kind(levels)
    if kind == "dense" and what == "macs":
        n_in, n_out = (_get(levels, whole, scope, k, used) for k in ("n_in", "n_out"))
        one = n_in * n_out
        how = f"a dense layer {n_in} -> {n_out} makes {n_in}·{n_out} = {one} products a sample"
        marks = [(n_in, n_out)]
    elif kind != "conv":
        raise Unbound(f"the cost of a {kind} layer is not read")
    else:
        h, about_h = truth_of(Quantity(OUTPUT, None, "H_out"), levels, whole, scope)
        w, _ = truth_of(Quantity(OUTPUT, None, "W_out"), levels, whole, scope)
        marks = [(int(h),), (int(h * w),)]
        c_in = _get(levels, whole, scope, "c_in", used)
        c_out = _get(levels, whole, scope, "c_out", used)
        groups = _get(levels, whole, scope, "g", used)
        k = _get(levels, whole, scope, "k", used)
        if _get(levels, whole, scope, "dims", used) != 2 or c_in % groups or c_out % groups:
            raise Unbound("not a 2-D convolution whose groups divide its channels")
        if what == "macs":
            one = int(c_out * h * w * (c_in // groups) * k * k)
            how = (
                f"each of the {c_out}·{h}·{w} outputs a sample sums {c_in // groups}·{k}·{k} "
                f"products: {one} ({about_h}; {', '.join(used)})"
            )
        else:
            size = _dtype(near)
            if _OUTPUT_WORDS.search(near) and not _INPUT_WORDS.search(near):
                numel, which = int(c_out * h * w), f"the output {c_out}x{h}x{w}"
            elif _INPUT_WORDS.search(near) and not _OUTPUT_WORDS.search(near):
                height = _get(levels, whole, scope, "in_h", used)
                width = _fact(levels, "in_w")
                width_value = width[0] if width else height
                numel = c_in * height * width_value
                which = f"the input {c_in}x{height}x{width_value}"
            else:
                raise Unbound("which tensor's bytes is not read")
            one = numel * size
            how = f"{which} holds {numel} values of {size} bytes a sample: {one} bytes"
    batch = _fact(levels, "batch")
    truths = [Fraction(one)]
    if batch is not None and batch[0] != 1:
        truths.append(Fraction(one * batch[0]))
        how = f"{how}; the batch of {batch[0]} ({batch[1]}) makes {one * batch[0]}"
    return truths, how, marks


def _dtype(text: str) -> int:
    sizes = {size for pattern, size in _DTYPES if pattern.search(text)}
    if len(sizes) != 1:
        raise Unbound("the bytes of one value are not stated once")
    return sizes.pop()
