"""A worked example through a small pipeline of layers, in the notes' own letters:
``Z = X \\star W + b``, ``A = \\operatorname{ReLU}(Z)``, ``P = \\operatorname{maxpool}(A)``,
with X, W (and b) given as numbers and an upstream gradient given at some stage
(``G = \\partial L / \\partial A = [numbers]``).

The stages are the notes' own definitions (a letter defined twice differently defines no
stage); each stage's output is computed exactly (Fractions) from the numbers given for its
input, never from numbers the notes write for that output (those are the claims):

* the convolution is the valid correlation at stride 1 (the notes' \\star, unless they
  define it as the flipped convolution; a stride or padding stated for it is not read here);
* ReLU takes max(0, z) entry by entry; backward it passes dL/dA where z > 0 and 0 where
  z < 0; at z = 0 its derivative is a convention, judged only where the notes state it;
* a pool is :class:`.worked_numbers.Pool` with the window and stride the prose names; a max
  window with a tie routes as the notes state, else a claim that depends on it is not judged.

Backward, dL/d(stage input) is the chain rule through each stage from the upstream gradient
down; for the convolution dL/dW[m][n] = sum_ij dL/dZ[i][j] X[i+m][j+n], dL/db = sum dL/dZ
and dL/dX[a][b] = sum_ij dL/dZ[i][j] W[a-i][b-j].  Verdicts are about the notes' numbers
only, and say so.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from fractions import Fraction

from symconv.checker.context import finding
from symconv.checker.counterexamples import json_number
from symconv.checker.lexicon import PADDING, STRIDE
from symconv.checker.limits import NotUnderstood
from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.scalar import Scalar
from symconv.checker.syntax import parse
from symconv.checker.tie_convention import stated_tie_rule
from symconv.checker.worked_arith import _valid_correlation
from symconv.checker.worked_conv import show_matrix
from symconv.checker.worked_definitions import RULES, definitions
from symconv.checker.worked_numbers import Matrix, Pool, _sides
from symconv.checker.worked_pool_names import (
    UNREAD,
    classify,
    clean,
    numbers_in,
    numbers_of,
    pool_words,
)

# Z = X \star W + b, Z = (X * K) + b, Z = \operatorname{conv}(X, W) + b: a convolution stage
_CONV = re.compile(
    r"^(?P<out>[A-Za-z])=(?:\((?P<x>[A-Za-z])(?:\\star|\\ast|\*|\\circledast)(?P<w>[A-Za-z])\)"
    r"|(?P<x2>[A-Za-z])(?:\\star|\\ast|\*|\\circledast)(?P<w2>[A-Za-z])"
    r"|(?:\\operatorname|\\mathrm|\\text)?\{?conv\}?\((?P<x3>[A-Za-z]),(?P<w3>[A-Za-z])\))"
    r"(?:\+(?P<b>[a-z]))?$"
)
# a padding or a stride other than 1 stated in a sentence about the convolution
_CONV_WORDS = re.compile(r"conv|correlac|correlat|Faltung|filtr|kernel|n[úu]cleo", re.I)
_POOL_WORDS = re.compile(r"pool", re.I)
# (the words every prose reader knows, lexicon.py: more of them only refuses more)
_STRIDE = re.compile(rf"(?:{STRIDE})\s*(?:of|de|=|:|\$|\s)*\s*([0-9]+)", re.I)
_PADDING = re.compile(rf"(?:{PADDING})\s*(?:of|de|=|:|\$|\s)*\s*([0-9]+)", re.I)
_SAME = re.compile(r"padding\s*=\s*['\"]?same|\bsame\b[- ]padding|padding\s+['\"]?same", re.I)
# ReLU'(0) = 0 / "en z = 0 tomamos derivada 0" / "at z = 0 we take the derivative to be 1"
_AT_ZERO = re.compile(
    r"(?:ReLU|\\operatorname\{ReLU\}|\\mathrm\{ReLU\}|\\sigma|f)'\s*\(0\)\s*=\s*([01])\b"
    r"|(?:=\s*0\s*\$?|\b(?:at|en|in|bei|em)\s+(?:zero|cero|0|null)\b)[^.]{0,40}?"
    r"(?:derivad[ao]|derivative|Ableitung|d[ée]riv[ée]e|derivata|subgradient)"
    r"\s*(?:=|de|of|is|es|vale|to be|als|est|è|é)?\s*\$?\s*([01])\b",
    re.I,
)
# the prose that gives an upstream gradient rather than working it out
_GIVEN_WORDS = re.compile(
    r"\b(?:receives?|received|incoming|upstream|given|suppose|assume|let|take|from above|"
    r"from the next|llega|llegan|supongamos|sea|tomamos|desde arriba|desde la capa|dado|dada|"
    r"arriva|in arrivo|supponiamo|kommt|ankommende?|gegeben|sei|chega|suponha|re[çc]oit|"
    r"arrive|soit|venant)\b",
    re.I,
)
_LOSS = r"(?:\\mathcal\{?[LEJC]\}?|[LEJC]|\\ell)"
_IDX = r"(?:_\{(\d+),?(\d+)\}|_(\d)(\d))"
# dL/da_{12}, \partial L/\partial a_{12}: one entry of a stage's gradient
_ENTRY_GRADIENT = re.compile(
    rf"^(?:\\[dt]?frac\{{\\partial{_LOSS}\}}\{{\\partial([A-Za-z]){_IDX}\}}"
    rf"|\\partial{_LOSS}/\\partial([A-Za-z]){_IDX})$"
)
_BIAS_GRADIENT = re.compile(
    rf"^(?:\\[dt]?frac\{{\\partial{_LOSS}\}}\{{\\partial([a-z])\}}|\\partial{_LOSS}/\\partial([a-z]))$"
)
_ENTRY = re.compile(rf"^([A-Za-z]){_IDX}$")
_NUMBERS_ONLY = Scalar(lambda name: _no_name(name))


def _no_name(name: str) -> Fraction:
    raise NotUnderstood(f"{name} in a pipeline example's arithmetic")


@dataclasses.dataclass(frozen=True)
class Stage:
    """``out = kind(source)``: kind "conv" (kernel, bias letters), "relu" or "pool" (op)."""

    line: int
    out: str
    kind: str
    source: str
    kernel: str = ""
    bias: str = ""
    op: str | None = None


# a_{ij} = \max(0, z_{ij}), r_{i,j} = \operatorname{ReLU}(m_{i,j}): ReLU entry by entry
_RELU_ENTRY = re.compile(
    r"^(?P<out>[a-z])_\{?(?P<i>[a-z]),?(?P<j>[a-z])\}?="
    r"(?:\\max\(0,(?P<z>[a-z])_\{?(?P=i),?(?P=j)\}?\)"
    r"|(?:\\operatorname|\\mathrm|\\text)?\{?(?:ReLU|relu)\}?\((?P<z2>[a-z])_\{?(?P=i),?(?P=j)\}?\))$"
)


@functools.lru_cache(maxsize=4)  # asked at every statement of the document
def _conv_stages(document: str) -> tuple[Stage, ...]:
    from symconv.checker.extract import scan
    from symconv.checker.split import statements

    found = []
    for event in scan(document):
        if event.kind != "math":
            continue
        for piece in statements(event.text):
            m = _CONV.match(clean(piece.text))
            entry = _RELU_ENTRY.match(clean(piece.text)) if m is None else None
            if entry is not None and entry.group("out") != (entry.group("z") or entry.group("z2")):
                # the entry's letters name the maps (a_{ij} of A): a ReLU stage
                at = event.line + event.text[: piece.offset].count("\n")
                source = (entry.group("z") or entry.group("z2")).upper()
                found.append(Stage(at, entry.group("out").upper(), "relu", source))
                continue
            if m is None:
                continue
            x = m.group("x") or m.group("x2") or m.group("x3")
            w = m.group("w") or m.group("w2") or m.group("w3")
            if len({m.group("out"), x, w}) != 3:
                continue
            at = event.line + event.text[: piece.offset].count("\n")
            found.append(Stage(at, m.group("out"), "conv", x, w, m.group("b") or ""))
    return tuple(found)


def stages(document: str, line: int) -> dict[str, Stage]:
    """out letter -> its stage, of the definitions before ``line`` (a letter defined twice
    differently, or an activation other than ReLU, defines none)."""
    out: dict[str, Stage] = {}
    twice: set[str] = set()
    for s in _conv_stages(document):  # (and the ReLUs written entry by entry)
        if s.line >= line:
            continue
        old = out.get(s.out)
        if old is not None and old != dataclasses.replace(s, line=old.line):
            twice.add(s.out)
        out.setdefault(s.out, s)
    for d in definitions(document, line).values():
        kind = "relu" if d.kind == "relu" else "pool"
        stage = Stage(d.line, d.letter, kind, d.source, op=d.op)
        if d.letter in out and (out[d.letter].kind, out[d.letter].source) != (kind, d.source):
            twice.add(d.letter)
        out[d.letter] = stage
    return {k: v for k, v in out.items() if k not in twice}


class Pipeline:
    """The notes' stages, the numbers given before one claim, and the values they make."""

    def __init__(self, document: str, line: int, prefix: str) -> None:
        self.document, self.line, self.prefix = document, line, prefix
        self.stages = stages(document, line)
        kinds = {s.kind for s in self.stages.values()}
        if "conv" not in kinds or kinds == {"conv"}:
            raise _NoPipeline  # a convolution alone (or two): the one-layer readers'
        if sum(s.kind == "conv" for s in self.stages.values()) > 1:
            raise _NoPipeline  # two convolutions: which one a claim's W is, is not read
        self.given = [
            g
            for g in numbers_in(document)
            if (g.line < line or (g.line == line and g.source and g.source[:12] in prefix))
            and not g.derived
        ]
        self._values: dict[str, tuple[Matrix, str]] = {}

    # ------------------------------------------------------------------ forward
    def _given_value(self, letter: str) -> tuple[Matrix, str] | None:
        found = [g for g in self.given if g.kind == "value" and g.letter == letter]
        if not found:
            return None
        return found[-1].numbers, f"{letter} of line {found[-1].line}"

    def value(self, letter: str, own: bool = False) -> tuple[Matrix, str]:
        """The numbers of ``letter`` and where they come from; ``own``: computed from its
        stage's input, never the numbers given under it."""
        stage = self.stages.get(letter)
        if stage is None or (not own and self._given_value(letter) and not self._from(stage)):
            given = self._given_value(letter)
            if given is None:
                raise NotUnderstood(f"the notes give no {letter} as numbers before this claim")
            return given
        if letter in self._values:
            return self._values[letter]
        if stage.kind == "conv":
            made = self._conv(stage)
        else:
            source, where = self.value(stage.source)
            if stage.kind == "relu":
                made = [[max(v, Fraction(0)) for v in row] for row in source], where
            else:
                made = self.pool(stage, source).forward(source), where
        self._values[letter] = made
        return made

    def _from(self, stage: Stage, depth: int = 0) -> bool:
        """Whether the stage's inputs have numbers, given or made by their own stages
        (then its output is computed, and the numbers the notes write for it are claims)."""
        letters = (stage.source, stage.kernel) if stage.kind == "conv" else (stage.source,)
        for letter in letters:
            own = self.stages.get(letter)
            if own is not None and depth < len(self.stages) and self._from(own, depth + 1):
                continue
            if self._given_value(letter) is None:
                return False
        return True

    def _conv(self, stage: Stage) -> tuple[Matrix, str]:
        from symconv.checker.star_definitions import star_is_true_convolution

        if star_is_true_convolution(self.document):
            raise NotUnderstood("the notes' \\star is the flipped convolution: not read here")
        self._plain_convolution()
        x, x_at = self.value(stage.source)
        w, w_at = self.value(stage.kernel)
        bias, b_at = Fraction(0), ""
        if stage.bias:
            bias, b_at = self._bias(stage.bias)
        if len(w) > len(x) or len(w[0]) > len(x[0]):
            raise NotUnderstood(f"the notes' {stage.kernel} is larger than their {stage.source}")
        # the valid correlation through the closed-form nodes (worked_arith), plus the bias
        z = [[v + bias for v in row] for row in _valid_correlation(x, w)]
        return z, ", ".join(a for a in (x_at, w_at, b_at) if a)

    def _bias(self, letter: str) -> tuple[Fraction, str]:
        from symconv.checker.worked_numbers import given_before

        got = given_before(self.document, self.line, self.prefix).get("b")
        if letter == "b" and got is not None and len(got[0]) == 1 and len(got[0][0]) == 1:
            return got[0][0][0], f"b of line {got[1]}"
        # `b = 0.0` in a code cell: a scalar the math does not repeat
        for at, text in enumerate(self.document.split("\n")[: self.line - 1], start=1):
            m = re.fullmatch(rf"\s*{letter}\s*=\s*(-?\d+(?:\.\d+)?)\s*(?:#.*)?", text)
            if m is not None:
                return Fraction(m.group(1)), f"{letter} of line {at}"
        raise NotUnderstood(f"the notes give no number for the bias {letter}")

    def _plain_convolution(self) -> None:
        """Not understood where a sentence about the convolution states a padding or a
        stride other than 1 (the valid stride-1 correlation is the one read here)."""
        # a sentence wrapped over lines is one sentence (a blank line ends it)
        prose = re.sub(r"(?<!\n)\n(?!\n)", " ", "\n".join(self.document.split("\n")[: self.line]))
        for text in prose.split("\n"):
            for sentence in re.split(r"(?<=[.;])\s", text):
                pool = _POOL_WORDS.search(sentence)  # "conv stride 1, then a pool stride 2"
                sentence = sentence[: pool.start()] if pool else sentence
                if not _CONV_WORDS.search(sentence):
                    continue
                if (
                    any(m.group(1) != "1" for m in _STRIDE.finditer(sentence))
                    or any(m.group(1) != "0" for m in _PADDING.finditer(sentence))
                    or _SAME.search(sentence)
                ):
                    raise NotUnderstood(
                        "the notes state a stride or padding for the convolution, which is "
                        "not read for its worked example"
                    )

    def pool(self, stage: Stage, source: Matrix) -> Pool:
        words = pool_words(self.document.split("\n"), self.line, self.prefix)
        named = {o for o in (words.section_op, words.document_op) if o}
        op = stage.op or (named.pop() if len(named) == 1 else None)
        if op is None or (stage.op is not None and named and named != {stage.op}):
            raise NotUnderstood(f"which pool defines {stage.out} is not read")
        window = words.section_window or words.document_window
        if window is None or window == UNREAD:
            raise NotUnderstood(f"the window and stride of the pool of {stage.out} are not read")
        pool = Pool(op, window[0], window[1], (0, 0, 0, 0), (len(source), len(source[0])))
        pool.tie = stated_tie_rule(self.document, self.line)
        return pool

    # ------------------------------------------------------------------ backward
    def _gradient_letter(self, given) -> str | None:
        if given.letter:
            return given.letter if given.letter.upper() == given.letter else given.letter.upper()
        # G = [numbers] after "G = \partial L / \partial A": the letter it names
        name = re.match(r"\s*([A-Za-z])\s*=", given.source)
        if name is None:
            return None
        return self._named_gradients().get(name.group(1))

    def _named_gradients(self) -> dict[str, str]:
        from symconv.checker.extract import scan
        from symconv.checker.split import statements

        out: dict[str, str] = {}
        for event in scan(self.document):
            if event.kind != "math" or event.line >= self.line:
                continue
            for piece in statements(event.text):
                sides = _sides(piece.text)
                if len(sides) < 2 or not re.fullmatch(r"[A-Za-z]", clean(sides[0])):
                    continue
                kinds = [classify(s) for s in sides[1:]]
                letters = {k[1] for k in kinds if k is not None and k[0] == "gradient" and k[1]}
                if len(letters) == 1:
                    out[clean(sides[0])] = letters.pop()
        return out

    def order(self) -> list[str]:
        """The stage letters from the first stage's input to the last output."""
        outs = set(self.stages)
        last = [s for s in outs if not any(t.source == s for t in self.stages.values())]
        if len(last) != 1:
            raise _NoPipeline  # the stages do not form one chain: no pipeline read
        chain = [last[0]]
        while chain[-1] in self.stages:
            chain.append(self.stages[chain[-1]].source)
            if len(chain) > len(outs) + 1:
                raise _NoPipeline  # the stages form a loop
        return chain[::-1]

    def upstream(self) -> tuple[str, Matrix, int]:
        """(the stage letter, numbers, line) of the upstream gradient: the one given at the
        stage furthest down the chain."""
        chain = self.order()
        found, worked = [], []
        for g in self.given:
            if g.kind != "gradient":
                continue
            letter = self._gradient_letter(g)
            if letter in chain[1:]:
                (found if self._stated_as_given(g) else worked).append(
                    (chain.index(letter), letter, g)
                )
        if not found and worked:
            _, letter, g = worked[-1]
            raise NotUnderstood(
                f"the notes work dL/d{letter} out (line {g.line}) rather than give it: the "
                "upstream gradient of their stages is not read"
            )
        if not found:
            raise _NoPipeline  # dL/dP = [numbers] the first gradient given: the data
        top = max(k for k, _, _ in found)
        at_top = [(letter, g) for k, letter, g in found if k == top]
        if len({str(g.numbers) for _, g in at_top}) > 1:
            raise NotUnderstood(
                f"the notes give dL/d{at_top[0][0]} twice with different numbers: which one "
                "the claim uses is not read"
            )
        letter, g = at_top[0]
        # a lower stage's gradient given after it ("now suppose dL/dA = [...]"): a second
        # example, unless it is what the upstream one makes (then it only restates it)
        for k, lower, other in found:
            if k < top and other.line > g.line:
                made = self._descend(letter, g.numbers, lower)
                if any(
                    m is not None and m != v
                    for mr, vr in zip(made, other.numbers, strict=False)
                    for m, v in zip(mr, vr, strict=False)
                ) or (len(made), len(made[0])) != (len(other.numbers), len(other.numbers[0])):
                    raise NotUnderstood(
                        f"the notes give dL/d{lower} (line {other.line}) after dL/d{letter} "
                        f"(line {g.line}), and not as it makes it: which one the claim uses "
                        "is not read"
                    )
        return letter, g.numbers, g.line

    def _stated_as_given(self, given) -> bool:
        """Whether the prose leading to a gradient's numbers gives it ("from the next layer
        we receive", "supongamos que llega", "sea"): numbers the notes work out from their
        own loss ("la derivada de la pérdida ... vale") are a claim, never the data."""
        from symconv.checker.lead_in_settings import lead_in

        lines = self.document.split("\n")
        text = lines[given.line - 1]
        before = text[: max(text.find(given.source[:12]), 0)]
        return bool(_GIVEN_WORDS.search(f"{lead_in(lines, given.line)} {before}"))

    def gradient(self, letter: str) -> tuple[list[list[Fraction | None]], str]:
        """dL/d(letter) through the stages below the upstream gradient (None: an entry
        the notes' ReLU'(0) convention would settle, which they do not state)."""
        top, g, g_line = self.upstream()
        chain = self.order()
        if letter not in chain or chain.index(letter) >= chain.index(top):
            raise _NoPipeline  # the upstream gradient itself, or one above it: not derived
        return self._descend(top, g, letter), f"the upstream dL/d{top} of line {g_line}"

    def _descend(self, top: str, g: Matrix, letter: str) -> list[list[Fraction | None]]:
        """dL/d(letter) from dL/d(top) = g, back through the stages between them."""
        chain = self.order()
        grad: list[list[Fraction | None]] = [list(row) for row in g]
        for k in range(chain.index(top), chain.index(letter), -1):
            stage = self.stages[chain[k]]
            source, _ = self.value(stage.source)
            if stage.kind == "relu":
                grad = self._relu_back(grad, source)
            elif stage.kind == "pool":
                grad = self._pool_back(stage, source, grad)
            else:
                raise NotUnderstood("a gradient through a convolution to another stage")
        return grad

    def _relu_back(self, grad, z: Matrix):
        if (len(grad), len(grad[0])) != (len(z), len(z[0])):
            raise NotUnderstood("the upstream gradient is not the ReLU's shape")
        at_zero = self._relu_at_zero()
        return [
            [_relu_entry(g, v, at_zero) for g, v in zip(gr, zr, strict=True)]
            for gr, zr in zip(grad, z, strict=True)
        ]

    def _relu_at_zero(self) -> Fraction | None:
        found = {
            Fraction(int(m.group(1) or m.group(2)))
            for m in _AT_ZERO.finditer("\n".join(self.document.split("\n")[: self.line]))
        }
        return found.pop() if len(found) == 1 else None

    def _pool_back(self, stage: Stage, x: Matrix, grad):
        pool = self.pool(stage, x)
        if (len(grad), len(grad[0])) != pool.out:
            raise NotUnderstood(f"the upstream gradient is not the shape of {stage.out}")
        results = []
        for rule in [pool.tie] if pool.tie is not None or not pool.ties(x) else list(RULES):
            pool.tie = rule
            routes = pool.routes(x)
            results.append(
                [[_routed(routes[(a, b)], grad) for b in range(len(x[0]))] for a in range(len(x))]
            )
        # a tie no stated rule settles: the entries the rules disagree on are not judged
        return [
            [
                results[0][a][b] if all(r[a][b] == results[0][a][b] for r in results) else None
                for b in range(len(x[0]))
            ]
            for a in range(len(x))
        ]

    def conv_gradient(self, role: str) -> tuple[list[list[Fraction | None]], str]:
        """dL/dW, dL/db (1x1) or dL/dX of the convolution stage."""
        conv = next(s for s in self.stages.values() if s.kind == "conv")
        dz, where = self.gradient(conv.out)
        x, _ = self.value(conv.source)
        w, _ = self.value(conv.kernel)
        kh, kw = len(w), len(w[0])
        if (len(dz), len(dz[0])) != (len(x) - kh + 1, len(x[0]) - kw + 1):
            raise NotUnderstood("dL/dZ is not the convolution's output shape")

        def total(terms) -> Fraction | None:
            out = Fraction(0)
            for coefficient, d in terms:
                if coefficient == 0:
                    continue
                if d is None:
                    return None
                out += coefficient * d
            return out

        oh, ow = len(dz), len(dz[0])
        if role == "b":
            return [[total((1, d) for row in dz for d in row)]], where
        if role == "W":
            return [
                [
                    total((x[i + m][j + n], dz[i][j]) for i in range(oh) for j in range(ow))
                    for n in range(kw)
                ]
                for m in range(kh)
            ], where
        return [
            [
                total(
                    (w[a - i][b - j], dz[i][j])
                    for i in range(oh)
                    for j in range(ow)
                    if 0 <= a - i < kh and 0 <= b - j < kw
                )
                for b in range(len(x[0]))
            ]
            for a in range(len(x))
        ], where


