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

import re

# n = 1, 2 | n = 1, 2, 3 | n = 1, \dots, N | n = 1..N | n \in \{1, \ldots, N\}
_LIST_FROM_ONE = re.compile(
    r"(?<![A-Za-z\\])(?P<v>[nimbspt])\s*(?:=|\\in\s*\\\{)\s*1\s*"
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
    for sentence in re.split(r"(?<=[.;!?])\s+|\n\s*\n", document):
        if not _BATCH.search(sentence):
            continue
        for m in _LIST_FROM_ONE.finditer(sentence):
            v = m.group("v")
            if re.search(r"\^\s*\{\s*\(\s*" + v + r"\s*\)\s*\}", document):
                return True
    return False
