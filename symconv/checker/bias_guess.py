"""A forward formula without a bias, in notes whose bias is read from elsewhere.

"Setup: ... $Y = X \\star K$ (valid cross-correlation, stride 1, no padding)" and, further
down, "with a bias, $Y = X \\star K + b\\,\\mathbf{1}\\mathbf{1}^\\top$"; "Say the layer does
valid cross-correlation $Y = X \\star K$" in a section after one about a layer with biases.
Judged against a layer with a bias, the first formula is "missing b"; but whether the layer
it is about has a bias is exactly what the notes leave open: the formula itself defines the
layer without one, the bias comes from another line.  A wrong verdict is only given when
the claim is wrong under the layer the notes settle, so:

- the claim must hold for the same layer without a bias (else it is wrong for another
  reason and stays wrong);
- and either the prose around it introduces it as the layer's definition ("Setup:",
  "say", "suppose", "assume", "let", "the layer does", "forward pass:", "sea", "soit"), or
  the bias is not stated in the claim's own section before it (it comes from a later line,
  another section, or only a ``b`` seen in some formula; "the layer has a bias $b$" states
  it).

Then the verdict is not-understood, naming the guess; a forward formula that forgets the
bias the prose states just before it stays wrong.
"""

from __future__ import annotations

import re
from typing import Any

from symconv.checker.infer import strength
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG

# the claim's own sentence presents it as what the layer is, not as a result
_DEFINES = re.compile(
    r"\b(?:set[- ]?up|say|suppose|assume|assuming|let|consider|define[sd]?|we write|"
    r"the layer (?:does|computes|is)|forward(?: pass)?\s*:|forward pass|"
    r"sea|supongamos|definimos|soit|supposons|sia|definiamo|ida)\b",
    re.IGNORECASE,
)
# "the layer has a bias $b$", "a 2x2 kernel and a bias b", "con un sesgo": said in words
_STATES_BIAS = re.compile(
    r"\b(?:has|have|with|and|plus|adds?|includes?|con|tiene|y)\s+(?:a|an|one|the|un|una)?\s*"
    r"(?:bias|sesgo)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?:]\s+(?=[A-Z*])")


def _own_sentence(prose: str) -> str:
    """The sentence the claim sits in, up to the claim: the prose after the last full stop
    (inline math counts, a display's own line is its preceding paragraph line)."""
    last_line = prose.rsplit("\n", 1)[-1]
    if not last_line.strip():
        return ""
    parts = _SENTENCE_END.split(last_line)
    return parts[-1] if parts else last_line


def bias_left_open(checker: Any, text: str, found: dict, line: int) -> dict:
    """``found`` (wrong), or not-understood when the claim holds without a bias and the
    bias is not the notes' settled word for this claim's layer."""
    if found.get("status") != WRONG or not re.search(r"missing b\b", str(found.get("message"))):
        return found
    settings = checker.settings
    if (settings.get("bias") or "true").lower() in ("false", "no", "0", "off"):
        return found
    reading, facts = checker.section_facts()
    bias = next((f for f in sorted(facts, key=strength) if f.key == "bias"), None)
    section = reading.line if reading is not None else 0
    if not checker.document:
        return found  # --expr: the layer is the declared one, nothing guessed
    declared = checker.declares("bias")  # an option, a directive
    said = "\n".join(checker.document[max(section, 1) - 1 : line - 1])
    settled = (
        declared
        or _STATES_BIAS.search(said) is not None
        or (bias is not None and strength(bias) == 0 and section <= bias.line < line)
    )
    defines = bool(_DEFINES.search(_own_sentence(checker._prose_before())))
    if settled and not defines:
        return found
    other = checker.judged_under(text, {"bias": "false"})
    if other is None or other.get("status") != VERIFIED:
        return found
    where = f"line {bias.line} ({bias.how})" if bias is not None else "no line (a default)"
    why = (
        "the sentence presents it as the layer's definition"
        if defines
        else "no line of its section states a bias before it"
    )
    return {
        "status": NOT_UNDERSTOOD,
        "message": (
            f"it holds for the layer without a bias; the bias is read from {where}, but "
            f"{why}: whether this layer has a bias is a guess (read with one: "
            f"{str(found.get('message', ''))[:100]})"
        ),
    }


