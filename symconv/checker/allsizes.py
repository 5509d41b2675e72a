"""Claims written with symbolic sizes, judged for all sizes ("verified-for-all-sizes").

A statement such as ``\\frac{\\partial L}{\\partial W_{f,c,a,b}} = [\\operatorname{corr}_w(
\\operatorname{pad}(X), \\operatorname{dilate}(G, (s_h, s_w)))]_{f,c,a,b}`` names no size
of a concrete layer.  It is read by :mod:`.allsizes_parse` and judged twice:

1. at concrete sizes (:mod:`.allsizes_eval`): three *typical* sets of sizes (non-square,
   every parameter above its corner, the output at least the kernel) and a few *corners*
   (kernel 1, output smaller than the kernel or 1x1, padding past k-1), every entry of the
   left side compared exactly with the layer's derivation.  Failing at a typical size is
   ``wrong``; holding at every typical size but failing at a corner is ``size-specific``,
   with the corner's sizes as the counterexample (a bound right only when the output is at
   least as large as the kernel, say).
2. when one side is a closed form indexed like the other side's entry, its nodes are built
   at the general prover's two templates (:mod:`.allsizes_ops`) and handed to
   :func:`symconv.proofs.general.prove_general` as the layer's identity; only its ``proved``
   makes the verdict ``verified-for-all-sizes``.  A closed form the prover cannot read
   but that holds at the concrete sizes is ``not-understood`` with the prover's reason.

An element-wise step (a chain rule, a derivative, bounds) holding at every size tried is
``verified`` ("holds at these sizes"): the general prover proves closed forms, not steps.
Index substitutions (``a = k_h - 1 - \\tilde{a}``), ``\\pm 1`` and ``G = \\partial L /
\\partial Z`` are the notes' prose, not claims: no verdict.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from functools import lru_cache

from symconv.checker.algebra import Poly
from symconv.checker.allsizes_claim import (
    WHOLE,
    a_convolution,
    dense_claim,
    names_entries,
    names_sizes,
    symbolic_bounds,
    symbolic_of,
    whole,
)
from symconv.checker.allsizes_counts import (
    is_count,
    judge_chosen,
    judge_count,
    names_choice,
    names_count,
    own_clause,
)
from symconv.checker.allsizes_dense import AVERAGE
from symconv.checker.allsizes_eval import (
    ClaimError,
    Evaluator,
    Instance,
    assignments,
    instances,
    make,
)
from symconv.checker.allsizes_hints import nearest
from symconv.checker.allsizes_notes import BOUND, GeneralState, judge_bound, names_bound
from symconv.checker.allsizes_ops import build_node, sizes_of
from symconv.checker.allsizes_parse import Node, mentions_general, parse, walk
from symconv.checker.allsizes_sizes import is_output_formula, judge_output
from symconv.checker.case_sizes import (
    Pins,
    beyond_prover,
    case_pins,
    complete,
    describe,
    failed_at,
    freed,
    judge_in_case,
)
from symconv.checker.channels_last import (
    channels_first,
    course_gradients,
    four_index,
    laid_last,
)
from symconv.checker.context import finding
from symconv.checker.conventions import zero_outside
from symconv.checker.depthwise_case import depthwise_case
from symconv.checker.einstein_sums import implied_in_force
from symconv.checker.full_symbols import in_full_mode
from symconv.checker.grouped_letter_counts import judge_grouped_letter_count, paragraph_of
from symconv.checker.layer_counts import sentence_around
from symconv.checker.letter_identities import identified, letters_in
from symconv.checker.letter_parameters import named_parameters
from symconv.checker.limits import NegativeParameter, NotUnderstood
from symconv.checker.output_case import lead_in, output_case, written_pads
from symconv.checker.output_names import output_names
from symconv.checker.report import ALL_SIZES, NOT_UNDERSTOOD, SIZE_SPECIFIC, VERIFIED, WRONG
from symconv.checker.symbolic_counts import grouped_count
from symconv.checker.whole_map_pool import refuse_whole_map
from symconv.layers.base import Identity

_ROLE = {"Z": "Z", "X": "X", "W": "W", "b": "b"}
_NAME = {"Z": "Z", "X": "dL/dX", "W": "dL/dW", "b": "dL/db"}


def applies(text: str) -> bool:
    return mentions_general(text) or names_bound(text) or names_choice(text)


def judge_general(
    text: str,
    seen: set[str] | None = None,
    declared: Instance | None = None,
    retry: bool = False,
    within: list[tuple[str, str]] | None = None,
    settled: bool = False,
) -> dict | None:
    """The verdict of one statement of a general document (None: not a claim).  ``seen``
    holds the parameters (stride, dilation, groups) the notes made symbols so far: once
    the forward has a stride, a later gradient is about strided layers too.  ``within``: the
    sizes the claim's own lead-in states (case_sizes.py), judged inside that case;
    ``settled``: they are the section's layer settings (its stride 2), which fix those and
    leave every size the claim writes as a letter free."""
    pins = case_pins(within) if within else ()
    if within and pins is None:
        raise NotUnderstood(f"the case its sentence states ({describe(within)}) is not read")
    if "=" not in text:
        return None  # a list of names, \pm 1: prose
    state = seen if isinstance(seen, GeneralState) else GeneralState()
    if state.document and state.line:  # ($G = C_{in} = C_{out} = C$): letters of several sizes
        around = sentence_around(state.document.split("\n"), state.line, text)
        why = identified(around, text, letters_in(text), False)
        if why is not None:
            raise NotUnderstood(why)
    if state.document and state.line and grouped_count(text, state.document, state.line):
        # Conv2d(C_in, C_out, k, groups=g) on the count's line: its count in those letters
        around = paragraph_of(state.document.split("\n"), state.line)
        found = judge_grouped_letter_count(text, around, state.document)
        if found is not None:
            return found
        raise NotUnderstood("a grouped or depthwise layer's count: its groups are not read")
    if names_count(text) and retry:  # \#params = ... the size reader gave no verdict on
        right = parse(text.split("=", 1)[1])
        if not is_count(right, state.document):
            return None
        return judge_count(right, state.document, own_clause(state.document, state.line, text))
    text = course_gradients(text, state.document)  # dW^{[l]}_{u,v,c',c}: dL/dW's entry
    try:
        tree = parse(text, state.gradient_delta())
    except NotUnderstood as exc:
        if not names_entries(text):
            return None  # prose math: \pm 1, G = \partial L / \partial Z
        raise NotUnderstood(f"a claim with symbolic sizes: {exc}") from None
    if tree.kind != "chain" or set(tree.parts[1]) != {"="}:
        return None
    # "$\ast$ 表示 full 卷积（核要翻转）": the notes' full convolution, read in its mode
    tree = in_full_mode(tree, state.document)
    exprs = tree.parts[0]
    # dZ_{h,w,c}: the prover's entries are (n, c, h, w); where the notes state no layout,
    # the claim's own sums may show it (h summed up to H_out, written before c)
    shown = laid_last(exprs) if state.layout is None else None
    if state.channels_last or shown:
        exprs = tuple(channels_first(e) for e in exprs)
    elif state.layout is None and shown is None and implied_in_force() and four_index(exprs):
        # O_{n,i,j,k} = I_{n,i+u,j+v,c} K_{u,v,c,k} under Einstein's convention: no written
        # sum shows which index is a row and which the channel, and the notes state no
        # layout; read channels first, a channels-last claim would be called wrong
        raise NotUnderstood(
            "entries of four indices with sums left implied, in notes that state no "
            "layout: which index is the channel is not read"
        )
    named = output_names(state.document.split("\n"))  # "La taille de la sortie est $$H_s"
    formula_case = (  # "for odd K, stride 2 and P = (K-1)/2": the case the formula is for
        output_case(state.document.split("\n"), state.line, text)
        if retry and state.document and state.line and is_output_formula(*exprs[:2], named)
        else None
    )
    if formula_case is not None:  # the paddings the chain writes in numbers (H + 2·2 - 4)
        formula_case.written_pads = written_pads(exprs[1:])
    if retry and len(exprs) == 2 and is_output_formula(*exprs, named):
        # an output size in letters the layer's size reader does not know (K, F, S, P)
        return judge_output(exprs[1], state.document, state.line, formula_case)
    if (
        formula_case is not None
        and len(exprs) > 2
        and all(is_output_formula(exprs[0], e, named) for e in exprs[1:])
    ):
        # H_out = floor((H + 2P - K)/2) + 1 = ceil(H/2) in its stated case: every side is
        # the output size there (a side without P has the stated padding put in already)
        return _worst_side(
            [judge_output(e, state.document, state.line, formula_case) for e in exprs[1:]]
        )
    if retry and len(exprs) > 2 and is_output_formula(exprs[0], exprs[1], named):
        # H_out = (H_in - 1)s - 2p + k = 5: the formula is judged for all sizes; a wrong
        # one makes the chain wrong, a right one leaves its value at the notes' sizes
        # to be read (never dropped as prose: it is a claim)
        formula = judge_output(exprs[1], state.document, state.line, formula_case)
        if formula["status"] == WRONG:
            # only the first link (H_out = formula) is judged: the later ones (formula =
            # 6, "H_in + 2 = 6" at the notes' H_in = 4) are arithmetic at the notes'
            # sizes, which a formula wrong for other sizes says nothing of
            return _formula_side_wrong(formula, len(exprs))
        if formula["status"] != VERIFIED or not all(e.kind == "num" for e in exprs[2:]):
            return formula if formula["status"] != VERIFIED else None
        raise NotUnderstood(
            f"the formula {formula['message']}; its value "
            f"{' = '.join(str(e.parts[0]) for e in exprs[2:])} at the notes' sizes is not read"
        )
    if names_choice(text) and len(exprs) == 2 and state.chooses():
        state.choices[state.line] = exprs[1]
        raise NotUnderstood(
            "a choice of the padding (an assumption of what follows on this line, not a claim)"
        )
    if (
        state.line in state.choices
        and len(exprs) == 2
        and exprs[0].kind == "sym"
        and exprs[0].parts[0] in ("H_o", "W_o")
        and not names_entries(text)
    ):
        return judge_chosen(exprs[0], exprs[1], state.choices[state.line], state.stride_one())
    if exprs[0].kind == "sym" and BOUND.match(exprs[0].parts[0]) and len(exprs) == 2:
        info = state.sum_of(exprs[0].parts[0])
        if info is None:
            raise NotUnderstood(f"{exprs[0].parts[0]} bounds no sum of these notes")
        # the sum's left side indexes the entry (p in X_{c,p,q}): not the padding
        within = Node("chain", ((info[3], exprs[1]), ("=",)))
        return judge_bound(info, exprs[1], state, symbolic_of(within) | set(state))
    if not any(m.kind in ("read", "deriv", "closed") for e in exprs for m in walk(e)):
        return None  # an index substitution or relation, not a claim about tensors
    target, exprs = whole(exprs[0], exprs)
    if target.kind not in ("read", "deriv", "closed"):
        raise NotUnderstood("the left side is not one entry of a tensor or a closed form")
    if not names_sizes(tree):
        raise NotUnderstood(
            "no size is written as a symbol: a claim about the notes' own "
            "layer, not about every size"
        )
    symbolic = symbolic_of(tree)
    if seen is not None:
        seen |= symbolic - {"square", "nobias"}
        symbolic |= seen
    own = _own_lead_in(state.document.split("\n"), state.line or 0, text) if state.document else ""
    symbolic = state.assumed(symbolic, own) - freed(within or [])
    if "stride" in _letters_unwritten(state, symbolic, within or [], text):
        # "paso $s$", "ストライド $S$": the notes' stride is a letter they never fix, so a
        # claim that writes none is about every stride, as "the stride is $s$" makes it
        symbolic.add("stride")
    if settled and any(key == "stride" for key, _ in within or []):
        # the section's stride 2, pinned: a strided layer, whose windows may tile the input
        # as the notes assume ("on suppose H + 2 - k pair")
        symbolic.add("stride")
    if state.document and state.line:
        lead = lead_in(state.document.split("\n"), state.line, text)
        if depthwise_case(lead):  # "En el caso depthwise ($G = C_{in} = C_{out}$)": the
            symbolic |= {"groups", "depthwise"}  # groups vary, one channel and filter each
    if any(m.kind == "read" and m.parts[0] == "b" for e in exprs for m in walk(e)):
        symbolic.discard("nobias")  # db_c = ...: the claim itself writes the bias
    if dense_claim(tree, state):
        symbolic = (symbolic - {"onechannel", "nobatch", "padding", "stride", "oned"}) | {"dense"}
    reading = (
        state.index_base(tree),
        state.definitions() if state.document else {},
        zero_outside(state.document),
    )
    if state.nearest_pool() == "max" and not _writes_weight(exprs):
        raise NotUnderstood(
            "a max pooling claim with symbolic sizes: its routing is not read for all sizes"
        )
    if AVERAGE.search(state.document) and not _writes_weight(exprs):
        # an average pool's claim: its own padding, not the convolution's the notes
        # stated before (a pool section after a conv one)
        refuse_whole_map(exprs)  # y_c = 1/(HW) \sum_{i=1}^{H} ...: a global pool's
        own = symbolic_of(tree) & {"padding"}
        symbolic = (symbolic - {"nobias", "padding"}) | own | {"avgpool"}
        case = state.pool_case()  # stride k, windows that tile the input
        if "poolstride" in case:
            symbolic = (symbolic - {"stride"}) | case
        elif "stride" not in symbolic:
            symbolic |= case - {"poolstride"}
    else:
        a_convolution(target, exprs[1:])
        if "stride" in symbolic and state.stride_fits():
            symbolic |= {"tiled"}  # "assume s divides H - k": only sizes where it does
    found = [
        _judge_side(
            target,
            other,
            symbolic,
            declared,
            reading,
            (pins or (), describe(within or []), settled),
        )
        for other in exprs[1:]
    ]
    order = (WRONG, SIZE_SPECIFIC, NOT_UNDERSTOOD, VERIFIED, ALL_SIZES)
    worst = min(found, key=lambda f: order.index(f["status"]))
    stated = (pins or (), describe(within or []), settled)
    if (
        worst["status"] in (WRONG, SIZE_SPECIFIC)
        and not state.stride_general()
        and _stride_fit_only(target, exprs[1:], symbolic, declared, reading, stated)
    ):
        # pad_{k-1}(dilate_s(G)) \star rot180(W) where s does not divide H - k: right
        # wherever the windows reach the last row, and the notes state no case (notes that
        # say "for a general stride" claim it at every size: wrong as it was)
        return finding(
            NOT_UNDERSTOOD,
            "it holds at every size where the windows cover the input to its last row and "
            "column (s dividing H + 2p - d(k-1) - 1) and fails only where rows are left "
            "that no window reads (their gradient is zero); the notes state no such case: "
            f"which sizes the claim is about is not read (elsewhere: {worst['message']})",
        )
    if worst["status"] in (WRONG, SIZE_SPECIFIC) and _padding_only(
        tree, target, exprs[1:], symbolic, state, text, (declared, reading, stated)
    ):
        return finding(
            NOT_UNDERSTOOD,
            "it holds without padding, and its lead-in states the case of another parameter "
            "(its stride) without a padding; the padding is a letter of the notes' notation "
            "that neither the claim nor its lead-in writes: whether the claim is about padded "
            f"layers is not read (with a padding: {worst['message']})",
        )
    if worst["status"] in (VERIFIED, ALL_SIZES) and _letters_unwritten(
        state, symbolic, within or [], text
    ):
        # "relleno $p$" in the notes, no p in the claim: it was judged without padding,
        # which the notes do not say is its case (whether their p applies is a guess either
        # way, as _padding_only says of a claim that fails)
        return finding(
            NOT_UNDERSTOOD,
            "it holds without padding, but the notes name the padding with a letter the "
            f"claim does not write: whether the claim is about padded layers is not read "
            f"(without: {worst['message']})",
        )
    fixed = _fixed_bounds(tree)
    if worst["status"] == WRONG and fixed:
        # \sum_{u=0}^{2} beside \sum_{f=0}^{F-1}: the sums over u run for the notes' own
        # 3x3 kernel only, so at the other sizes tried the claim is not what it says
        raise NotUnderstood(
            f"its sums over {', '.join(fixed)} run to fixed numbers while other sizes are "
            "symbols: it is about the notes' own layer, whose sizes are not all read "
            f"(at other sizes: {worst['message']})"
        )
    if len(found) > 1:
        worst = dict(worst)
        worst["message"] = "; ".join(f"side {k + 2}: {f['message']}" for k, f in enumerate(found))
    if "depthwise" in symbolic:
        worst = dict(worst)
        worst["message"] += (
            " (in the depthwise case its lead-in states: one channel and one filter per group)"
        )
    return worst


def _letters_unwritten(
    state: GeneralState, symbolic: set[str], within: list[tuple[str, str]], text: str
) -> list[str]:
    """The stride and padding the notes name with a letter (letter_parameters.py) that the
    claim is not about: no letter of its own, none the notes' prose fixes for it ("for
    stride 1"), none its lead-in states."""
    if not state.document or symbolic & {"avgpool", "poolstride", "dense"}:
        return []  # a pooling's stride is its window's, a dense layer has none
    before = "\n".join(state.document.split("\n")[: state.line or None])  # named by now
    named = named_parameters(before)
    stated = {key for key, _ in within}
    fixed = state.fixed(_prose_lead_in(state.document.split("\n"), state.line or 0, text))
    return [
        key
        for quantity, key in (("stride", "stride"), ("pad", "padding"))
        if quantity in named and key not in symbolic and key not in fixed and key not in stated
    ]


