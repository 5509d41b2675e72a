"""Identities between compositions of pooling and ReLU applied to one map:
``\\operatorname{maxpool}(\\operatorname{ReLU}(Z)) =
\\operatorname{ReLU}(\\operatorname{maxpool}(Z))`` ("max pooling commutes with a monotone
activation"), ``\\text{avgpool}(\\max(0, X)) = \\max(0, \\text{avgpool}(X))`` (it does not:
averaging a negative and a positive entry).

Both sides are computed exactly (Fractions) at random integer maps, for the window the prose
names and for other windows (2x2 stride 2, 3x3 stride 1, 2x2 stride 1): a claim that holds at
every draw for every window is verified (at those draws: ReLU and the pools are piecewise
linear, so two compositions that differ somewhere differ on an open set of inputs, which
random draws meet); one that fails for every window is wrong, with a map where it fails; one
that holds for some windows only is not understood (which window the notes mean decides it).
"""

from __future__ import annotations

import random
import re
from fractions import Fraction

from symconv.checker.context import finding
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.worked_conv import show_matrix
from symconv.checker.worked_numbers import Matrix, Pool, _sides
from symconv.checker.worked_pool_names import UNREAD, pool_words, relu

_NAMES = {
    "relu": "relu",
    "maxpool": "max",
    "maxpooling": "max",
    "avgpool": "avg",
    "avgpooling": "avg",
    "averagepool": "avg",
    "averagepooling": "avg",
    "meanpool": "avg",
    "meanpooling": "avg",
}
_CALL = re.compile(
    r"(?:\\(?:operatorname|text|mathrm|mathit|textrm)\s*)?\{?\s*([A-Za-z][A-Za-z_-]*)\s*\}?"
    r"\s*\((.*)\)"
)
_RELU_MAX = re.compile(r"\\max\s*\(\s*0\s*,(.*)\)")
_LETTER = re.compile(r"\\?(?:mathbf\s*\{\s*)?([A-Za-z])\s*\}?")
_SPACES = re.compile(r"\\left|\\right|\\[,;:! ]|\s+")
WINDOWS = (((2, 2), (2, 2)), ((3, 3), (1, 1)), ((2, 2), (1, 1)))
DRAWS, SIDE = 12, 6


def _chain(side: str) -> tuple[list[str], str] | None:
    """(maps from the outermost, the letter) of ``maxpool(ReLU(Z))``, else None."""
    side = _SPACES.sub("", side)
    maps: list[str] = []
    for _ in range(8):
        m = _RELU_MAX.fullmatch(side)
        if m is not None:
            maps.append("relu")
            side = m.group(1)
            continue
        m = _CALL.fullmatch(side)
        if m is not None:
            name = _NAMES.get(m.group(1).lower().replace("_", "").replace("-", ""))
            if name is None:
                return None
            maps.append(name)
            side = m.group(2)
            continue
        m = _LETTER.fullmatch(side)
        return (maps, m.group(1)) if m is not None and maps else None
    return None


def _apply(maps: list[str], x: Matrix, window) -> Matrix:
    for name in reversed(maps):
        if name == "relu":
            x = relu(x)
        else:
            kernel, stride = window
            if len(x) < kernel[0] or len(x[0]) < kernel[1]:
                return []
            x = Pool(name, kernel, stride, (0, 0, 0, 0), (len(x), len(x[0]))).forward(x)
    return x


def judge_map_identity(text: str, document: str, line: int, prefix: str) -> dict | None:
    """The verdict of ``f(g(Z)) = g(f(Z))`` for ReLU and pools (None: not such a claim)."""
    sides = _sides(text)
    if len(sides) != 2 or "(" not in text:
        return None
    chains = [_chain(side) for side in sides]
    if any(c is None for c in chains):
        return None
    (left, a), (right, b) = chains  # type: ignore[misc]
    if a != b or not ({"max", "avg"} & set(left + right)):
        return None
    named = pool_words(document.split("\n"), line, prefix)
    stated = named.section_window or named.document_window
    windows = [stated] if stated not in (None, UNREAD) else []
    windows += [w for w in WINDOWS if w not in windows]
    rng = random.Random(len(text))
    fails: dict = {}
    for window in windows:
        for _ in range(DRAWS):
            x = [[Fraction(rng.randint(-9, 9)) for _ in range(SIDE)] for _ in range(SIDE)]
            one, two = _apply(left, x, window), _apply(right, x, window)
            if one != two:
                fails[window] = (x, one, two)
                break
    shown = ", ".join(f"{k[0]}x{k[1]} stride {s[0]}" for k, s in windows)
    if not fails:
        return finding(
            VERIFIED,
            f"both sides agree at {DRAWS} random {SIDE}x{SIDE} maps for each window ({shown})",
        )
    if len(fails) < len(windows):
        held = [w for w in windows if w not in fails]
        return finding(
            NOT_UNDERSTOOD,
            f"it holds for the window {held[0][0][0]}x{held[0][0][1]} stride {held[0][1][0]} "
            "but not for others; which window the claim is about is not read",
        )
    window = windows[0]
    x, one, two = fails[window]
    return finding(
        WRONG,
        f"the two sides differ (window {window[0][0]}x{window[0][1]}, stride {window[1][0]}; "
        f"it fails for every window tried: {shown}): at {a} = {show_matrix(x)} the left side "
        f"is {show_matrix(one)}, the right {show_matrix(two)}",
    )
