"""A channel written as a bracketed superscript: ``x^{(c)}_{ij}``, ``w^{(c)}_{uv}``.

Notes that work a multi-channel layer by hand name each channel's map by a mark above the
letter and keep the subscript for the position: "$x^{(c)}_{ij}$ is channel $c$, row $i$,
column $j$", then ``z_{ij} = b + \\sum_{c} \\sum_{u,v} w^{(c)}_{uv} x^{(c)}_{i+u-1,j+v-1}``
and entries ``w^{(2)}_{11}``.  The entry readers take a bracketed superscript as a layer's
number and drop it (summed_superscripts.py then refuses a sum over it), so the claim is
read here with the mark moved to the front of the subscript, the channel axis first as the
layer's own tensors carry it: ``x_{c,i,j}``, ``w_{c,u,v}``, ``x_{2,2,2}``.

The reading holds only where the notes say so and the axis is not in doubt:
- a clause of the notes' prose names the mark's letter together with the word for
  channel ("is channel $c$", "canal $c$", "Kanal $c$"), so the letter is the channel's and
  not a sample's or a layer's; a number in the mark is a channel where the same tensor
  letter carries that letter elsewhere in the notes (``w^{(c)}_{uv}`` above ``w^{(2)}_{11}``);
- the mark is on the input (its only axis besides the positions is the channel) or on the
  kernel of a layer with one filter (then the kernel's one slice axis is the channel); a
  kernel with several filters and channels, the output and its gradient (whose axis would
  be the filter's) are left as they are, and so are notes that number layers with such
  marks (``a^{(1)}``, ``z^{(2)}``, ``\\delta^{(2)}``) and a layer read with a batch (where the
  input has a sample axis before the channel).
"""

from __future__ import annotations

import re

from symconv.checker.refs import SAMPLE_LETTERS
from symconv.checker.worked_channels import _LAYER_MARKS

_CHANNEL_WORD = re.compile(
    r"\b(?:channels?|canal|canales|canaux|canais|canale|canali|Kan[äa]le?n?|kana[łl]y?)\b",
    re.IGNORECASE,
)
# a letter with a bracketed superscript, either order of sub- and superscript


def _script(tag: str) -> str:
    """A subscript, braced (group ``<tag>b``) or one character (``<tag>s``)."""
    return rf"(?:\{{(?P<{tag}b>[^{{}}]*)\}}|(?P<{tag}s>[A-Za-z0-9]))"


_MARKED = re.compile(
    r"(?<![A-Za-z\\])(?P<name>[A-Za-z])\s*"
    r"(?:\^\s*\{?\s*\(\s*(?P<m1>[A-Za-z]|\d+)\s*\)\s*\}?\s*_\s*" + _script("a") + "|"
    r"_\s*" + _script("c") + r"\s*\^\s*\{?\s*\(\s*(?P<m2>[A-Za-z]|\d+)\s*\)\s*\}?)"
)
_NOT_CHANNELS = SAMPLE_LETTERS | {"l", "L"}


def declared_channel_letters(document: str) -> frozenset[str]:
    """Letters a clause of the notes writes as a bracketed superscript beside the word for
    channel ("$x^{(c)}_{ij}$ is channel $c$"), samples' and layers' letters excepted."""
    found: set[str] = set()
    for clause in re.split(r"[.;](?:\s|$)", document):
        if not _CHANNEL_WORD.search(clause):
            continue
        for m in re.finditer(r"\^\s*\{?\s*\(\s*([A-Za-z])\s*\)", clause):
            if m.group(1) not in _NOT_CHANNELS:
                found.add(m.group(1))
    return frozenset(found)


def _channel_letters(document: str, declared: frozenset[str]) -> frozenset[str]:
    """Tensor letters the notes write with a declared channel mark (x, w in ``x^{(c)}``)."""
    entries = {
        m.group("name")
        for m in _MARKED.finditer(document)
        if (m.group("m1") or m.group("m2")) in declared
    }
    return frozenset(
        entries
        | {m.group("name") for m in _WHOLE.finditer(document) if m.group("mark") in declared}
    )


def _indices(subscript: str) -> str | None:
    """The position indices of a subscript as a comma list: ``ij`` -> ``i,j``, ``22`` ->
    ``2,2``, ``i+u-1,\\, j+v-1`` as written; None where the positions are not two."""
    run = re.sub(r"\\[,;:! ]|\s+", "", subscript)  # i+u-1,\, j+v-1: the spaces are not commas
    if "," in run:
        return run if len(run.split(",")) == 2 else None
    if re.fullmatch(r"[A-Za-z0-9]{2}", run):
        return f"{run[0]},{run[1]}"
    return None


def channel_marked(text: str, document: str, model: object, letters: dict[str, str]) -> str:
    """``text`` with each channel mark on the input or a one-filter kernel moved to the
    front of the entry's subscript (``x^{(c)}_{ij}`` -> ``x_{c,i,j}``), or ``text`` as it is
    where the notes do not declare such marks or the axis is in doubt."""
    if "^" not in text or "=" not in text or _LAYER_MARKS.search(document):
        return text  # (a mention in prose, "$x^{(c)}_{ij}$ is channel $c$", claims nothing)
    declared = declared_channel_letters(document)
    if not declared:
        return text
    spec = getattr(model, "spec", None)
    if (
        spec is None
        or getattr(spec, "dims", 0) != 2
        or getattr(spec, "groups", 1) != 1
        or getattr(model, "batch", 1) != 1
        or getattr(model, "op", None) is not None
    ):
        return text
    roles = {"X"} if spec.in_channels > 1 else set()
    if spec.in_channels > 1 and spec.out_channels == 1:
        roles.add("W")  # one filter: the kernel's slices are the channels
    marked_letters = _channel_letters(document, declared)

    def channel(name: str, mark: str) -> bool:
        """Whether ``name`` with ``mark`` above it is a channel's map or slice: the declared
        letter; a number on a tensor letter the notes also mark with that letter."""
        if letters.get(name) not in roles:
            return False
        return mark in declared or (
            mark.isdigit() and (name in marked_letters or name.swapcase() in marked_letters)
        )

    def moved(m: re.Match) -> str:
        name, mark = m.group("name"), m.group("m1") or m.group("m2")
        sub = m.group("ab") or m.group("as") or m.group("cb") or m.group("cs")
        positions = _indices(sub)
        if not channel(name, mark) or positions is None:
            return m.group(0)
        return f"{name}_{{{mark},{positions}}}"

    def whole(m: re.Match) -> str:
        if not channel(m.group("name"), m.group("mark")):
            return m.group(0)
        # X^{(c)}: channel c's map, as the slice readers take X_c
        return f"{m.group('name')}_{{{m.group('mark')}}}"

    return _WHOLE.sub(whole, _MARKED.sub(moved, text))


# a map or a kernel slice named whole by its mark, no entry: X^{(c)}, W^{(2)} (in operator
# forms, dL/dX^{(c)} = pad_1(G) \star rot_180(W^{(c)}), and beside matrices of numbers)
_WHOLE = re.compile(
    r"(?<![A-Za-z\\])(?P<name>[A-Za-z])\s*\^\s*\{?\s*\(\s*(?P<mark>[A-Za-z]|\d+)\s*\)\s*\}?"
    r"(?!\s*_)"
)
