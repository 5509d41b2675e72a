"""A loss the notes define entry by entry, and a claim about its derivative by one entry.

Notes write a regression loss as a sum over every entry of the output, ``L = \\frac{1}{N D}
\\sum_{n} \\sum_{d} (y_{nd} - t_{nd})^2`` (PyTorch's MSE with mean reduction), ``E =
\\frac{1}{2} \\sum_{i,j} (Y_{ij} - T_{ij})^2``, and then state its gradient at one entry:
``\\frac{\\partial L}{\\partial y_{nd}} = \\frac{2 (y_{nd} - t_{nd})}{N D}``.

When every entry in the summand carries exactly the sum's indices (the same ones in the
same order), the term of index tuple (n', d') depends on the entries at (n', d') only, so
the derivative of the whole sum by the entry at (n, d) is the derivative of the one term
at (n, d): the summand with the claim's indices put for the sum's, differentiated by that
entry with SymPy, times the factor before the sums.  The other entries (a target t) are
independent variables; size letters (N, D) are positive symbols.  Two sides that simplify
to the same expression agree for every value; otherwise the claim is wrong unless it holds
at the values the notes give the size letters (then it is not judged).  Parsed, never
eval'ed.

A claim whose own sentence changes the loss's reduction is about another loss than the
definition: "if someone passes `reduction='sum'` the factor $\\frac{1}{N}$ disappears and
$\\partial L/\\partial Y = 2(Y - T)$", "ohne den Faktor $\\frac{1}{N}$ ist ...".  Where the
sentence names the definition's own factor as gone, or sets ``reduction='sum'`` under a
definition whose factor is a mean's (one over a size), the claim is judged under the sum
without that factor (PyTorch's sum reduction: the mean's division is all that changes);
``reduction='mean'`` under such a factor is the definition itself.  Any other reduction the
sentence names (``'none'``, a sum's definition asked for its mean) is not understood, never
judged under the definition it changes.
"""

from __future__ import annotations

import re

import sympy

from symconv.checker.context import finding
from symconv.checker.layer_activation import _Parser
from symconv.checker.limits import NotUnderstood
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.split import split_top

_SPACE = re.compile(r"\\[,;:! ]|\\q?quad|\\left|\\right|\\displaystyle|\\big|\\Big|\\bigl|\\bigr")
_LOSS = r"(?P<loss>L|J|E|C|\\mathcal\{L\})"
_MATH = re.compile(r"\$\$?([^$]+)\$\$?")
_SUMS = re.compile(
    r"^((?:\s*\\sum\s*_\s*(?:\{\s*[a-z](?:\s*,\s*[a-z])*\s*(?:=[^{}]*)?\}|[a-z])"
    r"(?:\s*\^\s*(?:\{[^{}]*\}|\w))?)+)"
)
_SUM_INDEX = re.compile(r"\\sum\s*_\s*(?:\{\s*([a-z](?:\s*,\s*[a-z])*)|([a-z]))")
_GIVEN = re.compile(r"(?<![A-Za-z\\_])([A-Z])\s*=\s*(\d+)(?![\d.])")


class _Reader(_Parser):
    """The activation parser's sums, products, powers, ``\\frac`` and brackets, with entries
    ``y_{nd}`` (their indices renamed by ``rename``) and size letters (capitals)."""

    what = "loss claim"

    def __init__(
        self, text: str, rename: dict[str, str], whole: dict[str, tuple[str, ...]] | None = None
    ) -> None:
        super().__init__(text, "none", "")
        self.rename = rename
        # a tensor written bare for the entry at these indices (dL/dY = Y - T, entrywise)
        self.bare = whole or {}
        self.entries: set[tuple[str, tuple[str, ...]]] = set()

    def term(self) -> sympy.Expr:
        """The activation parser's product, and a division written with a slash: ``2(y -
        t)/N``, ``1/N`` (left to right, as the factors are written)."""
        value = self.power()
        while self.peek() not in (None, "+", "-", ")", "}", ",", "\\odot"):
            if self.peek() in ("\\cdot", "\\times"):
                self.take()
            if self.peek() == "/":
                self.take()
                value /= self.power()
                continue
            value *= self.power()
        return value

    def atom(self) -> sympy.Expr:
        token = self.peek()
        after = self.tokens[self.at + 1] if self.at + 1 < len(self.tokens) else None
        if token is not None and token in self.bare and after not in ("_", "["):
            self.take()
            self.entries.add((token, self.bare[token]))
            return sympy.Symbol(f"{token}[{','.join(self.bare[token])}]", real=True)
        if token is not None and re.fullmatch(r"[A-Z]", token) and after not in ("_", "["):
            self.take()
            return sympy.Symbol(token, positive=True)
        # an entry: y_{nd}, Y_{ij}, Y[i,j]
        if token is not None and re.fullmatch(r"[A-Za-z]", token) and after in ("_", "["):
            self.take()
            indices = self.indices()
            self.entries.add((token, indices))
            return sympy.Symbol(f"{token}[{','.join(indices)}]", real=True)
        return super().atom()

    def indices(self) -> tuple[str, ...]:
        if self.take() == "[":  # Y[i,j]: the letters up to the closing bracket
            written = []
            while self.peek() not in ("]", None):
                written.append(self.take())
            self.take("]")
        else:
            written = self.argument_tokens()
        letters = [t for t in written if t != ","]
        if not all(re.fullmatch(r"[a-z]", k) for k in letters):
            raise NotUnderstood(f"{self.what}: an entry's index is not a letter")
        return tuple(self.rename.get(k, k) for k in letters)


