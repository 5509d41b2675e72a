"""The layer a count's formula is about, read from the formula's own numbers.

Notes name their counts with letters of their own (``P_3``, ``P_{fc}``, ``|\\theta_{dw}|``,
``P``, a bare ``3 \\cdot 3 \\cdot 16 \\cdot 32 + 32``) that no reader ties to a layer, yet the
formula itself says which layer it counts: a convolution's parameters are written
``C_out · C_in/g · k^d + C_out`` in some order and grouping (``16 \\cdot 3 \\cdot 3 \\cdot 3 +
16``, ``16 \\cdot (27 + 1)``, ``3 \\cdot 3 \\cdot 1 \\cdot 16 + 16``), a dense layer's
``n_in · n_out + n_out``.  So each layer the notes build with a constructor (PyTorch's
``nn.Conv1d/2d/3d``, ``nn.ConvTranspose*``, ``nn.Linear``, in code or in prose) is tried:
the formula's numbers are matched against the numbers that layer's count is made of (its
output width, its input width per group, its kernel side and kernel size, their products).

A layer fits when the formula holds its output width (every such count has it, as a factor
and as the bias term) and every other number but at most one is one of that layer's; a
formula with one number of no role is the usual mistake (a 3x3 kernel's 9 where the layer's
kernel is 2x2).  The claim is judged only when exactly one layer fits best and the words
around it say which count it is: parameters (the bias included, one per output) or weights
(without it).  Its truth is the layer's count, computed from the constructor with PyTorch's
defaults (a bias unless ``bias=False``; ``groups`` divides the input channels of each
filter).  A value that some other fitting layer's count gives, a clause about a variant of
the layer ("against ... for the same layer with $G = 1$", "if", "would") or a formula naming
letters leave the claim to the other readers (no verdict).
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable
from fractions import Fraction

from symconv.checker.constructor_claims import (
    _CALL,
    Built,
    _agrees,
    built,
    ordinal_labels,
    squeezed,
)
from symconv.checker.context import finding
from symconv.checker.keras_layers import notes_keras_layers, unread_keras_layers
from symconv.checker.layer_costs import _MULT_WORDS
from symconv.checker.layer_counts import (
    PARAM_WORDS,
    _mismatch,
    bias_after,
    bias_said,
    sentence_around,
    several_layers,
    weights_named,
)
from symconv.checker.limits import NotUnderstood, no_value
from symconv.checker.network_layers import network_layers, network_spans
from symconv.checker.network_named import column_head
from symconv.checker.network_variants import hypothetical
from symconv.checker.report import NOT_UNDERSTOOD, WRONG
from symconv.checker.scalar import Scalar
from symconv.checker.scope_facts import facts
from symconv.checker.size_names import flatten
from symconv.checker.syntax import Chain, Expr, Factor, Frac, Group, Num, Op, Term, parse

# words that make a count the parameters (biases included) or the weights alone
_PARAMS = re.compile(
    rf"{PARAM_WORDS.pattern}|\bparametr\w*|\bпараметр\w*|パラメータ|参数|\btrainable\b|"
    # Indonesian "parameternya" (its parameters), Greek "παραμέτρους" / "παράμετροι"
    r"\blearnable\b|\bleerbare?\b|\bparameternya\b|\bπαραμέτρ\w*|\bπαράμετρ\w*",
    re.IGNORECASE,
)
_WEIGHTS = re.compile(
    r"\bweights?\b|\bвес(?:ов|а)?\b|\bwag\b|\bwagi?\b|\bGewicht\w*|\bpesos\b|\bpoids\b|"
    r"\bgewichten\b|重み",
    re.IGNORECASE,
)
_BIASES = re.compile(
    r"\bbias\w*|\bсмещени\w*|\bsesgos?\b|\bbiais\b|\bbiases\b|\bobciążeni\w*|バイアス",
    re.IGNORECASE,
)
# the biases counted in with the weights: "counting the biases too", "biases included",
# "contando también los sesgos", "en comptant les biais", "inklusive Bias", "con i bias"
_BIASES_COUNTED = re.compile(
    r"\b(?:counting|including|contando|incluyendo|comptant|inklusive|einschließlich|includendo|"
    r"with|con|avec|mit)\s+(?:also\s+|también\s+|aussi\s+|auch\s+|anche\s+)?"
    r"(?:the\s+|los\s+|las\s+|les\s+|die\s+|i\s+|gli\s+)?(?:bias|biases|sesgos|biais)\b"
    r"|\b(?:biases|sesgos|biais|bias)\s+(?:included|incluidos|inclus|inklusive|inclusi)\b",
    re.IGNORECASE,
)
_NO_BIASES = re.compile(
    rf"\b(?:without|no|sin|sans|ohne|senza|bez|без|zonder)\s+(?:\w+\s+)?(?:{_BIASES.pattern})",
    re.IGNORECASE,
)
# a name that counts: P, P_3, P_{fc}, N_params, |\theta|, |W|, #params
_COUNT_NAME = re.compile(r"^(?:[PN](?:_\w+|\^\(?\d+\)?)?|#\w+|\|(?:theta|W)\w*\|)$")
_PADDING_NAME = re.compile(r"^[PN]_(?:[hwtblr]|top|bottom|left|right|pad\w*|in|out|same|valid)$")
_WEIGHT_NAME = re.compile(r"^(?:P_W|\|W\||N_w)$")
# a name of all the parameters: \#\theta_{c2}, |\theta|, \#\text{params}, N_{params} -- theta
# is the standard letter of every learned number, biases included, so the name says which
# count the claim is, whatever the sentence says of weights ("Dilation adds no weights:
# $\#\theta_{c2} = ... + 32$")
_PARAMS_NAME = re.compile(
    r"^(?:[#|](?:theta|Theta)|#?(?:params?|parameters|par[áa]metros|param[èe]tres|Parameter))"
    r"(?:_\w+|\^[\[(]?\w+[\])]?)?\|?$|^[Nn]_params?$"
)
# the layer varied in the claim's clause: "against ... for the same layer with $G = 1$"
_VARIANT_BEFORE = re.compile(
    r"\b(?:if|would|against|instead|versus|vs|compared|suppose\w*|were|had|than|"
    r"si|wenn|als|zamiast|вместо|если)\b",
    re.IGNORECASE,
)
_VARIANT_AFTER = re.compile(
    r"\b(?:same|that|this|the)\s+layer\s+with\b|\bif\b|\bwould\b|\binstead\b|"
    r"\bwith(?:out)?\s*(?:\$\s*[A-Za-z]\w*\s*=\s*\d+\s*\$|`[^`]*=[^`]*`)",
    re.IGNORECASE,
)
_COMPARED_BEFORE = re.compile(r"\b(?:against|versus|vs|compared\s+(?:to|with))\W*$", re.I)
_COMPARED_AFTER = re.compile(
    r"\b(?:same|that|this|the)\s+layer\s+with\b|"
    r"\bwith(?:out)?\s*(?:\$\s*[A-Za-z]\w*\s*=\s*\d+\s*\$|`[^`]*=[^`]*`)",
    re.IGNORECASE,
)
_SLIP = re.compile(
    r"\b(?:slips?|mistakes?|wrong\w*|incorrect\w*|errors?|typo|forg[eo]t\w*|would)\b",
    re.IGNORECASE,
)
# the claim's own clause counts the layer's work, not its parameters: "the first conv does
# $16 \cdot 16 \cdot 8 \cdot 27 = 55296$ multiply-adds" (an output width times a window)
_COST = re.compile(
    rf"{_MULT_WORDS.pattern}|\b(?:[GMT]?FLOPs?|operations|opérations|operaciones|"
    r"Operationen|operazioni|operacji|operasi|operationer|phép tính|πράξεις|πολλαπλασιασμ\w*)",
    re.IGNORECASE,
)


def declared_layers(
    document: list[str], kinds: tuple[str, ...] = ("Conv", "ConvTranspose", "Linear")
) -> list[tuple[Built, int]]:
    """The layers of ``kinds`` the notes build with a constructor, with their lines."""
    return [(layer, at) for layer, _, at in declared_with_sides(document, kinds)]


def declared_with_sides(
    document: list[str], kinds: tuple[str, ...]
) -> list[tuple[Built, int | None, int]]:
    """The layers of ``kinds`` the notes build with a PyTorch constructor (a line that calls
    one a mistake or a what-if builds none), in a Keras model (checker/keras_layers.py) or
    in a network the notes describe (checker/network_layers.py: for the sizes, ``kinds``
    without Linear, only those whose strides and paddings are stated),
    each with its input side where the notes' own model gives it, and its (1-based) line."""
    found: list[tuple[Built, int | None, int]] = []
    spans = network_spans(document, sizes="Linear" not in kinds)
    for at, text in enumerate(document, start=1):
        if any(first <= at <= last for first, last in spans):
            continue  # a layer of a network read whole: read with its input below
        # nn.Linear(24 * 10 * 10, 7): a width written as a product
        text = re.sub(r"\b\d+(?:\s*\*\s*\d+)+\b", lambda m: str(eval_product(m.group(0))), text)
        calls = list(_CALL.finditer(text))
        if not calls or _SLIP.search(re.sub(r"`[^`]*`", " ", text)):
            continue
        for m in calls:
            layer = built(m)
            if layer is not None and layer.kind in kinds:
                found.append((layer, None, at))
    described = network_layers(document, sizes="Linear" not in kinds)  # prose, tables
    keras = notes_keras_layers(document)
    return found + [(x, side, at) for x, side, at in keras + described if x.kind in kinds]


