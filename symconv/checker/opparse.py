"""Reading operator-level claims: ``dX = \\operatorname{pad}_1(dY) \\star \\operatorname{rot}(W)``.

A small recursive-descent parser of its own (the LaTeX is tokenized, never evaluated) turns
one side of an equation into a tree of :class:`Op` nodes, judged by :mod:`.operators`:

=======================================  ===========================================
written                                  node
=======================================  ===========================================
``dx``, ``\\frac{\\partial L}{\\partial X}``  ``Op("tensor", ("X", True))``, a gradient
``x``, ``\\mathbf{W}``, ``\\delta``, ``G``    ``Op("tensor", (role, grad))``
``A \\star B``, ``A * B``, ``A \\otimes B``  ``Op("bin", (symbol, options), A, B)``
``\\operatorname{conv}(A, B)``            ``Op("bin", ("conv", ()), A, B)`` (also ``corr``)
``\\operatorname{pad}_p(A)``, ``rot``, …   ``Op("pad", (p,), A)`` (``None`` without p)
``A^T``, ``A^\\top``                       ``Op("T", (), A)``
``\\sum_{n,i,j} A``                       ``Op("sum", ("n", "i", "j"), A)``
``A + B``, ``A B``, ``A \\cdot B``         ``Op("add", …)``, ``Op("mat", …)``
=======================================  ===========================================
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from symconv.checker.limits import NotUnderstood
from symconv.checker.notation_options import LOSS_LETTERS, Notation
from symconv.checker.refs import SAMPLE_LETTERS
from symconv.checker.transposed_call import NAMES as TRANSPOSED
from symconv.checker.transposed_call import parse_call, transposed_operator

_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|[A-Za-z]|\d+|\S")
_DROP = {
    "\\left",
    "\\right",
    "\\displaystyle",
    "\\,",
    "\\;",
    "\\!",
    "\\:",
    "\\ ",
    "\\quad",
    "\\qquad",
    "&",
    "\\big",
    "\\Big",
    "\\bigl",
    "\\bigr",
    "\\Bigl",
    "\\Bigr",
    ".",
}
_FONTS = {
    "\\mathbf",
    "\\boldsymbol",
    "\\bm",
    "\\mathrm",
    "\\mathit",
    "\\mathsf",
    "\\vec",
    "\\mathbb",
    "\\hat",
    "\\tilde",
    "\\bar",
}
_NAMED = {"\\operatorname", "\\text", "\\mathrm", "\\textrm", "\\mathop", "\\textup"}
# \convolve: what the notes' prose defines their \ast as ("with $\ast$ the true
# convolution"), substituted by the judging before the claim is read
CONVOLVE = "\\convolve"
BINARY = {"\\star", "*", "\\ast", "\\otimes", "\\circledast", CONVOLVE}
UNARY = {
    "pad": "pad",
    "rot": "rot",
    "rot180": "rot",
    "flip": "rot",
    "dilate": "dilate",
    "dil": "dilate",  # dil_2(g): the same zeros between neighbours
    "full": "full",
    "crop": "crop",
}
FUNCTIONS = {"conv": "conv", "corr": "corr", "xcorr": "corr", "conv2d": "conv", "corr2d": "corr"}
_ZERO_PAD = {"zero_pad", "zeropad", "zero_padding"}
# one name for the full mode and the operation: full_conv(G, K) = conv(G, K, 'full')
_FULL_NAMED = {
    "full_conv": "conv",
    "fullconv": "conv",
    "conv_full": "conv",
    "full_convolution": "conv",
    "full_corr": "corr",
    "fullcorr": "corr",
    "corr_full": "corr",
    "full_xcorr": "corr",
    "full_correlation": "corr",
}
# names written in plain letters (zero\_pad(A), conv(A, B)) read as \operatorname{...}
_SPELLED = (
    _ZERO_PAD
    | set(FUNCTIONS)
    | set(_FULL_NAMED)
    | {"pad", "rot", "rot180", "flip", "dilate", "dil", "crop"}
)
_TRANSPOSE = {"T", "\\top", "\\intercal", "\\mathsf{T}"}
# letters many notes use for a layer's tensors beside the notation's own
_EXTRA_LETTERS = {"K": "W", "I": "X", "Y": "Z", "O": "Z", "G": "G", "\\delta": "G", "\\Delta": "G"}


@dataclass(frozen=True)
class Op:
    kind: str
    params: tuple = ()
    args: tuple[Op, ...] = ()


def tokens(text: str) -> list[str]:
    return [t for t in _TOKEN.findall(text) if t not in _DROP]


def sides(text: str) -> list[list[str]] | None:
    """The two sides of ``A = B`` (tokens), or None when the text is not one equation."""
    toks = tokens(text)
    depth, cut = 0, []
    for k, t in enumerate(toks):
        depth += (t in "({[") - (t in ")}]")
        if t == "=" and depth == 0:
            cut.append(k)
    if len(cut) != 1:
        return None
    return [toks[: cut[0]], toks[cut[0] + 1 :]]


def has_operator(toks: list[str]) -> bool:
    """Does this side use an operator of whole tensors (not an element-wise sum)?"""
    text = " ".join(toks)
    if any(t in BINARY for t in toks) or "\\operatorname" in toks:
        return True
    if re.search(r"\^ (\{ )?(T|\\top|\\intercal)\b", text):
        return True
    if re.search(r"\\sum (_ (\{ [^{}]* \}|\S+) )?(?!\^|_)", text):
        return True  # \sum_{n,i,j} dZ: a sum without bounds, over whole axes
    return bool(
        re.search(
            r"\\(?:text|mathrm|textrm) \{ (r o t|f l i p|p a d|c o n v|c o r r|f u l l)", text
        )
    )


_SIZE = re.compile(r"^([kKfFsSpP])([+-]\d+)?$")
_SIZE_OF = {
    "k": "kernel",
    "K": "kernel",
    "f": "kernel",
    "F": "kernel",
    "s": "stride",
    "S": "stride",
    "p": "padding",
    "P": "padding",
}


# *_{stride2}, *_{stride=2}, \star_{dilation 2}: the words some notes write for s, d, g
_OPTION_WORDS = re.compile(r"(stride|dilation|groups?)=?(\d+)")


def _options(symbol: str, sub: str) -> tuple[tuple[str, int | str], ...]:
    """``s=2,d=2,g=6`` (or a bare ``2``, the stride; or ``stride2``) as (key, value) pairs."""
    found = []
    for part in sub.split(","):
        word = _OPTION_WORDS.fullmatch(part)
        if word:
            part = f"{word.group(1)[0]}={word.group(2)}"
        key, _, value = part.rpartition("=") if "=" in part else ("s", "=", part)
        if key in ("s", "d", "g") and value.lower() == key:  # \otimes_s: the layer's own
            found.append((key, key))
            continue
        if key not in ("s", "d", "g") or not value.isdigit():
            raise NotUnderstood(
                f"{symbol}_{{{sub}}}: the rule is s=stride, d=dilation, g=groups, each a number"
            )
        found.append((key, int(value)))
    return tuple(found)


def _mode_word(sub: str) -> str | None:
    """``full`` or ``valid`` when an operator's subscript names its mode (``*_{\\text{full}}``,
    ``\\star_{\\mathrm{valid}}``, ``\\ast_{full}``), else None."""
    word = re.sub(r"\\(?:text|mathrm|textrm|operatorname|mathsf)|[{}'\" ]", "", sub).lower()
    return word if word in ("full", "valid") else None


class Parser:
    def __init__(self, toks: list[str], notation: Notation) -> None:
        self.toks, self.pos, self.notation = toks, 0, notation
        self.layers: set[int] = set()  # layer offsets written as superscripts (l, l-1)

    # ------------------------------------------------------------------ helpers
    def peek(self, ahead: int = 0) -> str | None:
        k = self.pos + ahead
        return self.toks[k] if k < len(self.toks) else None

    def take(self, expected: str | None = None) -> str:
        tok = self.peek()
        if tok is None or (expected is not None and tok != expected):
            raise NotUnderstood(
                f"expected {expected or 'more'} in an operator claim, found {tok or 'the end'}"
            )
        self.pos += 1
        return tok

    def group(self) -> list[str]:
        """``{...}`` as its tokens, or one token."""
        if self.peek() != "{":
            return [self.take()]
        self.take("{")
        depth, out = 1, []
        while True:
            tok = self.take()
            depth += (tok == "{") - (tok == "}")
            if depth == 0:
                return out
            out.append(tok)

    # ------------------------------------------------------------------ grammar
    def whole(self) -> Op:
        node = self.expr()
        if self.peek() is not None:
            raise NotUnderstood(f"{self.peek()} is not understood in an operator claim")
        return node

    def expr(self) -> Op:
        if self.peek() == "-":  # -full(dZ) \star W: a sign error is still a claim
            self.take()
            node = Op("neg", (), (self.product(),))
        else:
            node = self.product()
        while self.peek() in ("+", "-"):
            sign = self.take()
            right = self.product()
            node = Op("add", (sign,), (node, right))
        return node

    def product(self) -> Op:
        node = self.postfix()
        while True:
            tok = self.peek()
            if tok in BINARY and self._transposed_operator():  # G \star^{T}_{2,1} W
                node = transposed_operator(self, tok, node)
            elif tok in BINARY:
                self.take()
                options: tuple[tuple[str, int | str], ...] = ()
                mode = "valid"
                if self.peek() == "_":  # \star_{s=2,d=2,g=6}: stride, dilation, groups
                    self.take()
                    sub = "".join(self.group())
                    mode = _mode_word(sub) or ""
                    options = () if mode else _options(tok, sub)
                node = Op("bin", (tok, options), (node, self.postfix()))
                if mode == "full":  # *_{\text{full}}: the same operation, full mode
                    node = Op("full", (None,), (node,))
            elif tok in ("\\cdot", "\\times"):
                self.take()
                node = Op("mat", (), (node, self.postfix()))
            elif tok is not None and tok not in ("+", "-", ")", "}", ",", "]"):
                node = Op("mat", (), (node, self.postfix()))
            else:
                return node
            node = _broadcast(node)

    def _transposed_operator(self) -> bool:
        """``\\star^{T}``, ``\\ast^\\top`` next: the transposed convolution's symbol."""
        if self.peek(1) != "^":
            return False
        sup = self.peek(2)
        if sup == "{":
            k = self.pos + 3
            inside = []
            while k < len(self.toks) and self.toks[k] != "}":
                inside.append(self.toks[k])
                k += 1
            sup = "".join(inside)
        return sup in _TRANSPOSE

    def postfix(self) -> Op:
        node = self.primary()
        while self.peek() == "^":
            self.take()
            sup = self.group()
            if "".join(sup) in ("\\text{pad}", "\\mathrm{pad}", "pad"):
                node = Op("xpad", (), (node,))  # I^{\text{pad}}: the layer's padding
                continue
            if "".join(sup) not in _TRANSPOSE and sup != ["\\mathsf", "{", "T", "}"]:
                raise NotUnderstood(f"the power ^{{{''.join(sup)}}} of a tensor is not understood")
            node = Op("T", (), (node,))
        return node

    def primary(self) -> Op:
        tok = self.peek()
        if tok in ("(", "["):
            self.take()
            node = self.expr()
            self.take(")" if tok == "(" else "]")
            return node
        if tok == "{":
            self.take()
            node = self.expr()
            self.take("}")
            return node
        if tok == "\\sum":
            return self.sum()
        if tok in _NAMED:
            self.take()
            name = "".join(self.group())
            return self.named(name)
        if tok == "\\frac":
            return self.frac()
        if tok == "\\overleftarrow":  # \overleftarrow{w}: the kernel read backwards, its
            self.take()  # flip (a 1-D kernel's rot180), as signal-processing notes write it
            return Op("rot", (None,), (self.primary(),))
        spelled = self.spelled_name()
        if spelled is not None:
            return self.named(spelled)
        return self.tensor()

    def spelled_name(self) -> str | None:
        """``zero\\_pad(`` written in plain letters: the name, its tokens taken, or None."""
        k, letters = self.pos, []
        while self.peek(k - self.pos) is not None and (
            (self.toks[k].isalpha() and len(self.toks[k]) == 1) or self.toks[k] == "\\_"
        ):
            letters.append("_" if self.toks[k] == "\\_" else self.toks[k])
            k += 1
        name = "".join(letters)
        if k >= len(self.toks) or self.toks[k] != "(" or name.lower() not in _SPELLED:
            return None
        self.pos = k
        return name

    def sum(self) -> Op:
        self.take("\\sum")
        letters: tuple[str, ...] = ()
        if self.peek() == "_":
            self.take()
            letters = tuple(t for t in self.group() if t != ",")
        if self.peek() == "^":
            raise NotUnderstood("a sum with bounds is an element-wise claim, not an operator")
        return Op("sum", letters, (self.postfix(),))

    def named(self, name: str) -> Op:
        param: str | None = None
        sup: list[str] = []
        for _ in range(2):  # _{p} and ^{\circ} in either order
            if self.peek() == "_":
                self.take()
                param = "".join(self.group())
            elif self.peek() == "^" and self.peek(1) != "T":
                self.take()
                sup = self.group()
        key = name.lower().replace("\\_", "_")  # \operatorname{full\_conv}
        if sup and UNARY.get(key) in ("pad", "dilate", "crop"):
            # pad^{\leftarrow}_2(x), pad^{L}: a mark the symmetric padding has no room for
            # (the left side only, of a causal layer); read as pad_2 it pads both sides
            raise NotUnderstood(f"{name}^{{{''.join(sup)}}}: the superscript is not read")
        if key in TRANSPOSED and param is None:  # conv_transpose2d(dY, W, stride=2, ...)
            return parse_call(self, name)
        if key in _FULL_NAMED:
            if param is not None or not self._two_arguments():
                raise NotUnderstood(f"{name}: two arguments and no options are read")
            return self.function(name, key, "full")
        if key in _ZERO_PAD:  # zero_pad(a_prev): the input padded by the layer's padding
            arg = self.primary()
            if arg != Op("tensor", ("X", False)):
                raise NotUnderstood(f"{name}(...): only the input is zero-padded")
            return Op("xpad", (), (arg,))
        if key in FUNCTIONS or (key == "full" and self._two_arguments()):
            return self.function(name, key, param)
        if key not in UNARY:
            raise NotUnderstood(f"the operator {name} is not understood")
        kind = UNARY[key]
        if kind == "rot":
            param = None  # rot_{180}, rot_{180^\circ}: the angle, not a size
        arg = self.primary()
        value = None
        symbolic = _SIZE.match(param or "")
        if symbolic and kind != "rot":  # pad_{k-1}, dilate_{s}: the layer's own sizes
            letter, offset = symbolic.groups()
            return Op(kind, (("size", _SIZE_OF[letter], int(offset or 0)),), (arg,))
        if param is not None:
            parts = param.split(",")
            if not all(p.isdigit() for p in parts) or len(parts) not in (1, 2, 4):
                raise NotUnderstood(f"{name}_{{{param}}}: the size must be a number")
            value = int(param) if len(parts) == 1 else tuple(int(p) for p in parts)
        return Op(kind, (value,), (arg,))

    def _two_arguments(self) -> bool:
        """``full(G, K)``: a comma at the top level of the parentheses that follow."""
        if self.peek() != "(":
            return False
        depth = 0
        for tok in self.toks[self.pos :]:
            depth += (tok in "({[") - (tok in ")}]")
            if depth == 0:
                return False
            if tok == "," and depth == 1:
                return True
        return False

    def function(self, name: str, key: str, param: str | None) -> Op:
        """``conv(A, B)``, ``corr(A, B)``, ``full(A, B)`` (the full convolution, as
        MATLAB's conv2(A, B, 'full') and lecture notes name it), with a mode written as
        ``conv_{full}``, ``conv(A, B, \\text{full})`` or ``conv(A, B, 'full')``."""
        self.take("(")
        left = self.expr()
        self.take(",")
        right = self.expr()
        modes = [param] if param is not None else []
        if self.peek() == ",":
            self.take()
            words = []
            while self.peek() not in (")", None):
                words.append(self.take())
            modes.append("".join(w for w in words if w not in ("'", '"', "`", "{", "}")))
        self.take(")")
        mode = "full" if key == "full" else "valid"
        for written in modes:
            word = written.replace(r"\text", "").replace(r"\mathrm", "").strip("{}'")
            if word.lower() not in ("full", "valid"):
                raise NotUnderstood(f"{name} with the mode {written!r}: full or valid is read")
            mode = word.lower()
        symbol = "conv" if key == "full" else _FULL_NAMED.get(key) or FUNCTIONS[key]
        node = Op("bin", (symbol, ()), (left, right))
        return Op("full", (None,), (node,)) if mode == "full" else node

    def frac(self) -> Op:
        self.take("\\frac")
        top, bottom = self.group(), self.group()
        if "".join(top).isdigit() and "".join(bottom).isdigit():
            return self.constant(Fraction(int("".join(top)), int("".join(bottom))))
        if top[:1] == ["d"] and bottom[:1] == ["d"]:  # \frac{dL}{dW}: the same derivative
            top, bottom = ["\\partial", *top[1:]], ["\\partial", *bottom[1:]]
        if top[:1] != ["\\partial"] or bottom[:1] != ["\\partial"]:
            raise NotUnderstood("a fraction that is not a derivative of the loss")
        loss = "".join(
            t for t in top[1:] if t not in ("{", "}") and t not in _FONTS and t != "\\mathcal"
        )
        if loss not in LOSS_LETTERS:
            raise NotUnderstood(f"the derivative of {loss} is not one of the loss")
        inner = Parser(bottom[1:], self.notation)
        node = inner.tensor()
        if inner.peek() is not None or node.kind != "tensor" or node.params[1]:
            raise NotUnderstood("the derivative is not taken with respect to a whole tensor")
        return Op("tensor", (node.params[0], True))

    def constant(self, value: Fraction) -> Op:
        """``\\frac{1}{4}\\,\\mathbf{1}``: the kernel whose every weight is ``value``
        (average pooling's, as symconv prints it)."""
        font = self.take()
        if (
            font not in ("\\mathbf", "\\mathbb", "\\boldsymbol", "\\bm")
            or self.group() != ["1"]
            or value == 0
        ):
            raise NotUnderstood(
                "a number times a tensor is read only as c·1, a kernel whose every weight is c"
            )
        return Op("const", (value,))

    def tensor(self) -> Op:
        tok = self.take()
        if tok in _FONTS:
            inner = [t for t in self.group() if t not in _FONTS]
            tok = "".join(inner)
            if tok == "1":  # b\,\mathbf{1}, b \mathbb{1}_{4 \times 4}: the bias broadcast
                if self.peek() == "_":
                    self.take()
                    self.group()
                return Op("ones")
        grad = False
        if (
            tok == "d"
            and self.peek() is not None
            and self.peek() not in BINARY
            and (self.peek().isalpha() or self.peek() in _FONTS)
        ):
            grad = True
            tok = self.take()
            if tok in _FONTS:
                tok = "".join(self.group())
        if self.peek() == "^" and self.peek(1) == "{" and self.peek(2) in ("[", "("):
            self.take()
            mark = self.group()  # Z^{[2]}, a^{(l)}: the layer's number, not a power
            if len(mark) == 3 and mark[1] in SAMPLE_LETTERS:
                # X^{(m)}: one example of a batch (refs.sample_index), not the layer's X
                raise NotUnderstood(
                    f"{tok}^{{{''.join(mark)}}}: one sample's whole tensor is not read"
                )
        role = (
            self.notation.letters.get(tok)
            or _EXTRA_LETTERS.get(tok)
            or _case_fold(tok, self.notation)
        )
        if self.peek() == "^":
            self.layer_mark(role)
        if role is None:
            raise NotUnderstood(f"{tok} is not a tensor of this layer")
        padded = False
        if self.peek() == "_":
            self.take()
            sub = "".join(self.group())
            if sub == "prev" and role == "X":  # a_{prev}: the previous layer's activation
                return Op("tensor", (role, grad))
            if sub not in ("\\text{pad}", "\\mathrm{pad}", "pad", "p"):
                raise NotUnderstood("an indexed entry inside an operator claim")
            padded = True  # X_{\text{pad}}: the input padded by the layer's padding
        node = Op("tensor", ("Z", True)) if role == "G" else Op("tensor", (role, grad))
        return Op("xpad", (), (node,)) if padded else node

    def layer_mark(self, role: str | None) -> None:
        """``Z^l``, ``A^{l-1}``: which layer, read and kept to compare (the input is the
        previous layer's, every other tensor this layer's)."""
        k = self.pos + 1
        sup = (
            self.toks[k + 1 : self.toks.index("}", k)]
            if self.peek(1) == "{" and "}" in self.toks[k:]
            else self.toks[k : k + 1]
        )
        word = "".join(sup)
        found = _LAYER.fullmatch(word)
        if found is None:
            return  # a power or a transpose: postfix() decides
        self.pos = k + (len(sup) + 2 if self.peek(1) == "{" else 1)
        offset = int(found.group(1) or 0) + (role == "X")
        self.layers.add(offset)
        if len(self.layers) > 1:
            raise NotUnderstood(
                "tensors of different layers (the input is A^{l-1}, the "
                "kernel, bias and output W^l, b^l, Z^l)"
            )