def _compact(text: str) -> str:
    text = _SPACE.sub(" ", text).replace("\\dfrac", "\\frac").replace("\\tfrac", "\\frac")
    return text.strip().rstrip(".,;").strip()


def _summed_definition(
    document: list[str], line: int, loss: str, claim: str | None = None
) -> tuple[int, str, tuple[str, ...], str] | None:
    """The loss's definition as (its line, the factor's text, the indices its sums bind, the
    summand's text), or None where it is not one sum over distinct indices (``L =
    \\frac{1}{2} \\sum_{i,j} y_{i,j}^2``: factor 1/2, indices (i, j), summand y_{i,j}^2)."""
    defined = _definition(document, line, loss, claim)
    if defined is None:
        return None
    number, factor_text, rest = defined
    sums = _SUMS.match(rest)
    if sums is None:
        return None
    bound = tuple(
        k
        for m in _SUM_INDEX.finditer(sums.group(1))
        for k in re.sub(r"\s+", "", m.group(1) or m.group(2)).split(",")
    )
    if len(set(bound)) != len(bound):
        return None
    return number, factor_text, bound, rest[sums.end() :]


def _definition(
    document: list[str], line: int, loss: str, claim: str | None = None
) -> tuple[int, str, str] | None:
    """(line, factor's text, sums' and summand's text) of the last ``loss = c \\sum ...``
    written above ``line``, or on ``line`` itself in a span before the one holding ``claim``
    (the claim's text)."""
    pattern = re.compile(
        r"(?<![A-Za-z\\_{])" + re.escape(loss) + r"\s*=\s*(?P<c>(?:\\frac\s*\{[^{}]*\}\s*\{[^{}]*\}"
        r"|\d+/\d+)?)\s*(?P<rest>\\sum.*)$"
    )

    def defined(math: str) -> tuple[str, str] | None:
        parts = [p for _, p in split_top(_compact(math), ("=",))]
        if len(parts) != 2:
            return None
        m = pattern.match(f"{parts[0].strip()} = {parts[1].strip()}")
        return None if m is None else (m.group("c"), m.group("rest"))

    found = None
    for number, text in enumerate(document[: max(line - 1, 0)], start=1):
        for math in _MATH.findall(text):
            got = defined(math)
            if got is not None:
                found = (number, *got)
    if claim is None or not 0 < line <= len(document):
        return found
    # "$L = \frac{1}{2} \sum_{i,j} Y[i,j]^2$, so $\partial L / \partial Y = Y$": a
    # definition in a span of the claim's own line before the claim's span defines L for it
    # as one on an earlier line does (a span after the claim's is not read: what a claim is
    # about is read from above it, as everywhere; nor is the line where the claim's span
    # is not found)
    spans = _MATH.findall(document[line - 1])
    mine = _compact(claim)
    at = next((k for k, math in enumerate(spans) if mine and mine in _compact(math)), None)
    for math in spans[: at or 0]:
        got = defined(math)
        if got is not None:
            found = (line, *got)
    return found


