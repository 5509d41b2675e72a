"""Element-wise gradient claims of a pool, ``\\frac{\\partial L}{\\partial x_{a,b}} =
\\begin{cases} \\delta_{\\lfloor a/2 \\rfloor, \\lfloor b/2 \\rfloor} & \\text{if } x_{a,b} =
\\max R_{...} \\\\ 0 & \\text{otherwise} \\end{cases}``, ``g_{0,0} + g_{0,1}``, with an
indicator ``\\mathbb{1}[x_{a,b} = y_{i,j}]``, judged at concrete inputs.

Max pooling's gradient depends on the values of X (which entry of each window is largest),
so it is no polynomial identity: a claim is evaluated at concrete inputs without ties, the
right side as a linear form in G, against the routing (:class:`.worked_numbers.Pool`).
A claim at named entries (``x_{2,2}``) is judged at the input the notes give; a claim with
free indices at every entry, for the notes' input and inputs that put each window's
maximum at each of its positions, and random ones.  Either way the verdict says it was
checked at those inputs only, never proved for all of them.  Average pooling's claims go
the same way (the truth then needs no input).
"""

from __future__ import annotations

import random
import re
from fractions import Fraction
from math import ceil, floor

from symconv.checker.allsizes_notes import MAX_POOL, POOL_STRIDE, TILED
from symconv.checker.allsizes_parse import Node, parse, walk
from symconv.checker.code_names import code_gradient_left
from symconv.checker.context import finding
from symconv.checker.limits import NotUnderstood
from symconv.checker.max_words import with_worded_maximum
from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.texclean import typing_only
from symconv.checker.tie_convention import stated_tie_rule
from symconv.checker.worked_conv import show_matrix
from symconv.checker.worked_numbers import Matrix, Pool, given_before, pool_of

Lin = dict  # {(i, j): coefficient of G_{i,j}, None: constant}

_REGION = re.compile(r"\\max\s*(?:\\limits\s*)?(?:\\mathcal\s*\{\s*)?[A-Z]\s*\}?\s*_")
_INDICATOR = re.compile(r"\\(?:mathbb|mathbf|mathds|boldsymbol)\s*\{\s*[1I]\s*\}\s*(?:_\s*)?")
_AVERAGE_NEAR = re.compile(r"\b(?:average|avg|mean|promedio|media)\b", re.I)


class _Bad(Exception):
    """The claim reads an entry outside its tensor, or at a fractional index."""


def _indicators(text: str) -> str:
    """``\\mathbb{1}[c]``, ``\\mathbb{1}\\{c\\}``, ``\\mathbf{1}_{c}`` as the bracket ``[c]``."""
    out = text
    for _ in range(4):
        m = _INDICATOR.search(out)
        if m is None:
            break
        rest = re.sub(r"^\\left\s*", "", out[m.end() :].lstrip())
        pairs = {"[": "]", "\\{": "\\}", "(": ")", "{": "}"}
        opener = next((o for o in ("\\{", "[", "(", "{") if rest.startswith(o)), None)
        if opener is None:
            return text
        depth, k = 0, 0
        while k < len(rest):
            if rest.startswith(opener, k):
                depth += 1
            elif rest.startswith(pairs[opener], k):
                depth -= 1
                if depth == 0:
                    break
            k += 1
        inner = re.sub(r"\\right\s*$", "", rest[len(opener) : k])
        out = out[: m.start()] + "[" + inner + "]" + rest[k + len(pairs[opener]) :]
    return out


def _claim(text: str) -> tuple[Node, list[Node]] | None:
    """(the left side's entry of X, the right sides) of ``dL/dx_{...} = ...``, else None."""
    text = code_gradient_left(text)  # \text{dX}_{i,j} = ...: dL/dX_{i,j}, as code names it
    text = typing_only(text)  # \partial L / \partial X_{ij}: the fraction written inline
    text = re.sub(r"\\[bB]igg?[lr]?(?![A-Za-z])", "", text)  # \big[ ... \big]: sizing only
    text = _REGION.sub("y_", _indicators(text))  # \max R_{i,j}: the max of window (i,j)
    text = with_worded_maximum(text)  # "si x_{ij} es el máximo de su bloque" (max_words.py)
    try:
        tree = parse(text, True)
    except (NotUnderstood, RecursionError):
        return None
    if tree.kind != "chain" or set(tree.parts[1]) != {"="}:
        return None
    left, *rights = tree.parts[0]
    if left.kind != "deriv" or left.parts[0] is not None or left.parts[1].parts[0] != "X":
        return None
    return left.parts[1], rights


