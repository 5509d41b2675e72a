"""Notation presets: how the lecture notes of the seeds write tensors, entries and gradients.

One :class:`Notation` per preset both prints and reads: ``symconv derive`` writes with it and
``symconv check`` reads with the same object (:mod:`symconv.checker.notation_options` only adds the
reading helpers: ``--names``, ``--sizes``), so what the printer writes is what the checker
expects.  One derivation is printed in four notations, each taken from a seed document:

- ``subscript`` (seed 001): ``x_{00}``, ``w_{00}``, ``z_{r,c}``, dL/dz_{00} as a fraction;
- ``functional`` (seed 003): ``I(i+m, j+n)``, ``w(m,n)``, ``\\hat{Y}(i,j)``, correlation ``⊗``;
- ``superscript`` (seed 000): ``Z^{[1]}_{i,j,k}``, ``W^{[1]}_{m,n,c,k}``, channels last, ``dW``;
- ``onebased`` (seed 004): ``x_{11}``, ``w_{11}``, ``y_{ij}``, ``dy_{ij}``, 1-based.

A notation only decides how things are *written* (and so how they are read); which entries
exist and what they equal comes from the derivation.  Tensor roles are the tags of
:mod:`symconv.layers`: ``X`` (input), ``Xpad`` (padded input), ``W``, ``b``, ``Z`` (output)
and ``G`` (= dL/dZ).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from symconv.errors import SymconvError

CORR_VALID = ("correlation", "valid")
CORR_FULL = ("correlation", "full")
CONV_FULL = ("convolution", "full")
_CORR_ALL = {
    "*": CORR_VALID,
    "\\ast": CORR_VALID,
    "\\star": CORR_VALID,
    "\\otimes": CORR_VALID,
    "\\circledast": CORR_VALID,
}
# Letters a reader takes for each role (besides the ones the preset prints).
_SUBSCRIPT_READS = {
    "x": "X",
    "X": "X",
    "w": "W",
    "W": "W",
    "b": "b",
    "z": "Z",
    "Z": "Z",
    "y": "Z",
    "Y": "Z",
    "g": "G",
}
# What the printer's size names (``names``: H, k_1, H_{\text{out}}, ...) stand for.
_SIZE_KEYS = {
    "H": "in_h",
    "W": "in_w",
    "k1": "k_h",
    "k2": "k_w",
    "Ho": "out_h",
    "Wo": "out_w",
    "C": "c_in",
    "F": "c_out",
    "s": "stride",
    "p": "pad",
    "d": "dilation",
}
# A 1-D layer's sizes are printed as n, k, n_{\text{out}} (see notes.general.ConvGeneral).
ONE_D_NAMES = {"k2": "k", "W": "n", "Wo": r"n_{\text{out}}"}
_ONE_D_KEYS = {"k2": "k_len", "W": "in_len", "Wo": "out_len"}
_INDEX_KEYS = ("i", "j", "a", "b", "c", "f", "t", "u")

# Written on a line of its own before displays that are prose-math (a figure, a worked
# example's numbers): ``<!-- symconv: prose-math -->`` in Markdown, ``% symconv: prose-math``
# in LaTeX.  ``symconv check`` skips the math from there to the next blank line, uncounted.
PROSE_MARK = "symconv: prose-math"

# Axis order of each role inside symconv (batch dropped): X (C, H, W), W (F, C, kh, kw),
# b (F,), Z and G (F, Ho, Wo).  Channels-last notations reorder to (H, W, C) and
# (kh, kw, C, F) as seed 000 writes them.
CHANNELS_LAST = {
    "X": (1, 2, 0),
    "Xpad": (1, 2, 0),
    "W": (2, 3, 1, 0),
    "b": (0,),
    "Z": (1, 2, 0),
    "G": (1, 2, 0),
}


@dataclass(frozen=True)
class Notation:
    """How one family of lecture notes writes the objects of a convolution."""

    name: str
    symbols: dict[str, str]  # role -> letter of an entry, as printed
    tensors: dict[str, str]  # role -> the whole tensor
    style: str = "subscript"  # subscript | functional
    index_base: int = 0
    channel_base: int = 0  # seed 000 counts channels from 1, rows from 0
    loss: str = r"\mathcal{L}"
    grad: str = "frac"  # frac: \frac{\partial L}{\partial v}; d: dv
    layer: str | None = None  # "1" gives W^{[1]}
    channels_last: bool = False
    keep_unit_axes: bool = False  # seed 000 keeps the channel axis of extent 1
    corr: str = r"\star"
    times: str = r" \cdot "  # between the factors of a product
    factors: tuple[str, ...] = ("W", "G", "X", "Xpad", "b")  # order of factors in a product
    compact_symbols: bool = False  # y_{ij} rather than y_{i,j} for one-letter indices
    matrix: str = "pmatrix"
    names: dict[str, str] = field(default_factory=dict)  # index and size names
    # --- reading: what a letter and an operator mean in notes written this way
    letters: dict[str, str] = field(default_factory=lambda: dict(_SUBSCRIPT_READS))
    operators: dict[str, tuple[str, str]] = field(default_factory=lambda: dict(_CORR_ALL))
    # size symbols the notes name themselves ("the filter has width W"): name -> quantity
    named_sizes: tuple[tuple[str, str], ...] = ()
    # a dense layer's W written in x out (Z = XW + b, Keras), not PyTorch's out x in
    dense_in_by_out: bool = False

    @property
    def functional(self) -> bool:
        """``I(i, j)`` and ``y[i]`` are index applications."""
        return self.style == "functional"

    @property
    def layout(self) -> str:
        """``chw`` (PyTorch's order) or ``hwc`` (seed 000)."""
        return "hwc" if self.channels_last else "chw"

    def with_base(self, base: int | None) -> Notation:
        """The same notation with another index base (``--index-base``); a preset whose
        channels count from another base than its rows (seed 000) keeps its channel base."""
        if base is None:
            return self
        if base not in (0, 1):
            raise SymconvError(f"--index-base {base!r} is not allowed; the rule: 0 or 1")
        channel = self.channel_base if self.channel_base != self.index_base else base
        return replace(self, index_base=base, channel_base=channel)

    def base(self, role: str, axis: int) -> int:
        """The first printed value of ``role``'s internal ``axis`` (channels may differ)."""
        role = role[1:] if role in ("dW", "dX", "db") else role
        channels = {"X": (0,), "Xpad": (0,), "W": (0, 1), "b": (0,), "Z": (0,), "G": (0,)}
        return self.channel_base if axis in channels.get(role, ()) else self.index_base

    def size_names(self) -> dict[str, str]:
        """The size symbols this notation prints, as a reader writes them (``H_out``,
        ``k_1``, 1-D ``n_out``) -> the layer quantity they stand for; names the notation
        also uses as indices are left out (functional's ``n`` is a kernel index)."""
        indices = {self.names.get(k) for k in _INDEX_KEYS}
        found: dict[str, str] = {}
        for key, quantity in _SIZE_KEYS.items():
            name = plain_name(self.names.get(key, ""))
            if not name:
                continue
            # seed 000's f is both kernel sides: the square kernel's side
            found[name] = "k" if found.get(name, quantity) != quantity else quantity
        found |= {plain_name(ONE_D_NAMES[k]): q for k, q in _ONE_D_KEYS.items()}
        return {n: q for n, q in found.items() if n not in indices}

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
        letter = self.symbols["X" if role == "Xpad" else role]
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


def plain_name(text: str) -> str:
    """``H_{\\text{out}}`` -> ``H_out``, ``k_1`` -> ``k_1``: a size name as the reader
    writes it (:mod:`symconv.checker.written_names`)."""
    for old, new in ((r"\text{", ""), ("{", ""), ("}", ""), (" ", "")):
        text = text.replace(old, new)
    return text


def _names(**overrides: str) -> dict[str, str]:
    """Index names (output rows/cols, kernel rows/cols, channel, filter, input rows/cols)."""
    base = {
        "i": "i",
        "j": "j",
        "a": "m",
        "b": "n",
        "c": "c",
        "f": "k",
        "t": "i'",
        "u": "j'",
        "H": "H",
        "W": "W",
        "k1": "k_1",
        "k2": "k_2",
        "Ho": r"H_{\text{out}}",
        "Wo": r"W_{\text{out}}",
        "C": r"C_{\text{in}}",
        "F": r"C_{\text{out}}",
        "s": "s",
        "p": "p",
        "d": "d",
    }
    base.update(overrides)
    return base


PRESETS: dict[str, Notation] = {
    "subscript": Notation(
        "subscript",
        {"X": "x", "W": "w", "b": "b", "Z": "z"},
        {"X": r"\mathbf{X}", "W": r"\mathbf{W}", "b": "b", "Z": r"\mathbf{Z}"},
        names=_names(i="r", j="c", a="a", b="b", c="q", f="f", t="i", u="j"),
    ),
    "functional": Notation(
        "functional",
        {"X": "I", "W": "w", "b": "b", "Z": r"\hat{Y}"},
        {"X": "I", "W": "w", "b": "b", "Z": r"\hat{Y}"},
        style="functional",
        loss="L",
        corr=r"\otimes",
        times=" ",
        factors=("X", "Xpad", "G", "W", "b"),
        names=_names(),
        letters={
            "I": "X",
            "x": "X",
            "X": "X",
            "w": "W",
            "W": "W",
            "b": "b",
            "Y": "Z",
            "y": "Z",
            "F": "Z",
            "Z": "Z",
            "z": "Z",
        },
        operators={
            "*": CONV_FULL,
            "\\ast": CONV_FULL,
            "\\circledast": CONV_FULL,
            "\\otimes": CORR_VALID,
            "\\star": CORR_VALID,
        },
    ),
    "superscript": Notation(
        "superscript",
        {"X": "X", "W": "W", "b": "b", "Z": "Z"},
        {"X": "X", "W": "W", "b": "b", "Z": "Z"},
        grad="d",
        layer="1",
        channels_last=True,
        channel_base=1,
        keep_unit_axes=True,
        times=" ",
        factors=("W", "X", "Xpad", "G", "b"),
        names=_names(
            H="h",
            W="w",
            k1="f",
            k2="f",
            Ho=r"h_{\text{out}}",
            Wo=r"w_{\text{out}}",
            C=r"c_{\text{in}}",
            F=r"c_{\text{out}}",
        ),
        letters={"X": "X", "x": "X", "W": "W", "b": "b", "Z": "Z", "z": "Z", "A": "A"},
        operators={
            "*": CORR_FULL,
            "\\ast": CORR_FULL,
            "\\star": CORR_VALID,
            "\\otimes": CORR_VALID,
        },
    ),
    "onebased": Notation(
        "onebased",
        {"X": "x", "W": "w", "b": "b", "Z": "y"},
        {"X": "x", "W": "w", "b": "b", "Z": "y"},
        index_base=1,
        channel_base=1,
        loss="L",
        grad="d",
        times=" ",
        factors=("W", "X", "Xpad", "G", "b"),
        compact_symbols=True,
        matrix="bmatrix",
        names=_names(a="k", b="l", c="c", f="f", t="m", u="n"),
    ),
}


def notation(name: str, index_base: int | None = None) -> Notation:
    """A preset by name, optionally with another index base."""
    if name not in PRESETS:
        raise SymconvError(f"notation {name!r} is unknown; the rule: one of {', '.join(PRESETS)}")
    return PRESETS[name].with_base(index_base)
