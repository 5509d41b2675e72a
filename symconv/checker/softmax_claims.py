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

import re
from dataclasses import replace

import sympy

from symconv.checker.context import finding
from symconv.checker.layer_activation import _split
from symconv.checker.limits import NotUnderstood
from symconv.checker.matrix_world import line_before
from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.sigmoid_loss import judge_sigmoid_loss
from symconv.checker.softmax_examples import exact_value, named_example, per_example
from symconv.checker.softmax_notes import (
    SoftmaxNotes,
    _Parser,
    _values,
    decimal_points,
    read_notes,
    temperature_symbol,
    unbold,
)
from symconv.checker.softmax_numbers import (
    _at_numbers,
    _loss_value,
    _numbers,
    rounded_arithmetic,
)
from symconv.checker.softmax_rows import entries_meant, one_example
from symconv.checker.softmax_sides import (
    chain_verdict,
    example_softmax,
    is_numbers,
    probabilities,
    side_status,
)

CLASSES = 4  # the identities hold for any number of classes; 4 shows every case
_DERIVATIVE = re.compile(
    r"^\\frac\s*\{\s*\\partial\s*(\\ell|[A-Za-z])(?:_\{?([a-z])\}?)?\s*\}\s*"
    r"\{\s*\\partial\s*([a-z])(?:_\{?\s*([a-z0-9])\s*\}?)?\s*\}$"
)

_DECIMALS = re.compile(r"\d\.\d")  # a side with a rounded number in it


_APPROX = re.compile(r"\\approx(?![A-Za-z])")
# \frac{\partial p_1}{\partial z_2}: one entry of the Jacobian, by the classes' numbers
_JACOBIAN_ENTRY = re.compile(
    r"^\\frac\{\\partial([a-z])_\{?(\d)\}?\}\{\\partial([a-z])_\{?(\d)\}?\}$"
)
# \frac{\partial}{\partial z_k} followed by the formula it differentiates
_OPERATOR = re.compile(
    r"^\\frac\s*\{\s*\\partial\s*\}\s*\{\s*\\partial\s*([a-z])\s*_\s*\{?\s*([a-z])\s*\}?\s*\}(.+)$"
)
# \partial \ell / \partial z_k, the derivative written inline with a slash
_SLASHED = re.compile(
    r"\\partial\s*(\\ell|[A-Za-z])\s*(_\s*(?:\{[^{}]*\}|[A-Za-z0-9]))?\s*/\s*"
    r"\\partial\s*([A-Za-z])\s*(_\s*(?:\{[^{}]*\}|[A-Za-z0-9]))?"
)


def _as_frac(text: str) -> str:
    """``\\partial p_j / \\partial z_k`` written ``\\frac{\\partial p_j}{\\partial z_k}``: the
    same derivative, in the one form the readers below match.  Only a side that starts
    with it (a slash inside a side, ``-1/p_k``, is a quotient)."""
    sides = _split(text, "=")
    if not sides or not _SLASHED.match(sides[0].strip()):
        return text
    return _SLASHED.sub(
        lambda m: (
            f"\\frac{{\\partial {m.group(1)}{m.group(2) or ''}}}"
            f"{{\\partial {m.group(3)}{m.group(4) or ''}}}"
        ),
        text,
        count=1,
    )


_SUMMED = re.compile(r"^\\sum_\{?([a-z])=\d\}?\^\{?\w+\}?(\\frac\{\\partial.*)$")


