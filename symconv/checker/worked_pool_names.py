"""What a pooling worked example gives, under the notes' own names.

Notes write a pool's example in their own letters: "the map of entrance is $A$ ... $A =
\\begin{pmatrix} ... \\end{pmatrix}$, $G = ...$", "after the ReLU we have $A = [...]$ ...
the layer above sends back $\\frac{\\partial L}{\\partial P} = [...]$".  This module reads,
in document order, every statement ``name = [numbers]`` and classifies its left side: a
value (one letter), a gradient (``\\frac{\\partial L}{\\partial P}``, ``dP``, G, g,
\\delta), or a pool applied to a letter (``\\operatorname{maxpool}(A)``).  Which value is
the pool's input is then decided by shapes and by the claim (:mod:`.worked_pool`).

The pool itself (max or average, window, stride) is what the prose says last before the
claim ("Max pooling 2x2 with stride 2", "Take max pooling $3 \\times 3$ with stride 1", "With
average pooling instead"), never guessed: a window without its stride is not read.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from fractions import Fraction

from symconv.checker.layer_counts import _arguments
from symconv.checker.worked_definitions import derive
from symconv.checker.worked_numbers import Matrix, _sides, matrix_of
from symconv.checker.worked_vectors import vector_of

_SPACES = re.compile(r"\\[,;:! ]|\\q?quad|\s+|\\left|\\right|\\displaystyle|\\!")
_DECOR = re.compile(r"\\(?:mathbf|mathcal|boldsymbol|bm|mathrm|text)\s*\{\s*([^{}]*)\}")
_LOSS = r"(?:\\mathcal\{?[LEJC]\}?|[LEJC]|\\ell)"
# dL/dN as the notes write it, N one letter (the tensor) with no indices
_GRADIENT_OF = re.compile(
    rf"^(?:\\[dt]?frac\{{\\partial{_LOSS}\}}\{{\\partial([A-Za-z])\}}|\\partial{_LOSS}/\\partial"
    rf"([A-Za-z])|d([A-Za-z])|\\nabla_\{{?([A-Za-z])\}}?{_LOSS}|\\delta_\{{?([A-Za-z])\}}?"
    # G_P, g_{A}, \Delta_P: the gradient named by the letter it is of (G_X = dL/dX)
    r"|(?:G|g|\\Delta)_\{?([A-Za-z])\}?)$"
)
# dL/d(maxpool(A)) written with the pool call in the denominator
_GRADIENT_OF_POOL = re.compile(
    rf"^(?:\\[dt]?frac\{{\\partial{_LOSS}\}}\{{\\partial(.+)\}}|\\partial{_LOSS}/\\partial(.+))$"
)
# G, and G' / G'' for a second example's upstream gradient ("on prend un nouveau gradient
# amont : $G' = ...$"): which one a claim's entries g'_{kl} use is matched by its primes
_GRADIENT_BARE = re.compile(r"^(?:G|g|\\delta|\\Delta)'*$")
_POOL_CALL = re.compile(
    r"^(?:\\operatorname|\\text|\\mathrm)?\{?(max|avg|average|mean)[-_]?pool(?:ing)?\}?\(([A-Za-z])\)$",
    re.I,
)
_LETTER = re.compile(r"^([A-Za-z])$")
# Y_{\text{avg}}, P_{max}, A_\mathrm{pool}, Y^{\max}, Y^{\text{moy}}, P_{\text{media}}: a letter
# marked (below or above) as a pool's output, the mark naming its op in the notes' language
_MARKED_POOLED = re.compile(
    r"^([A-Za-z])[_^]\{?\\?(max|avg|mean|pool|pooled|moy|moyenne|media|promedio|mittel)\}?$",
    re.I,
)
# ReLU(Z), \max(0, Z): the activation applied entry by entry to a letter
_RELU_CALL = re.compile(
    r"^(?:(?:\\operatorname|\\text|\\mathrm)?\{?(?:ReLU|relu|ReLu)\}?\(([A-Za-z])\)"
    r"|\\max\(0,([A-Za-z])\))$"
)


def relu_of(side: str) -> str | None:
    """The letter of ``\\operatorname{ReLU}(Z)`` or ``\\max(0, Z)``, else None."""
    m = _RELU_CALL.match(clean(side))
    return next((g for g in m.groups() if g), None) if m else None


def relu(m: Matrix) -> Matrix:
    return [[max(v, Fraction(0)) for v in row] for row in m]


@dataclass(frozen=True)
class Given:
    """One ``name = [numbers]`` of the notes: kind "value", "gradient" or "pooled"."""

    line: int
    kind: str
    letter: str | None  # the value's letter, the letter a gradient is of, the pooled one
    numbers: Matrix
    op: str | None = None  # of a pool call: "max" or "avg"
    source: str = ""  # the statement's text (a claim after it on its line may use it)
    derived: str = ""  # "A = ReLU(Z)": numbers the notes' definition makes, not written


def numbers_of(text: str) -> Matrix | None:
    """A matrix of numbers, or a list of numbers ``(1, 5, 2, 0)`` as one row."""
    return matrix_of(text) or vector_of(text)


def clean(side: str) -> str:
    """A side without spaces and font commands (``\\mathbf{A}`` is A)."""
    side = _SPACES.sub("", side)
    for _ in range(2):
        side = _DECOR.sub(r"\1", side)
    return side


# \Big|_{\max}, \big|_{\text{avg}}, \right|_{mean}: an evaluation bar naming the pool a
# gradient is taken under ("dL/dX |_max = ...", after the notes worked both kinds)
_UNDER_POOL = re.compile(
    r"^(?P<name>.+?)(?:\\[Bb]igg?|\\right|\\middle)?[|]_\{?\\?(?P<op>max|avg|mean|average)\}?$",
    re.I,
)
_OPS = {"max": "max", "avg": "avg", "mean": "avg", "average": "avg"}
# the marks of _MARKED_POOLED that name max pooling; every other mark but pool(ed) names the mean
_MARK_OPS = {"max": "max"}


def classify(side: str) -> tuple[str, str | None, str | None] | None:
    """(kind, letter, op) of a left side, or None for any other name."""
    name = clean(side)
    bar = _UNDER_POOL.match(name)
    if bar is not None:  # dL/dX|_max: the gradient, under the pool the bar names
        found = classify(bar.group("name"))
        if found is None or found[0] != "gradient" or found[2] is not None:
            return None
        return found[0], found[1], _OPS[bar.group("op").lower()]
    m = _GRADIENT_OF.match(name)
    if m:
        return "gradient", next(g for g in m.groups() if g), None
    if _GRADIENT_BARE.match(name):
        return "gradient", None, None
    m = _GRADIENT_OF_POOL.match(name)
    if m and _POOL_CALL.match(m.group(1) or m.group(2)):
        # dL/d maxpool(A): the gradient of the pool's output, which has no letter of its own
        return "gradient", None, None
    m = _POOL_CALL.match(name)
    if m:
        return "pooled", m.group(2), "max" if m.group(1).lower() == "max" else "avg"
    inner = relu_of(name)
    if inner is not None:
        return "relu", inner, None
    m = _LETTER.match(name)
    if m:
        return "value", m.group(1), None
    m = _MARKED_POOLED.match(name)
    if m:
        op = m.group(2).lower()
        return "value", m.group(1), None if op in ("pool", "pooled") else _MARK_OPS.get(op, "avg")
    return None


def marked_pooled(side: str) -> bool:
    r"""Whether ``side`` is a letter marked as a pool's output (P^{\max}, Y_{pool})."""
    return _MARKED_POOLED.match(clean(side)) is not None


