"""Claims of notes about a softmax output with the cross-entropy loss, read in their letters.

"$P = \\operatorname{softmax}(Z)$ row by row, $Y$ holds the one-hot labels" and a loss
``-\\sum_k y_k \\log p_k``: the notes' claims about one example are then about the function
p = softmax(z) and the loss l = -log p_c (c the true class), whatever layer feeds z.

* ``\\frac{\\partial \\ell}{\\partial z} = p - y`` (or at entry k): compared with SymPy's
  derivative of -log softmax(z)_c at 4 classes, every true class c and entry k;
* the Jacobian ``\\frac{\\partial p_k}{\\partial z_j} = p_k(\\delta_{kj} - p_j)``: with the
  derivative of softmax(z)_k with respect to z_j, every k and j;
* a side in numbers, ``(-0.335,\\ 0.245,\\ 0.090)``, ``\\ell = -\\ln p_1 = 0.176``, ``p = (...)``:
  with the values at the logits the notes give (``z = (2, 1, 0)``) and their true class
  ("true class the first one"), each number to the decimals it is written with.

The right sides are parsed (never eval'ed) into SymPy.  Judged against the layer the
checker guessed for the section (a convolution), p - y would read p and y as that layer's
tensors, and a right claim would be called wrong.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import sympy

from symconv.checker.context import finding
from symconv.checker.layer_activation import _split
from symconv.checker.limits import NotUnderstood
from symconv.checker.report import VERIFIED, WRONG

CLASSES = 4  # the identities hold for any number of classes; 4 shows every case
_SOFTMAX = r"(?:\\(?:operatorname|mathrm|text)\s*\{\s*softmax\s*\}|softmax)"
_DEFINED = re.compile(
    r"(?:\\hat\s*\{?\s*)?([A-Za-z])\}?\s*=\s*" + _SOFTMAX + r"\s*\(\s*([A-Za-z])\s*\)"
)
_CROSS_ENTROPY = re.compile(
    r"cross[- ]?entropy|entrop[íi]a cruzada|Kreuzentropie|\\log\s*\\?[a-zA-Z]?_?\{?\s*\w*\}?\s*"
    r"|\\ln",
    re.IGNORECASE,
)
_ONE_HOT = re.compile(
    r"\$\s*([A-Za-z])\s*\$[^.$]{0,40}one[- ]?hot|one[- ]?hot[^.$]{0,30}\$\s*([A-Za-z])\s*\$",
    re.IGNORECASE,
)
_BATCH_MEAN = re.compile(r"\\frac\s*\{\s*1\s*\}\s*\{\s*[NmMB]\s*\}|\bmean\b|\bmedia\b", re.I)
_GIVEN_LOGITS = re.compile(r"\$\s*z\s*=\s*\\?\(\s*([-\d.,\s\\]+?)\s*\\?\)\s*\$")
_ORDINALS = {"first": 0, "second": 1, "third": 2, "fourth": 3, "primera": 0, "segunda": 1}
_TRUE_CLASS = re.compile(
    r"(?:true|correct|target)\s+class(?:\s+is)?\s+(?:the\s+)?(first|second|third|fourth|\d)"
    r"|clase\s+(?:correcta|verdadera)(?:\s+es)?\s+(?:la\s+)?(primera|segunda|\d)",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"\\[A-Za-z]+|\\[,;!: ]|\d+(?:\.\d+)?|\.\d+|[A-Za-z]|[-+(){}\[\]^_,]|\S")
_SKIP = {"\\left", "\\right", "\\,", "\\;", "\\!", "\\:", "\\ ", "\\big", "\\Big"}
_DERIVATIVE = re.compile(
    r"^\\frac\s*\{\s*\\partial\s*(\\ell|[A-Za-z])(?:_\{?([a-z])\}?)?\s*\}\s*"
    r"\{\s*\\partial\s*([a-z])(?:_\{?\s*([a-z0-9])\s*\}?)?\s*\}$"
)


_SUMMED = re.compile(r"^\\sum_\{?([a-z])=\d\}?\^\{?\w+\}?(\\frac\{\\partial.*)$")


@dataclass
class SoftmaxNotes:
    prob: str  # the letter of softmax(z), lower case ("p")
    logit: str  # "z"
    label: str  # the one-hot label's letter ("y")
    per_example_only: bool  # no batch mean: L is one example's loss too
    base: int  # the notes' first class index
    logits: list[float] | None  # z = (2, 1, 0), if given before the claim
    true_class: int | None  # 0-based


def read_notes(document: str, line: int) -> SoftmaxNotes | None:
    """The softmax cross-entropy setting the notes state before ``line`` (1-based), if any."""
    before = "\n".join(document.split("\n")[: max(0, line - 1)])
    defined = _DEFINED.search(before)
    if defined is None or not _CROSS_ENTROPY.search(before):
        return None
    hot = _ONE_HOT.search(before)
    label = (hot.group(1) or hot.group(2)).lower() if hot else "y"
    if label == defined.group(1).lower() or "\\hat" in defined.group(0):
        return None  # \hat y = softmax(z) against y: the letters are not told apart here
    base = 1 if re.search(r"\\sum_\{?\s*[a-z]\s*=\s*1", before) else 0
    logits = None
    for found in _GIVEN_LOGITS.finditer(before):
        logits = [float(v) for v in re.split(r"\s*,\s*", found.group(1).replace("\\", ""))]
    true_class = None
    for found in _TRUE_CLASS.finditer(before):
        word = (found.group(1) or found.group(2)).lower()
        true_class = _ORDINALS[word] if word in _ORDINALS else int(word) - base
    return SoftmaxNotes(
        defined.group(1).lower(),
        defined.group(2).lower(),
        label,
        not _BATCH_MEAN.search(before),
        base,
        logits,
        true_class,
    )


class _Parser:
    """Sums, products, \\frac, brackets, numbers, ln/log/exp, the letters p and y as
    vectors (at the entry ``here``) or entries (p_k, p_j), and \\delta_{kj}."""

    def __init__(
        self,
        text: str,
        notes: SoftmaxNotes,
        values: dict[str, sympy.Expr],
        names: dict[str, int] | None = None,
    ):
        self.tokens = [t for t in _TOKEN.findall(text) if t not in _SKIP]
        self.at, self.notes, self.values = 0, notes, values
        self.names = names or {}  # index letter -> entry (0-based), for \delta_{kj}

    def peek(self) -> str | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self, want: str | None = None) -> str:
        token = self.peek()
        if token is None or (want is not None and token != want):
            raise NotUnderstood(f"softmax claim: expected {want or 'more'} near {token!r}")
        self.at += 1
        return token

    def whole(self) -> sympy.Expr:
        value = self.expr()
        if self.peek() is not None:
            raise NotUnderstood(f"softmax claim: {self.peek()!r} is not read")
        return value

    def expr(self) -> sympy.Expr:
        sign = -1 if self.peek() == "-" else 1
        if self.peek() in ("-", "+"):
            self.take()
        value = sign * self.term()
        while self.peek() in ("+", "-"):
            sign = -1 if self.take() == "-" else 1
            value += sign * self.term()
        return value

    def term(self) -> sympy.Expr:
        value = self.atom()
        while self.peek() not in (None, "+", "-", ")", "}", ","):
            if self.peek() in ("\\cdot", "\\times"):
                self.take()
            value *= self.atom()
        return value

    def atom(self) -> sympy.Expr:
        token = self.take()
        if re.fullmatch(r"\d*\.?\d+", token):
            return sympy.Rational(token)
        if token in ("(", "{"):
            value = self.expr()
            self.take(")" if token == "(" else "}")
            return value
        if token == "\\frac":
            return self._group() / self._group()
        if token in ("\\ln", "\\log", "\\exp"):
            argument = self.atom()
            return sympy.exp(argument) if token == "\\exp" else sympy.log(argument)
        if token == "\\delta":
            written = self._indices()
            if len(written) != 2 or not all(w in self.names for w in written):
                raise NotUnderstood("softmax claim: \\delta of two index letters is read")
            return sympy.Integer(int(self.names[written[0]] == self.names[written[1]]))
        if token in (self.notes.prob, self.notes.label):
            index = self._indices()[0] if self.peek() == "_" else "here"
            return self.values[f"{token}:{index}"]
        raise NotUnderstood(f"softmax claim: {token!r} is not read")

    def _group(self) -> sympy.Expr:
        self.take("{")
        value = self.expr()
        self.take("}")
        return value

    def _indices(self) -> list[str]:
        """``_k``, ``_{kj}``, ``_{k,j}``, ``_1``: the index letters (or numbers) written."""
        self.take("_")
        if self.peek() != "{":
            return [self.take()]
        self.take("{")
        found = []
        while self.peek() != "}":
            token = self.take()
            if token != ",":
                found.append(token)
        self.take("}")
        return found


def _values(notes: SoftmaxNotes, soft: list, label: int, names: dict[str, int]) -> dict:
    """The parser's values: p and y at each index letter of ``names`` and at numbers."""
    values: dict[str, sympy.Expr] = {}
    for name, entry in names.items():
        values[f"{notes.prob}:{name}"] = soft[entry]
        values[f"{notes.label}:{name}"] = sympy.Integer(int(entry == label))
    for entry in range(len(soft)):
        values[f"{notes.prob}:{entry + notes.base}"] = soft[entry]
        values[f"{notes.label}:{entry + notes.base}"] = sympy.Integer(int(entry == label))
    return values


