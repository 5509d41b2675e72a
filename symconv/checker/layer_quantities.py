"""The quantities of one layer a numbers-only count may be, beyond its parameter count and its
output sides: the entries of its weight tensor ("the weight tensor alone has $|W| = 108$
entries", "¿Cuántas entradas tiene $\\partial L/\\partial W^{(2)}$?"), the number of values its
output holds ("valores que hay que guardar: $8 \\cdot 48 \\cdot 48 = 18432$"), and the
multiplications one input costs it ("Multiplicaciones de conv1: ... = 460800").

Why the truths hold:
- a convolution's weight is F x C/g x kh x kw (its gradient has the same shape), a dense
  layer's out x in: the parameter count less one bias per output;
- a layer's output holds the product of its output shape;
- each output value of a convolution is a sum of (C/g)·kh·kw products, so one input costs
  out-numel · (C/g)·kh·kw multiplications; a dense layer costs in·out.
"""

from __future__ import annotations

import re

from symconv.spec.layer import Conv, Dense, Layer, Shape

# the words that name each quantity, in English, Spanish, German and French
_MULTS = re.compile(
    r"\b(?:multiplica\w*|multiplikation\w*|products|productos|produits|MACs?|"
    r"multiply[- ]adds?|multiply[- ]accumulates?)\b",
    re.I,
)
_WEIGHT = re.compile(r"\b(?:weights?|pesos?|Gewicht\w*|poids)\b|\|\s*W\s*\|", re.I)
_ENTRIES = re.compile(
    r"\b(?:entries|entradas|elements?|elementos|Einträge|Elemente|éléments|coefficients|"
    r"coeficientes|numbers|números)\b|\|\s*W\s*\|",
    re.I,
)
_BIAS = re.compile(r"\b(?:bias\w*|sesgos?|biais)\b", re.I)
_VALUES = re.compile(
    r"\b(?:valores|values|Werte|valeurs|activations?|activaciones|activaciones)\b", re.I
)
_STORED = re.compile(
    r"\b(?:guardar|store[ds]?|storing|kept|keep|memory|memoria|speichern|m[ée]moire|"
    r"salidas|outputs?|Ausgabe\w*|sorties?)\b",
    re.I,
)


def extra_quantity(*texts: str) -> str | None:
    """ "mults", "weights" or "numel" by the words of the first text that names one, or None
    (then the count is a parameter count or a size, read elsewhere)."""
    for text in texts:
        plain = re.sub(r"\$[^$]*\$", " $ ", text)
        if _MULTS.search(plain):
            return "mults"
        if _WEIGHT.search(text) and _ENTRIES.search(text) and not _BIAS.search(plain):
            return "weights"
        if _VALUES.search(plain) and _STORED.search(plain):
            return "numel"
    return None


def _product(shape: Shape) -> int:
    n = 1
    for s in shape:
        n *= s
    return n


def layer_quantity(
    spec: Layer, shape_in: Shape, shape_out: Shape, quantity: str
) -> tuple[int, tuple[int, ...]] | None:
    """(the true value, the numbers a computation of it writes) of the quantity for the
    layer, or None when the layer has no such quantity."""
    if quantity == "numel":
        return _product(shape_out), tuple(shape_out)
    if isinstance(spec, Conv):
        per_output = spec.group_in * spec.kernel[0] * spec.kernel[1]
        if quantity == "weights":
            return spec.out_channels * per_output, (spec.out_channels,)
        if quantity == "mults":
            return _product(shape_out) * per_output, tuple(shape_out[1:])
    if isinstance(spec, Dense) and quantity in ("weights", "mults"):
        both = spec.in_features * spec.out_features
        return both, (spec.in_features, spec.out_features)
    return None


def describe(quantity: str, name: str, value: int) -> str:
    """How a message names the quantity of the layer."""
    return {
        "weights": f"the weight of {name} has {value} entries",
        "numel": f"the output of {name} holds {value} values",
        "mults": f"{name} costs {value} multiplications per input",
    }[quantity]
