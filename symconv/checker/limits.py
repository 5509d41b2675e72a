"""Size and work limits of the checker, and the two ways a statement can stop early.

User files are untrusted input: every loop the checker runs is bounded by one of these
numbers, so a hostile or accidental input costs at most a few seconds and ends with a
verdict (``not-understood``, naming the limit), never a hang or a traceback.
"""

from __future__ import annotations

import time

MAX_EQUATION_CHARS = 2_000  # one statement
MAX_BLOCK_CHARS = 20_000  # one $$...$$ block or environment, before splitting
MAX_DEPTH = 30  # bracket nesting of one statement
MAX_STATEMENTS = 5_000  # per file
MAX_TERMS = 3_000_000  # polynomial terms built while checking one statement
MAX_SUM_RANGE = 4_096  # iterations of one \sum
MAX_INSTANCES = 200  # values of the free indices checked (corners + a sample)
GRID_INSTANCES = 48  # the same, at each of the other sizes of the grid
SECONDS_PER_STATEMENT = 8.0  # wall-clock bound for one statement, grid included
SECONDS_PER_FILE = 300.0  # after this, the remaining statements are not checked
MAX_LAYER_TERMS = 5_000_000  # a layer whose derivation is larger is refused


class NotUnderstood(Exception):
    """The statement cannot be checked; the message says why (becomes the verdict)."""


class FractionalIndex(NotUnderstood):
    """An index computed from indices is not a whole number (``dy_{(m-k+3)/2}``, the
    stride's gaps): the entry is absent, a zero where the zero convention holds."""


class Wrong(Exception):
    """The statement is ill-formed mathematics (e.g. a 3x2 by 3x1 product)."""


class SkipInstance(Exception):
    """The left side names an entry outside its tensor at these index values."""


class ProbeDone(Exception):
    """Every free index has its range: the probing evaluation can stop."""


class Budget:
    """Counts the work spent on one statement and stops it past the limits."""

    def __init__(self, seconds: float = SECONDS_PER_STATEMENT, terms: int = MAX_TERMS) -> None:
        self.deadline = time.monotonic() + seconds
        self.seconds = seconds
        self.terms_left = terms
        self.limit = terms

    def spend(self, terms: int) -> None:
        self.terms_left -= terms
        if self.terms_left < 0:
            raise NotUnderstood(f"checking it would build more than {self.limit:,} terms")
        if time.monotonic() > self.deadline:
            raise NotUnderstood(f"checking it took longer than {self.seconds:g} s")
