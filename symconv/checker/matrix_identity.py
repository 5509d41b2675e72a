"""Identities between matrices the notes name only by their sizes.

"$\\operatorname{rot}_{180}(A \\star B) = \\operatorname{rot}_{180}(A) \\star
\\operatorname{rot}_{180}(B)$, for a $4 \\times 4$ $A$ and a $3 \\times 3$ $B$": a claim about
any two matrices of those sizes, whatever layer the notes are about.  It is judged as such
when every letter it names appears on BOTH sides (so it defines nothing in terms of
anything else: ``X \\star W = Y`` is the layer's forward pass, not an identity), every
letter's size is stated (``A \\in \\mathbb{R}^{4\\times 4}``, "a $4 \\times 4$ $A$", "$B$ of
size $3 \\times 3$", on the claim's line or above), and every operator has one meaning:
``\\star`` and ``\\operatorname{corr}`` the valid cross-correlation, ``\\operatorname{conv}``
the valid convolution, ``\\operatorname{rot}_{180}``/``\\operatorname{flip}``,
``\\operatorname{pad}_p``, ``\\operatorname{dilate}_s``, transposes, sums and signs.  A
correlation whose first operand is the smaller (where notes disagree on what it means) and
``*``, whose meaning the notes would have to say, are not read.

Each side is computed (NumPy, exact integers) at three draws of random integer matrices of
the stated sizes: the same array at every draw is "verified" (at these sizes), a different
shape or value at one draw is "wrong" with the draw's first differing entry.
"""

from __future__ import annotations

import re

import numpy as np

from symconv.checker.context import finding
from symconv.checker.limits import NotUnderstood
from symconv.checker.opparse import Op, parse_side, sides
from symconv.checker.report import VERIFIED, WRONG

_TIMES = r"\s*(?:\\times|×|x)\s*"
_STATED = (
    # A \in \mathbb{R}^{4 \times 4}
    re.compile(
        r"(?<![A-Za-z\\])([A-Z])\s*\\in\s*\\mathbb\s*\{?R\}?\s*\^\s*\{\s*(\d{1,2})"
        + _TIMES
        + r"(\d{1,2})\s*\}"
    ),
    # "a $4 \times 4$ $A$", "a 4x4 matrix $A$"
    re.compile(
        r"\$?\s*(?P<r>\d{1,2})" + _TIMES + r"(?P<c>\d{1,2})\s*\$?\s*(?:matrix|array|map)?\s*"
        r"\$\s*(?P<n>[A-Z])\s*\$"
    ),
    # "$B$ of size $3 \times 3$", "$B$ ($3 \times 3$)"
    re.compile(
        r"\$\s*(?P<n>[A-Z])\s*\$\s*(?:of size|of shape|de tamaño|de taille|\(|is|es)?\s*"
        r"\$\s*(?P<r>\d{1,2})" + _TIMES + r"(?P<c>\d{1,2})\s*\$"
    ),
)
DRAWS = 3
# a letter with an accent or a prime names another matrix than the bare letter: \tilde X
# is often the padded X (8x8 where X is 4x4), X' another example's input.  The parser
# reads the accent as a font (opparse._FONTS), so the identity would be judged between X
# and itself; such an identity is not read here
_DECORATIONS = frozenset(
    {
        "\\tilde",
        "\\widetilde",
        "\\hat",
        "\\widehat",
        "\\bar",
        "\\overline",
        "\\check",
        "\\breve",
        "\\dot",
        "\\ddot",
        "\\vec",
        "\\mathring",
        "\\prime",
        "'",
    }
)


class _Letters:
    """A notation for the parser: each named letter stands for itself."""

    def __init__(self, names: set[str]) -> None:
        self.letters = {n: n for n in names}


def stated_sizes(lines: list[str], line: int) -> dict[str, tuple[int, int]]:
    """{letter: (rows, cols)} stated on ``line`` or above, the nearest statement winning."""
    found: dict[str, tuple[int, int]] = {}
    for text in lines[: max(line, 0)]:
        for pattern in _STATED:
            for m in pattern.finditer(text):
                groups = m.groupdict()
                if groups:
                    found[groups["n"]] = (int(groups["r"]), int(groups["c"]))
                else:
                    found[m.group(1)] = (int(m.group(2)), int(m.group(3)))
    return found


def _letters(toks: list[str]) -> set[str]:
    return {t for t in toks if len(t) == 1 and t.isupper()}


