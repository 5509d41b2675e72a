"""From an evaluated tensor equation to its verdict: which side, which terms, which values.

The reference side is the derived truth (``dx_3`` means dL/dx_3 by the chain rule), so the
*missing* terms are in the truth but not in what was written and the *extra* terms the
other way round; the counterexample gives the symbols of those terms small integers (every
other symbol 0) at which the two sides differ.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from symconv.checker.algebra import Arr, Poly, fmt_shape
from symconv.checker.context import Context, finding
from symconv.checker.counterexamples import Renderer, counterexample
from symconv.checker.dense_layout import other_layout
from symconv.checker.dilation_letter import unread_dilation
from symconv.checker.guess_neighbours import neighbours
from symconv.checker.guessed_input import (
    at_the_guess_only,
    at_the_guessed_channels,
    fails_when_longer,
    fails_with_more_channels,
)
from symconv.checker.judge import Failure, Outcome, evaluate_claim
from symconv.checker.layout_flag import in_layout
from symconv.checker.lettered_failure import broken_by_letter
from symconv.checker.limits import GRID_INSTANCES, MAX_INSTANCES, Budget, NotUnderstood, Wrong
from symconv.checker.othersizes import admits, describe_sizes, grid_failure, quantities_of, variants
from symconv.checker.report import NOT_UNDERSTOOD, SIZE_SPECIFIC, VERIFIED, WRONG
from symconv.checker.sizes import size_quantity
from symconv.checker.syntax import Chain, Factor, Group, Num, Sym
from symconv.checker.truth import Model
from symconv.spec.layer import Dense


def judge_tensor(chain: Chain, ctx: Context, budget: Budget) -> dict:
    """The verdict of an element-wise or matrix claim; a dense layer's in the layout of
    vectors the notes use (dense_columns)."""
    return in_layout(lambda: _judge_tensor(chain, ctx, budget), ctx)


def _evaluate(chain: Chain, ctx: Context, budget: Budget) -> tuple[Outcome, Model, str]:
    """The claim evaluated at the section's layer; in notes that state a batch or index
    samples, with the batch where one sample's layer cannot read it (x[n], the map of
    sample n; x[1][3][3], an entry of sample 1)."""
    model = ctx.model
    assert model is not None
    samples = (model.prefer_batch or bool(ctx.extras.get("batch"))) and model.batch == 1
    outcome: Outcome | None = None
    try:
        outcome = evaluate_claim(chain, model, ctx.quantities(), budget, MAX_INSTANCES, ctx.seed)
    except NotUnderstood:
        if not samples:
            raise
    if not samples or (outcome is not None and (outcome.failures or not outcome.unknown)):
        assert outcome is not None
        return outcome, model, ctx.where
    batched = model.batched()
    try:
        again = evaluate_claim(chain, batched, ctx.quantities(), budget, MAX_INSTANCES, ctx.seed)
    except NotUnderstood:
        if outcome is None:
            raise
        return outcome, model, ctx.where
    if outcome is None or len(again.unknown) < len(outcome.unknown):
        model.prefer_batch = True  # from here on the notes index samples (z_{0,i,j}: n = 0)
        return again, batched, f"{ctx.where} and a batch of {batched.batch_size}"
    return outcome, model, ctx.where


def _zero_bias_verified(outcome, ctx: Context, model, chain: Chain) -> dict | None:
    """Verified where the claim holds once the bias the worked example sets to 0 is put to 0
    (the formula leaves b out as the 0 it is), else None.  Only verified: where the claim
    still differs, the bias was not the only reason, and a verdict of wrong there would rest
    on the layer read for the example, whose settings (a dilation stated in another
    section) the bias's absence used to keep from being judged."""
    from symconv.checker.formula_then_number import (
        formula_wrong_before_numbers,
        with_given_zero_bias,
    )
    from symconv.checker.partial_numbers import judge_partly_numbers

    if ctx.extras.get("guessed") or outcome.unknown:
        return None  # sizes of the checker's guess: no verdict rests on them
    zeroed = with_given_zero_bias(outcome, model, ctx.extras.get("given numbers"))
    if zeroed is outcome:
        return None
    count = len(chain.sides)
    if not zeroed.failures:
        return finding(VERIFIED, f"holds for {ctx.where}, with the bias b = 0 the notes set")
    for judge in (
        lambda: judge_partly_numbers(zeroed, ctx, model, count),
        lambda: formula_wrong_before_numbers(zeroed, ctx, model, count, chain.sides),
    ):
        try:
            found = judge()
        except NotUnderstood:
            continue
        if found is not None and found["status"] == VERIFIED:
            return found
    return None


