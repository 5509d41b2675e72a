"""The answer keys of tests/data/check/unseen/fresh1 agree with an independent computation
(unseen_fresh1_truth: torch autograd / numpy, never symconv): a claim is "correct" exactly when
both sides agree at every size tried, a "mistake" when they do not, and "size-specific" mistakes
agree at some sizes and not at others."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from unseen_fresh1_truth import TRUTH

SET = Path(__file__).resolve().parents[1] / "data" / "check" / "unseen" / "fresh1"
NOTES = sorted(p.stem for p in SET.glob("*.md"))
VERDICTS = {"correct", "mistake", "not-a-claim"}


def key(note: str) -> list[dict[str, object]]:
    with open(SET / f"{note}.key.toml", "rb") as f:
        return tomllib.load(f)["claim"]


def math_lines(note: str) -> set[int]:
    """1-based lines holding math: inline $..$ / \\(..\\), or inside a display block."""
    out: set[int] = set()
    inside = False
    for number, text in enumerate((SET / f"{note}.md").read_text().splitlines(), start=1):
        opens = re.search(r"^\s*(\\\[|\\begin\{align\*?\}|\$\$)", text)
        if inside or "$" in text or "\\(" in text:
            out.add(number)
        if opens and not inside:
            inside = not re.search(
                r"(\\\]|\\end\{align\*?\}|\$\$)\s*[.,]?\s*$", text[opens.end() :]
            )
        elif inside and re.search(r"(\\\]|\\end\{align\*?\}|\$\$)", text):
            inside = False
    return out


def ranked(note: str) -> list[tuple[int, int, dict[str, object]]]:
    """(line, rank among the line's correct/mistake entries, entry) in key order."""
    seen: dict[int, int] = {}
    out = []
    for entry in key(note):
        if entry["verdict"] != "not-a-claim":
            line = int(entry["line"])  # type: ignore[call-overload]
            seen[line] = seen.get(line, 0) + 1
            out.append((line, seen[line], entry))
    return out


CLAIMS = [(note, line, rank, entry) for note in NOTES for line, rank, entry in ranked(note)]


def test_set_shape() -> None:
    assert len(NOTES) == 7
    assert sorted(p.name.removesuffix(".key.toml") for p in SET.glob("*.key.toml")) == NOTES
    mistakes = sum(entry["verdict"] == "mistake" for *_, entry in CLAIMS)
    assert 85 <= len(CLAIMS) <= 100 and 0.35 <= mistakes / len(CLAIMS) <= 0.45


@pytest.mark.parametrize("note", NOTES)
def test_key_lines_exist_and_hold_math(note: str) -> None:
    lines = (SET / f"{note}.md").read_text().splitlines()
    maths = math_lines(note)
    previous = 0
    for entry in key(note):
        assert entry["verdict"] in VERDICTS, entry
        assert isinstance(entry["why"], str) and entry["why"], entry
        line = int(entry["line"])  # type: ignore[call-overload]
        assert 1 <= line <= len(lines), entry
        assert line in maths, (note, line, lines[line - 1])
        assert line >= previous, ("entries out of order", note, line)
        previous = line
        if "expect" in entry:
            assert entry["verdict"] == "mistake" and entry["expect"] == "size-specific", entry


def test_every_claim_has_a_truth_and_back() -> None:
    assert {(note, line, rank) for note, line, rank, _ in CLAIMS} == set(TRUTH)


@pytest.mark.parametrize(
    ("note", "line", "rank", "entry"), CLAIMS, ids=[f"{n}:{ln}:{r}" for n, ln, r, _ in CLAIMS]
)
def test_verdict_matches_the_computation(
    note: str, line: int, rank: int, entry: dict[str, object]
) -> None:
    agree = TRUTH[(note, line, rank)]()
    assert agree, "no size tried"
    if entry["verdict"] == "correct":
        assert all(agree), agree
    elif entry.get("expect") == "size-specific":
        assert any(agree) and not all(agree), agree
    else:
        assert not any(agree), agree
