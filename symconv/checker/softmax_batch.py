"""The softmax cross-entropy gradient of one sample in a batch: "for softmax cross-entropy
with mean reduction, with $p_n$ the softmax of $z_n$ and $e_{t_n}$ the one-hot target,
$\\frac{\\partial L}{\\partial z_n} = \\frac{p_n - e_{t_n}}{N}$".

The batch loss is L = c sum_m -log softmax(z_m)_{t_m}, c = 1/N under a mean reduction and
1 under a sum; only sample n's term depends on z_n, so dL/dz_{n,k} = c (p_{n,k} - [k =
t_n]).  The claim's right side is read (never eval'ed) with p_n as the entry k of
softmax(z_n), the one-hot letter as [k = t_n] and N as the batch size, and compared at 3
classes, every true class and every entry k, with SymPy's derivative of the batch loss.
The reduction must be said: "mean"/"average" in the claim's paragraph, else the notes'
definition L = (1/N) sum_n ell_n (a mean) or L = sum_n ell_n; the softmax and the one-hot
letters must be named in words or defined (``p_n = \\operatorname{softmax}(z_n)``).

The claim may be written at one entry, ``\\frac{\\partial L}{\\partial s_{n,k}} = p_{n,k} -
y_{n,k}``: every letter then carries the same (sample, class) pair as the left side, and the
claim is the vector one at each class k.  The batch may be a number (Keras' ``L =
\\frac{1}{8} \\sum_{n=0}^{7} \\ell_n``) when the sum runs over exactly that many samples.
"""

from __future__ import annotations

import re

import sympy

from symconv.checker.batch_loss import _definition
from symconv.checker.context import finding
from symconv.checker.limits import NotUnderstood
from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.softmax_notes import _CROSS_ENTROPY, SoftmaxNotes, _Parser
from symconv.checker.split import split_top

CLASSES = 3
_SOFTMAX_OF = re.compile(
    r"\$\s*([a-z])_\{?\s*([a-z])\s*\}?\s*\$\s*(?:is\s+|be\s+|=\s+|denotes\s+|for\s+)?(?:the\s+)?"
    r"softmax\s+of\s+\$\s*([a-z])_\{?\s*\2\s*\}?\s*\$"
    r"|([a-z])_\{?\s*([a-z])\s*\}?\s*=\s*\\(?:operatorname|mathrm|text)\s*\{\s*softmax\s*\}"
    r"\s*(?:\\left)?\s*\(\s*([a-z])_\{?\s*\5\s*\}?",
    re.IGNORECASE,
)
_ONE_HOT_OF = re.compile(
    r"\$\s*(e_\{\s*t_\{?\s*[a-z]\s*\}?\s*\}|[a-z]_\{?\s*[a-z]\s*\}?)\s*\$\s*(?:is\s+|be\s+)?"
    r"(?:the\s+|a\s+)?one[- ]?hot",
    re.IGNORECASE,
)
_MEAN_WORDS = re.compile(r"\bmean\b|\baverage[ds]?\b|\bmedia\b|\bmoyenne\b", re.IGNORECASE)
_SUM_WORDS = re.compile(r"reduction\s*=\s*[\"']?sum|\bsum reduction\b|\bsummed\b", re.IGNORECASE)
_LEFT = re.compile(
    r"\\[dt]?frac\s*\{\s*\\partial\s*(?:L|J|E|\\mathcal\s*\{\s*L\s*\})\s*\}\s*\{\s*\\partial\s*"
    r"([a-z])_(?:\{\s*([a-z])\s*(?:,?\s*([a-z])\s*)?\}|([a-z]))\s*\}"
)


class _Reader(_Parser):
    """The softmax notes' reader (numbers, sums, products, ``\\frac``, brackets, the
    softmax and one-hot letters at their first subscript) with the batch letter."""

    def __init__(self, text: str, notes: SoftmaxNotes, values: dict, batch: tuple[str, sympy.Expr]):
        super().__init__(text, notes, values)
        self.batch = batch

    def atom(self) -> sympy.Expr:
        if self.peek() == self.batch[0]:
            self.take()
            return self.batch[1]
        return super().atom()


