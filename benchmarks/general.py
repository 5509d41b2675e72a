"""General proofs: the time of every identity of every case (issue 6 asks < 5 s each).

    python benchmarks/general.py            # each proof from empty caches, with its steps
    python benchmarks/general.py --warm     # caches kept between proofs (as the CLI runs)

Exit status 1 when a proof is not proved or takes 5 s or more.
"""

from __future__ import annotations

import argparse
import sys
import time

from symconv.proofs.general import CASES, prove_general
from symconv.proofs.general.at_sizes import _compiled, compile_expr
from symconv.proofs.general.cases import config_for
from symconv.proofs.general.logic import _ge
from symconv.proofs.general.sums import _canonical

LIMIT = 5.0


def clear_caches() -> None:
    for cached in (_canonical, _ge, compile_expr, _compiled):
        cached.cache_clear()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warm", action="store_true", help="keep caches between proofs")
    args = parser.parse_args()
    print(f"{'case':<12} {'identity':<7} {'status':<11} {'prove s':>8} {'steps':>6}")
    worst, total, ok = 0.0, 0.0, True
    start = time.perf_counter()
    for kind, cases in CASES.items():
        for case in cases:
            names = (
                ("dL/dX",)
                if case == "maxpool"
                else tuple(i.name for i in config_for(case).template.identities())
            )
            for name in names:
                if not args.warm:
                    clear_caches()
                t0 = time.perf_counter()
                (proof,) = prove_general(kind, case, (name,))
                seconds = time.perf_counter() - t0
                print(
                    f"{case:<12} {name:<7} {proof.status:<11} {seconds:8.3f} {len(proof.steps):6d}"
                )
                worst, total = max(worst, seconds), total + seconds
                ok &= seconds < LIMIT and (proof.proved or case == "maxpool")
    print(
        f"slowest {worst:.3f} s, total {total:.2f} s (wall {time.perf_counter() - start:.2f} s);"
        f" limit {LIMIT:.0f} s per proof: {'met' if ok else 'NOT met'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
