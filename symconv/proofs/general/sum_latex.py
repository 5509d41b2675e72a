"""LaTeX for index sums, in the order a lecturer writes them.

``s_h i + d_h a - p_t`` (output index, then window offset, then sizes) instead of SymPy's
alphabetical ``a d_h + i s_h - p_t``; tensors with subscripts ``X_{n,c,i,j}``; a sum's
range under and over Σ; the other conditions as Iverson brackets ``[P]`` (1 when P holds,
0 otherwise); Kronecker deltas ``δ_{aa'}``.  Two modes for the ranges: ``box`` writes only
the plain ranges ``v = lo..hi`` under Σ, ``exact`` folds every condition on one variable
into ``max``/``min`` bounds (with ⌈·⌉/⌊·⌋ when the coefficient is not 1).
"""

from __future__ import annotations

import re

import sympy
from sympy import Expr, Symbol

from symconv.proofs.general.sums import DVD, EQ, GE, Atom, Term, index_symbols

WIDTH = 72  # visible characters per displayed line (portrait page, 2 cm margins)
TENSOR_TEX = {"X": "X", "W": "W", "b": "b", "G": "G", "Z": "Z"}


def base_name(sym: Symbol) -> str:
    name: str = sym.name
    return name.rstrip("'").replace("tilde", "").replace("hat", "")


def tex_symbol(sym: Symbol) -> str:
    name: str = sym.name
    primes = len(name) - len(name.rstrip("'"))
    text: str = sympy.latex(Symbol(name.rstrip("'")))
    return text + "'" * primes


class Tex:
    """A printer for one proof: knows the preferred order of index variables."""

    def __init__(self, order: tuple[str, ...], free: tuple[Symbol, ...] = ()) -> None:
        self.rank = {name: k for k, name in enumerate(order)}
        self.free = set(free)

    def _key(self, sym: Symbol) -> tuple[int, int, str]:
        return (self.rank.get(base_name(sym), len(self.rank)), sym.name.count("'"), sym.name)

    def expr(self, e: Expr) -> str:
        e = sympy.expand(e)
        num, den = e.as_numer_denom()
        if den != 1:
            return rf"\frac{{{self.affine(sympy.expand(num))}}}{{{self.affine(den)}}}"
        return self.affine(e)

    def affine(self, e: Expr) -> str:
        """Positive index terms (in lecture order), then the sizes, then negative index terms:
        ``s_h i + d_h a - p_t``, ``t + p_t - d_h a``, ``k_h - 1 - a``."""
        terms = sympy.Add.make_args(sympy.expand(e))
        indexed = sorted(
            (t for t in terms if index_symbols(t)),
            key=lambda t: min(self._key(s) for s in index_symbols(t)),
        )
        rest = sympy.Add(*[t for t in terms if not index_symbols(t)])
        plus = [self._monomial(t) for t in indexed if t.as_coeff_Mul()[0] > 0]
        minus = [self._monomial(t) for t in indexed if t.as_coeff_Mul()[0] < 0]
        parts = plus + ([sizes_tex(rest)] if rest != 0 or not indexed else []) + minus
        out = parts[0]
        for p in parts[1:]:
            out += " - " + p[1:].lstrip() if p.startswith("-") else " + " + p
        return out

    def _monomial(self, t: Expr) -> str:
        coeff, rest = t.as_coeff_Mul()
        factors = sympy.Mul.make_args(rest)
        sizes = sympy.Mul(*[f for f in factors if not index_symbols(f)])
        idx = sorted(
            (f for f in factors if index_symbols(f)),
            key=lambda f: self._key(next(iter(index_symbols(f)))),
        )
        body = " ".join([sympy.latex(sizes)] if sizes != 1 else [])
        body = " ".join(x for x in (body, *(self._factor(f) for f in idx)) if x)
        magnitude = abs(coeff)
        if magnitude != 1:
            body = sympy.latex(magnitude) + " " + body
        return ("-" if coeff < 0 else "") + body

    def _factor(self, f: Expr) -> str:
        if f.is_Symbol:
            return tex_symbol(f)
        base, exp = f.as_base_exp()
        return f"{tex_symbol(base)}^{{{exp}}}"

    def ref(self, tensor: str, index: tuple[Expr, ...]) -> str:
        inner = ",".join(self.expr(e) for e in index)
        return f"{TENSOR_TEX.get(tensor, tensor)}_{{{inner}}}"

    def split_eq(self, e: Expr) -> tuple[str, str]:
        """``lhs = rhs`` with the target's free indices on the right."""
        terms = sympy.Add.make_args(sympy.expand(e))
        right = [-t for t in terms if index_symbols(t) & self.free]
        left = [t for t in terms if not index_symbols(t) & self.free]
        if not left or not right:
            return self.expr(e), "0"
        lhs, rhs = sympy.Add(*left), sympy.Add(*right)
        if _leading_minus(lhs):
            lhs, rhs = -lhs, -rhs
        return self.expr(lhs), self.expr(rhs)

    def condition(self, a: Atom) -> str:
        if a.kind == DVD:  # m | e is m | -e: the target's indices are shown with a plus
            e = a.expr
            if any(
                t.as_coeff_Mul()[0] < 0
                for t in sympy.Add.make_args(e)
                if index_symbols(t) & self.free
            ):
                e = -e
            return rf"{self.expr(a.modulus)} \mid {self.expr(e)}"
        if a.kind == EQ:
            lhs, rhs = self.split_eq(a.expr)
            return f"{lhs} = {rhs}"
        return rf"{self.expr(a.expr)} \ge 0"

    def bracket(self, a: Atom) -> str:
        if a.kind == EQ:
            terms = sympy.Add.make_args(a.expr)
            if len(terms) == 2 and all(
                sympy.Abs(t).is_Symbol or (-t).is_Symbol or t.is_Symbol for t in terms
            ):
                lhs, rhs = self.split_eq(a.expr)
                return rf"\delta_{{{lhs}{rhs}}}"
        return rf"\left[{self.condition(a)}\right]"

    def ranges(self, atoms: list[Atom]) -> list[str]:
        """Pairs ``e ≥ 0``, ``U - e ≥ 0`` printed as ``[0 ≤ e ≤ U]``; the rest one by one."""
        out: list[str] = []
        used: set[int] = set()
        ges = [a for a in atoms if a.kind == GE]
        for k, a in enumerate(ges):
            if k in used:
                continue
            for m in range(k + 1, len(ges)):
                total = sympy.expand(a.expr + ges[m].expr)
                if m not in used and not index_symbols(total):
                    low = a if not _leading_minus(a.expr) else ges[m]
                    out.append(rf"\left[0 \le {self.expr(low.expr)} \le {self.expr(total)}\right]")
                    used |= {k, m}
                    break
            else:
                out.append(self.bracket(a))
                used.add(k)
        return out

    def sums(self, t: Term, mode: str = "box") -> str:
        """Only the Σ signs of a term, with their limits."""
        from symconv.proofs.general.bounds import sum_limits

        return " ".join(sum_limits(self, t, mode)[0])

    def chunks(self, t: Term, mode: str = "box", first: bool = True) -> list[str]:
        """The pieces of a term (Σ signs, brackets, tensor entries), for line breaking."""
        from symconv.proofs.general.bounds import (
            sum_limits,  # bounds needs this printer's expressions
        )

        sums, left = sum_limits(self, t, mode)
        factors = [self.bracket(a) for a in left if a.kind == EQ]
        factors += [self.bracket(a) for a in left if a.kind == DVD]
        factors += self.ranges([a for a in left if a.kind == GE])
        factors += [self.ref(r.tensor, r.index) for r in t.refs]
        coeff = sympy.sympify(t.coeff, strict=True)
        lead = "" if coeff == 1 else ("-" if coeff == -1 else sympy.latex(coeff))
        parts = [x for x in (lead, *sums) if x] + (factors or ["1"])
        if not first and not parts[0].startswith("-"):
            parts[0] = "+ " + parts[0]
        return parts

    def term(self, t: Term, mode: str = "box", first: bool = True) -> str:
        return " ".join(self.chunks(t, mode, first))

    def terms(self, ts: list[Term], mode: str = "box") -> str:
        if not ts:
            return "0"
        return " ".join(self.term(t, mode, first=k == 0) for k, t in enumerate(ts))

    def display(self, ts: list[Term], mode: str = "box", width: int = WIDTH) -> str:
        """Like :meth:`terms`, broken into ``align*`` lines of about ``width`` characters."""
        pieces = [c for k, t in enumerate(ts) for c in self.chunks(t, mode, first=k == 0)]
        return wrap(pieces or ["0"], width)


