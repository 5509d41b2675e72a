"""Worked examples with numbers: a pool's input X and upstream gradient G given by the notes
as matrices of numbers, and claims about them (``Y = \\begin{pmatrix} 6 & 8 \\\\ 9 & 7
\\end{pmatrix}``, ``\\frac{\\partial L}{\\partial X} = \\begin{pmatrix} ... \\end{pmatrix}``)
computed exactly.

The numbers are parsed from the notes' text as :class:`~fractions.Fraction` (``0.5``,
``-2``, ``\\frac{3}{4}``), never evaluated.  The truth is the pool's definition at those
numbers: max pooling takes each window's largest entry and routes each G entry to the
window's first largest entry in row-major order (PyTorch's rule, which matters only at a
tie); average pooling divides each window's sum by its k_h k_w entries (zeros of the
padding included, PyTorch's default) and spreads G/(k_h k_w) over each window.  A verdict
is about those numbers only: it says so.
"""

from __future__ import annotations

import functools
import re
from fractions import Fraction

from symconv.checker.code_values import code_lines, code_values
from symconv.checker.context import finding
from symconv.checker.entry_formulas import given_by_formula
from symconv.checker.limits import NotUnderstood
from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.texclean import decimal_commas
from symconv.checker.tie_convention import FIRST, stated_tie_rule, tie_share
from symconv.checker.worked_chain import judge_value_chain
from symconv.checker.worked_conv import is_conv, judge_conv_numbers, show_matrix
from symconv.checker.worked_prose import ones_gradient
from symconv.checker.zero_bias_prose import zero_bias_line

Matrix = list[list[Fraction]]

_MATRIX = re.compile(r"^\s*\\begin\{([pbvBV]?matrix)\}(.*?)\\end\{\1\}\s*[.,;]?\s*$", re.S)
_CELL = re.compile(
    r"^([-+]?)\s*(?:(\d+(?:\.\d+)?|\.\d+)|\\[dt]?frac\{(\d+)\}\{(\d+)\}|(\d+)/(\d+))$"
)
# a typeface is the same tensor (\mathbf{X} is X); an accent is another one (\tilde{\delta},
# the dilated gradient; \bar{X}, the padded input; \hat{Y}, a prediction), so an accented
# name keeps its accent and names no role
_DECOR = re.compile(r"\\(?:mathbf|mathcal|boldsymbol|bm|mathrm)\s*\{\s*([^{}]*)\}")
_SPACES = re.compile(r"\\[,;:! ]|\\q?quad|\s+|\\left|\\right|\\displaystyle")
# the sides that name a pool's input, its output, the upstream gradient, dL/dX
_INPUT = re.compile(r"^[Xx]$")
_OUTPUT = re.compile(r"^[YZyz]$")
# dL/d(tensor) as notes write it: \frac{\partial L}{\partial X}, \partial L/\partial X, and
# with an upright d (\frac{dL}{dX}, dL/dX)
_D = r"(?:\\partial|d)"


def _derivative(of: str) -> str:
    return rf"\\frac\{{{_D}[LEJC]\}}\{{{_D}{of}\}}|{_D}[LEJC]/{_D}{of}"


_GRADIENT = re.compile(
    rf"^(?:G|g|\\delta|\\Delta|d[YZ]|{_derivative('[YZyz]')}|\\nabla_\{{?[YZ]\}}?[LEJC])$"
)
_INPUT_GRADIENT = re.compile(rf"^(?:d[Xx]|{_derivative('[Xx]')}|\\nabla_\{{?X\}}?[LEJC])$")
_KERNEL = re.compile(r"^[WKwk]$")
_KERNEL_GRADIENT = re.compile(rf"^(?:d[WKwk]|{_derivative('[WKwk]')}|\\nabla_\{{?[WK]\}}?[LEJC])$")
_BIAS = re.compile(r"^b$")


# a number written before a matrix: "\frac{1}{4} \begin{pmatrix} ...", "\tfrac14", "0.5 \cdot"
_FACTOR = re.compile(
    r"^\s*(?P<f>[-+]?\s*(?:\d+(?:\.\d+)?|\\[dt]?frac\s*(?:\{\d+\}\{\d+\}|\d\d)|\d+/\d+))"
    r"\s*(?:\\cdot|\\times)?\s*(?:\\[,;:! ]\s*)*(?=\\begin\{)"
)


