"""Figures: each output's receptive field (seed 001, figure 1) and the sliding window.

A figure is data (grids of printed entries and which cells to colour); each renderer
draws it its own way: coloured table cells in LaTeX (colortbl) and HTML, coloured
entries in an ``array`` in Markdown, which GitHub and Jupyter render with MathJax.
"""

from __future__ import annotations

import sympy

from symconv.notes.case import ConvCase
from symconv.notes.document import Grid
from symconv.notes.writer import Writer


def padded_cells(case: ConvCase) -> list[list[str]]:
    """The padded input of channel 0 as printed entries; padding cells are 0."""
    top, _, left, _ = case.spec.padding
    height, width = case.padded
    rows: list[list[str]] = []
    for r in range(height):
        row: list[str] = []
        for c in range(width):
            i, j = r - top, c - left
            inside = 0 <= i < case.input_hw[0] and 0 <= j < case.input_hw[1]
            row.append(_tex(case, case.entry("X", (0, i, j))) if inside else "0")
        rows.append(row)
    return rows


def _tex(case: ConvCase, expr: sympy.Basic) -> str:
    from symconv.printing import latex

    return latex(expr, case.ctx)


def kernel_cells(case: ConvCase, f: int = 0) -> list[list[str]]:
    """The kernel as the forward reads it (rotated by 180 degrees in convolution mode)."""
    kh, kw = case.spec.kernel
    flip = case.spec.mode == "convolution"
    return [
        [
            _tex(
                case, case.entry("W", (f, 0, kh - 1 - a if flip else a, kw - 1 - b if flip else b))
            )
            for b in range(kw)
        ]
        for a in range(kh)
    ]


def window_marks(case: ConvCase, outs: list[tuple[int, int, int]]) -> list[list[int]]:
    """1 for cells of the first window, 2 for the second, 3 for cells in both."""
    height, width = case.padded
    marks = [[0] * width for _ in range(height)]
    for bit, out in zip((1, 2), outs, strict=False):
        for _, r, c in case.window(out):
            marks[r][c] |= bit
    return marks


def _consistent(case: ConvCase, out: tuple[int, int, int]) -> None:
    """The highlighted cells are exactly the X entries in the derived Z[out] (a check)."""
    top, _, left, _ = case.spec.padding
    cells = {
        case.entry("X", (ch, r - top, c - left))
        for ch, r, c in case.window(out)
        if 0 <= r - top < case.input_hw[0] and 0 <= c - left < case.input_hw[1]
    }
    xs = {v for v in case.forward(out).free_symbols if case.ctx.entries.get(v, ("",))[0] == "X"}
    if cells != xs:
        raise AssertionError(f"window of {out} {cells} differs from the derivation {xs}")


def receptive_fields(w: Writer, case: ConvCase) -> None:
    cells, kernel = padded_cells(case), kernel_cells(case)
    zeros = [[0] * len(kernel[0]) for _ in kernel]
    panels: list[list[Grid | str]] = []
    for out in case.outputs():
        if out[0] != 0:  # one filter shows every window; the others read the same cells
            continue
        _consistent(case, out)
        panels.append(
            [
                f"{_tex(case, case.entry('Z', out))} =",
                Grid(cells, window_marks(case, [out])),
                case.nt.corr,
                Grid(kernel, zeros),
            ]
        )
    if not _fit(panels):
        # Too wide beside the input: the kernel, the same in every row, is drawn once above
        # and named in the rows (rotated in convolution mode, as kernel_cells draws it).
        name = case.nt.tensor("W")
        if case.spec.mode == "convolution":
            name = rf"\operatorname{{rot}}_{{180^{{\circ}}}}\left({name}\right)"
        above: list[list[Grid | str]] = [[f"{name} =", Grid(kernel, zeros)]]
        panels = above + [[*row[:2], f"{case.nt.corr} {name}"] for row in panels]
    if not _fit(panels):
        return
    w.figure(panels, "fig_receptive", X=case.nt.tensor("X"), W=case.nt.tensor("W"))


# A figure row has no equation number beside it: the whole text width, less a margin for
# the estimate's error.
FIGURE_WIDTH = 440.0


def _fit(panels: list[list[Grid | str]]) -> bool:
    """Every row of the figure fits the page (a grid cannot be broken across lines)."""
    from symconv.notes.render_md import grid_tex
    from symconv.notes.rows import fits

    return all(
        fits(r" \quad ".join(grid_tex(p) if isinstance(p, Grid) else p for p in row), FIGURE_WIDTH)
        for row in panels
    )


def sliding_window(w: Writer, case: ConvCase) -> None:
    """Two neighbouring windows: the stride moves them, the dilation spreads their taps."""
    outs = case.outputs()
    first = outs[0]
    second = next((o for o in outs if o[0] == 0 and o[1] == 0 and o[2] == 1), None) or next(
        (o for o in outs if o[0] == 0 and o[1] == 1), first
    )
    if second == first:  # one window: nothing slides, and the caption would name it twice
        return
    marks = window_marks(case, [first, second])
    panels: list[list[Grid | str]] = [[Grid(padded_cells(case), marks)]]
    if not _fit(panels):
        return
    s = case.spec
    w.figure(
        panels,
        "fig_sliding",
        z1=_tex(case, case.entry("Z", first)),
        z2=_tex(case, case.entry("Z", second)),
        s=str(sympy.Integer(s.stride[1])),
        d=str(sympy.Integer(s.dilation[1])),
    )
