"""A grouped or depthwise convolution's parameter count in letters, judged against the
layer its own line (or paragraph) states in letters:

- a constructor in letters, ``Conv2d(C_in, C_out, k, groups=g)`` (PyTorch's order: in, out,
  kernel; bias unless ``bias=False`` or the words say none): each of the C_out filters sees
  C_in/g input channels over a k x k window (k taps for Conv1d), so the layer has
  C_out (C_in/g) k^2 weights and C_out biases (torch.nn.Conv2d: weight of shape
  (out, in/groups, kH, kW), bias of shape (out,));
- a depthwise layer with a channel multiplier, "depthwise with channel multiplier $m$
  (`groups=C`, ...)": C input channels, one group each, C m filters of one channel each:
  C m k^2 weights and C m biases (Keras' DepthwiseConv2D with depth_multiplier=m; the
  kernel is the one other letter of the count, squared there).

Bias words are read on the line and its paragraph; a depthwise count whose bias is not
stated is not read.  The count is evaluated exactly over a grid of sizes with g dividing
C_in and C_out (text is parsed by :mod:`.allsizes_parse`, never evaluated); every letter
of the count must be one the layer names.  None: not such a count (the caller leaves it
not understood).
"""

from __future__ import annotations

import itertools
import re
from fractions import Fraction

from symconv.checker.allsizes_counts import _value
from symconv.checker.allsizes_parse import parse, walk
from symconv.checker.context import finding
from symconv.checker.limits import NotUnderstood
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.symbolic_counts import group_letter, paragraph_start

_ARG = r"\s*([A-Za-z](?:_\{?\\?(?:text|mathrm)?\{?[A-Za-z]+\}?\}?)?)\s*"
_CONSTRUCTOR = re.compile(
    rf"\bConv(?P<dims>[12])[dD]\({_ARG},{_ARG},{_ARG},(?P<rest>[^()]*)\)", re.IGNORECASE
)
_GROUPS = re.compile(rf"\bgroups\s*=\s*{_ARG[3:-3]}")
_MULTIPLIER = re.compile(
    r"(?:channel|depth)[- ]?multiplier\s*\$?\s*([A-Za-z])\b|multiplicador(?: de canal)?\s*\$?\s*"
    r"([A-Za-z])\b|multiplicateur\s*\$?\s*([A-Za-z])\b|Multiplikator\s*\$?\s*([A-Za-z])\b",
    re.IGNORECASE,
)
_DEPTHWISE = re.compile(r"depth[- ]?wise|en profondeur|por canal|per channel", re.IGNORECASE)
_NO_BIAS = re.compile(
    r"bias\s*=\s*False|use_bias\s*=\s*False|\bno bias\b|without (?:a )?bias|sin sesgo|"
    r"sans biais|ohne Bias|senza bias",
    re.IGNORECASE,
)
_BIAS = re.compile(r"\bbias\b|\bsesgo\b|\bbiais\b|\bBias\b|\bbiaix\b", re.IGNORECASE)
_GROUP_WORDS = re.compile(  # "con $G$ grupos", "with $g$ groups", "$G$ Gruppen"
    r"\$\s*([A-Za-z])\s*\$\s*(?:groups|grupos|groupes|gruppi|Gruppen|grupy|grupos?)\b",
    re.IGNORECASE,
)
_GROUPED_WORD = re.compile(r"\bgrouped|\bagrupad\w*|\bgruppiert\w*|\bgroup[ée]e", re.I)
_COUNT_LEFT = re.compile(r"^\s*(?:P|N|\\#\s*\\?\w+(?:\{[^{}]*\})?)(?:_\{?\w*\}?)?\s*=")


def _symbol(text: str) -> str | None:
    """The parser's name of one letter written in a constructor (C_{in} -> C_in; code's
    C_in is one identifier, not LaTeX's C_i n)."""
    text = re.sub(r"_([A-Za-z]+)$", r"_{\1}", text.strip())
    try:
        node = parse(text)
    except NotUnderstood:
        return None
    return node.parts[0] if node.kind == "sym" else None


def _layer(
    around: str, names: set[str], document: str = ""
) -> tuple[dict[str, str], bool | None, int] | None:
    """({letter: role}, bias, taps' exponent) of the layer ``around`` states in letters."""
    no_bias, bias = bool(_NO_BIAS.search(around)), bool(_BIAS.search(around))
    m = _CONSTRUCTOR.search(around)
    if m is not None:
        groups = _GROUPS.search(m.group("rest"))
        if groups is None:
            return None
        found = [_symbol(m.group(i)) for i in (2, 3, 4)] + [_symbol(groups.group(1))]
        if None in found or len(set(found)) != 4:
            return None
        roles = dict(zip(found, ("cin", "cout", "k", "g"), strict=True))
        has_bias = not no_bias and not re.search(r"bias\s*=\s*False", m.group("rest"))
        return roles, has_bias, 2 if m.group("dims") == "2" else 1
    multiplier = _MULTIPLIER.search(around)
    groups = _GROUPS.search(around)
    if multiplier is None or groups is None or not _DEPTHWISE.search(around):
        return _prose_layer(around, names, bias, no_bias, document)
    channels = _symbol(groups.group(1))
    times = next(g for g in multiplier.groups() if g)
    kernel = [n for n in names if n not in (channels, times)]
    if channels is None or len(kernel) != 1 or (no_bias == bias):
        return None  # the kernel's letter, or whether there is a bias, is not read
    return {channels: "cin", times: "m", kernel[0]: "k"}, bias and not no_bias, 2