def _judge_tensor(chain: Chain, ctx: Context, budget: Budget) -> dict:
    if ctx.model is None:
        raise NotUnderstood(
            f"element-wise claims need a conv or dense layer; {ctx.where} is not one"
        )
    if any(r != "=" and r != "\\approx" for r in chain.rels):
        raise NotUnderstood(f"the relation {chain.rels[0]} is not understood between tensors")
    outcome, model, where = _evaluate(chain, ctx, budget)
    if outcome.evaluator is not None and outcome.evaluator.batch_used and model.batch == 1:
        # z_{n,j}, \sum_{n=0}^{N-1}: one sample would hide a missing sum over the batch
        model.prefer_batch = True  # from here on the notes index samples
        model, where = model.batched(), f"{ctx.where} and a batch of {model.batch_size}"
        outcome = evaluate_claim(chain, model, ctx.quantities(), budget, MAX_INSTANCES, ctx.seed)
    whole = outcome.evaluator is not None and not outcome.evaluator.free
    if whole and ctx.extras.get("batch") and model.batch == 1 and isinstance(model.spec, Dense):
        # db = dZ in notes with a batch of N: the whole tensors are the batch's matrices
        model, where = model.batched(), f"{ctx.where} and a batch of {model.batch_size}"
        outcome = evaluate_claim(chain, model, ctx.quantities(), budget, MAX_INSTANCES, ctx.seed)
    if outcome.failures and model.batch == 1 and isinstance(model.spec, Dense):
        # Z^T = W X^T + b 1^T: one sample's X is a vector, whose transpose is not the
        # batch matrix's; a claim that holds for the batch is about the batch
        batched = model.batched()
        again = evaluate_claim(chain, batched, ctx.quantities(), budget, MAX_INSTANCES, ctx.seed)
        if not again.failures and not again.unknown:
            outcome, model = again, batched
            where = f"{ctx.where} and a batch of {model.batch_size}"
    if outcome.failures and ctx.extras.get("ones upstream") and not ctx.extras.get("guessed"):
        from symconv.checker.formula_then_number import numbers_with_ones
        from symconv.checker.ones_upstream import judge_with_ones

        ones = judge_with_ones(outcome, model, len(chain.sides), ctx.seed)
        if ones is not None:  # "E = sum y, so dy is all ones": dE/dx[0][1] = w[0][0] + w[0][1]
            return ones
        ones = numbers_with_ones(outcome, ctx, model, len(chain.sides), chain.sides)
        if ones is not None:  # dL/dx_2 = w_1 + w_3 = 3 at x = (1, 3, ...), w = (2, -1, 1)
            return ones
    if outcome.failures and ctx.extras.get("given numbers"):
        zeroed = _zero_bias_verified(outcome, ctx, model, chain)
        if zeroed is not None:  # y_1 = w_0 x_2 + w_1 x_3 + w_2 x_4 = 5 after "b = 0"
            return zeroed
    if outcome.failures:
        from symconv.checker.formula_then_number import (
            formula_wrong_before_numbers,
            in_entries,
            written_arithmetic,
        )
        from symconv.checker.partial_numbers import judge_partly_numbers

        if _output_for_upstream(outcome.failures.values(), model):
            # dL/dX[1,1] = W[0,0] Y[1,1] + ...: right where the loss is (1/2) sum Y^2
            raise NotUnderstood(
                "a side writes the layer's output where the chain rule has dL/dY (its "
                "entries are products of the input and the kernel, and no entry of dL/dY "
                "is left): right only for a loss whose dL/dY is the output, which is not "
                "read here"
            )
        partly = judge_partly_numbers(outcome, ctx, model, len(chain.sides))
        if partly is not None:  # dL/dw[0] = x[1] - x[5] = 1: G's numbers put in, X not
            return partly
        if _upstream_put_in(outcome.failures.values(), model):
            # dL/dX[0,0] = W[1,1] where the notes give no G (their loss adds the outputs up)
            raise NotUnderstood(
                "a side writes no entry of dL/dY where every term of the chain rule has one: "
                "it is written with dL/dY's values put in (a loss adding the outputs up makes "
                "them ones), which the notes' words do not set in a way read here"
            )
        partly = formula_wrong_before_numbers(outcome, ctx, model, len(chain.sides), chain.sides)
        if partly is not None:  # dL/dx_6 = g_4 w_0 = 1: the formula differs, the number unread
            return partly
        if any(
            _numbers_against_symbols(
                f, bool(ctx.extras.get("worked numbers")) or written_arithmetic(chain.sides, k)
            )
            # g_{\lfloor k/2 \rfloor} written in letters, 0 there (its entries past the end): a
            # formula that vanishes, judged; a side in size letters (H_{out} W_{out}) is not
            and not (in_entries(chain.sides, k) and not f.claimed)
            for k, f in outcome.failures.items()
        ):
            # = 2 \cdot 3 + (-1) \cdot 1 + ... = 8: the notes' worked numbers, which the
            # checker has not bound to X and G here; no verdict either way on them
            raise NotUnderstood(
                "a side is a worked example's number where the layer's entry is a formula "
                "in X, W and G: the notes' numbers for them are not read here"
            )
        given = _substituted(outcome.failures.values(), model, ctx.extras.get("given roles"))
        if given:  # w = (1, -1) above: y[t] = x[t] - x[t-1] has w's numbers put in
            raise NotUnderstood(
                f"the worked example gives {given} as numbers above, and the claim reads as "
                "the layer's formula with them put in: the notes' numbers are not bound "
                "to the layer's entries here"
            )
        if ctx.extras.get("guessed") and not outcome.used_sizes:  # k_1, L: meant for any size
            other = _holds_elsewhere(
                chain,
                ctx.model,
                budget,
                ctx.seed,
                ctx.extras.get("written", {}),
                ctx.extras.get("stated", frozenset()),
            )
            if other is not None:  # a guess of ours is not the student's mistake
                return finding(
                    NOT_UNDERSTOOD,
                    f"it does not hold for the assumed {ctx.where} "
                    f"but holds for {describe_sizes(other)}, and the notes do not "
                    "state the sizes; to check it, declare them, e.g. "
                    f"{_directive(other, ctx.extras.get('latex', False))}",
                )
        outside = _outside_guessed(outcome, ctx)
        if outside is not None:  # no size of the grid makes it hold; still our guess
            return outside
        layout = other_layout(chain, outcome.failures, model, ctx.notation)
        return layout or _wrong(outcome, model, len(chain.sides), ctx.seed)
    if outcome.unknown:
        k, reason = min(outcome.unknown.items())
        agree = len(chain.sides) - len(outcome.unknown)
        head = f"{_side(k, len(chain.sides))} is not understood: {reason}"
        if agree > 1:
            head += f" (the other {agree} sides agree)"
        return finding(NOT_UNDERSTOOD, head)
    checked = _checked(outcome)
    # it holds, but maybe only by zeros past a tensor's end (sum_bounds): never verified
    past = getattr(outcome.evaluator, "past_bound", None)
    vanishing = None if past is None else finding(NOT_UNDERSTOOD, f"the right side: {past}")
    # the stride and padding the notes write as letters (letter_parameters.py): every
    # claim of such notes is meant for all of them, whether it names them or not
    lettered = set(ctx.extras.get("letter params", ())) if ctx.extras.get("guessed") else set()
    if not outcome.used_sizes and not lettered:
        stated = ctx.extras.get("stated") or frozenset()
        again = ctx.extras.get("again")  # (judged again under other settings: as it reads)
        if (
            ctx.extras.get("guessed")
            and "input" not in stated
            and vanishing is None
            and not again
            and not ctx.extras.get("written matrices")  # the notes' matrices state the sizes
            and not _numeric_sum_bound(chain)  # \sum_{i=1}^{4}: the example's own last index
        ):
            longer = fails_when_longer(chain, model, budget, ctx.seed)
            if longer is not None:  # x_2 the largest written: the notes' x may be longer
                return finding(NOT_UNDERSTOOD, at_the_guess_only(longer, where))
        if (
            ctx.extras.get("guessed")
            and vanishing is None
            and not again
            and _indexes_channels(chain)
        ):
            wider = fails_with_more_channels(chain, model, budget, ctx.seed, stated)
            if wider is not None:  # one guessed filter: a forgotten sum over them passes
                return finding(NOT_UNDERSTOOD, at_the_guessed_channels(wider, where))
        unread = unread_dilation(chain, ctx, model, budget)  # "dilation $D$", no value
        return vanishing or unread or finding(VERIFIED, f"holds for {where}{checked}")
    used = {size_quantity(n, ctx.notation, secondary=True) or n for n in outcome.used_sizes}
    stated = ctx.extras.get("stated") or frozenset()
    if ctx.extras.get("guessed") and not {"in-channels", "out-channels"} & stated:
        # G_{n,i,j,c} X_{n,i+u,j+v,f} at a guessed one-channel, one-filter layer: c and f
        # are both 0 there, and a swap of them passes; other counts tell them apart
        used |= {"c_in"} if _indexes_channels(chain) else set()
    square = ctx.extras.get("square", (False, False))  # the notes' H x H, K x K
    failed = grid_failure(chain, ctx.model, used | lettered, budget, ctx.seed, square)
    names = ", ".join(
        [*sorted(outcome.used_sizes), *(f"the {q} of the notes" for q in sorted(lettered))]
    )
    if failed is None:
        return (
            vanishing
            or unread_dilation(chain, ctx, model, budget)
            or finding(VERIFIED, f"holds for {where}{checked}, and with other values of {names}")
        )
    other, out = failed
    result = _wrong(out, other, len(chain.sides), ctx.seed)
    if _BOUND_PAST_END.search(result["message"]):
        # \sum_{t=0}^{5} dout[t] x[t + dk]: a bound written as the notes' example's last
        # index, beside the notes' symbols; at other sizes the bound, not the claim, fails
        return finding(
            NOT_UNDERSTOOD,
            f"it holds for {ctx.where}; at {describe_sizes(other)} a sum bound written as a "
            "number runs past its tensor: whether the claim, written with "
            f"{names} as well, is meant for other sizes is not read",
        )
    if _numeric_sum_bound(chain):
        # \sum_{i=0}^{2} x_i g_{Si+k} for the notes' three x: the bound is the example's
        # last index beside the letter S; at another input the bound, not the claim, falls
        # short
        return finding(
            NOT_UNDERSTOOD,
            f"it holds for {ctx.where}; at {describe_sizes(other)} a sum bound written as a "
            "number stops short or runs past its tensor: whether the claim, written with "
            f"{names} as well, is meant for other sizes than the notes' is not read",
        )
    if result.get("counterexample") is not None:
        result["counterexample"]["layer"] = describe_sizes(other)
    by_letter = broken_by_letter(chain, ctx.model, lettered, budget, ctx.seed, square)
    if by_letter is not None:  # only the stride or padding the notes write as a letter
        other, out, broken = by_letter
        result = _wrong(out, other, len(chain.sides), ctx.seed)
        if result.get("counterexample") is not None:
            result["counterexample"]["layer"] = describe_sizes(other)
        result["status"] = WRONG
        result["message"] = (
            f"it holds for {ctx.where} but not for {describe_sizes(other)}, and there only "
            f"{broken} makes it fail, which the notes write as a letter (every value "
            "meant): " + result["message"]
        )
        return result
    if ctx.extras.get("guessed") and _at_unstated_counts(other, ctx):
        # the notes state no sizes: their letters stand for every count, and the guessed
        # ones are no more the notes' than the failing ones (size_identity.grid_verdict)
        result["status"] = WRONG
        result["message"] = (
            f"written with {names}, which the notes give no values: it holds at the "
            f"guessed {ctx.where} but not for {describe_sizes(other)}: " + result["message"]
        )
        return result
    result["status"] = SIZE_SPECIFIC
    result["message"] = (
        f"holds for {ctx.where} but not for {describe_sizes(other)} "
        f"(written with {names}): " + result["message"]
    )
    return result