@functools.lru_cache(maxsize=4)
def numbers_in(document: str) -> tuple[Given, ...]:
    """Every ``name = [numbers]`` statement of the document, in order."""
    from symconv.checker.extract import scan
    from symconv.checker.split import statements

    found: list[Given] = []
    lines = document.split("\n")
    for event in scan(document):
        if event.kind != "math":
            continue
        anonymous = _anonymous(event.text, lines, event.line)
        if anonymous is not None:
            found.append(anonymous)
            continue
        for piece in statements(event.text):
            sides = _sides(piece.text)
            if len(sides) < 2:
                continue
            at = event.line + event.text[: piece.offset].count("\n")
            inner = relu_of(sides[-1]) if len(sides) == 2 else None
            name = classify(sides[0]) if inner is not None else None
            if inner is not None and name is not None and name[0] == "value":
                # A = ReLU(Z): A's numbers are ReLU of the numbers given for Z
                source = [g for g in found if g.kind == "value" and g.letter == inner]
                if source:
                    found.append(
                        Given(
                            at,
                            "value",
                            name[1],
                            relu(source[-1].numbers),
                            None,
                            piece.text.strip(),
                            f"{name[1]} = ReLU({inner})",
                        )
                    )
                continue
            numbers = numbers_of(sides[-1])
            kinds = [classify(side) for side in sides[:-1]]
            if numbers is None or any(k is None for k in kinds):
                continue
            # G = dL/dY = [numbers]: one gradient under two names, the letter the one named
            if len({k[0] for k in kinds if k is not None}) != 1:
                continue
            kind = max(kinds, key=lambda k: k is not None and k[1] is not None)
            assert kind is not None
            found.append(Given(at, kind[0], kind[1], numbers, kind[2], piece.text.strip()))
    return tuple(derive(found, document))


