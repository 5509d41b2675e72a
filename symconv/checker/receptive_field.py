"""The receptive field of a stack of dilated convolutions the sentence states: "Stacking
layers with dilations $1, 2, 4, 8$ and $K = 3$ gives a receptive field of $1 + 2(1 + 2 + 4 +
8) = 31$", "three layers of $K = 3$ taps with dilations 1, 2, 4 gives $RF = ... = 15$; adding
a fourth with dilation 8, ...", "Stack two $3 \\times 3$ layers, the first with $d = 1$ and
the second with $d = 2$ ... $R = 3 + 5 = 8$".

Each stride-1 layer of kernel K and dilation d widens what one output sees by (K - 1) d, so
the stack sees 1 + (K - 1)(d_1 + ... + d_n).  The dilations are read in the order written
(every one the words before the statement give, a later "adding a fourth with dilation 8"
extending the list), the kernel from the same words (else the caller's).  Nothing is read
when a stride other than 1 is mentioned ("(stride 1)" is read) or a stated layer count
disagrees with the dilations.
"""

from __future__ import annotations

import itertools
import re
from fractions import Fraction

from symconv.checker import lexicon

# the words between two dilations of a list, "1, 2 and 4", "1 then 2" (the order is the
# stack's, which the sum does not need), "1 dann 2", "1 luego 2", "1 puis 2", "1 rồi 2"
_THEN = (
    r",|\b(?:and|y|et|und|e|i|then|and\s+then|dann|luego|despu[ée]s|puis|ensuite|poi|depois|"
    r"potem|nast[ęe]pnie|sonra|затем|потом|rồi|μετά|followed\s+by)\b"
)
_DILATIONS = re.compile(
    r"\b(?:dilations?|dilataciones|dilatations|Dilatationen|dilatazioni)\s*(?:of\s*|de\s*)?"
    rf"((?:\d+\s*(?:(?:{_THEN})\s*)*)+)|"
    r"\b(?:d|dilation|dilatación|dilatation)\s*=\s*(\d+)\b",
    re.IGNORECASE,
)
_KERNEL = re.compile(
    r"\bK\s*=\s*(\d+)|\b(\d+)\s*taps\b|\b(\d+)\s*(?:\\times|×|x)\s*\d+\b|"
    r"\bkernel\s+(?:size\s+|of\s+)?(\d+)\b",
    re.IGNORECASE,
)
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "dos": 2, "tres": 3,
          "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8, "nueve": 9, "diez": 10,
          "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7, "huit": 8, "neuf": 9,
          "dix": 10}  # fmt: skip
# a list of dilations left open: "dilations $1, 2, 4, \dots, 2^{n-1}$", "1, 2, 4, ..., 512"
# -- the terms written are the start of a rule, not the stack (its last term, when a
# number, follows the ellipsis)
_ELLIPSIS = re.compile(r"\s*(?:\\[lc]?dots|\.{3}|…)\s*(?:,\s*(?P<last>\d+)(?![\d^.]))?")
_COUNT = re.compile(
    r"\b(\d+|" + "|".join(_WORDS) + r")\s+(?:stacked\s+)?(?:\d+\s*(?:\\times|×|x)\s*\d+\s+)?"
    r"(?:dilated\s+)?(?:conv\w*\s+)?(?:layers|convs|capas|couches)\b",
    re.IGNORECASE,
)
_EXTENDS = re.compile(r"\b(?:adding|add|another|a(?:ñ|n)adiendo|ajoutant)\b", re.IGNORECASE)
_STRIDE = re.compile(
    lexicon.word(r"strides?|paso|pas|Schrittweite", lexicon.STRIDE_CJK), re.IGNORECASE
)
_STRIDE_ONE = re.compile(
    r"\b(?:strides?|paso|pas|Schrittweite)\s*(?:=|of|de|:)?\s*1\b(?!\s*(?:,|and|y)\s*\d)"
    rf"|(?:{lexicon.STRIDE_CJK}){lexicon.CJK_IS}1(?![\d.])",
    re.IGNORECASE,
)
_OTHER_LAYERS = re.compile(r"pool|upsampl|transpos|dilat|Pooling", re.IGNORECASE)
# "two stacked 3x3 convolutions", "zwei hintereinander geschaltete 3×3-Faltungen", "drei
# solchen Faltungen", "dos capas 3×3": n undilated stride-1 layers
_GERMAN = {"zwei": 2, "drei": 3, "vier": 4, "fünf": 5}
_STACK = re.compile(
    r"\b(\d+|two|three|four|five|dos|tres|cuatro|deux|trois|quatre|zwei|drei|vier|fünf)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:(\d+)\s*(?:\\times|×|x)\s*\d+\s*-?\s*)?"
    r"(?:conv\w*|layers|capas|couches|Faltungen|Schichten|Faltungsschichten)\b"
    r"(?:\s+(?:de\s+)?(\d+)\s*(?:\\times|×|x)\s*\d+)?",
    re.IGNORECASE,
)


