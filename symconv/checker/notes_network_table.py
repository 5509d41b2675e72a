"""A network the notes state as a Markdown table, one layer per row:

    | layer | what                                  | output   |
    |-------|---------------------------------------|----------|
    | conv1 | 16 filters 5×5, stride 1, pad 2, ReLU | 16×32×32 |
    | pool  | max 2×2, stride 2                     | 16×16×16 |
    | gap   | global average pool                   | 64       |
    | fc    | dense 64 → 10                         | 10       |

Each row becomes one part of a prose description ("conv1: 16 filters 5×5, stride 1, pad 2"),
read by checker/notes_network.py like a list of layers.  The input is the table's "input"
row, else the shape the prose above names ("TinyNet on 3×32×32 images").

A table may give each setting a column of its own instead (``| Layer | Filters | Kernel |
Stride | Padding | Output |``, ``| Laag | Kernel | Stride | Padding | Uitvoervorm |``): each
such cell is read with its column's word ("stride 2", "padding 1", "8 filters", "kernel 3 x
3"), as if the row said it in words.  A row's label may carry its description after a comma
("conv1, 8 filters"), and an input row's output cell is the input's shape.

An "output" column states what each layer gives.  It is a check of the reading, never a
source of it: the network is read only when every stated output is the one the layers give.
A convolution whose stride or padding the row leaves out is read with PyTorch's defaults
(stride 1, no padding) only when its stated output is what those defaults give -- the row
then says it, in its own way.

A quiz on sizes and receptive fields numbers its layers in the layer column and names their
kind in another (``| layer | operation | kernel | stride | padding | dilation |`` with ``| 2 |
conv | 3 × 3 | 2 | 1 | 1 |``), and often states no filter count at all: sizes, jumps and
receptive fields do not depend on the channels.  Such a table's convolutions are read with
one filter each and marked ``unchanneled``: its counts are not judged (network_named.py), its
sides are.  Its input may be a single-channel map of two sides ("applied to a single-channel
$64 \times 64$ input").
"""

from __future__ import annotations

import re

from symconv.checker.scope_facts import clean