def visible(text: str) -> float:
    """A rough printed width: commands, braces and sub/superscript marks do not count, and
    a Σ's limits are set small, under and over it."""
    width = len(re.sub(r"\\[a-zA-Z]+|[{}_^]", "", text))
    return 3 + width / 2 if text.startswith(r"\sum") else width


def wrap(pieces: list[str], width: int = WIDTH) -> str:
    """Pieces joined by spaces, with ``\\\\ &\\quad`` where a line would get too wide."""
    lines: list[str] = []
    current = ""
    for piece in pieces:
        if current and visible(current) + visible(piece) > width:
            lines.append(current)
            current = piece
        else:
            current = f"{current} {piece}".strip()
    lines.append(current)
    return " \\\\\n&\\quad ".join(lines)


def sizes_tex(e: Expr) -> str:
    """A size polynomial, with a size common to several terms factored out:
    ``p_t - d_h(k_h - 1)`` rather than ``-d_h k_h + d_h + p_t``."""
    terms = sympy.Add.make_args(sympy.expand(e))
    counts = {
        m: sum(1 for t in terms if m in t.free_symbols)
        for m in sympy.sympify(e, strict=True).free_symbols
    }
    common = [m for m, k in sorted(counts.items(), key=lambda x: (-x[1], str(x[0]))) if k >= 2]
    for m in common:
        inner = sympy.Add(*[t / m for t in terms if m in t.free_symbols])
        if m in inner.free_symbols or len(sympy.Add.make_args(inner)) < 2:
            continue
        other = sympy.Add(*[t for t in terms if m not in t.free_symbols])
        symbolic = sorted((t for t in sympy.Add.make_args(inner) if t.free_symbols), key=str)
        negative = bool(symbolic) and symbolic[0].as_coeff_Mul()[0] < 0
        group = rf"{sympy.latex(m)} \left({sympy.latex(-inner if negative else inner)}\right)"
        if other == 0:
            return ("-" if negative else "") + group
        rest = sizes_tex(other)
        if rest.startswith("-") and not negative:
            return group + " - " + rest[1:].lstrip()
        return rest + (" - " if negative else " + ") + group
    text: str = sympy.latex(e)
    return text


def _leading_minus(e: Expr) -> bool:
    terms = sympy.Add.make_args(sympy.expand(e))
    indexed = [t for t in terms if index_symbols(t)] or list(terms)
    return bool(indexed[0].as_coeff_Mul()[0] < 0)
