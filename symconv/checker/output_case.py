"""The case an output-size formula's lead-in states: "for odd $K$, stride 2 and $P =
(K-1)/2$: $$H_{out} = \\lfloor (H + 2P - K)/2 \\rfloor + 1 = \\lceil H/2 \\rceil$$".

Such a formula is written for that case only: its literal 2 is the stated stride, and a side
with no P in it ("$H + (K - 1) - K + 1$") has the stated padding already put in.  Judged at
stride 1 and padding 0 it would be called wrong though it is right where it is said to
hold.  Here the lead-in's numbers (a stride, a padding, a dilation, a kernel, as
case_sizes.lead_in_case reads them) pin those sizes, and a padding written as a formula in
the kernel's letter ("$P = (K-1)/2$", "$p = \\frac{k-1}{2}$") makes the padding that
function of the kernel, tried only at kernels where it is a whole number of rows (an odd K
for (K - 1)/2: the case "K odd" says so).  The formula is then judged over the other sizes
inside the case: a wrong one is still wrong there.

The lead-in is the claim's own line before it, or for a formula opening its line (a
display) the nearest line above with text, as the runner's lead-in is; a lead-in that names
the case as what a wrong version assumes is not a case (read_guards._ASSUMED).

Three more things a lead-in may state.  A transposed layer's output padding, by words
("output_padding=1") or by the letter the notes declare for it ("output padding $a$" above,
"$a = 1$" in a table row): it is pinned too, since (H - 1)s - 2p + d(k - 1) + a + 1 changes
with it.  TensorFlow's "same" (a quoted `"same"`, "'same' padding"): the output side is then
ceil(H/s) whatever the kernel and dilation -- TF pads max((ceil(H/s) - 1)s + d(k - 1) + 1 -
H, 0) rows in all, the extra one at the bottom / right --, and PyTorch's padding="same"
(stride 1 only) agrees; a quoted `"valid"` is padding 0.  And a letter the lead-in sets to a
number that none of these reads and the formula does not write ("$q = 1$") leaves the case
not read: judged without it, the formula would be judged at a layer the row is not about.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction

from symconv.checker.allsizes_counts import _value
from symconv.checker.allsizes_parse import Node, parse, walk
from symconv.checker.case_sizes import lead_in_case
from symconv.checker.layer_counts import OCCURRENCE
from symconv.checker.limits import NotUnderstood

# the lead-in's stated key -> the role it pins in allsizes_sizes' grid
_PINNED = {"stride": "s", "padding": "p", "dilation": "d", "kernel": "k"}
_NUMBER = re.compile(r"^\s*(\d{1,3})\s*$")
# "$P = (K-1)/2$", "$p = \frac{k - 1}{2}$": the padding as a formula of the kernel's letter
_PAD_FORMULA = re.compile(r"\$\s*(?:P|p)(?:_\{?(?:h|w|same)\}?)?\s*=\s*(?P<f>[^$=<>]+?)\s*\$")
_KERNEL_LETTERS = ("K", "k", "F", "f")
# "$K = 4$", "$P = 2$" in the lead-in: the kernel's and the padding's values by their usual
# letters (not F: in many notes it counts the filters; a stride or dilation by its letter is
# case_sizes.lead_in_case's)
# (and "$S = 2$": the stride by its capital, as the formulas beside it write it)
_LETTER_VALUE = re.compile(r"\$\s*(?P<l>[KkPpS])\s*=\s*(?P<v>\d{1,3})\s*\$")
_LETTER_ROLE = {"K": "k", "k": "k", "P": "p", "p": "p", "S": "s"}
_ROLE_WORD = {"k": "kernel", "p": "padding", "s": "stride"}
# a letter set to a number in the lead-in: "$a = 1$", "$p_{out} = 1$", "$C_{in} = 3$"
_ANY_LETTER_VALUE = re.compile(
    r"\$\s*(?P<l>[A-Za-z](?:_\{?[A-Za-z]+\}?|_\{?\\(?:text|mathrm)\{[A-Za-z]+\}\}?)?)"
    r"\s*=\s*(?P<v>\d{1,3})\s*\$"
)
# output padding letters every note reads alike; a bare a / A only where the notes say so
_OUT_PAD_LETTERS = {"p_out", "p_o", "op", "o_p", "p_{out}", "p_{o}"}
# "output padding $a$", "output_padding $a$", "relleno de salida $a$", "padding di uscita
# $a$", "$a$ (output padding)", "$a$ is the output padding": the letter the notes give it
_OUT_PAD_WORDS = (
    r"(?:output[\s_-]?padding|relleno\s+de\s+salida|padding\s+(?:di\s+uscita|de\s+sa[íi]da|"
    r"de\s+sortie)|Ausgabe-?[Pp]adding)"
)
_OUT_PAD_DECLARED = re.compile(
    _OUT_PAD_WORDS + r"`?\s*(?:,|\(|:)?\s*\$\s*(?P<a>[A-Za-z](?:_\{?\w+\}?)?)\s*\$(?!\s*=)"
    # (not "padding $p$, output padding $a$": a letter before a comma is the noun's before it)
    r"|\$\s*(?P<b>[A-Za-z](?:_\{?\w+\}?)?)\s*\$\s*(?:\(|is\s+|for\s+|denotes\s+|es\s+)"
    r"\s*(?:the\s+|el\s+|la\s+|il\s+|le\s+)?" + _OUT_PAD_WORDS,
    re.IGNORECASE,
)
# the role a letter set in the lead-in has by its first letter (s_h, S: the stride), as
# the readers above pin them
_LETTER_ROLES = {"s": "s", "S": "s", "p": "p", "P": "p", "d": "d", "D": "d", "k": "k", "K": "k"}
# sizes a formula's output side does not depend on (channels, filters, batch, groups) and
# input sides (which the grid varies): a lead-in may set them without changing the case
_NEUTRAL = re.compile(r"^(?:[CcNBMGg](?:_.*)?|[HWLTn](?:_\{?in\}?)?)$")
# "unlike `"same"`", "instead of 'same'", "en lugar de", "statt", "au lieu de": the mode
# named only to set it against the case the formula is for
_CONTRAST = re.compile(
    r"\b(?:unlike|instead\s+of|rather\s+than|not|no|than|en\s+lugar\s+de|a\s+diferencia\s+de|"
    r"en\s+vez\s+de|statt|anstatt|im\s+Gegensatz\s+zu|nicht|au\s+lieu\s+de|contrairement\s+[àa]|"
    r"invece\s+di|a\s+differenza\s+di|em\s+vez\s+de|ao\s+contr[áa]rio\s+de)\s+"
    r"(?:the\s+|with\s+|el\s+|la\s+|le\s+|il\s+|o\s+|a\s+|mit\s+|con\s+|avec\s+)?"
    r"(?:`?padding\s*=\s*)?[\"'`]*\s*$",
    re.IGNORECASE,
)
# TensorFlow / Keras's padding modes quoted: `"same"`, 'SAME', `padding="valid"`
_QUOTED_MODE = re.compile(r"[\"'`]\s*(?P<m>same|valid)\s*[\"'`]", re.IGNORECASE)


IN_CASE = "in the case its lead-in states"


def case_only(message: str) -> bool:
    """Whether a verdict holds only in a case its lead-in states (this module's, or
    case_sizes.py's): then its formula is no definition of the name for every size (the
    "$H_{out} = H + 1$" of a 4-wide kernel padded by 2 is not H_out's formula)."""
    return IN_CASE in message or "in the case its sentence states" in message


@dataclass
class OutputCase:
    """The pinned roles (``s``, ``p``, ``d``, ``k``) and the padding as a function of the
    kernel (a parsed formula in the kernel letter ``letter``)."""

    pins: dict[str, int] = field(default_factory=dict)
    padding: Node | None = None
    letter: str = ""
    # the stride's letter where the padding is a formula of the kernel and the stride too
    # ("si $p = \frac{k - s}{2}$": the transposed layer whose output is exactly s H)
    stride_letter: str = ""
    said: list[str] = field(default_factory=list)
    same: bool = False  # TensorFlow's "same": the output side is ceil(H/s)
    unread: list[str] = field(default_factory=list)  # "$q = 1$": set, read as no size
    # paddings the formula's chain writes in numbers (the 2·2 of H + 2·2 - 4 + 1: 2)
    written_pads: tuple[int, ...] = ()

    def pad_at(self, k: int, s: int | None = None) -> int | None:
        """The padding per side at kernel ``k`` and stride ``s`` (None where it is no whole
        number >= 0, or where it needs a stride and none is given)."""
        if self.padding is None:
            return self.pins.get("p")
        env = {self.letter: k}
        if self.stride_letter:
            stride = self.pins.get("s", s)
            if stride is None:
                return None
            env[self.stride_letter] = stride
        try:
            value = _value(self.padding, env)
        except (NotUnderstood, ZeroDivisionError):
            return None
        if value.denominator != 1 or value < 0:
            return None
        return int(value)

    def describe(self) -> str:
        return ", ".join(self.said)


def lead_in(document: list[str], line: int, text: str) -> str:
    """The prose leading into the claim ``text`` on ``line`` (1-based)."""
    if not 1 <= line <= len(document):
        return ""
    own = document[line - 1]
    head = text.strip()[:12]
    if text.strip() and text.strip() in own:  # the whole text first: "H = 2H" and "H =
        head = text.strip()  # 2H - 1" on one line share their first 12 characters
    at = own.find(head) if head else -1
    for _ in range(OCCURRENCE.get()):  # "$y = 2x$ for k = 2 ... and for k = 3, $y = 2x$":
        again = own.find(head, at + 1) if at >= 0 else -1  # the n-th one's lead-in is the
        if again < 0:  # line up to the n-th place its text stands
            break
        at = again
    before = own[:at] if at >= 0 else ""
    if before.strip().strip("$").strip():
        return before
    above = [t for t in document[max(0, line - 3) : line - 1] if t.strip()]
    return above[-1] if above else ""


# a sentence's end outside the math: ". " or "! " / "? " after a word or a closing "$",
# "。" (the math's own dots, "\cdot", "2.5", are inside "$...$" and never split)
_SENTENCE_END = re.compile(r"(?<=[\w$)])[.!?](?=\s+\S)|[。！？]")


def _own_sentence_case(lead: str) -> str:
    """The lead-in cut to the claim's own sentence where that sentence states a case that
    contradicts an earlier sentence of the line: "with $k = 2$, $s = 2$: $H_{out} = 2H$.
    With $k = 3$ and $s = 2$, $H_{out} = 2H + 1$" -- the earlier sentence's $k = 2$ is
    another case, and read together the two kernels leave neither read.  Where the
    sentences agree or set different sizes ("$K = 4$ ... . Symmetric $P = 2$ gives ..."),
    the whole lead-in is the case."""
    cut = 0
    for m in _SENTENCE_END.finditer(_MATH_SPAN.sub(lambda x: "$" * len(x.group(0)), lead)):
        cut = m.end()
    own, earlier = lead[cut:], lead[:cut]
    if not cut or not own.strip():
        return lead
    mine, theirs = _case_values(own), _case_values(earlier)
    if any(theirs.get(key, value) != value for key, value in mine.items()):
        return own
    return lead


def _case_values(text: str) -> dict[str, str]:
    """The sizes a stretch of a lead-in sets (lead_in_case's, and the kernel, padding and
    stride letters), by role; a role set twice keeps its first value."""
    from symconv.checker.prose import prose_facts

    found: dict[str, str] = {}
    for key, value in lead_in_case(text, prose_facts):
        if key in _PINNED:
            found.setdefault(_PINNED[key], value.strip())
    for m in _LETTER_VALUE.finditer(text):
        found.setdefault(_LETTER_ROLE[m.group("l")], m.group("v"))
    return found


_MATH_SPAN = re.compile(r"\$[^$]*\$")


_STRIDE_LETTERS = ("S", "s")


def _padding_formula(lead: str) -> tuple[Node, str] | None:
    """The padding the lead-in writes as a formula of the kernel's one letter, or None."""
    for m in _PAD_FORMULA.finditer(lead):
        try:
            node = parse(m.group("f"))
        except NotUnderstood:
            continue
        names = {n.parts[0] for n in walk(node) if n.kind == "sym"}
        if len(names) == 1 and next(iter(names)) in _KERNEL_LETTERS:
            return node, next(iter(names))
    return None


def _other_paddings(lead: str, node: Node) -> bool:
    """Whether the lead-in writes a padding formula of the kernel other than ``node``."""
    return any(
        one is not None and _shown(one[0]) != _shown(node)
        for one in (_padding_formula(m.group(0)) for m in _PAD_FORMULA.finditer(lead))
    )


def _last_sentence(lead: str) -> str:
    """The lead-in's last sentence (its sentence ends outside the math, as
    :func:`_own_sentence_case` finds them)."""
    cut = 0
    for m in _SENTENCE_END.finditer(_MATH_SPAN.sub(lambda x: "$" * len(x.group(0)), lead)):
        cut = m.end()
    return lead[cut:]


def _kernel_stride_padding(lead: str) -> tuple[Node, str, str] | None:
    """The padding the lead-in writes as a formula of the kernel's letter and the stride's
    ("$p = \\frac{k - s}{2}$"), as (formula, kernel letter, stride letter), or None.  The
    letters must be one kernel letter and one stride letter of the same case, so that the
    formula names the layer's kernel and stride and nothing else (p = (k - s)/2 with a
    capital S beside a small k is two notations, not read)."""
    for m in _PAD_FORMULA.finditer(lead):
        try:
            node = parse(m.group("f"))
        except NotUnderstood:
            continue
        names = {n.parts[0] for n in walk(node) if n.kind == "sym"}
        kernel = [n for n in names if n in _KERNEL_LETTERS]
        stride = [n for n in names if n in _STRIDE_LETTERS]
        if (
            len(names) == 2
            and len(kernel) == 1
            and len(stride) == 1
            and kernel[0].isupper() == stride[0].isupper()
        ):
            return node, kernel[0], stride[0]
    return None


def padding_formula(text: str) -> tuple[Callable[[int], Fraction | None], str] | None:
    """The padding ``text`` ties to the kernel ("$P = (K-1)/2$"), as (its value at a
    kernel, None where it has none; shown), or None where it writes none or two different
    ones."""
    found = {}
    for m in _PAD_FORMULA.finditer(text):
        one = _padding_formula(m.group(0))
        if one is not None:
            found[_shown(one[0])] = one
    if len(found) != 1:
        return None
    shown, (node, letter) = next(iter(found.items()))

    def value_at(k: int) -> Fraction | None:
        try:
            return _value(node, {letter: k})
        except (NotUnderstood, ZeroDivisionError):
            return None

    return value_at, f"P = {shown}"


def output_case(document: list[str], line: int, text: str) -> OutputCase | None:
    """The case the claim's lead-in states for an output size, or None when it states none
    (or names it as a wrong version's assumption)."""
    from symconv.checker.prose import prose_facts
    from symconv.checker.read_guards import _ASSUMED

    lead = _own_sentence_case(lead_in(document, line, text))
    if not lead or _ASSUMED.search(lead):
        return None
    case = OutputCase()
    stated = lead_in_case(lead, prose_facts)
    modes = {
        m.group("m").lower()
        for m in _QUOTED_MODE.finditer(lead)
        if not _CONTRAST.search(lead[: m.start()])
    }
    modes |= {"same" for key, value in stated if key == "padding" and value.strip() == "same"}
    if len(modes) > 1:
        return None  # "same" beside "valid": which one the formula is for is not read
    if modes == {"same"}:
        case.same = True
        case.said.append("'same' padding")
    elif modes == {"valid"} and not any(key == "padding" for key, _ in stated):
        stated = [*stated, ("padding", "0")]
    for key, value in stated:
        m = _NUMBER.match(value)
        if key not in _PINNED or m is None:
            continue
        role = _PINNED[key]
        if role in case.pins and case.pins[role] != int(m.group(1)):
            return None  # two values for one size: not read
        case.pins[role] = int(m.group(1))
        case.said.append(f"{key} {value.strip()}")
    for m in _LETTER_VALUE.finditer(lead):
        role, value = _LETTER_ROLE[m.group("l")], int(m.group("v"))
        if case.pins.get(role, value) != value:
            return None  # "$K = 3$ ... $K = 5$": which one the formula is for is not read
        if role not in case.pins:
            case.pins[role] = value
            case.said.append(f"{_ROLE_WORD[role]} {value}")
    if not _output_padding(case, lead, "\n".join(document)):
        return None
    formula = _padding_formula(lead)
    if formula is not None and "p" not in case.pins and _other_paddings(lead, formula[0]):
        # "the total padding is $P = k - 1$ ... symmetric padding $p = k/2$ gives": two
        # paddings of the kernel; the claim's own sentence's is its case, else none is read
        formula = _padding_formula(_last_sentence(lead))
        if formula is None or _other_paddings(_last_sentence(lead), formula[0]):
            case.unread.append("two paddings as formulas of the kernel")
            formula = None
    both = _kernel_stride_padding(lead) if formula is None else None
    if formula is not None and "p" not in case.pins:
        case.padding, case.letter = formula
        case.said.append(f"padding P = {_shown(formula[0])} of the kernel")
    elif both is not None and "p" not in case.pins:
        # the padding a function of the kernel and the stride: tried at the kernels and
        # strides where it is a whole number of rows (k - s even for (k - s)/2)
        case.padding, case.letter, case.stride_letter = both
        case.said.append(f"padding P = {_shown(both[0])} of the kernel and the stride")
    if case.same and ("p" in case.pins or case.padding is not None):
        # '"same" ($s = 1$, odd $k$, $p = (k-1)/2$)': the padding it writes is the case
        case.same = False
        case.said.remove("'same' padding")
    case.unread += _unread_letters(lead, text, case, "\n".join(document))
    if not case.pins and case.padding is None and not case.same and not case.unread:
        return None
    if case.pins == {"o": 0} and case.padding is None and not case.same and not case.unread:
        return None  # "With `output_padding=0` I expected ...": the default, no case
    if case.pins.get("s", 1) < 1 or case.pins.get("d", 1) < 1 or case.pins.get("k", 1) < 1:
        return None
    return case


def written_pads(sides: tuple[Node, ...] | list[Node]) -> tuple[int, ...]:
    """The paddings p whose 2p a side adds as a term of numbers alone ("H + 2 \\cdot 2 - 4
    + 1": 2; "\\frac{H + 2 - 3}{2}": 1), smallest first."""
    found: set[int] = set()
    for side in sides:
        for node in walk(side):
            if node.kind != "add":
                continue
            for term, sign in zip(*node.parts, strict=True):
                if sign < 0 or any(n.kind not in ("num", "mul") for n in walk(term)):
                    continue
                try:
                    value = _value(term, {})
                except (NotUnderstood, ZeroDivisionError):
                    continue
                if value.denominator == 1 and value >= 2 and value % 2 == 0:
                    found.add(int(value) // 2)
    return tuple(sorted(found))


def _flat(letter: str) -> str:
    """``p_{\text{out}}`` -> ``p_out``: a letter as the case compares it."""
    letter = re.sub(r"\\(?:text|mathrm)\{([^{}]*)\}", r"\1", letter)
    return re.sub(r"[{}\s]", "", letter)


def out_pad_letters(document: str) -> set[str]:
    """The letters that stand for a transposed layer's output padding in ``document``: the
    usual ``p_{out}`` and the ones its words declare ("output padding $a$")."""
    found = {_flat(x) for x in _OUT_PAD_LETTERS}
    for m in _OUT_PAD_DECLARED.finditer(document):
        found.add(_flat(m.group("a") or m.group("b")))
    return found


def _output_padding(case: OutputCase, lead: str, document: str) -> bool:
    """Pin the output padding the lead-in states ("output_padding=1", "$a = 1$" where the
    notes call a the output padding) into ``case``; False where it states two."""
    from symconv.checker.prose import prose_facts

    values = {int(v) for k, v, _ in prose_facts(lead) if k == "output-padding" and v.isdigit()}
    letters = out_pad_letters(document)
    for m in _ANY_LETTER_VALUE.finditer(lead):
        if _flat(m.group("l")) in letters:
            values.add(int(m.group("v")))
    if len(values) > 1:
        return False
    if values:
        case.pins["o"] = values.pop()
        case.said.append(f"output padding {case.pins['o']}")
    return True


def _unread_letters(lead: str, text: str, case: OutputCase, document: str) -> list[str]:
    """The letters the lead-in sets to a number that the case does not read and the formula
    ``text`` does not write ("$q = 1$" beside "$k = 3$, $s = 2$"), as "q = 1"."""
    pads = out_pad_letters(document)
    written = {_flat(t) for t in re.findall(r"[A-Za-z](?:_\{[^{}]*\}|_[A-Za-z0-9])?", text)}
    out = []
    for m in _ANY_LETTER_VALUE.finditer(lead):
        letter = _flat(m.group("l"))
        role = "o" if letter in pads else _LETTER_ROLES.get(letter[0])
        read = role in case.pins or (role == "p" and (case.padding is not None or case.same))
        # ("$D = 1$" where no dilation is pinned: the default the formula is judged at)
        read = read or (role in ("s", "d") and m.group("v") == "1" and role not in case.pins)
        if read or letter in written or _NEUTRAL.match(letter):
            continue
        out.append(f"{letter} = {m.group('v')}")
    return out


def _shown(node: Node) -> str:
    """A short text of a parsed padding formula, for the verdict's message."""
    kind, parts = node.kind, node.parts
    if kind == "num":
        return str(parts[0])
    if kind == "sym":
        return "S" if parts[0] in _STRIDE_LETTERS else "K"
    if kind == "frac":
        top, bottom = _shown(parts[0]), _shown(parts[1])
        wrap = [
            t if parts[i].kind in ("num", "sym") else f"({t})" for i, t in enumerate((top, bottom))
        ]
        return f"{wrap[0]}/{wrap[1]}"
    if kind == "add":
        out = ""
        for t, s in zip(*parts, strict=True):
            out += (" - " if s < 0 else (" + " if out else "")) + _shown(t)
        return out
    if kind == "mul":
        return "·".join(_shown(f) for f in parts[0])
    if kind in ("floor", "ceil"):
        return f"{kind}({_shown(parts[0])})"
    return "f(K)"
