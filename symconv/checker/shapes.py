"""Shape claims: ``X \\in \\mathbb{R}^{28 \\times 28 \\times 1}``, ``... \\Rightarrow 28 \\times 28
\\times 6`` and ``28 \\times 28 \\times 6 \\longrightarrow 14 \\times 14 \\times 6``.

A tensor's shape is compared in the notation's axis order (H, W, C for seed 000), with or
without its axes of extent 1; a layer's input and output shapes are written in prose as
H x W x C (seed 000) or C x H x W, both accepted.
"""

from __future__ import annotations

from collections.abc import Callable

from symconv.checker.algebra import fmt_shape
from symconv.checker.context import Context, finding
from symconv.checker.limits import NotUnderstood
from symconv.checker.refs import resolve
from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.syntax import Chain, Factor, Font, Group, Num, Op, Side, Sym

ARROWS = ("\\Rightarrow", "\\rightarrow", "\\mapsto")


def dims(side: Side) -> tuple[int, ...] | None:
    """``28 \\times 28 \\times 6`` -> (28, 28, 6); a single number -> (n,)."""
    if len(side.exprs) != 1 or len(side.exprs[0].terms) != 1 or side.exprs[0].terms[0][0] != "+":
        return None
    items = [
        i for i in side.exprs[0].terms[0][1].items if not (isinstance(i, Op) and i.name == "space")
    ]
    found = []
    for k, item in enumerate(items):
        if k % 2:
            if not (isinstance(item, Op) and item.name == "\\times"):
                return None
        elif isinstance(item, Num) and item.text.isdigit():
            found.append(int(item.text))
        else:
            return None
    return tuple(found) if found and len(items) % 2 else None


