"""Parameter counts written with symbolic sizes: ``P = C_{out}(C_{in} k^2 + 1)``.

A convolution with C_in input and C_out output channels and a k_h x k_w kernel has
C_out·C_in·k_h·k_w weights and C_out biases.  A claim is evaluated over a grid of sizes
(channels 1..4, kernel sides 1..5) against that count; whether the bias counts is what the
notes say ("no bias", "a bias"), and when they say neither, either count is right (the
missing "+ 1" of a note that does mention a bias is caught).  Text is parsed by
:mod:`.allsizes_parse`, never evaluated.
"""

from __future__ import annotations

import itertools
import re
from fractions import Fraction
from math import ceil, floor

from symconv.checker import lexicon
from symconv.checker.allsizes_parse import Node, walk
from symconv.checker.context import finding
from symconv.checker.limits import NotUnderstood
from symconv.checker.notes_letter_roles import letter_role
from symconv.checker.report import VERIFIED, WRONG

_COUNT = re.compile(
    r"^\s*(?:P|\\#\s*\\?(?:text|mathrm)?\{?\s*params\}?|"
    r"N_\{?\\?(?:text|mathrm)?\{?params\}?\}?|\\text\{params\})\s*="
)
# The sizes a count is written with, by role (the parser's names: C_{in} is "C_in").
_ROLES = {
    "C_in": "cin",
    "C": "cin",
    "n_ch": "cin",
    "c_in": "cin",
    "n_c": "cin",
    "C_out": "cout",
    "F": "cout",
    "n_f": "cout",
    "c_out": "cout",
    "k": "k",
    "k_h": "kh",
    "k_w": "kw",
    "f_h": "kh",
    "f_w": "kw",
    "f_r": "kh",
    "f_c": "kw",
}


_ONE_D = re.compile(r"\b1-?D\b|conv1d|one-dimensional|unidimensional", re.I)
_TWO_D = re.compile(r"\b2-?D\b|conv2d|two-dimensional|bidimensional|image", re.I)


def _square_side(letter: str, document: str) -> bool:
    """Whether the notes write ``letter`` as both sides of a square (``f \times f``, with
    or without a layer mark ``f^{[l]}``): their kernel is 2-D."""
    base = letter.split("_")[0]  # (the parser spells some letters in one case: K as k)
    name = f"[{re.escape(base.lower())}{re.escape(base.upper())}]"
    mark = r"(?:\^\s*\{[^{}]*\})?"
    side = rf"(?<![A-Za-z\\]){name}\s*{mark}"
    return bool(re.search(rf"{side}\s*(?:\\times|×)\s*{name}(?![A-Za-z])", document))


def names_count(text: str) -> bool:
    """Whether a statement states a parameter count (``P = ...``, ``\\#params = ...``)."""
    return bool(_COUNT.match(text))


def _role(name: str, document: str) -> str | None:
    """The count role of a size letter: the notes' own binding ("$K$ filtros de tamaño
    $C \\times F \\times F$": K the filters, F the kernel), else the usual one."""
    return letter_role(name, _ROLES, document)


def is_count(right: Node, document: str = "") -> bool:
    """Whether the right side is made of channels (and a kernel) only: a count, not the
    padding ``P = 2`` (nor ``P = (F - 1)/2`` where the notes call the kernel F)."""
    roles = {_role(m.parts[0], document) for m in walk(right) if m.kind == "sym"}
    return roles <= {"cin", "cout", "k", "kh", "kw"} and bool(roles & {"cin", "cout"})


def own_clause(document: str, line: int, text: str) -> str:
    """The words before a count on its own line ("- standard conv with bias: $P = ...$"),
    or, for a display alone on its line, the prose line just above when it leads into it
    ("With a bias per filter:"); a sheet's other items, each with its own clause, are not
    the claim's."""
    lines = document.split("\n")
    if not 0 < line <= len(lines):
        return ""
    own = lines[line - 1]
    head = text.strip()[:12]
    at = own.find(head) if head else -1
    before = own[:at] if at >= 0 else ""
    if before.strip().strip("$").strip():
        return before
    above = next((t.strip() for t in reversed(lines[: line - 1]) if t.strip()), "")
    if above.endswith(":") and not re.match(r"(?:#|[-*+]\s|\d{1,2}[.)]\s|\$)", above):
        return above
    return ""


