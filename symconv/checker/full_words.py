"""A convolution the words call "full": the mode of the claim's operator, and its flip.

Notes state the input gradient in words and symbols together: "the gradient with respect
to the input is the full convolution of the output gradient with the kernel rotated by 180
degrees: $$dX = dY * \\operatorname{rot180}(W)$$".  The symbol alone reads as a valid
correlation (a 1x1 result for a 3x3 G and kernel), but the words say which mode it is:
full, G padded by k-1 on every side.  So where the claim's own lead-in sentence calls the
operation full (a full convolution or correlation, "convolución completa", "convolution
complète") and the claim writes one convolution symbol with no padding of its own, the
symbol is read in the full mode (``*_{full}``).

The words "full convolution" also leave the flip open.  The identity dX = full_conv(G, W)
holds for the true convolution (kernel flipped); deep-learning notes call the
cross-correlation a convolution and write the same gradient as full_conv(G, rot180(W)).  A
claim that fails only by the kernel's rotation is right under one of those meanings, so
where the notes call the operation a convolution (in the lead-in's words or the operator's
name, ``\\operatorname{conv}``, ``full\\_conv``) without defining which, such a claim is not
understood, naming the two meanings; ``\\star``, ``corr`` and a notes' own definition of
their ``*`` settle it, and the claim is judged as written.
"""

from __future__ import annotations

import re

from symconv.checker.context import Context
from symconv.checker.limits import NotUnderstood
from symconv.checker.operators import judge_operator, operator_claim
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG

# "full convolution", "full cross-correlation", "a 'full' convolution", "convolución
# completa", "correlación cruzada completa", "convolution complète", "vollständige Faltung"
_FULL = re.compile(
    r"\bfull(?:[- ]mode|[- ]padded)?['\"’”]?\s+(?:true\s+|2-?D\s+)?"
    r"(?P<conv>convolution|conv)\b"
    r"|\bfull(?:[- ]mode|[- ]padded)?['\"’”]?\s+(?:2-?D\s+)?(?:cross[- ]?)?correlation\b"
    r"|\b(?P<conv2>convoluci[óo]n|convolution|convoluzione|Faltung)\s+"
    r"(?:completa|compl[èe]te|piena|vollst[äa]ndige)\b"
    r"|\bvollst[äa]ndige\s+(?P<conv3>Faltung)\b"
    r"|\bcorrelaci[óo]n\s+(?:cruzada\s+)?completa\b|\bcorr[ée]lation\s+(?:crois[ée]e\s+)?"
    r"compl[èe]te\b",
    re.IGNORECASE,
)
# one symbol of a sliding product, with no options or mode written after it
_VALID = re.compile(r"\bv[áa]lid[ao]?\b|\bvalide\b|\bg[üu]ltige?\b", re.IGNORECASE)
_BINARY = re.compile(r"(\\star|\\ast|\\circledast|\\otimes|(?<![\^_{\\])\*)(?!\s*_)")
# operations that already set the padding: the words then describe them, not a mode
_PADS = re.compile(r"\\?(?:operatorname|text|mathrm)?\{?\s*(?:pad|full|crop|conv|corr)", re.I)
_CONV_NAMED = re.compile(
    r"\\(?:operatorname|text|mathrm)\s*\{\s*(?:full\\?_)?conv(?:2d|olution|\\?_full)?\s*\}"
    r"|(?<![A-Za-z])(?:full\\?_)?conv(?:2d|\\?_full)?\s*\(",
    re.IGNORECASE,
)
# G \ast_{\text{full}} K: the full mode written on * or \ast names MATLAB's conv2(..., 'full'),
# the true convolution, as often as the deep-learning correlation
_FULL_SYMBOL = re.compile(
    r"(?:\\ast|(?<![\^_{\\])\*)\s*_\s*\{?\s*(?:\\(?:text|mathrm|textrm)\s*\{)?\s*full",
    re.IGNORECASE,
)
_ROTATION_ONLY = ("missing rot180 of the kernel", "rotated once too often")