def _relu_entry(g: Fraction | None, z: Fraction, at_zero: Fraction | None) -> Fraction | None:
    """dL/dz = dL/da ReLU'(z): 0 where z < 0 whatever dL/da is (even one a tie leaves
    open), dL/da where z > 0, and at z = 0 the notes' convention (None: not stated)."""
    if z < 0 or g == 0:
        return Fraction(0)
    if g is None:
        return None
    if z > 0:
        return g
    return None if at_zero is None else g * at_zero


def _routed(share: dict, grad) -> Fraction | None:
    out = Fraction(0)
    for (i, j), c in share.items():
        if grad[i][j] is None:
            return None
        out += c * grad[i][j]
    return out


class _NoPipeline(Exception):
    """The notes define no convolution followed by another stage."""


def _what(p: Pipeline, side: str) -> tuple[str, str] | None:
    """("value", letter) or ("gradient", letter / "W" / "b" / "X") a side names."""
    conv = next(s for s in p.stages.values() if s.kind == "conv")
    kind = classify(side)
    if kind is None:
        return None
    what, letter, _ = kind
    if letter is None:
        return None
    if what == "value" and letter in p.stages:
        return "value", letter
    if what == "relu" and any(s.kind == "relu" and s.source == letter for s in p.stages.values()):
        return "value", next(
            s.out for s in p.stages.values() if s.kind == "relu" and s.source == letter
        )
    if what == "gradient":
        if letter == conv.kernel:
            return "gradient", "W"
        if letter == conv.source:
            return "gradient", "X"
        if letter == conv.bias:
            return "gradient", "b"
        if (letter in p.stages and p.stages[letter].kind != "conv") or letter == conv.out:
            return "gradient", letter
    return None


