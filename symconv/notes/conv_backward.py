"""Backward pass of a convolution: local derivatives, chain rule, Jacobians, closed forms.

Every concrete formula here is computed: ∂z/∂w by ``sympy.diff`` of the derived outputs,
the chain-rule sums from those derivatives (and compared with the layer's chain rule),
the Jacobians entry by entry, the padded G and the rotated kernel by expanding the
closed-form nodes that the proofs use.
"""

from __future__ import annotations

import sympy

from symconv.algebra.terms import to_sympy
from symconv.notes.case import MAX_JACOBIAN_COLS, ConvCase
from symconv.notes.conv_forward import real_space, running_axis, shown_shape
from symconv.notes.rows import fits
from symconv.notes.writer import Writer
from symconv.ops import Node
from symconv.printing.latex import NotesLatexPrinter

MAX_WRITTEN = 48  # terms in all written-out gradient entries together


def _outputs_touching(case: ConvCase, var: sympy.Symbol) -> list[tuple[int, int, int]]:
    return [o for o in case.outputs() if case.forward(o).has(var)]


def chain_written(w: Writer, case: ConvCase, tag: str, index: tuple[int, ...]) -> bool:
    """dL/dv = Σ_o G_o ∂z_o/∂v = Σ_o G_o·(the derivative); True when it matches the layer."""
    var = case.entry(tag, index)
    outs = _outputs_touching(case, var)
    chain = sympy.Add(
        *(case.entry("G", o) * sympy.Derivative(case.entry("Z", o), var) for o in outs)
    )
    done = sympy.Add(*(case.entry("G", o) * sympy.diff(case.forward(o), var) for o in outs))
    lhs = w.tex(_grad_entry(case, tag, index))
    w.equation(lhs, [w.terms(chain), w.terms(done)], expr=done)
    return bool(sympy.expand(done - case.gradient(tag, index)) == 0)


def _grad_entry(case: ConvCase, tag: str, index: tuple[int, ...]) -> sympy.Indexed:
    return sympy.IndexedBase("d" + tag)[
        tuple(sympy.Integer(v + case.ctx.base(tag, a)) for a, v in enumerate(index))
    ]


def local_derivatives(w: Writer, case: ConvCase) -> None:
    nt, g = case.nt, case.general
    w.heading(3, "local")
    w.para("local_intro", G=nt.tensor("G"), W=nt.tensor("W"), X=nt.tensor("X"))
    if case.small:
        outs, weights = case.outputs(), case.weights()
        pairs = [(outs[0], weights[0]), (outs[-1], weights[min(1, len(weights) - 1)])]
        for out, weight in dict.fromkeys(pairs):
            var = case.entry("W", weight)
            value = sympy.diff(case.forward(out), var)
            w.equation(
                w.tex(sympy.Derivative(case.entry("Z", out), var)), [w.tex(value)], expr=value
            )
    deltas, survivor = g.dz_dw()
    w.para("local_general")
    w.equation(
        w.tex(sympy.Derivative(g.z_at_weight(), g.weight())),
        [w.tex(deltas), w.tex(survivor)],
        expr=survivor,
    )


def weight_gradient(w: Writer, case: ConvCase) -> list[bool]:
    nt, g = case.nt, case.general
    w.heading(3, "grad_w")
    chain, result = g.dw_chain()
    w.para("grad_w_intro", W=nt.tensor("W"))
    w.equation(w.tex(g.dw_entry()), [w.tex(chain), w.tex(result)], expr=result)
    axis = running_axis(case)
    if axis is not None:
        _, size, kernel = axis
        w.para("grad_w_bounds", Ho=w.tex(g.sizes[size]), k1=w.tex(g.sizes[kernel]))
    if not case.small:
        return []
    weights = case.weights()
    chosen = weights if len(weights) * case.sizes.outputs <= MAX_WRITTEN else weights[:1]
    w.para("grad_w_written", w0=w.tex(case.entry("W", chosen[0])))
    return [chain_written(w, case, "W", k) for k in chosen]


