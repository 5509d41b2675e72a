"""The whole derivation document of one transposed convolution, section by section.

It reuses the convolution notes' builders (shapes, parameter count, general sums, local
derivatives, chain rule, Jacobians, the verified box): a :class:`TransposeCase` answers
the questions a :class:`ConvCase` does.  What differs is written here: the output-size
formula (from :func:`symconv.spec_transpose.transposed_size` itself, evaluated on
symbols), the scatter figure and the closed forms, printed from the proved nodes.
"""

from __future__ import annotations

import sympy

from ..printing import notation
from ..spec_transpose import ConvTranspose, transposed_size
from .case import MAX_OUTPUTS
from .conv_backward import (
    bias_gradient,
    input_gradient,
    jacobians,
    local_derivatives,
    weight_gradient,
)
from .conv_forward import (
    _pads,
    _pair,
    _row,
    forward_where,
    parameters,
    real_space,
    shown_shape,
    tensor_matrix,
)
from .conv_notes import check_sections, general_checks, proof_checks
from .document import Document, Grid
from .figures import FIGURE_WIDTH, _tex
from .i18n import check_language, phrase
from .rows import fits
from .transpose_case import TransposeCase
from .writer import Writer

MAX_PANELS = 9  # input entries drawn one by one in the scatter figure


def transpose_document(spec: ConvTranspose, input_hw: tuple[int, int],
                       notation_name: str = "subscript", lang: str = "en", sections=None,
                       index_base: int | None = None, title: str | None = None) -> Document:
    """Derive, prove and write up one transposed convolution configuration."""
    nt = notation(notation_name, index_base)
    lang = check_language(lang)
    sections = check_sections(sections)
    case = TransposeCase(spec, input_hw, nt)
    config = case.layer.config() | {"notation": nt.name, "index_base": nt.index_base}
    doc = Document(title or phrase(lang, "title_conv_transpose").format(dims=spec.dims),
                   lang, nt.name, config)
    doc.front = transpose_front(spec, case.input_hw) | {"notation": nt.name,
                                                        "index-base": str(nt.index_base)}
    w = Writer(doc, case.ctx)
    written: list[bool] = []
    if "setup" in sections:
        setup(w, case)
    if "forward" in sections:
        forward(w, case)
    if "backward" in sections:
        w.heading(2, "backward")
        w.para("backward_intro", G=nt.tensor("G"))
        local_derivatives(w, case)
        written += weight_gradient(w, case)
        written += input_gradient(w, case)
        bias_gradient(w, case)
    if "jacobians" in sections and case.sizes.outputs <= MAX_OUTPUTS:  # rows of a matrix
        written += jacobians(w, case)
    if "closed" in sections:
        closed_forms(w, case)
    if not all(written):  # the written-out chain rule disagrees with the derivation
        raise AssertionError("a written-out chain-rule sum differs from the derivation")
    if "verified" in sections:
        w.heading(2, "verified")
        w.para("verified_intro")
        w.verified(proof_checks(case) + general_checks(w, case))
    return doc


def transpose_front(spec: ConvTranspose, input_hw: tuple[int, int]) -> dict[str, str]:
    """The layer in ``symconv prove``'s option syntax (front matter)."""
    def pair(values) -> str:
        return str(values[1]) if spec.dims == 1 else "x".join(map(str, values))

    top, bottom, left, right = spec.padding
    padding = f"{left},{right}" if spec.dims == 1 else f"{top},{bottom},{left},{right}"
    return {"layer": f"conv_transpose{spec.dims}d", "input": pair(input_hw),
            "kernel": pair(spec.kernel), "stride": pair(spec.stride), "padding": padding,
            "output-padding": pair(spec.output_padding), "dilation": pair(spec.dilation),
            "in-channels": str(spec.in_channels), "out-channels": str(spec.out_channels),
            "groups": str(spec.groups), "bias": "true" if spec.bias else "false"}


