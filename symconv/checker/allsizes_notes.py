"""What a document about symbolic sizes has said so far, and the bounds it names.

Notes that derive the input gradient often sum between bounds they name and define later,
``\\sum_{i=i_{lower}}^{i_{upper}} ...`` "where ``i_{lower} = \\lfloor (p-f_r)/s + 1
\\rfloor``, ...".  Such a definition is a claim: the bound must be the first (last) ``i``
for which the sum's terms read the kernel inside it (or, equally right, every tensor
inside it).  It is judged by brute force over ``i`` at every set of sizes and every entry
of the sum's left side (:func:`judge_bound`); the sum itself is judged with the defined
bounds, a term past a tensor's end counting zero (:mod:`.allsizes_eval`).

:class:`GeneralState` is the runner's memory of a document's general claims: the
parameters made symbols so far (it is the set :func:`.allsizes.judge_general` was always
given), the index base the sums show, and the document's text for definitions stated
after their use.
"""

from __future__ import annotations

import functools
import re

from symconv.checker import lexicon
from symconv.checker.allsizes_eval import (
    ClaimError,
    Evaluator,
    Instance,
    assignments,
    instances,
)
from symconv.checker.allsizes_parse import Node, delta_is_gradient, parse, walk
from symconv.checker.context import finding
from symconv.checker.limits import NotUnderstood
from symconv.checker.report import SIZE_SPECIFIC, VERIFIED, WRONG

_WORDS = "lower|upper|low|high|min|max|start|end|lo|hi|first|last"
BOUND = re.compile(rf"^[a-z]_(?:{_WORDS})$")  # a parsed bound name: i_lower, j_max
_BOUND_TEXT = re.compile(
    rf"^\s*[a-z]_\{{?\s*(?:\\(?:text|mathrm|operatorname)\{{)?\\?(?:{_WORDS})\}}?\}}?\s*="
)


_STRIDE_ONE = re.compile(  # "stride 1", "paso 1", "ストライド 1", "$s = 1$"
    rf"(?:step|{lexicon.STRIDE}|{lexicon.STRIDE_CJK})\s*(?:\$\s*s\s*=\s*)?\$?\s*1\b|"
    r"unit stride|\$s\s*=\s*1\$",
    re.I,
)
_STRIDE_S = re.compile(r"\bstride (?:is |of |)\$?s\$?(?![\w=])", re.I)
_NO_PADDING = re.compile(  # "no padding", "sin relleno", "ohne Padding", "$p = 0$"
    rf"\b(?:{lexicon.NEGATION}) (?:zero[- ])?(?:{lexicon.PADDING})|\$\s*[pP]\s*=\s*0\s*\$|"
    r"padding (?:of )?\$?0\b",
    re.I,
)