# a column naming the layers, and one stating their outputs
_LAYER_HEAD = re.compile(
    r"^\W*(?:layer|layers|capa|capas|couche|couches|Schicht|Ebene|laag|lagen|strato|livello|"
    r"camada|warstwa|слой|name|nombre|nom)\W*$",
    re.I,
)
_OUTPUT_HEAD = re.compile(
    r"\b(?:output|out|salida|sortie|Ausgabe\w*|shape|forma|uitvoer\w*|uscita|saída|"
    r"output\w+)\b(?!\s*(?:side|size|lado))",
    re.I,
)
# the words an input row is labelled with, in the languages the rest of the reader reads
_INPUT_LABEL = r"input|entrada|entrée|invoer|Eingabe|ingresso|wejście|вход"
_ROW_LABEL = re.compile(
    rf"^\W*(?:{_INPUT_LABEL}|conv\w*\s*\d*|pool\w*\s*\d*|max\s*pool\w*\s*\d*|"
    r"avg\s*pool\w*\s*\d*|gap|gmp|fc\s*\d*|dense\s*\d*|densa\s*\d*|linear\s*\d*|flatten|"
    r"aplanar|relu|capa\s*\d+|layer\s*\d+|couche\s*\d+|[CSF]\d{1,2})\W*$",  # LeNet's C1, S2, F6
    re.I,
)
_INPUT_ROW = re.compile(rf"^\W*(?:{_INPUT_LABEL})\W*$", re.I)
# a column of one setting: its cells are read with the column's word ("| Stride |" ... "| 2 |"
# is "stride 2"); the filter count's word follows its number ("8 filters")
_SETTING_HEADS = (
    (
        re.compile(r"^\W*(?:stride|strides|paso|pas|passo|Schrittweite|stap|s)\W*$", re.I),
        "stride {}",
    ),
    (
        re.compile(
            r"^\W*(?:padding|pad|relleno|remplissage|marge|Auffüllung|opvulling|preenchimento|p)"
            r"\W*$",
            re.I,
        ),
        "padding {}",
    ),
    (re.compile(r"^\W*(?:dilation|dilatación|dilatation|dilatazione|d)\W*$", re.I), "dilation {}"),
    (
        re.compile(
            r"^\W*(?:kernel|kernels|kernel size|noyau|núcleo|Kern|filtergrootte|filter size|"
            r"window|ventana|fenêtre|k)\W*$",
            re.I,
        ),
        "kernel {}",
    ),
    (
        re.compile(
            r"^\W*(?:#\s*)?(?:filters|filtros|filtres|Filter|out channels|output channels|"
            r"C_?out|canales de salida|canaux de sortie|Ausgabekanäle|kanalen)\W*$",
            re.I,
        ),
        "{} filters",
    ),
)
# a column numbering the rows: "| # | Strato | ... |", "| Nr. | Schicht |", "| n° | couche |"
# -- the notes' own numbers of their layers, activations and flatten counted ("H_3" of row 3)
_NUMBER_HEAD = re.compile(r"^\W*(?:#|n[°º.]?|no\.?|nr\.?|num\.?|lp\.?|sıra)\W*$", re.I)
_EMPTY_CELL = re.compile(r"^[\s–—\-/·]*$")
# "on 3×32×32 images", "takes 1x28x28 inputs": the input shape written before its word
_SHAPE_FIRST = re.compile(
    r"\b(\d+)\s*(?:x|×)\s*(\d+)\s*(?:x|×)\s*(\d+)\s+(?:RGB\s+)?(?:images?|inputs?|im[áa]genes|"
    r"entradas?|entr[ée]es?|immagini|imagens)\b",
    re.I,
)
# the words an input is named with in the lines above a table: en, es, fr, de, it, pt, pl, nl
_INPUT_WORDS = (
    r"input|entrada|entr[ée]e|Eingabe\w*|images?|im[áa]gen(?:es)?|immagin[ei]|imagens?|"
    r"ingress[oi]|\w*[Bb]ild(?:er)?|obraz\w*|wejści\w*|invoer"
)
# "L'entrée est une image couleur 3 × 64 × 64", "the input is a 3 x 32 x 32 image": the word
# first (one shape in the lines above the table, else none is read)
_SHAPE_AFTER = re.compile(
    rf"\b(?:{_INPUT_WORDS})\b[^.;\n\d]{{0,40}}?(\d+)\s*(?:x|×)\s*(\d+)\s*(?:x|×)"
    r"\s*(\d+)\b",
    re.I,
)
# "a single-channel 64 x 64 input", "grayscale 28 x 28 images": one channel, two sides
_SQUARE_INPUT = re.compile(
    r"\b(?:single[- ]channel|one[- ]channel|grayscale|greyscale|escala de grises|en gris|"
    r"niveaux de gris|Graustufen\w*|einkanalig\w*|un solo canal|un seul canal)\s+"
    r"(\d+)\s*(?:x|×)\s*(\d+)\s+(?:inputs?|images?|maps?|im[áa]gen(?:es)?|entradas?|"
    r"entr[ée]es?|Eingaben?|Bild(?:er)?|cartes?)\b",
    re.I,
)
# a column naming each numbered layer's kind: "| operation |", "| type |", "| Operación |"
_KIND_HEAD = re.compile(
    r"^\W*(?:operation|op|type|kind|tipo|operación|opération|Operation|Typ|Art|operazione|"
    r"operação)\W*$",
    re.I,
)
_KIND_WORD = re.compile(r"\b(?:conv\w*|\w*pool\w*|dense|linear|fc|Faltung\w*)\b", re.I)
# a filter count in any of the languages notes_network.py reads ("8 filtres", "8@5x5", "(8)")
_FILTER_WORD = re.compile(
    r"\b\d+\s*(?:filters?|filtros?|filtres?|Filter|filtri|kernels|noyaux|output channels|"
    r"feature maps|mapas|canales|canaux|Kanäle|Ausgabekanäle)\b|@|\(\s*\d+\s*\)",
    re.I,
)
_COUNT_HEAD = re.compile(
    r"\b(?:param\w*|paramètres?|parámetros?|Parameter\w*|#\s*params|weights|pesos|poids)\b",
    re.I,
)
_SHAPE = re.compile(r"(\d+)\s*(?:x|×)\s*(\d+)(?:\s*(?:x|×)\s*(\d+))?|^\W*(\d+)\W*$")
_DEFAULTED = re.compile(r"\b(?:stride|paso|pas|padding|pad|relleno|s\d|p\d)\b", re.I)


