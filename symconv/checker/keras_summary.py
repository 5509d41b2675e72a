"""Parameter counts claimed in a Keras ``model.summary()`` the notes retype as a table.

    | Layer (type)      | Output shape       | Param #       |
    |-------------------|--------------------|---------------|
    | conv2d (Conv2D)   | (None, 28, 28, 16) | $P_1 = 416$   |
    | max_pooling2d     | (None, 14, 14, 16) | 0             |
    | dense (Dense)     | (None, 64)         | $P_3 = 73728$ |

    Total params: $P_{total} = 79\\,402$

A summary lists every layer of the model in the order the model applies them, one row
each, named the Keras way (the layer's class in snake case, ``_1``, ``_2`` ... for the
second and later of a class: ``conv2d``, ``conv2d_1``, ``max_pooling2d``, ``dense_1``).  So
the rows are the layers of the notes' one Keras model (checker/keras_layers.py), in order:
a claim in a row's "Param #" cell counts that row's layer, and "Total params" the sum over
all of them.  The reading is kept only where the two lists agree -- every row's class is
the class of the model's layer at its place, the layers that hold no parameters and change
no width (Flatten, Dropout, activations) aside -- and the model is read whole; a name with
a layer number (``P_3``) must number the row it stands in.  The truth is Keras's count:
a convolution's k^dims · c_in/groups · filters weights plus one bias per filter (unless
``use_bias=False``), a dense layer's n_in · units plus ``units``, a pooling's none.
"""

from __future__ import annotations

import re
from fractions import Fraction

from symconv.checker.bound_sizes import compare, numeric_sides
from symconv.checker.constructor_claims import Built
from symconv.checker.formula_layer import _count as layer_count
from symconv.checker.keras_layers import _blocks as code_blocks
from symconv.checker.keras_layers import keras_layers, unread_keras_layers
from symconv.checker.network_named import column_head
from symconv.checker.size_names import flatten, left_side

# a summary's header: its layer column and its count column
_LAYER_HEAD = re.compile(r"^\s*layer\b", re.I)
_COUNT_HEAD = re.compile(r"^\s*(?:param(?:eter)?s?\s*#?|#\s*params?)\s*$", re.I)
# the class a Keras name stands for, by its snake-case stem: the kinds keras_layers builds
_KINDS = (
    (re.compile(r"^(?:depthwise_)?conv[12]d$"), "Conv"),
    (re.compile(r"^max_pooling[12]d$"), "MaxPool"),
    (re.compile(r"^average_pooling[12]d$"), "AvgPool"),
    (re.compile(r"^dense$"), "Linear"),
)
# layers without parameters that keep the width: keras_layers passes over them
_PASSED = re.compile(
    r"^(?:flatten|dropout|spatial_dropout[12]d|activation|re_lu|leaky_re_lu|softmax|input_layer)$"
)
# the claim's name: a count (P, P_3, P_{total}, N_params)
_NAME = re.compile(r"^(?:P|N|N_params|params)(?:_(\d+)|_([A-Za-z]+))?$")
_TOTAL = re.compile(r"^(?:total|tot|all|sum|model|gesamt|totale)$", re.I)
_TOTAL_WORDS = re.compile(r"\btotal params\b|\bnon-trainable params\b|\btrainable params\b", re.I)
# the subscripts each line of the summary's foot may give its count: P_{total}, P_{nt}, P_{tr}
_SUBSCRIPTS = {
    "total params": _TOTAL,
    "non-trainable params": re.compile(r"^(?:nt|non|frozen|fixed)$", re.I),
    "trainable params": re.compile(r"^(?:tr|train|trainable)$", re.I),
}
# a batch normalization row, and the calls of the code that build one (the options that keep
# its 4 numbers a channel, or none)
_NORM = "BatchNorm"
_NORM_CALL = re.compile(r"\bBatchNormalization\s*\(([^()]*)\)")
_NORM_ARGS = re.compile(
    r"\s*(?:(?:axis\s*=\s*-1|momentum\s*=\s*[\d.]+|epsilon\s*=\s*[\de.-]+|"
    r"name\s*=\s*[\"'][\w-]*[\"'])\s*,?\s*)*"
)
_RULE = re.compile(r"^\s*\|?\s*:?-{2,}")