def _indices(idx: tuple[Node, ...]) -> tuple[Node, ...]:
    """``x_{ij}`` (read as a product) and ``x_{22}`` as two indices."""
    if len(idx) == 1 and idx[0].kind == "mul" and len(idx[0].parts[0]) == 2:
        return idx[0].parts[0]
    if len(idx) == 1 and idx[0].kind == "num" and 10 <= idx[0].parts[0] <= 99:
        return tuple(Node("num", (int(d),)) for d in str(idx[0].parts[0]))
    return idx


class _Eval:
    """A claim's value at one input x: numbers, or linear forms in G."""

    def __init__(self, pool: Pool, x: Matrix | None, base: int) -> None:
        self.pool, self.x, self.base = pool, x, base
        self.y = pool.forward(x) if x is not None else None
        self.sizes = {
            "k": pool.kernel[0],
            "s": pool.stride[0],
            "H": pool.hw[0],
            "W": pool.hw[1],
            "H_o": pool.out[0],
            "W_o": pool.out[1],
        }

    def num(self, n: Node, env) -> Fraction:
        v = self.value(n, env)
        if set(v) - {None}:
            raise NotUnderstood("an index or a condition that depends on G")
        return v.get(None, Fraction(0))

    def value(self, n: Node, env) -> Lin:
        kind, parts = n.kind, n.parts
        if kind == "num":
            return {None: Fraction(parts[0])}
        if kind == "sym":
            if parts[0] in env:
                return {None: Fraction(env[parts[0]])}
            if parts[0] in self.sizes:
                return {None: Fraction(self.sizes[parts[0]])}
            raise NotUnderstood(f"{parts[0]} is neither an index of the claim nor a size")
        if kind == "add":
            out: Lin = {}
            for term, sign in zip(*parts, strict=True):
                for key, c in self.value(term, env).items():
                    out[key] = out.get(key, Fraction(0)) + sign * c
            return out
        if kind == "mul":
            out = {None: Fraction(1)}
            for f in sorted(parts[0], key=lambda m: m.kind not in ("iverson", "chain")):
                out = _times(out, self.value(f, env))
                if not any(out.values()):
                    return {}
            return out
        if kind == "frac":
            bottom = self.num(parts[1], env)
            if bottom == 0:
                raise _Bad("a division by zero")
            return {k: c / bottom for k, c in self.value(parts[0], env).items()}
        if kind == "pow":
            if parts[1] > 64:
                raise NotUnderstood(f"a power {parts[1]} in a pool's gradient claim")
            return {None: self.num(parts[0], env) ** parts[1]}
        if kind in ("floor", "ceil"):
            v = self.num(parts[0], env)
            return {None: Fraction(floor(v) if kind == "floor" else ceil(v))}
        if kind in ("max", "min"):
            vals = [self.num(a, env) for a in parts[0]]
            return {None: max(vals) if kind == "max" else min(vals)}
        if kind in ("iverson", "chain"):
            return {None: Fraction(int(self.holds(parts[0] if kind == "iverson" else n, env)))}
        if kind == "conj":
            return {None: Fraction(int(all(self.holds(c, env) for c in parts[0])))}
        if kind == "cases":
            for row in parts[0]:
                value, cond = row.parts
                if cond is None or self.num(cond, env):
                    return self.value(value, env)
            return {}
        if kind == "delta":
            return {None: Fraction(int(self.num(parts[0], env) == self.num(parts[1], env)))}
        if kind == "read":
            return self.read(parts[0], _indices(parts[1]), env)
        if kind == "deriv" and parts[0] is None and parts[1].parts[0] == "Z":
            return self.read("G", _indices(parts[1].parts[1]), env)  # dL/dy_{i,j}
        raise NotUnderstood(f"a {kind} in a pool's gradient claim")

    def holds(self, n: Node, env) -> bool:
        exprs, rels = n.parts
        vals = [self.num(e, env) for e in exprs]
        ops = {"=": "__eq__", "<": "__lt__", ">": "__gt__", "\\le": "__le__", "\\leq": "__le__"}
        ops |= {"\\ge": "__ge__", "\\geq": "__ge__"}
        if any(r not in ops for r in rels):
            raise NotUnderstood("a relation a pool's condition does not take")
        return all(getattr(a, ops[r])(b) for a, r, b in zip(vals, rels, vals[1:], strict=False))

    def read(self, tensor: str, idx: tuple[Node, ...], env) -> Lin:
        if len(idx) != 2:
            raise NotUnderstood(f"{tensor} with {len(idx)} indices (a pool's are 2)")
        at = []
        for i in idx:
            v = self.num(i, env) - self.base
            if v.denominator != 1:
                raise _Bad(f"the index {v + self.base} is not an integer")
            at.append(int(v))
        a, b = at
        shape = self.pool.out if tensor in ("G", "Z") else self.pool.hw
        if not (0 <= a < shape[0] and 0 <= b < shape[1]):
            raise _Bad(
                f"it reads {tensor} at ({a + self.base}, {b + self.base}), outside its "
                f"{shape[0]}x{shape[1]} entries"
            )
        if tensor == "G":
            return {(a, b): Fraction(1)}
        if self.x is None:
            raise NotUnderstood("a condition on the values of X, with no input to read")
        if tensor == "X":
            return {None: self.x[a][b]}
        if tensor == "Z":
            return {None: self.y[a][b]}  # type: ignore[index]
        raise NotUnderstood(f"{tensor} in a pool's gradient claim")


