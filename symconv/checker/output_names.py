"""Names the notes introduce as a layer's output size: "La taille de la sortie est $$H_s =
\\left\\lfloor \\frac{H + 2P - k}{S} \\right\\rfloor + 1$$", "El tamaño de salida es $$n^{(l)} =
6 - 3 + 1 = 4$$", "The output side is $$H_{out} = ...$$", "the output has side $O = ...$".

The name on the left of the display that such a sentence introduces is the output side, in
that display and wherever the notes write it after (``H_s`` at 7, at 8, in a size identity).
Only a single name standing alone on the left counts; a sentence naming several sizes names
none.
"""

from __future__ import annotations

import functools
import itertools
import re

from symconv.checker.defined_outputs import defined_output_names
from symconv.checker.size_names import flatten

# the sentence ends right before the display (or its inline math): "... de la sortie est"
_INTRO = re.compile(
    r"(?:taille|dimension|c[ôo]t[ée]) de (?:la )?sortie|tama[ñn]o de (?:la )?salida|"
    r"lado de (?:la )?salida|alto de la salida|output (?:size|side|length|height|width)|"
    r"size of the output|side of the output|Ausgabegr[öo][ßs]e|dimensione dell'uscita|"
    r"\bto (?:a )?(?:length|size|side)\s*$",
    re.I,
)
# ("maps a length-$H$ signal to length $$H_{tr} = ...$$": the length it is mapped to)
_ENDS = re.compile(
    r"(?:\b(?:est|es|is|ist|è|vaut|vale|equals)|:|\bto (?:a )?(?:length|size|side))\s*$", re.I
)
_LEFT = re.compile(r"^\s*\$\$?\s*([^=$]{1,30}?)\s*=")


@functools.lru_cache(maxsize=32)
def _names(document: tuple[str, ...]) -> frozenset[str]:
    found: set[str] = set()
    for n, text in enumerate(document):
        m = _LEFT.match(text)
        if m is None:
            continue
        before = ""  # the prose right above the display (across one blank line)
        for k in (n - 1, n - 2):
            if k >= 0 and document[k].strip():
                before = document[k]
                break
        inline = text[: text.find("$")] if text.find("$") > 0 else ""
        lead = before if not inline.strip() else inline
        tail = lead[-80:]
        if _INTRO.search(tail) and _ENDS.search(tail):
            name = flatten(m.group(1))
            if re.fullmatch(r"[A-Za-z](?:_\w+|\^\(\w+\)|')?", name):
                found.add(name)
    for text in document:  # "producing $z^{(l+1)}$ of size $H_{l+1} \times H_{l+1}$"
        for m in _PRODUCING.finditer(text):
            name = flatten(m.group(1))
            if re.fullmatch(r"[A-Za-z](?:_[\w+-]+|\^\(\w+\)|')?", name):
                found.add(name)
    return frozenset(found)


# the layer's result and its size in one phrase: the letters are the output's side
_PRODUCING = re.compile(
    r"\b(?:producing|produces|yielding|yields|giving|returns|returning|outputs)\s+(?:an?\s+)?"
    r"(?:output\s+|map\s+)?(?:\$[^$]{1,30}\$\s+)?of\s+(?:size|shape)\s+"
    r"\$\s*([A-Za-z](?:_\{[^{}$]{1,8}\}|_\w)?)\s*\\times\s*\1\s*\$",
    re.I,
)


def output_names(document: list[str]) -> frozenset[str]:
    """The names the notes introduce as the output side (flattened: ``H_s``, ``n^(l)``),
    and those their prose defines so elsewhere (defined_outputs.py: "output size $o$")."""
    return _names(tuple(document)) | defined_output_names(document)


def names_output(text: str, document: list[str]) -> bool:
    """The statement's left side is a name the notes introduce as the output size."""
    left = _LEFT.match("$" + text)
    return left is not None and flatten(left.group(1)) in output_names(document)


# the letters of a size identity, by the parser's names (K -> k, S -> s, P -> p already)
_INPUTS = {"H": "n", "W": "n", "H_in": "n", "n": "n", "k": "k", "F": "k", "s": "s", "p": "p"}


