"""Sizes, counts and receptive fields that a name ties to a layer of the network the notes
state (checker/notes_network.py): "- conv1: $H_1 = \\lfloor (64 + 4 - 5)/2 \\rfloor + 1 =
32$", "| conv2 | $P_2 = 32 \\cdot 16 \\cdot 3^2$ | 4608 |", "- $P_4 = 650$" under
"## Parameters", "tras conv3: $r_3 = 15 + (3 - 1) \\cdot 2 = 19$", "Total: $P = ... = 65280$".

Which quantity: the name's letter (``P`` a parameter count, ``H``/``W``/``L``/``n`` an output
side, ``r``/``R``/``RF`` a receptive field), read only where the claim's sentence or section
title says so ("parameters", "size", "receptive field").  Which layer: the layer its line
names before it (a bullet's "conv1:", a table row's first cell), else the one its subscript
numbers.  A number alone is read several ways -- the k-th layer with parameters, the k-th
convolution, the k-th layer -- and a row's name must be one of them.

The truth is computed from the layers: a convolution's output side floor((H + 2P - d(K - 1)
- 1)/S) + 1 (the rows a dilated window spans past its first, reached by whole strides); its
parameters C_out (C_in K² + 1), a dense layer's n_in n_out + n_out (one bias per output), a
pooling's none; the receptive field r_l = r_{l-1} + (K_l - 1) j_{l-1} with the jump j_l =
j_{l-1} S_l (each window step of layer l moves j_{l-1} input pixels).

A value that is some reading's truth is verified; a value that is no reading's is wrong,
naming each; a count right without a bias the notes never state is not judged (both
readings of the bias stand).  A sentence about another configuration ("Si conv1 usara
relleno 2") is not judged here.
"""

from __future__ import annotations

import re
from fractions import Fraction

from symconv.checker.bound_sizes import compare, numeric_sides
from symconv.checker.context import finding
from symconv.checker.counterexamples import json_number
from symconv.checker.layer_costs import _BATCH_WORDS, _MULT_WORDS
from symconv.checker.layer_counts import PARAM_WORDS, sentence_around
from symconv.checker.lexicon import TOTAL
from symconv.checker.limits import NotUnderstood
from symconv.checker.network_costs import layer_mults, other_input
from symconv.checker.network_names import mentions
from symconv.checker.network_variants import hypothetical, restates, setting_in, settings_said
from symconv.checker.notes_network import (
    NotesNetwork,
    label_of,
    notes_network,
    paragraph_after,
)
from symconv.checker.report import NOT_UNDERSTOOD
from symconv.checker.size_names import flatten, left_side
from symconv.spec.layer import Conv, Dense, Pool

_SIZE_WORDS = re.compile(
    r"\b(?:sizes?|sides?|outputs?|shapes?|height|width|tamaños?|lados?|salidas?|tailles?|"
    r"sorties?|Größen?|dimensions?|dimensiones|uitvoer\w*|grootte|hoogte|breedte|Ausgabe\w*|"
    r"Höhe|Breite|uscita|altezza|saída|altura)\b",
    re.I,
)
_FIELD_WORDS = re.compile(r"\breceptiv\w*|\brécepti\w*|\brecettiv\w*|\brezeptiv\w*", re.I)
# the counts include the biases: "Parameters (weights + biases)", "(pesos y sesgos)"
_BIAS_COUNTED = re.compile(
    r"\(\s*(?:weights|pesos|poids|Gewichte)\s*(?:\+|and|y|et|und)\s*(?:bias\w*|sesgos|biais|Bias)"
    r"\s*\)|\b(?:including|incluyendo|avec|con)\s+(?:the\s+|los\s+|les\s+)?(?:bias\w*|sesgos|biais)",
    re.I,
)
# "Todas las convoluciones con sesgo", "every convolution has a bias": the convolutions' only
_CONV_BIAS = re.compile(
    r"\b(?:all|every|todas las|toutes les)\s+(?:the\s+)?(?:convolutions?|convoluciones|conv)\b"
    r"[^.]*\b(?:bias\w*|sesgos?|biais)\b",
    re.I,
)
# an erratum: "we forgot the biases of conv2", "on a oublié les biais de C3 et de C4"
_BIAS_FORGOTTEN = re.compile(
    r"[^.\n]*\b(?:forg[eo]t\w*|omitted|left out|oubli\w*|olvid\w*|vergessen|dimentica\w*)"
    r"[^.\n]*\b(?:bias\w*|biais|sesgos?|Bias)\b[^.\n]*",
    re.I,
)
_NO_BIAS = re.compile(r"\b(?:no bias|without bias|sin sesgo|sans biais|bias=False)\b", re.I)
_NAME = re.compile(
    r"^([A-Za-z]{1,2}|RF)(?:_(\d)|_\((\d)\)|\^[(\[](\d)[)\]]|\^(\d)|_(out|o|sal|\w+)|('))?$"
)
# the deeplearning.ai course's names of layer k's quantities: n_H^{[k]}, n_W^{[k]} its output's
# sides, \#\theta^{[k]} or \#\text{params}^{[k]} its parameter count (the names say what they are)
_COURSE_SIDE = re.compile(r"^n_([HW])(\^\[\d\])$")
_COURSE_COUNT = re.compile(r"^#(?:theta|params?|parameters)(\^\[\d\])$")


