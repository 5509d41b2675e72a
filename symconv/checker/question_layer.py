"""A count or size in a question that points back to the layer of the question before it:
"**2.** Wie viele Parameter hat diese Schicht (mit Bias)? $6 \\cdot (5 \\cdot 5 \\cdot 3 + 1) =
456$", "**Q3.** And the output side of the same layer?", "(b) ¿Cuántos parámetros tiene esta
capa?".

A quiz states one layer per question (scope_facts.passages never lets question 2 read the
facts of question 1).  When a question states no layer of its own and names "this layer" /
"diese Schicht" / "esta capa", its layer is the previous question's: read from that
question's facts, with the question's own words (a bias asked for) taking precedence.  The
quantity is judged as bound_sizes judges a named one: verified when every side is the
layer's, wrong naming the right number only when the computation writes the layer's own
numbers (its filters and kernel for a count, its input side and kernel for a size); any
other reading is left to the other readers.
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any

from symconv.checker.bound_sizes import Unbound, compare, truth_of
from symconv.checker.context import finding
from symconv.checker.counterexamples import json_number
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED
from symconv.checker.scope_facts import CLOSED, facts, hard_border, passages
from symconv.checker.size_names import OUTPUT, PARAMS, Quantity
from symconv.checker.size_structure import _uses

# the question names the layer it asks about as one already given
_BACK = re.compile(
    r"\b(?:this layer|that layer|the same layer|the layer above|diese[rsn]? Schicht|"
    r"derselben Schicht|dieselbe Schicht|esta capa|esa capa|la misma capa|dicha capa|"
    r"cette couche|la même couche|questo strato|lo stesso strato)\b",
    re.I,
)
_LAYER_KEYS = {"in_h", "in_w", "c_in", "c_out", "k", "s", "p", "n_in", "n_out", "d", "out_pad"}


def _question_start(document: list[str], line: int, where: str) -> int | None:
    """The 0-based line of the question's head, from passages' name "... (line N)"."""
    m = re.search(r"\(line (\d+)\)", where)
    if m is None:
        return None
    start = int(m.group(1)) - 1
    while start > 0 and not hard_border(document[start]):
        start -= 1
    return start if hard_border(document[start]) else None


def _previous_question(document: list[str], head: int) -> str | None:
    """The lines of the question before the one whose head is at ``head``."""
    begin = head - 1
    while begin >= 0 and not hard_border(document[begin]):
        begin -= 1
    return "\n".join(document[begin:head]) if begin >= 0 else None


def question_before(
    value: Fraction, source: str, document: list[str], line: int, params: bool
) -> dict[str, Any] | None:
    """The verdict of a numbers-only count or size in a question about the previous
    question's layer; None when the claim is not in such a question."""
    if not 1 <= line <= len(document):
        return None
    around = passages(document, line, document[line - 1])
    where, question = around[-1]
    if not where.startswith(CLOSED) or not _BACK.search(question):
        return None
    own = facts(question)
    if _LAYER_KEYS & set(own):  # the question states a layer of its own
        return None
    head = _question_start(document, line, where)
    before = _previous_question(document, head) if head is not None else None
    if before is None:
        return None
    earlier = facts(before)
    levels = [("its question", own), ("the question before it", earlier)]
    quantity = Quantity(PARAMS if params else OUTPUT, None, "the count" if params else "H")
    scope = before + "\n" + question
    try:
        truth, about = truth_of(quantity, levels, facts(scope), scope)
    except Unbound as exc:
        return finding(
            NOT_UNDERSTOOD,
            f"the arithmetic holds ({json_number(value)}), but the layer of the question "
            f"before it is not read ({exc})",
        )
    if value == truth:
        return finding(VERIFIED, f"every side is {json_number(value)}: {about}")
    written = (
        (earlier.get("c_out", [0])[0], earlier.get("k", [0])[0])
        if params
        else (earlier.get("in_h", [0])[0], earlier.get("k", [0])[0])
    )
    if not _uses(source, *written):
        return None
    return compare(truth, [value], about + " (the layer of the question before it)")


# the clause names the one layer the notes describe: "the layer has ... parameters"
_THE_LAYER = re.compile(
    r"\b(?:the layer|this layer|our layer|the conv(?:olution)? layer|la capa|esta capa|"
    r"nuestra capa|die Schicht|diese Schicht|unsere Schicht|la couche|cette couche)\b",
    re.I,
)


def the_layer_count(
    value: Fraction, source: str, clause: str, document: list[str], line: int
) -> dict[str, Any] | None:
    """The verdict of a numbers-only parameter count the clause gives "the layer", where the
    notes state one layer's channels, filters and kernel once each (the nearest passage
    that states a fact wins, as for a named count); None when the clause names no layer or
    the layer is not read (left to the other readers)."""
    at = clause.find(source)
    if not 1 <= line <= len(document) or not _THE_LAYER.search(clause[: max(0, at)]):
        return None
    around = passages(document, line, clause)
    levels = [(where, facts(t)) for where, t in around]
    if around[-1][0].startswith(CLOSED):
        scope = "\n".join(t for _, t in around)
    else:
        scope = "\n".join(document)
    whole = facts(scope)
    if any(len(whole.get(key, [])) > 1 for key in ("c_in", "c_out", "k", "n_in", "n_out")):
        return None  # two layers in the notes: which one "the layer" is, is a guess
    quantity = Quantity(PARAMS, None, "the count")
    try:
        truth, about = truth_of(quantity, levels, whole, scope)
    except Unbound:
        return None
    if value == truth:
        return finding(VERIFIED, f"every side is {json_number(value)}: {about}")
    filters = whole.get("c_out") or whole.get("n_out") or [0]
    if not _uses(source, filters[0]):
        return None
    return compare(truth, [value], about + " (the one layer the notes state)")