def _truth(p: Pipeline, what: tuple[str, str]):
    kind, letter = what
    if kind == "value":
        stage = p.stages[letter]
        if not p._from(stage):
            return None  # its input has no numbers: its numbers are the notes' data
        values, where = p.value(letter, own=True)
        return values, f"{letter} computed from {where}", letter
    if letter in ("W", "b", "X"):
        conv = next(s for s in p.stages.values() if s.kind == "conv")
        own = {"W": conv.kernel, "b": conv.bias or "b", "X": conv.source}[letter]
        grad, where = p.conv_gradient(letter)
        return grad, f"dL/d{own} through the notes' stages from {where}", f"dL/d{own}"
    grad, where = p.gradient(letter)
    return grad, f"dL/d{letter} through the notes' stages from {where}", f"dL/d{letter}"


def _compare(claimed: Matrix, truth, what: str, where: str) -> dict:
    if (len(claimed), len(claimed[0])) != (len(truth), len(truth[0])):
        raise NotUnderstood(
            f"{what} of the notes' numbers is {len(truth)}x{len(truth[0])}, the claim "
            f"{len(claimed)}x{len(claimed[0])}: the pipeline read may not be the notes'"
        )
    open_ = []
    for r, (row, good) in enumerate(zip(claimed, truth, strict=True)):
        for c, (v, t) in enumerate(zip(row, good, strict=True)):
            if t is None:
                open_.append((r + 1, c + 1))
            elif v != t:
                shown = show_matrix([["?" if u is None else u for u in g] for g in truth])
                return finding(
                    WRONG,
                    f"entry ({r + 1}, {c + 1}) of {what} is {json_number(t)}, not "
                    f"{json_number(v)} ({where}; these numbers only); the whole: {shown}",
                )
    if open_:
        raise NotUnderstood(
            f"entry {open_[0]} of {what} depends on a convention the notes do not state "
            "(ReLU'(0), or a tied max window)"
        )
    return finding(
        VERIFIED, f"every entry of {what} computed exactly ({where}; these numbers only)"
    )


