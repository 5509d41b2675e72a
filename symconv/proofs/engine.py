"""Runs proofs layer by layer, within a term budget, with a progress bar on a terminal."""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

from symconv.errors import BudgetError
from symconv.proofs.proof import Proof, Report

if TYPE_CHECKING:
    from tqdm import tqdm

DEFAULT_MAX_TERMS = 20_000_000


# Beyond this many terms no machine expands a configuration (tens of bytes a term; LeNet-5
# is 2.6 million), so raising --max-terms is not suggested.
EXPANDABLE = 10**9


class Provable(Protocol):
    """A built layer, as the engine runs it (:data:`symconv.proofs.problems.Layer`)."""

    @property
    def label(self) -> str: ...

    def estimate_terms(self) -> int: ...

    def prove(self, kernels: bool = True) -> list[Proof]: ...


def human(count: int) -> str:
    """``11 billion``, ``210 million``, ``52,000``: a term count as a person reads it."""
    rounded = float(f"{count:.2g}")  # two significant digits, before choosing the word
    for size, word in ((10**9, "billion"), (10**6, "million")):
        if rounded >= size:
            return f"{rounded / size:g} {word}"
    return f"{count:,}"


def round_up(count: int) -> int:
    """``count`` rounded up to two significant digits: a --max-terms worth typing."""
    step: int = 10 ** max(len(str(count)) - 2, 0)  # a nonnegative power: an int
    return -(-count // step) * step


def check_budget(
    layers: Sequence[Provable] | int, max_terms: int, hint: str = "use smaller sizes"
) -> int:
    """Refuse when the estimated term count is too large.

    ``layers`` is a list of built layers or an estimate made from the specs alone; the
    callers pass the estimate before building any symbolic tensor, since building the
    tensors of a huge configuration is itself the expensive part.  ``hint`` is what to do
    instead of expanding when the estimate is beyond any budget (EXPANDABLE).
    """
    estimate = (
        layers if isinstance(layers, int) else sum(layer.estimate_terms() for layer in layers)
    )
    if max_terms < 1:
        raise BudgetError(f"--max-terms {max_terms} is not allowed; the rule: at least 1")
    if estimate > max_terms:
        over = f"about {human(estimate)} terms, over the budget of {human(max_terms)} (--max-terms)"
        if estimate > EXPANDABLE:
            raise BudgetError(f"this configuration needs {over}: too large to expand; {hint}")
        raise BudgetError(
            f"this configuration needs {over}; the rule: raise it with "
            f"--max-terms {round_up(estimate)} or {hint}"
        )
    return estimate


def prove_all(
    layers: Sequence[Provable],
    config: dict[str, Any],
    max_terms: int = DEFAULT_MAX_TERMS,
    progress: bool | None = None,
) -> Report:
    """Prove every layer in turn; a progress bar on stderr when it is a terminal."""
    check_budget(layers, max_terms)
    show = sys.stderr.isatty() if progress is None else progress
    report = Report(config=config)
    start = time.perf_counter()
    bar = _progress(len(layers), show)
    for layer in layers:
        if bar is not None:
            bar.set_description(layer.label)
        report.proofs.extend(layer.prove())
        if bar is not None:
            bar.update(1)
    if bar is not None:
        bar.close()
    report.seconds = time.perf_counter() - start
    return report


def _progress(total: int, show: bool) -> tqdm[Any] | None:
    if not show:
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="layer", file=sys.stderr, leave=False)
