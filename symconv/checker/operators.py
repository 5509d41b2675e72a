"""Judging operator-level claims with the closed-form nodes at the layer's concrete sizes.

A claim such as ``dx = \\operatorname{pad}_1(dy) \\star \\operatorname{rot}_{180}(w)`` is
read by :mod:`.opparse`, translated into the nodes of :mod:`symconv.ops` (``Correlate``,
``Pad``, ``Rot180``, ``Dilate``, ``Crop``, ``SumOver``, ``BiasAdd``, ``MatMul``,
``Transpose``), expanded into exact polynomials over the layer's variables and compared,
entry by entry, with the derivation (Z by definition, gradients by the chain rule), as
``PolyLayer._compare`` compares the printed closed forms.

The convention (documented in README's check section):

- ``\\star`` is cross-correlation: ``(A \\star K)[t] = Σ_a A[t + a] K[a]``, the second
  operand slides over the first; written the other way round (the smaller operand first),
  the result is that correlation rotated by 180 degrees, as NumPy's ``correlate`` gives.
- ``*``, ``\\ast``, ``\\otimes``, ``\\circledast`` mean what the notation says
  (:mod:`.notation`): cross-correlation for the subscript notations, convolution (the
  kernel flipped) for ``*`` in the functional one, full correlation for ``*`` in the
  superscript one; ``\\operatorname{conv}(A, K)`` is convolution, ``\\operatorname{corr}``
  correlation, both valid.
- ``\\operatorname{full}(A)`` pads A by k-1 (the layer's kernel), ``\\operatorname{full}(A
  \\star K)`` is the full correlation; ``\\operatorname{pad}_p``, ``\\operatorname{crop}_p``
  and ``\\operatorname{dilate}_s`` take their size, or without one k-1, the padding and
  the stride of the layer; ``rot_{180}``, ``rot180`` and ``flip`` reverse both spatial axes.

A wrong claim is compared again after each single repair (rotate or unrotate the kernel,
pad by k-1, dilate G by the stride, rotation for a transpose, swap the operands, sum over
every axis, pad X by the layer's padding); the first repair that makes it hold is the
hint, "missing rot180" (else the first pair of repairs that does).

W^T exchanges a kernel's channel axes (as symconv prints it); with one channel, its two
spatial axes.  ``\\star_{s=2,d=2,g=2}`` gives the stride, dilation and groups; ``X \\star
W`` (the forward) takes the layer's own.  ``X \\star dY`` is the weight gradient
(``CorrelateWeight``) at the correlation's own size: where a stride leaves rows of X
unreached it is larger than the kernel, and only ``crop_{0,r,0,r}(...)`` makes it hold.
Per-sample claims are judged at one sample; once the notes sum over the batch n, sums and
matrix products are judged at a batch of two as well.
"""

from __future__ import annotations

import re

import numpy as np

from symconv.checker.algebra import Poly
from symconv.checker.context import Context, finding
from symconv.checker.counterexamples import Renderer, counterexample
from symconv.checker.kernel_dilation import refuse_unstated_dilation
from symconv.checker.lettered_failure import letter_only_pair
from symconv.checker.limits import NotUnderstood
from symconv.checker.notation_options import Notation
from symconv.checker.one_channel import one_channel_model
from symconv.checker.opbuild import Builder
from symconv.checker.opparse import BINARY, Op, has_operator, parse_side, sides
from symconv.checker.othersizes import admits, describe_sizes, tiled_variants, variants
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.texclean import typing_only
from symconv.checker.truth import Model
from symconv.checker.verdicts import sign_note
from symconv.spec.layer import Dense


def operator_claim(text: str, notation: Notation) -> tuple[Op, Op] | None:
    """(left, right) when ``text`` is an operator claim about a whole tensor, else None."""
    found = sides(typing_only(text))  # \nabla_X L, \partial L / \partial X: dL/dX
    if found is None or not has_operator(found[1]):
        return None
    layers: set[int] = set()  # Z^l = A^{l-1} * W^l: the layer marks of both sides agree
    try:
        left = parse_side(found[0], notation, layers)
    except NotUnderstood:
        return None  # an element-wise left side: the element-wise checker's claim
    if left.kind != "tensor":
        return None
    try:
        return left, parse_side(found[1], notation, layers)
    except NotUnderstood as exc:
        if str(exc).startswith("the operator") and any(t in BINARY for t in found[1]):
            raise  # \operatorname{blur}(dY) \star W: a correlation we cannot read
        # relu(Z), softmax, indexed entries: left to the element-wise checker
        return None