def _factor(text: str) -> Fraction | None:
    """The value of a leading factor (``\\tfrac14`` is 1/4: TeX reads two single digits)."""
    cell = _SPACES.sub("", text)
    short = re.fullmatch(r"([-+]?)\\[dt]?frac(\d)(\d)", cell)
    if short:
        value = Fraction(int(short.group(2)), int(short.group(3)))
        return -value if short.group(1) == "-" else value
    c = _CELL.match(cell)
    if c is None:
        return None
    sign, plain, top, bottom, num, den = c.groups()
    if not plain and int(bottom or den) == 0:
        return None
    value = Fraction(plain) if plain else Fraction(int(top or num), int(bottom or den))
    return -value if sign == "-" else value


def matrix_of(text: str) -> Matrix | None:
    """The numbers of a ``pmatrix``/``bmatrix`` whose every cell is a number, else None; a
    number written before it (``\\frac{1}{4} \\begin{pmatrix} ...``) multiplies every cell."""
    lead = _FACTOR.match(text)
    if lead is not None:
        factor = _factor(lead.group("f"))
        inner = matrix_of(text[lead.end() :])
        if factor is None or inner is None:
            return None
        return [[factor * v for v in row] for row in inner]
    m = _MATRIX.match(text)
    if m is None:
        return None
    rows = [r for r in re.split(r"\\\\", m.group(2)) if r.strip()]
    out: Matrix = []
    for row in rows:
        cells = []
        for cell in row.split("&"):
            # 2{,}25: a decimal comma (French, German, Italian notes), inside a cell no separator
            c = _CELL.match(_SPACES.sub("", decimal_commas(cell)))
            if c is None:
                return None
            sign, plain, top, bottom, num, den = c.groups()
            if not plain and int(bottom or den) == 0:
                return None  # 1/0 is no number of a worked example
            value = Fraction(plain) if plain else Fraction(int(top or num), int(bottom or den))
            cells.append(-value if sign == "-" else value)
        out.append(cells)
    if not out or len({len(r) for r in out}) != 1:
        return None
    return out


def _name(side: str) -> str:
    side = _SPACES.sub("", side)
    for _ in range(2):
        side = _DECOR.sub(r"\1", side)
    return side


def _sides(text: str) -> list[str]:
    """The statement's sides, split at top-level ``=`` (not inside braces)."""
    out, depth, cur = [], 0, []
    for ch in text:
        depth += (ch == "{") - (ch == "}")
        if ch == "=" and depth == 0:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    out.append("".join(cur))
    return out


def role_of(side: str) -> str | None:
    """ "X", "Y", "G" or "dX" for a side naming one of them, else None."""
    name = _name(side)
    for role, pattern in (
        ("X", _INPUT),
        ("Y", _OUTPUT),
        ("G", _GRADIENT),
        ("dX", _INPUT_GRADIENT),
        ("W", _KERNEL),
        ("dW", _KERNEL_GRADIENT),
        ("b", _BIAS),
    ):
        if pattern.match(name):
            return role
    return None


def statement_numbers(text: str, read=matrix_of) -> tuple[list[str], Matrix] | None:
    """(the roles the other sides name, the numbers) of ``A = B = \\begin{pmatrix} ...``;
    ``read``: the reader of the last side (a signal's: worked_signals.row_of)."""
    sides = _sides(text)
    if len(sides) < 2:
        return None
    numbers = read(sides[-1])
    if numbers is None:
        scalar = _CELL.match(_SPACES.sub("", sides[-1]))
        if scalar is None or scalar.group(3) or scalar.group(5) or role_of(sides[0]) != "b":
            return None  # a number alone is only a worked example's bias (b = 1)
        value = Fraction(scalar.group(2))
        numbers = [[-value if scalar.group(1) == "-" else value]]  # b = 1: a 1x1 matrix
    roles = [role_of(s) for s in sides[:-1]]
    if any(r is None for r in roles):
        return None
    return [r for r in roles if r is not None], numbers


_AS_ROLE = {"X": "X", "Z": "Y", "G": "G", "W": "W"}