def _times(a: Lin, b: Lin) -> Lin:
    if set(a) - {None} and set(b) - {None}:
        raise NotUnderstood("a product of two G entries")
    out: Lin = {}
    for ka, ca in a.items():
        for kb, cb in b.items():
            key = ka if ka is not None else kb
            out[key] = out.get(key, Fraction(0)) + ca * cb
    return {k: c for k, c in out.items() if c}


def _inputs(pool: Pool, seed: int) -> list[Matrix]:
    """Tie-free inputs: each window's maximum at each of its positions, and random ones."""
    h, w = pool.hw
    rng = random.Random(seed)
    found: list[Matrix] = []
    kh, kw = pool.kernel
    for u in range(kh):
        for v in range(kw):
            values = rng.sample(range(1, 10 * h * w), h * w)
            x = [[Fraction(values[a * w + b]) for b in range(w)] for a in range(h)]
            for i, j in pool.outputs():  # the window's (u, v) cell above the rest
                a, b = i * pool.stride[0] + u - pool.padding[0], j * pool.stride[1] + v
                b -= pool.padding[2]
                if 0 <= a < h and 0 <= b < w:
                    x[a][b] += 100 * h * w * (1 + a * w + b)
            found.append(x)
    for _ in range(4):
        values = rng.sample(range(1, 10 * h * w), h * w)
        found.append([[Fraction(values[a * w + b]) for b in range(w)] for a in range(h)])
    return [x for x in found if not pool.ties(x)]


def pooled_letters(text: str, letters: dict[str, str]) -> str:
    """``text`` with a capital the notes name the pooled map although it usually names an
    output ("a map $Z$ of 4x4 with max pooling": Z is the pool's X) written X."""
    for letter, role in letters.items():
        if role == "X" and letter in ("Y", "Z"):
            text = re.sub(rf"(?<![A-Za-z\\]){letter}(?![A-Za-z])", "X", text)
    return text


