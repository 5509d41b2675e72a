"""A function of an index that the notes define, used inside an index: ``x_{n,\\,2\\gamma(f)+c',
i+u, j+v}`` with "$\\gamma(f) = \\lfloor f/3 \\rfloor$" (the group of output channel f in a
grouped convolution), ``w_{f,\\,g(c),u,v}`` with "$g(c) = c \\bmod 2$".

Papers on grouped, depthwise or shuffled convolutions name the map from a channel to its
group (or to its channel inside the group) and then write that name in the indices.  The
definition is an equation of the notes' own, ``NAME(v) = expression``, whose right side
uses only the argument v and numbers (floors, ceilings, ``\\bmod``, fractions); an index
that applies NAME to an expression is that expression put into the definition, which is
exact arithmetic: nothing is guessed.  A name the notes define twice in different ways (a
"frequent mistake" variant beside the right map) is no definition at all, and a right
side with any other letter (a size, another index) is not read: the claim stays
not-understood there as before.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from fractions import Fraction

from symconv.checker.limits import NotUnderstood
from symconv.checker.syntax import Chain, Expr, Frac, Group, Node, Num, Op, Side, Sym, Term, Text
from symconv.checker.syntax import parse as parse_math
from symconv.checker.written_names import index_name

# name -> (argument letter, right side), for the document being checked
INDEX_FUNCTIONS: ContextVar[dict[str, tuple[str, Expr]] | None] = ContextVar(
    "index_functions", default=None
)
# a definition's left side: \gamma(f) =, g(c') =, \operatorname{grp}(f) =
_DEFINES = re.compile(
    r"^\s*(?:\\[A-Za-z]+|[A-Za-z]|\\(?:operatorname|mathrm|text)\s*\{\w+\})"
    r"\s*\(\s*[a-z]'?\s*\)\s*="
)
_MOD = ("\\bmod", "\\mod")


def function_name(node: Node) -> str | None:
    """``\\gamma``, ``g``, ``\\operatorname{grp}``: what a function of an index is called."""
    if isinstance(node, Sym) and node.name.startswith("\\") and node.name[1:].isalpha():
        return node.name
    if isinstance(node, Sym) and len(node.name) == 1 and node.name.isalpha():
        return node.name
    if isinstance(node, Text) and node.content.isalpha():
        return node.content
    return None


def argument(node: Node) -> Expr | None:
    """The one expression in the parentheses after a function's name."""
    if not (isinstance(node, Group) and node.kind == "paren" and node.body is not None):
        return None
    chain = node.body
    if len(chain.sides) != 1 or chain.leading or len(chain.sides[0].exprs) != 1:
        return None
    return chain.sides[0].exprs[0]


def applied(items: tuple[Node, ...] | list[Node], k: int) -> tuple[str, Expr, Expr] | None:
    """(argument letter, definition, argument) when ``items[k]`` names a function the notes
    define and ``items[k + 1]`` is its argument in parentheses."""
    defined = INDEX_FUNCTIONS.get()
    name = function_name(items[k]) if defined else None
    if name is None or name not in defined or k + 1 >= len(items):
        return None
    arg = argument(items[k + 1])
    if arg is None:
        return None
    letter, body = defined[name]
    return letter, body, arg


def evaluate(letter: str, body: Expr, value: Fraction) -> Fraction:
    """The definition's right side at ``letter = value``."""
    from symconv.checker.scalar import Scalar  # scalar.py applies these functions

    def lookup(name: str) -> Fraction:
        if name != letter:
            raise LookupError(name)  # never: definitions use their argument only
        return value

    return Scalar(lookup).value(body)


def index_functions(math: list[str]) -> dict[str, tuple[str, Expr]]:
    """Every function of one index the math of the notes defines, once and one way."""
    found: dict[str, tuple[str, Expr]] = {}
    texts: dict[str, set[str]] = {}
    for text in math:
        if not _DEFINES.match(text):
            continue
        try:
            chain = parse_math(text)
        except NotUnderstood:
            continue
        definition = _definition(chain)
        if definition is None:
            continue
        name, letter, body = definition
        texts.setdefault(name, set()).add(f"{letter}:{body!r}")
        found[name] = (letter, body)
    return {name: found[name] for name, seen in texts.items() if len(seen) == 1}


def _definition(chain: Chain) -> tuple[str, str, Expr] | None:
    """``\\gamma(f) = \\lfloor f/3 \\rfloor`` -> (\\gamma, f, its right side)."""
    if len(chain.sides) != 2 or chain.rels != ("=",) or chain.leading:
        return None
    left, right = chain.sides
    if len(left.exprs) != 1 or len(right.exprs) != 1:
        return None
    terms = left.exprs[0].terms
    if len(terms) != 1 or terms[0][0] != "+" or len(terms[0][1].items) != 2:
        return None
    head, paren = terms[0][1].items
    name, arg = function_name(head), argument(paren)
    if name is None or arg is None or len(arg.terms) != 1 or len(arg.terms[0][1].items) != 1:
        return None
    letter = index_name(arg.terms[0][1].items[0])
    body = right.exprs[0]
    if letter is None or letter == name or not _only(body, letter):
        return None
    return name, letter, body


def _only(node: object, letter: str) -> bool:
    """Whether the right side uses nothing but ``letter``, numbers and arithmetic (and
    uses ``letter``: a constant is no map of channels)."""
    seen: list[bool] = []

    def walk(n: object) -> bool:
        if isinstance(n, Num):
            return True
        if isinstance(n, Op):
            return n.name in ("/", "\\cdot", "\\times", "space")
        if isinstance(n, Sym):
            if n.name in _MOD:
                return True
            seen.append(n.name == letter)
            return n.name == letter
        if isinstance(n, Group):
            return n.kind in ("floor", "ceil", "paren", "brace") and walk(n.body)
        if isinstance(n, Frac):
            return walk(n.num) and walk(n.den)
        if isinstance(n, Chain):
            return not n.rels and not n.leading and all(walk(s) for s in n.sides)
        if isinstance(n, Side):
            return all(walk(e) for e in n.exprs)
        if isinstance(n, Expr):
            return all(walk(t) for _, t in n.terms)
        if isinstance(n, Term):
            return all(walk(i) for i in n.items)
        return False

    return walk(node) and any(seen)