def in_role_letters(text: str, letters: dict[str, str]) -> str:
    """``text`` with the capital letters the notes gave a role ("a feature map $P$ ... a
    map $Q$": P is the input, Q the output) written as that role's usual letter, so that
    the worked example's P = [numbers] is its X and dL/dP its dL/dX."""
    for letter, role in letters.items():
        if len(letter) == 1 and letter.isupper() and letter not in "XYZGWK" and role in _AS_ROLE:
            text = re.sub(rf"(?<![A-Za-z\\]){letter}(?![A-Za-z])", _AS_ROLE[role], text)
    return text


def given_numbers(text: str) -> bool:
    """Whether the statement gives a worked example's X or G as numbers (no claim)."""
    got = statement_numbers(text)
    return (
        got is not None
        and set(got[0]) <= GIVEN
        and (len(got[1]) > 1 or len(got[1][0]) > 1 or got[0] == ["b"])
    )


GIVEN = {"X", "G", "W", "b"}  # what a worked example gives (not claims)


def given_before(
    document: str, line: int, prefix: str = "", read=matrix_of
) -> dict[str, tuple[Matrix, int]]:
    """The numbers the notes give for X and G before ``line``: role -> (matrix, line).
    ``prefix``, the text of the claim's line before the claim, adds what that line gives
    before it ("$$X = [...], \\qquad Y = [...]$$": Y's own X, set beside it)."""
    found: dict[str, tuple[Matrix, int]] = {}
    for at, role, numbers, source in _given_in(document, read):
        if at < line or (at == line and source and source[:12] in prefix):
            found[role] = (numbers, at)
    # "use $X[i,j] = i - j$": X's numbers by a formula in its indices, on the layer's grid
    # (entry_formulas.py); the later of a formula and a matrix given for one tensor wins
    for role, (numbers, at) in given_by_formula(document, line).items():
        if read is matrix_of and (role not in found or found[role][1] < at):
            found[role] = (numbers, at)
    # "un biais $b$ initialisé à zéro" beside the example's X and W: b = 0 given in words
    # (zero_bias_prose.py); a b the math gives later wins, as a later matrix does
    if {"X", "W"} & set(found):
        said = zero_bias_line(document, line)
        if said is not None and ("b" not in found or found["b"][1] < said):
            found["b"] = ([[Fraction(0)]], said)
    return found


def given_names(document: str, line: int, prefix: str, given: dict) -> dict[str, set[str]]:
    """role -> the names the statement that gave ``given[role]`` writes for it (``G =
    \\frac{\\partial L}{\\partial Y} = [...]``: G and dL/dY).  A letter a claim sums is
    that tensor only if the statement named it so: notes that call a pool's dL/dP "G" and
    give dL/dZ later have given[G] = dL/dZ, which their letter G is not."""
    out: dict[str, set[str]] = {}
    for at, role, _numbers, source in _given_in(document):
        before = at < line or (at == line and source and source[:12] in prefix)
        if before and role in given and given[role][1] == at:
            out[role] = {_name(side) for side in _sides(source)[:-1]}
    return out


@functools.lru_cache(maxsize=8)
def _given_in(document: str, read=matrix_of) -> tuple[tuple[int, str, Matrix, str], ...]:
    """Every (line, role, numbers, source) a statement of the document gives, in order:
    read once per document (the checker asks at every statement of it); ``read``: the
    reader of a statement's numbers (matrices, or a signal's rows)."""
    from symconv.checker.extract import scan
    from symconv.checker.split import statements

    given = []
    for event in scan(document):
        if event.kind != "math":
            continue
        for piece in statements(event.text):
            got = statement_numbers(piece.text, read)
            if got is None:
                continue
            at = event.line + event.text[: piece.offset].count("\n")
            roles, numbers = got
            source = piece.text.strip()
            given += [(at, role, numbers, source) for role in roles if role in GIVEN]
    # `X = np.arange(1, 17).reshape(4, 4)`, `dY = np.ones((2, 2))`: given in code, for a
    # tensor the math gives no numbers (a notebook's cell repeats the math's, or tries others)
    in_math = {role for _, role, _, _ in given}
    for at, text in code_lines(document):
        for name, numbers, source in code_values(text) if "np" in text or "torch" in text else ():
            role = role_of(name)
            if role in GIVEN and role not in in_math:
                given.append((at, role, numbers, source))
    return tuple(sorted(given, key=lambda g: g[0]))