# ---------------------------------------------------------------------- truth
def truth(model: Model, role: str, grad: bool) -> tuple[np.ndarray, list[Poly]]:
    """The indices of the target tensor and its entries as exact polynomials."""
    if role == "Z":
        ids = model.layer.tensors["G"].ids
        indices = list(np.ndindex(ids.shape))
        if grad:
            return ids, [Poly.var(int(ids[i])) for i in indices]
        return ids, [model.forward(i) for i in indices]
    if role not in model.layer.tensors:
        raise NotUnderstood(f"this layer has no {role}")
    ids = model.layer.tensors[role].ids
    if role == "W" and isinstance(model.spec, Dense) and model.notation.dense_in_by_out:
        # notes writing Z = XW + b: their W (in x out) is the layer's W^T, entry (j, k)
        # the layer's (k, j)
        ids = ids.T
        if grad:
            return ids, [model.gradient(role, i[::-1]) for i in np.ndindex(ids.shape)]
    indices = list(np.ndindex(ids.shape))
    if grad:
        return ids, [model.gradient(role, i) for i in indices]
    return ids, [Poly.var(int(ids[i])) for i in indices]


_PER_CHANNEL = "the right side is written for other channel counts"


def _squeezed(shape) -> tuple[int, ...]:
    return tuple(s for s in shape if s != 1)


def compare(
    model: Model,
    left: Op,
    right: Op,
    builder_type: type[Builder] = Builder,
) -> tuple[str, dict] | None:
    """None when the claim holds at the model's sizes; else (why, details).  A dense
    claim about column vectors is read with another ``builder_type`` (dense_columns);"""
    ids, expected = truth(model, *left.params)
    if left.params == ("Z", False) and model.untied:  # Z = X * W + B, B one per position
        right, expected = _without_untied_bias(right, model, ids, expected)
    try:
        builder = builder_type(model)
        node = builder.build(right)
        claimed = node.expand(model.layer.tensors)
    except (ValueError, IndexError) as exc:
        if "channel(s)" in str(exc):
            # a formula written for one channel pair ("dilate, pad, correlate with the flipped
            # kernel") against a layer with several channels: which pair, and whether the
            # weight's channel axes were meant swapped, is a guess; a mistake is not shown
            raise NotUnderstood(f"{_PER_CHANNEL} than the layer's ({exc})") from None
        if "values to unpack" in str(exc):  # a map operator on a layer without maps (dense)
            raise NotUnderstood(
                f"the right side's operators do not apply to the layer read ({exc})"
            ) from None
        return f"the right side cannot be evaluated here ({exc})", {}
    if _squeezed(claimed.shape) != _squeezed(ids.shape):
        return (
            f"the right side has shape {tuple(claimed.shape)}, the left side {tuple(ids.shape)}"
        ), {}
    flat = list(np.ndindex(tuple(claimed.shape)))
    for k, want in enumerate(expected):
        got = Poly(dict(claimed.entry(flat[k])))
        if builder.constant is not None:  # c·1 written for a pool's kernel
            got = model.with_weights(got, builder.constant)  # type: ignore[attr-defined]
        if got.terms != want.terms:
            return "differs", {
                "entry": np.unravel_index(k, ids.shape),
                "expected": want,
                "claimed": got,
            }
    return None


def _without_untied_bias(
    right: Op, model: Model, ids: np.ndarray, expected: list[Poly]
) -> tuple[Op, list[Poly]]:
    """``rest + B`` with a bias per output position: compare ``rest`` with Z - B (the bias
    has no closed-form node; its entries are the model's own variables, one per position)."""
    if right.kind != "add" or right.params != ("+",) or right.args[1] != Op("tensor", ("b", False)):
        return right, expected
    positions = list(np.ndindex(ids.shape))
    return right.args[0], [
        want - Poly.var(model._untied(positions[k])) for k, want in enumerate(expected)
    ]


