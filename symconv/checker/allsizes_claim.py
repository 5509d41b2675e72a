"""What a claim with symbolic sizes is about: which parameters it makes symbols, which
tensors it reads and how (one image, one channel, a dense layer's two indices), whether it
writes a size at all, and whether a statement is worth the general reader.

Helpers of :mod:`.allsizes`, read on the parsed tree (:mod:`.allsizes_parse`).
"""

from __future__ import annotations

import re

from symconv.checker.allsizes_counts import names_count
from symconv.checker.allsizes_dense import DENSE
from symconv.checker.allsizes_dense import NAMES as DENSE_NAMES
from symconv.checker.allsizes_eval import BATCHED
from symconv.checker.allsizes_notes import GeneralState
from symconv.checker.allsizes_parse import ALIASES, SIZES, Node, parse, walk
from symconv.checker.allsizes_sizes import is_output_formula, writes_kernel
from symconv.checker.limits import NotUnderstood


def symbolic_bounds(text: str, unread: bool = False, kernel: bool = False) -> bool:
    """Whether a sum of the statement runs to a size written as a symbol (``k-1``,
    ``\\lfloor a/s \\rfloor``), or (``unread``: the layer's reader gave no verdict) it is an
    output-size formula (``kernel``: one that names the kernel's size): worth the general
    reader when the layer's does not read it."""
    if names_count(text):
        return True  # \#params = ...: read by the general reader if by no other
    try:
        tree = parse(text)
    except (NotUnderstood, RecursionError):
        return False
    if unread:
        return (
            tree.kind == "chain"
            and len(tree.parts[0]) == 2
            and is_output_formula(*tree.parts[0])
            and (not kernel or writes_kernel(tree.parts[0][1]))
        )
    return any(
        m.kind == "sum"
        and any(
            n.kind == "sym" and n.parts[0] in (SIZES | _DENSE_SIZES)
            for b in m.parts[1:3]
            for n in walk(b)
        )
        for m in walk(tree)
    )


_DENSE_SIZES = {"D", "M", "n_in", "n_x", "d_in", "d_out"}  # a dense layer's, not H_o
# a letter the notes name the dilation: "the dilation be $D$", "dilation $D \ge 2$"
_DILATION_LETTER = re.compile(
    r"\b(?:dilation|dilataci[óo]n|dilatation|Dilatation|dilatazione)\s+(?:be\s+|is\s+|of\s+|"
    r"de\s+|rate\s+)?\$\s*([A-Za-z])\s*(?:[$=]|\\ge|\\geq|>)",
    re.I,
)


def writes_sizes(text: str) -> bool:
    """Whether the statement names a size by letter anywhere (``pad_{k-1}``, ``H_o``, a
    bound ``s``): only such a statement is about other sizes than the notes' own."""
    if names_count(text):
        return True
    try:
        tree = parse(text)
    except (NotUnderstood, RecursionError):
        return True  # unread here: the general reader, which read it, decides
    sizes = (SIZES | _DENSE_SIZES) - {"W"}  # W: the kernel as often as the width
    return any(m.kind == "sym" and m.parts[0] in sizes for m in walk(tree))


def dense_claim(tree: Node, state: GeneralState) -> bool:
    """A dense layer's claim: notes about a dense layer, a size only a dense layer has
    (D, M, n_in), and no entry with more than two indices."""
    names = {m.parts[0] for m in walk(tree) if m.kind == "sym"}
    # "the dilation be $D \ge 2$": the notes' D is the convolution's dilation, no width
    names -= {m.group(1) for m in _DILATION_LETTER.finditer(state.document)}
    return (
        bool(names & _DENSE_SIZES)
        and bool(DENSE.search(state.document))
        and all(len(m.parts[1]) <= 2 for m in walk(tree) if m.kind == "read")
    )


def names_entries(text: str) -> bool:
    return any(f"{t}_{{" in text for t in ("X", "W", "G", "Z", "b")) or (
        "\\partial" in text and "_{" in text
    )


# the amount of pad_{k-1}(G), pad_{d(k-1)}(G): the kernel's (dilated) span less one
_KERNEL_AMOUNT = frozenset({"k", "k_h", "k_w", "d", "d_h", "d_w", "(", ")", "-", "+", "*", ","})


def _kernel_amount(call: Node) -> bool:
    """Whether a pad's amount is written with the kernel's sizes alone (``pad_{k-1}(G)``, the
    full correlation's frame): no padding of the layer's."""
    amount = [ALIASES.get(t, t) if len(t) == 1 else t for t in call.parts[1]]  # pad_{K-1}
    return (
        call.parts[0] == "pad"
        and any(t in ("k", "k_h", "k_w") for t in amount)
        and all(t in _KERNEL_AMOUNT or t.isdigit() for t in amount)
    )


