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

from symconv.checker.extract import front_matter, scan
from symconv.checker.report import ALL_SIZES, NOT_UNDERSTOOD, SIZE_SPECIFIC, VERIFIED, WRONG
from symconv.checker.split import statements

CLAIMS = ("correct", "mistake")
VERDICTS = (*CLAIMS, "not-a-claim")
FIELDS = ("claims", "understood", "verified", "caught", "false_alarms", "misses")
COUNTED = {
    "verified": "verified",
    "caught": "caught",
    "false_alarm": "false_alarms",
    "miss": "misses",
}


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
_DIFFERS = re.compile(r"side (\d+) of \d+ (differs|is not understood)")
_VALUE = re.compile(r"side (\d+) is (-?[\d./]+)(?![\d./]| but the true value)")
# "with H = 3, side 3 is 3 but the true value is 1": that side differs from the truth
_AGAINST_TRUTH = re.compile(r"side (\d+) is -?[\d./]+ but the true value is")


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
    """A verdict on a chain of n relations is n links.  Where the message names the sides
    that differ from the reference (``side 3 of 3 differs``; ``28, not 30: side 2 is 30,
    side 3 is 30, side 1 is 28``), a link between a differing side and an agreeing one
    gets the verdict, a link between two agreeing sides is verified, and a link between
    two differing sides is verified only when their values are equal numbers; a side that
    is not understood makes its links not understood (the others agree, the message says).
    Sides the message does not name agree with the reference; a side named against the
    truth (``side 3 is 3 but the true value is 1``) differs."""
    n = max(1, len(relations(verdict.source)))
    named = {int(m.group(1)): m.group(2) for m in _DIFFERS.finditer(verdict.message)}
    named |= {int(m.group(1)): "differs" for m in _AGAINST_TRUTH.finditer(verdict.message)}
    values = {int(m.group(1)): m.group(2) for m in _VALUE.finditer(verdict.message)}
    if n == 1 or not (named or values):
        return [Link(verdict.status, verdict.message)] * n
    if values:  # numbers: the last side named is the reference, every other differing one named
        reference = values[list(values)[-1]]
        odd = {k for k, v in values.items() if v != reference}
    else:
        odd = set(named)
    unread = {k for k, v in named.items() if v == "is not understood"}
    out = []
    for a in range(1, n + 1):
        b = a + 1
        if a in unread or b in unread:  # a side not read: its links are open
            status = NOT_UNDERSTOOD
        elif (a in odd) != (b in odd):
            status = verdict.status
        elif a in odd:  # two differing sides: equal to each other only if the same number
            status = VERIFIED if values and values[a] == values[b] else NOT_UNDERSTOOD
        else:
            status = VERIFIED
        out.append(Link(status, verdict.message))
    return out


def statement_links(text: str, path: str, verdicts: list) -> dict[int, list]:
    """Per line, the links of every statement the notes make there, in order, with the
    verdict each gets (``no verdict`` where the checker gave none): the notes are split
    into statements as the checker splits them, so a statement it passes over silently
    still takes its rank.  Memberships and statements without a relation are left out."""
    skip = front_matter(text)[1]
    found: dict[tuple[int, str], list] = defaultdict(list)
    for v in verdicts:
        found[(v.line, v.source)].append(v)
    by_line: dict[int, list] = defaultdict(list)
    for event in scan(text, skip, latex=path.endswith(".tex")):
        if event.kind != "math":
            continue
        for piece in statements(event.text):
            line = event.line + event.text[: piece.offset].count("\n")
            rels = relations(piece.text)
            if not rels or rels == ["\\in"]:
                continue
            mine = found.get((line, piece.text))
            if mine:
                by_line[line].extend(links(mine.pop(0)))
            else:
                by_line[line].extend([Link(NOT_UNDERSTOOD, "no verdict")] * len(rels))
    return by_line


def figures(
    verdicts: list, key: dict, note: tuple[str, str] | None = None
) -> tuple[dict[str, int], list[str]]:
    """The figures of one note, and one line per claim not verified or caught (for reading
    a failure).  A ``wrong`` verdict on an equation the key does not list is a false alarm.

    ``note`` (its text and path): the key counts each link of a chain a = b = c as a claim,
    ranked by position among the statements of its line, and leaves memberships
    (``x \\in \\mathbb{R}^n``) out, as the unseen sets' keys do."""
    by_line: dict[int, list] = defaultdict(list)
    if note is not None:
        by_line = statement_links(note[0], note[1], verdicts)
    else:
        for v in verdicts:
            by_line[v.line].append(v)
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
    lines = [head] + [
        f"{n:{width}} " + " ".join(f"{f[k]:{len(k)}}" for k in FIELDS)
        for n, f in (*rows.items(), ("total", total))
    ]
    return "\n".join(lines)
