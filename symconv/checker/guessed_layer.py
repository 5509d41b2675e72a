"""A verdict that rests on sizes the checker guessed is no "wrong".

Where the notes state no sizes for a section (``extras["guessed"]``: the input and kernel,
or a dense layer's inputs and outputs, come from defaults or the largest index written),
the checker still judges each claim at a layer it picks.  Some failures are then facts of
the claim (a sign, a swapped index: wrong at every size), but two kinds are facts of the
pick only:

* a shape that differs in sizes only: "it is a 2x2 array where a 3x4 array is expected"
  -- the notes' own W, written out 2x2, is the layer's W; it is the guessed 4 -> 3 that is
  wrong (a scalar where a matrix is expected stays wrong: no size makes one the other,
  except in a pooling, where a global or one-dimensional max is a scalar);
* terms the guessed layer adds or drops that name entries past the notes' own: "missing
  w_{31} dZ_3" where the notes write dZ_1 and dZ_2 and a 2x2 W -- the entry exists only
  in the guessed layer.

Beyond these, a guessed layer that lacks entries the section itself writes (w_{33} beside a
guessed 2x2 kernel) is not the notes' layer: any verdict under it is a guess.  A third
fact of the reading: the roles of the letters (which is the input, which the
kernel) read from the very claim being judged, "O_j = sum_i I_i * K_{ij}" binding I to the
kernel because it comes first.  Those verdicts are not understood, naming the guess; a
difference in entries within the notes' own extent stays wrong (it would be wrong at the
notes' sizes too), and so does one in notes that write no numeric entry of that tensor
(symbolic notes: the extent is unknown, and a rotation or a sign is wrong at every size).
"""

from __future__ import annotations

import re

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED
from symconv.checker.restated_layer import FLAGGED

# the entries rule (_past_the_notes) turned caught mistakes of tests/checker into
# not-understood; it is kept for the next session, switched off
named_off = False

_SHAPE = re.compile(
    r"it is (?P<claimed>a scalar|an? [^;]*?(?:array|vector)[^;]*?) where "
    r"(?P<layer>a scalar|an? [^;]*?(?:array|vector(?: of \d+)?|scalar))"
)


# the arrays of a product or a sum whose sizes do not meet (algebra.py's messages)
_UNMET = re.compile(
    r"cannot multiply an? [^;]*? by an? [^;]*?array \(the inner sizes differ\)|"
    r"cannot add arrays of shapes|cannot take the dot product of vectors of|"
    r"⊙ needs equal shapes"
)


def _rank(shape: str) -> int | None:
    """The number of axes longer than 1 of "a scalar", "a vector of 4", "a 1×2 array"."""
    if "scalar" in shape:
        return 0
    if "vector" in shape:
        n = re.search(r"\d+", shape)
        return None if n is None else int(int(n.group()) > 1)
    sizes = re.findall(r"\d+", shape)
    return sum(1 for n in sizes if int(n) > 1) if sizes else None


def _size_only(message: str, where: str) -> bool:
    """Whether a shape difference could vanish at other sizes: the same number of axes
    longer than 1 (2x2 against 3x4, 1x2 against a vector of 4), any difference in a
    pooling (a global or one-dimensional max makes a scalar of a whole vector)."""
    for m in _SHAPE.finditer(message):
        claimed, layer = _rank(m.group("claimed")), _rank(m.group("layer"))
        if "pool" in where or (claimed is not None and claimed == layer):
            return True
    return False


_OUTSIDE = ("not entries of this layer", "is not an entry of this layer")
# x_{31}, x_{3,1}, dZ_3, g_{1,1}, \delta_{22}: an indexed entry named in a message
_ENTRY = re.compile(r"\{?((?:\\[A-Za-z]+|[A-Za-z]+))\}?_(?:\{([^{}]+)\}|([A-Za-z0-9]))")


def _indices(body: str) -> tuple[str, ...]:
    parts = [p.strip() for p in body.split(",")] if "," in body else list(body.strip())
    return tuple(parts)


def _entries(text: str) -> set[tuple[str, tuple[str, ...]]]:
    """(letter, indices) of every indexed entry written in ``text``, case kept: x_{1,2}
    and x_{12} are the same entry."""
    found = set()
    for m in _ENTRY.finditer(text):
        letter = m.group(1)
        body = m.group(2) if m.group(2) is not None else m.group(3)
        if not re.fullmatch(r"[\d,\s]+", body):
            continue  # x_{i+1}: not one entry
        found.add((_letter(letter), _indices(body)))
    return found


def _named_in_difference(message: str) -> set[tuple[str, tuple[str, ...]]]:
    """The entries a "missing ...; extra ..." message names."""
    pieces = re.findall(r"(?:missing|extra) ([^;]*)", message)
    return set().union(*(_entries(p) for p in pieces)) if pieces else set()


def _letter(raw: str) -> str:
    return raw.removeprefix("d") if len(raw) > 1 and not raw.startswith("\\") else raw