def symbolic_of(tree: Node) -> set[str]:
    names = {m.parts[0] for m in walk(tree) if m.kind == "sym"} | subscript_names(tree)
    found = set()
    if (names - left_indices(tree)) & {"p_t", "p_b", "p_l", "p_r", "p"} or any(
        m.kind == "call" and m.parts[0] in ("pad", "crop") and not _kernel_amount(m)
        for m in walk(tree)
    ):
        found.add("padding")  # else the claim is about a layer without padding
    if names & {"s_h", "s_w", "s"}:
        found.add("stride")
    if names & {"d_h", "d_w", "d"}:
        found.add("dilation")
    if names & {"g", "C_g", "F_g", "gamma", "gamma'"}:
        found.add("groups")
    if names & {"k", "s", "d", "p"}:
        found.add("square")
    if names & {"k_h", "k_w", "s_h", "s_w", "d_h", "d_w", "p_t", "p_b", "p_l", "p_r"}:
        found.add("sided")  # a size of one axis or side: the axes may differ
    if any(m.kind == "read" and m.parts[0] in BATCHED and len(m.parts[1]) == 3 for m in walk(tree)):
        found.add("nobatch")  # O_{f,i,j}, X_{c,p,q}: one image
    if any(
        m.kind == "read" and m.parts[0] in (*BATCHED, "W") and len(m.parts[1]) == 2
        for m in walk(tree)
    ):
        found.add("onechannel")  # x_{i,j}, w_{m,n}: one image, one channel, one filter
    if any(
        m.kind == "read" and m.parts[0] in (*BATCHED, "W") and len(m.parts[1]) == 1
        for m in walk(tree)
    ):
        found.add("oned")  # x_i, w_m: a 1-D convolution
    if any(m.kind == "read" and m.parts[0] == "Xp" for m in walk(tree)):
        found.add("padding")  # \tilde x: the padded input
    return found


WHOLE = {
    "X": ("n'", "c'", "i'", "j'"),
    "W": ("f'", "c'", "a'", "b'"),
    "b": ("f'",),
    "Z": ("n'", "f'", "i'", "j'"),
}


def whole(target: Node, exprs: tuple) -> tuple[Node, tuple]:
    """``dL/dX = <operators>``: every entry of X's gradient against the closed form's."""
    if target.kind != "deriv" or target.parts[0] is not None or target.parts[1].parts[1]:
        return target, exprs
    tensor = target.parts[1].parts[0]
    if tensor not in WHOLE:
        raise NotUnderstood(f"the gradient of the whole {tensor}")
    idx = tuple(Node("sym", (i,)) for i in WHOLE[tensor])
    entry = Node("deriv", (None, Node("read", (tensor, idx))))
    others = tuple(Node("closed", (e, idx)) for e in exprs[1:])
    return entry, (entry, *others)


def a_convolution(target: Node, others: tuple) -> None:
    """Refuse Z or dL/dX written without the kernel: a pooling layer's, say, which the
    general reader (a convolution's) must not call wrong."""
    wrt = target.parts[1] if target.kind == "deriv" and target.parts[0] is None else target
    if wrt.kind != "read" or wrt.parts[0] not in ("Z", "X", "Xp"):
        return
    if not any(
        m.kind in ("deriv", "closed", "call", "conv")
        or (m.kind == "read" and m.parts[0] == "W")
        or m == Node("sym", ("W",))
        for o in others
        for m in walk(o)
    ):
        raise NotUnderstood(
            f"{'Z' if wrt.parts[0] == 'Z' else 'dL/dX'} without the kernel W: "
            "not a convolution's (pooling is not read for all sizes)"
        )


def names_sizes(tree: Node) -> bool:
    """Whether a claim writes a size as a symbol (a sum to k-1, a stride s, n_{ch}), or a
    closed form (whose sizes are the layer's whatever they are)."""
    names = {m.parts[0] for m in walk(tree) if m.kind == "sym"} - left_indices(tree)
    bound = {m.parts[0] for m in walk(tree) if m.kind == "sum"}
    return (
        bool((names - bound) & (SIZES | set(DENSE_NAMES)))
        or bool(subscript_names(tree))
        or any(m.kind in ("closed", "call", "conv", "sumaxes") for m in walk(tree))
    )


def left_indices(tree: Node) -> set[str]:
    """The names the left side's entry is indexed by (``p`` in ``X_{ch,p,q}``: an index,
    not the padding)."""
    left = tree.parts[0][0] if tree.kind == "chain" else tree
    return {
        i.parts[0] for m in walk(left) if m.kind == "read" for i in m.parts[1] if i.kind == "sym"
    }


def subscript_names(tree: Node) -> set[str]:
    """Sizes an operator's subscript names (``\\star_{s=(s_h,s_w),g=g}``, ``pad_{p_t,..}``):
    kept as tokens by the parser, they still say which sizes the claim is about."""
    found: set[str] = set()
    for m in walk(tree):
        sub = (
            m.parts[1]
            if m.kind == "call"
            else m.parts[3]
            if m.kind == "conv" and len(m.parts) > 3
            else ()
        )
        for k, tok in enumerate(sub):
            if len(tok) != 1 or not tok.isalpha():
                continue
            label = (
                [t for t in sub[k + 2 : k + 4] if t != "{"][:1]
                if sub[k + 1 : k + 2] == ("_",)
                else []
            )
            # pad_{K-1}, crop_P: the letters the parser reads as the sizes k and p
            found.add(f"{tok}_{label[0]}" if label else ALIASES.get(tok, tok))
    return found
