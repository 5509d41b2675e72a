"""A reader of matrix-product formulas as notes write them: ``dW_{\\text{mat}} = dY_{\\text{mat}}
X_{\\text{col}}^{\\top}``, ``\\frac{\\partial L}{\\partial X} = W\\, dZ^\\top``, ``db = dZ^\\top
\\mathbf{1}_N``, ``\\sum_{n=1}^{2} dY^{(n)}_{\\text{mat}} X^{(n)\\top}_{\\text{col}}``,
``\\operatorname{col2im}(W^\\top dY)``, ``\\frac{1}{N} \\sum_{n=1}^{N} x_{nd}(p_{nk} - y_{nk})``.

The text is tokenised and parsed by hand (never evaluated): juxtaposition or ``\\cdot`` is the
matrix product, ``^\\top`` / ``^T`` the transpose, ``\\mathbf{1}_n`` the all-ones column,
``d``NAME and ``\\partial L/\\partial`` NAME the loss's gradient with respect to NAME, a
superscript ``(n)`` the n-th sample of a batch, and a lower-case letter with subscripts an
entry of the matrix written with its capital.  Anything else raises :class:`Unread`, naming
what was not read, so the caller leaves the claim to the other readers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction


class Unread(Exception):
    """The formula uses a form this reader does not read."""


@dataclass(frozen=True)
class Ref:
    """A named matrix (``X_col``), or the loss's gradient with respect to it (``grad``),
    of one sample (``sample``: the index letter of ``^{(n)}``), maybe transposed, maybe one
    entry (``indices``: the index letters or numbers of ``x_{nd}``)."""

    name: str
    grad: bool = False
    sample: str | None = None
    indices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Ones:
    length: str | None  # "9", "N", or None when the notes write \mathbf{1} alone


@dataclass(frozen=True)
class Num:
    value: Fraction


@dataclass(frozen=True)
class Node:
    """kind: 'prod' (args multiplied), 'add' (signs pair with args), 'T' (transpose),
    'div' (args[0] / args[1], a scalar), 'sum' (Σ_{index=lo}^{hi} args[0]), 'col2im',
    'entry' (args[0] at ``indices``)."""

    kind: str
    args: tuple = ()
    signs: tuple[str, ...] = ()
    index: str = ""
    bounds: tuple[str, str] = ("", "")
    indices: tuple[str, ...] = field(default=())


_NOISE = re.compile(
    r"\\[,;:! ]|\\q?quad\b|\\left\b|\\right\b|\\displaystyle\b|\\[Bb]igg?[lr]?\b|\\middle\b"
    # an equation's number or label ("(4.7)"): typesetting, as split.py drops it for claims
    r"|\\(?:tag\*?|label)\s*\{[^{}]*\}|\\(?:nonumber|notag)\b"
)
_TOP = re.compile(
    r"\^\s*(?:\{\s*(?:\\top|T|\\intercal|\\mathsf\{T\}|\\mathrm\{T\})\s*\}"
    r"|\\top|\\intercal|T(?![A-Za-z]))"
)
_WORD_TAG = r"\\(?:text|mathrm|operatorname|textrm|mathit)\s*\{\s*([A-Za-z]+)\s*\}"
# plain words written as a matrix's subscript (``X_{col}``, ``W_{row}``, ``Y_{mat}``): names
# of im2col's reshaped matrices, never three entry indices c, o, l
WORD_TAGS = frozenset(
    {"col", "cols", "row", "rows", "mat", "matrix", "flat", "unf", "unfold", "patch", "patches"}
)
_GREEK = {"\\Delta": "Delta", "\\delta": "delta"}
_LOSS = ("L", "\\mathcal{L}", "E", "J", "\\ell")
_ONES = re.compile(r"\\(?:mathbf|mathbb|bm|boldsymbol)\s*(?:\{\s*1\s*\}|1\b)")
BOLD = re.compile(r"\\(?:mathbf|boldsymbol|bm|mathbfit|vec)\s*\{\s*(\\?[A-Za-z]+)\s*\}")
# (a digit tag is a layer's number, Z_{\text{3}}: matrix_numbered.py writes Z_3 so)
_TAG = re.compile(r"\\(?:text|mathrm|operatorname|textrm|mathit)\{([A-Za-z]+|\d)\}")
_UPRIGHT_D = re.compile(r"\\(?:mathrm|text|operatorname|textrm)\s*\{\s*d\s*\}")
_COL2IM = re.compile(r"\\(?:operatorname|text|mathrm)\s*\{\s*col2im\s*\}|col2im")


# \tilde{X}, \hat X, \widetilde{\mathbf{X}}: a matrix of the notes' own (a Hankel or im2col
# matrix, "$\tilde{X}$ is the data matrix"), named as X_{\text{tilde}} (a name, no meaning)
_DECORATED = re.compile(
    r"\\(tilde|widetilde|hat|widehat|bar|check)\s*(?:\{\s*(?:\\(?:mathbf|boldsymbol|bm)\s*)?"
    r"\{?\s*([A-Za-z])\s*\}?\s*\}|([A-Za-z]))"
)


def clean(text: str) -> str:
    """The formula without spacing, sizing and display commands."""
    text = _NOISE.sub(" ", text)
    text = _DECORATED.sub(
        lambda m: f" {m.group(2) or m.group(3)}_{{\\text{{{m.group(1).removeprefix('wide')}}}}} ",
        text,
    )
    text = text.replace("\\dfrac", "\\frac").replace("\\tfrac", "\\frac")
    text = _COL2IM.sub(lambda _: " \\colim ", text)
    text = _UPRIGHT_D.sub(" d", text)  # \mathrm{d}W: dW
    text = _TOP.sub(lambda _: "^\\top", text)
    text = _ONES.sub(lambda _: " \\ones ", text)
    for _ in range(2):  # \mathbf{X}, \boldsymbol{\delta}: the letter itself
        text = BOLD.sub(lambda m: f" {m.group(1)} ", text)
    return text.strip().rstrip(".,;").strip()


_TOKEN = re.compile(r"\s*(\\[A-Za-z]+|[A-Za-z]|\d+(?:\.\d+)?|[{}()\[\]^_+\-=/,':]|\S)")


def tokens(text: str) -> list[str]:
    out = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            break
        out.append(m.group(1))
        pos = m.end()
    return out


class Parser:
    """Recursive descent over :func:`tokens` (see the module doc for what is read)."""

    def __init__(self, text: str, gradient_names: frozenset[str] = frozenset()):
        self.toks = tokens(clean(text))
        self.pos = 0
        # letters written for ∂L/∂(output): g, Δ; "G_" where G_n is sample n's block of it
        self.gradient_names = gradient_names
        self.pending_transpose = False

    def peek(self, ahead: int = 0) -> str | None:
        i = self.pos + ahead
        return self.toks[i] if i < len(self.toks) else None

    def take(self, want: str | None = None) -> str:
        tok = self.peek()
        if tok is None or (want is not None and tok != want):
            raise Unread(f"expected {want or 'more'} at {tok or 'the end'}")
        self.pos += 1
        return tok

    def group_text(self) -> list[str]:
        """The tokens of a braced group (or the single token written without braces)."""
        if self.peek() != "{":
            return [self.take()]
        self.take("{")
        depth, out = 1, []
        while True:
            tok = self.take()
            depth += tok == "{"
            depth -= tok == "}"
            if depth == 0:
                return out
            out.append(tok)

    # -- grammar -------------------------------------------------------------------------
    def equation(self) -> list:
        sides = [self.expr()]
        while self.peek() == "=":
            self.take("=")
            sides.append(self.expr())
        if self.peek() is not None:
            raise Unread(f"{self.peek()} is not read in a matrix formula")
        return sides

    def expr(self):
        signs, args = [], []
        sign = "+"
        if self.peek() in ("+", "-"):
            sign = self.take()
        while True:
            signs.append(sign)
            args.append(self.term())
            if self.peek() not in ("+", "-"):
                break
            sign = self.take()
        if len(args) == 1 and signs[0] == "+":
            return args[0]
        return Node("add", tuple(args), tuple(signs))

    def term(self):
        args = [self.factor()]
        while self.peek() not in (None, "+", "-", "=", ")", "}", ",", "]"):
            if self.peek() == "\\cdot":
                self.take()
            args.append(self.factor())
        return args[0] if len(args) == 1 else Node("prod", tuple(args))

    def factor(self):
        self.pending_transpose = False
        node = self.atom()
        if self.pending_transpose:
            self.pending_transpose = False
            node = Node("T", (node,))
        while self.peek() in ("^", "_"):
            if self.peek() == "^" and self.peek(1) == "\\top":
                self.pos += 2
                node = Node("T", (node,))
            elif self.peek() == "_" and isinstance(node, Ref) and not node.indices:
                self.take()  # (dZ)_{nk}
                node = Ref(node.name, node.grad, node.sample, _indices(self.group_text()))
            elif self.peek() == "_" and isinstance(node, Node) and node.kind != "entry":
                self.take()
                node = Node("entry", (node,), indices=_indices(self.group_text()))
            else:
                raise Unread("a superscript or subscript is not read here")
        return node

    def atom(self):
        tok = self.peek()
        if tok is None:
            raise Unread("a formula ends early")
        if re.fullmatch(r"\d+(?:\.\d+)?", tok):
            self.take()
            return Num(Fraction(tok))
        if tok == "(":
            self.take()
            inner = self.expr()
            self.take(")")
            return inner
        if tok == "\\frac":
            return self.fraction()
        if tok == "\\partial":
            return self.slash_gradient()
        if tok == "\\nabla":
            self.take()
            self.take("_")
            ref = self.sub_parser(self.group_text()).name_ref()
            if self.take() not in _LOSS:
                raise Unread("∇ of a quantity other than the loss")
            return Ref(ref.name, True, ref.sample, ref.indices)
        if tok == "\\ones":
            self.take()
            length = None
            if self.peek() == "_":
                self.take()
                length = "".join(self.group_text())
            return Ones(length)
        if tok == "\\sum":
            return self.summation()
        if tok == "\\colim":
            self.take()
            self.take("(")
            inner = self.expr()
            self.take(")")
            return Node("col2im", (inner,))
        if (
            tok == "d"
            and self.peek(1) is not None
            and (re.fullmatch(r"[A-Za-z]", self.peek(1) or "") or self.peek(1) in _GREEK)
        ):
            self.take()
            ref = self.name_ref()
            return Ref(ref.name, True, ref.sample, ref.indices)
        if re.fullmatch(r"[A-Za-z]", tok) or tok in _GREEK:
            ref = self.name_ref()
            if ref.name in self.gradient_names and not ref.indices:
                return Ref(self.gradient_names_target, True, ref.sample)
            if ref.name in self.gradient_names and len(ref.indices) == 2:  # Δ_{n,j}, Δ_{n,:}
                return Ref(self.gradient_names_target, True, ref.sample, ref.indices)
            one = ref.indices[0] if len(ref.indices) == 1 and ref.sample is None else ""
            if f"{ref.name}_" in self.gradient_names and re.fullmatch(r"[a-z]", one):
                return Ref(self.gradient_names_target, True, one)  # G_n: sample n's block
            return ref
        raise Unread(f"{tok} is not read in a matrix formula")

    gradient_names_target = ""

    def sub_parser(self, toks: list[str]) -> Parser:
        sub = Parser("", self.gradient_names)
        sub.toks = toks
        sub.gradient_names_target = self.gradient_names_target
        return sub

    def name_ref(self) -> Ref:
        """A letter with its word tag (``_{\\text{mat}}``), sample (``^{(n)}``), transpose
        left in place for :meth:`factor`, and entry indices."""
        src = self
        letter = src.take()
        name = _GREEK.get(letter, letter)
        sample: str | None = None
        indices: tuple[str, ...] = ()
        while src.peek() in ("_", "^"):
            mark = src.peek()
            if mark == "^" and src.peek(1) == "\\top":
                src.pos += 2  # X^\top_{\text{col}}: the transpose read after the name
                self.pending_transpose = True
                continue
            src.take()
            body = src.group_text()
            joined = "".join(body)
            tag = _TAG.fullmatch(joined)
            if mark == "_" and tag:
                name = f"{name}_{tag.group(1)}"
                continue
            if mark == "_" and joined in WORD_TAGS:  # X_{col}: the word, not c, o, l
                name = f"{name}_{joined}"
                continue
            word = re.fullmatch(r"([A-Za-z]+),([a-z])", joined)
            if mark == "_" and word and word.group(1) in WORD_TAGS and sample is None:
                name, sample = f"{name}_{word.group(1)}", word.group(2)  # X_{col,n}: image n's
                continue
            m = re.fullmatch(r"\(([a-z])\)(\\top)?", joined)
            if mark == "^" and m:
                sample = m.group(1)
                if m.group(2):  # X^{(n)\top}: the sample's transpose, read by factor()
                    self.pending_transpose = True
                continue
            if mark == "_" and not indices:
                indices = _indices(body)
                continue
            raise Unread(f"{mark}{{{joined}}} on {name} is not read")
        return Ref(name, False, sample, indices)

    def fraction(self):
        self.take("\\frac")
        top = self.group_text()
        bottom = self.group_text()
        if top[:1] == ["d"] and bottom[:1] == ["d"] and len(top) == 2:
            top, bottom = ["\\partial", *top[1:]], ["\\partial", *bottom[1:]]  # dL/dW
        if "\\partial" in top:
            if top[0] != "\\partial" or "".join(top[1:]) not in {t.replace(" ", "") for t in _LOSS}:
                raise Unread("a derivative of something other than the loss")
            if bottom[:1] != ["\\partial"]:
                raise Unread("a derivative without ∂ below")
            inner = self.sub_parser(bottom[1:])
            ref = inner.name_ref()
            if inner.peek() is not None:
                raise Unread("the variable of a derivative is not one matrix")
            return Ref(ref.name, True, ref.sample, ref.indices)
        num, den = self.sub_parser(top), self.sub_parser(bottom)
        a, b = num.expr(), den.expr()
        if num.peek() is not None or den.peek() is not None:
            raise Unread("a fraction is not read")
        return Node("div", (a, b))

    def slash_gradient(self):
        """``\\partial L/\\partial x``."""
        self.take("\\partial")
        loss = self.take()
        if loss not in _LOSS:
            raise Unread("a derivative of something other than the loss")
        self.take("/")
        self.take("\\partial")
        ref = self.name_ref()
        return Ref(ref.name, True, ref.sample, ref.indices)

    def summation(self):
        self.take("\\sum")
        self.take("_")
        low = self.group_text()
        self.take("^")
        high = "".join(self.group_text())
        if len(low) < 3 or low[1] != "=" or not re.fullmatch(r"[a-z]", low[0]):
            raise Unread("a sum without index = start")
        body = self.term()
        return Node("sum", (body,), index=low[0], bounds=("".join(low[2:]), high))


def _indices(body: list[str]) -> tuple[str, ...]:
    """``nk`` -> (n, k); ``n,k`` -> (n, k); ``0,:`` -> (0, :); single letters or numbers."""
    parts: list[str] = []
    current = ""
    for tok in body:
        if tok == ",":
            parts.append(current)
            current = ""
        elif re.fullmatch(r"[a-z]|:|\d+", tok) and not current:
            current = tok
        elif re.fullmatch(r"[a-z]", tok) and current and "," not in body:
            parts.append(current)
            current = tok
        else:
            raise Unread(f"the index {''.join(body)} is not read")
    parts.append(current)
    if any(not p for p in parts):
        raise Unread("an empty index")
    return tuple(parts)


def parse(text: str, gradient_names: frozenset[str] = frozenset(), target: str = "") -> list:
    """The sides of an equation ``a = b (= c ...)`` as trees (see :class:`Node`)."""
    parser = Parser(text, gradient_names)
    parser.gradient_names_target = target
    return parser.equation()
