"""Per-claim numeric truth for tests/data/check/unseen/holdout (issue 16's unseen test set).

Each claim of a note is registered by (note, anchor, rank): `anchor` is a substring found on exactly
one line of the note, `rank` the claim's order among the key entries on that line. `table()` turns
anchors into 1-based line numbers, so the test can match the hand-written key by (note, line, rank).
A claim's function computes both sides with numpy/torch at the note's sizes (or over a grid of sizes
for symbolic claims) and returns one bool per size: True where the two sides agree.
Verdicts and reasons live in REGISTRY too, only to write the .key.toml files once (see
`write_keys`); the test reads the verdicts back from the .key.toml files.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.checker import unseen_holdout_notes_a as note_a
from tests.checker import unseen_holdout_notes_b as note_b
from tests.checker import unseen_holdout_notes_c as note_c
from tests.checker import unseen_holdout_notes_d as note_d

NOTES = Path(__file__).resolve().parents[1] / "data" / "check" / "unseen" / "holdout"


@dataclass(frozen=True)
class Claim:
    note: str
    anchor: str
    rank: int
    verdict: str  # correct | mistake | not-a-claim
    why: str
    fn: Callable[[], list[bool]] | None
    expect: str | None = None


REGISTRY: list[Claim] = []


def claim(note: str, anchor: str, rank: int, verdict: str, why: str, expect: str | None = None):
    def deco(fn: Callable[[], list[bool] | bool]) -> Callable[[], list[bool]]:
        def run() -> list[bool]:
            try:
                r = fn()
            except (IndexError, ValueError, RuntimeError):  # index past the end, shape clash
                return [False]
            return [bool(r)] if isinstance(r, bool) else [bool(v) for v in r]

        REGISTRY.append(Claim(note, anchor, rank, verdict, why, run, expect))
        return run

    return deco


def nac(note: str, anchor: str, rank: int, why: str) -> None:
    REGISTRY.append(Claim(note, anchor, rank, "not-a-claim", why, None))


# one register function per note (each its own scope, so claim closures see their note's arrays)
for register in (
    note_a.register_a,
    note_a.register_padding,
    note_a.register_stride2,
    note_a.register_symbolic,
    note_b.register_b,
    note_b.register_dense,
    note_b.register_multichannel,
    note_b.register_transposed,
    note_c.register_c,
    note_c.register_lenet,
    note_c.register_operator,
    note_c.register_exam,
    note_d.register_d,
):
    register(claim, nac)


def line_of(note: str, anchor: str) -> int:
    lines = (NOTES / f"{note}.md").read_text(encoding="utf-8").splitlines()
    hits = [i + 1 for i, ln in enumerate(lines) if anchor in ln]
    if len(hits) != 1:
        raise AssertionError(f"{note}: anchor {anchor!r} on lines {hits}, want exactly one")
    return hits[0]


def table() -> dict[tuple[str, int, int], Claim]:
    return {(c.note, line_of(c.note, c.anchor), c.rank): c for c in REGISTRY}


def write_keys() -> None:
    """Regenerate the .key.toml files from REGISTRY.

    Run by hand: python -m tests.checker.unseen_holdout_truth
    """
    header = (
        "# Answer key written by hand without symconv. Every correct/mistake verdict is checked\n"
        "# numerically by tests/checker/unseen_holdout_truth.py (numpy sums and torch\n"
        "# autograd at the note's sizes; symbolic claims over a grid of sizes with kernel >= 2,\n"
        "# stride 1..3, padding 0..2, outputs smaller than the kernel included).\n"
        '# expect = "size-specific" marks a symbolic claim that holds at some grid sizes only.\n'
    )
    by_note: dict[str, list[tuple[int, Claim]]] = {}
    for (note, line, _rank), c in table().items():
        by_note.setdefault(note, []).append((line, c))
    for note, rows in by_note.items():
        out = [header]
        for line, c in sorted(rows, key=lambda r: (r[0], r[1].rank)):
            out.append("\n[[claim]]\n")
            out.append(f"line = {line}\n")
            out.append(f'verdict = "{c.verdict}"\n')
            why = c.why.replace("\\", "\\\\").replace('"', '\\"')
            out.append(f'why = "{why}"\n')
            if c.expect:
                out.append(f'expect = "{c.expect}"\n')
        (NOTES / f"{note}.key.toml").write_text("".join(out), encoding="utf-8")


if __name__ == "__main__":
    write_keys()
