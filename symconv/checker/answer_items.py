"""An answer at the end of a section, and the exercise it answers: the layer is the exercise's.

Textbooks, problem sheets and handouts state their exercises first and collect the answers
below, each answer keyed by its exercise's number:

    **Exercise 5.7.1.** A $3 \\times 3$ convolution with dilation 2, padding 2 ... is applied
    to a $32 \\times 32$ feature map. What is the output size?
    ...
    ## Answers
    **5.7.1.** $H_{out} = (32 + 4 - 4 - 1)/1 + 1 = 32$.

("Lösungen" / "Aufgabe 2", "Soluciones" / "Ejercicio 3", "Réponses" / "Exercice 1", "Q4" /
"A4", "Solution 2.3").  The answer's claim is about the layer its exercise states, and about
no other: read passage by passage upwards, answer 5.7.1 would otherwise meet the last
exercise above the answers (5.7.8) first and take that one's layer.

So an answer item is a passage of its own (scope_facts.passages stops there), followed by
the text of the one exercise above the answers whose label carries the same number (its
head down to the next exercise, heading or the answers' title).  An item whose number no
exercise carries, or two exercises carry, reads its own words only.  An item is an answer
when it stands under an answers title or says "Answer"/"Solution" itself; its number is
matched whole ("5.7.1" is never "1").
"""

from __future__ import annotations

import re

# an answers title: "## Answers", "**Solutions**", "### Lösungen", "Respuestas:", "Corrigé"
# (plural: a list of answers; "## Solution" above numbered steps is one worked solution)
_PLURAL = (
    r"Answers|Solutions|Answer key|Antworten|L[öo]sungen|L[öo]sungshinweise|Respuestas|"
    r"Soluciones|R[ée]ponses|Corrig[ée]s|Risposte|Soluzioni|Respostas|Solu[çc][õo]es|Gabarito|"
    r"Respostes|Solucions|Odpowiedzi|Rozwi[ąa]zania|Antwoorden|Oplossingen|L[öo]sningar|"
    r"Ответы|Решения|Cevaplar|[ÇC][öo]z[üu]mler|Pembahasan"
)
_SINGULAR = (
    r"Answer|Solution|L[öo]sung|Respuesta|Soluci[óo]n|R[ée]ponse|Corrig[ée]|Risposta|"
    r"Soluzione|Resposta|Solu[çc][ãa]o|Odpowied[źz]|Rozwi[ąa]zanie|Antwoord|Oplossing|Svar|"
    r"Ответ|Решение|Cevap|Jawaban"
)
_TITLE = re.compile(
    rf"^\s*(?:#{{1,6}}\s*(?:\d+(?:\.\d+)*\.?\s*)?(?:(?P<h>{_PLURAL})|{_SINGULAR})\b.*|"
    rf"(?:\*\*|__)(?:(?P<b>{_PLURAL})|{_SINGULAR})\b[^*_\n]{{0,40}}(?:\*\*|__)\s*:?\s*|"
    rf"(?:(?P<p>{_PLURAL})|{_SINGULAR})\s*:?\s*)$",
    re.IGNORECASE,
)
_ANSWER_WORD = (
    r"Answer|Solution|Sol\.|Ans\.|Antwort|L[öo]sung|Respuesta|Soluci[óo]n|R[ée]ponse|"
    r"Corrig[ée]|Risposta|Soluzione|Resposta|Solu[çc][ãa]o|Resoluci[óo]|Odpowied[źz]|"
    r"Rozwi[ąa]zanie|Antwoord|Oplossing|Svar|L[öo]sning|Ответ|Решение|Cevap|[ÇC][öo]z[üu]m|"
    r"Jawaban|A(?=\s*\d)"
)
_QUESTION_WORD = (
    r"Exercise|Ex\.|Problem|Question|Q|Task|Aufgabe|[ÜU]bung|Frage|Ejercicio|Problema|"
    r"Pregunta|Exercice|Probl[èe]me|Esercizio|Domanda|Exerc[íi]cio|Quest[ãa]o|Exercici|"
    r"Zadanie|Pytanie|Opgave|Oefening|Vraag|Uppgift|[ÚU]loha|Cvi[čc]en[íi]|Задача|"
    r"Упражнение|Вопрос|Soru|Al[ıi][şs]t[ıi]rma|Soal|Latihan"
)
_NUMBER = r"(\d+(?:\.\d+)*[a-z]?)"
# "**5.7.1.**", "1)", "**Answer 3.**", "*Solution to Exercise 2:*", "A4."
_ITEM = re.compile(
    rf"^\s*(?:[-*+]\s+)?(?:\*\*|__|\*|_)?\s*(?:(?P<word>{_ANSWER_WORD})\s*(?:to\s+|zu\s+|"
    rf"de\s+l[a']\s*|del\s+|di\s+|do\s+|da\s+)?(?:(?:{_QUESTION_WORD})\s*)?)?"
    rf"{_NUMBER}\s*(?:[.):]|\*\*|__|\s[-—–])",
    re.IGNORECASE,
)
_QUESTION = re.compile(
    rf"^\s*(?:[-*+]\s+)?(?:\*\*|__|\*|_)?\s*(?:(?:{_QUESTION_WORD})\s*)?{_NUMBER}\s*"
    r"(?:[.):]|\*\*|__|\s[-—–]|\s*\()",
    re.IGNORECASE,
)
_HEADING = re.compile(r"^\s*#{1,6}\s")