# "With upstream $[numbers]$", "receives upstream gradient $5$": a gradient given in words
_GRADIENT_WORDS = re.compile(
    r"(?:upstream|incoming|from above|gradient|desde arriba|llega|que vem|d'en haut)"
    r"[^.;$]{0,25}$",
    re.I,
)
# "sees the window $[numbers]$", "Forward on one 4x4 channel: $$[numbers] \xrightarrow...":
# the pool's input, unnamed
_INPUT_WORDS = re.compile(
    r"(?:window|ventana|janela|input|entrada|channel|canal|map|mapa|sees|ve)\b[^.;$]{0,25}$",
    re.I,
)
_ARROW = re.compile(r"\\(?:xrightarrow|longrightarrow|rightarrow|to|mapsto)(?![A-Za-z])")
_NUMBER = re.compile(r"^\s*([-+]?\d+(?:\.\d+)?)\s*$")


def _anonymous(text: str, lines: list[str], line: int) -> Given | None:
    """An unnamed matrix of numbers (or one number) the prose gives as the pool's input or
    its upstream gradient; ``M \\xrightarrow{\\text{maxpool}} N``: M is the input."""
    if "=" in text:
        return None
    arrow = _ARROW.search(text)
    head = text[: arrow.start()] if arrow else text
    numbers = numbers_of(head)
    if numbers is None:
        single = _NUMBER.match(head)
        if single is None or arrow is not None:
            return None
        numbers = [[Fraction(single.group(1))]]
    whole = lines[line - 1] if 0 < line <= len(lines) else ""
    at = whole.find(text.strip()[:16])
    before = (lines[line - 2] if line > 1 else "") + " " + (whole[:at] if at >= 0 else "")
    before = before.replace("$", " ").rstrip()
    if arrow is not None and re.search(r"pool", text[arrow.start() :], re.I):
        return Given(line, "value", "", numbers)
    if _GRADIENT_WORDS.search(before):
        return Given(line, "gradient", None, numbers)
    if _INPUT_WORDS.search(before) and len(numbers) > 1:
        return Given(line, "value", "", numbers)
    return None


# ---------------------------------------------------------------- the pool the prose names
_MAX = r"max(?:imum)?[- ]?pool(?:ing)?|maxpool|pool(?:ing)?\s+(?:max(?:imum)?|m[áa]ximo)"
# "pooling max", "pooling moyen": the French order, noun first; "x_{4,2} est le maximum de deux
# fenêtres", "is the maximum of its window": an entry that is a window's maximum is max pooling's
_MAX = (
    _MAX + r"|\bm[áa]x(?:imum|imo)?\s+(?:of|de|di|del|da|des|du)\s+(?:\w+\s+){0,2}?"
    r"(?:windows?|fen[êe]tres?|finestr[ae]|ventanas?|janelas?)\b"
)
_AVG = (
    r"(?:average|avg|mean)[- ]?pool(?:ing)?|avgpool|pool(?:ing)?\s+(?:promedio|medio|m[ée]dio|"
    r"moyen(?:ne)?)"
)
_OP = re.compile(rf"(?P<max>{_MAX})|(?P<avg>{_AVG})", re.I)
_SIZE = re.compile(r"(\d+)\s*\}?\s*(?:\\times|x|×|\\cdot)\s*\{?\s*(\d+)")
# 2x2/2, 3 \times 3 / 1: a pool's window and its stride, as headings and tables write them
_SLASHED = re.compile(
    r"(?<![\d/])(\d+)\s*\}?\s*(?:\\times|x|×)\s*\{?\s*(\d+)\s*/\s*(\d+)(?![\d/.,])"
)
_STRIDE = re.compile(r"(?:stride|paso|passo|pas|step)\s*(?:of|de|=|:|\$|\s|s\s*=)*\s*(\d+)", re.I)
# "as if it was average pooling": an op named only to say it is not the one used
_COUNTERFACTUAL = re.compile(
    r"(?:as if|como se|como si|comme si|like|instead of|not|unlike|contrairement aux?|"
    r"à la différence du|a diferencia del|a differenza del)\s+(?:it\s+)?"
    r"(?:was|were|fosse|fuera|[eé]tait)?\s*(?:(?:an?|the|le|la|el|il|o)\s+)?$",
    re.I,
)
_HEADING = re.compile(r"^\s*(?:#{1,6}\s|-{3,}\s*$|\\(?:sub)*section)")
_UNDERLINE = re.compile(r"^\s*(?:={3,}|-{3,})\s*$")  # a setext heading's underline


