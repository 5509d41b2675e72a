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
# a per-sample subscript on z and a alike: z_n = V^T g_n + c, one column per sample n
_SAMPLE = r"(?:_(?P<{0}>[a-z])|_\{{(?P<{0}b>[a-z])\}})?"
# z = Wa + c, y = W x + b, z = W \cdot a + c, z = W^T a + c (W stored in x out), z_n =
# V^T g_n + c (bold fonts already unwrapped)
_DEFINED = re.compile(
    rf"(?<![A-Za-z0-9_^\\])(?P<y>[a-z]{_MARK}){_SAMPLE.format('s1')}="
    rf"(?P<w>[A-Z]{_MARK})(?P<t>{_TRANSPOSE})?(?:\\cdot)?"
    rf"(?P<x>[a-z]{_MARK}){_SAMPLE.format('s2')}(?:\+(?P<b>[a-z]{_MARK}))?(?![A-Za-z0-9_^(])"
)
_N = 2  # samples drawn where the definition is per sample
_G = "dL/dz"  # the upstream gradient's key among the letters (a letter may be g)
_MATH = re.compile(r"\$\$(.*?)\$\$|\$(.*?)\$|\\\[(.*?)\\\]|\\\((.*?)\\\)", re.S)
_OUT, _IN = 3, 4


def _mark(name: str) -> str:
    return name[1:]


def _definition(document: str, claim: str) -> tuple[str, str, str, str | None, bool, str] | None:
    """(W, input, output, bias, W transposed, sample letter or "") of the notes' unique
    ``z = Wa + c`` (of several, the one whose W the claim writes); None when there is none,
    or several the claim does not tell apart.  z, W and c carry the same layer mark or none;
    z and a the same sample subscript or none."""
    found = set()
    for math in _MATH.findall(document):
        for m in _DEFINED.finditer(_plain("".join(math))):
            y, w, b = m.group("y"), m.group("w"), m.group("b")
            s1, s2 = m.group("s1") or m.group("s1b"), m.group("s2") or m.group("s2b")
            if s1 != s2 or (s1 is not None and b is not None and s1 in b):
                continue  # z_n = W a + c: not one column per sample
            if _mark(y) == _mark(w) and (b is None or _mark(b) == _mark(w)):
                found.add((w, m.group("x"), y, b, m.group("t") is not None, s1 or ""))
    if len(found) > 1:
        found = {f for f in found if re.search(re.escape(f[0]) + r"(?![\^A-Za-z0-9])", claim)}
    return found.pop() if len(found) == 1 else None