def _entry_of(p: Pipeline, head: str) -> tuple[tuple[str, str], int, int] | None:
    """(what, row, col) as written of ``a_{12}``, ``dL/da_{12}``, ``dL/dw_{22}``; ``dL/db``
    is (("gradient", "b"), 0, 0) with no index."""
    name = clean(head)
    m = _ENTRY_GRADIENT.match(name)
    if m is not None:
        groups = [g for g in m.groups() if g is not None]
        what = _what(p, rf"\frac{{\partial L}}{{\partial {groups[0].upper()}}}")
        if what is None and groups[0].upper() != groups[0]:
            what = _what(p, rf"\frac{{\partial L}}{{\partial {groups[0]}}}")
        return (what, int(groups[1]), int(groups[2])) if what else None
    m = _BIAS_GRADIENT.match(name)
    if m is not None:
        what = _what(p, rf"\frac{{\partial L}}{{\partial {m.group(1) or m.group(2)}}}")
        return (what, -1, -1) if what and what[1] == "b" else None
    m = _ENTRY.match(name)
    if m is not None:
        groups = [g for g in m.groups() if g is not None]
        what = _what(p, groups[0].upper())
        return (what, int(groups[1]), int(groups[2])) if what else None
    return None


# \sum_{i,j} g_{ij}: every entry of a tensor added up (no bounds, the entry's own two indices)
_SUM_ALL = re.compile(r"\\sum_\{?(?P<a>[a-z]),?(?P<b>[a-z])\}?(?P<t>[A-Za-z])_\{?(?P=a),?(?P=b)\}?")
_ENTRY_IN = re.compile(r"(?<![A-Za-z\\])([A-Za-z])(?:_\{(\d+),?(\d+)\}|_(\d)(\d))")


