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
"""

from __future__ import annotations

import re

import sympy

from symconv.checker.context import finding
from symconv.checker.layer_activation import _Parser
from symconv.checker.limits import NotUnderstood
from symconv.checker.report import VERIFIED, WRONG
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

    def __init__(self, text: str, rename: dict[str, str]) -> None:
        super().__init__(text, "none", "")
        self.rename = rename
        self.entries: set[tuple[str, tuple[str, ...]]] = set()

    def atom(self) -> sympy.Expr:
        token = self.peek()
        after = self.tokens[self.at + 1] if self.at + 1 < len(self.tokens) else None
        if token is not None and re.fullmatch(r"[A-Z]", token) and after != "_":
            self.take()
            return sympy.Symbol(token, positive=True)
        if token is not None and re.fullmatch(r"[a-z]", token) and after == "_":
            self.take()
            self.take("_")
            indices = self.indices()
            self.entries.add((token, indices))
            return sympy.Symbol(f"{token}[{','.join(indices)}]", real=True)
        return super().atom()

    def indices(self) -> tuple[str, ...]:
        letters = [t for t in self.argument_tokens() if t != ","]
        if not all(re.fullmatch(r"[a-z]", k) for k in letters):
            raise NotUnderstood(f"{self.what}: an entry's index is not a letter")
        return tuple(self.rename.get(k, k) for k in letters)


def _compact(text: str) -> str:
    text = _SPACE.sub(" ", text).replace("\\dfrac", "\\frac").replace("\\tfrac", "\\frac")
    return text.strip().rstrip(".,;").strip()


def _definition(document: list[str], line: int, loss: str) -> tuple[int, str, str] | None:
    """(line, factor's text, sums' and summand's text) of the last ``loss = c \\sum ...``
    written above ``line``."""
    found = None
    pattern = re.compile(
        r"(?<![A-Za-z\\_{])" + re.escape(loss) + r"\s*=\s*(?P<c>(?:\\frac\s*\{[^{}]*\}\s*\{[^{}]*\}"
        r"|\d+/\d+)?)\s*(?P<rest>\\sum.*)$"
    )
    for number, text in enumerate(document[: max(line - 1, 0)], start=1):
        for math in _MATH.findall(text):
            parts = [p for _, p in split_top(_compact(math), ("=",))]
            if len(parts) != 2:
                continue
            m = pattern.match(f"{parts[0].strip()} = {parts[1].strip()}")
            if m is not None:
                found = (number, m.group("c"), m.group("rest"))
    return found


def judge_entry_loss(text: str, document: list[str], line: int) -> dict | None:
    """VERIFIED or WRONG for ``\\partial L / \\partial y_{..} = ...`` under the notes'
    entry-wise definition of L; None where it is not such a claim."""
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
        return None
    loss = left.group("loss") or left.group("loss2")
    tensor = left.group("t") or left.group("t2")
    written = left.group("i") or left.group("j") or left.group("i2") or left.group("j2")
    at = tuple(re.findall(r"[a-z]", written))
    defined = _definition(document, line, loss)
    if defined is None or "\\sum" in sides[1]:
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
    summand = rest[sums.end() :]
    if len(set(bound)) != len(bound) or len(bound) != len(at) or len(set(at)) != len(at):
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
            f"by the notes' definition of {loss} (line {number}) as a sum over every entry: "
            f"its derivative by {tensor}_{{{''.join(at)}}} is {sympy.sstr(truth)}",
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
        f"under the notes' definition of {loss} (line {number}) as a sum over every entry, "
        f"its derivative by {tensor}_{{{''.join(at)}}} is {sympy.sstr(truth)}, not "
        f"{sympy.sstr(claimed)}",
    )