def stack_described(before: str, kernel: int | None = None) -> tuple[int, str, bool] | None:
    """(receptive field, how, stated) of the stack the words before a statement describe;
    ``stated``: its kernel is written there too (not the caller's)."""
    plain = _STRIDE_ONE.sub(" ", before.replace("$", " "))  # "(stride 1)": no compounding
    if _STRIDE.search(plain):
        return None
    dilations: list[int] = []
    lists = list(_DILATIONS.finditer(plain))
    opened = [_ELLIPSIS.match(plain, m.end()) for m in lists if m.group(1)]
    for m in lists:
        if m.group(1):
            dilations += [int(n) for n in re.findall(r"\d+", m.group(1))]
        else:
            dilations.append(int(m.group(2)))
    if not dilations:
        return _plain_stack(plain, kernel)
    if len(dilations) < 2 or 0 in dilations:
        return None
    said = _KERNEL.search(plain)
    k = int(next(g for g in said.groups() if g)) if said else kernel
    if k is None or k < 1:
        return None
    counts = {int(w) if w.isdigit() else _WORDS[w.lower()] for w in _COUNT.findall(plain)}
    how_many = f"{len(dilations)} stacked layers"
    if any(opened):  # "dilations $1, 2, 4, \dots$ ... ten layers": the rule to the count
        last = opened[-1].group("last") if len(lists) == 1 and opened[-1] else None
        dilations = _continued(dilations, counts, int(last) if last else None)
        if dilations is None or len(lists) != 1 or _EXTENDS.search(plain):
            return None
        how_many = f"{len(dilations)} stacked layers (the open list continued by its rule)"
    elif counts and len(dilations) not in counts and not _EXTENDS.search(plain):
        return None
    field = 1 + (k - 1) * sum(dilations)
    shown = ", ".join(str(d) for d in dilations)
    how = (
        f"{how_many} of kernel {k} with dilations {shown} see "
        f"1 + ({k} - 1)·({' + '.join(str(d) for d in dilations)}) = {field}"
    )
    return field, how, said is not None


def _continued(terms: list[int], counts: set[int], last: int | None) -> list[int] | None:
    """The dilations of an open list ("1, 2, 4, \\dots") continued by the rule its terms
    show -- each the one before times r (WaveNet's doubling), or plus a step -- to the one
    layer count the words state (or to the number written after the ellipsis); None when
    three terms do not show one rule, the count is not one number, or count and last term
    disagree."""
    if len(terms) < 3 or len(counts) > 1 or (not counts and last is None):
        return None
    ratio, rest = divmod(terms[1], terms[0])
    pairs = list(itertools.pairwise(terms))
    if not rest and ratio >= 2 and all(b == a * ratio for a, b in pairs):
        gap = 0  # each the one before times the ratio
    elif terms[1] > terms[0] and all(b - a == terms[1] - terms[0] for a, b in pairs):
        ratio, gap = 1, terms[1] - terms[0]  # each the one before plus the step
    else:
        return None
    out = list(terms)
    wanted = next(iter(counts)) if counts else None
    while (wanted is not None and len(out) < wanted) or (wanted is None and out[-1] < last):
        out.append(out[-1] * ratio + gap)
        if len(out) > 64:
            return None
    if wanted is not None and len(out) != wanted:
        return None  # fewer layers stated than terms written
    if last is not None and out[-1] != last:
        return None
    return out


def _plain_stack(plain: str, kernel: int | None) -> tuple[int, str, bool] | None:
    """(field, how, stated) of the last stack of n undilated stride-1 layers the words
    name: each widens what one output sees by k - 1, so n of them see 1 + n(k - 1).  The
    kernel is the stack's own ("two 3x3 convolutions") or an earlier one's ("three such")."""
    stacks = list(_STACK.finditer(plain))
    if not stacks or _OTHER_LAYERS.search(plain):
        return None  # a pooling or an upsampling in the stack widens it otherwise
    last = stacks[-1]
    word = last.group(1).lower()
    count = int(word) if word.isdigit() else {**_WORDS, **_GERMAN}.get(word)
    sides = [int(m.group(2) or m.group(3)) for m in stacks if m.group(2) or m.group(3)]
    k = sides[-1] if sides else kernel
    if count is None or count < 1 or k is None or k < 1:
        return None
    field = 1 + count * (k - 1)
    how = f"{count} stacked stride-1 layers of kernel {k} see 1 + {count}·({k} - 1) = {field}"
    return field, how, bool(sides)


