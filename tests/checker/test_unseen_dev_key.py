"""The unseen `dev` note set's answer keys agree with an independent numeric truth (issue 16).

For every claim of every key, unseen_dev_truth computes both sides with numpy/torch (never
symconv); the computation must agree exactly when the key says "correct", disagree when it says
"mistake", and agree at some sizes but not others when it says expect = "size-specific".
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import unseen_dev_truth as truth
from unseen_dev_truth_ops import verdicts

SET = Path(__file__).resolve().parents[1] / "data" / "check" / "unseen" / "dev"
NOTES = sorted(p.stem for p in SET.glob("*.md"))
VERDICTS = {"correct", "mistake", "not-a-claim"}


_OPEN_CLOSE = (
    ("$$", "$$"),
    ("\\[", "\\]"),
    ("\\(", "\\)"),
    ("\\begin{align}", "\\end{align}"),
    ("$", "$"),
)


def _math_lines(text: str) -> set[int]:
    """1-based lines holding at least one character inside a math span ($, $$, \\[, \\(, align)."""
    lines, pos, line, closer = set(), 0, 1, None
    while pos < len(text):
        if closer is None:
            opened = next(((o, c) for o, c in _OPEN_CLOSE if text.startswith(o, pos)), None)
            if opened:
                closer, pos = opened[1], pos + len(opened[0])
                continue
        elif text.startswith(closer, pos):
            pos, closer = pos + len(closer), None
            continue
        else:
            lines.add(line)
        line += text[pos] == "\n"
        pos += 1
    return lines


def _key(note: str) -> list[dict]:
    return tomllib.loads((SET / f"{note}.key.toml").read_text(encoding="utf-8"))["claim"]


def _checked() -> list[tuple[str, dict]]:
    return [(n, c) for n in NOTES for c in _key(n) if c["verdict"] != "not-a-claim"]


def test_set_shape() -> None:
    keys = sorted(p.name[: -len(".key.toml")] for p in SET.glob("*.key.toml"))
    assert keys == NOTES and 12 <= len(NOTES) <= 14
    checked = _checked()
    mistakes = sum(c["verdict"] == "mistake" for _, c in checked)
    assert 130 <= len(checked) <= 180 and 0.3 <= mistakes / len(checked) <= 0.5


@pytest.mark.parametrize("note", NOTES)
def test_key_lines_exist_and_hold_math(note: str) -> None:
    text_all = (SET / f"{note}.md").read_text(encoding="utf-8")
    lines, math = text_all.splitlines(), _math_lines(text_all)
    seen: dict[int, list[int]] = {}
    for c in _key(note):
        assert c["verdict"] in VERDICTS, c
        assert c["why"].strip(), c
        assert c.get("expect") in (None, "size-specific"), c
        assert 1 <= c["line"] <= len(lines), c
        text = lines[c["line"] - 1]
        assert "=" in text and c["line"] in math, (note, c["line"], text)
        seen.setdefault(c["line"], []).append(c["rank"])
    for line, ranks in seen.items():
        # ranks on a line are 1..n in order, and a line cannot hold more claims than "=" signs
        assert ranks == list(range(1, len(ranks) + 1)), (note, line, ranks)
        assert len(ranks) <= lines[line - 1].count("="), (note, line)


def test_every_truth_function_has_a_checked_key_entry() -> None:
    keyed = {(n, c["line"], c["rank"]) for n, c in _checked()}
    assert set(truth.CLAIMS) == keyed


@pytest.mark.parametrize(
    ("note", "entry"), _checked(), ids=[f"{n}:{c['line']}.{c['rank']}" for n, c in _checked()]
)
def test_verdict_matches_computation(note: str, entry: dict) -> None:
    agree = verdicts(truth.CLAIMS[(note, entry["line"], entry["rank"])])
    if entry.get("expect") == "size-specific":
        assert entry["verdict"] == "mistake"
        assert any(agree) and not all(agree), agree
    elif entry["verdict"] == "correct":
        assert all(agree), agree
    else:
        assert not any(agree), agree
