"""A claim whose own clause states the layer it is about, where the section's layer differs.

Notes list cases one claim each: "- For a $7 \\times 7$ input, a $3 \\times 3$ kernel, stride
2 and no padding: $\\partial L / \\partial X = \\ldots$", "Für eine $6 \\times 6$-Eingabe,
einen $2 \\times 2$-Kern, Schrittweite 2 und ohne Padding gilt ...", "Per un ingresso $9
\\times 9$, un kernel $3 \\times 3$, passo 3: ...", a bullet after a paragraph whose example
had padding 1.  A clause that states the input and the kernel describes a layer: it is the
claim's hypothesis, so the claim is judged under the section's layer with every size the
clause states in place of the section's (named_input.py does this for a clause that states
the input only).  A clause with a stride or padding alone is not read so: "(a plain
correlation, with stride 1)" says what an operator of the formula does, "copying the formula
of stride 1" where it came from.
A clause that refers back ("for an $8 \\times 8$ input with the same kernel and stride",
"with that kernel") takes the case the nearest earlier clause of the section states, with
its own sizes in place (case_sizes.referred_case).

A clause that presents the case as what a wrong version assumes ("a version that silently
assumes stride 1: ...") states no hypothesis of the claim: it is left alone, as is a claim
that gets no verdict under the clause's layer (then it is not-understood: the section's
layer is not the one the claim speaks of), and a claim with symbolic sizes, which the general
reader judges inside its case (case_sizes.py).
"""

from __future__ import annotations

import re

from symconv.checker.allsizes_parse import mentions_general
from symconv.checker.case_sizes import case_pins, judged_in_case, referred_case
from symconv.checker.layer_counts import sentence_around
from symconv.checker.prose import prose_facts
from symconv.checker.read_guards import _ASSUMED

# a verdict of the general reader (sizes of its own choosing, not the section's layer)
_GENERAL = ("for all sizes", "fails at other sizes", "restricts it to a case", "general prover")
# a claim about tensors (a gradient, an operator form), not a size or count
_TENSOR_CLAIM = re.compile(r"\\partial|\\star|\\ast|\\operatorname|\\nabla")
_CONTRAST = re.compile(
    r"\b(?:unlike|contrary\s+to|rather\s+than|as\s+opposed\s+to|im\s+Gegensatz|anders\s+als|"
    r"a\s+diferencia|contrairement|au\s+lieu|invece|ao\s+contr[áa]rio|diversamente)\b",
    re.IGNORECASE,
)
_KEYS = ("input", "kernel", "stride", "padding", "dilation")


def clause_of(document: list[str], line: int, source: str) -> str:
    """The clause before the claim in its sentence ("For a 7x7 input, ..., no padding")."""
    sentence = sentence_around(document, line, source)
    at = sentence.find(source.strip()[:30])
    before = sentence[: at if at >= 0 else len(sentence)]
    before = re.sub(r"[:\s$]+$", "", before)  # the colon that introduces the claim
    return re.split(r"[.;:]\s", before)[-1]


def clause_changes(
    document: list[str], line: int, source: str, settings, found: dict | None = None
) -> dict[str, str] | None:
    """The sizes the claim's clause states where they differ from ``settings`` (the
    section's layer), when it states the input and the kernel (and more); None otherwise (and where
    ``found`` was judged inside that case already, by the general reader)."""
    if not _TENSOR_CLAIM.search(source):
        return None  # a size or count: bound_sizes.py reads the layer of its own passage
    message = str((found or {}).get("message", ""))
    if judged_in_case(found) or mentions_general(source) or any(m in message for m in _GENERAL):
        return None  # the general reader's verdict: its sizes are its own (case_sizes.py)
    clause = clause_of(document, line, source)
    if not clause.strip() or _ASSUMED.search(clause) or _CONTRAST.search(clause):
        return None  # "unlike the 5x5 input with a 3x3 kernel above, here ...": not its case
    stated = [(k, v) for k, v, _ in prose_facts(clause) if k in _KEYS]
    above = document[max(0, line - 8) : max(0, line - 1)]
    stated = referred_case(stated, clause, above, prose_facts)
    if case_pins(stated) is None:
        return None  # "for $k \\times k$ pooling with stride $k$": letters, sizes of any value
    values: dict[str, str] = {}
    for key, value in stated:
        if values.setdefault(key, value) != value:
            return None  # two values for one size in one clause: which is the claim's
    if not {"input", "kernel"} <= values.keys():
        # the input alone: named_input.py; a stride or padding alone ("a plain correlation
        # (with stride 1)", "copying the formula of stride 1") may say what an operator of
        # the formula does, or where the formula comes from, not the claim's layer
        return None
    changed = {k: v for k, v in values.items() if not _same(settings.get(k), v, k)}
    return changed or None


def _same(current, value: str, key: str) -> bool:
    """Whether the setting in use is the stated value ("3" and "3x3" are one kernel)."""
    if current is None:
        return {"stride": "1", "padding": "0", "dilation": "1"}.get(key) == value
    one, two = str(current).replace(" ", ""), value.replace(" ", "")
    square = lambda v: v if "x" in v or key not in ("input", "kernel") else f"{v}x{v}"  # noqa: E731
    return square(one) == square(two)


def at_clause_case(found: dict, changes: dict[str, str]) -> dict:
    """The verdict judged under the layer the clause states, saying so."""
    stated = ", ".join(f"{k} {v}" for k, v in changes.items())
    return {
        **found,
        "message": f"under the {stated} its clause states (the section's layer otherwise): "
        + str(found.get("message", "")),
    }


def not_at_clause_case(found: dict | None, changes: dict[str, str]) -> dict | None:
    """Not-understood in place of a verdict under the section's layer, which the clause says
    is not the claim's (None stays None: no claim)."""
    if found is None or found.get("status") == "not-understood":
        return found
    stated = ", ".join(f"{k} {v}" for k, v in changes.items())
    return {
        "status": "not-understood",
        "message": f"its clause states {stated}, and under that layer it gets no verdict "
        f"(under the section's layer: {str(found.get('message', ''))[:100]})",
    }
