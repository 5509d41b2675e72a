"""One sample's loss differentiated: ``\\frac{\\partial \\ell_n}{\\partial W}``, ``\\partial
L_i / \\partial b_f``, ``\\partial E_p / \\partial Y_{p,f}``.

Notes with a mini-batch define the batch's loss from the samples' ones, ``L = \\sum_n
\\ell_n`` or ``L = \\frac{1}{N} \\sum_n \\ell_n``, and then write a sample's own gradient: the
per-sample gradient of a shared weight (``\\partial \\ell_n / \\partial W_{f,c} =
\\operatorname{pad}_P(X_{n,c}) \\star G_{n,f}``, what per-example gradient clipping needs),
or of the sample's own tensors.  The checker's upstream gradient G is the batch loss's,
dL/dY.

Why the reading is exact: ``\\ell_m`` depends on sample m's output Y_m only, so
``\\partial \\ell_m / \\partial Y_k = 0`` for k != m and, with L = s^{-1} \\sum_m \\ell_m
(s = 1 for a sum, s = N for a mean), ``\\partial \\ell_m / \\partial Y_m = s\\, \\partial L /
\\partial Y_m = s G_m``.  For any tensor T of the layer (W, b shared by the samples; X, Y
each sample's own), the chain rule through Y gives

    d ell_m / dT = sum over the entries y of Y_m of (d ell_m / dy)(dy / dT)
                 = s * sum over the entries y of Y_m of G_y (dy / dT),

which is the batch gradient dL/dT = sum over every y of G_y (dy / dT) with every G entry of
the other samples set to zero, times s.  The layer's gradients are linear in G (each of
their monomials holds exactly one G variable), so that is: keep the monomials whose G
variable is sample m's, and scale by s.  For dT = dY_m itself it gives s G_m (the old
rewrite ``N \\partial L / \\partial Y_m``); for another sample's tensor it gives 0.

The scale comes from the notes' definition (per_sample_loss.defined_above); where the notes
define none, the sample's loss is read as before (as L, s = 1), which is exact for the
sample's own tensors under a sum; a shared tensor's per-sample gradient differs from the
batch's, so there it is not read.  It is judged only with a batch of two or more samples
(one sample would make every term the sample's own).
"""

from __future__ import annotations

from contextvars import ContextVar
from fractions import Fraction

from symconv.checker.algebra import Arr, Poly, Value, array
from symconv.checker.limits import NotUnderstood
from symconv.checker.notation_options import LOSS_LETTERS
from symconv.checker.refs import SAMPLE_LETTERS, sample_index
from symconv.checker.syntax import Expr, Factor, Group, Sym, Term

# "mean", "sum" or None: the batch loss's definition last written above the claim
SAMPLE_LOSS_KIND: ContextVar[str | None] = ContextVar("sample_loss_kind", default=None)


def sample_superscript(node) -> Expr | None:
    """The sample of a loss written ``L^{(n)}``, ``\\ell^{(i)}`` (refs.sample_index), as an
    index expression, else None."""
    if not isinstance(node, Factor) or node.sub is not None or node.primes:
        return None
    if not (isinstance(node.base, Sym) and node.base.name in LOSS_LETTERS):
        return None
    sample = sample_index(node.sup)
    return None if sample is None else Expr((("+", Term((sample,))),))


def sample_subscript(node) -> Expr | None:
    """The subscript of a sample's loss (``\\ell_n``, ``L_{i}``) as an index expression: one
    lower-case letter, else None (``\\ell_{CE}``, ``L_1`` name a loss, not a sample)."""
    if not isinstance(node, Factor) or node.sub is None:
        return None
    sub = node.sub
    if isinstance(sub, Group) and sub.kind == "brace" and sub.body is not None:
        sides = sub.body.sides
        if len(sides) != 1 or len(sides[0].exprs) != 1:
            return None
        terms = sides[0].exprs[0].terms
        if len(terms) != 1 or terms[0][0] != "+" or len(terms[0][1].items) != 1:
            return None
        sub = terms[0][1].items[0]
    if not (isinstance(sub, Sym) and len(sub.name) == 1 and sub.name.islower()):
        return None
    # E_k of E = sum_k E_k may be an output unit's term: a letter other than the ones notes
    # number samples with is a sample only where the notes define the batch loss from them
    if sub.name not in SAMPLE_LETTERS and SAMPLE_LOSS_KIND.get() is None:
        return None
    return Expr((("+", Term((sub,))),))


def sample_letter(sub: Expr) -> frozenset[str]:
    """The letter of a sample's loss's index expression (one letter, see above)."""
    item = sub.terms[0][1].items[0]
    return frozenset({item.name}) if isinstance(item, Sym) else frozenset()


def _sample_ids(model, sample: int) -> frozenset[int] | None:
    layer = getattr(model, "layer", None)
    tensors = getattr(layer, "tensors", None)
    if not tensors or "G" not in tensors:
        return None
    ids = tensors["G"].ids
    if not 0 <= sample < ids.shape[0]:
        return None
    return frozenset(int(v) for v in ids[sample].reshape(-1).tolist())


def _restrict(poly: Poly, own: frozenset[int], others: frozenset[int], scale: int) -> Poly:
    out = Poly()
    for mono, coef in poly.items():
        if any(v in own for v in mono):
            out[mono] = coef * scale
        elif not any(v in others for v in mono):
            raise NotUnderstood("a sample's loss differentiated where the gradient is not G's")
    return out


def restrict_to_sample(value: Value, model, sample: int) -> tuple[Value, bool]:
    """``value`` (a batch gradient dL/dT) as sample ``sample``'s loss gradient (module doc),
    and whether the restriction changed it (another sample's terms dropped)."""
    own = _sample_ids(model, sample)
    if own is None:
        raise NotUnderstood("a sample's loss differentiated in a layer read without samples")
    every = _sample_ids_all(model)
    others = every - own
    kind = SAMPLE_LOSS_KIND.get()
    # N: the batch a claim naming samples is judged at (with one sample read, the count the
    # notes' N stands for all the same, as per_sample_loss's rewrite of a letter takes it)
    scale = model.batch_size if kind == "mean" else 1
    if isinstance(value, Poly):
        out = _restrict(value, own, others, scale)
        return out, out != value
    data = value.data
    changed = False

    def one(i) -> Poly:
        nonlocal changed
        poly = _restrict(data[i], own, others, scale)
        changed = changed or poly != data[i]
        return poly

    out_arr = Arr(array(value.shape, one), value.label, value.num_ndim)
    return out_arr, changed


def _sample_ids_all(model) -> frozenset[int]:
    ids = model.layer.tensors["G"].ids
    return frozenset(int(v) for v in ids.reshape(-1).tolist())


def sample_value(evaluator, sub) -> int:
    """Which sample (0-based position on the batch axis) ``\\ell_n`` names here."""
    model = evaluator.model
    base = evaluator.notation.index_base
    value = evaluator.index_at(sub, model.batch, base)
    if isinstance(value, Fraction):
        if value.denominator != 1:
            raise NotUnderstood("a sample's loss at a fractional index")
        value = int(value)
    return int(value) - base
