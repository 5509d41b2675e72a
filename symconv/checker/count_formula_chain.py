"""``P = F\\,(C K^2 + 1) = 112``: a parameter count named ``P``, written in the layer's letters,
then in numbers, in a sentence about parameters ("Parâmetros da camada: ...").

Two claims: the formula is a convolution's count for every size (C_out·C_in·K² weights and
C_out biases, allsizes_counts.judge_count over a grid of channels and kernels), and its value
at the layer the notes state is the number written.  The letters are the count's usual ones
(F or C_out the filters, C or C_in the input channels, K or k the kernel side); the layer is
the section's, read from the notes, never a guess (a guessed layer leaves the numbers
unjudged).
"""

from __future__ import annotations

from fractions import Fraction

from symconv.checker.allsizes_counts import _ROLES, _value, judge_count
from symconv.checker.allsizes_parse import Node, parse, walk
from symconv.checker.context import Context, finding
from symconv.checker.counterexamples import json_number
from symconv.checker.limits import NotUnderstood
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.symbolic_counts import _GROUPED


def judge_count_chain(
    source: str, document: str, ctx: Context, stated: set[str], own: str = ""
) -> dict[str, object] | None:
    """The verdict of ``P = <letters> [= <numbers>]`` (or the letters first, unnamed, in a
    sentence about parameters), or None when it is no such chain
    (``stated``: the layer facts the notes state; a count needs its kernel and channels;
    ``own``: the words of the claim's own clause, whose word on the bias comes first --
    "Com viés seria $P = ...$" under a layer built with ``bias=False``)."""
    if _GROUPED.search(document):
        return None  # depthwise, groups = C: each filter sees C/groups channels
    sides = [s.strip() for s in source.split("=")]
    first = 1 if sides[0] == "P" else 0  # "P = F(CK^2 + 1) = 112" or "F(CK^2 + 1) = 56"
    if len(sides) < 2:
        return None
    try:
        trees = [parse(s) for s in sides[first:]]
    except NotUnderstood:
        return None
    lettered = [t for t in trees if any(m.kind == "sym" for m in walk(t))]
    if len(lettered) != 1 or not _count_letters(lettered[0]):
        return None
    formula = lettered[0]
    if not first and formula is not trees[0]:
        return None  # "2 \cdot 28 = F(CK^2 + 1)": not a count stated first
    at = first + 1 + trees.index(formula)
    n = len(sides)
    general = judge_count(formula, document, own)
    if general["status"] == WRONG:
        return finding(WRONG, f"side {at} of {n} differs: {general['message']}")
    if len(trees) == 1:  # P = <letters>: no number to judge ("F(CK^2 + 1) = 56" has one)
        return general
    q = ctx.quantities()
    counted = {"kernel", "in-channels", "out-channels"} <= stated
    if not counted or not q or q.get("k") is None:
        return finding(
            NOT_UNDERSTOOD,
            f"{general['message']}; the numbers are not judged: the notes do not state the "
            "layer's sizes",
        )
    env = {"cin": q.get("c_in"), "cout": q.get("c_out"), "k": q["k"], "kh": q["k_h"],
           "kw": q["k_w"]}  # fmt: skip
    letters = {m.parts[0] for m in walk(formula) if m.kind == "sym"}
    try:
        value = _value(formula, {name: env[_ROLES[name]] for name in letters})
        numbers = [_value(t, {}) for t in trees if t is not formula]
    except (NotUnderstood, ZeroDivisionError, TypeError, KeyError):
        return None
    differ = [json_number(v) for v in numbers if v != value]
    where = f"at {ctx.where}, the formula gives {json_number(value)}"
    if differ:
        return finding(
            WRONG,
            f"{json_number(value)}, not {differ[0]}: "
            + ", ".join(
                f"side {k} is {json_number(v)}"
                for k, v in enumerate(_values(trees, formula, value), start=first + 1)
                if v != value
            )
            + f", side {at} is {json_number(value)}; {where}",
            expected=str(json_number(value)),
        )
    return finding(VERIFIED, f"{general['message']}; {where}, as written")


def _values(trees: list[Node], formula: Node, value: Fraction) -> list[Fraction]:
    return [value if t is formula else _value(t, {}) for t in trees]


def _count_letters(tree: Node) -> bool:
    """Both channel counts and a kernel in letters: a formula for every size (``F C 3
    \\cdot 3 + F`` fixes the kernel, so it is this layer's count only, judged elsewhere)."""
    roles = {_ROLES.get(m.parts[0]) for m in walk(tree) if m.kind == "sym"}
    # both channel counts: "C K^2 + C" with one (a depthwise layer's) is no ordinary count
    return None not in roles and {"cin", "cout"} <= roles and bool(roles & {"k", "kh", "kw"})