def _tensor(p: Pipeline, letter: str) -> Matrix:
    """The numbers of the tensor an entry letter names in a chain's side: a stage's (as
    computed), a given value's, or a gradient the notes name by that capital (G = dL/dA)."""
    if letter.upper() in p.stages:
        return p.value(letter.upper(), own=True)[0]
    for g in reversed(p.given):
        if g.kind == "value" and g.letter in (letter, letter.upper()):
            return g.numbers
        if g.kind == "gradient" and re.match(rf"\s*{letter.upper()}\s*=", g.source):
            return g.numbers
    raise NotUnderstood(f"{letter} in a pipeline example's arithmetic has no numbers")


def _in_numbers(p: Pipeline, side: str, base: int | None) -> str:
    """``side`` with every \\sum_{i,j} t_{ij} and entry t_{12} written as its number."""

    def number(v: Fraction) -> str:
        sign = "-" if v < 0 else ""
        return f"({sign}\\frac{{{abs(v.numerator)}}}{{{v.denominator}}})"

    def total(m: re.Match) -> str:
        return number(sum((v for row in _tensor(p, m.group("t")) for v in row), Fraction(0)))

    def entry(m: re.Match) -> str:
        if base is None:
            raise NotUnderstood("an entry in a pipeline example's arithmetic, but no index base")
        digits = [g for g in m.groups()[1:] if g is not None]
        tensor = _tensor(p, m.group(1))
        i, j = int(digits[0]) - base, int(digits[1]) - base
        if not (0 <= i < len(tensor) and 0 <= j < len(tensor[0])):
            raise NotUnderstood(f"{m.group(0)} is outside its tensor")
        return number(tensor[i][j])

    return _ENTRY_IN.sub(entry, _SUM_ALL.sub(total, side))


