"""Claims with symbolic sizes whose own lead-in restricts them to a case.

Notes state a formula for one case before writing it: "Stride 1, no padding: $\\partial L /
\\partial X = \\operatorname{pad}_{k-1}(G) \\star \\operatorname{rot}_{180}(W)$", "Für
Schrittweite 1 und ohne Padding gilt ...", "For a $5 \\times 5$ input, a $3 \\times 3$ kernel,
stride 2 and no padding: ...", "(passo 1, sem preenchimento)".  The general reader judges
such a claim at sizes it chooses; a counterexample outside the stated case says nothing
about the claim (read_guards.unless_case_stated).  Here the claim is judged again *inside*
its case: every size the lead-in states is pinned in each set of sizes tried (the other
sizes vary as before), so

* a failure is a counterexample within the case the notes themselves state: the claim is
  wrong there (the identity is an equation of tensors; one case where the sides differ
  refutes it for that case);
* a stride 1, padding 0 or dilation 1 the lead-in states is the general prover's own case
  with that parameter fixed, so a claim holding there may still be proved for all sizes;
* any other stated size (a stride 2, an input 5x5) is a case the general prover has no
  template for: holding at every set of sizes tried inside it is "holds in the case its
  sentence states", a verdict about those sizes only.

A case whose values are not read (a padding of two sides, a stride named by a letter) is
not pinned: the claim keeps its not-understood.
"""

from __future__ import annotations

import re

from symconv.checker.context import finding
from symconv.checker.limits import NotUnderstood
from symconv.checker.report import ALL_SIZES, VERIFIED, WRONG
from symconv.errors import SymconvError

# the stated key -> the instance's sizes it sets (height, width) and its default value
_SLOTS: dict[str, tuple[tuple[str, ...], int | None]] = {
    "input": (("H", "W"), None),
    "kernel": (("k_h", "k_w"), None),
    "stride": (("s_h", "s_w"), 1),
    "dilation": (("d_h", "d_w"), 1),
    "padding": (("p_t", "p_b", "p_l", "p_r"), 0),
    "groups": (("g",), 1),
}
# the general reader's name of a parameter made a symbol
_SYMBOL = {"stride": "stride", "dilation": "dilation", "padding": "padding", "groups": "groups"}
_VALUE = re.compile(r"^\s*(\d{1,3})(?:\s*x\s*(\d{1,3}))?\s*$")

Pins = tuple[tuple[str, int], ...]


def case_pins(stated: list[tuple[str, str]]) -> Pins | None:
    """The instance sizes the stated case fixes (``(("H", 5), ("W", 5), ...)``), or None
    when a stated value is not read (or no size is stated)."""
    pins: dict[str, int] = {}
    for key, value in stated:
        if key not in _SLOTS:
            return None  # an output size: a consequence, not a size to set
        m = _VALUE.match(value.replace("×", "x"))
        if m is None:
            return None
        first, second = int(m.group(1)), int(m.group(2) or m.group(1))
        slots = _SLOTS[key][0]
        if key == "padding" or key == "groups":
            if m.group(2) is not None:
                return None  # "padding 1x0": which side is which is not read
            values = [first] * len(slots)
        else:
            values = [first, second]
        for slot, v in zip(slots, values, strict=True):
            if pins.get(slot, v) != v:
                return None  # the lead-in states two values for one size
            pins[slot] = v
    if not pins or any(v < (0 if k.startswith("p_") else 1) for k, v in pins.items()):
        return None
    return tuple(sorted(pins.items()))


def freed(stated: list[tuple[str, str]]) -> set[str]:
    """The parameters the case fixes to their default (stride 1, no padding): symbols no
    more, so the claim is the general prover's case with them fixed."""
    out = set()
    for key, value in stated:
        default = _SLOTS.get(key, ((), None))[1]
        if key in _SYMBOL and default is not None and value.strip() == str(default):
            out.add(_SYMBOL[key])
    return out


def beyond_prover(pins: Pins) -> bool:
    """Whether the case fixes a size the general prover's templates leave free (an input,
    a kernel, a stride 2): then only the sets of sizes inside the case are evidence."""
    defaults = {slot: default for slots, default in _SLOTS.values() for slot in slots}
    return any(defaults.get(slot) != value for slot, value in pins)


def complete(pins: Pins, symbolic: set[str]) -> bool:
    """Whether the case fixes the layer's geometry: the input and the kernel stated, the
    stride and the padding stated or letters the claim leaves free (a dilation not stated
    is 1).  A case that states less ("for a $6 \\times 6$ input with that kernel") leaves
    sizes the sentence means but does not state: they are not varied at will."""
    slots = dict(pins)
    return {"H", "W", "k_h", "k_w"} <= slots.keys() and all(
        slot in slots or name in symbolic for slot, name in (("s_h", "stride"), ("p_t", "padding"))
    )


def pinned(values: dict[str, int], pins: Pins) -> dict[str, int]:
    """``values`` with the case's sizes set (a 1-D claim's length is its height before
    allsizes_dense.one_dimensional moves it to the width)."""
    return {**values, **dict(pins)}


def describe(stated: list[tuple[str, str]]) -> str:
    return ", ".join(f"{key} {value}" for key, value in stated)


_IN_CASE = ("false in the case its sentence states", "holds in the case its sentence states")


def judged_in_case(found: dict | None) -> bool:
    """Whether ``found`` was judged inside the case the claim's lead-in states."""
    return found is not None and str(found.get("message", "")).startswith(_IN_CASE)