# ---------------------------------------------------------------------- repairs
def _repairs(op: Op, model: Model):
    """(repaired tree, hint) for each single change of ``op``."""
    spec = model.spec
    kernel = getattr(spec, "kernel", (1, 1))
    k = kernel[1] if getattr(spec, "dims", 2) == 1 else kernel[0]
    stride = getattr(spec, "stride", (1, 1))[1]
    # the full mode pads by the kernel's span less one: d(k-1) for taps d apart
    span = getattr(spec, "dilation", (1, 1))[-1] * (k - 1)
    name = "k-1" if span == k - 1 else "d(k-1)"
    if op.kind == "tensor" and op.params == ("W", False):
        yield Op("rot", (None,), (op,)), "missing rot180 of the kernel"
    pad = getattr(spec, "padding", (0, 0, 0, 0))[2]
    if op.kind == "tensor" and op.params == ("X", False) and pad:
        yield Op("pad", (pad,), (op,)), f"missing padding: pad X by p = {pad}"
    if op.kind == "tensor" and op.params == ("Z", True) and stride > 1:
        yield (Op("dilate", (stride,), (op,)), f"G must be zero-dilated by the stride {stride}")
    if op.kind == "tensor" and op.params == ("Z", True):
        yield (Op("pad", (span,), (op,)), f"missing full padding: pad G by {name} = {span}")
    if op.kind == "rot":
        yield op.args[0], "rotated once too often: \\star is cross-correlation"
    written = op.params[0] if op.kind == "pad" else None
    if isinstance(written, tuple) and written[:1] == ("size",):
        written = Builder(model).size(*written[1:])  # pad_{k}: its value here
    if isinstance(written, int) and written != span:
        yield Op("pad", (span,), op.args), f"pad by {name} = {span}, not {written}"
    if op.kind == "T" and getattr(spec, "dims", None) is not None:
        yield Op("rot", (None,), op.args), "rot180, not the transpose"
    if op.kind == "neg":
        yield op.args[0], "wrong sign: drop the minus"
    if op.kind == "sum" and op.params and "n" not in op.params:
        yield Op("sum", (), op.args), "sum over the batch n too"
    for k_arg, arg in enumerate(op.args):
        for fixed, hint in _repairs(arg, model):
            args = (*op.args[:k_arg], fixed, *op.args[k_arg + 1 :])
            yield Op(op.kind, op.params, args), hint
    if op.kind == "bin":  # last: with a 1x1 G a swap and a rotation agree; name the rotation
        yield Op("bin", op.params, op.args[::-1]), "the operands are swapped"


MAX_REPAIRS = 80  # comparisons spent looking for a hint (each expands the claim once)


def nearest(model: Model, left: Op, right: Op) -> str | None:
    """The hint of the first single repair that makes the claim hold, else of the first
    pair of repairs (a stride-2 gradient with neither dilation nor padding needs both)."""
    overhang = _overhang(model, left, right)
    if overhang is not None:
        return overhang
    singles = list(_repairs(right, model))
    spent = 0
    for depth in (1, 2):
        for fixed, hint in singles:
            candidates = (
                [(fixed, hint)]
                if depth == 1
                else [
                    (twice, f"{hint}; {second}")
                    for twice, second in _repairs(fixed, model)
                    if second != hint
                ]
            )
            for tree, text in candidates:
                spent += 1
                if spent > MAX_REPAIRS:
                    return None
                try:
                    if compare(model, left, tree) is None:
                        return text
                except NotUnderstood:
                    continue
    return None