def _lead_in(prose: str) -> str:
    """The sentence that introduces the claim: the prose after the last blank line, and of
    that the last 300 characters (a display's lead-in ends the paragraph before it)."""
    prose = re.sub(r"(?:\$\$|\\\[|\$|\\begin\{[a-z*]+\})\s*$", "", prose.rstrip()).rstrip()
    paragraph = re.split(r"\n\s*\n", prose)[-1] if prose.strip() else ""
    return paragraph[-300:]


def full_in_words(prose_before: str) -> str | None:
    """ "convolution" or "correlation" when the claim's lead-in calls it full, else None."""
    lead = _lead_in(prose_before)
    m = _FULL.search(lead)
    if m is None or _VALID.search(lead):
        return None  # "unlike dX, a full convolution, dW is a valid one": both modes named
    conv = m.group("conv") or m.group("conv2") or m.group("conv3")
    return "convolution" if conv else "correlation"


def with_full_mode(text: str) -> str | None:
    """The claim with its one sliding-product symbol read in the full mode (``*`` ->
    ``*_{full}``), or None when it writes several, none, or pads by itself."""
    if "=" not in text:
        return None
    right = text.split("=", 1)[1]
    if _PADS.search(right):
        return None
    found = list(_BINARY.finditer(text))
    if len(found) != 1 or found[0].start() < text.index("="):
        return None
    at = found[0].end()
    return text[:at] + "_{full}" + text[at:]


# "$\operatorname{conv}(A, B)$: valid convolution, i.e. correlation with the kernel
# flipped": the notes define their conv (a line that writes the operator and its flip)
_CONV_DEFINED = re.compile(
    r"^(?=.*(?:\\(?:operatorname|text|mathrm)\s*\{\s*conv|\bconv\s*\())"
    r"(?=.*\b(?:flip\w*|rotat\w*|revers\w*|volte\w*|invierte\w*|retourn\w*)\b).*$",
    re.IGNORECASE | re.MULTILINE,
)


def unless_flip_settled(
    found: dict | None, text: str, worded: str | None, defined: bool, document: str = ""
) -> dict | None:
    """``found``, or not-understood when it is wrong only by the kernel's rotation and the
    notes call the operation a convolution without saying whether it flips the kernel."""
    if found is None or found.get("status") != WRONG or defined:
        return found
    if _CONV_DEFINED.search(document):
        return found  # the notes' own toolbox says what their conv does
    hint = str(found.get("message", "")).split("; the right side", 1)[0]
    if not hint.startswith(_ROTATION_ONLY) or ";" in hint:
        return found  # another repair is needed too: wrong under either meaning
    if worded == "correlation":
        return found  # "a full cross-correlation": the words settle it
    named = _CONV_NAMED.search(text) is not None or _FULL_SYMBOL.search(text) is not None
    if worded != "convolution" and not named:
        return found
    if "\\star" in text and not named:
        return found  # \star is cross-correlation whatever the words call it
    flipped = "a true convolution (the kernel flipped)"
    correlated = "the cross-correlation deep-learning notes call a convolution"
    holds, fails = (
        (flipped, correlated) if hint.startswith(_ROTATION_ONLY[0]) else (correlated, flipped)
    )
    return {
        "status": NOT_UNDERSTOOD,
        "message": (
            f"it holds if the convolution is {holds}, not if it is {fails} (read as "
            f"written: {hint}); the notes do not define which"
        ),
    }


def full_mode_settled(found: dict | None, as_written: str, ctx: Context) -> dict | None:
    """``found`` (the claim judged in the full mode its lead-in names), or not-understood
    when it fails so but holds as the symbol alone reads (valid): the words may be about
    another formula ("unlike dX, a full convolution, dW is ...")."""
    if found is None or found.get("status") == VERIFIED:
        return found
    try:
        claim = operator_claim(as_written, ctx.notation)
        plain = judge_operator(claim, ctx) if claim is not None else None
    except NotUnderstood:
        return found
    if plain is None or plain.get("status") != VERIFIED:
        return found
    return {
        "status": NOT_UNDERSTOOD,
        "message": (
            "the words before it call the operation full, and in the full mode it does not "
            f"hold ({str(found.get('message', ''))[:100]}); it holds in the valid mode its "
            "symbol alone means: which the notes mean is not read"
        ),
    }
