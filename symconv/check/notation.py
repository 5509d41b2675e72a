"""Notations: what a letter, an index and an operator mean in a family of lecture notes.

The seeds disagree, so the checker cannot guess; the notation says it:

==============  =====================================  ===========  ======================
notation        tensors (input, kernel, bias, output)  indices      ``*`` / ``\\otimes``
==============  =====================================  ===========  ======================
subscript       x X, w W, b, z Z y Y (seed 001)        0-based      correlation (valid)
onebased        the same (seed 004)                    1-based      correlation (valid)
functional      I x X, w W, b, Y F Z (seed 003, 002)   0-based,     convolution (full) /
                ``I(i, j)``, ``y[i]`` index too                     correlation (valid)
superscript     X, W, b, Z, A; ``Z^{[1]}_{i,j,k}``     spatial 0,   correlation (full) /
                (seed 000), layout H, W, C             channel 1    correlation (valid)
==============  =====================================  ===========  ======================

"Correlation (valid)" of two arrays slides the smaller over the larger without padding, in
either operand order (seed 001 writes ``X * W``, seed 003 ``w \\otimes I``); "full" pads
the larger by the smaller's extent minus one; "convolution" flips the smaller first.  Seed
000 calls ``dZ * rot180(W)`` a full *convolution* in the deep-learning sense, which is a
full correlation; that is what its notation means by ``*``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from ..errors import SymconvError

CORR_VALID = ("correlation", "valid")
CORR_FULL = ("correlation", "full")
CONV_FULL = ("convolution", "full")

_CORR_ALL = {"*": CORR_VALID, "\\ast": CORR_VALID, "\\star": CORR_VALID,
             "\\otimes": CORR_VALID, "\\circledast": CORR_VALID}


@dataclass(frozen=True)
class Notation:
    name: str
    index_base: int
    channel_base: int
    layout: str                          # "chw" (PyTorch order) or "hwc" (seed 000)
    letters: dict[str, str]              # letter -> role: X, W, b, Z, G, A
    operators: dict[str, tuple[str, str]]
    functional: bool = False             # I(i, j) and y[i] are index applications
    sizes: frozenset[str] = field(default_factory=frozenset)  # extra size-symbol names
    # size symbols the notes name themselves ("the filter has width W"): name -> quantity
    named_sizes: tuple[tuple[str, str], ...] = ()

    def with_base(self, base: int | None) -> Notation:
        """The same notation with another index base (``--index-base``)."""
        if base is None or base == self.index_base:
            return self
        channel = self.channel_base if self.name == "superscript" else base
        return dataclasses.replace(self, index_base=base, channel_base=channel)


_SUBSCRIPT_LETTERS = {"x": "X", "X": "X", "w": "W", "W": "W", "b": "b", "z": "Z", "Z": "Z",
                      "y": "Z", "Y": "Z", "g": "G"}

NOTATIONS = {
    "subscript": Notation("subscript", 0, 0, "chw", _SUBSCRIPT_LETTERS, _CORR_ALL),
    "onebased": Notation("onebased", 1, 1, "chw", _SUBSCRIPT_LETTERS, _CORR_ALL),
    "functional": Notation(
        "functional", 0, 0, "chw",
        {"I": "X", "x": "X", "X": "X", "w": "W", "W": "W", "b": "b", "Y": "Z", "y": "Z",
         "F": "Z", "Z": "Z", "z": "Z"},
        {"*": CONV_FULL, "\\ast": CONV_FULL, "\\circledast": CONV_FULL,
         "\\otimes": CORR_VALID, "\\star": CORR_VALID},
        functional=True),
    "superscript": Notation(
        "superscript", 0, 1, "hwc",
        {"X": "X", "x": "X", "W": "W", "b": "b", "Z": "Z", "z": "Z", "A": "A"},
        {"*": CORR_FULL, "\\ast": CORR_FULL, "\\star": CORR_VALID, "\\otimes": CORR_VALID},
        sizes=frozenset({"h", "w", "f"})),
}

LOSS_LETTERS = frozenset({"L", "J", "E", "C", "\\ell"})  # C: the cost, as in Nielsen's book


def notation(name: str, index_base: int | None = None) -> Notation:
    """The named notation, optionally with another index base; bad names are user errors."""
    found = NOTATIONS.get(name)
    if found is None:
        raise SymconvError(f"--notation {name!r} is unknown; the rule: one of "
                           f"{', '.join(NOTATIONS)}")
    if index_base not in (None, 0, 1):
        raise SymconvError(f"--index-base {index_base!r} is not allowed; the rule: 0 or 1")
    return found.with_base(index_base)


ROLES = {"X": "the input", "W": "the kernel", "b": "the bias", "Z": "the output",
         "G": "the upstream gradient"}


def with_names(base: Notation, names: str) -> Notation:
    """``a=X,k=W,O=Z``: letters the notes use for the layer's tensors, added to ``base``."""
    letters = dict(base.letters)
    for pair in names.split(","):
        letter, sep, role = pair.strip().partition("=")
        bare = letter.rstrip("'")  # \omega' (loliot.net's kernel) keeps its prime
        if not sep or role not in ROLES or not (
                (len(bare) == 1 and bare.isalpha()) or bare.startswith("\\")):
            raise SymconvError(f"names {pair!r} is not allowed; the rule: letter=ROLE pairs "
                               f"with ROLE one of {', '.join(ROLES)}, e.g. a=X,k=W")
        letters[letter] = role
    return dataclasses.replace(base, letters=letters)


def with_sizes(base: Notation, sizes: str, one_dimensional: bool) -> Notation:
    """``W=kernel,L=input``: size symbols the notes define, as this layer's quantities."""
    quantity = {"kernel": "k_len" if one_dimensional else "k",
                "input": "in_len" if one_dimensional else None,
                "input-height": "in_h", "input-width": "in_w",  # "an $m\\times n$ image"
                "kernel-height": "k_h", "kernel-width": "k_w"}
    named = []
    for pair in sizes.split(","):
        name, sep, what = pair.strip().partition("=")
        if not sep or what not in quantity or not name.isalpha():
            raise SymconvError(f"sizes {pair!r} is not allowed; the rule: NAME=kernel or "
                               "NAME=input pairs (or input-height, input-width, kernel-height, "
                                  "kernel-width), e.g. W=kernel,L=input")
        if quantity[what] is not None:
            named.append((name, quantity[what]))
    return dataclasses.replace(base, named_sizes=tuple(named))