_NUMBERS = re.compile(r"^\\?\(?\s*(-?\d*\.?\d+(?:\s*,\s*(?:\\[ ,;]\s*)?-?\d*\.?\d+)*)\s*\\?\)?$")


def _numbers(side: str) -> list[str] | None:
    """``(-0.335,\\ 0.245,\\ 0.090)`` or ``0.176``: the numbers as written, else None."""
    compact = re.sub(r"\\[ ,;!]|\\left|\\right", " ", side).strip()
    found = _NUMBERS.match(compact)
    return None if found is None else [v.strip() for v in found.group(1).split(",")]


def _rounded(written: str, truth: float) -> bool | None:
    """True if ``written`` is ``truth`` to its decimals, False if clearly not, None if only
    a rounding of a rounding away (the notes may have worked with rounded values)."""
    decimals = len(written.split(".")[1]) if "." in written else 0
    off = abs(float(written) - truth)
    step = 10.0**-decimals
    if off <= step / 2 + 1e-12:
        return True
    return None if off <= 1.5 * step else False


def judge_softmax_claim(text: str, document: str, line: int) -> dict | None:
    """The verdict on a softmax cross-entropy claim in notes about that setting, or None;
    a wrong one names its side as "side 3 of 3 differs" (the other sides agree)."""
    found = _judge(text, document, line)
    if found is not None and found["status"] == WRONG:
        total = len(_split(text, "="))
        message = re.sub(
            r"^side (\d+) differs", rf"side \1 of {total} differs", str(found["message"])
        )
        found["message"] = re.sub(r"^side (\d+):", rf"side \1 of {total} differs:", message)
    return found