def judge_softmax_claim(text: str, document: str, line: int) -> dict | None:
    """The verdict on a softmax cross-entropy claim in notes about that setting, or None;
    a wrong one names its side as "side 3 of 3 differs" (the other sides agree).

    ``\\approx`` joins sides as ``=`` does: a rounded decimal is compared to its digits
    (softmax_sides).  A claim naming a class by number (p_1, z_2) in notes that do not say
    where their class numbers start is judged from 0 and from 1, and only a verdict both
    give stands."""
    written, text = text, _as_frac(decimal_points(_APPROX.sub("=", text)))
    # a sigmoid's binary cross-entropy, defined in the claim's paragraph: \sigma(z) - y
    found = judge_sigmoid_loss(text, document, line, written)
    if found is not None:
        return found
    notes = read_notes(document, line, written)  # the claim as its line writes it
    if notes is None:
        return None
    rows = document.split("\n")
    before = "\n".join([*rows[: max(0, line - 1)], line_before(rows, line, written)])
    example = per_example(unbold(text), unbold(before), notes, _split(unbold(text), "="))
    if example is not None:  # p_1 = (\tfrac12, ...) of "Beispiel 1: $z_1 = (...)$"
        text, notes = example
    numbered = rf"(?<![A-Za-z\\])[{notes.prob}{notes.label}{notes.logit}]\s*_\s*\{{?\s*\d"
    if not notes.base_said and re.search(numbered.replace("\\d", "0"), unbold(text), re.I):
        notes = replace(notes, base=0, base_said=True)  # p_0: only notes from 0 have a class 0
    found = _judge(text, document, line, notes, written)
    if not notes.base_said and re.search(numbered, unbold(text), re.IGNORECASE):
        try:
            other = _judge(text, document, line, replace(notes, base=1 - notes.base), written)
        except NotUnderstood:
            other = None
        if (found or {}).get("status") != (other or {}).get("status"):
            raise NotUnderstood(
                "softmax claim: it names a class by number, and the notes do not say whether "
                "their classes are numbered from 0 or from 1 (the verdict depends on it)"
            )
    if found is not None and found["status"] == WRONG:
        total = len(_split(text, "="))
        message = re.sub(
            r"^side (\d+) differs", rf"side \1 of {total} differs", str(found["message"])
        )
        found["message"] = re.sub(r"^side (\d+):", rf"side \1 of {total} differs:", message)
    return found


def _judge(
    text: str, document: str, line: int, notes: SoftmaxNotes, claim: str = ""
) -> dict | None:
    """The verdict under ``notes``; ``claim``: the claim as its line writes it."""
    before = "\n".join(document.split("\n")[: max(0, line - 1)])
    # dP_{nk}/dZ_{nj}, d(ell_n)/dZ_{nj}: sample n's claim, n dropped (softmax_rows.py)
    written = text
    text = one_example(text, before, (notes.prob, notes.label, notes.logit)) or text
    sides = _split(unbold(text), "=")
    if len(sides) < 2:
        return None
    left = re.sub(r"\\[dt]frac", r"\\frac", re.sub(r"\s+", " ", sides[0])).strip()
    left = re.sub(r"\s+", "", left)
    summed = _SUMMED.match(left)
    if summed is not None and notes.temperature is not None:
        raise NotUnderstood("softmax claim: with a temperature, only the loss gradient is read")
    if summed is not None:  # \sum_k dl/dz_k: the logit gradient's entries add up
        return _gradient_sum(sides[1:], notes, summed.group(1), summed.group(2))
    entry = _JACOBIAN_ENTRY.match(left)
    if entry is not None and entry.group(1) == notes.prob and entry.group(3) == notes.logit:
        if notes.temperature is not None:
            raise NotUnderstood("softmax claim: with a temperature, only the loss gradient is read")
        k, j = int(entry.group(2)) - notes.base, int(entry.group(4)) - notes.base
        example = named_example(document, line, claim or written, notes)
        return _jacobian_entry(sides[1:], notes, k, j, example)
    operator = _OPERATOR.match(sides[0].strip())
    if operator is not None and operator.group(1) == notes.logit and notes.temperature is None:
        return _logit_function(operator.group(3), sides[1:], notes, operator.group(2))
    derivative = _DERIVATIVE.match(left)
    if derivative is not None:
        top, _, bottom, index = derivative.groups()
        if top == notes.prob and bottom == notes.logit and notes.temperature is not None:
            raise NotUnderstood("softmax claim: with a temperature, only the loss gradient is read")
        if top == notes.prob and bottom == notes.logit:
            top_index = derivative.group(2)
            where, near = entries_meant(document, line, written, top_index, index)
            every = _jacobian(sides[1:], notes, top_index, index)
            if where is None or every["status"] == VERIFIED:
                return every
            some = _jacobian(sides[1:], notes, top_index, index, where)
            if some["status"] == VERIFIED and not near:
                raise NotUnderstood(
                    "softmax claim: it holds only "
                    + ("on the diagonal" if where else "off the diagonal")
                    + ", and whether the sentence restricts it there is not read"
                )
            return some
        loss = top == "\\ell" or (top in ("L", "J", "E", "C") and notes.per_example_only)
        if loss and bottom == notes.logit:
            return _loss_gradient(sides[1:], notes, index)
        if loss and bottom == notes.prob and notes.temperature is None:
            return _probability_gradient(sides[1:], notes, index)
        return None
    if notes.temperature is not None:
        raise NotUnderstood("softmax claim: with a temperature, only the loss gradient is read")
    if left == "\\ell" or (left in ("L", "J") and notes.per_example_only):
        return _loss_value(sides[1:], notes)
    if left == notes.prob:
        return probabilities(sides[1:], notes)
    entry = re.fullmatch(rf"{notes.prob}_\{{?(\d)\}}?", left)
    if entry is not None:  # p_0 = 0.787: one entry of softmax(z) at the given logits
        return probabilities(sides[1:], notes, int(entry.group(1)) - notes.base)
    return None


