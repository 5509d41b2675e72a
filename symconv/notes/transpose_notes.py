"""The whole derivation document of one transposed convolution, section by section.

It reuses the convolution notes' builders (shapes, parameter count, general sums, local
derivatives, chain rule, Jacobians, the verified box): a :class:`TransposeCase` answers
the questions a :class:`ConvCase` does.  What differs is written here: the output-size
formula (from :func:`symconv.spec.transpose.transposed_size` itself, evaluated on
symbols), the scatter figure and the closed forms, printed from the proved nodes.
"""

from __future__ import annotations

import sympy

from symconv.notes.case import MAX_OUTPUTS
from symconv.notes.conv_backward import jacobians
from symconv.notes.conv_forward import (
    _pads,
    _pair,
    _row,
    forward_entries,
    kernel_and_input,
    parameters,
    real_space,
    shown_shape,
)
from symconv.notes.conv_notes import Builders, conv_document
from symconv.notes.document import Document, Grid
from symconv.notes.figures import FIGURE_WIDTH, _tex
from symconv.notes.rows import fits
from symconv.notes.transpose_case import TransposeCase
from symconv.notes.writer import Writer
from symconv.spec.transpose import ConvTranspose, transposed_size

MAX_PANELS = 9  # input entries drawn one by one in the scatter figure


def transpose_document(
    spec: ConvTranspose,
    input_hw: tuple[int, int],
    notation_name: str = "subscript",
    lang: str = "en",
    sections: list[str] | tuple[str, ...] | None = None,
    index_base: int | None = None,
    title: str | None = None,
) -> Document:
    """Derive, prove and write up one transposed convolution configuration."""
    kind = (TransposeCase, "title_conv_transpose", transpose_builders())
    return conv_document(
        spec, input_hw, notation_name, lang, sections, index_base, title, None, kind
    )


def transpose_builders() -> Builders[TransposeCase]:
    """The sections a transposed convolution writes its own way (its own document and a
    network's section share them)."""
    return Builders(setup, forward, closed_forms, _jacobians)


def _jacobians(w: Writer, case: TransposeCase) -> list[bool]:
    """A stride multiplies the output: beyond the convolution's count of written outputs
    the Jacobian would be a matrix taller than the page."""
    return jacobians(w, case) if case.sizes.outputs <= MAX_OUTPUTS else []


def setup(w: Writer, case: TransposeCase) -> None:
    nt, s = case.nt, case.spec
    w.heading(2, "setup")
    w.para(
        "setup_intro_transpose",
        X=nt.tensor("X"),
        W=nt.tensor("W"),
        Z=nt.tensor("Z"),
        G=nt.tensor("G"),
    )
    roles = ["X", "W", *(["b"] if s.bias else []), "Z", "G"]
    w.doc.blocks.append(
        _row(
            r",\quad ".join(
                f"{nt.tensor(r)} \\in {real_space(shown_shape(case, r))}" for r in roles
            )
        )
    )
    w.para(
        "setup_options_transpose",
        s=_pair(s.stride, s.dims),
        p=_pads(s.padding, s.dims),
        op=_pair(s.output_padding, s.dims),
        d=_pair(s.dilation, s.dims),
        g=str(s.groups),
    )
    kernel_and_input(w, case)
    output_size(w, case)
    parameters(w, case)


def output_size(w: Writer, case: TransposeCase) -> None:
    """H_out = (H - 1)s - 2p + d(k - 1) + output_padding + 1: the layer's own size function
    applied to symbols, then to this layer's numbers (checked against its output)."""
    s, g = case.spec, case.general
    w.para("size_intro_transpose")
    axes = [(1, case.wo)] if s.dims == 1 else [(0, case.ho), (1, case.wo)]
    for axis, value in axes:
        size, kernel, out = (("H", "k1", "Ho"), ("W", "k2", "Wo"))[axis]
        n, k, d = g.sizes[size], g.sizes[kernel], g.sizes["d"]
        two = s.dims == 2 and len({s.stride[0], s.stride[1]}) == 2
        stride = sympy.Symbol(
            g.nt.names["s"] + (f"_{axis + 1}" if two else ""), integer=True, positive=True
        )
        pads = s.padding[2 * axis : 2 * axis + 2]
        p1, p2 = sympy.Symbol("p_1"), sympy.Symbol("p_2")
        pad_total = 2 * g.sizes["p"] if pads[0] == pads[1] else p1 + p2
        op = sympy.Symbol(r"p_{\text{out}}", integer=True, nonnegative=True)
        # every term shown, even a zero one: this is the formula a course teaches
        # SymPy symbols in, a SymPy expression out (the function is plain arithmetic)
        formula: sympy.Expr = transposed_size(n, k, stride, pad_total, d, op)
        values = {
            n: case.input_hw[axis],
            k: s.kernel[axis],
            stride: s.stride[axis],
            g.sizes["p"]: pads[0],
            p1: pads[0],
            p2: pads[1],
            d: s.dilation[axis],
            op: s.output_padding[axis],
        }
        assert formula.subs(values) == value, (formula, values, value)  # the layer agrees
        ctx = case.ctx.substituted({})
        ctx.ranks = {**g.size_ranks(), stride: 1, op: 5}
        shown = g.nt.names[out] if s.dims == 2 else g.sizes["Wo"].name
        w.equation(
            shown,
            [w.tex(formula, ctx), w.tex(formula, ctx.substituted(values)), str(value)],
            expr=formula,
        )


