"""The layer an output-size formula in numbers is about, read from the formula's own numbers.

"conv3 then produces maps of side $H_3 = \\lceil (8 + 2 - 3)/2 \\rceil + 1 = 5$", "$D_2 =
\\lfloor (32 + 2 - 3)/2 \\rfloor = 15$", "$H' = 5 + 2 - 3 + 1 = 5$", "$H_{out} = (16 - 1)
\\cdot 2 - 2 \\cdot 1 + 4 = 32$": a size named with the author's own letter is written with
the numbers of its layer -- the input side first, then the kernel side k (or the span
d(k - 1) + 1 of a dilated one, or d(k - 1)), the stride s it divides by, the padding p or 2p
on both sides, a 1.  So each layer the notes build with a constructor (convolutions of any
dimension, transposed ones, poolings; checker/formula_layer.py) is tried against the
formula: its kernel must be there, its stride too when it is above 1, and at most one
number may be of no role in it (or its padding missing) -- the usual mistake.

The truth is the layer's output side on the formula's input side (floor((h + 2p - d(k - 1)
- 1)/s) + 1; a transposed layer's (h - 1)s - 2p + d(k - 1) + output_padding + 1), judged only
when the notes state that input side before the claim in their prose ("the maps are
$12 \\times 12$", "$16 \\times 7 \\times 7$", "$32^3$", "on $16 \\times 16$") -- a side the
formula alone writes might be the mistake --, exactly one best fit gives one truth, and the
name or the words before it say an output size.  A layer the claim's own sentence
contradicts ("a $3 \\times 3$ convolution with stride 2 ...: $H_{out} = ...$" beside a layer
built with stride 1 further down) is no candidate: its sentence states another layer.
"""

from __future__ import annotations

import re

from symconv.checker.constructor_claims import Built, _agrees, output_side
from symconv.checker.context import finding
from symconv.checker.explicit_padding import pads_explicitly
from symconv.checker.formula_cost_layer import judge_formula_cost
from symconv.checker.formula_layer import (
    as_named,
    best_fit,
    clauses,
    compared,
    declared_with_sides,
    judge_formula_layer,
    judged,
    named,
    nearest,
    read_claim,
    restated,
    trailing,
    varied,
)
from symconv.checker.layer_counts import counts_entries, sentence_around
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.scope_facts import facts
from symconv.checker.size_names import flatten
from symconv.checker.syntax import Expr, Factor, Frac, Group, Num, Term

# H_3, H', H_{out}, W_2, L_1, D_2, O, n_H, H_{pool}: an output side by its letter (not the
# input's, the padded input's or a kernel's)
# (a sequence's length N or T only as an output's, N_out, T': N alone is a batch's size)
_SIDE_NAME = re.compile(
    r"^(?:[HWLDO]|n_?[HW])(?:'+|_\w+|\^\(?\d+\)?|_\(\d+\))?$|^[NT](?:_(?:out|o|output)|'+)$"
)
_NOT_OUTPUT = re.compile(r"_(?:in|i|input|p|pad|padded|eff|k|kernel|f|0)$", re.I)
# "the output side is", "maps of side", "Ausgabegröße", "rozmiar", "出力サイズ"
_SIZE_WORDS = re.compile(
    r"\b(?:output|outputs|side|sides|size|length|height|width|maps?)\b|salida|sortie|"
    r"Ausgabe|Größe|rozmiar\w*|długoś\w*|размер\w*|サイズ|grootte|uitvoer|lado|taille",
    re.IGNORECASE,
)
_TIMES = r"\s*(?:\\times|×|x|\\cdot)\s*"
# the size word of another tensor than the layer's output: "stamps ... into a long buffer of
# length", "the padded input has length", "the zero-stuffed map", "the full correlation
# (before cropping)": a transposed layer's uncropped (H - 1)s + k is its buffer, which the
# padding then crops -- not the output, whose formula it resembles with the padding left out
_OTHER_TENSOR = re.compile(
    r"\b(?:buffer|b[úu]fer|Puffer|tampon|canvas|intermediate|intermedi[oa]|interm[ée]diaire|"
    r"Zwischen\w*|uncropped|before\s+(?:the\s+)?crop\w*|sin\s+recortar|antes\s+de\s+recortar|"
    r"non\s+recadr[ée]e?|avant\s+(?:le\s+)?recadrage|senza\s+ritaglio|prima\s+del\s+ritaglio|"
    r"vor\s+dem\s+Zuschneiden|padded\s+(?:input|signal|map|sequence)|"
    r"zero-?(?:stuffed|inserted|upsampled)|upsampled\s+(?:input|map|signal)|"
    r"entrada\s+rellenada|entr[ée]e\s+(?:remplie|compl[ée]t[ée]e)|ingresso\s+con\s+padding|"
    r"full\s+(?:correlation|convolution))\b",
    re.IGNORECASE,
)