def _cells(text: str) -> list[str]:
    return [c.strip() for c in text.strip().strip("|").split("|")]


Described = tuple[
    int, int, list[str], list[str], list[tuple[int, ...] | None], list[int | None], bool
]


def table_descriptions(document: list[str]) -> list[Described]:
    """(first line, last line, parts, labels, stated outputs, the rows' own numbers, whether
    the filter counts are unstated) of every layer table."""
    found = []
    i = 0
    while i < len(document):
        if not document[i].lstrip().startswith("|"):
            i += 1
            continue
        j = i
        while j + 1 < len(document) and document[j + 1].lstrip().startswith("|"):
            j += 1
        read = _table(document, i, j)
        if read is not None:
            found.append((i, j, *read))
        i = j + 1
    return found


def _table(
    document: list[str], first: int, last: int
) -> tuple[list[str], list[str], list[tuple[int, ...] | None], list[int | None], bool] | None:
    header = _cells(document[first])
    if first + 1 > last or not re.fullmatch(r"[\s|:-]+", document[first + 1]):
        return None
    named = [k for k, c in enumerate(header) if _LAYER_HEAD.match(c)]
    if len(named) != 1:
        return None
    label_at = named[0]
    number_at = _number_column(header, document[first + 2 : last + 1], label_at)
    kinds = [k for k, c in enumerate(header) if _KIND_HEAD.match(clean(c))]
    # "| layer | operation |" with "| 2 | conv |": the layer column numbers the rows
    numbered_labels = number_at is None and len(kinds) == 1
    outputs = [k for k, c in enumerate(header) if k != label_at and _OUTPUT_HEAD.search(c)]
    output_at = outputs[0] if len(outputs) == 1 else None
    # a column of counts is what the notes claim of each layer, not how they describe it
    counted = {k for k, c in enumerate(header) if _COUNT_HEAD.search(clean(c))}
    skipped = (label_at, output_at, number_at, *counted)
    described = [k for k in range(len(header)) if k not in skipped]
    parts: list[str] = []
    labels: list[str] = []
    stated: list[tuple[int, ...] | None] = []
    numbers: list[int | None] = []
    for text in document[first + 2 : last + 1]:
        cells = _cells(text)
        if len(cells) != len(header):
            return None
        # "conv1, 8 filters": the layer's name, then what it is
        label, _, told = clean(cells[label_at]).strip(" *").partition(",")
        label = label.strip(" *")
        row_number = None
        if numbered_labels and label.isdigit() and _KIND_WORD.search(clean(cells[kinds[0]])):
            row_number, label = int(label), ""  # its kind is in the operation column
        elif not _ROW_LABEL.match(label):
            return None
        if _INPUT_ROW.match(label) and output_at is not None:
            # the input row's output is the input: "| invoer | – | 1 × 28 × 28 |"
            parts.append(f"input {clean(cells[output_at])}")
            labels.append("")
            stated.append(None)
            numbers.append(None)
            continue
        what = " ".join([told.strip(), *(_with_head(header[k], cells[k]) for k in described)])
        if (
            re.search(r"\bconv", label, re.I)
            and output_at is not None
            and not _DEFAULTED.search(clean(what))
        ):
            what += ", stride 1, padding 0"  # confirmed below by the stated output, or unread
        parts.append(f"{label}: {what}")
        labels.append(label.lower().replace(" ", ""))
        stated.append(_shape(cells[output_at]) if output_at is not None else None)
        number = clean(cells[number_at]).strip(" .*") if number_at is not None else ""
        numbers.append(int(number) if number.isdigit() else row_number)
    if len(parts) < 2:
        return None
    # no filter count anywhere (no such column, no "8 filters" in a row): one filter each
    # every row numbered in the layer column, and no filter count anywhere: one filter each
    numbered_rows = numbered_labels and all(n is not None for n in numbers)
    unchanneled = numbered_rows and not any(_FILTER_WORD.search(clean(p)) for p in parts)
    if unchanneled:
        parts = [
            f"{p} 1 filters"
            if re.search(r"\bconv", p, re.I) and not re.search(r"pool", p, re.I)
            else p
            for p in parts
        ]
    if not any(re.match(r"input|entrada|entrée", p, re.I) for p in parts):
        above = " ".join(clean(t) for t in document[max(0, first - 6) : first])
        shapes = list(_SHAPE_FIRST.finditer(above)) or list(_SHAPE_AFTER.finditer(above))
        squares = list(_SQUARE_INPUT.finditer(above))
        if len(shapes) == 1:
            m = shapes[0]
            parts.insert(0, f"input {m.group(1)} x {m.group(2)} x {m.group(3)}")
        elif not shapes and len(squares) == 1:  # one channel: the map's two sides
            m = squares[0]
            parts.insert(0, f"input {m.group(1)} x {m.group(2)} x 1")
        else:
            return None
        labels.insert(0, "")
        stated.insert(0, None)
        numbers.insert(0, None)
    return parts, labels, stated, numbers, unchanneled


