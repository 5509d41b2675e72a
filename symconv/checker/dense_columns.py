"""A dense layer's claims with its vectors as columns: ``z = Wx + b``, ``dW = \\delta x^T``,
``dx = W^T \\delta``, ``Z = WX + b\\mathbf{1}^T`` (one sample per column).

The checker's tensors lay the samples out as rows (``Z = XW^T + b``, PyTorch's layout).
Lecture notes as often write column vectors, where the same gradients are transposed products.
A claim that fails with rows but holds with every vector (X, Z and G) a column holds in the
column layout; it is verified where the notes say they use columns ("column vector", a
forward pass ``z = Wx + b``), not understood where they say nothing (the layout would be a
guess), and stays wrong where they use rows.
"""

from __future__ import annotations

from symconv.checker.context import Context, finding
from symconv.checker.layout_flag import layout
from symconv.checker.limits import NotUnderstood
from symconv.checker.opbuild import Builder
from symconv.checker.operators import compare, truth
from symconv.checker.opparse import Op
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.ops import BiasAdd, SumOver, TensorSymbol, Transpose
from symconv.spec.layer import Dense


class ColumnBuilder(Builder):
    """Closed-form nodes with X, Z and G transposed: the samples are columns."""

    def build(self, op: Op):
        node = super().build(op)
        if op.kind == "tensor" and isinstance(node, TensorSymbol) and node.name in ("X", "G"):
            return Transpose(node)
        return node

    def sum(self, letters: tuple[str, ...], arg):
        return SumOver(arg, (1,))  # the samples are the columns

    def add(self, a, b, sign: str):
        if isinstance(b, TensorSymbol) and b.name == "b" and sign == "+":
            return Transpose(BiasAdd(Transpose(a), b))  # b added to every column
        return super().add(a, b, sign)


def relayout(found: dict, claim: tuple[Op, Op], ctx: Context, document: str) -> dict:
    """The verdict of a dense operator claim in the layout the notes use: ``found`` (rows)
    where they use rows, the column reading where they use columns; where they say nothing,
    a claim wrong with rows but right with columns is not understood."""
    model = ctx.model
    said = layout(document) if model is not None and isinstance(model.spec, Dense) else "rows"
    if said == "rows" or found["status"] not in (VERIFIED, WRONG):
        return found
    if said is None and found["status"] == VERIFIED:
        return found  # rows, PyTorch's layout, where the notes do not say
    left, right = claim
    models = [model, model.batched()] if ctx.extras.get("batch") else [model]
    try:
        failed = next(
            (f for m in models if (f := compare(m, left, right, ColumnBuilder)) is not None),
            None,
        )
    except (ValueError, IndexError, NotUnderstood) as exc:
        if said is None:
            return found
        raise NotUnderstood(f"with the vectors as columns: {exc}") from None
    if said is None:  # wrong with rows, right with columns: the layout is a guess
        if failed is not None:
            return found
        return finding(
            NOT_UNDERSTOOD,
            "it holds with the vectors as columns, not as rows (PyTorch's layout), and the "
            "notes do not say which (write 'column vector' or the forward pass z = Wx + b)",
        )
    if failed is None and _row_for_column(model, left, right):
        return finding(
            WRONG,
            "with the vectors as columns, as the notes write them: the right side is a row "
            "where the left side is a column vector (a transpose too many or too few)",
        )
    if failed is None:
        batch = f" and a batch of {models[-1].batch_size}" if len(models) > 1 else ""
        return finding(
            VERIFIED,
            f"holds for {ctx.where}{batch} with the vectors as columns, as the notes write "
            "them (the operators expanded entry by entry and compared with the derivation)",
        )
    why, details = failed
    message = why
    if why == "differs":
        message = f"the right side differs at entry {tuple(int(i) for i in details['entry'])}"
    return finding(WRONG, f"with the vectors as columns, as the notes write them: {message}")


def _row_for_column(model, left: Op, right: Op) -> bool:
    """Whether a claim about an input's or output's vector (a column in these notes) has a
    row on its right side: ``dL/dx = G^T W`` is 1 x 4 where dL/dx is 4 x 1; the entries
    agree, which the entry comparison (shapes with their 1s dropped) cannot tell."""
    if left.params[0] not in ("X", "Z"):
        return False  # W and b keep their shapes in both layouts
    ids, _ = truth(model, *left.params)
    try:
        claimed = ColumnBuilder(model).build(right).expand(model.layer.tensors)
    except (ValueError, IndexError):
        return False
    column = tuple(reversed(ids.shape))
    return (
        len(claimed.shape) == 2 and claimed.shape != column and claimed.shape == ids.shape != column
    )
