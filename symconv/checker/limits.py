"""Size and work limits of the checker, and the two ways a statement can stop early.

User files are untrusted input: every loop the checker runs is bounded by one of these
numbers, so a hostile or accidental input costs at most a few seconds and ends with a
verdict (``not-understood``, naming the limit), never a hang or a traceback.

Same notes, same verdicts: the limits that decide how much is checked count *work*
(terms built, expressions evaluated, tensor entries read: :class:`Budget`), never the
clock, so a busy or slow machine checks exactly what a quiet one does.  The two time
bounds left (:data:`CPU_SECONDS_PER_STATEMENT`, :data:`CPU_SECONDS_PER_FILE`) are safety
nets for inputs the work counts miss; they count this process's CPU time, not the wall
clock, and no statement of the test notes comes near them.
"""

from __future__ import annotations

import time
from fractions import Fraction

MAX_EQUATION_CHARS = 2_000  # one statement
MAX_BLOCK_CHARS = 20_000  # one $$...$$ block or environment, before splitting
MAX_DEPTH = 30  # bracket nesting of one statement
MAX_STATEMENTS = 5_000  # per file
MAX_TERMS = 3_000_000  # polynomial terms built while checking one statement
MAX_SUM_RANGE = 4_096  # iterations of one \sum
MAX_INSTANCES = 200  # values of the free indices checked (corners + a sample)
GRID_INSTANCES = 48  # the same, at each of the other sizes of the grid
CPU_SECONDS_PER_STATEMENT = 30.0  # safety net for one statement, grid included
CPU_SECONDS_PER_FILE = 600.0  # safety net: after this, the remaining statements are not checked
# Work, in units of roughly a microsecond of CPU time (terms built count one each): an
# evaluated expression (a term of a side: index arithmetic, a product) costs EXPRESSION_WORK,
# a tensor entry (or a whole tensor) read from the layer's model costs ENTRY_WORK plus the
# entry's terms.
EXPRESSION_WORK = 10
ENTRY_WORK = 20
INSTANCE_WORK = 1_500_000  # index values are checked until this much work is spent
MAX_LAYER_TERMS = 5_000_000  # a layer whose derivation is larger is refused
# The CPU clock is read after this much work (or this many spends), not on every spend:
# each reading is a system call, a million of them checking 000_lenet, and on a loaded
# machine every one is a point where the process waits (the transposed scatter of
# test_check_iverson: 290 s of wall clock instead of 420, the same CPU time).  The safety
# net then trips at most ~20 ms of work late.
CLOCK_WORK = 20_000
CLOCK_SPENDS = 1_000


class NotUnderstood(Exception):
    """The statement cannot be checked; the message says why (becomes the verdict)."""


def no_value(name: str) -> Fraction:
    """The lookup of a worked example's arithmetic: a name in it has no number."""
    raise NotUnderstood(f"{name} has no value")


class FractionalIndex(NotUnderstood):
    """An index computed from indices is not a whole number (``dy_{(m-k+3)/2}``, the
    stride's gaps): the entry is absent, a zero where the zero convention holds."""


class NegativeParameter(NotUnderstood):
    """An operator's parameter written as sizes is negative at these sizes (``pad_{k-1-p}``
    with p > k - 1): the claim speaks only of sizes where it is a padding at all."""


class Wrong(Exception):
    """The statement is ill-formed mathematics (e.g. a 3x2 by 3x1 product)."""


class SkipInstance(Exception):
    """The left side names an entry outside its tensor at these index values."""


class ProbeDone(Exception):
    """Every free index has its range: the probing evaluation can stop."""


class Budget:
    """Counts the work spent on one statement and stops it past the limits.

    ``work`` only grows, by counts that depend on the statement and the layer alone (see
    the module), so where a check stops by it is the same on every machine."""

    def __init__(self, seconds: float = CPU_SECONDS_PER_STATEMENT, terms: int = MAX_TERMS) -> None:
        self.deadline = time.process_time() + seconds
        self.seconds = seconds
        self.terms_left = terms
        self.limit = terms
        self.work = 0
        self._clock_at = 0  # the work at which the clock is read next
        self._spends = 0  # spends since the clock was last read

    def tick(self, units: int) -> None:
        """Count work that builds no terms (evaluating an expression, reading an entry)."""
        self.work += units

    def spend(self, terms: int) -> None:
        self.terms_left -= terms
        self.work += terms
        if self.terms_left < 0:
            raise NotUnderstood(f"checking it would build more than {self.limit:,} terms")
        self._spends += 1
        if self.work < self._clock_at and self._spends < CLOCK_SPENDS:
            return
        self._clock_at, self._spends = self.work + CLOCK_WORK, 0
        if time.process_time() > self.deadline:
            raise NotUnderstood(f"checking it took more than {self.seconds:g} s of CPU time")