def failed_at(status: str, head: str, failure: tuple, sep: str, sizes_of) -> dict:
    """A verdict naming the set of sizes a claim fails at (``failure``: (instance, why))."""
    inst, why = failure
    return finding(
        status,
        f"{head}{inst.describe()}{sep}{why}",
        counterexample={"sizes": sizes_of(inst), "why": why},
    )


def judge_in_case(outcome: tuple[list, list, int], stated: str, sizes_of) -> dict:
    """The verdict from the sets of sizes tried inside the case (allsizes.concrete's
    ``outcome``): wrong at the first that fails, else holding at those sizes only."""
    failed, _, tried = outcome
    if failed:
        return failed_at(WRONG, f"{_IN_CASE[0]} ({stated}): with ", failed[0], ", ", sizes_of)
    if not tried:
        raise NotUnderstood(f"the case its sentence states ({stated}) makes no layer")
    return finding(
        VERIFIED,
        f"{_IN_CASE[1]} ({stated}): {tried} sets of sizes inside "
        "it, every entry (the general prover has no template for this case)",
    )


# "Undilated case $d = 1$:", "for $s = 1$:": a case stated by the parameter's letter alone.
# Only the small letters: in cuDNN's notation S is the kernel's width and P the output's height
_LETTER_CASE = re.compile(r"\$\s*(?P<l>[spd])(?:_\{?[hw]\}?)?\s*=\s*(?P<v>\d{1,3})\s*\$")
_LETTER_KEY = {"s": "stride", "p": "padding", "d": "dilation"}


def lead_in_case(lead_in: str, facts_of) -> list[tuple[str, str]]:
    """The case a claim's lead-in states (``facts_of``: prose.prose_facts, the words
    "stride 1, no padding"), with the parameters it sets by their letters ("$d = 1$")."""
    keys = ("stride", "padding", "dilation", "input", "kernel", "output", "groups")
    case = [(key, value) for key, value, _ in facts_of(lead_in) if key in keys]
    said = {key for key, _ in case}
    for key, value in lead_in_letters(lead_in):
        if key not in said:
            case.append((key, value))
            said.add(key)
    return case


def lead_in_letters(lead_in: str) -> list[tuple[str, str]]:
    """The stride, padding and dilation a lead-in sets by their small letters ("Mit $d =
    2$:", "With $s = 2$, $p = 1$:"), first setting of each."""
    found: dict[str, str] = {}
    for m in _LETTER_CASE.finditer(lead_in):
        found.setdefault(_LETTER_KEY[m.group("l")], m.group("v"))
    return list(found.items())


def in_stated_case(stated: list[tuple[str, str]], rejudge) -> dict | None:
    """The claim judged inside the case its lead-in states (``rejudge(stated)``: the general
    reader with that case); None when no case is stated or it is not read."""
    if not stated:
        return None
    try:
        found = rejudge(stated)
    except (NotUnderstood, SymconvError, ArithmeticError, ValueError, KeyError):
        return None
    if found is None or found.get("status") not in (WRONG, VERIFIED, ALL_SIZES):
        return None
    return found


# "with that kernel and stride", "the same kernel", "mit demselben Kern", "con lo stesso
# passo", "avec le même noyau", "con el mismo núcleo", "com o mesmo passo": sizes the lead-in
# takes from the case stated just before
_REFERS = re.compile(
    r"\b(?:that|this|those|the\s+same|same|demselben|derselben|dem\s+gleichen|der\s+gleichen|"
    r"gleiche[mnr]?|lo\s+stesso|la\s+stessa|stess[oa]|le\s+m[êe]me|la\s+m[êe]me|m[êe]me|"
    r"el\s+mismo|la\s+misma|mism[oa]|o\s+mesmo|a\s+mesma|mesm[oa])\s+"
    r"(?:kernels?|strides?|paddings?|filters?|layers?|Kern|Filter|Schrittweite|Schicht|"
    r"Padding|passo|filtro|strato|noyau|pas|couche|n[úu]cleo|paso|capa|camada)\b",
    re.IGNORECASE,
)
# the math of a claim: an earlier line's case is the prose before its first one
_CLAIM_MATH = re.compile(r"\$[^$]*=[^$]*\$")


def referred_case(
    stated: list[tuple[str, str]], lead_in: str, earlier: list[str], facts_of
) -> list[tuple[str, str]]:
    """``stated``, completed by the case of the nearest earlier line (``earlier``, nearest
    last; ``facts_of``: prose.prose_facts) when the lead-in refers to it ("for a $6 \\times
    6$ input with that kernel and stride"): the earlier case with this lead-in's sizes in
    place of its own.  Unchanged when the lead-in refers to nothing or no earlier line of
    the paragraph's neighbourhood states an input and a kernel."""
    if not _REFERS.search(lead_in):
        return stated
    for text in reversed(earlier):
        if text.lstrip().startswith("#"):
            break  # the section's heading: an earlier section's case is not this one's
        m = _CLAIM_MATH.search(text)
        before = text[: m.start()] if m else text
        theirs = [(k, v) for k, v, _ in facts_of(before) if k in _SLOTS]
        if {"input", "kernel"} <= {k for k, _ in theirs}:
            own = {k for k, _ in stated}
            return [*stated, *((k, v) for k, v in theirs if k not in own)]
    return stated
