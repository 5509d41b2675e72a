"""``\\frac{\\partial L}{\\partial x_6} = g_4 \\, w_0 = 1``: a side in the layer's entries that
differs from the truth (a formula, judged like any other), then a worked example's number.

The formula's link is wrong whatever the numbers.  The number's link (``g_4 w_0 = 1``) is
arithmetic at the notes' numbers: where the notes give every tensor the sides use as numbers
(X, W, G above the claim), each side is evaluated there and the verdict lists every side's
value, side 1's (the truth) last, so the links between sides of equal value are verified and
the others get the verdict; where a number is not bound to the entries, or where a side's
value happens to equal the truth's (a link that would then pass for verified), the number's
link is named not understood.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass, replace
from fractions import Fraction
from typing import Any

from symconv.checker.algebra import Poly
from symconv.checker.context import Context, finding
from symconv.checker.counterexamples import json_number
from symconv.checker.judge import Failure, Outcome
from symconv.checker.limits import NotUnderstood
from symconv.checker.partial_numbers import put_in
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.softmax_numbers import _rounded
from symconv.checker.syntax import Expr, Num, Side, Sym, Text
from symconv.checker.truth import Model
from symconv.checker.worked_conv import _values, given_roles
from symconv.checker.worked_numbers import Matrix

# the settings a section must state for a given bias to be bound (_at_the_numbers)
_SETTINGS = frozenset({"stride", "padding", "dilation"})


def _at_the_numbers(
    outcome: Outcome,
    formulas: dict[int, Failure],
    numbers: list[int],
    model: Model,
    given: dict[str, tuple[Matrix, int]] | None,
    slices: dict[int, Fraction] | None = None,
    stated: frozenset[str] = frozenset(),
) -> dict[int, Fraction]:
    """{side index: value} of every failing side and side 1 (index 0) at the notes'
    numbers; empty where a tensor a side uses is not given.  ``slices``: the numbers of an
    example with several channels or filters (worked_channels.slice_values), bound slice
    by slice; where there are any, they are the example's numbers (a matrix given for a
    whole tensor lies on one map only)."""
    if slices:
        values = dict(slices)
    elif not given:
        return {}
    else:
        roles = given_roles(model, given)
        if "b" in roles and not stated >= _SETTINGS:
            # the bias's number puts the whole entry at a value; under stride, padding or
            # dilation the section does not state (defaults, an earlier part's dilation
            # lost), that value is the read layer's, not the notes': the bias stays unbound
            roles = tuple(r for r in roles if r != "b")
        try:
            values = _values(model, given, roles)
        except NotUnderstood:
            return {}
    out: dict[int, Fraction] = {}
    failures = outcome.failures
    every = [*formulas, *numbers]
    polys = [failures[every[0]].expected] + [failures[k].claimed for k in every]
    exact = [p for p in polys if isinstance(p, Poly) and p.variables() <= set(values)]
    if len(exact) != len(polys):
        return {}
    at = dict(values)  # Poly.value takes any numbers: the notes' are exact Fractions
    out[0] = Fraction(exact[0].value(at))  # type: ignore[arg-type]
    for k, p in zip(every, exact[1:], strict=True):
        out[k] = Fraction(p.value(at))  # type: ignore[arg-type]
    return out


def with_given_zero_bias(outcome: Outcome, model: Model, given: dict | None) -> Outcome:
    """``outcome`` with the bias put to 0 where the worked example gives ``b = 0`` (numbers
    the notes state before the claim): ``y_1 = w_0 x_2 + w_1 x_3 + w_2 x_4 = 5`` leaves the
    bias out because it is 0, not because the formula lacks it.  Both sides' polynomials
    take b = 0 (an exact substitution: the entry is then the same polynomial the notes'
    example computes); a side that then agrees is no failure.  Any other bias: unchanged."""
    tensors = getattr(getattr(model, "layer", None), "tensors", {})
    bias = given.get("b") if given else None
    spec = getattr(model, "spec", None)
    if bias is None or "b" not in tensors or not getattr(spec, "bias", False):
        return outcome
    if any(v != 0 for row in bias[0] for v in row):
        return outcome
    zero = {int(i): Fraction(0) for i in tensors["b"].ids.flat}
    kept: dict[int, Failure] = {}
    for k, f in outcome.failures.items():
        if not (isinstance(f.claimed, Poly) and isinstance(f.expected, Poly)):
            kept[k] = f
            continue
        expected, claimed = put_in(f.expected, zero), put_in(f.claimed, zero)
        if expected != claimed:
            kept[k] = replace(f, expected=expected, claimed=claimed)
    return replace(outcome, failures=kept)


def _has_letters(node: object) -> bool:
    """Whether a parsed side names anything (a letter, a command, text): not a plain number."""
    if isinstance(node, (Sym, Text)):
        return True
    if isinstance(node, (tuple, list)):
        return any(_has_letters(n) for n in node)
    if is_dataclass(node) and not isinstance(node, type):
        return any(_has_letters(getattr(node, f.name)) for f in fields(node))
    return False


def in_entries(sides: tuple[object, ...], k: int) -> bool:
    """Whether side ``k`` is written in letters (a formula whose value may be 0 where its
    entries lie past a tensor's end), not as a worked example's number."""
    return 0 <= k < len(sides) and _has_letters(sides[k])


def _numbers(node: object) -> int:
    """How many number literals a parsed side writes."""
    if isinstance(node, Num):
        return 1
    if isinstance(node, (tuple, list)):
        return sum(_numbers(n) for n in node)
    if is_dataclass(node) and not isinstance(node, type):
        return sum(_numbers(getattr(node, f.name)) for f in fields(node))
    return 0


def written_arithmetic(sides: tuple[object, ...], k: int) -> bool:
    r"""Whether side ``k`` is arithmetic on numbers (``1 + 0 + 0 - 1``, ``3 \cdot 4``): a
    worked example's numbers put in, even where it comes to 0 (a bare ``0`` may instead
    claim that a formula vanishes)."""
    return 0 <= k < len(sides) and not _has_letters(sides[k]) and _numbers(sides[k]) >= 2


def formula_wrong_before_numbers(
    outcome: Outcome, ctx: Context, model: Model, count: int, sides: tuple[object, ...] = ()
) -> dict[str, Any] | None:
    """Wrong at the formula's link, the number's link judged at the notes' numbers or not
    understood; None where any other side fails, where a side has the notes' numbers put in,
    or where the sizes are the checker's guess."""
    from symconv.checker import verdicts

    unread = {k: f for k, f in outcome.failures.items() if f.claimed is None and f.message}
    if unread:  # a side not read (a sum into the padding): the others judged without it
        return _with_unread_sides(outcome, unread, ctx, model, count, sides)
    worked = bool(ctx.extras.get("worked numbers"))
    failures = outcome.failures
    numbers = [k for k, f in failures.items() if verdicts._numbers_against_symbols(f, worked)]
    if not sides or any(_has_letters(sides[k]) for k in numbers):
        return None  # a side in entries that reads as 0 (indices past the end): not a number
    formulas = {
        k: f
        for k, f in failures.items()
        if k not in numbers
        and isinstance(f.claimed, Poly)
        and isinstance(f.expected, Poly)
        and f.claimed.variables()
    }
    if not numbers or len(numbers) + len(formulas) != len(failures):
        return None
    if ctx.extras.get("guessed") or outcome.unknown:
        return None
    if verdicts._substituted(formulas.values(), model, ctx.extras.get("given roles")):
        return None
    if formulas and min(numbers) < max(formulas):
        return None  # the number stands before the formula: not this reading
    if len({str(f.expected) for f in failures.values()}) != 1:
        return None  # the sides are compared with different truths: not one entry's chain
    valued = _at_the_numbers(
        outcome,
        formulas,
        numbers,
        model,
        ctx.extras.get("given numbers"),
        ctx.extras.get("slice numbers"),
        frozenset(ctx.extras.get("stated") or ()),
    )
    if formulas and _zero_terms_dropped(formulas, model, ctx):
        # "a border point: dL/dX[3,1] = G[3,0] W[1,2] + G[2,2] W[2,0] = -1 - 3": the entry's
        # other terms each have a factor the example gives as 0, so the formula is the entry
        # at the example's numbers with its zero terms left out (its number is judged there)
        found = formula_wrong_before_numbers(
            replace(outcome, failures={k: f for k, f in failures.items() if k not in formulas}),
            ctx,
            model,
            count,
            sides,
        )
        if found is not None and found["status"] == VERIFIED:
            said = found["message"].replace("the formula for every input, ", "")
            found["message"] = f"{said}; {_ZERO_TERMS}"
            return found
        return None  # its numbers not read: the other readers judge the chain
    if not formulas:  # every formula side holds: the numbers, at the notes' numbers
        return _numbers_only(valued, numbers, count, sides)
    why = "the layer's entry is a formula in X, W and G (the notes' numbers are not bound here)"
    if any(v == valued[0] for k, v in valued.items() if k):
        valued = {}  # a side equal to the truth at these numbers: its link would pass
        why = "the formula before it is not the entry's, but has its value at these numbers"
    found = verdicts._wrong(replace(outcome, failures=formulas), model, count, ctx.seed)
    if valued:
        listed = ", ".join(f"side {k + 1} is {json_number(valued[k])}" for k in sorted(valued) if k)
        found["message"] += f"; at the notes' numbers {listed}, side 1 is {json_number(valued[0])}"
        return found
    for k in sorted(numbers):  # "side 2 of 3 differs: ..." is _wrong's own
        found["message"] += (
            f"; side {k + 1} of {count} is not understood: a worked example's number where {why}"
        )
    return found


