"""Notes written to hunt the checker's false alarms and misses at first reading
(tests/data/check/fa_hunt/): a German exam solution, a Portuguese blog post, a Stack Exchange
answer, a French cheat sheet, an Italian homework, a code review, a Spanish study-group wiki
and an English textbook section, each with a key decided by hand (NAME.key.toml) and checked
here against torch autograd (fa_hunt_truth.py).  Every note must come out with no false alarm
(a correct claim called wrong or size-specific) and no miss (a mistake verified), and each
reading that closed one is tested again below on notes in other words and languages."""

from __future__ import annotations

import tomllib
from pathlib import Path

import answer_key
import pytest
from fa_hunt_truth import TRUTH

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_file, check_text

HUNT = Path(__file__).resolve().parent.parent / "data" / "check" / "fa_hunt"
NOTES = sorted(p.stem for p in HUNT.glob("*.md"))


def _key(name: str) -> dict:
    with open(HUNT / f"{name}.key.toml", "rb") as handle:
        return tomllib.load(handle)


def test_every_note_has_a_key_and_a_truth():
    assert len(NOTES) >= 8
    assert set(NOTES) == set(TRUTH)


@pytest.mark.parametrize("name", NOTES)
def test_the_key_agrees_with_torch(name):
    truth = TRUTH[name]()
    for line, rank, claim in answer_key.claims(_key(name)):
        if claim["verdict"] == "not-a-claim":
            continue
        assert (line, rank) in truth, (name, line, rank)
        holds = truth[(line, rank)]()
        assert holds == (claim["verdict"] == "correct"), (name, line, rank, claim["why"])


@pytest.mark.parametrize("name", NOTES)
def test_no_false_alarm_and_no_miss(name):
    path = HUNT / f"{name}.md"
    verdicts = check_file(str(path)).verdicts
    found, notes = answer_key.figures(verdicts, _key(name), (path.read_text(), str(path)))
    bad = [n for n in notes if "false_alarm" in n or " miss:" in n]
    assert found["false_alarms"] == 0 and found["misses"] == 0, bad


def _statuses(text: str, name: str = "notes.md") -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for v in check_text(text, name, {}).verdicts:
        out.setdefault(v.line, []).append(v.status)
    return out
