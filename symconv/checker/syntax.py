"""Parse one statement of LaTeX math into a small, immutable syntax tree.

The tree mirrors what was written, not what it means: ``x_{00}`` is a :class:`Factor` whose
base is the letter ``x`` and whose subscript is the number text ``"00"``; whether that is
one index or two, 0- or 1-based, is the notation's business (see ``resolve.py``).  User
text is only ever tokenised and parsed here, never evaluated by Python or SymPy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from lark import Lark, Token, Transformer, v_args
from lark.exceptions import LarkError, VisitError

from symconv.checker.grammar import GRAMMAR
from symconv.checker.limits import MAX_DEPTH, MAX_EQUATION_CHARS, NotUnderstood
from symconv.checker.star_options import options_text
from symconv.checker.texclean import typing_only


@dataclass(frozen=True)
class Num:
    text: str  # kept as written: "00" in x_{00} is two indices to a 2-D tensor


@dataclass(frozen=True)
class Sym:
    name: str  # a letter, or a command such as "\\partial", "\\sum", "\\sigma"


@dataclass(frozen=True)
class Text:
    cmd: str  # "text", "operatorname", "mathrm", ...
    content: str  # stripped


@dataclass(frozen=True)
class Punct:
    char: str


@dataclass(frozen=True)
class Font:
    cmd: str  # "mathbf", "hat", "boxed", ...
    body: Node


@dataclass(frozen=True)
class Frac:
    num: Node
    den: Node


@dataclass(frozen=True)
class Group:
    kind: str  # paren, bracket, brace, set, floor, ceil
    body: Chain | None  # None for an empty group


@dataclass(frozen=True)
class Env:
    name: str  # bmatrix, pmatrix, cases, array, ...
    spec: str  # the array column spec, "" otherwise
    rows: tuple[tuple[Chain | None, ...], ...]
    hline: bool


@dataclass(frozen=True)
class Factor:
    base: Node
    sub: Node | None = None
    sup: Node | None = None
    primes: int = 0


@dataclass(frozen=True)
class Op:
    name: str  # "\\cdot", "*", "\\otimes", "space", ...


@dataclass(frozen=True)
class Term:
    items: tuple[Node | Op, ...]


@dataclass(frozen=True)
class Expr:
    terms: tuple[tuple[str, Term], ...]  # (sign, term); sign is "+" or "-"


@dataclass(frozen=True)
class Side:
    exprs: tuple[Expr, ...]  # more than one when the side is a comma list


@dataclass(frozen=True)
class Chain:
    sides: tuple[Side, ...]
    rels: tuple[str, ...]  # len(sides) - 1 relations, normalised ("=", "\\in", ...)
    leading: str | None = None  # a relation written before the first side (a continuation)


Node = Num | Sym | Text | Punct | Font | Frac | Group | Env | Factor | Term | Expr | Chain

_UNICODE = {
    "∂": r"\partial ",
    "∑": r"\sum ",
    "Σ": r"\sum ",
    "σ": r"\sigma ",
    "⊙": r"\odot ",
    "⊗": r"\otimes ",
    "⋆": r"\star ",
    "∗": "*",
    "·": r"\cdot ",
    "×": r"\times ",
    "→": r"\rightarrow ",
    "⇒": r"\Rightarrow ",
    "∈": r"\in ",
    "≤": r"\le ",
    "≥": r"\ge ",
    "≈": r"\approx ",
    "≠": r"\neq ",
    "−": "-",
    "∞": r"\infty ",
    "…": r"\dots ",
    "′": "'",
    "ℝ": r"\mathbb{R}",
    "δ": r"\delta ",
    "\u00a0": " ",
}
_REL_NAMES = {
    "\\implies": "\\Rightarrow",
    "\\Longrightarrow": "\\Rightarrow",
    "\\longrightarrow": "\\rightarrow",
    "\\to": "\\rightarrow",
    "\\ne": "\\neq",
    "\\leq": "\\le",
    "\\geq": "\\ge",
    ":=": "=",
    "\\coloneqq": "=",
    "\\triangleq": "=",
    "\\equiv": "=",
}
_CONGRUENCE = re.compile(r"\\pmod(?![A-Za-z])|\\equiv\b[^=]*\\mod(?![A-Za-z])")
_TEXT = re.compile(r"\\([a-zA-Z]+)\s*\{([^{}]*)\}")
_ENV = re.compile(r"\\begin\s*\{([a-zA-Z]+\*?)\}(?:\s*\{([^{}]*)\})?")


def normalise(text: str) -> str:
    """Replace the Unicode math symbols PDF conversions leave behind by LaTeX commands, and
    the wrappers that only change how a formula looks (colours, braces) by what they wrap."""
    return typing_only("".join(_UNICODE.get(ch, ch) for ch in text))


def nesting_depth(text: str) -> int:
    """The deepest bracket nesting, counted before parsing (a guard, not a parser)."""
    depth = deepest = 0
    for ch in text:
        if ch in "{([":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "})]":
            depth = max(0, depth - 1)
    return deepest


@lru_cache(maxsize=1)
def _parser() -> Lark:
    return Lark(GRAMMAR, parser="lalr", lexer="contextual", maybe_placeholders=False)


@lru_cache(maxsize=256)  # inference reads the definitions first; trees are immutable
def parse(text: str) -> Chain:
    """The statement's syntax tree, or :class:`NotUnderstood` naming where parsing stopped."""
    if len(text) > MAX_EQUATION_CHARS:
        raise NotUnderstood(
            f"the formula has {len(text)} characters; the limit is {MAX_EQUATION_CHARS}"
        )
    text = normalise(text)
    if _CONGRUENCE.search(text):
        # "h_0 \\equiv 12 \\pmod{16}": a congruence, not an equality; read as one, \\pmod
        # would be a factor and \\equiv an "=" (h_0 = 12 * pmod * 16)
        raise NotUnderstood("a congruence (\\pmod) is not read")
    if nesting_depth(text) > MAX_DEPTH:
        raise NotUnderstood(f"brackets nest deeper than {MAX_DEPTH} levels")
    try:
        tree = _parser().parse(text)
        return _Build().transform(tree)
    except VisitError as exc:  # raised by the tree builder
        if isinstance(exc.orig_exc, NotUnderstood):
            raise exc.orig_exc from None
        raise NotUnderstood(f"cannot read the formula ({exc.orig_exc})") from None
    except LarkError as exc:
        raise NotUnderstood(_parse_message(text, exc)) from None
    except RecursionError:
        raise NotUnderstood("the formula nests too deeply") from None


