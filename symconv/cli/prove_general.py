"""``symconv prove <kind> --general [--json]``: the general proofs, case by case.

``run_general(args)`` reads ``args.target`` (conv2d, avgpool2d, dense, maxpool2d; default
conv2d) and ``args.json``; optionally ``args.general_cases`` (a comma-separated list) to
run only some cases.  Exit status: 0 when every case that was run is proved (for conv2d
by default the cases (a)-(d) of issue 6 and the extra ones; for the other kinds their one
case), 1 otherwise.  Output: text,
or JSON ``{"proved": bool, "cases": {"a": [identities...], ...}, ...}``.
"""

from __future__ import annotations

import argparse
import json
import time

from symconv.errors import SymconvError
from symconv.proofs.general.api import CASES, REQUIRED, prove_cases
from symconv.proofs.general.cases import CONV_CASES, TITLES
from symconv.proofs.proof import Proof


def _cases(args: argparse.Namespace) -> tuple[str, tuple[str, ...]]:
    target = getattr(args, "target", None) or "conv2d"
    if target not in CASES:
        raise SymconvError(
            f"general proofs of {target!r} are not available; the rule: one of {', '.join(CASES)}"
        )
    chosen = getattr(args, "general_cases", None)
    if not chosen:
        return target, CASES[target]
    names = tuple(c.strip() for c in chosen.split(",") if c.strip())
    unknown = [c for c in names if c not in CASES[target]]
    if unknown:
        raise SymconvError(
            f"case {unknown[0]!r} is not a general case of {target}; the rule: "
            f"one of {', '.join(CASES[target])}"
        )
    return target, names


def _text(results: dict[str, list[Proof]], cases: tuple[str, ...], seconds: float) -> str:
    lines = []
    for case, proofs in results.items():
        mark = " (extra)" if case in CONV_CASES and case not in REQUIRED else ""
        lines.append(f"({case}) {TITLES.get(case, case)}{mark}")
        for p in proofs:
            lines.append("  " + str(p).replace("\n", "\n  "))
            lines += [f"      checked: {c}" for c in getattr(p, "checks", [])]
    done = sum(p.proved for ps in results.values() for p in ps)
    total = sum(len(ps) for ps in results.values())
    verdict = "proved" if _proved(results, cases) else "NOT all proved"
    lines.append(
        f"cases {', '.join(cases)}: {verdict}; {done}/{total} identities proved in {seconds:.2f} s"
    )
    return "\n".join(lines)


def _proved(results: dict[str, list[Proof]], cases: tuple[str, ...]) -> bool:
    return all(results[c] and all(p.proved for p in results[c]) for c in cases)


def run_general(args: argparse.Namespace) -> int:
    """Run the general proofs for ``args.target``; print text or JSON; 0 iff all proved.

    Every case that was run decides the exit status (JSON ``required``): a failure in the
    extra conv2d cases (``all``, ``convolution``) is not hidden behind cases (a)-(d)."""
    target, cases = _cases(args)
    start = time.perf_counter()
    results = prove_cases(cases)
    seconds = time.perf_counter() - start
    proved = _proved(results, cases)
    if getattr(args, "json", False):
        print(
            json.dumps(
                {
                    "proved": proved,
                    "target": target,
                    "required": list(cases),
                    "seconds": round(seconds, 3),
                    "titles": {c: TITLES.get(c, c) for c in cases},
                    "cases": {c: [p.to_dict() for p in ps] for c, ps in results.items()},
                },
                indent=2,
            )
        )
    else:
        print(_text(results, cases, seconds))
    return 0 if proved else 1
