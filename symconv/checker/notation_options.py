"""Reading with a notation: what a letter, an index and an operator mean in a family of notes.

The notations themselves are the printer's presets (:mod:`symconv.printing.notation`): the
object that writes ``x_{00}`` is the one that reads it.  This module adds what only a
reader needs: the notes' own letters (``--names``) and size symbols (``--sizes``), and the
loss letters.  The seeds disagree, so the checker cannot guess; the notation says it:

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
import re

from symconv.errors import SymconvError
from symconv.printing.notation import CONV_FULL, CORR_FULL, CORR_VALID, PRESETS, Notation

__all__ = [
    "CONV_FULL",
    "CORR_FULL",
    "CORR_VALID",
    "LOSS_LETTERS",
    "NOTATIONS",
    "Notation",
    "notation",
    "with_names",
    "with_sizes",
]

# The printer's presets are the reader's: one object per notation writes and reads.
NOTATIONS = PRESETS

LOSS_LETTERS = frozenset({"L", "J", "E", "C", "\\ell"})  # C: the cost, as in Nielsen's book


def notation(name: str, index_base: int | None = None) -> Notation:
    """The named notation, optionally with another index base; bad names are user errors."""
    found = NOTATIONS.get(name)
    if found is None:
        raise SymconvError(
            f"--notation {name!r} is unknown; the rule: one of {', '.join(NOTATIONS)}"
        )
    return found.with_base(index_base)


ROLES = {
    "X": "the input",
    "W": "the kernel",
    "b": "the bias",
    "Z": "the output",
    "G": "the upstream gradient",
}


def with_names(base: Notation, names: str) -> Notation:
    """``a=X,k=W,O=Z``: letters the notes use for the layer's tensors, added to ``base``."""
    letters = dict(base.letters)
    for pair in names.split(","):
        letter, sep, role = pair.strip().partition("=")
        bare = letter.rstrip("'")  # \omega' (loliot.net's kernel) keeps its prime
        if (
            not sep
            or role not in ROLES
            or not ((len(bare) == 1 and bare.isalpha()) or bare.startswith("\\"))
        ):
            raise SymconvError(
                f"names {pair!r} is not allowed; the rule: letter=ROLE pairs "
                f"with ROLE one of {', '.join(ROLES)}, e.g. a=X,k=W"
            )
        letters[letter] = role
    return dataclasses.replace(base, letters=letters)


# the output size named after the input's name: N -> N_out, N_{\text{out}}, N', N_o
_OUTPUT_FORMS = ("{}_out", "{}'", "{}_o", "{}_output")


def with_sizes(
    base: Notation, sizes: str, one_dimensional: bool, square_input: bool = False
) -> Notation:
    """``W=kernel,L=input``: size symbols the notes define, as this layer's quantities.
    The side of a square 2-D input ("input size $N$" for a 6x6 image) is its height (and
    width); of a non-square one it is not read.  The input's name with "out" (``N_{out}``,
    ``N'``) is the output's size along the same axis."""
    side = "in_len" if one_dimensional else "in_h" if square_input else None
    quantity = {
        "kernel": "k_len" if one_dimensional else "k",
        "input": side,
        "input-height": "in_h",
        "input-width": "in_w",  # "an $m\\times n$ image"
        "kernel-height": "k_h",
        "kernel-width": "k_w",
        "params": "params",  # "the number of parameters is $P = ...$"
        # letters the notes bind themselves (letter_sizes.py): T, O, B, R ...
        "output": "out_len" if one_dimensional else "out_h" if square_input else None,
        "output-height": "out_h",
        "output-width": "out_w",
        "in-channels": "c_in",
        "out-channels": "c_out",
        "batch": "batch",
        "in-features": "n_in",
    }
    named = []
    for pair in sizes.split(","):
        name, sep, what = pair.strip().partition("=")
        if not sep or what not in quantity or not re.fullmatch(r"[A-Za-z]+(?:_[A-Za-z]+)?'?", name):
            raise SymconvError(
                f"sizes {pair!r} is not allowed; the rule: NAME=kernel or "
                "NAME=input pairs (or input-height, input-width, kernel-height, "
                "kernel-width, output, output-height, output-width, in-channels, "
                "out-channels, batch, in-features), e.g. W=kernel,L=input"
            )
        if quantity[what] is not None:
            named.append((name, quantity[what]))
        if what == "input" and side is not None:
            out = "out_len" if one_dimensional else "out_h"
            named += [(form.format(name), out) for form in _OUTPUT_FORMS]
    return dataclasses.replace(base, named_sizes=tuple(named))
