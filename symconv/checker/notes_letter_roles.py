"""The size letters a whole document binds to one role: "$K$ filtros $w_k$ de tamaño
$C \\times F \\times F$" makes K the filters' count and F the kernel's side.

The usual letters are not one convention: CS231n writes F for the kernel's side and K for the
number of filters, other notes F for the filters and K for the kernel.  A reader that gives a
letter its usual role where the notes bound it to another judges a correct count or size
formula wrong.  So the readers of symbolic counts ask here first: a letter the notes bind
(anywhere, with one meaning) has that role; a letter they do not bind, whose usual role the
notes gave to another letter, has no role that can be trusted (the caller says
not-understood).  The bindings are the ``sizes`` facts the prose readers already make
(prose.prose_facts, letter_sizes.letter_size_facts), one line at a time.
"""

from __future__ import annotations

from functools import lru_cache

# a binding's role, as the count readers name it (kernel-height/width: a square's side)
_ROLE = {
    "kernel": "k",
    "kernel-height": "kh",
    "kernel-width": "kw",
    "out-channels": "cout",
    "in-channels": "cin",
    "input": "input",
    "input-height": "input",
    "input-width": "input",
    "output": "output",
    "batch": "batch",
}


@lru_cache(maxsize=16)
def notes_letter_roles(document: str) -> dict[str, str]:
    """letter -> role ("k", "kh", "kw", "cout", "cin", "input", "output", "batch") for every
    size letter the notes bind to exactly one role."""
    from symconv.checker.letter_sizes import letter_size_facts
    from symconv.checker.marked_sizes import size_marks, unmark_sizes
    from symconv.checker.prose import prose_facts

    marks = size_marks(document)
    found: dict[str, set[str]] = {}
    for line in document.split("\n"):
        if "$" not in line and "\\(" not in line:
            continue  # a binding names its letter in math
        # "filters of size $f^{[l]} \times f^{[l]} \times n_C^{[l-1]}$": the layer's own
        # letters, read as the claims are (marked_sizes.py)
        line = unmark_sizes(line, marks)
        for key, value, _ in [*prose_facts(line), *letter_size_facts(line)]:
            if key != "sizes":
                continue
            for pair in value.split(","):
                letter, _, role = pair.partition("=")
                if role in _ROLE:
                    found.setdefault(letter, set()).add(_ROLE[role])
    out = {}
    for letter, roles in found.items():
        if roles <= {"k", "kh", "kw"}:  # F x F: the square's side, both of its sides
            out[letter] = "k" if "k" in roles or roles == {"kh", "kw"} else roles.pop()
        elif len(roles) == 1:
            out[letter] = roles.pop()
    return out


def letter_role(letter: str, usual: dict[str, str], document: str) -> str | None:
    """The role of ``letter`` in these notes: the one they bind it to, else its ``usual``
    one unless the notes gave that role to another letter (None: not known)."""
    bound = notes_letter_roles(document) if document else {}
    if letter in bound:
        return bound[letter]
    # (the formula readers spell some letters in one case: K read as k)
    other_case = {bound[c] for c in (letter.upper(), letter.lower()) if c in bound}
    if len(other_case) == 1:
        return other_case.pop()
    role = usual.get(letter)
    if role is not None and role in bound.values():
        return None  # "K filters": K is the filters' count here, F is not
    return role