@dataclass(frozen=True)
class PoolWords:
    """What the prose says of the pool, nearest first: in the claim's lead-in (its line and
    the prose since the previous display), in its section, anywhere before."""

    lead_op: str | None
    section_op: str | None
    section_window: tuple[tuple[int, int], tuple[int, int]] | None  # (kernel, stride)
    document_op: str | None
    document_window: tuple[tuple[int, int], tuple[int, int]] | None
    lead_kinds: frozenset[str] = frozenset()  # every kind the lead-in names


# "windows of 3x3 and stride 2", "ventanas de 2x2 con paso 2": a window named without the op
# (or the pool itself, "a 2x2 pool with stride 2", "pooling 3x3, passo 1": its size is the
# window's, as a map's size is left out by _MAP_AFTER)
_WINDOW_WORD = re.compile(
    r"\b(?:windows?|ventanas?|janelas?|fen[êe]tres?|finestr[ae]|Fenster[ns]?|pool(?:s|ing)?)\b",
    re.I,
)


def _ops(text: str) -> list[tuple[int, int, str]]:
    out = []
    for m in _OP.finditer(text):
        if _COUNTERFACTUAL.search(text[max(0, m.start() - 30) : m.start()]):
            continue
        out.append((m.start(), m.end(), "max" if m.group("max") else "avg"))
    return out


# "a $5\times 5$ input": a size that names the map, not the window
_MAP_AFTER = re.compile(
    r"^\$?\s*(?:\w+\s+){0,1}(?:input|entrada|map|mapa|image|imagen|channel|canal|feature|"
    r"grayscale|output|salida|matri)",
    re.I,
)


# "window 3", "window of size 3", "ventana de 3": the window's one number (no a x b)
_ONE_NUMBER_WINDOW = re.compile(
    r"\b(?:windows?|ventanas?|janelas?|fen[êe]tres?|finestr[ae]|Fenster[ns]?)\s*"
    r"(?:size\s*|de\s*|di\s*|of\s*(?:size\s*)?)?"
    r"(?:=|:)?\s*\$?\s*(\d+)\b(?!\s*\}?\s*(?:\\times|x|×))",
    re.I,
)


# `nn.MaxPool2d(2)`, `AvgPool2d(kernel_size=3, stride=1)`, `MaxPooling2D(pool_size=2)`,
# `F.max_pool2d(x, 2)`: a pool built in code, whose stride defaults to its window
_CONSTRUCTOR = re.compile(
    r"(?:Max|Avg|Average)Pool(?:ing)?[12][dD]\s*\((?P<args>[^()]*)\)"
    r"|(?:max|avg)_pool[12]d\s*\(\s*[A-Za-z_][\w.]*\s*,(?P<fargs>[^()]*)\)"
)
# `kernel_size=2` in prose: a code keyword naming the window
_KERNEL_KEYWORD = re.compile(r"\b(?:kernel_size|pool_size)\s*=\s*(\d+)\b")
_STRIDE_KEYWORD = re.compile(r"\bstrides?\s*=\s*(\d+)\b")
# "the stride equals the window size", "le pas est égal à la taille de la fenêtre", "el paso
# es igual al tamaño de la ventana", "non-overlapping windows": the stride is the window
_STRIDE_IS_WINDOW = re.compile(
    r"\b(?:stride|pas|paso|passo|Schrittweite)\b[^.;]{0,25}?"
    r"\b(?:equals?|equal to|égale?|igual|gleich|uguale|coincide)\b[^.;]{0,30}?"
    r"\b(?:window|kernel|taille|tamaño|dimensione|Fenster|fen[êe]tre|ventana|finestra|janela)"
    r"|\bnon[- ]overlapping\b|\bsans chevauchement\b|\bsin solapamiento\b|\bsenza sovrappos",
    re.I,
)