# "reduction='sum'", `reduction="mean"`, "reduction = 'none'": PyTorch's losses' argument
_REDUCTION = re.compile(r"\breduction\s*=\s*['\"]?(sum|mean|none)\b")
# the words that take away the factor written next to them: a preposition before it ("without
# the factor $\\frac{1}{N}$", "sin el factor", "ohne den Faktor", "χωρίς τον παράγοντα"), a
# verb after it ("the factor $\\frac{1}{N}$ disappears", "o fator $1/N$ some") or, in German,
# before it ("entfällt der Faktor $\\frac{1}{N}$"): en, es, pt, fr, it, de, nl, pl, el, ru
_GONE_BEFORE = re.compile(
    r"\b(?:without|sin|sem|sans|senza|ohne|zonder|bez|χωρίς|без|entf[äa]llt|verschwindet)"
    r"(?:\s+[^\s$]+){0,2}\s*$",
    re.IGNORECASE,
)
_GONE_AFTER = re.compile(
    r"^\s*(?:[^\s$]+\s+)?(?:disappears|vanishes|drops out|is dropped|goes away|is gone|"
    r"is removed|desaparece|some|dispara[îi]t|scompare|sparisce|verschwindet|entf[äa]llt|"
    r"f[äa]llt weg|verdwijnt|znika|εξαφανίζεται|исчезает)\b",
    re.IGNORECASE,
)
# a reduction named as the one the claim is not under: "unlike `reduction='sum'`", "instead
# of", "rather than", "en lugar de", "anstatt", "au lieu de", "invece di", "em vez de"
_CONTRAST = re.compile(
    r"\b(?:unlike|instead of|rather than|not|a diferencia de|en lugar de|en vez de|anstatt|"
    r"statt|anders als|au lieu de|contrairement|invece di|em vez de|ao contrário)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?;](?:\s|$)")


def _claim_sentence(lead: str) -> str:
    """The sentence of ``lead`` (the claim's line up to it) the claim ends: its last."""
    ends = [m.end() for m in _SENTENCE_END.finditer(lead)]
    return lead[ends[-1] :] if ends else lead


def _in_case(
    summed: tuple[int, str, tuple[str, ...], str], lead: str
) -> tuple[tuple[int, str, tuple[str, ...], str], str] | dict:
    """The definition the claim's sentence speaks of, with how it differs from the notes'
    (``""``: not at all), or a not-understood finding where the sentence changes the
    reduction in a way not read (module docstring)."""
    number, factor_text, bound, summand = summed
    sentence = _claim_sentence(lead)
    asked = _REDUCTION.search(sentence)
    factor = _Reader(factor_text, {}).whole() if factor_text else sympy.Integer(1)
    # a mean's factor: one over a size (1/N, 1/(N D)), the division the reductions differ by
    mean = factor_text != "" and sympy.numer(factor) == 1 and bool(sympy.denom(factor).free_symbols)
    named = any(
        _GONE_BEFORE.search(sentence[: m.start()]) or _GONE_AFTER.match(sentence[m.end() :])
        for m in _MATH.finditer(sentence)
        if factor_text and _same_factor(m.group(1), factor)
    )
    change = f"reduction='{asked.group(1)}'" if asked else "its factor dropped"
    unread = finding(
        NOT_UNDERSTOOD,
        f"the claim's sentence changes the reduction of the loss the notes define on line "
        f"{number} ({change}), in a way not read",
    )
    asked_all = {m.group(1) for m in _REDUCTION.finditer(sentence)}
    if len(asked_all) > 1 or (asked and _CONTRAST.search(sentence[: asked.start()])):
        return unread  # "unlike `reduction='sum'`": which loss the claim is under is not read
    if named and (asked is None or asked.group(1) == "sum"):
        return (number, "", bound, summand), f" without its factor {factor_text}"
    if asked is None:
        return summed, ""
    if asked.group(1) == "sum" and (mean or not factor_text):
        return (number, "", bound, summand), " under reduction='sum'" + (
            f" (its factor {factor_text} dropped)" if factor_text else ""
        )
    if asked.group(1) == "mean" and mean:
        return summed, " under reduction='mean'"
    return unread


def _same_factor(math: str, factor: sympy.Expr) -> bool:
    """Whether the inline math ``math`` writes the factor ``factor`` ("$\\frac{1}{N}$", "$1/N$")."""
    try:
        written = _Reader(_compact(math), {}).whole()
    except NotUnderstood:
        return False
    return bool(sympy.simplify(written - factor) == 0)


