"""Output-size formulas in the letters notes use: ``W_{out} = \\frac{W - F + 2P}{S} + 1``.

The layer's size reader (:mod:`.claims`) judges formulas written in symconv's names; this
one reads the other usual letters (K or F for the kernel, S, P, D, H_{in}, n_{in}, H',
p_{out} for a transposed layer's output padding) and judges the formula over a grid of
sizes against PyTorch's output size,

    conv, pooling:   floor((H + 2p - d(k-1) - 1) / s) + 1,
    transposed:      (H - 1)s - 2p + d(k-1) + p_out + 1  (p_out < max(s, d)),

the transposed one when the formula names an output padding or the notes are about a
transposed convolution.  A formula true at stride 1 but not at others (a ceiling for the
floor, no floor at all) is ``wrong`` with the sizes of a counterexample.
"""

from __future__ import annotations

import itertools

from symconv.checker.allsizes_counts import _value
from symconv.checker.allsizes_parse import Node, walk
from symconv.checker.context import finding
from symconv.checker.limits import NotUnderstood
from symconv.checker.output_case import IN_CASE, OutputCase
from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.size_formula_layer import stride_tied_to_window, transposed_here

OUTPUTS = {"H_o", "W_o", "H'", "W'", "O", "n_out", "L_out", "L_o", "T'", "T_out", "T_o"}
# the parser's names (K -> k, S -> s, P -> p already) by role
_ROLES = {
    "H": "n",
    "W": "n",
    "H_in": "n",
    "W_in": "n",
    "n_in": "n",
    "L": "n",
    "L_in": "n",
    "T": "n",  # a sequence's T steps: T' = floor((T - K)/s) + 1
    "N": "n",
    "n": "n",
    "h": "n",
    "w": "n",
    "k": "k",
    "F": "k",
    "f": "k",
    "k_h": "k",
    "k_w": "k",
    "f_h": "k",
    "f_w": "k",
    "s": "s",
    "s_h": "s",
    "s_w": "s",
    "p": "p",
    "p_h": "p",
    "p_w": "p",
    # a padding per side (side_padding.py): the two sides of the axis, p_t + p_b for 2p
    "p_t": "p1",
    "p_b": "p2",
    "p_l": "p1",
    "p_r": "p2",
    "d": "d",
    "D": "d",
    "d_h": "d",
    "d_w": "d",
    "p_out": "o",
    "p_o": "o",
    "op": "o",
    "a": "o",
    "A": "o",  # Dumoulin & Visin's a, capitalised: (L - 1)S - 2P + D(K - 1) + A + 1
}


def is_output_formula(left: Node, right: Node, named: frozenset[str] = frozenset()) -> bool:
    """``H_out = <sizes>`` (no entries) with every name a size this module knows; ``named``:
    the names the notes introduce as the output size (output_names.py: ``H_s``)."""
    names = {m.parts[0] for m in walk(right) if m.kind == "sym"}
    return (
        left.kind == "sym"
        and (left.parts[0] in OUTPUTS or left.parts[0] in named)
        and bool(names)
        and names <= set(_ROLES)
        and "n" in {_ROLES[n] for n in names}
        and not any(m.kind in ("read", "deriv", "closed") for m in walk(right))
    )


def writes_kernel(right: Node) -> bool:
    """The formula names the kernel's size: without it, it is read at a kernel of 1 only."""
    return any(m.kind == "sym" and _ROLES.get(m.parts[0]) == "k" for m in walk(right))


def _truth(n: int, k: int, s: int, pads: int, d: int, o: int, transposed: bool) -> int | None:
    """The output side with ``pads`` rows of padding in all (2p, or p_t + p_b)."""
    if transposed:
        if o >= max(s, d):
            return None
        out = (n - 1) * s - pads + d * (k - 1) + o + 1
        return out if out >= 1 else None
    if d * (k - 1) + 1 > n + pads:
        return None
    return (n + pads - d * (k - 1) - 1) // s + 1


# the reason a size formula naming no kernel is not verified (judging._general_fallback
# keeps it where no other reader gave the claim a verdict: a claim, never silent)
NO_KERNEL_READ = "the formula names no kernel and no case read states one"