def judge_network_named(
    text: str, document: list[str], line: int, source: str
) -> dict[str, object] | None:
    """The verdict of ``name = numbers ...`` about a layer of the network the notes state,
    or None when it is no such claim."""
    if not 0 < line <= len(document):
        return None
    in_row = document[line - 1].lstrip().startswith("|")
    stated = notes_network(document, line, inside=in_row, unchanneled=True)
    if stated is None:
        return None
    left = left_side(text)
    values = numeric_sides(text)
    if left is None or (not values and not _STEP_LETTER.search(text)):
        return None
    sided = _COURSE_SIDE.match(flatten(left)) is not None  # n_H^{[2]}: a side by its name
    name = _COURSE_SIDE.sub(r"\1\2", flatten(left))
    counted = _COURSE_COUNT.match(name) is not None
    m = _NAME.match(_COURSE_COUNT.sub(r"P\1", name))
    if m is None:
        return None
    letter = m.group(1)
    ordinal = next((int(g) for g in m.groups()[1:5] if g is not None), None)
    suffix = m.group(6) or m.group(7)
    sentence = sentence_around(document, line, source)
    own = document[line - 1]
    at = own.find(source)
    lead = own[: max(at, 0)]
    row = _row_label(own, at)
    section = f"{_section_title(document, line)} {_title(document)}"
    head = column_head(document, line, at) if in_row else ""  # | paramètres |: a count
    quantity = (
        "params"
        if counted
        else "size"
        if sided
        else _quantity(letter, suffix, f"{sentence} {row} {lead} {head}", section)
    )
    if quantity is None:
        quantity = defined_quantity(letter, ordinal, document, line)
    if quantity is None and letter == "D" and ordinal is None and suffix is None:
        quantity = "features" if _FEATURE_WORDS.search(sentence) else None
    if quantity is None or (stated.unchanneled and quantity in ("params", "mults", "features")):
        return None  # (a table that states no filter counts has no counts of the notes')
    if not values:  # r_4 = r_3 + (k - 1) j_3: one step of a recursion, in the network's values
        values = _step_values(text, stated, quantity, ordinal, document, line)
        if not values:
            return None
    paragraph = "\n".join([*document[max(0, line - 4) : line - 1], lead])
    own_row = stated.start <= line - 1 <= stated.end  # its settings are the row's layer's
    if not own_row and hypothetical(paragraph):
        return None
    words = re.sub(r"`[^`]*`|\w+\([^()]*\)", " ", sentence.split(source)[0])
    restated: dict[str, int] | None = None
    if (not own_row and setting_in(lead)) or (not (own_row or in_row) and setting_in(words)):
        # "(B) Con passo 2 e senza padding, ... $$H_1 = ...$$": the sentence sets its layer
        # (in words: a constructor's "padding=2" builds the layer, it varies none) -- read
        # only where those are the claim's layer's own settings (checked below)
        restated = settings_said(f"{lead} {words}")
        if not restated:
            return None
    passage = f"{_section_title(document, line)}\n{paragraph}"
    other = None if own_row else other_input(passage, stated)
    if other is not None:  # "(f) Invoer 32 x 32": a variant of the network, not the network
        return _unread(values, f"its passage states another input ({other}) than the network's")
    named = mentions(re.sub(r"\$[^$]*\$", " ", row or lead), stated)
    if not named and suffix and re.fullmatch(r"[A-Za-z]+\d+", suffix):
        named = mentions(suffix, stated)  # M_{conv4}, P_{fc1}: the layer its subscript names
    targets = {t for _, t in named}
    if (
        not row
        and ordinal is not None
        and (len(targets) > 1 or targets <= {"flatten", "ambiguous"})
    ):
        # "layer 1 has 608, the pooling layer none, and P^{[3]} = ...", "the flattened map
        # has 784 entries, so P^{[4]} = ...": a sentence about other layers, not the claim's
        # label; the name's own number says which layer
        named = []
    if quantity == "features":
        return _features(stated, values)
    readings = _readings(stated, quantity, ordinal)
    if named:
        target = named[-1][1]
        if target == "total" and quantity == "params" and ordinal is None:
            return _total(stated, values, document, line)
        if not isinstance(target, int) or (readings and target not in readings):
            return _unread(values, f"{left.strip()} stands in the row of another layer")
        readings = [target]
    elif ordinal is None:
        if suffix and not _TOTAL.match(suffix) and suffix != "'":
            return None  # P_{fc}: a layer's own name the network does not give; not the total
        if quantity == "params" and (
            (letter == "P" and _is_total(sentence + " " + lead, text, stated))
            or _TOTAL.match(suffix or "")
        ):  # P in "the total", N_tot, P_total
            return _total(stated, values, document, line)
        return None
    if not readings and ordinal == 0 and quantity in ("size", "field", "jump"):
        return _input_value(stated, quantity, letter, values)
    if not readings:
        return _unread(values, f"no layer of the notes' network is number {ordinal}")
    if not named and len(readings) > 1:
        # "Voor conv2: $$H_3 = ...$$": the one layer the sentence names before the claim,
        # when it is one of the subscript's readings
        said = {
            t
            for _, t in mentions(re.sub(r"\$[^$]*\$", " ", sentence.split(source)[0]), stated)
            if isinstance(t, int)
        }
        readings = [*said] if len(said) == 1 and said <= set(readings) else readings
    if restated is not None and not all(restates(stated.net.layers[i], restated) for i in readings):
        return None  # the sentence's stride or padding is not the layer's: a variant
    truths = {}
    for index in readings:
        truth = _truth(stated, index, quantity, letter)
        if truth is None:
            return _unread(values, f"layer {_name(stated, index)} has no {quantity}")
        truths[index] = truth
    if quantity == "params" and not _bias_known(stated, readings, document, line):
        unbiased = {_without_bias(stated, i) for i in readings}
        if any(v in unbiased for v in values):
            return _unread(
                values,
                "the count is right without a bias, and the notes do not say the layer has one",
            )
    hit = [i for i, t in truths.items() if values[-1] == t]
    if hit:
        return compare(truths[hit[0]], values, _about(stated, hit[0], quantity, truths[hit[0]]))
    first = readings[0]
    about = _about(stated, first, quantity, truths[first])
    others = [f"{_name(stated, i)}: {json_number(t)}" for i, t in truths.items() if i != first]
    if others:
        about += f" (read as another layer: {', '.join(others)})"
    return compare(truths[first], values, about)


