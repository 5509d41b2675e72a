"""Reading claims written with symbolic sizes (``k_h``, ``s_h``, ``C_g``, ``H_o``, ...).

The general documents (derivations/006_general_*) and lecture notes that state the general
formula write index-level equations the element-wise grammar of :mod:`.syntax` does not
take: sums whose bounds are sizes, ``\\max``/``\\min`` of floors and ceilings, Iverson
brackets ``[0 \\le s_h i + d_h a - p_t \\le H - 1]``, divisibility ``[s_h \\mid e]``,
Kronecker deltas ``\\delta_{cc'}``, derivatives of one entry, and closed forms indexed as a
whole, ``[\\operatorname{corr}(\\operatorname{pad}(X), W, (s_h, s_w)) + b]_{n,f,i,j}``.

This module only parses such text into a small tree (plain tuples, see ``Node``); what a
tree means is :mod:`.allsizes_eval`'s business.  Text is parsed, never evaluated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from symconv.checker.allsizes_words import (
    CASES,
    LOWER,
    NOTE_ALIASES,
    OUTPUT_LETTERS,
    cases_text,
    one_name,
    read_cases,
)
from symconv.checker.limits import NotUnderstood
from symconv.checker.opparse import Parser as TokenCursor
from symconv.checker.texclean import row_layout

TENSORS = ("X", "W", "G", "Z", "b")
# Size names, as symconv's general printer writes them, and the aliases notes use.
SIZES = {
    "H",
    "W",
    "N",
    "g",
    "C",
    "F",
    "C_g",
    "F_g",
    "H_o",
    "W_o",
    "k_h",
    "k_w",
    "s_h",
    "s_w",
    "d_h",
    "d_w",
    "p_t",
    "p_b",
    "p_l",
    "p_r",
    "k",
    "s",
    "d",
    "p",
    "K",
    "S",
    "P",
}
ALIASES = {
    "H_out": "H_o",
    "W_out": "W_o",
    "H_{out}": "H_o",
    "f_h": "k_h",
    "f_w": "k_w",
    "n_k": "k",
    "K": "k",
    "S": "s",
    "P": "p",
    "n_out": "H_o",
    "h_out": "H_o",
    "w_out": "W_o",
    "H_in": "H",
    "W_in": "W",
    "H'": "H_o",  # the output's sides written with a prime
    "W'": "W_o",
    **NOTE_ALIASES,
}
# an output side's subscript in the languages notes are written in: H_{sortie}, H_{salida}
OUTPUT_LABELS = {"sortie", "salida", "sal", "saída", "saida", "uscita", "aus", "ausgabe"}
# Names only a claim about symbolic sizes uses (a concrete layer's notes never do).
GENERAL = {
    "C_g",
    "F_g",
    "H_o",
    "W_o",
    "k_h",
    "k_w",
    "s_h",
    "s_w",
    "d_h",
    "d_w",
    "p_t",
    "p_b",
    "p_l",
    "p_r",
    "f_h",
    "f_w",
    "n_k",
    "H_out",
    "W_out",
    *(f"{side}_{label}" for side in "HW" for label in OUTPUT_LABELS),
    *NOTE_ALIASES,
}
RELATIONS = ("=", "\\le", "\\leq", "<", "\\ge", "\\geq", ">", "\\mid")
CONVS = ("\\ast", "\\star", "*", "\\circledast", "\\otimes")
# A transpose written as a superscript (the printer's ``{W}^{\\top}``: channels exchanged).
TRANSPOSES = (["\\top"], ["T"], ["\\intercal"], ["\\mathsf", "{", "T", "}"])


@dataclass(frozen=True)
class Node:
    """``kind`` and its parts: num(v), sym(name), add(terms, signs), mul(factors), frac,
    floor, ceil, max, min, read(tensor, indices), deriv(of or None, wrt), iverson(chain),
    delta(a, b), sum(var, lo, hi, body), sumaxes(letters, body), call(name, sub, args),
    conv(symbol, a, b, sub), closed(expr, indices), tuple(items), chain(exprs, rels),
    cases(rows), row(value, condition or None for "otherwise"), conj(chains), pow(base, n);
    ``sub`` is the raw tokens of a subscript (``\\star_{s=(s_h,s_w),d=(d_h,d_w),g=g}``,
    ``\\operatorname{pad}_{p_t,p_b,p_l,p_r}``), read by :mod:`.allsizes_ops`; a transpose
    ``{W}^{\\top}`` is ``call("T", (), (W,))``."""

    kind: str
    parts: tuple

    def __hash__(self) -> int:
        # Computed once per node: the dataclass's own hash walks the whole subtree on every
        # call, and the evaluator hashes a product's factors for each entry it evaluates (a
        # fifth of the time spent checking derivations/006_general_*).  The value is the
        # dataclass's, so equal trees still hash equal.
        cached = self.__dict__.get("_hash")
        if cached is None:
            cached = hash((self.kind, self.parts))
            object.__setattr__(self, "_hash", cached)
        return cached

    def __getstate__(self) -> dict:
        # a string's hash differs between processes: a pickled node computes its own again
        return {k: v for k, v in self.__dict__.items() if k != "_hash"}


def node(kind: str, *parts) -> Node:
    return Node(kind, tuple(parts))


_DROP = {
    "\\left",
    "\\right",
    "\\displaystyle",
    "\\quad",
    "\\qquad",
    "\\,",
    "\\;",
    "\\!",
    "\\ ",
    "&",
    "\\\\",
    "\\big",
    "\\Big",
    "\\bigl",
    "\\bigr",
    "\\nonumber",
    "\\cdot",
    "\\,\\!",
}
_TOKEN = re.compile(r"\\[A-Za-z]+|\\[,;:! \\]|[A-Za-z]|\d+|\S")
_ENV = re.compile(r"\\(?:begin|end)\{(?:array|aligned|align\*?|split|gathered)\}(?:\{[a-z]*\})?")
_CALLIGRAPHIC = re.compile(r"\\mathcal\s*\{\s*([A-Z])\s*\}")
_TAG = re.compile(r"\\tag\*?\{[^{}]*\}")
_TEXT = re.compile(r"\\(?:text|mathrm|mathit|operatorname\*?)\{([A-Za-z0-9 ]+)[.,;:]?\}")
_GREEK = {
    "alpha",
    "beta",
    "gamma",
    "delta",
    "kappa",
    "phi",
    "varphi",
    "psi",
    "theta",
    "lambda",
    "mu",
    "nu",
    "rho",
    "sigma",
    "tau",
    "eta",
    "xi",
    "zeta",
    "omega",
    "chi",
}


_LOSSES = ("L", "E", "J", "C")  # dL/dw, dE/dw, dJ/dw, dC/dw: the loss's gradient
# a layer mark written as a superscript (w^{l}, x^{(l-1)}, \delta^{[l+1]}): its offset
_MARK = re.compile(r"^[(\[]?l(?:([+-])(\d))?[)\]]?$")


def tokens(text: str) -> list[str]:
    text = row_layout(text)  # 0 & \\text{if } x > 0, \\\\[4pt]: layout only
    text = _CALLIGRAPHIC.sub(r" \1", text)  # \mathcal{L}: the loss L in another font
    text = cases_text(_TAG.sub("", _ENV.sub("", text.replace("\\boxed", ""))))
    text = text.replace("\\operatorname{", "\\op{")
    text = _TEXT.sub(lambda m: "\\txt{" + m.group(1).replace(" ", "") + "}", text)
    out: list[str] = []
    for t in _TOKEN.findall(text):
        if t == "=" and out and out[-1] in ("<", ">"):  # a plain-text <= or >=
            out[-1] = "\\le" if out[-1] == "<" else "\\ge"
        elif t in ("\\dfrac", "\\tfrac"):  # display and text styles: the same fraction
            out.append("\\frac")
        elif t not in _DROP:
            out.append(t)
    return out


class Parser(TokenCursor):
    """The element-wise and closed-form grammar over the operator reader's token cursor
    (``peek``, ``take``, ``group`` of :class:`.opparse.Parser`)."""

    def __init__(self, text: str, gradient_delta: bool = False) -> None:
        super().__init__(tokens(text), None)  # type: ignore[arg-type]
        # the notes write the upstream gradient as \delta_{i,j} (= dL/dy_{i,j}): a
        # subscript with a comma is then G's entry, not a Kronecker delta
        self.gradient_delta = gradient_delta
        self.marks: list[tuple[str, int]] = []  # (tensor, layer offset) of w^{l}, x^{l-1}

    def sub(self, toks: list[str]) -> Parser:
        p = Parser("", self.gradient_delta)
        p.toks = toks
        p.marks = self.marks  # one list for the whole statement
        return p

    def layer_mark(self) -> int | None:
        """The offset of a layer mark ``^{l-1}`` before an entry's subscript, consumed;
        None (nothing consumed) when the superscript is not one."""
        if self.peek() != "^":
            return None
        start = self.pos
        self.take()
        sup = self.group() if self.peek() == "{" else [self.take()]
        m = _MARK.match("".join(sup))
        if m is None or self.peek() != "_":
            self.pos = start
            return None
        return int(m.group(2)) * (-1 if m.group(1) == "-" else 1) if m.group(1) else 0

    # ------------------------------------------------------------------ grammar
    def chain(self) -> Node:
        exprs, rels = [self.expr()], []
        while self.peek() in RELATIONS:
            rels.append(self.take())
            exprs.append(self.expr())
        return node("chain", tuple(exprs), tuple(rels)) if rels else exprs[0]

    def all(self) -> Node:
        found = self.chain()
        if self.peek() is not None:
            raise NotUnderstood(f"cannot read {' '.join(self.toks[self.pos :][:6])!r}")
        return found

    def expr(self) -> Node:
        terms, signs = [], []
        sign = 1
        while self.peek() in ("+", "-"):
            sign *= -1 if self.take() == "-" else 1
        terms.append(self.term())
        signs.append(sign)
        while self.peek() in ("+", "-", "\\pm"):
            if self.peek() == "\\pm":
                raise NotUnderstood("\\pm has no single value")
            signs.append(-1 if self.take() == "-" else 1)
            terms.append(self.term())
        if len(terms) == 1 and signs[0] == 1:
            return terms[0]
        return node("add", tuple(terms), tuple(signs))

    def _starts_factor(self) -> bool:
        tok = self.peek()
        return tok is not None and tok not in (
            "+",
            "-",
            ")",
            "]",
            "}",
            ",",
            "\\pm",
            "\\rfloor",
            "\\rceil",
            *RELATIONS,
            *CONVS,
        )

    def term(self) -> Node:
        factors = [self.factor()]
        while True:
            if self.peek() in CONVS:
                symbol = self.take()
                sub: tuple[str, ...] = ()
                if self.peek() == "_":
                    self.take()
                    sub = tuple(self.group())
                right = self.factor()
                if symbol == "*" and not sub and "read" in (factors[-1].kind, right.kind):
                    factors.append(right)  # W_{f,c,r,s} * X_{...}: a product of entries
                else:
                    factors[-1] = node("conv", symbol, factors[-1], right, sub)
            elif self.peek() in ("\\times",):
                self.take()
            elif self.peek() == "/":  # (H - f)/s: a fraction written inline
                self.take()
                top = factors[0] if len(factors) == 1 else node("mul", tuple(factors))
                factors = [node("frac", top, self.factor())]
            elif self._starts_factor():
                factors.append(self.factor())
            else:
                break
        return factors[0] if len(factors) == 1 else node("mul", tuple(factors))

    def factor(self) -> Node:
        found = self.primary()
        while self.peek() == "^":  # a transpose; any other power is not this grammar's
            start = self.pos
            self.take()
            sup = self.group() if self.peek() == "{" else [self.take()]
            if len(sup) == 1 and sup[0].isdigit():  # k^2: a size squared
                found = node("pow", found, int(sup[0]))
                continue
            if sup not in TRANSPOSES:
                self.pos = start
                break
            found = node("call", "T", (), (found,))
        return found

    def primary(self) -> Node:
        tok = self.peek()
        if tok is None:
            raise NotUnderstood("the formula ends too early")
        if tok.isdigit():
            self.take()
            return node("num", int(tok))
        if tok == "{":
            return self.sub(self.group()).chain()
        if tok == "(":
            return self.paren()
        if tok == "[":
            return self.bracket()
        if tok in ("\\lfloor", "\\lceil"):
            self.take()
            inner = self.expr()
            self.take("\\rfloor" if tok == "\\lfloor" else "\\rceil")
            return node("floor" if tok == "\\lfloor" else "ceil", inner)
        if tok == "\\frac":
            return self.frac()
        if tok in ("\\max", "\\min"):
            self.take()
            args = self.paren()
            items = args.parts[0] if args.kind == "tuple" else (args,)
            return node(tok[1:], tuple(items))
        if tok == "\\sum":
            return self.summation()
        if tok == "\\delta":
            self.take()
            mark = self.layer_mark()
            if self.peek() != "_" and mark is None:  # pad_{K-1}(\delta): the whole G
                return node("sym", "G")
            self.take("_")
            toks = self.group()
            parts = split_commas(toks)
            if (
                mark is not None
                or len(parts) not in (1, 2)
                or (self.gradient_delta and len(parts) == 2)
            ):
                if mark is not None:
                    self._marked("G", mark)
                return node("read", "G", self.indices(toks))  # \delta_{n,f,i,j}: G's entry
            names = self.names(toks)
            if len(names) != 2:
                raise NotUnderstood("a Kronecker delta of other than two indices")
            return node("delta", *(node("sym", n) for n in names))
        if tok == "\\op":
            return self.call()
        if tok == CASES:
            self.take()
            return read_cases(self, self.group())
        return self.name()

    def paren(self) -> Node:
        self.take("(")
        items = [self.chain()]
        while self.peek() == ",":
            self.take()
            items.append(self.chain())
        self.take(")")
        return items[0] if len(items) == 1 else node("tuple", tuple(items))

    def bracket(self) -> Node:
        self.take("[")
        inner = self.chain()
        self.take("]")
        if self.peek() == "_":
            self.take()
            return node("closed", inner, self.indices(self.group()))
        if inner.kind != "chain":
            raise NotUnderstood("a bracket that is neither a condition nor an indexed form")
        return node("iverson", inner)

    def frac(self) -> Node:
        self.take("\\frac")
        top, bottom = self.group(), self.group()
        if top[:1] == ["\\partial"] and bottom[:1] == ["\\partial"]:
            of = self.sub(top[1:]).factor()
            wrt = self.sub(bottom[1:]).factor()
            if wrt.kind == "sym" and wrt.parts[0] in TENSORS:  # dL/dX: the whole gradient
                wrt = node("read", wrt.parts[0], ())
            if wrt.kind != "read":
                raise NotUnderstood("a derivative with respect to something not an entry")
            if of.kind == "sym" and of.parts[0] in _LOSSES:
                return node("deriv", None, wrt)
            if of.kind != "read":
                raise NotUnderstood("a derivative of something not an entry")
            return node("deriv", of, wrt)
        return node("frac", self.sub(top).expr(), self.sub(bottom).expr())

    def summation(self) -> Node:
        self.take("\\sum")
        self.take("_")
        low = self.group()
        if "=" in low:
            k = low.index("=")
            var = self.names(low[:k])
            var = [one_name(var)] if one_name(var) else var  # \sum_{ch=1}: one index
            if len(var) != 1:
                raise NotUnderstood("a sum over several indices at once")
            start = self.sub(low[k + 1 :]).expr()
            self.take("^")
            stop = self.sub(self.group()).expr()
            return node("sum", var[0], start, stop, self.term())
        return node("sumaxes", tuple(self.names([t for t in low if t != ","])), self.term())

    def call(self) -> Node:
        self.take("\\op")
        name = "".join(self.group())
        sub: tuple[str, ...] = ()
        if self.peek() == "_":
            self.take()
            sub = tuple(self.group())
        if self.peek() == "^":  # rot^{180}
            self.take()
            sub = (*sub, *self.group())
        args = self.paren()
        items = args.parts[0] if args.kind == "tuple" else (args,)
        return node("call", name, sub, tuple(items))

    def indices(self, toks: list[str]) -> tuple[Node, ...]:
        parts = split_commas(toks)
        if len(parts) > 1:  # X_{ch,p,q}: a two-letter index is one name, not a product
            return tuple(
                node("sym", one_name(p)) if one_name(p) else self.sub(p).all() for p in parts
            )
        return tuple(self.sub(p).all() for p in parts)

    def _marked(self, tensor: str, mark: int) -> None:
        """Record a layer mark; the layer's input is one layer before its W, b and output."""
        self.marks.append((tensor, mark + (1 if tensor in ("X", "Xp") else 0)))
        if len({m for _, m in self.marks}) > 1:
            raise NotUnderstood(
                "entries of two layers (layer marks "
                + ", ".join(
                    f"{t}^{{l{m - (1 if t in ('X', 'Xp') else 0):+d}}}" for t, m in self.marks
                )
                + "): not one layer's claim"
            )

    def names(self, toks: list[str]) -> list[str]:
        """Index names run together, as in ``\\delta_{\\gamma\\gamma'}`` or ``cc'``."""
        p, out = self.sub(toks), []
        while p.peek() is not None:
            found = p.atom_name()
            out.append(found)
        return out

    def atom_name(self) -> str:
        tok = self.take()
        if tok in ("\\tilde", "\\hat", "\\bar"):
            inner = self.sub(self.group()).atom_name()
            base = inner + {"\\tilde": "~", "\\hat": "^", "\\bar": "-"}[tok]
        elif tok.startswith("\\") and tok[1:] in _GREEK:
            base = tok[1:]
        elif tok == "\\txt":
            base = "".join(self.group())
        elif tok.isalpha() and len(tok) == 1:
            base = tok
        else:
            raise NotUnderstood(f"cannot read {tok!r} as a name")
        while self.peek() == "'":
            self.take()
            base += "'"
        return base

    def name(self) -> Node:
        base = self.atom_name()
        mark = self.layer_mark()
        if self.peek() == "_":
            self.take()
            toks = self.group()
            label = "".join(t.lstrip("\\") for t in toks if t not in ("{", "}"))
            if label == "txtout" or label.startswith("txt"):
                label = label[3:]
            full = ALIASES.get(f"{base}_{label}", f"{base}_{label}")
            if base in ("H", "W") and label.lower() in OUTPUT_LABELS:  # H_{sortie}, W_{salida}
                full = f"{base}_o"
            if full in SIZES:
                return node("sym", full)
            if base in OUTPUT_LETTERS:  # O_{f,i,j}, Y_{n,f,i,j}: the output entries
                base = "Z"
            base = LOWER.get(base, base)
            if base in TENSORS or base == "Xp":
                if mark is not None:
                    self._marked(base, mark)
                return node("read", base, self.indices(toks))
            return node("sym", full)
        if base == "L":
            return node("sym", "L")
        return node("sym", ALIASES.get(base, base))


