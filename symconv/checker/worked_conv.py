"""Worked examples of a convolution with numbers: the notes give X, W (and b, G) as matrices
of numbers and claim Y, dL/dX or dL/dW as matrices.  Each claimed entry is the layer's own
derivation (Z by definition, the gradients by the chain rule, exact polynomials of
:class:`~symconv.checker.truth.Model`) evaluated at the given numbers (Fractions parsed
from the notes' text by :mod:`.worked_numbers`): exact, and about those numbers only."""

from __future__ import annotations

from fractions import Fraction

from symconv.checker.context import finding
from symconv.checker.limits import NotUnderstood
from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.worked_direct import direct_truth

_NEEDS = {"Y": ("X", "W", "b"), "dX": ("G", "W"), "dW": ("G", "X")}
_TAG = {"Y": "G", "dX": "X", "dW": "W"}  # the tensor whose grid the claimed matrix has
_WHAT = {"Y": "the output", "dX": "dL/dX", "dW": "dL/dW"}


def show_matrix(m) -> str:
    """``[1 8; 1 0]``: a matrix of exact numbers on one line."""
    return "[" + "; ".join(" ".join(str(v) for v in row) for row in m) + "]"


def is_conv(model) -> bool:
    """A one-image, one-channel 2-D layer with X, W and G (a convolution's model)."""
    layer = getattr(model, "layer", None)
    tensors = getattr(layer, "tensors", None)
    if getattr(model, "op", None) is not None or not isinstance(tensors, dict):
        return False
    if not {"X", "W", "G"} <= set(tensors):
        return False
    return all(tensors[t].ids.ndim == 4 and tensors[t].ids.shape[:2] == (1, 1) for t in "XWG")


def _values(model, given: dict, needs: tuple[str, ...]) -> dict[int, Fraction]:
    out: dict[int, Fraction] = {}
    tensors = model.layer.tensors
    for role in needs:
        if role == "b":
            if "b" not in tensors or not model.spec.bias:
                continue
            if "b" not in given:
                raise NotUnderstood("a worked example's output, but the notes give no bias b")
            out[int(tensors["b"].ids.flat[0])] = given["b"][0][0][0]
            continue
        if role not in given:
            raise NotUnderstood(f"a worked example, but the notes give no {role} as numbers")
        numbers, line = given[role]
        out.update(bind_grid(numbers, tensors[role].ids[0, 0], f"{role} (line {line})"))
    return out


def given_roles(model, given: dict) -> tuple[str, ...]:
    """The roles of ``given`` bound to the layer's entries: X, W and G, and the bias b where
    the layer has one bias entry (a worked example's ``b = 0`` or ``b = -1``: the one
    number is that entry, so an entry's truth with its bias term has a value there)."""
    roles = tuple(r for r in ("X", "W", "G") if r in given)
    bias = getattr(getattr(model, "layer", None), "tensors", {}).get("b")
    if "b" in given and bias is not None and bias.ids.size == 1 and given["b"][0] != []:
        one = given["b"][0]
        if len(one) == 1 and len(one[0]) == 1:
            roles += ("b",)
    return roles


def bind_grid(numbers, grid, what: str) -> dict[int, Fraction]:
    """{variable: number} of a matrix of numbers laid on a grid of the layer's variables,
    or not understood naming ``what`` where the shapes differ."""
    if grid.ndim != 2:  # a dense layer's vector of entries: no matrix of numbers lies on it
        raise NotUnderstood(f"the notes' {what} is a matrix, the layer's entries are not")
    if (len(numbers), len(numbers[0])) != tuple(grid.shape):
        raise NotUnderstood(
            f"the notes' {what} is {len(numbers)}x{len(numbers[0])}, the "
            f"layer's {grid.shape[0]}x{grid.shape[1]}"
        )
    return {int(grid[r, c]): v for r, row in enumerate(numbers) for c, v in enumerate(row)}


def judge_conv_numbers(model, roles: list[str], claimed, given: dict) -> dict | None:
    """The verdict of ``Y = [numbers]`` (or dL/dX, dL/dW) for a convolution's worked
    example, at the numbers the notes gave before it."""
    role = next((r for r in roles if r in _NEEDS), None)
    if role is None:
        return None
    try:
        values = _values(model, given, _NEEDS[role])
    except NotUnderstood as exc:
        if "the layer's" not in str(exc):
            raise
        # the numbers are not the layer's sizes: a smaller example (or a size misread)
        return _at_own_sizes(model, role, claimed, given)
    tensors = model.layer.tensors
    if any(  # dL/dX needs only W and G, but a given 4x4 X says the layer's 3x3 is not it
        r in given and tuple(tensors[r].ids[0, 0].shape) != (len(given[r][0]), len(given[r][0][0]))
        for r in ("X", "W", "G")
    ):
        return _at_own_sizes(model, role, claimed, given)
    grid = model.layer.tensors[_TAG[role]].ids[0, 0]
    where = ", ".join(f"{r} of line {given[r][1]}" for r in _NEEDS[role] if r in given)
    h, w = grid.shape
    truth = [[Fraction(0)] * w for _ in range(h)]
    for r in range(h):
        for c in range(w):
            full = (0, 0, r, c)
            poly = model.forward(full) if role == "Y" else model.gradient(_TAG[role], full)
            truth[r][c] = Fraction(poly.value(values))
    if (len(claimed), len(claimed[0])) != (h, w):
        return finding(
            WRONG,
            f"{_WHAT[role]} is {h}x{w}, the claim {len(claimed)}x{len(claimed[0])} "
            f"(at the {where}: these numbers only)",
        )
    for r in range(h):
        for c in range(w):
            if claimed[r][c] != truth[r][c]:
                return finding(
                    WRONG,
                    f"entry ({r + 1}, {c + 1}) of {_WHAT[role]} is {truth[r][c]}, not "
                    f"{claimed[r][c]}, at the {where} (these numbers only); the whole: "
                    + show_matrix(truth),
                )
    return finding(
        VERIFIED,
        f"every entry of {_WHAT[role]} computed exactly at the {where} (these numbers only)",
    )


def _at_own_sizes(model, role: str, claimed, given: dict) -> dict:
    """The verdict at the sizes of the notes' numbers (:mod:`.worked_direct`); a claim of
    another shape is not understood (the stride or padding read may not be the example's)."""
    bias = Fraction(0)
    if role == "Y" and model.spec.bias:
        if "b" not in given:
            raise NotUnderstood("a worked example's output, but the notes give no bias b")
        bias = given["b"][0][0][0]
    truth, where = direct_truth(model.spec, role, given, bias)
    h, w = len(truth), len(truth[0])
    if (len(claimed), len(claimed[0])) != (h, w):
        raise NotUnderstood(
            f"{_WHAT[role]} of the example's numbers is {h}x{w}, the claim "
            f"{len(claimed)}x{len(claimed[0])}: the example's stride or padding is not read"
        )
    about = f"at the {where} (these numbers only, at their own sizes)"
    for r in range(h):
        for c in range(w):
            if claimed[r][c] != truth[r][c]:
                return finding(
                    WRONG,
                    f"entry ({r + 1}, {c + 1}) of {_WHAT[role]} is {truth[r][c]}, not "
                    f"{claimed[r][c]}, {about}; the whole: {show_matrix(truth)}",
                )
    return finding(VERIFIED, f"every entry of {_WHAT[role]} computed exactly {about}")