_ZERO_TERMS = (
    "each formula side is the entry with the terms left out that the worked example's "
    "numbers make 0 (a factor given as 0)"
)


def _zero_terms_dropped(formulas: dict[int, Failure], model: Model, ctx: Context) -> bool:
    """Whether every formula side is the entry with its zero terms left out: each of its
    terms is one of the entry's (same coefficient), and each term of the entry it leaves
    out has a factor the example gives as 0.  Why this is the claim's truth at the
    example: the entry is a sum of products of entries, and a product with a factor 0 adds
    nothing there, so the sum of the rest equals it at those numbers.  A side that drops a
    term whose factors are all nonzero, or writes one the entry lacks (an index slip
    landing on a 0 included), is not this reading: still wrong.  The example's bias is not
    put in (a term of its own, judged by with_given_zero_bias)."""
    given = ctx.extras.get("given numbers")
    slices = ctx.extras.get("slice numbers")
    if slices:
        values = dict(slices)
    elif not given:
        return False
    else:
        roles = tuple(r for r in given_roles(model, given) if r != "b")
        try:
            values = _values(model, given, roles)
        except NotUnderstood:
            return False
    zeros = {v: Fraction(0) for v, x in values.items() if x == 0}
    if not zeros:
        return False
    for f in formulas.values():
        expected, claimed = f.expected, f.claimed
        if not (isinstance(expected, Poly) and isinstance(claimed, Poly)):
            return False
        if not claimed.variables() or any(expected.get(m) != c for m, c in claimed.items()):
            return False  # a term the entry lacks, or another coefficient: no term left out
        left_out = Poly({m: c for m, c in expected.items() if m not in claimed})
        if not left_out or put_in(left_out, zeros):
            return False  # a term left out whose factors are not given as 0
    return True