def _any_node(node: object, test: Callable[[object], bool]) -> bool:
    """Whether ``test`` holds of the claim's tree or any node within it."""
    if test(node):
        return True
    if dataclasses.is_dataclass(node):
        return any(_any_node(getattr(node, f.name), test) for f in dataclasses.fields(node))
    return isinstance(node, tuple) and any(_any_node(item, test) for item in node)


def _indexes_channels(chain: Chain) -> bool:
    """Whether the claim writes an entry with three or more indices (``X_{n,c,i,j}``,
    ``K_{u,v,c,f}``): an index of a channel or a filter among them."""

    def many_indices(node: object) -> bool:
        if not (isinstance(node, Factor) and isinstance(node.base, Sym)):
            return False
        body = node.sub.body if isinstance(node.sub, Group) else None
        return body is not None and len(body.sides) == 1 and len(body.sides[0].exprs) >= 3

    return _any_node(chain, many_indices)


def _numeric_sum_bound(chain: Chain) -> bool:
    """Whether a sum in the claim has a number as its upper bound (``\\sum_{i=0}^{2}``)."""

    def number_bound(node: object) -> bool:
        if not (isinstance(node, Factor) and isinstance(node.base, Sym)):
            return False
        if node.base.name != "\\sum":
            return False
        bound = node.sup
        while isinstance(bound, Group) and bound.body is not None:  # ^{2}
            sides = bound.body.sides
            terms = sides[0].exprs[0].terms if len(sides) == 1 and sides[0].exprs else ()
            items = terms[0][1].items if len(terms) == 1 else ()
            bound = items[0] if len(items) == 1 else None
        return isinstance(bound, Num)

    return _any_node(chain, number_bound)


