"""The gradients of a dense layer the notes define in one equation, ``z = W a + c``, claimed
as matrix products: ``\\frac{\\partial L}{\\partial W} = \\delta a^\\top``,
``\\frac{\\partial L}{\\partial a} = W^\\top \\delta``, ``\\frac{\\partial L}{\\partial c} =
\\delta``, with ``\\delta = \\partial L / \\partial z`` named by the notes (or written out).

The definition fixes everything the claim needs: a and z are column vectors (W multiplies
a from the left), W is out x in, c is out x 1.  The chain rule gives, for every such W,
dL/dW = δ a^T (out x in), dL/da = W^T δ (in x 1) and dL/dc = δ (out x 1), whatever the
sizes and whatever layer produced a (the network around it changes nothing: only z depends
on W, a and c here).  The claim's right side, a product of W, a, δ and their transposes,
is evaluated with exact integers at two draws of out = 3, in = 4 (sizes at which no
transposed product can pass for the right one: out != in, neither is 1) and compared with
the chain rule's matrix: equal at both draws is verified, a product that does not conform,
a different shape or a different entry is wrong (the chain rule's matrix transposed too, a
g^T or g^T W: the gradient has the tensor's own shape, as matrix_claims.py judges it under
a definition in the layer's letters; a bias's gradient is one vector, row or column).
Layer marks are kept (``z^{(3)} = W^{(3)} v + b^{(3)}``, ``\\delta^{(3)} = \\partial L /
\\partial z^{(3)}``): of several definitions, the claim's is the one whose W it writes.
It runs where no other reader gave a verdict.  Anything else (another letter, a sum, a
scalar factor, definitions the claim does not tell apart) is left to the other readers.
"""

from __future__ import annotations

import re
import zlib

import numpy as np

from symconv.checker.context import finding
from symconv.checker.matrix_form import _TRANSPOSE, _forms, _named_gradients, _plain
from symconv.checker.report import VERIFIED, WRONG

# a layer mark, the same on z, W and c: z^{(3)} = W^{(3)} v + b^{(3)}, z^{[2]}, z^2 not read
_MARK = r"(?:\^\{\(\d+\)\}|\^\(\d+\)|\^\{\[\d+\]\}|\^\[\d+\])?"
# z = Wa + c, y = W x + b, z = W \cdot a + c (bold fonts already unwrapped)
_DEFINED = re.compile(
    rf"(?<![A-Za-z0-9_^\\])(?P<y>[a-z]{_MARK})=(?P<w>[A-Z]{_MARK})(?:\\cdot)?"
    rf"(?P<x>[a-z]{_MARK})(?:\+(?P<b>[a-z]{_MARK}))?(?![A-Za-z0-9_^(])"
)
_MATH = re.compile(r"\$\$(.*?)\$\$|\$(.*?)\$|\\\[(.*?)\\\]|\\\((.*?)\\\)", re.S)
_OUT, _IN = 3, 4


def _mark(name: str) -> str:
    return name[1:]


def _definition(document: str, claim: str) -> tuple[str, str, str, str | None] | None:
    """(W, input, output, bias) of the notes' unique ``z = Wa + c`` (of several, the one
    whose W the claim writes); None when there is none, or several the claim does not tell
    apart.  z, W and c carry the same layer mark or none."""
    found = set()
    for math in _MATH.findall(document):
        for m in _DEFINED.finditer(_plain("".join(math))):
            y, w, b = m.group("y"), m.group("w"), m.group("b")
            if _mark(y) == _mark(w) and (b is None or _mark(b) == _mark(w)):
                found.add((w, m.group("x"), y, b))
    if len(found) > 1:
        found = {f for f in found if re.search(re.escape(f[0]) + r"(?![\^A-Za-z0-9])", claim)}
    return found.pop() if len(found) == 1 else None


def _upstream(document: str, y: str) -> tuple[str, ...]:
    """Names the notes define as dL/d``y`` in their math, a layer mark kept
    (``\\delta^{(3)} = \\partial L / \\partial z^{(3)}``)."""
    defined = re.compile(
        rf"(?<![A-Za-z\\])(\\delta{_MARK}|\\Delta{_MARK}|[a-zA-Z]{_MARK})=(?:{_forms(re.escape(y))})"
        r"(?![A-Za-z0-9_^])"
    )
    found = {
        m.group(1)
        for math in _MATH.findall(document)
        for m in defined.finditer(_plain("".join(math)))
    }
    return tuple(sorted(found | set(_named_gradients(document, y))))