# G' = [numbers], X' = [numbers]: a second example's tensor, named by the first one's letter
_PRIMED = re.compile(r"^\s*([A-Za-z])('+)\s*$")


@functools.lru_cache(maxsize=8)
def _primed_in(document: str) -> tuple[tuple[int, str, str], ...]:
    """Every (line, role, source) where the notes give a primed X', G' or W' as numbers."""
    from symconv.checker.extract import scan
    from symconv.checker.split import statements

    found = []
    for event in scan(document):
        if event.kind != "math":
            continue
        for piece in statements(event.text):
            sides = _sides(piece.text)
            m = _PRIMED.match(_name(sides[0])) if len(sides) == 2 else None
            if m is None or matrix_of(sides[-1]) is None:
                continue
            role = role_of(m.group(1))
            if role in ("X", "G", "W"):
                at = event.line + event.text[: piece.offset].count("\n")
                found.append((at, role, piece.text.strip()))
    return tuple(found)


def unless_primed_since(document: str, line: int, prefix: str, given: dict) -> None:
    """Not understood where the notes give a primed X', G' or W' as numbers after the
    unprimed numbers a claim would be judged with ("on prend un nouveau gradient amont G'"):
    a claim after it written without letters (dL/dX = [numbers]) may use either."""
    for at, role, source in _primed_in(document):
        before = at < line or (at == line and source[:12] in prefix)
        if before and role in given and given[role][1] < at:
            raise NotUnderstood(
                f"the notes give {role}' as numbers (line {at}) after {role} (line "
                f"{given[role][1]}): which of them the claim uses is not read"
            )


def _with_loss_gradient(given: dict, model, document: str, line: int, letters: dict) -> dict:
    """``given`` with G computed from the notes' squared-error loss against their target
    (worked_loss.py), where the notes give no G as numbers."""
    from symconv.checker.worked_loss import gradient_from_loss

    if "G" in given:
        return given
    derived = gradient_from_loss(model, document, line, letters)
    return given if derived is None else {**given, "G": derived}


