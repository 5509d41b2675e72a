"""Entries outside the assumed layer: not understood, with the directive that would fix it.

``w_3`` in notes whose kernel size the checker only assumed (a default, or the largest
index seen elsewhere) says that the assumption is wrong, not that the student is: such an
equation is ``not-understood``, with the one directive line, ready to paste, that makes
the entry exist.  Where the notes themselves (or the user) state the size, as seed 004
writes ``W = [w_1; w_2]`` and then uses ``w_3``, the entry contradicts the notes and the
verdict stays ``wrong``.
"""

from __future__ import annotations

import re

from symconv.checker.declared import LayerConfig, Settings
from symconv.checker.infer import POOLS
from symconv.checker.report import NOT_UNDERSTOOD, WRONG

_NAME = re.compile(r"^(d?)([A-Za-z])(?:\^\{[^{}]*\})?(?:_\{?([0-9][0-9, ]*)\}?|\(([0-9, ]+)\))")
_ROLE_KEY = {"X": "input", "W": "kernel", "Z": "output", "G": "output"}
_OUTSIDE = re.compile(r"(\S+) (?:is not an entry|are not entries) of this layer")
_LEFT = re.compile(r"^(\S+) is not an entry of this layer's")


def explain(
    found: dict,
    settings: Settings,
    letters: dict[str, str],
    base: int,
    stated: set[str],
    latex: bool,
) -> dict:
    """``found`` unchanged, or made not-understood with a directive to paste."""
    message = found.get("message", "")
    left = _LEFT.match(message) if found["status"] == NOT_UNDERSTOOD else None
    right = _OUTSIDE.search(message) if found["status"] == WRONG else None
    if left is None and right is None:
        return found
    names = (left or right).group(1).rstrip(",").split(",")
    needs = [n for n in (_needs(name, letters, base) for name in names) if n]
    if not needs:
        return found
    if right is not None and all(_key(role) in stated for role, _ in needs):
        return found  # the notes state that size: using more is the student's mistake
    directive = _directive(settings, needs, latex)
    if directive is None:
        return found
    reason = message if left is not None else f"{', '.join(names)} lies outside the assumed layer"
    return {
        "status": NOT_UNDERSTOOD,
        "message": f"{reason.split('; are the layer options right?')[0]}; if the notes "
        f"mean a larger layer, add the line: {directive}",
    }


def _key(role: str) -> str:
    return _ROLE_KEY.get(role, role)


def _needs(name: str, letters: dict[str, str], base: int) -> tuple[str, list[int]] | None:
    m = _NAME.match(name.strip())
    if m is None:
        return None
    role = letters.get(m.group(2))
    if role is None:
        return None
    digits = (m.group(3) or m.group(4) or "").replace(" ", "")
    values = (
        [int(d) for d in digits.split(",")]
        if "," in digits or m.group(4)
        else [int(d) for d in digits]
    )
    return role, [v - base + 1 for v in values]


def _directive(settings: Settings, needs: list[tuple[str, list[int]]], latex: bool) -> str | None:
    config = LayerConfig(settings)
    if config.network or (settings.get("layer") or "").lower() in POOLS or config.kind == "dense":
        return None  # a directive sizes a convolution only
    spec, (h, w) = config.conv_spec()
    size = [w] if spec.dims == 1 else [h, w]
    kernel = [spec.kernel[1]] if spec.dims == 1 else list(spec.kernel)
    stride = [spec.stride[1]] if spec.dims == 1 else list(spec.stride)
    for role, extent in needs:
        if len(extent) != len(size):
            return None
        for axis, n in enumerate(extent):
            if role == "X":
                size[axis] = max(size[axis], n)
            elif role == "W":
                kernel[axis] = max(kernel[axis], n)
                size[axis] = max(size[axis], kernel[axis])
            elif role in ("Z", "G"):  # dy_3 lives on y's grid: a longer input makes it
                out = spec.output_shape((spec.in_channels, h, w))[-len(size) :][axis]
                size[axis] += max(0, n - out) * stride[axis]
    words = [
        f"layer={config.kind}",
        "input=" + "x".join(map(str, size)),
        "kernel=" + "x".join(map(str, kernel)),
    ]
    notation = settings.get("notation") or "subscript"
    usual = {
        "notation": "subscript",
        "index-base": "1" if notation == "onebased" else "0",
        "stride": "1",
        "padding": "0",
        "mode": "correlation",
    }
    for key in (
        "stride",
        "padding",
        "in-channels",
        "out-channels",
        "mode",
        "notation",
        "index-base",
    ):
        value = settings.get(key)
        if value is not None and value != usual.get(key):  # only what differs from usual
            words.append(f"{key}={value}")
    if not config.bias():
        words.append("no-bias")
    body = "symconv: " + " ".join(words)
    return f"% {body}" if latex else f"<!-- {body} -->"
