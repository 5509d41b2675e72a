"""Softmax worked examples numbered by a subscript, with exact numbers (softmax_claims.py).

Notes that work two examples write each one's logits with the example's number:
"Beispiel 1: $z_1 = (\\ln 4,\\ \\ln 2,\\ \\ln 2)$, Klasse 3. Dann ist $p_1 = (\\tfrac12,\\
\\tfrac14,\\ \\tfrac14)$ und $\\ell_1 = \\ln 4$".  There the subscript is the example, not a
class: z_1 is a whole vector (it is given as one), so p_1, \\ell_1 and
\\partial \\ell_1 / \\partial z_1 are that example's probabilities, loss and gradient.  Such a
claim is the one-example claim with the subscript dropped, at that example's logits and the
class its sentence names.  p_1 is read so only where every other side is a vector (p_1 =
0.5 is a class's entry); the class must be named once in the sentence that gives the logits,
and its number must say where the notes' class numbers start (or the notes say it).

The numbers are read exactly: \\tfrac12, -\\tfrac34, \\ln 4, 2, 0.5 (the last as the
rational it writes), so that softmax(ln 4, ln 2, ln 2) = (1/2, 1/4, 1/4) is compared
exactly.  Parsed by hand, never eval'ed.
"""

from __future__ import annotations

import re
from dataclasses import replace

import sympy

from symconv.checker.limits import NotUnderstood
from symconv.checker.matrix_world import line_before
from symconv.checker.softmax_notes import _CLASS_NUMBER, SoftmaxNotes, decimal_points

_SPACING = re.compile(r"\\left|\\right|\\[ ,;!:]|\\quad|\\qquad")
_FRACTION = re.compile(r"\\[dt]?frac\s*(?:\{\s*(\d+)\s*\}|(\d))\s*(?:\{\s*(\d+)\s*\}|(\d))")
_ENTRY = re.compile(
    r"(?P<sign>[-+]?)\s*(?:(?P<frac>\\[dt]?frac\s*(?:\{\s*\d+\s*\}|\d)\s*(?:\{\s*\d+\s*\}|\d))"
    r"|\\(?P<log>ln|log)\s*(?:\{\s*(?P<arg>\d+)\s*\}|(?P<arg2>\d+))"
    r"|(?P<num>\d+(?:\.\d+)?|\.\d+))"
)


def exact_value(text: str) -> sympy.Expr | None:
    """One written number exactly: ``-\\tfrac34``, ``\\ln 4``, ``2``, ``0.5``; else None."""
    found = _ENTRY.fullmatch(text.strip())
    if found is None:
        return None
    if found.group("frac"):
        parts = _FRACTION.fullmatch(found.group("frac").strip())
        if parts is None:
            return None
        top, bottom = parts.group(1) or parts.group(2), parts.group(3) or parts.group(4)
        if int(bottom) == 0:
            return None
        value: sympy.Expr = sympy.Rational(int(top), int(bottom))
    elif found.group("log"):
        argument = int(found.group("arg") or found.group("arg2"))
        if argument == 0:
            return None
        value = sympy.log(argument)  # ln and log alike: the notes' log is the natural one
    else:
        value = sympy.Rational(found.group("num"))
    return -value if found.group("sign") == "-" else value


def exact_list(side: str) -> list[sympy.Expr] | None:
    """``(\\tfrac12,\\ \\tfrac14,\\ -\\tfrac34)`` or ``\\left(\\ln 4, 0\\right)``: each entry
    exactly, None unless every entry is such a number (two or more of them)."""
    compact = _SPACING.sub(" ", decimal_points(side)).strip()
    found = re.fullmatch(r"\(\s*(.*?)\s*\)", compact)
    if found is None:
        return None
    entries = [exact_value(e) for e in found.group(1).split(",")]
    if len(entries) < 2 or any(e is None for e in entries):
        return None
    return [e for e in entries if e is not None]


def _examples(before: str, logit: str) -> dict[str, tuple[list[sympy.Expr], str]]:
    """The examples given so far: number -> (its logits, the sentence after them)."""
    given = re.compile(
        rf"\$\s*{re.escape(logit)}\s*_\s*\{{?\s*(\d)\s*\}}?\s*=\s*"
        r"((?:\\left\s*)?\((?:[^()$]|\([^()$]*\))*?\)(?:\s*\\right\s*\)|(?<=\)))?)\s*\$"
    )
    found: dict[str, tuple[list[sympy.Expr], str]] = {}
    for match in given.finditer(before):
        entries = exact_list(match.group(2))
        if entries is None:
            continue
        rest = before[match.end() :]
        sentence = re.split(r"(?<=[.!?])\s|\n\s*\n", rest, maxsplit=1)[0]
        found[match.group(1)] = (entries, sentence)
    return found


