"""A claim the prose restricts to some of its indices: "$\\partial y_t / \\partial x_s = 0$
for every $s > t$", "$\\delta_{ij} = 0$ per ogni $i > j$", "$W_{kl} = 0$ para todo $k \\ne
l$", "for $t - 2 \\le s \\le t$, $\\partial y_t / \\partial x_s = w_{t-s}$".

The tensor reader judges an indexed claim at every index of its left side; the words that
restrict it to some indices are prose it does not read.  A counterexample outside the
stated range says nothing of the claim (a causal Jacobian is zero only above its
diagonal), so a flagged verdict stands only where its counterexample's indices satisfy the
restriction (then it fails inside the range the notes claim it for, and is wrong there);
otherwise, or where the restriction or the counterexample cannot be read, it is not
understood, naming the restriction.  The restriction is parsed (letters, integers, + and -,
the comparisons), never evaluated as code.
"""

from __future__ import annotations

import re

from symconv.checker.layer_counts import sentence_sides
from symconv.checker.report import NOT_UNDERSTOOD, SIZE_SPECIFIC, WRONG

# the words that restrict a claim to some indices, right after it or right before it
_WORDS = (
    r"(?:for|per|para|pour|f[üu]r)(?:\s+(?:all|every|each|any|ogni|tutti|tutte|todo|toda|"
    r"todos|todas|cada|tout|toute|tous|toutes|chaque|alle|jedes|jeden))?"
    r"|whenever|when|if|quando|se|si|cuando|lorsque|quand|wenn|falls"
)
_AFTER = re.compile(rf"^\s*\$?\s*[,;]?\s*(?:{_WORDS})\s+\$([^$]+)\$", re.IGNORECASE)
_BEFORE = re.compile(
    rf"(?:^|[\s,;(])(?:{_WORDS})\s+\$([^$]+)\$\s*[,:]?\s*[^$]{{0,40}}\$?\s*$", re.I
)
# one comparison: <, >, \le, \ge, \leq, \geq, \ne, \neq, ≤, ≥, ≠
_RELATION = re.compile(r"\\(?:leq?|geq?|neq?|lt|gt)\b|[<>≤≥≠]")
_TERM = re.compile(r"^\s*(?:([A-Za-z])\s*(?:([-+])\s*(\d+))?|(\d+)(?:\s*([-+])\s*([A-Za-z]))?)\s*$")
_OPS = {
    "<": lambda a, b: a < b,
    "\\lt": lambda a, b: a < b,
    ">": lambda a, b: a > b,
    "\\gt": lambda a, b: a > b,
    "\\le": lambda a, b: a <= b,
    "\\leq": lambda a, b: a <= b,
    "≤": lambda a, b: a <= b,
    "\\ge": lambda a, b: a >= b,
    "\\geq": lambda a, b: a >= b,
    "≥": lambda a, b: a >= b,
    "\\ne": lambda a, b: a != b,
    "\\neq": lambda a, b: a != b,
    "≠": lambda a, b: a != b,
}


def restriction(document: list[str], line: int, source: str) -> str | None:
    """The comparison of indices the claim's own sentence restricts it by, right after it
    ("= 0$ for every $s > t$") or right before it ("for $t - 2 \\le s \\le t$, $...$")."""
    if not 0 < line <= len(document):
        return None
    before, after = sentence_sides(document, line, source)
    for m in (_AFTER.search(after), _BEFORE.search(before)):
        if m is not None and _RELATION.search(m.group(1)):
            return m.group(1).strip()
    return None


def _value(term: str, index: dict[str, int]) -> int | None:
    m = _TERM.match(term)
    if m is None:
        return None
    letter, sign, number, constant, sign2, letter2 = m.groups()
    if letter is not None:
        if letter not in index:
            return None
        shift = int(number) if number else 0
        return index[letter] + (shift if sign != "-" else -shift)
    if letter2 is not None:
        if letter2 not in index:
            return None
        return int(constant) + (index[letter2] if sign2 == "+" else -index[letter2])
    return int(constant)


def satisfied(condition: str, index: dict[str, int]) -> bool | None:
    """Whether the indices satisfy the chain of comparisons, or None when it is not read
    (a term other than a letter, an integer, a letter plus or minus an integer)."""
    ops = _RELATION.findall(condition)
    terms = _RELATION.split(condition)
    if not ops or len(terms) != len(ops) + 1:
        return None
    values = [_value(t, index) for t in terms]
    if any(v is None for v in values):
        return None
    return all(_OPS[op](values[k], values[k + 1]) for k, op in enumerate(ops))  # type: ignore[arg-type]


def _indices(text: str) -> set[str]:
    """The letters the claim writes in subscripts: y_t, x_{s}, w_{t-s}, \\delta_{i,j}."""
    found: set[str] = set()
    for m in re.finditer(r"_\s*(?:\{([^{}]*)\}|([A-Za-z]))", text):
        found |= set(re.findall(r"(?<!\\)\b[A-Za-z]\b", m.group(1) or m.group(2)))
    return found


def unless_restricted(
    found: dict | None, document: list[str], line: int, source: str
) -> dict | None:
    """``found``, or not-understood when it is flagged at indices outside the range its
    sentence restricts the claim to (or where that cannot be told)."""
    if found is None or found.get("status") not in (WRONG, SIZE_SPECIFIC):
        return found
    condition = restriction(document, line, source)
    if condition is None or not set(re.findall(r"[A-Za-z]", condition)) <= _indices(source):
        return found  # (a restriction on sizes, "for $S > 1$", is another guard's)
    example = found.get("counterexample")
    index = example.get("index") if isinstance(example, dict) else None
    readable = isinstance(index, dict) and all(isinstance(v, int) for v in index.values())
    if readable and satisfied(condition, index):
        return found  # it fails inside the range the notes claim it for
    return {
        "status": NOT_UNDERSTOOD,
        "message": f"its sentence restricts it to {condition}, which is not read (read at "
        f"every index: {str(found.get('message', ''))[:120]})",
    }
