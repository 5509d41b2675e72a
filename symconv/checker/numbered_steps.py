"""A worked solution's numbered steps, which some languages name with the stride's word.

Spanish "paso", Italian "passo", Dutch "stap", Turkish "adım", Polish "krok", Russian "шаг"
Vietnamese "bước" and Greek "βήμα" are the words for a stride and for any step: "*Шаг 1 (размеры).*"
opens a solution's first step, "Шаг 2 (цепное правило)" its second, and "поэтому шаг 5
можно засчитывать" sends the grader back to step 5.  Read as a stride, each such number
sets another stride for the section (stride 1, 2, ... 6 on one page), and the one the
checker keeps is no stride the notes state: a stride-2 exam's correct gradients are then
compared with a stride-1 layer's (wrong) and a formula that forgets the stride's zeros
verifies.

A step is a title: its word opens an emphasis, a heading or a list item and a title's
punctuation follows its number ("*Шаг 1 (размеры).*", "**Stap 2.**", "### Paso 3 — la
derivada", "1. Krok 2. Pochodna"), or the word opens the line and a dash or a closing
parenthesis follows ("Adım 2 — zincir kuralı").  A stride is stated inside a sentence ("с
шагом 2", "шаг 2, ядро 3", "Вход 5x5. Шаг 2.", "con *paso 2* y relleno 1"), which none of
these shapes is.  Once a worked solution has titled its steps from 1 on and a step N among
them, the same word with N later on ("из шага 5", "шаг 5 можно засчитывать") names that
step again, not a stride N (the instrumental "с шагом 5" says "with stride 5" still; a
lone title, "# Paso 2" over notes on stride 2, numbers no steps).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

_STEP_WORD = r"paso|passo|stap|ad[ıi]m|krok|шаг|bước|βήμα|langkah|(?:ال)?خطوة"
_STEP_NUMBER = r"\s*\$?\s*(?P<{}>\d{{1,2}})\s*\$?"
_LINE_OPENS = r"^\s*(?:#+\s*|[-+•]\s+|\d{1,2}[.)]\s+)"
_STEP_LABEL = re.compile(
    # in an emphasis opening the line or a sentence: "*Шаг 1 (размеры).*", "**Stap 2.**",
    # "**Решение.** _Krok 3._" (not "con *paso 2* y relleno 1", a stride stressed)
    rf"(?:{_LINE_OPENS}?|[.!?:][*_]{{0,2}}\s+)(?:\*\*?|__?)\s*(?P<marked>{_STEP_WORD})"
    + _STEP_NUMBER.format("n1")
    + r"(?=\s*(?:[.:)(—–*_]|-\s|$))"
    # a heading's or a list item's: "### Paso 3 — la derivada", "1. Krok 2. Pochodna"
    + rf"|{_LINE_OPENS}(?P<listed>{_STEP_WORD})"
    + _STEP_NUMBER.format("n2")
    + r"(?=\s*(?:[.:)(—–]|-\s|$))"
    # the line's first word before a dash or a colon: "Adım 2 — zincir kuralı", "Paso 2:
    # calculamos" (a stride opens no line with its number and a colon)
    + rf"|^\s*(?P<bare>{_STEP_WORD})"
    + _STEP_NUMBER.format("n3")
    + r"(?=\s*(?:[):—–]|-\s))",
    re.IGNORECASE,
)
_GROUPS = (("marked", "n1"), ("listed", "n2"), ("bare", "n3"))
# the step words in their case endings ("из шага 5", "na kroku 5", "adımda 5"), a number
# after; not the instrumental "с шагом 5", "z krokiem 5", nor the Greek "με βήμα 5", which
# say "with stride 5" ("από το βήμα 5", "στο βήμα 5" send the reader back to step 5)
_STEP_MENTION = re.compile(
    r"(?<!\w)(?:paso|passo|stap|ad[ıi]m\w*|krok(?!iem)\w*|шаг(?!ом)\w*|bước|"
    r"(?<!με )βήμα(?:τος)?)\s*\$?\s*"
    r"(\d{1,2})(?!\d)",
    re.IGNORECASE,
)


def _labels(line: str) -> list[re.Match[str]]:
    return list(_STEP_LABEL.finditer(line))


def _numbers(line: str) -> list[tuple[int, str]]:
    """(position, number) of each step the line titles."""
    return [
        (m.start(), next(m.group(n) for w, n in _GROUPS if m.group(w) is not None))
        for m in _labels(line)
    ]


def without_step_labels(line: str) -> str:
    """``line`` with each numbered step's word put as "Step" ("*Шаг 2 (цепное правило).*"
    -> "*Step 2 (цепное правило).*"): the step's number is no stride the prose states."""

    def plain(m: re.Match[str]) -> str:
        word = next(w for w, _ in _GROUPS if m.group(w) is not None)
        start, end = m.start(word) - m.start(), m.end(word) - m.start()
        return m.group(0)[:start] + "Step" + m.group(0)[end:]

    return _STEP_LABEL.sub(plain, line)


@lru_cache(maxsize=16)
def _titled_steps(text: str) -> dict[str, int]:
    """{number: the 1-based line that first titles step number}."""
    found: dict[str, int] = {}
    for at, line in enumerate(text.split("\n"), start=1):
        for _, number in _numbers(line):
            found.setdefault(str(int(number)), at)
    return found


def names_titled_step(lines: list[str], at: int, value: str) -> bool:
    """Whether line ``at`` (1-based) says the step word with ``value`` after the notes titled
    a step ``value`` above it ("поэтому шаг 5 можно засчитывать" below "*Шаг 5.*"): it
    names that step, so ``value`` is no stride of the line.  Only in a worked solution, whose
    steps are titled from 1 on: a lone title ("# Paso 2", notes on a stride of 2) numbers
    no steps to name again."""
    if not value.isdigit() or not 0 < at <= len(lines):
        return False
    steps = _titled_steps("\n".join(lines))
    if "1" not in steps or len(steps) < 2:
        return False  # no worked solution's steps: "# Paso 2" titles notes on stride 2
    titled = steps.get(str(int(value)))
    if titled is None or titled >= at:
        return False
    return any(int(m.group(1)) == int(value) for m in _STEP_MENTION.finditer(lines[at - 1]))


def without_steps(text: str) -> str:
    """``text`` (lines) with its step titles and, once it titles steps from 1 on, the later
    mentions of a titled step ("Από το βήμα 2 έχουμε" below "### Βήμα 2") put as "Step N":
    for a reader of a whole passage, which has no line of a fact to ask
    :func:`names_titled_step` about."""
    lines = text.split("\n")
    steps = _titled_steps(text)
    numbered = "1" in steps and len(steps) >= 2

    def mention(at: int) -> Callable[[re.Match[str]], str]:
        # (a line that titles step N names an earlier step M < N: "**Βήμα 3.** Από το βήμα
        # 2 έχουμε", read alone as a claim's own sentence, has no step 1 above it)
        own = [int(n) for _, n in _numbers(lines[at - 1])]

        def plain(m: re.Match[str]) -> str:
            titled = steps.get(str(int(m.group(1))))
            named = numbered and titled is not None and titled < at
            earlier = any(int(m.group(1)) < n for n in own)
            return f"Step {m.group(1)}" if named or earlier else m.group(0)

        return plain

    return "\n".join(
        _STEP_MENTION.sub(mention(at), without_step_labels(line))
        for at, line in enumerate(lines, start=1)
    )