def _stride_fit_only(
    target: Node,
    others: tuple[Node, ...],
    symbolic: set[str],
    declared: Instance | None,
    reading: tuple,
    within: tuple,
) -> bool:
    """Whether a strided claim that failed holds at every side once the sizes are those
    where the windows cover the input exactly (``tiled``): the usual closed form of a
    strided gradient, written for such sizes, whose right side lacks the rows past the
    last window elsewhere.  A claim that fails there too is wrong as it was."""
    if "stride" not in symbolic or symbolic & {"tiled", "avgpool", "poolstride", "dense"}:
        return False
    if any(slot in ("H", "W") for slot, _ in within[0]):
        return False  # the claim's own lead-in states its input: judged there
    try:
        again = [
            _judge_side(target, other, symbolic | {"tiled"}, declared, reading, within)
            for other in others
        ]
    except NotUnderstood:
        return False
    return all(f["status"] in (VERIFIED, ALL_SIZES) for f in again)


# the lead-in's words for a stride and for a padding (the notes' languages)
_STRIDE_WORDS = re.compile(
    r"\b(?:strides?|strided|Schrittweite|Schrittweiten|paso|passo|pas)\b", re.IGNORECASE
)
_PADDING_WORDS = re.compile(
    r"\bpad\w*|\brelleno|\bpreenchimento|\bremplissage|\bRand\w*|\bZero-?Padding|"
    r"\$\s*[pP](?:_\{?\w+\}?)?\s*(?:\$|=)",
    re.IGNORECASE,
)


