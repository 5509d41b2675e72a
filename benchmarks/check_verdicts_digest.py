"""Digests of every verdict ``symconv check`` gives on the committed notes: a speed change to
the checker must leave them equal, byte for byte.

    python benchmarks/check_verdicts_digest.py [--sets NAME,...] [--out FILE]

Checks (``symconv.checker.runner.check_file``, no options) every note of derivations/*.md and
tests/data/check/**/*.md and prints one SHA-256 per set (a folder: ``derivations``, ``notes``,
``unseen/fresh3``, ... ; the loose seeds of tests/data/check/ are the set ``seeds``) of the
full text of every verdict (line, source, status, message, expected, missing, extra,
counterexample) and of the layers assumed.  For the sets that may be read it prints a digest
per note too, so a difference can be traced to a note; for the sealed unseen sets (fresh30
and later) only the set's digest, never a note's name or anything of its contents.  Run it
before and after a change and compare the two outputs (``diff``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from symconv.checker.runner import check_file  # noqa: E402

SEALED_FROM = 30  # unseen/freshN with N >= this are sealed


def sealed(name: str) -> bool:
    match = re.fullmatch(r"unseen/fresh(\d+)", name)
    return bool(match) and int(match.group(1)) >= SEALED_FROM


def note_sets() -> dict[str, list[Path]]:
    """Each set's notes, in a fixed order."""
    sets: dict[str, list[Path]] = {"derivations": sorted((ROOT / "derivations").glob("*.md"))}
    data = ROOT / "tests" / "data" / "check"
    for path in sorted(data.rglob("*.md")):
        folder = path.parent.relative_to(data).as_posix()
        sets.setdefault("seeds" if folder == "." else folder, []).append(path)
    return sets


def note_text(path: Path) -> str:
    """Every verdict of one note, and the layers assumed, as one deterministic text."""
    report = check_file(str(path))
    doc = {
        "verdicts": [v.to_dict() for v in report.verdicts],
        "layers": report.layers,
    }
    return json.dumps(doc, sort_keys=True, ensure_ascii=False, default=repr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", help="comma-separated set names (default: every set)")
    parser.add_argument("--out", help="also write the digests to this file")
    args = parser.parse_args()
    sets = note_sets()
    chosen = args.sets.split(",") if args.sets else list(sets)
    lines = []
    for name in chosen:
        whole = hashlib.sha256()
        began = time.process_time()
        for path in sets[name]:
            text = note_text(path)
            one = hashlib.sha256(text.encode()).hexdigest()
            whole.update(path.name.encode() + b"\0" + one.encode() + b"\n")
            if not sealed(name):
                lines.append(f"  {name}/{path.name} {one}")
                print(lines[-1], flush=True)
        lines.append(f"{name} {len(sets[name])} {whole.hexdigest()}")
        print(lines[-1], flush=True)
        print(f"{name}: {time.process_time() - began:.1f} s CPU", file=sys.stderr, flush=True)
    if args.out:
        Path(args.out).write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
