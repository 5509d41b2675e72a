"""The output's gradient written with the output's own tag: ``G_{mat}`` beside ``Y_{mat} =
W_{mat} X_{col}``, ``\\delta_{mat}`` beside ``Z_{mat}``.

Notes that turn a convolution into a matrix product name each reshaped matrix by a tag
(``X_{col}``, ``W_{row}``, ``Y_{mat}``), and the upstream gradient reshaped like the output
carries the output's tag: "with $G_{mat} \\in \\mathbb{R}^{128 \\times 3136}$ the output
gradient of one image, $\\partial L / \\partial W_{mat} = G_{mat} X_{col}^\\top$".  The letter
is one of the conventional names of dL/d(output) (G, Delta, delta: matrix_world's
GRADIENT_LETTERS) or the notes' own letter for the output tensor's gradient (``G_{n,i,j,f}``
for ``\\partial L / \\partial Y_{n,i,j,f}``, an alias of Y whose tag names Y_mat).

It is read as dL/d(output) only where nothing says otherwise: its stated shape, if any, must
be the output's (the two are unioned, which may fix a size the definition leaves open: the
columns of X_col from G_mat's); a shape that contradicts the output's leaves the name
unknown (the claim is then left to other readers, as before).
"""

from __future__ import annotations

from symconv.checker.matrix_shapes import Sizes
from symconv.checker.matrix_world import GRADIENT_LETTERS, Notes


def tagged_gradients(notes: Notes, sizes: Sizes) -> frozenset[str]:
    """The names ``<gradient letter>_<tag>`` of dL/d(output) for an output ``<Y>_<tag>``;
    their stated shapes are unioned with the output's in ``sizes``."""
    output = notes.forward.output
    if "_" not in output:
        return frozenset()
    base, tag = output.split("_", 1)
    letters = set(GRADIENT_LETTERS) | {a for a, t in notes.aliases.items() if t == base}
    found = set()
    for letter in sorted(letters - {base}):
        name = f"{letter}_{tag}"
        dims = notes.shapes.get(name)
        if dims is not None and not _fits(sizes, output, dims):
            continue
        if dims is not None:
            for axis, dim in enumerate(dims):
                key = (name, axis)
                sizes.fix(key, int(dim) if dim.isdigit() else dim)
                sizes.union((output, axis), key)
        found.add(name)
    return frozenset(found)


def _fits(sizes: Sizes, output: str, dims: tuple[str, ...]) -> bool:
    if len(dims) != 2:
        return False
    for axis, dim in enumerate(dims):
        value = sizes.value[sizes.find((output, axis))]
        stated = int(dim) if dim.isdigit() else dim
        if value is not None and value != stated:
            return False
    return True
