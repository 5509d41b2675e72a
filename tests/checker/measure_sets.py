"""Measure unseen sets with the checker of the current import path (the sessions' tool for
hunting false alarms and misses; test_check_unseen.py pins the figures of fresh1-46).

usage: python tests/checker/measure_sets.py [--bad] [--lines] SET [SET ...]
  prints one row per set: claims understood verified/correct caught/mistakes FA misses
  --bad   also every false-alarm / miss line (note:line [verdict] outcome: message)
  --lines also every line neither verified nor caught
Run from a directory other than a checkout (cwd shadows the installed symconv) with
PYTHONPATH=<checkout> to measure that checkout.  NOTES=/path overrides the unseen folder.
All sets in two halves, one per core:
  cd /tmp && PYTHONPATH=$CO python $CO/tests/checker/measure_sets.py --bad dev holdout fresh1 ...
SYMCONV_STRICT is set, so a reader's internal error raises here as in the tests.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("SYMCONV_STRICT", "1")  # a reader's crash shows, as in the tests
import symconv

root = Path(symconv.__file__).resolve().parents[1]
sys.path.insert(0, str(root / "tests" / "checker"))
import answer_key  # noqa: E402

from symconv.checker.runner import check_file  # noqa: E402

UNSEEN = Path(os.environ.get("NOTES", root / "tests" / "data" / "check" / "unseen"))
args = sys.argv[1:]
bad = "--bad" in args
every = "--lines" in args
sets = [a for a in args if not a.startswith("--")]
print(f"# checker from {root}", flush=True)
grand = dict.fromkeys(answer_key.FIELDS, 0)
grand_correct = 0
for which in sets:
    total = dict.fromkeys(answer_key.FIELDS, 0)
    correct = 0
    out_lines = []
    for path in sorted((UNSEEN / which).glob("*.md")):
        key = answer_key.load_key(UNSEEN / which, path.stem)
        verdicts = check_file(str(path)).verdicts
        row, notes = answer_key.figures(
            verdicts, key, note=(path.read_text(encoding="utf-8"), str(path))
        )
        for k in total:
            total[k] += row[k]
        correct += sum(1 for _, _, c in answer_key.claims(key) if c["verdict"] == "correct")
        for line in notes:
            if every or (bad and (" false_alarm: " in line or " miss: " in line)):
                out_lines.append(f"  {which}/{path.stem}:{line}")
    mistakes = total["claims"] - correct
    print(
        f"{which:9} claims {total['claims']:4} und {total['understood']:4} "
        f"ver {total['verified']:4}/{correct:<4} caught {total['caught']:4}/{mistakes:<4} "
        f"FA {total['false_alarms']:3} miss {total['misses']:3}",
        flush=True,
    )
    for line in out_lines:
        print(line, flush=True)
    for k in grand:
        grand[k] += total[k]
    grand_correct += correct
if len(sets) > 1:
    print(
        f"{'total':9} claims {grand['claims']:4} und {grand['understood']:4} "
        f"ver {grand['verified']:4}/{grand_correct:<4} caught {grand['caught']:4}/"
        f"{grand['claims'] - grand_correct:<4} FA {grand['false_alarms']:3} "
        f"miss {grand['misses']:3}"
    )
