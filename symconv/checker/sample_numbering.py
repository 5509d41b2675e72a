"""Samples of a batch numbered from 1, as the notes' own loss numbers them.

Notes whose entries are 0-based often number the samples of a minibatch from 1: "the loss
is the mean over a minibatch of 8 images, $L = \\frac{1}{8}\\sum_{n=1}^{8} \\ell^{(n)}$",
then ``\\frac{\\partial L}{\\partial b} = \\frac{1}{8}\\sum_{n=1}^{8}\\sum_{i,j} g^{(n)}_{ij}``.
The checker's batch axis starts where the entries do (0), so the sum reads sample 8, past
the end, and the claim is not understood (indexing.past_end).  Where the notes' own
definition of the loss sums per-sample losses from 1 to the batch size, the samples are
numbered from 1, and a claim's sum over them is the same sum over samples 0..N-1: the sum
``\\sum_{n=1}^{N}`` is rewritten ``\\sum_{n=0}^{N-1}`` and each ``^{(n)}`` stays (it now
names sample n of the 0-based axis, the same sample).  The shift is exact only when the
summation index is used as the sample's mark and nowhere else (not ``n \\cdot x``, not an
entry's index): any other use leaves the claim as written.
"""

from __future__ import annotations

import re

from symconv.checker.numbered_samples import marked_samples_from_zero, numbered_from_one

# a per-sample loss: \ell^{(n)}, \ell_n, L^{(i)}, \mathcal{L}_n, J^{(i)}, E_n
_PER_SAMPLE = (
    r"(?:\\ell|\\mathcal\s*\{?\s*L\s*\}?|[LJE])\s*(?:\^\s*\{\s*[\(\[]\s*(?P=v)\s*[\)\]]\s*\}"
    r"|_\s*\{?\s*(?P=v)\s*\}?)"
)
_BOUND = r"(?:\{\s*(?:[A-Za-z]|\d+)\s*\}|[A-Za-z]|\d)"
# L = \frac{1}{N} \sum_{n=1}^{N} \ell^{(n)}: the notes' loss numbers its samples from 1
_LOSS_FROM_ONE = re.compile(
    r"\\sum\s*_\s*\{\s*(?P<v>[a-z])\s*=\s*1\s*\}\s*\^\s*" + _BOUND + r"\s*" + _PER_SAMPLE
)
_SUM_FROM_ONE = re.compile(
    r"\\sum\s*_\s*\{\s*(?P<v>[a-z])\s*=\s*1\s*\}\s*\^\s*(?P<top>\{\s*(?:[A-Za-z]|\d+)\s*\}|[A-Za-z]|\d)"
)


def samples_from_one(document: str) -> bool:
    """Whether the notes' loss sums per-sample losses from sample 1, or their words number
    the batch's samples from 1 (numbered_samples.py)."""
    return _LOSS_FROM_ONE.search(document) is not None or numbered_from_one(document)


# L = \frac{1}{8} \sum_{n=1}^{8} \ell^{(n)}: a mean over a batch of a stated number
_MEAN = re.compile(
    r"(?<![A-Za-z\\])(?:L|J|\\mathcal\s*\{\s*L\s*\})\s*=\s*\\[dt]?frac\s*\{\s*1\s*\}\s*\{\s*(?P<b>\d+)\s*\}"
    r"\s*\\sum\s*_\s*\{\s*(?P<v>[a-z])\s*=\s*1\s*\}\s*\^\s*\{?\s*(?P=b)\s*\}?\s*" + _PER_SAMPLE
)
_SUM = re.compile(
    r"(?<![A-Za-z\\])(?:L|J|\\mathcal\s*\{\s*L\s*\})\s*=\s*"
    r"\\sum\s*_\s*\{\s*(?P<v>[a-z])\s*=\s*1\s*\}\s*\^\s*" + _BOUND + r"\s*" + _PER_SAMPLE
)
# g^{(n)}_{ij} = \partial \ell^{(n)} / \partial y^{(n)}_{ij}: a sample's own loss's gradient
_PER_SAMPLE_LETTER = re.compile(
    r"(?<![A-Za-z\\])(?P<g>[A-Za-z]|\\delta)\s*\^\s*\{\s*\(\s*(?P<v>[a-z])\s*\)\s*\}[^=$]{0,20}=\s*"
    r"(?:\\[dt]?frac\s*\{\s*)?\\partial\s*\\ell\s*\^\s*\{\s*\(\s*(?P=v)\s*\)\s*\}"
)


def _per_sample_scale(text: str, document: str) -> str | None:
    """``text`` with each per-sample gradient letter ``g^{(n)}`` (the derivative of sample
    n's own loss) written as B times the batch loss's, under the notes' mean over B
    samples (dL/dy^(n) = (1/B) dl^(n)/dy^(n)); unchanged under a sum; None where the claim
    uses such a letter and the notes' loss is neither."""
    letters = {m.group("g") for m in _PER_SAMPLE_LETTER.finditer(document)}
    used = [g for g in letters if re.search(re.escape(g) + r"\s*\^\s*\{\s*\(", text)]
    if not used:
        return text
    means = {m.group("b") for m in _MEAN.finditer(document)}
    if len(means) == 1 and not _SUM.search(document):
        batch = means.pop()
        for g in used:
            text = re.sub(
                r"(?<![A-Za-z\\])" + re.escape(g) + r"(?=\s*\^\s*\{\s*\()", f"{batch}\\, {g}", text
            )
        return text
    if _SUM.search(document) and not means:
        return text
    return None


def from_sample_zero(text: str, document: str) -> str:
    """``text`` with each sum over samples 1..N written over samples 0..N-1 (the samples'
    marks unchanged), where the notes number samples from 1; else ``text``.  One numbered
    sample's entry, x^{(2)}_{1,0,3}, is the batched tensor's (numbered_samples.py)."""
    text = marked_samples_from_zero(text, document)
    if not samples_from_one(document) or not _SUM_FROM_ONE.search(text):
        return text
    scaled = _per_sample_scale(text, document)
    if scaled is None:
        return text  # a sample's own gradient under a loss not read: as written
    out = text = scaled
    for m in reversed(list(_SUM_FROM_ONE.finditer(text))):
        v = m.group("v")
        rest = text[m.end() :]
        marks = len(re.findall(r"\^\s*\{\s*\(\s*" + v + r"\s*\)\s*\}", rest))
        uses = len(re.findall(r"(?<![A-Za-z\\])" + v + r"(?![A-Za-z])", rest))
        if marks == 0 or marks != uses:
            return text  # the index used otherwise than as a sample's mark
        top = m.group("top").strip("{} ")
        last = str(int(top) - 1) if top.isdigit() else f"{top}-1"
        out = out[: m.start()] + f"\\sum_{{{v}=0}}^{{{last}}}" + out[m.end() :]
    return out
