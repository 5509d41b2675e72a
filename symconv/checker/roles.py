"""Names by role: which letter is the input, the kernel, the output and the bias.

People write ``O_{i,j} = \\sum_m \\sum_n a_{i+m,j+n} k_{m,n}``: the letters differ, the
shape of the definition does not.  In a definition of an output entry by sums of
products, the factor indexed by the summation indices alone is the kernel, the one indexed
by the free indices shifted by them is the input, the left side is the output and a lone
added symbol is the bias.  Read from the parsed formula (the same grammar as the checker;
never evaluated); only letters the notation does not already give another role are named.
"""

from __future__ import annotations

import re

from symconv.checker.limits import NotUnderstood
from symconv.checker.notation_options import Notation
from symconv.checker.syntax import Chain, Expr, Factor, Font, Frac, Group, Node, Sym, parse
from symconv.checker.written_names import index_list, index_name

_GREEK_OK = ("\\delta", "\\Gamma", "\\gamma", "\\omega")


# x[c, i+u, j+v]: a letter and its indices in brackets (the "functional" notation of notes
# that write code-like entries); no bracket inside, so a nested one is not taken apart
_BRACKETED = re.compile(r"(?<![A-Za-z\\])([A-Za-z])\[([^\[\]]+)\]")


def roles_in(text: str, notation: Notation) -> dict[str, str]:
    """{letter: role} for the definition in ``text`` (empty when there is none).  Entries
    written ``x[c, i+u, j+v]`` are read as ``x_{c, i+u, j+v}``: the same entry."""
    return roles_read(text, notation)[0]


def roles_read(text: str, notation: Notation) -> tuple[dict[str, str], bool]:
    """:func:`roles_in`'s roles, and whether they are read off a transposed convolution's
    scatter form (``Z_{m,n} = \\sum Y_{i,j} W_{m-2i,n-2j}``: Y the input), which only the
    notes of a transposed layer read so (infer.finish drops them under another kind)."""
    text = _BRACKETED.sub(r"\1_{\2}", text)
    try:
        chain = parse(text)
    except (NotUnderstood, RecursionError, ValueError, LookupError):
        return {}, False
    if len(chain.sides) < 2 or chain.rels[0] != "=" or len(chain.sides[0].exprs) != 1:
        return {}, False
    left = _indexed(_only_item(chain.sides[0].exprs[0]))
    if left is None:
        return {}, False
    out, free = left
    found: dict[str, str] = {}
    for side in chain.sides[1:]:
        if len(side.exprs) != 1:
            continue
        found = _definition(side.exprs[0], out, set(free))
        if found:
            break
    if any({notation.letters.get(k), v} == {"X", "W"} for k, v in found.items()):
        # Y_{a,b} = \sum_{i,j} X_{i,j} W_{a-2i,b-2j}: a transposed convolution's scatter
        # form shifts the kernel, not the input; letters with roles are never swapped
        scattered = _scatter_input(found, out, notation)
        return scattered, bool(scattered)
    return {k: v for k, v in found.items() if notation.letters.get(k) != v}, False


def _scatter_input(found: dict[str, str], out: str, notation: Notation) -> dict[str, str]:
    """The roles of a transposed convolution's scatter form, ``Z_{m,n} = \\sum_{i,j} Y_{i,j}
    W_{m-2i,n-2j}``, read by :func:`_pair` with the roles swapped (the shifted factor read
    as the input): the shifted factor is the notation's kernel, so the other one, indexed
    by the summed names alone, is what the kernel's stamps scale -- the layer's input.  A
    letter the usual notation gives the output (Y, y, z) named there is that input: the
    left side, not it, is what the sum builds.  Any other mix names nothing (no letter with
    a role of input or kernel is swapped)."""
    shifted = [k for k, v in found.items() if v == "X"]
    plain = [k for k, v in found.items() if v == "W"]
    if len(shifted) != 1 or len(plain) != 1 or notation.letters.get(shifted[0]) != "W":
        return {}
    letter = plain[0]
    if letter == out or notation.letters.get(letter) != "Z":
        return {}  # X_{i,j} (already the input) or a letter of no role: nothing to rename
    if notation.letters.get(out, "Z") != "Z":
        return {}
    named = {letter: "X", out: "Z"}
    return {k: v for k, v in named.items() if notation.letters.get(k) != v}


def _only_item(expr: Expr) -> Node | None:
    if len(expr.terms) != 1:
        return None
    items = expr.terms[0][1].items
    return items[0] if len(items) == 1 else None


def _letter(node: Node) -> str | None:
    while isinstance(node, Font):
        node = node.body
        if isinstance(node, Group) and node.body is not None:
            inner = (
                _only_item(node.body.sides[0].exprs[0])
                if node.body.sides and node.body.sides[0].exprs
                else None
            )
            node = inner if inner is not None else node
    if isinstance(node, Sym) and (
        (len(node.name) == 1 and node.name.isalpha()) or node.name in _GREEK_OK
    ):
        return node.name
    return None


def _indexed(node: Node | None) -> tuple[str, list[str]] | None:
    """``O_{i,j}`` (or ``O^{[l]}_{i,j}``) -> ("O", ["i", "j"]): a letter and plain indices."""
    if not isinstance(node, Factor) or node.sub is None or node.primes:
        return None
    letter = _letter(node.base)
    exprs = index_list(node.sub)
    if letter is None or not exprs:
        return None
    names = [_symbols(e) for e in exprs]
    if len(exprs) == 1 and len(names[0]) > 1 and all(len(n) == 1 for n in names[0]):
        names = [[n] for n in names[0]]  # x_{ij}
    if not all(len(n) == 1 for n in names):
        return None
    return letter, [n[0] for n in names]