# ---------------------------------------------------------------------- the pool's truth
class Pool:
    """One channel of a 2-D pool: op ("max"/"avg"), window, stride, padding (top, left)."""

    def __init__(self, op: str, kernel, stride, padding, hw) -> None:
        self.op, self.kernel, self.stride, self.padding, self.hw = op, kernel, stride, padding, hw
        # the notes' rule for a tied window (tie_convention.py); None: none stated, and a
        # caller that meets a tie says so before routing
        self.tie: str | None = None
        (kh, kw), (sh, sw), (pt, pb, pl, pr), (h, w) = kernel, stride, padding, hw
        self.out = ((h + pt + pb - kh) // sh + 1, (w + pl + pr - kw) // sw + 1)

    def window(self, i: int, j: int) -> list[tuple[int, int]]:
        """The input cells of output (i, j) inside the input, row-major."""
        (kh, kw), (sh, sw), (pt, _, pl, _), (h, w) = self.kernel, self.stride, self.padding, self.hw
        cells = [(i * sh + u - pt, j * sw + v - pl) for u in range(kh) for v in range(kw)]
        return [(a, b) for a, b in cells if 0 <= a < h and 0 <= b < w]

    def outputs(self):
        return [(i, j) for i in range(self.out[0]) for j in range(self.out[1])]

    def forward(self, x: Matrix) -> Matrix:
        y = [[Fraction(0)] * self.out[1] for _ in range(self.out[0])]
        for i, j in self.outputs():
            vals = [x[a][b] for a, b in self.window(i, j)]
            y[i][j] = (
                max(vals)
                if self.op == "max"
                else sum(vals, Fraction(0)) / (self.kernel[0] * self.kernel[1])
            )
        return y

    def argmax(self, x: Matrix, i: int, j: int) -> tuple[int, int]:
        cells = self.window(i, j)
        top = max(x[a][b] for a, b in cells)
        return next(c for c in cells if x[c[0]][c[1]] == top)  # PyTorch: the first

    def ties(self, x: Matrix) -> list[tuple[int, int]]:
        """The outputs whose window's largest entry is not unique."""
        out = []
        for i, j in self.outputs():
            vals = [x[a][b] for a, b in self.window(i, j)]
            if vals.count(max(vals)) > 1:
                out.append((i, j))
        return out

    def routes(self, x: Matrix | None) -> dict[tuple[int, int], dict[tuple[int, int], Fraction]]:
        """dL/dx_{a,b} as {(i, j): coefficient of G_{i,j}} for every input cell."""
        h, w = self.hw
        grad: dict = {(a, b): {} for a in range(h) for b in range(w)}
        share = Fraction(1, self.kernel[0] * self.kernel[1])
        for i, j in self.outputs():
            if self.op == "max":
                assert x is not None
                top = max(x[a][b] for a, b in self.window(i, j))
                tied = [c for c in self.window(i, j) if x[c[0]][c[1]] == top]
                shares = {c: Fraction(*s) for c, s in tie_share(tied, self.tie or FIRST).items()}
            else:
                shares = dict.fromkeys(self.window(i, j), share)
            for c, weight in shares.items():
                grad[c][(i, j)] = grad[c].get((i, j), Fraction(0)) + weight
        return grad


def pool_of(model) -> Pool | None:
    """The one-channel pool a :class:`~symconv.checker.pooling.PoolModel` stands for."""
    op = getattr(model, "op", None)
    if op not in ("max", "avg") or model.spec.in_channels != 1 or model.input_hw is None:
        return None
    return Pool(op, model.spec.kernel, model.spec.stride, model.spec.padding, model.input_hw)


def unless_beside_gradient(roles: list[str], claimed: Matrix, document: str, line: int) -> None:
    """Not understood where a matrix claimed as the output (``Z = [5x5 numbers]``) stands
    on one line with an upstream gradient the notes give (``G' = [2x2 numbers]``) of another
    shape: G is dL/d(output), so the output has G's shape, and a matrix of another one is
    not it -- the letter names the example's new input there ("Overlapping windows: $Z =
    [...]$, $G' = [...]$"), a tensor the output's letter does not fix."""
    if "Y" not in roles or not claimed or not claimed[0]:
        return
    shape = (len(claimed), len(claimed[0]))
    beside = [(role, m, source) for at, role, m, source in _given_in(document) if at == line]
    for at, role, source in _primed_in(document):  # G' = [...]: the new example's gradient
        numbers = matrix_of(_sides(source)[-1]) if at == line else None
        if numbers:
            beside.append((role, numbers, source))
    for role, numbers, source in beside:
        if role == "G" and numbers and (len(numbers), len(numbers[0])) != shape:
            raise NotUnderstood(
                f"the line gives the upstream gradient {source.split('=')[0].strip()} as a "
                f"{len(numbers)}x{len(numbers[0])} matrix, the output's shape; the "
                f"{shape[0]}x{shape[1]} matrix beside it is not the output (its letter "
                "names another tensor of the example here)"
            )


def judge_numbers(
    text: str,
    model,
    document: str,
    line: int,
    letters: dict[str, str] | None = None,
    base: int = 0,
    prefix: str = "",
) -> dict | None:
    """The verdict of a numeric-matrix claim about a pool's worked example (None: not one,
    or a definition of the example's X or G); ``prefix``: the claim's line before it."""
    got = statement_numbers(text)
    pool = pool_of(model)
    if got is None and pool is None and letters is not None:
        # z_{22} = 1\cdot 1 + ... = 7: one entry worked out in numbers
        given = _with_loss_gradient(
            given_before(document, line, prefix), model, document, line, letters
        )
        named = given_names(document, line, prefix, given)
        return judge_value_chain(_sides(text), model, given, letters, base, named)
    if got is None or (pool is None and not is_conv(model)):
        return None
    roles, claimed = got
    if set(roles) <= GIVEN:
        return None  # the example's input or upstream gradient: given, not claimed
    given = given_before(document, line, prefix)
    unless_primed_since(document, line, prefix, given)
    unless_beside_gradient(roles, claimed, document, line)
    if pool is None:
        given = _with_loss_gradient(given, model, document, line, letters or {})
        return judge_conv_numbers(model, roles, claimed, given)
    if not set(roles) & {"Y", "dX"}:
        return None  # dL/dW, W: a kernel's, which a pool has not (the notes' other layer)
    _unless_prose_differs(pool, document, line, prefix)
    if "W" in given:
        raise NotUnderstood(
            f"the notes give a kernel as numbers (line {given['W'][1]}): the example is a "
            "convolution's, not the pool read for this line"
        )
    if "X" not in given and pool.op == "avg" and "dX" in roles:
        # average pooling spreads G the same whatever X holds: only X's shape matters,
        # the layer's, which the claimed matrix must have
        if (len(claimed), len(claimed[0])) != tuple(pool.hw):
            raise NotUnderstood(
                f"the claim is {len(claimed)}x{len(claimed[0])}, the layer's input "
                f"{pool.hw[0]}x{pool.hw[1]}, and the notes give no X"
            )
        given["X"] = ([[Fraction(0)] * pool.hw[1] for _ in range(pool.hw[0])], 0)
    if "X" not in given:
        raise NotUnderstood("a worked example's numbers, but the notes give no input X before")
    x, x_line = given["X"]
    if (len(x), len(x[0])) != tuple(pool.hw):
        raise NotUnderstood(
            f"the notes' X (line {x_line}) is {len(x)}x{len(x[0])}, the layer's input "
            f"{pool.hw[0]}x{pool.hw[1]}"
        )
    name = f"{pool.op} pooling, window {pool.kernel[0]}x{pool.kernel[1]}, stride {pool.stride[0]}"
    if "dX" in roles:
        ones = ones_gradient(document, line, pool.out) if "G" not in given else None
        if ones is not None:  # "with dL/dQ all ones"
            given["G"] = ones
        if "G" not in given:
            raise NotUnderstood("dL/dX of a worked example, but the notes give no G before")
        g, g_line = given["G"]
        if (len(g), len(g[0])) != pool.out:
            raise NotUnderstood(f"the notes' G (line {g_line}) is not the pool's output's shape")
        pool.tie = stated_tie_rule(document, line)  # "ties go to the first maximum"
        if pool.op == "max" and pool.ties(x) and pool.tie is None:
            raise NotUnderstood(
                f"the notes' X has a tie in window {pool.ties(x)[0]}: which entry gets the "
                "gradient is a convention"
            )
        routes = pool.routes(x)
        h, w = pool.hw
        truth = [
            [
                sum((c * g[i][j] for (i, j), c in routes[(a, b)].items()), Fraction(0))
                for b in range(w)
            ]
            for a in range(h)
        ]
        at_x = f"the X of line {x_line}" if x_line else "any X"
        what, where = "dL/dX", f"{at_x} and the G of line {g_line}"
    else:
        truth, what, where = pool.forward(x), "the output", f"the X of line {x_line}"
    return compare_matrices(claimed, truth, what, f"{name}, at {where} (these numbers only)")


def _unless_prose_differs(pool: Pool, document: str, line: int, prefix: str) -> None:
    """Not understood where the claim's section names another pool than the layer read
    (``MaxPool2d(2)`` under a reading that kept an earlier convolution's 3x3 kernel)."""
    from symconv.checker.worked_pool_names import pool_words

    words = pool_words(document.split("\n"), line, prefix)
    op = words.lead_op or words.section_op
    window = words.section_window
    read = (tuple(pool.kernel), tuple(pool.stride))
    if (op is not None and op != pool.op) or (
        window is not None and (window != read or any(pool.padding))
    ):
        named = f"{op or pool.op} pooling" + (
            f", window {window[0][0]}x{window[0][1]}, stride {window[1][0]}" if window else ""
        )
        raise NotUnderstood(f"the prose names {named}, not the layer read for this section")


def compare_matrices(claimed: Matrix, truth: Matrix, what: str, where: str) -> dict:
    """Verified when every entry equals the truth, else wrong naming the first that differs
    (or the shapes); shared by the worked-example readers."""
    shape = (len(truth), len(truth[0]))
    if (len(claimed), len(claimed[0])) != shape:
        return finding(
            WRONG,
            f"{what} is {shape[0]}x{shape[1]}, the claim {len(claimed)}x{len(claimed[0])} "
            f"({where}): {show_matrix(truth)}",
        )
    for r, (row, good) in enumerate(zip(claimed, truth, strict=True)):
        for c, (v, t) in enumerate(zip(row, good, strict=True)):
            if v != t:
                return finding(
                    WRONG,
                    f"entry ({r + 1}, {c + 1}) of {what} is {t}, not {v}, for {where}; "
                    f"the whole: {show_matrix(truth)}",
                )
    return finding(VERIFIED, f"every entry of {what} computed exactly for {where}")
