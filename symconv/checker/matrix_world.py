"""What the notes say about a layer written as matrices: its forward definition, the shapes
they state, the sizes they name, the letter they write for the output's gradient, and a
softmax cross-entropy loss on top.

The forward definition is the nearest equation above the claim that defines one matrix as
a matrix expression of others: ``Y_{\\text{mat}} = W_{\\text{mat}} X_{\\text{col}} + b
\\mathbf{1}^\\top`` (im2col), ``Z = XW + \\mathbf{1}b^\\top`` (a dense layer, samples as rows),
``z = Wx + b`` (a column), ``y = Cx`` (a Toeplitz matrix).  Whatever convolution the
matrices came from, that equation is the layer's map from the matrices it names, so the
chain rule through it is matrix calculus (see :mod:`symconv.checker.matrix_eval`).

Shapes are read where the notes state them (``X_{\\text{col}} \\in \\mathbb{R}^{8 \\times
9}``, "$W$ of size $5 \\times 3$", "$\\Delta$ de $F \\times NH'W'$"), a size letter's value
where the notes set it (``N = 4``), and the rest is inferred from the definition (a product's
inner sizes agree, a sum's operands have one shape).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from symconv.checker.code_matrices import code_shapes
from symconv.checker.heading_kind import MARKDOWN_HEADING
from symconv.checker.matrix_parse import BOLD, WORD_TAGS, Node, Ones, Ref, Unread, parse
from symconv.checker.matrix_softmax import read_softmax
from symconv.checker.matrix_tuple_shapes import tuple_shapes

_MATH = re.compile(r"\$\$(.*?)\$\$|\$(.*?)\$", re.S)
# \[ ... \] and \( ... \) (MathJax's and LaTeX's delimiters) read as $$ ... $$ and $ ... $;
# never the line break with spacing \\[2pt] (a backslash before)
_DISPLAY_DELIMITER = re.compile(r"(?<!\\)\\[\[\]]")
_INLINE_DELIMITER = re.compile(r"(?<!\\)\\[()]")
# \begin{equation} ... \end{equation} (numbered or not): one display, read as $$ ... $$
_DISPLAY_ENV = re.compile(r"\\(?:begin|end)\s*\{(?:equation|displaymath)\*?\}")
_IN_R = re.compile(
    r"((?:\\[A-Za-z]+|[A-Za-z])(?:\s*_\s*\{(?:[^{}]|\{[^{}]*\})*\}|\s*_\s*[A-Za-z0-9])?)"
    r"\s*\\in\s*\\mathbb\s*\{?\s*R\s*\}?\s*\^\s*(\{(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*\}|[A-Za-z0-9])"
)
_OF_SIZE = re.compile(
    r"\$([^$]{1,40})\$\s*(?:\([^)]*\)\s*)?(?:of size|of shape|with shape|of dimensions?|"
    r"de tamaño|de forma|de|der Größe|der Form|"
    # "$X$ es $4 \times 5$", "$b$ is a row vector $1 \times 3$": a few words, no math;
    # "$X_{cols}$, which is $12 \times 16$", "$W$, a $2 \times 12$ matrix"
    r"(?:,\s*(?:which|that|que|der|die|das)\s+)?(?:is|es|ist)(?:\s+[A-Za-zñáéíóú-]+){0,3}"
    r"|,\s*(?:an?|una?|eine?)(?=\s*\$[^$]{1,40}\$\s*(?:matri[xz]|array|Matrix)))"
    r"\s*\$([^$]{1,40})\$"
)
# "$H$ the flattened batch ($N \times 1176$, one row per image)", "$A$, la matriz de
# activaciones ($m \times 4$)": a few words naming it, then its size in parentheses
_WORDS_THEN_SIZE = re.compile(
    r"\$([^$]{1,40})\$\s*,?((?:\s+[A-Za-zñáéíóúàèçüöä'-]+){1,6})\s*\(\s*\$([^$]{1,40})\$\s*[,;)]"
)
# "$W_{row}$: each filter flattened into a row (4 × 18)", "$Y_{mat}$ is 4 × 32": the size
# written as plain text after the name, a few words between (no other math)
_PLAIN_SIZE = re.compile(
    r"\$([^$]{1,40})\$\s*(?::|,|\bis\b|\bes\b|\bist\b)?((?:\s+[A-Za-z-]+){0,6})\s*\(?\s*"
    r"(\d+\s*(?:×|\\times|x)\s*\d+)\s*\)?(?![\d×])"
)
# "batch of 2 images", "a minibatch of 8 examples": the batch size, which matrix notes write N
_BATCH_SIZE = re.compile(
    r"\b(?:mini-?)?batch(?: size)? (?:of|has|with|is|=)\s+(\d+)\b(?!\s*[×x\d])", re.I
)
# "Z = A W^\top + \mathbf{1} b^\top \in \mathbb{R}^{N \times 10}": a definition that ends by
# stating its output's shape (the shape is read where the output's is: ``_OUTPUT_SHAPE``)
_TRAILING_SHAPE = re.compile(
    r"\s*\\in\s*\\mathbb\s*\{?\s*R\s*\}?\s*\^\s*(\{[^{}]*\}|[A-Za-z0-9])\s*[.,]?\s*$"
)
_LETTER_VALUE = re.compile(r"(?<![A-Za-z_\\{])([A-Z])\s*=\s*(\d+)(?![\d.,]\d)")
# G = \partial L / \partial Y_{mat}: the output named with a word (matrix_parse.WORD_TAGS);
# G_n = \partial L / \partial Y_{mat,n}: one sample's block of it (the word, then the sample)
_OUT = (
    # Y_{mat}, Y_{\mathrm{col}}, Y_{\text{mat}, n}: the word tag, upright or not
    r"([A-Za-z])(?:\s*_\s*\{{\s*(?:\\(?:mathrm|text|textrm|operatorname|mathit)\s*\{{\s*)?"
    # (or a layer's number, Z_{\text{3}}: matrix_numbered.py)
    r"(?P<word{k}>[A-Za-z]{{2,}}|\d)\s*\}}?\s*(?:,\s*(?P<sample{k}>[a-z])\s*)?\}}"
    r"|_[a-z]\b)?"
)
_GRAD_ALIAS = re.compile(
    # "$\Delta = \partial L/\partial Z$", "writing $\Delta$ for $\partial L / \partial Z$"
    r"(?:^|[^A-Za-z\\])([A-Za-z]|\\Delta|\\delta)(?:_(?P<own>[a-z]))?\s*(?:\$\s*)?"
    r"(?:=|for|para|für|pour|per)\s*"
    r"\$?\s*"
    rf"(?:\\d?frac\s*\{{\s*\\partial\s*L\s*\}}\s*\{{\s*\\partial\s*{_OUT.format(k=1)}\s*\}}"
    rf"|\\partial\s*L\s*/\s*\\partial\s*{_OUT.format(k=2)})"
)
# "Call this $\Delta$", "denote it by $G$", "llamemos $\Delta$ a esto": a name for the
# gradient the display just above states
_CALL_THIS = re.compile(
    r"\b(?:call (?:this|it|that)|denote (?:this|it|that)(?: matrix)? by|we write|write)\s*"
    r"\$\s*(\\?[A-Za-z]+)\s*\$"
    r"|\b(?:llamemos|llamamos|chamemos|nennen wir)\s*\$\s*(\\?[A-Za-z]+)\s*\$",
    re.IGNORECASE,
)
_DISPLAY_GRADIENT = re.compile(
    r"^\s*\\[dt]?frac\s*\{\s*\\partial\s*L\s*\}\s*\{\s*\\partial\s*([A-Za-z])\s*\}\s*="
)
_OTHER_LAYER = re.compile(r"conv|pool|transpos|agrupa|faltung|capa|layer|schicht", re.I)
_OTHER_KIND = re.compile(r"conv|pool|transpos|agrupa|faltung", re.I)
# "## Step 3: the dense layer" over a dense layer's Z = XW + 1b^T: the same layer, named
_DENSE_WORDS = re.compile(
    r"dense|linear|fully[- ]connected|densa|lineal|totalmente conectada|dicht|vollverbunden",
    re.I,
)
GRADIENT_LETTERS = ("Delta", "delta", "G")  # conventional names of dL/d(output), by shape


@dataclass
class Forward:
    line: int
    output: str
    tree: object


@dataclass
class Notes:
    """What the document states above one claim (see the module doc)."""

    forward: Forward
    shapes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    letters: dict[str, int] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)  # g -> y: g is dL/dy
    sampled: set[str] = field(default_factory=set)  # G of "G_n = dL/dY_n": G_n a block
    softmax: tuple[str, str, str, bool] | None = None  # (P, Y, Z, mean)
    divisor: str | None = None  # the letter of the mean's 1/N
    sample_axis: int = 0  # under a softmax: 0, each row a sample's distribution; 1, columns
    base: int | None = None
    # J = (1/m) sum_t L^(t): the cost averaging the examples' losses L, and whether the notes
    # say that dA means dJ/dA (matrix_softmax.py): only gradients of that cost are judged
    cost: str | None = None
    d_is_cost: bool = False


def math_segments(lines: list[str], upto: int) -> list[tuple[int, str]]:
    """(line, text) of every math segment starting above line ``upto`` (1-based)."""
    text = as_dollars("\n".join(lines[: upto - 1]))
    out = []
    for m in _MATH.finditer(text):
        out.append((text[: m.start()].count("\n") + 1, m.group(1) or m.group(2) or ""))
    return out


def line_before(lines: list[str], line: int, claim: str) -> str:
    """What line ``line`` (1-based) says before ``claim`` ("with $g = \\partial L/\\partial
    y$: $dL/dW = g x^T$"), "" when the claim is not found on it (\\dfrac read as \\frac)."""
    if not claim.strip() or not 0 < line <= len(lines):
        return ""
    own = re.sub(r"\\[dt]frac(?![A-Za-z])", r"\\frac", lines[line - 1])
    at = own.find(re.sub(r"\\[dt]frac(?![A-Za-z])", r"\\frac", claim.strip()))
    return own[:at] if at > 0 else ""


def as_dollars(text: str) -> str:
    """``text`` with ``\\[ \\]`` and ``\\begin{equation} \\end{equation}`` written ``$$`` and
    ``\\( \\)`` written ``$`` (same lines)."""
    text = _DISPLAY_ENV.sub("$$", _DISPLAY_DELIMITER.sub("$$", text))
    return _INLINE_DELIMITER.sub("$", text)


def _names(tree) -> list[Ref]:
    if isinstance(tree, Ref):
        return [tree]
    if isinstance(tree, Node):
        return [r for a in tree.args for r in _names(a)]
    return []


def _has_product(tree) -> bool:
    if isinstance(tree, Node):
        if tree.kind == "prod" and sum(isinstance(a, (Ref, Ones, Node)) for a in tree.args) >= 2:
            return True
        return any(_has_product(a) for a in tree.args)
    return False


def forward_definition(lines: list[str], upto: int, claim: str = "") -> Forward | None:
    """The nearest matrix forward definition above line ``upto`` in its section.  With the
    ``claim``'s text: the nearest that names one of the claim's matrices, where a nearer one
    names none of them ("Same rules as for a dense layer $Y = WX$:" between ``Y_{mat} =
    W_{row} X_{col} + b 1^T`` and ``dW_{row} = G X_{col}^T`` is an analogy, not the layer)."""
    found = [f for f in _definitions("\n".join(lines)) if f.line < upto]
    # "Dense layer $y = Wx + b$ with ...: $dL/dW = ...$": a definition on the claim's line
    found += [replace(f, line=upto) for f in _definitions(line_before(lines, upto, claim))]
    if not found:
        return None
    wanted = _claim_names(claim)
    sharing = [f for f in found if wanted & {f.output, *(r.name for r in _names(f.tree))}]
    chosen = sharing[-1] if sharing else found[-1]
    between = [t for t in lines[chosen.line : upto - 1] if MARKDOWN_HEADING.match(t)]
    if any(_OTHER_LAYER.search(t) and not _names_own_kind(t, chosen) for t in between):
        return None  # a later section about a convolution or a pooling: another layer
    return chosen


def _names_own_kind(heading: str, forward: Forward) -> bool:
    """Whether a heading names the dense layer that ``forward`` (no im2col word tags in its
    names) defines, and no other kind of layer."""
    plain = all("_" not in r.name for r in _names(forward.tree))
    return plain and bool(_DENSE_WORDS.search(heading)) and not _OTHER_KIND.search(heading)


def _claim_names(claim: str) -> set[str]:
    """The matrices ``claim`` names, gradients by the matrix's own name (none if unread)."""
    try:
        sides = parse(claim) if claim else []
    except (Unread, RecursionError):
        return set()
    return {r.name for side in sides for r in _names(side)}


@lru_cache(maxsize=8)
def _definitions(document: str) -> tuple[Forward, ...]:
    """Every matrix forward definition of the document, in order (parsed once per document:
    the runner asks for each statement)."""
    lines = document.split("\n")
    found = []
    for line, math in math_segments(lines, len(lines) + 1):
        for piece in re.split(r",\s*\\q?quad|\\\\|;", math):
            if piece.count("=") != 1:
                continue
            piece = _TRAILING_SHAPE.sub("", piece)
            try:
                sides = parse(piece)
            except (Unread, RecursionError):
                continue
            if len(sides) != 2:
                continue
            lhs, rhs = sides
            if not isinstance(lhs, Ref) or lhs.grad or lhs.indices or lhs.sample:
                continue
            refs = _names(rhs)
            if (
                not _has_product(rhs)
                or any(r.grad or r.indices or r.sample for r in refs)
                or lhs.name in {r.name for r in refs}
                or len({r.name for r in refs}) < 2
            ):
                continue
            found.append(Forward(line, lhs.name, rhs))
    return tuple(found)


def _dims(text: str, letters: dict[str, int]) -> tuple[str, ...] | None:
    text = text.strip()
    if text.startswith("{") and text.endswith("}"):
        text = text[1:-1]  # one pair: d_{\text{in}} keeps its own braces
    parts = re.split(r"\\times|×|\\cdot(?=\s*\d)", text)
    out = []
    for part in parts:
        # d_{\text{in}}, n_{\mathrm{out}}: a size named with a word (read as d_in)
        part = re.sub(r"\\(?:text|mathrm|operatorname|mathit)\s*\{\s*([A-Za-z]+)\s*\}", r"\1", part)
        part = re.sub(r"[\s{}]|\\[,;! ]", "", part)
        if not part or not re.fullmatch(r"[A-Za-z0-9'^]+(?:_[A-Za-z0-9]+)?", part):
            return None
        out.append(str(letters[part]) if part in letters else part)
    return tuple(out)


def _ref_name(text: str, samples: bool = True) -> str | None:
    """The matrix ``text`` names (``d:`` before a gradient's); with ``samples`` False, None
    for one sample's block (``X^{(n)}``: its size is not the whole matrix's)."""
    try:
        sides = parse(text)
    except Unread:
        return None
    if len(sides) != 1 or not isinstance(sides[0], Ref) or sides[0].indices:
        return None
    if not samples and sides[0].sample is not None:
        return None
    ref = sides[0]
    return ("d:" if ref.grad else "") + ref.name


# a dense layer's line that says its vectors are columns: "with column vectors"
_COLUMN_WORDS = re.compile(
    r"column vectors?|vectores? columna|vecteurs? colonnes?|Spaltenvektor|vettori? colonna"
    r"|вектор\w*[- ]столб",
    re.IGNORECASE,
)


def _multiplied_vectors(tree) -> list[str]:
    """The lower-case matrices a product in ``tree`` multiplies from the right (x in Wx):
    the vectors of a forward pass written with columns, whose shape is (length, 1)."""
    if not isinstance(tree, Node):
        return []
    found = []
    if tree.kind == "prod" and len(tree.args) == 2:
        left, right = tree.args
        plain = isinstance(right, Ref) and not (right.grad or right.indices or right.sample)
        if isinstance(left, Ref) and left.name.isupper() and plain and right.name.islower():
            found.append(right.name)
    return found + [v for a in tree.args for v in _multiplied_vectors(a)]


def read_notes(
    lines: list[str],
    upto: int,
    claim: str = "",
    written: dict | None = None,
    own: list[str] | None = None,
) -> Notes | None:
    """The notes' matrix layer above line ``upto`` (for ``claim``, see
    :func:`forward_definition`), or None when they define none; ``written``: the shapes of
    the matrices the notes write out in numbers (matrix_numbers.py), where none is stated."""
    forward = forward_definition(lines, upto, claim)
    if forward is None:
        return None
    # "with $\delta = \partial L / \partial z$: $dL/dW = \delta a^T$": its line too
    # the statements of its own sections (matrix_sections.own_lines), when the caller says
    above = "\n".join((own or lines)[: upto - 1]) + "\n" + line_before(lines, upto, claim)
    text = BOLD.sub(lambda m: m.group(1), as_dollars(above))  # \mathbf{b} \in
    notes = Notes(forward)
    values: dict[str, set[int]] = {}
    for _, math in math_segments(own or lines, upto):
        for m in _LETTER_VALUE.finditer(math):
            values.setdefault(m.group(1), set()).add(int(m.group(2)))
    for m in _LETTER_VALUE.finditer(re.sub(r"\$[^$]*\$", " ", text)):  # F = 3 filters
        values.setdefault(m.group(1), set()).add(int(m.group(2)))
    notes.letters = {k: next(iter(v)) for k, v in values.items() if len(v) == 1}
    batch = {int(m.group(1)) for m in _BATCH_SIZE.finditer(text)}
    if "N" not in values and len(batch) == 1:  # the notes name no N: theirs is the batch's
        notes.letters["N"] = batch.pop()
    for m in _IN_R.finditer(text):
        name, dims = _ref_name(m.group(1)), _dims(m.group(2), notes.letters)
        if name and dims:
            notes.shapes[name] = dims
    for m in _OF_SIZE.finditer(text):
        name, dims = _ref_name(m.group(1)), _dims(m.group(2), notes.letters)
        if name and dims and len(dims) == 2:
            notes.shapes[name] = dims
    for m in _WORDS_THEN_SIZE.finditer(text):
        name, dims = _ref_name(m.group(1)), _dims(m.group(3), notes.letters)
        if name and dims and len(dims) == 2 and name not in notes.shapes:
            notes.shapes[name] = dims
    for m in _PLAIN_SIZE.finditer(text):
        name, dims = _ref_name(m.group(1), samples=False), _dims(m.group(3), notes.letters)
        if name and dims and name not in notes.shapes:
            notes.shapes[name] = dims
    for shown, pair in tuple_shapes(text, notes.letters):  # "$X_{col}$ has shape $(a, b)$"
        name = _ref_name(shown, samples=False)
        if name and name not in notes.shapes:
            notes.shapes[name] = pair
    for m in _GRAD_ALIAS.finditer(text):
        letter = m.group(1).lstrip("\\")
        k = "1" if m.group(3) is not None else "2"
        word = m.group("word" + k)
        output = m.group(3) or m.group(6)
        named = word in WORD_TAGS or (word or "").isdigit()
        notes.aliases[letter] = f"{output}_{word}" if named else output
        if word in WORD_TAGS and m.group("own") and m.group("sample" + k) == m.group("own"):
            notes.sampled.add(letter)  # G_n = dL/dY_{mat,n}: G_n is sample n's block of G
    for m in _CALL_THIS.finditer(text):
        above = [d for d in re.finditer(r"\$\$(.*?)\$\$", text[: m.start()], re.S)]
        stated = _DISPLAY_GRADIENT.match(above[-1].group(1)) if above else None
        between = text[above[-1].end() : m.start()] if above else ""
        if stated is not None and between.count("\n\n") <= 1 and len(between) < 200:
            notes.aliases[(m.group(1) or m.group(2)).lstrip("\\")] = stated.group(1)
    for name, dims in (written or {}).items():
        notes.shapes.setdefault(name, dims)
    code_above = "\n".join((own or lines)[: upto - 1])
    for name, pair in code_shapes(code_above, notes.letters).items():  # np.random.randn(4, 5)
        notes.shapes.setdefault(name, pair)
    if _COLUMN_WORDS.search(lines[forward.line - 1]) if 0 < forward.line <= len(lines) else False:
        for vector in _multiplied_vectors(forward.tree):  # "y = Wx + b with column vectors"
            notes.shapes.setdefault(vector, (f"|{vector}|", "1"))
    if not any(r.name in notes.shapes for r in _names(forward.tree)):
        return None  # H_out = (H - 1)S + K: products of sizes, not of matrices the notes shape
    # P = softmax(Z) and its cross-entropy, if the notes say so
    read_softmax(notes, text, as_dollars("\n".join(lines)))
    if re.search(r"zero-based|0-based|indices from 0|desde 0|ab 0", text, re.I):
        notes.base = 0
    elif re.search(r"one-based|1-based|indices from 1|desde 1|ab 1", text, re.I):
        notes.base = 1
    return notes
