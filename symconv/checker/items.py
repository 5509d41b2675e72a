"""Helpers on the items of a term: what is a sum, a derivative, a function, a row vector.

A term is a flat list of items as written (see ``grammar.py``); these predicates decide how
the evaluator groups them, and ``linear`` compiles index arithmetic such as ``i + m - 1``
once, since the same index is evaluated at every sum iteration.
"""

from __future__ import annotations

import re
from fractions import Fraction
from itertools import pairwise

from symconv.checker.algebra import Arr, Poly, Value, array
from symconv.checker.lexicon import MAGNITUDE
from symconv.checker.syntax import Chain, Expr, Factor, Font, Frac, Group, Node, Num, Op, Side, Sym
from symconv.checker.syntax import Text as TextNode
from symconv.checker.vec import is_vec
from symconv.checker.written_names import (
    FUNCTIONS,
    UNSUPPORTED_FUNCTIONS,
    index_name,
    single_item,
    symbol_name,
)


def loss_text(node: Node) -> str:
    return "\\mathcal{L}" if isinstance(node, Font) else "L"


def linear(expr: Node) -> tuple[int, tuple[tuple[str, int], ...]] | None:
    """``i + m - 1`` as (-1, ((i, 1), (m, 1))): the fast path for index arithmetic (None
    when the index is anything else, which the exact evaluator then handles)."""
    if not isinstance(expr, Expr):
        return None
    const, coefs = 0, {}
    for sign, term in expr.terms:
        coef, name = (-1 if sign == "-" else 1), None
        for item in term.items:
            if isinstance(item, Op) and item.name in ("space", "\\cdot"):
                continue
            if isinstance(item, Num) and item.text.isdigit():
                coef *= int(item.text)
            elif name is None and index_name(item) is not None:
                name = index_name(item)
            else:
                return None
        if name is None:
            const += coef
        else:
            coefs[name] = coefs.get(name, 0) + coef
    return const, tuple(coefs.items())


def negate(value: Value) -> Value:
    if isinstance(value, Poly):
        return -value
    return Arr(array(value.shape, lambda i: -value.data[i]), value.label, value.num_ndim)


def number(text: str) -> int | Fraction:
    v = Fraction(text)
    return int(v) if v.denominator == 1 else v


OPERATOR_WORDS = ("pad", "dilate", "corr", "conv", "crop")  # applied to maps: operator_calls.py
# a magnitude (\text{Mio.}, \mathrm{k}): a unit of the number before it, never dropped as
# words, so that "37{,}7\,\text{Mio.}" is not read as 37.7
_MAGNITUDE = re.compile(MAGNITUDE)


def meaningful(items: tuple) -> list:
    """Drop explicit spaces, and words (``\\text{Input}``) when mathematics surrounds them."""
    kept = [i for i in items if not (isinstance(i, Op) and i.name == "space")]
    # a word applied to an argument (\operatorname{avgpool}(Z), \text{ReLU}(X)) is an
    # operation: dropping it would read f(X) = X as X = X, true for every f
    # and a word indexed by a bracket (\text{dout}[s - 2k], code's name of a tensor) is
    # that tensor: dropped, its index s - 2k would be read as a number
    applied = {
        id(i)
        for i, after in pairwise(kept)
        if isinstance(i, TextNode)
        and isinstance(after, Group)
        and after.kind in ("paren", "bracket")
    }
    words = [
        i
        for i in kept
        if isinstance(i, TextNode)
        and i.cmd != "operatorname"
        and id(i) not in applied
        and function_name(i) is None
        and len(i.content) != 1
        and not is_vec(i)
        and i.content.strip() not in OPERATOR_WORDS
        and not _MAGNITUDE.fullmatch(i.content.strip().rstrip("."))  # 37.7\,\text{Mio.}
    ]
    if words and len(words) < len(kept):
        kept = [i for i in kept if i not in words]
    return kept


def is_sum(item: Node) -> bool:
    base = item.base if isinstance(item, Factor) else item
    return isinstance(base, Sym) and base.name == "\\sum"


def derivative_parts(node: Frac) -> tuple[list, list] | None:
    num, den = items_of(node.num), items_of(node.den)
    if not num or not den or not is_d(num[0]) or not is_d(den[0]):
        return None
    return num[1:], den[1:]


def is_d(item: Node) -> bool:
    return isinstance(item, Sym) and item.name in ("\\partial", "d")


def items_of(node: Node) -> list:
    if isinstance(node, Group) and node.kind == "brace" and node.body is not None:
        chain = node.body
        if len(chain.sides) == 1 and len(chain.sides[0].exprs) == 1:
            terms = chain.sides[0].exprs[0].terms
            if len(terms) == 1 and terms[0][0] == "+":
                return meaningful(terms[0][1].items)
        return []
    return [node]


def is_operator_frac(item: Node) -> bool:
    if not isinstance(item, Frac):
        return False
    parts = derivative_parts(item)
    return parts is not None and not parts[0]


def function_name(item: Node) -> str | None:
    if isinstance(item, TextNode):
        word = item.content.replace(" ", "")
        if word in FUNCTIONS or word in UNSUPPORTED_FUNCTIONS:
            return word
    if isinstance(item, Factor) and isinstance(item.base, (Sym, TextNode)):
        return function_name(item.base)
    if isinstance(item, Sym) and item.name in UNSUPPORTED_FUNCTIONS:
        return item.name
    return None


def row_vector(node: Group) -> list | None:
    """``[1 \\ 1 \\ 1]``: a bracket of factors separated by explicit spaces is a row."""
    if node.kind != "bracket" or node.body is None or len(node.body.sides) != 1:
        return None
    exprs = node.body.sides[0].exprs
    if len(exprs) != 1 or len(exprs[0].terms) != 1:
        return None
    items = exprs[0].terms[0][1].items
    spaces = [i for i in items if isinstance(i, Op) and i.name == "space"]
    factors = [i for i in items if not isinstance(i, Op)]
    if (
        not spaces
        or len(factors) != len(spaces) + 1
        or any(isinstance(i, Op) and i.name != "space" for i in items)
    ):
        return None
    return factors


def show(node: Node) -> str:
    """A node as a message names it: ``x_pad``, ``\\tilde \\Delta`` (the letter of an entry
    with its decoration), else the kind of node it is."""
    name = symbol_name(node) if not isinstance(node, (Chain, Side, Expr)) else None
    if name is None and isinstance(node, Sym):
        return node.name  # \\delta, \\ell
    if name is None and isinstance(node, Factor):
        return show(node.base) + ("_{...}" if node.sub is not None else "")
    if name is None and isinstance(node, Font):
        return f"\\{node.cmd} {show(node.body)}"
    if name is None and isinstance(node, Group) and node.kind == "brace" and node.body:
        inner = single_item(node)
        return show(inner) if inner is not None else "group"
    return name or type(node).__name__.lower()
