"""The fresh5 unseen set's answer key agrees with an independent computation.

For every claim of every key the truth function (unseen_fresh5_truth*.py: NumPy / torch
autograd, no symconv) computes both sides at the note's sizes; "correct" iff they agree on
every trial and size, "mistake" iff not, and a mistake marked size-specific agrees on some
sizes of the grid and not on others. Every note has a key, every keyed line exists and holds
math, and every truth function belongs to a keyed claim.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from pathlib import Path

import pytest
from unseen_fresh5_truth import truth_table

SET = Path(__file__).resolve().parents[1] / "data" / "check" / "unseen" / "fresh5"
VERDICTS = {"correct", "mistake", "not-a-claim"}
# Math spans as the notes write them: display $$ $$ and \[ \], inline $ $ and \( \).
MATH = re.compile(r"\$\$.*?\$\$|\\\[.*?\\\]|\\\(.*?\\\)|\$[^$]+?\$", re.S)

NOTES = sorted(SET.glob("*.md"))


def _claims() -> list[tuple[str, int, int, dict]]:
    """Every key entry with its rank among the entries on the same line (1-based)."""
    out = []
    for note in NOTES:
        key = tomllib.loads(note.with_suffix(".key.toml").read_text(encoding="utf-8"))
        ranks: Counter[int] = Counter()
        for entry in key["claim"]:
            ranks[entry["line"]] += 1
            out.append((note.stem, entry["line"], ranks[entry["line"]], entry))
    return out


def _math_on_lines(text: str) -> dict[int, str]:
    """Line number -> the math text on that line (1-based), spans cut at line breaks."""
    lines: dict[int, str] = {}
    for span in MATH.finditer(text):
        first = text.count("\n", 0, span.start()) + 1
        for k, part in enumerate(span.group().split("\n")):
            lines[first + k] = lines.get(first + k, "") + part
    return lines


CLAIMS = _claims()
TRUTH = truth_table()


def test_set_has_seven_notes_each_with_a_key_and_a_readme() -> None:
    assert len(NOTES) == 7
    for note in NOTES:
        assert note.with_suffix(".key.toml").is_file(), note.name
    assert (SET / "README.txt").is_file()


@pytest.mark.parametrize("note", NOTES, ids=lambda p: p.stem)
def test_key_lines_exist_and_hold_enough_equations(note: Path) -> None:
    text = note.read_text(encoding="utf-8")
    n_lines = len(text.splitlines())
    math = _math_on_lines(text)
    per_line = Counter(line for stem, line, _, _ in CLAIMS if stem == note.stem)
    for line, count in per_line.items():
        assert 1 <= line <= n_lines, (note.name, line)
        assert line in math, (note.name, line, "no math on this line")
        # each keyed entry is one "=" link: the line's math must hold at least that many
        assert math[line].count("=") >= count, (note.name, line, math[line])


def test_every_entry_is_well_formed_and_every_truth_is_keyed() -> None:
    keyed = set()
    for stem, line, rank, entry in CLAIMS:
        assert entry["verdict"] in VERDICTS, (stem, line, entry)
        assert entry.get("why"), (stem, line)
        assert entry.get("expect", "size-specific") == "size-specific", (stem, line)
        if entry["verdict"] != "not-a-claim":
            keyed.add((stem, line, rank))
            assert (stem, line, rank) in TRUTH, (stem, line, rank, "no truth function")
        else:
            assert (stem, line, rank) not in TRUTH, (stem, line, rank, "truth for a non-claim")
    assert set(TRUTH) == keyed


JUDGED = [c for c in CLAIMS if c[3]["verdict"] != "not-a-claim"]


@pytest.mark.parametrize(
    "stem,line,rank,entry", JUDGED, ids=lambda v: str(v) if not isinstance(v, dict) else ""
)
def test_verdict_agrees_with_the_computation(stem: str, line: int, rank: int, entry: dict) -> None:
    agree = TRUTH[(stem, line, rank)]()
    assert agree, (stem, line, rank, "nothing computed")
    if entry["verdict"] == "correct":
        assert all(agree), (stem, line, rank, agree, entry["why"])
    else:
        assert not all(agree), (stem, line, rank, agree, entry["why"])
    if entry.get("expect") == "size-specific":
        assert any(agree) and not all(agree), (stem, line, rank, agree)
    elif entry["verdict"] == "mistake":  # a plain mistake is wrong at every size tried
        assert not any(agree), (stem, line, rank, agree)


def test_counts_match_the_readme() -> None:
    """The README's total line states the key's figures."""
    verdicts = Counter(entry["verdict"] for *_, entry in CLAIMS)
    readme = (SET / "README.txt").read_text(encoding="utf-8")
    total = verdicts["correct"] + verdicts["mistake"]
    expected = (
        f"total: {total} claims, {verdicts['correct']} correct, "
        f"{verdicts['mistake']} mistakes, {verdicts['not-a-claim']} not-a-claim"
    )
    assert expected in readme, expected
    for note in NOTES:  # and each note's row: claims, correct, mistakes, not-a-claim
        mine = Counter(e["verdict"] for stem, *_, e in CLAIMS if stem == note.stem)
        row = [mine["correct"] + mine["mistake"], mine["correct"], mine["mistake"]]
        row.append(mine["not-a-claim"])
        assert re.search(rf"^{note.stem}\s+" + r"\s+".join(map(str, row)) + "$", readme, re.M), (
            note.stem,
            row,
        )