def _judge(text: str, document: str, line: int) -> dict | None:
    notes = read_notes(document, line)
    if notes is None:
        return None
    sides = _split(text, "=")
    if len(sides) < 2:
        return None
    left = re.sub(r"\\[dt]frac", r"\\frac", re.sub(r"\s+", " ", sides[0])).strip()
    left = re.sub(r"\s+", "", left)
    summed = _SUMMED.match(left)
    if summed is not None:  # \sum_k dl/dz_k: the logit gradient's entries add up
        return _gradient_sum(sides[1:], notes, summed.group(1), summed.group(2))
    derivative = _DERIVATIVE.match(left)
    if derivative is not None:
        top, _, bottom, index = derivative.groups()
        if top == notes.prob and bottom == notes.logit:
            return _jacobian(sides[1:], notes, derivative.group(2), index)
        loss = top == "\\ell" or (top in ("L", "J", "E", "C") and notes.per_example_only)
        if loss and bottom == notes.logit:
            return _loss_gradient(sides[1:], notes, index)
        return None
    if left == "\\ell" or (left in ("L", "J") and notes.per_example_only):
        return _loss_value(sides[1:], notes)
    if left == notes.prob:
        return _probabilities(sides[1:], notes)
    return None


def _logit_symbols() -> tuple[list, list]:
    logits = list(sympy.symbols(f"z0:{CLASSES}", real=True))
    exps = [sympy.exp(v) for v in logits]
    return logits, [e / sum(exps) for e in exps]


