"""A stack of dense layers written with layer marks and one example per column, as course
notes write it: ``\\mathbf{W}^{[1]} \\in \\mathbb{R}^{3\\times 4}``, ``Z^{[l]} = W^{[l]}
A^{[l-1]} + b^{[l]}``, ``A^{[l]} = \\sigma(Z^{[l]})``, a mini-batch of ``m`` columns, the mean
cost ``J = \\frac{1}{m} \\sum_i \\mathcal{L}^{(i)}``.

The network is read from the notes' own statements: each ``W^{[l]}`` membership gives layer
l's sizes (they must chain: W^{[l]} is n_l x n_{l-1}), ``m = 5`` (or X's columns) the batch,
the activation the one the prose names.  What ``dZ^{[l]}`` means is the notes' choice and
is read, never tried: the gradient of one example's loss per column ("$i$-th column is
$\\partial \\mathcal{L}^{(i)}/\\partial z^{(i)}$", "not divided by m"), or of the mean cost J
("$dZ = \\partial J/\\partial Z$"); without either the claims are not understood.  dW and db
are the gradients of J.

Truth: the forward pass and the chain rule written out below in NumPy, on random values
(three draws); each side of a claim is evaluated on the same values (:mod:`.dense_terms`)
and compared entry by entry.  A verdict says it was checked at those values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from symconv.checker.context import finding
from symconv.checker.dense_activation import activate, derivative
from symconv.checker.dense_terms import Misfit, Side
from symconv.checker.limits import NotUnderstood
from symconv.checker.report import VERIFIED, WRONG

_W = re.compile(
    r"(?:\\mathbf\s*\{\s*W\s*\}|(?<![A-Za-z\\])W)\s*\^\s*\{\s*\[\s*(\d)\s*\]\s*\}\s*"
    r"\\in\s*\\mathbb\s*\{?\s*R\s*\}?\s*\^\s*\{\s*(\d+)\s*\\times\s*(\d+)\s*\}"
)
_BATCH = re.compile(r"(?<![A-Za-z\\])m\s*=\s*(\d{1,3})\b")
_COLUMNS = re.compile(
    r"examples? (?:are|as) columns|columns? convention|one (?:example|sample) per column|"
    r"(?:ejemplos?|muestras?) (?:son|como|por) columnas?|una columna por (?:ejemplo|muestra)",
    re.IGNORECASE,
)
_PER_EXAMPLE = re.compile(
    r"not divided by \$?m|sin dividir (?:entre|por) \$?m|per example|por ejemplo\b"
    r"|\\partial\s*\\mathcal\s*\{\s*L\s*\}\s*\^\s*\{\s*\(i\)\s*\}",
    re.IGNORECASE,
)
_MEAN_DZ = re.compile(
    r"dZ\s*\^\s*\{\s*\[\s*l\s*\]\s*\}\s*(?:=|:=)\s*(?:\\frac\s*\{\s*)?\\partial\s*J", re.I
)
_MEAN_COST = re.compile(r"J\s*=\s*\\frac\s*\{\s*1\s*\}\s*\{\s*m\s*\}\s*\\sum")
_ACTIVATIONS = {"sigmoid": "sigmoid", "sigmoide": "sigmoid", "relu": "relu", "tanh": "tanh"}
_NAMED = re.compile(r"\b(sigmoid|sigmoide|relu|tanh)\b", re.IGNORECASE)
DRAWS = 3


@dataclass(frozen=True)
class DenseNet:
    """Sizes n_0 .. n_L, the batch m, the activation, and whether dZ is per example."""

    sizes: tuple[int, ...]
    batch: int
    activation: str
    per_example: bool

    def describe(self) -> str:
        arrows = " -> ".join(str(n) for n in self.sizes)
        return f"dense {arrows}, {self.activation}, a batch of {self.batch} as columns"


def network_of(document: str) -> DenseNet | None:
    """The notes' stack of dense layers, or None when they do not describe one."""
    shapes = {int(m.group(1)): (int(m.group(2)), int(m.group(3))) for m in _W.finditer(document)}
    if len(shapes) < 2 or sorted(shapes) != list(range(1, len(shapes) + 1)):
        return None
    sizes = [shapes[1][1]]
    for layer in range(1, len(shapes) + 1):
        rows, cols = shapes[layer]
        if cols != sizes[-1]:
            return None  # W^{[l]} must take layer l-1's units: not a stack read this way
        sizes.append(rows)
    batch = _BATCH.search(document)
    if batch is None or not _COLUMNS.search(document):
        return None
    kinds = {_ACTIVATIONS[k.lower()] for k in _NAMED.findall(document)}
    activation = kinds.pop() if len(kinds) == 1 else ""
    per_example = bool(_MEAN_COST.search(document) and _PER_EXAMPLE.search(document))
    if not per_example and not _MEAN_DZ.search(document):
        activation = activation and activation + "?"  # what dZ means is not stated
    return DenseNet(tuple(sizes), int(batch.group(1)), activation, per_example)