# the kernel a count's own clause names beside a kernel word: "a 3 × 3 kernel", "Uma conv
# $3 \times 3$ de ...", "un filtro de $5 \times 5$", "3×3 卷积核", "卷积核为 3×3", "3×3 の
# カーネル", "3×3 커널" (a size elsewhere in the clause, "on a 32 × 32 map", is no kernel)
_SIZE = r"\$?\s*(\d{1,2})\s*(?:\\times|×|x)\s*(\d{1,2})\s*\$?"
_KERNEL_WORD = (
    rf"(?:\b(?:{lexicon.KERNEL}|conv\w*|Faltung\w*|circonvoluzione)\b|卷积核|卷積核|核|"
    r"カーネル|フィルタ|커널|필터)"
)
_CLAUSE_KERNEL = re.compile(
    rf"{_KERNEL_WORD}\s*(?:of|de|da|do|di|du|von|with|com|con|{lexicon.CJK_IS})?\s*{_SIZE}"
    rf"|{_SIZE}\s*-?\s*(?:的|の)?\s*{_KERNEL_WORD}",
    re.IGNORECASE,
)


def clause_kernel(own: str) -> tuple[int, int] | None:
    """The kernel (rows, columns) the count's own clause names beside a kernel word; None
    when it names none, or two different ones."""
    found = {
        (int(m.group(1) or m.group(3)), int(m.group(2) or m.group(4)))
        for m in _CLAUSE_KERNEL.finditer(own)
    }
    return next(iter(found)) if len(found) == 1 else None


def _value(n: Node, env: dict[str, int]) -> Fraction:
    kind, parts = n.kind, n.parts
    if kind == "num":
        return Fraction(parts[0])
    if kind == "sym":
        if parts[0] not in env:
            raise NotUnderstood(f"{parts[0]} is not a size a parameter count is made of")
        return Fraction(env[parts[0]])
    if kind == "add":
        return sum((_value(t, env) * s for t, s in zip(*parts, strict=True)), Fraction(0))
    if kind == "mul":
        out = Fraction(1)
        for f in parts[0]:
            out *= _value(f, env)
        return out
    if kind == "frac":
        return _value(parts[0], env) / _value(parts[1], env)
    if kind == "pow":
        return _value(parts[0], env) ** parts[1]
    if kind in ("floor", "ceil"):
        return Fraction((floor if kind == "floor" else ceil)(_value(parts[0], env)))
    raise NotUnderstood(f"a {kind} in a parameter count")


