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
a definition in the layer's letters).  It runs where no other reader gave a verdict.
Anything else (another letter, a sum, a scalar factor, a definition that is not unique)
is left to the other readers.
"""

from __future__ import annotations

import re
import zlib

import numpy as np

from symconv.checker.context import finding
from symconv.checker.matrix_form import _TRANSPOSE, _forms, _named_gradients, _plain
from symconv.checker.report import VERIFIED, WRONG

# z = Wa + c, y = W x + b, z = W \cdot a + c (bold fonts already unwrapped)
_DEFINED = re.compile(
    r"(?<![A-Za-z0-9_^\\])(?P<y>[a-z])=(?P<w>[A-Z])(?:\\cdot)?(?P<x>[a-z])"
    r"(?:\+(?P<b>[a-z]))?(?![A-Za-z0-9_^(])"
)
_OUT, _IN = 3, 4


def _definition(document: str) -> tuple[str, str, str, str | None] | None:
    """(W, input, output, bias) of the notes' unique ``z = Wa + c``; None when they give
    none or several."""
    found = set()
    for math in re.findall(r"\$\$(.*?)\$\$|\$(.*?)\$|\\\[(.*?)\\\]|\\\((.*?)\\\)", document, re.S):
        for m in _DEFINED.finditer(_plain("".join(math))):
            found.add((m.group("w"), m.group("x"), m.group("y"), m.group("b")))
    return found.pop() if len(found) == 1 else None


def judge_linear_gradient(text: str, document: str) -> dict | None:
    """The verdict on dL/dW, dL/da or dL/dc of the notes' ``z = Wa + c`` written as a
    product of W, a and δ (None: not such a claim)."""
    if "=" not in text or ("\\partial" not in text and "\\nabla" not in text):
        return None
    defined = _definition(document)
    if defined is None:
        return None
    w, x, y, b = defined
    claim = _plain(text).rstrip(".,;")
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
    named = _named_gradients(document, y)
    upstream = "|".join([_forms(y), *(re.escape(n) for n in named)])
    factor = re.compile(rf"(?:(?P<g>{upstream})|(?P<n>[{w}{x}]))(?P<t>{_TRANSPOSE})?(?:\\cdot)?")
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