def _symbols(expr: Expr) -> list[str]:
    found: list[str] = []
    for _, term in expr.terms:
        for item in term.items:
            found.extend(_names_in(item))
    return found


def _names_in(node: Node) -> list[str]:
    """The index names in one item, fractions and parentheses included: the input of a
    transposed convolution is indexed ``X_{\\frac{i-m}{2}}``."""
    name = index_name(node)
    if name is not None:
        return [name]
    if isinstance(node, Frac):
        return _names_in(node.num) + _names_in(node.den)
    if isinstance(node, Group) and isinstance(node.body, Chain):
        return [n for side in node.body.sides for e in side.exprs for n in _symbols(e)]
    return []


def _definition(expr: Expr, out: str, free: set[str]) -> dict[str, str]:
    """Roles from ``\\sum ... a_{i+m,j+n} k_{m,n} (+ b)``."""
    found: dict[str, str] = {}
    for _, term in expr.terms:
        summed, factors = set(), []
        for item in term.items:
            if isinstance(item, Factor) and item.base == Sym("\\sum") and item.sub is not None:
                summed |= set(_bound_names(item.sub))
            elif isinstance(item, Factor) and item.sub is not None:
                factors.append(item)
        if summed and len(factors) == 2:
            roles = _pair(factors, free, summed)
            if roles:
                found.update(roles)
        elif not summed and len(term.items) == 1:
            letter = _letter(
                term.items[0] if not isinstance(term.items[0], Factor) else term.items[0].base
            )
            if letter is not None and letter != out:
                found.setdefault(letter, "b")
    if not any(v == "W" for v in found.values()):
        return {}
    found[out] = "Z"
    return found


def _bound_names(sub: Node) -> list[str]:
    if isinstance(sub, Group) and isinstance(sub.body, Chain) and sub.body.sides:
        exprs = sub.body.sides[0].exprs
        return [n for e in exprs for n in _symbols(e)]
    name = index_name(sub)  # \sum_m: the index alone, its range left implicit
    return [name] if name is not None else []


def _pair(factors: list[Factor], free: set[str], summed: set[str]) -> dict[str, str]:
    roles: dict[str, str] = {}
    for factor in factors:
        letter = _letter(factor.base)
        letter = letter + "'" * factor.primes if letter is not None else None
        exprs = index_list(factor.sub) if factor.sub is not None else None
        if letter is None or not exprs:
            return {}
        each = [set(_symbols(e)) for e in exprs]
        used = set().union(*each)
        # the input is shifted: one of its indices mixes a free and a summed name
        # (x_{i+m}, X_{(i-m)/2}); the kernel's indices are summed names, or the output
        # channel (W_{m,n,k,c}) each on its own
        if any(e & free and e & summed for e in each):
            roles[letter] = "X"
        elif used & summed:
            roles[letter] = "W"
        else:
            return {}
    return roles if sorted(roles.values()) == ["W", "X"] else {}


# ------------------------------------------------------------------ written-out definitions
_ENTRY = r"([A-Za-z])_\{?\s*(\d+(?:\s*,\s*\d+)*)\s*\}?"
_EXPANDED = re.compile(r"^\s*" + _ENTRY + r"\s*=(?!=)(.*)$", re.DOTALL)


def roles_from_expansions(texts: list[str], notation: Notation) -> dict[str, str]:
    """``O_{11} = X_{11}F_{11} + ...`` and ``O_{12} = X_{12}F_{11} + ...``: the output on the
    left, and of the two letters multiplied on the right the kernel is the one whose entries
    are the same for different output entries, the input the one whose entries move with
    them.  Letters the notation already knows keep their roles (nothing is renamed)."""
    seen: dict[str, dict[str, dict[str, frozenset[str]]]] = {}  # out -> entry -> letter -> set
    for text in texts:
        m = _EXPANDED.match(text)
        if m is None:
            continue
        out, at, rhs = m.group(1), re.sub(r"\s", "", m.group(2)), m.group(3)
        entries: dict[str, set[str]] = {}
        for letter, index in re.findall(_ENTRY, rhs):
            entries.setdefault(letter, set()).add(re.sub(r"\s", "", index))
        entries.pop(out, None)
        if len(entries) == 2:
            seen.setdefault(out, {}).setdefault(at, {k: frozenset(v) for k, v in entries.items()})
    for out, by_entry in seen.items():
        if len(by_entry) < 2 or len({frozenset(e) for e in by_entry.values()}) != 1:
            continue  # one output entry only, or other letters in other entries
        letters = next(iter(by_entry.values()))
        fixed = [k for k in letters if len({e[k] for e in by_entry.values()}) == 1]
        moving = [k for k in letters if k not in fixed]
        if len(fixed) == 1 and len(moving) == 1:
            found = {out: "Z", fixed[0]: "W", moving[0]: "X"}
            if any(notation.letters.get(k, v) != v for k, v in found.items()):
                return {}  # x_{..} w_{..} already have their roles: never swap them
            return {k: v for k, v in found.items() if notation.letters.get(k) != v}
    return {}