def _with_unread_sides(
    outcome: Outcome,
    unread: dict[int, Failure],
    ctx: Context,
    model: Model,
    count: int,
    sides: tuple[object, ...],
) -> dict[str, Any] | None:
    """``dL/dW[0,0] = \\sum G[i,j] X[2i-1, 2j-1] = G[1,1] X[1,1] + ... = 4``: a side the
    checker does not read (its sum runs into the padding) between the entry and a formula
    that holds, then a number.  The other sides are judged as any chain is, each against the
    entry itself: a link is a relation between two sides, and the entry's value does not
    depend on the side left unread.  Only a verdict of wrong is given (a number or a formula
    that differs from the entry differs whatever the unread side says), with each unread
    side named not understood, so its links stay open; where the rest holds, the chain is
    not verified (an unread side may be wrong): not understood, naming the unread side."""
    if count - len(unread) < 3 or not sides:
        return None  # the entry and one other side: nothing left to relate
    rest = replace(outcome, failures={k: f for k, f in outcome.failures.items() if k not in unread})
    if not rest.failures:
        return None
    found = formula_wrong_before_numbers(rest, ctx, model, count, sides)
    named = "; ".join(
        f"side {k + 1} of {count} is not understood: {f.message}" for k, f in sorted(unread.items())
    )
    if found is not None and found["status"] == VERIFIED:
        return finding(
            NOT_UNDERSTOOD,
            f"{named} (the other {count - len(unread)} sides agree, the numbers at the "
            "notes' numbers)",
        )
    if found is None or found["status"] != WRONG:
        return None
    found["message"] += f"; {named}"
    return found


