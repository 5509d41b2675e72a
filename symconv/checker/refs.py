"""Tensor references: which tensor a written symbol names, with which decorations.

``x_{00}``, ``\\mathbf{X}``, ``I(i+m, j+n)``, ``X_{\\text{pad}i+m,j+n,c}``, ``W^{[1]}``,
``\\hat{Y}``, ``w^r`` and ``dy_{ij}`` (with the ``d`` before it) are all references: a role
(X, W, b, Z, the padded input, an activation A), whether it is the gradient dL/d(that), the
written indices (None for the whole tensor) and flags (transpose, reversal).  Resolution is
purely syntactic; evaluation is in ``evaluate.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from symconv.checker.index_runs import is_run, split_run
from symconv.checker.limits import NotUnderstood
from symconv.checker.notation_options import LOSS_LETTERS, Notation
from symconv.checker.syntax import Expr, Factor, Font, Group, Node, Num, Op, Sym, Term, Text
from symconv.checker.written_names import index_list, plain

TRANSPARENT_FONTS = (
    "mathbf",
    "mathsf",  # D2L's tensors: \mathsf{X} is the tensor X
    "bm",
    "boldsymbol",
    "hat",
    "widehat",
    "mathrm",
    "mathit",
    "boxed",
    "underbrace",
    "overbrace",
    "underline",
)
PAD_WORDS = ("pad", "padded", "p")
_LAYER_MARK = re.compile(r"[\[(]\w+[\])]")


@dataclass(frozen=True)
class Ref:
    role: str  # X, W, b, Z, Xpad, A
    grad: bool  # dL/d(this) rather than this
    letter: str  # as written, for messages
    indices: tuple[Expr, ...] | None = None
    flags: frozenset[str] = frozenset()
    compact: bool = False  # written x_{00} rather than x_{0,0}
    func: bool = False  # written I(i, j) or y[i]

    def with_indices(self, exprs: list[Expr], func: bool) -> Ref:
        if self.indices is not None:
            raise NotUnderstood(f"{self.letter} is indexed twice")
        return replace(self, indices=tuple(exprs), func=func)

    def label(self) -> str:
        pad = "_pad" if self.role == "Xpad" else ""
        return ("d" if self.grad and "g" not in self.flags else "") + self.letter + pad


def letter_of(node: Node, notation: Notation) -> tuple[str, str] | None:
    """(role, letter) when the node is a tensor letter of the notation (fonts unwrapped)."""
    while isinstance(node, Font) and node.cmd in TRANSPARENT_FONTS:
        node = _inner(node.body)
    if isinstance(node, Text) and len(node.content) == 1:
        node = Sym(node.content)
    if isinstance(node, Sym) and node.name in notation.letters:
        return notation.letters[node.name], node.name
    return None


def is_loss(node: Node) -> bool:
    """``L``, ``\\mathcal{L}``, ``L_i``, ``J``, ``\\ell``."""
    if isinstance(node, Font) and node.cmd in ("mathcal", "mathscr", "mathrm", "mathbf"):
        node = _inner(node.body)
    if isinstance(node, Factor) and node.sup is None and node.primes == 0:
        node = node.base
        if isinstance(node, Font):
            return is_loss(node)
    return isinstance(node, Sym) and node.name in LOSS_LETTERS


def _inner(node: Node) -> Node:
    if isinstance(node, Group) and node.kind == "brace" and node.body is not None:
        chain = node.body
        if len(chain.sides) == 1 and len(chain.sides[0].exprs) == 1:
            terms = chain.sides[0].exprs[0].terms
            if len(terms) == 1 and terms[0][0] == "+" and len(terms[0][1].items) == 1:
                return terms[0][1].items[0]
    return node


def resolve(node: Node, notation: Notation, grad: bool = False) -> Ref | None:
    """The reference a factor makes, or None when it is not a tensor symbol."""
    if isinstance(node, Factor):
        found = letter_of(node.base, notation)
        if node.primes:  # \omega' is a tensor only when the notes name it, prime and all
            primed = isinstance(node.base, Sym) and Sym(node.base.name + "'" * node.primes)
            found = letter_of(primed, notation) if primed else None
        if found is None:
            return None
        ref = _ref(found, grad)
        sample = sample_index(node.sup)
        if node.sup is not None and sample is None:
            ref = _superscript(ref, node.sup)
        if node.sub is not None:
            ref = _subscript(ref, node.sub)
        if sample is not None:  # x^{(n)}_{c,i,j}: sample n's entry, the batch axis first
            if ref.indices is None:
                raise NotUnderstood(
                    f"{ref.letter}^{{({sample.name})}}: one sample's whole tensor is not read"
                )
            rest = split_run(ref.indices[0]) if ref.compact else list(ref.indices)  # y_{ij}
            ref = replace(ref, indices=(_as_expr(sample), *rest), compact=False)
        return ref
    found = letter_of(node, notation)
    if found is None:
        return None
    return _ref(found, grad)


def _ref(found: tuple[str, str], grad: bool) -> Ref | None:
    role, letter = found
    if role == "G":  # g_{..} names G = dL/dZ itself, as symconv prints it
        return None if grad else Ref("Z", True, letter, flags=frozenset({"g"}))
    return Ref(role, grad, letter)


def _superscript(ref: Ref, sup: Node) -> Ref:
    word = plain(sup)
    if isinstance(sup, Sym) and sup.name == "\\top":
        word = "T"
    if word is None and isinstance(sup, Group) and sup.body is not None:
        inner = _inner(sup)
        if isinstance(inner, Group) and inner.kind in ("bracket", "paren"):
            return ref  # W^{[1]}, W^{(l)}: the layer number
        if isinstance(inner, Sym) and inner.name == "\\top":
            word = "T"
    if (word is not None and _LAYER_MARK.fullmatch(word)) or _layer_letter(sup):
        return ref  # W^{[1]}, z^{(l)}, \delta^{l}, a^{l-1}: which layer, not an index
    if word in ("T", "\\top"):
        return replace(ref, flags=ref.flags | {"T"})
    if word == "r":  # seed 002's w^r: the reversed kernel
        return replace(ref, flags=ref.flags | {"rot"})
    if word in PAD_WORDS and ref.role == "X":
        return replace(ref, role="Xpad")
    raise NotUnderstood(
        f"{ref.letter}^{{{word or '...'}}}: that superscript has no meaning in this notation"
    )


def sample_index(sup: Node | None) -> Sym | None:
    """``n`` in ``x^{(n)}``, ``\\delta^{(i)}``, ``a^{[m]}``: a letter in brackets marks one
    example of a batch (dropping it, as a layer number is dropped, would make the samples
    one and the sums over them count it twice).  ``l``/``L`` are layer marks, as are
    numbers (``x^{(0)}`` is the input layer); ``c``, ``k``, ``f`` number channels."""
    node = _inner(sup) if isinstance(sup, Group) and sup.kind == "brace" else sup
    if not (isinstance(node, Group) and node.kind in ("bracket", "paren") and node.body):
        return None
    inner = _inner(Group("brace", node.body))
    if isinstance(inner, Sym) and inner.name in SAMPLE_LETTERS:
        return inner
    return None


# the letters notes number examples with (x^{(n)}, Ng's x^{(i)}, x^{(m)}, x^{[b]}, a French
# course's X^{(s)} for "échantillon", E_p and \delta^{(p)} for the p-th pattern, x^{(t)} for
# the t-th training example); c, k, f in brackets number channels and filters (x^{(c)}),
# l and digits layers: not samples
SAMPLE_LETTERS = frozenset("nimbspt")


def _as_expr(node: Node) -> Expr:
    return Expr((("+", Term((node,))),))


def _layer_letter(sup: Node) -> bool:
    """``l``, ``l-1``, ``l+1`` (or ``L``) written bare as a superscript."""
    if isinstance(sup, Group) and sup.kind == "brace" and sup.body is not None:
        chain = sup.body
        if len(chain.sides) != 1 or len(chain.sides[0].exprs) != 1:
            return False
        terms = chain.sides[0].exprs[0].terms
    elif isinstance(sup, Sym):
        terms = (("+", Term((sup,))),)
    else:
        return False
    first = terms[0][1].items if terms and terms[0][0] == "+" else ()
    rest_ok = all(len(t.items) == 1 and isinstance(t.items[0], Num) for _, t in terms[1:])
    return len(first) == 1 and first[0] in (Sym("l"), Sym("L")) and rest_ok and len(terms) <= 2


def _subscript(ref: Ref, sub: Node) -> Ref:
    if isinstance(sub, Num) and len(sub.text) > 1:
        raise NotUnderstood(
            f"{ref.letter}_{sub.text} reads as {ref.letter}_{sub.text[0]} "
            f"followed by {sub.text[1:]}; write {ref.letter}_{{{sub.text}}}"
        )
    word = plain(sub)
    if word in ("pad", "padded") and ref.role == "X":
        return replace(ref, role="Xpad")
    if word == "prev" and ref.role == "X":  # a_{prev}: the previous layer's activation
        return ref
    exprs = index_list(sub)
    if exprs is None:
        raise NotUnderstood(f"cannot read the subscript of {ref.letter}")
    if exprs and _starts_with_pad(exprs[0]):
        if ref.role != "X":
            raise NotUnderstood(f"{ref.letter}_pad: only the input is padded")
        ref = replace(ref, role="Xpad")
        if len(exprs) > 1 and _only_pad(exprs[0]):  # X_{\text{pad},i,j}: a word, then indices
            exprs = exprs[1:]
        else:
            exprs[0] = _drop_first(exprs[0])
    compact = len(exprs) == 1 and is_run(exprs[0])
    return replace(ref, indices=tuple(exprs), compact=compact)


def _starts_with_pad(expr: Expr) -> bool:
    if not expr.terms:
        return False
    items = expr.terms[0][1].items
    return bool(items) and isinstance(items[0], Text) and items[0].content in PAD_WORDS


def _only_pad(expr: Expr) -> bool:
    """The index is the word pad alone (``X_{\\text{pad},\\,i,j}``)."""
    return len(expr.terms) == 1 and expr.terms[0][0] == "+" and len(expr.terms[0][1].items) == 1


def _drop_first(expr: Expr) -> Expr:
    sign, term = expr.terms[0]
    rest = term.items[1:]
    if not rest:
        raise NotUnderstood("X_pad is followed by no index")
    return Expr(((sign, Term(rest)), *expr.terms[1:]))


def is_colon(expr: Expr) -> bool:
    """``:`` as an index: the whole axis."""
    if len(expr.terms) != 1:
        return False
    items = [i for i in expr.terms[0][1].items if not (isinstance(i, Op) and i.name == "space")]
    return len(items) == 1 and getattr(items[0], "char", None) == ":"
