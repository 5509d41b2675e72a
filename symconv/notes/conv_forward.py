"""Set-up and forward pass of a convolution: shapes, output size, parameters, Z."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import sympy

from symconv.algebra.terms import to_sympy
from symconv.errors import SymconvError
from symconv.notes.case import ConvCase
from symconv.notes.figures import receptive_fields, sliding_window
from symconv.notes.i18n import number
from symconv.notes.rows import fits
from symconv.notes.writer import Writer
from symconv.ops import Pad, TensorSymbol

if TYPE_CHECKING:
    from symconv.notes.document import Equation


def real_space(shape: tuple[int, ...]) -> str:
    """``\\mathbb{R}^{3 \\times 3}``: the numbers come from the layer's shapes."""
    return r"\mathbb{R}^{" + r" \times ".join(str(n) for n in shape) + "}"


def shown_shape(case: ConvCase, role: str) -> tuple[int, ...]:
    shape = case.shapes()[role]
    axes = case.ctx.shown_axes(role)
    return tuple(shape[a] for a in axes) or (1,)


def tensor_matrix(case: ConvCase, tag: str) -> sympy.Matrix:
    """The entries of a one-channel tensor as a matrix (a column in 1D, as seed 004)."""
    shape = case.shapes()[tag]
    if tag == "Xpad":  # the padded input as the Pad node expands it: zeros around X
        array = Pad(TensorSymbol("X"), case.spec.padding).expand(case.layer.tensors)

        def value(i: int, j: int) -> sympy.Expr:
            return to_sympy(array.entry((0, 0, i, j)), case.layer.table)
    else:

        def value(i: int, j: int) -> sympy.Expr:
            return case.entry(tag, (0, 0, i, j) if tag == "W" else (0, i, j))

    matrix = sympy.Matrix(shape[-2], shape[-1], value)
    return matrix.T if case.spec.dims == 1 else matrix


def setup(w: Writer, case: ConvCase) -> None:
    nt, s = case.nt, case.spec
    w.heading(2, "setup")
    w.para(
        "setup_intro",
        X=nt.tensor("X"),
        W=nt.tensor("W"),
        Z=nt.tensor("Z"),
        G=nt.tensor("G"),
        t_mode=w.words("mode_" + s.mode),
    )
    roles = ["X", "W", *(["b"] if s.bias else []), "Z", "G"]
    shapes = [f"{nt.tensor(r)} \\in {real_space(shown_shape(case, r))}" for r in roles]
    w.doc.blocks.append(_row(r",\quad ".join(shapes)))
    w.para(
        "setup_options",
        s=_pair(s.stride, s.dims),
        p=_pads(s.padding, s.dims),
        d=_pair(s.dilation, s.dims),
        g=str(s.groups),
    )
    kernel_and_input(w, case)
    if any(s.padding):
        w.para(
            "setup_pad",
            Xpad=nt.tensor("Xpad"),
            X=nt.tensor("X"),
            shape=real_space(shown_shape(case, "Xpad")),
        )
        padded = w.tex(tensor_matrix(case, "Xpad"))
        if case.grids_fit and case.one_map and fits(f"{nt.tensor('Xpad')} = {padded}"):
            w.equation(nt.tensor("Xpad"), [padded])
    output_size(w, case)
    parameters(w, case)


def kernel_and_input(w: Writer, case: ConvCase) -> None:
    """W and X as matrices (one channel, one filter, small enough)."""
    if not (case.grids_fit and case.one_map):
        return
    nt = case.nt
    mats = [
        f"{nt.tensor('W')} = {w.tex(tensor_matrix(case, 'W'))}",
        f"{nt.tensor('X')} = {w.tex(tensor_matrix(case, 'X'))}",
    ]
    together = r",\quad ".join(mats)
    # Side by side when they fit, else one per display; a matrix wider than the page
    # is left out (the shapes above still say what it holds).
    for shown in [together] if fits(together) else [m for m in mats if fits(m)]:
        w.doc.blocks.append(_row(shown))


def _row(tex: str, prose: bool = False) -> Equation:
    from symconv.notes.document import Equation

    return Equation([(tex, "")], None, "", prose=prose)


def _pair(values: tuple[int, int], dims: int) -> str:
    return str(values[1]) if dims == 1 or values[0] == values[1] else f"({values[0]}, {values[1]})"