def _jacobian_entry(
    sides: list[str], notes: SoftmaxNotes, k: int, j: int, example: list | None
) -> dict:
    """``\\frac{\\partial p_1}{\\partial z_2} = p_1 p_2 = \\tfrac18``: a formula side against
    SymPy's derivative of softmax(z)_k in z_j for every logits; a side in numbers against its
    value at the example's logits (``example``: the one the sentence names, else the notes'
    given logits)."""
    if not (0 <= k < CLASSES and 0 <= j < CLASSES):
        raise NotUnderstood("softmax claim: an entry past the classes read")
    if example is None and notes.logits is not None:
        example = notes.exact_logits or [sympy.nsimplify(v, rational=True) for v in notes.logits]
    logits, soft = _logit_symbols()
    general = sympy.diff(soft[k], logits[j])
    at_example = None
    if example is not None and k < len(example) and j < len(example):
        exps = [sympy.exp(v) for v in example]
        here = [e / sum(exps) for e in exps]
        at_example = here[k] * (int(k == j) - here[j])  # p_k (\delta_{kj} - p_j)
    statuses: dict[int, tuple[bool | None, sympy.Expr | None]] = {}
    for number, side in enumerate(sides, start=2):
        written = exact_value(side) if _numbers(side) is None else None
        if _numbers(side) is None and written is None:  # a formula of p: for every logits
            claimed = _Parser(side, notes, _values(notes, soft, -1, {})).whole()
            value = None
            if at_example is not None:
                example_notes = replace(notes, exact_logits=example, logits=None, true_class=0)
                value = side_status(side, [at_example], example_notes)[1]
            statuses[number] = (sympy.simplify(claimed - general) == 0, value)
            continue
        if at_example is None:
            raise NotUnderstood("softmax claim: a Jacobian entry in numbers needs the logits")
        if written is not None:  # \tfrac18: exactly
            statuses[number] = (sympy.simplify(written - at_example) == 0, written)
        else:
            statuses[number] = side_status(side, [at_example], notes)
    kind = (
        f"p_{k + notes.base} (1 - p_{k + notes.base})"
        if k == j
        else (f"-p_{k + notes.base} p_{j + notes.base}")
    )
    return chain_verdict(
        statuses,
        sides,
        at_example,
        f"the Jacobian entry is {kind}",
        f"holds for the Jacobian entry {kind} (SymPy's derivative)"
        + ("" if at_example is None else f", {sympy.nsimplify(at_example)} at the example"),
    )


def _logit_function(operand: str, sides: list[str], notes: SoftmaxNotes, index: str) -> dict:
    """``\\frac{\\partial}{\\partial z_k} \\log \\sum_{j=1}^{K} e^{z_j} = p_k``: a formula of
    the logits alone, differentiated by SymPy at every entry k, against each side (p_k the
    softmax of the same logits)."""
    if re.search(rf"(?<![A-Za-z\\])[{notes.prob}{notes.label}](?![A-Za-z])", operand):
        raise NotUnderstood("softmax claim: a derivative of a formula of p or y is not read")
    logits, soft = _logit_symbols()
    for k in range(CLASSES):
        names = {index: k}
        values = _values(notes, soft, -1, {**names, "here": k})
        for entry, logit in enumerate(logits):
            values[f"{notes.logit}:{entry + notes.base}"] = logit
        values[f"{notes.logit}:{index}"] = logits[k]
        expected = sympy.diff(_Parser(operand, notes, values, names).whole(), logits[k])
        for number, side in enumerate(sides, start=2):
            claimed = _Parser(side, notes, values, names).whole()
            if sympy.simplify(claimed - expected) != 0:
                return finding(
                    WRONG,
                    f"side {number} differs from SymPy's derivative of the formula in "
                    f"{notes.logit}_{index} at {index} = {k + notes.base} ({CLASSES} classes)",
                )
    return finding(
        VERIFIED,
        f"holds at {CLASSES} classes and every entry {index}: SymPy's derivative of the "
        f"formula in the logits (p = softmax({notes.logit}))",
    )