# dL/db, \partial b_f, db anywhere in the notes: they differentiate by a bias
_DIFFERENTIATES_BY_B = re.compile(r"\\partial\s*\{?\s*b(?![A-Za-z])|(?<![A-Za-z\\])db(?![A-Za-z])")


def bias_absent_guessed(checker: Any, text: str, found: dict, line: int) -> dict:
    """``found`` (verified), or not-understood when it holds only for the layer without a
    bias, that absence is the weakest guess ("no bias symbol is written": the forward
    formula itself, or no formula at all, decided it), and the notes differentiate by a
    bias ``b`` somewhere: ``Z = XW`` in notes that go on to ``\\partial L/\\partial b``
    may be a forward pass that forgot its bias, which a verification would call right."""
    if found.get("status") != VERIFIED or not checker.document:
        return found
    if checker.declares("bias"):
        return found  # an option or a directive says it
    _, facts = checker.section_facts()
    bias = next((f for f in sorted(facts, key=strength) if f.key == "bias"), None)
    if bias is None or bias.value != "false" or "no bias symbol" not in bias.how:
        return found
    where = next(
        (k for k, row in enumerate(checker.document, start=1) if _DIFFERENTIATES_BY_B.search(row)),
        None,
    )
    if where is None:
        return found
    other = checker.judged_under(text, {"bias": "true"})
    if other is None or other.get("status") != WRONG:
        return found  # the same with a bias, or unread with one for another reason
    return {
        "status": NOT_UNDERSTOOD,
        "message": (
            "it holds for the layer without a bias, which is read only from no bias symbol "
            f"being written, but the notes differentiate by a bias b (line {where}): "
            "whether this layer has a bias is a guess"
        ),
    }


_NO_BIAS_COUNT = re.compile(r"\bno bias has (\d+) parameters\b")
_NOT_A_NO_BIAS_COUNT = re.compile(r"is no parameter count of [^;]*\bno bias\b")


def count_bias_guessed(checker: Any, text: str, found: dict) -> dict:
    """A parameter count judged against a layer read without biases only because no ``b``
    is written: such notes are silent on the biases, not saying there are none.

    Forgetting the biases is the commonest slip in a count ("6 filters of 5x5 over 3
    channels: 6·5·5·3 = 450", where nn.Conv2d(3, 6, 5) has 456), so a count that holds only
    without them is not understood, naming the guess; one that holds with a bias per output
    channel (the default of nn.Conv2d and nn.Linear) is verified, saying so (never wrong: a
    count wrong without the biases but right with them is that count).  One wrong either
    way stays wrong."""
    message = str(found.get("message", ""))
    counted = found.get("status") == VERIFIED and _NO_BIAS_COUNT.search(message)
    missed = found.get("status") == NOT_UNDERSTOOD and _NOT_A_NO_BIAS_COUNT.search(message)
    # "32, not 36" where 36 counts a bias per filter: wrong only under the guessed no-bias
    missed = missed or (found.get("status") == WRONG and _NO_BIAS_COUNT.search(message))
    if not (counted or missed) or not checker.document or checker.declares("bias"):
        return found  # an option or a directive settles the bias
    _, facts = checker.section_facts()
    bias = next((f for f in sorted(facts, key=strength) if f.key == "bias"), None)
    if bias is None or bias.value != "false" or "no bias symbol" not in bias.how:
        return found  # the notes say in words that the layer has no bias
    if missed:
        other = checker.judged_under(text, {"bias": "true"})
        if other is None or other.get("status") != VERIFIED:
            return found
        return {
            **other,
            "message": f"{other['message']} (with a bias per output channel: the notes "
            "write no b and do not say there is none; nn.Conv2d and nn.Linear have them "
            "by default)",
        }
    return {
        "status": NOT_UNDERSTOOD,
        "message": (
            f"{message.split(': ', 1)[-1]}, but the notes do not say the layer has no bias "
            "(it is read only from no bias symbol being written): with one bias per output "
            "channel the count is larger, and which the notes mean is a guess"
        ),
    }
