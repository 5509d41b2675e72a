"""Numbers-only chains that state a count or a size: ``5 \\cdot 5 \\cdot 6 + 6 = 156`` in a
sentence about parameters, ``32 - 5 + 1 = 28`` for an output side, a table cell
``5\\cdot5\\cdot16+16 = 416`` in the row of a layer.

Right arithmetic is not a right count: "the layer has $5 \\cdot 5 \\cdot 6 + 6 = 156$
parameters" is wrong for a layer with three input channels although 5·5·6 + 6 is 156.  Such a
chain is verified only when its value is compared with the layer it is about, and that layer
is read (stated by the notes or options, not guessed, with no contradiction among its facts):
its parameter count in a sentence about parameters, one of its sizes otherwise.  A value that
is none of the read layer's may be another layer's: not understood, never wrong.  Arithmetic
that does not hold is wrong whatever it counts.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from fractions import Fraction

from symconv.checker.context import Context, finding
from symconv.checker.counterexamples import json_number
from symconv.checker.layer_counts import PARAM_WORDS
from symconv.checker.limits import no_value
from symconv.checker.network_claims import judge_network_statement
from symconv.checker.prose_layer_count import prose_count
from symconv.checker.question_layer import question_before, the_layer_count
from symconv.checker.receptive_field import stack_described
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED
from symconv.checker.scalar import Scalar
from symconv.checker.sentence_layer import sentence_size
from symconv.checker.size_structure import (
    example_size,
    layer_size,
    network_size,
    section_size,
)
from symconv.checker.stated_layers import StatedLayer, kind_of_statement, section_kind
from symconv.checker.syntax import Chain

# the sizes a numbers-only chain may compute, by what they are called in a message
_SIZES = (
    ("out_h", "output height"),
    ("out_w", "output width"),
    ("out_len", "output length"),
    ("n_out", "number of outputs"),
)
# the notes saying a count or size is someone's error: they claim only that it is wrong
_SLIP = re.compile(
    r"\b(?:slips?|mistakes?|wrong|incorrect\w*|errors?|forg[eo]ts?|forgetting|wrote|"
    r"pusieron|escribieron|errónea\w*|err[óo]ne\w*|incorrect[oa]s?|olvid\w*|equivoca\w*|"
    r"mal)\b",
    re.IGNORECASE,
)


@dataclasses.dataclass(frozen=True)
class Surroundings:
    """What a numbers-only chain is compared with: its clause, the whole document, whether
    its sentence (or the one before) speaks of parameters, whether the section's layer is
    read (stated, not guessed, no contradiction), the network the notes are about, and
    every layer the notes state (checker/stated_layers.py)."""

    clause: str
    source: str
    paragraph: str  # the statement's lines and the few before them
    document: str
    params_sentence: bool
    layer_read: bool
    networks: list
    stated: list[StatedLayer]
    restated: tuple | None = None  # (LayerSizes, description) of a layer restated above
    line: int = 0  # the statement's line (1-based), for the network the notes state there
    kernel: int | None = None  # the section's kernel side, where the notes state it


def judge_bare(chain: Chain, ctx: Context, around: Surroundings, arithmetic) -> dict:
    """The verdict of a numbers-only chain; ``arithmetic(chain)`` judges its arithmetic (a
    WRONG finding stands as it is)."""
    found = arithmetic(chain)
    if found["status"] != VERIFIED:
        return found
    value = Scalar(no_value).value(chain.sides[-1])
    shown = json_number(value)
    slip = _SLIP.search(around.clause) is not None
    params = _is_count(around)
    if _ARITHMETIC.search(around.clause) and not slip:  # "Some arithmetic: ...": no count
        return found
    if not slip and around.line:  # a layer of the network the notes state, by its name
        judged = judge_network_statement(
            value, around.source, around.document.split("\n"), around.line
        )
        if judged is not None:
            return judged
    if not slip:
        about = named_layers(value, around.clause, around.networks, params)
        if about is None and params:
            about = stack_count(value, around.document) or _total(value, around)
        if about is None and params:  # "Una imagen RGB ... con 6 filtros de 5×5" above
            counted = prose_count(around.paragraph)
            if counted is not None and value == counted.count:
                about = f"{counted.layer} has {counted.count} parameters"
        if about is None:
            about = _stated(value, around, params)
        if about is None and around.layer_read and not _other_kind(around, ctx):
            about = _compared(value, ctx, params)
        if about is None and not params:  # computed from a layer's own input and kernel
            kinds = kind_of_statement(around.clause, around.source)
            about = network_size(value, around.source, around.networks, kinds)
            if about is None and not _other_kind(around, ctx):
                about = section_size(value, around.source, ctx)
            if about is None:  # "For $H = 9,\ k = 3,\ s = 2$: ... = 4"
                transposed = "transpose" in ctx.where
                about = example_size(value, around.source, around.clause, transposed)
            if about is None and re.search(r"recepti|récepti", around.clause, re.I):
                at = around.clause.find(around.source)  # "dilations 1, 2, 4, 8 and K = 3"
                stack = stack_described(around.clause[: max(0, at)], around.kernel)
                about = stack[1] if stack is not None and value == stack[0] else None
            if about is None:  # "With a $7\\times7$ input, $3\\times3$ kernel, stride 2: ..."
                about = _sentence_size(value, around, "transpose" in ctx.where)
            if about is None and around.restated is not None:  # "(With a 4x4 input and
                sizes, where = around.restated  # k = 4 you get ...)": the layer restated
                about = layer_size(value, around.source, sizes.quantities(), where)
        if about is not None:
            return finding(VERIFIED, f"every side is {shown}: {about}")
        if around.line:  # "**2.** Wie viele Parameter hat diese Schicht?": question 1's
            lines = around.document.split("\n")
            judged = question_before(value, around.source, lines, around.line, params)
            if judged is None and params:  # "the layer has $... = 112$ parameters"
                judged = the_layer_count(value, around.source, around.clause, lines, around.line)
            if judged is not None:
                return judged
    why = (
        "the notes call it an error"
        if slip
        else "which layer's count or size it is, is not read"
        if not around.layer_read
        else f"{shown} is no {'parameter count' if params else 'size'} of "
        f"{ctx.where}, and which other layer's it is, is not read"
    )
    return finding(
        NOT_UNDERSTOOD,
        f"the arithmetic holds ({shown}), but a count or size is checked only against its "
        f"layer: {why}",
    )


# the notes present the chain as arithmetic only
_ARITHMETIC = re.compile(
    r"\b(?:arithmetic|aritm[ée]tica|just the numbers|solo las cuentas)\b", re.I
)
_SIZE_WORDS = re.compile(
    r"\b(?:output|outputs|side|size|sizes|rows?|columns?|maps?|shrinks?|becomes?|gives|"
    r"salida|mide|tamaño|lado|filas?|columnas?|mapa|queda\w*)\b",
    re.IGNORECASE,
)


def _is_count(around: Surroundings) -> bool:
    """A parameter count (else a size): by the clause's own words, else its sentence's."""
    if PARAM_WORDS.search(around.clause):
        return True
    if _SIZE_WORDS.search(around.clause):
        return False
    return around.params_sentence


def _sentence_size(value: Fraction, around: Surroundings, transposed: bool) -> str | None:
    """The output side of the layer the sentence states in words (checker/sentence_layer)."""
    kernels = {
        k
        for layer in around.stated
        for k in (layer.sizes.quantities().get("k_w"), layer.sizes.quantities().get("k_len"))
        if k is not None
    } | ({around.kernel} if around.kernel else set())
    lines = around.paragraph.split("\n")
    before = "\n".join(lines[-3:])  # the paragraph's sentences before the statement
    cut = before.rfind(around.source)
    return sentence_size(
        value, around.source, around.clause, before[:cut] if cut >= 0 else "", kernels, transposed
    )


def _other_kind(around: Surroundings, ctx: Context) -> bool:
    """The statement is about a kind of layer that is not the section's ("la del
    agrupamiento" in a section about a convolution)."""
    kinds = kind_of_statement(around.clause, around.source)
    spec = getattr(ctx.layer, "spec", None)
    return bool(kinds) and spec is not None and section_kind(spec, ctx.where) not in kinds