def _logit_symbols(temperature: str | None = None) -> tuple[list, list]:
    """The logits as symbols and softmax(z), or softmax(z/T) with a temperature T (a
    positive symbol, the one the parser reads for the notes' letter)."""
    logits = list(sympy.symbols(f"z0:{CLASSES}", real=True))
    scale = 1 if temperature is None else temperature_symbol(temperature)
    exps = [sympy.exp(v / scale) for v in logits]
    return logits, [e / sum(exps) for e in exps]


def _loss_gradient(sides: list[str], notes: SoftmaxNotes, index: str | None) -> dict:
    """dl/dz (or its entry) against SymPy's derivative of -log p_c, p = softmax(z) or, with
    the notes' temperature T, softmax(z/T) (whose gradient is (p - y)/T: the chain rule
    through z/T)."""
    if notes.temperature is not None and any(is_numbers(side) for side in sides):
        raise NotUnderstood("softmax claim: with a temperature, numbers are not read")
    logits, soft = _logit_symbols(notes.temperature)
    names = {} if index is None or index.isdigit() else {index: 0}
    entry = int(index) - notes.base if index and index.isdigit() else None
    if entry is not None and not 0 <= entry < CLASSES:
        raise NotUnderstood("softmax claim: an entry past the classes read")
    statuses: dict[int, tuple[bool | None, sympy.Expr | None]] = {}
    odd = ""
    for number, side in enumerate(sides, start=2):
        if is_numbers(side):
            statuses[number] = side_status(side, _example_gradient(notes, entry), notes)
            continue
        statuses[number] = (True, _value_at_example(side, notes, entry))
        # the worked example's true class where the notes state it ("true class 1"): a
        # side written for that example (p_1 - 1) is its, not every class's
        labels = range(CLASSES) if notes.true_class is None else [notes.true_class]
        for label in labels:
            loss = -sympy.log(soft[label])
            for k in range(CLASSES) if entry is None else [entry]:
                here = {**{n: k for n in names}, "here": k}
                values = _values(notes, soft, label, here)
                claimed = _Parser(side, notes, values, {n: k for n in names}).whole()
                expected = sympy.diff(loss, logits[k])
                differs = None
                if not claimed.free_symbols and not _names_letters(side, notes):
                    # -e^{-1}/(1 + e^{-1}): at the given logits (p(1 - y) at the true class
                    # is 0 too, but it names p and y: a formula, judged as one)
                    expected = _at_given_logits(notes, k, label)
                    # 0.6652 - 1: arithmetic on rounded numbers, to the decimals written
                    close = rounded_arithmetic(side, float(claimed), float(expected))
                    if close is None and _DECIMALS.search(side):
                        raise NotUnderstood(
                            "softmax claim: the rounded numbers are too far off to call right "
                            "and too close to call wrong"
                        )
                    differs = None if close is None else not close
                if differs is None:
                    differs = sympy.simplify(claimed - expected) != 0
                if differs and statuses[number][0]:
                    statuses[number] = (False, statuses[number][1])
                    scaled = f"z/{notes.temperature}" if notes.temperature else "z"
                    value = f"p_{k + notes.base} - {int(k == label)}"
                    if notes.temperature:  # the chain rule through z/T divides by T
                        value = f"({value})/{notes.temperature}"
                    odd = odd or (
                        f"the derivative of the cross-entropy of softmax({scaled}): at "
                        f"{CLASSES} classes, true class {label + notes.base}, entry "
                        f"{k + notes.base} it is {value}"
                    )
    which = (
        "every true class"
        if notes.true_class is None
        else f"the notes' true class {notes.true_class + notes.base}"
    )
    truth = None
    if entry is not None and notes.logits is not None and notes.true_class is not None:
        truth = _example_gradient(notes, entry)[0]
    scaled = f"z/{notes.temperature}" if notes.temperature else "z"
    return chain_verdict(
        statuses,
        sides,
        truth,
        odd or "the notes' worked example",
        f"holds for the cross-entropy of softmax({scaled}) at {CLASSES} classes, {which} "
        "and every entry (SymPy's derivative)" + _at_numbers(notes, sides),
    )


