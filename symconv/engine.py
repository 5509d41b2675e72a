"""Runs proofs layer by layer, within a term budget, with a progress bar on a terminal."""

from __future__ import annotations

import sys
import time

from .errors import BudgetError
from .prove import Report

DEFAULT_MAX_TERMS = 20_000_000


def check_budget(layers: list | int, max_terms: int) -> int:
    """Refuse when the estimated term count is too large.

    ``layers`` is a list of built layers or an estimate made from the specs alone; the
    callers pass the estimate before building any symbolic tensor, since building the
    tensors of a huge configuration is itself the expensive part.
    """
    estimate = layers if isinstance(layers, int) else sum(
        layer.estimate_terms() for layer in layers)
    if max_terms < 1:
        raise BudgetError(f"--max-terms {max_terms} is not allowed; the rule: at least 1")
    if estimate > max_terms:
        raise BudgetError(
            f"this configuration needs about {estimate:,} terms, over the budget of "
            f"{max_terms:,}; the rule: raise it with --max-terms {estimate} or use smaller sizes")
    return estimate


def prove_all(layers: list, config: dict, max_terms: int = DEFAULT_MAX_TERMS,
              progress: bool | None = None) -> Report:
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


def _progress(total: int, show: bool):
    if not show:
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="layer", file=sys.stderr, leave=False)