def split_commas(toks: list[str]) -> list[list[str]]:
    """Tokens cut at their top-level commas (indices, an operator's parameters)."""
    parts: list[list[str]] = [[]]
    depth = 0
    for t in toks:
        depth += {"{": 1, "(": 1, "[": 1, "}": -1, ")": -1, "]": -1}.get(t, 0)
        if t == "," and depth == 0:
            parts.append([])
        else:
            parts[-1].append(t)
    return parts


def parse(text: str, gradient_delta: bool = False) -> Node:
    """The tree of one statement (a chain of relations, or one expression);
    ``gradient_delta``: the notes name the upstream gradient \\delta (see Parser)."""
    return Parser(_unwrap(text), gradient_delta).all()


_DELTA_IS_GRADIENT = re.compile(
    r"\\delta\s*(?:_\s*\{[^{}$]*\}|_[a-z]{1,2})?\s*(?:=|:=|\\equiv)\s*"
    r"(?:\\frac\s*\{\s*|\\dfrac\s*\{\s*)?\\partial\s*(?:L|E|J|\\mathcal\s*\{?\s*L)"
)


def delta_is_gradient(document: str) -> bool:
    """Whether the notes define \\delta as the loss's gradient (``\\delta_{i,j} =
    \\partial L/\\partial y_{i,j}``): then \\delta_{i,j} is an entry, not Kronecker's."""
    return bool(_DELTA_IS_GRADIENT.search(document))