_TOTAL = re.compile(r"^(?:tot|total|totale|all|ges|gesamt)$", re.I)
_JUMP_WORDS = re.compile(
    r"\bjumps?\b|\bsaltos?\b|\bSprung\w*|\beffective strides?\b|\bstride effectif\b|"
    r"\bpaso efectivo\b|\bpas effectif\b",
    re.I,
)
_DEFINED = {
    "r": ("field", _FIELD_WORDS),
    "R": ("field", _FIELD_WORDS),
    "j": ("jump", _JUMP_WORDS),
    "H": ("size", _SIZE_WORDS),  # (W is a weight in most notes: not read by its sentence)
}


def defined_quantity(
    letter: str, ordinal: int | None, document: list[str], line: int
) -> str | None:
    """What a numbered letter is by the sentence that introduces it (``r_l``, ``r_0 = 1``,
    ``j_{l-1}``): a receptive field (r, R) or a jump (j), where the first sentence above the
    claim writing the letter with a subscript says so ("With $r_0 = 1$ and $j_0 = 1$ ... the
    receptive field and the jump (distance in input pixels between neighbouring outputs)
    follow").  A bare j is an index in most notes: only its defining words make it a jump."""
    from symconv.checker.prose_sentences import sentences

    if ordinal is None or letter not in _DEFINED:
        return None
    quantity, words = _DEFINED[letter]
    subscripts = r"\d|l|k|i|n|L" + (r"|out|in" if quantity == "size" else "")
    written = re.compile(rf"(?<![A-Za-z\\]){letter}_(?:\{{\s*)?(?:{subscripts})\b")
    lead = ""  # the prose line above a display: "Output side of a layer ...:" then $$H_{out} = $$
    for text in document[: line - 1]:
        if not text.strip():
            continue
        display = text.lstrip().startswith(("$$", "\\["))
        for sentence in sentences(text):
            if written.search(sentence):
                said = re.sub(r"\$[^$]*\$", " ", f"{lead if display else ''} {sentence}")
                return quantity if words.search(said) else None
        if not display:
            lead = (sentences(text) or [""])[-1]
    return None