def _pads(pads: tuple[int, ...], dims: int) -> str:
    top, bottom, left, right = pads
    if dims == 1:
        return str(left) if left == right else f"({left}, {right})"
    return str(top) if len(set(pads)) == 1 else f"({top}, {bottom}, {left}, {right})"


def output_size(w: Writer, case: ConvCase) -> None:
    """h_out = ⌊(h + 2p - k)/s⌋ + 1, with the numbers substituted and the value (seed 002)."""
    s, g = case.spec, case.general
    w.para("size_intro")
    axes = (
        [("W", "k2", "Wo", 1, case.wo)]
        if s.dims == 1
        else [("H", "k1", "Ho", 0, case.ho), ("W", "k2", "Wo", 1, case.wo)]
    )
    for size, kernel, out, axis, value in axes:
        n, k = g.sizes[size], g.sizes[kernel]
        stride = sympy.Symbol(
            g.nt.names["s"] + (f"_{axis + 1}" if s.dims == 2 and s.stride[0] != s.stride[1] else "")
        )
        pads = s.padding[2 * axis : 2 * axis + 2]
        p = g.sizes["p"]
        pad_term = 2 * p if pads[0] == pads[1] else sympy.Symbol("p_1") + sympy.Symbol("p_2")
        dil = s.dilation[axis]
        reach = k if dil == 1 else g.sizes["d"] * (k - 1) + 1
        formula = sympy.floor((n + (pad_term if any(pads) else 0) - reach) / stride) + 1
        values = {
            n: case.input_hw[axis],
            k: s.kernel[axis],
            stride: s.stride[axis],
            p: pads[0],
            g.sizes["d"]: dil,
            sympy.Symbol("p_1"): pads[0],
            sympy.Symbol("p_2"): pads[1],
        }
        assert formula.subs(values) == value, (formula, values, value)  # the layer agrees
        ranks = {**g.size_ranks(), stride: 4}
        ctx = case.ctx.substituted({})
        ctx.ranks = ranks
        w.equation(
            g.nt.names[out] if s.dims == 2 else g.sizes["Wo"].name,
            [w.tex(formula, ctx), w.tex(formula, ctx.substituted(values)), str(value)],
            expr=formula,
        )


def parameters(w: Writer, case: ConvCase) -> None:
    """N = (k_1 k_2 C_in/g + 1) C_out, with the numbers and the value (seed 000)."""
    s, g = case.spec, case.general
    k1, k2, c, f = (g.sizes[k] for k in ("k1", "k2", "C", "F"))
    per_filter = (k2 if s.dims == 1 else k1 * k2) * c
    count = sympy.Mul(per_filter + 1, f, evaluate=False) if s.bias else per_filter * f
    values = {k1: s.kernel[0], k2: s.kernel[1], c: s.group_in, f: s.out_channels}
    assert count.subs(values) == s.param_count()
    ctx = case.ctx.substituted({})
    ctx.ranks = {k1: 0, k2: 1, c: 2, f: 3}
    w.para("params_intro" if s.bias else "params_intro_nobias", n_params=s.param_count())
    w.equation(
        r"N_{\text{params}}",
        [
            w.tex(count, ctx),
            w.tex(count, ctx.substituted(values)),
            number(w.lang, s.param_count(), math=True),
        ],
        expr=count,
    )


def forward(w: Writer, case: ConvCase) -> None:
    nt = case.nt
    w.heading(2, "forward")
    closed = next(i.closed for i in case.layer.identities() if i.of == "Z")
    w.para("forward_intro", corr=nt.corr, t_mode=w.words("mode_" + case.spec.mode))
    w.equation(nt.tensor("Z"), [w.tex(closed)], expr=closed)
    if case.small and case.grids_fit:
        receptive_fields(w, case)
    forward_entries(w, case, "forward_general")
    if case.grids_fit and (max(case.spec.stride) > 1 or max(case.spec.dilation) > 1):
        sliding_window(w, case)


def forward_entries(w: Writer, case: ConvCase, general_key: str) -> None:
    """Every output entry written out (when small), then the general sum and its symbols."""
    g = case.general
    if case.small:
        w.para("forward_each")
        for out in case.outputs():
            expr = case.forward(out)
            w.equation(w.tex(case.entry("Z", out)), [w.terms(expr)], expr=expr)
    else:
        w.para(
            "too_large_forward", style="note", n_out=case.sizes.outputs, n_terms=case.sizes.window
        )
    general = g.forward()
    w.para(general_key)
    rows = [w.tex(general)]
    numeric = g.numeric(general)
    if numeric != general:
        rows.append(w.tex(numeric))
    w.equation(w.tex(g.z()), rows, expr=general)
    forward_where(w, case)


