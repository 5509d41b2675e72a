"""Which way a dense layer's notes lay out their vectors, and the flag that reads whole
vectors as columns (``z = Wx + b``) while a claim is judged (set here, read where a whole
tensor is built, indexing.py).

The checker's tensors lay the samples out as rows (``Z = XW^T + b``, PyTorch's layout);
lecture notes as often write column vectors, where the same gradients are transposed
products.  Where the notes say which ("column vector", a forward pass ``z = Wx + b``), claims
are read their way; where they do not, a claim right in one layout only is not understood.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from contextvars import ContextVar

from symconv.checker.context import Context, finding
from symconv.checker.limits import NotUnderstood, SkipInstance, Wrong
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.spec.layer import Dense

COLUMNS: ContextVar[bool] = ContextVar("columns", default=False)

_COLUMNS = re.compile(
    r"column vectors?|vectores? columna|\bper column\b|\bpor columna\b|"
    r"\$\s*(?:\\mathbf\s*\{\s*[zZ]\s*\}|[zZ])\s*=\s*(?:\\mathbf\s*\{\s*W\s*\}|W)\s*"
    r"(?:\\mathbf\s*\{\s*[xXaA]\s*\}|[xXaA])\s*\+",
    re.IGNORECASE,
)
_ROWS = re.compile(
    r"row vectors?|vectores? fila|as rows|rows of|en (?:las )?filas|\bper row\b|"
    # "(dense layer, rows are samples)", "one example per row"
    r"rows are (?:the )?(?:samples|examples)|(?:one|a) (?:sample|example) per row|"
    r"\bpor fila\b|(?:\\mathbf\s*\{\s*[XxAa]\s*\}|\b[XxAa])\s*(?:\\mathbf\s*\{\s*W\s*\}|W)"
    r"\s*\^\s*\{?\s*(?:T|\\top)",
    re.IGNORECASE,
)


# read once per document: every claim asks it of the same whole document
@functools.lru_cache(maxsize=16)
def layout(document: str) -> str | None:
    """``columns``, ``rows`` or None: what the notes say of their vectors."""
    columns, rows = bool(_COLUMNS.search(document)), bool(_ROWS.search(document))
    if columns == rows:
        return None
    return "columns" if columns else "rows"


def in_layout(judge: Callable[[], dict], ctx: Context) -> dict:
    """``judge()`` of an element-wise claim in the notes' layout: with the vectors as columns
    where they use columns; where they say nothing, with rows, and a claim wrong with rows
    but right with columns is not understood."""
    model = ctx.model
    dense = model is not None and isinstance(model.spec, Dense)
    said = ctx.extras.get("layout") if dense else "rows"
    if said == "rows":
        return judge()
    if said is None:  # rows, PyTorch's layout, unless only columns make the claim right
        found = judge()
        if found["status"] != WRONG:
            return found
    token = COLUMNS.set(True)
    try:
        other = _guard(judge) if said is None else judge()
    finally:
        COLUMNS.reset(token)
    if said == "columns" or other is None:
        return other if other is not None else judge()
    if other["status"] == VERIFIED:
        return finding(
            NOT_UNDERSTOOD,
            "it holds with the vectors as columns, not as rows (PyTorch's layout), and the "
            "notes do not say which (write 'column vector' or the forward pass z = Wx + b)",
        )
    return found


def _guard(judge: Callable[[], dict]) -> dict | None:
    try:
        return judge()
    except (NotUnderstood, Wrong, SkipInstance):
        return None
