"""Claims about a batch loss and its samples' losses, judged by the notes' definition alone.

Notes on mini-batches define the batch's loss from the samples' (``L = \\frac{1}{N}
\\sum_{n=1}^{N} \\ell_n``, ``E = \\sum_k E_k``) and then relate the two losses' gradients:
``\\frac{\\partial L}{\\partial W} = \\frac{1}{N} \\sum_n \\frac{\\partial \\ell_n}{\\partial
W}``, ``\\frac{\\partial L}{\\partial z_n} = \\frac{1}{N} \\frac{\\partial \\ell_n}{\\partial
z_n}``, ``\\nabla_W L_{\\text{sum}} = N \\nabla_W L_{\\text{mean}}``.  No layer is needed:

* the definition L = c sum_m ell_m (c = 1/N for a mean, 1 for a sum) is linear, so for any
  tensor T, dL/dT = c sum_m dell_m/dT;
* sample m's loss depends on the batch only through sample m's tensors (x_m, z_m, y_m: the
  tensor's subscript is the sample's letter), so dell_m/dT_n = 0 for m != n and
  sum_m dell_m/dT_n = dell_n/dT_n;
* ``L_{\\text{sum}}`` and ``L_{\\text{mean}}`` are the two reductions, sum_m ell_m and
  (1/N) sum_m ell_m, of the same samples' losses.

Each side is brought to a number (in N) times one of: sum_m dell_m/dT for a shared T (W, b),
dell_n/dT for one sample n and a shared T, or dell_n/dT_n.  These are different functions of
the samples' losses for a batch of more than one sample, so two sides agree exactly when
their forms and factors are the same; a side naming another tensor, a sum over part of the
batch, or anything else is not read (None).  Parsed, never eval'ed.
"""

from __future__ import annotations

import re

import sympy

from symconv.checker.context import finding
from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.split import split_top

_SPACE = re.compile(r"\\[,;:! ]|\\q?quad|\s+|\\left|\\right|\\displaystyle|\\big|\\Big")
_WORD = r"\\(?:text|mathrm|operatorname)\{(?P<red>sum|mean|avg)\}"
# the batch loss's letter, its 1/N, the sum's index and top, the sample loss's letter
_DEFINITION = re.compile(
    r"(?<![A-Za-z\\{])(?P<loss>L|J|E|\\mathcal\{L\})=(?:\\frac\{1\}\{(?P<n1>[A-Z]|\d+)\}"
    r"|\\frac1(?P<n2>[A-Z]|\d)|1/(?P<n3>[A-Z]|\d+))?\\sum_(?:\{(?P<i1>[a-z])(?:=(?P<low>[01]))?\}"
    r"|(?P<i2>[a-z]))(?:\^\{?(?P<top>[A-Z](?:-1)?|\d+)\}?)?"
    r"(?P<each>\\ell|L|J|E)_(?:\{(?P=i1)\}|(?P=i2)|(?P=i1))"
    r"(?![A-Za-z_^(])"
)
_COEFFICIENT = re.compile(
    r"^(?:\\frac\{(?P<a>\d+|[A-Z])\}\{(?P<b>\d+|[A-Z])\}|\\frac(?P<c>\d)(?P<d>[A-Z\d])"
    r"|(?P<e>\d+)/(?P<f>[A-Z\d]+)|(?P<g>\d+|[A-Z])(?=\\frac|\\partial|\\nabla|\\sum|\\eta))(?:\\cdot)?"
)
_SUM = re.compile(
    r"^\\sum_(?:\{(?P<i>[a-z])(?:=(?P<low>[01]))?\}|(?P<j>[a-z]))(?:\^\{?(?P<top>[A-Z](?:-1)?)\}?)?"
)


def _tensor(p: str) -> str:
    """A tensor, maybe one sample's: W, b, z_n, \\mathbf{x}_{n}."""
    return (
        rf"(?P<{p}t>[A-Za-z]|\\mathbf\{{[A-Za-z]\}})(?:_\{{(?P<{p}s1>[a-z])\}}|_(?P<{p}s2>[a-z]))?"
    )