def _quantity(letter: str, suffix: str | None, near: str, section: str) -> str | None:
    if letter in ("P", "N") and (PARAM_WORDS.search(near) or PARAM_WORDS.search(section)):
        return "params"  # N_1 under "paramètres", N_tot in "Total" of a count section
    if letter == "M" and (_MULT_WORDS.search(near) or _MULT_WORDS.search(section)):
        # M_1 in "the number of multiplications of conv1 is" (per sample: a batch's count
        # is another quantity)
        return None if _BATCH_WORDS.search(near) else "mults"
    if letter in ("r", "R", "RF") and (_FIELD_WORDS.search(near) or _FIELD_WORDS.search(section)):
        return "field"
    if (
        letter in ("H", "W", "h", "w", "n", "L", "O")
        and (suffix is None or not _OTHER_SUFFIX.match(suffix))
        and (_SIZE_WORDS.search(near) or _SIZE_WORDS.search(section))
    ):  # (H_in is the input's side, n_C a channel count: no output side)
        return "size"
    return None


# a suffix naming what is not an output side: the input's (H_in, H_prev), a channel count
# (n_C), the kernel (H_k, n_f), the padding or the stride
_OTHER_SUFFIX = re.compile(r"^(?:in|input|i|prev|entrada|C|c|k|K|f|F|p|pad|s|S)$")


def _row_label(text: str, at: int) -> str:
    """A table row's first cell, when the claim stands in a later cell."""
    if not text.lstrip().startswith("|") or at < 0:
        return ""
    cells = text[:at].split("|")
    return cells[1] if len(cells) > 2 else ""


def column_head(document: list[str], line: int, at: int) -> str:
    """The header cell of the table column the text at ``at`` of the (1-based) line stands
    in: the row above the table's ``|---|`` separator."""
    column = document[line - 1][: max(at, 0)].count("|") - 1
    for k in range(line - 2, 0, -1):
        if not document[k].lstrip().startswith("|"):
            return ""
        if re.fullmatch(r"[\s|:-]+", document[k]):
            cells = document[k - 1].strip().strip("|").split("|")
            return cells[column] if 0 <= column < len(cells) else ""
    return ""