def _unread_layer(failed: dict, scan, roles: set[str], case: OutputCase | None) -> None:
    """Raise NotUnderstood where a formula that names no kernel failed at the kernel of 1 the
    grid keeps, but holds at every size for some other kernel (and stride, where it writes
    none either): "the output side is $\\lfloor (H - 3)/2 \\rfloor + 1$ with stride 2" is
    about a 3-wide kernel at stride 2, written in numbers; judged at kernel 1 and stride 1 it
    would be called wrong at a layer it is not about.  The padding stays as read (0 where
    nothing states one): a formula that no unpadded layer gives ("$L_{out} = L + 1$") is
    wrong, as a padding the formula does not write is not guessed for it."""
    pinned = set(case.pins) if case is not None else set()
    strides = range(1, 4) if "s" not in roles and "s" not in pinned else (None,)
    for k, s in itertools.product(range(1, 6), strides):
        extra = {"k": k} | ({"s": s} if s is not None else {})
        other, count = scan(extra)
        if other is None and count:
            said = ", ".join(f"{_NAMES[r]} {v}" for r, v in extra.items())
            raise NotUnderstood(
                f"{NO_KERNEL_READ}: it fails at a kernel of 1 ({failed['message'][:80]}) and "
                f"holds at {said}: which layer it is about is not read"
            )


_NAMES = {"k": "kernel", "s": "stride"}