def eval_product(text: str) -> int:
    return math.prod(int(n) for n in re.findall(r"\d+", text))


def _count(layer: Built, bias: bool) -> int:
    s = layer.settings
    if layer.kind == "Linear":
        return s["in_features"] * s["out_features"] + (s["out_features"] if bias else 0)
    taps = s["kernel_size"] ** layer.dims
    groups = s.get("groups", 1)
    if layer.kind == "ConvTranspose":
        weights = s["in_channels"] * (s["out_channels"] // groups) * taps
    else:
        weights = s["out_channels"] * (s["in_channels"] // groups) * taps
    return weights + (s["out_channels"] if bias else 0)


def _roles(layer: Built) -> tuple[int, set[int], set[int]]:
    """The layer's output width, the numbers its count is made of, and those of them that
    carry its input width (one of which every count of it writes, unless that width is 1)."""
    s = layer.settings
    if layer.kind == "Linear":
        n_in, n_out = s["in_features"], s["out_features"]
        return n_out, {n_in, n_out, n_in + 1}, {n_in, n_in + 1}
    groups = s.get("groups", 1)
    c_in, c_out, k = s["in_channels"], s["out_channels"], s["kernel_size"]
    per = (c_out if layer.kind == "ConvTranspose" else c_in) // groups
    width = c_in if layer.kind == "ConvTranspose" else c_out
    taps = k**layer.dims
    inputs = {per, per * taps, per * taps + 1, width * per} if per > 1 else set()
    roles = {c_in, c_out, k, taps, per * taps, per * taps + 1, *inputs}
    roles |= {k**d for d in range(1, layer.dims + 1)}
    return c_out, roles, inputs


def numbers_of(node: object, out: list[int]) -> bool:
    """Collect the whole numbers of a formula (``3^2`` as 9); False when it holds anything
    but numbers, sums, products, fractions and groups."""
    if isinstance(node, Num):
        if not node.text.isdigit():
            return False
        out.append(int(node.text))
        return True
    if isinstance(node, Factor):
        if node.sub is not None or node.primes or not isinstance(node.base, Num | Group):
            return False
        if node.sup is None:
            return numbers_of(node.base, out)
        if isinstance(node.base, Num) and isinstance(node.sup, Num) and node.sup.text.isdigit():
            out.append(int(node.base.text) ** int(node.sup.text))
            return True
        return False
    if isinstance(node, Op):
        return node.name in ("\\cdot", "*", "\\times", "space", "/", "\\div")
    if isinstance(node, Term):
        return all(numbers_of(item, out) for item in node.items)
    if isinstance(node, Expr):
        return all(numbers_of(term, out) for _, term in node.terms)
    if isinstance(node, Frac):
        return numbers_of(node.num, out) and numbers_of(node.den, out)
    if isinstance(node, Group):
        if node.body is None or node.kind not in ("paren", "brace", "bracket", "floor", "ceil"):
            return False
        return all(numbers_of(e, out) for side in node.body.sides for e in side.exprs)
    if isinstance(node, Chain):
        return all(numbers_of(e, out) for side in node.sides for e in side.exprs)
    return False


def _has_kernel(numbers: list[int], layer: Built) -> bool:
    """A convolution's count writes its window: k, k^2 (k^dims), or C_in k^2 (+ 1)."""
    s = layer.settings
    k = s.get("kernel_size", 1)
    if layer.kind == "Linear" or k == 1:
        return True
    groups = s.get("groups", 1)
    per = (s["out_channels"] if layer.kind == "ConvTranspose" else s["in_channels"]) // groups
    taps = {k**d for d in range(1, layer.dims + 1)}
    return bool((taps | {per * k**layer.dims, per * k**layer.dims + 1}) & set(numbers))


def _fits(numbers: list[int], layer: Built) -> int | None:
    """How far the formula is from the layer's count: its numbers of no role in it, plus
    one when it leaves out the layer's input width, one when it leaves out a convolution's
    window (None when that is more than one, when the output width is missing, or when
    fewer than two of its numbers are the layer's)."""
    width, roles, inputs = _roles(layer)
    if width not in numbers:
        return None
    strange = [n for n in numbers if n != 1 and n not in roles]
    known = {n for n in numbers if n in roles}
    missing = (1 if inputs and not inputs & set(numbers) else 0) + (
        0 if _has_kernel(numbers, layer) else 1
    )
    defects = max(len(strange), missing)  # a number of no role stands in for a missing one
    if defects > 1 or len(known) < 2:
        return None
    return defects


def clauses(document: list[str], line: int, source: str) -> tuple[str, str]:
    """The words of the claim's own clause: before it (back to the previous formula or the
    line's start, the line above for a display) and after it (to the next formula, with
    that formula when it sets a letter: "... for the layer with $G = 1$")."""
    own = document[line - 1]
    at = own.find(source)
    if at < 0:
        return "", ""
    before = re.split(r"\$[^$]*\$", own[:at].rstrip("$ \\[("))[-1]
    if not before.strip() and line > 1:  # a display: the sentence that leads into it
        above = next((t for t in reversed(document[: line - 1]) if t.strip()), "")
        before = re.split(r"\$[^$]*\$|[.!?]\s", above)[-1]
    after = own[at + len(source) :].lstrip("$ \\])")
    after = re.split(r"[.!?](?:\s|$)", after, maxsplit=1)[0]  # the sentence's own words
    setting = re.match(r"[^$]*\$\s*[A-Za-z]\w*\s*=\s*\d+\s*\$", after)
    return before, setting.group(0) if setting else after.split("$", 1)[0]


def trailing(document: list[str], line: int, source: str) -> str:
    """The words after the claim to its sentence's end, when no other formula stands
    between ("... = 10$ for the second layer."), else ""."""
    own = document[line - 1]
    at = own.find(source)
    rest = re.split(r"[.!?](?:\s|$)", own[at + len(source) :].lstrip("$ \\])"), maxsplit=1)[0]
    return "" if at < 0 or "$" in rest or "\\(" in rest else rest


def _which_count(name: str | None, words: str) -> str | None:
    """ "params", "weights" or None: what the claim counts, by its name and words."""
    name = flatten(name) if name is not None else None
    weights, params = bool(_WEIGHTS.search(words)), bool(_PARAMS.search(words))
    if name is not None and _WEIGHT_NAME.match(name):
        return "weights"
    if weights and _NO_BIASES.search(words):
        return "weights"  # "without its biases it keeps 216 weights"
    if name is not None and _PARAMS_NAME.match(name):
        return "params"
    if weights and _BIASES.search(words):
        return "params"  # "27 weights and one bias each, in all P = ..."
    if name is not None and _count_name(name) and _BIASES_COUNTED.search(words):
        return "params"  # "Contando también los sesgos: $P_2 = ...$": weights and biases
    if weights != params:
        return "weights" if weights else "params"
    return None


def _count_name(name: str | None) -> bool:
    """P, P_3, P_{fc}, |\\theta|: a name of counts (not a padding's P_h, P_{top}; not N,
    which is as often the batch)."""
    if name is None:
        return False
    name = flatten(name)
    return bool(_COUNT_NAME.match(name)) and not _PADDING_NAME.match(name) and name[0] != "N"


def _heading(document: list[str], line: int) -> str:
    """The heading or bold run-in title the claim stands under, and the lines right above
    it (a table's or a list's lead-in: "Parameter counts:")."""
    title = ""
    for at in range(min(line, len(document)) - 1, -1, -1):  # the claim's own line first
        t = document[at]
        # a heading, or a title alone on its line in bold or italics ("*Paramètres.*")
        if re.match(r"\s*#+\s", t) or re.fullmatch(r"\s*(\*\*|\*|_)[^*_]+\1\s*", t):
            title = t
            break
        if re.match(r"\s*\*\*[^*]+\*\*", t):  # a run-in title heads its own paragraph
            title = t if not any(not x.strip() for x in document[at:line]) else ""
            break
    # the lines of its own paragraph, and a lead-in ending in a colon across a blank line
    above = document[max(0, line - 4) : line - 1]
    rows = [*above, document[line - 1] if 0 < line <= len(document) else ""]
    blank = [
        k
        for k, t in enumerate(above)
        if not t.strip() and not _display_beside(rows[k - 1] if k else "", rows[k + 1])
    ]
    first = blank[-1] + 1 if blank else 0
    if blank and blank[-1] > 0 and above[blank[-1] - 1].rstrip().endswith(":"):
        first = blank[-1] - 1
    return " ".join([title, *above[first:]])


def read_claim(text: str) -> tuple[str | None, Expr, list[int], list[Fraction]] | None:
    """(the name, the formula, its whole numbers, the values of the sides after the name)
    of ``name = formula = ... = number`` or ``formula = number``, or None."""
    text = re.sub(r"\\tag\*?\{[^{}]*\}", "", text).strip().rstrip(".,;")
    try:
        chain = parse(text)
    except (NotUnderstood, ValueError, IndexError, RecursionError):
        return None
    if len(chain.sides) < 2 or any(r != "=" for r in chain.rels):
        return None
    sides = list(chain.sides)
    numbers: list[int] = []
    first = sides[0].exprs[0] if len(sides[0].exprs) == 1 else None
    name = None
    if first is None or not numbers_of(first, numbers):
        name = text[: text.find("=")]  # P_3 = ...: the name's side is not numbers
        sides = sides[1:]
        numbers = []
        first = sides[0].exprs[0] if len(sides[0].exprs) == 1 else None
        if first is None or not numbers_of(first, numbers):
            return None
    if len(sides) < 2 or len(numbers) < 2:
        return None
    try:
        values = [Scalar(no_value).value(side) for side in sides]
    except (NotUnderstood, ZeroDivisionError, ValueError):
        return None
    return name, first, numbers, values


# an option of the layer set in inline code in the claim's own clause, alone (not inside a
# constructor): "Con `groups=4` los bloques ...", "with `groups=1` it would have"
_SET_OPTION = re.compile(r"`\s*(groups|bias)\s*=\s*(\d+|True|False)\s*`")


def _sibling_count(document: list[str], line: int, name: str | None) -> bool:
    """A name of the same letter with another number (``P_2`` for ``P_4``) stands above the
    claim in its part of the notes (no heading or rule between) in words that make it a
    count: the notes count the layer once and then its variants, naming each alike (the
    nearest sibling need not say so: ``P_4`` between a counted ``P_2`` and ``P_1``)."""
    m = re.fullmatch(r"([PN])_\{?(\d+)\}?", flatten(name) if name else "")
    if m is None:
        return False
    sibling = re.compile(rf"(?<![\w\\]){m.group(1)}_\{{?(?!{m.group(2)}\b)\d+\}}?\s*=")
    for at in range(line - 1, 0, -1):
        text = document[at - 1]
        if re.match(r"\s*(?:#|---|\*\*\*|___)", text):
            return False
        words = f"{_heading(document, at)} {text}"
        if sibling.search(text) and (_PARAMS.search(words) or _BIASES_COUNTED.search(words)):
            return True
    return False


# "weights only", "only the weights", "nur die Gewichte", "solo i pesi", "только веса"
_WEIGHTS_ONLY = re.compile(
    r"\b(?:weights?\s+(?:alone|only)|only\s+(?:the\s+)?weights|nur\s+(?:die\s+)?Gewichte|"
    r"s[óo]lo\s+(?:los\s+|i\s+)?pes[oi]s?|seulement\s+les\s+poids|только\s+вес\w*|"
    r"tylko\s+wag\w*)\b",
    re.IGNORECASE,
)


def _letter_of_parameters(name: str | None, document: list[str], line: int, words: str) -> bool:
    """Whether a claim its words make a weight count ("а весов у него $P_2 = 64 \\cdot 32
    \\cdot 3$") is named with the letter the notes gave their parameter count just above
    ("Параметры первого слоя: $P_1 = 32 (400 + 1)$", biases in): the letter, numbered like
    its sibling, names the same count of the next layer (the word is loose), so the weight
    reading is not this reader's to give; the count readers judge the letter as the layer's
    parameters -- unless the clause leaves the biases out in words ("without its biases")."""
    if name is None or _WEIGHT_NAME.match(flatten(name)) or _NO_BIASES.search(words):
        return False
    if _WEIGHTS_ONLY.search(words):
        return False  # "the weights only: $P_2 = ...$": the words set the letter aside
    return _count_name(name) and _sibling_count(document, line, name)


def set_options(before: str) -> dict[str, int]:
    """The options the clause before the claim sets in inline code (one value each), or {}
    when it sets none, two values of one, or writes a constructor (its own layer)."""
    clause = re.split(r"(?<=[.;!?])\s", before)[-1]
    if re.search(r"\b(?:Conv|Linear)\w*\s*\(", clause):
        return {}
    found: dict[str, set[int]] = {}
    for m in _SET_OPTION.finditer(clause):
        value = {"True": 1, "False": 0}.get(m.group(2))
        found.setdefault(m.group(1), set()).add(int(m.group(2)) if value is None else value)
    if any(len(v) != 1 for v in found.values()):
        return {}
    return {k: v.pop() for k, v in found.items()}


def with_options(layer: Built, options: dict[str, int]) -> Built | None:
    """The convolution ``layer`` with the options set (its groups must divide both its
    channel counts); None for another kind of layer.  Why the count follows: a filter of a
    layer in g groups sees C_in/g channels, so its weights are C_out (C_in/g) k^dims."""
    if layer.kind not in ("Conv", "ConvTranspose"):
        return None
    settings = {**layer.settings, **options}
    g = settings.get("groups", 1)
    if g < 1 or settings["in_channels"] % g or settings["out_channels"] % g:
        return None
    shown = ", ".join(f"{k}={v}" for k, v in options.items())
    return dataclasses.replace(layer, settings=settings, text=f"{layer.text} with {shown}")


def varied(before: str, after: str) -> bool:
    """The claim's clause is about a variant of a layer ("if", "against ... for the same
    layer with $G = 1$")."""
    return bool(
        _VARIANT_BEFORE.search(before) or hypothetical(before) or _VARIANT_AFTER.search(after)
    )


def restated(layers: list[Built], document: list[str], line: int, source: str) -> bool:
    """The claim's sentence states a kernel, stride, padding or dilation that is not the
    layer's ("but with a $3 \\times 3$ kernel / the output is $(3 - 1) \\cdot 2 + 3 = 7$", the
    case wrapped onto the line above): the claim is about that variant, not the layer."""
    sentence = sentence_around(document, line, source).replace(source, " ")
    said = facts(re.sub(r"`[^`\n]*`", " ", sentence))  # a constructor's arguments are its own
    said = {key: said[key] for key in ("s", "p", "k", "d") if key in said}
    return any(not _agrees(layer, said) for layer in layers)


def compared(before: str, after: str) -> bool:
    """The clause sets the claim against the layer as a variant of it ("against $...$ for
    the same layer with $G = 1$", "compared with"), a what-if that names no setting the
    other readers could read."""
    return bool(_COMPARED_BEFORE.search(before) or _COMPARED_AFTER.search(after))


def written(layer: Built, words: str) -> bool:
    """The words write the layer: its constructor, or its name as a word ("conv2")."""
    return re.search(rf"(?<!\w){re.escape(layer.text)}(?!\w)", words) is not None


def nearest(
    layers: list[tuple[Built, int]], document: list[str], line: int, words: str, fits: Callable
) -> list[Built]:
    """The layers a claim may be about: those its own sentence writes if one fits, else
    those built in its own section (between headings of level 2 or above) before it if one
    fits, else those built before it if one fits, else those its section builds after it
    (a layer of another section, stated later, is no claim's guess)."""
    start = next((n for n in range(line - 1, -1, -1) if _TOP.match(document[n])), 0)
    end = next((n for n in range(line, len(document)) if _TOP.match(document[n])), len(document))
    groups = (
        [x for x, _ in layers if written(x, words)],
        [x for x, at in layers if start < at < line],
        [x for x, at in layers if at < line],
        [x for x, at in layers if start < at <= end],  # stated below it, in its section
    )
    for own in groups:
        if any(fits(x) is not None for x in own):
            return own
    return []


_TOP = re.compile(r"^\s*#{1,2}\s")


def best_fit(
    fitting: list[tuple[int, int, Built]], values: list[Fraction], exact: bool = False
) -> tuple[int, list[Built]] | None:
    """(truth, layers) of the layers that fit with fewest defects (with ``exact``, none),
    when they agree on the truth and no side is another fitting layer's truth; else None."""
    if not fitting:
        return None
    best = min(defects for defects, _, _ in fitting)
    if exact and best:
        return None
    top = {truth for defects, truth, _ in fitting if defects == best}
    if len(top) != 1:
        return None
    truth = top.pop()
    if any(v in {t for _, t, _ in fitting} and v != truth for v in values):
        return None  # the value is another fitting layer's
    return truth, [x for d, t, x in fitting if d == best and t == truth]


def named(layers: list[Built]) -> str:
    """The layers as written, "A" or "A (and B)" when several fit alike."""
    texts = list(dict.fromkeys(re.sub(r"\s+", " ", x.text) for x in layers))
    return texts[0] + (f" (and {', '.join(texts[1:])} alike)" if len(texts) > 1 else "")


def _label(layer: Built) -> str | None:
    """The name the notes give the layer: its code variable, a network's label."""
    if layer.var:
        return layer.var
    return layer.text if re.fullmatch(r"[A-Za-z]+\d*", layer.text) else None


def as_named(
    chosen: list[Built],
    every: list[Built],
    words: str,
    where: tuple[list[str], int] | None = None,
) -> list[Built] | None:
    """The layers chosen, the one the claim's words name first; None when the words name
    another of the notes' layers and none of these ("conv2 gives ..." with conv1's
    numbers: which layer it is about is not read).  An ordinal in the words ("the second
    convolution") is the chosen layer's place among the layers written -- unless the claim's
    section (``where``: the notes and the claim's line) calls a layer by another ordinal
    than its place there ("the shortcut gets `A`, and the first convolution becomes `B`"):
    then the notes number their layers in another order than they write them, and only a
    layer they call by that very ordinal is the one meant."""

    def says(x: Built) -> bool:
        label = _label(x)
        return (
            label is not None
            and re.search(rf"(?<!\w){re.escape(label)}(?!\w)", words, re.I) is not None
        )

    if any(says(x) for x in every) and not any(says(x) for x in chosen):
        return None
    ordinals = {
        k for k, words_k in _ORDINALS.items() if re.search(rf"\b(?:{words_k})\b", words, re.I)
    }
    if len(ordinals) == 1:  # "the second layer": the second written, or the second conv
        k = ordinals.pop()
        convs = [x for x in every if x.kind.startswith("Conv")]
        section = _section(*where) if where is not None else ""
        if _renumbered(section):
            labels = ordinal_labels(section, _ORDINALS)
            if all(k in labels.get(squeezed(x.text), set()) for x in chosen):
                return sorted(chosen, key=lambda x: not says(x))
            return None  # the second convolution the notes mean is not one they write
        groups = [every, convs]
        dense = rf"\b(?:{_ORDINALS[k]})\s+(?:\w+\s+)?(?:{_DENSE_WORDS.pattern})"
        if re.search(dense, words, re.I):  # "the first dense layer": the first Linear/Dense
            groups.append([x for x in every if x.kind == "Linear"])
        if not any(k <= len(group) and group[k - 1] in chosen for group in groups):
            return None
    return sorted(chosen, key=lambda x: not says(x))


# words that name a dense layer, for an ordinal counted among the dense layers alone
_DENSE_WORDS = re.compile(
    r"\b(?:dense|fully[- ]connected|linear|densa|dicht\w*|vollverbunden\w*|"
    r"enti[èe]rement connect\w*|totalmente conectada|FC)\b",
    re.IGNORECASE,
)

_ORDINALS = {
    1: r"first|1st|primer[oa]?|premi[eè]re?|erste[nmrs]?|pierwsz\w*|eerste|prim[oa]|перв\w*|"
    r"primeir[oa]|ilk|birinci|pertama",
    2: r"second|2nd|segund[oa]|deuxi[eè]me|zweite[nmrs]?|drugi\w*|tweede|second[oa]|втор\w*|"
    r"ikinci|kedua",
    3: r"third|3rd|tercer[oa]?|troisi[eè]me|dritte[nmrs]?|trzeci\w*|derde|terz[oa]|трет\w*|"
    r"terceir[oa]|üçüncü|ketiga",
    4: r"fourth|4th|cuart[oa]|quatri[eè]me|vierte[nmrs]?|czwart\w*|vierde|quart[oa]|четв\w*|"
    r"dördüncü|keempat",
}


def _section(document: list[str], line: int) -> str:
    """The claim's section: its lines between the headings of level 1 or 2 around it."""
    start = next((n for n in range(line - 1, -1, -1) if _TOP.match(document[n])), 0)
    end = next((n for n in range(line, len(document)) if _TOP.match(document[n])), len(document))
    return "\n".join(document[start:end])


def _renumbered(section: str) -> bool:
    """The section calls a layer by an ordinal that is neither its place among the layers
    it writes nor among their convolutions."""
    labels = ordinal_labels(section, _ORDINALS)
    if not labels:
        return False
    written = [(squeezed(m.group(0)), m.group("kind")) for m in _CALL.finditer(section)]
    convs = [text for text, kind in written if kind.startswith("Conv")]
    for text, said in labels.items():
        places = {k for k, (x, _) in enumerate(written, start=1) if x == text}
        places |= {k for k, x in enumerate(convs, start=1) if x == text}
        if said - places:
            return True
    return False


def judged(
    truth: int, values: list[Fraction], named: bool, about: str, document: list[str] = ()
) -> dict:
    """Verified when every side is ``truth``, else wrong naming each side that is not --
    unless the notes' model also builds a layer the reader stops at (``document``: the
    notes): the claim may be about that one, and a layer read whose numbers look alike
    gives no ground for "wrong"."""
    listed = list(enumerate(values, start=2 if named else 1))
    found = _mismatch(Fraction(truth), listed, 1 if named else None, about)
    unread = unread_keras_layers(list(document))
    if found.get("status") == WRONG and unread:
        return finding(
            NOT_UNDERSTOOD,
            f"the notes build {unread[0]}, a layer not read, and the claim may be about it "
            f"(of the layers read, {about})",
        )
    return found


def judge_formula_layer(
    text: str, document: list[str], line: int, source: str, exact: bool = False
) -> dict | None:
    """The verdict of a count whose formula's numbers name exactly one layer the notes
    build (with ``exact``, every number one of its), or None."""
    if not 0 < line <= len(document):
        return None
    claim = read_claim(text)
    if claim is None:
        return None
    name, expr, numbers, values = claim
    formula = text[text.find("=") + 1 :] if name is not None else text
    if re.search(r"\\[dt]?frac|\\lfloor|\\lceil|/|-", formula):
        return None  # a count is a sum of products: no quotient, no difference
    before, after = clauses(document, line, source)
    options = set_options(before)  # "Con `groups=4` ..., así que $P_4 = ...$": that variant
    if (varied(before, after) and not options) or _COST.search(f"{before} {after}"):
        return None
    sentence = sentence_around(document, line, source)
    words = f"{before} {sentence}"
    at = document[line - 1].find(source)
    head = column_head(document, line, at) if document[line - 1].lstrip().startswith("|") else ""
    wider = own_paragraph(sentence_around(document, line, source, previous=True), source)
    what = _which_count(name, f"{before} {after} {wider} {head} {_heading(document, line)}")
    if name is None and weights_named(sentence, source):
        # "Parameters: weights $8 \cdot 3 \cdot 3 \cdot 3 = 216$ and one bias per filter":
        # the word labelling the bare formula says what it counts, whatever else the
        # sentence goes on to count (its biases, the total)
        what = "weights"
    if what == "weights" and _letter_of_parameters(name, document, line, f"{before} {after}"):
        return None
    if what is None and options and _sibling_count(document, line, name):
        what = "params"  # "$P_2 = ...$" counted above, then "Con `groups=4` ...: $P_4 = ...$"
    own = [x for x, _ in declared_layers(document) if written(x, words)]
    if what is None and _count_name(name) and any(_fits(numbers, x) is not None for x in own):
        what = "params"  # "`nn.Conv2d(32, 32, 3, groups=32)`: $P = ...$": its own layer's P
    if what is None:
        return None
    declared = declared_layers(document)
    if options:
        variants = [(with_options(x, options), at) for x, at in declared]
        # "(`groups=8` con 8 filtros)": the clause's words change more than the option
        said = facts(re.sub(r"`[^`\n]*`", " ", re.split(r"(?<=[.;!?])\s", before)[-1]))
        declared = [(x, at) for x, at in variants if x is not None and _agrees(x, said)]
    layers = nearest(declared, document, line, words, lambda x: _fits(numbers, x))
    said = bias_said(re.split(r"[;:](?:\s|$)", before)[-1])  # "; with a bias it would be"
    if said is None:  # "* without bias: $A$ versus $B$": the line's lead-in is its condition
        said = lead_in_bias(document[line - 1])
    fitting = []
    summands = _summands(expr)
    others = {_count(x, b) for x, _ in declared_layers(document) for b in (False, True)}
    for layer in layers:
        defects = _fits(numbers, layer) if _one_weight_term(summands, layer, others) else None
        if defects is not None:
            has = bool(layer.settings.get("bias", 1)) if said is None else said
            fitting.append((defects, _count(layer, what == "params" and has), layer))
    picked = best_fit(fitting, values, exact)
    if picked is None:
        return None
    truth, chosen = picked
    if said is None and "bias" not in chosen[0].settings and bias_after(sentence, source):
        return None  # (a constructor's own bias=... settles it)
    counts = {_count(x, b) for x in chosen for b in (False, True)}
    widths = {
        x.settings[k]
        for x in chosen
        for k in ("in_channels", "out_channels", "in_features", "out_features")
        if k in x.settings
    }
    if several_layers(numbers, values, counts, widths):
        return None
    words = f"{before} {trailing(document, line, source)}"
    if not _told_apart(chosen, fitting, truth, name, [x for x, _ in declared], words):
        return None
    chosen = as_named(chosen, [x for x, _ in declared], words, (document, line))
    if chosen is None or restated(chosen, document, line, source):
        return None
    counted = "parameters" if what == "params" else "weights"
    switched = (
        ""
        if said is None or said == bool(chosen[0].settings.get("bias", 1))
        else (" with a bias" if said else " without its bias")
    )
    about = f"{named(chosen)}{switched} has {truth} {counted} ({_formula(chosen[0], what, said)})"
    return judged(truth, values, name is not None, about, document)


# a count's name with its layer's number: P_3, P_{3}, P^{(3)}, N_3
_NUMBERED_NAME = re.compile(r"^[PN](?:_\{?(\d{1,2})\}?|\^\{?\(?(\d{1,2})\)?\}?)$")


def _told_apart(
    chosen: list[Built],
    fitting: list[tuple[int, int, Built]],
    truth: int,
    name: str | None,
    every: list[Built],
    words: str,
) -> bool:
    """Whether the claim's layer is told apart from a fitting layer written alike.  Two
    layers written with the same text (Keras's ``Conv2D(64, 3)`` twice, its input width
    taken from the layer before) differ only in what the text does not show; when one fits
    the formula exactly and the other with one number of no role, the formula's numbers are
    all that chose between them -- and writing the first layer's count with the second's
    input width is the very slip that makes them fit so ("3·3·64·64 + 64" for the
    ``Conv2D(64, 3)`` on 32 channels).  So the claim is read only where its name numbers
    the chosen layer (``P_4``: the fourth of the layers with parameters, or of the
    convolutions) or an ordinal word names it (:func:`as_named` checks which)."""
    texts = {squeezed(x.text) for x in chosen}
    twins = [x for _, t, x in fitting if t != truth and squeezed(x.text) in texts]
    if not twins:
        return True
    if any(re.search(rf"\b(?:{w})\b", words, re.I) for w in _ORDINALS.values()):
        return True  # "the fourth convolution": as_named reads it against the places
    m = _NUMBERED_NAME.match(flatten(name)) if name else None
    if m is None:
        return False
    k = int(m.group(1) or m.group(2))
    convs = [x for x in every if x.kind.startswith("Conv")]
    return any(0 < k <= len(group) and group[k - 1] in chosen for group in (every, convs))


def own_paragraph(window: str, source: str) -> str:
    """The window from the claim's own paragraph on: the sentence before it in another
    paragraph ("**Parameters.** It has ... parameters." above "**Memory.** The output holds
    $8 \\cdot 8 \\cdot 16 = 1024$ numbers.") says nothing of what the claim counts."""
    at = window.find(source[:30]) if source.strip() else -1
    breaks = [
        m.end()
        for m in re.finditer(r"\n[ \t]*\n", window[: max(at, 0)])
        if not _display_beside(window[: m.start()], window[m.end() :] if m.end() < at else "$$")
    ]
    return window[breaks[-1] :] if at >= 0 and breaks else window


def _display_beside(before: str, after: str) -> bool:
    """A blank line beside a displayed formula ($$ ... $$, \\[ ... \\]) ends no paragraph:
    the display stands in the sentence around it (the claim's own display included)."""
    return before.rstrip().endswith(("$$", "\\]")) or after.lstrip().startswith(("$$", "\\["))


def lead_in_bias(text: str) -> bool | None:
    """Whether the line's lead-in -- its words before the first formula, ended by a colon
    ("* utan bias: $...$", "Without biases: $...$ against $...$") -- switches the bias on or
    off for every formula on the line; None when there is no such lead-in or it says
    neither."""
    lead = re.split(r"\$|\\\(", text, maxsplit=1)[0]
    if not re.search(r":\s*$", lead):
        return None
    return bias_said(lead)


def _summands(formula: Expr) -> list[Fraction] | None:
    """The values of the formula's top-level terms (``576 + 64 \\cdot 128 + 128``: 576, 8192,
    128), or None where one has no value."""
    try:
        return [Scalar(no_value).value(term) for _, term in formula.terms]
    except (NotUnderstood, ZeroDivisionError, ValueError):
        return None


def _one_weight_term(summands: list[Fraction] | None, layer: Built, others: set[int]) -> bool:
    """One layer's count is its weights, one product, plus its biases (``C_out C_in k^2 +
    C_out``, ``C_out (C_in k^2 + 1)``): a formula with two terms larger than the biases sums
    the counts of several layers (a depthwise layer's 576 plus a pointwise one's 64 \\cdot 128
    + 128), whatever layer its numbers happen to fit."""
    if summands is None:
        return False
    s = layer.settings
    widths = (
        ("in_features", "out_features")
        if layer.kind == "Linear"
        else ("in_channels", "out_channels")
    )
    bias = max(s[w] for w in widths)  # a bias term, right or one per input channel, is no more
    if sum(1 for v in summands if v > bias) > 1:  # (a wrong bias term, 8 for 16, is one)
        return False
    # a term beside the weights that is no width of the layer but another layer's count:
    # "the model has $148 + 256 \cdot 2 + 2 = 662$" adds a conv's 148 to a dense layer's
    # count, however its other numbers fit that dense layer (a wrong bias term is no count)
    foreign = others - {_count(layer, False), _count(layer, True)} - {s[w] for w in widths}
    largest = max(summands, default=0)
    return not any(v != largest and v in foreign for v in summands)


def _formula(layer: Built, what: str, said: bool | None = None) -> str:
    s = layer.settings
    bias = what == "params" and (bool(s.get("bias", 1)) if said is None else said)
    if layer.kind == "Linear":
        tail = f" + {s['out_features']}" if bias else ""
        return f"{s['in_features']}·{s['out_features']}{tail}"
    groups = s.get("groups", 1)
    per = (s["out_channels"] if layer.kind == "ConvTranspose" else s["in_channels"]) // groups
    width = s["in_channels"] if layer.kind == "ConvTranspose" else s["out_channels"]
    taps = math.prod([s["kernel_size"]] * layer.dims)
    tail = f" + {s['out_channels']} biases" if bias else ""
    return f"{width}·{per}·{taps} weights{tail}"
