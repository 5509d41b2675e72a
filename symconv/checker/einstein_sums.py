"""Sums the notes leave implied: the Einstein convention, or "summed over $f$, $i$, $j$".

Index-notation notes (physics style) often declare once that "an index that appears twice
in a product is summed over its whole range" (Einstein's summation convention) and then
write ``∂L/∂w_{fcuv} = Δ_{nfij} x_{nc(i+u)(j+v)}``: n, i and j occur in two factors of the
product and not on the left side, so the right side is ``\\sum_{n,i,j} Δ_{nfij}
x_{nc(i+u)(j+v)}``.  Others write the sum in words next to the display instead ("summed over
$f$, $i$, $j$", "where $c$, $u$, $v$ are summed").  Both are rewritten here into the sum the
notes mean, with the range left unwritten, so that implicit_sums.py reads each range from
the axis the index addresses (its whole range, as the convention says); an index that
addresses no axis on its own stays not understood there.

Why the rewriting is the notes' meaning: under the convention, a product term's free
indices are the ones that occur once, and they must be the left side's; a letter that
occurs in two factors and is on the left (``∂s_{nk}/∂z_{nl} = s_{nk}(1 - s_{nl})``: n) is
free, so it is never summed here.  A letter bound by a sum the term writes is left alone,
and so is a letter that names a size of the layer.  The convention holds from its
declaration on, until the notes deny it ("Einstein-style, but I do not use the summation
convention": no reading); a sentence that names it and denies anything is read as a denial,
so that a doubt never adds a sum.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from dataclasses import dataclass

from symconv.checker.declared_ranges import after_display
from symconv.checker.syntax import Chain, Expr, Factor, Frac, Group, Side, Sym, Term

# (Einstein convention in force, letters the claim's own clause says are summed)
IMPLIED: ContextVar[tuple[bool, frozenset[str]] | None] = ContextVar("implied_sums", default=None)

# A sentence naming the convention (any language the notes come in).
_CONVENTION = re.compile(
    r"einstein|эйнштейн|アインシュタイン|爱因斯坦|愛因斯坦|아인슈타인"
    r"|summation\s*convention|summenkonvention|summationskonvention|sommatieconventie"
    r"|convention\s+de\s+sommation|convenio\s+de\s+suma|conven[cç][aã]o\s+de\s+soma"
    r"|repeated\s+ind(?:ex|ices)|ind(?:ex|ices)\s+(?:that\s+)?(?:appears?|occurs?|is\s+repeated)"
    r"\s+twice|indices?\s+r[ée]p[ée]t[ée]s?|[íi]ndices\s+repetidos|indici\s+ripetuti"
    r"|wiederholte[nr]?\s+Indizes|doppelt\s+(?:auftretende|vorkommende)[nr]?\s+Indizes"
    r"|herhaalde\s+indices|повторяющи\w+\s+индекс|縮約記法|重复(?:指标|下标|索引)"
    r"|반복(?:되는)?\s*(?:첨자|인덱스)|chỉ\s+số\s+lặp",
    re.IGNORECASE,
)
# ... and the words that sum under it (a bare "Einstein" is about something else)
_SUMMING = re.compile(
    r"sum|somm|summ|suma|soma|сумм|求和|縮約|総和|합|tổng|toplam|notation|convention|konvention",
    re.IGNORECASE,
)
_DENIAL = re.compile(
    r"\b(?:not|no|never|without|pas|sans|aucune?|jamais|nicht|kein\w*|ohne|sin|nunca|n[ãa]o"
    r"|sem|non|senza|niet|geen|zonder|không)\b|n't|\bне\b|\bбез\b|ない|ません|不|没有|않|없",
    re.IGNORECASE,
)
# A sentence that names the convention to set it aside or limit it ("Unlike Einstein
# notation, every sum is written out", "a repeated index is summed only where a sum sign is
# written", "we write the sum over repeated indices explicitly") declares nothing; nor does
# a clause that names a sum as missing ("the sum over $i$ is forgotten here"): both are
# read as no implied sum, so that a forgotten sum is never supplied for the writer
# (_SET_ASIDE: the convention's sentence; _MISSING: that one and the clause after a display).
_SET_ASIDE = re.compile(
    r"\b(?:unlike|except|instead|rather|only|explicit\w*|written\s+out|spelled\s+out"
    r"|a\s+diferencia|en\s+lugar|expl[íi]cit\w*|s[óo]lo|solamente|[àa]\s+la\s+diff[ée]rence"
    r"|au\s+lieu|seulement|uniquement|anders\s+als|im\s+Gegensatz|statt|nur|ausgeschrieben"
    r"|explizit\w*|ao\s+contr[áa]rio|apenas|somente|invece|soltanto|esplicit\w*|alleen"
    r"|expliciet|in\s+plaats)\b",
    re.IGNORECASE,
)
_MISSING = re.compile(
    r"\b(?:forg[eo]t\w*|missing|dropped|omit\w*|lost|left\s+out|slip|wrong|mistake\w*"
    r"|error\w*|olvid\w*|falta\w*|err[óo]ne\w*|oubli\w*|manqu\w*|faux|fausse|vergessen"
    r"|fehl\w*|falsch\w*|esquec\w*|errad\w*|dimentic\w*|mancant\w*|sbagliat\w*"
    r"|vergeten|ontbre\w*|fout\w*)\b",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?<=[.;:!?。])\s+|\n\s*\n")


def convention_in_force(document: list[str], line: int) -> bool:
    """Whether the latest sentence up to ``line`` (1-based), or the clause right after the
    display there, that names the summation convention declares it (True) rather than
    denies it."""
    state = False
    text = "\n".join([*document[: max(0, line)], following_clause(document, line)])
    text = re.sub(r"\$[^$]*\$", " ", text)  # a formula's letters are not the prose's words
    for sentence in _SENTENCE.split(text):
        if _CONVENTION.search(sentence) and _SUMMING.search(sentence):
            set_aside = _SET_ASIDE.search(sentence) or _MISSING.search(sentence)
            state = not (_DENIAL.search(sentence) or set_aside)
    return state


def following_clause(document: list[str], line: int) -> str:
    """The clause right after the display at ``line`` (up to its first full stop or
    semicolon), or "" when the line is no display or nothing follows it."""
    if not 1 <= line <= len(document) or "$$" not in document[line - 1]:
        return ""
    following = after_display(document, line)
    if following.lstrip().startswith(("$$", "#")):
        return ""
    return re.split(r"(?<=[^$])[.;](?:\s|$)", following, maxsplit=1)[0]


# "summed over $f$, $i$, $j$", "$n$, $i$, $j$ summed", "where $c, u, v$ are summed",
# "sum over $k$ implied", "sommé sur $i$ et $j$", "summiert über $i$", "sumado sobre $k$"
_ONE = r"\$\s*[a-z](?:\s*,\s*[a-z])*\s*\$"  # $i$, $i, j$
_LETTERS = rf"({_ONE}(?:\s*(?:,|and|et|und|y|e|и)\s*{_ONE})*)"
_SUM_WORD = r"(?<!\w)(?:summ|sum|somm|soma\b|somad|somand|сумм)\w*"
_OVER = r"(?:over|across|on|sur|über|sobre|по)"
_AFTER_SUM = re.compile(_SUM_WORD + r"\s+" + _OVER + r"\s+" + _LETTERS, re.IGNORECASE)
_BEFORE_SUM = re.compile(
    _LETTERS + r"\s+(?:(?:are|is|being|sont|est|werden|wird|son|es|são|é)\s+)?" + _SUM_WORD,
    re.IGNORECASE,
)


def stated_letters(document: list[str], line: int) -> frozenset[str]:
    """The letters the clause right after the display at ``line`` says are summed
    (``with $n$, $i$, $j$ summed``), or none.  Only that clause: the one before a display
    is often about another formula, and a denial ("no summation over $k$") names none."""
    clause = following_clause(document, line)
    prose = re.sub(r"\$[^$]*\$", " ", clause)
    if _DENIAL.search(prose) or _MISSING.search(prose):
        return frozenset()  # (not _SET_ASIDE: "summed over $i$ and $j$ only" names them)
    found: set[str] = set()
    for pattern in (_AFTER_SUM, _BEFORE_SUM):
        for m in pattern.finditer(clause):
            lead = clause[: m.start()]
            if "$" in lead or len(lead.split()) > 2:  # a clause about its own formula
                continue
            found.update(re.findall(r"[a-z]", re.sub(r"\b(?:and|et|und|y|e)\b", "", m.group(1))))
    return frozenset(found)


@dataclass
class _Rewrite:
    free: set[str]  # the left side's free indices: never summed
    einstein: bool
    stated: frozenset[str]
    letters_of: object  # (node) -> set of index letters it addresses, outside its own sums
    is_size: object  # (letter) -> bool

    def chain(self, chain: Chain) -> Chain:
        return Chain(tuple(self.side(s) for s in chain.sides), chain.rels, chain.leading)

    def side(self, side: Side) -> Side:
        return Side(tuple(self.expr(e) for e in side.exprs))

    def expr(self, expr: Expr) -> Expr:
        return Expr(tuple((sign, self.term(t)) for sign, t in expr.terms))

    def node(self, node):
        if isinstance(node, Group) and node.body is not None and node.kind == "paren":
            return Group(node.kind, self.chain(node.body))
        if isinstance(node, Frac):
            return Frac(self.node(node.num), self.node(node.den))
        if isinstance(node, Group) and node.kind == "brace" and node.body is not None:
            return Group(node.kind, self.chain(node.body))
        return node

    def term(self, term: Term) -> Term:
        items = tuple(self.node(i) for i in term.items)  # inner products first
        open_letters = self.letters_of(Term(items))  # not bound by a written sum
        counts: dict[str, int] = {}
        for item in items:
            for name in self.letters_of(Term((item,))) & open_letters:
                counts[name] = counts.get(name, 0) + 1
        summed = set()
        if self.einstein:
            summed |= {n for n, c in counts.items() if c >= 2}
        summed |= set(self.stated) & set(counts)
        summed = {n for n in summed - self.free if not self.is_size(n)}
        if not summed:
            return Term(items)
        return Term((_sum_head(sorted(summed)), *items))


def _sum_head(names: list[str]) -> Factor:
    exprs = tuple(Expr((("+", Term((Sym(n),))),)) for n in names)
    return Factor(Sym("\\sum"), Group("brace", Chain((Side(exprs),), ())))


def with_implied_sums(sides, free: set[str], letters_of, is_size) -> tuple:
    """The sides with the sums the notes imply written in (unchanged where none is)."""
    implied = IMPLIED.get()
    if implied is None or not (implied[0] or implied[1]):
        return tuple(sides)
    rewrite = _Rewrite(set(free), implied[0], implied[1], letters_of, is_size)
    return tuple(rewrite.side(s) for s in sides)


def implied_in_force() -> bool:
    """Whether the claim being judged may leave sums implied (the convention declared, or
    its clause naming the letters summed)."""
    implied = IMPLIED.get()
    return implied is not None and (implied[0] or bool(implied[1]))