def judge_output(right: Node, document: str, line: int = 0, case: OutputCase | None = None) -> dict:
    """The verdict of ``H_out = right`` over a grid of sizes (``line``: the formula's,
    whose section says which layer it is about, :mod:`.size_formula_layer`; ``case``: the
    sizes its lead-in states, output_case.py, which every set of sizes tried keeps)."""
    names = {m.parts[0] for m in walk(right) if m.kind == "sym"}
    roles = {_ROLES[n] for n in names}
    if case is not None and case.unread:
        # "| $k = 3$, $s = 2$, $q = 1$ | $H_{out} = 2H$ |": judged without q, the row would
        # be judged at a layer it is not about (q may be an output padding)
        raise NotUnderstood(
            f"the case its lead-in states sets {', '.join(case.unread)}, which is read as "
            "none of the layer's sizes"
        )
    if case is not None and case.padding is not None and "k" not in case.pins:
        roles = roles | {"k"}  # the padding is a function of the kernel: the kernel varies
    if case is not None and case.stride_letter and "s" not in case.pins:
        roles = roles | {"s"}  # and of the stride ("p = (k - s)/2"): so does the stride
    same = case is not None and case.same
    if same and roles & {"p", "p1", "p2", "o"}:
        raise NotUnderstood("a formula with a padding of its own, in a case of 'same' padding")
    if case is not None and "k" not in roles and "k" not in case.pins and not same:
        # "pooling 2x2 with stride 2: H_out = ceil(H/2)", "kernel_size=3 ...: H + 2 - 2(3 - 1)":
        # the formula names no kernel and the case read states none, so at a kernel of 1
        # it would be judged at a layer the claim is not about
        raise NotUnderstood(
            f"the formula names no kernel and the case its lead-in states ({case.describe()}) "
            "gives none that is read"
        )
    # (an output padding the case states is a transposed layer's: no other layer has one)
    transposed = (
        "o" in roles or "o" in (case.pins if case else {}) or transposed_here(document, line)
    )
    if same and transposed:
        raise NotUnderstood("'same' padding stated for a transposed convolution's output size")
    # "window and stride $K$": a pooling whose stride is its window, written without S
    tied = not transposed and "s" not in roles and stride_tied_to_window(document, line)
    grid = {
        "n": range(1, 11),
        "k": range(1, 6),
        "s": range(1, 4),
        "p": range(0, 3),
        "d": range(1, 3),
        "o": range(0, 3),
        "p1": range(0, 3),
        "p2": range(0, 3),
    }
    sided = roles & {"p1", "p2"}
    if sided and "p" in roles:
        raise NotUnderstood("a padding for every side and one per side in one formula")
    used = sorted(roles | ({"p1", "p2"} if sided else set()))  # both sides vary
    if case is not None:  # the sizes the case sets are not varied
        fixed = set(case.pins) | ({"p", "p1", "p2"} if case.padding is not None else set())
        used = [r for r in used if r not in fixed]

    def scan(extra: dict[str, int]) -> tuple[dict | None, int]:
        """(the first failure over the grid, or None; how many sizes were tried), with the
        settings ``extra`` fixed besides the case's."""
        tried = 0
        for values in itertools.product(*(grid[r] for r in used)):
            q = {"s": 1, "p": 0, "d": 1, "o": 0, **extra, **dict(zip(used, values, strict=True))}
            if tied:
                q["s"] = q.get("k", 1)
            if case is not None:
                q.update(case.pins)
                if case.padding is not None or "p" in case.pins:
                    pad = case.pad_at(q.get("k", 1), q["s"])
                    if pad is None:
                        continue  # (K - 1)/2 at an even K: outside the case ("K odd")
                    q.update(p=pad, p1=pad, p2=pad)
            pads = q["p1"] + q["p2"] if sided else 2 * q["p"]
            truth = (  # TF pads max((ceil(H/s) - 1)s + d(k - 1) + 1 - H, 0) rows: ceil(H/s)
                -(-q["n"] // q["s"])
                if same
                else _truth(q["n"], q.get("k", 1), q["s"], pads, q["d"], q["o"], transposed)
            )
            if truth is None:
                continue
            tried += 1
            env = {name: q[_ROLES[name]] for name in names}
            try:
                claimed = _value(right, env)
            except ZeroDivisionError:
                continue
            if claimed != truth:
                shown = ", ".join(f"{k} = {v}" for k, v in sorted(env.items()))
                unwritten = [q[r] for r in ("p1", "p2") if r in used and r not in roles]
                if unwritten:  # the side the formula leaves out, padded all the same
                    shown += f", {unwritten[0]} rows of padding on the other side"
                kind = "a transposed convolution" if transposed else "a convolution"
                if case is not None:
                    shown += f" ({IN_CASE}: {case.describe()})"
                return finding(
                    WRONG,
                    f"false: with {shown}, the formula gives {claimed}, {kind}'s output has "
                    f"{truth}",
                    expected=str(truth),
                    counterexample={"sizes": env, "right": str(claimed)},
                ), tried
        return None, tried

    failed, tried = scan({})
    unpadded = (  # the case states no padding, and the formula names none
        case is not None
        and not same
        and case.padding is None
        and "p" not in case.pins
        and not roles & {"p", "p1", "p2"}
    )
    if failed is not None and unpadded:
        assert case is not None
        for pad in case.written_pads:
            other, count = scan({"p": pad})
            if other is None and count:
                # "for $k = 4$, stride 1: $H_{out} = H + 2 \cdot 2 - 4 + 1 = H + 1$": the
                # 2·2 is a padding of 2 the formula writes in numbers, which the case
                # leaves unstated; at padding 0 it would be judged at a layer it is not for
                raise NotUnderstood(
                    f"it fails without padding, but holds at a padding of {pad}, which its "
                    f"numbers write and the case its lead-in states ({case.describe()}) does "
                    "not: which padding it is about is not read"
                )
    kernel_pinned = case is not None and "k" in case.pins
    if failed is not None and "k" not in roles and not same and not tied and not kernel_pinned:
        _unread_layer(failed, scan, roles, case)
    if failed is not None:
        return failed
    if not tried:
        raise NotUnderstood("no size at which the formula's layer exists")
    if "k" not in roles and not same and not tied and (case is None or "k" not in case.pins):
        # "L_{out} = L" names no kernel, and no case read states one: the grid above kept
        # the kernel at 1, where every unpadded stride-1 layer keeps its size.  Such a
        # formula is about a layer with its own kernel and padding (a causal pad of
        # (k-1)d, a symmetric one that grows the output): where it fails at a larger
        # kernel, which layer it is about is not read, and it is not verified
        for k in grid["k"]:
            other, count = scan({"k": k})
            if other is not None and count:
                raise NotUnderstood(
                    f"{NO_KERNEL_READ}: it holds at a kernel of 1, not at a kernel of {k}; "
                    "which kernel and padding its layer has is not read"
                )
    kind = "transposed convolution" if transposed else "convolution (and pooling)"
    if tied:
        kind = "pooling (stride equal to the window)"
    within = f" {IN_CASE} ({case.describe()})" if case is not None else ""
    return finding(VERIFIED, f"holds over a grid of {tried} sizes{within}: the {kind} output size")