def _title(document: list[str]) -> str:
    """The notes' own title, their first level-1 heading ("# Counting parameters and
    tracking sizes"): what the whole document is about."""
    return next((t for t in document if re.match(r"\s*#\s", t)), "")


def _section_title(document: list[str], line: int) -> str:
    """The heading or bold title the claim stands under."""
    for text in reversed(document[: line - 1]):
        if re.match(r"\s*(?:#+\s|\*\*[^*]+\*\*)", text):
            return text
    return ""


def _is_total(text: str, claim: str, stated: NotesNetwork) -> bool:
    """The words say the count is the whole network's: "total", "in all", or counts "added
    together" ("Samen met de gegeven aantallen ...") in a sum of one term per layer with
    parameters (two layers "together" are a part of the network, not all of it)."""
    words = rf"{TOTAL}|in all|whole network|toda la red"
    if re.search(rf"\b(?:{words})\b", text, re.I) is not None:
        return True
    if re.search(r"\b(?:samen|zusammen|together|juntos|insieme|ensemble)\b", text, re.I) is None:
        return False
    counted = sum(1 for spec in stated.net.layers if spec.param_count() > 0)
    first = claim.split("=")[1] if claim.count("=") >= 2 else ""
    return len(re.findall(r"\d+(?:\s*\\cdot\s*\d+)*", first)) == counted and "+" in first


def _readings(stated: NotesNetwork, quantity: str, ordinal: int | None) -> list[int]:
    """The layers a subscript k may number: the k-th with parameters (a count) or with a map
    (a size or field), the k-th convolution, the k-th layer."""
    if ordinal is None:
        return []
    if any(name.startswith("#") for name in stated.names):
        # a table numbering its rows (activations and flatten counted): H_3 is row 3's
        numbered = stated.names.get(f"#{ordinal}")
        return [] if numbered is None else [numbered]
    layers = stated.net.layers
    own = [
        i
        for i, s in enumerate(layers)
        if isinstance(s, (Conv, Dense) if quantity in ("params", "mults") else (Conv, Pool))
    ]
    convs = [i for i, s in enumerate(layers) if isinstance(s, Conv)]
    out: list[int] = []
    first = (own, convs) if quantity in ("params", "mults") else (convs, own)
    for kind in (*first, list(range(len(layers)))):
        if 1 <= ordinal <= len(kind) and kind[ordinal - 1] not in out:
            out.append(kind[ordinal - 1])
    return out


def _truth(stated: NotesNetwork, index: int, quantity: str, letter: str) -> Fraction | None:
    spec, _, shape_out = stated.net.shapes()[index]
    if quantity == "params":
        return Fraction(spec.param_count())
    if quantity == "field":
        return _field(stated, index)
    if quantity == "jump":
        return _field(stated, index, jump=True)
    if quantity == "mults":
        return layer_mults(stated, index)
    if isinstance(spec, Dense) or len(shape_out) != 3 or not stated.sizes_stated:
        return None
    return Fraction(shape_out[2] if letter in ("W", "w") else shape_out[1])


def _field(stated: NotesNetwork, index: int, jump: bool = False) -> Fraction | None:
    """The rows of the input one entry after layer ``index`` sees; with ``jump``, how many
    input rows apart two neighbouring entries of its output are (the product of the strides
    up to it: a dilation spreads a window's taps, not its steps)."""
    if not stated.sizes_stated:
        return None
    field, step_rows = 1, 1
    for spec in stated.net.layers[: index + 1]:
        if isinstance(spec, Conv):
            span, step = spec.dilation[0] * (spec.kernel[0] - 1) + 1, spec.stride[0]
        elif isinstance(spec, Pool):
            span, step = spec.kernel[0], spec.stride[0]
        else:
            return None
        field, step_rows = field + (span - 1) * step_rows, step_rows * step
    return Fraction(step_rows if jump else field)