def _padding_only(
    tree: Node,
    target: Node,
    others: tuple[Node, ...],
    symbolic: set[str],
    state: GeneralState,
    text: str,
    rest: tuple,
) -> bool:
    """Whether a claim that failed writes no padding, in notes that give every claim's
    layer a padding letter (their notation: "zero padding $p$"), under a lead-in that states
    the case of the stride alone ("With stride $s$:"), and holds at every side once the
    layer has no padding.  The claim's own case then says nothing of a padding, and the
    notes' letter may or may not apply to it: a guess either way.  (A lead-in that names a
    padding, or a claim that writes one, is judged as before.)"""
    declared, reading, within = rest
    if "padding" not in symbolic or "padding" in symbolic_of(tree):
        return False
    if any(slot.startswith("p_") for slot, _ in within[0]):
        return False  # the lead-in states a padding: the claim's case has it
    if not state.document or not state.line:
        return False
    lead = _prose_lead_in(state.document.split("\n"), state.line, text)
    if not _STRIDE_WORDS.search(lead) or _PADDING_WORDS.search(lead):
        return False
    try:
        again = [
            _judge_side(target, other, symbolic - {"padding"}, declared, reading, within)
            for other in others
        ]
    except NotUnderstood:
        return False
    return all(f["status"] in (VERIFIED, ALL_SIZES) for f in again)


