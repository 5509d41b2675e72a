"""Verdicts and their three printed forms: ``FILE:LINE: status: message``, JSON, GitHub.

JSON::

    {"equations": [{"line", "source", "status", "expected", "missing", "extra",
                    "counterexample", "message"}, ...],
     "summary": {"verified", "wrong", "size-specific", "not-understood"}}

GitHub annotations (``--format github``) mark wrong and size-specific equations as errors
and warnings on their lines, so a CI job on a repository of notes shows them in the diff.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

VERIFIED, WRONG, SIZE_SPECIFIC, NOT_UNDERSTOOD = (
    "verified",
    "wrong",
    "size-specific",
    "not-understood",
)
# proved by the general prover for symbolic sizes (check/allsizes.py), not only "holds at
# these sizes"; counted in a summary only when it occurs, so other summaries keep their form
ALL_SIZES = "verified-for-all-sizes"
STATUSES = (VERIFIED, WRONG, SIZE_SPECIFIC, NOT_UNDERSTOOD, ALL_SIZES)
MAX_SOURCE = 72


@dataclass
class Verdict:
    line: int
    source: str
    status: str
    message: str
    expected: str | None = None
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    counterexample: dict | None = None

    def to_dict(self) -> dict:
        return {
            "line": self.line,
            "source": self.source,
            "status": self.status,
            "expected": self.expected,
            "missing": self.missing,
            "extra": self.extra,
            "counterexample": self.counterexample,
            "message": self.message,
        }


@dataclass
class Report:
    path: str
    verdicts: list[Verdict]
    layers: list[dict] = field(default_factory=list)  # what was assumed, per section

    def summary(self) -> dict[str, int]:
        counts = dict.fromkeys(STATUSES, 0)
        for v in self.verdicts:
            counts[v.status] += 1
        if not counts[ALL_SIZES]:
            del counts[ALL_SIZES]
        return counts

    @property
    def exit_code(self) -> int:
        """0 when nothing is wrong; 1 for a wrong or size-specific equation."""
        return 1 if any(v.status in (WRONG, SIZE_SPECIFIC) for v in self.verdicts) else 0

    def unusable(self) -> str | None:
        """Why nothing in the input could be checked (None when something was)."""
        if not self.verdicts:
            return (
                f"{self.path!r} holds no equation; the rule: at least one equation "
                "($...$, $$...$$, \\[...\\], equation or align) to check"
            )
        if all(v.status == NOT_UNDERSTOOD for v in self.verdicts):
            n = len(self.verdicts)
            return (
                f"none of the {n} equation{'s' if n != 1 else ''} in {self.path!r} "
                "could be checked (all not-understood); the rule: at least one equation "
                "symconv understands"
            )
        return None

    def to_dict(self) -> dict:
        layers = [{k: v for k, v in layer.items() if k != "text"} for layer in self.layers]
        return {
            "file": self.path,
            "layers": layers,
            "equations": [v.to_dict() for v in self.verdicts],
            "summary": self.summary(),
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    def human(self) -> str:
        lines = []
        pending = list(self.layers)
        for v in self.verdicts:
            current = None  # only the layer in force at this verdict, once
            while pending and pending[0]["line"] <= v.line:
                current = pending.pop(0)
            if current is not None:
                lines.append(f"{self.path}:{current['line']}: {current['text']}")
            lines.append(f"{self.path}:{v.line}: {v.status}: {short(v.source)} -- {v.message}")
        counts = self.summary()
        lines.append(", ".join(f"{n} {s}" for s, n in counts.items()))
        return "\n".join(lines)

    def github(self) -> str:
        lines = [
            f"::notice file={_escape(self.path, True)},line={layer['line']},"
            f"title=symconv check::{_escape(layer['text'])}"
            for layer in self.layers
        ]
        for v in self.verdicts:
            level = {WRONG: "error", SIZE_SPECIFIC: "warning"}.get(v.status, "notice")
            if v.status == VERIFIED:
                continue
            text = f"{v.status}: {short(v.source)} -- {v.message}"
            lines.append(
                f"::{level} file={_escape(self.path, True)},line={v.line},"
                f"title=symconv check::{_escape(text)}"
            )
        counts = self.summary()
        lines.append(", ".join(f"{n} {s}" for s, n in counts.items()))
        return "\n".join(lines)


def short(source: str) -> str:
    flat = " ".join(source.split())
    return flat if len(flat) <= MAX_SOURCE else flat[: MAX_SOURCE - 1] + "…"


def _escape(text: str, prop: bool = False) -> str:
    """GitHub workflow-command escaping (``%``, newlines; ``,`` and ``:`` in properties)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text