_LEFT_FORMS = (
    # \frac{\partial \ell_1}{\partial z_1}: the example's loss gradient
    r"\\frac\s*\{\s*\\partial\s*\\ell\s*_\s*\{{?\s*{n}\s*\}}?\s*\}\s*"
    r"\{{\s*\\partial\s*{z}\s*_\s*\{{?\s*{n}\s*\}}?\s*\}}",
    r"\\ell\s*_\s*\{{?\s*{n}\s*\}}?",  # \ell_1: the example's loss
    r"{p}\s*_\s*\{{?\s*{n}\s*\}}?",  # p_1 = (...): the example's probabilities
)


def per_example(
    text: str, before: str, notes: SoftmaxNotes, sides: list[str]
) -> tuple[str, SoftmaxNotes] | None:
    """``text`` with the example's subscript dropped and the notes at that example's
    logits and class, or None when the claim is no claim about a numbered example (see the
    module doc)."""
    examples = _examples(before, notes.logit)
    if not examples or len(sides) < 2:
        return None
    left = sides[0].strip()
    for number, (logits, sentence) in examples.items():
        for kind, form in enumerate(_LEFT_FORMS):
            pattern = form.replace("{n}", number).replace("{z}", re.escape(notes.logit))
            pattern = pattern.replace("{p}", re.escape(notes.prob)).replace("{{", "{")
            pattern = pattern.replace("}}", "}")
            if not re.fullmatch(pattern, left):
                continue
            if kind == 2 and any(exact_list(s) is None and not _decimals(s) for s in sides[1:]):
                return None  # p_1 = 0.5: a class's entry, not example 1's vector
            label = _named_class(sentence, len(logits), notes)
            if label is None:
                return None
            subscript = r"\s*_\s*(?:\{\s*" + number + r"\s*\}|" + number + r"(?!\d))"
            dropped = re.sub(subscript, "", left, count=2)
            rest = text[text.find(sides[0]) + len(sides[0]) :]
            notes = replace(
                notes,
                logits=[float(v) for v in logits],
                exact_logits=logits,
                true_class=label[0],
                base=label[1],
                base_said=True,
            )
            return dropped + " " + rest.lstrip(), notes
    return None


def _decimals(side: str) -> bool:
    """A vector of decimals, (0.5, 0.25, 0.25): one of the example's too."""
    compact = _SPACING.sub(" ", side).strip()
    return re.fullmatch(r"\(\s*-?\d*\.?\d+(?:\s*,\s*-?\d*\.?\d+)+\s*\)", compact) is not None


def _named_class(sentence: str, count: int, notes: SoftmaxNotes) -> tuple[int, int] | None:
    """(the 0-based true class, the notes' first class number) from "Klasse 3", "class 1"
    in the sentence that gives the example's logits: the number counts from where the notes
    say, else from 1 if it is the last of the ``count`` classes, from 0 if it is 0."""
    named = {int(m.group(1)) for m in _CLASS_NUMBER.finditer(sentence)}
    if len(named) != 1:
        return None
    written = named.pop()
    if notes.base_said:
        base = notes.base
    elif written == count:
        base = 1
    elif written == 0:
        base = 0
    else:
        return None
    if not 0 <= written - base < count:
        return None
    return written - base, base


# "im Beispiel 1", "in example 2", "no exemplo 1": the example a sentence speaks of
_EXAMPLE_NAMED = re.compile(
    r"\b(?:Beispiel|example|exemplo|ejemplo|exemple|esempio|przyk[łl]adzie)\s+(\d)\b", re.I
)


def named_example(
    document: str, line: int, claim: str, notes: SoftmaxNotes
) -> list[sympy.Expr] | None:
    """The logits of the example the claim's sentence names ("im Beispiel 1 ist ..."), or
    None where it names none.  Named but not found among the examples given before: not
    understood (the notes' other logits would be another example's)."""
    rows = document.split("\n")
    own = line_before(rows, line, claim)
    sentence = re.split(r"(?<=[.!?])\s", own)[-1]
    named = _EXAMPLE_NAMED.search(sentence)
    if named is None:
        return None
    prior = "\n".join([*rows[: max(0, line - 1)], own])
    examples = _examples(decimal_points(prior), notes.logit)
    if named.group(1) not in examples:
        raise NotUnderstood("softmax claim: the example its sentence names is not read")
    return examples[named.group(1)][0]
