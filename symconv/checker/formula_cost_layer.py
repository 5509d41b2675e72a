"""The layer a count of multiply-accumulates is about, read from the formula's own numbers.

"the multiplications of the first layer per image are $M_1 = 24^2 \\cdot 16 \\cdot 25$",
"its multiply-adds per image are $M_{\\mathrm{conv4}} = 8^2 \\cdot 9 \\cdot 64 \\cdot 64$",
"Costo per immagine (moltiplicazioni-accumulazioni): per conv1 $96 \\cdot 96 \\cdot 32 \\cdot
27$": a cost named with the author's own letter (or none) is written as an output side
squared times the products one output value costs.  Each output value of a convolution is a
sum of (C_in/g)·k² products (its window over the channels of its group), so the layer costs
H_out·W_out·C_out·(C_in/g)·k² multiply-accumulates a sample; the formula's factors other than
the side (``h^2`` or ``h \\cdot h``, or the side's product ``h·w`` as one number) multiply to
C_out·(C_in/g)·k², in any order and grouping (``27`` = 3·9, ``576`` = 64·9, ``589824``).

So each convolution the notes build whose input side their own model gives (a Keras model,
a network read whole: formula_layer.declared_with_sides) is tried: it fits when the factors
besides the side multiply to its C_out·(C_in/g)·k².  The claim is judged only when every
fitting layer gives one truth (the side the layers' own sizes give), the words around it say
multiplications (or the name is MACs), per sample (a batch's count, FLOPs and a count with
the bias adds are other conventions, left open), and its clause varies no layer.  Then:

- a side that is the layer's output side: verified;
- a side written as a square (``h^2``, ``h \\cdot h``) that is not: wrong -- the layer costs
  what its output side gives;
- ``C_out·C_in·k²`` for a grouped layer whose group count the clause itself states
  ("con $g = 2$"): wrong -- a filter of a layer in g groups sees C_in/g channels.

A layer with the same product whose input side is not given, or words that name another
layer, leave the claim to the other readers.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction

from symconv.checker.constructor_claims import (
    _CALL,
    Built,
    _fenced,
    _input_sides,
    heading,
    output_side,
)
from symconv.checker.formula_layer import (
    as_named,
    clauses,
    compared,
    declared_with_sides,
    judged,
    named,
    read_claim,
    restated,
    set_options,
    trailing,
    varied,
)
from symconv.checker.layer_costs import _BATCH_WORDS, _MULT_WORDS, _PER_SAMPLE, _WHOLE_BATCH
from symconv.checker.layer_counts import sentence_around
from symconv.checker.notes_network import _input_shape
from symconv.checker.size_names import flatten
from symconv.checker.syntax import Expr, Factor, Num, Op

# a name of a cost: M, M_1, M', M_{conv4}, MACs_{stem}, \#MAC, Mult_{dw}, N_{mult}
_COST_NAME = re.compile(r"^(?:M|#?MACs?|#?Mults?|N_(?:MACs?|mults?))(?:'+|_\w+)?$", re.I)
# words of another convention: FLOPs count a multiply-accumulate twice, a count "with the
# bias" adds one per output
_OTHER_CONVENTION = re.compile(r"\b(?:[GMT]?FLOPs?|bias\w*|sesgos?|biais)\b", re.I)
_SIZE = re.compile(r"(?<![\d.])(\d+)\s*(?:\\times|×|x)\s*(\d+)(?![\d.])")


def _factors(expr: Expr) -> list[tuple[int, int]] | None:
    """(base, exponent) of each factor of a product of whole numbers, or None."""
    if len(expr.terms) != 1 or expr.terms[0][0] != "+":
        return None
    out: list[tuple[int, int]] = []
    for item in expr.terms[0][1].items:
        if isinstance(item, Op):
            if item.name not in ("\\cdot", "*", "\\times"):
                return None
        elif isinstance(item, Num) and item.text.isdigit():
            out.append((int(item.text), 1))
        elif (
            isinstance(item, Factor)
            and isinstance(item.base, Num)
            and item.base.text.isdigit()
            and isinstance(item.sup, Num)
            and item.sup.text.isdigit()
            and item.sub is None
            and not item.primes
        ):
            out.append((int(item.base.text), int(item.sup.text)))
        else:
            return None
    return out if len(out) >= 2 else None


def _splits(factors: list[tuple[int, int]]) -> list[tuple[int, bool, int]]:
    """Each way to read the formula as (side part, whether it is written as a square,
    product of the rest): ``h^2``, ``h \\cdot h`` (a square side h, shown as h) or a single
    number (the side's product h·w, shown as itself)."""
    out: list[tuple[int, bool, int]] = []
    total = math.prod(b**e for b, e in factors)
    for i, (b, e) in enumerate(factors):
        if e == 2:
            out.append((b, True, total // b**2))
        elif e == 1:
            out.append((b, False, total // b))
            for j in range(i + 1, len(factors)):
                if factors[j] == (b, 1):
                    out.append((b, True, total // b**2))
    return out


def _per_output(layer: Built) -> tuple[int, int | None]:
    """The products one output value costs, and those a formula that forgets the groups
    writes (C_out·C_in·k², None for an ungrouped layer)."""
    s = layer.settings
    g = s.get("groups", 1)
    taps = s["kernel_size"] ** 2
    right = s["out_channels"] * (s["in_channels"] // g) * taps
    return right, (s["out_channels"] * s["in_channels"] * taps if g > 1 else None)


def _out_side(layer: Built, side: int) -> int | None:
    if layer.settings.get("same"):  # Keras's "same": ceil(h/s)
        return -(-side // layer.settings["stride"])
    return output_side(layer, side)


def judge_formula_cost(text: str, document: list[str], line: int, source: str) -> dict | None:
    """The verdict of a count of multiply-accumulates whose formula is one layer's, or None."""
    if not 0 < line <= len(document):
        return None
    claim = read_claim(text)
    if claim is None:
        return None
    name, expr, _, values = claim
    factors = _factors(expr)
    if factors is None or len(set(values)) != 1:
        return None
    if name is not None and not _COST_NAME.match(flatten(name)):
        return None
    before, after = clauses(document, line, source)
    sentence = sentence_around(document, line, source)
    words = f"{before} {sentence} {after}"
    # (a list's lead-in: "*Multiplications.* Une conv fait ... multiplications :" above the
    # bullet "- `conv1` : $M_1 = ...$")
    if not (
        _MULT_WORDS.search(f"{words} {_lead_in(document, line)}")
        or (name and re.match(r"#?MAC", flatten(name), re.I))
    ):
        return None
    if _OTHER_CONVENTION.search(words) or _WHOLE_BATCH.search(words):
        return None
    if _BATCH_WORDS.search(words) and not _PER_SAMPLE.search(words):
        return None  # "for a batch of 8 images": per sample or per batch is not read
    if varied(before, after) or compared(before, after) or set_options(before):
        return None
    declared = declared_with_sides(document, ("Conv",))
    fitting: list[tuple[Built, int, str]] = []  # (layer, truth, how the formula is read)
    unknown = False
    fenced = _fenced(document)
    chained = code_sides(document, declared)
    for layer, side, at in declared:
        if layer.dims != 2 or layer.settings.get("kernel_size") is None:
            continue
        if side is None and not fenced[at]:  # "`nn.Conv2d(8, 16, 3)` sobre imágenes de 32 x 32"
            side = _own_side(document[at - 1], layer)
        if side is None and fenced[at]:  # the notes' code, from the input they state
            side = chained.get(id(layer))
        right, slip = _per_output(layer)
        reads = [(h, square, rest) for h, square, rest in _splits(factors) if rest in (right, slip)]
        if not reads:
            continue
        out = _out_side(layer, side) if side is not None else None
        if out is None or out <= 0:
            unknown = True  # a layer of the same product whose sizes are not given
            continue
        truth = out * out * right
        for h, square, rest in reads:
            if rest == right and (h == out if square else h == out * out):
                fitting.append((layer, truth, "right"))
            elif rest == right and square:
                fitting.append((layer, truth, f"side {h}, not its output side {out}"))
            elif rest == slip and (h == out if square else h == out * out):
                fitting.append((layer, truth, "groups"))
    if unknown or not fitting or len({t for _, t, _ in fitting}) != 1:
        return None
    truth = fitting[0][1]
    hows = {how for _, _, how in fitting}
    lead = sentence[: max(sentence.find(source), 0)]
    if "groups" in hows and not _states_groups(lead[-80:], fitting):
        return None  # C_out·C_in·k² may be the same layer without its groups
    if values[0] != truth and "right" in hows:
        return None  # (the formula's own arithmetic is another reader's)
    chosen: list[Built] = []
    for x, _, _ in fitting:
        if not any(x is y for y in chosen):
            chosen.append(x)
    every = [x for x, _, _ in declared]
    chosen = as_named(chosen, every, f"{before} {trailing(document, line, source)}")
    if chosen is None or restated(chosen, document, line, source):
        return None
    above = "\n".join([heading(document, line), *document[max(0, line - 4) : line - 1]])
    if _other_size(f"{above} {before} {sentence}", chosen, declared):
        return None  # the passage writes a map size that is not the layer's: another input?
    s = chosen[0].settings
    per = s["in_channels"] // s.get("groups", 1)
    out = math.isqrt(truth // _per_output(chosen[0])[0])
    about = (
        f"{named(chosen)} makes {out}·{out}·{s['out_channels']}·{per}·{s['kernel_size']}² = "
        f"{truth} multiply-accumulates a sample (each of its {out}·{out}·{s['out_channels']} "
        f"outputs sums {per}·{s['kernel_size']}² products)"
    )
    return judged(truth, [Fraction(v) for v in values], name is not None, about, document)


# what makes a map's side change outside the convolutions (read only after the last line
# that runs or builds one: a global pooling before the dense head), and what makes the
# channels come from two layers at once or runs one layer several times (never read)
_RESAMPLES = re.compile(
    r"pool|interpolate|upsampl|pixel_?shuffle|\bmean\s*\(|\bview\s*\(|reshape|flatten|"
    r"\bresize",
    re.IGNORECASE,
)
_UNREAD_CODE = re.compile(
    r"\bcat\s*\(|concat|\bunfold|\bfold\s*\(|ConvTranspose|\bfor\s+\w+\s+in\b|"
    r"ModuleList|\bstack\s*\(|\bsplit\s*\(|\bchunk\s*\(",
    re.IGNORECASE,
)
# a module of the code that may change a map's shape and is not read here: any torch.nn
# module but those that keep it, or a class of the notes' own ("self.block = Block(...)")
_KEEPS_SHAPE = (
    "Conv2d|BatchNorm2d|GroupNorm|LayerNorm|InstanceNorm2d|ReLU|ReLU6|LeakyReLU|GELU|SiLU|"
    "ELU|Sigmoid|Tanh|Hardswish|Mish|Dropout|Dropout2d|Identity|Sequential|Module|Linear|"
    "Flatten|functional|init|Parameter"
)
_OTHER_MODULE = re.compile(rf"\bnn\.(?!(?:{_KEEPS_SHAPE})\b)[A-Z]\w*")
_BUILT_CLASS = re.compile(r"=\s*([A-Z]\w*)\s*\(")


def _own_classes_once(code: str) -> bool:
    """Every class the code builds (``model = Net()``) is one it defines, built once and not
    inside another module: a block built twice runs its convolutions on two inputs."""
    defined = set(re.findall(r"^\s*class\s+(\w+)", code, re.M))
    built = _BUILT_CLASS.findall(code)
    nested = re.search(r"self\.\w+\s*=\s*[A-Z]\w*\s*\(", code) is not None
    return not nested and all(name in defined and built.count(name) == 1 for name in built)


_INPUT_WORDS = re.compile(
    r"\b(?:inputs?|entradas?|entr[ée]es?|images?|imágenes|imagens?|Bilder?|Eingabe\w*|"
    r"immagin[ei]|ingress[oi])\b",
    re.IGNORECASE,
)
_RANDN = re.compile(
    r"torch\.(?:randn|rand|zeros|ones|empty)\(\s*\d+\s*,\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*\)"
)


def code_sides(document: list[str], declared: list) -> dict[int, int]:
    """The input side of each 2-D convolution of the notes' code (by ``id``), where the code
    changes a map's side only in its convolutions: the input the notes state (one shape, its
    channels the first convolution's) feeds every convolution taking its channel count, and
    each convolution feeds those written after it that take its output channels; a side
    two sources would give differently, or none, is not read.  Why: batch norms,
    activations and residual additions keep a map's shape, so a convolution's input is the
    stated input or the output of a convolution with as many channels."""
    fenced = _fenced(document)
    code = [(x, at) for x, side, at in declared if side is None and fenced[at] and x.dims == 2]
    lines = [re.sub(r"#.*", "", t) for k, t in enumerate(document, start=1) if fenced[k]]
    code_text = "\n".join(lines)
    if not code or _UNREAD_CODE.search(code_text) or _OTHER_MODULE.search(code_text):
        return {}
    if not _own_classes_once(code_text):
        return {}
    if any(
        not re.search(r"\bConv2d\s*\(", x.text) or "in_channels" not in x.settings for x, _ in code
    ):
        return {}  # (a Keras model's layers are read with their sides by keras_layers.py)
    names = [x.var for x, _ in code if x.var] + [r"Conv2d\s*\("]
    runs = re.compile("|".join(rf"\b{n}\b" if n[0].isalpha() else n for n in names))
    last = max((k for k, t in enumerate(lines) if runs.search(t)), default=-1)
    if any(_RESAMPLES.search(t) for t in lines[: last + 1]):
        return {}  # a pooling or a reshape among the convolutions: the sides it leaves
    first = code[0][0].settings["in_channels"]
    prose = [t for k, t in enumerate(document, start=1) if not fenced[k]]
    shapes = {
        tuple(x)
        for t in prose
        if (x := _input_shape(t, {"in_channels": first}, False, _INPUT_WORDS))
    }
    shapes |= {(int(h), int(w), int(c)) for c, h, w in _RANDN.findall(code_text)}
    if len(shapes) != 1:
        return {}
    height, width, channels = shapes.pop()
    if height != width or channels != first:
        return {}
    sides: dict[int, int] = {}
    outs: list[tuple[int, int | None]] = []  # (channels, side) each convolution leaves
    for layer, _ in code:
        s = layer.settings
        sources = {side for c, side in outs if c == s["in_channels"]}
        if s["in_channels"] == channels:
            sources.add(height)
        side = sources.pop() if len(sources) == 1 else None
        if side is not None:
            sides[id(layer)] = side
        out = _out_side(layer, side) if side is not None and layer.kind == "Conv" else None
        outs.append((s["out_channels"], out))
    return sides


_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,2}[.)])\s")


def _lead_in(document: list[str], line: int) -> str:
    """The line that leads into the list the claim's line is an item of ("Une conv fait ...
    multiplications :" above "- `conv1` : $M_1 = ...$"), or "" when it is no item."""
    if not _ITEM.match(document[line - 1]):
        return ""
    for k in range(line - 1, 0, -1):
        text = document[k - 1]
        if text.strip() and not _ITEM.match(text):
            return text
    return ""


def _own_side(text: str, layer: Built) -> int | None:
    """The one input side the prose line that builds the layer writes for it (a size next to
    a word of kernels is the kernel's), or None."""
    if len(_CALL.findall(text)) != 1:
        return None  # two layers on the line: whose size it is, is not read
    sides = _input_sides(text, layer)
    return sides.pop() if sides is not None and len(sides) == 1 else None


def _states_groups(before: str, fitting: list[tuple[Built, int, str]]) -> bool:
    """The words just before the claim state the layer's own group count: "con $g = 2$",
    "`groups=2`"."""
    groups = {x.settings.get("groups", 1) for x, _, _ in fitting}
    said = {
        int(m.group(1))
        for m in re.finditer(r"(?:\bg\b|\bgroups\b|\bgrupos\b|\bgroupes\b)\s*=\s*(\d+)", before)
    }
    return len(groups) == 1 and said == groups


def _other_size(words: str, chosen: list[Built], declared: list) -> bool:
    """A size ``a x b`` in the words that is neither the input's nor the output's side of a
    chosen layer (nor a square kernel's): the sentence speaks of another map."""
    sides: set[int] = set()
    for layer, side, _ in declared:
        if layer in chosen and side is not None:
            out = _out_side(layer, side)
            sides |= {side, out} if out is not None else {side}
    kernels = {x.settings.get("kernel_size") for x in chosen}
    for m in _SIZE.finditer(re.sub(r"`[^`]*`", " ", words)):
        a, b = int(m.group(1)), int(m.group(2))
        if a == b and (a in sides or a in kernels):
            continue
        return True
    return False