def _own_lead_in(document: list[str], line: int, text: str) -> str:
    """The words before the claim on its own line (empty when it starts its line or is
    not found there)."""
    if not 0 < line <= len(document):
        return ""
    head = text.strip()[:12]
    at = document[line - 1].find(head) if head else -1
    return document[line - 1][:at] if at > 0 else ""


def _prose_lead_in(document: list[str], line: int, text: str) -> str:
    """The prose leading into the claim: its own line's words before it, else the nearest
    prose line above, past the displays between ("With stride $s$:" then $$dL/dW = ...$$
    and $$dL/dX = ...$$: both claims' lead-in), within its section."""
    if not 0 < line <= len(document):
        return ""
    head = text.strip()[:12]
    at = document[line - 1].find(head) if head else -1
    own = document[line - 1][:at] if at >= 0 else ""
    if own.strip().strip("$").strip():
        return own
    for number in range(line - 1, max(0, line - 9), -1):
        above = document[number - 1].strip()
        if not above or (above.startswith("$$") and above.endswith("$$")):
            continue
        return "" if above.startswith("#") else above
    return ""


def _formula_side_wrong(formula: dict, n: int) -> dict:
    """The verdict of ``H_out = formula = ...`` (``n`` sides) whose formula is wrong: side
    2 differs from the output size (side 1), and each side after it is named not
    understood, so that no link after the formula passes for wrong (nor for verified)."""
    rest = "; ".join(
        f"side {k} of {n} is not understood: its value at the notes' sizes is not read"
        for k in range(3, n + 1)
    )
    return {**formula, "message": f"side 2 of {n} differs: {formula['message']}; {rest}"}


