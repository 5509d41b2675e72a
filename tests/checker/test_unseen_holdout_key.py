"""The holdout unseen set's hand-written answer key agrees with independent numeric truth.

For each claim in tests/data/check/unseen/holdout/*.key.toml the matching function in
unseen_holdout_truth computes both sides with numpy/torch (at the note's sizes, or over a grid for
symbolic sizes). A "correct" claim must agree everywhere; a "mistake" must disagree everywhere,
unless the key says expect = "size-specific", in which case it agrees at some sizes and not others.
"""

from __future__ import annotations

import re
import tomllib

import pytest

from tests.checker.unseen_holdout_truth import NOTES, table


@pytest.fixture(autouse=True)
def _float64_tensors():
    """The key's torch computations run in float64 (tensors built from Python lists take
    the default dtype); the default is restored so that no other test sees it changed."""
    import torch

    previous = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    yield
    torch.set_default_dtype(previous)


VERDICTS = {"correct", "mistake", "not-a-claim"}


def _keys() -> dict[tuple[str, int, int], dict]:
    out: dict[tuple[str, int, int], dict] = {}
    for path in sorted(NOTES.glob("*.key.toml")):
        note = path.name.removesuffix(".key.toml")
        rank: dict[int, int] = {}
        for entry in tomllib.loads(path.read_text(encoding="utf-8"))["claim"]:
            line = entry["line"]
            rank[line] = rank.get(line, 0) + 1
            out[(note, line, rank[line])] = entry
    return out


KEYS = _keys()
TRUTH = table()
CLAIMS = sorted(k for k, e in KEYS.items() if e["verdict"] != "not-a-claim")


def _math_lines(text: str) -> set[int]:
    """1-based lines holding math: inline delimiters, or inside a display block."""
    dollars, bracket, env, out = False, False, 0, set()
    for no, ln in enumerate(text.splitlines(), start=1):
        starts_inside = dollars or bracket or env > 0
        if ln.count("$$") % 2:
            dollars = not dollars
        bracket = (bracket or "\\[" in ln) and "\\]" not in ln
        env += len(re.findall(r"\\begin\{", ln)) - len(re.findall(r"\\end\{", ln))
        if starts_inside or "$" in ln or "\\(" in ln or "\\[" in ln or env > 0:
            out.add(no)
    return out


def test_every_note_has_a_key_and_every_key_a_note() -> None:
    notes = {p.stem for p in NOTES.glob("*.md")}
    keys = {p.name.removesuffix(".key.toml") for p in NOTES.glob("*.key.toml")}
    assert notes == keys
    assert 12 <= len(notes) <= 14


def test_key_lines_exist_and_hold_math() -> None:
    for (note, line, _rank), entry in KEYS.items():
        text = (NOTES / f"{note}.md").read_text(encoding="utf-8")
        assert 1 <= line <= len(text.splitlines()), (note, line)
        assert line in _math_lines(text), f"{note}:{line} has no math"
        assert entry["verdict"] in VERDICTS, (note, line)
        assert entry.get("why"), (note, line)


def test_key_and_truth_cover_the_same_claims() -> None:
    assert set(KEYS) == set(TRUTH)
    assert all(KEYS[k]["verdict"] == TRUTH[k].verdict for k in KEYS)
    assert all((TRUTH[k].fn is None) == (KEYS[k]["verdict"] == "not-a-claim") for k in KEYS)


@pytest.mark.parametrize("key", CLAIMS, ids=[f"{n}:{ln}:{r}" for n, ln, r in CLAIMS])
def test_verdict_matches_computation(key: tuple[str, int, int]) -> None:
    entry, claim = KEYS[key], TRUTH[key]
    agree = claim.fn()
    assert agree, key
    if entry["verdict"] == "correct":
        assert "expect" not in entry
        assert all(agree), f"{key}: key says correct, sides differ at {agree}"
    elif entry.get("expect") == "size-specific":
        assert any(agree) and not all(agree), f"{key}: key says size-specific, agreement {agree}"
    else:
        assert not any(agree), f"{key}: key says mistake, sides agree at {agree}"


def test_set_proportions() -> None:
    verdicts = [e["verdict"] for e in KEYS.values()]
    claims = len(verdicts) - verdicts.count("not-a-claim")
    assert 130 <= claims <= 190
    assert 0.3 <= verdicts.count("mistake") / claims <= 0.5


def test_spanish_and_headingless_notes_present() -> None:
    texts = {p.stem: p.read_text(encoding="utf-8") for p in NOTES.glob("*.md")}
    spanish = [n for n, t in texts.items() if re.search(r"\b(gradiente|entrada|salida)\b", t)]
    assert len(spanish) >= 3
    assert any(not re.search(r"^#", t, re.M) for t in texts.values())


def test_readme_counts_match_keys() -> None:
    readme = (NOTES / "README.txt").read_text(encoding="utf-8")
    verdicts = [e["verdict"] for e in KEYS.values()]
    claims = len(verdicts) - verdicts.count("not-a-claim")
    good, bad, nac = (verdicts.count(v) for v in ("correct", "mistake", "not-a-claim"))
    assert f"TOTAL {claims} claims: {good} correct, {bad} mistakes, {nac} not-a-claim" in readme
    assert "test_unseen_holdout_key.py" in readme


def test_math_line_detector_skips_prose() -> None:
    text = "prose\n$$\na = b\n$$\nmore prose\n\\begin{align}\nx &= y\n\\end{align}\n"
    text += "end with $z$\nplain"
    assert _math_lines(text) == {2, 3, 4, 6, 7, 8, 9}