_MATH = re.compile(r"\$\$.*?\$\$|\$[^$\n]+\$|```math.*?```|\\\[.*?\\\]|\\\(.*?\\\)", re.DOTALL)
_SYMBOL = re.compile(r"(?<![A-Za-z])(\\?[A-Za-z]+)")


def _letters(text: str) -> set[str]:
    """Every symbol the math of ``text`` writes, lower-cased, bare or with a subscript (X,
    dZ, x_{i+1}, \\delta): a tensor written only whole (dL/dZ, W^T) is still written."""
    found: set[str] = set()
    for block in _MATH.finditer(text):
        for m in _SYMBOL.finditer(block.group(0)):
            word = m.group(1)
            found.add(word.lower())
            if len(word) == 2 and word[0] == "d":
                found.add(word[1].lower())  # dZ: the gradient of Z
    return found


def _past_the_notes(
    named: set[tuple[str, tuple[str, ...]]],
    written: set[tuple[str, tuple[str, ...]]],
    letters: set[str],
    absent_roles: set[str],
) -> tuple[str, tuple[str, ...]] | None:
    """An entry the message names that exists only in the guessed layer: of a tensor the
    notes never write and the claim does not involve (its letter's role is in
    ``absent_roles``), or beyond every entry the notes write of its tensor, where they
    enumerate it (two or more values on every axis: dZ_1 and dZ_2 name a 2-vector, so
    dZ_3 is the guess's).  A tensor the notes write with no numeric entry (x_{i+1} only),
    or with a single one (g_{0,0} in an example), tells nothing of its extent."""
    for letter, idx in sorted(named):
        if letter.lower() not in letters and letter in absent_roles:
            return letter, idx  # a tensor neither the claim nor the notes write
        mine = [i for w, i in written if w == letter and len(i) == len(idx)]
        if not mine or not all(p.isdigit() for p in idx):
            continue
        axes = range(len(idx))
        seen = [{int(i[a]) for i in mine if i[a].isdigit()} for a in axes]
        if any(len(values) < 2 for values in seen):
            continue  # not enumerated: the notes' extent is unknown
        if any(int(idx[a]) > max(seen[a]) for a in axes):
            return letter, idx
    return None


def _absent_roles(claim: str, roles: dict[str, str]) -> set[str]:
    """The letters (of ``roles``, letter -> tensor role) whose tensor the claim does not
    write; G (the output's gradient) counts as the output's."""
    same = {"G": "Z"}
    written = {same.get(roles[w], roles[w]) for w in re.findall(r"[A-Za-z]+", claim) if w in roles}
    return {w for w, r in roles.items() if same.get(r, r) not in written}


_WHERE = re.compile(r"^conv[12]d (\d+(?:x\d+)?), kernel (\d+(?:x\d+)?)")


def _written_outside(where: str, roles: dict[str, str], section: tuple[str, int]) -> str | None:
    """An entry of the input or the kernel the section writes that the guessed layer
    (``where``: "conv2d 3x3, kernel 2x2, ...") does not have -- w_{33} beside a guessed
    2x2 kernel, as in notes whose W is the larger matrix: the guess is not the notes'
    layer, whatever the claim."""
    m = _WHERE.match(where)
    if m is None:
        return None
    text, base = section
    sizes = {
        "X": [int(n) for n in m.group(1).split("x")],
        "W": [int(n) for n in m.group(2).split("x")],
    }
    for letter, idx in sorted(_entries(text)):
        dims = sizes.get(roles.get(letter, ""))
        if dims is None or len(idx) != len(dims) or not all(p.isdigit() for p in idx):
            continue
        if any(int(p) - base >= d or int(p) < base for p, d in zip(idx, dims, strict=True)):
            return f"{letter}_{{{','.join(idx)}}}"
    return None