def forward(w: Writer, case: TransposeCase) -> None:
    nt = case.nt
    w.heading(2, "forward")
    w.para("forward_intro_transpose", X=nt.tensor("X"), W=nt.tensor("W"))
    if case.grids_fit:
        scatter_figure(w, case)
    forward_entries(w, case, "forward_general_transpose")
    w.para("forward_gather_transpose")


def scatter_figure(w: Writer, case: TransposeCase) -> None:
    """Each input entry of channel 0 spreads a copy of the kernel, scaled by it, into the
    output: the cells it reaches hold its products, checked against the derived Z."""
    panels: list[list[Grid | str]] = []
    for index in [i for i in case.inputs() if i[0] == 0][:MAX_PANELS]:
        x = case.entry("X", index)
        cells = [["0"] * case.wo for _ in range(case.ho)]
        marks = [[0] * case.wo for _ in range(case.ho)]
        for f, row, col, a, b in case.landing(index):
            if f != 0:  # one filter shows the pattern; the others land alike
                continue
            weight = case.entry("W", (index[0], 0, a, b))
            derived = sympy.expand(case.forward((0, row, col)))
            if derived.coeff(x * weight) != 1:  # the figure must match the derivation
                raise AssertionError(f"{x}·{weight} is not in the derived Z at {(row, col)}")
            cells[row][col] = _tex(case, x * weight)
            marks[row][col] = 1
        panels.append([f"{_tex(case, x)} \\, {nt_w(case)} \\;\\to", Grid(cells, marks)])
    rows = [panels[k : k + 2] for k in range(0, len(panels), 2)]
    joined = [[p for pair in row for p in pair] for row in rows]
    if not _fit(joined):
        joined = panels
    if not _fit(joined):
        return
    w.figure(
        joined, "fig_scatter", X=case.nt.tensor("X"), W=case.nt.tensor("W"), Z=case.nt.tensor("Z")
    )


def nt_w(case: TransposeCase) -> str:
    return case.nt.tensor("W")


def _fit(panels: list[list[Grid | str]]) -> bool:
    from symconv.notes.render_md import grid_tex

    return all(
        fits(r" \quad ".join(grid_tex(p) if isinstance(p, Grid) else p for p in row), FIGURE_WIDTH)
        for row in panels
    )


def closed_forms(w: Writer, case: TransposeCase) -> None:
    """The proved nodes: dL/dX a correlation of G with W, dL/dW a correlation of G with X,
    Z the full convolution of the dilated input (cropped by the padding)."""
    nt, s = case.nt, case.spec
    w.heading(3, "closed")
    forms = {i.of: i.closed for i in case.layer.identities()}
    w.para("closed_x_transpose", G=nt.tensor("G"), W=nt.tensor("W"), corr=nt.corr)
    w.equation(nt.grad_tensor("X"), [w.tex(forms["X"])], expr=forms["X"])
    w.para("closed_w_transpose", G=nt.tensor("G"), X=nt.tensor("X"), corr=nt.corr)
    w.equation(nt.grad_tensor("W"), [w.tex(forms["W"])], expr=forms["W"])
    if "b" in forms:
        w.equation(nt.grad_tensor("b"), [w.tex(forms["b"])], expr=forms["b"])
    w.para("closed_z_transpose", X=nt.tensor("X"), W=nt.tensor("W"))
    w.equation(nt.tensor("Z"), [w.tex(forms["Z"])], expr=forms["Z"])
    w.para("dims_intro")
    dims = [
        f"{nt.grad_tensor(r)} \\in {real_space(shown_shape(case, r))}"
        for r in ("W", "X", *(["b"] if s.bias else []))
    ]
    w.doc.blocks.append(_row(r",\quad ".join(dims)))