def judge_linear_gradient(text: str, document: str) -> dict | None:
    """The verdict on dL/dW, dL/da or dL/dc of the notes' ``z = Wa + c`` written as a
    product of W, a and δ (None: not such a claim)."""
    if "=" not in text or ("\\partial" not in text and "\\nabla" not in text):
        return None
    claim = _plain(text).rstrip(".,;")
    defined = _definition(document, claim)
    if defined is None:
        return None
    w, x, y, b = defined
    left = next(
        (
            name
            for name in (w, x, b)
            if name and re.match(rf"^(?:{_forms(re.escape(name))})=", claim)
        ),
        None,
    )
    if left is None:
        return None
    right = claim.split("=", 1)[1]
    named = _upstream(document, y)
    upstream = "|".join([_forms(re.escape(y)), *(re.escape(n) for n in named)])
    letters = "|".join(re.escape(n) for n in sorted((w, x), key=len, reverse=True))
    factor = re.compile(
        rf"(?:(?P<g>{upstream})|(?P<n>{letters}))(?!\^\{{?[(\[])"
        rf"(?P<t>{_TRANSPOSE})?(?:\\cdot)?"
    )
    factors, at = [], 0
    while at < len(right):
        m = factor.match(right, at)
        if m is None or m.end() == at:
            return None  # a sum, a number, another letter: not this reader's
        factors.append(("g" if m.group("g") else m.group("n"), bool(m.group("t"))))
        at = m.end()
    if not factors or "g" not in [f for f, _ in factors]:
        return None
    rng = np.random.default_rng(zlib.crc32(text.encode("utf-8")))
    for _ in range(2):
        values = {
            w: rng.integers(-5, 6, (_OUT, _IN)),
            x: rng.integers(-5, 6, (_IN, 1)),
            "g": rng.integers(-5, 6, (_OUT, 1)),
        }
        truth = {
            w: values["g"] @ values[x].T,
            x: values[w].T @ values["g"],
            b: values["g"],
        }[left]
        product = None
        for name, turned in factors:
            value = values[name].T if turned else values[name]
            if product is not None and product.shape[1] != value.shape[0]:
                return finding(
                    WRONG,
                    f"the product does not conform: under the notes' {y} = {w}{x}"
                    f"{' + ' + b if b else ''}, {w} is out x in and {x}, {y} are columns, "
                    f"so dL/d{left} = {_rule(left, w, x)}",
                )
            product = value if product is None else product @ value
        assert product is not None
        if left == b and 1 in product.shape and product.size == truth.size:
            # dL/dc = \delta^T: a bias is one vector, as the layer's readers take it
            product = product.reshape(truth.shape)
        if product.shape == truth.T.shape and np.array_equal(product, truth.T):
            return finding(  # a delta^T, delta^T W: as matrix_claims.py calls it
                WRONG,
                f"under the notes' {y} = {w}{x}{' + ' + b if b else ''} ({w} out x in, "
                f"{x} and {y} columns), dL/d{left} = {_rule(left, w, x)}: the right side is "
                "its transpose",
            )
        if product.shape != truth.shape or not np.array_equal(product, truth):
            return finding(
                WRONG,
                f"under the notes' {y} = {w}{x}{' + ' + b if b else ''} ({w} out x in, "
                f"{x} and {y} columns), dL/d{left} = {_rule(left, w, x)}"
                + (
                    f": at out = {_OUT}, in = {_IN} the right side is "
                    f"{'x'.join(map(str, product.shape))}, dL/d{left} "
                    f"{'x'.join(map(str, truth.shape))}"
                    if product.shape != truth.shape
                    else ": the right side differs in value"
                ),
            )
    return finding(
        VERIFIED,
        f"by the notes' definition {y} = {w}{x}{' + ' + b if b else ''}: the chain rule gives "
        f"dL/d{left} = {_rule(left, w, x)} for every such {w} (compared at two draws)",
    )


def _rule(left: str, w: str, x: str) -> str:
    if left == w:
        return f"dL/dz {x}^T"
    if left == x:
        return f"{w}^T dL/dz"
    return "dL/dz"