def _overhang(model: Model, left: Op, right: Op) -> str | None:
    """A correlation whose size misses the target by rows and columns at its end, where
    H + 2p - k is not a multiple of the stride: the repair that makes it hold (crop what
    comes from input rows no window reaches; pad G once more at the end for dX)."""
    try:
        ids, _ = truth(model, *left.params)
        shape = Builder(model).build(right).expand(model.layer.tensors).shape
    except (NotUnderstood, ValueError, IndexError):
        return None
    if len(shape) != 4 or len(ids.shape) != 4 or shape[:2] != ids.shape[:2]:
        return None
    extra = [a - b for a, b in zip(shape[2:], ids.shape[2:], strict=True)]
    one = getattr(model.spec, "dims", 2) == 1
    if one:
        extra[0] = 0
    if max(extra) > 0 and min(extra) >= 0:
        cut = (0, extra[1]) if one else (0, extra[0], 0, extra[1])
        repaired, verb = Op("crop", (cut,), (right,)), "crop the correlation's"
    elif min(extra) < 0 and max(extra) <= 0 and right.kind == "bin":
        cut = (0, -extra[1]) if one else (0, -extra[0], 0, -extra[1])
        image = Op("pad", (cut,), (right.args[0],))
        repaired, verb = Op("bin", right.params, (image, *right.args[1:])), "pad the image's"
    else:
        return None
    try:
        if compare(model, left, repaired) is not None:
            return None
    except NotUnderstood:
        return None
    stride = getattr(model.spec, "stride", (1, 1))[-1]
    rows = "" if one or not cut[1] else f"{cut[1]} last row(s)"
    cols = f"{cut[-1]} last {'entr(ies)' if one else 'column(s)'}" if cut[-1] else ""
    where = " and ".join(x for x in (rows, cols) if x)
    return (
        f"{verb} {where} too (the sizes do not divide by the stride {stride}): "
        f"{'crop' if verb.startswith('crop') else 'pad'}_{{{','.join(map(str, cut))}}}"
    )


# ---------------------------------------------------------------------- batch
def _names_batch(op: Op) -> bool:
    if op.kind == "sum" and ("n" in op.params or "N" in op.params):
        return True
    return any(_names_batch(a) for a in op.args)


# "*" and "\ast" mean the convolution in textbooks, the cross-correlation in deep-learning
def _size_names(op: Op) -> set[str]:
    """The layer sizes a side names by letter (``pad_P``, ``dilate_S``): stride, padding."""
    found = set()
    if op.params and isinstance(op.params[0], tuple) and op.params[0][:1] == ("size",):
        found.add({"padding": "pad"}.get(op.params[0][1], op.params[0][1]))
    for arg in op.args:
        found |= _size_names(arg)
    return found


def _vacuous_at_guess(model: Model, left: Op, right: Op, ctx: Context) -> dict | None:
    """Not understood for a claim that names the stride or the padding by letter
    (``pad_P(X) \\star \\delta``), holds at sizes the checker only guessed, and fails at
    another stride or padding: at the guess (stride 1, no padding) those letters change
    nothing, so agreeing there proves nothing about them.  None otherwise."""
    if not ctx.extras.get("guessed") or not _size_names(right) & {"stride", "pad"}:
        return None
    # a claim in letters is a statement about strided and padded layers in general: it
    # must hold at another stride and another padding than the guess's too
    used = {"stride", "pad"}
    for other in variants(model, used):
        try:
            failed = compare(other, left, right)
        except NotUnderstood:
            continue
        if failed is not None:
            return finding(
                NOT_UNDERSTOOD,
                f"it holds at the assumed {ctx.where}, where the stride and padding it "
                f"names by letter change nothing, but not for {describe_sizes(other)}; "
                "the notes do not state the sizes, declare them to check it",
            )
    return None


def _vacuous_rotation(model: Model, left: Op, right: Op, ctx: Context) -> dict | None:
    """Not understood for a claim with a rotation or a transpose that holds at a layer
    whose output or kernel is 1x1, where rotating a map changes nothing, and fails at other
    sizes: agreeing there says nothing about the rotation (``dE/dw = a \\star rot180(δ)``
    verified of a 3x3 input and 3x3 kernel, a misread of notes whose δ is 4x4).  None
    otherwise."""
    if model.layer is None:
        return None
    rotates = _has(right, "rot") or _has(right, "T")
    output = tuple(model.layer.tensors["G"].ids.shape[2:])
    kernel = tuple(getattr(model.spec, "kernel", ()))
    # a 1x1 output hides more than a rotation: a stride's zero-insertion between G's
    # entries, a padding of G that reaches no entry (X \star G at a 3x3 input, stride 2)
    if not output or (max(output) > 1 and not (rotates and max(kernel or (2,)) == 1)):
        return None
    for other in variants(model, set()):
        try:
            failed = compare(other, left, right)
        except NotUnderstood:
            continue
        if failed is not None:
            return finding(
                NOT_UNDERSTOOD,
                f"it holds for {ctx.where}, where the output or the kernel is 1x1 and a "
                f"rotation or a stride changes nothing, but not for {describe_sizes(other)}: "
                "these sizes do not check what it writes",
            )
    return None