def _loss(p: str) -> str:
    """A loss: L, \\ell_n, E_{k}, L_{\\text{mean}}."""
    word = _WORD.replace("?P<red>", f"?P<{p}red>")
    return (
        rf"(?P<{p}l>\\ell|\\mathcal\{{L\}}|[LJE])"
        rf"(?:_\{{(?P<{p}k1>[a-z])\}}|_(?P<{p}k2>[a-z])|_\{{{word}\}})?"
    )


_DERIVATIVE = re.compile(
    rf"^(?:\\frac\{{\\partial{_loss('')}\}}\{{\\partial{_tensor('')}\}}"
    rf"|\\partial{_loss('x')}/\\partial{_tensor('x')}(?![A-Za-z_{{])"
    rf"|\\nabla_(?:\{{{_tensor('y')}\}}|(?P<zt>[A-Za-z])){_loss('y')}(?![A-Za-z_{{]))"
)


class _Unread(Exception):
    """The side is not of the forms read here."""


def _definition(document: list[str], line: int, numbers: bool = False) -> dict | None:
    """The batch loss's definition last written above ``line``; with ``numbers``, also one
    over a batch given as a number, ``L = \\frac{1}{8} \\sum_{n=0}^{7} \\ell_n`` (its sum
    running over exactly that many samples)."""
    found = None
    for number, text in enumerate(document[: max(line - 1, 0)], start=1):
        compact = _SPACE.sub("", text).replace("\\dfrac", "\\frac").replace("\\tfrac", "\\frac")
        for m in _DEFINITION.finditer(compact):
            batch = m.group("n1") or m.group("n2") or m.group("n3")
            top = m.group("top")
            if (batch or "").isdigit() or (top or "").isdigit():
                first = int(m.group("low") or 1)
                if not numbers or not (batch or "").isdigit() or top is None or not top.isdigit():
                    continue  # a count in numbers: read only where asked, both given
                if int(top) - first + 1 != int(batch):
                    continue  # (1/8) sum_{n=0}^{8}: not a mean over the batch read here
                top = batch
            if batch and top and top.rstrip("-1") != batch:
                continue  # (1/N) sum^B: not a mean over the batch read here
            found = {
                "loss": m.group("loss"),
                "each": m.group("each"),
                "index": m.group("i1") or m.group("i2"),
                "batch": batch or (top.rstrip("-1") if top else None),
                "mean": batch is not None,
                "line": number,
            }
    return found


def _group(m: re.Match, *names: str) -> str | None:
    for name in names:
        value = m.groupdict().get(name)
        if value:
            return value
    return None


def leading_factor(text: str, defined: dict, n: sympy.Symbol) -> tuple[sympy.Expr, str] | None:
    """(the number, in the batch letter, that ``text`` opens with; the rest), else None."""
    m = _COEFFICIENT.match(text)
    if m is None or m.end() == 0:
        return None
    top = m.group("a") or m.group("c") or m.group("e")
    bottom = m.group("b") or m.group("d") or m.group("f")
    if m.group("g"):
        top, bottom = m.group("g"), "1"
    return _number(top, defined, n) / _number(bottom, defined, n), text[m.end() :]


