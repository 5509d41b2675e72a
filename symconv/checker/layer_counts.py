"""Parameter counts the prose attributes to a layer: ``nn.ConvTranspose2d(16, 8, 3)`` with
bias "has $16 \\cdot 8 \\cdot 3 \\cdot 3 + 16 = 1168$ parameters", ``P_{\\text{conv2}} = 16
\\cdot 5 \\cdot 5 + 16 = 416`` in notes about LeNet-5, "el número de parámetros de la capa es
$P = 3 \\cdot 2 \\cdot 3 \\cdot 3 + 3 = 57$".

Right arithmetic is not a right count: the number is compared with the count of the layer the
sentence names (a PyTorch constructor, a layer of the network the notes name, or "this
layer" when its sizes are stated).  Where the layer is only a guess, a name on the left (``P``)
is not understood, never wrong; the arithmetic of the other sides is still judged.  ``P`` in a
sentence about parameters is the parameter count, not the padding.
"""

from __future__ import annotations

import dataclasses
import math
import re
from contextvars import ContextVar
from fractions import Fraction

from symconv.checker.context import Context, finding
from symconv.checker.counterexamples import json_number
from symconv.checker.declared_constructors import declared_counts
from symconv.checker.lexicon import BIAS, NEGATION, PARAMETERS, TOTAL, WITH
from symconv.checker.limits import NotUnderstood
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.scalar import Scalar
from symconv.checker.settings_table import row_under_header
from symconv.checker.syntax import Chain, Num
from symconv.checker.written_names import single_item, symbol_name

# the word in every language the lexicon lists ("paràmetres", "parametrów", "параметров")
PARAM_WORDS = re.compile(
    rf"\b(?:{PARAMETERS}|weights and biases|"
    r"(?:trainable|learnable) (?:numbers|values|weights))\b|"
    # "each filter has its weights and a bias", "ogni filtro ha i suoi pesi e un bias"
    r"\b(?:weights|pesi|pesos|poids|Gewichte|gewichten|wagi)\s+(?:and|e|y|et|und|en|i)\s+"
    rf"(?:\w+\s+)?(?:{BIAS})\b",
    re.IGNORECASE,
)
_TOTAL = re.compile(rf"\b(?:{TOTAL})\b", re.IGNORECASE)
_THIS_LAYER = re.compile(
    r"\b(?:this layer|the layer|de (?:la|esta) capa|esta capa|la capa|of the layer)\b",
    re.IGNORECASE,
)
_INT = r"\d+"
_TUPLE = r"\(\s*\d+(?:\s*,\s*\d+)*\s*,?\s*\)"
_CONSTRUCTOR = re.compile(
    r"(?:torch\.)?(?:nn\.)?\b(Conv([123])d|ConvTranspose([123])d|Linear)\s*"
    rf"\(((?:[^()]|{_TUPLE})*)\)"
)
_NO_BIAS = re.compile(
    rf"bias\s*=\s*False|\b(?:{NEGATION})\s+(?:a |el |le |o |il |de |den )?(?:{BIAS})\b|"
    r"\bbias-free|\bkeine?n? Bias",
    re.IGNORECASE,
)
_WITH_BIAS = re.compile(
    # ("with bias=False" is the flag's value, not a bias added)
    rf"bias\s*=\s*True|\b(?:{WITH})\s+(?:{BIAS})\b(?!\s*=)|\bonce a bias|\bplus (?:a |one )?bias",
    re.IGNORECASE,
)
# the notes showing a wrong count as such: what they claim of it is its arithmetic only
_SLIP = re.compile(
    r"\b(?:slips?|mistakes?|wrong|incorrect\w*|errors?|forg[eo]ts?|forgetting|errónea\w*|"
    r"err[óo]ne\w*|incorrect[oa]s?|olvid\w*|equivoca\w*)\b",
    re.IGNORECASE,
)
_COUNT_NAMES = ("P", "N_params", "#params", "params", "n_params")
# a network layer named in a count's subscript: conv2, C3, fc1, F5, dense2, linear1
_LAYER_NAME = re.compile(r"(conv|c|fc|f|dense|linear)\s*(\d+)", re.IGNORECASE)


