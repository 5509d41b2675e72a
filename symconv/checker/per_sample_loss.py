"""A sample's loss (``\\ell_n``, ``L_i``) against the batch's loss the notes define.

Notes with a mini-batch name each sample's loss and define the batch's from them:
``L = \\sum_n \\ell_n`` or ``L = \\frac{1}{N} \\sum_n \\ell_n``.  A claim then writes
``\\frac{\\partial \\ell_n}{\\partial Y_{n,f}}``.  The checker's upstream gradient G is the
batch loss's, dL/dY.  Under a sum, ell_n is the only part of L that depends on sample n's
tensors, so dell_n/dY_n = dL/dY_n.  Under a mean, L = (1/N) sum_m ell_m gives
dL/dY_n = (1/N) dell_n/dY_n, so dell_n/dY_n = N dL/dY_n: reading ell_n as L would verify a
bias gradient that forgot the 1/N.  So:

* the loss defined last above the claim is a sum (or nothing defines it): as before;
* it is a mean and every sample loss is differentiated by a tensor of that same sample
  (its first index is the loss's subscript): each derivative becomes N times dL/d(.) with
  N the batch size, a rewrite of the claim's text (never evaluated);
* it is a mean otherwise (``\\partial \\ell_n / \\partial W``, shared by the samples):
  not read, and the message says why.
"""

from __future__ import annotations

import re

_LOSS = r"(?:\\ell|\\mathcal\s*\{\s*L\s*\}|L|J|E)"
_SUB = r"_\s*(?:\{\s*(?P<s1>[a-z])\s*\}|(?P<s2>[a-z]))"
# a tensor of one sample: Y_{n,f}, \mathbf{X}_{n}, its first index the sample's letter
# (or written as in code, y[k][f][i][j], y[k, f, i, j]: the first index the sample's)
_TENSOR = (
    r"(?P<den>(?:[A-Za-z]|\\mathbf\s*\{\s*[A-Za-z]\s*\})\s*(?:_\s*\{\s*(?P<t>[a-z])\s*"
    r"(?:,[^{}]*)?\}|\[\s*(?P<t2>[a-z])\s*(?:,[^\[\]{}]*)?\](?:\[[^\[\]{}]*\])*))"
)
_FRACTION = re.compile(
    r"\\[dt]?frac\s*\{\s*\\partial\s*"
    + _LOSS
    + r"\s*"
    + _SUB
    + r"\s*\}\s*\{\s*\\partial\s*"
    + _TENSOR
    + r"\s*\}"
)
_SLASH = re.compile(r"\\partial\s*" + _LOSS + r"\s*" + _SUB + r"\s*/\s*\\partial\s*" + _TENSOR)
# any derivative of a subscripted loss: \partial \ell_n, \partial L_{i}
_ANY = re.compile(r"\\partial\s*" + _LOSS + r"\s*" + _SUB)
# L = \frac{1}{N} \sum_n \ell_n, \mathcal{L} = \frac1B \sum_i L_i, L = 1/N \sum ...
_DEFINITION = re.compile(
    r"(?<![A-Za-z\\])(?:L|J|E|\\mathcal\s*\{\s*L\s*\})\s*=\s*"
    r"(?P<mean>\\[dt]?frac\s*\{?\s*1\s*\}?\s*\{?\s*[A-Za-z]\s*\}?|1\s*/\s*[A-Za-z])?\s*"
    # (the sum's limits may hold an "=": \sum_{p=1}^{N})
    r"\\sum(?![A-Za-z])(?:\s*_\s*\{[^{}]*\}|\s*_\s*[a-z])?(?:\s*\^\s*\{[^{}]*\}|\s*\^\s*\w)?"
    r"[^=$]{0,40}?" + _LOSS + r"\s*" + _SUB
)
READ = (
    "the notes define the batch's loss as a mean, so a sample's loss differentiated by its "
    "own tensors is N times the batch loss's gradient: the 1/N is missing or extra"
)
REFUSED = (
    "the notes define the batch's loss as a mean, (1/N) times the sum of the samples' "
    "losses: a sample's loss differentiated by a tensor shared by the samples, or a letter "
    "naming a sample loss's gradient (\\delta^{(p)} = \\partial E_p / \\partial z^{(p)}), "
    "is not read"
)


# a letter naming one sample's loss gradient: \delta^{(p)}_{ij} = \partial E_p / \partial
# z^{(p)}_{ij}, \delta_n = \frac{\partial \ell_n}{\partial y_n}
_MARK = r"(?:\^\s*\{?\s*\(\s*[a-z]\s*\)\s*\}?\s*)?"
_NAMED = re.compile(
    r"(?P<letter>\\[a-zA-Z]+|(?<![\\A-Za-z])[A-Za-z])\s*"
    + _MARK
    + r"(?:_\s*\{[^{}]*\}|_\s*[a-z]{1,2})?\s*"
    + _MARK
    + r"=\s*(?:\\[dt]?frac\s*\{\s*)?\\partial\s*"
    + _LOSS
    + r"\s*"
    + _SUB
)


def defined_above(document: list[str], line: int) -> str | None:
    """ "mean" or "sum": the batch loss's definition last written above ``line`` (or on
    it: "$E = \\frac{1}{N}\\sum_p E_p$ ... $\\partial E / \\partial w = ...$")."""
    found = None
    for text in document[: max(line, 0)]:
        for m in _DEFINITION.finditer(text):
            found = "mean" if m.group("mean") else "sum"
    return found


def _sample_gradient_letters(document: list[str], line: int) -> set[str]:
    """The letters the notes define, up to ``line``, as a sample loss's gradient."""
    return {m.group("letter") for text in document[: max(line, 0)] for m in _NAMED.finditer(text)}


def per_sample_loss(text: str, document: list[str], line: int, batch: int) -> str | None:
    """``text`` with each sample loss's derivative written as ``batch`` times the batch
    loss's, or None where that cannot be done (:data:`REFUSED` says why)."""
    if defined_above(document, line) != "mean":
        return text
    for letter in _sample_gradient_letters(document, line):
        # under a mean, sample p's \delta^{(p)} is N times the batch loss's gradient: a
        # claim written with it is not read (the letter would be taken for dL/dz)
        if re.search(re.escape(letter) + r"(?![A-Za-z])", text):
            return None
    if not _ANY.search(text):
        return text
    refused = False

    def scaled(m: re.Match) -> str:
        nonlocal refused
        if (m.group("t") or m.group("t2")) != (m.group("s1") or m.group("s2")):
            refused = True  # dell_n/dY_{m,...}: another sample's tensor
            return m.group(0)
        return f"{batch} \\frac{{\\partial L}}{{\\partial {m.group('den')}}}"

    out = _SLASH.sub(scaled, _FRACTION.sub(scaled, text))
    if refused or _ANY.search(out):
        return None
    return out
