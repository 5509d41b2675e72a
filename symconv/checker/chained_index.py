"""Array indexing written as in code: ``x[n][i][j]`` is the entry ``x[n, i, j]``.

Students who think in NumPy or C write one bracket per axis.  The reader knows one index
list per tensor (``x_{n,i,j}``, ``x[n, i, j]``, ``x(n, i, j)``), and without this rewrite
``x[n][i][j]`` is ``x[n]`` followed by two bracketed factors: one index, then nonsense.
The brackets are merged only where they follow a name (a letter, a closing brace, a
prime) and hold index expressions, never a relation, so an Iverson bracket
``\\mathbb{1}[y > 0]`` or a bracketed group of terms is left as written.
"""

from __future__ import annotations

import re

_LIST = r"\[[^\[\]=<>$\\]*(?:\\[a-zA-Z]+[^\[\]=<>$\\]*)*\]"  # [n], [i+m], [p-m], [\ell]
_CHAIN = re.compile(r"(?<=[A-Za-z}'])(" + _LIST + r")((?:\s*" + _LIST + r")+)")
_RELATION_WORD = re.compile(r"\\(?:le|leq|ge|geq|neq|ne|in|notin|lt|gt)(?![A-Za-z])")


def merge_chained(text: str) -> str:
    """``text`` with each run of brackets after a name joined into one index list."""
    if "][" not in text.replace(" ", ""):
        return text

    def join(m: re.Match[str]) -> str:
        parts = [m.group(1), *re.findall(_LIST, m.group(2))]
        inner = [p[1:-1].strip() for p in parts]
        if any(not s or _RELATION_WORD.search(s) for s in inner):
            return str(m.group(0))
        return "[" + ", ".join(inner) + "]"

    return _CHAIN.sub(join, text)


def one_map_layer(model: object) -> None:
    """In notes that state a batch, a layer of one input and one output channel reads
    ``x[0][i][j]`` (and x_{0,i,j}) as sample 0: the channel index of a one-channel layer
    is never written, so reading it as the channel would judge a claim that drops the
    batch at one sample and call it verified."""
    spec = getattr(model, "spec", None)
    if getattr(spec, "in_channels", None) == 1 and getattr(spec, "out_channels", None) == 1:
        model.prefer_batch = True  # type: ignore[attr-defined]