def _example_gradient(notes: SoftmaxNotes, entry: int | None) -> list[sympy.Expr]:
    """dl/dz at the notes' logits and true class, exactly (one entry, or all)."""
    soft = example_softmax(notes)
    if soft is None or notes.true_class is None:
        raise NotUnderstood(
            "softmax claim: numbers need the logits and the true class stated before them"
        )
    if not 0 <= notes.true_class < len(soft) or (entry is not None and entry >= len(soft)):
        raise NotUnderstood("softmax claim: the true class is not one of the logits'")
    truth = [p - int(k == notes.true_class) for k, p in enumerate(soft)]
    return truth if entry is None else [truth[entry]]


def _value_at_example(side: str, notes: SoftmaxNotes, entry: int | None) -> sympy.Expr | None:
    """A formula side's value at the worked example, for the message (None if it has none)."""
    if entry is None or notes.logits is None or notes.true_class is None:
        return None
    try:
        return side_status(side, _example_gradient(notes, entry), notes, {"here": entry})[1]
    except NotUnderstood:
        return None


def _names_letters(side: str, notes: SoftmaxNotes) -> bool:
    """Whether a side writes the softmax's or the label's letter (a formula, not numbers)."""
    letters = "".join(sorted({notes.prob, notes.label}))
    return re.search(rf"(?<![\\A-Za-z])[{letters}](?![A-Za-z])", side) is not None


def _at_given_logits(notes: SoftmaxNotes, k: int, label: int) -> sympy.Expr:
    """dl/dz_k = softmax(z)_k - [k = c] at the logits the notes give (exactly)."""
    if notes.logits is None or not 0 <= k < len(notes.logits):
        raise NotUnderstood("softmax claim: a side in numbers needs the logits given before it")
    exps = [sympy.exp(sympy.nsimplify(v)) for v in notes.logits]
    return exps[k] / sum(exps) - int(k == label)


def _jacobian(
    sides: list[str],
    notes: SoftmaxNotes,
    top: str | None,
    bottom: str | None,
    where: bool | None = None,
):
    """``where``: True for the diagonal entries only (k = j), False for the others, None
    for every entry (as the sentence around the claim says, :func:`entries_meant`)."""
    if top is None or bottom is None or top.isdigit() or bottom.isdigit():
        raise NotUnderstood("softmax claim: a Jacobian entry is read with two index letters")
    logits, soft = _logit_symbols()
    for number, side in enumerate(sides, start=2):
        if _numbers(side) is not None:
            raise NotUnderstood("softmax claim: a Jacobian entry in numbers is not read")
        for k in range(CLASSES):
            for j in range(CLASSES):
                if where is not None and (k == j) != where:
                    continue
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
                        + (f"p_{top} (1 - p_{top})" if k == j else f"-p_{top} p_{bottom}"),
                    )
    which = {
        None: "every entry",
        True: "every diagonal entry",
        False: "every entry off the diagonal",
    }
    return finding(
        VERIFIED,
        f"holds for the Jacobian of softmax at {CLASSES} classes, {which[where]} (SymPy's "
        "derivative)",
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


def _probability_gradient(sides: list[str], notes: SoftmaxNotes, index: str | None) -> dict:
    """``\\frac{\\partial \\ell}{\\partial p_k} = -y_k / p_k``: the cross-entropy
    -\\sum_j y_j \\log p_j differentiated in p_k, the probabilities taken as its free
    arguments (the loss is a function of p before p is one of z), at every true class and
    entry; -1/p_k holds at the true class only."""
    if index is None or index.isdigit():
        raise NotUnderstood("softmax claim: dl/dp is read at an entry letter (dl/dp_k)")
    probs = list(sympy.symbols(f"p0:{CLASSES}", positive=True))
    for number, side in enumerate(sides, start=2):
        if _numbers(side) is not None:
            raise NotUnderstood("softmax claim: dl/dp in numbers is not read")
        for label in range(CLASSES):
            loss = -sympy.log(probs[label])
            for k in range(CLASSES):
                values = _values(notes, probs, label, {index: k, "here": k})
                claimed = _Parser(side, notes, values, {index: k}).whole()
                if sympy.simplify(claimed - sympy.diff(loss, probs[k])) != 0:
                    truth = f"-1/p_{k + notes.base}" if k == label else "0"
                    return finding(
                        WRONG,
                        f"side {number} differs from the derivative of the cross-entropy "
                        f"-sum_j y_j log p_j in p_{index}: at true class {label + notes.base}, "
                        f"{index} = {k + notes.base} it is {truth} (-y_{index}/p_{index})",
                    )
    return finding(
        VERIFIED,
        f"holds for the cross-entropy in p at {CLASSES} classes, every true class and entry "
        f"(SymPy's derivative -y_{index}/p_{index})",
    )
