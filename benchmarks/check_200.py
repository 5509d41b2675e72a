"""``symconv check`` on a 200-equation note with no options (issue 14 asks < 3 s).

    python benchmarks/check_200.py            # time one run; exit 1 at 3 s of CPU or more
    python benchmarks/check_200.py --write notes.md   # also keep the generated note

The note states its layer in prose ("input 6x6, kernel 3x3, stride 1, no bias") and holds
every forward entry, every input- and weight-gradient entry (written out term by term,
from plain loops here, not from symconv), general sums and some deliberate slips, 200
equations in all; the run must find exactly the slips.
"""

from __future__ import annotations

import argparse
import sys
import time

from symconv.checker.runner import check_text

LIMIT = 3.0
H = W = 6
K = 3
OUT = H - K + 1


def _d(name: str) -> str:
    return f"\\frac{{\\partial L}}{{\\partial {name}}}"


def note() -> tuple[str, int]:
    """The note and the number of deliberately wrong equations in it."""
    eqs: list[str] = []
    for i in range(OUT):
        for j in range(OUT):
            terms = [f"w_{{{m}{n}}} x_{{{i + m}{j + n}}}" for m in range(K) for n in range(K)]
            eqs.append(f"y_{{{i}{j}}} = " + " + ".join(terms))
    for r in range(H):
        for c in range(W):
            terms = [
                f"w_{{{r - i}{c - j}}} {_d(f'y_{{{i}{j}}}')}"
                for i in range(OUT)
                for j in range(OUT)
                if 0 <= r - i < K and 0 <= c - j < K
            ]
            eqs.append(f"{_d(f'x_{{{r}{c}}}')} = " + " + ".join(terms))
    for m in range(K):
        for n in range(K):
            terms = [
                f"x_{{{i + m}{j + n}}} {_d(f'y_{{{i}{j}}}')}"
                for i in range(OUT)
                for j in range(OUT)
            ]
            eqs.append(f"{_d(f'w_{{{m}{n}}}')} = " + " + ".join(terms))
    general = [
        f"y_{{i,j}} = \\sum_{{m=0}}^{{{K - 1}}} \\sum_{{n=0}}^{{{K - 1}}} w_{{m,n}} x_{{i+m,j+n}}",
        f"{_d('w_{m,n}')} = \\sum_{{i=0}}^{{{OUT - 1}}} \\sum_{{j=0}}^{{{OUT - 1}}} "
        f"{_d('y_{i,j}')} x_{{i+m,j+n}}",
    ]
    wrong = 0
    while len(eqs) < 200:
        k = len(eqs)
        if k % 10 == 0:  # a slip: the first forward entry with one input shifted
            eqs.append(
                "y_{00} = "
                + " + ".join(
                    f"w_{{{m}{n}}} x_{{{m}{n + (1 if (m, n) == (0, 0) else 0)}}}"
                    for m in range(K)
                    for n in range(K)
                )
            )
            wrong += 1
        else:
            eqs.append(general[k % 2])
    body = "\n\n".join(f"$${e}$$" for e in eqs)
    return (
        f"# A {H}x{H} convolution\n\nThe input x is {H}x{W}, the kernel w is {K}x{K}, "
        f"stride 1, no bias.\n\n{body}\n"
    ), wrong


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", help="also write the generated note here")
    args = parser.parse_args()
    text, wrong = note()
    if args.write:
        with open(args.write, "w", encoding="utf-8") as handle:
            handle.write(text)
    start, cpu = time.perf_counter(), time.process_time()
    report = check_text(text, "check_200.md")
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    summary = report.summary()
    # the limit is on CPU time: on a shared machine the wall clock also counts the others
    print(
        f"{len(report.verdicts)} equations in {seconds:.2f} s ({cpu:.2f} s CPU): "
        + ", ".join(f"{n} {s}" for s, n in summary.items())
    )
    ok = (
        len(report.verdicts) == 200
        and summary["wrong"] == wrong
        and summary["verified"] == 200 - wrong
    )
    if not ok:
        print(f"expected {200 - wrong} verified and {wrong} wrong", file=sys.stderr)
    return 0 if ok and cpu < LIMIT else 1


if __name__ == "__main__":
    sys.exit(main())