def _worst_side(found: list[dict]) -> dict:
    """One verdict for a chain of output-size formulas: the worst side's, naming each."""
    order = (WRONG, SIZE_SPECIFIC, NOT_UNDERSTOOD, VERIFIED, ALL_SIZES)
    worst = dict(min(found, key=lambda f: order.index(f["status"])))
    if worst["status"] not in (WRONG, SIZE_SPECIFIC):
        worst["message"] = "; ".join(f"side {k + 2}: {f['message']}" for k, f in enumerate(found))
        return worst
    # a flagged chain names each side that differs ("side 3 of 3 differs"), so that its
    # links can be told apart: H_out = H + 2·2 - 4 + 1 = H holds in its first link (the
    # formula is the output side) and fails in its second (H + 1 is not H)
    n = len(found) + 1
    how = {WRONG: " differs", SIZE_SPECIFIC: " differs", NOT_UNDERSTOOD: " is not understood"}
    worst["message"] = "; ".join(
        f"side {k + 2} of {n}{how.get(f['status'], '')}: {f['message']}"
        for k, f in enumerate(found)
    )
    return worst


def _fixed_bounds(tree: Node) -> list[str]:
    """The variables of the claim's sums whose upper bound is a number above 0."""
    return sorted(
        {
            str(m.parts[0])
            for m in walk(tree)
            if m.kind == "sum"
            and m.parts[2].kind == "num"
            and str(m.parts[2].parts[0]) not in ("0", "1")
        }
    )