def answered(document: list[str], line: int) -> tuple[int, int | None, str] | None:
    """(the 1-based line of the answer item the claim on ``line`` stands in, the 1-based
    line of the exercise it answers or None, that exercise's text) -- None when the claim
    is in no answer item."""
    if not 1 <= line <= len(document):
        return None
    head = _item_head(document, line)
    if head is None:
        return None
    m = _ITEM.match(document[head - 1])
    number = m.group(2) if m else None
    title, plural = _title_above(document, head)
    if number is None or not (m.group("word") or plural):
        return None  # a numbered step of one worked solution, or a list of no answers
    end = (title or head) - 1  # the exercises stand above the answers
    found = [
        k
        for k in range(1, end + 1)
        if not _HEADING.match(document[k - 1])
        and (q := _QUESTION.match(document[k - 1])) is not None
        and q.group(1) == number
    ]
    if len(found) != 1:
        return head, None, ""
    first = found[0]
    last = first
    while last < end and not _stops(document[last], document[first - 1]):
        last += 1
    return head, first, "\n".join(document[first - 1 : last])


def _item_head(document: list[str], line: int) -> int | None:
    """The line of the answer item above (or on) ``line``, within one block (no heading
    or answers title in between, at most a few paragraphs up)."""
    blank = 0
    for k in range(line, 0, -1):
        text = document[k - 1]
        if _ITEM.match(text):
            return k
        if _HEADING.match(text) or _TITLE.match(text):
            return None
        blank += not text.strip()
        if blank > 2:
            return None
    return None


def _title_above(document: list[str], head: int) -> tuple[int | None, bool]:
    """(the line of the answers title the item stands under, with no other heading
    between, or None; whether the title is a plural, a list of answers)."""
    for k in range(head - 1, 0, -1):
        m = _TITLE.match(document[k - 1])
        if m is not None:
            return k, any(m.group(g) for g in ("h", "b", "p"))
        if _HEADING.match(document[k - 1]):
            return None, False
    return None, False


def _stops(text: str, head: str) -> bool:
    """Where an exercise's text ends: the next exercise (labelled as this one is: a list
    inside it goes on), a heading, an answers title."""
    if _HEADING.match(text) or _TITLE.match(text):
        return True
    other, own = _QUESTION.match(text), _QUESTION.match(head)
    return other is not None and own is not None and _shape(other) == _shape(own)


def _shape(m: re.Match) -> tuple[int, str]:
    """A label's form: how many numbers its number has, and the words before it."""
    return m.group(1).count("."), m.string[: m.start(1)].strip(" *_-+").lower()