def judge_output_identity(
    text: str, document: list[str], lead_in: str = "", padding: int | None = None
) -> dict[str, object] | None:
    """``(H_s - 1)S + k = H + 2P``: a relation between sizes in which a name the notes
    introduced as the output side stands for floor((H + 2P - k)/S) + 1.  Checked over a
    grid of input sides 1..10, kernels 1..5, strides 1..3 and paddings 0..2 (where the
    window fits): true everywhere is verified, true only at some sizes is size-specific
    (naming a point where it fails), true nowhere is wrong.  None when it is no such
    relation (a letter it does not know, no output name, an output name alone on a side).

    The grid is the claim's case: where its ``lead_in`` assumes the stride fits ("with $s$
    dividing $H - k$"), only sizes where the windows cover the padded input exactly (H + 2P -
    k a multiple of S, so the floor drops nothing); where the claim writes no padding letter
    and the notes state their layer's ``padding``, only that padding (an identity without P
    is about the notes' padding, and another padding is another layer)."""
    from symconv.checker.allsizes_counts import _value
    from symconv.checker.allsizes_notes import STRIDE_FITS
    from symconv.checker.allsizes_parse import parse, walk
    from symconv.checker.limits import NotUnderstood
    from symconv.checker.report import SIZE_SPECIFIC, VERIFIED, WRONG

    named = output_names(document)
    if not named or not any(name.split("_")[0] in text for name in named):
        return None
    try:
        tree = parse(text)
    except NotUnderstood:
        return None
    if tree.kind != "chain" or set(tree.parts[1]) != {"="} or len(tree.parts[0]) != 2:
        return None
    sides = tree.parts[0]
    letters = {m.parts[0] for side in sides for m in walk(side) if m.kind == "sym"}
    outputs = letters & named
    if len(outputs) != 1 or not letters - outputs <= set(_INPUTS):
        return None
    if any(side.kind == "sym" and side.parts[0] in outputs for side in sides):
        return None  # H_s = ...: the output formula itself, judged as one
    if any(not any(m.kind == "sym" for m in walk(side)) for side in sides):
        # (m - 1) s + k = 8: a value at the sizes the notes state, not a relation that holds
        # at some sizes of a grid (there it would be "size-specific" where it is 7, not 8)
        return None
    (output,) = outputs
    held, failed = 0, None
    # "output $y$ is $m \times m$ with $m = n - k + 1$": the notes' own definition of the
    # name in input letters is what it stands for (their stride 1 and no padding), not the
    # general floor((H + 2P - k)/S) + 1 at strides and paddings they never have
    defined = _definition(output, tuple(document))
    used = set(letters - outputs)
    if defined is not None:
        used |= {m.parts[0] for m in walk(defined) if m.kind == "sym"}
    roles = {name: _INPUTS[name] for name in used}
    fits = bool(STRIDE_FITS.search(lead_in))
    strides = range(1, 4) if defined is None or "s" in roles.values() else (1,)
    if "p" in roles.values():
        paddings: range | tuple[int, ...] = range(0, 3)
    elif defined is not None:
        paddings = (0,)
    elif padding is not None:  # no padding letter: the padding the notes state
        paddings = (padding,)
    else:
        paddings = range(0, 3)
    for n, k, s, p in itertools.product(range(1, 11), range(1, 6), strides, paddings):
        if k > n + 2 * p or (fits and (n + 2 * p - k) % s):
            continue
        point = {"n": n, "k": k, "s": s, "p": p}
        env = {name: point[role] for name, role in roles.items()}
        try:
            env[output] = (
                (n + 2 * p - k) // s + 1 if defined is None else _value(defined, dict(env))
            )
            left, right = (_value(side, env) for side in sides)
        except (NotUnderstood, ZeroDivisionError):
            return None
        if left == right:
            held += 1
        elif failed is None:
            failed = env
    meaning = (
        f"{output} = floor((H + 2P - k)/S) + 1 the output side"
        if defined is None
        else f"{output} the output side as the notes define it"
    )
    case = "".join(
        [
            f", padding {padding} as the notes state"
            if defined is None and padding is not None and len(paddings) == 1
            else "",
            ", where the stride divides H + 2P - k as its sentence assumes" if fits else "",
        ]
    )
    if failed is None:
        return {"status": VERIFIED, "message": f"holds over a grid of {held} sizes{case}, with "
                f"{meaning}"}  # fmt: skip
    shown = ", ".join(f"{k} = {v}" for k, v in sorted(failed.items()))
    return {
        "status": SIZE_SPECIFIC if held else WRONG,
        "message": f"{'true at some sizes only' if held else 'false'}: with {shown} "
        f"({meaning}{case}) the sides differ",
    }


@functools.lru_cache(maxsize=32)
def _definition(output: str, document: tuple[str, ...]):
    """The one expression in input letters the notes set the output name to ("with $m = n -
    k + 1$"), or None (none, or two different ones)."""
    from symconv.checker.allsizes_parse import parse, walk
    from symconv.checker.limits import NotUnderstood

    found = set()
    for text in document:
        for m in re.finditer(r"\$([^$]+)\$", text):
            if "=" not in m.group(1) or output not in m.group(1):
                continue
            try:
                tree = parse(m.group(1))
            except (NotUnderstood, RecursionError):
                continue
            if tree.kind != "chain" or len(tree.parts[0]) != 2 or set(tree.parts[1]) != {"="}:
                continue
            left, right = tree.parts[0]
            letters = {x.parts[0] for x in walk(right) if x.kind == "sym"}
            if (
                left.kind == "sym"
                and left.parts[0] == output
                and letters <= set(_INPUTS)
                and {"n", "k"} & letters
                and _true_side(right, letters)
            ):
                found.add(right)
    return found.pop() if len(found) == 1 else None


def _true_side(expr, letters: set[str]) -> bool:
    """Whether ``expr`` is the output side in the case its letters leave (a stride it does
    not write is 1, a padding 0): a definition that is itself a slip (m = n - k) says
    nothing of which case the notes mean, and is judged as a claim of its own."""
    from symconv.checker.allsizes_counts import _value
    from symconv.checker.limits import NotUnderstood

    roles = {name: _INPUTS[name] for name in letters}
    for n, k, s, p in itertools.product(range(1, 11), range(1, 6), range(1, 4), range(0, 3)):
        if k > n + 2 * p or ("s" not in roles.values() and s != 1):
            continue
        if "p" not in roles.values() and p != 0:
            continue
        point = {"n": n, "k": k, "s": s, "p": p}
        try:
            value = _value(expr, {name: point[role] for name, role in roles.items()})
        except (NotUnderstood, ZeroDivisionError):
            return False
        if value != (n + 2 * p - k) // s + 1:
            return False
    return True