def _writes_weight(exprs) -> bool:
    r"""Whether the claim writes the layer's weights: an entry ``w_{m,n}``, or the whole
    kernel an operator takes (``\operatorname{rot}_{180}(W)``, ``X \star K``: K read as
    the size k there), so that it is no pooling layer's claim."""
    for e in exprs:
        for m in walk(e):
            if m.kind == "read" and m.parts[0] == "W":
                return True
            if m.kind in ("call", "conv") and any(
                isinstance(a, Node) and a.kind == "sym" and a.parts[0] in ("W", "k")
                for a in walk(m)
            ):
                return True
    return False


def _case(symbolic: set[str]) -> str:
    parts = symbolic & {"stride", "dilation", "groups"}
    if len(parts) > 1:
        base = "all"
    else:
        base = {"stride": "b", "dilation": "c", "groups": "d"}.get(next(iter(parts), ""), "a")
    # one letter for both axes (k, s, d) and no padding written: the prover's layer is
    # that one, not a k_h x k_w kernel with paddings the claim never speaks of
    variants = [
        v
        for v, on in (("square", _square(symbolic)), ("unpadded", "padding" not in symbolic))
        if on
    ]
    return "+".join([base, *variants])


def _square(symbolic: set[str]) -> bool:
    return "square" in symbolic and "sided" not in symbolic


# ---------------------------------------------------------------------- concrete
_COMPARED: OrderedDict[tuple, tuple[str, object]] = OrderedDict()
_COMPARED_MAX = 4096


def _compare(target: Node, other: Node, inst: Instance, reading: tuple = (0, {})) -> str | None:
    """None when the two sides agree on every entry at this instance; else where not.
    ``reading``: the notes' index base and their definitions of named bounds.

    Remembered by everything the comparison depends on: the two trees (compared by value),
    the instance's sizes (its layer is built from them alone) and the reading.  A guard
    judges a verified claim again under each stride or padding the notes state elsewhere
    (read_guards.py), and a claim with symbolic sizes is compared at the same instances
    whatever the settings, so each comparison is made once (a document's check spent most
    of its time making the same ones again)."""
    base, definitions, *zero = reading
    key = (target, other, tuple(sorted(inst.sizes.items())), base, tuple(definitions.items()))
    key += tuple(zero)
    if key in _COMPARED:
        _COMPARED.move_to_end(key)
        how, found = _COMPARED[key]
        if how == "raised":  # (NotUnderstood or FractionalIndex, its message)
            kind, args = found
            raise kind(*args) from None
        return found
    try:
        found = _compared(target, other, inst, reading)
    except NotUnderstood as exc:
        _remember(key, ("raised", (type(exc), exc.args)))
        raise
    _remember(key, ("returned", found))
    return found


def _remember(key: tuple, outcome: tuple[str, object]) -> None:
    _COMPARED[key] = outcome
    if len(_COMPARED) > _COMPARED_MAX:
        _COMPARED.popitem(last=False)


def _compared(target: Node, other: Node, inst: Instance, reading: tuple) -> str | None:
    """:func:`_compare`, computed."""
    ev = Evaluator(inst, *reading)
    wrt = target.parts[1] if target.kind == "deriv" else target
    if (
        other.kind == "closed"
        and wrt.kind == "read"
        and wrt.parts[1][:1] == (Node("sym", (WHOLE.get(wrt.parts[0], ("",))[0],)),)
    ):
        try:
            shape = tuple(ev.closed_array(other.parts[0]).shape)
        except ClaimError as exc:  # the operators do not compose at these sizes: unread
            raise NotUnderstood(str(exc)) from None
        tag = {"Z": "G", "Xp": "X"}.get(wrt.parts[0], wrt.parts[0])
        if shape != tuple(inst.layer.tensors[tag].ids.shape):  # a whole tensor's claim
            return (
                f"the right side has shape {shape}, the gradient "
                f"{tuple(inst.layer.tensors[tag].ids.shape)}"
            )
    try:
        envs = list(assignments(inst, target, ev))
    except ClaimError as exc:
        return str(exc)
    for env in envs:
        shown = ", ".join(f"{k} = {v}" for k, v in env.items() if k[0] != "!")
        try:
            left, right = _poly(ev.value(target, env)), _poly(ev.value(other, env))
        except ClaimError as exc:
            return f"at {shown}, {exc}"
        if left != right:
            diff = left - right
            missing = _terms(Poly({m: c for m, c in diff.terms.items() if c > 0}), inst)
            extra = _terms(Poly({m: -c for m, c in diff.terms.items() if c < 0}), inst)
            parts = ([f"missing {missing}"] if missing else []) + (
                [f"extra {extra}"] if extra else []
            )
            return f"at {shown}, the right side differs: {'; '.join(parts)}"
    return None


