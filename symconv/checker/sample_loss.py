"""One sample's loss beside the batch's: "$L = \\sum_n \\ell_n$", "if the loss is the batch's
mean, $L = \\frac{1}{N} \\sum_n \\ell_n$, then $\\frac{\\partial L}{\\partial b_f} = \\sum_n
\\sum_{i,j} (\\frac{\\partial \\ell_n}{\\partial Y_{n,f}})_{i,j}$".

The checker's G is the gradient of the loss L the notes differentiate.  Where the notes
define L from the samples' losses as ``L = c \\sum_n \\ell_n`` (c = 1, 1/N or 1/4), sample n's
loss reaches only sample n's outputs, so ``\\partial L / \\partial Y_n = c \\, \\partial \\ell_n /
\\partial Y_n``: a claim's ``\\frac{\\partial \\ell_n}{\\partial Y_{n,...}}`` is ``(1/c)`` times
``\\frac{\\partial L}{\\partial Y_{n,...}}``, and is rewritten so (the last definition above the
claim counts: notes that switch to the mean say so before the claims that use it).  A
derivative of ``\\ell_n`` with respect to something that is not sample n's (``Y_{m,f}``, ``W``)
is not rewritten; under a definition with c != 1 the claim is then not read, since taking
``\\ell_n`` for L would drop the 1/N the claim is about.
"""

from __future__ import annotations

import re

ONE_SAMPLE = (
    "a derivative of one sample's loss, where the notes define L from the samples' losses: "
    "it is read only with respect to that sample's own outputs"
)
_ELL = r"\\ell\s*_\s*\{?\s*(?P<n>[a-z])\s*\}?"
# L = \sum_n \ell_n, L = \frac{1}{N} \sum_{n} \ell_n, L = \frac14 \sum_{n=1}^{4} \ell_n
_DEFINITION = re.compile(
    r"(?<![\w\\])(?:L|\\mathcal\s*\{\s*L\s*\})\s*=\s*"
    r"(?:\\[dt]?frac\s*(?:\{\s*1\s*\}\s*\{\s*(?P<den>N|B|\d{1,3})\s*\}|1(?P<den2>\d))"
    r"|1\s*/\s*(?P<den3>N|B|\d{1,3}))?\s*"
    r"\\sum\s*(?:_\s*\{?\s*(?P<idx>[a-z])[^{}$]{0,12}\}?)?(?:\s*\^\s*\{?[^{}$]{1,8}\}?)?\s*"
    + _ELL.replace("(?P<n>", "(?P<sample>")
)
_DERIVATIVE = re.compile(
    r"\\[dt]?frac\s*\{\s*\\partial\s*" + _ELL + r"\s*\}\s*\{\s*\\partial\s*(?P<den>[^{}]*"
    r"(?:\{[^{}]*\}[^{}]*)*)\}"
)


def _scale(document: list[str], line: int) -> tuple[str, int] | None:
    """(the sample letter, 1/c) of the last definition L = c sum_n ell_n at or above
    ``line``; 1/c is 0 where c = 1/N and the batch size is not known."""
    for number in range(min(line, len(document)), 0, -1):
        found = list(_DEFINITION.finditer(document[number - 1]))
        if found:
            m = found[-1]
            den = m.group("den") or m.group("den2") or m.group("den3")
            if den is None:
                return m.group("sample"), 1
            return m.group("sample"), int(den) if den.isdigit() else 0
    return None


def sample_losses(text: str, document: list[str], line: int, batch: str | None) -> str | None:
    """``text`` with each derivative of sample n's loss written as one of L (see above);
    ``"?"`` where the claim cannot be read that way; None where there is nothing to do."""
    if not _DERIVATIVE.search(text):
        return None
    scale = _scale(document, line)
    if scale is None:
        return None
    letter, factor = scale
    if factor == 0:
        factor = int(batch) if batch and batch.isdigit() else 0
    failed = False

    def rewrite(m: re.Match[str]) -> str:
        nonlocal failed
        n = m.group("n")
        own_index = r"_\s*\{\s*" + n + r"\s*[,}]|\^\s*\{\s*\(\s*" + n + r"\s*\)"
        own = re.search(own_index, m.group("den"))
        if own is None or n != letter or factor == 0:
            failed = True
            return m.group(0)
        lead = "" if factor == 1 else f"{factor} "
        return f"{lead}\\frac{{\\partial L}}{{\\partial {m.group('den')}}}"

    rewritten = _DERIVATIVE.sub(rewrite, text)
    return "?" if failed else rewritten
