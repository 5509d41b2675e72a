"""A softmax cross-entropy on top of a layer written as matrices (:mod:`.matrix_world`):
which matrix is softmax of the layer's output, which holds the one-hot labels, whether the
loss is a mean over the samples (and of how many), and along which axis each sample's
distribution runs.

The softmax is named (``P = \\operatorname{softmax}(Z)``) or written out, entry by entry for a
batch (``P_{kn} = e^{Z_{kn}} / \\sum_m e^{Z_{mn}}``) or for one vector (``p_i = e^{z_i} /
\\sum_j e^{z_j}``).  Of those the notes write, the one whose logits are the layer's output
is the layer's (a cheat sheet's one-example ``p_i`` and its batch's ``P = softmax(Z)`` are two
layers' softmaxes).  The loss is the cross-entropy ``L = -\\sum ... y \\log p``, a mean when
it is divided by the batch (``-\\frac{1}{N} \\sum``) or when the notes average the
examples' losses (``J = \\frac{1}{m} \\sum_{t=1}^{m} L^{(t)}``); the labels' letter takes the
case of the probabilities' (``p - y`` for one example, ``P - Y`` for the batch).
"""

from __future__ import annotations

import re

from symconv.checker.code_matrices import code_softmax
from symconv.checker.matrix_parse import clean

_SOFTMAX = re.compile(
    r"([A-Z])\s*=\s*\\(?:operatorname|mathrm|text)\s*\{\s*softmax\s*\}\s*\(\s*([A-Z])\s*\)"
)
_CE_LOSS = re.compile(
    r"(?:^|[^A-Za-z\\])(?:L|\\mathcal\{L\}|J|E)\s*=\s*-\s*(\\frac\s*\{\s*1\s*\}\s*\{\s*([A-Z])\s*\})?"
    r"\s*\\sum.*?([A-Za-z])_\{?[a-z]+\}?\s*\\(?:log|ln)\s*([A-Za-z])_"
)
# the softmax written entry by entry, P_{kn} = e^{Z_{kn}} / \sum_m e^{Z_{mn}}: the summed
# index's place says which axis is a distribution (here the rows m, so each column is one)
_SOFTMAX_ENTRY = re.compile(
    r"(?<![A-Za-z\\])([A-Za-z])\s*_\s*\{\s*([a-z])\s*,?\s*([a-z])\s*\}\s*=\s*"
    r"(?:\\[dt]?frac\s*\{\s*)?(?:e\s*\^\s*\{?|\\exp\s*\(?)\s*([A-Za-z])\s*_\s*\{\s*\2\s*,?\s*\3\s*\}"
    # (the sum's range may be written: \sum_{j=1}^{M})
    r"[^=$]*?\\sum\s*_\s*\{?\s*([a-z])(?:\s*=\s*\w+)?[^=$]*?(?:e\s*\^\s*\{?|\\exp\s*\(?)\s*\4\s*_\s*\{\s*"
    r"(\5\s*,?\s*\3|\2\s*,?\s*\5)\s*\}"
)
# "P = softmax(Z) down each column", "por columnas": samples are columns
_BY_COLUMNS = re.compile(
    r"(?:down|along|over|of|per|for|in)\s+(?:each|every)\s+column|column[- ]?wise|by columns"
    r"|column by column|columna por columna|coluna a coluna|spaltenweise"
    r"|por columnas|cada columna|examples? (?:as|are|in) columns|columns are (?:the )?"
    r"(?:examples|samples)|(?:examples|samples) as columns",
    re.IGNORECASE,
)
# the softmax of one vector written out, p_i = e^{z_i} / \\sum_j e^{z_j}
_SOFTMAX_VECTOR = re.compile(
    r"(?<![A-Za-z\\])([A-Za-z])\s*_\s*\{?\s*([a-z])\s*\}?\s*=\s*(?:\\[dt]?frac\s*\{\s*)?"
    r"(?:e\s*\^\s*\{?|\\exp\s*\(?)\s*([A-Za-z])\s*_\s*\{?\s*\2\s*\}?[^=$]*?\\sum"
)
# J = \frac{1}{m} \sum_{t=1}^{m} L^{(t)}: the cost is the mean of the examples' losses
_MEAN_OF_LOSSES = re.compile(
    r"(?:^|[^A-Za-z\\])(?P<cost>L|J|E|C)\s*=\s*\\frac\s*\{\s*1\s*\}\s*\{\s*(?P<m>[A-Za-z])\s*\}"
    r"\s*\\sum_\{?\s*(?P<t>[a-z])\s*=\s*1\s*\}?\s*\^\s*\{?\s*(?P=m)\s*\}?\s*"
    r"(?:L|\\ell|\\mathcal\{L\}|J|E)\s*(?:\^\s*\{?\s*\(\s*(?P=t)\s*\)\s*\}?|_\s*\{?\s*(?P=t)\s*\}?)"
)


