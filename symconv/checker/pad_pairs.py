"""What a two-number subscript of the notes' padding operator means, read from their words.

``\\operatorname{pad}_{1,2}`` has two readings on a 2-D map: 1 row and 2 columns of zeros on
every side (how symconv prints it, the operator reader's default), or 1 zero before and 2
after along each axis (an asymmetric padding, as PyTorch's ``padding='same'`` with an even
kernel, or a stride that leaves the last padded row unread).  Notes that mean the second say
so where they name it: "the map gets $1$ zero before and $2$ after, which we write
$\\operatorname{pad}_{1,2}$", "$\\operatorname{pad}_{(a, c)}$ を「先頭に $a$、末尾に $c$」
のゼロ埋めとして", "mit $a$ Nullen vorne und $c$ hinten".  Read as rows and columns, such a
claim is judged as another operation than the one written: a correct gradient called wrong.

Only the sentence that writes the two-entry subscript is read, and only a pair of words for
both ends (before and after, start and end, ...) with no word for rows or columns: then a
two-number subscript of a claim, ``pad_{2,3}`` or ``pad_{(2, 3)}``, is spelled out as the
four sides ``pad_{2,3,2,3}`` (top, bottom, left, right: 2 before and 3 after on each axis).
On a 1-D map ``pad_{l,r}`` already reads as its two ends, and the subscript is left as it
is.  Notes that say nothing keep the default.
"""

from __future__ import annotations

import functools
import re

_NAME = r"(?:\\(?:operatorname|mathrm|text|textrm|mathit)\s*\{\s*pad\s*\}|(?<![A-Za-z\\])pad)"
# the pad operator with a two-entry subscript, entries anything but braces and commas
_PAIR = re.compile(_NAME + r"\s*_\s*\{\s*\(?\s*[^{}(),]+?\s*,\s*[^{}(),]+?\s*\)?\s*\}")
# ... and in a claim: two whole numbers, bare or in parentheses
_NUMBERS = re.compile(
    r"(?P<name>" + _NAME + r")\s*_\s*\{\s*(?P<open>\(?)\s*(?P<a>\d+)\s*,\s*(?P<b>\d+)\s*"
    r"(?P<close>\)?)\s*\}"
)
# a sentence ends at a full stop, a question or exclamation mark or a blank line
_END = re.compile(r"[.!?;。！？；](?=\s|$)|\n\s*\n")
# words for the two ends of an axis, each pair in one language (matched case-blind)
_END_PAIRS = [
    (r"\bbefore\b", r"\bafter\b"),
    (r"\b(?:at the )?start\b", r"\b(?:at the )?end\b"),
    (r"\bleading\b", r"\btrailing\b"),
    (r"\b(?:vorne|davor)\b", r"\b(?:hinten|dahinter)\b"),
    (r"\bam Anfang\b", r"\bam Ende\b"),
    (r"\bavant\b", r"\baprès\b"),
    (r"\bau début\b", r"\bà la fin\b"),
    (r"\bantes\b", r"\bdespués\b"),
    (r"\bal (?:principio|inicio|comienzo)\b", r"\bal final\b"),
    (r"\bprzed\b", r"\bpo\b"),
    (r"\bna początku\b", r"\bna końcu\b"),
    (r"\bprima\b", r"\bdopo\b"),
    (r"先頭", r"末尾"),
    (r"前面", r"后面|後面"),
    (r"开头|開頭", r"末尾|结尾|結尾"),
    (r"앞", r"뒤"),
]
# words for the two axes, each pair in one language: a definition that names both ("1 row
# and 2 columns of zeros") is the default reading; one word alone ("the last padded row is
# never read") names no axis of the subscript
_AXIS_PAIRS = [
    (r"\brows?\b", r"\bcolumns?\b"),
    (r"\bvertical", r"\bhorizontal"),
    (r"\bheight\b", r"\bwidth\b"),
    (r"\bZeilen?\b", r"\bSpalten?\b"),
    (r"\blignes?\b", r"\bcolonnes?\b"),
    (r"\bfilas?\b", r"\bcolumnas?\b"),
    (r"\bwiersz", r"\bkolumn"),
    (r"行", r"列"),
    (r"높이", r"너비"),
]


def _pair_said(pairs: list[tuple[str, str]], words: str) -> bool:
    return any(
        re.search(a, words, re.IGNORECASE) and re.search(b, words, re.IGNORECASE) for a, b in pairs
    )


def _sentence(document: str, start: int, end: int) -> str:
    """The sentence around ``document[start:end]``, at most 240 characters either side."""
    left = document[max(0, start - 240) : start]
    ends = list(_END.finditer(left))
    left = left[ends[-1].end() :] if ends else left
    right = document[end : end + 240]
    stop = _END.search(right)
    right = right[: stop.start()] if stop else right
    return left + document[start:end] + right


@functools.lru_cache(maxsize=4)
def pairs_are_ends(document: str) -> bool:
    """True when the notes define a two-entry pad subscript as its before and after ends,
    and never as rows and columns."""
    said: set[str] = set()
    for m in _PAIR.finditer(document):
        words = _sentence(document, m.start(), m.end())
        words = re.sub(r"\$[^$]*\$", " ", words)  # the words, not the math's letters
        if _pair_said(_AXIS_PAIRS, words):
            said.add("axes")
        elif _pair_said(_END_PAIRS, words):
            said.add("ends")
    return said == {"ends"}


def with_pad_pair_meaning(text: str, document: str, dims: int) -> str:
    """The claim with each two-number pad subscript spelled out as the four sides its notes
    define (``pad_{2,3}`` -> ``pad_{2,3,2,3}``: 2 zeros before and 3 after on each axis)."""
    if dims != 2 or not _NUMBERS.search(text) or not pairs_are_ends(document):
        return text
    return _NUMBERS.sub(
        lambda m: (
            f"{m.group('name')}_{{{m.group('a')},{m.group('b')},{m.group('a')},{m.group('b')}}}"
        ),
        text,
    )