def _loss_gradient(sides: list[str], notes: SoftmaxNotes, index: str | None) -> dict:
    logits, soft = _logit_symbols()
    names = {} if index is None or index.isdigit() else {index: 0}
    for number, side in enumerate(sides, start=2):
        written = _numbers(side)
        if written is not None:
            result = _numbers_against(written, notes, index, number, "dl/dz")
            if result is not None:
                return result
            continue
        for label in range(CLASSES):
            loss = -sympy.log(soft[label])
            entries = [int(index) - notes.base] if index and index.isdigit() else range(CLASSES)
            for k in entries:
                here = {**{n: k for n in names}, "here": k}
                values = _values(notes, soft, label, here)
                claimed = _Parser(side, notes, values, {n: k for n in names}).whole()
                expected = sympy.diff(loss, logits[k])
                if sympy.simplify(claimed - expected) != 0:
                    return finding(
                        WRONG,
                        f"side {number} differs from the derivative of the cross-entropy "
                        f"of softmax(z): at {CLASSES} classes, true class {label + notes.base}, "
                        f"entry {k + notes.base} it is p_{k + notes.base} - "
                        f"{int(k == label)}",
                    )
    return finding(
        VERIFIED,
        f"holds for the cross-entropy of softmax(z) at {CLASSES} classes, every true class "
        "and entry (SymPy's derivative)" + _at_numbers(notes, sides),
    )


def _jacobian(sides: list[str], notes: SoftmaxNotes, top: str | None, bottom: str | None):
    if top is None or bottom is None or top.isdigit() or bottom.isdigit():
        raise NotUnderstood("softmax claim: a Jacobian entry is read with two index letters")
    logits, soft = _logit_symbols()
    for number, side in enumerate(sides, start=2):
        if _numbers(side) is not None:
            raise NotUnderstood("softmax claim: a Jacobian entry in numbers is not read")
        for k in range(CLASSES):
            for j in range(CLASSES):
                names = {top: k, bottom: j}
                claimed = _Parser(side, notes, _values(notes, soft, -1, names), names).whole()
                expected = sympy.diff(soft[k], logits[j])
                if sympy.simplify(claimed - expected) != 0:
                    kind = "on the diagonal" if k == j else "off the diagonal"
                    return finding(
                        WRONG,
                        f"side {number} differs from the derivative of softmax(z)_{top} with "
                        f"respect to z_{bottom} {kind} ({top} = {k + notes.base}, "
                        f"{bottom} = {j + notes.base}): it is "
                        + ("p_k (1 - p_k)" if k == j else "-p_k p_j"),
                    )
    return finding(
        VERIFIED,
        f"holds for the Jacobian of softmax at {CLASSES} classes, every entry (SymPy's derivative)",
    )


def _given(notes: SoftmaxNotes) -> tuple[list[float], int]:
    if notes.logits is None or notes.true_class is None:
        raise NotUnderstood(
            "softmax claim: numbers need the logits and the true class stated before them"
        )
    if not 0 <= notes.true_class < len(notes.logits):
        raise NotUnderstood("softmax claim: the true class is not one of the logits'")
    return notes.logits, notes.true_class


def _softmax_at(logits: list[float]) -> list[float]:
    top = max(logits)
    exps = [math.exp(v - top) for v in logits]
    return [e / sum(exps) for e in exps]


def _compare(written: list[str], truth: list[float], what: str, number: int) -> dict | None:
    """WRONG naming the first entry off, NotUnderstood for a rounding's doubt, else None."""
    if len(written) != len(truth):
        return finding(WRONG, f"side {number} has {len(written)} entries, {what} has {len(truth)}")
    doubt = None
    for entry, (value, right) in enumerate(zip(written, truth, strict=True)):
        close = _rounded(value, right)
        if close is False:
            shown = ", ".join(f"{v:.4f}" for v in truth)
            where = f"entry {entry + 1} of " if len(truth) > 1 else ""
            return finding(
                WRONG,
                f"side {number}: {where}{what} is {right:.4f}, not {value} ({what}: {shown})",
            )
        if close is None:
            doubt = f"{value} is {right:.4f} only to one place fewer"
    if doubt is not None:
        raise NotUnderstood(f"softmax claim: {doubt}; a rounding of a rounding is not judged")
    return None