@dataclasses.dataclass(frozen=True)
class Counted:
    """A layer's parameter count and how the notes named the layer."""

    count: int
    layer: str
    formula: str
    biases: int = 0  # one per output: what a single bias term of its count can be
    weights: int | None = None  # the weights alone, where the count is a convolution's


# ------------------------------------------------------------------ the sentence
# which place on its line the statement read now stands at, when its text stands there more
# than once (0: the first); the runner sets it for each statement
OCCURRENCE: ContextVar[int] = ContextVar("occurrence", default=0)


def sentence_around(document: list[str], line: int, source: str, previous: bool = False) -> str:
    """The sentence a statement stands in: the prose from the last sentence end before it
    to the first after it (a blank line ends a sentence too); with ``previous``, the
    sentence before it too."""
    before, after = sentence_sides(document, line, source, previous)
    return before + source + after


def own_item(document: list[str], line: int, source: str) -> str:
    """The statement's sentence cut to its own list item: "- `Conv2d(..., stride=2)` on a 9x9
    input: $$H = ... = 5.$$" and the next item "- `Conv2d(1, 1, 3)` on a 9x9 input: $$H =
    ...$$" run on without a sentence end between them, but each states its own layer."""
    before, after = sentence_sides(document, line, source)
    starts = [m.end() for m in _ITEM.finditer(before)]
    ending = _ITEM.search(after)
    return (
        before[starts[-1] - 1 if starts else 0 :]
        + source
        + after[: ending.start() if ending else len(after)]
    )


# the start of a list item's line: "- ", "* ", "3. ", "b) " after a line break
_ITEM = re.compile(r"\n[ \t]*(?:[-*+]|\d{1,2}[.)])[ \t]+")


def sentence_sides(
    document: list[str], line: int, source: str, previous: bool = False
) -> tuple[str, str]:
    """The words of the statement's sentence before it and after it (sentence_around)."""
    if not document or not 1 <= line <= len(document):
        return "", ""
    row = row_under_header(document, line)
    if row is not None and source.strip() and source in document[line - 1]:
        # a table row's sentence is its row under the table's header, not the rows above
        own = document[line - 1]
        here = own.find(source)
        return row[: len(row) - len(own)] + own[:here], own[here + len(source) :]
    text = "\n".join(document[max(0, line - 8) : line + 6])
    start = len("\n".join(document[max(0, line - 8) : line - 1])) + (line > 1)
    at = text.find(source[:30], start) if source.strip() else -1
    for _ in range(OCCURRENCE.get()):  # the claim is the n-th of its text on its line
        again = text.find(source[:30], at + 1) if at >= 0 else -1
        if again < 0 or again > start + len(document[line - 1]):
            break
        at = again
    if at < 0:
        at = start
    before, after = text[:at], text[at + len(source) :]
    # a display stands in its sentence: the blank lines around $$ ... $$ end nothing
    before = re.sub(r"(?:\s|\$|\\[\[(]|\\begin\{[a-z*]+\})*$", " ", before)
    after = re.sub(r"^(?:\s|\$|\\[\])]|\\end\{[a-z*]+\})*", " ", after)
    # a new paragraph after the display, unless the sentence before it is unfinished and
    # the paragraph opens with a few words that end it: "... (mit Bias) hat $$...$$
    # Parameter.", a German noun capitalised
    unfinished = not re.search(r"[.!?:]\s*$", before) and re.match(
        r"\s*[A-ZÄÖÜ]\w*(?:[ \t]+\w+){0,3}[ \t]*[.,;]", after
    )
    if not (re.match(r"\s*[a-z,;.(]", after) or unfinished):
        after = ""
    ends = [m.end() for m in re.finditer(r"[.!?](?:\s|$)|\n\s*\n|\n#", before)]
    cut = (ends[-2] if len(ends) > 1 else 0) if previous else (ends[-1] if ends else 0)
    if previous and len(ends) > 1 and _TAIL.match(before[ends[-2] : ends[-1]]):
        # "$$16 \cdot 27 + 16 = 448$$ parâmetros." ends the sentence of the display before
        # the window: its words are about that display, not about this statement
        cut = ends[-1]
    end = re.search(r"[.!?](?=\s|$)|\n\s*\n", after)
    return before[cut:], (after[: end.start()] if end else after)


# another equation in the sentence, inline or displayed: "$32 \cdot 16 \cdot 25 + 32 = 12832$"
_MATH = re.compile(r"\$\$.+?\$\$|\$[^$]+\$", re.DOTALL)
_RELATION = re.compile(r"=|\\approx")