def _decimal(node: object) -> str | None:
    """The number a side writes with decimals (``0.278``, ``-0.5``), as written, else None."""
    if isinstance(node, Side) and len(node.exprs) == 1:
        node = node.exprs[0]
    if not isinstance(node, Expr) or len(node.terms) != 1:
        return None
    sign, term = node.terms[0]
    if len(term.items) != 1 or not isinstance(term.items[0], Num):
        return None
    text = term.items[0].text
    return f"{'-' if sign == '-' else ''}{text}" if "." in text else None


def _numbers_only(
    valued: dict[int, Fraction], numbers: list[int], count: int, sides: tuple[object, ...] = ()
) -> dict[str, Any] | None:
    """Every side in entries holds; the numbers are compared with the truth at the notes'
    numbers (None: the numbers are not bound, the usual reason follows).  A number written
    with decimals is the truth rounded when it is the truth to its decimals (``5/18 \approx
    0.278``); a rounding of a rounding away is not judged."""
    if not valued:
        return None
    truth = valued[0]
    rounded: list[int] = []
    for k in sorted(numbers):
        written = _decimal(sides[k]) if k < len(sides) else None
        if written is None or valued[k] == truth:
            continue
        near = _rounded(written, float(truth))
        if near is None:
            return None  # the notes may have worked with rounded numbers: not judged
        if near:
            rounded.append(k)
    differ = [k for k in sorted(numbers) if valued[k] != truth and k not in rounded]
    where = "the entry at the notes' numbers (X, W, G given above; these numbers only)"
    if not differ:
        return finding(
            VERIFIED,
            f"every side holds: the formula for every input, the number {json_number(truth)} "
            f"as {where}",
        )
    listed = ", ".join(f"side {k + 1} is {json_number(valued[k])}" for k in differ)
    return finding(
        WRONG,
        f"{json_number(truth)}, not {json_number(valued[differ[0]])}: {listed}, side 1 is "
        f"{json_number(truth)} ({where})",
    )


def numbers_with_ones(
    outcome: Outcome, ctx: Context, model: Model, count: int, sides: tuple[object, ...] = ()
) -> dict[str, Any] | None:
    """A worked example's chain under a loss that adds the outputs up ("L = sum_t y_t, so
    g_t = 1"): each side and the truth with every entry of G set to 1 (exact: the truth is
    linear in G), then judged as :func:`formula_wrong_before_numbers` judges any chain, the
    numbers at the notes' X and W.  None where that reading gives no verdict."""
    from symconv.checker.ones_upstream import with_ones

    tensors = getattr(getattr(model, "layer", None), "tensors", {})
    if "G" not in tensors or outcome.unknown:
        return None
    ones = {int(i) for i in tensors["G"].ids.flat}
    if any(
        isinstance(f.claimed, Poly) and f.claimed.variables() & ones
        for f in outcome.failures.values()
    ):
        return None  # a side written with G's entries is the general form: G stays symbolic
    again = with_ones(outcome, model)
    if not again.failures:
        return None  # every side holds with the ones: judge_with_ones said so already
    found = formula_wrong_before_numbers(again, ctx, model, count, sides)
    if found is None:
        return None
    where = "with the upstream gradient all ones, as the paragraph before it sets it"
    return {**found, "message": f"{where}: {found['message']}"}
