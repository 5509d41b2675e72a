"""One sample's channel map written with a sample mark: ``X^{(n)}_c``, ``\\Delta^{(n)}_f``.

Notes about a batch that mark each sample's tensors ``x^{(n)}_{c,i,j}`` write the maps of
the matrix form the same way: ``\\frac{\\partial L}{\\partial W_{f,c}} = \\sum_{n=1}^{2}
X^{(n)}_c \\star \\Delta^{(n)}_f``.  The mark in brackets names the sample (refs.sample_index
reads ``x^{(n)}_{c,i,j}`` as the entry (n, c, i, j)), so ``X^{(n)}_c`` is the map of sample
n, channel c: the map channel_maps.py writes ``X_{n,c}`` (its layout table: input and
upstream gradient with two subscripts select sample then channel or filter).  The rewrite
is that identity of names, nothing more; a weight has no sample, so a marked weight stays
(not read as a map).
"""

from __future__ import annotations

import re

from symconv.checker.refs import SAMPLE_LETTERS

_S = "[" + "".join(sorted(SAMPLE_LETTERS)) + "]"


def _mark(name: str) -> str:
    return r"\^\s*\{\s*\(\s*(?P<" + name + ">" + _S + r")\s*\)\s*\}"


def _one(braced: str, bare: str) -> str:
    return r"_\s*(?:\{\s*(?P<" + braced + r">[a-z])\s*\}|(?P<" + bare + r">[a-z])(?![A-Za-z]))"


_MARKED_MAP = re.compile(
    r"(?<![A-Za-z\\])(?P<t>\\[A-Za-z]+|[A-Za-z])\s*(?:"
    + _mark("s")
    + r"\s*"
    + _one("c", "d")
    + "|"
    + _one("e", "f")
    + r"\s*"
    + _mark("u")
    + r")(?!\s*[_^])"
)


def sample_marked_maps(text: str, letters: dict[str, str]) -> str:
    """``text`` with each sample-marked map of an input or gradient written with its sample
    as the first subscript (``X^{(n)}_c`` -> ``X_{n,c}``); weights stay."""

    def one(m: re.Match) -> str:
        if letters.get(m.group("t")) == "W":
            return m.group(0)
        sample = m.group("s") or m.group("u")
        channel = m.group("c") or m.group("d") or m.group("e") or m.group("f")
        return f"{m.group('t')}_{{{sample},{channel}}}"

    return _MARKED_MAP.sub(one, text)
