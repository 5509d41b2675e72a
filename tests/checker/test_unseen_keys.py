"""The answer keys of the unseen sets fresh2 and later (SETS below) agree with a computation.

For every claim of every key the set's truth function (unseen_SET_truth*.py: NumPy / torch
autograd, no symconv) computes both sides at the note's sizes; "correct" iff they agree on
every trial and size, "mistake" iff not, and a mistake marked size-specific agrees on some
sizes of the grid and not on others.  Every note has a key, every keyed line exists and
holds math, every truth function belongs to a keyed claim, and the set's README states the
key's counts.  (dev, holdout and fresh1 have key tests of their own, older formats.)
"""

from __future__ import annotations

import functools
import importlib
import re
import tomllib
from collections import Counter
from pathlib import Path

import pytest

SETS = (*(f"fresh{k}" for k in range(2, 66)), "fresh69")
UNSEEN = Path(__file__).resolve().parents[1] / "data" / "check" / "unseen"
VERDICTS = {"correct", "mistake", "not-a-claim"}
# Math spans as the notes write them: display $$ $$ and \[ \], inline $ $ and \( \).
# the relations answer_key.py ranks a line's statements by (a membership \in is none)
LINK = re.compile(r"\\(?:approx|equiv|neq|leq?|geq?)(?![A-Za-z])|[=<>]")
MATH = re.compile(r"\$\$.*?\$\$|\\\[.*?\\\]|\\\(.*?\\\)|\$[^$]+?\$", re.S)


def notes(which: str) -> list[Path]:
    return sorted((UNSEEN / which).glob("*.md"))


@functools.cache
def claims(which: str) -> list[tuple[str, int, int, dict]]:
    """Every key entry with its rank among the entries on the same line (1-based)."""
    out = []
    for note in notes(which):
        key = tomllib.loads(note.with_suffix(".key.toml").read_text(encoding="utf-8"))
        ranks: Counter[int] = Counter()
        for entry in key["claim"]:
            ranks[entry["line"]] += 1
            out.append((note.stem, entry["line"], ranks[entry["line"]], entry))
    return out


@functools.cache
def truth(which: str) -> dict:
    return importlib.import_module(f"unseen_{which}_truth").truth_table()


def _math_on_lines(text: str) -> dict[int, str]:
    """Line number -> the math text on that line (1-based), spans cut at line breaks."""
    lines: dict[int, str] = {}
    for span in MATH.finditer(text):
        first = text.count("\n", 0, span.start()) + 1
        for k, part in enumerate(span.group().split("\n")):
            lines[first + k] = lines.get(first + k, "") + part
    return lines


@pytest.mark.parametrize("which", SETS)
def test_set_has_seven_notes_each_with_a_key_and_a_readme(which: str) -> None:
    assert len(notes(which)) == 7
    for note in notes(which):
        assert note.with_suffix(".key.toml").is_file(), note.name
    assert (UNSEEN / which / "README.txt").is_file()


@pytest.mark.parametrize(
    "note", [n for w in SETS for n in notes(w)], ids=lambda p: f"{p.parent.name}/{p.stem}"
)
def test_key_lines_exist_and_hold_enough_equations(note: Path) -> None:
    text = note.read_text(encoding="utf-8")
    n_lines = len(text.splitlines())
    math = _math_on_lines(text)
    per_line = Counter(line for stem, line, _, _ in claims(note.parent.name) if stem == note.stem)
    for line, count in per_line.items():
        assert 1 <= line <= n_lines, (note.name, line)
        assert line in math, (note.name, line, "no math on this line")
        # each keyed entry is one link (=, \le, \ge, <, >, ... as answer_key.py ranks
        # them): the line's math must hold at least that many
        assert len(LINK.findall(math[line])) >= count, (note.name, line, math[line])


@pytest.mark.parametrize("which", SETS)
def test_every_entry_is_well_formed_and_every_truth_is_keyed(which: str) -> None:
    keyed = set()
    table = truth(which)
    for stem, line, rank, entry in claims(which):
        assert entry["verdict"] in VERDICTS, (stem, line, entry)
        assert entry.get("why"), (stem, line)
        assert entry.get("expect", "size-specific") == "size-specific", (stem, line)
        if entry["verdict"] != "not-a-claim":
            keyed.add((stem, line, rank))
            assert (stem, line, rank) in table, (stem, line, rank, "no truth function")
        else:
            assert (stem, line, rank) not in table, (stem, line, rank, "truth for a non-claim")
    assert set(table) == keyed


JUDGED = [(w, *c) for w in SETS for c in claims(w) if c[3]["verdict"] != "not-a-claim"]


# An xdist group per set (README's command, tests/conftest.py): the truth functions of every
# set take about two and a half minutes of CPU, too long for one worker while the other waits.
@pytest.mark.parametrize(
    "which,stem,line,rank,entry",
    [pytest.param(*j, marks=pytest.mark.xdist_group(f"keys-{j[0]}")) for j in JUDGED],
    ids=[f"{w}/{s}:{line}.{r}" for w, s, line, r, _ in JUDGED],
)
def test_verdict_agrees_with_the_computation(
    which: str, stem: str, line: int, rank: int, entry: dict
) -> None:
    agree = truth(which)[(stem, line, rank)]()
    assert agree, (stem, line, rank, "nothing computed")
    if entry["verdict"] == "correct":
        assert all(agree), (stem, line, rank, agree, entry["why"])
    else:
        assert not all(agree), (stem, line, rank, agree, entry["why"])
    if entry.get("expect") == "size-specific":
        assert any(agree) and not all(agree), (stem, line, rank, agree)
    elif entry["verdict"] == "mistake":  # a plain mistake is wrong at every size tried
        assert not any(agree), (stem, line, rank, agree)


@pytest.mark.parametrize("which", SETS)
def test_counts_match_the_readme(which: str) -> None:
    """The README's total line states the key's figures, and each note's row."""
    verdicts = Counter(entry["verdict"] for *_, entry in claims(which))
    readme = (UNSEEN / which / "README.txt").read_text(encoding="utf-8")
    total = verdicts["correct"] + verdicts["mistake"]
    expected = (
        f"total: {total} claims, {verdicts['correct']} correct, "
        f"{verdicts['mistake']} mistakes, {verdicts['not-a-claim']} not-a-claim"
    )
    assert expected in readme, expected
    for note in notes(which):  # claims, correct, mistakes, not-a-claim
        mine = Counter(e["verdict"] for stem, *_, e in claims(which) if stem == note.stem)
        row = [mine["correct"] + mine["mistake"], mine["correct"], mine["mistake"]]
        row.append(mine["not-a-claim"])
        assert re.search(rf"^{note.stem}\s+" + r"\s+".join(map(str, row)) + "$", readme, re.M), (
            note.stem,
            row,
        )