def _stated(value: Fraction, around: Surroundings, params: bool) -> str | None:
    """A layer the notes state, of a kind the clause names, whose count or size is the
    value."""
    kinds = kind_of_statement(around.clause, around.source)
    for layer in around.stated:
        if layer.kind not in kinds:
            continue
        about = _matches(value, layer.sizes.quantities(), layer.where, params)
        if about is not None:
            return about
    return None


def _total(value: Fraction, around: Surroundings) -> str | None:
    """The total count of the network the notes are about."""
    if not re.search(r"\btotal\b", around.clause, re.IGNORECASE):
        return None
    for net in around.networks:
        total = sum(spec.param_count() for spec, _, _ in net.shapes())
        if value == total:
            return f"{net.name} has {total} parameters in all"
    return None


def _compared(value: Fraction, ctx: Context, params: bool) -> str | None:
    """What of the read layer the value is, or None."""
    return _matches(value, ctx.quantities(), ctx.where, params)


def _matches(value: Fraction, q: dict, where: str, params: bool) -> str | None:
    if not q:
        return None
    if params:
        count = q.get("params")
        if count is not None and value == count:
            return f"{where} has {count} parameters"
        return None
    for key, words in _SIZES:
        if q.get(key) is not None and value == q[key]:
            return f"the {words} of {where}"
    return None