def own_stretch(text: str, source: str) -> str:
    """The stretch of ``text`` that is about ``source``: from the last other equation before
    it to the first after it.  A sentence may hold two claims ("produces $$\\lfloor (32 - 5)/2
    \\rfloor + 1 = 14$$ rows, with $32 \\cdot 16 \\cdot 25 + 32 = 12832$ parameters"): its word
    of parameters is about the equation it stands beside, not about every one of them."""
    at = text.find(source[:30]) if source.strip() else -1
    if at < 0:
        return text
    end = at + len(source)
    start, stop = 0, len(text)
    for m in _MATH.finditer(text):  # in order, so that each $ closes what it opened
        if not _RELATION.search(m.group(0)):
            continue
        if m.end() <= at:
            start = m.end()
        elif m.start() >= end and stop == len(text):
            stop = m.start()
    if start:  # "... = 34$ parameters. With a 3x3 kernel the output is": that sentence's word
        ends = [m.end() for m in re.finditer(r"[.!?](?:\s|$)|\n\s*\n", text[start:at])]
        start += ends[-1] if ends else 0
    return text[start:stop]


# a few words in lower case that end a sentence begun before them (its display above)
_TAIL = re.compile(r"\s*[a-zà-ÿ][^\W\d_]*(?:[ \t]+[^\W\d_]+){0,3}[ \t]*[.!?]\s*$")


# ------------------------------------------------------------------ counts
# the word right before a bare count that names it the weights alone: "weights $6 \cdot 4
# \cdot 9 = 216$", "wagi $...$" (pl), "los pesos: $...$" (es), "die Gewichte $...$" (de),
# "βάρη" (el), "веса" (ru), "trọng số" (vi), "वज़न"/"भार" (hi), "الأوزان" (ar); a bias word
# after it ("weights and biases $...$") makes it the whole count, and "weights" as part of
# a longer name ("weights per filter") is no label of the count
_WEIGHTS_BEFORE = re.compile(
    r"(?<![\w-])(?:weights|weight\s+count|pesos|pesi|poids|Gewichte|gewichten|wagi|wag|"
    r"v[áa]hy|a[ğg][ıi]rl[ıi]klar|веса|весов|βάρη|trọng\s+số|वज़न|वजन|भार|الأوزان|أوزان)"
    r"\s*(?:\(\s*\w+\s*\)\s*)?[:=]?\s*\$*\s*$",
    re.IGNORECASE,
)


def weights_named(sentence: str, source: str) -> bool:
    """Whether the word right before the claim in its sentence names it the weights alone
    (no bias): "weights $8 \\cdot 27 = 216$", "wagi $8 \\cdot 3 \\cdot 3 \\cdot 3 = 216$"."""
    at = sentence.find(source[:30]) if source.strip() else -1
    return at >= 0 and _WEIGHTS_BEFORE.search(sentence[:at]) is not None


def bias_said(clause: str) -> bool | None:
    """Whether the clause switches a bias on ("with a bias it would be", "z biasem") or off
    ("sin sesgo"); None when it says neither."""
    if _WITH_BIAS.search(clause):
        return True
    if _NO_BIAS.search(clause):
        return False
    return None


def bias_after(sentence: str, source: str) -> bool:
    """The words after the claim, not those before it, drop a bias ("... = 18432$ parameters
    (red, no bias counted)", "... = 18432$ (without bias)"): they may say what the count
    leaves out or that the layer has none, so which count it is stays open."""
    at = sentence.find(source) if source else -1
    if at < 0:
        return False
    return bool(_NO_BIAS.search(sentence[at + len(source) :])) and not _NO_BIAS.search(
        sentence[:at]
    )