# ------------------------------------------------------------------ formulas in K
_FIELD_NAMES = frozenset({"RF", "R", "r", "R_f", "RF_n"})
_FIELD_WORDS = re.compile(r"\breceptiv|\breceptivo|\brecettivo|\brécepti|\brezeptiv", re.I)
_STATED_K = re.compile(r"(?<![\w\\])K\s*=\s*(\d+)(?![\d.])")


def stack_dilations(before: str) -> list[int] | None:
    """The dilations, in order, of the one stack of stride-1 layers the words name (two or
    more), else None."""
    plain = _STRIDE_ONE.sub(" ", before.replace("$", " "))
    if _STRIDE.search(plain) or _EXTENDS.search(plain):
        return None  # "adding a fourth with dilation 8": stack_described reads those
    written = [m for m in _DILATIONS.finditer(plain) if m.group(1)]
    if written and _ELLIPSIS.match(plain, written[-1].end()):
        return None  # "1, 2, 4, \dots": the latest stack is a rule, not these dilations
    found = [[int(n) for n in re.findall(r"\d+", m.group(1))] for m in written]
    lists = [d for d in found if len(d) >= 2 and 0 not in d]
    return lists[-1] if lists else None


def judge_field_formula(
    text: str, document: list[str], line: int, source: str
) -> dict[str, object] | None:
    """``R = 1 + (K - 1)(1 + 2 + 4 + 8)``, ``R = K (1 + 2 + 4 + 8) = 30``: a receptive field
    written in the kernel K of a stack of dilated stride-1 layers.  The stack's dilations are
    those the words before the claim state, else the one list the notes state anywhere
    ("dilations 1, 2, 4, 8"); its field is 1 + (K - 1)(d_1 + ... + d_n) for every K.  A side
    in K is compared with that for K = 1 .. 6 (a formula for the stack holds for each
    kernel); a side in numbers only at the K the sentence states.  None: no such claim."""
    from symconv.checker.allsizes_counts import _value
    from symconv.checker.allsizes_parse import parse, walk
    from symconv.checker.bound_sizes import compare
    from symconv.checker.context import finding
    from symconv.checker.layer_counts import sentence_around
    from symconv.checker.limits import NotUnderstood
    from symconv.checker.report import VERIFIED
    from symconv.checker.size_names import flatten, left_side

    left = left_side(text)
    if left is None or flatten(left) not in _FIELD_NAMES or not 0 < line <= len(document):
        return None
    wider = sentence_around(document, line, source, previous=True)
    before = wider[: max(0, wider.find(source[:20]))]
    if not _FIELD_WORDS.search(before):
        return None
    dilations = stack_dilations(before)
    if dilations is None:
        every = {tuple(d) for d in _all_lists("\n".join(document[: line - 1]))}
        if len(every) != 1:
            return None
        dilations = list(every.pop())
    own = sentence_around(document, line, source)  # "Con $K = 3$ ... calcula $R = ...$":
    own = own[: max(0, own.find(source[:20]))]  # the K of the claim's own sentence first
    stated = {int(k) for k in _STATED_K.findall(own)} or {int(k) for k in _STATED_K.findall(before)}
    k_said = stated.pop() if len(stated) == 1 else None
    total = sum(dilations)
    sides = []
    try:
        for side in text.split("=")[1:]:
            tree = parse(side)
            names = {n.parts[0] for n in walk(tree) if n.kind == "sym"}
            if not names <= {"k", "K"}:
                return None
            sides.append((tree, bool(names)))
        shown = " + ".join(str(d) for d in dilations)
        about = f"layers of kernel K with dilations {shown} see 1 + (K - 1)·({shown})"
        if all(symbolic for _, symbolic in sides):
            for k in range(1, 7):
                values = [_value(tree, {"k": k, "K": k}) for tree, _ in sides]
                if any(v != 1 + (k - 1) * total for v in values):
                    return compare(Fraction(1 + (k - 1) * total), values, f"at K = {k}, {about}")
            return finding(VERIFIED, f"for every K: {about}")
        if k_said is None:
            return None
        values = [_value(tree, {"k": k_said, "K": k_said}) for tree, _ in sides]
    except (NotUnderstood, ZeroDivisionError, ValueError, IndexError):
        return None
    return compare(Fraction(1 + (k_said - 1) * total), values, f"at K = {k_said}, {about}")


def _all_lists(text: str) -> list[list[int]]:
    plain = text.replace("$", " ")
    lists = [
        [int(n) for n in re.findall(r"\d+", m.group(1))]
        for m in _DILATIONS.finditer(plain)
        if m.group(1) and not _ELLIPSIS.match(plain, m.end())
    ]
    return [d for d in lists if len(d) >= 2 and 0 not in d]