# "($\mathrm{d}A$ means $\partial J / \partial A$.)": the notes' d is the cost's gradient
_D_MEANS = (
    r"(?:\\mathrm\s*\{{\s*d\s*\}}|(?<![A-Za-z\\])d)\s*([A-Z])\s*\$?\s*"
    r"(?:means|denotes|is|stands for|=)\s*\$?\s*"
    r"(?:\\[dt]?frac\s*\{{\s*\\partial\s*{cost}\s*\}}\s*\{{\s*\\partial\s*\1\s*\}}"
    r"|\\partial\s*{cost}\s*/\s*\\partial\s*\1)"
)


def read_softmax(notes, text: str, document: str = "") -> None:  # type: ignore[no-untyped-def]
    """Set ``notes.softmax`` (P, Y, Z, mean), ``notes.divisor`` and ``notes.sample_axis``
    from the notes' ``text`` above the claim, when they state a softmax cross-entropy; and
    ``notes.cost`` when the mean is a cost over the examples' losses, with ``d_is_cost``
    when the ``document`` says that dA is that cost's gradient."""
    first = []  # (start, P, Z, axis): the named and the batch forms, as read before
    for soft in _SOFTMAX.finditer(text):
        first.append(
            (soft.start(), soft.group(1), soft.group(2), 1 if _BY_COLUMNS.search(text) else 0)
        )
        break
    first.extend(code_softmax(text)[:1])  # P = softmax(Z, axis=1) in a code block
    for entry in _SOFTMAX_ENTRY.finditer(text):
        # \sum_m e^{Z_{mn}}: the sum runs down a column, so each column is a distribution
        axis = 1 if entry.group(6).replace(" ", "")[0] == entry.group(5) else 0
        first.append((entry.start(), entry.group(1).upper(), entry.group(4).upper(), axis))
        break
    output = notes.forward.output
    own = [c for c in first if c[2] == output]
    own += [(m.start(), m.group(1), m.group(3), None) for m in _SOFTMAX_VECTOR.finditer(text)]
    own = sorted(c for c in own if c[2] == output)
    chosen = own[-1] if own else min(first, default=None)
    if chosen is None:
        return
    _, p, z, axis = chosen
    flat = re.sub(r"\\[,;:! ]", " ", text)  # y_{nk}\,\log p_{nk}
    loss = next((m for m in _CE_LOSS.finditer(flat) if m.group(4).upper() == p.upper()), None)
    if loss is None or p == z:
        return
    label = loss.group(3).upper() if p.isupper() else loss.group(3).lower()
    mean, divisor = bool(loss.group(1)), loss.group(2)
    averaged = _MEAN_OF_LOSSES.search(flat)
    if not mean and averaged is not None:
        mean, divisor = True, averaged.group("m")
        # dZ = P - Y is the examples' gradients stacked in some notes (per example, the 1/m
        # left to dW) and dJ/dZ in others: only what the notes say d means is read
        notes.cost = averaged.group("cost")
        notes.d_is_cost = bool(re.search(_D_MEANS.format(cost=re.escape(notes.cost)), document))
    if axis is None:  # one vector: its own axis is the distribution (matrix_eval.py)
        mean, divisor, axis = False, None, 0
    if divisor is not None and divisor.islower():  # m = 4: the batch's size, in lower case
        values = {int(v) for v in re.findall(rf"(?<![A-Za-z_\\{{]){divisor}\s*=\s*(\d+)", flat)}
        if len(values) != 1:
            return
        notes.letters[divisor] = values.pop()
    notes.softmax = (p, label, z, mean)
    notes.divisor = divisor
    notes.sample_axis = axis


_NUMERATOR = re.compile(
    r"\\frac\s*\{\s*\\partial\s*(\\ell|\\mathcal\s*\{\s*L\s*\}|[A-Za-z])\s*\}"
    r"|\\partial\s*(\\ell|\\mathcal\s*\{\s*L\s*\}|[A-Za-z])\s*/|\\nabla_\{?[^{}]*\}?\s*([A-Za-z])"
)
_D_PREFIX = re.compile(r"(?<![A-Za-z\\{_,])d\s*[A-Za-z]")
_GREEK_GRADIENTS = re.compile(r"\\[Dd]elta(?![A-Za-z])|(?<![A-Za-z\\])G(?![A-Za-z])")


def reads_cost(text: str, notes) -> bool:  # type: ignore[no-untyped-def]
    """Under a cost averaging the examples' losses (``notes.cost``): whether every gradient
    ``text`` writes is that cost's, ``\\partial J/\\partial A`` or ``dA`` where the notes say
    d means it (a gradient letter Δ, G or one the notes define is left open: whether it holds
    the 1/m is what such notes differ on)."""
    if notes.cost is None:
        return True
    flat = clean(text)
    losses = {a or b or c for a, b, c in _NUMERATOR.findall(flat)}
    if any(loss != notes.cost for loss in losses):
        return False
    if _D_PREFIX.search(flat) and not notes.d_is_cost:
        return False
    named = [re.escape(a) for a in notes.aliases]
    if any(re.search(rf"(?<![A-Za-z\\]){a}(?![A-Za-z])", flat) for a in named):
        return False
    return not _GREEK_GRADIENTS.search(flat)