def input_gradient(w: Writer, case: ConvCase) -> list[bool]:
    nt, g = case.nt, case.general
    w.heading(3, "grad_x")
    w.para("grad_x_intro", X=nt.tensor("X"), G=nt.tensor("G"))
    w.equation(w.tex(g.dx_entry()), [w.tex(g.dx_general())], expr=g.dx_general())
    if case.strided_gather:
        w.para("grad_x_stride")
    else:
        w.para("grad_x_zero", G=nt.tensor("G"))
    if not case.small:
        return []
    inputs = case.inputs()
    chosen = inputs if len(inputs) <= 8 else [inputs[len(inputs) // 2]]
    w.para("grad_x_written")
    return [chain_written(w, case, "X", k) for k in chosen]


def bias_gradient(w: Writer, case: ConvCase) -> None:
    if not case.spec.bias:
        return
    nt, g = case.nt, case.general
    w.heading(3, "grad_b")
    w.para("grad_b_intro", b=nt.tensor("b"))
    rows = [w.tex(g.db_general())]
    w.equation(w.tex(_grad_entry_general(case)), rows, expr=g.db_general())
    if case.small and case.spec.out_channels == 1:
        value = case.gradient("b", (0,))
        w.equation(w.tex(_grad_entry(case, "b", (0,))), [w.terms(value)], expr=value)


def _grad_entry_general(case: ConvCase) -> sympy.Indexed:
    return sympy.IndexedBase("db")[case.general.index("f")]


def jacobians(w: Writer, case: ConvCase) -> list[bool]:
    """dZ/dW and dZ/dX as matrices, and the gradients as (Jacobian)^T times G (seed 004)."""
    if not case.small:
        return []
    outs = case.outputs()
    gvec = sympy.Matrix([case.entry("G", o) for o in outs])
    checks = []
    w.heading(3, "jacobians")
    w.para("jacobian_intro")
    for tag, entries in (("W", case.weights()), ("X", case.inputs())):
        if len(entries) > MAX_JACOBIAN_COLS:
            continue
        variables = [case.entry(tag, e) for e in entries]
        jac = sympy.Matrix([[sympy.diff(case.forward(o), v) for v in variables] for o in outs])
        nt = case.nt
        lhs = nt.partial(_vec(case, "Z", nt.tensor("Z")), _vec(case, tag, nt.tensor(tag)))
        if not fits(lhs + " = " + w.tex(jac)):  # a matrix cannot be broken across rows
            continue
        w.equation(lhs, [w.tex(jac)], expr=jac)
        grad = jac.T * gvec
        grad_lhs = _vec(case, tag, nt.grad_tensor(tag))
        rows = [
            r for r in (w.tex(jac.T) + " " + w.tex(gvec), w.tex(grad)) if fits(grad_lhs + " = " + r)
        ]
        if rows:
            w.equation(grad_lhs, rows, expr=grad)
        checks += [
            sympy.expand(grad[k] - case.gradient(tag, e)) == 0 for k, e in enumerate(entries)
        ]
    if case.spec.bias and case.spec.out_channels == 1:
        ones = sympy.ones(1, len(outs))
        rows = [
            r
            for r in (w.tex(ones) + " " + w.tex(gvec), w.tex((ones * gvec)[0]))
            if fits(case.nt.grad_tensor("b") + " = " + r)
        ]
        if rows:
            w.equation(case.nt.grad_tensor("b"), rows, expr=ones * gvec)
    return checks


def _vec(case: ConvCase, role: str, tex: str) -> str:
    """``vec(W)`` for a tensor of more than one axis: a Jacobian's rows and columns list
    its entries one by one, so the gradient it gives is a column, not the matrix W."""
    if len(shown_shape(case, role)) < 2:
        return tex
    return rf"\operatorname{{vec}}\left({tex}\right)"


def _matrix(case: ConvCase, node: Node) -> sympy.Matrix:
    """A closed-form node's expansion (one sample, one channel) as a matrix of entries."""
    array = node.expand(case.layer.tensors)
    height, width = array.shape[-2:]
    m = sympy.Matrix(
        height, width, lambda i, j: to_sympy(array.entry((0, 0, i, j)), case.layer.table)
    )
    return m.T if case.spec.dims == 1 else m


def closed_forms(w: Writer, case: ConvCase) -> None:
    nt, s = case.nt, case.spec
    w.heading(3, "closed")
    forms = {i.of: i.closed for i in case.layer.identities()}
    written = case.small and case.grids_fit and case.one_map and s.mode == "correlation"
    w.para("closed_w", corr=nt.corr, X=nt.tensor("X"), G=nt.tensor("G"))
    rows = [w.tex(forms["W"])]
    if written:
        a, d, dilation, groups, kernel = forms["W"].args
        printer = NotesLatexPrinter(w.context())
        star = printer._star((1, 1), dilation, groups)  # keep its d=...
        row = f"{w.tex(_matrix(case, a))} {star} {w.tex(_matrix(case, d))}"
        cut = printer.weight_cut(a, d, dilation, kernel)  # rows no window reaches
        if cut is not None:
            row = rf"\operatorname{{crop}}_{{{printer._pads(cut)}}}\left({row}\right)"
        rows.append(row)
    rows = [r for r in rows if r is rows[0] or fits(f"{nt.grad_tensor('W')} = {r}")]
    w.equation(nt.grad_tensor("W"), rows, expr=forms["W"])
    w.para("closed_x", W=nt.tensor("W"), G=nt.tensor("G"))
    rows = [w.tex(forms["X"])]
    if written and not any(s.padding):
        full = forms["X"].args[0].as_correlation((1, *case.shapes()["G"]))
        padded, kernel, stride, dilation, groups = full.args
        star = NotesLatexPrinter(w.context())._star(stride, dilation, groups)
        row = f"{w.tex(_matrix(case, padded))} {star} {w.tex(_matrix(case, kernel))}"
        if fits(f"{nt.grad_tensor('X')} = {row}"):
            rows.append(row)
    w.equation(nt.grad_tensor("X"), rows, expr=forms["X"])
    if "b" in forms:
        w.equation(nt.grad_tensor("b"), [w.tex(forms["b"])], expr=forms["b"])
    w.para("dims_intro")
    dims = [
        f"{nt.grad_tensor(r)} \\in {real_space(shown_shape(case, r))}"
        for r in ("W", "X", *(["b"] if s.bias else []))
    ]
    from symconv.notes.conv_forward import _row

    w.doc.blocks.append(_row(r",\quad ".join(dims)))