# a network layer named in prose or in a table's row: conv1, C3, fc 1, F5, densa 2
_NAMED = re.compile(
    r"\b(conv|c|s|fc|f|dense|densa|linear|pool)\s*(\d+)\b|\b(output|salida)\b",
    re.IGNORECASE,
)


def named_layers(value: Fraction, clause: str, networks: list, params: bool) -> str | None:
    """The network layer the clause names whose parameter count (in a sentence about
    parameters) or output side is the value, or None."""
    if not networks:
        return None
    for net in networks:
        shapes = list(net.shapes())
        for m in _NAMED.finditer(clause):
            for spec, _, out in _named(m, shapes):
                if value == spec.param_count() and (params or spec.param_count() > 0):
                    return f"{net.name} layer {spec.name} has {value} parameters"
                if not params and len(out) == 3 and value in out[1:]:
                    return f"a side of the output of {net.name} layer {spec.name}"
                widths = (getattr(spec, "in_features", None), getattr(spec, "out_features", None))
                if not params and value in widths:  # "F5: aplanado 5·5·16 = 400 entradas"
                    return f"a width of {net.name} layer {spec.name} ({widths[0]} -> {widths[1]})"
    return None


def _named(m: re.Match, shapes: list) -> list:
    """The layers of a network a name stands for: its own name (C3), else its kind and
    ordinal (conv2: the second convolution, densa 1: the first dense layer)."""
    from symconv.spec.layer import Conv, Dense, Pool

    if m.group(3):
        return shapes[-1:]
    word, k = m.group(1).lower(), int(m.group(2))
    exact = [s for s in shapes if s[0].name.lower() == f"{word}{k}"]
    if exact or word in ("c", "s", "f"):
        return exact
    kind = {"conv": Conv, "pool": Pool}.get(word, Dense)
    same = [s for s in shapes if isinstance(s[0], kind)]
    return same[k - 1 : k] if 1 <= k <= len(same) else []


_STACK = re.compile(r"\d+(?:\s*(?:\\to|\\rightarrow|\\longrightarrow|→)\s*\d+)+")


# "a dense layer from 400 to 120 units", "una densa de 400 a 120 neuronas"
_FROM_TO = re.compile(
    r"\b(?:from|de)\s+\d+\s+(?:to|a)\s+\d+\s+(?:units|features|neurons|outputs|"
    r"unidades|neuronas|salidas)\b",
    re.IGNORECASE,
)


def stack_count(value: Fraction, window: str) -> str | None:
    """A dense stack the window writes ``400 \\to 120 \\to 84 \\to 10``: the value is the
    count of one of its layers (inputs times outputs, and a bias per output)."""
    for m in [*_STACK.finditer(window), *_FROM_TO.finditer(window)]:
        widths = [int(w) for w in re.findall(r"\d+", m.group(0))]
        for n_in, n_out in itertools.pairwise(widths):
            if value == n_in * n_out + n_out:
                return f"the dense layer {n_in} -> {n_out} has {value} parameters"
    return None


def clause_of(sentence: str, source: str) -> str:
    """The part of the sentence a statement belongs to: its table row (``| conv 2 | ... |``),
    else the clause between semicolons ("The layer has $3 \\cdot 3 + 1 = 10$ parameters; a
    few people wrote ...": the second clause is about someone else's count)."""
    at = sentence.find(source)
    if at < 0:
        return sentence
    start = sentence.rfind("\n", 0, at) + 1
    end = sentence.find("\n", at)
    line = sentence[start : end if end >= 0 else len(sentence)]
    if line.lstrip().startswith("|"):
        return line
    begin = sentence.rfind(";", 0, at) + 1
    stop = sentence.find(";", at + len(source))
    return sentence[begin : stop if stop >= 0 else len(sentence)]


_SIZE_KEYS = {"layer", "input", "kernel", "output", "stride", "padding", "dilation", "network"}
_COUNT_KEYS = {"layer", "kernel", "in-channels", "out-channels", "groups", "bias", "network"}
_OTHER_KEYS = {
    "index-base",
    "channel-base",
    "notation",
    "names",
    "sizes",
    "mode",
    "layout",
    "weights",
    "batch",
}


def doubts(conflict: str, params: bool) -> bool:
    """Whether a contradiction among the section's facts leaves a count (or a size) of its
    layer unread: "in-channels 2 but 3" leaves the parameter count in doubt, not the output
    side; one about no single fact ("no stride gives ...") leaves both."""
    key = conflict.split(" ", 1)[0]
    relevant = _COUNT_KEYS | {"in-features", "out-features"} if params else _SIZE_KEYS
    known = _SIZE_KEYS | _COUNT_KEYS | _OTHER_KEYS | {"in-features", "out-features"}
    return key in relevant or key not in known