def judge_entry_loss(text: str, document: list[str], line: int, lead: str = "") -> dict | None:
    """VERIFIED or WRONG for ``\\partial L / \\partial y_{..} = ...`` under the notes'
    entry-wise definition of L; None where it is not such a claim.  ``lead``: the claim's
    line up to the claim, whose sentence may change the loss's reduction (:func:`_in_case`)."""
    if "\\partial" not in text:
        return None
    sides = [s for _, s in split_top(_compact(text), ("=",))]
    if len(sides) != 2:
        return None
    left = re.fullmatch(
        r"\\frac\s*\{\s*\\partial\s*" + _LOSS + r"\s*\}\s*\{\s*\\partial\s*(?P<t>[a-z])\s*_\s*"
        r"(?:\{(?P<i>[a-z](?:\s*,?\s*[a-z])*)\}|(?P<j>[a-z]))\s*\}"
        r"|\\partial\s*" + _LOSS.replace("loss", "loss2") + r"\s*/\s*\\partial\s*(?P<t2>[a-z])\s*_"
        r"\s*(?:\{(?P<i2>[a-z](?:\s*,?\s*[a-z])*)\}|(?P<j2>[a-z]))",
        sides[0].strip(),
    )
    if left is None:
        return _judge_whole(sides, document, line, text, lead)
    loss = left.group("loss") or left.group("loss2")
    tensor = left.group("t") or left.group("t2")
    written = left.group("i") or left.group("j") or left.group("i2") or left.group("j2")
    at = tuple(re.findall(r"[a-z]", written))
    summed = _summed_definition(document, line, loss, text)
    if summed is None or "\\sum" in sides[1]:
        return None
    case = _case_or_none(summed, lead)
    if isinstance(case, dict):
        return case
    (number, factor_text, bound, summand), how = case
    if len(bound) != len(at) or len(set(at)) != len(at):
        return None
    try:
        probe = _Reader(summand, {})
        probe.whole()
        orders = {indices for _, indices in probe.entries}
        if len(orders) != 1 or set(next(iter(orders))) != set(bound):
            return None  # an entry off the sums' indices (y_{n,d+1}): terms overlap
        order = next(iter(orders))
        if tensor not in {name for name, _ in probe.entries}:
            return None
        rename = dict(zip(order, at, strict=True))  # the summand's entries at the claim's indices
        term = _Reader(summand, rename).whole()
        factor = _Reader(factor_text, {}).whole() if factor_text else sympy.Integer(1)
        claimed_reader = _Reader(sides[1], {})
        claimed = claimed_reader.whole()
    except NotUnderstood:
        return None
    if any(indices != at for _, indices in claimed_reader.entries):
        return None  # the right side names another entry than the left one's
    variable = sympy.Symbol(f"{tensor}[{','.join(at)}]", real=True)
    truth = sympy.simplify(factor * sympy.diff(term, variable))
    if sympy.simplify(claimed - truth) == 0:
        return finding(
            VERIFIED,
            f"by the notes' definition of {loss} (line {number}) as a sum over every entry"
            f"{how}: its derivative by {tensor}_{{{''.join(at)}}} is {sympy.sstr(truth)}",
        )
    given = {
        sympy.Symbol(m.group(1), positive=True): int(m.group(2))
        for text_line in document[: max(line - 1, 0)]
        for m in _GIVEN.finditer(text_line)
    }
    if given and sympy.simplify((claimed - truth).subs(given)) == 0:
        return None  # equal at the notes' sizes only: not judged
    return finding(
        WRONG,
        f"under the notes' definition of {loss} (line {number}) as a sum over every entry"
        f"{how}, its derivative by {tensor}_{{{''.join(at)}}} is {sympy.sstr(truth)}, not "
        f"{sympy.sstr(claimed)}",
    )


# dL/dY written for the whole tensor: \frac{\partial L}{\partial Y}, \partial L / \partial Y
_WHOLE_LEFT = re.compile(
    r"\\frac\s*\{\s*\\partial\s*" + _LOSS + r"\s*\}\s*\{\s*\\partial\s*(?P<t>[A-Za-z])\s*\}"
    r"|\\partial\s*" + _LOSS.replace("loss", "loss2") + r"\s*/\s*\\partial\s*(?P<t2>[A-Za-z])"
)