def judge_pool_gradient(
    text: str, model, document: str, line: int, base: int, before: str, seed: int
) -> dict | None:
    """The verdict of an element-wise dL/dx claim of a one-channel pool (None: not one)."""
    pool = pool_of(model)
    if pool is None and MAX_POOL.search(before[-400:]):
        # "k x k max pooling with stride k": no layer of the notes' sizes, but a claim
        # written with symbolic sizes is judged on the grid below
        stride_k = POOL_STRIDE.search(before[-400:])
        pool = Pool("max", (2, 2), (2, 2) if stride_k else (1, 1), (0, 0, 0, 0), (4, 4))
        model = None
    claim = _claim(text) if pool is not None else None
    if claim is None or pool is None:
        return None
    entry, rights = claim
    if pool.op == "avg":
        return None  # a polynomial identity: the layer's own reader judges it exactly
    idx = _indices(entry.parts[1])
    if len(idx) != 2:
        # x_{c,i,j}: a channel's (or a sample's) entry; the routing is one map's, so its
        # first index would be read as a row and the claim judged at another entry
        raise NotUnderstood(
            f"a pool's gradient entry with {len(idx)} indices: the routing read here is "
            "one map's (row, column), and which axis the others are is not read"
        )
    free = sorted({m.parts[0] for i in idx for m in walk(i) if m.kind == "sym"})
    if any(i.kind not in ("sym", "num") for i in idx):
        raise NotUnderstood("a pool's gradient entry indexed by expressions, not names")
    if free and len(free) != 2:
        raise NotUnderstood("a pool's gradient entry with other than two free indices")
    named = {m.parts[0] for r in rights for m in walk(r) if m.kind == "sym"} - set(free)
    average = _AVERAGE_NEAR.search(before[-160:])
    if average and MAX_POOL.search(before[-160:]):
        # "last lecture: average pooling. Today: max pooling" -- both kinds named just
        # before the claim: which one it is about is a guess, and the two route G apart
        raise NotUnderstood(
            "the words before this claim name both average and max pooling: which one it "
            "is about is not read"
        )
    if model is None and not (named & _SIZE_NAMES and (pool.stride[0] == 2 or "s" in named)):
        return None  # no layer to read it at, and no stride the prose ties to the window
    if named & _SIZE_NAMES:
        if average or not free:
            return None  # sizes written as symbols: the general reader's, for every size
        grid = _grid(pool, "s" in named, bool(TILED.search(before[-600:])))
        for other in grid:
            found = _check(other, _inputs(other, seed), idx, free, rights, base, None)
            if found is not None:
                return found
        sizes = "; ".join(_name(p) for p in grid)
        return finding(
            VERIFIED,
            f"holds at every entry for {len(grid)} sets of sizes ({sizes}), each at inputs X "
            "without ties that put each window's maximum at each of its positions, and "
            "random ones: max pooling's routing is checked at concrete sizes and inputs "
            "only, not proved for all",
        )
    if average:
        # "that spreading is what average pooling does: dL/dx_{0,0} = 1/9 g_{0,0}"
        pool = Pool("avg", pool.kernel, pool.stride, pool.padding, pool.hw)
    given = given_before(document, line).get("X")
    notes_x = given[0] if given and (len(given[0]), len(given[0][0])) == tuple(pool.hw) else None
    pool.tie = stated_tie_rule(document, line)  # a tie of the notes' X: their own rule
    if pool.op == "avg":
        inputs: list[Matrix | None] = [None]
    elif not free:
        if notes_x is None or (pool.ties(notes_x) and pool.tie is None):
            raise NotUnderstood(
                "how max pooling routes the gradient depends on which entry of each window "
                "is largest, and the notes give no input X (as numbers, without ties)"
            )
        inputs = [notes_x]
    else:
        usable = notes_x is not None and (pool.tie is not None or not pool.ties(notes_x))
        own = [notes_x] if usable and notes_x is not None else []
        inputs = [*own, *_inputs(pool, seed)]
    g_given = given_before(document, line).get("G")
    g_numbers = (
        g_given[0] if g_given and (len(g_given[0]), len(g_given[0][0])) == pool.out else None
    )
    found = _check(pool, inputs, idx, free, rights, base, given, g_numbers)
    return found if found is not None else _verified(pool, free, inputs, notes_x, given)


_SIZE_NAMES = {"k", "s", "H", "W", "H_o", "W_o", "p"}


def _grid(pool: Pool, stride_free: bool, tiled: bool) -> list[Pool]:
    """Pools of other sizes for a claim written with symbolic sizes: the stride a symbol
    of its own, or tied to the window as in the notes' layer (stride k), or fixed."""
    rows: list[tuple[int, int, int, int]]
    if stride_free:
        rows = [(4, 4, 2, 2), (6, 6, 3, 3), (5, 5, 2, 1), (7, 7, 3, 2), (6, 4, 2, 2)]
    elif pool.stride[0] == pool.kernel[0]:
        rows = [(4, 4, 2, 2), (6, 6, 3, 3), (6, 4, 2, 2), (9, 6, 3, 3)]
        rows += [] if tiled else [(5, 5, 2, 2), (7, 8, 3, 3)]
    else:
        s = pool.stride[0]
        rows = [(6, 6, 2, s), (7, 5, 3, s), (5, 6, 2, s)]
    if tiled:
        rows = [(h, w, k, st) for h, w, k, st in rows if (h - k) % st == 0 and (w - k) % st == 0]
    return [Pool("max", (k, k), (st, st), (0, 0, 0, 0), (h, w)) for h, w, k, st in rows]