def _squash(text: str) -> str:
    """No spaces, and no braces around a one-letter subscript: ``p_{n}`` is ``p_n``."""
    return re.sub(r"_\{(\w)\}", r"_\1", re.sub(r"\s+", "", text))


def _entries_as_vectors(text: str, sample: str, entry: str) -> str | None:
    """``p_{n,k} - y_{n,k}`` as ``p_n - y_n`` (the claim is the same at each entry k), or
    None when a letter carries other subscripts (p_{n,j}, y_{m,k}, p_k)."""
    pair = re.compile(rf"_\{{\s*{sample}\s*,?\s*{entry}\s*\}}")
    vectors = pair.sub(f"_{{{sample}}}", text)
    if re.search(r"[A-Za-z]\s*_", vectors.replace(f"_{{{sample}}}", "")):
        return None
    return vectors


def judge_softmax_batch(text: str, document: list[str], line: int) -> dict | None:
    """VERIFIED or WRONG for dL/dz_n of a batch's softmax cross-entropy; None otherwise."""
    sides = [p for _, p in split_top(text, ("=",))]
    if len(sides) != 2:
        return None
    left = _LEFT.fullmatch(sides[0].strip())
    if left is None:
        return None
    logit, sample, entry = left.group(1), left.group(2) or left.group(4), left.group(3)
    right = sides[1]
    if entry is not None:  # dL/ds_{n,k} = p_{n,k} - y_{n,k}: entry k of the sample's vector
        right = _entries_as_vectors(right, sample, entry)
        if right is None:
            return None
    before = "\n".join(document[: max(line - 1, 0)])
    paragraph = "\n".join(document[max(line - 4, 0) : line])
    if not _CROSS_ENTROPY.search(before) or "softmax" not in before.lower():
        return None
    prob = next(
        (
            (m.group(1) or m.group(4))
            for m in _SOFTMAX_OF.finditer(before)
            if (m.group(3) or m.group(6)) == logit
        ),
        None,
    )
    hot = [m.group(1) for m in _ONE_HOT_OF.finditer(before)]
    defined = _definition(document, line, numbers=True)
    if prob is None or not hot or defined is None or defined["batch"] is None:
        return None
    said_sum, said_mean = bool(_SUM_WORDS.search(paragraph)), bool(_MEAN_WORDS.search(paragraph))
    if said_sum and said_mean:
        return None  # both reductions named around it: which one is the claim's is a guess
    mean = said_mean or (not said_sum and defined["mean"])
    hot_written = _squash(hot[-1])
    if not hot_written.endswith(f"{sample}}}") and not hot_written.endswith(f"_{sample}"):
        return None  # the one-hot of another sample's letter
    label = hot_written[0]
    index = "t" if hot_written.startswith("e_{t_") else sample  # e_{t_n}, y_n
    notes = SoftmaxNotes(prob, logit, label, False, 0, None, None)
    n = (
        sympy.Integer(int(defined["batch"]))
        if defined["batch"].isdigit()
        else sympy.Symbol(defined["batch"], positive=True)
    )
    logits = sympy.symbols(f"z0:{CLASSES}", real=True)
    soft = [sympy.exp(v) / sum(sympy.exp(w) for w in logits) for v in logits]
    for label_class in range(CLASSES):
        loss = -sympy.log(soft[label_class]) / (n if mean else 1)
        for k in range(CLASSES):
            values = {f"{prob}:{sample}": soft[k], f"{label}:{index}": int(k == label_class)}
            try:
                claimed = _Reader(right, notes, values, (defined["batch"], n)).whole()
            except (NotUnderstood, KeyError):
                return None  # another sample's entry, or a letter the notes do not name
            truth = sympy.diff(loss, logits[k])
            if sympy.simplify(claimed - truth) != 0:
                slope = f"softmax(z)_{k} - {int(k == label_class)}"
                return finding(
                    WRONG,
                    f"with the {'mean' if mean else 'sum'} over the batch of {n} samples, at "
                    f"{CLASSES} classes and true class {label_class}, entry {k} differs from "
                    f"the derivative {f'({slope})/{n}' if mean else slope}",
                )
    return finding(
        VERIFIED,
        f"holds for the softmax cross-entropy {'averaged' if mean else 'summed'} over the "
        f"batch of {n} samples, at {CLASSES} classes, every true class and every entry",
    )