def _parse_message(text: str, exc: LarkError) -> str:
    column = getattr(exc, "column", None)
    pos = getattr(exc, "pos_in_stream", None)
    token = getattr(exc, "token", None)
    if pos is None or pos < 0 or getattr(token, "type", "") == "$END":
        return "cannot parse the formula: it ends too early"
    near = text[pos : pos + 12].strip() or "the end"
    return f"cannot parse the formula at column {column}, near {near!r}"


def _tok(token: Token) -> str:
    return str(token)


@v_args(inline=True)
class _Build(Transformer):
    """lark tree -> the dataclasses above (names normalised, empty groups kept)."""

    def start(self, chain):
        return chain

    def chain(self, *parts):
        return Chain(tuple(parts[0::2]), tuple(_rel(p) for p in parts[1::2]))

    def lead_chain(self, lead, *parts):
        chain = self.chain(*parts)
        return Chain(chain.sides, chain.rels, _rel(lead))

    def side(self, *exprs):
        return Side(tuple(exprs))

    def expr(self, *parts):
        terms: list[tuple[str, Term]] = []
        sign = "+"
        for part in parts:
            if isinstance(part, Token):
                sign = "-" if (str(part) == "-") == (sign == "+") else "+"
                if str(part) not in "+-":
                    raise NotUnderstood(f"{part} (plus-minus) has no single value")
            else:
                terms.append((sign, part))
                sign = "+"
        return Expr(tuple(terms))

    def term(self, *items):
        return Term(tuple(items))

    def op(self, token):
        return Op(_tok(token))

    def op_sub(self, token, brace):  # \star_{d=2}: the printer's options on a correlation
        return Op(f"{_tok(token)}_{{{options_text(brace.body)}}}")

    def space(self, token):
        return Op("space")

    def punct(self, token):
        return Punct(_tok(token))

    def factor(self, base, *scripts):
        sub = sup = None
        primes = 0
        for kind, value in scripts:
            if kind == "prime":
                primes += value
            elif kind == "sub":
                if sub is not None:
                    raise NotUnderstood("a double subscript (x_a_b) is ambiguous")
                sub = value
            elif sup is not None:
                raise NotUnderstood("a double superscript (x^a^b) is ambiguous")
            else:
                sup = value
        if sub is None and sup is None and primes == 0:
            return base
        return Factor(base, sub, sup, primes)

    def sub(self, arg):
        return ("sub", arg)

    def sup(self, arg):
        return ("sup", arg)

    def prime(self, token):
        return ("prime", len(token))

    def primearg(self, token):
        return Sym("'" * len(token))

    def letter(self, token):
        return Sym(_tok(token))

    def number(self, token):
        return Num(_tok(token))

    def cmd(self, token):
        return Sym(_tok(token))

    def esc(self, token):
        return Sym(_tok(token)[1:])

    def text(self, token):
        match = _TEXT.fullmatch(_tok(token).strip())
        assert match is not None  # the terminal guarantees the shape
        return Text(match.group(1), " ".join(match.group(2).split()))

    def font(self, token, body):
        return Font(_tok(token)[1:], body)

    def frac(self, token, num, den):
        return Frac(num, den)

    def brace(self, content):
        return Group("brace", content)

    def paren(self, content):
        return Group("paren", content)

    def bracket(self, content):
        return Group("bracket", content)

    def set(self, left, content, right):
        return Group("set", content)

    def floor(self, left, content, right):
        return Group("floor", content)

    def ceil(self, left, content, right):
        return Group("ceil", content)

    def content(self, chain=None):
        return chain

    def env(self, begin, rows, end):
        match = _ENV.match(_tok(begin))
        assert match is not None
        name, spec = match.group(1), match.group(2) or ""
        closing = _tok(end)
        if name not in closing:
            raise NotUnderstood(f"\\begin{{{name}}} is closed by {closing.strip()}")
        hline, self._hline = getattr(self, "_hline", False), False
        return Env(name, spec, rows, hline)

    def rows(self, *rows):
        return tuple(r for r in rows if not isinstance(r, Token) and any(c is not None for c in r))

    def row(self, *cells):
        return tuple(cells)

    def cell(self, chain=None):
        kept = _drop_hline(chain)
        if kept != chain:
            self._hline = True
        return kept


def _drop_hline(chain: Chain | None) -> Chain | None:
    """``\\hline`` rules belong to drawings; the cell keeps its content (or becomes empty)."""
    if chain is None or len(chain.sides) != 1 or len(chain.sides[0].exprs) != 1:
        return chain
    expr = chain.sides[0].exprs[0]
    if not expr.terms:
        return chain
    sign, term = expr.terms[0]
    kept = tuple(i for i in term.items if i != Sym("\\hline"))
    if kept == term.items:
        return chain
    if not kept:
        return None if len(expr.terms) == 1 else chain
    terms = ((sign, Term(kept)), *expr.terms[1:])
    return Chain((Side((Expr(terms),)),), ())


def _rel(token) -> str:
    name = str(token).strip()
    return _REL_NAMES.get(name, name)