def _fits(
    numbers: list[int], divisors: set[int], layer: Built, signed: tuple[list, list] = ([], [])
) -> int | None:
    """How far the formula's numbers after the input side are from the layer's roles, or
    None when its kernel (or a stride above 1) is missing or two things are off."""
    s = layer.settings
    k, stride, p, d = s.get("kernel_size"), s["stride"], s["padding"], s["dilation"]
    if k is None:
        return None
    rest = numbers[1:]
    added, taken = signed
    if layer.kind == "ConvTranspose" and divisors:
        return None  # a transposed layer multiplies by its stride, never divides
    divided = stride > 1 and stride in divisors
    if stride == 1 and any(n > 1 for n in divisors) and layer.kind != "ConvTranspose":
        # the floor of a division by 2 is the count of a stride-2 window's positions: a
        # formula that divides is about a strided layer (a what-if: "and with stride 2?"),
        # not one of stride 1, whose count divides by nothing
        return None
    if s.get("same"):  # Keras's "same": ceil(h/s), the kernel nowhere in it
        if not divided and not {k} & set(taken):
            return None
        strange = [n for n in rest if n not in (stride, k, 1)]
        return len(strange) if len(strange) <= 1 else None
    span = d * (k - 1)
    kernel = {k, span, span + 1} if d > 1 else {k}
    if not kernel & set(rest) or (stride > 1 and stride not in rest):
        return None
    if layer.kind != "ConvTranspose" and not kernel & set(taken) and not divided:
        return None  # a window's side takes its span away, or divides by its stride
    roles = {k, stride, p, 2 * p, span, span + 1, 1, s.get("output_padding", 0)}
    strange = [n for n in rest if n not in roles]
    if layer.kind != "ConvTranspose":  # H + 2p - k: what is added pads, what is taken spans
        strange += [n for n in added if n not in (p, 2 * p, 1)]
        strange += [n for n in taken if n not in (k, span, span + 1, 1) or n == 2 * p != 0]
    padded = set(rest) if layer.kind == "ConvTranspose" else set(added)
    defects = len(strange) + (1 if p > 0 and not {p, 2 * p} & padded else 0)
    if divisors and stride not in divisors and layer.kind != "ConvTranspose":
        defects += 1  # a formula divided by what is not the stride
    return defects if defects <= 1 else None


# what a formula divides by: \frac{...}{2}, 31 / 2
_DIVISOR = re.compile(r"\\[dt]?frac\s*\{[^{}]*\}\s*\{\s*(\d+)\s*\}|/\s*\(?\s*(\d+)")


