"""Matrix shapes stated in the notes' code blocks: ``Z = X @ W + b  # X : (4, 5), W : (5, 3)``,
``X = np.random.randn(4, 5)``, ``W = rng.standard_normal((5, 3))``, ``assert X.shape == (4,
5)``, ``W = torch.zeros(5, 3)  # (5, 3)``.

Notes written around NumPy or PyTorch code give a matrix's shape in the code rather than as
``\\mathbb{R}^{a \\times b}``.  Each of these forms states NAME's shape as (rows, columns),
the order ``X.shape`` prints: a comment ``NAME : (a, b)``, an assignment whose comment is the
bare pair (``# (a, b)``, ``# shape (a, b)``), an array created with that shape (``randn``,
``rand``, ``zeros``, ``ones``, ``empty``, ``standard_normal``, ``normal(..., size=(a, b))``),
or an ``assert NAME.shape == (a, b)``.  Only one-letter names are read (the letter the math
writes for the same matrix, X for ``X``), only pairs (a vector ``(3,)`` or a 4-tuple is no
matrix), and only inside fenced code blocks; a pair's sides are numbers or single letters
(sizes the notes name, ``(N, D)``).  Two different shapes for one name read as none.
"""

from __future__ import annotations

import re

_FENCE = re.compile(r"^\s*(```|~~~)")
_PAIR = r"\(\s*(\w+)\s*,\s*(\w+)\s*,?\s*\)"
_NAME = r"(?<![\w.])([A-Za-z])(?![\w])"
# in a comment: "X : (4, 5)", "W: (5, 3)"
_COMMENT_PAIR = re.compile(_NAME + r"\s*:\s*" + _PAIR)
# an assignment whose comment is the pair: "W = ...  # (5, 3)", "# shape: (5, 3)"
_ASSIGNED_COMMENT = re.compile(
    r"^\s*" + _NAME + r"\s*=[^#]*#\s*(?:shape\s*:?\s*|->\s*)?" + _PAIR + r"\s*$", re.I
)
_CREATORS = r"(?:randn|rand|zeros|ones|empty|standard_normal|random|random_sample)"
# "X = np.random.randn(4, 5)", "W = rng.standard_normal((5, 3))", "torch.zeros(5, 3)"
_CREATED = re.compile(
    r"^\s*"
    + _NAME
    + r"\s*=\s*(?:[A-Za-z_]\w*\.)+"
    + _CREATORS
    + r"\(\s*(?:"
    + _PAIR
    + r"|(\w+)\s*,\s*(\w+))\s*(?:,\s*(?:dtype|device|requires_grad|generator)\s*=[^()]*)?\)"
)
# "W = rng.normal(0, 1, size=(5, 3))", "np.random.uniform(-1, 1, size=(4, 5))"
_SIZED = re.compile(r"^\s*" + _NAME + r"\s*=\s*(?:[A-Za-z_]\w*\.)+\w+\([^#]*?\bsize\s*=\s*" + _PAIR)
# "assert X.shape == (4, 5)"
_ASSERTED = re.compile(r"\bassert\s+" + _NAME + r"\.shape\s*==\s*" + _PAIR)


def _code_lines(text: str) -> list[str]:
    """The lines of ``text`` inside fenced code blocks."""
    out, inside = [], False
    for row in text.split("\n"):
        if _FENCE.match(row):
            inside = not inside
            continue
        if inside:
            out.append(row)
    return out


def _side(written: str, letters: dict[str, int]) -> str | None:
    if written.isdigit():
        return written
    if re.fullmatch(r"[A-Za-z]", written):
        return str(letters[written]) if written in letters else written
    return None


def code_shapes(text: str, letters: dict[str, int]) -> dict[str, tuple[str, str]]:
    """{name: (rows, columns)} of the matrices the code blocks of ``text`` shape."""
    found: dict[str, set[tuple[str, str]]] = {}
    for row in _code_lines(text):
        code, _, comment = row.partition("#")
        pairs = [(m.group(1), m.group(2), m.group(3)) for m in _COMMENT_PAIR.finditer(comment)]
        for pattern in (_ASSIGNED_COMMENT, _SIZED, _ASSERTED):
            m = pattern.search(row)
            if m is not None:
                pairs.append((m.group(1), m.group(2), m.group(3)))
        m = _CREATED.match(code)
        if m is not None:
            pairs.append((m.group(1), m.group(2) or m.group(4), m.group(3) or m.group(5)))
        for name, rows, cols in pairs:
            sides = (_side(rows, letters), _side(cols, letters))
            if sides[0] is not None and sides[1] is not None:
                found.setdefault(name, set()).add((sides[0], sides[1]))
    return {name: next(iter(s)) for name, s in found.items() if len(s) == 1}


# "P = softmax(Z, axis=1)", "P = F.softmax(Z, dim=-1)", "P = scipy.special.softmax(Z, axis=1)",
# "P = Z.softmax(dim=1)"; tf.nn / jax.nn / keras take the last axis when none is given
_SOFTMAX_CALL = re.compile(
    r"(?<![\w.])(?P<p>[A-Za-z])\s*=\s*(?:(?P<lib>(?:[A-Za-z_]\w*\.)*)softmax\(\s*(?P<z>[A-Za-z])"
    r"|(?P<z2>[A-Za-z])\.softmax\()\s*(?:,\s*)?(?:(?:axis|dim)\s*=\s*(?P<axis>-?\d))?\s*\)"
)
_LAST_AXIS_LIBRARIES = ("tf.nn.", "tf.math.", "jax.nn.", "keras.activations.", "jnn.")


def code_softmax(text: str) -> list[tuple[int, str, str, int]]:
    """(position, P, Z, sample axis) of each 2-D softmax the code blocks of ``text`` compute
    with an axis said (axis 1 or -1: each row a distribution, samples as rows, 0; axis 0 or -2:
    samples as columns, 1)."""
    found = []
    offset = 0
    inside = False
    for row in text.split("\n"):
        if _FENCE.match(row):
            inside = not inside
        elif inside:
            for m in _SOFTMAX_CALL.finditer(row.partition("#")[0]):
                axis = m.group("axis")
                if axis is None and (m.group("lib") or "").endswith(_LAST_AXIS_LIBRARIES):
                    axis = "-1"
                if axis in ("1", "-1", "0", "-2"):
                    z = m.group("z") or m.group("z2")
                    found.append((offset + m.start(), m.group("p"), z, int(axis in ("0", "-2"))))
        offset += len(row) + 1
    return found