def _numbers_against(written, notes, index, number, what) -> dict | None:  # type: ignore[no-untyped-def]
    logits, label = _given(notes)
    soft = _softmax_at(logits)
    truth = [p - (k == label) for k, p in enumerate(soft)]
    if index is not None and index.isdigit():
        truth = [truth[int(index) - notes.base]]
    return _compare(written, truth, what, number)


def _at_numbers(notes: SoftmaxNotes, sides: list[str]) -> str:
    if not any(_numbers(s) is not None for s in sides):
        return ""
    return (
        f", and its numbers are those at z = ({', '.join(f'{v:g}' for v in notes.logits or [])})"
        f" with true class {(notes.true_class or 0) + notes.base}"
    )


def _loss_value(sides: list[str], notes: SoftmaxNotes) -> dict:
    logits, label = _given(notes)
    soft = _softmax_at(logits)
    truth = -math.log(soft[label])
    values: dict[str, sympy.Expr] = {}
    for entry, value in enumerate(soft):
        values[f"{notes.prob}:{entry + notes.base}"] = sympy.Float(value)
        values[f"{notes.label}:{entry + notes.base}"] = sympy.Integer(int(entry == label))
    for number, side in enumerate(sides, start=2):
        written = _numbers(side)
        if written is not None:
            found = _compare(written, [truth], "the loss -ln p_c", number)
            if found is not None:
                return found
            continue
        claimed = float(_Parser(side, notes, values).whole())
        if abs(claimed - truth) > 1e-9:
            return finding(
                WRONG,
                f"side {number} is {claimed:.4f}, the loss -ln p_c of true class "
                f"{label + notes.base} is {truth:.4f}",
            )
    return finding(
        VERIFIED,
        f"every side is the loss {truth:.4f} = -ln p_{label + notes.base} at the notes' "
        f"z = ({', '.join(f'{v:g}' for v in logits)})",
    )


def _probabilities(sides: list[str], notes: SoftmaxNotes) -> dict | None:
    written = [_numbers(side) for side in sides]
    if any(w is None for w in written) or notes.logits is None:
        return None
    soft = _softmax_at(notes.logits)
    for number, values in enumerate(written, start=2):
        found = _compare(values or [], soft, "softmax(z)", number)
        if found is not None:
            return found
    return finding(
        VERIFIED,
        "every entry is softmax(z) to the decimals written, at the notes' z = "
        f"({', '.join(f'{v:g}' for v in notes.logits)})",
    )


def _gradient_sum(sides: list[str], notes: SoftmaxNotes, letter: str, inner: str) -> dict | None:
    """``\\sum_k \\frac{\\partial \\ell}{\\partial z_k} = 0``: the sum of the loss
    gradient's entries over every class, compared with each side at every true class."""
    derivative = _DERIVATIVE.match(inner)
    if derivative is None or derivative.group(4) != letter or derivative.group(3) != notes.logit:
        return None
    top = derivative.group(1)
    if not (top == "\\ell" or (top in ("L", "J", "E", "C") and notes.per_example_only)):
        return None
    logits, soft = _logit_symbols()
    for number, side in enumerate(sides, start=2):
        for label in range(CLASSES):
            loss = -sympy.log(soft[label])
            expected = sum(sympy.diff(loss, v) for v in logits)
            claimed = _Parser(side, notes, _values(notes, soft, label, {})).whole()
            if sympy.simplify(claimed - expected) != 0:
                return finding(
                    WRONG,
                    f"side {number} differs: the entries of the loss gradient add up to 0 "
                    "(the probabilities sum to 1, the label to 1)",
                )
    return finding(
        VERIFIED,
        f"holds for the cross-entropy of softmax(z) at {CLASSES} classes and every true "
        "class: the entries p_k - y_k add up to 1 - 1 = 0 (SymPy)",
    )