def _output(layer: Built, side: int) -> int | None:
    if layer.settings.get("same"):
        return -(-side // layer.settings["stride"])
    return output_side(layer, side)


def _signed(expr: Expr) -> tuple[list[int], list[int]]:
    """The numbers a sum of the formula adds and takes away as terms of their own (after
    its first term: ``32 + 2 - 3`` adds 2 and takes 3)."""
    added: list[int] = []
    taken: list[int] = []

    def walk(node: object) -> None:
        if isinstance(node, Expr):
            for n, (sign, term) in enumerate(node.terms):
                single = term.items[0] if len(term.items) == 1 else None
                if n and isinstance(single, Num) and single.text.isdigit():
                    (added if sign == "+" else taken).append(int(single.text))
                else:
                    walk(term)
        elif isinstance(node, Term):
            for item in node.items:
                walk(item)
        elif isinstance(node, Frac):
            walk(node.num)
            walk(node.den)
        elif isinstance(node, Factor):
            walk(node.base)
        elif isinstance(node, Group) and node.body is not None:
            for side in node.body.sides:
                for e in side.exprs:
                    walk(e)

    walk(expr)
    if added and added[-1] == 1:
        added.pop()  # the trailing + 1 of the count of window positions
    return added, taken


def _stated_side(document: list[str], line: int, source: str, side: int) -> bool:
    """The notes state ``side`` as a map's side before the claim: ``12 \\times 12``,
    ``16 \\times 7 \\times 7``, ``32^3``, a shape tuple ``(8, 3, 32, 32)``, a length, or
    the value an equation before it ends on."""
    own = document[line - 1]
    at = own.find(source)
    text = "\n".join([*document[max(0, line - 40) : line - 1], own[: max(at, 0)]])
    n = str(side)
    square = rf"(?<![\d.]){n}{_TIMES}{n}(?![\d.])|(?<![\d.]){n}\s*\^\s*\{{?[23]\}}?"
    shaped = rf"\(\s*(?:\d+\s*,\s*)*{n}\s*,\s*{n}\s*(?:,\s*\d+\s*)?\)"
    # a 1-D input: "of length 16000", "16000 samples", "x_0, \\dots, x_{15999}"
    lengths = (
        rf"(?:length|Länge|longitud|longueur|długoś\w*|длин\w*)\D{{0,20}}(?<![\d.]){n}(?![\d.])"
        rf"|(?<![\d.]){n}\s+(?:samples|muestras|Samples|próbek|échantillons)"
        rf"|\\[lc]?dots\s*,?\s*[A-Za-z]_\{{?\s*{side - 1}\s*\}}?(?![\d])"
    )
    # the result of an equation before it: "L_1 = ... = 3981$$" feeds the next layer
    result = rf"=\s*{n}\s*(?:\\tag\{{[^{{}}]*\}}\s*)?[.,]?\s*\$"
    return re.search(f"{square}|{shaped}|{lengths}|{result}", text) is not None


def judge_formula_size(
    text: str, document: list[str], line: int, source: str, exact: bool = False
) -> dict | None:
    """The verdict of an output size whose formula's numbers name exactly one layer the
    notes build (with ``exact``, every number one of its), at an input side they state,
    or None."""
    if not 0 < line <= len(document):
        return None
    claim = read_claim(text)
    if claim is None:
        return None
    name, formula, numbers, values = claim
    before, after = clauses(document, line, source)
    if varied(before, after):
        return None
    written = flatten(name) if name is not None else None
    if written is not None and (
        not _SIDE_NAME.match(written) or _NOT_OUTPUT.search(written) or written.count("_") > 1
    ):
        return None
    if written is None and (not _SIZE_WORDS.search(before) or _OTHER_TENSOR.search(before)):
        return None
    side = numbers[0]
    stated = _stated_side(document, line, source, side)
    kinds = ("Conv", "ConvTranspose", "MaxPool", "AvgPool")
    declared = declared_with_sides(document, kinds)
    sides = {id(x): known for x, known, _ in declared}
    layers = [(x, at) for x, known, at in declared if stated or known]
    sentence = sentence_around(document, line, source)
    if pads_explicitly(sentence):
        return None  # "nn.ZeroPad2d((0, 1, 0, 1)) then nn.Conv2d(...)": a padded input
    said = facts(sentence)  # "a 3 x 3 convolution with stride 2 ...: $H_{out} = ...$"
    layers = [(x, at) for x, at in layers if _agrees(x, said)]  # no layer it contradicts
    divisors = {int(a or b) for a, b in _DIVISOR.findall(text)}
    signed = _signed(formula)
    words = f"{before} {sentence}"
    layers = nearest(layers, document, line, words, lambda x: _fits(numbers, divisors, x, signed))
    fitting = []
    for layer in layers:
        defects = _fits(numbers, divisors, layer, signed)
        known = sides.get(id(layer))
        if defects is not None and known is not None and known != side:
            if stated:
                continue  # another input the notes state: a what-if of the layer's
            defects += 1  # the formula starts from a side the notes never give
        if defects is None or defects > 1:
            continue
        truth = _output(layer, known or side)
        if truth is not None and truth > 0:
            fitting.append((defects, truth, layer))
    picked = best_fit(fitting, values, exact)
    if picked is None:
        return None
    truth, named_first = picked
    words = f"{before} {trailing(document, line, source)}"
    chosen = as_named(named_first, [x for x, _, _ in declared], words, (document, line))
    if chosen is None or restated(chosen, document, line, source):
        return None
    known = sides.get(id(chosen[0])) or side
    about = f"{named(chosen)} on an input of side {known} gives {truth}"
    return judged(truth, values, name is not None, about, document)


def by_its_numbers(
    found: dict | None, text: str, document: list[str], line: int, source: str
) -> tuple[dict | None, bool]:
    """(the verdict, whether it is final) of a count or size after the other readers:
    theirs when they judged it, the formula's own layer's when they could not; a wrong
    they gave is left open when the formula's numbers are another declared layer's, for
    which it holds, or when its clause is about a variant of the layer ("against ... for
    the same layer with $G = 1$")."""
    if found is None or found["status"] not in (NOT_UNDERSTOOD, WRONG):
        return found, False
    if not 0 < line <= len(document):
        return found, False  # an expression alone, with no notes around it
    if counts_entries(source):
        return found, False  # |X| = 2·2·3·3: a tensor's entries, no layer's count or side
    exact = found["status"] == WRONG  # a wrong is set aside only for a layer's exact numbers
    mine = (
        judge_formula_layer(text, document, line, source, exact)
        or judge_formula_size(text, document, line, source, exact)
        # M_1 = 24^2 \cdot 16 \cdot 25: a cost whose factors are one layer's
        or (judge_formula_cost(text, document, line, source) if not exact else None)
    )
    if found["status"] == NOT_UNDERSTOOD:
        return (mine, True) if mine is not None else (found, False)
    if (
        mine is not None
        and mine["status"] == VERIFIED
        and _named_before(mine, document, line, source)
    ):
        # "Our first layer is `nn.Conv1d(1, 8, kernel_size=7, stride=2, padding=3)`, so
        # $N_{out} = ... = 500$": the claim's own sentence names the layer its numbers are
        # of, before it; the layer read from elsewhere is not the one it is about
        return mine, True
    if mine is not None and mine["status"] == VERIFIED:
        return finding(
            NOT_UNDERSTOOD,
            f"wrong for the layer read, but {mine['message']}: its own numbers are that "
            "layer's, so which layer it is about is not read",
        ), False
    if mine is None and read_claim(text) is not None and compared(*clauses(document, line, source)):
        return finding(
            NOT_UNDERSTOOD,
            "its clause is about another configuration of the layer (a what-if or a "
            "comparison), which is not read",
        ), False
    return found, False


def _named_before(mine: dict, document: list[str], line: int, source: str) -> bool:
    """The layer ``mine`` judged the claim by is the one constructor its own sentence
    writes before it."""
    layer = str(mine.get("message", "")).split(" on an input of side ")[0].split(" has ")[0]
    sentence = sentence_around(document, line, source)
    at = sentence.find(source)
    before = sentence[: at if at >= 0 else 0]
    calls = re.findall(r"\b(?:nn\.)?Conv(?:Transpose)?[123]d\(", before)
    return bool(layer) and len(calls) == 1 and layer.split("= ")[-1] in before
