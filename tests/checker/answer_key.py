"""Notes with an answer key, and the checker's figures against it.

A key (NAME.key.toml beside NAME.md) lists one ``[[claim]]`` per equation the notes make, in
the order they appear, each with ``line``, ``verdict`` (``correct``, ``mistake`` or
``not-a-claim``) and ``why``; a mistake that holds at the notes' sizes but not in general
carries ``expect = "size-specific"``.  The checker's verdicts are matched to the key by line
and by rank on the line.  Shared by the third-party corpus (test_check_third_party.py) and the
unseen sets (test_check_unseen.py).
"""

from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from symconv.checker.report import ALL_SIZES, NOT_UNDERSTOOD, SIZE_SPECIFIC, VERIFIED, WRONG

CLAIMS = ("correct", "mistake")
VERDICTS = (*CLAIMS, "not-a-claim")
FIELDS = ("claims", "understood", "verified", "caught", "false_alarms", "misses")
COUNTED = {"verified": "verified", "caught": "caught", "false_alarm": "false_alarms",
           "miss": "misses"}


def load_key(folder: Path, name: str) -> dict:
    with open(folder / f"{name}.key.toml", "rb") as handle:
        return tomllib.load(handle)


def claims(key: dict) -> list[tuple[int, int, dict]]:
    """(line, rank on its line, claim) for every claim of the key."""
    seen: dict[int, int] = defaultdict(int)
    out = []
    for claim in key["claim"]:  # the key's own 1-based rank, else the order on the line
        out.append((claim["line"], claim.get("rank", seen[claim["line"]] + 1) - 1, claim))
        seen[claim["line"]] += 1
    return out


def outcome(claim: dict, status: str) -> str:
    """What one verdict means for one keyed claim: ``verified``, ``caught``, ``false_alarm``,
    ``miss``, ``not_understood`` or ``quiet`` (a line that claims nothing, left alone).

    A correct claim is verified by ``verified`` or ``verified-for-all-sizes``; calling it
    ``wrong`` or ``size-specific`` is a false alarm.  A mistake is caught by ``wrong``, and by
    ``size-specific`` only when the key expects it; any other understood verdict lets it
    through (a miss).  A line that is no claim must not be called wrong or size-specific."""
    flagged = status in (WRONG, SIZE_SPECIFIC)
    if status == NOT_UNDERSTOOD and claim["verdict"] != "not-a-claim":
        return "not_understood"
    if claim["verdict"] == "not-a-claim":
        return "false_alarm" if flagged else "quiet"
    if claim["verdict"] == "correct":
        if status in (VERIFIED, ALL_SIZES):
            return "verified"
        return "false_alarm" if flagged else "not_understood"
    if status == WRONG or (status == SIZE_SPECIFIC and claim.get("expect") == SIZE_SPECIFIC):
        return "caught"
    return "miss"


_ENVIRONMENT = re.compile(r"\\begin\{(\w+\*?)\}.*?\\end\{\1\}", re.DOTALL)
_RELATION = re.compile(r"\\(?:approx|equiv|neq|leq?|geq?|in)(?![A-Za-z])|[=<>]")
_SIDE = re.compile(r"side (\d+) of \d+ (?:differs|is not)|^[^:]*, not [^:]*: side (\d+) is")


@dataclass(frozen=True)
class Link:
    """One link of a chain a = b = c as the key counts them, with the verdict it gets."""

    status: str
    message: str


def relations(source: str) -> list[str]:
    """The relations of a statement outside brackets and environments (cases, matrices)."""
    flat, depth, out = _ENVIRONMENT.sub(" ", source), 0, []
    for m in re.finditer(r"[{(\[]|[})\]]|" + _RELATION.pattern, flat):
        token = m.group(0)
        if token in "{([":
            depth += 1
        elif token in "})]":
            depth -= 1
        elif depth <= 0:
            out.append(token)
    return out


def links(verdict) -> list[Link]:
    """A verdict on a chain of n relations is n links: all alike, except where the message
    names the side that differs or is not understood (the links touching it get the
    verdict; the others are verified when the message says the other sides agree)."""
    n = max(1, len(relations(verdict.source)))
    side = _SIDE.search(verdict.message)
    if n == 1 or side is None:
        return [Link(verdict.status, verdict.message)] * n
    k = int(side.group(1) or side.group(2))
    rest = VERIFIED if "agree" in verdict.message else NOT_UNDERSTOOD
    return [Link(verdict.status if k in (i, i + 1) else rest, verdict.message)
            for i in range(1, n + 1)]


def figures(verdicts: list, key: dict, per_link: bool = False) -> tuple[dict[str, int], list[str]]:
    """The figures of one note, and one line per claim not verified or caught (for reading
    a failure).  A ``wrong`` verdict on an equation the key does not list is a false alarm.

    ``per_link``: the key counts each link of a chain a = b = c as a claim and leaves
    memberships (``x \\in \\mathbb{R}^n``) out, as the unseen sets' keys do."""
    by_line: dict[int, list] = defaultdict(list)
    for v in verdicts:
        if not per_link:
            by_line[v.line].append(v)
        elif relations(v.source) != ["\\in"]:
            by_line[v.line].extend(links(v))
    out = dict.fromkeys(FIELDS, 0)
    notes: list[str] = []
    keyed = claims(key)
    for line, rank, claim in keyed:
        found = by_line.get(line, [])
        verdict = found[rank] if rank < len(found) else None
        status = verdict.status if verdict is not None else NOT_UNDERSTOOD
        result = outcome(claim, status)
        out["claims"] += claim["verdict"] in CLAIMS
        out["understood"] += claim["verdict"] in CLAIMS and status != NOT_UNDERSTOOD
        if result in COUNTED:
            out[COUNTED[result]] += 1
        if result not in ("verified", "caught", "quiet"):
            said = f"{status}: {verdict.message}" if verdict is not None else "no verdict"
            notes.append(f"{line} [{claim['verdict']}] {result}: {said}")
    ranks = {(line, rank) for line, rank, _ in keyed}
    for line, found in by_line.items():
        for rank, v in enumerate(found):
            if (line, rank) not in ranks and v.status in (WRONG, SIZE_SPECIFIC):
                out["false_alarms"] += 1
                notes.append(f"{line} [not in the key] false_alarm: {v.status}: {v.message}")
    return out, notes


def table(rows: dict[str, dict[str, int]]) -> str:
    """A per-note table with a total row."""
    total = {k: sum(f[k] for f in rows.values()) for k in FIELDS}
    width = max(len(n) for n in (*rows, "total"))
    head = f"{'note':{width}} " + " ".join(FIELDS)
    lines = [head] + [f"{n:{width}} " + " ".join(f"{f[k]:{len(k)}}" for k in FIELDS)
                      for n, f in (*rows.items(), ("total", total))]
    return "\n".join(lines)