def _cells(row: str) -> list[str]:
    return [c.strip() for c in row.strip().strip("|").split("|")]


def _table_around(document: list[str], line: int) -> tuple[int, int] | None:
    """(first, last) 1-based lines of the table the line stands in or right after (its
    header first); None when none is there."""
    k = line
    if not document[k - 1].lstrip().startswith("|"):  # "Total params: ..." below the table
        k -= 1
        while k >= 1 and not document[k - 1].strip():
            k -= 1
        if k < 1 or not document[k - 1].lstrip().startswith("|"):
            return None
    last = k
    while last < len(document) and document[last].lstrip().startswith("|"):
        last += 1
    first = k
    while first > 1 and document[first - 2].lstrip().startswith("|"):
        first -= 1
    return first, last


def _kind(cell: str) -> str | None:
    """The class a summary row names ("conv2d_1 (Conv2D)": Conv), "" for a layer passed
    over, None for one not read."""
    stem = re.sub(r"[`*$\\]", "", cell).strip().split(" ")[0]
    stem = re.sub(r"_\d+$", "", stem.lower())
    if _PASSED.match(stem):
        return ""
    if stem == "batch_normalization":
        return _NORM
    return next((kind for pattern, kind in _KINDS if pattern.match(stem)), None)


def _summary(document: list[str], first: int, last: int) -> list[Built] | None:
    """The model's layer of each row with parameters or a window, when the table is a
    summary of the notes' one Keras model, read whole; else None."""
    header = _cells(document[first - 1])
    if len(header) < 2 or not _LAYER_HEAD.match(header[0]) or first + 1 > last:
        return None
    if not _RULE.match(document[first]):
        return None
    if not any(_COUNT_HEAD.match(c) for c in header):
        return None
    blocks = [b for _, b in code_blocks(document) if keras_layers(b)]
    if len(blocks) != 1 or unread_keras_layers(document):
        return None  # two models, or a layer the reader stops at: which is which is a guess
    layers = [x for x, _ in keras_layers(blocks[0])]
    rows = [_kind(_cells(document[k - 1])[0]) for k in range(first + 2, last + 1)]
    if any(kind is None for kind in rows):
        return None
    kinds = [kind for kind in rows if kind and kind != _NORM]
    if kinds != [x.kind for x in layers]:
        return None  # the rows are not the model's layers in order
    norms = _NORM_CALL.findall(blocks[0])
    if rows.count(_NORM) != len(norms) or any(not _NORM_ARGS.fullmatch(a) for a in norms):
        return None  # a normalization the code does not build as written, or with options
    out: list[Built] = []
    it = iter(layers)
    for kind in rows:
        if kind == _NORM:  # it normalizes the width of the last layer that set one
            widths = [x.settings.get("out_channels") or x.settings.get("out_features") for x in out]
            width = next((w for w in reversed(widths) if w), None)
            if width is None:
                return None
            out.append(Built(_NORM, 0, {"width": width}, "BatchNormalization()", None))
        else:
            out.append(next(it) if kind else Built("", 0, {}, "", None))
    return out


def _count(layer: Built) -> int:
    """Keras's count of a layer of the summary (a pooling, a passed layer: none); a batch
    normalization's is 4 per channel: its scale gamma and shift beta, trained, and the moving
    mean and variance it keeps, which the summary counts too as non-trainable."""
    if layer.kind in ("Conv", "Linear"):
        return layer_count(layer, bool(layer.settings.get("bias", 1)))
    if layer.kind == _NORM:
        return 4 * layer.settings["width"]
    return 0


def _frozen(layer: Built) -> int:
    """The non-trainable part of a layer's count: a batch normalization's moving mean and
    variance, one each per channel."""
    return 2 * layer.settings["width"] if layer.kind == _NORM else 0