def _case_or_none(
    summed: tuple[int, str, tuple[str, ...], str], lead: str
) -> tuple[tuple[int, str, tuple[str, ...], str], str] | dict:
    """:func:`_in_case`, where a factor the parser does not read is no case at all."""
    try:
        return _in_case(summed, lead)
    except NotUnderstood:  # a factor not parsed: a reduction the sentence names is unread
        asked = _REDUCTION.search(_claim_sentence(lead))
        if asked is None:
            return summed, ""
        return finding(
            NOT_UNDERSTOOD,
            f"the claim's sentence sets reduction='{asked.group(1)}' for the loss the notes "
            f"define on line {summed[0]}, whose factor is not read",
        )


def claim_lead(document: list[str], line: int, source: str) -> str:
    """The claim's line up to the claim (its first 20 characters found on the line)."""
    if not 1 <= line <= len(document):
        return ""
    own = document[line - 1]
    head = source[:20].strip()
    cut = own.find(head) if head else -1
    return own[: max(cut, 0)]


def _judge_whole(
    sides: list[str], document: list[str], line: int, text: str, lead: str = ""
) -> dict | None:
    """VERIFIED or WRONG for ``\\partial L / \\partial Y = Y - T`` (the whole tensor, every
    letter of the right side an entry of the same place) under the notes' entry-wise
    definition of L; None where it is not such a claim.

    The definition's summand carries exactly the sums' indices, so each entry of Y is in
    one term only and dL/dY is, entry by entry, that term's derivative: the claim's bare
    tensors stand for their entries at the summand's indices.  A right side with a letter
    that is neither an entry of the summand nor a size of the definition's factor (G, the
    notes' own name for dL/dY, or a tensor the loss does not define) is not judged here:
    the layer's reader compares it with the chain rule."""
    left = _WHOLE_LEFT.fullmatch(sides[0].strip())
    if left is None or "\\sum" in sides[1]:
        return None
    loss = left.group("loss") or left.group("loss2")
    tensor = left.group("t") or left.group("t2")
    summed = _summed_definition(document, line, loss, text)
    if summed is None:
        return None
    case = _case_or_none(summed, lead)
    if isinstance(case, dict):
        return case
    (number, factor_text, bound, summand), how = case
    try:
        probe = _Reader(summand, {})
        term = probe.whole()
        orders = {indices for _, indices in probe.entries}
        if len(orders) != 1 or next(iter(orders)) != bound:
            return None  # an entry off the sums' indices, or not every one of them
        names = {name for name, _ in probe.entries}
        if tensor not in names:
            return None
        # the right side's letters: the summand's tensors (bare), the factor's sizes (the
        # definition's factor: a claim under the sum may still divide by the mean's N)
        sizes = set(re.findall(r"(?<![A-Za-z\\])[A-Z](?![A-Za-z])", summed[1]))
        letters = set(re.findall(r"(?<![A-Za-z\\])[A-Za-z](?![A-Za-z])", sides[1]))
        if not letters <= names | sizes:
            return None
        factor = _Reader(factor_text, {}).whole() if factor_text else sympy.Integer(1)
        claimed_reader = _Reader(sides[1], {}, dict.fromkeys(names, bound))
        claimed = claimed_reader.whole()
    except NotUnderstood:
        return None
    if any(indices != bound for _, indices in claimed_reader.entries):
        return None  # an entry at another place than the one differentiated
    variable = sympy.Symbol(f"{tensor}[{','.join(bound)}]", real=True)
    truth = sympy.simplify(factor * sympy.diff(term, variable))
    shown = truth.subs(
        {sympy.Symbol(f"{n}[{','.join(bound)}]", real=True): sympy.Symbol(n) for n in names}
    )
    if sympy.simplify(claimed - truth) == 0:
        return finding(
            VERIFIED,
            f"by the notes' definition of {loss} (line {number}) as a sum over every entry of "
            f"{tensor}{how}: entry by entry, its derivative is {sympy.sstr(shown)}",
        )
    bare = {v: sympy.Symbol(v.name.split("[")[0]) for v in claimed.free_symbols if "[" in v.name}
    return finding(
        WRONG,
        f"under the notes' definition of {loss} (line {number}) as a sum over every entry of "
        f"{tensor}{how}, its derivative is {sympy.sstr(shown)} entry by entry, not "
        f"{sympy.sstr(claimed.subs(bare))}",
    )
