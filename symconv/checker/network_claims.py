"""A count or size worked out in numbers about a layer of the network the notes state
(checker/notes_network.py): "Parámetros de conv2: $3\\cdot3\\cdot16 + 16 = 160$", "After
Conv2 it is $10 - 3 + 1 = 8$", a table row ``| Conv1 | ... | $4 \\cdot (1 \\cdot 9 + 1) = 40$ |``
under a "parameters" column, "- pool: $28 / 2 = 14$, flatten: $8 \\cdot 14 \\cdot 14 = 1568$".

The layer is the one named closest before the statement (its own name, "conv2" as the second
convolution, or a kind the network has only one of: "la densa", "pool", "flatten"), and the
quantity is the one the words say (parameters, else a size).  The statement is then judged
against that layer's true value, and a wrong one names it.  Where the reading is a guess it
is not judged: no layer named (unless the computation is a layer's own output side from its
input and kernel), two layers of the kind named, a size of a layer whose stride or padding the
notes do not state, a count that is right without a bias the notes do not mention, or a
sentence about another configuration ("Si conv1 usara relleno 2, ... sería ...").
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any

from symconv.checker.context import finding
from symconv.checker.layer_counts import PARAM_WORDS
from symconv.checker.layer_quantities import describe, extra_quantity, layer_quantity
from symconv.checker.network_names import mentions
from symconv.checker.network_variants import hypothetical, setting_in, varied
from symconv.checker.notes_network import NotesNetwork, label_of, notes_network
from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.size_structure import _uses
from symconv.spec.layer import Conv, Dense, Layer, Pool

_SIZE_WORDS = re.compile(
    r"\b(?:output|outputs|side|size|sizes|shape|spatial|rows?|columns?|maps?|shrinks?|"
    r"becomes?|halves|entries|inputs|vector|length|salida|mide|tamaño\w*|lado|filas?|"
    r"columnas?|mapa|queda\w*|entradas|taille|sortie)\b",
    re.IGNORECASE,
)
_PER = re.compile(r"\b(?:per|por|each|cada|par|chaque|one filter|un filtro)\b", re.I)
_INPUT_WORDS = re.compile(r"\b(?:entradas|inputs|entries|recib\w*|receives?|entr[ée]es)\b", re.I)


def judge_network_statement(
    value: Fraction, source: str, document: list[str], line: int
) -> dict[str, Any] | None:
    """The verdict of a numbers-only chain with value ``value`` at the (1-based) line, about
    the network the notes state; None when no such network or no layer of it is read."""
    stated = notes_network(document, line)
    if stated is None or not 1 <= line <= len(document):
        return None
    text = document[line - 1]
    at = text.find(source)
    if at < 0:
        return None
    lead = re.sub(r"\$+\s*$", "", text[:at])
    if not lead.strip() and line > 1:  # a display: the sentence that introduces it
        lead = _introduction(document, line)
    words = re.sub(r"\$[^$]*\$", " $ ", lead)
    sentence = re.split(r"[.!?](?:\s|$)", words)[-1]
    immediate = re.split(r"\$|[,;]", sentence)[-1]  # from the math or clause before it
    after = re.split(r"\$|[.;!?](?:\s|$)", text[at + len(source) :].lstrip("$"), maxsplit=1)[0]
    if not after.strip():  # "... the layer has $$...$$ parameters.": the sentence goes on
        after = _continuation(document, line)
    row, header = _table_cells(document, line, at)
    target = None
    for text in (immediate, sentence, row):  # the name closest before the statement
        target = _target(text, stated)
        if target is not None:
            break
    paragraph = _paragraph_before(document, line, lead)
    if target is None:
        if hypothetical(paragraph):
            return None
        return _structural(value, source, stated) or _structural_count(value, source, stated)
    if target == "ambiguous":
        return None
    quantity = extra_quantity(immediate + " " + after, sentence, header) or _quantity(
        immediate, after, sentence, header
    )
    # "per filter", "each output channel": a part of a count; "with padding 2": a variant
    per = _PER.search(sentence + " " + after) is not None
    partial = per or setting_in(sentence)
    weak = False
    if quantity is None:  # "## Exercice 2 — Nombre de paramètres": a hint, never a verdict
        quantity, weak = _heading_quantity(_heading(document, line)), True
    if hypothetical(paragraph) or partial:
        net = stated if per else varied(stated, paragraph)
        if net is None:
            return None
        return _judge(value, (source, after), target, quantity, net, verify_only=True)
    return _judge(value, (source, after), target, quantity, stated, verify_only=weak)


def _introduction(document: list[str], line: int) -> str:
    """The text that introduces a display: the line right above it, else (across one blank
    line) a line of prose that does not end its sentence ("Total de parámetros:", "(e)
    ¿Cuántas entradas tiene ...?"), without its closing mark."""
    above = document[line - 2]
    if above.strip():
        return above
    if line < 3:
        return ""
    text = document[line - 3].rstrip()
    prose = text and not text.lstrip().startswith(("$$", "|", "#")) and not text.endswith("$$")
    if prose and re.search(r"[:?,]$|[^.!;)\]]$", text):
        return re.sub(r"[:?,]+$", "", text)
    return ""


def _continuation(document: list[str], line: int) -> str:
    """The words that finish a display's sentence on the line after it (across one blank
    line), when that line goes on in lower case ("parameters.", "entradas, y ..."), up to
    its first mark."""
    for text in document[line : line + 2]:
        if text.strip():
            if not re.match(r"\s*[a-zà-ÿ]", text):
                return ""
            return re.split(r"\$|[.;,!?](?:\s|$)", text, maxsplit=1)[0]
    return ""


def _paragraph_before(document: list[str], line: int, lead: str) -> str:
    """The paragraph up to the statement: the lines above it back to a blank line."""
    start = line - 1
    while start > 0 and document[start - 1].strip():
        start -= 1
    return "\n".join([*document[start : line - 1], lead])


def _heading_quantity(heading: str) -> str | None:
    """The quantity a heading names, when it names one kind only."""
    params, sizes = PARAM_WORDS.search(heading), _SIZE_WORDS.search(heading)
    return None if bool(params) == bool(sizes) else "params" if params else "size"


def _heading(document: list[str], line: int) -> str:
    """The heading the statement stands under ("## Exercice 2 — Nombre de paramètres")."""
    for text in reversed(document[: line - 1]):
        if re.match(r"#+\s", text):
            return text
    return ""


def _table_cells(document: list[str], line: int, at: int) -> tuple[str, str]:
    """(first cell of the statement's table row, header cell of its column), or blanks."""
    text = document[line - 1]
    if not text.lstrip().startswith("|"):
        return "", ""
    column = text[:at].count("|") - 1
    first = line - 1
    while first > 0 and document[first - 1].lstrip().startswith("|"):
        first -= 1
    cells = [c.strip() for c in text.split("|")[1:]]
    header = [c.strip() for c in document[first].split("|")[1:]]
    return (cells[0] if cells else ""), (header[column] if 0 <= column < len(header) else "")


def _target(text: str, stated: NotesNetwork) -> int | str | None:
    """The layer (index), "flatten", "total" or "ambiguous" named last in the text."""
    found = mentions(text, stated)
    return found[-1][1] if found else None


def _quantity(*texts: str) -> str | None:
    """ "params", "size" or None, by the words closest to the statement: right before it,
    right after it ("$7\\cdot7\\cdot16 = 784$ entradas"), in its sentence, its column."""
    for text in texts:
        params = [m.start() for m in PARAM_WORDS.finditer(text)]
        sizes = [m.start() for m in _SIZE_WORDS.finditer(text)]
        if params or sizes:
            return "params" if max(params, default=-1) > max(sizes, default=-1) else "size"
    return None


def _flat_width(stated: NotesNetwork) -> int | None:
    for spec, shape_in, _ in stated.net.shapes():
        if isinstance(spec, Dense) and len(shape_in) == 3:
            return spec.in_features
    return None


def _judge(
    value: Fraction,
    written: tuple[str, str],
    target: int | str,
    quantity: str | None,
    stated: NotesNetwork,
    verify_only: bool,
) -> dict[str, Any] | None:
    source, after = written
    shapes = stated.net.shapes()
    if target == "total":
        if quantity == "size":
            return None
        total = sum(spec.param_count() for spec, _, _ in shapes)
        bare = sum(_without_bias(spec) for spec, _, _ in shapes)
        return _decide(
            value,
            {total},
            f"the network the notes state has {total} parameters in all",
            set() if stated.bias_stated else {bare},
            verify_only or quantity != "params",  # "in total ... multiply-adds": not a count
        )
    if target == "flatten":
        width = _flat_width(stated)
        if width is None or quantity == "params":
            return None
        # wrong only for a product over the channels too ("7·7 = 49" may be one channel's)
        channels = next(i[0] for s, i, _ in shapes if isinstance(s, Dense) and len(i) == 3)
        whole = _uses(source, channels) and stated.sizes_stated
        return _decide(
            value,
            {width},
            f"the flattened input of the dense layer has {width} entries",
            set(),
            verify_only or not whole,
        )
    spec, shape_in, shape_out = shapes[int(target)]
    name = _name(stated, int(target))
    if quantity in ("weights", "numel", "mults"):
        known = layer_quantity(spec, shape_in, shape_out, quantity)
        if known is None or (quantity != "weights" and not stated.sizes_stated):
            return None
        truth, factors = known
        about = describe(quantity, name, truth)
        return _decide(value, {truth}, about, set(), verify_only or not _uses(source, *factors))
    if quantity == "params" or (quantity is None and value == spec.param_count()):
        count = spec.param_count()
        if isinstance(spec, Pool):
            return _decide(value, {0}, f"{name} has no parameters", set(), verify_only)
        bare = _without_bias(spec)
        doubtful = set() if stated.bias_stated else {bare}
        return _decide(value, {count}, f"{name} has {count} parameters", doubtful, verify_only)
    if isinstance(spec, Dense):
        inputs = _INPUT_WORDS.search(after) is not None
        width = spec.in_features if inputs else spec.out_features
        return _decide(
            value,
            {width},
            f"{name} has {spec.in_features} inputs and {spec.out_features} outputs",
            {spec.in_features, spec.out_features},
            True,  # "15680 entries" may be its weight matrix's: never wrong on a width
        )
    sides = set(shape_out[1:])
    about = f"the output of {name} is {shape_out[1]}x{shape_out[2]}"
    if not stated.sizes_stated:
        return None
    # a wrong size only of a computation from this layer's own input side
    sure = quantity == "size" and _uses(source, shape_in[1]) and not verify_only
    return _decide(value, sides, about, set(), not sure)


def _decide(
    value: Fraction, right: set[int], about: str, doubtful: set[int], verify_only: bool
) -> dict[str, Any] | None:
    shown = _shown(value)
    if value in right:
        return finding(VERIFIED, f"every side is {shown}: {about}")
    if value in doubtful or verify_only:
        return None
    return finding(WRONG, f"the arithmetic holds ({shown}), but {about}, not {shown}")


def _shown(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else str(value)


def _name(stated: NotesNetwork, index: int) -> str:
    label = label_of(stated, index)
    spec = stated.net.layers[index]
    kind = {Conv: "convolution", Pool: "pooling", Dense: "dense layer"}.get(type(spec), "layer")
    number = sum(1 for s in stated.net.layers[: index + 1] if type(s) is type(spec))
    return label or f"the notes' {kind} {number}"


def _without_bias(spec: Layer) -> int:
    if isinstance(spec, Conv):
        return spec.param_count() - (spec.out_channels if spec.bias else 0)
    if isinstance(spec, Dense):
        return spec.param_count() - (spec.out_features if spec.bias else 0)
    return 0


def _structural(value: Fraction, source: str, stated: NotesNetwork) -> dict[str, Any] | None:
    """No layer named: the one layer whose output side the computation is, from its own
    input side and kernel ("Tamaños: $7 - 3 + 1 = 5$")."""
    if not stated.sizes_stated:
        return None
    found = []
    for spec, shape_in, shape_out in stated.net.shapes():
        if not (isinstance(spec, Conv | Pool) and len(shape_in) == 3):
            continue
        if value == shape_out[1] and _uses(source, shape_in[1], spec.kernel[0]):
            found.append(spec)
    if len(found) != 1:
        return None
    index = stated.net.layers.index(found[0])
    return finding(
        VERIFIED,
        f"every side is {_shown(value)}: the output side of {_name(stated, index)} of the "
        "network the notes state, from its input side and kernel",
    )


def _structural_count(value: Fraction, source: str, stated: NotesNetwork) -> dict[str, Any] | None:
    """No layer named: the one layer whose output holds as many values as the computation
    gives, from that output's own channels and sides ("$16 \\cdot 12 \\cdot 12 = 2304$")."""
    if not stated.sizes_stated:
        return None
    found = []
    for index, (spec, shape_in, shape_out) in enumerate(stated.net.shapes()):
        known = layer_quantity(spec, shape_in, shape_out, "numel")
        if known and len(shape_out) == 3 and value == known[0] and _uses(source, *known[1]):
            found.append((index, known[0]))
    if len(found) != 1:  # the same output kept through a ReLU or a pool of window 1
        return None
    index, truth = found[0]
    return finding(
        VERIFIED,
        f"every side is {_shown(value)}: {describe('numel', _name(stated, index), truth)} "
        "(its channels and sides)",
    )