def _prose_layer(
    around: str, names: set[str], bias: bool, no_bias: bool, document: str = ""
) -> tuple[dict[str, str], bool | None, int] | None:
    """The layer of "with $G$ groups ... $C_{in}$ ... $C_{out}$" in words: the group letter
    is the one the words name (or, on a line that calls the layer grouped, the one the
    notes' notation names), the channels are the count's C_in and C_out, the kernel the one
    other letter of the count (a k x k window: squared there).  Bias None: not stated."""
    m = _GROUP_WORDS.search(around)
    named = group_letter(document) if _GROUPED_WORD.search(around) else None
    if m is None and named is None:
        return None
    group = _symbol(next(g for g in m.groups() if g)) if m is not None else named
    kernel = [n for n in names if n not in (group, "C_in", "C_out")]
    if group is None or len(kernel) != 1 or not {"C_in", "C_out"} <= names:
        return None
    stated = False if no_bias else True if bias else None
    return {"C_in": "cin", "C_out": "cout", kernel[0]: "k", group: "g"}, stated, 2


def judge_grouped_letter_count(text: str, around: str, document: str = "") -> dict | None:
    """The verdict on ``P = ...`` in letters for the grouped or depthwise layer that
    ``around`` (the claim's line and paragraph) states in letters; None when not read.  A
    line that only calls its layer grouped ("- grouped conv: $P = ...$") takes the group
    letter the notes' notation names ("groups $g$") from ``document``."""
    if "=" not in text or not _COUNT_LEFT.match(text):
        return None
    right = text.split("=", 1)[1]
    if "=" in right:
        return None
    try:
        node = parse(right)
    except NotUnderstood:
        return None
    names = {m.parts[0] for m in walk(node) if m.kind == "sym"}
    layer = _layer(around, names, document)
    if layer is None:
        return None
    roles, bias, taps = layer
    if not names <= set(roles) or "k" not in roles.values():
        return None
    if taps == 2 and not any(m.kind == "pow" for m in walk(node)):
        return None  # k alone where the layer's kernel is k x k: k_h k_w is not read
    if bias is None:  # no bias word: PyTorch's default (a bias per filter) is judged, and
        # a count that holds only without a bias is left open, not called wrong
        found = _over_grid(node, names, roles, True, taps)
        if found is None or found["status"] != WRONG:
            return found
        biasless = _over_grid(node, names, roles, False, taps)
        if biasless is not None and biasless["status"] == VERIFIED:
            return finding(
                NOT_UNDERSTOOD,
                f"it {biasless['message']}; with PyTorch's default bias per filter it does "
                "not hold, and the notes do not say whether the layer has biases",
            )
        return found
    return _over_grid(node, names, roles, bias, taps)


def _over_grid(node, names: set[str], roles: dict[str, str], bias: bool, taps: int) -> dict | None:
    """The count judged exactly over a grid of sizes with g dividing both channel counts."""
    tried = 0
    for g, a, b, k in itertools.product(range(1, 4), range(1, 4), range(1, 4), range(1, 5)):
        if "m" in roles.values():
            sizes = {"cin": g * a, "m": b, "k": k}
            cout, per_filter = g * a * b, 1
        else:
            sizes = {"cin": g * a, "cout": g * b, "k": k, "g": g}
            cout, per_filter = g * b, a
        env = {name: sizes[role] for name, role in roles.items() if name in names}
        truth = Fraction(cout * per_filter * k**taps + (cout if bias else 0))
        try:
            claimed = _value(node, env)
        except (NotUnderstood, ZeroDivisionError):
            return None
        tried += 1
        if claimed != truth:
            every = {n: sizes[r] for n, r in roles.items() if r in sizes}  # g too
            shown = ", ".join(f"{n} = {every[n]}" for n in sorted(every))
            return finding(
                WRONG,
                f"at {shown} the count is {claimed}, but the layer has {truth} parameters: "
                f"{_rule(roles, bias, taps)}",
            )
    return finding(
        VERIFIED,
        f"holds at {tried} sets of sizes: the layer's parameters are {_rule(roles, bias, taps)}",
    )


def _rule(roles: dict[str, str], bias: bool, taps: int) -> str:
    by = {role: name for name, role in roles.items()}
    kernel = f"{by['k']}^2" if taps == 2 else by["k"]
    if "m" in by:
        out = f"{by['cin']} {by['m']}"
        return f"{out} {kernel} weights" + (f" + {out} biases" if bias else ", no bias")
    weights = f"{by['cout']} ({by['cin']}/{by['g']}) {kernel} weights"
    return weights + (f" + {by['cout']} biases" if bias else ", no bias")


def paragraph_of(lines: list[str], line: int) -> str:
    """The claim's line and the lines of its paragraph above it (a bullet's own line when
    it is a list item: each item states its own layer)."""
    if not 0 < line <= len(lines):
        return ""
    if re.match(r"\s*(?:[-*+]|\d+[.)])\s", lines[line - 1]):
        return lines[line - 1]
    return "\n".join(lines[paragraph_start(lines, line) : line])
