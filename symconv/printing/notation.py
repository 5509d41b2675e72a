"""Notation presets: how the lecture notes of the seeds write tensors, entries and gradients.

One derivation is printed in four notations, each taken from a seed document:

- ``subscript`` (seed 001): ``x_{00}``, ``w_{00}``, ``z_{r,c}``, dL/dz_{00} as a fraction;
- ``functional`` (seed 003): ``I(i+m, j+n)``, ``w(m,n)``, ``\\hat{Y}(i,j)``, correlation ``⊗``;
- ``superscript`` (seed 000): ``Z^{[1]}_{i,j,k}``, ``W^{[1]}_{m,n,c,k}``, channels last, ``dW``;
- ``onebased`` (seed 004): ``x_{11}``, ``w_{11}``, ``y_{ij}``, ``dy_{ij}``, 1-based.

A notation only decides how things are *written*; which entries exist and what they equal
comes from the derivation.  Tensor roles are the tags of :mod:`symconv.layers`: ``X``
(input), ``Xpad`` (padded input), ``W``, ``b``, ``Z`` (output) and ``G`` (= dL/dZ).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..errors import SymconvError

# Axis order of each role inside symconv (batch dropped): X (C, H, W), W (F, C, kh, kw),
# b (F,), Z and G (F, Ho, Wo).  Channels-last notations reorder to (H, W, C) and
# (kh, kw, C, F) as seed 000 writes them.
CHANNELS_LAST = {"X": (1, 2, 0), "Xpad": (1, 2, 0), "W": (2, 3, 1, 0), "b": (0,),
                 "Z": (1, 2, 0), "G": (1, 2, 0)}


@dataclass(frozen=True)
class Notation:
    """How one family of lecture notes writes the objects of a convolution."""

    name: str
    letters: dict[str, str]          # role -> letter of an entry
    tensors: dict[str, str]          # role -> the whole tensor
    style: str = "subscript"         # subscript | functional
    index_base: int = 0
    loss: str = r"\mathcal{L}"
    grad: str = "frac"               # frac: \frac{\partial L}{\partial v}; d: dv
    layer: str | None = None         # "1" gives W^{[1]}
    channels_last: bool = False
    keep_unit_axes: bool = False     # seed 000 keeps the channel axis of extent 1
    corr: str = r"\star"
    times: str = r" \cdot "          # between the factors of a product
    factors: tuple[str, ...] = ("W", "G", "X", "Xpad", "b")  # order of factors in a product
    compact_symbols: bool = False     # y_{ij} rather than y_{i,j} for one-letter indices
    matrix: str = "pmatrix"
    names: dict[str, str] = field(default_factory=dict)  # index and size names

    def with_base(self, base: int | None) -> Notation:
        if base is None:
            return self
        if base not in (0, 1):
            raise SymconvError(f"--index-base {base!r} is not allowed; the rule: 0 or 1")
        return replace(self, index_base=base)

    def with_layer(self, layer: str | None) -> Notation:
        return replace(self, layer=layer) if self.layer is not None else self

    def order(self, role: str, axes: tuple[int, ...]) -> tuple[int, ...]:
        """The axes of ``role`` in the order this notation writes them."""
        if not self.channels_last:
            return axes
        role = role[1:] if role in ("dW", "dX", "db") else role
        perm = CHANNELS_LAST.get(role, tuple(range(len(axes))))
        return tuple(a for a in perm if a in axes)

    def _layered(self, text: str, role: str) -> str:
        if self.layer is None or role in ("X", "Xpad"):
            return text
        return f"{text}^{{[{self.layer}]}}"

    def tensor(self, role: str) -> str:
        """The whole tensor: ``\\mathbf{X}``, ``I``, ``W^{[1]}``, ``x``."""
        if role == "G":
            return self.grad_tensor("Z")
        if role == "Xpad":
            return self.pad(self.tensors["X"])
        return self._layered(self.tensors[role], role)

    def pad(self, text: str) -> str:
        return f"{text}_{{\\text{{pad}}}}" if self.channels_last else f"{text}^{{\\text{{pad}}}}"

    def grad_tensor(self, role: str) -> str:
        """dL/d(tensor): ``\\frac{\\partial \\mathcal{L}}{\\partial \\mathbf{W}}`` or ``dW``."""
        inner = self.tensor(role)
        if self.grad == "d":
            return "d" + inner
        return rf"\frac{{\partial {self.loss}}}{{\partial {inner}}}"

    def entry(self, role: str, indices: list[str], compact: bool) -> str:
        """One entry from its printed indices (already in this notation's order)."""
        if role == "G":
            return self.grad_entry(self.entry("Z", indices, compact))
        if role in ("dW", "dX", "db"):  # the gradient of one entry: dL/dw_{a',b'} or dw_{mn}
            return self.grad_entry(self.entry(role[1:], indices, compact))
        letter = self.letters["X" if role == "Xpad" else role]
        if self.style == "functional":
            head = self.pad(letter) if role == "Xpad" else self._layered(letter, role)
            return f"{head}({', '.join(indices)})" if indices else head
        joined = ("" if compact else ",").join(indices)
        if role == "Xpad" and self.channels_last:  # seed 000 writes X_{pad i+m, j+n, c}
            return rf"{letter}_{{\text{{pad}},\,{joined}}}"
        head = self.pad(letter) if role == "Xpad" else self._layered(letter, role)
        return f"{head}_{{{joined}}}" if indices else head

    def grad_entry(self, entry: str) -> str:
        """dL/d(entry): ``\\frac{\\partial \\mathcal{L}}{\\partial z_{00}}`` or ``dz_{00}``."""
        if self.grad == "d":
            return "d" + entry
        return rf"\frac{{\partial {self.loss}}}{{\partial {entry}}}"

    def partial(self, top: str, bottom: str) -> str:
        return rf"\frac{{\partial {top}}}{{\partial {bottom}}}"


def _names(**overrides: str) -> dict[str, str]:
    """Index names (output rows/cols, kernel rows/cols, channel, filter, input rows/cols)."""
    base = {"i": "i", "j": "j", "a": "m", "b": "n", "c": "c", "f": "k", "t": "i'", "u": "j'",
            "H": "H", "W": "W", "k1": "k_1", "k2": "k_2", "Ho": r"H_{\text{out}}",
            "Wo": r"W_{\text{out}}", "C": r"C_{\text{in}}", "F": r"C_{\text{out}}",
            "s": "s", "p": "p", "d": "d"}
    base.update(overrides)
    return base


PRESETS: dict[str, Notation] = {
    "subscript": Notation(
        "subscript", {"X": "x", "W": "w", "b": "b", "Z": "z"},
        {"X": r"\mathbf{X}", "W": r"\mathbf{W}", "b": "b", "Z": r"\mathbf{Z}"},
        names=_names(i="r", j="c", a="a", b="b", c="q", f="f", t="i", u="j")),
    "functional": Notation(
        "functional", {"X": "I", "W": "w", "b": "b", "Z": r"\hat{Y}"},
        {"X": "I", "W": "w", "b": "b", "Z": r"\hat{Y}"}, style="functional", loss="L",
        corr=r"\otimes", times=" ", factors=("X", "Xpad", "G", "W", "b"), names=_names()),
    "superscript": Notation(
        "superscript", {"X": "X", "W": "W", "b": "b", "Z": "Z"},
        {"X": "X", "W": "W", "b": "b", "Z": "Z"}, grad="d", layer="1", channels_last=True,
        keep_unit_axes=True, times=" ", factors=("W", "X", "Xpad", "G", "b"),
        names=_names(H="h", W="w", k1="f", k2="f", Ho=r"h_{\text{out}}",
                     Wo=r"w_{\text{out}}", C=r"c_{\text{in}}", F=r"c_{\text{out}}")),
    "onebased": Notation(
        "onebased", {"X": "x", "W": "w", "b": "b", "Z": "y"},
        {"X": "x", "W": "w", "b": "b", "Z": "y"}, index_base=1, loss="L", grad="d",
        times=" ", factors=("W", "X", "Xpad", "G", "b"), compact_symbols=True,
        matrix="bmatrix", names=_names(a="k", b="l", c="c", f="f", t="m", u="n")),
}


def notation(name: str, index_base: int | None = None) -> Notation:
    """A preset by name, optionally with another index base."""
    if name not in PRESETS:
        raise SymconvError(f"notation {name!r} is unknown; the rule: one of "
                           f"{', '.join(PRESETS)}")
    return PRESETS[name].with_base(index_base)