def _at_unstated_counts(other, ctx: Context) -> bool:  # type: ignore[no-untyped-def]
    """Whether ``other`` is the layer judged at other channel counts the notes leave
    unstated (letters: \\sum_{f=0}^{F-1}), its stride, padding and dilation kept: a guessed
    single channel and filter, where k_{f,c} and k_{c,f} are one entry, is no size the
    notes mean; a claim that holds only at other spatial sizes stays size-specific."""
    spec, mine = other.spec, ctx.model.spec
    for axis in ("stride", "padding", "dilation", "groups"):
        if getattr(spec, axis, None) != getattr(mine, axis, None):
            return False
    stated = ctx.extras.get("stated", frozenset())
    if {"in-channels", "out-channels"} & stated:
        return False
    axes = ("in_channels", "out_channels")
    return any(getattr(spec, a, None) != getattr(mine, a, None) for a in axes)


# indexing.past_end's message: a written sum bound past its tensor's end
_BOUND_PAST_END = re.compile(r"is not an entry of this layer: the sum over \S+ runs from")


def _substituted(failures, model, roles) -> str:  # type: ignore[no-untyped-def]
    """The role (W, X or b) the notes gave numbers for whose entries the truth has and a
    claimed side lacks entirely (its numbers put in), or ""."""
    tensors = getattr(getattr(model, "layer", None), "tensors", {})
    for role in sorted(roles or ()):
        if role not in tensors:
            continue
        ids = {int(i) for i in tensors[role].ids.flat}
        for failure in failures:
            claimed, expected = failure.claimed, failure.expected
            if not (isinstance(claimed, Poly) and isinstance(expected, Poly)):
                continue
            if expected.variables() & ids and not claimed.variables() & ids:
                return role
    return ""