def _unwrap(text: str) -> str:
    """Drop the braces of ``{\\displaystyle ...}`` cells (the printer's array rows)."""
    out, k = [], 0
    closing: list[bool] = []
    while k < len(text):
        if text.startswith("{\\displaystyle", k):
            closing.append(True)
            k += len("{\\displaystyle")
            continue
        ch = text[k]
        if ch == "{":
            closing.append(False)
        elif ch == "}" and closing:
            wrapped = closing.pop()  # popped for every brace, a plain group's too
            if wrapped:
                out.append(" ")
                k += 1
                continue
        out.append(ch)
        k += 1
    return "".join(out)


def walk(n: Node):
    """Every node of a tree."""
    yield n
    for part in n.parts:
        if isinstance(part, Node):
            yield from walk(part)
        elif isinstance(part, tuple):
            for p in part:
                if isinstance(p, Node):
                    yield from walk(p)


_SYMBOLIC_OPERATOR = re.compile(
    r"\\operatorname\{(?:pad|dilate|crop)\}_(?:\{\s*)?[a-zA-Z](?![a-zA-Z])"
)


def mentions_general(text: str) -> bool:
    """Whether the text names a size only a general (symbolic-size) claim names, or an
    operator's parameter as a symbol (``\\operatorname{pad}_{k-1}``, ``dilate_s``)."""
    if _SYMBOLIC_OPERATOR.search(text):
        return True
    try:
        toks = tokens(_unwrap(text))
    except NotUnderstood:
        return False
    for k in range(len(toks) - 2):
        if toks[k + 1] == "_":
            label = (
                toks[k + 2] if toks[k + 2] != "{" else (toks[k + 3] if k + 3 < len(toks) else "")
            )
            if toks[k + 2] == "{" and k + 4 < len(toks) and toks[k + 4] == ",":
                continue  # W_{o,c}: a tensor's indices (output o, channel c), not W_o
            if f"{toks[k]}_{label.lstrip(chr(92))}" in GENERAL:
                return True
    return False