def unless_guessed(
    found: dict,
    guessed: bool,
    where: str,
    document: str,
    named_here: bool = False,
    claim: str = "",
    roles: dict[str, str] | None = None,
    section: tuple[str, int] | None = None,
    kind_guessed: bool = False,
) -> dict:
    """``found``, or not-understood when it is flagged for a reason that belongs to the
    guessed sizes rather than to the claim.  ``named_here``: the section's letters (which
    letter is the input, which the kernel) were read from this very claim -- judging it
    under them is judging it under its own guessed reading.  ``claim`` and ``roles``
    (letter -> tensor) tell which tensors the claim itself writes; ``section`` (its text,
    the index base) which entries the section writes.  ``kind_guessed``: no word of the notes
    names the layer's kind (a convolution by default), so a vector where a matrix is expected,
    or a matrix where a vector is (a dense layer's x and W read as a 2-D input and kernel),
    is the kind's guess too, whatever sizes the notes state."""
    if found.get("status") not in FLAGGED or found.get("_pool_op") or found.get("_own_numbers"):
        return found  # (a pooling example's verdict, or one computed from the notes' numbers
        # alone, as worked_forward.py's: no size of the guessed layer is in it)
    message = str(found.get("message", ""))
    if not guessed:
        if not (kind_guessed and vector_against_matrix(message)):
            return found
        return _not_understood(
            "the notes name no kind of layer (a convolution is assumed) and "
            "a vector stands against a matrix",
            found["message"],
        )
    reason = None
    outside = _written_outside(where, roles or {}, section) if section else None
    if named_here:
        reason = "the letters' roles were read from this claim itself"
    elif outside is not None:
        reason = f"the section writes {outside}, which that layer does not have"
    elif _size_only(message, where):
        reason = "the shapes differ"
    elif kind_guessed and _UNMET.search(message):
        # "cannot multiply a 3x3 by a 2x2 array": the notes' X W + 1 b (X of 8x4, W of 4x3)
        # read at a convolution no word of theirs names; at a layer whose kind they name,
        # G 1 with G of 4x3 and 1 of 4 ones does not multiply at any size, and stays wrong
        reason = "the shapes differ (and the notes name no kind of layer)"
    elif any(o in message for o in _OUTSIDE):
        reason = "the entries it names lie outside them"
    elif kind_guessed and (kernel := _pool_notes_kernel(message, claim, roles or {}, document)):
        # "Σ dL/dX_{p,q} = Σ G_{i,j}" in notes on average pooling whose section's layer was
        # read as the default convolution: the difference is the guessed kernel's entries,
        # which neither the claim nor the notes write (a pooling has no kernel)
        reason = (
            f"the notes name a pooling layer, and the difference names {kernel}, an entry "
            "of a kernel neither the claim nor the notes write"
        )
    else:
        named = _named_in_difference(message)
        absent = _absent_roles(claim, roles or {})
        # only a tensor neither the claim nor the notes write: an extent the notes enumerate
        # (dZ_1, dZ_2) still turned caught mistakes into not-understood (tests/checker)
        past = _past_the_notes(named, set(), _letters(document), absent) if named_off else None
        if past is not None:
            letter, idx = past
            reason = (
                f"the difference names {letter}_{{{','.join(idx)}}}, an entry the notes never write"
            )
    if reason is None:
        return found
    return _not_understood(
        f"under the layer the checker guessed ({where}; the notes state no sizes for it) {reason}",
        message,
    )


def _pool_notes_kernel(message: str, claim: str, roles: dict[str, str], document: str) -> str:
    """The first kernel entry a difference names ("w_{00}") in notes that name a pooling
    layer (every language's word, ``prose.POOL``) and write no letter of the kernel's role
    anywhere in their math, where the claim writes no kernel either; "" otherwise."""
    from symconv.checker.prose import POOL

    if POOL.search(document) is None:
        return ""
    kernel_letters = {w for w, r in roles.items() if r == "W"}
    if not kernel_letters or not kernel_letters <= _absent_roles(claim, roles):
        return ""
    maths = [m.group(0) for m in _MATH.finditer(document)]
    if any(_as_tensor(w).search(block) for w in kernel_letters for block in maths):
        return ""
    for letter, idx in sorted(_named_in_difference(message)):
        if letter in kernel_letters:
            return f"{letter}_{{{','.join(idx)}}}"
    return ""


def _as_tensor(letter: str) -> re.Pattern[str]:
    """``letter`` written as a tensor: indexed (w_{00}, W[0]), set (W =), transposed or
    raised (W^T), an operand (X \\star W, \\operatorname{rot}(W)) -- not a size's letter
    ("$H \\times W$", "HW")."""
    name = re.escape(letter)
    return re.compile(
        rf"(?<![A-Za-z\\]){name}\}}?\s*(?:_|\[|\^|=|\))"
        rf"|(?:\\star|\\ast|\*|\\otimes|\\circledast|\()\s*(?:\\mathbf\{{)?{name}(?![A-Za-z])"
    )


def _not_understood(why: str, message: str) -> dict:
    return {
        "status": NOT_UNDERSTOOD,
        "message": f"{why}, which may be the guess's fault (read with it: {message[:120]})",
    }


def vector_against_matrix(message: str) -> bool:
    """Whether a shape difference sets a vector against a matrix (one axis longer than 1
    against two), as a dense layer's tensors read as a convolution's do."""
    for m in _SHAPE.finditer(message):
        if {_rank(m.group("claimed")), _rank(m.group("layer"))} == {1, 2}:
            return True
    return False


def unless_outside(
    found: dict, guessed: bool, where: str, roles: dict[str, str], section: tuple[str, int]
) -> dict:
    """``found`` (verified), or not-understood when the layer it holds for is a guess that
    lacks entries the section writes: "dy_11/dw_13 = 0" holds under a guessed 2x2 kernel
    only because w_13 is not there; proved means proved under the notes' layer."""
    if not guessed or found.get("status") != VERIFIED:
        return found
    if found.get("_pool_op") or found.get("_own_numbers"):  # a pooling example's verdict,
        return found  # at its own given matrix and window, or one from the notes' numbers alone
    outside = _written_outside(where, roles, section)
    if outside is None:
        return found
    return {
        "status": NOT_UNDERSTOOD,
        "message": (
            f"it holds under the layer the checker guessed ({where}), but the section writes "
            f"{outside}, which that layer does not have: the notes' layer is another one"
        ),
    }