def _output_for_upstream(failures, model) -> bool:  # type: ignore[no-untyped-def]
    """A gradient's truth is linear in the upstream gradient G (dL/dX = G with W, dL/dW = G
    with X); a claimed side with no entry of G whose terms multiply X's entries by W's is
    the output Y = X * W written in G's place.  That is right exactly where the notes' loss
    makes dL/dY the output (L = 1/2 sum Y^2, a gradient check's usual loss), which the
    symbolic reader does not read: no verdict either way."""
    tensors = getattr(getattr(model, "layer", None), "tensors", {})
    if not all(role in tensors for role in ("G", "X", "W")):
        return False
    ids = {role: {int(i) for i in tensors[role].ids.flat} for role in ("G", "X", "W")}
    for failure in failures:
        claimed, expected = failure.claimed, failure.expected
        if not (isinstance(claimed, Poly) and isinstance(expected, Poly)):
            continue
        # the truth's terms are one G entry times one W (or X) entry; the claim's, that
        # entry times an output entry's terms, an X entry times a W entry.  "dL/dZ = P - Y"
        # of a softmax (truth: G alone) is not this shape, and its slips stay judged
        if (
            expected
            and claimed
            and all(len(t) == 2 and len(set(t) & ids["G"]) == 1 for t in expected)
            and all(
                len(t) == 3 and set(t) & ids["X"] and set(t) & ids["W"] and not set(t) & ids["G"]
                for t in claimed
            )
        ):
            return True
    return False