def judge_identity(text: str, lines: list[str], line: int) -> dict | None:
    """The verdict on ``text`` as an identity between matrices of stated sizes, or None
    when it is not one (see the module doc)."""
    if "\\partial" in text or text.count("=") != 1:
        return None
    split = sides(text)
    if split is None:
        return None
    if _DECORATIONS & {t for side in split for t in side}:
        return None  # \tilde X = pad(X): a new matrix defined, not X equal to its padding
    left_letters, right_letters = _letters(split[0]), _letters(split[1])
    if not left_letters or left_letters != right_letters or "G" in left_letters:
        return None  # (G the parser reads as dL/dZ)
    sizes = stated_sizes(lines, line)
    if not left_letters <= set(sizes):
        return None
    notation = _Letters(left_letters)
    try:
        trees = [parse_side(side, notation) for side in split]  # type: ignore[arg-type]
        if not any(_has_operator(t) for t in trees):
            return None
        rng = np.random.default_rng(line)
        for draw in range(DRAWS):
            values = {  # drawn in the letters' order (a set's order changes between runs)
                n: rng.integers(-9, 10, size=sizes[n]).astype(np.int64)
                for n in sorted(left_letters)
            }
            left, right = (_value(t, values) for t in trees)
            if left.shape != right.shape:
                return finding(
                    WRONG,
                    f"the left side is {_shape(left)}, the right side {_shape(right)} "
                    f"(at the notes' sizes: {_sizes(sizes, left_letters)})",
                )
            if not np.array_equal(left, right):
                at = tuple(int(v) for v in np.argwhere(left != right)[0])
                return finding(
                    WRONG,
                    f"the sides differ at entry {at} for matrices drawn at random at the "
                    f"notes' sizes ({_sizes(sizes, left_letters)}; draw {draw + 1}): "
                    f"{left[at]} against {right[at]}",
                )
    except NotUnderstood:
        return None
    return finding(
        VERIFIED,
        f"holds for matrices of the notes' sizes ({_sizes(sizes, left_letters)}) at {DRAWS} "
        "random draws, every entry exact",
    )


def _has_operator(op: Op) -> bool:
    return op.kind in ("bin", "pad", "rot", "dilate", "T", "full") or any(
        _has_operator(a) for a in op.args
    )


def _shape(a: np.ndarray) -> str:
    return "×".join(str(s) for s in a.shape)


def _sizes(sizes: dict[str, tuple[int, int]], names: set[str]) -> str:
    return ", ".join(f"{n} {sizes[n][0]}×{sizes[n][1]}" for n in sorted(names))


def _corr(a: np.ndarray, k: np.ndarray) -> np.ndarray:
    kh, kw = k.shape
    oh, ow = a.shape[0] - kh + 1, a.shape[1] - kw + 1
    if oh < 1 or ow < 1:
        raise NotUnderstood("a correlation with a kernel larger than its input")
    return np.array(
        [[int(np.sum(a[i : i + kh, j : j + kw] * k)) for j in range(ow)] for i in range(oh)],
        dtype=np.int64,
    )


def _value(op: Op, values: dict[str, np.ndarray]) -> np.ndarray:
    kind = op.kind
    if kind == "tensor":
        name, grad = op.params
        if grad:
            raise NotUnderstood("a gradient in an identity")
        return values[name]
    if kind == "neg":
        return -_value(op.args[0], values)
    if kind == "add":
        left, right = (_value(a, values) for a in op.args)
        if left.shape != right.shape:
            raise NotUnderstood("a sum of matrices of different shapes")
        return left + right if op.params[0] == "+" else left - right
    if kind == "T":
        return _value(op.args[0], values).T
    if kind == "rot":
        return _value(op.args[0], values)[::-1, ::-1]
    if kind in ("pad", "dilate"):
        size = op.params[0]
        if not isinstance(size, int):
            raise NotUnderstood(f"{kind} without one number")
        inner = _value(op.args[0], values)
        if kind == "pad":
            return np.pad(inner, size)
        out = np.zeros(((inner.shape[0] - 1) * size + 1, (inner.shape[1] - 1) * size + 1), np.int64)
        out[::size, ::size] = inner
        return out
    if kind in ("bin", "full"):
        full = kind == "full"
        node = op.args[0] if full else op
        if node.kind != "bin":
            raise NotUnderstood("full of something that is not a correlation")
        symbol, options = node.params
        if options or symbol not in ("\\star", "corr", "conv"):
            raise NotUnderstood(f"{symbol}: a meaning the notes would have to state")
        a, k = (_value(x, values) for x in node.args)
        if a.shape[0] < k.shape[0] or a.shape[1] < k.shape[1]:
            raise NotUnderstood("a correlation whose first operand is the smaller")
        if symbol == "conv":
            k = k[::-1, ::-1]
        if full:
            a = np.pad(a, ((k.shape[0] - 1,) * 2, (k.shape[1] - 1,) * 2))
        return _corr(a, k)
    raise NotUnderstood(f"{kind} is not read in an identity")