def _poly(v) -> Poly:
    return v if isinstance(v, Poly) else Poly.const(v)


def _terms(p: Poly, inst: Instance, shown: int = 3) -> str:
    """A few terms as entries (``G[0,1,2,0]*W[1,0,0,1]``), with how many more."""
    out = []
    for mono, c in sorted(p.terms.items())[:shown]:
        names = []
        for v in mono:
            tag, idx = inst.layer.table.key(v)
            names.append(f"{tag}[{','.join(map(str, idx))}]")
        factor = "*".join(names) or "1"
        out.append(factor if c == 1 else f"{c}*{factor}")
    more = len(p.terms) - shown
    return ", ".join(out) + (f" and {more} more" if more > 0 else "")


def concrete(
    target: Node,
    other: Node,
    symbolic: set[str],
    declared: Instance | None = None,
    reading: tuple = (0, {}),
    case: Pins = (),
) -> tuple[list, list, int]:
    """(typical failures, corner failures, instances tried), each failure (inst, why); the
    notes' declared layer, if any, counts as typical (a failure there is the claim's);
    ``case``: the sizes the claim's lead-in fixes (case_sizes.py)."""
    typical, corner = [], []
    if case:
        declared = None  # the notes' layer need not be the claim's case
    tried = [*instances(symbolic, "square" in symbolic, case), *([declared] if declared else [])]
    # a dense layer's W is (out, in) or (in, out): false only when false both ways
    flipped = instances(symbolic | {"wT"}, False, case) if "dense" in symbolic else []
    outside = 0
    for k, inst in enumerate(tried):
        try:
            why = _compare(target, other, inst, reading)
        except NegativeParameter:
            # pad_{k-1-p} at p > k - 1: sizes the claim does not speak of (it pads there)
            outside += 1
            continue
        if (
            why is not None
            and k < len(flipped)
            and _compare(target, other, flipped[k], reading) is None
        ):
            why = None
        if why is not None:
            (typical if inst.typical else corner).append((inst, why))
    return typical, corner, len(tried) - outside


# ---------------------------------------------------------------------- all sizes
def _identity_of(target: Node, other: Node) -> tuple[str, str, Node] | None:
    """(identity name, role, closed expression) when ``other`` is the closed form of the
    entry ``target`` at the same index."""
    if other.kind != "closed":
        return None
    expr, idx = other.parts
    if target.kind == "read" and target.parts[0] == "Z":
        role, written = "Z", target.parts[1]
    elif target.kind == "deriv" and target.parts[0] is None and target.parts[1].parts[0] in _ROLE:
        role, written = target.parts[1].parts[0], target.parts[1].parts[1]
    else:
        return None
    if tuple(written) != tuple(idx):
        return None
    return _NAME[role], role, expr


@lru_cache(maxsize=64)
def prove_all_sizes(name: str, role: str, expr: Node, case: str):
    """The general prover's proof of ``role = expr`` (a closed form) for all sizes."""
    from symconv.proofs.general import prove_general

    def build(spec, input_shape) -> list[Identity]:
        node = build_node(expr, sizes_of(spec, input_shape, 1), spec)
        return [Identity(name, f"{name} = the claimed closed form", role, node)]

    return prove_general("conv2d", case, (name,), with_steps=False, build=build)[0]


def _proof_of(identity: tuple[str, str, Node], case: str):
    """The general prover's proof of the claim in its case, or in the case "+narrow"
    (every padding p <= d(k-1)) when the claim pads by d(k-1) - p: ``pad_{k-1-p}(G) ⋆
    rot180(W)`` is a padding only there (a negative one at the templates' p > d(k-1)), so
    it speaks of those layers alone.  The narrow proof counts only if it read that padding
    (the role ``full_cut``): a claim that does not write it is judged in its own case."""
    from symconv.proofs.proof import NOT_PROVED

    try:
        proof = prove_all_sizes(*identity, case)
    except NegativeParameter:
        proof = None
    if proof is not None and proof.status != NOT_PROVED:
        return proof
    if "unpadded" not in case:
        narrow = prove_all_sizes(*identity, f"{case}+narrow")
        read = narrow.closed.roles if narrow.closed is not None else []
        if any(r.startswith("full_cut") for r in read):
            return narrow
    if proof is None:
        raise NotUnderstood("an operator's parameter that is negative at the prover's sizes")
    return proof