# prose presenting the next formula as a slip, not as the case it states
_SLIP = re.compile(
    r"\b(?:silently|implicitly|wrongly|mistaken\w*|incorrect\w*|slip|mistake|error|"
    r"wrong|forget\w*|forgot\w*|olvid\w*|err[oó]ne\w*|equivoc\w*|falsa|incorrecta)\b",
    re.I,
)
_PADDING_P = re.compile(
    r"\b(?:zero[- ])?padding (?:is |of )?\$\s*p\s*(?:\$|\\ge)|"
    r"\$\s*p\s*\$ zeros? of (?:zero[- ])?padding|\brelleno (?:es |de )?\$\s*p\s*(?:\$|\\ge)",
    re.I,
)
MAX_POOL = re.compile(r"\bmax(?:imum)?[- ]?pool|agrupaci\w+ m[áa]xim|pooling m[áa]xim", re.I)
_AVG_POOL = re.compile(
    r"\b(?:average|avg|mean)[- ]?pool|agrupaci\w+ (?:promedio|media)|pooling (?:promedio|medio)",
    re.I,
)
POOL_STRIDE = re.compile(
    r"\b(?:stride|paso)\s*(?:of\s*|de\s*|=\s*)?\$\s*k\s*\$|non-overlapping|"
    r"sin solap\w*|no se solapan|stride equal to the (?:window|kernel)",
    re.I,
)
TILED = re.compile(
    r"\$?\s*k\s*\$?\s*divid(?:ing|es)|divisible|\beven\b|m[úu]ltiplos? de|\bpares\b",
    re.I,
)
# "s divides H - k", "H - K divisible by S", "a multiple of the stride", "(H-K)/S is an
# integer", "S divide a H - K": the stride fits the input exactly
STRIDE_FITS = re.compile(
    r"\bdivid(?:es|ing|e)\b|divisible|multiple of|m[úu]ltiplo|is an integer|es (?:un )?entero|"
    # the same in Portuguese, Spanish, French, Italian, German, Chinese, Japanese, Korean:
    # "com $S$ dividindo $N - K$", "$s$ dividiendo a $H - k$", "$s$ divisant $H - k$",
    # "divisível", "divisibile", "$s$ teilt $H - k$", "teilbar", "$H - k$ 能被 $s$ 整除",
    # "$s$ で割り切れる", "$s$로 나누어떨어지는"
    r"\b(?:dividindo|dividiendo|divisant|divise|divis[íi]vel|divisibile|teilt|teilbar)\b|"
    r"整除|割り切|나누어\s*떨어|"
    r"fits exactly|exact(?:ly)? fit|encaja exact|"
    # "sizes where the last window ends on the last row", "the last window reaches the last
    # column", "die letzte Fenster(position) endet in der letzten Zeile", "la última ventana
    # termina en la última fila", "a última janela termina na última linha", "la dernière
    # fenêtre finit sur la dernière ligne": the windows cover the input to its last row, the
    # same case as s dividing H - k (none of the input's rows is left out)
    r"\blast window\b[^.;:\n]{0,40}\blast (?:row|column|entry|position|pixel)|"
    r"\bletzte\w* Fenster\w*\b[^.;:\n]{0,40}\bletzte\w* (?:Zeile|Spalte|Position)|"
    r"\b[úu]ltima ventana\b[^.;:\n]{0,40}\b[úu]ltima (?:fila|columna|posici[óo]n)|"
    r"\b[úu]ltima janela\b[^.;:\n]{0,40}\b[úu]ltima (?:linha|coluna|posi[çc][ãa]o)|"
    r"\bderni[èe]re fen[êe]tre\b[^.;:\n]{0,40}\bderni[èe]re (?:ligne|colonne|position)",
    re.I,
)
_STRIDE_FREE = re.compile(
    r"\b(?:general|any|arbitrary|every|cualquier|arbitrari\w*)\s+(?:stride|paso)|"
    r"\$\s*s\s*\$\s*(?:arbitrary|arbitrari\w*|general|cualquiera)|"
    # "ストライド $S \ge 2$", "for $s > 1$": a stride above 1, a letter still
    r"\$\s*s\s*(?:\\geq?|\\geqslant|>|\\neq?)\s*\d",
    re.I,
)
_PADDING_FREE = re.compile(
    r"\b(?:general|any|arbitrary|cualquier)\s+(?:zero[- ])?(?:padding|relleno)|"
    r"\b(?:zero[- ])?padding (?:is |of )?\$\s*p\s*(?:\$|\\ge)|"
    r"\$\s*p\s*\$\s*(?:arbitrary|arbitrari\w*|general|cualquiera)|"
    r"\$\s*p\s*(?:\\geq?|\\geqslant|>)\s*[1-9]|"  # "$P \ge 1$": some padding, a letter
    # "$P > 0$", "$p \neq 0$", "$P \ge 0$": a padding other than none (or any padding),
    # the condition "with padding $P > 0$ in the forward pass" puts on what follows
    r"\$\s*p\s*(?:>|\\gt|\\neq?|\\geq?|\\geqslant|≥|≠)\s*0(?![\d.])",
    re.I,
)
_CHOOSE = re.compile(r"\b(?:choos|choice|pick|elig|escog|tomando|taking|setting)", re.I)
_BIAS = re.compile(r"\b(?:bias|biases|sesgo|sesgos)\b", re.I)
_NO_BIAS = re.compile(r"\b(?:no|without|sin) (?:a )?(?:bias|sesgo)", re.I)