# ------------------------------------------------------------------ formulas in a layer count
# "$L$ stacked $3 \times 3$ convs with dilation $2$": n layers counted by a letter, their kernel
_COUNTED_STACK = re.compile(
    r"\b([A-Za-z])\s+(?:stacked\s+|gestapelte\s+|apiladas\s+|empilées\s+)?(\d+)\s*"
    r"(?:\\times|×|x)\s*(\d+)\s*-?\s*(?:conv\w*|layers|capas|couches|Faltung\w*|Schichten)\b",
    re.IGNORECASE,
)
# "$N$ capas apiladas de $5 \times 5$", "$n$ couches de $3 \times 3$": the kernel after the word
_COUNTED_STACK_AFTER = re.compile(
    r"\b([A-Za-z])\s+(?:capas|couches|Schichten|Faltungen|layers|convs|convoluciones|camadas)\s+"
    r"(?:apiladas\s+|empilées\s+|gestapelte\s+|stacked\s+|empilhadas\s+)?"
    r"(?:de\s+|of\s+|mit\s+|à\s+)?(\d+)\s*(?:\\times|×|x)\s*(\d+)",
    re.IGNORECASE,
)
_DILATION_ONE = re.compile(
    r"\b(?:dilation|dilatación|dilatation|Dilatation|dilatazione)\s*(?:of\s*|de\s*|=\s*)?(\d+)\b"
    r"|\bd\s*=\s*(\d+)\b",
    re.IGNORECASE,
)


def judge_counted_stack(
    text: str, document: list[str], line: int, source: str
) -> dict[str, object] | None:
    """``r = 2L + 1`` after "$L$ stacked $3 \\times 3$ convs" (under a heading or in words
    that say receptive field and stride 1): a receptive field written in the number of layers.
    Each stride-1 layer of kernel k and dilation d widens what one output sees by d(k - 1),
    so L of them see 1 + L d(k - 1); the formula is compared with that for L = 1 .. 6 (a
    formula for the stack holds for every count), naming the first count where it fails."""
    from symconv.checker.allsizes_counts import _value
    from symconv.checker.allsizes_parse import parse, walk
    from symconv.checker.bound_sizes import compare
    from symconv.checker.context import finding
    from symconv.checker.layer_counts import sentence_around
    from symconv.checker.limits import NotUnderstood
    from symconv.checker.report import VERIFIED
    from symconv.checker.size_names import flatten, left_side

    left = left_side(text)
    if left is None or flatten(left) not in _FIELD_NAMES or not 0 < line <= len(document):
        return None
    own = sentence_around(document, line, source)
    lines = [t for t in own[: max(0, own.find(source[:20]))].split("\n") if t.strip()]
    before = lines[-1].replace("$", " ") if lines else ""  # a list item: its own words only
    heading = next((t for t in reversed(document[: line - 1]) if t.lstrip().startswith("#")), "")
    words = f"{heading} {before}"
    stacks = [*_COUNTED_STACK.finditer(before), *_COUNTED_STACK_AFTER.finditer(before)]
    if len(stacks) != 1 or not _FIELD_WORDS.search(words):
        return None
    said = _STRIDE_ONE.sub(" ", words)
    if (
        not _STRIDE_ONE.search(words)
        or _STRIDE.search(said)
        or _OTHER_LAYERS.search(_DILATION_ONE.sub(" ", before))
    ):
        return None  # stride 1 must be said; another stride or a pooling compounds
    count, k_h, k_w = stacks[0].group(1), int(stacks[0].group(2)), int(stacks[0].group(3))
    dilations = {int(g) for m in _DILATION_ONE.finditer(before) for g in m.groups() if g}
    if k_h != k_w or len(dilations) > 1 or k_h < 1 or 0 in dilations:
        return None
    d = dilations.pop() if dilations else 1
    about = (
        f"{count} stacked stride-1 layers of kernel {k_h} and dilation {d} see "
        f"1 + {count}·{d}·({k_h} - 1)"
    )
    try:
        trees = [parse(side) for side in text.split("=")[1:]]
        for tree in trees:
            names = {n.parts[0] for n in walk(tree) if n.kind == "sym"}
            if names != {count}:
                return None
        for n in range(1, 7):
            truth = 1 + n * d * (k_h - 1)
            values = [_value(tree, {count: n}) for tree in trees]
            if any(v != truth for v in values):
                return compare(Fraction(truth), values, f"at {count} = {n}, {about}")
    except (NotUnderstood, ZeroDivisionError, ValueError, IndexError):
        return None
    return finding(VERIFIED, f"for every {count}: {about}")