def _called_window(text: str) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """(kernel, stride) of a pool built in code on the line, or of a ``kernel_size=k`` the
    line names beside a pool's constructor or a sentence saying the stride is the window;
    UNREAD where a padding, a dilation or ceil_mode makes it another pool; None where
    nothing is read."""
    m = _CONSTRUCTOR.search(text)
    if m is not None:
        args, named = _arguments(m.group("args") or m.group("fargs") or "")
        if args is not None:
            for key, value in zip(("kernel_size", "stride"), args, strict=False):
                named.setdefault(key, value)
            if set(named) - {"kernel_size", "pool_size", "stride", "strides"} - _HARMLESS:
                return UNREAD  # padding=1, dilation=2, ceil_mode=True: not a plain pool
            kernel = _pair(named.get("kernel_size", named.get("pool_size")))
            stride = _pair(named.get("stride", named.get("strides"))) or kernel
            if kernel is not None and stride is not None:
                return kernel, stride
        # `MaxPool2d(kernel_size)`: the signature, its numbers given beside it, if at all
    k = _KERNEL_KEYWORD.search(text)
    if k is None or not _ops(text) or re.search(r"Conv", text):
        return None  # `Conv2d(..., kernel_size=2, stride=2)`: a convolution's, not a pool's
    step = _STRIDE_KEYWORD.search(text)
    if step is None and not (_STRIDE_IS_WINDOW.search(text) or re.search(r"Pool", text)):
        return None
    kernel = int(k.group(1))
    return (kernel,) * 2, ((int(step.group(1)) if step else kernel),) * 2


def _pair(value) -> tuple[int, int] | None:
    """2 or (2, 3) as (rows, columns); anything else None."""
    if isinstance(value, int) and value > 0:
        return value, value
    if isinstance(value, tuple) and len(value) == 2 and min(value) > 0:
        return value
    return None


_HARMLESS = {"return_indices"}  # returns the same pooled values, and the indices
# a pool built with a padding, a dilation or ceil_mode: its window is not this reading's
UNREAD = ((0, 0), (0, 0))


def _window(text: str) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """(kernel, stride) of a line that writes a size beside a pool's name or the word
    window (the nearest such size, a map's size left out), and a stride."""
    called = _called_window(text)
    if called is not None:
        return called
    marks = _ops(text) + [(m.start(), m.end(), "") for m in _WINDOW_WORD.finditer(text)]
    if marks:  # "2x2/2 max pooling", "Pooling 3×3/1": the window, a slash, the stride
        slashed = [
            m
            for m in _SLASHED.finditer(text)
            if any(
                0 <= (start - m.end() if start >= m.end() else m.start() - end) <= 25
                for start, end, _ in marks
            )
        ]
        if len({m.groups() for m in slashed}) == 1:
            m = slashed[0]
            return (int(m.group(1)), int(m.group(2))), (int(m.group(3)),) * 2
    step = _STRIDE.search(text)
    if not marks or step is None:
        return None
    best: tuple[int, tuple[int, int]] | None = None
    for m in _SIZE.finditer(text):
        if _MAP_AFTER.match(text[m.end() : m.end() + 30]):
            continue
        for start, end, _ in marks:
            gap = start - m.end() if start >= m.end() else m.start() - end
            if 0 <= gap <= 25 and (best is None or gap < best[0]):
                best = gap, (int(m.group(1)), int(m.group(2)))
    if best is None:  # "1-D max pooling, window 3, stride 1": a window of one number
        one = _ONE_NUMBER_WINDOW.search(text)
        if one is None:
            return None
        best = 0, (int(one.group(1)),) * 2  # k x k; one row of it for a 1-D input (pool())
    return best[1], (int(step.group(1)),) * 2


def pool_words(lines: list[str], line: int, prefix: str) -> PoolWords:
    """The pool the prose names before ``line`` (1-based; ``prefix``: the text of that line
    before the claim)."""
    texts = [t.replace("*", "") for t in [*lines[: line - 1], prefix]]  # **average** pooling
    lead_op = section_op = document_op = None
    section_window = document_window = None
    in_lead, in_section = True, True
    lead_kinds: set[str] = set()
    for at in range(len(texts) - 1, -1, -1):
        text = texts[at]
        ops = _ops(text)
        op = ops[-1][2] if ops else None
        window = _window(text)
        if in_lead:
            lead_kinds |= {kind for _, _, kind in ops}
        if in_lead and op and lead_op is None:
            lead_op = op
        if in_section:
            section_op = section_op or op
            section_window = section_window or window
        document_op = document_op or op
        document_window = document_window or window
        if at < len(texts) - 1 and "$$" in text:
            in_lead = False
        # a setext underline is no rule: the heading above it opens the section
        underline = _UNDERLINE.match(text) and at > 0 and texts[at - 1].strip()
        if (_HEADING.match(text) and not underline) or (
            at + 1 < len(texts) and _UNDERLINE.match(texts[at + 1])
        ):
            in_lead = in_section = False
    return PoolWords(
        lead_op, section_op, section_window, document_op, document_window, frozenset(lead_kinds)
    )