def running_axis(case: ConvCase) -> tuple[str, str, str] | None:
    """The output index the general sums run over, its size and the kernel size along it:
    ("i", "Ho", "k1") for rows, ("j", "Wo", "k2") when there is one row (conv1d)."""
    g = case.general
    for key, size, kernel in (("i", "Ho", "k1"), ("j", "Wo", "k2")):
        if g.extent(key) > 1:
            return key, size, kernel
    return None  # a single output entry: no index runs


def forward_where(w: Writer, case: ConvCase) -> None:
    """What the symbols of the general sum stand for, each named once, as printed in it."""
    g, base = case.general, case.nt.index_base
    k1, k2 = g.sizes["k1"], g.sizes["k2"]
    if case.spec.dims == 1:
        parts, fields = ["where_kernel_1d"], {"k": w.tex(k2)}
    elif k1 == k2:  # seed 000 writes f for both sides of a square kernel
        parts, fields = ["where_kernel_square"], {"k": w.tex(k1)}
    else:
        parts, fields = ["where_kernel"], {"k1": w.tex(k1), "k2": w.tex(k2)}
    axis = running_axis(case)
    if axis is not None:
        key, size, _ = axis
        which = "1d" if case.spec.dims == 1 else ("row" if key == "i" else "col")
        parts.append("where_runs_" + which)
        fields |= {
            "i": w.tex(g.sym[key]),
            "lo": w.tex(sympy.Integer(base)),
            "hi": w.tex(g.sizes[size] - 1 + base),
        }
    w.para((*parts, "where_end"), **fields)


def example(w: Writer, case: ConvCase, values: dict[str, Any]) -> None:
    """The derived outputs evaluated at a lecture's numbers (seed 002's NumPy check)."""
    s = case.spec
    if s.in_channels != 1 or s.out_channels != 1:
        raise SymconvError(
            "values are supported for one input channel and one filter; "
            f"the rule: in_channels = out_channels = 1, got {s.in_channels}, "
            f"{s.out_channels}"
        )
    x = _values("X", values.get("X"), case.input_hw, s.dims)
    k = _values("W", values.get("W"), s.kernel, s.dims)
    point = {
        case.entry("X", (0, i, j)): x[i][j]
        for i in range(case.input_hw[0])
        for j in range(case.input_hw[1])
    }
    point |= {
        case.entry("W", (0, 0, a, b)): k[a][b]
        for a in range(s.kernel[0])
        for b in range(s.kernel[1])
    }
    if s.bias:
        bias = values.get("b", 0)
        if isinstance(bias, bool) or not isinstance(bias, int | float):
            raise SymconvError(f"value for b {bias!r} is not allowed; the rule: a number")
        point[case.entry("b", (0,))] = sympy.nsimplify(bias)
    z = sympy.Matrix(case.ho, case.wo, lambda i, j: case.forward((0, i, j)).xreplace(point))
    shape: Callable[[sympy.Matrix], sympy.Matrix] = (
        (lambda m: m.T) if s.dims == 1 else (lambda m: m)
    )
    nt = case.nt
    w.para("example_intro")
    w.doc.blocks.append(
        _row(
            r",\quad ".join(
                f"{nt.tensor(r)} = {w.tex(shape(sympy.Matrix(v)))}" for r, v in (("X", x), ("W", k))
            ),
            prose=True,
        )
    )
    # numbers, not entries: an illustration the checker is told to skip (prose-math)
    w.equation(nt.tensor("Z"), [w.tex(shape(z))], expr=z, prose=True)


def _values(name: str, given: object, shape: tuple[int, int], dims: int) -> list[list[sympy.Expr]]:
    rows = [given] if dims == 1 and given is not None else given
    ok = (
        isinstance(rows, list)
        and len(rows) == shape[0]
        and all(isinstance(r, list) and len(r) == shape[1] for r in rows)
        and all(isinstance(v, (int, float)) for r in rows for v in r)
    )
    if not ok or not isinstance(rows, list):  # (ok says it is a list: for the checker)
        raise SymconvError(
            f"values for {name} {given!r} do not fit; the rule: numbers in the "
            f"shape {shape[1] if dims == 1 else shape}"
        )
    return [[sympy.nsimplify(v) for v in r] for r in rows]