def _rank(layers: list[Built], index: int) -> int:
    """The place of row ``index`` among the rows with parameters (P_3 for the third such)."""
    return sum(1 for x in layers[: index + 1] if _count(x))


def judge_summary_count(text: str, document: list[str], line: int, source: str) -> dict | None:
    """The verdict of a count claimed in a summary's row or as its total, or None."""
    if not 0 < line <= len(document):
        return None
    left = left_side(text)
    values = numeric_sides(text) if left is not None else None
    if left is None or not values:
        return None
    m = _NAME.match(flatten(left))
    if m is None:
        return None
    span = _table_around(document, line)
    if span is None:  # "P_2 = 3 \cdot 3 \cdot 32 \cdot 32" below: the row that named P_2
        return _named_in_row(flatten(left), values, document, line)
    first, last = span
    layers = _summary(document, first, last)
    if layers is None:
        return None
    own = document[line - 1]
    at = own.find(source)
    if first <= line <= last:  # a row's count cell
        if line < first + 2 or not _COUNT_HEAD.match(column_head(document, line, at)):
            return None
        index = line - first - 2
        if m.group(1) is not None and int(m.group(1)) not in (index + 1, _rank(layers, index)):
            return None  # P_2 in the fourth row: which layer the name means is not read
        if m.group(2) is not None:
            return None
        layer = layers[index]
        truth = _count(layer)
        name = _cells(own)[0]
        return compare(
            Fraction(truth),
            values,
            f"{name} is {layer.text} of the notes' Keras model, with {truth} parameters",
        )
    before = own[: max(at, 0)]
    said = list(_TOTAL_WORDS.finditer(before))
    if not said:
        return None  # below the table, only its "Total params" and its split
    which = said[-1].group(0).lower()  # the last words before the claim name it
    if m.group(1) is not None or (
        m.group(2) is not None and not _SUBSCRIPTS[which].match(m.group(2))
    ):
        return None  # P_{nt} after "Total params:": which one it is, is not read
    counts = [_count(x) for x in layers if x.kind]
    frozen = sum(_frozen(x) for x in layers)
    truth = {"tot": sum(counts), "non": frozen, "tra": sum(counts) - frozen}[which[:3]]
    if which.startswith("total"):
        shown = " + ".join(str(c) for c in counts if c)
        about = f"the notes' Keras model has {shown} = {truth} parameters in all"
    elif which.startswith("non"):
        about = f"the moving means and variances of its batch normalizations: {truth}"
    else:
        about = f"its {sum(counts)} parameters less the {frozen} of the moving statistics"
    return compare(Fraction(truth), values, f"{about}")


def _named_in_row(name: str, values: list[Fraction], document: list[str], line: int) -> dict | None:
    """A count the notes named in one row of a summary above (``| conv2d_1 (Conv2D) | ... |
    $P_2 = 9216$ |``) and work out again in prose below it: the name is that row's layer's
    count, whatever the prose's own value (a name two rows give is read as neither)."""
    rows = []
    for k in range(1, line):
        text = document[k - 1]
        if not text.lstrip().startswith("|"):
            continue
        for cell in _cells(text):
            math = re.fullmatch(r"\$\s*([^$=]+?)\s*=\s*[^$]*\$", cell)
            written = left_side(math.group(0).strip("$")) if math else None
            if written is not None and flatten(written) == name:
                rows.append(k)
    if len(rows) != 1:
        return None
    span = _table_around(document, rows[0])
    layers = _summary(document, *span) if span is not None else None
    if layers is None or not rows[0] >= span[0] + 2:
        return None
    layer = layers[rows[0] - span[0] - 2]
    if not layer.kind:
        return None
    truth = _count(layer)
    row = _cells(document[rows[0] - 1])[0]
    about = f"{name} is the count of row {row}, {layer.text} of the notes' Keras model: {truth}"
    return compare(Fraction(truth), values, about)