def _has_letters(side: str) -> bool:
    """Whether a side names anything (an entry, a sum, a tensor) besides numbers."""
    try:
        _NUMBERS_ONLY.value(parse(clean(side)))
    except (NotUnderstood, ValueError, ArithmeticError):  # (a parse error is a ValueError)
        return True
    return False


def _entry_chain(p: Pipeline, sides: list[str]) -> dict | None:
    from symconv.checker.worked_pool import notes_base

    got = _entry_of(p, sides[0])
    if got is None:
        return None
    what, r, c = got
    found = _truth(p, what)
    if found is None:
        return None
    truth, where, name = found
    if r < 0:
        r = c = 0
    else:
        base = notes_base(p.document, p.line, None)
        if base is None:
            raise NotUnderstood("an entry of a pipeline example, but the index base is not stated")
        r, c = r - base, c - base
        if not (0 <= r < len(truth) and 0 <= c < len(truth[0])):
            raise NotUnderstood(f"the entry is outside {name}")
        name = f"{name}[{r + base}][{c + base}]"
    value = truth[r][c]
    if value is None:
        raise NotUnderstood(
            f"{name} depends on a convention the notes do not state (ReLU'(0), a tied window)"
        )
    base = notes_base(p.document, p.line, None)
    values = [_NUMBERS_ONLY.value(parse(_in_numbers(p, clean(side), base))) for side in sides[1:]]
    differ = [k for k, v in enumerate(values, start=2) if v != value]
    if not differ:
        return finding(VERIFIED, f"every side is {json_number(value)}: {name} ({where})")
    listed = ", ".join(f"side {k} is {json_number(values[k - 2])}" for k in differ)
    return finding(
        WRONG,
        f"{json_number(value)}, not {json_number(values[differ[0] - 2])}: {listed}, side 1 is "
        f"{json_number(value)} ({name}, {where}; these numbers only)",
    )


