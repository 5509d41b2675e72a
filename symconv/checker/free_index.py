"""An index the right side uses, bound by no sum and absent from the left side.

"$\\frac{\\partial L}{\\partial x_{n,c,p,q}} = \\sum_{u} \\sum_{v} g_{n,f,p-u+1,q-v+1}
w_{f,c,u,v}$" (the sum over the filters f forgotten), "$\\frac{\\partial L}{\\partial X_{n,c}}
= \\sum_{c} \\operatorname{pad}_2(G_{n,f}) \\star \\operatorname{rot}_{180}(W_{f,c})$" (the sum
written over the wrong index).  A free index is read as an equation is everywhere: the claim
says the sides agree for every value of it.  The left side does not depend on f, so the
claim holds exactly when the right side equals it at every f of the axis f indexes: the
claim is judged with f open like the left side's own indices, its range the axis it
addresses on the right (judge._probe): a right side that changes with f fails at some f,
the counterexample.  Where the layer read has one filter the claim stays not understood:
true at f = 0 proves nothing when the count of filters may be the checker's guess.

Only a name written as a whole index of comma-separated index lists (``G_{n,f}``,
``w[f,c,u,v]``) is opened: a letter of a run (``X_{col}``, ``W_{mat}``) names a matrix, and
opening it would judge a misreading.  One such name per claim, never a size letter.
"""

from __future__ import annotations

from collections.abc import Sequence

from symconv.checker.syntax import Chain, Expr, Factor, Group, Side, Sym

_SKIP = ("name", "sub", "sup")


def _children(node: object) -> list[object]:
    if isinstance(node, Chain):
        return list(node.sides)
    if isinstance(node, Side):
        return list(node.exprs)
    if isinstance(node, Expr):
        return [t for _, t in node.terms]
    found: list[object] = []
    for attr in ("items", "base", "sub", "sup", "body", "num", "den", "rows"):
        value = getattr(node, attr, None)
        if value is None:
            continue
        if attr == "rows":
            found += [cell for row in value for cell in row if cell is not None]
        elif isinstance(value, (list, tuple)):
            found += list(value)
        else:
            found.append(value)
    return found


def _whole(expr: Expr, name: str) -> bool:
    """Whether ``expr`` is the index letter alone."""
    if len(expr.terms) != 1:
        return False
    items = expr.terms[0][1].items
    return len(items) == 1 and items[0] == Sym(name)


def _mentions(node: object, name: str) -> bool:
    if isinstance(node, Sym):
        return node.name == name
    return any(_mentions(child, name) for child in _children(node))


def _uses(node: object, name: str, found: list[bool]) -> None:
    """Append, for each index list that mentions ``name``, whether it names it as a whole
    item of a list of two or more."""
    if isinstance(node, Factor) and node.sub is not None:
        body = node.sub.body if isinstance(node.sub, Group) else node.sub
        side = body.sides[0] if isinstance(body, Chain) and len(body.sides) == 1 else None
        if side is not None and _mentions(side, name):
            items = side.exprs
            found.append(len(items) >= 2 and any(_whole(e, name) for e in items))
        elif side is None and _mentions(node.sub, name):
            found.append(False)
        if node.base is not None:
            _uses(node.base, name, found)
        if node.sup is not None:
            _uses(node.sup, name, found)
        return
    for child in _children(node):
        _uses(child, name, found)


def openable(names: list[str], sides: Sequence[object], ref: int) -> set[str]:
    """The unbound right-side indices that may be judged as free indices (see above)."""
    if len(names) != 1 or len(names[0]) != 1 or not names[0].islower():
        return set()
    name = names[0]
    found: list[bool] = []
    for k, side in enumerate(sides):
        if k != ref:
            _uses(side, name, found)
    return {name} if found and all(found) else set()