# a recursion's letters: r_3, j_{2}, H_1 (a layer's own quantities) and k, s, p, d, k_eff
_STEP_LETTER = re.compile(r"(?<![A-Za-z\\])[rjH]_\{?\d\}?")
_SETTING_LETTERS = ("k", "s", "p", "d", "k_eff")


def _step_values(
    text: str,
    stated: NotesNetwork,
    quantity: str,
    ordinal: int | None,
    document: list[str],
    line: int,
) -> list[Fraction] | None:
    """The sides of ``r_4 = r_3 + (k - 1)\\, j_3 = 7 + 2 \\cdot 4`` with each letter at the
    network's value: r_N, j_N, H_N the N-th layer's field, jump and side (N = 0 the input's),
    bare k, s, p, d, k_eff the settings of the claim's own layer (the one the recursion
    steps through), so a link is judged as the notes' arithmetic with the true values.  None
    where the claim's layer or a letter's is not one layer, or the letter's meaning is not
    the notes' (r and j only as the sentence introducing them says)."""
    if ordinal is None or quantity not in ("field", "jump", "size"):
        return None
    own = _readings(stated, quantity, ordinal)
    if len(own) != 1:
        return None
    spec = stated.net.layers[own[0]]
    if isinstance(spec, Conv):
        k, s, d, p = spec.kernel[0], spec.stride[0], spec.dilation[0], spec.padding[0]
    elif isinstance(spec, Pool):
        k, s, d, p = spec.kernel[0], spec.stride[0], 1, spec.padding[0]
    else:
        return None
    settings = dict(zip(_SETTING_LETTERS, (k, s, p, d, d * (k - 1) + 1), strict=True))
    meanings = {"r": "field", "j": "jump", "H": "size"}

    def lookup(name: str) -> Fraction:
        if name in settings:
            return Fraction(settings[name])
        m = re.fullmatch(r"([rjH])_(\d)", name)
        if m is None:
            raise NotUnderstood(f"{name} is no quantity of the network")
        letter, n = m.group(1), int(m.group(2))
        what = meanings[letter]
        if what != quantity and defined_quantity(letter, n, document, line) != what:
            raise NotUnderstood(f"what {name} is, is not read")
        if n == 0:
            shape = stated.net.shapes()[0][1]
            return Fraction(shape[1] if what == "size" else 1)
        layer = _readings(stated, what, n)
        value = _truth(stated, layer[0], what, letter) if len(layer) == 1 else None
        if value is None:
            raise NotUnderstood(f"{name} is not one layer's")
        return value

    return numeric_sides(text, lookup)


# "Flatten leaves $D = 64$ features for the linear layer", "un vector de longitud $D = 32$,
# que entra en la densa": the length of the vector the dense layer takes
_FEATURE_WORDS = re.compile(
    r"\b(?:features?|inputs|entries|length|longitud|entradas|caracter[íi]sticas|"
    r"Merkmale|Länge|longueur|entrées|lunghezza|ingressi|comprimento)\b"
    r"[^.;]*\b(?:linear|linéaire|lineare|lineal|dense|densa|fully[- ]connected|dichte\w*|"
    r"vollverbunden\w*|totalmente conectada|entièrement connectée)\b|"
    r"\b(?:linear|dense|densa|fully[- ]connected)\b[^.;]*\b(?:features?|inputs|entries|"
    r"length|longitud|entradas)\b",
    re.I,
)


def _features(stated: NotesNetwork, values: list[Fraction]) -> dict[str, object] | None:
    """``D``, the length of the vector the network's first dense layer takes: the entries
    of the map before it, laid out in one vector (C·H·W, or C after a global pooling)."""
    for index, (spec, shape_in, _) in enumerate(stated.net.shapes()):
        if isinstance(spec, Dense):
            truth = 1
            for n in shape_in:
                truth *= n
            about = (
                f"the dense layer (layer {index + 1}) of the notes' network takes a vector of "
                f"{truth} entries ({' x '.join(str(n) for n in shape_in)} laid out flat)"
            )
            return compare(Fraction(truth), values, about)
    return None


