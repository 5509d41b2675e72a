"""A convolution's bias gradient where a BatchNorm follows the layer.

The checker's layer model takes the loss's gradient at the layer's output, G = dL/dZ, as
free: every entry an independent symbol.  Then ``\\partial L / \\partial b_f = \\sum_{n,i,j}
G[n,f,i,j]``, and a claim ``\\partial L / \\partial b_f = 0`` is wrong.  But where a
BatchNorm in training mode follows the convolution, the loss is a function of the
normalised output: BatchNorm subtracts each channel's mean over the batch and the
positions, a constant b_f added to every entry of channel f is subtracted again, and the
loss does not depend on b_f at all.  Its gradient is exactly 0 (torch autograd gives 0 up
to rounding), and G is no longer free: it sums to 0 over each channel.

So a bias-gradient claim in a section that says a BatchNorm in training mode follows
(its words: the BatchNorm after the bias, or the mean that cancels it, and the training
mode or the batch mean it subtracts) is judged
here: a number is verified when it is 0 and wrong otherwise; any other right side (the sum
of G, which is also 0 there) is not understood, since the free-G model cannot judge it.  A
section that mentions no BatchNorm, or negates one ("without BatchNorm"), or puts it in
evaluation mode (running statistics: then the bias does reach the loss), is left to the
layer's reader.  Words are matched, never evaluated.
"""

from __future__ import annotations

import re
from fractions import Fraction

from symconv.checker.context import finding
from symconv.checker.heading_kind import MARKDOWN_HEADING
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.split import split_top

_LOSS = r"(?:L|J|E|C|\\mathcal\s*\{\s*L\s*\}|\\ell)"
# b, b_f, b_{f}, b^{[l]}_c, \mathbf{b}: the bias (a letter or a number beneath it)
_BIAS = (
    r"(?:\\mathbf\s*\{\s*b\s*\}|\\boldsymbol\s*\{\s*b\s*\}|b)"
    r"(?:\s*\^\s*\{[^{}]*\})?(?:\s*_\s*(?:\{\s*\w+\s*\}|\w))?(?:\s*\^\s*\{[^{}]*\})?"
)
_LEFT = re.compile(
    r"\\frac\s*\{\s*\\partial\s*" + _LOSS + r"\s*\}\s*\{\s*\\partial\s*" + _BIAS + r"\s*\}"
    r"|\\partial\s*" + _LOSS + r"\s*/\s*\\partial\s*" + _BIAS
)
# BatchNorm in the languages notes are written in: "BatchNorm", "batch norm(alization)",
# "BN", "normalización por lotes", "Batch-Normalisierung", "normalisation par lots",
# "批归一化", "バッチ正規化", "배치 정규화"
_NORM = re.compile(
    r"\bBatch\s*Norm\w*|\bbatch[- ]?norm\w*|\bBN\d?\b|normalizaci[óo]n (?:por|de) lotes"
    r"|normaliza[çc][ãa]o (?:por|em) lotes|normalisation (?:par|de) lots|Batch-?Normalisierung"
    r"|normalizzazione (?:del|per) batch|批(?:量)?归一化|批(?:量)?歸一化|バッチ正規化"
    r"|배치\s?정규화",
    re.IGNORECASE,
)
_NEGATED = re.compile(
    r"\b(?:no|without|sin|sans|ohne|kein\w*|senza|sem|zonder|bez)\s+(?:a\s+|the\s+|un\s+|una\s+)?$",
    re.IGNORECASE,
)
# the training mode, or the batch mean it subtracts (the reason the bias cancels)
_TRAINING = re.compile(
    r"\btrain(?:ing)?(?:\s+mode)?\b|\.train\(\)|entrenamiento|treinamento|entra[îi]nement"
    r"|addestramento|Training|Trainingsmodus|訓練|训练|学習時|학습"
    # Hindi "ट्रेनिंग मोड", "प्रशिक्षण", "बैच-औसत" (the batch mean)
    r"|ट्रेनिंग|प्रशिक्षण|बैच[- ]औसत"
    r"|\b(?:batch|per-channel|channel)\s+mean\b|\bmean over the batch\b|media del lote"
    r"|média do lote|moyenne du lot|Batch-?Mittelwert|批均值|バッチ平均",
    re.IGNORECASE,
)
# evaluation mode: the running statistics, a fixed affine map that passes the bias on
_EVALUATION = re.compile(
    r"\beval(?:uation)?(?:\s+mode)?\b|\.eval\(\)|\binference\b|running (?:mean|statistics)"
    r"|modo (?:de )?evaluaci[óo]n|inferencia|推理|推論|추론",
    re.IGNORECASE,
)
# the order (the bias before the BatchNorm: "a bias before BatchNorm", "followed by
# BatchNorm", "Conv -> BN"), or the reason in words (the mean "cancels" it)
_BEFORE = re.compile(
    r"(?:\bbefore|\bin front of|\bfollowed by|\bthen|\bahead of|\bantes de(?: la| una)?"
    r"|\bseguid[ao] (?:de|por)(?: la| una)?|\bvor(?: der| dem| einer)?|\bavant(?: la| une)?"
    r"|\bsuivie? (?:de|par)(?: la| une)?|\bgefolgt von|\bprima (?:di|della)|->|→|\\to)\s*"
    r"(?:(?:a|an|the|la|le|una|une|der|die)\s+)?`?(?:nn\.)?$",
    re.IGNORECASE,
)
_CANCELS = re.compile(
    r"\bcancel\w*|subtracted again|\bremoved again|se cancela|se anula|s['’]annule|"
    r"hebt sich \w*\s*auf|si annulla|se cancela|相殺|抵消|상쇄|"
    r"घट जात\w*|कट जात\w*",  # Hindi: "(the bias) is subtracted (with the batch mean)"
    re.IGNORECASE,
)
_NUMBER = re.compile(r"-?\s*\d+(?:\.\d+)?")