_LAYER = re.compile(r"l([+-]\d)?")


def _broadcast(node: Op) -> Op:
    r"""``b \mathbf{1}``, ``\mathbf{1} b``, ``\mathbf{1} b^T``: the bias added at every
    output position (which products are valid depends on the layer: the builder decides)."""
    if node.kind != "mat" or Op("ones") not in node.args:
        return node
    ones_first = node.args[0] == Op("ones")
    other = node.args[1] if ones_first else node.args[0]
    bias = Op("tensor", ("b", False))
    if other == Op("T", (), (bias,)):
        return Op("bias1", ("1bT" if ones_first else "bT1",))
    if other != bias:
        raise NotUnderstood("a matrix of ones times something other than the bias")
    return Op("bias1", ("1b" if ones_first else "b1",))


def _case_fold(tok: str, notation: Notation) -> str | None:
    """``A`` for the matrix whose entries the notes write ``a_{ij}`` (and the reverse)."""
    if len(tok) != 1 or not tok.isalpha():
        return None
    other = tok.lower() if tok.isupper() else tok.upper()
    role = notation.letters.get(other)
    return role if role in ("X", "W", "b", "Z") else None


def parse_side(toks: list[str], notation: Notation, layers: set[int] | None = None) -> Op:
    parser = Parser(toks, notation)
    if layers is not None:
        parser.layers = layers  # one set for both sides of the claim
    return parser.whole()