def _upstream_put_in(failures, model) -> bool:  # type: ignore[no-untyped-def]
    """Every term of a gradient's truth is one entry of the upstream gradient G times one
    entry of W (dL/dX) or of X (dL/dW); a claimed side whose terms are single W (or X)
    entries, none of G, has G's values put in: right as written only for the loss that
    sets them (L = sum Y gives G = 1 everywhere: dL/dX[0,0] = W[1,1]), which is read
    elsewhere (ones_upstream.py) when the notes' words set it.  Where they are not read,
    which values were put in is not known: no verdict either way (not a missing G)."""
    tensors = getattr(getattr(model, "layer", None), "tensors", {})
    if not all(role in tensors for role in ("G", "X", "W")):
        return False
    ids = {role: {int(i) for i in tensors[role].ids.flat} for role in ("G", "X", "W")}
    shaped = []
    for failure in failures:
        claimed, expected = failure.claimed, failure.expected
        if not (isinstance(claimed, Poly) and isinstance(expected, Poly)) or failure.message:
            continue  # a side in numbers: judged (or not) by the readers of the numbers
        if not claimed.variables():
            continue
        shaped.append(
            bool(expected and claimed)
            and all(len(t) == 2 and len(set(t) & ids["G"]) == 1 for t in expected)
            and all(
                len(t) == 1 and set(t) <= (ids["X"] | ids["W"]) and not set(t) & ids["G"]
                for t in claimed
            )
        )
    return bool(shaped) and all(shaped)


def _numbers_against_symbols(failure: Failure, worked: bool) -> bool:
    """The claimed side is a plain number and the truth a formula in the layer's entries:
    ``= 8`` of a worked example.  A 0 is that only where the notes give numbers above
    (``worked``); elsewhere ``z_{00} = 0`` claims the formula vanishes, and is judged."""
    claimed, expected = failure.claimed, failure.expected
    return (
        isinstance(claimed, Poly)
        and isinstance(expected, Poly)
        and (bool(claimed) or worked)
        and not claimed.variables()
        and bool(expected.variables())
    )


def _outside_guessed(outcome: Outcome, ctx: Context) -> dict | None:
    """A claim that reads an entry past a tensor's end is wrong only where the notes state
    the sizes; under sizes the checker guessed (a default, the largest index written) the
    entry may well exist in the notes' real layer: not understood, naming the guess."""
    if not ctx.extras.get("guessed"):
        return None
    message = next(
        (
            f.message
            for f in outcome.failures.values()
            if "is not an entry of this layer" in (f.message or "")
        ),
        None,
    )
    if message is None:
        return None
    return finding(
        NOT_UNDERSTOOD,
        f"under the assumed {ctx.where}: {message}; the notes do not state the sizes, so "
        "this may be the guess's fault: declare them to check it",
    )


def _holds_elsewhere(
    chain: Chain,
    model: Model,
    budget: Budget,
    seed: int,
    written: dict,
    stated: frozenset[str] = frozenset(),
) -> Model | None:
    """Another size (of the checker's fixed grid, with every entry the notes write, or the
    guessed layer with what the notes leave unstated changed) at which the claim holds."""
    for other in [*variants(model, {"stride", "pad"}), *neighbours(model, stated, written)]:
        if not admits(other, written):
            continue
        try:
            outcome = evaluate_claim(
                chain, other, quantities_of(other), budget, GRID_INSTANCES, seed
            )
        except (NotUnderstood, Wrong):
            continue
        if not outcome.failures and not outcome.unknown and outcome.checked:
            return other
    return None


def _directive(model: Model, latex: bool) -> str:
    spec = model.spec
    if not hasattr(spec, "kernel"):
        body = (
            f"layer=dense in-features={spec.in_features} "  # type: ignore[union-attr]
            f"out-features={spec.out_features}"
        )  # type: ignore[union-attr]
    else:
        h, w = model.input_hw  # type: ignore[misc]
        kh, kw = spec.kernel  # type: ignore[union-attr]
        one = spec.dims == 1  # type: ignore[union-attr]
        body = (
            f"layer={spec.kind}{1 if one else 2}d input={w if one else f'{h}x{w}'} "
            f"kernel={kw if one else f'{kh}x{kw}'}"
        )
        if spec.stride[1] != 1:  # type: ignore[union-attr]
            body += f" stride={spec.stride[1]}"  # type: ignore[union-attr]
        if spec.padding[2]:  # type: ignore[union-attr]
            body += f" padding={spec.padding[2]}"  # type: ignore[union-attr]
    if not spec.bias:  # type: ignore[union-attr]
        body += " no-bias"
    return f"% symconv: {body}" if latex else f"<!-- symconv: {body} -->"


