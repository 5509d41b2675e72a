"""Pooling layers as checkable truth: average pooling exactly, max pooling's forward.

Average pooling over k_h x k_w windows is the depthwise correlation whose every weight is
1/(k_h k_w): :class:`PoolModel` builds that convolution (one filter per channel, no bias,
the pool's stride, the window's size as the stride unless the notes state one) and replaces
each weight by the constant, so Z and every gradient (dL/dX = G spread evenly over each
window) are exact polynomials in X and G, judged like a convolution's.

Max pooling is not a polynomial.  Its forward entry ``z_{00} = \\max(x_{00}, x_{01}, ...)``
is checked by the set of entries the max is taken over: each output entry stands for "the
max of its window" (one symbol per window), and ``\\max`` of the entries a claim lists is
the same symbol exactly when they are the window.  Claims about how max pooling routes the
gradient depend on which entry is largest, so they are not understood (said so).
"""

from __future__ import annotations

import re
from fractions import Fraction

from symconv.checker.algebra import Poly
from symconv.checker.declared import Settings
from symconv.checker.limits import NotUnderstood
from symconv.checker.notation_options import Notation
from symconv.checker.truth import Model
from symconv.errors import SymconvError
from symconv.spec.layer import Pool
from symconv.spec.options import conv_layer


class PoolModel(Model):
    """A 2-D pooling layer (``op`` avg or max) seen through its depthwise convolution."""

    def __init__(self, op: str, settings: Settings, notation: Notation) -> None:
        get = settings.get
        kernel = get("kernel") or "2"
        channels = get("in-channels") or "1"
        spec, hw = conv_layer(
            "conv2d",
            {
                "input": get("input"),
                "kernel": kernel,
                "stride": get("stride") or kernel,
                "padding": get("padding"),
                "in_channels": channels,
                "out_channels": channels,
                "groups": channels,
                "bias": False,
            },
            "4x4",
        )
        super().__init__(spec, hw, notation)
        self.op = op
        self.weights = frozenset(int(i) for i in self.layer.tensors["W"].ids.flat)
        kh, kw = spec.kernel
        self.share = Fraction(1, kh * kw)
        self.views.pop("W", None)  # a pool has no weights a claim could name
        self._windows: dict[frozenset[int], int] = {}

    def describe_pool(self) -> str:
        spec = self.spec
        h, w = self.input_hw  # type: ignore[misc]
        return (
            f"{self.op}pool2d {h}x{w}, window {spec.kernel[0]}x{spec.kernel[1]}, "
            f"stride {spec.stride[0]}"
        )

    def _fixed(self, poly: Poly) -> Poly:
        """Every weight replaced by 1/(k_h k_w)."""
        return self.with_weights(poly, self.share)

    def with_weights(self, poly: Poly, value: Fraction) -> Poly:
        """Every weight replaced by ``value`` (a claim's constant kernel value·1)."""
        out = Poly()
        for mono, c in poly.terms.items():
            rest = tuple(v for v in mono if v not in self.weights)
            out = out + Poly({rest: c * value ** (len(mono) - len(rest))})
        return out

    def forward(self, full: tuple[int, ...]) -> Poly:
        poly = super().forward(full)
        if self.op == "max":
            window = frozenset(v for mono in poly.terms for v in mono if v not in self.weights)
            return Poly.var(self.max_of(window))
        return self._fixed(poly)

    def gradient(self, tag: str, full: tuple[int, ...]) -> Poly:
        if self.op == "max":
            raise NotUnderstood(
                "how max pooling routes the gradient depends on which entry "
                "of each window is largest; it is not checked"
            )
        return self._fixed(super().gradient(tag, full))

    def grad_pad(self, full: tuple[int, ...]) -> Poly:
        if self.op == "max":
            return self.gradient("X", full)  # not understood, as for X
        return self._fixed(super().grad_pad(full))

    def max_of(self, window: frozenset[int]) -> int:
        """One symbol per set of entries: the max taken over exactly that set."""
        if window not in self._windows:
            names = []
            for v in sorted(window):
                _, full = self.layer.table.key(v)
                names.append(f"x_{{{full[2]},{full[3]}}}")
            self._windows[window] = self.foreign("\\max(" + ", ".join(names) + ")")
        return self._windows[window]

    def variant(self, changes: dict[str, object]) -> Model | None:
        return None  # the grid of other sizes is a convolution's, not a pool's

    def batched(self) -> Model:
        """The pool with a batch of two samples: the copy's depthwise convolution has
        weights of its own, which are the ones every term replaces by 1/(k_h k_w) (with
        the single sample's, dX[n, c, h, w] kept the weights as unknowns and a correct
        claim came out wrong)."""
        found = super().batched()
        if found.weights is self.weights:  # the copy's first use
            found.weights = frozenset(int(i) for i in found.layer.tensors["W"].ids.flat)
            found.views.pop("W", None)
            found._windows = {}
        return found


def pool_model(kind: str, settings: Settings, notation: Notation) -> PoolModel:
    try:
        return PoolModel("max" if kind.startswith("max") else "avg", settings, notation)
    except SymconvError as exc:
        raise SymconvError(f"{kind}: {exc}") from None


def network_pool(spec: Pool, shape_in: tuple[int, ...], notation: Notation) -> PoolModel:
    """The pool layer of a network (its input (C, H, W) from the layer before)."""
    channels, h, w = shape_in
    return PoolModel(
        spec.op,
        Settings(
            (
                ("input", f"{h}x{w}"),
                ("kernel", f"{spec.kernel[0]}x{spec.kernel[1]}"),
                ("stride", f"{spec.stride[0]}x{spec.stride[1]}"),
                ("padding", f"{spec.padding[0]},{spec.padding[1]}"),
                ("in-channels", str(channels)),
            )
        ),
        notation,
    )


# \max_{0 \le m,n \le 1} x_{2i+m,2j+n}: the window as a range under the max
_MAX_RANGE = re.compile(
    r"\\max\s*_\s*\{\s*(\d+)\s*\\leq?\s*([a-z])\s*,\s*(?:\\[,;: ]\s*)*([a-z])\s*\\leq?\s*"
    r"(\d+)\s*\}\s*(.+?)\s*$",
    re.DOTALL,
)


def expand_window(text: str) -> str:
    """``y_{i,j} = \\max_{0 \\le m,n \\le 1} x_{2i+m,\\,2j+n}`` as the max of the window's
    entries written out (``\\max(x_{2i+0,2j+0}, x_{2i+0,2j+1}, ...)``), the form the max
    pooling layer reads; the body must be one entry."""
    m = _MAX_RANGE.search(text)
    if m is None or not re.fullmatch(r"[A-Za-z]\s*_\s*\{[^{}]*\}", m.group(5).rstrip(".,; ")):
        return text
    lo, hi, a, b = int(m.group(1)), int(m.group(4)), m.group(2), m.group(3)
    if hi - lo > 4:
        return text
    body = m.group(5).rstrip(".,; ")
    entries = [
        re.sub(
            rf"(?<![A-Za-z\\]){b}(?![A-Za-z])",
            str(v),
            re.sub(rf"(?<![A-Za-z\\]){a}(?![A-Za-z])", str(u), body),
        )
        for u in range(lo, hi + 1)
        for v in range(lo, hi + 1)
    ]
    return text[: m.start()] + "\\max(" + ", ".join(entries) + ")"
