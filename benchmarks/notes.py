"""The whole LeNet-5 document in every format (goal: at most 5 s), and the seed documents.

    python benchmarks/notes.py

Prints the time to derive, prove and write up LeNet-5 (seed 000, every layer) and to
render it as Markdown, LaTeX, HTML (MathML) and JSON, then the same for each spec in
derivations/.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from symconv.notes.build import specs
from symconv.notes.lenet_doc import lenet_document
from symconv.notes.render import FORMATS, render

GOAL_SECONDS = 5.0


def lenet() -> float:
    start = time.perf_counter()
    doc = lenet_document("superscript", "es")
    built = time.perf_counter() - start
    sizes = {}
    for fmt in FORMATS:
        sizes[fmt] = len(render(doc, fmt))
    total = time.perf_counter() - start
    print(
        f"LeNet-5 document: derive + prove + write {built:.2f} s, all {len(FORMATS)} "
        f"formats {total:.2f} s (goal {GOAL_SECONDS:.0f} s) "
        + ", ".join(f"{fmt} {n / 1024:.0f} KiB" for fmt, n in sizes.items())
    )
    return total


def seeds() -> None:
    root = Path(__file__).resolve().parents[1] / "derivations"
    for spec in specs(root):
        start = time.perf_counter()
        spec.outputs()
        print(f"  {spec.output:<24} {time.perf_counter() - start:5.2f} s")


if __name__ == "__main__":
    seconds = lenet()
    seeds()
    sys.exit(0 if seconds <= GOAL_SECONDS else 1)