def judge_count(right: Node, document: str, own: str = "") -> dict:
    """The verdict of ``P = right`` for a convolution layer's parameter count; ``own``: the
    words of the claim's own clause before it, whose word on the bias comes first."""
    from symconv.checker.allsizes_notes import says_bias

    names = {m.parts[0] for m in walk(right) if m.kind == "sym"}
    role = {n: _role(n, document) for n in names}
    unknown = sorted(n for n, r in role.items() if r not in ("cin", "cout", "k", "kh", "kw"))
    if unknown:  # F where the notes call the filters K: which size it is, is not read
        raise NotUnderstood(f"which size {', '.join(unknown)} is in this count is not read")
    roles = set(role.values())
    kernel = None
    if not roles & {"k", "kh", "kw"}:
        # "P = 9 C_in C_out + C_out": the kernel is written as a number, so the count is
        # about the kernel its clause names ("a 3 × 3 kernel"), not about every kernel
        kernel = clause_kernel(own)
        written = any(m.kind == "num" and Fraction(m.parts[0]) > 1 for m in walk(right))
        if kernel is None and written:
            # (a count with no number for a kernel, "P = F (C + 1)", is still judged over
            # every kernel: it leaves the taps out whatever the kernel)
            raise NotUnderstood(
                "the count writes no kernel size as a letter and its clause names no "
                "kernel: which kernel it counts is not read"
            )
    biases = {True: (1,), False: (0,), None: (0, 1)}[says_bias(document, own)]
    # k alone (no k^2, no k_h k_w): a 1-D layer's k taps or a square kernel's k^2
    squared = any(m.kind == "pow" for m in walk(right)) or "kh" in roles
    one, two = bool(_ONE_D.search(document)), bool(_TWO_D.search(document))
    # "filters of size $f \times f \times C$": the notes' kernel letter is a square's side
    two = two or any(_square_side(n, document) for n, r in role.items() if r == "k")
    taps = (2,) if squared or (two and not one) else (1,) if one and not two else (1, 2)
    tried = 0
    for cin, cout, kh, kw in itertools.product(range(1, 5), range(1, 5), range(1, 6), range(1, 6)):
        if ("k" in roles and kh != kw) or (kernel is not None and (kh, kw) != kernel):
            continue
        env = {n: {"cin": cin, "cout": cout, "k": kh, "kh": kh, "kw": kw}[role[n]] for n in names}
        tried += 1
        claimed = _value(right, env)
        truths = {
            cout * (cin * (kh * kw if t == 2 or "kh" in roles else kh) + b)
            for b in biases
            for t in (taps if kernel is None else (2,))
        }
        if claimed not in truths:
            shown = ", ".join(f"{k} = {v}" for k, v in sorted(env.items()))
            why = (
                f"with {shown}, the formula gives {claimed}, the layer has "
                f"{' or '.join(str(t) for t in sorted(truths))} parameters "
                f"(C_out·C_in·k_h·k_w weights{'' if biases == (0,) else ', C_out biases'})"
            )
            return finding(
                WRONG,
                f"false: {why}",
                expected=str(min(truths)),
                counterexample={"sizes": env, "right": str(claimed)},
            )
    return finding(
        VERIFIED,
        f"holds over a grid of {tried} sizes (channels 1..4, "
        + ("kernel 1..5" if kernel is None else "the {}x{} kernel its clause names".format(*kernel))
        + "): C_out·C_in·k_h·k_w weights"
        + ("" if biases == (0,) else " and C_out biases"),
    )


# ---------------------------------------------------------------------- a chosen size
# "choosing $p = \frac{k-1}{2}$ gives $H_{out} = H$": the padding is a choice (no verdict
# of its own but "an assumption"), and the output size after it, on the same line, is
# judged with it: over a grid of H and k (where the choice is a whole padding), with the
# stride 1 when the prose just above says so.
_CHOICE = re.compile(r"^\s*p\s*=\s*[^=]*k")
_OUTPUT = {"H_o": "H", "W_o": "W"}


def names_choice(text: str) -> bool:
    return bool(_CHOICE.match(text))


def judge_chosen(left: Node, right: Node, choice: Node, stride_one: bool) -> dict:
    """The verdict of ``H_o = right`` with the padding ``choice`` (a size expression)."""
    size = _OUTPUT[left.parts[0]]
    tried = 0
    for h, k, s in itertools.product(range(1, 13), range(1, 7), (1,) if stride_one else (1, 2, 3)):
        env = {size: h, "k": k, "s": s}
        p = _value(choice, env)
        if p.denominator != 1 or p < 0 or h + 2 * p < k:
            continue  # the choice makes no layer at these sizes
        env["p"] = int(p)
        tried += 1
        truth = (h + 2 * int(p) - k) // s + 1
        claimed = _value(right, env)
        if claimed != truth:
            shown = ", ".join(f"{n} = {v}" for n, v in env.items())
            return finding(
                WRONG,
                f"false with the chosen padding: with {shown}, the formula "
                f"gives {claimed}, the output has {truth}",
                expected=str(truth),
                counterexample={"sizes": env, "right": str(claimed)},
            )
    if not tried:
        raise NotUnderstood("the chosen padding is never a whole number of rows")
    return finding(
        VERIFIED,
        f"holds with the chosen padding at {tried} sizes"
        + (" (stride 1, as the notes say)" if stride_one else ""),
    )
