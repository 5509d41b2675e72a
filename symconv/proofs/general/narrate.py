"""The derivation a lecturer writes, step by step, printed from the proof's own sums.

Every displayed formula is one of the index sums the prover manipulated (printed by
:class:`~symconv.proofs.general.sum_latex.Tex`); the prose says which move was made and why it
holds.  Conditions that hold for every entry of the target (the ranges of its indices) are
left out of the displays after the step that introduced them, and the text says so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy

from symconv.layers.base import Identity
from symconv.proofs.general.derivation import facts_for
from symconv.proofs.general.eliminate import Rewrite, prune
from symconv.proofs.general.form_names import node_tex
from symconv.proofs.general.size_config import SymConfig
from symconv.proofs.general.steps import Step, escape_text
from symconv.proofs.general.sum_latex import Tex, tex_symbol
from symconv.proofs.general.sums import Atom, Term
from symconv.proofs.proof import FAILED, PROVED

if TYPE_CHECKING:
    from symconv.proofs.general.prover import GeneralProof

WHAT = {
    "W": ("weight", "peso"),
    "X": ("input pixel", "píxel de la entrada"),
    "b": ("bias", "sesgo"),
    "dense X": ("input", "entrada"),
}


def _shown(terms: list[Term], facts: tuple[Atom, ...]) -> list[Term]:
    return [prune(t, facts)[0] for t in terms]


def _math(parts: list[str]) -> tuple[str, str]:
    """'$a$, $b$ and $c$' in English and Spanish."""
    items = [f"${p}$" for p in parts]
    if len(items) <= 1:
        return (items or [""])[0], (items or [""])[0]
    head = ", ".join(items[:-1])
    return f"{head} and {items[-1]}", f"{head} y {items[-1]}"


def _solved(tex: Tex, rewrites: list[Rewrite]) -> list[str]:
    return [f"{tex_symbol(r.var)} = {tex.expr(r.value)}" for r in rewrites if r.kind == "solve"]


def _splits(tex: Tex, rewrites: list[Rewrite]) -> tuple[str, str]:
    en: list[str] = []
    es: list[str] = []
    for r in (r for r in rewrites if r.kind == "split"):
        eq, *parts = r.atoms
        lhs, rhs = tex.split_eq(eq.expr)
        pieces = " and ".join(f"${tex.condition(p)}$" for p in parts)
        piezas = " y ".join(f"${tex.condition(p)}$" for p in parts)
        en.append(
            f" The equation ${lhs} = {rhs}$ holds only when {pieces}: the remainders lie "
            "in $[0, M-1]$ for the same group size $M$, and division with remainder is "
            "unique."
        )
        es.append(
            f" La igualdad ${lhs} = {rhs}$ sólo se cumple si {piezas}: los restos están "
            "en $[0, M-1]$ para el mismo tamaño de grupo $M$, y la división entera con "
            "resto es única."
        )
    return "".join(en), "".join(es)


class Narrator:
    def __init__(self, cfg: SymConfig, identity: Identity, proof: GeneralProof) -> None:
        if proof.derived is None or proof.closed is None:
            raise ValueError("a general proof is narrated from its two sides")
        self.cfg, self.identity, self.proof = cfg, identity, proof
        self.derived, self.closed = proof.derived, proof.closed
        self.of = identity.of
        self.free = cfg.free[self.of]
        self.tex = Tex(cfg.order, self.free.symbols)
        self.facts = facts_for(cfg, self.of)
        self.z = cfg.free["Z"]

    def target(self) -> str:
        return self.tex.ref(self.of, self.free.index)

    def grad(self) -> str:
        return rf"\frac{{\partial L}}{{\partial {self.target()}}}"

    def dz(self) -> str:
        return rf"\frac{{\partial {self.tex.ref('Z', self.z.index)}}}{{\partial {self.target()}}}"

    def closed_name(self) -> str:
        index = ",".join(self.tex.expr(e) for e in self.free.index)
        return rf"\left[{node_tex(self.closed.node, self.cfg)}\right]_{{{index}}}"

    def definition(self) -> Step:
        fwd = self.derived.fwd
        body = f"{self.tex.ref('Z', fwd.index)} &= {self.tex.display(fwd.terms)}"
        if not self.cfg.axes:
            return Step(
                "definition",
                body,
                "The layer's forward pass at index level:",
                "La capa calcula cada salida como una suma:",
            )
        en = (
            "The layer's forward pass at index level. $X$ is zero outside its range, and "
            "that is the zero padding, written as a condition; $[P]$ is 1 when $P$ holds "
            "and 0 otherwise."
        )
        es = (
            "La capa calcula cada salida como una suma sobre su ventana. $X$ vale cero fuera "
            "de su rango, y eso es el relleno con ceros, escrito como condición; $[P]$ vale "
            "1 si $P$ se cumple y 0 si no."
        )
        if self.cfg.kind == "conv2d" and self.cfg.groups != 1:
            en += r" Output channel $F_{g} \gamma + \phi$ is filter $\phi$ of group $\gamma$."
            es += (
                r" El canal de salida $F_{g} \gamma + \phi$ es el filtro $\phi$ del grupo "
                r"$\gamma$."
            )
        return Step("definition", body, en, es)

    def chain_rule(self) -> Step:
        outputs = Term(sympy.Integer(1), self.z.symbols, tuple(self.z.facts()), ())
        sums = self.tex.sums(outputs)
        body = rf"{self.grad()} &= {sums} {self.tex.ref('G', self.z.index)} \, {self.dz()}"
        what_en, what_es = WHAT[
            "dense X" if self.cfg.kind == "dense" and self.of == "X" else self.of
        ]
        t = self.target()
        en = (
            f"A change in the {what_en} ${t}$ can reach every output, so by the chain rule, "
            r"with $G = \partial L / \partial Z$ given by the next layer:"
        )
        es = (
            f"Un cambio en el {what_es} ${t}$ puede llegar a todas las salidas; por la regla "
            r"de la cadena, con $G = \partial L / \partial Z$ que nos da la capa siguiente:"
        )
        return Step("chain_rule", body, en, es)

    def derivative(self) -> Step:
        body = f"{self.dz()} &= {self.tex.display(self.derived.deltas)}"
        name = self.of
        en = (
            f"We differentiate term by term. The entries of ${name}$ are independent variables, "
            f"so the derivative of ${name}$ at one index with respect to ${self.target()}$ is 1 "
            "when all indices agree and 0 otherwise (Kronecker deltas $\\delta$, or $[e = e']$ "
            f"for an index expression); the terms without ${name}$ vanish."
        )
        es = (
            f"Derivamos término a término. Las entradas de ${name}$ son variables "
            f"independientes: la derivada de ${name}$ en un índice respecto de ${self.target()}$ "
            "vale 1 si coinciden todos los índices y 0 si no (deltas de Kronecker $\\delta$, o "
            f"$[e = e']$ para una expresión de índices); los términos sin ${name}$ desaparecen."
        )
        return Step("derivative", body, en, es)

    def surviving(self) -> Step | None:
        first = self.derived.first
        if not first:
            return None
        zfacts = self.facts + tuple(self.z.facts())
        body = f"{self.dz()} &= {self.tex.display(_shown(self.derived.surviving, zfacts))}"
        solved_en, solved_es = _math(_solved(self.tex, first))
        split_en, split_es = _splits(self.tex, first)
        en = (
            (
                f"Only one term of the sum survives, the one where {solved_en}."
                if solved_en
                else "The deltas simplify."
            )
            + split_en
            + (
                " Conditions that hold for every entry (the ranges of the indices) are not "
                "repeated."
            )
        )
        es = (
            (
                f"Sólo sobrevive un término de la suma, aquel en que {solved_es}."
                if solved_es
                else "Las deltas se simplifican."
            )
            + split_es
            + (
                " No repetimos las condiciones que se cumplen para toda entrada (los rangos de los "
                "índices)."
            )
        )
        return Step("surviving_term", body, en, es)

    def substitution(self) -> Step:
        d = self.derived
        body = (
            f"{self.grad()} &= {self.tex.display(_shown(d.chain, self.facts))} \\\\\n"
            f"&= {self.tex.display(d.final)}"
        )
        plain = [r for r in d.second if r.kind == "solve" and r.modulus is None]
        strided = [r for r in d.second if r.kind == "solve" and r.modulus is not None]
        fix_en, fix_es = _math(_solved(self.tex, plain))
        en = (
            "Substituting into the chain rule, the remaining deltas collapse the sums over "
            "the outputs" + (f": {fix_en}." if fix_en else ".")
        )
        es = (
            "Sustituimos en la regla de la cadena; las deltas que quedan eliminan las sumas "
            "sobre las salidas" + (f": {fix_es}." if fix_es else ".")
        )
        for r in strided:
            assert r.value is not None  # a solve rewrite records the value it found
            eq = r.atoms[0]
            lhs, rhs = self.tex.split_eq(eq.expr)
            v, value = tex_symbol(r.var), self.tex.expr(r.value)
            cond = rf"{self.tex.expr(r.modulus)} \mid {self.tex.expr(r.value * r.modulus)}"
            en += (
                f" The condition ${lhs} = {rhs}$ fixes ${v} = {value}$, which must be an "
                f"integer: only the terms with ${cond}$ remain (the stride leaves gaps)."
            )
            es += (
                f" La condición ${lhs} = {rhs}$ fija ${v} = {value}$, que debe ser un entero: "
                f"sólo quedan los términos con ${cond}$ (el paso deja huecos)."
            )
        return Step("substitution", body, en, es)

    def bounds(self) -> Step:
        body = f"{self.grad()} &= {self.tex.display(self.derived.final, 'exact')}"
        en = (
            "Every condition on one summation index is a bound on it; together they give its "
            "exact range"
        )
        es = "Cada condición sobre un índice de suma es una cota; juntas dan su rango exacto"
        if self.cfg.axes:
            en += " (the ranges of the eliminated indices and of $X$, that is, the padding)"
            es += " (los rangos de los índices eliminados y el de $X$, es decir, el relleno)"
        en, es = en + ":", es + ":"
        return Step("bounds", body, en, es)

    def closed_form(self) -> Step:
        closed = self.closed
        body = f"&{self.closed_name()} \\\\\n&= {self.tex.display(closed.definition)}"
        en = "On the other side, the closed form at the same index, expanded by its definition"
        es = "Por otro lado, la forma cerrada en el mismo índice, desarrollada según su definición"
        if self.of == "X" and self.cfg.axes:
            en += (
                " (the correlation of $G$, dilated by the stride and padded by $d(k-1)$, "
                "with the kernel rotated by $180^\\circ$, then cropped by the padding)"
            )
            es += (
                " (la correlación de $G$, dilatada por el paso y rellenada con $d(k-1)$, con "
                "el núcleo rotado $180^\\circ$, recortada después por el relleno)"
            )
        return Step("closed_form", body, en + ":", es + ":")

    def change_of_index(self) -> Step | None:
        outcome = self.proof.outcome
        if outcome is None or not outcome.matchings:  # None: the comparison did not run
            return None
        lattice = [r for r in outcome.lattice_closed if r.kind == "lattice"]
        moves: list[str] = []
        renames: list[str] = []
        for m in outcome.matchings:
            for v, e in m.mapping.items():
                (renames if e.is_Symbol else moves).append(f"{tex_symbol(v)} = {self.tex.expr(e)}")
        en, es = "", ""
        if lattice:
            puts = [f"{tex_symbol(r.var)} = {self.tex.expr(r.value)}" for r in lattice]
            put_en, put_es = _math(puts)
            en += (
                f"Only multiples of the stride hold entries of the dilated $G$, so we sum over "
                f"the multiples: {put_en}. "
            )
            es += (
                f"Sólo los múltiplos del paso tienen entradas de $G$ dilatada, así que sumamos "
                f"sobre los múltiplos: {put_es}. "
            )
        move_en, move_es = _math(moves + renames)
        same = sum(len(m.same) for m in outcome.matchings)
        implied = sum(len(m.implied) for m in outcome.matchings)
        also_en = f", {implied} implied by the others" if implied else ""
        also_es = f", {implied} implicadas por las demás" if implied else ""
        en += (
            f"The change of summation index {move_en} is a bijection of the integers (integer "
            "coefficients, determinant $\\pm 1$). It takes the summand of the derivation to "
            f"the summand of the closed form, and its {same} conditions to the closed form's "
            f"(identical after normalising{also_en}):"
        )
        es += (
            f"El cambio de índice de suma {move_es} es una biyección de los enteros "
            "(coeficientes enteros, determinante $\\pm 1$). Lleva el sumando de la derivación "
            f"al de la forma cerrada, y sus {same} condiciones a las de la forma cerrada "
            f"(idénticas tras normalizarlas{also_es}):"
        )
        body = f"&{self.closed_name()} \\\\\n&= {self.tex.display(outcome.closed, 'exact')}"
        return Step("change_of_index", body, en, es)

    def conclusion(self) -> Step:
        proof = self.proof
        lhs = self.tex.ref("Z", self.free.index) if self.of == "Z" else self.grad()
        body = f"{lhs} &= {self.closed_name()}"
        sizes = ", ".join(f"${sympy.latex(s)}$" for s in sorted(self.cfg.size_symbols(), key=str))
        if proof.status == PROVED:
            n = len(self.closed.obligations)
            en = (
                f"Both sums run over the same set of indices with the same summand, hence for "
                f"all sizes {sizes} (and every index of the closed form, {n} reads in all, lies "
                "inside its tensor):"
            )
            es = (
                f"Las dos sumas recorren el mismo conjunto de índices con el mismo sumando; por "
                f"lo tanto, para todos los tamaños {sizes} (y cada índice de la forma cerrada, "
                f"{n} lecturas en total, cae dentro de su tensor):"
            )
            return Step("conclusion", body, en, es)
        why = escape_text(proof.note)
        word = (
            "differ" if proof.status == FAILED else "could not be shown equal",
            "difieren" if proof.status == FAILED else "no se pudieron probar iguales",
        )
        body = body.replace("&=", r"&\ne" if proof.status == FAILED else r"&\overset{?}{=}")
        return Step(
            "conclusion",
            body,
            f"The two sides {word[0]}: \\texttt{{{why}}}",
            f"Los dos lados {word[1]}: \\texttt{{{why}}}",
        )


def narrate(cfg: SymConfig, identity: Identity, proof: GeneralProof) -> list[Step]:
    """The steps of one general proof (the forward identity "Z" has no derivative steps)."""
    n = Narrator(cfg, identity, proof)
    if identity.of == "Z":
        steps = [n.definition(), n.closed_form(), n.change_of_index(), n.conclusion()]
    else:
        steps = [
            n.definition(),
            n.chain_rule(),
            n.derivative(),
            n.surviving(),
            n.substitution(),
            n.bounds(),
            n.closed_form(),
            n.change_of_index(),
            n.conclusion(),
        ]
    return [s for s in steps if s is not None]