def _upstream(document: str, y: str, each: str = "") -> tuple[str, ...]:
    """Names the notes define as dL/d``y`` in their math, a layer mark kept
    (``\\delta^{(3)} = \\partial L / \\partial z^{(3)}``)."""
    defined = re.compile(
        rf"(?<![A-Za-z\\])((?:\\delta{_MARK}|\\Delta{_MARK}|[a-zA-Z]{_MARK}){each})"
        rf"=(?:{_forms(re.escape(y))})"
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
    w, x, y, b, stored_turned, sample = defined
    # the per-sample letters as written: x_n, x_{n}
    each = rf"(?:_{sample}|_\{{{sample}\}})" if sample else ""
    left = next(
        (
            name
            for name in (w, x, b)
            if name
            and re.match(rf"^(?:{_forms(re.escape(name) + (each if name == x else ''))})=", claim)
        ),
        None,
    )
    if left is None:
        return None
    right = claim.split("=", 1)[1]
    summed = False
    if sample:  # \sum_{n} x_n \delta_n^T: the samples' sum, over every n
        total = re.match(
            rf"\\sum_(?:{sample}|\{{{sample}\}}|\{{{sample}=[01]\}}\^(?:N|\{{N(?:-1)?\}}))",
            right,
        )
        summed = total is not None
        right = right[total.end() :] if total is not None else right
        if summed != (left != x):
            return None  # a shared tensor's gradient sums the samples, a sample's does not
    # e_n = \partial L / \partial z_n: the sample's letter keeps its n
    named = _upstream(document, f"{y}_{sample}" if sample else y, each)
    upstream = "|".join([_forms(re.escape(y) + each), *(re.escape(n) for n in named)])
    letters = "|".join(
        re.escape(n) + (each if n == x else "") for n in sorted((w, x), key=len, reverse=True)
    )
    factor = re.compile(
        rf"(?:(?P<g>{upstream})|(?P<n>{letters}))(?!\^\{{?[(\[])"
        rf"(?P<t>{_TRANSPOSE})?(?:\\cdot)?"
    )
    factors, at = [], 0
    while at < len(right):
        m = factor.match(right, at)
        if m is None or m.end() == at:
            return None  # a sum, a number, another letter: not this reader's
        name = _G if m.group("g") else w if m.group("n") == w else x
        factors.append((name, bool(m.group("t"))))
        at = m.end()
    if not factors or _G not in [f for f, _ in factors]:
        return None
    if sample and any(n == _G and not re.search(each, right) for n, _ in factors):
        return None  # a letter for dL/dz_n written without its n: not read
    shape = (_IN, _OUT) if stored_turned else (_OUT, _IN)  # W^T a: W is in x out
    rng = np.random.default_rng(zlib.crc32(text.encode("utf-8")))
    for _ in range(2):
        weights = rng.integers(-5, 6, shape)
        forward = weights.T if stored_turned else weights  # the matrix that multiplies a
        samples = [
            {w: weights, x: rng.integers(-5, 6, (_IN, 1)), _G: rng.integers(-5, 6, (_OUT, 1))}
            for _ in range(_N if sample else 1)
        ]
        truths, products = [], []
        for values in samples:
            by_forward = values[_G] @ values[x].T  # dL/d(the matrix that multiplies a)
            truths.append(
                {
                    w: by_forward.T if stored_turned else by_forward,
                    x: forward.T @ values[_G],
                    b: values[_G],
                }[left]
            )
            product = None
            for name, turned in factors:
                value = values[name].T if turned else values[name]
                if product is not None and product.shape[1] != value.shape[0]:
                    return finding(
                        WRONG,
                        f"the product does not conform: under the notes' "
                        f"{_written(y, w, x, b, stored_turned, sample)}, "
                        f"{_shapes(w, x, y, stored_turned)}, so dL/d{left} = "
                        f"{_rule(left, w, x, stored_turned)}",
                    )
                product = value if product is None else product @ value
            products.append(product)
        if summed:
            truth, product = sum(truths), sum(products)
        elif len(samples) > 1 and any(p.shape != products[0].shape for p in products):
            return None
        else:  # a sample's own gradient: each sample's against its own
            truth = np.concatenate(truths, axis=1) if len(truths) > 1 else truths[0]
            product = np.concatenate(products, axis=1) if len(products) > 1 else products[0]
            if len(truths) > 1 and truths[0].shape[1] != 1:
                return None
        assert product is not None
        if left == b and 1 in product.shape and product.size == truth.size:
            # dL/dc = \delta^T: a bias is one vector, as the layer's readers take it
            product = product.reshape(truth.shape)
        defined_as = _written(y, w, x, b, stored_turned, sample)
        rule = _rule(left, w, x, stored_turned)
        if product.shape == truth.T.shape and np.array_equal(product, truth.T):
            return finding(  # a delta^T, delta^T W: as matrix_claims.py calls it
                WRONG,
                f"under the notes' {defined_as} ({_shapes(w, x, y, stored_turned)}), "
                f"dL/d{left} = {rule}: the right side is its transpose",
            )
        if product.shape != truth.shape or not np.array_equal(product, truth):
            return finding(
                WRONG,
                f"under the notes' {defined_as} ({_shapes(w, x, y, stored_turned)}), "
                f"dL/d{left} = {rule}"
                + (
                    f": at out = {_OUT}, in = {_IN} the right side is "
                    f"{'x'.join(map(str, product.shape))}, dL/d{left} "
                    f"{'x'.join(map(str, truth.shape))}"
                    if product.shape != truth.shape
                    else ": the right side differs in value"
                ),
            )
    over = f"the sum over {sample} of " if summed else ""
    return finding(
        VERIFIED,
        f"by the notes' definition {_written(y, w, x, b, stored_turned, sample)}: the chain "
        f"rule gives dL/d{left} = {over}{_rule(left, w, x, stored_turned)} for every such {w} "
        f"(compared at two draws{f', {_N} samples' if sample else ''})",
    )


def _written(y: str, w: str, x: str, b: str | None, turned: bool, sample: str) -> str:
    each = f"_{sample}" if sample else ""
    return f"{y}{each} = {w}{'^T' if turned else ''}{x}{each}{' + ' + b if b else ''}"


def _shapes(w: str, x: str, y: str, turned: bool) -> str:
    return f"{w} {'in x out' if turned else 'out x in'}, {x} and {y} columns"


def _rule(left: str, w: str, x: str, turned: bool = False) -> str:
    """dL/d``left`` by the chain rule: z = W a gives dL/dW = dL/dz a^T and dL/da = W^T
    dL/dz; z = W^T a (W in x out) gives dL/dW = a dL/dz^T and dL/da = W dL/dz."""
    if left == w:
        return f"{x} (dL/dz)^T" if turned else f"dL/dz {x}^T"
    if left == x:
        return f"{w} dL/dz" if turned else f"{w}^T dL/dz"
    return "dL/dz"