def _number_column(header: list[str], rows: list[str], label_at: int) -> int | None:
    """The column of the rows' own numbers: its head a number sign, its cells whole numbers
    counting up one by one (an input row may leave its cell empty or write 0)."""
    for k, head in enumerate(header):
        if k == label_at or not _NUMBER_HEAD.match(clean(head)):
            continue
        cells = [_cells(row) for row in rows]
        if any(len(c) != len(header) for c in cells):
            return None
        values = [clean(c[k]).strip(" .*") for c in cells]
        numbers = [int(v) for v in values if v.isdigit()]
        if not numbers or len(numbers) < len(values) - 1:
            return None
        if numbers != list(range(numbers[0], numbers[0] + len(numbers))):
            return None
        if len(numbers) < len(values) and (values[0].isdigit() or not _EMPTY_CELL.match(values[0])):
            return None  # only the first row (the input's) may have no number
        return k
    return None


def _with_head(head: str, cell: str) -> str:
    """A cell as its row says it: a setting column's number with the column's word."""
    value = clean(cell).strip()
    if _EMPTY_CELL.match(value):
        return ""
    for pattern, said in _SETTING_HEADS:
        if pattern.match(clean(head)):
            if said.startswith("kernel") and re.fullmatch(r"\d+", value):
                value = f"{value} x {value}"  # a square kernel by its side
            return said.format(value) + ","
    return cell


def _shape(cell: str) -> tuple[int, ...] | None:
    m = _SHAPE.search(clean(cell))
    if m is None:
        return None
    return tuple(int(g) for g in m.groups() if g is not None)


def outputs_agree(
    shapes: list[tuple[int, ...]],
    names: dict[str, int],
    labels: list[str],
    stated: list[tuple[int, ...] | None],
) -> bool:
    """Every output the table states is the one its layer gives (``shapes``: the layers'
    outputs, channels first; ``names``: a row's label -> its layer).  A global pool's 64 x 1
    x 1 is written 64."""
    for label, shape in zip(labels, stated, strict=True):
        if shape is None or not label:
            continue
        if label not in names:
            return False
        given = tuple(n for n in shapes[names[label]] if n != 1) or (1,)
        if (tuple(n for n in shape if n != 1) or (1,)) != given:
            return False
    return True