def _squeeze(shape: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(n for n in shape if n != 1)


def judge_membership(chain: Chain, ctx: Context) -> dict | None:
    """``T \\in \\mathbb{R}^{...}`` for a tensor T of the layer; None when it is not one."""
    if chain.rels != ("\\in",):
        raise NotUnderstood("= and \\in in one chain: split the claims")
    claimed = _real_space(chain.sides[1])
    items = chain.sides[0].exprs[0].terms[0][1].items if _simple(chain.sides[0]) else ()
    grad = bool(items) and items[0] == Sym("d")
    ref = resolve(items[-1], ctx.notation, grad) if items and len(items) == 1 + grad else None
    if claimed is None or ref is None or ref.indices is not None:
        return None
    if ctx.model is None:
        raise NotUnderstood(f"shapes of tensors need a conv or dense layer ({ctx.where})")
    view = ctx.model.views.get(ref.role)
    if view is None:
        raise NotUnderstood(f"{ref.label()}: this layer has no such tensor")
    if claimed == view.shape or _squeeze(claimed) == view.squeezed:
        return finding(VERIFIED, f"{ref.label()} is {fmt_shape(view.shape)} in {ctx.where}")
    if view.batched and ctx.extras.get("batch"):  # X \in R^{N x 4}: the notes' batch
        model = ctx.model.batched()
        shape = model.views[ref.role].shape
        if claimed == shape:
            return finding(
                VERIFIED,
                f"{ref.label()} is {fmt_shape(shape)} in {ctx.where} "
                f"and a batch of {model.batch_size}",
            )
    if ctx.extras.get("guessed"):  # sizes the notes do not state: the claim may set them
        raise NotUnderstood(
            f"{ref.label()} is {fmt_shape(claimed)} here, but the layer's sizes are only a "
            f"guess ({ctx.where}): the shape is not compared with them"
        )
    axes = {len(_squeeze(claimed)), len(view.squeezed)}
    if ctx.extras.get("kind guessed") and axes == {1, 2}:  # x in R^5 against a 5x5 input
        raise NotUnderstood(
            f"{ref.label()} is {fmt_shape(claimed)} here, {fmt_shape(view.shape)} in "
            f"{ctx.where}, whose kind is only assumed (the notes name none): a vector "
            "against a matrix may be a dense layer's"
        )
    return finding(
        WRONG,
        f"{ref.label()} is {fmt_shape(view.shape)} in {ctx.where}, not {fmt_shape(claimed)}",
        expected=fmt_shape(view.shape),
    )


def _simple(side: Side) -> bool:
    return len(side.exprs) == 1 and len(side.exprs[0].terms) == 1


def _real_space(side: Side) -> tuple[int, ...] | None:
    if not _simple(side):
        return None
    items = side.exprs[0].terms[0][1].items
    if len(items) != 1:
        return None
    item = items[0]
    if isinstance(item, Font) and item.cmd == "mathbb":
        return ()
    if not (
        isinstance(item, Factor)
        and isinstance(item.base, Font)
        and item.base.cmd == "mathbb"
        and item.sub is None
        and item.sup is not None
    ):
        return None
    sup = item.sup
    if isinstance(sup, Num):
        return (int(sup.text),)
    if isinstance(sup, Group) and sup.body is not None and len(sup.body.sides) == 1:
        return dims(sup.body.sides[0])
    return None


def layer_shapes(ctx: Context) -> tuple[list[tuple[int, ...]], list[tuple[int, ...]]]:
    """Accepted ways to write the current layer's input and output shapes."""
    if ctx.layer is None:
        raise NotUnderstood("a shape claim needs a layer (--layer, --network or front matter)")
    shape_in = ctx.layer.input_shape
    shape_out = ctx.layer.spec.output_shape(shape_in)
    return _forms(shape_in), _forms(shape_out)


def _forms(shape: tuple[int, ...]) -> list[tuple[int, ...]]:
    if len(shape) != 3:
        return [shape]
    c, h, w = shape
    return [(h, w, c), (c, h, w), _squeeze((h, w, c)), (h, w)]


def judge_arrow(chain: Chain, ctx: Context, premise: Callable[[Chain], dict | None]) -> dict | None:
    """``p = 2 \\Rightarrow 28 \\times 28 \\times 6`` and ``a \\times b \\longrightarrow c``."""
    k = max(i for i, r in enumerate(chain.rels) if r in ARROWS)
    conclusion = dims(chain.sides[k + 1])
    if conclusion is None and "=" not in chain.rels:
        return None  # "x \rightarrow x_pad": an arrow in prose, not a claim
    if conclusion is None or k + 2 != len(chain.sides):
        raise NotUnderstood("an implication whose conclusion is not a shape")
    forms_in, forms_out = layer_shapes(ctx)
    before = Chain(chain.sides[: k + 1], chain.rels[:k])
    notes = []
    if not before.rels:  # a shape on the left: the layer's input
        start = dims(before.sides[0])
        if start is None:
            raise NotUnderstood("the arrow does not join two shapes")
        if start not in forms_in:
            # neither end is the layer's, or the layer's sizes are a guess: the arrow may
            # be another layer's ("**Pooling.** $8 \times 8 \times 16 \to 4 \times 4
            # \times 16$" in notes that build several)
            if ctx.extras.get("guessed") or conclusion not in forms_out:
                raise NotUnderstood(
                    f"the arrow starts at {fmt_shape(start)}, not at the input of "
                    f"{ctx.where}, and ends elsewhere than its output or the layer's sizes "
                    "are a guess: which layer it is about is not read"
                )
            return finding(
                WRONG,
                f"the input of {ctx.where} is {fmt_shape(forms_in[0])}, not {fmt_shape(start)}",
                expected=fmt_shape(forms_in[0]),
            )
    else:
        result = premise(before)
        if result is not None and result["status"] != VERIFIED:
            return result
        if result is not None:
            notes.append(result["message"])
    if conclusion not in forms_out:
        return finding(
            WRONG,
            f"the output of {ctx.where} is {fmt_shape(forms_out[0])}, not {fmt_shape(conclusion)}",
            expected=fmt_shape(forms_out[0]),
        )
    notes.append(f"the output of {ctx.where} is {fmt_shape(conclusion)}")
    return finding(VERIFIED, "; ".join(notes))
