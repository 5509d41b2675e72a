"""A claim written with the upstream gradient set to ones, judged with those ones.

"Sanity check with $E = \\sum_{i,j} y[i][j]$ (so `dy` is all ones)", then the displays
``\\frac{\\partial E}{\\partial x[0][1]} = w[0][0] + w[0][1]``: the paragraph before the
claims fixes dE/dy = 1 at every output (E adds the outputs up, so each dE/dy_{ij} is 1), and
the claims are the layer's input gradient with those ones put in.  The layer's truth is a
polynomial in the entries of X, W and G = dE/dY (algebra.Poly); setting every G entry to 1
gives the truth of the sanity check exactly, since every term of it is linear in G.  So
each side that failed against the symbolic truth is compared again with G = 1 on both
sides: all equal, the claim holds for the notes' loss; one differs, it is wrong, named with
the ones put in.

Only a claim about one entry (no free index) is read so: a claim with free indices is
checked at many index values, and a failure records only the first, so the others would be
unknown under the ones.  The paragraph's words are read by :mod:`.lead_in_settings`.
"""

from __future__ import annotations

from dataclasses import replace

from symconv.checker.algebra import Poly
from symconv.checker.context import finding
from symconv.checker.judge import Outcome
from symconv.checker.report import VERIFIED
from symconv.checker.truth import Model

_WHERE = "with the upstream gradient all ones, as the paragraph before it sets it"


def _with_ones(poly: Poly, ones: set[int]) -> Poly:
    """``poly`` with every variable in ``ones`` set to 1."""
    out = Poly()
    for mono, c in poly.items():
        rest = tuple(v for v in mono if v not in ones)
        out.iadd(Poly({rest: c}))
    return out


def with_ones(outcome: Outcome, model: Model) -> Outcome:
    """``outcome`` with every entry of G set to 1 on both sides of each failure, keeping
    the failures that still differ (a side in numbers stays one: it is compared with the
    truth at the notes' numbers by formula_then_number.py)."""
    ones = {int(i) for i in model.layer.tensors["G"].ids.flat}
    again = {
        k: replace(f, expected=_with_ones(f.expected, ones), claimed=_with_ones(f.claimed, ones))
        for k, f in outcome.failures.items()
    }
    return replace(outcome, failures={k: f for k, f in again.items() if f.expected != f.claimed})


def judge_with_ones(outcome: Outcome, model: Model, count: int, seed: int) -> dict | None:
    """The verdict of a one-entry claim whose sides failed against the symbolic truth,
    with every entry of G set to 1; None where it is not read so."""
    from symconv.checker.verdicts import _wrong

    ev = outcome.evaluator
    tensors = getattr(getattr(model, "layer", None), "tensors", {})
    if ev is None or ev.free or outcome.unknown or "G" not in tensors:
        return None
    ones = {int(i) for i in tensors["G"].ids.flat}
    failures = outcome.failures
    if not failures or not all(
        isinstance(f.expected, Poly) and isinstance(f.claimed, Poly) and not f.message
        for f in failures.values()
    ):
        return None
    if not any(f.expected.variables() & ones for f in failures.values()):
        return None  # the truth does not involve G: the ones change nothing
    if any(f.claimed.variables() & ones for f in failures.values()):
        return None  # a side written with G's entries is the general form: G stays symbolic
    differ = with_ones(outcome, model).failures
    if any(not f.claimed.variables() and f.expected.variables() for f in differ.values()):
        # "= 3 + 1 + 0 + 2 + 1": a side in numbers stands for the entries of X the notes
        # give, which the ones do not put in; the numbers are judged elsewhere or not at all
        return None
    if not differ:
        return finding(VERIFIED, f"every side holds {_WHERE} (one entry, exactly)")
    found = _wrong(replace(outcome, failures=differ), model, count, seed)
    found["message"] = f"{_WHERE}: {found['message']}"
    return found