def _at_numbers(lin: dict, g: Matrix) -> dict:
    """A linear form in G at the notes' numbers for G: ``g_{1,1} + g_{1,2}`` is 2 + (-1)."""
    value = sum(
        (c * (1 if key is None else g[key[0]][key[1]]) for key, c in lin.items()), Fraction(0)
    )
    return {None: value} if value else {}


def _check(pool, inputs, idx, free, rights, base, given, g_numbers=None) -> dict | None:
    """The first entry at which the claim differs from the routing, as a verdict.  A side
    that is a number (``= G_{11} + G_{12} = 1``) is compared at the notes' numbers for G."""
    h, w = pool.hw
    cells = [(a + base, b + base) for a in range(h) for b in range(w)]
    envs = [dict(zip(free, c, strict=True)) for c in cells] if free else [{}]
    for x in inputs:
        ev = _Eval(pool, x, base)
        routes = pool.routes(x)
        for env in envs:
            at = tuple(int(ev.num(i, env)) - base for i in idx)
            truth = {k: c for k, c in routes.get(at, {}).items() if c}
            odd = []  # every side that differs at this entry, so each link of a chain is told
            for k, right in enumerate(rights):
                try:
                    claimed = {key: c for key, c in ev.value(right, env).items() if c}
                except _Bad as exc:
                    claimed = str(exc)
                numeric = isinstance(claimed, dict) and set(claimed) <= {None}
                if numeric and set(truth) - {None}:  # a number against G's entries
                    if g_numbers is None:
                        raise NotUnderstood(
                            "a number where the routing gives entries of G, and the notes "
                            "give no G as numbers"
                        )
                    if claimed == _at_numbers(truth, g_numbers):
                        continue
                if claimed != truth:
                    odd.append((k, claimed))
            if odd:
                return _wrong(pool, x, at, base, truth, odd, len(rights), given)
    return None


def _form(lin: dict, base: int) -> str:
    if not lin:
        return "0"
    parts = []
    for key, c in sorted(lin.items(), key=lambda kv: (kv[0] is None, kv[0] or (0, 0))):
        name = "1" if key is None else f"g_{{{key[0] + base},{key[1] + base}}}"
        parts.append(name if c == 1 else f"{c} {name}")
    return " + ".join(parts)


def _name(pool: Pool) -> str:
    return (
        f"{pool.op}pool2d {pool.hw[0]}x{pool.hw[1]}, window {pool.kernel[0]}x{pool.kernel[1]}, "
        f"stride {pool.stride[0]}"
    )


def _wrong(pool, x, at, base, truth, odd, count, given) -> dict:
    """``odd``: (rank among the right sides, what it gives) of each side that differs; in a
    chain ``a = b = c`` each is named ("side 2 of 3 differs and side 3 of 3 differs"), so
    a link between two sides that agree is not called wrong."""
    if count == 1:
        side = "the right side differs"
    else:
        side = " and ".join(f"side {k + 2} of {count + 1} differs" for k, _ in odd)
    shown = ", ".join(str(v + base) for v in at)
    claimed = odd[0][1]
    got = claimed if isinstance(claimed, str) else f"it gives {_form(claimed, base)}"
    if x is None:
        where = ""
    elif given is not None and x is given[0]:
        where = f" at the notes' X (line {given[1]})"
    else:
        where = f" at the input X = {show_matrix(x)} (no ties)"
    return finding(
        WRONG,
        f"{side} for {_name(pool)}{where}: dL/dx_{{{shown}}} is {_form(truth, base)}; {got}",
    )


def _verified(pool, free, inputs, notes_x, given) -> dict:
    if pool.op == "avg":
        return finding(VERIFIED, f"holds for {_name(pool)} (every entry)")
    if not free:
        return finding(
            VERIFIED,
            f"holds for {_name(pool)} at the notes' X (line {given[1]}): max pooling's "
            "routing is checked at that input only",
        )
    own = " (the notes' own among them)" if notes_x is not None and inputs[0] is notes_x else ""
    return finding(
        VERIFIED,
        f"holds at every entry of {_name(pool)} for {len(inputs)} inputs X without ties{own}"
        ", each window's maximum at each of its positions: max pooling's routing is checked "
        "at concrete inputs only, not proved for all inputs",
    )