def setup(w: Writer, case: TransposeCase) -> None:
    nt, s = case.nt, case.spec
    w.heading(2, "setup")
    w.para("setup_intro_transpose", X=nt.tensor("X"), W=nt.tensor("W"), Z=nt.tensor("Z"),
           G=nt.tensor("G"))
    roles = ["X", "W", *(["b"] if s.bias else []), "Z", "G"]
    w.doc.blocks.append(_row(r",\quad ".join(
        f"{nt.tensor(r)} \\in {real_space(shown_shape(case, r))}" for r in roles)))
    w.para("setup_options_transpose", s=_pair(s.stride, s.dims), p=_pads(s.padding, s.dims),
           op=_pair(s.output_padding, s.dims), d=_pair(s.dilation, s.dims), g=str(s.groups))
    if case.grids_fit and case.one_map:
        mats = [f"{nt.tensor('W')} = {w.tex(tensor_matrix(case, 'W'))}",
                f"{nt.tensor('X')} = {w.tex(tensor_matrix(case, 'X'))}"]
        together = r",\quad ".join(mats)
        for shown in [together] if fits(together) else [m for m in mats if fits(m)]:
            w.doc.blocks.append(_row(shown))
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
        stride = sympy.Symbol(g.nt.names["s"] + (f"_{axis + 1}" if two else ""),
                              integer=True, positive=True)
        pads = s.padding[2 * axis:2 * axis + 2]
        p1, p2 = sympy.Symbol("p_1"), sympy.Symbol("p_2")
        pad_total = 2 * g.sizes["p"] if pads[0] == pads[1] else p1 + p2
        op = sympy.Symbol(r"p_{\text{out}}", integer=True, nonnegative=True)
        # every term shown, even a zero one: this is the formula a course teaches
        formula = transposed_size(n, k, stride, pad_total, d, op)
        values = {n: case.input_hw[axis], k: s.kernel[axis], stride: s.stride[axis],
                  g.sizes["p"]: pads[0], p1: pads[0], p2: pads[1], d: s.dilation[axis],
                  op: s.output_padding[axis]}
        assert formula.subs(values) == value, (formula, values, value)  # the layer agrees
        ctx = case.ctx.substituted({})
        ctx.ranks = {**g.size_ranks(), stride: 1, op: 5}
        shown = g.nt.names[out] if s.dims == 2 else g.sizes["Wo"].name
        w.equation(shown, [w.tex(formula, ctx), w.tex(formula, ctx.substituted(values)),
                           str(value)], expr=formula)


def forward(w: Writer, case: TransposeCase) -> None:
    nt, g = case.nt, case.general
    w.heading(2, "forward")
    w.para("forward_intro_transpose", X=nt.tensor("X"), W=nt.tensor("W"))
    if case.grids_fit:
        scatter_figure(w, case)
    if case.small:
        w.para("forward_each")
        for out in case.outputs():
            expr = case.forward(out)
            w.equation(w.tex(case.entry("Z", out)), [w.terms(expr)], expr=expr)
    else:
        w.para("too_large_forward", style="note", n_out=case.sizes.outputs,
               n_terms=case.sizes.window)
    general = g.forward()
    w.para("forward_general_transpose")
    rows = [w.tex(general)]
    numeric = g.numeric(general)
    if numeric != general:
        rows.append(w.tex(numeric))
    w.equation(w.tex(g.z()), rows, expr=general)
    forward_where(w, case)
    w.para("forward_gather_transpose")


def scatter_figure(w: Writer, case: TransposeCase) -> None:
    """Each input entry of channel 0 spreads a copy of the kernel, scaled by it, into the
    output: the cells it reaches hold its products, checked against the derived Z."""
    panels = []
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
    rows = [panels[k:k + 2] for k in range(0, len(panels), 2)]
    joined = [[p for pair in row for p in pair] for row in rows]
    if not _fit(joined):
        joined = panels
    if not _fit(joined):
        return
    w.figure(joined, "fig_scatter", X=case.nt.tensor("X"), W=case.nt.tensor("W"),
             Z=case.nt.tensor("Z"))


def nt_w(case: TransposeCase) -> str:
    return case.nt.tensor("W")


def _fit(panels: list) -> bool:
    from .render_md import grid_tex

    return all(fits(r" \quad ".join(grid_tex(p) if isinstance(p, Grid) else p for p in row),
                    FIGURE_WIDTH) for row in panels)


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
    dims = [f"{nt.grad_tensor(r)} \\in {real_space(shown_shape(case, r))}"
            for r in ("W", "X", *(["b"] if s.bias else []))]
    w.doc.blocks.append(_row(r",\quad ".join(dims)))
