"""One example's softmax claims written with the batch's sample index: "$\\frac{\\partial
P_{nk}}{\\partial Z_{nj}} = P_{nk}(\\delta_{kj} - P_{nj})$", "$\\frac{\\partial \\ell_n}{\\partial
Z_{nj}} = P_{nj} - Y_{nj}$", in notes where P = softmax(Z) is taken per sample and the loss
sums the samples' cross-entropies (``L = -\\frac{1}{N} \\sum_{n=1}^{N} \\sum_k Y_{nk} \\log
P_{nk}``).

The softmax acts on each sample's logits alone, so for a fixed sample n, P_{n,:} =
softmax(Z_{n,:}) and ℓ_n = -Σ_k Y_{nk} log P_{nk} is that sample's cross-entropy.  A claim
whose every entry of P, Y and Z carries the same sample index n, at the place the notes'
loss gives it (``P_{nk}``: first, samples as rows; ``P_{kn}``: second), and whose derivative
stays within sample n (∂P_{nk}/∂Z_{nj}, ∂ℓ_n/∂Z_{nj}) is the one-example claim with n
dropped (∂p_k/∂z_j, ∂ℓ/∂z_j), which :mod:`.softmax_claims` judges.  A claim that mixes
samples (∂P_{nk}/∂Z_{mj}), differentiates the batch loss L (its 1/N), or writes an entry
without the sample index is left alone.
"""

from __future__ import annotations

import re

from symconv.checker.limits import NotUnderstood
from symconv.checker.matrix_world import line_before

# the notes' batch loss: \sum_{n=1}^{N} ... \log P_{nk} (the sample letter and its place)
_BATCH_LOSS = re.compile(
    r"\\sum_\{?\s*([a-z])\s*=\s*[01]\s*\}?\s*\^\s*\{?\s*[A-Z]\s*\}?[^$\n]*?"
    r"\\(?:log|ln)\s*([A-Za-z])\s*_\s*\{\s*([a-z])\s*,?\s*([a-z])\s*\}"
)
_ENTRY = re.compile(r"(?<![A-Za-z\\])([A-Za-z])\s*_\s*\{\s*([a-z])\s*,?\s*([a-z])\s*\}")
_SAMPLE_LOSS = re.compile(r"\\ell\s*_\s*(?:\{\s*([a-z])\s*\}|([a-z]))")
_LEFT = re.compile(
    r"^\s*\\[dt]?frac\s*\{\s*\\partial\s*(?:\\ell\s*_\s*\{?\s*([a-z])\s*\}?|([A-Za-z])\s*_\s*"
    r"\{\s*([a-z])\s*,?\s*([a-z])\s*\})\s*\}\s*\{\s*\\partial\s*([A-Za-z])\s*_\s*\{\s*([a-z])"
    r"\s*,?\s*([a-z])\s*\}\s*\}"
)


def one_example(text: str, before: str, letters: tuple[str, str, str]) -> str | None:
    """``text`` as the claim about one sample (the sample index dropped, the letters in
    lower case), or None when it is not such a claim (see the module doc).  ``before`` is
    the notes above the claim, ``letters`` the softmax's, the label's and the logits'."""
    ours = {c for letter in letters for c in (letter.lower(), letter.upper())}
    losses = [m for m in _BATCH_LOSS.finditer(before) if m.group(2) in ours]
    places = {
        (m.group(1), 0 if m.group(3) == m.group(1) else 1)
        for m in losses
        if m.group(1) in (m.group(3), m.group(4)) and m.group(3) != m.group(4)
    }
    if len(places) != 1:
        return None
    sample, place = places.pop()
    left = _LEFT.match(text)
    if left is None or left.group(5) not in ours:
        return None
    bottom = (left.group(6), left.group(7))
    if left.group(1) is not None:  # \ell_n: sample n's loss
        if left.group(1) != sample:
            return None
    elif left.group(2) not in ours or (left.group(3), left.group(4))[place] != sample:
        return None
    if bottom[place] != sample:
        return None  # a derivative across samples, or another index order
    single = rf"(?<![A-Za-z\\])[{''.join(sorted(ours))}]\s*_\s*(?:\{{\s*\w\s*\}}|\w)"
    if re.search(single, text):
        return None  # an entry of P, Y or Z with one index: not one sample's as read
    unread = False

    def drop(m: re.Match[str]) -> str:
        nonlocal unread
        if m.group(1) not in ours:
            return m.group(0)
        pair = (m.group(2), m.group(3))
        if pair[place] != sample or pair[1 - place] == sample:
            unread = True
            return m.group(0)
        return f"{m.group(1).lower()}_{{{pair[1 - place]}}}"

    out = _ENTRY.sub(drop, text)
    if unread or any((m.group(1) or m.group(2)) != sample for m in _SAMPLE_LOSS.finditer(out)):
        return None
    return _SAMPLE_LOSS.sub(lambda _: "\\ell ", out)


_OFF = re.compile(
    r"off[- ](?:the\s+)?diagonal|fuera de la diagonal|hors (?:de la )?diagonale"
    r"|au(?:ßer|sserhalb) der diagonal",
    re.I,
)
_ON = re.compile(r"\bdiagonale?\b", re.I)


def entries_meant(
    document: str, line: int, claim: str, top: str | None, bottom: str | None
) -> tuple[bool | None, bool]:
    """Which Jacobian entries the text before ``claim`` restricts it to: False for "the
    off-diagonal entries ($j \\ne k$)", True for "on the diagonal ($j = k$)", None when it
    says neither; and whether the words are in the claim's own sentence (else they may be
    about something else, and a claim true only there is not called true).  Read in the
    claim's own line before it, and the line above."""
    rows = document.split("\n")
    window = (rows[line - 2] if line > 1 else "") + "\n" + line_before(rows, line, claim)
    window = window[-300:]
    if top and bottom and not top.isdigit() and not bottom.isdigit():
        pair = (
            rf"(?:{top}\s*(?:\\neq?|≠)\s*{bottom}|{bottom}\s*(?:\\neq?|≠)\s*{top}"
            rf"|\b{top}\$?\s+and\s+\$?{bottom}\b\$?\s+(?:differ|are different|are distinct))"
        )
        same = rf"(?:{top}\s*=\s*{bottom}|{bottom}\s*=\s*{top})(?![^$]*\\ne)"
        off = bool(re.search(pair, window) or _OFF.search(window))
        rest = _OFF.sub(" ", window)  # "off the diagonal" says nothing of the diagonal
        on = bool(re.search(same, rest) or _ON.search(rest))
        if off and on:
            raise NotUnderstood("softmax claim: which Jacobian entries it is about is not read")
        sentence = re.split(r"[.;!?]\s", window[-120:])[-1]  # the claim's own sentence
        near = bool(
            re.search(pair, sentence)
            or _OFF.search(sentence)
            or re.search(same, _OFF.sub(" ", sentence))
            or _ON.search(_OFF.sub(" ", sentence))
        )
        return (False if off else True if on else None), near
    return None, False