_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s|^\s*\\(?:sub)*section\*?\{")
_FENCE = re.compile(r"^\s*(?:```|~~~)")


@functools.lru_cache(maxsize=256)
def _through_section(document: str, line: int) -> str:
    """The document's text up to the end of the section holding ``line`` (1-based): every
    line before the first heading below it, a code block's ``# comment`` being no heading.
    A line of 0 (no line known) is the whole document, as before."""
    lines = document.split("\n")
    if line <= 0:
        return document
    fenced = False
    for k, text in enumerate(lines):
        if _FENCE.match(text):
            fenced = not fenced
        elif k >= line and not fenced and _MD_HEADING.match(text):
            return "\n".join(lines[:k])
    return document


@functools.lru_cache(maxsize=64)
def _says(pattern: re.Pattern[str], document: str) -> bool:
    """Whether ``pattern`` occurs in the document (searched once per document: each of its
    claims asks)."""
    return pattern.search(document) is not None


class GeneralState(set):
    """The parameters made symbols (a set, as before), and the document's memory."""

    def __init__(self) -> None:
        super().__init__()
        self.document = ""  # the whole text: definitions may follow their use
        self.base: int | None = None  # shown by a sum from 1 (or 0) to a size
        self.notation_base = 0  # the runner's inferred notation, a last resort
        self.line = 0  # the line of the statement being judged
        self.layout: str | None = None  # the layout the notes state: "hwc", "chw" or None
        self.channels_last = False  # the notes lay a map out (rows, columns, channels)
        self.choices: dict[int, Node] = {}  # line -> the padding chosen there
        self._statements: list[Node] | None = None

    def statements(self) -> list[Node]:
        """Every equation of the document the general reader can parse."""
        if self._statements is None:
            from symconv.checker.extract import scan
            from symconv.checker.split import statements

            self._statements = []
            for event in scan(self.document):
                if event.kind != "math":
                    continue
                for piece in statements(event.text):
                    try:
                        tree = parse(piece.text, self.gradient_delta())
                    except (NotUnderstood, RecursionError):
                        continue
                    if tree.kind == "chain" and set(tree.parts[1]) == {"="}:
                        self._statements.append(tree)
        return self._statements

    def gradient_delta(self) -> bool:
        """Whether the notes define \\delta as the upstream gradient (their \\delta_{i,j})."""
        return delta_is_gradient(self.document)

    def bias(self) -> bool:
        """Whether the notes write a bias anywhere (else their layer has none)."""
        bias = Node("sym", ("b",))  # b_f, or "+ b" (unless b is an index there: x_{a,b})
        if not self.document or _says(_NO_BIAS, self.document):
            return not self.document
        return _says(_BIAS, self.document) or any(
            (m.kind == "read" and m.parts[0] == "b")
            or (m.kind == "add" and bias in m.parts[0] and not _indexes(tree, "b"))
            for tree in self.statements()
            for m in _outside_indices(tree)
        )

    def chooses(self) -> bool:
        """Whether the statement's line says a size is chosen ("choosing $p = ...$")."""
        lines = self.document.split("\n")
        return 0 < self.line <= len(lines) and bool(_CHOOSE.search(lines[self.line - 1]))

    def stride_one(self) -> bool:
        """Whether the prose just above (or on) the statement's line says stride 1."""
        lines = self.document.split("\n")[max(0, self.line - 4) : max(0, self.line)]
        return bool(_STRIDE_ONE.search(" ".join(lines)))

    def assumed(self, symbolic: set[str], own: str = "") -> set[str]:
        """The parameters a claim is about, less those the prose just before it fixes
        ("for stride 1 and no padding", "(still $p = 0$)").  ``own``: the words before the
        claim on its own line, which state its case before any line above does ("Com
        padding $P > 0$ no forward, $...$" under an earlier "sem padding": a padded layer)."""
        found = set(symbolic)
        # "the stride is $s$", "the zero padding is $p$": the layer of every claim from
        # where the notes say it on (its own section included: a setup stated below the
        # formulas it sets up), not of the claims of the sections before it (an exam's
        # part (a), stride 1 and valid, is not about the padding its part (c) brings in)
        upto = _through_section(self.document, self.line)
        if _says(_STRIDE_S, upto):
            found.add("stride")
        if _says(_PADDING_P, upto):
            found.add("padding")
        freed = self._freed_by(own)
        found = (found - (self._fixed() - freed)) | freed
        found -= self._fixed_by(own)
        if not self.bias():
            found.add("nobias")
        return found

    def fixed(self, lead: str = "") -> set[str]:
        """The parameters the prose just before the claim fixes (see ``_fixed``), and those
        its own lead-in on the claim's line fixes ("With stride 1 one still has ...")."""
        own = {
            name
            for name, fix in (("stride", _STRIDE_ONE), ("padding", _NO_PADDING))
            if fix.search(lead)
        }
        return self._fixed() | own

    @staticmethod
    def _freed_by(own: str) -> set[str]:
        """The parameters the claim's own lead-in frees ("with padding $P > 0$", "for $s
        \\ge 2$"), unless it also fixes them (both named: its case is not read here)."""
        return {
            name
            for name, fix, free in (
                ("stride", _STRIDE_ONE, _STRIDE_FREE),
                ("padding", _NO_PADDING, _PADDING_FREE),
            )
            if free.search(own) and not fix.search(own)
        }

    @staticmethod
    def _fixed_by(own: str) -> set[str]:
        """The parameters the claim's own lead-in fixes ("(and $P = 0$)") and does not
        free."""
        return {
            name
            for name, fix, free in (
                ("stride", _STRIDE_ONE, _STRIDE_FREE),
                ("padding", _NO_PADDING, _PADDING_FREE),
            )
            if fix.search(own) and not free.search(own)
        }

    def _fixed(self) -> set[str]:
        """The parameters the prose fixes for the claim ("for stride 1 and no padding",
        "(still $p = 0$)"): for each, the nearest line of the section above the claim
        that speaks of it decides ("for a general stride" frees it again); nothing when
        the lines just above present the claim as a slip ("a version that silently
        assumes stride 1", "un error frecuente")."""
        lines = self.document.split("\n")[: max(0, self.line - 1)]
        if any(_SLIP.search(t) for t in lines[-3:]):
            return set()
        fixed: set[str] = set()
        for name, fix, free in (
            ("stride", _STRIDE_ONE, _STRIDE_FREE),
            ("padding", _NO_PADDING, _PADDING_FREE),
        ):
            for k in range(len(lines) - 1, -1, -1):
                if free.search(lines[k]) or (name == "stride" and _STRIDE_S.search(lines[k])):
                    break  # "for a general stride", "with stride $s$": not fixed here
                if fix.search(lines[k]):
                    fixed.add(name)
                    break
                if lines[k].lstrip().startswith("#"):
                    break  # the section's heading (read above): its prose ends here, even
                    # just above the claim ("## 4. Stride $S \ge 2$" over "$P = 0$" of §3)
        return fixed

    def nearest_pool(self) -> str | None:
        """ "max" or "avg": the pool the prose last names before the claim's line."""
        lines = self.document.split("\n")[: max(0, self.line)]
        for text in reversed(lines):
            found = [(m.start(), "max") for m in MAX_POOL.finditer(text)]
            found += [(m.start(), "avg") for m in _AVG_POOL.finditer(text)]
            if found:
                return max(found)[1]
            if text.lstrip().startswith("#"):
                break  # the section's heading: an earlier section's pool is not this one's
        return None

    def pool_case(self) -> set[str]:
        """A pool's windows as the section's prose states them: ``poolstride`` when the
        stride is the window ("stride $k$", "non-overlapping"), ``tiled`` when the
        windows cover the input exactly ("$k$ dividing $H$ and $W$", "$H$, $W$ even")."""
        prose = self._section_prose()
        found = set()
        if POOL_STRIDE.search(prose):
            found.add("poolstride")
        if TILED.search(prose):
            found.add("tiled")
        return found

    def stride_fits(self) -> bool:
        """Whether the section's prose assumes a convolution's windows cover the input
        exactly ("assume $s$ divides $H-k$", "(H - K)/S is an integer"): its claims are then
        judged at such sizes only, where the rows the last window leaves out do not exist."""
        return bool(STRIDE_FITS.search(self._section_prose()))

    def stride_general(self) -> bool:
        """Whether the section's prose states its claims for every stride ("for a general
        stride", "any stride", "$s$ arbitrary"): a closed form right only where the stride
        fits the input is then claimed where it does not."""
        return bool(_STRIDE_FREE.search(self._section_prose()))

    def _section_prose(self) -> str:
        """The document's lines from the section's heading to the claim's line (its own
        included: "- Stride $s$, $s$ dividing $H - k$: $...$" states its case before the
        claim on the same line), joined."""
        lines = self.document.split("\n")[: max(0, self.line)]
        start = len(lines) - 1
        while start > 0 and not lines[start].lstrip().startswith("#"):
            start -= 1
        return " ".join(lines[max(0, start) :])

    def definitions(self) -> dict[str, Node]:
        """``i_{lower} = expr`` stated anywhere in the document: name -> expr."""
        found: dict[str, Node] = {}
        for tree in self.statements():
            left, right = tree.parts[0][0], tree.parts[0][-1]
            if (
                left.kind == "sym"
                and BOUND.match(left.parts[0])
                and not any(m.kind in ("read", "deriv") for m in walk(right))
            ):
                found.setdefault(left.parts[0], right)
        return found

    def sum_of(self, name: str) -> tuple[str, str, Node, Node, str] | None:
        """(variable, "lower"/"upper", body, the claim's left side, name) of the sum
        bounded by ``name``."""
        for tree in self.statements():
            for m in walk(tree):
                if m.kind != "sum":
                    continue
                var, lo, hi, body = m.parts
                for side, bound in (("lower", lo), ("upper", hi)):
                    if bound == Node("sym", (name,)):
                        return var, side, body, tree.parts[0][0], name
        return None

    def index_base(self, tree: Node) -> int:
        """1 when the claim's sums run from 1, 0 from 0; else what earlier claims showed."""
        for m in walk(tree):
            if m.kind == "sum" and m.parts[1].kind == "num" and m.parts[1].parts[0] in (0, 1):
                self.base = m.parts[1].parts[0]
                break
            if (
                m.kind == "chain"
                and set(m.parts[1]) <= {"\\le", "\\leq"}
                and m.parts[0][0] == Node("num", (1,))
                and m.parts[0][-1].kind == "sym"
            ):
                self.base = 1  # 1 <= p-(i-1)s <= f_r: an index from 1 to a size
                break
        return self.base if self.base is not None else self.notation_base


def says_bias(document: str, own: str = "") -> bool | None:
    """True when the notes say their layer has a bias, False "no bias", None neither.
    ``own``: the claim's own clause ("- standard conv with bias: $P = ...$"), whose word on
    the bias is the claim's, whatever other lines of a sheet say of other layers."""
    from symconv.checker.layer_counts import bias_said  # ("with bias", "sin sesgo", ...)

    said = bias_said(own) if own else None
    if said is not None:
        return said
    if _NO_BIAS.search(document):
        return False
    built = _constructors_bias(document)  # (before the word "bias", which bias=False holds)
    if built is not None:
        return built
    return True if _BIAS.search(document) else None


# a convolution the notes build in code: PyTorch's nn.Conv2d(...), Keras' Conv2D(...)
_CONV_CALL = re.compile(
    r"\b(?:nn\.Conv(?:Transpose)?[123]d|(?:layers\.)?Conv[123]D(?:Transpose)?)\s*\(([^()]*)\)"
)
_BIAS_OFF = re.compile(r"\b(?:use_)?bias\s*=\s*(?:False|0)\b")


def _constructors_bias(document: str) -> bool | None:
    """Whether the convolutions the notes build in code have a bias, when no words drop
    it: ``nn.Conv2d(C, F, k)`` has one (PyTorch's and Keras' default), so a
    count without it is not that layer's; True when none sets ``bias=False`` /
    ``use_bias=False``, False when all do, None when they differ or there are none."""
    offs = {bool(_BIAS_OFF.search(m.group(1))) for m in _CONV_CALL.finditer(document)}
    return None if len(offs) != 1 else not offs.pop()


def _outside_indices(n: Node):
    """Every node of a tree but those inside an entry's indices."""
    yield n
    if n.kind == "read":
        return
    for part in n.parts:
        for p in part if isinstance(part, tuple) else (part,):
            if isinstance(p, Node):
                yield from _outside_indices(p)


def _indexes(tree: Node, name: str) -> bool:
    """Whether ``name`` indexes an entry somewhere in the tree."""
    return any(
        m.kind == "read" and any(Node("sym", (name,)) in walk(i) for i in m.parts[1])
        for m in walk(tree)
    )


def names_bound(text: str) -> bool:
    """Whether a statement defines a named bound (``i_{lower} = ...``)."""
    return bool(_BOUND_TEXT.match(text))


def _constraints(var: str, body: Node, target: Node, inst: Instance):
    """(kernel?, index expression, extent) of every index of the body's reads that moves
    with ``var`` and depends on nothing but the left side's indices and sizes."""
    free = {m.parts[0] for m in walk(target) if m.kind == "sym"} | set(inst.sizes)
    out = []
    for m in walk(body):
        if m.kind != "read":
            continue
        tensor, idx = m.parts
        shape = inst.layer.tensors["G" if tensor == "Z" else tensor].ids.shape
        shape = shape[len(shape) - len(idx) :]
        for expr, extent in zip(idx, shape, strict=False):
            names = {n.parts[0] for n in walk(expr) if n.kind == "sym"}
            if var in names and names - {var} <= free:
                out.append((tensor == "W", expr, extent))
    return out


def _first_last(ev: Evaluator, var: str, side: str, env: dict, cons, kernel: bool):
    if kernel and not any(is_kernel for is_kernel, _, _ in cons):
        return None
    s = ev.inst.sizes
    reach = 3 * (s["H"] + s["W"] + s["k_h"] + s["k_w"] + s["p_t"] + s["p_l"]) + 10
    found = [
        v
        for v in range(-reach, reach + 1)
        if all(
            0 <= ev.num(e, {**env, var: v}) - ev.base < extent
            for is_kernel, e, extent in cons
            if is_kernel or not kernel
        )
    ]
    if not found:
        return None
    return found[0] if side == "lower" else found[-1]


def judge_bound(
    info: tuple[str, str, Node, Node, str], claimed: Node, state: GeneralState, symbolic: set[str]
) -> dict:
    """The verdict of ``name = claimed`` for the bound of a sum of the document
    (``info``: :meth:`GeneralState.sum_of`)."""
    var, side, body, target, name = info
    base = state.index_base(target)
    typical, corner, tried = [], [], 0
    for inst in instances(symbolic, "square" in symbolic):
        ev = Evaluator(inst, base)
        cons = _constraints(var, body, target, inst)
        if not cons:
            raise NotUnderstood(f"the sum bounded by {name} reads no entry that moves with {var}")
        tried += 1
        for env in assignments(inst, target, ev):
            truths = {_first_last(ev, var, side, env, cons, k) for k in (True, False)}
            truths.discard(None)
            if not truths:
                continue  # no term at all for this entry: any bound will do
            try:
                value = ev.num(claimed, env)
            except ClaimError as exc:
                value = str(exc)
            if value not in truths:
                shown = ", ".join(f"{k} = {v}" for k, v in env.items())
                first = side == "lower"
                why = (
                    f"at {shown}, the {'first' if first else 'last'} {var} whose terms "
                    f"read the kernel inside it is {min(truths) if first else max(truths)}"
                    f", the formula gives {value}"
                )
                (typical if inst.typical else corner).append((inst, why))
                break
    return _verdict(typical, corner, tried, name)


def _verdict(typical, corner, tried, name) -> dict:
    if typical:
        inst, why = typical[0]
        return finding(
            WRONG,
            f"false: with {inst.describe()}, {why}",
            counterexample={"sizes": dict(inst.sizes), "why": why},
        )
    if corner:
        inst, why = corner[0]
        return finding(
            SIZE_SPECIFIC,
            f"holds at the typical sizes but not with {inst.describe()}: {why}",
            counterexample={"sizes": dict(inst.sizes), "why": why},
        )
    return finding(
        VERIFIED,
        f"holds at these sizes: {tried} sets of sizes (typical and "
        f"corner), every entry: {name} is where the sum's terms begin or end",
    )