def _broken_by_letter(model: Model, left: Op, right: Op, ctx: Context) -> dict | None:
    r"""Wrong where the notes write the stride or padding only as a letter ("stride $s$", no
    number: every value meant, letter_parameters.py) and the claim, right at the guessed
    layer, fails once only that parameter changes: ``X \star G`` under "stride $s$" is
    dL/dW at stride 1 alone (G must be dilated by s), as the entry reader judges an index
    claim (lettered_failure.py)."""
    lettered = set(ctx.extras.get("letter params", ())) & {"stride", "pad"}
    if not lettered or not ctx.extras.get("guessed") or _has(right, "convT"):
        return None  # (conv2d_transpose(δ, w): its stride left to the call, the layer's)
    for other in variants(model, lettered, ctx.extras.get("square", (False, False))):
        paired = letter_only_pair(other, model, lettered)
        if paired is None:
            continue
        base, what = paired
        try:
            failed = compare(other, left, right)
            if failed is None or compare(base, left, right) is not None:
                continue  # it holds there, or fails for the other sizes too
        except NotUnderstood:
            continue
        return finding(
            WRONG,
            f"it holds for {ctx.where} but not for {describe_sizes(other)}, and there only "
            f"{what} makes it fail, which the notes write as a letter (every value meant): "
            f"{failed[0]}",
        )
    return None


def _has(op: Op, kind: str) -> bool:
    return op.kind == kind or any(_has(a, kind) for a in op.args)


def batched(model: Model) -> Model:
    """The same layer with a batch of two samples (the checker's layers have one)."""
    return model.batched()


def _per_channel_pair(model: Model, left: Op, right: Op, where: str) -> dict | None:
    """The verdict of a formula written for single maps (pad(dilate(x)) \\star rot180(w))
    at one channel pair of the layer, without a bias and with one (``... + b``): verified
    where either holds, wrong where both are evaluated and fail, else None."""
    failures = []
    for bias in (False, True):
        single = one_channel_model(model, bias=bias)
        if single is None:
            return None
        try:
            failed = compare(single, left, right)
        except NotUnderstood:
            continue
        if failed is None:
            return finding(
                VERIFIED,
                f"holds for one channel pair of {where} (the formula is written for single "
                "maps; every input-output channel pair computes it)",
            )
        failures.append(failed[0])
    if len(failures) == 2:  # false for a channel pair, with its bias or without
        return finding(WRONG, f"for one channel pair of {where}: {failures[0]}")
    return None


def _only_correlations(op: Op) -> bool:
    """Whether every product of maps in ``op`` is a cross-correlation (\\star, corr): no
    convolution whose kernel flip the notes may or may not mean."""
    if op.kind == "bin" and op.params and op.params[0] not in ("\\star", "corr"):
        return False
    return all(_only_correlations(arg) for arg in op.args if isinstance(arg, Op))