def _judge_side(
    target: Node,
    other: Node,
    symbolic: set[str],
    declared: Instance | None,
    reading: tuple = (0, {}),
    within: tuple = ((), ""),
) -> dict:
    identity = _identity_of(target, other)
    pins, stated, *settled = within  # the sizes the claim's lead-in fixes, and in words
    if beyond_prover(pins):
        if not (any(settled) or complete(pins, symbolic)):
            raise NotUnderstood(f"the case its sentence states ({stated}) is not all its sizes")
        return judge_in_case(concrete(target, other, symbolic, None, reading, pins), stated, _sizes)
    try:
        typical, corner, tried = concrete(target, other, symbolic, declared, reading, pins)
    except NotUnderstood:
        if identity is None:
            raise
        typical, corner, tried = [], [], 0  # judged by the prover alone
    if typical:
        inst = typical[0][0]
        hint = None
        if other.kind == "closed":
            hint = nearest(
                other.parts[0],
                lambda fixed: (
                    _compare(target, Node("closed", (fixed, other.parts[1])), inst, reading) is None
                ),
            )
        head = f"{hint}; " if hint else ""
        return failed_at(WRONG, f"{head}false for all sizes: with ", typical[0], ", ", _sizes)
    if corner:
        head = "holds at the typical sizes but not with "
        return failed_at(SIZE_SPECIFIC, head, corner[0], ": ", _sizes)
    case = _case(symbolic)
    sets = f"{tried} sets of sizes" + (" (the declared layer among them)" if declared else "")
    if identity is None:
        if not tried:
            raise NotUnderstood("no size at which the claim can be evaluated")
        return finding(
            VERIFIED,
            f"holds at these sizes: {sets} (typical and corner), "
            "every entry (an index-level step; the general prover proves "
            "closed forms)",
        )
    try:
        proof = _proof_of(identity, case)
    except (NotUnderstood, ValueError, KeyError) as exc:
        if "tiled" in symbolic and tried:
            return _holds_tiled(sets)
        raise NotUnderstood(
            f"holds at {sets}, but the general prover cannot read the closed form ({exc})"
        ) from None
    if proof.status != "proved" and "tiled" in symbolic and tried:
        return _holds_tiled(sets)
    if proof.status == "proved":
        also = f"; also holds at {sets}" if tried else ""
        return finding(
            ALL_SIZES,
            f"the general prover proved {identity[0]} = this closed "
            f"form for all sizes ({proof.statement.split('(all sizes; ')[-1]}"
            f"{also}",
        )
    restricted = "padding" not in symbolic or symbolic & {
        "nobias",
        "onechannel",
        "nobatch",
        "dense",
        "avgpool",
    }
    if proof.status == "failed" and proof.mismatch is not None and restricted:
        # the prover's templates have padding, a bias, channels: these notes' layer not
        raise NotUnderstood(
            f"holds at {sets} of these notes' sizes; the general prover, "
            "whose layer has padding, a bias and channels, did not prove it"
        )
    if proof.status == "failed" and proof.mismatch is not None:
        return finding(
            WRONG,
            f"false for all sizes: {proof.note}; at entry "
            f"{proof.mismatch.index} the derivation gives {proof.mismatch.derived}"
            f", the closed form {proof.mismatch.closed}",
        )
    raise NotUnderstood(
        f"holds at {sets}, but the general prover did not "
        f"prove it for all sizes: {proof.note or proof.status}"
    )


def _holds_tiled(sets: str) -> dict:
    """Holding at every set of sizes tried in the case the section states: the windows
    cover the input to its last row and column ("$s$ divides $H - k$", "sizes where the last
    window ends on the last row").  The general prover's templates leave rows no window
    reads (its strides do not fit them), so it cannot decide the claim there: at those
    sizes a closed form that is right only where every row is read fails, which says nothing
    of the case the notes state.  The evidence is the sets of sizes inside the case, as for a
    case the claim's own sentence states (case_sizes.judge_in_case)."""
    return finding(
        VERIFIED,
        f"holds in the case its section states (the windows cover the input to its last row "
        f"and column): {sets} inside it, every entry (the general prover has no template "
        "for this case)",
    )


def declared_instance(spec, input_hw) -> Instance | None:
    """The notes' own layer as one more set of sizes (a 2-D correlation only)."""
    from symconv.spec.layer import Conv

    if not isinstance(spec, Conv) or spec.dims != 2 or spec.mode != "correlation" or not spec.bias:
        return None
    made = make(
        {k: v for k, v in sizes_of(spec, (spec.in_channels, *input_hw), 1).items() if k in _KEEP},
        True,
    )
    if made is not None:
        made.label = "the declared layer"
    return made


_KEEP = (
    "H",
    "W",
    "k_h",
    "k_w",
    "s_h",
    "s_w",
    "d_h",
    "d_w",
    "p_t",
    "p_b",
    "p_l",
    "p_r",
    "g",
    "C_g",
    "F_g",
    "N",
)


def _sizes(inst: Instance) -> dict[str, int]:
    keep = (*_KEEP, "H_o", "W_o")
    return {k: inst.sizes[k] for k in keep}


__all__ = ["applies", "judge_general", "prove_all_sizes", "symbolic_bounds"]