def _side(text: str, defined: dict, n: sympy.Symbol) -> tuple[sympy.Expr, tuple, bool]:
    """(factor, form, whether it names a sample's loss or a reduction) of one side."""
    factor: sympy.Expr = sympy.Integer(1)
    bound = None
    rest = text
    while True:
        leading = leading_factor(rest, defined, n)
        if leading is not None:
            factor *= leading[0]
            rest = leading[1]
            continue
        m = _SUM.match(rest)
        if m is not None and bound is None:
            top = m.group("top")
            low = m.group("low")
            whole = (
                top is None
                or (top == defined["batch"] and low in (None, "1"))
                or (top == f"{defined['batch']}-1" and low == "0")
            )
            if not whole or defined["batch"] is None:
                raise _Unread
            bound = m.group("i") or m.group("j")
            rest = rest[m.end() :]
            continue
        break
    m = _DERIVATIVE.match(rest)
    if m is None:
        raise _Unread
    tail = rest[m.end() :]
    if tail:
        t = re.fullmatch(r"/(\d+|[A-Z])", tail)
        if t is None:
            raise _Unread
        factor /= _number(t.group(1), defined, n)
    loss = _group(m, "l", "xl", "yl")
    sample = _group(m, "k1", "k2", "xk1", "xk2", "yk1", "yk2")
    reduction = _group(m, "red", "xred", "yred")
    tensor = _group(m, "t", "xt", "yt", "zt")
    own = _group(m, "s1", "s2", "xs1", "xs2", "ys1", "ys2")
    if reduction is not None:
        if loss != defined["loss"] or defined["batch"] is None:
            raise _Unread
        factor *= 1 / n if reduction in ("mean", "avg") else 1
        loss, summed = None, True
    elif sample is None and loss == defined["loss"]:
        factor *= 1 / n if defined["mean"] else 1
        summed = True
    elif sample is not None and loss == defined["each"]:
        summed = False
    else:
        raise _Unread
    if own is not None and own not in {defined["index"], sample, bound} - {None}:
        raise _Unread  # W_{ij}, y_{nd}: an entry, not one sample's tensor
    named = reduction is not None or sample is not None
    if summed:  # c sum_m dell_m/dT
        if bound is not None:
            raise _Unread  # a sum of a batch loss
        return factor, ("one", own, tensor) if own else ("all", tensor), named
    if bound is not None:
        if sample != bound or own == bound:
            raise _Unread
        return factor, ("one", own, tensor) if own else ("all", tensor), named
    if own is not None and own != sample:
        raise _Unread  # dell_m/dz_n: zero, but not a claim the notes make
    return factor, ("one", sample, tensor) if own else ("part", sample, tensor), named


def _number(text: str, defined: dict, n: sympy.Symbol) -> sympy.Expr:
    if text.isdigit():
        return sympy.Integer(int(text))
    if text == defined["batch"]:
        return n
    raise _Unread


def _show(factor: sympy.Expr, form: tuple, defined: dict) -> str:
    each, k = defined["each"].lstrip("\\"), defined["index"]
    if form[0] == "all":
        what = f"sum_{k} d{each}_{k}/d{form[1]}"
    else:
        what = f"d{each}_{form[1]}/d{form[2]}" + (f"_{form[1]}" if form[0] == "one" else "")
    return what if factor == 1 else f"{sympy.sstr(factor)} {what}"


def judge_batch_loss(text: str, document: list[str], line: int) -> dict | None:
    """VERIFIED or WRONG for a claim relating the batch loss's and the samples' gradients
    under the notes' definition of the batch loss; None where it is no such claim."""
    if "\\partial" not in text and "\\nabla" not in text:
        return None
    compact = _SPACE.sub("", text).replace("\\dfrac", "\\frac").replace("\\tfrac", "\\frac")
    compact = compact.rstrip(".,;")
    sides = [side for _, side in split_top(compact, ("=",))]
    if len(sides) < 2 or any(not s for s in sides):
        return None
    defined = _definition(document, line)
    if defined is None:
        return None
    n = sympy.Symbol(defined["batch"] or "N", positive=True, integer=True)
    try:
        read = [_side(s, defined, n) for s in sides]
    except _Unread:
        return None
    if not any(named for _, _, named in read):
        return None  # no sample's loss and no reduction: a claim for the layer's readers
    tensors = {form[-1] for _, form, _ in read}
    if len(tensors) != 1:
        return None  # two tensors' gradients: the chain rule, not read here
    mean = "(1/N) times the sum" if defined["mean"] else "the sum"
    base = (
        f"by the notes' definition of the batch loss (line {defined['line']}) as {mean} of "
        "the samples' losses, each sample's loss depending only on its own sample's tensors"
    )
    first_factor, first_form, _ = read[0]
    for k, (factor, form, _) in enumerate(read[1:], start=2):
        if form != first_form or sympy.simplify(factor - first_factor) != 0:
            return finding(
                WRONG,
                f"{base}: side {k} is {_show(factor, form, defined)}, the left side "
                f"{_show(first_factor, first_form, defined)} (for a batch of more than one "
                "sample)",
            )
    return finding(VERIFIED, f"{base}: every side is {_show(first_factor, first_form, defined)}")