def values(net: DenseNet, seed: int) -> dict[tuple[str, int], np.ndarray]:
    """Every tensor of the network at one random draw: (name, layer) -> matrix, with the
    upstream dZ^{[L]} drawn too.  The backward pass is the chain rule of J = (1/m) sum_i
    L^(i): per column for dZ and dA when the notes define them per example, of J otherwise;
    dW and db of J."""
    if net.activation not in ("sigmoid", "tanh", "relu"):
        raise NotUnderstood(
            "a stack of dense layers, but the notes do not name one activation, or do not "
            "say whether dZ is the gradient of one example's loss or of the mean cost"
        )
    rng = np.random.default_rng(seed)
    m, n, last = net.batch, net.sizes, len(net.sizes) - 1
    out: dict[tuple[str, int], np.ndarray] = {("A", 0): rng.normal(size=(n[0], m))}
    for layer in range(1, last + 1):
        out[("W", layer)] = rng.normal(size=(n[layer], n[layer - 1]))
        out[("b", layer)] = rng.normal(size=(n[layer], 1))
        out[("Z", layer)] = out[("W", layer)] @ out[("A", layer - 1)] + out[("b", layer)]
        out[("A", layer)] = activate(net.activation, out[("Z", layer)])
    out[("dZ", last)] = rng.normal(size=(n[last], m))  # given: the upstream gradient
    for layer in range(last, 0, -1):
        dz = out[("dZ", layer)]
        mean = 1.0 / m if net.per_example else 1.0
        out[("dW", layer)] = mean * dz @ out[("A", layer - 1)].T
        out[("db", layer)] = mean * dz.sum(axis=1, keepdims=True)
        out[("dA", layer - 1)] = out[("W", layer)].T @ dz
        if layer > 1:
            local = derivative(net.activation, out[("Z", layer - 1)])
            out[("dZ", layer - 1)] = out[("dA", layer - 1)] * local
    return out


_INPUT_SHAPE = re.compile(r"\s*(?:\\mathbf\s*\{\s*X\s*\}|X)\s*\\in\s*\\mathbb")
_MARKED = re.compile(r"\^\s*\{\s*\[\s*\d\s*\]")
_MEMBER = re.compile(
    r"\\in\s*\\mathbb\s*\{?\s*R\s*\}?\s*\^\s*\{\s*(\d+)\s*\\times\s*(\d+)\s*\}\s*[.,;]?\s*$"
)


def judge_marked(text: str, document: str, base: int) -> dict | None:
    """The verdict of a claim with layer marks in notes about a stack of dense layers
    (None: the notes describe no such stack, or the claim has no mark)."""
    if not (_MARKED.search(text) or _INPUT_SHAPE.match(text)):
        return None  # X \in R^{4 x 5}: the network's input, whose mark is [0]
    net = network_of(document)
    if net is None:
        return None
    member = _MEMBER.search(text)
    body = text[: member.start()] if member else text
    sides = _top_sides(body)
    shape = (int(member.group(1)), int(member.group(2))) if member else None
    if len(sides) < 2 and shape is None:
        return None  # a name alone claims nothing
    return judge_sides(sides, net, base, shape)


def _top_sides(text: str) -> list[str]:
    out, depth, cur = [], 0, []
    for ch in text:
        depth += (ch in "{(") - (ch in "})")
        if ch == "=" and depth == 0:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    out.append("".join(cur))
    return [o.strip().rstrip(",.;") for o in out]


def judge_sides(sides: list[str], net: DenseNet, base: int, shape=None) -> dict:
    """Every side (and a stated shape) against the first, on the same random draws."""
    for seed in range(DRAWS):
        at = values(net, seed)
        found = []
        for k, side in enumerate(sides, start=1):
            try:
                found.append(Side(side, at, net.batch, base, net.activation).whole())
            except Misfit as exc:
                if k == 1:
                    raise
                return finding(WRONG, f"side {k} does not fit: {exc} ({net.describe()})")
        first = found[0]
        if shape is not None and first.shape != shape:
            return finding(
                WRONG, f"it is {_shape(first)}, not {shape[0]}x{shape[1]}, in {net.describe()}"
            )
        for k, other in enumerate(found[1:], start=2):
            if first.shape != other.shape:
                return finding(
                    WRONG,
                    f"side {k} is {_shape(other)}, side 1 {_shape(first)} in the notes' "
                    f"network ({net.describe()})",
                )
            bad = ~np.isclose(first, other, rtol=1e-9, atol=1e-12)
            if bad.any():
                r, c = (int(v) for v in np.argwhere(bad)[0])
                return finding(
                    WRONG,
                    f"side {k} differs at row {r + 1}, column {c + 1}: {other[r, c]:.6g} "
                    f"against {first[r, c]:.6g}, at random values of the notes' network "
                    f"({net.describe()})",
                )
    what = f"is {shape[0]}x{shape[1]}" if shape is not None and len(sides) == 1 else "holds"
    return finding(
        VERIFIED,
        f"{what} at {DRAWS} random draws of the notes' network ({net.describe()}), every "
        "entry: checked at those values, not proved symbolically",
    )


def _shape(a: np.ndarray) -> str:
    return f"{a.shape[0]}x{a.shape[1]}"
