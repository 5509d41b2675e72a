"""A batch whose samples the notes' words number from 1: "Ejemplos del lote numerados
$n = 1, 2$", "the samples $n = 1, \\dots, N$ of the minibatch", "pour les exemples
$i = 1..B$ du lot".

Notes with 0-based entries (x_{c,0,0}) often count the samples of a batch from 1 and mark
each sample's tensors with that count (x^{(n)}, \\delta^{(n)}).  Where a sentence about the
batch lists the sample mark's values starting at 1, the sum over samples
``\\sum_{n=1}^{N}`` is the sum over every sample, i.e. over the checker's 0-based batch
axis 0..N-1 (sample_numbering.from_sample_zero rewrites it).  The sum is the same set of
terms whichever base names them, so reading it is exact whenever the summation index is
used only as the sample mark (checked there).

Only a letter the notes use as a sample mark (``^{(n)}``, of the letters refs.sample_index
reads) counts, and only in a sentence that names a batch or its samples: "$i = 1, 2$"
elsewhere is an entry's range.
"""

from __future__ import annotations

import functools
import re

from symconv.checker.refs import SAMPLE_LETTERS

# n = 1, 2 | n = 1, 2, 3 | n = 1, \dots, N | n = 1..N | n \in \{1, \ldots, N\}
_LIST_FROM_ONE = re.compile(
    r"(?<![A-Za-z\\])(?P<v>[" + "".join(sorted(SAMPLE_LETTERS)) + r"])\s*(?:=|\\in\s*\\\{)\s*1\s*"
    r"(?:,\s*(?:2|\\[lc]?dots|\\ldots)|\.\.|\\ldots|\\dots)"
)
# words that name a batch or its members (English, Spanish, French, German, Italian, Portuguese)
_BATCH = re.compile(
    r"\b(?:batch|mini-?batch|samples?|examples?|lote|muestras?|ejemplos?|lot|"
    r"[ée]chantillons?|exemples?|Stapel|Beispiele?|Stichproben?|campioni|esempi|amostras?|"
    r"exemplos?)\b",
    re.IGNORECASE,
)


def numbered_from_one(document: str) -> bool:
    """Whether a sentence about the batch numbers its samples from 1, with a letter the
    notes use as a sample mark (x^{(n)})."""
    return bool(_mark_letters(document))


# every claim asks it of the same document (twice: numbered_from_one, then
# marked_samples_from_zero): a sentence split and a search over the whole of it each time
@functools.lru_cache(maxsize=16)
def _mark_letters(document: str) -> frozenset[str]:
    """The sample-mark letters a sentence about the batch numbers from 1."""
    found = set()
    for sentence in re.split(r"(?<=[.;!?])\s+|\n\s*\n", document):
        if not _BATCH.search(sentence):
            continue
        for m in _LIST_FROM_ONE.finditer(sentence):
            v = m.group("v")
            if re.search(r"\^\s*\{\s*\(\s*" + v + r"\s*\)\s*\}", document):
                found.add(v)
    return frozenset(found)


_TENSOR = r"(?<![A-Za-z\\])(?P<t>\\[A-Za-z]+|[A-Za-z])"
_DIGIT_MARK = r"\^\s*\{\s*\(\s*(?P<k>[1-9])\s*\)\s*\}"
_ENTRY = r"_\s*\{(?P<i>[^{}]*)\}"
# x^{(2)}_{1,0,3} or x_{1,0,3}^{(2)}: sample 2's entry (1, 0, 3)
_MARKED_ENTRY = re.compile(
    _TENSOR
    + r"\s*(?:"
    + _DIGIT_MARK
    + r"\s*"
    + _ENTRY
    + "|"
    + _ENTRY.replace("P<i>", "P<j>")
    + r"\s*"
    + _DIGIT_MARK.replace("P<k>", "P<l>")
    + ")"
)


def marked_samples_from_zero(text: str, document: str) -> str:
    """``text`` with each entry of one numbered sample, ``x^{(2)}_{1,0,3}``, written as the
    entry of the batched tensor, ``x_{1,1,0,3}`` (sample 2 counted from 1 is row 1 of the
    0-based batch axis), where the notes number the samples from 1 and mark that tensor's
    samples with the numbered letter (``x^{(n)}``); else ``text``.  A digit mark on a letter
    the notes never mark with the sample letter stays (a layer's number)."""
    letters = _mark_letters(document)
    if not letters or not _MARKED_ENTRY.search(text):
        return text
    sampled = {
        m.group(1)
        for v in letters
        for m in re.finditer(
            _TENSOR.replace("?P<t>", "")
            + r"\s*(?:_\s*\{[^{}]*\}\s*)?\^\s*\{\s*\(\s*"
            + v
            + r"\s*\)\s*\}",
            document,
        )
    }

    def entry(m: re.Match) -> str:
        if m.group("t") not in sampled:
            return m.group(0)
        k, indices = m.group("k") or m.group("l"), m.group("i") or m.group("j")
        return f"{m.group('t')}_{{{int(k) - 1},{indices}}}"

    return _MARKED_ENTRY.sub(entry, text)
