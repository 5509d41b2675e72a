"""A convolution's worked example at the sizes of its own numbers.

Notes often work a smaller case than the layer they derive ("To verify the formulas we take a
smaller case: $X$ of size $3 \\times 3$, $K$ of size $2 \\times 2$"), or the layer read from
their prose has a size that belongs to another sentence ("a shifted $3\\times3$ block of
$X$").  The numbers themselves say the example's sizes: X is h x w, the kernel kh x kw, and
the layer's stride, padding, dilation and mode (what the notes state) give the rest.  The
output, dL/dW and dL/dX are then the definitions, computed exactly in
:class:`~fractions.Fraction`:

    Y[i, j]  = sum_{u,v} Xp[i s + u d, j s + v d] W[u, v] + b       (Xp: X zero-padded)
    dW[u, v] = sum_{i,j} G[i, j] Xp[i s + u d, j s + v d]            (chain rule through Y)
    dXp[i s + u d, j s + v d] += G[i, j] W[u, v]; dX = dXp without the padding

(a "convolution" mode flips the kernel first).  Where the given G does not have the output's
shape at these numbers, the example is not this layer's, and nothing is claimed.
"""

from __future__ import annotations

from fractions import Fraction

from symconv.checker.limits import NotUnderstood

Matrix = list[list[Fraction]]


class DirectConv:
    """One channel of a 2-D convolution with the layer's stride, padding, dilation, mode."""

    def __init__(self, spec, hw: tuple[int, int], khw: tuple[int, int]) -> None:
        self.stride, self.dilation, self.padding = spec.stride, spec.dilation, spec.padding
        self.flip = getattr(spec, "mode", "correlation") == "convolution"
        self.hw, self.khw = hw, khw
        (pt, pb, pl, pr), (sh, sw), (dh, dw) = self.padding, self.stride, self.dilation
        reach_h, reach_w = dh * (khw[0] - 1) + 1, dw * (khw[1] - 1) + 1
        self.out = ((hw[0] + pt + pb - reach_h) // sh + 1, (hw[1] + pl + pr - reach_w) // sw + 1)
        if min(self.out) < 1:
            raise NotUnderstood("the example's kernel is larger than its padded input")

    def _kernel(self, w: Matrix) -> Matrix:
        return [row[::-1] for row in w[::-1]] if self.flip else w

    def taps(self):
        """(i, j, u, v, a, b): output (i, j) reads input (a, b) (unpadded, maybe outside)
        through kernel entry (u, v)."""
        (pt, _, pl, _), (sh, sw), (dh, dw) = self.padding, self.stride, self.dilation
        for i in range(self.out[0]):
            for j in range(self.out[1]):
                for u in range(self.khw[0]):
                    for v in range(self.khw[1]):
                        yield i, j, u, v, i * sh + u * dh - pt, j * sw + v * dw - pl

    def _inside(self, a: int, b: int) -> bool:
        return 0 <= a < self.hw[0] and 0 <= b < self.hw[1]

    def forward(self, x: Matrix, w: Matrix, bias: Fraction) -> Matrix:
        k = self._kernel(w)
        y = [[bias] * self.out[1] for _ in range(self.out[0])]
        for i, j, u, v, a, b in self.taps():
            if self._inside(a, b):
                y[i][j] += x[a][b] * k[u][v]
        return y

    def kernel_gradient(self, x: Matrix, g: Matrix) -> Matrix:
        dk = [[Fraction(0)] * self.khw[1] for _ in range(self.khw[0])]
        for i, j, u, v, a, b in self.taps():
            if self._inside(a, b):
                dk[u][v] += g[i][j] * x[a][b]
        return [row[::-1] for row in dk[::-1]] if self.flip else dk

    def input_gradient(self, w: Matrix, g: Matrix) -> Matrix:
        k = self._kernel(w)
        dx = [[Fraction(0)] * self.hw[1] for _ in range(self.hw[0])]
        for i, j, u, v, a, b in self.taps():
            if self._inside(a, b):
                dx[a][b] += g[i][j] * k[u][v]
        return dx


def _shape(m: Matrix) -> tuple[int, int]:
    return len(m), len(m[0])


def direct_truth(spec, role: str, given: dict, bias: Fraction) -> tuple[Matrix, str]:
    """(the exact value of the output ("Y"), dL/dW ("dW") or dL/dX ("dX"), the lines of the
    numbers used) at the sizes of the notes' numbers; NotUnderstood naming what is missing."""
    needs = {"Y": ("X", "W"), "dW": ("X", "G"), "dX": ("W", "G")}[role]
    missing = [r for r in needs if r not in given]
    if missing:
        raise NotUnderstood(
            f"a worked example, but the notes give no {' and no '.join(missing)} as numbers"
        )
    if role == "dX" and "X" not in given and spec.stride != (1, 1):
        raise NotUnderstood("dL/dX of a strided example, but the notes give no X: its size")
    kernel = _shape(given["W"][0]) if "W" in given else tuple(spec.kernel)
    if "X" in given:
        hw = _shape(given["X"][0])
    else:  # stride 1: the input is the output grown by the kernel's reach, less the padding
        (oh, ow), (pt, pb, pl, pr) = _shape(given["G"][0]), spec.padding
        (dh, dw) = spec.dilation
        hw = (oh + dh * (kernel[0] - 1) - pt - pb, ow + dw * (kernel[1] - 1) - pl - pr)
    conv = DirectConv(spec, hw, kernel)
    if "G" in given and _shape(given["G"][0]) != conv.out:
        g = given["G"][0]
        raise NotUnderstood(
            f"the notes' G (line {given['G'][1]}) is {len(g)}x{len(g[0])}, the output of their "
            f"{hw[0]}x{hw[1]} X and {kernel[0]}x{kernel[1]} kernel is {conv.out[0]}x{conv.out[1]}"
        )
    where = ", ".join(f"{r} of line {given[r][1]}" for r in needs)
    if role == "Y":
        return conv.forward(given["X"][0], given["W"][0], bias), where
    if role == "dW":
        return conv.kernel_gradient(given["X"][0], given["G"][0]), where
    return conv.input_gradient(given["W"][0], given["G"][0]), where