def _input_value(
    stated: NotesNetwork, quantity: str, letter: str, values: list[Fraction]
) -> dict[str, object] | None:
    """``H_0 = 32``, ``r_0 = 1``, ``j_0 = 1``: the input's own side, and the one pixel an
    input entry sees, one pixel from its neighbour (where the recursions start)."""
    shape = stated.net.shapes()[0][1]
    if quantity == "size":
        if len(shape) != 3:
            return None
        truth, what = shape[2] if letter in ("W", "w") else shape[1], "has a side of"
    else:
        truth, what = 1, "sees (and steps) one pixel: a field and jump of"
    return compare(Fraction(truth), values, f"the input of the notes' network {what} {truth}")


def _without_bias(stated: NotesNetwork, index: int) -> int:
    spec = stated.net.layers[index]
    if isinstance(spec, Conv) and spec.bias:
        return spec.param_count() - spec.out_channels
    if isinstance(spec, Dense) and spec.bias:
        return spec.param_count() - spec.out_features
    return spec.param_count()


def _bias_known(stated: NotesNetwork, readings: list[int], document: list[str], line: int) -> bool:
    """The notes say the layers counted have a bias: for the whole network, in the title or
    lines the claim stands under, or for every convolution when only convolutions count."""
    if stated.bias_stated:
        return True
    region = "\n".join(document[max(0, stated.start - 12) : paragraph_after(document, stated.end)])
    if _NO_BIAS.search(region):
        return False
    above = "\n".join(document[max(0, line - 12) : line])
    if _BIAS_COUNTED.search(_section_title(document, line)) or _BIAS_COUNTED.search(above):
        return True
    convs = all(isinstance(stated.net.layers[i], Conv) for i in readings)
    if convs and _CONV_BIAS.search(region) is not None:
        return True
    # "Dans le tableau, on a oublié les biais de C3 et de C4": an erratum naming the layers
    names = [_name(stated, i) for i in readings]
    return any(
        all(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", m.group(0), re.I) for n in names)
        for m in _BIAS_FORGOTTEN.finditer("\n".join(document))
    )


def _total(
    stated: NotesNetwork, values: list[Fraction], document: list[str], line: int
) -> dict[str, object]:
    layers = stated.net.layers
    total = sum(spec.param_count() for spec in layers)
    about = f"the network the notes state has {total} parameters in all"
    # a bias the notes never state is left open: the total without it is a reading too
    open_bias = [
        i
        for i, spec in enumerate(layers)
        if isinstance(spec, Conv | Dense) and not _bias_known(stated, [i], document, line)
    ]
    bare = total - sum(layers[i].param_count() - _without_bias(stated, i) for i in open_bias)
    if open_bias and any(v == bare for v in values):
        return _unread(values, "the total is right without the biases the notes do not state")
    return compare(Fraction(total), values, about)


def _about(stated: NotesNetwork, index: int, quantity: str, truth: Fraction) -> str:
    what = {
        "params": "has {} parameters",
        "size": "gives an output side of {}",
        "field": "sees a receptive field of {} input rows",
        "jump": "has neighbouring outputs {} input rows apart (its jump)",
        "mults": "makes {} multiplications a sample",
    }[quantity].format(json_number(truth))
    return f"{_name(stated, index)} of the notes' network {what}"


def _name(stated: NotesNetwork, index: int) -> str:
    label = label_of(stated, index)
    spec = stated.net.layers[index]
    kind = {Conv: "convolution", Pool: "pooling", Dense: "dense layer"}.get(type(spec), "layer")
    return label or f"the {kind} (layer {index + 1})"


def _unread(values: list[Fraction], why: str) -> dict[str, object]:
    n = len(values) + 1
    if len(set(values)) > 1:
        return finding(NOT_UNDERSTOOD, f"{why}; the arithmetic does not hold either")
    return finding(
        NOT_UNDERSTOOD,
        f"side 1 of {n} is not understood: {why} (the other {n - 1} sides agree: the "
        f"arithmetic holds, {json_number(values[0])})",
    )