# ---------------------------------------------------------------------- verdict
def judge_operator(claim: tuple[Op, Op], ctx: Context) -> dict:
    model = ctx.model
    if model is None:
        raise NotUnderstood(f"operator claims need a conv or dense layer; {ctx.where} is not one")
    left, right = claim
    dilation = getattr(model.spec, "dilation", (1, 1))[-1]
    refuse_unstated_dilation(right, ctx.extras.get("stated") or frozenset(), dilation)
    if _names_batch(right):
        ctx.extras["batch"] = True  # the notes work with a mini-batch from here on
        model.prefer_batch = True
    batch = ""
    try:
        failed = compare(model, left, right)
    except NotUnderstood as exc:
        if _PER_CHANNEL in str(exc):
            if not ctx.extras.get("per channel pair"):
                # dX = pad(G) \star rot180(W) over several channels: read literally, W's
                # channel axes do not fit (dX needs them exchanged).  Against channels the
                # user declared that is wrong as written; notes write it so for single maps
                # without saying so, so against channels read from prose it is wrong only
                # where it fails for every channel pair too (its geometry: padding, dilation,
                # rotation); holding there proves nothing about the channel axes meant
                if ctx.extras.get("channels declared"):
                    inner = str(exc).split("(", 1)[-1].rstrip(")")
                    return finding(WRONG, f"the right side cannot be evaluated here ({inner})")
                found = _per_channel_pair(model, left, right, ctx.where)
                if found is not None and found["status"] == WRONG and _only_correlations(right):
                    return found  # (a "*" may flip the kernel or not: unless_flip_settled's)
                raise
            found = _per_channel_pair(model, left, right, ctx.where)
            if found is not None:
                return found
        if not ctx.extras.get("batch") or model.batch != 1:
            raise
        # x[n], \delta[n] of a batch of one-channel maps: only the batch has sample n
        model = batched(model)
        failed, batch = compare(model, left, right), f" and a batch of {model.batch_size}"
    if failed is None and ctx.extras.get("batch") and not _has(right, "bin") and not batch:
        # per-sample correlations stay at one sample; sums and matrix products must
        # also hold for a batch of two
        model = batched(model)
        failed, batch = compare(model, left, right), f" and a batch of {model.batch_size}"
    if failed is None:
        vacuous = _vacuous_at_guess(model, left, right, ctx) or _vacuous_rotation(
            model, left, right, ctx
        )
        if vacuous is not None:
            return vacuous
        broken = _broken_by_letter(model, left, right, ctx)
        if broken is not None:
            return broken
        return finding(
            VERIFIED,
            f"holds for {ctx.where}{batch} (the operators expanded "
            "entry by entry and compared with the derivation)",
        )
    why, details = failed
    if ctx.extras.get("guessed"):  # sizes we only guessed: not the student's mistake
        for other in [*variants(model, {"stride", "pad"}), *tiled_variants(model)]:
            if not admits(other, ctx.extras.get("written", {})):
                continue  # O_{22} written: a 1x1 output is no excuse
            try:
                if compare(other, left, right) is None:
                    return finding(
                        NOT_UNDERSTOOD,
                        f"it does not hold for the assumed "
                        f"{ctx.where} but holds for {describe_sizes(other)}, and "
                        "the notes do not state the sizes; declare them to check "
                        "it",
                    )
            except NotUnderstood:
                continue
    hint = nearest(model, left, right)
    head = f"{hint}; " if hint else ""
    if ctx.extras.get("guessed") and not details and re.match(r"(?:pad|crop) by ", hint or ""):
        # a numbered pad or crop whose size the guessed kernel or padding decides (pad_2
        # fits a kernel of 3, a kernel_size=3 the guess took as 2): the shapes differ at
        # the guess, which is the sizes' business, not the student's mistake
        raise NotUnderstood(
            f"at the assumed {ctx.where}, which the notes do not state, {hint}: the sizes "
            "are not read, so no verdict on it"
        )
    if not details:
        return finding(WRONG, head + why)
    renderer = Renderer(model, {}, "L")
    expected, claimed = details["expected"], details["claimed"]
    diff = expected - claimed
    missing = renderer.terms(Poly({m: c for m, c in diff.terms.items() if c > 0}))
    extra = renderer.terms(Poly({m: -c for m, c in diff.terms.items() if c < 0}))
    entry = [int(i) for i in details["entry"]]
    example = counterexample(expected, claimed, renderer, ctx.seed)
    example["entry"] = entry
    where = ", ".join(str(i) for i in entry)
    parts = (
        sign_note(expected, claimed, renderer)
        + ([f"missing {', '.join(missing[:4])}"] if missing else [])
        + ([f"extra {', '.join(extra[:4])}"] if extra else [])
    )
    return finding(
        WRONG,
        f"{head}the right side differs at entry ({where}): {'; '.join(parts)}",
        expected=renderer.poly(expected),
        missing=missing,
        extra=extra,
        counterexample=example,
    )


__all__ = ["judge_operator", "operator_claim"]