def _checked(outcome: Outcome) -> str:
    if outcome.total <= 1:
        return ""
    if outcome.checked >= outcome.total:
        return f" (all {outcome.total} index values)"
    return f" ({outcome.checked} of {outcome.total} index values: corners and a sample)"


def _side(k: int, count: int) -> str:
    if count == 2:
        return "the left side" if k == 0 else "the right side"
    return f"side {k + 1} of {count}"


def _wrong(outcome: Outcome, model: Model, count: int, seed: int) -> dict:
    """Every failing side in the message; the details (expected, missing, extra,
    counterexample) of the last one, the student's final answer."""
    ev = outcome.evaluator
    assert ev is not None
    renderer = Renderer(model, ev.styles, ev.loss_name)
    described = [
        _describe(outcome.failures[k], k, count, renderer, ev.foreign_used, seed)
        for k in sorted(outcome.failures)
    ]
    details = described[-1]
    return finding(WRONG, "; ".join(d.pop("text") for d in described), **details)


def _describe(
    f: Failure, k: int, count: int, renderer: Renderer, foreign: list[str], seed: int
) -> dict:
    at = _at(f)
    if f.message:
        return {
            "text": f"{_side(k, count)}{at}: {f.message}",
            "expected": _show_value(f.expected, renderer),
            "counterexample": {"index": f.instance} if f.instance else None,
        }
    assert isinstance(f.expected, Poly) and isinstance(f.claimed, Poly)
    diff = f.expected - f.claimed
    missing = renderer.terms(Poly({m: c for m, c in diff.terms.items() if c > 0}))
    extra = renderer.terms(Poly({m: -c for m, c in diff.terms.items() if c < 0}))
    parts = sign_note(f.expected, f.claimed, renderer)
    if missing:
        parts.append("missing " + ", ".join(missing[:6]) + (" …" if len(missing) > 6 else ""))
    if extra:
        parts.append("extra " + ", ".join(extra[:6]) + (" …" if len(extra) > 6 else ""))
    unknown = [n for n in foreign if any(n in e for e in extra)]
    if unknown:
        verb = "is not an entry" if len(unknown) == 1 else "are not entries"
        parts.append(f"{', '.join(unknown)} {verb} of this layer")
    example = counterexample(f.expected, f.claimed, renderer, seed)
    if f.instance:
        example["index"] = f.instance
    if f.entry is not None:
        example["entry"] = list(f.entry)
    return {
        "text": f"{_side(k, count)} differs{at}: {'; '.join(parts)}",
        "expected": renderer.poly(f.expected),
        "missing": missing,
        "extra": extra,
        "counterexample": example,
    }


def sign_note(expected: Poly, claimed: Poly, renderer: Renderer) -> list[str]:
    """``["sign: ..."]`` when terms of the truth were written with the opposite sign."""
    flipped = Poly({m: c for m, c in expected.terms.items() if c and claimed.terms.get(m) == -c})
    if not flipped.terms:
        return []
    if flipped.terms == expected.terms and len(claimed.terms) == len(expected.terms):
        return ["wrong sign: the right side is the negative of the true value"]
    names = renderer.terms(flipped)
    return ["wrong sign of " + ", ".join(names[:6]) + (" …" if len(names) > 6 else "")]


def _at(f: Failure) -> str:
    bits = []
    if f.instance:
        bits.append(", ".join(f"{k} = {v}" for k, v in sorted(f.instance.items())))
    if f.entry is not None:  # positions in a matrix are counted from 1, as in print
        if len(f.entry) == 2:
            bits.append(f"row {f.entry[0] + 1}, column {f.entry[1] + 1}")
        else:
            bits.append("entry " + ", ".join(str(i + 1) for i in f.entry))
    return f" at {'; '.join(bits)}" if bits else ""


def _show_value(value, renderer: Renderer) -> str | None:
    if isinstance(value, Poly):
        return renderer.poly(value)
    if isinstance(value, Arr):
        if value.data.size <= 16:
            rows = value.data.reshape(value.shape[0], -1) if value.data.ndim else value.data
            return (
                "[" + "; ".join(", ".join(renderer.poly(p, 4) for p in row) for row in rows) + "]"
            )
        return f"a {fmt_shape(value.shape)} array"
    return None