def judge_pipeline(
    text: str, document: str, line: int, prefix: str = "", first: bool = False
) -> dict | None:
    """The verdict of a claim about a conv -> ReLU / pool example's numbers in the notes'
    letters (None: the notes define no such pipeline, or the claim is none of its).

    ``first``: only the convolution's own gradients (dL/dW, dL/db, dL/dX, dL/dZ) where the
    upstream gradient the notes give is a later stage's: the one-layer readers would take
    that gradient (dL/dA) for the convolution's dL/dZ, which it is not."""
    sides = _sides(text)
    if len(sides) < 2:
        return None
    try:
        return _judge(sides, document, line, prefix, first)
    except _NoPipeline:
        return None


def _judge(sides: list[str], document: str, line: int, prefix: str, first: bool) -> dict | None:
    p = Pipeline(document, line, prefix)
    if first:
        conv = next(s for s in p.stages.values() if s.kind == "conv")
        head = _entry_of(p, sides[0]) if numbers_of(sides[-1]) is None else None
        what = head[0] if head is not None else _what(p, sides[0])
        if what is None or what[0] != "gradient" or what[1] not in ("W", "b", "X", conv.out):
            return None
        p.upstream()  # none given: _NoPipeline (the one-layer readers' G is the data)
        if head is not None and any(_has_letters(side) for side in sides[1:]):
            return None  # dk_{01} = \sum_{i,j} ...: a formula, the symbolic readers' own
    claimed = numbers_of(sides[-1])
    if claimed is None:
        if any(numbers_of(s) is not None for s in sides):
            return None
        return _entry_chain(p, sides)
    names = [_what(p, s) for s in sides[:-1]]
    if any(n is None for n in names) or len(set(names)) != 1:
        return None
    what = names[0]
    assert what is not None
    found = _truth(p, what)
    if found is None:
        return None
    truth, where, name = found
    return _compare(claimed, truth, name, where)