def _section(document: list[str], line: int) -> str:
    """The claim's section up to its line: from the last Markdown heading above it."""
    start = 0
    for number in range(min(line, len(document)), 0, -1):
        if MARKDOWN_HEADING.match(document[number - 1]):
            start = number - 1
            break
    return "\n".join(document[start:line])


def _named_norms(section: str) -> list[re.Match[str]]:
    """Every BatchNorm the section names without negating it."""
    return [
        m
        for m in _NORM.finditer(section)
        if not _NEGATED.search(section[max(0, m.start() - 20) : m.start()])
    ]


def _follows_norm(section: str) -> bool:
    """Whether the section says a BatchNorm in training mode follows: a BatchNorm named
    (not negated) and the training mode or the batch mean, no evaluation mode."""
    named = _named_norms(section)
    ordered = any(_BEFORE.search(section[max(0, m.start() - 30) : m.start()]) for m in named)
    return (
        bool(named)
        and (ordered or bool(_CANCELS.search(section)))
        and bool(_TRAINING.search(section))
        and not _EVALUATION.search(section)
    )


def judge_bias_before_norm(text: str, document: list[str], line: int) -> dict | None:
    """A verdict for ``\\partial L / \\partial b_f = ...`` in a section whose words say a
    BatchNorm in training mode follows the layer; None for any other claim."""
    if "\\partial" not in text:
        return None
    sides = [s.strip() for _, s in split_top(text.strip().rstrip(".,;"), ("=",))]
    if len(sides) != 2 or _LEFT.fullmatch(sides[0]) is None:
        return None
    section = _section(document, line)
    if not _follows_norm(section):
        if _named_norms(section) and _CANCELS.search(section):
            # a BatchNorm said to cancel the bias, in a mode not read (both modes named, or
            # none): judged as the bare layer (dL/db = the sum of G) a 0 would be "wrong"
            return finding(
                NOT_UNDERSTOOD,
                "the claim's section says a BatchNorm cancels the bias, but whether it runs in "
                "training mode (the bias gradient 0) or evaluation mode is not read",
            )
        return None
    right = sides[1].replace("\\,", "").strip()
    if _NUMBER.fullmatch(right):
        value = Fraction(right.replace(" ", ""))
        why = (
            "a BatchNorm in training mode follows the layer (the claim's section says so): it "
            "subtracts each channel's mean over the batch and positions, so a bias added to "
            "every entry of a channel cancels and the loss does not depend on it; its gradient is 0"
        )
        if value == 0:
            return finding(VERIFIED, why)
        return finding(WRONG, f"{why}, not {right}")
    return finding(
        NOT_UNDERSTOOD,
        "a BatchNorm in training mode follows the layer (the claim's section says so): the "
        "gradient reaching the layer's output sums to 0 over each channel, which the layer's "
        "reader (a free upstream gradient) does not model; only a number is judged here",
    )