def constructor_count(sentence: str, bias_override: bool | None = None) -> Counted | None:
    """The parameter count of the one PyTorch constructor the sentence names (with or
    without its bias where ``bias_override`` says so: "with a bias it would have ...")."""
    found = list(_CONSTRUCTOR.finditer(sentence))
    if len(found) != 1:
        return None
    m = found[0]
    dims = int(m.group(2) or m.group(3) or 1)
    args, kwargs = _arguments(m.group(4))
    if args is None:
        return None
    bias = kwargs.pop("bias", None)
    if bias is None:  # PyTorch's default, unless the sentence says otherwise
        bias = 0 if _NO_BIAS.search(sentence) else 1
    written_bias = bias
    if bias_override is not None:
        bias = int(bias_override)
    names = (
        ("in_features", "out_features")
        if m.group(1) == "Linear"
        else ("in_channels", "out_channels", "kernel_size")
    )
    values = dict(zip(names, args, strict=False))
    values.update({k: v for k, v in kwargs.items() if k in names or k == "groups"})
    if any(n not in values for n in names):
        return None
    written = m.group(0)
    if bias != written_bias:  # the claim's clause switched it
        written += " with a bias" if bias else " without its bias"
    if m.group(1) == "Linear":
        n_in, n_out = values["in_features"], values["out_features"]
        if not isinstance(n_in, int) or not isinstance(n_out, int):
            return None
        return Counted(
            n_in * n_out + bias * n_out, written, f"{n_in}·{n_out} + {bias * n_out}", n_out
        )
    kernel = values["kernel_size"]
    taps = kernel**dims if isinstance(kernel, int) else math.prod(kernel)
    c_in, c_out, groups = values["in_channels"], values["out_channels"], values.get("groups", 1)
    if not all(isinstance(v, int) and v > 0 for v in (c_in, c_out, groups)):
        return None
    if c_in % groups or c_out % groups or (not isinstance(kernel, int) and len(kernel) != dims):
        return None
    # Conv: weight (out, in/g, k...); ConvTranspose: weight (in, out/g, k...); bias: out
    weights = c_out * (c_in // groups) * taps
    return Counted(
        weights + bias * c_out,
        written,
        f"{weights} weights + {bias * c_out} biases, one per output channel",
        c_out,
        weights,
    )


def _arguments(text: str) -> tuple[list, dict]:
    args: list = []
    kwargs: dict = {}
    for part in re.split(r",(?![^()]*\))", text):
        part = part.strip()
        if not part:
            continue
        key, eq, value = part.partition("=")
        value = value.strip() if eq else key
        if value in ("True", "False"):
            parsed: object = int(value == "True")
        elif re.fullmatch(_INT, value):
            parsed = int(value)
        elif re.fullmatch(_TUPLE, value):
            parsed = tuple(int(v) for v in re.findall(_INT, value))
        else:
            parsed = None  # padding='same', device=...: not needed for the count
        if eq:
            kwargs[key.strip()] = parsed
        elif parsed is None or kwargs:
            return None, {}  # a positional argument not read, or after a keyword
        else:
            args.append(parsed)
    return args, kwargs


def _layer_subscript(name: str) -> bool:
    """``P_{conv2}``, ``N_{params}``: a count by its name alone."""
    if name in _COUNT_NAMES[1:]:
        return True
    return name.startswith("P_") and _LAYER_NAME.fullmatch(name[2:].strip()) is not None


def network_count(name: str, networks: list) -> Counted | None:
    """The count of a network layer named ``conv2``, ``C3``, ``fc1``, ``F5``: by its own
    name, else by kind and ordinal (conv2: the second convolution)."""
    sub = name.split("_", 1)[1] if "_" in name else ""
    m = _LAYER_NAME.fullmatch(sub.strip())
    if m is None:
        return None
    from symconv.spec.layer import Conv, Dense

    for net in networks:
        specs = [spec for spec, _, _ in net.shapes()]
        exact = [s for s in specs if s.name.lower() == sub.lower()]
        if exact:
            spec = exact[0]
        else:
            kind = Conv if m.group(1).lower() in ("conv", "c") else Dense
            same = [s for s in specs if isinstance(s, kind)]
            k = int(m.group(2))
            if m.group(1).lower() in ("c", "f") or not 1 <= k <= len(same):
                continue  # C3 / F5 are the network's own names, matched above or not at all
            spec = same[k - 1]
        return Counted(spec.param_count(), f"{net.name} layer {spec.name}", "")
    return None


# a claim whose left side is written between bars ("|X| = 2 \cdot 2 = 4"), read in its
# source: the chain may be judged from its numbers on, without the name
_BARRED_NAME = re.compile(
    r"\s*(?:\\left)?(?:\||\\lvert|\\vert)(?!\s*\\theta)[^|=]+?(?:\\right)?(?:\||\\rvert|\\vert)\s*="
)


def counts_entries(source: str) -> bool:
    """Whether a claim's left side is written between bars (``|X| = 2 \\cdot 2 = 4``): how
    many entries a tensor has, which no layer's parameter count or side judges."""
    return bool(_BARRED_NAME.match(source))


def _cardinality(side) -> bool:
    """Whether a side is written between bars (``|X|``, ``|\\partial L / \\partial W|``):
    the number of a tensor's entries, which a parameter count does not judge (|theta| is
    the count readers' own name, read by its name elsewhere)."""
    if len(side.exprs) != 1 or len(side.exprs[0].terms) != 1:
        return False
    items = side.exprs[0].terms[0][1].items
    bars = [i for i in items if getattr(i, "char", None) == "|"]
    inside = " ".join(str(getattr(i, "name", "")) for i in items)
    return len(bars) == 2 and "theta" not in inside


# ------------------------------------------------------------------ judging
def judge_count(
    chain: Chain,
    ctx: Context,
    window: tuple[str, str],
    networks: list,
    stated: bool,
    document: list[str] | None = None,
    own_row: str | None = None,
    source: str = "",
) -> dict | None:
    """The verdict of a parameter count, or None when the statement is no count this module
    reads (it is then judged as before).  ``window``: the statement's sentence, and it with
    the sentence before; ``own_row``: the claim's table row under its header, the only
    place a constructor it is about can stand (the row above names another layer)."""
    from symconv.checker.prose_layer_count import prose_count

    sentence, wider = window
    if set(chain.rels) != {"="} or len(chain.sides) < 2:
        return None
    if _cardinality(chain.sides[0]) or counts_entries(source):
        return None  # |X| = 2·2·3·3: how many entries a tensor has, not a layer's count
    left = single_item(chain.sides[0].exprs[0]) if len(chain.sides[0].exprs) == 1 else None
    name = symbol_name(left) if left is not None and not isinstance(left, Num) else None
    # (a bare formula takes the words beside it; a P takes them where the letter is named)
    params_sentence = bool(PARAM_WORDS.search(wider if name else own_stretch(wider, source)))
    if own_row is not None:  # a table's row says it with its header (the column's name)
        params_sentence = bool(PARAM_WORDS.search(own_row))
    if not (params_sentence or (name is not None and _layer_subscript(name))):
        return None
    if name is not None and name not in _COUNT_NAMES and not name.startswith("P_"):
        return None
    values = _numbers(chain, 1 if name is not None else 0)
    if values is None:
        return None
    if name is None and _SLIP.search(sentence):
        return None  # "a classic slip is to forget ...: 16·5·5 + 16 = 416": its arithmetic
    # "has 3 parameters; with a bias it would be 3 + 1 = 4": the claim's own clause says
    clause = re.split(r"[;:](?:\s|$)", sentence[: sentence.find(source)] if source else "")[-1]
    said = bias_said(clause) if source and source in sentence else None
    if said is None and bias_after(sentence, source) and not re.search(r"\bbias\s*=", wider):
        return None  # (a constructor's own bias=... settles it)
    counted = constructor_count(sentence if own_row is None else own_row, said) or prose_count(
        sentence
    )
    if counted is None and document is not None:  # `Dense(64, 10)` of the notes' own class
        declared = declared_counts(sentence, document)
        if declared is not None:
            return _declared(chain, values, declared, name is not None)
    if counted is None and not _THIS_LAYER.search(sentence) and not _TOTAL.search(sentence):
        # (a total's sum, "Total of the block: 288 + 2048", is no layer of the sentence before)
        counted = (constructor_count(wider) if own_row is None else None) or prose_count(wider)
        if counted is not None and _names_another(sentence, wider, document):
            counted = None  # "so `head` ... has $576 \cdot 2 + 2 = 1154$" after conv's line
        if counted is not None and _sums_counts(chain, 1 if name is not None else 0, counted):
            counted = None  # "Total: 156 + 2416 + ... + 850 = 61706" after the last layer's
    if counted is None and name is not None:
        counted = network_count(name, networks)
    if (
        counted is None
        and name in _COUNT_NAMES
        and stated
        and (_THIS_LAYER.search(wider) or params_sentence)
    ):
        # "en total la capa tiene 4 parámetros: N_params = 2·2·1·1 = 4", the layer stated
        count = ctx.quantities().get("params")
        if count is not None:
            bias = _bias_change(sentence, ctx)
            counted = Counted(count + bias, ctx.where, "")
    if counted is not None and several_layers(
        [int(n) for n in re.findall(r"(?<![\d.])\d+(?![\d.])", source)],
        values,
        {counted.count, counted.count - counted.biases, counted.count + counted.biases},
        {counted.biases},
    ):
        return None  # "three such layers: $3 \cdot (32 \cdot 32 \cdot 9 + 32) = 27744$"
    if counted is not None and name is None and weights_named(sentence, source):
        # "Parameters: weights $8 \cdot 3 \cdot 3 \cdot 3 = 216$ and one bias per filter":
        # the formula counts the weights alone, which a count of the whole layer is not
        if counted.weights is None:
            return None
        return _mismatch(
            Fraction(counted.weights),
            list(enumerate(values, start=1)),
            None,
            f"{counted.layer} has {counted.weights} weights (its biases apart)",
        )
    if counted is not None:
        return _against(chain, values, counted, name is not None)
    if name is None:
        return None  # plain arithmetic: judged as arithmetic
    return _unknown_layer(chain, values, name)


def _names_another(sentence: str, wider: str, document: list[str] | None) -> bool:
    """The claim's own sentence names a layer of the notes' code by its variable ("so `head`
    must take 576 inputs and has $576 \\cdot 2 + 2 = 1154$ parameters") that the sentence
    before it does not build (``self.conv = nn.Conv2d(4, 4, 3, padding=1)``): the count is
    that layer's, not the constructor's borrowed from the sentence before."""
    if document is None:
        return False
    from symconv.checker.constructor_claims import _CALL

    names = {m.group("var") for m in _CALL.finditer("\n".join(document)) if m.group("var")}
    said = {n for n in names if re.search(rf"(?<!\w){re.escape(n)}(?!\w)", sentence)}
    return bool(said - {m.group("var") for m in _CALL.finditer(wider)})


def _declared(
    chain: Chain, values: list[Fraction], declared: tuple[str, set[int]], named: bool
) -> dict | None:
    """The count of a layer of the notes' own class: judged where its bias is known, or
    where the value is neither count (with or without a bias); else left open (None)."""
    layer, counts = declared
    if len(counts) == 1:
        return _against(chain, values, Counted(counts.pop(), layer, ""), named)
    if any(v in counts for v in values):
        return None  # right with or without a bias the notes do not state
    with_bias = max(counts)
    found = _against(chain, values, Counted(with_bias, layer, ""), named)
    return {**found, "message": f"{found['message']} ({min(counts)} without a bias)"}


def _bias_change(sentence: str, ctx: Context) -> int:
    """+c_out when the sentence switches on a bias the layer does not have, -c_out when it
    switches off one it has."""
    q = ctx.quantities()
    has, c_out = q.get("bias", 1), q.get("c_out") or q.get("n_out") or 0
    said = bias_said(sentence)
    if said is None or said == bool(has):
        return 0
    return c_out if said else -c_out


def _numbers(chain: Chain, first: int) -> list[Fraction] | None:
    def no_names(name: str) -> Fraction:
        raise NotUnderstood(name)

    try:
        return [Scalar(no_names).value(side) for side in chain.sides[first:]]
    except NotUnderstood:
        return None


def several_layers(
    numbers: list[int], values: list[Fraction], counts: set[int], channels: set[int]
) -> bool:
    """The formula counts several such layers: a side is n times one of the layer's counts
    (with or without its biases) for a factor n >= 2 the formula writes ("three
    `nn.Conv2d(64, 64, 3)`: $3 \\cdot (64 \\cdot 64 \\cdot 9 + 64) = 110784$") that is none of
    the layer's ``channels`` (32·32·9 for a depthwise `nn.Conv2d(32, 32, 3, groups=32)` is
    the groups left out, not 32 layers)."""
    factors = {n for n in numbers if n >= 2} - channels
    return any(
        c > 0 and v != c and v % c == 0 and v // c in factors for v in values for c in counts
    )


def _sums_counts(chain: Chain, first: int, counted: Counted) -> bool:
    """The formula adds up several counts: two of its top-level terms are each larger than
    any bias term of the layer's count (one count is its weights, one product, plus its
    biases), so it is no count of the one layer a sentence before it names."""

    def no_names(name: str) -> Fraction:
        raise NotUnderstood(name)

    side = chain.sides[first] if len(chain.sides) > first else None
    if side is None or len(side.exprs) != 1 or not counted.biases:
        return False
    try:
        terms = [Scalar(no_names).value(term) for _, term in side.exprs[0].terms]
    except (NotUnderstood, ZeroDivisionError, ValueError, AttributeError):
        return False
    return sum(1 for v in terms if v > counted.biases) >= 2


def _against(chain: Chain, values: list[Fraction], counted: Counted, named: bool) -> dict:
    truth = Fraction(counted.count)
    sides = ([truth] if named else []) + values
    how = f" ({counted.formula})" if counted.formula else ""
    about = f"{counted.layer} has {counted.count} parameters{how}"
    # the truth as the last side named: each link of a = b = c is told apart by the key
    return _mismatch(truth, list(enumerate(sides, start=1)), 1 if named else None, about)


def _mismatch(truth: Fraction, sides: list, reference: int | None, about: str) -> dict:
    """VERIFIED when every (side, value) is ``truth``, else WRONG naming each that is not
    and the reference side last (``416, not 2416: side 2 is 416, side 3 is 416, side 1 is
    2416``)."""
    differ = [(k, v) for k, v in sides if v != truth]
    if not differ:
        return finding(VERIFIED, about)
    listed = ", ".join(f"side {k} is {json_number(v)}" for k, v in differ)
    last = f", side {reference} is {json_number(truth)}" if reference is not None else ""
    return finding(
        WRONG,
        f"{json_number(truth)}, not {json_number(differ[0][1])}: {listed}{last}; {about}",
        expected=str(json_number(truth)),
        counterexample={"left": json_number(truth), "right": json_number(differ[0][1])},
    )


def _unknown_layer(chain: Chain, values: list[Fraction], name: str) -> dict:
    n = len(chain.sides)
    if len(set(values)) > 1:  # the arithmetic is wrong, whichever layer P counts
        sides = list(enumerate(values, start=2))
        return _mismatch(values[0], sides, 2, "the arithmetic")
    return finding(
        NOT_UNDERSTOOD,
        f"side 1 of {n} is not understood: which layer's parameter count {name} is, is not "
        f"read (name the layer, e.g. nn.Conv2d(6, 16, 5)); the arithmetic holds: "
        f"{json_number(values[0])}",
    )


def starts_with_p(chain: Chain) -> bool:
    """``P = ...``: the left side is the letter P alone."""
    side = chain.sides[0]
    item = single_item(side.exprs[0]) if len(side.exprs) == 1 else None
    return item is not None and not isinstance(item, Num) and symbol_name(item) == "P"


def widths(chain: Chain) -> bool:
    """``400 \\to 120 \\to 84 \\to 10``: numbers joined by arrows, the widths of a stack of
    layers (or a size becoming another), which claims no equality."""
    arrows = {"\\to", "\\rightarrow", "\\longrightarrow", "\\mapsto"}
    return (
        bool(chain.rels)
        and set(chain.rels) <= arrows
        and all(
            len(side.exprs) == 1 and isinstance(single_item(side.exprs[0]), Num)
            for side in chain.sides
        )
    )


_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "eight": 8, "ten": 10,
    "twelve": 12, "sixteen": 16, "twenty": 20, "thirty-two": 32, "seis": 6, "dieciséis": 16,
}  # fmt: skip
_FILTERS = re.compile(
    r"\b(\d{1,4}|[a-zé-]+)\s+(?:\$?\d+\s*\\times\s*\d+\$?\s+|\\\(\d+\s*\\times\s*\d+\\\)\s+)?"
    r"(?:filters|kernels|feature maps|filtros)\b",
    re.IGNORECASE,
)


def named_lenet(document: str) -> bool:
    """The notes are about LeNet-5 as built in (6 then 16 filters): they name it and state
    no other number of filters (a variant's conv2 is not LeNet-5's)."""
    if not re.search(r"\bLeNet", document):
        return False
    for m in _FILTERS.finditer(document):
        word = m.group(1).lower()
        count = int(word) if word.isdigit() else _WORDS.get(word)
        if count is not None and count not in (6, 16):
            return False
    return True
