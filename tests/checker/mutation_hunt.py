"""Mutation hunt for misses (a script, not a test): every verified claim of an unseen set,
mutated one way at a time, is checked again inside its note; a mutant still verified is
printed, a candidate miss to triage by hand (some mutations are neutral: swapping the two
summation indices of a bias gradient over a square map, the operands of a convolution,
which the checker reads as the filter sliding over the map, a size that defines the layer).

The operators: swap the last two indices of a subscript, + -> - in a subscript, shift an
index by one, drop a rotation, drop a transpose, bump the last number, bump a sum's upper
bound, drop "+ b", bump a fraction's denominator, bump a pad/dilate/crop amount, swap the
operands of a convolution, drop the last term.  The session of 2026-12-05 found with it the
misses tests/checker/test_check_entrywise.py and test_check_bias_prose.py now hold
(783 mutants of dev, holdout, fresh1-fresh11; 31 still verified, 25 of them neutral).

    python tests/checker/mutation_hunt.py SET [SET...] [--ops op,op] [--limit N]

Sealed sets must not be hunted on: the output prints their claims.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

from symconv.checker.runner import check_text

UNSEEN = Path(__file__).resolve().parents[1] / "data" / "check" / "unseen"
ROT = re.compile(
    r"\\(?:operatorname|text|mathrm)\{\s*rot\s*(?:180)?\s*\}(?:_\{?\s*180\s*(?:\^\{?\\circ\}?)?\s*\}?)?"
    r"|\\(?:operatorname|text|mathrm)\{\s*flip\s*\}|\brot180\b"
)
TRANSPOSE = re.compile(r"\^\{\s*(?:T|\\top)\s*\}|\^(?:T|\\top)(?![A-Za-z])")
SUB = re.compile(r"_\{([^{}]*)\}")


def rhs_start(s: str) -> int:
    k = s.rfind("=")
    return k + 1 if k >= 0 else 0


def op_swap(s: str) -> str | None:
    k = rhs_start(s)
    for m in SUB.finditer(s, k):
        parts = [p.strip() for p in m.group(1).split(",")]
        if len(parts) >= 2 and parts[-1] != parts[-2]:
            parts[-1], parts[-2] = parts[-2], parts[-1]
            return s[: m.start(1)] + ",".join(parts) + s[m.end(1) :]
    return None


def op_sign(s: str) -> str | None:
    k = rhs_start(s)
    for m in SUB.finditer(s, k):
        if "+" in m.group(1):
            inner = m.group(1).replace("+", "-", 1)
            return s[: m.start(1)] + inner + s[m.end(1) :]
    return None


def op_shift(s: str) -> str | None:
    k = rhs_start(s)
    for m in SUB.finditer(s, k):
        parts = m.group(1).split(",")
        for i, p in enumerate(parts):
            if re.fullmatch(r"\s*[a-z]\s*", p):
                parts[i] = p.strip() + "+1"
                return s[: m.start(1)] + ",".join(parts) + s[m.end(1) :]
    return None


def op_rot(s: str) -> str | None:
    m = ROT.search(s)
    return None if m is None else s[: m.start()] + s[m.end() :]


def op_transpose(s: str) -> str | None:
    m = TRANSPOSE.search(s)
    return None if m is None else s[: m.start()] + s[m.end() :]


def op_number(s: str) -> str | None:
    k = rhs_start(s)
    found = [m for m in re.finditer(r"(?<![_{\w.])\d+(?:\.\d+)?(?![\w}])", s[k:])]
    if not found:
        return None
    m = found[-1]
    text = m.group(0)
    new = str(int(text) + 1) if text.isdigit() else text[:-1] + str((int(text[-1]) + 1) % 10)
    return s[: k + m.start()] + new + s[k + m.end() :]


def op_bound(s: str) -> str | None:
    m = re.search(r"\\sum_\{[^{}]*\}\^\{([^{}]*)\}", s)
    if m is None:
        return None
    b = m.group(1)
    nb = b[:-2].strip() if re.search(r"-\s*1$", b) else b + "-1"
    return s[: m.start(1)] + nb + s[m.end(1) :]


def op_bias(s: str) -> str | None:
    m = re.search(r"\s*\+\s*b(?:_\{[^{}]*\}|_\w)?(?![\w{])", s[rhs_start(s) :])
    if m is None:
        return None
    k = rhs_start(s)
    return s[: k + m.start()] + s[k + m.end() :]


def op_frac(s: str) -> str | None:
    k = rhs_start(s)
    m = re.search(r"\\d?frac\s*\{\s*(\d+)\s*\}\s*\{\s*(\d+)\s*\}", s[k:])
    if m is None:
        return None
    a, b = m.group(1), m.group(2)
    new = f"\\frac{{{a}}}{{{int(b) + 1}}}"
    return s[: k + m.start()] + new + s[k + m.end() :]


def op_opsub(s: str) -> str | None:
    m = re.search(r"(pad|dilate|crop)\s*\}?\s*_\s*\{?\s*(\d+)", s)
    if m is None:
        return None
    d = int(m.group(2))
    return s[: m.start(2)] + str(d + 1) + s[m.end(2) :]


def _group(s: str, i: int) -> int:
    """End of the balanced group opening at s[i]."""
    pairs = {"{": "}", "(": ")", "[": "]"}
    close, depth = pairs[s[i]], 0
    for j in range(i, len(s)):
        if s[j] == s[i]:
            depth += 1
        elif s[j] == close:
            depth -= 1
            if depth == 0:
                return j + 1
    return len(s)


def _atom(s: str, i: int) -> int:
    """End of the operand starting at s[i] (a command with its groups and scripts, a
    letter with scripts and a call, a parenthesised group), or i when none."""
    j = i
    if j < len(s) and s[j] == "\\":
        j += 1
        while j < len(s) and s[j].isalpha():
            j += 1
        if s[i:j] in ("\\star", "\\ast", "\\cdot", "\\odot", "\\otimes"):
            return i
    elif j < len(s) and s[j].isalpha():
        j += 1
    elif j < len(s) and s[j] == "(":
        return _group(s, j)
    else:
        return i
    while j < len(s):
        k = j
        while k < len(s) and s[k] == " ":
            k += 1
        if k < len(s) and s[k] in "{(":
            j = _group(s, k)
        elif k < len(s) and s[k] in "_^":
            k += 1
            while k < len(s) and s[k] == " ":
                k += 1
            j = _group(s, k) if k < len(s) and s[k] == "{" else k + 1
        else:
            break
    return j


def op_operands(s: str) -> str | None:
    k = rhs_start(s)
    i = k
    atoms = []
    while i < len(s):
        if s[i] == " ":
            i += 1
            continue
        m = re.match(r"\\star|\\ast|\*", s[i:])
        if m:
            atoms.append(("op", i, i + m.end()))
            i += m.end()
            continue
        j = _atom(s, i)
        if j == i:
            atoms.append(("other", i, i + 1))
            i += 1
        else:
            atoms.append(("atom", i, j))
            i = j
    for a, b, c in zip(atoms, atoms[1:], atoms[2:], strict=False):
        if a[0] == "atom" and b[0] == "op" and c[0] == "atom":
            left, right = s[a[1] : a[2]], s[c[1] : c[2]]
            return s[: a[1]] + right + " " + s[b[1] : b[2]] + " " + left + s[c[2] :]
    return None


def op_dropterm(s: str) -> str | None:
    k = rhs_start(s)
    rhs = s[k:]
    depth = 0
    cuts = []
    for i, ch in enumerate(rhs):
        if ch in "{([":
            depth += 1
        elif ch in "})]":
            depth -= 1
        elif ch in "+" and depth == 0:
            cuts.append(i)
    if not cuts:
        return None
    i = cuts[-1]
    return s[: k + i].rstrip()


OPS = {
    "frac": op_frac,
    "opsub": op_opsub,
    "operands": op_operands,
    "dropterm": op_dropterm,
    "swap": op_swap,
    "sign": op_sign,
    "shift": op_shift,
    "rot": op_rot,
    "transpose": op_transpose,
    "number": op_number,
    "bound": op_bound,
    "bias": op_bias,
}


def main() -> None:
    args = sys.argv[1:]
    ops = list(OPS)
    limit = None
    if "--ops" in args:
        i = args.index("--ops")
        ops = args[i + 1].split(",")
        del args[i : i + 2]
    if "--limit" in args:
        i = args.index("--limit")
        limit = int(args[i + 1])
        del args[i : i + 2]
    rng = random.Random(0)
    tried = survived = 0
    for which in args:
        for path in sorted((UNSEEN / which).glob("*.md")):
            text = path.read_text(encoding="utf-8")
            verdicts = check_text(text, str(path)).verdicts
            by_line: dict[int, list] = {}
            for v in verdicts:
                by_line.setdefault(v.line, []).append(v)
            for line, vs in sorted(by_line.items()):
                if not all(v.status == "verified" for v in vs):
                    continue
                source = vs[-1].source
                start = text.find(source)
                while start >= 0 and text.count("\n", 0, start) + 1 != line:
                    start = text.find(source, start + 1)
                if start < 0:
                    continue
                names = [o for o in ops if OPS[o](source) is not None]
                rng.shuffle(names)
                for name in names[:limit] if limit else names:
                    mutant = OPS[name](source)
                    if mutant is None or mutant == source:
                        continue
                    new = text[:start] + mutant + text[start + len(source) :]
                    tried += 1
                    try:
                        got = [v for v in check_text(new, str(path)).verdicts if v.line == line]
                    except Exception as error:
                        print(f"{which}/{path.stem}:{line} {name}: ERROR {error}"[:300])
                        continue
                    mine = [v for v in got if v.source.strip() == mutant.strip()]
                    if mine and all(v.status == "verified" for v in mine):
                        survived += 1
                        print(f"{which}/{path.stem}:{line} {name}: {mutant.strip()[:220]!r}")
                        sys.stdout.flush()
    print(f"# {tried} mutants, {survived} still verified")


if __name__ == "__main__":
    main()
